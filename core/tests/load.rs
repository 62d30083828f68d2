//! Load: 64 threads × 500 calls on one shared client against the embedded sandbox. Asserts
//! no errors, a bounded number of open file descriptors (before, during, after; Linux only,
//! from /proc/self/fd) and no more connections than the pool size plus the number of threads
//! (counted by the sandbox's accept loop). No timing assertions: the figures are printed, not
//! judged.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use idiligo::sandbox::Sandbox;
use idiligo::PublicId;

const THREADS: usize = 64;
const CALLS: usize = 500;
/// The client's idle-connection pool, sized for the threads that share it: a pool smaller
/// than the number of concurrent callers closes the connections it cannot keep and opens new
/// ones (with the default of 16, 64 threads made about 350 connections for 32,000 calls).
const POOL: usize = THREADS;

/// The descriptors this process has open, where the platform lists them (/proc/self/fd on
/// Linux); None elsewhere, and the descriptor bounds are then not checked.
fn open_fds() -> Option<usize> {
    if cfg!(target_os = "linux") {
        std::fs::read_dir("/proc/self/fd").map(|d| d.count()).ok()
    } else {
        None
    }
}

#[test]
fn sixty_four_threads_share_one_client() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().max_idle_connections(POOL).build().unwrap();
    let call = client.create_call("LOAD").unwrap();
    let public = client.get_public_call_id(&call).unwrap();
    client.set_value(&public, "Seed", "1").unwrap();
    let logins = sb.request_count("Login");

    let fds_before = open_fds();
    let conns_before = sb.connections_accepted();
    let stop = Arc::new(AtomicBool::new(false));
    let fds_max = Arc::new(AtomicUsize::new(fds_before.unwrap_or(0)));
    let monitor = {
        let (stop, fds_max) = (stop.clone(), fds_max.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                fds_max.fetch_max(open_fds().unwrap_or(0), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let errors = Arc::new(AtomicUsize::new(0));
    let first_error = Arc::new(std::sync::Mutex::new(None::<String>));
    let t0 = Instant::now();
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (client, call, errors, first_error) =
                (client.clone(), call.clone(), errors.clone(), first_error.clone());
            let public = PublicId::new(public.as_str());
            std::thread::spawn(move || {
                for i in 0..CALLS {
                    let result = match i % 4 {
                        0 => client.get_call_values(&call).map(drop),
                        1 => client.get_attachments(&call).map(drop),
                        2 => client.set_value(&public, &format!("T{t}"), &i.to_string()),
                        _ => client.get_agent_url(&call, None).map(drop),
                    };
                    if let Err(e) = result {
                        errors.fetch_add(1, Ordering::Relaxed);
                        first_error.lock().unwrap().get_or_insert(e.to_string());
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let elapsed = t0.elapsed();
    stop.store(true, Ordering::Relaxed);
    monitor.join().unwrap();
    let conns = sb.connections_accepted() - conns_before;
    let fds_during = fds_max.load(Ordering::Relaxed);
    let fds_after_calls = open_fds();
    drop(client);
    let fds_after_drop = open_fds();
    let shown = |n: Option<usize>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
    let (before, after_calls, after_drop) = (shown(fds_before), shown(fds_after_calls), shown(fds_after_drop));
    println!(
        "load: {} calls on {THREADS} threads in {elapsed:.2?}; errors {}; connections accepted {conns} \
         (bound {POOL} pool + {THREADS} threads); fds before {before}, max during {fds_during}, \
         after the calls {after_calls}, after dropping the client {after_drop}; logins {}",
        THREADS * CALLS,
        errors.load(Ordering::Relaxed),
        sb.request_count("Login") - logins,
    );
    assert_eq!(
        errors.load(Ordering::Relaxed),
        0,
        "first error: {:?}",
        first_error.lock().unwrap()
    );
    assert_eq!(sb.request_count("Login"), logins, "the shared session was not reused");
    assert!(
        conns as usize <= POOL + THREADS,
        "{conns} connections for {THREADS} threads and a pool of {POOL}"
    );
    let (Some(fds_before), Some(fds_after_calls)) = (fds_before, fds_after_calls) else {
        println!("load: open descriptors are not counted on this platform");
        return;
    };
    // Each connection is two descriptors here: the client's socket and the in-process
    // server's (whose read and write halves share it).
    let bound = fds_before + 2 * (POOL + THREADS) + 16;
    assert!(
        fds_during <= bound,
        "{fds_during} descriptors open during the load (bound {bound})"
    );
    assert!(
        fds_after_calls <= fds_before + 2 * POOL + 16,
        "{fds_after_calls} descriptors open after the load (before: {fds_before})"
    );
}
