// Idiligo.cs: a .NET wrapper of libidiligo (the idiligo SDK's C API), to copy into a solution.
//
// - Follows the operation table like every surface of the SDK: one method per typed operation
//   (Client.GetCallValues for the table's "get_call_values"), Client.Call for any operation by
//   name, and Operations.All() to read the table itself.
// - One SafeHandle per native handle type; every handle is freed exactly once by its owner.
// - Returned char * are IntPtr and copied into managed strings, then freed with
//   idiligo_string_free (never declared as string: the CLR would free them with the wrong
//   allocator). Borrowed strings (accessors) are only copied; error texts are copied with
//   their length, so NUL bytes in them survive.
// - Strings go in as NUL-terminated UTF-8 byte[] (works on .NET Framework, Mono and .NET).
// - Every status code other than IDILIGO_OK becomes the exception class of its kind (one per
//   IDILIGO_ERR_* code, ErrorTable.Kinds), each derived from the fitting BCL exception
//   (ArgumentException, TimeoutException, IOException, WebException, ...) and implementing
//   IIdiligoError, which carries everything the native error object carries.
// - Delegates handed to native code (progress, write, wait condition, upload progress) are
//   kept alive for the call; an exception they throw is caught in the trampoline (never
//   unwinding into native code), cancels the native call, and is rethrown afterwards as
//   itself, with its original stack. The log handler's delegate is kept alive while
//   registered.
// - Every function of idiligo.h has its DllImport in class Native (tests/dotnet/ImportsTest.cs
//   checks the built DLL against the header).
// - Async: every Client method that talks to the service has an ...Async twin taking a
//   CancellationToken (Client.RunAsync): the call runs on a thread-pool thread through a
//   client view bound to a native cancel handle (idiligo_client_with_cancel) that the token
//   triggers, so cancelling the token cancels the call in flight.
// - Lifecycle: Client, Options, Sandbox, SandboxBuilder and Cancel are IDisposable over a
//   SafeHandle; Dispose is idempotent, any later call throws ObjectDisposedException.
// Needs libidiligo.so (Linux; DllImport name "idiligo") on the library search path, or next
// to the program (the NuGet package's runtimes/linux-x64/native asset). See
// ffi/dotnet/README.md.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Idiligo
{
    /// <summary>Status codes (IDILIGO_ERR_* in idiligo.h).</summary>
    public static class Status
    {
        public const int Ok = 0, Argument = 100, Connect = 200, Timeout = 201, Transport = 202, Tls = 300,
            Http = 400, Service = 500, Auth = 501, Parse = 600, TooLarge = 601, Io = 700, Cancelled = 800,
            Panic = 900;
    }

    /// <summary>Which timeout passed (IDILIGO_TIMEOUT_*).</summary>
    public enum TimeoutPhase { None = 0, Connect = 1, Request = 2, Stall = 3, Wait = 4 }

    /// <summary>A document a failed StartMeeting had stored.</summary>
    public sealed class PartialDocument
    {
        public string ExternalId { get; internal set; }
        public string DocumentId { get; internal set; }
        /// <summary>Whether it had been bound to the upload action.</summary>
        public bool Bound { get; internal set; }
    }

    /// <summary>Everything a failed StartMeeting had created, so nothing is lost.</summary>
    public sealed class PartialMeeting
    {
        public string CallId { get; internal set; }
        public string ContactId { get; internal set; }
        public string PublicId { get; internal set; }
        public bool ContactAttached { get; internal set; }
        public bool ValuesSet { get; internal set; }
        public IList<PartialDocument> Documents { get; internal set; }
    }

    /// <summary>What every exception of this library carries (the native error object's
    /// accessors, one property each).</summary>
    public interface IIdiligoError
    {
        /// <summary>The IDILIGO_ERR_* status code.</summary>
        int Code { get; }
        /// <summary>The kind: "invalid_argument", "timeout", "service", ... (stable).</summary>
        string Kind { get; }
        /// <summary>The operation that failed ("GetAttachments", "Download", ...).</summary>
        string Operation { get; }
        /// <summary>The HTTP status of the answer behind the error, 0 when none.</summary>
        int HttpStatus { get; }
        /// <summary>Whether repeating the same call later may succeed.</summary>
        bool Retryable { get; }
        /// <summary>The service's own message (service and auth errors), else null.</summary>
        string ServiceMessage { get; }
        /// <summary>The service's full fault text (service errors), else null.</summary>
        string Detail { get; }
        /// <summary>The Content-Type of the answer behind an HTTP error, else null.</summary>
        string ContentType { get; }
        /// <summary>The start of the body behind an HTTP error (redacted), else null.</summary>
        string Excerpt { get; }
        /// <summary>Which timeout passed (None for other errors).</summary>
        TimeoutPhase TimeoutPhase { get; }
        /// <summary>The configured duration that passed, for timeouts.</summary>
        TimeSpan? TimeoutAfter { get; }
        /// <summary>The size limit in bytes that was exceeded.</summary>
        ulong? SizeLimit { get; }
        /// <summary>The operating system's error code behind a local I/O error.</summary>
        int? OsErrorCode { get; }
        /// <summary>For StartMeeting failures: the step ("validate", "CreateCall", ...).</summary>
        string MeetingStep { get; }
        /// <summary>For StartMeeting's document steps ("validate" of a document included): the index of the document.</summary>
        int? DocumentIndex { get; }
        /// <summary>For StartMeeting failures: everything created before the failure.</summary>
        PartialMeeting Partial { get; }
        /// <summary>For HTTP errors: the URL requested (query left out, user info masked), else null.</summary>
        string HttpUrl { get; }
        /// <summary>A 429/503 answer's Retry-After, when it sent one.</summary>
        TimeSpan? RetryAfter { get; }
        /// <summary>The request provably never left this machine: safe to repeat, even an
        /// operation that creates something.</summary>
        bool NeverSent { get; }
        /// <summary>For StartMeeting failures whose request asked for a clean-up
        /// (MeetingRequest.CleanupOnFailure): what it removed and kept; null otherwise.</summary>
        CleanupReport Cleanup { get; }
    }

    /// <summary>What created item a clean-up kept (IDILIGO_CREATED_*).</summary>
    public enum CreatedKind { Unknown = 0, Contact = 1, Call = 2, Document = 3 }

    /// <summary>An item a clean-up could not remove, and why.</summary>
    public sealed class KeptItem
    {
        public CreatedKind Kind { get; internal set; }
        public string Id { get; internal set; }
        public string Reason { get; internal set; }
    }

    /// <summary>What the clean-up of a failed StartMeeting did.</summary>
    public sealed class CleanupReport
    {
        /// <summary>The documents it deleted.</summary>
        public IList<string> DeletedDocumentIds { get; internal set; }
        /// <summary>The call it ended, or null.</summary>
        public string EndedCallId { get; internal set; }
        /// <summary>What stayed (a contact always does: the service cannot delete one).</summary>
        public IList<KeptItem> Kept { get; internal set; }
    }

    /// <summary>The fields of one native error object, copied.</summary>
    public sealed class ErrorInfo : IIdiligoError
    {
        public int Code { get; internal set; }
        public string Kind { get; internal set; }
        public string Message { get; internal set; }
        public string Operation { get; internal set; }
        public int HttpStatus { get; internal set; }
        public bool Retryable { get; internal set; }
        public string ServiceMessage { get; internal set; }
        public string Detail { get; internal set; }
        public string ContentType { get; internal set; }
        public string Excerpt { get; internal set; }
        public TimeoutPhase TimeoutPhase { get; internal set; }
        public TimeSpan? TimeoutAfter { get; internal set; }
        public ulong? SizeLimit { get; internal set; }
        public int? OsErrorCode { get; internal set; }
        public string MeetingStep { get; internal set; }
        public int? DocumentIndex { get; internal set; }
        public PartialMeeting Partial { get; internal set; }
        public string HttpUrl { get; internal set; }
        public TimeSpan? RetryAfter { get; internal set; }
        public bool NeverSent { get; internal set; }
        public CleanupReport Cleanup { get; internal set; }
    }

    /// <summary>IDILIGO_ERR_* 100 ("invalid_argument"): An unusable argument or option (NULL, empty id, bad URL, invalid enum value); nothing was sent.</summary>
    public sealed class IdiligoArgumentException : ArgumentException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoArgumentException(ErrorInfo info) : base(info.Message) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 200 ("connect"): The connection could not be established (DNS, refused, unreachable, proxy); the request never left this machine.</summary>
    public sealed class IdiligoConnectException : WebException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoConnectException(ErrorInfo info) : base(info.Message, WebExceptionStatus.ConnectFailure) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 201 ("timeout"): A connect, request, stall or wait timeout passed (TimeoutPhase, TimeoutAfter).</summary>
    public sealed class IdiligoTimeoutException : TimeoutException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoTimeoutException(ErrorInfo info) : base(info.Message) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 202 ("transport"): The connection broke while the request or response was in flight.</summary>
    public sealed class IdiligoTransportException : WebException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoTransportException(ErrorInfo info) : base(info.Message, WebExceptionStatus.ReceiveFailure) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 300 ("tls"): TLS failed: handshake, certificate verification, or an unusable CA file.</summary>
    public sealed class IdiligoTlsException : AuthenticationException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoTlsException(ErrorInfo info) : base(info.Message) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 400 ("http"): An HTTP answer the protocol does not allow (HttpStatus, ContentType, Excerpt): a proxy's error page, an unexpected status.</summary>
    public sealed class IdiligoHttpException : WebException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoHttpException(ErrorInfo info) : base(info.Message, WebExceptionStatus.ProtocolError) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 500 ("service"): The service reported an error (ServiceMessage, Detail). No BCL exception fits a business fault, so it derives from Exception.</summary>
    public sealed class IdiligoServiceException : Exception, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoServiceException(ErrorInfo info) : base(info.Message) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 501 ("auth"): Login failed, or the session token was rejected and could not be renewed (an AuthenticationException, like TLS failures; tell them apart by type or Kind).</summary>
    public sealed class IdiligoAuthException : InvalidCredentialException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoAuthException(ErrorInfo info) : base(info.Message) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 600 ("parse"): The response could not be understood (malformed XML, wrong root element, an empty id).</summary>
    public sealed class IdiligoParseException : FormatException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoParseException(ErrorInfo info) : base(info.Message) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 601 ("too_large"): A response or download exceeded its size cap (SizeLimit).</summary>
    public sealed class IdiligoTooLargeException : WebException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoTooLargeException(ErrorInfo info) : base(info.Message, WebExceptionStatus.MessageLengthLimitExceeded) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 700 ("io"): A local file-system operation failed (OsErrorCode).</summary>
    public sealed class IdiligoIOException : IOException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoIOException(ErrorInfo info) : base(info.Message) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 800 ("cancelled"): The operation was cancelled: a progress or write delegate returned false, a Cancel was triggered, or (async methods) the CancellationToken was cancelled; then CancellationToken is that token.</summary>
    public sealed class IdiligoCancelledException : OperationCanceledException, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoCancelledException(ErrorInfo info) : base(info.Message) { i = info; }
        internal IdiligoCancelledException(ErrorInfo info, CancellationToken token) : base(info.Message, token) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>IDILIGO_ERR_* 900 ("panic"): A bug inside the library, caught at its boundary; the library stays usable. Please report the message.</summary>
    public sealed class IdiligoPanicException : Exception, IIdiligoError
    {
        readonly ErrorInfo i;
        internal IdiligoPanicException(ErrorInfo info) : base(info.Message) { i = info; }
        /// <summary>Every field, copied from the native error object.</summary>
        public ErrorInfo Info => i;
        public int Code => i.Code;
        public string Kind => i.Kind;
        public string Operation => i.Operation;
        public int HttpStatus => i.HttpStatus;
        public bool Retryable => i.Retryable;
        public string ServiceMessage => i.ServiceMessage;
        public string Detail => i.Detail;
        public string ContentType => i.ContentType;
        public string Excerpt => i.Excerpt;
        public TimeoutPhase TimeoutPhase => i.TimeoutPhase;
        public TimeSpan? TimeoutAfter => i.TimeoutAfter;
        public ulong? SizeLimit => i.SizeLimit;
        public int? OsErrorCode => i.OsErrorCode;
        public string MeetingStep => i.MeetingStep;
        public int? DocumentIndex => i.DocumentIndex;
        public PartialMeeting Partial => i.Partial;
        public string HttpUrl => i.HttpUrl;
        public TimeSpan? RetryAfter => i.RetryAfter;
        public bool NeverSent => i.NeverSent;
        public CleanupReport Cleanup => i.Cleanup;
    }

    /// <summary>One row of the error table: a status code, its kind and its exception class.</summary>
    public sealed class ErrorKind
    {
        public int Code { get; private set; }
        public string Kind { get; private set; }
        public Type ExceptionType { get; private set; }
        internal Func<ErrorInfo, Exception> Create;
        internal ErrorKind(int code, string kind, Type type, Func<ErrorInfo, Exception> create)
        {
            Code = code; Kind = kind; ExceptionType = type; Create = create;
        }
    }

    /// <summary>The error table: one exception class per IDILIGO_ERR_* code of idiligo.h (the
    /// same table as the Rust core's ErrorKind and the Python exceptions).</summary>
    public static class ErrorTable
    {
        public static readonly IList<ErrorKind> Kinds = new List<ErrorKind>
        {
            new ErrorKind(100, "invalid_argument", typeof(IdiligoArgumentException), i => new IdiligoArgumentException(i)),
            new ErrorKind(200, "connect", typeof(IdiligoConnectException), i => new IdiligoConnectException(i)),
            new ErrorKind(201, "timeout", typeof(IdiligoTimeoutException), i => new IdiligoTimeoutException(i)),
            new ErrorKind(202, "transport", typeof(IdiligoTransportException), i => new IdiligoTransportException(i)),
            new ErrorKind(300, "tls", typeof(IdiligoTlsException), i => new IdiligoTlsException(i)),
            new ErrorKind(400, "http", typeof(IdiligoHttpException), i => new IdiligoHttpException(i)),
            new ErrorKind(500, "service", typeof(IdiligoServiceException), i => new IdiligoServiceException(i)),
            new ErrorKind(501, "auth", typeof(IdiligoAuthException), i => new IdiligoAuthException(i)),
            new ErrorKind(600, "parse", typeof(IdiligoParseException), i => new IdiligoParseException(i)),
            new ErrorKind(601, "too_large", typeof(IdiligoTooLargeException), i => new IdiligoTooLargeException(i)),
            new ErrorKind(700, "io", typeof(IdiligoIOException), i => new IdiligoIOException(i)),
            new ErrorKind(800, "cancelled", typeof(IdiligoCancelledException), i => new IdiligoCancelledException(i)),
            new ErrorKind(900, "panic", typeof(IdiligoPanicException), i => new IdiligoPanicException(i)),
        }.AsReadOnly();

        /// <summary>The exception for an error: its code's class, else (a code newer than this
        /// file) the first class of its family (code / 100), else IdiligoPanicException.</summary>
        public static Exception Create(ErrorInfo info)
        {
            foreach (var k in Kinds) if (k.Code == info.Code) return k.Create(info);
            foreach (var k in Kinds) if (k.Code / 100 == info.Code / 100) return k.Create(info);
            return new IdiligoPanicException(info);
        }
    }

    /// <summary>Progress of a download; return false to cancel (IdiligoCancelledException). An
    /// exception it throws cancels the download and propagates as itself.</summary>
    public delegate bool Progress(ulong done, ulong total);

    /// <summary>Shared between a native call and its callbacks: the first exception a managed
    /// callback threw, rethrown once the native call has returned.</summary>
    internal sealed class CallbackFault
    {
        ExceptionDispatchInfo captured;
        public bool Failed => captured != null;
        public void Capture(Exception e) { if (captured == null) captured = ExceptionDispatchInfo.Capture(e); }
        /// <summary>After the native call: rethrow the callback's exception (freeing the native
        /// error of the cancelled call), else map the status.</summary>
        public void Finish(int status, IntPtr err)
        {
            if (captured != null)
            {
                if (err != IntPtr.Zero) Native.idiligo_error_free(err);
                captured.Throw();
            }
            Native.Check(status, err);
        }
    }

    internal static class Native
    {
        const string Lib = "idiligo";

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ProgressCb(IntPtr userData, ulong done, ulong total);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ConditionCb(IntPtr userData, IntPtr list);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int WriteCb(IntPtr userData, IntPtr data, UIntPtr len);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ReadCb(IntPtr userData, IntPtr buf, UIntPtr len, IntPtr outN);
        /// <summary>IDILIGO_LENGTH_UNKNOWN.</summary>
        public const ulong LengthUnknown = ulong.MaxValue;
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void LogCb(IntPtr userData, int level, IntPtr target, IntPtr message, UIntPtr messageLen);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_version();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_string_free(IntPtr s);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_error_code(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_kind(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_message(IntPtr e, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_operation(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_error_http_status(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_retryable(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_service_message(IntPtr e, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_service_detail(IntPtr e, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_http_content_type(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_http_excerpt(IntPtr e, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_error_timeout_phase(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_timeout_ns(IntPtr e, out ulong ns);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_size_limit(IntPtr e, out ulong limit);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_os_error_code(IntPtr e, out int code);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_meeting_step(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_meeting_document_index(IntPtr e, out UIntPtr index);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_partial_call_id(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_partial_contact_id(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_partial_public_id(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_partial_contact_attached(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_partial_values_set(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_error_partial_document_count(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_partial_document_id(IntPtr e, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_partial_document_external_id(IntPtr e, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_partial_document_bound(IntPtr e, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_error_free(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_last_error_code();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_last_error_message(byte[] buf, UIntPtr len, out UIntPtr needed);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_operation_count();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_operation_name(UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_operation_typed(UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_operation_summary(UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_operation_effect(UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern uint idiligo_operation_bindings(UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_operation_takes_token(UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_operation_answer_type(UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_operation_param_count(UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_operation_param_name(UIntPtr i, UIntPtr p);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_operation_param_type(UIntPtr i, UIntPtr p);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_operation_param_secret(UIntPtr i, UIntPtr p);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_operation_param_is_array(UIntPtr i, UIntPtr p);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern OptionsHandle idiligo_options_new();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_options_free(IntPtr o);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_base_url(OptionsHandle o, byte[] url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_participant_base_url(OptionsHandle o, byte[] url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_binding(OptionsHandle o, int binding, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_password_credentials(OptionsHandle o, byte[] apikey, byte[] user, byte[] password, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_ticket_credentials(OptionsHandle o, byte[] apikey, byte[] user, byte[] ticket, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_token(OptionsHandle o, byte[] token, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_token_lifetime_ms(OptionsHandle o, ulong ms, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_connect_timeout_ms(OptionsHandle o, ulong ms, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_request_timeout_ms(OptionsHandle o, ulong ms, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_stall_timeout_ms(OptionsHandle o, ulong ms, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_retry(OptionsHandle o, uint max, ulong initialMs, ulong maxMs, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_proxy(OptionsHandle o, byte[] url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_add_ca_file(OptionsHandle o, byte[] path, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_new(OptionsHandle o, out ClientHandle c, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_client_free(IntPtr c);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_login(ClientHandle c, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_login_password(ClientHandle c, byte[] apikey, byte[] user, byte[] password, out IntPtr token, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_impersonate(ClientHandle c, byte[] apikey, byte[] user, byte[] ticket, out IntPtr token, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_create_contact(ClientHandle c, byte[] email, byte[] first, byte[] last, out IntPtr id, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_create_call(ClientHandle c, byte[] script, out IntPtr id, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_set_contact(ClientHandle c, byte[] call, byte[] contact, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_get_agent_url(ClientHandle c, byte[] call, byte[] returnUrl, out IntPtr url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_get_public_call_id(ClientHandle c, byte[] call, out IntPtr id, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_set_values(ClientHandle c, byte[] publicId, IntPtr[] names, IntPtr[] values, UIntPtr count, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_add_document_from_url(ClientHandle c, byte[] url, byte[] filename, byte[] externalId, out IntPtr id, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_set_document_to_upload_action(ClientHandle c, byte[] call, byte[] externalId, byte[] doc, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_get_attachments(ClientHandle c, byte[] call, out AttachmentsHandle list, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_get_call_values(ClientHandle c, byte[] call, out NameValuesHandle list, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_set_value(ClientHandle c, byte[] publicId, byte[] name, byte[] value, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_set_comment(ClientHandle c, byte[] call, byte[] comment, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_get_call(ClientHandle c, byte[] call, out CallRecordHandle record, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_get_call_by_public_id(ClientHandle c, byte[] publicId, out CallRecordHandle record, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_end_call(ClientHandle c, byte[] call, byte[] returnUrl, out IntPtr url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_send_mail(ClientHandle c, byte[] call, byte[] to, byte[] template, byte[] attachments, [MarshalAs(UnmanagedType.I1)] out bool sent, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_meeting_results(ClientHandle c, byte[] call, out MeetingResultsHandle results, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_call(ClientHandle c, byte[] operation, IntPtr[] names, IntPtr[] values, UIntPtr count, uint flags, out IntPtr xml, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_participant_url(ClientHandle c, byte[] publicId, out IntPtr url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_download_to_path(ClientHandle c, byte[] url, byte[] path, ProgressCb cb, IntPtr userData, ulong maxBytes, out ulong written, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_download_all(ClientHandle c, byte[] call, byte[] dir, ProgressCb cb, IntPtr userData, out AttachmentsHandle saved, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_wait_for_attachments(ClientHandle c, byte[] call, UIntPtr minCount, ConditionCb condition, IntPtr userData, ulong timeoutMs, ulong pollMs, out AttachmentsHandle list, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_meeting_request_new(byte[] script, out MeetingRequestHandle r, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_meeting_request_free(IntPtr r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_meeting_request_set_participant(MeetingRequestHandle r, byte[] email, byte[] first, byte[] last, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_meeting_request_add_value(MeetingRequestHandle r, byte[] name, byte[] value, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_meeting_request_add_document(MeetingRequestHandle r, byte[] url, byte[] filename, byte[] externalId, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_meeting_request_set_return_url(MeetingRequestHandle r, byte[] url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_start_meeting(ClientHandle c, MeetingRequestHandle r, out MeetingHandle m, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_meeting_free(IntPtr m);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_meeting_call_id(MeetingHandle m);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_meeting_contact_id(MeetingHandle m);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_meeting_public_id(MeetingHandle m);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_meeting_agent_url(MeetingHandle m);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_meeting_participant_url(MeetingHandle m);

        // Lists are read through their raw pointer (a SafeHandle's, under DangerousAddRef, or one
        // borrowed from a callback or from meeting results).
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_attachments_free(IntPtr l);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_attachments_len(IntPtr l);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_id(IntPtr l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_description(IntPtr l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_url(IntPtr l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_preview(IntPtr l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_size(IntPtr l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_date(IntPtr l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_sign_url(IntPtr l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_attachments_attach(IntPtr l, UIntPtr i, [MarshalAs(UnmanagedType.I1)] out bool v, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_attachments_sign_status(IntPtr l, UIntPtr i, out int v, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_saved_path(IntPtr l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern ulong idiligo_attachments_saved_bytes(IntPtr l, UIntPtr i);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_name_values_free(IntPtr l);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_name_values_len(IntPtr l);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_name_values_name(IntPtr l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_name_values_value(IntPtr l, UIntPtr i);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_meeting_results_free(IntPtr r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_meeting_results_values(MeetingResultsHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_meeting_results_attachments(MeetingResultsHandle r);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_call_record_free(IntPtr r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_call_id(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_public_id(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_account_number(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern long idiligo_call_record_event_count(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_server_id(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_username(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_is_agent(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_language(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_comment(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_contact_email(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_viewer_wrap(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_sc_use_jpeg(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_sc_jpeg_quality(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_sc_scale(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_sc_proxy_server(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_sc_proxy_port(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_show_browse_height(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_show_browse_width(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_rtmpt(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_webcam_quality(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_webcam_bitrate(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_webcam_framerate(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_microphone_default_enabled(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_microphone_volume(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_microphone_quality(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_microphone_framerate(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_microphone_echo_suppression(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_use_web_rtc(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_show_invite(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_background_color(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_node_count(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_has_account_logo(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_owner_account_number(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_use_chat_username(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_subscriber_code(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_call_record_subscriber_count(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_call_record_client_ready(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_call_record_extra_count(CallRecordHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_extra_name(CallRecordHandle r, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_call_record_extra_value(CallRecordHandle r, UIntPtr i);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_start(out SandboxHandle s, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_sandbox_stop(IntPtr s);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_sandbox_url(SandboxHandle s);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_sandbox_apikey(SandboxHandle s);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_sandbox_username(SandboxHandle s);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_sandbox_password(SandboxHandle s);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_sandbox_ticket(SandboxHandle s);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_options(SandboxHandle s, out OptionsHandle o, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_host_file(SandboxHandle s, byte[] name, byte[] bytes, UIntPtr len, out IntPtr url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_simulate_upload(SandboxHandle s, byte[] call, byte[] filename, byte[] bytes, UIntPtr len, out IntPtr id, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_simulate_sign(SandboxHandle s, byte[] call, byte[] doc, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_inspect(SandboxHandle s, byte[] call, out IntPtr json, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_expire_tokens(SandboxHandle s, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_inject_fault(SandboxHandle s, int kind, byte[] operation, uint times, ulong param, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_inject_response(SandboxHandle s, byte[] operation, uint times, ushort status, byte[] contentType, byte[] body, UIntPtr len, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern ulong idiligo_sandbox_request_count(SandboxHandle s, byte[] operation);

        // Cancellation, downloads to memory and to a callback, reports, logging, the sandbox
        // builder and the WSDL check.
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_attachments_size_bytes(IntPtr l, UIntPtr i, out ulong v, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_buffer_free(IntPtr data);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern CancelSafeHandle idiligo_cancel_new();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_cancel_free(IntPtr c);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_cancel_trigger(CancelSafeHandle c);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_cancel_is_triggered(CancelSafeHandle c);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_with_cancel(ClientHandle c, CancelSafeHandle cancel, out ClientHandle view, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_endpoint(ClientHandle c, out IntPtr url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_session_token(ClientHandle c, out IntPtr token, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_set_token(ClientHandle c, byte[] token, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_fetch_wsdl(ClientHandle c, out IntPtr wsdl, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_check_service(ClientHandle c, out WsdlReportHandle report, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_download_to_buffer(ClientHandle c, byte[] url, ProgressCb cb, IntPtr userData, ulong maxBytes, out IntPtr data, out UIntPtr len, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_download_to_callback(ClientHandle c, byte[] url, WriteCb write, ProgressCb cb, IntPtr userData, ulong maxBytes, out ulong written, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_download_all_report(ClientHandle c, byte[] call, byte[] dir, uint flags, ProgressCb cb, IntPtr userData, out DownloadReportHandle report, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_download_report_free(IntPtr r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_download_report_attachments(DownloadReportHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_download_report_outcome(DownloadReportHandle r, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_download_report_error(DownloadReportHandle r, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_download_report_manifest_error(DownloadReportHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_download_report_complete(DownloadReportHandle r);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_http_url(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_never_sent(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_retry_after_ns(IntPtr e, out ulong ns);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_log_set_callback(LogCb cb, IntPtr userData, int maxLevel, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_meeting_document_count(MeetingHandle m);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_meeting_document_id(MeetingHandle m, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_meeting_document_external_id(MeetingHandle m, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_name_values_get(IntPtr l, byte[] name);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_operation_find(byte[] name, out UIntPtr index);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_allow_insecure_http(OptionsHandle o, [MarshalAs(UnmanagedType.I1)] bool allow, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_download_timeout_ms(OptionsHandle o, ulong ms, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_max_download_bytes(OptionsHandle o, ulong limit, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_max_idle_connections(OptionsHandle o, UIntPtr perHost, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_max_response_bytes(OptionsHandle o, ulong limit, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_max_retry_after_ms(OptionsHandle o, ulong ms, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_use_system_roots(OptionsHandle o, [MarshalAs(UnmanagedType.I1)] bool useThem, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_safe_file_name(byte[] description, byte[] id, out IntPtr name, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern SandboxBuilderHandle idiligo_sandbox_builder_new();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_sandbox_builder_free(IntPtr b);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_port(SandboxBuilderHandle b, ushort port, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_credentials(SandboxBuilderHandle b, byte[] apikey, byte[] user, byte[] password, byte[] ticket, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_token_lifetime_ms(SandboxBuilderHandle b, ulong ms, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_custom_errors(SandboxBuilderHandle b, int mode, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_conversion_time_ms(SandboxBuilderHandle b, ulong ms, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_conversion_failure_marker(SandboxBuilderHandle b, byte[] marker, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_max_document_bytes(SandboxBuilderHandle b, ulong limit, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_max_request_bytes(SandboxBuilderHandle b, UIntPtr limit, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_request_validation(SandboxBuilderHandle b, [MarshalAs(UnmanagedType.I1)] bool on, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_require_contact_names(SandboxBuilderHandle b, [MarshalAs(UnmanagedType.I1)] bool required, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_set_control_api(SandboxBuilderHandle b, [MarshalAs(UnmanagedType.I1)] bool on, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_builder_start(SandboxBuilderHandle b, out SandboxHandle s, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_set_latency_ms(SandboxHandle s, ulong ms, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_sandbox_clear_faults(SandboxHandle s, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_wsdl_compare(byte[] wsdl, out WsdlReportHandle report, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_wsdl_report_free(IntPtr r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_wsdl_report_matches(WsdlReportHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_wsdl_report_len(WsdlReportHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_wsdl_report_service_operations(WsdlReportHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_wsdl_report_table_operations(WsdlReportHandle r);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_wsdl_report_kind(WsdlReportHandle r, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_wsdl_report_kind_name(WsdlReportHandle r, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_wsdl_report_is_mismatch(WsdlReportHandle r, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_wsdl_report_subject(WsdlReportHandle r, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_wsdl_report_expected(WsdlReportHandle r, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_wsdl_report_found(WsdlReportHandle r, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_wsdl_report_message(WsdlReportHandle r, UIntPtr i);

        // Documents the application holds: uploads, document operations, meeting document
        // sources and the clean-up report.
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_add_document_from_bytes(ClientHandle c, byte[] filename, byte[] bytes, UIntPtr len, UploadOptionsHandle options, out IntPtr id, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_add_document_from_file(ClientHandle c, byte[] path, UploadOptionsHandle options, out IntPtr id, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_add_document_from_reader(ClientHandle c, byte[] filename, ReadCb read, IntPtr userData, ulong length, UploadOptionsHandle options, out IntPtr id, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_add_document_to_call(ClientHandle c, byte[] call, byte[] doc, byte[] nodeCode, out IntPtr id, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_delete_document(ClientHandle c, byte[] doc, [MarshalAs(UnmanagedType.I1)] out bool deleted, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_get_document_progress(ClientHandle c, byte[] doc, out int status, out double percentage, out IntPtr text, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_get_document_status(ClientHandle c, byte[] doc, out int status, out IntPtr text, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_set_call_values(ClientHandle c, byte[] call, IntPtr[] names, IntPtr[] values, UIntPtr count, [MarshalAs(UnmanagedType.I1)] out bool stored, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_wait_for_document(ClientHandle c, byte[] doc, ulong timeoutMs, ulong pollMs, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UploadOptionsHandle idiligo_upload_options_new();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_upload_options_free(IntPtr o);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_upload_options_set_external_id(UploadOptionsHandle o, byte[] externalId, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_upload_options_set_filename(UploadOptionsHandle o, byte[] filename, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_upload_options_set_max_bytes(UploadOptionsHandle o, ulong limit, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_upload_options_set_private(UploadOptionsHandle o, [MarshalAs(UnmanagedType.I1)] bool priv, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_upload_options_set_temporary(UploadOptionsHandle o, [MarshalAs(UnmanagedType.I1)] bool temp, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_upload_options_set_progress(UploadOptionsHandle o, ProgressCb cb, IntPtr userData, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_options_set_max_upload_bytes(OptionsHandle o, ulong limit, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_meeting_request_add_document_from_bytes(MeetingRequestHandle r, byte[] filename, byte[] bytes, UIntPtr len, byte[] externalId, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_meeting_request_add_document_from_file(MeetingRequestHandle r, byte[] path, byte[] filename, byte[] externalId, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_meeting_request_set_cleanup_on_failure(MeetingRequestHandle r, [MarshalAs(UnmanagedType.I1)] bool cleanup, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_meeting_request_set_wait_for_documents_ms(MeetingRequestHandle r, ulong ms, out IntPtr err);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_cleanup_ran(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_error_cleanup_deleted_count(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_cleanup_deleted_document_id(IntPtr e, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_cleanup_ended_call_id(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_error_cleanup_kept_count(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_error_cleanup_kept_kind(IntPtr e, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_cleanup_kept_id(IntPtr e, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_cleanup_kept_reason(IntPtr e, UIntPtr i, out UIntPtr len);

        /// <summary>NUL-terminated UTF-8 (null stays null: optional parameters).</summary>
        public static byte[] Utf8(string s)
        {
            if (s == null) return null;
            var n = Encoding.UTF8.GetByteCount(s);
            var b = new byte[n + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }

        /// <summary>Copies a borrowed UTF-8 string (NULL gives null).</summary>
        public static string Borrowed(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            int len = 0;
            while (Marshal.ReadByte(p, len) != 0) len++;
            return Text(p, (UIntPtr)len);
        }

        /// <summary>Copies a borrowed UTF-8 text of a known length (NUL bytes included).</summary>
        public static string Text(IntPtr p, UIntPtr len)
        {
            if (p == IntPtr.Zero) return null;
            var b = new byte[(int)len];
            Marshal.Copy(p, b, 0, b.Length);
            return Encoding.UTF8.GetString(b);
        }

        /// <summary>Copies and frees an owned string.</summary>
        public static string Owned(IntPtr p)
        {
            try { return Borrowed(p); }
            finally { if (p != IntPtr.Zero) idiligo_string_free(p); }
        }

        /// <summary>Copies every field of a native error object.</summary>
        public static ErrorInfo Read(IntPtr err)
        {
            UIntPtr len;
            var info = new ErrorInfo
            {
                Code = idiligo_error_code(err),
                Kind = Borrowed(idiligo_error_kind(err)),
                Message = Text(idiligo_error_message(err, out len), len),
                Operation = Borrowed(idiligo_error_operation(err)),
                HttpStatus = idiligo_error_http_status(err),
                Retryable = idiligo_error_retryable(err),
                ServiceMessage = Text(idiligo_error_service_message(err, out len), len),
                Detail = Text(idiligo_error_service_detail(err, out len), len),
                ContentType = Borrowed(idiligo_error_http_content_type(err)),
                Excerpt = Text(idiligo_error_http_excerpt(err, out len), len),
                TimeoutPhase = (TimeoutPhase)idiligo_error_timeout_phase(err),
                MeetingStep = Borrowed(idiligo_error_meeting_step(err)),
                HttpUrl = Borrowed(idiligo_error_http_url(err)),
                NeverSent = idiligo_error_never_sent(err),
            };
            ulong u; int code; UIntPtr index;
            if (idiligo_error_timeout_ns(err, out u)) info.TimeoutAfter = TimeSpan.FromTicks((long)(u / 100));
            if (idiligo_error_retry_after_ns(err, out u)) info.RetryAfter = TimeSpan.FromTicks((long)(u / 100));
            if (idiligo_error_size_limit(err, out u)) info.SizeLimit = u;
            if (idiligo_error_os_error_code(err, out code)) info.OsErrorCode = code;
            if (idiligo_error_meeting_document_index(err, out index)) info.DocumentIndex = (int)index;
            if (idiligo_error_cleanup_ran(err))
            {
                var deleted = new List<string>();
                ulong dn = (ulong)idiligo_error_cleanup_deleted_count(err);
                for (ulong k = 0; k < dn; k++) deleted.Add(Borrowed(idiligo_error_cleanup_deleted_document_id(err, (UIntPtr)k)));
                var kept = new List<KeptItem>();
                ulong kn = (ulong)idiligo_error_cleanup_kept_count(err);
                for (ulong k = 0; k < kn; k++)
                {
                    var i = (UIntPtr)k;
                    kept.Add(new KeptItem
                    {
                        Kind = (CreatedKind)idiligo_error_cleanup_kept_kind(err, i),
                        Id = Borrowed(idiligo_error_cleanup_kept_id(err, i)),
                        Reason = Text(idiligo_error_cleanup_kept_reason(err, i, out len), len),
                    });
                }
                info.Cleanup = new CleanupReport
                {
                    DeletedDocumentIds = deleted.AsReadOnly(),
                    EndedCallId = Borrowed(idiligo_error_cleanup_ended_call_id(err)),
                    Kept = kept.AsReadOnly(),
                };
            }
            if (info.MeetingStep != null)
            {
                var docs = new List<PartialDocument>();
                ulong n = (ulong)idiligo_error_partial_document_count(err);
                for (ulong k = 0; k < n; k++)
                {
                    var i = (UIntPtr)k;
                    docs.Add(new PartialDocument
                    {
                        ExternalId = Borrowed(idiligo_error_partial_document_external_id(err, i)),
                        DocumentId = Borrowed(idiligo_error_partial_document_id(err, i)),
                        Bound = idiligo_error_partial_document_bound(err, i),
                    });
                }
                info.Partial = new PartialMeeting
                {
                    CallId = Borrowed(idiligo_error_partial_call_id(err)),
                    ContactId = Borrowed(idiligo_error_partial_contact_id(err)),
                    PublicId = Borrowed(idiligo_error_partial_public_id(err)),
                    ContactAttached = idiligo_error_partial_contact_attached(err),
                    ValuesSet = idiligo_error_partial_values_set(err),
                    Documents = docs.AsReadOnly(),
                };
            }
            return info;
        }

        /// <summary>Throws the exception of a failed status, consuming the error object.</summary>
        public static void Check(int status, IntPtr err)
        {
            if (status == Status.Ok) return;
            if (err == IntPtr.Zero)
                throw ErrorTable.Create(new ErrorInfo { Code = status, Kind = "unknown", Message = "idiligo status " + status, Operation = "" });
            ErrorInfo info;
            try { info = Read(err); }
            finally { idiligo_error_free(err); }
            throw ErrorTable.Create(info);
        }

        /// <summary>Adapts a managed progress delegate: an exception it throws is captured in
        /// `fault` and cancels the native call (it never unwinds into native code).</summary>
        public static ProgressCb Adapt(Progress progress, CallbackFault fault)
        {
            if (progress == null) return null;
            return (ud, done, total) =>
            {
                if (fault.Failed) return 1;
                try { return progress(done, total) ? 0 : 1; }
                catch (Exception e) { fault.Capture(e); return 1; }
            };
        }

        /// <summary>Runs `f` on the raw pointer of a SafeHandle, keeping it alive meanwhile.</summary>
        public static T WithHandle<T>(SafeHandle h, Func<IntPtr, T> f)
        {
            bool added = false;
            try
            {
                h.DangerousAddRef(ref added);
                return f(h.DangerousGetHandle());
            }
            finally { if (added) h.DangerousRelease(); }
        }
    }

    internal sealed class OptionsHandle : SafeHandle
    {
        public OptionsHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_options_free(handle); return true; }
    }

    internal sealed class ClientHandle : SafeHandle
    {
        public ClientHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_client_free(handle); return true; }
    }

    internal sealed class MeetingRequestHandle : SafeHandle
    {
        public MeetingRequestHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_meeting_request_free(handle); return true; }
    }

    internal sealed class MeetingHandle : SafeHandle
    {
        public MeetingHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_meeting_free(handle); return true; }
    }

    internal sealed class AttachmentsHandle : SafeHandle
    {
        public AttachmentsHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_attachments_free(handle); return true; }
    }

    internal sealed class NameValuesHandle : SafeHandle
    {
        public NameValuesHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_name_values_free(handle); return true; }
    }

    internal sealed class CallRecordHandle : SafeHandle
    {
        public CallRecordHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_call_record_free(handle); return true; }
    }

    internal sealed class MeetingResultsHandle : SafeHandle
    {
        public MeetingResultsHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_meeting_results_free(handle); return true; }
    }

    internal sealed class CancelSafeHandle : SafeHandle
    {
        public CancelSafeHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_cancel_free(handle); return true; }
    }

    internal sealed class DownloadReportHandle : SafeHandle
    {
        public DownloadReportHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_download_report_free(handle); return true; }
    }

    internal sealed class WsdlReportHandle : SafeHandle
    {
        public WsdlReportHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_wsdl_report_free(handle); return true; }
    }

    internal sealed class UploadOptionsHandle : SafeHandle
    {
        public UploadOptionsHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_upload_options_free(handle); return true; }
    }

    internal sealed class SandboxBuilderHandle : SafeHandle
    {
        public SandboxBuilderHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_sandbox_builder_free(handle); return true; }
    }

    internal sealed class SandboxHandle : SafeHandle
    {
        public SandboxHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_sandbox_stop(handle); return true; }
    }

    /// <summary>Client options (idiligo_options). Dispose after creating the client.</summary>
    public sealed class Options : IDisposable
    {
        readonly OptionsHandle handle;
        internal Options(OptionsHandle h) { handle = h; }
        public Options() : this(Native.idiligo_options_new())
        {
            if (handle.IsInvalid) throw new OutOfMemoryException("idiligo_options_new");
        }

        /// <summary>The native handle; ObjectDisposedException once disposed.</summary>
        internal OptionsHandle Handle
        {
            get
            {
                if (handle.IsClosed) throw new ObjectDisposedException(nameof(Options));
                return handle;
            }
        }
        public Options BaseUrl(string url) { IntPtr e; Native.Check(Native.idiligo_options_set_base_url(Handle, Native.Utf8(url), out e), e); return this; }
        public Options ParticipantBaseUrl(string url) { IntPtr e; Native.Check(Native.idiligo_options_set_participant_base_url(Handle, Native.Utf8(url), out e), e); return this; }
        /// <summary>0 = POST (default), 1 = GET.</summary>
        public Options Binding(int binding) { IntPtr e; Native.Check(Native.idiligo_options_set_binding(Handle, binding, out e), e); return this; }
        public Options PasswordCredentials(string apikey, string user, string password) { IntPtr e; Native.Check(Native.idiligo_options_set_password_credentials(Handle, Native.Utf8(apikey), Native.Utf8(user), Native.Utf8(password), out e), e); return this; }
        public Options TicketCredentials(string apikey, string user, string ticket) { IntPtr e; Native.Check(Native.idiligo_options_set_ticket_credentials(Handle, Native.Utf8(apikey), Native.Utf8(user), Native.Utf8(ticket), out e), e); return this; }
        public Options Token(string token) { IntPtr e; Native.Check(Native.idiligo_options_set_token(Handle, Native.Utf8(token), out e), e); return this; }
        public Options TokenLifetime(TimeSpan t) { IntPtr e; Native.Check(Native.idiligo_options_set_token_lifetime_ms(Handle, (ulong)t.TotalMilliseconds, out e), e); return this; }
        public Options ConnectTimeout(TimeSpan t) { IntPtr e; Native.Check(Native.idiligo_options_set_connect_timeout_ms(Handle, (ulong)t.TotalMilliseconds, out e), e); return this; }
        public Options RequestTimeout(TimeSpan t) { IntPtr e; Native.Check(Native.idiligo_options_set_request_timeout_ms(Handle, (ulong)t.TotalMilliseconds, out e), e); return this; }
        public Options StallTimeout(TimeSpan t) { IntPtr e; Native.Check(Native.idiligo_options_set_stall_timeout_ms(Handle, (ulong)t.TotalMilliseconds, out e), e); return this; }
        public Options Retry(uint maxRetries, TimeSpan initial, TimeSpan max) { IntPtr e; Native.Check(Native.idiligo_options_set_retry(Handle, maxRetries, (ulong)initial.TotalMilliseconds, (ulong)max.TotalMilliseconds, out e), e); return this; }
        public Options Proxy(string url) { IntPtr e; Native.Check(Native.idiligo_options_set_proxy(Handle, Native.Utf8(url), out e), e); return this; }
        public Options AddCaFile(string pemPath) { IntPtr e; Native.Check(Native.idiligo_options_add_ca_file(Handle, Native.Utf8(pemPath), out e), e); return this; }
        /// <summary>Allow plain http:// to hosts other than loopback (default false).</summary>
        public Options AllowInsecureHttp(bool allow) { IntPtr e; Native.Check(Native.idiligo_options_set_allow_insecure_http(Handle, allow, out e), e); return this; }
        /// <summary>Trust the operating system's certificate store (default true); else Mozilla's bundled roots.</summary>
        public Options UseSystemRoots(bool useThem) { IntPtr e; Native.Check(Native.idiligo_options_set_use_system_roots(Handle, useThem, out e), e); return this; }
        /// <summary>A total deadline per download (default none; TimeoutPhase.Download when passed).</summary>
        public Options DownloadTimeout(TimeSpan t) { IntPtr e; Native.Check(Native.idiligo_options_set_download_timeout_ms(Handle, (ulong)t.TotalMilliseconds, out e), e); return this; }
        /// <summary>Cap on one API response body in bytes (default 8 MiB).</summary>
        public Options MaxResponseBytes(ulong limit) { IntPtr e; Native.Check(Native.idiligo_options_set_max_response_bytes(Handle, limit, out e), e); return this; }
        /// <summary>Default cap on one downloaded document in bytes (default 4 GiB).</summary>
        public Options MaxDownloadBytes(ulong limit) { IntPtr e; Native.Check(Native.idiligo_options_set_max_download_bytes(Handle, limit, out e), e); return this; }
        /// <summary>Default cap on one uploaded document in bytes (default 64 MiB).</summary>
        public Options MaxUploadBytes(ulong limit) { IntPtr e; Native.Check(Native.idiligo_options_set_max_upload_bytes(Handle, limit, out e), e); return this; }
        /// <summary>Idle connections kept per host (default 16; 0 keeps none).</summary>
        public Options MaxIdleConnections(int perHost)
        {
            if (perHost < 0) throw new ArgumentOutOfRangeException(nameof(perHost), "must not be negative");
            IntPtr e; Native.Check(Native.idiligo_options_set_max_idle_connections(Handle, (UIntPtr)(uint)perHost, out e), e); return this;
        }
        /// <summary>The longest Retry-After waited for before retrying a 429/503 (default 30 s); longer ones fail at once (RetryAfter tells when to come back).</summary>
        public Options MaxRetryAfter(TimeSpan t) { IntPtr e; Native.Check(Native.idiligo_options_set_max_retry_after_ms(Handle, (ulong)t.TotalMilliseconds, out e), e); return this; }
        /// <summary>Frees the native options (idempotent); later calls throw ObjectDisposedException.</summary>
        public void Dispose() { handle.Dispose(); }
    }

    /// <summary>What running an operation does (decides its retry rule).</summary>
    public enum Effect { Read = 0, Write = 1, Create = 2 }

    /// <summary>The bindings an operation is offered on (IDILIGO_BINDINGS_* bits).</summary>
    [Flags]
    public enum Bindings { None = 0, Soap = 1, Get = 2, Post = 4 }

    /// <summary>A parameter of an operation, in wire order.</summary>
    public sealed class Param
    {
        public string Name { get; internal set; }
        /// <summary>The XSD type ("string", "long", "ArrayOfString", "base64Binary", ...).</summary>
        public string Type { get; internal set; }
        public bool Secret { get; internal set; }
        /// <summary>A list: give Client.Call its name once per element.</summary>
        public bool IsArray { get; internal set; }
    }

    /// <summary>One row of the operation table.</summary>
    public sealed class Operation
    {
        /// <summary>The wire name, as Client.Call takes it.</summary>
        public string Name { get; internal set; }
        /// <summary>The typed method's name in snake case ("get_call_values" is
        /// Client.GetCallValues), or null when it is reached through Client.Call only.</summary>
        public string Typed { get; internal set; }
        public string Summary { get; internal set; }
        public Effect Effect { get; internal set; }
        public Bindings Bindings { get; internal set; }
        public bool TakesToken { get; internal set; }
        /// <summary>The answer's XSD type (the XML root element), null for void.</summary>
        public string AnswerType { get; internal set; }
        /// <summary>Every parameter, the session token included.</summary>
        public IList<Param> Params { get; internal set; }

        /// <summary>Typed in PascalCase: "get_call_values" becomes "GetCallValues".</summary>
        public string TypedMethod
        {
            get
            {
                if (Typed == null) return null;
                var sb = new StringBuilder();
                foreach (var w in Typed.Split('_'))
                    if (w.Length > 0) sb.Append(char.ToUpperInvariant(w[0])).Append(w.Substring(1));
                return sb.ToString();
            }
        }
    }

    /// <summary>The operation table, read from the library (the same table as every surface).</summary>
    public static class Operations
    {
        static IList<Operation> all;

        /// <summary>Every operation, in table order.</summary>
        public static IList<Operation> All()
        {
            if (all != null) return all;
            var list = new List<Operation>();
            ulong n = (ulong)Native.idiligo_operation_count();
            for (ulong k = 0; k < n; k++)
            {
                var i = (UIntPtr)k;
                var ps = new List<Param>();
                ulong pc = (ulong)Native.idiligo_operation_param_count(i);
                for (ulong q = 0; q < pc; q++)
                {
                    var p = (UIntPtr)q;
                    ps.Add(new Param
                    {
                        Name = Native.Borrowed(Native.idiligo_operation_param_name(i, p)),
                        Type = Native.Borrowed(Native.idiligo_operation_param_type(i, p)),
                        Secret = Native.idiligo_operation_param_secret(i, p),
                        IsArray = Native.idiligo_operation_param_is_array(i, p),
                    });
                }
                list.Add(new Operation
                {
                    Name = Native.Borrowed(Native.idiligo_operation_name(i)),
                    Typed = Native.Borrowed(Native.idiligo_operation_typed(i)),
                    Summary = Native.Borrowed(Native.idiligo_operation_summary(i)),
                    Effect = (Effect)Native.idiligo_operation_effect(i),
                    Bindings = (Bindings)Native.idiligo_operation_bindings(i),
                    TakesToken = Native.idiligo_operation_takes_token(i),
                    AnswerType = Native.Borrowed(Native.idiligo_operation_answer_type(i)),
                    Params = ps.AsReadOnly(),
                });
            }
            all = list.AsReadOnly();
            return all;
        }

        /// <summary>The operation with this exact wire name, or null.</summary>
        public static Operation Find(string name)
        {
            UIntPtr i;
            if (name == null || !Native.idiligo_operation_find(Native.Utf8(name), out i)) return null;
            return All()[(int)i];
        }
    }

    /// <summary>One attachment (all nine GetAttachments fields, plus where download-all saved it).</summary>
    public sealed class Attachment
    {
        public string Id, Description, Url, Preview, Size, Date, SignUrl, SavedPath;
        public bool Attach;
        public int SignStatus;
        public ulong SavedBytes;
        /// <summary>Size as a byte count; null when the service omitted it or wrote no plain number.</summary>
        public ulong? SizeBytes;
    }

    /// <summary>One name/value pair of a meeting (GetCallValues); null members were omitted.</summary>
    public sealed class NameValue
    {
        public string Name { get; internal set; }
        public string Value { get; internal set; }
    }

    /// <summary>What a meeting produced: its values and its documents.</summary>
    public sealed class MeetingResults
    {
        public IList<NameValue> Values { get; internal set; }
        public IList<Attachment> Attachments { get; internal set; }

        /// <summary>The value of the first pair named `name` (compared exactly), or null.</summary>
        public string Value(string name)
        {
            foreach (var v in Values) if (v.Name == name) return v.Value;
            return null;
        }
    }

    /// <summary>The data of a meeting (GetCall, GetCallByPublicId): every CallDTO member, and
    /// the elements the 2016 CallDTO does not declare in Extra.</summary>
    public sealed class CallRecord
    {
        /// <summary>`callId`; null when the service omitted it.</summary>
        public string CallId { get; internal set; }
        /// <summary>`publicId`; null when the service omitted it.</summary>
        public string PublicId { get; internal set; }
        /// <summary>`accountNumber`.</summary>
        public int AccountNumber { get; internal set; }
        /// <summary>`eventCount`.</summary>
        public long EventCount { get; internal set; }
        /// <summary>`serverId`.</summary>
        public int ServerId { get; internal set; }
        /// <summary>`username`; null when the service omitted it.</summary>
        public string Username { get; internal set; }
        /// <summary>`isAgent`.</summary>
        public bool IsAgent { get; internal set; }
        /// <summary>`language`; null when the service omitted it.</summary>
        public string Language { get; internal set; }
        /// <summary>`comment`; null when the service omitted it.</summary>
        public string Comment { get; internal set; }
        /// <summary>`contactEmail`; null when the service omitted it.</summary>
        public string ContactEmail { get; internal set; }
        /// <summary>`viewerWrap`; null when the service omitted it.</summary>
        public string ViewerWrap { get; internal set; }
        /// <summary>`SC_UseJpeg`.</summary>
        public bool ScUseJpeg { get; internal set; }
        /// <summary>`SC_JpegQuality`; null when the service omitted it.</summary>
        public string ScJpegQuality { get; internal set; }
        /// <summary>`SC_Scale`; null when the service omitted it.</summary>
        public string ScScale { get; internal set; }
        /// <summary>`SC_ProxyServer`; null when the service omitted it.</summary>
        public string ScProxyServer { get; internal set; }
        /// <summary>`SC_ProxyPort`; null when the service omitted it.</summary>
        public string ScProxyPort { get; internal set; }
        /// <summary>`showBrowseHeight`.</summary>
        public int ShowBrowseHeight { get; internal set; }
        /// <summary>`showBrowseWidth`.</summary>
        public int ShowBrowseWidth { get; internal set; }
        /// <summary>`rtmpt`.</summary>
        public bool Rtmpt { get; internal set; }
        /// <summary>`webcamQuality`.</summary>
        public int WebcamQuality { get; internal set; }
        /// <summary>`webcamBitrate`.</summary>
        public int WebcamBitrate { get; internal set; }
        /// <summary>`webcamFramerate`.</summary>
        public int WebcamFramerate { get; internal set; }
        /// <summary>`microphoneDefaultEnabled`.</summary>
        public bool MicrophoneDefaultEnabled { get; internal set; }
        /// <summary>`microphoneVolume`.</summary>
        public int MicrophoneVolume { get; internal set; }
        /// <summary>`microphoneQuality`.</summary>
        public int MicrophoneQuality { get; internal set; }
        /// <summary>`microphoneFramerate`.</summary>
        public int MicrophoneFramerate { get; internal set; }
        /// <summary>`microphoneEchoSuppression`.</summary>
        public bool MicrophoneEchoSuppression { get; internal set; }
        /// <summary>`useWebRtc`.</summary>
        public bool UseWebRtc { get; internal set; }
        /// <summary>`showInvite`.</summary>
        public bool ShowInvite { get; internal set; }
        /// <summary>`backgroundColor`; null when the service omitted it.</summary>
        public string BackgroundColor { get; internal set; }
        /// <summary>`nodeCount`.</summary>
        public int NodeCount { get; internal set; }
        /// <summary>`hasAccountLogo`.</summary>
        public bool HasAccountLogo { get; internal set; }
        /// <summary>`ownerAccountNumber`.</summary>
        public int OwnerAccountNumber { get; internal set; }
        /// <summary>`useChatUsername`.</summary>
        public bool UseChatUsername { get; internal set; }
        /// <summary>`subscriberCode`; null when the service omitted it.</summary>
        public string SubscriberCode { get; internal set; }
        /// <summary>`subscriberCount`.</summary>
        public int SubscriberCount { get; internal set; }
        /// <summary>`clientReady`.</summary>
        public bool ClientReady { get; internal set; }
        /// <summary>Elements the 2016 CallDTO does not declare, in document order.</summary>
        public IList<KeyValuePair<string, string>> Extra { get; internal set; }

        internal static CallRecord Read(CallRecordHandle r)
        {
            using (r)
            {
                var extra = new List<KeyValuePair<string, string>>();
                ulong n = (ulong)Native.idiligo_call_record_extra_count(r);
                for (ulong k = 0; k < n; k++)
                    extra.Add(new KeyValuePair<string, string>(
                        Native.Borrowed(Native.idiligo_call_record_extra_name(r, (UIntPtr)k)),
                        Native.Borrowed(Native.idiligo_call_record_extra_value(r, (UIntPtr)k))));
                return new CallRecord
                {
                CallId = Native.Borrowed(Native.idiligo_call_record_call_id(r)),
                PublicId = Native.Borrowed(Native.idiligo_call_record_public_id(r)),
                AccountNumber = Native.idiligo_call_record_account_number(r),
                EventCount = Native.idiligo_call_record_event_count(r),
                ServerId = Native.idiligo_call_record_server_id(r),
                Username = Native.Borrowed(Native.idiligo_call_record_username(r)),
                IsAgent = Native.idiligo_call_record_is_agent(r),
                Language = Native.Borrowed(Native.idiligo_call_record_language(r)),
                Comment = Native.Borrowed(Native.idiligo_call_record_comment(r)),
                ContactEmail = Native.Borrowed(Native.idiligo_call_record_contact_email(r)),
                ViewerWrap = Native.Borrowed(Native.idiligo_call_record_viewer_wrap(r)),
                ScUseJpeg = Native.idiligo_call_record_sc_use_jpeg(r),
                ScJpegQuality = Native.Borrowed(Native.idiligo_call_record_sc_jpeg_quality(r)),
                ScScale = Native.Borrowed(Native.idiligo_call_record_sc_scale(r)),
                ScProxyServer = Native.Borrowed(Native.idiligo_call_record_sc_proxy_server(r)),
                ScProxyPort = Native.Borrowed(Native.idiligo_call_record_sc_proxy_port(r)),
                ShowBrowseHeight = Native.idiligo_call_record_show_browse_height(r),
                ShowBrowseWidth = Native.idiligo_call_record_show_browse_width(r),
                Rtmpt = Native.idiligo_call_record_rtmpt(r),
                WebcamQuality = Native.idiligo_call_record_webcam_quality(r),
                WebcamBitrate = Native.idiligo_call_record_webcam_bitrate(r),
                WebcamFramerate = Native.idiligo_call_record_webcam_framerate(r),
                MicrophoneDefaultEnabled = Native.idiligo_call_record_microphone_default_enabled(r),
                MicrophoneVolume = Native.idiligo_call_record_microphone_volume(r),
                MicrophoneQuality = Native.idiligo_call_record_microphone_quality(r),
                MicrophoneFramerate = Native.idiligo_call_record_microphone_framerate(r),
                MicrophoneEchoSuppression = Native.idiligo_call_record_microphone_echo_suppression(r),
                UseWebRtc = Native.idiligo_call_record_use_web_rtc(r),
                ShowInvite = Native.idiligo_call_record_show_invite(r),
                BackgroundColor = Native.Borrowed(Native.idiligo_call_record_background_color(r)),
                NodeCount = Native.idiligo_call_record_node_count(r),
                HasAccountLogo = Native.idiligo_call_record_has_account_logo(r),
                OwnerAccountNumber = Native.idiligo_call_record_owner_account_number(r),
                UseChatUsername = Native.idiligo_call_record_use_chat_username(r),
                SubscriberCode = Native.Borrowed(Native.idiligo_call_record_subscriber_code(r)),
                SubscriberCount = Native.idiligo_call_record_subscriber_count(r),
                ClientReady = Native.idiligo_call_record_client_ready(r),
                    Extra = extra.AsReadOnly(),
                };
            }
        }
    }

    /// <summary>Settings of one upload (AddDocumentFromBytes, AddDocumentFromFile,
    /// AddDocumentFromStream); null
    /// means the defaults. Copied into native options for each call.</summary>
    public sealed class UploadOptions
    {
        /// <summary>Sent with AddDocumentFromBytesEx (with Private, Temporary).</summary>
        public string ExternalId { get; set; }
        public bool Private { get; set; }
        public bool Temporary { get; set; }
        /// <summary>The name in the meeting, instead of the file's or `filename`.</summary>
        public string FileName { get; set; }
        /// <summary>Size cap in bytes (0: the client's MaxUploadBytes).</summary>
        public ulong MaxBytes { get; set; }
        /// <summary>Bytes sent so far and the document's size; false cancels (nothing is stored).
        /// An exception it throws cancels the upload and propagates as itself.</summary>
        public Progress Progress { get; set; }

        /// <summary>Native options for one call; `cb` must be kept alive during it.</summary>
        internal static UploadOptionsHandle ToNative(UploadOptions o, CallbackFault fault, out Native.ProgressCb cb)
        {
            cb = null;
            var h = Native.idiligo_upload_options_new();
            if (h.IsInvalid) throw new OutOfMemoryException("idiligo_upload_options_new");
            if (o == null) return h;
            try
            {
                IntPtr e;
                if (o.ExternalId != null) Native.Check(Native.idiligo_upload_options_set_external_id(h, Native.Utf8(o.ExternalId), out e), e);
                if (o.FileName != null) Native.Check(Native.idiligo_upload_options_set_filename(h, Native.Utf8(o.FileName), out e), e);
                if (o.MaxBytes != 0) Native.Check(Native.idiligo_upload_options_set_max_bytes(h, o.MaxBytes, out e), e);
                if (o.Private) Native.Check(Native.idiligo_upload_options_set_private(h, true, out e), e);
                if (o.Temporary) Native.Check(Native.idiligo_upload_options_set_temporary(h, true, out e), e);
                cb = Native.Adapt(o.Progress, fault);
                if (cb != null) Native.Check(Native.idiligo_upload_options_set_progress(h, cb, IntPtr.Zero, out e), e);
                return h;
            }
            catch { h.Dispose(); throw; }
        }
    }

    /// <summary>A stored document's conversion status (IDILIGO_DOCUMENT_*).</summary>
    public enum DocumentStatus { Other = 0, Busy = 1, Ready = 2, NotFound = 3, Error = 4 }

    /// <summary>GetDocumentStatus / GetDocumentProgress: the status, its text as the service
    /// sent it, and (GetDocumentProgress) the percentage converted.</summary>
    public sealed class DocumentState
    {
        public DocumentStatus Status { get; internal set; }
        public string Text { get; internal set; }
        public double Percentage { get; internal set; }
    }

    /// <summary>Everything StartMeeting(MeetingRequest) does in one call.</summary>
    public sealed class MeetingRequest
    {
        internal readonly List<Action<MeetingRequestHandle>> Documents = new List<Action<MeetingRequestHandle>>();

        public MeetingRequest(string scriptCode) { ScriptCode = scriptCode; Values = new List<KeyValuePair<string, string>>(); }

        public string ScriptCode { get; private set; }
        /// <summary>The participant (null: none).</summary>
        public string Email { get; set; }
        public string FirstName { get; set; }
        public string LastName { get; set; }
        public IList<KeyValuePair<string, string>> Values { get; private set; }
        public string ReturnUrl { get; set; }
        /// <summary>On failure, delete the documents stored and end the call created
        /// (exception.Cleanup says what stayed). Default false: keep everything.</summary>
        public bool CleanupOnFailure { get; set; }
        /// <summary>Wait, in all, until every document is converted (null: no wait).</summary>
        public TimeSpan? WaitForDocuments { get; set; }

        /// <summary>A document the service fetches from `url`.</summary>
        public MeetingRequest AddDocumentFromUrl(string url, string filename, string externalId = null)
        {
            Documents.Add(r => { IntPtr e; Native.Check(Native.idiligo_meeting_request_add_document(r, Native.Utf8(url), Native.Utf8(filename), Native.Utf8(externalId), out e), e); });
            return this;
        }

        /// <summary>A document uploaded from these bytes (copied when the meeting starts).</summary>
        public MeetingRequest AddDocumentFromBytes(string filename, byte[] bytes, string externalId = null)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            Documents.Add(r => { IntPtr e; Native.Check(Native.idiligo_meeting_request_add_document_from_bytes(r, Native.Utf8(filename), bytes, (UIntPtr)bytes.Length, Native.Utf8(externalId), out e), e); });
            return this;
        }

        /// <summary>A document uploaded from the file at `path` (streamed when the meeting starts).</summary>
        public MeetingRequest AddDocumentFromFile(string path, string filename = null, string externalId = null)
        {
            Documents.Add(r => { IntPtr e; Native.Check(Native.idiligo_meeting_request_add_document_from_file(r, Native.Utf8(path), Native.Utf8(filename), Native.Utf8(externalId), out e), e); });
            return this;
        }
    }

    /// <summary>A started meeting.</summary>
    public sealed class Meeting
    {
        public string CallId, ContactId, PublicId, AgentUrl, ParticipantUrl;
        /// <summary>The documents stored for it, in request order: (external id, document id).</summary>
        public IList<KeyValuePair<string, string>> Documents;
    }

    /// <summary>A client (idiligo_client). Thread-safe: share one instance.</summary>
    public sealed class Client : IDisposable
    {
        readonly ClientHandle handle;

        /// <summary>A client from `options` (copied: dispose them afterwards); null means the
        /// defaults, which have no credentials.</summary>
        public Client(Options options)
        {
            IntPtr e;
            if (options == null)
                using (var o = new Options())
                    Native.Check(Native.idiligo_client_new(o.Handle, out handle, out e), e);
            else
                Native.Check(Native.idiligo_client_new(options.Handle, out handle, out e), e);
        }

        Client(ClientHandle view) { handle = view; }

        /// <summary>The native handle; ObjectDisposedException once disposed.</summary>
        ClientHandle h
        {
            get { ThrowIfDisposed(); return handle; }
        }

        void ThrowIfDisposed()
        {
            if (handle.IsClosed) throw new ObjectDisposedException(nameof(Client));
        }

        /// <summary>A view of this client whose calls run under `cancel`: it shares the
        /// connection pool, session and settings, and every call through it ends with
        /// IdiligoCancelledException once `cancel` is triggered. Dispose it after use (this
        /// client and `cancel` may be disposed before it).</summary>
        public Client WithCancel(Cancel cancel)
        {
            if (cancel == null) throw new ArgumentNullException(nameof(cancel));
            ClientHandle v; IntPtr e;
            Native.Check(Native.idiligo_client_with_cancel(h, cancel.H, out v, out e), e);
            return new Client(v);
        }

        /// <summary>Runs `call` on a thread-pool thread with a view of this client bound to
        /// `cancellationToken`: cancelling the token cancels the native call in flight (within
        /// about 50 ms) and the task ends Canceled with an IdiligoCancelledException whose
        /// CancellationToken is the token. Several calls in one `call` share the token. Every
        /// *Async method of this class is this with one call.</summary>
        public Task<T> RunAsync<T>(Func<Client, T> call, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            ThrowIfDisposed(); // now, not in the task
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
            if (!cancellationToken.CanBeCanceled) return Task.Run(() => call(this));
            return Task.Run(() =>
            {
                using (var cancel = new Cancel())
                using (var view = WithCancel(cancel))
                using (cancellationToken.Register(cancel.Trigger))
                {
                    try { return call(view); }
                    catch (IdiligoCancelledException ex) when (cancellationToken.IsCancellationRequested)
                    {
                        // The same error, tied to the token, so the task ends Canceled.
                        throw new IdiligoCancelledException(ex.Info, cancellationToken);
                    }
                }
            }, cancellationToken);
        }

        /// <summary>RunAsync for calls without a result.</summary>
        public Task RunAsync(Action<Client> call, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (call == null) throw new ArgumentNullException(nameof(call));
            return RunAsync<object>(c => { call(c); return null; }, cancellationToken);
        }

        /// <summary>The operation endpoint, e.g. https://app.idiligo.com/InsideService20.asmx.</summary>
        public string Endpoint
        {
            get { IntPtr u, e; Native.Check(Native.idiligo_client_endpoint(h, out u, out e), e); return Native.Owned(u); }
        }

        /// <summary>The current session token, logging in first if needed (a secret: never log it).</summary>
        public string SessionToken()
        {
            IntPtr t, e;
            Native.Check(Native.idiligo_client_session_token(h, out t, out e), e);
            return Native.Owned(t);
        }

        /// <summary>Replaces the session token with one obtained elsewhere.</summary>
        public void SetToken(string token)
        {
            IntPtr e;
            Native.Check(Native.idiligo_client_set_token(h, Native.Utf8(token), out e), e);
        }

        /// <summary>The service's live WSDL text.</summary>
        public string FetchWsdl()
        {
            IntPtr w, e;
            Native.Check(Native.idiligo_client_fetch_wsdl(h, out w, out e), e);
            return Native.Owned(w);
        }

        /// <summary>Fetches the live WSDL and compares it with the operation table.</summary>
        public WsdlReport CheckService()
        {
            WsdlReportHandle r; IntPtr e;
            Native.Check(Native.idiligo_client_check_service(h, out r, out e), e);
            return WsdlReport.Read(r);
        }

        /// <summary>The file name DownloadAll would use for an attachment (no path traversal,
        /// no reserved names; "attachment-{id}" when nothing is left). No file is touched.</summary>
        public static string SafeFileName(string description, string id)
        {
            IntPtr n, e;
            Native.Check(Native.idiligo_safe_file_name(Native.Utf8(description), Native.Utf8(id), out n, out e), e);
            return Native.Owned(n);
        }

        /// <summary>GetCallValues, then the value of the first pair named `name` (compared
        /// exactly), or null.</summary>
        public string GetCallValue(string callId, string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            NameValuesHandle l; IntPtr e;
            Native.Check(Native.idiligo_client_get_call_values(h, Native.Utf8(callId), out l, out e), e);
            using (l) return Native.WithHandle(l, p => Native.Borrowed(Native.idiligo_name_values_get(p, Native.Utf8(name))));
        }

        /// <summary>Downloads one document into memory (capped by `maxBytes`, 0: the client's
        /// MaxDownloadBytes). An exception thrown by `progress` cancels it and propagates.</summary>
        public byte[] DownloadToBytes(string url, Progress progress = null, ulong maxBytes = 0)
        {
            var fault = new CallbackFault();
            var cb = Native.Adapt(progress, fault);
            IntPtr data, e; UIntPtr len;
            int rc = Native.idiligo_client_download_to_buffer(h, Native.Utf8(url), cb, IntPtr.Zero, maxBytes, out data, out len, out e);
            GC.KeepAlive(cb);
            if (rc != Status.Ok) data = IntPtr.Zero; // out-parameters are written only on success
            try
            {
                fault.Finish(rc, e);
                var bytes = new byte[checked((int)(ulong)len)];
                if (bytes.Length > 0) Marshal.Copy(data, bytes, 0, bytes.Length);
                return bytes;
            }
            finally { if (data != IntPtr.Zero) Native.idiligo_buffer_free(data); }
        }

        /// <summary>Downloads one document into `destination` as it arrives (nothing held in
        /// memory); returns the byte count. On failure the stream may hold part of the
        /// document. An exception thrown by the stream or `progress` cancels the download and
        /// propagates as itself.</summary>
        public ulong DownloadToStream(string url, Stream destination, Progress progress = null, ulong maxBytes = 0)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            var fault = new CallbackFault();
            var cb = Native.Adapt(progress, fault);
            byte[] chunk = new byte[0];
            Native.WriteCb write = (ud, data, len) =>
            {
                if (fault.Failed) return 1;
                try
                {
                    int n = checked((int)(ulong)len);
                    if (chunk.Length < n) chunk = new byte[n];
                    Marshal.Copy(data, chunk, 0, n);
                    destination.Write(chunk, 0, n);
                    return 0;
                }
                catch (Exception ex) { fault.Capture(ex); return 1; }
            };
            ulong written; IntPtr e;
            int rc = Native.idiligo_client_download_to_callback(h, Native.Utf8(url), write, cb, IntPtr.Zero, maxBytes, out written, out e);
            GC.KeepAlive(write);
            GC.KeepAlive(cb);
            fault.Finish(rc, e);
            return written;
        }

        /// <summary>Downloads every attachment of a meeting into `dir` and reports per
        /// attachment what happened (continueOnError: go on after a failed file; resume: skip
        /// files a previous run saved, keeping a manifest in `dir`). Throws only when nothing
        /// could be tried.</summary>
        public DownloadReport DownloadAllReport(string callId, string dir, bool continueOnError = true, bool resume = false, Progress progress = null)
        {
            var fault = new CallbackFault();
            var cb = Native.Adapt(progress, fault);
            uint flags = (continueOnError ? 1u : 0u) | (resume ? 2u : 0u);
            DownloadReportHandle r; IntPtr e;
            int rc = Native.idiligo_client_download_all_report(h, Native.Utf8(callId), Native.Utf8(dir), flags, cb, IntPtr.Zero, out r, out e);
            GC.KeepAlive(cb);
            using (r)
            {
                fault.Finish(rc, e);
                return DownloadReport.Read(r);
            }
        }

        public static string Version => Native.Borrowed(Native.idiligo_version());

        public void Login() { IntPtr e; Native.Check(Native.idiligo_client_login(h, out e), e); }

        /// <summary>Login: a token for these credentials, without touching the client's session.</summary>
        public string LoginPassword(string apikey, string user, string password)
        {
            IntPtr t, e;
            Native.Check(Native.idiligo_client_login_password(h, Native.Utf8(apikey), Native.Utf8(user), Native.Utf8(password), out t, out e), e);
            return Native.Owned(t);
        }

        /// <summary>Impersonate: a token for `user`, obtained with an authorization ticket.</summary>
        public string Impersonate(string apikey, string user, string ticket)
        {
            IntPtr t, e;
            Native.Check(Native.idiligo_client_impersonate(h, Native.Utf8(apikey), Native.Utf8(user), Native.Utf8(ticket), out t, out e), e);
            return Native.Owned(t);
        }

        public string CreateContact(string email, string first = null, string last = null)
        {
            IntPtr id, e;
            Native.Check(Native.idiligo_client_create_contact(h, Native.Utf8(email), Native.Utf8(first), Native.Utf8(last), out id, out e), e);
            return Native.Owned(id);
        }

        public string CreateCall(string scriptCode)
        {
            IntPtr id, e;
            Native.Check(Native.idiligo_client_create_call(h, Native.Utf8(scriptCode), out id, out e), e);
            return Native.Owned(id);
        }

        public void SetContact(string callId, string contactId)
        {
            IntPtr e;
            Native.Check(Native.idiligo_client_set_contact(h, Native.Utf8(callId), Native.Utf8(contactId), out e), e);
        }

        public string GetAgentUrl(string callId, string returnUrl = null)
        {
            IntPtr u, e;
            Native.Check(Native.idiligo_client_get_agent_url(h, Native.Utf8(callId), Native.Utf8(returnUrl), out u, out e), e);
            return Native.Owned(u);
        }

        public string GetPublicCallId(string callId)
        {
            IntPtr id, e;
            Native.Check(Native.idiligo_client_get_public_call_id(h, Native.Utf8(callId), out id, out e), e);
            return Native.Owned(id);
        }

        /// <summary>Pins UTF-8 copies of `strings` for one native call.</summary>
        static IntPtr[] Pin(IList<string> strings, List<GCHandle> pinned)
        {
            var ptrs = new IntPtr[strings.Count];
            for (int i = 0; i < strings.Count; i++)
            {
                var g = GCHandle.Alloc(Native.Utf8(strings[i]), GCHandleType.Pinned);
                pinned.Add(g);
                ptrs[i] = g.AddrOfPinnedObject();
            }
            return ptrs;
        }

        public void SetValues(string publicId, IList<KeyValuePair<string, string>> values)
        {
            var pinned = new List<GCHandle>();
            try
            {
                var names = new List<string>(); var vals = new List<string>();
                foreach (var kv in values) { names.Add(kv.Key); vals.Add(kv.Value); }
                IntPtr e;
                Native.Check(Native.idiligo_client_set_values(h, Native.Utf8(publicId), Pin(names, pinned), Pin(vals, pinned), (UIntPtr)values.Count, out e), e);
            }
            finally { foreach (var g in pinned) g.Free(); }
        }

        public string AddDocumentFromUrl(string url, string filename, string externalId = null)
        {
            IntPtr id, e;
            Native.Check(Native.idiligo_client_add_document_from_url(h, Native.Utf8(url), Native.Utf8(filename), Native.Utf8(externalId), out id, out e), e);
            return Native.Owned(id);
        }

        public void SetDocumentToUploadAction(string callId, string externalId, string documentId)
        {
            IntPtr e;
            Native.Check(Native.idiligo_client_set_document_to_upload_action(h, Native.Utf8(callId), Native.Utf8(externalId), Native.Utf8(documentId), out e), e);
        }

        public List<Attachment> GetAttachments(string callId)
        {
            AttachmentsHandle l; IntPtr e;
            Native.Check(Native.idiligo_client_get_attachments(h, Native.Utf8(callId), out l, out e), e);
            using (l) return Native.WithHandle(l, ReadAttachments);
        }

        /// <summary>GetCallValues: a meeting's values, in the order they were first written.</summary>
        public List<NameValue> GetCallValues(string callId)
        {
            NameValuesHandle l; IntPtr e;
            Native.Check(Native.idiligo_client_get_call_values(h, Native.Utf8(callId), out l, out e), e);
            using (l) return Native.WithHandle(l, ReadNameValues);
        }

        /// <summary>SetValue: writes one named value (a later value for the name replaces it).</summary>
        public void SetValue(string publicId, string name, string value)
        {
            IntPtr e;
            Native.Check(Native.idiligo_client_set_value(h, Native.Utf8(publicId), Native.Utf8(name), Native.Utf8(value), out e), e);
        }

        /// <summary>SetComment: sets the comment of a meeting ("" clears it).</summary>
        public void SetComment(string callId, string comment)
        {
            IntPtr e;
            Native.Check(Native.idiligo_client_set_comment(h, Native.Utf8(callId), Native.Utf8(comment), out e), e);
        }

        /// <summary>GetCall: the data of a meeting by call id.</summary>
        public CallRecord GetCall(string callId)
        {
            CallRecordHandle r; IntPtr e;
            Native.Check(Native.idiligo_client_get_call(h, Native.Utf8(callId), out r, out e), e);
            return CallRecord.Read(r);
        }

        /// <summary>GetCallByPublicId: the data of a meeting by public id.</summary>
        public CallRecord GetCallByPublicId(string publicId)
        {
            CallRecordHandle r; IntPtr e;
            Native.Check(Native.idiligo_client_get_call_by_public_id(h, Native.Utf8(publicId), out r, out e), e);
            return CallRecord.Read(r);
        }

        /// <summary>EndCall: ends a meeting; returns the URL the agent is sent to.</summary>
        public string EndCall(string callId, string returnUrl = null)
        {
            IntPtr u, e;
            Native.Check(Native.idiligo_client_end_call(h, Native.Utf8(callId), Native.Utf8(returnUrl), out u, out e), e);
            return Native.Owned(u);
        }

        /// <summary>SendMail: the service mails `to` with a template; never sent twice.</summary>
        public bool SendMail(string callId, string to, string templateCode, string attachments = null)
        {
            bool sent; IntPtr e;
            Native.Check(Native.idiligo_client_send_mail(h, Native.Utf8(callId), Native.Utf8(to), Native.Utf8(templateCode), Native.Utf8(attachments), out sent, out e), e);
            return sent;
        }

        /// <summary>What a meeting produced, in one call: its values and its documents.</summary>
        public MeetingResults MeetingResults(string callId)
        {
            MeetingResultsHandle r; IntPtr e;
            Native.Check(Native.idiligo_client_meeting_results(h, Native.Utf8(callId), out r, out e), e);
            using (r)
                return new MeetingResults
                {
                    // Both lists are borrowed from the results, which the using keeps alive.
                    Values = ReadNameValues(Native.idiligo_meeting_results_values(r)).AsReadOnly(),
                    Attachments = ReadAttachments(Native.idiligo_meeting_results_attachments(r)).AsReadOnly(),
                };
        }

        /// <summary>Any operation by its wire name: `parameters` without the session token (a
        /// repeated name is an array, in order); returns the answer's XML document, or null for
        /// a void answer. `takesToken` is only needed for an operation outside the table.</summary>
        public string Call(string operation, IEnumerable<KeyValuePair<string, string>> parameters, bool repeatable = false, bool? takesToken = null)
        {
            var pinned = new List<GCHandle>();
            try
            {
                var names = new List<string>(); var vals = new List<string>();
                if (parameters != null) foreach (var kv in parameters) { names.Add(kv.Key); vals.Add(kv.Value); }
                uint flags = (repeatable ? 1u : 0u) | (takesToken == false ? 2u : 0u) | (takesToken == true ? 4u : 0u);
                IntPtr xml, e;
                Native.Check(Native.idiligo_client_call(h, Native.Utf8(operation), Pin(names, pinned), Pin(vals, pinned), (UIntPtr)names.Count, flags, out xml, out e), e);
                return Native.Owned(xml);
            }
            finally { foreach (var g in pinned) g.Free(); }
        }

        public string ParticipantUrl(string publicId)
        {
            IntPtr u, e;
            Native.Check(Native.idiligo_client_participant_url(h, Native.Utf8(publicId), out u, out e), e);
            return Native.Owned(u);
        }

        /// <summary>Starts a meeting in one call. On failure the exception's MeetingStep,
        /// DocumentIndex and Partial tell what was created. `documents`: { url, filename,
        /// externalId } each.</summary>
        public Meeting StartMeeting(string scriptCode, string email = null, string first = null, string last = null,
            IList<KeyValuePair<string, string>> values = null, IList<string[]> documents = null, string returnUrl = null)
        {
            var req = new MeetingRequest(scriptCode) { Email = email, FirstName = first, LastName = last, ReturnUrl = returnUrl };
            if (values != null) foreach (var kv in values) req.Values.Add(kv);
            if (documents != null)
                foreach (var d in documents)
                {
                    if (d == null || d.Length < 2) throw new ArgumentException("each document is { url, filename[, externalId] }", nameof(documents));
                    req.AddDocumentFromUrl(d[0], d[1], d.Length > 2 ? d[2] : null);
                }
            return StartMeeting(req);
        }

        /// <summary>Starts a meeting as `request` describes (documents from URLs, bytes or
        /// files; clean-up on failure; waiting for conversion). On failure the exception's
        /// MeetingStep, DocumentIndex, Partial and Cleanup tell what was created and removed.</summary>
        public Meeting StartMeeting(MeetingRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            MeetingRequestHandle r; IntPtr e;
            Native.Check(Native.idiligo_meeting_request_new(Native.Utf8(request.ScriptCode), out r, out e), e);
            using (r)
            {
                if (request.Email != null)
                    Native.Check(Native.idiligo_meeting_request_set_participant(r, Native.Utf8(request.Email), Native.Utf8(request.FirstName), Native.Utf8(request.LastName), out e), e);
                foreach (var kv in request.Values)
                    Native.Check(Native.idiligo_meeting_request_add_value(r, Native.Utf8(kv.Key), Native.Utf8(kv.Value), out e), e);
                foreach (var add in request.Documents) add(r);
                if (request.ReturnUrl != null)
                    Native.Check(Native.idiligo_meeting_request_set_return_url(r, Native.Utf8(request.ReturnUrl), out e), e);
                if (request.CleanupOnFailure)
                    Native.Check(Native.idiligo_meeting_request_set_cleanup_on_failure(r, true, out e), e);
                if (request.WaitForDocuments.HasValue)
                    Native.Check(Native.idiligo_meeting_request_set_wait_for_documents_ms(r, (ulong)request.WaitForDocuments.Value.TotalMilliseconds, out e), e);
                MeetingHandle m;
                Native.Check(Native.idiligo_client_start_meeting(h, r, out m, out e), e);
                using (m)
                    return new Meeting
                    {
                        CallId = Native.Borrowed(Native.idiligo_meeting_call_id(m)),
                        ContactId = Native.Borrowed(Native.idiligo_meeting_contact_id(m)),
                        PublicId = Native.Borrowed(Native.idiligo_meeting_public_id(m)),
                        AgentUrl = Native.Borrowed(Native.idiligo_meeting_agent_url(m)),
                        ParticipantUrl = Native.Borrowed(Native.idiligo_meeting_participant_url(m)),
                        Documents = MeetingDocuments(m),
                    };
            }
        }

        /// <summary>AddDocumentFromBytes (AddDocumentFromBytesEx when `options` set an external
        /// id, Private or Temporary): stores `bytes` as `filename`; returns the document id.
        /// Always SOAP. Attach it with SetDocumentToUploadAction or AddDocumentToCall.</summary>
        public string AddDocumentFromBytes(string filename, byte[] bytes, UploadOptions options = null)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            var fault = new CallbackFault();
            Native.ProgressCb cb;
            using (var o = UploadOptions.ToNative(options, fault, out cb))
            {
                IntPtr id, e;
                int rc = Native.idiligo_client_add_document_from_bytes(h, Native.Utf8(filename), bytes, (UIntPtr)bytes.Length, o, out id, out e);
                GC.KeepAlive(cb);
                fault.Finish(rc, e);
                return Native.Owned(id);
            }
        }

        /// <summary>Stores the file at `path` (streamed; named as the file unless
        /// options.FileName); returns the document id.</summary>
        public string AddDocumentFromFile(string path, UploadOptions options = null)
        {
            var fault = new CallbackFault();
            Native.ProgressCb cb;
            using (var o = UploadOptions.ToNative(options, fault, out cb))
            {
                IntPtr id, e;
                int rc = Native.idiligo_client_add_document_from_file(h, Native.Utf8(path), o, out id, out e);
                GC.KeepAlive(cb);
                fault.Finish(rc, e);
                return Native.Owned(id);
            }
        }

        /// <summary>Stores what `stream` holds from its current position to its end as
        /// `filename`; returns the document id. Streamed, never held whole in memory: a seekable
        /// stream's remaining length (Length - Position) is sent as it is read (it must not
        /// grow or shrink meanwhile: IdiligoIOException); a stream that cannot seek is first
        /// copied by the library to an anonymous temporary file (checked against the size cap
        /// as it is copied), then sent. The stream is read on the calling thread, never
        /// disposed. An exception the stream throws stops the upload (nothing is stored) and
        /// propagates as itself, as a Progress delegate's does; only one thrown by the extra
        /// read that checks a seekable stream's end, after every byte was sent, is ignored,
        /// since the document is then stored and its id is returned.</summary>
        public string AddDocumentFromStream(Stream stream, string filename, UploadOptions options = null)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            if (!stream.CanRead) throw new ArgumentException("the stream cannot be read", nameof(stream));
            ulong length = Native.LengthUnknown;
            if (stream.CanSeek)
            {
                long left = stream.Length - stream.Position;
                length = left > 0 ? (ulong)left : 0;
            }
            var fault = new CallbackFault();
            byte[] chunk = new byte[0];
            Native.ReadCb read = (ud, buf, len, outN) =>
            {
                if (fault.Failed) return 1;
                try
                {
                    int want = (int)Math.Min((ulong)len, 1UL << 20);
                    if (chunk.Length < want) chunk = new byte[want];
                    int n = stream.Read(chunk, 0, want);
                    if (n < 0 || n > want) throw new InvalidOperationException(stream.GetType().Name + ".Read returned " + n + " for a buffer of " + want + " bytes");
                    if (n > 0) Marshal.Copy(chunk, 0, buf, n);
                    Marshal.WriteIntPtr(outN, new IntPtr(n));
                    return 0;
                }
                catch (Exception ex) { fault.Capture(ex); return 1; }
            };
            Native.ProgressCb cb;
            using (var o = UploadOptions.ToNative(options, fault, out cb))
            {
                IntPtr id, e;
                int rc = Native.idiligo_client_add_document_from_reader(h, Native.Utf8(filename), read, IntPtr.Zero, length, o, out id, out e);
                GC.KeepAlive(read); // the delegate must outlive the native call
                GC.KeepAlive(cb);
                // Stored: the id is returned even if the stream threw on the final end check.
                if (rc != Status.Ok) fault.Finish(rc, e);
                return Native.Owned(id);
            }
        }

        /// <summary>AddDocumentToCall: attaches a stored document to a meeting at a node of its
        /// script (null: none); returns the document id the service answers.</summary>
        public string AddDocumentToCall(string callId, string documentId, string nodeCode = null)
        {
            IntPtr id, e;
            Native.Check(Native.idiligo_client_add_document_to_call(h, Native.Utf8(callId), Native.Utf8(documentId), Native.Utf8(nodeCode), out id, out e), e);
            return Native.Owned(id);
        }

        /// <summary>DeleteDocument: true, or false when the service did not know it.</summary>
        public bool DeleteDocument(string documentId)
        {
            bool deleted; IntPtr e;
            Native.Check(Native.idiligo_client_delete_document(h, Native.Utf8(documentId), out deleted, out e), e);
            return deleted;
        }

        /// <summary>GetDocumentStatus: a stored document's conversion status.</summary>
        public DocumentState GetDocumentStatus(string documentId)
        {
            int status; IntPtr text, e;
            Native.Check(Native.idiligo_client_get_document_status(h, Native.Utf8(documentId), out status, out text, out e), e);
            return new DocumentState { Status = (DocumentStatus)status, Text = Native.Owned(text) };
        }

        /// <summary>GetDocumentProgress: the status and the percentage converted.</summary>
        public DocumentState GetDocumentProgress(string documentId)
        {
            int status; double pct; IntPtr text, e;
            Native.Check(Native.idiligo_client_get_document_progress(h, Native.Utf8(documentId), out status, out pct, out text, out e), e);
            return new DocumentState { Status = (DocumentStatus)status, Text = Native.Owned(text), Percentage = pct };
        }

        /// <summary>SetCallValues (SOAP only: the client's binding must be SOAP): writes every
        /// pair in one request; returns the service's answer.</summary>
        public bool SetCallValues(string callId, IList<KeyValuePair<string, string>> values)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            var pinned = new List<GCHandle>();
            try
            {
                var names = new List<string>(); var vals = new List<string>();
                foreach (var kv in values) { names.Add(kv.Key); vals.Add(kv.Value); }
                bool stored; IntPtr e;
                Native.Check(Native.idiligo_client_set_call_values(h, Native.Utf8(callId), Pin(names, pinned), Pin(vals, pinned), (UIntPtr)values.Count, out stored, out e), e);
                return stored;
            }
            finally { foreach (var g in pinned) g.Free(); }
        }

        /// <summary>Waits until a stored document is converted (READY); IdiligoServiceException
        /// for ERROR or NOT FOUND, IdiligoTimeoutException after `timeout`.</summary>
        public void WaitForDocument(string documentId, TimeSpan timeout, TimeSpan poll)
        {
            IntPtr e;
            Native.Check(Native.idiligo_client_wait_for_document(h, Native.Utf8(documentId), (ulong)timeout.TotalMilliseconds, (ulong)poll.TotalMilliseconds, out e), e);
        }

        static IList<KeyValuePair<string, string>> MeetingDocuments(MeetingHandle m)
        {
            var docs = new List<KeyValuePair<string, string>>();
            ulong n = (ulong)Native.idiligo_meeting_document_count(m);
            for (ulong k = 0; k < n; k++)
                docs.Add(new KeyValuePair<string, string>(
                    Native.Borrowed(Native.idiligo_meeting_document_external_id(m, (UIntPtr)k)),
                    Native.Borrowed(Native.idiligo_meeting_document_id(m, (UIntPtr)k))));
            return docs.AsReadOnly();
        }

        /// <summary>Downloads one document to a file (atomically); returns the byte count. An
        /// exception thrown by `progress` cancels the download and propagates as itself.</summary>
        public ulong DownloadToPath(string url, string path, Progress progress = null, ulong maxBytes = 0)
        {
            var fault = new CallbackFault();
            var cb = Native.Adapt(progress, fault);
            ulong n; IntPtr e;
            int rc = Native.idiligo_client_download_to_path(h, Native.Utf8(url), Native.Utf8(path), cb, IntPtr.Zero, maxBytes, out n, out e);
            GC.KeepAlive(cb); // the delegate must outlive the native call
            fault.Finish(rc, e);
            return n;
        }

        public List<Attachment> DownloadAll(string callId, string dir, Progress progress = null)
        {
            var fault = new CallbackFault();
            var cb = Native.Adapt(progress, fault);
            AttachmentsHandle l; IntPtr e;
            int rc = Native.idiligo_client_download_all(h, Native.Utf8(callId), Native.Utf8(dir), cb, IntPtr.Zero, out l, out e);
            GC.KeepAlive(cb);
            fault.Finish(rc, e);
            using (l) return Native.WithHandle(l, ReadAttachments);
        }

        /// <summary>Polls until the meeting has `minCount` attachments and `condition` (if given)
        /// is true. An exception thrown by `condition` stops waiting and propagates as itself.</summary>
        public List<Attachment> WaitForAttachments(string callId, int minCount, TimeSpan timeout, TimeSpan poll, Func<IList<Attachment>, bool> condition = null)
        {
            var fault = new CallbackFault();
            Native.ConditionCb cb = null;
            if (condition != null)
                cb = (ud, list) =>
                {
                    if (fault.Failed) return 1;
                    try { return condition(ReadAttachments(list)) ? 1 : 0; }
                    catch (Exception ex) { fault.Capture(ex); return 1; }
                };
            AttachmentsHandle l; IntPtr e;
            int rc = Native.idiligo_client_wait_for_attachments(h, Native.Utf8(callId), (UIntPtr)minCount, cb, IntPtr.Zero,
                (ulong)timeout.TotalMilliseconds, (ulong)poll.TotalMilliseconds, out l, out e);
            GC.KeepAlive(cb);
            if (fault.Failed) l.Dispose(); // the list of a wait the callback stopped
            fault.Finish(rc, e);
            using (l) return Native.WithHandle(l, ReadAttachments);
        }

        internal static List<Attachment> ReadAttachments(IntPtr l)
        {
            var list = new List<Attachment>();
            ulong n = (ulong)Native.idiligo_attachments_len(l);
            for (ulong k = 0; k < n; k++)
            {
                var i = (UIntPtr)k;
                bool attach; int sign; IntPtr e;
                Native.Check(Native.idiligo_attachments_attach(l, i, out attach, out e), e);
                Native.Check(Native.idiligo_attachments_sign_status(l, i, out sign, out e), e);
                list.Add(new Attachment
                {
                    Id = Native.Borrowed(Native.idiligo_attachments_id(l, i)),
                    Description = Native.Borrowed(Native.idiligo_attachments_description(l, i)),
                    Url = Native.Borrowed(Native.idiligo_attachments_url(l, i)),
                    Preview = Native.Borrowed(Native.idiligo_attachments_preview(l, i)),
                    Size = Native.Borrowed(Native.idiligo_attachments_size(l, i)),
                    Date = Native.Borrowed(Native.idiligo_attachments_date(l, i)),
                    SignUrl = Native.Borrowed(Native.idiligo_attachments_sign_url(l, i)),
                    Attach = attach,
                    SignStatus = sign,
                    SavedPath = Native.Borrowed(Native.idiligo_attachments_saved_path(l, i)),
                    SavedBytes = Native.idiligo_attachments_saved_bytes(l, i),
                    SizeBytes = SizeBytes(l, i),
                });
            }
            return list;
        }

        static ulong? SizeBytes(IntPtr l, UIntPtr i)
        {
            ulong v; IntPtr e;
            if (Native.idiligo_attachments_size_bytes(l, i, out v, out e) == Status.Ok) return v;
            Native.idiligo_error_free(e); // no size, or not a number: null
            return null;
        }

        internal static List<NameValue> ReadNameValues(IntPtr l)
        {
            var list = new List<NameValue>();
            ulong n = (ulong)Native.idiligo_name_values_len(l);
            for (ulong k = 0; k < n; k++)
                list.Add(new NameValue
                {
                    Name = Native.Borrowed(Native.idiligo_name_values_name(l, (UIntPtr)k)),
                    Value = Native.Borrowed(Native.idiligo_name_values_value(l, (UIntPtr)k)),
                });
            return list;
        }

        // ---------------------------------------------------------------- async methods
        // Each runs its synchronous twin through RunAsync: on a thread-pool thread, under the
        // token (a cancelled token cancels the native call in flight).

        /// <summary>SessionToken, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> SessionTokenAsync(CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.SessionToken(), cancellationToken);
        /// <summary>FetchWsdl, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> FetchWsdlAsync(CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.FetchWsdl(), cancellationToken);
        /// <summary>CheckService, as a task; cancelling the token cancels it in flight.</summary>
        public Task<WsdlReport> CheckServiceAsync(CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<WsdlReport>(c => c.CheckService(), cancellationToken);
        /// <summary>GetCallValue, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> GetCallValueAsync(string callId, string name, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.GetCallValue(callId, name), cancellationToken);
        /// <summary>DownloadToBytes, as a task; cancelling the token cancels it in flight.</summary>
        public Task<byte[]> DownloadToBytesAsync(string url, Progress progress = null, ulong maxBytes = 0, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<byte[]>(c => c.DownloadToBytes(url, progress, maxBytes), cancellationToken);
        /// <summary>DownloadToStream, as a task; cancelling the token cancels it in flight.</summary>
        public Task<ulong> DownloadToStreamAsync(string url, Stream destination, Progress progress = null, ulong maxBytes = 0, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<ulong>(c => c.DownloadToStream(url, destination, progress, maxBytes), cancellationToken);
        /// <summary>DownloadAllReport, as a task; cancelling the token cancels it in flight.</summary>
        public Task<DownloadReport> DownloadAllReportAsync(string callId, string dir, bool continueOnError = true, bool resume = false, Progress progress = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<DownloadReport>(c => c.DownloadAllReport(callId, dir, continueOnError, resume, progress), cancellationToken);
        /// <summary>Login, as a task; cancelling the token cancels it in flight.</summary>
        public Task LoginAsync(CancellationToken cancellationToken = default(CancellationToken)) => RunAsync(c => c.Login(), cancellationToken);
        /// <summary>LoginPassword, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> LoginPasswordAsync(string apikey, string user, string password, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.LoginPassword(apikey, user, password), cancellationToken);
        /// <summary>Impersonate, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> ImpersonateAsync(string apikey, string user, string ticket, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.Impersonate(apikey, user, ticket), cancellationToken);
        /// <summary>CreateContact, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> CreateContactAsync(string email, string first = null, string last = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.CreateContact(email, first, last), cancellationToken);
        /// <summary>CreateCall, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> CreateCallAsync(string scriptCode, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.CreateCall(scriptCode), cancellationToken);
        /// <summary>SetContact, as a task; cancelling the token cancels it in flight.</summary>
        public Task SetContactAsync(string callId, string contactId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync(c => c.SetContact(callId, contactId), cancellationToken);
        /// <summary>GetAgentUrl, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> GetAgentUrlAsync(string callId, string returnUrl = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.GetAgentUrl(callId, returnUrl), cancellationToken);
        /// <summary>GetPublicCallId, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> GetPublicCallIdAsync(string callId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.GetPublicCallId(callId), cancellationToken);
        /// <summary>SetValues, as a task; cancelling the token cancels it in flight.</summary>
        public Task SetValuesAsync(string publicId, IList<KeyValuePair<string, string>> values, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync(c => c.SetValues(publicId, values), cancellationToken);
        /// <summary>AddDocumentFromUrl, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> AddDocumentFromUrlAsync(string url, string filename, string externalId = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.AddDocumentFromUrl(url, filename, externalId), cancellationToken);
        /// <summary>SetDocumentToUploadAction, as a task; cancelling the token cancels it in flight.</summary>
        public Task SetDocumentToUploadActionAsync(string callId, string externalId, string documentId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync(c => c.SetDocumentToUploadAction(callId, externalId, documentId), cancellationToken);
        /// <summary>GetAttachments, as a task; cancelling the token cancels it in flight.</summary>
        public Task<List<Attachment>> GetAttachmentsAsync(string callId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<List<Attachment>>(c => c.GetAttachments(callId), cancellationToken);
        /// <summary>GetCallValues, as a task; cancelling the token cancels it in flight.</summary>
        public Task<List<NameValue>> GetCallValuesAsync(string callId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<List<NameValue>>(c => c.GetCallValues(callId), cancellationToken);
        /// <summary>SetValue, as a task; cancelling the token cancels it in flight.</summary>
        public Task SetValueAsync(string publicId, string name, string value, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync(c => c.SetValue(publicId, name, value), cancellationToken);
        /// <summary>SetComment, as a task; cancelling the token cancels it in flight.</summary>
        public Task SetCommentAsync(string callId, string comment, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync(c => c.SetComment(callId, comment), cancellationToken);
        /// <summary>GetCall, as a task; cancelling the token cancels it in flight.</summary>
        public Task<CallRecord> GetCallAsync(string callId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<CallRecord>(c => c.GetCall(callId), cancellationToken);
        /// <summary>GetCallByPublicId, as a task; cancelling the token cancels it in flight.</summary>
        public Task<CallRecord> GetCallByPublicIdAsync(string publicId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<CallRecord>(c => c.GetCallByPublicId(publicId), cancellationToken);
        /// <summary>EndCall, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> EndCallAsync(string callId, string returnUrl = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.EndCall(callId, returnUrl), cancellationToken);
        /// <summary>SendMail, as a task; cancelling the token cancels it in flight.</summary>
        public Task<bool> SendMailAsync(string callId, string to, string templateCode, string attachments = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<bool>(c => c.SendMail(callId, to, templateCode, attachments), cancellationToken);
        /// <summary>MeetingResults, as a task; cancelling the token cancels it in flight.</summary>
        public Task<MeetingResults> MeetingResultsAsync(string callId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<MeetingResults>(c => c.MeetingResults(callId), cancellationToken);
        /// <summary>Call, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> CallAsync(string operation, IEnumerable<KeyValuePair<string, string>> parameters, bool repeatable = false, bool? takesToken = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.Call(operation, parameters, repeatable, takesToken), cancellationToken);
        /// <summary>ParticipantUrl, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> ParticipantUrlAsync(string publicId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.ParticipantUrl(publicId), cancellationToken);
        /// <summary>StartMeeting, as a task; cancelling the token cancels it in flight.</summary>
        public Task<Meeting> StartMeetingAsync(string scriptCode, string email = null, string first = null, string last = null, IList<KeyValuePair<string, string>> values = null, IList<string[]> documents = null, string returnUrl = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<Meeting>(c => c.StartMeeting(scriptCode, email, first, last, values, documents, returnUrl), cancellationToken);
        /// <summary>DownloadToPath, as a task; cancelling the token cancels it in flight.</summary>
        public Task<ulong> DownloadToPathAsync(string url, string path, Progress progress = null, ulong maxBytes = 0, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<ulong>(c => c.DownloadToPath(url, path, progress, maxBytes), cancellationToken);
        /// <summary>DownloadAll, as a task; cancelling the token cancels it in flight.</summary>
        public Task<List<Attachment>> DownloadAllAsync(string callId, string dir, Progress progress = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<List<Attachment>>(c => c.DownloadAll(callId, dir, progress), cancellationToken);
        /// <summary>WaitForAttachments, as a task; cancelling the token cancels it in flight.</summary>
        public Task<List<Attachment>> WaitForAttachmentsAsync(string callId, int minCount, TimeSpan timeout, TimeSpan poll, Func<IList<Attachment>, bool> condition = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<List<Attachment>>(c => c.WaitForAttachments(callId, minCount, timeout, poll, condition), cancellationToken);

        /// <summary>StartMeeting(MeetingRequest), as a task; cancelling the token cancels it in flight.</summary>
        public Task<Meeting> StartMeetingAsync(MeetingRequest request, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<Meeting>(c => c.StartMeeting(request), cancellationToken);
        /// <summary>AddDocumentFromBytes, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> AddDocumentFromBytesAsync(string filename, byte[] bytes, UploadOptions options = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.AddDocumentFromBytes(filename, bytes, options), cancellationToken);
        /// <summary>AddDocumentFromFile, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> AddDocumentFromFileAsync(string path, UploadOptions options = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.AddDocumentFromFile(path, options), cancellationToken);
        /// <summary>AddDocumentFromStream, as a task (the stream is read on a thread-pool
        /// thread); cancelling the token cancels it in flight.</summary>
        public Task<string> AddDocumentFromStreamAsync(Stream stream, string filename, UploadOptions options = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.AddDocumentFromStream(stream, filename, options), cancellationToken);
        /// <summary>AddDocumentToCall, as a task; cancelling the token cancels it in flight.</summary>
        public Task<string> AddDocumentToCallAsync(string callId, string documentId, string nodeCode = null, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<string>(c => c.AddDocumentToCall(callId, documentId, nodeCode), cancellationToken);
        /// <summary>DeleteDocument, as a task; cancelling the token cancels it in flight.</summary>
        public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<bool>(c => c.DeleteDocument(documentId), cancellationToken);
        /// <summary>GetDocumentStatus, as a task; cancelling the token cancels it in flight.</summary>
        public Task<DocumentState> GetDocumentStatusAsync(string documentId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<DocumentState>(c => c.GetDocumentStatus(documentId), cancellationToken);
        /// <summary>GetDocumentProgress, as a task; cancelling the token cancels it in flight.</summary>
        public Task<DocumentState> GetDocumentProgressAsync(string documentId, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<DocumentState>(c => c.GetDocumentProgress(documentId), cancellationToken);
        /// <summary>SetCallValues, as a task; cancelling the token cancels it in flight.</summary>
        public Task<bool> SetCallValuesAsync(string callId, IList<KeyValuePair<string, string>> values, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync<bool>(c => c.SetCallValues(callId, values), cancellationToken);
        /// <summary>WaitForDocument, as a task; cancelling the token cancels it in flight.</summary>
        public Task WaitForDocumentAsync(string documentId, TimeSpan timeout, TimeSpan poll, CancellationToken cancellationToken = default(CancellationToken)) => RunAsync(c => c.WaitForDocument(documentId, timeout, poll), cancellationToken);

        /// <summary>Frees the client (idempotent); later calls throw ObjectDisposedException.
        /// Views made with WithCancel stay usable.</summary>
        public void Dispose() { handle.Dispose(); }
    }

    /// <summary>The embedded sandbox (an emulator of the service on 127.0.0.1).</summary>
    public sealed class Sandbox : IDisposable
    {
        readonly SandboxHandle handle;

        /// <summary>Starts a sandbox with the defaults (a free port, fake credentials); see
        /// SandboxBuilder for other settings.</summary>
        public Sandbox() { IntPtr e; Native.Check(Native.idiligo_sandbox_start(out handle, out e), e); }

        internal Sandbox(SandboxHandle started) { handle = started; }

        SandboxHandle h
        {
            get
            {
                if (handle.IsClosed) throw new ObjectDisposedException(nameof(Sandbox));
                return handle;
            }
        }

        /// <summary>Adds this latency to every request (TimeSpan.Zero removes it).</summary>
        public void SetLatency(TimeSpan latency) { IntPtr e; Native.Check(Native.idiligo_sandbox_set_latency_ms(h, (ulong)latency.TotalMilliseconds, out e), e); }

        /// <summary>Removes all queued faults.</summary>
        public void ClearFaults() { IntPtr e; Native.Check(Native.idiligo_sandbox_clear_faults(h, out e), e); }

        public string Url => Native.Borrowed(Native.idiligo_sandbox_url(h));
        public string ApiKey => Native.Borrowed(Native.idiligo_sandbox_apikey(h));
        public string Username => Native.Borrowed(Native.idiligo_sandbox_username(h));
        public string Password => Native.Borrowed(Native.idiligo_sandbox_password(h));
        public string Ticket => Native.Borrowed(Native.idiligo_sandbox_ticket(h));

        /// <summary>Options pointed at the sandbox with its password credentials.</summary>
        public Options Options()
        {
            OptionsHandle o; IntPtr e;
            Native.Check(Native.idiligo_sandbox_options(h, out o, out e), e);
            return new Options(o);
        }

        public string HostFile(string name, byte[] bytes)
        {
            IntPtr u, e;
            Native.Check(Native.idiligo_sandbox_host_file(h, Native.Utf8(name), bytes, (UIntPtr)bytes.Length, out u, out e), e);
            return Native.Owned(u);
        }

        public string SimulateUpload(string callId, string filename, byte[] bytes)
        {
            IntPtr id, e;
            Native.Check(Native.idiligo_sandbox_simulate_upload(h, Native.Utf8(callId), Native.Utf8(filename), bytes, (UIntPtr)bytes.Length, out id, out e), e);
            return Native.Owned(id);
        }

        public void SimulateSign(string callId, string documentId)
        {
            IntPtr e;
            Native.Check(Native.idiligo_sandbox_simulate_sign(h, Native.Utf8(callId), Native.Utf8(documentId), out e), e);
        }

        /// <summary>The sandbox's view of a meeting, as JSON.</summary>
        public string Inspect(string callId)
        {
            IntPtr j, e;
            Native.Check(Native.idiligo_sandbox_inspect(h, Native.Utf8(callId), out j, out e), e);
            return Native.Owned(j);
        }

        public void ExpireTokens() { IntPtr e; Native.Check(Native.idiligo_sandbox_expire_tokens(h, out e), e); }

        /// <summary>kind: 0 delay (param ms), 1 HTTP status (param), 2 truncated body, 3 dropped
        /// connection, 4 stall the body (param ms: the headers and part of the body, a pause,
        /// then the rest). Fault names the constants.</summary>
        public void InjectFault(int kind, string operation, uint times, ulong param)
        {
            IntPtr e;
            Native.Check(Native.idiligo_sandbox_inject_fault(h, kind, Native.Utf8(operation), times, param, out e), e);
        }

        /// <summary>Answers the next `times` requests of `operation` with this status, content
        /// type and body (UTF-8).</summary>
        public void InjectResponse(string operation, uint times, int status, string contentType, string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            IntPtr e;
            Native.Check(Native.idiligo_sandbox_inject_response(h, Native.Utf8(operation), times, (ushort)status, Native.Utf8(contentType), bytes, (UIntPtr)bytes.Length, out e), e);
        }

        /// <summary>How many requests `operation` has received.</summary>
        public ulong RequestCount(string operation) => Native.idiligo_sandbox_request_count(h, Native.Utf8(operation));

        /// <summary>Stops the sandbox and frees it (idempotent).</summary>
        public void Dispose() { handle.Dispose(); }
    }

    /// <summary>A native cancel handle (idiligo_cancel): Trigger it from any thread and every
    /// call through a view bound to it (Client.WithCancel) ends with IdiligoCancelledException
    /// within about 50 ms. Once triggered it stays triggered: use a new one per operation. The
    /// async methods make one per call from their CancellationToken; use this class directly
    /// for code that has no token (a "stop" button, a shutdown hook).</summary>
    public sealed class Cancel : IDisposable
    {
        readonly CancelSafeHandle handle;

        public Cancel()
        {
            handle = Native.idiligo_cancel_new();
            if (handle.IsInvalid) throw new OutOfMemoryException("idiligo_cancel_new");
        }

        internal CancelSafeHandle H
        {
            get
            {
                if (handle.IsClosed) throw new ObjectDisposedException(nameof(Cancel));
                return handle;
            }
        }

        /// <summary>Cancels every call running, or started later, through views bound to this
        /// handle. Idempotent; safe from any thread.</summary>
        public void Trigger() { Native.idiligo_cancel_trigger(H); }

        /// <summary>Whether Trigger has been called.</summary>
        public bool IsTriggered => Native.idiligo_cancel_is_triggered(H);

        /// <summary>Frees the handle (idempotent). Views made with it keep working; must not
        /// race with Trigger.</summary>
        public void Dispose() { handle.Dispose(); }
    }

    /// <summary>The kinds of Sandbox.InjectFault (IDILIGO_FAULT_*).</summary>
    public static class Fault
    {
        /// <summary>Delay the answer by `param` milliseconds.</summary>
        public const int Delay = 0;
        /// <summary>Answer with HTTP status `param` and a plain-text body.</summary>
        public const int HttpStatus = 1;
        /// <summary>Cut the body short.</summary>
        public const int TruncatedBody = 2;
        /// <summary>Close the connection without an answer.</summary>
        public const int DropConnection = 3;
        /// <summary>Send the headers and part of the body, pause `param` milliseconds, then the
        /// rest (stall timeouts, download deadlines, cancels).</summary>
        public const int StallBody = 4;
    }

    /// <summary>What DownloadAllReport did with one attachment.</summary>
    public sealed class DownloadOutcome
    {
        /// <summary>The attachment (SavedPath/SavedBytes set for "saved" and "already_present").</summary>
        public Attachment Attachment { get; internal set; }
        /// <summary>"saved", "already_present", "no_url", "failed" or "not_attempted".</summary>
        public string Outcome { get; internal set; }
        /// <summary>For "failed": the error, as the exception its kind maps to (not thrown).</summary>
        public Exception Error { get; internal set; }
    }

    /// <summary>The result of Client.DownloadAllReport: one outcome per attachment.</summary>
    public sealed class DownloadReport
    {
        public IList<DownloadOutcome> Entries { get; internal set; }
        /// <summary>Every attachment with a URL is on disk and the manifest (resume) was written.</summary>
        public bool Complete { get; internal set; }
        /// <summary>Resume mode: the first failure to write the manifest, else null.</summary>
        public Exception ManifestError { get; internal set; }

        static Exception Borrowed(IntPtr err) => err == IntPtr.Zero ? null : ErrorTable.Create(Native.Read(err));

        internal static DownloadReport Read(DownloadReportHandle r)
        {
            var list = Native.idiligo_download_report_attachments(r);
            var atts = Client.ReadAttachments(list);
            var entries = new List<DownloadOutcome>();
            for (int k = 0; k < atts.Count; k++)
                entries.Add(new DownloadOutcome
                {
                    Attachment = atts[k],
                    Outcome = Native.Borrowed(Native.idiligo_download_report_outcome(r, (UIntPtr)k)),
                    Error = Borrowed(Native.idiligo_download_report_error(r, (UIntPtr)k)),
                });
            return new DownloadReport
            {
                Entries = entries.AsReadOnly(),
                Complete = Native.idiligo_download_report_complete(r),
                ManifestError = Borrowed(Native.idiligo_download_report_manifest_error(r)),
            };
        }
    }

    /// <summary>One difference between the service's WSDL and the operation table.</summary>
    public sealed class WsdlDifference
    {
        /// <summary>IDILIGO_WSDL_* (0 missing operation, 1 extra operation, 2 parameters, ...).</summary>
        public int Kind { get; internal set; }
        /// <summary>The kind's name ("missing_operation", ...).</summary>
        public string KindName { get; internal set; }
        /// <summary>False for what only the service has (it has grown): not a mismatch.</summary>
        public bool IsMismatch { get; internal set; }
        /// <summary>The operation or type it concerns.</summary>
        public string Subject { get; internal set; }
        /// <summary>What the table says, or null.</summary>
        public string Expected { get; internal set; }
        /// <summary>What the WSDL says, or null.</summary>
        public string Found { get; internal set; }
        public string Message { get; internal set; }
    }

    /// <summary>A WSDL compared with the operation table (Wsdl.Compare, Client.CheckService).</summary>
    public sealed class WsdlReport
    {
        /// <summary>No mismatch (differences that only say the service has more are allowed).</summary>
        public bool Matches { get; internal set; }
        public int ServiceOperations { get; internal set; }
        public int TableOperations { get; internal set; }
        public IList<WsdlDifference> Differences { get; internal set; }

        internal static WsdlReport Read(WsdlReportHandle r)
        {
            using (r)
            {
                var diffs = new List<WsdlDifference>();
                ulong n = (ulong)Native.idiligo_wsdl_report_len(r);
                for (ulong k = 0; k < n; k++)
                {
                    var i = (UIntPtr)k;
                    diffs.Add(new WsdlDifference
                    {
                        Kind = Native.idiligo_wsdl_report_kind(r, i),
                        KindName = Native.Borrowed(Native.idiligo_wsdl_report_kind_name(r, i)),
                        IsMismatch = Native.idiligo_wsdl_report_is_mismatch(r, i),
                        Subject = Native.Borrowed(Native.idiligo_wsdl_report_subject(r, i)),
                        Expected = Native.Borrowed(Native.idiligo_wsdl_report_expected(r, i)),
                        Found = Native.Borrowed(Native.idiligo_wsdl_report_found(r, i)),
                        Message = Native.Borrowed(Native.idiligo_wsdl_report_message(r, i)),
                    });
                }
                return new WsdlReport
                {
                    Matches = Native.idiligo_wsdl_report_matches(r),
                    ServiceOperations = (int)(ulong)Native.idiligo_wsdl_report_service_operations(r),
                    TableOperations = (int)(ulong)Native.idiligo_wsdl_report_table_operations(r),
                    Differences = diffs.AsReadOnly(),
                };
            }
        }
    }

    /// <summary>The WSDL check without a client.</summary>
    public static class Wsdl
    {
        /// <summary>Compares a WSDL text (InsideService20.asmx?WSDL) with the operation table;
        /// IdiligoParseException when it is not a WSDL.</summary>
        public static WsdlReport Compare(string wsdlText)
        {
            WsdlReportHandle r; IntPtr e;
            Native.Check(Native.idiligo_wsdl_compare(Native.Utf8(wsdlText), out r, out e), e);
            return WsdlReport.Read(r);
        }
    }

    /// <summary>Log levels (IDILIGO_LOG_*).</summary>
    public enum LogLevel { Off = 0, Error = 1, Warn = 2, Info = 3, Debug = 4, Trace = 5 }

    /// <summary>Receives one log record (already redacted: no key, password, ticket or token).
    /// Called on the thread where the record arises, possibly several at once.</summary>
    public delegate void LogHandler(LogLevel level, string target, string message);

    /// <summary>The library's log records, for the whole process.</summary>
    public static class Log
    {
        static readonly object gate = new object();
#pragma warning disable 414 // written, never read: the field only keeps the delegate alive
        static Native.LogCb current; // kept alive while registered
#pragma warning restore 414

        /// <summary>Sends records up to `maxLevel` to `handler` (replacing any handler set
        /// before); null unregisters. An exception the handler throws is dropped (it never
        /// unwinds into native code). The handler must not call into this library.</summary>
        public static void SetHandler(LogHandler handler, LogLevel maxLevel = LogLevel.Info)
        {
            lock (gate)
            {
                IntPtr e;
                if (handler == null)
                {
                    Native.Check(Native.idiligo_log_set_callback(null, IntPtr.Zero, 0, out e), e);
                    current = null; // the call waited for running callbacks: safe to release
                    return;
                }
                Native.LogCb cb = (ud, level, target, message, len) =>
                {
                    try { handler((LogLevel)level, Native.Borrowed(target), Native.Text(message, len)); }
                    catch (Exception) { /* never unwind into native code */ }
                };
                Native.Check(Native.idiligo_log_set_callback(cb, IntPtr.Zero, (int)maxLevel, out e), e);
                current = cb;
            }
        }
    }

    /// <summary>Settings of an embedded sandbox (idiligo_sandbox_builder); Start() runs one.</summary>
    public sealed class SandboxBuilder : IDisposable
    {
        readonly SandboxBuilderHandle handle;

        public SandboxBuilder()
        {
            handle = Native.idiligo_sandbox_builder_new();
            if (handle.IsInvalid) throw new OutOfMemoryException("idiligo_sandbox_builder_new");
        }

        SandboxBuilderHandle h
        {
            get
            {
                if (handle.IsClosed) throw new ObjectDisposedException(nameof(SandboxBuilder));
                return handle;
            }
        }

        /// <summary>The port on 127.0.0.1 (default 0: a free one).</summary>
        public SandboxBuilder Port(ushort port) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_port(h, port, out e), e); return this; }
        /// <summary>The (fake) credentials it accepts; all four required.</summary>
        public SandboxBuilder Credentials(string apikey, string username, string password, string ticket) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_credentials(h, Native.Utf8(apikey), Native.Utf8(username), Native.Utf8(password), Native.Utf8(ticket), out e), e); return this; }
        public SandboxBuilder TokenLifetime(TimeSpan t) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_token_lifetime_ms(h, (ulong)t.TotalMilliseconds, out e), e); return this; }
        /// <summary>customErrors: true On (the message only, default), false Off (type, stack trace).</summary>
        public SandboxBuilder CustomErrors(bool on) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_custom_errors(h, on ? 0 : 1, out e), e); return this; }
        public SandboxBuilder ConversionTime(TimeSpan t) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_conversion_time_ms(h, (ulong)t.TotalMilliseconds, out e), e); return this; }
        public SandboxBuilder ConversionFailureMarker(string marker) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_conversion_failure_marker(h, Native.Utf8(marker), out e), e); return this; }
        public SandboxBuilder MaxDocumentBytes(ulong limit) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_max_document_bytes(h, limit, out e), e); return this; }
        public SandboxBuilder MaxRequestBytes(ulong limit) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_max_request_bytes(h, (UIntPtr)limit, out e), e); return this; }
        public SandboxBuilder RequestValidation(bool on) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_request_validation(h, on, out e), e); return this; }
        public SandboxBuilder RequireContactNames(bool required) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_require_contact_names(h, required, out e), e); return this; }
        /// <summary>Also serve the HTTP control API under {url}/_sandbox/ (default off).</summary>
        public SandboxBuilder ControlApi(bool on) { IntPtr e; Native.Check(Native.idiligo_sandbox_builder_set_control_api(h, on, out e), e); return this; }

        /// <summary>Starts a sandbox with these settings (copied: the builder may be reused).</summary>
        public Sandbox Start()
        {
            SandboxHandle s; IntPtr e;
            Native.Check(Native.idiligo_sandbox_builder_start(h, out s, out e), e);
            return new Sandbox(s);
        }

        public void Dispose() { handle.Dispose(); }
    }

    /// <summary>The thread-local last-error mirror (for code that lost the exception).</summary>
    public static class LastError
    {
        public static int Code => Native.idiligo_last_error_code();
        public static string Message
        {
            get
            {
                UIntPtr needed;
                Native.idiligo_last_error_message(null, UIntPtr.Zero, out needed);
                var buf = new byte[(int)needed];
                Native.idiligo_last_error_message(buf, (UIntPtr)buf.Length, out needed);
                return Encoding.UTF8.GetString(buf, 0, buf.Length - 1);
            }
        }
    }
}
