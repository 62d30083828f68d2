//! The client: every InsideService20 operation, sessions, retries.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::config::{check_url, Binding, ClientBuilder, Credentials};
use crate::error::{Error, Result};
use crate::ids::{CallId, ContactId, DocumentId, PublicId, Token};
use crate::model::Attachment;
use crate::transport::{self, Reply};
use crate::xml;

/// A client of InsideService20.
///
/// **Create one and share it.** `Client` is `Send + Sync` and cheap to clone (an `Arc`
/// inside): all clones share one connection pool and one login session, and concurrent
/// callers whose token is missing or about to expire wait for a single login instead of
/// each logging in.
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
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientBuilder,
    agent: ureq::Agent,
    endpoint: String,
    participant_base: String,
    session: Mutex<Session>,
    login_lock: Mutex<()>,
    random: AtomicU64,
}

#[derive(Default)]
struct Session {
    token: Option<Token>,
    obtained: Option<Instant>,
    generation: u64,
}

/// One request parameter; `secret` ones are masked in anything the SDK prints.
#[derive(Clone, Copy)]
pub(crate) struct Param<'a> {
    name: &'static str,
    value: &'a str,
    secret: bool,
}

impl<'a> Param<'a> {
    fn plain(name: &'static str, value: &'a str) -> Self {
        Param {
            name,
            value,
            secret: false,
        }
    }
    fn secret(name: &'static str, value: &'a str) -> Self {
        Param {
            name,
            value,
            secret: true,
        }
    }
}

/// Whether an operation creates something (then it is retried only if the request never left).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    Safe,
    Creates,
}

/// Name/value pairs per SetValues request: 2 keys each plus token and publicId stay well
/// under ASP.NET's 1,000-key limit.
const SET_VALUES_BATCH: usize = 400;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("binding", &self.inner.config.binding)
            .field("credentials", &self.inner.config.credentials)
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
        let base = config.base_url.trim().trim_end_matches('/').to_owned();
        config.validate_url(OP, &base)?;
        let endpoint = if base.to_ascii_lowercase().ends_with(".asmx") {
            base.clone()
        } else {
            format!("{base}/InsideService20.asmx")
        };
        let participant_base = match &config.participant_base_url {
            Some(p) => {
                let p = p.trim().trim_end_matches('/').to_owned();
                check_url(OP, &p, true)?;
                p
            }
            None => site_root(&base),
        };
        for (what, d) in [
            ("connect timeout", config.connect_timeout),
            ("request timeout", config.request_timeout),
            ("stall timeout", config.stall_timeout),
            ("token lifetime", config.token_lifetime),
        ] {
            if d.is_zero() {
                return Err(Error::invalid(OP, format!("{what} must be greater than zero")));
            }
        }
        let agent = transport::build_agent(&config)?;
        let session = Session {
            token: config.token.clone(),
            obtained: config.token.as_ref().map(|_| Instant::now()),
            generation: 0,
        };
        let seed = {
            use std::hash::{BuildHasher, Hasher};
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(0x1d11_1960);
            h.finish()
        };
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                agent,
                endpoint,
                participant_base,
                session: Mutex::new(session),
                login_lock: Mutex::new(()),
                random: AtomicU64::new(seed),
            }),
        })
    }

    /// The operation endpoint, e.g. `https://app.idiligo.com/InsideService20.asmx`.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    pub(crate) fn config(&self) -> &ClientBuilder {
        &self.inner.config
    }

    pub(crate) fn agent(&self) -> &ureq::Agent {
        &self.inner.agent
    }

    pub(crate) fn sleep(&self, d: Duration) {
        (self.inner.config.sleeper)(d)
    }

    fn next_random(&self) -> u64 {
        // splitmix64 over an atomic counter: cheap, lock-free jitter.
        let mut z = self.inner.random.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Masks every secret the client knows (credentials, current token, and the secret
    /// parameters of the request at hand) in a text that came from the network.
    pub(crate) fn redact(&self, text: &str, params: &[Param<'_>]) -> String {
        let mut secrets: Vec<String> = Vec::new();
        if let Some(c) = &self.inner.config.credentials {
            secrets.extend(c.secrets().iter().map(|s| s.to_string()));
        }
        if let Some(t) = &lock(&self.inner.session).token {
            secrets.push(t.expose().to_owned());
        }
        if let Some(p) = &self.inner.config.proxy {
            secrets.push(p.expose().to_owned());
        }
        secrets.extend(params.iter().filter(|p| p.secret).map(|p| p.value.to_owned()));
        redact_secrets(text, &secrets)
    }

    // ------------------------------------------------------------------ exchange

    /// One operation call with retries.
    pub(crate) fn exchange(&self, op: &'static str, params: &[Param<'_>], idem: Idempotency) -> Result<Reply> {
        let policy = self.inner.config.retry;
        let mut retry = 0;
        loop {
            match self.exchange_once(op, params) {
                Ok(r) => return Ok(r),
                Err(e) => {
                    let may_retry = match idem {
                        Idempotency::Safe => e.retryable(),
                        Idempotency::Creates => e.never_sent() && e.retryable(),
                    };
                    if !may_retry || retry >= policy.max_retries {
                        return Err(e);
                    }
                    let wait = policy.backoff(retry, self.next_random());
                    log::warn!("{op}: {e}; retry {} of {} in {wait:?}", retry + 1, policy.max_retries);
                    self.sleep(wait);
                    retry += 1;
                }
            }
        }
    }

    fn exchange_once(&self, op: &'static str, params: &[Param<'_>]) -> Result<Reply> {
        let cfg = &self.inner.config;
        let url = format!("{}/{}", self.inner.endpoint, op);
        let mut form = form_urlencoded::Serializer::new(String::new());
        for p in params {
            form.append_pair(p.name, p.value);
        }
        let form = form.finish();
        let started = Instant::now();
        let result = match cfg.binding {
            Binding::Post => self
                .inner
                .agent
                .post(&url)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .send(form.as_bytes()),
            Binding::Get => {
                let full = if form.is_empty() {
                    url.clone()
                } else {
                    format!("{url}?{form}")
                };
                self.inner.agent.get(&full).call()
            }
        };
        let map = |e| {
            transport::map_ureq(
                op,
                e,
                cfg.connect_timeout,
                cfg.request_timeout,
                (crate::TimeoutPhase::Request, cfg.request_timeout),
            )
        };
        let mut response = match result {
            Ok(r) => r,
            Err(e) => {
                let e = map(e);
                log::debug!(
                    "{op}: {:?} {url} failed after {:?}: {e}",
                    cfg.binding,
                    started.elapsed()
                );
                return Err(e);
            }
        };
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .body_mut()
            .with_config()
            .limit(cfg.max_response_bytes)
            .read_to_vec()
            .map_err(map)?;
        log::debug!(
            "{op}: {:?} {url} -> {status} ({} bytes) in {:?}",
            cfg.binding,
            body.len(),
            started.elapsed()
        );
        self.classify(op, status, content_type, body, params)
    }

    fn classify(
        &self,
        op: &'static str,
        status: u16,
        ctype: Option<String>,
        body: Vec<u8>,
        params: &[Param<'_>],
    ) -> Result<Reply> {
        let base_type = ctype
            .as_deref()
            .map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .unwrap_or_default();
        let looks_html = base_type.contains("html");
        match status {
            200 if looks_html => Err(Error::Http {
                operation: op,
                status,
                content_type: ctype,
                excerpt: self.redact(&transport::excerpt(&body), params),
            }),
            200 if body.iter().all(u8::is_ascii_whitespace) => Ok(Reply::Empty),
            200 => Ok(Reply::Xml(body)),
            500 if base_type == "text/plain"
                || (base_type.is_empty() && !body.trim_ascii_start().starts_with(b"<")) =>
            {
                let text = String::from_utf8_lossy(&body);
                // Decode first, then redact, so no encoding hides a secret from the masking.
                let message = self.redact(&transport::fault_message(&text), params);
                let text = self.redact(&text, params);
                Err(Error::Service {
                    operation: op,
                    status,
                    message,
                    detail: text,
                })
            }
            _ => Err(Error::Http {
                operation: op,
                status,
                content_type: ctype,
                excerpt: self.redact(&transport::excerpt(&body), params),
            }),
        }
    }

    // ------------------------------------------------------------------ session

    fn fresh_token(&self) -> Option<(Token, u64)> {
        let s = lock(&self.inner.session);
        let token = s.token.as_ref()?;
        let can_relogin = self.inner.config.credentials.is_some();
        if can_relogin {
            let lifetime = self.inner.config.token_lifetime;
            let margin = (lifetime / 10).min(Duration::from_secs(300));
            let age = s.obtained.map(|o| o.elapsed()).unwrap_or(Duration::MAX);
            if age.saturating_add(margin) >= lifetime {
                return None;
            }
        }
        Some((token.clone(), s.generation))
    }

    fn invalidate(&self, generation: u64) {
        let mut s = lock(&self.inner.session);
        if s.generation == generation {
            s.token = None;
        }
    }

    /// The current session token, logging in first if there is none or it is about to expire.
    /// Concurrent callers share one login.
    pub fn session_token(&self) -> Result<Token> {
        self.current_token("Login").map(|(t, _)| t)
    }

    fn current_token(&self, op: &'static str) -> Result<(Token, u64)> {
        if let Some(t) = self.fresh_token() {
            return Ok(t);
        }
        let _single_login = lock(&self.inner.login_lock);
        if let Some(t) = self.fresh_token() {
            return Ok(t);
        }
        let Some(creds) = self.inner.config.credentials.clone() else {
            return Err(Error::Auth {
                operation: op,
                message: "no valid token and no credentials to log in with".into(),
                status: None,
            });
        };
        let token = self.login_with(&creds)?;
        let mut s = lock(&self.inner.session);
        s.token = Some(token.clone());
        s.obtained = Some(Instant::now());
        s.generation += 1;
        Ok((token, s.generation))
    }

    /// Logs in now with the configured credentials (Login or Impersonate), replacing the
    /// session token, and returns the new token.
    pub fn login(&self) -> Result<Token> {
        let Some(creds) = self.inner.config.credentials.clone() else {
            return Err(Error::invalid("Login", "the client has no credentials"));
        };
        let _single_login = lock(&self.inner.login_lock);
        let token = self.login_with(&creds)?;
        let mut s = lock(&self.inner.session);
        s.token = Some(token.clone());
        s.obtained = Some(Instant::now());
        s.generation += 1;
        Ok(token)
    }

    /// Replaces the session token with one obtained elsewhere.
    pub fn set_token(&self, token: Token) {
        let mut s = lock(&self.inner.session);
        s.token = Some(token);
        s.obtained = Some(Instant::now());
        s.generation += 1;
    }

    fn login_with(&self, creds: &Credentials) -> Result<Token> {
        match creds {
            Credentials::Password {
                apikey,
                username,
                password,
            } => self.login_password(apikey.expose(), username, password.expose()),
            Credentials::Ticket {
                apikey,
                username,
                ticket,
            } => self.impersonate(apikey.expose(), username, ticket.expose()),
        }
    }

    fn token_op(&self, op: &'static str, params: &[Param<'_>]) -> Result<Token> {
        let reply = self.exchange(op, params, Idempotency::Safe).map_err(|e| match e {
            Error::Service {
                operation,
                status,
                message,
                ..
            } => Error::Auth {
                operation,
                message,
                status: Some(status),
            },
            other => other,
        })?;
        match self.scalar(op, reply, &["string"])? {
            Some(t) if !t.trim().is_empty() => Ok(Token::new(t.trim())),
            _ => Err(Error::Auth {
                operation: op,
                message: "the service returned no token".into(),
                status: Some(200),
            }),
        }
    }

    /// `Login`: account login with API key, user name and password. Returns the token without
    /// touching the client's own session (use [`Client::login`] for that).
    pub fn login_password(&self, apikey: &str, username: &str, password: &str) -> Result<Token> {
        self.token_op(
            "Login",
            &[
                Param::secret("apikey", apikey),
                Param::plain("username", username),
                Param::secret("password", password),
            ],
        )
    }

    /// `Impersonate`: log in as `username` with an authorization ticket. Returns the token
    /// without touching the client's own session.
    pub fn impersonate(&self, apikey: &str, username: &str, ticket: &str) -> Result<Token> {
        self.token_op(
            "Impersonate",
            &[
                Param::secret("apikey", apikey),
                Param::plain("username", username),
                Param::secret("ticket", ticket),
            ],
        )
    }

    /// Runs an operation that needs a token: on a token rejection, logs in again once and
    /// repeats the call once.
    fn authed(&self, op: &'static str, params: &[Param<'_>], idem: Idempotency) -> Result<Reply> {
        let (token, generation) = self.current_token(op)?;
        let attempt = |token: &Token| {
            let mut all = Vec::with_capacity(params.len() + 1);
            all.push(Param::secret("token", token.expose()));
            all.extend(params.iter().copied());
            self.exchange(op, &all, idem)
        };
        match attempt(&token) {
            Err(Error::Service { message, status, .. }) if transport::is_token_rejection(&message) => {
                if self.inner.config.credentials.is_none() {
                    return Err(Error::Auth {
                        operation: op,
                        message,
                        status: Some(status),
                    });
                }
                log::info!("{op}: token rejected ({message}); logging in again");
                self.invalidate(generation);
                let (token, _) = self.current_token(op)?;
                attempt(&token).map_err(|e| match e {
                    Error::Service { message, status, .. } if transport::is_token_rejection(&message) => Error::Auth {
                        operation: op,
                        message,
                        status: Some(status),
                    },
                    other => other,
                })
            }
            other => other,
        }
    }

    fn scalar(&self, op: &'static str, reply: Reply, roots: &[&str]) -> Result<Option<String>> {
        match reply {
            Reply::Xml(body) => xml::parse_scalar(op, &body, roots),
            Reply::Empty => Err(Error::parse(op, "empty response where a value was expected")),
        }
    }

    fn id_op(&self, op: &'static str, params: &[Param<'_>], idem: Idempotency) -> Result<String> {
        let reply = self.authed(op, params, idem)?;
        match self.scalar(op, reply, &["long", "int", "string"])? {
            Some(v) if !v.trim().is_empty() => Ok(v.trim().to_owned()),
            _ => Err(Error::parse(op, "the service returned an empty id")),
        }
    }

    fn void_op(&self, op: &'static str, params: &[Param<'_>]) -> Result<()> {
        match self.authed(op, params, Idempotency::Safe)? {
            Reply::Empty => Ok(()),
            // Some deployments answer void operations with a document; accept any well-formed one.
            Reply::Xml(body) => {
                let text = std::str::from_utf8(&body).map_err(|_| Error::parse(op, "response is not UTF-8"))?;
                roxmltree::Document::parse(text.trim_start_matches('\u{feff}').trim_start())
                    .map(|_| ())
                    .map_err(|e| Error::parse(op, format!("malformed XML: {e}")))
            }
        }
    }

    // ------------------------------------------------------------------ operations

    /// `CreateContact`: creates the meeting participant. First and last name may be empty.
    pub fn create_contact(&self, email: &str, first_name: &str, last_name: &str) -> Result<ContactId> {
        const OP: &str = "CreateContact";
        require(OP, "email", email)?;
        self.id_op(
            OP,
            &[
                Param::plain("email", email),
                Param::plain("firstName", first_name),
                Param::plain("lastName", last_name),
            ],
            Idempotency::Creates,
        )
        .map(ContactId::new)
    }

    /// `CreateCall`: creates a meeting from a script ("traject") code.
    pub fn create_call(&self, script_code: &str) -> Result<CallId> {
        const OP: &str = "CreateCall";
        require(OP, "script code", script_code)?;
        self.id_op(OP, &[Param::plain("trajectCode", script_code)], Idempotency::Creates)
            .map(CallId::new)
    }

    /// `SetContact`: attaches a participant to a meeting.
    pub fn set_contact(&self, call: &CallId, contact: &ContactId) -> Result<()> {
        const OP: &str = "SetContact";
        require(OP, "call id", call.as_str())?;
        require(OP, "contact id", contact.as_str())?;
        self.void_op(
            OP,
            &[
                Param::plain("callId", call.as_str()),
                Param::plain("contactId", contact.as_str()),
            ],
        )
    }

    /// `GetAgentUrl`: the URL at which the agent opens the meeting; `return_url` is where the
    /// agent is sent afterwards.
    pub fn get_agent_url(&self, call: &CallId, return_url: Option<&str>) -> Result<String> {
        const OP: &str = "GetAgentUrl";
        require(OP, "call id", call.as_str())?;
        let reply = self.authed(
            OP,
            &[
                Param::plain("callId", call.as_str()),
                Param::plain("returnUrl", return_url.unwrap_or("")),
            ],
            Idempotency::Safe,
        )?;
        match self.scalar(OP, reply, &["string"])? {
            Some(u) if !u.trim().is_empty() => Ok(u.trim().to_owned()),
            _ => Err(Error::parse(OP, "the service returned no URL")),
        }
    }

    /// `GetPublicCallId`: the public id of a meeting, used in the participant link.
    pub fn get_public_call_id(&self, call: &CallId) -> Result<PublicId> {
        const OP: &str = "GetPublicCallId";
        require(OP, "call id", call.as_str())?;
        let reply = self.authed(OP, &[Param::plain("callId", call.as_str())], Idempotency::Safe)?;
        match self.scalar(OP, reply, &["string", "long", "int"])? {
            Some(p) if !p.trim().is_empty() => Ok(PublicId::new(p.trim())),
            _ => Err(Error::parse(OP, "the service returned no public id")),
        }
    }

    /// `SetValues`: writes named values into a meeting, in order. An empty list is a no-op
    /// (the service cannot receive an empty array). More than 400 pairs are sent in batches of
    /// 400, because ASP.NET refuses requests with more than 1,000 form keys; if a batch fails,
    /// the earlier batches have been written. The service rejects values containing
    /// `<` followed by a letter (ASP.NET request validation); such values get a service error.
    pub fn set_values<I, K, V>(&self, public_id: &PublicId, values: I) -> Result<()>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        const OP: &str = "SetValues";
        require(OP, "public id", public_id.as_str())?;
        let pairs: Vec<(K, V)> = values.into_iter().collect();
        if pairs.is_empty() {
            return Ok(());
        }
        for (k, _) in &pairs {
            require(OP, "value name", k.as_ref())?;
        }
        // ASP.NET refuses requests with more than 1,000 form keys (MaxHttpCollectionKeys), so
        // long lists go in batches, in order; a later value for a name still wins.
        for batch in pairs.chunks(SET_VALUES_BATCH) {
            let mut params = vec![Param::plain("publicId", public_id.as_str())];
            params.extend(batch.iter().map(|(k, _)| Param::plain("names", k.as_ref())));
            params.extend(batch.iter().map(|(_, v)| Param::plain("values", v.as_ref())));
            self.void_op(OP, &params)?;
        }
        Ok(())
    }

    /// `AddDocumentFromUrl`: the service downloads `url` and stores it as `filename`;
    /// `external_id` is your key for binding it (see
    /// [`set_document_to_upload_action`](Self::set_document_to_upload_action)).
    pub fn add_document_from_url(&self, url: &str, filename: &str, external_id: &str) -> Result<DocumentId> {
        const OP: &str = "AddDocumentFromUrl";
        require(OP, "url", url)?;
        require(OP, "filename", filename)?;
        self.id_op(
            OP,
            &[
                Param::plain("url", url),
                Param::plain("filename", filename),
                Param::plain("externalId", external_id),
            ],
            Idempotency::Creates,
        )
        .map(DocumentId::new)
    }

    /// `SetDocumentToUploadAction`: binds a stored document to a meeting's upload action.
    pub fn set_document_to_upload_action(&self, call: &CallId, external_id: &str, document: &DocumentId) -> Result<()> {
        const OP: &str = "SetDocumentToUploadAction";
        require(OP, "call id", call.as_str())?;
        require(OP, "document id", document.as_str())?;
        self.void_op(
            OP,
            &[
                Param::plain("callId", call.as_str()),
                Param::plain("externalId", external_id),
                Param::plain("documentId", document.as_str()),
            ],
        )
    }

    /// `GetAttachments`: the documents of a meeting (bound, uploaded, generated, signed).
    pub fn get_attachments(&self, call: &CallId) -> Result<Vec<Attachment>> {
        const OP: &str = "GetAttachments";
        require(OP, "call id", call.as_str())?;
        match self.authed(OP, &[Param::plain("callId", call.as_str())], Idempotency::Safe)? {
            Reply::Xml(body) => xml::parse_attachments(OP, &body),
            Reply::Empty => Err(Error::parse(OP, "empty response where a list was expected")),
        }
    }

    /// The participant link for a public id: `{participant base}/client?id={public id}`,
    /// percent-encoded.
    pub fn participant_url(&self, public_id: &PublicId) -> String {
        participant_url(&self.inner.participant_base, public_id)
    }
}

/// Masks every secret in `text`: verbatim, HTML-encoded (as ASP.NET writes messages) and
/// percent-encoded, and the quoted value after a secret parameter's name (ASP.NET's request
/// validation message echoes a shortened value: `(password="…")`).
pub(crate) fn redact_secrets(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for s in secrets.iter().filter(|s| s.len() >= 3) {
        let html = s
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        let percent: String = form_urlencoded::byte_serialize(s.as_bytes()).collect();
        for form in [s.as_str(), html.as_str(), percent.as_str()] {
            if out.contains(form) {
                out = out.replace(form, "***");
            }
        }
    }
    for name in ["apikey", "password", "ticket", "token"] {
        for (open, close) in [("=\"", "\")"), ("=&quot;", "&quot;)")] {
            let mut from = 0;
            loop {
                let lower = out.to_ascii_lowercase();
                let Some(pos) = lower[from..].find(&format!("{name}{open}")).map(|p| p + from) else {
                    break;
                };
                let start = pos + name.len() + open.len();
                let end = out[start..].find(close).map(|e| start + e).unwrap_or(out.len());
                out.replace_range(start..end, "***");
                from = start + 3;
            }
        }
    }
    out
}

/// Builds `{base}/client?id={public id}` with the id percent-encoded.
pub fn participant_url(base: &str, public_id: &PublicId) -> String {
    let encoded: String = form_urlencoded::byte_serialize(public_id.as_str().as_bytes()).collect();
    format!(
        "{}/client?id={}",
        base.trim_end_matches('/'),
        encoded.replace('+', "%20")
    )
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

pub(crate) fn require(op: &'static str, what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(op, format!("{what} must not be empty")));
    }
    Ok(())
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
    fn redaction_covers_encodings_and_echoed_prefixes() {
        let secrets = vec!["Pw<x'1 \"long-secret-value".to_owned()];
        let cases = [
            "raw Pw<x'1 \"long-secret-value end",
            "html Pw&lt;x&#39;1 &quot;long-secret-value end",
            "pct Pw%3Cx%271+%22long-secret-value end",
            "A potentially dangerous Request.Form value was detected from the client (password=\"Pw<x'1 \"long-secr...\").",
            "(PASSWORD=&quot;Pw&lt;x&#39;1 &quot;long-s&quot;)",
        ];
        for c in cases {
            let r = redact_secrets(c, &secrets);
            assert!(!r.contains("Pw") && !r.contains("long-s"), "{c} -> {r}");
        }
        assert_eq!(redact_secrets("(token=\"abc\") x", &[]), "(token=\"***\") x");
    }

    #[test]
    fn participant_url_is_encoded() {
        assert_eq!(
            participant_url("https://x/", &PublicId::new("a b&c")),
            "https://x/client?id=a%20b%26c"
        );
    }

    #[test]
    fn endpoint_from_root_or_asmx() {
        let c = Client::builder().base_url("https://app.idiligo.com/").build().unwrap();
        assert_eq!(c.endpoint(), "https://app.idiligo.com/InsideService20.asmx");
        assert_eq!(
            c.participant_url(&PublicId::new("P")),
            "https://app.idiligo.com/client?id=P"
        );
        let c = Client::builder()
            .base_url("https://h/sub/InsideService20.asmx")
            .build()
            .unwrap();
        assert_eq!(c.endpoint(), "https://h/sub/InsideService20.asmx");
        assert_eq!(c.participant_url(&PublicId::new("P")), "https://h/sub/client?id=P");
        let c = Client::builder()
            .base_url("https://a")
            .participant_base_url("https://meet.example/")
            .build()
            .unwrap();
        assert_eq!(
            c.participant_url(&PublicId::new("P")),
            "https://meet.example/client?id=P"
        );
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
