//! Python bindings for the `idiligo` SDK: the native module `idiligo._native`.
//!
//! The pure-Python package `idiligo` (in `python/idiligo/`) re-exports everything public from
//! here and defines the exception hierarchy (`idiligo/_errors.py`), which [`errors`] maps the
//! core's [`idiligo::ErrorKind`] table onto.
//!
//! Rules every binding in this crate follows:
//! * every call into the core runs inside [`Python::detach`], so the GIL is released during
//!   network and file I/O and threads sharing one client run in parallel;
//! * Python callables (progress, file objects, conditions) are called by re-attaching with
//!   [`Python::attach`]; an exception they raise stops the core operation and is re-raised
//!   unchanged once the core returns;
//! * on the main thread a call re-attaches between the core's read slices to run
//!   `check_signals`, so Ctrl-C raises `KeyboardInterrupt` within about 50 ms ([`cancel`]);
//! * no secret ever reaches a `repr`, a message or a log record.
#![deny(missing_docs)]

use pyo3::prelude::*;
use pyo3::types::PyTuple;

mod cancel;
mod client;
mod errors;
mod pyio;
mod sandbox;
mod types;
mod values;
mod wsdl;

/// Handle to clear pyo3-log's cache of Python logger levels.
static LOG_RESET: std::sync::OnceLock<pyo3_log::ResetHandle> = std::sync::OnceLock::new();

/// Forgets the cached levels of the `idiligo` loggers, so a change of logging configuration
/// (`logging.getLogger("idiligo").setLevel(...)`) is seen by the native code.
///
/// Called automatically whenever a `Client` or `Sandbox` is created.
#[pyfunction]
pub fn reset_logging_cache() {
    if let Some(handle) = LOG_RESET.get() {
        handle.reset();
    }
}

/// Installs the bridge from the `log` crate to Python's `logging`: records of the core (target
/// `idiligo::…`) go to the logger of the same dotted name, children of
/// `logging.getLogger("idiligo")`. Records of other crates (HTTP, TLS) are dropped: with the
/// GET binding their URLs could carry secrets.
fn install_logging(py: Python<'_>) {
    if LOG_RESET.get().is_some() {
        return;
    }
    let logger = match pyo3_log::Logger::new(py, pyo3_log::Caching::LoggersAndLevels) {
        Ok(l) => l
            .filter(log::LevelFilter::Off)
            .filter_target("idiligo".to_owned(), log::LevelFilter::Debug),
        Err(_) => return,
    };
    if let Ok(handle) = logger.install() {
        let _ = LOG_RESET.set(handle);
    }
}

/// The operation table: every operation the SDK knows, in table order, as frozen
/// `Operation` objects (the same table the Rust core, the C library and the C# wrapper follow).
#[pyfunction]
fn operations(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
    PyTuple::new(py, idiligo::ops::operations().iter().map(types::Operation::from_core))
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    install_logging(py);
    m.add("__version__", idiligo::VERSION)?;
    m.add("DEFAULT_BASE_URL", idiligo::DEFAULT_BASE_URL)?;
    let kinds: Vec<Bound<'_, PyTuple>> = idiligo::ErrorKind::ALL
        .iter()
        .map(|k| PyTuple::new(py, [k.as_str(), k.python_class()]))
        .collect::<PyResult<_>>()?;
    m.add("ERROR_KINDS", PyTuple::new(py, kinds)?)?;
    m.add_function(wrap_pyfunction!(reset_logging_cache, m)?)?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(client::participant_url, m)?)?;
    m.add_function(wrap_pyfunction!(client::safe_file_name, m)?)?;
    m.add_class::<client::Client>()?;
    m.add_class::<cancel::CancelToken>()?;
    m.add_class::<types::Attachment>()?;
    m.add_class::<types::Participant>()?;
    m.add_class::<types::DocumentSource>()?;
    m.add_class::<types::AddedDocument>()?;
    m.add_class::<types::Meeting>()?;
    m.add_class::<types::PartialMeeting>()?;
    m.add_class::<types::SavedFile>()?;
    m.add_class::<types::DownloadOutcome>()?;
    m.add_class::<types::DownloadReport>()?;
    m.add_class::<types::NameValue>()?;
    m.add_class::<types::CallRecord>()?;
    m.add_class::<types::MeetingResults>()?;
    m.add_class::<types::Operation>()?;
    m.add_class::<types::DocumentStatus>()?;
    m.add_class::<types::DocumentProgress>()?;
    m.add_class::<types::CleanupReport>()?;
    m.add_class::<types::CreatedItem>()?;
    m.add_class::<types::Param>()?;
    m.add_class::<sandbox::MailSnapshot>()?;
    m.add_class::<sandbox::Sandbox>()?;
    m.add_class::<sandbox::SandboxCredentials>()?;
    m.add_class::<sandbox::CallSnapshot>()?;
    m.add_class::<sandbox::ContactSnapshot>()?;
    m.add_class::<sandbox::DocumentSnapshot>()?;
    m.add_function(wrap_pyfunction!(wsdl::compare_wsdl, m)?)?;
    m.add_function(wrap_pyfunction!(wsdl::check_service, m)?)?;
    m.add_function(wrap_pyfunction!(wsdl::fetch_wsdl, m)?)?;
    m.add_class::<wsdl::WsdlReport>()?;
    m.add_class::<wsdl::WsdlDifference>()?;
    m.add_class::<sandbox::StoredDocumentSnapshot>()?;
    Ok(())
}
