//! `idiligo_cancel`: cancelling calls from another thread, and client views that run their
//! calls under a cancel handle (`idiligo_client_with_cancel`, over the core's
//! [`Client::with_cancel`](idiligo_core::Client::with_cancel)).

use idiligo_core::CancelToken;

use crate::boundary::{out_arg, ref_arg, write_out};
use crate::client::idiligo_client;
use crate::idiligo_error;

/// A cancel handle: trigger it from any thread and every call made through a client view
/// bound to it (`idiligo_client_with_cancel`) ends with `IDILIGO_ERR_CANCELLED`.
///
/// Thread-safe: `idiligo_cancel_trigger` and `idiligo_cancel_is_triggered` may be called from
/// any thread at any time, concurrently with calls running under the handle. Only
/// `idiligo_cancel_free` must not race with the other two on the same handle. Views keep
/// their own reference, so the handle may be freed while views bound to it still exist (they
/// then can no longer be triggered, and stay triggered if they were).
pub struct idiligo_cancel {
    token: CancelToken,
}

/// A new cancel handle, not triggered. Returns `NULL` only if memory ran out. Free it with
/// `idiligo_cancel_free`. A handle stays triggered once triggered: make a new one for the
/// next operation.
#[no_mangle]
pub extern "C" fn idiligo_cancel_new() -> *mut idiligo_cancel {
    ffi_value!(std::ptr::null_mut(), {
        Box::into_raw(Box::new(idiligo_cancel {
            token: CancelToken::new(),
        }))
    })
}

/// Triggers the handle: every call running or started later through a view bound to it ends
/// with `IDILIGO_ERR_CANCELLED`, within about 50 ms for a call waiting on the network, a
/// retry backoff, a login another thread runs, a wait or a download (they wait in slices of at
/// most 50 ms and look at the handle between them). Idempotent; `NULL` is a no-op. Safe from
/// any thread; it only sets an atomic flag (no lock, no allocation).
///
/// What a cancel leaves behind: nothing half-written on this side (a download's temporary
/// file is removed, an existing target file is untouched). A call whose request had already
/// been sent may have taken effect on the service: `idiligo_error_never_sent` is false then.
#[no_mangle]
pub unsafe extern "C" fn idiligo_cancel_trigger(cancel: *const idiligo_cancel) {
    ffi_value!((), {
        if let Some(c) = unsafe { cancel.as_ref() } {
            c.token.cancel();
        }
    })
}

/// Whether the handle has been triggered (false for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_cancel_is_triggered(cancel: *const idiligo_cancel) -> bool {
    ffi_value!(false, {
        unsafe { cancel.as_ref() }.is_some_and(|c| c.token.is_cancelled())
    })
}

/// Frees a cancel handle. `NULL` is a no-op. Views made with it keep working (they hold their
/// own reference); no other call may be using this handle.
#[no_mangle]
pub unsafe extern "C" fn idiligo_cancel_free(cancel: *mut idiligo_cancel) {
    ffi_value!((), {
        if !cancel.is_null() {
            drop(unsafe { Box::from_raw(cancel) });
        }
    })
}

/// A view of `client` whose calls run under `cancel`: it shares the client's connection pool,
/// session (login, token) and settings, and every call made through it — the typed functions,
/// `idiligo_client_call`, `idiligo_client_start_meeting`, downloads, waits — ends with
/// `IDILIGO_ERR_CANCELLED` once `cancel` is triggered (see `idiligo_cancel_trigger`). Calls
/// through `client` itself are not affected.
///
/// `*view_out` receives a new `idiligo_client` (owned: free it with `idiligo_client_free`). It
/// is an ordinary client in every respect (thread-safe, usable with every `idiligo_client_*`
/// function) and independent in lifetime: `client` and `cancel` may be freed before it. The
/// usual pattern is one view per user action: a new handle, a view, the call on a worker
/// thread, `idiligo_cancel_trigger` from the thread where the user pressed "stop", then both
/// freed.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_with_cancel(
    client: *const idiligo_client,
    cancel: *const idiligo_cancel,
    view_out: *mut *mut idiligo_client,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_with_cancel", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let cancel = unsafe { ref_arg(cancel, "cancel") }?;
        out_arg(view_out, "view_out")?;
        let view = idiligo_client {
            client: c.client.with_cancel(&cancel.token),
        };
        unsafe { write_out(view_out, Box::into_raw(Box::new(view))) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_is_seen_and_null_is_harmless() {
        let c = idiligo_cancel_new();
        unsafe {
            assert!(!idiligo_cancel_is_triggered(c));
            idiligo_cancel_trigger(c);
            idiligo_cancel_trigger(c);
            assert!(idiligo_cancel_is_triggered(c));
            idiligo_cancel_trigger(std::ptr::null());
            assert!(!idiligo_cancel_is_triggered(std::ptr::null()));
            idiligo_cancel_free(c);
            idiligo_cancel_free(std::ptr::null_mut());
        }
    }
}
