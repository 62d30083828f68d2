//! Instructions per call of the client, counted by callgrind: `GetPublicCallId` through the
//! crate against a bare ureq POST of the same form to the same server, in the same run.
//!
//! ```text
//! cargo bench -p idiligo --features sandbox --bench callgrind          # needs valgrind
//! ```
//!
//! The sandbox runs in this (orchestrating) process; the client runs in a child process (this
//! same binary, started again with `IDILIGO_CALLGRIND_CHILD` set) under
//! `valgrind --tool=callgrind`, so only the client's instructions are counted. Each mode runs
//! twice, with N₁ and N₂ calls after the same warm-up; the per-call cost is
//! (instr(N₂) − instr(N₁)) / (N₂ − N₁), so start-up, login and warm-up cancel out. Target:
//! crate ≤ 1.10 × bare. The process exits non-zero when the target is missed.
//!
//! "Bare" reads the body with ureq's `read_to_string` and checks it for `<string`, as the
//! latency benchmark and the issue's measurement do; `read_to_string` decodes lossily, which
//! costs about 10,000 instructions more per call than reading the raw bytes, so a third run
//! (`bare_vec`, `read_to_vec`) is printed for information.
//!
//! Two more runs compare the bindings (for information, no target): `crate_soap`, the same
//! call through the crate with `Binding::Soap`, and `bare_soap`, a bare ureq POST of the same
//! envelope with its SOAPAction. They decide the default binding (see `Binding`).
//!
//! Environment: `IDILIGO_CALLGRIND_N1` / `IDILIGO_CALLGRIND_N2` (default 100 / 600),
//! `IDILIGO_CALLGRIND_WARMUP` (default 50), `IDILIGO_CALLGRIND_OUT` (a directory to keep the
//! callgrind files in, for `callgrind_annotate`).

use std::process::Command;

use idiligo::sandbox::Sandbox;
use idiligo::{CallId, Client, Credentials};

const CHILD: &str = "IDILIGO_CALLGRIND_CHILD";
const TARGET: f64 = 1.10;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

/// The child: `warmup + n` calls of one mode, nothing else.
fn child(mode: &str) {
    let url = var("IDILIGO_CALLGRIND_URL");
    let call = CallId::new(var("IDILIGO_CALLGRIND_CALL"));
    let n = env_usize("IDILIGO_CALLGRIND_COUNT", 0);
    let warmup = env_usize("IDILIGO_CALLGRIND_WARMUP", 50);
    let binding = if mode == "crate_soap" {
        idiligo::Binding::Soap
    } else {
        idiligo::Binding::Post
    };
    let client = Client::builder()
        .base_url(&url)
        .binding(binding)
        .credentials(Credentials::password(
            var("IDILIGO_CALLGRIND_APIKEY"),
            var("IDILIGO_CALLGRIND_USERNAME"),
            var("IDILIGO_CALLGRIND_PASSWORD"),
        ))
        .build()
        .expect("client");
    match mode {
        "crate" | "crate_soap" => {
            for _ in 0..warmup + n {
                let p = client.get_public_call_id(&call).expect("GetPublicCallId");
                assert!(!p.as_str().is_empty());
            }
        }
        "bare" | "bare_vec" => {
            // The same form the crate sends, to the same URL, with the crate's token.
            let token = client.session_token().expect("login");
            let endpoint = format!("{}/GetPublicCallId", client.endpoint());
            let form = format!("token={}&callId={}", token.expose(), call);
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .proxy(None)
                .build()
                .into();
            for _ in 0..warmup + n {
                let mut r = agent
                    .post(&endpoint)
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .send(form.as_bytes())
                    .expect("POST");
                if mode == "bare" {
                    // As the latency benchmark and the issue's measurement do.
                    let body = r.body_mut().read_to_string().expect("body");
                    assert!(body.contains("<string"));
                } else {
                    // Raw bytes: ureq's read_to_string decodes lossily, which costs more.
                    let body = r.body_mut().read_to_vec().expect("body");
                    assert!(body.windows(7).any(|w| w == b"<string"));
                }
            }
        }
        "bare_soap" => {
            // The envelope the crate sends, to the endpoint, with the crate's token.
            let token = client.session_token().expect("login");
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><GetPublicCallId xmlns=\"http://www.idiligo.com/\"><token>{}</token><callId>{call}</callId></GetPublicCallId></soap:Body></soap:Envelope>",
                token.expose()
            );
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .proxy(None)
                .build()
                .into();
            for _ in 0..warmup + n {
                let mut r = agent
                    .post(client.endpoint())
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", "\"http://www.idiligo.com/GetPublicCallId\"")
                    .send(body.as_bytes())
                    .expect("SOAP");
                let body = r.body_mut().read_to_string().expect("body");
                assert!(body.contains("GetPublicCallIdResult>"));
            }
        }
        other => panic!("unknown mode {other}"),
    }
}

/// Runs the child under callgrind and returns the instructions it executed.
fn instructions(sb: &Sandbox, call: &CallId, mode: &str, n: usize, dir: &std::path::Path) -> u64 {
    let out = dir.join(format!("callgrind.{mode}.{n}"));
    let exe = std::env::current_exe().expect("current exe");
    let creds = sb.sandbox_credentials();
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("-q")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(&exe)
        .env(CHILD, mode)
        .env("IDILIGO_CALLGRIND_URL", sb.url())
        .env("IDILIGO_CALLGRIND_CALL", call.as_str())
        .env("IDILIGO_CALLGRIND_COUNT", n.to_string())
        .env("IDILIGO_CALLGRIND_APIKEY", &creds.apikey)
        .env("IDILIGO_CALLGRIND_USERNAME", &creds.username)
        .env("IDILIGO_CALLGRIND_PASSWORD", &creds.password)
        .status()
        .expect("valgrind could not be started (apt-get install valgrind)");
    assert!(status.success(), "child {mode} {n}: {status}");
    let text = std::fs::read_to_string(&out).expect("callgrind output");
    text.lines()
        .find_map(|l| l.strip_prefix("summary:").or_else(|| l.strip_prefix("totals:")))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("no summary line in the callgrind output")
}

fn main() {
    if let Ok(mode) = std::env::var(CHILD) {
        child(&mode);
        return;
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        eprintln!("valgrind is not installed (apt-get install valgrind)");
        std::process::exit(2);
    }
    let n1 = env_usize("IDILIGO_CALLGRIND_N1", 100);
    let n2 = env_usize("IDILIGO_CALLGRIND_N2", 600);
    assert!(n2 > n1, "N2 must be greater than N1");
    let sb = Sandbox::start().expect("sandbox");
    let call = sb.client().expect("client").create_call("BENCH").expect("CreateCall");
    let tmp = tempfile::tempdir().expect("temp dir");
    // IDILIGO_CALLGRIND_OUT keeps the callgrind files there (for callgrind_annotate).
    let dir = std::env::var_os("IDILIGO_CALLGRIND_OUT").map_or_else(|| tmp.path().to_owned(), Into::into);
    let mut per_call = Vec::new();
    for mode in ["bare", "crate", "bare_vec", "crate_soap", "bare_soap"] {
        let a = instructions(&sb, &call, mode, n1, &dir);
        let b = instructions(&sb, &call, mode, n2, &dir);
        let per = (b.saturating_sub(a)) as f64 / (n2 - n1) as f64;
        println!("  {mode:8}: {a} instructions for {n1} calls, {b} for {n2}: {per:.0} per call");
        per_call.push(per);
    }
    let ratio = per_call[1] / per_call[0];
    println!(
        "GetPublicCallId, client instructions per call (callgrind): bare ureq {:.0}, crate {:.0}, \
         ratio {ratio:.3} (target <= {TARGET:.2})",
        per_call[0], per_call[1]
    );
    println!(
        "  (for information: a bare POST reading raw bytes with read_to_vec costs {:.0}; crate / that = {:.3})",
        per_call[2],
        per_call[1] / per_call[2]
    );
    println!(
        "  (bindings: crate over SOAP {:.0} per call = {:.3} x the crate over POST; a bare SOAP POST {:.0} = {:.3} x a bare form POST)",
        per_call[3],
        per_call[3] / per_call[1],
        per_call[4],
        per_call[4] / per_call[0]
    );
    if ratio > TARGET {
        eprintln!("target missed: {ratio:.3} > {TARGET:.2}");
        std::process::exit(1);
    }
}
