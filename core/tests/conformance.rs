//! Conformance against a real ASMX stack: the Mono-hosted replica of InsideService20 under
//! `tests/asmx/`. These tests need Mono and the replica built by `tests/asmx/build.sh`; they are
//! `#[ignore]`d in a plain `cargo test` and run by `tests/conformance/run.sh` (part of
//! `tests/run-all.sh`) with `--ignored`.
//!
//! * `scenario_*`: the end-to-end scenario through the Rust client over both bindings with
//!   customErrors On and Off.
//! * `differential_sandbox_matches_replica`: a fixed list of raw requests sent to the sandbox
//!   and to the replica; status, content type and body must match after normalising what
//!   legitimately varies.

mod support;

use std::time::Duration;

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

    for binding in [Binding::Post, Binding::Get] {
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
            assert_eq!(
                detail.starts_with("System.Exception: "),
                custom_errors == "Off",
                "{ctx}: {detail}"
            );
        }
        // An invalid parameter (not a long): a framework error; its wording differs between
        // runtimes, so only the kind is checked.
        let e = client.get_public_call_id(&CallId::new("abc")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service, "{ctx}: {e}");
        // A value the ASP.NET request validation refuses.
        let e = client
            .set_values(&meeting.public_id, [("html", "<b>x</b>")])
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service, "{ctx}: {e}");
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
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase()
        .replace(' ', "");
    let body = resp.body_mut().read_to_string().unwrap_or_default();
    Raw {
        status,
        content_type,
        body,
    }
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
    for prefix in ["Missing parameter: ", "Cannot convert ", "Request format is invalid: "] {
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
    Setup {
        token,
        call,
        public_id,
        document,
        contact,
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
    v.push((
        "non-form POST".into(),
        "POST",
        "GetPublicCallId".into(),
        format!("token={t}&callId={}", s.call),
        "text/plain",
    ));
    v
}

#[test]
#[ignore = "needs Mono and the ASMX replica: run tests/conformance/run.sh"]
fn differential_sandbox_matches_replica() {
    for (mode, sb_mode) in [("On", CustomErrors::On), ("Off", CustomErrors::Off)] {
        let replica = Replica::start(mode, 86400);
        let sandbox = Sandbox::builder().custom_errors(sb_mode).start().unwrap();
        let doc_url = sandbox.host_file("d.pdf", b"%PDF diff".to_vec());
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build()
            .into();
        let servers = [("sandbox", sandbox.url().to_owned()), ("replica", replica.url.clone())];
        let mut results: Vec<Vec<(String, String)>> = Vec::new();
        for (_, base) in &servers {
            let s = setup(&agent, base, &doc_url);
            let ids = vec![
                (s.token.clone(), "TOKEN"),
                (s.public_id.clone(), "PUBLICID"),
                (s.document.clone(), "DOCID"),
                (s.contact.clone(), "CONTACTID"),
                (s.call.clone(), "CALLID"),
            ];
            let mut out = Vec::new();
            for (name, method, op, params, ctype) in cases(&s) {
                let raw = if method == "POST" {
                    send(&agent, base, "POST", &op, "", Some((ctype, &params)))
                } else {
                    send(&agent, base, "GET", &op, &params, None)
                };
                let text = format!("{} {}\n{}", raw.status, raw.content_type, normalise(&raw.body, &ids));
                out.push((name, text));
            }
            results.push(out);
        }
        let mut diffs = Vec::new();
        for ((name, a), (_, b)) in results[0].iter().zip(&results[1]) {
            if a != b {
                diffs.push(format!("--- {name} [{mode}]\nsandbox:\n{a}\nreplica:\n{b}\n"));
            }
        }
        assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
    }
}
