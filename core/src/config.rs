//! Client configuration: credentials, endpoints, timeouts, retries, proxy and TLS.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::ids::{Secret, Token};

/// The default API base URL.
pub const DEFAULT_BASE_URL: &str = "https://app.idiligo.com";

/// How to log in.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// Account login (`Login`): API key, user name and password.
    Password {
        /// The account's API key.
        apikey: Secret,
        /// The user name.
        username: String,
        /// The user's password.
        password: Secret,
    },
    /// Login on behalf of a user with an authorization ticket (`Impersonate`).
    Ticket {
        /// The account's API key.
        apikey: Secret,
        /// The user to act as.
        username: String,
        /// The authorization ticket.
        ticket: Secret,
    },
}

impl Credentials {
    /// Password credentials (`Login`).
    pub fn password(apikey: impl Into<Secret>, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Credentials::Password {
            apikey: apikey.into(),
            username: username.into(),
            password: password.into(),
        }
    }

    /// Ticket credentials (`Impersonate`).
    pub fn ticket(apikey: impl Into<Secret>, username: impl Into<String>, ticket: impl Into<Secret>) -> Self {
        Credentials::Ticket {
            apikey: apikey.into(),
            username: username.into(),
            ticket: ticket.into(),
        }
    }

    /// The user name.
    pub fn username(&self) -> &str {
        match self {
            Credentials::Password { username, .. } | Credentials::Ticket { username, .. } => username,
        }
    }

    pub(crate) fn secrets(&self) -> [&str; 2] {
        match self {
            Credentials::Password { apikey, password, .. } => [apikey.expose(), password.expose()],
            Credentials::Ticket { apikey, ticket, .. } => [apikey.expose(), ticket.expose()],
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Password { username, .. } => f
                .debug_struct("Credentials::Password")
                .field("apikey", &"***")
                .field("username", username)
                .field("password", &"***")
                .finish(),
            Credentials::Ticket { username, .. } => f
                .debug_struct("Credentials::Ticket")
                .field("apikey", &"***")
                .field("username", username)
                .field("ticket", &"***")
                .finish(),
        }
    }
}

/// Which of the service's bindings the client's calls use.
///
/// All three reach every operation the service offers on them, with the same typed methods,
/// errors and retry rules. Uploads from bytes, files and readers always go over SOAP, whatever
/// the binding (see [`Client::add_document_from_file`](crate::Client::add_document_from_file)).
///
/// **POST is the default, measured:** a `GetPublicCallId` over SOAP costs the client 79,062
/// instructions against 47,663 over POST (1.66×;
/// `cargo bench -p idiligo --features sandbox --bench callgrind`, the sandbox on loopback; the
/// envelope is about 6× the form and its answer goes through the XML parser instead of the
/// canonical scanner), and SOAP offers nothing POST lacks for the
/// operations both bindings carry. Choose SOAP for `SetCallValues`
/// (SOAP only), for values ASP.NET's request validation refuses over GET/POST (`<b>` in a value
/// is stored as given over SOAP), or where a proxy allows only SOAP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Binding {
    /// HTTP POST with a form-encoded body (default): secrets stay out of URLs and logs.
    #[default]
    Post,
    /// HTTP GET with the parameters in the query string. Secrets then travel in URLs, which
    /// proxies and servers may log, and which ureq's own `TRACE`-level log lines print in full
    /// (its `DEBUG` lines mask them); prefer POST.
    Get,
    /// SOAP 1.1, document/literal: `POST {endpoint}` with `Content-Type: text/xml;
    /// charset=utf-8`, a quoted `SOAPAction: "http://www.idiligo.com/{Operation}"` and an
    /// envelope with one element per parameter; answers and `soap:Fault`s are read into the
    /// same values and errors as over GET/POST. ASP.NET's request validation does not apply
    /// here; characters XML cannot carry (control characters other than tab, LF and CR) are
    /// refused before sending.
    Soap,
}

impl Binding {
    /// Its name: `"post"`, `"get"`, `"soap"` (as the C library and the Python package spell it).
    pub const fn as_str(self) -> &'static str {
        match self {
            Binding::Post => "post",
            Binding::Get => "get",
            Binding::Soap => "soap",
        }
    }
}

/// The default cap on one uploaded document: 64 MiB (the documented limits of the service's
/// own request size are far lower under ASP.NET's defaults; see
/// [`Client::add_document_from_file`](crate::Client::add_document_from_file)).
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 64 * 1024 * 1024;

/// When and how often failed calls are repeated.
///
/// Operations that only read or overwrite (Login, GetAttachments, SetValues, …) are retried
/// after transport failures, timeouts and HTTP 408/429/502/503/504. Operations that create
/// something (CreateContact, CreateCall, AddDocumentFromUrl) are retried only when the
/// request provably never left this machine (DNS, connect or TLS-handshake failure), so a
/// retry can never create a duplicate.
///
/// A 429 or 503 answer with a `Retry-After` header (seconds, or an HTTP date) is retried after
/// the delay it asks for (or the backoff, when that is longer), if the delay is at most
/// [`max_retry_after`](Self::max_retry_after); a longer delay is not waited for: the error is
/// returned at once, and [`Error::retry_after`](crate::Error::retry_after) tells the caller
/// when to come back.
///
/// Each attempt gets its own [request timeout](ClientBuilder::request_timeout); the backoffs
/// come on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// Backoff before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// Upper bound of one backoff.
    pub max_backoff: Duration,
    /// The longest `Retry-After` delay the client waits for before a retry (default 30 s).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy: `max_retries` after the first attempt (0 disables retrying), a backoff of
    /// `initial_backoff` doubled per retry and capped at `max_backoff`. A `max_backoff` smaller
    /// than `initial_backoff` is an [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    /// error (the same check [`ClientBuilder::build`] makes of a policy built field by field).
    ///
    /// ```
    /// use std::time::Duration;
    /// use idiligo::RetryPolicy;
    ///
    /// let p = RetryPolicy::new(3, Duration::from_millis(100), Duration::from_secs(2))?;
    /// assert_eq!(p.max_retries, 3);
    /// assert!(RetryPolicy::new(1, Duration::from_secs(2), Duration::from_secs(1)).is_err());
    /// # Ok::<(), idiligo::Error>(())
    /// ```
    pub fn new(max_retries: u32, initial_backoff: Duration, max_backoff: Duration) -> Result<RetryPolicy> {
        let p = RetryPolicy {
            max_retries,
            initial_backoff,
            max_backoff,
            ..RetryPolicy::default()
        };
        p.check("retry policy")?;
        Ok(p)
    }

    /// The same policy with another cap on `Retry-After` delays ([`Duration::ZERO`]: never wait
    /// for one; a 429/503 asking for a delay is then returned at once).
    ///
    /// ```
    /// use std::time::Duration;
    /// use idiligo::RetryPolicy;
    ///
    /// let p = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
    /// assert_eq!(p.max_retry_after, Duration::from_secs(5));
    /// ```
    pub fn max_retry_after(mut self, cap: Duration) -> RetryPolicy {
        self.max_retry_after = cap;
        self
    }

    /// The default policy with `max_retries` retries (0 disables retrying).
    pub fn with_max_retries(max_retries: u32) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            ..RetryPolicy::default()
        }
    }

    pub(crate) fn check(&self, operation: &'static str) -> Result<()> {
        if self.max_backoff < self.initial_backoff {
            return Err(Error::invalid(
                operation,
                "the maximum backoff is smaller than the initial backoff",
            ));
        }
        Ok(())
    }

    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Backoff before retry number `retry` (0-based): exponential, capped, with "equal
    /// jitter" (a random point in the upper half), so callers that failed together do not
    /// retry together.
    pub fn backoff(&self, retry: u32, random: u64) -> Duration {
        let base = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(retry.min(20)).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let half = base / 2;
        let nanos = half.as_nanos().min(u64::MAX as u128) as u64;
        let jitter = match nanos.checked_add(1) {
            Some(0) | None => random,
            Some(n) => random % n,
        };
        half + Duration::from_nanos(jitter)
    }
}

/// A function that sleeps; injectable so tests never really sleep.
pub type Sleeper = Arc<dyn Fn(Duration) + Send + Sync>;

/// Configuration of a [`Client`](crate::Client); build one with [`Client::builder`](crate::Client::builder).
#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) base_url: String,
    pub(crate) participant_base_url: Option<String>,
    pub(crate) binding: Binding,
    pub(crate) allow_insecure_http: bool,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) token: Option<Token>,
    pub(crate) token_lifetime: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    pub(crate) stall_timeout: Duration,
    pub(crate) download_timeout: Option<Duration>,
    pub(crate) max_idle_connections: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) sleeper: Sleeper,
    pub(crate) proxy: Option<Secret>,
    pub(crate) ca_files: Vec<PathBuf>,
    pub(crate) use_system_roots: bool,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_download_bytes: u64,
    pub(crate) max_upload_bytes: u64,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &crate::client::mask_userinfo(&self.base_url))
            .field(
                "participant_base_url",
                &self.participant_base_url.as_deref().map(crate::client::mask_userinfo),
            )
            .field("binding", &self.binding)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("credentials", &self.credentials)
            .field("token", &self.token)
            .field("token_lifetime", &self.token_lifetime)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("stall_timeout", &self.stall_timeout)
            .field("download_timeout", &self.download_timeout)
            .field("max_idle_connections", &self.max_idle_connections)
            .field("retry", &self.retry)
            .field("proxy", &self.proxy.as_ref().map(|_| "***"))
            .field("ca_files", &self.ca_files)
            .field("use_system_roots", &self.use_system_roots)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_download_bytes", &self.max_download_bytes)
            .field("max_upload_bytes", &self.max_upload_bytes)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            participant_base_url: None,
            binding: Binding::Post,
            allow_insecure_http: false,
            credentials: None,
            token: None,
            token_lifetime: Duration::from_secs(24 * 3600),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            stall_timeout: Duration::from_secs(60),
            download_timeout: None,
            max_idle_connections: 16,
            retry: RetryPolicy::default(),
            sleeper: Arc::new(std::thread::sleep),
            proxy: None,
            ca_files: Vec::new(),
            use_system_roots: true,
            max_response_bytes: 8 * 1024 * 1024,
            max_download_bytes: 4 * 1024 * 1024 * 1024,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
        }
    }
}

impl ClientBuilder {
    /// API base URL (default `https://app.idiligo.com`). Either the site root or the full
    /// `…/InsideService20.asmx` address. Plain `http://` is refused unless the host is a
    /// loopback address or [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Base of participant links (`{base}/client?id=…`); defaults to the API base URL.
    pub fn participant_base_url(mut self, url: impl Into<String>) -> Self {
        self.participant_base_url = Some(url.into());
        self
    }

    /// The binding of the client's calls: POST (default), GET or SOAP; see [`Binding`].
    pub fn binding(mut self, binding: Binding) -> Self {
        self.binding = binding;
        self
    }

    /// Allow plain `http://` to hosts other than loopback (default false).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Credentials the client logs in with, lazily and again before the token expires.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// A token obtained elsewhere. Used until the service rejects it; then the client logs
    /// in with its credentials if it has any, or reports an [`ErrorKind::Auth`](crate::ErrorKind::Auth) error.
    pub fn token(mut self, token: Token) -> Self {
        self.token = Some(token);
        self
    }

    /// How long a token is valid (default 24 h). The client logs in again shortly before.
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Connection set-up timeout: TCP connect, proxy negotiation and TLS handshake (default
    /// 10 s; the [request timeout](Self::request_timeout) caps it too). Host-name resolution
    /// runs before, on the system resolver and its own timeouts.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The deadline of one attempt of an API call (default 60 s): from the start of the
    /// attempt to the last byte of the answer, connection set-up included (the set-up is also
    /// capped by [`connect_timeout`](Self::connect_timeout)). A server trickling its answer
    /// cannot stretch it. Each retry gets a deadline of its own, so a call with `n` retries
    /// takes at most `(n + 1) ×` this plus the backoffs (see [`RetryPolicy`]); a login the
    /// call needs first is an exchange of its own. A deadline passed while connecting is a
    /// [`TimeoutPhase::Connect`](crate::TimeoutPhase::Connect) timeout (the request never
    /// left), afterwards a [`TimeoutPhase::Request`](crate::TimeoutPhase::Request) one.
    /// Resolving the host name runs before and is bounded by the system resolver only.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Downloads fail when no byte arrives (or can be sent) for this long (default 60 s).
    pub fn stall_timeout(mut self, timeout: Duration) -> Self {
        self.stall_timeout = timeout;
        self
    }

    /// A total deadline for each download, from its start to its last byte, connection set-up
    /// included (default none: a download that keeps making progress may take as long as it
    /// needs). [`DownloadOptions::total_timeout`](crate::DownloadOptions::total_timeout)
    /// overrides it per download. Passing it is a
    /// [`TimeoutPhase::Download`](crate::TimeoutPhase::Download) timeout.
    pub fn download_timeout(mut self, timeout: Duration) -> Self {
        self.download_timeout = Some(timeout);
        self
    }

    /// How many idle connections the pool keeps per host (default 16; the pool's overall cap
    /// is twice this, so the API host and a download host can each keep theirs). With more
    /// threads than this calling at once, the surplus connections are closed after use.
    pub fn max_idle_connections(mut self, per_host: usize) -> Self {
        self.max_idle_connections = per_host;
        self
    }

    /// Retry policy (default: 2 retries, 250 ms doubling, capped at 8 s, jittered).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The retry policy set so far (the default unless [`retry_policy`](Self::retry_policy)
    /// replaced it), so a binding can change one field of it and keep the others.
    ///
    /// ```
    /// use std::time::Duration;
    /// use idiligo::{ClientBuilder, RetryPolicy};
    ///
    /// let b = ClientBuilder::default().retry_policy(RetryPolicy::with_max_retries(5));
    /// let b2 = b.clone().retry_policy(b.get_retry_policy().max_retry_after(Duration::from_secs(2)));
    /// assert_eq!(b2.get_retry_policy().max_retries, 5);
    /// assert_eq!(b2.get_retry_policy().max_retry_after, Duration::from_secs(2));
    /// ```
    pub fn get_retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// Replaces `std::thread::sleep` for retry backoff and polling (for tests).
    pub fn sleeper(mut self, sleeper: Sleeper) -> Self {
        self.sleeper = sleeper;
        self
    }

    /// Proxy URL (`http://[user:pass@]host:port`, `socks5://…`). Without this call no proxy is
    /// used: environment variables such as `HTTPS_PROXY` are deliberately not read, so the
    /// behaviour does not change with the environment. The URL is treated as a secret.
    pub fn proxy(mut self, url: impl Into<Secret>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Trust the certificates in this PEM file in addition to the system's (corporate TLS
    /// inspection). May be called several times.
    pub fn add_ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_files.push(path.into());
        self
    }

    /// Whether to trust the operating system's certificate store (default true). When false,
    /// or when the store is empty, Mozilla's bundled roots are used. Certificates are always
    /// verified; there is no switch to turn verification off.
    pub fn use_system_roots(mut self, use_them: bool) -> Self {
        self.use_system_roots = use_them;
        self
    }

    /// Cap on an API response body (default 8 MiB).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Default cap on one downloaded document (default 4 GiB); overridable per download.
    pub fn max_download_bytes(mut self, limit: u64) -> Self {
        self.max_download_bytes = limit;
        self
    }

    /// Default cap on one uploaded document (default 64 MiB,
    /// [`DEFAULT_MAX_UPLOAD_BYTES`]); overridable per upload
    /// ([`UploadOptions::max_bytes`](crate::UploadOptions::max_bytes)). A larger document is
    /// refused before anything is sent.
    pub fn max_upload_bytes(mut self, limit: u64) -> Self {
        self.max_upload_bytes = limit;
        self
    }

    /// Builds the client. Fails with an [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    /// error for an unusable base URL, a zero timeout or token lifetime, an invalid retry
    /// policy or a zero size cap; with [`ErrorKind::Tls`](crate::ErrorKind::Tls) or
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) for an unusable CA file.
    pub fn build(self) -> Result<crate::Client> {
        crate::Client::from_builder(self)
    }

    /// Checks the settings that need no I/O (every binding gets these checks from here).
    pub(crate) fn check(&self, operation: &'static str) -> Result<()> {
        for (what, d) in [
            ("connect timeout", self.connect_timeout),
            ("request timeout", self.request_timeout),
            ("stall timeout", self.stall_timeout),
            ("download timeout", self.download_timeout.unwrap_or(Duration::MAX)),
            ("token lifetime", self.token_lifetime),
        ] {
            if d.is_zero() {
                return Err(Error::invalid(operation, format!("{what} must be greater than zero")));
            }
        }
        self.retry.check(operation)?;
        for (what, n) in [
            ("max response bytes", self.max_response_bytes),
            ("max download bytes", self.max_download_bytes),
            ("max upload bytes", self.max_upload_bytes),
        ] {
            if n == 0 {
                return Err(Error::invalid(operation, format!("{what} must be greater than zero")));
            }
        }
        Ok(())
    }

    pub(crate) fn validate_url(&self, what: &'static str, url: &str) -> Result<()> {
        check_url(what, url, self.allow_insecure_http)
    }
}

/// A duration given in (fractional) seconds, as the Python package takes them: a finite,
/// non-negative number that fits a [`Duration`]; anything else is an
/// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) error naming `what`.
/// Whether zero is allowed is decided where the duration is used (a zero timeout is refused
/// by [`ClientBuilder::build`] and [`WaitOptions::new`](crate::WaitOptions::new)).
///
/// ```
/// use std::time::Duration;
///
/// assert_eq!(idiligo::duration_from_secs("timeout", 1.5)?, Duration::from_millis(1500));
/// assert!(idiligo::duration_from_secs("timeout", -1.0).is_err());
/// assert!(idiligo::duration_from_secs("timeout", f64::NAN).is_err());
/// # Ok::<(), idiligo::Error>(())
/// ```
pub fn duration_from_secs(what: &'static str, seconds: f64) -> Result<Duration> {
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(Error::invalid(
            what,
            format!("{what} must be a finite, non-negative number of seconds"),
        ));
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| Error::invalid(what, format!("{what} is out of range")))
}

/// A duration given in milliseconds, as the C library takes them (every `u64` fits). The same
/// rules about zero as for [`duration_from_secs`] apply where the duration is used.
pub const fn duration_from_millis(milliseconds: u64) -> Duration {
    Duration::from_millis(milliseconds)
}

/// Checks scheme and host of a URL against the http/https policy.
pub(crate) fn check_url(operation: &'static str, url: &str, allow_insecure_http: bool) -> Result<()> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| Error::invalid(operation, format!("not an absolute URL: {:?}", shown(url))))?;
    let host = host_of(rest);
    if host.is_empty() {
        return Err(Error::invalid(operation, format!("URL has no host: {:?}", shown(url))));
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if allow_insecure_http || is_loopback(host) => Ok(()),
        "http" => Err(Error::invalid(
            operation,
            format!("plain http:// to {host} refused (allowed for loopback hosts, or with allow_insecure_http)"),
        )),
        other => Err(Error::invalid(
            operation,
            format!("unsupported URL scheme {other:?} (http or https only)"),
        )),
    }
}

/// A URL as an error message quotes it: user info and query values masked (a base URL's
/// `user:password@`, a pre-signed document URL's signature), cut at 200 characters.
fn shown(url: &str) -> String {
    crate::download::redact_url(url).chars().take(200).collect()
}

fn host_of(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or("");
    }
    authority.split(':').next().unwrap_or("")
}

fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_policy() {
        assert!(check_url("x", "https://app.idiligo.com", false).is_ok());
        assert!(check_url("x", "http://127.0.0.1:8080", false).is_ok());
        assert!(check_url("x", "http://localhost/x", false).is_ok());
        assert!(check_url("x", "http://[::1]:99/", false).is_ok());
        assert!(check_url("x", "http://example.com", false).is_err());
        assert!(check_url("x", "http://example.com", true).is_ok());
        assert!(check_url("x", "http://127.0.0.1.evil.com/", false).is_err());
        assert!(check_url("x", "http://user@127.0.0.1/", false).is_ok());
        assert!(check_url("x", "ftp://host/", true).is_err());
        assert!(check_url("x", "file:///etc/passwd", true).is_err());
        assert!(check_url("x", "no-scheme", true).is_err());
        assert!(check_url("x", "https://", true).is_err());
    }

    #[test]
    fn backoff_grows_caps_and_jitters() {
        let p = RetryPolicy::default();
        let b0 = p.backoff(0, 0);
        assert_eq!(b0, Duration::from_millis(125));
        assert!(p.backoff(0, u64::MAX) <= Duration::from_millis(250));
        assert!(p.backoff(1, 0) == Duration::from_millis(250));
        assert!(p.backoff(30, u64::MAX) <= p.max_backoff);
        let huge = RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            ..RetryPolicy::default()
        };
        assert!(huge.backoff(0, u64::MAX) >= Duration::MAX / 2);
    }

    #[test]
    fn build_refuses_zero_timeouts_caps_and_inverted_backoff() {
        let kind = |b: ClientBuilder| b.build().unwrap_err().kind();
        let invalid = crate::ErrorKind::InvalidArgument;
        assert_eq!(kind(ClientBuilder::default().connect_timeout(Duration::ZERO)), invalid);
        assert_eq!(kind(ClientBuilder::default().token_lifetime(Duration::ZERO)), invalid);
        assert_eq!(kind(ClientBuilder::default().max_response_bytes(0)), invalid);
        assert_eq!(kind(ClientBuilder::default().max_download_bytes(0)), invalid);
        let inverted = RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(1),
            ..RetryPolicy::default()
        };
        assert_eq!(kind(ClientBuilder::default().retry_policy(inverted)), invalid);
        assert!(ClientBuilder::default()
            .retry_policy(RetryPolicy::none())
            .build()
            .is_ok());
        assert_eq!(RetryPolicy::with_max_retries(5).max_retries, 5);
        assert_eq!(duration_from_secs("x", 0.0).unwrap(), Duration::ZERO);
        assert!(duration_from_secs("x", f64::INFINITY).is_err());
        assert!(duration_from_secs("x", 1e300).is_err());
    }

    #[test]
    fn debug_masks_secrets() {
        let b = ClientBuilder::default()
            .credentials(Credentials::password("KEY-CANARY", "u", "PW-CANARY"))
            .proxy("http://u:PROXY-CANARY@p:1")
            .base_url("https://user:BASE-CANARY@h")
            .token(Token::new("TOKEN-CANARY"));
        let s = format!("{b:?}");
        for c in ["KEY-CANARY", "PW-CANARY", "PROXY-CANARY", "TOKEN-CANARY", "BASE-CANARY"] {
            assert!(!s.contains(c), "{s}");
        }
    }

    #[test]
    fn credentials_name_their_user_and_secrets_in_both_kinds() {
        let pw = Credentials::password("KEY-1", "alice", "PW-1");
        let tk = Credentials::ticket("KEY-2", "bob", "TICKET-2");
        assert_eq!(pw.username(), "alice");
        assert_eq!(tk.username(), "bob");
        assert_eq!(pw.secrets(), ["KEY-1", "PW-1"]);
        assert_eq!(tk.secrets(), ["KEY-2", "TICKET-2"]);
        let (p, t) = (format!("{pw:?}"), format!("{tk:?}"));
        assert_eq!(
            p,
            r#"Credentials::Password { apikey: "***", username: "alice", password: "***" }"#
        );
        assert_eq!(
            t,
            r#"Credentials::Ticket { apikey: "***", username: "bob", ticket: "***" }"#
        );
    }

    #[test]
    fn bindings_are_named_as_the_bindings_spell_them() {
        assert_eq!(Binding::Post.as_str(), "post");
        assert_eq!(Binding::Get.as_str(), "get");
        assert_eq!(Binding::Soap.as_str(), "soap");
    }

    #[test]
    fn retry_policy_constructors_keep_the_other_defaults() {
        let d = RetryPolicy::default();
        let none = RetryPolicy::none();
        assert_eq!(none.max_retries, 0);
        assert_eq!(
            (none.initial_backoff, none.max_backoff),
            (d.initial_backoff, d.max_backoff)
        );
        assert_eq!(none.max_retry_after, Duration::from_secs(30));
        let five = RetryPolicy::with_max_retries(5);
        assert_eq!(five, RetryPolicy { max_retries: 5, ..d });
        let capped = five.max_retry_after(Duration::from_secs(3));
        assert_eq!(
            capped,
            RetryPolicy {
                max_retry_after: Duration::from_secs(3),
                ..five
            }
        );
        let p = RetryPolicy::new(3, Duration::from_millis(100), Duration::from_secs(2)).unwrap();
        assert_eq!(
            p,
            RetryPolicy {
                max_retries: 3,
                initial_backoff: Duration::from_millis(100),
                max_backoff: Duration::from_secs(2),
                max_retry_after: Duration::from_secs(30),
            }
        );
        // Equal backoffs are a valid (constant) policy; a smaller maximum is not.
        let one = Duration::from_secs(1);
        assert!(RetryPolicy::new(1, one, one).is_ok());
        let e = RetryPolicy::new(1, one, one - Duration::from_nanos(1)).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
        assert!(e.to_string().contains("maximum backoff is smaller"), "{e}");
    }

    #[test]
    fn backoff_is_half_the_capped_doubling_plus_jitter_below_that_half() {
        let p = RetryPolicy::default(); // 250 ms doubling, capped at 8 s
        let ms = Duration::from_millis;
        assert_eq!(p.backoff(0, 0), ms(125));
        assert_eq!(p.backoff(1, 0), ms(250));
        assert_eq!(p.backoff(2, 0), ms(500));
        assert_eq!(p.backoff(5, 0), ms(4000)); // 8 s: the cap reached
        assert_eq!(p.backoff(6, 0), ms(4000));
        assert_eq!(p.backoff(40, 0), ms(4000));
        // The jitter is `random` modulo (half + 1 ns): at most the half itself.
        assert_eq!(p.backoff(0, 7), ms(125) + Duration::from_nanos(7));
        assert_eq!(p.backoff(0, 125_000_000), ms(250));
        assert_eq!(p.backoff(0, 125_000_001), ms(125));
        assert_eq!(p.backoff(1, 250_000_003), ms(250) + Duration::from_nanos(2));
        // Without a cap in reach the doubling stops at 2^20.
        let tiny = RetryPolicy {
            initial_backoff: Duration::from_nanos(2),
            max_backoff: Duration::MAX,
            ..p
        };
        assert_eq!(tiny.backoff(20, 0), Duration::from_nanos(1 << 20));
        assert_eq!(tiny.backoff(21, 0), Duration::from_nanos(1 << 20));
        assert_eq!(tiny.backoff(63, 0), Duration::from_nanos(1 << 20));
        // A half beyond u64 nanoseconds takes `random` whole.
        let huge = RetryPolicy {
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            ..p
        };
        assert_eq!(huge.backoff(0, 5), Duration::MAX / 2 + Duration::from_nanos(5));
        let edge = RetryPolicy {
            initial_backoff: Duration::from_nanos(u64::MAX) * 2,
            max_backoff: Duration::MAX,
            ..p
        };
        assert_eq!(
            edge.backoff(0, 9),
            Duration::from_nanos(u64::MAX) + Duration::from_nanos(9)
        );
    }

    #[test]
    fn build_names_each_zero_setting_it_refuses() {
        let message = |b: ClientBuilder| {
            let e = b.build().unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
            e.to_string()
        };
        let z = Duration::ZERO;
        for (b, what) in [
            (ClientBuilder::default().connect_timeout(z), "connect timeout"),
            (ClientBuilder::default().request_timeout(z), "request timeout"),
            (ClientBuilder::default().stall_timeout(z), "stall timeout"),
            (ClientBuilder::default().download_timeout(z), "download timeout"),
            (ClientBuilder::default().token_lifetime(z), "token lifetime"),
            (ClientBuilder::default().max_response_bytes(0), "max response bytes"),
            (ClientBuilder::default().max_download_bytes(0), "max download bytes"),
            (ClientBuilder::default().max_upload_bytes(0), "max upload bytes"),
        ] {
            let m = message(b);
            assert!(m.contains(&format!("{what} must be greater than zero")), "{what}: {m}");
        }
        let one = Duration::from_nanos(1);
        let smallest = ClientBuilder::default()
            .connect_timeout(one)
            .request_timeout(one)
            .stall_timeout(one)
            .download_timeout(one)
            .token_lifetime(one)
            .max_response_bytes(1)
            .max_download_bytes(1)
            .max_upload_bytes(1);
        assert!(smallest.check("x").is_ok());
        assert!(smallest.build().is_ok());
    }

    #[test]
    fn the_builder_keeps_what_each_setter_was_given() {
        let b = ClientBuilder::default()
            .base_url("https://a.example")
            .participant_base_url("https://p.example")
            .binding(Binding::Soap)
            .allow_insecure_http(true)
            .credentials(Credentials::password("k", "u", "p"))
            .token(Token::new("t"))
            .token_lifetime(Duration::from_secs(7))
            .connect_timeout(Duration::from_secs(8))
            .request_timeout(Duration::from_secs(9))
            .stall_timeout(Duration::from_secs(10))
            .download_timeout(Duration::from_secs(11))
            .max_idle_connections(3)
            .retry_policy(RetryPolicy::with_max_retries(4))
            .proxy("http://proxy:1")
            .add_ca_file("/a.pem")
            .add_ca_file("/b.pem")
            .use_system_roots(false)
            .max_response_bytes(12)
            .max_download_bytes(13)
            .max_upload_bytes(14);
        assert_eq!(b.base_url, "https://a.example");
        assert_eq!(b.participant_base_url.as_deref(), Some("https://p.example"));
        assert_eq!(b.binding, Binding::Soap);
        assert!(b.allow_insecure_http);
        assert_eq!(b.credentials.as_ref().map(Credentials::username), Some("u"));
        assert_eq!(b.token.as_ref().map(Token::expose), Some("t"));
        assert_eq!(b.token_lifetime, Duration::from_secs(7));
        assert_eq!(b.connect_timeout, Duration::from_secs(8));
        assert_eq!(b.request_timeout, Duration::from_secs(9));
        assert_eq!(b.stall_timeout, Duration::from_secs(10));
        assert_eq!(b.download_timeout, Some(Duration::from_secs(11)));
        assert_eq!(b.max_idle_connections, 3);
        assert_eq!(b.get_retry_policy(), RetryPolicy::with_max_retries(4));
        assert_eq!(b.proxy.as_ref().map(Secret::expose), Some("http://proxy:1"));
        assert_eq!(b.ca_files, [PathBuf::from("/a.pem"), PathBuf::from("/b.pem")]);
        assert!(!b.use_system_roots);
        assert_eq!(
            (b.max_response_bytes, b.max_download_bytes, b.max_upload_bytes),
            (12, 13, 14)
        );
        let slept = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = Arc::clone(&slept);
        let b = b.sleeper(Arc::new(move |d| log.lock().unwrap().push(d)));
        (b.sleeper)(Duration::from_millis(5));
        assert_eq!(*slept.lock().unwrap(), [Duration::from_millis(5)]);
        let d = ClientBuilder::default();
        assert_eq!(d.base_url, DEFAULT_BASE_URL);
        assert_eq!(DEFAULT_MAX_UPLOAD_BYTES, 67_108_864, "64 MiB, as documented");
        assert!(d.use_system_roots && !d.allow_insecure_http);
        assert_eq!(d.max_upload_bytes, DEFAULT_MAX_UPLOAD_BYTES);
        // Debug shows the settings (secrets masked; `debug_masks_secrets` checks those).
        let s = format!("{b:?}");
        for part in [
            "ClientBuilder {",
            "base_url: \"https://a.example\"",
            "binding: Soap",
            "username: \"u\"",
            "proxy: Some(\"***\")",
            "max_upload_bytes: 14",
        ] {
            assert!(s.contains(part), "{part} not in {s}");
        }
        // An insecure base URL is accepted only with the switch on.
        assert!(b.validate_url("x", "http://example.com/").is_ok());
        assert!(d.validate_url("x", "http://example.com/").is_err());
    }

    #[test]
    fn durations_from_seconds_and_milliseconds() {
        assert_eq!(duration_from_secs("t", 1.5).unwrap(), Duration::from_millis(1500));
        assert_eq!(duration_from_secs("t", 0.0).unwrap(), Duration::ZERO);
        for bad in [-1.0, -1e-9, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let e = duration_from_secs("poll interval", bad).unwrap_err();
            assert!(
                e.to_string()
                    .contains("poll interval must be a finite, non-negative number of seconds"),
                "{bad}: {e}"
            );
        }
        let e = duration_from_secs("poll interval", 1e300).unwrap_err();
        assert!(e.to_string().contains("poll interval is out of range"), "{e}");
        assert_eq!(duration_from_millis(1500), Duration::from_millis(1500));
        assert_eq!(duration_from_millis(u64::MAX), Duration::from_millis(u64::MAX));
    }

    #[test]
    fn url_hosts_schemes_and_messages() {
        let err = |u: &str, allow| check_url("x", u, allow).unwrap_err().to_string();
        // The scheme is case-insensitive; the host ends at '/', '?', '#' or the port.
        assert!(check_url("x", "HTTPS://h", false).is_ok());
        assert!(check_url("x", "HTTP://LOCALHOST/", false).is_ok());
        assert!(check_url("x", "http://localhost?x=1", false).is_ok());
        assert!(check_url("x", "http://localhost#f", false).is_ok());
        assert!(check_url("x", "http://127.0.0.1:1/", false).is_ok());
        assert!(check_url("x", "http://127.9.9.9/", false).is_ok());
        assert!(check_url("x", "http://[::1]/", false).is_ok());
        assert!(check_url("x", "http://a:b@[::1]:8/", false).is_ok());
        assert!(err("http://[fe80::1]/", false).contains("to fe80::1 refused"));
        assert!(err("http://localhost.example/", false).contains("to localhost.example refused"));
        assert!(err("http://127.0.0.1@example.com/", false).contains("to example.com refused"));
        assert!(err("http://example.com:80/", false).contains("to example.com refused"));
        assert!(err("http://10.0.0.1/", false).contains("to 10.0.0.1 refused"));
        assert!(err("gopher://h/", true).contains("unsupported URL scheme \"gopher\""));
        assert!(err("https://:443/", true).contains("URL has no host"));
        assert!(err("https://[]/", true).contains("URL has no host"));
        assert!(err("https://?q", true).contains("URL has no host"));
        // A URL in a message is cut at 200 characters.
        let long = format!("no-scheme-{}", "a".repeat(300));
        let m = err(&long, true);
        assert!(m.contains(&format!("\"{}\"", &long[..200])), "{m}");
        assert!(!m.contains(&long[..201]), "{m}");
        let e = check_url("x", &format!("https://{}", "é".repeat(150)), true);
        assert!(e.is_ok());
        let m = err(&format!("ftp//{}", "é".repeat(250)), true);
        assert!(m.contains(&format!("\"ftp//{}\"", "é".repeat(195))), "{m}");
    }
}
