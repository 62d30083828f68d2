// Idiligo.cs: a .NET wrapper of libidiligo (the idiligo SDK's C API), to copy into a solution.
//
// - One SafeHandle per native handle type; every handle is freed exactly once by its owner.
// - Returned char * are IntPtr and copied into managed strings, then freed with
//   idiligo_string_free (never declared as string: the CLR would free them with the wrong
//   allocator). Borrowed strings (accessors) are only copied.
// - Strings go in as NUL-terminated UTF-8 byte[] (works on .NET Framework, Mono and .NET).
// - Every status code other than IDILIGO_OK becomes an IdiligoException (with Code, Kind,
//   Operation, HttpStatus, Retryable, ServiceMessage, and for StartMeeting the step and the
//   ids created so far) or one of its subclasses.
// - Progress delegates are kept alive (GC.KeepAlive) for the duration of the native call and
//   never let an exception escape into native code.
// Needs libidiligo.so (Linux; DllImport name "idiligo") on the library search path.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace Idiligo
{
    /// <summary>Status codes (IDILIGO_ERR_* in idiligo.h).</summary>
    public static class Status
    {
        public const int Ok = 0, Argument = 100, Connect = 200, Timeout = 201, Transport = 202, Tls = 300,
            Http = 400, Service = 500, Auth = 501, Parse = 600, TooLarge = 601, Io = 700, Cancelled = 800,
            Panic = 900;
    }

    /// <summary>An error reported by libidiligo.</summary>
    public class IdiligoException : Exception
    {
        public int Code { get; }
        public string Kind { get; }
        public string Operation { get; }
        public int HttpStatus { get; }
        public bool Retryable { get; }
        public string ServiceMessage { get; }
        /// <summary>For StartMeeting failures: the step that failed, and the ids created so far.</summary>
        public string MeetingStep { get; }
        public string PartialCallId { get; }
        public string PartialContactId { get; }
        public string PartialPublicId { get; }

        internal IdiligoException(int code, string kind, string message, string operation, int httpStatus,
            bool retryable, string serviceMessage, string step, string callId, string contactId, string publicId)
            : base(message)
        {
            Code = code; Kind = kind; Operation = operation; HttpStatus = httpStatus; Retryable = retryable;
            ServiceMessage = serviceMessage; MeetingStep = step; PartialCallId = callId;
            PartialContactId = contactId; PartialPublicId = publicId;
        }
    }

    public class IdiligoArgumentException : IdiligoException
    {
        internal IdiligoArgumentException(int c, string k, string m, string o, int h, bool r, string s, string st, string a, string b, string d)
            : base(c, k, m, o, h, r, s, st, a, b, d) { }
    }

    public class IdiligoNetworkException : IdiligoException
    {
        internal IdiligoNetworkException(int c, string k, string m, string o, int h, bool r, string s, string st, string a, string b, string d)
            : base(c, k, m, o, h, r, s, st, a, b, d) { }
    }

    public class IdiligoServiceException : IdiligoException
    {
        internal IdiligoServiceException(int c, string k, string m, string o, int h, bool r, string s, string st, string a, string b, string d)
            : base(c, k, m, o, h, r, s, st, a, b, d) { }
    }

    public class IdiligoCancelledException : IdiligoException
    {
        internal IdiligoCancelledException(int c, string k, string m, string o, int h, bool r, string s, string st, string a, string b, string d)
            : base(c, k, m, o, h, r, s, st, a, b, d) { }
    }

    /// <summary>Progress of a download; return false to cancel. Must not throw (exceptions are
    /// caught and cancel the download).</summary>
    public delegate bool Progress(ulong done, ulong total);

    internal static class Native
    {
        const string Lib = "idiligo";

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int ProgressCb(IntPtr userData, ulong done, ulong total);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_version();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_string_free(IntPtr s);

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_error_code(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_kind(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_message(IntPtr e, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_operation(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_error_http_status(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] [return: MarshalAs(UnmanagedType.I1)] public static extern bool idiligo_error_retryable(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_service_message(IntPtr e, out UIntPtr len);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_meeting_step(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_partial_call_id(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_partial_contact_id(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_error_partial_public_id(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_error_free(IntPtr e);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_last_error_code();
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_last_error_message(byte[] buf, UIntPtr len, out UIntPtr needed);

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
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_participant_url(ClientHandle c, byte[] publicId, out IntPtr url, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_download_to_path(ClientHandle c, byte[] url, byte[] path, ProgressCb cb, IntPtr userData, ulong maxBytes, out ulong written, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_download_all(ClientHandle c, byte[] call, byte[] dir, ProgressCb cb, IntPtr userData, out AttachmentsHandle saved, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_client_wait_for_attachments(ClientHandle c, byte[] call, UIntPtr minCount, IntPtr condition, IntPtr userData, ulong timeoutMs, ulong pollMs, out AttachmentsHandle list, out IntPtr err);

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

        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern void idiligo_attachments_free(IntPtr l);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern UIntPtr idiligo_attachments_len(AttachmentsHandle l);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_id(AttachmentsHandle l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_description(AttachmentsHandle l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_url(AttachmentsHandle l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_preview(AttachmentsHandle l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_size(AttachmentsHandle l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_date(AttachmentsHandle l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_sign_url(AttachmentsHandle l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_attachments_attach(AttachmentsHandle l, UIntPtr i, [MarshalAs(UnmanagedType.I1)] out bool v, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern int idiligo_attachments_sign_status(AttachmentsHandle l, UIntPtr i, out int v, out IntPtr err);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern IntPtr idiligo_attachments_saved_path(AttachmentsHandle l, UIntPtr i);
        [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)] public static extern ulong idiligo_attachments_saved_bytes(AttachmentsHandle l, UIntPtr i);

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
            var b = new byte[len];
            Marshal.Copy(p, b, 0, len);
            return Encoding.UTF8.GetString(b);
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

        /// <summary>Throws for a failed status, consuming the error object.</summary>
        public static void Check(int status, IntPtr err)
        {
            if (status == Status.Ok) return;
            if (err == IntPtr.Zero)
                throw new IdiligoException(status, "unknown", "idiligo status " + status, "", 0, false, null, null, null, null, null);
            try
            {
                int code = idiligo_error_code(err);
                UIntPtr tl;
                string kind = Borrowed(idiligo_error_kind(err)), msg = Text(idiligo_error_message(err, out tl), tl);
                string op = Borrowed(idiligo_error_operation(err));
                int http = idiligo_error_http_status(err);
                bool retry = idiligo_error_retryable(err);
                string svc = Text(idiligo_error_service_message(err, out tl), tl);
                string step = Borrowed(idiligo_error_meeting_step(err));
                string pc = Borrowed(idiligo_error_partial_call_id(err));
                string pk = Borrowed(idiligo_error_partial_contact_id(err));
                string pp = Borrowed(idiligo_error_partial_public_id(err));
                switch (code / 100)
                {
                    case 1: throw new IdiligoArgumentException(code, kind, msg, op, http, retry, svc, step, pc, pk, pp);
                    case 2: throw new IdiligoNetworkException(code, kind, msg, op, http, retry, svc, step, pc, pk, pp);
                    case 5: throw new IdiligoServiceException(code, kind, msg, op, http, retry, svc, step, pc, pk, pp);
                    case 8: throw new IdiligoCancelledException(code, kind, msg, op, http, retry, svc, step, pc, pk, pp);
                    default: throw new IdiligoException(code, kind, msg, op, http, retry, svc, step, pc, pk, pp);
                }
            }
            finally { idiligo_error_free(err); }
        }

        /// <summary>Adapts a managed progress delegate; exceptions cancel instead of unwinding.</summary>
        public static ProgressCb Adapt(Progress progress)
        {
            if (progress == null) return null;
            return (ud, done, total) =>
            {
                try { return progress(done, total) ? 0 : 1; }
                catch { return 1; }
            };
        }
    }

    public sealed class OptionsHandle : SafeHandle
    {
        public OptionsHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_options_free(handle); return true; }
    }

    public sealed class ClientHandle : SafeHandle
    {
        public ClientHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_client_free(handle); return true; }
    }

    public sealed class MeetingRequestHandle : SafeHandle
    {
        public MeetingRequestHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_meeting_request_free(handle); return true; }
    }

    public sealed class MeetingHandle : SafeHandle
    {
        public MeetingHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_meeting_free(handle); return true; }
    }

    public sealed class AttachmentsHandle : SafeHandle
    {
        public AttachmentsHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_attachments_free(handle); return true; }
    }

    public sealed class SandboxHandle : SafeHandle
    {
        public SandboxHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.idiligo_sandbox_stop(handle); return true; }
    }

    /// <summary>Client options (idiligo_options). Dispose after creating the client.</summary>
    public sealed class Options : IDisposable
    {
        internal readonly OptionsHandle Handle;
        internal Options(OptionsHandle h) { Handle = h; }
        public Options() : this(Native.idiligo_options_new())
        {
            if (Handle.IsInvalid) throw new OutOfMemoryException("idiligo_options_new");
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
        public void Dispose() { Handle.Dispose(); }
    }

    /// <summary>One attachment (all nine GetAttachments fields, plus where download-all saved it).</summary>
    public sealed class Attachment
    {
        public string Id, Description, Url, Preview, Size, Date, SignUrl, SavedPath;
        public bool Attach;
        public int SignStatus;
        public ulong SavedBytes;
    }

    /// <summary>A started meeting.</summary>
    public sealed class Meeting
    {
        public string CallId, ContactId, PublicId, AgentUrl, ParticipantUrl;
    }

    /// <summary>A client (idiligo_client). Thread-safe: share one instance.</summary>
    public sealed class Client : IDisposable
    {
        readonly ClientHandle h;

        public Client(Options options)
        {
            IntPtr e;
            Native.Check(Native.idiligo_client_new(options.Handle, out h, out e), e);
        }

        public static string Version => Native.Borrowed(Native.idiligo_version());

        public void Login() { IntPtr e; Native.Check(Native.idiligo_client_login(h, out e), e); }

        public string LoginPassword(string apikey, string user, string password)
        {
            IntPtr t, e;
            Native.Check(Native.idiligo_client_login_password(h, Native.Utf8(apikey), Native.Utf8(user), Native.Utf8(password), out t, out e), e);
            return Native.Owned(t);
        }

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

        public void SetValues(string publicId, IList<KeyValuePair<string, string>> values)
        {
            var pinned = new List<GCHandle>();
            try
            {
                var names = new IntPtr[values.Count];
                var vals = new IntPtr[values.Count];
                for (int i = 0; i < values.Count; i++)
                {
                    var n = GCHandle.Alloc(Native.Utf8(values[i].Key), GCHandleType.Pinned);
                    var v = GCHandle.Alloc(Native.Utf8(values[i].Value), GCHandleType.Pinned);
                    pinned.Add(n); pinned.Add(v);
                    names[i] = n.AddrOfPinnedObject();
                    vals[i] = v.AddrOfPinnedObject();
                }
                IntPtr e;
                Native.Check(Native.idiligo_client_set_values(h, Native.Utf8(publicId), names, vals, (UIntPtr)values.Count, out e), e);
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
            using (l) return Read(l);
        }

        public string ParticipantUrl(string publicId)
        {
            IntPtr u, e;
            Native.Check(Native.idiligo_client_participant_url(h, Native.Utf8(publicId), out u, out e), e);
            return Native.Owned(u);
        }

        /// <summary>Starts a meeting in one call. On failure the exception's MeetingStep and
        /// Partial*Id tell what was created.</summary>
        public Meeting StartMeeting(string scriptCode, string email = null, string first = null, string last = null,
            IList<KeyValuePair<string, string>> values = null, IList<string[]> documents = null, string returnUrl = null)
        {
            MeetingRequestHandle r; IntPtr e;
            Native.Check(Native.idiligo_meeting_request_new(Native.Utf8(scriptCode), out r, out e), e);
            using (r)
            {
                if (email != null)
                    Native.Check(Native.idiligo_meeting_request_set_participant(r, Native.Utf8(email), Native.Utf8(first), Native.Utf8(last), out e), e);
                if (values != null)
                    foreach (var kv in values)
                        Native.Check(Native.idiligo_meeting_request_add_value(r, Native.Utf8(kv.Key), Native.Utf8(kv.Value), out e), e);
                if (documents != null)
                    foreach (var d in documents) // { url, filename, externalId }
                        Native.Check(Native.idiligo_meeting_request_add_document(r, Native.Utf8(d[0]), Native.Utf8(d[1]), Native.Utf8(d.Length > 2 ? d[2] : null), out e), e);
                if (returnUrl != null)
                    Native.Check(Native.idiligo_meeting_request_set_return_url(r, Native.Utf8(returnUrl), out e), e);
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
                    };
            }
        }

        /// <summary>Downloads one document to a file (atomically); returns the byte count.</summary>
        public ulong DownloadToPath(string url, string path, Progress progress = null, ulong maxBytes = 0)
        {
            var cb = Native.Adapt(progress);
            ulong n; IntPtr e;
            int rc = Native.idiligo_client_download_to_path(h, Native.Utf8(url), Native.Utf8(path), cb, IntPtr.Zero, maxBytes, out n, out e);
            GC.KeepAlive(cb); // the delegate must outlive the native call
            Native.Check(rc, e);
            return n;
        }

        public List<Attachment> DownloadAll(string callId, string dir, Progress progress = null)
        {
            var cb = Native.Adapt(progress);
            AttachmentsHandle l; IntPtr e;
            int rc = Native.idiligo_client_download_all(h, Native.Utf8(callId), Native.Utf8(dir), cb, IntPtr.Zero, out l, out e);
            GC.KeepAlive(cb);
            Native.Check(rc, e);
            using (l) return Read(l);
        }

        public List<Attachment> WaitForAttachments(string callId, int minCount, TimeSpan timeout, TimeSpan poll)
        {
            AttachmentsHandle l; IntPtr e;
            Native.Check(Native.idiligo_client_wait_for_attachments(h, Native.Utf8(callId), (UIntPtr)minCount, IntPtr.Zero, IntPtr.Zero,
                (ulong)timeout.TotalMilliseconds, (ulong)poll.TotalMilliseconds, out l, out e), e);
            using (l) return Read(l);
        }

        static List<Attachment> Read(AttachmentsHandle l)
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
                });
            }
            return list;
        }

        public void Dispose() { h.Dispose(); }
    }

    /// <summary>The embedded sandbox (an emulator of the service on 127.0.0.1).</summary>
    public sealed class Sandbox : IDisposable
    {
        readonly SandboxHandle h;

        public Sandbox() { IntPtr e; Native.Check(Native.idiligo_sandbox_start(out h, out e), e); }

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

        /// <summary>kind: 0 delay (param ms), 1 HTTP status (param), 2 truncated body, 3 dropped connection.</summary>
        public void InjectFault(int kind, string operation, uint times, ulong param)
        {
            IntPtr e;
            Native.Check(Native.idiligo_sandbox_inject_fault(h, kind, Native.Utf8(operation), times, param, out e), e);
        }

        public void Dispose() { h.Dispose(); }
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
