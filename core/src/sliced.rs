//! Deadlines and cancellation without a thread per request: a connector and transport wrapper
//! for ureq's `unversioned::transport` traits, driven by the limits of the call running on
//! the current thread.
//!
//! ureq enforces a total deadline (`timeout_global`) by resolving every host name on a helper
//! thread, and its phase deadlines re-arm the socket timeout on every read. Instead:
//!
//! * A call (one attempt of an API exchange, or one download) enters a [`Scope`] on its
//!   thread: its deadline, its stall limit (per read/write, for downloads) and its
//!   [`CancelToken`]. ureq runs connectors and transports on the calling thread, so the
//!   wrapper finds the limits of the call it serves in a thread-local, whichever pooled
//!   connection it is.
//! * [`DeadlineConnector`] wraps the whole connector chain and cuts the connection set-up
//!   (TCP connect, SOCKS or CONNECT proxy negotiation, TLS handshake) to the time left.
//! * [`SlicedTransport`] sits on the socket, below TLS. It reads in slices of at most
//!   [`SLICE`], looking at the token and the clock between them, and cuts the last slice to
//!   the time left; a read that times out after a slice is simply tried again (nothing was
//!   consumed). The slice is a constant, so the socket's timeout is set once per connection,
//!   not once per read. A write cannot be repeated after a timeout (part of it may have gone),
//!   so it gets the whole time left at once; the token is looked at before each write (ureq
//!   writes at most its 128 KiB output buffer at a time).
//! * When the wrapper gives up it records why ([`Fired`]) in the scope, so the exchange
//!   reports a deadline, a stall or a cancel whatever ureq made of the I/O error.
//!
//! Host names are resolved by the system resolver on the calling thread (ureq's resolver
//! without a timeout, so no thread is spawned): a hanging DNS lookup is bounded by the
//! system's own resolver timeouts, not by the deadline or the token.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::time::Duration as UDuration;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

use crate::cancel::{CancelToken, SLICE};

/// The limits of the call running on this thread.
#[derive(Debug, Clone, Default)]
pub(crate) struct Limits {
    /// The end of the whole attempt (connection set-up included).
    pub(crate) deadline: Option<Instant>,
    /// The longest one read or write may wait for progress (a download's stall timeout).
    pub(crate) per_io: Option<Duration>,
    /// The token to look at between slices.
    pub(crate) cancel: Option<CancelToken>,
}

/// Why the wrapper gave up on an I/O operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fired {
    /// The scope's deadline passed.
    Deadline,
    /// One read or write waited longer than the scope's `per_io`.
    Stall,
    /// The token was cancelled.
    Cancelled,
}

/// What happened in a scope, read by the exchange when a call fails.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// Why the wrapper gave up, if it did.
    pub(crate) fired: Option<Fired>,
    /// Whether the wrapper gave up while the connection was being set up.
    pub(crate) during_connect: bool,
    /// Whether any byte of the request itself (not of a TLS or proxy handshake) was written.
    pub(crate) sent: bool,
    /// The system resolver's message when a host name could not be resolved.
    pub(crate) dns_failed: bool,
}

struct State {
    limits: Limits,
    outcome: Outcome,
    connecting: bool,
}

thread_local! {
    static CURRENT: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// The limits of one call on this thread, until dropped (the previous scope, if any, is
/// restored then: a login inside a call has its own scope).
pub(crate) struct Scope {
    previous: Option<State>,
}

impl Scope {
    pub(crate) fn enter(limits: Limits) -> Scope {
        let state = State {
            limits,
            outcome: Outcome::default(),
            connecting: false,
        };
        Scope {
            previous: CURRENT.with(|c| c.replace(Some(state))),
        }
    }

    /// What happened so far.
    pub(crate) fn outcome(&self) -> Outcome {
        CURRENT.with(|c| c.borrow().as_ref().map(|s| s.outcome).unwrap_or_default())
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    CURRENT.with(|c| c.borrow_mut().as_mut().map(f))
}

fn record(fired: Fired) {
    with_state(|s| {
        s.outcome.fired = Some(fired);
        s.outcome.during_connect = s.connecting;
    });
}

/// The limits of the current scope (`None` outside one).
fn limits() -> Option<Limits> {
    CURRENT.with(|c| c.borrow().as_ref().map(|s| s.limits.clone()))
}

/// An error ureq passes through unchanged; the scope says what it means.
fn gave_up(fired: Fired) -> ureq::Error {
    record(fired);
    let kind = match fired {
        Fired::Cancelled => std::io::ErrorKind::Other,
        Fired::Deadline | Fired::Stall => std::io::ErrorKind::TimedOut,
    };
    let what = match fired {
        Fired::Cancelled => "cancelled",
        Fired::Deadline => "deadline passed",
        Fired::Stall => "no progress within the stall timeout",
    };
    ureq::Error::Io(std::io::Error::new(kind, what))
}

/// How long the next wait may last, and what ends it if it is cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Nothing but the slice: wait again afterwards.
    Slice,
    /// ureq's own budget (the connect phase): report ureq's reason.
    Ureq,
    Deadline,
    Stall,
}

/// The wait before the next check: the smallest of the slice (when `sliced`), ureq's budget,
/// the deadline and the stall limit.
fn next_wait(
    now: Instant,
    sliced: bool,
    ureq_end: Option<Instant>,
    io_end: Option<Instant>,
    limits: &Limits,
) -> (Duration, Cut) {
    let mut wait = (Duration::MAX, Cut::Slice);
    if sliced {
        wait = (SLICE, Cut::Slice);
    }
    for (end, cut) in [
        (ureq_end, Cut::Ureq),
        (limits.deadline, Cut::Deadline),
        (io_end, Cut::Stall),
    ] {
        if let Some(end) = end {
            let left = end.saturating_duration_since(now);
            if left <= wait.0 {
                wait = (left, cut);
            }
        }
    }
    wait
}

/// A write's timeout rounded down to whole seconds when it is longer than two: the socket's
/// timeout is then the same for call after call (ureq sets it only when it changes), at the
/// price of a write giving up less than a second before the deadline.
fn steady(wait: Duration) -> Duration {
    if wait > Duration::from_secs(2) {
        Duration::from_secs(wait.as_secs())
    } else {
        wait
    }
}

fn ureq_end(now: Instant, timeout: &NextTimeout) -> Option<Instant> {
    match timeout.after {
        UDuration::Exact(d) => now.checked_add(d),
        UDuration::NotHappening => None,
    }
}

fn exact(d: Duration, reason: ureq::Timeout) -> NextTimeout {
    NextTimeout {
        after: UDuration::Exact(d),
        reason,
        per_read: None,
        per_write: None,
    }
}

/// The socket-level wrapper (see the module documentation).
#[derive(Debug)]
pub(crate) struct SlicedTransport<T> {
    inner: T,
    /// The per-read/write limit outside any scope (the client's request timeout), so no I/O
    /// ever waits forever.
    fallback: Duration,
}

impl<T: Transport> Transport for SlicedTransport<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let now = Instant::now();
        let limits = limits().unwrap_or_else(|| Limits {
            per_io: Some(self.fallback),
            ..Limits::default()
        });
        if limits.cancel.as_ref().is_some_and(CancelToken::is_cancelled) {
            return Err(gave_up(Fired::Cancelled));
        }
        let io_end = limits.per_io.and_then(|d| now.checked_add(d));
        let (wait, cut) = next_wait(now, false, ureq_end(now, &timeout), io_end, &limits);
        let fired = match cut {
            Cut::Deadline => Some(Fired::Deadline),
            Cut::Stall => Some(Fired::Stall),
            Cut::Slice | Cut::Ureq => None,
        };
        if wait.is_zero() {
            return Err(match fired {
                Some(f) => gave_up(f),
                None => ureq::Error::Timeout(timeout.reason),
            });
        }
        with_state(|s| {
            if !s.connecting {
                s.outcome.sent = true;
            }
        });
        let reason = if cut == Cut::Ureq {
            timeout.reason
        } else {
            ureq::Timeout::PerWrite
        };
        match self.inner.transmit_output(amount, exact(steady(wait), reason)) {
            Err(ureq::Error::Timeout(r)) => Err(match fired {
                Some(f) => gave_up(f),
                None => ureq::Error::Timeout(r),
            }),
            Err(e) if limits.cancel.as_ref().is_some_and(CancelToken::is_cancelled) => {
                log::debug!("write failed after cancel: {e}");
                Err(gave_up(Fired::Cancelled))
            }
            other => other,
        }
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let start = Instant::now();
        let ureq_end = ureq_end(start, &timeout);
        let limits = limits().unwrap_or_else(|| Limits {
            per_io: Some(self.fallback),
            ..Limits::default()
        });
        let io_end = limits.per_io.and_then(|d| start.checked_add(d));
        let mut now = start;
        loop {
            if limits.cancel.as_ref().is_some_and(CancelToken::is_cancelled) {
                return Err(gave_up(Fired::Cancelled));
            }
            let (wait, cut) = next_wait(now, true, ureq_end, io_end, &limits);
            if wait.is_zero() {
                return Err(match cut {
                    Cut::Deadline => gave_up(Fired::Deadline),
                    Cut::Stall => gave_up(Fired::Stall),
                    Cut::Ureq | Cut::Slice => ureq::Error::Timeout(timeout.reason),
                });
            }
            match self.inner.await_input(exact(wait, ureq::Timeout::PerRead)) {
                // The slice (or a limit) ended: nothing was read; look again.
                Err(ureq::Error::Timeout(_)) => now = Instant::now(),
                other => return other,
            }
        }
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// Wraps the socket a connector chain made in a [`SlicedTransport`]; goes between the TCP
/// (or SOCKS, or CONNECT-proxy) connectors and TLS.
#[derive(Debug)]
pub(crate) struct SlicingConnector {
    pub(crate) fallback: Duration,
}

impl<In: Transport> Connector<In> for SlicingConnector {
    type Out = SlicedTransport<In>;

    fn connect(&self, _: &ConnectionDetails, chained: Option<In>) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(|inner| SlicedTransport {
            inner,
            fallback: self.fallback,
        }))
    }
}

/// Wraps the whole connector chain: the connection set-up is cut to the time left before the
/// scope's deadline (ureq's connect timeout still applies when it is shorter), and the scope
/// knows the set-up is under way (its writes are not the request).
#[derive(Debug)]
pub(crate) struct DeadlineConnector<C> {
    pub(crate) inner: C,
}

impl<C: Connector<()>> Connector<()> for DeadlineConnector<C> {
    type Out = C::Out;

    fn connect(&self, details: &ConnectionDetails, chained: Option<()>) -> Result<Option<Self::Out>, ureq::Error> {
        let limits = limits().unwrap_or_default();
        if limits.cancel.as_ref().is_some_and(CancelToken::is_cancelled) {
            return Err(gave_up(Fired::Cancelled));
        }
        let mut timeout = details.timeout;
        let mut by_deadline = false;
        if let Some(deadline) = limits.deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            let shorter = match timeout.after {
                UDuration::Exact(d) => left < d,
                UDuration::NotHappening => true,
            };
            if shorter {
                if left.is_zero() {
                    return Err(gave_up(Fired::Deadline));
                }
                timeout.after = UDuration::Exact(left);
                timeout.reason = ureq::Timeout::Connect;
                by_deadline = true;
            }
        }
        let capped = ConnectionDetails {
            uri: details.uri,
            addrs: details.addrs.clone(),
            config: details.config,
            request_level: details.request_level,
            resolver: details.resolver,
            now: details.now,
            timeout,
            current_time: details.current_time.clone(),
            run_connector: details.run_connector.clone(),
            register_shutdown: details.register_shutdown.clone(),
        };
        let was = with_state(|s| std::mem::replace(&mut s.connecting, true)).unwrap_or(false);
        let result = self.inner.connect(&capped, chained);
        with_state(|s| s.connecting = was);
        match result {
            Err(ureq::Error::Timeout(_)) if by_deadline && limits.deadline.is_some_and(|d| Instant::now() >= d) => {
                with_state(|s| {
                    s.outcome.fired = Some(Fired::Deadline);
                    s.outcome.during_connect = true;
                });
                Err(ureq::Error::Timeout(ureq::Timeout::Connect))
            }
            other => other,
        }
    }
}

/// ureq's resolver without a timeout (so it never spawns a thread), whose I/O failures (the
/// system resolver's "Name or service not known", "Temporary failure in name resolution")
/// become [`ureq::Error::HostNotFound`], a connect error, instead of an I/O error that reads
/// like a broken connection.
#[derive(Debug, Default)]
pub(crate) struct PlainResolver<R = DefaultResolver> {
    pub(crate) inner: R,
}

impl<R: Resolver> Resolver for PlainResolver<R> {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let none = NextTimeout {
            after: UDuration::NotHappening,
            reason: ureq::Timeout::Resolve,
            per_read: None,
            per_write: None,
        };
        match self.inner.resolve(uri, config, none) {
            Err(ureq::Error::Io(e)) => {
                log::debug!("resolving {:?} failed: {e}", uri.host());
                with_state(|s| s.outcome.dns_failed = true);
                Err(ureq::Error::HostNotFound)
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_the_smallest_limit() {
        let now = Instant::now();
        let none = Limits::default();
        assert_eq!(next_wait(now, true, None, None, &none), (SLICE, Cut::Slice));
        assert_eq!(next_wait(now, false, None, None, &none).1, Cut::Slice);
        let soon = Limits {
            deadline: Some(now + Duration::from_millis(20)),
            ..Limits::default()
        };
        assert_eq!(
            next_wait(now, true, None, None, &soon),
            (Duration::from_millis(20), Cut::Deadline)
        );
        assert_eq!(
            next_wait(now, true, Some(now + Duration::from_millis(10)), None, &soon),
            (Duration::from_millis(10), Cut::Ureq)
        );
        assert_eq!(
            next_wait(now, false, None, Some(now + Duration::from_millis(5)), &soon),
            (Duration::from_millis(5), Cut::Stall)
        );
        assert_eq!(
            next_wait(now + Duration::from_secs(1), true, None, None, &soon),
            (Duration::ZERO, Cut::Deadline)
        );
    }

    #[test]
    fn long_write_timeouts_are_whole_seconds() {
        assert_eq!(steady(Duration::from_millis(59_987)), Duration::from_secs(59));
        assert_eq!(steady(Duration::from_millis(1_500)), Duration::from_millis(1_500));
    }

    #[test]
    fn scopes_nest_and_record() {
        assert!(limits().is_none());
        let outer = Scope::enter(Limits {
            per_io: Some(Duration::from_secs(1)),
            ..Limits::default()
        });
        {
            let inner = Scope::enter(Limits::default());
            let _ = gave_up(Fired::Stall);
            assert_eq!(inner.outcome().fired, Some(Fired::Stall));
        }
        assert_eq!(
            outer.outcome(),
            Outcome::default(),
            "the inner scope's outcome is its own"
        );
        assert_eq!(limits().unwrap().per_io, Some(Duration::from_secs(1)));
        drop(outer);
        assert!(limits().is_none());
    }

    #[derive(Debug)]
    struct Failing;

    impl Resolver for Failing {
        fn resolve(
            &self,
            _: &ureq::http::Uri,
            _: &ureq::config::Config,
            timeout: NextTimeout,
        ) -> Result<ResolvedSocketAddrs, ureq::Error> {
            assert!(
                timeout.after.is_not_happening(),
                "no timeout: ureq would spawn a thread"
            );
            Err(ureq::Error::Io(std::io::Error::other(
                "failed to lookup address information: Name or service not known",
            )))
        }
    }

    #[test]
    fn resolver_failures_are_host_not_found() {
        let scope = Scope::enter(Limits::default());
        let r = PlainResolver { inner: Failing };
        let uri: ureq::http::Uri = "https://idiligo.invalid/x".parse().unwrap();
        let config = ureq::config::Config::default();
        let timeout = exact(Duration::from_secs(5), ureq::Timeout::Resolve);
        let e = r.resolve(&uri, &config, timeout).unwrap_err();
        assert!(matches!(e, ureq::Error::HostNotFound), "{e:?}");
        assert!(scope.outcome().dns_failed);
    }
}
