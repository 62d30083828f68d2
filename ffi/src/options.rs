//! `idiligo_options`: the client configuration builder.

use std::ffi::c_char;

use idiligo_core::{duration_from_millis, Binding, ClientBuilder, Credentials, RetryPolicy, Token};

use crate::boundary::{mut_arg, str_arg};
use crate::error::Failure;
use crate::{idiligo_error, IDILIGO_BINDING_GET, IDILIGO_BINDING_POST, IDILIGO_BINDING_SOAP};

/// Client options: base URLs, binding, credentials or token, timeouts, retries, proxy, CA
/// files, size caps. Create with `idiligo_options_new`, set what you need, pass to
/// `idiligo_client_new` (which copies them, so the options may be freed or reused right
/// after), free with `idiligo_options_free`.
///
/// Not thread-safe: do not use one options object from two threads at the same time.
/// Secrets set here (API key, password, ticket, token, proxy URL) are never printed.
pub struct idiligo_options {
    pub(crate) builder: ClientBuilder,
}

impl idiligo_options {
    fn update(&mut self, f: impl FnOnce(ClientBuilder) -> ClientBuilder) {
        let b = std::mem::take(&mut self.builder);
        self.builder = f(b);
    }
}

/// A new options object with the defaults: base URL `https://app.idiligo.com`, POST binding,
/// connect timeout 10 s, request timeout 60 s, stall timeout 60 s, token lifetime 24 h,
/// 2 retries, no proxy (environment variables are not read), the system certificate store,
/// responses capped at 8 MiB and downloads at 4 GiB. Returns `NULL` only if memory ran out.
/// Free with `idiligo_options_free`.
#[no_mangle]
pub extern "C" fn idiligo_options_new() -> *mut idiligo_options {
    ffi_value!(std::ptr::null_mut(), {
        Box::into_raw(Box::new(idiligo_options {
            builder: ClientBuilder::default(),
        }))
    })
}

/// Frees an options object. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_free(options: *mut idiligo_options) {
    ffi_value!((), {
        if !options.is_null() {
            drop(unsafe { Box::from_raw(options) });
        }
    })
}

/// API base URL: the site root (`https://app.idiligo.com`) or the full
/// `…/InsideService20.asmx` address. Plain `http://` is accepted only for loopback hosts
/// unless `idiligo_options_set_allow_insecure_http` is on (checked by `idiligo_client_new`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_base_url(
    options: *mut idiligo_options,
    url: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_base_url", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        let url = unsafe { str_arg(url, "url") }?;
        o.update(|b| b.base_url(url));
        Ok(())
    })
}

/// Base of participant links (`{base}/client?id=…`); defaults to the API base URL's site root.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_participant_base_url(
    options: *mut idiligo_options,
    url: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_participant_base_url", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        let url = unsafe { str_arg(url, "url") }?;
        o.update(|b| b.participant_base_url(url));
        Ok(())
    })
}

/// `IDILIGO_BINDING_POST` (default), `IDILIGO_BINDING_GET` or `IDILIGO_BINDING_SOAP`. Any
/// other value is an `IDILIGO_ERR_ARGUMENT`. With GET, secrets travel in URLs; prefer POST.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_binding(
    options: *mut idiligo_options,
    binding: i32,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_binding", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        let binding = match binding {
            IDILIGO_BINDING_POST => Binding::Post,
            IDILIGO_BINDING_GET => Binding::Get,
            IDILIGO_BINDING_SOAP => Binding::Soap,
            other => {
                return Err(Failure::arg(format!(
                    "binding {other} is not IDILIGO_BINDING_POST, _GET or _SOAP"
                )))
            }
        };
        o.update(|b| b.binding(binding));
        Ok(())
    })
}

/// Allow plain `http://` to hosts other than loopback (default false).
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_allow_insecure_http(
    options: *mut idiligo_options,
    allow: bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_allow_insecure_http", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.allow_insecure_http(allow));
        Ok(())
    })
}

/// Password credentials (`Login`): the client logs in lazily and again before the token
/// expires. Replaces ticket credentials set earlier. All three strings are copied.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_password_credentials(
    options: *mut idiligo_options,
    apikey: *const c_char,
    username: *const c_char,
    password: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_password_credentials", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        let apikey = unsafe { str_arg(apikey, "apikey") }?;
        let username = unsafe { str_arg(username, "username") }?;
        let password = unsafe { str_arg(password, "password") }?;
        o.update(|b| b.credentials(Credentials::password(apikey, username, password)));
        Ok(())
    })
}

/// Ticket credentials (`Impersonate`: act as `username` with an authorization ticket).
/// Replaces password credentials set earlier. All three strings are copied.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_ticket_credentials(
    options: *mut idiligo_options,
    apikey: *const c_char,
    username: *const c_char,
    ticket: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_ticket_credentials", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        let apikey = unsafe { str_arg(apikey, "apikey") }?;
        let username = unsafe { str_arg(username, "username") }?;
        let ticket = unsafe { str_arg(ticket, "ticket") }?;
        o.update(|b| b.credentials(Credentials::ticket(apikey, username, ticket)));
        Ok(())
    })
}

/// A session token obtained elsewhere. It is used until the service rejects it; then the
/// client logs in with its credentials if it has any, or fails with `IDILIGO_ERR_AUTH`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_token(
    options: *mut idiligo_options,
    token: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_token", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        let token = unsafe { str_arg(token, "token") }?;
        o.update(|b| b.token(Token::new(token)));
        Ok(())
    })
}

/// How long a token is valid, in milliseconds (default 24 h); the client logs in again
/// shortly before. 0 is rejected by `idiligo_client_new`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_token_lifetime_ms(
    options: *mut idiligo_options,
    lifetime_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_token_lifetime_ms", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.token_lifetime(duration_from_millis(lifetime_ms)));
        Ok(())
    })
}

/// Connection set-up timeout in milliseconds, including DNS, proxy and TLS (default 10 000).
/// 0 is rejected by `idiligo_client_new`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_connect_timeout_ms(
    options: *mut idiligo_options,
    timeout_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_connect_timeout_ms", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.connect_timeout(duration_from_millis(timeout_ms)));
        Ok(())
    })
}

/// Timeout of one API request/response exchange in milliseconds (default 60 000).
/// 0 is rejected by `idiligo_client_new`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_request_timeout_ms(
    options: *mut idiligo_options,
    timeout_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_request_timeout_ms", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.request_timeout(duration_from_millis(timeout_ms)));
        Ok(())
    })
}

/// Downloads fail when no byte arrives for this many milliseconds (default 60 000). A
/// download's total duration is not capped unless `idiligo_options_set_download_timeout_ms`
/// sets a deadline. 0 is rejected by `idiligo_client_new`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_stall_timeout_ms(
    options: *mut idiligo_options,
    timeout_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_stall_timeout_ms", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.stall_timeout(duration_from_millis(timeout_ms)));
        Ok(())
    })
}

/// Retry policy: `max_retries` after the first attempt (0 disables retrying), a backoff of
/// `initial_backoff_ms` doubled per retry and capped at `max_backoff_ms`, with jitter
/// (default 2, 250, 8000). `max_backoff_ms` smaller than `initial_backoff_ms` is an
/// `IDILIGO_ERR_ARGUMENT` (the core's `RetryPolicy::new`). Operations that create something
/// are retried only when the request provably never left this machine.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_retry(
    options: *mut idiligo_options,
    max_retries: u32,
    initial_backoff_ms: u64,
    max_backoff_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_retry", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        // The Retry-After cap is a setting of its own (idiligo_options_set_max_retry_after_ms):
        // keep it, whichever was set first.
        let cap = o.builder.get_retry_policy().max_retry_after;
        let policy = RetryPolicy::new(
            max_retries,
            duration_from_millis(initial_backoff_ms),
            duration_from_millis(max_backoff_ms),
        )?
        .max_retry_after(cap);
        o.update(|b| b.retry_policy(policy));
        Ok(())
    })
}

/// The longest `Retry-After` delay, in milliseconds, the client waits for before retrying a
/// 429 or 503 answer (default 30 000). A longer delay is not waited for: the call fails at
/// once with `IDILIGO_ERR_HTTP`, and `idiligo_error_retry_after_ns` tells when to come back.
/// 0 means never wait for one. Kept when `idiligo_options_set_retry` is called later (and the
/// other way round).
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_max_retry_after_ms(
    options: *mut idiligo_options,
    cap_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_max_retry_after_ms", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        let policy = o
            .builder
            .get_retry_policy()
            .max_retry_after(duration_from_millis(cap_ms));
        o.update(|b| b.retry_policy(policy));
        Ok(())
    })
}

/// A total deadline for each download, in milliseconds, from its start to its last byte,
/// connection set-up included (default: none, so a download that keeps making progress may
/// take as long as it needs; the stall timeout still applies to every read). Passing it is an
/// `IDILIGO_ERR_TIMEOUT` with phase `IDILIGO_TIMEOUT_DOWNLOAD`, and leaves no file behind.
/// 0 is rejected by `idiligo_client_new`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_download_timeout_ms(
    options: *mut idiligo_options,
    timeout_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_download_timeout_ms", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.download_timeout(duration_from_millis(timeout_ms)));
        Ok(())
    })
}

/// How many idle connections the pool keeps per host (default 16); the pool's overall cap
/// is twice this, so the API host and a download host can each keep theirs. With more
/// threads calling at once, the surplus connections are closed after use instead of kept.
/// 0 keeps none (every call opens a new connection).
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_max_idle_connections(
    options: *mut idiligo_options,
    per_host: usize,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_max_idle_connections", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.max_idle_connections(per_host));
        Ok(())
    })
}

/// Proxy URL (`http://[user:pass@]host:port`, `socks5://…`). Without this call no proxy is
/// used: `HTTPS_PROXY` and friends are deliberately not read. The URL is treated as a secret.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_proxy(
    options: *mut idiligo_options,
    proxy_url: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_proxy", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        let url = unsafe { str_arg(proxy_url, "proxy_url") }?;
        o.update(|b| b.proxy(url));
        Ok(())
    })
}

/// Trust the certificates in this PEM file in addition to the system's (corporate TLS
/// inspection). May be called several times. The file is read by `idiligo_client_new`
/// (`IDILIGO_ERR_TLS` or `IDILIGO_ERR_IO` there if it cannot be used).
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_add_ca_file(
    options: *mut idiligo_options,
    pem_path: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_add_ca_file", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        let path = unsafe { str_arg(pem_path, "pem_path") }?;
        o.update(|b| b.add_ca_file(path));
        Ok(())
    })
}

/// Whether to trust the operating system's certificate store (default true); when false
/// (or the store is empty) Mozilla's bundled roots are used. Verification is always on.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_use_system_roots(
    options: *mut idiligo_options,
    use_them: bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_use_system_roots", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.use_system_roots(use_them));
        Ok(())
    })
}

/// Cap on one API response body in bytes (default 8 MiB). 0 is rejected by
/// `idiligo_client_new`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_max_response_bytes(
    options: *mut idiligo_options,
    limit: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_max_response_bytes", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.max_response_bytes(limit));
        Ok(())
    })
}

/// Default cap on one uploaded document in bytes (default 64 MiB); an upload can lower or
/// raise it with `idiligo_upload_options_set_max_bytes`. A larger document is refused before
/// anything is sent. 0 is rejected by `idiligo_client_new`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_max_upload_bytes(
    options: *mut idiligo_options,
    limit: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_max_upload_bytes", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.max_upload_bytes(limit));
        Ok(())
    })
}

/// Default cap on one downloaded document in bytes (default 4 GiB); a download can lower or
/// raise it with its own `max_bytes`. 0 is rejected by `idiligo_client_new`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_options_set_max_download_bytes(
    options: *mut idiligo_options,
    limit: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_options_set_max_download_bytes", err, {
        let o = unsafe { mut_arg(options, "options") }?;
        o.update(|b| b.max_download_bytes(limit));
        Ok(())
    })
}
