//! Regression tests for the sandbox's HTTP server (the vendored tiny_http fixes).

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use idiligo::sandbox::Sandbox;
use idiligo::*;

/// Waits up to 10 s for the sandbox to have received `n` requests of `op`.
fn wait_for_requests(sb: &Sandbox, op: idiligo::ops::Op, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while sb.requests(op) < n {
        assert!(
            Instant::now() < deadline,
            "{} of {n} {} requests arrived",
            sb.requests(op),
            op.name()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The start of each status line (`HTTP/1.1 404`) in the answers read from a connection.
fn status_lines(answers: &str) -> Vec<&str> {
    answers
        .match_indices("HTTP/1.1 ")
        .map(|(i, _)| &answers[i..i + 12])
        .collect()
}

/// A burst of new connections must all be served (tiny_http 0.12 left the surplus over its idle
/// workers queued until another connection closed; clients then hit their request timeout).
#[test]
fn a_burst_of_new_connections_is_served() {
    let sb = Sandbox::start().unwrap();
    let token = sb.client().unwrap().session_token().unwrap();
    for round in 0..5 {
        let n = 24;
        let barrier = Arc::new(Barrier::new(n));
        let handles: Vec<_> = (0..n)
            .map(|_| {
                // One client each: every thread opens a new connection at the same moment.
                let client = Client::builder()
                    .base_url(sb.url())
                    .token(token.clone())
                    .request_timeout(Duration::from_secs(3))
                    .retry_policy(RetryPolicy::none())
                    .build()
                    .unwrap();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    barrier.wait();
                    let result = client.create_call("X").map(|_| ());
                    // Keep the connection open until every thread is done: a closing
                    // connection would free a worker and hide a stranded one.
                    (client, result)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();

        for (_, r) in &results {
            if let Err(e) = r {
                panic!("round {round}: {e}");
            }
        }
        let t = Instant::now();
        drop(results);
        eprintln!("drop clients {:?}", t.elapsed());
    }
}

/// Answers over ~1 KiB must not wait for the client's delayed ACK (Nagle; ~40 ms each).
#[test]
fn larger_answers_are_not_delayed_by_nagle() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    for i in 0..10 {
        sb.simulate_upload(&call, &format!("document-{i}.pdf"), vec![b'x'; 100])
            .unwrap();
    }
    client.get_attachments(&call).unwrap();
    // With the delay every call takes at least 40 ms; without it about 1 ms. The fastest of 25
    // calls tells the two apart even on a loaded machine (the total does not: it once took
    // 618 ms for 25 calls without the delay, at load 12).
    let mut fastest = Duration::MAX;
    for _ in 0..25 {
        let started = Instant::now();
        assert_eq!(client.get_attachments(&call).unwrap().len(), 10);
        fastest = fastest.min(started.elapsed());
    }
    assert!(
        fastest < Duration::from_millis(30),
        "the fastest of 25 calls took {fastest:?}"
    );
}

fn raw(sb: &Sandbox, host: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let status = out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, out)
}

/// A page that rebinds its host name to 127.0.0.1 must not reach the sandbox.
#[test]
fn only_loopback_host_names_are_served() {
    let sb = Sandbox::start().unwrap();
    let port = sb.port();
    let path =
        "/InsideService20.asmx/Login?apikey=test-apikey-0000&username=agent%40example.test&password=fake-password-1234";
    assert_eq!(raw(&sb, &format!("127.0.0.1:{port}"), path).0, 200);
    assert_eq!(raw(&sb, &format!("localhost:{port}"), path).0, 200);
    assert_eq!(raw(&sb, &format!("attacker.example:{port}"), path).0, 400);
    assert_eq!(raw(&sb, "127.0.0.1:1", path).0, 400);
}

/// ASP.NET refuses more than 1,000 distinct form keys; the client batches long SetValues lists.
#[test]
fn long_value_lists_are_sent_in_batches() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    let public = client.get_public_call_id(&call).unwrap();
    let pairs: Vec<(String, String)> = (0..1200).map(|i| (format!("field{i}"), format!("v{i}"))).collect();
    client
        .set_values(&public, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .unwrap();
    assert_eq!(sb.request_count("SetValues"), 3);
    assert_eq!(sb.call(&call).unwrap().values, pairs);
    // ASP.NET counts distinct keys (HttpValueCollection.ThrowIfMaxHttpCollectionKeysExceeded):
    // 1,200 repeated names/values in one request pass, 1,001 distinct keys are refused.
    let token = client.session_token().unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let post = |form: &str| {
        let mut r = agent
            .post(&format!("{}/InsideService20.asmx/SetValues", sb.url()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(form.as_bytes())
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    let mut repeated = format!("token={}&publicId={public}", token.expose());
    for i in 0..600 {
        repeated.push_str(&format!("&names=n{i}&values=v{i}"));
    }
    assert_eq!(post(&repeated).0, 200);
    let mut distinct = format!("token={}&publicId={public}&names=a&values=b", token.expose());
    for i in 0..996 {
        distinct.push_str(&format!("&extra{i}=x"));
    }
    assert_eq!(post(&distinct).0, 200, "1,000 distinct keys");
    distinct.push_str("&one-more=x");
    let (status, body) = post(&distinct);
    assert_eq!(status, 500);
    assert!(body.contains("Operation is not valid"), "{body}");
}

/// A fault with a content type tiny_http refuses must not kill workers.
#[test]
fn a_bad_fault_does_not_break_the_sandbox() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let call = client.create_call("X").unwrap();
    sb.inject(
        idiligo::sandbox::Fault::new(idiligo::sandbox::FaultKind::Status {
            status: 503,
            content_type: "text/plain; charset=\u{e9}\n".into(),
            body: "x".into(),
        })
        .operation("GetPublicCallId")
        .times(40),
    );
    for _ in 0..40 {
        assert_eq!(client.get_public_call_id(&call).unwrap_err().http_status(), Some(503));
    }
    client.get_public_call_id(&call).unwrap();
}

/// A client that announces a body and never sends it must not hang `Sandbox::drop`, and the
/// worker it holds must not keep the sandbox's other connections open: an idle kept-alive
/// connection is closed when the drop returns.
#[test]
fn a_stuck_client_does_not_hang_shutdown() {
    use std::io::{Read, Write};
    let sb = Sandbox::start().unwrap();
    let mut idle = std::net::TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    write!(
        s,
        "POST /InsideService20.asmx/Login HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nabc",
        sb.port()
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    drop(sb);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "drop took {:?}",
        started.elapsed()
    );
    idle.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let read = idle.read(&mut [0u8; 1]);
    assert!(matches!(read, Ok(0)), "the idle connection read {read:?}");
    drop(s);
}

/// A request received while every worker is busy, and still queued when the sandbox stops, is
/// answered (an empty 500) rather than left waiting; with a body too large to be buffered by
/// the connection's reader, upstream's server also left that reader's thread waiting for ever.
#[test]
fn a_request_still_queued_at_stop_is_answered() {
    use idiligo::ops::Op;
    use idiligo::sandbox::{Fault, FaultKind};
    use std::io::{Read, Write};
    let sb = Sandbox::start().unwrap();
    let port = sb.port();
    // Every worker busy for 1.5 s (less than stop's 2 s grace).
    let busy = 32;
    sb.inject(Fault {
        kind: FaultKind::Delay(Duration::from_millis(1500)),
        operation: Some(Op::Login.name().to_owned()),
        times: busy,
    });
    let mut held = Vec::new();
    for _ in 0..busy {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "GET /InsideService20.asmx/{} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n",
            Op::Login.name()
        )
        .unwrap();
        held.push(s);
    }
    wait_for_requests(&sb, Op::Login, busy as u64);
    // Queued behind them, with a 2 KiB body.
    let mut queued = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let body = "a=".to_owned() + &"b".repeat(2046);
    write!(
        queued,
        "POST /InsideService20.asmx/{} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        Op::CreateCall.name(),
        body.len()
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    sb.stop();
    queued.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut answer = String::new();
    let read = queued.read_to_string(&mut answer);
    assert!(
        read.is_ok() && answer.starts_with("HTTP/1.1 500 "),
        "{read:?}: {answer:?}"
    );
    drop(held);
}

/// The Rust test API's own knobs: `set_latency` delays service calls, `connections_accepted`
/// counts TCP connections (a client reuses its one), and the `Debug` forms name the sandbox
/// without its secrets.
#[test]
fn latency_connection_count_and_debug_forms() {
    let sb = Sandbox::start().unwrap();
    assert_eq!(sb.connections_accepted(), 0);
    let shown = format!("{sb:?}");
    assert!(shown.contains(sb.url()), "{shown}");
    let creds = sb.sandbox_credentials();
    let shown = format!("{creds:?}");
    assert!(shown.contains(&creds.username), "{shown}");
    for secret in [&creds.password, &creds.apikey, &creds.ticket] {
        assert!(!shown.contains(secret.as_str()), "{shown}");
    }

    let client = sb.client().unwrap();
    client.create_call("X").unwrap();
    client.create_call("X").unwrap();
    assert_eq!(sb.connections_accepted(), 1, "the client reuses its connection");
    let other = sb.client().unwrap();
    other.create_call("X").unwrap();
    assert_eq!(sb.connections_accepted(), 2, "a second client opens its own");

    sb.set_latency(Duration::from_millis(200));
    let t = Instant::now();
    client.create_call("X").unwrap();
    assert!(t.elapsed() >= Duration::from_millis(200), "{:?}", t.elapsed());
}

/// A request that announces an enormous body and then closes must neither take the memory it
/// announces nor bring the process down: the server discards what is left of a body in small
/// reads.
#[test]
fn an_enormous_announced_body_is_discarded_in_small_reads() {
    use std::io::{Read, Write};
    let sb = Sandbox::start().unwrap();
    for path in ["/InsideService20.asmx/Login", "/nowhere"] {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 999999999999999\r\n\r\nabc",
            sb.port()
        )
        .unwrap();
        s.shutdown(std::net::Shutdown::Write).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
    }
    // Still serving.
    sb.client().unwrap().create_call("X").unwrap();
}

/// Faults carry ASP.NET's Cache-Control: `private` for the framework's own errors (a missing
/// parameter, before the method runs), `private, max-age=0` for what the method threw.
#[test]
fn faults_carry_the_cache_control_of_their_origin() {
    let sb = Sandbox::start().unwrap();
    let host = format!("127.0.0.1:{}", sb.port());
    let login = idiligo::ops::Op::Login.name();
    let (status, framework) = raw(&sb, &host, &format!("/InsideService20.asmx/{login}"));
    assert_eq!(status, 500, "{framework}");
    assert!(framework.contains("\r\nCache-Control: private\r\n"), "{framework}");
    let (status, thrown) = raw(
        &sb,
        &host,
        &format!("/InsideService20.asmx/{login}?apikey=x&username=y&password=z"),
    );
    assert_eq!(status, 500, "{thrown}");
    assert!(thrown.contains("\r\nCache-Control: private, max-age=0\r\n"), "{thrown}");
}

/// A `DropConnection` fault closes the kept-alive connection without an answer: the client
/// reads the end of the stream at once, not a stall until its timeout.
#[test]
fn a_drop_fault_closes_the_connection_at_once() {
    use idiligo::sandbox::{Fault, FaultKind};
    use std::io::{Read, Write};
    let sb = Sandbox::start().unwrap();
    sb.inject(Fault::new(FaultKind::DropConnection));
    let mut s = std::net::TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let started = Instant::now();
    write!(
        s,
        "GET /InsideService20.asmx/{} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        idiligo::ops::Op::Login.name(),
        sb.port()
    )
    .unwrap();
    let mut answer = Vec::new();
    let read = s.read_to_end(&mut answer);
    assert!(read.is_ok() || read.unwrap_err().kind() == std::io::ErrorKind::ConnectionReset);
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
}

/// `Expect: 100-continue` (what curl sends before a larger body) gets `100 Continue`, then
/// the answer; a request's `TE` header does not change how the answer is framed.
#[test]
fn expect_continue_is_answered_and_te_does_not_change_framing() {
    use std::io::{Read, Write};
    let sb = Sandbox::start().unwrap();
    let c = sb.sandbox_credentials().clone();
    let form = format!(
        "apikey={}&username={}&password={}",
        c.apikey,
        c.username.replace('@', "%40"),
        c.password
    );
    let login = idiligo::ops::Op::Login.name();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "POST /InsideService20.asmx/{login} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nExpect: 100-continue\r\nTE: chunked\r\nConnection: close\r\n\r\n",
        sb.port(),
        form.len()
    )
    .unwrap();
    let mut interim = Vec::new();
    while !interim.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8];
        s.read_exact(&mut byte).unwrap();
        interim.push(byte[0]);
    }
    let interim = String::from_utf8(interim).unwrap();
    assert!(interim.starts_with("HTTP/1.1 100 Continue\r\n"), "{interim}");
    s.write_all(form.as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    assert!(answer.contains("\r\nContent-Length: "), "{answer}");
    assert!(!answer.to_ascii_lowercase().contains("transfer-encoding"), "{answer}");
}

/// The stand-in pages behind the agent and participant links name what they stand for.
#[test]
fn the_agent_and_participant_pages_name_their_view() {
    let sb = Sandbox::start().unwrap();
    let host = format!("127.0.0.1:{}", sb.port());
    let (status, agent) = raw(&sb, &host, "/agent?callId=1234");
    assert_eq!(status, 200, "{agent}");
    assert!(agent.contains("agent view of call 1234"), "{agent}");
    let (status, client) = raw(&sb, &host, "/client?id=abcd");
    assert_eq!(status, 200, "{client}");
    assert!(client.contains("participant view of meeting abcd"), "{client}");
}

/// The builder's `port` and `request_validation` settings take effect.
#[test]
fn the_port_and_request_validation_settings() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sb = Sandbox::builder().port(port).start().unwrap();
    assert_eq!(sb.port(), port);
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    let public = client.get_public_call_id(&call).unwrap();
    let markup = [("note", "<b>bold</b>")];
    let e = client.set_values(&public, markup).unwrap_err();
    assert!(
        e.to_string().contains("A potentially dangerous Request.Form value"),
        "{e}"
    );
    let over_get = sb.client_builder().binding(Binding::Get).build().unwrap();
    let e = over_get.set_values(&public, markup).unwrap_err();
    assert!(
        e.to_string()
            .contains("A potentially dangerous Request.QueryString value"),
        "{e}"
    );
    let lax = Sandbox::builder().request_validation(false).start().unwrap();
    let client = lax.client().unwrap();
    let call = client.create_call("X").unwrap();
    let public = client.get_public_call_id(&call).unwrap();
    client.set_values(&public, markup).unwrap();
}

/// `reset` keeps the tokens' state as it is: a token `expire_tokens` ended stays ended.
#[test]
fn a_reset_does_not_revive_expired_tokens() {
    let sb = Sandbox::start().unwrap();
    let token = sb.client().unwrap().session_token().unwrap();
    sb.expire_tokens();
    sb.reset();
    let client = Client::builder()
        .base_url(sb.url())
        .token(token)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let e = client.create_call("X").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth, "{e}");
}

/// HTTP/1.0 is served and the connection closed after the answer unless the request asks to
/// keep it alive; an HTTP/1.1 connection stays open for the next request unless it names
/// `close`.
#[test]
fn http_1_0_closes_unless_kept_alive() {
    use std::io::{BufRead, BufReader, Read, Write};
    let sb = Sandbox::start().unwrap();
    let port = sb.port();
    let connect = || {
        let s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    };
    // One answer, then the end of the stream: without a Connection header, and with one
    // that names neither keep-alive nor close.
    for header in ["", "Connection: x-other\r\n"] {
        let mut s = connect();
        write!(s, "GET /agent HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n{header}\r\n").unwrap();
        let mut all = String::new();
        s.read_to_string(&mut all).unwrap();
        assert!(all.starts_with("HTTP/1.0 200 "), "{header:?}: {all}");
    }
    // Kept alive: a second request on the same connection is answered. In HTTP/1.1 that is
    // the default whatever else Connection names (`upgrade` included: the sandbox never
    // upgrades a connection, so it stays an HTTP/1.1 one).
    for (version, connection) in [
        ("1.0", "keep-alive"),
        ("1.1", "keep-alive"),
        ("1.1", "x-other"),
        ("1.1", "Upgrade"),
    ] {
        let s = connect();
        let mut reader = BufReader::new(s.try_clone().unwrap());
        let mut w = s;
        for _ in 0..2 {
            write!(
                w,
                "GET /agent HTTP/{version}\r\nHost: 127.0.0.1:{port}\r\nConnection: {connection}\r\n\r\n"
            )
            .unwrap();
            let mut status = String::new();
            reader.read_line(&mut status).unwrap();
            assert!(status.starts_with("HTTP/1."), "{version}: {status:?}");
            assert!(status.contains(" 200 "), "{version}: {status:?}");
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    length = v.trim().parse().unwrap();
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
        }
    }
}

/// A bare CR or a bare LF in the request head is a bad request (RFC 9112 §2.2; IIS answers a
/// bare CR with 400): read as a line end, or kept inside a line, either could smuggle a header
/// past whatever looked at the request before.
#[test]
fn a_bare_cr_or_lf_in_the_request_head_is_a_bad_request() {
    use std::io::{Read, Write};
    let sb = Sandbox::start().unwrap();
    let port = sb.port();
    let host = format!("Host: 127.0.0.1:{port}");
    let bad = "HTTP/1.1 400 ";
    for (head, expected) in [
        (format!("GET /agent HTTP/1.1\r\n{host}\r\nX-A: a\rb\r\n"), bad),
        (format!("GET /agent HTTP/1.1\r\n{host}\r\nX-A: a\nX-B: b\r\n"), bad),
        (format!("GET /agent HTTP/1.1\n{host}\r\n"), bad),
        (format!("GET /agent HTTP/1.1\r\n{host}\n"), bad),
        (format!("GET /agent HTTP/1.1\r\n{host}\r\n\n"), bad),
        // The same request, well formed, is served.
        (format!("GET /agent HTTP/1.1\r\n{host}\r\nX-A: a\r\n"), "HTTP/1.1 200 "),
    ] {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "{head}Connection: close\r\n\r\n").unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with(expected), "{head:?}: {answer:?}");
    }
}

/// Each of the three credentials is checked on its own: one wrong one is enough to refuse the
/// login.
#[test]
fn a_login_needs_all_three_credentials_right() {
    let sb = Sandbox::start().unwrap();
    let host = format!("127.0.0.1:{}", sb.port());
    let c = sb.sandbox_credentials().clone();
    let user = c.username.replace('@', "%40");
    let login = |apikey: &str, username: &str, password: &str| {
        let op = idiligo::ops::Op::Login.name();
        raw(
            &sb,
            &host,
            &format!("/InsideService20.asmx/{op}?apikey={apikey}&username={username}&password={password}"),
        )
    };
    let (status, answer) = login(&c.apikey, &user, &c.password);
    assert_eq!(status, 200, "{answer}");
    for (apikey, username, password) in [
        ("fake-wrong-key", user.as_str(), c.password.as_str()),
        (c.apikey.as_str(), "nobody%40example.invalid", c.password.as_str()),
        (c.apikey.as_str(), user.as_str(), "fake-wrong-password"),
    ] {
        let (status, answer) = login(apikey, username, password);
        assert_eq!(status, 500, "{answer}");
        assert!(answer.contains("Invalid credentials."), "{answer}");
    }
}

/// An `Expect` other than `100-continue` is refused with 417 (as IIS does), and every answer
/// carries a `Date`.
#[test]
fn an_unknown_expectation_is_refused_and_answers_are_dated() {
    use std::io::{Read, Write};
    let sb = Sandbox::start().unwrap();
    let port = sb.port();
    let (status, answer) = raw(&sb, &format!("127.0.0.1:{port}"), "/agent?callId=1");
    assert_eq!(status, 200, "{answer}");
    let head = answer.split("\r\n\r\n").next().unwrap();
    assert!(head.contains("\r\nDate: "), "{head}");
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "POST /agent HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 1\r\nExpect: 200-ok\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 417 "), "{answer:?}");
}

/// `stop` and drop let a request in flight finish: its answer is written before they return
/// (the worker serving it is waited for), not after.
#[test]
fn stopping_lets_a_request_in_flight_finish() {
    use idiligo::ops::Op;
    use idiligo::sandbox::{Fault, FaultKind};
    use std::io::{Read, Write};
    for stop in [true, false] {
        let sb = Sandbox::start().unwrap();
        sb.inject(Fault::new(FaultKind::Delay(Duration::from_millis(600))).operation(Op::Login.name()));
        let c = sb.sandbox_credentials().clone();
        let mut s = std::net::TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
        write!(
            s,
            "GET /InsideService20.asmx/{}?apikey={}&username={}&password={} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            Op::Login.name(),
            c.apikey,
            c.username,
            c.password,
            sb.port()
        )
        .unwrap();
        wait_for_requests(&sb, Op::Login, 1);
        // The worker now waits out the delay.
        if stop {
            sb.stop();
        } else {
            drop(sb);
        }
        // Already written: it arrives at once (a worker not waited for would answer 600 ms
        // after the request came, well after this short read gives up).
        s.set_read_timeout(Some(Duration::from_millis(250))).unwrap();
        let mut answer = [0u8; 64];
        let read = s.read(&mut answer);
        let n = read.as_ref().map_err(|e| format!("{e:?}")).copied();
        assert!(
            matches!(n, Ok(n) if answer[..n].starts_with(b"HTTP/1.1 200 OK\r\n")),
            "stop={stop}: {n:?}: {:?}",
            String::from_utf8_lossy(&answer)
        );
    }
}

/// A body over the request limit is refused, and read to its end (up to 16 MiB) first, so
/// the connection stays in step: the next request on it is answered. Chunked here, since a
/// body of known length is also skipped when the request is dropped.
#[test]
fn a_refused_body_is_read_to_its_end_before_the_next_request() {
    use std::io::{Read, Write};
    let sb = Sandbox::builder().max_request_bytes(1024).start().unwrap();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", sb.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let port = sb.port();
    write!(
        s,
        "POST /InsideService20.asmx HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/xml; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .unwrap();
    // 3 MiB in 64 KiB chunks: over the limit, over what a drain of a few KiB or 1 MiB would
    // leave in step.
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..48 {
        write!(s, "{:x}\r\n", chunk.len()).unwrap();
        s.write_all(&chunk).unwrap();
        s.write_all(b"\r\n").unwrap();
    }
    write!(
        s,
        "0\r\n\r\nGET /nothing HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answers = String::new();
    s.read_to_string(&mut answers).unwrap();
    assert_eq!(status_lines(&answers), ["HTTP/1.1 500", "HTTP/1.1 404"], "{answers}");
    assert!(answers.contains("Maximum request length exceeded."), "{answers}");
}

/// Answers without a body: a HEAD request (405: the service answers GET and POST), and the
/// 204 and 304 of a status fault, whose body is dropped (and a 204 has no Content-Length). Each head is followed at once by
/// the next answer on the connection. Every answer names the sandbox in `Server`.
#[test]
fn head_204_and_304_answers_have_no_body_and_every_answer_names_the_sandbox() {
    use idiligo::ops::Op;
    use idiligo::sandbox::{Fault, FaultKind};
    use std::io::{Read, Write};
    let sb = Sandbox::start().unwrap();
    // One operation each: the pipelined requests are served by different workers, in any order.
    for (op, status, body) in [(Op::Login, 204, "no content"), (Op::CreateCall, 304, "not modified")] {
        sb.inject(
            Fault::new(FaultKind::Status {
                status,
                content_type: "text/plain".into(),
                body: body.into(),
            })
            .operation(op.name()),
        );
    }
    let port = sb.port();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let get = |op: Op| {
        format!(
            "GET /InsideService20.asmx/{} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n",
            op.name()
        )
    };
    write!(
        s,
        "HEAD /InsideService20.asmx/{} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n{}{}GET /nothing HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n",
        Op::GetAgentUrl.name(),
        get(Op::Login),
        get(Op::CreateCall)
    )
    .unwrap();
    let mut answers = String::new();
    s.read_to_string(&mut answers).unwrap();
    let heads: Vec<&str> = answers.split("HTTP/1.1 ").skip(1).collect();
    let statuses: Vec<&str> = heads.iter().map(|h| &h[..3]).collect();
    assert_eq!(statuses, ["405", "204", "304", "404"], "{answers}");
    let server = format!("\r\nServer: idiligo-sandbox/{}\r\n", env!("CARGO_PKG_VERSION"));
    for h in &heads {
        assert!(h.contains(&server), "{h}");
    }
    for h in &heads[..3] {
        assert!(h.ends_with("\r\n\r\n"), "a body after the head: {h:?}");
    }
    // The HEAD answer and the 304 give the length of the body they leave out; a 204 has none.
    assert!(heads[0].contains("\r\nContent-Length: "), "{}", heads[0]);
    assert!(!heads[1].contains("Content-Length"), "{}", heads[1]);
    assert!(heads[2].contains("\r\nContent-Length: 12\r\n"), "{}", heads[2]);
    assert!(heads[3].ends_with("\r\n\r\nNot found."), "{:?}", heads[3]);
}

/// A request with `Connection: upgrade` (the sandbox never upgrades) keeps the connection, and
/// its body is framed by its length like any other, so the next request on the connection is
/// answered (upstream's server gave it the rest of the connection as its body).
#[test]
fn an_upgrade_request_s_body_is_framed_by_its_length() {
    use std::io::{Read, Write};
    let sb = Sandbox::start().unwrap();
    let port = sb.port();
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "POST /InsideService20.asmx/{} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: upgrade\r\nUpgrade: websocket\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=bGET /nothing HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n",
        idiligo::ops::Op::CreateCall.name()
    )
    .unwrap();
    let mut answers = String::new();
    let read = s.read_to_string(&mut answers);
    assert!(read.is_ok(), "{read:?}: {answers:?}");
    assert_eq!(status_lines(&answers), ["HTTP/1.1 500", "HTTP/1.1 404"], "{answers}");
    assert!(answers.contains("Missing parameter: token."), "{answers}");
}
