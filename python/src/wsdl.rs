//! `idiligo.compare_wsdl` / `idiligo.check_service`: does this SDK match the live service?
//! (the core's `idiligo::wsdl`).

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use idiligo::wsdl::Report;

use crate::client::Client;
use crate::errors::IntoPy;

/// A Python-style literal of `s` (for reprs).
fn repr_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// One difference between the service's WSDL and the SDK's operation table.
#[pyclass(frozen, module = "idiligo")]
pub struct WsdlDifference {
    /// What it is about: `missing_operation`, `extra_operation`, `parameters`, `answer`,
    /// `bindings`, `missing_type`, `extra_type`, `members`, `enumeration`, `base_type` or
    /// `inconsistent`.
    #[pyo3(get)]
    kind: String,
    /// The operation or type concerned.
    #[pyo3(get)]
    subject: String,
    /// What the SDK's table says (`""` when it has nothing).
    #[pyo3(get)]
    expected: String,
    /// What the service's WSDL says (`""` when it has nothing).
    #[pyo3(get)]
    found: String,
    /// The whole difference in one line.
    #[pyo3(get)]
    message: String,
    /// Whether it makes the SDK mismatch (everything but operations and types only the
    /// service has).
    #[pyo3(get)]
    mismatch: bool,
}

#[pymethods]
impl WsdlDifference {
    fn __repr__(&self) -> String {
        format!(
            "WsdlDifference(kind={}, subject={})",
            repr_str(&self.kind),
            repr_str(&self.subject)
        )
    }

    fn __str__(&self) -> String {
        self.message.clone()
    }
}

/// Every difference between the service's WSDL and the SDK's operation table.
#[pyclass(frozen, module = "idiligo")]
pub struct WsdlReport {
    /// Whether the SDK matches the service (no difference but operations and types only the
    /// service has).
    #[pyo3(get)]
    matches: bool,
    /// How many operations the service's WSDL offers.
    #[pyo3(get)]
    service_operations: usize,
    /// How many operations the SDK's table has.
    #[pyo3(get)]
    table_operations: usize,
    differences: Vec<Py<WsdlDifference>>,
    text: String,
}

impl WsdlReport {
    fn new(py: Python<'_>, r: &Report) -> PyResult<WsdlReport> {
        let differences = r
            .differences()
            .iter()
            .map(|d| {
                Py::new(
                    py,
                    WsdlDifference {
                        kind: d.kind.as_str().to_owned(),
                        subject: d.subject.clone(),
                        expected: d.expected.clone(),
                        found: d.found.clone(),
                        message: d.message.clone(),
                        mismatch: d.kind.is_mismatch(),
                    },
                )
            })
            .collect::<PyResult<_>>()?;
        Ok(WsdlReport {
            matches: r.matches(),
            service_operations: r.found_operations(),
            table_operations: r.expected_operations(),
            differences,
            text: r.to_string(),
        })
    }
}

#[pymethods]
impl WsdlReport {
    /// Every difference: the WSDL's inconsistencies first, then operations, then types.
    #[getter]
    fn differences<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.differences.iter().map(|d| d.clone_ref(py)))
    }

    fn __len__(&self) -> usize {
        self.differences.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "WsdlReport(matches={}, differences={})",
            if self.matches { "True" } else { "False" },
            self.differences.len()
        )
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }
}

/// Compares a WSDL (the text of `.../InsideService20.asmx?WSDL`) with the SDK's operation
/// table. Raises `ParseError` when the text is not XML or not a WSDL.
#[pyfunction]
pub fn compare_wsdl(py: Python<'_>, wsdl_text: &str) -> PyResult<WsdlReport> {
    let text = wsdl_text.to_owned();
    let report = py.detach(move || idiligo::wsdl::compare(&text)).py_err(py)?;
    WsdlReport::new(py, &report)
}

/// Fetches the service's live WSDL with the client's TLS, proxy and timeout settings (no
/// credentials needed: `Client(base_url=...)` will do) and compares it with the operation
/// table.
#[pyfunction]
pub fn check_service(py: Python<'_>, client: &Bound<'_, Client>) -> PyResult<WsdlReport> {
    let core = client.get().core(py)?;
    let report = py.detach(move || core.check_service()).py_err(py)?;
    WsdlReport::new(py, &report)
}

/// The service's live WSDL text, fetched with the client's settings.
#[pyfunction]
pub fn fetch_wsdl(py: Python<'_>, client: &Bound<'_, Client>) -> PyResult<String> {
    let core = client.get().core(py)?;
    py.detach(move || core.fetch_wsdl()).py_err(py)
}
