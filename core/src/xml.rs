//! Parsing of the XML bodies InsideService20 answers with: on its HTTP GET/POST bindings the
//! value is the root element (named after its type); over SOAP it is the `{Op}Result` child of
//! the `{Op}Response` element in the envelope's body (absent for a null value), and faults are
//! `soap:Fault` elements.
//!
//! Liberal in what it accepts: a BOM, leading whitespace, any namespace-declaration order,
//! `xsi:nil`, missing optional members, unknown extra members, and the numeric character
//! references to control characters that .NET's serializer emits but strict XML parsers
//! reject. DTDs stay disabled (roxmltree's default), and the caller caps the body size before
//! it gets here.

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::{Error, Result};
use crate::ops::{complex_type, ComplexType};

const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// Base of the private-use range that stands in for control characters during parsing.
const CONTROL_STANDIN: u32 = 0xF0000;

/// Decodes the body as UTF-8 and prepares it for roxmltree.
fn prepare<'a>(op: &'static str, body: &'a [u8]) -> Result<std::borrow::Cow<'a, str>> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|e| Error::parse(op, format!("response is not UTF-8 ({e})")))?;
    let text = text.trim_start();
    if text.is_empty() {
        return Err(Error::parse(op, "empty response where XML was expected"));
    }
    if text.contains("&#") {
        Ok(std::borrow::Cow::Owned(escape_control_refs(text)))
    } else {
        Ok(std::borrow::Cow::Borrowed(text))
    }
}

/// Rewrites `&#x1D;`-style references to control characters (illegal in XML 1.0, but written
/// by .NET) into private-use stand-ins that [`restore_controls`] turns back after parsing.
fn escape_control_refs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("&#") {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos + 2..];
        // Only the next few bytes: searching the whole rest for ';' made a body of references
        // without one take quadratic time (found by fuzzing).
        let end = tail.bytes().take(11).position(|b| b == b';');
        let code = end.and_then(|e| {
            let digits = &tail[..e];
            if let Some(hex) = digits.strip_prefix(['x', 'X']) {
                u32::from_str_radix(hex, 16).ok()
            } else {
                digits.parse::<u32>().ok()
            }
        });
        match (code, end) {
            (Some(c), Some(e)) if c < 0x20 && c != 0x9 && c != 0xA && c != 0xD => {
                out.push(char::from_u32(CONTROL_STANDIN + c).expect("valid private-use char"));
                rest = &tail[e + 1..];
            }
            _ => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

fn restore_controls(s: &str) -> String {
    if !s
        .chars()
        .any(|c| (CONTROL_STANDIN..CONTROL_STANDIN + 0x20).contains(&(c as u32)))
    {
        return s.to_owned();
    }
    s.chars()
        .map(|c| {
            let u = c as u32;
            if (CONTROL_STANDIN..CONTROL_STANDIN + 0x20).contains(&u) {
                char::from_u32(u - CONTROL_STANDIN).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn parse_doc<'a>(op: &'static str, text: &'a str) -> Result<Document<'a>> {
    let opts = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| Error::parse(op, format!("malformed XML: {e}")))
}

fn is_nil(node: Node<'_, '_>) -> bool {
    node.attribute((XSI_NS, "nil"))
        .map(|v| v.trim() == "true" || v.trim() == "1")
        .unwrap_or(false)
}

fn text_of(node: Node<'_, '_>) -> String {
    let mut s = String::new();
    for d in node.descendants().filter(|n| n.is_text()) {
        s.push_str(d.text().unwrap_or(""));
    }
    restore_controls(&s)
}

/// Parses a primitive root (`<string>`, `<long>`, `<int>`, …) whose local name is one of
/// `roots`. Returns `None` for `xsi:nil="true"`.
///
/// The canonical shape ASP.NET writes (declaration, one root in the service's namespace, plain
/// text) is read by [`canonical_scalar`], a strict scanner that accepts nothing else; every
/// other body goes through roxmltree. A unit test holds the two to the same answers.
pub(crate) fn parse_scalar(op: &'static str, body: &[u8], roots: &[&str]) -> Result<Option<String>> {
    let unmarked = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if let Ok(text) = std::str::from_utf8(unmarked) {
        if let Some(value) = canonical_scalar(text.trim_start(), roots) {
            return Ok(Some(value.to_owned()));
        }
    }
    parse_scalar_tree(op, body, roots)
}

/// The fuzzing check of the scalar parsers: whatever the fast path accepts, roxmltree reads
/// the same way; neither panics.
#[cfg(feature = "fuzzing")]
pub(crate) fn fuzz_scalar(body: &[u8], roots: &[&str]) {
    const OP: &str = "fuzz";
    let tree = parse_scalar_tree(OP, body, roots);
    let unmarked = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if let Ok(text) = std::str::from_utf8(unmarked) {
        if let Some(fast) = canonical_scalar(text.trim_start(), roots) {
            assert_eq!(
                tree.as_ref().ok().and_then(|t| t.as_deref()),
                Some(fast),
                "the fast path and roxmltree disagree on {text:?}"
            );
        }
    }
    let _ = parse_scalar(OP, body, roots);
}

/// [`parse_scalar`] through roxmltree.
fn parse_scalar_tree(op: &'static str, body: &[u8], roots: &[&str]) -> Result<Option<String>> {
    let text = prepare(op, body)?;
    let doc = parse_doc(op, &text)?;
    let root = doc.root_element();
    let name = root.tag_name().name();
    if !roots.contains(&name) {
        return Err(Error::parse(
            op,
            format!("unexpected root element <{name}>, expected <{}>", roots.join("> or <")),
        ));
    }
    if is_nil(root) {
        return Ok(None);
    }
    Ok(Some(text_of(root)))
}

/// The service's namespace, the only default namespace [`canonical_scalar`] accepts.
const SERVICE_NS: &str = "http://www.idiligo.com/";
const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

fn skip_xml_space(s: &[u8]) -> &[u8] {
    let n = s
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .unwrap_or(s.len());
    &s[n..]
}

/// The value of a primitive answer in exactly the shape ASP.NET writes it, or `None` for
/// anything else (which then goes through roxmltree):
///
/// `<?xml version="1.0" encoding="utf-8"?>` (or `<?xml version="1.0"?>`, or none),
/// whitespace, `<ROOT` with only `xmlns="http://www.idiligo.com/"`, `xmlns:xsi` and
/// `xmlns:xsd` (their standard URIs) as attributes, each at most once, then `/>` (the empty
/// string) or `>` text `</ROOT>`, then whitespace only. The text may not contain `<`, `&`,
/// `]]>`, a carriage return (XML normalises line ends), a character XML forbids, nor anything
/// from U+C0000 up (the range that stands in for control characters). Every document this
/// accepts is well-formed, and its value is the text as is.
fn canonical_scalar<'t>(text: &'t str, roots: &[&str]) -> Option<&'t str> {
    const DECLARATIONS: [&[u8]; 2] = [
        b"<?xml version=\"1.0\" encoding=\"utf-8\"?>",
        b"<?xml version=\"1.0\"?>",
    ];
    const ATTRIBUTES: [(&[u8], &str); 3] = [(b"xmlns", SERVICE_NS), (b"xmlns:xsi", XSI_NS), (b"xmlns:xsd", XSD_NS)];
    let all = text.as_bytes();
    let mut s = all;
    if let Some(rest) = DECLARATIONS.iter().find_map(|d| s.strip_prefix(*d)) {
        s = rest;
    }
    s = skip_xml_space(s).strip_prefix(b"<")?;
    let root = roots.iter().find(|r| {
        s.starts_with(r.as_bytes()) && matches!(s.get(r.len()), Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/'))
    })?;
    s = &s[root.len()..];
    let mut seen = [false; ATTRIBUTES.len()];
    let empty = loop {
        let t = skip_xml_space(s);
        let spaced = t.len() < s.len();
        s = t;
        match s.first()? {
            b'>' => {
                s = &s[1..];
                break false;
            }
            b'/' => {
                s = s.strip_prefix(b"/>")?;
                break true;
            }
            _ if spaced => {
                let eq = s.iter().position(|&b| b == b'=')?;
                let i = ATTRIBUTES.iter().position(|(name, _)| *name == &s[..eq])?;
                let value = ATTRIBUTES[i].1.as_bytes();
                s = s[eq + 1..]
                    .strip_prefix(b"\"")?
                    .strip_prefix(value)?
                    .strip_prefix(b"\"")?;
                if std::mem::replace(&mut seen[i], true) {
                    return None;
                }
            }
            _ => return None,
        }
    };
    let start = all.len() - s.len();
    let (value, rest) = if empty {
        ("", s)
    } else {
        let end = s.iter().position(|&b| b == b'<')?;
        let value = &s[..end];
        let forbidden = value
            .iter()
            .any(|&b| (b < 0x20 && b != b'\t' && b != b'\n') || b == b'&' || b >= 0xF3)
            || value
                .windows(3)
                .any(|w| w == b"]]>" || w == b"\xEF\xBF\xBE" || w == b"\xEF\xBF\xBF");
        if forbidden {
            return None;
        }
        let close = s[end..].strip_prefix(b"</")?.strip_prefix(root.as_bytes())?;
        let close = skip_xml_space(close).strip_prefix(b">")?;
        (&text[start..start + end], close)
    };
    skip_xml_space(rest).is_empty().then_some(value)
}

/// Whether a body is well-formed XML (after the same preparation as every answer), for
/// answers returned as text ([`Client::call`](crate::Client::call)). Returns the text, a
/// leading byte-order mark removed.
pub(crate) fn check_document(op: &'static str, body: Vec<u8>) -> Result<String> {
    {
        let text = prepare(op, &body)?;
        parse_doc(op, &text)?;
    }
    let start = if body.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let mut body = body;
    body.drain(..start);
    String::from_utf8(body).map_err(|e| Error::parse(op, format!("response is not UTF-8 ({e})")))
}

/// One element of a complex type of [`TYPES`](crate::ops::TYPES), read member by member as
/// the table describes it: child elements for ordinary members, XML attributes for attribute
/// members. Whatever the type does not declare (and repeated members) is kept in
/// [`Element::extra`], so nothing is lost.
#[derive(Debug)]
pub(crate) struct Element {
    ty: &'static ComplexType,
    /// Per member of `ty` (same index): its text, `None` when absent or `xsi:nil`.
    values: Vec<Option<String>>,
    /// Elements and attributes the type does not declare, in document order (name, text).
    pub(crate) extra: Vec<(String, String)>,
    /// Where the element is, for error messages (`"CallDTO"`, `"AttachmentDTO 2"`).
    what: String,
}

impl Element {
    fn index(&self, name: &str) -> usize {
        let i = self.ty.members.iter().position(|m| m.name == name);
        debug_assert!(i.is_some(), "{} has no member {name}", self.ty.name);
        i.unwrap_or(usize::MAX)
    }

    /// A string member: `None` when absent or nil, `Some("")` when empty.
    pub(crate) fn string(&mut self, name: &str) -> Option<String> {
        let i = self.index(name);
        self.values.get_mut(i).and_then(Option::take)
    }

    /// An id member (opaque text, never parsed): trimmed, `None` when absent, nil or blank.
    pub(crate) fn id(&mut self, name: &str) -> Option<String> {
        self.string(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    fn number<T: std::str::FromStr + Default>(&mut self, op: &'static str, name: &str, xsd: &str) -> Result<T> {
        match self.string(name).as_deref() {
            None => Ok(T::default()),
            Some(v) => v.trim().parse().map_err(|_| {
                Error::parse(
                    op,
                    format!("{}: member {name} is not an {xsd}: {:?}", self.what, excerpt(v)),
                )
            }),
        }
    }

    /// An `xsd:long` member; 0 when absent or nil.
    pub(crate) fn long(&mut self, op: &'static str, name: &str) -> Result<i64> {
        self.number(op, name, "xsd:long")
    }

    /// An `xsd:int` member; 0 when absent or nil.
    pub(crate) fn int(&mut self, op: &'static str, name: &str) -> Result<i32> {
        self.number(op, name, "xsd:int")
    }

    /// An `xsd:boolean` member (`true`/`false`/`1`/`0`); false when absent or nil.
    pub(crate) fn boolean(&mut self, op: &'static str, name: &str) -> Result<bool> {
        match self.string(name).as_deref().map(str::trim) {
            None => Ok(false),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(v) => Err(Error::parse(
                op,
                format!("{}: member {name} is not an xsd:boolean: {:?}", self.what, excerpt(v)),
            )),
        }
    }

    /// The elements the type does not declare, plus any member a conversion did not read.
    pub(crate) fn into_extra(self) -> Vec<(String, String)> {
        let mut extra = self.extra;
        for (m, v) in self.ty.members.iter().zip(self.values) {
            if let Some(v) = v {
                extra.push((m.name.to_owned(), v));
            }
        }
        extra
    }
}

fn excerpt(v: &str) -> String {
    v.chars().take(40).collect()
}

/// Reads `node` as an element of `ty`.
fn read_element(ty: &'static ComplexType, node: Node<'_, '_>, what: String) -> Element {
    let mut values: Vec<Option<String>> = vec![None; ty.members.len()];
    let mut seen = vec![false; ty.members.len()];
    let mut extra = Vec::new();
    for a in node.attributes() {
        if a.namespace() == Some(XSI_NS) {
            continue;
        }
        match ty.members.iter().position(|m| m.attribute && m.name == a.name()) {
            Some(i) if !seen[i] => {
                seen[i] = true;
                values[i] = Some(restore_controls(a.value()));
            }
            _ => extra.push((a.name().to_owned(), restore_controls(a.value()))),
        }
    }
    for child in node.children().filter(|n| n.is_element()) {
        let name = child.tag_name().name();
        match ty.members.iter().position(|m| !m.attribute && m.name == name) {
            Some(i) if !seen[i] => {
                seen[i] = true;
                if !is_nil(child) {
                    values[i] = Some(text_of(child));
                }
            }
            _ => extra.push((name.to_owned(), text_of(child))),
        }
    }
    Element {
        ty,
        values,
        extra,
        what,
    }
}

fn expect_root<'a, 'i>(op: &'static str, doc: &'a Document<'i>, name: &str) -> Result<Node<'a, 'i>> {
    let root = doc.root_element();
    if root.tag_name().name() != name {
        return Err(Error::parse(
            op,
            format!(
                "unexpected root element <{}>, expected <{name}>",
                root.tag_name().name()
            ),
        ));
    }
    Ok(root)
}

/// Parses a body whose root is an element of the complex type `type_name` (`"CallDTO"` …).
/// `None` for a nil root.
pub(crate) fn parse_complex(op: &'static str, body: &[u8], wire: Wire, type_name: &str) -> Result<Option<Element>> {
    let ty =
        complex_type(type_name).ok_or_else(|| Error::parse(op, format!("{type_name} is not a type of the table")))?;
    let text = prepare(op, body)?;
    let doc = parse_doc(op, &text)?;
    let Some(root) = value_node(op, &doc, wire, ty.name)? else {
        return Ok(None);
    };
    Ok(Some(read_element(ty, root, ty.name.to_owned())))
}

/// How an answer carries its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wire {
    /// HTTP GET/POST: the root element, named after the value's type.
    Http,
    /// SOAP: the `{op}Result` element of the envelope's `{op}Response`.
    Soap,
}

/// The SOAP 1.1 envelope namespace.
pub(crate) const SOAP_ENV_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace (Mono answers some malformed requests in SOAP 1.2).
const SOAP12_ENV_NS: &str = "http://www.w3.org/2003/05/soap-envelope";

fn is_envelope_ns(node: Node<'_, '_>) -> bool {
    matches!(node.tag_name().namespace(), Some(SOAP_ENV_NS | SOAP12_ENV_NS))
}

/// The first element child of `node` with this local name.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.is_element() && n.tag_name().name() == name)
}

/// The envelope's `soap:Body`.
fn soap_body<'a, 'i>(op: &'static str, doc: &'a Document<'i>) -> Result<Node<'a, 'i>> {
    let root = doc.root_element();
    if root.tag_name().name() != "Envelope" || !is_envelope_ns(root) {
        return Err(Error::parse(
            op,
            format!("expected a SOAP envelope, got <{}>", root.tag_name().name()),
        ));
    }
    child(root, "Body")
        .filter(|b| is_envelope_ns(*b))
        .ok_or_else(|| Error::parse(op, "the SOAP envelope has no Body"))
}

/// The `{op}Response` element of a SOAP answer.
fn soap_response<'a, 'i>(op: &'static str, doc: &'a Document<'i>) -> Result<Node<'a, 'i>> {
    let body = soap_body(op, doc)?;
    let response = body
        .children()
        .find(|n| n.is_element())
        .ok_or_else(|| Error::parse(op, "the SOAP body is empty"))?;
    let name = response.tag_name().name();
    if name.strip_suffix("Response") != Some(op) {
        return Err(Error::parse(
            op,
            format!("unexpected element <{name}> in the SOAP body, expected <{op}Response>"),
        ));
    }
    Ok(response)
}

/// The node holding an answer's value: the root (HTTP, named `root_type`) or the `{op}Result`
/// element (SOAP); `None` for a null value (a nil root, an absent or nil `…Result`).
fn value_node<'a, 'i>(
    op: &'static str,
    doc: &'a Document<'i>,
    wire: Wire,
    root_type: &str,
) -> Result<Option<Node<'a, 'i>>> {
    let node = match wire {
        Wire::Http => Some(expect_root(op, doc, root_type)?),
        Wire::Soap => {
            let response = soap_response(op, doc)?;
            let result = format!("{op}Result");
            child(response, &result)
        }
    };
    Ok(node.filter(|n| !is_nil(*n)))
}

/// A primitive SOAP answer: the text of `{op}Result`, `None` when it is absent (a null string:
/// Mono leaves the element out) or nil.
pub(crate) fn parse_soap_scalar(op: &'static str, body: &[u8]) -> Result<Option<String>> {
    let text = prepare(op, body)?;
    let doc = parse_doc(op, &text)?;
    Ok(value_node(op, &doc, Wire::Soap, "")?.map(text_of))
}

/// Checks a SOAP answer (an envelope with `{op}Response`) and tells whether the response holds
/// anything (`false` for void and null answers).
pub(crate) fn check_soap_response(op: &'static str, body: &[u8]) -> Result<bool> {
    let text = prepare(op, body)?;
    let doc = parse_doc(op, &text)?;
    let response = soap_response(op, &doc)?;
    Ok(response.children().any(|n| n.is_element()))
}

/// The fault code and fault text of a `soap:Fault` body (SOAP 1.1 `faultcode`/`faultstring`,
/// or SOAP 1.2 `Code/Value`/`Reason/Text`), or `None` when the body is no SOAP fault.
pub(crate) fn soap_fault(body: &[u8]) -> Option<(String, String)> {
    const OP: &str = "soap fault";
    let text = prepare(OP, body).ok()?;
    let doc = parse_doc(OP, &text).ok()?;
    let fault = soap_body(OP, &doc).ok().and_then(|b| child(b, "Fault"))?;
    let code = child(fault, "faultcode")
        .or_else(|| child(fault, "Code").and_then(|c| child(c, "Value")))
        .map(text_of)
        .unwrap_or_default();
    let reason = child(fault, "faultstring")
        .or_else(|| child(fault, "Reason").and_then(|r| child(r, "Text")))
        .map(text_of)
        .unwrap_or_default();
    Some((code.trim().to_owned(), reason))
}

/// Parses a body whose root is an `ArrayOf…` type of the table (`"ArrayOfNameValue"` …): its
/// items in document order, nil items skipped. Children that are not items are ignored.
pub(crate) fn parse_array(op: &'static str, body: &[u8], wire: Wire, array_type: &str) -> Result<Vec<Element>> {
    let array = complex_type(array_type)
        .filter(|t| t.is_array())
        .ok_or_else(|| Error::parse(op, format!("{array_type} is not an array type of the table")))?;
    let item = &array.members[0];
    let item_type = item
        .xsd
        .complex()
        .ok_or_else(|| Error::parse(op, format!("{array_type} holds no complex type")))?;
    let text = prepare(op, body)?;
    let doc = parse_doc(op, &text)?;
    let mut out = Vec::new();
    let Some(root) = value_node(op, &doc, wire, array.name)? else {
        return Ok(out);
    };
    for (index, node) in root.children().filter(|n| n.is_element()).enumerate() {
        if node.tag_name().name() != item.name || is_nil(node) {
            continue;
        }
        out.push(read_element(item_type, node, format!("{} {index}", item.name)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Xsd;

    const NS: &str = "xmlns=\"http://www.idiligo.com/\"";
    /// The operation the errors of these tests name.
    const OP: &str = "xml-test";

    fn parse_attachments(op: &'static str, body: &[u8]) -> Result<Vec<crate::Attachment>> {
        parse_array(op, body, Wire::Http, "ArrayOfAttachmentDTO")?
            .into_iter()
            .enumerate()
            .map(|(i, e)| crate::Attachment::from_element(op, i, e))
            .collect()
    }

    #[test]
    fn string_root() {
        let body = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<string {NS}>abc</string>");
        assert_eq!(
            parse_scalar(OP, body.as_bytes(), &["string"]).unwrap().as_deref(),
            Some("abc")
        );
    }

    #[test]
    fn bom_whitespace_and_crlf() {
        let body = format!("\u{feff}  \r\n<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<long {NS}>42</long>\r\n");
        assert_eq!(
            parse_scalar(OP, body.as_bytes(), &["long", "int"]).unwrap().as_deref(),
            Some("42")
        );
    }

    #[test]
    fn nil_root_is_none() {
        let body = format!("<?xml version=\"1.0\"?><string xmlns:xsi=\"{XSI_NS}\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xsi:nil=\"true\" {NS} />");
        assert_eq!(parse_scalar(OP, body.as_bytes(), &["string"]).unwrap(), None);
    }

    #[test]
    fn empty_string_root() {
        let body = format!("<?xml version=\"1.0\"?><string {NS} />");
        assert_eq!(
            parse_scalar(OP, body.as_bytes(), &["string"]).unwrap().as_deref(),
            Some("")
        );
    }

    #[test]
    fn escaped_text_and_control_refs() {
        let body = format!("<?xml version=\"1.0\"?><string {NS}>a&amp;b&lt;c&#x1D;d&#65;</string>");
        assert_eq!(
            parse_scalar(OP, body.as_bytes(), &["string"]).unwrap().as_deref(),
            Some("a&b<c\u{1D}dA")
        );
    }

    #[test]
    fn only_references_below_a_space_become_controls_and_other_characters_pass() {
        // &#31; is the last control the stand-ins carry, &#32; an ordinary space; tab, line
        // feed and carriage return are XML's own. Characters above the stand-ins (an emoji,
        // the last private-use plane) come through a body with references unchanged.
        let body = format!(
            "<?xml version=\"1.0\"?><string {NS}>&#31;|&#32;|&#x1f;|&#x20;|&#9;|\u{1F600}|\u{F0041}|\u{10FFFD}</string>"
        );
        let want = "\u{1F}| |\u{1F}| |\t|\u{1F600}|\u{F0041}|\u{10FFFD}";
        assert_eq!(
            parse_scalar(OP, body.as_bytes(), &["string"]).unwrap().as_deref(),
            Some(want)
        );
        assert_eq!(
            parse_scalar_tree(OP, body.as_bytes(), &["string"]).unwrap().as_deref(),
            Some(want)
        );
    }

    #[test]
    fn nil_is_true_or_1_only_and_other_nil_values_read_as_text() {
        for nil in ["true", "1", " true "] {
            let body = format!("<?xml version=\"1.0\"?><string xmlns:xsi=\"{XSI_NS}\" xsi:nil=\"{nil}\" {NS} />");
            assert_eq!(parse_scalar(OP, body.as_bytes(), &["string"]).unwrap(), None, "{nil}");
        }
        for not_nil in ["false", "0", ""] {
            let body =
                format!("<?xml version=\"1.0\"?><string xmlns:xsi=\"{XSI_NS}\" xsi:nil=\"{not_nil}\" {NS}>x</string>");
            assert_eq!(
                parse_scalar(OP, body.as_bytes(), &["string"]).unwrap().as_deref(),
                Some("x"),
                "{not_nil}"
            );
        }
    }

    #[test]
    fn check_document_returns_the_text_without_its_byte_order_mark() {
        let body = b"\xEF\xBB\xBF<?xml version=\"1.0\"?><a><b>1</b></a>".to_vec();
        assert_eq!(
            check_document(OP, body).unwrap(),
            "<?xml version=\"1.0\"?><a><b>1</b></a>"
        );
        assert_eq!(check_document(OP, b"<a/>".to_vec()).unwrap(), "<a/>");
        assert_eq!(
            check_document(OP, b"<a>".to_vec()).unwrap_err().kind(),
            crate::ErrorKind::Parse
        );
    }

    #[test]
    fn members_come_from_their_own_kind_once_and_the_rest_is_kept() {
        let ty = complex_type("Node").unwrap();
        let body = format!(
            "<Node xmlns:xsi=\"{XSI_NS}\" id=\"n1\" visible=\"true\" text=\"attr-text\" xsi:type=\"Node\">\
             <text>one</text><text>two</text><id>child-id</id><goto xsi:nil=\"true\"/></Node>"
        );
        let doc = roxmltree::Document::parse(&body).unwrap();
        let mut e = read_element(ty, doc.root_element(), "Node".into());
        assert_eq!(
            e.string("id").as_deref(),
            Some("n1"),
            "an attribute member from the attribute"
        );
        assert_eq!(e.string("visible").as_deref(), Some("true"));
        assert_eq!(
            e.string("text").as_deref(),
            Some("one"),
            "the first element, not the attribute"
        );
        assert_eq!(e.string("goto"), None, "nil");
        assert_eq!(
            e.into_extra(),
            [
                ("text".to_owned(), "attr-text".to_owned()),
                ("text".into(), "two".into()),
                ("id".into(), "child-id".into()),
            ],
            "xsi:type is dropped, everything else kept in document order"
        );
        assert_eq!(excerpt(&"é".repeat(50)), "é".repeat(40));
    }

    #[test]
    fn a_soap_answer_needs_an_envelope_and_body_in_the_envelope_namespace() {
        let env = "http://schemas.xmlsoap.org/soap/envelope/";
        let answer = |root: &str, root_ns: &str, body_ns: &str| {
            format!(
                "<{root} xmlns=\"{root_ns}\"><Body xmlns=\"{body_ns}\"><XResponse {NS}><XResult>v</XResult></XResponse></Body></{root}>"
            )
        };
        assert_eq!(
            parse_soap_scalar("X", answer("Envelope", env, env).as_bytes())
                .unwrap()
                .as_deref(),
            Some("v")
        );
        for (root, root_ns, body_ns, message) in [
            ("Envelope", "urn:other", env, "expected a SOAP envelope, got <Envelope>"),
            ("Other", env, env, "expected a SOAP envelope, got <Other>"),
            ("Envelope", env, "urn:other", "the SOAP envelope has no Body"),
        ] {
            let e = parse_soap_scalar("X", answer(root, root_ns, body_ns).as_bytes()).unwrap_err();
            assert!(e.to_string().contains(message), "{root} {root_ns} {body_ns}: {e}");
        }
    }

    #[test]
    fn wrong_root_is_a_parse_error() {
        let body = format!("<?xml version=\"1.0\"?><int {NS}>1</int>");
        let e = parse_scalar(OP, body.as_bytes(), &["string"]).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Parse);
        assert!(e.to_string().contains("<int>"), "{e}");
    }

    #[test]
    fn malformed_truncated_and_html() {
        for body in [
            "<?xml version=\"1.0\"?><string xmlns=\"http://www.idiligo.com/\">abc",
            "<html><body>Server Error</body></html",
            "not xml at all",
            "",
            "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><string>&a;</string>",
        ] {
            let e = parse_scalar(OP, body.as_bytes(), &["string"]).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Parse, "{body}");
        }
        let e = parse_scalar(OP, b"\xff\xfe<x/>", &["string"]).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Parse);
    }

    #[test]
    fn attachments_both_namespace_orders_nil_and_unknown_members() {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ArrayOfAttachmentDTO xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"{XSI_NS}\" {NS}>\n  <AttachmentDTO>\n    <Id>7</Id>\n    <Description>a &amp; b.pdf</Description>\n    <Url>http://x/Download.ashx?id=7&amp;k=1</Url>\n    <Attach>true</Attach>\n    <Size>12</Size>\n    <Date>2026-01-01</Date>\n    <SignUrl />\n    <SignStatus>2</SignStatus>\n    <Extra>ignored</Extra>\n  </AttachmentDTO>\n  <AttachmentDTO><Id>8</Id><Preview xsi:nil=\"true\"/><Attach>false</Attach><SignStatus>0</SignStatus></AttachmentDTO>\n</ArrayOfAttachmentDTO>"
        );
        let v = parse_attachments(OP, body.as_bytes()).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].id.as_str(), "7");
        assert_eq!(v[0].description.as_deref(), Some("a & b.pdf"));
        assert_eq!(v[0].url.as_deref(), Some("http://x/Download.ashx?id=7&k=1"));
        assert_eq!(v[0].preview, None);
        assert!(v[0].attach);
        assert_eq!(v[0].size_bytes(), Some(12));
        assert_eq!(v[0].sign_url.as_deref(), Some(""));
        assert_eq!(v[0].sign_status, 2);
        assert_eq!(v[1].preview, None);
        assert!(!v[1].attach);
    }

    #[test]
    fn empty_and_nil_arrays() {
        let empty = format!("<?xml version=\"1.0\"?><ArrayOfAttachmentDTO xmlns:xsi=\"{XSI_NS}\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" {NS} />");
        assert!(parse_attachments(OP, empty.as_bytes()).unwrap().is_empty());
        let nil =
            format!("<?xml version=\"1.0\"?><ArrayOfAttachmentDTO xmlns:xsi=\"{XSI_NS}\" xsi:nil=\"true\" {NS} />");
        assert!(parse_attachments(OP, nil.as_bytes()).unwrap().is_empty());
    }

    #[test]
    fn attachment_without_id_or_with_bad_values_is_an_error() {
        for item in [
            "<AttachmentDTO><Description>x</Description></AttachmentDTO>",
            "<AttachmentDTO><Id>1</Id><Attach>maybe</Attach></AttachmentDTO>",
            "<AttachmentDTO><Id>1</Id><SignStatus>x</SignStatus></AttachmentDTO>",
        ] {
            let body = format!("<ArrayOfAttachmentDTO {NS}>{item}</ArrayOfAttachmentDTO>");
            let e = parse_attachments(OP, body.as_bytes()).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Parse, "{item}");
        }
    }

    const ROOTS: &[&str] = &["string", "long", "int"];

    /// The canonical scanner never disagrees with roxmltree: on the shapes ASP.NET writes and
    /// on every single-byte mutation of them, whenever it accepts a body, roxmltree reads the
    /// same value from it.
    #[test]
    fn canonical_scanner_agrees_with_roxmltree() {
        let decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
        let full = format!("xmlns:xsd=\"{XSD_NS}\" xmlns:xsi=\"{XSI_NS}\" {NS}");
        let bases = [
            format!("{decl}<string {NS}>abc123def</string>"),
            format!("{decl}<long {NS}>1001</long>"),
            format!("{decl}<string {NS} />"),
            format!("<?xml version=\"1.0\"?><int {full}>7</int>"),
            format!("{decl}<string {NS}>é ü &gt; x</string>"),
            format!("{decl}<string {NS}>a]b>c\td\ne</string>"),
        ];
        let inserts = [
            " ",
            "<",
            ">",
            "&",
            "\"",
            "'",
            "/",
            "=",
            "x",
            ":",
            "\r",
            "\t",
            "\n",
            "\u{1}",
            "]",
            "?",
            "!",
            "é",
            "\u{FFFE}",
            "\u{F0001}",
        ];
        let mut accepted = 0;
        let mut checked = 0;
        for base in &bases {
            let mut docs = vec![base.clone()];
            for (i, _) in base.char_indices().chain([(base.len(), ' ')]) {
                let next = base[i..].chars().next().map_or(i, |c| i + c.len_utf8());
                docs.push(format!("{}{}", &base[..i], &base[next..]));
                for ins in inserts {
                    docs.push(format!("{}{ins}{}", &base[..i], &base[i..]));
                    docs.push(format!("{}{ins}{}", &base[..i], &base[next..]));
                }
            }
            for doc in docs {
                checked += 1;
                if let Some(v) = canonical_scalar(doc.trim_start(), ROOTS) {
                    accepted += 1;
                    let tree = parse_scalar_tree(OP, doc.as_bytes(), ROOTS);
                    assert_eq!(
                        tree.as_ref().ok().and_then(|t| t.as_deref()),
                        Some(v),
                        "{doc:?}: {tree:?}"
                    );
                }
            }
        }
        assert!(checked > 5000, "{checked}");
        assert!(accepted > 100, "only {accepted} of {checked} accepted");
        // Every base the service writes takes the fast path, except the one with an entity.
        for base in &bases {
            assert_eq!(canonical_scalar(base, ROOTS).is_some(), !base.contains('&'), "{base}");
        }
    }

    #[test]
    fn canonical_scanner_refuses_what_it_does_not_know() {
        let decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
        for doc in [
            format!("{decl}<string {NS}>a]]>b</string>"),
            format!("{decl}<string {NS} {NS}>a</string>"),
            format!("{decl}<string xmlns=\"urn:other\">a</string>"),
            format!("{decl}<string xmlns:xsi=\"urn:x\" {NS}>a</string>"),
            format!("{decl}<string {NS} xsi:nil=\"true\" />"),
            format!("{decl}<string {NS}>a</string><!-- c -->"),
            format!("{decl}<string {NS}>a</long>"),
            format!("{decl}<string {NS}>a\r\nb</string>"),
            format!("{decl}<boolean {NS}>true</boolean>"),
            format!("<?xml version=\"1.1\"?><string {NS}>a</string>"),
            format!("{decl}<string{NS}>a</string>"),
        ] {
            assert_eq!(canonical_scalar(&doc, ROOTS), None, "{doc}");
        }
        assert_eq!(
            canonical_scalar(&format!("<string {NS}>x</string>\n"), ROOTS),
            Some("x")
        );
        assert_eq!(
            canonical_scalar(&format!("{decl}\r\n<string {NS}></string>"), ROOTS),
            Some("")
        );
        // The fast path takes the ordinary text it is there for: spaces, tabs, line feeds,
        // characters up to U+FFFD and four-byte ones below U+C0000.
        let text = "a b\tc\nd é \u{FFFD} \u{1F600}";
        assert_eq!(
            canonical_scalar(&format!("{decl}<string {NS}>{text}</string>"), ROOTS),
            Some(text)
        );
    }

    fn call_dto(members: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CallDTO xmlns:xsd=\"{XSD_NS}\" xmlns:xsi=\"{XSI_NS}\" {NS}>\n{members}</CallDTO>"
        )
    }

    #[test]
    fn every_call_dto_member_is_read() {
        let ty = complex_type("CallDTO").unwrap();
        let mut members = String::new();
        for m in ty.members {
            let v = match m.xsd {
                Xsd::Long | Xsd::Int => "7",
                Xsd::Boolean => "true",
                _ => "text",
            };
            members.push_str(&format!("  <{0}>{v}</{0}>\n", m.name));
        }
        members.push_str("  <addedLater>new &amp; kept</addedLater>\n");
        let e = parse_complex(OP, call_dto(&members).as_bytes(), Wire::Http, "CallDTO")
            .unwrap()
            .unwrap();
        let r = crate::CallRecord::from_element(OP, e).unwrap();
        assert_eq!(r.extra, vec![("addedLater".to_owned(), "new & kept".to_owned())]);
        let debug = format!("{r:?}");
        // Every field is set: no default survived (numbers 7, booleans true, strings "text").
        assert!(
            !debug.contains(": 0,") && !debug.contains("false") && !debug.contains("None"),
            "{debug}"
        );
        let count = |f: fn(Xsd) -> bool| ty.members.iter().filter(|m| f(m.xsd)).count();
        let numbers = count(|x| matches!(x, Xsd::Long | Xsd::Int)) - 1; // callId is an id
        assert_eq!(debug.matches(": 7,").count(), numbers, "{debug}");
        assert_eq!(debug.matches("true").count(), count(|x| x == Xsd::Boolean), "{debug}");
        assert_eq!(
            debug.matches("\"text\"").count(),
            count(|x| x == Xsd::String),
            "{debug}"
        );
        assert_eq!(
            numbers + count(|x| x == Xsd::Boolean) + count(|x| x == Xsd::String) + 1,
            ty.members.len()
        );
        assert_eq!(r.call_id.unwrap().as_str(), "7");
        assert_eq!(r.public_id.unwrap().as_str(), "text");
    }

    #[test]
    fn call_dto_absent_nil_empty_and_malformed_members() {
        let body = call_dto(
            "<callId> 1001 </callId><publicId>p</publicId><comment /><language xsi:nil=\"true\" /><isAgent>1</isAgent><eventCount>-3</eventCount><callId>2</callId>",
        );
        let e = parse_complex(OP, body.as_bytes(), Wire::Http, "CallDTO")
            .unwrap()
            .unwrap();
        let r = crate::CallRecord::from_element(OP, e).unwrap();
        assert_eq!(r.call_id.unwrap().as_str(), "1001");
        assert_eq!(r.comment.as_deref(), Some(""));
        assert_eq!(r.language, None);
        assert_eq!(r.username, None);
        assert!(r.is_agent && !r.client_ready);
        assert_eq!((r.event_count, r.account_number), (-3, 0));
        assert_eq!(
            r.extra,
            vec![("callId".to_owned(), "2".to_owned())],
            "a repeated member is kept"
        );
        for (member, bad) in [
            ("accountNumber", "1.5"),
            ("eventCount", "x"),
            ("isAgent", "yes"),
            ("serverId", "99999999999"),
        ] {
            let body = call_dto(&format!("<{member}>{bad}</{member}>"));
            let e = parse_complex(OP, body.as_bytes(), Wire::Http, "CallDTO")
                .unwrap()
                .unwrap();
            let err = crate::CallRecord::from_element(OP, e).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Parse);
            assert!(err.to_string().contains(member), "{err}");
        }
        let nil = format!("<?xml version=\"1.0\"?><CallDTO xmlns:xsi=\"{XSI_NS}\" xsi:nil=\"true\" {NS} />");
        assert!(parse_complex(OP, nil.as_bytes(), Wire::Http, "CallDTO")
            .unwrap()
            .is_none());
        let wrong = format!("<?xml version=\"1.0\"?><SessionDTO {NS} />");
        assert_eq!(
            parse_complex(OP, wrong.as_bytes(), Wire::Http, "CallDTO")
                .unwrap_err()
                .kind(),
            crate::ErrorKind::Parse
        );
    }

    #[test]
    fn name_values_in_order_with_nil_and_empty() {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ArrayOfNameValue xmlns:xsd=\"{XSD_NS}\" xmlns:xsi=\"{XSI_NS}\" {NS}>\n  <NameValue>\n    <Name>b</Name>\n    <Value>2 &lt; 3</Value>\n  </NameValue>\n  <NameValue>\n    <Name>a</Name>\n    <Value />\n  </NameValue>\n  <NameValue>\n    <Name>c</Name>\n  </NameValue>\n  <NameValue xsi:nil=\"true\" />\n</ArrayOfNameValue>"
        );
        let v: Vec<crate::NameValue> = parse_array(OP, body.as_bytes(), Wire::Http, "ArrayOfNameValue")
            .unwrap()
            .into_iter()
            .map(crate::NameValue::from_element)
            .collect();
        assert_eq!(
            v,
            vec![
                crate::NameValue::new("b", "2 < 3"),
                crate::NameValue::new("a", ""),
                crate::NameValue {
                    name: Some("c".into()),
                    value: None
                },
            ]
        );
        assert!(parse_array(OP, body.as_bytes(), Wire::Http, "CallDTO").is_err());
    }
}

#[cfg(test)]
mod hostile {
    use super::*;

    #[test]
    fn references_without_semicolons_take_linear_time() {
        // "&#1" and no ';': each reference used to search the whole rest of the text (1 MiB
        // took 73 s). Sizes 128 KiB and 1 MiB.
        crate::linear::assert_linear("references without ';'", 44_000, |n| {
            let refs = "&#1".repeat(n);
            let body = format!("<?xml version=\"1.0\"?><string>{refs}</string>");
            assert!(parse_scalar("X", body.as_bytes(), &["string"]).is_err());
            let _ = crate::transport::html_decode(&refs);
        });
    }
}
