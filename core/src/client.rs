//! The client handle: construction from a [`ClientBuilder`], the shared state, accessors.
//!
//! The rest of the client lives by concern: [`exchange`](crate::exchange) (one request built
//! from the operation table, its answer classified, the retry loop), [`session`](crate::session)
//! (token, login, renewal), [`redact`](crate::redact) (masking secrets in errors) and
//! [`operations`](crate::operations) (the typed methods and the call by name).

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::cancel::CancelToken;
use crate::config::{check_url, ClientBuilder, Credentials};
use crate::error::{Error, Result};
use crate::ids::{PublicId, Secret};
use crate::ops::Op;
use crate::session::Session;
use crate::transport;

/// A client of InsideService20.
///
/// **Create one and share it.** `Client` is `Send + Sync` and cheap to clone (an `Arc`
/// inside): all clones share one connection pool and one login session, and concurrent
/// callers whose token is missing or about to expire wait for a single login instead of
/// each logging in (and share its outcome: if it fails, they all fail at once).
///
/// Every operation of the [operation table](crate::ops) can be called: the typed methods
/// (`create_call`, `get_call_values`, …) for the operations an integration needs, and
/// [`Client::call`] for any operation by name.
///
/// ```no_run
/// use idiligo::{Client, Credentials};
///
/// let client = Client::builder()
///     .credentials(Credentials::password("API-KEY", "agent@example.com", "password"))
///     .build()?;
/// let call = client.create_call("INTAKE")?;
/// println!("agent opens {}", client.get_agent_url(&call, None)?);
/// # Ok::<(), idiligo::Error>(())
/// ```
///
/// **Cancelling.** [`Client::with_cancel`] gives a view of the client (same pool, same
/// session) whose calls end with an [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled)
/// error once its [`CancelToken`] is cancelled, from any thread.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    cancel: Option<CancelToken>,
}

struct Inner {
    config: ClientBuilder,
    agent: ureq::Agent,
    /// The endpoint requests go to (user info included).
    request_endpoint: String,
    /// The endpoint with any user info masked, for `Debug`, logs and errors.
    endpoint: String,
    /// The base URL's user info (`user:password`), a secret.
    userinfo: Option<Secret>,
    /// `{endpoint}/{operation}` for every operation of the table, indexed by `Op as usize`.
    op_urls: Box<[String]>,
    participant_base: String,
    session: Session,
    random: AtomicU64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("binding", &self.inner.config.binding)
            .field("credentials", &self.inner.config.credentials)
            .field("cancel", &self.cancel)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the defaults (base URL `https://app.idiligo.com`, POST binding, finite
    /// timeouts, retries, no proxy, system certificate store).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client with default settings and the given credentials.
    pub fn new(credentials: Credentials) -> Result<Client> {
        Client::builder().credentials(credentials).build()
    }

    pub(crate) fn from_builder(config: ClientBuilder) -> Result<Client> {
        const OP: &str = "configuration";
        config.check(OP)?;
        let base = normalise_base(OP, &config.base_url)?;
        config.validate_url(OP, &base)?;
        let endpoint = if base.to_ascii_lowercase().ends_with(".asmx") {
            base.clone()
        } else {
            format!("{base}/InsideService20.asmx")
        };
        let userinfo = userinfo_of(&endpoint).map(Secret::new);
        let shown_endpoint = mask_userinfo(&endpoint).into_owned();
        let request_endpoint = endpoint.clone();
        let participant_base = match &config.participant_base_url {
            Some(p) => {
                let p = p.trim().trim_end_matches('/').to_owned();
                check_url(OP, &p, true)?;
                p
            }
            // A participant link goes to the participant: never with the base URL's user info.
            None => crate::download::without_userinfo(&site_root(&base)),
        };
        let agent = transport::build_agent(&config)?;
        let op_urls = Op::ALL.iter().map(|op| format!("{endpoint}/{}", op.name())).collect();
        let session = Session::new(config.token.clone());
        let seed = {
            use std::hash::{BuildHasher, Hasher};
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(0x1d11_1960);
            h.finish()
        };
        Ok(Client {
            cancel: None,
            inner: Arc::new(Inner {
                config,
                agent,
                request_endpoint,
                endpoint: shown_endpoint,
                userinfo,
                op_urls,
                participant_base,
                session,
                random: AtomicU64::new(seed),
            }),
        })
    }

    /// The operation endpoint, e.g. `https://app.idiligo.com/InsideService20.asmx`. User info
    /// in the base URL (`https://user:password@host`) is shown as `***@`: it is treated as a
    /// secret, as everywhere the client prints a URL.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The base URL as configured, user info (`https://user:password@host`) shown as `***@`,
    /// as in [`Client::endpoint`].
    pub fn base_url(&self) -> Cow<'_, str> {
        mask_userinfo(&self.inner.config.base_url)
    }

    /// The endpoint as requests use it (user info included).
    pub(crate) fn raw_endpoint(&self) -> &str {
        &self.inner.request_endpoint
    }

    /// A view of this client whose calls are cancelled by `token`: the same connection pool,
    /// session and settings (a cheap copy; the original is not affected). Every call made
    /// through the view (its retries and backoffs, a login it needs, waits, downloads) ends
    /// with an [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) error within about 50 ms
    /// of [`CancelToken::cancel`]. Make a view per operation to cancel one call alone (as the
    /// C# and Python async wrappers do), or share one token to cancel everything at once.
    ///
    /// A cancelled call whose request had been sent may still have taken effect on the
    /// service; [`Error::never_sent`] tells which.
    ///
    /// ```
    /// use idiligo::{CancelToken, Client, ErrorKind, Token};
    ///
    /// let client = Client::builder().base_url("http://127.0.0.1:9").token(Token::new("t")).build()?;
    /// let token = CancelToken::new();
    /// let view = client.with_cancel(&token);
    /// token.cancel();
    /// let e = view.create_call("INTAKE").unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::Cancelled);
    /// assert!(e.never_sent());
    /// # Ok::<(), idiligo::Error>(())
    /// ```
    pub fn with_cancel(&self, token: &CancelToken) -> Client {
        Client {
            inner: self.inner.clone(),
            cancel: Some(token.clone()),
        }
    }

    /// The token of a view made by [`with_cancel`](Self::with_cancel).
    pub fn cancel_token(&self) -> Option<&CancelToken> {
        self.cancel.as_ref()
    }

    /// Whether the view's token is cancelled.
    pub(crate) fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(CancelToken::is_cancelled)
    }

    /// The base URL's user info, a secret.
    pub(crate) fn userinfo(&self) -> Option<&Secret> {
        self.inner.userinfo.as_ref()
    }

    /// `url` with the base URL's user info masked (the url itself when there is none).
    pub(crate) fn shown_url<'u>(&self, url: &'u str) -> Cow<'u, str> {
        if self.inner.userinfo.is_some() {
            mask_userinfo(url)
        } else {
            Cow::Borrowed(url)
        }
    }

    /// The participant link for a public id: `{participant base}/client?id={public id}`,
    /// percent-encoded. No request is sent; an empty public id is an
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) error.
    pub fn participant_url(&self, public_id: &PublicId) -> Result<String> {
        participant_url(&self.inner.participant_base, public_id)
    }

    pub(crate) fn config(&self) -> &ClientBuilder {
        &self.inner.config
    }

    pub(crate) fn agent(&self) -> &ureq::Agent {
        &self.inner.agent
    }

    pub(crate) fn session(&self) -> &Session {
        &self.inner.session
    }

    pub(crate) fn op_urls(&self) -> &[String] {
        &self.inner.op_urls
    }

    /// Sleeps `d` (retry backoff, poll interval) through the configured sleeper; with a
    /// cancel token, in slices, stopping early: `false` when cancelled.
    pub(crate) fn sleep(&self, d: Duration) -> bool {
        let sleeper = &*self.inner.config.sleeper;
        match &self.cancel {
            Some(t) => t.sleep(d, sleeper),
            None => {
                sleeper(d);
                true
            }
        }
    }

    pub(crate) fn next_random(&self) -> u64 {
        // splitmix64 over an atomic counter: cheap, lock-free jitter.
        let mut z = self.inner.random.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Builds `{base}/client?id={public id}` with the id percent-encoded. An empty (or blank)
/// public id is an [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) error.
pub fn participant_url(base: &str, public_id: &PublicId) -> Result<String> {
    if public_id.as_str().trim().is_empty() {
        return Err(Error::invalid("participant_url", "public id must not be empty"));
    }
    let encoded: String = form_urlencoded::byte_serialize(public_id.as_str().as_bytes()).collect();
    Ok(format!(
        "{}/client?id={}",
        base.trim_end_matches('/'),
        encoded.replace('+', "%20")
    ))
}

/// The base URL as the endpoint is built from: trimmed, without trailing slashes. Two
/// pastes are normalised: the WSDL address (`….asmx?WSDL`) and an operation URL
/// (`….asmx/Login`) both become `….asmx`. Any other query or a fragment is refused: it would
/// end up inside every operation's URL.
fn normalise_base(op: &'static str, raw: &str) -> Result<String> {
    let mut base = raw.trim().trim_end_matches('/').to_owned();
    if base.contains('#') {
        return Err(Error::invalid(op, "the base URL must not have a fragment (#…)"));
    }
    if let Some((path, query)) = base.split_once('?') {
        if query.eq_ignore_ascii_case("wsdl") && path.to_ascii_lowercase().ends_with(".asmx") {
            base = path.to_owned();
        } else {
            return Err(Error::invalid(
                op,
                "the base URL must not have a query (?…): give the site root or the …/InsideService20.asmx address",
            ));
        }
    }
    let lower = base.to_ascii_lowercase();
    if let Some(pos) = lower.find(".asmx/") {
        let rest = &base[pos + ".asmx/".len()..];
        if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            base.truncate(pos + ".asmx".len());
        } else {
            return Err(Error::invalid(
                op,
                "the base URL goes on after …asmx/: give the site root or the …/InsideService20.asmx address",
            ));
        }
    }
    Ok(base.trim_end_matches('/').to_owned())
}

/// The user info of an absolute URL (`user:password` in `https://user:password@host/…`).
fn userinfo_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit_once('@')
        .map(|(u, _)| u.to_owned())
        .filter(|u| !u.is_empty())
}

/// `url` with its user info replaced by `***`.
pub(crate) fn mask_userinfo(url: &str) -> Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Cow::Borrowed(url);
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => Cow::Owned(format!("{scheme}://***{}", &rest[at..])),
        None => Cow::Borrowed(url),
    }
}

fn site_root(base: &str) -> String {
    let lower = base.to_ascii_lowercase();
    if lower.ends_with(".asmx") {
        if let Some(pos) = base.rfind('/') {
            return base[..pos].to_owned();
        }
    }
    base.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Client>();
    }

    #[test]
    fn participant_url_is_encoded() {
        assert_eq!(
            participant_url("https://x/", &PublicId::new("a b&c")).unwrap(),
            "https://x/client?id=a%20b%26c"
        );
    }

    #[test]
    fn endpoint_from_root_or_asmx() {
        let c = Client::builder().base_url("https://app.idiligo.com/").build().unwrap();
        assert_eq!(c.endpoint(), "https://app.idiligo.com/InsideService20.asmx");
        assert_eq!(
            c.participant_url(&PublicId::new("P")).unwrap(),
            "https://app.idiligo.com/client?id=P"
        );
        let c = Client::builder()
            .base_url("https://h/sub/InsideService20.asmx")
            .build()
            .unwrap();
        assert_eq!(c.endpoint(), "https://h/sub/InsideService20.asmx");
        assert_eq!(
            c.participant_url(&PublicId::new("P")).unwrap(),
            "https://h/sub/client?id=P"
        );
        let c = Client::builder()
            .base_url("https://a")
            .participant_base_url("https://meet.example/")
            .build()
            .unwrap();
        assert_eq!(
            c.participant_url(&PublicId::new("P")).unwrap(),
            "https://meet.example/client?id=P"
        );
    }

    #[test]
    fn pasted_wsdl_and_operation_urls_are_normalised_and_other_queries_refused() {
        for pasted in [
            "https://h/InsideService20.asmx?WSDL",
            "https://h/InsideService20.asmx?wsdl",
            "https://h/InsideService20.asmx/Login",
            "https://h/InsideService20.asmx/GetAttachments/",
            " https://h/InsideService20.asmx/ ",
        ] {
            let c = Client::builder().base_url(pasted).build().unwrap();
            assert_eq!(c.endpoint(), "https://h/InsideService20.asmx", "{pasted}");
        }
        for bad in [
            "https://h/?x=1",
            "https://h/InsideService20.asmx?op=Login",
            "https://h/#top",
            "https://h/InsideService20.asmx/a/b",
            "https://h/InsideService20.asmx/Login?x",
        ] {
            let e = Client::builder().base_url(bad).build().unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument, "{bad}");
        }
    }

    #[test]
    fn user_info_in_the_base_url_is_a_secret() {
        let c = Client::builder()
            .base_url("https://user:FAKE-PW-1@h:8443/sub")
            .build()
            .unwrap();
        assert_eq!(c.endpoint(), "https://***@h:8443/sub/InsideService20.asmx");
        assert_eq!(c.base_url(), "https://***@h:8443/sub");
        let plain = Client::builder().base_url("https://h/x/").build().unwrap();
        assert_eq!(plain.base_url(), "https://h/x/", "as configured");
        assert_eq!(
            c.raw_endpoint(),
            "https://user:FAKE-PW-1@h:8443/sub/InsideService20.asmx"
        );
        assert!(!format!("{c:?}").contains("FAKE-PW-1"));
        assert_eq!(c.redact("echo user:FAKE-PW-1 and FAKE-PW-1", &[]), "echo *** and ***");
        assert_eq!(mask_userinfo("https://h/a@b"), "https://h/a@b");
        assert_eq!(userinfo_of("https://h/a@b"), None);
    }

    #[test]
    fn a_view_shares_the_client() {
        let c = Client::builder().base_url("https://h").build().unwrap();
        let t = CancelToken::new();
        let v = c.with_cancel(&t);
        assert!(Arc::ptr_eq(&c.inner, &v.inner));
        assert!(c.cancel_token().is_none());
        assert!(!v.cancel_token().expect("the view's token").is_cancelled());
        assert!(!v.cancelled() && !c.cancelled());
        t.cancel();
        assert!(v.cancelled() && !c.cancelled());
        assert!(v.cancel_token().unwrap().is_cancelled(), "the token the view was given");
        assert!(format!("{v:?}").contains("CancelToken"));
    }

    #[test]
    fn the_debug_form_shows_endpoint_binding_credentials_and_cancel_token_only() {
        let c = Client::builder()
            .base_url("https://user:FAKE-PW-2@h")
            .credentials(Credentials::password("FAKE-KEY", "agent@example.com", "FAKE-PW-3"))
            .build()
            .unwrap();
        let shown = format!("{c:?}");
        assert_eq!(
            shown,
            "Client { endpoint: \"https://***@h/InsideService20.asmx\", binding: Post, credentials: \
             Some(Credentials::Password { apikey: \"***\", username: \"agent@example.com\", password: \"***\" }), \
             cancel: None, .. }"
        );
        let t = CancelToken::new();
        assert!(format!("{:?}", c.with_cancel(&t))
            .ends_with("cancel: Some(CancelToken { cancelled: false, check: false }), .. }"));
    }

    #[test]
    fn jitter_is_splitmix64_over_a_counter_stepped_by_the_golden_ratio() {
        let c = Client::builder().base_url("https://h").build().unwrap();
        // The reference outputs of splitmix64 seeded with 0 (its state is stepped before mixing;
        // here the counter's old value is mixed, so the counter starts one step on).
        c.inner.random.store(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        assert_eq!(c.next_random(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(c.next_random(), 0x6E78_9E6A_A1B9_65F4);
        c.inner.random.store(12_345, Ordering::Relaxed);
        assert_eq!(c.next_random(), 0xF36C_F116_4265_DD51);
        // Every client starts elsewhere.
        let d = Client::builder().base_url("https://h").build().unwrap();
        let e = Client::builder().base_url("https://h").build().unwrap();
        assert_ne!(
            d.inner.random.load(Ordering::Relaxed),
            e.inner.random.load(Ordering::Relaxed)
        );
    }

    #[test]
    fn sleeps_go_through_the_sleeper_and_stop_for_a_cancelled_view() {
        let slept = Arc::new(std::sync::Mutex::new(Vec::new()));
        let s2 = slept.clone();
        let c = Client::builder()
            .base_url("https://h")
            .sleeper(Arc::new(move |d| s2.lock().unwrap().push(d)))
            .build()
            .unwrap();
        assert!(c.sleep(Duration::from_millis(7)));
        assert_eq!(*slept.lock().unwrap(), [Duration::from_millis(7)]);
        let t = CancelToken::new();
        assert!(c.with_cancel(&t).sleep(Duration::from_millis(8)));
        t.cancel();
        assert!(!c.with_cancel(&t).sleep(Duration::from_millis(9)));
        assert_eq!(
            *slept.lock().unwrap(),
            [Duration::from_millis(7), Duration::from_millis(8)]
        );
    }

    #[test]
    fn urls_are_shown_masked_only_when_the_base_has_user_info() {
        let plain = Client::builder().base_url("https://h").build().unwrap();
        assert!(plain.userinfo().is_none());
        assert_eq!(plain.shown_url("https://a:b@h/x"), "https://a:b@h/x");
        let secret = Client::builder().base_url("https://u:FAKE-PW-4@h").build().unwrap();
        assert_eq!(secret.userinfo().map(Secret::expose), Some("u:FAKE-PW-4"));
        assert_eq!(secret.shown_url("https://u:FAKE-PW-4@h/x?y"), "https://***@h/x?y");
        assert_eq!(secret.shown_url("https://h/x"), "https://h/x");
        assert_eq!(userinfo_of("https://@h/x"), None);
        assert_eq!(userinfo_of("https://a@b@h/x"), Some("a@b".into()));
        assert_eq!(mask_userinfo("no scheme@h"), "no scheme@h");
        assert_eq!(plain.op_url(Op::Login), "https://h/InsideService20.asmx/Login");
        assert_eq!(plain.op_urls().len(), Op::ALL.len());
    }

    #[test]
    fn insecure_base_refused() {
        let e = Client::builder().base_url("http://example.com").build().unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
        assert!(Client::builder()
            .base_url("http://example.com")
            .allow_insecure_http(true)
            .build()
            .is_ok());
    }
}
