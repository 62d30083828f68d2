//! The SOAP 1.1 binding (document/literal), client side: the request envelope built from the
//! operation table, the streaming base64 body of an upload, and the text of a `soap:Fault`.
//!
//! A request is `POST {endpoint}` with `Content-Type: text/xml; charset=utf-8` and
//! `SOAPAction: "http://www.idiligo.com/{Operation}"`; its body is
//!
//! ```text
//! <?xml version="1.0" encoding="utf-8"?>
//! <soap:Envelope xmlns:xsi=… xmlns:xsd=… xmlns:soap=…><soap:Body><Op xmlns="http://www.idiligo.com/">
//!   <param>…</param>…        (one child per parameter, in table order)
//! </Op></soap:Body></soap:Envelope>
//! ```
//!
//! (without the line breaks). Scalars are their text; `ArrayOfString` is
//! `<names><string>…</string>…</names>`, `ArrayOfNameValue` is
//! `<fields><NameValue><Name>…</Name><Value>…</Value></NameValue>…</fields>`, `base64Binary` is
//! base64 text (standard alphabet, padded, no line breaks). An upload's bytes are never held as
//! base64: the body is a reader chain — the envelope's head, a base64 encoder reading the
//! document as it is sent, the envelope's tail — whose length is known before the first byte
//! goes out.

use std::fmt;
use std::io::Read;

use crate::error::{Error, Result};
use crate::exchange::{Args, Request, Value, TOKEN};
use crate::ops::{Param, Xsd};

/// The service's XML namespace (also the SOAPAction prefix).
pub(crate) const SERVICE_NS: &str = "http://www.idiligo.com/";

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>";
const TAIL: &str = "</soap:Body></soap:Envelope>";

/// The `SOAPAction` header value of an operation: `"http://www.idiligo.com/{name}"`, quoted.
pub(crate) fn action(name: &str) -> String {
    format!("\"{SERVICE_NS}{name}\"")
}

/// The length of the base64 text of `n` bytes (padded).
pub(crate) const fn base64_len(n: u64) -> u64 {
    n.div_ceil(3) * 4
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends the base64 text of `input` (standard alphabet, padded) to `out`. Called chunk by
/// chunk, every chunk but the last must be a multiple of 3 bytes long.
pub(crate) fn encode_base64(input: &[u8], out: &mut Vec<u8>) {
    out.reserve(input.len().div_ceil(3) * 4);
    let mut chunks = input.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[
            ALPHABET[(n >> 18) as usize & 63],
            ALPHABET[(n >> 12) as usize & 63],
            ALPHABET[(n >> 6) as usize & 63],
            ALPHABET[n as usize & 63],
        ]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                b'=',
                b'=',
            ]);
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                ALPHABET[(n >> 6) as usize & 63],
                b'=',
            ]);
        }
        _ => {}
    }
}

/// The bytes of a `base64Binary` parameter streamed into the envelope: an upload's document.
///
/// [`open`](Self::open) is called once per attempt (a retry or the repeat after a re-login
/// opens it again) and returns a reader of the raw bytes, positioned at the start; a source
/// that cannot be read twice fails the second `open` with a clear error. A failure while
/// reading (an I/O error, the document changing size, a cancel by the progress callback) is
/// kept and returned by [`take_failure`](Self::take_failure), so the exchange reports it
/// rather than the transport error it caused.
pub(crate) trait BinarySource: fmt::Debug {
    /// The exact number of bytes the source delivers.
    fn len(&self) -> u64;
    /// A reader of the bytes from the start, for one attempt.
    fn open(&self) -> Result<Box<dyn Read + '_>>;
    /// The failure that stopped the last attempt's reader, if any.
    fn take_failure(&self) -> Option<Error>;
}

/// Escapes text for an element of the envelope: `&`, `<`, `>`, and CR as `&#xD;` (a parser
/// would turn a raw CR into LF). Characters XML 1.0 cannot carry at all (control characters
/// other than tab, LF and CR; U+FFFE, U+FFFF) are an InvalidArgument error naming `what`.
fn escape_into(out: &mut String, operation: &'static str, what: &str, s: &str) -> Result<()> {
    if let Some(c) = s
        .chars()
        .find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
    {
        return Err(Error::invalid(
            operation,
            format!(
                "{what} contains the character U+{:04X}, which XML (and so the SOAP binding) cannot carry; \
                 use the POST binding for such values",
                c as u32
            ),
        ));
    }
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>', '\r']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&#xD;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// An InvalidArgument error when `s` holds a character the SOAP binding cannot carry.
pub(crate) fn check_text(operation: &'static str, what: &str, s: &str) -> Result<()> {
    escape_into(&mut String::new(), operation, what, s)
}

fn element(out: &mut String, operation: &'static str, name: &str, text: &str) -> Result<()> {
    out.push('<');
    out.push_str(name);
    out.push('>');
    escape_into(out, operation, name, text)?;
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    Ok(())
}

/// Whether `name` can be an element name here: ASCII letters, digits and `_`, not starting
/// with a digit (the identifiers the service uses).
fn is_element_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty() && !b[0].is_ascii_digit() && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// The bytes of a `base64Binary` given as text, one value per byte (`"37"`, `"80"` …), as the
/// call by name takes them on every binding.
fn bytes_of(operation: &'static str, name: &str, items: &[&str]) -> Result<Vec<u8>> {
    items
        .iter()
        .map(|v| {
            v.trim().parse::<u8>().map_err(|_| {
                Error::invalid(
                    operation,
                    format!(
                        "{name}: {:?} is not a byte value (0 to 255)",
                        v.chars().take(20).collect::<String>()
                    ),
                )
            })
        })
        .collect()
}

/// One parameter's element.
fn parameter(out: &mut String, operation: &'static str, p: &Param, v: &Value<'_>) -> Result<()> {
    match (p.xsd, v) {
        (Xsd::Base64Binary, Value::List(items)) => {
            let bytes = bytes_of(operation, p.name, items)?;
            let mut text = Vec::new();
            encode_base64(&bytes, &mut text);
            // The alphabet is ASCII.
            element(out, operation, p.name, std::str::from_utf8(&text).unwrap_or_default())?;
        }
        (Xsd::Type(array), Value::List(items)) => {
            let item = crate::ops::complex_type(array)
                .filter(|t| t.is_array())
                .map_or("string", |t| t.members[0].name);
            out.push('<');
            out.push_str(p.name);
            out.push('>');
            for s in *items {
                element(out, operation, item, s)?;
            }
            out.push_str("</");
            out.push_str(p.name);
            out.push('>');
        }
        (_, Value::Pairs(pairs)) => {
            out.push('<');
            out.push_str(p.name);
            out.push('>');
            for (name, value) in *pairs {
                out.push_str("<NameValue>");
                element(out, operation, "Name", name)?;
                element(out, operation, "Value", value)?;
                out.push_str("</NameValue>");
            }
            out.push_str("</");
            out.push_str(p.name);
            out.push('>');
        }
        (_, Value::Str(s)) => element(out, operation, p.name, s)?,
        (_, Value::List(items)) => {
            for s in *items {
                element(out, operation, p.name, s)?;
            }
        }
        (_, Value::Binary(_)) => {
            return Err(Error::invalid(
                operation,
                format!("{}: a streamed document belongs to a base64Binary parameter", p.name),
            ))
        }
    }
    Ok(())
}

/// A request's envelope: the text before the streamed document (all of it when there is none),
/// the document, and the text after it.
#[derive(Debug)]
pub(crate) struct Envelope<'a> {
    pub(crate) head: String,
    pub(crate) stream: Option<&'a dyn BinarySource>,
    pub(crate) tail: String,
}

impl Envelope<'_> {
    /// The body's length in bytes.
    pub(crate) fn len(&self) -> u64 {
        let streamed = self.stream.map_or(0, |s| base64_len(s.len()));
        self.head.len() as u64 + streamed + self.tail.len() as u64
    }
}

/// Builds the envelope of `req` with `token` (when the operation takes one) as its first
/// parameter. Parameter names outside the table must be plain identifiers; values XML cannot
/// carry are refused; nothing is sent when this fails.
pub(crate) fn envelope<'a>(req: &Request<'a>, token: Option<&str>) -> Result<Envelope<'a>> {
    let op = req.name;
    let mut head = String::with_capacity(HEAD.len() + TAIL.len() + 160);
    head.push_str(HEAD);
    head.push('<');
    head.push_str(op);
    head.push_str(" xmlns=\"");
    head.push_str(SERVICE_NS);
    head.push_str("\">");
    let mut stream = None;
    let mut tail = String::new();
    let mut target = &mut head;
    match req.args {
        Args::Table(spec, values) => {
            if let Some(t) = token {
                element(target, op, spec.params[0].name, t)?;
            }
            let params = &spec.params[usize::from(req.takes_token)..];
            for (p, v) in params.iter().zip(values) {
                match v {
                    Value::Binary(source) if p.xsd == Xsd::Base64Binary && stream.is_none() => {
                        target.push('<');
                        target.push_str(p.name);
                        target.push('>');
                        stream = Some(*source);
                        target = &mut tail;
                        target.push_str("</");
                        target.push_str(p.name);
                        target.push('>');
                    }
                    _ => parameter(target, op, p, v)?,
                }
            }
        }
        Args::Named(pairs) => {
            if let Some(t) = token {
                element(target, op, TOKEN, t)?;
            }
            for (k, v) in pairs {
                if !is_element_name(k) {
                    return Err(Error::invalid(
                        op,
                        format!(
                            "parameter name {:?} is not a plain identifier (letters, digits, _), as the SOAP binding needs",
                            k.chars().take(64).collect::<String>()
                        ),
                    ));
                }
                element(target, op, k, v)?;
            }
        }
    }
    target.push_str("</");
    target.push_str(op);
    target.push('>');
    target.push_str(TAIL);
    Ok(Envelope { head, stream, tail })
}

/// Reads a [`BinarySource`] as base64 text: exactly [`base64_len`] bytes.
pub(crate) struct Base64Reader<'r> {
    raw: Box<dyn Read + 'r>,
    remaining: u64,
    input: Vec<u8>,
    output: Vec<u8>,
    at: usize,
}

/// Raw bytes read per step (a multiple of 3, so only the last step pads).
const STEP: usize = 48 * 1024;

impl<'r> Base64Reader<'r> {
    pub(crate) fn new(raw: Box<dyn Read + 'r>, len: u64) -> Self {
        Base64Reader {
            raw,
            remaining: len,
            input: vec![0; STEP],
            output: Vec::with_capacity(STEP / 3 * 4),
            at: 0,
        }
    }

    fn refill(&mut self) -> std::io::Result<()> {
        let want = (self.remaining.min(STEP as u64)) as usize;
        let mut got = 0;
        while got < want {
            match self.raw.read(&mut self.input[got..want]) {
                Ok(0) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "the document ended early",
                    ))
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.remaining -= got as u64;
        self.output.clear();
        self.at = 0;
        encode_base64(&self.input[..got], &mut self.output);
        Ok(())
    }
}

impl Read for Base64Reader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.output.len() {
            if self.remaining == 0 {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = buf.len().min(self.output.len() - self.at);
        buf[..n].copy_from_slice(&self.output[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

// ---------------------------------------------------------------------------- faults

/// The service's message from a SOAP fault's `faultstring`, in both customErrors forms:
/// the first line, split at ` ---> ` into the exception chain, a .NET type prefix
/// (`System.Exception: `, `System.Web.Services.Protocols.SoapException: `) stripped from each
/// part, and the wrapper ASP.NET puts around a web method's exception
/// (`Server was unable to process request.`) dropped, so `Invalid token.` reads the same as
/// over the HTTP bindings. Framework faults keep their whole chain (`Server was unable to read
/// request. ---> There is an error in XML document (2, 291). ---> Input string was not in a
/// correct format.`).
pub(crate) fn fault_message(faultstring: &str) -> String {
    let first = faultstring.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let mut parts: Vec<&str> = first
        .split(" ---> ")
        .map(|part| match part.split_once(": ") {
            Some((head, rest)) if crate::transport::is_type_name(head) => rest.trim(),
            _ => part.trim(),
        })
        .collect();
    if parts.len() > 1 && parts[0] == "Server was unable to process request." {
        parts.remove(0);
    }
    parts.join(" ---> ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Request;
    use crate::ops::Op;

    #[test]
    fn the_action_is_the_quoted_namespace_and_name() {
        assert_eq!(action(Op::CreateCall.name()), "\"http://www.idiligo.com/CreateCall\"");
    }

    #[test]
    fn text_checks_refuse_exactly_what_xml_cannot_carry() {
        let mut out = String::new();
        escape_into(&mut out, "x", "v", "a b\tc\nd\re&<>\u{FFFD}\u{10000}").unwrap();
        assert_eq!(out, "a b\tc\nd&#xD;e&amp;&lt;&gt;\u{FFFD}\u{10000}");
        for bad in ['\u{0}', '\u{1}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'] {
            let e = check_text("x", "the value", &format!("a{bad}")).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
            assert!(
                e.to_string()
                    .contains(&format!("the value contains the character U+{:04X}", bad as u32)),
                "{e}"
            );
        }
        assert!(check_text("x", "v", " \t\n\r").is_ok());
    }

    #[test]
    fn element_names_are_identifiers() {
        for good in ["a", "Z", "_", "_1", "callId", "trajectCode", "A_b9"] {
            assert!(is_element_name(good), "{good}");
        }
        for bad in ["", "1a", "9", "a-b", "a b", "a:b", "<a", "é", "a."] {
            assert!(!is_element_name(bad), "{bad}");
        }
    }

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (raw, b64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = Vec::new();
            encode_base64(raw.as_bytes(), &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), b64);
            assert_eq!(base64_len(raw.len() as u64), b64.len() as u64);
        }
        let mut out = Vec::new();
        encode_base64(&[0xFF, 0xFE, 0xFD, 0x00, 0x3F], &mut out);
        assert_eq!(out, b"//79AD8=");
    }

    #[test]
    fn the_base64_reader_streams_exactly_the_encoded_length() {
        for n in [0usize, 1, 2, 3, STEP - 1, STEP, STEP + 1, 3 * STEP + 2] {
            let data: Vec<u8> = (0..n).map(|i| (i * 7 % 256) as u8).collect();
            let mut r = Base64Reader::new(Box::new(std::io::Cursor::new(data.clone())), n as u64);
            let mut got = Vec::new();
            // Small reads cross the step boundaries.
            let mut buf = [0u8; 1000];
            loop {
                let k = r.read(&mut buf).unwrap();
                if k == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..k]);
            }
            let mut want = Vec::new();
            encode_base64(&data, &mut want);
            assert_eq!(got, want, "{n}");
        }
        // A source shorter than announced is an error, not a short body.
        let mut r = Base64Reader::new(Box::new(std::io::Cursor::new(vec![1u8; 10])), 11);
        let mut sink = Vec::new();
        assert_eq!(
            r.read_to_end(&mut sink).unwrap_err().kind(),
            std::io::ErrorKind::UnexpectedEof
        );
    }

    #[test]
    fn envelopes_follow_the_table() {
        let names = ["a", "b&c"];
        let values = ["1", "<2>"];
        let vals = [Value::Str("P"), Value::List(&names), Value::List(&values)];
        let r = Request::table(Op::SetValues, "x", &vals);
        let e = envelope(&r, Some("tok")).unwrap();
        assert!(e.stream.is_none() && e.tail.is_empty());
        assert_eq!(
            e.head,
            format!("{HEAD}<SetValues xmlns=\"http://www.idiligo.com/\"><token>tok</token><publicId>P</publicId><names><string>a</string><string>b&amp;c</string></names><values><string>1</string><string>&lt;2&gt;</string></values></SetValues>{TAIL}")
        );
        assert_eq!(e.len(), e.head.len() as u64);
        let pairs = [("n", "v\r\n"), ("", "")];
        let vals = [Value::Str("1001"), Value::Pairs(&pairs)];
        let e = envelope(&Request::table(Op::SetCallValues, "x", &vals), Some("t")).unwrap();
        assert!(e.head.contains("<callId>1001</callId><fields><NameValue><Name>n</Name><Value>v&#xD;\n</Value></NameValue><NameValue><Name></Name><Value></Value></NameValue></fields>"), "{}", e.head);
        // base64Binary from byte values (the call by name).
        let bytes = ["37", "80", "68"];
        let vals = [Value::List(&bytes), Value::Str("a.pdf")];
        let e = envelope(&Request::table(Op::AddDocumentFromBytes, "x", &vals), Some("t")).unwrap();
        assert!(
            e.head.contains("<file>JVBE</file><filename>a.pdf</filename>"),
            "{}",
            e.head
        );
        let bad = ["256"];
        let vals = [Value::List(&bad), Value::Str("a.pdf")];
        let err = envelope(&Request::table(Op::AddDocumentFromBytes, "x", &vals), Some("t")).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument);
        // No token for Login; a control character cannot be carried.
        let vals = [Value::Str("k"), Value::Str("u\u{1}"), Value::Str("p")];
        let err = envelope(&Request::table(Op::Login, "x", &vals), None).unwrap_err();
        assert!(err.to_string().contains("U+0001"), "{err}");
    }

    #[derive(Debug)]
    struct Bytes(&'static [u8]);

    impl BinarySource for Bytes {
        fn len(&self) -> u64 {
            self.0.len() as u64
        }
        fn open(&self) -> Result<Box<dyn Read + '_>> {
            Ok(Box::new(self.0))
        }
        fn take_failure(&self) -> Option<Error> {
            None
        }
    }

    #[test]
    fn a_document_is_streamed_between_head_and_tail_and_counted_in_the_length() {
        let doc = Bytes(b"%PDF-1");
        let vals = [Value::Binary(&doc), Value::Str("a.pdf")];
        let e = envelope(&Request::table(Op::AddDocumentFromBytes, "x", &vals), Some("t")).unwrap();
        assert!(e.head.ends_with("<token>t</token><file>"), "{}", e.head);
        assert_eq!(
            e.tail,
            format!("</file><filename>a.pdf</filename></AddDocumentFromBytes>{TAIL}")
        );
        assert_eq!(e.stream.map(|s| s.len()), Some(6), "the document is streamed");
        assert_eq!(
            e.len(),
            e.head.len() as u64 + 8 + e.tail.len() as u64,
            "6 bytes are 8 in base64"
        );
    }

    fn named<'a>(pairs: &'a [(&'a str, &'a str)]) -> Request<'a> {
        Request {
            name: Op::GetCall.name(),
            url: "x",
            takes_token: true,
            args: crate::exchange::Args::Named(pairs),
            retry: crate::exchange::RetryRule::Transient,
            binding: None,
        }
    }

    #[test]
    fn named_parameters_must_be_identifiers() {
        let pairs = [("callId", "1"), ("Name_2", "<v>")];
        let e = envelope(&named(&pairs), Some("t")).unwrap();
        assert!(
            e.head.ends_with(&format!(
                "<GetCall xmlns=\"http://www.idiligo.com/\"><token>t</token><callId>1</callId><Name_2>&lt;v&gt;</Name_2></GetCall>{TAIL}"
            )),
            "{}",
            e.head
        );
        let bad = [("call id", "1")];
        let err = envelope(&named(&bad), Some("t")).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument);
        assert!(
            err.to_string().contains("\"call id\" is not a plain identifier"),
            "{err}"
        );
    }

    #[test]
    fn the_base64_reader_retries_an_interrupted_read() {
        struct Interrupting(bool, &'static [u8]);
        impl Read for Interrupting {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                self.0 = !self.0;
                if self.0 {
                    return Err(std::io::ErrorKind::Interrupted.into());
                }
                self.1.read(buf)
            }
        }
        let mut r = Base64Reader::new(Box::new(Interrupting(false, b"foobar")), 6);
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(out, "Zm9vYmFy");

        // Interrupted between two parts of one step: the bytes already read are kept.
        struct Parts(Vec<std::io::Result<&'static [u8]>>);
        impl Read for Parts {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.remove(0) {
                    Ok(part) => {
                        buf[..part.len()].copy_from_slice(part);
                        Ok(part.len())
                    }
                    Err(e) => Err(e),
                }
            }
        }
        let interrupted = || std::io::Error::from(std::io::ErrorKind::Interrupted);
        let source = Parts(vec![Ok(b"foo"), Err(interrupted()), Ok(b"bar")]);
        let mut r = Base64Reader::new(Box::new(source), 6);
        let mut buf = [0u8; 64];
        let n = r.read(&mut buf).unwrap();
        assert_eq!(
            &buf[..n],
            b"Zm9vYmFy",
            "one read of the reader, the interruption inside it"
        );
        // Any other error ends the read.
        let source = Parts(vec![Ok(b"foo"), Err(std::io::Error::other("disk"))]);
        let mut r = Base64Reader::new(Box::new(source), 6);
        assert_eq!(r.read(&mut buf).unwrap_err().to_string(), "disk");
    }

    #[test]
    fn fault_messages_in_both_forms() {
        // Only a .NET type name before ": " is a prefix; other text with a colon stays whole.
        assert_eq!(
            fault_message("Value cannot be null: parameter callId"),
            "Value cannot be null: parameter callId"
        );
        assert_eq!(
            fault_message("Server was unable to process request. ---> Invalid token."),
            "Invalid token."
        );
        assert_eq!(
            fault_message("System.Web.Services.Protocols.SoapException: Server was unable to process request. ---> System.Exception: Invalid token.\n  at Idiligo.X () [0x0] in <abc>:0 \n   --- End of inner exception stack trace ---"),
            "Invalid token."
        );
        let read = "Server was unable to read request. ---> There is an error in XML document (2, 291). ---> Input string was not in a correct format.";
        assert_eq!(fault_message(read), read);
        assert_eq!(
            fault_message("System.Web.Services.Protocols.SoapException: Server was unable to read request. ---> System.InvalidOperationException: There is an error in XML document (2, 291). ---> System.FormatException: Input string was not in a correct format.\n  at x"),
            read
        );
        assert_eq!(
            fault_message(
                "Server was unable to process request. ---> Object reference not set to an instance of an object"
            ),
            "Object reference not set to an instance of an object"
        );
        assert_eq!(
            fault_message("System.Web.Services.Protocols.SoapException: Server did not recognize the value of HTTP Header {0}: {1}.\n  at x"),
            "Server did not recognize the value of HTTP Header {0}: {1}."
        );
        assert_eq!(fault_message(""), "");
        // The wrapper alone is the message (nothing after it to unwrap).
        assert_eq!(
            fault_message("Server was unable to process request."),
            "Server was unable to process request."
        );
    }
}
