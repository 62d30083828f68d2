//! The replica's WSDL against the two descriptions of the service it must agree with.
//!
//! The Mono-hosted ASMX replica (`tests/asmx/`) is the reference the sandbox and the client are
//! held to, so its `?WSDL` (which ASP.NET generates from the service's method signatures and
//! types) must say exactly what
//!
//! * (a) the facts of the service's own WSDL of 2016 say (`tests/fixtures/wsdl-2016-facts.tsv`),
//!   for every operation both have: parameter names, order and XSD types, the answer type, the
//!   bindings it is offered on; and every complex type's members (names, order, types,
//!   attribute or element, repeated) and enumeration values. The one expected difference:
//!   `CreateContact` takes the guide's `firstName` and `lastName` after the 2016 parameters.
//! * (b) the SDK's operation table `idiligo::ops` says, for every operation and type.
//!
//! Besides, the WSDL must be consistent in itself: SOAP 1.2 offers what SOAP 1.1 does, every
//! SOAPAction is `http://www.idiligo.com/OPERATION`, and the HTTP GET/POST messages carry the
//! SOAP parameters by name in order (arrays as `StringArray`) and answer with the answer type's
//! root element.
//!
//! Every difference found is listed in the failure message, not just the first.
//!
//! * `replica_wsdl_matches_*` (`#[ignore]`d; run by `tests/conformance/run.sh`): start the
//!   replica and fetch its live `?WSDL`.
//! * The other tests need no Mono: they check the captured `tests/fixtures/asmx/wsdl.http` and
//!   prove on doctored copies of the WSDL, the facts and the table that every kind of
//!   difference is reported.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use idiligo::ops::{self, Answer, Op};
use support::Replica;

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
const SOAP_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
const SOAP12_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
const HTTP_NS: &str = "http://schemas.xmlsoap.org/wsdl/http/";
const SERVICE_NS: &str = "http://www.idiligo.com/";

const FACTS_TSV: &str = include_str!("../../tests/fixtures/wsdl-2016-facts.tsv");
const CAPTURED_WSDL: &str = include_str!("../../tests/fixtures/asmx/wsdl.http");

// ------------------------------------------------------------------ the comparable facts

/// A parameter or member type: an XSD primitive's local name (`long`) or a type's name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Param {
    name: String,
    xsd: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct OpFacts {
    params: Vec<Param>,
    /// `void` or the answer's type.
    answer: String,
    /// Of `soap`, `get`, `post`.
    bindings: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Member {
    name: String,
    xsd: String,
    attribute: bool,
    repeated: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct TypeFacts {
    members: Vec<Member>,
    enumeration: Vec<String>,
    /// The type it extends (`complexContent/extension`), if any.
    base: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Facts {
    ops: BTreeMap<String, OpFacts>,
    types: BTreeMap<String, TypeFacts>,
}

struct List<'a, T>(&'a [T]);

impl fmt::Display for List<'_, Param> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v: Vec<String> = self.0.iter().map(|p| format!("{}:{}", p.name, p.xsd)).collect();
        write!(f, "({})", v.join(", "))
    }
}

impl fmt::Display for List<'_, Member> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v: Vec<String> = self
            .0
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
        write!(f, "({})", v.join(", "))
    }
}

fn set(s: &BTreeSet<String>) -> String {
    s.iter().cloned().collect::<Vec<_>>().join(",")
}

// ------------------------------------------------------------------ the 2016 facts (TSV)

/// `name:type` or `name:type[0..unbounded]`.
fn parse_typed(s: &str) -> Result<(String, String, bool), String> {
    let (name, ty) = s.trim().split_once(':').ok_or_else(|| format!("no ':' in {s:?}"))?;
    let (ty, repeated) = match ty.split_once('[') {
        Some((t, _)) => (t, true),
        None => (ty, false),
    };
    Ok((name.trim().to_owned(), ty.trim().to_owned(), repeated))
}

fn parse_facts(tsv: &str) -> Result<Facts, String> {
    let mut facts = Facts::default();
    for (n, line) in tsv.lines().enumerate() {
        let ctx = |e: String| format!("wsdl-2016-facts.tsv line {}: {e}", n + 1);
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            [name, bindings, params, answer] => {
                let mut op = OpFacts {
                    answer: answer.trim().to_owned(),
                    ..OpFacts::default()
                };
                op.bindings = bindings.split(',').map(|b| b.trim().to_owned()).collect();
                for p in params.split(", ").filter(|p| !p.trim().is_empty()) {
                    let (name, xsd, _) = parse_typed(p).map_err(ctx)?;
                    op.params.push(Param { name, xsd });
                }
                facts.ops.insert(name.to_string(), op);
            }
            [name, spec] => {
                let mut t = TypeFacts::default();
                for part in spec.split(';').map(str::trim) {
                    if let Some(values) = part.strip_prefix("enumeration:") {
                        t.enumeration = values.split(',').map(|v| v.trim().to_owned()).collect();
                        continue;
                    }
                    let (attribute, list) = match part.strip_prefix("attributes ") {
                        Some(rest) => (true, rest),
                        None => (false, part),
                    };
                    for m in list.split(", ").filter(|m| !m.trim().is_empty()) {
                        let (name, xsd, repeated) = parse_typed(m).map_err(ctx)?;
                        t.members.push(Member {
                            name,
                            xsd,
                            attribute,
                            repeated,
                        });
                    }
                }
                facts.types.insert(name.to_string(), t);
            }
            _ => return Err(ctx(format!("{} columns", cols.len()))),
        }
    }
    Ok(facts)
}

/// The facts as the replica must follow them: CreateContact with the guide's firstName and
/// lastName after the 2016 parameters (the one expected difference, taken from the table).
fn facts_with_guide_exception(mut facts: Facts) -> Facts {
    let spec = Op::CreateContact.spec();
    if let Some(op) = facts.ops.get_mut(spec.name) {
        for p in &spec.params[op.params.len().min(spec.params.len())..] {
            op.params.push(Param {
                name: p.name.to_owned(),
                xsd: p.xsd.name().to_owned(),
            });
        }
    }
    facts
}

// ------------------------------------------------------------------ the operation table

fn table_facts() -> Facts {
    let mut facts = Facts::default();
    for o in ops::operations() {
        let mut bindings = BTreeSet::new();
        for (on, b) in [
            (o.bindings.soap, "soap"),
            (o.bindings.get, "get"),
            (o.bindings.post, "post"),
        ] {
            if on {
                bindings.insert(b.to_owned());
            }
        }
        let op = OpFacts {
            params: o
                .params
                .iter()
                .map(|p| Param {
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
        facts.ops.insert(o.name.to_owned(), op);
    }
    for t in ops::TYPES {
        facts.types.insert(
            t.name.to_owned(),
            TypeFacts {
                members: t
                    .members
                    .iter()
                    .map(|m| Member {
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
    facts
}

// ------------------------------------------------------------------ the WSDL

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

fn type_facts(t: Node) -> TypeFacts {
    let mut facts = TypeFacts::default();
    let mut attrs = Vec::new();
    for d in t
        .descendants()
        .filter(|d| d.is_element() && d.tag_name().namespace() == Some(XSD_NS))
    {
        match d.tag_name().name() {
            "element" => facts.members.push(Member {
                name: d.attribute("name").unwrap_or("?").to_owned(),
                xsd: d
                    .attribute("type")
                    .map(|q| resolve_type(&d, q))
                    .unwrap_or_else(|| "(anonymous)".into()),
                attribute: false,
                repeated: d.attribute("maxOccurs") == Some("unbounded"),
            }),
            "attribute" => attrs.push(Member {
                name: d.attribute("name").unwrap_or("?").to_owned(),
                xsd: d
                    .attribute("type")
                    .map(|q| resolve_type(&d, q))
                    .unwrap_or_else(|| "(anonymous)".into()),
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

/// The facts a WSDL states, and the differences it has with itself.
fn parse_wsdl(text: &str) -> Result<(Facts, Vec<String>), String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("the WSDL is not XML: {e}"))?;
    let root = doc.root_element();
    if !is(&root, WSDL_NS, "definitions") {
        return Err(format!(
            "the root element is {:?}, not wsdl:definitions",
            root.tag_name()
        ));
    }
    let mut facts = Facts::default();
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
        let mut facts_op = OpFacts::default();
        match element_of(input) {
            Some(e) => {
                for p in e.descendants().filter(|d| is(d, XSD_NS, "element") && *d != e) {
                    facts_op.params.push(Param {
                        name: p.attribute("name").unwrap_or("?").to_owned(),
                        xsd: p
                            .attribute("type")
                            .map(|q| resolve_type(&p, q))
                            .unwrap_or_else(|| "(anonymous)".into()),
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
                        r.attribute("type")
                            .map(|q| resolve_type(r, q))
                            .unwrap_or_else(|| "(anonymous)".into())
                    }
                    _ => {
                        own.push(format!("{op}: SOAP response has {} elements", results.len()));
                        "(several)".to_owned()
                    }
                };
            }
            None => own.push(format!("{op}: no SOAP response element for message {output}")),
        }
        facts.ops.insert(op.clone(), facts_op);
    }
    for (kind, ops) in &bindings {
        for op in ops.keys() {
            let offered = if *kind == "soap12" { "soap" } else { kind };
            match facts.ops.get_mut(op) {
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
            let Some(f) = facts.ops.get(op) else { continue };
            let got: Vec<Param> = parts(input)
                .iter()
                .map(|p| Param {
                    name: p.attribute("name").unwrap_or("?").to_owned(),
                    xsd: p
                        .attribute("type")
                        .map(|q| resolve_type(p, q))
                        .unwrap_or_else(|| "?".into()),
                })
                .collect();
            let want: Vec<Param> = f
                .params
                .iter()
                .map(|p| Param {
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
                    List(&got),
                    List(&want)
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
    Ok((facts, own))
}

/// The WSDL text of a captured `.http` response (status line and headers dropped).
fn body_of_capture(raw: &str) -> &str {
    raw.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or(raw)
}

// ------------------------------------------------------------------ the comparison

/// Every difference between `want` (described as `want_name`) and `got` (the WSDL's facts).
/// With `common_ops_only`, operations only `got` has are not differences.
fn compare(want_name: &str, want: &Facts, got: &Facts, common_ops_only: bool) -> Vec<String> {
    let mut diffs = Vec::new();
    let got_name = "the replica's WSDL";
    for (name, w) in &want.ops {
        let Some(g) = got.ops.get(name) else {
            diffs.push(format!("{name}: in {want_name}, missing from {got_name}"));
            continue;
        };
        if w.params != g.params {
            diffs.push(format!(
                "{name}: parameters: {want_name} {}, {got_name} {}",
                List(&w.params),
                List(&g.params)
            ));
        }
        if w.answer != g.answer {
            diffs.push(format!(
                "{name}: answer: {want_name} {}, {got_name} {}",
                w.answer, g.answer
            ));
        }
        if w.bindings != g.bindings {
            diffs.push(format!(
                "{name}: bindings: {want_name} {}, {got_name} {}",
                set(&w.bindings),
                set(&g.bindings)
            ));
        }
    }
    if !common_ops_only {
        for name in got.ops.keys().filter(|n| !want.ops.contains_key(*n)) {
            diffs.push(format!("{name}: in {got_name}, not in {want_name}"));
        }
    }
    for (name, w) in &want.types {
        let Some(g) = got.types.get(name) else {
            diffs.push(format!("type {name}: in {want_name}, missing from {got_name}"));
            continue;
        };
        if w.members != g.members {
            diffs.push(format!(
                "type {name}: members: {want_name} {}, {got_name} {}",
                List(&w.members),
                List(&g.members)
            ));
        }
        if w.enumeration != g.enumeration {
            diffs.push(format!(
                "type {name}: enumeration: {want_name} {:?}, {got_name} {:?}",
                w.enumeration, g.enumeration
            ));
        }
        if w.base != g.base {
            diffs.push(format!(
                "type {name}: base type: {want_name} {:?}, {got_name} {:?}",
                w.base, g.base
            ));
        }
    }
    for name in got.types.keys().filter(|n| !want.types.contains_key(*n)) {
        diffs.push(format!("type {name}: in {got_name}, not in {want_name}"));
    }
    diffs
}

/// Check (a): the WSDL against the 2016 facts (with the CreateContact exception), plus the
/// WSDL's own consistency.
fn check_against_facts(wsdl: &str, tsv: &str) -> Vec<String> {
    let facts = match parse_facts(tsv) {
        Ok(f) => facts_with_guide_exception(f),
        Err(e) => return vec![e],
    };
    match parse_wsdl(wsdl) {
        Ok((got, mut own)) => {
            own.extend(compare("the 2016 WSDL facts", &facts, &got, true));
            own
        }
        Err(e) => vec![e],
    }
}

/// Check (b): the WSDL against an operation table's facts, plus the WSDL's own consistency.
fn check_against(table: &Facts, wsdl: &str) -> Vec<String> {
    match parse_wsdl(wsdl) {
        Ok((got, mut own)) => {
            own.extend(compare("the operation table", table, &got, false));
            own
        }
        Err(e) => vec![e],
    }
}

fn report(what: &str, diffs: &[String]) -> String {
    format!("{} differences between {what}:\n  {}", diffs.len(), diffs.join("\n  "))
}

// ------------------------------------------------------------------ tests without Mono

#[test]
fn the_facts_and_the_table_parse() {
    let facts = parse_facts(FACTS_TSV).unwrap();
    assert_eq!(facts.ops.len(), 49);
    assert_eq!(facts.types.len(), ops::TYPES.len());
    let node = &facts.types["Node"];
    assert_eq!(node.members.iter().filter(|m| m.attribute).count(), 5);
    assert!(facts.types["OptionArray"].members[0].repeated);
    assert_eq!(facts.types["NodeType"].enumeration.len(), 11);
    let table = table_facts();
    assert_eq!(table.ops.len(), Op::ALL.len());
    // The table holds the 2016 facts plus the guide's operations and CreateContact's names:
    // the comparison machinery agrees on that without any WSDL.
    let diffs = compare("the 2016 WSDL facts", &facts_with_guide_exception(facts), &table, true);
    assert!(diffs.is_empty(), "{}", report("the facts and the table", &diffs));
}

#[test]
fn captured_wsdl_matches_facts_and_table() {
    let wsdl = body_of_capture(CAPTURED_WSDL);
    let a = check_against_facts(wsdl, FACTS_TSV);
    assert!(
        a.is_empty(),
        "{}",
        report("tests/fixtures/asmx/wsdl.http and the 2016 facts", &a)
    );
    let b = check_against(&table_facts(), wsdl);
    assert!(
        b.is_empty(),
        "{}",
        report("tests/fixtures/asmx/wsdl.http and the operation table", &b)
    );
}

/// `text` with the first `from` after the first `anchor` replaced by `to`.
fn doctor(text: &str, anchor: &str, from: &str, to: &str) -> String {
    let a = text
        .find(anchor)
        .unwrap_or_else(|| panic!("{anchor:?} not in the text"));
    let at = a + text[a..]
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not after {anchor:?}"));
    format!("{}{}{}", &text[..at], to, &text[at + from.len()..])
}

/// `text` with the first `from` replaced by `to`; `from` must occur.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the text");
    text.replacen(from, to, 1)
}

fn has(diffs: &[String], starts: &str, contains: &str) -> bool {
    diffs.iter().any(|d| d.starts_with(starts) && d.contains(contains))
}

#[test]
fn a_doctored_wsdl_is_caught_by_both_checks_with_every_difference() {
    let wsdl = body_of_capture(CAPTURED_WSDL);
    let get_call = Op::GetCall.name();
    let progress = Op::GetDocumentProgress.name();
    // 1. a parameter type, 2. the order of a type's members, 3. an answer type, 4. an
    // attribute made an element, 5. a SOAPAction: all at once.
    let mut bad = doctor(
        wsdl,
        &format!("<s:element name=\"{get_call}\">"),
        "name=\"callId\" type=\"s:long\"",
        "name=\"callId\" type=\"s:int\"",
    );
    let event = "<s:complexType name=\"CallEventDTO\">";
    bad = doctor(&bad, event, "name=\"Type\"", "name=\"T\"");
    bad = doctor(&bad, event, "name=\"Value\"", "name=\"Type\"");
    bad = doctor(&bad, event, "name=\"T\"", "name=\"Value\"");
    bad = doctor(
        &bad,
        &format!("<s:element name=\"{progress}Response\">"),
        "type=\"tns:DocumentStatusDTO\"",
        "type=\"s:string\"",
    );
    bad = doctor(
        &bad,
        "<s:complexType name=\"Upload\">",
        "<s:attribute name=\"fileTypes\" type=\"s:string\" />",
        "<s:sequence><s:element name=\"fileTypes\" type=\"s:string\" /></s:sequence>",
    );
    bad = doctor(
        &bad,
        &format!("<wsdl:operation name=\"{get_call}\">\n      <soap:operation"),
        &format!("soapAction=\"http://www.idiligo.com/{get_call}\""),
        "soapAction=\"http://www.idiligo.com/Other\"",
    );
    for (name, diffs) in [
        ("facts", check_against_facts(&bad, FACTS_TSV)),
        ("table", check_against(&table_facts(), &bad)),
    ] {
        let ctx = report(name, &diffs);
        assert!(has(&diffs, get_call, "callId:int"), "{ctx}");
        assert!(
            has(&diffs, "type CallEventDTO: members", "Value:string, Type:string"),
            "{ctx}"
        );
        assert!(has(&diffs, progress, "answer"), "{ctx}");
        assert!(has(&diffs, "type Upload: members", "fileTypes:string, @name"), "{ctx}");
        assert!(has(&diffs, get_call, "soapAction"), "{ctx}");
        // The HTTP messages say nothing about types, so the parameter type is one difference;
        // the answer type also shows in the HTTP GET and POST answer elements.
        assert_eq!(diffs.len(), 7, "{ctx}");
    }
}

#[test]
fn a_wsdl_without_an_operation_or_binding_is_caught() {
    let wsdl = body_of_capture(CAPTURED_WSDL);
    let op = Op::SetComment.name();
    // Drop SetComment from the HTTP GET binding (its portType entry stays: that binding's
    // operations are what counts).
    let start = wsdl.find("<wsdl:binding name=\"InsideService20HttpGet\"").unwrap();
    let at = start + wsdl[start..].find(&format!("<wsdl:operation name=\"{op}\">")).unwrap();
    let end = at + wsdl[at..].find("</wsdl:operation>").unwrap() + "</wsdl:operation>".len();
    let bad = format!("{}{}", &wsdl[..at], &wsdl[end..]);
    for diffs in [
        check_against_facts(&bad, FACTS_TSV),
        check_against(&table_facts(), &bad),
    ] {
        assert!(has(&diffs, op, "bindings"), "{}", report("doctored", &diffs));
        assert_eq!(diffs.len(), 1, "{}", report("doctored", &diffs));
    }
    // Not XML at all.
    assert!(check_against(&table_facts(), "<wsdl:definitions")[0].contains("not XML"));
}

#[test]
fn a_doctored_table_or_fact_sheet_is_caught() {
    let wsdl = body_of_capture(CAPTURED_WSDL);
    // The table: a parameter type, a missing operation, a SOAP-only operation offered on GET,
    // a type member's attribute flag, an enumeration value.
    let mut table = table_facts();
    let end_call = Op::EndCall.name();
    table.ops.get_mut(end_call).unwrap().params[1].xsd = "int".into();
    let gone = Op::GetEvents.name();
    table.ops.remove(gone);
    let soap_only = Op::SetCallValues.name();
    table.ops.get_mut(soap_only).unwrap().bindings.insert("get".into());
    table.types.get_mut("Option").unwrap().members[2].attribute = false;
    table
        .types
        .get_mut("GoalType")
        .unwrap()
        .enumeration
        .push("Other".into());
    let diffs = check_against(&table, wsdl);
    let ctx = report("doctored table", &diffs);
    assert!(has(&diffs, end_call, "callId:int"), "{ctx}");
    assert!(has(&diffs, gone, "not in the operation table"), "{ctx}");
    assert!(
        has(&diffs, soap_only, "bindings: the operation table get,soap"),
        "{ctx}"
    );
    assert!(has(&diffs, "type Option: members", "value:string"), "{ctx}");
    assert!(has(&diffs, "type GoalType: enumeration", "Other"), "{ctx}");
    assert_eq!(diffs.len(), 5, "{ctx}");

    // The fact sheet: a binding, an answer, an attribute, a repeated flag, a missing type.
    let delete = Op::DeleteDocument.name();
    let mut tsv = replaced(
        FACTS_TSV,
        &format!("{}\tsoap,get,post", Op::SetComment.name()),
        &format!("{}\tsoap", Op::SetComment.name()),
    );
    tsv = replaced(
        &tsv,
        &format!("{delete}\tsoap,get,post\ttoken:string, documentId:long\tboolean"),
        &format!("{delete}\tsoap,get,post\ttoken:string, documentId:long\tstring"),
    );
    tsv = replaced(
        &tsv,
        "Option\ttext:string, goto:string; attributes value:string",
        "Option\ttext:string, goto:string, value:string",
    );
    tsv = replaced(&tsv, "NameValue:NameValue[0..unbounded]", "NameValue:NameValue");
    tsv = replaced(&tsv, "StringArray\tString:string[0..unbounded]\n", "");
    let diffs = check_against_facts(wsdl, &tsv);
    let ctx = report("doctored facts", &diffs);
    assert!(
        has(&diffs, Op::SetComment.name(), "bindings: the 2016 WSDL facts soap,"),
        "{ctx}"
    );
    assert!(has(&diffs, delete, "answer"), "{ctx}");
    assert!(has(&diffs, "type Option: members", "value:string"), "{ctx}");
    assert!(has(&diffs, "type ArrayOfNameValue: members", "unbounded"), "{ctx}");
    assert!(has(&diffs, "type StringArray", "not in the 2016 WSDL facts"), "{ctx}");
    assert_eq!(diffs.len(), 5, "{ctx}");
}

#[test]
fn createcontact_is_the_one_expected_exception() {
    // Without the exception, the fact sheet and the replica differ in exactly CreateContact.
    let wsdl = body_of_capture(CAPTURED_WSDL);
    let (got, own) = parse_wsdl(wsdl).unwrap();
    assert!(own.is_empty(), "{own:?}");
    let diffs = compare("the 2016 WSDL facts", &parse_facts(FACTS_TSV).unwrap(), &got, true);
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert!(diffs[0].starts_with(Op::CreateContact.name()), "{diffs:?}");
    assert!(diffs[0].contains("firstName:string, lastName:string"), "{diffs:?}");
}

// ------------------------------------------------------------------ the live replica

fn live_wsdl() -> String {
    let replica = Replica::start("On", 86400);
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    let url = format!("{}/InsideService20.asmx?WSDL", replica.url);
    let mut resp = agent.get(&url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
    resp.body_mut()
        .with_config()
        .limit(16 * 1024 * 1024)
        .read_to_string()
        .unwrap()
}

#[test]
#[ignore = "needs Mono and the ASMX replica: run tests/conformance/run.sh"]
fn replica_wsdl_matches_facts_and_table() {
    let wsdl = live_wsdl();
    let a = check_against_facts(&wsdl, FACTS_TSV);
    let b = check_against(&table_facts(), &wsdl);
    assert!(
        a.is_empty() && b.is_empty(),
        "{}\n\n{}",
        report("the replica's ?WSDL and the 2016 facts (check a)", &a),
        report("the replica's ?WSDL and the operation table (check b)", &b)
    );
}
