//! Downloads under the rules of the issue "Holding up under faults and hostile input":
//! redirects (followed for downloads only, at most 5, never https → http, credentials never
//! forwarded to another host, the final URL logged redacted), `download_all` modes (continue,
//! resume by attachment id), hostile file names end to end, and file modes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use idiligo::sandbox::{Fault, FaultKind, Sandbox};
use idiligo::*;

#[path = "support/tls.rs"]
mod tls;
use tls::{tls_config, tls_dir};

// ------------------------------------------------------------------ a scripted loopback server

type Respond = dyn Fn(&str, &str) -> Vec<u8> + Send + Sync;

/// A loopback HTTP (or HTTPS) server: `respond(path, request head)` gives the raw answer;
/// every request head is recorded. One request per connection (`Connection: close`).
struct Server {
    port: u16,
    heads: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(tls: bool, respond: impl Fn(&str, &str) -> Vec<u8> + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let respond: Arc<Respond> = Arc::new(respond);
        let config = tls.then(tls_config);
        let (h, s) = (heads.clone(), stop.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (h, respond, config) = (h.clone(), respond.clone(), config.clone());
                std::thread::spawn(move || {
                    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                    match config {
                        Some(c) => {
                            let server = rustls::ServerConnection::new(c).unwrap();
                            let mut stream = rustls::StreamOwned::new(server, conn);
                            serve_one(&mut stream, &h, &*respond);
                            stream.conn.send_close_notify();
                            let _ = stream.flush();
                        }
                        None => {
                            let mut conn = conn;
                            serve_one(&mut conn, &h, &*respond);
                        }
                    }
                });
            }
        });
        Server { port, heads, stop }
    }

    fn url(&self, scheme: &str, path: &str) -> String {
        format!("{scheme}://127.0.0.1:{}{path}", self.port)
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }

    fn paths(&self) -> Vec<String> {
        self.heads()
            .iter()
            .map(|h| h.split(' ').nth(1).unwrap_or("").to_owned())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve_one(stream: &mut (impl Read + Write), heads: &Mutex<Vec<String>>, respond: &Respond) {
    let mut reader = BufReader::new(&mut *stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    drop(reader);
    let path = head.split(' ').nth(1).unwrap_or("").to_owned();
    heads.lock().unwrap().push(head.clone());
    let _ = stream.write_all(&respond(&path, &head));
    let _ = stream.flush();
}

fn answer(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

fn redirect(status: &str, location: &str) -> Vec<u8> {
    answer(status, &[("Location", location)], b"moved")
}

fn client() -> Client {
    Client::builder()
        .base_url("http://127.0.0.1:9")
        .token(Token::new("fake-token-redirects"))
        .retry_policy(RetryPolicy::none())
        .add_ca_file(tls_dir().join("ca.pem"))
        .request_timeout(Duration::from_secs(5))
        .stall_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn fetch(client: &Client, url: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    client.download_to_writer(url, &mut out, DownloadOptions::new())?;
    Ok(out)
}

// ------------------------------------------------------------------ a log capture

struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        self.0
            .lock()
            .unwrap()
            .push(format!("{} {}", record.level(), record.args()));
    }
    fn flush(&self) {}
}

fn captured() -> &'static Capture {
    static CAPTURE: OnceLock<&'static Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let c: &'static Capture = Box::leak(Box::new(Capture(Mutex::new(Vec::new()))));
        log::set_logger(c).unwrap();
        log::set_max_level(log::LevelFilter::Debug);
        c
    })
}

// ------------------------------------------------------------------ redirects

/// A server whose `/{prefix}/N` answers a redirect to `/{prefix}/N+1` (statuses and forms of
/// `Location` vary), up to `/{prefix}/{last}`, which answers the document.
fn chain(last: usize) -> Server {
    Server::start(false, move |path, _| {
        let n: usize = path
            .rsplit('/')
            .next()
            .and_then(|n| n.split('?').next()?.parse().ok())
            .unwrap_or(99);
        if n == last {
            return answer("200 OK", &[("Content-Type", "application/pdf")], b"%PDF final");
        }
        let statuses = [
            "302 Found",
            "301 Moved Permanently",
            "303 See Other",
            "307 Temporary Redirect",
            "308 Permanent Redirect",
        ];
        let status = statuses[n % statuses.len()];
        // Relative, absolute-path and absolute forms of Location.
        let location = match n % 3 {
            0 => format!("{}?sig=SECRET-SIG-{n}", n + 1),
            1 => format!("/c/{}?sig=SECRET-SIG-{n}", n + 1),
            _ => format!("./{}", n + 1),
        };
        redirect(status, &location)
    })
}

#[test]
fn a_chain_of_five_redirects_is_followed_and_the_final_url_logged_redacted() {
    let capture = captured();
    let server = chain(5);
    let body = fetch(&client(), &server.url("http", "/c/0")).unwrap();
    assert_eq!(body, b"%PDF final");
    assert_eq!(server.paths().len(), 6, "{:?}", server.paths());
    assert!(server.paths().last().unwrap().starts_with("/c/5"));
    let logs = capture.0.lock().unwrap().clone();
    let port = format!("127.0.0.1:{}", server.port);
    let final_line = logs
        .iter()
        .find(|l| l.starts_with("DEBUG") && l.contains(&port) && l.contains("after 5 redirect(s)"))
        .unwrap_or_else(|| panic!("no DEBUG line with the final URL: {logs:#?}"));
    assert!(final_line.contains("/c/5?sig=***"), "{final_line}");
    assert!(
        !logs.iter().any(|l| l.contains("SECRET-SIG")),
        "a signature reached the log: {logs:#?}"
    );
}

#[test]
fn a_sixth_redirect_fails() {
    let server = chain(6);
    let e = fetch(&client(), &server.url("http", "/c/0")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Http, "{e}");
    assert!(e.http_excerpt().unwrap().contains("too many redirects"), "{e}");
    assert!(matches!(e.http_status(), Some(301..=308)), "{e}");
    // The sixth target was never asked for.
    assert_eq!(server.paths().len(), 6, "{:?}", server.paths());
    assert!(!server.paths().iter().any(|p| p.starts_with("/c/6")));
}

#[test]
fn https_to_http_is_refused_and_https_to_https_works() {
    let plain = Server::start(false, |_, _| answer("200 OK", &[], b"plain"));
    let target = plain.url("http", "/doc");
    let tls = Server::start(true, move |path, _| match path {
        "/down" => redirect("302 Found", &target),
        "/same" => redirect("302 Found", "/doc"),
        _ => answer("200 OK", &[], b"over tls"),
    });
    let c = client();
    // The TLS set-up works (a redirect within https is followed) ...
    assert_eq!(fetch(&c, &tls.url("https", "/same")).unwrap(), b"over tls");
    // ... and a redirect to plain http is refused before anything is sent there.
    let e = fetch(&c, &tls.url("https", "/down")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Http, "{e}");
    assert_eq!(e.http_status(), Some(302));
    assert!(e.to_string().contains("https to plain http refused"), "{e}");
    assert!(plain.heads().is_empty(), "{:?}", plain.heads());
}

#[test]
fn credentials_are_not_forwarded_to_another_host() {
    let other = Server::start(false, |_, _| answer("200 OK", &[], b"from the other host"));
    let (to_other, to_other_with_creds) = (
        other.url("http", "/doc"),
        format!("http://intruder:pw@127.0.0.1:{}/doc2", other.port),
    );
    let first = Server::start(false, move |path, _| match path {
        "/start" => redirect("302 Found", &to_other),
        "/start2" => redirect("307 Temporary Redirect", &to_other_with_creds),
        "/same" => redirect("302 Found", "/same-target"),
        _ => answer("200 OK", &[], b"same host"),
    });
    let c = client();
    let creds = |path: &str| format!("http://agent:S3CRET-PW@127.0.0.1:{}{path}", first.port);
    assert_eq!(fetch(&c, &creds("/start")).unwrap(), b"from the other host");
    assert_eq!(fetch(&c, &creds("/start2")).unwrap(), b"from the other host");
    // The first host got the credentials (so there were some to leak) ...
    assert!(first
        .heads()
        .iter()
        .all(|h| h.to_ascii_lowercase().contains("authorization: basic")));
    // ... the other host none.
    assert_eq!(other.heads().len(), 2);
    for h in other.heads() {
        assert!(!h.to_ascii_lowercase().contains("authorization"), "{h}");
    }
    // Within the same host they are kept.
    assert_eq!(fetch(&c, &creds("/same")).unwrap(), b"same host");
    let last = first.heads().last().cloned().unwrap();
    assert!(
        last.starts_with("GET /same-target") && last.to_ascii_lowercase().contains("authorization: basic"),
        "{last}"
    );
}

#[test]
fn bad_redirects_are_http_errors() {
    let server = Server::start(false, |path, _| match path {
        "/none" => answer("302 Found", &[], b""),
        "/ftp" => redirect("302 Found", "ftp://127.0.0.1/x"),
        "/insecure" => redirect("302 Found", "http://example.com/x"),
        _ => answer("404 Not Found", &[], b"no"),
    });
    let c = client();
    for (path, says) in [
        ("/none", "without a Location"),
        ("/ftp", "unsupported URL scheme"),
        ("/insecure", "plain http:// to example.com refused"),
    ] {
        let e = fetch(&c, &server.url("http", path)).unwrap_err();
        assert_eq!((e.kind(), e.http_status()), (ErrorKind::Http, Some(302)), "{path}: {e}");
        assert!(e.to_string().contains(says), "{path}: {e}");
    }
    assert_eq!(server.paths(), ["/none", "/ftp", "/insecure"]);
}

#[test]
fn a_refused_redirect_target_is_quoted_without_its_secrets() {
    let server = Server::start(false, |path, _| match path {
        "/nohost" => redirect(
            "302 Found",
            "https://agent:CANARY-REDIRECT-PW@/x?sig=CANARY-REDIRECT-SIG",
        ),
        _ => answer("404 Not Found", &[], b"no"),
    });
    let e = fetch(&client(), &server.url("http", "/nohost")).unwrap_err();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Http, Some(302)), "{e}");
    let text = format!("{e} {e:?}");
    assert!(text.contains("URL has no host") && text.contains("sig=***"), "{text}");
    assert!(!text.contains("CANARY-REDIRECT"), "a secret leaked: {text}");
}

#[test]
fn an_error_page_echoing_the_urls_signature_is_masked() {
    // As a storage service answers a bad pre-signed URL: it quotes the signature it got.
    let server = Server::start(false, |path, _| {
        let sig = path.split("sig=").nth(1).unwrap_or("").split('&').next().unwrap_or("");
        let page = format!("<Error><SignatureProvided>{sig}</SignatureProvided></Error>");
        answer("403 Forbidden", &[("Content-Type", "application/xml")], page.as_bytes())
    });
    let url = server.url("http", "/doc.pdf?id=7&sig=CANARY-SIG%2F4e1b");
    let e = fetch(&client(), &url).unwrap_err();
    assert_eq!(e.http_status(), Some(403), "{e}");
    let text = format!("{e} {e:?}");
    // The page reached the error (so the check is not vacuous), its signature masked.
    assert!(text.contains("<SignatureProvided>***</SignatureProvided>"), "{text}");
    assert!(!text.contains("CANARY-SIG"), "the signature leaked: {text}");
}

#[test]
fn an_api_call_answering_302_is_not_followed() {
    let server = Server::start(false, |path, _| {
        if path.contains("InsideService20.asmx") {
            redirect("302 Found", "/elsewhere")
        } else {
            answer("200 OK", &[("Content-Type", "text/xml")], b"<ArrayOfAttachmentDTO/>")
        }
    });
    let c = Client::builder()
        .base_url(server.url("http", ""))
        .token(Token::new("fake-token-api-302"))
        .build()
        .unwrap();
    let e = c.get_attachments(&CallId::new("1")).unwrap_err();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Http, Some(302)), "{e}");
    assert_eq!(server.paths(), ["/InsideService20.asmx/GetAttachments"]);
}

#[test]
fn a_body_without_a_length_is_capped_by_what_arrives() {
    // No Content-Length: the body ends when the server closes, so only the bytes received
    // count against the cap, and nothing can be found truncated.
    let body: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    let sent = body.clone();
    let server = Server::start(false, move |_, _| {
        let mut out = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
        out.extend_from_slice(&sent);
        out
    });
    let c = client();
    let url = server.url("http", "/doc");
    let mut out = Vec::new();
    let mut totals = Vec::new();
    let mut cb = |done: u64, total: Option<u64>| {
        totals.push((done, total));
        true
    };
    let n = c
        .download_to_writer(&url, &mut out, DownloadOptions::new().max_bytes(1000).progress(&mut cb))
        .unwrap();
    assert_eq!((n, &out), (1000, &body));
    assert_eq!(totals.first(), Some(&(0, None)));
    assert_eq!(totals.last(), Some(&(1000, None)));
    let e = c
        .download_to_writer(&url, &mut Vec::new(), DownloadOptions::new().max_bytes(999))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
}

// ------------------------------------------------------------------ download_all modes

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn meeting(sb: &Sandbox, client: &Client, names: &[&str]) -> CallId {
    let mut req = MeetingRequest::new("DOCS");
    for (i, name) in names.iter().enumerate() {
        let url = sb.host_file(&format!("src-{i}"), format!("content of {name} #{i}").into_bytes());
        req = req.document(DocumentSource::new(url, *name, format!("ext-{i}")));
    }
    client.start_meeting(&req).unwrap().call_id
}

fn kinds(report: &DownloadReport) -> Vec<&'static str> {
    report.outcomes.iter().map(|o| o.outcome.as_str()).collect()
}

#[test]
fn continue_mode_reports_every_attachment_and_stop_mode_what_it_saved() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let call = meeting(&sb, &client, &["a.pdf", "b.pdf", "c.pdf"]);
    let parent = tempfile::tempdir().unwrap();

    // The second download fails; Continue goes on and says so. (Faults apply in order to
    // the matching requests: the zero delay takes the first Download, the 503 the second.)
    let dir = parent.path().join("continue");
    let mut list = client.get_attachments(&call).unwrap();
    list.push(Attachment {
        url: None,
        ..list[0].clone()
    });
    let mut calls = 0;
    let mut progress = |_: u64, _: Option<u64>| {
        calls += 1;
        true
    };
    sb.inject(Fault::new(FaultKind::Delay(Duration::ZERO)).operation("Download"));
    sb.inject(Fault::unavailable().operation("Download"));
    let options = DownloadAllOptions::new()
        .on_error(OnError::Continue)
        .progress(&mut progress);
    let report = client.download_attachments_with(&list, &dir, options).unwrap();
    assert!(calls > 0);
    assert_eq!(kinds(&report), ["saved", "failed", "saved", "no_url"]);
    let e = report.outcomes[1].outcome.error().unwrap();
    assert_eq!((e.kind(), e.http_status()), (ErrorKind::Http, Some(503)), "{e}");
    assert!(!report.is_complete());
    assert_eq!(report.count("saved"), 2);
    assert_eq!(entries(&dir), ["a.pdf", "c.pdf"]);
    assert_eq!(report.outcomes[0].outcome.path(), Some(dir.join("a.pdf").as_path()));

    // Stop mode (the default) reports what it saved and what it did not try.
    let dir = parent.path().join("stop");
    sb.inject(Fault::new(FaultKind::Delay(Duration::ZERO)).operation("Download"));
    sb.inject(Fault::new(FaultKind::TruncatedBody).operation("Download"));
    let report = client
        .download_all_with(&call, &dir, DownloadAllOptions::new())
        .unwrap();
    assert_eq!(kinds(&report), ["saved", "failed", "not_attempted"]);
    assert_eq!(report.first_error().unwrap().kind(), ErrorKind::Transport);
    assert_eq!(entries(&dir), ["a.pdf"]);

    // The old call keeps its behaviour: the first error, files saved before it stay.
    let dir = parent.path().join("old");
    sb.inject(Fault::new(FaultKind::Delay(Duration::ZERO)).operation("Download"));
    sb.inject(Fault::unavailable().operation("Download"));
    let e = client.download_all(&call, &dir, None).unwrap_err();
    assert_eq!(e.http_status(), Some(503));
    assert_eq!(entries(&dir), ["a.pdf"]);
}

#[test]
fn resume_fetches_only_what_is_missing_and_never_duplicates() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let call = meeting(&sb, &client, &["offer.pdf", "offer.pdf", "terms.pdf", "id.jpg"]);
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    let options = || DownloadAllOptions::new().on_error(OnError::Continue).resume(true);
    let downloads = || sb.request_count("Download");

    // First run: the third document fails.
    sb.inject(
        Fault::new(FaultKind::Delay(Duration::ZERO))
            .operation("Download")
            .times(2),
    );
    sb.inject(Fault::new(FaultKind::DropConnection).operation("Download"));
    let r1 = client.download_all_with(&call, &dir, options()).unwrap();
    assert_eq!(kinds(&r1), ["saved", "saved", "failed", "saved"]);
    assert_eq!(entries(&dir), [MANIFEST_NAME, "id.jpg", "offer (2).pdf", "offer.pdf"]);

    // Rerun: only the missing one is fetched; nothing is saved twice.
    let before = downloads();
    let r2 = client.download_all_with(&call, &dir, options()).unwrap();
    assert_eq!(
        kinds(&r2),
        ["already_present", "already_present", "saved", "already_present"]
    );
    assert_eq!(downloads() - before, 1);
    assert!(r2.is_complete());
    assert_eq!(
        entries(&dir),
        [MANIFEST_NAME, "id.jpg", "offer (2).pdf", "offer.pdf", "terms.pdf"]
    );
    let files = r2.files();
    assert_eq!(files[1].path, dir.join("offer (2).pdf"));
    assert_eq!(std::fs::read(&files[1].path).unwrap(), b"content of offer.pdf #1");

    // A third run fetches nothing.
    let before = downloads();
    let r3 = client.download_all_with(&call, &dir, options()).unwrap();
    assert_eq!(r3.count("already_present"), 4);
    assert_eq!(downloads(), before);

    // A file that is gone is fetched again under its name; one that changed size is not
    // trusted, not overwritten, and fetched again under a new name.
    std::fs::remove_file(dir.join("terms.pdf")).unwrap();
    std::fs::write(dir.join("id.jpg"), b"edited by the user").unwrap();
    let before = downloads();
    let r4 = client.download_all_with(&call, &dir, options()).unwrap();
    assert_eq!(kinds(&r4), ["already_present", "already_present", "saved", "saved"]);
    assert_eq!(downloads() - before, 2);
    assert_eq!(std::fs::read(dir.join("id.jpg")).unwrap(), b"edited by the user");
    assert_eq!(r4.outcomes[3].outcome.path(), Some(dir.join("id (2).jpg").as_path()));
    assert_eq!(r4.outcomes[2].outcome.path(), Some(dir.join("terms.pdf").as_path()));

    // A corrupt manifest is ignored (everything is fetched again) and replaced by a good one.
    std::fs::write(dir.join(MANIFEST_NAME), b"\x00\xffnot a manifest").unwrap();
    let r5 = client.download_all_with(&call, &dir, options()).unwrap();
    assert_eq!(r5.count("saved"), 4);
    let r6 = client.download_all_with(&call, &dir, options()).unwrap();
    assert_eq!(r6.count("already_present"), 4);
    // A missing manifest likewise.
    std::fs::remove_file(dir.join(MANIFEST_NAME)).unwrap();
    assert_eq!(
        client.download_all_with(&call, &dir, options()).unwrap().count("saved"),
        4
    );
    assert!(
        !entries(&dir).iter().any(|n| n.ends_with(".part")),
        "{:?}",
        entries(&dir)
    );
}

#[test]
fn resume_off_leaves_no_manifest() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let call = meeting(&sb, &client, &["a.pdf"]);
    let dir = tempfile::tempdir().unwrap();
    let r = client
        .download_all_with(&call, dir.path(), DownloadAllOptions::new().on_error(OnError::Continue))
        .unwrap();
    assert_eq!(kinds(&r), ["saved"]);
    assert_eq!(entries(dir.path()), ["a.pdf"]);
}

// ------------------------------------------------------------------ hostile names end to end

/// Descriptions a hostile uploader could choose; every one must land, visibly named, inside
/// the directory.
const HOSTILE: &[&str] = &[
    "../../etc/passwd",
    "..\\..\\win.ini",
    "/",
    ".",
    "..",
    "...",
    ". . .",
    ". .. .",
    " .. ",
    "a/..",
    ".bashrc",
    "report.pdf.",
    "report.pdf ",
    "",
    "   ",
    "invoice\u{202E}fdp.exe",
    "x\u{2066}y\u{2069}.pdf",
    "in\u{200B}voice.pdf",
    "\u{FEFF}offer.pdf",
    "soft\u{AD}hyphen.pdf",
    "tag\u{E0041}.pdf",
    "\u{200B}\u{FEFF}\u{202E}",
    ".\u{200B}.",
    "line\nbreak.pdf",
    "nul\0byte.pdf",
    "esc\u{1B}[31mred.pdf",
    "para\u{2029}sep.pdf",
    "a<b>:c?.pdf",
    "q\"u|o*te.pdf",
    "full\u{FF0F}width.pdf",
    "CON",
    "CON.txt",
    "nul.tar.gz",
    "com5.pdf",
    "LPT\u{B9}.pdf",
    "con.",
    "C:\\Windows\\system32\\cmd.exe",
    "\\\\server\\share\\x.pdf",
    "契約書.pdf",
    "résumé – Jansen.docx",
    "👨\u{200D}👩\u{200D}👧.png",
    "offer.pdf",
    "OFFER.PDF",
];

#[test]
fn hostile_names_all_land_inside_the_directory() {
    assert!(HOSTILE.len() >= 40);
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let url = sb.host_file("doc", b"hostile".to_vec());
    let list: Vec<Attachment> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, d)| Attachment {
            id: DocumentId::new(format!("{}", 100 + i)),
            description: Some((*d).to_owned()),
            url: Some(url.clone()),
            preview: None,
            attach: true,
            size: None,
            date: None,
            sign_url: None,
            sign_status: 0,
        })
        .collect();
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    let report = client
        .download_attachments_with(
            &list,
            &dir,
            DownloadAllOptions::new().on_error(OnError::Continue).resume(true),
        )
        .unwrap();
    let failures: Vec<String> = report
        .outcomes
        .iter()
        .filter_map(|o| {
            o.outcome
                .error()
                .map(|e| format!("{:?}: {e}", o.attachment.description))
        })
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    for o in &report.outcomes {
        let path = o.outcome.path().unwrap();
        assert_eq!(path.parent(), Some(dir.as_path()), "{:?}", o.attachment.description);
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(!name.starts_with('.') && !name.ends_with(['.', ' ']), "{name:?}");
        assert!(
            !name.chars().any(|c| c.is_control()
                || ('\u{200B}'..='\u{200F}').contains(&c)
                || ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
                || c == '\u{FEFF}'),
            "{name:?}"
        );
    }
    // One file per attachment (plus the manifest), nothing outside, nothing temporary.
    assert_eq!(entries(&dir).len(), HOSTILE.len() + 1, "{:?}", entries(&dir));
    assert_eq!(entries(parent.path()), ["out"]);
    assert!(!entries(&dir).iter().any(|n| n.ends_with(".part")));
    // A rerun duplicates nothing.
    let again = client
        .download_attachments_with(&list, &dir, DownloadAllOptions::new().resume(true))
        .unwrap();
    assert_eq!(again.count("already_present"), HOSTILE.len());
    assert_eq!(entries(&dir).len(), HOSTILE.len() + 1);
}

// ------------------------------------------------------------------ file modes

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Runs in a child process with the umask the parent set (`IDILIGO_TEST_UMASK`, octal).
#[cfg(unix)]
#[test]
#[ignore = "run by file_modes_follow_the_umask in a child process with a set umask"]
fn file_modes_child() {
    use std::os::unix::fs::PermissionsExt;
    let umask = u32::from_str_radix(&std::env::var("IDILIGO_TEST_UMASK").expect("run by the parent"), 8).unwrap();
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let url = sb.host_file("doc", b"mode".to_vec());
    let dir = tempfile::tempdir().unwrap();
    let ordinary = 0o666 & !umask;
    // A new file: what an ordinary program would create.
    let new = dir.path().join("new.pdf");
    client.download_to_path(&url, &new, DownloadOptions::new()).unwrap();
    assert_eq!(mode(&new), ordinary, "new file under umask {umask:03o}");
    // Replacing a file keeps its mode.
    let old = dir.path().join("old.pdf");
    std::fs::write(&old, b"old").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    client.download_to_path(&url, &old, DownloadOptions::new()).unwrap();
    assert_eq!((std::fs::read(&old).unwrap(), mode(&old)), (b"mode".to_vec(), 0o644));
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
    client.download_to_path(&url, &old, DownloadOptions::new()).unwrap();
    assert_eq!(mode(&old), 0o640);
    // An explicit mode is exact.
    let private = dir.path().join("private.pdf");
    client
        .download_to_path(&url, &private, DownloadOptions::new().file_mode(0o600))
        .unwrap();
    assert_eq!(mode(&private), 0o600);
    client
        .download_to_path(&url, &old, DownloadOptions::new().file_mode(0o600))
        .unwrap();
    assert_eq!(mode(&old), 0o600);
    // download_all and its manifest likewise.
    let list = vec![Attachment {
        id: DocumentId::new("1"),
        description: Some("all.pdf".into()),
        url: Some(url.clone()),
        preview: None,
        attach: true,
        size: None,
        date: None,
        sign_url: None,
        sign_status: 0,
    }];
    let all = dir.path().join("all");
    let r = client
        .download_attachments_with(&list, &all, DownloadAllOptions::new().resume(true))
        .unwrap();
    assert_eq!(mode(r.outcomes[0].outcome.path().unwrap()), ordinary);
    assert_eq!(mode(&all.join(MANIFEST_NAME)), ordinary);
    let private_all = dir.path().join("private-all");
    let r = client
        .download_attachments_with(&list, &private_all, DownloadAllOptions::new().file_mode(0o600))
        .unwrap();
    assert_eq!(mode(r.outcomes[0].outcome.path().unwrap()), 0o600);
    println!("file modes checked under umask {umask:03o}");
}

#[cfg(unix)]
#[test]
fn file_modes_follow_the_umask() {
    let exe = std::env::current_exe().unwrap();
    for umask in ["022", "027", "077", "002"] {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" --exact file_modes_child --ignored --nocapture --test-threads 1"
            ))
            .arg(&exe)
            .env("IDILIGO_TEST_UMASK", umask)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "umask {umask}:\n{text}");
        assert!(
            text.contains(&format!("file modes checked under umask {umask}")),
            "umask {umask}:\n{text}"
        );
    }
}
