//! Starting a meeting in one call.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::documents::UploadOptions;
use crate::download::WaitOptions;
use crate::error::{Error, Result};
use crate::ids::{CallId, ContactId, DocumentId, PublicId};
use crate::operations::require;
use crate::ops::Op;

/// The meeting participant to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// E-mail address (required).
    pub email: String,
    /// First name (may be empty).
    pub first_name: String,
    /// Last name (may be empty).
    pub last_name: String,
}

impl Participant {
    /// A participant with the given e-mail address and no names.
    pub fn new(email: impl Into<String>) -> Self {
        Participant {
            email: email.into(),
            first_name: String::new(),
            last_name: String::new(),
        }
    }

    /// Sets the first and last name.
    pub fn name(mut self, first: impl Into<String>, last: impl Into<String>) -> Self {
        self.first_name = first.into();
        self.last_name = last.into();
        self
    }
}

/// A document to add to the meeting and bind to its upload action under `external_id`: one
/// the service fetches from a URL ([`DocumentSource::new`], [`DocumentSource::from_url`]:
/// `AddDocumentFromUrl`), or one the application uploads from bytes or a file
/// ([`DocumentSource::from_bytes`], [`DocumentSource::from_file`]: `AddDocumentFromBytesEx`
/// over SOAP, streamed, with the external id; see [`UploadOptions`](crate::UploadOptions) for
/// the size limits).
///
/// ```
/// use idiligo::DocumentSource;
///
/// let from_crm = DocumentSource::from_url("https://crm.example/doc/7", "offer.pdf", "crm-7");
/// let generated = DocumentSource::from_bytes("terms.pdf", b"%PDF-1.4 terms".to_vec(), "terms");
/// let scanned = DocumentSource::from_file("/var/scans/id-card.jpg", "id").filename("id card.jpg");
/// assert_eq!(scanned.filename, "id card.jpg");
/// assert!(from_crm.upload.is_none() && generated.upload.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSource {
    /// Where the service downloads it from (must be reachable by the service); empty for an
    /// upload.
    pub url: String,
    /// File name shown in the meeting.
    pub filename: String,
    /// Your key for the document (e.g. the CRM's document id).
    pub external_id: String,
    /// What to upload instead of giving the service a URL (`None`: fetched from `url`).
    pub upload: Option<DocumentUpload>,
}

/// The content of a [`DocumentSource`] the application uploads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocumentUpload {
    /// These bytes (shared, so cloning the request does not copy them).
    Bytes(Arc<[u8]>),
    /// The file at this path, read when the document is uploaded.
    File(PathBuf),
}

impl DocumentSource {
    /// A document the service fetches from `url` (the same as [`DocumentSource::from_url`]).
    pub fn new(url: impl Into<String>, filename: impl Into<String>, external_id: impl Into<String>) -> Self {
        DocumentSource {
            url: url.into(),
            filename: filename.into(),
            external_id: external_id.into(),
            upload: None,
        }
    }

    /// A document the service fetches from `url` (`AddDocumentFromUrl`).
    pub fn from_url(url: impl Into<String>, filename: impl Into<String>, external_id: impl Into<String>) -> Self {
        DocumentSource::new(url, filename, external_id)
    }

    /// A document uploaded from `bytes` as `filename`.
    pub fn from_bytes(
        filename: impl Into<String>,
        bytes: impl Into<Arc<[u8]>>,
        external_id: impl Into<String>,
    ) -> Self {
        DocumentSource {
            url: String::new(),
            filename: filename.into(),
            external_id: external_id.into(),
            upload: Some(DocumentUpload::Bytes(bytes.into())),
        }
    }

    /// A document uploaded from the file at `path`, named as the path's file name (change it
    /// with [`filename`](Self::filename)). The file is checked before anything is created and
    /// read when it is uploaded.
    pub fn from_file(path: impl Into<PathBuf>, external_id: impl Into<String>) -> Self {
        let path = path.into();
        let filename = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        DocumentSource {
            url: String::new(),
            filename,
            external_id: external_id.into(),
            upload: Some(DocumentUpload::File(path)),
        }
    }

    /// The file name shown in the meeting.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = filename.into();
        self
    }
}

/// What [`Client::start_meeting`] should set up.
///
/// ```
/// use idiligo::{DocumentSource, MeetingRequest, Participant};
///
/// let request = MeetingRequest::new("INTAKE")
///     .participant(Participant::new("jan@example.com").name("Jan", "Jansen"))
///     .value("PolicyNumber", "P-1234")
///     .document(DocumentSource::new("https://crm.example/doc/7", "offer.pdf", "crm-7"))
///     .return_url("https://crm.example/done");
/// assert_eq!(request.values.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MeetingRequest {
    /// The script ("traject") code the meeting follows.
    pub script_code: String,
    /// The participant to create and attach, if any.
    pub participant: Option<Participant>,
    /// Values written into the meeting, in order.
    pub values: Vec<(String, String)>,
    /// Documents to fetch and bind, in order.
    pub documents: Vec<DocumentSource>,
    /// Where the agent is sent after the meeting.
    pub return_url: Option<String>,
    /// Wait until every document is converted (`READY`) before returning, at most this long
    /// in all (`None`, the default: do not wait). See [`MeetingRequest::wait_for_documents`].
    pub wait_for_documents: Option<Duration>,
    /// On failure, delete the documents and end the call this call created (default false:
    /// keep everything). See [`MeetingRequest::cleanup_on_failure`].
    pub cleanup_on_failure: bool,
}

impl MeetingRequest {
    /// A request for a meeting following `script_code`.
    pub fn new(script_code: impl Into<String>) -> Self {
        MeetingRequest {
            script_code: script_code.into(),
            ..Default::default()
        }
    }

    /// Sets the participant.
    pub fn participant(mut self, participant: Participant) -> Self {
        self.participant = Some(participant);
        self
    }

    /// Adds a value.
    pub fn value(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.values.push((name.into(), value.into()));
        self
    }

    /// Adds a document.
    pub fn document(mut self, document: DocumentSource) -> Self {
        self.documents.push(document);
        self
    }

    /// Sets the agent's return URL.
    pub fn return_url(mut self, url: impl Into<String>) -> Self {
        self.return_url = Some(url.into());
        self
    }

    /// Waits, after every document is added and bound, until each is converted (`READY`),
    /// polling as [`Client::wait_for_document`] does (poll interval 1 s, or `timeout` when
    /// that is shorter), `timeout` in all. A document in `ERROR` or `NOT FOUND`, or the
    /// timeout, fails the start at [`MeetingStep::WaitDocument`]. A zero timeout is refused
    /// when the meeting starts.
    pub fn wait_for_documents(mut self, timeout: Duration) -> Self {
        self.wait_for_documents = Some(timeout);
        self
    }

    /// Whether a failed start removes what it created (default false). When true, a step that
    /// fails after something was created is followed by `DeleteDocument` for every document
    /// this call stored and `EndCall` for the call it created (the service has no operation
    /// that deletes a contact or a call); what was removed and what could not be is reported
    /// in [`PartialMeeting::cleanup`], and every id created stays in the error.
    pub fn cleanup_on_failure(mut self, cleanup: bool) -> Self {
        self.cleanup_on_failure = cleanup;
        self
    }
}

/// A document added to a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedDocument {
    /// The caller's external id.
    pub external_id: String,
    /// The service's document id.
    pub document_id: DocumentId,
    /// Whether it was bound to the upload action (false only in a [`PartialMeeting`]).
    pub bound: bool,
}

/// A meeting set up by [`Client::start_meeting`]: every id and both URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// The meeting id.
    pub call_id: CallId,
    /// The participant id, when a participant was given.
    pub contact_id: Option<ContactId>,
    /// The public id.
    pub public_id: PublicId,
    /// Documents added, in request order.
    pub documents: Vec<AddedDocument>,
    /// Where the agent opens the meeting.
    pub agent_url: String,
    /// The participant link.
    pub participant_url: String,
}

/// The steps of [`Client::start_meeting`], in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MeetingStep {
    /// Validating the request as a whole: script code, participant, values, the wait (nothing
    /// was sent).
    Validate,
    /// Validating `documents[index]`: file name, external id, URL, the file, the size cap
    /// (nothing was sent). Named `"validate"`, like [`MeetingStep::Validate`].
    ValidateDocument {
        /// Index into [`MeetingRequest::documents`].
        index: usize,
    },
    /// `CreateContact`.
    CreateContact,
    /// `CreateCall`.
    CreateCall,
    /// `SetContact`.
    SetContact,
    /// `GetPublicCallId`.
    GetPublicCallId,
    /// `SetValues`.
    SetValues,
    /// `AddDocumentFromUrl` for `documents[index]`.
    AddDocument {
        /// Index into [`MeetingRequest::documents`].
        index: usize,
    },
    /// `AddDocumentFromBytesEx` (over SOAP) for `documents[index]`, uploaded from bytes or a
    /// file.
    UploadDocument {
        /// Index into [`MeetingRequest::documents`].
        index: usize,
    },
    /// `SetDocumentToUploadAction` for `documents[index]`.
    BindDocument {
        /// Index into [`MeetingRequest::documents`].
        index: usize,
    },
    /// Waiting (`GetDocumentStatus`) until `documents[index]` is converted
    /// ([`MeetingRequest::wait_for_documents`]).
    WaitDocument {
        /// Index into [`MeetingRequest::documents`].
        index: usize,
    },
    /// `GetAgentUrl`.
    GetAgentUrl,
}

impl MeetingStep {
    /// The operation this step runs (`None` for the validation steps, [`MeetingStep::Validate`]
    /// and [`MeetingStep::ValidateDocument`]).
    pub fn operation(&self) -> Option<Op> {
        Some(match self {
            MeetingStep::Validate | MeetingStep::ValidateDocument { .. } => return None,
            MeetingStep::CreateContact => Op::CreateContact,
            MeetingStep::CreateCall => Op::CreateCall,
            MeetingStep::SetContact => Op::SetContact,
            MeetingStep::GetPublicCallId => Op::GetPublicCallId,
            MeetingStep::SetValues => Op::SetValues,
            MeetingStep::AddDocument { .. } => Op::AddDocumentFromUrl,
            MeetingStep::UploadDocument { .. } => Op::AddDocumentFromBytesEx,
            MeetingStep::BindDocument { .. } => Op::SetDocumentToUploadAction,
            MeetingStep::WaitDocument { .. } => Op::GetDocumentStatus,
            MeetingStep::GetAgentUrl => Op::GetAgentUrl,
        })
    }

    /// The step's name: `"validate"`, or the name of the operation it runs
    /// (`"CreateCall"`, `"AddDocumentFromUrl"` …), without the document index.
    pub fn name(&self) -> &'static str {
        self.operation().map_or("validate", Op::name)
    }

    /// For the document steps (their validation included), the index into
    /// [`MeetingRequest::documents`].
    pub fn document_index(&self) -> Option<usize> {
        match self {
            MeetingStep::ValidateDocument { index }
            | MeetingStep::AddDocument { index }
            | MeetingStep::UploadDocument { index }
            | MeetingStep::BindDocument { index }
            | MeetingStep::WaitDocument { index } => Some(*index),
            _ => None,
        }
    }
}

impl fmt::Display for MeetingStep {
    /// The name, followed by ` (document N)` for the document steps.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        match self.document_index() {
            Some(index) => write!(f, " (document {index})"),
            None => Ok(()),
        }
    }
}

/// Everything [`Client::start_meeting`] created before a step failed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartialMeeting {
    /// The participant id, if created.
    pub contact_id: Option<ContactId>,
    /// The meeting id, if created.
    pub call_id: Option<CallId>,
    /// The public id, if fetched.
    pub public_id: Option<PublicId>,
    /// Whether the participant was attached to the meeting.
    pub contact_attached: bool,
    /// Whether the values were written.
    pub values_set: bool,
    /// Documents added so far (`bound` tells whether the binding succeeded).
    pub documents: Vec<AddedDocument>,
    /// What the clean-up removed and could not remove, when the request asked for one
    /// ([`MeetingRequest::cleanup_on_failure`]) and something had been created; the ids above
    /// stay as they were created either way.
    pub cleanup: Option<CleanupReport>,
}

/// Something [`Client::start_meeting`] created.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CreatedItem {
    /// A participant (`CreateContact`).
    Contact(ContactId),
    /// A meeting (`CreateCall`).
    Call(CallId),
    /// A stored document.
    Document(DocumentId),
}

impl fmt::Display for CreatedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CreatedItem::Contact(id) => write!(f, "contact {id}"),
            CreatedItem::Call(id) => write!(f, "call {id}"),
            CreatedItem::Document(id) => write!(f, "document {id}"),
        }
    }
}

/// What the clean-up after a failed [`Client::start_meeting`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CleanupReport {
    /// Documents deleted (`DeleteDocument` answered true), in the order they were created.
    pub deleted_documents: Vec<DocumentId>,
    /// The call ended with `EndCall`, if one was created and ending it worked.
    pub ended_call: Option<CallId>,
    /// What stayed, each with the reason: a contact (the service cannot delete one), a
    /// document `DeleteDocument` failed for or did not know, a call `EndCall` failed for.
    pub not_removed: Vec<(CreatedItem, String)>,
}

impl fmt::Display for CleanupReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut done = Vec::new();
        if !self.deleted_documents.is_empty() {
            let ids: Vec<&str> = self.deleted_documents.iter().map(DocumentId::as_str).collect();
            done.push(format!("deleted documents {}", ids.join(", ")));
        }
        if let Some(c) = &self.ended_call {
            done.push(format!("ended call {c}"));
        }
        if done.is_empty() {
            f.write_str("removed nothing")?;
        } else {
            write!(f, "{}", done.join(", "))?;
        }
        for (item, why) in &self.not_removed {
            write!(f, "; kept {item}: {why}")?;
        }
        Ok(())
    }
}

impl Client {
    /// Starts a meeting in one call: CreateContact → CreateCall → SetContact →
    /// GetPublicCallId → SetValues → per document (AddDocumentFromUrl, or for bytes and files
    /// an upload over SOAP, then SetDocumentToUploadAction) → the wait until the documents are
    /// converted, when asked for ([`MeetingRequest::wait_for_documents`]) → GetAgentUrl.
    ///
    /// Everything is checked before anything is created: the script code, the participant's
    /// e-mail, value names, every document's file name and URL, and for uploads the bytes or
    /// the file (it must exist and be a file) against the client's upload size cap.
    ///
    /// On failure the error is [`Error::Meeting`], naming the step and carrying a
    /// [`PartialMeeting`] with every id created so far, so the caller can resume or clean up.
    /// With [`MeetingRequest::cleanup_on_failure`] the client removes what it created first
    /// (documents deleted, the call ended) and reports it in [`PartialMeeting::cleanup`].
    ///
    /// ```
    /// # #[cfg(feature = "sandbox")] {
    /// use idiligo::{sandbox::Sandbox, MeetingRequest, Participant};
    ///
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client()?;
    /// let meeting = client.start_meeting(
    ///     &MeetingRequest::new("INTAKE")
    ///         .participant(Participant::new("jan@example.com").name("Jan", "Jansen"))
    ///         .value("PolicyNumber", "P-1234"),
    /// )?;
    /// assert!(meeting.participant_url.contains("/client?id="));
    /// # }
    /// # Ok::<(), idiligo::Error>(())
    /// ```
    pub fn start_meeting(&self, request: &MeetingRequest) -> Result<Meeting> {
        let mut partial = PartialMeeting::default();
        if let Err((step, e)) = self.validate_meeting(request) {
            return Err(Error::Meeting {
                step,
                partial: Box::new(partial),
                source: e,
            });
        }
        match self.run_meeting(request, &mut partial) {
            Ok(m) => Ok(m),
            Err((step, e)) => {
                if request.cleanup_on_failure {
                    let report = self.clean_up(&partial);
                    log::warn!("start_meeting failed at {step}: {e}; clean-up: {report}");
                    partial.cleanup = Some(report);
                }
                Err(Error::Meeting {
                    step,
                    partial: Box::new(partial),
                    source: e,
                })
            }
        }
    }

    /// Every check of a meeting request that needs no request: nothing is created when one
    /// fails. A failing check of `documents[i]` is step [`MeetingStep::ValidateDocument`] `i`.
    fn validate_meeting(&self, request: &MeetingRequest) -> Result<(), (MeetingStep, Box<Error>)> {
        const OP: &str = "start_meeting";
        let whole = |e: Error| (MeetingStep::Validate, Box::new(e));
        require(OP, "script code", &request.script_code).map_err(whole)?;
        if let Some(p) = &request.participant {
            require(OP, "participant email", &p.email).map_err(whole)?;
        }
        for (k, _) in &request.values {
            require(OP, "value name", k).map_err(whole)?;
        }
        if request.wait_for_documents.is_some_and(|t| t.is_zero()) {
            return Err(whole(Error::invalid(
                OP,
                "the wait for the documents must be greater than zero",
            )));
        }
        for (index, d) in request.documents.iter().enumerate() {
            self.validate_document(OP, index, d)
                .map_err(|e| (MeetingStep::ValidateDocument { index }, Box::new(e)))?;
        }
        Ok(())
    }

    /// The checks of `documents[i]`, for `validate_meeting`.
    fn validate_document(&self, op: &'static str, i: usize, d: &DocumentSource) -> Result<()> {
        let what = |s: &str| format!("document {i}: {s}");
        require(op, &what("filename"), &d.filename)?;
        crate::soap::check_text(op, &what("filename"), &d.filename)?;
        crate::soap::check_text(op, &what("external id"), &d.external_id)?;
        let len = match &d.upload {
            None => return require(op, &what("url"), &d.url),
            Some(DocumentUpload::Bytes(b)) => b.len() as u64,
            Some(DocumentUpload::File(path)) => file_size(op, i, path)?,
        };
        match crate::documents::size_problem(len, self.config().max_upload_bytes) {
            Some(problem) => Err(Error::invalid(op, what(&problem))),
            None => Ok(()),
        }
    }

    /// The steps after validation; a failure names its step. `partial` holds what was created.
    fn run_meeting(
        &self,
        request: &MeetingRequest,
        partial: &mut PartialMeeting,
    ) -> Result<Meeting, (MeetingStep, Box<Error>)> {
        let at = |step: MeetingStep| move |e: Error| (step, Box::new(e));

        if let Some(p) = &request.participant {
            let id = self
                .create_contact(&p.email, &p.first_name, &p.last_name)
                .map_err(at(MeetingStep::CreateContact))?;
            partial.contact_id = Some(id);
        }
        let call = self
            .create_call(&request.script_code)
            .map_err(at(MeetingStep::CreateCall))?;
        log::info!("start_meeting: created call {call}");
        partial.call_id = Some(call.clone());
        if let Some(contact) = partial.contact_id.clone() {
            self.set_contact(&call, &contact).map_err(at(MeetingStep::SetContact))?;
            partial.contact_attached = true;
        }
        let public_id = self
            .get_public_call_id(&call)
            .map_err(at(MeetingStep::GetPublicCallId))?;
        partial.public_id = Some(public_id.clone());
        if !request.values.is_empty() {
            self.set_values(&public_id, request.values.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .map_err(at(MeetingStep::SetValues))?;
        }
        partial.values_set = true;
        for (index, d) in request.documents.iter().enumerate() {
            let options = || UploadOptions::new().external_id(d.external_id.as_str());
            let doc = match &d.upload {
                None => self
                    .add_document_from_url(&d.url, &d.filename, &d.external_id)
                    .map_err(at(MeetingStep::AddDocument { index }))?,
                Some(DocumentUpload::Bytes(b)) => self
                    .add_document_from_bytes(&d.filename, b, options())
                    .map_err(at(MeetingStep::UploadDocument { index }))?,
                Some(DocumentUpload::File(path)) => self
                    .add_document_from_file(path, options().filename(d.filename.as_str()))
                    .map_err(at(MeetingStep::UploadDocument { index }))?,
            };
            partial.documents.push(AddedDocument {
                external_id: d.external_id.clone(),
                document_id: doc.clone(),
                bound: false,
            });
            self.set_document_to_upload_action(&call, &d.external_id, &doc)
                .map_err(at(MeetingStep::BindDocument { index }))?;
            if let Some(last) = partial.documents.last_mut() {
                last.bound = true;
            }
        }
        if let Some(timeout) = request.wait_for_documents {
            let deadline = Instant::now().checked_add(timeout);
            for (index, d) in partial.documents.iter().enumerate() {
                let left = deadline.map_or(timeout, |d| d.saturating_duration_since(Instant::now()));
                let step = MeetingStep::WaitDocument { index };
                let options = WaitOptions::new(left.max(Duration::from_millis(1)), Duration::from_secs(1).min(timeout))
                    .map_err(at(step))?;
                self.wait_for_document(&d.document_id, options).map_err(at(step))?;
            }
        }
        let agent_url = self
            .get_agent_url(&call, request.return_url.as_deref())
            .map_err(at(MeetingStep::GetAgentUrl))?;
        let participant_url = self
            .participant_url(&public_id)
            .map_err(at(MeetingStep::GetPublicCallId))?;
        Ok(Meeting {
            call_id: call,
            contact_id: partial.contact_id.clone(),
            public_id,
            documents: partial.documents.clone(),
            agent_url,
            participant_url,
        })
    }

    /// Removes what a failed start created, as far as the service allows: every document
    /// (`DeleteDocument`), the call (`EndCall`); a contact cannot be deleted.
    fn clean_up(&self, partial: &PartialMeeting) -> CleanupReport {
        let mut report = CleanupReport::default();
        for d in &partial.documents {
            match self.delete_document(&d.document_id) {
                Ok(true) => report.deleted_documents.push(d.document_id.clone()),
                Ok(false) => report.not_removed.push((
                    CreatedItem::Document(d.document_id.clone()),
                    "DeleteDocument answered false (the service did not know it)".into(),
                )),
                Err(e) => report
                    .not_removed
                    .push((CreatedItem::Document(d.document_id.clone()), e.to_string())),
            }
        }
        if let Some(call) = &partial.call_id {
            match self.end_call(call, None) {
                Ok(_) => report.ended_call = Some(call.clone()),
                Err(e) => report
                    .not_removed
                    .push((CreatedItem::Call(call.clone()), e.to_string())),
            }
        }
        if let Some(contact) = &partial.contact_id {
            report.not_removed.push((
                CreatedItem::Contact(contact.clone()),
                "the service has no operation that deletes a contact".into(),
            ));
        }
        report
    }
}

/// The size of the file of an upload, checked before anything is created: it must exist, be a
/// file and be readable.
fn file_size(op: &'static str, index: usize, path: &Path) -> Result<u64> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::io(op, format!("document {index}: reading {}", path.display()), e).at(path))?;
    if meta.is_dir() {
        return Err(Error::invalid(
            op,
            format!("document {index}: {} is a directory, not a file", path.display()),
        ));
    }
    std::fs::File::open(path)
        .map_err(|e| Error::io(op, format!("document {index}: opening {}", path.display()), e).at(path))?;
    Ok(meta.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_builder_keeps_what_each_setter_was_given() {
        let request = MeetingRequest::new("INTAKE")
            .participant(Participant::new("p@example.com"))
            .value("A", "1")
            .value("B", "2")
            .document(DocumentSource::from_url("https://d/x.pdf", "x.pdf", "e-1"))
            .return_url("https://back")
            .wait_for_documents(Duration::from_secs(9))
            .cleanup_on_failure(true);
        assert_eq!(request.script_code, "INTAKE");
        assert_eq!(
            request.participant.as_ref().map(|p| p.email.as_str()),
            Some("p@example.com")
        );
        assert_eq!(
            request.values,
            [("A".to_owned(), "1".to_owned()), ("B".into(), "2".into())]
        );
        assert_eq!(request.documents.len(), 1);
        assert_eq!(request.documents[0].url, "https://d/x.pdf");
        assert_eq!(request.return_url.as_deref(), Some("https://back"));
        assert_eq!(request.wait_for_documents, Some(Duration::from_secs(9)));
        assert!(request.cleanup_on_failure);
        let plain = MeetingRequest::new("X");
        assert!(plain.participant.is_none() && plain.values.is_empty() && plain.documents.is_empty());
        assert!(plain.return_url.is_none() && plain.wait_for_documents.is_none() && !plain.cleanup_on_failure);
    }

    #[test]
    fn steps_name_their_operation_and_document() {
        let cases = [
            (MeetingStep::Validate, None, "validate"),
            (
                MeetingStep::ValidateDocument { index: 2 },
                Some(2),
                "validate (document 2)",
            ),
            (MeetingStep::CreateContact, None, Op::CreateContact.name()),
            (MeetingStep::CreateCall, None, Op::CreateCall.name()),
            (MeetingStep::SetContact, None, Op::SetContact.name()),
            (MeetingStep::GetPublicCallId, None, Op::GetPublicCallId.name()),
            (MeetingStep::SetValues, None, Op::SetValues.name()),
            (
                MeetingStep::AddDocument { index: 1 },
                Some(1),
                "AddDocumentFromUrl (document 1)",
            ),
            (
                MeetingStep::UploadDocument { index: 3 },
                Some(3),
                "AddDocumentFromBytesEx (document 3)",
            ),
            (
                MeetingStep::BindDocument { index: 4 },
                Some(4),
                "SetDocumentToUploadAction (document 4)",
            ),
            (
                MeetingStep::WaitDocument { index: 5 },
                Some(5),
                "GetDocumentStatus (document 5)",
            ),
            (MeetingStep::GetAgentUrl, None, Op::GetAgentUrl.name()),
        ];
        for (step, index, shown) in cases {
            assert_eq!(step.document_index(), index, "{step:?}");
            assert_eq!(step.to_string(), shown);
        }
    }

    #[test]
    fn clean_up_reports_say_what_was_removed_and_what_was_kept() {
        assert_eq!(CleanupReport::default().to_string(), "removed nothing");
        let report = CleanupReport {
            deleted_documents: vec![DocumentId::new("11"), DocumentId::new("12")],
            ended_call: Some(CallId::new("7")),
            not_removed: vec![
                (CreatedItem::Contact(ContactId::new("3")), "no delete".into()),
                (CreatedItem::Document(DocumentId::new("13")), "unknown".into()),
                (CreatedItem::Call(CallId::new("8")), "refused".into()),
            ],
        };
        assert_eq!(
            report.to_string(),
            "deleted documents 11, 12, ended call 7; kept contact 3: no delete; kept document 13: unknown; \
             kept call 8: refused"
        );
        let only_call = CleanupReport {
            ended_call: Some(CallId::new("7")),
            ..CleanupReport::default()
        };
        assert_eq!(only_call.to_string(), "ended call 7");
    }

    #[test]
    fn documents_are_checked_before_anything_is_created() {
        let client = Client::builder()
            .base_url("https://h")
            .max_upload_bytes(4)
            .build()
            .unwrap();
        let check = |d: DocumentSource| client.validate_document("start_meeting", 1, &d);
        assert!(
            check(DocumentSource::from_bytes("a.pdf", &b"abcd"[..], "e")).is_ok(),
            "exactly the cap"
        );
        assert!(check(DocumentSource::from_url("https://d/a.pdf", "a.pdf", "e")).is_ok());
        for (d, message) in [
            (
                DocumentSource::from_bytes("a.pdf", &b""[..], "e"),
                "document 1: the document is empty",
            ),
            (
                DocumentSource::from_bytes("a.pdf", &b"abcde"[..], "e"),
                "document 1: the document has 5 bytes, more than the upload size cap of 4 bytes",
            ),
            (
                DocumentSource::from_url("", "a.pdf", "e"),
                "document 1: url must not be empty",
            ),
            (
                DocumentSource::from_url("https://d/a", " ", "e"),
                "document 1: filename must not be empty",
            ),
        ] {
            let e = check(d).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
            assert!(e.to_string().contains(message), "{e}");
        }

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("five.bin");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(file_size("start_meeting", 0, &path).unwrap(), 5);
        let e = check(DocumentSource::from_file(&path, "e")).unwrap_err();
        assert!(e.to_string().contains("has 5 bytes"), "{e}");
        std::fs::write(&path, b"1234").unwrap();
        assert!(check(DocumentSource::from_file(&path, "e")).is_ok());
        let e = check(DocumentSource::from_file(dir.path().join("missing"), "e")).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Io);

        let request = MeetingRequest::new("X")
            .document(DocumentSource::from_url("https://d/a", "a.pdf", "e"))
            .document(DocumentSource::from_bytes("b.pdf", &b"abcdef"[..], "e"));
        let (step, e) = client.validate_meeting(&request).unwrap_err();
        assert_eq!(step, MeetingStep::ValidateDocument { index: 1 });
        assert!(e.to_string().contains("document 1: the document has 6 bytes"), "{e}");
        let (step, _) = client.validate_meeting(&MeetingRequest::new(" ")).unwrap_err();
        assert_eq!(step, MeetingStep::Validate);
        assert!(client.validate_meeting(&MeetingRequest::new("X")).is_ok());
    }
}
