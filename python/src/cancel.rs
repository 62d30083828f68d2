//! Cancellation: `idiligo.CancelToken`, and Ctrl-C while a call runs without the GIL.
//!
//! Every call of a `Client` runs as a [`Call`]: the core client, made a view with a cancel
//! token ([`idiligo::Client::with_cancel`]) when there is something to cancel it by, and the
//! exceptions Python code raised while the call ran (a signal handler, a callback).
//!
//! * On Python's main thread (the only one that runs signal handlers) the token's check
//!   function re-attaches to Python between the core's read slices (at most every
//!   [`SIGNAL_CHECK_EVERY`], and at least every 50 ms while the call waits) and runs
//!   `check_signals`. When a handler raises (Ctrl-C's `KeyboardInterrupt`) the exception is
//!   kept and the token cancels the call, which ends within one slice; [`Call::finish`] then
//!   raises the handler's exception instead of the core's `Cancelled` error.
//! * A `Client` made by `with_cancel(token)` adds the user's [`CancelToken`]; on other threads
//!   it is the only token (no signal check: Python runs handlers on the main thread only).
//! * A call on another thread without a token of its own runs on the plain core client.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use idiligo::ops::{Effect, Op};

use crate::errors::{to_pyerr, IntoPy};

/// The least time between two signal checks of one call (each re-attaches to Python).
///
/// The core asks its token before every socket read and write; a fast download makes many,
/// and re-attaching for each would make the call wait for the GIL each time another Python
/// thread holds it. While a call waits, the core asks every 50 ms, so Ctrl-C is seen within
/// about 50 ms either way.
pub const SIGNAL_CHECK_EVERY: Duration = Duration::from_millis(10);

/// A handle that cancels calls, from any thread or task.
///
/// Give it to `Client.with_cancel(token)` and make calls through the client that returns;
/// `cancel()` (from another thread, a GUI callback, an `asyncio` task) then ends each of them
/// within about 50 ms with `CancelledError` (its `sent` tells whether the request had left).
/// A token stays cancelled: make a new one for the next operation. `AsyncClient` makes one per
/// call, so cancelling an `asyncio` task cancels its call.
#[pyclass(frozen, module = "idiligo")]
pub struct CancelToken {
    pub(crate) inner: idiligo::CancelToken,
}

#[pymethods]
impl CancelToken {
    /// A token that is not cancelled.
    #[new]
    fn new() -> Self {
        CancelToken {
            inner: idiligo::CancelToken::new(),
        }
    }

    /// Cancels every call made with this token, now and later. Safe from any thread and
    /// idempotent; it does not wait for the calls to end.
    fn cancel(&self) {
        self.inner.cancel();
    }

    /// Whether `cancel()` was called.
    #[getter]
    fn cancelled(&self) -> bool {
        self.inner.is_cancelled()
    }

    fn __repr__(&self) -> String {
        format!(
            "<idiligo.CancelToken{}>",
            if self.inner.is_cancelled() { " cancelled" } else { "" }
        )
    }
}

/// Exceptions raised by Python code while a call ran without the GIL.
#[derive(Default)]
pub struct Caught {
    /// What a signal handler raised (or an exception a log record left set on the thread:
    /// pyo3-log restores one raised while logging, such as the `KeyboardInterrupt` of a SIGINT
    /// that arrived then).
    signal: Mutex<Option<PyErr>>,
    /// The first exception of a callback (progress, file object, condition).
    callback: Mutex<Option<PyErr>>,
}

impl Caught {
    fn put(slot: &Mutex<Option<PyErr>>, e: PyErr) {
        let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(e);
        }
    }

    fn take(slot: &Mutex<Option<PyErr>>) -> Option<PyErr> {
        slot.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Keeps the exception a callback raised (the first one wins); the callback then stops
    /// the core operation, and [`Call::finish`] raises it.
    pub fn callback(&self, e: PyErr) {
        Caught::put(&self.callback, e);
    }

    /// Keeps the exception a signal handler raised (Ctrl-C's `KeyboardInterrupt`), seen by a
    /// callback that ran `check_signals`; [`Call::finish`] raises it first.
    pub fn signal(&self, e: PyErr) {
        Caught::put(&self.signal, e);
    }

    /// Keeps an exception that was pending on the thread when a callback started (see
    /// [`Caught::signal`]); `true` when there was one (the callback should then stop the
    /// operation).
    pub fn pending(&self, py: Python<'_>) -> bool {
        match PyErr::take(py) {
            Some(e) => {
                Caught::put(&self.signal, e);
                true
            }
            None => false,
        }
    }
}

/// One call of a `Client`: the core client to run it on, and what Python raised meanwhile.
pub struct Call {
    /// The core client: a view with the call's cancel token when it has one.
    pub client: idiligo::Client,
    /// Exceptions of signal handlers and callbacks during the call.
    pub caught: Arc<Caught>,
}

struct Threading {
    main_thread: Py<PyAny>,
    get_ident: Py<PyAny>,
}

static THREADING: PyOnceLock<Threading> = PyOnceLock::new();

/// Whether the current thread is Python's main thread (the only one that runs signal handlers).
pub fn on_main_thread(py: Python<'_>) -> PyResult<bool> {
    let t = THREADING.get_or_try_init(py, || -> PyResult<Threading> {
        let m = py.import("threading")?;
        Ok(Threading {
            main_thread: m.getattr("main_thread")?.unbind(),
            get_ident: m.getattr("get_ident")?.unbind(),
        })
    })?;
    let main = t.main_thread.call0(py)?.getattr(py, "ident")?;
    let me = t.get_ident.call0(py)?;
    main.bind(py).eq(me)
}

impl Call {
    /// Prepares a call on `core`, cancelled by `token` (if any) and, on the main thread, by a
    /// signal handler that raises.
    pub fn new(py: Python<'_>, core: idiligo::Client, token: Option<&idiligo::CancelToken>) -> PyResult<Call> {
        let caught = Arc::new(Caught::default());
        let client = if on_main_thread(py)? {
            let seen = caught.clone();
            let user = token.cloned();
            let last: Mutex<Option<Instant>> = Mutex::new(None);
            let token = idiligo::CancelToken::with_check(move || {
                if user.as_ref().is_some_and(idiligo::CancelToken::is_cancelled) {
                    return true;
                }
                {
                    let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
                    let now = Instant::now();
                    if last.is_some_and(|t| now.duration_since(t) < SIGNAL_CHECK_EVERY) {
                        return false;
                    }
                    *last = Some(now);
                }
                // Not during interpreter shutdown (the call then simply goes on).
                Python::try_attach(|py| {
                    if seen.pending(py) {
                        return true;
                    }
                    match py.check_signals() {
                        Ok(()) => false,
                        Err(e) => {
                            Caught::put(&seen.signal, e);
                            true
                        }
                    }
                })
                .unwrap_or(false)
            });
            core.with_cancel(&token)
        } else if let Some(t) = token {
            core.with_cancel(t)
        } else {
            core
        };
        Ok(Call { client, caught })
    }

    /// The call's outcome for Python: a signal handler's exception first (Ctrl-C wins over
    /// everything, and the core's error is its `__cause__` when the interrupted call may have
    /// taken effect), then a callback's exception, then the core's result.
    pub fn finish<T>(self, py: Python<'_>, result: idiligo::Result<T>) -> PyResult<T> {
        let mut signal = Caught::take(&self.caught.signal).or_else(|| PyErr::take(py));
        let callback = Caught::take(&self.caught.callback);
        if signal.is_none() && callback.is_none() && result.is_err() {
            // A signal that arrived as the call failed (a read interrupted by SIGINT) wins too.
            if let Err(e) = py.check_signals() {
                signal = Some(e);
            }
        }
        match (signal, callback, result) {
            (Some(sig), callback, result) => {
                if let Some(cb) = callback {
                    sig.set_context(py, Some(cb));
                } else if let Err(e) = result {
                    if may_have_taken_effect(&e) {
                        sig.set_cause(py, Some(to_pyerr(py, e)));
                    }
                }
                Err(sig)
            }
            (None, Some(cb), _) => Err(cb),
            (None, None, result) => result.py_err(py),
        }
    }
}

/// Whether a cancelled call had sent a request that changes something on the service.
fn may_have_taken_effect(e: &idiligo::Error) -> bool {
    matches!(e.underlying(), idiligo::Error::Cancelled { sent: true, .. })
        && Op::from_name(e.operation()).is_none_or(|op| op.spec().effect != Effect::Read)
        && !matches!(e.operation(), "Download" | "wait_for_attachments")
}
