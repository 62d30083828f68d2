//! An in-process emulator of InsideService20, for developing and testing integrations offline.
//!
//! [`Sandbox::start`] serves the service's HTTP GET and POST bindings on `127.0.0.1` (a free
//! port), with XML bodies, void answers and `500 text/plain` faults as ASP.NET writes them, and
//! the same behaviour contract as the Mono replica the project tests against
//! (`tests/asmx/README.md`). It also offers what the real service cannot: inspecting a meeting,
//! simulating the participant uploading or signing a document, and injecting faults.
//!
//! ```
//! use idiligo::sandbox::Sandbox;
//!
//! let sandbox = Sandbox::start()?;
//! let client = sandbox.client()?;
//! let call = client.create_call("INTAKE")?;
//! sandbox.simulate_upload(&call, "passport.jpg", b"JPEG...".to_vec())?;
//! assert_eq!(client.get_attachments(&call)?.len(), 1);
//! assert_eq!(sandbox.call(&call).unwrap().script_code, "INTAKE");
//! # Ok::<(), idiligo::Error>(())
//! ```
//!
//! Stand-alone: `cargo run -p idiligo --example sandbox --features sandbox -- --port 8080`.
//!
//! ## Endpoints
//! * `GET|POST /InsideService20.asmx/{Operation}`: the eleven operations.
//! * `GET /Download.ashx?id=N`: the bytes of a stored document (the `Url` of an attachment).
//! * `GET /files/{name}`: files registered with [`Sandbox::host_file`] (document sources).
//! * `GET /agent?callId=N`, `GET /client?id=P`: small HTML pages standing in for the meeting.
//!
//! ## Known differences from the real service
//! The emulator follows the wire reference and is held to a real ASP.NET web-service runtime:
//! `core/tests/conformance.rs` sends the same raw requests (successes, void operations, empty
//! results, every kind of error, in both customErrors modes, over GET and POST) to the sandbox
//! and to the Mono-hosted replica in `tests/asmx/`, and requires identical status, content type
//! and body after normalising ids, tokens, dates, ports and stack-trace lines. What remains
//! different, on purpose:
//!
//! | Aspect | Sandbox | Replica (Mono 6.8) | Reason |
//! |---|---|---|---|
//! | Framework error wording | `Missing parameter: token.`, `Cannot convert abc to System.Int64.`, `Request format is invalid: text/plain.`, names filled in | `Missing parameter: {0}.` etc., placeholders unfilled | Microsoft's runtime (which the live service runs on) fills them in; clients must not match on wording |
//! | Stack-trace lines (customErrors Off) | fixed, plausible frames | the real frames | deployment-specific; clients keep them only as diagnostics |
//! | `Server`, `Date`, `X-AspNet-Version`, `Keep-Alive` headers | tiny_http's `Server`/`Date` only | Mono's listener headers | not part of the protocol |
//! | `Connection: close` on 500 answers | no (the connection stays usable) | yes (Mono's listener) | the client handles both |
//! | `Cache-Control` on framework errors | `private, max-age=0` on XML answers and void, none on faults | `private` on framework errors, `private, max-age=0` on method errors | not part of the protocol |
//! | JSON POST (`application/json`) | 500 `Request format is invalid` | 200 with `{"d":…}` (Mono quirk) | Microsoft's runtime refuses JSON to a service that is not script-enabled; SDKs must never send JSON |
//! | `HEAD`, other verbs | 405 HTML | 500 with an empty HTML body | not worth emulating (wire reference §3) |
//! | Business error wording (`Invalid token.`, `Unknown callId.` …) and sentinel-vs-exception behaviour | as the replica's contract | same | Idiligo's own wording is undocumented; the client recognises token rejections broadly |
//! | Host header other than 127.0.0.1/localhost | served | 400 from Mono's listener | the sandbox only listens on loopback anyway |

mod service;
mod wire;

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::error::{Error, Result};
use crate::ids::{CallId, ContactId, DocumentId, PublicId};
use crate::{Client, ClientBuilder, Credentials};

pub use service::DocumentOrigin;
use service::{AttachmentEntry, Env, Invocation, Outcome, State, StoredDocument};
use wire::Exception;

const OP: &str = "sandbox";
const WORKERS: usize = 32;
const MAX_FORM_BYTES: u64 = 16 * 1024 * 1024;

/// The credentials the sandbox accepts.
#[derive(Clone, PartialEq, Eq)]
pub struct SandboxCredentials {
    /// API key (default `test-apikey-0000`).
    pub apikey: String,
    /// User name (default `agent@example.test`).
    pub username: String,
    /// Password for `Login` (default `fake-password-1234`).
    pub password: String,
    /// Ticket for `Impersonate` (default `fake-ticket-5678`).
    pub ticket: String,
}

impl Default for SandboxCredentials {
    fn default() -> Self {
        SandboxCredentials {
            apikey: "test-apikey-0000".into(),
            username: "agent@example.test".into(),
            password: "fake-password-1234".into(),
            ticket: "fake-ticket-5678".into(),
        }
    }
}

impl std::fmt::Debug for SandboxCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxCredentials")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// How faults are written (ASP.NET's `customErrors` setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CustomErrors {
    /// Only the exception message (ASP.NET's default for remote callers).
    #[default]
    On,
    /// Type name, message, inner exceptions and a stack trace.
    Off,
}

/// Sandbox settings.
#[derive(Debug, Clone)]
pub(crate) struct SandboxConfig {
    pub credentials: SandboxCredentials,
    pub token_lifetime: Duration,
    pub custom_errors: CustomErrors,
    pub max_document_bytes: u64,
    pub port: u16,
    pub request_validation: bool,
    pub require_contact_names: bool,
}

/// Configures and starts a [`Sandbox`].
#[derive(Debug, Clone)]
pub struct SandboxBuilder {
    config: SandboxConfig,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        SandboxBuilder {
            config: SandboxConfig {
                credentials: SandboxCredentials::default(),
                token_lifetime: Duration::from_secs(24 * 3600),
                custom_errors: CustomErrors::On,
                max_document_bytes: 64 * 1024 * 1024,
                port: 0,
                request_validation: true,
                require_contact_names: true,
            },
        }
    }
}

impl SandboxBuilder {
    /// The credentials to accept.
    pub fn credentials(mut self, credentials: SandboxCredentials) -> Self {
        self.config.credentials = credentials;
        self
    }

    /// Token lifetime (default 24 h).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.config.token_lifetime = lifetime;
        self
    }

    /// Short (`On`, default) or long (`Off`) fault texts.
    pub fn custom_errors(mut self, mode: CustomErrors) -> Self {
        self.config.custom_errors = mode;
        self
    }

    /// Cap on a document fetched by `AddDocumentFromUrl` (default 64 MiB).
    pub fn max_document_bytes(mut self, limit: u64) -> Self {
        self.config.max_document_bytes = limit;
        self
    }

    /// Port on 127.0.0.1 (default 0: a free port).
    pub fn port(mut self, port: u16) -> Self {
        self.config.port = port;
        self
    }

    /// ASP.NET request validation: reject values containing `<` followed by a letter, `&#` or
    /// `<!`, `</`, `<?` (default on, as on the real service).
    pub fn request_validation(mut self, on: bool) -> Self {
        self.config.request_validation = on;
        self
    }

    /// Whether `CreateContact` requires `firstName` and `lastName` (default true, as a
    /// four-parameter web method does). The wire reference leaves open whether the live method
    /// takes two or four parameters; with `false` the sandbox also accepts the two-parameter
    /// form (`token`, `email`).
    pub fn require_contact_names(mut self, required: bool) -> Self {
        self.config.require_contact_names = required;
        self
    }

    /// Starts the server.
    pub fn start(self) -> Result<Sandbox> {
        Sandbox::start_with(self.config)
    }
}

/// What a fault does to a matching request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultKind {
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Answer with this status, content type and body instead.
    Status {
        /// HTTP status.
        status: u16,
        /// Content type (`text/html; charset=utf-8` …); empty for none.
        content_type: String,
        /// Body.
        body: String,
    },
    /// Send the normal answer's headers and half of its body, then close the connection.
    TruncatedBody,
    /// Send the normal answer's headers and half of its body, pause this long, then send the
    /// rest (exercises stall timeouts).
    StallBody(Duration),
    /// Close the connection without answering.
    DropConnection,
}

/// A fault for the next matching requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// What to do.
    pub kind: FaultKind,
    /// Operation name to match (`"GetAttachments"`, `"Download"` for `Download.ashx`, `"Files"`
    /// for hosted files); `None` matches every request.
    pub operation: Option<String>,
    /// How many requests it applies to.
    pub times: usize,
}

impl Fault {
    /// A fault for the next request of any operation.
    pub fn new(kind: FaultKind) -> Self {
        Fault {
            kind,
            operation: None,
            times: 1,
        }
    }

    /// Restricts the fault to one operation.
    pub fn operation(mut self, operation: impl Into<String>) -> Self {
        self.operation = Some(operation.into());
        self
    }

    /// Applies the fault to this many requests (default 1).
    pub fn times(mut self, times: usize) -> Self {
        self.times = times;
        self
    }

    /// `503 Service Unavailable` with an HTML page, as a load balancer would send.
    pub fn unavailable() -> Self {
        Fault::new(FaultKind::Status {
            status: 503,
            content_type: "text/html; charset=utf-8".into(),
            body: "<html><body><h1>503 Service Unavailable</h1></body></html>".into(),
        })
    }
}

/// A participant as the sandbox stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactSnapshot {
    /// The contact id.
    pub id: ContactId,
    /// E-mail address.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
}

/// A document of a meeting as the sandbox stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSnapshot {
    /// The document id.
    pub id: DocumentId,
    /// File name.
    pub filename: String,
    /// External id it was bound under (empty for uploads).
    pub external_id: String,
    /// Bound by the agent or uploaded by the participant.
    pub origin: DocumentOrigin,
    /// Size in bytes.
    pub size: u64,
    /// 0 = none, 1 = awaiting signature, 2 = signed.
    pub sign_status: i32,
}

/// Everything the sandbox knows about a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSnapshot {
    /// The meeting id.
    pub id: CallId,
    /// Its script code.
    pub script_code: String,
    /// Its public id.
    pub public_id: PublicId,
    /// The attached participant.
    pub contact: Option<ContactSnapshot>,
    /// Values written with SetValues, in first-write order.
    pub values: Vec<(String, String)>,
    /// Its documents, in GetAttachments order.
    pub documents: Vec<DocumentSnapshot>,
}

struct Shared {
    config: SandboxConfig,
    state: Mutex<State>,
    faults: Mutex<VecDeque<Fault>>,
    latency: Mutex<Duration>,
    hosted: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    counts: Mutex<HashMap<String, u64>>,
    fetcher: ureq::Agent,
    local: SocketAddr,
}

/// A running emulator; stops when dropped (or with [`Sandbox::stop`]).
pub struct Sandbox {
    shared: Arc<Shared>,
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
    url: String,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Sandbox {
    /// Starts a sandbox with default settings on a free port of 127.0.0.1.
    pub fn start() -> Result<Sandbox> {
        SandboxBuilder::default().start()
    }

    /// A builder for a customised sandbox.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    fn start_with(config: SandboxConfig) -> Result<Sandbox> {
        let server = tiny_http::Server::http(("127.0.0.1", config.port)).map_err(|e| Error::Connect {
            operation: OP,
            message: format!("cannot listen on 127.0.0.1:{}: {e}", config.port),
        })?;
        let local = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::invalid(OP, "server has no IP address"))?;
        let fetcher: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x5eed)
            ^ (local.port() as u64) << 48;
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(seed)),
            config,
            faults: Mutex::new(VecDeque::new()),
            latency: Mutex::new(Duration::ZERO),
            hosted: Mutex::new(HashMap::new()),
            counts: Mutex::new(HashMap::new()),
            fetcher,
            local,
        });
        let server = Arc::new(server);
        let stop = Arc::new(AtomicBool::new(false));
        let mut workers = Vec::with_capacity(WORKERS);
        for i in 0..WORKERS {
            let (server, shared, stop) = (server.clone(), shared.clone(), stop.clone());
            let handle = std::thread::Builder::new()
                .name(format!("idiligo-sandbox-{i}"))
                .spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        match server.recv_timeout(Duration::from_millis(100)) {
                            Ok(Some(rq)) => {
                                // A bug in a handler must not cost the sandbox a worker.
                                let outcome =
                                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&shared, rq)));
                                if outcome.is_err() {
                                    log::error!("sandbox: a request handler panicked");
                                }
                            }
                            Ok(None) => {}
                            Err(_) => break,
                        }
                    }
                })
                .map_err(|e| Error::io(OP, "spawning a worker thread", e))?;
            workers.push(handle);
        }
        let url = format!("http://{local}");
        log::info!("sandbox listening on {url}");
        Ok(Sandbox {
            shared,
            server,
            stop,
            workers,
            url,
        })
    }

    /// Base URL, e.g. `http://127.0.0.1:41234` (pass it to [`ClientBuilder::base_url`]).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.shared.local.port()
    }

    /// Password credentials the sandbox accepts.
    pub fn credentials(&self) -> Credentials {
        let c = &self.shared.config.credentials;
        Credentials::password(c.apikey.as_str(), c.username.as_str(), c.password.as_str())
    }

    /// Ticket credentials the sandbox accepts.
    pub fn ticket_credentials(&self) -> Credentials {
        let c = &self.shared.config.credentials;
        Credentials::ticket(c.apikey.as_str(), c.username.as_str(), c.ticket.as_str())
    }

    /// The accepted credentials, field by field.
    pub fn sandbox_credentials(&self) -> &SandboxCredentials {
        &self.shared.config.credentials
    }

    /// A client builder pointed at the sandbox, with its password credentials.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.url.as_str())
            .credentials(self.credentials())
    }

    /// A ready client.
    pub fn client(&self) -> Result<Client> {
        self.client_builder().build()
    }

    /// Serves `bytes` at `{url}/files/{name}` (for AddDocumentFromUrl) and returns that URL.
    pub fn host_file(&self, name: &str, bytes: Vec<u8>) -> String {
        let encoded = service::escape_data_string(name);
        lock(&self.shared.hosted).insert(encoded.clone(), Arc::new(bytes));
        format!("{}/files/{encoded}", self.url)
    }

    /// Everything known about a meeting, or `None` for an unknown id.
    pub fn call(&self, call: &CallId) -> Option<CallSnapshot> {
        let id: i64 = call.as_str().trim().parse().ok()?;
        let st = lock(&self.shared.state);
        let c = st.calls.get(&id)?;
        let contact = c.contact_id.and_then(|cid| {
            st.contacts.get(&cid).map(|k| ContactSnapshot {
                id: ContactId::new(cid.to_string()),
                email: k.email.clone(),
                first_name: k.first_name.clone(),
                last_name: k.last_name.clone(),
            })
        });
        let documents = c
            .attachments
            .iter()
            .filter_map(|e| {
                st.documents.get(&e.document_id).map(|d| DocumentSnapshot {
                    id: DocumentId::new(e.document_id.to_string()),
                    filename: d.filename.clone(),
                    external_id: e.external_id.clone(),
                    origin: e.origin,
                    size: d.bytes.len() as u64,
                    sign_status: e.sign_status,
                })
            })
            .collect();
        Some(CallSnapshot {
            id: call.clone(),
            script_code: c.script_code.clone(),
            public_id: PublicId::new(c.public_id.clone()),
            contact,
            values: c.values.clone(),
            documents,
        })
    }

    /// The bytes of a stored document.
    pub fn document_bytes(&self, document: &DocumentId) -> Option<Vec<u8>> {
        let id: i64 = document.as_str().trim().parse().ok()?;
        lock(&self.shared.state).documents.get(&id).map(|d| d.bytes.to_vec())
    }

    /// Simulates the participant uploading a file in the meeting: it appears in
    /// GetAttachments with `Attach = false`.
    pub fn simulate_upload(&self, call: &CallId, filename: &str, bytes: Vec<u8>) -> Result<DocumentId> {
        let id: i64 = parse_id(call.as_str())?;
        let mut st = lock(&self.shared.state);
        if !st.calls.contains_key(&id) {
            return Err(Error::invalid(OP, format!("unknown call {call}")));
        }
        let doc = st.new_id();
        st.documents.insert(
            doc,
            StoredDocument {
                filename: filename.to_owned(),
                bytes: Arc::new(bytes),
            },
        );
        if let Some(c) = st.calls.get_mut(&id) {
            c.attachments.push(AttachmentEntry {
                document_id: doc,
                external_id: String::new(),
                origin: DocumentOrigin::Uploaded,
                date: SystemTime::now(),
                sign_status: 0,
            });
        }
        Ok(DocumentId::new(doc.to_string()))
    }

    /// Simulates the participant signing a document of the meeting: its `SignStatus` becomes
    /// 2 and its bytes get a signature trailer (so a download shows the signed version).
    pub fn simulate_sign(&self, call: &CallId, document: &DocumentId) -> Result<()> {
        let (cid, did) = (parse_id(call.as_str())?, parse_id(document.as_str())?);
        let mut st = lock(&self.shared.state);
        let signer = {
            let c = st
                .calls
                .get(&cid)
                .ok_or_else(|| Error::invalid(OP, format!("unknown call {call}")))?;
            if !c.attachments.iter().any(|e| e.document_id == did) {
                return Err(Error::invalid(
                    OP,
                    format!("document {document} is not part of call {call}"),
                ));
            }
            c.contact_id
                .and_then(|k| st.contacts.get(&k))
                .map(|k| k.email.clone())
                .unwrap_or_else(|| "participant".into())
        };
        if let Some(d) = st.documents.get_mut(&did) {
            let mut signed = d.bytes.to_vec();
            signed.extend_from_slice(
                format!(
                    "\n%% signed by {signer} at {}\n",
                    service::format_utc(SystemTime::now())
                )
                .as_bytes(),
            );
            d.bytes = Arc::new(signed);
        }
        if let Some(c) = st.calls.get_mut(&cid) {
            for e in c.attachments.iter_mut().filter(|e| e.document_id == did) {
                e.sign_status = 2;
            }
        }
        Ok(())
    }

    /// Makes every token issued so far expire now (to exercise re-login).
    pub fn expire_tokens(&self) {
        lock(&self.shared.state).expired_before = Some(Instant::now());
    }

    /// Queues a fault.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).push_back(fault);
    }

    /// Removes all queued faults.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Adds this latency to every request (default none).
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.shared.latency) = latency;
    }

    /// How many requests an operation (or `"Download"`, `"Files"`) has received.
    pub fn request_count(&self, operation: &str) -> u64 {
        lock(&self.shared.counts).get(operation).copied().unwrap_or(0)
    }

    /// Stops the server and waits for its threads.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for _ in 0..WORKERS {
            self.server.unblock();
        }
        // Workers finish their request first; one stuck on a client that stopped sending is
        // left behind (detached) after a grace period rather than hanging the caller.
        let deadline = Instant::now() + Duration::from_secs(2);
        for w in self.workers.drain(..) {
            while !w.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if w.is_finished() {
                let _ = w.join();
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn parse_id(s: &str) -> Result<i64> {
    s.trim()
        .parse()
        .map_err(|_| Error::invalid(OP, format!("{s:?} is not a sandbox id")))
}

// ---------------------------------------------------------------------------- serving

struct Reply {
    status: u16,
    content_type: Option<&'static str>,
    body: Body,
    cache_private: bool,
}

enum Body {
    Text(Vec<u8>),
    Shared(Arc<Vec<u8>>),
}

impl Body {
    fn len(&self) -> usize {
        match self {
            Body::Text(v) => v.len(),
            Body::Shared(v) => v.len(),
        }
    }
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Text(v) => v,
            Body::Shared(v) => v,
        }
    }
}

/// Serves an `Arc`'d buffer without copying it.
struct SharedReader {
    data: Arc<Vec<u8>>,
    pos: usize,
}

impl Read for SharedReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.data[self.pos.min(self.data.len())..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

fn text(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        content_type: Some(content_type),
        body: Body::Text(body.into()),
        cache_private: false,
    }
}

/// A response header; values tiny_http refuses (non-ASCII, control characters) become
/// `application/octet-stream` rather than a panic.
fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .or_else(|_| tiny_http::Header::from_bytes(name.as_bytes(), &b"application/octet-stream"[..]))
        .expect("header names are constants and the fallback value is ASCII")
}

fn take_fault(shared: &Shared, operation: &str) -> Option<FaultKind> {
    let mut faults = lock(&shared.faults);
    let pos = faults
        .iter()
        .position(|f| f.times > 0 && f.operation.as_deref().map(|o| o == operation).unwrap_or(true))?;
    let f = &mut faults[pos];
    f.times -= 1;
    let kind = f.kind.clone();
    if f.times == 0 {
        faults.remove(pos);
    }
    Some(kind)
}

fn handle(shared: &Shared, mut rq: tiny_http::Request) {
    let url = rq.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let path = path.to_owned();
    let query = query.to_owned();
    let operation = if let Some(op) = path.strip_prefix("/InsideService20.asmx/") {
        op.to_owned()
    } else if path.eq_ignore_ascii_case("/Download.ashx") {
        "Download".to_owned()
    } else if path.starts_with("/files/") {
        "Files".to_owned()
    } else {
        path.trim_start_matches('/').to_owned()
    };
    {
        const KNOWN: &[&str] = &[
            "Login",
            "Impersonate",
            "CreateContact",
            "CreateCall",
            "SetContact",
            "GetAgentUrl",
            "GetPublicCallId",
            "SetValues",
            "AddDocumentFromUrl",
            "SetDocumentToUploadAction",
            "GetAttachments",
            "Download",
            "Files",
        ];
        let key = if KNOWN.contains(&operation.as_str()) {
            operation.as_str()
        } else {
            "other"
        };
        *lock(&shared.counts).entry(key.to_owned()).or_insert(0) += 1;
    }

    let latency = *lock(&shared.latency);
    if !latency.is_zero() {
        std::thread::sleep(latency);
    }
    let fault = take_fault(shared, &operation);
    if let Some(FaultKind::Delay(d)) = &fault {
        std::thread::sleep(*d);
    }
    match &fault {
        Some(FaultKind::Status {
            status,
            content_type,
            body,
        }) => {
            let mut response = tiny_http::Response::from_data(body.as_bytes().to_vec()).with_status_code(*status);
            if !content_type.is_empty() {
                response = response.with_header(header("Content-Type", content_type));
            }
            let _ = rq.respond(response);
            return;
        }
        Some(FaultKind::DropConnection) => {
            drain(&mut rq);
            let remote = rq.remote_addr().copied();
            let writer = rq.into_writer();
            close_connection(shared.local, remote);
            drop(writer);
            return;
        }
        _ => {}
    }

    let host = rq
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_owned())
        .unwrap_or_else(|| shared.local.to_string());
    // Only loopback names for this port: a web page that rebinds its own host name to
    // 127.0.0.1 must not be able to drive the sandbox (and its document fetcher).
    let port = shared.local.port();
    if ![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ]
    .iter()
    .any(|h| h.eq_ignore_ascii_case(&host))
    {
        drain(&mut rq);
        let _ = rq.respond(
            tiny_http::Response::from_data(
                b"Bad Request: the sandbox answers only to 127.0.0.1 and localhost.".to_vec(),
            )
            .with_status_code(400),
        );
        return;
    }
    let origin = format!("http://{host}");
    let reply = route(shared, &mut rq, &path, &query, &operation, &origin);

    if let Some(kind @ (FaultKind::TruncatedBody | FaultKind::StallBody(_))) = &fault {
        drain(&mut rq);
        let remote = rq.remote_addr().copied();
        let mut writer = rq.into_writer();
        let body = reply.body.bytes();
        let mut head = format!("HTTP/1.1 {} Fault\r\nContent-Length: {}\r\n", reply.status, body.len());
        if let Some(ct) = reply.content_type {
            head.push_str(&format!("Content-Type: {ct}\r\n"));
        }
        head.push_str("\r\n");
        let _ = writer.write_all(head.as_bytes());
        let _ = writer.write_all(&body[..body.len() / 2]);
        let _ = writer.flush();
        if let FaultKind::StallBody(pause) = kind {
            std::thread::sleep(*pause);
            let _ = writer.write_all(&body[body.len() / 2..]);
            let _ = writer.flush();
        } else {
            close_connection(shared.local, remote);
        }
        drop(writer);
        return;
    }

    let len = reply.body.len();
    let mut headers = Vec::new();
    if let Some(ct) = reply.content_type {
        headers.push(header("Content-Type", ct));
    }
    if reply.cache_private {
        headers.push(header("Cache-Control", "private, max-age=0"));
    }
    let reader: Box<dyn Read + Send> = match reply.body {
        Body::Text(v) => Box::new(std::io::Cursor::new(v)),
        Body::Shared(data) => Box::new(SharedReader { data, pos: 0 }),
    };
    let response = tiny_http::Response::new(tiny_http::StatusCode(reply.status), headers, reader, Some(len), None)
        .with_chunked_threshold(usize::MAX);
    let _ = rq.respond(response);
}

/// Reads and discards the request body so the connection stays usable.
fn drain(rq: &mut tiny_http::Request) {
    let _ = std::io::copy(&mut rq.as_reader().take(MAX_FORM_BYTES), &mut std::io::sink());
}

/// Shuts down the server side of the connection to `remote` (tiny_http offers no way to close
/// a kept-alive connection, so the socket is found among the process's descriptors).
#[cfg(target_os = "linux")]
fn close_connection(local: SocketAddr, remote: Option<SocketAddr>) {
    use std::os::fd::{FromRawFd, IntoRawFd};
    let Some(remote) = remote else { return };
    let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
        return;
    };
    for entry in entries.flatten() {
        let Some(fd) = entry.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else {
            continue;
        };
        let is_socket = std::fs::read_link(entry.path())
            .map(|t| t.to_string_lossy().starts_with("socket:"))
            .unwrap_or(false);
        if !is_socket {
            continue;
        }
        // SAFETY: the descriptor is a socket of this process; the temporary TcpStream is turned
        // back into a raw descriptor below, so it is never closed here.
        let stream = unsafe { std::net::TcpStream::from_raw_fd(fd) };
        if stream.local_addr().ok() == Some(local) && stream.peer_addr().ok() == Some(remote) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        let _ = stream.into_raw_fd();
    }
}

#[cfg(not(target_os = "linux"))]
fn close_connection(_local: SocketAddr, _remote: Option<SocketAddr>) {
    log::warn!("sandbox: closing connections is only supported on Linux; the client will time out instead");
}

fn fault_reply(shared: &Shared, e: &Exception) -> Reply {
    let long = shared.config.custom_errors == CustomErrors::Off;
    text(500, "text/plain; charset=utf-8", e.fault_text(long))
}

fn route(
    shared: &Shared,
    rq: &mut tiny_http::Request,
    path: &str,
    query: &str,
    operation: &str,
    origin: &str,
) -> Reply {
    let method = rq.method().clone();
    if path.starts_with("/InsideService20.asmx/") {
        let params: Vec<(String, String)> = match method {
            tiny_http::Method::Get => parse_form(query.as_bytes()),
            tiny_http::Method::Post => {
                let ctype = rq
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("Content-Type"))
                    .map(|h| h.value.as_str().to_owned())
                    .unwrap_or_default();
                let base = ctype.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                let mut body = Vec::new();
                let _ = rq.as_reader().take(MAX_FORM_BYTES).read_to_end(&mut body);
                if base != "application/x-www-form-urlencoded" {
                    let shown = if ctype.is_empty() { String::new() } else { ctype.clone() };
                    return fault_reply(
                        shared,
                        &Exception::new(
                            "System.InvalidOperationException",
                            format!("Request format is invalid: {shown}."),
                            "System.Web.Services.Protocols.HttpServerProtocol",
                        ),
                    );
                }
                parse_form(&body)
            }
            _ => {
                return text(
                    405,
                    "text/html; charset=utf-8",
                    "<html><body>405 Method Not Allowed</body></html>",
                );
            }
        };
        if shared.config.request_validation {
            if let Some(e) = validate_request(&params, method == tiny_http::Method::Post) {
                return fault_reply(shared, &e);
            }
        }
        let fetch = |url: &str, limit: u64| fetch_document(shared, url, limit);
        let env = Env {
            config: &shared.config,
            state: &shared.state,
            fetch: &fetch,
        };
        let outcome = service::invoke(
            &env,
            &Invocation {
                operation,
                params: &params,
                origin,
            },
        );
        return match outcome {
            Outcome::Xml(body) => Reply {
                status: 200,
                content_type: Some("text/xml; charset=utf-8"),
                body: Body::Text(body.into_bytes()),
                cache_private: true,
            },
            Outcome::Void => Reply {
                status: 200,
                content_type: None,
                body: Body::Text(Vec::new()),
                cache_private: true,
            },
            Outcome::Fault(e) => fault_reply(shared, &e),
        };
    }
    let params = parse_form(query.as_bytes());
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    match operation {
        "Download" => {
            let doc = param("id")
                .and_then(|id| id.trim().parse::<i64>().ok())
                .and_then(|id| lock(&shared.state).documents.get(&id).map(|d| d.bytes.clone()));
            match doc {
                Some(bytes) => Reply {
                    status: 200,
                    content_type: Some("application/octet-stream"),
                    body: Body::Shared(bytes),
                    cache_private: false,
                },
                None => text(404, "text/plain; charset=utf-8", "Not found."),
            }
        }
        "Files" => {
            let name = path.trim_start_matches("/files/");
            match lock(&shared.hosted).get(name).cloned() {
                Some(bytes) => Reply {
                    status: 200,
                    content_type: Some("application/octet-stream"),
                    body: Body::Shared(bytes),
                    cache_private: false,
                },
                None => text(404, "text/plain; charset=utf-8", "Not found."),
            }
        }
        "agent" | "client" => {
            let what = if operation == "agent" {
                format!("agent view of call {}", param("callId").unwrap_or_default())
            } else {
                format!("participant view of meeting {}", param("id").unwrap_or_default())
            };
            text(
                200,
                "text/html; charset=utf-8",
                format!(
                    "<!DOCTYPE html><html><head><title>idiligo sandbox</title></head><body><h1>idiligo sandbox</h1><p>{}</p><p>This page stands in for the Idiligo meeting; use the sandbox API to simulate the participant.</p></body></html>",
                    wire::html_encode(&what)
                ),
            )
        }
        _ => text(404, "text/plain; charset=utf-8", "Not found."),
    }
}

fn parse_form(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// ASP.NET request validation: `<` followed by a letter, `!`, `/` or `?`, and `&#`.
fn validate_request(params: &[(String, String)], post: bool) -> Option<Exception> {
    for (k, v) in params {
        let b = v.as_bytes();
        let dangerous = b.windows(2).any(|w| {
            (w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'!' | b'/' | b'?')))
                || (w[0] == b'&' && w[1] == b'#')
        });
        if dangerous {
            let shown: String = v.chars().take(20).collect();
            let collection = if post { "Form" } else { "QueryString" };
            return Some(Exception::new(
                "System.Web.HttpRequestValidationException",
                format!("A potentially dangerous Request.{collection} value was detected from the client ({k}=\"{shown}\")."),
                "System.Web.HttpRequest",
            ));
        }
    }
    None
}

fn fetch_document(shared: &Shared, url: &str, limit: u64) -> std::result::Result<Vec<u8>, Exception> {
    let fail = || Exception::business("Could not download document.");
    let mut response = shared.fetcher.get(url).call().map_err(|_| fail())?;
    if !(200..300).contains(&response.status().as_u16()) {
        return Err(fail());
    }
    match response.body_mut().with_config().limit(limit).read_to_vec() {
        Ok(v) => Ok(v),
        Err(ureq::Error::BodyExceedsLimit(_)) => Err(Exception::business("Document too large.")),
        Err(_) => Err(fail()),
    }
}
