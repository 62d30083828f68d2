//! Python callables and file objects as the core's callbacks and `std::io` streams.
//!
//! Each re-attaches to Python for the call and keeps the first exception in the call's
//! [`Caught`], which stops the core operation; `Call::finish` re-raises it unchanged.

use std::io::Write;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes};

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
