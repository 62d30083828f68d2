//! Cancelling calls from another thread: [`CancelToken`].

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How often a waiting call looks at its token: the longest a socket read, a retry backoff
/// or a poll interval runs before the token (and its check) is consulted again.
pub(crate) const SLICE: Duration = Duration::from_millis(50);

/// A handle that cancels calls, from any thread.
///
/// Cloneable and cheap (an `Arc` inside): keep one clone, give another to
/// [`Client::with_cancel`](crate::Client::with_cancel), and call [`cancel`](Self::cancel) from
/// wherever the user presses "stop". Every call made through that client view then ends with
/// an [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) error within about 50 ms
/// (a socket read, a retry backoff, a login wait or a poll interval is cut into slices of at
/// most 50 ms, and the token is looked at between them). A token stays cancelled: make a new
/// one for the next operation.
///
/// [`with_check`](Self::with_check) adds a function asked between slices as well (on the
/// thread running the call); returning `true` cancels. The Python package uses it to run
/// `check_signals`, so Ctrl-C works while a call runs without the GIL.
///
/// ```
/// use idiligo::CancelToken;
///
/// let token = CancelToken::new();
/// let other = token.clone();
/// std::thread::spawn(move || other.cancel()).join().unwrap();
/// assert!(token.is_cancelled());
/// ```
///
/// What a cancel leaves behind: nothing half-written on this side (a download's temporary file
/// is removed, an existing target file is untouched). On the service's side a call whose
/// request had already been sent may have taken effect: the error's
/// [`never_sent`](crate::Error::never_sent) is `false` then, and its message says so for
/// operations that change something.
#[derive(Clone, Default)]
pub struct CancelToken {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    check: Option<Box<dyn Fn() -> bool + Send + Sync>>,
}

impl fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelToken")
            .field("cancelled", &self.inner.cancelled.load(Ordering::Relaxed))
            .field("check", &self.inner.check.is_some())
            .finish()
    }
}

impl CancelToken {
    /// A token that is not cancelled.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// A token that also cancels when `check` returns `true`. `check` runs on the thread that
    /// runs the call, between slices (at most every 50 ms while the call waits); once it has
    /// returned `true` the token stays cancelled and `check` is not asked again.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicBool, Ordering};
    /// use std::sync::Arc;
    /// use idiligo::CancelToken;
    ///
    /// let stop = Arc::new(AtomicBool::new(false));
    /// let flag = stop.clone();
    /// let token = CancelToken::with_check(move || flag.load(Ordering::Relaxed));
    /// assert!(!token.is_cancelled());
    /// stop.store(true, Ordering::Relaxed);
    /// assert!(token.is_cancelled());
    /// ```
    pub fn with_check(check: impl Fn() -> bool + Send + Sync + 'static) -> CancelToken {
        CancelToken {
            inner: Arc::new(Inner {
                cancelled: AtomicBool::new(false),
                check: Some(Box::new(check)),
            }),
        }
    }

    /// Cancels every call made with this token (now and later). Safe from any thread,
    /// including signal-handling threads; idempotent.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
    }

    /// Whether the token is cancelled: [`cancel`](Self::cancel) was called, or the check
    /// function (asked now) returned `true`.
    pub fn is_cancelled(&self) -> bool {
        if self.inner.cancelled.load(Ordering::SeqCst) {
            return true;
        }
        match &self.inner.check {
            Some(check) if check() => {
                self.cancel();
                true
            }
            _ => false,
        }
    }

    /// Sleeps `d` through `sleeper` in slices of at most [`SLICE`], looking at the token
    /// between them; `false` when the token was cancelled (before or during the sleep). The
    /// time slept is counted from the slices, not the clock, so a test sleeper that returns at
    /// once still ends the loop.
    pub(crate) fn sleep(&self, d: Duration, sleeper: &dyn Fn(Duration)) -> bool {
        let mut left = d;
        loop {
            if self.is_cancelled() {
                return false;
            }
            if left.is_zero() {
                return true;
            }
            let step = left.min(SLICE);
            sleeper(step);
            left -= step;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn sleep_is_sliced_and_stops_when_cancelled() {
        let token = CancelToken::new();
        let slept = Mutex::new(Vec::new());
        assert!(token.sleep(Duration::from_millis(120), &|d| slept.lock().unwrap().push(d)));
        assert_eq!(
            *slept.lock().unwrap(),
            vec![SLICE, SLICE, Duration::from_millis(20)],
            "slices of at most 50 ms"
        );
        let t2 = token.clone();
        let calls = Mutex::new(0);
        let cancelled = !token.sleep(Duration::from_secs(10), &|_| {
            let mut n = calls.lock().unwrap();
            *n += 1;
            if *n == 3 {
                t2.cancel();
            }
        });
        assert!(cancelled);
        assert_eq!(*calls.lock().unwrap(), 3, "stops at the first slice after cancel");
        assert!(!token.sleep(Duration::ZERO, &|_| {}));
    }

    #[test]
    fn a_true_check_is_sticky() {
        let asked = Arc::new(Mutex::new(0));
        let a2 = asked.clone();
        let token = CancelToken::with_check(move || {
            *a2.lock().unwrap() += 1;
            true
        });
        assert!(token.is_cancelled());
        assert!(token.is_cancelled());
        assert_eq!(*asked.lock().unwrap(), 1);
        assert!(format!("{token:?}").contains("cancelled: true"));
    }
}
