//! The emulated InsideService20: which operation a request names, the framework's checks and
//! binder ([`bind`]), and every operation's behaviour (the behaviour contract of
//! `tests/asmx/README.md`, shared with the Mono replica), over the state in [`state`].
//!
//! Operations are the rows of [`crate::ops`]; [`run`] matches on every [`Op`] variant (no
//! catch-all), so a new row without sandbox behaviour does not compile. The operations without
//! behaviour of their own share [`default_answer`].

pub(crate) mod bind;
pub(crate) mod state;

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use super::wire::{Decimal, Exception, Value};
use super::SandboxConfig;
use crate::ops::{Answer, Op, Operation, Xsd};
use bind::Args;
use state::{AddedVia, AttachmentEntry, Call, Contact, DocumentBinding, Mail, State, StoredDocument};

/// The binding a request arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// HTTP GET (`/InsideService20.asmx/Op?p=v`).
    HttpGet,
    /// HTTP POST (form-encoded body).
    HttpPost,
}

impl Protocol {
    /// Whether `op` is offered on this binding.
    fn offers(self, op: &Operation) -> bool {
        match self {
            Protocol::HttpGet => op.bindings.get,
            Protocol::HttpPost => op.bindings.post,
        }
    }

    /// The request collection ASP.NET reads the parameters from.
    pub(crate) fn collection(self) -> &'static str {
        match self {
            Protocol::HttpGet => "QueryString",
            Protocol::HttpPost => "Form",
        }
    }
}

/// The operation a request names (exact case), among those offered on `protocol`: an operation
/// of another binding only (SetCallValues over GET/POST) is as unknown as a name that does not
/// exist, as in ASP.NET's `HttpServerType`.
pub(crate) fn lookup(name: &str, protocol: Protocol) -> Result<&'static Operation, Exception> {
    let offered = || crate::ops::operations().iter().filter(|o| protocol.offers(o));
    if let Some(op) = offered().find(|o| o.name == name) {
        return Ok(op);
    }
    if let Some(op) = offered().find(|o| o.name.eq_ignore_ascii_case(name)) {
        return Err(Exception::new(
            "System.ArgumentException",
            format!(
                "Invalid method name '{name}',  method names are case sensitive.   The method name '{}' with the same name but different casing was found.\r\nParameter name: methodName",
                op.name
            ),
            "System.Web.Services.Protocols.LogicalMethodInfo",
        ));
    }
    Err(Exception::new(
        "System.InvalidOperationException",
        format!("{name} Web Service method name is not valid."),
        "System.Web.Services.Protocols.HttpServerProtocol",
    ))
}

/// Binds an HTTP GET/POST request's values to `op`'s parameters.
pub(crate) fn bind_http(
    config: &SandboxConfig,
    op: &'static Operation,
    params: &[(String, String)],
) -> Result<Args, Exception> {
    if op.op == Op::CreateContact && !config.require_contact_names {
        // The two-parameter form of the WSDL of 2016 (token, email) is accepted too.
        let mut params = params.to_vec();
        for n in ["firstName", "lastName"] {
            if !params.iter().any(|(k, _)| k.eq_ignore_ascii_case(n)) {
                params.push((n.to_owned(), String::new()));
            }
        }
        return bind::bind_form(op, &params);
    }
    bind::bind_form(op, params)
}

/// Percent-encodes like .NET's `Uri.EscapeDataString` (RFC 3986 unreserved kept).
pub(crate) fn escape_data_string(s: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, SET).to_string()
}

/// Formats a time as `yyyy-MM-ddTHH:mm:ssZ` (UTC).
pub(crate) fn format_utc(t: SystemTime) -> String {
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_secs() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Downloads a document for AddDocumentFromUrl (URL, size cap).
pub(crate) type Fetch<'a> = dyn Fn(&str, u64) -> Result<Vec<u8>, Exception> + 'a;

/// Context an operation runs in.
pub(crate) struct Env<'a> {
    pub config: &'a SandboxConfig,
    pub state: &'a Mutex<State>,
    pub fetch: &'a Fetch<'a>,
    /// `http://host:port` as the client addressed the server (from the Host header).
    pub origin: &'a str,
}

impl Env<'_> {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// What an operation answers: `None` for void.
pub(crate) type Reply = Option<Value>;

fn check_token(state: &State, token: &str, lifetime: Duration) -> Result<(), Exception> {
    match state.tokens.get(token) {
        None => Err(Exception::business("Invalid token.")),
        Some(issued) => {
            let forced = state.expired_before.map(|b| *issued <= b).unwrap_or(false);
            if forced || issued.elapsed() >= lifetime {
                Err(Exception::business("Token expired."))
            } else {
                Ok(())
            }
        }
    }
}

/// Steps 2 and 3 of every operation: the token check, then, in parameter order, every
/// `callId`, `publicId`, `documentId` and `contactId` must name an existing object (except the
/// `documentId` of the document-status operations and DeleteDocument).
fn check_references(state: &State, a: &Args, lifetime: Duration) -> Result<(), Exception> {
    if !a.op.takes_token() {
        return Ok(());
    }
    check_token(state, a.str("token"), lifetime)?;
    let lenient_document = matches!(
        a.op.op,
        Op::GetDocumentStatus | Op::GetDocumentProgress | Op::DeleteDocument
    );
    for p in a.op.params {
        let known = match p.name {
            "callId" => state.calls.contains_key(&a.long(p.name)),
            "publicId" => state.by_public_id.contains_key(a.str(p.name)),
            "documentId" if !lenient_document => state.documents.contains_key(&a.long(p.name)),
            "contactId" => state.contacts.contains_key(&a.long(p.name)),
            _ => true,
        };
        if !known {
            return Err(Exception::business(format!("Unknown {}.", p.name)));
        }
    }
    Ok(())
}

/// The answer of an operation without behaviour of its own: void, `""`, 0, `true`, the empty
/// array, or a new instance with every member at its default.
pub(crate) fn default_answer(op: &Operation) -> Reply {
    let Answer::Value(xsd) = op.answer else {
        return None;
    };
    Some(match xsd {
        Xsd::String => Value::str(""),
        Xsd::Long => Value::Long(0),
        Xsd::Int => Value::Int(0),
        Xsd::Boolean => Value::Bool(true),
        Xsd::Float => Value::Float(0.0),
        Xsd::Decimal => Value::Decimal(Decimal::default()),
        Xsd::Base64Binary => Value::Null,
        Xsd::Type(_) if xsd.is_array() => Value::List(Vec::new()),
        Xsd::Type(_) => Value::Object(Vec::new()),
    })
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn invalid_email(s: &str) -> bool {
    is_blank(s) || !s.contains('@')
}

/// Runs a bound operation: token and reference checks, then its own checks and effect.
pub(crate) fn run(env: &Env<'_>, a: &Args) -> Result<Reply, Exception> {
    check_references(&env.lock(), a, env.config.token_lifetime)?;
    let cfg = env.config;
    let creds = &cfg.credentials;
    let unknown_call = || Exception::business("Unknown callId.");
    match a.op.op {
        Op::Login | Op::Impersonate => {
            let secret = if a.op.op == Op::Login {
                (a.str("password"), creds.password.as_str())
            } else {
                (a.str("ticket"), creds.ticket.as_str())
            };
            if a.str("apikey") != creds.apikey || a.str("username") != creds.username || secret.0 != secret.1 {
                return Err(Exception::business("Invalid credentials."));
            }
            Ok(Some(Value::str(env.lock().new_token())))
        }
        Op::LoginBytoken => Ok(Some(Value::str(env.lock().new_token()))),
        Op::CreateContact => {
            let email = a.str("email");
            if invalid_email(email) {
                return Err(Exception::business("Invalid email."));
            }
            let mut st = env.lock();
            let id = st.new_id();
            st.contacts.insert(
                id,
                Contact {
                    email: email.to_owned(),
                    first_name: a.str("firstName").to_owned(),
                    last_name: a.str("lastName").to_owned(),
                },
            );
            Ok(Some(Value::Long(id)))
        }
        Op::CreateCall => {
            if is_blank(a.str("trajectCode")) {
                return Err(Exception::business("Unknown trajectCode."));
            }
            let id = env.lock().new_call(Call {
                script_code: a.str("trajectCode").to_owned(),
                ..Call::default()
            });
            Ok(Some(Value::Long(id)))
        }
        Op::CreateCallEx => {
            let mut st = env.lock();
            if !st.documents.contains_key(&a.long("documentId")) {
                return Err(Exception::business("Unknown documentId."));
            }
            let id = st.new_call(Call {
                customer_id: Some(a.str("customerId").to_owned()),
                external_data: Some(a.str("externalData").to_owned()),
                ..Call::default()
            });
            bind_to_node(&mut st, id, a.long("documentId"), "")?;
            Ok(Some(Value::Long(id)))
        }
        Op::SetContact => {
            let mut st = env.lock();
            st.calls.get_mut(&a.long("callId")).ok_or_else(unknown_call)?.contact_id = Some(a.long("contactId"));
            Ok(None)
        }
        Op::GetAgentUrl => {
            let mut url = format!("{}/agent?callId={}", env.origin, a.long("callId"));
            let ret = a.str("returnUrl");
            if !ret.is_empty() {
                url.push_str("&returnUrl=");
                url.push_str(&escape_data_string(ret));
            }
            Ok(Some(Value::Str(url)))
        }
        Op::GetPublicCallId => {
            let st = env.lock();
            let call = st.calls.get(&a.long("callId")).ok_or_else(unknown_call)?;
            Ok(Some(Value::str(call.public_id.as_str())))
        }
        Op::GetServerId => Ok(Some(Value::Int(1))),
        Op::GetSesData => Ok(Some(Value::Object(vec![
            ("AccountNumber", Value::Int(1)),
            ("Username", Value::str(creds.username.as_str())),
            ("Language", Value::str("en")),
            ("online", Value::Bool(true)),
            ("isInsideUser", Value::Bool(true)),
        ]))),
        Op::CreateUser => {
            if invalid_email(a.str("email")) {
                return Err(Exception::business("Invalid email."));
            }
            if is_blank(a.str("username")) {
                return Err(Exception::business("Invalid username."));
            }
            Ok(Some(Value::Long(env.lock().new_id())))
        }
        Op::SetValues => {
            // A null array (an absent element over SOAP) is dereferenced by the method.
            // (The public id was checked with the other references.)
            let (Some(names), Some(values)) = (a.strings("names"), a.strings("values")) else {
                return Err(Exception::null_reference());
            };
            if names.len() != values.len() {
                return Err(Exception::business("names and values differ in length."));
            }
            with_call_by_public_id(env, a, |call| {
                for (n, v) in names.iter().zip(values) {
                    call.set_value(n.as_deref(), v.as_deref());
                }
            })?;
            Ok(None)
        }
        Op::SetValue => {
            with_call_by_public_id(env, a, |call| call.set_value(a.opt_str("name"), a.opt_str("value")))?;
            Ok(None)
        }
        Op::SetCallValues => {
            let mut st = env.lock();
            let call = st.calls.get_mut(&a.long("callId")).ok_or_else(unknown_call)?;
            let fields = a.name_values("fields").ok_or_else(Exception::null_reference)?;
            for nv in fields {
                if let Some(name) = &nv.name {
                    call.set_value(Some(name), Some(nv.value.as_deref().unwrap_or("")));
                }
            }
            Ok(Some(Value::Bool(true)))
        }
        Op::GetCallValues => {
            let st = env.lock();
            let call = st.calls.get(&a.long("callId")).ok_or_else(unknown_call)?;
            let items = call
                .values
                .iter()
                .map(|(n, v)| {
                    Value::Object(vec![
                        ("Name", Value::opt(n.as_deref())),
                        ("Value", Value::opt(v.as_deref())),
                    ])
                })
                .collect();
            Ok(Some(Value::List(items)))
        }
        Op::GetCall | Op::GetCallDataById => {
            let st = env.lock();
            Ok(Some(call_dto(&st, a.long("callId"), &creds.username)?))
        }
        Op::GetCallByPublicId | Op::GetCallDataByPublicId => {
            let st = env.lock();
            let id = *st
                .by_public_id
                .get(a.str("publicId"))
                .ok_or_else(|| Exception::business("Unknown publicId."))?;
            Ok(Some(call_dto(&st, id, &creds.username)?))
        }
        Op::SetComment => {
            let mut st = env.lock();
            st.calls.get_mut(&a.long("callId")).ok_or_else(unknown_call)?.comment =
                a.opt_str("value").map(str::to_owned);
            Ok(None)
        }
        Op::EndCall => {
            let mut st = env.lock();
            st.calls.get_mut(&a.long("callId")).ok_or_else(unknown_call)?.ended = true;
            Ok(Some(Value::opt(a.opt_str("returnUrl"))))
        }
        Op::SendMail => {
            let to = a.str("to");
            if invalid_email(to) {
                return Err(Exception::business("Invalid email."));
            }
            if is_blank(a.str("templateCode")) {
                return Err(Exception::business("Unknown templateCode."));
            }
            let mut st = env.lock();
            if !st.calls.contains_key(&a.long("callId")) {
                return Err(unknown_call());
            }
            st.mails.push(Mail {
                call_id: a.long("callId"),
                to: to.to_owned(),
                template_code: a.str("templateCode").to_owned(),
                attachments: a.str("attachments").to_owned(),
                sent: SystemTime::now(),
            });
            Ok(Some(Value::Bool(true)))
        }
        Op::AddDocumentFromUrl => {
            let (url, filename) = (a.str("url"), a.str("filename"));
            // Only an empty name is refused here (a blank one is for AddDocumentFromBytes).
            if filename.is_empty() {
                return Err(Exception::business("Invalid filename."));
            }
            let lower = url.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) || url.len() <= 8 {
                return Err(Exception::business("Invalid url."));
            }
            // Fetched without holding the state lock (the document may come from this sandbox).
            let bytes = (env.fetch)(url, cfg.max_document_bytes)?;
            let mut doc = new_document(cfg, filename, bytes, AddedVia::Url);
            doc.external_id = a.str("externalId").to_owned();
            Ok(Some(Value::Long(env.lock().store_document(doc))))
        }
        Op::AddDocumentFromBytes | Op::AddDocumentFromBytesEx => {
            let (file, filename) = (a.bytes("file"), a.str("filename"));
            if is_blank(filename) {
                return Err(Exception::business("Invalid filename."));
            }
            if file.is_empty() {
                return Err(Exception::business("Empty document."));
            }
            if file.len() as u64 > cfg.max_document_bytes {
                return Err(Exception::business("Document too large."));
            }
            let mut doc = new_document(cfg, filename, file.to_vec(), AddedVia::Bytes);
            if a.op.op == Op::AddDocumentFromBytesEx {
                doc.external_id = a.str("externalId").to_owned();
                doc.private = a.bool("priv");
                doc.temporary = a.bool("temp");
            }
            Ok(Some(Value::Long(env.lock().store_document(doc))))
        }
        Op::SetDocumentToUploadAction => {
            let mut st = env.lock();
            let (external_id, doc_id) = (a.str("externalId"), a.long("documentId"));
            if !st.documents.contains_key(&doc_id) {
                return Err(Exception::business("Unknown documentId."));
            }
            let call = st.calls.get_mut(&a.long("callId")).ok_or_else(unknown_call)?;
            let entry = AttachmentEntry {
                document_id: doc_id,
                binding: DocumentBinding::UploadAction {
                    external_id: external_id.to_owned(),
                },
                date: SystemTime::now(),
                sign_status: 0,
            };
            let same = |e: &&mut AttachmentEntry| matches!(&e.binding, DocumentBinding::UploadAction { external_id: x } if x == external_id);
            match call.attachments.iter_mut().find(same) {
                Some(slot) => *slot = entry,
                None => call.attachments.push(entry),
            }
            Ok(None)
        }
        Op::AddDocumentToCall => {
            let mut st = env.lock();
            let doc_id = a.long("documentId");
            bind_to_node(&mut st, a.long("callId"), doc_id, a.str("nodeCode"))?;
            Ok(Some(Value::Long(doc_id)))
        }
        Op::GetAttachments => {
            let st = env.lock();
            let call = st.calls.get(&a.long("callId")).ok_or_else(unknown_call)?;
            let items = call
                .attachments
                .iter()
                .map(|e| {
                    let doc = st.documents.get(&e.document_id);
                    Value::Object(vec![
                        ("Id", Value::Long(e.document_id)),
                        ("Description", Value::opt(doc.map(|d| d.filename.as_str()))),
                        (
                            "Url",
                            Value::Str(format!("{}/Download.ashx?id={}", env.origin, e.document_id)),
                        ),
                        ("Preview", Value::Null),
                        (
                            "Attach",
                            Value::Bool(e.binding.origin() == state::DocumentOrigin::Bound),
                        ),
                        ("Size", Value::opt(doc.map(|d| d.bytes.len().to_string()))),
                        ("Date", Value::Str(format_utc(e.date))),
                        ("SignUrl", Value::str("")),
                        ("SignStatus", Value::Int(e.sign_status)),
                    ])
                })
                .collect();
            Ok(Some(Value::List(items)))
        }
        Op::GetDocumentStatus => {
            let (status, _) = env.lock().conversion(a.long("documentId"));
            Ok(Some(Value::str(status.as_str())))
        }
        Op::GetDocumentProgress => {
            let (status, pct) = env.lock().conversion(a.long("documentId"));
            Ok(Some(Value::Object(vec![
                ("Status", Value::str(status.as_str())),
                ("Percentage", Value::Decimal(Decimal::from_int(pct.into()))),
            ])))
        }
        Op::DeleteDocument => Ok(Some(Value::Bool(env.lock().delete_document(a.long("documentId"))))),
        Op::SaveCredentials
        | Op::DeleteCredentials
        | Op::NavigateToAgentUrl
        | Op::GetLanguage
        | Op::GetServerEvent
        | Op::GetChatMessage
        | Op::SetChatMessage
        | Op::GetDocumentCursor
        | Op::SetDocumentCursor
        | Op::SetRedirectURL
        | Op::GetClientCommand
        | Op::SetShowBrowseUnload
        | Op::GetCurrentStep
        | Op::SetHomeStep
        | Op::SetPrevStep
        | Op::SetNextStep
        | Op::SetViewer
        | Op::SetViewerWrap
        | Op::VerifyUserByMail
        | Op::GetEvents => Ok(default_answer(a.op)),
    }
}

fn new_document(cfg: &SandboxConfig, filename: &str, bytes: Vec<u8>, via: AddedVia) -> StoredDocument {
    StoredDocument::new(
        filename,
        bytes,
        via,
        cfg.conversion_time,
        &cfg.conversion_failure_marker,
    )
}

fn with_call_by_public_id(env: &Env<'_>, a: &Args, f: impl FnOnce(&mut Call)) -> Result<(), Exception> {
    let mut st = env.lock();
    let unknown = || Exception::business("Unknown publicId.");
    let id = *st.by_public_id.get(a.str("publicId")).ok_or_else(unknown)?;
    f(st.calls.get_mut(&id).ok_or_else(unknown)?);
    Ok(())
}

/// AddDocumentToCall's binding: the same document at the same node code is replaced in place
/// (binding time renewed), else appended.
fn bind_to_node(st: &mut State, call_id: i64, doc_id: i64, node_code: &str) -> Result<(), Exception> {
    if !st.documents.contains_key(&doc_id) {
        return Err(Exception::business("Unknown documentId."));
    }
    let call = st
        .calls
        .get_mut(&call_id)
        .ok_or_else(|| Exception::business("Unknown callId."))?;
    let entry = AttachmentEntry {
        document_id: doc_id,
        binding: DocumentBinding::Node {
            node_code: node_code.to_owned(),
        },
        date: SystemTime::now(),
        sign_status: 0,
    };
    let same = |e: &&mut AttachmentEntry| {
        e.document_id == doc_id && matches!(&e.binding, DocumentBinding::Node { node_code: n } if n == node_code)
    };
    match call.attachments.iter_mut().find(same) {
        Some(slot) => *slot = entry,
        None => call.attachments.push(entry),
    }
    Ok(())
}

/// The CallDTO of a meeting; members not set here are at their defaults.
fn call_dto(st: &State, id: i64, username: &str) -> Result<Value, Exception> {
    let call = st
        .calls
        .get(&id)
        .ok_or_else(|| Exception::business("Unknown callId."))?;
    let email = call
        .contact_id
        .and_then(|c| st.contacts.get(&c))
        .map(|c| c.email.as_str());
    Ok(Value::Object(vec![
        ("callId", Value::Long(id)),
        ("publicId", Value::str(call.public_id.as_str())),
        ("accountNumber", Value::Int(1)),
        ("eventCount", Value::Long(0)),
        ("serverId", Value::Int(1)),
        ("username", Value::str(username)),
        ("isAgent", Value::Bool(true)),
        ("language", Value::str("en")),
        ("comment", Value::opt(call.comment.as_deref())),
        ("contactEmail", Value::opt(email)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::bind::NameValue;
    use super::*;
    use crate::sandbox::SandboxBuilder;

    #[test]
    fn utc_format() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(format_utc(t), "2023-11-14T22:13:20Z");
        assert_eq!(format_utc(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        // The last second of the days around the turns of years, leap days and centuries,
        // from Python's datetime.
        for (secs, text) in [
            (86399, "1970-01-01T23:59:59Z"),
            (5097599, "1970-02-28T23:59:59Z"),
            (5183999, "1970-03-01T23:59:59Z"),
            (31535999, "1970-12-31T23:59:59Z"),
            (915235199, "1999-01-01T23:59:59Z"),
            (920246399, "1999-02-28T23:59:59Z"),
            (920332799, "1999-03-01T23:59:59Z"),
            (946684799, "1999-12-31T23:59:59Z"),
            (946771199, "2000-01-01T23:59:59Z"),
            (951782399, "2000-02-28T23:59:59Z"),
            (951868799, "2000-02-29T23:59:59Z"),
            (951955199, "2000-03-01T23:59:59Z"),
            (978307199, "2000-12-31T23:59:59Z"),
            (1704153599, "2024-01-01T23:59:59Z"),
            (1709164799, "2024-02-28T23:59:59Z"),
            (1709251199, "2024-02-29T23:59:59Z"),
            (1709337599, "2024-03-01T23:59:59Z"),
            (1735689599, "2024-12-31T23:59:59Z"),
            (1767311999, "2026-01-01T23:59:59Z"),
            (1772323199, "2026-02-28T23:59:59Z"),
            (1772409599, "2026-03-01T23:59:59Z"),
            (1798761599, "2026-12-31T23:59:59Z"),
            (4070995199, "2099-01-01T23:59:59Z"),
            (4076006399, "2099-02-28T23:59:59Z"),
            (4076092799, "2099-03-01T23:59:59Z"),
            (4102444799, "2099-12-31T23:59:59Z"),
            (4102531199, "2100-01-01T23:59:59Z"),
            (4107542399, "2100-02-28T23:59:59Z"),
            (4107628799, "2100-03-01T23:59:59Z"),
            (4133980799, "2100-12-31T23:59:59Z"),
            (4134067199, "2101-01-01T23:59:59Z"),
            (4139078399, "2101-02-28T23:59:59Z"),
            (4139164799, "2101-03-01T23:59:59Z"),
            (4165516799, "2101-12-31T23:59:59Z"),
            (13538015999, "2399-01-01T23:59:59Z"),
            (13543027199, "2399-02-28T23:59:59Z"),
            (13543113599, "2399-03-01T23:59:59Z"),
            (13569465599, "2399-12-31T23:59:59Z"),
            (13569551999, "2400-01-01T23:59:59Z"),
            (13574563199, "2400-02-28T23:59:59Z"),
            (13574649599, "2400-02-29T23:59:59Z"),
            (13574735999, "2400-03-01T23:59:59Z"),
            (13601087999, "2400-12-31T23:59:59Z"),
        ] {
            let t = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
            assert_eq!(format_utc(t), text, "{secs}");
        }
    }

    #[test]
    fn escape_data_string_matches_dotnet() {
        assert_eq!(
            escape_data_string("https://crm/x?a=1&b=2 ~"),
            "https%3A%2F%2Fcrm%2Fx%3Fa%3D1%26b%3D2%20~"
        );
    }

    #[test]
    fn lookup_is_exact_and_per_binding() {
        assert_eq!(lookup(Op::GetCall.name(), Protocol::HttpGet).unwrap().op, Op::GetCall);
        let e = lookup(&Op::GetCall.name().to_lowercase(), Protocol::HttpPost).unwrap_err();
        assert_eq!(e.type_name, "System.ArgumentException");
        let want = format!("The method name '{}' with the same name", Op::GetCall);
        assert!(e.message.contains(&want), "{}", e.message);
        for p in [Protocol::HttpGet, Protocol::HttpPost] {
            let e = lookup(Op::SetCallValues.name(), p).unwrap_err();
            assert_eq!(
                e.message,
                format!("{} Web Service method name is not valid.", Op::SetCallValues)
            );
        }
    }

    #[test]
    fn default_answers_follow_the_answer_type() {
        for o in crate::ops::operations() {
            let a = default_answer(o);
            match o.answer {
                Answer::Void => assert_eq!(a, None),
                Answer::Value(Xsd::Boolean) => assert_eq!(a, Some(Value::Bool(true))),
                Answer::Value(Xsd::String) => assert_eq!(a, Some(Value::str(""))),
                Answer::Value(x) if x.is_array() => assert_eq!(a, Some(Value::List(vec![]))),
                Answer::Value(Xsd::Type(_)) => assert_eq!(a, Some(Value::Object(vec![])), "{}", o.name),
                Answer::Value(_) => assert!(a.is_some()),
            }
        }
    }

    fn no_fetch(_: &str, _: u64) -> Result<Vec<u8>, Exception> {
        Err(Exception::business("no"))
    }

    /// Zero bytes cannot be sent over GET/POST (an absent `file` is the binder's
    /// NullReferenceException), only over SOAP (`<file />`): tested on the bound arguments.
    #[test]
    fn empty_documents_are_refused() {
        let config = SandboxBuilder::default().config;
        let state = Mutex::new(State::new(7));
        let env = Env {
            config: &config,
            state: &state,
            fetch: &no_fetch,
            origin: "http://127.0.0.1:1",
        };
        let token = state.lock().unwrap().new_token();
        for op in [Op::AddDocumentFromBytes, Op::AddDocumentFromBytesEx] {
            let mut values = vec![
                bind::Arg::Str(token.clone()),
                bind::Arg::Bytes(vec![]),
                bind::Arg::Str("a.pdf".into()),
            ];
            if op == Op::AddDocumentFromBytesEx {
                values.extend([
                    bind::Arg::Str(String::new()),
                    bind::Arg::Bool(false),
                    bind::Arg::Bool(false),
                ]);
            }
            let args = Args { op: op.spec(), values };
            assert_eq!(run(&env, &args).unwrap_err().message, "Empty document.", "{op}");
        }
        assert!(state.lock().unwrap().documents.is_empty());
    }

    /// SetCallValues is SOAP only, so its semantics are tested on the bound arguments.
    #[test]
    fn set_call_values_writes_the_shared_value_list() {
        let config = SandboxBuilder::default().config;
        let state = Mutex::new(State::new(7));
        let env = Env {
            config: &config,
            state: &state,
            fetch: &no_fetch,
            origin: "http://127.0.0.1:1",
        };
        let (token, call) = {
            let mut st = state.lock().unwrap();
            let token = st.new_token();
            let mut c = Call::default();
            c.set_value(Some("b"), Some("old"));
            (token, st.new_call(c))
        };
        let nv = |n: Option<&str>, v: Option<&str>| NameValue {
            name: n.map(str::to_owned),
            value: v.map(str::to_owned),
        };
        let args = Args {
            op: Op::SetCallValues.spec(),
            values: vec![
                bind::Arg::Str(token.clone()),
                bind::Arg::Long(call),
                bind::Arg::NameValues(vec![
                    nv(Some("a"), Some("1")),
                    nv(None, Some("skipped")),
                    nv(Some("b"), None),
                    nv(Some("a"), Some("2")),
                ]),
            ],
        };
        assert_eq!(run(&env, &args).unwrap(), Some(Value::Bool(true)));
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            state.lock().unwrap().calls[&call].values,
            [(s("b"), s("")), (s("a"), s("2"))]
        );
        let unknown = Args {
            values: vec![bind::Arg::Str(token), bind::Arg::Long(1), bind::Arg::NameValues(vec![])],
            ..args
        };
        assert_eq!(run(&env, &unknown).unwrap_err().message, "Unknown callId.");
    }
}
