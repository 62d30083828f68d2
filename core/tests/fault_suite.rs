//! The fault suite's Rust driver: every case of `tests/faults/cases.tsv` against the hostile
//! server `tests/faults/hostile.py`, asserting the error kind, the time bound, that nothing is
//! left on disk, and the number of requests the server saw (no repeated CreateCall).
//!
//! Run by the `faults` stage of `tests/run-all.sh` (`tests/faults/run.sh`), with the C and
//! Python drivers of the same list; ignored in a plain `cargo test` (it needs `python3` for
//! the server, and the stage runs it). Run it alone with
//! `cargo test -p idiligo --test fault_suite -- --ignored --nocapture`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use idiligo::{CallId, Client, DownloadOptions, RetryPolicy, Token};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One row of cases.tsv.
#[derive(Debug, Clone)]
struct Case {
    name: String,
    op: String,
    endpoint: String,
    retries: u32,
    expect: String,
    min_s: f64,
    max_s: f64,
    requests: Option<u64>,
    needs: String,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join("tests/faults/cases.tsv")).unwrap();
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 10, "cases.tsv: {line}");
        if f[0] == "name" {
            continue;
        }
        out.push(Case {
            name: f[0].into(),
            op: f[1].into(),
            endpoint: f[2].into(),
            retries: f[3].parse().unwrap(),
            expect: f[4].into(),
            min_s: f[5].parse().unwrap(),
            max_s: f[6].parse().unwrap(),
            requests: (f[7] != "-").then(|| f[7].parse().unwrap()),
            needs: f[8].into(),
        });
    }
    out
}

/// The hostile server, stopped (by its process id) when dropped.
struct Hostile {
    child: Child,
    port: u16,
    tls_port: u16,
}

impl Hostile {
    fn start() -> Hostile {
        let mut child = Command::new("python3")
            .arg(root().join("tests/faults/hostile.py"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the hostile server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ports: Vec<u16> = line.split_whitespace().map(|p| p.parse().unwrap()).collect();
        assert_eq!(ports.len(), 2, "hostile.py printed {line:?}");
        Hostile {
            child,
            port: ports[0],
            tls_port: ports[1],
        }
    }

    fn count(&self, case: &str) -> u64 {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(s, "GET /control/count/{case} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        text.rsplit("\r\n\r\n").next().unwrap().trim().parse().unwrap()
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client(h: &Hostile, c: &Case) -> idiligo::Result<(Client, String)> {
    let (base, proxy) = match c.endpoint.as_str() {
        "plain" => (format!("http://127.0.0.1:{}/case/{}", h.port, c.name), None),
        "tls" => (format!("https://127.0.0.1:{}/case/{}", h.tls_port, c.name), None),
        "https-on-plain" => (format!("https://127.0.0.1:{}/case/{}", h.port, c.name), None),
        "http-on-tls" => (format!("http://127.0.0.1:{}/case/{}", h.tls_port, c.name), None),
        "via-proxy" => (
            format!("https://127.0.0.1:1/case/{}", c.name),
            Some(format!("http://{}:fake-proxy-pw@127.0.0.1:{}", c.name, h.port)),
        ),
        other => panic!("unknown endpoint {other}"),
    };
    let mut b = Client::builder()
        .base_url(base.as_str())
        .token(Token::new("fake-token-faults"))
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(Duration::from_secs(2))
        .stall_timeout(Duration::from_secs(1))
        .retry_policy(RetryPolicy::with_max_retries(c.retries))
        .max_response_bytes(1 << 20)
        .max_download_bytes(1 << 20)
        .add_ca_file(root().join("tests/fixtures/tls/ca.pem"));
    if let Some(p) = proxy {
        b = b.proxy(p);
    }
    Ok((b.build()?, base))
}

fn run(client: &Client, base: &str, c: &Case, dir: &Path) -> idiligo::Result<()> {
    match c.op.as_str() {
        "get_attachments" => client.get_attachments(&CallId::new("1001")).map(drop),
        "create_call" => client.create_call("FAULTS").map(drop),
        "download" => client
            .download_to_path(&format!("{base}/doc.pdf"), dir.join("doc.pdf"), DownloadOptions::new())
            .map(drop),
        other => panic!("unknown op {other}"),
    }
}

/// Runs one case; `Err` says what was wrong.
fn check(h: &Hostile, c: &Case) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let (client, base) = client(h, c).map_err(|e| format!("client: {e}"))?;
    let t0 = Instant::now();
    let result = run(&client, &base, c, dir.path());
    let took = t0.elapsed().as_secs_f64();
    let mut problems = Vec::new();
    let kind = match &result {
        Ok(()) => "success".to_owned(),
        Err(e) => e.kind().as_str().to_owned(),
    };
    if kind != c.expect {
        problems.push(format!(
            "expected {}, got {kind}{}",
            c.expect,
            result.as_ref().err().map(|e| format!(" ({e})")).unwrap_or_default()
        ));
    }
    if took > c.max_s || took < c.min_s {
        problems.push(format!("took {took:.2} s, outside [{}, {}]", c.min_s, c.max_s));
    }
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    if !left.is_empty() {
        problems.push(format!("left on disk: {left:?}"));
    }
    if let Some(want) = c.requests {
        let seen = h.count(&c.name);
        if seen != want {
            problems.push(format!("server saw {seen} requests, expected {want}"));
        }
    }
    let summary = format!("{kind} in {took:.2} s");
    if problems.is_empty() {
        Ok(summary)
    } else {
        Err(format!("{summary}: {}", problems.join("; ")))
    }
}

#[test]
#[ignore = "run by tests/faults/run.sh (stage faults); see the module docs"]
fn fault_cases() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let hostile = Arc::new(Hostile::start());
    let queue = Arc::new(Mutex::new(cases.clone().into_iter().enumerate().collect::<Vec<_>>()));
    let results = Arc::new(Mutex::new(vec![None; cases.len()]));
    let t0 = Instant::now();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (hostile, queue, results) = (hostile.clone(), queue.clone(), results.clone());
            std::thread::spawn(move || loop {
                let Some((i, c)) = queue.lock().unwrap().pop() else {
                    break;
                };
                let r = check(&hostile, &c);
                results.lock().unwrap()[i] = Some(r);
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let results = results.lock().unwrap();
    let mut failed = Vec::new();
    for (c, r) in cases.iter().zip(results.iter()) {
        let needs = if c.needs == "-" {
            String::new()
        } else {
            format!(" [needs {}]", c.needs)
        };
        match r.as_ref().unwrap() {
            Ok(s) => println!("ok     {:<34} {s}{needs}", c.name),
            Err(s) => {
                println!("FAIL   {:<34} {s}{needs}", c.name);
                failed.push(c.name.clone());
            }
        }
    }
    println!(
        "rust driver: {} cases in {:.1} s",
        cases.len(),
        t0.elapsed().as_secs_f64()
    );
    println!("{} passed, {} failed", cases.len() - failed.len(), failed.len());
    assert!(failed.is_empty(), "failed cases: {failed:?}");
}
