//! The emulated InsideService20: parameter binding as ASMX does it, and the operations'
//! behaviour (the same contract as the Mono replica under `tests/asmx/`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::wire::{self, Dto, Exception};
use super::SandboxConfig;

/// ASP.NET's default limit on the number of keys in a form or query string.
pub(crate) const MAX_COLLECTION_KEYS: usize = 1000;

/// Parameter kinds of a web method.
#[derive(Clone, Copy)]
enum P {
    /// `string`
    S(&'static str),
    /// `long`
    L(&'static str),
    /// `string[]`
    A(&'static str),
}

const OPERATIONS: &[(&str, &[P])] = &[
    ("Login", &[P::S("apikey"), P::S("username"), P::S("password")]),
    ("Impersonate", &[P::S("apikey"), P::S("username"), P::S("ticket")]),
    (
        "CreateContact",
        &[P::S("token"), P::S("email"), P::S("firstName"), P::S("lastName")],
    ),
    ("CreateCall", &[P::S("token"), P::S("trajectCode")]),
    ("SetContact", &[P::S("token"), P::L("callId"), P::L("contactId")]),
    ("GetAgentUrl", &[P::S("token"), P::L("callId"), P::S("returnUrl")]),
    ("GetPublicCallId", &[P::S("token"), P::L("callId")]),
    (
        "SetValues",
        &[P::S("token"), P::S("publicId"), P::A("names"), P::A("values")],
    ),
    (
        "AddDocumentFromUrl",
        &[P::S("token"), P::S("url"), P::S("filename"), P::S("externalId")],
    ),
    (
        "SetDocumentToUploadAction",
        &[P::S("token"), P::L("callId"), P::S("externalId"), P::L("documentId")],
    ),
    ("GetAttachments", &[P::S("token"), P::L("callId")]),
];

/// A bound argument.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Str(String),
    Long(i64),
    Array(Vec<String>),
}

/// What an operation answers.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// 200 text/xml.
    Xml(String),
    /// 200, empty body, no content type.
    Void,
    /// 500 text/plain.
    Fault(Exception),
}

/// Where a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentOrigin {
    /// Added by the agent (AddDocumentFromUrl + SetDocumentToUploadAction).
    Bound,
    /// Uploaded by the participant (simulated).
    Uploaded,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredDocument {
    pub filename: String,
    pub bytes: Arc<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub(crate) struct AttachmentEntry {
    pub document_id: i64,
    pub external_id: String,
    pub origin: DocumentOrigin,
    pub date: SystemTime,
    pub sign_status: i32,
}

#[derive(Debug, Clone)]
pub(crate) struct Contact {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub script_code: String,
    pub public_id: String,
    pub contact_id: Option<i64>,
    pub values: Vec<(String, String)>,
    pub attachments: Vec<AttachmentEntry>,
}

/// All of the emulator's state.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub next_id: i64,
    pub tokens: HashMap<String, Instant>,
    pub expired_before: Option<Instant>,
    pub contacts: HashMap<i64, Contact>,
    pub calls: HashMap<i64, Call>,
    pub by_public_id: HashMap<String, i64>,
    pub documents: HashMap<i64, StoredDocument>,
    pub random: u64,
}

impl State {
    pub(crate) fn new(seed: u64) -> Self {
        State {
            next_id: 1000,
            random: seed | 1,
            ..Default::default()
        }
    }

    pub(crate) fn new_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// 32 lowercase hex digits, like `Guid.NewGuid().ToString("N")`.
    pub(crate) fn new_guid(&mut self) -> String {
        let mut s = String::with_capacity(32);
        for _ in 0..2 {
            // xorshift64*
            let mut x = self.random;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.random = x;
            s.push_str(&format!("{:016x}", x.wrapping_mul(0x2545_F491_4F6C_DD1D)));
        }
        s
    }
}

/// The request as the binder sees it.
pub(crate) struct Invocation<'a> {
    pub operation: &'a str,
    pub params: &'a [(String, String)],
    /// `http://host:port` as the client addressed the server (from the Host header).
    pub origin: &'a str,
}

fn missing(name: &str) -> Exception {
    Exception::new(
        "System.InvalidOperationException",
        format!("Missing parameter: {name}."),
        "System.Web.Services.Protocols.ValueCollectionParameterReader",
    )
}

fn convert_long(raw: &str) -> Result<i64, Exception> {
    let t = raw.trim();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let frame = "System.Web.Services.Protocols.ScalarFormatter";
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        let mut e = Exception::new(
            "System.ArgumentException",
            format!("Cannot convert {raw} to System.Int64.\r\nParameter name: type"),
            frame,
        );
        e.inner = Some(Box::new(Exception::new(
            "System.FormatException",
            "Input string was not in a correct format.",
            frame,
        )));
        return Err(e);
    }
    t.parse::<i64>().map_err(|_| {
        let mut e = Exception::new(
            "System.ArgumentException",
            format!("Cannot convert {raw} to System.Int64.\r\nParameter name: type"),
            frame,
        );
        e.inner = Some(Box::new(Exception::new(
            "System.OverflowException",
            "Value was either too large or too small for an Int64.",
            frame,
        )));
        e
    })
}

/// Binds parameters by case-insensitive name, as ASMX's HTTP GET/POST protocols do.
fn bind(spec: &[P], params: &[(String, String)]) -> Result<Vec<Arg>, Exception> {
    let values_of = |name: &str| -> Vec<&str> {
        params
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let mut args = Vec::with_capacity(spec.len());
    for p in spec {
        match *p {
            P::S(name) | P::L(name) => {
                let vals = values_of(name);
                if vals.is_empty() {
                    return Err(missing(name));
                }
                let joined = vals.join(",");
                args.push(match p {
                    P::L(_) => Arg::Long(convert_long(&joined)?),
                    _ => Arg::Str(joined),
                });
            }
            P::A(name) => {
                let vals = values_of(name);
                // An absent array key fails in the framework's binder, before the method runs.
                if vals.is_empty() {
                    return Err(null_reference());
                }
                args.push(Arg::Array(vals.into_iter().map(str::to_owned).collect()));
            }
        }
    }
    Ok(args)
}

fn null_reference() -> Exception {
    Exception::new(
        "System.NullReferenceException",
        "Object reference not set to an instance of an object",
        "System.Web.Services.Protocols.HttpServerProtocol",
    )
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
    pub state: &'a std::sync::Mutex<State>,
    pub fetch: &'a Fetch<'a>,
}

fn lock(m: &std::sync::Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

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

fn s(args: &[Arg], i: usize) -> &str {
    match &args[i] {
        Arg::Str(s) => s,
        _ => "",
    }
}

fn l(args: &[Arg], i: usize) -> i64 {
    match &args[i] {
        Arg::Long(v) => *v,
        _ => 0,
    }
}

fn arr(args: &[Arg], i: usize) -> &[String] {
    match &args[i] {
        Arg::Array(v) => v,
        _ => &[],
    }
}

/// Finds the operation (exact case), binds the parameters and runs it.
pub(crate) fn invoke(env: &Env<'_>, inv: &Invocation<'_>) -> Outcome {
    let Some((name, spec)) = OPERATIONS.iter().find(|(n, _)| *n == inv.operation) else {
        if let Some((n, _)) = OPERATIONS.iter().find(|(n, _)| n.eq_ignore_ascii_case(inv.operation)) {
            return Outcome::Fault(Exception::new(
                "System.ArgumentException",
                format!(
                    "Invalid method name '{}',  method names are case sensitive.   The method name '{n}' with the same name but different casing was found.\r\nParameter name: methodName",
                    inv.operation
                ),
                "System.Web.Services.Protocols.LogicalMethodInfo",
            ));
        }
        return Outcome::Fault(Exception::new(
            "System.InvalidOperationException",
            format!("{} Web Service method name is not valid.", inv.operation),
            "System.Web.Services.Protocols.HttpServerProtocol",
        ));
    };
    // ASP.NET refuses requests with more than 1,000 form or query keys
    // (aspnet:MaxHttpCollectionKeys, default since MS11-100).
    if inv.params.len() > MAX_COLLECTION_KEYS {
        return Outcome::Fault(Exception::new(
            "System.InvalidOperationException",
            "Operation is not valid due to the current state of the object.",
            "System.Web.HttpValueCollection",
        ));
    }
    let optional_names = *name == "CreateContact" && !env.config.require_contact_names;
    let mut params = inv.params.to_vec();
    if optional_names {
        for n in ["firstName", "lastName"] {
            if !params.iter().any(|(k, _)| k.eq_ignore_ascii_case(n)) {
                params.push((n.to_owned(), String::new()));
            }
        }
    }
    let args = match bind(spec, &params) {
        Ok(a) => a,
        Err(e) => return Outcome::Fault(e),
    };
    match run(env, name, &args, inv.origin) {
        Ok(o) => o,
        Err(e) => Outcome::Fault(e),
    }
}

fn run(env: &Env<'_>, op: &str, a: &[Arg], origin: &str) -> Result<Outcome, Exception> {
    let cfg = env.config;
    let creds = &cfg.credentials;
    match op {
        "Login" | "Impersonate" => {
            let secret_ok = if op == "Login" {
                s(a, 2) == creds.password
            } else {
                s(a, 2) == creds.ticket
            };
            if s(a, 0) != creds.apikey || s(a, 1) != creds.username || !secret_ok {
                return Err(Exception::business("Invalid credentials."));
            }
            let mut st = lock(env.state);
            let token = st.new_guid();
            st.tokens.insert(token.clone(), Instant::now());
            return Ok(Outcome::Xml(wire::string_root(&token)));
        }
        _ => {}
    }
    // Every other operation starts with the token check.
    {
        let st = lock(env.state);
        check_token(&st, s(a, 0), cfg.token_lifetime)?;
    }
    match op {
        "CreateContact" => {
            let email = s(a, 1);
            if email.trim().is_empty() || !email.contains('@') {
                return Err(Exception::business("Invalid email."));
            }
            let mut st = lock(env.state);
            let id = st.new_id();
            st.contacts.insert(
                id,
                Contact {
                    email: email.to_owned(),
                    first_name: s(a, 2).to_owned(),
                    last_name: s(a, 3).to_owned(),
                },
            );
            Ok(Outcome::Xml(wire::long_root(id)))
        }
        "CreateCall" => {
            if s(a, 1).trim().is_empty() {
                return Err(Exception::business("Unknown trajectCode."));
            }
            let mut st = lock(env.state);
            let id = st.new_id();
            let public_id = st.new_guid();
            st.by_public_id.insert(public_id.clone(), id);
            st.calls.insert(
                id,
                Call {
                    script_code: s(a, 1).to_owned(),
                    public_id,
                    contact_id: None,
                    values: Vec::new(),
                    attachments: Vec::new(),
                },
            );
            Ok(Outcome::Xml(wire::long_root(id)))
        }
        "SetContact" => {
            let mut st = lock(env.state);
            if !st.calls.contains_key(&l(a, 1)) {
                return Err(Exception::business("Unknown callId."));
            }
            if !st.contacts.contains_key(&l(a, 2)) {
                return Err(Exception::business("Unknown contactId."));
            }
            if let Some(c) = st.calls.get_mut(&l(a, 1)) {
                c.contact_id = Some(l(a, 2));
            }
            Ok(Outcome::Void)
        }
        "GetAgentUrl" => {
            let st = lock(env.state);
            if !st.calls.contains_key(&l(a, 1)) {
                return Err(Exception::business("Unknown callId."));
            }
            let mut url = format!("{origin}/agent?callId={}", l(a, 1));
            if !s(a, 2).is_empty() {
                url.push_str("&returnUrl=");
                url.push_str(&escape_data_string(s(a, 2)));
            }
            Ok(Outcome::Xml(wire::string_root(&url)))
        }
        "GetPublicCallId" => {
            let st = lock(env.state);
            match st.calls.get(&l(a, 1)) {
                Some(c) => Ok(Outcome::Xml(wire::string_root(&c.public_id))),
                None => Err(Exception::business("Unknown callId.")),
            }
        }
        "SetValues" => {
            let mut st = lock(env.state);
            let Some(&call_id) = st.by_public_id.get(s(a, 1)) else {
                return Err(Exception::business("Unknown publicId."));
            };
            // (An absent array key already failed in the binder, as on ASP.NET.)
            let (names, values) = (arr(a, 2), arr(a, 3));
            if names.len() != values.len() {
                return Err(Exception::business("names and values differ in length."));
            }
            let call = st
                .calls
                .get_mut(&call_id)
                .ok_or_else(|| Exception::business("Unknown publicId."))?;
            for (n, v) in names.iter().zip(values) {
                match call.values.iter_mut().find(|(k, _)| k == n) {
                    Some(slot) => slot.1 = v.clone(),
                    None => call.values.push((n.clone(), v.clone())),
                }
            }
            Ok(Outcome::Void)
        }
        "AddDocumentFromUrl" => {
            let (url, filename) = (s(a, 1), s(a, 2));
            if filename.trim().is_empty() {
                return Err(Exception::business("Invalid filename."));
            }
            let lower = url.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) || url.len() <= 8 {
                return Err(Exception::business("Invalid url."));
            }
            let bytes = (env.fetch)(url, cfg.max_document_bytes)?;
            let mut st = lock(env.state);
            let id = st.new_id();
            st.documents.insert(
                id,
                StoredDocument {
                    filename: filename.to_owned(),
                    bytes: Arc::new(bytes),
                },
            );
            Ok(Outcome::Xml(wire::long_root(id)))
        }
        "SetDocumentToUploadAction" => {
            let mut st = lock(env.state);
            let (call_id, external_id, doc_id) = (l(a, 1), s(a, 2), l(a, 3));
            if !st.calls.contains_key(&call_id) {
                return Err(Exception::business("Unknown callId."));
            }
            if !st.documents.contains_key(&doc_id) {
                return Err(Exception::business("Unknown documentId."));
            }
            let call = st
                .calls
                .get_mut(&call_id)
                .ok_or_else(|| Exception::business("Unknown callId."))?;
            let entry = AttachmentEntry {
                document_id: doc_id,
                external_id: external_id.to_owned(),
                origin: DocumentOrigin::Bound,
                date: SystemTime::now(),
                sign_status: 0,
            };
            match call
                .attachments
                .iter_mut()
                .find(|e| e.origin == DocumentOrigin::Bound && e.external_id == external_id)
            {
                Some(slot) => *slot = entry,
                None => call.attachments.push(entry),
            }
            Ok(Outcome::Void)
        }
        "GetAttachments" => {
            let st = lock(env.state);
            let Some(call) = st.calls.get(&l(a, 1)) else {
                return Err(Exception::business("Unknown callId."));
            };
            let urls: Vec<String> = call
                .attachments
                .iter()
                .map(|e| format!("{origin}/Download.ashx?id={}", e.document_id))
                .collect();
            let dtos: Vec<Dto<'_>> = call
                .attachments
                .iter()
                .zip(&urls)
                .map(|(e, url)| {
                    let doc = st.documents.get(&e.document_id);
                    Dto {
                        id: e.document_id,
                        description: doc.map(|d| d.filename.as_str()),
                        url: Some(url.as_str()),
                        preview: None,
                        attach: e.origin == DocumentOrigin::Bound,
                        size: doc.map(|d| d.bytes.len().to_string()),
                        date: Some(format_utc(e.date)),
                        sign_url: Some(""),
                        sign_status: e.sign_status,
                    }
                })
                .collect();
            Ok(Outcome::Xml(wire::attachments_root(&dtos)))
        }
        _ => unreachable!("operation table and dispatcher disagree"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_conversion_rules() {
        assert_eq!(convert_long(" 42 ").unwrap(), 42);
        assert_eq!(convert_long("-7").unwrap(), -7);
        assert_eq!(convert_long("+7").unwrap(), 7);
        for bad in ["", " ", "1.5", "0x10", "abc", "1e3"] {
            let e = convert_long(bad).unwrap_err();
            assert_eq!(e.type_name, "System.ArgumentException");
        }
        let e = convert_long("99999999999999999999").unwrap_err();
        assert_eq!(e.inner.unwrap().type_name, "System.OverflowException");
    }

    #[test]
    fn binding_is_case_insensitive_and_joins_repeats() {
        let params = vec![
            ("TOKEN".to_owned(), "a".to_owned()),
            ("token".to_owned(), "b".to_owned()),
            ("callid".to_owned(), "5".to_owned()),
        ];
        let args = bind(&[P::S("token"), P::L("callId")], &params).unwrap();
        assert!(matches!(&args[0], Arg::Str(s) if s == "a,b"));
        assert!(matches!(args[1], Arg::Long(5)));
        let e = bind(&[P::S("token"), P::S("email")], &params).unwrap_err();
        assert_eq!(e.message, "Missing parameter: email.");
    }

    #[test]
    fn utc_format() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(format_utc(t), "2023-11-14T22:13:20Z");
        assert_eq!(format_utc(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn escape_data_string_matches_dotnet() {
        assert_eq!(
            escape_data_string("https://crm/x?a=1&b=2 ~"),
            "https%3A%2F%2Fcrm%2Fx%3Fa%3D1%26b%3D2%20~"
        );
    }
}
