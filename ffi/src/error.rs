//! The error object handed to C, and the thread-local last-error mirror.
//!
//! Nothing the Rust error carries is lost on the way to C: every field the core exposes
//! ([`idiligo_core::Error`]'s accessors) has its accessor here, and text that can hold NUL
//! bytes (it comes from raw HTTP bodies) is kept byte for byte and handed out with its
//! length.

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::time::Duration;

use idiligo_core::{CreatedItem, TimeoutPhase};

use crate::{IDILIGO_ERR_ARGUMENT, IDILIGO_ERR_PANIC, IDILIGO_ERR_PARSE, IDILIGO_OK};

/// `idiligo_error_cleanup_kept_kind`: a participant (`CreateContact`; the service cannot
/// delete one).
pub const IDILIGO_CREATED_CONTACT: i32 = 1;
/// `idiligo_error_cleanup_kept_kind`: a meeting (`CreateCall`).
pub const IDILIGO_CREATED_CALL: i32 = 2;
/// `idiligo_error_cleanup_kept_kind`: a stored document.
pub const IDILIGO_CREATED_DOCUMENT: i32 = 3;

/// `idiligo_error_timeout_phase`: not a timeout error.
pub const IDILIGO_TIMEOUT_NONE: i32 = 0;
/// `idiligo_error_timeout_phase`: establishing the connection (DNS, TCP, TLS, proxy).
pub const IDILIGO_TIMEOUT_CONNECT: i32 = 1;
/// `idiligo_error_timeout_phase`: the whole request/response exchange of an API call.
pub const IDILIGO_TIMEOUT_REQUEST: i32 = 2;
/// `idiligo_error_timeout_phase`: no byte of a download arrived within the stall timeout.
pub const IDILIGO_TIMEOUT_STALL: i32 = 3;
/// `idiligo_error_timeout_phase`: the overall deadline of a wait (`idiligo_client_wait_for_attachments`).
pub const IDILIGO_TIMEOUT_WAIT: i32 = 4;
/// `idiligo_error_timeout_phase`: the total deadline of a download
/// (`idiligo_options_set_download_timeout_ms`) passed while it was still making progress.
pub const IDILIGO_TIMEOUT_DOWNLOAD: i32 = 5;

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

/// What a failed `start_meeting` had created.
#[derive(Debug, Clone, Default)]
pub(crate) struct PartialInfo {
    pub call_id: Option<String>,
    pub contact_id: Option<String>,
    pub public_id: Option<String>,
    pub contact_attached: bool,
    pub values_set: bool,
    /// `(external id, document id, bound)` in request order.
    pub documents: Vec<(String, String, bool)>,
    /// The clean-up report, when the request asked for one and something had been created.
    pub cleanup: Option<CleanupInfo>,
}

/// What the clean-up after a failed `start_meeting` did.
#[derive(Debug, Clone, Default)]
pub(crate) struct CleanupInfo {
    pub deleted: Vec<String>,
    pub ended_call: Option<String>,
    /// `(IDILIGO_CREATED_*, id, reason)`.
    pub kept: Vec<(i32, String, String)>,
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
    pub service_detail: Option<String>,
    pub content_type: Option<String>,
    pub excerpt: Option<String>,
    pub timeout_phase: i32,
    pub timeout_after: Option<Duration>,
    pub size_limit: Option<u64>,
    pub os_error_code: Option<i32>,
    pub retry_after: Option<Duration>,
    pub http_url: Option<String>,
    pub never_sent: bool,
    pub step: Option<&'static str>,
    pub document_index: Option<usize>,
    pub partial: Option<PartialInfo>,
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
            service_detail: None,
            content_type: None,
            excerpt: None,
            timeout_phase: IDILIGO_TIMEOUT_NONE,
            timeout_after: None,
            size_limit: None,
            os_error_code: None,
            retry_after: None,
            http_url: None,
            // Raised by this layer before anything was sent.
            never_sent: true,
            step: None,
            document_index: None,
            partial: None,
        }))
    }

    /// A failure of another code (panic, parse) raised by the C layer itself.
    pub fn other(code: i32, kind: &'static str, operation: &str, message: String) -> Failure {
        let mut f = Failure::arg(message);
        f.code = code;
        f.kind = kind;
        // A panic or a result this layer could not hand out may come after the request left.
        f.never_sent = false;
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

fn phase_code(phase: TimeoutPhase) -> i32 {
    match phase {
        TimeoutPhase::Connect => IDILIGO_TIMEOUT_CONNECT,
        TimeoutPhase::Request => IDILIGO_TIMEOUT_REQUEST,
        TimeoutPhase::Stall => IDILIGO_TIMEOUT_STALL,
        TimeoutPhase::Wait => IDILIGO_TIMEOUT_WAIT,
        TimeoutPhase::Download => IDILIGO_TIMEOUT_DOWNLOAD,
        // A phase added to the core later: still a timeout, of no phase known to this header.
        #[allow(unreachable_patterns)]
        _ => IDILIGO_TIMEOUT_NONE,
    }
}

impl From<idiligo_core::Error> for Failure {
    fn from(e: idiligo_core::Error) -> Failure {
        let kind = e.kind();
        let owned = |s: Option<&str>| s.map(str::to_owned);
        let partial = e.partial_meeting().map(|p| PartialInfo {
            call_id: p.call_id.as_ref().map(|i| i.as_str().to_owned()),
            contact_id: p.contact_id.as_ref().map(|i| i.as_str().to_owned()),
            public_id: p.public_id.as_ref().map(|i| i.as_str().to_owned()),
            contact_attached: p.contact_attached,
            values_set: p.values_set,
            documents: p
                .documents
                .iter()
                .map(|d| (d.external_id.clone(), d.document_id.as_str().to_owned(), d.bound))
                .collect(),
            cleanup: p.cleanup.as_ref().map(|c| CleanupInfo {
                deleted: c.deleted_documents.iter().map(|d| d.as_str().to_owned()).collect(),
                ended_call: c.ended_call.as_ref().map(|c| c.as_str().to_owned()),
                kept: c
                    .not_removed
                    .iter()
                    .map(|(item, why)| {
                        let (kind, id) = match item {
                            CreatedItem::Contact(id) => (IDILIGO_CREATED_CONTACT, id.as_str().to_owned()),
                            CreatedItem::Call(id) => (IDILIGO_CREATED_CALL, id.as_str().to_owned()),
                            CreatedItem::Document(id) => (IDILIGO_CREATED_DOCUMENT, id.as_str().to_owned()),
                            // A kind of item a later core creates: kind 0, and its description
                            // ("kind id") instead of a bare id, so it is not lost.
                            other => (0, other.to_string()),
                        };
                        (kind, id, why.clone())
                    })
                    .collect(),
            }),
        });
        let step = e.meeting_step();
        Failure(Box::new(FailureInfo {
            code: kind.c_status(),
            kind: kind.as_str(),
            message: e.to_string(),
            operation: e.operation().to_owned(),
            http_status: e.http_status(),
            retryable: e.retryable(),
            service_message: owned(e.service_message()),
            service_detail: owned(e.service_detail()),
            content_type: owned(e.http_content_type()),
            excerpt: owned(e.http_excerpt()),
            timeout_phase: e.timeout_phase().map_or(IDILIGO_TIMEOUT_NONE, phase_code),
            timeout_after: e.timeout_after(),
            size_limit: e.size_limit(),
            os_error_code: e.os_error_code(),
            retry_after: e.retry_after(),
            http_url: owned(e.http_url()),
            never_sent: e.never_sent(),
            step: step.map(|s| s.name()),
            document_index: step.and_then(|s| s.document_index()),
            partial,
        }))
    }
}

/// A C string for a borrowed accessor or an owned `char **` result.
///
/// The rule of this library: a string is never cut at an interior NUL. Values that reach a
/// plain C string (ids, URLs, names, XML documents, paths) cannot hold one — XML 1.0 has no
/// U+0000 and the parser rejects it — and if one ever did, the call that produced it fails
/// with `IDILIGO_ERR_PARSE` instead of returning a shortened string. Text that can hold NUL
/// bytes (the error texts taken from HTTP bodies) is a [`Text`] handed out with its length.
pub(crate) fn c_text(s: impl Into<Vec<u8>>, what: &str) -> Result<CString, Failure> {
    CString::new(s).map_err(|e| {
        Failure::other(
            IDILIGO_ERR_PARSE,
            "parse",
            "",
            format!(
                "{what} contains a NUL byte at offset {}; a C string would cut it there",
                e.nul_position()
            ),
        )
    })
}

/// Text kept byte for byte (interior NULs included), followed by one terminating NUL.
pub(crate) struct Text(Box<[u8]>);

impl Text {
    fn new(s: &str) -> Text {
        let mut v = Vec::with_capacity(s.len() + 1);
        v.extend_from_slice(s.as_bytes());
        v.push(0);
        Text(v.into_boxed_slice())
    }

    fn ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }

    /// Length in bytes, without the terminating NUL.
    fn len(&self) -> usize {
        self.0.len() - 1
    }
}

/// A text accessor's result: the pointer (or NULL), its length written to `len` if given.
unsafe fn text_out(t: Option<&Text>, len: *mut usize) -> *const c_char {
    if let Some(l) = unsafe { len.as_mut() } {
        *l = t.map_or(0, Text::len);
    }
    t.map_or(std::ptr::null(), Text::ptr)
}

/// A string for the error object that cannot hold a NUL (kind, operation, step, ids); one
/// that did would come from a bug, and is cut there rather than failing the error report.
fn plain(s: &str) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let mut v = e.into_vec();
        let at = v.iter().position(|&b| b == 0).unwrap_or(v.len());
        v.truncate(at);
        CString::new(v).unwrap_or_default()
    })
}

struct PartialC {
    call_id: Option<CString>,
    contact_id: Option<CString>,
    public_id: Option<CString>,
    contact_attached: bool,
    values_set: bool,
    /// `(external id, document id, bound)`.
    documents: Vec<(CString, CString, bool)>,
    cleanup: Option<CleanupC>,
}

struct CleanupC {
    deleted: Vec<CString>,
    ended_call: Option<CString>,
    /// `(IDILIGO_CREATED_*, id, reason)`.
    kept: Vec<(i32, CString, Text)>,
}

/// An error returned through `idiligo_error **err`.
///
/// Owned by the caller; free it with `idiligo_error_free`. Immutable: all accessors may be
/// called from any thread, concurrently. Strings returned by its accessors are borrowed and
/// live as long as the error object.
pub struct idiligo_error {
    code: i32,
    kind: CString,
    message: Text,
    operation: CString,
    http_status: i32,
    retryable: bool,
    service_message: Option<Text>,
    service_detail: Option<Text>,
    content_type: Option<CString>,
    excerpt: Option<Text>,
    timeout_phase: i32,
    timeout_after: Option<Duration>,
    size_limit: Option<u64>,
    os_error_code: Option<i32>,
    retry_after: Option<Duration>,
    http_url: Option<CString>,
    never_sent: bool,
    step: Option<CString>,
    document_index: Option<usize>,
    partial: Option<PartialC>,
}

impl From<&Failure> for idiligo_error {
    fn from(f: &Failure) -> Self {
        let text = |s: &Option<String>| s.as_deref().map(Text::new);
        let opt = |s: &Option<String>| s.as_deref().map(plain);
        idiligo_error {
            code: f.code,
            kind: plain(f.kind),
            message: Text::new(&f.message),
            operation: plain(&f.operation),
            http_status: f.http_status.map(i32::from).unwrap_or(0),
            retryable: f.retryable,
            service_message: text(&f.service_message),
            service_detail: text(&f.service_detail),
            content_type: opt(&f.content_type),
            excerpt: text(&f.excerpt),
            timeout_phase: f.timeout_phase,
            timeout_after: f.timeout_after,
            size_limit: f.size_limit,
            os_error_code: f.os_error_code,
            retry_after: f.retry_after,
            http_url: opt(&f.http_url),
            never_sent: f.never_sent,
            step: f.step.map(plain),
            document_index: f.document_index,
            partial: f.partial.as_ref().map(|p| PartialC {
                call_id: opt(&p.call_id),
                contact_id: opt(&p.contact_id),
                public_id: opt(&p.public_id),
                contact_attached: p.contact_attached,
                values_set: p.values_set,
                documents: p.documents.iter().map(|(e, d, b)| (plain(e), plain(d), *b)).collect(),
                cleanup: p.cleanup.as_ref().map(|c| CleanupC {
                    deleted: c.deleted.iter().map(|d| plain(d)).collect(),
                    ended_call: c.ended_call.as_deref().map(plain),
                    kept: c
                        .kept
                        .iter()
                        .map(|(k, id, why)| (*k, plain(id), Text::new(why)))
                        .collect(),
                }),
            }),
        }
    }
}

thread_local! {
    static LAST: RefCell<Option<(i32, Vec<u8>)>> = const { RefCell::new(None) };
}

/// Records `f` as this thread's last error.
pub(crate) fn set_last(f: &Failure) {
    let _ = LAST.try_with(|l| *l.borrow_mut() = Some((f.code, f.message.as_bytes().to_vec())));
}

/// Clears this thread's last error (at the start of every status-returning call).
pub(crate) fn clear_last() {
    let _ = LAST.try_with(|l| *l.borrow_mut() = None);
}

static EMPTY: &CStr = c"";

fn opt_ptr(s: Option<&CString>) -> *const c_char {
    s.map_or(std::ptr::null(), |s| s.as_ptr())
}

fn with<'a>(err: *const idiligo_error) -> Option<&'a idiligo_error> {
    unsafe { err.as_ref() }
}

/// Writes `v` to `out` (if not NULL) and returns true when there is a value.
unsafe fn optional<T: Copy>(v: Option<T>, out: *mut T) -> bool {
    match v {
        Some(v) => {
            if let Some(o) = unsafe { out.as_mut() } {
                *o = v;
            }
            true
        }
        None => false,
    }
}

/// The status code of the error (`IDILIGO_ERR_*`); `IDILIGO_ERR_ARGUMENT` for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_code(err: *const idiligo_error) -> i32 {
    ffi_value!(IDILIGO_ERR_PANIC, {
        with(err).map_or(IDILIGO_ERR_ARGUMENT, |e| e.code)
    })
}

/// A short, stable, lower-case name of the error's kind: `"invalid_argument"`, `"connect"`,
/// `"timeout"`, `"transport"`, `"tls"`, `"http"`, `"service"`, `"auth"`, `"parse"`,
/// `"too_large"`, `"io"`, `"cancelled"` or `"panic"`. Borrowed from `err`; `""` for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_kind(err: *const idiligo_error) -> *const c_char {
    ffi_value!(EMPTY.as_ptr(), {
        with(err).map_or(EMPTY.as_ptr(), |e| e.kind.as_ptr())
    })
}

/// The full message, e.g. `"GetPublicCallId: service error: Unknown callId."`. Never contains
/// a secret. Borrowed from `err`; `""` for `NULL`.
///
/// The message may quote text the service sent, which can hold NUL bytes: the returned
/// buffer holds all of it (NUL-terminated), and `*len` (if `len` is not `NULL`) receives its
/// length in bytes without the terminator. Printing it with `%s` stops at the first NUL.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_message(err: *const idiligo_error, len: *mut usize) -> *const c_char {
    ffi_value!(EMPTY.as_ptr(), {
        match with(err) {
            Some(e) => unsafe { text_out(Some(&e.message), len) },
            None => {
                unsafe { text_out(None, len) };
                EMPTY.as_ptr()
            }
        }
    })
}

/// The operation that failed: a service operation (`"Login"`, `"CreateCall"`, …, or the
/// name given to `idiligo_client_call`), `"Download"`, `"wait_for_attachments"`,
/// `"start_meeting"` (validation), `"configuration"`, or for argument errors detected by this
/// layer the C function's name. Borrowed from `err`; `""` for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_operation(err: *const idiligo_error) -> *const c_char {
    ffi_value!(EMPTY.as_ptr(), {
        with(err).map_or(EMPTY.as_ptr(), |e| e.operation.as_ptr())
    })
}

/// The HTTP status of the answer that caused the error, or 0 when there was none. For an
/// `IDILIGO_ERR_CONNECT` error it is the proxy's status when the proxy refused to open the
/// tunnel (its answer to `CONNECT`, e.g. 407 Proxy Authentication Required: check the proxy
/// URL's credentials); the request never reached the service then.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_http_status(err: *const idiligo_error) -> i32 {
    ffi_value!(0, { with(err).map_or(0, |e| e.http_status) })
}

/// Whether repeating the same call later may succeed (transient network failures, timeouts,
/// HTTP 408/429/502/503/504). The client already retried where that was safe.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_retryable(err: *const idiligo_error) -> bool {
    ffi_value!(false, { with(err).is_some_and(|e| e.retryable) })
}

/// The service's own message for `IDILIGO_ERR_SERVICE` and `IDILIGO_ERR_AUTH` errors
/// (e.g. `"Unknown callId."`), otherwise `NULL`. Borrowed from `err`. `*len` (if `len` is not
/// `NULL`) receives its length in bytes (0 for `NULL`); the text can hold NUL bytes.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_service_message(err: *const idiligo_error, len: *mut usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { text_out(with(err).and_then(|e| e.service_message.as_ref()), len) }
    })
}

/// The full (redacted) text of a service fault, for `IDILIGO_ERR_SERVICE` errors: the
/// exception type, message, inner exceptions and stack trace when the service sends them;
/// `NULL` for every other error. Borrowed from `err`. `*len` (if `len` is not `NULL`) receives
/// its length in bytes (0 for `NULL`); the text can hold NUL bytes.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_service_detail(err: *const idiligo_error, len: *mut usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { text_out(with(err).and_then(|e| e.service_detail.as_ref()), len) }
    })
}

/// The `Content-Type` of the answer behind an `IDILIGO_ERR_HTTP` error (e.g.
/// `"text/html; charset=utf-8"`), or `NULL` when it had none or for every other error.
/// Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_http_content_type(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(with(err).and_then(|e| e.content_type.as_ref()))
    })
}

/// The first few hundred characters of the body behind an `IDILIGO_ERR_HTTP` error
/// (redacted, white space collapsed), or `NULL` for every other error. Borrowed from `err`.
/// `*len` (if `len` is not `NULL`) receives its length in bytes (0 for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_http_excerpt(err: *const idiligo_error, len: *mut usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { text_out(with(err).and_then(|e| e.excerpt.as_ref()), len) }
    })
}

/// Which timeout passed, for an `IDILIGO_ERR_TIMEOUT` error: `IDILIGO_TIMEOUT_CONNECT`,
/// `_REQUEST`, `_STALL`, `_WAIT` or `_DOWNLOAD`; `IDILIGO_TIMEOUT_NONE` (0) for every other
/// error (and for a timeout of a phase newer than this header).
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_timeout_phase(err: *const idiligo_error) -> i32 {
    ffi_value!(IDILIGO_TIMEOUT_NONE, {
        with(err).map_or(IDILIGO_TIMEOUT_NONE, |e| e.timeout_phase)
    })
}

/// For an `IDILIGO_ERR_TIMEOUT` error: writes the configured duration that passed, in
/// nanoseconds (exact), to `*ns_out` (if not `NULL`) and returns true; false for every other
/// error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_timeout_ns(err: *const idiligo_error, ns_out: *mut u64) -> bool {
    ffi_value!(false, {
        let ns = with(err)
            .and_then(|e| e.timeout_after)
            .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        unsafe { optional(ns, ns_out) }
    })
}

/// For an `IDILIGO_ERR_TOO_LARGE` error: writes the size limit in bytes that was exceeded to
/// `*limit_out` (if not `NULL`) and returns true; false for every other error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_size_limit(err: *const idiligo_error, limit_out: *mut u64) -> bool {
    ffi_value!(false, {
        unsafe { optional(with(err).and_then(|e| e.size_limit), limit_out) }
    })
}

/// For an `IDILIGO_ERR_IO` error: writes the operating system's error code (`errno`, a
/// Windows error code) to `*code_out` (if not `NULL`) and returns true; false when the OS
/// reported none, and for every other error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_os_error_code(err: *const idiligo_error, code_out: *mut i32) -> bool {
    ffi_value!(false, {
        unsafe { optional(with(err).and_then(|e| e.os_error_code), code_out) }
    })
}

/// For an `IDILIGO_ERR_HTTP` error caused by a 429 or 503 answer with a `Retry-After` header
/// (seconds or an HTTP date): writes the delay the server asked for, in nanoseconds, to
/// `*ns_out` (if not `NULL`) and returns true; false for every other error. The client waits
/// for such a delay itself (and retries) when it is at most
/// `idiligo_options_set_max_retry_after_ms` (30 s by default); a longer one is returned at
/// once, so the caller can come back later.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_retry_after_ns(err: *const idiligo_error, ns_out: *mut u64) -> bool {
    ffi_value!(false, {
        let ns = with(err)
            .and_then(|e| e.retry_after)
            .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        unsafe { optional(ns, ns_out) }
    })
}

/// For an `IDILIGO_ERR_HTTP` error: the URL that was requested, without its query and with
/// any user info masked (`https://***@host/…`), e.g.
/// `"https://app.idiligo.com/InsideService20.asmx/GetAttachments"` or a download's URL.
/// Borrowed from `err`; `NULL` for every other error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_http_url(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(with(err).and_then(|e| e.http_url.as_ref()))
    })
}

/// Whether the request provably never left this machine: argument errors, connect failures
/// (also a proxy refusing `CONNECT`), TLS failures, connect timeouts, and calls cancelled
/// before anything was sent. Then even an operation that creates something may be repeated
/// without risking a duplicate. False when the request (or an earlier attempt of it) may
/// have reached the service — for an `IDILIGO_ERR_CANCELLED` error: it was cancelled after
/// the request was sent, so it may have taken effect. False for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_never_sent(err: *const idiligo_error) -> bool {
    ffi_value!(false, { with(err).is_some_and(|e| e.never_sent) })
}

/// For a failed `idiligo_client_start_meeting`: the step that failed — `"validate"`, or the
/// operation it ran: `"CreateContact"`, `"CreateCall"`, `"SetContact"`, `"GetPublicCallId"`,
/// `"SetValues"`, `"AddDocumentFromUrl"`, `"AddDocumentFromBytesEx"` (an upload from bytes or
/// a file), `"SetDocumentToUploadAction"`, `"GetDocumentStatus"` (the wait until converted),
/// `"GetAgentUrl"` (for the document steps, and for `"validate"` when a check of one document
/// failed, `idiligo_error_meeting_document_index` tells which document);
/// `NULL` for every other error. Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_meeting_step(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), { opt_ptr(with(err).and_then(|e| e.step.as_ref())) })
}

/// For a failed `idiligo_client_start_meeting` at a document step (`AddDocumentFromUrl`,
/// `AddDocumentFromBytesEx`, `SetDocumentToUploadAction`, `GetDocumentStatus`, or `validate`
/// when a check of one document failed: empty file name, missing file, over the cap): writes the
/// index of the document (in the order added to the request) to `*index_out` (if not `NULL`)
/// and returns true; false otherwise.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_meeting_document_index(
    err: *const idiligo_error,
    index_out: *mut usize,
) -> bool {
    ffi_value!(false, {
        unsafe { optional(with(err).and_then(|e| e.document_index), index_out) }
    })
}

fn partial<'a>(err: *const idiligo_error) -> Option<&'a PartialC> {
    with(err).and_then(|e| e.partial.as_ref())
}

/// For a failed `idiligo_client_start_meeting`: the meeting (call) id created before the
/// failure, or `NULL` if none was created (or for any other error). Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_call_id(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(partial(err).and_then(|p| p.call_id.as_ref()))
    })
}

/// For a failed `idiligo_client_start_meeting`: the participant (contact) id created before
/// the failure, or `NULL`. Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_contact_id(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(partial(err).and_then(|p| p.contact_id.as_ref()))
    })
}

/// For a failed `idiligo_client_start_meeting`: the public id fetched before the failure, or
/// `NULL`. Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_public_id(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(partial(err).and_then(|p| p.public_id.as_ref()))
    })
}

/// For a failed `idiligo_client_start_meeting`: whether the participant had been attached to
/// the meeting (`SetContact` succeeded). False for any other error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_contact_attached(err: *const idiligo_error) -> bool {
    ffi_value!(false, { partial(err).is_some_and(|p| p.contact_attached) })
}

/// For a failed `idiligo_client_start_meeting`: whether the values had been written
/// (`SetValues` succeeded, or there were none). False for any other error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_values_set(err: *const idiligo_error) -> bool {
    ffi_value!(false, { partial(err).is_some_and(|p| p.values_set) })
}

/// For a failed `idiligo_client_start_meeting`: how many documents had been stored
/// (`AddDocumentFromUrl` succeeded) before the failure; 0 for any other error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_document_count(err: *const idiligo_error) -> usize {
    ffi_value!(0, { partial(err).map_or(0, |p| p.documents.len()) })
}

/// The service's document id of stored document `index` of a failed start (request order).
/// Borrowed from `err`; `NULL` if `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_document_id(err: *const idiligo_error, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(partial(err).and_then(|p| p.documents.get(index)).map(|d| &d.1))
    })
}

/// The caller's external id of stored document `index` of a failed start. Borrowed from
/// `err`; `NULL` if `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_document_external_id(
    err: *const idiligo_error,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(partial(err).and_then(|p| p.documents.get(index)).map(|d| &d.0))
    })
}

/// Whether stored document `index` of a failed start had been bound to the upload action
/// (`SetDocumentToUploadAction` succeeded). False if `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_partial_document_bound(err: *const idiligo_error, index: usize) -> bool {
    ffi_value!(false, {
        partial(err).and_then(|p| p.documents.get(index)).is_some_and(|d| d.2)
    })
}

fn cleanup<'a>(err: *const idiligo_error) -> Option<&'a CleanupC> {
    partial(err).and_then(|p| p.cleanup.as_ref())
}

/// For a failed `idiligo_client_start_meeting` whose request asked for a clean-up
/// (`idiligo_meeting_request_set_cleanup_on_failure`): whether the clean-up ran (something
/// had been created before the failure). The other `idiligo_error_cleanup_*` accessors then
/// say what it removed and kept. False for every other error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_cleanup_ran(err: *const idiligo_error) -> bool {
    ffi_value!(false, { cleanup(err).is_some() })
}

/// How many documents the clean-up deleted (`DeleteDocument` answered true); 0 when no
/// clean-up ran.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_cleanup_deleted_count(err: *const idiligo_error) -> usize {
    ffi_value!(0, { cleanup(err).map_or(0, |c| c.deleted.len()) })
}

/// The id of deleted document `index` (in the order they were created). Borrowed from `err`;
/// `NULL` if `index` is out of range or no clean-up ran.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_cleanup_deleted_document_id(
    err: *const idiligo_error,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(cleanup(err).and_then(|c| c.deleted.get(index)))
    })
}

/// The call the clean-up ended with `EndCall`, or `NULL` (none was created, ending it failed,
/// or no clean-up ran). Borrowed from `err`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_cleanup_ended_call_id(err: *const idiligo_error) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(cleanup(err).and_then(|c| c.ended_call.as_ref()))
    })
}

/// How many created items the clean-up could not remove (a contact always: the service cannot
/// delete one; a document `DeleteDocument` failed for or did not know; a call `EndCall`
/// failed for); 0 when no clean-up ran.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_cleanup_kept_count(err: *const idiligo_error) -> usize {
    ffi_value!(0, { cleanup(err).map_or(0, |c| c.kept.len()) })
}

/// What kept item `index` is: `IDILIGO_CREATED_CONTACT`, `_CALL` or `_DOCUMENT`; 0 if
/// `index` is out of range (or for a kind newer than this header).
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_cleanup_kept_kind(err: *const idiligo_error, index: usize) -> i32 {
    ffi_value!(0, { cleanup(err).and_then(|c| c.kept.get(index)).map_or(0, |k| k.0) })
}

/// The id of kept item `index` (contact, call or document id). Borrowed from `err`; `NULL` if
/// `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_cleanup_kept_id(err: *const idiligo_error, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        opt_ptr(cleanup(err).and_then(|c| c.kept.get(index)).map(|k| &k.1))
    })
}

/// Why kept item `index` stayed (e.g. `"the service has no operation that deletes a
/// contact"`, or the error of the `DeleteDocument`/`EndCall` that failed; redacted). Borrowed
/// from `err`; `NULL` if `index` is out of range. `*len` (if `len` is not `NULL`) receives
/// its length in bytes (0 for `NULL`); the text can hold NUL bytes when it quotes the service.
#[no_mangle]
pub unsafe extern "C" fn idiligo_error_cleanup_kept_reason(
    err: *const idiligo_error,
    index: usize,
    len: *mut usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { text_out(cleanup(err).and_then(|c| c.kept.get(index)).map(|k| &k.2), len) }
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
/// including the terminating NUL (so the message's length is `*needed - 1`, NUL bytes it
/// quotes from the service included). Returns `IDILIGO_OK` when the whole message fit into
/// `buf_len` bytes. When `buf` is `NULL` or too small it returns `IDILIGO_ERR_ARGUMENT`; a
/// too-small non-NULL buffer still receives as much of the message as fits (cut at a
/// character boundary, NUL-terminated). This function does not change the last error.
#[no_mangle]
pub unsafe extern "C" fn idiligo_last_error_message(buf: *mut c_char, buf_len: usize, needed: *mut usize) -> i32 {
    ffi_value!(IDILIGO_ERR_PANIC, {
        let msg: Vec<u8> = LAST
            .try_with(|l| l.borrow().as_ref().map(|(_, m)| m.clone()).unwrap_or_default())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interior_nul_is_an_error_not_a_cut() {
        let e = c_text("a\0b", "the value").unwrap_err();
        assert_eq!(e.code, IDILIGO_ERR_PARSE);
        assert!(e.message.contains("offset 1"), "{}", e.message);
        assert_eq!(c_text("ab", "x").unwrap().as_bytes(), b"ab");
    }

    #[test]
    fn texts_keep_nul_bytes_and_give_their_length() {
        let mut f = Failure::arg("m\0essage");
        f.service_detail = Some("line\0two".into());
        let e = new_error(&f);
        unsafe {
            let mut len = 99;
            let p = idiligo_error_message(e, &mut len);
            assert_eq!(len, 8);
            assert_eq!(std::slice::from_raw_parts(p.cast::<u8>(), len + 1), b"m\0essage\0");
            let p = idiligo_error_service_detail(e, &mut len);
            assert_eq!(std::slice::from_raw_parts(p.cast::<u8>(), len), b"line\0two");
            assert!(idiligo_error_http_excerpt(e, &mut len).is_null());
            assert_eq!(len, 0);
            assert!(idiligo_error_service_message(e, std::ptr::null_mut()).is_null());
            idiligo_error_free(e);
        }
        // The last-error mirror keeps every byte too.
        set_last(&f);
        let mut needed = 0;
        let mut buf = [1 as c_char; 16];
        let rc = unsafe { idiligo_last_error_message(buf.as_mut_ptr(), buf.len(), &mut needed) };
        assert_eq!(rc, IDILIGO_OK);
        assert_eq!(needed, 9);
        assert_eq!(buf[1], 0);
        assert_eq!(buf[2] as u8, b'e');
        clear_last();
    }
}
