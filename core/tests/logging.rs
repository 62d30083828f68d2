//! What the client logs: an INFO record per login, retry warnings that name the operation
//! once, and DEBUG records (ureq's too) that never show the base URL's user info. One test: the logger is
//! global to the test binary.

#[path = "support/faults.rs"]
mod faults;

use std::sync::{Arc, Mutex};

use faults::{response, xml_root, Action, FaultServer};
use idiligo::*;

static RECORDS: Mutex<Vec<(log::Level, String)>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        RECORDS
            .lock()
            .unwrap()
            .push((record.level(), format!("[{}] {}", record.target(), record.args())));
    }
    fn flush(&self) {}
}

#[test]
fn logins_retries_and_urls_in_the_log() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Debug);
    let attempts = Arc::new(Mutex::new(0));
    let a2 = attempts.clone();
    let server = FaultServer::start(move |seen| match seen.operation() {
        "Login" => Action::Respond(xml_root("string", "fake-session-token-99")),
        _ => {
            let mut n = a2.lock().unwrap();
            *n += 1;
            if *n == 1 {
                Action::Respond(response(503, "Unavailable", &[("Content-Type", "text/html")], b"busy"))
            } else {
                Action::Respond(xml_root("string", "P-1"))
            }
        }
    });
    let client = Client::builder()
        .base_url(format!("http://apiuser:fake-basic-pw@127.0.0.1:{}", server.port))
        .credentials(Credentials::password(
            "fake-apikey",
            "agent@example.test",
            "fake-password",
        ))
        .sleeper(Arc::new(|_| {}))
        .build()
        .unwrap();
    client.get_public_call_id(&CallId::new("1")).unwrap();
    let records = RECORDS.lock().unwrap().clone();
    let all: Vec<String> = records.iter().map(|(l, m)| format!("{l} {m}")).collect();
    let all = all.join("\n");
    assert!(
        records
            .iter()
            .any(|(l, m)| *l == log::Level::Info && m == "[idiligo::session] Login: logged in as agent@example.test"),
        "{all}"
    );
    let warn = records
        .iter()
        .find(|(l, _)| *l == log::Level::Warn)
        .unwrap_or_else(|| panic!("no retry warning:\n{all}"));
    assert!(
        warn.1
            .starts_with("[idiligo::exchange] GetPublicCallId: unexpected HTTP 503"),
        "{}",
        warn.1
    );
    assert_eq!(
        warn.1.matches("GetPublicCallId").count(),
        2,
        "the name and the URL: {}",
        warn.1
    );
    assert!(
        records
            .iter()
            .any(|(l, m)| *l == log::Level::Debug && m.contains("http://***@127.0.0.1")),
        "{all}"
    );
    for secret in [
        "fake-basic-pw",
        "apiuser:",
        "fake-password",
        "fake-apikey",
        "fake-session-token-99",
    ] {
        assert!(!all.contains(secret), "{secret} in the log:\n{all}");
    }
}
