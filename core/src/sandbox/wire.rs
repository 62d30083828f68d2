//! How ASP.NET writes InsideService20 answers on the HTTP GET/POST bindings: XML bodies and
//! plain-text faults, byte for byte as the reference runtime (Mono 6.8 System.Web.Services)
//! produced them.

use std::fmt::Write as _;

pub(crate) const NS: &str = "http://www.idiligo.com/";
const DECL: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
const XSD_XSI: &str =
    "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

/// Escapes element text the way XmlSerializer does: `&`, `<`, `>`, and control characters as
/// numeric references.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// `<string xmlns="…">text</string>` (self-closing when empty).
pub(crate) fn string_root(value: &str) -> String {
    if value.is_empty() {
        format!("{DECL}<string xmlns=\"{NS}\" />")
    } else {
        format!("{DECL}<string xmlns=\"{NS}\">{}</string>", escape(value))
    }
}

/// `<long xmlns="…">n</long>`.
pub(crate) fn long_root(value: i64) -> String {
    format!("{DECL}<long xmlns=\"{NS}\">{value}</long>")
}

/// One `AttachmentDTO` as the serializer writes it.
pub(crate) struct Dto<'a> {
    pub id: i64,
    pub description: Option<&'a str>,
    pub url: Option<&'a str>,
    pub preview: Option<&'a str>,
    pub attach: bool,
    pub size: Option<String>,
    pub date: Option<String>,
    pub sign_url: Option<&'a str>,
    pub sign_status: i32,
}

fn member(out: &mut String, name: &str, value: Option<&str>) {
    match value {
        None => {}
        Some("") => {
            let _ = write!(out, "\n    <{name} />");
        }
        Some(v) => {
            let _ = write!(out, "\n    <{name}>{}</{name}>", escape(v));
        }
    }
}

/// `ArrayOfAttachmentDTO`, two-space indented, LF line ends, no trailing newline.
pub(crate) fn attachments_root(items: &[Dto<'_>]) -> String {
    if items.is_empty() {
        return format!("{DECL}<ArrayOfAttachmentDTO {XSD_XSI} xmlns=\"{NS}\" />");
    }
    let mut out = format!("{DECL}<ArrayOfAttachmentDTO {XSD_XSI} xmlns=\"{NS}\">");
    for d in items {
        out.push_str("\n  <AttachmentDTO>");
        let _ = write!(out, "\n    <Id>{}</Id>", d.id);
        member(&mut out, "Description", d.description);
        member(&mut out, "Url", d.url);
        member(&mut out, "Preview", d.preview);
        let _ = write!(out, "\n    <Attach>{}</Attach>", d.attach);
        member(&mut out, "Size", d.size.as_deref());
        member(&mut out, "Date", d.date.as_deref());
        member(&mut out, "SignUrl", d.sign_url);
        let _ = write!(out, "\n    <SignStatus>{}</SignStatus>", d.sign_status);
        out.push_str("\n  </AttachmentDTO>");
    }
    out.push_str("\n</ArrayOfAttachmentDTO>");
    out
}

/// HTML-encodes a fault message as ASP.NET does before writing it.
pub(crate) fn html_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An exception as the service would throw it: .NET type name, message, optional inner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exception {
    pub type_name: &'static str,
    pub message: String,
    pub inner: Option<Box<Exception>>,
    /// The frame the exception was thrown in (for the long form's stack trace).
    pub frame: &'static str,
}

impl Exception {
    pub(crate) fn new(type_name: &'static str, message: impl Into<String>, frame: &'static str) -> Self {
        Exception {
            type_name,
            message: message.into(),
            inner: None,
            frame,
        }
    }

    /// A business error thrown by the service's own code (`throw new Exception(...)`).
    pub(crate) fn business(message: impl Into<String>) -> Self {
        Exception::new("System.Exception", message, "Idiligo.InsideService20")
    }

    /// Body of the 500 text/plain answer: short form (customErrors On) or long form with
    /// type names and a stack trace (customErrors Off).
    pub(crate) fn fault_text(&self, long: bool) -> String {
        let mut out = String::new();
        if long {
            let _ = write!(out, "{}: {}", self.type_name, html_encode(&self.message));
            let mut inner = self.inner.as_deref();
            while let Some(i) = inner {
                let _ = write!(out, " ---> {}: {}", i.type_name, html_encode(&i.message));
                inner = i.inner.as_deref();
            }
            // .NET's Exception.ToString(): innermost frames first, then one
            // "--- End of inner exception stack trace ---" line per inner exception.
            let mut depth = 0;
            let mut inner = self.inner.as_deref();
            while let Some(i) = inner {
                let _ = write!(
                    out,
                    "\n  at {}.Throw () [0x00000] in <00000000000000000000000000000000>:0 ",
                    i.frame
                );
                depth += 1;
                inner = i.inner.as_deref();
            }
            for _ in 0..depth {
                out.push_str("\n   --- End of inner exception stack trace ---");
            }
            let _ = write!(
                out,
                "\n  at {}.Invoke () [0x00000] in <00000000000000000000000000000000>:0 \n  at System.Web.Services.Protocols.LogicalMethodInfo.Invoke (System.Object target, System.Object[] values) [0x00000] in <00000000000000000000000000000000>:0 \n  at System.Web.Services.Protocols.HttpServerProtocol.Invoke () [0x00000] in <00000000000000000000000000000000>:0 ",
                self.frame
            );
        } else {
            out.push_str(&html_encode(&self.message));
            let mut inner = self.inner.as_deref();
            while let Some(i) = inner {
                let _ = write!(out, " ---> {}", html_encode(&i.message));
                inner = i.inner.as_deref();
            }
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(
            string_root("a&b"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<string xmlns=\"http://www.idiligo.com/\">a&amp;b</string>"
        );
        assert!(string_root("").ends_with("<string xmlns=\"http://www.idiligo.com/\" />"));
        assert!(long_root(-5).ends_with(">-5</long>"));
        assert!(attachments_root(&[]).ends_with(" />"));
        assert_eq!(escape("\u{1d}\"'"), "&#x1D;\"'");
    }

    #[test]
    fn fault_forms() {
        let mut e = Exception::new("System.ArgumentException", "Cannot convert a<b to System.Int64.", "X");
        e.inner = Some(Box::new(Exception::new(
            "System.FormatException",
            "Input string was not in a correct format.",
            "X",
        )));
        assert_eq!(
            e.fault_text(false),
            "Cannot convert a&lt;b to System.Int64. ---> Input string was not in a correct format.\n"
        );
        let long = e.fault_text(true);
        assert!(long.starts_with(
            "System.ArgumentException: Cannot convert a&lt;b to System.Int64. ---> System.FormatException: "
        ));
        assert!(long.contains("\n  at "));
    }
}
