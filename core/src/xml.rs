//! Parsing of the XML bodies InsideService20 answers with on its HTTP GET/POST bindings.
//!
//! Liberal in what it accepts: a BOM, leading whitespace, any namespace-declaration order,
//! `xsi:nil`, missing optional members, unknown extra members, and the numeric character
//! references to control characters that .NET's serializer emits but strict XML parsers
//! reject. DTDs stay disabled (roxmltree's default), and the caller caps the body size before
//! it gets here.

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::{Error, Result};
use crate::ids::DocumentId;
use crate::model::Attachment;

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
        let end = tail.find(';').filter(|&e| e <= 10);
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
pub(crate) fn parse_scalar(op: &'static str, body: &[u8], roots: &[&str]) -> Result<Option<String>> {
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

/// Parses an `ArrayOfAttachmentDTO` body.
pub(crate) fn parse_attachments(op: &'static str, body: &[u8]) -> Result<Vec<Attachment>> {
    let text = prepare(op, body)?;
    let doc = parse_doc(op, &text)?;
    let root = doc.root_element();
    if root.tag_name().name() != "ArrayOfAttachmentDTO" {
        return Err(Error::parse(
            op,
            format!(
                "unexpected root element <{}>, expected <ArrayOfAttachmentDTO>",
                root.tag_name().name()
            ),
        ));
    }
    let mut out = Vec::new();
    if is_nil(root) {
        return Ok(out);
    }
    for (index, item) in root.children().filter(|n| n.is_element()).enumerate() {
        if item.tag_name().name() != "AttachmentDTO" {
            continue;
        }
        if is_nil(item) {
            continue;
        }
        out.push(parse_attachment(op, index, item)?);
    }
    Ok(out)
}

fn parse_attachment(op: &'static str, index: usize, item: Node<'_, '_>) -> Result<Attachment> {
    let mut id = None;
    let mut a = Attachment {
        id: DocumentId::new(""),
        description: None,
        url: None,
        preview: None,
        attach: false,
        size: None,
        date: None,
        sign_url: None,
        sign_status: 0,
    };
    for m in item.children().filter(|n| n.is_element()) {
        if is_nil(m) {
            continue;
        }
        let value = text_of(m);
        match m.tag_name().name() {
            "Id" => id = Some(value.trim().to_owned()),
            "Description" => a.description = Some(value),
            "Url" => a.url = Some(value),
            "Preview" => a.preview = Some(value),
            "Attach" => {
                a.attach = match value.trim() {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    other => {
                        return Err(Error::parse(
                            op,
                            format!("attachment {index}: Attach is not a boolean: {other:?}"),
                        ))
                    }
                }
            }
            "Size" => a.size = Some(value),
            "Date" => a.date = Some(value),
            "SignUrl" => a.sign_url = Some(value),
            "SignStatus" => {
                a.sign_status = value
                    .trim()
                    .parse()
                    .map_err(|_| Error::parse(op, format!("attachment {index}: SignStatus is not an int: {value:?}")))?
            }
            _ => {} // unknown members are ignored
        }
    }
    match id {
        Some(id) if !id.is_empty() => a.id = DocumentId::new(id),
        _ => return Err(Error::parse(op, format!("attachment {index} has no Id"))),
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = "xmlns=\"http://www.idiligo.com/\"";

    #[test]
    fn string_root() {
        let body = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<string {NS}>abc</string>");
        assert_eq!(
            parse_scalar("Login", body.as_bytes(), &["string"]).unwrap().as_deref(),
            Some("abc")
        );
    }

    #[test]
    fn bom_whitespace_and_crlf() {
        let body = format!("\u{feff}  \r\n<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<long {NS}>42</long>\r\n");
        assert_eq!(
            parse_scalar("CreateCall", body.as_bytes(), &["long", "int"])
                .unwrap()
                .as_deref(),
            Some("42")
        );
    }

    #[test]
    fn nil_root_is_none() {
        let body = format!("<?xml version=\"1.0\"?><string xmlns:xsi=\"{XSI_NS}\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xsi:nil=\"true\" {NS} />");
        assert_eq!(parse_scalar("GetAgentUrl", body.as_bytes(), &["string"]).unwrap(), None);
    }

    #[test]
    fn empty_string_root() {
        let body = format!("<?xml version=\"1.0\"?><string {NS} />");
        assert_eq!(
            parse_scalar("GetAgentUrl", body.as_bytes(), &["string"])
                .unwrap()
                .as_deref(),
            Some("")
        );
    }

    #[test]
    fn escaped_text_and_control_refs() {
        let body = format!("<?xml version=\"1.0\"?><string {NS}>a&amp;b&lt;c&#x1D;d&#65;</string>");
        assert_eq!(
            parse_scalar("GetAgentUrl", body.as_bytes(), &["string"])
                .unwrap()
                .as_deref(),
            Some("a&b<c\u{1D}dA")
        );
    }

    #[test]
    fn wrong_root_is_a_parse_error() {
        let body = format!("<?xml version=\"1.0\"?><int {NS}>1</int>");
        let e = parse_scalar("Login", body.as_bytes(), &["string"]).unwrap_err();
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
            let e = parse_scalar("Login", body.as_bytes(), &["string"]).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Parse, "{body}");
        }
        let e = parse_scalar("Login", b"\xff\xfe<x/>", &["string"]).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Parse);
    }

    #[test]
    fn attachments_both_namespace_orders_nil_and_unknown_members() {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ArrayOfAttachmentDTO xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"{XSI_NS}\" {NS}>\n  <AttachmentDTO>\n    <Id>7</Id>\n    <Description>a &amp; b.pdf</Description>\n    <Url>http://x/Download.ashx?id=7&amp;k=1</Url>\n    <Attach>true</Attach>\n    <Size>12</Size>\n    <Date>2026-01-01</Date>\n    <SignUrl />\n    <SignStatus>2</SignStatus>\n    <Extra>ignored</Extra>\n  </AttachmentDTO>\n  <AttachmentDTO><Id>8</Id><Preview xsi:nil=\"true\"/><Attach>false</Attach><SignStatus>0</SignStatus></AttachmentDTO>\n</ArrayOfAttachmentDTO>"
        );
        let v = parse_attachments("GetAttachments", body.as_bytes()).unwrap();
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
        assert!(parse_attachments("GetAttachments", empty.as_bytes())
            .unwrap()
            .is_empty());
        let nil =
            format!("<?xml version=\"1.0\"?><ArrayOfAttachmentDTO xmlns:xsi=\"{XSI_NS}\" xsi:nil=\"true\" {NS} />");
        assert!(parse_attachments("GetAttachments", nil.as_bytes()).unwrap().is_empty());
    }

    #[test]
    fn attachment_without_id_or_with_bad_values_is_an_error() {
        for item in [
            "<AttachmentDTO><Description>x</Description></AttachmentDTO>",
            "<AttachmentDTO><Id>1</Id><Attach>maybe</Attach></AttachmentDTO>",
            "<AttachmentDTO><Id>1</Id><SignStatus>x</SignStatus></AttachmentDTO>",
        ] {
            let body = format!("<ArrayOfAttachmentDTO {NS}>{item}</ArrayOfAttachmentDTO>");
            let e = parse_attachments("GetAttachments", body.as_bytes()).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Parse, "{item}");
        }
    }
}
