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
    // Every session token a client held while the texts were collected: none may appear in them.
    let mut tokens: Vec<String> = Vec::new();
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
        tokens.push(token.expose().to_owned());
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
            let text = format!("{e} {e:?}");
            // The echo reached the error (redacted), so the check below is not vacuous.
            assert!(
                text.contains("echo *** ***"),
                "the echoed page (status {status}) is not in the error"
            );
            texts.push(text);
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
        // Once logged in, the ticket client's own token echoed back in a fault.
        let ticket_token = ticket.session_token().unwrap();
        tokens.push(ticket_token.expose().to_owned());
        sb.inject(Fault::new(FaultKind::Status {
            status: 500,
            content_type: "text/plain".into(),
            body: format!("System.Exception: token {} refused", ticket_token.expose()),
        }));
        let e = ticket.create_call("X").unwrap_err();
        assert_eq!(e.service_message(), Some("token *** refused"));
        texts.push(format!("{e} {e:?} {ticket:?}"));
        // Start-meeting failures carry the partial meeting.
        let e = client
            .start_meeting(&MeetingRequest::new("X").value("<b", "x"))
            .unwrap_err();
        texts.push(format!("{e} {e:?}"));
        // The round's client used one token throughout (no renewal left a token unchecked).
        assert_eq!(client.session_token().unwrap().expose(), token.expose());
        assert_eq!(ticket.session_token().unwrap().expose(), ticket_token.expose());
    }
    texts.extend(LINES.lock().unwrap().iter().cloned());
    assert!(texts.iter().any(|t| t.contains("idiligo")), "logging captured nothing");
    let all = texts.join("\n");
    for secret in [APIKEY, PASSWORD, TICKET, "CANARY-PROXY-55", "CANARY-WRONG-TICKET"] {
        assert!(!all.contains(secret), "{secret} leaked:\n{all}");
    }
    // No session token that was in use leaked either (the sandbox issues 32 hex digits).
    assert_eq!(tokens.len(), 4, "two clients per round, two rounds");
    for (i, token) in tokens.iter().enumerate() {
        assert!(
            token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()),
            "token #{i} is not a sandbox token"
        );
        assert_eq!(
            tokens.iter().filter(|t| *t == token).count(),
            1,
            "token #{i} was reused"
        );
        let leaks: Vec<usize> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| t.contains(token.as_str()))
            .map(|(n, _)| n)
            .collect();
        // The texts are not printed: they would show the token.
        assert!(leaks.is_empty(), "session token #{i} leaked in texts {leaks:?}");
    }
}

/// A URL the caller gave that is refused (no host, no scheme) is quoted in the error with its
/// user info and query values masked: a base URL `https://user:password@…` or a pre-signed
/// document URL carries its secret there.
#[test]
fn refused_urls_are_quoted_without_their_secrets() {
    const PW: &str = "CANARY-URL-PW-4e1";
    const SIG: &str = "CANARY-URL-SIG-77";
    let mut texts = Vec::new();
    for base in [
        format!("https://agent:{PW}@"),
        format!("https://agent:{PW}@/InsideService20.asmx"),
        format!("agent:{PW}@app.idiligo.com"),
    ] {
        let e = Client::builder().base_url(&base).build().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{base}: {e}");
        texts.push(format!("{e} {e:?}"));
    }
    let e = Client::builder()
        .participant_base_url(format!("https://agent:{PW}@"))
        .build()
        .unwrap_err();
    texts.push(format!("{e} {e:?}"));
    let client = Client::builder().token(Token::new("fake-token-urls")).build().unwrap();
    for url in [
        format!("https://agent:{PW}@/doc.pdf?X-Signature={SIG}"),
        format!("/doc.pdf?X-Signature={SIG}&b={SIG}"),
        format!("doc.pdf?{SIG}"),
    ] {
        let e = client
            .download_to_writer(&url, &mut std::io::sink(), DownloadOptions::new())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{url}: {e}");
        texts.push(format!("{e} {e:?}"));
    }
    let all = texts.join("\n");
    // The URLs are still quoted (the host and path help), so the check is not vacuous.
    assert!(
        all.contains("URL has no host") && all.contains("not an absolute URL"),
        "{all}"
    );
    assert!(all.contains("/doc.pdf?X-Signature=***"), "{all}");
    for secret in [PW, SIG] {
        assert!(!all.contains(secret), "{secret} leaked:\n{all}");
    }
}

/// A participant link is sent to the participant: the user info of the client's base URL
/// (basic authentication in front of the service) never goes into it.
#[test]
fn participant_links_carry_no_user_info() {
    const PW: &str = "CANARY-BASIC-PW-9d2";
    let sb = Sandbox::start().unwrap();
    let base = sb.url().replacen("://", &format!("://agent:{PW}@"), 1);
    let client = sb.client_builder().base_url(&base).build().unwrap();
    let meeting = client.start_meeting(&MeetingRequest::new("INTAKE")).unwrap();
    let link = client.participant_url(&meeting.public_id).unwrap();
    let text = format!("{} {link} {meeting:?}", meeting.participant_url);
    let host = sb.url().trim_start_matches("http://").to_owned();
    assert!(link.starts_with(&format!("http://{host}/client?id=")), "{link}");
    assert!(!text.contains(PW) && !text.contains("agent:"), "{text}");
}
