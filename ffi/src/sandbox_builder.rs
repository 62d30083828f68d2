//! `idiligo_sandbox_builder`: a sandbox configured from C (port, credentials, token lifetime,
//! fault texts, document conversion, document and request size limits, request validation,
//! the control API), over the core's `SandboxBuilder`.

use std::ffi::c_char;

use idiligo_core::duration_from_millis;
use idiligo_core::sandbox::{CustomErrors, SandboxBuilder, SandboxCredentials};

use crate::boundary::{mut_arg, out_arg, ref_arg, str_arg, write_out};
use crate::error::Failure;
use crate::idiligo_error;
use crate::sandbox::idiligo_sandbox;

/// `idiligo_sandbox_builder_set_custom_errors`: faults carry only the exception message
/// (ASP.NET's `customErrors On`, the default for remote callers, and the sandbox's default).
pub const IDILIGO_CUSTOM_ERRORS_ON: i32 = 0;
/// `idiligo_sandbox_builder_set_custom_errors`: faults carry the exception type, message,
/// inner exceptions and a stack trace (`customErrors Off`), as `idiligo_error_service_detail`
/// then shows.
pub const IDILIGO_CUSTOM_ERRORS_OFF: i32 = 1;

/// Settings of a sandbox to start: create with `idiligo_sandbox_builder_new`, set what you
/// need, start with `idiligo_sandbox_builder_start` (which copies the settings, so the builder
/// may be freed or reused right after), free with `idiligo_sandbox_builder_free`. Every string
/// is copied. Not thread-safe: do not use one builder from two threads at the same time.
pub struct idiligo_sandbox_builder {
    builder: SandboxBuilder,
}

impl idiligo_sandbox_builder {
    fn update(&mut self, f: impl FnOnce(SandboxBuilder) -> SandboxBuilder) {
        let b = std::mem::take(&mut self.builder);
        self.builder = f(b);
    }
}

/// A new builder with the defaults `idiligo_sandbox_start` uses: a free port of 127.0.0.1,
/// the fake credentials `test-apikey-0000` / `agent@example.test` / `fake-password-1234` /
/// `fake-ticket-5678`, tokens valid 24 h, `customErrors On`, documents converted at once and
/// never failing, documents up to 64 MiB, POST bodies up to 4 MiB, ASP.NET request validation
/// on, `CreateContact` requiring both names, no control API. Returns `NULL` only if memory ran out. Free with
/// `idiligo_sandbox_builder_free`.
#[no_mangle]
pub extern "C" fn idiligo_sandbox_builder_new() -> *mut idiligo_sandbox_builder {
    ffi_value!(std::ptr::null_mut(), {
        Box::into_raw(Box::new(idiligo_sandbox_builder {
            builder: SandboxBuilder::default(),
        }))
    })
}

/// Frees a builder. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_free(builder: *mut idiligo_sandbox_builder) {
    ffi_value!((), {
        if !builder.is_null() {
            drop(unsafe { Box::from_raw(builder) });
        }
    })
}

/// The port on 127.0.0.1 to listen on (default 0: a free port, see `idiligo_sandbox_url`). A
/// port in use makes `idiligo_sandbox_builder_start` fail with `IDILIGO_ERR_CONNECT`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_port(
    builder: *mut idiligo_sandbox_builder,
    port: u16,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_port", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        b.update(|s| s.port(port));
        Ok(())
    })
}

/// The credentials the sandbox accepts: API key, user name, password (`Login`) and ticket
/// (`Impersonate`). All four are required (use fake values: the sandbox is for tests) and
/// copied; an empty one is an `IDILIGO_ERR_ARGUMENT`. `idiligo_sandbox_options` then points
/// clients at them.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_credentials(
    builder: *mut idiligo_sandbox_builder,
    apikey: *const c_char,
    username: *const c_char,
    password: *const c_char,
    ticket: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_credentials", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        let apikey = unsafe { str_arg(apikey, "apikey") }?;
        let username = unsafe { str_arg(username, "username") }?;
        let password = unsafe { str_arg(password, "password") }?;
        let ticket = unsafe { str_arg(ticket, "ticket") }?;
        for (name, v) in [
            ("apikey", apikey),
            ("username", username),
            ("password", password),
            ("ticket", ticket),
        ] {
            if v.is_empty() {
                return Err(Failure::arg(format!("{name} is empty")));
            }
        }
        let c = SandboxCredentials {
            apikey: apikey.to_owned(),
            username: username.to_owned(),
            password: password.to_owned(),
            ticket: ticket.to_owned(),
        };
        b.update(|s| s.credentials(c));
        Ok(())
    })
}

/// How long the tokens the sandbox issues stay valid, in milliseconds (default 24 h); after
/// that the sandbox rejects them as the service does, and clients log in again. 0 is an
/// `IDILIGO_ERR_ARGUMENT` (use `idiligo_sandbox_expire_tokens` to expire tokens at once).
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_token_lifetime_ms(
    builder: *mut idiligo_sandbox_builder,
    lifetime_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_token_lifetime_ms", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        if lifetime_ms == 0 {
            return Err(Failure::arg("lifetime_ms must be greater than zero"));
        }
        b.update(|s| s.token_lifetime(duration_from_millis(lifetime_ms)));
        Ok(())
    })
}

/// How faults are written: `IDILIGO_CUSTOM_ERRORS_ON` (default: the message only) or
/// `IDILIGO_CUSTOM_ERRORS_OFF` (type, message, inner exceptions, stack trace). Any other value
/// is an `IDILIGO_ERR_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_custom_errors(
    builder: *mut idiligo_sandbox_builder,
    mode: i32,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_custom_errors", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        let mode = match mode {
            IDILIGO_CUSTOM_ERRORS_ON => CustomErrors::On,
            IDILIGO_CUSTOM_ERRORS_OFF => CustomErrors::Off,
            other => {
                return Err(Failure::arg(format!(
                    "mode {other} is not IDILIGO_CUSTOM_ERRORS_ON or _OFF"
                )))
            }
        };
        b.update(|s| s.custom_errors(mode));
        Ok(())
    })
}

/// How long the conversion of a stored document takes, in milliseconds (default 0: `READY`
/// at once). Until then `GetDocumentStatus` answers `BUSY` and `GetDocumentProgress` the
/// elapsed share (at most 99 %). Documents the participant uploads are ready at once.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_conversion_time_ms(
    builder: *mut idiligo_sandbox_builder,
    time_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_conversion_time_ms", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        b.update(|s| s.conversion_time(duration_from_millis(time_ms)));
        Ok(())
    })
}

/// Documents whose file name contains `marker` (compared exactly, case-sensitive) end their
/// conversion in `ERROR` instead of `READY` (default `""`: never). The string is copied.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_conversion_failure_marker(
    builder: *mut idiligo_sandbox_builder,
    marker: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_conversion_failure_marker", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        let marker = unsafe { str_arg(marker, "marker") }?;
        b.update(|s| s.conversion_failure_marker(marker));
        Ok(())
    })
}

/// The largest document the sandbox stores, in bytes (default 64 MiB): one fetched by
/// `AddDocumentFromUrl` or sent as bytes; a larger one is refused with the service error
/// `Document too large.` 0 is an `IDILIGO_ERR_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_max_document_bytes(
    builder: *mut idiligo_sandbox_builder,
    limit: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_max_document_bytes", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        if limit == 0 {
            return Err(Failure::arg("limit must be greater than zero"));
        }
        b.update(|s| s.max_document_bytes(limit));
        Ok(())
    })
}

/// ASP.NET request validation (default on, as on the real service): values containing `<`
/// followed by a letter, `&#`, `<!`, `</` or `<?` are refused with "A potentially dangerous
/// Request.Form value was detected".
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_request_validation(
    builder: *mut idiligo_sandbox_builder,
    on: bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_request_validation", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        b.update(|s| s.request_validation(on));
        Ok(())
    })
}

/// Whether `CreateContact` requires `firstName` and `lastName` (default true, as the
/// four-parameter web method does); false also accepts the two-parameter form.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_require_contact_names(
    builder: *mut idiligo_sandbox_builder,
    required: bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_require_contact_names", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        b.update(|s| s.require_contact_names(required));
        Ok(())
    })
}

/// The largest POST body the sandbox reads, in bytes (default 4,194,304: ASP.NET's default
/// `maxRequestLength` of 4,096 KB); a larger request is refused with the service error
/// `Maximum request length exceeded.`, as the real service refuses it. 0 is an
/// `IDILIGO_ERR_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_max_request_bytes(
    builder: *mut idiligo_sandbox_builder,
    limit: usize,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_max_request_bytes", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        if limit == 0 {
            return Err(Failure::arg("limit must be greater than zero"));
        }
        b.update(|s| s.max_request_bytes(limit));
        Ok(())
    })
}

/// Whether the sandbox also serves its control API under `{url}/_sandbox/` (default off): the
/// hooks of `idiligo_sandbox_*` (host a file, act as the participant, inspect, faults,
/// latency, token expiry, request counts) over HTTP with JSON answers, for test programs in
/// another process. `GET {url}/_sandbox/` lists the endpoints.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_set_control_api(
    builder: *mut idiligo_sandbox_builder,
    on: bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_set_control_api", err, {
        let b = unsafe { mut_arg(builder, "builder") }?;
        b.update(|s| s.control_api(on));
        Ok(())
    })
}

/// Starts a sandbox with the builder's settings (copied). `*out` receives it; stop and free
/// it with `idiligo_sandbox_stop`. Fails with `IDILIGO_ERR_CONNECT` when the port cannot be
/// bound.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_builder_start(
    builder: *const idiligo_sandbox_builder,
    out: *mut *mut idiligo_sandbox,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_builder_start", err, {
        let b = unsafe { ref_arg(builder, "builder") }?;
        out_arg(out, "out")?;
        let s = idiligo_sandbox::boxed(b.builder.clone().start()?)?;
        unsafe { write_out(out, s) };
        Ok(())
    })
}
