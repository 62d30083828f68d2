//! `idiligo_attachments`: attachment lists, downloads and waiting for attachments.

use std::ffi::{c_char, c_void, CString};

use idiligo_core::{duration_from_millis, Attachment, CallId, SavedFile, WaitOptions};

use crate::boundary::{out_arg, ref_arg, str_arg, write_out, FfiResult};
use crate::client::idiligo_client;
use crate::error::{c_text, Failure};
use crate::{idiligo_error, IDILIGO_ERR_PARSE};

/// Progress callback of downloads: `progress(user_data, done, total)`, with the bytes
/// received so far and the total size (0 when unknown). Called synchronously on the thread
/// that started the download, after the response headers and after every chunk. Return 0 to
/// continue, non-zero to cancel (the download then fails with `IDILIGO_ERR_CANCELLED` and
/// leaves no file behind). It must not call back into the same download nor unwind (C++
/// exceptions, .NET exceptions, `longjmp`) through the library.
pub type idiligo_progress_cb = Option<unsafe extern "C" fn(user_data: *mut c_void, done: u64, total: u64) -> i32>;

/// Condition of `idiligo_client_wait_for_attachments`: called with the current list
/// (borrowed, valid only during the call); return non-zero when it is what you wait for.
/// Same threading and unwinding rules as `idiligo_progress_cb`.
pub type idiligo_wait_condition_cb =
    Option<unsafe extern "C" fn(user_data: *mut c_void, list: *const idiligo_attachments) -> i32>;

struct Item {
    id: CString,
    description: Option<CString>,
    url: Option<CString>,
    preview: Option<CString>,
    attach: bool,
    size: Option<CString>,
    size_bytes: Option<u64>,
    date: Option<CString>,
    sign_url: Option<CString>,
    sign_status: i32,
    saved_path: Option<CString>,
    saved_bytes: u64,
}

impl Item {
    fn new(a: &Attachment) -> FfiResult<Item> {
        let opt = |s: &Option<String>, what: &str| s.as_deref().map(|s| c_text(s, what)).transpose();
        Ok(Item {
            id: c_text(a.id.as_str(), "an attachment's Id")?,
            description: opt(&a.description, "an attachment's Description")?,
            url: opt(&a.url, "an attachment's Url")?,
            preview: opt(&a.preview, "an attachment's Preview")?,
            attach: a.attach,
            size: opt(&a.size, "an attachment's Size")?,
            size_bytes: a.size_bytes(),
            date: opt(&a.date, "an attachment's Date")?,
            sign_url: opt(&a.sign_url, "an attachment's SignUrl")?,
            sign_status: a.sign_status,
            saved_path: None,
            saved_bytes: 0,
        })
    }
}

/// A list of attachments (`GetAttachments` entries), as returned by
/// `idiligo_client_get_attachments`, `idiligo_client_wait_for_attachments` and
/// `idiligo_client_download_all`. Immutable: safe to read from several threads at once.
/// Strings returned by its accessors are borrowed and live as long as the list. Free it with
/// `idiligo_attachments_free`.
pub struct idiligo_attachments {
    items: Vec<Item>,
}

impl idiligo_attachments {
    pub(crate) fn new(list: &[Attachment]) -> FfiResult<idiligo_attachments> {
        Ok(idiligo_attachments {
            items: list.iter().map(Item::new).collect::<FfiResult<_>>()?,
        })
    }

    /// A boxed list from attachments, or from saved files when `saved` is not empty.
    pub(crate) fn boxed(list: Vec<Attachment>, saved: Vec<SavedFile>) -> FfiResult<*mut idiligo_attachments> {
        let mut l = idiligo_attachments::new(&list)?;
        for s in saved {
            let mut item = Item::new(&s.attachment)?;
            item.saved_path = Some(c_text(s.path.to_string_lossy().into_owned(), "a saved path")?);
            item.saved_bytes = s.bytes;
            l.items.push(item);
        }
        Ok(Box::into_raw(Box::new(l)))
    }
}

impl idiligo_attachments {
    /// A boxed list with one entry per attachment and, where given, the file it is saved in
    /// (the download reports of `reports.rs`).
    pub(crate) fn boxed_with_files(
        entries: &[(&Attachment, Option<(&std::path::Path, u64)>)],
    ) -> FfiResult<*mut idiligo_attachments> {
        let mut items = Vec::with_capacity(entries.len());
        for (a, file) in entries {
            let mut item = Item::new(a)?;
            if let Some((path, bytes)) = file {
                item.saved_path = Some(c_text(path.to_string_lossy().into_owned(), "a saved path")?);
                item.saved_bytes = *bytes;
            }
            items.push(item);
        }
        Ok(Box::into_raw(Box::new(idiligo_attachments { items })))
    }
}

fn item<'a>(list: *const idiligo_attachments, index: usize) -> Option<&'a Item> {
    unsafe { list.as_ref() }.and_then(|l| l.items.get(index))
}

fn item_arg<'a>(list: *const idiligo_attachments, index: usize) -> FfiResult<&'a Item> {
    let l = unsafe { ref_arg(list, "list") }?;
    l.items
        .get(index)
        .ok_or_else(|| Failure::arg(format!("index {index} is out of range (length {})", l.items.len())))
}

fn ptr(s: Option<&CString>) -> *const c_char {
    s.map_or(std::ptr::null(), |s| s.as_ptr())
}

/// Frees a list. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_free(list: *mut idiligo_attachments) {
    ffi_value!((), {
        if !list.is_null() {
            drop(unsafe { Box::from_raw(list) });
        }
    })
}

/// Number of entries (0 for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_len(list: *const idiligo_attachments) -> usize {
    ffi_value!(0, { unsafe { list.as_ref() }.map_or(0, |l| l.items.len()) })
}

/// `Id` of entry `index`: the document id. Borrowed; `NULL` only if `list` is `NULL` or
/// `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_id(list: *const idiligo_attachments, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), { ptr(item(list, index).map(|i| &i.id)) })
}

/// `Description` of entry `index` (usually the file name). Borrowed; `NULL` when the
/// service omitted it (or on a bad `list`/`index`); `""` when it sent it empty.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_description(
    list: *const idiligo_attachments,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        ptr(item(list, index).and_then(|i| i.description.as_ref()))
    })
}

/// `Url` of entry `index`: where the document can be downloaded (pass it to
/// `idiligo_client_download_to_path`). Borrowed; `NULL` when omitted.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_url(list: *const idiligo_attachments, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        ptr(item(list, index).and_then(|i| i.url.as_ref()))
    })
}

/// `Preview` of entry `index`: a preview URL. Borrowed; `NULL` when omitted.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_preview(list: *const idiligo_attachments, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        ptr(item(list, index).and_then(|i| i.preview.as_ref()))
    })
}

/// `Size` of entry `index`, as formatted by the service (a byte count on the sandbox).
/// Borrowed; `NULL` when omitted. See also `idiligo_attachments_size_bytes`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_size(list: *const idiligo_attachments, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        ptr(item(list, index).and_then(|i| i.size.as_ref()))
    })
}

/// `Date` of entry `index`, as formatted by the service. Borrowed; `NULL` when omitted.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_date(list: *const idiligo_attachments, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        ptr(item(list, index).and_then(|i| i.date.as_ref()))
    })
}

/// `SignUrl` of entry `index`: where the document can be signed (`""` when not signable).
/// Borrowed; `NULL` when omitted.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_sign_url(list: *const idiligo_attachments, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        ptr(item(list, index).and_then(|i| i.sign_url.as_ref()))
    })
}

/// `Attach` of entry `index`: whether the document is bound to the meeting's upload action
/// (documents the participant uploaded have `false`). `IDILIGO_ERR_ARGUMENT` for a bad
/// `list`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_attach(
    list: *const idiligo_attachments,
    index: usize,
    out: *mut bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_attachments_attach", err, {
        let i = item_arg(list, index)?;
        out_arg(out, "out")?;
        unsafe { write_out(out, i.attach) };
        Ok(())
    })
}

/// `SignStatus` of entry `index` (undocumented by Idiligo; the sandbox uses 0 = none,
/// 1 = awaiting signature, 2 = signed). `IDILIGO_ERR_ARGUMENT` for a bad `list`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_sign_status(
    list: *const idiligo_attachments,
    index: usize,
    out: *mut i32,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_attachments_sign_status", err, {
        let i = item_arg(list, index)?;
        out_arg(out, "out")?;
        unsafe { write_out(out, i.sign_status) };
        Ok(())
    })
}

/// `Size` of entry `index` as a byte count. Fails with `IDILIGO_ERR_PARSE` when the service
/// omitted it or did not write a plain non-negative integer.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_size_bytes(
    list: *const idiligo_attachments,
    index: usize,
    out: *mut u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_attachments_size_bytes", err, {
        let i = item_arg(list, index)?;
        out_arg(out, "out")?;
        let n = i.size_bytes.ok_or_else(|| {
            Failure::other(
                IDILIGO_ERR_PARSE,
                "parse",
                "idiligo_attachments_size_bytes",
                format!("idiligo_attachments_size_bytes: Size of entry {index} is not a byte count"),
            )
        })?;
        unsafe { write_out(out, n) };
        Ok(())
    })
}

/// For lists returned by `idiligo_client_download_all`: the path entry `index` was saved
/// to. Borrowed; `NULL` for other lists.
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_saved_path(
    list: *const idiligo_attachments,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        ptr(item(list, index).and_then(|i| i.saved_path.as_ref()))
    })
}

/// For lists returned by `idiligo_client_download_all`: the number of bytes saved for entry
/// `index` (0 for other lists, or a bad `list`/`index`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_attachments_saved_bytes(list: *const idiligo_attachments, index: usize) -> u64 {
    ffi_value!(0, { item(list, index).map_or(0, |i| i.saved_bytes) })
}

/// Adapts a C progress callback to the core's `FnMut(done, total) -> keep going`.
pub(crate) fn progress_fn(
    cb: idiligo_progress_cb,
    user_data: *mut c_void,
) -> Option<impl FnMut(u64, Option<u64>) -> bool> {
    cb.map(|f| move |done: u64, total: Option<u64>| unsafe { f(user_data, done, total.unwrap_or(0)) } == 0)
}

/// Downloads the document at `url` (an attachment's `Url`) to the file `path`, through a
/// temporary file in the same directory and an atomic rename: on any failure, including a
/// cancel from `progress`, no file is left at `path` and an existing file there is untouched.
///
/// `progress` may be `NULL`; `user_data` is passed to it unchanged. `max_bytes` caps the size
/// (`IDILIGO_ERR_TOO_LARGE` beyond it); 0 means the client's `max_download_bytes`.
/// `*bytes_out` (may be `NULL`) receives the number of bytes written.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_download_to_path(
    client: *const idiligo_client,
    url: *const c_char,
    path: *const c_char,
    progress: idiligo_progress_cb,
    user_data: *mut c_void,
    max_bytes: u64,
    bytes_out: *mut u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_download_to_path", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let url = unsafe { str_arg(url, "url") }?;
        let path = unsafe { str_arg(path, "path") }?;
        let mut cb = progress_fn(progress, user_data);
        let n = c
            .client
            .download_to_path(url, path, crate::download::options(&mut cb, max_bytes))?;
        if !bytes_out.is_null() {
            unsafe { write_out(bytes_out, n) };
        }
        Ok(())
    })
}

/// Downloads every attachment of meeting `call_id` that has a URL into the directory `dir`
/// (created if needed), with safe, unique file names derived from the descriptions (no path
/// traversal; existing files are never overwritten, `name (2).pdf` is used instead). Each
/// file is written atomically. `progress` (may be `NULL`) is called per file with that file's
/// byte counts; a cancel stops the whole operation (files already saved stay).
///
/// `*saved_out` receives the list of saved entries: the attachment accessors work on it, and
/// `idiligo_attachments_saved_path` / `_saved_bytes` tell where each went. Free it with
/// `idiligo_attachments_free`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_download_all(
    client: *const idiligo_client,
    call_id: *const c_char,
    dir: *const c_char,
    progress: idiligo_progress_cb,
    user_data: *mut c_void,
    saved_out: *mut *mut idiligo_attachments,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_download_all", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let dir = unsafe { str_arg(dir, "dir") }?;
        out_arg(saved_out, "saved_out")?;
        let mut cb = progress_fn(progress, user_data);
        let p: Option<&mut dyn FnMut(u64, Option<u64>) -> bool> = match cb.as_mut() {
            Some(f) => Some(f),
            None => None,
        };
        let saved = c.client.download_all(&CallId::new(call), dir, p)?;
        let l = idiligo_attachments::boxed(Vec::new(), saved)?;
        unsafe { write_out(saved_out, l) };
        Ok(())
    })
}

/// Polls `GetAttachments` for meeting `call_id` every `poll_interval_ms` until the list has
/// at least `min_count` entries and, when `condition` is not `NULL`,
/// `condition(user_data, list) != 0` (the condition is only asked once the count is reached;
/// pass 0 to leave it all to the condition), then returns it in `*list_out` (free with
/// `idiligo_attachments_free`). Fails with `IDILIGO_ERR_TIMEOUT` (operation
/// `"wait_for_attachments"`) after `timeout_ms`. `timeout_ms` and `poll_interval_ms` must be
/// greater than zero (`IDILIGO_ERR_ARGUMENT` otherwise). These are the core's rules, the same
/// as the Python package's.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_wait_for_attachments(
    client: *const idiligo_client,
    call_id: *const c_char,
    min_count: usize,
    condition: idiligo_wait_condition_cb,
    user_data: *mut c_void,
    timeout_ms: u64,
    poll_interval_ms: u64,
    list_out: *mut *mut idiligo_attachments,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_wait_for_attachments", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        out_arg(list_out, "list_out")?;
        let options = WaitOptions::new(duration_from_millis(timeout_ms), duration_from_millis(poll_interval_ms))?
            .min_count(min_count);
        let mut failed: Option<Failure> = None;
        let cond = |list: &[Attachment]| match condition {
            Some(f) => match idiligo_attachments::new(list) {
                Ok(view) => unsafe { f(user_data, &view) != 0 },
                Err(e) => {
                    // Stop waiting and report it below.
                    failed = Some(e);
                    true
                }
            },
            None => true,
        };
        let result = c.client.wait_for_attachments(&CallId::new(call), options, cond);
        if let Some(f) = failed {
            return Err(f);
        }
        let list = result?;
        let l = idiligo_attachments::boxed(list, Vec::new())?;
        unsafe { write_out(list_out, l) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_on_bad_input_are_null() {
        let l = idiligo_attachments::boxed(Vec::new(), Vec::new()).unwrap();
        unsafe {
            assert_eq!(idiligo_attachments_len(l), 0);
            assert!(idiligo_attachments_id(l, 0).is_null());
            assert!(idiligo_attachments_id(std::ptr::null(), 0).is_null());
            let mut b = false;
            assert_eq!(
                idiligo_attachments_attach(l, 3, &mut b, std::ptr::null_mut()),
                crate::IDILIGO_ERR_ARGUMENT
            );
            idiligo_attachments_free(l);
        }
    }
}
