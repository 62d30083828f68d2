//! Golden responses: every answer the real ASMX runtime (the Mono replica) gave for the
//! captured requests in `tests/fixtures/asmx/` is replayed, byte for byte, to the client, which
//! must turn it into the right value or error.

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
    Attachments(usize),
    Unit,
    Err(Error),
}

fn call(client: &Client, op: &str) -> Option<Got> {
    let id = CallId::new("1001");
    let r = match op {
        "Login" => client
            .login_password("k", "u", "p")
            .map(|t| Got::Value(t.expose().to_owned())),
        "Impersonate" => client
            .impersonate("k", "u", "t")
            .map(|t| Got::Value(t.expose().to_owned())),
        "CreateContact" => client
            .create_contact("a@b.c", "A", "B")
            .map(|v| Got::Value(v.into_string())),
        "CreateCall" => client.create_call("X").map(|v| Got::Value(v.into_string())),
        "SetContact" => client.set_contact(&id, &ContactId::new("1000")).map(|_| Got::Unit),
        "GetAgentUrl" => client.get_agent_url(&id, Some("https://x/")).map(Got::Value),
        "GetPublicCallId" => client.get_public_call_id(&id).map(|v| Got::Value(v.into_string())),
        "SetValues" => client.set_values(&PublicId::new("p"), [("a", "b")]).map(|_| Got::Unit),
        "AddDocumentFromUrl" => client
            .add_document_from_url("http://127.0.0.1:9/x", "x.pdf", "e")
            .map(|v| Got::Value(v.into_string())),
        "SetDocumentToUploadAction" => client
            .set_document_to_upload_action(&id, "e", &DocumentId::new("1002"))
            .map(|_| Got::Unit),
        "GetAttachments" => client.get_attachments(&id).map(|v| Got::Attachments(v.len())),
        _ => return None, // unknown / wrong-case operation names: not callable through the client
    };
    Some(r.unwrap_or_else(Got::Err))
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
        let ctx = format!("{} ({} {})", c.file, c.operation, c.status);
        match (c.status, &got) {
            (200, Got::Value(v)) => {
                assert!(!v.is_empty(), "{ctx}");
                assert!(c.body.contains(&v.replace('&', "&amp;")), "{ctx}: {v}");
            }
            (200, Got::Attachments(n)) => assert_eq!(*n, c.body.matches("<AttachmentDTO>").count(), "{ctx}"),
            (200, Got::Unit) => assert!(c.body.is_empty(), "{ctx}"),
            (500, Got::Err(e)) => {
                let first = c.body.lines().next().unwrap_or("");
                let msg = e.service_message().unwrap_or_else(|| panic!("{ctx}: {e}"));
                assert!(!msg.is_empty() && !msg.starts_with("System."), "{ctx}: {msg:?}");
                assert!(
                    !msg.contains("&#39;") && !msg.contains("&lt;"),
                    "{ctx}: not decoded: {msg:?}"
                );
                let stripped = match first.split_once(": ") {
                    Some((t, rest)) if t.starts_with("System.") && !t.contains(' ') => rest,
                    _ => first,
                };
                let expected_msg = stripped
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&");
                assert_eq!(msg, expected_msg.trim(), "{ctx}");
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
}
