//! The operation table: every operation of InsideService20 the SDK knows, in one place.
//!
//! This table is the spine of the SDK. For each operation it records the wire name, the
//! parameters (wire name, XSD type, whether the value is a secret), the shape of the answer,
//! whether it creates something (which decides the retry rule), the bindings it exists on, and
//! where it is known from (the current API guide, the service's WSDL of 2016, or both). The
//! client's exchange, retries and redaction, the sandbox's router and request counters, the C
//! ABI, the Python package, the C# wrapper and the command-line tool all follow it, and tests
//! check every layer against it.
//!
//! ```
//! use idiligo::ops::{Op, Xsd};
//!
//! let op = Op::GetCallValues.spec();
//! assert_eq!(op.name, "GetCallValues");
//! assert_eq!(op.params[1].name, "callId");
//! assert_eq!(op.params[1].xsd, Xsd::Long);
//! assert!(op.params[0].secret); // the token
//! assert_eq!(Op::from_name("GetCallValues"), Some(Op::GetCallValues));
//! assert_eq!(idiligo::ops::operations().len(), Op::ALL.len());
//! ```
//!
//! The table holds every operation of the 2016 WSDL (49) plus the three the current guide adds
//! (`Impersonate`, `SetDocumentToUploadAction`, `GetAttachments`). `CreateContact` takes the
//! guide's four parameters (`token`, `email`, `firstName`, `lastName`); the WSDL of 2016 had only
//! the first two. Operations the table does not know can still be called by name
//! ([`Client::call`](crate::Client::call)): the service has grown since 2016.

use std::fmt;

/// An XSD type: of a parameter, an answer, or a member of a complex type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Xsd {
    /// `xsd:string`.
    String,
    /// `xsd:long` (64-bit; every id of the service).
    Long,
    /// `xsd:int` (32-bit).
    Int,
    /// `xsd:boolean` (`true`/`false`).
    Boolean,
    /// `xsd:float`.
    Float,
    /// `xsd:decimal`.
    Decimal,
    /// `xsd:base64Binary` (a .NET `byte[]`: base64 text over SOAP, one form value per byte over
    /// HTTP GET/POST).
    Base64Binary,
    /// A complex type or enumeration of [`TYPES`], by name (`"ArrayOfString"`, `"CallDTO"` …).
    Type(&'static str),
}

impl Xsd {
    /// The XSD name: `"string"`, `"long"`, … or the complex type's name.
    pub const fn name(self) -> &'static str {
        match self {
            Xsd::String => "string",
            Xsd::Long => "long",
            Xsd::Int => "int",
            Xsd::Boolean => "boolean",
            Xsd::Float => "float",
            Xsd::Decimal => "decimal",
            Xsd::Base64Binary => "base64Binary",
            Xsd::Type(name) => name,
        }
    }

    /// The complex type this names, if it is one of [`TYPES`].
    pub fn complex(self) -> Option<&'static ComplexType> {
        match self {
            Xsd::Type(name) => complex_type(name),
            _ => None,
        }
    }

    /// Whether a value of this type is a list (an `ArrayOf…` type, or `base64Binary`, which the
    /// HTTP bindings carry as one form value per byte).
    pub fn is_array(self) -> bool {
        match self {
            Xsd::Base64Binary => true,
            Xsd::Type(_) => self.complex().is_some_and(ComplexType::is_array),
            _ => false,
        }
    }
}

impl fmt::Display for Xsd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One parameter of an operation, in wire order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// Wire name (`"callId"`); the service matches it case-insensitively.
    pub name: &'static str,
    /// XSD type.
    pub xsd: Xsd,
    /// Whether the value is a secret (API key, password, ticket, token): masked in everything
    /// the SDK prints.
    pub secret: bool,
}

/// The shape of an operation's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// `void`: HTTP 200 with an empty body (an empty `…Response` element over SOAP).
    Void,
    /// A value of this type. Over HTTP GET/POST the answer's root element is named after it
    /// (`<long>`, `<ArrayOfNameValue>`); over SOAP it is the `…Result` element.
    Value(Xsd),
}

impl Answer {
    /// The root element of the answer over HTTP GET/POST, `None` for `void`.
    pub const fn root_element(self) -> Option<&'static str> {
        match self {
            Answer::Void => None,
            Answer::Value(x) => Some(x.name()),
        }
    }
}

/// What running an operation does; decides whether a failed attempt may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Only reads (or mints a session token): always safe to repeat.
    Read,
    /// Sets or removes state; repeating it leaves the same state, so it is safe to repeat.
    Write,
    /// Creates something or acts each time it runs (a new id, a mail, a chat message, a step
    /// forward): repeated only when the request provably never left this machine, so a retry
    /// can never duplicate it.
    Create,
}

/// The bindings an operation is offered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bindings {
    /// SOAP 1.1 (document/literal).
    pub soap: bool,
    /// HTTP GET (`/InsideService20.asmx/Op?p=v`).
    pub get: bool,
    /// HTTP POST (form-encoded body).
    pub post: bool,
}

/// SOAP, HTTP GET and HTTP POST.
pub const ALL_BINDINGS: Bindings = Bindings {
    soap: true,
    get: true,
    post: true,
};

/// SOAP only (operations with a complex-typed parameter, such as `SetCallValues`).
pub const SOAP_ONLY: Bindings = Bindings {
    soap: true,
    get: false,
    post: false,
};

/// Where an operation is known from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The current API guide only (newer than the WSDL of 2016).
    Guide,
    /// The service's WSDL of 2016 only.
    Wsdl2016,
    /// Both the guide and the WSDL of 2016.
    GuideAndWsdl2016,
}

impl Source {
    /// Whether the WSDL of 2016 lists the operation.
    pub const fn in_wsdl_2016(self) -> bool {
        matches!(self, Source::Wsdl2016 | Source::GuideAndWsdl2016)
    }
}

/// One operation of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// Its key.
    pub op: Op,
    /// Wire name (case-sensitive on the service).
    pub name: &'static str,
    /// Parameters in wire order.
    pub params: &'static [Param],
    /// The answer's shape.
    pub answer: Answer,
    /// What it does (decides the retry rule).
    pub effect: Effect,
    /// The bindings it exists on.
    pub bindings: Bindings,
    /// Where it is known from.
    pub source: Source,
    /// The name of its typed method on every surface (`get_call_values`: Rust
    /// `Client::get_call_values`, C `idiligo_client_get_call_values`, Python
    /// `Client.get_call_values`, C# `Client.GetCallValues`), or `None` when it is reached
    /// through the call by name only.
    pub typed: Option<&'static str>,
    /// What it does, in one sentence.
    pub summary: &'static str,
}

impl Operation {
    /// Whether it creates something (then a failed attempt is repeated only when the request
    /// provably never left this machine).
    pub const fn creates(&self) -> bool {
        matches!(self.effect, Effect::Create)
    }

    /// Whether its first parameter is the session `token` (every operation but `Login` and
    /// `Impersonate`).
    pub fn takes_token(&self) -> bool {
        self.params.first().is_some_and(|p| p.name == "token")
    }

    /// The parameter of this name (compared case-insensitively, as the service does).
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }
}

/// The key of every operation in the table, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Op {
    /// `Login`: Account login with the API key, user name and password; returns a session token valid 24 hours.
    Login,
    /// `Impersonate`: Login as a user with an authorization ticket instead of a password; returns a session token.
    Impersonate,
    /// `CreateContact`: Creates the meeting participant; returns its contact id.
    CreateContact,
    /// `CreateCall`: Creates a meeting ("call") from a script ("traject") code; returns its call id.
    CreateCall,
    /// `SetContact`: Attaches a participant to a meeting.
    SetContact,
    /// `GetAgentUrl`: The URL at which the agent opens the meeting; `returnUrl` is where the agent goes afterwards.
    GetAgentUrl,
    /// `GetPublicCallId`: The public id of a meeting, used in the participant link `…/client?id=PUBLICID`.
    GetPublicCallId,
    /// `SetValues`: Writes named values into a meeting (parallel `names` and `values` arrays).
    SetValues,
    /// `AddDocumentFromUrl`: The service downloads a document from a URL and stores it; returns its document id.
    AddDocumentFromUrl,
    /// `SetDocumentToUploadAction`: Binds a stored document to a meeting's upload action under an external id.
    SetDocumentToUploadAction,
    /// `GetAttachments`: The documents of a meeting: bound, uploaded, generated and signed.
    GetAttachments,
    /// `LoginBytoken`: Renews a session from an existing token; returns a token.
    LoginBytoken,
    /// `GetServerId`: The id of the server that hosts a meeting.
    GetServerId,
    /// `SaveCredentials`: Stores the session's credentials in a cookie (Idiligo's own client).
    SaveCredentials,
    /// `DeleteCredentials`: Removes the stored credentials cookie (Idiligo's own client).
    DeleteCredentials,
    /// `NavigateToAgentUrl`: Redirects the HTTP response to the agent URL (browser use).
    NavigateToAgentUrl,
    /// `GetSesData`: Data of the current session: account number, user name, language.
    GetSesData,
    /// `CreateUser`: Creates a user of the account; returns its id.
    CreateUser,
    /// `CreateCallEx`: Creates a meeting from a document, a customer id and external data; returns its call id.
    CreateCallEx,
    /// `SetCallValues`: Writes name/value pairs into a meeting by call id (SOAP only).
    SetCallValues,
    /// `GetCallValues`: Reads the values of a meeting's fields back, as name/value pairs.
    GetCallValues,
    /// `GetCallDataById`: The data of a meeting by call id (older name of GetCall).
    GetCallDataById,
    /// `GetCallDataByPublicId`: The data of a meeting by public id (older name of GetCallByPublicId).
    GetCallDataByPublicId,
    /// `GetLanguage`: Sets the language of the session (despite its name).
    GetLanguage,
    /// `GetServerEvent`: Pending server events of a meeting.
    GetServerEvent,
    /// `GetChatMessage`: A chat message of a meeting by event index.
    GetChatMessage,
    /// `SetChatMessage`: Posts a chat message in a meeting.
    SetChatMessage,
    /// `GetDocumentCursor`: The position of the document pointer in a meeting's viewer.
    GetDocumentCursor,
    /// `SetDocumentCursor`: Moves the document pointer in a meeting's viewer.
    SetDocumentCursor,
    /// `SetRedirectURL`: Sets the URL the participant is redirected to.
    SetRedirectURL,
    /// `GetClientCommand`: The latest command and step of a meeting, for the participant client.
    GetClientCommand,
    /// `SetShowBrowseUnload`: Reports that a co-browsing page was left.
    SetShowBrowseUnload,
    /// `GetCurrentStep`: Where a meeting is in its script.
    GetCurrentStep,
    /// `SetHomeStep`: Moves a meeting to the first step of its script.
    SetHomeStep,
    /// `SetPrevStep`: Moves a meeting one step back in its script.
    SetPrevStep,
    /// `SetNextStep`: Moves a meeting one step forward in its script.
    SetNextStep,
    /// `EndCall`: Ends a meeting; returns the URL the agent is sent to.
    EndCall,
    /// `SetViewer`: Sets the page, zoom and document of a meeting's viewer.
    SetViewer,
    /// `SetValue`: Writes one named value into a meeting.
    SetValue,
    /// `SetViewerWrap`: Sets the viewer's wrap mode.
    SetViewerWrap,
    /// `SetComment`: Sets the comment of a meeting.
    SetComment,
    /// `AddDocumentFromBytes`: Uploads a document's bytes; returns its document id.
    AddDocumentFromBytes,
    /// `AddDocumentFromBytesEx`: Uploads a document's bytes with an external id and the private/temporary flags; returns its document id.
    AddDocumentFromBytesEx,
    /// `AddDocumentToCall`: Attaches a stored document to a meeting at a node of its script.
    AddDocumentToCall,
    /// `DeleteDocument`: Deletes a stored document.
    DeleteDocument,
    /// `GetDocumentStatus`: The conversion status of a document: BUSY, READY, NOT FOUND or ERROR.
    GetDocumentStatus,
    /// `GetDocumentProgress`: The conversion progress of a document (status and percentage).
    GetDocumentProgress,
    /// `VerifyUserByMail`: Starts the verification of a user by e-mail.
    VerifyUserByMail,
    /// `SendMail`: The service mails a recipient, for example the invitation, with a template.
    SendMail,
    /// `GetCall`: The data of a meeting by call id.
    GetCall,
    /// `GetCallByPublicId`: The data of a meeting by public id.
    GetCallByPublicId,
    /// `GetEvents`: The events of a meeting since an event count.
    GetEvents,
}

impl Op {
    /// Every operation, in table order.
    pub const ALL: [Op; 52] = [
        Op::Login,
        Op::Impersonate,
        Op::CreateContact,
        Op::CreateCall,
        Op::SetContact,
        Op::GetAgentUrl,
        Op::GetPublicCallId,
        Op::SetValues,
        Op::AddDocumentFromUrl,
        Op::SetDocumentToUploadAction,
        Op::GetAttachments,
        Op::LoginBytoken,
        Op::GetServerId,
        Op::SaveCredentials,
        Op::DeleteCredentials,
        Op::NavigateToAgentUrl,
        Op::GetSesData,
        Op::CreateUser,
        Op::CreateCallEx,
        Op::SetCallValues,
        Op::GetCallValues,
        Op::GetCallDataById,
        Op::GetCallDataByPublicId,
        Op::GetLanguage,
        Op::GetServerEvent,
        Op::GetChatMessage,
        Op::SetChatMessage,
        Op::GetDocumentCursor,
        Op::SetDocumentCursor,
        Op::SetRedirectURL,
        Op::GetClientCommand,
        Op::SetShowBrowseUnload,
        Op::GetCurrentStep,
        Op::SetHomeStep,
        Op::SetPrevStep,
        Op::SetNextStep,
        Op::EndCall,
        Op::SetViewer,
        Op::SetValue,
        Op::SetViewerWrap,
        Op::SetComment,
        Op::AddDocumentFromBytes,
        Op::AddDocumentFromBytesEx,
        Op::AddDocumentToCall,
        Op::DeleteDocument,
        Op::GetDocumentStatus,
        Op::GetDocumentProgress,
        Op::VerifyUserByMail,
        Op::SendMail,
        Op::GetCall,
        Op::GetCallByPublicId,
        Op::GetEvents,
    ];

    /// The operation's row of the table.
    pub const fn spec(self) -> &'static Operation {
        &OPERATIONS[self as usize]
    }

    /// The wire name.
    pub const fn name(self) -> &'static str {
        self.spec().name
    }

    /// The operation with this exact (case-sensitive) wire name.
    pub fn from_name(name: &str) -> Option<Op> {
        OPERATIONS.iter().find(|o| o.name == name).map(|o| o.op)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every operation, in table order (`operations()[i].op == Op::ALL[i]`).
pub fn operations() -> &'static [Operation] {
    &OPERATIONS
}

const fn p(name: &'static str, xsd: Xsd) -> Param {
    Param {
        name,
        xsd,
        secret: false,
    }
}

const fn s(name: &'static str, xsd: Xsd) -> Param {
    Param {
        name,
        xsd,
        secret: true,
    }
}

/// The table itself; [`Op::spec`] indexes it.
static OPERATIONS: [Operation; 52] = [
    Operation {
        op: Op::Login,
        name: "Login",
        params: &[
            s("apikey", Xsd::String),
            p("username", Xsd::String),
            s("password", Xsd::String),
        ],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::GuideAndWsdl2016,
        typed: Some("login_password"),
        summary: "Account login with the API key, user name and password; returns a session token valid 24 hours.",
    },
    Operation {
        op: Op::Impersonate,
        name: "Impersonate",
        params: &[
            s("apikey", Xsd::String),
            p("username", Xsd::String),
            s("ticket", Xsd::String),
        ],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Guide,
        typed: Some("impersonate"),
        summary: "Login as a user with an authorization ticket instead of a password; returns a session token.",
    },
    Operation {
        op: Op::CreateContact,
        name: "CreateContact",
        params: &[
            s("token", Xsd::String),
            p("email", Xsd::String),
            p("firstName", Xsd::String),
            p("lastName", Xsd::String),
        ],
        answer: Answer::Value(Xsd::Long),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::GuideAndWsdl2016,
        typed: Some("create_contact"),
        summary: "Creates the meeting participant; returns its contact id.",
    },
    Operation {
        op: Op::CreateCall,
        name: "CreateCall",
        params: &[s("token", Xsd::String), p("trajectCode", Xsd::String)],
        answer: Answer::Value(Xsd::Long),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::GuideAndWsdl2016,
        typed: Some("create_call"),
        summary: "Creates a meeting (\"call\") from a script (\"traject\") code; returns its call id.",
    },
    Operation {
        op: Op::SetContact,
        name: "SetContact",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("contactId", Xsd::Long),
        ],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::GuideAndWsdl2016,
        typed: Some("set_contact"),
        summary: "Attaches a participant to a meeting.",
    },
    Operation {
        op: Op::GetAgentUrl,
        name: "GetAgentUrl",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("returnUrl", Xsd::String),
        ],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::GuideAndWsdl2016,
        typed: Some("get_agent_url"),
        summary: "The URL at which the agent opens the meeting; `returnUrl` is where the agent goes afterwards.",
    },
    Operation {
        op: Op::GetPublicCallId,
        name: "GetPublicCallId",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long)],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::GuideAndWsdl2016,
        typed: Some("get_public_call_id"),
        summary: "The public id of a meeting, used in the participant link `…/client?id=PUBLICID`.",
    },
    Operation {
        op: Op::SetValues,
        name: "SetValues",
        params: &[
            s("token", Xsd::String),
            p("publicId", Xsd::String),
            p("names", Xsd::Type("ArrayOfString")),
            p("values", Xsd::Type("ArrayOfString")),
        ],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::GuideAndWsdl2016,
        typed: Some("set_values"),
        summary: "Writes named values into a meeting (parallel `names` and `values` arrays).",
    },
    Operation {
        op: Op::AddDocumentFromUrl,
        name: "AddDocumentFromUrl",
        params: &[
            s("token", Xsd::String),
            p("url", Xsd::String),
            p("filename", Xsd::String),
            p("externalId", Xsd::String),
        ],
        answer: Answer::Value(Xsd::Long),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::GuideAndWsdl2016,
        typed: Some("add_document_from_url"),
        summary: "The service downloads a document from a URL and stores it; returns its document id.",
    },
    Operation {
        op: Op::SetDocumentToUploadAction,
        name: "SetDocumentToUploadAction",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("externalId", Xsd::String),
            p("documentId", Xsd::Long),
        ],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Guide,
        typed: Some("set_document_to_upload_action"),
        summary: "Binds a stored document to a meeting's upload action under an external id.",
    },
    Operation {
        op: Op::GetAttachments,
        name: "GetAttachments",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long)],
        answer: Answer::Value(Xsd::Type("ArrayOfAttachmentDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Guide,
        typed: Some("get_attachments"),
        summary: "The documents of a meeting: bound, uploaded, generated and signed.",
    },
    Operation {
        op: Op::LoginBytoken,
        name: "LoginBytoken",
        params: &[s("token", Xsd::String)],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Renews a session from an existing token; returns a token.",
    },
    Operation {
        op: Op::GetServerId,
        name: "GetServerId",
        params: &[s("token", Xsd::String), p("publicId", Xsd::String)],
        answer: Answer::Value(Xsd::Int),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "The id of the server that hosts a meeting.",
    },
    Operation {
        op: Op::SaveCredentials,
        name: "SaveCredentials",
        params: &[s("token", Xsd::String)],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Stores the session's credentials in a cookie (Idiligo's own client).",
    },
    Operation {
        op: Op::DeleteCredentials,
        name: "DeleteCredentials",
        params: &[s("token", Xsd::String)],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Removes the stored credentials cookie (Idiligo's own client).",
    },
    Operation {
        op: Op::NavigateToAgentUrl,
        name: "NavigateToAgentUrl",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("returnUrl", Xsd::String),
        ],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Redirects the HTTP response to the agent URL (browser use).",
    },
    Operation {
        op: Op::GetSesData,
        name: "GetSesData",
        params: &[s("token", Xsd::String)],
        answer: Answer::Value(Xsd::Type("SessionDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Data of the current session: account number, user name, language.",
    },
    Operation {
        op: Op::CreateUser,
        name: "CreateUser",
        params: &[
            s("token", Xsd::String),
            p("name", Xsd::String),
            p("email", Xsd::String),
            p("username", Xsd::String),
            s("password", Xsd::String),
            p("role", Xsd::String),
        ],
        answer: Answer::Value(Xsd::Long),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Creates a user of the account; returns its id.",
    },
    Operation {
        op: Op::CreateCallEx,
        name: "CreateCallEx",
        params: &[
            s("token", Xsd::String),
            p("documentId", Xsd::Long),
            p("customerId", Xsd::String),
            p("externalData", Xsd::String),
        ],
        answer: Answer::Value(Xsd::Long),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Creates a meeting from a document, a customer id and external data; returns its call id.",
    },
    Operation {
        op: Op::SetCallValues,
        name: "SetCallValues",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("fields", Xsd::Type("ArrayOfNameValue")),
        ],
        answer: Answer::Value(Xsd::Boolean),
        effect: Effect::Write,
        bindings: SOAP_ONLY,
        source: Source::Wsdl2016,
        typed: Some("set_call_values"),
        summary: "Writes name/value pairs into a meeting by call id (SOAP only).",
    },
    Operation {
        op: Op::GetCallValues,
        name: "GetCallValues",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long)],
        answer: Answer::Value(Xsd::Type("ArrayOfNameValue")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("get_call_values"),
        summary: "Reads the values of a meeting's fields back, as name/value pairs.",
    },
    Operation {
        op: Op::GetCallDataById,
        name: "GetCallDataById",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long)],
        answer: Answer::Value(Xsd::Type("CallDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "The data of a meeting by call id (older name of GetCall).",
    },
    Operation {
        op: Op::GetCallDataByPublicId,
        name: "GetCallDataByPublicId",
        params: &[s("token", Xsd::String), p("publicId", Xsd::String)],
        answer: Answer::Value(Xsd::Type("CallDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "The data of a meeting by public id (older name of GetCallByPublicId).",
    },
    Operation {
        op: Op::GetLanguage,
        name: "GetLanguage",
        params: &[s("token", Xsd::String), p("language", Xsd::String)],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Sets the language of the session (despite its name).",
    },
    Operation {
        op: Op::GetServerEvent,
        name: "GetServerEvent",
        params: &[s("token", Xsd::String), p("publicId", Xsd::String)],
        answer: Answer::Value(Xsd::Type("ArrayOfCallEventDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Pending server events of a meeting.",
    },
    Operation {
        op: Op::GetChatMessage,
        name: "GetChatMessage",
        params: &[
            s("token", Xsd::String),
            p("publicId", Xsd::String),
            p("eventIndex", Xsd::Int),
        ],
        answer: Answer::Value(Xsd::Type("ChatMessageDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "A chat message of a meeting by event index.",
    },
    Operation {
        op: Op::SetChatMessage,
        name: "SetChatMessage",
        params: &[
            s("token", Xsd::String),
            p("publicId", Xsd::String),
            p("username", Xsd::String),
            p("text", Xsd::String),
        ],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Posts a chat message in a meeting.",
    },
    Operation {
        op: Op::GetDocumentCursor,
        name: "GetDocumentCursor",
        params: &[
            s("token", Xsd::String),
            p("publicId", Xsd::String),
            p("eventIndex", Xsd::Int),
        ],
        answer: Answer::Value(Xsd::Type("DocumentCursorDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "The position of the document pointer in a meeting's viewer.",
    },
    Operation {
        op: Op::SetDocumentCursor,
        name: "SetDocumentCursor",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("x", Xsd::Float),
            p("y", Xsd::Float),
        ],
        answer: Answer::Value(Xsd::Boolean),
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Moves the document pointer in a meeting's viewer.",
    },
    Operation {
        op: Op::SetRedirectURL,
        name: "SetRedirectURL",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long), p("url", Xsd::String)],
        answer: Answer::Value(Xsd::Boolean),
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Sets the URL the participant is redirected to.",
    },
    Operation {
        op: Op::GetClientCommand,
        name: "GetClientCommand",
        params: &[s("token", Xsd::String), p("publicId", Xsd::String)],
        answer: Answer::Value(Xsd::Type("CommandDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "The latest command and step of a meeting, for the participant client.",
    },
    Operation {
        op: Op::SetShowBrowseUnload,
        name: "SetShowBrowseUnload",
        params: &[
            s("token", Xsd::String),
            p("publicId", Xsd::String),
            p("url", Xsd::String),
        ],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Reports that a co-browsing page was left.",
    },
    Operation {
        op: Op::GetCurrentStep,
        name: "GetCurrentStep",
        params: &[s("token", Xsd::String), p("publicId", Xsd::String)],
        answer: Answer::Value(Xsd::Type("StapDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Where a meeting is in its script.",
    },
    Operation {
        op: Op::SetHomeStep,
        name: "SetHomeStep",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long)],
        answer: Answer::Value(Xsd::Type("StapDTO")),
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Moves a meeting to the first step of its script.",
    },
    Operation {
        op: Op::SetPrevStep,
        name: "SetPrevStep",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long)],
        answer: Answer::Value(Xsd::Type("StapDTO")),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Moves a meeting one step back in its script.",
    },
    Operation {
        op: Op::SetNextStep,
        name: "SetNextStep",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long)],
        answer: Answer::Value(Xsd::Type("StapDTO")),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Moves a meeting one step forward in its script.",
    },
    Operation {
        op: Op::EndCall,
        name: "EndCall",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("returnUrl", Xsd::String),
        ],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("end_call"),
        summary: "Ends a meeting; returns the URL the agent is sent to.",
    },
    Operation {
        op: Op::SetViewer,
        name: "SetViewer",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("page", Xsd::Int),
            p("zoom", Xsd::Int),
            p("documentId", Xsd::Long),
        ],
        answer: Answer::Value(Xsd::Type("StapDTO")),
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Sets the page, zoom and document of a meeting's viewer.",
    },
    Operation {
        op: Op::SetValue,
        name: "SetValue",
        params: &[
            s("token", Xsd::String),
            p("publicId", Xsd::String),
            p("name", Xsd::String),
            p("value", Xsd::String),
        ],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("set_value"),
        summary: "Writes one named value into a meeting.",
    },
    Operation {
        op: Op::SetViewerWrap,
        name: "SetViewerWrap",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long), p("type", Xsd::String)],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Sets the viewer's wrap mode.",
    },
    Operation {
        op: Op::SetComment,
        name: "SetComment",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long), p("value", Xsd::String)],
        answer: Answer::Void,
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("set_comment"),
        summary: "Sets the comment of a meeting.",
    },
    Operation {
        op: Op::AddDocumentFromBytes,
        name: "AddDocumentFromBytes",
        params: &[
            s("token", Xsd::String),
            p("file", Xsd::Base64Binary),
            p("filename", Xsd::String),
        ],
        answer: Answer::Value(Xsd::Long),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("add_document_from_bytes"),
        summary: "Uploads a document's bytes; returns its document id.",
    },
    Operation {
        op: Op::AddDocumentFromBytesEx,
        name: "AddDocumentFromBytesEx",
        params: &[
            s("token", Xsd::String),
            p("file", Xsd::Base64Binary),
            p("filename", Xsd::String),
            p("externalId", Xsd::String),
            p("priv", Xsd::Boolean),
            p("temp", Xsd::Boolean),
        ],
        answer: Answer::Value(Xsd::Long),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        // Reached through `add_document_from_bytes` (and the file/reader uploads) when an
        // external id, private or temporary flag is given.
        summary:
            "Uploads a document's bytes with an external id and the private/temporary flags; returns its document id.",
    },
    Operation {
        op: Op::AddDocumentToCall,
        name: "AddDocumentToCall",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("documentId", Xsd::Long),
            p("nodeCode", Xsd::String),
        ],
        answer: Answer::Value(Xsd::Long),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("add_document_to_call"),
        summary: "Attaches a stored document to a meeting at a node of its script.",
    },
    Operation {
        op: Op::DeleteDocument,
        name: "DeleteDocument",
        params: &[s("token", Xsd::String), p("documentId", Xsd::Long)],
        answer: Answer::Value(Xsd::Boolean),
        effect: Effect::Write,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("delete_document"),
        summary: "Deletes a stored document.",
    },
    Operation {
        op: Op::GetDocumentStatus,
        name: "GetDocumentStatus",
        params: &[s("token", Xsd::String), p("documentId", Xsd::Long)],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("get_document_status"),
        summary: "The conversion status of a document: BUSY, READY, NOT FOUND or ERROR.",
    },
    Operation {
        op: Op::GetDocumentProgress,
        name: "GetDocumentProgress",
        params: &[s("token", Xsd::String), p("documentId", Xsd::Long)],
        answer: Answer::Value(Xsd::Type("DocumentStatusDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("get_document_progress"),
        summary: "The conversion progress of a document (status and percentage).",
    },
    Operation {
        op: Op::VerifyUserByMail,
        name: "VerifyUserByMail",
        params: &[s("token", Xsd::String), p("mail", Xsd::String)],
        answer: Answer::Value(Xsd::String),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "Starts the verification of a user by e-mail.",
    },
    Operation {
        op: Op::SendMail,
        name: "SendMail",
        params: &[
            s("token", Xsd::String),
            p("callId", Xsd::Long),
            p("to", Xsd::String),
            p("templateCode", Xsd::String),
            p("attachments", Xsd::String),
        ],
        answer: Answer::Value(Xsd::Boolean),
        effect: Effect::Create,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("send_mail"),
        summary: "The service mails a recipient, for example the invitation, with a template.",
    },
    Operation {
        op: Op::GetCall,
        name: "GetCall",
        params: &[s("token", Xsd::String), p("callId", Xsd::Long)],
        answer: Answer::Value(Xsd::Type("CallDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("get_call"),
        summary: "The data of a meeting by call id.",
    },
    Operation {
        op: Op::GetCallByPublicId,
        name: "GetCallByPublicId",
        params: &[s("token", Xsd::String), p("publicId", Xsd::String)],
        answer: Answer::Value(Xsd::Type("CallDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: Some("get_call_by_public_id"),
        summary: "The data of a meeting by public id.",
    },
    Operation {
        op: Op::GetEvents,
        name: "GetEvents",
        params: &[
            s("token", Xsd::String),
            p("publicId", Xsd::String),
            p("eventCount", Xsd::Int),
        ],
        answer: Answer::Value(Xsd::Type("ArrayOfCallEventDTO")),
        effect: Effect::Read,
        bindings: ALL_BINDINGS,
        source: Source::Wsdl2016,
        typed: None,
        summary: "The events of a meeting since an event count.",
    },
];

/// A member of a complex type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// Element or attribute name.
    pub name: &'static str,
    /// Its type.
    pub xsd: Xsd,
    /// Written as an XML attribute rather than a child element.
    pub attribute: bool,
    /// Repeated (`[0..unbounded]`): the items of an `ArrayOf…` type.
    pub repeated: bool,
}

/// A complex type or enumeration of the service's WSDL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplexType {
    /// Its XSD name.
    pub name: &'static str,
    /// Members in order (empty for an enumeration).
    pub members: &'static [Member],
    /// The values of an enumeration (empty for a complex type).
    pub enumeration: &'static [&'static str],
}

impl ComplexType {
    /// Whether it is a list: exactly one repeated member (`ArrayOfNameValue`, `OptionArray` …).
    pub fn is_array(&self) -> bool {
        matches!(self.members, [m] if m.repeated)
    }

    /// The member of this name.
    pub fn member(&self, name: &str) -> Option<&'static Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// The complex type or enumeration of this name.
pub fn complex_type(name: &str) -> Option<&'static ComplexType> {
    TYPES.iter().find(|t| t.name == name)
}

const fn m(name: &'static str, xsd: Xsd) -> Member {
    Member {
        name,
        xsd,
        attribute: false,
        repeated: false,
    }
}

const fn rep(name: &'static str, xsd: Xsd) -> Member {
    Member {
        name,
        xsd,
        attribute: false,
        repeated: true,
    }
}

const fn attr(name: &'static str, xsd: Xsd) -> Member {
    Member {
        name,
        xsd,
        attribute: true,
        repeated: false,
    }
}

/// Every complex type and enumeration of the WSDL of 2016, in its order.
pub static TYPES: &[ComplexType] = &[
    ComplexType {
        name: "SessionDTO",
        members: &[
            m("AccountNumber", Xsd::Int),
            m("Username", Xsd::String),
            m("Language", Xsd::String),
            m("online", Xsd::Boolean),
            m("isInsideUser", Xsd::Boolean),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "ArrayOfNameValue",
        members: &[rep("NameValue", Xsd::Type("NameValue"))],
        enumeration: &[],
    },
    ComplexType {
        name: "NameValue",
        members: &[m("Name", Xsd::String), m("Value", Xsd::String)],
        enumeration: &[],
    },
    ComplexType {
        name: "CallDTO",
        members: &[
            m("callId", Xsd::Long),
            m("publicId", Xsd::String),
            m("accountNumber", Xsd::Int),
            m("eventCount", Xsd::Long),
            m("serverId", Xsd::Int),
            m("username", Xsd::String),
            m("isAgent", Xsd::Boolean),
            m("language", Xsd::String),
            m("comment", Xsd::String),
            m("contactEmail", Xsd::String),
            m("viewerWrap", Xsd::String),
            m("SC_UseJpeg", Xsd::Boolean),
            m("SC_JpegQuality", Xsd::String),
            m("SC_Scale", Xsd::String),
            m("SC_ProxyServer", Xsd::String),
            m("SC_ProxyPort", Xsd::String),
            m("showBrowseHeight", Xsd::Int),
            m("showBrowseWidth", Xsd::Int),
            m("rtmpt", Xsd::Boolean),
            m("webcamQuality", Xsd::Int),
            m("webcamBitrate", Xsd::Int),
            m("webcamFramerate", Xsd::Int),
            m("microphoneDefaultEnabled", Xsd::Boolean),
            m("microphoneVolume", Xsd::Int),
            m("microphoneQuality", Xsd::Int),
            m("microphoneFramerate", Xsd::Int),
            m("microphoneEchoSuppression", Xsd::Boolean),
            m("useWebRtc", Xsd::Boolean),
            m("showInvite", Xsd::Boolean),
            m("backgroundColor", Xsd::String),
            m("nodeCount", Xsd::Int),
            m("hasAccountLogo", Xsd::Boolean),
            m("ownerAccountNumber", Xsd::Int),
            m("useChatUsername", Xsd::Boolean),
            m("subscriberCode", Xsd::String),
            m("subscriberCount", Xsd::Int),
            m("clientReady", Xsd::Boolean),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "ArrayOfCallEventDTO",
        members: &[rep("CallEventDTO", Xsd::Type("CallEventDTO"))],
        enumeration: &[],
    },
    ComplexType {
        name: "CallEventDTO",
        members: &[m("Id", Xsd::Long), m("Type", Xsd::String), m("Value", Xsd::String)],
        enumeration: &[],
    },
    ComplexType {
        name: "ChatMessageDTO",
        members: &[m("Username", Xsd::String), m("Text", Xsd::String)],
        enumeration: &[],
    },
    ComplexType {
        name: "DocumentCursorDTO",
        members: &[m("X", Xsd::Float), m("Y", Xsd::Float)],
        enumeration: &[],
    },
    ComplexType {
        name: "CommandDTO",
        members: &[m("Stap", Xsd::Type("StapDTO")), m("Command", Xsd::String)],
        enumeration: &[],
    },
    ComplexType {
        name: "StapDTO",
        members: &[
            m("Node", Xsd::Type("Node")),
            m("Command", Xsd::String),
            m("Title", Xsd::String),
            m("Html", Xsd::String),
            m("Values", Xsd::Type("ArrayOfString")),
            m("DocumentType", Xsd::String),
            m("DocumentUrl", Xsd::String),
            m("DocumentExtension", Xsd::String),
            m("First", Xsd::Boolean),
            m("Last", Xsd::Boolean),
            m("DocumentId", Xsd::Long),
            m("Page", Xsd::Int),
            m("Zoom", Xsd::Int),
            m("ViewerWrap", Xsd::String),
            m("isEmail", Xsd::Boolean),
            m("Attachments", Xsd::Type("ArrayOfAttachmentDTO")),
            m("Signs", Xsd::Type("ArrayOfSign")),
            m("Uploads", Xsd::Type("ArrayOfUpload")),
            m("Viewer", Xsd::Int),
            m("TotalPages", Xsd::Int),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "Node",
        members: &[
            m("name", Xsd::String),
            m("title", Xsd::String),
            m("text", Xsd::String),
            m("options", Xsd::Type("OptionArray")),
            m("fields", Xsd::Type("FieldArray")),
            m("attachments", Xsd::Type("AttachmentArray")),
            m("signs", Xsd::Type("SignArray")),
            m("uploads", Xsd::Type("UploadArray")),
            m("goals", Xsd::Type("GoalArray")),
            m("actions", Xsd::Type("ActionArray")),
            m("templateCode", Xsd::String),
            m("pdfTemplateCode", Xsd::String),
            m("bestandCode", Xsd::String),
            m("browserId", Xsd::Long),
            m("command", Xsd::String),
            m("qsValuesNodeCode", Xsd::String),
            m("goto", Xsd::String),
            attr("id", Xsd::String),
            attr("type", Xsd::Type("NodeType")),
            attr("visible", Xsd::Boolean),
            attr("clientActive", Xsd::Boolean),
            attr("home", Xsd::Boolean),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "OptionArray",
        members: &[rep("option", Xsd::Type("Option"))],
        enumeration: &[],
    },
    ComplexType {
        name: "Option",
        members: &[
            m("text", Xsd::String),
            m("goto", Xsd::String),
            attr("value", Xsd::String),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "FieldArray",
        members: &[rep("field", Xsd::Type("Field"))],
        enumeration: &[],
    },
    ComplexType {
        name: "Field",
        members: &[
            m("options", Xsd::Type("OptionArray")),
            attr("name", Xsd::String),
            attr("text", Xsd::String),
            attr("mandatory", Xsd::Boolean),
            attr("linkedField", Xsd::String),
            attr("width", Xsd::Int),
            attr("cols", Xsd::Int),
            attr("rows", Xsd::Int),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "AttachmentArray",
        members: &[rep("attachment", Xsd::Type("Attachment"))],
        enumeration: &[],
    },
    ComplexType {
        name: "Attachment",
        members: &[
            attr("fileCode", Xsd::String),
            attr("templateCode", Xsd::String),
            attr("attach", Xsd::Boolean),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "SignArray",
        members: &[rep("sign", Xsd::Type("Sign"))],
        enumeration: &[],
    },
    ComplexType {
        name: "Sign",
        members: &[
            attr("fileCode", Xsd::String),
            attr("templateCode", Xsd::String),
            attr("uploadId", Xsd::String),
            attr("externalFileId", Xsd::String),
            attr("signUrl", Xsd::String),
            attr("statusCode", Xsd::Int),
            attr("statusName", Xsd::String),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "Basedocument",
        members: &[
            attr("externalId", Xsd::String),
            attr("documentId", Xsd::Long),
            attr("description", Xsd::String),
            attr("url", Xsd::String),
            attr("preview", Xsd::String),
            attr("attach", Xsd::Boolean),
            attr("size", Xsd::String),
            attr("date", Xsd::String),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "Upload",
        members: &[
            attr("name", Xsd::String),
            attr("fileTypes", Xsd::String),
            attr("mandatory", Xsd::Boolean),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "UploadArray",
        members: &[rep("upload", Xsd::Type("Upload"))],
        enumeration: &[],
    },
    ComplexType {
        name: "GoalArray",
        members: &[rep("goal", Xsd::Type("Goal"))],
        enumeration: &[],
    },
    ComplexType {
        name: "Goal",
        members: &[
            attr("type", Xsd::Type("GoalType")),
            attr("reached", Xsd::Boolean),
            attr("description", Xsd::String),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "ActionArray",
        members: &[rep("action", Xsd::Type("Action"))],
        enumeration: &[],
    },
    ComplexType {
        name: "Action",
        members: &[
            m("FireCount", Xsd::Int),
            attr("type", Xsd::Type("ActionType")),
            attr("trigger", Xsd::Type("ActionTrigger")),
            attr("fireOnce", Xsd::Boolean),
            attr("text", Xsd::String),
            attr("email", Xsd::String),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "ArrayOfString",
        members: &[rep("string", Xsd::String)],
        enumeration: &[],
    },
    ComplexType {
        name: "ArrayOfAttachmentDTO",
        members: &[rep("AttachmentDTO", Xsd::Type("AttachmentDTO"))],
        enumeration: &[],
    },
    ComplexType {
        name: "AttachmentDTO",
        members: &[
            m("Id", Xsd::Long),
            m("Description", Xsd::String),
            m("Url", Xsd::String),
            m("Preview", Xsd::String),
            m("Attach", Xsd::Boolean),
            m("Size", Xsd::String),
            m("Date", Xsd::String),
            m("SignUrl", Xsd::String),
            m("SignStatus", Xsd::Int),
        ],
        enumeration: &[],
    },
    ComplexType {
        name: "ArrayOfSign",
        members: &[rep("Sign", Xsd::Type("Sign"))],
        enumeration: &[],
    },
    ComplexType {
        name: "ArrayOfUpload",
        members: &[rep("Upload", Xsd::Type("Upload"))],
        enumeration: &[],
    },
    ComplexType {
        name: "DocumentStatusDTO",
        members: &[m("Status", Xsd::String), m("Percentage", Xsd::Decimal)],
        enumeration: &[],
    },
    ComplexType {
        name: "StringArray",
        members: &[rep("String", Xsd::String)],
        enumeration: &[],
    },
    ComplexType {
        name: "GoalType",
        members: &[],
        enumeration: &["Conversion"],
    },
    ComplexType {
        name: "ActionType",
        members: &[],
        enumeration: &["Alert", "Mail", "ClientReady"],
    },
    ComplexType {
        name: "ActionTrigger",
        members: &[],
        enumeration: &["Load", "Unload", "Previous", "Next"],
    },
    ComplexType {
        name: "NodeType",
        members: &[],
        enumeration: &[
            "Choice",
            "Template",
            "File",
            "Form",
            "Email",
            "ScreenShare",
            "ShowBrowse",
            "ShowBrowseDocument",
            "ShowBrowseReverse",
            "Sign",
            "Upload",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_key_order_and_names_unique() {
        for (i, op) in Op::ALL.iter().enumerate() {
            assert_eq!(OPERATIONS[i].op, *op, "row {i}");
            assert_eq!(Op::from_name(op.name()), Some(*op));
        }
        let mut names: Vec<_> = OPERATIONS.iter().map(|o| o.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), OPERATIONS.len());
    }

    #[test]
    fn every_type_named_is_defined() {
        let named = OPERATIONS
            .iter()
            .flat_map(|o| {
                o.params
                    .iter()
                    .map(|p| p.xsd)
                    .chain(o.answer.root_element().map(|_| match o.answer {
                        Answer::Value(x) => x,
                        Answer::Void => Xsd::String,
                    }))
            })
            .chain(TYPES.iter().flat_map(|t| t.members.iter().map(|m| m.xsd)));
        for x in named {
            if let Xsd::Type(name) = x {
                assert!(complex_type(name).is_some(), "{name} is not in TYPES");
            }
        }
    }

    #[test]
    fn secrets_and_tokens() {
        for o in &OPERATIONS {
            for p in o.params {
                let should = matches!(p.name, "token" | "apikey" | "password" | "ticket");
                assert_eq!(p.secret, should, "{}.{}", o.name, p.name);
            }
            assert_eq!(
                o.takes_token(),
                !matches!(o.op, Op::Login | Op::Impersonate),
                "{}",
                o.name
            );
        }
    }

    #[test]
    fn typed_names_are_snake_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for o in OPERATIONS.iter().filter_map(|o| o.typed) {
            assert!(o.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{o}");
            assert!(seen.insert(o), "{o} twice");
        }
    }

    #[test]
    fn rows_answer_their_questions() {
        let create = Op::CreateCall.spec();
        assert!(create.creates());
        assert!(!Op::SetValues.spec().creates() && !Op::GetAttachments.spec().creates());
        assert_eq!(create.param("trajectCode").map(|p| p.name), Some("trajectCode"));
        assert_eq!(
            create.param("TRAJECTCODE").map(|p| p.name),
            Some("trajectCode"),
            "any case"
        );
        assert!(create.param("nothing").is_none());
        assert_eq!(create.answer.root_element(), Some("long"));
        assert_eq!(Op::SetContact.spec().answer.root_element(), None, "void");
        assert_eq!(Op::GetCall.spec().answer.root_element(), Some("CallDTO"));

        assert!(Source::Wsdl2016.in_wsdl_2016() && Source::GuideAndWsdl2016.in_wsdl_2016());
        assert!(!Source::Guide.in_wsdl_2016());
        let in_2016 = OPERATIONS.iter().filter(|o| o.source.in_wsdl_2016()).count();
        assert_eq!((in_2016, OPERATIONS.len() - in_2016), (49, 3));

        let pair = complex_type("NameValue").unwrap();
        assert_eq!(pair.member("Value").map(|m| m.name), Some("Value"));
        assert!(pair.member("value").is_none(), "member names are compared exactly");
        let dto = complex_type("CallDTO").unwrap();
        assert_eq!(dto.member("isAgent").map(|m| m.xsd), Some(Xsd::Boolean));
        assert!(dto.member("Name").is_none());
    }

    #[test]
    fn arrays() {
        assert!(Xsd::Type("ArrayOfString").is_array());
        assert!(Xsd::Base64Binary.is_array());
        assert!(!Xsd::Type("CallDTO").is_array());
        assert!(!Xsd::Long.is_array());
    }
}
