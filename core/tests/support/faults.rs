//! A loopback server for fault tests (127.0.0.1, port 0): every request is answered by a
//! handler that picks an [`Action`] — an answer (kept alive unless it says `Connection:
//! close`), an answer trickled byte by byte, silence, or a dropped connection. It records every
//! request and counts connections, and stops (with every connection thread) when dropped.
//!
//! Include it with `#[path = "support/faults.rs"] mod faults;`.

#![allow(dead_code)] // each test crate uses a different part

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// The request target as sent (path and query, or `host:port` for CONNECT).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// When the request's head had arrived.
    pub at: Instant,
}

impl Seen {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The last path segment (the operation of an API call).
    pub fn operation(&self) -> &str {
        self.path().rsplit('/').next().unwrap_or("")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Write these bytes (a whole HTTP response). The connection stays open for the next
    /// request unless the bytes contain `Connection: close`.
    Respond(Vec<u8>),
    /// Write these bytes one at a time, `every` apart, then close.
    Trickle { bytes: Vec<u8>, every: Duration },
    /// Write `head` at once, then hold the connection open without a byte more until the
    /// client closes it or the server stops.
    HeadThenSilence(Vec<u8>),
    /// Answer nothing; hold the connection until the client closes it or the server stops.
    Silence,
    /// Close the connection without answering.
    Close,
}

type Handler = Arc<dyn Fn(&Seen) -> Action + Send + Sync>;

/// The running server.
pub struct FaultServer {
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FaultServer {
    /// Starts a server that answers every request through `handler`.
    pub fn start(handler: impl Fn(&Seen) -> Action + Send + Sync + 'static) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Handler = Arc::new(handler);
        let (seen2, conns2, stop2) = (seen.clone(), connections.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            // Bounded: a test that forgets to drop the server still ends it.
            let deadline = Instant::now() + Duration::from_secs(300);
            let mut workers = Vec::new();
            while !stop2.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        conns2.fetch_add(1, Ordering::SeqCst);
                        let (seen, stop, handler) = (seen2.clone(), stop2.clone(), handler.clone());
                        workers.push(std::thread::spawn(move || serve(stream, &seen, &stop, &*handler)));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
            stop2.store(true, Ordering::Relaxed);
            for w in workers {
                let _ = w.join();
            }
        });
        FaultServer {
            port,
            seen,
            connections,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests of this operation (last path segment) arrived.
    pub fn count(&self, operation: &str) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.operation() == operation)
            .count()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(
    mut stream: TcpStream,
    seen: &Mutex<Vec<Seen>>,
    stop: &AtomicBool,
    handler: &(dyn Fn(&Seen) -> Action + Send + Sync),
) {
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf, stop) else {
            return;
        };
        seen.lock().unwrap().push(request.clone());
        match handler(&request) {
            Action::Respond(bytes) => {
                if stream.write_all(&bytes).is_err() {
                    return;
                }
                let _ = stream.flush();
                let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
                if head.contains("connection: close") {
                    return;
                }
            }
            Action::Trickle { bytes, every } => {
                for b in bytes {
                    if stop.load(Ordering::Relaxed) || stream.write_all(&[b]).is_err() {
                        return;
                    }
                    let _ = stream.flush();
                    sleep_unless_stopped(every, stop);
                }
                return;
            }
            Action::HeadThenSilence(head) => {
                if stream.write_all(&head).is_err() {
                    return;
                }
                hold(&mut stream, stop);
                return;
            }
            Action::Silence => {
                hold(&mut stream, stop);
                return;
            }
            Action::Close => return,
        }
    }
}

fn sleep_unless_stopped(d: Duration, stop: &AtomicBool) {
    let end = Instant::now() + d;
    while !stop.load(Ordering::Relaxed) {
        let now = Instant::now();
        if now >= end {
            return;
        }
        std::thread::sleep((end - now).min(Duration::from_millis(10)));
    }
}

/// Holds the connection until the peer closes it or the server stops.
fn hold(stream: &mut TcpStream, stop: &AtomicBool) {
    let mut b = [0u8; 1024];
    while !stop.load(Ordering::Relaxed) {
        match stream.read(&mut b) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}

fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>, stop: &AtomicBool) -> Option<Seen> {
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return None,
        }
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    buf.drain(..head_end + 4);
    while buf.len() < length {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return None,
        }
    }
    let body: Vec<u8> = buf.drain(..length.min(buf.len())).collect();
    Some(Seen {
        method,
        target,
        headers,
        body,
        at,
    })
}

/// `200 text/xml` with a primitive root (`<string>`, `<long>` …) in the service's namespace,
/// kept alive.
pub fn xml_root(name: &str, value: &str) -> Vec<u8> {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<{name} xmlns=\"http://www.idiligo.com/\">{value}</{name}>"
    );
    response(
        200,
        "OK",
        &[("Content-Type", "text/xml; charset=utf-8")],
        body.as_bytes(),
    )
}

/// A response with these headers and a `Content-Length`.
pub fn response(status: u16, reason: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}
