//! The scalar answer parsers: the canonical fast path must agree with roxmltree on whatever it
//! accepts, and neither may panic.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| idiligo::fuzzing::scalar(data));
