//! Downloads: progress, cancel, size cap, atomic results, download-all naming, waiting.

use std::path::Path;
use std::time::Duration;

use idiligo::sandbox::{Fault, FaultKind, Sandbox};
use idiligo::*;

fn meeting_with(sb: &Sandbox, client: &Client, docs: &[(&str, Vec<u8>)]) -> (CallId, Vec<Attachment>) {
    let mut req = MeetingRequest::new("DOCS");
    for (i, (name, bytes)) in docs.iter().enumerate() {
        let url = sb.host_file(&format!("src-{i}"), bytes.clone());
        req = req.document(DocumentSource::new(url, *name, format!("ext-{i}")));
    }
    let m = client.start_meeting(&req).unwrap();
    let list = client.get_attachments(&m.call_id).unwrap();
    (m.call_id, list)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

#[test]
fn progress_is_reported_up_to_the_total() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let data = pattern(300_000);
    let (_, list) = meeting_with(&sb, &client, &[("big.bin", data.clone())]);
    let mut seen = Vec::new();
    let mut cb = |done: u64, total: Option<u64>| {
        seen.push((done, total));
        true
    };
    let mut out = Vec::new();
    let n = client
        .download_to_writer(
            list[0].url.as_deref().unwrap(),
            &mut out,
            DownloadOptions::new().progress(&mut cb),
        )
        .unwrap();
    assert_eq!(n, data.len() as u64);
    assert_eq!(out, data);
    assert_eq!(seen.first(), Some(&(0, Some(300_000))));
    assert_eq!(seen.last(), Some(&(300_000, Some(300_000))));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
    assert!(seen.len() >= 3);
    // Reads of up to 64 KiB: 300 000 bytes take 5 of them (6 calls with the first, at 0; on
    // loopback 6 or 7 were seen). Reads of about 1 KiB would need more than 270.
    assert!(seen.len() < 100, "{} progress calls", seen.len());
}

#[test]
fn cancel_cap_and_truncation_leave_nothing_behind() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().retry_policy(RetryPolicy::none()).build().unwrap();
    let data = pattern(200_000);
    let (_, list) = meeting_with(&sb, &client, &[("doc.bin", data.clone())]);
    let url = list[0].url.clone().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("doc.bin");

    let mut cancel_after_first_chunk = |done: u64, _| done == 0;
    let e = client
        .download_to_path(
            &url,
            &target,
            DownloadOptions::new().progress(&mut cancel_after_first_chunk),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));

    let e = client
        .download_to_path(&url, &target, DownloadOptions::new().max_bytes(1000))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert!(entries(dir.path()).is_empty());

    sb.inject(Fault::new(FaultKind::TruncatedBody).operation("Download"));
    let e = client
        .download_to_path(&url, &target, DownloadOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(entries(dir.path()).is_empty());

    // An existing file survives a failed download and is replaced by a successful one.
    std::fs::write(&target, b"old").unwrap();
    sb.inject(Fault::new(FaultKind::DropConnection).operation("Download"));
    assert!(client.download_to_path(&url, &target, DownloadOptions::new()).is_err());
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
    client.download_to_path(&url, &target, DownloadOptions::new()).unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), data);
    assert_eq!(entries(dir.path()), vec!["doc.bin"]);
}

#[test]
fn client_wide_download_cap_applies() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client_builder().max_download_bytes(10).build().unwrap();
    let (_, list) = meeting_with(&sb, &client, &[("doc.bin", pattern(11))]);
    let e = client
        .download_to_writer(list[0].url.as_deref().unwrap(), &mut Vec::new(), DownloadOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge);
}

#[test]
fn only_http_urls_are_downloaded() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    for url in [
        "file:///etc/passwd",
        "ftp://x/y",
        "http://example.com/x",
        "relative/path",
    ] {
        let e = client
            .download_to_writer(url, &mut Vec::new(), DownloadOptions::new())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{url}");
    }
    let e = client
        .download_to_writer(
            &format!("{}/Download.ashx?id=1", sb.url()),
            &mut Vec::new(),
            DownloadOptions::new(),
        )
        .unwrap_err();
    assert_eq!(e.http_status(), Some(404));
}

#[test]
fn download_all_uses_safe_unique_names_and_never_overwrites() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let (call, _) = meeting_with(
        &sb,
        &client,
        &[
            ("offer.pdf", b"one".to_vec()),
            ("offer.pdf", b"two".to_vec()),
            ("../../escape.pdf", b"three".to_vec()),
            ("CON", b"four".to_vec()),
        ],
    );
    sb.simulate_upload(&call, "", b"five".to_vec()).unwrap();
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("offer.pdf"), b"precious").unwrap();
    let saved = client.download_all(&call, &dir, None).unwrap();
    let names: Vec<String> = saved
        .iter()
        .map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names[0], "offer (2).pdf");
    assert_eq!(names[1], "offer (3).pdf");
    assert_eq!(names[2], "escape.pdf");
    assert_eq!(names[3], "_CON");
    assert!(names[4].starts_with("attachment-"), "{names:?}");
    assert_eq!(std::fs::read(dir.join("offer.pdf")).unwrap(), b"precious");
    assert_eq!(std::fs::read(&saved[1].path).unwrap(), b"two");
    assert!(saved.iter().all(|s| s.path.parent() == Some(dir.as_path())));
    assert_eq!(entries(parent.path()), vec!["out"]);
    assert_eq!(entries(&dir).len(), 6);
}

#[test]
fn wait_for_attachments_sees_the_participant_upload() {
    let sb = std::sync::Arc::new(Sandbox::start().unwrap());
    let client = sb.client().unwrap();
    let call = client.create_call("X").unwrap();
    let (sb2, call2) = (sb.clone(), call.clone());
    let uploader = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        sb2.simulate_upload(&call2, "scan.pdf", b"scan".to_vec()).unwrap();
    });
    let list = client
        .wait_for_attachments(
            &call,
            WaitOptions::new(Duration::from_secs(10), Duration::from_millis(50)).unwrap(),
            |_| true,
        )
        .unwrap();
    uploader.join().unwrap();
    assert_eq!(list[0].description.as_deref(), Some("scan.pdf"));

    let e = client
        .wait_for_attachments(
            &call,
            WaitOptions::new(Duration::from_millis(200), Duration::from_millis(50))
                .unwrap()
                .min_count(5),
            |_| true,
        )
        .unwrap_err();
    assert!(matches!(
        e,
        Error::Timeout {
            phase: TimeoutPhase::Wait,
            ..
        }
    ));
}

#[test]
fn a_stalled_download_fails_with_the_stall_timeout_and_a_slow_one_succeeds() {
    let sb = Sandbox::start().unwrap();
    let client = sb
        .client_builder()
        .stall_timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let data = pattern(100_000);
    let (_, list) = meeting_with(&sb, &client, &[("doc.bin", data.clone())]);
    let url = list[0].url.clone().unwrap();
    sb.inject(Fault::new(FaultKind::StallBody(Duration::from_millis(1500))).operation("Download"));
    let e = client
        .download_to_writer(&url, &mut Vec::new(), DownloadOptions::new())
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Timeout {
                phase: TimeoutPhase::Stall,
                ..
            }
        ),
        "{e}"
    );
    // A pause shorter than the stall timeout is fine: there is no cap on the total duration.
    sb.inject(Fault::new(FaultKind::StallBody(Duration::from_millis(100))).operation("Download"));
    let mut out = Vec::new();
    client
        .download_to_writer(&url, &mut out, DownloadOptions::new())
        .unwrap();
    assert_eq!(out, data);
}

#[test]
fn wait_for_attachments_asks_the_hook_before_every_poll_and_the_condition_once_the_count_is_reached() {
    let sb = Sandbox::start().unwrap();
    let slept = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let s2 = slept.clone();
    let client = sb
        .client_builder()
        .sleeper(std::sync::Arc::new(move |d| s2.lock().unwrap().push(d)))
        .build()
        .unwrap();
    let (call, _) = meeting_with(&sb, &client, &[("a.pdf", b"a".to_vec())]);
    let polls = || sb.request_count("GetAttachments");
    let before = polls();
    let mut hooked = 0;
    let mut hook = || {
        hooked += 1;
        true
    };
    let mut asked = 0;
    let options = WaitOptions::new(Duration::from_secs(60), Duration::from_millis(70))
        .unwrap()
        .on_poll(&mut hook);
    let list = client
        .wait_for_attachments(&call, options, |list| {
            asked += 1;
            assert_eq!(list.len(), 1);
            asked == 3
        })
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((hooked, asked, polls() - before), (3, 3, 3));
    assert_eq!(*slept.lock().unwrap(), vec![Duration::from_millis(70); 2]);

    // The condition is not asked before the count is reached.
    let mut asked = false;
    let e = client
        .wait_for_attachments(
            &call,
            WaitOptions::new(Duration::from_millis(1), Duration::from_millis(1))
                .unwrap()
                .min_count(2),
            |_| {
                asked = true;
                true
            },
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(!asked);

    // A hook saying no stops the wait before the next poll: nothing more is asked.
    let before = polls();
    let mut no = || false;
    let e = client
        .wait_for_attachments(
            &call,
            WaitOptions::new(Duration::from_secs(60), Duration::from_millis(70))
                .unwrap()
                .on_poll(&mut no),
            |_| true,
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled, "{e}");
    assert_eq!(e.operation(), "wait_for_attachments");
    assert!(e.never_sent());
    assert_eq!(polls(), before);
}

#[test]
fn a_size_cap_equal_to_the_document_is_enough() {
    let sb = Sandbox::start().unwrap();
    let client = sb.client().unwrap();
    let data = pattern(1000);
    let (_, list) = meeting_with(&sb, &client, &[("doc.bin", data.clone())]);
    let url = list[0].url.as_deref().unwrap();
    let mut out = Vec::new();
    let n = client
        .download_to_writer(url, &mut out, DownloadOptions::new().max_bytes(1000))
        .unwrap();
    assert_eq!((n, out), (1000, data));
    let e = client
        .download_to_writer(url, &mut Vec::new(), DownloadOptions::new().max_bytes(999))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    let e = client
        .download_to_writer(url, &mut Vec::new(), DownloadOptions::new().max_bytes(0))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}
