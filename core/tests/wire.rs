//! The wire format of the operations beyond the guide's eleven and of the call by name, pinned
//! against a scripted loopback server (127.0.0.1, port 0) that answers the bytes ASP.NET
//! writes (wire reference §9, `tests/asmx/README.md`) and records every request, so these
//! tests hold independently of the sandbox.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use idiligo::ops::Op;
use idiligo::*;

const TOKEN: &str = "fake-token-1234";
const NS_DECL: &str = "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://www.idiligo.com/\"";

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    query: String,
    content_type: Option<String>,
    soap_action: Option<String>,
    content_length: Option<usize>,
    body: String,
}

/// A server that answers each connection with the next scripted response, then closes it.
struct Scripted {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Scripted {
    fn start(responses: Vec<Vec<u8>>) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (seen2, stop2) = (seen.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(30);
            for response in responses {
                let stream = loop {
                    match listener.accept() {
                        Ok((s, _)) => break Some(s),
                        Err(_) if stop2.load(Ordering::Relaxed) || Instant::now() > deadline => break None,
                        Err(_) => std::thread::sleep(Duration::from_millis(2)),
                    }
                };
                let Some(mut stream) = stream else { return };
                stream.set_nonblocking(false).unwrap();
                stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                if let Some(request) = read_request(&mut stream) {
                    seen2.lock().unwrap().push(request);
                }
                let _ = stream.write_all(&response);
                let _ = stream.flush();
            }
        });
        Scripted {
            port,
            seen,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn client(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.url())
            .token(Token::new(TOKEN))
            .retry_policy(RetryPolicy::none())
            .sleeper(Arc::new(|_| {}))
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (target, String::new()),
    };
    Some(Seen {
        method,
        path,
        query,
        content_type: header("content-type"),
        soap_action: header("soapaction"),
        content_length: header("content-length").and_then(|v| v.parse().ok()),
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// `200 text/xml` with `body`, as Mono writes it.
fn xml(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nX-AspNet-Version: 4.0.30319\r\nCache-Control: private, max-age=0\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A primitive root (`<string>`, `<long>` …) in the service's namespace.
fn root(name: &str, value: &str) -> Vec<u8> {
    xml(&format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<{name} xmlns=\"http://www.idiligo.com/\">{value}</{name}>"
    ))
}

/// A void answer: 200, no content type, empty body.
fn void() -> Vec<u8> {
    b"HTTP/1.1 200 OK\r\nCache-Control: private, max-age=0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
}

/// A `500 text/plain` fault (customErrors On).
fn fault(message: &str) -> Vec<u8> {
    let body = format!("{message}\n");
    format!(
        "HTTP/1.1 500 Internal Server Error\r\nCache-Control: private\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn status(code: u16) -> Vec<u8> {
    format!(
        "HTTP/1.1 {code} Unavailable\r\nContent-Type: text/html\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy"
    )
    .into_bytes()
}

fn path(op: Op) -> String {
    format!("/InsideService20.asmx/{}", op.name())
}

/// Checks a POST: path, form content type, body.
fn assert_post(seen: &Seen, op: Op, form: &str) {
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, path(op));
    assert_eq!(
        seen.content_type.as_deref(),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert_eq!(seen.body, form);
}

fn name_values() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ArrayOfNameValue {NS_DECL}>\n  <NameValue>\n    <Name>Name</Name>\n    <Value>Piet &amp; Co</Value>\n  </NameValue>\n  <NameValue>\n    <Name>Amount</Name>\n    <Value>1 000,50</Value>\n  </NameValue>\n  <NameValue>\n    <Name>Empty</Name>\n    <Value />\n  </NameValue>\n</ArrayOfNameValue>"
    )
}

#[test]
fn get_call_values_over_post_and_get() {
    for binding in [Binding::Post, Binding::Get] {
        let server = Scripted::start(vec![xml(&name_values())]);
        let client = server.client().binding(binding).build().unwrap();
        let values = client.get_call_values(&CallId::new("1001")).unwrap();
        assert_eq!(
            values,
            vec![
                NameValue::new("Name", "Piet & Co"),
                NameValue::new("Amount", "1 000,50"),
                NameValue::new("Empty", ""),
            ]
        );
        let seen = server.seen();
        assert_eq!(seen.len(), 1);
        let form = format!("token={TOKEN}&callId=1001");
        match binding {
            Binding::Post => assert_post(&seen[0], Op::GetCallValues, &form),
            _ => {
                assert_eq!(seen[0].method, "GET");
                assert_eq!(seen[0].path, path(Op::GetCallValues));
                assert_eq!(seen[0].query, form);
                assert_eq!(seen[0].body, "");
            }
        }
    }
    // An empty array: a self-closing root.
    let server = Scripted::start(vec![xml(&format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ArrayOfNameValue {NS_DECL} />"
    ))]);
    let client = server.client().build().unwrap();
    assert!(client.get_call_values(&CallId::new("1001")).unwrap().is_empty());
    // A wrong root is a parse error.
    let server = Scripted::start(vec![root("string", "x")]);
    let e = server
        .client()
        .build()
        .unwrap()
        .get_call_values(&CallId::new("1"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse, "{e}");
    assert_eq!(e.operation(), Op::GetCallValues.name());
}

#[test]
fn set_value_and_set_comment_are_void() {
    let server = Scripted::start(vec![void(), void(), fault("Unknown callId.")]);
    let client = server.client().build().unwrap();
    client
        .set_value(&PublicId::new("0f3a"), "Policy Number", "P&1 = ok")
        .unwrap();
    client.set_comment(&CallId::new("1001"), "").unwrap();
    let e = client.set_comment(&CallId::new("999"), "note").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service);
    assert_eq!(e.service_message(), Some("Unknown callId."));
    let seen = server.seen();
    assert_post(
        &seen[0],
        Op::SetValue,
        &format!("token={TOKEN}&publicId=0f3a&name=Policy+Number&value=P%261+%3D+ok"),
    );
    assert_post(&seen[1], Op::SetComment, &format!("token={TOKEN}&callId=1001&value="));
    assert_post(
        &seen[2],
        Op::SetComment,
        &format!("token={TOKEN}&callId=999&value=note"),
    );
}

fn call_dto() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CallDTO {NS_DECL}>\n  <callId>1001</callId>\n  <publicId>0f3a9c</publicId>\n  <accountNumber>1</accountNumber>\n  <eventCount>0</eventCount>\n  <serverId>1</serverId>\n  <username>agent@example.test</username>\n  <isAgent>true</isAgent>\n  <language>en</language>\n  <contactEmail>jan@example.com</contactEmail>\n  <SC_UseJpeg>false</SC_UseJpeg>\n  <showBrowseHeight>0</showBrowseHeight>\n  <nodeCount>0</nodeCount>\n  <clientReady>false</clientReady>\n  <addedSince2016>kept</addedSince2016>\n</CallDTO>"
    )
}

#[test]
fn get_call_and_get_call_by_public_id() {
    let server = Scripted::start(vec![xml(&call_dto()), xml(&call_dto())]);
    let client = server.client().build().unwrap();
    let by_id = client.get_call(&CallId::new("1001")).unwrap();
    let by_public = client.get_call_by_public_id(&PublicId::new("0f3a9c")).unwrap();
    assert_eq!(by_id, by_public);
    assert_eq!(by_id.call_id, Some(CallId::new("1001")));
    assert_eq!(by_id.public_id, Some(PublicId::new("0f3a9c")));
    assert_eq!((by_id.account_number, by_id.server_id), (1, 1));
    assert_eq!(by_id.username.as_deref(), Some("agent@example.test"));
    assert!(by_id.is_agent);
    assert_eq!(by_id.comment, None, "null strings are omitted by ASP.NET");
    assert_eq!(by_id.contact_email.as_deref(), Some("jan@example.com"));
    assert_eq!(by_id.extra, vec![("addedSince2016".to_owned(), "kept".to_owned())]);
    let seen = server.seen();
    assert_post(&seen[0], Op::GetCall, &format!("token={TOKEN}&callId=1001"));
    assert_post(
        &seen[1],
        Op::GetCallByPublicId,
        &format!("token={TOKEN}&publicId=0f3a9c"),
    );
    // A malformed member is a parse error naming it.
    let bad = call_dto().replace("<serverId>1</serverId>", "<serverId>one</serverId>");
    let server = Scripted::start(vec![xml(&bad)]);
    let e = server
        .client()
        .build()
        .unwrap()
        .get_call(&CallId::new("1001"))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert!(e.to_string().contains("serverId"), "{e}");
}

#[test]
fn end_call_and_send_mail() {
    let server = Scripted::start(vec![
        root("string", "https://crm.example/done?x=1&amp;y=2"),
        xml("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<string xmlns=\"http://www.idiligo.com/\" />"),
        root("boolean", "true"),
        root("boolean", "maybe"),
    ]);
    let client = server.client().build().unwrap();
    let call = CallId::new("1001");
    assert_eq!(
        client
            .end_call(&call, Some("https://crm.example/done?x=1&y=2"))
            .unwrap(),
        "https://crm.example/done?x=1&y=2"
    );
    assert_eq!(client.end_call(&call, None).unwrap(), "");
    assert!(client.send_mail(&call, "jan@example.com", "INVITE", "").unwrap());
    let e = client.send_mail(&call, "jan@example.com", "INVITE", "").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    let seen = server.seen();
    assert_post(
        &seen[0],
        Op::EndCall,
        &format!("token={TOKEN}&callId=1001&returnUrl=https%3A%2F%2Fcrm.example%2Fdone%3Fx%3D1%26y%3D2"),
    );
    assert_post(&seen[1], Op::EndCall, &format!("token={TOKEN}&callId=1001&returnUrl="));
    assert_post(
        &seen[2],
        Op::SendMail,
        &format!("token={TOKEN}&callId=1001&to=jan%40example.com&templateCode=INVITE&attachments="),
    );
}

#[test]
fn send_mail_is_never_repeated_once_sent_but_end_call_is() {
    // A 503 after the request left: SendMail (Create) is not repeated, EndCall (Write) is.
    let server = Scripted::start(vec![status(503), status(503), root("string", "")]);
    let client = server
        .client()
        .retry_policy(RetryPolicy::new(3, Duration::ZERO, Duration::ZERO).unwrap())
        .build()
        .unwrap();
    let e = client.send_mail(&CallId::new("1"), "a@b.c", "T", "").unwrap_err();
    assert_eq!(e.http_status(), Some(503));
    assert_eq!(server.seen().len(), 1);
    assert_eq!(client.end_call(&CallId::new("1"), None).unwrap(), "");
    assert_eq!(server.seen().len(), 3);
}

#[test]
fn ids_are_opaque_text_from_long_int_or_string_roots() {
    let big = "9007199254740993"; // not representable as an f64
    let server = Scripted::start(vec![
        root("long", big),
        root("int", "1002"),
        root("string", " 1003 "),
        root("long", ""),
    ]);
    let client = server.client().build().unwrap();
    assert_eq!(client.create_call("X").unwrap().as_str(), big);
    assert_eq!(client.create_call("X").unwrap().as_str(), "1002");
    assert_eq!(client.create_call("X").unwrap().as_str(), "1003");
    assert_eq!(client.create_call("X").unwrap_err().kind(), ErrorKind::Parse);
}

#[test]
fn meeting_results_reads_values_and_attachments() {
    let attachments = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ArrayOfAttachmentDTO {NS_DECL}>\n  <AttachmentDTO>\n    <Id>1002</Id>\n    <Description>offer.pdf</Description>\n    <Url>http://127.0.0.1/Download.ashx?id=1002</Url>\n    <Attach>true</Attach>\n    <Size>12</Size>\n    <Date>2026-01-01T00:00:00Z</Date>\n    <SignUrl />\n    <SignStatus>0</SignStatus>\n  </AttachmentDTO>\n</ArrayOfAttachmentDTO>"
    );
    let server = Scripted::start(vec![xml(&name_values()), xml(&attachments)]);
    let client = server.client().build().unwrap();
    let r = client.meeting_results(&CallId::new("1001")).unwrap();
    assert_eq!(r.values.len(), 3);
    assert_eq!(r.value("Amount"), Some("1 000,50"));
    assert_eq!(r.value("Missing"), None);
    assert_eq!(r.attachments.len(), 1);
    assert_eq!(r.attachments[0].id.as_str(), "1002");
    let seen = server.seen();
    assert_post(&seen[0], Op::GetCallValues, &format!("token={TOKEN}&callId=1001"));
    assert_post(&seen[1], Op::GetAttachments, &format!("token={TOKEN}&callId=1001"));
}

#[test]
fn argument_checks_send_nothing() {
    let server = Scripted::start(vec![]);
    let client = server.client().build().unwrap();
    let (call, public) = (CallId::new("1"), PublicId::new("p"));
    let errors = [
        client.get_call_values(&CallId::new(" ")).unwrap_err(),
        client.set_value(&PublicId::new(""), "n", "v").unwrap_err(),
        client.set_value(&public, " ", "v").unwrap_err(),
        client.set_comment(&CallId::new(""), "c").unwrap_err(),
        client.get_call(&CallId::new("")).unwrap_err(),
        client.get_call_by_public_id(&PublicId::new("")).unwrap_err(),
        client.end_call(&CallId::new(""), None).unwrap_err(),
        client.send_mail(&CallId::new(""), "a@b.c", "T", "").unwrap_err(),
        client.send_mail(&call, "", "T", "").unwrap_err(),
        client.meeting_results(&CallId::new("")).unwrap_err(),
    ];
    for e in errors {
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    }
    assert!(server.seen().is_empty());
}

// ------------------------------------------------------------------ the call by name

#[test]
fn call_by_name_of_a_table_operation() {
    let server = Scripted::start(vec![xml(&name_values()), void(), root("string", "x")]);
    let client = server.client().build().unwrap();
    let opts = CallOptions::new();
    let text = client
        .call(Op::GetCallValues.name(), &[("CALLID", "1001")], &opts)
        .unwrap()
        .unwrap();
    assert_eq!(text, name_values(), "the whole document, as sent");
    // Arrays: repeated keys, in order; sent in the table's order and spelling.
    let none = client
        .call(
            Op::SetValues.name(),
            &[
                ("values", "1"),
                ("names", "a"),
                ("publicid", "P"),
                ("values", "2"),
                ("names", "b"),
            ],
            &opts,
        )
        .unwrap();
    assert_eq!(none, None, "a void answer");
    // An operation without a token.
    client
        .call(
            Op::Login.name(),
            &[("apikey", "k"), ("username", "u"), ("password", "p")],
            &opts,
        )
        .unwrap();
    let seen = server.seen();
    assert_post(&seen[0], Op::GetCallValues, &format!("token={TOKEN}&callId=1001"));
    assert_post(
        &seen[1],
        Op::SetValues,
        &format!("token={TOKEN}&publicId=P&names=a&names=b&values=1&values=2"),
    );
    assert_post(&seen[2], Op::Login, "apikey=k&username=u&password=p");
}

#[test]
fn call_by_name_refuses_bad_parameters_and_sends_nothing() {
    let server = Scripted::start(vec![]);
    let client = server.client().build().unwrap();
    let opts = CallOptions::new();
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 9] = [
        (
            Op::GetCallValues.name(),
            &[("callId", "1"), ("extra", "x")],
            "unknown parameter \"extra\"",
        ),
        (Op::GetCallValues.name(), &[], "parameter callId is missing"),
        (
            Op::GetCallValues.name(),
            &[("callId", "1"), ("callid", "2")],
            "given 2 times",
        ),
        (
            Op::SetValues.name(),
            &[("publicId", "P"), ("names", "a")],
            "array parameter values has no element",
        ),
        (
            Op::GetCallValues.name(),
            &[("callId", "1"), ("Token", "t")],
            "supplied by the client",
        ),
        ("SomethingNew", &[("TOKEN", "t")], "supplied by the client"),
        ("Get/../x", &[], "not a plain identifier"),
        ("getcallvalues", &[("callId", "1")], "case-sensitive"),
        (
            Op::SetCallValues.name(),
            &[("callId", "1"), ("fields", "x")],
            "SOAP only",
        ),
    ];
    for (op, params, says) in cases {
        let e = client.call(op, params, &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{op}: {e}");
        assert!(e.to_string().contains(says), "{op}: {e}");
    }
    let e = client.call(Op::GetCallValues.name(), &[("x", "1")], &opts).unwrap_err();
    assert!(
        e.to_string().contains("takes callId (long)"),
        "lists the parameters: {e}"
    );
    let e = client
        .call(
            Op::GetCallValues.name(),
            &[("callId", "1")],
            &CallOptions::new().takes_token(false),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert!(server.seen().is_empty());
}

#[test]
fn every_table_operation_is_checked_against_its_row_before_sending() {
    // Nothing listens on the server's port once it has stopped: anything sent would be a
    // connect error, not an argument error.
    let server = Scripted::start(vec![]);
    let client = server.client().build().unwrap();
    for spec in idiligo::ops::operations() {
        let e = client
            .call(spec.name, &[("noSuchParameter", "1")], &CallOptions::new())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{}: {e}", spec.name);
        assert_eq!(e.operation(), spec.name);
        for p in spec.params.iter().filter(|p| p.name != "token") {
            assert!(e.to_string().contains(p.name), "{}: {e}", spec.name);
        }
    }
    assert!(server.seen().is_empty());
}

#[test]
fn call_by_name_of_an_unknown_operation() {
    let server = Scripted::start(vec![
        root("int", "4"),
        void(),
        xml("not xml at all"),
        status(503),
        status(503),
        root("int", "5"),
    ]);
    let client = server
        .client()
        .retry_policy(RetryPolicy::new(1, Duration::ZERO, Duration::ZERO).unwrap())
        .build()
        .unwrap();
    let text = client
        .call(
            "GetServerTime",
            &[("zone", "UTC"), ("zone", "CET")],
            &CallOptions::new(),
        )
        .unwrap()
        .unwrap();
    assert!(
        text.ends_with("<int xmlns=\"http://www.idiligo.com/\">4</int>"),
        "{text}"
    );
    let none = client
        .call("Ping", &[], &CallOptions::new().takes_token(false))
        .unwrap();
    assert_eq!(none, None);
    let e = client.call("Broken", &[], &CallOptions::new()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse, "{e}");
    assert_eq!(e.operation(), "Broken");
    // Not declared repeatable: a 503 after sending is not repeated.
    let e = client.call("Fragile", &[], &CallOptions::new()).unwrap_err();
    assert_eq!(e.http_status(), Some(503));
    // Declared repeatable: it is.
    let text = client
        .call("Sturdy", &[], &CallOptions::new().repeatable(true))
        .unwrap()
        .unwrap();
    assert!(text.contains(">5<"));
    let seen = server.seen();
    assert_eq!(seen.len(), 6);
    assert_eq!(seen[0].path, "/InsideService20.asmx/GetServerTime");
    assert_eq!(seen[0].body, format!("token={TOKEN}&zone=UTC&zone=CET"));
    assert_eq!(seen[1].path, "/InsideService20.asmx/Ping");
    assert_eq!(seen[1].body, "");
    assert_eq!(seen[3].path, "/InsideService20.asmx/Fragile");
    assert_eq!(seen[4].path, "/InsideService20.asmx/Sturdy");
    assert_eq!(seen[5].path, "/InsideService20.asmx/Sturdy");
}

#[test]
fn call_by_name_masks_secret_parameters_and_maps_token_rejections() {
    let echo = "System.Exception: bad CANARY-TICKET-42 and CANARY-PW-77 for fake-token-1234";
    let server = Scripted::start(vec![
        fault(echo),
        fault("System.Exception: bad ticket CANARY-TICKET-42"),
        fault("Invalid token."),
    ]);
    let client = server.client().build().unwrap();
    // An operation outside the table: parameters named like secrets are secrets.
    let e = client
        .call(
            "NewLogin",
            &[("Ticket", "CANARY-TICKET-42"), ("PASSWORD", "CANARY-PW-77")],
            &CallOptions::new(),
        )
        .unwrap_err();
    let shown = format!("{e} {e:?} {:?}", e.service_detail());
    assert!(!shown.contains("CANARY") && !shown.contains(TOKEN), "{shown}");
    assert_eq!(e.service_message(), Some("bad *** and *** for ***"));
    // A table operation: its secret flags.
    let e = client
        .call(
            Op::Impersonate.name(),
            &[("apikey", "k-1"), ("username", "u"), ("ticket", "CANARY-TICKET-42")],
            &CallOptions::new(),
        )
        .unwrap_err();
    assert_eq!(e.service_message(), Some("bad ticket ***"));
    // The token rejected and no credentials to log in again: an authentication error.
    let e = client
        .call(Op::GetCall.name(), &[("callId", "1")], &CallOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth, "{e}");
}

// ------------------------------------------------------------------ SOAP 1.1

const ENV_HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>";
const ENV_TAIL: &str = "</soap:Body></soap:Envelope>";
/// The start of Mono's SOAP answers.
const ANSWER_HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body>";

/// A SOAP answer of `op` with `inner` in its Response element (`None`: void).
fn soap_answer(op: Op, inner: Option<&str>) -> Vec<u8> {
    let response = match inner {
        Some(i) => format!("<{op}Response xmlns=\"http://www.idiligo.com/\">{i}</{op}Response>"),
        None => format!("<{op}Response xmlns=\"http://www.idiligo.com/\" />"),
    };
    xml(&format!("{ANSWER_HEAD}{response}</soap:Body></soap:Envelope>"))
}

/// A `soap:Fault` in a 500, as Mono writes it.
fn soap_fault(code: &str, text: &str) -> Vec<u8> {
    let body = format!("{ANSWER_HEAD}<soap:Fault><faultcode>{code}</faultcode><faultstring>{text}</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>");
    format!(
        "HTTP/1.1 500 Internal Server Error\r\nCache-Control: private, max-age=0\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Checks a SOAP request: the endpoint, content type, quoted SOAPAction, envelope.
fn assert_soap(seen: &Seen, op: Op, params: &str) {
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/InsideService20.asmx");
    assert_eq!(seen.content_type.as_deref(), Some("text/xml; charset=utf-8"));
    assert_eq!(
        seen.soap_action.as_deref(),
        Some(format!("\"http://www.idiligo.com/{op}\"").as_str())
    );
    assert_eq!(
        seen.body,
        format!("{ENV_HEAD}<{op} xmlns=\"http://www.idiligo.com/\">{params}</{op}>{ENV_TAIL}")
    );
    assert_eq!(seen.content_length, Some(seen.body.len()));
}

fn soap_client(server: &Scripted) -> Client {
    server.client().binding(Binding::Soap).build().unwrap()
}

#[test]
fn soap_requests_follow_the_table_and_answers_are_read() {
    let values = "<GetCallValuesResult><NameValue><Name>a</Name><Value>1 &amp; 2</Value></NameValue><NameValue><Name>b</Name></NameValue></GetCallValuesResult>";
    let server = Scripted::start(vec![
        soap_answer(Op::GetCallValues, Some(values)),
        soap_answer(Op::SetValues, None),
        soap_answer(Op::EndCall, None),
        soap_answer(Op::EndCall, Some("<EndCallResult />")),
        soap_answer(
            Op::CreateCall,
            Some("<CreateCallResult>9007199254740993</CreateCallResult>"),
        ),
        soap_answer(Op::SendMail, Some("<SendMailResult>true</SendMailResult>")),
        soap_answer(
            Op::GetCall,
            Some("<GetCallResult><callId>1001</callId><comment /><isAgent>true</isAgent></GetCallResult>"),
        ),
        soap_answer(Op::GetAttachments, Some("<GetAttachmentsResult />")),
        soap_answer(Op::Login, Some("<LoginResult>fresh-token-5678</LoginResult>")),
    ]);
    let client = soap_client(&server);
    let call = CallId::new("1001");
    assert_eq!(
        client.get_call_values(&call).unwrap(),
        [
            NameValue::new("a", "1 & 2"),
            NameValue {
                name: Some("b".into()),
                value: None
            }
        ]
    );
    client
        .set_values(&PublicId::new("P"), [("n<1>", "v\r\n&"), ("m", "")])
        .unwrap();
    assert_eq!(
        client.end_call(&call, None).unwrap(),
        "",
        "a null result (no EndCallResult)"
    );
    assert_eq!(client.end_call(&call, Some("")).unwrap(), "");
    assert_eq!(client.create_call("X").unwrap().as_str(), "9007199254740993");
    assert!(client.send_mail(&call, "a@b.c", "T", "").unwrap());
    let record = client.get_call(&call).unwrap();
    assert_eq!((record.comment.as_deref(), record.is_agent), (Some(""), true));
    assert!(client.get_attachments(&call).unwrap().is_empty());
    assert_eq!(
        client.login_password("k", "u", "p").unwrap().expose(),
        "fresh-token-5678"
    );
    let seen = server.seen();
    let t = format!("<token>{TOKEN}</token>");
    assert_soap(&seen[0], Op::GetCallValues, &format!("{t}<callId>1001</callId>"));
    assert_soap(
        &seen[1],
        Op::SetValues,
        &format!("{t}<publicId>P</publicId><names><string>n&lt;1&gt;</string><string>m</string></names><values><string>v&#xD;\n&amp;</string><string></string></values>"),
    );
    assert_soap(
        &seen[2],
        Op::EndCall,
        &format!("{t}<callId>1001</callId><returnUrl></returnUrl>"),
    );
    assert_soap(&seen[4], Op::CreateCall, &format!("{t}<trajectCode>X</trajectCode>"));
    assert_soap(
        &seen[8],
        Op::Login,
        "<apikey>k</apikey><username>u</username><password>p</password>",
    );
}

#[test]
fn soap_faults_are_service_errors_in_both_forms() {
    let server = Scripted::start(vec![
        soap_fault("soap:Server", "Server was unable to process request. ---&gt; Unknown callId."),
        soap_fault(
            "soap:Server",
            "System.Web.Services.Protocols.SoapException: Server was unable to process request. ---&gt; System.Exception: Unknown callId.\n  at Idiligo.InsideService20.GetCall (System.String token, System.Int64 callId) [0x0] in &lt;abc&gt;:0 \n   --- End of inner exception stack trace ---",
        ),
        soap_fault(
            "soap:Client",
            "Server was unable to read request. ---&gt; There is an error in XML document (2, 291). ---&gt; Input string was not in a correct format.",
        ),
        soap_fault("soap:Server", "Server was unable to process request. ---&gt; Invalid token."),
        b"HTTP/1.1 400 Bad Request\r\nCache-Control: private\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        soap_fault("soap:Server", "Server was unable to process request. ---&gt; fake-token-1234 echoed"),
    ]);
    let client = soap_client(&server);
    let call = CallId::new("1");
    for form in ["On", "Off"] {
        let e = client.get_call(&call).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service, "{form}: {e}");
        assert_eq!(e.service_message(), Some("Unknown callId."), "{form}");
        assert_eq!(e.http_status(), Some(500));
        assert!(e.service_detail().unwrap().contains("Unknown callId."));
    }
    let e = client.get_call(&call).unwrap_err();
    assert_eq!(
        e.service_message(),
        Some("Server was unable to read request. ---> There is an error in XML document (2, 291). ---> Input string was not in a correct format.")
    );
    // A rejected token without credentials to log in again: an authentication error.
    let e = client.get_call(&call).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth, "{e}");
    let e = client.get_call(&call).unwrap_err();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Http, Some(400)), "{e}");
    // Secrets are masked in the fault's message and detail.
    let e = client.get_call(&call).unwrap_err();
    assert_eq!(e.service_message(), Some("*** echoed"));
}

#[test]
fn soap_values_xml_cannot_carry_and_soap_only_operations_send_nothing() {
    let server = Scripted::start(vec![]);
    let soap = soap_client(&server);
    let e = soap.set_value(&PublicId::new("P"), "n", "a\u{1b}[0m").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert!(
        e.to_string().contains("U+001B") && e.to_string().contains("POST"),
        "{e}"
    );
    let e = soap
        .call("GetServerTime", &[("bad name", "x")], &CallOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    let e = soap
        .call(
            Op::SetCallValues.name(),
            &[("callId", "1"), ("fields", "no equals sign")],
            &CallOptions::new(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("is not name=value"), "{e}");
    let e = soap
        .call(
            Op::AddDocumentFromBytes.name(),
            &[("file", "256"), ("filename", "a")],
            &CallOptions::new(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("not a byte value"), "{e}");
    let post = server.client().build().unwrap();
    let e = post.set_call_values(&CallId::new("1"), [("a", "b")]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    assert!(e.to_string().contains("SOAP only"), "{e}");
    assert!(server.seen().is_empty());
}

#[test]
fn soap_call_by_name_types_values_from_the_table() {
    let server = Scripted::start(vec![
        soap_answer(Op::SetCallValues, Some("<SetCallValuesResult>true</SetCallValuesResult>")),
        soap_answer(Op::SetValues, None),
        soap_answer(Op::AddDocumentFromBytes, Some("<AddDocumentFromBytesResult>1002</AddDocumentFromBytesResult>")),
        xml(&format!("{ANSWER_HEAD}<GetServerTimeResponse xmlns=\"http://www.idiligo.com/\"><GetServerTimeResult>12:00</GetServerTimeResult></GetServerTimeResponse></soap:Body></soap:Envelope>")),
    ]);
    let client = soap_client(&server);
    let opts = CallOptions::new();
    let text = client
        .call(
            Op::SetCallValues.name(),
            &[("callId", "7"), ("fields", "a=1=2"), ("fields", "b=")],
            &opts,
        )
        .unwrap()
        .unwrap();
    assert!(
        text.contains("<SetCallValuesResult>true</SetCallValuesResult>"),
        "the whole envelope: {text}"
    );
    assert_eq!(
        client.call(Op::SetValues.name(), &[("publicId", "P")], &opts).unwrap(),
        None,
        "a void answer; empty arrays over SOAP"
    );
    client
        .call(
            Op::AddDocumentFromBytes.name(),
            &[
                ("file", "37"),
                ("file", "80"),
                ("file", "68"),
                ("file", "70"),
                ("filename", "a.pdf"),
            ],
            &opts,
        )
        .unwrap();
    let text = client
        .call("GetServerTime", &[("zone", "UTC")], &opts)
        .unwrap()
        .unwrap();
    assert!(text.contains("12:00"));
    let seen = server.seen();
    let t = format!("<token>{TOKEN}</token>");
    assert_soap(
        &seen[0],
        Op::SetCallValues,
        &format!("{t}<callId>7</callId><fields><NameValue><Name>a</Name><Value>1=2</Value></NameValue><NameValue><Name>b</Name><Value></Value></NameValue></fields>"),
    );
    assert_soap(
        &seen[1],
        Op::SetValues,
        &format!("{t}<publicId>P</publicId><names></names><values></values>"),
    );
    assert_soap(
        &seen[2],
        Op::AddDocumentFromBytes,
        &format!("{t}<file>JVBERg==</file><filename>a.pdf</filename>"),
    );
    assert_eq!(
        seen[3].soap_action.as_deref(),
        Some("\"http://www.idiligo.com/GetServerTime\"")
    );
    assert!(seen[3]
        .body
        .contains("<GetServerTime xmlns=\"http://www.idiligo.com/\"><token>"));
    assert!(seen[3].body.contains("<zone>UTC</zone></GetServerTime>"));
}

/// An upload from a POST client goes over SOAP; the body is streamed with its length known up
/// front, and is exactly the envelope with the document's base64.
#[test]
fn uploads_stream_an_exact_envelope_over_soap() {
    let server = Scripted::start(vec![
        soap_answer(
            Op::AddDocumentFromBytes,
            Some("<AddDocumentFromBytesResult>1003</AddDocumentFromBytesResult>"),
        ),
        soap_answer(
            Op::AddDocumentFromBytesEx,
            Some("<AddDocumentFromBytesExResult>1004</AddDocumentFromBytesExResult>"),
        ),
    ]);
    let client = server.client().build().unwrap();
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 256) as u8).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a&b.bin");
    std::fs::write(&path, &data).unwrap();
    let id = client.add_document_from_file(&path, UploadOptions::new()).unwrap();
    assert_eq!(id.as_str(), "1003");
    let id = client
        .add_document_from_bytes(
            "x.pdf",
            &data[..5],
            UploadOptions::new().external_id("e<1>").temporary(true),
        )
        .unwrap();
    assert_eq!(id.as_str(), "1004");
    let seen = server.seen();
    let t = format!("<token>{TOKEN}</token>");
    let b64 = std::process::Command::new("base64")
        .arg("-w0")
        .arg(&path)
        .output()
        .map(|o| String::from_utf8(o.stdout).unwrap())
        .unwrap();
    assert_eq!(b64.len(), 133_336);
    assert_soap(
        &seen[0],
        Op::AddDocumentFromBytes,
        &format!("{t}<file>{b64}</file><filename>a&amp;b.bin</filename>"),
    );
    assert_soap(
        &seen[1],
        Op::AddDocumentFromBytesEx,
        &format!("{t}<file>AAECAwQ=</file><filename>x.pdf</filename><externalId>e&lt;1&gt;</externalId><priv>false</priv><temp>true</temp>"),
    );
}
