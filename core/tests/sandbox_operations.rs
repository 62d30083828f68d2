//! The sandbox as a server: every operation of the table over HTTP GET and POST with raw
//! requests, and the behaviour contract of the operations beyond the guide's eleven
//! (`tests/asmx/README.md`). No client methods: what is tested is what goes over the wire.

use std::time::Duration;

use idiligo::ops::{self, Answer, Op, Operation, Xsd};
use idiligo::sandbox::{ConversionStatus, DocumentBinding, Sandbox};
use idiligo::{CallId, DocumentId};

const NS: &str = "http://www.idiligo.com/";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Get,
    Post,
}

const BOTH: [Via; 2] = [Via::Get, Via::Post];

#[derive(Debug)]
struct Raw {
    status: u16,
    content_type: Option<String>,
    body: String,
}

impl Raw {
    /// The text of a scalar root (`<long xmlns="…">5</long>` → `5`), checking the root.
    fn scalar(&self, root: &str) -> String {
        assert_eq!(self.status, 200, "{}", self.body);
        let doc = roxmltree::Document::parse(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body));
        let r = doc.root_element();
        assert_eq!(r.tag_name().name(), root, "{}", self.body);
        assert_eq!(r.tag_name().namespace(), Some(NS));
        r.text().unwrap_or("").to_owned()
    }

    /// A 500 fault's first line.
    fn fault(&self) -> String {
        assert_eq!(self.status, 500, "{}", self.body);
        assert_eq!(self.content_type.as_deref(), Some("text/plain; charset=utf-8"));
        self.body.lines().next().unwrap_or("").to_owned()
    }

    /// The children of the root with their text, per item: `[[("Name","a"),("Value","1")]]`.
    fn items(&self) -> Vec<Vec<(String, String)>> {
        assert_eq!(self.status, 200, "{}", self.body);
        let doc = roxmltree::Document::parse(&self.body).unwrap();
        doc.root_element()
            .children()
            .filter(|n| n.is_element())
            .map(|item| {
                item.children()
                    .filter(|n| n.is_element())
                    .map(|m| (m.tag_name().name().to_owned(), m.text().unwrap_or("").to_owned()))
                    .collect()
            })
            .collect()
    }

    /// The members of a complex root: `[("callId","1001"), …]`.
    fn members(&self) -> Vec<(String, String)> {
        assert_eq!(self.status, 200, "{}", self.body);
        let doc = roxmltree::Document::parse(&self.body).unwrap();
        doc.root_element()
            .children()
            .filter(|n| n.is_element())
            .map(|m| (m.tag_name().name().to_owned(), m.text().unwrap_or("").to_owned()))
            .collect()
    }

    fn member(&self, name: &str) -> Option<String> {
        self.members().into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

struct Server {
    sb: Sandbox,
    agent: ureq::Agent,
    token: String,
}

impl Server {
    fn new(sb: Sandbox) -> Server {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build()
            .into();
        let mut s = Server {
            sb,
            agent,
            token: String::new(),
        };
        let c = s.sb.sandbox_credentials().clone();
        s.token = s
            .send(
                Via::Post,
                Op::Login.name(),
                &[
                    ("apikey", c.apikey.as_str()),
                    ("username", &c.username),
                    ("password", &c.password),
                ],
            )
            .scalar("string");
        s
    }

    fn start() -> Server {
        Server::new(Sandbox::start().unwrap())
    }

    /// One raw request to `/InsideService20.asmx/{name}`.
    fn send(&self, via: Via, name: &str, pairs: &[(&str, &str)]) -> Raw {
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            form.append_pair(k, v);
        }
        let form = form.finish();
        let url = format!("{}/InsideService20.asmx/{name}", self.sb.url());
        let resp = match via {
            Via::Get => self.agent.get(&format!("{url}?{form}")).call(),
            Via::Post => self
                .agent
                .post(&url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send(form.as_bytes()),
        };
        let mut resp = resp.unwrap_or_else(|e| panic!("{name}: {e}"));
        Raw {
            status: resp.status().as_u16(),
            content_type: resp
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body: resp.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    /// An operation with the session token first.
    fn op(&self, via: Via, op: Op, rest: &[(&str, &str)]) -> Raw {
        let mut pairs = vec![("token", self.token.as_str())];
        pairs.extend_from_slice(rest);
        self.send(via, op.name(), &pairs)
    }

    fn new_call(&self) -> String {
        self.op(Via::Post, Op::CreateCall, &[("trajectCode", "X")])
            .scalar("long")
    }

    fn public_id(&self, call: &str) -> String {
        self.op(Via::Get, Op::GetPublicCallId, &[("callId", call)])
            .scalar("string")
    }

    fn new_contact(&self, email: &str) -> String {
        self.op(
            Via::Post,
            Op::CreateContact,
            &[("email", email), ("firstName", "A"), ("lastName", "B")],
        )
        .scalar("long")
    }

    /// AddDocumentFromBytes over POST: one form value per byte.
    fn upload(&self, filename: &str, bytes: &[u8]) -> String {
        let values: Vec<String> = bytes.iter().map(|b| b.to_string()).collect();
        let mut pairs = vec![("token", self.token.as_str())];
        pairs.extend(values.iter().map(|v| ("file", v.as_str())));
        pairs.push(("filename", filename));
        self.send(Via::Post, Op::AddDocumentFromBytes.name(), &pairs)
            .scalar("long")
    }

    fn download_status(&self, doc: &str) -> (u16, Vec<u8>) {
        let mut r = self
            .agent
            .get(&format!("{}/Download.ashx?id={doc}", self.sb.url()))
            .call()
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_vec().unwrap())
    }
}

/// Valid arguments for every parameter of `op`, from its name and XSD type.
fn valid_args(s: &Server, op: &Operation, call: &str, public: &str, contact: &str) -> Vec<(String, String)> {
    let c = s.sb.sandbox_credentials();
    let mut out = Vec::new();
    for p in op.params {
        let value = match (p.name, p.xsd) {
            ("token", _) => s.token.clone(),
            ("apikey", _) => c.apikey.clone(),
            ("username", _) if !op.takes_token() => c.username.clone(),
            ("password", _) if !op.takes_token() => c.password.clone(),
            ("ticket", _) => c.ticket.clone(),
            ("callId", _) => call.to_owned(),
            ("publicId", _) => public.to_owned(),
            ("contactId", _) => contact.to_owned(),
            // A fresh document each time: DeleteDocument removes it.
            ("documentId", _) => s.upload("doc.pdf", b"%PDF"),
            ("email" | "to" | "mail", _) => "someone@example.test".into(),
            ("url", _) if op.op == Op::AddDocumentFromUrl => s.sb.host_file("hosted.pdf", b"%PDF hosted".to_vec()),
            ("file", Xsd::Base64Binary) => {
                out.push(("file".to_owned(), "37".to_owned()));
                "80".into()
            }
            (_, Xsd::Long | Xsd::Int) => "1".into(),
            (_, Xsd::Boolean) => "true".into(),
            (_, Xsd::Float | Xsd::Decimal) => "0.5".into(),
            (_, Xsd::Type(_)) => "a".into(),
            _ => "x".into(),
        };
        out.push((p.name.to_owned(), value));
    }
    out
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Every operation of the table, over GET and POST, with valid arguments: the answer has the
/// table's shape (void: 200, no content type, empty body; a value: 200 text/xml with the root
/// named after the answer type in the service's namespace); an operation not offered on
/// GET/POST is an unknown method there. Each request is counted under its operation.
#[test]
fn every_operation_of_the_table_answers_over_get_and_post() {
    let s = Server::start();
    let call = s.new_call();
    let public = s.public_id(&call);
    let contact = s.new_contact("p@example.test");
    let before: Vec<u64> = Op::ALL.iter().map(|op| s.sb.requests(*op)).collect();
    for op in ops::operations() {
        for via in BOTH {
            let args = valid_args(&s, op, &call, &public, &contact);
            let r = s.send(via, op.name, &pairs(&args));
            let ctx = format!("{} {via:?}: {}", op.name, r.body);
            let offered = match via {
                Via::Get => op.bindings.get,
                Via::Post => op.bindings.post,
            };
            if !offered {
                assert_eq!(
                    r.fault(),
                    format!("{} Web Service method name is not valid.", op.name),
                    "{ctx}"
                );
                continue;
            }
            assert_eq!(r.status, 200, "{ctx}");
            match op.answer {
                Answer::Void => {
                    assert_eq!(r.content_type, None, "{ctx}");
                    assert_eq!(r.body, "", "{ctx}");
                }
                Answer::Value(xsd) => {
                    assert_eq!(r.content_type.as_deref(), Some("text/xml; charset=utf-8"), "{ctx}");
                    assert!(
                        r.body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"),
                        "{ctx}"
                    );
                    assert!(!r.body.ends_with('\n'), "{ctx}");
                    let doc = roxmltree::Document::parse(&r.body).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                    let root = doc.root_element();
                    assert_eq!(root.tag_name().name(), xsd.name(), "{ctx}");
                    assert_eq!(root.tag_name().namespace(), Some(NS), "{ctx}");
                    if let Some(t) = xsd.complex().filter(|t| !t.is_array()) {
                        // Members in the table's order; value types always present.
                        let names: Vec<&str> = root
                            .children()
                            .filter(|n| n.is_element())
                            .map(|n| n.tag_name().name())
                            .collect();
                        let order: Vec<&str> = t
                            .members
                            .iter()
                            .filter(|m| !m.attribute)
                            .map(|m| m.name)
                            .filter(|m| names.contains(m))
                            .collect();
                        assert_eq!(names, order, "{ctx}");
                        for m in t.members.iter().filter(|m| {
                            !m.attribute
                                && matches!(m.xsd, Xsd::Long | Xsd::Int | Xsd::Boolean | Xsd::Float | Xsd::Decimal)
                        }) {
                            assert!(names.contains(&m.name), "{ctx}: {} missing", m.name);
                        }
                    }
                }
            }
        }
    }
    // The argument builder uploaded a fresh document for every request with a documentId.
    let uploads = ops::operations()
        .iter()
        .filter(|o| o.param("documentId").is_some())
        .map(|o| u64::from(o.bindings.get) + u64::from(o.bindings.post))
        .sum::<u64>();
    for (i, op) in Op::ALL.iter().enumerate() {
        let extra = if *op == Op::AddDocumentFromBytes { uploads } else { 0 };
        assert_eq!(s.sb.requests(*op) - before[i], 2 + extra, "{op}");
        assert_eq!(s.sb.request_count(op.name()), s.sb.requests(*op), "{op}");
    }
}

/// Every operation taking a token refuses an unknown one, after the binder and before any
/// other check.
#[test]
fn every_token_operation_checks_the_token() {
    let s = Server::start();
    for op in ops::operations().iter().filter(|o| o.takes_token() && o.bindings.get) {
        let mut args = valid_args(&s, op, "99999999", "nope", "99999999");
        args[0].1 = "not-a-token".into();
        for via in BOTH {
            assert_eq!(
                s.send(via, op.name, &pairs(&args)).fault(),
                "Invalid token.",
                "{}",
                op.name
            );
        }
    }
}

/// In parameter order, every callId, publicId, documentId and contactId must exist; the
/// document-status operations and DeleteDocument answer for an unknown document instead.
#[test]
fn unknown_ids_are_refused_in_parameter_order() {
    let s = Server::start();
    let call = s.new_call();
    let public = s.public_id(&call);
    let contact = s.new_contact("p@example.test");
    let lenient = [Op::GetDocumentStatus, Op::GetDocumentProgress, Op::DeleteDocument];
    let mut checked = 0;
    for op in ops::operations().iter().filter(|o| o.bindings.get) {
        for p in op.params {
            let unknown = match p.name {
                "callId" | "documentId" | "contactId" => "99999999",
                "publicId" => "nope",
                _ => continue,
            };
            let mut args = valid_args(&s, op, &call, &public, &contact);
            if let Some(slot) = args.iter_mut().find(|(k, _)| k == p.name) {
                slot.1 = unknown.into();
            }
            for via in BOTH {
                let r = s.send(via, op.name, &pairs(&args));
                if p.name == "documentId" && lenient.contains(&op.op) {
                    assert_eq!(r.status, 200, "{}: {}", op.name, r.body);
                } else {
                    assert_eq!(r.fault(), format!("Unknown {}.", p.name), "{} {via:?}", op.name);
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked}");
    // Two unknown ids: the first in parameter order is reported.
    let r = s.op(
        Via::Get,
        Op::AddDocumentToCall,
        &[("callId", "99999999"), ("documentId", "99999999"), ("nodeCode", "")],
    );
    assert_eq!(r.fault(), "Unknown callId.");
}

#[test]
fn call_values_keep_first_write_order_across_setvalues_setvalue() {
    let s = Server::start();
    let call = s.new_call();
    let public = s.public_id(&call);
    for via in BOTH {
        let r = s.op(via, Op::GetCallValues, &[("callId", &call)]);
        assert!(r.body.ends_with("<ArrayOfNameValue xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://www.idiligo.com/\" />"), "{}", r.body);
    }
    let r = s.op(
        Via::Post,
        Op::SetValues,
        &[
            ("publicId", &public),
            ("names", "a"),
            ("names", "b"),
            ("values", "1"),
            ("values", "2"),
        ],
    );
    assert_eq!(r.status, 200);
    for (via, name, value) in [(Via::Get, "a", "1 < 2 & 3"), (Via::Post, "A", "")] {
        let r = s.op(
            via,
            Op::SetValue,
            &[("publicId", &public), ("name", name), ("value", value)],
        );
        assert_eq!((r.status, r.content_type, r.body), (200, None, String::new()));
    }
    s.op(
        Via::Get,
        Op::SetValues,
        &[("publicId", &public), ("names", "c"), ("values", "3")],
    );
    let want = vec![
        vec![
            ("Name".to_owned(), "a".to_owned()),
            ("Value".to_owned(), "1 < 2 & 3".to_owned()),
        ],
        vec![
            ("Name".to_owned(), "b".to_owned()),
            ("Value".to_owned(), "2".to_owned()),
        ],
        vec![("Name".to_owned(), "A".to_owned()), ("Value".to_owned(), String::new())],
        vec![
            ("Name".to_owned(), "c".to_owned()),
            ("Value".to_owned(), "3".to_owned()),
        ],
    ];
    for via in BOTH {
        let r = s.op(via, Op::GetCallValues, &[("callId", &call)]);
        assert_eq!(r.items(), want);
        assert!(r.body.contains("<Value />"), "{}", r.body);
        assert!(r.body.contains("<Value>1 &lt; 2 &amp; 3</Value>"), "{}", r.body);
    }
    let snap = s.sb.call(&CallId::new(call.clone())).unwrap();
    assert_eq!(snap.values.len(), 4);
    assert_eq!(snap.values[0], ("a".into(), "1 < 2 & 3".into()));
}

#[test]
fn get_call_reports_comment_contact_and_defaults() {
    let s = Server::start();
    let call = s.new_call();
    let public = s.public_id(&call);
    let user = s.sb.sandbox_credentials().username.clone();
    for op in [Op::GetCall, Op::GetCallDataById] {
        let r = s.op(Via::Get, op, &[("callId", &call)]);
        assert_eq!(r.member("callId").as_deref(), Some(call.as_str()));
        assert_eq!(r.member("publicId").as_deref(), Some(public.as_str()));
        assert_eq!(r.member("username").as_deref(), Some(user.as_str()));
        assert_eq!(r.member("accountNumber").as_deref(), Some("1"));
        assert_eq!(r.member("serverId").as_deref(), Some("1"));
        assert_eq!(r.member("isAgent").as_deref(), Some("true"));
        assert_eq!(r.member("language").as_deref(), Some("en"));
        assert_eq!(r.member("comment"), None, "never set: omitted");
        assert_eq!(r.member("contactEmail"), None);
        assert_eq!(r.member("viewerWrap"), None);
        assert_eq!(r.member("clientReady").as_deref(), Some("false"));
        assert_eq!(r.member("nodeCount").as_deref(), Some("0"));
    }
    let contact = s.new_contact("jan@example.test");
    s.op(Via::Post, Op::SetContact, &[("callId", &call), ("contactId", &contact)]);
    let r = s.op(Via::Post, Op::SetComment, &[("callId", &call), ("value", "")]);
    assert_eq!((r.status, r.body.as_str()), (200, ""));
    let r = s.op(Via::Get, Op::GetCallByPublicId, &[("publicId", &public)]);
    assert!(
        r.body
            .contains("\n  <comment />\n  <contactEmail>jan@example.test</contactEmail>\n"),
        "{}",
        r.body
    );
    s.op(Via::Get, Op::SetComment, &[("callId", &call), ("value", "called back")]);
    let r = s.op(Via::Post, Op::GetCallDataByPublicId, &[("publicId", &public)]);
    assert_eq!(r.member("comment").as_deref(), Some("called back"));
    assert_eq!(
        s.sb.call(&CallId::new(call)).unwrap().comment.as_deref(),
        Some("called back")
    );
}

#[test]
fn end_call_marks_the_meeting_ended_and_echoes_the_return_url() {
    let s = Server::start();
    let call = s.new_call();
    let id = CallId::new(call.clone());
    assert!(!s.sb.call(&id).unwrap().ended);
    let r = s.op(
        Via::Get,
        Op::EndCall,
        &[("callId", &call), ("returnUrl", "https://crm/x?a=1&b=2")],
    );
    assert_eq!(r.scalar("string"), "https://crm/x?a=1&b=2");
    assert!(s.sb.call(&id).unwrap().ended);
    let r = s.op(Via::Post, Op::EndCall, &[("callId", &call), ("returnUrl", "")]);
    assert!(
        r.body.ends_with("\n<string xmlns=\"http://www.idiligo.com/\" />"),
        "{}",
        r.body
    );
    assert!(s.sb.call(&id).unwrap().ended);
}

#[test]
fn send_mail_is_recorded_and_checked() {
    let s = Server::start();
    let call = s.new_call();
    let r = s.op(
        Via::Post,
        Op::SendMail,
        &[
            ("callId", &call),
            ("to", "jan@example.test"),
            ("templateCode", "INVITE"),
            ("attachments", "1,2"),
        ],
    );
    assert_eq!(r.scalar("boolean"), "true");
    let mails = s.sb.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].call.as_str(), call);
    assert_eq!(mails[0].to, "jan@example.test");
    assert_eq!(mails[0].template_code, "INVITE");
    assert_eq!(mails[0].attachments, "1,2");
    for (to, template, want) in [
        ("", "T", "Invalid email."),
        ("no-at-sign", "T", "Invalid email."),
        ("a@b.c", " ", "Unknown templateCode."),
        ("a@b.c", "", "Unknown templateCode."),
    ] {
        for via in BOTH {
            let r = s.op(
                via,
                Op::SendMail,
                &[
                    ("callId", &call),
                    ("to", to),
                    ("templateCode", template),
                    ("attachments", ""),
                ],
            );
            assert_eq!(r.fault(), want, "{to:?} {template:?}");
        }
    }
    assert_eq!(s.sb.mails().len(), 1, "refused mails are not recorded");
}

#[test]
fn bytes_are_stored_exactly_and_downloadable() {
    let s = Server::start();
    let data: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
    let doc = s.upload("all bytes.bin", &data);
    assert_eq!(s.download_status(&doc), (200, data.clone()));
    let snap = s.sb.document(&DocumentId::new(doc.clone())).unwrap();
    assert_eq!(snap.size, 512);
    assert_eq!(snap.filename, "all bytes.bin");
    assert_eq!(snap.external_id, "");
    assert_eq!(snap.conversion, ConversionStatus::Ready);
    // Over GET as well, and the Ex variant keeps externalId, priv and temp.
    let r = s.op(
        Via::Get,
        Op::AddDocumentFromBytesEx,
        &[
            ("file", "1"),
            ("file", "2"),
            ("filename", "x.pdf"),
            ("externalId", "crm-9"),
            ("priv", "True"),
            ("temp", "false"),
        ],
    );
    let ex = r.scalar("long");
    let snap = s.sb.document(&DocumentId::new(ex.clone())).unwrap();
    assert_eq!(
        (snap.external_id.as_str(), snap.private, snap.temporary),
        ("crm-9", true, false)
    );
    assert_eq!(s.download_status(&ex), (200, vec![1, 2]));
}

#[test]
fn a_large_upload_over_post_passes_the_key_limit() {
    let s = Server::start();
    let data: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let doc = s.upload("big.bin", &data);
    assert_eq!(s.download_status(&doc).1, data);
}

#[test]
fn byte_binding_errors() {
    let s = Server::start();
    for via in BOTH {
        let r = s.op(via, Op::AddDocumentFromBytes, &[("filename", "a")]);
        assert_eq!(r.fault(), "Object reference not set to an instance of an object");
        for (bad, inner) in [
            ("256", "Value was either too large or too small for an unsigned byte."),
            ("-1", "Value was either too large or too small for an unsigned byte."),
            ("", "Input string was not in a correct format."),
            ("0x1", "Input string was not in a correct format."),
        ] {
            let r = s.op(
                via,
                Op::AddDocumentFromBytes,
                &[("file", "1"), ("file", bad), ("filename", "a")],
            );
            assert_eq!(r.fault(), format!("Cannot convert {bad} to System.Byte."), "{bad:?}");
            assert!(
                r.body.contains(&format!("Parameter name: type ---> {inner}")),
                "{}",
                r.body
            );
        }
        let r = s.op(via, Op::AddDocumentFromBytes, &[("file", "1"), ("filename", " ")]);
        assert_eq!(r.fault(), "Invalid filename.");
    }
    let small = Server::new(Sandbox::builder().max_document_bytes(3).start().unwrap());
    let r = small.op(
        Via::Post,
        Op::AddDocumentFromBytes,
        &[
            ("file", "1"),
            ("file", "2"),
            ("file", "3"),
            ("file", "4"),
            ("filename", "a"),
        ],
    );
    assert_eq!(r.fault(), "Document too large.");
    // Exactly the cap is accepted.
    let r = small.op(
        Via::Post,
        Op::AddDocumentFromBytes,
        &[("file", "1"), ("file", "2"), ("file", "3"), ("filename", "a")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn conversion_goes_from_busy_to_ready() {
    let s = Server::new(
        Sandbox::builder()
            .conversion_time(Duration::from_millis(1000))
            .start()
            .unwrap(),
    );
    let doc = s.upload("slow.pdf", b"%PDF");
    for via in BOTH {
        assert_eq!(
            s.op(via, Op::GetDocumentStatus, &[("documentId", &doc)])
                .scalar("string"),
            "BUSY"
        );
        let r = s.op(via, Op::GetDocumentProgress, &[("documentId", &doc)]);
        assert_eq!(r.member("Status").as_deref(), Some("BUSY"));
        let pct: u32 = r.member("Percentage").unwrap().parse().unwrap();
        assert!(pct < 100, "{pct}");
    }
    assert_eq!(
        s.sb.document_status(&DocumentId::new(doc.clone())),
        ConversionStatus::Busy
    );
    std::thread::sleep(Duration::from_millis(1100));
    for via in BOTH {
        assert_eq!(
            s.op(via, Op::GetDocumentStatus, &[("documentId", &doc)])
                .scalar("string"),
            "READY"
        );
        let r = s.op(via, Op::GetDocumentProgress, &[("documentId", &doc)]);
        assert_eq!(
            r.members(),
            [
                ("Status".to_owned(), "READY".to_owned()),
                ("Percentage".to_owned(), "100".to_owned())
            ]
        );
    }
    // Participant uploads are ready at once.
    let call = s.new_call();
    let up =
        s.sb.simulate_upload(&CallId::new(call), "scan.jpg", b"JPEG".to_vec())
            .unwrap();
    assert_eq!(s.sb.document_status(&up), ConversionStatus::Ready);
}

#[test]
fn conversion_failures_marker_and_hook() {
    let s = Server::new(Sandbox::builder().conversion_failure_marker("-BROKEN").start().unwrap());
    let bad = s.upload("offer-BROKEN.pdf", b"%PDF");
    let good = s.upload("offer-broken.pdf", b"%PDF");
    assert_eq!(
        s.op(Via::Get, Op::GetDocumentStatus, &[("documentId", &bad)])
            .scalar("string"),
        "ERROR"
    );
    assert_eq!(
        s.op(Via::Get, Op::GetDocumentStatus, &[("documentId", &good)])
            .scalar("string"),
        "READY"
    );
    let r = s.op(Via::Post, Op::GetDocumentProgress, &[("documentId", &bad)]);
    assert_eq!(
        r.members(),
        [
            ("Status".to_owned(), "ERROR".to_owned()),
            ("Percentage".to_owned(), "0".to_owned())
        ]
    );
    s.sb.fail_conversion(&DocumentId::new(good.clone())).unwrap();
    assert_eq!(
        s.op(Via::Post, Op::GetDocumentStatus, &[("documentId", &good)])
            .scalar("string"),
        "ERROR"
    );
    assert!(s.sb.fail_conversion(&DocumentId::new("99999999")).is_err());
}

#[test]
fn delete_document_removes_bindings_and_download() {
    let s = Server::start();
    let call = s.new_call();
    let doc = s.upload("gone.pdf", b"%PDF gone");
    let keep = s.upload("kept.pdf", b"%PDF kept");
    s.op(
        Via::Get,
        Op::SetDocumentToUploadAction,
        &[("callId", &call), ("externalId", "e1"), ("documentId", &doc)],
    );
    s.op(
        Via::Get,
        Op::AddDocumentToCall,
        &[("callId", &call), ("documentId", &doc), ("nodeCode", "N1")],
    );
    s.op(
        Via::Get,
        Op::AddDocumentToCall,
        &[("callId", &call), ("documentId", &keep), ("nodeCode", "N1")],
    );
    assert_eq!(
        s.op(Via::Get, Op::GetAttachments, &[("callId", &call)]).items().len(),
        3
    );
    assert_eq!(
        s.op(Via::Post, Op::DeleteDocument, &[("documentId", &doc)])
            .scalar("boolean"),
        "true"
    );
    let list = s.op(Via::Get, Op::GetAttachments, &[("callId", &call)]).items();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0][0], ("Id".to_owned(), keep.clone()));
    assert_eq!(s.download_status(&doc).0, 404);
    assert_eq!(s.download_status(&keep).0, 200);
    assert_eq!(
        s.op(Via::Get, Op::GetDocumentStatus, &[("documentId", &doc)])
            .scalar("string"),
        "NOT FOUND"
    );
    let r = s.op(Via::Get, Op::GetDocumentProgress, &[("documentId", &doc)]);
    assert_eq!(r.member("Percentage").as_deref(), Some("0"));
    assert_eq!(
        s.op(Via::Get, Op::DeleteDocument, &[("documentId", &doc)])
            .scalar("boolean"),
        "false"
    );
    assert_eq!(
        s.sb.document_status(&DocumentId::new(doc.clone())),
        ConversionStatus::NotFound
    );
    assert!(s.sb.document(&DocumentId::new(doc.clone())).is_none());
    // A deleted document is unknown to the operations that require one.
    let r = s.op(
        Via::Get,
        Op::AddDocumentToCall,
        &[("callId", &call), ("documentId", &doc), ("nodeCode", "")],
    );
    assert_eq!(r.fault(), "Unknown documentId.");
}

#[test]
fn add_document_to_call_binds_per_document_and_node() {
    let s = Server::start();
    let call = s.new_call();
    let doc = s.upload("a.pdf", b"%PDF a");
    for (node, via) in [("N1", Via::Get), ("N2", Via::Post), ("N1", Via::Post)] {
        let r = s.op(
            via,
            Op::AddDocumentToCall,
            &[("callId", &call), ("documentId", &doc), ("nodeCode", node)],
        );
        assert_eq!(r.scalar("long"), doc);
    }
    let list = s.op(Via::Get, Op::GetAttachments, &[("callId", &call)]).items();
    assert_eq!(list.len(), 2, "same document and node replaced in place");
    for item in &list {
        assert!(item.contains(&("Attach".to_owned(), "true".to_owned())), "{item:?}");
        assert!(
            item.contains(&("Description".to_owned(), "a.pdf".to_owned())),
            "{item:?}"
        );
    }
    let snap = s.sb.call(&CallId::new(call)).unwrap();
    let nodes: Vec<_> = snap.documents.iter().map(|d| d.binding.clone()).collect();
    assert_eq!(
        nodes,
        [
            DocumentBinding::Node { node_code: "N1".into() },
            DocumentBinding::Node { node_code: "N2".into() }
        ]
    );
    assert_eq!(snap.documents[0].conversion, ConversionStatus::Ready);
}

#[test]
fn create_call_ex_binds_the_document() {
    let s = Server::start();
    let doc = s.upload("intake.pdf", b"%PDF");
    let r = s.op(
        Via::Post,
        Op::CreateCallEx,
        &[
            ("documentId", &doc),
            ("customerId", "C-1"),
            ("externalData", "ext-data"),
        ],
    );
    let call = r.scalar("long");
    let snap = s.sb.call(&CallId::new(call.clone())).unwrap();
    assert_eq!(snap.script_code, "");
    assert_eq!(snap.public_id.as_str().len(), 32);
    assert_eq!(snap.customer_id.as_deref(), Some("C-1"));
    assert_eq!(snap.external_data.as_deref(), Some("ext-data"));
    assert_eq!(snap.documents.len(), 1);
    assert_eq!(
        snap.documents[0].binding,
        DocumentBinding::Node {
            node_code: String::new()
        }
    );
    let list = s.op(Via::Get, Op::GetAttachments, &[("callId", &call)]).items();
    assert_eq!(list.len(), 1);
}

#[test]
fn sessions_users_and_server_data() {
    let s = Server::start();
    let user = s.sb.sandbox_credentials().username.clone();
    let renewed = s.op(Via::Get, Op::LoginBytoken, &[]).scalar("string");
    assert_eq!(renewed.len(), 32);
    assert_ne!(renewed, s.token);
    let r = s.send(
        Via::Post,
        Op::CreateCall.name(),
        &[("token", &renewed), ("trajectCode", "X")],
    );
    assert_eq!(r.status, 200, "the new token works");
    let r = s.op(Via::Post, Op::GetSesData, &[]);
    assert_eq!(
        r.members(),
        [
            ("AccountNumber".to_owned(), "1".to_owned()),
            ("Username".to_owned(), user),
            ("Language".to_owned(), "en".to_owned()),
            ("online".to_owned(), "true".to_owned()),
            ("isInsideUser".to_owned(), "true".to_owned()),
        ]
    );
    let call = s.new_call();
    let public = s.public_id(&call);
    assert_eq!(
        s.op(Via::Get, Op::GetServerId, &[("publicId", &public)]).scalar("int"),
        "1"
    );
    let u1: i64 = s
        .op(
            Via::Get,
            Op::CreateUser,
            &[
                ("name", "N"),
                ("email", "u@x.y"),
                ("username", "u"),
                ("password", "fake-pw"),
                ("role", ""),
            ],
        )
        .scalar("long")
        .parse()
        .unwrap();
    let next: i64 = s.new_call().parse().unwrap();
    assert_eq!(next, u1 + 1, "users take ids from the shared counter");
    for (email, username, want) in [
        ("nope", "u", "Invalid email."),
        ("", "u", "Invalid email."),
        ("u@x.y", " ", "Invalid username."),
    ] {
        let r = s.op(
            Via::Post,
            Op::CreateUser,
            &[
                ("name", "N"),
                ("email", email),
                ("username", username),
                ("password", "fake-pw"),
                ("role", ""),
            ],
        );
        assert_eq!(r.fault(), want);
    }
}

/// An operation, its arguments after the token, the fault's first line, the inner message.
type Case<'a> = (Op, &'a [(&'a str, &'a str)], &'a str, &'a str);

#[test]
fn parameter_conversion_errors_per_type() {
    let s = Server::start();
    let call = s.new_call();
    let public = s.public_id(&call);
    let cases: [Case; 4] = [
        (
            Op::GetEvents,
            &[("publicId", &public), ("eventCount", "99999999999")],
            "Cannot convert 99999999999 to System.Int32.",
            "Value was either too large or too small for an Int32.",
        ),
        (
            Op::AddDocumentFromBytesEx,
            &[
                ("file", "1"),
                ("filename", "f"),
                ("externalId", ""),
                ("priv", "yes"),
                ("temp", "false"),
            ],
            "Cannot convert yes to System.Boolean.",
            "String was not recognized as a valid Boolean.",
        ),
        (
            Op::SetDocumentCursor,
            &[("callId", &call), ("x", "1e39"), ("y", "0")],
            "Cannot convert 1e39 to System.Single.",
            "Value was either too large or too small for a Single.",
        ),
        (
            Op::SetViewer,
            &[("callId", &call), ("page", "one"), ("zoom", "1"), ("documentId", "1")],
            "Cannot convert one to System.Int32.",
            "Input string was not in a correct format.",
        ),
    ];
    for (op, args, first, inner) in cases {
        for via in BOTH {
            let r = s.op(via, op, args);
            assert_eq!(r.fault(), first, "{op}");
            assert!(
                r.body.contains(&format!("Parameter name: type ---> {inner}\n")),
                "{op}: {}",
                r.body
            );
        }
    }
    // The binder runs before the token check.
    let r = s.send(
        Via::Get,
        Op::SetDocumentCursor.name(),
        &[("token", "nope"), ("callId", "1"), ("x", "a"), ("y", "0")],
    );
    assert_eq!(r.fault(), "Cannot convert a to System.Single.");
    let r = s.op(
        Via::Get,
        Op::SetDocumentCursor,
        &[("callId", &call), ("x", "1,000.5"), ("y", "-.5")],
    );
    assert_eq!(r.scalar("boolean"), "true");
}

/// The default answers of the operations without behaviour of their own.
#[test]
fn default_answers_of_the_untyped_operations() {
    let s = Server::start();
    let call = s.new_call();
    let public = s.public_id(&call);
    let body = |op: Op, args: &[(&str, &str)]| {
        let r = s.op(Via::Get, op, args);
        assert_eq!(r.status, 200, "{op}: {}", r.body);
        r.body
            .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
            .unwrap_or(&r.body)
            .to_owned()
    };
    let xs = "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
    assert_eq!(body(Op::SaveCredentials, &[]), "");
    assert_eq!(
        body(
            Op::SetChatMessage,
            &[("publicId", &public), ("username", "u"), ("text", "hi")]
        ),
        "<string xmlns=\"http://www.idiligo.com/\" />"
    );
    assert_eq!(
        body(Op::SetRedirectURL, &[("callId", &call), ("url", "u")]),
        "<boolean xmlns=\"http://www.idiligo.com/\">true</boolean>"
    );
    assert_eq!(
        body(Op::GetEvents, &[("publicId", &public), ("eventCount", "0")]),
        format!("<ArrayOfCallEventDTO {xs} xmlns=\"http://www.idiligo.com/\" />")
    );
    assert_eq!(
        body(Op::GetChatMessage, &[("publicId", &public), ("eventIndex", "0")]),
        format!("<ChatMessageDTO {xs} xmlns=\"http://www.idiligo.com/\" />")
    );
    assert_eq!(
        body(Op::GetDocumentCursor, &[("publicId", &public), ("eventIndex", "0")]),
        format!(
            "<DocumentCursorDTO {xs} xmlns=\"http://www.idiligo.com/\">\n  <X>0</X>\n  <Y>0</Y>\n</DocumentCursorDTO>"
        )
    );
    assert_eq!(
        body(Op::GetCurrentStep, &[("publicId", &public)]),
        format!("<StapDTO {xs} xmlns=\"http://www.idiligo.com/\">\n  <First>false</First>\n  <Last>false</Last>\n  <DocumentId>0</DocumentId>\n  <Page>0</Page>\n  <Zoom>0</Zoom>\n  <isEmail>false</isEmail>\n  <Viewer>0</Viewer>\n  <TotalPages>0</TotalPages>\n</StapDTO>")
    );
}

/// ASP.NET's default request limits: a query string over 2,048 characters is refused before
/// any handler runs (400 HTML page); a POST body over 4,096 KB is refused when the form is read
/// (500 text/plain).
#[test]
fn default_request_limits() {
    let s = Server::start();
    let get = |query: String| {
        let mut r = s
            .agent
            .get(&format!(
                "{}/InsideService20.asmx/{}?{query}",
                s.sb.url(),
                Op::GetServerId
            ))
            .call()
            .unwrap();
        let ctype = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
        (r.status().as_u16(), ctype, r.body_mut().read_to_string().unwrap())
    };
    let call = s.new_call();
    let public = s.public_id(&call);
    let base = format!("token={}&publicId={public}&pad=", s.token);
    let fits = format!("{base}{}", "x".repeat(2048 - base.len()));
    assert_eq!(fits.len(), 2048);
    assert_eq!(get(fits.clone()).0, 200);
    let (status, ctype, body) = get(format!("{fits}x"));
    assert_eq!(status, 400);
    assert_eq!(ctype.as_deref(), Some("text/html; charset=utf-8"));
    assert!(body.contains("Runtime Error"), "{body}");

    let post = |len: usize| {
        let mut form = format!("token={}&publicId={public}&pad=", s.token);
        form.push_str(&"x".repeat(len - form.len()));
        assert_eq!(form.len(), len);
        let mut r = s
            .agent
            .post(&format!("{}/InsideService20.asmx/{}", s.sb.url(), Op::GetServerId))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(form.as_bytes())
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    assert_eq!(post(4096 * 1024).0, 200);
    let (status, body) = post(4096 * 1024 + 1);
    assert_eq!((status, body.as_str()), (500, "Maximum request length exceeded.\n"));
    // The connection and the server stay usable.
    assert_eq!(post(100).0, 200);

    // customErrors Off: the exception on the page.
    let off = Server::new(
        Sandbox::builder()
            .custom_errors(idiligo::sandbox::CustomErrors::Off)
            .start()
            .unwrap(),
    );
    let mut r = off
        .agent
        .get(&format!("{}/Download.ashx?id=1&pad={}", off.sb.url(), "x".repeat(2048)))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let body = r.body_mut().read_to_string().unwrap();
    assert!(
        body.contains("System.Web.HttpException: The length of the query string for this request exceeds the configured maxQueryStringLength value."),
        "{body}"
    );
}
