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
//! The comparison is the library's ([`idiligo::wsdl`]: the WSDL reader, [`Report::between`]);
//! this file adds the 2016 fact sheet as a second expected description and the doctored copies.
//! Every difference found is listed in the failure message, not just the first.
//!
//! * `replica_wsdl_matches_*` (`#[ignore]`d; run by `tests/conformance/run.sh`): start the
//!   replica and fetch its live `?WSDL`.
//! * The other tests need no Mono: they check the captured `tests/fixtures/asmx/wsdl.http` and
//!   prove on doctored copies of the WSDL, the facts and the table that every kind of
//!   difference is reported.

mod support;

use idiligo::ops::{self, Op};
use idiligo::wsdl::{self, Description, MemberFacts, OperationFacts, ParamFacts, Report, TypeFacts};
use support::Replica;

const FACTS_TSV: &str = include_str!("../../tests/fixtures/wsdl-2016-facts.tsv");
const CAPTURED_WSDL: &str = include_str!("../../tests/fixtures/asmx/wsdl.http");
/// What the messages call the WSDL under test.
const REPLICA: &str = "the replica's WSDL";

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

fn parse_facts(tsv: &str) -> Result<Description, String> {
    let mut facts = Description::default();
    for (n, line) in tsv.lines().enumerate() {
        let ctx = |e: String| format!("wsdl-2016-facts.tsv line {}: {e}", n + 1);
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            [name, bindings, params, answer] => {
                let mut op = OperationFacts {
                    answer: answer.trim().to_owned(),
                    ..OperationFacts::default()
                };
                op.bindings = bindings.split(',').map(|b| b.trim().to_owned()).collect();
                for p in params.split(", ").filter(|p| !p.trim().is_empty()) {
                    let (name, xsd, _) = parse_typed(p).map_err(ctx)?;
                    op.params.push(ParamFacts { name, xsd });
                }
                facts.operations.insert(name.to_string(), op);
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
                        t.members.push(MemberFacts {
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
fn facts_with_guide_exception(mut facts: Description) -> Description {
    let spec = Op::CreateContact.spec();
    if let Some(op) = facts.operations.get_mut(spec.name) {
        for p in &spec.params[op.params.len().min(spec.params.len())..] {
            op.params.push(ParamFacts {
                name: p.name.to_owned(),
                xsd: p.xsd.name().to_owned(),
            });
        }
    }
    facts
}

/// The messages of every difference in a report.
fn messages(report: &Report) -> Vec<String> {
    report.differences().iter().map(|d| d.message.clone()).collect()
}

/// The WSDL text of a captured `.http` response (status line and headers dropped).
fn body_of_capture(raw: &str) -> &str {
    raw.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or(raw)
}

/// Two descriptions compared by the library's machinery, without a WSDL.
fn compare(want_name: &str, want: &Description, got: &Description, common_ops_only: bool) -> Vec<String> {
    let found = wsdl::Wsdl {
        description: got.clone(),
        inconsistencies: Vec::new(),
    };
    messages(&Report::between(want, want_name, &found, REPLICA, common_ops_only))
}

fn table_facts() -> Description {
    Description::from_table()
}

// ------------------------------------------------------------------ the comparison

/// Check (a): the WSDL against the 2016 facts (with the CreateContact exception), plus the
/// WSDL's own consistency.
fn check_against_facts(wsdl: &str, tsv: &str) -> Vec<String> {
    let facts = match parse_facts(tsv) {
        Ok(f) => facts_with_guide_exception(f),
        Err(e) => return vec![e],
    };
    match wsdl::parse(wsdl) {
        Ok(got) => messages(&Report::between(&facts, "the 2016 WSDL facts", &got, REPLICA, true)),
        Err(e) => vec![e.to_string()],
    }
}

/// Check (b): the WSDL against an operation table's facts, plus the WSDL's own consistency.
fn check_against(table: &Description, wsdl: &str) -> Vec<String> {
    match wsdl::parse(wsdl) {
        Ok(got) => messages(&Report::between(table, wsdl::TABLE, &got, REPLICA, false)),
        Err(e) => vec![e.to_string()],
    }
}

fn report(what: &str, diffs: &[String]) -> String {
    format!("{} differences between {what}:\n  {}", diffs.len(), diffs.join("\n  "))
}

// ------------------------------------------------------------------ tests without Mono

#[test]
fn the_facts_and_the_table_parse() {
    let facts = parse_facts(FACTS_TSV).unwrap();
    assert_eq!(facts.operations.len(), 49);
    assert_eq!(facts.types.len(), ops::TYPES.len());
    let node = &facts.types["Node"];
    assert_eq!(node.members.iter().filter(|m| m.attribute).count(), 5);
    assert!(facts.types["OptionArray"].members[0].repeated);
    assert_eq!(facts.types["NodeType"].enumeration.len(), 11);
    let table = table_facts();
    assert_eq!(table.operations.len(), Op::ALL.len());
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
    // The library's own entry point reports exactly these, by kind.
    use wsdl::DifferenceKind as K;
    let report = wsdl::compare(&bad).unwrap();
    let mut kinds: Vec<(K, String)> = report
        .differences()
        .iter()
        .map(|d| (d.kind, d.subject.clone()))
        .collect();
    kinds.sort_by_key(|(k, s)| (k.as_str(), s.clone()));
    let mut want = vec![
        (K::Answer, progress.to_owned()),
        (K::Inconsistent, get_call.to_owned()),
        (K::Inconsistent, progress.to_owned()),
        (K::Inconsistent, progress.to_owned()),
        (K::Members, "CallEventDTO".to_owned()),
        (K::Members, "Upload".to_owned()),
        (K::Parameters, get_call.to_owned()),
    ];
    want.sort_by_key(|(k, s)| (k.as_str(), s.clone()));
    assert_eq!(kinds, want, "{report}");
    assert!(!report.matches());
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
    table.operations.get_mut(end_call).unwrap().params[1].xsd = "int".into();
    let gone = Op::GetEvents.name();
    table.operations.remove(gone);
    let soap_only = Op::SetCallValues.name();
    table
        .operations
        .get_mut(soap_only)
        .unwrap()
        .bindings
        .insert("get".into());
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
    let got = wsdl::parse(wsdl).unwrap();
    assert!(got.inconsistencies.is_empty(), "{:?}", got.inconsistencies);
    let diffs = compare(
        "the 2016 WSDL facts",
        &parse_facts(FACTS_TSV).unwrap(),
        &got.description,
        true,
    );
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert!(diffs[0].starts_with(Op::CreateContact.name()), "{diffs:?}");
    assert!(diffs[0].contains("firstName:string, lastName:string"), "{diffs:?}");
}

// ------------------------------------------------------------------ the live replica

/// The replica's live `?WSDL`, fetched by the library ([`idiligo::Client::fetch_wsdl`]), and
/// the library's own check of it ([`idiligo::Client::check_service`]).
fn live_wsdl() -> (String, Report) {
    let replica = Replica::start("On", 86400);
    let client = idiligo::Client::builder()
        .base_url(replica.url.as_str())
        .build()
        .unwrap();
    let text = client
        .fetch_wsdl()
        .unwrap_or_else(|e| panic!("GET {}?WSDL: {e}", client.endpoint()));
    let report = client.check_service().unwrap();
    (text, report)
}

#[test]
#[ignore = "needs Mono and the ASMX replica: run tests/conformance/run.sh"]
fn replica_wsdl_matches_facts_and_table() {
    let (wsdl, live) = live_wsdl();
    let a = check_against_facts(&wsdl, FACTS_TSV);
    let b = check_against(&table_facts(), &wsdl);
    assert!(
        a.is_empty() && b.is_empty(),
        "{}\n\n{}",
        report("the replica's ?WSDL and the 2016 facts (check a)", &a),
        report("the replica's ?WSDL and the operation table (check b)", &b)
    );
    assert!(
        live.differences().is_empty() && live.matches(),
        "Client::check_service: {live}"
    );
    assert_eq!(live.found_operations(), Op::ALL.len());
}
