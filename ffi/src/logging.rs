//! `idiligo_log_set_callback`: the library's log records, handed to a C callback.
//!
//! The core logs through the `log` facade (target `idiligo::…`): logins at INFO, retries at
//! WARN, every exchange at DEBUG, always redacted by the core. This module installs one
//! process-wide `log::Log` (inside libidiligo, whose copy of `log` is its own) that forwards
//! the core's records to the registered callback. Records of other crates (the HTTP client,
//! TLS) are dropped: with the GET binding their URLs could carry secrets.

use std::cell::Cell;
use std::ffi::{c_char, c_void, CString};
use std::sync::{OnceLock, RwLock};

use crate::error::Failure;
use crate::idiligo_error;

/// `idiligo_log_set_callback`: no records.
pub const IDILIGO_LOG_OFF: i32 = 0;
/// Log level: errors.
pub const IDILIGO_LOG_ERROR: i32 = 1;
/// Log level: warnings (e.g. a retry after a transient failure, naming the operation).
pub const IDILIGO_LOG_WARN: i32 = 2;
/// Log level: information (e.g. `"Login: logged in as agent@example.test"`).
pub const IDILIGO_LOG_INFO: i32 = 3;
/// Log level: one record per exchange (operation, binding, URL without query, status, size,
/// duration).
pub const IDILIGO_LOG_DEBUG: i32 = 4;
/// Log level: everything the library logs.
pub const IDILIGO_LOG_TRACE: i32 = 5;

/// Log callback: `log(user_data, level, target, message, message_len)`.
///
/// `level` is an `IDILIGO_LOG_*` value (1 error … 5 trace), `target` the module that logged
/// (`"idiligo::session"`, `"idiligo::exchange"`, `"idiligo::sandbox::http"`, …), `message`
/// the text (UTF-8, already redacted: no API key, password, ticket, token or proxy
/// credentials), NUL-terminated after `message_len` bytes. Both strings are borrowed for the
/// duration of the call only: copy what you keep.
///
/// Called on the thread where the record arises: the thread running a library call for
/// client records, a sandbox worker thread for sandbox records; so it must be thread-safe and
/// may run on several threads at once. It must return quickly, must not unwind (no C++, .NET
/// or `longjmp` exception through it), and must not call any `idiligo_*` function (in
/// particular not `idiligo_log_set_callback`, which would wait for it forever).
pub type idiligo_log_cb = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        level: i32,
        target: *const c_char,
        message: *const c_char,
        message_len: usize,
    ),
>;

struct Sink {
    cb: unsafe extern "C" fn(*mut c_void, i32, *const c_char, *const c_char, usize),
    /// The caller's pointer, passed through unchanged (kept as an integer so the sink is
    /// `Send + Sync`; the caller promises it may be used from any thread).
    user_data: usize,
}

static SINK: RwLock<Option<Sink>> = RwLock::new(None);
/// Whether installing [`LOGGER`] as the process's `log` logger succeeded (tried once).
static INSTALLED: OnceLock<bool> = OnceLock::new();

thread_local! {
    /// Set while this thread runs the callback: records it causes are dropped, not nested.
    static IN_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

struct CLogger;

static LOGGER: CLogger = CLogger;

fn ours(target: &str) -> bool {
    target == "idiligo" || target.starts_with("idiligo::")
}

impl log::Log for CLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::max_level() && ours(metadata.target())
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) || IN_CALLBACK.try_with(Cell::get).unwrap_or(true) {
            return;
        }
        let guard = SINK.read().unwrap_or_else(|p| p.into_inner());
        let Some(sink) = guard.as_ref() else { return };
        let mut message = record.args().to_string().into_bytes();
        let len = message.len();
        message.push(0);
        let target = CString::new(record.target()).unwrap_or_default();
        let level = record.level() as i32;
        let _ = IN_CALLBACK.try_with(|f| f.set(true));
        // SAFETY: the callback was registered by the caller with this user data; both strings
        // live until it returns.
        unsafe {
            (sink.cb)(
                sink.user_data as *mut c_void,
                level,
                target.as_ptr(),
                message.as_ptr().cast(),
                len,
            )
        };
        let _ = IN_CALLBACK.try_with(|f| f.set(false));
    }

    fn flush(&self) {}
}

fn level_filter(level: i32) -> Option<log::LevelFilter> {
    Some(match level {
        IDILIGO_LOG_OFF => log::LevelFilter::Off,
        IDILIGO_LOG_ERROR => log::LevelFilter::Error,
        IDILIGO_LOG_WARN => log::LevelFilter::Warn,
        IDILIGO_LOG_INFO => log::LevelFilter::Info,
        IDILIGO_LOG_DEBUG => log::LevelFilter::Debug,
        IDILIGO_LOG_TRACE => log::LevelFilter::Trace,
        _ => return None,
    })
}

/// Registers `callback` to receive the library's log records up to `max_level`
/// (`IDILIGO_LOG_ERROR` … `IDILIGO_LOG_TRACE`; `IDILIGO_LOG_OFF` receives none), replacing
/// any callback registered before; `user_data` is passed to it unchanged. One callback serves
/// the whole process (every client and sandbox). See `idiligo_log_cb` for the thread it is
/// called on and what it must not do.
///
/// To unregister, pass `callback` `NULL` (`max_level` and `user_data` are then ignored). When
/// this function returns, the previous callback is no longer running on any thread and will
/// not be called again, so its `user_data` may be freed (a .NET delegate may be released).
/// It waits for calls of the previous callback in progress on other threads.
///
/// Only the library's own records are forwarded (targets `idiligo` and `idiligo::…`). An
/// invalid level is an `IDILIGO_ERR_ARGUMENT` (nothing changes). Also
/// `IDILIGO_ERR_ARGUMENT` when Rust code linked into the same copy of the library has already
/// installed a `log` logger of its own (not possible for C programs).
#[no_mangle]
pub unsafe extern "C" fn idiligo_log_set_callback(
    callback: idiligo_log_cb,
    user_data: *mut c_void,
    max_level: i32,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_log_set_callback", err, {
        let filter = match callback {
            None => log::LevelFilter::Off,
            Some(_) => level_filter(max_level)
                .ok_or_else(|| Failure::arg(format!("max_level {max_level} is not an IDILIGO_LOG_* value (0 to 5)")))?,
        };
        if !*INSTALLED.get_or_init(|| log::set_logger(&LOGGER).is_ok()) {
            return Err(Failure::arg(
                "another `log` logger is already installed in this process; the callback cannot be registered",
            ));
        }
        let mut sink = SINK.write().unwrap_or_else(|p| p.into_inner());
        *sink = callback.map(|cb| Sink {
            cb,
            user_data: user_data as usize,
        });
        log::set_max_level(filter);
        Ok(())
    })
}
