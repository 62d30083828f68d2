//! The one boundary every export goes through, and the argument helpers it uses.
//!
//! [`ffi_status!`] wraps functions that return an `int32_t` status: it clears the thread's
//! last error, runs the body inside `catch_unwind`, and on failure fills the optional
//! `idiligo_error **err` and the last-error mirror. [`ffi_value!`] wraps infallible functions
//! (accessors, `_free`): a panic there yields the given default value instead of unwinding.

use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{clear_last, new_error, set_last, Failure};
use crate::{idiligo_error, IDILIGO_ERR_ARGUMENT, IDILIGO_ERR_PARSE, IDILIGO_OK};

/// Result type of a boundary body.
pub(crate) type FfiResult<T = ()> = Result<T, Failure>;

/// Wraps the body of an exported function returning an `int32_t` status.
///
/// `ffi_status!("c_function_name", err, { ...; Ok(()) })` where `err` is the
/// `*mut *mut idiligo_error` parameter and the body evaluates to `FfiResult<()>`.
macro_rules! ffi_status {
    ($name:literal, $err:expr, $body:block) => {
        $crate::boundary::status($name, $err, move || -> $crate::boundary::FfiResult<()> { $body })
    };
}

/// Wraps the body of an infallible export; `default` is returned if the body panics.
macro_rules! ffi_value {
    ($default:expr, $body:block) => {
        $crate::boundary::value(move || $body, $default)
    };
}

/// Implementation of [`ffi_status!`].
pub(crate) fn status(name: &'static str, err: *mut *mut idiligo_error, body: impl FnOnce() -> FfiResult) -> i32 {
    clear_last();
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return IDILIGO_OK,
        Ok(Err(mut f)) => {
            if f.operation.is_empty() {
                // Raised by this layer: name the C function, as the core names its operation.
                let what = match f.code {
                    IDILIGO_ERR_ARGUMENT => "invalid argument",
                    IDILIGO_ERR_PARSE => "could not parse the response",
                    _ => f.kind,
                };
                f.operation = name.to_owned();
                f.message = format!("{name}: {what}: {}", f.message);
            }
            f
        }
        Err(payload) => Failure::panic(name, payload.as_ref()),
    };
    let code = failure.code;
    // Reporting must not panic across the boundary either.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        set_last(&failure);
        if !err.is_null() {
            // SAFETY: the caller passes either NULL or a writable `idiligo_error **`.
            unsafe { *err = new_error(&failure) };
        }
    }));
    code
}

/// Implementation of [`ffi_value!`].
pub(crate) fn value<T>(body: impl FnOnce() -> T, default: T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(default)
}

/// A required borrowed UTF-8 string argument.
pub(crate) unsafe fn str_arg<'a>(p: *const c_char, name: &str) -> FfiResult<&'a str> {
    if p.is_null() {
        return Err(Failure::arg(format!("{name} is NULL")));
    }
    // SAFETY: the caller passes a NUL-terminated string that outlives the call.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    std::str::from_utf8(bytes)
        .map_err(|e| Failure::arg(format!("{name} is not valid UTF-8 (at byte {})", e.valid_up_to())))
}

/// An optional borrowed UTF-8 string argument (`NULL` = absent).
pub(crate) unsafe fn opt_str_arg<'a>(p: *const c_char, name: &str) -> FfiResult<Option<&'a str>> {
    if p.is_null() {
        Ok(None)
    } else {
        unsafe { str_arg(p, name) }.map(Some)
    }
}

/// A required handle argument.
pub(crate) unsafe fn ref_arg<'a, T>(p: *const T, name: &str) -> FfiResult<&'a T> {
    unsafe { p.as_ref() }.ok_or_else(|| Failure::arg(format!("{name} is NULL")))
}

/// A required mutable handle argument.
pub(crate) unsafe fn mut_arg<'a, T>(p: *mut T, name: &str) -> FfiResult<&'a mut T> {
    unsafe { p.as_mut() }.ok_or_else(|| Failure::arg(format!("{name} is NULL")))
}

/// Checks that a required out-pointer is not NULL (before doing any work).
pub(crate) fn out_arg<T>(p: *mut T, name: &str) -> FfiResult<()> {
    if p.is_null() {
        Err(Failure::arg(format!("{name} is NULL")))
    } else {
        Ok(())
    }
}

/// Refuses a count of `T`s no C array can have (more than `isize::MAX` bytes, the limit of
/// `slice::from_raw_parts`), before a slice is made of it.
fn check_count<T>(count: usize, name: &str, what: &str) -> FfiResult<()> {
    if count > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        return Err(Failure::arg(format!("{name}: a {what} of {count} is impossible")));
    }
    Ok(())
}

/// An array of `count` borrowed UTF-8 strings (`p` may be NULL only when `count` is 0).
pub(crate) unsafe fn str_array_arg<'a>(p: *const *const c_char, count: usize, name: &str) -> FfiResult<Vec<&'a str>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Failure::arg(format!("{name} is NULL but the count is {count}")));
    }
    check_count::<*const c_char>(count, name, "count")?;
    // SAFETY: the caller passes `count` readable pointers.
    let items = unsafe { std::slice::from_raw_parts(p, count) };
    items
        .iter()
        .enumerate()
        .map(|(i, &s)| unsafe { str_arg(s, &format!("{name}[{i}]")) })
        .collect()
}

/// A borrowed buffer of `len` bytes (`bytes` may be NULL only when `len` is 0; a length over
/// `isize::MAX` is refused). The caller passes `len` readable bytes that outlive the call.
pub(crate) unsafe fn slice_arg<'a>(bytes: *const u8, len: usize, name: &str) -> FfiResult<&'a [u8]> {
    if len == 0 {
        return Ok(&[]);
    }
    if bytes.is_null() {
        return Err(Failure::arg(format!("{name} is NULL but len is {len}")));
    }
    check_count::<u8>(len, name, "length")?;
    // SAFETY: non-NULL, at most isize::MAX bytes; the caller passes `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(bytes, len) })
}

/// A copy of a buffer argument (as [`slice_arg`]); memory that cannot be had for it is an
/// `IDILIGO_ERR_ARGUMENT` failure instead of aborting the process.
/// The memory is reserved before a slice is made of the caller's buffer, so an absurd
/// length is refused without ever being taken for readable memory.
pub(crate) unsafe fn copied_bytes_arg(bytes: *const u8, len: usize, name: &str) -> FfiResult<Vec<u8>> {
    if len == 0 {
        return Ok(Vec::new());
    }
    if bytes.is_null() {
        return Err(Failure::arg(format!("{name} is NULL but len is {len}")));
    }
    check_count::<u8>(len, name, "length")?;
    let mut v = Vec::new();
    v.try_reserve_exact(len)
        .map_err(|_| Failure::arg(format!("{name}: cannot allocate {len} bytes for a copy")))?;
    v.extend_from_slice(unsafe { slice_arg(bytes, len, name) }?);
    Ok(v)
}

/// An owned C string for a `char **` out-parameter (free with `idiligo_string_free`); a value
/// with an interior NUL is an `IDILIGO_ERR_PARSE` failure, never a shortened string (see
/// [`c_text`](crate::error::c_text)).
pub(crate) fn owned_string(s: impl Into<Vec<u8>>, what: &str) -> FfiResult<*mut c_char> {
    crate::error::c_text(s, what).map(std::ffi::CString::into_raw)
}

/// Writes a successful result into an out-pointer already checked with [`out_arg`].
pub(crate) unsafe fn write_out<T>(p: *mut T, v: T) {
    // SAFETY: checked non-NULL; the caller passes a writable location.
    unsafe { p.write(v) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IDILIGO_ERR_PANIC;

    #[test]
    fn panics_become_status_900_with_message() {
        let mut err: *mut idiligo_error = std::ptr::null_mut();
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let code = status("test_fn", &mut err, || panic!("boom"));
        std::panic::set_hook(prev);
        assert_eq!(code, IDILIGO_ERR_PANIC);
        assert!(!err.is_null());
        let msg = unsafe { CStr::from_ptr(crate::error::idiligo_error_message(err, std::ptr::null_mut())) };
        assert!(msg.to_str().unwrap().contains("boom"), "{msg:?}");
        assert_eq!(unsafe { crate::error::idiligo_error_code(err) }, IDILIGO_ERR_PANIC);
        assert_eq!(crate::error::idiligo_last_error_code(), IDILIGO_ERR_PANIC);
        unsafe { crate::error::idiligo_error_free(err) };
        // The next successful call clears the mirror.
        assert_eq!(status("ok_fn", std::ptr::null_mut(), || Ok(())), IDILIGO_OK);
        assert_eq!(crate::error::idiligo_last_error_code(), IDILIGO_OK);
    }

    #[test]
    fn impossible_buffer_lengths_are_refused_before_a_slice_is_made() {
        let byte = 7u8;
        for len in [usize::MAX, isize::MAX as usize + 1] {
            let e = unsafe { slice_arg(&byte, len, "bytes") }.unwrap_err();
            assert!(e.message.contains("a length of"), "{}", e.message);
            let e = unsafe { copied_bytes_arg(&byte, len, "bytes") }.unwrap_err();
            assert!(e.message.contains("a length of"), "{}", e.message);
        }
        // Possible in principle, but no allocator has it: an error, not an abort, and the
        // one-byte buffer is never taken for isize::MAX bytes.
        let e = unsafe { copied_bytes_arg(&byte, isize::MAX as usize, "bytes") }.unwrap_err();
        assert!(e.message.contains("cannot allocate"), "{}", e.message);
        assert_eq!(unsafe { copied_bytes_arg(&byte, 1, "bytes") }.unwrap(), [7]);
        let p: *const c_char = c"x".as_ptr();
        let e = unsafe { str_array_arg(&p, usize::MAX / 2, "names") }.unwrap_err();
        assert!(e.message.contains("a count of"), "{}", e.message);
        assert_eq!(unsafe { str_array_arg(&p, 1, "names") }.unwrap(), ["x"]);
    }

    #[test]
    fn value_panics_give_default() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let v: i32 = value(|| panic!("x"), 7);
        std::panic::set_hook(prev);
        assert_eq!(v, 7);
    }
}
