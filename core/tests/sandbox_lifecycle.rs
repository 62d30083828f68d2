//! Stopping a sandbox ends everything it started: its threads, its listening socket, the
//! connections its clients keep alive, and their descriptors. One test, alone in its binary,
//! because it counts the process's threads and descriptors (other tests running beside it
//! would change both).
#![cfg(target_os = "linux")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use idiligo::sandbox::Sandbox;
use idiligo::{ErrorKind, RetryPolicy};

/// How many entries `/proc/self/<what>` has: `task` (threads) or `fd` (descriptors).
fn count(what: &str) -> usize {
    std::fs::read_dir(format!("/proc/self/{what}")).unwrap().count()
}

/// Waits up to 20 s for `/proc/self/<what>` to have `want` entries; panics with `why` if not.
/// (Threads end a little after the sandbox lets them go: an idle connection thread of its
/// pool waits up to 5 s before it notices the pool is gone.)
fn settles(what: &str, want: usize, why: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = count(what);
        if now == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{why}: /proc/self/{what} has {now} entries, not {want}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_stopped_sandbox_leaves_no_thread_connection_or_descriptor_behind() {
    let (threads, fds) = (count("task"), count("fd"));
    for round in 0..4 {
        let sb = Sandbox::start().unwrap();
        let port = sb.port();

        // Connections that end while the sandbox runs give their descriptors back.
        let running = count("fd");
        for _ in 0..10 {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            write!(
                s,
                "GET /nothing HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer).unwrap();
            assert!(answer.starts_with("HTTP/1.1 404 "), "{answer}");
        }
        settles("fd", running, "closed connections kept descriptors in the sandbox");

        // A client whose connection is kept alive, and a connection that sent nothing yet.
        let client = sb
            .client_builder()
            .request_timeout(Duration::from_secs(10))
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let call = client.create_call("X").unwrap();
        let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
        idle.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while sb.connections_accepted() < 12 {
            assert!(
                Instant::now() < deadline,
                "{} connections accepted",
                sb.connections_accepted()
            );
            std::thread::sleep(Duration::from_millis(5));
        }

        if round % 2 == 0 {
            sb.stop();
        } else {
            drop(sb);
        }

        // The idle connection is closed by the sandbox (an end of stream, not our timeout).
        let mut byte = [0u8; 1];
        let read = idle.read(&mut byte);
        assert!(
            matches!(read, Ok(0)),
            "round {round}: the idle connection read {read:?}"
        );
        // The client's next call fails at once rather than waiting for an answer that no
        // thread would write.
        let started = Instant::now();
        let err = client.get_agent_url(&call, None).unwrap_err();
        assert_ne!(
            err.kind(),
            ErrorKind::Timeout,
            "round {round}: {err} after {:?}",
            started.elapsed()
        );
        drop((client, idle));
    }
    settles("task", threads, "threads outlived their sandboxes");
    settles("fd", fds, "descriptors outlived their sandboxes");
}
