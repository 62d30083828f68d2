//! `idiligo.Client`: every operation of the core, with the GIL released while it runs.
//!
//! Every call runs as a [`Call`] (see [`crate::cancel`]): on the main thread Ctrl-C ends it
//! within about 50 ms, and a client made by `with_cancel` is cancelled by its token.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};

use idiligo::ops::Op;
use idiligo::{Binding, CallId, ContactId, Credentials, DocumentId, DownloadOptions, PublicId, RetryPolicy, Token};

use crate::cancel::{Call, CancelToken};
use crate::errors::{invalid, to_pyerr, IntoPy};
use crate::pyio::{progress_fn, PyReader, PyWriter, READ_CHUNK};
use crate::types::{
    self, Attachment, CallRecord, DocumentProgress, DocumentSource, DocumentStatus, Meeting, MeetingResults, NameValue,
    Participant, SavedFile,
};
use crate::values;

const DOWNLOAD: &str = "Download";

/// Seconds (as given from Python) to a duration, by the core's rule
/// ([`idiligo::duration_from_secs`]: finite and non-negative; whether zero is allowed is
/// decided where the duration is used, as for the C library).
pub fn seconds(py: Python<'_>, what: &'static str, value: f64) -> PyResult<Duration> {
    idiligo::duration_from_secs(what, value).py_err(py)
}

/// A client of Idiligo's InsideService20.
///
/// Create one and share it: a client is immutable, safe to use from many threads at once
/// (the GIL is released during every network call), and logs in lazily, reusing and renewing
/// its session token. Use it as a context manager or call `close()` when done.
#[pyclass(frozen, module = "idiligo")]
pub struct Client {
    shared: Arc<Shared>,
    /// The token of a view made by `with_cancel`.
    cancel: Option<idiligo::CancelToken>,
}

/// What a client and its `with_cancel` views share.
struct Shared {
    inner: RwLock<Option<idiligo::Client>>,
    /// The base URL as the `repr` shows it (user info masked by the core).
    base_url: String,
    username: Option<String>,
    binding: Binding,
}

impl Client {
    /// The core client, or an error when closed.
    pub fn core(&self, py: Python<'_>) -> PyResult<idiligo::Client> {
        let guard = self.shared.inner.read().unwrap_or_else(|p| p.into_inner());
        guard
            .clone()
            .ok_or_else(|| to_pyerr(py, invalid("Client", "the client is closed")))
    }

    /// A call on this client: cancelled by the view's token and, on the main thread, Ctrl-C.
    fn begin(&self, py: Python<'_>) -> PyResult<Call> {
        Call::new(py, self.core(py)?, self.cancel.as_ref())
    }

    /// Runs a download of several attachments with the GIL released: `run` gets the core
    /// client and the options (`on_error`, `resume`, the progress callback, the file mode).
    /// An exception from the callback (or Ctrl-C) is raised, as by every other download.
    #[allow(clippy::too_many_arguments)]
    fn download_many<T, F>(
        &self,
        py: Python<'_>,
        on_error: idiligo::OnError,
        resume: bool,
        progress: Option<Py<PyAny>>,
        file_mode: Option<u32>,
        run: F,
    ) -> PyResult<T>
    where
        F: FnOnce(&idiligo::Client, idiligo::DownloadAllOptions<'_>) -> idiligo::Result<T> + Send,
        T: Send,
    {
        let call = self.begin(py)?;
        let result = py.detach(|| {
            let mut cb = progress_fn(progress.as_ref(), &call.caught);
            let mut options = idiligo::DownloadAllOptions::new()
                .on_error(on_error)
                .resume(resume)
                .progress(&mut cb);
            if let Some(m) = file_mode {
                options = options.file_mode(m);
            }
            run(&call.client, options)
        });
        call.finish(py, result)
    }

    /// Runs `f` on the core client with the GIL released.
    fn run<T, F>(&self, py: Python<'_>, f: F) -> PyResult<T>
    where
        F: FnOnce(&idiligo::Client) -> idiligo::Result<T> + Send,
        T: Send,
    {
        let call = self.begin(py)?;
        let result = py.detach(|| f(&call.client));
        call.finish(py, result)
    }
}

/// Extracts the parameters of `Client.call`: a mapping whose values are `str` or a sequence
/// of `str` (an array: one pair per element), or an iterable of `(name, value)` pairs.
fn call_params(params: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    if params.hasattr("items")? {
        for item in params.call_method0("items")?.try_iter()? {
            let (name, value): (String, Bound<'_, PyAny>) = item?.extract()?;
            if let Ok(v) = value.extract::<String>() {
                out.push((name, v));
            } else {
                for v in value.try_iter()? {
                    out.push((name.clone(), v?.extract::<String>()?));
                }
            }
        }
    } else {
        for item in params.try_iter()? {
            out.push(item?.extract::<(String, String)>()?);
        }
    }
    Ok(out)
}

/// Extracts one or several CA file paths.
fn ca_paths(value: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if let Ok(p) = value.extract::<PathBuf>() {
        return Ok(vec![p]);
    }
    let mut out = Vec::new();
    for item in value.try_iter()? {
        out.push(item?.extract::<PathBuf>()?);
    }
    Ok(out)
}

/// A URL from a `str` or an `Attachment`.
fn source_url(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(a) = source.cast::<Attachment>() {
        let a = a.get();
        return match a.url.as_deref() {
            Some(u) if !u.trim().is_empty() => Ok(u.to_owned()),
            _ => Err(to_pyerr(
                py,
                invalid(DOWNLOAD, format!("attachment {} has no download URL", a.id)),
            )),
        };
    }
    source.extract::<String>()
}

#[pymethods]
impl Client {
    /// Creates a client. Nothing is sent until the first call.
    ///
    /// Credentials: `apikey` + `username` + `password` (Login) or `apikey` + `username` +
    /// `ticket` (Impersonate); and/or an existing session `token`. Timeouts are in seconds.
    /// Unset options keep the SDK defaults (POST binding, connect 10 s, request 60 s, stall
    /// 60 s, no total download deadline, 2 retries with a backoff of 0.25 s doubling up to
    /// 8 s, `Retry-After` delays waited for up to 30 s, 16 idle connections per host, system
    /// certificate store, no proxy).
    #[new]
    #[pyo3(signature = (
        *, apikey=None, username=None, password=None, ticket=None, token=None,
        base_url=None, participant_base_url=None, binding="post", allow_insecure_http=false,
        connect_timeout=None, request_timeout=None, stall_timeout=None, download_timeout=None,
        token_lifetime=None, max_retries=None, initial_backoff=None, max_backoff=None,
        max_retry_after=None, proxy=None, ca_file=None, use_system_roots=true,
        max_response_bytes=None, max_download_bytes=None, max_idle_connections=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        apikey: Option<String>,
        username: Option<String>,
        password: Option<String>,
        ticket: Option<String>,
        token: Option<String>,
        base_url: Option<String>,
        participant_base_url: Option<String>,
        binding: &str,
        allow_insecure_http: bool,
        connect_timeout: Option<f64>,
        request_timeout: Option<f64>,
        stall_timeout: Option<f64>,
        download_timeout: Option<f64>,
        token_lifetime: Option<f64>,
        max_retries: Option<u32>,
        initial_backoff: Option<f64>,
        max_backoff: Option<f64>,
        max_retry_after: Option<f64>,
        proxy: Option<String>,
        ca_file: Option<Bound<'_, PyAny>>,
        use_system_roots: bool,
        max_response_bytes: Option<u64>,
        max_download_bytes: Option<u64>,
        max_idle_connections: Option<usize>,
    ) -> PyResult<Self> {
        const OP: &str = "configuration";
        crate::reset_logging_cache();
        let fail = |m: &str| to_pyerr(py, invalid(OP, m));
        let mut b = idiligo::Client::builder();
        let binding = match binding.to_ascii_lowercase().as_str() {
            "post" => Binding::Post,
            "get" => Binding::Get,
            "soap" => Binding::Soap,
            _ => return Err(fail("binding must be \"post\", \"get\" or \"soap\"")),
        };
        b = b.binding(binding);
        let credentials = match (password, ticket) {
            (Some(_), Some(_)) => return Err(fail("give either password or ticket, not both")),
            (None, None) => {
                if apikey.is_some() {
                    return Err(fail("apikey given without password or ticket"));
                }
                None
            }
            (password, ticket) => {
                let (Some(apikey), Some(user)) = (apikey, username.clone()) else {
                    return Err(fail("password or ticket credentials need apikey and username"));
                };
                Some(match (password, ticket) {
                    (Some(p), _) => Credentials::password(apikey, user, p),
                    (_, Some(t)) => Credentials::ticket(apikey, user, t),
                    _ => unreachable!("one of password and ticket is set"),
                })
            }
        };
        if let Some(c) = credentials {
            b = b.credentials(c);
        }
        if let Some(t) = token {
            b = b.token(Token::new(t));
        }
        let base = base_url.unwrap_or_else(|| idiligo::DEFAULT_BASE_URL.to_owned());
        b = b.base_url(base);
        if let Some(p) = participant_base_url {
            b = b.participant_base_url(p);
        }
        b = b.allow_insecure_http(allow_insecure_http);
        if let Some(s) = connect_timeout {
            b = b.connect_timeout(seconds(py, "connect_timeout", s)?);
        }
        if let Some(s) = request_timeout {
            b = b.request_timeout(seconds(py, "request_timeout", s)?);
        }
        if let Some(s) = stall_timeout {
            b = b.stall_timeout(seconds(py, "stall_timeout", s)?);
        }
        if let Some(s) = download_timeout {
            b = b.download_timeout(seconds(py, "download_timeout", s)?);
        }
        if let Some(s) = token_lifetime {
            b = b.token_lifetime(seconds(py, "token_lifetime", s)?);
        }
        let defaults = RetryPolicy::default();
        let mut retry = RetryPolicy::new(
            max_retries.unwrap_or(defaults.max_retries),
            match initial_backoff {
                Some(s) => seconds(py, "initial_backoff", s)?,
                None => defaults.initial_backoff,
            },
            match max_backoff {
                Some(s) => seconds(py, "max_backoff", s)?,
                None => defaults.max_backoff,
            },
        )
        .py_err(py)?;
        if let Some(s) = max_retry_after {
            retry = retry.max_retry_after(seconds(py, "max_retry_after", s)?);
        }
        b = b.retry_policy(retry);
        if let Some(n) = max_idle_connections {
            b = b.max_idle_connections(n);
        }
        if let Some(p) = proxy {
            b = b.proxy(p);
        }
        if let Some(ca) = ca_file {
            for path in ca_paths(&ca)? {
                b = b.add_ca_file(path);
            }
        }
        b = b.use_system_roots(use_system_roots);
        if let Some(n) = max_response_bytes {
            b = b.max_response_bytes(n);
        }
        if let Some(n) = max_download_bytes {
            b = b.max_download_bytes(n);
        }
        // Building reads CA files and the system store: release the GIL meanwhile.
        let client = py.detach(move || b.build()).py_err(py)?;
        // Its user info masked (the core's rule): the `repr` shows it.
        let base_url = client.base_url().into_owned();
        Ok(Client {
            shared: Arc::new(Shared {
                inner: RwLock::new(Some(client)),
                base_url,
                username,
                binding,
            }),
            cancel: None,
        })
    }

    /// A view of this client whose calls are cancelled by `token` (a `CancelToken`): the same
    /// connection pool, session and settings, a cheap copy. `token.cancel()`, from any thread,
    /// ends every call made through the view within about 50 ms with `CancelledError`
    /// (`sent` tells whether its request had left). Closing the client or a view closes both.
    /// `AsyncClient` makes one per call; make your own to cancel a call from a GUI or another
    /// thread.
    fn with_cancel(&self, token: &CancelToken) -> Client {
        Client {
            shared: self.shared.clone(),
            cancel: Some(token.inner.clone()),
        }
    }

    /// The operation endpoint, e.g. `https://app.idiligo.com/InsideService20.asmx`.
    #[getter]
    fn endpoint(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.core(py)?.endpoint().to_owned())
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.shared.inner.read().unwrap_or_else(|p| p.into_inner()).is_none()
    }

    /// Releases the connection pool. Idempotent; calls already running finish normally, later
    /// calls raise `InvalidArgumentError`. Closes the client's `with_cancel` views too.
    fn close(&self, py: Python<'_>) {
        let taken = self.shared.inner.write().unwrap_or_else(|p| p.into_inner()).take();
        py.detach(move || drop(taken));
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
            "<idiligo.Client base_url={} username={} binding='{}'{}{}>",
            types::repr_opt(Some(&self.shared.base_url)),
            types::repr_opt(self.shared.username.as_deref()),
            self.shared.binding.as_str(),
            if self.cancel.is_some() { " with_cancel" } else { "" },
            if self.closed() { " closed" } else { "" }
        )
    }

    // ------------------------------------------------------------------ session

    /// Logs in now with the configured credentials (Login or Impersonate), replacing the
    /// session token; returns the new token (a secret: never log it).
    fn login(&self, py: Python<'_>) -> PyResult<String> {
        self.run(py, |c| c.login()).map(|t| t.expose().to_owned())
    }

    /// The current session token, logging in first if there is none or it is about to expire.
    fn session_token(&self, py: Python<'_>) -> PyResult<String> {
        self.run(py, |c| c.session_token()).map(|t| t.expose().to_owned())
    }

    /// Replaces the session token with one obtained elsewhere.
    fn set_token(&self, py: Python<'_>, token: String) -> PyResult<()> {
        self.run(py, move |c| {
            c.set_token(Token::new(token));
            Ok(())
        })
    }

    /// `Login`: returns a token for these credentials without touching the client's session.
    fn login_password(&self, py: Python<'_>, apikey: String, username: String, password: String) -> PyResult<String> {
        self.run(py, move |c| c.login_password(&apikey, &username, &password))
            .map(|t| t.expose().to_owned())
    }

    /// `Impersonate`: returns a token for `username` obtained with an authorization ticket,
    /// without touching the client's session.
    fn impersonate(&self, py: Python<'_>, apikey: String, username: String, ticket: String) -> PyResult<String> {
        self.run(py, move |c| c.impersonate(&apikey, &username, &ticket))
            .map(|t| t.expose().to_owned())
    }

    // ------------------------------------------------------------------ operations

    /// `CreateContact`: creates a meeting participant; returns its contact id.
    #[pyo3(signature = (email, first_name="", last_name=""))]
    fn create_contact(&self, py: Python<'_>, email: String, first_name: &str, last_name: &str) -> PyResult<String> {
        let (first_name, last_name) = (first_name.to_owned(), last_name.to_owned());
        self.run(py, move |c| c.create_contact(&email, &first_name, &last_name))
            .map(ContactId::into_string)
    }

    /// `CreateCall`: creates a meeting from a script ("traject") code; returns its call id.
    fn create_call(&self, py: Python<'_>, script_code: String) -> PyResult<String> {
        self.run(py, move |c| c.create_call(&script_code))
            .map(CallId::into_string)
    }

    /// `SetContact`: attaches a participant to a meeting.
    fn set_contact(&self, py: Python<'_>, call_id: String, contact_id: String) -> PyResult<()> {
        self.run(py, move |c| {
            c.set_contact(&CallId::new(call_id), &ContactId::new(contact_id))
        })
    }

    /// `GetAgentUrl`: where the agent opens the meeting; `return_url` is where the agent goes
    /// afterwards.
    #[pyo3(signature = (call_id, return_url=None))]
    fn get_agent_url(&self, py: Python<'_>, call_id: String, return_url: Option<String>) -> PyResult<String> {
        self.run(py, move |c| {
            c.get_agent_url(&CallId::new(call_id), return_url.as_deref())
        })
    }

    /// `GetPublicCallId`: the public id of a meeting (used in the participant link).
    fn get_public_call_id(&self, py: Python<'_>, call_id: String) -> PyResult<String> {
        self.run(py, move |c| c.get_public_call_id(&CallId::new(call_id)))
            .map(PublicId::into_string)
    }

    /// `SetValues`: writes named values into a meeting, in order. `values` is a mapping or an
    /// iterable of `(name, value)` pairs; an empty one is a no-op. Values may be `str`, `int`,
    /// `float`, `bool`, `decimal.Decimal`, `datetime.date` or `datetime.datetime`, converted by
    /// the documented rule (`True` → `"true"`, `2.0` → `"2"`, dates in ISO 8601; see the
    /// README); anything else raises `TypeError` naming the item, and nothing is sent.
    fn set_values(&self, py: Python<'_>, public_id: String, values: &Bound<'_, PyAny>) -> PyResult<()> {
        let values = values::pairs(py, Op::SetValues.name(), "values", values)?;
        self.run(py, move |c| c.set_values(&PublicId::new(public_id), values))
    }

    /// `AddDocumentFromUrl`: the service downloads `url` and stores it as `filename`; returns
    /// the document id. `external_id` is your key for binding it.
    #[pyo3(signature = (url, filename, external_id=""))]
    fn add_document_from_url(
        &self,
        py: Python<'_>,
        url: String,
        filename: String,
        external_id: &str,
    ) -> PyResult<String> {
        let external_id = external_id.to_owned();
        self.run(py, move |c| c.add_document_from_url(&url, &filename, &external_id))
            .map(DocumentId::into_string)
    }

    /// `SetDocumentToUploadAction`: binds a stored document to a meeting's upload action.
    fn set_document_to_upload_action(
        &self,
        py: Python<'_>,
        call_id: String,
        external_id: String,
        document_id: String,
    ) -> PyResult<()> {
        self.run(py, move |c| {
            c.set_document_to_upload_action(&CallId::new(call_id), &external_id, &DocumentId::new(document_id))
        })
    }

    /// `GetAttachments`: the documents of a meeting (bound, uploaded, generated, signed).
    fn get_attachments(&self, py: Python<'_>, call_id: String) -> PyResult<Vec<Attachment>> {
        self.run(py, move |c| c.get_attachments(&CallId::new(call_id)))
            .map(|v| v.into_iter().map(Attachment::from_core).collect())
    }

    /// The documents of a meeting; the same as `get_attachments`.
    fn attachments(&self, py: Python<'_>, call_id: String) -> PyResult<Vec<Attachment>> {
        self.get_attachments(py, call_id)
    }

    // ------------------------------------------------------------------ documents

    /// `AddDocumentFromBytes`: stores `data` (`bytes`, `bytearray` or `memoryview`) as
    /// `filename` and returns the document id. With `external_id`, `private` or `temporary` it
    /// sends `AddDocumentFromBytesEx` instead (your key, and the service's private/temporary
    /// flags). Always over SOAP, whatever the client's binding, the base64 encoded while it is
    /// sent (a `bytes` object is read in place, never copied). `max_bytes` caps the size
    /// (default: the client's 64 MiB upload cap; 0 is refused); an empty document or one over
    /// the cap raises `InvalidArgumentError` before anything is sent. `progress(done, total)`
    /// is called with the bytes sent so far; returning `False` cancels with `CancelledError`
    /// (`sent` is `False`: the request is cut short, so nothing is stored), an exception it
    /// raises cancels and propagates. Attach the document with `add_document_to_call` or
    /// `set_document_to_upload_action`.
    #[pyo3(signature = (filename, data, *, external_id=None, private=false, temporary=false, max_bytes=None, progress=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_document_from_bytes(
        &self,
        py: Python<'_>,
        filename: String,
        data: &Bound<'_, PyAny>,
        external_id: Option<String>,
        private: bool,
        temporary: bool,
        max_bytes: Option<u64>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<String> {
        // `bytes` is immutable: borrowed while the GIL is released. A mutable buffer is copied
        // first (another thread could change it meanwhile).
        let owned;
        let bytes: &[u8] = match data.cast::<PyBytes>() {
            Ok(b) => b.as_bytes(),
            Err(_) => {
                owned = types::binary_data(data, "data")?;
                &owned
            }
        };
        let call = self.begin(py)?;
        let result = py.detach(|| {
            let mut cb = progress_fn(progress.as_ref(), &call.caught);
            let options = upload_options(&mut cb, external_id, private, temporary, max_bytes, None);
            call.client.add_document_from_bytes(&filename, bytes, options)
        });
        call.finish(py, result).map(DocumentId::into_string)
    }

    /// Stores the file at `path` (`str` or `os.PathLike`) and returns the document id, as
    /// `add_document_from_bytes` does: named as the path's file name unless `filename` is
    /// given, streamed from the file as it is sent (never read into memory whole; read again
    /// from the start if the request must be repeated after a re-login). A file that does not
    /// exist or cannot be read raises `LocalIOError` (an `OSError`, with `filename`), a
    /// directory, an empty file or one over the cap `InvalidArgumentError`, all before anything
    /// is sent; a file that changes size while it is sent stops the request with
    /// `LocalIOError` (nothing is stored).
    #[pyo3(signature = (path, *, filename=None, external_id=None, private=false, temporary=false, max_bytes=None, progress=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_document_from_file(
        &self,
        py: Python<'_>,
        path: PathBuf,
        filename: Option<String>,
        external_id: Option<String>,
        private: bool,
        temporary: bool,
        max_bytes: Option<u64>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<String> {
        let call = self.begin(py)?;
        let result = py.detach(|| {
            let mut cb = progress_fn(progress.as_ref(), &call.caught);
            let options = upload_options(&mut cb, external_id, private, temporary, max_bytes, filename);
            call.client.add_document_from_file(&path, options)
        });
        call.finish(py, result).map(DocumentId::into_string)
    }

    /// Stores what the binary file object `fileobj` delivers (read to its end from where it
    /// stands: `io.BytesIO`, a file opened with `'rb'`, a socket's `makefile('rb')`, anything
    /// with `readinto()` or `read()`) as `filename` and returns the document id, as
    /// `add_document_from_bytes` does (same options, always over SOAP).
    ///
    /// The file object is read in chunks of 256 KiB, with the GIL taken for each chunk only,
    /// into an anonymous temporary file that is checked against the size cap as it fills (an
    /// empty stream or one over the cap raises `InvalidArgumentError`, and nothing is sent);
    /// that copy is then uploaded, so a request repeated after a re-login sends the same
    /// bytes. An exception raised by the file object propagates unchanged (nothing is sent);
    /// a text file (`io.TextIOBase`, or a `read()` that returns `str`) raises `TypeError`
    /// naming `fileobj`, before anything is read for a text file. Ctrl-C stops the read
    /// between chunks. The file object is not closed.
    #[pyo3(signature = (filename, fileobj, *, external_id=None, private=false, temporary=false, max_bytes=None, progress=None))]
    #[allow(clippy::too_many_arguments)]
    fn add_document_from_reader(
        &self,
        py: Python<'_>,
        filename: String,
        fileobj: &Bound<'_, PyAny>,
        external_id: Option<String>,
        private: bool,
        temporary: bool,
        max_bytes: Option<u64>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<String> {
        const ARGUMENT: &str = "fileobj";
        let readinto = PyReader::check(py, fileobj, ARGUMENT)?;
        let file = fileobj.clone().unbind();
        let call = self.begin(py)?;
        let result = py.detach(|| {
            let reader = PyReader {
                file: &file,
                caught: &call.caught,
                argument: ARGUMENT,
                readinto,
            };
            let mut reader = std::io::BufReader::with_capacity(READ_CHUNK, reader);
            let mut cb = progress_fn(progress.as_ref(), &call.caught);
            let options = upload_options(&mut cb, external_id, private, temporary, max_bytes, None);
            call.client
                .add_document_from_reader(&filename, &mut reader, None, options)
        });
        call.finish(py, result).map(DocumentId::into_string)
    }

    /// `AddDocumentToCall`: attaches a stored document to a meeting at a node of its script
    /// (`node_code`, may be empty); returns the document id the service answers. An unknown
    /// call or document raises `ServiceError` (the service's `Unknown callId.` /
    /// `Unknown documentId.`).
    #[pyo3(signature = (call_id, document_id, node_code=""))]
    fn add_document_to_call(
        &self,
        py: Python<'_>,
        call_id: String,
        document_id: String,
        node_code: &str,
    ) -> PyResult<String> {
        let node_code = node_code.to_owned();
        self.run(py, move |c| {
            c.add_document_to_call(&CallId::new(call_id), &DocumentId::new(document_id), &node_code)
        })
        .map(DocumentId::into_string)
    }

    /// `GetDocumentStatus`: the conversion status of a stored document (a `DocumentStatus`:
    /// `BUSY`, `READY`, `ERROR`, or any other text kept). An unknown or deleted document is
    /// `DocumentStatus.NOT_FOUND`, not an error (the service answers `NOT FOUND`).
    fn get_document_status(&self, py: Python<'_>, document_id: String) -> PyResult<DocumentStatus> {
        self.run(py, move |c| c.get_document_status(&DocumentId::new(document_id)))
            .map(DocumentStatus::from_core)
    }

    /// `GetDocumentProgress`: the conversion status and percentage of a stored document (an
    /// unknown one is `NOT_FOUND` at 0 %).
    fn get_document_progress(&self, py: Python<'_>, document_id: String) -> PyResult<DocumentProgress> {
        self.run(py, move |c| c.get_document_progress(&DocumentId::new(document_id)))
            .map(DocumentProgress::from_core)
    }

    /// `DeleteDocument`: removes a stored document and every binding of it; `False` when the
    /// service did not know it (the service answers `false`, not an error).
    fn delete_document(&self, py: Python<'_>, document_id: String) -> PyResult<bool> {
        self.run(py, move |c| c.delete_document(&DocumentId::new(document_id)))
    }

    /// Waits until a stored document is converted (`READY`), polling `GetDocumentStatus`: at
    /// once, then after a quarter of `poll_interval`, doubling up to `poll_interval` seconds.
    /// `BUSY` and unknown statuses keep it waiting; `ERROR` (the conversion failed) and
    /// `NOT FOUND` raise `ServiceError` (`detail` is the status), `timeout` seconds raise
    /// `idiligo.TimeoutError` (`timeout_phase == "wait"`). Both must be greater than zero.
    /// Ctrl-C (and the view's `CancelToken`) ends the wait within about 50 ms, also between
    /// polls.
    #[pyo3(signature = (document_id, *, timeout=60.0, poll_interval=2.0))]
    fn wait_for_document(&self, py: Python<'_>, document_id: String, timeout: f64, poll_interval: f64) -> PyResult<()> {
        let timeout = seconds(py, "timeout", timeout)?;
        let poll = seconds(py, "poll_interval", poll_interval)?;
        // Checked before anything is sent; rebuilt inside (the options are not `Send`).
        idiligo::WaitOptions::new(timeout, poll).py_err(py)?;
        self.run(py, move |c| {
            c.wait_for_document(&DocumentId::new(document_id), idiligo::WaitOptions::new(timeout, poll)?)
        })
    }

    /// `SetCallValues`: writes named values into a meeting by call id, in order (a later value
    /// for a name replaces the earlier one); returns the service's answer. `values` as for
    /// `set_values` (a mapping or `(name, value)` pairs, converted by the same rule); names
    /// must not be empty. **SOAP only**: the service offers it on no other binding, so a client
    /// made without `binding="soap"` raises `InvalidArgumentError` before sending. Unlike
    /// `set_values` over GET/POST, values with markup (`<b>`) are stored as given, and every
    /// pair goes in one request.
    fn set_call_values(&self, py: Python<'_>, call_id: String, values: &Bound<'_, PyAny>) -> PyResult<bool> {
        let values = values::pairs(py, Op::SetCallValues.name(), "values", values)?;
        self.run(py, move |c| c.set_call_values(&CallId::new(call_id), values))
    }

    // ------------------------------------------------------------------ reading a meeting back

    /// `GetCallValues`: the values of a meeting's fields, as `NameValue` pairs in the order
    /// they were first written (by `SetValues`, `SetValue` or `SetCallValues`).
    fn get_call_values(&self, py: Python<'_>, call_id: String) -> PyResult<Vec<NameValue>> {
        self.run(py, move |c| c.get_call_values(&CallId::new(call_id)))
            .map(|v| v.into_iter().map(NameValue::from_core).collect())
    }

    /// `SetValue`: writes one named value into a meeting (a later value for the same name
    /// replaces the earlier one). The value may be empty, the name may not; it is converted as
    /// by `set_values`.
    fn set_value(&self, py: Python<'_>, public_id: String, name: String, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let item = values::Item {
            operation: Op::SetValue.name(),
            argument: "value",
            key: None,
        };
        let value = values::value_text(py, &item, value)?;
        self.run(py, move |c| c.set_value(&PublicId::new(public_id), &name, &value))
    }

    /// `SetComment`: sets the comment of a meeting (`""` clears it).
    fn set_comment(&self, py: Python<'_>, call_id: String, comment: String) -> PyResult<()> {
        self.run(py, move |c| c.set_comment(&CallId::new(call_id), &comment))
    }

    /// `GetCall`: the data of a meeting by call id (every `CallDTO` member).
    fn get_call(&self, py: Python<'_>, call_id: String) -> PyResult<CallRecord> {
        self.run(py, move |c| c.get_call(&CallId::new(call_id)))
            .map(CallRecord::from_core)
    }

    /// `GetCallByPublicId`: the data of a meeting by public id (every `CallDTO` member).
    fn get_call_by_public_id(&self, py: Python<'_>, public_id: String) -> PyResult<CallRecord> {
        self.run(py, move |c| c.get_call_by_public_id(&PublicId::new(public_id)))
            .map(CallRecord::from_core)
    }

    /// `EndCall`: ends a meeting; returns the URL the agent is sent to (`return_url` as the
    /// service answers it, `""` without one).
    #[pyo3(signature = (call_id, return_url=None))]
    fn end_call(&self, py: Python<'_>, call_id: String, return_url: Option<String>) -> PyResult<String> {
        self.run(py, move |c| c.end_call(&CallId::new(call_id), return_url.as_deref()))
    }

    /// `SendMail`: the service mails `to` with the template `template_code` (for example the
    /// invitation); returns its answer. Never repeated after the request may have left, so a
    /// failure cannot send the mail twice.
    #[pyo3(signature = (call_id, to, template_code, attachments=""))]
    fn send_mail(
        &self,
        py: Python<'_>,
        call_id: String,
        to: String,
        template_code: String,
        attachments: &str,
    ) -> PyResult<bool> {
        let attachments = attachments.to_owned();
        self.run(py, move |c| {
            c.send_mail(&CallId::new(call_id), &to, &template_code, &attachments)
        })
    }

    /// What a meeting produced, in one call: its values and its documents.
    fn meeting_results(&self, py: Python<'_>, call_id: String) -> PyResult<MeetingResults> {
        self.run(py, move |c| c.meeting_results(&CallId::new(call_id)))
            .map(MeetingResults::from_core)
    }

    // ------------------------------------------------------------------ any operation by name

    /// Calls any operation by its wire name and returns the answer's XML document as `str`,
    /// or `None` for a void answer.
    ///
    /// `params` are the operation's parameters without the session token (the client
    /// supplies it): a mapping whose values are `str` or a sequence of `str` (an array), or a
    /// sequence of `(name, value)` pairs (a repeated name is an array). For an operation of
    /// the table (`idiligo.operations()`) they are checked against its row before anything is
    /// sent (`InvalidArgumentError` naming the operation's parameters). `repeatable=True`
    /// declares the call safe to repeat, so transient failures are retried; `takes_token` is
    /// only needed for an operation outside the table that takes no token.
    #[pyo3(signature = (operation, params=None, *, repeatable=false, takes_token=None))]
    fn call(
        &self,
        py: Python<'_>,
        operation: String,
        params: Option<&Bound<'_, PyAny>>,
        repeatable: bool,
        takes_token: Option<bool>,
    ) -> PyResult<Option<String>> {
        let params = match params {
            Some(p) => call_params(p)?,
            None => Vec::new(),
        };
        let mut options = idiligo::CallOptions::new().repeatable(repeatable);
        if let Some(t) = takes_token {
            options = options.takes_token(t);
        }
        self.run(py, move |c| {
            let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            c.call(&operation, &pairs, &options)
        })
    }

    /// The participant link for a public id: `{participant base}/client?id={public id}`.
    /// An empty public id raises `InvalidArgumentError`.
    fn participant_url(&self, py: Python<'_>, public_id: String) -> PyResult<String> {
        self.core(py)?.participant_url(&PublicId::new(public_id)).py_err(py)
    }

    // ------------------------------------------------------------------ start_meeting

    /// Starts a meeting in one call: CreateContact, CreateCall, SetContact, GetPublicCallId,
    /// SetValues, per document its addition (`AddDocumentFromUrl` for a URL, an upload over
    /// SOAP for bytes and files) and `SetDocumentToUploadAction`, optionally the wait until the
    /// documents are converted, GetAgentUrl.
    ///
    /// `documents` are `DocumentSource` values: `DocumentSource(url, filename, external_id)`
    /// or `DocumentSource.from_url(...)`, `DocumentSource.from_bytes(filename, data,
    /// external_id)`, `DocumentSource.from_file(path, external_id)`. Everything is checked
    /// before anything is created (script code, e-mail, value names, every document's name and
    /// URL, and each upload's bytes or file against the client's upload cap).
    /// `wait_for_documents` (seconds, greater than zero) waits after the documents are bound
    /// until each is `READY`, at most that long in all (step `"GetDocumentStatus"`).
    ///
    /// On failure raises a `StartMeetingError` (also an instance of the underlying error's
    /// class) whose `step` names the failed step and whose `partial` holds every id created.
    /// With `cleanup_on_failure=True` the client first deletes the documents it stored and
    /// ends the call it created; `partial.cleanup` (a `CleanupReport`) says what was removed
    /// and what stayed, and the ids stay on `partial` either way.
    #[pyo3(signature = (script_code, *, participant=None, values=None, documents=None, return_url=None, wait_for_documents=None, cleanup_on_failure=false))]
    #[allow(clippy::too_many_arguments)]
    fn start_meeting(
        &self,
        py: Python<'_>,
        script_code: String,
        participant: Option<Bound<'_, Participant>>,
        values: Option<Bound<'_, PyAny>>,
        documents: Option<Bound<'_, PyAny>>,
        return_url: Option<String>,
        wait_for_documents: Option<f64>,
        cleanup_on_failure: bool,
    ) -> PyResult<Meeting> {
        let mut request = idiligo::MeetingRequest::new(script_code);
        if let Some(p) = participant {
            let p = p.get();
            request = request.participant(
                idiligo::Participant::new(p.email.clone()).name(p.first_name.clone(), p.last_name.clone()),
            );
        }
        if let Some(v) = values {
            for (k, v) in values::pairs(py, "start_meeting", "values", &v)? {
                request = request.value(k, v);
            }
        }
        if let Some(docs) = documents {
            for d in docs.try_iter()? {
                let d = d?;
                request = request.document(d.cast::<DocumentSource>()?.get().to_core());
            }
        }
        if let Some(r) = return_url {
            request = request.return_url(r);
        }
        if let Some(s) = wait_for_documents {
            request = request.wait_for_documents(seconds(py, "wait_for_documents", s)?);
        }
        request = request.cleanup_on_failure(cleanup_on_failure);
        self.run(py, move |c| c.start_meeting(&request)).map(Meeting::from_core)
    }

    // ------------------------------------------------------------------ downloads

    /// Downloads a document (an `Attachment` or its URL) to `destination`: a path (written
    /// through a temporary file and an atomic rename, so a failed or interrupted download
    /// leaves nothing) or a binary file object with `write()`. Returns the number of bytes.
    ///
    /// `progress(done, total)` is called after the headers and after every chunk (`total` is
    /// `None` when unknown); an exception it raises cancels the download and propagates, and
    /// returning `False` cancels with `CancelledError`. Ctrl-C ends it within about 50 ms, even
    /// while no byte arrives. `max_bytes` caps the size (default: the client's
    /// `max_download_bytes`), `total_timeout` (seconds) the whole download (default: the
    /// client's `download_timeout`; `TimeoutError` with `timeout_phase == "download"`), and
    /// `file_mode` sets a path's exact permission bits (Unix, e.g. `0o600`).
    #[pyo3(signature = (source, destination, *, progress=None, max_bytes=None, total_timeout=None, file_mode=None))]
    #[allow(clippy::too_many_arguments)]
    fn download(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        destination: &Bound<'_, PyAny>,
        progress: Option<Py<PyAny>>,
        max_bytes: Option<u64>,
        total_timeout: Option<f64>,
        file_mode: Option<u32>,
    ) -> PyResult<u64> {
        let url = source_url(py, source)?;
        let total_timeout = total_timeout.map(|s| seconds(py, "total_timeout", s)).transpose()?;
        if let Ok(path) = destination.extract::<PathBuf>() {
            let call = self.begin(py)?;
            let result = py.detach(|| {
                let mut cb = progress_fn(progress.as_ref(), &call.caught);
                call.client.download_to_path(
                    &url,
                    &path,
                    download_options(&mut cb, max_bytes, total_timeout, file_mode),
                )
            });
            return call.finish(py, result);
        }
        if !destination.hasattr("write")? {
            return Err(to_pyerr(
                py,
                invalid(
                    DOWNLOAD,
                    "destination must be a path or a binary file object with write()",
                ),
            ));
        }
        if file_mode.is_some() {
            return Err(to_pyerr(
                py,
                invalid(DOWNLOAD, "file_mode applies to a path destination, not a file object"),
            ));
        }
        let file = destination.clone().unbind();
        let call = self.begin(py)?;
        let result = py.detach(|| {
            let mut cb = progress_fn(progress.as_ref(), &call.caught);
            let mut writer = PyWriter {
                file: &file,
                caught: &call.caught,
            };
            let options = download_options(&mut cb, max_bytes, total_timeout, None);
            call.client.download_to_writer(&url, &mut writer, options)
        });
        call.finish(py, result)
    }

    /// Downloads a document and returns its bytes (for small documents; see `download`).
    #[pyo3(signature = (source, *, progress=None, max_bytes=None, total_timeout=None))]
    fn download_bytes<'py>(
        &self,
        py: Python<'py>,
        source: &Bound<'py, PyAny>,
        progress: Option<Py<PyAny>>,
        max_bytes: Option<u64>,
        total_timeout: Option<f64>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let url = source_url(py, source)?;
        let total_timeout = total_timeout.map(|s| seconds(py, "total_timeout", s)).transpose()?;
        let call = self.begin(py)?;
        let mut buffer = Vec::new();
        let result = py.detach(|| {
            let mut cb = progress_fn(progress.as_ref(), &call.caught);
            let options = download_options(&mut cb, max_bytes, total_timeout, None);
            call.client.download_to_writer(&url, &mut buffer, options)
        });
        call.finish(py, result)?;
        Ok(PyBytes::new(py, &buffer))
    }

    /// Downloads every attachment of a meeting that has a URL into `directory` (created if
    /// needed) with safe, unique file names; existing files are never overwritten. Each file
    /// is written atomically. `progress(done, total)` is called per file; `file_mode` sets the
    /// files' exact permission bits (Unix). Stops at the first failure and raises it (the files
    /// saved before it stay); see `download_all_report` to go on and to resume.
    #[pyo3(signature = (call_id, directory, *, progress=None, file_mode=None))]
    fn download_all(
        &self,
        py: Python<'_>,
        call_id: String,
        directory: PathBuf,
        progress: Option<Py<PyAny>>,
        file_mode: Option<u32>,
    ) -> PyResult<Vec<SavedFile>> {
        let call_id = CallId::new(call_id);
        let files = self.download_many(py, idiligo::OnError::Stop, false, progress, file_mode, |c, o| {
            c.download_all_with(&call_id, &directory, o)
                .and_then(idiligo::DownloadReport::into_result)
        })?;
        saved_files(py, files)
    }

    /// Downloads every attachment of a meeting into `directory` as `download_all` does, and
    /// reports per attachment what happened (a `DownloadReport`) instead of raising at the
    /// first failure. `on_error="continue"` goes on after a failed attachment (`"stop"`, the
    /// default, reports the rest as `"not_attempted"`); `resume=True` keeps a manifest
    /// (`.idiligo-manifest.tsv`) in the directory, keyed by attachment id, so a rerun fetches
    /// only what is missing and never saves a document twice. Raises only when nothing could
    /// be tried (`GetAttachments` failed, the directory cannot be created), or for a cancel
    /// (an exception from `progress`, Ctrl-C, the view's `CancelToken`).
    #[pyo3(signature = (call_id, directory, *, on_error="stop", resume=false, progress=None, file_mode=None))]
    #[allow(clippy::too_many_arguments)]
    fn download_all_report(
        &self,
        py: Python<'_>,
        call_id: String,
        directory: PathBuf,
        on_error: &str,
        resume: bool,
        progress: Option<Py<PyAny>>,
        file_mode: Option<u32>,
    ) -> PyResult<types::DownloadReport> {
        let on_error = on_error_mode(py, on_error)?;
        let call_id = CallId::new(call_id);
        let report = self.download_many(py, on_error, resume, progress, file_mode, |c, o| {
            c.download_all_with(&call_id, &directory, o)
        })?;
        download_report(py, report)
    }

    /// Like `download_all` for a list of attachments you already have.
    #[pyo3(signature = (attachments, directory, *, progress=None, file_mode=None))]
    fn download_attachments(
        &self,
        py: Python<'_>,
        attachments: &Bound<'_, PyAny>,
        directory: PathBuf,
        progress: Option<Py<PyAny>>,
        file_mode: Option<u32>,
    ) -> PyResult<Vec<SavedFile>> {
        let list = attachment_list(attachments)?;
        let files = self.download_many(py, idiligo::OnError::Stop, false, progress, file_mode, |c, o| {
            c.download_attachments_with(&list, &directory, o)
                .and_then(idiligo::DownloadReport::into_result)
        })?;
        saved_files(py, files)
    }

    /// Like `download_all_report` for a list of attachments you already have.
    #[pyo3(signature = (attachments, directory, *, on_error="stop", resume=false, progress=None, file_mode=None))]
    #[allow(clippy::too_many_arguments)]
    fn download_attachments_report(
        &self,
        py: Python<'_>,
        attachments: &Bound<'_, PyAny>,
        directory: PathBuf,
        on_error: &str,
        resume: bool,
        progress: Option<Py<PyAny>>,
        file_mode: Option<u32>,
    ) -> PyResult<types::DownloadReport> {
        let on_error = on_error_mode(py, on_error)?;
        let list = attachment_list(attachments)?;
        let report = self.download_many(py, on_error, resume, progress, file_mode, |c, o| {
            c.download_attachments_with(&list, &directory, o)
        })?;
        download_report(py, report)
    }

    /// Polls `GetAttachments` every `poll_interval` seconds until the meeting has at least
    /// `min_count` attachments and `condition(attachments)`, if given, returns true (it is
    /// only asked once the count is reached), then returns them. Raises
    /// `idiligo.TimeoutError` after `timeout` seconds; `timeout` and `poll_interval` must be
    /// greater than zero (the core's rules, the same as the C library's). Ctrl-C (and the
    /// view's `CancelToken`) ends the wait within about 50 ms, also between polls.
    #[pyo3(signature = (call_id, *, min_count=1, condition=None, timeout=60.0, poll_interval=2.0))]
    fn wait_for_attachments(
        &self,
        py: Python<'_>,
        call_id: String,
        min_count: usize,
        condition: Option<Py<PyAny>>,
        timeout: f64,
        poll_interval: f64,
    ) -> PyResult<Vec<Attachment>> {
        let timeout = seconds(py, "timeout", timeout)?;
        let poll = seconds(py, "poll_interval", poll_interval)?;
        // Checked here, before anything is sent; rebuilt (infallibly) inside the detached
        // closure (the options are not `Send`).
        idiligo::WaitOptions::new(timeout, poll).py_err(py)?;
        let call = self.begin(py)?;
        let caught = &call.caught;
        let result = py.detach(|| {
            let check = |list: &[idiligo::Attachment]| -> bool {
                let Some(cond) = condition.as_ref() else {
                    return true;
                };
                Python::attach(|py| {
                    if caught.pending(py) {
                        return true;
                    }
                    let items: Vec<Attachment> = list.iter().cloned().map(Attachment::from_core).collect();
                    let outcome = PyList::new(py, items)
                        .and_then(|l| cond.call1(py, (l,)))
                        .and_then(|r| r.bind(py).is_truthy());
                    match outcome {
                        Ok(done) => done,
                        Err(e) => {
                            // Stop waiting; the exception is re-raised by `finish`.
                            caught.callback(e);
                            true
                        }
                    }
                })
            };
            let options = idiligo::WaitOptions::new(timeout, poll)?.min_count(min_count);
            call.client.wait_for_attachments(&CallId::new(call_id), options, check)
        });
        call.finish(py, result)
            .map(|v| v.into_iter().map(Attachment::from_core).collect())
    }
}

/// The options of one download.
fn download_options<'a>(
    progress: idiligo::Progress<'a>,
    max_bytes: Option<u64>,
    total_timeout: Option<Duration>,
    file_mode: Option<u32>,
) -> DownloadOptions<'a> {
    let mut o = DownloadOptions::new().progress(progress);
    if let Some(m) = max_bytes {
        o = o.max_bytes(m);
    }
    if let Some(t) = total_timeout {
        o = o.total_timeout(t);
    }
    if let Some(m) = file_mode {
        o = o.file_mode(m);
    }
    o
}

/// The options of one upload.
fn upload_options<'a>(
    progress: idiligo::Progress<'a>,
    external_id: Option<String>,
    private: bool,
    temporary: bool,
    max_bytes: Option<u64>,
    filename: Option<String>,
) -> idiligo::UploadOptions<'a> {
    let mut o = idiligo::UploadOptions::new()
        .progress(progress)
        .private(private)
        .temporary(temporary);
    if let Some(id) = external_id {
        o = o.external_id(id);
    }
    if let Some(m) = max_bytes {
        o = o.max_bytes(m);
    }
    if let Some(name) = filename {
        o = o.filename(name);
    }
    o
}

/// `on_error` as the core's mode.
fn on_error_mode(py: Python<'_>, on_error: &str) -> PyResult<idiligo::OnError> {
    match on_error {
        "stop" => Ok(idiligo::OnError::Stop),
        "continue" => Ok(idiligo::OnError::Continue),
        other => Err(to_pyerr(
            py,
            invalid(
                DOWNLOAD,
                format!("on_error must be \"stop\" or \"continue\", not {other:?}"),
            ),
        )),
    }
}

/// The core attachments of an iterable of `Attachment`.
fn attachment_list(attachments: &Bound<'_, PyAny>) -> PyResult<Vec<idiligo::Attachment>> {
    let mut list = Vec::new();
    for a in attachments.try_iter()? {
        list.push(a?.cast::<Attachment>()?.get().to_core());
    }
    Ok(list)
}

fn download_report(py: Python<'_>, report: idiligo::DownloadReport) -> PyResult<types::DownloadReport> {
    let complete = report.is_complete();
    let manifest_error = report.manifest_error.map(|e| to_pyerr(py, e).into_value(py).into_any());
    let mut outcomes = Vec::with_capacity(report.outcomes.len());
    for o in report.outcomes {
        let outcome = o.outcome.as_str();
        let path = o.outcome.path().map(|p| p.to_path_buf());
        let bytes = o.outcome.bytes();
        let error = match o.outcome {
            idiligo::Outcome::Failed(e) => Some(to_pyerr(py, e).into_value(py).into_any()),
            _ => None,
        };
        outcomes.push(Py::new(
            py,
            types::DownloadOutcome {
                attachment: Py::new(py, Attachment::from_core(o.attachment))?,
                outcome,
                path,
                bytes,
                error,
            },
        )?);
    }
    Ok(types::DownloadReport {
        outcomes,
        complete,
        manifest_error,
    })
}

fn saved_files(py: Python<'_>, files: Vec<idiligo::SavedFile>) -> PyResult<Vec<SavedFile>> {
    files
        .into_iter()
        .map(|f| {
            Ok(SavedFile {
                attachment: Py::new(py, Attachment::from_core(f.attachment))?,
                path: f.path,
                bytes: f.bytes,
            })
        })
        .collect()
}

/// Builds `{base}/client?id={public id}` with the id percent-encoded; an empty public id
/// raises `InvalidArgumentError`.
#[pyfunction]
pub fn participant_url(py: Python<'_>, base_url: &str, public_id: &str) -> PyResult<String> {
    idiligo::participant_url(base_url, &PublicId::new(public_id)).py_err(py)
}

/// A file name that is safe on every platform, derived from an attachment description
/// (the rule `download_all` uses).
#[pyfunction]
pub fn safe_file_name(description: &str, id: &str) -> String {
    idiligo::safe_file_name(description, id)
}

use pyo3::types::PyTuple;
