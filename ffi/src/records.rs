//! Structured answers: `idiligo_name_values` (`GetCallValues`), `idiligo_call_record`
//! (`GetCall`, `GetCallByPublicId`: every `CallDTO` member) and `idiligo_meeting_results`
//! (`idiligo_client_meeting_results`: values and attachments).

use std::ffi::{c_char, CString};

use idiligo_core::{CallRecord, MeetingResults, NameValue};

use crate::attachments::idiligo_attachments;
use crate::boundary::FfiResult;
use crate::error::c_text;

// ---------------------------------------------------------------------------- name/value list

/// An ordered list of name/value pairs (`NameValue`), as `idiligo_client_get_call_values`
/// returns it: a meeting's values in the order they were first written. Immutable: safe to
/// read from several threads. Strings returned by its accessors are borrowed and live as long
/// as the list. Free it with `idiligo_name_values_free`.
pub struct idiligo_name_values {
    items: Vec<(Option<CString>, Option<CString>)>,
}

impl idiligo_name_values {
    pub(crate) fn new(list: Vec<NameValue>) -> FfiResult<Self> {
        let opt = |s: Option<String>, what: &str| s.map(|s| c_text(s, what)).transpose();
        Ok(idiligo_name_values {
            items: list
                .into_iter()
                .map(|nv| Ok((opt(nv.name, "a value's Name")?, opt(nv.value, "a value's Value")?)))
                .collect::<FfiResult<_>>()?,
        })
    }
}

fn pair<'a>(list: *const idiligo_name_values, index: usize) -> Option<&'a (Option<CString>, Option<CString>)> {
    unsafe { list.as_ref() }.and_then(|l| l.items.get(index))
}

fn ptr(s: Option<&CString>) -> *const c_char {
    s.map_or(std::ptr::null(), |s| s.as_ptr())
}

/// Frees a list. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_name_values_free(list: *mut idiligo_name_values) {
    ffi_value!((), {
        if !list.is_null() {
            drop(unsafe { Box::from_raw(list) });
        }
    })
}

/// Number of pairs (0 for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_name_values_len(list: *const idiligo_name_values) -> usize {
    ffi_value!(0, { unsafe { list.as_ref() }.map_or(0, |l| l.items.len()) })
}

/// `Name` of pair `index`. Borrowed; `NULL` when the service omitted it, or for a `NULL`
/// list or an index out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_name_values_name(list: *const idiligo_name_values, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), { ptr(pair(list, index).and_then(|p| p.0.as_ref())) })
}

/// `Value` of pair `index`. Borrowed; `NULL` when the service omitted it, or for a `NULL`
/// list or an index out of range; `""` when it sent it empty.
#[no_mangle]
pub unsafe extern "C" fn idiligo_name_values_value(list: *const idiligo_name_values, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), { ptr(pair(list, index).and_then(|p| p.1.as_ref())) })
}

/// The value of the first pair named `name` (compared exactly, byte for byte). Borrowed;
/// `NULL` when there is no such pair, its value was omitted, or an argument is `NULL` or not
/// valid UTF-8.
#[no_mangle]
pub unsafe extern "C" fn idiligo_name_values_get(
    list: *const idiligo_name_values,
    name: *const c_char,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        let Some(l) = (unsafe { list.as_ref() }) else {
            return std::ptr::null();
        };
        let Ok(name) = (unsafe { crate::boundary::str_arg(name, "name") }) else {
            return std::ptr::null();
        };
        ptr(l
            .items
            .iter()
            .find(|(n, _)| n.as_ref().is_some_and(|n| n.as_bytes() == name.as_bytes()))
            .and_then(|(_, v)| v.as_ref()))
    })
}

// ---------------------------------------------------------------------------- meeting results

/// What a meeting produced, as `idiligo_client_meeting_results` returns it: its values
/// (`GetCallValues`) and its documents (`GetAttachments`). Immutable: safe to read from
/// several threads. The lists returned by its accessors are borrowed and live as long as the
/// results; use the `idiligo_name_values_*` and `idiligo_attachments_*` accessors on them.
/// Free it with `idiligo_meeting_results_free`.
pub struct idiligo_meeting_results {
    values: idiligo_name_values,
    attachments: idiligo_attachments,
}

impl idiligo_meeting_results {
    pub(crate) fn new(r: MeetingResults) -> FfiResult<Self> {
        Ok(idiligo_meeting_results {
            attachments: idiligo_attachments::new(&r.attachments)?,
            values: idiligo_name_values::new(r.values)?,
        })
    }
}

/// Frees the results (and the two lists borrowed from them). `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_results_free(results: *mut idiligo_meeting_results) {
    ffi_value!((), {
        if !results.is_null() {
            drop(unsafe { Box::from_raw(results) });
        }
    })
}

/// The meeting's values, in the order they were first written. Borrowed from `results`
/// (never free it); `NULL` only for `NULL` results.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_results_values(
    results: *const idiligo_meeting_results,
) -> *const idiligo_name_values {
    ffi_value!(std::ptr::null(), {
        unsafe { results.as_ref() }.map_or(std::ptr::null(), |r| &r.values as *const _)
    })
}

/// The meeting's documents (bound, uploaded, generated, signed). Borrowed from `results`
/// (never free it); `NULL` only for `NULL` results.
#[no_mangle]
pub unsafe extern "C" fn idiligo_meeting_results_attachments(
    results: *const idiligo_meeting_results,
) -> *const idiligo_attachments {
    ffi_value!(std::ptr::null(), {
        unsafe { results.as_ref() }.map_or(std::ptr::null(), |r| &r.attachments as *const _)
    })
}

// ---------------------------------------------------------------------------- call record

/// The data of a meeting, as `idiligo_client_get_call` and `idiligo_client_get_call_by_public_id`
/// return it: every member of the service's `CallDTO` has its accessor
/// (`idiligo_call_record_<member>`), and elements the 2016 `CallDTO` does not declare are kept
/// in order (`idiligo_call_record_extra_*`), so nothing the service sent is lost.
///
/// String members the service omitted are `NULL`, members it sent empty are `""`; numbers and
/// booleans it omitted are 0 and false. Immutable: safe to read from several threads. Strings
/// returned by its accessors are borrowed and live as long as the record. Free it with
/// `idiligo_call_record_free`. Accessors given `NULL` return `NULL`, 0 or false.
pub struct idiligo_call_record {
    call_id: Option<CString>,
    public_id: Option<CString>,
    account_number: i32,
    event_count: i64,
    server_id: i32,
    username: Option<CString>,
    is_agent: bool,
    language: Option<CString>,
    comment: Option<CString>,
    contact_email: Option<CString>,
    viewer_wrap: Option<CString>,
    sc_use_jpeg: bool,
    sc_jpeg_quality: Option<CString>,
    sc_scale: Option<CString>,
    sc_proxy_server: Option<CString>,
    sc_proxy_port: Option<CString>,
    show_browse_height: i32,
    show_browse_width: i32,
    rtmpt: bool,
    webcam_quality: i32,
    webcam_bitrate: i32,
    webcam_framerate: i32,
    microphone_default_enabled: bool,
    microphone_volume: i32,
    microphone_quality: i32,
    microphone_framerate: i32,
    microphone_echo_suppression: bool,
    use_web_rtc: bool,
    show_invite: bool,
    background_color: Option<CString>,
    node_count: i32,
    has_account_logo: bool,
    owner_account_number: i32,
    use_chat_username: bool,
    subscriber_code: Option<CString>,
    subscriber_count: i32,
    client_ready: bool,
    extra: Vec<(CString, CString)>,
}

impl idiligo_call_record {
    pub(crate) fn new(r: CallRecord) -> FfiResult<Self> {
        let opt = |s: Option<String>, what: &str| s.map(|s| c_text(s, what)).transpose();
        Ok(idiligo_call_record {
            call_id: opt(r.call_id.map(|i| i.into_string()), "the CallDTO member callId")?,
            public_id: opt(r.public_id.map(|i| i.into_string()), "the CallDTO member publicId")?,
            account_number: r.account_number,
            event_count: r.event_count,
            server_id: r.server_id,
            username: opt(r.username, "the CallDTO member username")?,
            is_agent: r.is_agent,
            language: opt(r.language, "the CallDTO member language")?,
            comment: opt(r.comment, "the CallDTO member comment")?,
            contact_email: opt(r.contact_email, "the CallDTO member contactEmail")?,
            viewer_wrap: opt(r.viewer_wrap, "the CallDTO member viewerWrap")?,
            sc_use_jpeg: r.sc_use_jpeg,
            sc_jpeg_quality: opt(r.sc_jpeg_quality, "the CallDTO member SC_JpegQuality")?,
            sc_scale: opt(r.sc_scale, "the CallDTO member SC_Scale")?,
            sc_proxy_server: opt(r.sc_proxy_server, "the CallDTO member SC_ProxyServer")?,
            sc_proxy_port: opt(r.sc_proxy_port, "the CallDTO member SC_ProxyPort")?,
            show_browse_height: r.show_browse_height,
            show_browse_width: r.show_browse_width,
            rtmpt: r.rtmpt,
            webcam_quality: r.webcam_quality,
            webcam_bitrate: r.webcam_bitrate,
            webcam_framerate: r.webcam_framerate,
            microphone_default_enabled: r.microphone_default_enabled,
            microphone_volume: r.microphone_volume,
            microphone_quality: r.microphone_quality,
            microphone_framerate: r.microphone_framerate,
            microphone_echo_suppression: r.microphone_echo_suppression,
            use_web_rtc: r.use_web_rtc,
            show_invite: r.show_invite,
            background_color: opt(r.background_color, "the CallDTO member backgroundColor")?,
            node_count: r.node_count,
            has_account_logo: r.has_account_logo,
            owner_account_number: r.owner_account_number,
            use_chat_username: r.use_chat_username,
            subscriber_code: opt(r.subscriber_code, "the CallDTO member subscriberCode")?,
            subscriber_count: r.subscriber_count,
            client_ready: r.client_ready,
            extra: r
                .extra
                .into_iter()
                .map(|(n, v)| {
                    Ok((
                        c_text(n, "an extra CallDTO element's name")?,
                        c_text(v, "an extra CallDTO element's text")?,
                    ))
                })
                .collect::<FfiResult<_>>()?,
        })
    }
}

fn rec<'a>(r: *const idiligo_call_record) -> Option<&'a idiligo_call_record> {
    unsafe { r.as_ref() }
}

fn record_str(
    r: *const idiligo_call_record,
    f: impl FnOnce(&idiligo_call_record) -> Option<&CString>,
) -> *const c_char {
    rec(r).and_then(f).map_or(std::ptr::null(), |s| s.as_ptr())
}

/// `callId`: the meeting id. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_call_id(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.call_id.as_ref()) })
}

/// `publicId`: the public id, used in the participant link. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_public_id(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.public_id.as_ref()) })
}

/// `accountNumber` (`xsd:int`): the account the meeting belongs to. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_account_number(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.account_number) })
}

/// `eventCount` (`xsd:long`): how many events the meeting has had. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_event_count(record: *const idiligo_call_record) -> i64 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.event_count) })
}

/// `serverId` (`xsd:int`): the server that hosts the meeting. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_server_id(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.server_id) })
}

/// `username`: the agent's user name. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_username(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.username.as_ref()) })
}

/// `isAgent` (`xsd:boolean`): whether the session is the agent's. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_is_agent(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.is_agent) })
}

/// `language`: the meeting's language code. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_language(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.language.as_ref()) })
}

/// `comment`: the comment set with `SetComment`. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_comment(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.comment.as_ref()) })
}

/// `contactEmail`: the e-mail address of the attached participant. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_contact_email(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.contact_email.as_ref()) })
}

/// `viewerWrap`: the viewer's wrap mode. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_viewer_wrap(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.viewer_wrap.as_ref()) })
}

/// `SC_UseJpeg` (`xsd:boolean`): screen sharing sends JPEG images. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_sc_use_jpeg(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.sc_use_jpeg) })
}

/// `SC_JpegQuality`: screen-sharing JPEG quality. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_sc_jpeg_quality(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.sc_jpeg_quality.as_ref()) })
}

/// `SC_Scale`: screen-sharing scale. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_sc_scale(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.sc_scale.as_ref()) })
}

/// `SC_ProxyServer`: screen-sharing proxy server. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_sc_proxy_server(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.sc_proxy_server.as_ref()) })
}

/// `SC_ProxyPort`: screen-sharing proxy port. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_sc_proxy_port(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.sc_proxy_port.as_ref()) })
}

/// `showBrowseHeight` (`xsd:int`): co-browsing frame height. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_show_browse_height(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.show_browse_height) })
}

/// `showBrowseWidth` (`xsd:int`): co-browsing frame width. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_show_browse_width(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.show_browse_width) })
}

/// `rtmpt` (`xsd:boolean`): media tunnelled over RTMPT. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_rtmpt(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.rtmpt) })
}

/// `webcamQuality` (`xsd:int`): webcam quality. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_webcam_quality(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.webcam_quality) })
}

/// `webcamBitrate` (`xsd:int`): webcam bitrate. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_webcam_bitrate(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.webcam_bitrate) })
}

/// `webcamFramerate` (`xsd:int`): webcam framerate. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_webcam_framerate(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.webcam_framerate) })
}

/// `microphoneDefaultEnabled` (`xsd:boolean`): microphone default enabled. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_microphone_default_enabled(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.microphone_default_enabled) })
}

/// `microphoneVolume` (`xsd:int`): microphone volume. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_microphone_volume(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.microphone_volume) })
}

/// `microphoneQuality` (`xsd:int`): microphone quality. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_microphone_quality(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.microphone_quality) })
}

/// `microphoneFramerate` (`xsd:int`): microphone framerate. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_microphone_framerate(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.microphone_framerate) })
}

/// `microphoneEchoSuppression` (`xsd:boolean`): microphone echo suppression. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_microphone_echo_suppression(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.microphone_echo_suppression) })
}

/// `useWebRtc` (`xsd:boolean`): the meeting uses WebRTC. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_use_web_rtc(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.use_web_rtc) })
}

/// `showInvite` (`xsd:boolean`): the invitation is shown. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_show_invite(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.show_invite) })
}

/// `backgroundColor`: the meeting's background colour. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_background_color(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        record_str(record, |r| r.background_color.as_ref())
    })
}

/// `nodeCount` (`xsd:int`): the number of steps of the meeting's script. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_node_count(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.node_count) })
}

/// `hasAccountLogo` (`xsd:boolean`): the account has a logo. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_has_account_logo(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.has_account_logo) })
}

/// `ownerAccountNumber` (`xsd:int`): the account that owns the meeting. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_owner_account_number(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.owner_account_number) })
}

/// `useChatUsername` (`xsd:boolean`): chat messages show the user name. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_use_chat_username(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.use_chat_username) })
}

/// `subscriberCode`: the subscriber code. Borrowed from `record`; `NULL` when the service omitted it.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_subscriber_code(record: *const idiligo_call_record) -> *const c_char {
    ffi_value!(std::ptr::null(), { record_str(record, |r| r.subscriber_code.as_ref()) })
}

/// `subscriberCount` (`xsd:int`): the number of subscribers. 0 when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_subscriber_count(record: *const idiligo_call_record) -> i32 {
    ffi_value!(0, { rec(record).map_or(0, |r| r.subscriber_count) })
}

/// `clientReady` (`xsd:boolean`): the participant's client is ready. False when the service omitted it (or for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_client_ready(record: *const idiligo_call_record) -> bool {
    ffi_value!(false, { rec(record).is_some_and(|r| r.client_ready) })
}

/// Number of elements the service sent that the 2016 `CallDTO` does not declare (0 for
/// `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_extra_count(record: *const idiligo_call_record) -> usize {
    ffi_value!(0, { rec(record).map_or(0, |r| r.extra.len()) })
}

/// The element name of extra member `index` (document order). Borrowed; `NULL` if `index` is
/// out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_extra_name(
    record: *const idiligo_call_record,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        record_str(record, |r| r.extra.get(index).map(|e| &e.0))
    })
}

/// The text of extra member `index`. Borrowed; `NULL` if `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_extra_value(
    record: *const idiligo_call_record,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        record_str(record, |r| r.extra.get(index).map(|e| &e.1))
    })
}

/// Frees a record. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_call_record_free(record: *mut idiligo_call_record) {
    ffi_value!((), {
        if !record.is_null() {
            drop(unsafe { Box::from_raw(record) });
        }
    })
}
