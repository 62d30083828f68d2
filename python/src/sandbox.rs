//! `idiligo.Sandbox`: the core's in-process emulator of InsideService20, for offline tests.

use std::sync::RwLock;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyTuple};

use idiligo::sandbox::{CustomErrors, Fault, FaultKind};
use idiligo::{CallId, DocumentId};

use crate::client::{seconds, Client};
use crate::errors::{invalid, to_pyerr, IntoPy};
use crate::types::{repr_opt, DocumentStatus};

/// An in-process emulator of the Idiligo service on `127.0.0.1`, so integrations can be
/// developed and tested offline: it serves both bindings, the document downloads, and lets a
/// test inspect meetings, simulate the participant and inject faults.
///
/// Use it as a context manager (or call `close()`), and get a ready client with `client()`.
#[pyclass(frozen, module = "idiligo")]
pub struct Sandbox {
    inner: RwLock<Option<idiligo::sandbox::Sandbox>>,
    url: String,
    credentials: idiligo::sandbox::SandboxCredentials,
}

impl Sandbox {
    fn with<T>(&self, py: Python<'_>, f: impl FnOnce(&idiligo::sandbox::Sandbox) -> T + Send) -> PyResult<T>
    where
        T: Send,
    {
        // The server's worker threads may log (which needs the GIL): never block on the
        // sandbox's locks while holding it.
        py.detach(|| {
            let guard = self.inner.read().unwrap_or_else(|p| p.into_inner());
            guard.as_ref().map(f)
        })
        .ok_or_else(|| to_pyerr(py, invalid("sandbox", "the sandbox is closed")))
    }
}

#[pymethods]
impl Sandbox {
    /// Starts a sandbox on a free port of 127.0.0.1 (or `port`).
    ///
    /// `token_lifetime` (seconds) makes tokens expire; `verbose_errors` writes faults with type
    /// name and stack trace (ASP.NET `customErrors Off`); `request_validation` rejects values
    /// containing markup as the real service does; `require_contact_names=False` also accepts
    /// the two-parameter `CreateContact`. `conversion_time` (seconds) is how long a stored
    /// document converts (`GetDocumentStatus` answers `BUSY` meanwhile; default 0: `READY` at
    /// once), and a document whose file name contains `conversion_failure_marker` ends in
    /// `ERROR`.
    #[new]
    #[pyo3(signature = (
        *, apikey=None, username=None, password=None, ticket=None, token_lifetime=None,
        verbose_errors=false, max_document_bytes=None, port=0, request_validation=true,
        require_contact_names=true, conversion_time=None, conversion_failure_marker=""
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        apikey: Option<String>,
        username: Option<String>,
        password: Option<String>,
        ticket: Option<String>,
        token_lifetime: Option<f64>,
        verbose_errors: bool,
        max_document_bytes: Option<u64>,
        port: u16,
        request_validation: bool,
        require_contact_names: bool,
        conversion_time: Option<f64>,
        conversion_failure_marker: &str,
    ) -> PyResult<Self> {
        crate::reset_logging_cache();
        let mut creds = idiligo::sandbox::SandboxCredentials::default();
        if let Some(v) = apikey {
            creds.apikey = v;
        }
        if let Some(v) = username {
            creds.username = v;
        }
        if let Some(v) = password {
            creds.password = v;
        }
        if let Some(v) = ticket {
            creds.ticket = v;
        }
        let mut b = idiligo::sandbox::Sandbox::builder()
            .credentials(creds.clone())
            .custom_errors(if verbose_errors {
                CustomErrors::Off
            } else {
                CustomErrors::On
            })
            .port(port)
            .request_validation(request_validation)
            .require_contact_names(require_contact_names)
            .conversion_failure_marker(conversion_failure_marker);
        if let Some(s) = conversion_time {
            b = b.conversion_time(seconds(py, "conversion_time", s)?);
        }
        if let Some(s) = token_lifetime {
            b = b.token_lifetime(seconds(py, "token_lifetime", s)?);
        }
        if let Some(n) = max_document_bytes {
            b = b.max_document_bytes(n);
        }
        let sandbox = py.detach(move || b.start()).py_err(py)?;
        Ok(Sandbox {
            url: sandbox.url().to_owned(),
            inner: RwLock::new(Some(sandbox)),
            credentials: creds,
        })
    }

    /// Base URL, e.g. `http://127.0.0.1:41234` (pass it to `Client(base_url=...)`).
    #[getter]
    fn url(&self) -> String {
        self.url.clone()
    }

    /// The port it listens on.
    #[getter]
    fn port(&self, py: Python<'_>) -> PyResult<u16> {
        self.with(py, |s| s.port())
    }

    /// The credentials the sandbox accepts.
    #[getter]
    fn credentials(&self) -> SandboxCredentials {
        SandboxCredentials {
            apikey: self.credentials.apikey.clone(),
            username: self.credentials.username.clone(),
            password: self.credentials.password.clone(),
            ticket: self.credentials.ticket.clone(),
        }
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.inner.read().unwrap_or_else(|p| p.into_inner()).is_none()
    }

    /// A ready `Client` pointed at the sandbox with its password credentials (or its ticket
    /// credentials with `ticket=True`). Other keyword arguments are passed to `Client`.
    #[pyo3(signature = (*, ticket=false, **options))]
    fn client(&self, py: Python<'_>, ticket: bool, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<Client>> {
        if self.closed() {
            return Err(to_pyerr(py, invalid("sandbox", "the sandbox is closed")));
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("base_url", &self.url)?;
        kwargs.set_item("apikey", &self.credentials.apikey)?;
        kwargs.set_item("username", &self.credentials.username)?;
        if ticket {
            kwargs.set_item("ticket", &self.credentials.ticket)?;
        } else {
            kwargs.set_item("password", &self.credentials.password)?;
        }
        if let Some(options) = options {
            for (k, v) in options.iter() {
                kwargs.set_item(k, v)?;
            }
        }
        let client = py.get_type::<Client>().call((), Some(&kwargs))?;
        Ok(client.cast_into::<Client>()?.unbind())
    }

    /// Serves `data` at `{url}/files/{name}` (a document source for `AddDocumentFromUrl`) and
    /// returns that URL.
    fn host_file(&self, py: Python<'_>, name: String, data: Vec<u8>) -> PyResult<String> {
        self.with(py, move |s| s.host_file(&name, data))
    }

    /// Everything the sandbox knows about a meeting, or `None` for an unknown id.
    fn call(&self, py: Python<'_>, call_id: String) -> PyResult<Option<CallSnapshot>> {
        let snap = self.with(py, move |s| s.call(&CallId::new(call_id)))?;
        Ok(snap.map(CallSnapshot::from_core))
    }

    /// Every mail recorded for `SendMail`, in order (only those of `call_id` if given).
    #[pyo3(signature = (call_id=None))]
    fn mails<'py>(&self, py: Python<'py>, call_id: Option<String>) -> PyResult<Bound<'py, PyTuple>> {
        let mails = self.with(py, |s| s.mails())?;
        let items: Vec<MailSnapshot> = mails
            .into_iter()
            .filter(|m| call_id.as_deref().is_none_or(|c| m.call.as_str() == c))
            .map(|m| MailSnapshot {
                call_id: m.call.into_string(),
                to: m.to,
                template_code: m.template_code,
                attachments: m.attachments,
                sent: m
                    .sent
                    .duration_since(std::time::SystemTime::UNIX_EPOCH)
                    .map(|d| d.as_secs_f64())
                    .unwrap_or(0.0),
            })
            .collect();
        PyTuple::new(py, items)
    }

    /// The bytes of a stored document, or `None`.
    fn document_bytes<'py>(&self, py: Python<'py>, document_id: String) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let bytes = self.with(py, move |s| s.document_bytes(&DocumentId::new(document_id)))?;
        Ok(bytes.map(|b| PyBytes::new(py, &b)))
    }

    /// Simulates the participant uploading a file; returns its document id.
    fn simulate_upload(&self, py: Python<'_>, call_id: String, filename: String, data: Vec<u8>) -> PyResult<String> {
        self.with(py, move |s| s.simulate_upload(&CallId::new(call_id), &filename, data))?
            .py_err(py)
            .map(DocumentId::into_string)
    }

    /// Simulates the participant signing a document of the meeting (`sign_status` becomes 2).
    fn simulate_sign(&self, py: Python<'_>, call_id: String, document_id: String) -> PyResult<()> {
        self.with(py, move |s| {
            s.simulate_sign(&CallId::new(call_id), &DocumentId::new(document_id))
        })?
        .py_err(py)
    }

    /// Makes every token issued so far expire now.
    fn expire_tokens(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |s| s.expire_tokens())
    }

    /// Adds this latency (seconds) to every request; `0` removes it.
    fn set_latency(&self, py: Python<'_>, seconds: f64) -> PyResult<()> {
        let d = crate::client::seconds(py, "latency", seconds)?;
        self.with(py, move |s| s.set_latency(d))
    }

    /// Delays the next `times` matching requests by `seconds`, then answers normally.
    /// `operation` is an operation name, `"Download"` or `"Files"`; `None` matches all.
    #[pyo3(signature = (seconds, *, operation=None, times=1))]
    fn inject_delay(&self, py: Python<'_>, seconds: f64, operation: Option<String>, times: usize) -> PyResult<()> {
        let d = crate::client::seconds(py, "delay", seconds)?;
        self.inject(py, FaultKind::Delay(d), operation, times)
    }

    /// Answers the next `times` matching requests with this status, content type and body.
    #[pyo3(signature = (status, body="", *, content_type="text/html; charset=utf-8", operation=None, times=1))]
    fn inject_status(
        &self,
        py: Python<'_>,
        status: u16,
        body: &str,
        content_type: &str,
        operation: Option<String>,
        times: usize,
    ) -> PyResult<()> {
        self.inject(
            py,
            FaultKind::Status {
                status,
                content_type: content_type.to_owned(),
                body: body.to_owned(),
            },
            operation,
            times,
        )
    }

    /// Answers the next `times` matching requests with a load balancer's 503 page.
    #[pyo3(signature = (*, operation=None, times=1))]
    fn inject_unavailable(&self, py: Python<'_>, operation: Option<String>, times: usize) -> PyResult<()> {
        let kind = Fault::unavailable().kind;
        self.inject(py, kind, operation, times)
    }

    /// Sends the headers and half of the body of the next matching answers, then hangs up.
    #[pyo3(signature = (*, operation=None, times=1))]
    fn inject_truncated_body(&self, py: Python<'_>, operation: Option<String>, times: usize) -> PyResult<()> {
        self.inject(py, FaultKind::TruncatedBody, operation, times)
    }

    /// Sends the headers and half of the body of the next matching answers, pauses `seconds`,
    /// then sends the rest (a download or answer that stalls: exercises stall timeouts,
    /// `download_timeout` and cancellation).
    #[pyo3(signature = (seconds, *, operation=None, times=1))]
    fn inject_stall(&self, py: Python<'_>, seconds: f64, operation: Option<String>, times: usize) -> PyResult<()> {
        let d = crate::client::seconds(py, "stall", seconds)?;
        self.inject(py, FaultKind::StallBody(d), operation, times)
    }

    /// Closes the connection of the next matching requests without answering.
    #[pyo3(signature = (*, operation=None, times=1))]
    fn inject_dropped_connection(&self, py: Python<'_>, operation: Option<String>, times: usize) -> PyResult<()> {
        self.inject(py, FaultKind::DropConnection, operation, times)
    }

    /// Removes all queued faults.
    fn clear_faults(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |s| s.clear_faults())
    }

    /// How many requests an operation (or `"Download"`, `"Files"`) has received.
    fn request_count(&self, py: Python<'_>, operation: String) -> PyResult<u64> {
        self.with(py, move |s| s.request_count(&operation))
    }

    /// How many connections the sandbox has accepted (each client connection once, however
    /// many requests it carried): shows a client's connection reuse.
    fn connections_accepted(&self, py: Python<'_>) -> PyResult<u64> {
        self.with(py, |s| s.connections_accepted())
    }

    /// A stored document (bound to a meeting or not), or `None` for an unknown or deleted id.
    fn document(&self, py: Python<'_>, document_id: String) -> PyResult<Option<StoredDocumentSnapshot>> {
        let snap = self.with(py, move |s| s.document(&DocumentId::new(document_id)))?;
        Ok(snap.map(|d| StoredDocumentSnapshot {
            id: d.id.into_string(),
            filename: d.filename,
            external_id: d.external_id,
            private: d.private,
            temporary: d.temporary,
            added_via: d.added_via.as_str(),
            size: d.size,
            conversion: DocumentStatus::from_text(d.conversion.as_str()),
            percentage: d.percentage,
        }))
    }

    /// A document's conversion status now, as `GetDocumentStatus` answers it
    /// (`DocumentStatus.NOT_FOUND` for an unknown or deleted id).
    fn document_status(&self, py: Python<'_>, document_id: String) -> PyResult<DocumentStatus> {
        let status = self.with(py, move |s| s.document_status(&DocumentId::new(document_id)))?;
        Ok(DocumentStatus::from_text(status.as_str()))
    }

    /// Makes a stored document's conversion fail now: its status becomes `ERROR`.
    fn fail_conversion(&self, py: Python<'_>, document_id: String) -> PyResult<()> {
        self.with(py, move |s| s.fail_conversion(&DocumentId::new(document_id)))?
            .py_err(py)
    }

    /// Stops the server and waits for its threads. Idempotent.
    fn close(&self, py: Python<'_>) {
        py.detach(|| {
            let taken = self.inner.write().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(s) = taken {
                s.stop();
            }
        });
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, py: Python<'_>, _exc: &Bound<'_, PyTuple>) -> bool {
        self.close(py);
        false
    }

    fn __repr__(&self) -> String {
        format!(
            "<idiligo.Sandbox url={}{}>",
            repr_opt(Some(&self.url)),
            if self.closed() { " closed" } else { "" }
        )
    }
}

impl Sandbox {
    fn inject(&self, py: Python<'_>, kind: FaultKind, operation: Option<String>, times: usize) -> PyResult<()> {
        let mut fault = Fault::new(kind).times(times);
        if let Some(op) = operation {
            fault = fault.operation(op);
        }
        self.with(py, move |s| s.inject(fault))
    }
}

/// The credentials a `Sandbox` accepts (its `repr` masks the secrets).
#[pyclass(frozen, module = "idiligo")]
pub struct SandboxCredentials {
    /// API key.
    #[pyo3(get)]
    apikey: String,
    /// User name.
    #[pyo3(get)]
    username: String,
    /// Password (for `Login`).
    #[pyo3(get)]
    password: String,
    /// Ticket (for `Impersonate`).
    #[pyo3(get)]
    ticket: String,
}

#[pymethods]
impl SandboxCredentials {
    fn __repr__(&self) -> String {
        format!(
            "SandboxCredentials(username={}, apikey='***', password='***', ticket='***')",
            repr_opt(Some(&self.username))
        )
    }
}

/// A participant as the sandbox stored it.
#[pyclass(frozen, module = "idiligo")]
#[derive(Clone)]
pub struct ContactSnapshot {
    /// The contact id.
    #[pyo3(get)]
    id: String,
    /// E-mail address.
    #[pyo3(get)]
    email: String,
    /// First name.
    #[pyo3(get)]
    first_name: String,
    /// Last name.
    #[pyo3(get)]
    last_name: String,
}

#[pymethods]
impl ContactSnapshot {
    fn __repr__(&self) -> String {
        format!(
            "ContactSnapshot(id={}, email={})",
            repr_opt(Some(&self.id)),
            repr_opt(Some(&self.email))
        )
    }
}

/// A document of a meeting as the sandbox stored it.
#[pyclass(frozen, module = "idiligo")]
#[derive(Clone)]
pub struct DocumentSnapshot {
    /// The document id.
    #[pyo3(get)]
    id: String,
    /// File name.
    #[pyo3(get)]
    filename: String,
    /// External id it was bound under (empty for uploads).
    #[pyo3(get)]
    external_id: String,
    /// `"bound"` (added by the agent) or `"uploaded"` (by the participant).
    #[pyo3(get)]
    origin: &'static str,
    /// How it is bound: `"upload_action"` (`SetDocumentToUploadAction`, under `external_id`),
    /// `"node"` (`AddDocumentToCall` or `CreateCallEx`, at `node_code`) or `"upload"` (the
    /// participant's upload).
    #[pyo3(get)]
    binding: &'static str,
    /// The script node of a `"node"` binding (`""` for `CreateCallEx`); otherwise `None`.
    #[pyo3(get)]
    node_code: Option<String>,
    /// Its conversion status now.
    #[pyo3(get)]
    conversion: DocumentStatus,
    /// Size in bytes.
    #[pyo3(get)]
    size: u64,
    /// 0 = none, 1 = awaiting signature, 2 = signed.
    #[pyo3(get)]
    sign_status: i32,
}

#[pymethods]
impl DocumentSnapshot {
    fn __repr__(&self) -> String {
        format!(
            "DocumentSnapshot(id={}, filename={}, origin='{}', size={}, sign_status={})",
            repr_opt(Some(&self.id)),
            repr_opt(Some(&self.filename)),
            self.origin,
            self.size,
            self.sign_status
        )
    }
}

/// A stored document, bound to a meeting or not (`Sandbox.document`).
#[pyclass(frozen, module = "idiligo")]
pub struct StoredDocumentSnapshot {
    /// The document id.
    #[pyo3(get)]
    id: String,
    /// File name.
    #[pyo3(get)]
    filename: String,
    /// The external id it was stored with (`AddDocumentFromUrl`, `AddDocumentFromBytesEx`).
    #[pyo3(get)]
    external_id: String,
    /// `AddDocumentFromBytesEx`'s `priv`.
    #[pyo3(get)]
    private: bool,
    /// `AddDocumentFromBytesEx`'s `temp`.
    #[pyo3(get)]
    temporary: bool,
    /// How it reached the sandbox: `"url"` (`AddDocumentFromUrl`), `"bytes"`
    /// (`AddDocumentFromBytes(Ex)`) or `"upload"` (the participant's upload).
    #[pyo3(get)]
    added_via: &'static str,
    /// Size in bytes.
    #[pyo3(get)]
    size: u64,
    /// Its conversion status now.
    #[pyo3(get)]
    conversion: DocumentStatus,
    /// Its conversion progress now, as `GetDocumentProgress` answers it (0–100).
    #[pyo3(get)]
    percentage: u8,
}

#[pymethods]
impl StoredDocumentSnapshot {
    fn __repr__(&self) -> String {
        format!(
            "StoredDocumentSnapshot(id={}, filename={}, added_via='{}', size={}, conversion={})",
            repr_opt(Some(&self.id)),
            repr_opt(Some(&self.filename)),
            self.added_via,
            self.size,
            self.conversion.as_str()
        )
    }
}

/// Everything the sandbox knows about a meeting.
#[pyclass(frozen, module = "idiligo")]
pub struct CallSnapshot {
    /// The meeting id.
    #[pyo3(get)]
    id: String,
    /// Its script code.
    #[pyo3(get)]
    script_code: String,
    /// Its public id.
    #[pyo3(get)]
    public_id: String,
    /// The attached participant.
    #[pyo3(get)]
    contact: Option<ContactSnapshot>,
    values: Vec<(String, String)>,
    documents: Vec<DocumentSnapshot>,
    /// The comment `SetComment` stored (`None` while never set).
    #[pyo3(get)]
    comment: Option<String>,
    /// Whether `EndCall` ended it.
    #[pyo3(get)]
    ended: bool,
    /// `CreateCallEx`'s `customerId` (`None` for meetings made by `CreateCall`).
    #[pyo3(get)]
    customer_id: Option<String>,
    /// `CreateCallEx`'s `externalData` (`None` for meetings made by `CreateCall`).
    #[pyo3(get)]
    external_data: Option<String>,
}

impl CallSnapshot {
    fn from_core(c: idiligo::sandbox::CallSnapshot) -> Self {
        CallSnapshot {
            id: c.id.into_string(),
            script_code: c.script_code,
            public_id: c.public_id.into_string(),
            contact: c.contact.map(|k| ContactSnapshot {
                id: k.id.into_string(),
                email: k.email,
                first_name: k.first_name,
                last_name: k.last_name,
            }),
            values: c.values,
            documents: c
                .documents
                .into_iter()
                .map(|d| DocumentSnapshot {
                    id: d.id.into_string(),
                    filename: d.filename,
                    external_id: d.external_id,
                    origin: d.origin.as_str(),
                    binding: d.binding.kind(),
                    node_code: d.binding.node_code().map(str::to_owned),
                    conversion: DocumentStatus::from_text(d.conversion.as_str()),
                    size: d.size,
                    sign_status: d.sign_status,
                })
                .collect(),
            comment: c.comment,
            ended: c.ended,
            customer_id: c.customer_id,
            external_data: c.external_data,
        }
    }
}

/// A mail the sandbox recorded for `SendMail`.
#[pyclass(frozen, module = "idiligo")]
pub struct MailSnapshot {
    /// The meeting it was sent for.
    #[pyo3(get)]
    call_id: String,
    /// Recipient.
    #[pyo3(get)]
    to: String,
    /// Mail template code.
    #[pyo3(get)]
    template_code: String,
    /// The `attachments` argument, as given.
    #[pyo3(get)]
    attachments: String,
    /// When it was recorded, in seconds since the epoch.
    sent: f64,
}

#[pymethods]
impl MailSnapshot {
    /// When it was recorded (an aware `datetime` in UTC).
    #[getter]
    fn sent<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let datetime = py.import("datetime")?;
        let utc = datetime.getattr("timezone")?.getattr("utc")?;
        datetime
            .getattr("datetime")?
            .call_method1("fromtimestamp", (self.sent, utc))
    }

    fn __repr__(&self) -> String {
        format!(
            "MailSnapshot(call_id={}, to={}, template_code={})",
            repr_opt(Some(&self.call_id)),
            repr_opt(Some(&self.to)),
            repr_opt(Some(&self.template_code))
        )
    }
}

#[pymethods]
impl CallSnapshot {
    /// Values written with SetValues, in first-write order, as `(name, value)` pairs.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.values.iter().cloned())
    }

    /// Its documents, in GetAttachments order.
    #[getter]
    fn documents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.documents.iter().cloned())
    }

    fn __repr__(&self) -> String {
        format!(
            "CallSnapshot(id={}, script_code={}, public_id={}, documents={})",
            repr_opt(Some(&self.id)),
            repr_opt(Some(&self.script_code)),
            repr_opt(Some(&self.public_id)),
            self.documents.len()
        )
    }
}
