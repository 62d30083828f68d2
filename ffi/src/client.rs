//! `idiligo_client`: the session and one typed function per operation the table's `typed`
//! column names (`idiligo_client_<typed>`); every other operation is reached by name
//! (`idiligo_client_call`, in `table.rs`).

use std::ffi::c_char;

use idiligo_core::{CallId, Client, ClientBuilder, ContactId, DocumentId, PublicId, Token};

use crate::attachments::idiligo_attachments;
use crate::boundary::{opt_str_arg, out_arg, owned_string, ref_arg, str_arg, str_array_arg, write_out};
use crate::records::{idiligo_call_record, idiligo_meeting_results, idiligo_name_values};
use crate::{idiligo_error, idiligo_options};

/// A client of the Idiligo service.
///
/// Thread-safe: one client may be shared by any number of threads, and every
/// `idiligo_client_*` function taking a `const idiligo_client *` may be called concurrently
/// on it (they share one login and one connection pool). Only `idiligo_client_free` must not
/// race with other calls on the same client.
pub struct idiligo_client {
    pub(crate) client: Client,
}

/// Creates a client from `options` (`NULL` means the defaults, which have no credentials).
/// The options are copied. Nothing is sent yet: the client logs in on first use.
///
/// On success `*out` receives a client to free with `idiligo_client_free`. Fails with
/// `IDILIGO_ERR_ARGUMENT` for an unusable base URL or a zero timeout, `IDILIGO_ERR_TLS` or
/// `IDILIGO_ERR_IO` for an unusable CA file.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_new(
    options: *const idiligo_options,
    out: *mut *mut idiligo_client,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_new", err, {
        out_arg(out, "out")?;
        let builder = match unsafe { options.as_ref() } {
            Some(o) => o.builder.clone(),
            None => ClientBuilder::default(),
        };
        let client = builder.build()?;
        unsafe { write_out(out, Box::into_raw(Box::new(idiligo_client { client }))) };
        Ok(())
    })
}

/// Frees a client. `NULL` is a no-op. No other call may be using the client.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_free(client: *mut idiligo_client) {
    ffi_value!((), {
        if !client.is_null() {
            drop(unsafe { Box::from_raw(client) });
        }
    })
}

/// The operation endpoint, e.g. `https://app.idiligo.com/InsideService20.asmx`.
/// `*out` receives an owned string (free with `idiligo_string_free`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_endpoint(
    client: *const idiligo_client,
    out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_endpoint", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        out_arg(out, "out")?;
        let s = owned_string(c.client.endpoint(), "the endpoint")?;
        unsafe { write_out(out, s) };
        Ok(())
    })
}

/// Logs in now with the configured credentials (`Login` or `Impersonate`), replacing the
/// session token. Optional: the client logs in by itself when needed.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_login(client: *const idiligo_client, err: *mut *mut idiligo_error) -> i32 {
    ffi_status!("idiligo_client_login", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        c.client.login()?;
        Ok(())
    })
}

/// The current session token, logging in first if there is none or it is about to expire.
/// `*token_out` receives an owned string (a secret: never log it; `idiligo_string_free`
/// wipes it).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_session_token(
    client: *const idiligo_client,
    token_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_session_token", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        out_arg(token_out, "token_out")?;
        let t = c.client.session_token()?;
        let s = owned_string(t.expose(), "the token")?;
        unsafe { write_out(token_out, s) };
        Ok(())
    })
}

/// Replaces the session token with one obtained elsewhere (copied).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_set_token(
    client: *const idiligo_client,
    token: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_set_token", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let token = unsafe { str_arg(token, "token") }?;
        c.client.set_token(Token::new(token));
        Ok(())
    })
}

/// Operation `Login`: account login with API key, user name and password. Returns the token
/// in `*token_out` (owned, a secret) without touching the client's own session.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_login_password(
    client: *const idiligo_client,
    apikey: *const c_char,
    username: *const c_char,
    password: *const c_char,
    token_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_login_password", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let apikey = unsafe { str_arg(apikey, "apikey") }?;
        let username = unsafe { str_arg(username, "username") }?;
        let password = unsafe { str_arg(password, "password") }?;
        out_arg(token_out, "token_out")?;
        let t = c.client.login_password(apikey, username, password)?;
        let s = owned_string(t.expose(), "the token")?;
        unsafe { write_out(token_out, s) };
        Ok(())
    })
}

/// Operation `Impersonate`: log in as `username` with an authorization ticket. Returns the
/// token in `*token_out` (owned, a secret) without touching the client's own session.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_impersonate(
    client: *const idiligo_client,
    apikey: *const c_char,
    username: *const c_char,
    ticket: *const c_char,
    token_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_impersonate", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let apikey = unsafe { str_arg(apikey, "apikey") }?;
        let username = unsafe { str_arg(username, "username") }?;
        let ticket = unsafe { str_arg(ticket, "ticket") }?;
        out_arg(token_out, "token_out")?;
        let t = c.client.impersonate(apikey, username, ticket)?;
        let s = owned_string(t.expose(), "the token")?;
        unsafe { write_out(token_out, s) };
        Ok(())
    })
}

/// Operation `CreateContact`: creates the meeting participant. `first_name` and `last_name`
/// may be `NULL` (sent empty). `*contact_id_out` receives the new id (owned string).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_create_contact(
    client: *const idiligo_client,
    email: *const c_char,
    first_name: *const c_char,
    last_name: *const c_char,
    contact_id_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_create_contact", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let email = unsafe { str_arg(email, "email") }?;
        let first = unsafe { opt_str_arg(first_name, "first_name") }?.unwrap_or("");
        let last = unsafe { opt_str_arg(last_name, "last_name") }?.unwrap_or("");
        out_arg(contact_id_out, "contact_id_out")?;
        let id = c.client.create_contact(email, first, last)?;
        let s = owned_string(id.into_string(), "the contact id")?;
        unsafe { write_out(contact_id_out, s) };
        Ok(())
    })
}

/// Operation `CreateCall`: creates a meeting from a script ("traject") code.
/// `*call_id_out` receives the meeting id (owned string; ids are opaque text).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_create_call(
    client: *const idiligo_client,
    script_code: *const c_char,
    call_id_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_create_call", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let code = unsafe { str_arg(script_code, "script_code") }?;
        out_arg(call_id_out, "call_id_out")?;
        let id = c.client.create_call(code)?;
        let s = owned_string(id.into_string(), "the call id")?;
        unsafe { write_out(call_id_out, s) };
        Ok(())
    })
}

/// Operation `SetContact`: attaches a participant to a meeting.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_set_contact(
    client: *const idiligo_client,
    call_id: *const c_char,
    contact_id: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_set_contact", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let contact = unsafe { str_arg(contact_id, "contact_id") }?;
        c.client.set_contact(&CallId::new(call), &ContactId::new(contact))?;
        Ok(())
    })
}

/// Operation `GetAgentUrl`: where the agent opens the meeting. `return_url` (may be `NULL`)
/// is where the agent is sent afterwards. `*url_out` receives an owned string.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_get_agent_url(
    client: *const idiligo_client,
    call_id: *const c_char,
    return_url: *const c_char,
    url_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_get_agent_url", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let ret = unsafe { opt_str_arg(return_url, "return_url") }?;
        out_arg(url_out, "url_out")?;
        let url = c.client.get_agent_url(&CallId::new(call), ret)?;
        let s = owned_string(url, "the url")?;
        unsafe { write_out(url_out, s) };
        Ok(())
    })
}

/// Operation `GetPublicCallId`: the public id of a meeting, used in the participant link.
/// `*public_id_out` receives an owned string.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_get_public_call_id(
    client: *const idiligo_client,
    call_id: *const c_char,
    public_id_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_get_public_call_id", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        out_arg(public_id_out, "public_id_out")?;
        let id = c.client.get_public_call_id(&CallId::new(call))?;
        let s = owned_string(id.into_string(), "the public id")?;
        unsafe { write_out(public_id_out, s) };
        Ok(())
    })
}

/// Operation `SetValues`: writes `count` named values into a meeting, in order
/// (`names[i]` = `values[i]`). `count` 0 is a no-op (the arrays may then be `NULL`). The
/// service rejects values containing `<` followed by a letter (`IDILIGO_ERR_SERVICE`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_set_values(
    client: *const idiligo_client,
    public_id: *const c_char,
    names: *const *const c_char,
    values: *const *const c_char,
    count: usize,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_set_values", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let public_id = unsafe { str_arg(public_id, "public_id") }?;
        let names = unsafe { str_array_arg(names, count, "names") }?;
        let values = unsafe { str_array_arg(values, count, "values") }?;
        c.client
            .set_values(&PublicId::new(public_id), names.into_iter().zip(values))?;
        Ok(())
    })
}

/// Operation `AddDocumentFromUrl`: the service downloads `url` and stores it as `filename`;
/// `external_id` (may be `NULL`, sent empty) is your key for binding it with
/// `idiligo_client_set_document_to_upload_action`. `*document_id_out` receives an owned
/// string.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_add_document_from_url(
    client: *const idiligo_client,
    url: *const c_char,
    filename: *const c_char,
    external_id: *const c_char,
    document_id_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_add_document_from_url", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let url = unsafe { str_arg(url, "url") }?;
        let filename = unsafe { str_arg(filename, "filename") }?;
        let ext = unsafe { opt_str_arg(external_id, "external_id") }?.unwrap_or("");
        out_arg(document_id_out, "document_id_out")?;
        let id = c.client.add_document_from_url(url, filename, ext)?;
        let s = owned_string(id.into_string(), "the document id")?;
        unsafe { write_out(document_id_out, s) };
        Ok(())
    })
}

/// Operation `SetDocumentToUploadAction`: binds a stored document to a meeting's upload
/// action. `external_id` may be `NULL` (sent empty).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_set_document_to_upload_action(
    client: *const idiligo_client,
    call_id: *const c_char,
    external_id: *const c_char,
    document_id: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_set_document_to_upload_action", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let ext = unsafe { opt_str_arg(external_id, "external_id") }?.unwrap_or("");
        let doc = unsafe { str_arg(document_id, "document_id") }?;
        c.client
            .set_document_to_upload_action(&CallId::new(call), ext, &DocumentId::new(doc))?;
        Ok(())
    })
}

/// Operation `GetAttachments`: the documents of a meeting (bound, uploaded, generated,
/// signed). `*list_out` receives a list to free with `idiligo_attachments_free`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_get_attachments(
    client: *const idiligo_client,
    call_id: *const c_char,
    list_out: *mut *mut idiligo_attachments,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_get_attachments", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        out_arg(list_out, "list_out")?;
        let list = c.client.get_attachments(&CallId::new(call))?;
        let l = idiligo_attachments::boxed(list, Vec::new())?;
        unsafe { write_out(list_out, l) };
        Ok(())
    })
}

/// Operation `GetCallValues`: the values of a meeting's fields, as ordered name/value pairs
/// (in the order they were first written by `SetValues`, `SetValue` or `SetCallValues`).
/// `*list_out` receives a list to free with `idiligo_name_values_free`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_get_call_values(
    client: *const idiligo_client,
    call_id: *const c_char,
    list_out: *mut *mut idiligo_name_values,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_get_call_values", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        out_arg(list_out, "list_out")?;
        let list = idiligo_name_values::new(c.client.get_call_values(&CallId::new(call))?)?;
        unsafe { write_out(list_out, Box::into_raw(Box::new(list))) };
        Ok(())
    })
}

/// Operation `SetValue`: writes one named value into a meeting (a later value for the same
/// name replaces the earlier one). `value` may be empty (`""`), `name` may not.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_set_value(
    client: *const idiligo_client,
    public_id: *const c_char,
    name: *const c_char,
    value: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_set_value", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let public_id = unsafe { str_arg(public_id, "public_id") }?;
        let name = unsafe { str_arg(name, "name") }?;
        let value = unsafe { str_arg(value, "value") }?;
        c.client.set_value(&PublicId::new(public_id), name, value)?;
        Ok(())
    })
}

/// Operation `SetComment`: sets the comment of a meeting (`""` clears it; `NULL` is an
/// argument error).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_set_comment(
    client: *const idiligo_client,
    call_id: *const c_char,
    comment: *const c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_set_comment", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let comment = unsafe { str_arg(comment, "comment") }?;
        c.client.set_comment(&CallId::new(call), comment)?;
        Ok(())
    })
}

/// Operation `GetCall`: the data of a meeting by call id, every `CallDTO` member.
/// `*record_out` receives a record to free with `idiligo_call_record_free`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_get_call(
    client: *const idiligo_client,
    call_id: *const c_char,
    record_out: *mut *mut idiligo_call_record,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_get_call", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        out_arg(record_out, "record_out")?;
        let r = idiligo_call_record::new(c.client.get_call(&CallId::new(call))?)?;
        unsafe { write_out(record_out, Box::into_raw(Box::new(r))) };
        Ok(())
    })
}

/// Operation `GetCallByPublicId`: the data of a meeting by public id, every `CallDTO`
/// member. `*record_out` receives a record to free with `idiligo_call_record_free`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_get_call_by_public_id(
    client: *const idiligo_client,
    public_id: *const c_char,
    record_out: *mut *mut idiligo_call_record,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_get_call_by_public_id", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let public_id = unsafe { str_arg(public_id, "public_id") }?;
        out_arg(record_out, "record_out")?;
        let r = idiligo_call_record::new(c.client.get_call_by_public_id(&PublicId::new(public_id))?)?;
        unsafe { write_out(record_out, Box::into_raw(Box::new(r))) };
        Ok(())
    })
}

/// Operation `EndCall`: ends a meeting. `return_url` (may be `NULL`, sent empty) is where the
/// agent is sent; `*url_out` receives the URL the service answers (owned string; `""` when
/// it answers none).
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_end_call(
    client: *const idiligo_client,
    call_id: *const c_char,
    return_url: *const c_char,
    url_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_end_call", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let ret = unsafe { opt_str_arg(return_url, "return_url") }?;
        out_arg(url_out, "url_out")?;
        let url = c.client.end_call(&CallId::new(call), ret)?;
        let s = owned_string(url, "the url")?;
        unsafe { write_out(url_out, s) };
        Ok(())
    })
}

/// Operation `SendMail`: the service mails `to` with the template `template_code` (for
/// example the invitation). `attachments` (may be `NULL`, sent empty) is passed as the
/// service expects it. `*sent_out` receives the service's answer. Never repeated after the
/// request may have left this machine, so a failure cannot send the mail twice.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_send_mail(
    client: *const idiligo_client,
    call_id: *const c_char,
    to: *const c_char,
    template_code: *const c_char,
    attachments: *const c_char,
    sent_out: *mut bool,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_send_mail", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        let to = unsafe { str_arg(to, "to") }?;
        let template = unsafe { str_arg(template_code, "template_code") }?;
        let attachments = unsafe { opt_str_arg(attachments, "attachments") }?.unwrap_or("");
        out_arg(sent_out, "sent_out")?;
        let sent = c.client.send_mail(&CallId::new(call), to, template, attachments)?;
        unsafe { write_out(sent_out, sent) };
        Ok(())
    })
}

/// What a meeting produced, in one call: its values (`GetCallValues`) and its documents
/// (`GetAttachments`). `*results_out` receives results to free with
/// `idiligo_meeting_results_free`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_meeting_results(
    client: *const idiligo_client,
    call_id: *const c_char,
    results_out: *mut *mut idiligo_meeting_results,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_meeting_results", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let call = unsafe { str_arg(call_id, "call_id") }?;
        out_arg(results_out, "results_out")?;
        let r = idiligo_meeting_results::new(c.client.meeting_results(&CallId::new(call))?)?;
        unsafe { write_out(results_out, Box::into_raw(Box::new(r))) };
        Ok(())
    })
}

/// The participant link for a public id: `{participant base}/client?id={public id}`
/// (percent-encoded). No request is sent; an empty public id is an `IDILIGO_ERR_ARGUMENT`.
/// `*url_out` receives an owned string.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_participant_url(
    client: *const idiligo_client,
    public_id: *const c_char,
    url_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_participant_url", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let p = unsafe { str_arg(public_id, "public_id") }?;
        out_arg(url_out, "url_out")?;
        let url = c.client.participant_url(&PublicId::new(p))?;
        let s = owned_string(url, "the url")?;
        unsafe { write_out(url_out, s) };
        Ok(())
    })
}
