//! One exchange with the service, driven by the operation table: the request is built from the
//! operation's row (wire names, secret flags, where the token goes), sent, and its answer
//! classified; failed attempts are repeated by the rule the row's `effect` decides.
//!
//! The success path does no redaction and collects no secrets: both happen only when an
//! answer turns into an error.

use std::io::Read as _;
use std::time::Instant;

use crate::client::Client;
use crate::config::Binding;
use crate::error::{Error, Result, TimeoutPhase};
use crate::ops::{Effect, Op, Operation, Param};
use crate::redact::is_secret_name;
use crate::sliced::{Limits, Scope};
use crate::soap::{self, BinarySource};
use crate::transport;

/// What a successful exchange produced.
#[derive(Debug)]
pub(crate) enum Reply {
    /// 200 with an empty body: success of a `void` operation (HTTP GET/POST).
    Empty,
    /// 200 with a body to parse as XML (HTTP GET/POST: the value is the root element).
    Xml(Vec<u8>),
    /// 200 with a SOAP envelope (the value is the `…Result` element of the `…Response`).
    Soap(Vec<u8>),
}

/// The value of one parameter of a table operation, given positionally (in the table's
/// parameter order, the token left out).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    /// A scalar: one form value.
    Str(&'a str),
    /// An array (`ArrayOf…`, `base64Binary` given as one value per byte): the key repeated
    /// once per element over HTTP, the array's items over SOAP.
    List(&'a [&'a str]),
    /// An `ArrayOfNameValue` (SOAP only): name/value pairs in order.
    Pairs(&'a [(&'a str, &'a str)]),
    /// A `base64Binary` streamed from a source into the envelope (SOAP only: uploads).
    Binary(&'a dyn BinarySource),
}

/// When a failed attempt may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryRule {
    /// After transient failures (transport, timeouts, 408/429/502/503/504).
    Transient,
    /// Only when the request provably never left this machine.
    NeverSent,
}

impl RetryRule {
    /// The rule of an operation's effect: Create → only when never sent; Read/Write → on
    /// transient failures.
    pub(crate) const fn of(effect: Effect) -> RetryRule {
        match effect {
            Effect::Create => RetryRule::NeverSent,
            Effect::Read | Effect::Write => RetryRule::Transient,
        }
    }

    fn allows(self, e: &Error) -> bool {
        e.retryable() && (self == RetryRule::Transient || e.never_sent())
    }
}

/// The parameters of a request, the token left out.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Args<'a> {
    /// A table operation's values, positionally (see [`Value`]).
    Table(&'static Operation, &'a [Value<'a>]),
    /// An operation the table does not know: wire names and values as the caller gave them.
    Named(&'a [(&'a str, &'a str)]),
}

/// Everything one request needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a> {
    /// The operation's name (for errors and logs).
    pub(crate) name: &'static str,
    /// `{endpoint}/{name}`.
    pub(crate) url: &'a str,
    /// Whether the session token goes first.
    pub(crate) takes_token: bool,
    /// The parameters.
    pub(crate) args: Args<'a>,
    /// When a failed attempt is repeated.
    pub(crate) retry: RetryRule,
    /// The binding to use instead of the client's (uploads always go over SOAP).
    pub(crate) binding: Option<Binding>,
}

/// The token's wire name for operations outside the table (the table's rows name it too).
pub(crate) const TOKEN: &str = "token";

impl<'a> Request<'a> {
    /// A request for table operation `op` with its non-token values, positionally.
    pub(crate) fn table(op: Op, url: &'a str, values: &'a [Value<'a>]) -> Request<'a> {
        let spec = op.spec();
        let takes_token = spec.takes_token();
        debug_assert_eq!(
            values.len() + usize::from(takes_token),
            spec.params.len(),
            "{}: wrong number of values",
            spec.name
        );
        Request {
            name: spec.name,
            url,
            takes_token,
            args: Args::Table(spec, values),
            retry: RetryRule::of(spec.effect),
            binding: None,
        }
    }

    /// The operation's parameters after the token.
    fn table_params(spec: &'static Operation, takes_token: bool) -> &'static [Param] {
        &spec.params[usize::from(takes_token)..]
    }

    /// The form (`application/x-www-form-urlencoded`): the token first when the operation
    /// takes one, then every parameter in order, an array's key once per element.
    fn form(&self, token: Option<&str>) -> String {
        let mut form = form_urlencoded::Serializer::new(String::with_capacity(128));
        match self.args {
            Args::Table(spec, values) => {
                if let Some(t) = token {
                    form.append_pair(spec.params[0].name, t);
                }
                for (p, v) in Self::table_params(spec, self.takes_token).iter().zip(values) {
                    match v {
                        Value::Str(s) => {
                            form.append_pair(p.name, s);
                        }
                        Value::List(items) => {
                            for s in *items {
                                form.append_pair(p.name, s);
                            }
                        }
                        // SOAP only: refused before a form is built (`check_binding`, uploads).
                        Value::Pairs(_) | Value::Binary(_) => {
                            debug_assert!(false, "{}: no form value for {}", spec.name, p.name);
                        }
                    }
                }
            }
            Args::Named(pairs) => {
                if let Some(t) = token {
                    form.append_pair(TOKEN, t);
                }
                for (k, v) in pairs {
                    form.append_pair(k, v);
                }
            }
        }
        form.finish()
    }

    /// The values of the request's secret parameters (the table's flags; for operations
    /// outside the table, parameters named apikey/password/ticket/token in any case). Only
    /// error paths call this.
    pub(crate) fn secrets(&self) -> Vec<&'a str> {
        let mut out = Vec::new();
        match self.args {
            Args::Table(spec, values) => {
                for (p, v) in Self::table_params(spec, self.takes_token).iter().zip(values) {
                    if p.secret {
                        match v {
                            Value::Str(s) => out.push(*s),
                            Value::List(items) => out.extend_from_slice(items),
                            Value::Pairs(_) | Value::Binary(_) => {}
                        }
                    }
                }
            }
            Args::Named(pairs) => out.extend(pairs.iter().filter(|(k, _)| is_secret_name(k)).map(|(_, v)| *v)),
        }
        out
    }
}

impl Client {
    /// Runs a request with retries: the session token is added when the operation takes one
    /// (see [`Client::authed`]).
    pub(crate) fn run(&self, req: &Request<'_>) -> Result<Reply> {
        if req.takes_token {
            self.authed(req)
        } else {
            self.exchange(req, None)
        }
    }

    /// Runs table operation `op` with its non-token values, positionally: refuses an operation
    /// the configured binding does not offer (nothing sent), then runs it.
    pub(crate) fn invoke(&self, op: Op, values: &[Value<'_>]) -> Result<Reply> {
        self.check_binding(op)?;
        self.run(&Request::table(op, self.op_url(op), values))
    }

    /// An InvalidArgument error when the configured binding does not offer `op`.
    pub(crate) fn check_binding(&self, op: Op) -> Result<()> {
        let spec = op.spec();
        let binding = self.config().binding;
        let offered = match binding {
            Binding::Post => spec.bindings.post,
            Binding::Get => spec.bindings.get,
            Binding::Soap => spec.bindings.soap,
        };
        if offered {
            Ok(())
        } else if spec.bindings.soap {
            Err(Error::invalid(
                spec.name,
                format!(
                    "{} is SOAP only: the service does not offer it on the HTTP {} binding; \
                     build the client with .binding(Binding::Soap)",
                    spec.name,
                    binding.as_str().to_ascii_uppercase()
                ),
            ))
        } else {
            Err(Error::invalid(
                spec.name,
                format!("{} is not offered on the {} binding", spec.name, binding.as_str()),
            ))
        }
    }

    /// One request with retries, by the request's rule. Each attempt has its own deadline
    /// (the request timeout); the backoffs between them are cut short by a cancel.
    pub(crate) fn exchange(&self, req: &Request<'_>, token: Option<&str>) -> Result<Reply> {
        let policy = self.config().retry;
        let mut retry = 0;
        // Whether an earlier attempt may have reached the service (for a cancel's report).
        let mut sent = false;
        loop {
            if self.cancelled() {
                return Err(Error::Cancelled {
                    operation: req.name,
                    sent,
                });
            }
            match self.exchange_once(req, token) {
                Ok(r) => return Ok(r),
                Err(Error::Cancelled { operation, sent: now }) => {
                    return Err(Error::Cancelled {
                        operation,
                        sent: sent || now,
                    })
                }
                Err(e) => {
                    sent |= !e.never_sent();
                    if !req.retry.allows(&e) || retry >= policy.max_retries {
                        return Err(e);
                    }
                    let backoff = policy.backoff(retry, self.next_random());
                    let wait = match e.retry_after() {
                        Some(asked) if asked > policy.max_retry_after => {
                            log::warn!(
                                "{e}; not retried: Retry-After asks for {asked:?}, more than the {:?} the policy waits",
                                policy.max_retry_after
                            );
                            return Err(e);
                        }
                        Some(asked) => asked.max(backoff),
                        None => backoff,
                    };
                    log::warn!("{e}; retry {} of {} in {wait:?}", retry + 1, policy.max_retries);
                    if !self.sleep(wait) {
                        return Err(Error::Cancelled {
                            operation: req.name,
                            sent,
                        });
                    }
                    retry += 1;
                }
            }
        }
    }

    fn exchange_once(&self, req: &Request<'_>, token: Option<&str>) -> Result<Reply> {
        let cfg = self.config();
        let op = req.name;
        let binding = req.binding.unwrap_or(cfg.binding);
        let url = if binding == Binding::Soap {
            // User info included (basic authentication); logs and errors show it masked.
            self.raw_endpoint()
        } else {
            req.url
        };
        // Built before anything is sent: a value SOAP cannot carry is refused here.
        let envelope = match binding {
            Binding::Soap => Some(soap::envelope(req, token)?),
            _ => None,
        };
        // A streamed upload has no total deadline (its length is the caller's): every read and
        // write must make progress within the stall timeout instead, as for downloads.
        let streaming = envelope.as_ref().is_some_and(|e| e.stream.is_some());
        let started = Instant::now();
        let scope = Scope::enter(Limits {
            deadline: if streaming {
                None
            } else {
                started.checked_add(cfg.request_timeout)
            },
            per_io: streaming.then_some(cfg.stall_timeout),
            cancel: self.cancel_token().cloned(),
        });
        let limits = transport::Limits {
            connect: cfg.connect_timeout,
            deadline: (!streaming).then_some((TimeoutPhase::Request, cfg.request_timeout)),
            stall: streaming.then_some(cfg.stall_timeout),
        };
        let debug = log::log_enabled!(log::Level::Debug);
        let mut streamed = None;
        // `envelope` is Some exactly for SOAP.
        let result = match (binding, envelope) {
            (_, Some(envelope)) => {
                let request = self
                    .agent()
                    .post(url)
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("SOAPAction", soap::action(op));
                match envelope.stream {
                    None => request.send(envelope.head.as_bytes()),
                    Some(source) => {
                        streamed = Some(source);
                        let length = envelope.len();
                        let raw = source.open()?;
                        let mut body = envelope
                            .head
                            .as_bytes()
                            .chain(soap::Base64Reader::new(raw, source.len()))
                            .chain(envelope.tail.as_bytes());
                        request
                            .header("Content-Length", length.to_string())
                            .send(ureq::SendBody::from_reader(&mut body))
                    }
                }
            }
            (Binding::Get, None) => {
                let form = req.form(token);
                if form.is_empty() {
                    self.agent().get(req.url).call()
                } else {
                    self.agent().get(&format!("{}?{form}", req.url)).call()
                }
            }
            (_, None) => self
                .agent()
                .post(req.url)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .send(req.form(token).as_bytes()),
        };
        // A failure of the streamed document (I/O, a size change, a cancel) is what stopped
        // the request, whatever ureq made of it.
        if let Some(failure) = streamed.and_then(|s: &dyn BinarySource| s.take_failure()) {
            return Err(failure);
        }
        let mut response = match result {
            Ok(r) => r,
            Err(e) => {
                let e = self.clean(transport::map_failure(op, e, scope.outcome(), limits), &[]);
                if debug {
                    log::debug!(
                        "{op}: {binding:?} {} failed after {:?}: {e}",
                        self.shown_url(url),
                        started.elapsed()
                    );
                }
                return Err(e);
            }
        };
        let status = response.status().as_u16();
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok());
        let class = Class::of(status, content_type);
        // The content type and Retry-After are kept only for the error they may end up in.
        let (content_type, retry_after) = match class {
            Class::Body => (None, None),
            _ => (
                content_type.map(str::to_owned),
                match status {
                    429 | 503 => response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| transport::parse_retry_after(v, std::time::SystemTime::now())),
                    _ => None,
                },
            ),
        };
        let body = response
            .body_mut()
            .with_config()
            .limit(cfg.max_response_bytes)
            .read_to_vec()
            .map_err(|e| self.clean(transport::map_failure(op, e, scope.outcome(), limits), &[]))?;
        drop(scope);
        if debug {
            log::debug!(
                "{op}: {binding:?} {} -> {status} ({} bytes) in {:?}",
                self.shown_url(url),
                body.len(),
                started.elapsed()
            );
        }
        match class {
            Class::Body if body.iter().all(u8::is_ascii_whitespace) => Ok(Reply::Empty),
            Class::Body if binding == Binding::Soap => Ok(Reply::Soap(body)),
            Class::Body => Ok(Reply::Xml(body)),
            Class::Fault => Err(self.fault(req, token, status, &body)),
            Class::UntypedFault if !body.trim_ascii_start().starts_with(b"<") => {
                Err(self.fault(req, token, status, &body))
            }
            Class::XmlFault | Class::UntypedFault if crate::xml::soap_fault(&body).is_some() => {
                Err(self.soap_fault(req, token, status, &body))
            }
            _ => {
                let secrets = self.request_secrets(req, token);
                Err(Error::Http {
                    operation: op,
                    status,
                    excerpt: self.excerpt(&body, &secrets),
                    content_type: content_type.map(|c| self.redact(&c, &secrets)),
                    url: Some(self.redact(&self.shown_url(url), &secrets)),
                    retry_after,
                })
            }
        }
    }

    /// The secret values of a request plus the token it carried (error paths only).
    fn request_secrets<'a>(&self, req: &Request<'a>, token: Option<&'a str>) -> Vec<&'a str> {
        let mut secrets = req.secrets();
        secrets.extend(token);
        secrets
    }

    /// A service error from a `500 text/plain` fault.
    fn fault(&self, req: &Request<'_>, token: Option<&str>, status: u16, body: &[u8]) -> Error {
        let secrets = self.request_secrets(req, token);
        let text = String::from_utf8_lossy(body);
        // Decode first, then redact, so no encoding hides a secret from the masking.
        let message = self.redact(&transport::fault_message(&text), &secrets);
        let detail = self.redact(&text, &secrets);
        Error::Service {
            operation: req.name,
            status,
            message,
            detail,
        }
    }

    /// A service error from a `soap:Fault` (any status, any customErrors form): the message as
    /// [`soap::fault_message`] reads it, the whole `faultstring` as the detail.
    fn soap_fault(&self, req: &Request<'_>, token: Option<&str>, status: u16, body: &[u8]) -> Error {
        let secrets = self.request_secrets(req, token);
        let (_, text) = crate::xml::soap_fault(body).unwrap_or_default();
        let message = self.redact(&soap::fault_message(&text), &secrets);
        let detail = self.redact(&text, &secrets);
        Error::Service {
            operation: req.name,
            status,
            message,
            detail,
        }
    }

    /// `{endpoint}/{name}` of a table operation, computed once at construction.
    pub(crate) fn op_url(&self, op: Op) -> &str {
        &self.op_urls()[op as usize]
    }
}

/// How an answer is classified before its body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// 200 with a body that is not HTML: a result (or void, when empty).
    Body,
    /// 500 with `text/plain`: a fault.
    Fault,
    /// 500 with no (or an empty) content type: a fault unless the body looks like markup
    /// (decided once the body is read).
    UntypedFault,
    /// 500 with an XML content type: a SOAP fault when the body is one.
    XmlFault,
    /// Anything else: an HTTP error.
    Http,
}

impl Class {
    fn of(status: u16, content_type: Option<&str>) -> Class {
        let base = content_type.map(|c| c.split(';').next().unwrap_or("").trim());
        match status {
            200 if base.is_some_and(|b| contains_ignore_case(b, "html")) => Class::Http,
            200 => Class::Body,
            500 if base.is_some_and(|b| b.eq_ignore_ascii_case("text/plain")) => Class::Fault,
            500 if base.is_none_or(str::is_empty) => Class::UntypedFault,
            500 if base.is_some_and(|b| contains_ignore_case(b, "xml")) => Class::XmlFault,
            _ => Class::Http,
        }
    }
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        assert_eq!(Class::of(200, Some("text/xml; charset=utf-8")), Class::Body);
        assert_eq!(Class::of(200, None), Class::Body);
        assert_eq!(Class::of(200, Some("text/HTML")), Class::Http);
        assert_eq!(Class::of(500, Some("text/plain; charset=utf-8")), Class::Fault);
        assert_eq!(Class::of(500, None), Class::UntypedFault);
        assert_eq!(Class::of(500, Some("")), Class::UntypedFault);
        assert_eq!(Class::of(500, Some("text/html")), Class::Http);
        assert_eq!(Class::of(500, Some("text/xml; charset=utf-8")), Class::XmlFault);
        assert_eq!(Class::of(500, Some("application/soap+xml")), Class::XmlFault);
        assert_eq!(Class::of(503, Some("text/plain")), Class::Http);
    }

    #[test]
    fn forms_follow_the_table() {
        let url = "http://127.0.0.1/x";
        let names = ["a b", "c"];
        let values = ["1&2", ""];
        let vals = [Value::Str("P/1"), Value::List(&names), Value::List(&values)];
        let r = Request::table(Op::SetValues, url, &vals);
        assert_eq!(
            r.form(Some("tok")),
            "token=tok&publicId=P%2F1&names=a+b&names=c&values=1%262&values="
        );
        assert_eq!(r.retry, RetryRule::Transient);
        let vals = [Value::Str("k"), Value::Str("u"), Value::Str("p")];
        let r = Request::table(Op::Login, url, &vals);
        assert!(!r.takes_token);
        assert_eq!(r.form(None), "apikey=k&username=u&password=p");
        assert_eq!(r.secrets(), vec!["k", "p"]);
        let r = Request::table(Op::CreateCall, url, &[Value::Str("X")]);
        assert_eq!(r.retry, RetryRule::NeverSent);
        let pairs = [("Ticket", "t"), ("x", "1"), ("x", "2")];
        let r = Request {
            name: "Other",
            url,
            takes_token: true,
            args: Args::Named(&pairs),
            retry: RetryRule::NeverSent,
            binding: None,
        };
        assert_eq!(r.form(Some("tok")), "token=tok&Ticket=t&x=1&x=2");
        assert_eq!(r.secrets(), vec!["t"]);
    }
}
