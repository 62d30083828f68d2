//! Data returned by the service.

use crate::ids::DocumentId;

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
