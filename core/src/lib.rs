//! # idiligo
//!
//! A synchronous client for Idiligo's InsideService20 web service: start online meetings,
//! prefill them with values and documents, and fetch the uploaded, generated and signed
//! documents back. With the `sandbox` feature it also embeds an in-process emulator of the
//! service, so integrations can be developed and tested offline.
//!
//! ```
//! # #[cfg(feature = "sandbox")] {
//! use idiligo::{sandbox::Sandbox, DocumentSource, MeetingRequest, Participant};
//!
//! let sandbox = Sandbox::start()?;                  // or Client::builder() for the real service
//! let client = sandbox.client()?;
//! let doc_url = sandbox.host_file("offer.pdf", b"%PDF-1.4 offer".to_vec());
//! let meeting = client.start_meeting(
//!     &MeetingRequest::new("INTAKE")
//!         .participant(Participant::new("jan@example.com").name("Jan", "Jansen"))
//!         .value("PolicyNumber", "P-1234")
//!         .document(DocumentSource::new(doc_url, "offer.pdf", "crm-7")),
//! )?;
//! println!("agent: {}\nparticipant: {}", meeting.agent_url, meeting.participant_url);
//!
//! let attachments = client.get_attachments(&meeting.call_id)?;
//! assert_eq!(attachments.len(), 1);
//! let mut bytes = Vec::new();
//! client.download_to_writer(attachments[0].url.as_deref().unwrap(), &mut bytes, Default::default())?;
//! assert_eq!(bytes, b"%PDF-1.4 offer");
//! # }
//! # Ok::<(), idiligo::Error>(())
//! ```
//!
//! ## Design
//! * **One operation table.** [`ops`] describes every operation of the service (parameters,
//!   XSD types, secrets, answer, effect, bindings). The client builds each request from it:
//!   typed methods for what integrations need (the guide's eleven, [`Client::get_call_values`],
//!   [`Client::get_call`], [`Client::end_call`], [`Client::send_mail`] …, and
//!   [`Client::meeting_results`]), and [`Client::call`] for any operation by name.
//! * **One client, shared.** [`Client`] is `Send + Sync` and cheap to clone; it logs in
//!   lazily, reuses the token, renews it before it expires and once more when the service
//!   rejects it, and lets concurrent callers share one login — and its failure, so waiters
//!   never queue up behind a login that does not answer.
//! * **Errors** are one enum, [`Error`], whose [`ErrorKind`] is the table the C ABI and the
//!   Python package map from. Secrets never appear in errors, `Debug` output or logs.
//! * **Three bindings.** HTTP POST (the default), HTTP GET and SOAP 1.1 ([`Binding`]) carry
//!   the same operations into the same values and errors; SOAP is needed for `SetCallValues`
//!   and is the binding of every upload ([`UploadOptions`]), streamed from the source.
//! * **Nothing is lost.** [`Client::start_meeting`] reports which step failed together with
//!   every id created so far (and, when asked, what its clean-up removed); downloads go through
//!   a temporary file and an atomic rename.
//! * **Timeouts** are always finite, and the request timeout is a deadline for each attempt
//!   (connection set-up to last byte) that a trickling server cannot stretch (a streamed upload,
//!   whose length is the caller's, has the stall timeout per read and write instead); retries
//!   use backoff with jitter, honour `Retry-After` up to a cap, and never repeat an operation
//!   that creates something (the table's `Effect::Create`) unless the request provably never
//!   left.
//! * **Cancellation** from any thread: a [`CancelToken`] and [`Client::with_cancel`]. Both the
//!   deadline and the token are enforced by a wrapper around ureq's sockets that waits in
//!   50 ms slices — no thread per request.
//! * **One set of argument rules.** The checks of configuration, waits and durations live here
//!   ([`RetryPolicy::new`], [`WaitOptions::new`], [`duration_from_secs`]); the C library and
//!   the Python package call them instead of checking on their own.
//! * Logging uses the [`log`] facade (target `idiligo`).
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cancel;
mod client;
mod config;
mod documents;
mod download;
mod error;
mod exchange;
mod ids;
mod meeting;
mod model;
mod operations;
pub mod ops;
mod redact;
mod session;
mod sliced;
mod soap;
mod transport;
pub mod wsdl;
mod xml;

/// Timing checks of linear work for the unit tests (shared with the integration tests).
#[cfg(test)]
#[path = "../tests/support/linear.rs"]
mod linear;

#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub mod sandbox;

pub use cancel::CancelToken;
pub use client::{participant_url, Client};
pub use config::{
    duration_from_millis, duration_from_secs, Binding, ClientBuilder, Credentials, RetryPolicy, Sleeper,
    DEFAULT_BASE_URL, DEFAULT_MAX_UPLOAD_BYTES,
};
pub use documents::{DocumentProgress, DocumentStatus, UploadOptions};
pub use download::{
    safe_file_name, AttachmentOutcome, DownloadAllOptions, DownloadOptions, DownloadReport, OnError, Outcome, Progress,
    SavedFile, WaitOptions, MANIFEST_NAME, MAX_REDIRECTS,
};
pub use error::{Error, ErrorKind, Result, TimeoutPhase};
pub use ids::{CallId, ContactId, DocumentId, PublicId, Secret, Token};
pub use meeting::{
    AddedDocument, CleanupReport, CreatedItem, DocumentSource, DocumentUpload, Meeting, MeetingRequest, MeetingStep,
    PartialMeeting, Participant,
};
pub use model::{Attachment, CallRecord, MeetingResults, NameValue};
pub use operations::CallOptions;

/// Entry points for the fuzz targets in `core/fuzz` (feature `fuzzing`; not a public API).
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    /// The scalar parsers (fast path and roxmltree) on `body`, for every primitive root the
    /// client accepts; panics when the two disagree.
    pub fn scalar(body: &[u8]) {
        for roots in [&["string"][..], &["long", "int", "string"], &["boolean"]] {
            crate::xml::fuzz_scalar(body, roots);
        }
    }

    /// A complex answer read as the type its root element names (or, when no type of `TYPES`
    /// has that name, a type picked by the body's length), by the generic reader (arrays item
    /// by item) and by the conversions the typed methods use (attachments, call data,
    /// name/value pairs).
    pub fn complex(body: &[u8]) {
        const OP: &str = "fuzz";
        let types = crate::ops::TYPES;
        let root = body
            .windows(2)
            .position(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
            .map(|p| {
                let name = &body[p + 1..];
                let end = name
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                    .unwrap_or(name.len());
                &name[..end]
            });
        let ty = types
            .iter()
            .find(|t| root.is_some_and(|r| r == t.name.as_bytes()))
            .unwrap_or(&types[body.len() % types.len()]);
        // Over SOAP the value is the `{op}Result` of the envelope; the operation's name is the
        // one this entry point reads answers for.
        for wire in [crate::xml::Wire::Http, crate::xml::Wire::Soap] {
            complex_as(body, ty, wire);
        }
        let _ = crate::xml::check_document(OP, body.to_vec());
        let _ = crate::xml::parse_soap_scalar(OP, body);
        let _ = crate::xml::check_soap_response(OP, body);
        if let Some((_, text)) = crate::xml::soap_fault(body) {
            let _ = crate::soap::fault_message(&text);
        }
    }

    fn complex_as(body: &[u8], ty: &'static crate::ops::ComplexType, wire: crate::xml::Wire) {
        const OP: &str = "fuzz";
        if ty.is_array() {
            if let Ok(items) = crate::xml::parse_array(OP, body, wire, ty.name) {
                for (i, e) in items.into_iter().enumerate() {
                    match ty.name {
                        "ArrayOfAttachmentDTO" => drop(crate::Attachment::from_element(OP, i, e)),
                        "ArrayOfNameValue" => drop(crate::NameValue::from_element(e)),
                        _ => drop(e.into_extra()),
                    }
                }
            }
        } else if let Ok(Some(e)) = crate::xml::parse_complex(OP, body, wire, ty.name) {
            match ty.name {
                "CallDTO" => drop(crate::CallRecord::from_element(OP, e)),
                _ => drop(e.into_extra()),
            }
        }
    }

    /// The fault-text parsers (plain-text and SOAP) and the entity decoder.
    pub fn fault_text(text: &str) {
        let _ = crate::transport::fault_message(text);
        let _ = crate::soap::fault_message(text);
        let _ = crate::transport::is_token_rejection(text);
        let decoded = crate::transport::html_decode(text);
        assert!(decoded.len() <= text.len(), "decoding never grows a text");
    }

    /// Redaction of `text` with `secrets`; panics when a secret (at least 3 bytes, no `*`)
    /// survives verbatim, or when a text without secrets or secret names changes.
    pub fn redact(text: &str, secrets: &[&str]) {
        let out = crate::redact::redact_secrets(text, secrets);
        for s in secrets.iter().filter(|s| s.len() >= 3 && !s.contains('*')) {
            assert!(!out.contains(s), "{s:?} survived in {out:?}");
        }
        let names = crate::redact::SECRET_NAMES
            .iter()
            .any(|n| text.to_ascii_lowercase().contains(&format!("{n}=")));
        if secrets.iter().all(|s| s.len() < 3) && !names {
            assert_eq!(out, text);
        }
        let _ = crate::redact::excerpt_of(&out);
    }

    /// `safe_file_name`'s promises: never empty, never `.` or `..`, no path separator or
    /// NUL, at most 150 bytes.
    pub fn file_name(description: &str, id: &str) {
        let name = crate::safe_file_name(description, id);
        assert!(!name.is_empty(), "{description:?}/{id:?}: empty");
        assert!(name != "." && name != "..", "{description:?}: {name:?}");
        assert!(!name.contains(['/', '\\', '\0']), "{description:?}: {name:?}");
        assert!(name.len() <= 150, "{description:?}: {} bytes", name.len());
    }
}

/// The SDK version (`CARGO_PKG_VERSION`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples, compiled and run as doc tests (they use the sandbox). Each is a
/// whole program with its `fn main`, so that it compiles when pasted.
#[cfg(all(doctest, feature = "sandbox"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
