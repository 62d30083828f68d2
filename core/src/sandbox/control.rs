//! The control API: the sandbox's hooks over HTTP, for test programs in another process.
//!
//! Served on the sandbox's own port under `/_sandbox/` (a prefix the real service does not
//! use), only when the builder enabled it ([`SandboxBuilder::control_api`](super::SandboxBuilder::control_api);
//! the stand-alone sandbox does), and only to loopback Host names, like everything the sandbox
//! serves. Control requests are not counted, delayed or faulted. Every answer is JSON
//! (`application/json`); an error is `{"error": "..."}` with status 400 (bad input), 404
//! (unknown endpoint, call or document), 405 (wrong method) or 413 (body over the document cap).
//!
//! Parameters go in the query string; the endpoints that take no file also read them from an
//! `application/x-www-form-urlencoded` body (`curl -d`). File bytes are the raw request body.
//! `GET /_sandbox/` lists the endpoints ([`ENDPOINTS`]).

use std::fmt::Write as _;
use std::io::Read;
use std::time::Duration;

use super::http::{drain, loopback_host, parse_form, Shared};
use super::server;
use super::MailSnapshot;
use super::{lock, CallSnapshot, Fault, FaultKind, StoredDocumentSnapshot};
use crate::ids::{CallId, DocumentId};

/// The prefix every control endpoint starts with.
pub(super) const PREFIX: &str = "/_sandbox";

/// The longest delay, stall or latency the control API accepts.
const MAX_PAUSE: Duration = Duration::from_secs(3600);
/// Parameters in a form body: at most this many bytes.
const MAX_FORM_BYTES: u64 = 64 * 1024;

/// One endpoint of the control API: method, path, parameters, what it does.
pub(super) struct EndpointDoc {
    pub method: &'static str,
    pub path: &'static str,
    pub params: &'static str,
    pub description: &'static str,
}

/// Every endpoint, as `GET /_sandbox/` lists them.
pub(super) const ENDPOINTS: &[EndpointDoc] = &[
    EndpointDoc {
        method: "GET",
        path: "/_sandbox/",
        params: "",
        description: "This description.",
    },
    EndpointDoc {
        method: "POST",
        path: "/_sandbox/files",
        params: "name (query); the file's bytes as the body",
        description: "Hosts a file at {url}/files/{name} (a document source for AddDocumentFromUrl); answers its url.",
    },
    EndpointDoc {
        method: "GET",
        path: "/_sandbox/calls/{call}",
        params: "",
        description: "Everything the sandbox knows about a meeting: script, public id, participant, values, comment, documents with binding, sign and conversion status.",
    },
    EndpointDoc {
        method: "POST",
        path: "/_sandbox/calls/{call}/upload",
        params: "filename (query); the file's bytes as the body",
        description: "Simulates the participant uploading a file in the meeting; answers its document_id.",
    },
    EndpointDoc {
        method: "POST",
        path: "/_sandbox/calls/{call}/sign",
        params: "document",
        description: "Simulates the participant signing a document of the meeting (SignStatus 2, a signature trailer on its bytes).",
    },
    EndpointDoc {
        method: "GET",
        path: "/_sandbox/documents/{document}",
        params: "",
        description: "A stored document: file name, external id, flags, how it was added, size, conversion status and progress.",
    },
    EndpointDoc {
        method: "POST",
        path: "/_sandbox/documents/{document}/fail-conversion",
        params: "",
        description: "Makes the document's conversion fail now (GetDocumentStatus answers ERROR).",
    },
    EndpointDoc {
        method: "GET",
        path: "/_sandbox/faults",
        params: "",
        description: "The queued faults.",
    },
    EndpointDoc {
        method: "POST",
        path: "/_sandbox/faults",
        params: "kind=delay|status|truncated|stall|drop, operation (default: any request), times (default 1), ms (delay, stall), status, content_type, body (status)",
        description: "Queues a fault for the next matching requests: operation is the name in the request path (GetAttachments), Download (Download.ashx) or Files (hosted files).",
    },
    EndpointDoc {
        method: "DELETE",
        path: "/_sandbox/faults",
        params: "",
        description: "Removes every queued fault.",
    },
    EndpointDoc {
        method: "POST",
        path: "/_sandbox/latency",
        params: "ms",
        description: "Adds this latency to every service request (0: none).",
    },
    EndpointDoc {
        method: "POST",
        path: "/_sandbox/expire-tokens",
        params: "",
        description: "Makes every session token issued so far expire now (the client logs in again).",
    },
    EndpointDoc {
        method: "GET",
        path: "/_sandbox/mails",
        params: "",
        description: "The mails SendMail recorded, oldest first (the sandbox sends nothing).",
    },
    EndpointDoc {
        method: "GET",
        path: "/_sandbox/requests",
        params: "operation (optional)",
        description: "Request counters: per operation (its wire name), Download, Files and other.",
    },
    EndpointDoc {
        method: "POST",
        path: "/_sandbox/reset",
        params: "",
        description: "Forgets meetings, participants, documents, mails, hosted files, faults, latency and counters; tokens stay valid, ids are never reused.",
    },
];

/// Whether `path` is a control endpoint's.
pub(super) fn is_control_path(path: &str) -> bool {
    path == PREFIX || path.starts_with("/_sandbox/")
}

// ---------------------------------------------------------------------------- JSON

/// `s` as a JSON string literal.
pub(super) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON object written field by field.
pub(super) struct Object(String);

impl Object {
    pub(super) fn new() -> Self {
        Object(String::from("{"))
    }

    /// A field whose value is already JSON.
    pub(super) fn raw(mut self, key: &str, json: &str) -> Self {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push_str(&string(key));
        self.0.push(':');
        self.0.push_str(json);
        self
    }

    pub(super) fn str(self, key: &str, value: &str) -> Self {
        self.raw(key, &string(value))
    }

    pub(super) fn opt(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self.raw(key, "null"),
        }
    }

    pub(super) fn num(self, key: &str, value: impl std::fmt::Display) -> Self {
        self.raw(key, &value.to_string())
    }

    pub(super) fn bool(self, key: &str, value: bool) -> Self {
        self.raw(key, if value { "true" } else { "false" })
    }

    pub(super) fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A JSON array of already-JSON items.
pub(super) fn array(items: impl IntoIterator<Item = String>) -> String {
    let v: Vec<String> = items.into_iter().collect();
    format!("[{}]", v.join(","))
}

fn unix_seconds(t: std::time::SystemTime) -> u64 {
    t.duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn call_json(c: &CallSnapshot) -> String {
    let contact = c.contact.as_ref().map_or_else(
        || "null".to_owned(),
        |k| {
            Object::new()
                .str("id", k.id.as_str())
                .str("email", &k.email)
                .str("first_name", &k.first_name)
                .str("last_name", &k.last_name)
                .finish()
        },
    );
    let values = array(
        c.values
            .iter()
            .map(|(n, v)| Object::new().str("name", n).str("value", v).finish()),
    );
    let documents = array(c.documents.iter().map(|d| {
        Object::new()
            .str("id", d.id.as_str())
            .str("filename", &d.filename)
            .str("external_id", &d.external_id)
            .str("origin", d.origin.as_str())
            .str("binding", d.binding.kind())
            .opt("node_code", d.binding.node_code())
            .num("size", d.size)
            .num("sign_status", d.sign_status)
            .str("conversion", d.conversion.as_str())
            .finish()
    }));
    Object::new()
        .str("id", c.id.as_str())
        .str("script_code", &c.script_code)
        .str("public_id", c.public_id.as_str())
        .raw("contact", &contact)
        .raw("values", &values)
        .opt("comment", c.comment.as_deref())
        .bool("ended", c.ended)
        .opt("customer_id", c.customer_id.as_deref())
        .opt("external_data", c.external_data.as_deref())
        .raw("documents", &documents)
        .finish()
}

fn document_json(d: &StoredDocumentSnapshot) -> String {
    Object::new()
        .str("id", d.id.as_str())
        .str("filename", &d.filename)
        .str("external_id", &d.external_id)
        .bool("private", d.private)
        .bool("temporary", d.temporary)
        .str("added_via", d.added_via.as_str())
        .num("size", d.size)
        .str("conversion", d.conversion.as_str())
        .num("percentage", d.percentage)
        .finish()
}

fn mail_json(m: &MailSnapshot) -> String {
    Object::new()
        .str("call_id", m.call.as_str())
        .str("to", &m.to)
        .str("template_code", &m.template_code)
        .str("attachments", &m.attachments)
        .num("sent_unix", unix_seconds(m.sent))
        .finish()
}

fn fault_json(f: &Fault) -> String {
    let o = Object::new()
        .opt("operation", f.operation.as_deref())
        .num("times", f.times);
    match &f.kind {
        FaultKind::Delay(d) => o.str("kind", "delay").num("ms", d.as_millis()),
        FaultKind::Status {
            status,
            content_type,
            body,
        } => o
            .str("kind", "status")
            .num("status", status)
            .str("content_type", content_type)
            .str("body", body),
        FaultKind::TruncatedBody => o.str("kind", "truncated"),
        FaultKind::StallBody(d) => o.str("kind", "stall").num("ms", d.as_millis()),
        FaultKind::DropConnection => o.str("kind", "drop"),
    }
    .finish()
}

/// The description `GET /_sandbox/` answers.
fn description(shared: &Shared) -> String {
    let endpoints = array(ENDPOINTS.iter().map(|e| {
        Object::new()
            .str("method", e.method)
            .str("path", e.path)
            .str("params", e.params)
            .str("description", e.description)
            .finish()
    }));
    Object::new()
        .str("service", "idiligo sandbox control API")
        .str("version", env!("CARGO_PKG_VERSION"))
        .str("url", &shared.url())
        .str("errors", "{\"error\": MESSAGE} with status 400, 404, 405 or 413")
        .raw("endpoints", &endpoints)
        .finish()
}

// ---------------------------------------------------------------------------- serving

/// An answer: status and JSON body.
struct Answer(u16, String);

fn ok(json: String) -> Answer {
    Answer(200, json)
}

fn error(status: u16, message: impl AsRef<str>) -> Answer {
    Answer(status, Object::new().str("error", message.as_ref()).finish())
}

/// The parameters and the raw body of a control request.
struct Input {
    params: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Input {
    fn get(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn require(&self, name: &str) -> Result<&str, Answer> {
        match self.get(name) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(error(400, format!("parameter {name} is missing"))),
        }
    }

    fn number(&self, name: &str) -> Result<Option<u64>, Answer> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| error(400, format!("parameter {name} is not a non-negative integer: {v:?}"))),
        }
    }

    fn pause(&self, name: &str) -> Result<Duration, Answer> {
        let ms = self
            .number(name)?
            .ok_or_else(|| error(400, format!("parameter {name} is missing")))?;
        let d = Duration::from_millis(ms);
        if d > MAX_PAUSE {
            return Err(error(
                400,
                format!("{name} is larger than {} ms", MAX_PAUSE.as_millis()),
            ));
        }
        Ok(d)
    }
}

/// Whether the endpoint takes file bytes as its body.
fn takes_file(segments: &[&str]) -> bool {
    matches!(segments, ["files"] | ["calls", _, "upload"])
}

/// Serves one control request (its path starts with [`PREFIX`]).
pub(super) fn serve(shared: &Shared, rq: server::Request, path: &str, query: &str) {
    let Some((mut rq, _)) = loopback_host(shared, rq) else {
        return;
    };
    let segments: Vec<&str> = path[PREFIX.len()..].split('/').filter(|s| !s.is_empty()).collect();
    let method = rq.method().as_str().to_ascii_uppercase();
    let mut params = parse_form(query.as_bytes());
    let mut body = Vec::new();
    let answer = if takes_file(&segments) {
        let limit = shared.config.max_document_bytes;
        let _ = rq.as_reader().take(limit.saturating_add(1)).read_to_end(&mut body);
        if body.len() as u64 > limit {
            drain(&mut rq);
            Some(error(
                413,
                format!("the file is larger than the sandbox's document cap of {limit} bytes"),
            ))
        } else {
            None
        }
    } else {
        let form = rq
            .headers()
            .iter()
            .find(|h| h.field.equiv("Content-Type"))
            .map(|h| {
                h.value
                    .as_str()
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .is_some_and(|c| c == "application/x-www-form-urlencoded");
        if form {
            let mut raw = Vec::new();
            let _ = rq.as_reader().take(MAX_FORM_BYTES + 1).read_to_end(&mut raw);
            if raw.len() as u64 > MAX_FORM_BYTES {
                drain(&mut rq);
                Some(error(413, "the form body is larger than 64 KiB"))
            } else {
                params.extend(parse_form(&raw));
                None
            }
        } else {
            drain(&mut rq);
            None
        }
    };
    let answer = answer.unwrap_or_else(|| {
        let input = Input { params, body };
        route(shared, &method, &segments, &input).unwrap_or_else(|e| e)
    });
    let headers = vec![
        server::Header::from_bytes(&b"Content-Type"[..], &b"application/json; charset=utf-8"[..])
            .expect("constant header"),
        server::Header::from_bytes(&b"Cache-Control"[..], &b"no-store"[..]).expect("constant header"),
    ];
    let mut body = answer.1.into_bytes();
    body.push(b'\n');
    let len = body.len();
    let response = server::Response::new(server::StatusCode(answer.0), headers, std::io::Cursor::new(body), len);
    let _ = rq.respond(response);
}

fn call_id(s: &str) -> Result<CallId, Answer> {
    if s.trim().parse::<i64>().is_err() {
        return Err(error(400, format!("{s:?} is not a call id")));
    }
    Ok(CallId::new(s))
}

fn document_id(s: &str) -> Result<DocumentId, Answer> {
    if s.trim().parse::<i64>().is_err() {
        return Err(error(400, format!("{s:?} is not a document id")));
    }
    Ok(DocumentId::new(s))
}

fn method_not_allowed(method: &str, allowed: &str) -> Answer {
    error(405, format!("{method} is not allowed here (allowed: {allowed})"))
}

fn route(shared: &Shared, method: &str, segments: &[&str], input: &Input) -> Result<Answer, Answer> {
    let m = method;
    match segments {
        [] => match m {
            "GET" => Ok(ok(description(shared))),
            _ => Err(method_not_allowed(m, "GET")),
        },
        ["files"] => {
            if m != "POST" {
                return Err(method_not_allowed(m, "POST"));
            }
            let name = input.require("name")?;
            if name.contains('/') || name.contains('\\') {
                return Err(error(400, "the file name must not contain / or \\"));
            }
            let url = shared.host_file(name, input.body.clone());
            Ok(ok(Object::new()
                .str("name", name)
                .str("url", &url)
                .num("size", input.body.len())
                .finish()))
        }
        ["calls", id] => {
            if m != "GET" {
                return Err(method_not_allowed(m, "GET"));
            }
            let call = call_id(id)?;
            match shared.call(&call) {
                Some(c) => Ok(ok(call_json(&c))),
                None => Err(error(404, format!("unknown call {id}"))),
            }
        }
        ["calls", id, "upload"] => {
            if m != "POST" {
                return Err(method_not_allowed(m, "POST"));
            }
            let call = call_id(id)?;
            let filename = input.require("filename")?;
            if shared.call(&call).is_none() {
                return Err(error(404, format!("unknown call {id}")));
            }
            let doc = shared
                .simulate_upload(&call, filename, input.body.clone())
                .map_err(|e| error(400, e.to_string()))?;
            Ok(ok(Object::new()
                .str("call_id", call.as_str())
                .str("document_id", doc.as_str())
                .str("filename", filename)
                .num("size", input.body.len())
                .finish()))
        }
        ["calls", id, "sign"] => {
            if m != "POST" {
                return Err(method_not_allowed(m, "POST"));
            }
            let call = call_id(id)?;
            let doc = document_id(input.require("document")?)?;
            if shared.call(&call).is_none() {
                return Err(error(404, format!("unknown call {id}")));
            }
            shared
                .simulate_sign(&call, &doc)
                .map_err(|e| error(400, e.to_string()))?;
            Ok(ok(Object::new()
                .str("call_id", call.as_str())
                .str("document_id", doc.as_str())
                .num("sign_status", 2)
                .finish()))
        }
        ["documents", id] => {
            if m != "GET" {
                return Err(method_not_allowed(m, "GET"));
            }
            let doc = document_id(id)?;
            match shared.document(&doc) {
                Some(d) => Ok(ok(document_json(&d))),
                None => Err(error(404, format!("unknown document {id}"))),
            }
        }
        ["documents", id, "fail-conversion"] => {
            if m != "POST" {
                return Err(method_not_allowed(m, "POST"));
            }
            let doc = document_id(id)?;
            if shared.document(&doc).is_none() {
                return Err(error(404, format!("unknown document {id}")));
            }
            shared.fail_conversion(&doc).map_err(|e| error(400, e.to_string()))?;
            Ok(ok(Object::new()
                .str("document_id", doc.as_str())
                .str("conversion", "ERROR")
                .finish()))
        }
        ["faults"] => match m {
            "GET" => {
                let faults: Vec<String> = lock(&shared.faults).iter().map(fault_json).collect();
                Ok(ok(Object::new().raw("faults", &array(faults)).finish()))
            }
            "POST" => {
                let fault = fault_from(input)?;
                let json = fault_json(&fault);
                shared.inject(fault);
                Ok(ok(Object::new().raw("queued", &json).finish()))
            }
            "DELETE" => {
                let n = lock(&shared.faults).len();
                shared.clear_faults();
                Ok(ok(Object::new().num("cleared", n).finish()))
            }
            _ => Err(method_not_allowed(m, "GET, POST, DELETE")),
        },
        ["latency"] => {
            if m != "POST" {
                return Err(method_not_allowed(m, "POST"));
            }
            let d = input.pause("ms")?;
            shared.set_latency(d);
            Ok(ok(Object::new().num("latency_ms", d.as_millis()).finish()))
        }
        ["expire-tokens"] => {
            if m != "POST" {
                return Err(method_not_allowed(m, "POST"));
            }
            shared.expire_tokens();
            Ok(ok(Object::new().bool("expired", true).finish()))
        }
        ["mails"] => {
            if m != "GET" {
                return Err(method_not_allowed(m, "GET"));
            }
            let mails: Vec<String> = shared.mails().iter().map(mail_json).collect();
            Ok(ok(Object::new().raw("mails", &array(mails)).finish()))
        }
        ["requests"] => {
            if m != "GET" {
                return Err(method_not_allowed(m, "GET"));
            }
            if let Some(op) = input.get("operation") {
                return match super::http::Endpoint::from_counter_name(op) {
                    Some(_) => Ok(ok(Object::new()
                        .str("operation", op)
                        .num("count", shared.request_count(op))
                        .finish())),
                    None => Err(error(
                        400,
                        format!("{op:?} is no operation of the table, nor Download, Files or other"),
                    )),
                };
            }
            let mut counts: Vec<(String, u64)> = lock(&shared.counts)
                .iter()
                .map(|(e, n)| (e.counter_name().to_owned(), *n))
                .collect();
            counts.sort();
            let mut o = Object::new();
            for (name, n) in counts {
                o = o.num(&name, n);
            }
            Ok(ok(Object::new().raw("counts", &o.finish()).finish()))
        }
        ["reset"] => {
            if m != "POST" {
                return Err(method_not_allowed(m, "POST"));
            }
            shared.reset();
            Ok(ok(Object::new().bool("reset", true).finish()))
        }
        _ => Err(error(404, "no such control endpoint; GET /_sandbox/ lists them")),
    }
}

fn fault_from(input: &Input) -> Result<Fault, Answer> {
    let kind = match input.require("kind")? {
        "delay" => FaultKind::Delay(input.pause("ms")?),
        "stall" => FaultKind::StallBody(input.pause("ms")?),
        "truncated" => FaultKind::TruncatedBody,
        "drop" => FaultKind::DropConnection,
        "status" => {
            let status = input
                .number("status")?
                .ok_or_else(|| error(400, "parameter status is missing"))?;
            if !(100..=599).contains(&status) {
                return Err(error(400, format!("status {status} is not an HTTP status (100-599)")));
            }
            let content_type = input.get("content_type").unwrap_or("text/plain; charset=utf-8");
            if !content_type.chars().all(|c| (' '..='~').contains(&c)) {
                return Err(error(400, "content_type must be printable ASCII"));
            }
            FaultKind::Status {
                status: status as u16,
                content_type: content_type.to_owned(),
                body: input.get("body").unwrap_or("").to_owned(),
            }
        }
        other => {
            return Err(error(
                400,
                format!("unknown fault kind {other:?} (delay, status, truncated, stall, drop)"),
            ))
        }
    };
    let times = input.number("times")?.unwrap_or(1);
    if times == 0 || times > 1_000_000 {
        return Err(error(400, "times must be between 1 and 1000000"));
    }
    let mut fault = Fault::new(kind).times(times as usize);
    if let Some(op) = input.get("operation").filter(|o| !o.is_empty()) {
        fault = fault.operation(op);
    }
    Ok(fault)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string("a\"b\\c\n\u{1}é"), "\"a\\\"b\\\\c\\n\\u0001é\"");
        // U+2028 and U+2029 are escaped (they end a line in JavaScript); a space is not.
        assert_eq!(string("\u{2028} \u{2029}\u{1f}"), "\"\\u2028 \\u2029\\u001f\"");
        let o = Object::new()
            .str("k", "v")
            .num("n", 3)
            .bool("b", false)
            .opt("x", None)
            .finish();
        assert_eq!(o, r#"{"k":"v","n":3,"b":false,"x":null}"#);
        assert_eq!(array(Vec::new()), "[]");
    }

    #[test]
    fn control_paths() {
        assert!(is_control_path("/_sandbox"));
        assert!(is_control_path("/_sandbox/calls/1"));
        assert!(!is_control_path("/_sandboxes"));
        assert!(!is_control_path("/InsideService20.asmx/_sandbox"));
    }
}
