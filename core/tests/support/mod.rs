//! Helpers shared by the integration tests that run against the Mono-hosted ASMX replica
//! (`tests/asmx/`): `conformance.rs` and `wsdl.rs`.

#![allow(dead_code)] // each test crate uses a different part

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running replica host, stopped by its process id when dropped.
pub struct Replica {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
}

impl Replica {
    /// Starts `tests/asmx/run-host.sh` with customErrors `On` or `Off` and the given token
    /// lifetime, on 127.0.0.1 and a free port, and waits for its LISTENING line.
    pub fn start(custom_errors: &str, token_lifetime_secs: u64) -> Replica {
        let lifetime = token_lifetime_secs.to_string();
        Replica::start_with(
            custom_errors,
            &[("IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS", lifetime.as_str())],
        )
    }

    /// Like [`Replica::start`], with any `IDILIGO_REPLICA_*` settings in the host's environment.
    pub fn start_with(custom_errors: &str, env: &[(&str, &str)]) -> Replica {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut cmd = Command::new("bash");
        cmd.arg(format!("{root}/tests/asmx/run-host.sh"))
            .args(["--custom-errors", custom_errors, "--port", "0"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .stdin(Stdio::null())
            .spawn()
            .expect("start tests/asmx/run-host.sh");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = tx.send(line);
            }
            for _ in lines {} // keep draining so the host never blocks on stdout
        });
        let line = match rx.recv_timeout(Duration::from_secs(90)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the replica did not print LISTENING within 90 s");
            }
        };
        let url = line
            .strip_prefix("LISTENING ")
            .unwrap_or_else(|| panic!("unexpected first line from the replica: {line:?}"))
            .trim()
            .trim_end_matches('/')
            .to_owned();
        Replica { child, url }
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
