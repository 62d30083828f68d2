//! The sandbox's hooks (inspecting, simulating the participant, faults, latency, reset) on
//! the state the workers share, so [`Sandbox`](super::Sandbox)'s methods and the control API
//! ([`super::control`]) run the same code.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::http::{Endpoint, Shared};
use super::service::state::{AddedVia, AttachmentEntry, ConversionStatus, DocumentBinding, StoredDocument};
use super::service::{self, state::State};
use super::{
    lock, parse_id, CallSnapshot, ContactSnapshot, DocumentSnapshot, Fault, MailSnapshot, StoredDocumentSnapshot, OP,
};
use crate::error::{Error, Result};
use crate::ids::{CallId, ContactId, DocumentId, PublicId};

impl Shared {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub(super) fn url(&self) -> String {
        format!("http://{}", self.local)
    }

    /// Serves `bytes` at `{url}/files/{name}` (for AddDocumentFromUrl) and returns that URL.
    pub(super) fn host_file(&self, name: &str, bytes: Vec<u8>) -> String {
        let encoded = service::escape_data_string(name);
        lock(&self.hosted).insert(encoded.clone(), Arc::new(bytes));
        format!("{}/files/{encoded}", self.url())
    }

    /// Everything known about a meeting, or `None` for an unknown id.
    pub(super) fn call(&self, call: &CallId) -> Option<CallSnapshot> {
        let id: i64 = call.as_str().trim().parse().ok()?;
        let st = lock(&self.state);
        let c = st.calls.get(&id)?;
        let contact = c.contact_id.and_then(|cid| {
            st.contacts.get(&cid).map(|k| ContactSnapshot {
                id: ContactId::new(cid.to_string()),
                email: k.email.clone(),
                first_name: k.first_name.clone(),
                last_name: k.last_name.clone(),
            })
        });
        let now = Instant::now();
        let documents = c
            .attachments
            .iter()
            .filter_map(|e| {
                st.documents.get(&e.document_id).map(|d| DocumentSnapshot {
                    id: DocumentId::new(e.document_id.to_string()),
                    filename: d.filename.clone(),
                    external_id: match &e.binding {
                        DocumentBinding::UploadAction { external_id } => external_id.clone(),
                        _ => String::new(),
                    },
                    origin: e.binding.origin(),
                    binding: e.binding.clone(),
                    size: d.bytes.len() as u64,
                    sign_status: e.sign_status,
                    conversion: d.conversion(now).0,
                })
            })
            .collect();
        Some(CallSnapshot {
            id: call.clone(),
            script_code: c.script_code.clone(),
            public_id: PublicId::new(c.public_id.clone()),
            contact,
            values: c
                .values
                .iter()
                .map(|(n, v)| (n.clone().unwrap_or_default(), v.clone().unwrap_or_default()))
                .collect(),
            documents,
            comment: c.comment.clone(),
            ended: c.ended,
            customer_id: c.customer_id.clone(),
            external_data: c.external_data.clone(),
        })
    }

    /// A stored document (bound to a meeting or not), or `None` for an unknown or deleted id.
    pub(super) fn document(&self, document: &DocumentId) -> Option<StoredDocumentSnapshot> {
        let id: i64 = document.as_str().trim().parse().ok()?;
        let st = lock(&self.state);
        let d = st.documents.get(&id)?;
        let (conversion, percentage) = d.conversion(Instant::now());
        Some(StoredDocumentSnapshot {
            id: document.clone(),
            filename: d.filename.clone(),
            external_id: d.external_id.clone(),
            private: d.private,
            temporary: d.temporary,
            added_via: d.source,
            size: d.bytes.len() as u64,
            conversion,
            percentage,
        })
    }

    /// A document's conversion status now, as `GetDocumentStatus` answers it (`NotFound` for
    /// an unknown or deleted id).
    pub(super) fn document_status(&self, document: &DocumentId) -> ConversionStatus {
        match document.as_str().trim().parse::<i64>() {
            Ok(id) => lock(&self.state).conversion(id).0,
            Err(_) => ConversionStatus::NotFound,
        }
    }

    /// Makes a stored document's conversion fail now: its status becomes `ERROR`.
    pub(super) fn fail_conversion(&self, document: &DocumentId) -> Result<()> {
        let id = parse_id(document.as_str())?;
        let mut st = lock(&self.state);
        let d = st
            .documents
            .get_mut(&id)
            .ok_or_else(|| Error::invalid(OP, format!("unknown document {document}")))?;
        d.failed = true;
        Ok(())
    }

    /// The mails `SendMail` recorded, oldest first.
    pub(super) fn mails(&self) -> Vec<MailSnapshot> {
        lock(&self.state)
            .mails
            .iter()
            .map(|m| MailSnapshot {
                call: CallId::new(m.call_id.to_string()),
                to: m.to.clone(),
                template_code: m.template_code.clone(),
                attachments: m.attachments.clone(),
                sent: m.sent,
            })
            .collect()
    }

    /// The bytes of a stored document.
    pub(super) fn document_bytes(&self, document: &DocumentId) -> Option<Vec<u8>> {
        let id: i64 = document.as_str().trim().parse().ok()?;
        lock(&self.state).documents.get(&id).map(|d| d.bytes.to_vec())
    }

    /// Simulates the participant uploading a file in the meeting: it appears in
    /// GetAttachments with `Attach = false`.
    pub(super) fn simulate_upload(&self, call: &CallId, filename: &str, bytes: Vec<u8>) -> Result<DocumentId> {
        let id: i64 = parse_id(call.as_str())?;
        let mut st = lock(&self.state);
        if !st.calls.contains_key(&id) {
            return Err(Error::invalid(OP, format!("unknown call {call}")));
        }
        let doc = st.store_document(StoredDocument::new(
            filename,
            bytes,
            AddedVia::Upload,
            Duration::ZERO,
            "",
        ));
        if let Some(c) = st.calls.get_mut(&id) {
            c.attachments.push(AttachmentEntry {
                document_id: doc,
                binding: DocumentBinding::Upload,
                date: SystemTime::now(),
                sign_status: 0,
            });
        }
        Ok(DocumentId::new(doc.to_string()))
    }

    /// Simulates the participant signing a document of the meeting: its `SignStatus` becomes
    /// 2 and its bytes get a signature trailer (so a download shows the signed version).
    pub(super) fn simulate_sign(&self, call: &CallId, document: &DocumentId) -> Result<()> {
        let (cid, did) = (parse_id(call.as_str())?, parse_id(document.as_str())?);
        let mut st = lock(&self.state);
        let signer = {
            let c = st
                .calls
                .get(&cid)
                .ok_or_else(|| Error::invalid(OP, format!("unknown call {call}")))?;
            if !c.attachments.iter().any(|e| e.document_id == did) {
                return Err(Error::invalid(
                    OP,
                    format!("document {document} is not part of call {call}"),
                ));
            }
            c.contact_id
                .and_then(|k| st.contacts.get(&k))
                .map(|k| k.email.clone())
                .unwrap_or_else(|| "participant".into())
        };
        if let Some(d) = st.documents.get_mut(&did) {
            let mut signed = d.bytes.to_vec();
            signed.extend_from_slice(
                format!(
                    "\n%% signed by {signer} at {}\n",
                    service::format_utc(SystemTime::now())
                )
                .as_bytes(),
            );
            d.bytes = Arc::new(signed);
        }
        if let Some(c) = st.calls.get_mut(&cid) {
            for e in c.attachments.iter_mut().filter(|e| e.document_id == did) {
                e.sign_status = 2;
            }
        }
        Ok(())
    }

    /// Makes every token issued so far expire now (to exercise re-login).
    pub(super) fn expire_tokens(&self) {
        lock(&self.state).expired_before = Some(Instant::now());
    }

    /// Queues a fault.
    pub(super) fn inject(&self, fault: Fault) {
        lock(&self.faults).push_back(fault);
    }

    /// Removes all queued faults.
    pub(super) fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    /// Adds this latency to every request (default none).
    pub(super) fn set_latency(&self, latency: Duration) {
        *lock(&self.latency) = latency;
    }

    /// How many requests an operation (by its wire name, exact case: `Op::Login.name()`), or
    /// `"Download"` (`Download.ashx`), `"Files"` (hosted files), has received, over any binding.
    /// Requests to names that are no operation count under `"other"`.
    pub(super) fn request_count(&self, operation: &str) -> u64 {
        Endpoint::from_counter_name(operation).map_or(0, |e| self.op_count(e))
    }

    /// How many requests reached an endpoint.
    pub(super) fn op_count(&self, endpoint: Endpoint) -> u64 {
        lock(&self.counts).get(&endpoint).copied().unwrap_or(0)
    }

    /// See [`Sandbox::reset`](super::Sandbox::reset).
    pub(super) fn reset(&self) {
        {
            let mut st = lock(&self.state);
            let fresh = State {
                next_id: st.next_id,
                random: st.random,
                tokens: std::mem::take(&mut st.tokens),
                expired_before: st.expired_before,
                ..State::default()
            };
            *st = fresh;
        }
        lock(&self.faults).clear();
        *lock(&self.latency) = Duration::ZERO;
        lock(&self.hosted).clear();
        lock(&self.counts).clear();
    }
}
