//! The sandbox's HTTP front end: tiny_http workers on 127.0.0.1, the Host check, fault
//! injection, routing, form parsing and the replies.
//!
//! A request to `/InsideService20.asmx/{name}` is served on a [`Protocol`] (HTTP GET: the
//! query string, HTTP POST: a form body); the service layer looks the operation up for that
//! protocol, binds and runs it, and [`wire`] writes the answer. `POST /InsideService20.asmx`
//! is SOAP 1.1 ([`super::soap`]): its own routing (`SOAPAction`), reader and envelope writer,
//! the same [`service::run`].

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::control;
use super::server;
use super::service::{self, bind, state::State, Env, Protocol};
use super::wire::{self, Exception};
use super::{lock, CustomErrors, Fault, FaultKind, SandboxConfig};
use crate::ops::{Answer, Op};

pub(super) const WORKERS: usize = 32;
const MAX_FORM_BYTES: u64 = 16 * 1024 * 1024;
/// ASP.NET's default `<httpRuntime maxRequestLength="4096">` (KB): a larger body is refused
/// (the sandbox's default; [`SandboxBuilder::max_request_bytes`](super::SandboxBuilder::max_request_bytes)).
pub(super) const MAX_REQUEST_BYTES: usize = 4096 * 1024;
/// ASP.NET's default `<httpRuntime maxQueryStringLength="2048">` (characters).
pub(super) const MAX_QUERY_STRING_CHARS: usize = 2048;
const SERVICE_PREFIX: &str = "/InsideService20.asmx/";
/// The SOAP endpoint (`POST`).
const SOAP_PATH: &str = "/InsideService20.asmx";

/// What a request was addressed to, for the request counters and faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Endpoint {
    /// An operation of the table (whatever the binding).
    Op(Op),
    /// `Download.ashx`.
    Download,
    /// A hosted file.
    Files,
    /// Anything else (unknown or wrong-case operation names, other paths).
    Other,
}

impl Endpoint {
    /// The name [`Endpoint::from_counter_name`] reads.
    pub(super) fn counter_name(self) -> &'static str {
        match self {
            Endpoint::Op(op) => op.name(),
            Endpoint::Download => "Download",
            Endpoint::Files => "Files",
            Endpoint::Other => "other",
        }
    }

    /// The counter a name given to `Sandbox::request_count` reads.
    pub(super) fn from_counter_name(name: &str) -> Option<Endpoint> {
        if let Some(op) = Op::from_name(name) {
            return Some(Endpoint::Op(op));
        }
        match name {
            "Download" => Some(Endpoint::Download),
            "Files" => Some(Endpoint::Files),
            "other" => Some(Endpoint::Other),
            _ => None,
        }
    }
}

/// Everything the workers and the public API share.
pub(super) struct Shared {
    pub config: SandboxConfig,
    pub state: Mutex<State>,
    pub faults: Mutex<VecDeque<Fault>>,
    pub latency: Mutex<Duration>,
    pub hosted: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    pub counts: Mutex<HashMap<Endpoint, u64>>,
    pub fetcher: ureq::Agent,
    pub local: SocketAddr,
}

/// Starts the worker threads.
pub(super) fn spawn_workers(
    server: &Arc<server::Server>,
    shared: &Arc<Shared>,
    stop: &Arc<AtomicBool>,
) -> std::io::Result<Vec<JoinHandle<()>>> {
    let mut workers = Vec::with_capacity(WORKERS);
    for i in 0..WORKERS {
        let (server, shared, stop) = (server.clone(), shared.clone(), stop.clone());
        let handle = std::thread::Builder::new()
            .name(format!("idiligo-sandbox-{i}"))
            .spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    // Sandbox::shutdown sets `stop`, then unblocks each worker once.
                    if let Some(rq) = server.recv() {
                        // A bug in a handler must not cost the sandbox a worker.
                        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&shared, rq)));
                        if outcome.is_err() {
                            log::error!("sandbox: a request handler panicked");
                        }
                    }
                }
            })?;
        workers.push(handle);
    }
    Ok(workers)
}

// ---------------------------------------------------------------------------- replies

pub(super) struct Reply {
    status: u16,
    content_type: Option<&'static str>,
    cache_control: Option<&'static str>,
    body: Body,
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
        cache_control: None,
        body: Body::Text(body.into()),
    }
}

fn bytes(data: Arc<Vec<u8>>) -> Reply {
    Reply {
        status: 200,
        content_type: Some("application/octet-stream"),
        cache_control: None,
        body: Body::Shared(data),
    }
}

fn not_found() -> Reply {
    text(404, "text/plain; charset=utf-8", "Not found.")
}

/// A 500 text/plain fault. ASP.NET marks errors of the framework (before the method ran)
/// `Cache-Control: private`, errors thrown by the method `private, max-age=0`.
fn fault_reply(shared: &Shared, e: &Exception) -> Reply {
    let long = shared.config.custom_errors == CustomErrors::Off;
    Reply {
        cache_control: Some(if e.framework { "private" } else { "private, max-age=0" }),
        ..text(500, "text/plain; charset=utf-8", e.fault_text(long))
    }
}

/// A response header; values tiny_http refuses (non-ASCII, control characters) become
/// `application/octet-stream` rather than a panic.
fn header(name: &str, value: &str) -> server::Header {
    server::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .or_else(|_| server::Header::from_bytes(name.as_bytes(), &b"application/octet-stream"[..]))
        .expect("header names are constants and the fallback value is ASCII")
}

// ---------------------------------------------------------------------------- handling

fn take_fault(shared: &Shared, name: &str) -> Option<FaultKind> {
    let mut faults = lock(&shared.faults);
    let pos = faults
        .iter()
        .position(|f| f.times > 0 && f.operation.as_deref().map(|o| o == name).unwrap_or(true))?;
    let f = &mut faults[pos];
    f.times -= 1;
    let kind = f.kind.clone();
    if f.times == 0 {
        faults.remove(pos);
    }
    Some(kind)
}

/// What a request names: the name faults match (the operation as written, `Download`, `Files`,
/// or the path) and the counter it counts under; `None` for a SOAP request without a
/// `SOAPAction`, whose operation is known only once its body is read.
fn classify(path: &str, soap_action: Option<Option<&str>>) -> (String, Option<Endpoint>) {
    if let Some(action) = soap_action.filter(|_| path == SOAP_PATH) {
        return match super::soap::routed(action) {
            Ok(Some(op)) => (op.name().to_owned(), Some(Endpoint::Op(op))),
            Ok(None) => (path.trim_start_matches('/').to_owned(), None),
            Err(()) => (path.trim_start_matches('/').to_owned(), Some(Endpoint::Other)),
        };
    }
    let (name, endpoint) = classify_path(path);
    (name, Some(endpoint))
}

fn classify_path(path: &str) -> (String, Endpoint) {
    if let Some(name) = path.strip_prefix(SERVICE_PREFIX) {
        let endpoint = Op::from_name(name).map_or(Endpoint::Other, Endpoint::Op);
        (name.to_owned(), endpoint)
    } else if path.eq_ignore_ascii_case("/Download.ashx") {
        ("Download".to_owned(), Endpoint::Download)
    } else if path.starts_with("/files/") {
        ("Files".to_owned(), Endpoint::Files)
    } else {
        (path.trim_start_matches('/').to_owned(), Endpoint::Other)
    }
}

/// The request and its Host when that is a loopback name for this port; otherwise answers 400
/// and returns `None`.
pub(super) fn loopback_host(shared: &Shared, mut rq: server::Request) -> Option<(server::Request, String)> {
    let host = rq
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_owned())
        .unwrap_or_else(|| shared.local.to_string());
    // Only loopback names for this port: a web page that rebinds its own host name to
    // 127.0.0.1 must not be able to drive the sandbox (and its document fetcher).
    let port = shared.local.port();
    if [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ]
    .iter()
    .any(|h| h.eq_ignore_ascii_case(&host))
    {
        return Some((rq, host));
    }
    drain(&mut rq);
    let _ = rq.respond(
        server::Response::from_data(b"Bad Request: the sandbox answers only to 127.0.0.1 and localhost.".to_vec())
            .with_status_code(400),
    );
    None
}

fn header_value(rq: &server::Request, name: &'static str) -> Option<String> {
    rq.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_owned())
}

fn count(shared: &Shared, endpoint: Endpoint) {
    *lock(&shared.counts).entry(endpoint).or_insert(0) += 1;
}

fn handle(shared: &Shared, mut rq: server::Request) {
    let url = rq.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    // The control API: no counters, latency or faults (they are what it sets).
    if shared.config.control_api && control::is_control_path(path) {
        return control::serve(shared, rq, path, query);
    }
    let soap_action = header_value(&rq, "SOAPAction");
    let is_soap = *rq.method() == server::Method::Post && path == SOAP_PATH;
    let (name, endpoint) = classify(path, is_soap.then_some(soap_action.as_deref()));
    if let Some(e) = endpoint {
        count(shared, e);
    }

    let latency = *lock(&shared.latency);
    if !latency.is_zero() {
        std::thread::sleep(latency);
    }
    let fault = take_fault(shared, &name);
    if let Some(FaultKind::Delay(d)) = &fault {
        std::thread::sleep(*d);
    }
    match &fault {
        Some(FaultKind::Status {
            status,
            content_type,
            body,
        }) => {
            let mut response = server::Response::from_data(body.as_bytes().to_vec()).with_status_code(*status);
            if !content_type.is_empty() {
                response = response.with_header(header("Content-Type", content_type));
            }
            let _ = rq.respond(response);
            return;
        }
        Some(FaultKind::DropConnection) => {
            drain(&mut rq);
            let remote = rq.remote_addr();
            let writer = rq.into_writer();
            close_connection(shared.local, remote);
            drop(writer);
            return;
        }
        _ => {}
    }

    let Some((mut rq, host)) = loopback_host(shared, rq) else {
        return;
    };
    let origin = format!("http://{host}");
    let reply = if is_soap {
        let (content_type, body) = read_limited(shared, &mut rq);
        let (answer, reached) =
            super::soap::serve(shared, soap_action.as_deref(), &content_type, body.as_deref(), &origin);
        if endpoint.is_none() {
            count(shared, reached.map_or(Endpoint::Other, Endpoint::Op));
        }
        Reply {
            status: answer.status,
            content_type: Some("text/xml; charset=utf-8"),
            cache_control: Some(answer.cache_control),
            body: Body::Text(answer.body),
        }
    } else {
        route(shared, &mut rq, path, query, &origin)
    };

    if let Some(kind @ (FaultKind::TruncatedBody | FaultKind::StallBody(_))) = &fault {
        drain(&mut rq);
        let remote = rq.remote_addr();
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
    if let Some(cc) = reply.cache_control {
        headers.push(header("Cache-Control", cc));
    }
    let reader: Box<dyn Read + Send> = match reply.body {
        Body::Text(v) => Box::new(std::io::Cursor::new(v)),
        Body::Shared(data) => Box::new(SharedReader { data, pos: 0 }),
    };
    let response = server::Response::new(server::StatusCode(reply.status), headers, reader, len)
        .with_chunked_threshold(usize::MAX);
    let _ = rq.respond(response);
}

/// Reads and discards the request body so the connection stays usable.
pub(super) fn drain(rq: &mut server::Request) {
    let _ = std::io::copy(&mut rq.as_reader().take(MAX_FORM_BYTES), &mut std::io::sink());
}

/// Shuts down the server side of the connection to `remote` (tiny_http offers no way to close
/// a kept-alive connection, so the socket is found among the process's descriptors).
#[cfg(target_os = "linux")]
fn close_connection(local: SocketAddr, remote: SocketAddr) {
    use std::os::fd::{FromRawFd, IntoRawFd};
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
fn close_connection(_local: SocketAddr, _remote: SocketAddr) {
    log::warn!("sandbox: closing connections is only supported on Linux; the client will time out instead");
}

// ---------------------------------------------------------------------------- routing

/// The 400 page ASP.NET answers before any handler runs (for a query string over
/// `maxQueryStringLength`): the generic "Runtime Error" page with customErrors On, the
/// exception with customErrors Off.
fn runtime_error_page(shared: &Shared, status: u16, message: &str) -> Reply {
    let detail = if shared.config.custom_errors == CustomErrors::Off {
        format!(
            "<h2><i>{0}</i></h2><p><b>Exception Details: </b>System.Web.HttpException: {0}</p>",
            wire::html_encode(message)
        )
    } else {
        "<h2><i>Runtime Error</i></h2>".to_owned()
    };
    text(
        status,
        "text/html; charset=utf-8",
        format!(
            "<!DOCTYPE html>\n<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1>{detail}</body></html>\n"
        ),
    )
}

fn route(shared: &Shared, rq: &mut server::Request, path: &str, query: &str, origin: &str) -> Reply {
    let served_by_aspnet = path.starts_with(SERVICE_PREFIX) || classify_path(path).1 == Endpoint::Download;
    if served_by_aspnet && query.chars().count() > MAX_QUERY_STRING_CHARS {
        drain(rq);
        return runtime_error_page(
            shared,
            400,
            "The length of the query string for this request exceeds the configured maxQueryStringLength value.",
        );
    }
    if let Some(name) = path.strip_prefix(SERVICE_PREFIX) {
        let request = match rq.method() {
            server::Method::Get => Input::Query(query),
            server::Method::Post => read_body(shared, rq),
            _ => {
                return text(
                    405,
                    "text/html; charset=utf-8",
                    "<html><body>405 Method Not Allowed</body></html>",
                );
            }
        };
        return match serve_operation(shared, name, request, origin) {
            Ok(reply) => reply,
            Err(e) => fault_reply(shared, &e),
        };
    }
    let params = parse_form(query.as_bytes());
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    match classify_path(path).1 {
        Endpoint::Download => {
            let doc = param("id")
                .and_then(|id| id.trim().parse::<i64>().ok())
                .and_then(|id| lock(&shared.state).documents.get(&id).map(|d| d.bytes.clone()));
            doc.map_or_else(not_found, bytes)
        }
        Endpoint::Files => {
            let name = path.trim_start_matches("/files/");
            lock(&shared.hosted).get(name).cloned().map_or_else(not_found, bytes)
        }
        _ if path == "/agent" || path == "/client" => {
            let what = if path == "/agent" {
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
        _ => not_found(),
    }
}

/// What an operation request carries, by binding.
enum Input<'a> {
    /// HTTP GET: the query string.
    Query(&'a str),
    /// HTTP POST: the body (`None`: longer than `maxRequestLength`) and its content type.
    Body {
        content_type: String,
        body: Option<Vec<u8>>,
    },
}

impl Input<'_> {
    fn protocol(&self) -> Protocol {
        match self {
            Input::Query(_) => Protocol::HttpGet,
            Input::Body { .. } => Protocol::HttpPost,
        }
    }

    /// The form values; a POST body of any other content type is the framework's
    /// `Request format is invalid`.
    fn params(&self) -> Result<Vec<(String, String)>, Exception> {
        match self {
            Input::Query(q) => Ok(parse_form(q.as_bytes())),
            Input::Body { content_type, body } => {
                let base = content_type.split(';').next().unwrap_or("").trim();
                if !base.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
                    return Err(Exception::new(
                        "System.InvalidOperationException",
                        format!("Request format is invalid: {content_type}."),
                        "System.Web.Services.Protocols.HttpServerProtocol",
                    ));
                }
                match body {
                    Some(body) => Ok(parse_form(body)),
                    None => Err(Exception::new(
                        "System.Web.HttpException",
                        "Maximum request length exceeded.",
                        "System.Web.HttpRequest",
                    )),
                }
            }
        }
    }
}

fn read_body<'a>(shared: &Shared, rq: &mut server::Request) -> Input<'a> {
    let (content_type, body) = read_limited(shared, rq);
    Input::Body { content_type, body }
}

/// The content type and the body, `None` when the body is longer than the request limit
/// (then the rest is discarded).
fn read_limited(shared: &Shared, rq: &mut server::Request) -> (String, Option<Vec<u8>>) {
    let content_type = header_value(rq, "Content-Type").unwrap_or_default();
    let limit = shared.config.max_request_bytes;
    let expected = rq.body_length().unwrap_or(0).min(limit.saturating_add(1));
    let mut body = Vec::with_capacity(expected);
    let _ = rq
        .as_reader()
        .take((limit as u64).saturating_add(1))
        .read_to_end(&mut body);
    if body.len() > limit {
        drain(rq);
        (content_type, None)
    } else {
        (content_type, Some(body))
    }
}

/// One operation over HTTP GET/POST, in ASP.NET's order: the method is resolved for the
/// binding, then the request collection is read (content type, key limit, request
/// validation) and bound, then the method runs; its answer is written as ASP.NET writes it on
/// these bindings.
fn serve_operation(shared: &Shared, name: &str, input: Input<'_>, origin: &str) -> Result<Reply, Exception> {
    let protocol = input.protocol();
    let op = service::lookup(name, protocol)?;
    let params = input.params()?;
    bind::check_key_limit(&params)?;
    if shared.config.request_validation {
        bind::validate_request(&params, protocol.collection())?;
    }
    let args = service::bind_http(&shared.config, op, &params)?;
    let fetch = |url: &str, limit: u64| fetch_document(shared, url, limit);
    let env = Env {
        config: &shared.config,
        state: &shared.state,
        fetch: &fetch,
        origin,
    };
    let answer = service::run(&env, &args)?;
    Ok(match (op.answer, answer) {
        (Answer::Value(xsd), Some(value)) => Reply {
            status: 200,
            content_type: Some("text/xml; charset=utf-8"),
            cache_control: Some("private, max-age=0"),
            body: Body::Text(wire::http_answer(xsd, &value).into_bytes()),
        },
        _ => Reply {
            status: 200,
            content_type: None,
            cache_control: Some("private, max-age=0"),
            body: Body::Text(Vec::new()),
        },
    })
}

pub(super) fn parse_form(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub(super) fn fetch_document(shared: &Shared, url: &str, limit: u64) -> Result<Vec<u8>, Exception> {
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
