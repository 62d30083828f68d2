//! The operations: one typed method per operation an integration needs (named by the table's
//! `typed` column), any operation by name ([`Client::call`]), and the meeting-results helper.
//!
//! Every method passes its values positionally to the table-driven exchange
//! ([`Client::invoke`]); wire names, the token, secret masking and the retry rule come from the
//! operation's row in [`ops`](crate::ops).

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::exchange::{Args, Reply, Request, RetryRule, Value, TOKEN};
use crate::ids::{CallId, ContactId, DocumentId, PublicId, Token};
use crate::model::{Attachment, CallRecord, MeetingResults, NameValue};
use crate::ops::{Answer, Op, Operation, Xsd};
use crate::xml::{self, Wire};

/// Name/value pairs per SetValues request: 2 keys each plus token and publicId stay well
/// under ASP.NET's 1,000-key limit.
const SET_VALUES_BATCH: usize = 400;

/// Roots accepted for an id answer: the WSDL's `<long>`, and `<int>`/`<string>` as some
/// deployments write them. The id is kept as text, never parsed.
const ID_ROOTS: &[&str] = &["long", "int", "string"];

/// An InvalidArgument error when `value` is empty or blank.
pub(crate) fn require(operation: &'static str, what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(operation, format!("{what} must not be empty")));
    }
    Ok(())
}

/// Options of [`Client::call`].
///
/// ```
/// use idiligo::CallOptions;
///
/// let options = CallOptions::new().repeatable(true);
/// assert!(options.is_repeatable());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallOptions {
    repeatable: bool,
    takes_token: Option<bool>,
}

impl CallOptions {
    /// The defaults: not declared repeatable; the token as the table says (or, for an
    /// operation outside the table, supplied).
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Declares the call safe to repeat (it only reads, or repeating it leaves the same
    /// state): then transient failures (transport, timeouts, 408/429/502/503/504) are retried
    /// by the client's policy. Without it only failures where the request provably never left
    /// this machine are retried, whatever the operation.
    pub fn repeatable(mut self, repeatable: bool) -> Self {
        self.repeatable = repeatable;
        self
    }

    /// Whether the operation takes the session token as its first parameter. Only needed for
    /// an operation outside the table that takes none (`takes_token(false)`); for a table
    /// operation the table decides, and a contradicting value is an
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) error.
    pub fn takes_token(mut self, takes_token: bool) -> Self {
        self.takes_token = Some(takes_token);
        self
    }

    /// Whether the call was declared safe to repeat.
    pub fn is_repeatable(&self) -> bool {
        self.repeatable
    }
}

/// The name every error of an operation outside the table carries once [`intern`]'s set is
/// full.
const OTHER_OPERATION: &str = "call";
/// How many distinct names outside the table [`intern`] keeps.
const INTERNED_MAX: usize = 256;

/// A `&'static str` for an operation name outside the table (errors name their operation with
/// one): a small global set of leaked strings, each name leaked once, at most
/// [`INTERNED_MAX`] names; beyond that, [`OTHER_OPERATION`].
fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(n) = names.get(name) {
        return n;
    }
    if names.len() >= INTERNED_MAX {
        return OTHER_OPERATION;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// Whether `name` is a plain identifier: ASCII letters, digits and `_`, not starting with a
/// digit, at most 128 characters.
fn is_identifier(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && !b[0].is_ascii_digit()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// `name (type), …` of an operation's parameters after the token, for error messages.
fn describe_params(spec: &Operation) -> String {
    let params: Vec<String> = spec
        .params
        .iter()
        .filter(|p| !(spec.takes_token() && p.name == TOKEN))
        .map(|p| {
            if p.xsd.is_array() {
                format!("{} ({}, repeated)", p.name, p.xsd)
            } else {
                format!("{} ({})", p.name, p.xsd)
            }
        })
        .collect();
    let list = if params.is_empty() {
        "no parameters".to_owned()
    } else {
        params.join(", ")
    };
    if spec.takes_token() {
        format!("{} takes {list}; the client supplies the token", spec.name)
    } else {
        format!("{} takes {list}", spec.name)
    }
}

impl Client {
    /// A primitive answer: over GET/POST the root element (one of `roots`), over SOAP the
    /// `…Result` element; `None` for a null value.
    pub(crate) fn scalar(&self, op: &'static str, reply: Reply, roots: &[&str]) -> Result<Option<String>> {
        match reply {
            Reply::Xml(body) => self.parsed(xml::parse_scalar(op, &body, roots)),
            Reply::Soap(body) => self.parsed(xml::parse_soap_scalar(op, &body)),
            Reply::Empty => Err(Error::parse(op, "empty response where a value was expected")),
        }
    }

    fn id_op(&self, op: Op, values: &[Value<'_>]) -> Result<String> {
        let reply = self.invoke(op, values)?;
        match self.scalar(op.name(), reply, ID_ROOTS)? {
            Some(v) if !v.trim().is_empty() => Ok(trimmed(v)),
            _ => Err(Error::parse(op.name(), "the service returned an empty id")),
        }
    }

    fn void_op(&self, op: Op, values: &[Value<'_>]) -> Result<()> {
        match self.invoke(op, values)? {
            Reply::Empty => Ok(()),
            // Some deployments answer void operations with a document; accept any well-formed one.
            Reply::Xml(body) => self.parsed(xml::check_document(op.name(), body)).map(|_| ()),
            Reply::Soap(body) => self.parsed(xml::check_soap_response(op.name(), &body)).map(|_| ()),
        }
    }

    pub(crate) fn reply_body(op: Op, reply: Reply) -> Result<(Vec<u8>, Wire)> {
        match reply {
            Reply::Xml(body) => Ok((body, Wire::Http)),
            Reply::Soap(body) => Ok((body, Wire::Soap)),
            Reply::Empty => Err(Error::parse(op.name(), "empty response where a document was expected")),
        }
    }

    // ------------------------------------------------------------------ Login, Impersonate

    /// `Login`: account login with API key, user name and password. Returns the token without
    /// touching the client's own session (use [`Client::login`] for that).
    pub fn login_password(&self, apikey: &str, username: &str, password: &str) -> Result<Token> {
        self.token_op(
            Op::Login,
            &[Value::Str(apikey), Value::Str(username), Value::Str(password)],
        )
    }

    /// `Impersonate`: log in as `username` with an authorization ticket. Returns the token
    /// without touching the client's own session.
    pub fn impersonate(&self, apikey: &str, username: &str, ticket: &str) -> Result<Token> {
        self.token_op(
            Op::Impersonate,
            &[Value::Str(apikey), Value::Str(username), Value::Str(ticket)],
        )
    }

    // ------------------------------------------------------------------ the guide's operations

    /// `CreateContact`: creates the meeting participant. First and last name may be empty.
    pub fn create_contact(&self, email: &str, first_name: &str, last_name: &str) -> Result<ContactId> {
        const OP: Op = Op::CreateContact;
        require(OP.name(), "email", email)?;
        self.id_op(OP, &[Value::Str(email), Value::Str(first_name), Value::Str(last_name)])
            .map(ContactId::new)
    }

    /// `CreateCall`: creates a meeting from a script ("traject") code.
    pub fn create_call(&self, script_code: &str) -> Result<CallId> {
        const OP: Op = Op::CreateCall;
        require(OP.name(), "script code", script_code)?;
        self.id_op(OP, &[Value::Str(script_code)]).map(CallId::new)
    }

    /// `SetContact`: attaches a participant to a meeting.
    pub fn set_contact(&self, call: &CallId, contact: &ContactId) -> Result<()> {
        const OP: Op = Op::SetContact;
        require(OP.name(), "call id", call.as_str())?;
        require(OP.name(), "contact id", contact.as_str())?;
        self.void_op(OP, &[Value::Str(call.as_str()), Value::Str(contact.as_str())])
    }

    /// `GetAgentUrl`: the URL at which the agent opens the meeting; `return_url` is where the
    /// agent is sent afterwards.
    pub fn get_agent_url(&self, call: &CallId, return_url: Option<&str>) -> Result<String> {
        const OP: Op = Op::GetAgentUrl;
        require(OP.name(), "call id", call.as_str())?;
        let reply = self.invoke(OP, &[Value::Str(call.as_str()), Value::Str(return_url.unwrap_or(""))])?;
        match self.scalar(OP.name(), reply, &["string"])? {
            Some(u) if !u.trim().is_empty() => Ok(trimmed(u)),
            _ => Err(Error::parse(OP.name(), "the service returned no URL")),
        }
    }

    /// `GetPublicCallId`: the public id of a meeting, used in the participant link.
    pub fn get_public_call_id(&self, call: &CallId) -> Result<PublicId> {
        const OP: Op = Op::GetPublicCallId;
        require(OP.name(), "call id", call.as_str())?;
        let reply = self.invoke(OP, &[Value::Str(call.as_str())])?;
        match self.scalar(OP.name(), reply, &["string", "long", "int"])? {
            Some(p) if !p.trim().is_empty() => Ok(PublicId::new(trimmed(p))),
            _ => Err(Error::parse(OP.name(), "the service returned no public id")),
        }
    }

    /// `SetValues`: writes named values into a meeting, in order. An empty list is a no-op
    /// (the service cannot receive an empty array). More than 400 pairs are sent in batches of
    /// 400, because ASP.NET refuses requests with more than 1,000 form keys; if a batch fails,
    /// the earlier batches have been written. The service rejects values containing
    /// `<` followed by a letter (ASP.NET request validation); such values get a service error.
    pub fn set_values<I, K, V>(&self, public_id: &PublicId, values: I) -> Result<()>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        const OP: Op = Op::SetValues;
        require(OP.name(), "public id", public_id.as_str())?;
        let pairs: Vec<(K, V)> = values.into_iter().collect();
        if pairs.is_empty() {
            return Ok(());
        }
        for (k, _) in &pairs {
            require(OP.name(), "value name", k.as_ref())?;
        }
        // ASP.NET refuses requests with more than 1,000 form keys (MaxHttpCollectionKeys), so
        // long lists go in batches, in order; a later value for a name still wins.
        for batch in pairs.chunks(SET_VALUES_BATCH) {
            let names: Vec<&str> = batch.iter().map(|(k, _)| k.as_ref()).collect();
            let values: Vec<&str> = batch.iter().map(|(_, v)| v.as_ref()).collect();
            self.void_op(
                OP,
                &[
                    Value::Str(public_id.as_str()),
                    Value::List(&names),
                    Value::List(&values),
                ],
            )?;
        }
        Ok(())
    }

    /// `AddDocumentFromUrl`: the service downloads `url` and stores it as `filename`;
    /// `external_id` is your key for binding it (see
    /// [`set_document_to_upload_action`](Self::set_document_to_upload_action)).
    pub fn add_document_from_url(&self, url: &str, filename: &str, external_id: &str) -> Result<DocumentId> {
        const OP: Op = Op::AddDocumentFromUrl;
        require(OP.name(), "url", url)?;
        require(OP.name(), "filename", filename)?;
        self.id_op(OP, &[Value::Str(url), Value::Str(filename), Value::Str(external_id)])
            .map(DocumentId::new)
    }

    /// `SetDocumentToUploadAction`: binds a stored document to a meeting's upload action.
    pub fn set_document_to_upload_action(&self, call: &CallId, external_id: &str, document: &DocumentId) -> Result<()> {
        const OP: Op = Op::SetDocumentToUploadAction;
        require(OP.name(), "call id", call.as_str())?;
        require(OP.name(), "document id", document.as_str())?;
        self.void_op(
            OP,
            &[
                Value::Str(call.as_str()),
                Value::Str(external_id),
                Value::Str(document.as_str()),
            ],
        )
    }

    /// `GetAttachments`: the documents of a meeting (bound, uploaded, generated, signed).
    pub fn get_attachments(&self, call: &CallId) -> Result<Vec<Attachment>> {
        const OP: Op = Op::GetAttachments;
        require(OP.name(), "call id", call.as_str())?;
        let (body, wire) = Self::reply_body(OP, self.invoke(OP, &[Value::Str(call.as_str())])?)?;
        self.parsed(
            self.parsed(xml::parse_array(OP.name(), &body, wire, answer_type(OP)))?
                .into_iter()
                .enumerate()
                .map(|(i, e)| Attachment::from_element(OP.name(), i, e))
                .collect(),
        )
    }

    // ------------------------------------------------------------------ reading a meeting back

    /// `GetCallValues`: the values of a meeting's fields, as ordered name/value pairs (in the
    /// order they were first written by `SetValues`, `SetValue` or `SetCallValues`).
    pub fn get_call_values(&self, call: &CallId) -> Result<Vec<NameValue>> {
        const OP: Op = Op::GetCallValues;
        require(OP.name(), "call id", call.as_str())?;
        let (body, wire) = Self::reply_body(OP, self.invoke(OP, &[Value::Str(call.as_str())])?)?;
        Ok(self
            .parsed(xml::parse_array(OP.name(), &body, wire, answer_type(OP)))?
            .into_iter()
            .map(NameValue::from_element)
            .collect())
    }

    /// `SetValue`: writes one named value into a meeting (a later value for the same name
    /// replaces the earlier one). The value may be empty; the name may not.
    pub fn set_value(&self, public_id: &PublicId, name: &str, value: &str) -> Result<()> {
        const OP: Op = Op::SetValue;
        require(OP.name(), "public id", public_id.as_str())?;
        require(OP.name(), "value name", name)?;
        self.void_op(
            OP,
            &[Value::Str(public_id.as_str()), Value::Str(name), Value::Str(value)],
        )
    }

    /// `SetComment`: sets the comment of a meeting (may be empty).
    pub fn set_comment(&self, call: &CallId, comment: &str) -> Result<()> {
        const OP: Op = Op::SetComment;
        require(OP.name(), "call id", call.as_str())?;
        self.void_op(OP, &[Value::Str(call.as_str()), Value::Str(comment)])
    }

    fn call_record(&self, op: Op, id: &str) -> Result<CallRecord> {
        let (body, wire) = Self::reply_body(op, self.invoke(op, &[Value::Str(id)])?)?;
        match self.parsed(xml::parse_complex(op.name(), &body, wire, answer_type(op)))? {
            Some(e) => self.parsed(CallRecord::from_element(op.name(), e)),
            None => Err(Error::parse(op.name(), "the service returned no call data (nil)")),
        }
    }

    /// `GetCall`: the data of a meeting by call id.
    pub fn get_call(&self, call: &CallId) -> Result<CallRecord> {
        const OP: Op = Op::GetCall;
        require(OP.name(), "call id", call.as_str())?;
        self.call_record(OP, call.as_str())
    }

    /// `GetCallByPublicId`: the data of a meeting by public id.
    pub fn get_call_by_public_id(&self, public_id: &PublicId) -> Result<CallRecord> {
        const OP: Op = Op::GetCallByPublicId;
        require(OP.name(), "public id", public_id.as_str())?;
        self.call_record(OP, public_id.as_str())
    }

    /// `EndCall`: ends a meeting; returns the URL the agent is sent to (the service answers
    /// `return_url` as given; `None` is sent empty and answered as the empty string).
    pub fn end_call(&self, call: &CallId, return_url: Option<&str>) -> Result<String> {
        const OP: Op = Op::EndCall;
        require(OP.name(), "call id", call.as_str())?;
        let reply = self.invoke(OP, &[Value::Str(call.as_str()), Value::Str(return_url.unwrap_or(""))])?;
        Ok(self.scalar(OP.name(), reply, &["string"])?.unwrap_or_default())
    }

    /// `SendMail`: the service mails `to` with the template `template_code` (for example the
    /// invitation); `attachments` is passed as the service expects it (may be empty). Returns
    /// the service's answer. Never repeated after the request may have left, so a failure
    /// cannot send the mail twice.
    pub fn send_mail(&self, call: &CallId, to: &str, template_code: &str, attachments: &str) -> Result<bool> {
        const OP: Op = Op::SendMail;
        require(OP.name(), "call id", call.as_str())?;
        require(OP.name(), "recipient (to)", to)?;
        let reply = self.invoke(
            OP,
            &[
                Value::Str(call.as_str()),
                Value::Str(to),
                Value::Str(template_code),
                Value::Str(attachments),
            ],
        )?;
        match self.scalar(OP.name(), reply, &["boolean"])?.as_deref().map(str::trim) {
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            other => Err(Error::parse(
                OP.name(),
                format!("the answer is not an xsd:boolean: {other:?}"),
            )),
        }
    }

    /// What a meeting produced, in one call: its values (`GetCallValues`) and its documents
    /// (`GetAttachments`).
    ///
    /// ```no_run
    /// # fn main() -> idiligo::Result<()> {
    /// # let client = idiligo::Client::builder().build()?;
    /// # let call = idiligo::CallId::new("1001");
    /// let results = client.meeting_results(&call)?;
    /// println!("policy {:?}, {} documents", results.value("PolicyNumber"), results.attachments.len());
    /// # Ok(()) }
    /// ```
    pub fn meeting_results(&self, call: &CallId) -> Result<MeetingResults> {
        Ok(MeetingResults {
            values: self.get_call_values(call)?,
            attachments: self.get_attachments(call)?,
        })
    }

    // ------------------------------------------------------------------ any operation by name

    /// Calls any operation by its wire name and returns the answer's XML document as text
    /// (the whole UTF-8 document, as the service sent it), or `None` when there is no value.
    ///
    /// * Over HTTP GET/POST the text is the answer's document (`<long xmlns=…>1002</long>`,
    ///   `<ArrayOfNameValue …>…`); `None` is a void answer (HTTP 200, empty body).
    /// * Over SOAP the text is the whole response envelope
    ///   (`<soap:Envelope …><soap:Body><OpResponse …><OpResult>…</OpResult></OpResponse>…`);
    ///   `None` is a `…Response` element without children: a void answer, or a null value
    ///   (Mono leaves `…Result` out for a null string).
    ///
    /// `params` are the operation's parameters without the token, which the client supplies
    /// (logging in as needed, and once more if the service rejects it), as for the typed
    /// methods. A repeated key is an array, its elements in order.
    ///
    /// * For an operation of the [table](crate::ops): the parameters are checked against its
    ///   row (names compared case-insensitively and sent with the table's spelling, in the
    ///   table's order): an unknown name, a missing scalar, a scalar given twice or an array
    ///   given no element is an [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    ///   error listing the operation's parameters, and nothing is sent. So is an operation the
    ///   configured binding does not offer (`SetCallValues` is SOAP only). Over SOAP the values
    ///   are typed by the row: an `ArrayOfString` is its repeated values as `<string>` items
    ///   (none given: an empty array), an `ArrayOfNameValue` takes each value as `name=value`
    ///   (split at the first `=`), a `base64Binary` takes one value per byte (`"37"`, `"80"`,
    ///   as over GET/POST) and is sent as base64.
    /// * Any other name is sent as given (the service has grown since 2016), with the token
    ///   first unless [`CallOptions::takes_token`] says it takes none; it must be a plain
    ///   identifier (letters, digits, `_`). Parameters named apikey, password, ticket or token
    ///   (any case) are treated as secrets. Over SOAP each parameter is an element with its
    ///   text, in the given order (all strings; parameter names must be plain identifiers).
    ///
    /// A `token` parameter is refused: the client supplies it. Errors are mapped and redacted
    /// as for the typed methods. A failed attempt is repeated only when the request provably
    /// never left this machine, unless the call is declared safe to repeat
    /// ([`CallOptions::repeatable`]).
    ///
    /// ```
    /// # #[cfg(feature = "sandbox")] {
    /// use idiligo::{sandbox::Sandbox, CallOptions};
    ///
    /// let sandbox = Sandbox::start()?;
    /// let client = sandbox.client()?;
    /// let call = client.create_call("INTAKE")?;
    /// let xml = client.call("GetPublicCallId", &[("callId", call.as_str())], &CallOptions::new().repeatable(true))?;
    /// assert!(xml.unwrap().contains("<string"));
    /// # }
    /// # Ok::<(), idiligo::Error>(())
    /// ```
    pub fn call(&self, operation: &str, params: &[(&str, &str)], options: &CallOptions) -> Result<Option<String>> {
        let retry = if options.repeatable {
            RetryRule::Transient
        } else {
            RetryRule::NeverSent
        };
        let reply = match Op::from_name(operation) {
            Some(op) => self.call_table(op, params, options, retry)?,
            None => self.call_other(operation, params, options, retry)?,
        };
        let name = Op::from_name(operation).map_or_else(|| intern(operation), Op::name);
        match reply {
            Reply::Empty => Ok(None),
            Reply::Xml(body) => self.parsed(xml::check_document(name, body)).map(Some),
            Reply::Soap(body) => {
                if self.parsed(xml::check_soap_response(name, &body))? {
                    self.parsed(xml::check_document(name, body)).map(Some)
                } else {
                    Ok(None)
                }
            }
        }
    }

    fn call_table(&self, op: Op, params: &[(&str, &str)], options: &CallOptions, retry: RetryRule) -> Result<Reply> {
        let spec = op.spec();
        let fail = |what: String| Err(Error::invalid(spec.name, format!("{what}; {}", describe_params(spec))));
        if let Some(t) = options.takes_token {
            if t != spec.takes_token() {
                let says = if spec.takes_token() { "takes" } else { "takes no" };
                return fail(format!("the table says {} {says} token", spec.name));
            }
        }
        let wire = &spec.params[usize::from(spec.takes_token())..];
        for (name, _) in params {
            if name.eq_ignore_ascii_case(TOKEN) {
                return fail("the token parameter is supplied by the client".to_owned());
            }
            if !wire.iter().any(|p| p.name.eq_ignore_ascii_case(name)) {
                return fail(format!("unknown parameter {name:?}"));
            }
        }
        // An empty array can be sent over SOAP (`<names />`), not as a form.
        let soap = self.config().binding == crate::config::Binding::Soap;
        let mut lists: Vec<Vec<&str>> = Vec::with_capacity(wire.len());
        for p in wire {
            let given: Vec<&str> = params
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(p.name))
                .map(|(_, v)| *v)
                .collect();
            match (p.xsd.is_array(), given.len()) {
                (true, 0) if !soap => return fail(format!("array parameter {} has no element", p.name)),
                (false, 0) => return fail(format!("parameter {} is missing", p.name)),
                (false, n) if n > 1 => return fail(format!("parameter {} is given {n} times", p.name)),
                _ => lists.push(given),
            }
        }
        self.check_binding(op)?;
        // ArrayOfNameValue items as `name=value`.
        let mut pairs: Vec<Vec<(&str, &str)>> = Vec::new();
        for (p, l) in wire.iter().zip(&lists) {
            if p.xsd == Xsd::Type("ArrayOfNameValue") {
                let mut items = Vec::with_capacity(l.len());
                for v in l {
                    match v.split_once('=') {
                        Some(pair) => items.push(pair),
                        None => {
                            return fail(format!(
                                "{}: {:?} is not name=value",
                                p.name,
                                v.chars().take(40).collect::<String>()
                            ))
                        }
                    }
                }
                pairs.push(items);
            }
        }
        let mut pairs = pairs.iter();
        let values: Vec<Value<'_>> = wire
            .iter()
            .zip(&lists)
            .map(|(p, l)| {
                if p.xsd == Xsd::Type("ArrayOfNameValue") {
                    Value::Pairs(pairs.next().map_or(&[], Vec::as_slice))
                } else if p.xsd.is_array() {
                    Value::List(l)
                } else {
                    Value::Str(l[0])
                }
            })
            .collect();
        let mut req = Request::table(op, self.op_url(op), &values);
        req.retry = retry;
        self.run(&req)
    }

    fn call_other(
        &self,
        operation: &str,
        params: &[(&str, &str)],
        options: &CallOptions,
        retry: RetryRule,
    ) -> Result<Reply> {
        if !is_identifier(operation) {
            return Err(Error::invalid(
                OTHER_OPERATION,
                format!(
                    "operation name {:?} is not a plain identifier (letters, digits, _)",
                    operation.chars().take(64).collect::<String>()
                ),
            ));
        }
        if let Some(op) = Op::ALL.iter().find(|o| o.name().eq_ignore_ascii_case(operation)) {
            return Err(Error::invalid(
                op.name(),
                format!("operation names are case-sensitive: {operation:?} is {:?}", op.name()),
            ));
        }
        let name = intern(operation);
        if params.iter().any(|(n, _)| n.eq_ignore_ascii_case(TOKEN)) {
            return Err(Error::invalid(name, "the token parameter is supplied by the client"));
        }
        if let Some((n, _)) = params.iter().find(|(n, _)| n.is_empty()) {
            return Err(Error::invalid(name, format!("parameter name {n:?} is empty")));
        }
        let url = format!("{}/{operation}", self.raw_endpoint());
        let req = Request {
            name,
            url: &url,
            takes_token: options.takes_token.unwrap_or(true),
            args: Args::Named(params),
            retry,
            binding: None,
        };
        self.run(&req)
    }
}

/// The complex type an operation answers with (its row's answer).
pub(crate) fn answer_type(op: Op) -> &'static str {
    match op.spec().answer {
        Answer::Value(Xsd::Type(name)) => name,
        other => {
            debug_assert!(false, "{op} answers {other:?}");
            ""
        }
    }
}

/// `v` trimmed, without copying when there is nothing to trim.
fn trimmed(v: String) -> String {
    if v.len() == v.trim().len() {
        v
    } else {
        v.trim().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for ok in ["GetServerTime", "_x", "A1_b"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "1A", "Get/../x", "a b", "a?b=1", "é", &"a".repeat(129)] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn interned_names_are_shared_and_capped() {
        let a = intern("SomeNewOperation");
        let b = intern(&String::from("SomeNewOperation"));
        assert!(std::ptr::eq(a, b));
        for i in 0..INTERNED_MAX + 10 {
            let n = intern(&format!("Op{i}"));
            assert!(n == format!("Op{i}") || n == OTHER_OPERATION);
        }
        assert_eq!(intern("YetAnotherOne"), OTHER_OPERATION);
        assert_eq!(intern("SomeNewOperation"), "SomeNewOperation");
    }

    #[test]
    fn parameter_lists() {
        assert_eq!(
            describe_params(Op::SetValues.spec()),
            "SetValues takes publicId (string), names (ArrayOfString, repeated), values (ArrayOfString, repeated); the client supplies the token"
        );
        assert_eq!(
            describe_params(Op::Login.spec()),
            "Login takes apikey (string), username (string), password (string)"
        );
    }

    #[test]
    fn call_options_say_whether_the_call_is_repeatable() {
        assert!(!CallOptions::new().is_repeatable());
        assert!(CallOptions::new().repeatable(true).is_repeatable());
        assert!(!CallOptions::new().repeatable(true).repeatable(false).is_repeatable());
        assert!(CallOptions::new().takes_token(false).repeatable(true).is_repeatable());
        assert_ne!(CallOptions::new().takes_token(false), CallOptions::new());
    }
}
