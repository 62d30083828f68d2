//! Golden responses: every answer the real ASMX runtime (the Mono replica) gave for the
//! captured requests in `tests/fixtures/asmx/` is replayed, byte for byte, to the client, which
//! must turn it into the right value or error: the HTTP GET/POST answers to a POST client, the
//! SOAP answers (`soap-*.http`) to a SOAP client.

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

/// The operation a captured SOAP request addressed: its SOAPAction when that names an
/// operation, else the body's first element.
fn soap_operation(request_body: &str, extra_headers: &str) -> String {
    if let Some(a) = extra_headers.strip_prefix("SOAPAction: ") {
        let a = a.trim().trim_matches('"');
        if let Some(op) = a.strip_prefix("http://www.idiligo.com/").and_then(Op::from_name) {
            return op.name().to_owned();
        }
    }
    let after = request_body.split("<soap:Body><").nth(1).unwrap_or("");
    after.split([' ', '>', '/']).next().unwrap_or("").to_owned()
}

fn load() -> Vec<Captured> {
    load_fixtures(false)
}

fn load_soap() -> Vec<Captured> {
    load_fixtures(true)
}

fn load_fixtures(soap: bool) -> Vec<Captured> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/asmx");
    let manifest = std::fs::read_to_string(format!("{dir}/MANIFEST.tsv")).expect("fixtures manifest");
    let mut out = Vec::new();
    for line in manifest.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, target) = (cols[0], cols[3]);
        let op = if soap {
            if target != "/InsideService20.asmx" || !file.starts_with("soap-") {
                continue;
            }
            soap_operation(cols[5], cols.get(7).copied().unwrap_or(""))
        } else {
            let Some(op) = target.strip_prefix("/InsideService20.asmx/") else {
                continue; // downloads, the WSDL and SOAP
            };
            if file.starts_with("quirk-") {
                continue;
            }
            op.split('?').next().unwrap().to_owned()
        };
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
    Progress(DocumentProgress),
    Unit,
    Err(Error),
}

/// Typed methods that always go over SOAP (uploads) or only work there (SetCallValues): their
/// golden answers are the SOAP fixtures, replayed by `every_captured_soap_answer_is_understood`.
const SOAP_TYPED: [Op; 3] = [Op::AddDocumentFromBytes, Op::AddDocumentFromBytesEx, Op::SetCallValues];

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
        Op::AddDocumentToCall => client
            .add_document_to_call(&id, &DocumentId::new("1002"), "N")
            .map(|v| Got::Value(v.into_string())),
        Op::GetDocumentStatus => client
            .get_document_status(&DocumentId::new("1002"))
            .map(|s| Got::Value(s.as_str().to_owned())),
        Op::GetDocumentProgress => client
            .get_document_progress(&DocumentId::new("1002"))
            .map(Got::Progress),
        Op::DeleteDocument => client.delete_document(&DocumentId::new("1002")).map(Got::Bool),
        Op::AddDocumentFromBytes => client
            .add_document_from_bytes("a.pdf", b"%PDF-1.4", UploadOptions::new())
            .map(|v| Got::Value(v.into_string())),
        Op::AddDocumentFromBytesEx => client
            .add_document_from_bytes("a.pdf", b"%PDF-1.4", UploadOptions::new().external_id("e"))
            .map(|v| Got::Value(v.into_string())),
        Op::SetCallValues => client.set_call_values(&id, [("a", "b")]).map(Got::Bool),
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
    for c in captured
        .iter()
        .filter(|c| !Op::from_name(&c.operation).is_some_and(|op| SOAP_TYPED.contains(&op)))
    {
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
            (200, Got::Progress(p)) => {
                assert!(
                    c.body.contains(&format!("<Status>{}</Status>", p.status)),
                    "{ctx}: {p:?}"
                );
                assert!(
                    c.body.contains(&format!("<Percentage>{}</Percentage>", p.percentage)),
                    "{ctx}: {p:?}"
                );
            }
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
        .filter(|o| o.typed.is_some() && !SOAP_TYPED.contains(&o.op))
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

/// The text of the `faultstring` of a captured SOAP fault, XML entities decoded.
fn faultstring(body: &str) -> String {
    let start = body.find("<faultstring>").map(|i| i + "<faultstring>".len()).unwrap();
    let end = body.find("</faultstring>").unwrap();
    body[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The service message a client must surface from a SOAP fault: the first line, split into its
/// exception chain at ` ---> `, each part's .NET type prefix stripped, ASP.NET's
/// `Server was unable to process request.` wrapper of a method's exception dropped.
fn expected_soap_message(body: &str) -> String {
    let text = faultstring(body);
    let first = text.lines().next().unwrap_or("");
    let parts: Vec<&str> = first
        .split(" ---> ")
        .map(|p| match p.split_once(": ") {
            Some((t, rest)) if t.starts_with("System.") && !t.contains(' ') => rest,
            _ => p,
        })
        .collect();
    let parts = match parts.as_slice() {
        ["Server was unable to process request.", rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    parts.join(" ---> ").trim().to_owned()
}

/// Every captured SOAP answer (`soap-*.http`, both customErrors modes), replayed to a SOAP
/// client: through the typed method when the operation has one, and through the call by name.
/// Successes give the value the envelope holds, faults a service (or, for a rejected token,
/// authentication) error with the message read from the `faultstring`, in both forms, and the
/// whole `faultstring` as the detail; the 400s with an empty body are HTTP errors.
#[test]
fn every_captured_soap_answer_is_understood() {
    let captured = load_soap();
    assert!(captured.len() >= 45, "only {} SOAP fixtures found", captured.len());
    let sb = Sandbox::start().unwrap();
    let client = Client::builder()
        .base_url(sb.url())
        .binding(Binding::Soap)
        .token(Token::new("fake-token"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let inject = |c: &Captured| {
        sb.clear_faults();
        sb.inject(
            Fault::new(FaultKind::Status {
                status: c.status,
                content_type: c.content_type.clone(),
                body: c.body.clone(),
            })
            .operation(c.operation.as_str()),
        );
    };
    let (mut typed_checked, mut by_name_checked) = (0, 0);
    let mut typed_seen = std::collections::HashSet::new();
    let mut modes = std::collections::HashSet::new();
    for c in &captured {
        let ctx = format!("{} ({} {})", c.file, c.operation, c.status);
        let op = Op::from_name(&c.operation).unwrap_or_else(|| panic!("{ctx}: no operation"));
        modes.insert(c.file.ends_with("-off.http"));
        // The typed method.
        inject(c);
        if let Some(got) = call(&client, op.name()) {
            typed_checked += 1;
            typed_seen.insert((op, c.status));
            let result = |tag: &str| {
                let open = format!("<{}Result>", op.name());
                let close = format!("</{}Result>", op.name());
                let _ = tag;
                c.body
                    .split_once(&open)
                    .and_then(|(_, rest)| rest.split_once(&close))
                    .map(|(v, _)| v.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
            };
            match (c.status, &got) {
                (200, Got::Value(v)) => assert_eq!(result("").as_deref(), Some(v.as_str()), "{ctx}"),
                (200, Got::Text(v)) => {
                    let empty = c.body.contains(&format!("<{}Result />", op.name()));
                    let absent = !c.body.contains(&format!("<{}Result", op.name()));
                    assert!(
                        if v.is_empty() {
                            empty || absent
                        } else {
                            result("").as_deref() == Some(v.as_str())
                        },
                        "{ctx}: {v:?}"
                    );
                }
                (200, Got::Bool(b)) => assert_eq!(result(""), Some(b.to_string()), "{ctx}"),
                (200, Got::Unit) => assert!(
                    c.body
                        .contains(&format!("<{}Response xmlns=\"http://www.idiligo.com/\" />", op.name())),
                    "{ctx}"
                ),
                (200, Got::Attachments(n)) => assert_eq!(*n, c.body.matches("<AttachmentDTO>").count(), "{ctx}"),
                (200, Got::Values(v)) => {
                    assert_eq!(v.len(), c.body.matches("<NameValue>").count(), "{ctx}");
                    for nv in v {
                        let name = nv.name.as_deref().unwrap();
                        let value = nv.value.as_deref().unwrap_or("");
                        let shown = format!("<Name>{name}</Name>")
                            + &if value.is_empty() {
                                "<Value />".to_owned()
                            } else {
                                format!("<Value>{value}</Value>")
                            };
                        assert!(unescape(&c.body).contains(&shown), "{ctx}: {shown}");
                    }
                }
                (200, Got::Record(r)) => {
                    let id = r.call_id.as_ref().unwrap_or_else(|| panic!("{ctx}: no callId"));
                    assert!(c.body.contains(&format!("<callId>{id}</callId>")), "{ctx}");
                    assert_eq!(r.comment.is_some(), c.body.contains("<comment"), "{ctx}");
                    assert_eq!(
                        r.comment
                            .as_deref()
                            .filter(|c| !c.is_empty())
                            .map(|c| format!("<comment>{c}</comment>"))
                            .is_some_and(|t| c.body.contains(&t)),
                        r.comment.as_deref().is_some_and(|c| !c.is_empty()),
                        "{ctx}"
                    );
                    assert!(r.extra.is_empty(), "{ctx}: {:?}", r.extra);
                }
                (200, Got::Progress(p)) => {
                    assert!(
                        c.body.contains(&format!("<Status>{}</Status>", p.status)),
                        "{ctx}: {p:?}"
                    );
                }
                (500, Got::Err(e)) => {
                    let msg = e.service_message().unwrap_or_else(|| panic!("{ctx}: {e}"));
                    assert_eq!(msg, expected_soap_message(&c.body), "{ctx}");
                    assert!(!msg.starts_with("System.") && !msg.contains("&gt;"), "{ctx}: {msg:?}");
                    let token_rejected = msg == "Invalid token." || msg == "Token expired.";
                    let login = matches!(op, Op::Login | Op::Impersonate);
                    let expected = if token_rejected || login {
                        ErrorKind::Auth
                    } else {
                        ErrorKind::Service
                    };
                    assert_eq!(e.kind(), expected, "{ctx}: {e}");
                    assert_eq!(e.http_status(), Some(500), "{ctx}");
                    if let Error::Service { detail, .. } = e {
                        assert_eq!(detail, &faultstring(&c.body), "{ctx}: the whole faultstring is kept");
                    }
                }
                (400, Got::Err(e)) => {
                    assert_eq!(e.kind(), ErrorKind::Http, "{ctx}: {e}");
                    assert_eq!(e.http_status(), Some(400), "{ctx}");
                }
                _ => panic!("{ctx}: unexpected {got:?}"),
            }
        }
        // The call by name: the envelope as sent, None for an empty response element.
        inject(c);
        let spec = op.spec();
        let params: Vec<(&str, &str)> = spec
            .params
            .iter()
            .filter(|p| !(spec.takes_token() && p.name == "token"))
            .map(|p| match p.xsd {
                Xsd::Type("ArrayOfNameValue") => (p.name, "a=b"),
                x => (p.name, sample(x)),
            })
            .collect();
        let got = client.call(spec.name, &params, &CallOptions::new());
        by_name_checked += 1;
        match (c.status, got) {
            (200, Ok(Some(text))) => assert_eq!(text, c.body, "{ctx}"),
            (200, Ok(None)) => assert!(
                c.body
                    .contains(&format!("<{}Response xmlns=\"http://www.idiligo.com/\" />", op.name())),
                "{ctx}"
            ),
            (500, Err(e)) => {
                assert_eq!(
                    e.service_message(),
                    Some(expected_soap_message(&c.body).as_str()),
                    "{ctx}"
                );
                assert_eq!(e.operation(), spec.name);
            }
            (400, Err(e)) => assert_eq!(e.http_status(), Some(400), "{ctx}"),
            (_, got) => panic!("{ctx}: unexpected {got:?}"),
        }
    }
    assert!(typed_checked >= 30, "checked only {typed_checked}");
    assert!(by_name_checked >= 45, "checked only {by_name_checked}");
    assert_eq!(modes.len(), 2, "both customErrors modes");
    // The SOAP-bound typed methods (AddDocumentFromBytesEx is reached through the same method).
    for op in [Op::AddDocumentFromBytes, Op::SetCallValues] {
        for status in [200, 500] {
            assert!(
                typed_seen.contains(&(op, status)),
                "{op}: no SOAP golden answer with {status}"
            );
        }
    }
}
