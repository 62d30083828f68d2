//! `safe_file_name(description, id)`: never empty, never `.`/`..`, no separator, ≤ 150 bytes.
//! The input is `description \x00 id`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let (description, id) = input.split_once('\0').unwrap_or((&input, "1"));
    idiligo::fuzzing::file_name(description, id);
});
