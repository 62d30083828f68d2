//! `idiligo_download_report`: `download_all` that goes on after failures and resumes, with one
//! outcome per attachment. The logic is the core's (`Client::download_all_with`); this file
//! only carries its options in and its report out.

use std::ffi::{c_char, c_void, CString};

use idiligo_core::{CallId, DownloadAllOptions, DownloadReport, OnError};

use crate::attachments::{idiligo_attachments, idiligo_progress_cb};
use crate::boundary::{out_arg, ref_arg, str_arg, write_out};
use crate::client::idiligo_client;
use crate::error::{c_text, new_error, Failure};
use crate::idiligo_error;

/// Flag of `idiligo_client_download_all_report`: go on with the next attachment after a
/// failure (without it the run stops at the first failure and reports the rest as
/// `"not_attempted"`). A cancel from the progress callback always stops the run.
pub const IDILIGO_DOWNLOAD_CONTINUE: u32 = 1;
/// Flag of `idiligo_client_download_all_report`: resume mode. A manifest
/// (`.idiligo-manifest.tsv`, documented with the Rust core's `MANIFEST_NAME`) in the directory
/// records which attachment id was saved under which name; a rerun skips the attachments whose
/// file is still there with the recorded size (`"already_present"`) and never saves a
/// document twice. A missing or corrupt manifest is treated as empty.
pub const IDILIGO_DOWNLOAD_RESUME: u32 = 2;

/// What `idiligo_client_download_all_report` did, per attachment, in the order of the
/// meeting's list. Immutable: safe to read from several threads at once. Strings and errors
/// returned by its accessors are borrowed and live as long as the report. Free it with
/// `idiligo_download_report_free`.
pub struct idiligo_download_report {
    attachments: *mut idiligo_attachments,
    outcomes: Vec<CString>,
    errors: Vec<*mut idiligo_error>,
    complete: bool,
    manifest_error: *mut idiligo_error,
}

impl idiligo_download_report {
    fn new(report: DownloadReport) -> crate::boundary::FfiResult<idiligo_download_report> {
        // One entry per attachment; the saved path and size of those on disk.
        let entries: Vec<_> = report
            .outcomes
            .iter()
            .map(|o| (&o.attachment, o.outcome.path().zip(o.outcome.bytes())))
            .collect();
        let attachments = idiligo_attachments::boxed_with_files(&entries)?;
        let outcomes = report
            .outcomes
            .iter()
            .map(|o| c_text(o.outcome.as_str(), "an outcome"))
            .collect::<Result<_, _>>()?;
        let complete = report.is_complete();
        let manifest_error = report
            .manifest_error
            .map_or(std::ptr::null_mut(), |e| new_error(&Failure::from(e)));
        let errors = report
            .outcomes
            .into_iter()
            .map(|o| match o.outcome {
                idiligo_core::Outcome::Failed(e) => new_error(&Failure::from(e)),
                _ => std::ptr::null_mut(),
            })
            .collect();
        Ok(idiligo_download_report {
            attachments,
            outcomes,
            errors,
            complete,
            manifest_error,
        })
    }
}

impl Drop for idiligo_download_report {
    fn drop(&mut self) {
        unsafe {
            crate::attachments::idiligo_attachments_free(self.attachments);
            for e in self.errors.drain(..) {
                crate::error::idiligo_error_free(e);
            }
            crate::error::idiligo_error_free(self.manifest_error);
        }
    }
}

// The raw pointers are owned by the report and never handed out for writing.
unsafe impl Send for idiligo_download_report {}
unsafe impl Sync for idiligo_download_report {}

/// Downloads every attachment of meeting `call_id` into the directory `dir` (created if
/// needed), as `idiligo_client_download_all` does (safe, unique names; nothing overwritten;
/// each file written atomically), and reports per attachment what happened. `flags` is 0 or
/// a combination of `IDILIGO_DOWNLOAD_CONTINUE` and `IDILIGO_DOWNLOAD_RESUME` (other bits are
/// an `IDILIGO_ERR_ARGUMENT`). `progress` (may be `NULL`) is called per file.
///
/// Fails as a whole only when nothing could be tried (`GetAttachments` failed, `dir` cannot be
/// created); a failed attachment is reported in `*report_out` (free it with
/// `idiligo_download_report_free`) and the call returns `IDILIGO_OK`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_download_all_report(
    client: *const idiligo_client,
    call_id: *const c_char,
    dir: *const c_char,
    flags: u32,
    progress: idiligo_progress_cb,
    user_data: *mut c_void,
    report_out: *mut *mut idiligo_download_report,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_download_all_report", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let dir = unsafe { str_arg(dir, "dir") }?;
        out_arg(report_out, "report_out")?;
        if flags & !(IDILIGO_DOWNLOAD_CONTINUE | IDILIGO_DOWNLOAD_RESUME) != 0 {
            return Err(Failure::arg(format!("unknown flags {flags:#x}")));
        }
        let mut cb = progress
            .map(|f| move |done: u64, total: Option<u64>| unsafe { f(user_data, done, total.unwrap_or(0)) } == 0);
        let mut options = DownloadAllOptions::new()
            .on_error(if flags & IDILIGO_DOWNLOAD_CONTINUE != 0 {
                OnError::Continue
            } else {
                OnError::Stop
            })
            .resume(flags & IDILIGO_DOWNLOAD_RESUME != 0);
        if let Some(f) = cb.as_mut() {
            options = options.progress(f);
        }
        let report = c.client.download_all_with(&CallId::new(call), dir, options)?;
        let boxed = Box::into_raw(Box::new(idiligo_download_report::new(report)?));
        unsafe { write_out(report_out, boxed) };
        Ok(())
    })
}

/// Frees a report. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_download_report_free(report: *mut idiligo_download_report) {
    ffi_value!((), {
        if !report.is_null() {
            drop(unsafe { Box::from_raw(report) });
        }
    })
}

/// The attachments of the report, one entry per attachment in the meeting's order: the
/// attachment accessors work on it, and `idiligo_attachments_saved_path` /
/// `_saved_bytes` give the file of the entries saved now or before. Borrowed (do not free);
/// `NULL` for a `NULL` report.
#[no_mangle]
pub unsafe extern "C" fn idiligo_download_report_attachments(
    report: *const idiligo_download_report,
) -> *const idiligo_attachments {
    ffi_value!(std::ptr::null(), {
        unsafe { report.as_ref() }.map_or(std::ptr::null(), |r| r.attachments.cast_const())
    })
}

/// What happened to entry `index`: `"saved"` (downloaded now), `"already_present"` (resume:
/// saved before, file unchanged), `"no_url"` (skipped), `"failed"` (see
/// `idiligo_download_report_error`) or `"not_attempted"` (after a stop). Borrowed; `NULL` for
/// a bad `report`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_download_report_outcome(
    report: *const idiligo_download_report,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { report.as_ref() }
            .and_then(|r| r.outcomes.get(index))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The error of entry `index` when its outcome is `"failed"` (the `idiligo_error_*` accessors
/// work on it). Borrowed: do not free it. `NULL` for other outcomes or a bad `report`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_download_report_error(
    report: *const idiligo_download_report,
    index: usize,
) -> *const idiligo_error {
    ffi_value!(std::ptr::null(), {
        unsafe { report.as_ref() }
            .and_then(|r| r.errors.get(index))
            .map_or(std::ptr::null(), |e| e.cast_const())
    })
}

/// Resume mode: the first failure to write the manifest (the files were saved, a rerun may
/// not know them). Borrowed; `NULL` when every write succeeded (or for a `NULL` report).
#[no_mangle]
pub unsafe extern "C" fn idiligo_download_report_manifest_error(
    report: *const idiligo_download_report,
) -> *const idiligo_error {
    ffi_value!(std::ptr::null(), {
        unsafe { report.as_ref() }.map_or(std::ptr::null(), |r| r.manifest_error.cast_const())
    })
}

/// Whether every attachment with a URL is on disk (saved now or before) and the manifest, if
/// any, was written. `false` for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_download_report_complete(report: *const idiligo_download_report) -> bool {
    ffi_value!(false, { unsafe { report.as_ref() }.is_some_and(|r| r.complete) })
}
