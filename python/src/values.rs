//! Meeting values from Python objects, by one documented rule.
//!
//! The service stores every value as text. `set_values`, `set_value` and `start_meeting`'s
//! `values` accept these Python types and convert them so the text does not depend on the
//! locale, on `repr` or on the Python version:
//!
//! | Python value | text sent | example |
//! |---|---|---|
//! | `str` | itself | `"P-1234"` |
//! | `bool` | `"true"` / `"false"` (the XSD boolean) | `True` → `"true"` |
//! | `int` (and `int` subclasses such as `IntEnum`) | decimal digits, `-` for negatives | `-42` → `"-42"` |
//! | `float` | the shortest text that reads back as the same float, in plain notation (`.` as separator, never an exponent), without a fraction when integral; `-0.0` is `"0"`; NaN and infinities are refused | `0.1` → `"0.1"`, `2.0` → `"2"`, `1e-7` → `"0.0000001"` |
//! | `decimal.Decimal` | plain notation, never an exponent, trailing zeros kept (`format(d, "f")`); NaN and infinities are refused | `Decimal("1.50")` → `"1.50"`, `Decimal("1E+3")` → `"1000"` |
//! | `datetime.datetime` | ISO 8601, `isoformat()`: `YYYY-MM-DDTHH:MM:SS[.ffffff][±HH:MM]` (an offset only for aware datetimes) | `"2024-05-01T13:45:00+02:00"` |
//! | `datetime.date` | ISO 8601, `YYYY-MM-DD` | `"2024-05-01"` |
//!
//! Anything else (`None`, `bytes`, lists, `datetime.time`, …) raises `TypeError` naming the
//! argument, the offending item and its type (`SetValues: values['Amount'] has type list;
//! expected …`); a NaN or infinity raises `InvalidArgumentError`. Names must
//! be `str`. Either way nothing is sent.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use crate::errors::{invalid, to_pyerr};

const EXPECTED: &str = "str, int, float, bool, decimal.Decimal, datetime.date or datetime.datetime";

struct Classes {
    decimal: Py<PyAny>,
    datetime: Py<PyAny>,
    date: Py<PyAny>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || -> PyResult<Classes> {
        let datetime = py.import("datetime")?;
        Ok(Classes {
            decimal: py.import("decimal")?.getattr("Decimal")?.unbind(),
            datetime: datetime.getattr("datetime")?.unbind(),
            date: datetime.getattr("date")?.unbind(),
        })
    })
}

/// The text of a float by the rule above: Rust's `Display` of `f64` is exactly the shortest
/// round-trip digits in plain notation (no exponent, no trailing `.0`).
pub fn float_text(x: f64) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    if x == 0.0 {
        return Some("0".to_owned());
    }
    Some(format!("{x}"))
}

/// Where a value came from, for messages: `values['Amount']`, `values[3]`, `value`.
pub struct Item<'a> {
    /// The operation (or helper) the value is for, e.g. `"SetValues"`, `"start_meeting"`.
    pub operation: &'static str,
    /// The argument's name.
    pub argument: &'a str,
    /// The key or index within it, if any (already formatted: `'Amount'`, `3`).
    pub key: Option<String>,
}

impl Item<'_> {
    fn describe(&self) -> String {
        match &self.key {
            Some(k) => format!("{}[{k}]", self.argument),
            None => self.argument.to_owned(),
        }
    }
}

/// The text of one value by the rule above.
pub fn value_text(py: Python<'_>, item: &Item<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return s.extract::<String>();
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_owned());
    }
    if value.is_instance_of::<PyInt>() {
        // `__index__` gives the plain int of a subclass (`IntEnum` members print their name).
        return value.call_method0("__index__")?.str()?.extract::<String>();
    }
    let not_finite = |what: &str| {
        to_pyerr(
            py,
            invalid(
                item.operation,
                format!("{} is {what}: only finite numbers can be sent", item.describe()),
            ),
        )
    };
    if value.is_instance_of::<PyFloat>() {
        let x: f64 = value.extract()?;
        return float_text(x).ok_or_else(|| not_finite(&format!("{x}")));
    }
    let c = classes(py)?;
    if value.is_instance(c.decimal.bind(py))? {
        if !value.call_method0("is_finite")?.is_truthy()? {
            return Err(not_finite(&value.str()?.to_string()));
        }
        return py
            .import("builtins")?
            .call_method1("format", (value, "f"))?
            .extract::<String>();
    }
    // A datetime is also a date: ask for it first.
    if value.is_instance(c.datetime.bind(py))? || value.is_instance(c.date.bind(py))? {
        return value.call_method0("isoformat")?.extract::<String>();
    }
    Err(PyTypeError::new_err(format!(
        "{}: {} has type {}; expected {EXPECTED}",
        item.operation,
        item.describe(),
        value.get_type().name()?
    )))
}

fn key_text(key: &Bound<'_, PyAny>) -> String {
    key.repr().map(|r| r.to_string()).unwrap_or_else(|_| "?".to_owned())
}

/// `values` given as a mapping or an iterable of `(name, value)` pairs, each value converted by
/// the rule above; `TypeError` names the offending item.
pub fn pairs(
    py: Python<'_>,
    operation: &'static str,
    argument: &str,
    values: &Bound<'_, PyAny>,
) -> PyResult<Vec<(String, String)>> {
    let mapping = values.hasattr("items")? && !values.is_instance_of::<PyString>();
    let items = if mapping {
        values.call_method0("items")?
    } else {
        values.clone()
    };
    let iter = items.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{operation}: {argument} must be a mapping or an iterable of (name, value) pairs, not {}",
            values.get_type().name().map(|n| n.to_string()).unwrap_or_default()
        ))
    })?;
    let mut out = Vec::new();
    for (index, entry) in iter.enumerate() {
        let entry = entry?;
        let pair: Option<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = if entry.is_instance_of::<PyString>() {
            None
        } else {
            entry.extract().ok()
        };
        let Some((name, value)) = pair else {
            return Err(PyTypeError::new_err(format!(
                "{operation}: {argument}[{index}] is {}; expected a (name, value) pair",
                key_text(&entry)
            )));
        };
        let key = if mapping { key_text(&name) } else { index.to_string() };
        let Ok(name) = name.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!(
                "{operation}: the name of {argument}[{key}] has type {}; names must be str",
                name.get_type().name()?
            )));
        };
        let text = value_text(
            py,
            &Item {
                operation,
                argument,
                key: Some(key),
            },
            &value,
        )?;
        out.push((name.extract::<String>()?, text));
    }
    Ok(out)
}
