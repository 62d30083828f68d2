//! The error object handed to C, and the thread-local last-error mirror.

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};

use crate::{IDILIGO_ERR_ARGUMENT, IDILIGO_ERR_PANIC, IDILIGO_OK};

/// Everything known about one failure, in Rust form (turned into an [`idiligo_error`]).
/// Boxed so that `Result<_, Failure>` stays small on the success path.
#[derive(Debug, Clone)]
pub(crate) struct Failure(Box<FailureInfo>);

impl std::ops::Deref for Failure {
    type Target = FailureInfo;
    fn deref(&self) -> &FailureInfo {
        &self.0
    }
}

impl std::ops::DerefMut for Failure {
    fn deref_mut(&mut self) -> &mut FailureInfo {
        &mut self.0
    }
}

/// The fields of a [`Failure`].
#[derive(Debug, Clone)]
pub(crate) struct FailureInfo {
    pub code: i32,
    pub kind: &'static str,
    pub message: String,
    pub operation: String,
    pub http_status: Option<u16>,
    pub retryable: bool,
    pub service_message: Option<String>,
    pub step: Option<String>,
    pub call_id: Option<String>,
    pub contact_id: Option<String>,
    pub public_id: Option<String>,
}

impl Failure {
    /// An argument error raised by the C layer itself (NULL, invalid UTF-8, bad enum value).
    /// The operation is filled in by the boundary with the C function's name.
    pub fn arg(message: impl Into<String>) -> Failure {
        Failure(Box::new(FailureInfo {
            code: IDILIGO_ERR_ARGUMENT,
            kind: "invalid_argument",
            message: message.into(),
            operation: String::new(),
            http_status: None,
            retryable: false,
            service_message: None,
            step: None,
            call_id: None,
            contact_id: None,
            public_id: None,
        }))
    }

    /// A failure of another code (panic, parse) raised by the C layer itself.
    pub fn other(code: i32, kind: &'static str, operation: &str, message: String) -> Failure {
        let mut f = Failure::arg(message);
        f.code = code;
        f.kind = kind;
        f.operation = operation.to_owned();
        f
    }

    /// A panic caught at the boundary.
    pub fn panic(function: &str, payload: &(dyn std::any::Any + Send)) -> Failure {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic payload".into());
        Failure::other(
            IDILIGO_ERR_PANIC,
            "panic",
            function,
            format!("{function}: internal error (panic): {what}"),
        )
    }
}

impl From<idiligo_core::Error> for Failure {
    fn from(e: idiligo_core::Error) -> Failure {
        let kind = e.kind();
        let partial = e.partial_meeting();
        let id = |f: fn(&idiligo_core::PartialMeeting) -> Option<&str>| partial.and_then(f).map(str::to_owned);
        Failure(Box::new(FailureInfo {
            code: kind.c_status(),
            kind: kind.as_str(),
            message: e.to_string(),
            operation: e.operation().to_owned(),
            http_status: e.http_status(),
            retryable: e.retryable(),
            service_message: e.service_message().map(str::to_owned),
            step: e.meeting_step().map(|s| s.to_string()),
            call_id: id(|p| p.call_id.as_ref().map(|i| i.as_str())),
            contact_id: id(|p| p.contact_id.as_ref().map(|i| i.as_str())),
            public_id: id(|p| p.public_id.as_ref().map(|i| i.as_str())),
        }))
    }
}

/// A C string without interior NULs (text after a NUL is dropped; XML text cannot hold one).
pub(crate) fn c_string(s: impl Into<Vec<u8>>) -> CString {
    let mut v: Vec<u8> = s.into();
    if let Some(i) = v.iter().position(|&b| b == 0) {
        v.truncate(i);
    }
    CString::new(v).unwrap_or_default()
}

/// An error returned through `idiligo_error **err`.
///
/// Owned by the caller; free it with `idiligo_error_free`. Immutable: all accessors may be
/// called from any thread, concurrently. Strings returned by its accessors are borrowed and
/// live as long as the error object.
pub struct idiligo_error {
    code: i32,
    kind: CString,
    message: CString,
    operation: CString,
    http_status: i32,
    retryable: bool,
    service_message: Option<CString>,
    step: Option<CString>,
    call_id: Option<CString>,
    contact_id: Option<CString>,
    public_id: Option<CString>,
}

impl From<&Failure> for idiligo_error {
    fn from(f: &Failure) -> Self {
        let opt = |s: &Option<String>| s.as_deref().map(c_string);
        idiligo_error {
            code: f.code,
            kind: c_string(f.kind),
            message: c_string(f.message.as_str()),
            operation: c_string(f.operation.as_str()),
            http_status: f.http_status.map(i32::from).unwrap_or(0),
            retryable: f.retryable,
            service_message: opt(&f.service_message),
            step: opt(&f.step),
            call_id: opt(&f.call_id),
            contact_id: opt(&f.contact_id),
            public_id: opt(&f.public_id),
        }
    }
}

thread_local! {
    static LAST: RefCell<Option<(i32, CString)>> = const { RefCell::new(None) };
}

/// Records `f` as this thread's last error.
pub(crate) fn set_last(f: &Failure) {
    let _ = LAST.try_with(|l| *l.borrow_mut() = Some((f.code, c_string(f.message.as_str()))));
}

/// Clears this thread's last error (at the start of every status-returning call).
pub(crate) fn clear_last() {
    let _ = LAST.try_with(|l| *l.borrow_mut() = None);
}

static EMPTY: &CStr = c"";

fn opt_ptr(s: &Option<CString>) -> *const c_char {
    s.as_deref().map_or(std::ptr::null(), CStr::as_ptr)
}

/// The status code of the error (`IDILIGO_ERR_*`); `IDILIGO_ERR_ARGUMENT` for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_code(err: *const idiligo_error) -> i32 {
    ffi_value!(IDILIGO_ERR_PANIC, {
        unsafe { err.as_ref() }.map_or(IDILIGO_ERR_ARGUMENT, |e| e.code)
    })
}

/// A short, stable, lower-case name of the error's kind: `"invalid_argument"`, `"connect"`,
/// `"timeout"`, `"transport"`, `"tls"`, `"http"`, `"service"`, `"auth"`, `"parse"`,
/// `"too_large"`, `"io"`, `"cancelled"` or `"panic"`. Borrowed from `err`; `""` for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_kind(err: *const idiligo_error) -> *const c_char {
    ffi_value!(EMPTY.as_ptr(), {
        unsafe { err.as_ref() }.map_or(EMPTY.as_ptr(), |e| e.kind.as_ptr())
    })
}

/// The full message, e.g. `"GetPublicCallId: service error: Unknown callId."`. Never contains
/// a secret. Borrowed from `err`; `""` for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_message(err: *const idiligo_error) -> *const c_char {
    ffi_value!(EMPTY.as_ptr(), {
        unsafe { err.as_ref() }.map_or(EMPTY.as_ptr(), |e| e.message.as_ptr())
    })
}

/// The operation that failed: a service operation (`"Login"`, `"CreateCall"`, …),
/// `"Download"`, `"wait_for_attachments"`, `"configuration"`, or for argument errors detected
/// by this layer the C function's name. Borrowed from `err`; `""` for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_operation(err: *const idiligo_error) -> *const c_char {
    ffi_value!(EMPTY.as_ptr(), {
        unsafe { err.as_ref() }.map_or(EMPTY.as_ptr(), |e| e.operation.as_ptr())
    })
}

/// The HTTP status of the answer that caused the error, or 0 when there was none.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_http_status(err: *const idiligo_error) -> i32 {
    ffi_value!(0, { unsafe { err.as_ref() }.map_or(0, |e| e.http_status) })
}

/// Whether repeating the same call later may succeed (transient network failures, timeouts,
/// HTTP 408/429/502/503/504). The client already retried where that was safe.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_retryable(err: *const idiligo_error) -> bool {
    ffi_value!(false, { unsafe { err.as_ref() }.is_some_and(|e| e.retryable) })
}

/// The service's own message for `IDILIGO_ERR_SERVICE` and `IDILIGO_ERR_AUTH` errors
/// (e.g. `"Unknown callId."`), otherwise `NULL`. Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_service_message(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { err.as_ref() }.map_or(std::ptr::null(), |e| opt_ptr(&e.service_message))
    })
}

/// For a failed `idiligo_client_start_meeting`: the step that failed (`"validate"`,
/// `"CreateContact"`, `"CreateCall"`, `"SetContact"`, `"GetPublicCallId"`, `"SetValues"`,
/// `"AddDocumentFromUrl (document N)"`, `"SetDocumentToUploadAction (document N)"`,
/// `"GetAgentUrl"`); `NULL` for every other error. Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_meeting_step(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { err.as_ref() }.map_or(std::ptr::null(), |e| opt_ptr(&e.step))
    })
}

/// For a failed `idiligo_client_start_meeting`: the meeting (call) id created before the
/// failure, or `NULL` if none was created (or for any other error). Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_call_id(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { err.as_ref() }.map_or(std::ptr::null(), |e| opt_ptr(&e.call_id))
    })
}

/// For a failed `idiligo_client_start_meeting`: the participant (contact) id created before
/// the failure, or `NULL`. Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_contact_id(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { err.as_ref() }.map_or(std::ptr::null(), |e| opt_ptr(&e.contact_id))
    })
}

/// For a failed `idiligo_client_start_meeting`: the public id fetched before the failure, or
/// `NULL`. Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_public_id(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { err.as_ref() }.map_or(std::ptr::null(), |e| opt_ptr(&e.public_id))
    })
}

/// Frees an error object. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_free(err: *mut idiligo_error) {
    ffi_value!((), {
        if !err.is_null() {
            drop(unsafe { Box::from_raw(err) });
        }
    })
}

/// The status code of the last failed call on this thread, or `IDILIGO_OK` if the most
/// recent status-returning call on this thread succeeded (every such call clears it first).
#[no_mangle]
pub extern "C" fn idiligo_last_error_code() -> i32 {
    ffi_value!(IDILIGO_ERR_PANIC, {
        LAST.try_with(|l| l.borrow().as_ref().map_or(IDILIGO_OK, |(c, _)| *c))
            .unwrap_or(IDILIGO_OK)
    })
}

/// Copies the message of the last failed call on this thread into `buf` (NUL-terminated,
/// UTF-8), for callers that cannot use the `idiligo_error **` out-parameter (VB6, Delphi,
/// P/Invoke habits). `""` when the most recent status-returning call succeeded.
///
/// `*needed` (if `needed` is not `NULL`) always receives the size the message needs,
/// including the terminating NUL. Returns `IDILIGO_OK` when the whole message fit into
/// `buf_len` bytes. When `buf` is `NULL` or too small it returns `IDILIGO_ERR_ARGUMENT`; a
/// too-small non-NULL buffer still receives as much of the message as fits (cut at a
/// character boundary, NUL-terminated). This function does not change the last error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_last_error_message(buf: *mut c_char, buf_len: usize, needed: *mut usize) -> i32 {
    ffi_value!(IDILIGO_ERR_PANIC, {
        let msg: Vec<u8> = LAST
            .try_with(|l| {
                l.borrow()
                    .as_ref()
                    .map(|(_, m)| m.as_bytes().to_vec())
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        if let Some(n) = unsafe { needed.as_mut() } {
            *n = msg.len() + 1;
        }
        if buf.is_null() || buf_len == 0 {
            return IDILIGO_ERR_ARGUMENT;
        }
        let fits = msg.len() < buf_len;
        let mut take = msg.len().min(buf_len - 1);
        // Do not cut a UTF-8 sequence in half.
        while take > 0 && take < msg.len() && (msg[take] & 0xC0) == 0x80 {
            take -= 1;
        }
        unsafe {
            std::ptr::copy_nonoverlapping(msg.as_ptr(), buf.cast::<u8>(), take);
            *buf.add(take) = 0;
        }
        if fits {
            IDILIGO_OK
        } else {
            IDILIGO_ERR_ARGUMENT
        }
    })
}

/// Boxes a failure into a new error object.
pub(crate) fn new_error(f: &Failure) -> *mut idiligo_error {
    Box::into_raw(Box::new(idiligo_error::from(f)))
}
