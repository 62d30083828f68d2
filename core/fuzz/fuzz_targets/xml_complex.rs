//! The generic complex-type reader (as the type the root element names), arrays and the
//! conversions to attachments, call data and name/value pairs: no panic on any body.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| idiligo::fuzzing::complex(data));
