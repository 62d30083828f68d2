//! Maps the core's [`idiligo::Error`] onto the Python exception classes of `idiligo._errors`.
//!
//! The class is looked up by [`idiligo::ErrorKind::python_class`], the one table the C ABI and
//! this package share, so the layers cannot drift. A failed `start_meeting` raises a class that
//! derives from both `StartMeetingError` and the class of the underlying kind.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use idiligo::Error;

use crate::types::PartialMeeting;

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS_MODULE
        .get_or_try_init(py, || py.import("idiligo._errors").map(Bound::unbind))
        .map(|m| m.bind(py))
}

/// An invalid-argument error raised by the bindings themselves (before the core is called).
pub fn invalid(operation: &'static str, message: impl Into<String>) -> Error {
    Error::InvalidArgument {
        operation,
        message: message.into(),
    }
}

/// Builds the Python exception for a core error.
pub fn to_pyerr(py: Python<'_>, error: Error) -> PyErr {
    let message = error.to_string();
    match build(py, &error, &message) {
        Ok(e) => e,
        // Only reachable if the package is broken (e.g. `_errors` missing); still no secret.
        Err(e) => {
            let err = PyRuntimeError::new_err(message);
            err.set_cause(py, Some(e));
            err
        }
    }
}

fn build(py: Python<'_>, error: &Error, message: &str) -> PyResult<PyErr> {
    let module = errors_module(py)?;
    let class_name = error.kind().python_class();
    let kwargs = PyDict::new(py);
    kwargs.set_item("operation", error.operation())?;
    kwargs.set_item("http_status", error.http_status())?;
    kwargs.set_item("retryable", error.retryable())?;
    kwargs.set_item("service_message", error.service_message())?;
    kwargs.set_item("detail", error.service_detail())?;
    kwargs.set_item("content_type", error.http_content_type())?;
    kwargs.set_item("excerpt", error.http_excerpt())?;
    kwargs.set_item("timeout_phase", error.timeout_phase().map(|p| p.to_string()))?;
    kwargs.set_item("timeout", error.timeout_after().map(|d| d.as_secs_f64()))?;
    kwargs.set_item("limit", error.size_limit())?;
    kwargs.set_item("retry_after", error.retry_after().map(|d| d.as_secs_f64()))?;
    kwargs.set_item("url", error.http_url())?;
    kwargs.set_item(
        "proxy_status",
        match error.underlying() {
            Error::Proxy { status, .. } => Some(*status),
            _ => None,
        },
    )?;
    kwargs.set_item(
        "sent",
        match error.underlying() {
            Error::Cancelled { sent, .. } => Some(*sent),
            _ => None,
        },
    )?;
    let errno = match error.os_error_code() {
        Some(code) => Some(code.into_pyobject(py)?.into_any()),
        // The OS code was wrapped away (tempfile's path errors): the errno of its kind.
        None => match error.io_error().and_then(|e| errno_name(e.kind())) {
            Some(name) => Some(py.import("errno")?.getattr(name)?),
            None => None,
        },
    };
    // OSError's own attributes, for LocalIOError (an OSError): the OS's text for the code
    // (as Python's own OSError has it), else the I/O error's message; the path concerned.
    if let Some(io) = error.io_error() {
        let strerror = match &errno {
            Some(code) => py
                .import("os")?
                .call_method1("strerror", (code,))?
                .extract::<String>()?,
            None => io.to_string(),
        };
        kwargs.set_item("strerror", strerror)?;
        kwargs.set_item("filename", error.io_path().map(std::path::Path::as_os_str))?;
    }
    kwargs.set_item("errno", errno)?;
    let class = match (error.meeting_step(), error.partial_meeting()) {
        (Some(step), Some(partial)) => {
            kwargs.set_item("step", step.name())?;
            kwargs.set_item("document_index", step.document_index())?;
            kwargs.set_item("partial", PartialMeeting::from_core(partial))?;
            module.getattr("_MEETING_CLASSES")?.get_item(class_name)?
        }
        _ => module.getattr(class_name)?,
    };
    let instance = class.call((message,), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// Converts a core result, mapping the error.
pub trait IntoPy<T> {
    /// The value, or the mapped Python exception.
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_pyerr(py, e))
    }
}

/// The `errno` name for an error kind, when the OS code itself was wrapped away.
fn errno_name(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => "ENOENT",
        K::PermissionDenied => "EACCES",
        K::AlreadyExists => "EEXIST",
        K::StorageFull => "ENOSPC",
        K::ReadOnlyFilesystem => "EROFS",
        K::IsADirectory => "EISDIR",
        K::NotADirectory => "ENOTDIR",
        K::DirectoryNotEmpty => "ENOTEMPTY",
        _ => return None,
    })
}
