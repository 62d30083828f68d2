//! Does this SDK match the live service? The service's `?WSDL` compared with the operation
//! table.
//!
//! ASP.NET generates an `.asmx` service's WSDL from its method signatures and types, so the
//! WSDL says exactly which operations the service offers, their parameters (names, order, XSD
//! types), their answers, the bindings they are offered on (SOAP, HTTP GET, HTTP POST) and
//! every complex type. [`compare`] reads such a WSDL and lists every difference from the
//! operation table ([`crate::ops`]): operations or types only one side has, parameters, answer
//! types, bindings, type members (names, order, types, attribute or element, repeated),
//! enumeration values and base types, and where the WSDL contradicts itself (a SOAPAction
//! that is not `http://www.idiligo.com/OPERATION`, SOAP 1.2 missing an operation SOAP 1.1
//! has, HTTP messages that do not carry the SOAP parameters). [`Client::fetch_wsdl`] and
//! [`Client::check_service`] fetch the live `?WSDL` with the client's TLS and proxy settings
//! (no credentials needed).
//!
//! The live service may have grown since the table was written: operations and types only
//! the service has are listed too, but they do not make the SDK mismatch
//! ([`Report::matches`]); anything else does.
//!
//! ```
//! use idiligo::wsdl::{self, DifferenceKind};
//!
//! # let captured = include_str!("../../tests/fixtures/asmx/wsdl.http");
//! # let text = captured.split_once("\r\n\r\n").unwrap().1;
//! // `text`: the answer to GET https://…/InsideService20.asmx?WSDL
//! let report = wsdl::compare(text)?;
//! assert!(report.matches(), "{report}");
//!
//! let doctored = text.replacen("name=\"callId\" type=\"s:long\"", "name=\"callId\" type=\"s:int\"", 1);
//! let report = wsdl::compare(&doctored)?;
//! assert!(!report.matches());
//! assert_eq!(report.differences()[0].kind, DifferenceKind::Parameters);
//! # Ok::<(), idiligo::Error>(())
//! ```
//!
//! The descriptions compared are plain data ([`Description`]), so other sources (a fact sheet,
//! a doctored table in a test) can be compared with [`Report::between`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::time::Instant;

use crate::client::Client;
use crate::error::{Error, Result, TimeoutPhase};
use crate::ops::{self, Answer};
use crate::sliced::{Limits as SliceLimits, Scope};

const OP: &str = "WSDL";

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
const SOAP_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
const SOAP12_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
const HTTP_NS: &str = "http://schemas.xmlsoap.org/wsdl/http/";
const SERVICE_NS: &str = "http://www.idiligo.com/";

/// What [`compare`] calls the operation table in its messages.
pub const TABLE: &str = "the operation table";
/// What [`compare`] calls the WSDL in its messages.
pub const SERVICE: &str = "the service's WSDL";

// ------------------------------------------------------------------ the comparable facts

/// A parameter: its wire name and type (an XSD primitive's local name such as `long`, or a
/// complex type's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamFacts {
    /// Wire name.
    pub name: String,
    /// Type name.
    pub xsd: String,
}

/// What a description says about one operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationFacts {
    /// Parameters in wire order.
    pub params: Vec<ParamFacts>,
    /// `void` or the answer's type name.
    pub answer: String,
    /// The bindings it is offered on, of `soap`, `get`, `post`.
    pub bindings: BTreeSet<String>,
}

/// A member of a complex type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    /// Element or attribute name.
    pub name: String,
    /// Type name.
    pub xsd: String,
    /// An XML attribute rather than a child element.
    pub attribute: bool,
    /// Repeated (`maxOccurs="unbounded"`).
    pub repeated: bool,
}

/// What a description says about one complex type or enumeration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeFacts {
    /// Members in order (child elements first, then attributes, as ASP.NET writes them).
    pub members: Vec<MemberFacts>,
    /// The values of an enumeration.
    pub enumeration: Vec<String>,
    /// The type it extends (`complexContent/extension`), if any.
    pub base: Option<String>,
}

/// Operations and types by name: what a WSDL or the operation table says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Description {
    /// Operations by wire name.
    pub operations: BTreeMap<String, OperationFacts>,
    /// Complex types and enumerations by name.
    pub types: BTreeMap<String, TypeFacts>,
}

impl Description {
    /// What the operation table ([`crate::ops`]) says.
    pub fn from_table() -> Description {
        let mut d = Description::default();
        for o in ops::operations() {
            let bindings = [
                (o.bindings.soap, "soap"),
                (o.bindings.get, "get"),
                (o.bindings.post, "post"),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, b)| b.to_owned())
            .collect();
            let facts = OperationFacts {
                params: o
                    .params
                    .iter()
                    .map(|p| ParamFacts {
                        name: p.name.to_owned(),
                        xsd: p.xsd.name().to_owned(),
                    })
                    .collect(),
                answer: match o.answer {
                    Answer::Void => "void".to_owned(),
                    Answer::Value(x) => x.name().to_owned(),
                },
                bindings,
            };
            d.operations.insert(o.name.to_owned(), facts);
        }
        for t in ops::TYPES {
            d.types.insert(
                t.name.to_owned(),
                TypeFacts {
                    members: t
                        .members
                        .iter()
                        .map(|m| MemberFacts {
                            name: m.name.to_owned(),
                            xsd: m.xsd.name().to_owned(),
                            attribute: m.attribute,
                            repeated: m.repeated,
                        })
                        .collect(),
                    enumeration: t.enumeration.iter().map(|v| (*v).to_owned()).collect(),
                    base: None,
                },
            );
        }
        d
    }
}

/// A WSDL as [`parse`] read it: what it describes, and where it contradicts itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wsdl {
    /// Its operations (from the SOAP 1.1 messages, with the bindings that offer them) and types.
    pub description: Description,
    /// Where it is inconsistent in itself, one message each.
    pub inconsistencies: Vec<String>,
}

// ------------------------------------------------------------------ the report

/// What a [`Difference`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DifferenceKind {
    /// An operation the expected side (the table) has and the WSDL lacks.
    MissingOperation,
    /// An operation only the WSDL has (the service has grown): reported, not a mismatch.
    ExtraOperation,
    /// Parameter names, order or types differ.
    Parameters,
    /// The answer type differs.
    Answer,
    /// The bindings an operation is offered on differ.
    Bindings,
    /// A type the expected side has and the WSDL lacks.
    MissingType,
    /// A type only the WSDL has: reported, not a mismatch.
    ExtraType,
    /// A type's members differ (names, order, types, attribute or element, repeated).
    Members,
    /// An enumeration's values differ.
    Enumeration,
    /// A type's base type differs.
    BaseType,
    /// The WSDL contradicts itself (SOAPAction, SOAP 1.2, HTTP messages, undefined parts).
    Inconsistent,
}

impl DifferenceKind {
    /// A short lower-case name (`"missing_operation"`, `"parameters"` …), stable across
    /// releases.
    pub const fn as_str(self) -> &'static str {
        match self {
            DifferenceKind::MissingOperation => "missing_operation",
            DifferenceKind::ExtraOperation => "extra_operation",
            DifferenceKind::Parameters => "parameters",
            DifferenceKind::Answer => "answer",
            DifferenceKind::Bindings => "bindings",
            DifferenceKind::MissingType => "missing_type",
            DifferenceKind::ExtraType => "extra_type",
            DifferenceKind::Members => "members",
            DifferenceKind::Enumeration => "enumeration",
            DifferenceKind::BaseType => "base_type",
            DifferenceKind::Inconsistent => "inconsistent",
        }
    }

    /// Every kind, in declaration order.
    pub const ALL: [DifferenceKind; 11] = [
        DifferenceKind::MissingOperation,
        DifferenceKind::ExtraOperation,
        DifferenceKind::Parameters,
        DifferenceKind::Answer,
        DifferenceKind::Bindings,
        DifferenceKind::MissingType,
        DifferenceKind::ExtraType,
        DifferenceKind::Members,
        DifferenceKind::Enumeration,
        DifferenceKind::BaseType,
        DifferenceKind::Inconsistent,
    ];

    /// Whether a difference of this kind means the SDK does not match the service (every
    /// kind but [`ExtraOperation`](Self::ExtraOperation) and [`ExtraType`](Self::ExtraType)).
    pub const fn is_mismatch(self) -> bool {
        !matches!(self, DifferenceKind::ExtraOperation | DifferenceKind::ExtraType)
    }
}

impl fmt::Display for DifferenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What it is about.
    pub kind: DifferenceKind,
    /// The operation or type concerned (`GetCall`, `type CallDTO` is reported as `CallDTO`).
    pub subject: String,
    /// What the expected side (the table) says; empty when it has nothing.
    pub expected: String,
    /// What the WSDL says; empty when it has nothing.
    pub found: String,
    /// The whole difference in one line (also its `Display`).
    pub message: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every difference between an expected description and a WSDL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    differences: Vec<Difference>,
    expected_operations: usize,
    found_operations: usize,
    found_types: usize,
}

impl Report {
    /// Compares `expected` (called `expected_name` in the messages) with a parsed WSDL
    /// (called `found_name`). With `only_common_operations`, operations only the WSDL has are
    /// not reported. The WSDL's own inconsistencies come first.
    pub fn between(
        expected: &Description,
        expected_name: &str,
        found: &Wsdl,
        found_name: &str,
        only_common_operations: bool,
    ) -> Report {
        let mut differences: Vec<Difference> = found
            .inconsistencies
            .iter()
            .map(|m| Difference {
                kind: DifferenceKind::Inconsistent,
                subject: m.split(':').next().unwrap_or("").to_owned(),
                expected: String::new(),
                found: String::new(),
                message: m.clone(),
            })
            .collect();
        differences.extend(diff(
            expected,
            expected_name,
            &found.description,
            found_name,
            only_common_operations,
        ));
        Report {
            differences,
            expected_operations: expected.operations.len(),
            found_operations: found.description.operations.len(),
            found_types: found.description.types.len(),
        }
    }

    /// Every difference, the WSDL's inconsistencies first, then operations by name, then types.
    pub fn differences(&self) -> &[Difference] {
        &self.differences
    }

    /// Whether the SDK matches the service: no difference but operations and types only the
    /// service has.
    pub fn matches(&self) -> bool {
        self.differences.iter().all(|d| !d.kind.is_mismatch())
    }

    /// The differences that make the SDK mismatch (all but the extra operations and types).
    pub fn mismatches(&self) -> impl Iterator<Item = &Difference> {
        self.differences.iter().filter(|d| d.kind.is_mismatch())
    }

    /// How many operations the expected side (the table) has.
    pub fn expected_operations(&self) -> usize {
        self.expected_operations
    }

    /// How many operations the WSDL offers.
    pub fn found_operations(&self) -> usize {
        self.found_operations
    }

    /// How many complex types and enumerations the WSDL defines.
    pub fn found_types(&self) -> usize {
        self.found_types
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mismatches = self.mismatches().count();
        write!(
            f,
            "{} operations in the WSDL, {} in the table: {}",
            self.found_operations,
            self.expected_operations,
            if mismatches == 0 {
                "the SDK matches the service".to_owned()
            } else {
                format!("{mismatches} differences")
            }
        )?;
        let extra = self.differences.len() - mismatches;
        if extra > 0 {
            write!(f, " ({extra} operations or types only the service has)")?;
        }
        for d in &self.differences {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

// ------------------------------------------------------------------ the public entry points

/// Compares a WSDL (the text of `…/InsideService20.asmx?WSDL`) with the operation table.
/// Fails with an [`ErrorKind::Parse`](crate::ErrorKind::Parse) error when the text is not XML
/// or not a WSDL; every difference found is in the report.
pub fn compare(wsdl_text: &str) -> Result<Report> {
    let found = parse(wsdl_text)?;
    Ok(Report::between(
        &Description::from_table(),
        TABLE,
        &found,
        SERVICE,
        false,
    ))
}

impl Client {
    /// The live WSDL of the service (`{endpoint}?WSDL`), fetched with the client's TLS, proxy
    /// and timeout settings. No credentials are needed. Any answer but `200` with an XML
    /// content type is an [`ErrorKind::Http`](crate::ErrorKind::Http) error.
    pub fn fetch_wsdl(&self) -> Result<String> {
        let cfg = self.config();
        // The endpoint as requests use it: its user info is basic authentication.
        let url = format!("{}?WSDL", self.raw_endpoint());
        if self.cancelled() {
            return Err(Error::Cancelled {
                operation: OP,
                sent: false,
            });
        }
        // The whole exchange under the request timeout and the client's cancel token, as an
        // API call.
        let scope = Scope::enter(SliceLimits {
            deadline: Instant::now().checked_add(cfg.request_timeout),
            per_io: None,
            cancel: self.cancel_token().cloned(),
        });
        let limits = crate::transport::Limits {
            connect: cfg.connect_timeout,
            deadline: Some((TimeoutPhase::Request, cfg.request_timeout)),
            stall: None,
        };
        let map = |e| self.clean(crate::transport::map_failure(OP, e, scope.outcome(), limits), &[]);
        let response = self.agent().get(&url).call().map_err(map)?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(|c| self.redact(c, &[]));
        let limit = cfg.max_response_bytes;
        let body = match response.into_body().with_config().limit(limit).read_to_vec() {
            Ok(b) => b,
            Err(ureq::Error::BodyExceedsLimit(_)) => return Err(Error::TooLarge { operation: OP, limit }),
            Err(e) => return Err(map(e)),
        };
        let xml = content_type.as_deref().is_some_and(|c| {
            let base = c.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            base == "text/xml" || base == "application/xml"
        });
        if status != 200 || !xml {
            return Err(Error::Http {
                operation: OP,
                status,
                content_type,
                excerpt: self.excerpt(&body, &[]),
                url: Some(self.redact(
                    &crate::client::mask_userinfo(url.split(['?', '#']).next().unwrap_or("")),
                    &[],
                )),
                retry_after: None,
            });
        }
        String::from_utf8(body).map_err(|_| Error::parse(OP, "the WSDL is not UTF-8"))
    }

    /// Fetches the live WSDL ([`Client::fetch_wsdl`]) and compares it with the operation table
    /// ([`compare`]).
    ///
    /// ```no_run
    /// let client = idiligo::Client::builder().build()?;   // no credentials needed
    /// let report = client.check_service()?;
    /// println!("{report}");
    /// # Ok::<(), idiligo::Error>(())
    /// ```
    pub fn check_service(&self) -> Result<Report> {
        compare(&self.fetch_wsdl()?)
    }
}

// ------------------------------------------------------------------ formatting

fn params_text(p: &[ParamFacts]) -> String {
    let v: Vec<String> = p.iter().map(|p| format!("{}:{}", p.name, p.xsd)).collect();
    format!("({})", v.join(", "))
}

fn members_text(m: &[MemberFacts]) -> String {
    let v: Vec<String> = m
        .iter()
        .map(|m| {
            format!(
                "{}{}:{}{}",
                if m.attribute { "@" } else { "" },
                m.name,
                m.xsd,
                if m.repeated { "[0..unbounded]" } else { "" }
            )
        })
        .collect();
    format!("({})", v.join(", "))
}

fn set_text(s: &BTreeSet<String>) -> String {
    s.iter().cloned().collect::<Vec<_>>().join(",")
}

// ------------------------------------------------------------------ the comparison

fn diff(want: &Description, want_name: &str, got: &Description, got_name: &str, common_only: bool) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut push = |kind, subject: &str, expected: String, found: String, message: String| {
        out.push(Difference {
            kind,
            subject: subject.to_owned(),
            expected,
            found,
            message,
        })
    };
    for (name, w) in &want.operations {
        let Some(g) = got.operations.get(name) else {
            push(
                DifferenceKind::MissingOperation,
                name,
                "offered".into(),
                String::new(),
                format!("{name}: in {want_name}, missing from {got_name}"),
            );
            continue;
        };
        if w.params != g.params {
            let (e, f) = (params_text(&w.params), params_text(&g.params));
            let m = format!("{name}: parameters: {want_name} {e}, {got_name} {f}");
            push(DifferenceKind::Parameters, name, e, f, m);
        }
        if w.answer != g.answer {
            let m = format!("{name}: answer: {want_name} {}, {got_name} {}", w.answer, g.answer);
            push(DifferenceKind::Answer, name, w.answer.clone(), g.answer.clone(), m);
        }
        if w.bindings != g.bindings {
            let (e, f) = (set_text(&w.bindings), set_text(&g.bindings));
            let m = format!("{name}: bindings: {want_name} {e}, {got_name} {f}");
            push(DifferenceKind::Bindings, name, e, f, m);
        }
    }
    if !common_only {
        for name in got.operations.keys().filter(|n| !want.operations.contains_key(*n)) {
            push(
                DifferenceKind::ExtraOperation,
                name,
                String::new(),
                "offered".into(),
                format!("{name}: in {got_name}, not in {want_name}"),
            );
        }
    }
    for (name, w) in &want.types {
        let Some(g) = got.types.get(name) else {
            push(
                DifferenceKind::MissingType,
                name,
                "defined".into(),
                String::new(),
                format!("type {name}: in {want_name}, missing from {got_name}"),
            );
            continue;
        };
        if w.members != g.members {
            let (e, f) = (members_text(&w.members), members_text(&g.members));
            let m = format!("type {name}: members: {want_name} {e}, {got_name} {f}");
            push(DifferenceKind::Members, name, e, f, m);
        }
        if w.enumeration != g.enumeration {
            let (e, f) = (format!("{:?}", w.enumeration), format!("{:?}", g.enumeration));
            let m = format!("type {name}: enumeration: {want_name} {e}, {got_name} {f}");
            push(DifferenceKind::Enumeration, name, e, f, m);
        }
        if w.base != g.base {
            let (e, f) = (format!("{:?}", w.base), format!("{:?}", g.base));
            let m = format!("type {name}: base type: {want_name} {e}, {got_name} {f}");
            push(DifferenceKind::BaseType, name, e, f, m);
        }
    }
    for name in got.types.keys().filter(|n| !want.types.contains_key(*n)) {
        push(
            DifferenceKind::ExtraType,
            name,
            String::new(),
            "defined".into(),
            format!("type {name}: in {got_name}, not in {want_name}"),
        );
    }
    out
}

// ------------------------------------------------------------------ reading a WSDL

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

fn is(n: &Node, ns: &str, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(ns)
}

fn kids<'a, 'i>(n: Node<'a, 'i>, ns: &'static str, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(move |c| is(c, ns, name))
}

fn local(q: &str) -> &str {
    q.rsplit(':').next().unwrap_or(q)
}

/// The type a `type="prefix:name"` attribute names: an XSD primitive's local name, or the
/// type's own name (in the service's namespace or its AbstractTypes namespace).
fn resolve_type(n: &Node, q: &str) -> String {
    let (prefix, name) = match q.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, q),
    };
    match n.lookup_namespace_uri(prefix) {
        Some(XSD_NS) => name.to_owned(),
        Some(ns) if ns.starts_with(SERVICE_NS) => name.to_owned(),
        Some(ns) => format!("{{{ns}}}{name}"),
        None => format!("{{unbound prefix}}{q}"),
    }
}

fn type_of(d: &Node) -> String {
    d.attribute("type")
        .map(|q| resolve_type(d, q))
        .unwrap_or_else(|| "(anonymous)".into())
}

fn type_facts(t: Node) -> TypeFacts {
    let mut facts = TypeFacts::default();
    let mut attrs = Vec::new();
    for d in t
        .descendants()
        .filter(|d| d.is_element() && d.tag_name().namespace() == Some(XSD_NS))
    {
        match d.tag_name().name() {
            "element" => facts.members.push(MemberFacts {
                name: d.attribute("name").unwrap_or("?").to_owned(),
                xsd: type_of(&d),
                attribute: false,
                repeated: d.attribute("maxOccurs") == Some("unbounded"),
            }),
            "attribute" => attrs.push(MemberFacts {
                name: d.attribute("name").unwrap_or("?").to_owned(),
                xsd: type_of(&d),
                attribute: true,
                repeated: false,
            }),
            "enumeration" => facts.enumeration.push(d.attribute("value").unwrap_or("").to_owned()),
            "extension" => facts.base = d.attribute("base").map(|q| resolve_type(&d, q)),
            _ => {}
        }
    }
    facts.members.extend(attrs);
    facts
}

/// Reads a WSDL as ASP.NET writes it for an `.asmx` service: its operations (parameters and
/// answer from the SOAP 1.1 document/literal messages, the bindings that offer each), its types,
/// and where it contradicts itself. Fails with an [`ErrorKind::Parse`](crate::ErrorKind::Parse)
/// error when the text is not XML or its root is not `wsdl:definitions`.
pub fn parse(text: &str) -> Result<Wsdl> {
    let doc = roxmltree::Document::parse(text).map_err(|e| Error::parse(OP, format!("the WSDL is not XML: {e}")))?;
    let root = doc.root_element();
    if !is(&root, WSDL_NS, "definitions") {
        return Err(Error::parse(
            OP,
            format!(
                "the root element is {:?}, not wsdl:definitions",
                root.tag_name().name().chars().take(64).collect::<String>()
            ),
        ));
    }
    let mut facts = Description::default();
    let mut own = Vec::new();

    // Schemas: named types, and the service namespace's top-level elements.
    let mut elements: BTreeMap<&str, Node> = BTreeMap::new();
    for types in kids(root, WSDL_NS, "types") {
        for schema in kids(types, XSD_NS, "schema") {
            for c in schema.children().filter(Node::is_element) {
                let Some(name) = c.attribute("name") else { continue };
                if is(&c, XSD_NS, "element") && schema.attribute("targetNamespace") == Some(SERVICE_NS) {
                    elements.insert(name, c);
                } else if (is(&c, XSD_NS, "complexType") || is(&c, XSD_NS, "simpleType"))
                    && facts.types.insert(name.to_owned(), type_facts(c)).is_some()
                {
                    own.push(format!("type {name}: defined twice"));
                }
            }
        }
    }
    let messages: BTreeMap<&str, Node> = kids(root, WSDL_NS, "message")
        .filter_map(|m| Some((m.attribute("name")?, m)))
        .collect();
    // portType -> operation -> (input message, output message)
    let mut port_types: BTreeMap<&str, BTreeMap<&str, (String, String)>> = BTreeMap::new();
    for pt in kids(root, WSDL_NS, "portType") {
        let mut ops = BTreeMap::new();
        for o in kids(pt, WSDL_NS, "operation") {
            let msg = |dir: &'static str| {
                kids(o, WSDL_NS, dir)
                    .next()
                    .and_then(|m| m.attribute("message"))
                    .map(|q| local(q).to_owned())
                    .unwrap_or_default()
            };
            ops.insert(o.attribute("name").unwrap_or("?"), (msg("input"), msg("output")));
        }
        port_types.insert(pt.attribute("name").unwrap_or("?"), ops);
    }
    let parts = |msg: &str| -> Vec<Node> {
        messages
            .get(msg)
            .map(|m| kids(*m, WSDL_NS, "part").collect())
            .unwrap_or_default()
    };

    // Bindings: binding kind -> operation -> (input message, output message).
    let mut bindings: BTreeMap<&'static str, BTreeMap<String, (String, String)>> = BTreeMap::new();
    for b in kids(root, WSDL_NS, "binding") {
        let name = b.attribute("name").unwrap_or("?");
        let kind = if kids(b, SOAP_NS, "binding").next().is_some() {
            "soap"
        } else if kids(b, SOAP12_NS, "binding").next().is_some() {
            "soap12"
        } else {
            match kids(b, HTTP_NS, "binding").next().and_then(|h| h.attribute("verb")) {
                Some("GET") => "get",
                Some("POST") => "post",
                _ => {
                    own.push(format!(
                        "binding {name}: neither SOAP 1.1, SOAP 1.2, HTTP GET nor HTTP POST"
                    ));
                    continue;
                }
            }
        };
        let pt = b.attribute("type").map(local).unwrap_or("?");
        let Some(pt_ops) = port_types.get(pt) else {
            own.push(format!("binding {name}: its portType {pt} is not defined"));
            continue;
        };
        let entry = bindings.entry(kind).or_default();
        for o in kids(b, WSDL_NS, "operation") {
            let op = o.attribute("name").unwrap_or("?").to_owned();
            if kind == "soap" || kind == "soap12" {
                let ns = if kind == "soap" { SOAP_NS } else { SOAP12_NS };
                let action = kids(o, ns, "operation").next().and_then(|s| s.attribute("soapAction"));
                let want = format!("{SERVICE_NS}{op}");
                if action != Some(want.as_str()) {
                    own.push(format!("{op}: {kind} soapAction is {action:?}, not {want:?}"));
                }
            }
            match pt_ops.get(op.as_str()) {
                Some(msgs) => {
                    entry.insert(op, msgs.clone());
                }
                None => own.push(format!("{op}: in binding {name} but not in its portType {pt}")),
            }
        }
    }

    // Operations: parameters and answer from the SOAP 1.1 messages (document/literal wrapped).
    let empty = BTreeMap::new();
    let soap = bindings.get("soap").unwrap_or(&empty);
    for (op, (input, output)) in soap {
        let element_of = |msg: &str| -> Option<Node> {
            let part = parts(msg).into_iter().next()?;
            elements.get(local(part.attribute("element")?)).copied()
        };
        let mut facts_op = OperationFacts::default();
        match element_of(input) {
            Some(e) => {
                for p in e.descendants().filter(|d| is(d, XSD_NS, "element") && *d != e) {
                    facts_op.params.push(ParamFacts {
                        name: p.attribute("name").unwrap_or("?").to_owned(),
                        xsd: type_of(&p),
                    });
                }
            }
            None => own.push(format!("{op}: no SOAP request element for message {input}")),
        }
        match element_of(output) {
            Some(e) => {
                let results: Vec<Node> = e
                    .descendants()
                    .filter(|d| is(d, XSD_NS, "element") && *d != e)
                    .collect();
                facts_op.answer = match results.as_slice() {
                    [] => "void".to_owned(),
                    [r] => {
                        let want = format!("{op}Result");
                        if r.attribute("name") != Some(want.as_str()) {
                            own.push(format!(
                                "{op}: SOAP result element is {:?}, not {want}",
                                r.attribute("name")
                            ));
                        }
                        type_of(r)
                    }
                    _ => {
                        own.push(format!("{op}: SOAP response has {} elements", results.len()));
                        "(several)".to_owned()
                    }
                };
            }
            None => own.push(format!("{op}: no SOAP response element for message {output}")),
        }
        facts.operations.insert(op.clone(), facts_op);
    }
    for (kind, ops) in &bindings {
        for op in ops.keys() {
            let offered = if *kind == "soap12" { "soap" } else { kind };
            match facts.operations.get_mut(op) {
                Some(f) => {
                    f.bindings.insert(offered.to_owned());
                }
                None => own.push(format!("{op}: offered on {kind} but not on SOAP 1.1")),
            }
        }
    }
    let soap12 = bindings.get("soap12").unwrap_or(&empty);
    for op in soap.keys().filter(|o| !soap12.contains_key(*o)) {
        own.push(format!("{op}: offered on SOAP 1.1 but not on SOAP 1.2"));
    }

    // HTTP GET/POST: every SOAP parameter by name, in order, as a string (arrays as
    // StringArray); the answer's root element (none for void).
    for kind in ["get", "post"] {
        for (op, (input, output)) in bindings.get(kind).unwrap_or(&empty) {
            let Some(f) = facts.operations.get(op) else { continue };
            let got: Vec<ParamFacts> = parts(input)
                .iter()
                .map(|p| ParamFacts {
                    name: p.attribute("name").unwrap_or("?").to_owned(),
                    xsd: p
                        .attribute("type")
                        .map(|q| resolve_type(p, q))
                        .unwrap_or_else(|| "?".into()),
                })
                .collect();
            let want: Vec<ParamFacts> = f
                .params
                .iter()
                .map(|p| ParamFacts {
                    name: p.name.clone(),
                    xsd: if p.xsd == "base64Binary" || p.xsd.starts_with("ArrayOf") {
                        "StringArray".into()
                    } else {
                        "string".into()
                    },
                })
                .collect();
            if got != want {
                own.push(format!(
                    "{op}: HTTP {kind} request parts {}, want {}",
                    params_text(&got),
                    params_text(&want)
                ));
            }
            let out: Vec<String> = parts(output)
                .iter()
                .map(|p| p.attribute("element").map(local).unwrap_or("?").to_owned())
                .collect();
            let want_out: Vec<String> = if f.answer == "void" {
                vec![]
            } else {
                vec![f.answer.clone()]
            };
            if out != want_out {
                own.push(format!("{op}: HTTP {kind} answer element {out:?}, want {want_out:?}"));
            }
        }
    }
    Ok(Wsdl {
        description: facts,
        inconsistencies: own,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Op;

    const CAPTURED: &str = include_str!("../../tests/fixtures/asmx/wsdl.http");

    fn body() -> &'static str {
        CAPTURED.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or(CAPTURED)
    }

    #[test]
    fn the_captured_wsdl_matches_the_table() {
        let report = compare(body()).unwrap();
        assert!(report.differences().is_empty(), "{report}");
        assert!(report.matches());
        assert_eq!(report.found_operations(), Op::ALL.len());
        assert_eq!(report.expected_operations(), Op::ALL.len());
        assert_eq!(report.found_types(), ops::TYPES.len());
    }

    #[test]
    fn extra_operations_are_reported_but_match() {
        let mut table = Description::from_table();
        let gone = Op::GetEvents.name();
        table.operations.remove(gone);
        table.types.remove("ArrayOfCallEventDTO");
        let report = Report::between(&table, TABLE, &parse(body()).unwrap(), SERVICE, false);
        let kinds: Vec<_> = report
            .differences()
            .iter()
            .map(|d| (d.kind, d.subject.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (DifferenceKind::ExtraOperation, gone),
                (DifferenceKind::ExtraType, "ArrayOfCallEventDTO")
            ]
        );
        assert!(report.matches(), "{report}");
        assert_eq!(report.mismatches().count(), 0);
        assert!(report.to_string().contains("only the service has"), "{report}");
    }

    #[test]
    fn a_mismatch_is_counted_and_shown_with_the_extras() {
        let mut table = Description::from_table();
        table.operations.remove(Op::GetEvents.name());
        table.types.remove("ArrayOfCallEventDTO");
        table.operations.get_mut(Op::GetCall.name()).unwrap().answer = "string".into();
        let report = Report::between(&table, TABLE, &parse(body()).unwrap(), SERVICE, false);
        assert!(!report.matches(), "{report}");
        let mismatches: Vec<_> = report.mismatches().map(|d| (d.kind, d.subject.as_str())).collect();
        assert_eq!(mismatches, [(DifferenceKind::Answer, Op::GetCall.name())]);
        let shown = report.to_string();
        let first = shown.lines().next().unwrap();
        assert_eq!(
            first,
            format!(
                "{} operations in the WSDL, {} in the table: 1 differences (2 operations or types only the service has)",
                Op::ALL.len(),
                Op::ALL.len() - 1
            )
        );
        assert_eq!(shown.lines().count(), 4, "{shown}");

        // Only the one mismatch: no note of extras.
        let mut table = Description::from_table();
        table.operations.get_mut(Op::GetCall.name()).unwrap().answer = "string".into();
        let report = Report::between(&table, TABLE, &parse(body()).unwrap(), SERVICE, false);
        assert!(!report.to_string().contains("only the service has"), "{report}");
        assert!(report.to_string().lines().next().unwrap().ends_with(": 1 differences"));
    }

    #[test]
    fn differences_show_both_sides_as_text() {
        let mut table = Description::from_table();
        let call = table.operations.get_mut(Op::GetCall.name()).unwrap();
        call.params.pop();
        call.bindings.remove("get");
        let dto = table.types.get_mut("CallDTO").unwrap();
        dto.members.truncate(2);
        dto.members[1].repeated = true;
        dto.members[0].attribute = true;
        let report = Report::between(&table, TABLE, &parse(body()).unwrap(), SERVICE, false);
        let sides = |kind| {
            let d = report.differences().iter().find(|d| d.kind == kind).unwrap();
            (d.expected.clone(), d.found.clone())
        };
        assert_eq!(
            sides(DifferenceKind::Parameters),
            ("(token:string)".to_owned(), "(token:string, callId:long)".to_owned())
        );
        assert_eq!(
            sides(DifferenceKind::Bindings),
            ("post,soap".to_owned(), "get,post,soap".to_owned())
        );
        let (expected, found) = sides(DifferenceKind::Members);
        assert_eq!(expected, "(@callId:long, publicId:string[0..unbounded])");
        assert!(
            found.starts_with("(callId:long, publicId:string, accountNumber:int, "),
            "{found}"
        );
    }

    #[test]
    fn type_names_resolve_by_namespace_and_only_schema_elements_are_members() {
        let text = r#"<s:complexType name="Derived" xmlns:s="http://www.w3.org/2001/XMLSchema"
                xmlns:tns="http://www.idiligo.com/" xmlns:abs="http://www.idiligo.com/AbstractTypes"
                xmlns:o="urn:other">
            <s:complexContent><s:extension base="tns:Base"><s:sequence>
                <s:element name="a" type="s:long"/>
                <s:element name="b" type="abs:StringArray" maxOccurs="unbounded"/>
                <s:element name="c" type="o:Foreign"/>
                <s:element name="d" type="q:Unbound"/>
                <o:element name="not-a-member" type="s:string"/>
            </s:sequence><s:attribute name="id" type="s:int"/></s:extension></s:complexContent>
        </s:complexType>"#;
        let doc = roxmltree::Document::parse(text).unwrap();
        let facts = type_facts(doc.root_element());
        assert_eq!(facts.base.as_deref(), Some("Base"));
        let members: Vec<(String, String, bool, bool)> = facts
            .members
            .iter()
            .map(|m| (m.name.clone(), m.xsd.clone(), m.attribute, m.repeated))
            .collect();
        let m = |n: &str, x: &str, attribute, repeated| (n.to_owned(), x.to_owned(), attribute, repeated);
        assert_eq!(
            members,
            [
                m("a", "long", false, false),
                m("b", "StringArray", false, true),
                m("c", "{urn:other}Foreign", false, false),
                m("d", "{unbound prefix}q:Unbound", false, false),
                m("id", "int", true, false),
            ]
        );
    }

    #[test]
    fn not_xml_or_not_a_wsdl_is_a_parse_error() {
        for bad in ["<wsdl:definitions", "<html><body>login</body></html>", ""] {
            let e = compare(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Parse, "{bad}: {e}");
        }
    }

    #[test]
    fn kinds_have_unique_names() {
        let names: BTreeSet<&str> = DifferenceKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), DifferenceKind::ALL.len());
        for kind in DifferenceKind::ALL {
            assert_eq!(kind.to_string(), kind.as_str());
            let extra = matches!(kind, DifferenceKind::ExtraOperation | DifferenceKind::ExtraType);
            assert_eq!(kind.is_mismatch(), !extra, "{kind}");
        }
        let d = Difference {
            kind: DifferenceKind::Parameters,
            subject: Op::GetCall.name().into(),
            expected: "token, callId".into(),
            found: "token".into(),
            message: "GetCall: parameters differ".into(),
        };
        assert_eq!(d.to_string(), "GetCall: parameters differ");
    }
}
