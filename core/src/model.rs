//! Data returned by the service.

use crate::error::{Error, Result};
use crate::ids::{CallId, DocumentId, PublicId};
use crate::xml::Element;

/// One entry of `GetAttachments`: a document of a meeting (bound by the agent, uploaded by
/// the participant, generated or signed), with all nine `AttachmentDTO` members.
///
/// String members the service omitted (`null` in .NET) are `None`; members it sent empty are
/// `Some("")`. The service formats `Size` and `Date` itself, so they are kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// `Id`: the document id.
    pub id: DocumentId,
    /// `Description`: usually the file name.
    pub description: Option<String>,
    /// `Url`: where the document can be downloaded.
    pub url: Option<String>,
    /// `Preview`: a preview URL, if the service offers one.
    pub preview: Option<String>,
    /// `Attach`: whether the document is attached to the meeting's upload action.
    pub attach: bool,
    /// `Size`: size as formatted by the service (a byte count on the emulators).
    pub size: Option<String>,
    /// `Date`: date as formatted by the service.
    pub date: Option<String>,
    /// `SignUrl`: where the document can be signed (empty when not signable).
    pub sign_url: Option<String>,
    /// `SignStatus`: signing state code (undocumented by Idiligo; the sandbox uses
    /// 0 = none, 1 = awaiting signature, 2 = signed).
    pub sign_status: i32,
}

impl Attachment {
    /// `Size` as a byte count, when the service wrote a plain non-negative integer.
    pub fn size_bytes(&self) -> Option<u64> {
        self.size.as_deref().and_then(|s| s.trim().parse().ok())
    }
}

/// One name/value pair of a meeting, as `GetCallValues` answers it (`NameValue`).
///
/// String members the service omitted (`null` in .NET) are `None`; members it sent empty are
/// `Some("")`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameValue {
    /// `Name`: the field's name.
    pub name: Option<String>,
    /// `Value`: its value.
    pub value: Option<String>,
}

impl NameValue {
    /// A pair with both members set.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        NameValue {
            name: Some(name.into()),
            value: Some(value.into()),
        }
    }
}

/// The data of a meeting, as `GetCall` and `GetCallByPublicId` answer it: every member of the
/// service's `CallDTO`, in its order.
///
/// Ids are opaque text (`None` only when the service omitted them). String members the service
/// omitted (`null` in .NET) are `None`, members it sent empty are `Some("")`. Numbers and
/// booleans the service omitted are 0 and `false`. Elements the 2016 `CallDTO` did not have
/// are kept, in order, in [`extra`](Self::extra).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallRecord {
    /// `callId` (`xsd:long`): the meeting id.
    pub call_id: Option<CallId>,
    /// `publicId`: the public id, used in the participant link.
    pub public_id: Option<PublicId>,
    /// `accountNumber` (`xsd:int`): the account the meeting belongs to.
    pub account_number: i32,
    /// `eventCount` (`xsd:long`): how many events the meeting has had.
    pub event_count: i64,
    /// `serverId` (`xsd:int`): the server that hosts the meeting.
    pub server_id: i32,
    /// `username`: the agent's user name.
    pub username: Option<String>,
    /// `isAgent` (`xsd:boolean`): whether the session is the agent's.
    pub is_agent: bool,
    /// `language`: the meeting's language code.
    pub language: Option<String>,
    /// `comment`: the comment set with `SetComment`.
    pub comment: Option<String>,
    /// `contactEmail`: the e-mail address of the attached participant.
    pub contact_email: Option<String>,
    /// `viewerWrap`: the viewer's wrap mode.
    pub viewer_wrap: Option<String>,
    /// `SC_UseJpeg` (`xsd:boolean`): screen sharing sends JPEG images.
    pub sc_use_jpeg: bool,
    /// `SC_JpegQuality`: screen-sharing JPEG quality.
    pub sc_jpeg_quality: Option<String>,
    /// `SC_Scale`: screen-sharing scale.
    pub sc_scale: Option<String>,
    /// `SC_ProxyServer`: screen-sharing proxy server.
    pub sc_proxy_server: Option<String>,
    /// `SC_ProxyPort`: screen-sharing proxy port.
    pub sc_proxy_port: Option<String>,
    /// `showBrowseHeight` (`xsd:int`): co-browsing frame height.
    pub show_browse_height: i32,
    /// `showBrowseWidth` (`xsd:int`): co-browsing frame width.
    pub show_browse_width: i32,
    /// `rtmpt` (`xsd:boolean`): media tunnelled over RTMPT.
    pub rtmpt: bool,
    /// `webcamQuality` (`xsd:int`).
    pub webcam_quality: i32,
    /// `webcamBitrate` (`xsd:int`).
    pub webcam_bitrate: i32,
    /// `webcamFramerate` (`xsd:int`).
    pub webcam_framerate: i32,
    /// `microphoneDefaultEnabled` (`xsd:boolean`).
    pub microphone_default_enabled: bool,
    /// `microphoneVolume` (`xsd:int`).
    pub microphone_volume: i32,
    /// `microphoneQuality` (`xsd:int`).
    pub microphone_quality: i32,
    /// `microphoneFramerate` (`xsd:int`).
    pub microphone_framerate: i32,
    /// `microphoneEchoSuppression` (`xsd:boolean`).
    pub microphone_echo_suppression: bool,
    /// `useWebRtc` (`xsd:boolean`): the meeting uses WebRTC.
    pub use_web_rtc: bool,
    /// `showInvite` (`xsd:boolean`): the invitation is shown.
    pub show_invite: bool,
    /// `backgroundColor`: the meeting's background colour.
    pub background_color: Option<String>,
    /// `nodeCount` (`xsd:int`): the number of steps of the meeting's script.
    pub node_count: i32,
    /// `hasAccountLogo` (`xsd:boolean`): the account has a logo.
    pub has_account_logo: bool,
    /// `ownerAccountNumber` (`xsd:int`): the account that owns the meeting.
    pub owner_account_number: i32,
    /// `useChatUsername` (`xsd:boolean`): chat messages show the user name.
    pub use_chat_username: bool,
    /// `subscriberCode`: the subscriber code.
    pub subscriber_code: Option<String>,
    /// `subscriberCount` (`xsd:int`): the number of subscribers.
    pub subscriber_count: i32,
    /// `clientReady` (`xsd:boolean`): the participant's client is ready.
    pub client_ready: bool,
    /// Elements and attributes the 2016 `CallDTO` does not declare (and repeated members), as
    /// `(name, text)` in document order, so nothing the service sent is lost.
    pub extra: Vec<(String, String)>,
}

/// What a meeting produced, read back in one call by
/// [`Client::meeting_results`](crate::Client::meeting_results): its values (`GetCallValues`)
/// and its documents (`GetAttachments`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MeetingResults {
    /// The meeting's values, in the order they were first written.
    pub values: Vec<NameValue>,
    /// The meeting's documents: bound, uploaded, generated and signed.
    pub attachments: Vec<Attachment>,
}

impl MeetingResults {
    /// The value of the first pair named `name` (compared exactly), if any.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|v| v.name.as_deref() == Some(name))
            .and_then(|v| v.value.as_deref())
    }
}

// ---------------------------------------------------------------------------- from the wire

impl Attachment {
    /// From an `AttachmentDTO` element.
    pub(crate) fn from_element(op: &'static str, index: usize, mut e: Element) -> Result<Attachment> {
        let Some(id) = e.id("Id") else {
            return Err(Error::parse(op, format!("attachment {index} has no Id")));
        };
        Ok(Attachment {
            id: DocumentId::new(id),
            attach: e.boolean(op, "Attach")?,
            sign_status: e.int(op, "SignStatus")?,
            description: e.string("Description"),
            url: e.string("Url"),
            preview: e.string("Preview"),
            size: e.string("Size"),
            date: e.string("Date"),
            sign_url: e.string("SignUrl"),
        })
    }
}

impl NameValue {
    /// From a `NameValue` element.
    pub(crate) fn from_element(mut e: Element) -> NameValue {
        NameValue {
            name: e.string("Name"),
            value: e.string("Value"),
        }
    }
}

impl CallRecord {
    /// From a `CallDTO` element: every member, the rest into `extra`.
    pub(crate) fn from_element(op: &'static str, mut e: Element) -> Result<CallRecord> {
        let r = CallRecord {
            account_number: e.int(op, "accountNumber")?,
            event_count: e.long(op, "eventCount")?,
            server_id: e.int(op, "serverId")?,
            is_agent: e.boolean(op, "isAgent")?,
            sc_use_jpeg: e.boolean(op, "SC_UseJpeg")?,
            show_browse_height: e.int(op, "showBrowseHeight")?,
            show_browse_width: e.int(op, "showBrowseWidth")?,
            rtmpt: e.boolean(op, "rtmpt")?,
            webcam_quality: e.int(op, "webcamQuality")?,
            webcam_bitrate: e.int(op, "webcamBitrate")?,
            webcam_framerate: e.int(op, "webcamFramerate")?,
            microphone_default_enabled: e.boolean(op, "microphoneDefaultEnabled")?,
            microphone_volume: e.int(op, "microphoneVolume")?,
            microphone_quality: e.int(op, "microphoneQuality")?,
            microphone_framerate: e.int(op, "microphoneFramerate")?,
            microphone_echo_suppression: e.boolean(op, "microphoneEchoSuppression")?,
            use_web_rtc: e.boolean(op, "useWebRtc")?,
            show_invite: e.boolean(op, "showInvite")?,
            node_count: e.int(op, "nodeCount")?,
            has_account_logo: e.boolean(op, "hasAccountLogo")?,
            owner_account_number: e.int(op, "ownerAccountNumber")?,
            use_chat_username: e.boolean(op, "useChatUsername")?,
            subscriber_count: e.int(op, "subscriberCount")?,
            client_ready: e.boolean(op, "clientReady")?,
            call_id: e.id("callId").map(CallId::new),
            public_id: e.id("publicId").map(PublicId::new),
            username: e.string("username"),
            language: e.string("language"),
            comment: e.string("comment"),
            contact_email: e.string("contactEmail"),
            viewer_wrap: e.string("viewerWrap"),
            sc_jpeg_quality: e.string("SC_JpegQuality"),
            sc_scale: e.string("SC_Scale"),
            sc_proxy_server: e.string("SC_ProxyServer"),
            sc_proxy_port: e.string("SC_ProxyPort"),
            background_color: e.string("backgroundColor"),
            subscriber_code: e.string("subscriberCode"),
            extra: Vec::new(),
        };
        Ok(CallRecord {
            extra: e.into_extra(),
            ..r
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_value_is_the_first_pair_of_exactly_that_name() {
        let results = MeetingResults {
            values: vec![
                NameValue {
                    name: None,
                    value: Some("unnamed".into()),
                },
                NameValue::new("Amount", "100"),
                NameValue::new("amount", "lower case"),
                NameValue::new("Amount", "200"),
                NameValue {
                    name: Some("Empty".into()),
                    value: None,
                },
            ],
            attachments: Vec::new(),
        };
        assert_eq!(results.value("Amount"), Some("100"));
        assert_eq!(results.value("amount"), Some("lower case"));
        assert_eq!(results.value("Empty"), None, "a nil value");
        assert_eq!(results.value("Missing"), None);
        assert_eq!(results.value(""), None);
    }
}
