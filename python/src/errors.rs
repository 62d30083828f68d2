//! Maps the core's [`idiligo::Error`] onto the Python exception classes of `idiligo._errors`.
//!
//! The class is looked up by [`idiligo::ErrorKind::python_class`], the one table the C ABI and
//! this package share, so the layers cannot drift. A failed `start_meeting` raises a class that
//! derives from both `StartMeetingError` and the class of the underlying kind.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

use idiligo::{Error, MeetingStep};

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

/// The `(step, document index)` pair exposed on `StartMeetingError`.
fn step_name(step: &MeetingStep) -> (&'static str, Option<usize>) {
    match step {
        MeetingStep::Validate => ("validate", None),
        MeetingStep::CreateContact => ("CreateContact", None),
        MeetingStep::CreateCall => ("CreateCall", None),
        MeetingStep::SetContact => ("SetContact", None),
        MeetingStep::GetPublicCallId => ("GetPublicCallId", None),
        MeetingStep::SetValues => ("SetValues", None),
        MeetingStep::AddDocument { index } => ("AddDocumentFromUrl", Some(*index)),
        MeetingStep::BindDocument { index } => ("SetDocumentToUploadAction", Some(*index)),
        MeetingStep::GetAgentUrl => ("GetAgentUrl", None),
        _ => ("unknown", None),
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
    let (inner, meeting) = match error {
        Error::Meeting {
            step, partial, source, ..
        } => (source.as_ref(), Some((step, partial))),
        other => (other, None),
    };
    if let Error::Service { detail, .. } = inner {
        kwargs.set_item("detail", detail)?;
    }
    let class = match meeting {
        Some((step, partial)) => {
            let (name, index) = step_name(step);
            kwargs.set_item("step", name)?;
            kwargs.set_item("document_index", index)?;
            kwargs.set_item("partial", PartialMeeting::from_core(partial))?;
            module.getattr("_MEETING_CLASSES")?.get_item(class_name)?
        }
        None => module.getattr(class_name)?,
    };
    let instance = class.call((message,), Some(&kwargs))?;
    if let Error::Io { source, .. } = inner {
        if let Some(code) = os_error_code(source) {
            instance.setattr("errno", code)?;
        } else if let Some(name) = errno_name(source.kind()) {
            instance.setattr("errno", py.import("errno")?.getattr(name)?)?;
        }
    }
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

/// The OS error code of an I/O error, looking through wrappers (tempfile's path errors).
fn os_error_code(error: &std::io::Error) -> Option<i32> {
    if let Some(code) = error.raw_os_error() {
        return Some(code);
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = error.get_ref().map(|e| e as _);
    while let Some(e) = source {
        if let Some(code) = e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::raw_os_error)
        {
            return Some(code);
        }
        source = e.source();
    }
    None
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
