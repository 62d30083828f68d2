//! Secrets canary: planted credentials and tokens never appear in errors, `Debug` output or
//! log lines, even when the server echoes them back.

use std::sync::Mutex;

use idiligo::sandbox::{Fault, FaultKind, Sandbox, SandboxCredentials};
use idiligo::*;

static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        LINES
            .lock()
            .unwrap()
            .push(format!("{} {}", record.target(), record.args()));
    }
    fn flush(&self) {}
}

const APIKEY: &str = "CANARY-APIKEY-7f3a";
const PASSWORD: &str = "CANARY-PASSWORD-91bd";
const TICKET: &str = "CANARY-TICKET-c0de";

#[test]
fn secrets_never_leak() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let sb = Sandbox::builder()
        .credentials(SandboxCredentials {
            apikey: APIKEY.into(),
            username: "agent@example.test".into(),
            password: PASSWORD.into(),
            ticket: TICKET.into(),
        })
        .start()
        .unwrap();
    let mut texts: Vec<String> = Vec::new();
    for binding in [Binding::Post, Binding::Get] {
        // With TRACE enabled, ureq prints request URLs in full (its DEBUG lines mask them);
        // with the GET binding those carry the secrets. That one exception is documented on
        // `Binding::Get`, so the GET round runs at DEBUG, the POST round at TRACE.
        log::set_max_level(if binding == Binding::Post {
            log::LevelFilter::Trace
        } else {
            log::LevelFilter::Debug
        });
        let client = sb
            .client_builder()
            .binding(binding)
            .proxy("http://proxyuser:CANARY-PROXY-55@127.0.0.1:9")
            .build()
            .unwrap();
        texts.push(format!("{client:?}"));
        // The proxy is unreachable: connect errors.
        texts.push(format!(
            "{:?} {}",
            client.create_call("X").unwrap_err(),
            client.create_call("X").unwrap_err()
        ));

        let client = sb.client_builder().binding(binding).build().unwrap();
        let token = client.session_token().unwrap();
        texts.push(format!("{token:?} {token} {:?}", sb.credentials()));
        texts.push(format!("{:?}", sb.ticket_credentials()));
        texts.push(format!("{:?}", sb.sandbox_credentials()));
        // The server echoes the secrets back in an error page and in a fault.
        for status in [502, 500] {
            let body = format!("echo {APIKEY} {PASSWORD} {}", token.expose());
            sb.inject(Fault::new(FaultKind::Status {
                status,
                content_type: if status == 500 {
                    "text/plain".into()
                } else {
                    "text/html".into()
                },
                body,
            }));
            let e = client.create_call("X").unwrap_err();
            sb.clear_faults();
            texts.push(format!("{e} {e:?}"));
        }
        // Wrong password / ticket.
        let wrong = sb
            .client_builder()
            .binding(binding)
            .credentials(Credentials::ticket(APIKEY, "agent@example.test", "CANARY-WRONG-TICKET"))
            .build()
            .unwrap();
        let e = wrong.create_call("X").unwrap_err();
        texts.push(format!("{e} {e:?} {wrong:?}"));
        // A ticket client whose login answer echoes the ticket.
        let ticket = sb
            .client_builder()
            .binding(binding)
            .credentials(sb.ticket_credentials())
            .build()
            .unwrap();
        sb.inject(Fault::new(FaultKind::Status {
            status: 500,
            content_type: "text/plain".into(),
            body: format!("System.Exception: bad ticket {TICKET} for key {APIKEY}"),
        }));
        let e = ticket.create_call("X").unwrap_err();
        assert_eq!(e.service_message(), Some("bad ticket *** for key ***"));
        texts.push(format!("{e} {e:?}"));
        // Start-meeting failures carry the partial meeting.
        let e = client
            .start_meeting(&MeetingRequest::new("X").value("<b", "x"))
            .unwrap_err();
        texts.push(format!("{e} {e:?}"));
    }
    texts.extend(LINES.lock().unwrap().iter().cloned());
    assert!(texts.iter().any(|t| t.contains("idiligo")), "logging captured nothing");
    let all = texts.join("\n");
    for secret in [APIKEY, PASSWORD, TICKET, "CANARY-PROXY-55", "CANARY-WRONG-TICKET"] {
        assert!(!all.contains(secret), "{secret} leaked:\n{all}");
    }
    // No token (32 hex digits issued by the sandbox) leaked either.
    let client = sb.client().unwrap();
    let token = client.session_token().unwrap();
    assert!(!all.contains(token.expose()));
    assert!(all.contains("***"));
}
