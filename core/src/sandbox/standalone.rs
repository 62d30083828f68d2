//! The stand-alone sandbox: a sandbox process for C, C#, Python or any HTTP client.
//!
//! `idiligo sandbox [OPTIONS]` (the command-line tool) and `cargo run -p idiligo --features
//! sandbox --example sandbox -- [OPTIONS]` both run [`run`] with the options [`parse_args`]
//! read, so they behave the same. On start the process prints **one JSON line** on standard
//! output and nothing else there afterwards (logs go to standard error):
//!
//! ```text
//! {"url":"http://127.0.0.1:41234","port":41234,"control_url":"http://127.0.0.1:41234/_sandbox/","apikey":"test-apikey-0000","username":"agent@example.test","password":"fake-password-1234","ticket":"fake-ticket-5678","pid":4242}
//! ```
//!
//! The credentials are the sandbox's own fake ones. It then serves until it is signalled
//! (SIGTERM, SIGINT, or ended by its process id); with `--exit-on-stdin-eof` it also stops
//! when its standard input closes (handy when a test harness holds a pipe to it). The control
//! API (`/_sandbox/`, see the [module documentation](super#the-control-api)) is on unless
//! `--no-control-api` is given.
//!
//! ```
//! use idiligo::sandbox::standalone;
//!
//! let options = standalone::parse_args(["--port", "0", "--custom-errors", "off"].map(String::from))?;
//! assert!(!options.help);
//! let sandbox = options.builder().start()?;
//! let line = standalone::ready_line(&sandbox, options.control_api);
//! assert!(line.starts_with("{\"url\":\"http://127.0.0.1:"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{Read, Write};
use std::time::Duration;

use super::{control, CustomErrors, Sandbox, SandboxBuilder, SandboxCredentials};
use crate::error::{Error, Result};

/// The options, as [`USAGE`] lists them.
pub const USAGE: &str = "\
usage: sandbox [OPTIONS]

Runs the idiligo sandbox (an emulator of InsideService20) on 127.0.0.1. Prints one JSON line
with its URL and its (fake) credentials on standard output, then serves until it is signalled.

options:
  --port N                          port on 127.0.0.1 (default 0: a free port)
  --apikey TEXT                     API key to accept (default test-apikey-0000)
  --username TEXT                   user name to accept (default agent@example.test)
  --password TEXT                   password to accept (default fake-password-1234)
  --ticket TEXT                     Impersonate ticket to accept (default fake-ticket-5678)
  --token-lifetime SECS             session token lifetime (default 86400)
  --custom-errors on|off            short (on, default) or long (off) fault texts
  --conversion-ms MS                document conversion time (default 0: READY at once)
  --conversion-failure-marker TEXT  conversions of files whose name contains TEXT fail
  --max-document-bytes N            cap on one stored document (default 67108864)
  --max-request-bytes N             cap on a POST or SOAP body (default 4194304, ASP.NET's maxRequestLength)
  --no-request-validation           accept values ASP.NET request validation refuses
  --two-parameter-contact           also accept CreateContact without firstName/lastName
  --no-control-api                  do not serve the control API under /_sandbox/
  --exit-on-stdin-eof               also stop when standard input closes
  -h, --help                        this text
";

/// What [`parse_args`] read.
#[derive(Debug, Clone)]
pub struct Options {
    builder: SandboxBuilder,
    /// Serve the control API (default true; `--no-control-api` turns it off).
    pub control_api: bool,
    /// Stop when standard input closes (`--exit-on-stdin-eof`).
    pub exit_on_stdin_eof: bool,
    /// `-h`/`--help` was given: print [`USAGE`] and start nothing.
    pub help: bool,
}

impl Options {
    /// The sandbox builder these options configure (with the control API as
    /// [`Options::control_api`] says).
    pub fn builder(&self) -> SandboxBuilder {
        self.builder.clone().control_api(self.control_api)
    }
}

fn usage_error(message: String) -> Error {
    Error::invalid("sandbox", message)
}

/// Reads the options (without the program name). An unknown option, a missing or malformed
/// value is an [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) error whose
/// message names it (the command-line tools exit with their usage status then).
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Options> {
    let mut builder = Sandbox::builder();
    let mut credentials = SandboxCredentials::default();
    let mut options = Options {
        builder: Sandbox::builder(),
        control_api: true,
        exit_on_stdin_eof: false,
        help: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // `--name=value` or `--name value`.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| usage_error(format!("{name} needs {what}")))
        };
        fn number<T: std::str::FromStr>(name: &str, v: String) -> Result<T> {
            v.trim()
                .parse()
                .map_err(|_| usage_error(format!("{name}: {v:?} is not a non-negative integer")))
        }
        match name.as_str() {
            "--port" => builder = builder.port(number(&name, value("a port")?)?),
            "--apikey" => credentials.apikey = value("a value")?,
            "--username" => credentials.username = value("a value")?,
            "--password" => credentials.password = value("a value")?,
            "--ticket" => credentials.ticket = value("a value")?,
            "--token-lifetime" => {
                let secs: u64 = number(&name, value("seconds")?)?;
                if secs == 0 {
                    return Err(usage_error("--token-lifetime must be greater than zero".into()));
                }
                builder = builder.token_lifetime(Duration::from_secs(secs));
            }
            "--custom-errors" => {
                let v = value("on or off")?;
                builder = builder.custom_errors(match v.to_ascii_lowercase().as_str() {
                    "on" => CustomErrors::On,
                    "off" => CustomErrors::Off,
                    _ => return Err(usage_error(format!("--custom-errors: {v:?} is neither on nor off"))),
                });
            }
            "--conversion-ms" => {
                builder = builder.conversion_time(Duration::from_millis(number(&name, value("milliseconds")?)?))
            }
            "--conversion-failure-marker" => builder = builder.conversion_failure_marker(&value("a text")?),
            "--max-document-bytes" => builder = builder.max_document_bytes(number(&name, value("a byte count")?)?),
            "--max-request-bytes" => {
                let n: usize = number(&name, value("a byte count")?)?;
                if n == 0 {
                    return Err(usage_error("--max-request-bytes must be greater than zero".into()));
                }
                builder = builder.max_request_bytes(n);
            }
            "--no-request-validation"
            | "--two-parameter-contact"
            | "--no-control-api"
            | "--exit-on-stdin-eof"
            | "-h"
            | "--help"
                if inline.is_some() =>
            {
                return Err(usage_error(format!("{name} takes no value")));
            }
            "--no-request-validation" => builder = builder.request_validation(false),
            "--two-parameter-contact" => builder = builder.require_contact_names(false),
            "--no-control-api" => options.control_api = false,
            "--exit-on-stdin-eof" => options.exit_on_stdin_eof = true,
            "-h" | "--help" => options.help = true,
            other => {
                return Err(usage_error(format!(
                    "unknown option {:?} (see --help)",
                    other.chars().take(64).collect::<String>()
                )))
            }
        }
    }
    for (what, v) in [
        ("--apikey", &credentials.apikey),
        ("--username", &credentials.username),
        ("--password", &credentials.password),
        ("--ticket", &credentials.ticket),
    ] {
        if v.trim().is_empty() {
            return Err(usage_error(format!("{what} must not be empty")));
        }
    }
    options.builder = builder.credentials(credentials);
    Ok(options)
}

/// The one JSON line the stand-alone sandbox prints: its URL, port, control API URL (`null`
/// when off), its fake credentials and the process id (no trailing newline).
pub fn ready_line(sandbox: &Sandbox, control_api: bool) -> String {
    let c = sandbox.sandbox_credentials();
    let control_url = format!("{}{}/", sandbox.url(), control::PREFIX);
    control::Object::new()
        .str("url", sandbox.url())
        .num("port", sandbox.port())
        .opt("control_url", control_api.then_some(control_url.as_str()))
        .str("apikey", &c.apikey)
        .str("username", &c.username)
        .str("password", &c.password)
        .str("ticket", &c.ticket)
        .num("pid", std::process::id())
        .finish()
}

/// Starts the sandbox the options describe, writes [`ready_line`] and a newline to `out`
/// (flushed), then serves: until the process is signalled, or with
/// [`Options::exit_on_stdin_eof`] until `input` (standard input, for the command-line tools)
/// ends or fails (then it stops and returns).
pub fn run(options: &Options, out: &mut dyn Write, input: &mut dyn Read) -> Result<()> {
    let sandbox = options.builder().start()?;
    let line = ready_line(&sandbox, options.control_api);
    writeln!(out, "{line}")
        .and_then(|_| out.flush())
        .map_err(|e| Error::io("sandbox", "writing the ready line", e))?;
    log::info!(
        "sandbox serving on {} until signalled{}",
        sandbox.url(),
        if options.exit_on_stdin_eof {
            " or standard input closes"
        } else {
            ""
        }
    );
    if options.exit_on_stdin_eof {
        let mut buf = [0u8; 4096];
        loop {
            match input.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        sandbox.stop();
        Ok(())
    } else {
        loop {
            std::thread::park();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn options_are_read_and_bad_ones_refused() {
        let o = parse(&[
            "--port=0",
            "--exit-on-stdin-eof",
            "--no-control-api",
            "--username",
            "u@x",
        ])
        .unwrap();
        assert!(o.exit_on_stdin_eof && !o.control_api && !o.help);
        assert_eq!(o.builder().config.credentials.username, "u@x");
        assert!(parse(&["--help"]).unwrap().help);
        use crate::sandbox::CustomErrors;
        for (args, mode) in [
            (&["--custom-errors", "on"][..], CustomErrors::On),
            (&["--custom-errors=Off"], CustomErrors::Off),
            (&["--custom-errors", "off"], CustomErrors::Off),
        ] {
            assert_eq!(parse(args).unwrap().builder().config.custom_errors, mode, "{args:?}");
        }
        // `=` splits only an option: a lone value with `=` in it is an unknown argument.
        let e = parse(&["a=b"]).unwrap_err();
        assert!(e.to_string().contains("a=b"), "{e}");
        for bad in [
            &["--port"][..],
            &["--port", "x"],
            &["--port", "-1"],
            &["--custom-errors", "maybe"],
            &["--token-lifetime", "0"],
            &["--max-request-bytes", "0"],
            &["--apikey", ""],
            &["--exit-on-stdin-eof=1"],
            &["--frobnicate"],
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument, "{bad:?}");
        }
    }

    #[test]
    fn the_ready_line_is_one_json_object() {
        let o = parse(&["--password", "pw \"quoted\""]).unwrap();
        let sandbox = o.builder().start().unwrap();
        let line = ready_line(&sandbox, true);
        assert!(!line.contains('\n'));
        assert!(line.contains(&format!("\"port\":{}", sandbox.port())), "{line}");
        assert!(line.contains("\"password\":\"pw \\\"quoted\\\"\""), "{line}");
        assert!(line.contains("/_sandbox/\""), "{line}");
        assert!(ready_line(&sandbox, false).contains("\"control_url\":null"));
    }

    /// Reads from a script: `Err(Interrupted)`, some bytes, then the end (or an error).
    struct Script(Vec<std::io::Result<usize>>, usize);

    impl Read for Script {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            self.1 += 1;
            if self.0.is_empty() {
                return Ok(0);
            }
            self.0.remove(0)
        }
    }

    /// With `--exit-on-stdin-eof`, `run` prints the ready line, serves while its input is
    /// open (an interrupted read and data are read past), and stops at its end or at an error.
    #[test]
    fn run_serves_until_its_input_ends() {
        let o = parse(&["--port=0", "--exit-on-stdin-eof", "--no-control-api"]).unwrap();
        let interrupted = || Err(std::io::Error::from(std::io::ErrorKind::Interrupted));
        for (script, reads) in [
            (vec![interrupted(), Ok(3), Ok(1)], 4),
            (vec![Ok(2), Err(std::io::Error::other("gone")), Ok(1)], 2),
        ] {
            let mut out = Vec::new();
            let mut input = Script(script, 0);
            run(&o, &mut out, &mut input).unwrap();
            let line = String::from_utf8(out).unwrap();
            assert!(line.starts_with("{\"url\":\"http://127.0.0.1:"), "{line}");
            assert!(line.ends_with("}\n") && line.contains("\"control_url\":null"), "{line}");
            assert_eq!(input.1, reads, "{line}");
        }
        // A sandbox that cannot start is an error, and prints nothing.
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port().to_string();
        let busy = parse(&["--port", &port, "--exit-on-stdin-eof"]).unwrap();
        let mut out = Vec::new();
        assert!(run(&busy, &mut out, &mut Script(vec![], 0)).is_err());
        assert!(out.is_empty());
    }
}
