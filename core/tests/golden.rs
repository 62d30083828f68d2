//! Golden responses: every answer the real ASMX runtime (the Mono replica) gave for the
//! captured requests in `tests/fixtures/asmx/` is replayed, byte for byte, to the client, which
//! must turn it into the right value or error.

use idiligo::ops::{Op, Xsd};
use idiligo::sandbox::{Fault, FaultKind, Sandbox};
use idiligo::*;

struct Captured {
    file: String,
    operation: String,
    status: u16,
    content_type: String,
    body: String,
}

fn load() -> Vec<Captured> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/asmx");
    let manifest = std::fs::read_to_string(format!("{dir}/MANIFEST.tsv")).expect("fixtures manifest");
    let mut out = Vec::new();
    for line in manifest.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, target) = (cols[0], cols[3]);
        let Some(op) = target.strip_prefix("/InsideService20.asmx/") else {
            continue; // downloads and the WSDL
        };
        if file.starts_with("quirk-") {
            continue;
        }
        let op = op.split('?').next().unwrap().to_owned();
        let raw = std::fs::read(format!("{dir}/{file}")).unwrap();
        let text = String::from_utf8(raw).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let content_type = lines
            .filter_map(|l| l.split_once(": "))
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.to_owned())
            .unwrap_or_default();
        out.push(Captured {
            file: file.to_owned(),
            operation: op,
            status,
            content_type,
            body: body.to_owned(),
        });
    }
    out
}

/// What the client made of an answer.
#[derive(Debug)]
enum Got {
    Value(String),
    /// A string answer that may be empty (`EndCall`).
    Text(String),
    Attachments(usize),
    Values(Vec<NameValue>),
    Record(Box<CallRecord>),
    Bool(bool),
    Unit,
    Err(Error),
}

fn call(client: &Client, op: &str) -> Option<Got> {
    let id = CallId::new("1001");
    let public = PublicId::new("p");
    let r = match Op::from_name(op)? {
        Op::Login => client
            .login_password("k", "u", "p")
            .map(|t| Got::Value(t.expose().to_owned())),
        Op::Impersonate => client
            .impersonate("k", "u", "t")
            .map(|t| Got::Value(t.expose().to_owned())),
        Op::CreateContact => client
            .create_contact("a@b.c", "A", "B")
            .map(|v| Got::Value(v.into_string())),
        Op::CreateCall => client.create_call("X").map(|v| Got::Value(v.into_string())),
        Op::SetContact => client.set_contact(&id, &ContactId::new("1000")).map(|_| Got::Unit),
        Op::GetAgentUrl => client.get_agent_url(&id, Some("https://x/")).map(Got::Value),
        Op::GetPublicCallId => client.get_public_call_id(&id).map(|v| Got::Value(v.into_string())),
        Op::SetValues => client.set_values(&public, [("a", "b")]).map(|_| Got::Unit),
        Op::AddDocumentFromUrl => client
            .add_document_from_url("http://127.0.0.1:9/x", "x.pdf", "e")
            .map(|v| Got::Value(v.into_string())),
        Op::SetDocumentToUploadAction => client
            .set_document_to_upload_action(&id, "e", &DocumentId::new("1002"))
            .map(|_| Got::Unit),
        Op::GetAttachments => client.get_attachments(&id).map(|v| Got::Attachments(v.len())),
        Op::GetCallValues => client.get_call_values(&id).map(Got::Values),
        Op::SetValue => client.set_value(&public, "a", "b").map(|_| Got::Unit),
        Op::SetComment => client.set_comment(&id, "c").map(|_| Got::Unit),
        Op::GetCall => client.get_call(&id).map(|r| Got::Record(Box::new(r))),
        Op::GetCallByPublicId => client.get_call_by_public_id(&public).map(|r| Got::Record(Box::new(r))),
        Op::EndCall => client.end_call(&id, None).map(Got::Text),
        Op::SendMail => client.send_mail(&id, "a@b.c", "T", "").map(Got::Bool),
        _ => return None, // no typed method: see the call by name below
    };
    Some(r.unwrap_or_else(Got::Err))
}

/// The service message a client must surface from a fault text: the first line, a .NET type
/// prefix stripped, HTML entities decoded.
fn expected_message(body: &str) -> String {
    let first = body.lines().next().unwrap_or("");
    let stripped = match first.split_once(": ") {
        Some((t, rest)) if t.starts_with("System.") && !t.contains(' ') => rest,
        _ => first,
    };
    stripped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[test]
fn every_captured_answer_is_understood() {
    let captured = load();
    assert!(captured.len() >= 60, "only {} fixtures found", captured.len());
    let sb = Sandbox::start().unwrap();
    // A supplied token and no credentials: token rejections surface as Auth errors.
    let client = Client::builder()
        .base_url(sb.url())
        .token(Token::new("fake-token"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let mut checked = 0;
    let mut typed_seen = std::collections::HashSet::new();
    for c in &captured {
        sb.clear_faults();
        sb.inject(
            Fault::new(FaultKind::Status {
                status: c.status,
                content_type: c.content_type.clone(),
                body: c.body.clone(),
            })
            .operation(c.operation.as_str()),
        );
        let Some(got) = call(&client, &c.operation) else {
            continue;
        };
        checked += 1;
        typed_seen.insert((c.operation.clone(), c.status));
        let ctx = format!("{} ({} {})", c.file, c.operation, c.status);
        match (c.status, &got) {
            (200, Got::Value(v)) => {
                assert!(!v.is_empty(), "{ctx}");
                assert!(c.body.contains(&v.replace('&', "&amp;")), "{ctx}: {v}");
            }
            (200, Got::Attachments(n)) => assert_eq!(*n, c.body.matches("<AttachmentDTO>").count(), "{ctx}"),
            (200, Got::Unit) => assert!(c.body.is_empty(), "{ctx}"),
            (200, Got::Text(v)) => {
                let empty_root = c.body.contains("<string xmlns=\"http://www.idiligo.com/\" />");
                assert!(
                    if v.is_empty() {
                        empty_root
                    } else {
                        c.body.contains(&v.replace('&', "&amp;"))
                    },
                    "{ctx}: {v:?}"
                );
            }
            (200, Got::Bool(b)) => assert!(c.body.contains(if *b { ">true<" } else { ">false<" }), "{ctx}"),
            (200, Got::Values(v)) => {
                assert_eq!(v.len(), c.body.matches("<NameValue>").count(), "{ctx}");
                for nv in v {
                    let name = nv.name.as_deref().unwrap();
                    assert!(
                        unescape(&c.body).contains(&format!("<Name>{name}</Name>")),
                        "{ctx}: {name}"
                    );
                }
            }
            (200, Got::Record(r)) => {
                let id = r.call_id.as_ref().unwrap_or_else(|| panic!("{ctx}: no callId"));
                assert!(c.body.contains(&format!("<callId>{id}</callId>")), "{ctx}");
                assert_eq!(r.comment.is_some(), c.body.contains("<comment"), "{ctx}");
                assert!(r.extra.is_empty(), "{ctx}: {:?}", r.extra);
            }
            (500, Got::Err(e)) => {
                let msg = e.service_message().unwrap_or_else(|| panic!("{ctx}: {e}"));
                assert!(!msg.is_empty() && !msg.starts_with("System."), "{ctx}: {msg:?}");
                assert!(
                    !msg.contains("&#39;") && !msg.contains("&lt;"),
                    "{ctx}: not decoded: {msg:?}"
                );
                assert_eq!(msg, expected_message(&c.body), "{ctx}");
                let token_rejected = msg == "Invalid token." || msg == "Token expired.";
                let login = c.operation == "Login" || c.operation == "Impersonate";
                let expected = if token_rejected || login {
                    ErrorKind::Auth
                } else {
                    ErrorKind::Service
                };
                assert_eq!(e.kind(), expected, "{ctx}: {e}");
                if let Error::Service { detail, .. } = e {
                    assert_eq!(detail.trim_end(), c.body.trim_end(), "{ctx}: the full text is kept");
                }
            }
            _ => panic!("{ctx}: unexpected {got:?}"),
        }
    }
    assert!(checked >= 60, "checked only {checked}");
    // Every typed method met a captured success and a captured fault.
    let missing: Vec<String> = idiligo::ops::operations()
        .iter()
        .filter(|o| o.typed.is_some())
        .flat_map(|o| [(o.name.to_owned(), 200), (o.name.to_owned(), 500)])
        .filter(|k| !typed_seen.contains(k))
        .map(|(n, s)| format!("{n} {s}"))
        .collect();
    assert!(
        missing.is_empty(),
        "typed operations without a golden answer: {missing:?}"
    );
}

/// A value of the parameter's type that the binder would accept (the answer is injected, so
/// only the shape matters).
fn sample(xsd: Xsd) -> &'static str {
    match xsd {
        Xsd::Long | Xsd::Int => "1001",
        Xsd::Boolean => "true",
        Xsd::Float | Xsd::Decimal => "1.5",
        Xsd::Base64Binary => "37",
        _ => "x",
    }
}

/// Every captured answer of every operation, also those without a typed method, through the
/// call by name: the XML document exactly as sent, `None` for void, the fault's message.
#[test]
fn every_captured_answer_is_understood_by_the_call_by_name() {
    let sb = Sandbox::start().unwrap();
    let client = Client::builder()
        .base_url(sb.url())
        .token(Token::new("fake-token"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let mut checked = 0;
    let mut operations = std::collections::BTreeSet::new();
    for c in &load() {
        sb.clear_faults();
        let ctx = format!("{} ({} {})", c.file, c.operation, c.status);
        let Some(op) = Op::from_name(&c.operation) else {
            continue; // unknown and wrong-case names: the service's own errors, see the typed test
        };
        let spec = op.spec();
        let params: Vec<(&str, &str)> = spec
            .params
            .iter()
            .filter(|p| !(spec.takes_token() && p.name == "token"))
            .map(|p| (p.name, sample(p.xsd)))
            .collect();
        sb.inject(
            Fault::new(FaultKind::Status {
                status: c.status,
                content_type: c.content_type.clone(),
                body: c.body.clone(),
            })
            .operation(c.operation.as_str()),
        );
        let got = client.call(spec.name, &params, &CallOptions::new());
        if !spec.bindings.post {
            let e = got.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{ctx}: {e}");
            continue;
        }
        checked += 1;
        operations.insert(spec.name);
        match (c.status, got) {
            (200, Ok(None)) => assert!(c.body.is_empty(), "{ctx}"),
            (200, Ok(Some(text))) => assert_eq!(text, c.body, "{ctx}"),
            (500, Err(e)) => {
                assert!(matches!(e.kind(), ErrorKind::Service | ErrorKind::Auth), "{ctx}: {e}");
                assert_eq!(e.service_message(), Some(expected_message(&c.body).as_str()), "{ctx}");
                assert_eq!(e.operation(), spec.name);
            }
            (_, got) => panic!("{ctx}: unexpected {got:?}"),
        }
    }
    assert!(checked >= 200, "checked only {checked}");
    assert!(
        operations.len() >= 45,
        "only {} operations have fixtures: {operations:?}",
        operations.len()
    );
}
