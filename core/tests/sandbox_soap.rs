//! The sandbox's SOAP 1.1 front end through the client and raw requests: every operation of
//! the table, counters and fault injection by SOAPAction (and by body without one), re-login
//! over SOAP, the request limit and its builder setting. (Byte-for-byte agreement with the
//! replica is `core/tests/conformance.rs`, `differential_soap_matches_replica`.)

use idiligo::ops::{Op, Xsd};
use idiligo::sandbox::{Fault, Sandbox};
use idiligo::*;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>";
const TAIL: &str = "</soap:Body></soap:Envelope>";

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into()
}

fn post(sb: &Sandbox, action: Option<&str>, body: &str) -> (u16, String) {
    let mut req = agent()
        .post(format!("{}/InsideService20.asmx", sb.url()))
        .header("Content-Type", "text/xml; charset=utf-8");
    if let Some(a) = action {
        req = req.header("SOAPAction", a);
    }
    let mut r = req.send(body.as_bytes()).unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

/// A call in the sandbox and a session token for it, for raw SOAP requests.
fn call_and_token(sb: &Sandbox) -> (CallId, String) {
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    let token = client.session_token().unwrap();
    (call, token.expose().to_owned())
}

/// Every operation of the table over SOAP by name: a value, void, or the service's own error,
/// never a parse or HTTP error (so routing, binding and the envelope writer cover every row).
#[test]
fn every_operation_of_the_table_answers_over_soap() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().binding(Binding::Soap).build().unwrap();
    let call = client.create_call("X").unwrap();
    let public = client.get_public_call_id(&call).unwrap();
    let doc = client
        .add_document_from_bytes("a.pdf", b"%PDF", UploadOptions::new())
        .unwrap();
    let c = sb.sandbox_credentials().clone();
    for spec in ops::operations() {
        let params: Vec<(&str, &str)> = spec
            .params
            .iter()
            .filter(|p| !(spec.takes_token() && p.name == "token"))
            .map(|p| {
                let v = match (p.name, p.xsd) {
                    ("apikey", _) => c.apikey.as_str(),
                    ("username", _) => c.username.as_str(),
                    ("password", _) => c.password.as_str(),
                    ("ticket", _) => c.ticket.as_str(),
                    ("callId", _) => call.as_str(),
                    ("publicId", _) => public.as_str(),
                    ("documentId", _) => doc.as_str(),
                    ("email" | "to" | "mail", _) => "a@b.c",
                    (_, Xsd::Long | Xsd::Int) => "1",
                    (_, Xsd::Boolean) => "true",
                    (_, Xsd::Float) => "1.5",
                    (_, Xsd::Base64Binary) => "37",
                    (_, Xsd::Type("ArrayOfNameValue")) => "a=b",
                    _ => "x",
                };
                (p.name, v)
            })
            .collect();
        match client.call(spec.name, &params, &CallOptions::new()) {
            Ok(Some(text)) => assert!(
                text.contains(&format!("<{}Response", spec.name)),
                "{}: {text}",
                spec.name
            ),
            Ok(None) => {}
            Err(e) => assert!(matches!(e.kind(), ErrorKind::Service), "{}: {e}", spec.name),
        }
        assert!(sb.requests(spec.op) >= 1, "{} counted", spec.name);
    }
}

#[test]
fn counters_and_faults_follow_the_soap_action_or_the_body() {
    let sb = Sandbox::start().unwrap();
    let client = sb
        .client_builder()
        .binding(Binding::Soap)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let call = client.create_call("X").unwrap();
    let token = client.session_token().unwrap();
    let t = token.expose();
    let body = format!(
        "{HEAD}<GetPublicCallId xmlns=\"http://www.idiligo.com/\"><token>{t}</token><callId>{call}</callId></GetPublicCallId>{TAIL}"
    );
    // By SOAPAction, by the body's element without one, and an unknown action ("other").
    let (status, _) = post(&sb, Some("\"http://www.idiligo.com/GetPublicCallId\""), &body);
    assert_eq!(status, 200);
    let (status, text) = post(&sb, None, &body);
    assert_eq!(status, 200, "{text}");
    assert_eq!(sb.requests(Op::GetPublicCallId), 2);
    let (status, text) = post(&sb, Some("\"http://www.idiligo.com/Nope\""), &body);
    assert_eq!(status, 500);
    assert!(text.contains("soap:Client"), "{text}");
    assert_eq!(sb.request_count("other"), 1);
    assert_eq!(sb.requests(Op::GetPublicCallId), 2);
    // Faults injected for an operation hit its SOAP requests too.
    sb.inject(Fault::unavailable().operation(Op::GetPublicCallId.name()));
    let e = client.get_public_call_id(&call).unwrap_err();
    assert_eq!(e.http_status(), Some(503), "{e}");
}

#[test]
fn a_rejected_token_is_renewed_over_soap() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().binding(Binding::Soap).build().unwrap();
    let call = client.create_call("X").unwrap();
    sb.expire_tokens();
    client.get_public_call_id(&call).unwrap();
    assert_eq!(sb.requests(Op::Login), 2);
    assert_eq!(sb.requests(Op::GetPublicCallId), 2);
}

#[test]
fn the_request_limit_and_its_setting() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().binding(Binding::Soap).build().unwrap();
    // 3,100,000 bytes: about 4.13 MB of base64, over ASP.NET's 4,096 KB.
    let big = vec![7u8; 3_200_000];
    let e = client
        .add_document_from_bytes("big.bin", &big, UploadOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service, "{e}");
    assert_eq!(
        e.service_message(),
        Some("There was an exception running the extensions specified in the config file. ---> Maximum request length exceeded.")
    );
    let fits = vec![7u8; 3_000_000];
    client
        .add_document_from_bytes("fits.bin", &fits, UploadOptions::new())
        .unwrap();
    let raised = Sandbox::builder().max_request_bytes(64 * 1024 * 1024).start().unwrap();
    let client = raised.client().unwrap();
    let id = client
        .add_document_from_bytes("big.bin", &big, UploadOptions::new())
        .unwrap();
    assert_eq!(raised.document_bytes(&id).unwrap(), big);
}

/// The SOAP fault follows the sandbox's customErrors: only the message with On (the default),
/// the exception chain and its stack with Off.
#[test]
fn soap_faults_follow_custom_errors() {
    let body = format!(
        "{HEAD}<GetPublicCallId xmlns=\"http://www.idiligo.com/\"><token>not-a-token</token><callId>1</callId></GetPublicCallId>{TAIL}"
    );
    let action = Some("\"http://www.idiligo.com/GetPublicCallId\"");
    let on = Sandbox::start().unwrap();
    let (status, short) = post(&on, action, &body);
    assert_eq!(status, 500, "{short}");
    assert!(
        short.contains("<faultstring>Server was unable to process request. ---&gt; Invalid token.</faultstring>"),
        "{short}"
    );
    let off = Sandbox::builder()
        .custom_errors(idiligo::sandbox::CustomErrors::Off)
        .start()
        .unwrap();
    let (status, long) = post(&off, action, &body);
    assert_eq!(status, 500, "{long}");
    assert!(
        long.contains("<faultstring>System.Web.Services.Protocols.SoapException: Server was unable to process request. ---&gt; System.Exception: Invalid token.\n  at "),
        "{long}"
    );
}

/// The SOAPAction names the operation; parameters are read only from the body element of
/// that operation. A body element of another operation binds nothing (every parameter takes
/// its default, so the token is missing).
#[test]
fn parameters_come_only_from_the_element_of_the_action() {
    let sb = Sandbox::start().unwrap();
    let (call, t) = call_and_token(&sb);
    let action = Some("\"http://www.idiligo.com/GetPublicCallId\"");
    let inner = format!("<token>{t}</token><callId>{call}</callId>");
    let right = format!("{HEAD}<GetPublicCallId xmlns=\"http://www.idiligo.com/\">{inner}</GetPublicCallId>{TAIL}");
    let (status, text) = post(&sb, action, &right);
    assert_eq!(status, 200, "{text}");
    let other = format!("{HEAD}<GetAttachments xmlns=\"http://www.idiligo.com/\">{inner}</GetAttachments>{TAIL}");
    let (status, text) = post(&sb, action, &other);
    assert_eq!(status, 500, "{text}");
    assert!(text.contains("Invalid token."), "{text}");
}

/// A `soap:Header` before the body is allowed, and a parameter element in another namespace
/// is not the parameter (it is skipped, as XmlSerializer skips unknown elements).
#[test]
fn a_soap_header_is_allowed_and_foreign_elements_are_skipped() {
    let sb = Sandbox::start().unwrap();
    let (call, t) = call_and_token(&sb);
    let action = Some("\"http://www.idiligo.com/GetPublicCallId\"");
    let head = HEAD.replace(
        "<soap:Body>",
        "<soap:Header><x xmlns=\"urn:x\">1</x></soap:Header><soap:Body>",
    );
    let with_header = format!(
        "{head}<GetPublicCallId xmlns=\"http://www.idiligo.com/\"><token>{t}</token><callId>{call}</callId></GetPublicCallId>{TAIL}"
    );
    let (status, text) = post(&sb, action, &with_header);
    assert_eq!(status, 200, "{text}");
    let foreign = format!(
        "{HEAD}<GetPublicCallId xmlns=\"http://www.idiligo.com/\"><token xmlns=\"urn:other\">{t}</token><callId>{call}</callId></GetPublicCallId>{TAIL}"
    );
    let (status, text) = post(&sb, action, &foreign);
    assert_eq!(status, 500, "{text}");
    assert!(text.contains("Invalid token."), "{text}");
}

/// A SOAP 1.2 envelope on the SOAP 1.1 endpoint is a VersionMismatch fault that carries the
/// `Upgrade` header naming the envelopes ASP.NET supports.
#[test]
fn a_soap_1_2_envelope_is_a_version_mismatch_with_upgrade() {
    let sb = Sandbox::start().unwrap();
    let body = "<?xml version=\"1.0\"?><soap12:Envelope xmlns:soap12=\"http://www.w3.org/2003/05/soap-envelope\"><soap12:Body/></soap12:Envelope>";
    let (status, text) = post(&sb, None, body);
    assert_eq!(status, 500, "{text}");
    assert!(text.contains("<faultcode>soap:VersionMismatch</faultcode>"), "{text}");
    assert!(text.contains("<soap12:Upgrade "), "{text}");
}

/// A SOAP `SetValues` without its `names` array: the method dereferences the null array, so
/// the fault is the method's own NullReferenceException, with the Cache-Control of what a
/// method throws (`private, max-age=0`; the framework's own faults carry `private`).
#[test]
fn a_missing_array_is_the_methods_null_reference() {
    let sb = Sandbox::builder()
        .custom_errors(idiligo::sandbox::CustomErrors::Off)
        .start()
        .unwrap();
    let (call, t) = call_and_token(&sb);
    let public = sb.client().unwrap().get_public_call_id(&call).unwrap();
    let op = Op::SetValues.name();
    let body = format!(
        "{HEAD}<{op} xmlns=\"http://www.idiligo.com/\"><token>{t}</token><publicId>{public}</publicId><values><string>v</string></values></{op}>{TAIL}"
    );
    let mut r = agent()
        .post(format!("{}/InsideService20.asmx", sb.url()))
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("SOAPAction", format!("\"http://www.idiligo.com/{op}\""))
        .send(body.as_bytes())
        .unwrap();
    assert_eq!(r.status().as_u16(), 500);
    let cache = r.headers().get("Cache-Control").map(|v| v.to_str().unwrap().to_owned());
    let text = r.body_mut().read_to_string().unwrap();
    assert_eq!(cache.as_deref(), Some("private, max-age=0"), "{text}");
    assert!(
        text.contains("---&gt; System.NullReferenceException: Object reference not set to an instance of an object\n"),
        "{text}"
    );
}
