//! Starting a meeting in one call.

use std::fmt;

use crate::client::Client;
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

/// A document the service should fetch and bind to the meeting's upload action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSource {
    /// Where the service downloads it from (must be reachable by the service).
    pub url: String,
    /// File name shown in the meeting.
    pub filename: String,
    /// Your key for the document (e.g. the CRM's document id).
    pub external_id: String,
}

impl DocumentSource {
    /// A document source.
    pub fn new(url: impl Into<String>, filename: impl Into<String>, external_id: impl Into<String>) -> Self {
        DocumentSource {
            url: url.into(),
            filename: filename.into(),
            external_id: external_id.into(),
        }
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
    /// Validating the request (nothing was sent).
    Validate,
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
    /// `SetDocumentToUploadAction` for `documents[index]`.
    BindDocument {
        /// Index into [`MeetingRequest::documents`].
        index: usize,
    },
    /// `GetAgentUrl`.
    GetAgentUrl,
}

impl MeetingStep {
    /// The operation this step runs (`None` for [`MeetingStep::Validate`]).
    pub fn operation(&self) -> Option<Op> {
        Some(match self {
            MeetingStep::Validate => return None,
            MeetingStep::CreateContact => Op::CreateContact,
            MeetingStep::CreateCall => Op::CreateCall,
            MeetingStep::SetContact => Op::SetContact,
            MeetingStep::GetPublicCallId => Op::GetPublicCallId,
            MeetingStep::SetValues => Op::SetValues,
            MeetingStep::AddDocument { .. } => Op::AddDocumentFromUrl,
            MeetingStep::BindDocument { .. } => Op::SetDocumentToUploadAction,
            MeetingStep::GetAgentUrl => Op::GetAgentUrl,
        })
    }

    /// The step's name: `"validate"`, or the name of the operation it runs
    /// (`"CreateCall"`, `"AddDocumentFromUrl"` …), without the document index.
    pub fn name(&self) -> &'static str {
        self.operation().map_or("validate", Op::name)
    }

    /// For the document steps, the index into [`MeetingRequest::documents`].
    pub fn document_index(&self) -> Option<usize> {
        match self {
            MeetingStep::AddDocument { index } | MeetingStep::BindDocument { index } => Some(*index),
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
}

impl Client {
    /// Starts a meeting in one call: CreateContact → CreateCall → SetContact →
    /// GetPublicCallId → SetValues → (AddDocumentFromUrl + SetDocumentToUploadAction) per
    /// document → GetAgentUrl.
    ///
    /// On failure the error is [`Error::Meeting`], naming the step and carrying a
    /// [`PartialMeeting`] with every id created so far, so the caller can resume or clean up.
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
        const OP: &str = "start_meeting";
        let mut partial = PartialMeeting::default();
        let fail = |step: MeetingStep, partial: &PartialMeeting, e: Error| Error::Meeting {
            step,
            partial: Box::new(partial.clone()),
            source: Box::new(e),
        };
        // Validate everything before creating anything.
        let validate = || -> Result<()> {
            require(OP, "script code", &request.script_code)?;
            if let Some(p) = &request.participant {
                require(OP, "participant email", &p.email)?;
            }
            for (k, _) in &request.values {
                require(OP, "value name", k)?;
            }
            for d in &request.documents {
                require(OP, "document url", &d.url)?;
                require(OP, "document filename", &d.filename)?;
            }
            Ok(())
        };
        validate().map_err(|e| fail(MeetingStep::Validate, &partial, e))?;

        if let Some(p) = &request.participant {
            let id = self
                .create_contact(&p.email, &p.first_name, &p.last_name)
                .map_err(|e| fail(MeetingStep::CreateContact, &partial, e))?;
            partial.contact_id = Some(id);
        }
        let call = self
            .create_call(&request.script_code)
            .map_err(|e| fail(MeetingStep::CreateCall, &partial, e))?;
        log::info!("start_meeting: created call {call}");
        partial.call_id = Some(call.clone());
        if let Some(contact) = partial.contact_id.clone() {
            self.set_contact(&call, &contact)
                .map_err(|e| fail(MeetingStep::SetContact, &partial, e))?;
            partial.contact_attached = true;
        }
        let public_id = self
            .get_public_call_id(&call)
            .map_err(|e| fail(MeetingStep::GetPublicCallId, &partial, e))?;
        partial.public_id = Some(public_id.clone());
        if !request.values.is_empty() {
            self.set_values(&public_id, request.values.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .map_err(|e| fail(MeetingStep::SetValues, &partial, e))?;
        }
        partial.values_set = true;
        for (index, d) in request.documents.iter().enumerate() {
            let doc = self
                .add_document_from_url(&d.url, &d.filename, &d.external_id)
                .map_err(|e| fail(MeetingStep::AddDocument { index }, &partial, e))?;
            partial.documents.push(AddedDocument {
                external_id: d.external_id.clone(),
                document_id: doc.clone(),
                bound: false,
            });
            self.set_document_to_upload_action(&call, &d.external_id, &doc)
                .map_err(|e| fail(MeetingStep::BindDocument { index }, &partial, e))?;
            if let Some(last) = partial.documents.last_mut() {
                last.bound = true;
            }
        }
        let agent_url = self
            .get_agent_url(&call, request.return_url.as_deref())
            .map_err(|e| fail(MeetingStep::GetAgentUrl, &partial, e))?;
        let participant_url = self
            .participant_url(&public_id)
            .map_err(|e| fail(MeetingStep::GetPublicCallId, &partial, e))?;
        Ok(Meeting {
            call_id: call,
            contact_id: partial.contact_id,
            public_id,
            documents: partial.documents,
            agent_url,
            participant_url,
        })
    }
}
