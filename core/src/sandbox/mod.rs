//! An in-process emulator of InsideService20, for developing and testing integrations offline.
//!
//! [`Sandbox::start`] serves the service's HTTP GET, HTTP POST and SOAP 1.1 bindings on
//! `127.0.0.1` (a free port) for every operation of the operation table ([`crate::ops`]), with
//! XML bodies, void answers, `500 text/plain` faults and SOAP envelopes and `soap:Fault`s as
//! ASP.NET writes them, and the same behaviour contract
//! as the Mono replica the project tests against (the behaviour contract in
//! `tests/asmx/README.md`). It also offers what the real service cannot:
//! inspecting meetings, documents and sent mails, simulating the participant uploading or
//! signing a document, slowing down or failing document conversion, and injecting faults.
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
//! Stand-alone: `idiligo sandbox --port 8080` (the command-line tool) or
//! `cargo run -p idiligo --features sandbox --example sandbox -- --port 8080`; both run [`standalone::run`],
//! which prints one JSON line with the URL and the fake credentials, then serves until it is
//! signalled.
//!
//! ## The control API
//! With [`SandboxBuilder::control_api`] (on in the stand-alone sandbox) the hooks below are
//! also served over HTTP under `/_sandbox/`, with JSON answers, so a test program in another
//! process (C, C#, Python, a shell script with `curl`) can play the participant and the
//! network: `GET /_sandbox/` describes every endpoint; `POST /_sandbox/files?name=N` hosts a
//! file, `POST /_sandbox/calls/{call}/upload?filename=N` (the bytes as the body) and
//! `POST /_sandbox/calls/{call}/sign?document=D` act as the participant,
//! `GET /_sandbox/calls/{call}` and `GET /_sandbox/documents/{document}` inspect,
//! `POST /_sandbox/documents/{document}/fail-conversion`, `POST|GET|DELETE /_sandbox/faults`
//! (`kind=delay|status|truncated|stall|drop`), `POST /_sandbox/latency?ms=N`,
//! `POST /_sandbox/expire-tokens`, `GET /_sandbox/mails`, `GET /_sandbox/requests` and
//! `POST /_sandbox/reset`. Bad input is a 400 with `{"error": "..."}`. Control requests obey
//! the same loopback Host rule and are never counted, delayed or faulted.
//!
//! ## Endpoints
//! * `GET|POST /InsideService20.asmx/{Operation}`: every operation of the table offered on
//!   HTTP GET/POST (all but `SetCallValues`, which is SOAP only and answers there as an unknown
//!   method, as ASP.NET does). Parameters are bound by the table's names and XSD types, as
//!   ASP.NET's binder does: `base64Binary` (`AddDocumentFromBytes`' `file`) is one form value
//!   per byte (`file=37&file=80&…`).
//! * `POST /InsideService20.asmx`: SOAP 1.1 (document/literal, `Content-Type: text/xml`), every
//!   operation of the table, routed by its `SOAPAction` (or, without the header, by the body's
//!   element) and read by XmlSerializer's rules: absent elements are null/0/false, no request
//!   validation, unconvertible values a `soap:Client` fault with the position Mono reports,
//!   malformed XML and invalid base64 a 400 with an empty body (the rules, in ASP.NET's order,
//!   are in `soap.rs`). Uploads (`AddDocumentFromBytes(Ex)` with base64) are stored byte for
//!   byte.
//! * `GET /Download.ashx?id=N`: the bytes of a stored document (the `Url` of an attachment).
//! * `GET /files/{name}`: files registered with [`Sandbox::host_file`] (document sources).
//! * `GET /agent?callId=N`, `GET /client?id=P`: small HTML pages standing in for the meeting.
//!
//! ## Layout
//! `mod.rs` (this file) is the public test API; `http.rs` the HTTP front end (workers, Host
//! check, faults, routing, forms); `soap.rs` the SOAP 1.1 front end (routing, the envelope
//! reader and XmlSerializer's binder, fault forms); `service/` the service's semantics
//! (`bind.rs`: ASP.NET's request validation, key limit, parameter binder and `XmlConvert`'s
//! conversions; `state.rs`: the state; `mod.rs`: every operation); `wire.rs` the answers and
//! faults as they go over the wire (one XML writer driven by [`crate::ops::TYPES`], indented
//! for GET/POST, compact in SOAP envelopes).
//!
//! ## Known differences from the real service
//! The emulator follows the wire reference and is held to a real ASP.NET web-service runtime:
//! `core/tests/conformance.rs` sends the same raw requests (successes, void operations, empty
//! results, every kind of error, in both customErrors modes, over GET and POST) to the sandbox
//! and to the Mono-hosted replica in `tests/asmx/`, and requires identical status, content type
//! and body after normalising ids, tokens, dates, ports and stack-trace lines; over SOAP too
//! (`differential_soap_matches_replica`, also comparing `Cache-Control`). What remains
//! different, on purpose:
//!
//! | Aspect | Sandbox | Replica (Mono 6.8) | Reason |
//! |---|---|---|---|
//! | Framework error wording | `Missing parameter: token.`, `Cannot convert abc to System.Int64.`, `Request format is invalid: text/plain.`, names filled in | `Missing parameter: {0}.` etc., placeholders unfilled | Microsoft's runtime (which the live service runs on) fills them in; clients must not match on wording |
//! | Stack-trace lines (customErrors Off) | fixed, plausible frames | the real frames | deployment-specific; clients keep them only as diagnostics |
//! | `Server`, `Date`, `X-AspNet-Version`, `Keep-Alive` headers | `Server: idiligo-sandbox/<version>` and `Date` only | Mono's listener headers | not part of the protocol |
//! | `Connection: close` on 500 answers | no (the connection stays usable) | yes (Mono's listener) | the client handles both |
//! | More than 1,000 distinct form or query keys | 500 `Operation is not valid due to the current state of the object.` | accepted (Mono has no such limit) | Microsoft's `HttpValueCollection` refuses them (`aspnet:MaxHttpCollectionKeys`); repeated keys (`names=`, one `file=` per byte) count once there too |
//! | Query string over `maxQueryStringLength` (2,048) | more than 2,048 characters: 400, a short ASP.NET-style HTML page | 2,048 characters or more: 400, Mono's HTML error page | Microsoft's `HttpRequest` refuses `Length > 2048` (read from its source, boundary not measured); the page is not part of the protocol. Uploads over GET fail beyond about 220–280 bytes: use POST (or SOAP) |
//! | POST body over `maxRequestLength` (4,096 KB) | more than 4,194,304 bytes: 500 `Maximum request length exceeded.` | 500 `Upload size exceeds httpRuntime limit.`, from 4,195,328 bytes (whole KB) | Microsoft's wording and boundary (not measured on Microsoft's runtime); POST uploads fail beyond about 460–600 KB |
//! | JSON POST (`application/json`) | 500 `Request format is invalid` | 200 with `{"d":…}` (Mono quirk) | Microsoft's runtime refuses JSON to a service that is not script-enabled; SDKs must never send JSON |
//! | `HEAD`, other verbs | 405 HTML | 500 with an empty HTML body | not worth emulating (wire reference §3) |
//! | Business error wording (`Invalid token.`, `Unknown callId.` …) and sentinel-vs-exception behaviour | as the replica's contract | same | Idiligo's own wording is undocumented; the client recognises token rejections broadly |
//! | Host header other than `127.0.0.1`, `localhost`, `[::1]` with the sandbox's port | 400, plain text | 400 `Invalid host` from Mono's listener | both refuse; the wording is the listener's |
//! | SOAP framework wording | `Server did not recognize the value of HTTP Header SOAPAction: x.`, `Envelope namespace urn:x was unexpected. Expecting http://schemas.xmlsoap.org/soap/envelope/.` | `{0}: {1}.`, `{0} … {1}.` unfilled | as for GET/POST: Microsoft's runtime fills the placeholders in |
//! | SOAP request over the limit | more than 4,194,304 bytes: `soap:Server`, `There was an exception running the extensions specified in the config file. ---> Maximum request length exceeded.` | from 4,195,328 bytes, the same with `Upload size exceeds httpRuntime limit.`; without a SOAPAction a SOAP 1.2 fault with a NullReferenceException (a Mono bug) | Microsoft's boundary and message, as over POST (Microsoft's fault form not measured) |
//! | SOAP 1.2 envelope (`http://www.w3.org/2003/05/soap-envelope`) sent as `text/xml` | `soap:VersionMismatch` fault | answered in SOAP 1.2 | the SDK speaks SOAP 1.1 only |
//! | SOAP request bodies | UTF-8 only (another encoding: 400); positions count Unicode scalar values | the declared encoding; positions as .NET's reader counts them (UTF-16 units, not measured beyond U+FFFF) | the SDK sends UTF-8; positions can differ only after characters beyond U+FFFF |

mod control;
mod hooks;
mod http;
mod server;
mod service;
mod soap;
pub mod standalone;
mod wire;

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::error::{Error, Result};
use crate::ids::{CallId, ContactId, DocumentId, PublicId};
use crate::ops::Op;
use crate::{Client, ClientBuilder, Credentials};

use http::{Endpoint, Shared, WORKERS};
use service::state::State;
pub use service::state::{AddedVia, ConversionStatus, DocumentBinding, DocumentOrigin};

const OP: &str = "sandbox";

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
    pub conversion_time: Duration,
    pub conversion_failure_marker: String,
    pub max_request_bytes: usize,
    pub control_api: bool,
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
                conversion_time: Duration::ZERO,
                conversion_failure_marker: String::new(),
                max_request_bytes: http::MAX_REQUEST_BYTES,
                control_api: false,
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

    /// Cap on a document fetched by `AddDocumentFromUrl` or sent with `AddDocumentFromBytes(Ex)`
    /// (default 64 MiB); a larger one is refused with `Document too large.`
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

    /// How long the conversion of a stored document takes (default 0: `READY` at once). Until
    /// then `GetDocumentStatus` answers `BUSY` and `GetDocumentProgress` the elapsed share of it
    /// (at most 99 %). Documents the participant uploads are ready at once.
    pub fn conversion_time(mut self, time: Duration) -> Self {
        self.config.conversion_time = time;
        self
    }

    /// A documents whose file name contains `marker` (ordinal) ends its conversion in `ERROR`
    /// instead of `READY` (default empty: never). See also [`Sandbox::fail_conversion`].
    pub fn conversion_failure_marker(mut self, marker: &str) -> Self {
        self.config.conversion_failure_marker = marker.to_owned();
        self
    }

    /// ASP.NET's request limit (`<httpRuntime maxRequestLength>`): a POST or SOAP body of more
    /// bytes is refused (default 4,194,304 bytes, ASP.NET's default of 4,096 KB, under which a
    /// SOAP upload of about 3 MB fits; over POST `Maximum request length exceeded.`, over SOAP
    /// the `soap:Server` fault Mono writes). Raise it to emulate a service configured for larger
    /// uploads (the upload benchmark sends a 50 MiB document). A cap of 0 is refused when the
    /// sandbox starts.
    pub fn max_request_bytes(mut self, limit: usize) -> Self {
        self.config.max_request_bytes = limit;
        self
    }

    /// Serves the control API under `/_sandbox/` (default off): the hooks of [`Sandbox`] over
    /// HTTP with JSON answers, for test programs in another process (see
    /// [the control API](crate::sandbox#the-control-api)). The stand-alone sandbox turns it on.
    pub fn control_api(mut self, on: bool) -> Self {
        self.config.control_api = on;
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
    /// Operation name to match as it appears in the request path (`Op::GetAttachments.name()`),
    /// `"Download"` for `Download.ashx`, `"Files"` for hosted files; `None` matches every
    /// request.
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

/// A document of a meeting (one binding of it) as the sandbox stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSnapshot {
    /// The document id.
    pub id: DocumentId,
    /// File name.
    pub filename: String,
    /// External id it was bound under with SetDocumentToUploadAction (empty for the other
    /// bindings).
    pub external_id: String,
    /// Bound by the agent or uploaded by the participant.
    pub origin: DocumentOrigin,
    /// How it is bound: upload action, script node, or participant upload.
    pub binding: DocumentBinding,
    /// Size in bytes.
    pub size: u64,
    /// 0 = none, 1 = awaiting signature, 2 = signed.
    pub sign_status: i32,
    /// Its conversion status now.
    pub conversion: ConversionStatus,
}

/// A stored document, bound to a meeting or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocumentSnapshot {
    /// The document id.
    pub id: DocumentId,
    /// File name.
    pub filename: String,
    /// The external id it was stored with (`AddDocumentFromUrl`, `AddDocumentFromBytesEx`).
    pub external_id: String,
    /// `AddDocumentFromBytesEx`'s `priv`.
    pub private: bool,
    /// `AddDocumentFromBytesEx`'s `temp`.
    pub temporary: bool,
    /// How it reached the sandbox.
    pub added_via: AddedVia,
    /// Size in bytes.
    pub size: u64,
    /// Its conversion status now.
    pub conversion: ConversionStatus,
    /// Its conversion progress now, as `GetDocumentProgress` answers it (0–100).
    pub percentage: u8,
}

/// A mail `SendMail` recorded (the sandbox sends nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSnapshot {
    /// The meeting it was sent for.
    pub call: CallId,
    /// Recipient.
    pub to: String,
    /// Mail template code.
    pub template_code: String,
    /// The `attachments` argument, as given.
    pub attachments: String,
    /// When it was recorded.
    pub sent: SystemTime,
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
    /// Values written with SetValues, SetValue and SetCallValues, in first-write order (the
    /// order GetCallValues answers); a null name or value (left out of a SOAP request) is `""`
    /// here.
    pub values: Vec<(String, String)>,
    /// Its documents, in GetAttachments order.
    pub documents: Vec<DocumentSnapshot>,
    /// The comment SetComment stored (`None` while never set).
    pub comment: Option<String>,
    /// Whether EndCall ended it.
    pub ended: bool,
    /// CreateCallEx's `customerId` (`None` for meetings made by CreateCall).
    pub customer_id: Option<String>,
    /// CreateCallEx's `externalData` (`None` for meetings made by CreateCall).
    pub external_data: Option<String>,
}

/// A running emulator; stops when dropped (or with [`Sandbox::stop`]).
pub struct Sandbox {
    shared: Arc<Shared>,
    server: Arc<server::Server>,
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

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
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
        if config.max_request_bytes == 0 {
            return Err(Error::invalid(OP, "the request-size limit must be greater than zero"));
        }
        let server = server::Server::http(("127.0.0.1", config.port)).map_err(|e| Error::Connect {
            operation: OP,
            message: format!("cannot listen on 127.0.0.1:{}: {e}", config.port),
        })?;
        let local = server.server_addr();
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
        let workers = http::spawn_workers(&server, &shared, &stop).map_err(|e| {
            // The workers already started end: closing the server releases them.
            stop.store(true, Ordering::Relaxed);
            server.close();
            Error::io(OP, "spawning a worker thread", e)
        })?;
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
        self.shared.host_file(name, bytes)
    }

    /// Everything known about a meeting, or `None` for an unknown id.
    pub fn call(&self, call: &CallId) -> Option<CallSnapshot> {
        self.shared.call(call)
    }

    /// A stored document (bound to a meeting or not), or `None` for an unknown or deleted id.
    pub fn document(&self, document: &DocumentId) -> Option<StoredDocumentSnapshot> {
        self.shared.document(document)
    }

    /// A document's conversion status now, as `GetDocumentStatus` answers it (`NotFound` for
    /// an unknown or deleted id).
    pub fn document_status(&self, document: &DocumentId) -> ConversionStatus {
        self.shared.document_status(document)
    }

    /// Makes a stored document's conversion fail now: its status becomes `ERROR`.
    pub fn fail_conversion(&self, document: &DocumentId) -> Result<()> {
        self.shared.fail_conversion(document)
    }

    /// The mails `SendMail` recorded, oldest first.
    pub fn mails(&self) -> Vec<MailSnapshot> {
        self.shared.mails()
    }

    /// The bytes of a stored document.
    pub fn document_bytes(&self, document: &DocumentId) -> Option<Vec<u8>> {
        self.shared.document_bytes(document)
    }

    /// Simulates the participant uploading a file in the meeting: it appears in
    /// GetAttachments with `Attach = false`.
    pub fn simulate_upload(&self, call: &CallId, filename: &str, bytes: Vec<u8>) -> Result<DocumentId> {
        self.shared.simulate_upload(call, filename, bytes)
    }

    /// Simulates the participant signing a document of the meeting: its `SignStatus` becomes
    /// 2 and its bytes get a signature trailer (so a download shows the signed version).
    pub fn simulate_sign(&self, call: &CallId, document: &DocumentId) -> Result<()> {
        self.shared.simulate_sign(call, document)
    }

    /// Makes every token issued so far expire now (to exercise re-login).
    pub fn expire_tokens(&self) {
        self.shared.expire_tokens()
    }

    /// Queues a fault.
    pub fn inject(&self, fault: Fault) {
        self.shared.inject(fault)
    }

    /// Removes all queued faults.
    pub fn clear_faults(&self) {
        self.shared.clear_faults()
    }

    /// Adds this latency to every request (default none).
    pub fn set_latency(&self, latency: Duration) {
        self.shared.set_latency(latency)
    }

    /// Forgets every meeting, participant, stored document, recorded mail, hosted file, queued
    /// fault, the latency and the request counters. Issued tokens stay valid and ids are never
    /// reused, so clients keep working and an old id is unknown rather than someone else's.
    pub fn reset(&self) {
        self.shared.reset()
    }

    /// How many requests an operation (by its wire name, exact case: `Op::Login.name()`), or
    /// `"Download"` (`Download.ashx`), `"Files"` (hosted files), has received, over any binding.
    /// Requests to names that are no operation count under `"other"`.
    pub fn request_count(&self, operation: &str) -> u64 {
        self.shared.request_count(operation)
    }

    /// How many TCP connections the sandbox has accepted since it started (a client that
    /// reuses its connections opens few; the load test bounds this by pool size plus threads).
    pub fn connections_accepted(&self) -> u64 {
        self.server.accepted_connections()
    }

    /// How many requests an operation of the table has received, over any binding.
    pub fn requests(&self, op: Op) -> u64 {
        self.shared.op_count(Endpoint::Op(op))
    }

    /// Stops the server: the requests its workers are serving are answered first (a worker
    /// stuck on a client that stopped sending is left behind after 2 s); then the listening
    /// socket and the connections clients keep alive are closed, so a client's next call fails
    /// at once instead of waiting for an answer, and a request received but not yet taken by a
    /// worker is answered with an empty 500. Dropping the sandbox does the same.
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
        // A worker left behind still holds the server: close it now rather than when that
        // worker lets go.
        self.server.close();
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
