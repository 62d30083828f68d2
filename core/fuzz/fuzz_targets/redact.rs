//! Redaction: the input is `text \x01 secret \x01 secret …`; no secret survives verbatim, and
//! a text without secrets or secret names is left as it is.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\u{1}');
    let text = parts.next().unwrap_or("");
    let secrets: Vec<&str> = parts.take(8).collect();
    idiligo::fuzzing::redact(text, &secrets);
});
