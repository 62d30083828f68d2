//! `idiligo_sandbox`: the embedded, in-process emulator of the service (127.0.0.1 only).

use std::ffi::{c_char, CString};
use std::fmt::Write as _;

use idiligo_core::sandbox::{Fault, FaultKind, Sandbox};
use idiligo_core::{duration_from_millis, CallId, DocumentId};

use crate::boundary::{copied_bytes_arg, opt_str_arg, out_arg, owned_string, ref_arg, str_arg, write_out, FfiResult};
use crate::error::{c_text, Failure};
use crate::{
    idiligo_error, idiligo_options, IDILIGO_FAULT_DELAY, IDILIGO_FAULT_DROP_CONNECTION, IDILIGO_FAULT_STALL_BODY,
    IDILIGO_FAULT_STATUS, IDILIGO_FAULT_TRUNCATED_BODY,
};

/// A running sandbox: an emulator of the Idiligo service on `127.0.0.1` (a free port), for
/// developing and testing offline. It accepts fixed fake credentials, and can inspect
/// meetings, simulate what a participant does, and inject faults.
///
/// Thread-safe: every function taking a `const idiligo_sandbox *` may be called from any
/// thread, concurrently. `idiligo_sandbox_stop` must not race with other calls.
pub struct idiligo_sandbox {
    sandbox: Sandbox,
    url: CString,
    apikey: CString,
    username: CString,
    password: CString,
    ticket: CString,
}

/// Starts a sandbox on a free port of 127.0.0.1. `*out` receives it; stop and free it with
/// `idiligo_sandbox_stop`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_start(out: *mut *mut idiligo_sandbox, err: *mut *mut idiligo_error) -> i32 {
    ffi_status!("idiligo_sandbox_start", err, {
        out_arg(out, "out")?;
        let s = idiligo_sandbox::boxed(Sandbox::start()?)?;
        unsafe { write_out(out, s) };
        Ok(())
    })
}

impl idiligo_sandbox {
    /// A boxed handle of a started sandbox (stopped again if its strings cannot be made).
    pub(crate) fn boxed(sandbox: Sandbox) -> FfiResult<*mut idiligo_sandbox> {
        let c = sandbox.sandbox_credentials().clone();
        let s = idiligo_sandbox {
            url: c_text(sandbox.url(), "the sandbox URL")?,
            apikey: c_text(c.apikey, "the API key")?,
            username: c_text(c.username, "the user name")?,
            password: c_text(c.password, "the password")?,
            ticket: c_text(c.ticket, "the ticket")?,
            sandbox,
        };
        Ok(Box::into_raw(Box::new(s)))
    }
}

/// Stops the server, waits for its threads, and frees the sandbox. `NULL` is a no-op.
/// Clients pointed at it then fail with `IDILIGO_ERR_CONNECT`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_stop(sandbox: *mut idiligo_sandbox) {
    ffi_value!((), {
        if !sandbox.is_null() {
            let s = unsafe { Box::from_raw(sandbox) };
            s.sandbox.stop();
        }
    })
}

/// Base URL, e.g. `"http://127.0.0.1:41234"`. Borrowed; lives as long as the sandbox.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_url(sandbox: *const idiligo_sandbox) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { sandbox.as_ref() }.map_or(std::ptr::null(), |s| s.url.as_ptr())
    })
}

/// The API key the sandbox accepts (a fake). Borrowed; lives as long as the sandbox.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_apikey(sandbox: *const idiligo_sandbox) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { sandbox.as_ref() }.map_or(std::ptr::null(), |s| s.apikey.as_ptr())
    })
}

/// The user name the sandbox accepts. Borrowed; lives as long as the sandbox.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_username(sandbox: *const idiligo_sandbox) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { sandbox.as_ref() }.map_or(std::ptr::null(), |s| s.username.as_ptr())
    })
}

/// The password the sandbox accepts for `Login` (a fake). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_password(sandbox: *const idiligo_sandbox) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { sandbox.as_ref() }.map_or(std::ptr::null(), |s| s.password.as_ptr())
    })
}

/// The ticket the sandbox accepts for `Impersonate` (a fake). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_ticket(sandbox: *const idiligo_sandbox) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        unsafe { sandbox.as_ref() }.map_or(std::ptr::null(), |s| s.ticket.as_ptr())
    })
}

/// New client options pointed at the sandbox, with its password credentials. `*out`
/// receives them; set more if needed, pass them to `idiligo_client_new`, free them with
/// `idiligo_options_free`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_options(
    sandbox: *const idiligo_sandbox,
    out: *mut *mut idiligo_options,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_options", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        out_arg(out, "out")?;
        let o = idiligo_options {
            builder: s.sandbox.client_builder(),
        };
        unsafe { write_out(out, Box::into_raw(Box::new(o))) };
        Ok(())
    })
}

/// Serves `len` bytes at `{url}/files/{name}` (a document source for `AddDocumentFromUrl`).
/// The bytes are copied. `*url_out` receives the URL (owned string).
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_host_file(
    sandbox: *const idiligo_sandbox,
    name: *const c_char,
    bytes: *const u8,
    len: usize,
    url_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_host_file", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        let name = unsafe { str_arg(name, "name") }?;
        let data = unsafe { bytes_arg(bytes, len) }?;
        out_arg(url_out, "url_out")?;
        let url = s.sandbox.host_file(name, data);
        let s = owned_string(url, "the url")?;
        unsafe { write_out(url_out, s) };
        Ok(())
    })
}

unsafe fn bytes_arg(bytes: *const u8, len: usize) -> FfiResult<Vec<u8>> {
    unsafe { copied_bytes_arg(bytes, len, "bytes") }
}

/// Simulates the participant uploading a file into meeting `call_id`: it appears in
/// `GetAttachments` with `Attach` false. The bytes are copied. `*document_id_out` (may be
/// `NULL`) receives the new document id (owned string).
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_simulate_upload(
    sandbox: *const idiligo_sandbox,
    call_id: *const c_char,
    filename: *const c_char,
    bytes: *const u8,
    len: usize,
    document_id_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_simulate_upload", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let filename = unsafe { str_arg(filename, "filename") }?;
        let data = unsafe { bytes_arg(bytes, len) }?;
        let id = s.sandbox.simulate_upload(&CallId::new(call), filename, data)?;
        if !document_id_out.is_null() {
            let s = owned_string(id.into_string(), "the document id")?;
            unsafe { write_out(document_id_out, s) };
        }
        Ok(())
    })
}

/// Simulates the participant signing document `document_id` of meeting `call_id`: its
/// `SignStatus` becomes 2 and a download returns the signed bytes.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_simulate_sign(
    sandbox: *const idiligo_sandbox,
    call_id: *const c_char,
    document_id: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_simulate_sign", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let doc = unsafe { str_arg(document_id, "document_id") }?;
        s.sandbox.simulate_sign(&CallId::new(call), &DocumentId::new(doc))?;
        Ok(())
    })
}

fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Everything the sandbox knows about meeting `call_id`, as one line of JSON (owned string
/// in `*json_out`):
/// `{"id":"…","script_code":"…","public_id":"…","contact":{"id":"…","email":"…",
/// "first_name":"…","last_name":"…"} or null,"values":[["name","value"],…],
/// "documents":[{"id":"…","filename":"…","external_id":"…","origin":"…","size":N,
/// "sign_status":N},…],"comment":"…" or null,"ended":false,"mails":[{"to":"…",
/// "template_code":"…","attachments":"…"},…]}` (the mails `SendMail` recorded for it).
/// `IDILIGO_ERR_ARGUMENT` for an unknown meeting.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_inspect(
    sandbox: *const idiligo_sandbox,
    call_id: *const c_char,
    json_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_inspect", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        out_arg(json_out, "json_out")?;
        let snap = s
            .sandbox
            .call(&CallId::new(call))
            .ok_or_else(|| Failure::arg(format!("unknown meeting {call:?}")))?;
        let mut j = String::from("{\"id\":");
        json_str(&mut j, snap.id.as_str());
        j.push_str(",\"script_code\":");
        json_str(&mut j, &snap.script_code);
        j.push_str(",\"public_id\":");
        json_str(&mut j, snap.public_id.as_str());
        j.push_str(",\"contact\":");
        match &snap.contact {
            Some(c) => {
                j.push_str("{\"id\":");
                json_str(&mut j, c.id.as_str());
                j.push_str(",\"email\":");
                json_str(&mut j, &c.email);
                j.push_str(",\"first_name\":");
                json_str(&mut j, &c.first_name);
                j.push_str(",\"last_name\":");
                json_str(&mut j, &c.last_name);
                j.push('}');
            }
            None => j.push_str("null"),
        }
        j.push_str(",\"values\":[");
        for (i, (k, v)) in snap.values.iter().enumerate() {
            if i > 0 {
                j.push(',');
            }
            j.push('[');
            json_str(&mut j, k);
            j.push(',');
            json_str(&mut j, v);
            j.push(']');
        }
        j.push_str("],\"documents\":[");
        for (i, d) in snap.documents.iter().enumerate() {
            if i > 0 {
                j.push(',');
            }
            j.push_str("{\"id\":");
            json_str(&mut j, d.id.as_str());
            j.push_str(",\"filename\":");
            json_str(&mut j, &d.filename);
            j.push_str(",\"external_id\":");
            json_str(&mut j, &d.external_id);
            j.push_str(",\"origin\":");
            json_str(&mut j, d.origin.as_str());
            let _ = write!(j, ",\"size\":{},\"sign_status\":{}}}", d.size, d.sign_status);
        }
        j.push_str("],\"comment\":");
        match &snap.comment {
            Some(c) => json_str(&mut j, c),
            None => j.push_str("null"),
        }
        let _ = write!(j, ",\"ended\":{},\"mails\":[", snap.ended);
        let mails = s.sandbox.mails();
        for (i, m) in mails.iter().filter(|m| m.call.as_str() == call).enumerate() {
            if i > 0 {
                j.push(',');
            }
            j.push_str("{\"to\":");
            json_str(&mut j, &m.to);
            j.push_str(",\"template_code\":");
            json_str(&mut j, &m.template_code);
            j.push_str(",\"attachments\":");
            json_str(&mut j, &m.attachments);
            j.push('}');
        }
        j.push_str("]}");
        let s = owned_string(j, "the json")?;
        unsafe { write_out(json_out, s) };
        Ok(())
    })
}

/// Makes every token issued so far expire now (clients with credentials log in again;
/// clients with only a token then fail with `IDILIGO_ERR_AUTH`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_expire_tokens(
    sandbox: *const idiligo_sandbox,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_expire_tokens", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        s.sandbox.expire_tokens();
        Ok(())
    })
}

/// Adds `latency_ms` milliseconds to every request (0 removes it).
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_set_latency_ms(
    sandbox: *const idiligo_sandbox,
    latency_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_set_latency_ms", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        s.sandbox.set_latency(duration_from_millis(latency_ms));
        Ok(())
    })
}

/// Queues a fault for the next `times` requests of `operation` (`"GetAttachments"`,
/// `"Download"` for document downloads, `"Files"` for hosted files; `NULL` matches every
/// request). `kind` is one of `IDILIGO_FAULT_DELAY` (`param` = milliseconds),
/// `IDILIGO_FAULT_STATUS` (`param` = HTTP status, plain-text body),
/// `IDILIGO_FAULT_STALL_BODY` (`param` = milliseconds of the pause),
/// `IDILIGO_FAULT_TRUNCATED_BODY` or `IDILIGO_FAULT_DROP_CONNECTION` (`param` unused); any
/// other value is an `IDILIGO_ERR_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_inject_fault(
    sandbox: *const idiligo_sandbox,
    kind: i32,
    operation: *const c_char,
    times: u32,
    param: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_inject_fault", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        let op = unsafe { opt_str_arg(operation, "operation") }?;
        let kind = match kind {
            IDILIGO_FAULT_DELAY => FaultKind::Delay(duration_from_millis(param)),
            IDILIGO_FAULT_STATUS => {
                let status = u16::try_from(param)
                    .ok()
                    .filter(|s| (100..=999).contains(s))
                    .ok_or_else(|| Failure::arg(format!("param {param} is not an HTTP status")))?;
                FaultKind::Status {
                    status,
                    content_type: "text/plain; charset=utf-8".into(),
                    body: format!("injected fault: HTTP {status}"),
                }
            }
            IDILIGO_FAULT_TRUNCATED_BODY => FaultKind::TruncatedBody,
            IDILIGO_FAULT_STALL_BODY => FaultKind::StallBody(duration_from_millis(param)),
            IDILIGO_FAULT_DROP_CONNECTION => FaultKind::DropConnection,
            other => {
                return Err(Failure::arg(format!(
                    "fault kind {other} is not an IDILIGO_FAULT_* value"
                )))
            }
        };
        let mut fault = Fault::new(kind).times(times as usize);
        if let Some(op) = op {
            fault = fault.operation(op);
        }
        s.sandbox.inject(fault);
        Ok(())
    })
}

/// Queues a scripted answer for the next `times` requests of `operation` (`NULL` matches
/// every request): HTTP `status` (100–999) with `content_type` (may be `NULL`: no
/// `Content-Type` header) and the `len` bytes at `body` (UTF-8, NUL bytes allowed; copied).
/// For testing how an integration handles answers the sandbox would not give by itself: a
/// proxy's HTML error page, a service fault with a stack trace, a record with unusual
/// members. Invalid UTF-8 or a status out of range is an `IDILIGO_ERR_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_inject_response(
    sandbox: *const idiligo_sandbox,
    operation: *const c_char,
    times: u32,
    status: u16,
    content_type: *const c_char,
    body: *const u8,
    len: usize,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_inject_response", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        let op = unsafe { opt_str_arg(operation, "operation") }?;
        let content_type = unsafe { opt_str_arg(content_type, "content_type") }?.unwrap_or("");
        if !(100..=999).contains(&status) {
            return Err(Failure::arg(format!("status {status} is not an HTTP status")));
        }
        let body = String::from_utf8(unsafe { bytes_arg(body, len) }?).map_err(|e| {
            Failure::arg(format!(
                "body is not valid UTF-8 (at byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let mut fault = Fault::new(FaultKind::Status {
            status,
            content_type: content_type.to_owned(),
            body,
        })
        .times(times as usize);
        if let Some(op) = op {
            fault = fault.operation(op);
        }
        s.sandbox.inject(fault);
        Ok(())
    })
}

/// Removes all queued faults.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_clear_faults(
    sandbox: *const idiligo_sandbox,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_sandbox_clear_faults", err, {
        let s = unsafe { ref_arg(sandbox, "sandbox") }?;
        s.sandbox.clear_faults();
        Ok(())
    })
}

/// How many requests `operation` (or `"Download"`, `"Files"`) has received; 0 for a `NULL`
/// or non-UTF-8 argument.
#[no_mangle]
pub unsafe extern "C" fn idiligo_sandbox_request_count(
    sandbox: *const idiligo_sandbox,
    operation: *const c_char,
) -> u64 {
    ffi_value!(0, {
        match (unsafe { sandbox.as_ref() }, unsafe {
            opt_str_arg(operation, "operation")
        }) {
            (Some(s), Ok(Some(op))) => s.sandbox.request_count(op),
            _ => 0,
        }
    })
}
