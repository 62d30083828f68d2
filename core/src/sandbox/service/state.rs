//! The emulator's state: sessions, contacts, meetings with their values, comment and document
//! bindings, stored documents with their conversion, and the mails SendMail recorded.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Where a document of a meeting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentOrigin {
    /// Added by the agent (SetDocumentToUploadAction, AddDocumentToCall, CreateCallEx).
    Bound,
    /// Uploaded by the participant (simulated).
    Uploaded,
}

/// How a document is bound to a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocumentBinding {
    /// `SetDocumentToUploadAction`, under an external id (one binding per external id).
    UploadAction {
        /// The external id of the script's upload action.
        external_id: String,
    },
    /// `AddDocumentToCall` (or `CreateCallEx`, at node code `""`): one binding per document
    /// and node code.
    Node {
        /// The script node the document is attached to.
        node_code: String,
    },
    /// Uploaded by the participant ([`Sandbox::simulate_upload`](super::super::Sandbox::simulate_upload)).
    Upload,
}

impl DocumentOrigin {
    /// Its name in the control API's JSON and the bindings' snapshots: `bound`, `uploaded`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentOrigin::Bound => "bound",
            DocumentOrigin::Uploaded => "uploaded",
        }
    }
}

impl DocumentBinding {
    /// Its kind's name in the control API's JSON and the bindings' snapshots:
    /// `upload_action`, `node`, `upload`.
    pub fn kind(&self) -> &'static str {
        match self {
            DocumentBinding::UploadAction { .. } => "upload_action",
            DocumentBinding::Node { .. } => "node",
            DocumentBinding::Upload => "upload",
        }
    }

    /// The script node of a [`DocumentBinding::Node`] binding; `None` for the other kinds.
    pub fn node_code(&self) -> Option<&str> {
        match self {
            DocumentBinding::Node { node_code } => Some(node_code),
            _ => None,
        }
    }

    /// Bound by the agent or uploaded by the participant.
    pub fn origin(&self) -> DocumentOrigin {
        match self {
            DocumentBinding::Upload => DocumentOrigin::Uploaded,
            DocumentBinding::UploadAction { .. } | DocumentBinding::Node { .. } => DocumentOrigin::Bound,
        }
    }
}

/// The conversion status of a document, as `GetDocumentStatus` answers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConversionStatus {
    /// Still converting (until the sandbox's conversion time has passed).
    Busy,
    /// Converted.
    Ready,
    /// The conversion failed (the failure marker in the file name, or
    /// [`Sandbox::fail_conversion`](super::super::Sandbox::fail_conversion)).
    Error,
    /// No such document (never stored, or deleted).
    NotFound,
}

impl ConversionStatus {
    /// The wire text: `BUSY`, `READY`, `ERROR`, `NOT FOUND`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConversionStatus::Busy => "BUSY",
            ConversionStatus::Ready => "READY",
            ConversionStatus::Error => "ERROR",
            ConversionStatus::NotFound => "NOT FOUND",
        }
    }
}

impl std::fmt::Display for ConversionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a stored document reached the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AddedVia {
    /// `AddDocumentFromUrl`: fetched from a URL.
    Url,
    /// `AddDocumentFromBytes` or `AddDocumentFromBytesEx`: its bytes were sent.
    Bytes,
    /// Uploaded by the participant (simulated).
    Upload,
}

impl AddedVia {
    /// Its name in the control API's JSON and the bindings' snapshots: `url`, `bytes`,
    /// `upload`.
    pub fn as_str(self) -> &'static str {
        match self {
            AddedVia::Url => "url",
            AddedVia::Bytes => "bytes",
            AddedVia::Upload => "upload",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct StoredDocument {
    pub filename: String,
    pub bytes: Arc<Vec<u8>>,
    pub external_id: String,
    pub private: bool,
    pub temporary: bool,
    pub source: AddedVia,
    pub stored: Instant,
    /// How long the conversion takes (fixed when it was stored).
    pub conversion_time: Duration,
    /// The conversion ends in ERROR (the failure marker was in its file name).
    pub conversion_fails: bool,
    /// Failed at once through `Sandbox::fail_conversion`.
    pub failed: bool,
}

impl StoredDocument {
    /// A document stored now, whose conversion starts now.
    pub(crate) fn new(
        filename: &str,
        bytes: Vec<u8>,
        source: AddedVia,
        conversion_time: Duration,
        failure_marker: &str,
    ) -> Self {
        StoredDocument {
            filename: filename.to_owned(),
            bytes: Arc::new(bytes),
            external_id: String::new(),
            private: false,
            temporary: false,
            source,
            stored: Instant::now(),
            conversion_time: if source == AddedVia::Upload {
                Duration::ZERO
            } else {
                conversion_time
            },
            conversion_fails: source != AddedVia::Upload
                && !failure_marker.is_empty()
                && filename.contains(failure_marker),
            failed: false,
        }
    }

    /// The conversion status and percentage at `now`: BUSY with floor(100 × elapsed /
    /// conversion time), at most 99, until the conversion time has passed; then READY (100) or
    /// ERROR (0).
    pub(crate) fn conversion(&self, now: Instant) -> (ConversionStatus, u8) {
        if self.failed {
            return (ConversionStatus::Error, 0);
        }
        let elapsed = now.saturating_duration_since(self.stored);
        if elapsed < self.conversion_time {
            let pct = elapsed.as_nanos() * 100 / self.conversion_time.as_nanos().max(1);
            return (ConversionStatus::Busy, pct.min(99) as u8);
        }
        if self.conversion_fails {
            (ConversionStatus::Error, 0)
        } else {
            (ConversionStatus::Ready, 100)
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AttachmentEntry {
    pub document_id: i64,
    pub binding: DocumentBinding,
    pub date: SystemTime,
    pub sign_status: i32,
}

#[derive(Debug, Clone)]
pub(crate) struct Contact {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Call {
    pub script_code: String,
    pub public_id: String,
    pub contact_id: Option<i64>,
    /// One list written by SetValues, SetValue and SetCallValues, in first-write order (a
    /// name or value is null only when a SOAP request left it out).
    pub values: Vec<(Option<String>, Option<String>)>,
    pub attachments: Vec<AttachmentEntry>,
    pub comment: Option<String>,
    pub ended: bool,
    /// CreateCallEx's customerId and externalData.
    pub customer_id: Option<String>,
    pub external_data: Option<String>,
}

impl Call {
    /// Writes one value: a later value for the same name (ordinal; null matches null)
    /// replaces the earlier in place.
    pub(crate) fn set_value(&mut self, name: Option<&str>, value: Option<&str>) {
        let value = value.map(str::to_owned);
        match self.values.iter_mut().find(|(k, _)| k.as_deref() == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name.map(str::to_owned), value)),
        }
    }
}

/// A mail SendMail recorded.
#[derive(Debug, Clone)]
pub(crate) struct Mail {
    pub call_id: i64,
    pub to: String,
    pub template_code: String,
    pub attachments: String,
    pub sent: SystemTime,
}

/// All of the emulator's state.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub next_id: i64,
    pub tokens: HashMap<String, Instant>,
    pub expired_before: Option<Instant>,
    pub contacts: HashMap<i64, Contact>,
    pub calls: HashMap<i64, Call>,
    pub by_public_id: HashMap<String, i64>,
    pub documents: HashMap<i64, StoredDocument>,
    pub mails: Vec<Mail>,
    pub random: u64,
}

impl State {
    pub(crate) fn new(seed: u64) -> Self {
        State {
            next_id: 1000,
            random: seed | 1,
            ..Default::default()
        }
    }

    /// The next id of the one counter contacts, calls, documents and users share.
    pub(crate) fn new_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// 32 lowercase hex digits, like `Guid.NewGuid().ToString("N")`.
    pub(crate) fn new_guid(&mut self) -> String {
        let mut s = String::with_capacity(32);
        for _ in 0..2 {
            // xorshift64*
            let mut x = self.random;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.random = x;
            s.push_str(&format!("{:016x}", x.wrapping_mul(0x2545_F491_4F6C_DD1D)));
        }
        s
    }

    /// A new session token.
    pub(crate) fn new_token(&mut self) -> String {
        let token = self.new_guid();
        self.tokens.insert(token.clone(), Instant::now());
        token
    }

    /// A new meeting; its id.
    pub(crate) fn new_call(&mut self, call: Call) -> i64 {
        let id = self.new_id();
        let public_id = self.new_guid();
        self.by_public_id.insert(public_id.clone(), id);
        self.calls.insert(id, Call { public_id, ..call });
        id
    }

    /// Stores a document; its id.
    pub(crate) fn store_document(&mut self, doc: StoredDocument) -> i64 {
        let id = self.new_id();
        self.documents.insert(id, doc);
        id
    }

    /// The conversion status and percentage of a document (NOT FOUND for an unknown id).
    pub(crate) fn conversion(&self, document_id: i64) -> (ConversionStatus, u8) {
        self.documents
            .get(&document_id)
            .map_or((ConversionStatus::NotFound, 0), |d| d.conversion(Instant::now()))
    }

    /// Removes a document and every binding of it; whether it existed.
    pub(crate) fn delete_document(&mut self, document_id: i64) -> bool {
        if self.documents.remove(&document_id).is_none() {
            return false;
        }
        for call in self.calls.values_mut() {
            call.attachments.retain(|e| e.document_id != document_id);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guids (public ids, tokens) are 32 lowercase hex digits and never repeat, for any seed.
    #[test]
    fn guids_are_hex_and_distinct() {
        for seed in [0, 1, 0x9E37_79B9_7F4A_7C15, u64::MAX] {
            let mut st = State::new(seed);
            let mut seen = std::collections::HashSet::new();
            for _ in 0..10_000 {
                let g = st.new_guid();
                assert_eq!(g.len(), 32, "{g}");
                assert!(
                    g.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                    "{g}"
                );
                assert!(seen.insert(g), "seed {seed}: a guid repeated");
            }
        }
    }

    #[test]
    fn conversion_is_busy_then_ready_or_error() {
        let mut d = StoredDocument::new("a.pdf", vec![1], AddedVia::Bytes, Duration::from_secs(10), "");
        let t0 = d.stored;
        assert_eq!(d.conversion(t0), (ConversionStatus::Busy, 0));
        assert_eq!(
            d.conversion(t0 + Duration::from_millis(4_567)),
            (ConversionStatus::Busy, 45)
        );
        assert_eq!(
            d.conversion(t0 + Duration::from_millis(9_999)),
            (ConversionStatus::Busy, 99)
        );
        assert_eq!(
            d.conversion(t0 + Duration::from_secs(10)),
            (ConversionStatus::Ready, 100)
        );
        d.failed = true;
        assert_eq!(d.conversion(t0), (ConversionStatus::Error, 0));

        let marked = StoredDocument::new("x-FAIL.pdf", vec![1], AddedVia::Url, Duration::ZERO, "FAIL");
        assert_eq!(marked.conversion(Instant::now()), (ConversionStatus::Error, 0));
        let unmarked = StoredDocument::new("x-fail.pdf", vec![1], AddedVia::Url, Duration::ZERO, "FAIL");
        assert_eq!(unmarked.conversion(Instant::now()), (ConversionStatus::Ready, 100));
        // Participant uploads are ready at once.
        let up = StoredDocument::new("FAIL", vec![1], AddedVia::Upload, Duration::from_secs(60), "FAIL");
        assert_eq!(up.conversion(Instant::now()), (ConversionStatus::Ready, 100));
    }

    #[test]
    fn values_replace_in_place() {
        let mut c = Call::default();
        c.set_value(Some("a"), Some("1"));
        c.set_value(Some("b"), Some("2"));
        c.set_value(Some("A"), Some("3"));
        c.set_value(Some("a"), Some("4"));
        c.set_value(None, Some("5"));
        c.set_value(None, None);
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            c.values,
            [(s("a"), s("4")), (s("b"), s("2")), (s("A"), s("3")), (None, None)]
        );
    }
}
