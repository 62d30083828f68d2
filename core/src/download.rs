//! Fetching documents back: streaming downloads, download-all, waiting for attachments.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::config::check_url;
use crate::error::{Error, Result, TimeoutPhase};
use crate::ids::CallId;
use crate::model::Attachment;
use crate::sliced::{Limits, Outcome, Scope};

const OP: &str = "Download";
const CHUNK: usize = 64 * 1024;

/// Progress callback: `(bytes done, total if known) -> keep going?`. Return `false` to cancel.
pub type Progress<'a> = &'a mut dyn FnMut(u64, Option<u64>) -> bool;

/// Options of one download.
#[derive(Default)]
pub struct DownloadOptions<'a> {
    progress: Option<Progress<'a>>,
    max_bytes: Option<u64>,
    total_timeout: Option<Duration>,
}

impl<'a> DownloadOptions<'a> {
    /// Defaults: no progress callback, the client's size cap.
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

impl Client {
    /// Streams the document at `url` (an [`Attachment::url`]) into `out`; returns the byte
    /// count. Only http(s) URLs are accepted (plain http under the same rule as the API base).
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
        let response = self.agent().get(url).call().map_err(map)?;
        let status = response.status().as_u16();
        if status != 200 {
            let ctype = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(|c| self.redact(c, &[]));
            let mut body = response.into_body();
            let head = body.with_config().limit(4096).read_to_vec().unwrap_or_default();
            return Err(Error::Http {
                operation: OP,
                status,
                content_type: ctype,
                excerpt: self.excerpt(&head, &[]),
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
    /// file there is untouched. An existing file is replaced only on success.
    pub fn download_to_path(&self, url: &str, path: impl AsRef<Path>, options: DownloadOptions<'_>) -> Result<u64> {
        let path = path.as_ref();
        let (tmp, n) = self.download_to_temp(url, path, options)?;
        tmp.persist(path)
            .map_err(|e| Error::io(OP, format!("moving the download to {}", path.display()), e.error))?;
        Ok(n)
    }

    fn download_to_temp(
        &self,
        url: &str,
        path: &Path,
        options: DownloadOptions<'_>,
    ) -> Result<(tempfile::NamedTempFile, u64)> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if path.file_name().is_none() {
            return Err(Error::invalid(OP, format!("{} is not a file path", path.display())));
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".idiligo-")
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|e| Error::io(OP, format!("creating a temporary file in {}", dir.display()), e))?;
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
    /// with safe, unique file names derived from the description: no path traversal, existing
    /// files are never overwritten (`name (2).pdf` is used instead). Each file is written
    /// atomically. `progress` is called per file with that file's byte counts.
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
        mut progress: Option<Progress<'_>>,
    ) -> Result<Vec<SavedFile>> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(OP, format!("creating {}", dir.display()), e))?;
        let mut used = HashSet::new();
        let mut saved = Vec::new();
        for a in attachments {
            let Some(url) = a.url.as_deref().filter(|u| !u.trim().is_empty()) else {
                log::warn!("attachment {} has no URL; skipped", a.id);
                continue;
            };
            let base = safe_file_name(a.description.as_deref().unwrap_or(""), a.id.as_str());
            let target = dir.join(&base);
            let mut options = DownloadOptions::new();
            if let Some(p) = progress.as_mut() {
                options = options.progress(&mut **p);
            }
            let (tmp, bytes) = self.download_to_temp(url, &target, options)?;
            let path = persist_unique(tmp, dir, &base, &mut used)?;
            log::info!("saved attachment {} to {}", a.id, path.display());
            saved.push(SavedFile {
                attachment: a.clone(),
                path,
                bytes,
            });
        }
        Ok(saved)
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
            mut on_poll,
        } = options;
        // A timeout too large to represent means "no deadline".
        let deadline = Instant::now().checked_add(timeout);
        loop {
            if let Some(f) = on_poll.as_mut() {
                if !f() {
                    return Err(Error::Cancelled {
                        operation: WAIT,
                        sent: false,
                    });
                }
            }
            let list = self.get_attachments(call)?;
            if list.len() >= min_count && condition(&list) {
                return Ok(list);
            }
            let now = Instant::now();
            let left = deadline
                .map(|d| d.saturating_duration_since(now))
                .unwrap_or(Duration::MAX);
            if left.is_zero() {
                return Err(Error::Timeout {
                    operation: WAIT,
                    phase: TimeoutPhase::Wait,
                    after: timeout,
                });
            }
            if !self.sleep(poll_interval.min(left)) {
                return Err(Error::Cancelled {
                    operation: WAIT,
                    sent: false,
                });
            }
        }
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

fn read_error(e: std::io::Error, outcome: Outcome, limits: crate::transport::Limits) -> Error {
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
    let (stem, ext) = split_ext(base);
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
            Err(e) => return Err(Error::io(OP, format!("saving {}", path.display()), e.error)),
        }
    }
    Err(Error::invalid(
        OP,
        format!("no free file name for {base} in {}", dir.display()),
    ))
}

fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 10 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

/// A file name that is safe on every platform, derived from an attachment description.
pub fn safe_file_name(description: &str, id: &str) -> String {
    // Keep only the last path component of whatever the description holds.
    let last = description.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name: String = last
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Until nothing changes: "  .  .  " trimmed once would leave "." (found by fuzzing).
    loop {
        let trimmed = name.trim().trim_matches('.');
        if trimmed.len() == name.len() {
            break;
        }
        name = trimmed.to_owned();
    }
    // Windows device names apply to the part before the first dot, trailing spaces ignored.
    let device = name.split('.').next().unwrap_or("").trim_end().to_uppercase();
    let numbered = |prefix: &str| {
        device.strip_prefix(prefix).is_some_and(|n| {
            let mut c = n.chars();
            matches!((c.next(), c.next()), (Some('0'..='9' | '¹' | '²' | '³'), None))
        })
    };
    if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(&device.as_str())
        || numbered("COM")
        || numbered("LPT")
    {
        name = format!("_{name}");
    }
    // Cap at 150 bytes, keeping the extension.
    if name.len() > 150 {
        let (stem, ext) = split_ext(&name);
        let mut cut = 150usize.saturating_sub(ext.len());
        while !stem.is_char_boundary(cut.min(stem.len())) {
            cut -= 1;
        }
        name = format!("{}{}", &stem[..cut.min(stem.len())], ext);
        // Windows drops trailing dots and spaces.
        name = name.trim_end_matches(['.', ' ']).to_owned();
    }
    if name.is_empty() {
        let id: String = id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(40)
            .collect();
        name = format!("attachment-{id}");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(safe_file_name("offer.pdf", "1"), "offer.pdf");
        assert_eq!(safe_file_name("../../etc/passwd", "1"), "passwd");
        assert_eq!(safe_file_name("..\\..\\win.ini", "1"), "win.ini");
        assert_eq!(safe_file_name("..", "7"), "attachment-7");
        assert_eq!(safe_file_name("", "7"), "attachment-7");
        assert_eq!(safe_file_name("a<b>:c?.pdf", "1"), "a_b__c_.pdf");
        assert_eq!(safe_file_name("CON.txt", "1"), "_CON.txt");
        assert_eq!(safe_file_name("nul.tar.gz", "1"), "_nul.tar.gz");
        assert_eq!(safe_file_name("com5.pdf", "1"), "_com5.pdf");
        assert_eq!(safe_file_name("CON .pdf", "1"), "_CON .pdf");
        assert_eq!(safe_file_name("conin$", "1"), "_conin$");
        assert_eq!(safe_file_name("console.pdf", "1"), "console.pdf");
        assert_eq!(safe_file_name("com10.pdf", "1"), "com10.pdf");
        assert_eq!(safe_file_name("line\nbreak.pdf", "1"), "line_break.pdf");
        let long = format!("{}.pdf", "é".repeat(200));
        let s = safe_file_name(&long, "1");
        assert!(s.len() <= 150 && s.ends_with(".pdf"), "{s}");
        assert_eq!(safe_file_name("/", "../x"), "attachment-x");
        assert_eq!(safe_file_name("    .    .      .   ", "2"), "attachment-2");
        assert_eq!(safe_file_name(" . . a . . ", "2"), "a");
    }
}
