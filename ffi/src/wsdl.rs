//! `idiligo_wsdl_report`: does this SDK match the live service? (the core's `idiligo::wsdl`).

use std::ffi::{c_char, CString};

use idiligo_core::wsdl::{self, DifferenceKind, Report};

use crate::boundary::{out_arg, owned_string, ref_arg, str_arg, write_out, FfiResult};
use crate::client::idiligo_client;
use crate::error::c_text;
use crate::idiligo_error;

/// `idiligo_wsdl_report_kind`: an operation the SDK's table has and the service's WSDL lacks.
pub const IDILIGO_WSDL_MISSING_OPERATION: i32 = 0;
/// `idiligo_wsdl_report_kind`: an operation only the service has (it has grown); not a mismatch.
pub const IDILIGO_WSDL_EXTRA_OPERATION: i32 = 1;
/// `idiligo_wsdl_report_kind`: parameter names, order or types differ.
pub const IDILIGO_WSDL_PARAMETERS: i32 = 2;
/// `idiligo_wsdl_report_kind`: the answer type differs.
pub const IDILIGO_WSDL_ANSWER: i32 = 3;
/// `idiligo_wsdl_report_kind`: the bindings (SOAP, HTTP GET, HTTP POST) differ.
pub const IDILIGO_WSDL_BINDINGS: i32 = 4;
/// `idiligo_wsdl_report_kind`: a type the table has and the WSDL lacks.
pub const IDILIGO_WSDL_MISSING_TYPE: i32 = 5;
/// `idiligo_wsdl_report_kind`: a type only the service has; not a mismatch.
pub const IDILIGO_WSDL_EXTRA_TYPE: i32 = 6;
/// `idiligo_wsdl_report_kind`: a type's members differ.
pub const IDILIGO_WSDL_MEMBERS: i32 = 7;
/// `idiligo_wsdl_report_kind`: an enumeration's values differ.
pub const IDILIGO_WSDL_ENUMERATION: i32 = 8;
/// `idiligo_wsdl_report_kind`: a type's base type differs.
pub const IDILIGO_WSDL_BASE_TYPE: i32 = 9;
/// `idiligo_wsdl_report_kind`: the WSDL contradicts itself (SOAPAction, SOAP 1.2, HTTP messages).
pub const IDILIGO_WSDL_INCONSISTENT: i32 = 10;

/// The C constant of a difference kind (its place in the core's `DifferenceKind::ALL`).
fn kind_code(k: DifferenceKind) -> i32 {
    DifferenceKind::ALL
        .iter()
        .position(|x| *x == k)
        .map_or(-1, |i| i as i32)
}

// The constants above follow the core's order; a new kind must get its constant here too.
const _: () = {
    use DifferenceKind as K;
    assert!(K::ALL.len() == 11);
    assert!(matches!(
        K::ALL[IDILIGO_WSDL_MISSING_OPERATION as usize],
        K::MissingOperation
    ));
    assert!(matches!(
        K::ALL[IDILIGO_WSDL_EXTRA_OPERATION as usize],
        K::ExtraOperation
    ));
    assert!(matches!(K::ALL[IDILIGO_WSDL_PARAMETERS as usize], K::Parameters));
    assert!(matches!(K::ALL[IDILIGO_WSDL_ANSWER as usize], K::Answer));
    assert!(matches!(K::ALL[IDILIGO_WSDL_BINDINGS as usize], K::Bindings));
    assert!(matches!(K::ALL[IDILIGO_WSDL_MISSING_TYPE as usize], K::MissingType));
    assert!(matches!(K::ALL[IDILIGO_WSDL_EXTRA_TYPE as usize], K::ExtraType));
    assert!(matches!(K::ALL[IDILIGO_WSDL_MEMBERS as usize], K::Members));
    assert!(matches!(K::ALL[IDILIGO_WSDL_ENUMERATION as usize], K::Enumeration));
    assert!(matches!(K::ALL[IDILIGO_WSDL_BASE_TYPE as usize], K::BaseType));
    assert!(matches!(K::ALL[IDILIGO_WSDL_INCONSISTENT as usize], K::Inconsistent));
};

struct Item {
    kind: i32,
    mismatch: bool,
    kind_name: CString,
    subject: CString,
    expected: CString,
    found: CString,
    message: CString,
}

/// The result of comparing a service's WSDL with the SDK's operation table
/// (`idiligo_wsdl_compare`, `idiligo_client_check_service`): every difference, each with a
/// kind (`IDILIGO_WSDL_*`), the operation or type it concerns, what the table and the WSDL
/// say, and a one-line message. Immutable: safe to read from several threads at once. Strings
/// returned by its accessors are borrowed and live as long as the report. Free it with
/// `idiligo_wsdl_report_free`.
pub struct idiligo_wsdl_report {
    matches: bool,
    service_operations: usize,
    table_operations: usize,
    items: Vec<Item>,
}

impl idiligo_wsdl_report {
    fn boxed(r: &Report) -> FfiResult<*mut idiligo_wsdl_report> {
        let items = r
            .differences()
            .iter()
            .map(|d| {
                Ok(Item {
                    kind: kind_code(d.kind),
                    mismatch: d.kind.is_mismatch(),
                    kind_name: c_text(d.kind.as_str(), "a difference's kind")?,
                    subject: c_text(d.subject.as_str(), "a difference's subject")?,
                    expected: c_text(d.expected.as_str(), "a difference's expected side")?,
                    found: c_text(d.found.as_str(), "a difference's found side")?,
                    message: c_text(d.message.as_str(), "a difference's message")?,
                })
            })
            .collect::<FfiResult<Vec<Item>>>()?;
        Ok(Box::into_raw(Box::new(idiligo_wsdl_report {
            matches: r.matches(),
            service_operations: r.found_operations(),
            table_operations: r.expected_operations(),
            items,
        })))
    }
}

fn item<'a>(report: *const idiligo_wsdl_report, index: usize) -> Option<&'a Item> {
    unsafe { report.as_ref() }.and_then(|r| r.items.get(index))
}

/// Compares a WSDL (the text of `.../InsideService20.asmx?WSDL`, NUL-terminated UTF-8) with
/// the SDK's operation table. On success `*out` receives a new report (free it with
/// `idiligo_wsdl_report_free`), whatever the differences. `IDILIGO_ERR_PARSE` when the text is
/// not XML or not a WSDL.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_compare(
    wsdl_text: *const c_char,
    out: *mut *mut idiligo_wsdl_report,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_wsdl_compare", err, {
        let text = unsafe { str_arg(wsdl_text, "wsdl_text") }?;
        out_arg(out, "out")?;
        let report = wsdl::compare(text)?;
        let boxed = idiligo_wsdl_report::boxed(&report)?;
        unsafe { write_out(out, boxed) };
        Ok(())
    })
}

/// Fetches the service's live WSDL (`{endpoint}?WSDL`) with the client's TLS, proxy and
/// timeout settings (no credentials needed: a client built from options without credentials
/// will do) and compares it with the operation table. On success `*out` receives a new report.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_check_service(
    client: *const idiligo_client,
    out: *mut *mut idiligo_wsdl_report,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_check_service", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        out_arg(out, "out")?;
        let report = c.client.check_service()?;
        let boxed = idiligo_wsdl_report::boxed(&report)?;
        unsafe { write_out(out, boxed) };
        Ok(())
    })
}

/// Fetches the service's live WSDL text into `*out` (owned: free it with
/// `idiligo_string_free`), with the client's TLS, proxy and timeout settings.
#[no_mangle]
pub unsafe extern "C" fn idiligo_client_fetch_wsdl(
    client: *const idiligo_client,
    out: *mut *mut c_char,
    err: *mut *mut idiligo_error,
) -> i32 {
    ffi_status!("idiligo_client_fetch_wsdl", err, {
        let c = unsafe { ref_arg(client, "client") }?;
        out_arg(out, "out")?;
        let text = c.client.fetch_wsdl()?;
        let text = owned_string(text, "the WSDL")?;
        unsafe { write_out(out, text) };
        Ok(())
    })
}

/// Frees a report. `NULL` is a no-op.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_free(report: *mut idiligo_wsdl_report) {
    ffi_value!((), {
        if !report.is_null() {
            drop(unsafe { Box::from_raw(report) });
        }
    })
}

/// Whether the SDK matches the service: no difference but operations and types only the
/// service has (`IDILIGO_WSDL_EXTRA_*`). `false` for `NULL`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_matches(report: *const idiligo_wsdl_report) -> bool {
    ffi_value!(false, { unsafe { report.as_ref() }.is_some_and(|r| r.matches) })
}

/// Number of differences (0 for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_len(report: *const idiligo_wsdl_report) -> usize {
    ffi_value!(0, { unsafe { report.as_ref() }.map_or(0, |r| r.items.len()) })
}

/// How many operations the service's WSDL offers (0 for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_service_operations(report: *const idiligo_wsdl_report) -> usize {
    ffi_value!(0, { unsafe { report.as_ref() }.map_or(0, |r| r.service_operations) })
}

/// How many operations the SDK's table has (0 for `NULL`).
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_table_operations(report: *const idiligo_wsdl_report) -> usize {
    ffi_value!(0, { unsafe { report.as_ref() }.map_or(0, |r| r.table_operations) })
}

/// The kind of difference `index` (`IDILIGO_WSDL_*`); -1 for a bad `report`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_kind(report: *const idiligo_wsdl_report, index: usize) -> i32 {
    ffi_value!(-1, { item(report, index).map_or(-1, |i| i.kind) })
}

/// Whether difference `index` makes the SDK mismatch (every kind but
/// `IDILIGO_WSDL_EXTRA_OPERATION` and `IDILIGO_WSDL_EXTRA_TYPE`); `false` for a bad
/// `report`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_is_mismatch(report: *const idiligo_wsdl_report, index: usize) -> bool {
    ffi_value!(false, { item(report, index).is_some_and(|i| i.mismatch) })
}

fn text(report: *const idiligo_wsdl_report, index: usize, f: fn(&Item) -> &CString) -> *const c_char {
    item(report, index).map_or(std::ptr::null(), |i| f(i).as_ptr())
}

/// The kind of difference `index` as a stable lower-case name (`"parameters"`,
/// `"missing_operation"` …). Borrowed; `NULL` for a bad `report`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_kind_name(
    report: *const idiligo_wsdl_report,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), { text(report, index, |i| &i.kind_name) })
}

/// The operation or type difference `index` concerns. Borrowed; `NULL` for a bad
/// `report`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_subject(
    report: *const idiligo_wsdl_report,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), { text(report, index, |i| &i.subject) })
}

/// What the SDK's table says for difference `index` (`""` when it has nothing). Borrowed;
/// `NULL` for a bad `report`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_expected(
    report: *const idiligo_wsdl_report,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), { text(report, index, |i| &i.expected) })
}

/// What the service's WSDL says for difference `index` (`""` when it has nothing). Borrowed;
/// `NULL` for a bad `report`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_found(report: *const idiligo_wsdl_report, index: usize) -> *const c_char {
    ffi_value!(std::ptr::null(), { text(report, index, |i| &i.found) })
}

/// Difference `index` in one line of English. Borrowed; `NULL` for a bad `report`/`index`.
#[no_mangle]
pub unsafe extern "C" fn idiligo_wsdl_report_message(
    report: *const idiligo_wsdl_report,
    index: usize,
) -> *const c_char {
    ffi_value!(std::ptr::null(), { text(report, index, |i| &i.message) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn compare_through_the_abi() {
        let captured = include_str!("../../tests/fixtures/asmx/wsdl.http");
        let body = captured.split_once("\r\n\r\n").unwrap().1;
        let bad = body.replacen("name=\"callId\" type=\"s:long\"", "name=\"callId\" type=\"s:int\"", 1);
        for (text, diffs) in [(body, 0), (bad.as_str(), 1)] {
            let c = CString::new(text).unwrap();
            let mut report = std::ptr::null_mut();
            let rc = unsafe { idiligo_wsdl_compare(c.as_ptr(), &mut report, std::ptr::null_mut()) };
            assert_eq!(rc, 0);
            unsafe {
                assert_eq!(idiligo_wsdl_report_len(report), diffs);
                assert_eq!(idiligo_wsdl_report_matches(report), diffs == 0);
                if diffs == 1 {
                    assert_eq!(idiligo_wsdl_report_kind(report, 0), IDILIGO_WSDL_PARAMETERS);
                    let m = CStr::from_ptr(idiligo_wsdl_report_message(report, 0)).to_str().unwrap();
                    assert!(m.contains("callId:int"), "{m}");
                }
                assert_eq!(idiligo_wsdl_report_kind(report, 5), -1);
                assert!(idiligo_wsdl_report_subject(report, 5).is_null());
                idiligo_wsdl_report_free(report);
            }
        }
        let junk = CString::new("<html>").unwrap();
        let mut report = std::ptr::null_mut();
        let rc = unsafe { idiligo_wsdl_compare(junk.as_ptr(), &mut report, std::ptr::null_mut()) };
        assert_eq!(rc, crate::IDILIGO_ERR_PARSE);
        assert!(report.is_null());
    }
}
