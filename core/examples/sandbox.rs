//! Runs the embedded sandbox stand-alone, so C, C#, Python or any HTTP client can be pointed
//! at it.
//!
//! ```text
//! cargo run -p idiligo --example sandbox --features sandbox -- --port 8080 [--custom-errors off] [--token-lifetime SECS]
//!     [--conversion-ms MS] [--conversion-failure-marker TEXT]
//! ```
//!
//! It prints `LISTENING http://127.0.0.1:PORT` and the accepted credentials, then serves until
//! it is killed or its standard input closes.

use std::io::{BufRead, Write};
use std::time::Duration;

use idiligo::sandbox::{CustomErrors, Sandbox};

fn usage() -> ! {
    eprintln!(
        "usage: sandbox [--port N] [--custom-errors on|off] [--token-lifetime SECS] [--conversion-ms MS] [--conversion-failure-marker TEXT]"
    );
    std::process::exit(2)
}

fn main() {
    let mut builder = Sandbox::builder();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--port" => builder = builder.port(value().parse().unwrap_or_else(|_| usage())),
            "--custom-errors" => {
                builder = builder.custom_errors(match value().to_ascii_lowercase().as_str() {
                    "on" => CustomErrors::On,
                    "off" => CustomErrors::Off,
                    _ => usage(),
                })
            }
            "--token-lifetime" => {
                builder = builder.token_lifetime(Duration::from_secs(value().parse().unwrap_or_else(|_| usage())))
            }
            "--conversion-ms" => {
                builder = builder.conversion_time(Duration::from_millis(value().parse().unwrap_or_else(|_| usage())))
            }
            "--conversion-failure-marker" => builder = builder.conversion_failure_marker(&value()),
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    let sandbox = match builder.start() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sandbox: {e}");
            std::process::exit(1)
        }
    };
    let c = sandbox.sandbox_credentials();
    println!("LISTENING {}", sandbox.url());
    println!(
        "apikey={} username={} password={} ticket={}",
        c.apikey, c.username, c.password, c.ticket
    );
    let _ = std::io::stdout().flush();
    // Serve until stdin closes (or the process is killed).
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        if line.is_err() {
            break;
        }
    }
    sandbox.stop();
}
