//! The sandbox's control API (`/_sandbox/`): every endpoint does what its hook does, bad input
//! is a 400 with a JSON error (never a panic or a dead worker), it is off unless enabled, it
//! obeys the loopback Host rule, and control requests are never counted, delayed or faulted.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use idiligo::ops::Op;
use idiligo::sandbox::{Fault, Sandbox};
use idiligo::{CallId, DocumentId, ErrorKind, RetryPolicy};
use serde_json::Value;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

struct Answer {
    status: u16,
    content_type: String,
    json: Value,
}

fn answer(mut r: ureq::http::Response<ureq::Body>) -> Answer {
    let status = r.status().as_u16();
    let content_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let text = r.body_mut().read_to_string().unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}"));
    Answer {
        status,
        content_type,
        json,
    }
}

fn get(sb: &Sandbox, path: &str) -> Answer {
    answer(agent().get(format!("{}{path}", sb.url())).call().unwrap())
}

fn post(sb: &Sandbox, path: &str, body: &[u8]) -> Answer {
    answer(agent().post(format!("{}{path}", sb.url())).send(body).unwrap())
}

fn delete(sb: &Sandbox, path: &str) -> Answer {
    answer(agent().delete(format!("{}{path}", sb.url())).call().unwrap())
}

fn ok(a: Answer) -> Value {
    assert_eq!(a.status, 200, "{}", a.json);
    assert!(a.content_type.starts_with("application/json"), "{}", a.content_type);
    a.json
}

fn bad(a: Answer, status: u16) -> String {
    assert_eq!(a.status, status, "{}", a.json);
    assert!(a.content_type.starts_with("application/json"), "{}", a.content_type);
    a.json["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error message: {}", a.json))
        .to_owned()
}

fn started() -> Sandbox {
    Sandbox::builder().control_api(true).start().unwrap()
}

#[test]
fn the_description_lists_every_endpoint() {
    let sb = started();
    let d = ok(get(&sb, "/_sandbox/"));
    assert_eq!(d["url"], sb.url());
    let endpoints = d["endpoints"].as_array().unwrap();
    let listed: Vec<String> = endpoints
        .iter()
        .map(|e| format!("{} {}", e["method"].as_str().unwrap(), e["path"].as_str().unwrap()))
        .collect();
    for want in [
        "GET /_sandbox/",
        "POST /_sandbox/files",
        "GET /_sandbox/calls/{call}",
        "POST /_sandbox/calls/{call}/upload",
        "POST /_sandbox/calls/{call}/sign",
        "GET /_sandbox/documents/{document}",
        "POST /_sandbox/documents/{document}/fail-conversion",
        "GET /_sandbox/faults",
        "POST /_sandbox/faults",
        "DELETE /_sandbox/faults",
        "POST /_sandbox/latency",
        "POST /_sandbox/expire-tokens",
        "GET /_sandbox/mails",
        "GET /_sandbox/requests",
        "POST /_sandbox/reset",
    ] {
        assert!(listed.iter().any(|l| l == want), "{want} not in {listed:?}");
    }
    assert!(endpoints.iter().all(|e| !e["description"].as_str().unwrap().is_empty()));
    // Without the trailing slash too.
    assert_eq!(ok(get(&sb, "/_sandbox"))["url"], sb.url());
}

#[test]
fn files_uploads_signatures_and_inspection() {
    let sb = started();
    let client = sb.client().unwrap();
    // Host a file and let the service fetch it.
    let hosted = ok(post(&sb, "/_sandbox/files?name=offer%20v1.pdf", b"%PDF offer"));
    let url = hosted["url"].as_str().unwrap().to_owned();
    assert_eq!(hosted["size"], 10);
    assert_eq!(sb.request_count("Files"), 0);
    let doc = client.add_document_from_url(&url, "offer.pdf", "crm-1").unwrap();
    // The service fetched it from the sandbox's own file host.
    assert_eq!(sb.request_count("Files"), 1);
    let call = client.create_call("INTAKE").unwrap();
    client.set_document_to_upload_action(&call, "crm-1", &doc).unwrap();

    // The participant uploads; the client sees it.
    let up = ok(post(
        &sb,
        &format!("/_sandbox/calls/{call}/upload?filename=passport.jpg"),
        b"JPEG bytes",
    ));
    let uploaded = up["document_id"].as_str().unwrap().to_owned();
    assert_eq!(up["call_id"], call.as_str());
    let list = client.get_attachments(&call).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().any(|a| a.id.as_str() == uploaded && !a.attach));
    assert_eq!(
        sb.document_bytes(&DocumentId::new(uploaded.as_str())).unwrap(),
        b"JPEG bytes"
    );

    // The participant signs the bound document.
    let signed = ok(post(&sb, &format!("/_sandbox/calls/{call}/sign?document={doc}"), b""));
    assert_eq!(signed["sign_status"], 2);
    let snap = sb.call(&call).unwrap();
    assert_eq!(snap.documents.iter().find(|d| d.id == doc).unwrap().sign_status, 2);

    // Inspecting the call, as the hooks see it.
    client.set_comment(&call, "note \"quoted\"\n").unwrap();
    let c = ok(get(&sb, &format!("/_sandbox/calls/{call}")));
    assert_eq!(c["id"], call.as_str());
    assert_eq!(c["script_code"], "INTAKE");
    assert_eq!(c["public_id"], snap.public_id.as_str());
    assert_eq!(c["comment"], "note \"quoted\"\n");
    assert_eq!(c["ended"], false);
    assert_eq!(c["contact"], Value::Null);
    let docs = c["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["binding"], "upload_action");
    assert_eq!(docs[0]["external_id"], "crm-1");
    assert_eq!(docs[0]["sign_status"], 2);
    assert_eq!(docs[1]["origin"], "uploaded");
    assert_eq!(docs[1]["filename"], "passport.jpg");
    assert_eq!(docs[1]["size"], 10);
    assert_eq!(docs[0]["node_code"], Value::Null);
    assert_eq!(docs[1]["node_code"], Value::Null);
    // A document added at a node of the script names it, in the JSON and in the snapshot.
    client.add_document_to_call(&call, &doc, "N7").unwrap();
    let c = ok(get(&sb, &format!("/_sandbox/calls/{call}")));
    let docs = c["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        (&docs[2]["binding"], &docs[2]["node_code"]),
        (&"node".into(), &"N7".into())
    );
    let snap = sb.call(&call).unwrap();
    let codes: Vec<_> = snap.documents.iter().map(|d| d.binding.node_code()).collect();
    assert_eq!(codes, [None, None, Some("N7")]);

    // A stored document, and failing its conversion.
    let d = ok(get(&sb, &format!("/_sandbox/documents/{doc}")));
    assert_eq!(d["added_via"], "url");
    assert_eq!(d["external_id"], "crm-1");
    assert_eq!(d["conversion"], "READY");
    ok(post(&sb, &format!("/_sandbox/documents/{doc}/fail-conversion"), b""));
    assert_eq!(
        ok(get(&sb, &format!("/_sandbox/documents/{doc}")))["conversion"],
        "ERROR"
    );
    assert_eq!(sb.document_status(&doc).as_str(), "ERROR");
    assert_eq!(sb.document_status(&doc).to_string(), "ERROR");
}

#[test]
fn values_and_contacts_and_mails_are_visible() {
    let sb = started();
    let client = sb.client().unwrap();
    let meeting = client
        .start_meeting(
            &idiligo::MeetingRequest::new("INTAKE")
                .participant(idiligo::Participant::new("jan@example.com").name("Jan", "Jansen"))
                .value("PolicyNumber", "P-1234"),
        )
        .unwrap();
    let c = ok(get(&sb, &format!("/_sandbox/calls/{}", meeting.call_id)));
    assert_eq!(c["contact"]["email"], "jan@example.com");
    assert_eq!(c["contact"]["last_name"], "Jansen");
    assert_eq!(c["values"][0]["name"], "PolicyNumber");
    assert_eq!(c["values"][0]["value"], "P-1234");
    assert!(ok(get(&sb, "/_sandbox/mails"))["mails"].as_array().unwrap().is_empty());
    client
        .send_mail(&meeting.call_id, "jan@example.com", "INVITE", "")
        .unwrap();
    let mails = ok(get(&sb, "/_sandbox/mails"));
    let m = &mails["mails"][0];
    assert_eq!(m["to"], "jan@example.com");
    assert_eq!(m["template_code"], "INVITE");
    assert_eq!(m["call_id"], meeting.call_id.as_str());
    assert!(m["sent_unix"].as_u64().unwrap() > 1_600_000_000);
}

#[test]
fn every_fault_kind_can_be_injected() {
    let sb = started();
    let client = sb
        .client_builder()
        .retry_policy(RetryPolicy::none())
        .request_timeout(Duration::from_millis(700))
        .build()
        .unwrap();
    let call = client.create_call("X").unwrap();
    let op = Op::GetAttachments.name();

    let q = ok(post(
        &sb,
        &format!("/_sandbox/faults?kind=status&status=503&operation={op}&content_type=text/html&body=busy"),
        b"",
    ));
    assert_eq!(q["queued"]["kind"], "status");
    assert_eq!(q["queued"]["operation"], op);
    // The control API is not faulted: this request sees the queue, not the fault.
    let listed = ok(get(&sb, "/_sandbox/faults"));
    assert_eq!(listed["faults"].as_array().unwrap().len(), 1);
    let e = client.get_attachments(&call).unwrap_err();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Http, Some(503)), "{e}");
    assert!(client.get_attachments(&call).is_ok(), "the fault applied once");

    ok(post(&sb, &format!("/_sandbox/faults?kind=drop&operation={op}"), b""));
    let e = client.get_attachments(&call).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Transport | ErrorKind::Connect), "{e}");

    ok(post(
        &sb,
        &format!("/_sandbox/faults?kind=truncated&operation={op}"),
        b"",
    ));
    assert!(client.get_attachments(&call).is_err());

    // A stall longer than the request timeout: a timeout.
    ok(post(
        &sb,
        &format!("/_sandbox/faults?kind=stall&ms=2000&operation={op}"),
        b"",
    ));
    sb.simulate_upload(&call, "x.pdf", vec![b'x'; 4000]).unwrap();
    let e = client.get_attachments(&call).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");

    // A delay: answered normally, later. Form parameters (curl -d) work too.
    let r = agent()
        .post(format!("{}/_sandbox/faults", sb.url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(format!("kind=delay&ms=300&operation={op}&times=2"))
        .unwrap();
    assert_eq!(ok(answer(r))["queued"]["times"], 2);
    let t = Instant::now();
    assert!(client.get_attachments(&call).is_ok());
    assert!(t.elapsed() >= Duration::from_millis(290), "{:?}", t.elapsed());
    assert_eq!(ok(delete(&sb, "/_sandbox/faults"))["cleared"], 1);
    let t = Instant::now();
    assert!(client.get_attachments(&call).is_ok());
    assert!(t.elapsed() < Duration::from_millis(290), "{:?}", t.elapsed());

    // A fault for "any request" is left for the service: control requests never take it.
    ok(post(&sb, "/_sandbox/faults?kind=status&status=502", b""));
    for _ in 0..3 {
        assert_eq!(ok(get(&sb, "/_sandbox/faults"))["faults"][0]["status"], 502);
    }
    let e = client.get_attachments(&call).unwrap_err();
    assert_eq!(e.http_status(), Some(502), "{e}");
    assert!(ok(get(&sb, "/_sandbox/faults"))["faults"]
        .as_array()
        .unwrap()
        .is_empty());
}

/// A form body (curl -d) is read up to 64 KiB; one byte more is a 413, and the worker lives on.
#[test]
fn a_form_body_is_capped_at_64_kib() {
    let sb = started();
    let form = |len: usize| {
        let mut body = String::from("kind=status&status=503&operation=Nothing&pad=");
        body.push_str(&"x".repeat(len - body.len()));
        body
    };
    let send = |body: String| {
        answer(
            agent()
                .post(format!("{}/_sandbox/faults", sb.url()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send(body)
                .unwrap(),
        )
    };
    assert_eq!(ok(send(form(64 * 1024)))["queued"]["kind"], "status");
    assert!(bad(send(form(64 * 1024 + 1)), 413).contains("64 KiB"));
    assert_eq!(ok(get(&sb, "/_sandbox/faults"))["faults"].as_array().unwrap().len(), 1);
    // `times` is 1 to 1,000,000.
    let times = |n: u64| {
        post(
            &sb,
            &format!("/_sandbox/faults?kind=drop&operation=Nothing&times={n}"),
            b"",
        )
    };
    assert_eq!(ok(times(1_000_000))["queued"]["times"], 1_000_000);
    assert!(bad(times(1_000_001), 400).contains("between 1 and 1000000"));
    assert!(bad(times(0), 400).contains("between 1 and 1000000"));
    // A pause is at most an hour.
    let delay = |ms: u64| {
        post(
            &sb,
            &format!("/_sandbox/faults?kind=delay&operation=Nothing&ms={ms}"),
            b"",
        )
    };
    assert_eq!(ok(delay(3_600_000))["queued"]["kind"], "delay");
    assert!(bad(delay(3_600_001), 400).contains("larger than 3600000 ms"));
}

/// An answer over 32 KiB (here: 1,000 queued faults) is sent chunked, and arrives whole; an
/// HTTP/1.0 client, which cannot read chunks, gets it whole in one body ended by the close.
#[test]
fn a_large_answer_arrives_whole() {
    let sb = started();
    for i in 0..1000 {
        sb.inject(Fault::unavailable().operation(format!("Operation{i}")));
    }
    let r = agent().get(format!("{}/_sandbox/faults", sb.url())).call().unwrap();
    let chunked = r.headers().get("transfer-encoding").is_some();
    let listed = ok(answer(r));
    assert!(chunked, "over the 32 KiB threshold the answer is chunked");
    let faults = listed["faults"].as_array().unwrap();
    assert_eq!(faults.len(), 1000);
    assert_eq!(faults[999]["operation"], "Operation999");

    let mut s = TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET /_sandbox/faults HTTP/1.0\r\nHost: 127.0.0.1:{}\r\n\r\n",
        sb.port()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.0 200 "), "{head}");
    assert!(!head.to_ascii_lowercase().contains("transfer-encoding"), "{head}");
    let listed: Value = serde_json::from_str(body).unwrap();
    assert_eq!(listed["faults"].as_array().unwrap().len(), 1000, "{head}");
}

#[test]
fn latency_tokens_counters_and_reset() {
    let sb = started();
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();

    assert_eq!(ok(post(&sb, "/_sandbox/latency?ms=250", b""))["latency_ms"], 250);
    let t = Instant::now();
    client.get_attachments(&call).unwrap();
    assert!(t.elapsed() >= Duration::from_millis(240), "{:?}", t.elapsed());
    // The control API itself is not delayed.
    let t = Instant::now();
    ok(get(&sb, "/_sandbox/"));
    assert!(t.elapsed() < Duration::from_millis(240), "{:?}", t.elapsed());
    ok(post(&sb, "/_sandbox/latency?ms=0", b""));

    let logins = sb.requests(Op::Login);
    ok(post(&sb, "/_sandbox/expire-tokens", b""));
    client.get_attachments(&call).unwrap();
    assert_eq!(sb.requests(Op::Login), logins + 1, "the client logged in again");

    let op = Op::GetAttachments.name();
    let one = ok(get(&sb, &format!("/_sandbox/requests?operation={op}")));
    assert_eq!(one["count"], sb.requests(Op::GetAttachments));
    let all = ok(get(&sb, "/_sandbox/requests"));
    assert_eq!(all["counts"][op], sb.requests(Op::GetAttachments));
    assert_eq!(all["counts"][Op::CreateCall.name()], 1);
    assert!(
        all["counts"].get("other").is_none(),
        "control requests are not counted: {all}"
    );

    sb.host_file("a.pdf", b"x".to_vec());
    sb.inject(Fault::unavailable().operation("Nothing"));
    assert_eq!(ok(post(&sb, "/_sandbox/reset", b""))["reset"], true);
    assert!(sb.call(&call).is_none(), "the call is forgotten");
    assert_eq!(
        bad(get(&sb, &format!("/_sandbox/calls/{call}")), 404),
        format!("unknown call {call}")
    );
    assert_eq!(sb.requests(Op::GetAttachments), 0);
    assert!(ok(get(&sb, "/_sandbox/faults"))["faults"]
        .as_array()
        .unwrap()
        .is_empty());
    // The session survives; new ids never repeat the old ones.
    let again = client.create_call("X").unwrap();
    assert_ne!(again, call);
    assert_eq!(sb.requests(Op::Login), 0, "the token was kept: no new login");
    assert!(again.as_str().parse::<i64>().unwrap() > call.as_str().parse::<i64>().unwrap());
    // The generator of public ids and tokens carries on too: two new calls, two new links.
    let second = client.create_call("X").unwrap();
    assert_ne!(
        client.get_public_call_id(&again).unwrap(),
        client.get_public_call_id(&second).unwrap()
    );
}

#[test]
fn bad_input_is_a_json_400_and_never_kills_a_worker() {
    let sb = Sandbox::builder()
        .control_api(true)
        .max_document_bytes(16)
        .start()
        .unwrap();
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    let cases: Vec<(&str, &str, u16, &str)> = vec![
        ("POST", "/_sandbox/files", 400, "parameter name is missing"),
        ("POST", "/_sandbox/files?name=a/b", 400, "must not contain"),
        ("POST", "/_sandbox/calls/abc/upload?filename=x", 400, "not a call id"),
        ("POST", "/_sandbox/calls/1/upload", 400, "parameter filename is missing"),
        ("POST", "/_sandbox/files?name=", 400, "parameter name is missing"),
        (
            "POST",
            "/_sandbox/calls/99999999/upload?filename=x",
            404,
            "unknown call",
        ),
        ("POST", "/_sandbox/calls/99999999/sign?document=1", 404, "unknown call"),
        ("GET", "/_sandbox/calls/99999999999999999999999", 400, "not a call id"),
        ("GET", "/_sandbox/documents/x", 400, "not a document id"),
        ("GET", "/_sandbox/documents/424242", 404, "unknown document"),
        (
            "POST",
            "/_sandbox/documents/424242/fail-conversion",
            404,
            "unknown document",
        ),
        ("POST", "/_sandbox/faults", 400, "parameter kind is missing"),
        ("POST", "/_sandbox/faults?kind=explode", 400, "unknown fault kind"),
        (
            "POST",
            "/_sandbox/faults?kind=status",
            400,
            "parameter status is missing",
        ),
        (
            "POST",
            "/_sandbox/faults?kind=status&status=99",
            400,
            "not an HTTP status",
        ),
        (
            "POST",
            "/_sandbox/faults?kind=status&status=abc",
            400,
            "not a non-negative integer",
        ),
        ("POST", "/_sandbox/faults?kind=delay", 400, "parameter ms is missing"),
        (
            "POST",
            "/_sandbox/faults?kind=delay&ms=-5",
            400,
            "not a non-negative integer",
        ),
        ("POST", "/_sandbox/faults?kind=stall&ms=99999999999", 400, "larger than"),
        ("POST", "/_sandbox/faults?kind=drop&times=0", 400, "times must be"),
        (
            "POST",
            "/_sandbox/faults?kind=status&status=500&content_type=%0A",
            400,
            "printable ASCII",
        ),
        ("POST", "/_sandbox/latency", 400, "parameter ms is missing"),
        ("POST", "/_sandbox/latency?ms=1e3", 400, "not a non-negative integer"),
        (
            "GET",
            "/_sandbox/requests?operation=getattachments",
            400,
            "no operation",
        ),
        ("GET", "/_sandbox/nothing", 404, "no such control endpoint"),
        ("GET", "/_sandbox/calls", 404, "no such control endpoint"),
        ("PUT", "/_sandbox/", 405, "not allowed"),
        ("GET", "/_sandbox/reset", 405, "not allowed"),
        ("GET", "/_sandbox/latency", 405, "not allowed"),
        ("DELETE", "/_sandbox/mails", 405, "not allowed"),
        ("GET", "/_sandbox/files", 405, "not allowed"),
        ("PATCH", "/_sandbox/faults", 405, "not allowed"),
    ];
    for (method, path, status, says) in cases {
        let url = format!("{}{path}", sb.url());
        let r = match method {
            "GET" => agent().get(url).call(),
            "DELETE" => agent().delete(url).call(),
            "POST" => agent().post(url).send(&b""[..]),
            "PUT" => agent().put(url).send(&b""[..]),
            _ => agent().patch(url).send(&b""[..]),
        }
        .unwrap();
        let msg = bad(answer(r), status);
        assert!(msg.contains(says), "{method} {path}: {msg:?} does not say {says:?}");
    }
    // Over the document cap: 413, and nothing stored.
    let msg = bad(
        post(&sb, &format!("/_sandbox/calls/{call}/upload?filename=x"), &[0u8; 17]),
        413,
    );
    assert!(msg.contains("16 bytes"), "{msg}");
    assert!(sb.call(&call).unwrap().documents.is_empty());
    // Exactly the cap is stored.
    let stored = ok(post(
        &sb,
        &format!("/_sandbox/calls/{call}/upload?filename=x"),
        &[0u8; 16],
    ));
    assert_eq!(stored["size"], 16);
    assert_eq!(sb.call(&call).unwrap().documents.len(), 1);
    // Signing a document that is not part of the call: 400 with the hook's message.
    let other = client.create_call("Y").unwrap();
    let d = sb.simulate_upload(&other, "o.pdf", b"o".to_vec()).unwrap();
    let msg = bad(
        post(&sb, &format!("/_sandbox/calls/{call}/sign?document={d}"), b""),
        400,
    );
    assert!(msg.contains("not part of call"), "{msg}");
    // Raw garbage on the wire: the server keeps serving every worker.
    for junk in [
        &b"POST /_sandbox/files?name=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nab"[..],
        b"GET /_sandbox/calls/%FF%FE HTTP/1.1\r\n\r\n",
        b"\x00\x01\x02 /_sandbox/ HTTP/1.1\r\n\r\n",
    ] {
        // The connection must stand: a server that stopped accepting would otherwise pass.
        let mut s = TcpStream::connect(sb.url().trim_start_matches("http://")).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let _ = s.write_all(junk);
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut sink = Vec::new();
        let _ = s.read_to_end(&mut sink);
    }
    for _ in 0..40 {
        ok(get(&sb, "/_sandbox/"));
    }
    assert!(client.get_attachments(&CallId::new(call.as_str())).is_ok());
}

#[test]
fn off_unless_enabled_and_only_for_loopback_hosts() {
    let plain = Sandbox::start().unwrap();
    let r = agent().get(format!("{}/_sandbox/", plain.url())).call().unwrap();
    assert_eq!(
        r.status().as_u16(),
        404,
        "the embedded sandbox has no control API by default"
    );

    let sb = started();
    let port = sb.port();
    let r = agent()
        .get(format!("{}/_sandbox/", sb.url()))
        .header("Host", format!("evil.example:{port}"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let r = agent()
        .get(format!("http://localhost:{port}/_sandbox/"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

/// The Rust methods behind the control API's `faults` and `reset`: `clear_faults` empties the
/// queue, `reset` forgets the meetings.
#[test]
fn clear_faults_and_reset_from_rust() {
    let sb = started();
    let call = sb.client().unwrap().create_call("X").unwrap();
    sb.inject(Fault::unavailable().operation("Nothing").times(3));
    let queued = |sb: &Sandbox| ok(get(sb, "/_sandbox/faults"))["faults"].as_array().unwrap().len();
    assert_eq!(queued(&sb), 1);
    sb.clear_faults();
    assert_eq!(queued(&sb), 0);
    assert!(sb.call(&call).is_some());
    sb.reset();
    assert!(sb.call(&call).is_none(), "the call is forgotten");
}
