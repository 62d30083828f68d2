//! Conformance against a real ASMX stack: the Mono-hosted replica of InsideService20 under
//! `tests/asmx/`. These tests need Mono and the replica built by `tests/asmx/build.sh`; they are
//! `#[ignore]`d in a plain `cargo test` and run by `tests/conformance/run.sh` (part of
//! `tests/run-all.sh`) with `--ignored`.
//!
//! * `scenario_*`: the end-to-end scenario through the Rust client over the three bindings
//!   (POST, GET, SOAP) with customErrors On and Off, uploads from bytes and files included.
//! * `differential_sandbox_matches_replica`: a fixed list of raw requests sent to the sandbox
//!   and to the replica; status, content type and body must match after normalising what
//!   legitimately varies.

mod support;

use std::time::Duration;

use idiligo::ops::Op;
use idiligo::sandbox::{CustomErrors, Sandbox};
use idiligo::*;
use support::Replica;

const NEEDS: &str = "needs Mono and the ASMX replica: run tests/conformance/run.sh";

const APIKEY: &str = "test-apikey-0000";
const USER: &str = "agent@example.test";
const PASSWORD: &str = "fake-password-1234";
const TICKET: &str = "fake-ticket-5678";

fn scenario(custom_errors: &str) {
    let replica = Replica::start(custom_errors, 4);
    // The documents are served by a sandbox's file host; the replica downloads them from there.
    let files = Sandbox::start().unwrap();
    let doc_a: Vec<u8> = (0..70_000u32).map(|i| (i % 253) as u8).collect();
    let doc_b = b"%PDF-1.4 second document \xE2\x82\xAC".to_vec();
    let url_a = files.host_file("a.bin", doc_a.clone());
    let url_b = files.host_file("b.pdf", doc_b.clone());

    for binding in [Binding::Post, Binding::Get, Binding::Soap] {
        let client = Client::builder()
            .base_url(replica.url.as_str())
            .binding(binding)
            .credentials(Credentials::password(APIKEY, USER, PASSWORD))
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let ctx = format!("{custom_errors} {binding:?}");

        // Login and Impersonate.
        let t1 = client.login_password(APIKEY, USER, PASSWORD).unwrap();
        let t2 = client.impersonate(APIKEY, USER, TICKET).unwrap();
        assert_eq!(t1.expose().len(), 32, "{ctx}");
        assert_ne!(t1.expose(), t2.expose());
        let e = client.login_password(APIKEY, USER, "wrong").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Auth, "{ctx}: {e}");
        assert_eq!(e.service_message(), Some("Invalid credentials."), "{ctx}");

        // Start a meeting with participant, values and two documents.
        let meeting = client
            .start_meeting(
                &MeetingRequest::new("INTAKE")
                    .participant(Participant::new("jan@example.com").name("Jan", "Jänsen"))
                    .value("CustomerNumber", "C-1001")
                    .value("Amount", "1 000,50 & more")
                    .document(DocumentSource::new(url_a.as_str(), "a.bin", "ext-a"))
                    .document(DocumentSource::new(url_b.as_str(), "b €.pdf", "ext-b"))
                    .return_url("https://crm.example/back?x=1&y=2"),
            )
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert!(
            meeting.agent_url.contains(&format!("callId={}", meeting.call_id)),
            "{ctx}: {}",
            meeting.agent_url
        );
        assert!(meeting
            .agent_url
            .ends_with("returnUrl=https%3A%2F%2Fcrm.example%2Fback%3Fx%3D1%26y%3D2"));
        assert_eq!(meeting.public_id.as_str().len(), 32);

        // List the attachments, download them and compare bytes.
        let list = client.get_attachments(&meeting.call_id).unwrap();
        assert_eq!(list.len(), 2, "{ctx}");
        assert_eq!(list[0].description.as_deref(), Some("a.bin"));
        assert_eq!(list[1].description.as_deref(), Some("b €.pdf"));
        assert_eq!(list[0].size_bytes(), Some(doc_a.len() as u64));
        assert!(list
            .iter()
            .all(|a| a.attach && a.sign_status == 0 && a.preview.is_none()));
        let dir = tempfile::tempdir().unwrap();
        let saved = client.download_attachments(&list, dir.path(), None).unwrap();
        assert_eq!(std::fs::read(&saved[0].path).unwrap(), doc_a, "{ctx}");
        assert_eq!(std::fs::read(&saved[1].path).unwrap(), doc_b, "{ctx}");

        // An expired token: the replica rejects it, the client logs in again and repeats.
        std::thread::sleep(Duration::from_millis(4200));
        let again = client
            .get_public_call_id(&meeting.call_id)
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_eq!(again, meeting.public_id);

        // A service error.
        let e = client.get_attachments(&CallId::new("99999999")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service, "{ctx}");
        assert_eq!(e.service_message(), Some("Unknown callId."), "{ctx}");
        if let Error::Service { detail, .. } = &e {
            // The long form's type names: the exception itself over GET/POST, ASP.NET's
            // SoapException around it over SOAP.
            let long = if binding == Binding::Soap {
                "System.Web.Services.Protocols.SoapException: "
            } else {
                "System.Exception: "
            };
            assert_eq!(detail.starts_with(long), custom_errors == "Off", "{ctx}: {detail}");
        }
        // An invalid parameter (not a long): a framework error; its wording differs between
        // runtimes, so only the kind is checked.
        let e = client.get_public_call_id(&CallId::new("abc")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service, "{ctx}: {e}");
        if binding == Binding::Soap {
            // No request validation over SOAP: the markup is stored as given.
            client
                .set_values(&meeting.public_id, [("html", "<b>x</b>")])
                .unwrap_or_else(|e| panic!("{ctx}: {e}"));
            assert!(client
                .set_call_values(&meeting.call_id, [("note", "<i>SOAP only</i>")])
                .unwrap());
            let values = client.get_call_values(&meeting.call_id).unwrap();
            assert!(
                values.contains(&NameValue::new("html", "<b>x</b>")),
                "{ctx}: {values:?}"
            );
            assert!(values.contains(&NameValue::new("note", "<i>SOAP only</i>")), "{ctx}");
        } else {
            // A value the ASP.NET request validation refuses.
            let e = client
                .set_values(&meeting.public_id, [("html", "<b>x</b>")])
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Service, "{ctx}: {e}");
            let e = client.set_call_values(&meeting.call_id, [("a", "b")]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{ctx}: SOAP only");
        }

        // Documents from the application: bytes and a file, uploaded over SOAP whatever the
        // client's binding, attached, converted, downloaded byte for byte, deleted.
        let file = dir.path().join("scan €.bin");
        let scan: Vec<u8> = (0..150_000u32).map(|i| (i * 7 % 256) as u8).collect();
        std::fs::write(&file, &scan).unwrap();
        let uploaded = client
            .start_meeting(
                &MeetingRequest::new("INTAKE")
                    .document(DocumentSource::from_bytes("terms.pdf", doc_b.clone(), "terms"))
                    .document(DocumentSource::from_file(&file, "scan"))
                    .wait_for_documents(Duration::from_secs(30)),
            )
            .unwrap_or_else(|e| panic!("{ctx}: {e}"));
        let list = client.get_attachments(&uploaded.call_id).unwrap();
        assert_eq!(list.len(), 2, "{ctx}");
        assert_eq!(list[1].description.as_deref(), Some("scan €.bin"));
        let saved = client.download_attachments(&list, dir.path().join("up"), None).unwrap();
        assert_eq!(std::fs::read(&saved[0].path).unwrap(), doc_b, "{ctx}");
        assert_eq!(std::fs::read(&saved[1].path).unwrap(), scan, "{ctx}");
        let doc = &uploaded.documents[1].document_id;
        assert_eq!(client.get_document_status(doc).unwrap(), DocumentStatus::Ready);
        let extra = client
            .add_document_from_bytes("extra.bin", &scan[..10], UploadOptions::new().private(true))
            .unwrap();
        assert_eq!(
            client.add_document_to_call(&uploaded.call_id, &extra, "N").unwrap(),
            extra
        );
        assert!(client.delete_document(&extra).unwrap(), "{ctx}");
        assert!(!client.delete_document(&extra).unwrap(), "{ctx}");
        assert_eq!(client.get_document_status(&extra).unwrap(), DocumentStatus::NotFound);
        let e = client.add_document_to_call(&uploaded.call_id, &extra, "N").unwrap_err();
        assert_eq!(e.service_message(), Some("Unknown documentId."), "{ctx}");
        let e = client
            .add_document_from_bytes("", b"x", UploadOptions::new())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    }
}

#[test]
#[ignore = "needs Mono and the ASMX replica: run tests/conformance/run.sh"]
fn scenario_custom_errors_on() {
    let _ = NEEDS;
    scenario("On");
}

#[test]
#[ignore = "needs Mono and the ASMX replica: run tests/conformance/run.sh"]
fn scenario_custom_errors_off() {
    scenario("Off");
}

// ------------------------------------------------------------------ differential

struct Raw {
    status: u16,
    content_type: String,
    body: String,
}

/// A SOAP request: `POST /InsideService20.asmx` with this SOAPAction (none: no header), content
/// type (empty: no header) and body.
fn send_soap(agent: &ureq::Agent, base: &str, action: Option<&str>, ctype: &str, body: &str) -> Raw {
    let mut req = agent.post(format!("{base}/InsideService20.asmx"));
    if let Some(a) = action {
        req = req.header("SOAPAction", a);
    }
    if !ctype.is_empty() {
        req = req.header("Content-Type", ctype);
    }
    let mut resp = req
        .send(body.as_bytes())
        .unwrap_or_else(|e| panic!("SOAP {action:?}: {e}"));
    raw(&mut resp)
}

fn raw(resp: &mut ureq::http::Response<ureq::Body>) -> Raw {
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase()
        .replace(' ', "");
    // The header that tells framework errors from the method's (and 415/400 from a fault).
    let cache = resp
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = resp.body_mut().read_to_string().unwrap_or_default();
    Raw {
        status,
        content_type: format!("{content_type} [{cache}]"),
        body,
    }
}

fn send(agent: &ureq::Agent, base: &str, method: &str, op: &str, query: &str, body: Option<(&str, &str)>) -> Raw {
    let url = if query.is_empty() {
        format!("{base}/InsideService20.asmx/{op}")
    } else {
        format!("{base}/InsideService20.asmx/{op}?{query}")
    };
    let resp = match (method, body) {
        ("POST", Some((ctype, b))) => agent.post(&url).header("Content-Type", ctype).send(b.as_bytes()),
        ("POST", None) => agent.post(&url).send_empty(),
        _ => agent.get(&url).call(),
    };
    let mut resp = resp.unwrap_or_else(|e| panic!("{method} {op}: {e}"));
    raw(&mut resp)
}

/// Replaces what legitimately differs between two servers: ids, tokens, dates, ports, stack
/// trace lines, Mono's unfilled placeholders.
fn normalise(s: &str, ids: &[(String, &str)]) -> String {
    let mut out = s.replace("\r\n", "\n");
    for (value, name) in ids {
        if !value.is_empty() {
            out = out.replace(value.as_str(), name);
        }
    }
    // other GUIDs (tokens from LoginBytoken, public ids of meetings the cases create)
    let chars: Vec<char> = out.chars().collect();
    let mut o = String::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            .count();
        if run == 32 {
            o.push_str("GUID");
            i += 32;
        } else {
            let n = run.max(1);
            o.extend(&chars[i..i + n]);
            i += n;
        }
    }
    out = o;
    // host:port
    let mut o = String::new();
    let mut rest = out.as_str();
    while let Some(p) = rest.find("127.0.0.1:") {
        o.push_str(&rest[..p]);
        o.push_str("HOST");
        let tail = &rest[p + "127.0.0.1:".len()..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        rest = &tail[digits..];
    }
    o.push_str(rest);
    out = o;
    // dates yyyy-MM-ddTHH:mm:ssZ
    let bytes: Vec<char> = out.chars().collect();
    let mut o = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let window: String = bytes[i..bytes.len().min(i + 20)].iter().collect();
        let is_date = window.len() == 20
            && window.chars().enumerate().all(|(k, c)| match k {
                4 | 7 => c == '-',
                10 => c == 'T',
                13 | 16 => c == ':',
                19 => c == 'Z',
                _ => c.is_ascii_digit(),
            });
        if is_date {
            o.push_str("DATE");
            i += 20;
        } else {
            o.push(bytes[i]);
            i += 1;
        }
    }
    out = o;
    // stack trace lines
    out = out
        .lines()
        .filter(|l| !l.trim_start().starts_with("at "))
        .collect::<Vec<_>>()
        .join("\n");
    // framework wording: Mono leaves {0}/{1} unfilled, Microsoft fills them in
    // (the rest of the line after these prefixes is the filled-in or placeholder part)
    // SOAP: Mono's wording of the request limit; Microsoft's (the sandbox's, as over POST).
    out = out.replace(
        "Upload size exceeds httpRuntime limit.",
        "Maximum request length exceeded.",
    );
    for prefix in [
        "Missing parameter: ",
        "Cannot convert ",
        "Request format is invalid: ",
        "Server did not recognize the value of HTTP Header ",
        "Possible SOAP version mismatch: Envelope namespace ",
    ] {
        while let Some(p) = out.find(prefix) {
            let after = &out[p + prefix.len()..];
            let stop = after.find('\n').unwrap_or(after.len());
            let replaced = format!("{}{}", prefix.replace(": ", ":").replace(' ', "_"), "X");
            out = format!("{}{}{}", &out[..p], replaced, &after[stop..]);
        }
    }
    // quoted names ('{0}' on Mono, the real name elsewhere)
    while let Some(p) = out.find("&#39;") {
        let after = &out[p + 5..];
        let Some(e) = after.find("&#39;") else { break };
        out = format!("{}\u{2018}X\u{2019}{}", &out[..p], &after[e + 5..]);
    }
    if let Some(p) = out.find(" Web Service method name is not valid.") {
        let start = out[..p]
            .rfind(|c: char| c.is_whitespace() || c == ':')
            .map(|i| i + 1)
            .unwrap_or(0);
        out = format!("{}OP{}", &out[..start], &out[p..]);
    }
    out
}

struct Setup {
    token: String,
    call: String,
    public_id: String,
    document: String,
    contact: String,
    /// Stored with AddDocumentFromBytes (`%PDF-1.4`), bound by the cases.
    bytes_doc: String,
    /// Stored with AddDocumentFromBytes under a name with the conversion-failure marker.
    fail_doc: String,
    /// Stored with AddDocumentFromBytes, deleted by the cases.
    del_doc: String,
}

impl Setup {
    /// The ids to normalise, longest first (ids that are prefixes of others go last).
    fn ids(&self) -> Vec<(String, &'static str)> {
        let mut ids = vec![
            (self.token.clone(), "TOKEN"),
            (self.public_id.clone(), "PUBLICID"),
            (self.document.clone(), "DOCID"),
            (self.bytes_doc.clone(), "BYTESDOC"),
            (self.fail_doc.clone(), "FAILDOC"),
            (self.del_doc.clone(), "DELDOC"),
            (self.contact.clone(), "CONTACTID"),
            (self.call.clone(), "CALLID"),
        ];
        ids.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        ids
    }
}

/// The conversion-failure marker both servers are configured with.
const FAIL_MARKER: &str = "-FAIL-";

/// `file=37&file=80&…`: a byte[] over the HTTP bindings.
fn file_values(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("file={b}")).collect::<Vec<_>>().join("&")
}

/// Runs the same setup on a server through raw requests and returns the ids it produced.
fn setup(agent: &ureq::Agent, base: &str, doc_url: &str) -> Setup {
    let form = "application/x-www-form-urlencoded";
    let scalar = |r: Raw| {
        let start = r.body.find("\">").map(|i| i + 2).unwrap();
        let end = r.body.rfind("</").unwrap();
        r.body[start..end].to_owned()
    };
    let token = scalar(send(
        agent,
        base,
        "POST",
        "Login",
        "",
        Some((
            form,
            &format!("apikey={APIKEY}&username=agent%40example.test&password={PASSWORD}"),
        )),
    ));
    let call = scalar(send(
        agent,
        base,
        "POST",
        "CreateCall",
        "",
        Some((form, &format!("token={token}&trajectCode=X"))),
    ));
    let contact = scalar(send(
        agent,
        base,
        "POST",
        "CreateContact",
        "",
        Some((form, &format!("token={token}&email=a%40b.c&firstName=A&lastName=B"))),
    ));
    let public_id = scalar(send(
        agent,
        base,
        "POST",
        "GetPublicCallId",
        "",
        Some((form, &format!("token={token}&callId={call}"))),
    ));
    let enc: String = form_urlencoded::byte_serialize(doc_url.as_bytes()).collect();
    let document = scalar(send(
        agent,
        base,
        "POST",
        "AddDocumentFromUrl",
        "",
        Some((
            form,
            &format!("token={token}&url={enc}&filename=d%20%26%20e.pdf&externalId=x1"),
        )),
    ));
    let upload = |name: &str| {
        scalar(send(
            agent,
            base,
            "POST",
            Op::AddDocumentFromBytes.name(),
            "",
            Some((
                form,
                &format!("token={token}&{}&filename={name}", file_values(b"%PDF-1.4")),
            )),
        ))
    };
    let bytes_doc = upload("bytes.pdf");
    let fail_doc = upload(&format!("x{FAIL_MARKER}.pdf"));
    let del_doc = upload("delete-me.pdf");
    Setup {
        token,
        call,
        public_id,
        document,
        contact,
        bytes_doc,
        fail_doc,
        del_doc,
    }
}

/// The fixed list of raw requests: (name, method, operation, parameters, content type).
fn cases(s: &Setup) -> Vec<(String, &'static str, String, String, &'static str)> {
    let t = &s.token;
    let form = "application/x-www-form-urlencoded";
    let mut v: Vec<(String, &'static str, String, String, &'static str)> = Vec::new();
    let mut both = |name: &str, op: &str, params: String| {
        v.push((format!("{name} (POST)"), "POST", op.to_owned(), params.clone(), form));
        v.push((format!("{name} (GET)"), "GET", op.to_owned(), params, ""));
    };
    both(
        "empty attachments",
        "GetAttachments",
        format!("token={t}&callId={}", s.call),
    );
    both("public id", "GetPublicCallId", format!("token={t}&callId={}", s.call));
    both(
        "set contact (void)",
        "SetContact",
        format!("token={t}&callId={}&contactId={}", s.call, s.contact),
    );
    both(
        "set values (void)",
        "SetValues",
        format!(
            "token={t}&publicId={}&names=a&names=b&values=1&values=%C3%A9+%26",
            s.public_id
        ),
    );
    both(
        "bind document (void)",
        "SetDocumentToUploadAction",
        format!("token={t}&callId={}&externalId=x1&documentId={}", s.call, s.document),
    );
    both(
        "one attachment",
        "GetAttachments",
        format!("token={t}&callId={}", s.call),
    );
    both(
        "agent url with return url",
        "GetAgentUrl",
        format!(
            "token={t}&callId={}&returnUrl=https%3A%2F%2Fcrm%2F%3Fa%3D1%26b%3D2",
            s.call
        ),
    );
    both(
        "agent url without return url",
        "GetAgentUrl",
        format!("token={t}&callId={}&returnUrl=", s.call),
    );
    both(
        "case-insensitive names",
        "GetPublicCallId",
        format!("TOKEN={t}&CALLID={}", s.call),
    );
    both(
        "invalid token",
        "GetPublicCallId",
        format!("token=nope&callId={}", s.call),
    );
    both(
        "wrong credentials",
        "Login",
        format!("apikey={APIKEY}&username=u&password=p"),
    );
    both("unknown call", "GetAttachments", format!("token={t}&callId=99999999"));
    both(
        "unknown public id",
        "SetValues",
        format!("token={t}&publicId=nope&names=a&values=b"),
    );
    both(
        "unequal arrays",
        "SetValues",
        format!("token={t}&publicId={}&names=a&names=b&values=1", s.public_id),
    );
    both(
        "missing array",
        "SetValues",
        format!("token={t}&publicId={}&names=a", s.public_id),
    );
    both("missing parameter", "GetPublicCallId", format!("callId={}", s.call));
    both("not a long", "GetPublicCallId", format!("token={t}&callId=abc"));
    both("unknown operation", "NoSuchOperation", format!("token={t}"));
    both(
        "invalid email",
        "CreateContact",
        format!("token={t}&email=nope&firstName=&lastName="),
    );
    both("empty script code", "CreateCall", format!("token={t}&trajectCode="));
    both(
        "unknown document",
        "SetDocumentToUploadAction",
        format!("token={t}&callId={}&externalId=e&documentId=1", s.call),
    );
    both(
        "bad document url",
        "AddDocumentFromUrl",
        format!("token={t}&url=ftp%3A%2F%2Fx&filename=a&externalId=e"),
    );
    both(
        "wrong-case operation",
        "getPublicCallId",
        format!("token={t}&callId={}", s.call),
    );
    both(
        "request validation",
        "SetValues",
        format!("token={t}&publicId={}&names=a&values=%3Cb%3Ex", s.public_id),
    );
    both(
        "repeated scalar joins",
        "GetPublicCallId",
        format!("token={t}&callId={}&callId=1", s.call),
    );
    v.extend(new_operation_cases(s));
    v.push((
        "non-form POST".into(),
        "POST",
        "GetPublicCallId".into(),
        format!("token={t}&callId={}", s.call),
        "text/plain",
    ));
    v
}

/// A raw request: (name, method, operation, parameters, content type).
type Case = (String, &'static str, String, String, &'static str);

/// Sends `cases` to a sandbox and to a replica (after the same setup on each) and returns the
/// differences after normalising, and how many cases were compared.
fn differential(
    mode: &str,
    sandbox: Sandbox,
    replica_env: &[(&str, &str)],
    cases: fn(&Setup) -> Vec<Case>,
) -> (Vec<String>, usize) {
    let replica = Replica::start_with(mode, replica_env);
    let doc_url = sandbox.host_file("d.pdf", b"%PDF diff".to_vec());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into();
    let servers = [sandbox.url().to_owned(), replica.url.clone()];
    let mut results: Vec<Vec<(String, String)>> = Vec::new();
    for base in &servers {
        let s = setup(&agent, base, &doc_url);
        let ids = s.ids();
        let mut out = Vec::new();
        for (name, method, op, params, ctype) in cases(&s) {
            let raw = if method == SOAP {
                // op: the SOAPAction header ("" for none); params: the body.
                let action = (!op.is_empty()).then_some(op.as_str());
                send_soap(&agent, base, action, ctype, &params)
            } else if method == "POST" {
                send(&agent, base, "POST", &op, "", Some((ctype, &params)))
            } else {
                send(&agent, base, "GET", &op, &params, None)
            };
            let text = format!("{} {}\n{}", raw.status, raw.content_type, normalise(&raw.body, &ids));
            out.push((name, text));
        }
        results.push(out);
    }
    // IDILIGO_DIFF_DUMP=DIR writes every normalised answer of both servers there.
    if let Some(dir) = std::env::var_os("IDILIGO_DIFF_DUMP") {
        for (who, r) in ["sandbox", "replica"].iter().zip(&results) {
            let text: String = r.iter().map(|(n, t)| format!("=== {n}\n{t}\n")).collect();
            let _ = std::fs::write(std::path::Path::new(&dir).join(format!("{who}-{mode}.txt")), text);
        }
    }
    let mut diffs = Vec::new();
    for ((name, a), (_, b)) in results[0].iter().zip(&results[1]) {
        if a != b {
            diffs.push(format!("--- {name} [{mode}]\nsandbox:\n{a}\nreplica:\n{b}\n"));
        }
    }
    (diffs, results[0].len())
}

#[test]
#[ignore = "needs Mono and the ASMX replica: run tests/conformance/run.sh"]
fn differential_sandbox_matches_replica() {
    let mut all = Vec::new();
    for (mode, sb_mode) in [("On", CustomErrors::On), ("Off", CustomErrors::Off)] {
        let sandbox = Sandbox::builder()
            .custom_errors(sb_mode)
            .conversion_failure_marker(FAIL_MARKER)
            .start()
            .unwrap();
        let env = [
            ("IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS", "86400"),
            ("IDILIGO_REPLICA_FAIL_CONVERSION_MARKER", FAIL_MARKER),
        ];
        let (diffs, n) = differential(mode, sandbox, &env, cases);
        eprintln!("differential [{mode}]: {n} cases, {} differences", diffs.len());
        all.extend(diffs);
    }
    assert!(all.is_empty(), "{} differences:\n{}", all.len(), all.join("\n"));
}

/// SOAP 1.1: the same raw requests to the sandbox and to the replica, customErrors On and Off.
#[test]
#[ignore = "needs Mono and the ASMX replica: run tests/conformance/run.sh"]
fn differential_soap_matches_replica() {
    let mut all = Vec::new();
    for (mode, sb_mode) in [("On", CustomErrors::On), ("Off", CustomErrors::Off)] {
        let sandbox = Sandbox::builder()
            .custom_errors(sb_mode)
            .conversion_failure_marker(FAIL_MARKER)
            .start()
            .unwrap();
        let env = [("IDILIGO_REPLICA_FAIL_CONVERSION_MARKER", FAIL_MARKER)];
        let (diffs, n) = differential(mode, sandbox, &env, soap_cases);
        eprintln!("differential SOAP [{mode}]: {n} cases, {} differences", diffs.len());
        all.extend(diffs);
    }
    assert!(all.is_empty(), "{} differences:\n{}", all.len(), all.join("\n"));
}

/// Document conversion that takes (far) longer than the test: BUSY with 0 %.
#[test]
#[ignore = "needs Mono and the ASMX replica: run tests/conformance/run.sh"]
fn differential_slow_conversion() {
    let sandbox = Sandbox::builder()
        .conversion_time(Duration::from_secs(600))
        .conversion_failure_marker(FAIL_MARKER)
        .start()
        .unwrap();
    let env = [
        ("IDILIGO_REPLICA_CONVERSION_MS", "600000"),
        ("IDILIGO_REPLICA_FAIL_CONVERSION_MARKER", FAIL_MARKER),
    ];
    let (diffs, n) = differential("On", sandbox, &env, |s| {
        let t = &s.token;
        let mut v = Vec::new();
        for (name, doc) in [
            ("url document", &s.document),
            ("bytes document", &s.bytes_doc),
            ("marked document", &s.fail_doc),
        ] {
            for op in [Op::GetDocumentStatus, Op::GetDocumentProgress] {
                let params = format!("token={t}&documentId={doc}");
                v.push((
                    format!("{op} {name} (POST)"),
                    "POST",
                    op.name().to_owned(),
                    params.clone(),
                    FORM,
                ));
                v.push((format!("{op} {name} (GET)"), "GET", op.name().to_owned(), params, ""));
            }
        }
        v
    });
    eprintln!("differential [slow conversion]: {n} cases, {} differences", diffs.len());
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}

const FORM: &str = "application/x-www-form-urlencoded";
/// The method of a SOAP case (see `send_soap`).
const SOAP: &str = "SOAP";
const TEXT_XML: &str = "text/xml; charset=utf-8";
const ENVELOPE_HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>";
const ENVELOPE_TAIL: &str = "</soap:Body></soap:Envelope>";

/// A document/literal envelope around `inner` (the body's content).
fn envelope(inner: &str) -> String {
    format!("{ENVELOPE_HEAD}{inner}{ENVELOPE_TAIL}")
}

/// The SOAPAction of an operation, quoted.
fn action(op: Op) -> String {
    format!("\"http://www.idiligo.com/{}\"", op.name())
}

/// SOAP 1.1 over both servers: an answer of every shape the table has (string, long, int,
/// boolean, void, every array and complex type, null and empty values), the framework's
/// reading rules (absent elements, xsi:nil, CDATA, unknown and repeated elements, order), and
/// every fault: the method's exceptions, unreadable values with their positions, 400 for XML
/// it cannot read, 415, the SOAPAction cases, the envelope's checks, the request limit.
fn soap_cases(s: &Setup) -> Vec<Case> {
    let t = &s.token;
    let (call, public, doc) = (&s.call, &s.public_id, &s.document);
    let mut v: Vec<Case> = Vec::new();
    // (name, operation, the operation element's content)
    let mut op = |name: &str, op: Op, inner: String| {
        let body = envelope(&format!("<{op} xmlns=\"http://www.idiligo.com/\">{inner}</{op}>"));
        v.push((format!("SOAP {name}"), SOAP, action(op), body, TEXT_XML));
    };
    let tok = format!("<token>{t}</token>");
    // Answers of every shape.
    op(
        "login (string)",
        Op::Login,
        format!("<apikey>{APIKEY}</apikey><username>{USER}</username><password>{PASSWORD}</password>"),
    );
    op(
        "public id (string)",
        Op::GetPublicCallId,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "agent url with return url",
        Op::GetAgentUrl,
        format!("{tok}<callId>{call}</callId><returnUrl>https://crm/?a=1&amp;b=2</returnUrl>"),
    );
    op(
        "agent url, no return url element",
        Op::GetAgentUrl,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "server id (int)",
        Op::GetServerId,
        format!("{tok}<publicId>{public}</publicId>"),
    );
    op("session data (SessionDTO)", Op::GetSesData, tok.clone());
    op(
        "attachments, empty array",
        Op::GetAttachments,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "call values, empty array",
        Op::GetCallValues,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "set contact (void)",
        Op::SetContact,
        format!("{tok}<callId>{call}</callId><contactId>{}</contactId>", s.contact),
    );
    op(
        "set values (void), no request validation",
        Op::SetValues,
        format!("{tok}<publicId>{public}</publicId><names><string>a</string><string>html</string><string xsi:nil=\"true\" /><string /></names><values><string>1 &amp; 2</string><string>&lt;b&gt;bold&lt;/b&gt;</string><string>no name</string><string xsi:nil=\"true\" /></values>"),
    );
    op(
        "set value (void), no name element",
        Op::SetValue,
        format!("{tok}<publicId>{public}</publicId><value>v</value>"),
    );
    op(
        "set value (void), no value element",
        Op::SetValue,
        format!("{tok}<publicId>{public}</publicId><name>nv</name>"),
    );
    op(
        "set call values (boolean)",
        Op::SetCallValues,
        format!("{tok}<callId>{call}</callId><fields><NameValue><Name>Amount</Name><Value>1 000,50 &amp; more</Value></NameValue><NameValue xsi:nil=\"true\" /><NameValue><Value>no name: skipped</Value></NameValue><NameValue><Name>NoValue</Name></NameValue><NameValue><Name>a</Name><Value>replaced</Value></NameValue></fields>"),
    );
    op(
        "set call values, empty array",
        Op::SetCallValues,
        format!("{tok}<callId>{call}</callId><fields />"),
    );
    op(
        "call values (ArrayOfNameValue, nulls)",
        Op::GetCallValues,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "call (CallDTO), no comment",
        Op::GetCall,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "set comment (void)",
        Op::SetComment,
        format!("{tok}<callId>{call}</callId><value>via SOAP &amp; more</value>"),
    );
    op(
        "call (CallDTO) with comment",
        Op::GetCall,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "set comment, nil value is empty",
        Op::SetComment,
        format!("{tok}<callId>{call}</callId><value xsi:nil=\"true\" />"),
    );
    op(
        "call data by id (empty comment)",
        Op::GetCallDataById,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "call by public id",
        Op::GetCallByPublicId,
        format!("{tok}<publicId>{public}</publicId>"),
    );
    op(
        "call data by public id",
        Op::GetCallDataByPublicId,
        format!("{tok}<publicId>{public}</publicId>"),
    );
    op(
        "set comment, no value element (null)",
        Op::SetComment,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "call, comment null again",
        Op::GetCall,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "bind document (void)",
        Op::SetDocumentToUploadAction,
        format!("{tok}<callId>{call}</callId><externalId>x1</externalId><documentId>{doc}</documentId>"),
    );
    op(
        "attachments (ArrayOfAttachmentDTO)",
        Op::GetAttachments,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "end call (string)",
        Op::EndCall,
        format!("{tok}<callId>{call}</callId><returnUrl>https://crm.example/</returnUrl>"),
    );
    op(
        "end call, empty string",
        Op::EndCall,
        format!("{tok}<callId>{call}</callId><returnUrl />"),
    );
    op(
        "end call, null string (no result)",
        Op::EndCall,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "end call, white space and CR LF kept",
        Op::EndCall,
        format!("{tok}<callId>{call}</callId><returnUrl>  a\r\n b </returnUrl>"),
    );
    op(
        "send mail (boolean)",
        Op::SendMail,
        format!(
            "{tok}<callId>{call}</callId><to>jan@example.test</to><templateCode>INVITE</templateCode><attachments />"
        ),
    );
    op(
        "create call (long)",
        Op::CreateCall,
        format!("{tok}<trajectCode><![CDATA[<CODE>]]></trajectCode>"),
    );
    op(
        "create contact, names absent",
        Op::CreateContact,
        format!("{tok}<email>a@b.c</email>"),
    );
    op(
        "bytes document (long)",
        Op::AddDocumentFromBytes,
        format!("{tok}<file>JVBERi0xLjQgc29hcA==</file><filename>soap.pdf</filename>"),
    );
    op(
        "bytes document ex, xsd booleans",
        Op::AddDocumentFromBytesEx,
        format!("{tok}<file>AAEC</file><filename>ex.bin</filename><externalId>e</externalId><priv> 1 </priv><temp>false</temp>"),
    );
    op(
        "bytes, base64 with white space and no padding",
        Op::AddDocumentFromBytes,
        format!("{tok}<file>AAEC\n AwQ</file><filename>b.bin</filename>"),
    );
    op(
        "bytes, base64 of one character (empty)",
        Op::AddDocumentFromBytes,
        format!("{tok}<file>A</file><filename>b.bin</filename>"),
    );
    op(
        "document to call (long)",
        Op::AddDocumentToCall,
        format!(
            "{tok}<callId>{call}</callId><documentId>{}</documentId><nodeCode>N</nodeCode>",
            s.bytes_doc
        ),
    );
    op(
        "attachments with node",
        Op::GetAttachments,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "meeting from a document (long)",
        Op::CreateCallEx,
        format!("{tok}<documentId>{}</documentId>", s.bytes_doc),
    );
    for (name, d) in [
        ("ready", &s.bytes_doc),
        ("error", &s.fail_doc),
        ("not found", &"99999999".to_owned()),
    ] {
        op(
            &format!("document status, {name}"),
            Op::GetDocumentStatus,
            format!("{tok}<documentId>{d}</documentId>"),
        );
        op(
            &format!("document progress (DocumentStatusDTO), {name}"),
            Op::GetDocumentProgress,
            format!("{tok}<documentId>{d}</documentId>"),
        );
    }
    op(
        "delete document (true)",
        Op::DeleteDocument,
        format!("{tok}<documentId>{}</documentId>", s.bytes_doc),
    );
    op(
        "delete document (false)",
        Op::DeleteDocument,
        format!("{tok}<documentId>{}</documentId>", s.bytes_doc),
    );
    op(
        "attachments after delete",
        Op::GetAttachments,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "home step (StapDTO)",
        Op::SetHomeStep,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "current step (StapDTO)",
        Op::GetCurrentStep,
        format!("{tok}<publicId>{public}</publicId>"),
    );
    op(
        "viewer (StapDTO)",
        Op::SetViewer,
        format!("{tok}<callId>{call}</callId><page>2</page><zoom>-1</zoom><documentId>{doc}</documentId>"),
    );
    op(
        "client command (all-null CommandDTO)",
        Op::GetClientCommand,
        format!("{tok}<publicId>{public}</publicId>"),
    );
    op(
        "chat message (all-null ChatMessageDTO)",
        Op::GetChatMessage,
        format!("{tok}<publicId>{public}</publicId><eventIndex>3</eventIndex>"),
    );
    op(
        "document cursor (DocumentCursorDTO)",
        Op::GetDocumentCursor,
        format!("{tok}<publicId>{public}</publicId>"),
    );
    op(
        "set document cursor, INF and NaN",
        Op::SetDocumentCursor,
        format!("{tok}<callId>{call}</callId><x>-INF</x><y>NaN</y>"),
    );
    op(
        "events (empty ArrayOfCallEventDTO)",
        Op::GetEvents,
        format!("{tok}<publicId>{public}</publicId><eventCount>0</eventCount>"),
    );
    op(
        "server events",
        Op::GetServerEvent,
        format!("{tok}<publicId>{public}</publicId>"),
    );
    op("renewed token", Op::LoginBytoken, tok.clone());
    op(
        "verify user by mail (empty string)",
        Op::VerifyUserByMail,
        format!("{tok}<mail>x@y.z</mail>"),
    );
    op("save credentials (void)", Op::SaveCredentials, tok.clone());
    op(
        "create user",
        Op::CreateUser,
        format!("{tok}<name>Ann</name><email>ann@example.test</email><username>ann</username><password>fake-user-pw</password><role />"),
    );
    // The reading rules.
    op(
        "unknown, repeated and reordered elements",
        Op::GetPublicCallId,
        format!("<callId>{call}</callId><x>1</x><callId>99999999</callId>{tok}"),
    );
    op(
        "element in another namespace is skipped",
        Op::GetPublicCallId,
        format!("<token xmlns=\"urn:x\">{t}</token><callId>{call}</callId>"),
    );
    op(
        "CDATA long",
        Op::GetPublicCallId,
        format!("{tok}<callId><![CDATA[{call}]]></callId>"),
    );
    op(
        "attribute on a parameter",
        Op::GetPublicCallId,
        format!("{tok}<callId a=\"b\">{call}</callId>"),
    );
    // The method's exceptions.
    op(
        "invalid token",
        Op::GetCall,
        format!("<token>nope</token><callId>{call}</callId>"),
    );
    op("missing token element", Op::GetCall, format!("<callId>{call}</callId>"));
    op("missing callId element", Op::GetCall, tok.clone());
    op("unknown callId", Op::GetCall, format!("{tok}<callId>99999999</callId>"));
    op(
        "unknown publicId",
        Op::SetValue,
        format!("{tok}<publicId>nope</publicId><name>a</name><value>b</value>"),
    );
    op(
        "unknown documentId",
        Op::AddDocumentToCall,
        format!("{tok}<callId>{call}</callId><documentId>99999999</documentId><nodeCode />"),
    );
    op("invalid email", Op::CreateContact, format!("{tok}<email>nope</email>"));
    op("no traject code (null)", Op::CreateCall, tok.clone());
    op(
        "nil traject code",
        Op::CreateCall,
        format!("{tok}<trajectCode xsi:nil=\"true\" />"),
    );
    op(
        "wrong credentials",
        Op::Login,
        format!("<apikey>{APIKEY}</apikey><username>u</username>"),
    );
    op(
        "empty document",
        Op::AddDocumentFromBytes,
        format!("{tok}<file></file><filename>a</filename>"),
    );
    op(
        "no file element",
        Op::AddDocumentFromBytes,
        format!("{tok}<filename>a</filename>"),
    );
    op(
        "nil file",
        Op::AddDocumentFromBytes,
        format!("{tok}<file xsi:nil=\"true\" /><filename>a</filename>"),
    );
    op(
        "blank filename",
        Op::AddDocumentFromBytes,
        format!("{tok}<file>AAEC</file><filename> </filename>"),
    );
    op(
        "names and values differ",
        Op::SetValues,
        format!("{tok}<publicId>{public}</publicId><names><string>a</string></names><values />"),
    );
    op(
        "missing names array (NullReferenceException)",
        Op::SetValues,
        format!("{tok}<publicId>{public}</publicId><values><string>1</string></values>"),
    );
    op(
        "nil names array",
        Op::SetValues,
        format!("{tok}<publicId>{public}</publicId><names xsi:nil=\"true\" /><values />"),
    );
    op(
        "missing fields array",
        Op::SetCallValues,
        format!("{tok}<callId>{call}</callId>"),
    );
    op(
        "missing fields array, unknown call first",
        Op::SetCallValues,
        format!("{tok}<callId>99999999</callId>"),
    );
    op(
        "send mail, invalid email",
        Op::SendMail,
        format!("{tok}<callId>{call}</callId><templateCode>T</templateCode>"),
    );
    // Values that do not convert.
    op("not a long", Op::GetCall, format!("{tok}<callId>abc</callId>"));
    op("empty long", Op::GetCall, format!("{tok}<callId />"));
    op("nil long", Op::GetCall, format!("{tok}<callId xsi:nil=\"true\" />"));
    op(
        "long overflow",
        Op::GetCall,
        format!("{tok}<callId>99999999999999999999</callId>"),
    );
    op(
        "not an int, before a later error",
        Op::GetEvents,
        "<token>nope</token><publicId>x</publicId><eventCount>abc</eventCount>".to_owned(),
    );
    op(
        "int overflow",
        Op::GetChatMessage,
        format!("{tok}<publicId>{public}</publicId><eventIndex>2147483648</eventIndex>"),
    );
    op(
        "boolean True is not xsd",
        Op::AddDocumentFromBytesEx,
        format!("{tok}<file>AAEC</file><filename>a</filename><externalId /><priv>True</priv><temp>false</temp>"),
    );
    op(
        "empty boolean",
        Op::AddDocumentFromBytesEx,
        format!("{tok}<file>AAEC</file><filename>a</filename><externalId /><priv /><temp>false</temp>"),
    );
    op(
        "float with a comma",
        Op::SetDocumentCursor,
        format!("{tok}<callId>{call}</callId><x>1,5</x><y>0</y>"),
    );
    op(
        "float overflow",
        Op::SetDocumentCursor,
        format!("{tok}<callId>{call}</callId><x>0</x><y>1e39</y>"),
    );
    // What XmlSerializer cannot read at all: 400, empty.
    op(
        "invalid base64",
        Op::AddDocumentFromBytes,
        format!("{tok}<file>not base64!</file><filename>a</filename>"),
    );
    op(
        "base64 with data after padding",
        Op::AddDocumentFromBytes,
        format!("{tok}<file>AA==AAEC</file><filename>a</filename>"),
    );
    op(
        "base64 URL alphabet",
        Op::AddDocumentFromBytes,
        format!("{tok}<file>-_8=</file><filename>a</filename>"),
    );
    op(
        "element inside a long",
        Op::GetPublicCallId,
        format!("{tok}<callId>1<b/>0</callId>"),
    );
    op(
        "comment inside a long",
        Op::GetPublicCallId,
        format!("{tok}<callId>1<!--c-->0</callId>"),
    );
    op(
        "element inside a string",
        Op::CreateCall,
        format!("{tok}<trajectCode>a<b/>c</trajectCode>"),
    );
    op(
        "element inside an array item",
        Op::SetValues,
        format!("{tok}<publicId>{public}</publicId><names><string>a<b/></string></names><values />"),
    );
    op(
        "control character reference",
        Op::EndCall,
        format!("{tok}<callId>{call}</callId><returnUrl>a&#x1D;b</returnUrl>"),
    );
    let mut raw = |name: &str, action: Option<String>, ctype: &'static str, body: String| {
        v.push((format!("SOAP {name}"), SOAP, action.unwrap_or_default(), body, ctype));
    };
    let get_public = |inner: &str| {
        envelope(&format!(
            "<GetPublicCallId xmlns=\"http://www.idiligo.com/\">{inner}</GetPublicCallId>"
        ))
    };
    let good = get_public(&format!("{tok}<callId>{call}</callId>"));
    let a = || Some(action(Op::GetPublicCallId));
    raw("not XML", a(), TEXT_XML, "this is not XML".into());
    raw("empty body", a(), TEXT_XML, String::new());
    raw("truncated envelope", a(), TEXT_XML, good[..good.len() - 20].to_owned());
    raw("content after the envelope", a(), TEXT_XML, format!("{good}<junk"));
    raw(
        "DTD",
        a(),
        TEXT_XML,
        good.replacen("<soap:Envelope", "<!DOCTYPE x [<!ENTITY a \"b\">]><soap:Envelope", 1),
    );
    raw("byte order mark", a(), TEXT_XML, format!("\u{feff}{good}"));
    raw(
        "no XML declaration",
        a(),
        TEXT_XML,
        good.replacen("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", "", 1),
    );
    raw(
        "indented, error position after white space",
        Some(action(Op::GetCall)),
        TEXT_XML,
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n  <soap:Body>\n    <GetCall xmlns=\"http://www.idiligo.com/\">\n      {tok}\n      <callId>abc</callId>\n    </GetCall>\n  </soap:Body>\n</soap:Envelope>\n"),
    );
    raw("text/xml without charset", a(), "text/xml", good.clone());
    raw("form content type (415)", a(), FORM, good.clone());
    raw("no content type (415)", a(), "", good.clone());
    raw(
        "SOAP 1.2 content type (415)",
        a(),
        "application/soap+xml; charset=utf-8",
        good.clone(),
    );
    raw("no SOAPAction: routed by the body", None, TEXT_XML, good.clone());
    raw(
        "no SOAPAction, unknown body element",
        None,
        TEXT_XML,
        envelope(&format!(
            "<NoSuchOperation xmlns=\"http://www.idiligo.com/\">{tok}</NoSuchOperation>"
        )),
    );
    raw(
        "no SOAPAction, wrong-case body element",
        None,
        TEXT_XML,
        envelope(&format!(
            "<getpubliccallid xmlns=\"http://www.idiligo.com/\">{tok}</getpubliccallid>"
        )),
    );
    raw(
        "unquoted SOAPAction",
        Some(format!("http://www.idiligo.com/{}", Op::GetPublicCallId)),
        TEXT_XML,
        good.clone(),
    );
    raw("empty quoted SOAPAction", Some("\"\"".into()), TEXT_XML, good.clone());
    raw(
        "wrong-case SOAPAction",
        Some(format!(
            "\"http://www.idiligo.com/{}\"",
            Op::GetPublicCallId.name().to_lowercase()
        )),
        TEXT_XML,
        good.clone(),
    );
    raw(
        "unknown SOAPAction",
        Some("\"http://www.idiligo.com/NoSuchOperation\"".into()),
        TEXT_XML,
        good.clone(),
    );
    raw(
        "SOAPAction without the namespace",
        Some(format!("\"{}\"", Op::GetPublicCallId)),
        TEXT_XML,
        good.clone(),
    );
    raw(
        "SOAPAction and body element differ",
        Some(action(Op::GetSesData)),
        TEXT_XML,
        good.clone(),
    );
    raw(
        "SOAPAction of a SOAP-only operation, body of another",
        Some(action(Op::SetCallValues)),
        TEXT_XML,
        good.clone(),
    );
    raw(
        "operation element in another namespace",
        a(),
        TEXT_XML,
        envelope(&format!(
            "<GetPublicCallId xmlns=\"urn:x\">{tok}<callId>{call}</callId></GetPublicCallId>"
        )),
    );
    raw(
        "operation element after another element",
        a(),
        TEXT_XML,
        envelope(&format!("<X xmlns=\"http://www.idiligo.com/\" /><GetPublicCallId xmlns=\"http://www.idiligo.com/\">{tok}<callId>{call}</callId></GetPublicCallId>")),
    );
    raw(
        "no SOAPAction, operation element after another element",
        None,
        TEXT_XML,
        envelope(&format!("<X xmlns=\"http://www.idiligo.com/\" /><GetPublicCallId xmlns=\"http://www.idiligo.com/\">{tok}<callId>{call}</callId></GetPublicCallId>")),
    );
    raw(
        "a header element",
        a(),
        TEXT_XML,
        good.replacen(
            "<soap:Body>",
            "<soap:Header><h xmlns=\"urn:h\">1</h></soap:Header><soap:Body>",
            1,
        ),
    );
    raw("empty body element", a(), TEXT_XML, envelope(""));
    raw(
        "no body element",
        a(),
        TEXT_XML,
        "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"></soap:Envelope>".into(),
    );
    raw(
        "body element in another namespace",
        a(),
        TEXT_XML,
        format!("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><GetPublicCallId xmlns=\"http://www.idiligo.com/\">{tok}<callId>{call}</callId></GetPublicCallId></Body></soap:Envelope>"),
    );
    raw(
        "root is not an Envelope",
        a(),
        TEXT_XML,
        "<soap:Foo xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body /></soap:Foo>".into(),
    );
    raw(
        "envelope in another namespace (version mismatch)",
        a(),
        TEXT_XML,
        "<soap:Envelope xmlns:soap=\"urn:x\"><soap:Body /></soap:Envelope>".into(),
    );
    raw(
        "root without namespace (version mismatch)",
        a(),
        TEXT_XML,
        "<x/>".into(),
    );
    // The request limit: 4,300,000 bytes is above Mono's and Microsoft's 4,096 KB.
    let big = format!(
        "{tok}<file>{}</file><filename>big.bin</filename>",
        "A".repeat(4_300_000)
    );
    raw(
        "request over the limit",
        Some(action(Op::AddDocumentFromBytes)),
        TEXT_XML,
        envelope(&format!(
            "<AddDocumentFromBytes xmlns=\"http://www.idiligo.com/\">{big}</AddDocumentFromBytes>"
        )),
    );
    raw(
        "request over the limit, form content type",
        Some(action(Op::AddDocumentFromBytes)),
        FORM,
        "x".repeat(4_300_000),
    );
    raw(
        "request over the limit, unknown SOAPAction first",
        Some("\"x\"".into()),
        TEXT_XML,
        "x".repeat(4_300_000),
    );
    v
}

/// Cases for every operation beyond the guide's eleven, over POST and GET: successes, the
/// contract's errors, binder errors for each parameter type, byte[] over both bindings, the
/// default answers, SetCallValues (SOAP only) over GET/POST.
fn new_operation_cases(s: &Setup) -> Vec<Case> {
    let t = &s.token;
    let (call, public, doc) = (&s.call, &s.public_id, &s.document);
    let mut v: Vec<Case> = Vec::new();
    let mut both = |name: &str, op: Op, params: String| {
        v.push((
            format!("{name} (POST)"),
            "POST",
            op.name().to_owned(),
            params.clone(),
            FORM,
        ));
        v.push((format!("{name} (GET)"), "GET", op.name().to_owned(), params, ""));
    };
    let pdf = file_values(b"%PDF-1.4 bytes");

    // Sessions, users, server data.
    both("renewed token", Op::LoginBytoken, format!("token={t}"));
    both("renewed token, invalid token", Op::LoginBytoken, "token=nope".into());
    both("server id", Op::GetServerId, format!("token={t}&publicId={public}"));
    both(
        "server id, unknown public id",
        Op::GetServerId,
        format!("token={t}&publicId=nope"),
    );
    both("session data", Op::GetSesData, format!("token={t}"));
    both(
        "create user",
        Op::CreateUser,
        format!("token={t}&name=Ann&email=ann%40example.test&username=ann&password=fake-user-pw&role=agent"),
    );
    both(
        "create user, invalid email",
        Op::CreateUser,
        format!("token={t}&name=Ann&email=ann&username=ann&password=fake-user-pw&role="),
    );
    both(
        "create user, empty username",
        Op::CreateUser,
        format!("token={t}&name=Ann&email=a%40b.c&username=&password=fake-user-pw&role="),
    );
    both(
        "create user, blank username",
        Op::CreateUser,
        format!("token={t}&name=Ann&email=a%40b.c&username=+%09&password=fake-user-pw&role="),
    );

    // Values.
    both("call values", Op::GetCallValues, format!("token={t}&callId={call}"));
    both(
        "set value (void)",
        Op::SetValue,
        format!("token={t}&publicId={public}&name=a&value=replaced+%26+%3C2%3E"),
    );
    both(
        "set value, new name",
        Op::SetValue,
        format!("token={t}&publicId={public}&name=A&value="),
    );
    both(
        "call values after set value",
        Op::GetCallValues,
        format!("token={t}&callId={call}"),
    );
    both(
        "set value, unknown public id",
        Op::SetValue,
        format!("token={t}&publicId=nope&name=a&value=b"),
    );
    both(
        "set value, request validation",
        Op::SetValue,
        format!("token={t}&publicId={public}&name=a&value=%3Cb%3E"),
    );
    both(
        "call values, unknown call",
        Op::GetCallValues,
        format!("token={t}&callId=99999999"),
    );
    both(
        "call values, invalid token",
        Op::GetCallValues,
        format!("token=nope&callId={call}"),
    );

    // Meeting data, comment, end.
    for op in [Op::GetCall, Op::GetCallDataById] {
        both(&format!("{op} before comment"), op, format!("token={t}&callId={call}"));
    }
    both(
        "set comment (void)",
        Op::SetComment,
        format!("token={t}&callId={call}&value=Called+back+%26+ok"),
    );
    for op in [Op::GetCall, Op::GetCallDataById] {
        both(&format!("{op}"), op, format!("token={t}&callId={call}"));
        both(&format!("{op}, unknown call"), op, format!("token={t}&callId=99999999"));
    }
    for op in [Op::GetCallByPublicId, Op::GetCallDataByPublicId] {
        both(&format!("{op}"), op, format!("token={t}&publicId={public}"));
        both(
            &format!("{op}, unknown public id"),
            op,
            format!("token={t}&publicId=nope"),
        );
    }
    both(
        "set empty comment",
        Op::SetComment,
        format!("token={t}&callId={call}&value="),
    );
    both(
        "call with empty comment",
        Op::GetCall,
        format!("token={t}&callId={call}"),
    );
    both(
        "set comment, unknown call",
        Op::SetComment,
        format!("token={t}&callId=99999999&value=x"),
    );
    both(
        "end call",
        Op::EndCall,
        format!("token={t}&callId={call}&returnUrl=https%3A%2F%2Fcrm.example%2Fback%3Fx%3D1%26y%3D2"),
    );
    both(
        "end call again, empty return url",
        Op::EndCall,
        format!("token={t}&callId={call}&returnUrl="),
    );
    both(
        "end call, unknown call",
        Op::EndCall,
        format!("token={t}&callId=99999999&returnUrl="),
    );

    // Mail.
    both(
        "send mail",
        Op::SendMail,
        format!("token={t}&callId={call}&to=jan%40example.test&templateCode=INVITE&attachments={doc}"),
    );
    both(
        "send mail, invalid email",
        Op::SendMail,
        format!("token={t}&callId={call}&to=nobody&templateCode=T&attachments="),
    );
    both(
        "send mail, empty recipient",
        Op::SendMail,
        format!("token={t}&callId={call}&to=&templateCode=T&attachments="),
    );
    both(
        "send mail, blank template",
        Op::SendMail,
        format!("token={t}&callId={call}&to=a%40b.c&templateCode=+&attachments="),
    );
    both(
        "send mail, unknown call",
        Op::SendMail,
        format!("token={t}&callId=99999999&to=nobody&templateCode=&attachments="),
    );

    // Documents from bytes.
    both(
        "bytes document",
        Op::AddDocumentFromBytes,
        format!("token={t}&{pdf}&filename=bytes+%C3%A9.pdf"),
    );
    both(
        "bytes document ex",
        Op::AddDocumentFromBytesEx,
        format!("token={t}&{pdf}&filename=b.pdf&externalId=ext-9&priv=True&temp=false"),
    );
    both(
        "bytes, repeated key in any case",
        Op::AddDocumentFromBytes,
        format!("token={t}&FILE=1&file=%2B2&File=+3+&filename=c.bin"),
    );
    both(
        "bytes, blank filename",
        Op::AddDocumentFromBytes,
        format!("token={t}&file=1&filename=+"),
    );
    both(
        "bytes, empty filename",
        Op::AddDocumentFromBytes,
        format!("token={t}&file=1&filename="),
    );
    both(
        "bytes, invalid token",
        Op::AddDocumentFromBytes,
        "token=nope&file=1&filename=a".to_string(),
    );
    both(
        "bytes, missing file",
        Op::AddDocumentFromBytes,
        format!("token={t}&filename=a"),
    );
    both(
        "bytes, empty file value",
        Op::AddDocumentFromBytes,
        format!("token={t}&file=&filename=a"),
    );
    both(
        "bytes, byte too large",
        Op::AddDocumentFromBytes,
        format!("token={t}&file=37&file=256&filename=a"),
    );
    both(
        "bytes, negative byte",
        Op::AddDocumentFromBytes,
        format!("token={t}&file=-1&filename=a"),
    );
    both(
        "bytes, hex byte",
        Op::AddDocumentFromBytes,
        format!("token={t}&file=0x25&filename=a"),
    );
    both(
        "bytes, two values in one",
        Op::AddDocumentFromBytes,
        format!("token={t}&file=1%2C2&filename=a"),
    );
    both(
        "bytes, missing filename",
        Op::AddDocumentFromBytes,
        format!("token={t}&file=1"),
    );
    both(
        "bytes ex, bad boolean",
        Op::AddDocumentFromBytesEx,
        format!("token={t}&file=1&filename=a&externalId=&priv=yes&temp=false"),
    );
    both(
        "bytes ex, boolean digit",
        Op::AddDocumentFromBytesEx,
        format!("token={t}&file=1&filename=a&externalId=&priv=false&temp=1"),
    );
    both(
        "bytes ex, boolean in capitals with spaces",
        Op::AddDocumentFromBytesEx,
        format!("token={t}&file=1&filename=a&externalId=&priv=+TRUE+&temp=False"),
    );
    both(
        "url document, blank filename",
        Op::AddDocumentFromUrl,
        format!("token={t}&url=http%3A%2F%2F127.0.0.1%3A9%2Fx&filename=+&externalId=x"),
    );

    // Documents and meetings.
    let bytes_doc = &s.bytes_doc;
    both(
        "document to call",
        Op::AddDocumentToCall,
        format!("token={t}&callId={call}&documentId={bytes_doc}&nodeCode=NODE-1"),
    );
    both(
        "same document, other node",
        Op::AddDocumentToCall,
        format!("token={t}&callId={call}&documentId={bytes_doc}&nodeCode="),
    );
    both(
        "document to call, unknown call",
        Op::AddDocumentToCall,
        format!("token={t}&callId=99999999&documentId={bytes_doc}&nodeCode=N"),
    );
    both(
        "document to call, unknown document",
        Op::AddDocumentToCall,
        format!("token={t}&callId={call}&documentId=99999999&nodeCode=N"),
    );
    both(
        "attachments with nodes",
        Op::GetAttachments,
        format!("token={t}&callId={call}"),
    );
    both(
        "meeting from a document",
        Op::CreateCallEx,
        format!("token={t}&documentId={bytes_doc}&customerId=C-9&externalData=x%3D1"),
    );
    both(
        "meeting from a document, unknown document",
        Op::CreateCallEx,
        format!("token={t}&documentId=99999999&customerId=&externalData="),
    );
    for op in [Op::GetDocumentStatus, Op::GetDocumentProgress] {
        both(&format!("{op}"), op, format!("token={t}&documentId={bytes_doc}"));
        both(
            &format!("{op}, url document"),
            op,
            format!("token={t}&documentId={doc}"),
        );
        both(
            &format!("{op}, failed conversion"),
            op,
            format!("token={t}&documentId={}", s.fail_doc),
        );
        both(
            &format!("{op}, unknown document"),
            op,
            format!("token={t}&documentId=99999999"),
        );
        both(
            &format!("{op}, invalid token"),
            op,
            "token=nope&documentId=99999999".to_string(),
        );
        both(&format!("{op}, bad id"), op, format!("token={t}&documentId=x"));
    }
    let del = &s.del_doc;
    v.push((
        "bind the document to delete".into(),
        "GET",
        Op::AddDocumentToCall.name().into(),
        format!("token={t}&callId={call}&documentId={del}&nodeCode=N"),
        "",
    ));
    v.push((
        "bind the document to delete to an upload action".into(),
        "GET",
        Op::SetDocumentToUploadAction.name().into(),
        format!("token={t}&callId={call}&externalId=del&documentId={del}"),
        "",
    ));
    v.push((
        "delete document (GET)".into(),
        "GET",
        Op::DeleteDocument.name().into(),
        format!("token={t}&documentId={del}"),
        "",
    ));
    let mut both = |name: &str, op: Op, params: String| {
        v.push((
            format!("{name} (POST)"),
            "POST",
            op.name().to_owned(),
            params.clone(),
            FORM,
        ));
        v.push((format!("{name} (GET)"), "GET", op.name().to_owned(), params, ""));
    };
    both(
        "delete deleted document",
        Op::DeleteDocument,
        format!("token={t}&documentId={del}"),
    );
    both(
        "status of deleted document",
        Op::GetDocumentStatus,
        format!("token={t}&documentId={del}"),
    );
    both(
        "attachments after delete",
        Op::GetAttachments,
        format!("token={t}&callId={call}"),
    );
    both(
        "deleted document to call",
        Op::AddDocumentToCall,
        format!("token={t}&callId={call}&documentId={del}&nodeCode=N"),
    );
    both(
        "delete document, invalid token",
        Op::DeleteDocument,
        format!("token=nope&documentId={del}"),
    );

    // The operations without behaviour of their own: their default answers.
    both("save credentials (void)", Op::SaveCredentials, format!("token={t}"));
    both("delete credentials (void)", Op::DeleteCredentials, format!("token={t}"));
    both(
        "navigate to agent url (void)",
        Op::NavigateToAgentUrl,
        format!("token={t}&callId={call}&returnUrl=https%3A%2F%2Fcrm.example%2F"),
    );
    both(
        "navigate to agent url, unknown call",
        Op::NavigateToAgentUrl,
        format!("token={t}&callId=99999999&returnUrl="),
    );
    both("language (void)", Op::GetLanguage, format!("token={t}&language=nl"));
    both(
        "server events",
        Op::GetServerEvent,
        format!("token={t}&publicId={public}"),
    );
    both(
        "server events, unknown public id",
        Op::GetServerEvent,
        format!("token={t}&publicId=nope"),
    );
    both(
        "chat message",
        Op::GetChatMessage,
        format!("token={t}&publicId={public}&eventIndex=3"),
    );
    both(
        "set chat message",
        Op::SetChatMessage,
        format!("token={t}&publicId={public}&username=agent&text=hello"),
    );
    both(
        "document cursor",
        Op::GetDocumentCursor,
        format!("token={t}&publicId={public}&eventIndex=0"),
    );
    both(
        "set document cursor",
        Op::SetDocumentCursor,
        format!("token={t}&callId={call}&x=1.5&y=-2.25E%2B3"),
    );
    both(
        "set document cursor, thousands and infinity",
        Op::SetDocumentCursor,
        format!("token={t}&callId={call}&x=1%2C000.5&y=-Infinity"),
    );
    both(
        "redirect url",
        Op::SetRedirectURL,
        format!("token={t}&callId={call}&url=https%3A%2F%2Fexample.test%2F"),
    );
    both(
        "client command",
        Op::GetClientCommand,
        format!("token={t}&publicId={public}"),
    );
    both(
        "show-browse unload (void)",
        Op::SetShowBrowseUnload,
        format!("token={t}&publicId={public}&url=https%3A%2F%2Fexample.test%2F"),
    );
    both(
        "current step",
        Op::GetCurrentStep,
        format!("token={t}&publicId={public}"),
    );
    for op in [Op::SetHomeStep, Op::SetPrevStep, Op::SetNextStep] {
        both(&format!("{op}"), op, format!("token={t}&callId={call}"));
        both(&format!("{op}, unknown call"), op, format!("token={t}&callId=99999999"));
    }
    both(
        "viewer",
        Op::SetViewer,
        format!("token={t}&callId={call}&page=2&zoom=100&documentId={doc}"),
    );
    both(
        "viewer, unknown document",
        Op::SetViewer,
        format!("token={t}&callId={call}&page=1&zoom=1&documentId=99999999"),
    );
    both(
        "viewer wrap",
        Op::SetViewerWrap,
        format!("token={t}&callId={call}&type=wrap"),
    );
    both(
        "verify user by mail",
        Op::VerifyUserByMail,
        format!("token={t}&mail=ann%40example.test"),
    );
    both(
        "events",
        Op::GetEvents,
        format!("token={t}&publicId={public}&eventCount=0"),
    );
    both(
        "events, unknown public id",
        Op::GetEvents,
        format!("token={t}&publicId=nope&eventCount=0"),
    );

    // Binder errors for each parameter type (before the token check: the token is invalid).
    both(
        "bad int",
        Op::GetChatMessage,
        format!("token=nope&publicId={public}&eventIndex=abc"),
    );
    both(
        "empty int",
        Op::GetChatMessage,
        format!("token=nope&publicId={public}&eventIndex="),
    );
    both(
        "int overflow",
        Op::GetChatMessage,
        format!("token=nope&publicId={public}&eventIndex=2147483648"),
    );
    both(
        "int with spaces and sign",
        Op::GetChatMessage,
        format!("token={t}&publicId={public}&eventIndex=+%2B7+"),
    );
    both(
        "int with thousands",
        Op::GetEvents,
        format!("token=nope&publicId={public}&eventCount=1%2C000"),
    );
    both("missing int", Op::GetEvents, format!("token=nope&publicId={public}"));
    both(
        "bad float",
        Op::SetDocumentCursor,
        format!("token=nope&callId={call}&x=abc&y=0"),
    );
    both(
        "float overflow",
        Op::SetDocumentCursor,
        format!("token=nope&callId={call}&x=1e39&y=0"),
    );
    both(
        "float lower-case infinity",
        Op::SetDocumentCursor,
        format!("token=nope&callId={call}&x=0&y=infinity"),
    );
    both(
        "float hex",
        Op::SetDocumentCursor,
        format!("token=nope&callId={call}&x=0x10&y=0"),
    );
    both("bad long", Op::GetCall, "token=nope&callId=12x".to_string());
    both(
        "long overflow",
        Op::GetCall,
        "token=nope&callId=9223372036854775808".to_string(),
    );
    both(
        "bad boolean",
        Op::AddDocumentFromBytesEx,
        "token=nope&file=1&filename=a&externalId=&priv=1&temp=0".to_string(),
    );
    both(
        "byte error before a later boolean error",
        Op::AddDocumentFromBytesEx,
        "token=nope&file=300&filename=a&externalId=&priv=x&temp=x".to_string(),
    );

    // SetCallValues is SOAP only; wrong case of a new operation.
    both(
        "set call values over HTTP",
        Op::SetCallValues,
        format!("token={t}&callId={call}&fields=a"),
    );
    both(
        "set call values over HTTP, no fields",
        Op::SetCallValues,
        format!("token={t}&callId={call}"),
    );
    let lower = |op: Op| op.name().to_lowercase();
    v.push((
        "wrong-case new operation (GET)".into(),
        "GET",
        lower(Op::GetCallValues),
        format!("token={t}&callId={call}"),
        "",
    ));
    v.push((
        "wrong-case SOAP-only operation (POST)".into(),
        "POST",
        lower(Op::SetCallValues),
        format!("token={t}&callId={call}"),
        FORM,
    ));
    v.push((
        "unknown operation with a dangerous value (GET)".into(),
        "GET",
        "NoSuchOperation".into(),
        format!("token={t}&x=%3Cb%3E"),
        "",
    ));
    for (name, op) in [
        ("unknown operation", "NoSuchOperation".to_owned()),
        ("wrong-case operation", lower(Op::GetCall)),
        ("SOAP-only operation", Op::SetCallValues.name().to_owned()),
    ] {
        v.push((
            format!("{name}, non-form POST"),
            "POST",
            op,
            format!("token={t}&callId={call}"),
            "text/plain",
        ));
    }
    v.push((
        "dangerous value before a binder error (GET)".into(),
        "GET",
        Op::GetCall.name().into(),
        "token=%3Cb%3E&callId=x".to_string(),
        "",
    ));
    v
}
