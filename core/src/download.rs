//! Fetching documents back: streaming downloads (following a few redirects), download-all
//! with its modes, waiting for attachments.
//!
//! ## Redirects
//! Attachment URLs are temporary and may point at a storage service, so downloads follow up to
//! [`MAX_REDIRECTS`] redirects (301, 302, 303, 307, 308); API calls follow none. A redirect
//! from `https` to plain `http` is refused, and so is one to a URL the client's http(s) policy
//! refuses; either is an [`ErrorKind::Http`] error with the redirect's status. The user
//! information of a URL (`user:password@`, which the HTTP client would send as an
//! `Authorization` header) is dropped as soon as a redirect leaves its scheme, host and port;
//! no other credential is sent with a download. The final URL is logged at DEBUG, redacted
//! (user information and query values masked).
//!
//! ## Files
//! Files are written through a temporary file (`.idiligo-*.part`) in the target directory
//! and an atomic rename, so a failed or cancelled download leaves nothing behind. They get
//! the mode an ordinary program would give them: `0666` less the process's umask (`0644`
//! under the usual umask `022`), or, when a file is replaced, the mode of the file it
//! replaces. [`DownloadOptions::file_mode`] and [`DownloadAllOptions::file_mode`] set an
//! exact mode instead (for example `0o600` for documents only their owner may read). Modes
//! apply on Unix; elsewhere the platform's defaults apply.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::config::check_url;
use crate::error::{Error, ErrorKind, Result, TimeoutPhase};
use crate::ids::CallId;
use crate::model::Attachment;
use crate::sliced::{Limits, Outcome as IoOutcome, Scope};

mod manifest;
mod names;
mod redirect;

use manifest::Manifest;
pub use manifest::MANIFEST_NAME;
pub use names::safe_file_name;
pub use redirect::MAX_REDIRECTS;
pub(crate) use redirect::{redact_url, without_userinfo};

const OP: &str = "Download";
const CHUNK: usize = 64 * 1024;
/// Temporary files are `.idiligo-XXXXXX.part` in the target directory.
pub(crate) const TEMP_PREFIX: &str = ".idiligo-";
pub(crate) const TEMP_SUFFIX: &str = ".part";

/// Progress callback: `(bytes done, total if known) -> keep going?`. Return `false` to cancel.
pub type Progress<'a> = &'a mut dyn FnMut(u64, Option<u64>) -> bool;

/// Options of one download.
///
/// Files are written through a temporary file (`.idiligo-*.part`) in the target directory
/// and an atomic rename, so a failed or cancelled download leaves nothing behind. They get
/// the mode an ordinary program would give them: `0666` less the process's umask (`0644`
/// under the usual umask `022`), or, when a file is replaced, the mode of the file it
/// replaces. [`file_mode`](Self::file_mode) sets an exact mode instead (for example `0o600`
/// for documents only their owner may read). Modes apply on Unix; elsewhere the platform's
/// defaults apply.
#[derive(Default)]
pub struct DownloadOptions<'a> {
    progress: Option<Progress<'a>>,
    max_bytes: Option<u64>,
    file_mode: Option<u32>,
    total_timeout: Option<Duration>,
}

impl<'a> DownloadOptions<'a> {
    /// Defaults: no progress callback, the client's size cap, the ordinary file mode.
    pub fn new() -> Self {
        DownloadOptions::default()
    }

    /// Calls `progress(done, total)` after the response headers and after every chunk;
    /// returning `false` cancels the download with an [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) error.
    pub fn progress(mut self, progress: Progress<'a>) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Size cap for this download (overrides the client's `max_download_bytes`). A cap of 0
    /// is refused when the download starts (an
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) error).
    pub fn max_bytes(mut self, limit: u64) -> Self {
        self.max_bytes = Some(limit);
        self
    }

    /// The exact permission bits of the file [`Client::download_to_path`] writes (Unix; not
    /// masked by the umask), e.g. `0o600`. Without it a new file gets `0666` less the umask and
    /// a replaced file keeps its mode. Ignored on other platforms and by
    /// [`Client::download_to_writer`].
    pub fn file_mode(mut self, mode: u32) -> Self {
        self.file_mode = Some(mode & 0o7777);
        self
    }

    /// A total deadline for this download, from its start to its last byte (overrides the
    /// client's [`download_timeout`](crate::ClientBuilder::download_timeout)); the stall
    /// timeout still applies to every read. Passing it is an
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) error with phase
    /// [`TimeoutPhase::Download`]; a zero duration is refused when the download starts.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }
}

/// A document saved by [`Client::download_all`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFile {
    /// The attachment it came from.
    pub attachment: Attachment,
    /// Where it was written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// What [`Client::download_all_with`] does when an attachment fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Stop at the first failure; the attachments after it are reported as
    /// [`Outcome::NotAttempted`] (the behaviour of [`Client::download_all`]).
    #[default]
    Stop,
    /// Go on with the next attachment and report every failure. A cancel (from the progress
    /// callback) still stops the whole run.
    Continue,
}

/// How [`Client::download_all_with`] and [`Client::download_attachments_with`] work.
///
/// The default is the behaviour of [`Client::download_all`]: stop at the first failure, no
/// resume, ordinary file modes.
///
/// ```
/// use idiligo::{DownloadAllOptions, OnError};
///
/// let options = DownloadAllOptions::new().on_error(OnError::Continue).resume(true);
/// assert_eq!(options.get_on_error(), OnError::Continue);
/// assert!(options.get_resume());
/// ```
#[derive(Default)]
pub struct DownloadAllOptions<'a> {
    on_error: OnError,
    resume: bool,
    progress: Option<Progress<'a>>,
    file_mode: Option<u32>,
}

impl std::fmt::Debug for DownloadAllOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadAllOptions")
            .field("on_error", &self.on_error)
            .field("resume", &self.resume)
            .field("progress", &self.progress.is_some())
            .field("file_mode", &self.file_mode)
            .finish()
    }
}

impl<'a> DownloadAllOptions<'a> {
    /// The defaults (see the type).
    pub fn new() -> Self {
        DownloadAllOptions::default()
    }

    /// What to do when an attachment fails (default [`OnError::Stop`]).
    pub fn on_error(mut self, on_error: OnError) -> Self {
        self.on_error = on_error;
        self
    }

    /// Resume mode (default off): keep a manifest ([`MANIFEST_NAME`], which documents its
    /// format) in the directory, keyed by attachment id, and skip the
    /// attachments it shows as saved whose file is still there with the recorded size
    /// ([`Outcome::AlreadyPresent`]). A rerun then fetches only what is missing and never
    /// saves a document twice. A missing or corrupt manifest is treated as empty.
    pub fn resume(mut self, resume: bool) -> Self {
        self.resume = resume;
        self
    }

    /// Calls `progress(done, total)` per file with that file's byte counts; returning `false`
    /// cancels the run.
    pub fn progress(mut self, progress: Progress<'a>) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The exact permission bits of the saved files (Unix), as [`DownloadOptions::file_mode`].
    pub fn file_mode(mut self, mode: u32) -> Self {
        self.file_mode = Some(mode & 0o7777);
        self
    }

    /// The failure mode.
    pub fn get_on_error(&self) -> OnError {
        self.on_error
    }

    /// Whether resume mode is on.
    pub fn get_resume(&self) -> bool {
        self.resume
    }
}

/// What happened to one attachment in [`Client::download_all_with`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// Downloaded and saved in this run.
    Saved {
        /// Where it was written.
        path: PathBuf,
        /// Its size in bytes.
        bytes: u64,
    },
    /// Resume mode: saved by an earlier run, and its file is still there with that size.
    AlreadyPresent {
        /// Where it is.
        path: PathBuf,
        /// Its size in bytes.
        bytes: u64,
    },
    /// Skipped: the attachment has no download URL.
    NoUrl,
    /// The download failed; nothing was left on disk for it.
    Failed(Error),
    /// Not tried: the run stopped at an earlier failure ([`OnError::Stop`], or a cancel).
    NotAttempted,
}

impl Outcome {
    /// A short, stable name: `saved`, `already_present`, `no_url`, `failed`, `not_attempted`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Saved { .. } => "saved",
            Outcome::AlreadyPresent { .. } => "already_present",
            Outcome::NoUrl => "no_url",
            Outcome::Failed(_) => "failed",
            Outcome::NotAttempted => "not_attempted",
        }
    }

    /// The file, for [`Outcome::Saved`] and [`Outcome::AlreadyPresent`].
    pub fn path(&self) -> Option<&Path> {
        match self {
            Outcome::Saved { path, .. } | Outcome::AlreadyPresent { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The file's size, for [`Outcome::Saved`] and [`Outcome::AlreadyPresent`].
    pub fn bytes(&self) -> Option<u64> {
        match self {
            Outcome::Saved { bytes, .. } | Outcome::AlreadyPresent { bytes, .. } => Some(*bytes),
            _ => None,
        }
    }

    /// The error, for [`Outcome::Failed`].
    pub fn error(&self) -> Option<&Error> {
        match self {
            Outcome::Failed(e) => Some(e),
            _ => None,
        }
    }
}

/// One attachment and what happened to it.
#[derive(Debug)]
pub struct AttachmentOutcome {
    /// The attachment.
    pub attachment: Attachment,
    /// What happened.
    pub outcome: Outcome,
}

/// The result of [`Client::download_all_with`]: one outcome per attachment, in the order of
/// the list.
#[derive(Debug, Default)]
pub struct DownloadReport {
    /// One entry per attachment, in list order.
    pub outcomes: Vec<AttachmentOutcome>,
    /// Resume mode: the first failure to write the manifest (the files were saved, but a
    /// rerun may not know about them). `None` when every write succeeded.
    pub manifest_error: Option<Error>,
}

impl DownloadReport {
    /// Whether every attachment with a URL is on disk (saved now or before) and the manifest,
    /// if any, was written.
    pub fn is_complete(&self) -> bool {
        self.manifest_error.is_none()
            && self.outcomes.iter().all(|o| {
                matches!(
                    o.outcome,
                    Outcome::Saved { .. } | Outcome::AlreadyPresent { .. } | Outcome::NoUrl
                )
            })
    }

    /// The first failure, if any.
    pub fn first_error(&self) -> Option<&Error> {
        self.outcomes.iter().find_map(|o| o.outcome.error())
    }

    /// How many attachments have this outcome (`"saved"`, `"failed"` … as [`Outcome::as_str`]).
    pub fn count(&self, outcome: &str) -> usize {
        self.outcomes.iter().filter(|o| o.outcome.as_str() == outcome).count()
    }

    /// The files on disk (saved in this run or already present), in list order.
    pub fn files(&self) -> Vec<SavedFile> {
        self.outcomes
            .iter()
            .filter_map(|o| {
                Some(SavedFile {
                    attachment: o.attachment.clone(),
                    path: o.outcome.path()?.to_path_buf(),
                    bytes: o.outcome.bytes()?,
                })
            })
            .collect()
    }

    /// [`Client::download_all`]'s result: the first failure as the error, otherwise the files.
    pub fn into_result(self) -> Result<Vec<SavedFile>> {
        let files = self.files();
        match self.outcomes.into_iter().find_map(|o| match o.outcome {
            Outcome::Failed(e) => Some(e),
            _ => None,
        }) {
            Some(e) => Err(e),
            None => Ok(files),
        }
    }
}

/// A temporary file in `dir` with the ordinary mode (`0666` less the umask) or `mode`.
pub(crate) fn temp_file(dir: &Path, mode: Option<u32>) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(tmp)
}

/// The permission bits of the regular file at `path`, if there is one (Unix).
fn existing_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).ok()?;
        meta.is_file().then(|| meta.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

impl Client {
    /// Sends the GET of a download, following up to [`MAX_REDIRECTS`] redirects by the rules
    /// of [`MAX_REDIRECTS`]; returns the first answer that is not a followed redirect. `map`
    /// turns a transport failure into the download's error (the caller's deadline scope spans
    /// every hop).
    fn open(
        &self,
        url: &str,
        map: &dyn Fn(ureq::Error) -> Error,
    ) -> Result<(ureq::http::Response<ureq::Body>, String)> {
        let cfg = self.config();
        let mut current = url.to_owned();
        let mut hops = 0;
        loop {
            let response = self.agent().get(&current).call().map_err(map)?;
            let status = response.status().as_u16();
            if !redirect::is_followed(status) {
                if log::log_enabled!(log::Level::Debug) {
                    log::debug!(
                        "{OP}: {} answered {status} after {hops} redirect(s)",
                        self.redact(&redirect::redact_url(&current), &[])
                    );
                }
                return Ok((response, current));
            }
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            // The redirect's body is not read: the connection is closed rather than reused.
            drop(response);
            let at = self.redact(
                &crate::client::mask_userinfo(current.split(['?', '#']).next().unwrap_or("")),
                &[],
            );
            let refuse = |why: String| Error::Http {
                operation: OP,
                status,
                content_type: None,
                excerpt: self.redact(&why, &[]),
                url: Some(at.clone()),
                retry_after: None,
            };
            if hops == MAX_REDIRECTS {
                return Err(refuse(format!("too many redirects (more than {MAX_REDIRECTS})")));
            }
            let location = location.ok_or_else(|| refuse("redirect without a Location header".into()))?;
            let mut next = redirect::resolve(&current, &location)
                .ok_or_else(|| refuse("redirect to something that is not an absolute http(s) URL".into()))?;
            let (from, to) = (redirect::origin(&current), redirect::origin(&next));
            let scheme = |o: &Option<(String, String, u16)>| o.as_ref().map(|o| o.0.clone()).unwrap_or_default();
            if scheme(&from) == "https" && scheme(&to) == "http" {
                return Err(refuse(format!(
                    "redirect from https to plain http refused ({})",
                    redirect::redact_url(&next)
                )));
            }
            if let Err(e) = check_url(OP, &next, cfg.allow_insecure_http) {
                let why = match e {
                    Error::InvalidArgument { message, .. } => message,
                    other => other.to_string(),
                };
                return Err(refuse(format!("redirect refused: {why}")));
            }
            if from != to && redirect::has_userinfo(&next) {
                next = redirect::without_userinfo(&next);
            }
            log::debug!(
                "{OP}: {status} redirect to {}",
                self.redact(&redirect::redact_url(&next), &[])
            );
            current = next;
            hops += 1;
        }
    }

    /// Streams the document at `url` (an [`Attachment::url`]) into `out`; returns the byte
    /// count. Only http(s) URLs are accepted (plain http under the same rule as the API base);
    /// up to [`MAX_REDIRECTS`] redirects are followed (see [`MAX_REDIRECTS`] for the rules).
    /// A `Content-Length` is checked against the bytes received, and the size cap applies.
    pub fn download_to_writer(&self, url: &str, out: &mut dyn Write, mut options: DownloadOptions<'_>) -> Result<u64> {
        let cfg = self.config();
        check_url(OP, url, cfg.allow_insecure_http).map_err(|e| self.clean(e, &[]))?;
        if options.max_bytes == Some(0) {
            return Err(Error::invalid(OP, "a download's size cap must be greater than zero"));
        }
        let limit = options.max_bytes.unwrap_or(cfg.max_download_bytes);
        let total_timeout = options.total_timeout.or(cfg.download_timeout);
        if total_timeout == Some(Duration::ZERO) {
            return Err(Error::invalid(
                OP,
                "a download's total timeout must be greater than zero",
            ));
        }
        if self.cancelled() {
            return Err(Error::Cancelled {
                operation: OP,
                sent: false,
            });
        }
        // Connection set-up, headers and every read: no progress for the stall timeout, the
        // total deadline (if any) and the cancel token (see `sliced`).
        let scope = Scope::enter(Limits {
            deadline: total_timeout.and_then(|t| Instant::now().checked_add(t)),
            per_io: Some(cfg.stall_timeout),
            cancel: self.cancel_token().cloned(),
        });
        let limits = crate::transport::Limits {
            connect: cfg.connect_timeout,
            deadline: total_timeout.map(|t| (TimeoutPhase::Download, t)),
            stall: Some(cfg.stall_timeout),
        };
        let map = |e| self.clean(crate::transport::map_failure(OP, e, scope.outcome(), limits), &[]);
        // `url` is the final one from here on (after redirects).
        let (response, url) = self.open(url, &map)?;
        let status = response.status().as_u16();
        if status != 200 {
            let ctype = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(|c| self.redact(c, &[]));
            let mut body = response.into_body();
            let head = body.with_config().limit(4096).read_to_vec().unwrap_or_default();
            // The page may quote the URL's query (a storage service quotes the signature).
            let values = redirect::query_values(&url);
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            return Err(Error::Http {
                operation: OP,
                status,
                content_type: ctype,
                excerpt: self.excerpt(&head, &values),
                url: Some(self.redact(
                    &crate::client::mask_userinfo(url.split(['?', '#']).next().unwrap_or("")),
                    &[],
                )),
                retry_after: None,
            });
        }
        let total = response.body().content_length();
        if let Some(t) = total {
            if t > limit {
                return Err(Error::TooLarge { operation: OP, limit });
            }
        }
        let mut reader = response.into_body().into_with_config().limit(u64::MAX).reader();
        let mut progress = options.progress.take();
        let mut report = |done: u64| -> Result<()> {
            if let Some(p) = progress.as_mut() {
                if !p(done, total) {
                    return Err(Error::Cancelled {
                        operation: OP,
                        sent: true,
                    });
                }
            }
            if self.cancelled() {
                return Err(Error::Cancelled {
                    operation: OP,
                    sent: true,
                });
            }
            Ok(())
        };
        report(0)?;
        let mut buf = vec![0u8; CHUNK];
        let mut done: u64 = 0;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(e, scope.outcome(), limits)),
            };
            done += n as u64;
            if done > limit {
                return Err(Error::TooLarge { operation: OP, limit });
            }
            out.write_all(&buf[..n])
                .map_err(|e| Error::io(OP, "writing the document", e))?;
            report(done)?;
        }
        if let Some(t) = total {
            if done != t {
                return Err(Error::Transport {
                    operation: OP,
                    message: format!("truncated: received {done} of {t} bytes"),
                });
            }
        }
        out.flush().map_err(|e| Error::io(OP, "writing the document", e))?;
        Ok(done)
    }

    /// Downloads `url` to `path` through a temporary file in the same directory and an atomic
    /// rename: on any failure (including cancel) no file is left at `path` and an existing
    /// file there is untouched. An existing file is replaced only on success, and the new file
    /// keeps its mode; a new file gets `0666` less the umask (see [`DownloadOptions`]).
    pub fn download_to_path(&self, url: &str, path: impl AsRef<Path>, options: DownloadOptions<'_>) -> Result<u64> {
        let path = path.as_ref();
        if path.file_name().is_none() {
            return Err(Error::invalid(OP, format!("{} is not a file path", path.display())));
        }
        let mode = options.file_mode.or_else(|| existing_mode(path));
        let (tmp, n) = self
            .download_to_temp(url, parent_dir(path), mode, options)
            .map_err(|e| e.at(path))?;
        tmp.persist(path)
            .map_err(|e| Error::io(OP, format!("moving the download to {}", path.display()), e.error).at(path))?;
        Ok(n)
    }

    fn download_to_temp(
        &self,
        url: &str,
        dir: &Path,
        mode: Option<u32>,
        options: DownloadOptions<'_>,
    ) -> Result<(tempfile::NamedTempFile, u64)> {
        let mut tmp = temp_file(dir, mode)
            .map_err(|e| Error::io(OP, format!("creating a temporary file in {}", dir.display()), e).at(dir))?;
        let n = {
            let mut w = std::io::BufWriter::with_capacity(CHUNK, tmp.as_file_mut());
            let n = self.download_to_writer(url, &mut w, options)?;
            w.flush().map_err(|e| Error::io(OP, "writing the document", e))?;
            n
        };
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(OP, "syncing the document", e))?;
        Ok((tmp, n))
    }

    /// Downloads every attachment of a meeting that has a URL into `dir` (created if needed),
    /// with safe, unique file names derived from the description ([`safe_file_name`]): no path
    /// traversal, existing files are never overwritten (`name (2).pdf` is used instead). Each
    /// file is written atomically. `progress` is called per file with that file's byte counts.
    ///
    /// Stops at the first failure and returns it; the files saved before it stay. For a run
    /// that goes on after failures and tells per attachment what happened, or that resumes an
    /// earlier run, see [`download_all_with`](Self::download_all_with).
    pub fn download_all(
        &self,
        call: &CallId,
        dir: impl AsRef<Path>,
        progress: Option<Progress<'_>>,
    ) -> Result<Vec<SavedFile>> {
        let attachments = self.get_attachments(call)?;
        self.download_attachments(&attachments, dir, progress)
    }

    /// Like [`download_all`](Self::download_all) for a list you already have.
    pub fn download_attachments(
        &self,
        attachments: &[Attachment],
        dir: impl AsRef<Path>,
        progress: Option<Progress<'_>>,
    ) -> Result<Vec<SavedFile>> {
        let mut options = DownloadAllOptions::new();
        options.progress = progress;
        self.download_attachments_with(attachments, dir, options)?.into_result()
    }

    /// Downloads every attachment of a meeting into `dir` (created if needed), as
    /// [`download_all`](Self::download_all) does, and reports per attachment what happened:
    /// saved (and where), already present (resume mode), skipped for lack of a URL, failed
    /// (and why), or not attempted after a stop. With [`OnError::Continue`] a failure does not
    /// stop the run; with [`DownloadAllOptions::resume`] a rerun fetches only what is missing.
    ///
    /// Fails as a whole only when nothing could be tried: `GetAttachments` failed, or `dir`
    /// cannot be created.
    ///
    /// ```
    /// # #[cfg(not(feature = "sandbox"))]
    /// # fn main() {}
    /// # #[cfg(feature = "sandbox")]
    /// # fn main() -> idiligo::Result<()> {
    /// # let sandbox = idiligo::sandbox::Sandbox::start()?;
    /// # let client = sandbox.client()?;
    /// # let call = client.create_call("X")?;
    /// # sandbox.simulate_upload(&call, "scan.pdf", b"scan".to_vec())?;
    /// # let parent = tempfile::tempdir().unwrap();
    /// # let dir = parent.path().join("docs");
    /// use idiligo::{DownloadAllOptions, OnError};
    ///
    /// let options = || DownloadAllOptions::new().on_error(OnError::Continue).resume(true);
    /// let first = client.download_all_with(&call, &dir, options())?;
    /// assert_eq!(first.count("saved"), 1);
    /// let again = client.download_all_with(&call, &dir, options())?;
    /// assert_eq!(again.count("already_present"), 1);
    /// assert!(again.is_complete());
    /// # Ok(()) }
    /// ```
    pub fn download_all_with(
        &self,
        call: &CallId,
        dir: impl AsRef<Path>,
        options: DownloadAllOptions<'_>,
    ) -> Result<DownloadReport> {
        let attachments = self.get_attachments(call)?;
        self.download_attachments_with(&attachments, dir, options)
    }

    /// Like [`download_all_with`](Self::download_all_with) for a list you already have.
    pub fn download_attachments_with(
        &self,
        attachments: &[Attachment],
        dir: impl AsRef<Path>,
        options: DownloadAllOptions<'_>,
    ) -> Result<DownloadReport> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(OP, format!("creating {}", dir.display()), e).at(dir))?;
        let DownloadAllOptions {
            on_error,
            resume,
            mut progress,
            file_mode,
        } = options;
        let mut manifest = if resume {
            Manifest::load(dir)
        } else {
            Manifest::default()
        };
        let mut used = HashSet::new();
        let mut report = DownloadReport {
            outcomes: Vec::with_capacity(attachments.len()),
            manifest_error: None,
        };
        let mut stopped = false;
        for a in attachments {
            let outcome = if stopped {
                Outcome::NotAttempted
            } else if let Some((path, bytes)) = resume.then(|| manifest.present(dir, a.id.as_str())).flatten() {
                if let Some(name) = path.file_name() {
                    used.insert(name.to_string_lossy().to_lowercase());
                }
                log::info!("attachment {} is already saved as {}", a.id, path.display());
                Outcome::AlreadyPresent { path, bytes }
            } else if let Some(url) = a.url.as_deref().filter(|u| !u.trim().is_empty()) {
                let base = safe_file_name(a.description.as_deref().unwrap_or(""), a.id.as_str());
                let mut one = DownloadOptions::new();
                if let Some(p) = progress.as_mut() {
                    one = one.progress(&mut **p);
                }
                let saved = self
                    .download_to_temp(url, dir, file_mode, one)
                    .map_err(|e| e.at(&dir.join(&base)))
                    .and_then(|(tmp, bytes)| Ok((persist_unique(tmp, dir, &base, &mut used)?, bytes)));
                match saved {
                    Ok((path, bytes)) => {
                        log::info!("saved attachment {} to {}", a.id, path.display());
                        if resume {
                            let name = path
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            manifest.record(a.id.as_str(), &name, bytes);
                            if let Err(e) = manifest.save(dir) {
                                log::warn!("{e}");
                                report.manifest_error.get_or_insert(e);
                            }
                        }
                        Outcome::Saved { path, bytes }
                    }
                    Err(e) => {
                        log::warn!("attachment {}: {e}", a.id);
                        stopped = on_error == OnError::Stop || e.kind() == ErrorKind::Cancelled;
                        Outcome::Failed(e)
                    }
                }
            } else {
                log::warn!("attachment {} has no URL; skipped", a.id);
                Outcome::NoUrl
            };
            report.outcomes.push(AttachmentOutcome {
                attachment: a.clone(),
                outcome,
            });
        }
        Ok(report)
    }

    /// Polls `GetAttachments` every `poll_interval` until the list has at least
    /// `min_count` entries and `condition` holds for it (`condition` is only asked once the
    /// count is reached; pass `|_| true` for none), then returns the list. Fails with an
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) error (phase
    /// [`TimeoutPhase::Wait`]) after `timeout`, and with
    /// [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) when the options' `on_poll` hook
    /// returns false.
    ///
    /// ```no_run
    /// # fn main() -> idiligo::Result<()> {
    /// # let client = idiligo::Client::builder().build()?;
    /// # let call = idiligo::CallId::new("1001");
    /// use std::time::Duration;
    /// use idiligo::WaitOptions;
    ///
    /// let options = WaitOptions::new(Duration::from_secs(60), Duration::from_secs(2))?.min_count(2);
    /// let list = client.wait_for_attachments(&call, options, |list| list.iter().any(|a| a.sign_status == 2))?;
    /// # Ok(()) }
    /// ```
    pub fn wait_for_attachments(
        &self,
        call: &CallId,
        options: WaitOptions<'_>,
        mut condition: impl FnMut(&[Attachment]) -> bool,
    ) -> Result<Vec<Attachment>> {
        let WaitOptions {
            timeout,
            poll_interval,
            min_count,
            on_poll,
        } = options;
        let mut poller = Poller::new(WAIT, timeout, on_poll);
        loop {
            poller.before_poll()?;
            let list = self.get_attachments(call)?;
            if list.len() >= min_count && condition(&list) {
                return Ok(list);
            }
            poller.pause(self, poll_interval)?;
        }
    }
}

/// What every wait/poll helper does around its polls: ask the [`WaitOptions::on_poll`] hook
/// before each poll, and between polls sleep (never past the deadline), ending with a
/// [`TimeoutPhase::Wait`] timeout once the deadline has passed or with
/// [`Error::Cancelled`] when the client's cancel token fires.
pub(crate) struct Poller<'a> {
    operation: &'static str,
    timeout: Duration,
    /// `None`: a timeout too large to represent, meaning no deadline.
    deadline: Option<Instant>,
    on_poll: Option<&'a mut dyn FnMut() -> bool>,
}

impl<'a> Poller<'a> {
    /// Starts the clock of a wait of `timeout`.
    pub(crate) fn new(
        operation: &'static str,
        timeout: Duration,
        on_poll: Option<&'a mut dyn FnMut() -> bool>,
    ) -> Self {
        Poller {
            operation,
            timeout,
            deadline: Instant::now().checked_add(timeout),
            on_poll,
        }
    }

    /// Asks the hook before a poll: `Cancelled` when it returns false.
    pub(crate) fn before_poll(&mut self) -> Result<()> {
        if let Some(f) = self.on_poll.as_mut() {
            if !f() {
                return Err(Error::Cancelled {
                    operation: self.operation,
                    sent: false,
                });
            }
        }
        Ok(())
    }

    /// The pause after a poll that was not the last: `wait`, cut at the deadline.
    pub(crate) fn pause(&self, client: &Client, wait: Duration) -> Result<()> {
        let left = self
            .deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
            .unwrap_or(Duration::MAX);
        if left.is_zero() {
            return Err(Error::Timeout {
                operation: self.operation,
                phase: TimeoutPhase::Wait,
                after: self.timeout,
            });
        }
        // The client's cancel token (Client::with_cancel) ends the wait too.
        if !client.sleep(wait.min(left)) {
            return Err(Error::Cancelled {
                operation: self.operation,
                sent: false,
            });
        }
        Ok(())
    }
}

const WAIT: &str = "wait_for_attachments";

/// How [`Client::wait_for_attachments`] waits: the overall timeout, the poll interval, the
/// minimum number of attachments, and an optional hook called before every poll. Both
/// durations must be greater than zero; the C library and the Python package build their wait
/// from this type, so the rules are the same everywhere.
///
/// ```
/// use std::time::Duration;
/// use idiligo::WaitOptions;
///
/// let o = WaitOptions::new(Duration::from_secs(30), Duration::from_millis(500))?.min_count(2);
/// assert_eq!((o.timeout(), o.poll_interval(), o.get_min_count()), (Duration::from_secs(30), Duration::from_millis(500), 2));
/// assert!(WaitOptions::new(Duration::ZERO, Duration::from_secs(1)).is_err());
/// assert!(WaitOptions::new(Duration::from_secs(1), Duration::ZERO).is_err());
/// # Ok::<(), idiligo::Error>(())
/// ```
pub struct WaitOptions<'a> {
    timeout: Duration,
    poll_interval: Duration,
    min_count: usize,
    on_poll: Option<&'a mut dyn FnMut() -> bool>,
}

impl std::fmt::Debug for WaitOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaitOptions")
            .field("timeout", &self.timeout)
            .field("poll_interval", &self.poll_interval)
            .field("min_count", &self.min_count)
            .field("on_poll", &self.on_poll.is_some())
            .finish()
    }
}

impl Default for WaitOptions<'_> {
    /// 60 s timeout, a poll every 2 s, at least one attachment, no hook.
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(60),
            poll_interval: Duration::from_secs(2),
            min_count: 1,
            on_poll: None,
        }
    }
}

impl<'a> WaitOptions<'a> {
    /// Waits up to `timeout`, polling every `poll_interval`, for at least one attachment. A
    /// zero timeout or poll interval is an
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) error.
    pub fn new(timeout: Duration, poll_interval: Duration) -> Result<Self> {
        for (what, d) in [("timeout", timeout), ("poll interval", poll_interval)] {
            if d.is_zero() {
                return Err(Error::invalid(WAIT, format!("the {what} must be greater than zero")));
            }
        }
        Ok(WaitOptions {
            timeout,
            poll_interval,
            ..WaitOptions::default()
        })
    }

    /// The minimum number of attachments (default 1; 0 leaves it to the condition).
    pub fn min_count(mut self, min_count: usize) -> Self {
        self.min_count = min_count;
        self
    }

    /// Calls `hook` before every poll; returning false stops the wait with an
    /// [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) error (the Python package checks
    /// for Ctrl-C here).
    pub fn on_poll(mut self, hook: &'a mut dyn FnMut() -> bool) -> Self {
        self.on_poll = Some(hook);
        self
    }

    /// The timeout, the poll interval and the hook, for the waits that do not count
    /// attachments.
    pub(crate) fn into_parts(self) -> (Duration, Duration, Option<&'a mut dyn FnMut() -> bool>) {
        (self.timeout, self.poll_interval, self.on_poll)
    }

    /// The overall timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The time between two polls.
    pub fn poll_interval(&self) -> Duration {
        self.poll_interval
    }

    /// The minimum number of attachments.
    pub fn get_min_count(&self) -> usize {
        self.min_count
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn read_error(e: std::io::Error, outcome: IoOutcome, limits: crate::transport::Limits) -> Error {
    if outcome.fired.is_some() {
        return crate::transport::map_failure(OP, ureq::Error::Io(e), outcome, limits);
    }
    // ureq reports its own errors wrapped in io::Error while reading a body.
    if e.get_ref().is_some_and(|i| i.is::<ureq::Error>()) {
        return crate::transport::map_failure(OP, ureq::Error::from(e), outcome, limits);
    }
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => Error::Timeout {
            operation: OP,
            phase: TimeoutPhase::Stall,
            after: limits.stall.unwrap_or_default(),
        },
        _ => Error::Transport {
            operation: OP,
            message: e.to_string(),
        },
    }
}

fn persist_unique(tmp: tempfile::NamedTempFile, dir: &Path, base: &str, used: &mut HashSet<String>) -> Result<PathBuf> {
    let (stem, ext) = names::split_ext(base);
    let mut tmp = tmp;
    for n in 1..10_000u32 {
        let name = if n == 1 {
            base.to_owned()
        } else {
            format!("{stem} ({n}){ext}")
        };
        if used.contains(&name.to_lowercase()) {
            continue;
        }
        let path = dir.join(&name);
        match tmp.persist_noclobber(&path) {
            Ok(_) => {
                used.insert(name.to_lowercase());
                return Ok(path);
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            Err(e) => return Err(Error::io(OP, format!("saving {}", path.display()), e.error).at(&path)),
        }
    }
    Err(Error::invalid(
        OP,
        format!("no free file name for {base} in {}", dir.display()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DocumentId;

    fn attachment(id: &str) -> Attachment {
        Attachment {
            id: DocumentId::new(id),
            description: Some(format!("{id}.pdf")),
            url: Some(format!("https://h/{id}")),
            preview: None,
            attach: false,
            size: None,
            date: None,
            sign_url: None,
            sign_status: 0,
        }
    }

    fn failed(message: &str) -> Outcome {
        Outcome::Failed(Error::Transport {
            operation: OP,
            message: message.into(),
        })
    }

    fn report(outcomes: Vec<Outcome>) -> DownloadReport {
        DownloadReport {
            outcomes: outcomes
                .into_iter()
                .enumerate()
                .map(|(i, outcome)| AttachmentOutcome {
                    attachment: attachment(&format!("d{i}")),
                    outcome,
                })
                .collect(),
            manifest_error: None,
        }
    }

    #[test]
    fn options_keep_what_they_were_given_and_modes_lose_the_file_type_bits() {
        let mut calls = 0;
        let mut cb = |_: u64, _: Option<u64>| {
            calls += 1;
            true
        };
        let o = DownloadOptions::new()
            .progress(&mut cb)
            .max_bytes(7)
            .file_mode(0o100_640)
            .total_timeout(Duration::from_secs(3));
        assert_eq!(o.max_bytes, Some(7));
        assert_eq!(o.file_mode, Some(0o640));
        assert_eq!(o.total_timeout, Some(Duration::from_secs(3)));
        assert!(o.progress.is_some());
        assert_eq!(DownloadOptions::new().file_mode(0o4755).file_mode, Some(0o4755));
        let d = DownloadOptions::new();
        assert!(d.progress.is_none() && d.max_bytes.is_none() && d.file_mode.is_none() && d.total_timeout.is_none());

        let mut cb = |_: u64, _: Option<u64>| true;
        let a = DownloadAllOptions::new()
            .on_error(OnError::Continue)
            .resume(true)
            .progress(&mut cb)
            .file_mode(0o100_600);
        assert_eq!(a.get_on_error(), OnError::Continue);
        assert!(a.get_resume());
        assert_eq!(
            format!("{a:?}"),
            "DownloadAllOptions { on_error: Continue, resume: true, progress: true, file_mode: Some(384) }"
        );
        let a = DownloadAllOptions::new();
        assert_eq!((a.get_on_error(), a.get_resume()), (OnError::Stop, false));
        assert_eq!(
            format!("{a:?}"),
            "DownloadAllOptions { on_error: Stop, resume: false, progress: false, file_mode: None }"
        );
    }

    #[test]
    fn outcomes_name_themselves_and_only_files_have_a_path_and_size() {
        let p = PathBuf::from("/d/a.pdf");
        let all = [
            (
                Outcome::Saved {
                    path: p.clone(),
                    bytes: 3,
                },
                "saved",
                true,
            ),
            (
                Outcome::AlreadyPresent {
                    path: p.clone(),
                    bytes: 3,
                },
                "already_present",
                true,
            ),
            (Outcome::NoUrl, "no_url", false),
            (failed("x"), "failed", false),
            (Outcome::NotAttempted, "not_attempted", false),
        ];
        for (o, name, file) in &all {
            assert_eq!(o.as_str(), *name);
            assert_eq!(o.path(), file.then_some(p.as_path()), "{name}");
            assert_eq!(o.bytes(), file.then_some(3), "{name}");
            assert_eq!(o.error().is_some(), *name == "failed", "{name}");
        }
    }

    #[test]
    fn a_report_is_complete_only_with_every_file_and_the_manifest() {
        let saved = |b| Outcome::Saved {
            path: PathBuf::from(format!("/d/{b}")),
            bytes: b,
        };
        let present = Outcome::AlreadyPresent {
            path: PathBuf::from("/d/p"),
            bytes: 9,
        };
        let r = report(vec![saved(1), present, Outcome::NoUrl]);
        assert!(r.is_complete());
        assert!(r.first_error().is_none());
        assert_eq!(
            (r.count("saved"), r.count("already_present"), r.count("no_url")),
            (1, 1, 1)
        );
        assert_eq!(r.count("failed"), 0);
        let files = r.files();
        assert_eq!(
            files.iter().map(|f| (f.path.clone(), f.bytes)).collect::<Vec<_>>(),
            [(PathBuf::from("/d/1"), 1), (PathBuf::from("/d/p"), 9)]
        );
        assert_eq!(files[1].attachment.id.as_str(), "d1");
        assert_eq!(r.into_result().unwrap().len(), 2);

        let mut r = report(vec![saved(1)]);
        r.manifest_error = Some(Error::invalid(OP, "manifest"));
        assert!(!r.is_complete());
        assert!(!report(vec![saved(1), Outcome::NotAttempted]).is_complete());
        let r = report(vec![saved(1), failed("first"), failed("second"), Outcome::NotAttempted]);
        assert!(!r.is_complete());
        assert_eq!(r.count("failed"), 2);
        assert_eq!(
            r.first_error().unwrap().to_string(),
            "Download: connection failed during the exchange: first"
        );
        assert_eq!(r.files().len(), 1);
        assert_eq!(
            r.into_result().unwrap_err().to_string(),
            "Download: connection failed during the exchange: first"
        );
    }

    #[cfg(unix)]
    #[test]
    fn temporary_files_get_the_ordinary_mode_or_the_given_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |t: &tempfile::NamedTempFile| t.as_file().metadata().unwrap().permissions().mode() & 0o7777;
        let exact = temp_file(dir.path(), Some(0o640)).unwrap();
        assert_eq!(mode(&exact), 0o640);
        let name = exact.path().file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX), "{name}");
        // 0666 less the umask: the umask of this process, read back from a file made by `File`.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"").unwrap();
        let ordinary = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&temp_file(dir.path(), None).unwrap()), ordinary);
        assert_eq!(existing_mode(&plain), Some(ordinary));
        std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o4711)).unwrap();
        assert_eq!(existing_mode(&plain), Some(0o4711));
        assert_eq!(existing_mode(dir.path()), None);
        assert_eq!(existing_mode(&dir.path().join("missing")), None);
    }

    #[test]
    fn the_parent_of_a_bare_name_is_the_current_directory() {
        assert_eq!(parent_dir(Path::new("a/b.pdf")), Path::new("a"));
        assert_eq!(parent_dir(Path::new("b.pdf")), Path::new("."));
        assert_eq!(parent_dir(Path::new("/b.pdf")), Path::new("/"));
    }

    #[test]
    fn read_errors_by_what_stopped_the_read() {
        use crate::sliced::Fired;
        let limits = crate::transport::Limits {
            connect: Duration::from_secs(1),
            deadline: Some((TimeoutPhase::Download, Duration::from_secs(9))),
            stall: Some(Duration::from_secs(4)),
        };
        let io = |k| std::io::Error::new(k, "stopped");
        let quiet = IoOutcome::default();
        for kind in [std::io::ErrorKind::TimedOut, std::io::ErrorKind::WouldBlock] {
            let e = read_error(io(kind), quiet, limits);
            assert_eq!(
                (e.kind(), e.timeout_phase(), e.timeout_after()),
                (
                    ErrorKind::Timeout,
                    Some(TimeoutPhase::Stall),
                    Some(Duration::from_secs(4))
                ),
                "{kind:?}"
            );
        }
        let no_stall = crate::transport::Limits { stall: None, ..limits };
        let e = read_error(io(std::io::ErrorKind::TimedOut), quiet, no_stall);
        assert_eq!(e.timeout_after(), Some(Duration::ZERO));
        let e = read_error(io(std::io::ErrorKind::ConnectionReset), quiet, limits);
        assert_eq!(
            e.to_string(),
            "Download: connection failed during the exchange: stopped"
        );
        // What the scope's wrapper fired decides, whatever the I/O error says.
        let fired = |f| IoOutcome {
            fired: Some(f),
            ..IoOutcome::default()
        };
        let e = read_error(io(std::io::ErrorKind::ConnectionReset), fired(Fired::Deadline), limits);
        assert_eq!(
            (e.timeout_phase(), e.timeout_after()),
            (Some(TimeoutPhase::Download), Some(Duration::from_secs(9)))
        );
        let e = read_error(io(std::io::ErrorKind::TimedOut), fired(Fired::Cancelled), limits);
        assert_eq!(e.kind(), ErrorKind::Cancelled);
        // A ureq error wrapped in an I/O error is mapped as ureq's.
        let wrapped = std::io::Error::other(ureq::Error::Timeout(ureq::Timeout::Connect));
        let e = read_error(wrapped, quiet, limits);
        assert_eq!(
            (e.timeout_phase(), e.timeout_after()),
            (Some(TimeoutPhase::Connect), Some(Duration::from_secs(1))),
            "{e}"
        );
    }

    #[test]
    fn unique_names_skip_the_used_ones_in_any_case_and_the_files_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let tmp = |body: &[u8]| {
            let mut t = temp_file(d, None).unwrap();
            t.write_all(body).unwrap();
            t
        };
        let mut used = HashSet::new();
        assert_eq!(
            persist_unique(tmp(b"1"), d, "a.pdf", &mut used).unwrap(),
            d.join("a.pdf")
        );
        assert!(used.contains("a.pdf"));
        // Taken in this run (in another case): the next number, though no such file exists.
        used.insert("b.pdf".into());
        assert_eq!(
            persist_unique(tmp(b"2"), d, "B.PDF", &mut used).unwrap(),
            d.join("B (2).PDF")
        );
        assert!(used.contains("b (2).pdf"));
        // On disk but not used: not overwritten.
        std::fs::write(d.join("c.pdf"), b"precious").unwrap();
        std::fs::write(d.join("c (2).pdf"), b"precious").unwrap();
        assert_eq!(
            persist_unique(tmp(b"3"), d, "c.pdf", &mut used).unwrap(),
            d.join("c (3).pdf")
        );
        assert_eq!(std::fs::read(d.join("c.pdf")).unwrap(), b"precious");
        assert_eq!(std::fs::read(d.join("c (3).pdf")).unwrap(), b"3");
        // Another failure than an existing file is that failure, not a reason to try more names.
        let long = "n".repeat(300);
        let e = persist_unique(tmp(b"5"), d, &long, &mut used).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io, "{e}");
        assert_eq!(e.io_path(), Some(d.join(&long).as_path()));
        // Every number taken: refused, naming the base.
        let mut all: HashSet<String> = (2..10_000).map(|n| format!("e ({n})")).collect();
        all.insert("e".into());
        let e = persist_unique(tmp(b"4"), d, "e", &mut all).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        assert!(e.to_string().contains("no free file name for e in"), "{e}");
    }

    #[test]
    fn wait_options_defaults_setters_and_refusals() {
        let d = WaitOptions::default();
        assert_eq!(
            format!("{d:?}"),
            "WaitOptions { timeout: 60s, poll_interval: 2s, min_count: 1, on_poll: false }"
        );
        let mut hook = || true;
        let o = WaitOptions::new(Duration::from_secs(5), Duration::from_millis(10))
            .unwrap()
            .min_count(0)
            .on_poll(&mut hook);
        assert_eq!(
            (o.timeout(), o.poll_interval(), o.get_min_count()),
            (Duration::from_secs(5), Duration::from_millis(10), 0)
        );
        assert_eq!(
            format!("{o:?}"),
            "WaitOptions { timeout: 5s, poll_interval: 10ms, min_count: 0, on_poll: true }"
        );
        let (timeout, poll, hook) = o.into_parts();
        assert_eq!(
            (timeout, poll, hook.is_some()),
            (Duration::from_secs(5), Duration::from_millis(10), true)
        );
        assert_eq!(
            WaitOptions::new(Duration::from_secs(5), Duration::from_secs(1))
                .unwrap()
                .get_min_count(),
            1
        );
        for (t, p, what) in [
            (
                Duration::ZERO,
                Duration::from_secs(1),
                "the timeout must be greater than zero",
            ),
            (
                Duration::from_secs(1),
                Duration::ZERO,
                "the poll interval must be greater than zero",
            ),
        ] {
            let e = WaitOptions::new(t, p).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidArgument);
            assert!(e.to_string().contains(what), "{e}");
        }
    }
}
