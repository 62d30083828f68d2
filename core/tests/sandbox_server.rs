//! Regression tests for the sandbox's HTTP server (the vendored tiny_http fixes).

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use idiligo::sandbox::Sandbox;
use idiligo::*;

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
    let started = Instant::now();
    for _ in 0..25 {
        assert_eq!(client.get_attachments(&call).unwrap().len(), 10);
    }
    // With the delay each call takes >= 40 ms (1 s in all); without it about 1 ms.
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(600), "25 calls took {elapsed:?}");
}
