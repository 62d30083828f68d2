//! The `500 text/plain` fault-text parser and the entity decoder.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| idiligo::fuzzing::fault_text(&String::from_utf8_lossy(data)));
