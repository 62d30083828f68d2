//! Frozen value classes: attachments, meeting requests and results.

use pyo3::prelude::*;
use pyo3::types::{PyTuple, PyType};

/// Python `repr` of an optional string.
pub fn repr_opt(value: Option<&str>) -> String {
    match value {
        Some(v) => format!("{v:?}").replace('"', "'"),
        None => "None".to_owned(),
    }
}

fn repr_str(value: &str) -> String {
    repr_opt(Some(value))
}

/// A document of a meeting, as returned by `GetAttachments` (all nine members).
///
/// String members the service omitted are `None`; members it sent empty are `""`.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Attachment {
    /// `Id`: the document id.
    #[pyo3(get)]
    pub id: String,
    /// `Description`: usually the file name.
    #[pyo3(get)]
    pub description: Option<String>,
    /// `Url`: where the document can be downloaded.
    #[pyo3(get)]
    pub url: Option<String>,
    /// `Preview`: a preview URL, if the service offers one.
    #[pyo3(get)]
    pub preview: Option<String>,
    /// `Attach`: whether the document is attached to the meeting's upload action.
    #[pyo3(get)]
    pub attach: bool,
    /// `Size`: size as formatted by the service.
    #[pyo3(get)]
    pub size: Option<String>,
    /// `Date`: date as formatted by the service.
    #[pyo3(get)]
    pub date: Option<String>,
    /// `SignUrl`: where the document can be signed (empty when not signable).
    #[pyo3(get)]
    pub sign_url: Option<String>,
    /// `SignStatus`: signing state code (sandbox: 0 none, 1 awaiting signature, 2 signed).
    #[pyo3(get)]
    pub sign_status: i32,
}

impl Attachment {
    /// From the core type.
    pub fn from_core(a: idiligo::Attachment) -> Self {
        Attachment {
            id: a.id.into_string(),
            description: a.description,
            url: a.url,
            preview: a.preview,
            attach: a.attach,
            size: a.size,
            date: a.date,
            sign_url: a.sign_url,
            sign_status: a.sign_status,
        }
    }

    /// To the core type.
    pub fn to_core(&self) -> idiligo::Attachment {
        idiligo::Attachment {
            id: idiligo::DocumentId::new(self.id.clone()),
            description: self.description.clone(),
            url: self.url.clone(),
            preview: self.preview.clone(),
            attach: self.attach,
            size: self.size.clone(),
            date: self.date.clone(),
            sign_url: self.sign_url.clone(),
            sign_status: self.sign_status,
        }
    }
}

#[pymethods]
impl Attachment {
    /// Creates an attachment value (normally returned by `Client.get_attachments`).
    #[new]
    #[pyo3(signature = (id, description=None, url=None, preview=None, attach=false, size=None, date=None, sign_url=None, sign_status=0))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        id: String,
        description: Option<String>,
        url: Option<String>,
        preview: Option<String>,
        attach: bool,
        size: Option<String>,
        date: Option<String>,
        sign_url: Option<String>,
        sign_status: i32,
    ) -> Self {
        Attachment {
            id,
            description,
            url,
            preview,
            attach,
            size,
            date,
            sign_url,
            sign_status,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let a = slf.get();
        let args = (
            a.id.clone(),
            a.description.clone(),
            a.url.clone(),
            a.preview.clone(),
            a.attach,
            a.size.clone(),
            a.date.clone(),
            a.sign_url.clone(),
            a.sign_status,
        )
            .into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    /// `size` as a byte count, when the service wrote a plain non-negative integer.
    #[getter]
    fn size_bytes(&self) -> Option<u64> {
        self.size.as_deref().and_then(|s| s.trim().parse().ok())
    }

    /// Whether the document has been signed (`sign_status == 2`).
    #[getter]
    fn signed(&self) -> bool {
        self.sign_status == 2
    }

    fn __repr__(&self) -> String {
        format!(
            "Attachment(id={}, description={}, size={}, attach={}, sign_status={})",
            repr_str(&self.id),
            repr_opt(self.description.as_deref()),
            repr_opt(self.size.as_deref()),
            if self.attach { "True" } else { "False" },
            self.sign_status
        )
    }
}

/// The meeting participant to create in `Client.start_meeting`.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Participant {
    /// E-mail address (required).
    #[pyo3(get)]
    pub email: String,
    /// First name (may be empty).
    #[pyo3(get)]
    pub first_name: String,
    /// Last name (may be empty).
    #[pyo3(get)]
    pub last_name: String,
}

#[pymethods]
impl Participant {
    /// A participant with an e-mail address and optional names.
    #[new]
    #[pyo3(signature = (email, first_name="", last_name=""))]
    fn new(email: String, first_name: &str, last_name: &str) -> Self {
        Participant {
            email,
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let p = slf.get();
        let args = (p.email.clone(), p.first_name.clone(), p.last_name.clone()).into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    fn __repr__(&self) -> String {
        format!(
            "Participant(email={}, first_name={}, last_name={})",
            repr_str(&self.email),
            repr_str(&self.first_name),
            repr_str(&self.last_name)
        )
    }
}

/// A document the service should fetch (`AddDocumentFromUrl`) and bind to the meeting.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DocumentSource {
    /// Where the service downloads it from (must be reachable by the service).
    #[pyo3(get)]
    pub url: String,
    /// File name shown in the meeting.
    #[pyo3(get)]
    pub filename: String,
    /// Your key for the document (e.g. the CRM's document id).
    #[pyo3(get)]
    pub external_id: String,
}

#[pymethods]
impl DocumentSource {
    /// A document source.
    #[new]
    #[pyo3(signature = (url, filename, external_id=""))]
    fn new(url: String, filename: String, external_id: &str) -> Self {
        DocumentSource {
            url,
            filename,
            external_id: external_id.to_owned(),
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let d = slf.get();
        let args = (d.url.clone(), d.filename.clone(), d.external_id.clone()).into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    fn __repr__(&self) -> String {
        format!(
            "DocumentSource(url={}, filename={}, external_id={})",
            repr_str(&self.url),
            repr_str(&self.filename),
            repr_str(&self.external_id)
        )
    }
}

/// A document added to a meeting by `start_meeting`.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AddedDocument {
    /// The caller's external id.
    #[pyo3(get)]
    pub external_id: String,
    /// The service's document id.
    #[pyo3(get)]
    pub document_id: String,
    /// Whether it was bound to the upload action (`False` only in a `PartialMeeting`).
    #[pyo3(get)]
    pub bound: bool,
}

impl AddedDocument {
    fn from_core(d: &idiligo::AddedDocument) -> Self {
        AddedDocument {
            external_id: d.external_id.clone(),
            document_id: d.document_id.as_str().to_owned(),
            bound: d.bound,
        }
    }
}

#[pymethods]
impl AddedDocument {
    /// Creates a value (normally returned by `start_meeting`; useful for test doubles).
    #[new]
    #[pyo3(signature = (external_id, document_id, bound=true))]
    fn new(external_id: String, document_id: String, bound: bool) -> Self {
        AddedDocument {
            external_id,
            document_id,
            bound,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let d = slf.get();
        let args = (d.external_id.clone(), d.document_id.clone(), d.bound).into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    fn __repr__(&self) -> String {
        format!(
            "AddedDocument(external_id={}, document_id={}, bound={})",
            repr_str(&self.external_id),
            repr_str(&self.document_id),
            if self.bound { "True" } else { "False" }
        )
    }
}

fn extract_docs(documents: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<AddedDocument>> {
    let mut out = Vec::new();
    if let Some(docs) = documents {
        for d in docs.try_iter()? {
            out.push(d?.cast::<AddedDocument>()?.get().clone());
        }
    }
    Ok(out)
}

fn doc_tuple<'py>(py: Python<'py>, docs: &[AddedDocument]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, docs.iter().cloned())
}

/// A meeting set up by `Client.start_meeting`: every id and both URLs.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Meeting {
    /// The meeting id.
    #[pyo3(get)]
    pub call_id: String,
    /// The participant id, when a participant was given.
    #[pyo3(get)]
    pub contact_id: Option<String>,
    /// The public id (used in the participant link).
    #[pyo3(get)]
    pub public_id: String,
    /// Where the agent opens the meeting.
    #[pyo3(get)]
    pub agent_url: String,
    /// The participant link.
    #[pyo3(get)]
    pub participant_url: String,
    documents: Vec<AddedDocument>,
}

impl Meeting {
    /// From the core type.
    pub fn from_core(m: idiligo::Meeting) -> Self {
        Meeting {
            documents: m.documents.iter().map(AddedDocument::from_core).collect(),
            call_id: m.call_id.into_string(),
            contact_id: m.contact_id.map(|c| c.into_string()),
            public_id: m.public_id.into_string(),
            agent_url: m.agent_url,
            participant_url: m.participant_url,
        }
    }
}

#[pymethods]
impl Meeting {
    /// Creates a value (normally returned by `start_meeting`; useful for test doubles).
    #[new]
    #[pyo3(signature = (call_id, contact_id, public_id, agent_url, participant_url, documents=None))]
    fn new(
        call_id: String,
        contact_id: Option<String>,
        public_id: String,
        agent_url: String,
        participant_url: String,
        documents: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(Meeting {
            call_id,
            contact_id,
            public_id,
            agent_url,
            participant_url,
            documents: extract_docs(documents)?,
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let m = slf.get();
        let py = slf.py();
        let args = (
            m.call_id.clone(),
            m.contact_id.clone(),
            m.public_id.clone(),
            m.agent_url.clone(),
            m.participant_url.clone(),
            doc_tuple(py, &m.documents)?,
        )
            .into_pyobject(py)?;
        Ok((slf.get_type(), args))
    }

    /// Documents added, in request order.
    #[getter]
    fn documents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        doc_tuple(py, &self.documents)
    }

    fn __repr__(&self) -> String {
        format!(
            "Meeting(call_id={}, contact_id={}, public_id={}, documents={})",
            repr_str(&self.call_id),
            repr_opt(self.contact_id.as_deref()),
            repr_str(&self.public_id),
            self.documents.len()
        )
    }
}

/// What `start_meeting` created before a step failed (on `StartMeetingError.partial`).
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PartialMeeting {
    /// The participant id, if created.
    #[pyo3(get)]
    pub contact_id: Option<String>,
    /// The meeting id, if created.
    #[pyo3(get)]
    pub call_id: Option<String>,
    /// The public id, if fetched.
    #[pyo3(get)]
    pub public_id: Option<String>,
    /// Whether the participant was attached to the meeting.
    #[pyo3(get)]
    pub contact_attached: bool,
    /// Whether the values were written.
    #[pyo3(get)]
    pub values_set: bool,
    documents: Vec<AddedDocument>,
}

impl PartialMeeting {
    /// From the core type.
    pub fn from_core(p: &idiligo::PartialMeeting) -> Self {
        PartialMeeting {
            contact_id: p.contact_id.as_ref().map(|c| c.as_str().to_owned()),
            call_id: p.call_id.as_ref().map(|c| c.as_str().to_owned()),
            public_id: p.public_id.as_ref().map(|c| c.as_str().to_owned()),
            contact_attached: p.contact_attached,
            values_set: p.values_set,
            documents: p.documents.iter().map(AddedDocument::from_core).collect(),
        }
    }
}

#[pymethods]
impl PartialMeeting {
    /// Creates a value (normally found on `StartMeetingError.partial`).
    #[new]
    #[pyo3(signature = (contact_id=None, call_id=None, public_id=None, contact_attached=false, values_set=false, documents=None))]
    fn new(
        contact_id: Option<String>,
        call_id: Option<String>,
        public_id: Option<String>,
        contact_attached: bool,
        values_set: bool,
        documents: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(PartialMeeting {
            contact_id,
            call_id,
            public_id,
            contact_attached,
            values_set,
            documents: extract_docs(documents)?,
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let m = slf.get();
        let py = slf.py();
        let args = (
            m.contact_id.clone(),
            m.call_id.clone(),
            m.public_id.clone(),
            m.contact_attached,
            m.values_set,
            doc_tuple(py, &m.documents)?,
        )
            .into_pyobject(py)?;
        Ok((slf.get_type(), args))
    }

    /// Documents added so far (`bound` tells whether the binding succeeded).
    #[getter]
    fn documents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        doc_tuple(py, &self.documents)
    }

    fn __repr__(&self) -> String {
        format!(
            "PartialMeeting(contact_id={}, call_id={}, public_id={}, contact_attached={}, values_set={}, documents={})",
            repr_opt(self.contact_id.as_deref()),
            repr_opt(self.call_id.as_deref()),
            repr_opt(self.public_id.as_deref()),
            if self.contact_attached { "True" } else { "False" },
            if self.values_set { "True" } else { "False" },
            self.documents.len()
        )
    }
}

/// A document saved by `Client.download_all`.
#[pyclass(frozen, module = "idiligo")]
pub struct SavedFile {
    /// The attachment it came from.
    #[pyo3(get)]
    pub attachment: Py<Attachment>,
    /// Where it was written.
    #[pyo3(get)]
    pub path: std::path::PathBuf,
    /// Its size in bytes.
    #[pyo3(get)]
    pub bytes: u64,
}

#[pymethods]
impl SavedFile {
    fn __repr__(&self) -> String {
        format!(
            "SavedFile(path={}, bytes={})",
            repr_str(&self.path.display().to_string()),
            self.bytes
        )
    }
}
