//! Frozen value classes: attachments, meeting requests and results.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView, PyTuple, PyType};

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

/// What a [`DocumentSource`] uploads (`None` on the source: the service fetches its URL).
#[derive(Clone, PartialEq, Eq, Hash)]
enum SourceUpload {
    /// These bytes (shared: a copy of the source or of the request does not copy them).
    Bytes(Arc<[u8]>),
    /// The file at this path, read when the document is uploaded.
    File(PathBuf),
}

/// A document for `Client.start_meeting` to add and bind to the meeting's upload action
/// under `external_id`: one the service fetches from a URL (`DocumentSource(url, filename,
/// external_id)`, `DocumentSource.from_url`: `AddDocumentFromUrl`), or one uploaded from
/// bytes or a file (`DocumentSource.from_bytes`, `DocumentSource.from_file`:
/// `AddDocumentFromBytesEx` over SOAP, streamed). `kind` tells which.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DocumentSource {
    /// Where the service downloads it from (must be reachable by the service); `""` for an
    /// upload.
    #[pyo3(get)]
    pub url: String,
    /// File name shown in the meeting.
    #[pyo3(get)]
    pub filename: String,
    /// Your key for the document (e.g. the CRM's document id).
    #[pyo3(get)]
    pub external_id: String,
    upload: Option<SourceUpload>,
}

impl DocumentSource {
    /// The core's source (the bytes are shared, not copied).
    pub fn to_core(&self) -> idiligo::DocumentSource {
        match &self.upload {
            None => idiligo::DocumentSource::from_url(&self.url, &self.filename, &self.external_id),
            Some(SourceUpload::Bytes(b)) => {
                idiligo::DocumentSource::from_bytes(&self.filename, b.clone(), &self.external_id)
            }
            Some(SourceUpload::File(p)) => {
                idiligo::DocumentSource::from_file(p.clone(), &self.external_id).filename(&self.filename)
            }
        }
    }
}

/// The bytes of a `bytes`, `bytearray` or `memoryview` (a `str` or anything else is refused
/// with `TypeError`: a document is binary).
pub fn binary_data(data: &Bound<'_, PyAny>, what: &str) -> PyResult<Arc<[u8]>> {
    if let Ok(b) = data.cast::<PyBytes>() {
        return Ok(Arc::from(b.as_bytes()));
    }
    if let Ok(b) = data.cast::<PyByteArray>() {
        return Ok(b.to_vec().into());
    }
    if let Ok(m) = data.cast::<PyMemoryView>() {
        return Ok(Arc::from(m.call_method0("tobytes")?.cast::<PyBytes>()?.as_bytes()));
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be bytes, bytearray or memoryview, not {}",
        data.get_type().name()?
    )))
}

#[pymethods]
impl DocumentSource {
    /// A document the service fetches from `url` (the same as `DocumentSource.from_url`).
    #[new]
    #[pyo3(signature = (url, filename, external_id=""))]
    fn new(url: String, filename: String, external_id: &str) -> Self {
        DocumentSource {
            url,
            filename,
            external_id: external_id.to_owned(),
            upload: None,
        }
    }

    /// A document the service fetches from `url` (`AddDocumentFromUrl`) and stores as
    /// `filename`.
    #[classmethod]
    #[pyo3(signature = (url, filename, external_id=""))]
    fn from_url(_cls: &Bound<'_, PyType>, url: String, filename: String, external_id: &str) -> Self {
        DocumentSource::new(url, filename, external_id)
    }

    /// A document uploaded from `data` (`bytes`, `bytearray` or `memoryview`, copied once
    /// here) as `filename`.
    #[classmethod]
    #[pyo3(signature = (filename, data, external_id=""))]
    fn from_bytes(
        _cls: &Bound<'_, PyType>,
        filename: String,
        data: &Bound<'_, PyAny>,
        external_id: &str,
    ) -> PyResult<Self> {
        let bytes = binary_data(data, "data")?;
        Ok(DocumentSource {
            url: String::new(),
            filename,
            external_id: external_id.to_owned(),
            upload: Some(SourceUpload::Bytes(bytes)),
        })
    }

    /// A document uploaded from the file at `path` (`str` or `os.PathLike`), named as the
    /// path's file name unless `filename` is given. `start_meeting` checks the file (it must
    /// exist and be a file within the size cap) before it creates anything, and reads it when
    /// it uploads it.
    #[classmethod]
    #[pyo3(signature = (path, external_id="", filename=None))]
    fn from_file(_cls: &Bound<'_, PyType>, path: PathBuf, external_id: &str, filename: Option<String>) -> Self {
        let core = idiligo::DocumentSource::from_file(path.clone(), external_id);
        DocumentSource {
            url: String::new(),
            filename: filename.unwrap_or(core.filename),
            external_id: external_id.to_owned(),
            upload: Some(SourceUpload::File(path)),
        }
    }

    /// `"url"` (the service fetches `url`), `"bytes"` (uploaded from `data`) or `"file"`
    /// (uploaded from `path`).
    #[getter]
    fn kind(&self) -> &'static str {
        match self.upload {
            None => "url",
            Some(SourceUpload::Bytes(_)) => "bytes",
            Some(SourceUpload::File(_)) => "file",
        }
    }

    /// The bytes to upload (a copy), for a source made by `from_bytes`; otherwise `None`.
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        match &self.upload {
            Some(SourceUpload::Bytes(b)) => Some(PyBytes::new(py, b)),
            _ => None,
        }
    }

    /// The file to upload (a `pathlib.Path`), for a source made by `from_file`; otherwise
    /// `None`.
    #[getter]
    fn path(&self) -> Option<PathBuf> {
        match &self.upload {
            Some(SourceUpload::File(p)) => Some(p.clone()),
            _ => None,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let d = slf.get();
        let py = slf.py();
        let cls = slf.get_type();
        Ok(match &d.upload {
            None => (
                cls.into_any(),
                (d.url.clone(), d.filename.clone(), d.external_id.clone()).into_pyobject(py)?,
            ),
            Some(SourceUpload::Bytes(b)) => (
                cls.getattr("from_bytes")?,
                (d.filename.clone(), PyBytes::new(py, b), d.external_id.clone()).into_pyobject(py)?,
            ),
            Some(SourceUpload::File(p)) => (
                cls.getattr("from_file")?,
                (p.clone(), d.external_id.clone(), d.filename.clone()).into_pyobject(py)?,
            ),
        })
    }

    fn __repr__(&self) -> String {
        let what = match &self.upload {
            None => format!("url={}", repr_str(&self.url)),
            Some(SourceUpload::Bytes(b)) => format!("data=<{} bytes>", b.len()),
            Some(SourceUpload::File(p)) => format!("path={}", repr_str(&p.display().to_string())),
        };
        format!(
            "DocumentSource({what}, filename={}, external_id={})",
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
    /// What the clean-up removed and kept (`start_meeting(..., cleanup_on_failure=True)` after
    /// something was created); `None` when no clean-up ran. The ids above stay either way.
    #[pyo3(get)]
    pub cleanup: Option<CleanupReport>,
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
            cleanup: p.cleanup.as_ref().map(CleanupReport::from_core),
        }
    }
}

#[pymethods]
impl PartialMeeting {
    /// Creates a value (normally found on `StartMeetingError.partial`).
    #[new]
    #[pyo3(signature = (contact_id=None, call_id=None, public_id=None, contact_attached=false, values_set=false, documents=None, cleanup=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        contact_id: Option<String>,
        call_id: Option<String>,
        public_id: Option<String>,
        contact_attached: bool,
        values_set: bool,
        documents: Option<&Bound<'_, PyAny>>,
        cleanup: Option<CleanupReport>,
    ) -> PyResult<Self> {
        Ok(PartialMeeting {
            contact_id,
            call_id,
            public_id,
            contact_attached,
            values_set,
            documents: extract_docs(documents)?,
            cleanup,
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
            m.cleanup.clone(),
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
            "PartialMeeting(contact_id={}, call_id={}, public_id={}, contact_attached={}, values_set={}, documents={}{})",
            repr_opt(self.contact_id.as_deref()),
            repr_opt(self.call_id.as_deref()),
            repr_opt(self.public_id.as_deref()),
            if self.contact_attached { "True" } else { "False" },
            if self.values_set { "True" } else { "False" },
            self.documents.len(),
            match &self.cleanup {
                Some(c) => format!(", cleanup={}", c.__repr__()),
                None => String::new(),
            }
        )
    }
}

/// Something `start_meeting` created: `kind` is `"contact"`, `"call"` or `"document"`, `id`
/// its id.
#[pyclass(frozen, eq, hash, from_py_object, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CreatedItem {
    /// `"contact"` (`CreateContact`), `"call"` (`CreateCall`) or `"document"` (a stored
    /// document).
    #[pyo3(get)]
    pub kind: &'static str,
    /// Its id.
    #[pyo3(get)]
    pub id: String,
}

impl CreatedItem {
    fn from_core(item: &idiligo::CreatedItem) -> Self {
        let (kind, id) = match item {
            idiligo::CreatedItem::Contact(c) => ("contact", c.as_str().to_owned()),
            idiligo::CreatedItem::Call(c) => ("call", c.as_str().to_owned()),
            idiligo::CreatedItem::Document(d) => ("document", d.as_str().to_owned()),
            // A kind this package does not know yet: still named (by the core), never dropped.
            other => ("other", other.to_string()),
        };
        CreatedItem { kind, id }
    }

    fn to_core(&self) -> Option<idiligo::CreatedItem> {
        Some(match self.kind {
            "contact" => idiligo::CreatedItem::Contact(idiligo::ContactId::new(self.id.clone())),
            "call" => idiligo::CreatedItem::Call(idiligo::CallId::new(self.id.clone())),
            "document" => idiligo::CreatedItem::Document(idiligo::DocumentId::new(self.id.clone())),
            _ => return None,
        })
    }
}

#[pymethods]
impl CreatedItem {
    /// Creates a value (normally found in `CleanupReport.not_removed`).
    #[new]
    fn new(kind: &str, id: String) -> PyResult<Self> {
        let kind = match kind {
            "contact" => "contact",
            "call" => "call",
            "document" => "document",
            other => {
                return Err(PyValueError::new_err(format!(
                    "kind must be \"contact\", \"call\" or \"document\", not {other:?}"
                )))
            }
        };
        Ok(CreatedItem { kind, id })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let c = slf.get();
        let args = (c.kind, c.id.clone()).into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    fn __str__(&self) -> String {
        match self.to_core() {
            Some(c) => c.to_string(),
            None => self.id.clone(),
        }
    }

    fn __repr__(&self) -> String {
        format!("CreatedItem({}, {})", repr_str(self.kind), repr_str(&self.id))
    }
}

/// What the clean-up after a failed `start_meeting(..., cleanup_on_failure=True)` did (on
/// `StartMeetingError.partial.cleanup`): the documents deleted, the call ended, and what stayed
/// with the reason (a contact always stays: the service cannot delete one). `str()` gives the
/// core's one-line summary.
#[pyclass(frozen, eq, hash, from_py_object, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CleanupReport {
    deleted_documents: Vec<String>,
    /// The call ended with `EndCall`, if one was created and ending it worked.
    #[pyo3(get)]
    pub ended_call: Option<String>,
    not_removed: Vec<(CreatedItem, String)>,
}

impl CleanupReport {
    /// From the core type.
    pub fn from_core(r: &idiligo::CleanupReport) -> Self {
        CleanupReport {
            deleted_documents: r.deleted_documents.iter().map(|d| d.as_str().to_owned()).collect(),
            ended_call: r.ended_call.as_ref().map(|c| c.as_str().to_owned()),
            not_removed: r
                .not_removed
                .iter()
                .map(|(item, why)| (CreatedItem::from_core(item), why.clone()))
                .collect(),
        }
    }
}

#[pymethods]
impl CleanupReport {
    /// Creates a value (normally found on `StartMeetingError.partial.cleanup`).
    #[new]
    #[pyo3(signature = (deleted_documents=None, ended_call=None, not_removed=None))]
    fn new(
        deleted_documents: Option<Vec<String>>,
        ended_call: Option<String>,
        not_removed: Option<Vec<(CreatedItem, String)>>,
    ) -> Self {
        CleanupReport {
            deleted_documents: deleted_documents.unwrap_or_default(),
            ended_call,
            not_removed: not_removed.unwrap_or_default(),
        }
    }

    /// The ids of the documents deleted (`DeleteDocument` answered true), in the order they
    /// were created.
    #[getter]
    fn deleted_documents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.deleted_documents.iter())
    }

    /// What stayed, as `(CreatedItem, reason)` pairs: a contact (the service cannot delete
    /// one), a document `DeleteDocument` failed for or did not know, a call `EndCall` failed
    /// for.
    #[getter]
    fn not_removed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.not_removed.iter().cloned())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let r = slf.get();
        let args =
            (r.deleted_documents.clone(), r.ended_call.clone(), r.not_removed.clone()).into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    fn __str__(&self) -> String {
        let core = idiligo::CleanupReport {
            deleted_documents: self
                .deleted_documents
                .iter()
                .map(|d| idiligo::DocumentId::new(d.clone()))
                .collect(),
            ended_call: self.ended_call.as_ref().map(|c| idiligo::CallId::new(c.clone())),
            not_removed: self
                .not_removed
                .iter()
                .filter_map(|(item, why)| item.to_core().map(|c| (c, why.clone())))
                .collect(),
        };
        let mut text = core.to_string();
        // An item of a kind the core named but this package does not know (never dropped).
        for (item, why) in self.not_removed.iter().filter(|(i, _)| i.to_core().is_none()) {
            text.push_str(&format!("; kept {}: {why}", item.id));
        }
        text
    }

    fn __repr__(&self) -> String {
        format!(
            "CleanupReport(deleted_documents={:?}, ended_call={}, not_removed={})",
            self.deleted_documents,
            repr_opt(self.ended_call.as_deref()),
            self.not_removed.len()
        )
        .replace('"', "'")
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

/// What happened to one attachment in `Client.download_all_report`.
#[pyclass(frozen, module = "idiligo")]
pub struct DownloadOutcome {
    /// The attachment.
    #[pyo3(get)]
    pub attachment: Py<Attachment>,
    /// `"saved"` (downloaded now), `"already_present"` (resume: saved before, file
    /// unchanged), `"no_url"` (skipped), `"failed"` (see `error`) or `"not_attempted"` (the run
    /// stopped before it).
    #[pyo3(get)]
    pub outcome: &'static str,
    /// The file, when it is on disk (`"saved"`, `"already_present"`); otherwise `None`.
    #[pyo3(get)]
    pub path: Option<std::path::PathBuf>,
    /// The file's size in bytes, when it is on disk; otherwise `None`.
    #[pyo3(get)]
    pub bytes: Option<u64>,
    /// The exception (an `IdiligoError`) of a `"failed"` attachment; otherwise `None`.
    #[pyo3(get)]
    pub error: Option<Py<PyAny>>,
}

#[pymethods]
impl DownloadOutcome {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "DownloadOutcome(id={}, outcome={}, path={})",
            repr_str(self.attachment.get().id.as_str()),
            repr_str(self.outcome),
            self.path
                .as_ref()
                .map_or("None".to_owned(), |p| repr_str(&p.display().to_string())),
        ) + &self.error.as_ref().map_or(String::new(), |e| {
            e.bind(py).repr().map(|r| format!(" error={r}")).unwrap_or_default()
        })
    }
}

/// The result of `Client.download_all_report`: one outcome per attachment, in list order.
#[pyclass(frozen, module = "idiligo")]
pub struct DownloadReport {
    /// One entry per attachment, in the order of the meeting's list.
    #[pyo3(get)]
    pub outcomes: Vec<Py<DownloadOutcome>>,
    /// Whether every attachment with a URL is on disk (saved now or before) and the
    /// manifest, if any, was written.
    #[pyo3(get)]
    pub complete: bool,
    /// Resume mode: the first failure to write the manifest (an `IdiligoError`), or `None`.
    #[pyo3(get)]
    pub manifest_error: Option<Py<PyAny>>,
}

#[pymethods]
impl DownloadReport {
    fn __repr__(&self) -> String {
        let kinds: Vec<&str> = self.outcomes.iter().map(|o| o.get().outcome).collect();
        format!(
            "DownloadReport(outcomes={kinds:?}, complete={})",
            if self.complete { "True" } else { "False" }
        )
    }
}

/// One name/value pair of a meeting, as `GetCallValues` answers it. A member the service
/// omitted is `None`, one it sent empty is `""`.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NameValue {
    /// `Name`: the field's name.
    #[pyo3(get)]
    pub name: Option<String>,
    /// `Value`: its value.
    #[pyo3(get)]
    pub value: Option<String>,
}

impl NameValue {
    /// From the core type.
    pub fn from_core(nv: idiligo::NameValue) -> Self {
        NameValue {
            name: nv.name,
            value: nv.value,
        }
    }
}

#[pymethods]
impl NameValue {
    /// Creates a pair (normally returned by `Client.get_call_values`).
    #[new]
    #[pyo3(signature = (name=None, value=None))]
    fn new(name: Option<String>, value: Option<String>) -> Self {
        NameValue { name, value }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let v = slf.get();
        let args = (v.name.clone(), v.value.clone()).into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    fn __repr__(&self) -> String {
        format!(
            "NameValue(name={}, value={})",
            repr_opt(self.name.as_deref()),
            repr_opt(self.value.as_deref())
        )
    }
}

/// What a meeting produced, as `Client.meeting_results` returns it: its values
/// (`GetCallValues`) and its documents (`GetAttachments`).
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MeetingResults {
    values: Vec<NameValue>,
    attachments: Vec<Attachment>,
}

impl MeetingResults {
    /// From the core type.
    pub fn from_core(r: idiligo::MeetingResults) -> Self {
        MeetingResults {
            values: r.values.into_iter().map(NameValue::from_core).collect(),
            attachments: r.attachments.into_iter().map(Attachment::from_core).collect(),
        }
    }
}

#[pymethods]
impl MeetingResults {
    /// Creates a value (normally returned by `Client.meeting_results`).
    #[new]
    #[pyo3(signature = (values=None, attachments=None))]
    fn new(values: Option<&Bound<'_, PyAny>>, attachments: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let mut v = Vec::new();
        if let Some(values) = values {
            for item in values.try_iter()? {
                v.push(item?.cast::<NameValue>()?.get().clone());
            }
        }
        let mut a = Vec::new();
        if let Some(attachments) = attachments {
            for item in attachments.try_iter()? {
                a.push(item?.cast::<Attachment>()?.get().clone());
            }
        }
        Ok(MeetingResults {
            values: v,
            attachments: a,
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let r = slf.get();
        let py = slf.py();
        let args = (
            PyTuple::new(py, r.values.iter().cloned())?,
            PyTuple::new(py, r.attachments.iter().cloned())?,
        )
            .into_pyobject(py)?;
        Ok((slf.get_type(), args))
    }

    /// The meeting's values, in the order they were first written.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.values.iter().cloned())
    }

    /// The meeting's documents: bound, uploaded, generated and signed.
    #[getter]
    fn attachments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.attachments.iter().cloned())
    }

    /// The value of the first pair named `name` (compared exactly), or `None`.
    fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|v| v.name.as_deref() == Some(name))
            .and_then(|v| v.value.clone())
    }

    fn __repr__(&self) -> String {
        format!(
            "MeetingResults(values={}, attachments={})",
            self.values.len(),
            self.attachments.len()
        )
    }
}

/// A parameter of an operation of the table, in wire order.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Param {
    /// The wire name (`"callId"`).
    #[pyo3(get)]
    pub name: &'static str,
    /// The XSD type: `"string"`, `"long"` (every id), `"int"`, `"boolean"`, `"float"`,
    /// `"decimal"`, `"base64Binary"` or a complex type of the WSDL (`"ArrayOfString"` …).
    #[pyo3(get, name = "type")]
    pub xsd: &'static str,
    /// Whether the value is a secret (API key, password, ticket, token).
    #[pyo3(get)]
    pub secret: bool,
    /// Whether it is a list (give `Client.call` a sequence of strings for it).
    #[pyo3(get)]
    pub is_array: bool,
}

#[pymethods]
impl Param {
    fn __repr__(&self) -> String {
        format!("Param(name='{}', type='{}')", self.name, self.xsd)
    }
}

/// One operation of the table (`idiligo.operations()`): the same table the Rust core, the C
/// library and the C# wrapper follow.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The wire name, as `Client.call` takes it.
    #[pyo3(get)]
    pub name: &'static str,
    /// The name of its typed method (`Client.get_call_values`), or `None` when it is reached
    /// through `Client.call` only.
    #[pyo3(get)]
    pub typed: Option<&'static str>,
    /// What it does, in one sentence.
    #[pyo3(get)]
    pub summary: &'static str,
    /// `"read"`, `"write"` or `"create"`: decides whether a failed attempt is repeated.
    #[pyo3(get)]
    pub effect: &'static str,
    /// Whether its first parameter is the session token (the client supplies it).
    #[pyo3(get)]
    pub takes_token: bool,
    /// The XSD type of the answer (the XML root element over HTTP), `None` for void.
    #[pyo3(get)]
    pub answer_type: Option<&'static str>,
    bindings: Vec<&'static str>,
    params: Vec<Param>,
}

impl Operation {
    /// From a row of the core's table.
    pub fn from_core(o: &'static idiligo::ops::Operation) -> Self {
        use idiligo::ops::{Answer, Effect};
        let mut bindings = Vec::new();
        if o.bindings.soap {
            bindings.push("soap");
        }
        if o.bindings.get {
            bindings.push("get");
        }
        if o.bindings.post {
            bindings.push("post");
        }
        Operation {
            name: o.name,
            typed: o.typed,
            summary: o.summary,
            effect: match o.effect {
                Effect::Read => "read",
                Effect::Write => "write",
                // An effect added later is treated like the strictest.
                _ => "create",
            },
            takes_token: o.takes_token(),
            answer_type: match o.answer {
                Answer::Void => None,
                Answer::Value(x) => Some(x.name()),
            },
            bindings,
            params: o
                .params
                .iter()
                .map(|p| Param {
                    name: p.name,
                    xsd: p.xsd.name(),
                    secret: p.secret,
                    is_array: p.xsd.is_array(),
                })
                .collect(),
        }
    }
}

#[pymethods]
impl Operation {
    /// The bindings it is offered on: some of `"soap"`, `"get"`, `"post"`.
    #[getter]
    fn bindings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.bindings.iter().copied())
    }

    /// Every parameter in wire order, the session token included.
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.params.iter().cloned())
    }

    fn __repr__(&self) -> String {
        format!(
            "Operation(name='{}', typed={}, effect='{}')",
            self.name,
            repr_opt(self.typed),
            self.effect
        )
    }
}
/// The data of a meeting, as `GetCall` and `GetCallByPublicId` answer it: every member of the
/// service's `CallDTO` (snake_case names), and in `extra` the elements the 2016 `CallDTO` does
/// not declare, as `(name, text)` pairs in document order, so nothing the service sent is lost.
///
/// String members the service omitted are `None`, members it sent empty are `""`; numbers and
/// booleans it omitted are 0 and `False`.
#[pyclass(frozen, eq, hash, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CallRecord {
    /// `callId`: the meeting id.
    #[pyo3(get)]
    pub call_id: Option<String>,
    /// `publicId`: the public id, used in the participant link.
    #[pyo3(get)]
    pub public_id: Option<String>,
    /// `accountNumber`: the account the meeting belongs to.
    #[pyo3(get)]
    pub account_number: i32,
    /// `eventCount`: how many events the meeting has had.
    #[pyo3(get)]
    pub event_count: i64,
    /// `serverId`: the server that hosts the meeting.
    #[pyo3(get)]
    pub server_id: i32,
    /// `username`: the agent's user name.
    #[pyo3(get)]
    pub username: Option<String>,
    /// `isAgent`: whether the session is the agent's.
    #[pyo3(get)]
    pub is_agent: bool,
    /// `language`: the meeting's language code.
    #[pyo3(get)]
    pub language: Option<String>,
    /// `comment`: the comment set with `SetComment`.
    #[pyo3(get)]
    pub comment: Option<String>,
    /// `contactEmail`: the e-mail address of the attached participant.
    #[pyo3(get)]
    pub contact_email: Option<String>,
    /// `viewerWrap`: the viewer's wrap mode.
    #[pyo3(get)]
    pub viewer_wrap: Option<String>,
    /// `SC_UseJpeg`: screen sharing sends JPEG images.
    #[pyo3(get)]
    pub sc_use_jpeg: bool,
    /// `SC_JpegQuality`: screen-sharing JPEG quality.
    #[pyo3(get)]
    pub sc_jpeg_quality: Option<String>,
    /// `SC_Scale`: screen-sharing scale.
    #[pyo3(get)]
    pub sc_scale: Option<String>,
    /// `SC_ProxyServer`: screen-sharing proxy server.
    #[pyo3(get)]
    pub sc_proxy_server: Option<String>,
    /// `SC_ProxyPort`: screen-sharing proxy port.
    #[pyo3(get)]
    pub sc_proxy_port: Option<String>,
    /// `showBrowseHeight`: co-browsing frame height.
    #[pyo3(get)]
    pub show_browse_height: i32,
    /// `showBrowseWidth`: co-browsing frame width.
    #[pyo3(get)]
    pub show_browse_width: i32,
    /// `rtmpt`: media tunnelled over RTMPT.
    #[pyo3(get)]
    pub rtmpt: bool,
    /// `webcamQuality`: webcam quality.
    #[pyo3(get)]
    pub webcam_quality: i32,
    /// `webcamBitrate`: webcam bitrate.
    #[pyo3(get)]
    pub webcam_bitrate: i32,
    /// `webcamFramerate`: webcam framerate.
    #[pyo3(get)]
    pub webcam_framerate: i32,
    /// `microphoneDefaultEnabled`: microphone default enabled.
    #[pyo3(get)]
    pub microphone_default_enabled: bool,
    /// `microphoneVolume`: microphone volume.
    #[pyo3(get)]
    pub microphone_volume: i32,
    /// `microphoneQuality`: microphone quality.
    #[pyo3(get)]
    pub microphone_quality: i32,
    /// `microphoneFramerate`: microphone framerate.
    #[pyo3(get)]
    pub microphone_framerate: i32,
    /// `microphoneEchoSuppression`: microphone echo suppression.
    #[pyo3(get)]
    pub microphone_echo_suppression: bool,
    /// `useWebRtc`: the meeting uses WebRTC.
    #[pyo3(get)]
    pub use_web_rtc: bool,
    /// `showInvite`: the invitation is shown.
    #[pyo3(get)]
    pub show_invite: bool,
    /// `backgroundColor`: the meeting's background colour.
    #[pyo3(get)]
    pub background_color: Option<String>,
    /// `nodeCount`: the number of steps of the meeting's script.
    #[pyo3(get)]
    pub node_count: i32,
    /// `hasAccountLogo`: the account has a logo.
    #[pyo3(get)]
    pub has_account_logo: bool,
    /// `ownerAccountNumber`: the account that owns the meeting.
    #[pyo3(get)]
    pub owner_account_number: i32,
    /// `useChatUsername`: chat messages show the user name.
    #[pyo3(get)]
    pub use_chat_username: bool,
    /// `subscriberCode`: the subscriber code.
    #[pyo3(get)]
    pub subscriber_code: Option<String>,
    /// `subscriberCount`: the number of subscribers.
    #[pyo3(get)]
    pub subscriber_count: i32,
    /// `clientReady`: the participant's client is ready.
    #[pyo3(get)]
    pub client_ready: bool,
    extra: Vec<(String, String)>,
}

impl CallRecord {
    /// From the core type.
    pub fn from_core(r: idiligo::CallRecord) -> Self {
        CallRecord {
            call_id: r.call_id.map(|i| i.into_string()),
            public_id: r.public_id.map(|i| i.into_string()),
            account_number: r.account_number,
            event_count: r.event_count,
            server_id: r.server_id,
            username: r.username,
            is_agent: r.is_agent,
            language: r.language,
            comment: r.comment,
            contact_email: r.contact_email,
            viewer_wrap: r.viewer_wrap,
            sc_use_jpeg: r.sc_use_jpeg,
            sc_jpeg_quality: r.sc_jpeg_quality,
            sc_scale: r.sc_scale,
            sc_proxy_server: r.sc_proxy_server,
            sc_proxy_port: r.sc_proxy_port,
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
            background_color: r.background_color,
            node_count: r.node_count,
            has_account_logo: r.has_account_logo,
            owner_account_number: r.owner_account_number,
            use_chat_username: r.use_chat_username,
            subscriber_code: r.subscriber_code,
            subscriber_count: r.subscriber_count,
            client_ready: r.client_ready,
            extra: r.extra,
        }
    }
}

#[pymethods]
impl CallRecord {
    /// Creates a value (normally returned by `Client.get_call`; useful for test doubles).
    #[new]
    #[pyo3(signature = (*, call_id=None, public_id=None, account_number=0, event_count=0, server_id=0, username=None, is_agent=false, language=None, comment=None, contact_email=None, viewer_wrap=None, sc_use_jpeg=false, sc_jpeg_quality=None, sc_scale=None, sc_proxy_server=None, sc_proxy_port=None, show_browse_height=0, show_browse_width=0, rtmpt=false, webcam_quality=0, webcam_bitrate=0, webcam_framerate=0, microphone_default_enabled=false, microphone_volume=0, microphone_quality=0, microphone_framerate=0, microphone_echo_suppression=false, use_web_rtc=false, show_invite=false, background_color=None, node_count=0, has_account_logo=false, owner_account_number=0, use_chat_username=false, subscriber_code=None, subscriber_count=0, client_ready=false, extra=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        call_id: Option<String>,
        public_id: Option<String>,
        account_number: i32,
        event_count: i64,
        server_id: i32,
        username: Option<String>,
        is_agent: bool,
        language: Option<String>,
        comment: Option<String>,
        contact_email: Option<String>,
        viewer_wrap: Option<String>,
        sc_use_jpeg: bool,
        sc_jpeg_quality: Option<String>,
        sc_scale: Option<String>,
        sc_proxy_server: Option<String>,
        sc_proxy_port: Option<String>,
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
        background_color: Option<String>,
        node_count: i32,
        has_account_logo: bool,
        owner_account_number: i32,
        use_chat_username: bool,
        subscriber_code: Option<String>,
        subscriber_count: i32,
        client_ready: bool,
        extra: Option<Vec<(String, String)>>,
    ) -> Self {
        CallRecord {
            call_id,
            public_id,
            account_number,
            event_count,
            server_id,
            username,
            is_agent,
            language,
            comment,
            contact_email,
            viewer_wrap,
            sc_use_jpeg,
            sc_jpeg_quality,
            sc_scale,
            sc_proxy_server,
            sc_proxy_port,
            show_browse_height,
            show_browse_width,
            rtmpt,
            webcam_quality,
            webcam_bitrate,
            webcam_framerate,
            microphone_default_enabled,
            microphone_volume,
            microphone_quality,
            microphone_framerate,
            microphone_echo_suppression,
            use_web_rtc,
            show_invite,
            background_color,
            node_count,
            has_account_logo,
            owner_account_number,
            use_chat_username,
            subscriber_code,
            subscriber_count,
            client_ready,
            extra: extra.unwrap_or_default(),
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        // Keyword-only constructor: rebuild through functools.partial(CallRecord, **members).
        let py = slf.py();
        let r = slf.get();
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("call_id", r.call_id.clone())?;
        kwargs.set_item("public_id", r.public_id.clone())?;
        kwargs.set_item("account_number", r.account_number)?;
        kwargs.set_item("event_count", r.event_count)?;
        kwargs.set_item("server_id", r.server_id)?;
        kwargs.set_item("username", r.username.clone())?;
        kwargs.set_item("is_agent", r.is_agent)?;
        kwargs.set_item("language", r.language.clone())?;
        kwargs.set_item("comment", r.comment.clone())?;
        kwargs.set_item("contact_email", r.contact_email.clone())?;
        kwargs.set_item("viewer_wrap", r.viewer_wrap.clone())?;
        kwargs.set_item("sc_use_jpeg", r.sc_use_jpeg)?;
        kwargs.set_item("sc_jpeg_quality", r.sc_jpeg_quality.clone())?;
        kwargs.set_item("sc_scale", r.sc_scale.clone())?;
        kwargs.set_item("sc_proxy_server", r.sc_proxy_server.clone())?;
        kwargs.set_item("sc_proxy_port", r.sc_proxy_port.clone())?;
        kwargs.set_item("show_browse_height", r.show_browse_height)?;
        kwargs.set_item("show_browse_width", r.show_browse_width)?;
        kwargs.set_item("rtmpt", r.rtmpt)?;
        kwargs.set_item("webcam_quality", r.webcam_quality)?;
        kwargs.set_item("webcam_bitrate", r.webcam_bitrate)?;
        kwargs.set_item("webcam_framerate", r.webcam_framerate)?;
        kwargs.set_item("microphone_default_enabled", r.microphone_default_enabled)?;
        kwargs.set_item("microphone_volume", r.microphone_volume)?;
        kwargs.set_item("microphone_quality", r.microphone_quality)?;
        kwargs.set_item("microphone_framerate", r.microphone_framerate)?;
        kwargs.set_item("microphone_echo_suppression", r.microphone_echo_suppression)?;
        kwargs.set_item("use_web_rtc", r.use_web_rtc)?;
        kwargs.set_item("show_invite", r.show_invite)?;
        kwargs.set_item("background_color", r.background_color.clone())?;
        kwargs.set_item("node_count", r.node_count)?;
        kwargs.set_item("has_account_logo", r.has_account_logo)?;
        kwargs.set_item("owner_account_number", r.owner_account_number)?;
        kwargs.set_item("use_chat_username", r.use_chat_username)?;
        kwargs.set_item("subscriber_code", r.subscriber_code.clone())?;
        kwargs.set_item("subscriber_count", r.subscriber_count)?;
        kwargs.set_item("client_ready", r.client_ready)?;
        kwargs.set_item("extra", r.extra.clone())?;
        let partial = py
            .import("functools")?
            .getattr("partial")?
            .call((slf.get_type(),), Some(&kwargs))?;
        Ok((partial, PyTuple::empty(py)))
    }

    /// Elements the 2016 `CallDTO` does not declare, as `(name, text)` pairs in document order.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.extra.iter().cloned())
    }

    fn __repr__(&self) -> String {
        format!(
            "CallRecord(call_id={}, public_id={}, username={}, comment={}, extra={})",
            repr_opt(self.call_id.as_deref()),
            repr_opt(self.public_id.as_deref()),
            repr_opt(self.username.as_deref()),
            repr_opt(self.comment.as_deref()),
            self.extra.len()
        )
    }
}

/// The conversion status of a stored document, as `GetDocumentStatus` answers it: one of the
/// four the service is known to send (`DocumentStatus.BUSY`, `READY`, `ERROR`, `NOT_FOUND`),
/// or any other text, kept (trimmed) as it came (`name` is then `None`).
///
/// Compares by value: `DocumentStatus(" ready ")` is `DocumentStatus.READY` (the known ones
/// are recognised ignoring case and surrounding blanks, and `text` is then the service's
/// spelling: `"READY"`, `"NOT FOUND"`). The rule is the core's (`idiligo::DocumentStatus`).
#[pyclass(frozen, eq, hash, from_py_object, module = "idiligo")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DocumentStatus {
    inner: idiligo::DocumentStatus,
}

impl DocumentStatus {
    /// From the core's status.
    pub fn from_core(inner: idiligo::DocumentStatus) -> Self {
        DocumentStatus { inner }
    }

    /// From the text the service sent, by the core's rule.
    pub fn from_text(text: &str) -> Self {
        DocumentStatus::from_core(idiligo::DocumentStatus::from_text(text))
    }

    /// The status text (the service's spelling, or the other text).
    pub fn as_str(&self) -> &str {
        self.inner.as_str()
    }

    fn known(&self) -> Option<&'static str> {
        Some(match self.inner {
            idiligo::DocumentStatus::Busy => "BUSY",
            idiligo::DocumentStatus::Ready => "READY",
            idiligo::DocumentStatus::Error => "ERROR",
            idiligo::DocumentStatus::NotFound => "NOT_FOUND",
            _ => return None,
        })
    }
}

#[pymethods]
impl DocumentStatus {
    /// The status for a text (a known status, or any other text kept).
    #[new]
    fn new(text: &str) -> Self {
        DocumentStatus::from_text(text)
    }

    /// Still converting.
    #[classattr]
    #[pyo3(name = "BUSY")]
    fn busy() -> Self {
        DocumentStatus::from_text("BUSY")
    }

    /// Converted: the document can be shown in the meeting.
    #[classattr]
    #[pyo3(name = "READY")]
    fn ready() -> Self {
        DocumentStatus::from_text("READY")
    }

    /// The conversion failed.
    #[classattr]
    #[pyo3(name = "ERROR")]
    fn error() -> Self {
        DocumentStatus::from_text("ERROR")
    }

    /// No such document (never stored, or deleted).
    #[classattr]
    #[pyo3(name = "NOT_FOUND")]
    fn not_found() -> Self {
        DocumentStatus::from_text("NOT FOUND")
    }

    /// The status text: the service's spelling of a known status (`"NOT FOUND"`), else the
    /// text as received, trimmed.
    #[getter]
    fn text(&self) -> &str {
        self.inner.as_str()
    }

    /// `"BUSY"`, `"READY"`, `"ERROR"` or `"NOT_FOUND"` for a known status, `None` for any other
    /// text.
    #[getter]
    fn name(&self) -> Option<&'static str> {
        self.known()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let args = (slf.get().inner.as_str().to_owned(),).into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    fn __str__(&self) -> &str {
        self.inner.as_str()
    }

    fn __repr__(&self) -> String {
        match self.known() {
            Some(name) => format!("DocumentStatus.{name}"),
            None => format!("DocumentStatus({})", repr_str(self.inner.as_str())),
        }
    }
}

/// A document's conversion progress, as `GetDocumentProgress` answers it.
#[pyclass(frozen, eq, module = "idiligo")]
#[derive(Clone, PartialEq)]
pub struct DocumentProgress {
    /// `Status`: the conversion status.
    #[pyo3(get)]
    pub status: DocumentStatus,
    /// `Percentage` (0–100 on the emulators; 0 when the service left it out).
    #[pyo3(get)]
    pub percentage: f64,
}

impl DocumentProgress {
    /// From the core type.
    pub fn from_core(p: idiligo::DocumentProgress) -> Self {
        DocumentProgress {
            status: DocumentStatus::from_core(p.status),
            percentage: p.percentage,
        }
    }
}

#[pymethods]
impl DocumentProgress {
    /// Creates a value (normally returned by `Client.get_document_progress`).
    #[new]
    fn new(status: DocumentStatus, percentage: f64) -> Self {
        DocumentProgress { status, percentage }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let p = slf.get();
        let args = (p.status.clone(), p.percentage).into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    fn __repr__(&self) -> String {
        format!(
            "DocumentProgress(status={}, percentage={:?})",
            self.status.__repr__(),
            self.percentage
        )
    }
}
