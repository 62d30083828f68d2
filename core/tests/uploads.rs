//! Documents from the application itself, against the embedded sandbox: uploads from bytes,
//! files and readers (always over SOAP, byte-identical through GetAttachments and a download),
//! what is refused before sending, progress and cancel, re-login during an upload; the typed
//! document operations, the wait until a document is converted, SetCallValues over SOAP, and
//! `start_meeting` with documents from URLs, bytes and files, its wait and its clean-up.

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use idiligo::ops::Op;
use idiligo::sandbox::{AddedVia, ConversionStatus, Fault, Sandbox};
use idiligo::*;

fn pdf(n: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.extend((0..n).map(|i| (i * 31 % 256) as u8));
    v
}

/// Every binding of the client: uploads go over SOAP whatever it is.
fn bindings() -> [Binding; 3] {
    [Binding::Post, Binding::Get, Binding::Soap]
}

fn download(client: &Client, call: &CallId, id: &DocumentId) -> Vec<u8> {
    let list = client.get_attachments(call).unwrap();
    let a = list.iter().find(|a| &a.id == id).expect("attached");
    let mut out = Vec::new();
    client
        .download_to_writer(a.url.as_deref().unwrap(), &mut out, DownloadOptions::new())
        .unwrap();
    out
}

#[test]
fn bytes_files_and_readers_come_back_byte_identical() {
    for binding in bindings() {
        let sb = Sandbox::start().unwrap();
        let client = sb.client_builder().binding(binding).build().unwrap();
        let call = client.create_call("INTAKE").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let all_bytes: Vec<u8> = (0..=255u8).cycle().take(200_003).collect();
        let path = dir.path().join("scan é.bin");
        std::fs::write(&path, &all_bytes).unwrap();

        let a = client
            .add_document_from_bytes("a.pdf", &pdf(1000), UploadOptions::new())
            .unwrap();
        let b = client.add_document_from_file(&path, UploadOptions::new()).unwrap();
        let mut reader = &all_bytes[..100_001];
        let c = client
            .add_document_from_reader("c.bin", &mut reader, Some(100_001), UploadOptions::new())
            .unwrap();
        let mut unknown = std::io::Cursor::new(pdf(5));
        let d = client
            .add_document_from_reader("d.pdf", &mut unknown, None, UploadOptions::new())
            .unwrap();
        assert_eq!(sb.document(&b).unwrap().filename, "scan é.bin", "{binding:?}");
        for (id, want) in [
            (&a, pdf(1000)),
            (&b, all_bytes.clone()),
            (&c, all_bytes[..100_001].to_vec()),
            (&d, pdf(5)),
        ] {
            client.add_document_to_call(&call, id, "").unwrap();
            assert_eq!(sb.document(id).unwrap().added_via, AddedVia::Bytes);
            assert_eq!(download(&client, &call, id), want, "{binding:?} {id}");
        }
        // Always over SOAP: the typed uploads never used a GET/POST route.
        assert_eq!(sb.requests(Op::AddDocumentFromBytes), 4, "{binding:?}");
    }
}

#[test]
fn upload_options_choose_the_ex_operation_and_its_flags() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let plain = client
        .add_document_from_bytes("p.pdf", b"%PDF", UploadOptions::new())
        .unwrap();
    let ex = client
        .add_document_from_bytes(
            "e.pdf",
            b"%PDF",
            UploadOptions::new().external_id("crm-9").private(true).temporary(true),
        )
        .unwrap();
    let p = sb.document(&plain).unwrap();
    let e = sb.document(&ex).unwrap();
    assert_eq!((p.external_id.as_str(), p.private, p.temporary), ("", false, false));
    assert_eq!((e.external_id.as_str(), e.private, e.temporary), ("crm-9", true, true));
    assert_eq!(sb.requests(Op::AddDocumentFromBytes), 1);
    assert_eq!(sb.requests(Op::AddDocumentFromBytesEx), 1);
    // The file name override.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("on-disk.pdf");
    std::fs::write(&path, b"%PDF").unwrap();
    let named = client
        .add_document_from_file(&path, UploadOptions::new().filename("shown.pdf"))
        .unwrap();
    assert_eq!(sb.document(&named).unwrap().filename, "shown.pdf");
}

#[test]
fn bad_input_is_refused_and_nothing_is_sent() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().max_upload_bytes(1000).build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.bin");
    std::fs::write(&big, vec![1u8; 1001]).unwrap();
    let empty = dir.path().join("empty.bin");
    std::fs::write(&empty, b"").unwrap();
    let ok = dir.path().join("ok.bin");
    std::fs::write(&ok, b"ok").unwrap();
    let o = UploadOptions::new;
    let missing = client
        .add_document_from_file(dir.path().join("nope.pdf"), o())
        .unwrap_err();
    assert_eq!(
        missing.io_path(),
        Some(dir.path().join("nope.pdf").as_path()),
        "{missing}"
    );
    let cases: Vec<(&str, Error, ErrorKind)> = vec![
        (
            "missing file",
            client
                .add_document_from_file(dir.path().join("nope.pdf"), o())
                .unwrap_err(),
            ErrorKind::Io,
        ),
        (
            "a directory",
            client.add_document_from_file(dir.path(), o()).unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "over the client's cap",
            client.add_document_from_file(&big, o()).unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "over the upload's cap",
            client.add_document_from_file(&ok, o().max_bytes(1)).unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "a zero cap",
            client.add_document_from_file(&ok, o().max_bytes(0)).unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "an empty file",
            client.add_document_from_file(&empty, o()).unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "an empty file name",
            client.add_document_from_file(&ok, o().filename(" ")).unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "empty bytes",
            client.add_document_from_bytes("a.pdf", b"", o()).unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "bytes without a name",
            client.add_document_from_bytes("", b"x", o()).unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "a name XML cannot carry",
            client.add_document_from_bytes("a\u{1}.pdf", b"x", o()).unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "a reader over the cap (declared)",
            client
                .add_document_from_reader("r", &mut &[0u8; 10][..], Some(1001), o())
                .unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "a reader over the cap (spooled)",
            client
                .add_document_from_reader("r", &mut &vec![0u8; 1001][..], None, o())
                .unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
        (
            "an empty reader",
            client
                .add_document_from_reader("r", &mut &b""[..], None, o())
                .unwrap_err(),
            ErrorKind::InvalidArgument,
        ),
    ];
    for (what, e, kind) in cases {
        assert_eq!(e.kind(), kind, "{what}: {e}");
        assert!(
            e.operation() == Op::AddDocumentFromBytes.name(),
            "{what}: {}",
            e.operation()
        );
    }
    assert_eq!(sb.requests(Op::AddDocumentFromBytes), 0);
    assert_eq!(sb.requests(Op::Login), 0, "not even a login");

    // Exactly the cap is accepted, from a file, bytes, and readers with and without a length.
    let full = dir.path().join("full.bin");
    std::fs::write(&full, vec![2u8; 1000]).unwrap();
    let data = vec![3u8; 1000];
    client.add_document_from_file(&full, o()).unwrap();
    client.add_document_from_bytes("b.bin", &data, o()).unwrap();
    client
        .add_document_from_reader("r", &mut &data[..], Some(1000), o())
        .unwrap();
    let spooled = client.add_document_from_reader("s", &mut &data[..], None, o()).unwrap();
    assert_eq!(sb.document(&spooled).unwrap().size, 1000);
    assert_eq!(sb.requests(Op::AddDocumentFromBytes), 4);
}

#[test]
#[cfg(any(unix, windows))]
fn an_unreadable_file_is_an_io_error_before_sending() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.pdf");
    std::fs::write(&path, b"%PDF").unwrap();
    let (path, _lock) = make_unreadable(path);
    assert!(
        std::fs::File::open(&path).is_err(),
        "{} is still readable",
        path.display()
    );
    let e = client.add_document_from_file(&path, UploadOptions::new()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "{e}");
    assert_eq!(sb.requests(Op::AddDocumentFromBytes), 0);
}

/// Makes `path` unreadable for this process until the returned value is dropped and returns
/// the path to use: on Unix mode 000, and when that does not stop reading (as root) a
/// write-only procfs entry instead, which refuses root too (EACCES); on Windows an open handle
/// that shares nothing (other opens then fail with a sharing violation).
#[cfg(unix)]
fn make_unreadable(path: std::path::PathBuf) -> (std::path::PathBuf, ()) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&path).is_ok() {
        return ("/proc/sys/vm/drop_caches".into(), ());
    }
    (path, ())
}

#[cfg(windows)]
fn make_unreadable(path: std::path::PathBuf) -> (std::path::PathBuf, std::fs::File) {
    use std::os::windows::fs::OpenOptionsExt;
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .share_mode(0)
        .open(&path)
        .unwrap();
    (path, lock)
}

/// A reader whose length differs from the declared one, or that fails: the request is cut
/// before its envelope is complete, so the service stores nothing.
#[test]
fn a_source_that_changes_or_fails_stops_the_request() {
    struct Failing(usize);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk on fire"));
            }
            let n = buf.len().min(self.0);
            buf[..n].fill(7);
            self.0 -= n;
            Ok(n)
        }
    }
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let data = vec![9u8; 300_000];
    let e = client
        .add_document_from_reader("short", &mut &data[..], Some(300_001), UploadOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "{e}");
    assert!(e.to_string().contains("ended after 300000 of 300001 bytes"), "{e}");
    let e = client
        .add_document_from_reader("long", &mut &data[..], Some(299_999), UploadOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "{e}");
    assert!(e.to_string().contains("longer than"), "{e}");
    let e = client
        .add_document_from_reader("failing", &mut Failing(100_000), Some(200_000), UploadOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "{e}");
    assert!(e.to_string().contains("disk on fire"), "{e}");
    // A file that grows while it is sent.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("growing.bin");
    std::fs::write(&path, vec![1u8; 200_000]).unwrap();
    let path2 = path.clone();
    let mut grown = false;
    let mut progress = |done: u64, _: Option<u64>| {
        if done > 0 && !grown {
            grown = true;
            let mut f = std::fs::OpenOptions::new().append(true).open(&path2).unwrap();
            std::io::Write::write_all(&mut f, b"more").unwrap();
        }
        true
    };
    let e = client
        .add_document_from_file(&path, UploadOptions::new().progress(&mut progress))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "{e}");
    assert_eq!(e.io_path(), Some(path.as_path()), "the error names the file");
    // The first id a stored document would get: none of the four requests stored anything.
    assert!(sb.document(&DocumentId::new("1000")).is_none(), "nothing stored");
    assert!(sb.document(&DocumentId::new("1001")).is_none(), "nothing stored");
}

#[test]
fn progress_is_reported_and_a_cancel_stores_nothing() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let data = pdf(500_000);
    let mut seen = Vec::new();
    let mut progress = |done: u64, total: Option<u64>| {
        seen.push((done, total));
        true
    };
    let id = client
        .add_document_from_bytes("p.pdf", &data, UploadOptions::new().progress(&mut progress))
        .unwrap();
    let total = Some(data.len() as u64);
    assert_eq!(seen.first(), Some(&(0, total)));
    assert_eq!(seen.last(), Some(&(data.len() as u64, total)));
    assert!(seen.len() > 5 && seen.windows(2).all(|w| w[0].0 < w[1].0), "{seen:?}");
    assert_eq!(sb.document_bytes(&id).unwrap(), data);

    let mut cancel = |done: u64, _: Option<u64>| done < 100_000;
    let e = client
        .add_document_from_bytes("c.pdf", &data, UploadOptions::new().progress(&mut cancel))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
    let mut before = |_: u64, _: Option<u64>| false;
    let e = client
        .add_document_from_bytes("c.pdf", &data, UploadOptions::new().progress(&mut before))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
    // Only the first document exists.
    assert!(sb
        .document(&DocumentId::new((id.as_str().parse::<i64>().unwrap() + 1).to_string()))
        .is_none());
}

/// The token is rejected on the upload: the client logs in again and sends the document again
/// from the start (a file or bytes); a reader with a declared length cannot be read twice.
#[test]
fn an_upload_is_repeated_after_a_re_login() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    client.create_call("X").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    let data = pdf(150_000);
    std::fs::write(&path, &data).unwrap();
    sb.expire_tokens();
    let id = client.add_document_from_file(&path, UploadOptions::new()).unwrap();
    assert_eq!(sb.document_bytes(&id).unwrap(), data);
    assert_eq!(sb.requests(Op::Login), 2);
    assert_eq!(sb.requests(Op::AddDocumentFromBytes), 2);
    sb.expire_tokens();
    let e = client
        .add_document_from_reader("r", &mut &data[..], Some(data.len() as u64), UploadOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
    assert!(e.to_string().contains("cannot be read twice"), "{e}");
}

#[test]
fn the_service_answers_for_unknown_documents() {
    for binding in bindings() {
        let sb = Sandbox::start().unwrap();
        let client = sb.client_builder().binding(binding).build().unwrap();
        let call = client.create_call("X").unwrap();
        let unknown = DocumentId::new("99999");
        assert_eq!(client.get_document_status(&unknown).unwrap(), DocumentStatus::NotFound);
        let p = client.get_document_progress(&unknown).unwrap();
        assert_eq!((p.status, p.percentage), (DocumentStatus::NotFound, 0.0));
        assert!(!client.delete_document(&unknown).unwrap(), "{binding:?}");
        let e = client.add_document_to_call(&call, &unknown, "N").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service, "{binding:?}");
        assert_eq!(e.service_message(), Some("Unknown documentId."));
        let doc = client
            .add_document_from_bytes("a.pdf", b"%PDF", UploadOptions::new())
            .unwrap();
        assert_eq!(client.add_document_to_call(&call, &doc, "NODE").unwrap(), doc);
        assert!(client.delete_document(&doc).unwrap());
        assert!(
            client.get_attachments(&call).unwrap().is_empty(),
            "deleted with its bindings"
        );
        for e in [
            client.get_document_status(&DocumentId::new(" ")).unwrap_err(),
            client.delete_document(&DocumentId::new("")).unwrap_err(),
            client.add_document_to_call(&CallId::new(""), &doc, "").unwrap_err(),
        ] {
            assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        }
    }
}

#[test]
fn conversion_status_progress_and_failure() {
    let sb = Sandbox::builder()
        .conversion_time(Duration::from_millis(400))
        .conversion_failure_marker("-FAIL-")
        .start()
        .unwrap();
    let client = sb.client_builder().binding(Binding::Soap).build().unwrap();
    let doc = client
        .add_document_from_bytes("a.pdf", b"%PDF", UploadOptions::new())
        .unwrap();
    assert_eq!(client.get_document_status(&doc).unwrap(), DocumentStatus::Busy);
    let p = client.get_document_progress(&doc).unwrap();
    assert_eq!(p.status, DocumentStatus::Busy);
    assert!((0.0..100.0).contains(&p.percentage), "{p:?}");
    std::thread::sleep(Duration::from_millis(450));
    assert_eq!(client.get_document_status(&doc).unwrap(), DocumentStatus::Ready);
    assert_eq!(client.get_document_progress(&doc).unwrap().percentage, 100.0);
    let bad = client
        .add_document_from_bytes("x-FAIL-.pdf", b"%PDF", UploadOptions::new())
        .unwrap();
    std::thread::sleep(Duration::from_millis(450));
    assert_eq!(client.get_document_status(&bad).unwrap(), DocumentStatus::Error);
    assert_eq!(sb.document_status(&bad), ConversionStatus::Error);
}

/// The client's sleeper, recording the waits.
fn recording() -> (Arc<Mutex<Vec<Duration>>>, Sleeper) {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let w = waits.clone();
    (
        waits,
        Arc::new(move |d| {
            w.lock().unwrap().push(d);
            std::thread::sleep(d.min(Duration::from_millis(20)));
        }),
    )
}

#[test]
fn waiting_for_a_document() {
    let sb = Sandbox::builder()
        .conversion_time(Duration::from_millis(300))
        .conversion_failure_marker("-FAIL-")
        .start()
        .unwrap();
    let (waits, sleeper) = recording();
    let client = sb.client_builder().sleeper(sleeper).build().unwrap();
    let opts = || WaitOptions::new(Duration::from_secs(10), Duration::from_millis(400)).unwrap();
    let doc = client
        .add_document_from_bytes("a.pdf", b"%PDF", UploadOptions::new())
        .unwrap();
    client.wait_for_document(&doc, opts()).unwrap();
    assert_eq!(client.get_document_status(&doc).unwrap(), DocumentStatus::Ready);
    // Backoff: a quarter of the poll interval, doubling, capped at the interval.
    let w = waits.lock().unwrap().clone();
    let ms: Vec<u128> = w.iter().map(Duration::as_millis).collect();
    assert!(ms.len() >= 3, "{ms:?}");
    assert_eq!(&ms[..3], &[100, 200, 400], "{ms:?}");
    assert!(ms.iter().all(|&m| m <= 400), "{ms:?}");

    // ERROR and NOT FOUND end the wait with an error.
    let bad = client
        .add_document_from_bytes("b-FAIL-.pdf", b"%PDF", UploadOptions::new())
        .unwrap();
    let e = client.wait_for_document(&bad, opts()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service, "{e}");
    assert!(e.to_string().contains("conversion failed"), "{e}");
    let e = client
        .wait_for_document(&DocumentId::new("424242"), opts())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service, "{e}");
    assert!(e.to_string().contains("NOT FOUND"), "{e}");
    // The deadline.
    let slow = Sandbox::builder()
        .conversion_time(Duration::from_secs(600))
        .start()
        .unwrap();
    let c2 = slow.client().unwrap();
    let d2 = c2
        .add_document_from_bytes("s.pdf", b"%PDF", UploadOptions::new())
        .unwrap();
    let e = c2
        .wait_for_document(
            &d2,
            WaitOptions::new(Duration::from_millis(150), Duration::from_millis(40)).unwrap(),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert_eq!(e.timeout_phase(), Some(TimeoutPhase::Wait));
    // The hook cancels.
    let mut polls = 0;
    let mut hook = || {
        polls += 1;
        polls < 3
    };
    let e = c2
        .wait_for_document(
            &d2,
            WaitOptions::new(Duration::from_secs(60), Duration::from_millis(10))
                .unwrap()
                .on_poll(&mut hook),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
    assert_eq!(polls, 3);
}

#[test]
fn set_call_values_over_soap_and_refused_elsewhere() {
    let sb = Sandbox::start().unwrap();
    let soap = sb.client_builder().binding(Binding::Soap).build().unwrap();
    let call = soap.create_call("X").unwrap();
    assert!(soap
        .set_call_values(
            &call,
            [("Note", "<b>bold</b> & more"), ("Empty", ""), ("Note", "again <i>")]
        )
        .unwrap());
    assert_eq!(
        soap.get_call_values(&call).unwrap(),
        [NameValue::new("Note", "again <i>"), NameValue::new("Empty", "")]
    );
    assert!(soap.set_call_values(&call, Vec::<(&str, &str)>::new()).unwrap());
    let e = soap.set_call_values(&call, [("", "x")]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
    let e = soap.set_call_values(&CallId::new("424242"), [("a", "b")]).unwrap_err();
    assert_eq!(e.service_message(), Some("Unknown callId."));
    for binding in [Binding::Post, Binding::Get] {
        let client = sb.client_builder().binding(binding).build().unwrap();
        let e = client.set_call_values(&call, [("a", "b")]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{binding:?}");
        assert!(
            e.to_string().contains("SOAP only") && e.to_string().contains("Binding::Soap"),
            "{e}"
        );
    }
    assert_eq!(sb.requests(Op::SetCallValues), 3, "the refused calls sent nothing");
}

// ------------------------------------------------------------------ start_meeting

#[test]
fn start_meeting_with_documents_from_urls_bytes_and_files() {
    let sb = Sandbox::builder()
        .conversion_time(Duration::from_millis(200))
        .start()
        .unwrap();
    let client = sb.client().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("id card.jpg");
    let jpeg: Vec<u8> = (0..70_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &jpeg).unwrap();
    let url = sb.host_file("offer.pdf", pdf(10));
    let meeting = client
        .start_meeting(
            &MeetingRequest::new("INTAKE")
                .document(DocumentSource::from_url(url, "offer.pdf", "offer"))
                .document(DocumentSource::from_bytes("terms.pdf", pdf(20), "terms"))
                .document(DocumentSource::from_file(&path, "id").filename("ID.jpg"))
                .wait_for_documents(Duration::from_secs(10)),
        )
        .unwrap();
    assert_eq!(meeting.documents.len(), 3);
    assert!(meeting.documents.iter().all(|d| d.bound));
    for (d, want) in meeting.documents.iter().zip([pdf(10), pdf(20), jpeg]) {
        assert_eq!(
            client.get_document_status(&d.document_id).unwrap(),
            DocumentStatus::Ready
        );
        assert_eq!(download(&client, &meeting.call_id, &d.document_id), want);
    }
    let snap = sb.call(&meeting.call_id).unwrap();
    let ext: Vec<&str> = snap.documents.iter().map(|d| d.external_id.as_str()).collect();
    assert_eq!(ext, ["offer", "terms", "id"]);
    assert_eq!(snap.documents[2].filename, "ID.jpg");
    let stored = sb.document(&meeting.documents[1].document_id).unwrap();
    assert_eq!(
        stored.external_id, "terms",
        "uploads keep the external id, as AddDocumentFromUrl does"
    );
    assert_eq!(sb.requests(Op::AddDocumentFromBytesEx), 2);
    assert!(sb.requests(Op::GetDocumentStatus) >= 3, "waited");
}

/// Each bad document comes second, after a good one: the error names the step `validate` and
/// document 1 (in the step's `document_index`, as the later document steps do, and the text).
#[test]
fn start_meeting_checks_every_document_before_creating_anything() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().max_upload_bytes(100).build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let base = || {
        MeetingRequest::new("INTAKE")
            .participant(Participant::new("a@b.c"))
            .document(DocumentSource::from_bytes("ok.pdf", vec![1], "ok"))
    };
    let big = dir.path().join("big.bin");
    std::fs::write(&big, vec![0u8; 101]).unwrap();
    let e = client
        .start_meeting(&base().document(DocumentSource::from_file(dir.path().join("nope"), "x")))
        .unwrap_err();
    assert_eq!(e.io_path(), Some(dir.path().join("nope").as_path()), "{e}");
    for (what, request) in [
        (
            "missing file",
            base().document(DocumentSource::from_file(dir.path().join("nope"), "x")),
        ),
        (
            "a directory",
            base().document(DocumentSource::from_file(dir.path(), "x").filename("d")),
        ),
        ("too large", base().document(DocumentSource::from_file(&big, "x"))),
        (
            "empty bytes",
            base().document(DocumentSource::from_bytes("e.pdf", Vec::new(), "x")),
        ),
        (
            "no file name",
            base().document(DocumentSource::from_bytes("", vec![1], "x")),
        ),
        (
            "a control character",
            base().document(DocumentSource::from_bytes("a", vec![1], "x\u{7}")),
        ),
        ("no url", base().document(DocumentSource::from_url("", "a.pdf", "x"))),
        ("a zero wait", base().wait_for_documents(Duration::ZERO)),
    ] {
        let e = client.start_meeting(&request).unwrap_err();
        let step = e.meeting_step().unwrap();
        assert_eq!((step.name(), step.operation()), ("validate", None), "{what}: {e}");
        let index = (what != "a zero wait").then_some(1);
        assert_eq!(step.document_index(), index, "{what}: {e}");
        assert!(
            matches!(e.kind(), ErrorKind::InvalidArgument | ErrorKind::Io),
            "{what}: {e}"
        );
        assert!(
            e.to_string().contains("document 1") || what == "a zero wait",
            "{what}: {e}"
        );
    }
    let e = client.start_meeting(&MeetingRequest::new("")).unwrap_err();
    assert_eq!(e.meeting_step(), Some(MeetingStep::Validate), "{e}");
    assert_eq!(sb.requests(Op::CreateContact) + sb.requests(Op::CreateCall), 0);
    assert_eq!(sb.requests(Op::Login), 0);
}

#[test]
fn a_failed_start_keeps_everything_by_default() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    sb.inject(Fault::unavailable().operation(Op::SetDocumentToUploadAction.name()));
    let e = client
        .start_meeting(
            &MeetingRequest::new("INTAKE")
                .participant(Participant::new("a@b.c"))
                .document(DocumentSource::from_bytes("a.pdf", pdf(3), "a")),
        )
        .unwrap_err();
    assert_eq!(e.meeting_step(), Some(MeetingStep::BindDocument { index: 0 }));
    let p = e.partial_meeting().unwrap();
    assert_eq!(p.cleanup, None);
    let doc = &p.documents[0].document_id;
    assert!(!p.documents[0].bound);
    assert!(sb.document(doc).is_some(), "kept");
    assert!(!sb.call(p.call_id.as_ref().unwrap()).unwrap().ended);
}

#[test]
fn a_failed_start_cleans_up_when_asked() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let url = sb.host_file("u.pdf", pdf(1));
    sb.inject(Fault::unavailable().operation(Op::GetAgentUrl.name()));
    let e = client
        .start_meeting(
            &MeetingRequest::new("INTAKE")
                .participant(Participant::new("a@b.c"))
                .document(DocumentSource::from_url(url, "u.pdf", "u"))
                .document(DocumentSource::from_bytes("b.pdf", pdf(2), "b"))
                .cleanup_on_failure(true),
        )
        .unwrap_err();
    assert_eq!(e.meeting_step(), Some(MeetingStep::GetAgentUrl));
    assert_eq!(e.kind(), ErrorKind::Http);
    let p = e.partial_meeting().unwrap();
    let call = p.call_id.clone().unwrap();
    let contact = p.contact_id.clone().unwrap();
    let docs: Vec<DocumentId> = p.documents.iter().map(|d| d.document_id.clone()).collect();
    let report = p.cleanup.as_ref().expect("a clean-up report");
    assert_eq!(report.deleted_documents, docs, "every created id is kept in the error");
    assert_eq!(report.ended_call.as_ref(), Some(&call));
    assert_eq!(report.not_removed.len(), 1);
    assert_eq!(report.not_removed[0].0, CreatedItem::Contact(contact));
    for d in &docs {
        assert!(sb.document(d).is_none(), "deleted");
    }
    assert!(sb.call(&call).unwrap().ended, "ended");
    let text = e.to_string();
    assert!(
        text.contains("clean-up: deleted documents") && text.contains("ended call"),
        "{text}"
    );

    // What the clean-up could not remove is reported with the reason.
    sb.inject(Fault::unavailable().operation(Op::GetAgentUrl.name()));
    sb.inject(Fault::unavailable().operation(Op::DeleteDocument.name()));
    let e = client
        .start_meeting(
            &MeetingRequest::new("INTAKE")
                .document(DocumentSource::from_bytes("c.pdf", pdf(2), "c"))
                .cleanup_on_failure(true),
        )
        .unwrap_err();
    let p = e.partial_meeting().unwrap();
    let report = p.cleanup.as_ref().unwrap();
    assert!(report.deleted_documents.is_empty());
    assert_eq!(report.not_removed.len(), 1, "{report:?}");
    assert_eq!(
        report.not_removed[0].0,
        CreatedItem::Document(p.documents[0].document_id.clone())
    );
    assert!(report.not_removed[0].1.contains("503"), "{report:?}");
    assert!(sb.document(&p.documents[0].document_id).is_some());
    // Nothing created: no clean-up to report.
    let e = client
        .start_meeting(&MeetingRequest::new(" ").cleanup_on_failure(true))
        .unwrap_err();
    assert_eq!(e.partial_meeting().unwrap().cleanup, None);
}

#[test]
fn a_document_that_fails_conversion_fails_the_wait_step() {
    let sb = Sandbox::builder().conversion_failure_marker("-FAIL-").start().unwrap();
    let client = sb.client().unwrap();
    let e = client
        .start_meeting(
            &MeetingRequest::new("INTAKE")
                .document(DocumentSource::from_bytes("ok.pdf", pdf(1), "ok"))
                .document(DocumentSource::from_bytes("bad-FAIL-.pdf", pdf(1), "bad"))
                .wait_for_documents(Duration::from_secs(5))
                .cleanup_on_failure(true),
        )
        .unwrap_err();
    assert_eq!(e.meeting_step(), Some(MeetingStep::WaitDocument { index: 1 }), "{e}");
    assert_eq!(e.kind(), ErrorKind::Service);
    let report = e.partial_meeting().unwrap().cleanup.clone().unwrap();
    assert_eq!(report.deleted_documents.len(), 2);
}

/// The client's cancel token stops an upload in flight and a wait for a document.
#[test]
fn the_cancel_token_stops_uploads_and_waits() {
    let sb = Sandbox::builder()
        .conversion_time(Duration::from_secs(600))
        .start()
        .unwrap();
    let client = sb.client().unwrap();
    let token = CancelToken::new();
    let view = client.with_cancel(&token);
    let data = pdf(3_000_000);
    let t = token.clone();
    let mut progress = |done: u64, _: Option<u64>| {
        if done > 500_000 {
            t.cancel();
        }
        true
    };
    let e = view
        .add_document_from_bytes("c.pdf", &data, UploadOptions::new().progress(&mut progress))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
    assert!(sb.document(&DocumentId::new("1000")).is_none(), "nothing stored");

    let doc = client
        .add_document_from_bytes("w.pdf", b"%PDF", UploadOptions::new())
        .unwrap();
    let token = CancelToken::new();
    let view = client.with_cancel(&token);
    let t = token.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        t.cancel();
    });
    let started = std::time::Instant::now();
    let e = view
        .wait_for_document(
            &doc,
            WaitOptions::new(Duration::from_secs(60), Duration::from_secs(10)).unwrap(),
        )
        .unwrap_err();
    canceller.join().unwrap();
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}
