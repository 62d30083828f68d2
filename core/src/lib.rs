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
//!   rejects it, and lets concurrent callers share one login.
//! * **Errors** are one enum, [`Error`], whose [`ErrorKind`] is the table the C ABI and the
//!   Python package map from. Secrets never appear in errors, `Debug` output or logs.
//! * **Nothing is lost.** [`Client::start_meeting`] reports which step failed together with
//!   every id created so far; downloads go through a temporary file and an atomic rename.
//! * **Timeouts** are always finite; retries use backoff with jitter and never repeat an
//!   operation that creates something (the table's `Effect::Create`) unless the request
//!   provably never left.
//! * **One set of argument rules.** The checks of configuration, waits and durations live here
//!   ([`RetryPolicy::new`], [`WaitOptions::new`], [`duration_from_secs`]); the C library and
//!   the Python package call them instead of checking on their own.
//! * Logging uses the [`log`] facade (target `idiligo`).
#![deny(missing_docs)]

mod cancel;
mod client;
mod config;
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
mod transport;
mod xml;

#[cfg(feature = "sandbox")]
pub mod sandbox;

pub use cancel::CancelToken;
pub use client::{participant_url, Client};
pub use config::{
    duration_from_millis, duration_from_secs, Binding, ClientBuilder, Credentials, RetryPolicy, Sleeper,
    DEFAULT_BASE_URL,
};
pub use download::{safe_file_name, DownloadOptions, Progress, SavedFile, WaitOptions};
pub use error::{Error, ErrorKind, Result, TimeoutPhase};
pub use ids::{CallId, ContactId, DocumentId, PublicId, Secret, Token};
pub use meeting::{AddedDocument, DocumentSource, Meeting, MeetingRequest, MeetingStep, PartialMeeting, Participant};
pub use model::{Attachment, CallRecord, MeetingResults, NameValue};
pub use operations::CallOptions;

/// The SDK version (`CARGO_PKG_VERSION`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
