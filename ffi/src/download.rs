//! Downloads to memory (`idiligo_client_download_to_buffer`, an owned buffer freed by
//! `idiligo_buffer_free`) and to a write callback (`idiligo_client_download_to_callback`),
//! and the safe-file-name helper (`idiligo_safe_file_name`).

use std::ffi::{c_char, c_void};
use std::io::Write;

use idiligo_core::{safe_file_name, DownloadOptions, Error};

use crate::attachments::{idiligo_progress_cb, progress_fn};
use crate::boundary::{opt_str_arg, out_arg, owned_string, ref_arg, str_arg, write_out, FfiResult};
use crate::client::idiligo_client;
use crate::idiligo_error;

/// Write callback of `idiligo_client_download_to_callback`: `write(user_data, data, len)`
/// receives the next `len` bytes of the document (borrowed for the duration of the call; `len`
/// is never 0). Return 0 to continue, non-zero to stop: the download then fails with
/// `IDILIGO_ERR_CANCELLED`. Called synchronously on the thread that started the download;
/// the same rules as for `idiligo_progress_cb` apply (no unwinding through the library, no
/// call back into the same download).
pub type idiligo_write_cb = Option<unsafe extern "C" fn(user_data: *mut c_void, data: *const u8, len: usize) -> i32>;

/// Bytes in front of a buffer handed out by `idiligo_client_download_to_buffer`: its length,
/// so that `idiligo_buffer_free` needs only the pointer.
const HEADER: usize = std::mem::size_of::<usize>();

/// A `Write` into memory that reports running out of memory as an I/O error instead of
/// aborting the process (a CRM must not die because a document was too big for it).
struct MemoryWriter {
    /// `HEADER` bytes reserved for the length, then the document.
    buf: Vec<u8>,
}

impl Write for MemoryWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.try_reserve(data.len()).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::OutOfMemory,
                format!(
                    "out of memory holding {} bytes of the document",
                    self.buf.len() - HEADER + data.len()
                ),
            )
        })?;
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A `Write` that hands every piece to a C callback.
struct CallbackWriter {
    cb: unsafe extern "C" fn(*mut c_void, *const u8, usize) -> i32,
    user_data: *mut c_void,
    /// What the callback returned when it asked to stop.
    stopped: Option<i32>,
}

impl Write for CallbackWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        // SAFETY: the caller registered the callback with this user data; `data` lives until
        // it returns.
        let rc = unsafe { (self.cb)(self.user_data, data.as_ptr(), data.len()) };
        if rc != 0 {
            self.stopped = Some(rc);
            return Err(std::io::Error::other(format!("the write callback returned {rc}")));
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The options of one download: the progress callback (if any) and a size cap (0: the
/// client's own).
pub(crate) fn options<'a>(
    cb: &'a mut Option<impl FnMut(u64, Option<u64>) -> bool>,
    max_bytes: u64,
) -> DownloadOptions<'a> {
    let mut options = DownloadOptions::new();
    if let Some(cb) = cb.as_mut() {
        options = options.progress(cb);
    }
    if max_bytes > 0 {
        options = options.max_bytes(max_bytes);
    }
    options
}

/// Downloads the document at `url` (an attachment's `Url`) into memory. On success
/// `*data_out` receives the bytes (owned: free them with `idiligo_buffer_free`, never with
/// `free()`) and `*len_out` their number; `*data_out` is never `NULL` on success, also for an
/// empty document. On failure neither is written and nothing is kept.
///
/// The whole document is held in memory, so cap it: `max_bytes` (`IDILIGO_ERR_TOO_LARGE`
/// beyond it; 0 means the client's `max_download_bytes`, 4 GiB by default). Running out of
/// memory is an `IDILIGO_ERR_IO` error, not a crash. `progress` (may be `NULL`) and
/// `user_data` work as for `idiligo_client_download_to_path`; a `Content-Length` is checked
/// against the bytes received.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_download_to_buffer(
    client: *const idiligo_client,
    url: *const c_char,
    progress: idiligo_progress_cb,
    user_data: *mut c_void,
    max_bytes: u64,
    data_out: *mut *mut u8,
    len_out: *mut usize,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_download_to_buffer", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let url = unsafe { str_arg(url, "url") }?;
        out_arg(data_out, "data_out")?;
        out_arg(len_out, "len_out")?;
        let mut cb = progress_fn(progress, user_data);
        let mut w = MemoryWriter { buf: vec![0; HEADER] };
        c.client.download_to_writer(url, &mut w, options(&mut cb, max_bytes))?;
        let len = w.buf.len() - HEADER;
        w.buf[..HEADER].copy_from_slice(&len.to_ne_bytes());
        let whole: Box<[u8]> = w.buf.into_boxed_slice();
        let data = Box::into_raw(whole).cast::<u8>();
        // SAFETY: the allocation holds HEADER + len bytes.
        let data = unsafe { data.add(HEADER) };
        unsafe {
            write_out(data_out, data);
            write_out(len_out, len);
        }
        Ok(())
    })
}

/// Frees a buffer returned by `idiligo_client_download_to_buffer` (its length is kept by the
/// library). `NULL` is a no-op. Never pass any other pointer, nor one already freed.
#[no_mangle]
pub unsafe extern "C" fn idiligo_buffer_free(data: *mut u8) {
    ffi_value!((), {
        if !data.is_null() {
            // SAFETY: `data` came from idiligo_client_download_to_buffer: HEADER bytes before
            // it hold the length of what follows, and the allocation is a Box<[u8]> of
            // HEADER + len bytes.
            unsafe {
                let start = data.sub(HEADER);
                let mut len = [0u8; HEADER];
                std::ptr::copy_nonoverlapping(start, len.as_mut_ptr(), HEADER);
                let len = usize::from_ne_bytes(len);
                drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(start, HEADER + len)));
            }
        }
    })
}

/// Downloads the document at `url` and hands it to `write` piece by piece as it arrives
/// (streaming: nothing is held in memory or written to disk by the library). `write` is
/// required; `progress` may be `NULL`; both get `user_data`. Returns `IDILIGO_ERR_CANCELLED`
/// when `write` or `progress` returns non-zero. `max_bytes` caps the size (0: the client's
/// `max_download_bytes`); `*bytes_out` (may be `NULL`) receives the number of bytes written.
///
/// On any failure `write` may already have received part of the document (a cap exceeded, a
/// connection broken, a `Content-Length` not reached is only known then): discard what it
/// got.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_download_to_callback(
    client: *const idiligo_client,
    url: *const c_char,
    write: idiligo_write_cb,
    progress: idiligo_progress_cb,
    user_data: *mut c_void,
    max_bytes: u64,
    bytes_out: *mut u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_download_to_callback", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let url = unsafe { str_arg(url, "url") }?;
        let write = write.ok_or_else(|| crate::error::Failure::arg("write is NULL"))?;
        let mut cb = progress_fn(progress, user_data);
        let mut w = CallbackWriter {
            cb: write,
            user_data,
            stopped: None,
        };
        let result = c.client.download_to_writer(url, &mut w, options(&mut cb, max_bytes));
        let n = match (result, w.stopped) {
            (Ok(n), _) => n,
            // The callback asked to stop: a cancel, as every callback's non-zero return is.
            (Err(_), Some(_)) => {
                return Err(Error::Cancelled {
                    operation: "Download",
                    sent: true,
                }
                .into())
            }
            (Err(e), None) => return Err(e.into()),
        };
        if !bytes_out.is_null() {
            unsafe { write_out(bytes_out, n) };
        }
        Ok(())
    })
}

/// A file name that is safe on every platform for an attachment: the last path component of
/// `description` (may be `NULL`: none) with control and reserved characters (`<>:"|?*`)
/// replaced by `_`, leading/trailing dots and spaces trimmed, Windows device names (`CON`,
/// `NUL`, `COM1`, …) prefixed with `_`, at most 150 bytes (the extension kept), or
/// `attachment-{id}` when nothing is left. The same rule `idiligo_client_download_all` uses.
/// `*name_out` receives an owned string (free with `idiligo_string_free`). No file is touched.
#[no_mangle]
pub unsafe extern "C" fn idiligo_safe_file_name(
    description: *const c_char,
    id: *const c_char,
    name_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_safe_file_name", err, {
        let description = unsafe { opt_str_arg(description, "description") }?.unwrap_or("");
        let id = unsafe { str_arg(id, "id") }?;
        out_arg(name_out, "name_out")?;
        let name: FfiResult<*mut c_char> = owned_string(safe_file_name(description, id), "the file name");
        unsafe { write_out(name_out, name?) };
        Ok(())
    })
}
