//! Documents from the application itself: uploads from a buffer, a file or a read callback
//! (`idiligo_client_add_document_from_bytes`, `_from_file`, `_from_reader`, with an
//! `idiligo_upload_options` handle) and the document operations (attach to a meeting, status, progress, delete, wait
//! until converted, `SetCallValues`), over the core's `documents` module.

use std::ffi::{c_char, c_void};
use std::io::Read;

use idiligo_core::{duration_from_millis, CallId, DocumentId, DocumentStatus, UploadOptions, WaitOptions};

use crate::attachments::{idiligo_progress_cb, progress_fn};
use crate::boundary::{
    mut_arg, opt_str_arg, out_arg, owned_string, ref_arg, slice_arg, str_arg, str_array_arg, write_out, FfiResult,
};
use crate::client::idiligo_client;
use crate::idiligo_error;

/// Document status: a text this header does not know (read it from the `text_out`
/// parameter of `idiligo_client_get_document_status` / `_get_document_progress`).
pub const IDILIGO_DOCUMENT_OTHER: i32 = 0;
/// Document status `BUSY`: still being converted.
pub const IDILIGO_DOCUMENT_BUSY: i32 = 1;
/// Document status `READY`: converted; the meeting can show it.
pub const IDILIGO_DOCUMENT_READY: i32 = 2;
/// Document status `NOT FOUND`: no such document (never stored, or deleted).
pub const IDILIGO_DOCUMENT_NOT_FOUND: i32 = 3;
/// Document status `ERROR`: the conversion failed.
pub const IDILIGO_DOCUMENT_ERROR: i32 = 4;

fn status_code(s: &DocumentStatus) -> i32 {
    match s {
        DocumentStatus::Busy => IDILIGO_DOCUMENT_BUSY,
        DocumentStatus::Ready => IDILIGO_DOCUMENT_READY,
        DocumentStatus::NotFound => IDILIGO_DOCUMENT_NOT_FOUND,
        DocumentStatus::Error => IDILIGO_DOCUMENT_ERROR,
        // `Other` and any status a later core adds.
        _ => IDILIGO_DOCUMENT_OTHER,
    }
}

/// Options of an upload (`idiligo_client_add_document_from_bytes`, `_from_file`,
/// `_from_reader`): external id, private and temporary flags, a size cap, a progress
/// callback, the file name. `NULL` options mean the defaults. Create with `idiligo_upload_options_new`, free with
/// `idiligo_upload_options_free`; the upload functions read them during the call only, so they
/// may be freed or reused right after. Every string is copied. Not thread-safe while being
/// modified; reading one from several uploads at once is fine (the progress callback is then
/// called on each uploading thread).
pub struct idiligo_upload_options {
    filename: Option<String>,
    external_id: Option<String>,
    private: bool,
    temporary: bool,
    max_bytes: u64,
    progress: idiligo_progress_cb,
    user_data: *mut c_void,
}

impl idiligo_upload_options {
    /// The core's options for one upload; `cb` holds the adapted progress callback.
    fn core<'a>(&self, cb: &'a mut Option<impl FnMut(u64, Option<u64>) -> bool>) -> UploadOptions<'a> {
        let mut o = UploadOptions::new().private(self.private).temporary(self.temporary);
        if let Some(f) = &self.filename {
            o = o.filename(f.clone());
        }
        if let Some(e) = &self.external_id {
            o = o.external_id(e.clone());
        }
        if self.max_bytes > 0 {
            o = o.max_bytes(self.max_bytes);
        }
        if let Some(cb) = cb.as_mut() {
            o = o.progress(cb);
        }
        o
    }
}

/// Runs `f` with the core's options for `options` (`NULL`: the defaults).
fn with_options<T>(options: *const idiligo_upload_options, f: impl FnOnce(UploadOptions<'_>) -> T) -> T {
    match unsafe { options.as_ref() } {
        Some(o) => {
            let mut cb = progress_fn(o.progress, o.user_data);
            f(o.core(&mut cb))
        }
        None => f(UploadOptions::new()),
    }
}

/// New upload options with the defaults: `AddDocumentFromBytes` (no external id, not
/// private, not temporary), the client's size cap (`idiligo_options_set_max_upload_bytes`,
/// 64 MiB by default), no progress callback, the file's own name. Returns `NULL` only if
/// memory ran out. Free with `idiligo_upload_options_free`.
#[no_mangle]
pub extern "C" fn idiligo_upload_options_new() -> *mut idiligo_upload_options {
    ffi_value!(std::ptr::null_mut(), {
        Box::into_raw(Box::new(idiligo_upload_options {
            filename: None,
            external_id: None,
            private: false,
            temporary: false,
            max_bytes: 0,
            progress: None,
            user_data: std::ptr::null_mut(),
        }))
    })
}

/// Frees upload options. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_upload_options_free(options: *mut idiligo_upload_options) {
    ffi_value!((), {
        if !options.is_null() {
            drop(unsafe { Box::from_raw(options) });
        }
    })
}

/// Your key for the document (copied; `NULL` removes it). Setting it, or the private or
/// temporary flag, sends `AddDocumentFromBytesEx` instead of `AddDocumentFromBytes`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_upload_options_set_external_id(
    options: *mut idiligo_upload_options,
    external_id: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_upload_options_set_external_id", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.external_id = unsafe { opt_str_arg(external_id, "external_id") }?.map(str::to_owned);
        Ok(())
    })
}

/// `AddDocumentFromBytesEx`'s `priv` flag (default false).
#[no_mangle]
pub unsafe extern "C" fn idiligo_upload_options_set_private(
    options: *mut idiligo_upload_options,
    private: bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_upload_options_set_private", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.private = private;
        Ok(())
    })
}

/// `AddDocumentFromBytesEx`'s `temp` flag (default false).
#[no_mangle]
pub unsafe extern "C" fn idiligo_upload_options_set_temporary(
    options: *mut idiligo_upload_options,
    temporary: bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_upload_options_set_temporary", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.temporary = temporary;
        Ok(())
    })
}

/// Size cap of the upload in bytes of the document (0, the default: the client's
/// `idiligo_options_set_max_upload_bytes`). A larger document is refused with
/// `IDILIGO_ERR_ARGUMENT` before anything is sent.
#[no_mangle]
pub unsafe extern "C" fn idiligo_upload_options_set_max_bytes(
    options: *mut idiligo_upload_options,
    limit: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_upload_options_set_max_bytes", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.max_bytes = limit;
        Ok(())
    })
}

/// The name the document gets in the meeting (copied; `NULL` removes it): for
/// `idiligo_client_add_document_from_file` instead of the path's file name, for
/// `idiligo_client_add_document_from_bytes` instead of its `filename` argument.
#[no_mangle]
pub unsafe extern "C" fn idiligo_upload_options_set_filename(
    options: *mut idiligo_upload_options,
    filename: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_upload_options_set_filename", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.filename = unsafe { opt_str_arg(filename, "filename") }?.map(str::to_owned);
        Ok(())
    })
}

/// A progress callback (`NULL` removes it): `progress(user_data, done, total)` with the
/// document bytes sent so far and the document's size, before the first byte and after every
/// chunk (up to 48 KiB). Non-zero cancels the upload with `IDILIGO_ERR_CANCELLED`: the request
/// is cut short, so the service stores nothing. Called synchronously on the uploading thread
/// (see CALLBACKS in the header); `user_data` must stay valid while the options are used.
#[no_mangle]
pub unsafe extern "C" fn idiligo_upload_options_set_progress(
    options: *mut idiligo_upload_options,
    progress: idiligo_progress_cb,
    user_data: *mut c_void,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_upload_options_set_progress", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.progress = progress;
        o.user_data = user_data;
        Ok(())
    })
}

fn write_id(out: *mut *mut c_char, id: DocumentId) -> FfiResult {
    let s = owned_string(id.into_string(), "the document id")?;
    unsafe { write_out(out, s) };
    Ok(())
}

/// Operation `AddDocumentFromBytes` (or `AddDocumentFromBytesEx` when `options` set an
/// external id, private or temporary): stores the `len` bytes at `bytes` (read during the
/// call, never copied whole) as `filename` and returns the new document id in
/// `*document_id_out` (owned string). Always sent over SOAP, base64-encoded as it is sent,
/// whatever the client's binding (GET and POST cannot carry more than a few hundred KB of
/// bytes). `options` may be `NULL`.
///
/// `bytes` must point to `len` readable bytes (`NULL` only with `len` 0). Checked before
/// anything is sent (`IDILIGO_ERR_ARGUMENT`): `bytes` `NULL` with a non-zero `len`, a `len`
/// no buffer can have (over `PTRDIFF_MAX`), a blank file name, an empty document, a document
/// over the size cap, text XML cannot carry. Attach the document with
/// `idiligo_client_set_document_to_upload_action` or `idiligo_client_add_document_to_call`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_add_document_from_bytes(
    client: *const idiligo_client,
    filename: *const c_char,
    bytes: *const u8,
    len: usize,
    options: *const idiligo_upload_options,
    document_id_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_add_document_from_bytes", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let filename = unsafe { str_arg(filename, "filename") }?;
        let data = unsafe { slice_arg(bytes, len, "bytes") }?;
        out_arg(document_id_out, "document_id_out")?;
        let id = with_options(options, |o| c.client.add_document_from_bytes(filename, data, o))?;
        write_id(document_id_out, id)
    })
}

/// Stores the file at `path` (named as the path's file name unless the options give one) and
/// returns the new document id in `*document_id_out` (owned string). The file is streamed:
/// read in chunks and base64-encoded as the request is sent (over SOAP, as
/// `idiligo_client_add_document_from_bytes`). `options` may be `NULL`.
///
/// Checked before anything is sent: a path that does not exist or cannot be opened
/// (`IDILIGO_ERR_IO`), a directory, an empty file, a file over the size cap
/// (`IDILIGO_ERR_ARGUMENT`). A file that changes size while it is sent stops the request
/// before it is complete (`IDILIGO_ERR_IO`; the service stores nothing).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_add_document_from_file(
    client: *const idiligo_client,
    path: *const c_char,
    options: *const idiligo_upload_options,
    document_id_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_add_document_from_file", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let path = unsafe { str_arg(path, "path") }?;
        out_arg(document_id_out, "document_id_out")?;
        let id = with_options(options, |o| c.client.add_document_from_file(path, o))?;
        write_id(document_id_out, id)
    })
}

/// Read callback of `idiligo_client_add_document_from_reader`: `read(user_data, buf, len,
/// out_n)` writes up to `len` bytes of the document (`len` is never 0) into `buf` and their
/// number into `*out_n` (`*out_n` is 0 on entry), then returns 0. `*out_n` 0 with the return
/// value 0 means the end of the document. Fewer bytes than `len` are fine; the callback is
/// called again for the rest. A non-zero return value is a read error: the upload fails with
/// `IDILIGO_ERR_IO`, its message naming the read callback and the value it returned, and the
/// request is cut short (the service stores nothing). Called synchronously on the uploading
/// thread only (see CALLBACKS in the header); it must not unwind through the library.
pub type idiligo_read_cb =
    Option<unsafe extern "C" fn(user_data: *mut c_void, buf: *mut u8, len: usize, out_n: *mut usize) -> i32>;

/// `length` of `idiligo_client_add_document_from_reader` when the caller does not know how
/// many bytes the read callback will deliver (`UINT64_MAX`): the document is first copied to
/// an anonymous temporary file, then uploaded from it.
pub const IDILIGO_LENGTH_UNKNOWN: u64 = 0xFFFF_FFFF_FFFF_FFFF;

/// A `Read` over a C read callback.
struct CallbackReader {
    cb: unsafe extern "C" fn(*mut c_void, *mut u8, usize, *mut usize) -> i32,
    user_data: *mut c_void,
}

impl Read for CallbackReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let mut n: usize = 0;
        // SAFETY: the caller registered the callback with this user data; `buf` is writable
        // for `buf.len()` bytes until it returns, `n` is a valid `size_t`.
        let rc = unsafe { (self.cb)(self.user_data, buf.as_mut_ptr(), buf.len(), &mut n) };
        if rc != 0 {
            return Err(std::io::Error::other(format!("the read callback returned {rc}")));
        }
        if n > buf.len() {
            return Err(std::io::Error::other(format!(
                "the read callback reported {n} bytes read into a buffer of {} bytes",
                buf.len()
            )));
        }
        Ok(n)
    }
}

/// Stores the document that `read` delivers as `filename` and returns the new document id in
/// `*document_id_out` (owned string). `read` is called with `user_data` until it reports the
/// end (`*out_n` 0, see `idiligo_read_cb`); it is required. Sent over SOAP, base64-encoded as
/// it is read, like `idiligo_client_add_document_from_bytes`; `options` may be `NULL`.
///
/// `length` is the number of bytes `read` will deliver, or `IDILIGO_LENGTH_UNKNOWN`:
/// * a known `length` is streamed as it is read, nothing held in memory or on disk; more or
///   fewer bytes than announced stop the request before it is complete (`IDILIGO_ERR_IO`;
///   the service stores nothing). After the `length`-th byte `read` is called once more and
///   must report the end (a non-zero return there is ignored: the document is complete).
///   Such a document is read only once, so a request the service must
///   be sent again (its session token was rejected and the client logged in again) fails
///   with `IDILIGO_ERR_ARGUMENT` saying so.
/// * `IDILIGO_LENGTH_UNKNOWN`: the document is first copied into an anonymous temporary file
///   (checked against the size cap as it is copied), then sent from that file; it can be
///   sent again.
///
/// Checked before anything is sent (`IDILIGO_ERR_ARGUMENT`, and `read` is not called): a
/// `NULL` client, file name, `read` or `document_id_out`, a blank file name, a `length` of 0
/// or over the size cap. An unknown length over the cap or an empty document is refused once
/// copied, before anything is sent. A non-zero return of `read` is `IDILIGO_ERR_IO`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_add_document_from_reader(
    client: *const idiligo_client,
    filename: *const c_char,
    read: idiligo_read_cb,
    user_data: *mut c_void,
    length: u64,
    options: *const idiligo_upload_options,
    document_id_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_add_document_from_reader", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let filename = unsafe { str_arg(filename, "filename") }?;
        let read = read.ok_or_else(|| crate::error::Failure::arg("read is NULL"))?;
        out_arg(document_id_out, "document_id_out")?;
        let mut reader = CallbackReader { cb: read, user_data };
        let length = (length != IDILIGO_LENGTH_UNKNOWN).then_some(length);
        let id = with_options(options, |o| {
            c.client.add_document_from_reader(filename, &mut reader, length, o)
        })?;
        write_id(document_id_out, id)
    })
}

/// Operation `AddDocumentToCall`: attaches stored document `document_id` to meeting `call_id`
/// at node `node_code` of its script (may be `NULL`: sent empty). `*document_id_out` receives
/// the document id the service answers (owned string). An unknown call or document is the
/// service's error (`IDILIGO_ERR_SERVICE`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_add_document_to_call(
    client: *const idiligo_client,
    call_id: *const c_char,
    document_id: *const c_char,
    node_code: *const c_char,
    document_id_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_add_document_to_call", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let doc = unsafe { str_arg(document_id, "document_id") }?;
        let node = unsafe { opt_str_arg(node_code, "node_code") }?.unwrap_or("");
        out_arg(document_id_out, "document_id_out")?;
        let id = c
            .client
            .add_document_to_call(&CallId::new(call), &DocumentId::new(doc), node)?;
        write_id(document_id_out, id)
    })
}

fn write_status(status: &DocumentStatus, status_out: *mut i32, text_out: *mut *mut c_char) -> FfiResult {
    // Both made before either is written, so a failure writes neither.
    let text = if text_out.is_null() {
        None
    } else {
        Some(owned_string(status.as_str(), "the status")?)
    };
    unsafe {
        write_out(status_out, status_code(status));
        if let Some(t) = text {
            write_out(text_out, t);
        }
    }
    Ok(())
}

/// Operation `GetDocumentStatus`: the conversion status of stored document `document_id`.
/// `*status_out` receives `IDILIGO_DOCUMENT_BUSY`, `_READY`, `_NOT_FOUND`, `_ERROR`, or
/// `IDILIGO_DOCUMENT_OTHER` for a text this header does not know; `*text_out` (may be `NULL`)
/// receives the status text (owned string): `"BUSY"`, `"READY"`, `"NOT FOUND"`, `"ERROR"` or
/// the other text as the service sent it (trimmed). An unknown or deleted document is
/// `IDILIGO_DOCUMENT_NOT_FOUND`, not an error (the service answers `NOT FOUND`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_get_document_status(
    client: *const idiligo_client,
    document_id: *const c_char,
    status_out: *mut i32,
    text_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_get_document_status", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let doc = unsafe { str_arg(document_id, "document_id") }?;
        out_arg(status_out, "status_out")?;
        let status = c.client.get_document_status(&DocumentId::new(doc))?;
        write_status(&status, status_out, text_out)
    })
}

/// Operation `GetDocumentProgress`: the conversion status (as for
/// `idiligo_client_get_document_status`: `*status_out`, and `*text_out` when not `NULL`) and
/// the percentage converted (`*percentage_out`, 0–100; 0 when the service left it out) of
/// stored document `document_id`. An unknown document is `NOT FOUND` with 0 %.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_get_document_progress(
    client: *const idiligo_client,
    document_id: *const c_char,
    status_out: *mut i32,
    percentage_out: *mut f64,
    text_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_get_document_progress", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let doc = unsafe { str_arg(document_id, "document_id") }?;
        out_arg(status_out, "status_out")?;
        out_arg(percentage_out, "percentage_out")?;
        let p = c.client.get_document_progress(&DocumentId::new(doc))?;
        write_status(&p.status, status_out, text_out)?;
        unsafe { write_out(percentage_out, p.percentage) };
        Ok(())
    })
}

/// Operation `DeleteDocument`: removes stored document `document_id` and every binding of
/// it. `*deleted_out` receives true, or false when the service did not know the document (it
/// answers `false`, not an error).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_delete_document(
    client: *const idiligo_client,
    document_id: *const c_char,
    deleted_out: *mut bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_delete_document", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let doc = unsafe { str_arg(document_id, "document_id") }?;
        out_arg(deleted_out, "deleted_out")?;
        let deleted = c.client.delete_document(&DocumentId::new(doc))?;
        unsafe { write_out(deleted_out, deleted) };
        Ok(())
    })
}

/// Operation `SetCallValues`: writes `count` name/value pairs (`names[i]` = `values[i]`) into
/// meeting `call_id`, in order (a later value for a name replaces an earlier one);
/// `*stored_out` receives the service's answer. **SOAP only**: the service does not offer it
/// on HTTP GET/POST, so a client whose binding is not `IDILIGO_BINDING_SOAP` refuses it before
/// sending (`IDILIGO_ERR_ARGUMENT`, saying so). Unlike `idiligo_client_set_values`, values
/// with markup are stored as given; one request carries every pair. Names must not be empty;
/// `names` and `values` may be `NULL` only when `count` is 0, and no entry may be `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_set_call_values(
    client: *const idiligo_client,
    call_id: *const c_char,
    names: *const *const c_char,
    values: *const *const c_char,
    count: usize,
    stored_out: *mut bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_set_call_values", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let names = unsafe { str_array_arg(names, count, "names") }?;
        let values = unsafe { str_array_arg(values, count, "values") }?;
        out_arg(stored_out, "stored_out")?;
        let stored = c
            .client
            .set_call_values(&CallId::new(call), names.into_iter().zip(values))?;
        unsafe { write_out(stored_out, stored) };
        Ok(())
    })
}

/// Waits until stored document `document_id` is converted: polls `GetDocumentStatus` (at
/// once, then after a quarter of `poll_interval_ms`, doubling up to `poll_interval_ms`) until
/// it is `READY`. Fails with `IDILIGO_ERR_SERVICE` when the status is `ERROR` (the conversion
/// failed) or `NOT FOUND`, with `IDILIGO_ERR_TIMEOUT` (phase `IDILIGO_TIMEOUT_WAIT`, operation
/// `"wait_for_document"`) after `timeout_ms`, and with `IDILIGO_ERR_CANCELLED` when the
/// client is a view whose cancel handle is triggered (`idiligo_client_with_cancel`; the wait
/// ends within about 50 ms). Both durations must be greater than zero (`IDILIGO_ERR_ARGUMENT`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_wait_for_document(
    client: *const idiligo_client,
    document_id: *const c_char,
    timeout_ms: u64,
    poll_interval_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_wait_for_document", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let doc = unsafe { str_arg(document_id, "document_id") }?;
        let options = WaitOptions::new(duration_from_millis(timeout_ms), duration_from_millis(poll_interval_ms))?;
        c.client.wait_for_document(&DocumentId::new(doc), options)?;
        Ok(())
    })
}
