//! Python callables and file objects as the core's callbacks and `std::io` streams.
//!
//! Each re-attaches to Python for the call and keeps the first exception in the call's
//! [`Caught`], which stops the core operation; `Call::finish` re-raises it unchanged.

use std::io::{Read, Write};

use pyo3::exceptions::{PyBlockingIOError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyString};

use crate::cancel::Caught;

/// The progress closure given to the core: calls `progress(done, total)` (if given) and stops
/// the operation on an exception or an explicit `False`.
pub fn progress_fn<'a>(
    progress: Option<&'a Py<PyAny>>,
    caught: &'a Caught,
) -> impl FnMut(u64, Option<u64>) -> bool + Send + 'a {
    move |done, total| {
        let Some(cb) = progress else {
            return true;
        };
        Python::attach(|py| {
            if caught.pending(py) {
                return false;
            }
            match cb.call1(py, (done, total)) {
                Ok(r) => !r.bind(py).is(&*PyBool::new(py, false)),
                Err(e) => {
                    caught.callback(e);
                    false
                }
            }
        })
    }
}

/// A `std::io::Write` over a Python binary file object (anything with `write(bytes)`).
pub struct PyWriter<'a> {
    /// The file object.
    pub file: &'a Py<PyAny>,
    /// Where its exception goes.
    pub caught: &'a Caught,
}

impl Write for PyWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Python::attach(|py| {
            let result = self
                .file
                .call_method1(py, "write", (PyBytes::new(py, buf),))
                .and_then(|r| r.extract::<Option<usize>>(py));
            match result {
                Ok(Some(n)) if n <= buf.len() => Ok(n),
                Ok(_) => Ok(buf.len()),
                Err(e) => {
                    self.caught.callback(e);
                    Err(std::io::Error::other("the file object raised an exception"))
                }
            }
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Python::attach(|py| {
            if self.file.bind(py).hasattr("flush").unwrap_or(false) {
                if let Err(e) = self.file.call_method0(py, "flush") {
                    self.caught.callback(e);
                    return Err(std::io::Error::other("the file object raised an exception"));
                }
            }
            Ok(())
        })
    }
}

/// How many bytes one call of the file object's `readinto`/`read` asks for.
pub const READ_CHUNK: usize = 256 * 1024;

/// A `std::io::Read` over a Python binary file object: `readinto(buffer)` when it has one,
/// else `read(n)`. Each call re-attaches to Python (the upload runs with the GIL released),
/// runs the signal handlers on the main thread between chunks (so Ctrl-C stops a long read),
/// and keeps the file object's exception in the call's [`Caught`], which `Call::finish`
/// re-raises unchanged.
pub struct PyReader<'a> {
    /// The file object.
    pub file: &'a Py<PyAny>,
    /// Where its exception (or a signal handler's) goes.
    pub caught: &'a Caught,
    /// The argument's name, for the `TypeError` of a file object that returns text.
    pub argument: &'static str,
    /// Whether to call `readinto` (else `read`).
    pub readinto: bool,
}

impl PyReader<'_> {
    /// Checks, before anything is sent, that `file` is a binary file object: not a text file
    /// (`io.TextIOBase`), and with `readinto` or `read`. Returns whether it has `readinto`.
    pub fn check(py: Python<'_>, file: &Bound<'_, PyAny>, argument: &str) -> PyResult<bool> {
        let text_io = py.import("io")?.getattr("TextIOBase")?;
        if file.is_instance(&text_io)? {
            return Err(PyTypeError::new_err(format!(
                "{argument} must be a binary file object (opened with 'rb'), not a text file ({})",
                file.get_type().name()?
            )));
        }
        if file.hasattr("readinto")? {
            return Ok(true);
        }
        if file.hasattr("read")? {
            return Ok(false);
        }
        Err(PyTypeError::new_err(format!(
            "{argument} must be a binary file object with readinto() or read(), not {}",
            file.get_type().name()?
        )))
    }

    /// One chunk into `buf`; `Err` holds the Python exception.
    fn chunk(&self, py: Python<'_>, buf: &mut [u8]) -> PyResult<usize> {
        let want = buf.len().min(READ_CHUNK);
        if self.readinto {
            let target = PyByteArray::new_with(py, want, |_| Ok(()))?;
            let got = self.file.call_method1(py, "readinto", (&target,))?;
            let n = match got.extract::<Option<usize>>(py) {
                Ok(Some(n)) => n,
                Ok(None) => {
                    return Err(PyBlockingIOError::new_err(format!(
                        "{}.readinto() returned None (a non-blocking file with no data ready)",
                        self.argument
                    )))
                }
                Err(_) => {
                    return Err(PyTypeError::new_err(format!(
                        "{}.readinto() must return the number of bytes read, not {}",
                        self.argument,
                        got.bind(py).get_type().name()?
                    )))
                }
            };
            if n > want {
                return Err(PyValueError::new_err(format!(
                    "{}.readinto() claimed {n} bytes into a buffer of {want}",
                    self.argument
                )));
            }
            buf[..n].copy_from_slice(&target.to_vec()[..n]);
            Ok(n)
        } else {
            let got = self.file.call_method1(py, "read", (want,))?;
            let got = got.bind(py);
            let data: Vec<u8> = if let Ok(b) = got.cast::<PyBytes>() {
                b.as_bytes().to_vec()
            } else if got.is_none() {
                return Err(PyBlockingIOError::new_err(format!(
                    "{}.read() returned None (a non-blocking file with no data ready)",
                    self.argument
                )));
            } else if got.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err(format!(
                    "{} must be a binary file object (opened with 'rb'): its read() returned str",
                    self.argument
                )));
            } else {
                crate::types::binary_data(got, self.argument)?.to_vec()
            };
            if data.len() > want {
                return Err(PyValueError::new_err(format!(
                    "{}.read({want}) returned {} bytes",
                    self.argument,
                    data.len()
                )));
            }
            buf[..data.len()].copy_from_slice(&data);
            Ok(data.len())
        }
    }
}

impl Read for PyReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        Python::attach(|py| {
            if self.caught.pending(py) {
                return Err(std::io::Error::other("interrupted"));
            }
            // Ctrl-C between chunks (a no-op off the main thread).
            if let Err(e) = py.check_signals() {
                self.caught.signal(e);
                return Err(std::io::Error::other("interrupted by a signal"));
            }
            match self.chunk(py, buf) {
                Ok(n) => Ok(n),
                Err(e) => {
                    self.caught.callback(e);
                    Err(std::io::Error::other("the file object raised an exception"))
                }
            }
        })
    }
}
