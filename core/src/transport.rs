//! HTTP plumbing: the ureq agent, error mapping, fault texts.

use std::time::Duration;

use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{ConnectProxyConnector, Connector, RustlsConnector, SocksConnector, TcpConnector};

use crate::config::ClientBuilder;
use crate::error::{Error, Result, TimeoutPhase};
use crate::sliced::{DeadlineConnector, Fired, Outcome, PlainResolver, SlicingConnector};

pub(crate) fn build_agent(b: &ClientBuilder) -> Result<ureq::Agent> {
    const OP: &str = "configuration";
    let tls = ureq::tls::TlsConfig::builder().root_certs(root_certs(b)?).build();
    let proxy = match &b.proxy {
        Some(p) => Some(ureq::Proxy::new(p.expose()).map_err(|_| Error::invalid(OP, "invalid proxy URL"))?),
        None => None,
    };
    // Per-read/write timeouts, the deadline and cancellation are the wrapper's (see
    // `sliced`): ureq gets only the connect timeout, so it never spawns a thread (its
    // `timeout_global` resolves every host name on a helper thread) and never re-arms the
    // socket timeout per read.
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(proxy)
        .tls_config(tls)
        .user_agent(concat!("idiligo/", env!("CARGO_PKG_VERSION")))
        .timeout_connect(Some(b.connect_timeout))
        .timeout_per_read(None)
        .timeout_per_write(None)
        .timeout_global(None)
        .max_redirects(0)
        // The pool's overall cap and the per-host cap are set together: ureq's overall default
        // (10) would otherwise close connections beyond the tenth, whatever the per-host cap.
        .max_idle_connections(b.max_idle_connections.saturating_mul(2))
        .max_idle_connections_per_host(b.max_idle_connections)
        .build();
    let chain = ()
        .chain(SocksConnector::default())
        .chain(ConnectProxyConnector::default())
        .chain(TcpConnector::default())
        .chain(SlicingConnector {
            fallback: b.request_timeout,
        })
        .chain(RustlsConnector::default());
    Ok(ureq::Agent::with_parts(
        config,
        DeadlineConnector { inner: chain },
        PlainResolver::<DefaultResolver>::default(),
    ))
}

/// The certificates a client trusts: the system store (unless switched off) plus the extra CA
/// files; with the system store off, Mozilla's roots plus the extra CA files.
fn root_certs(b: &ClientBuilder) -> Result<ureq::tls::RootCerts> {
    const OP: &str = "configuration";
    let mut roots: Vec<ureq::tls::Certificate<'static>> = Vec::new();
    if b.use_system_roots {
        roots.extend(system_roots().iter().cloned());
    }
    let mut extra = Vec::new();
    for path in &b.ca_files {
        let pem = std::fs::read(path)
            .map_err(|e| Error::io(OP, format!("reading CA file {}", path.display()), e).at(path))?;
        let before = extra.len();
        for item in ureq::tls::parse_pem(&pem) {
            match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => extra.push(c),
                Ok(_) => {}
                Err(e) => {
                    return Err(Error::Tls {
                        operation: OP,
                        message: format!("CA file {}: {e}", path.display()),
                    })
                }
            }
        }
        if extra.len() == before {
            return Err(Error::Tls {
                operation: OP,
                message: format!("CA file {} holds no PEM certificate", path.display()),
            });
        }
    }
    Ok(if roots.is_empty() && extra.is_empty() {
        ureq::tls::RootCerts::WebPki
    } else {
        if roots.is_empty() {
            // No system store: fall back to Mozilla's roots plus the extra CAs.
            roots.extend(webpki_roots_certs());
        }
        roots.extend(extra);
        ureq::tls::RootCerts::new_with_certs(&roots)
    })
}

/// The operating system's certificate store, read once per process (reading and parsing it
/// takes tens of milliseconds, which every `Client::build` would otherwise pay).
fn system_roots() -> &'static [ureq::tls::Certificate<'static>] {
    static ROOTS: std::sync::OnceLock<Vec<ureq::tls::Certificate<'static>>> = std::sync::OnceLock::new();
    ROOTS.get_or_init(|| {
        let loaded = rustls_native_certs::load_native_certs();
        if !loaded.errors.is_empty() {
            log::debug!(
                "some system certificates could not be loaded: {} errors",
                loaded.errors.len()
            );
        }
        loaded
            .certs
            .into_iter()
            .map(|c| ureq::tls::Certificate::from_der(c.as_ref()).to_owned())
            .collect()
    })
}

fn webpki_roots_certs() -> Vec<ureq::tls::Certificate<'static>> {
    webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|c| ureq::tls::Certificate::from_der(c.as_ref()).to_owned())
        .collect()
}

/// The limits a failed call ran under, to describe what passed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The connect timeout.
    pub(crate) connect: Duration,
    /// The phase and duration of the call's deadline, if it had one.
    pub(crate) deadline: Option<(TimeoutPhase, Duration)>,
    /// The stall timeout, if one applied.
    pub(crate) stall: Option<Duration>,
}

/// Maps a failure of a call made in a [`Scope`](crate::sliced::Scope): what the wrapper
/// recorded (a deadline, a stall, a cancel) wins over whatever ureq made of it.
pub(crate) fn map_failure(op: &'static str, e: ureq::Error, outcome: Outcome, limits: Limits) -> Error {
    let (phase, after) = limits.deadline.unwrap_or((TimeoutPhase::Request, Duration::ZERO));
    match outcome.fired {
        Some(Fired::Cancelled) => Error::Cancelled {
            operation: op,
            sent: outcome.sent,
        },
        Some(Fired::Deadline) => Error::Timeout {
            operation: op,
            phase: if outcome.during_connect {
                TimeoutPhase::Connect
            } else {
                phase
            },
            after,
        },
        Some(Fired::Stall) => Error::Timeout {
            operation: op,
            phase: TimeoutPhase::Stall,
            after: limits.stall.unwrap_or(after),
        },
        None => map_ureq(op, e, limits),
    }
}

/// Maps a ureq error to ours.
pub(crate) fn map_ureq(op: &'static str, e: ureq::Error, limits: Limits) -> Error {
    use ureq::Error as U;
    use ureq::Timeout as T;
    let (phase, after) = limits.deadline.unwrap_or((TimeoutPhase::Request, limits.connect));
    match e {
        U::Timeout(t) => {
            let (phase, after) = match t {
                T::Resolve | T::Connect => (TimeoutPhase::Connect, limits.connect),
                T::PerRead | T::PerWrite if limits.stall.is_some() => {
                    (TimeoutPhase::Stall, limits.stall.unwrap_or(after))
                }
                _ => (phase, after),
            };
            Error::Timeout {
                operation: op,
                phase,
                after,
            }
        }
        U::HostNotFound => Error::Connect {
            operation: op,
            message: "the host name could not be resolved (DNS)".into(),
        },
        U::ConnectionFailed => Error::Connect {
            operation: op,
            message: "connection refused or unreachable".into(),
        },
        U::ConnectProxyFailed(m) => match proxy_status(&m) {
            Some(status) => Error::Proxy { operation: op, status },
            None => Error::Connect {
                operation: op,
                message: format!("proxy CONNECT failed: {}", m.chars().take(200).collect::<String>()),
            },
        },
        U::InvalidProxyUrl => Error::invalid(op, "invalid proxy URL"),
        U::BadUri(_) | U::Http(_) => Error::invalid(op, "invalid URL"),
        U::BodyExceedsLimit(limit) => Error::TooLarge { operation: op, limit },
        U::Tls(m) => tls_error(op, m.to_string()),
        U::Rustls(e) => tls_error(op, e.to_string()),
        U::Pem(e) => tls_error(op, e.to_string()),
        U::Io(e) if e.get_ref().is_some_and(|i| i.is::<rustls::Error>()) => tls_error(op, e.to_string()),
        U::Io(e) => match e.kind() {
            std::io::ErrorKind::ConnectionRefused => Error::Connect {
                operation: op,
                message: e.to_string(),
            },
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => Error::Timeout {
                operation: op,
                phase,
                after,
            },
            _ => Error::Transport {
                operation: op,
                message: e.to_string(),
            },
        },
        U::Protocol(e) => Error::Transport {
            operation: op,
            message: format!("HTTP protocol error: {e}"),
        },
        U::RedirectFailed | U::TooManyRedirects => Error::Http {
            operation: op,
            status: 300,
            content_type: None,
            excerpt: "redirects are not followed".into(),
            url: None,
            retry_after: None,
        },
        other => Error::Transport {
            operation: op,
            message: other.to_string(),
        },
    }
}

/// The delay a `Retry-After` value asks for: delay-seconds (`120`) or an HTTP date (`Sun, 06
/// Nov 1994 08:49:37 GMT`, and the two obsolete forms), measured from `now`; a date in the
/// past is no delay. `None` for anything else.
pub(crate) fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Huge values saturate: they are larger than any cap anyway.
        return Some(Duration::from_secs(v.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A TLS error with a hint for the failures people meet in practice.
fn tls_error(op: &'static str, message: String) -> Error {
    let lower = message.to_ascii_lowercase();
    let hint = if lower.contains("unknownissuer") || lower.contains("unknown issuer") {
        "; the server's certificate is not issued by an authority this machine trusts: if a proxy \
         or firewall inspects TLS, add its CA certificate with the CA-file option \
         (ClientBuilder::add_ca_file)"
    } else if lower.contains("invalidcontenttype")
        || lower.contains("invalid content type")
        || lower.contains("corrupt message")
    {
        "; the server did not answer with TLS: https sent to a plain-http port? (use http:// for a plain-HTTP server)"
    } else if lower.contains("expired") || lower.contains("notvalidyet") {
        "; the certificate is outside its validity period: check this machine's clock"
    } else if lower.contains("notvalidforname") || lower.contains("not valid for name") {
        "; the certificate does not name this host: check the host in the base URL"
    } else {
        ""
    };
    Error::Tls {
        operation: op,
        message: format!("{message}{hint}"),
    }
}

/// The status in ureq's "proxy server responded 407/Proxy Authentication Required".
fn proxy_status(message: &str) -> Option<u16> {
    let rest = message.strip_prefix("proxy server responded ")?;
    let code = rest.split(['/', ' ']).next()?;
    code.parse().ok().filter(|c| (100..1000).contains(c))
}

/// The service's message from a `500 text/plain` fault text: the first line, with a .NET
/// exception type prefix (`System.Exception: `) stripped and HTML entities decoded.
pub(crate) fn fault_message(text: &str) -> String {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let msg = match first.split_once(": ") {
        Some((head, rest)) if is_type_name(head) => rest,
        _ => first,
    };
    html_decode(msg.trim())
}

pub(crate) fn is_type_name(s: &str) -> bool {
    !s.is_empty()
        && s.contains('.')
        && s.ends_with("Exception")
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '`' || c == '+')
}

pub(crate) fn html_decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        // Only the next few bytes (searching the whole rest was quadratic).
        let end = tail.bytes().take(11).position(|b| b == b';');
        let decoded = end.and_then(|e| {
            let ent = &tail[1..e];
            let c = match ent {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                        u32::from_str_radix(h, 16).ok()
                    } else {
                        ent.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a service message says the session token is invalid or expired. Idiligo does not
/// document its wording, so this is deliberately broad.
pub(crate) fn is_token_rejection(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    (m.contains("token") || m.contains("session"))
        && [
            "invalid",
            "expired",
            "unknown",
            "not valid",
            "verlopen",
            "ongeldig",
            "onbekend",
        ]
        .iter()
        .any(|w| m.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_short_and_long_forms() {
        assert_eq!(fault_message("Invalid token.\n"), "Invalid token.");
        assert_eq!(fault_message("Invalid token.\r\n"), "Invalid token.");
        assert_eq!(
            fault_message("System.Exception: Invalid token.\n  at Idiligo.InsideService20.Check (System.String t) [0x0001] in <x>:0 \n"),
            "Invalid token."
        );
        assert_eq!(
            fault_message("System.ArgumentException: Cannot convert abc to System.Int64.\r\nParameter name: type ---> System.FormatException: Input string was not in a correct format.\r\n   at ..."),
            "Cannot convert abc to System.Int64."
        );
        assert_eq!(
            fault_message("A value with &lt;b&gt; &amp; &quot;q&quot; &#39;s&#39;"),
            "A value with <b> & \"q\" 's'"
        );
        assert_eq!(fault_message("Note: not a type prefix"), "Note: not a type prefix");
        assert_eq!(fault_message(""), "");
    }

    #[test]
    fn token_rejection_wording() {
        assert!(is_token_rejection("Invalid token."));
        assert!(is_token_rejection("Token expired."));
        assert!(is_token_rejection("The session has expired"));
        assert!(!is_token_rejection("Unknown callId."));
        assert!(!is_token_rejection("Invalid credentials."));
    }

    #[test]
    fn retry_after_in_seconds_and_http_dates() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:51:37 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:49:47 1994", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past"
        );
        for bad in ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    fn limits() -> Limits {
        Limits {
            connect: Duration::from_secs(10),
            deadline: Some((TimeoutPhase::Request, Duration::from_secs(60))),
            stall: None,
        }
    }

    #[test]
    fn proxy_refusals_keep_their_status() {
        let e = map_ureq(
            "X",
            ureq::Error::ConnectProxyFailed("proxy server responded 407/Proxy Authentication Required".into()),
            limits(),
        );
        assert_eq!(
            (e.kind(), e.http_status(), e.retryable()),
            (crate::ErrorKind::Connect, Some(407), false)
        );
        assert!(e.to_string().contains("user and password in the proxy URL"), "{e}");
        let e = map_ureq(
            "X",
            ureq::Error::ConnectProxyFailed("proxy server responded 502/Bad Gateway".into()),
            limits(),
        );
        assert!(e.retryable() && e.never_sent());
        let e = map_ureq(
            "X",
            ureq::Error::ConnectProxyFailed("proxy server did not respond".into()),
            limits(),
        );
        assert!(matches!(e, Error::Connect { .. }), "{e:?}");
    }

    #[test]
    fn tls_failures_get_a_hint() {
        let unknown = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let e = map_ureq(
            "X",
            ureq::Error::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, unknown)),
            limits(),
        );
        assert_eq!(e.kind(), crate::ErrorKind::Tls);
        assert!(e.to_string().contains("add_ca_file"), "{e}");
        let e = map_ureq(
            "X",
            ureq::Error::Rustls(rustls::Error::InvalidMessage(
                rustls::InvalidMessage::InvalidContentType,
            )),
            limits(),
        );
        assert!(e.to_string().contains("plain-http port"), "{e}");
        let e = map_ureq("X", ureq::Error::Tls("other"), limits());
        assert_eq!(e.to_string(), "X: TLS error: other");
    }

    #[test]
    fn dns_failures_are_connect_errors() {
        let dns = Outcome {
            dns_failed: true,
            ..Outcome::default()
        };
        let e = map_failure("X", ureq::Error::HostNotFound, dns, limits());
        assert_eq!(e.kind(), crate::ErrorKind::Connect);
        assert!(e.never_sent() && e.retryable());
        assert!(e.to_string().contains("DNS"), "{e}");
    }

    #[test]
    fn html_decode_keeps_unknown_entities() {
        assert_eq!(html_decode("a &bogus; b & c &#x41;"), "a &bogus; b & c A");
    }

    fn test_ca() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/tls/ca.pem")
    }

    fn specific(r: ureq::tls::RootCerts) -> Vec<ureq::tls::Certificate<'static>> {
        match r {
            ureq::tls::RootCerts::Specific(v) => v.as_ref().clone(),
            other => panic!("expected specific roots, got {other:?}"),
        }
    }

    #[test]
    fn the_trusted_roots_follow_the_builder() {
        let ca_der = match ureq::tls::parse_pem(&std::fs::read(test_ca()).unwrap()).next() {
            Some(Ok(ureq::tls::PemItem::Certificate(c))) => c.der().to_vec(),
            _ => panic!("the test CA is not a PEM certificate"),
        };
        let mozilla = webpki_root_certs::TLS_SERVER_ROOT_CERTS.len();
        // Neither store nor CA file: ureq's bundled Mozilla roots.
        let none = root_certs(&crate::Client::builder().use_system_roots(false)).unwrap();
        assert!(matches!(none, ureq::tls::RootCerts::WebPki), "{none:?}");
        // System store off, one CA file: Mozilla's roots stay trusted, the CA joins them.
        let v = specific(root_certs(&crate::Client::builder().use_system_roots(false).add_ca_file(test_ca())).unwrap());
        assert_eq!(v.len(), mozilla + 1);
        assert_eq!(v.last().unwrap().der(), &ca_der[..]);
        // System store on (the default), one CA file: the system store plus the CA.
        let v = specific(root_certs(&crate::Client::builder().add_ca_file(test_ca())).unwrap());
        let system = system_roots();
        let base = if system.is_empty() { mozilla } else { system.len() };
        assert_eq!(v.len(), base + 1);
        assert_eq!(v.last().unwrap().der(), &ca_der[..]);
        // Two CA files: both count.
        let v = specific(
            root_certs(
                &crate::Client::builder()
                    .use_system_roots(false)
                    .add_ca_file(test_ca())
                    .add_ca_file(test_ca()),
            )
            .unwrap(),
        );
        assert_eq!(v.len(), mozilla + 2);
        // A PEM file holding only a key is refused.
        let key = test_ca().with_file_name("server.key");
        let e = root_certs(&crate::Client::builder().add_ca_file(&key)).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Tls);
        assert!(e.to_string().contains("holds no PEM certificate"), "{e}");
    }

    #[test]
    fn every_tls_wording_gets_its_hint() {
        for (message, hint) in [
            ("invalid peer certificate: UnknownIssuer", "add_ca_file"),
            ("certificate signed by unknown issuer", "add_ca_file"),
            ("received corrupt message of type InvalidContentType", "plain-http port"),
            ("InvalidContentType", "plain-http port"),
            ("invalid content type", "plain-http port"),
            ("received corrupt message", "plain-http port"),
            ("invalid peer certificate: Expired", "clock"),
            ("invalid peer certificate: NotValidYet", "clock"),
            ("invalid peer certificate: NotValidForName", "does not name this host"),
            ("certificate not valid for name \"x\"", "does not name this host"),
        ] {
            let e = tls_error("X", message.to_owned());
            assert_eq!(e.kind(), crate::ErrorKind::Tls);
            let text = e.to_string();
            assert!(text.contains(message) && text.contains(hint), "{message}: {text}");
            for other in ["add_ca_file", "plain-http port", "clock", "does not name this host"] {
                assert!(other == hint || !text.contains(other), "{message}: {text}");
            }
        }
        assert_eq!(
            tls_error("X", "handshake failure".into()).to_string(),
            "X: TLS error: handshake failure"
        );
    }

    #[test]
    fn only_dotted_exception_type_names_are_stripped() {
        // Stripped: .NET type names, with the characters generic and nested types use.
        assert_eq!(fault_message("Idiligo.Service_Faults.Bad_Exception: a"), "a");
        assert_eq!(
            fault_message("System.Collections.Generic.KeyNotFound`1+InnerException: b"),
            "b"
        );
        // Kept: what only looks like one.
        for kept in [
            "ArgumentException: no namespace",
            "System.Error: not an exception",
            "Some.Bad Exception: a space",
            "Some.Bad-Exception: a dash",
        ] {
            assert_eq!(fault_message(kept), kept);
        }
        // The first non-blank line counts.
        assert_eq!(fault_message("\n  \nInvalid token.\nsecond line"), "Invalid token.");
    }

    #[test]
    fn html_decode_knows_the_five_named_entities() {
        assert_eq!(html_decode("&lt;&gt;&amp;&quot;&apos;"), "<>&\"'");
        assert_eq!(html_decode("x&#65;&#x42;&#X43;y"), "xABCy");
        assert_eq!(html_decode("no entity"), "no entity");
        assert_eq!(html_decode("&amp;amp;"), "&amp;");
    }

    #[test]
    fn timeouts_name_their_phase_and_limit() {
        use ureq::Timeout as T;
        let phase = |t: T, limits: Limits| {
            let e = map_ureq("X", ureq::Error::Timeout(t), limits);
            assert_eq!(e.kind(), crate::ErrorKind::Timeout, "{e}");
            (e.timeout_phase().unwrap(), e.timeout_after().unwrap())
        };
        let secs = Duration::from_secs;
        let stalled = Limits {
            stall: Some(secs(7)),
            ..limits()
        };
        // Connecting (and resolving) is the connect timeout, whatever else applied.
        assert_eq!(phase(T::Connect, limits()), (TimeoutPhase::Connect, secs(10)));
        assert_eq!(phase(T::Resolve, stalled), (TimeoutPhase::Connect, secs(10)));
        // A read or write that stalls is the stall timeout when one applied...
        assert_eq!(phase(T::PerRead, stalled), (TimeoutPhase::Stall, secs(7)));
        assert_eq!(phase(T::PerWrite, stalled), (TimeoutPhase::Stall, secs(7)));
        // ...and the call's deadline otherwise.
        assert_eq!(phase(T::PerRead, limits()), (TimeoutPhase::Request, secs(60)));
        assert_eq!(phase(T::Global, stalled), (TimeoutPhase::Request, secs(60)));
        // The deadline wins over the wrapper's record only when it fired.
        let e = map_failure(
            "X",
            ureq::Error::ConnectionFailed,
            Outcome {
                fired: Some(Fired::Deadline),
                during_connect: true,
                ..Outcome::default()
            },
            limits(),
        );
        assert_eq!(
            (e.timeout_phase(), e.timeout_after()),
            (Some(TimeoutPhase::Connect), Some(secs(60)))
        );
        let e = map_failure(
            "X",
            ureq::Error::ConnectionFailed,
            Outcome {
                fired: Some(Fired::Stall),
                ..Outcome::default()
            },
            stalled,
        );
        assert_eq!(
            (e.timeout_phase(), e.timeout_after()),
            (Some(TimeoutPhase::Stall), Some(secs(7)))
        );
        let e = map_failure(
            "X",
            ureq::Error::ConnectionFailed,
            Outcome {
                fired: Some(Fired::Cancelled),
                ..Outcome::default()
            },
            limits(),
        );
        assert_eq!(e.kind(), crate::ErrorKind::Cancelled);
    }

    #[test]
    fn io_errors_by_kind() {
        use std::io::{Error as E, ErrorKind as K};
        let kind = |e: E| map_ureq("X", ureq::Error::Io(e), limits());
        let e = kind(E::new(K::ConnectionRefused, "refused"));
        assert_eq!(e.kind(), crate::ErrorKind::Connect, "{e}");
        assert!(e.never_sent() && e.retryable(), "{e}");
        for k in [K::TimedOut, K::WouldBlock] {
            let e = kind(E::new(k, "slow"));
            assert_eq!(
                (e.kind(), e.timeout_phase(), e.timeout_after()),
                (
                    crate::ErrorKind::Timeout,
                    Some(TimeoutPhase::Request),
                    Some(Duration::from_secs(60))
                )
            );
        }
        let e = kind(E::new(K::BrokenPipe, "pipe"));
        assert_eq!(e.kind(), crate::ErrorKind::Transport, "{e}");
        assert!(e.to_string().contains("pipe"), "{e}");
        let e = map_ureq("X", ureq::Error::HostNotFound, limits());
        assert_eq!(e.kind(), crate::ErrorKind::Connect);
        let e = map_ureq("X", ureq::Error::BodyExceedsLimit(5), limits());
        assert_eq!(e.kind(), crate::ErrorKind::TooLarge);
        let e = map_ureq("X", ureq::Error::TooManyRedirects, limits());
        assert_eq!((e.kind(), e.http_status()), (crate::ErrorKind::Http, Some(300)));
    }
}
