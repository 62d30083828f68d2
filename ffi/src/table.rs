//! The operation table for C callers (`idiligo_operation_*`), and any operation by name
//! (`idiligo_client_call`).

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use idiligo_core::ops::{operations, Answer, Effect, Op, Operation};
use idiligo_core::CallOptions;

use crate::boundary::{out_arg, owned_string, ref_arg, str_arg, str_array_arg, write_out};
use crate::client::idiligo_client;
use crate::error::Failure;
use crate::idiligo_error;

/// `idiligo_operation_effect`: the operation only reads (or mints a session token); always
/// safe to repeat.
pub const IDILIGO_EFFECT_READ: i32 = 0;
/// `idiligo_operation_effect`: the operation sets or removes state; repeating it leaves the
/// same state.
pub const IDILIGO_EFFECT_WRITE: i32 = 1;
/// `idiligo_operation_effect`: the operation creates something or acts each time it runs; it
/// is repeated only when the request provably never left this machine.
pub const IDILIGO_EFFECT_CREATE: i32 = 2;

/// `idiligo_operation_bindings` bit: offered over SOAP 1.1.
pub const IDILIGO_BINDINGS_SOAP: u32 = 1;
/// `idiligo_operation_bindings` bit: offered over HTTP GET.
pub const IDILIGO_BINDINGS_GET: u32 = 2;
/// `idiligo_operation_bindings` bit: offered over HTTP POST.
pub const IDILIGO_BINDINGS_POST: u32 = 4;

/// `idiligo_client_call` flag: the call is safe to repeat (it only reads, or repeating it
/// leaves the same state), so transient failures are retried by the client's policy. Without
/// it only failures where the request provably never left this machine are retried.
pub const IDILIGO_CALL_REPEATABLE: u32 = 1;
/// `idiligo_client_call` flag: the operation takes no session token (only needed for an
/// operation outside the table; for a table operation the table decides, and a contradicting
/// flag is an `IDILIGO_ERR_ARGUMENT`).
pub const IDILIGO_CALL_NO_TOKEN: u32 = 2;
/// `idiligo_client_call` flag: the operation takes the session token as its first parameter
/// (the default for an operation outside the table; checked against the table otherwise).
pub const IDILIGO_CALL_TOKEN: u32 = 4;

/// The C strings of one row, built once.
struct Row {
    spec: &'static Operation,
    name: CString,
    typed: Option<CString>,
    summary: CString,
    answer: Option<CString>,
    /// `(name, XSD type)` of every parameter, in wire order.
    params: Vec<(CString, CString)>,
}

/// Table strings never hold a NUL (they are Rust identifiers and prose).
fn static_c(s: &str) -> CString {
    CString::new(s).unwrap_or_default()
}

fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        operations()
            .iter()
            .map(|o| Row {
                spec: o,
                name: static_c(o.name),
                typed: o.typed.map(static_c),
                summary: static_c(o.summary),
                answer: match o.answer {
                    Answer::Void => None,
                    Answer::Value(x) => Some(static_c(x.name())),
                },
                params: o
                    .params
                    .iter()
                    .map(|p| (static_c(p.name), static_c(p.xsd.name())))
                    .collect(),
            })
            .collect()
    })
}

fn row(index: usize) -> Option<&'static Row> {
    rows().get(index)
}

fn ptr(s: Option<&CString>) -> *const c_char {
    s.map_or(std::ptr::null(), |s| s.as_ptr())
}

/// The number of operations in the table (every operation of the 2016 WSDL plus those the
/// current API guide adds). Operation `i` (0 ≤ i < count) is described by the other
/// `idiligo_operation_*` functions; every string they return is static (valid for the life of
/// the process, never freed).
#[no_mangle]
pub extern "C" fn idiligo_operation_count() -> usize {
    ffi_value!(0, { rows().len() })
}

/// The index of the operation with this exact (case-sensitive) wire name: writes it to
/// `*index_out` (if not `NULL`) and returns true; false for a name the table does not know
/// (it can still be called with `idiligo_client_call`), `NULL` or invalid UTF-8.
#[no_mangle]
pub unsafe extern "C" fn idiligo_operation_find(name: *const c_char, index_out: *mut usize) -> bool {
    ffi_value!(false, {
        let Ok(name) = (unsafe { str_arg(name, "name") }) else {
            return false;
        };
        match Op::from_name(name).and_then(|op| rows().iter().position(|r| r.spec.op == op)) {
            Some(i) => {
                if let Some(o) = unsafe { index_out.as_mut() } {
                    *o = i;
                }
                true
            }
            None => false,
        }
    })
}

/// The wire name of operation `index` (`"GetCallValues"`), as `idiligo_client_call` takes it.
/// Static; `NULL` if `index` is out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_name(index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), { ptr(row(index).map(|r| &r.name)) })
}

/// The name of operation `index`'s typed function: `"get_call_values"` means
/// `idiligo_client_get_call_values` (and Rust `Client::get_call_values`, Python
/// `Client.get_call_values`, C# `Client.GetCallValues`). Static; `NULL` when the operation is
/// reached through `idiligo_client_call` only, or if `index` is out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_typed(index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), { ptr(row(index).and_then(|r| r.typed.as_ref())) })
}

/// What operation `index` does, in one sentence (English). Static; `NULL` if out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_summary(index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), { ptr(row(index).map(|r| &r.summary)) })
}

/// What running operation `index` does, which decides its retry rule: `IDILIGO_EFFECT_READ`,
/// `IDILIGO_EFFECT_WRITE` or `IDILIGO_EFFECT_CREATE`; -1 if `index` is out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_effect(index: usize) -> i32 {
    ffi_value!(-1, {
        row(index).map_or(-1, |r| match r.spec.effect {
            Effect::Read => IDILIGO_EFFECT_READ,
            Effect::Write => IDILIGO_EFFECT_WRITE,
            Effect::Create => IDILIGO_EFFECT_CREATE,
            // An effect added to the core later is treated like the strictest.
            #[allow(unreachable_patterns)]
            _ => IDILIGO_EFFECT_CREATE,
        })
    })
}

/// The bindings operation `index` is offered on: a combination of `IDILIGO_BINDINGS_SOAP`,
/// `IDILIGO_BINDINGS_GET` and `IDILIGO_BINDINGS_POST`; 0 if `index` is out of range. The
/// client speaks HTTP GET or POST (`idiligo_options_set_binding`): an operation offered on
/// SOAP only is refused with `IDILIGO_ERR_ARGUMENT` before anything is sent.
#[no_mangle]
pub extern "C" fn idiligo_operation_bindings(index: usize) -> u32 {
    ffi_value!(0, {
        row(index).map_or(0, |r| {
            let b = r.spec.bindings;
            (if b.soap { IDILIGO_BINDINGS_SOAP } else { 0 })
                | (if b.get { IDILIGO_BINDINGS_GET } else { 0 })
                | (if b.post { IDILIGO_BINDINGS_POST } else { 0 })
        })
    })
}

/// Whether operation `index` takes the session token as its first parameter (every
/// operation but `Login` and `Impersonate`); the client supplies it. False if out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_takes_token(index: usize) -> bool {
    ffi_value!(false, { row(index).is_some_and(|r| r.spec.takes_token()) })
}

/// The XSD type of operation `index`'s answer (`"long"`, `"string"`, `"ArrayOfNameValue"`,
/// `"CallDTO"` …): over HTTP the root element of the XML document `idiligo_client_call`
/// returns. Static; `NULL` for a void answer (or if `index` is out of range).
#[no_mangle]
pub extern "C" fn idiligo_operation_answer_type(index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), { ptr(row(index).and_then(|r| r.answer.as_ref())) })
}

/// The number of parameters of operation `index`, the session `token` included (it is the
/// first one of every operation that takes it); 0 if `index` is out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_param_count(index: usize) -> usize {
    ffi_value!(0, { row(index).map_or(0, |r| r.params.len()) })
}

/// The wire name of parameter `param` of operation `index` (`"callId"`), in wire order.
/// Static; `NULL` if either index is out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_param_name(index: usize, param: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        ptr(row(index).and_then(|r| r.params.get(param)).map(|p| &p.0))
    })
}

/// The XSD type of parameter `param` of operation `index`: `"string"`, `"long"` (every id),
/// `"int"`, `"boolean"`, `"float"`, `"decimal"`, `"base64Binary"` (bytes: one value per byte,
/// each 0–255, over HTTP) or a complex type of the WSDL (`"ArrayOfString"`: one value per
/// element; `"ArrayOfNameValue"`: SOAP only). Static; `NULL` if out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_param_type(index: usize, param: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), {
        ptr(row(index).and_then(|r| r.params.get(param)).map(|p| &p.1))
    })
}

/// Whether parameter `param` of operation `index` is a secret (API key, password, ticket,
/// token): masked in every message and log. False if out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_param_secret(index: usize, param: usize) -> bool {
    ffi_value!(false, {
        row(index)
            .and_then(|r| r.spec.params.get(param))
            .is_some_and(|p| p.secret)
    })
}

/// Whether parameter `param` of operation `index` is a list (an `ArrayOf…` type or
/// `base64Binary`): give `idiligo_client_call` its name once per element, in order. False if
/// out of range.
#[no_mangle]
pub extern "C" fn idiligo_operation_param_is_array(index: usize, param: usize) -> bool {
    ffi_value!(false, {
        row(index)
            .and_then(|r| r.spec.params.get(param))
            .is_some_and(|p| p.xsd.is_array())
    })
}

/// Calls any operation by its wire name and returns the answer's XML document.
///
/// `names[i]` = `values[i]` for `i < count` are the operation's parameters without the
/// session token, which the client supplies (logging in as needed, and once more if the
/// service rejects it); a name given several times is an array, its elements in order.
/// `count` 0 allows `NULL` arrays. `flags` is a combination of `IDILIGO_CALL_REPEATABLE`,
/// `IDILIGO_CALL_NO_TOKEN` and `IDILIGO_CALL_TOKEN` (0 for none); other bits, or both token
/// flags, are an `IDILIGO_ERR_ARGUMENT`.
///
/// For an operation of the table (`idiligo_operation_find`), the parameters are checked
/// against its row first (names compared case-insensitively): an unknown name, a missing
/// scalar, a scalar given twice or an array given no element is an `IDILIGO_ERR_ARGUMENT`
/// whose message lists the operation's parameters, and nothing is sent; so is an operation
/// the configured binding does not offer (`SetCallValues` is SOAP only). Any other name is
/// sent as given (it must be a plain identifier: letters, digits, `_`), so operations newer
/// than the table can be called too. A `token` parameter is refused.
///
/// On success `*xml_out` receives the answer's whole XML document as an owned UTF-8 string
/// (free with `idiligo_string_free`), or `NULL` when the operation answered void (HTTP 200,
/// empty body). `xml_out` itself must not be `NULL`. Errors are mapped and redacted as for
/// the typed functions; a failed attempt is repeated only when the request provably never
/// left this machine, unless `IDILIGO_CALL_REPEATABLE` is given.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_call(
    client: *const idiligo_client,
    operation: *const c_char,
    names: *const *const c_char,
    values: *const *const c_char,
    count: usize,
    flags: u32,
    xml_out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_call", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        let operation = unsafe { str_arg(operation, "operation") }?;
        let names = unsafe { str_array_arg(names, count, "names") }?;
        let values = unsafe { str_array_arg(values, count, "values") }?;
        out_arg(xml_out, "xml_out")?;
        const KNOWN: u32 = IDILIGO_CALL_REPEATABLE | IDILIGO_CALL_NO_TOKEN | IDILIGO_CALL_TOKEN;
        if flags & !KNOWN != 0 {
            return Err(Failure::arg(format!(
                "flags {flags:#x} hold bits that are not IDILIGO_CALL_* values"
            )));
        }
        let mut options = CallOptions::new().repeatable(flags & IDILIGO_CALL_REPEATABLE != 0);
        match (flags & IDILIGO_CALL_NO_TOKEN != 0, flags & IDILIGO_CALL_TOKEN != 0) {
            (true, true) => {
                return Err(Failure::arg(
                    "IDILIGO_CALL_NO_TOKEN and IDILIGO_CALL_TOKEN contradict each other",
                ))
            }
            (true, false) => options = options.takes_token(false),
            (false, true) => options = options.takes_token(true),
            (false, false) => {}
        }
        let params: Vec<(&str, &str)> = names.into_iter().zip(values).collect();
        let answer = c.client.call(operation, &params, &options)?;
        let xml = match answer {
            Some(xml) => owned_string(xml, "the answer")?,
            None => std::ptr::null_mut(),
        };
        unsafe { write_out(xml_out, xml) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn s(p: *const c_char) -> &'static str {
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn introspection_follows_the_table() {
        assert_eq!(idiligo_operation_count(), Op::ALL.len());
        for (i, o) in operations().iter().enumerate() {
            assert_eq!(s(idiligo_operation_name(i)), o.name);
            assert_eq!(idiligo_operation_param_count(i), o.params.len());
            for (k, p) in o.params.iter().enumerate() {
                assert_eq!(s(idiligo_operation_param_name(i, k)), p.name);
                assert_eq!(s(idiligo_operation_param_type(i, k)), p.xsd.name());
            }
            let mut found = usize::MAX;
            let name = CString::new(o.name).unwrap();
            assert!(unsafe { idiligo_operation_find(name.as_ptr(), &mut found) });
            assert_eq!(found, i);
        }
        let n = idiligo_operation_count();
        assert!(idiligo_operation_name(n).is_null());
        assert_eq!(idiligo_operation_effect(n), -1);
        assert!(idiligo_operation_param_name(0, 99).is_null());
        assert!(!unsafe { idiligo_operation_find(c"getcall".as_ptr(), std::ptr::null_mut()) });
    }
}
