//! `idiligo`: the idiligo SDK as a command, for applications that can run a program but cannot
//! load a library (VBA, old ERPs, batch jobs, schedulers).
//!
//! Credentials come from the environment or a config file ([`settings`]), never from the
//! command line; every command prints machine-readable JSON with `--json`, errors included;
//! the exit status comes from the SDK's one error table ([`idiligo::ErrorKind::exit_code`]).

mod progress;
mod settings;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use idiligo::ops::{self, Answer, Effect, Op};
use idiligo::{
    Attachment, CallId, CallOptions, Client, DocumentSource, DownloadAllOptions, Error, ErrorKind, MeetingRequest,
    OnError, Participant, PublicId, WaitOptions,
};
use serde_json::{json, Value};

use settings::Settings;

const AFTER_HELP: &str = "\
Credentials come from the environment or the config file, never from the command line:
  IDILIGO_APIKEY, IDILIGO_USERNAME and IDILIGO_PASSWORD (or IDILIGO_TICKET), or IDILIGO_TOKEN;
  IDILIGO_BASE_URL (default https://app.idiligo.com), IDILIGO_PROXY, IDILIGO_CA_FILE,
  IDILIGO_BINDING, IDILIGO_CONNECT_TIMEOUT, IDILIGO_REQUEST_TIMEOUT, IDILIGO_STALL_TIMEOUT.
The config file (default $IDILIGO_CONFIG, else $XDG_CONFIG_HOME/idiligo/config, else
~/.config/idiligo/config; %APPDATA%\\idiligo\\config on Windows) holds `key = value` lines with
the same keys in lower case (apikey, username, password, ticket, token, base_url, ...). It must
not be readable by others (chmod 600); the environment wins over it.

Exit status: 0 success, 2 usage error, 3 check-service found differences, 10 invalid argument,
20 connect, 21 timeout, 22 transport, 30 TLS, 40 HTTP, 50 service, 51 auth, 60 parse,
61 too large, 70 local I/O, 80 cancelled.";

/// Start Idiligo meetings, prefill them, and fetch their values and documents back.
#[derive(Parser, Debug)]
#[command(name = "idiligo", version, about, after_help = AFTER_HELP)]
struct Cli {
    /// Machine-readable output: one JSON document on standard output, errors included.
    #[arg(long, global = true)]
    json: bool,
    /// The config file (default: see below).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// The service's base URL (overrides IDILIGO_BASE_URL and the config file).
    #[arg(long, global = true, value_name = "URL")]
    base_url: Option<String>,
    /// Log what the SDK does to standard error (secrets are masked).
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Start a meeting: participant, values, documents; prints every id and both URLs.
    StartMeeting(Box<StartMeeting>),
    /// The values of a meeting (GetCallValues).
    Values {
        /// The call (meeting) id.
        call: String,
    },
    /// The documents of a meeting (GetAttachments).
    Attachments {
        /// The call (meeting) id.
        call: String,
    },
    /// Download every document of a meeting into a directory (safe, unique file names;
    /// existing files are never overwritten; --resume skips what an earlier run saved).
    Download {
        /// The call (meeting) id.
        call: String,
        /// The target directory (created if needed).
        dir: PathBuf,
        /// No progress line (it is only shown when standard error is a terminal anyway).
        #[arg(long)]
        no_progress: bool,
        /// Resume an earlier run: a manifest in DIR records what was saved, so a rerun skips
        /// documents already there and never saves one twice.
        #[arg(long)]
        resume: bool,
        /// Go on after a failed document and report each failure (exit status: the first
        /// failure's).
        #[arg(long = "continue")]
        keep_going: bool,
    },
    /// Wait until a meeting has at least N documents (polls GetAttachments), then list them.
    Wait {
        /// The call (meeting) id.
        call: String,
        /// How many documents to wait for.
        #[arg(long, default_value_t = 1, value_name = "N")]
        min: usize,
        /// Give up after this many seconds (exit status 21).
        #[arg(long, default_value_t = 600.0, value_name = "SECS")]
        timeout: f64,
        /// Seconds between two polls.
        #[arg(long, default_value_t = 5.0, value_name = "SECS")]
        poll: f64,
        /// Also wait until at least one document is signed (SignStatus 2).
        #[arg(long)]
        signed: bool,
    },
    /// Call any operation by name: `idiligo call GetCurrentStep publicId=P`. A repeated key is
    /// an array; the token is supplied; secrets are refused on the command line.
    Call {
        /// The operation's wire name (`idiligo operations` lists them).
        operation: String,
        /// Parameters as name=value.
        params: Vec<String>,
        /// Declare the call safe to repeat after a transient failure.
        #[arg(long)]
        repeatable: bool,
    },
    /// List the operation table, or show one operation.
    Operations {
        /// An operation's wire name.
        name: Option<String>,
    },
    /// The participant link for a public id (no request is sent).
    ParticipantUrl {
        /// The meeting's public id.
        public_id: String,
    },
    /// Compare the live service's ?WSDL with the SDK's operation table (no credentials needed).
    CheckService {
        /// The service's base URL (default: the configured one, else https://app.idiligo.com).
        url: Option<String>,
    },
    /// Run the stand-alone sandbox (an emulator of the service on 127.0.0.1). Prints one JSON
    /// line with its URL and fake credentials; `idiligo sandbox --help` lists its options.
    #[command(disable_help_flag = true)]
    Sandbox {
        /// The sandbox's options (see `idiligo sandbox --help`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "OPTIONS")]
        args: Vec<String>,
    },
}

#[derive(Args, Debug)]
struct StartMeeting {
    /// The script ("traject") code the meeting follows.
    #[arg(long, value_name = "CODE")]
    script: String,
    /// The participant's e-mail address (creates and attaches the participant).
    #[arg(long, value_name = "EMAIL")]
    email: Option<String>,
    /// The participant's first name.
    #[arg(long, value_name = "NAME", requires = "email")]
    first_name: Option<String>,
    /// The participant's last name.
    #[arg(long, value_name = "NAME", requires = "email")]
    last_name: Option<String>,
    /// A value to write into the meeting (repeatable, in order).
    #[arg(long = "value", value_name = "NAME=VALUE")]
    values: Vec<String>,
    /// A document the service downloads from this URL (repeatable).
    #[arg(long = "document", value_name = "URL")]
    documents: Vec<String>,
    /// The file name of the document at the same position (default: the URL's last segment).
    #[arg(long = "document-name", value_name = "NAME")]
    document_names: Vec<String>,
    /// Your external id of the document at the same position (default: document-N).
    #[arg(long = "document-id", value_name = "ID")]
    document_ids: Vec<String>,
    /// A local file to upload into the meeting (repeatable; sent over SOAP as base64, named as
    /// the file; external ids go on from the URLs' numbering: document-N). Every file is
    /// checked before anything is created.
    #[arg(long = "document-file", value_name = "PATH")]
    document_files: Vec<PathBuf>,
    /// Wait up to this many seconds until every document is converted (READY) before the
    /// meeting counts as started.
    #[arg(long, value_name = "SECONDS")]
    wait_for_documents: Option<f64>,
    /// On a failure, delete the documents and end the call this command created, and report
    /// what was removed (default: keep everything and report its ids).
    #[arg(long)]
    cleanup_on_failure: bool,
    /// Where the agent is sent after the meeting.
    #[arg(long, value_name = "URL")]
    return_url: Option<String>,
}

/// A failure: an SDK error, or a usage error found after parsing.
enum Failure {
    Sdk(Error),
    Usage(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Sdk(e)
    }
}

type Outcome = Result<(Value, String, u8), Failure>;

fn done(json: Value, text: impl Into<String>) -> Outcome {
    Ok((json, text.into(), 0))
}

fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

// ------------------------------------------------------------------ JSON of the SDK's values

fn attachment_json(a: &Attachment) -> Value {
    json!({
        "id": a.id.as_str(),
        "description": a.description,
        "url": a.url,
        "preview": a.preview,
        "attach": a.attach,
        "size": a.size,
        "date": a.date,
        "sign_url": a.sign_url,
        "sign_status": a.sign_status,
    })
}

fn attachments_text(list: &[Attachment]) -> String {
    let mut out = String::new();
    for a in list {
        out.push_str(&format!(
            "{}\t{}\t{}\tsize={}\tsigned={}\t{}\n",
            a.id,
            a.description.as_deref().unwrap_or(""),
            if a.attach { "bound" } else { "uploaded" },
            a.size.as_deref().unwrap_or(""),
            a.sign_status,
            a.url.as_deref().unwrap_or("")
        ));
    }
    if list.is_empty() {
        out.push_str("(no documents)\n");
    }
    out
}

fn error_json(e: &Error) -> Value {
    let mut v = json!({
        "kind": e.kind().as_str(),
        "exit_code": e.kind().exit_code(),
        "message": e.to_string(),
        "operation": e.operation(),
        "http_status": e.http_status(),
        "service_message": e.service_message(),
        "retryable": e.retryable(),
    });
    if let Some(step) = e.meeting_step() {
        v["meeting_step"] = json!(step.name());
        v["document_index"] = json!(step.document_index());
    }
    if let Some(p) = e.partial_meeting() {
        v["partial"] = json!({
            "call_id": p.call_id.as_ref().map(|c| c.as_str()),
            "contact_id": p.contact_id.as_ref().map(|c| c.as_str()),
            "public_id": p.public_id.as_ref().map(|c| c.as_str()),
            "documents": p.documents.iter().map(|d| json!({
                "external_id": d.external_id,
                "document_id": d.document_id.as_str(),
                "bound": d.bound,
            })).collect::<Vec<_>>(),
            "cleanup": p.cleanup.as_ref().map(|c| json!({
                "deleted_documents": c.deleted_documents.iter().map(|d| d.as_str()).collect::<Vec<_>>(),
                "ended_call": c.ended_call.as_ref().map(|c| c.as_str()),
                "not_removed": c.not_removed.iter().map(|(item, why)| json!({
                    "item": item.to_string(),
                    "reason": why,
                })).collect::<Vec<_>>(),
                "summary": c.to_string(),
            })),
        });
    }
    if let Some(p) = e.timeout_phase() {
        v["timeout_phase"] = json!(p.to_string());
    }
    v
}

fn error_text(e: &Error) -> String {
    let mut s = format!("idiligo: {e}");
    if let Some(p) = e.partial_meeting() {
        let ids: Vec<String> = [
            p.call_id.as_ref().map(|c| format!("call_id={c}")),
            p.contact_id.as_ref().map(|c| format!("contact_id={c}")),
            p.public_id.as_ref().map(|c| format!("public_id={c}")),
        ]
        .into_iter()
        .flatten()
        .chain(
            p.documents
                .iter()
                .map(|d| format!("document {}={} (bound: {})", d.external_id, d.document_id, d.bound)),
        )
        .collect();
        if !ids.is_empty() {
            s.push_str(&format!("\ncreated before the failure: {}", ids.join(", ")));
        }
        if let Some(c) = &p.cleanup {
            s.push_str(&format!("\nclean-up: {c}"));
        }
    }
    s
}

// ------------------------------------------------------------------ commands

fn name_value(s: &str, what: &str) -> Result<(String, String), Failure> {
    match s.split_once('=') {
        Some((n, v)) if !n.trim().is_empty() => Ok((n.to_owned(), v.to_owned())),
        _ => Err(usage(format!("{what} {s:?} is not NAME=VALUE"))),
    }
}

fn default_file_name(url: &str, index: usize) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    let decoded = percent_decode(last);
    if decoded.trim().is_empty() || path.ends_with("//") || !path.contains("://") || path.split('/').count() <= 3 {
        format!("document-{}", index + 1)
    } else {
        decoded
    }
}

fn percent_decode(s: &str) -> String {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn start_meeting(client: &Client, a: &StartMeeting) -> Outcome {
    let mut req = MeetingRequest::new(a.script.as_str());
    if let Some(email) = &a.email {
        req = req.participant(Participant::new(email.as_str()).name(
            a.first_name.clone().unwrap_or_default(),
            a.last_name.clone().unwrap_or_default(),
        ));
    }
    for v in &a.values {
        let (n, v) = name_value(v, "--value")?;
        req = req.value(n, v);
    }
    if a.document_names.len() > a.documents.len() || a.document_ids.len() > a.documents.len() {
        return Err(usage("more --document-name or --document-id than --document"));
    }
    for (i, url) in a.documents.iter().enumerate() {
        let name = a
            .document_names
            .get(i)
            .cloned()
            .unwrap_or_else(|| default_file_name(url, i));
        let id = a
            .document_ids
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("document-{}", i + 1));
        req = req.document(DocumentSource::new(url.as_str(), name, id));
    }
    for (i, path) in a.document_files.iter().enumerate() {
        let id = format!("document-{}", a.documents.len() + i + 1);
        req = req.document(DocumentSource::from_file(path.clone(), id));
    }
    if let Some(t) = a.wait_for_documents {
        req = req.wait_for_documents(idiligo::duration_from_secs("--wait-for-documents", t)?);
    }
    req = req.cleanup_on_failure(a.cleanup_on_failure);
    if let Some(r) = &a.return_url {
        req = req.return_url(r.as_str());
    }
    let m = client.start_meeting(&req)?;
    let docs: Vec<Value> = m
        .documents
        .iter()
        .map(|d| json!({"external_id": d.external_id, "document_id": d.document_id.as_str()}))
        .collect();
    let mut text = format!(
        "call_id={}\ncontact_id={}\npublic_id={}\nagent_url={}\nparticipant_url={}\n",
        m.call_id,
        m.contact_id.as_ref().map(|c| c.as_str()).unwrap_or(""),
        m.public_id,
        m.agent_url,
        m.participant_url
    );
    for d in &m.documents {
        text.push_str(&format!("document {}={}\n", d.external_id, d.document_id));
    }
    done(
        json!({
            "call_id": m.call_id.as_str(),
            "contact_id": m.contact_id.as_ref().map(|c| c.as_str()),
            "public_id": m.public_id.as_str(),
            "agent_url": m.agent_url,
            "participant_url": m.participant_url,
            "documents": docs,
        }),
        text,
    )
}

fn values(client: &Client, call: &str) -> Outcome {
    let list = client.get_call_values(&CallId::new(call))?;
    let mut text = String::new();
    for nv in &list {
        text.push_str(&format!(
            "{}={}\n",
            nv.name.as_deref().unwrap_or(""),
            nv.value.as_deref().unwrap_or("")
        ));
    }
    let json: Vec<Value> = list
        .iter()
        .map(|nv| json!({"name": nv.name, "value": nv.value}))
        .collect();
    done(json!({"call_id": call, "values": json}), text)
}

fn attachments(client: &Client, call: &str) -> Outcome {
    let list = client.get_attachments(&CallId::new(call))?;
    let json: Vec<Value> = list.iter().map(attachment_json).collect();
    done(json!({"call_id": call, "attachments": json}), attachments_text(&list))
}

fn download(client: &Client, call: &str, dir: &std::path::Path, flags: DownloadFlags) -> Outcome {
    let mut bar = progress::Bar::new(flags.progress);
    bar.start(&format!("documents of call {call}"));
    let mut report = |done: u64, total: Option<u64>| {
        bar.update(done, total);
        true
    };
    let options = DownloadAllOptions::new()
        .resume(flags.resume)
        .on_error(if flags.keep_going {
            OnError::Continue
        } else {
            OnError::Stop
        })
        .progress(&mut report);
    let result = client.download_all_with(&CallId::new(call), dir, options)?;
    drop(bar);
    let mut text = String::new();
    let mut outcomes = Vec::with_capacity(result.outcomes.len());
    for o in &result.outcomes {
        let a = &o.attachment;
        let path = o.outcome.path().map(|p| p.to_string_lossy().into_owned());
        text.push_str(&format!(
            "{}\t{}\t{}{}\n",
            a.id,
            o.outcome.as_str(),
            path.as_deref().unwrap_or(a.description.as_deref().unwrap_or("")),
            o.outcome.bytes().map(|b| format!("\t{b} bytes")).unwrap_or_default()
        ));
        outcomes.push(json!({
            "id": a.id.as_str(),
            "description": a.description,
            "outcome": o.outcome.as_str(),
            "path": path,
            "bytes": o.outcome.bytes(),
            "error": o.outcome.error().map(error_json),
        }));
    }
    if result.outcomes.is_empty() {
        text.push_str("(no documents)\n");
    }
    let saved: Vec<Value> = result
        .files()
        .iter()
        .map(|s| {
            json!({
                "id": s.attachment.id.as_str(),
                "description": s.attachment.description,
                "path": s.path.to_string_lossy(),
                "bytes": s.bytes,
            })
        })
        .collect();
    let mut json = json!({
        "call_id": call,
        "dir": dir.to_string_lossy(),
        "resume": flags.resume,
        "complete": result.is_complete(),
        "outcomes": outcomes,
        "saved": saved,
    });
    let mut code = 0;
    if let Some(e) = result.manifest_error.as_ref().or(result.first_error()) {
        json["error"] = error_json(e);
        text.push_str(&format!("{}\n", error_text(e)));
        code = e.kind().exit_code();
    }
    Ok((json, text, code))
}

/// The switches of `download`.
#[derive(Debug, Clone, Copy)]
struct DownloadFlags {
    progress: bool,
    resume: bool,
    keep_going: bool,
}

fn wait(client: &Client, call: &str, min: usize, timeout: f64, poll: f64, signed: bool) -> Outcome {
    let timeout = idiligo::duration_from_secs("--timeout", timeout)?;
    let poll = idiligo::duration_from_secs("--poll", poll)?;
    let options = WaitOptions::new(timeout, poll)?.min_count(min);
    let list = client.wait_for_attachments(&CallId::new(call), options, |list| {
        !signed || list.iter().any(|a| a.sign_status == 2)
    })?;
    let json: Vec<Value> = list.iter().map(attachment_json).collect();
    done(json!({"call_id": call, "attachments": json}), attachments_text(&list))
}

fn call_op(client: &Client, operation: &str, params: &[String], repeatable: bool) -> Outcome {
    let mut pairs = Vec::with_capacity(params.len());
    for p in params {
        let (n, v) = name_value(p, "parameter")?;
        let secret = Op::from_name(operation)
            .and_then(|op| op.spec().param(&n))
            .is_some_and(|p| p.secret)
            || ["apikey", "password", "ticket", "token"]
                .iter()
                .any(|s| n.eq_ignore_ascii_case(s));
        if secret {
            return Err(usage(format!(
                "parameter {n} is a secret: secrets are never taken from the command line \
                 (the tool logs in with the configured credentials and supplies the token)"
            )));
        }
        pairs.push((n, v));
    }
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let xml = client.call(operation, &borrowed, &CallOptions::new().repeatable(repeatable))?;
    let text = match &xml {
        Some(x) => format!("{x}\n"),
        None => String::new(),
    };
    done(json!({"operation": operation, "xml": xml}), text)
}

fn effect_name(e: Effect) -> &'static str {
    match e {
        Effect::Read => "read",
        Effect::Write => "write",
        Effect::Create => "create",
    }
}

fn operation_json(o: &ops::Operation) -> Value {
    let bindings: Vec<&str> = [
        (o.bindings.soap, "soap"),
        (o.bindings.get, "get"),
        (o.bindings.post, "post"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, b)| b)
    .collect();
    json!({
        "name": o.name,
        "params": o.params.iter().map(|p| json!({
            "name": p.name, "type": p.xsd.name(), "array": p.xsd.is_array(), "secret": p.secret,
        })).collect::<Vec<_>>(),
        "answer": match o.answer { Answer::Void => "void", Answer::Value(x) => x.name() },
        "effect": effect_name(o.effect),
        "bindings": bindings,
        "typed": o.typed,
        "summary": o.summary,
    })
}

fn operations(name: Option<&str>) -> Outcome {
    match name {
        None => {
            let mut text = String::new();
            for o in ops::operations() {
                text.push_str(&format!("{:<28} {}\n", o.name, o.summary));
            }
            let list: Vec<Value> = ops::operations().iter().map(operation_json).collect();
            done(json!({"operations": list}), text)
        }
        Some(n) => {
            let Some(op) = Op::from_name(n) else {
                return Err(Failure::Sdk(Error::InvalidArgument {
                    operation: "operations",
                    message: format!(
                        "{:?} is not in the operation table (names are case-sensitive; `idiligo operations` lists them)",
                        n.chars().take(64).collect::<String>()
                    ),
                }));
            };
            let o = op.spec();
            let mut text = format!("{}: {}\n", o.name, o.summary);
            for p in o.params {
                text.push_str(&format!(
                    "  {} ({}{}){}\n",
                    p.name,
                    p.xsd,
                    if p.xsd.is_array() { ", repeated" } else { "" },
                    if p.secret { ", secret: supplied by the tool" } else { "" }
                ));
            }
            text.push_str(&format!(
                "  answer: {}; effect: {}\n",
                match o.answer {
                    Answer::Void => "void",
                    Answer::Value(x) => x.name(),
                },
                effect_name(o.effect)
            ));
            done(operation_json(o), text)
        }
    }
}

fn check_service(settings: &Settings, url: Option<&str>) -> Outcome {
    let mut b = settings.connection()?;
    if let Some(u) = url {
        b = b.base_url(u);
    }
    let client = b.build()?;
    let report = client.check_service()?;
    let diffs: Vec<Value> = report
        .differences()
        .iter()
        .map(|d| {
            json!({
                "kind": d.kind.as_str(),
                "subject": d.subject,
                "expected": d.expected,
                "found": d.found,
                "mismatch": d.kind.is_mismatch(),
                "message": d.message,
            })
        })
        .collect();
    let code = if report.matches() { 0 } else { ErrorKind::EXIT_MISMATCH };
    Ok((
        json!({
            "endpoint": client.endpoint(),
            "matches": report.matches(),
            "service_operations": report.found_operations(),
            "table_operations": report.expected_operations(),
            "differences": diffs,
        }),
        format!("{}: {report}\n", client.endpoint()),
        code,
    ))
}

fn run_sandbox(args: &[String]) -> Outcome {
    use idiligo::sandbox::standalone;
    let options = standalone::parse_args(args.iter().cloned()).map_err(|e| usage(e.to_string()))?;
    if options.help {
        print!(
            "{}",
            standalone::USAGE.replacen("usage: sandbox", "usage: idiligo sandbox", 1)
        );
        return Ok((Value::Null, String::new(), 0));
    }
    standalone::run(&options, &mut std::io::stdout(), &mut std::io::stdin().lock())?;
    Ok((Value::Null, String::new(), 0))
}

fn run(cli: &Cli, env: &dyn Fn(&str) -> Option<String>) -> Outcome {
    if let Command::Sandbox { args } = &cli.command {
        return run_sandbox(args);
    }
    if let Command::Operations { name } = &cli.command {
        return operations(name.as_deref());
    }
    let mut settings = Settings::load(cli.config.as_deref(), env)?;
    if let Some(u) = &cli.base_url {
        settings.set("base_url", u.clone());
    }
    let client = || -> Result<Client, Error> { settings.client()?.build() };
    match &cli.command {
        Command::StartMeeting(a) => start_meeting(&client()?, a),
        Command::Values { call } => values(&client()?, call),
        Command::Attachments { call } => attachments(&client()?, call),
        Command::Download {
            call,
            dir,
            no_progress,
            resume,
            keep_going,
        } => {
            let flags = DownloadFlags {
                progress: !no_progress && !cli.json,
                resume: *resume,
                keep_going: *keep_going,
            };
            download(&client()?, call, dir, flags)
        }
        Command::Wait {
            call,
            min,
            timeout,
            poll,
            signed,
        } => wait(&client()?, call, *min, *timeout, *poll, *signed),
        Command::Call {
            operation,
            params,
            repeatable,
        } => call_op(&client()?, operation, params, *repeatable),
        Command::ParticipantUrl { public_id } => {
            let link = settings
                .connection()?
                .build()?
                .participant_url(&PublicId::new(public_id.as_str()))?;
            done(
                json!({"public_id": public_id, "participant_url": link}),
                format!("{link}\n"),
            )
        }
        Command::CheckService { url } => check_service(&settings, url.as_deref()),
        Command::Sandbox { .. } | Command::Operations { .. } => unreachable!("handled above"),
    }
}

// ------------------------------------------------------------------ logging

struct StderrLogger;

impl log::Log for StderrLogger {
    fn enabled(&self, m: &log::Metadata) -> bool {
        m.target().starts_with("idiligo")
    }
    fn log(&self, r: &log::Record) {
        if self.enabled(r.metadata()) {
            eprintln!("[{} {}] {}", r.level(), r.target(), r.args());
        }
    }
    fn flush(&self) {}
}

static LOGGER: StderrLogger = StderrLogger;

// ------------------------------------------------------------------ main

fn print_json(v: &Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".into()));
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().collect();
    let json_wanted = raw.iter().skip(1).any(|a| a == "--json");
    let cli = match Cli::try_parse_from(&raw) {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind as K;
            if matches!(
                e.kind(),
                K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::from(if e.kind() == K::DisplayHelpOnMissingArgumentOrSubcommand {
                    ErrorKind::EXIT_USAGE
                } else {
                    0
                });
            }
            if json_wanted {
                let message = e.kind().to_string();
                let detail = e.to_string();
                print_json(&json!({"error": {
                    "kind": "usage", "exit_code": ErrorKind::EXIT_USAGE, "message": message,
                    "detail": detail.trim_end(),
                }}));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(ErrorKind::EXIT_USAGE);
        }
    };
    if cli.verbose {
        if log::set_logger(&LOGGER).is_ok() {
            log::set_max_level(log::LevelFilter::Debug);
        }
    } else if matches!(cli.command, Command::Sandbox { .. }) && log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(log::LevelFilter::Warn);
    }
    let env = |k: &str| std::env::var(k).ok();
    match run(&cli, &env) {
        Ok((value, text, code)) => {
            if cli.json {
                if !value.is_null() {
                    print_json(&value);
                }
            } else {
                print!("{text}");
            }
            ExitCode::from(code)
        }
        Err(Failure::Usage(message)) => {
            if cli.json {
                print_json(&json!({"error": {
                    "kind": "usage", "exit_code": ErrorKind::EXIT_USAGE, "message": message,
                }}));
            } else {
                eprintln!("idiligo: {message}\n(see idiligo --help)");
            }
            ExitCode::from(ErrorKind::EXIT_USAGE)
        }
        Err(Failure::Sdk(e)) => {
            if cli.json {
                print_json(&json!({ "error": error_json(&e) }));
            } else {
                eprintln!("{}", error_text(&e));
            }
            ExitCode::from(e.kind().exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn file_names_from_urls() {
        assert_eq!(
            default_file_name("https://crm.example/doc/offer%20v1.pdf?x=1", 0),
            "offer v1.pdf"
        );
        assert_eq!(default_file_name("https://crm.example/", 1), "document-2");
        assert_eq!(default_file_name("https://crm.example", 0), "document-1");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%41%zz"), "A%zz");
    }

    #[test]
    fn the_help_documents_every_exit_code() {
        let table = AFTER_HELP.split("Exit status:").nth(1).unwrap().replace('\n', " ");
        let documented: Vec<u8> = table
            .split(',')
            .filter_map(|entry| entry.split_whitespace().next()?.parse().ok())
            .collect();
        let mut want: Vec<u8> = ErrorKind::ALL.iter().map(|k| k.exit_code()).collect();
        want.extend([0, ErrorKind::EXIT_USAGE, ErrorKind::EXIT_MISMATCH]);
        want.sort();
        let mut got = documented.clone();
        got.sort();
        assert_eq!(got, want, "{table}");
    }

    #[test]
    fn secrets_are_refused_on_the_command_line() {
        let client = Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
        for p in ["password=x", "apikey=x", "Token=x", "ticket=x"] {
            let r = call_op(&client, Op::Login.name(), &[p.to_owned()], false);
            assert!(matches!(r, Err(Failure::Usage(m)) if m.contains("secret")), "{p}");
        }
    }
}
