//! The sandbox's SOAP 1.1 front end: `POST /InsideService20.asmx` with a document/literal
//! envelope, answered as Mono's ASP.NET answers it (the replica's fixtures `soap-*.http` and
//! live answers are the reference; `core/tests/conformance.rs` compares them byte for byte).
//!
//! In ASP.NET's order:
//! 1. a `SOAPAction` header must name an operation (`"http://www.idiligo.com/Op"`, quoted or
//!    not, exact case); any other value, also an empty one, is a `soap:Client` fault. Without
//!    the header the operation is the body's first element (else a `soap:Client` fault);
//! 2. a body over the request limit: `soap:Server`, "There was an exception running the
//!    extensions specified in the config file." with the limit's exception inside;
//! 3. a content type other than `text/xml`: 415 with an empty body;
//! 4. a body that is not well-formed XML (or not UTF-8, or has a DTD): 400 with an empty body;
//!    another envelope namespace: `soap:VersionMismatch`; no `soap:Body`: `soap:Client`;
//! 5. the parameters, read from the operation's element (the first one of that name in the
//!    body; none: every parameter at its default) by XmlSerializer's rules: in document order,
//!    by exact local name in the service's namespace, the first occurrence of each, unknown
//!    elements skipped; an absent string or array is null, an absent number 0, an absent
//!    boolean false; `xsi:nil` is ignored on scalars (a nil `long` is `""` and fails); text
//!    that does not convert (`XmlConvert`) is a `soap:Client` fault naming the position of the
//!    node after the element; an element, comment or processing instruction inside a scalar,
//!    or invalid base64, is a 400 with an empty body. No request validation;
//! 6. the operation runs ([`service::run`]); its exceptions are `soap:Server` faults.

use roxmltree::{Document, Node, ParsingOptions};

use super::http::Shared;
use super::service::bind::{self, Arg, Args, NameValue};
use super::service::{self, Env};
use super::wire::{self, Decimal, Exception, SOAP_NS};
use super::CustomErrors;
use crate::ops::{Op, Operation, Xsd};

const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A SOAP answer: status, `Cache-Control`, body (`Content-Type` is always
/// `text/xml; charset=utf-8`).
pub(super) struct Answer {
    pub status: u16,
    pub cache_control: &'static str,
    pub body: Vec<u8>,
}

fn empty(status: u16) -> Answer {
    Answer {
        status,
        cache_control: "private",
        body: Vec::new(),
    }
}

/// One exception of a fault's chain.
struct Level {
    type_name: &'static str,
    message: String,
    /// Where it was thrown (its stack line in the long form).
    frame: &'static str,
    /// Whether its stack trace has lines (ASP.NET's SoapException around a web method's
    /// exception has none).
    frames: bool,
}

fn level(type_name: &'static str, message: impl Into<String>, frame: &'static str) -> Level {
    Level {
        type_name,
        message: message.into(),
        frame,
        frames: true,
    }
}

const SOAP_EXCEPTION: &str = "System.Web.Services.Protocols.SoapException";
const PROTOCOL: &str = "System.Web.Services.Protocols.SoapServerProtocol";

/// A `soap:Fault`.
struct Fault {
    code: &'static str,
    /// Outermost first.
    levels: Vec<Level>,
    /// Raised by the framework (`Cache-Control: private`) rather than in the method
    /// (`private, max-age=0`).
    framework: bool,
    /// A version mismatch carries the SOAP 1.2 `Upgrade` header.
    upgrade: bool,
}

impl Fault {
    fn framework(code: &'static str, levels: Vec<Level>) -> Fault {
        Fault {
            code,
            levels,
            framework: true,
            upgrade: false,
        }
    }

    /// The fault text: customErrors On, the messages of the chain joined by ` ---> `; Off,
    /// `Exception.ToString()`: `Type: message ---> Inner: message`, then the innermost stack,
    /// and for every enclosing exception `   --- End of inner exception stack trace ---` and
    /// its stack.
    fn text(&self, long: bool) -> String {
        let mut out = String::new();
        for (i, l) in self.levels.iter().enumerate() {
            if i > 0 {
                out.push_str(" ---> ");
            }
            if long {
                out.push_str(l.type_name);
                out.push_str(": ");
            }
            out.push_str(&l.message);
        }
        if long {
            for (i, l) in self.levels.iter().enumerate().rev() {
                if i + 1 < self.levels.len() {
                    out.push_str("\n   --- End of inner exception stack trace ---");
                }
                if l.frames {
                    out.push_str(&format!(
                        "\n  at {}.Invoke () [0x00000] in <00000000000000000000000000000000>:0 ",
                        l.frame
                    ));
                }
            }
        }
        out
    }

    fn answer(&self, long: bool) -> Answer {
        Answer {
            status: 500,
            cache_control: if self.framework {
                "private"
            } else {
                "private, max-age=0"
            },
            body: wire::soap_fault(self.code, &self.text(long), self.upgrade).into_bytes(),
        }
    }
}

/// An exception of the web method (business errors, a dereferenced null array).
fn method_fault(e: &Exception) -> Fault {
    let mut levels = vec![Level {
        frames: false,
        ..level(SOAP_EXCEPTION, "Server was unable to process request.", PROTOCOL)
    }];
    let mut inner = Some(e);
    while let Some(x) = inner {
        levels.push(level(x.type_name, x.message.clone(), x.frame));
        inner = x.inner.as_deref();
    }
    Fault {
        code: "soap:Server",
        levels,
        framework: false,
        upgrade: false,
    }
}

/// `Server was unable to read request. ---> {message}` (soap:Client).
fn read_fault(inner: Vec<Level>) -> Fault {
    let mut levels = vec![level(SOAP_EXCEPTION, "Server was unable to read request.", PROTOCOL)];
    levels.extend(inner);
    Fault::framework("soap:Client", levels)
}

/// The request limit (ASP.NET's `maxRequestLength`), as Mono reports it over SOAP, with the
/// message of Microsoft's runtime inside (as over POST).
fn limit_fault() -> Fault {
    Fault::framework(
        "soap:Server",
        vec![
            level(
                SOAP_EXCEPTION,
                "There was an exception running the extensions specified in the config file.",
                "System.Web.Services.Protocols.SoapMessage",
            ),
            level(
                "System.Web.HttpException",
                "Maximum request length exceeded.",
                "System.Web.HttpRequest",
            ),
        ],
    )
}

/// The operation a `SOAPAction` value names: `http://www.idiligo.com/{Op}`, quoted or not,
/// exact case.
fn action_op(value: &str) -> Option<Op> {
    let v = value.trim();
    let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
    Op::from_name(v.strip_prefix(wire::NS)?)
}

/// What a SOAP request addresses, from its `SOAPAction` header alone (for the counters and
/// fault injection before the body is read): `Ok(Some(op))`, `Ok(None)` without the header
/// (routed by the body), `Err(())` for a value that names no operation.
pub(super) fn routed(action: Option<&str>) -> Result<Option<Op>, ()> {
    match action {
        None => Ok(None),
        Some(a) => action_op(a).map(Some).ok_or(()),
    }
}

/// Serves one SOAP request; returns the answer and the operation it reached (for the
/// counters of requests routed by their body).
pub(super) fn serve(
    shared: &Shared,
    action: Option<&str>,
    content_type: &str,
    body: Option<&[u8]>,
    origin: &str,
) -> (Answer, Option<Op>) {
    let long = shared.config.custom_errors == CustomErrors::Off;
    let by_action = match action.map(|a| (a, action_op(a))) {
        Some((a, None)) => {
            let shown = a.trim();
            let shown = shown
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(shown);
            let fault = Fault::framework(
                "soap:Client",
                vec![level(
                    SOAP_EXCEPTION,
                    format!("Server did not recognize the value of HTTP Header SOAPAction: {shown}."),
                    "System.Web.Services.Protocols.Soap11ServerProtocolHelper",
                )],
            );
            return (fault.answer(long), None);
        }
        Some((_, op)) => op,
        None => None,
    };
    let Some(body) = body else {
        return (limit_fault().answer(long), by_action);
    };
    let base = content_type.split(';').next().unwrap_or("").trim();
    if !base.eq_ignore_ascii_case("text/xml") {
        return (empty(415), by_action);
    }
    let bytes = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return (empty(400), by_action);
    };
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let Ok(doc) = Document::parse_with_options(text, options) else {
        return (empty(400), by_action);
    };
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(SOAP_NS) {
        let fault = Fault {
            upgrade: true,
            ..Fault::framework(
                "soap:VersionMismatch",
                vec![level(
                    SOAP_EXCEPTION,
                    format!(
                        "Possible SOAP version mismatch: Envelope namespace {} was unexpected. Expecting {SOAP_NS}.",
                        root.tag_name().namespace().unwrap_or("")
                    ),
                    "System.Web.Services.Protocols.SoapServerProtocol",
                )],
            )
        };
        return (fault.answer(long), by_action);
    }
    let missing = |what: &str| {
        read_fault(vec![level(
            "System.InvalidOperationException",
            format!("Request format is invalid: Missing required soap:{what} element."),
            PROTOCOL,
        )])
        .answer(long)
    };
    if root.tag_name().name() != "Envelope" {
        return (missing("Envelope"), by_action);
    }
    let Some(soap_body) = root
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "Body" && n.tag_name().namespace() == Some(SOAP_NS))
    else {
        return (missing("Body"), by_action);
    };
    let op = match by_action {
        Some(op) => op,
        None => {
            let first = soap_body.children().find(|n| n.is_element());
            match first
                .filter(|e| e.tag_name().namespace() == Some(wire::NS))
                .and_then(|e| Op::from_name(e.tag_name().name()))
            {
                Some(op) => op,
                None => {
                    let fault = Fault::framework(
                        "soap:Client",
                        vec![level(
                            SOAP_EXCEPTION,
                            "Unable to handle request without a valid action parameter. Please supply a valid soap action.",
                            "System.Web.Services.Protocols.Soap11ServerProtocolHelper",
                        )],
                    );
                    return (fault.answer(long), None);
                }
            }
        }
    };
    let spec = op.spec();
    let element = soap_body
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == spec.name && n.tag_name().namespace() == Some(wire::NS));
    let args = match bind_soap(spec, &doc, element) {
        Ok(a) => a,
        Err(BindError::Xml) => return (empty(400), Some(op)),
        Err(BindError::Read {
            line,
            column,
            type_name,
            message,
        }) => {
            let fault = read_fault(vec![
                level(
                    "System.InvalidOperationException",
                    format!("There is an error in XML document ({line}, {column})."),
                    "System.Xml.Serialization.XmlSerializer",
                ),
                level(type_name, message, "System.Xml.XmlConvert"),
            ]);
            return (fault.answer(long), Some(op));
        }
    };
    let fetch = |url: &str, limit: u64| super::http::fetch_document(shared, url, limit);
    let env = Env {
        config: &shared.config,
        state: &shared.state,
        fetch: &fetch,
        origin,
    };
    let answer = match service::run(&env, &args) {
        Ok(value) => Answer {
            status: 200,
            cache_control: "private, max-age=0",
            body: wire::soap_answer(spec.name, spec.answer, value.as_ref()).into_bytes(),
        },
        Err(e) => method_fault(&e).answer(long),
    };
    (answer, Some(op))
}

/// Why the parameters could not be read.
#[derive(Debug, PartialEq)]
enum BindError {
    /// Not what XmlSerializer can read at all (an element inside a scalar, invalid base64):
    /// Mono answers 400 with an empty body.
    Xml,
    /// A value that does not convert: the position of the node after its element, and the
    /// conversion's exception.
    Read {
        line: u32,
        column: u32,
        type_name: &'static str,
        message: String,
    },
}

fn is_nil(node: Node<'_, '_>) -> bool {
    matches!(node.attribute((XSI_NS, "nil")).map(str::trim), Some("true" | "1"))
}

fn in_service_ns(node: &Node<'_, '_>) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(wire::NS)
}

/// The text of a scalar element as `ReadElementString` reads it: its text and CDATA; an
/// element, comment or processing instruction inside is an XML error.
fn scalar_text(node: Node<'_, '_>) -> Result<String, BindError> {
    let mut out = String::new();
    for c in node.children() {
        if c.is_text() {
            out.push_str(c.text().unwrap_or(""));
        } else {
            return Err(BindError::Xml);
        }
    }
    Ok(out)
}

/// Where XmlSerializer's reader is after reading `node`'s content: the start of the next node
/// (the name of an element or end tag, the text of a comment or CDATA, or text itself), 1-based
/// line and column.
fn position_after(doc: &Document<'_>, node: Node<'_, '_>) -> (u32, u32) {
    let end = node.range().end;
    let rest = &doc.input_text()[end.min(doc.input_text().len())..];
    let skip = if rest.starts_with("</") || rest.starts_with("<?") {
        2
    } else if rest.starts_with("<!--") {
        4
    } else if rest.starts_with("<![CDATA[") {
        9
    } else if rest.starts_with('<') {
        1
    } else {
        0
    };
    let p = doc.text_pos_at(end + skip);
    (p.row, p.col)
}

/// Base64 as `XmlReader.ReadContentAsBase64` decodes it: XML white space skipped anywhere,
/// the first `=` ends the data (then only `=` and white space may follow), bits left over at
/// the end are dropped; anything else is invalid (`None`).
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const INVALID: u8 = 0xFF;
    const SPACE: u8 = 0xFE;
    const TABLE: [u8; 256] = {
        let mut t = [INVALID; 256];
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut i = 0;
        while i < 64 {
            t[alphabet[i] as usize] = i as u8;
            i += 1;
        }
        t[b' ' as usize] = SPACE;
        t[b'\t' as usize] = SPACE;
        t[b'\r' as usize] = SPACE;
        t[b'\n' as usize] = SPACE;
        t
    };
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 3);
    let (mut bits, mut filled) = (0u32, 0u32);
    let mut i = 0;
    // Whole groups of four alphabet characters at a time, then the general loop.
    while i + 4 <= bytes.len() {
        let d = [
            TABLE[bytes[i] as usize],
            TABLE[bytes[i + 1] as usize],
            TABLE[bytes[i + 2] as usize],
            TABLE[bytes[i + 3] as usize],
        ];
        if filled != 0 || d.iter().any(|&x| x >= 64) {
            break;
        }
        let n = (u32::from(d[0]) << 18) | (u32::from(d[1]) << 12) | (u32::from(d[2]) << 6) | u32::from(d[3]);
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        i += 4;
    }
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'=' {
            break;
        }
        i += 1;
        let digit = match TABLE[c as usize] {
            SPACE => continue,
            INVALID => return None,
            d => d,
        };
        bits = (bits << 6) | u32::from(digit);
        filled += 6;
        if filled >= 8 {
            filled -= 8;
            out.push((bits >> filled) as u8);
            bits &= (1 << filled) - 1;
        }
    }
    while i < bytes.len() && bytes[i] == b'=' {
        i += 1;
    }
    bytes[i..]
        .iter()
        .all(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
        .then_some(out)
}

/// The default of a parameter whose element is absent: null for strings, arrays and
/// `byte[]` (which the service treats as empty), 0, false.
fn default_arg(xsd: Xsd) -> Arg {
    match xsd {
        Xsd::Long => Arg::Long(0),
        Xsd::Int => Arg::Int(0),
        Xsd::Boolean => Arg::Bool(false),
        Xsd::Float => Arg::Float(0.0),
        Xsd::Decimal => Arg::Decimal(Decimal::default()),
        Xsd::Base64Binary => Arg::Bytes(Vec::new()),
        Xsd::String | Xsd::Type(_) => Arg::Null,
    }
}

/// Reads the parameters of `op` from its element (see the module docs).
fn bind_soap(op: &'static Operation, doc: &Document<'_>, element: Option<Node<'_, '_>>) -> Result<Args, BindError> {
    let mut values: Vec<Arg> = op.params.iter().map(|p| default_arg(p.xsd)).collect();
    let Some(element) = element else {
        return Ok(Args { op, values });
    };
    let mut seen = vec![false; op.params.len()];
    for child in element.children().filter(in_service_ns) {
        let Some(i) = op.params.iter().position(|p| p.name == child.tag_name().name()) else {
            continue;
        };
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let p = &op.params[i];
        values[i] = match p.xsd {
            Xsd::Base64Binary => Arg::Bytes(decode_base64(&scalar_text(child)?).ok_or(BindError::Xml)?),
            Xsd::Type("ArrayOfString") => {
                if is_nil(child) {
                    Arg::Null
                } else {
                    let mut items = Vec::new();
                    for item in child.children().filter(in_service_ns) {
                        if item.tag_name().name() == "string" {
                            items.push(if is_nil(item) { None } else { Some(scalar_text(item)?) });
                        }
                    }
                    Arg::Strings(items)
                }
            }
            Xsd::Type("ArrayOfNameValue") => {
                if is_nil(child) {
                    Arg::Null
                } else {
                    let mut items = Vec::new();
                    for item in child.children().filter(in_service_ns) {
                        if item.tag_name().name() != "NameValue" || is_nil(item) {
                            continue;
                        }
                        let member = |name: &str| -> Result<Option<String>, BindError> {
                            match item
                                .children()
                                .filter(in_service_ns)
                                .find(|m| m.tag_name().name() == name)
                            {
                                Some(m) => scalar_text(m).map(Some),
                                None => Ok(None),
                            }
                        };
                        items.push(NameValue {
                            name: member("Name")?,
                            value: member("Value")?,
                        });
                    }
                    Arg::NameValues(items)
                }
            }
            xsd => {
                let text = scalar_text(child)?;
                bind::xml_convert(&text, xsd).map_err(|(type_name, message)| {
                    let (line, column) = position_after(doc, child);
                    BindError::Read {
                        line,
                        column,
                        type_name,
                        message,
                    }
                })?
            }
        };
    }
    Ok(Args { op, values })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_dotnet_decodes_it() {
        // (text, bytes or None) as the replica answered (stored, Empty document., 400).
        for (text, want) in [
            ("AAEC", Some(vec![0u8, 1, 2])),
            ("AAE", Some(vec![0, 1])),
            ("AAA", Some(vec![0, 0])),
            ("A", Some(vec![])),
            ("AA==", Some(vec![0])),
            ("AAEC\n AwQ=", Some(vec![0, 1, 2, 3, 4])),
            ("AAEC  ", Some(vec![0, 1, 2])),
            ("", Some(vec![])),
            ("AA=A", None),
            ("AA==AAEC", None),
            ("-_8=", None),
            ("not base64!", None),
            ("AAEC\u{e9}", None),
        ] {
            assert_eq!(decode_base64(text), want, "{text:?}");
        }
        let all: Vec<u8> = (0..=255).collect();
        let mut b64 = Vec::new();
        crate::soap::encode_base64(&all, &mut b64);
        assert_eq!(decode_base64(std::str::from_utf8(&b64).unwrap()).unwrap(), all);
    }

    fn bind_text(op: Op, inner: &str) -> Result<Args, BindError> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><{op} xmlns=\"http://www.idiligo.com/\">{inner}</{op}></soap:Body></soap:Envelope>"
        );
        let doc = Document::parse(&xml).unwrap();
        let e = doc.descendants().find(|n| n.tag_name().name() == op.name());
        bind_soap(op.spec(), &doc, e)
    }

    fn read_at(r: Result<Args, BindError>) -> (u32, u32, String) {
        match r {
            Err(BindError::Read {
                line, column, message, ..
            }) => (line, column, message),
            other => panic!("{other:?}"),
        }
    }

    /// Positions and messages the replica reported for the same requests.
    #[test]
    fn conversion_errors_name_the_next_node() {
        let t = "68195108fbef43919463f7677e94d9fd";
        assert_eq!(
            read_at(bind_text(
                Op::GetCall,
                &format!("<token>{t}</token><callId>abc</callId>")
            )),
            (2, 291, "Input string was not in a correct format.".into())
        );
        let t = "80b0b071648343b8bf15ca7a33348a21";
        assert_eq!(
            read_at(bind_text(Op::GetCall, &format!("<token>{t}</token><callId/>"))),
            (2, 280, "Input string was not in a correct format.".into())
        );
        assert_eq!(
            read_at(bind_text(
                Op::GetCall,
                &format!("<token>{t}</token><callId>99999999999999999999</callId>")
            )),
            (2, 308, "Value was either too large or too small for an Int64.".into())
        );
        assert_eq!(
            read_at(bind_text(
                Op::AddDocumentFromBytesEx,
                &format!("<token>{t}</token><file>AAEC</file><filename>a</filename><externalId/><priv>yes</priv><temp>false</temp>")
            )),
            (2, 353, "The string 'yes' is not a valid Boolean value.".into())
        );
        assert_eq!(
            read_at(bind_text(
                Op::SetDocumentCursor,
                &format!("<token>{t}</token><callId>1000</callId><x>1e39</x><y>0</y>")
            )),
            (2, 312, "Value was either too large or too small for a Single.".into())
        );
        // Comment, element, and text as the next node.
        for (inner, column) in [
            ("<callId>abc</callId><!--c--><token>t</token>", 147),
            ("<callId>abc</callId><token>t</token>", 144),
            ("<callId>abc</callId>text<token>t</token>", 143),
        ] {
            let xml = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><GetCall xmlns=\"http://www.idiligo.com/\">{inner}</GetCall></soap:Body></soap:Envelope>");
            let doc = Document::parse(&xml).unwrap();
            let e = doc.descendants().find(|n| n.tag_name().name() == Op::GetCall.name());
            assert_eq!(read_at(bind_soap(Op::GetCall.spec(), &doc, e)).1, column, "{inner}");
        }
    }

    #[test]
    fn absent_nil_and_malformed_parameters() {
        let a = bind_text(Op::EndCall, "<callId> 7 </callId>").unwrap();
        assert_eq!(
            (a.long("callId"), a.opt_str("token"), a.opt_str("returnUrl")),
            (7, None, None)
        );
        // xsi:nil is ignored on a string: its text, "".
        let a = bind_text(
            Op::SetComment,
            "<value xsi:nil=\"true\"/><callId>1</callId><callId>x</callId>",
        )
        .unwrap();
        assert_eq!(a.opt_str("value"), Some(""));
        let a = bind_text(
            Op::SetValues,
            "<names><string xsi:nil=\"true\"/><x>skipped</x><string>b</string></names><values xsi:nil=\"true\"/>",
        )
        .unwrap();
        assert_eq!(a.strings("names").unwrap(), [None, Some("b".to_owned())]);
        assert!(a.strings("values").is_none());
        let a = bind_text(
            Op::SetCallValues,
            "<fields><NameValue xsi:nil=\"true\"/><NameValue><Value>v</Value></NameValue></fields>",
        )
        .unwrap();
        assert_eq!(
            a.name_values("fields").unwrap(),
            [NameValue {
                name: None,
                value: Some("v".into())
            }]
        );
        for bad in [
            "<callId>1<b/></callId>",
            "<callId>1<!--c-->0</callId>",
            "<token>a<?p?></token>",
        ] {
            assert_eq!(bind_text(Op::GetCall, bad).unwrap_err(), BindError::Xml, "{bad}");
        }
        assert_eq!(
            bind_text(Op::AddDocumentFromBytes, "<file>AA=A</file>").unwrap_err(),
            BindError::Xml
        );
        let a = bind_text(Op::AddDocumentFromBytesEx, "<priv> 1 </priv><temp>true</temp>").unwrap();
        assert!(a.bool("priv") && a.bool("temp"));
        assert!(a.bytes("file").is_empty());
    }

    #[test]
    fn fault_texts_have_the_shape_of_dotnet() {
        let f = method_fault(&Exception::business("Invalid token."));
        assert_eq!(
            f.text(false),
            "Server was unable to process request. ---> Invalid token."
        );
        let long = f.text(true);
        assert!(long.starts_with("System.Web.Services.Protocols.SoapException: Server was unable to process request. ---> System.Exception: Invalid token.\n  at "), "{long}");
        assert!(
            long.ends_with("\n   --- End of inner exception stack trace ---"),
            "{long}"
        );
        let r = read_fault(vec![
            level(
                "System.InvalidOperationException",
                "There is an error in XML document (2, 291).",
                "X",
            ),
            level(
                "System.FormatException",
                "Input string was not in a correct format.",
                "Y",
            ),
        ]);
        let text = r.text(true);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6, "{lines:?}");
        assert!(lines[1].starts_with("  at Y") && lines[3].starts_with("  at X") && lines[5].starts_with("  at "));
        assert_eq!(lines[2], "   --- End of inner exception stack trace ---");
        assert!(limit_fault().framework && !f.framework);
    }

    #[test]
    fn actions_are_exact() {
        assert_eq!(action_op("\"http://www.idiligo.com/GetCall\""), Some(Op::GetCall));
        assert_eq!(action_op("http://www.idiligo.com/GetCall"), Some(Op::GetCall));
        let name = Op::GetCall.name();
        for bad in [
            String::new(),
            "\"\"".to_owned(),
            format!("\"http://www.idiligo.com/{}\"", name.to_lowercase()),
            name.to_owned(),
            format!("\"urn:x/{name}\""),
        ] {
            assert_eq!(action_op(&bad), None, "{bad}");
        }
        assert_eq!(routed(None), Ok(None));
        assert_eq!(routed(Some("x")), Err(()));
    }
}
