//! The one error type of the SDK, and the table that maps its kinds to the C status codes and
//! Python exception classes.

use std::fmt;

use crate::meeting::{MeetingStep, PartialMeeting};

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Coarse classification of an [`Error`].
///
/// This is the single table the C ABI and the Python package derive their status codes and
/// exception classes from, so the three layers never drift apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller passed something unusable (empty id, bad URL, invalid option).
    InvalidArgument,
    /// The connection could not be established (DNS, refused, unreachable, proxy).
    Connect,
    /// A connect, request or stall timeout passed.
    Timeout,
    /// TLS handshake or certificate verification failed, or a CA file could not be used.
    Tls,
    /// The connection broke while the request or response was in flight.
    Transport,
    /// The server answered with an HTTP status or content the protocol does not allow.
    Http,
    /// The service reported an error (HTTP 500 with a plain-text message).
    Service,
    /// Login failed or the session token was rejected and could not be renewed.
    Auth,
    /// The response could not be understood (malformed XML, wrong root element).
    Parse,
    /// A response or download exceeded its configured size cap.
    TooLarge,
    /// A local file-system operation failed (download target, CA file).
    Io,
    /// The caller cancelled the operation (progress callback, signal).
    Cancelled,
}

impl ErrorKind {
    /// Every kind, in the order of the table below.
    pub const ALL: [ErrorKind; 12] = [
        ErrorKind::InvalidArgument,
        ErrorKind::Connect,
        ErrorKind::Timeout,
        ErrorKind::Tls,
        ErrorKind::Transport,
        ErrorKind::Http,
        ErrorKind::Service,
        ErrorKind::Auth,
        ErrorKind::Parse,
        ErrorKind::TooLarge,
        ErrorKind::Io,
        ErrorKind::Cancelled,
    ];

    /// The C ABI status code for this kind (`IDILIGO_ERR_*`). Codes are grouped by family:
    /// 1xx argument, 2xx transport/timeout, 3xx TLS, 4xx HTTP, 5xx service/auth, 6xx parse
    /// and size, 7xx I/O, 8xx cancelled. 9xx is reserved for panics caught at the C boundary.
    pub const fn c_status(self) -> i32 {
        match self {
            ErrorKind::InvalidArgument => 100,
            ErrorKind::Connect => 200,
            ErrorKind::Timeout => 201,
            ErrorKind::Transport => 202,
            ErrorKind::Tls => 300,
            ErrorKind::Http => 400,
            ErrorKind::Service => 500,
            ErrorKind::Auth => 501,
            ErrorKind::Parse => 600,
            ErrorKind::TooLarge => 601,
            ErrorKind::Io => 700,
            ErrorKind::Cancelled => 800,
        }
    }

    /// The exit status of the `idiligo` command-line tool for an error of this kind: the C
    /// status's family times ten plus its place in the family (10 argument, 20/21/22
    /// connect/timeout/transport, 30 TLS, 40 HTTP,
    /// 50/51 service/auth, 60/61 parse/too large, 70 I/O, 80 cancelled). The tool's other codes
    /// are [`ErrorKind::EXIT_USAGE`] and [`ErrorKind::EXIT_MISMATCH`]; 0 is success. Every code
    /// fits 1–125, so shells never confuse one with a signal (128+N) or "not found" (126/127).
    ///
    /// ```
    /// use idiligo::ErrorKind;
    ///
    /// assert_eq!(ErrorKind::Service.exit_code(), 50);
    /// assert_eq!(ErrorKind::Auth.exit_code(), 51);
    /// assert_ne!(ErrorKind::InvalidArgument.exit_code(), ErrorKind::EXIT_USAGE);
    /// ```
    pub const fn exit_code(self) -> u8 {
        let c = self.c_status();
        ((c / 100) * 10 + c % 100) as u8
    }

    /// The command-line tool's exit status for a usage error: an unknown command or option, a
    /// missing or malformed argument (nothing was sent).
    pub const EXIT_USAGE: u8 = 2;

    /// The command-line tool's exit status when `idiligo check-service` found that the live
    /// service and the operation table differ.
    pub const EXIT_MISMATCH: u8 = 3;

    /// The name of the Python exception class raised for this kind (in `idiligo`).
    pub const fn python_class(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "InvalidArgumentError",
            ErrorKind::Connect => "ConnectError",
            ErrorKind::Timeout => "TimeoutError",
            ErrorKind::Tls => "TlsError",
            ErrorKind::Transport => "TransportError",
            ErrorKind::Http => "HttpError",
            ErrorKind::Service => "ServiceError",
            ErrorKind::Auth => "AuthError",
            ErrorKind::Parse => "ParseError",
            ErrorKind::TooLarge => "TooLargeError",
            ErrorKind::Io => "LocalIOError",
            ErrorKind::Cancelled => "CancelledError",
        }
    }

    /// A short lower-case name (`"timeout"`, `"service"`, …), stable across releases.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Connect => "connect",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Tls => "tls",
            ErrorKind::Transport => "transport",
            ErrorKind::Http => "http",
            ErrorKind::Service => "service",
            ErrorKind::Auth => "auth",
            ErrorKind::Parse => "parse",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Io => "io",
            ErrorKind::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which timeout passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// Establishing the connection (TCP, proxy, TLS): the connect timeout, or the request
    /// deadline when it passed before the connection stood (the request never left).
    Connect,
    /// The whole request/response exchange of an API call.
    Request,
    /// No byte arrived for longer than the stall timeout.
    Stall,
    /// The overall deadline of a wait/poll helper.
    Wait,
    /// The total deadline of a download ([`DownloadOptions::total_timeout`](crate::DownloadOptions::total_timeout)).
    Download,
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Connect => "connect",
            TimeoutPhase::Request => "request",
            TimeoutPhase::Stall => "stall",
            TimeoutPhase::Wait => "wait",
            TimeoutPhase::Download => "download",
        })
    }
}

/// Every failure the SDK reports.
///
/// Each variant names the operation (`"GetAttachments"`, `"Download"`, …) it happened in.
/// Messages never contain secrets or request bodies: values the service echoes back are
/// passed through a redactor that masks the configured API key, password, ticket and token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The caller passed an unusable argument or option.
    #[error("{operation}: invalid argument: {message}")]
    InvalidArgument {
        /// Operation or setting concerned.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },
    /// The connection could not be established; the request never left this machine.
    #[error("{operation}: could not connect: {message}")]
    Connect {
        /// Operation concerned.
        operation: &'static str,
        /// Cause, as reported by the transport.
        message: String,
    },
    /// A timeout passed.
    #[error("{operation}: {phase} timeout after {after:?}")]
    Timeout {
        /// Operation concerned.
        operation: &'static str,
        /// Which timeout.
        phase: TimeoutPhase,
        /// The configured duration that passed.
        after: std::time::Duration,
    },
    /// TLS failed (handshake, certificate verification, CA file).
    #[error("{operation}: TLS error: {message}")]
    Tls {
        /// Operation concerned.
        operation: &'static str,
        /// Cause.
        message: String,
    },
    /// The connection broke after the request may have reached the server.
    #[error("{operation}: connection failed during the exchange: {message}")]
    Transport {
        /// Operation concerned.
        operation: &'static str,
        /// Cause.
        message: String,
    },
    /// An HTTP answer the protocol does not allow (unexpected status or content type).
    #[error("{operation}: unexpected HTTP {status}{}{}: {excerpt}", content_type.as_deref().map(|c| format!(" ({c})")).unwrap_or_default(), url.as_deref().map(|u| format!(" from {u}")).unwrap_or_default())]
    Http {
        /// Operation concerned.
        operation: &'static str,
        /// HTTP status code.
        status: u16,
        /// The response's content type, if any (redacted).
        content_type: Option<String>,
        /// The first few hundred characters of the body, redacted.
        excerpt: String,
        /// The URL that was requested, without its query, redacted (user info masked).
        url: Option<String>,
        /// The delay the answer's `Retry-After` header asked for (on 429 and 503).
        retry_after: Option<std::time::Duration>,
    },
    /// The proxy refused to open a tunnel (its answer to `CONNECT` was not 2xx); the request
    /// never reached the service. A 407 means the proxy wants (other) credentials.
    #[error("{operation}: could not connect: the proxy answered CONNECT with HTTP {status}{}", proxy_hint(*status))]
    Proxy {
        /// Operation concerned.
        operation: &'static str,
        /// The proxy's HTTP status.
        status: u16,
    },
    /// The service reported an error: HTTP 500 with a plain-text message.
    #[error("{operation}: service error: {message}")]
    Service {
        /// Operation concerned.
        operation: &'static str,
        /// HTTP status (500 on ASMX services).
        status: u16,
        /// The exception message (first line, type prefix stripped, HTML entities decoded).
        message: String,
        /// The full text of the response, redacted (type name, inner exceptions, stack trace).
        detail: String,
    },
    /// Logging in failed, or the session token was rejected and could not be renewed.
    #[error("{operation}: authentication failed: {message}")]
    Auth {
        /// Operation concerned.
        operation: &'static str,
        /// The service's message.
        message: String,
        /// HTTP status, if the failure came from an HTTP answer.
        status: Option<u16>,
    },
    /// The response could not be understood.
    #[error("{operation}: could not parse the response: {message}")]
    Parse {
        /// Operation concerned.
        operation: &'static str,
        /// What was wrong.
        message: String,
    },
    /// A response or download exceeded its size cap.
    #[error("{operation}: response larger than the limit of {limit} bytes")]
    TooLarge {
        /// Operation concerned.
        operation: &'static str,
        /// The configured limit in bytes.
        limit: u64,
    },
    /// A local I/O operation failed.
    #[error("{operation}: {context}: {source}")]
    Io {
        /// Operation concerned.
        operation: &'static str,
        /// What was being done (`"creating the temporary file"` …).
        context: String,
        /// The file or directory concerned, when known (the download target, the directory,
        /// the CA file).
        path: Option<std::path::PathBuf>,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The caller cancelled the operation (a [`CancelToken`](crate::CancelToken), a progress
    /// callback or a poll hook).
    #[error("{operation}: cancelled{}", cancel_note(operation, *sent))]
    Cancelled {
        /// Operation concerned.
        operation: &'static str,
        /// Whether the request (or an earlier attempt of it) had already been sent, so the
        /// service may have carried it out (for an operation that creates something: the
        /// object may exist). `false` when nothing left this machine.
        sent: bool,
    },
    /// A step of [`Client::start_meeting`](crate::Client::start_meeting) failed; `partial`
    /// holds everything created before it, so nothing is lost.
    #[error("start_meeting failed at step {step}: {source}{}", partial.cleanup.as_ref().map(|c| format!(" (clean-up: {c})")).unwrap_or_default())]
    Meeting {
        /// The step that failed.
        step: MeetingStep,
        /// What had been created before the failure.
        partial: Box<PartialMeeting>,
        /// The underlying error.
        #[source]
        source: Box<Error>,
    },
}

/// The hint after a proxy's refusal.
fn proxy_hint(status: u16) -> &'static str {
    match status {
        407 => " (Proxy Authentication Required: check the user and password in the proxy URL)",
        401 | 403 => " (the proxy refuses this client: check the proxy URL and its credentials)",
        _ => "",
    }
}

/// What a cancel means on the service's side.
fn cancel_note(operation: &str, sent: bool) -> &'static str {
    if !sent {
        return "";
    }
    let reads = match crate::ops::Op::from_name(operation) {
        Some(op) => op.spec().effect == crate::ops::Effect::Read,
        None => matches!(operation, "Download" | "wait_for_attachments"),
    };
    if reads {
        " after the request was sent"
    } else {
        " after the request was sent: it may have taken effect on the service"
    }
}

impl Error {
    /// The kind of this error (for a [`Error::Meeting`], the kind of the underlying error).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::Connect { .. } | Error::Proxy { .. } => ErrorKind::Connect,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Tls { .. } => ErrorKind::Tls,
            Error::Transport { .. } => ErrorKind::Transport,
            Error::Http { .. } => ErrorKind::Http,
            Error::Service { .. } => ErrorKind::Service,
            Error::Auth { .. } => ErrorKind::Auth,
            Error::Parse { .. } => ErrorKind::Parse,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::Io { .. } => ErrorKind::Io,
            Error::Cancelled { .. } => ErrorKind::Cancelled,
            Error::Meeting { source, .. } => source.kind(),
        }
    }

    /// The operation the error happened in (`"Login"`, `"CreateCall"`, `"Download"`, …).
    pub fn operation(&self) -> &'static str {
        match self {
            Error::InvalidArgument { operation, .. }
            | Error::Connect { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Tls { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Http { operation, .. }
            | Error::Service { operation, .. }
            | Error::Auth { operation, .. }
            | Error::Parse { operation, .. }
            | Error::TooLarge { operation, .. }
            | Error::Io { operation, .. }
            | Error::Proxy { operation, .. }
            | Error::Cancelled { operation, .. } => operation,
            Error::Meeting { source, .. } => source.operation(),
        }
    }

    /// The HTTP status of the answer that caused the error, if there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. } | Error::Service { status, .. } | Error::Proxy { status, .. } => Some(*status),
            Error::Auth { status, .. } => *status,
            Error::Meeting { source, .. } => source.http_status(),
            _ => None,
        }
    }

    /// The service's own message for [`ErrorKind::Service`] and [`ErrorKind::Auth`] errors.
    pub fn service_message(&self) -> Option<&str> {
        match self {
            Error::Service { message, .. } | Error::Auth { message, .. } => Some(message),
            Error::Meeting { source, .. } => source.service_message(),
            _ => None,
        }
    }

    /// The underlying error: for an [`Error::Meeting`], the error of the failed step;
    /// otherwise the error itself.
    pub fn underlying(&self) -> &Error {
        match self {
            Error::Meeting { source, .. } => source.underlying(),
            other => other,
        }
    }

    /// The content type of the answer behind an [`ErrorKind::Http`] error, if it had one.
    pub fn http_content_type(&self) -> Option<&str> {
        match self.underlying() {
            Error::Http { content_type, .. } => content_type.as_deref(),
            _ => None,
        }
    }

    /// The (redacted) first few hundred characters of the body behind an
    /// [`ErrorKind::Http`] error.
    pub fn http_excerpt(&self) -> Option<&str> {
        match self.underlying() {
            Error::Http { excerpt, .. } => Some(excerpt),
            _ => None,
        }
    }

    /// The full (redacted) text of a service fault: type name, message, inner exceptions and
    /// stack trace when the service sends them. `None` for errors other than
    /// [`ErrorKind::Service`].
    pub fn service_detail(&self) -> Option<&str> {
        match self.underlying() {
            Error::Service { detail, .. } => Some(detail),
            _ => None,
        }
    }

    /// The delay the service asked for with `Retry-After` (seconds or an HTTP date) on a 429
    /// or 503 answer. The client waits that long before retrying when it is at most
    /// [`RetryPolicy::max_retry_after`](crate::RetryPolicy::max_retry_after); a longer delay is
    /// not waited for, and the error is returned at once.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self.underlying() {
            Error::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The URL requested (query left out, user info masked) behind an [`ErrorKind::Http`]
    /// error.
    pub fn http_url(&self) -> Option<&str> {
        match self.underlying() {
            Error::Http { url, .. } => url.as_deref(),
            _ => None,
        }
    }

    /// Which timeout passed, for an [`ErrorKind::Timeout`] error.
    pub fn timeout_phase(&self) -> Option<TimeoutPhase> {
        match self.underlying() {
            Error::Timeout { phase, .. } => Some(*phase),
            _ => None,
        }
    }

    /// The configured duration that passed, for an [`ErrorKind::Timeout`] error.
    pub fn timeout_after(&self) -> Option<std::time::Duration> {
        match self.underlying() {
            Error::Timeout { after, .. } => Some(*after),
            _ => None,
        }
    }

    /// The size limit in bytes that was exceeded, for an [`ErrorKind::TooLarge`] error.
    pub fn size_limit(&self) -> Option<u64> {
        match self.underlying() {
            Error::TooLarge { limit, .. } => Some(*limit),
            _ => None,
        }
    }

    /// For a failed [`Client::start_meeting`](crate::Client::start_meeting): the step that
    /// failed (its [`MeetingStep::document_index`] names the document of the document steps).
    pub fn meeting_step(&self) -> Option<MeetingStep> {
        match self {
            Error::Meeting { step, .. } => Some(*step),
            _ => None,
        }
    }

    /// For a failed [`Client::start_meeting`](crate::Client::start_meeting): everything created
    /// before the failure (every id, the documents with their `bound` flags).
    pub fn partial_meeting(&self) -> Option<&PartialMeeting> {
        match self {
            Error::Meeting { partial, .. } => Some(partial),
            _ => None,
        }
    }

    /// The I/O error behind an [`ErrorKind::Io`] error.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        match self.underlying() {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }

    /// The file or directory an [`ErrorKind::Io`] error concerns, when known (the download
    /// target, the directory of a download, the CA file).
    pub fn io_path(&self) -> Option<&std::path::Path> {
        match self.underlying() {
            Error::Io { path, .. } => path.as_deref(),
            _ => None,
        }
    }

    /// The operating system's error code (`errno`, Windows error code) behind an
    /// [`ErrorKind::Io`] error, looking through wrapping errors (such as tempfile's path
    /// errors); `None` when there is none.
    pub fn os_error_code(&self) -> Option<i32> {
        let io = self.io_error()?;
        if let Some(code) = io.raw_os_error() {
            return Some(code);
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = io.get_ref().map(|e| e as _);
        while let Some(e) = source {
            if let Some(code) = e
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::raw_os_error)
            {
                return Some(code);
            }
            source = e.source();
        }
        None
    }

    /// Whether repeating the same call later may succeed (transient transport failures,
    /// timeouts, 408/429/502/503/504, a proxy's 5xx). Note that the client already retried
    /// where that was safe. A proxy's 401/403/407 is not retryable: the credentials are wrong.
    pub fn retryable(&self) -> bool {
        match self {
            Error::Connect { .. } | Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Proxy { status, .. } => *status >= 500,
            Error::Http { status, .. } => matches!(status, 408 | 429 | 502 | 503 | 504),
            Error::Meeting { source, .. } => source.retryable(),
            _ => false,
        }
    }

    /// Whether the request provably never left this machine (so even an operation that
    /// creates something can be repeated safely). For a cancelled call: whether it was
    /// cancelled before anything was sent.
    pub fn never_sent(&self) -> bool {
        match self {
            Error::Cancelled { sent, .. } => !sent,
            Error::Connect { .. }
            | Error::Proxy { .. }
            | Error::InvalidArgument { .. }
            | Error::Tls { .. }
            | Error::Timeout {
                phase: TimeoutPhase::Connect,
                ..
            } => true,
            Error::Meeting { source, .. } => source.never_sent(),
            _ => false,
        }
    }

    /// An equivalent error (for each waiter of a shared login): every field copied; an I/O
    /// error keeps its kind, its OS error code or else its message.
    pub(crate) fn duplicate(&self) -> Error {
        match self {
            Error::InvalidArgument { operation, message } => Error::invalid(operation, message.clone()),
            Error::Connect { operation, message } => Error::Connect {
                operation,
                message: message.clone(),
            },
            Error::Timeout {
                operation,
                phase,
                after,
            } => Error::Timeout {
                operation,
                phase: *phase,
                after: *after,
            },
            Error::Tls { operation, message } => Error::Tls {
                operation,
                message: message.clone(),
            },
            Error::Transport { operation, message } => Error::Transport {
                operation,
                message: message.clone(),
            },
            Error::Http {
                operation,
                status,
                content_type,
                excerpt,
                url,
                retry_after,
            } => Error::Http {
                operation,
                status: *status,
                content_type: content_type.clone(),
                excerpt: excerpt.clone(),
                url: url.clone(),
                retry_after: *retry_after,
            },
            Error::Proxy { operation, status } => Error::Proxy {
                operation,
                status: *status,
            },
            Error::Service {
                operation,
                status,
                message,
                detail,
            } => Error::Service {
                operation,
                status: *status,
                message: message.clone(),
                detail: detail.clone(),
            },
            Error::Auth {
                operation,
                message,
                status,
            } => Error::Auth {
                operation,
                message: message.clone(),
                status: *status,
            },
            Error::Parse { operation, message } => Error::parse(operation, message.clone()),
            Error::TooLarge { operation, limit } => Error::TooLarge {
                operation,
                limit: *limit,
            },
            Error::Io {
                operation,
                context,
                path,
                source,
            } => Error::Io {
                operation,
                context: context.clone(),
                path: path.clone(),
                source: match source.raw_os_error() {
                    Some(code) => std::io::Error::from_raw_os_error(code),
                    None => std::io::Error::new(source.kind(), source.to_string()),
                },
            },
            Error::Cancelled { operation, sent } => Error::Cancelled { operation, sent: *sent },
            Error::Meeting { step, partial, source } => Error::Meeting {
                step: *step,
                partial: partial.clone(),
                source: Box::new(source.duplicate()),
            },
        }
    }

    pub(crate) fn invalid(operation: &'static str, message: impl Into<String>) -> Error {
        Error::InvalidArgument {
            operation,
            message: message.into(),
        }
    }

    pub(crate) fn io(operation: &'static str, context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            operation,
            context: context.into(),
            path: None,
            source,
        }
    }

    /// The same error naming the file or directory it concerns ([`Error::io_path`]); a path
    /// already named is kept, and other kinds of error are returned unchanged.
    pub(crate) fn at(mut self, file: &std::path::Path) -> Error {
        if let Error::Io { path: path @ None, .. } = &mut self {
            *path = Some(file.to_owned());
        }
        self
    }

    pub(crate) fn parse(operation: &'static str, message: impl Into<String>) -> Error {
        Error::Parse {
            operation,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Op;

    #[test]
    fn c_status_codes_are_unique_and_grouped() {
        let mut seen = std::collections::HashSet::new();
        for k in ErrorKind::ALL {
            assert!(seen.insert(k.c_status()), "duplicate code for {k}");
            assert!((100..900).contains(&k.c_status()));
        }
    }

    #[test]
    fn exit_codes_are_unique_fit_and_differ_from_usage() {
        let mut seen = std::collections::HashSet::new();
        for code in [0, ErrorKind::EXIT_USAGE, ErrorKind::EXIT_MISMATCH] {
            assert!(seen.insert(code), "duplicate tool code {code}");
        }
        for k in ErrorKind::ALL {
            let code = k.exit_code();
            assert!((1..=125).contains(&code), "{k}: {code} does not fit 1-125");
            // 101 is what a Rust program exits with when it panics.
            assert_ne!(code, 101, "{k}");
            assert!(seen.insert(code), "{k}: exit code {code} is used twice");
        }
    }

    #[test]
    fn every_kind_has_its_documented_codes_and_names() {
        use ErrorKind::*;
        let table = [
            (InvalidArgument, 100, 10, "InvalidArgumentError", "invalid_argument"),
            (Connect, 200, 20, "ConnectError", "connect"),
            (Timeout, 201, 21, "TimeoutError", "timeout"),
            (Tls, 300, 30, "TlsError", "tls"),
            (Transport, 202, 22, "TransportError", "transport"),
            (Http, 400, 40, "HttpError", "http"),
            (Service, 500, 50, "ServiceError", "service"),
            (Auth, 501, 51, "AuthError", "auth"),
            (Parse, 600, 60, "ParseError", "parse"),
            (TooLarge, 601, 61, "TooLargeError", "too_large"),
            (Io, 700, 70, "LocalIOError", "io"),
            (Cancelled, 800, 80, "CancelledError", "cancelled"),
        ];
        assert_eq!(table.map(|row| row.0), ErrorKind::ALL, "the table follows ALL");
        for (kind, c, exit, python, name) in table {
            assert_eq!(kind.c_status(), c, "{kind:?}");
            assert_eq!(kind.exit_code(), exit, "{kind:?}");
            assert_eq!(kind.python_class(), python, "{kind:?}");
            assert_eq!(kind.as_str(), name, "{kind:?}");
            assert_eq!(kind.to_string(), name, "{kind:?}");
        }
    }

    #[test]
    fn messages_name_the_timeout_phase_the_proxy_refusal_and_what_a_cancel_means() {
        let phases = [
            (TimeoutPhase::Connect, "connect"),
            (TimeoutPhase::Request, "request"),
            (TimeoutPhase::Stall, "stall"),
            (TimeoutPhase::Wait, "wait"),
            (TimeoutPhase::Download, "download"),
        ];
        for (phase, name) in phases {
            assert_eq!(phase.to_string(), name);
            let e = Error::Timeout {
                operation: Op::Login.name(),
                phase,
                after: std::time::Duration::from_secs(2),
            };
            assert_eq!(e.to_string(), format!("Login: {name} timeout after 2s"));
        }
        let proxy = |status| {
            Error::Proxy {
                operation: Op::Login.name(),
                status,
            }
            .to_string()
        };
        let refused = "Login: could not connect: the proxy answered CONNECT with HTTP";
        assert_eq!(
            proxy(407),
            format!("{refused} 407 (Proxy Authentication Required: check the user and password in the proxy URL)")
        );
        for status in [401, 403] {
            assert_eq!(
                proxy(status),
                format!("{refused} {status} (the proxy refuses this client: check the proxy URL and its credentials)")
            );
        }
        assert_eq!(proxy(502), format!("{refused} 502"));

        let cancelled = |operation, sent| Error::Cancelled { operation, sent }.to_string();
        assert_eq!(cancelled(Op::CreateCall.name(), false), "CreateCall: cancelled");
        assert_eq!(cancelled(Op::GetAttachments.name(), false), "GetAttachments: cancelled");
        let effect = ": it may have taken effect on the service";
        assert_eq!(
            cancelled(Op::CreateCall.name(), true),
            format!("CreateCall: cancelled after the request was sent{effect}")
        );
        for reads in [Op::GetAttachments.name(), "Download", "wait_for_attachments"] {
            assert_eq!(
                cancelled(reads, true),
                format!("{reads}: cancelled after the request was sent")
            );
        }
        assert_eq!(
            cancelled("start_meeting", true),
            format!("start_meeting: cancelled after the request was sent{effect}"),
            "an operation the table does not know may have written"
        );
    }

    #[test]
    fn statuses_and_service_messages_of_each_variant() {
        let auth = |status| Error::Auth {
            operation: Op::Login.name(),
            message: "Invalid credentials".into(),
            status,
        };
        assert_eq!(auth(Some(500)).http_status(), Some(500));
        assert_eq!(auth(None).http_status(), None);
        assert_eq!(auth(None).service_message(), Some("Invalid credentials"));
        let service = Error::Service {
            operation: Op::CreateCall.name(),
            status: 500,
            message: "Unknown template.".into(),
            detail: "System.Exception: Unknown template.".into(),
        };
        assert_eq!(service.service_message(), Some("Unknown template."));
        let meeting = Error::Meeting {
            step: MeetingStep::CreateCall,
            partial: Box::default(),
            source: Box::new(service.duplicate()),
        };
        assert_eq!(meeting.service_message(), Some("Unknown template."));
        let parse = Error::parse(Op::CreateCall.name(), "no long");
        assert_eq!(parse.service_message(), None);
        assert_eq!(parse.http_status(), None);
    }

    #[test]
    fn http_details_and_never_sent_look_through_a_meeting_error() {
        let in_meeting = |source: Error| Error::Meeting {
            step: MeetingStep::CreateCall,
            partial: Box::default(),
            source: Box::new(source),
        };
        let http = Error::Http {
            operation: Op::CreateCall.name(),
            status: 503,
            content_type: None,
            excerpt: String::new(),
            url: Some("https://h/InsideService20.asmx/CreateCall".into()),
            retry_after: Some(std::time::Duration::from_secs(7)),
        };
        for e in [http.duplicate(), in_meeting(http.duplicate())] {
            assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(7)));
            assert_eq!(e.http_url(), Some("https://h/InsideService20.asmx/CreateCall"));
            assert!(!e.never_sent(), "an answer came back");
        }
        let parse = Error::parse(Op::CreateCall.name(), "x");
        assert_eq!((parse.retry_after(), parse.http_url()), (None, None));

        let timeout = |phase| Error::Timeout {
            operation: Op::CreateCall.name(),
            phase,
            after: std::time::Duration::from_secs(1),
        };
        let never = [
            Error::Cancelled {
                operation: Op::CreateCall.name(),
                sent: false,
            },
            Error::Connect {
                operation: Op::CreateCall.name(),
                message: "refused".into(),
            },
            Error::Proxy {
                operation: Op::CreateCall.name(),
                status: 407,
            },
            Error::invalid(Op::CreateCall.name(), "bad"),
            Error::Tls {
                operation: Op::CreateCall.name(),
                message: "unknown issuer".into(),
            },
            timeout(TimeoutPhase::Connect),
        ];
        for e in never {
            assert!(e.never_sent(), "{e}");
            assert!(in_meeting(e).never_sent());
        }
        let maybe = [
            Error::Cancelled {
                operation: Op::CreateCall.name(),
                sent: true,
            },
            timeout(TimeoutPhase::Request),
            timeout(TimeoutPhase::Stall),
            Error::Transport {
                operation: Op::CreateCall.name(),
                message: "reset".into(),
            },
            parse,
        ];
        for e in maybe {
            assert!(!e.never_sent(), "{e}");
            assert!(!in_meeting(e).never_sent());
        }
    }

    #[test]
    fn meeting_error_delegates_to_source() {
        let op = Op::CreateCall.name();
        let e = Error::Meeting {
            step: MeetingStep::CreateCall,
            partial: Box::default(),
            source: Box::new(Error::Http {
                operation: op,
                status: 503,
                content_type: Some("text/html".into()),
                excerpt: "busy".into(),
                url: None,
                retry_after: None,
            }),
        };
        assert_eq!(e.kind(), ErrorKind::Http);
        assert_eq!(e.operation(), op);
        assert_eq!(e.http_status(), Some(503));
        assert!(e.retryable());
        assert!(e.to_string().contains(op));
        assert_eq!(e.http_content_type(), Some("text/html"));
        assert_eq!(e.http_excerpt(), Some("busy"));
        assert_eq!(e.meeting_step(), Some(MeetingStep::CreateCall));
        assert!(e.partial_meeting().is_some());
        assert!(matches!(e.underlying(), Error::Http { .. }));
    }

    #[test]
    fn accessors_reach_every_field() {
        let t = Error::Timeout {
            operation: "x",
            phase: TimeoutPhase::Stall,
            after: std::time::Duration::from_secs(3),
        };
        assert_eq!(t.timeout_phase(), Some(TimeoutPhase::Stall));
        assert_eq!(t.timeout_after(), Some(std::time::Duration::from_secs(3)));
        assert_eq!(t.size_limit(), None);
        let big = Error::TooLarge {
            operation: "x",
            limit: 64,
        };
        assert_eq!(big.size_limit(), Some(64));
        let s = Error::Service {
            operation: "x",
            status: 500,
            message: "m".into(),
            detail: "System.Exception: m\n  at x".into(),
        };
        assert_eq!(s.service_detail(), Some("System.Exception: m\n  at x"));
        assert_eq!(s.http_excerpt(), None);
        let io = Error::io("x", "c", std::io::Error::from_raw_os_error(28));
        assert_eq!(io.os_error_code(), Some(28));
        assert_eq!(io.io_path(), None);
        let io = io
            .at(std::path::Path::new("/t/a.pdf"))
            .at(std::path::Path::new("/other"));
        assert_eq!(
            io.io_path(),
            Some(std::path::Path::new("/t/a.pdf")),
            "the first path is kept"
        );
        assert_eq!(io.duplicate().io_path(), io.io_path());
        assert_eq!(s.duplicate().at(std::path::Path::new("/x")).io_path(), None);
        let wrapped = Error::io("x", "c", std::io::Error::other(std::io::Error::from_raw_os_error(13)));
        assert_eq!(wrapped.os_error_code(), Some(13));
        assert_eq!(
            Error::io("x", "c", std::io::Error::other("no code")).os_error_code(),
            None
        );
        let partial = PartialMeeting {
            documents: vec![crate::AddedDocument {
                external_id: "e".into(),
                document_id: crate::DocumentId::new("7"),
                bound: false,
            }],
            ..PartialMeeting::default()
        };
        let m = Error::Meeting {
            step: MeetingStep::BindDocument { index: 0 },
            partial: Box::new(partial),
            source: Box::new(io),
        };
        assert_eq!(m.os_error_code(), Some(28));
        assert_eq!(m.meeting_step().and_then(|s| s.document_index()), Some(0));
        assert_eq!(
            m.meeting_step().map(|s| s.name()),
            Some(Op::SetDocumentToUploadAction.name())
        );
        assert!(!m.partial_meeting().unwrap().documents[0].bound);
    }
}
