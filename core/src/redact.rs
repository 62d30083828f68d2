//! Masking secrets in texts that came from the network (error pages, faults, echoed values,
//! header values, parser messages, refused URLs).
//!
//! Only error paths call into this module: a successful call never collects or masks anything.
//!
//! One linear pass per view, with [aho-corasick](aho_corasick) automata:
//!
//! * the **raw view** (the text as it came) is searched for every secret as given;
//! * the **decoded view** is the text with every escape decoded once — HTML named and numeric
//!   character references (`&amp;`, `&#228;`, `&#xE4;`), percent escapes in either case
//!   (`%3c`, `%20`), JSON escapes (`\u00e4`, surrogate pairs, `\/`, `\"`) — and `+` read as
//!   a space (form encoding; secrets are folded the same way). Each decoded byte remembers
//!   where its escape started in the original, so a match maps back to the original bytes;
//! * in the decoded view, the quoted value after a secret parameter's name
//!   (`password="…")`, as ASP.NET's request validation echoes a shortened value) is masked up
//!   to its closing `")` — one forward scan, however many such prefixes the text holds.
//!
//! Every matched range of the original is replaced by `***` (overlapping ranges merged).
//! Secrets shorter than 3 bytes are not masked (they would match everywhere).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

use crate::client::Client;
use crate::error::Error;

/// Parameter names whose values are secrets when the operation table does not say (operations
/// called by name that the table does not know); compared case-insensitively. The table's own
/// `secret` flags cover exactly these names (checked by a unit test of `ops`).
pub(crate) const SECRET_NAMES: [&str; 4] = ["apikey", "password", "ticket", "token"];

/// The mask.
const MASK: &str = "***";

/// Characters of an error excerpt.
const EXCERPT_BYTES: usize = 300;

/// Whether a parameter of this name carries a secret (case-insensitive).
pub(crate) fn is_secret_name(name: &str) -> bool {
    SECRET_NAMES.iter().any(|s| s.eq_ignore_ascii_case(name))
}

impl Client {
    /// Masks every secret the client knows (credentials, the session token and the tokens it
    /// replaced recently, the proxy URL and its user info, the base URL's user info) and
    /// `extra` (the secret values of the request at hand) in `text`.
    pub(crate) fn redact(&self, text: &str, extra: &[&str]) -> String {
        let mut secrets: Vec<&str> = Vec::with_capacity(8 + extra.len());
        let config = self.config();
        if let Some(c) = &config.credentials {
            secrets.extend(c.secrets());
        }
        let tokens = self.known_tokens();
        secrets.extend(tokens.iter().map(|t| t.expose()));
        if let Some(p) = &config.proxy {
            secrets.push(p.expose());
            secrets.extend(userinfo_parts(p.expose()));
        }
        if let Some(u) = self.userinfo() {
            secrets.push(u.expose());
            if let Some((_, password)) = u.expose().split_once(':') {
                secrets.push(password);
            }
        }
        secrets.extend_from_slice(extra);
        redact_secrets(text, &secrets)
    }

    /// The error excerpt of a body: the whole body redacted first, then cut to 300 bytes and
    /// its whitespace collapsed (cutting first could leave the start of a secret behind).
    pub(crate) fn excerpt(&self, body: &[u8], extra: &[&str]) -> String {
        let text = String::from_utf8_lossy(body);
        excerpt_of(&self.redact(&text, extra))
    }

    /// `e` with the texts it took from outside (parser messages quoting tag names or values,
    /// refused URLs, transport messages) redacted.
    pub(crate) fn clean(&self, e: Error, extra: &[&str]) -> Error {
        match e {
            Error::Parse { operation, message } => Error::Parse {
                operation,
                message: self.redact(&message, extra),
            },
            Error::InvalidArgument { operation, message } => Error::InvalidArgument {
                operation,
                message: self.redact(&message, extra),
            },
            Error::Connect { operation, message } => Error::Connect {
                operation,
                message: self.redact(&message, extra),
            },
            Error::Tls { operation, message } => Error::Tls {
                operation,
                message: self.redact(&message, extra),
            },
            Error::Transport { operation, message } => Error::Transport {
                operation,
                message: self.redact(&message, extra),
            },
            other => other,
        }
    }

    /// A parse result with its error's message redacted.
    pub(crate) fn parsed<T>(&self, r: crate::Result<T>) -> crate::Result<T> {
        r.map_err(|e| self.clean(e, &[]))
    }
}

/// `user:password` and `password` of a URL with user info.
fn userinfo_parts(url: &str) -> Vec<&str> {
    let Some((_, rest)) = url.split_once("://") else {
        return Vec::new();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    match authority.rsplit_once('@') {
        Some((info, _)) => {
            let mut v = vec![info];
            if let Some((_, pw)) = info.split_once(':') {
                v.push(pw);
            }
            v
        }
        None => Vec::new(),
    }
}

/// The first 300 bytes (at a character boundary) of an already redacted text, control
/// characters as spaces, runs of whitespace collapsed.
pub(crate) fn excerpt_of(redacted: &str) -> String {
    let mut end = redacted.len().min(EXCERPT_BYTES);
    while !redacted.is_char_boundary(end) {
        end -= 1;
    }
    redacted[..end]
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Masks every secret in `text` (see the module documentation).
pub(crate) fn redact_secrets(text: &str, secrets: &[&str]) -> String {
    let mut secrets: Vec<&str> = secrets.iter().copied().filter(|s| s.len() >= 3).collect();
    secrets.sort_unstable();
    secrets.dedup();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if !secrets.is_empty() {
        let raw = automaton(&secrets, false);
        spans.extend(raw.find_overlapping_iter(text).map(|m| (m.start(), m.end())));
    }
    if let Some(view) = Decoded::of(text) {
        if !secrets.is_empty() {
            let folded: Vec<Vec<u8>> = secrets.iter().map(|s| fold(s.as_bytes())).collect();
            let decoded = automaton(&folded, false);
            spans.extend(
                decoded
                    .find_overlapping_iter(&view.bytes)
                    .map(|m| view.source_span(m.start(), m.end())),
            );
        }
        echoed_values(&view, &mut spans);
    }
    apply(text, spans)
}

fn automaton<P: AsRef<[u8]>>(patterns: &[P], case_insensitive: bool) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(case_insensitive)
        .build(patterns)
        .expect("a handful of short patterns always builds")
}

/// `name="` for every secret name, matched case-insensitively in the decoded view.
fn name_prefixes() -> &'static AhoCorasick {
    static PREFIXES: OnceLock<AhoCorasick> = OnceLock::new();
    PREFIXES.get_or_init(|| {
        let patterns: Vec<String> = SECRET_NAMES.iter().map(|n| format!("{n}=\"")).collect();
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .expect("four short patterns")
    })
}

/// The values after `name="` up to the closing `")` (or the end of the text).
fn echoed_values(view: &Decoded, spans: &mut Vec<(usize, usize)>) {
    let hay = &view.bytes[..];
    let mut from = 0;
    while from < hay.len() {
        let Some(m) = name_prefixes().find(Input::new(hay).range(from..)) else {
            break;
        };
        let start = m.end();
        let end = find(&hay[start..], b"\")").map_or(hay.len(), |p| start + p);
        if end > start {
            spans.push(view.source_span(start, end));
        }
        // Past the closing quote: a later `name="` starts a new value.
        from = end.max(start).max(m.start() + 1);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = 0;
    while let Some(p) = hay[i..].iter().position(|&b| b == first) {
        let at = i + p;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// `+` read as a space, as form encoding writes a space (applied to the decoded view and to
/// every secret, so a secret with a space or a plus matches either way).
fn fold(s: &[u8]) -> Vec<u8> {
    s.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect()
}

/// The text with its escapes decoded once; `starts[i]` is where the escape (or plain byte)
/// behind decoded byte `i` starts in the original.
struct Decoded {
    bytes: Vec<u8>,
    starts: Vec<u32>,
    len: usize,
}

impl Decoded {
    /// The decoded view, or `None` for a text too long for 32-bit offsets (over 4 GiB; the
    /// response cap keeps texts far below that).
    fn of(text: &str) -> Option<Decoded> {
        let b = text.as_bytes();
        if b.len() > u32::MAX as usize {
            return None;
        }
        let mut bytes = Vec::with_capacity(b.len());
        let mut starts = Vec::with_capacity(b.len());
        let mut i = 0;
        let mut utf8 = [0u8; 4];
        while i < b.len() {
            let (decoded, used): (&[u8], usize) = match b[i] {
                b'&' => match html_reference(&b[i..]) {
                    Some((c, n)) => (c.encode_utf8(&mut utf8).as_bytes(), n),
                    None => (&b[i..i + 1], 1),
                },
                b'%' if b.len() > i + 2 && hex(b[i + 1]).is_some() && hex(b[i + 2]).is_some() => {
                    utf8[0] = hex(b[i + 1]).unwrap_or(0) << 4 | hex(b[i + 2]).unwrap_or(0);
                    (&utf8[..1], 3)
                }
                b'\\' => match json_escape(&b[i..]) {
                    Some((c, n)) => (c.encode_utf8(&mut utf8).as_bytes(), n),
                    None => (&b[i..i + 1], 1),
                },
                _ => (&b[i..i + 1], 1),
            };
            for &d in decoded {
                bytes.push(if d == b'+' { b' ' } else { d });
                starts.push(i as u32);
            }
            i += used;
        }
        Some(Decoded {
            bytes,
            starts,
            len: b.len(),
        })
    }

    /// The original range behind decoded bytes `start..end`: from the start of the first one's
    /// escape to the end of the last one's (an escape decodes to at most 4 bytes, so the
    /// search for the next escape is short).
    fn source_span(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.starts[start] as usize;
        let last = self.starts[end - 1];
        let to = self.starts[end..]
            .iter()
            .find(|&&s| s != last)
            .map_or(self.len, |&s| s as usize);
        (from, to)
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `&lt;`, `&#228;`, `&#xE4;` … at the start of `s`: the character and the bytes used.
fn html_reference(s: &[u8]) -> Option<(char, usize)> {
    let semi = s.iter().take(12).position(|&b| b == b';')?;
    let name = std::str::from_utf8(&s[1..semi]).ok()?;
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let n = if let Some(h) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(h, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse().ok()?
            };
            char::from_u32(n)?
        }
    };
    Some((c, semi + 1))
}

/// `\u00e4` (a surrogate pair as one character), `\/`, `\"`, `\\`, `\n` … at the start of `s`.
fn json_escape(s: &[u8]) -> Option<(char, usize)> {
    let c = match *s.get(1)? {
        b'/' => '/',
        b'"' => '"',
        b'\\' => '\\',
        b'\'' => '\'',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'u' => {
            let unit = |at: usize| -> Option<u32> {
                let h = s.get(at..at + 4)?;
                h.iter().try_fold(0u32, |acc, &b| Some(acc << 4 | u32::from(hex(b)?)))
            };
            let first = unit(2)?;
            if (0xD800..0xDC00).contains(&first) && s.get(6) == Some(&b'\\') && s.get(7) == Some(&b'u') {
                if let Some(second) = unit(8).filter(|u| (0xDC00..0xE000).contains(u)) {
                    let c = char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))?;
                    return Some((c, 12));
                }
            }
            return char::from_u32(first).map(|c| (c, 6));
        }
        _ => return None,
    };
    Some((c, 2))
}

/// Replaces every range (merged, widened to character boundaries) by the mask.
fn apply(text: &str, mut spans: Vec<(usize, usize)>) -> String {
    if spans.is_empty() {
        return text.to_owned();
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut i = 0;
    while i < spans.len() {
        let (mut start, mut end) = spans[i];
        i += 1;
        while i < spans.len() && spans[i].0 <= end {
            end = end.max(spans[i].1);
            i += 1;
        }
        start = start.max(at);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        out.push_str(&text[at..start.max(at)]);
        out.push_str(MASK);
        at = end.max(at);
    }
    out.push_str(&text[at.min(text.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_covers_encodings_and_echoed_prefixes() {
        let secrets = ["Pw<x'1 \"long-secret-value"];
        let cases = [
            "raw Pw<x'1 \"long-secret-value end",
            "html Pw&lt;x&#39;1 &quot;long-secret-value end",
            "pct Pw%3Cx%271+%22long-secret-value end",
            "A potentially dangerous Request.Form value was detected from the client (password=\"Pw<x'1 \"long-secr...\").",
            "(PASSWORD=&quot;Pw&lt;x&#39;1 &quot;long-s&quot;)",
        ];
        for c in cases {
            let r = redact_secrets(c, &secrets);
            assert!(!r.contains("Pw") && !r.contains("long-s"), "{c} -> {r}");
        }
        assert_eq!(redact_secrets("(token=\"abc\") x", &[]), "(token=\"***\") x");
        assert_eq!(redact_secrets("(Ticket=\"abc\") x", &[]), "(Ticket=\"***\") x");
    }

    #[test]
    fn every_encoding_is_caught() {
        let secret = "Jäger p/w+1\"x";
        let cases = [
            // numeric character references, decimal and hex
            "a J&#228;ger p/w+1&#34;x b",
            "a J&#xE4;ger p&#x2F;w&#43;1&quot;x b",
            // percent escapes: upper and lower case, %20 and + for the space
            "a J%C3%A4ger%20p%2Fw%2B1%22x b",
            "a J%c3%a4ger+p%2fw%2b1%22x b",
            // JSON escapes
            "a J\\u00e4ger p\\/w+1\\\"x b",
            "a J\\u00E4ger\\u0020p/w\\u002b1\\u0022x b",
            // mixed schemes in one secret
            "a J%C3%A4ger&#32;p\\/w%2b1&quot;x b",
        ];
        for c in cases {
            assert_eq!(redact_secrets(c, &[secret]), "a *** b", "{c}");
        }
        // A surrogate pair.
        assert_eq!(redact_secrets("x \\ud83d\\ude00abc y", &["😀abc"]), "x *** y");
        // A secret that looks like an escape itself is found raw.
        assert_eq!(redact_secrets("k=%41bc", &["%41bc"]), "k=***");
    }

    #[test]
    fn overlapping_and_adjacent_secrets_are_merged() {
        assert_eq!(redact_secrets("xabcdefx", &["abcd", "cdef"]), "x***x");
        assert_eq!(redact_secrets("abcabc", &["abc"]), "***");
        assert_eq!(redact_secrets("ab", &["ab"]), "ab", "too short to mask");
        assert_eq!(redact_secrets("é-secret-é", &["-secret-"]), "é***é");
        assert_eq!(
            redact_secrets("token=\"x\")".repeat(3).as_str(), &[]),
            "token=\"***\")".repeat(3)
        );
        assert_eq!(redact_secrets("token=\"open", &[]), "token=\"***");
    }

    #[test]
    fn hostile_text_redacts_in_linear_time() {
        // The pattern that took quadratic time, plus escapes everywhere; 128 KiB and 1 MiB.
        // (The 8 MiB figure of a release build: `cargo test --release --test faults`.)
        let unit = "token=\"x\") &#228;%41\\u00e4+";
        crate::linear::assert_linear("redaction of hostile text", 128 * 1024 / unit.len(), |n| {
            let text = unit.repeat(n);
            let r = redact_secrets(&text, &["secret-value", "another-one"]);
            assert!(r.starts_with("token=\"***\")"));
        });
    }

    #[test]
    fn excerpts_are_cut_after_redaction() {
        let secret = "S3CRET-VALUE-123456";
        let text = format!("{}{secret} tail", "x".repeat(290));
        let e = excerpt_of(&redact_secrets(&text, &[secret]));
        assert!(!e.contains("S3CR"), "{e}");
        assert!(e.ends_with("*** tail"), "{e}");
        assert_eq!(excerpt_of("a\n\n b\u{1}c"), "a b c");
        let long = "é".repeat(400);
        assert!(excerpt_of(&long).len() <= EXCERPT_BYTES);
        // Byte 300 inside a character: the cut moves back to its start.
        let odd = format!("a{}", "é".repeat(200));
        assert_eq!(excerpt_of(&odd), format!("a{}", "é".repeat(149)));
    }

    #[test]
    fn a_client_excerpt_masks_its_credentials_and_the_extra_secrets_then_cuts() {
        let client = crate::Client::builder()
            .base_url("https://h")
            .credentials(crate::Credentials::password(
                "FAKE-KEY-1",
                "agent@example.com",
                "FAKE-PW-1",
            ))
            .build()
            .unwrap();
        let body = format!("key FAKE-KEY-1 pw FAKE-PW-1 token FAKE-TOKEN\n{}", "y ".repeat(400));
        let e = client.excerpt(body.as_bytes(), &["FAKE-TOKEN"]);
        assert!(e.starts_with("key *** pw *** token *** y y"), "{e}");
        assert!(e.len() <= EXCERPT_BYTES && e.len() > 250, "{}", e.len());
    }

    #[test]
    fn what_is_no_escape_stays_in_the_decoded_view() {
        // Each secret differs from its text only by a `+` for its space, so only the decoded
        // view finds it; the `&`, `%` or `\` that starts no escape must stay in that view.
        assert_eq!(redact_secrets("x a&b+c y", &["a&b c"]), "x *** y");
        assert_eq!(redact_secrets("x a%z4+c y", &["a%z4 c"]), "x *** y");
        assert_eq!(redact_secrets("x a%4z+c y", &["a%4z c"]), "x *** y");
        assert_eq!(redact_secrets("x a\\q+c y", &["a\\q c"]), "x *** y");
        // A `%` one or two bytes before the end starts no escape either.
        assert_eq!(redact_secrets("a+b%4", &["a b%4"]), "***");
        assert_eq!(redact_secrets("a+b%", &["a b%"]), "***");
        assert_eq!(redact_secrets("%4", &["secret"]), "%4");
    }

    #[test]
    fn every_named_reference_and_short_json_escape_is_decoded() {
        let escapes = [
            ("&lt;", "<"),
            ("&gt;", ">"),
            ("&amp;", "&"),
            ("&quot;", "\""),
            ("&apos;", "'"),
            ("&nbsp;", "\u{a0}"),
            ("\\/", "/"),
            ("\\\"", "\""),
            ("\\\\", "\\"),
            ("\\'", "'"),
            ("\\n", "\n"),
            ("\\r", "\r"),
            ("\\t", "\t"),
            ("\\b", "\u{8}"),
            ("\\f", "\u{c}"),
        ];
        for (escaped, plain) in escapes {
            // The `+` keeps the raw search from finding the secret: only decoding does.
            let text = format!("x a{escaped}b+c y");
            assert_eq!(
                redact_secrets(&text, &[&format!("a{plain}b c")]),
                "x *** y",
                "{escaped}"
            );
        }
        // A `\u` escape of a character below the surrogates, followed by what looks like the
        // second half of a pair, is one character and the rest stays as it is.
        for text in ["x \\u0041\\udc00 y", "x \\u0041xudc00 y"] {
            assert_eq!(redact_secrets(text, &["secret"]), text);
        }
        assert_eq!(redact_secrets("x a\\u0041\\udc00 y", &["aA\\udc00"]), "x *** y");
    }

    #[test]
    fn an_empty_echoed_value_is_left_as_it_is() {
        assert_eq!(redact_secrets("(password=\"\") x", &[]), "(password=\"\") x");
        assert_eq!(
            redact_secrets("(password=\"\") (token=\"t\")", &[]),
            "(password=\"\") (token=\"***\")"
        );
    }

    #[test]
    fn secret_names_are_case_insensitive() {
        for n in ["apikey", "APIKEY", "Password", "ticket", "Token"] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["username", "callId", "tokens", ""] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn userinfo_parts_of_urls() {
        assert_eq!(userinfo_parts("http://u:pw@h:1/x"), vec!["u:pw", "pw"]);
        assert_eq!(userinfo_parts("http://h:1/x@y"), Vec::<&str>::new());
        assert_eq!(userinfo_parts("nonsense"), Vec::<&str>::new());
    }
}
