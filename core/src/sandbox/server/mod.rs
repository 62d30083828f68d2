//! The sandbox's HTTP/1.1 server: tiny_http 0.12.0, kept inside this crate with our fixes.
//!
//! tiny_http 0.12.0 (the newest release, <https://github.com/tiny-http/tiny-http>) is a small
//! threaded HTTP server. The sandbox used it from crates.io first, then as a patched path
//! dependency; a path dependency is replaced by the crates.io release when the crate is
//! packaged, so a published `idiligo` would have shipped without the fixes below. The code
//! therefore lives here, as a private module of the `sandbox` feature, reduced to what the
//! sandbox uses: plain HTTP over TCP (no TLS, no UNIX sockets, no protocol upgrades, no test
//! requests). Its dependencies (`ascii`, `chunked_transfer`, `httpdate`, `log`) are
//! dependencies of the crate; `ascii` and `chunked_transfer` only with the `sandbox` feature.
//!
//! ## Licence
//!
//! tiny_http is Copyright (c) 2014-2019 The tiny-http contributors and dual-licensed under the
//! MIT licence and the Apache License, Version 2.0, like this crate; the texts are
//! `LICENSE-MIT` and `LICENSE-APACHE` in this directory. This module is a modified copy:
//! every change of behaviour is listed here and marked `idiligo patch` in the source.
//!
//! ## Our changes
//!
//! 1. `util/task_pool.rs`, `TaskPool::spawn`: a worker woken for a queued connection still
//!    counts as waiting until it pops the task, so a burst of more new connections than idle
//!    workers queued tasks nobody would pick up; such a connection hung until another
//!    connection closed (clients saw their request timeout, e.g. 8 threads opening connections
//!    at once). The fix compares the waiter count with the queue length
//!    (`core/tests/sandbox_server.rs`: `a_burst_of_new_connections_is_served`).
//! 2. The accept loop below: `TCP_NODELAY` on accepted sockets. Responses are written as
//!    headers and body through a 1 KiB buffer; with Nagle's algorithm the second segment waited
//!    for the client's delayed ACK, adding ~40 ms to every answer over about 1 KiB
//!    (`larger_answers_are_not_delayed_by_nagle`).
//! 3. The accept loop: read and write timeouts on accepted sockets ([`SOCKET_TIMEOUT`], 30 s).
//!    Without them a client that sent headers announcing a body and then nothing held a
//!    worker thread forever (idle keep-alive connections are now closed after 30 s; ureq drops
//!    idle ones after 15 s). `tests::a_silent_client_is_dropped_after_the_socket_timeout`
//!    checks it with a short timeout.
//! 4. The accept loop and [`Server::accepted_connections`]: a counter of accepted
//!    connections, so the sandbox can tell how many connections a client opened
//!    (`Sandbox::connections_accepted`; `core/tests/load.rs` bounds it by pool size plus
//!    threads).
//! 5. (The vendored copy's crate attribute allowing `irrefutable_let_patterns` on targets
//!    without Unix sockets, where the accept loop's `if let Connection::Tcp(..)` of patch 2 had
//!    one variant to match and `cargo clippy --target x86_64-pc-windows-gnu -- -D warnings`
//!    failed: not needed here, the `Connection` enum is gone and the accept loop takes the
//!    `TcpStream` directly; the same clippy run passes on this module.)
//! 6. `client.rs`: a connection whose peer address cannot be read (the client left between
//!    `accept` and the first request) is closed instead of panicking a pool thread.
//! 7. `util/refined_tcp_stream.rs`: the read and write halves of a connection share its one
//!    socket; upstream duplicated it with `try_clone` and unwrapped that, so a process out of
//!    descriptors panicked the accept thread, which stopped the whole server. A connection is
//!    now one descriptor instead of two.
//! 8. `client.rs`, `read_next_line`: a bare CR or a bare LF in the request head is a 400, as
//!    IIS answers (upstream accepted a bare LF and kept a bare CR inside the line).
//! 9. `client.rs`: every read error ends the connection silently; upstream answered a
//!    `TimedOut` read (Windows) with a 408, which a client that kept the connection idle read as
//!    the answer to its next request.
//! 10. `client.rs`: `Connection: upgrade` keeps the connection (the sandbox never upgrades);
//!     upstream closed it for a handler that might; `request.rs` frames such a request's body
//!     as any other (upstream gave it the rest of the connection).
//! 11. [`Connections`], [`Server::close`] (called by dropping the server, and by the sandbox's
//!     shutdown after its grace period) and `util/messages_queue.rs`: closing the server shuts
//!     every open connection down for reading (on Unix: on Windows a read already waiting is
//!     not woken, and ends at the socket timeout) and drops the queued requests nobody will
//!     take, each answered with an empty 500, as this type's documentation always said.
//!     Upstream left a kept-alive connection to its pool thread until the client closed it or
//!     the socket timed out, so a client sending on it after the sandbox stopped waited for
//!     its own timeout, and the pool thread outlived the server by up to [`SOCKET_TIMEOUT`];
//!     a request with a streamed body still queued at the stop held its pool thread for ever
//!     (`core/tests/sandbox_lifecycle.rs`; `sandbox_server.rs`:
//!     `a_request_still_queued_at_stop_is_answered`, `a_stuck_client_does_not_hang_shutdown`).
//! 12. [`Server::recv`] waits without a timeout until a request comes or [`Server::unblock`]
//!     releases it (`MessagesQueue::pop`); the sandbox's workers polled `recv_timeout` every
//!     100 ms for their stop flag, 320 wake-ups a second for an idle sandbox.
//! 13. `response.rs`: every answer's length is known, so upstream's answers of unknown length
//!     (buffered whole for an HTTP/1.0 client), its `additional_headers` and its protocol
//!     upgrade are gone; the `Server` header says `idiligo-sandbox/<version>`, not
//!     `tiny-http (Rust)`; a 1xx or 204 answer has no `Content-Length` (RFC 9110 §8.6).
//! 14. `client.rs`, `parse_http_version`: only `HTTP/1.0` and `HTTP/1.1` are versions; any
//!     other (`HTTP/0.9`, `HTTP/2.0` …) is a 400, so upstream's 505 for versions above 1.1 is
//!     gone.
//! 15. The accept loop: a failed `accept` is logged and tried again after [`ACCEPT_RETRY`];
//!     upstream ended the loop (and queued the error for one worker), so a moment without free
//!     descriptors stopped the server for good (`core/tests/sandbox_descriptors.rs`). One
//!     warning is logged for a run of failures.
//!
//! Removed: TLS (`ssl`, `Server::https`), UNIX sockets (`Server::http_unix`, `ListenAddr::Unix`,
//! the `Listener`/`Connection` enums), `Request::upgrade`, `TestRequest`, `Server::recv_timeout`,
//! `try_recv`, `incoming_requests`, `num_connections` (which was `unimplemented!`), and the
//! `Response` constructors and accessors nothing here calls. Everything else is upstream's
//! code, formatted to this crate's style, with its lints (`clippy`) fixed where they fired.

use std::error::Error;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::AtomicBool;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::{Arc, Mutex, Weak};
use std::thread;
use std::time::Duration;

use client::ClientConnection;
use util::MessagesQueue;

pub use common::{Header, Method, StatusCode};
pub use request::Request;
pub use response::Response;

mod client;
mod common;
mod request;
mod response;
mod util;

/// idiligo patch: how long the accept loop waits after a failed `accept` (out of descriptors).
const ACCEPT_RETRY: Duration = Duration::from_millis(20);

/// idiligo patch: the read and write timeout of accepted sockets.
pub const SOCKET_TIMEOUT: Duration = Duration::from_secs(30);

/// A listening HTTP server: an accept thread hands each connection to a pool thread, which
/// parses its requests and queues them for [`Server::recv`].
///
/// [`Server::close`] (or dropping it) ends the accept loop, which closes the listening socket,
/// shuts every connection down for reading and drops the requests nobody took; requests
/// already returned by `recv` can still be answered.
pub struct Server {
    // should be false as long as the server exists; set by `close`
    close: Arc<AtomicBool>,

    // queue for messages received by child threads
    messages: Arc<MessagesQueue<Request>>,

    // result of TcpListener::local_addr()
    listening_addr: SocketAddr,

    // idiligo patch: how many connections the accept loop has accepted.
    accepted: Arc<AtomicU64>,

    // idiligo patch: the open connections, shut down by `close`.
    connections: Arc<Connections>,
}

/// idiligo patch: a handle on each open connection's socket, so that closing the [`Server`]
/// shuts the connections down for reading (which wakes a read waiting on them on Unix; on
/// Windows such a read ends at the socket timeout). Upstream left a kept-alive connection open
/// until its client closed it or the socket timed out: its pool thread went on reading
/// requests that no worker would answer, so a client that sent one after the server was
/// dropped waited for its own timeout.
///
/// The handles are weak: a connection that ended is closed at once, and its handle is pruned
/// when the next connection is added.
#[derive(Default)]
struct Connections {
    open: Mutex<Open>,
}

#[derive(Default)]
struct Open {
    sockets: Vec<Weak<TcpStream>>,
    // set by `close_all`: a connection added afterwards is shut down at once
    closed: bool,
}

impl Connections {
    /// Registers a connection's socket, forgetting those that have ended.
    fn add(&self, socket: Weak<TcpStream>) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.sockets.retain(|s| s.strong_count() > 0);
        if open.closed {
            shut_for_reading(&socket);
        }
        open.sockets.push(socket);
    }

    /// How many connections are registered (ended ones included until the next `add`).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).sockets.len()
    }

    /// Shuts every open connection down for reading: its pool thread reads the end of the
    /// stream and ends it; requests already received can still be answered.
    fn close_all(&self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.closed = true;
        for socket in &open.sockets {
            shut_for_reading(socket);
        }
    }
}

fn shut_for_reading(socket: &Weak<TcpStream>) {
    if let Some(socket) = socket.upgrade() {
        let _ = socket.shutdown(Shutdown::Read);
    }
}

// the workers share one Server
const _: () = {
    const fn must_be_sync_and_send<T: Sync + Send>() {}
    must_be_sync_and_send::<Server>()
};

impl Server {
    /// A server listening on `addr` (the first address that binds), with the sockets it
    /// accepts timing out after [`SOCKET_TIMEOUT`].
    pub fn http<A>(addr: A) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        Server::with_socket_timeout(addr, SOCKET_TIMEOUT)
    }

    /// [`Server::http`] with another socket timeout (the tests use a short one).
    pub fn with_socket_timeout<A>(
        addr: A,
        socket_timeout: Duration,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        let addrs: Vec<SocketAddr> = addr.to_socket_addrs()?.collect();
        let listener = TcpListener::bind(addrs.as_slice())?;
        Self::from_listener(listener, socket_timeout)
    }

    fn from_listener(
        listener: TcpListener,
        socket_timeout: Duration,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        // building the "close" variable
        let close_trigger = Arc::new(AtomicBool::new(false));

        // building the TcpListener
        let (server, local_addr) = {
            let local_addr = listener.local_addr()?;
            log::debug!("Server listening on {}", local_addr);
            (listener, local_addr)
        };

        // creating a task where server.accept() is continuously called
        // and ClientConnection objects are pushed in the messages queue
        let messages = MessagesQueue::with_capacity(8);

        let inside_close_trigger = close_trigger.clone();
        let inside_messages = messages.clone();
        let accepted = Arc::new(AtomicU64::new(0));
        let inside_accepted = accepted.clone();
        let connections = Arc::new(Connections::default());
        let inside_connections = connections.clone();
        thread::Builder::new()
            .name("idiligo-sandbox-accept".to_owned())
            .spawn(move || {
                // a tasks pool is used to dispatch the connections into threads
                let tasks_pool = util::TaskPool::new();

                log::debug!("Running accept thread");
                let mut failing = false;
                while !inside_close_trigger.load(Relaxed) {
                    let new_client = match server.accept() {
                        Ok((sock, _)) => {
                            failing = false;
                            use util::RefinedTcpStream;
                            // idiligo patch: count accepted connections (Server::accepted_connections).
                            inside_accepted.fetch_add(1, Relaxed);
                            // idiligo patch: responses leave as header and body writes through a
                            // 1 KiB buffer; with Nagle's algorithm on, the second write waited for
                            // the client's delayed ACK (~40 ms for any answer over ~1 KiB).
                            let _ = sock.set_nodelay(true);
                            // idiligo patch: without socket timeouts, a client that stops
                            // sending mid-request held a worker thread forever.
                            let _ = sock.set_read_timeout(Some(socket_timeout));
                            let _ = sock.set_write_timeout(Some(socket_timeout));
                            let (read_closable, write_closable, handle) = RefinedTcpStream::new(sock);
                            // idiligo patch: the connection is registered, so that closing the
                            // server ends it.
                            inside_connections.add(handle);
                            ClientConnection::new(write_closable, read_closable)
                        }
                        // idiligo patch: upstream ended the accept loop at the first error, so
                        // one `EMFILE` (the process out of descriptors for a moment) stopped
                        // the server for good. The connection waits in the backlog; the loop
                        // tries again shortly.
                        Err(e) => {
                            // (one warning for a run of failures, 50 a second otherwise)
                            if failing {
                                log::debug!("sandbox: accepting a connection failed again: {e}");
                            } else {
                                log::warn!("sandbox: accepting a connection failed (retrying): {e}");
                            }
                            failing = true;
                            thread::sleep(ACCEPT_RETRY);
                            continue;
                        }
                    };

                    let messages = inside_messages.clone();
                    let mut client = Some(new_client);
                    tasks_pool.spawn(Box::new(move || {
                        if let Some(client) = client.take() {
                            for rq in client {
                                messages.push(rq);
                            }
                        }
                    }));
                }
                log::debug!("Terminating accept thread");
            })?;

        // result
        Ok(Server {
            messages,
            close: close_trigger,
            listening_addr: local_addr,
            accepted,
            connections,
        })
    }

    /// Returns the address the server is listening to.
    #[inline]
    pub fn server_addr(&self) -> SocketAddr {
        self.listening_addr
    }

    /// idiligo patch: how many connections the server has accepted since it started
    /// (including the one `Drop` makes to itself to unblock the accept loop, at the end).
    pub fn accepted_connections(&self) -> u64 {
        self.accepted.load(Relaxed)
    }

    /// The next request, waiting until one comes; `None` after [`Server::unblock`].
    pub fn recv(&self) -> Option<Request> {
        self.messages.pop()
    }

    /// Unblocks a thread waiting in [`Server::recv`] (one per call).
    /// This method allows graceful shutdown of server.
    pub fn unblock(&self) {
        self.messages.unblock();
    }
}

impl Server {
    /// idiligo patch: stops the server while something may still hold it (a worker stuck on a
    /// client that stopped sending). The accept loop ends (closing the listening socket);
    /// every connection is shut down for reading, so its pool thread reads the end of the
    /// stream (on Unix; on Windows a read already waiting is not woken and ends at the socket
    /// timeout); the queued requests nobody took are dropped (each answered with an empty
    /// 500), and so is any request read later. Answers to requests already taken can still be
    /// written. Idempotent; dropping the server does the same.
    pub fn close(&self) {
        if self.close.swap(true, Relaxed) {
            return;
        }
        self.connections.close_all();
        self.messages.close();
        // Connect briefly to ourselves to unblock the accept thread
        if let Ok(stream) = TcpStream::connect(self.listening_addr) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    use super::{Response, Server};

    /// Serves every request with `200 ok` on its own thread until the server is unblocked.
    fn serve(timeout: Duration) -> (std::sync::Arc<Server>, std::thread::JoinHandle<()>) {
        let server = std::sync::Arc::new(Server::with_socket_timeout(("127.0.0.1", 0), timeout).unwrap());
        let worker = {
            let server = server.clone();
            std::thread::spawn(move || {
                while let Some(rq) = server.recv() {
                    let _ = rq.respond(Response::from_data(b"ok".to_vec()));
                }
            })
        };
        (server, worker)
    }

    /// Patch 3: a client that sends part of a request and then nothing is disconnected when
    /// the socket timeout expires (upstream waited forever). The reading end sees the server
    /// close the connection (end of stream, not its own 5 s read timeout) within the socket
    /// timeout plus a margin, without an answer (the expired read is `WouldBlock` on Unix,
    /// `TimedOut` on Windows; the client loop closes silently on either).
    #[test]
    fn a_silent_client_is_dropped_after_the_socket_timeout() {
        let (server, worker) = serve(Duration::from_millis(300));
        let mut s = TcpStream::connect(server.server_addr()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
        let started = Instant::now();
        let mut answer = String::new();
        let read = s.read_to_string(&mut answer);
        let waited = started.elapsed();
        assert!(
            read.is_ok(),
            "the server did not close the connection: {read:?} after {waited:?}"
        );
        assert!(answer.is_empty(), "{answer:?}");
        assert!(waited < Duration::from_secs(3), "closed after {waited:?}");
        server.unblock();
        worker.join().unwrap();
    }

    /// Patch 4 and the ordinary path: a complete request is answered, and each connection is
    /// counted once however many requests it carries.
    #[test]
    fn requests_are_answered_and_connections_counted() {
        let (server, worker) = serve(Duration::from_secs(5));
        for _ in 0..2 {
            let mut s = TcpStream::connect(server.server_addr()).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            s.write_all(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer).unwrap();
            assert_eq!(answer.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{answer}");
            assert!(answer.ends_with("\r\n\r\nok"), "{answer}");
        }
        assert_eq!(server.accepted_connections(), 2);
        server.unblock();
        worker.join().unwrap();
    }

    /// Dropping the server closes it: the accept loop ends and the listening socket with it.
    #[test]
    fn dropping_the_server_closes_its_listening_socket() {
        let server = Server::with_socket_timeout(("127.0.0.1", 0), Duration::from_secs(5)).unwrap();
        let addr = server.server_addr();
        assert!(TcpStream::connect(addr).is_ok());
        drop(server);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(addr).is_ok() {
            assert!(Instant::now() < deadline, "{addr} still accepts connections");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Patch 11: the registry of open connections forgets those that ended (it would
    /// otherwise grow by one entry per connection for the life of the server).
    #[test]
    fn ended_connections_are_forgotten() {
        let (server, worker) = serve(Duration::from_secs(5));
        let mut registered = Vec::new();
        for _ in 0..40 {
            let mut s = TcpStream::connect(server.server_addr()).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer).unwrap();
            registered.push(server.connections.len());
        }
        // Each entry is pruned at the next connection once its pool thread has let it go.
        assert!(registered.iter().rev().take(10).any(|&n| n <= 3), "{registered:?}");
        server.unblock();
        worker.join().unwrap();
    }
}
