//! `idiligo_meeting_request` and `idiligo_meeting`: starting a meeting in one call.

use std::ffi::{c_char, CString};

use idiligo_core::{duration_from_millis, DocumentSource, Meeting, MeetingRequest, Participant};

use crate::boundary::{copied_bytes_arg, mut_arg, opt_str_arg, out_arg, ref_arg, str_arg, write_out, FfiResult};
use crate::client::idiligo_client;
use crate::error::c_text;
use crate::idiligo_error;

/// What `idiligo_client_start_meeting` should create: script code, optional participant,
/// values, documents and return URL. Create with `idiligo_meeting_request_new`, free with
/// `idiligo_meeting_request_free`. Every string is copied. Not thread-safe while being
/// modified; reading it from several `idiligo_client_start_meeting` calls at once is fine.
pub struct idiligo_meeting_request {
    request: MeetingRequest,
}

/// A started meeting. Immutable, safe to read from several threads; strings returned by its
/// accessors are borrowed and live as long as the meeting. Free with `idiligo_meeting_free`.
pub struct idiligo_meeting {
    call_id: CString,
    contact_id: Option<CString>,
    public_id: CString,
    agent_url: CString,
    participant_url: CString,
    documents: Vec<(CString, CString)>,
}

impl idiligo_meeting {
    fn new(m: Meeting) -> FfiResult<Self> {
        Ok(idiligo_meeting {
            call_id: c_text(m.call_id.into_string(), "the call id")?,
            contact_id: m
                .contact_id
                .map(|c| c_text(c.into_string(), "the contact id"))
                .transpose()?,
            public_id: c_text(m.public_id.into_string(), "the public id")?,
            agent_url: c_text(m.agent_url, "the agent URL")?,
            participant_url: c_text(m.participant_url, "the participant URL")?,
            documents: m
                .documents
                .into_iter()
                .map(|d| {
                    Ok((
                        c_text(d.external_id, "an external id")?,
                        c_text(d.document_id.into_string(), "a document id")?,
                    ))
                })
                .collect::<FfiResult<_>>()?,
        })
    }
}

/// A new request for a meeting from script ("traject") code `script_code`. `*out` receives
/// it; free with `idiligo_meeting_request_free`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_new(
    script_code: *const c_char,
    out: *mut *mut idiligo_meeting_request,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_meeting_request_new", err, {
        let code = unsafe { str_arg(script_code, "script_code") }?;
        out_arg(out, "out")?;
        let r = Box::new(idiligo_meeting_request {
            request: MeetingRequest::new(code),
        });
        unsafe { write_out(out, Box::into_raw(r)) };
        Ok(())
    })
}

/// Frees a request. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_free(request: *mut idiligo_meeting_request) {
    ffi_value!((), {
        if !request.is_null() {
            drop(unsafe { Box::from_raw(request) });
        }
    })
}

/// Sets the participant (created with `CreateContact` and attached with `SetContact`).
/// `first_name` and `last_name` may be `NULL` (sent empty). Replaces an earlier participant.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_set_participant(
    request: *mut idiligo_meeting_request,
    email: *const c_char,
    first_name: *const c_char,
    last_name: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_meeting_request_set_participant", err, {
        let r = unsafe { mut_arg(request, "request") }?;
        let email = unsafe { str_arg(email, "email") }?;
        let first = unsafe { opt_str_arg(first_name, "first_name") }?.unwrap_or("");
        let last = unsafe { opt_str_arg(last_name, "last_name") }?.unwrap_or("");
        r.request.participant = Some(Participant::new(email).name(first, last));
        Ok(())
    })
}

/// Adds a named value (written with `SetValues`, in the order added).
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_add_value(
    request: *mut idiligo_meeting_request,
    name: *const c_char,
    value: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_meeting_request_add_value", err, {
        let r = unsafe { mut_arg(request, "request") }?;
        let name = unsafe { str_arg(name, "name") }?;
        let value = unsafe { str_arg(value, "value") }?;
        r.request.values.push((name.to_owned(), value.to_owned()));
        Ok(())
    })
}

/// Adds a document the service fetches from `url` and stores as `filename`, bound to the
/// meeting's upload action under `external_id` (may be `NULL`, sent empty).
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_add_document(
    request: *mut idiligo_meeting_request,
    url: *const c_char,
    filename: *const c_char,
    external_id: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_meeting_request_add_document", err, {
        let r = unsafe { mut_arg(request, "request") }?;
        let url = unsafe { str_arg(url, "url") }?;
        let filename = unsafe { str_arg(filename, "filename") }?;
        let ext = unsafe { opt_str_arg(external_id, "external_id") }?.unwrap_or("");
        r.request.documents.push(DocumentSource::new(url, filename, ext));
        Ok(())
    })
}

/// Adds a document uploaded from the `len` bytes at `bytes` (copied now) as `filename`,
/// bound to the meeting's upload action under `external_id` (may be `NULL`, sent empty). It
/// is sent with `AddDocumentFromBytesEx` over SOAP (whatever the client's binding). `bytes`
/// `NULL` with a non-zero `len`, a `len` over `PTRDIFF_MAX` or a copy that cannot be allocated
/// is `IDILIGO_ERR_ARGUMENT` here (the request is unchanged). An empty document, a blank file
/// name or one over the client's upload size cap is refused by
/// `idiligo_client_start_meeting` before anything is created.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_add_document_from_bytes(
    request: *mut idiligo_meeting_request,
    filename: *const c_char,
    bytes: *const u8,
    len: usize,
    external_id: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_meeting_request_add_document_from_bytes", err, {
        let r = unsafe { mut_arg(request, "request") }?;
        let filename = unsafe { str_arg(filename, "filename") }?;
        let data = unsafe { copied_bytes_arg(bytes, len, "bytes") }?;
        let ext = unsafe { opt_str_arg(external_id, "external_id") }?.unwrap_or("");
        r.request
            .documents
            .push(DocumentSource::from_bytes(filename, data, ext));
        Ok(())
    })
}

/// Adds a document uploaded from the file at `path` (read when the meeting starts, streamed),
/// named `filename` (may be `NULL`: the path's file name), bound under `external_id` (may be
/// `NULL`). The file must exist and be a regular file of at most the client's upload size cap:
/// `idiligo_client_start_meeting` checks that before anything is created.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_add_document_from_file(
    request: *mut idiligo_meeting_request,
    path: *const c_char,
    filename: *const c_char,
    external_id: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_meeting_request_add_document_from_file", err, {
        let r = unsafe { mut_arg(request, "request") }?;
        let path = unsafe { str_arg(path, "path") }?;
        let filename = unsafe { opt_str_arg(filename, "filename") }?;
        let ext = unsafe { opt_str_arg(external_id, "external_id") }?.unwrap_or("");
        let mut d = DocumentSource::from_file(path, ext);
        if let Some(f) = filename {
            d = d.filename(f);
        }
        r.request.documents.push(d);
        Ok(())
    })
}

/// Makes `idiligo_client_start_meeting` wait, after every document is added and bound, until
/// each is converted (`READY`), `timeout_ms` in all (polling every second, or every
/// `timeout_ms` when shorter). A document in `ERROR` or `NOT FOUND`, or the timeout, fails the
/// start at step `"GetDocumentStatus"` (`idiligo_error_meeting_document_index` names the
/// document). 0 is refused when the meeting starts (`IDILIGO_ERR_ARGUMENT`). Default: no wait.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_set_wait_for_documents_ms(
    request: *mut idiligo_meeting_request,
    timeout_ms: u64,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_meeting_request_set_wait_for_documents_ms", err, {
        let r = unsafe { mut_arg(request, "request") }?;
        r.request.wait_for_documents = Some(duration_from_millis(timeout_ms));
        Ok(())
    })
}

/// Whether a failed `idiligo_client_start_meeting` removes what it created (default false:
/// keep everything). When true, a step that fails after something was created is followed
/// by `DeleteDocument` for every document the call stored and `EndCall` for the call it
/// created (the service cannot delete a contact or a call); the error then carries the
/// clean-up report (`idiligo_error_cleanup_*`) next to every id created.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_set_cleanup_on_failure(
    request: *mut idiligo_meeting_request,
    cleanup: bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_meeting_request_set_cleanup_on_failure", err, {
        let r = unsafe { mut_arg(request, "request") }?;
        r.request.cleanup_on_failure = cleanup;
        Ok(())
    })
}

/// Where the agent is sent after the meeting (`GetAgentUrl`'s `returnUrl`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_request_set_return_url(
    request: *mut idiligo_meeting_request,
    return_url: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_meeting_request_set_return_url", err, {
        let r = unsafe { mut_arg(request, "request") }?;
        let url = unsafe { str_arg(return_url, "return_url") }?;
        r.request.return_url = Some(url.to_owned());
        Ok(())
    })
}

/// Starts a meeting in one call: CreateContact → CreateCall → SetContact → GetPublicCallId →
/// SetValues → per document (AddDocumentFromUrl, or for bytes and files an upload with
/// AddDocumentFromBytesEx over SOAP, then SetDocumentToUploadAction) → the wait until the
/// documents are converted, when asked for → GetAgentUrl. Everything is validated before
/// anything is created (script code, e-mail, value names, every document's name and URL, and
/// the bytes or file of every upload against the client's upload size cap).
///
/// On success `*meeting_out` receives the meeting (free with `idiligo_meeting_free`). On
/// failure nothing is lost: the error object names the step that failed
/// (`idiligo_error_meeting_step`, `idiligo_error_meeting_document_index`) and carries
/// everything created so far (`idiligo_error_partial_call_id`, `_contact_id`, `_public_id`,
/// `_contact_attached`, `_values_set`, and per document `_document_id`,
/// `_document_external_id`, `_document_bound`), so the caller can resume or clean up; with
/// `idiligo_meeting_request_set_cleanup_on_failure` the client cleans up first and the error
/// says what it removed and kept (`idiligo_error_cleanup_*`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_start_meeting(
    client: *const idiligo_client,
    request: *const idiligo_meeting_request,
    meeting_out: *mut *mut idiligo_meeting,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_start_meeting", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let r = unsafe { ref_arg(request, "request") }?;
        out_arg(meeting_out, "meeting_out")?;
        let m = idiligo_meeting::new(c.client.start_meeting(&r.request)?)?;
        unsafe { write_out(meeting_out, Box::into_raw(Box::new(m))) };
        Ok(())
    })
}

/// Frees a meeting. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_free(meeting: *mut idiligo_meeting) {
    ffi_value!((), {
        if !meeting.is_null() {
            drop(unsafe { Box::from_raw(meeting) });
        }
    })
}

fn field(m: *const idiligo_meeting, f: impl FnOnce(&idiligo_meeting) -> Option<&CString>) -> *const c_char {
    unsafe { m.as_ref() }
        .and_then(f)
        .map_or(std::ptr::null(), |s| s.as_ptr())
}

/// The meeting (call) id. Borrowed; `NULL` only for a `NULL` meeting.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_call_id(meeting: *const idiligo_meeting) -> *const c_char {
    ffi_value!(std::ptr::null(), { field(meeting, |m| Some(&m.call_id)) })
}

/// The participant (contact) id. Borrowed; `NULL` when the request had no participant.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_contact_id(meeting: *const idiligo_meeting) -> *const c_char {
    ffi_value!(std::ptr::null(), { field(meeting, |m| m.contact_id.as_ref()) })
}

/// The public id (used in the participant link). Borrowed.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_public_id(meeting: *const idiligo_meeting) -> *const c_char {
    ffi_value!(std::ptr::null(), { field(meeting, |m| Some(&m.public_id)) })
}

/// Where the agent opens the meeting. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_agent_url(meeting: *const idiligo_meeting) -> *const c_char {
    ffi_value!(std::ptr::null(), { field(meeting, |m| Some(&m.agent_url)) })
}

/// The participant link. Borrowed.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_participant_url(meeting: *const idiligo_meeting) -> *const c_char {
    ffi_value!(std::ptr::null(), { field(meeting, |m| Some(&m.participant_url)) })
}

/// Number of documents added (0 for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_document_count(meeting: *const idiligo_meeting) -> usize {
    ffi_value!(0, { unsafe { meeting.as_ref() }.map_or(0, |m| m.documents.len()) })
}

/// The document id of added document `index` (request order). Borrowed; `NULL` if out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_document_id(meeting: *const idiligo_meeting, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        field(meeting, |m| m.documents.get(index).map(|d| &d.1))
    })
}

/// The external id of added document `index`. Borrowed; `NULL` if out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_document_external_id(
    meeting: *const idiligo_meeting,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        field(meeting, |m| m.documents.get(index).map(|d| &d.0))
    })
}
