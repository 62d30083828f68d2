//! Sessions (lazy login, renewal, re-login on rejection, single-flight) and the retry policy.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use idiligo::ops::Op;
use idiligo::sandbox::{Fault, FaultKind, Sandbox};
use idiligo::*;

/// A sleeper that records instead of sleeping.
fn recording_sleeper() -> (Sleeper, Arc<Mutex<Vec<Duration>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let l2 = log.clone();
    (Arc::new(move |d| l2.lock().unwrap().push(d)), log)
}

#[test]
fn logs_in_lazily_once_and_reuses_the_token() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    assert_eq!(sb.request_count("Login"), 0);
    let call = client.create_call("X").unwrap();
    for _ in 0..5 {
        client.get_public_call_id(&call).unwrap();
    }
    assert_eq!(sb.request_count("Login"), 1);
    // Clones share the session.
    client.clone().get_attachments(&call).unwrap();
    assert_eq!(sb.request_count("Login"), 1);
}

#[test]
fn renews_the_token_before_its_lifetime_ends() {
    let sb = Sandbox::builder()
        .token_lifetime(Duration::from_millis(400))
        .start()
        .unwrap();
    let client = sb
        .client_builder()
        .token_lifetime(Duration::from_millis(400))
        .build()
        .unwrap();
    let call = client.create_call("X").unwrap();
    std::thread::sleep(Duration::from_millis(450));
    client.get_public_call_id(&call).unwrap();
    assert_eq!(sb.request_count("Login"), 2);
    // The renewal happened before the call, so the service never rejected a token.
    assert_eq!(sb.request_count("GetPublicCallId"), 1);
}

/// The sandbox's own token lifetime: a client that believes its token lives 24 h sees it
/// rejected once it is over, and logs in again.
#[test]
fn the_sandbox_expires_tokens_after_its_lifetime() {
    let sb = Sandbox::builder()
        .token_lifetime(Duration::from_millis(300))
        .start()
        .unwrap();
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    client.get_public_call_id(&call).unwrap();
    assert_eq!(
        sb.requests(Op::GetPublicCallId),
        1,
        "within its lifetime the token works"
    );
    std::thread::sleep(Duration::from_millis(400));
    client.get_public_call_id(&call).unwrap();
    assert_eq!(sb.requests(Op::Login), 2);
    assert_eq!(sb.requests(Op::GetPublicCallId), 3, "rejected once, then repeated");
}

#[test]
fn relogs_in_once_when_the_service_rejects_the_token() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    sb.expire_tokens();
    let list = client.get_attachments(&call).unwrap();
    assert!(list.is_empty());
    assert_eq!(sb.request_count("Login"), 2);
    assert_eq!(sb.request_count("GetAttachments"), 2);
    // A creating operation is repeated too: the rejected attempt created nothing.
    sb.expire_tokens();
    client.create_call("Y").unwrap();
    assert_eq!(sb.request_count("CreateCall"), 3);
}

#[test]
fn supplied_token_is_used_and_its_rejection_is_an_auth_error() {
    let sb = Sandbox::start().unwrap();
    let c = sb.sandbox_credentials();
    let token = sb
        .client()
        .unwrap()
        .login_password(&c.apikey, &c.username, &c.password)
        .unwrap();
    let client = Client::builder().base_url(sb.url()).token(token).build().unwrap();
    let call = client.create_call("X").unwrap();
    assert_eq!(sb.request_count("Login"), 1);
    sb.expire_tokens();
    let e = client.get_public_call_id(&call).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth);
    assert_eq!(e.service_message(), Some("Token expired."));
    assert_eq!(sb.request_count("Login"), 1);

    let bogus = Client::builder()
        .base_url(sb.url())
        .token(Token::new("not-a-token"))
        .build()
        .unwrap();
    let e = bogus.create_call("X").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth);
    assert_eq!(e.service_message(), Some("Invalid token."));

    let none = Client::builder().base_url(sb.url()).build().unwrap();
    assert_eq!(none.create_call("X").unwrap_err().kind(), ErrorKind::Auth);
}

#[test]
fn wrong_credentials_are_an_auth_error_and_not_retried() {
    let sb = Sandbox::start().unwrap();
    let client = sb
        .client_builder()
        .credentials(Credentials::password("test-apikey-0000", "agent@example.test", "wrong"))
        .build()
        .unwrap();
    let e = client.create_call("X").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth);
    assert_eq!(e.operation(), "Login");
    assert_eq!(sb.request_count("Login"), 1);
    assert_eq!(sb.request_count("CreateCall"), 0);
}

#[test]
fn concurrent_callers_share_one_login() {
    let sb = Sandbox::start().unwrap();
    sb.inject(Fault::new(FaultKind::Delay(Duration::from_millis(300))).operation("Login"));
    let client = sb.client().unwrap();
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let c = client.clone();
            std::thread::spawn(move || c.create_call("X").map(|_| ()))
        })
        .collect();
    for h in handles {
        h.join().unwrap().unwrap();
    }
    assert_eq!(sb.request_count("Login"), 1);
    assert_eq!(sb.request_count("CreateCall"), 16);
}

#[test]
fn transient_failures_of_safe_operations_are_retried_with_growing_jittered_backoff() {
    let sb = Sandbox::start().unwrap();
    let (sleeper, slept) = recording_sleeper();
    let client = sb.client_builder().sleeper(sleeper).build().unwrap();
    let call = client.create_call("X").unwrap();
    sb.inject(Fault::unavailable().operation("GetAttachments").times(2));
    client.get_attachments(&call).unwrap();
    assert_eq!(sb.request_count("GetAttachments"), 3);
    let slept = slept.lock().unwrap().clone();
    assert_eq!(slept.len(), 2);
    let p = RetryPolicy::default();
    assert!(
        slept[0] >= p.initial_backoff / 2 && slept[0] <= p.initial_backoff,
        "{slept:?}"
    );
    assert!(
        slept[1] >= p.initial_backoff && slept[1] <= p.initial_backoff * 2,
        "{slept:?}"
    );

    // Retries run out: the last error is returned and says it is retryable.
    sb.inject(Fault::unavailable().operation("GetAttachments").times(3));
    let e = client.get_attachments(&call).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Http);
    assert_eq!(e.http_status(), Some(503));
    assert!(e.retryable());
}

#[test]
fn creating_operations_are_not_retried_once_the_request_left() {
    let sb = Sandbox::start().unwrap();
    let (sleeper, slept) = recording_sleeper();
    let client = sb.client_builder().sleeper(sleeper).build().unwrap();
    client.login().unwrap();
    sb.inject(Fault::unavailable().operation("CreateCall"));
    let e = client.create_call("X").unwrap_err();
    assert_eq!(e.http_status(), Some(503));
    sb.inject(Fault::new(FaultKind::DropConnection).operation("CreateContact"));
    let e = client.create_contact("a@b.c", "", "").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert_eq!(sb.request_count("CreateCall"), 1);
    assert_eq!(sb.request_count("CreateContact"), 1);
    assert!(slept.lock().unwrap().is_empty());
}

#[test]
fn dropped_connection_on_a_safe_operation_is_retried() {
    let sb = Sandbox::start().unwrap();
    let (sleeper, _) = recording_sleeper();
    let client = sb.client_builder().sleeper(sleeper).build().unwrap();
    let call = client.create_call("X").unwrap();
    sb.inject(Fault::new(FaultKind::DropConnection).operation("GetPublicCallId"));
    client.get_public_call_id(&call).unwrap();
    assert_eq!(sb.request_count("GetPublicCallId"), 2);
}

#[test]
fn connect_failures_are_retried_even_for_creating_operations() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (sleeper, slept) = recording_sleeper();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(Token::new("fake-token"))
        .sleeper(sleeper)
        .build()
        .unwrap();
    let e = client.create_call("X").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connect, "{e}");
    assert!(e.never_sent() && e.retryable());
    assert_eq!(slept.lock().unwrap().len(), 2);
}

#[test]
fn request_timeout_is_a_timeout_error() {
    let sb = Sandbox::start().unwrap();
    let client = sb
        .client_builder()
        .request_timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let call = client.create_call("X").unwrap();
    sb.inject(Fault::new(FaultKind::Delay(Duration::from_millis(1500))).operation("GetAttachments"));
    let started = Instant::now();
    let e = client.get_attachments(&call).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(started.elapsed() < Duration::from_millis(1400));
}

#[test]
fn unexpected_answers_are_typed_errors() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let call = client.create_call("X").unwrap();
    let cases: Vec<(FaultKind, ErrorKind)> = vec![
        (
            FaultKind::Status {
                status: 200,
                content_type: "text/html".into(),
                body: "<html>login page</html>".into(),
            },
            ErrorKind::Http,
        ),
        (
            FaultKind::Status {
                status: 404,
                content_type: "text/html".into(),
                body: "<html>Not Found</html>".into(),
            },
            ErrorKind::Http,
        ),
        (
            FaultKind::Status {
                status: 200,
                content_type: "text/xml".into(),
                body: "<?xml version=\"1.0\"?><boolean xmlns=\"http://www.idiligo.com/\">true</boolean>".into(),
            },
            ErrorKind::Parse,
        ),
        (
            FaultKind::Status {
                status: 200,
                content_type: "text/xml".into(),
                body: "<?xml version=\"1.0\"?><string xmlns=\"http://www.idiligo.com/\">abc".into(),
            },
            ErrorKind::Parse,
        ),
        (FaultKind::TruncatedBody, ErrorKind::Transport),
    ];
    for (fault, expected) in cases {
        sb.inject(Fault::new(fault.clone()).operation("GetPublicCallId"));
        let e = client.get_public_call_id(&call).unwrap_err();
        assert_eq!(e.kind(), expected, "{fault:?}: {e}");
        assert_eq!(e.operation(), "GetPublicCallId");
    }
    // Over-size response.
    let small = sb.client_builder().max_response_bytes(64).build().unwrap();
    let e = small.get_public_call_id(&call).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::TooLarge), "{e}");
}

#[test]
fn start_meeting_failure_keeps_everything_created() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let good = sb.host_file("a.pdf", b"A".to_vec());
    let bad = format!("{}/files/missing.pdf", sb.url());
    let e = client
        .start_meeting(
            &MeetingRequest::new("X")
                .participant(Participant::new("p@example.com"))
                .value("k", "v")
                .document(DocumentSource::new(good, "a.pdf", "a"))
                .document(DocumentSource::new(bad, "b.pdf", "b")),
        )
        .unwrap_err();
    let Error::Meeting { step, partial, source } = &e else {
        panic!("{e}")
    };
    assert_eq!(*step, MeetingStep::AddDocument { index: 1 });
    assert_eq!(source.service_message(), Some("Could not download document."));
    let call = partial.call_id.clone().unwrap();
    assert!(partial.contact_id.is_some() && partial.public_id.is_some());
    assert!(partial.contact_attached && partial.values_set);
    assert_eq!(partial.documents.len(), 1);
    assert!(partial.documents[0].bound);
    assert_eq!(e.kind(), ErrorKind::Service);
    assert!(e.to_string().contains("AddDocumentFromUrl (document 1)"), "{e}");
    // The caller can resume: the meeting exists and holds the first document.
    assert_eq!(client.get_attachments(&call).unwrap().len(), 1);

    let e = client.start_meeting(&MeetingRequest::new("")).unwrap_err();
    assert!(matches!(
        e,
        Error::Meeting {
            step: MeetingStep::Validate,
            ..
        }
    ));
    assert_eq!(sb.request_count("CreateCall"), 1);
}

#[test]
fn tls_to_a_plain_http_server_is_a_tls_error() {
    // A plain-HTTP server that answers whatever arrives (here: a TLS ClientHello) with text.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 512];
        let _ = s.read(&mut buf);
        let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    let client = Client::builder()
        .base_url(format!("https://127.0.0.1:{port}"))
        .token(Token::new("fake-token"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let e = client.create_call("X").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Tls, "{e}");
    server.join().unwrap();
}

#[test]
fn an_unusable_ca_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let not_pem = dir.path().join("ca.pem");
    std::fs::write(&not_pem, b"this is not a certificate").unwrap();
    let e = Client::builder().add_ca_file(&not_pem).build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Tls, "{e}");
    let e = Client::builder()
        .add_ca_file(dir.path().join("missing.pem"))
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "{e}");
}

/// A `500 text/plain` service fault with `message`, for the next `times` calls of `op`.
fn service_fault(op: idiligo::ops::Op, message: &str, times: usize) -> Fault {
    Fault::new(FaultKind::Status {
        status: 500,
        content_type: "text/plain; charset=utf-8".into(),
        body: format!("{message}\n"),
    })
    .operation(op.name())
    .times(times)
}

#[test]
fn a_token_rejected_again_after_the_relogin_is_an_auth_error() {
    use idiligo::ops::Op;
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let call = client.create_call("X").unwrap();
    // Both the call and its repetition after the re-login are told the token is invalid.
    sb.inject(service_fault(Op::GetAttachments, "Invalid token.", 2));
    let e = client.get_attachments(&call).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Auth, "{e}");
    assert_eq!(e.service_message(), Some("Invalid token."));
    assert_eq!(e.http_status(), Some(500));
    assert_eq!(sb.request_count(Op::Login.name()), 2, "one re-login, not more");
    assert_eq!(sb.request_count(Op::GetAttachments.name()), 2);

    // A service error after the re-login stays a service error.
    sb.inject(service_fault(Op::GetAttachments, "Token expired.", 1));
    sb.inject(service_fault(Op::GetAttachments, "Unknown callId.", 1));
    let e = client.get_attachments(&call).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service, "{e}");
    assert_eq!(e.service_message(), Some("Unknown callId."));
    assert_eq!(sb.request_count(Op::Login.name()), 3);

    // And a service error that is no token rejection causes no re-login at all.
    sb.inject(service_fault(Op::GetAttachments, "Unknown callId.", 1));
    let e = client.get_attachments(&call).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service, "{e}");
    assert_eq!(sb.request_count(Op::Login.name()), 3);
}

#[test]
fn set_token_replaces_the_session_token_and_login_needs_credentials() {
    use idiligo::ops::Op;
    let sb = Sandbox::start().unwrap();
    let logged_in = sb.client().unwrap();
    let token = logged_in.login().unwrap();
    assert_eq!(sb.request_count(Op::Login.name()), 1);
    // Explicit login() logs in again even with a fresh token.
    let second = logged_in.login().unwrap();
    assert_eq!(sb.request_count(Op::Login.name()), 2);
    assert_ne!(token.expose(), second.expose());

    let client = Client::builder()
        .base_url(sb.url())
        .token(Token::new("fake-not-a-token"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    assert_eq!(client.create_call("X").unwrap_err().kind(), ErrorKind::Auth);
    client.set_token(second.clone());
    assert_eq!(client.session_token().unwrap().expose(), second.expose());
    client.create_call("X").unwrap();
    assert_eq!(sb.request_count(Op::Login.name()), 2, "set_token needs no login");
    let e = client.login().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
}

#[test]
fn an_empty_token_from_login_is_an_auth_error() {
    use idiligo::ops::Op;
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    for body in [
        "<?xml version=\"1.0\"?><string xmlns=\"http://www.idiligo.com/\">  </string>",
        "<?xml version=\"1.0\"?><string xmlns=\"http://www.idiligo.com/\" />",
    ] {
        sb.inject(
            Fault::new(FaultKind::Status {
                status: 200,
                content_type: "text/xml; charset=utf-8".into(),
                body: body.into(),
            })
            .operation(Op::Login.name()),
        );
        let e = client.create_call("X").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Auth, "{body}: {e}");
        assert_eq!(e.operation(), Op::Login.name());
        assert!(e.to_string().contains("no token"), "{e}");
    }
    // A token with blanks around it is trimmed.
    sb.inject(
        Fault::new(FaultKind::Status {
            status: 200,
            content_type: "text/xml; charset=utf-8".into(),
            body: "<?xml version=\"1.0\"?><string xmlns=\"http://www.idiligo.com/\"> fake-padded\n</string>".into(),
        })
        .operation(Op::Login.name()),
    );
    assert_eq!(client.session_token().unwrap().expose(), "fake-padded");
}

#[test]
fn an_untyped_500_is_a_fault_unless_its_body_is_markup() {
    use idiligo::ops::Op;
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let call = client.create_call("X").unwrap();
    let soap_fault = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope \
        xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><soap:Fault>\
        <faultcode>soap:Server</faultcode><faultstring>Server was unable to process request. \
        ---&gt; Unknown callId.</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>";
    for (content_type, body, expected) in [
        // No content type: the text is the service's fault, unless it is markup.
        ("", "Unknown callId.\n", ErrorKind::Service),
        ("", "  <html><body>Runtime Error</body></html>", ErrorKind::Http),
        ("", soap_fault, ErrorKind::Service),
        // HTML is an HTTP error whatever it says; XML only when it is a soap:Fault.
        ("text/html", "Unknown callId.", ErrorKind::Http),
        ("text/xml; charset=utf-8", soap_fault, ErrorKind::Service),
        (
            "text/xml; charset=utf-8",
            "<?xml version=\"1.0\"?><oops/>",
            ErrorKind::Http,
        ),
    ] {
        sb.inject(
            Fault::new(FaultKind::Status {
                status: 500,
                content_type: content_type.into(),
                body: body.into(),
            })
            .operation(Op::GetPublicCallId.name()),
        );
        let e = client.get_public_call_id(&call).unwrap_err();
        assert_eq!(e.kind(), expected, "{content_type:?} {body:?}: {e}");
        assert_eq!(e.http_status(), Some(500));
        if expected == ErrorKind::Service {
            assert_eq!(e.service_message(), Some("Unknown callId."), "{body:?}");
        }
    }
}
