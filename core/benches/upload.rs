//! A 50 MiB upload from a file over SOAP: the client's peak memory growth and its throughput
//! against `curl` posting the same envelope (base64 precomputed on disk) to the same server.
//!
//! ```text
//! cargo bench -p idiligo --features sandbox --bench upload        # needs curl
//! ```
//!
//! The sandbox (request limit raised to 128 MiB: ASP.NET's default of 4,096 KB would refuse
//! the 70 MB envelope) runs in this process; the client runs in a child process (this binary
//! again, with `IDILIGO_UPLOAD_CHILD` set) so that only the client's memory is counted: by a
//! counting global allocator (peak heap growth during the upload) and by the kernel (`VmHWM`
//! after the upload minus `VmRSS` before it). `curl` posts the envelope the client would send
//! (the same token and document, built in this process and written to a file) with
//! `--data-binary @file`. Each is run `IDILIGO_UPLOAD_RUNS` times (default 3), alternating; the
//! figures are document MiB per second of wall time from the request to the answer, and the
//! ratio of the medians. Targets: peak growth <= 16 MiB (both measures), crate >= curl / 2.
//! The process exits non-zero when a target is missed. `IDILIGO_UPLOAD_MIB` changes the size.

use std::process::Command;
use std::sync::atomic::Ordering;
use std::time::Instant;

use idiligo::sandbox::Sandbox;
use idiligo::{Binding, Client, Credentials, DocumentId, UploadOptions};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{Counting, CURRENT, PEAK};

#[global_allocator]
static ALLOC: Counting = Counting;

const CHILD: &str = "IDILIGO_UPLOAD_CHILD";
const MIB: f64 = 1024.0 * 1024.0;
const MAX_GROWTH: usize = 16 * 1024 * 1024;

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

/// `VmRSS` / `VmHWM` of this process, in bytes.
fn status_kib(field: &str) -> usize {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
        .map_or(0, |k| k * 1024)
}

/// The child: one upload of the file, its figures on stdout.
fn child() {
    let client = Client::builder()
        .base_url(var("IDILIGO_UPLOAD_URL"))
        .credentials(Credentials::password(
            var("IDILIGO_UPLOAD_APIKEY"),
            var("IDILIGO_UPLOAD_USERNAME"),
            var("IDILIGO_UPLOAD_PASSWORD"),
        ))
        .max_upload_bytes(1 << 30)
        .request_timeout(std::time::Duration::from_secs(300))
        .build()
        .expect("client");
    client.session_token().expect("login");
    let path = var("IDILIGO_UPLOAD_FILE");
    let rss_before = status_kib("VmRSS:");
    let heap_before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(heap_before, Ordering::Relaxed);
    let started = Instant::now();
    let id = client
        .add_document_from_file(&path, UploadOptions::new().filename("big.bin"))
        .expect("upload");
    let seconds = started.elapsed().as_secs_f64();
    let heap_growth = PEAK.load(Ordering::Relaxed) - heap_before;
    let hwm_growth = status_kib("VmHWM:").saturating_sub(rss_before);
    println!("{} {seconds} {heap_growth} {hwm_growth}", id.as_str());
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    if Command::new("curl").arg("--version").output().is_err() {
        eprintln!("curl is not installed (apt-get install curl)");
        std::process::exit(2);
    }
    let mib: usize = std::env::var("IDILIGO_UPLOAD_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let runs: usize = std::env::var("IDILIGO_UPLOAD_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let size = mib * 1024 * 1024;
    let sb = Sandbox::builder()
        .max_request_bytes(128 * 1024 * 1024)
        .max_document_bytes(1 << 30)
        .start()
        .expect("sandbox");
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = tmp.path().join("big.bin");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let data: Vec<u8> = (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    std::fs::write(&file, &data).expect("document");
    // The envelope the client sends, with a token of its own, for curl.
    let admin = sb.client_builder().binding(Binding::Soap).build().expect("client");
    let token = admin.session_token().expect("login");
    let envelope = tmp.path().join("envelope.xml");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&envelope).expect("envelope"));
        write!(
            f,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><AddDocumentFromBytes xmlns=\"http://www.idiligo.com/\"><token>{}</token><file>",
            token.expose()
        )
        .unwrap();
        let mut b64 = Vec::new();
        for chunk in data.chunks(3 * 65536) {
            b64.clear();
            b64_encode(chunk, &mut b64);
            f.write_all(&b64).unwrap();
        }
        write!(
            f,
            "</file><filename>big.bin</filename></AddDocumentFromBytes></soap:Body></soap:Envelope>"
        )
        .unwrap();
    }
    drop(data);
    let envelope_len = std::fs::metadata(&envelope).unwrap().len();
    let creds = sb.sandbox_credentials().clone();
    let exe = std::env::current_exe().expect("exe");
    let (mut crate_rates, mut curl_rates) = (Vec::new(), Vec::new());
    let (mut worst_heap, mut worst_hwm) = (0usize, 0usize);
    for run in 1..=runs {
        let out = Command::new(&exe)
            .env(CHILD, "1")
            .env("IDILIGO_UPLOAD_URL", sb.url())
            .env("IDILIGO_UPLOAD_APIKEY", &creds.apikey)
            .env("IDILIGO_UPLOAD_USERNAME", &creds.username)
            .env("IDILIGO_UPLOAD_PASSWORD", &creds.password)
            .env("IDILIGO_UPLOAD_FILE", &file)
            .output()
            .expect("child");
        assert!(out.status.success(), "child: {}", String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8_lossy(&out.stdout).into_owned();
        let f: Vec<&str> = line.split_whitespace().collect();
        let id = DocumentId::new(f[0]);
        let seconds: f64 = f[1].parse().unwrap();
        let heap: usize = f[2].parse().unwrap();
        let hwm: usize = f[3].parse().unwrap();
        assert_eq!(sb.document(&id).map(|d| d.size), Some(size as u64), "stored whole");
        sb_delete(&admin, &id);
        crate_rates.push(mib as f64 / seconds);
        worst_heap = worst_heap.max(heap);
        worst_hwm = worst_hwm.max(hwm);
        println!(
            "  run {run}: crate {seconds:.3} s = {:.1} MiB/s; peak heap growth {:.2} MiB, VmHWM growth {:.2} MiB",
            mib as f64 / seconds,
            heap as f64 / MIB,
            hwm as f64 / MIB
        );
        let started = Instant::now();
        let out = Command::new("curl")
            .args(["-sS", "-o", "-", "-w", "\n%{http_code}"])
            .args(["-H", "Content-Type: text/xml; charset=utf-8"])
            .args(["-H", "SOAPAction: \"http://www.idiligo.com/AddDocumentFromBytes\""])
            .args(["-H", "Expect:"])
            .arg("--data-binary")
            .arg(format!("@{}", envelope.display()))
            .arg(format!("{}/InsideService20.asmx", sb.url()))
            .output()
            .expect("curl");
        let seconds = started.elapsed().as_secs_f64();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.ends_with("\n200"), "curl: {text}");
        let id = text
            .split("<AddDocumentFromBytesResult>")
            .nth(1)
            .and_then(|r| r.split('<').next())
            .expect("document id");
        sb_delete(&admin, &DocumentId::new(id));
        curl_rates.push(mib as f64 / seconds);
        println!("  run {run}: curl  {seconds:.3} s = {:.1} MiB/s", mib as f64 / seconds);
    }
    let (c, k) = (median(&mut crate_rates), median(&mut curl_rates));
    println!(
        "upload of {mib} MiB from a file over SOAP ({envelope_len} bytes of envelope), median of {runs}: \
         crate {c:.1} MiB/s, curl {k:.1} MiB/s, crate / curl = {:.2} (target >= 0.50); \
         client peak memory growth: heap {:.2} MiB, VmHWM {:.2} MiB (target <= 16 MiB)",
        c / k,
        worst_heap as f64 / MIB,
        worst_hwm as f64 / MIB
    );
    let mut failed = false;
    if worst_heap > MAX_GROWTH || worst_hwm > MAX_GROWTH {
        eprintln!("target missed: memory growth over 16 MiB");
        failed = true;
    }
    if c < k / 2.0 {
        eprintln!("target missed: the crate is slower than half of curl");
        failed = true;
    }
    if failed {
        std::process::exit(1);
    }
}

fn sb_delete(client: &Client, id: &DocumentId) {
    assert!(client.delete_document(id).expect("DeleteDocument"), "deleted {id}");
}

/// Standard base64, padded (an independent encoder: the envelope must not be built by the
/// code under test).
fn b64_encode(input: &[u8], out: &mut Vec<u8>) {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for c in input.chunks(3) {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(A[(n >> 18) as usize & 63]);
        out.push(A[(n >> 12) as usize & 63]);
        out.push(if c.len() > 1 { A[(n >> 6) as usize & 63] } else { b'=' });
        out.push(if c.len() > 2 { A[n as usize & 63] } else { b'=' });
    }
}
