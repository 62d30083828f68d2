//! Every operation over both bindings against the embedded sandbox.

use idiligo::sandbox::{CustomErrors, DocumentOrigin, Sandbox};
use idiligo::*;

fn both(mut f: impl FnMut(&Sandbox, &Client, Binding)) {
    for binding in [Binding::Post, Binding::Get] {
        let sb = Sandbox::start().unwrap();
        let client = sb.client_builder().binding(binding).build().unwrap();
        f(&sb, &client, binding);
    }
}

#[test]
fn login_and_impersonate() {
    both(|sb, client, binding| {
        let c = sb.sandbox_credentials();
        let t1 = client.login_password(&c.apikey, &c.username, &c.password).unwrap();
        let t2 = client.impersonate(&c.apikey, &c.username, &c.ticket).unwrap();
        assert_eq!(t1.expose().len(), 32, "{binding:?}");
        assert_ne!(t1.expose(), t2.expose());
        let e = client.login_password(&c.apikey, &c.username, "wrong").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert_eq!(e.service_message(), Some("Invalid credentials."));
        assert_eq!(e.http_status(), Some(500));
        let e = client.impersonate(&c.apikey, &c.username, "wrong").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert_eq!(e.operation(), "Impersonate");
    });
}

#[test]
fn ticket_credentials_log_in_with_impersonate() {
    let sb = Sandbox::start().unwrap();
    let client = sb
        .client_builder()
        .credentials(sb.ticket_credentials())
        .build()
        .unwrap();
    client.create_call("X").unwrap();
    assert_eq!(sb.request_count("Impersonate"), 1);
    assert_eq!(sb.request_count("Login"), 0);
}

#[test]
fn every_operation_round_trips() {
    both(|sb, client, binding| {
        let contact = client.create_contact("jan@example.com", "Jan", "Jänsen & Co").unwrap();
        let call = client.create_call("INTAKE").unwrap();
        client.set_contact(&call, &contact).unwrap();
        let public = client.get_public_call_id(&call).unwrap();
        client
            .set_values(
                &public,
                [("Name", "Jan"), ("Amount", "1 000,50"), ("Empty", ""), ("Name", "Piet")],
            )
            .unwrap();
        let doc_url = sb.host_file("offer one.pdf", b"%PDF-1 offer".to_vec());
        let doc = client.add_document_from_url(&doc_url, "offer.pdf", "crm-1").unwrap();
        client.set_document_to_upload_action(&call, "crm-1", &doc).unwrap();
        let agent = client
            .get_agent_url(&call, Some("https://crm.example/back?x=1&y=2"))
            .unwrap();
        assert_eq!(
            agent,
            format!(
                "{}/agent?callId={}&returnUrl=https%3A%2F%2Fcrm.example%2Fback%3Fx%3D1%26y%3D2",
                sb.url(),
                call
            )
        );
        let agent_plain = client.get_agent_url(&call, None).unwrap();
        assert!(agent_plain.ends_with(&format!("callId={call}")), "{agent_plain}");
        let attachments = client.get_attachments(&call).unwrap();
        assert_eq!(attachments.len(), 1);
        let a = &attachments[0];
        assert_eq!(a.id, doc);
        assert_eq!(a.description.as_deref(), Some("offer.pdf"));
        assert_eq!(a.size_bytes(), Some(12));
        assert!(a.attach);
        assert_eq!(a.sign_url.as_deref(), Some(""));
        assert_eq!(a.preview, None);
        assert!(a.date.as_deref().unwrap().ends_with('Z'));

        let snap = sb.call(&call).unwrap();
        assert_eq!(snap.script_code, "INTAKE");
        assert_eq!(snap.public_id, public);
        let k = snap.contact.unwrap();
        assert_eq!(
            (k.email.as_str(), k.last_name.as_str()),
            ("jan@example.com", "Jänsen & Co")
        );
        assert_eq!(
            snap.values,
            vec![
                ("Name".to_owned(), "Piet".to_owned()),
                ("Amount".to_owned(), "1 000,50".to_owned()),
                ("Empty".to_owned(), String::new())
            ],
            "{binding:?}"
        );
        assert_eq!(snap.documents[0].external_id, "crm-1");
        assert_eq!(snap.documents[0].origin, DocumentOrigin::Bound);
        assert_eq!(
            client.participant_url(&public).unwrap(),
            format!("{}/client?id={}", sb.url(), public)
        );
    });
}

#[test]
fn empty_values_are_a_no_op_and_empty_ids_are_refused_locally() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    let public = client.get_public_call_id(&call).unwrap();
    client.set_values(&public, Vec::<(String, String)>::new()).unwrap();
    assert_eq!(sb.request_count("SetValues"), 0);
    for e in [
        client.create_call(" ").unwrap_err(),
        client.get_attachments(&CallId::new("")).unwrap_err(),
        client.create_contact("", "a", "b").unwrap_err(),
        client.set_values(&public, [("", "v")]).unwrap_err(),
    ] {
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    }
}

#[test]
fn service_errors_carry_the_message_in_both_fault_forms() {
    for mode in [CustomErrors::On, CustomErrors::Off] {
        let sb = Sandbox::builder().custom_errors(mode).start().unwrap();
        let client = sb.client().unwrap();
        let e = client.get_attachments(&CallId::new("424242")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service);
        assert_eq!(e.service_message(), Some("Unknown callId."), "{mode:?}");
        assert_eq!(e.operation(), "GetAttachments");
        assert!(!e.retryable());
        if let Error::Service { detail, .. } = &e {
            assert_eq!(
                detail.contains("System.Exception"),
                mode == CustomErrors::Off,
                "{detail}"
            );
        }
        // A non-numeric id is converted by the framework, which fails.
        let e = client.get_public_call_id(&CallId::new("abc")).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service);
        assert_eq!(e.service_message(), Some("Cannot convert abc to System.Int64."));
        // ASP.NET request validation.
        let call = client.create_call("X").unwrap();
        let public = client.get_public_call_id(&call).unwrap();
        let e = client.set_values(&public, [("html", "<b>bold</b>")]).unwrap_err();
        assert!(e.service_message().unwrap().contains("potentially dangerous"), "{e}");
    }
}

#[test]
fn unknown_documents_and_bad_urls_are_service_errors() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    let e = client
        .set_document_to_upload_action(&call, "x", &DocumentId::new("999999"))
        .unwrap_err();
    assert_eq!(e.service_message(), Some("Unknown documentId."));
    let e = client.add_document_from_url("ftp://x/y", "a.pdf", "x").unwrap_err();
    assert_eq!(e.service_message(), Some("Invalid url."));
    let missing = format!("{}/files/nope.pdf", sb.url());
    let e = client.add_document_from_url(&missing, "a.pdf", "x").unwrap_err();
    assert_eq!(e.service_message(), Some("Could not download document."));
    // Creating operations are not retried after a service error.
    assert_eq!(sb.request_count("AddDocumentFromUrl"), 2);
}

#[test]
fn sandbox_simulates_upload_and_sign() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let url = sb.host_file("contract.pdf", b"%PDF contract".to_vec());
    let m = client
        .start_meeting(
            &MeetingRequest::new("SIGN")
                .participant(Participant::new("p@example.com"))
                .document(DocumentSource::new(url, "contract.pdf", "c-1")),
        )
        .unwrap();
    let doc = &m.documents[0].document_id;
    sb.simulate_sign(&m.call_id, doc).unwrap();
    let up = sb.simulate_upload(&m.call_id, "id-card.jpg", b"JPEG".to_vec()).unwrap();
    let list = client.get_attachments(&m.call_id).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].sign_status, 2);
    assert!(!list[1].attach);
    assert_eq!(list[1].id, up);
    let mut signed = Vec::new();
    client
        .download_to_writer(list[0].url.as_deref().unwrap(), &mut signed, DownloadOptions::new())
        .unwrap();
    assert!(signed.starts_with(b"%PDF contract"));
    assert!(String::from_utf8_lossy(&signed).contains("signed by p@example.com"));
    assert!(sb.simulate_sign(&m.call_id, &DocumentId::new("1")).is_err());
    assert!(sb.simulate_upload(&CallId::new("1"), "x", vec![]).is_err());
}

#[test]
fn create_contact_two_or_four_parameters() {
    for (required, expect_ok) in [(true, false), (false, true)] {
        let sb = Sandbox::builder().require_contact_names(required).start().unwrap();
        let token = sb.client().unwrap().session_token().unwrap();
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut r = agent
            .post(&format!("{}/InsideService20.asmx/CreateContact", sb.url()))
            .send_form([("token", token.expose()), ("email", "a@b.c")])
            .unwrap();
        let body = r.body_mut().read_to_string().unwrap();
        assert_eq!(r.status() == 200, expect_ok, "{body}");
        if !expect_ok {
            assert_eq!(body, "Missing parameter: firstName.\n");
        }
    }
}

#[test]
fn a_blank_id_or_link_from_the_service_is_a_parse_error() {
    use idiligo::ops::Op;
    use idiligo::sandbox::{Fault, FaultKind};
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let call = client.create_call("X").unwrap();
    let doc = client
        .add_document_from_bytes("a.pdf", b"%PDF", UploadOptions::new())
        .unwrap();
    let blank = |root: &str| format!("<?xml version=\"1.0\"?><{root} xmlns=\"http://www.idiligo.com/\">  </{root}>");
    let soap_blank = |op: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
             <soap:Body><{op}Response xmlns=\"http://www.idiligo.com/\"><{op}Result> </{op}Result></{op}Response>\
             </soap:Body></soap:Envelope>"
        )
    };
    let answer = |op: Op, body: String| {
        sb.inject(
            Fault::new(FaultKind::Status {
                status: 200,
                content_type: "text/xml; charset=utf-8".into(),
                body,
            })
            .operation(op.name()),
        );
    };
    let check = |op: Op, result: Result<String>| {
        let e = result.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "{}: {e}", op.name());
        assert_eq!(e.operation(), op.name());
    };
    answer(Op::CreateCall, blank("long"));
    check(Op::CreateCall, client.create_call("X").map(|c| c.to_string()));
    answer(Op::CreateContact, blank("long"));
    check(
        Op::CreateContact,
        client.create_contact("p@example.com", "", "").map(|c| c.to_string()),
    );
    answer(Op::GetAgentUrl, blank("string"));
    check(Op::GetAgentUrl, client.get_agent_url(&call, None));
    answer(Op::GetPublicCallId, blank("string"));
    check(
        Op::GetPublicCallId,
        client.get_public_call_id(&call).map(|p| p.to_string()),
    );
    answer(Op::AddDocumentToCall, blank("long"));
    check(
        Op::AddDocumentToCall,
        client.add_document_to_call(&call, &doc, "").map(|d| d.to_string()),
    );
    answer(Op::AddDocumentFromBytes, soap_blank("AddDocumentFromBytes"));
    check(
        Op::AddDocumentFromBytes,
        client
            .add_document_from_bytes("b.pdf", b"%PDF", UploadOptions::new())
            .map(|d| d.to_string()),
    );
    // Each answer was consumed by its call: the next ones are the sandbox's own again.
    assert!(!client.create_call("X").unwrap().as_str().is_empty());
}
