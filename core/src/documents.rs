//! Documents from the application itself: uploads from bytes, files and readers, and the
//! documents of a meeting (attach, status, progress, delete, wait until converted). The
//! binding and the size limits of uploads are documented on [`UploadOptions`].

use std::cell::RefCell;
use std::fmt;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::client::Client;
use crate::config::Binding;
use crate::download::{Progress, WaitOptions};
use crate::error::{Error, Result};
use crate::exchange::{Request, Value};
use crate::ids::{CallId, DocumentId};
use crate::operations::require;
use crate::ops::Op;
use crate::soap::BinarySource;
use crate::xml;

/// Options of one upload ([`Client::add_document_from_bytes`], [`Client::add_document_from_file`],
/// [`Client::add_document_from_reader`]).
///
/// ## Which binding an upload uses: always SOAP
///
/// `AddDocumentFromBytes(Ex)` takes a `byte[]`. Over HTTP GET and POST ASP.NET binds it from
/// one form value per byte (`file=37&file=80&…`, 5 to 9 characters per byte); over SOAP it is
/// base64 text (4 characters per 3 bytes). Measured on the Mono replica under ASP.NET's
/// default request limits (`tests/asmx/README.md`, "Document size limits per binding"), the
/// largest document stored was:
///
/// | binding | largest document | limit that binds |
/// |---|---|---|
/// | HTTP GET | 221–284 bytes (by content) | `maxQueryStringLength` 2,048 characters |
/// | HTTP POST | 466,141–599,324 bytes (by content) | `maxRequestLength` 4,096 KB |
/// | SOAP 1.1 | 3,146,262 bytes (any content) | `maxRequestLength` 4,096 KB |
///
/// (about 1 KB less on Microsoft's runtime, which compares bytes rather than whole kilobytes;
/// the live service may have raised the limit). So the upload methods send every document
/// over SOAP whatever the client's [`Binding`](crate::Binding) — the token is the same on
/// every binding — streaming the base64 from the source with the `Content-Length` computed up
/// front: the document is never held in memory as base64, nor twice. A document beyond the
/// service's limit gets the service's answer: on Mono a `soap:Server` fault
/// (`There was an exception running the extensions specified in the config file. ---> Upload
/// size exceeds httpRuntime limit.`), an [`ErrorKind::Service`](crate::ErrorKind::Service)
/// error. [`Client::call`] keeps the client's binding for these operations too.
///
/// ## What is checked before anything is sent
/// An empty or blank file name, an empty document, a document over the size cap
/// ([`UploadOptions::max_bytes`], default [`ClientBuilder::max_upload_bytes`](crate::ClientBuilder::max_upload_bytes),
/// 64 MiB) and a path that is a directory are
/// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) errors; a file that does not
/// exist or cannot be opened is an [`ErrorKind::Io`](crate::ErrorKind::Io) error. A file that
/// changes size while it is sent, or a reader that delivers less or more than its declared
/// length, stops the request before its envelope is complete (the service stores nothing) with
/// an `Io` error; the progress callback returning `false` stops it with
/// [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled).
///
/// ## Time and cancellation
/// An upload has no total deadline (its length is the caller's): every read and write of the
/// request and the answer must make progress within the client's
/// [`stall_timeout`](crate::ClientBuilder::stall_timeout) (default 60 s), as for downloads.
/// The client's cancel token ([`Client::with_cancel`](crate::Client::with_cancel)) stops it
/// like any call.
///
/// ```
/// use idiligo::UploadOptions;
///
/// let mut seen = 0;
/// let mut progress = |done: u64, _total: Option<u64>| { seen = done; true };
/// let options = UploadOptions::new()
///     .external_id("crm-7")
///     .private(true)
///     .max_bytes(10 * 1024 * 1024)
///     .progress(&mut progress);
/// # drop(options);
/// ```
#[derive(Default)]
pub struct UploadOptions<'a> {
    filename: Option<String>,
    external_id: Option<String>,
    private: bool,
    temporary: bool,
    max_bytes: Option<u64>,
    progress: Option<Progress<'a>>,
}

impl fmt::Debug for UploadOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadOptions")
            .field("filename", &self.filename)
            .field("external_id", &self.external_id)
            .field("private", &self.private)
            .field("temporary", &self.temporary)
            .field("max_bytes", &self.max_bytes)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl<'a> UploadOptions<'a> {
    /// The defaults: `AddDocumentFromBytes`, the client's size cap, no progress callback, the
    /// file's own name.
    pub fn new() -> Self {
        UploadOptions::default()
    }

    /// The name the document gets in the meeting, for
    /// [`Client::add_document_from_file`] (default: the path's file name). The byte and reader
    /// uploads take the name as an argument; this overrides it.
    pub fn filename(mut self, name: impl Into<String>) -> Self {
        self.filename = Some(name.into());
        self
    }

    /// Your key for the document (as `AddDocumentFromUrl` stores it); setting it, or
    /// [`private`](Self::private) or [`temporary`](Self::temporary), sends
    /// `AddDocumentFromBytesEx` instead of `AddDocumentFromBytes`.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    /// `AddDocumentFromBytesEx`'s `priv` flag (default false).
    pub fn private(mut self, private: bool) -> Self {
        self.private = private;
        self
    }

    /// `AddDocumentFromBytesEx`'s `temp` flag (default false).
    pub fn temporary(mut self, temporary: bool) -> Self {
        self.temporary = temporary;
        self
    }

    /// Size cap for this upload, in bytes of the document (overrides the client's
    /// [`max_upload_bytes`](crate::ClientBuilder::max_upload_bytes)). A cap of 0 is refused.
    pub fn max_bytes(mut self, limit: u64) -> Self {
        self.max_bytes = Some(limit);
        self
    }

    /// Calls `progress(done, total)` with the document bytes sent so far (`total` is the
    /// document's size), once before the first byte and after every chunk of up to 48 KiB;
    /// returning `false` cancels the upload with an
    /// [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) error (the request is cut short,
    /// so the service stores nothing). A repeat after a re-login starts again at 0.
    pub fn progress(mut self, progress: Progress<'a>) -> Self {
        self.progress = Some(progress);
        self
    }

    fn uses_ex(&self) -> bool {
        self.external_id.is_some() || self.private || self.temporary
    }

    fn operation(&self) -> Op {
        if self.uses_ex() {
            Op::AddDocumentFromBytesEx
        } else {
            Op::AddDocumentFromBytes
        }
    }
}

/// The conversion status of a stored document, as `GetDocumentStatus` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentStatus {
    /// `BUSY`: still being converted.
    Busy,
    /// `READY`: converted; the meeting can show it.
    Ready,
    /// `NOT FOUND`: no such document (never stored, or deleted).
    NotFound,
    /// `ERROR`: the conversion failed.
    Error,
    /// Any other text the service answered, kept as it came (trimmed).
    Other(String),
}

impl DocumentStatus {
    /// The status of the service's text (`BUSY`, `READY`, `NOT FOUND`, `ERROR`, compared
    /// without regard to case and surrounding white space; anything else is
    /// [`DocumentStatus::Other`]).
    ///
    /// ```
    /// use idiligo::DocumentStatus;
    ///
    /// assert_eq!(DocumentStatus::from_text("NOT FOUND"), DocumentStatus::NotFound);
    /// assert_eq!(DocumentStatus::from_text(" Ready "), DocumentStatus::Ready);
    /// assert_eq!(DocumentStatus::from_text("QUEUED"), DocumentStatus::Other("QUEUED".into()));
    /// ```
    pub fn from_text(text: &str) -> DocumentStatus {
        let t = text.trim();
        match t.to_ascii_uppercase().as_str() {
            "BUSY" => DocumentStatus::Busy,
            "READY" => DocumentStatus::Ready,
            "NOT FOUND" => DocumentStatus::NotFound,
            "ERROR" => DocumentStatus::Error,
            _ => DocumentStatus::Other(t.to_owned()),
        }
    }

    /// The service's text: `BUSY`, `READY`, `NOT FOUND`, `ERROR`, or the other text.
    pub fn as_str(&self) -> &str {
        match self {
            DocumentStatus::Busy => "BUSY",
            DocumentStatus::Ready => "READY",
            DocumentStatus::NotFound => "NOT FOUND",
            DocumentStatus::Error => "ERROR",
            DocumentStatus::Other(t) => t,
        }
    }
}

impl fmt::Display for DocumentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document's conversion progress, as `GetDocumentProgress` answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentProgress {
    /// `Status`.
    pub status: DocumentStatus,
    /// `Percentage` (`xsd:decimal`; 0–100 on the emulators; 0 when the service left it out).
    pub percentage: f64,
}

// ---------------------------------------------------------------------------- the source

/// Where an upload's bytes come from.
enum Source<'a> {
    /// In memory (read in place, never copied whole).
    Bytes { bytes: &'a [u8], at: usize },
    /// A file (read from the start again for a repeat).
    File(std::fs::File),
    /// A reader with a declared length (read once).
    Reader(&'a mut dyn Read),
}

struct State<'s, 'p> {
    source: Source<'s>,
    /// Bytes read since the last `open`.
    done: u64,
    /// Whether any byte was ever read (a one-shot reader cannot be opened again then).
    consumed: bool,
    progress: Option<Progress<'p>>,
    failure: Option<Error>,
}

/// An upload's document, streamed into the SOAP envelope (see [`BinarySource`]).
struct Upload<'s, 'p> {
    op: &'static str,
    len: u64,
    state: RefCell<State<'s, 'p>>,
}

impl fmt::Debug for Upload<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload").field("len", &self.len).finish_non_exhaustive()
    }
}

impl<'s, 'p> Upload<'s, 'p> {
    fn new(op: &'static str, len: u64, source: Source<'s>, progress: Option<Progress<'p>>) -> Self {
        Upload {
            op,
            len,
            state: RefCell::new(State {
                source,
                done: 0,
                consumed: false,
                progress,
                failure: None,
            }),
        }
    }
}

impl BinarySource for Upload<'_, '_> {
    fn len(&self) -> u64 {
        self.len
    }

    fn open(&self) -> Result<Box<dyn Read + '_>> {
        let mut st = self.state.borrow_mut();
        let consumed = st.consumed;
        match &mut st.source {
            Source::Bytes { at, .. } => *at = 0,
            Source::File(f) => {
                f.seek(SeekFrom::Start(0))
                    .map_err(|e| Error::io(self.op, "rewinding the document", e))?;
            }
            Source::Reader(_) if consumed => {
                return Err(Error::invalid(
                    self.op,
                    "the request must be repeated (after a re-login), and a reader with a declared length \
                     cannot be read twice; upload from a file, from bytes, or from a reader without a length \
                     (which is spooled to a temporary file first)",
                ))
            }
            Source::Reader(_) => {}
        }
        st.done = 0;
        st.failure = None;
        let len = self.len;
        if let Some(p) = st.progress.as_mut() {
            if !p(0, Some(len)) {
                // Before the first byte of this attempt: nothing was sent.
                return Err(Error::Cancelled {
                    operation: self.op,
                    sent: false,
                });
            }
        }
        drop(st);
        Ok(Box::new(UploadReader { upload: self }))
    }

    fn take_failure(&self) -> Option<Error> {
        self.state.borrow_mut().failure.take()
    }
}

/// Reads an [`Upload`]'s bytes for one attempt: exactly `len` of them, reporting progress.
struct UploadReader<'u, 's, 'p> {
    upload: &'u Upload<'s, 'p>,
}

impl UploadReader<'_, '_, '_> {
    fn fail(&self, st: &mut State<'_, '_>, e: Error) -> std::io::Error {
        let message = e.to_string();
        st.failure = Some(e);
        std::io::Error::other(message)
    }
}

impl Read for UploadReader<'_, '_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let up = self.upload;
        let mut guard = up.state.borrow_mut();
        let st = &mut *guard;
        let left = up.len - st.done;
        if left == 0 || buf.is_empty() {
            return Ok(0);
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let got = match &mut st.source {
            Source::Bytes { bytes, at } => {
                let n = want.min(bytes.len() - *at);
                buf[..n].copy_from_slice(&bytes[*at..*at + n]);
                *at += n;
                Ok(n)
            }
            Source::File(f) => f.read(&mut buf[..want]),
            Source::Reader(r) => r.read(&mut buf[..want]),
        };
        let n = match got {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => return Err(e),
            Err(e) => return Err(self.fail(st, Error::io(up.op, "reading the document", e))),
        };
        if n > 0 {
            st.consumed = true;
        }
        if n == 0 {
            let e = std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!(
                    "the document ended after {} of {} bytes (it changed while it was being uploaded)",
                    st.done, up.len
                ),
            );
            return Err(self.fail(st, Error::io(up.op, "reading the document", e)));
        }
        st.done += n as u64;
        if st.done == up.len {
            // The declared length is reached: the source must be at its end, or the request is
            // stopped before its envelope is complete.
            let mut probe = [0u8; 1];
            let extra = match &mut st.source {
                Source::Bytes { .. } => 0,
                Source::File(f) => f.read(&mut probe).unwrap_or(0),
                Source::Reader(r) => r.read(&mut probe).unwrap_or(0),
            };
            if extra > 0 {
                let e = std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "the document is longer than the {} bytes it had when the upload started",
                        up.len
                    ),
                );
                return Err(self.fail(st, Error::io(up.op, "reading the document", e)));
            }
        }
        let (done, total) = (st.done, up.len);
        if let Some(p) = st.progress.as_mut() {
            if !p(done, Some(total)) {
                // The request is cut before its envelope is complete: the service cannot have
                // stored the document.
                let e = Error::Cancelled {
                    operation: up.op,
                    sent: false,
                };
                return Err(self.fail(st, e));
            }
        }
        Ok(n)
    }
}

/// What is wrong with a document of `len` bytes under an upload size cap of `cap`, if
/// anything (the uploads' check, and `start_meeting`'s before it creates anything).
pub(crate) fn size_problem(len: u64, cap: u64) -> Option<String> {
    if len == 0 {
        return Some("the document is empty (the service refuses empty documents)".into());
    }
    if len > cap {
        return Some(format!(
            "the document has {len} bytes, more than the upload size cap of {cap} bytes"
        ));
    }
    None
}

// ---------------------------------------------------------------------------- the methods

impl Client {
    /// The size cap of an upload: the options' or the client's; 0 is refused.
    fn upload_cap(&self, op: &'static str, options: &UploadOptions<'_>) -> Result<u64> {
        match options.max_bytes {
            Some(0) => Err(Error::invalid(op, "an upload's size cap must be greater than zero")),
            Some(n) => Ok(n),
            None => Ok(self.config().max_upload_bytes),
        }
    }

    fn check_size(op: &'static str, len: u64, cap: u64) -> Result<()> {
        match size_problem(len, cap) {
            Some(problem) => Err(Error::invalid(op, problem)),
            None => Ok(()),
        }
    }

    /// The checks of an upload's texts: a file name (not blank) and an external id XML can
    /// carry.
    fn check_names(op: &'static str, filename: &str, options: &UploadOptions<'_>) -> Result<()> {
        require(op, "filename", filename)?;
        crate::soap::check_text(op, "filename", filename)?;
        crate::soap::check_text(op, "external id", options.external_id.as_deref().unwrap_or(""))
    }

    /// Sends an upload over SOAP and reads the document id.
    fn upload(&self, filename: &str, source: Source<'_>, len: u64, options: UploadOptions<'_>) -> Result<DocumentId> {
        let op = options.operation();
        let name = op.name();
        let external = options.external_id.clone().unwrap_or_default();
        let private = if options.private { "true" } else { "false" };
        let temporary = if options.temporary { "true" } else { "false" };
        let upload = Upload::new(name, len, source, options.progress);
        let ex;
        let plain;
        let values: &[Value<'_>] = if op == Op::AddDocumentFromBytesEx {
            ex = [
                Value::Binary(&upload),
                Value::Str(filename),
                Value::Str(&external),
                Value::Str(private),
                Value::Str(temporary),
            ];
            &ex
        } else {
            plain = [Value::Binary(&upload), Value::Str(filename)];
            &plain
        };
        let mut req = Request::table(op, self.op_url(op), values);
        req.binding = Some(Binding::Soap);
        let reply = self.run(&req)?;
        match self.scalar(name, reply, &["long", "int", "string"])? {
            Some(v) if !v.trim().is_empty() => Ok(DocumentId::new(v.trim())),
            _ => Err(Error::parse(name, "the service returned an empty document id")),
        }
    }

    /// `AddDocumentFromBytes` (or `AddDocumentFromBytesEx` with an external id, private or
    /// temporary flag in `options`): stores `bytes` as `filename` and returns the document id.
    /// Always over SOAP, the base64 encoded while it is sent (see [`UploadOptions`] for the binding and the size limits). Attach the document with
    /// [`add_document_to_call`](Self::add_document_to_call) or
    /// [`set_document_to_upload_action`](Self::set_document_to_upload_action).
    ///
    /// ```
    /// # #[cfg(feature = "sandbox")] {
    /// use idiligo::{sandbox::Sandbox, UploadOptions};
    ///
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client()?;
    /// let doc = client.add_document_from_bytes("offer.pdf", b"%PDF-1.4 offer", UploadOptions::new())?;
    /// assert_eq!(sandbox.document_bytes(&doc).unwrap(), b"%PDF-1.4 offer");
    /// # }
    /// # Ok::<(), idiligo::Error>(())
    /// ```
    pub fn add_document_from_bytes(
        &self,
        filename: &str,
        bytes: &[u8],
        options: UploadOptions<'_>,
    ) -> Result<DocumentId> {
        let op = options.operation().name();
        let filename = options.filename.clone().unwrap_or_else(|| filename.to_owned());
        Self::check_names(op, &filename, &options)?;
        Self::check_size(op, bytes.len() as u64, self.upload_cap(op, &options)?)?;
        self.upload(&filename, Source::Bytes { bytes, at: 0 }, bytes.len() as u64, options)
    }

    /// Stores the file at `path` (named as the path's file name unless
    /// [`UploadOptions::filename`] says otherwise) and returns the document id. The file is
    /// streamed: read in chunks and base64-encoded as the request is sent, with the request's
    /// length computed from the file's size up front; it is read again from the start if the
    /// request must be repeated (after a re-login). See [`UploadOptions`] for the binding and the size limits.
    ///
    /// ```
    /// # #[cfg(feature = "sandbox")] {
    /// use idiligo::{sandbox::Sandbox, UploadOptions};
    ///
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client()?;
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("scan.pdf");
    /// std::fs::write(&path, b"%PDF-1.4 scan").unwrap();
    /// let doc = client.add_document_from_file(&path, UploadOptions::new().external_id("crm-9"))?;
    /// assert_eq!(sandbox.document(&doc).unwrap().filename, "scan.pdf");
    /// # }
    /// # Ok::<(), idiligo::Error>(())
    /// ```
    pub fn add_document_from_file(&self, path: impl AsRef<Path>, options: UploadOptions<'_>) -> Result<DocumentId> {
        let path = path.as_ref();
        let op = options.operation().name();
        let filename = match &options.filename {
            Some(n) => n.clone(),
            None => match path.file_name().map(|n| n.to_str()) {
                Some(Some(n)) => n.to_owned(),
                Some(None) => {
                    return Err(Error::invalid(
                        op,
                        format!(
                            "the file name of {} is not valid UTF-8; give one with UploadOptions::filename",
                            path.display()
                        ),
                    ))
                }
                None => return Err(Error::invalid(op, format!("{} has no file name", path.display()))),
            },
        };
        Self::check_names(op, &filename, &options)?;
        let cap = self.upload_cap(op, &options)?;
        let meta =
            std::fs::metadata(path).map_err(|e| Error::io(op, format!("reading {}", path.display()), e).at(path))?;
        if meta.is_dir() {
            return Err(Error::invalid(
                op,
                format!("{} is a directory, not a file", path.display()),
            ));
        }
        let file =
            std::fs::File::open(path).map_err(|e| Error::io(op, format!("opening {}", path.display()), e).at(path))?;
        let len = file
            .metadata()
            .map_err(|e| Error::io(op, format!("reading {}", path.display()), e).at(path))?
            .len();
        Self::check_size(op, len, cap)?;
        // An I/O error of the upload can only come from reading the file (a file that changed
        // size while it was sent): it names the file.
        self.upload(&filename, Source::File(file), len, options)
            .map_err(|e| e.at(path))
    }

    /// Stores what `reader` delivers as `filename` and returns the document id. With a
    /// `length`, exactly that many bytes are streamed as they are read (more or fewer is an
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) error that stops the request before it is
    /// complete); such a reader is read once, so a request that must be repeated after the
    /// service rejected the session token fails with an
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) error. Without a
    /// length the reader is first copied to an anonymous temporary file (checked against the
    /// size cap as it is copied; nothing is sent when it is empty or too large), which is then
    /// uploaded like [`add_document_from_file`](Self::add_document_from_file).
    pub fn add_document_from_reader(
        &self,
        filename: &str,
        reader: &mut dyn Read,
        length: Option<u64>,
        options: UploadOptions<'_>,
    ) -> Result<DocumentId> {
        let op = options.operation().name();
        let filename = options.filename.clone().unwrap_or_else(|| filename.to_owned());
        Self::check_names(op, &filename, &options)?;
        let cap = self.upload_cap(op, &options)?;
        match length {
            Some(len) => {
                Self::check_size(op, len, cap)?;
                self.upload(&filename, Source::Reader(reader), len, options)
            }
            None => {
                let mut spool = tempfile::tempfile().map_err(|e| Error::io(op, "creating the spool file", e))?;
                let copied = std::io::copy(&mut reader.take(cap.saturating_add(1)), &mut spool)
                    .map_err(|e| Error::io(op, "spooling the document", e))?;
                if copied > cap {
                    return Err(Error::invalid(
                        op,
                        format!("the document has more than the upload size cap of {cap} bytes"),
                    ));
                }
                Self::check_size(op, copied, cap)?;
                self.upload(&filename, Source::File(spool), copied, options)
            }
        }
    }

    // ------------------------------------------------------------------ documents of a meeting

    /// `AddDocumentToCall`: attaches a stored document to a meeting at a node of its script
    /// (`node_code`, may be empty); returns the document id the service answers. An unknown
    /// call or document is the service's error (`Unknown callId.`, `Unknown documentId.`).
    pub fn add_document_to_call(&self, call: &CallId, document: &DocumentId, node_code: &str) -> Result<DocumentId> {
        const OP: Op = Op::AddDocumentToCall;
        require(OP.name(), "call id", call.as_str())?;
        require(OP.name(), "document id", document.as_str())?;
        let reply = self.invoke(
            OP,
            &[
                Value::Str(call.as_str()),
                Value::Str(document.as_str()),
                Value::Str(node_code),
            ],
        )?;
        match self.scalar(OP.name(), reply, &["long", "int", "string"])? {
            Some(v) if !v.trim().is_empty() => Ok(DocumentId::new(v.trim())),
            _ => Err(Error::parse(OP.name(), "the service returned an empty document id")),
        }
    }

    /// `GetDocumentStatus`: the conversion status of a stored document. An unknown (or deleted)
    /// document is [`DocumentStatus::NotFound`], not an error: the service answers `NOT FOUND`.
    pub fn get_document_status(&self, document: &DocumentId) -> Result<DocumentStatus> {
        const OP: Op = Op::GetDocumentStatus;
        require(OP.name(), "document id", document.as_str())?;
        let reply = self.invoke(OP, &[Value::Str(document.as_str())])?;
        let text = self.scalar(OP.name(), reply, &["string"])?.unwrap_or_default();
        Ok(DocumentStatus::from_text(&text))
    }

    /// `GetDocumentProgress`: the conversion status and percentage of a stored document (an
    /// unknown one is `NOT FOUND` with 0 %).
    pub fn get_document_progress(&self, document: &DocumentId) -> Result<DocumentProgress> {
        const OP: Op = Op::GetDocumentProgress;
        require(OP.name(), "document id", document.as_str())?;
        let (body, wire) = Self::reply_body(OP, self.invoke(OP, &[Value::Str(document.as_str())])?)?;
        let answer = crate::operations::answer_type(OP);
        let Some(mut e) = xml::parse_complex(OP.name(), &body, wire, answer)? else {
            return Err(Error::parse(OP.name(), "the service returned no progress (nil)"));
        };
        let status = DocumentStatus::from_text(&e.string("Status").unwrap_or_default());
        let percentage = match e.string("Percentage").as_deref().map(str::trim) {
            None | Some("") => 0.0,
            Some(p) => p
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| Error::parse(OP.name(), format!("Percentage is not an xsd:decimal: {p:?}")))?,
        };
        Ok(DocumentProgress { status, percentage })
    }

    /// `DeleteDocument`: removes a stored document and every binding of it; `false` when the
    /// service did not know it (the service answers `false`, not an error).
    pub fn delete_document(&self, document: &DocumentId) -> Result<bool> {
        const OP: Op = Op::DeleteDocument;
        require(OP.name(), "document id", document.as_str())?;
        let reply = self.invoke(OP, &[Value::Str(document.as_str())])?;
        self.boolean(OP.name(), reply)
    }

    /// `SetCallValues`: writes name/value pairs into a meeting by call id, in order (a later
    /// value for a name replaces the earlier one); returns the service's answer. **SOAP only**:
    /// the service does not offer it on HTTP GET/POST, so a client with another binding refuses
    /// it before sending (an [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    /// error saying so). Unlike [`set_values`](Self::set_values) over GET/POST, values with
    /// markup (`<b>`) are stored as given, and there is no batching: one request carries every
    /// pair (a request over the service's size limit fails). Names must not be empty.
    ///
    /// ```
    /// # #[cfg(feature = "sandbox")] {
    /// use idiligo::{sandbox::Sandbox, Binding};
    ///
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client_builder().binding(Binding::Soap).build()?;
    /// let call = client.create_call("INTAKE")?;
    /// assert!(client.set_call_values(&call, [("Note", "<b>bold</b>")])?);
    /// assert_eq!(client.get_call_values(&call)?[0].value.as_deref(), Some("<b>bold</b>"));
    /// # }
    /// # Ok::<(), idiligo::Error>(())
    /// ```
    pub fn set_call_values<I, K, V>(&self, call: &CallId, pairs: I) -> Result<bool>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        const OP: Op = Op::SetCallValues;
        require(OP.name(), "call id", call.as_str())?;
        let owned: Vec<(K, V)> = pairs.into_iter().collect();
        for (k, _) in &owned {
            require(OP.name(), "value name", k.as_ref())?;
        }
        let pairs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
        let reply = self.invoke(OP, &[Value::Str(call.as_str()), Value::Pairs(&pairs)])?;
        self.boolean(OP.name(), reply)
    }

    /// Waits until a stored document is converted: polls `GetDocumentStatus` until it is
    /// `READY`. The first poll is immediate; the next comes after a quarter of the options'
    /// poll interval, each further one after twice the previous wait, at most the poll
    /// interval (so a quick conversion is seen quickly and a slow one is not polled hard).
    /// `BUSY` and unknown statuses keep it waiting. Ends with an
    /// [`ErrorKind::Service`](crate::ErrorKind::Service) error when the status is `ERROR` (the
    /// conversion failed) or `NOT FOUND` (no such document), an
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) error (phase
    /// [`TimeoutPhase::Wait`](crate::TimeoutPhase::Wait)) after the options' timeout, and
    /// [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) when their `on_poll` hook returns
    /// false. The minimum count of the options is not used here.
    ///
    /// ```
    /// # #[cfg(feature = "sandbox")] {
    /// use std::time::Duration;
    /// use idiligo::{sandbox::Sandbox, UploadOptions, WaitOptions};
    ///
    /// let sandbox = Sandbox::builder().conversion_time(Duration::from_millis(200)).start()?;
    /// let client = sandbox.client()?;
    /// let doc = client.add_document_from_bytes("a.pdf", b"%PDF", UploadOptions::new())?;
    /// client.wait_for_document(&doc, WaitOptions::new(Duration::from_secs(10), Duration::from_millis(100))?)?;
    /// # }
    /// # Ok::<(), idiligo::Error>(())
    /// ```
    pub fn wait_for_document(&self, document: &DocumentId, options: WaitOptions<'_>) -> Result<()> {
        const WAIT: &str = "wait_for_document";
        let (timeout, poll_interval, on_poll) = options.into_parts();
        let mut poller = crate::download::Poller::new(WAIT, timeout, on_poll);
        let mut wait = poll_interval / 4;
        loop {
            poller.before_poll()?;
            let status = self.get_document_status(document)?;
            match status {
                DocumentStatus::Ready => return Ok(()),
                DocumentStatus::Error | DocumentStatus::NotFound => {
                    let what = if status == DocumentStatus::Error {
                        "its conversion failed"
                    } else {
                        "the service does not know it (deleted, or never stored)"
                    };
                    return Err(Error::Service {
                        operation: WAIT,
                        status: 200,
                        message: format!("document {document}: {what} (status {status})"),
                        detail: status.as_str().to_owned(),
                    });
                }
                DocumentStatus::Busy | DocumentStatus::Other(_) => {}
            }
            poller.pause(self, wait)?;
            wait = (wait * 2).min(poll_interval);
        }
    }

    /// An `xsd:boolean` answer.
    pub(crate) fn boolean(&self, op: &'static str, reply: crate::exchange::Reply) -> Result<bool> {
        match self.scalar(op, reply, &["boolean"])?.as_deref().map(str::trim) {
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            other => Err(Error::parse(op, format!("the answer is not an xsd:boolean: {other:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(up: &Upload<'_, '_>) -> std::io::Result<Vec<u8>> {
        let mut r = up.open().unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).map(|_| out)
    }

    #[test]
    fn sources_deliver_exactly_their_length_and_rewind() {
        let data = b"hello world".to_vec();
        let up = Upload::new("t", 11, Source::Bytes { bytes: &data, at: 0 }, None);
        assert_eq!(read_all(&up).unwrap(), data);
        assert_eq!(read_all(&up).unwrap(), data, "bytes are read again from the start");

        let mut f = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut f, &data).unwrap();
        let up = Upload::new("t", 11, Source::File(f), None);
        assert_eq!(read_all(&up).unwrap(), data);
        assert_eq!(read_all(&up).unwrap(), data, "a file is read again from the start");

        // A file longer than announced: an error before the last bytes are passed on.
        let mut f = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut f, &data).unwrap();
        let up = Upload::new("t", 10, Source::File(f), None);
        assert!(read_all(&up).is_err());
        assert_eq!(up.take_failure().unwrap().kind(), crate::ErrorKind::Io);
        // Shorter than announced.
        let mut short = &data[..];
        let up = Upload::new("t", 12, Source::Reader(&mut short), None);
        assert!(read_all(&up).is_err());
        let e = up.take_failure().unwrap();
        assert!(e.to_string().contains("ended after 11 of 12 bytes"), "{e}");
        // A one-shot reader cannot be opened again once read.
        let mut once = &data[..];
        let up = Upload::new("t", 11, Source::Reader(&mut once), None);
        assert_eq!(read_all(&up).unwrap(), data);
        assert_eq!(up.open().err().unwrap().kind(), crate::ErrorKind::InvalidArgument);
    }

    #[test]
    fn progress_reports_and_cancels() {
        let data = vec![7u8; 100_000];
        let mut seen = Vec::new();
        let mut p = |done: u64, total: Option<u64>| {
            seen.push((done, total));
            done < 60_000
        };
        let up = Upload::new("t", 100_000, Source::Bytes { bytes: &data, at: 0 }, Some(&mut p));
        let mut r = up.open().unwrap();
        let mut buf = vec![0u8; 50_000];
        assert_eq!(r.read(&mut buf).unwrap(), 50_000);
        assert!(r.read(&mut buf).is_err());
        drop(r);
        assert_eq!(up.take_failure().unwrap().kind(), crate::ErrorKind::Cancelled);
        drop(up);
        assert_eq!(
            seen,
            [(0, Some(100_000)), (50_000, Some(100_000)), (100_000, Some(100_000))]
        );
    }

    #[test]
    fn small_reads_continue_where_the_last_ended_and_interruptions_are_retried() {
        let data = b"hello world".to_vec();
        let up = Upload::new("t", 11, Source::Bytes { bytes: &data, at: 0 }, None);
        assert_eq!(up.len(), 11);
        let mut r = up.open().unwrap();
        let mut chunks = Vec::new();
        let mut buf = [0u8; 4];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            chunks.push(buf[..n].to_vec());
        }
        assert_eq!(chunks, [b"hell".to_vec(), b"o wo".to_vec(), b"rld".to_vec()]);
        drop(r);

        // A source interrupted by a signal: the reader passes EINTR on (read_to_end retries)
        // instead of failing the upload.
        struct Interrupting<'d> {
            data: &'d [u8],
            interrupt: bool,
        }
        impl Read for Interrupting<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                self.interrupt = !self.interrupt;
                if self.interrupt {
                    return Err(std::io::ErrorKind::Interrupted.into());
                }
                self.data.read(buf)
            }
        }
        let mut source = Interrupting {
            data: &data,
            interrupt: false,
        };
        let up = Upload::new("t", 11, Source::Reader(&mut source), None);
        assert_eq!(read_all(&up).unwrap(), data);
        assert!(up.take_failure().is_none());
        let mut source = Interrupting {
            data: &data,
            interrupt: false,
        };
        let up = Upload::new("t", 11, Source::Reader(&mut source), None);
        let mut r = up.open().unwrap();
        assert_eq!(
            r.read(&mut [0u8; 4]).unwrap_err().kind(),
            std::io::ErrorKind::Interrupted
        );
        drop(r);
        assert!(up.take_failure().is_none(), "an interruption is no failure");
    }

    #[test]
    fn a_reader_that_gave_nothing_may_be_opened_again() {
        // Only a reader that delivered bytes is consumed: one that ended at once (and failed
        // the attempt) can be tried again after a re-login.
        let mut empty: &[u8] = &[];
        let up = Upload::new("t", 5, Source::Reader(&mut empty), None);
        assert!(read_all(&up).is_err());
        assert!(up
            .take_failure()
            .unwrap()
            .to_string()
            .contains("ended after 0 of 5 bytes"));
        assert!(up.open().is_ok());
        let mut some: &[u8] = b"ab";
        let up = Upload::new("t", 5, Source::Reader(&mut some), None);
        assert!(read_all(&up).is_err());
        assert_eq!(up.open().err().unwrap().kind(), crate::ErrorKind::InvalidArgument);
    }

    #[test]
    fn upload_options_keep_their_settings_and_pick_the_operation() {
        let mut progress = |_: u64, _: Option<u64>| true;
        let all = UploadOptions::new()
            .filename("shown.pdf")
            .external_id("crm-9")
            .private(true)
            .temporary(true)
            .max_bytes(1000)
            .progress(&mut progress);
        assert_eq!(
            format!("{all:?}"),
            "UploadOptions { filename: Some(\"shown.pdf\"), external_id: Some(\"crm-9\"), private: true, \
             temporary: true, max_bytes: Some(1000), progress: true }"
        );
        assert_eq!(
            format!("{:?}", UploadOptions::new()),
            "UploadOptions { filename: None, external_id: None, private: false, temporary: false, \
             max_bytes: None, progress: false }"
        );
        let plain = Op::AddDocumentFromBytes;
        let ex = Op::AddDocumentFromBytesEx;
        assert_eq!(UploadOptions::new().operation(), plain);
        assert_eq!(UploadOptions::new().filename("a").max_bytes(5).operation(), plain);
        assert_eq!(UploadOptions::new().external_id("e").operation(), ex);
        assert_eq!(UploadOptions::new().private(true).operation(), ex);
        assert_eq!(UploadOptions::new().temporary(true).operation(), ex);
        assert_eq!(UploadOptions::new().private(false).temporary(false).operation(), plain);

        let up = Upload::new("t", 3, Source::Bytes { bytes: b"abc", at: 0 }, None);
        assert_eq!(format!("{up:?}"), "Upload { len: 3, .. }");
    }

    #[test]
    fn size_checks_refuse_empty_documents_and_only_those_over_the_cap() {
        let op = Op::AddDocumentFromBytes.name();
        let e = Client::check_size(op, 0, 10).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
        assert!(e.to_string().contains("the document is empty"), "{e}");
        assert!(Client::check_size(op, 1, 10).is_ok());
        assert!(Client::check_size(op, 10, 10).is_ok(), "a document of exactly the cap");
        let e = Client::check_size(op, 11, 10).unwrap_err();
        assert!(
            e.to_string()
                .contains("the document has 11 bytes, more than the upload size cap of 10 bytes"),
            "{e}"
        );

        let client = Client::builder()
            .base_url("https://h")
            .max_upload_bytes(4096)
            .build()
            .unwrap();
        assert_eq!(client.upload_cap(op, &UploadOptions::new()).unwrap(), 4096);
        assert_eq!(client.upload_cap(op, &UploadOptions::new().max_bytes(7)).unwrap(), 7);
        let e = client.upload_cap(op, &UploadOptions::new().max_bytes(0)).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);

        assert!(Client::check_names(op, "a.pdf", &UploadOptions::new().external_id("e-1")).is_ok());
        for (name, options) in [
            ("", UploadOptions::new()),
            ("  ", UploadOptions::new()),
            ("a\u{1}.pdf", UploadOptions::new()),
            ("a.pdf", UploadOptions::new().external_id("e\u{0}")),
        ] {
            let e = Client::check_names(op, name, &options).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument, "{name:?}: {e}");
        }
    }

    #[test]
    fn statuses() {
        for (text, s) in [
            ("BUSY", DocumentStatus::Busy),
            ("READY", DocumentStatus::Ready),
            ("NOT FOUND", DocumentStatus::NotFound),
            ("error", DocumentStatus::Error),
        ] {
            assert_eq!(DocumentStatus::from_text(text), s);
            assert_eq!(DocumentStatus::from_text(s.as_str()), s);
        }
        let o = DocumentStatus::from_text(" Queued ");
        assert_eq!(o, DocumentStatus::Other("Queued".into()));
        assert_eq!(o.to_string(), "Queued");
    }
}
