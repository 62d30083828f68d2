// Test of the .NET wrapper (ffi/dotnet/Idiligo.cs) against the embedded sandbox: the meeting
// flow, downloads with progress and cancel, the operation table and every typed method, the
// call by name, every CallDTO member, the error table against idiligo.h's IDILIGO_ERR_*
// constants, every error property reached by a real failure, and exceptions thrown in
// delegates propagating as themselves. Prints "N passed, M failed".
//
//   mono IdiligoTest.exe path/to/idiligo.h
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Reflection;
using System.Security.Authentication;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Idiligo;

static class IdiligoTest
{
    static int pass, fail;

    static void Check(bool cond, string what)
    {
        if (cond) pass++;
        else { fail++; Console.Error.WriteLine("FAIL: " + what); }
    }

    static T Throws<T>(Action a, string what) where T : Exception
    {
        try { a(); }
        catch (T e) { pass++; return e; }
        catch (Exception e) { fail++; Console.Error.WriteLine("FAIL: " + what + ": wrong exception " + e.GetType().Name + ": " + e.Message); return null; }
        fail++;
        Console.Error.WriteLine("FAIL: " + what + ": no exception");
        return null;
    }

    static KeyValuePair<string, string> P(string k, string v) { return new KeyValuePair<string, string>(k, v); }

    static string SnakeToPascal(string s)
    {
        var sb = new StringBuilder();
        foreach (var w in s.Split('_')) if (w.Length > 0) sb.Append(char.ToUpperInvariant(w[0])).Append(w.Substring(1));
        return sb.ToString();
    }

    // ------------------------------------------------------------------ the error table

    static readonly Dictionary<int, Type> Bases = new Dictionary<int, Type>
    {
        { Status.Argument, typeof(ArgumentException) }, { Status.Connect, typeof(WebException) },
        { Status.Timeout, typeof(TimeoutException) }, { Status.Transport, typeof(WebException) },
        { Status.Tls, typeof(AuthenticationException) }, { Status.Http, typeof(WebException) },
        { Status.Service, typeof(Exception) }, { Status.Auth, typeof(InvalidCredentialException) },
        { Status.Parse, typeof(FormatException) }, { Status.TooLarge, typeof(WebException) },
        { Status.Io, typeof(IOException) }, { Status.Cancelled, typeof(OperationCanceledException) },
        { Status.Panic, typeof(Exception) },
    };

    static void ErrorTableMatchesHeader(string headerPath)
    {
        var header = File.ReadAllText(headerPath);
        var codes = new Dictionary<int, string>();
        foreach (Match m in Regex.Matches(header, @"#define IDILIGO_ERR_(\w+) (\d+)"))
            codes[int.Parse(m.Groups[2].Value)] = m.Groups[1].Value;
        Check(codes.Count >= 13, "header defines the IDILIGO_ERR_* codes (" + codes.Count + ")");
        var seen = new HashSet<int>();
        var classes = new HashSet<Type>();
        foreach (var k in ErrorTable.Kinds)
        {
            Check(codes.ContainsKey(k.Code), "C# error table code " + k.Code + " (" + k.Kind + ") is an IDILIGO_ERR_* constant of the header");
            Check(seen.Add(k.Code), "code " + k.Code + " once in the C# table");
            Check(classes.Add(k.ExceptionType), k.ExceptionType.Name + " used once");
            Check(typeof(IIdiligoError).IsAssignableFrom(k.ExceptionType), k.ExceptionType.Name + " implements IIdiligoError");
            Type b;
            Check(Bases.TryGetValue(k.Code, out b) && b.IsAssignableFrom(k.ExceptionType) && k.ExceptionType.BaseType == b,
                k.ExceptionType.Name + " derives from " + (b == null ? "?" : b.Name));
            var e = ErrorTable.Create(new ErrorInfo { Code = k.Code, Kind = k.Kind, Message = "m " + k.Code, Operation = "op" });
            Check(e.GetType() == k.ExceptionType && e.Message == "m " + k.Code && ((IIdiligoError)e).Code == k.Code, "ErrorTable.Create(" + k.Code + ")");
        }
        foreach (var c in codes)
            Check(seen.Contains(c.Key), "IDILIGO_ERR_" + c.Value + " (" + c.Key + ") has a class in the C# error table");
        // A code newer than this file maps to its family.
        Check(ErrorTable.Create(new ErrorInfo { Code = 203, Message = "x" }) is IdiligoConnectException, "unknown 2xx maps to its family");
    }

    // ------------------------------------------------------------------ the operation table

    static void OperationTable(Client client)
    {
        var all = Operations.All();
        Check(all.Count >= 52, "operations: " + all.Count);
        int typed = 0;
        foreach (var o in all)
        {
            Check(Operations.Find(o.Name) == o, "Find(" + o.Name + ")");
            Check(o.TakesToken == (o.Params.Count > 0 && o.Params[0].Name == "token"), o.Name + " token");
            if (o.Typed == null) continue;
            typed++;
            var m = typeof(Client).GetMethod(o.TypedMethod);
            Check(m != null && o.TypedMethod == SnakeToPascal(o.Typed), "Client." + o.TypedMethod + " exists for " + o.Name);
        }
        Check(typed == 24, "typed operations: " + typed);
        var gcv = Operations.Find("GetCallValues");
        Check(gcv != null && gcv.Typed == "get_call_values" && gcv.Effect == Effect.Read && gcv.AnswerType == "ArrayOfNameValue"
            && gcv.Bindings == (Bindings.Soap | Bindings.Get | Bindings.Post) && gcv.Params.Count == 2
            && gcv.Params[0].Secret && gcv.Params[1].Name == "callId" && gcv.Params[1].Type == "long", "GetCallValues row");
        var sv = Operations.Find("SetValues");
        Check(sv.AnswerType == null && sv.Params[2].IsArray && !sv.Params[1].IsArray && sv.Effect == Effect.Write, "SetValues row");
        Check(Operations.Find("CreateCall").Effect == Effect.Create && Operations.Find("SetCallValues").Bindings == Bindings.Soap, "effects and bindings");
        Check(Operations.Find("getcallvalues") == null, "Find is case-sensitive");
    }

    // ------------------------------------------------------------------ structured answers

    static readonly string[] CallDtoMembers = { "callId", "publicId", "accountNumber", "eventCount", "serverId", "username", "isAgent", "language", "comment", "contactEmail", "viewerWrap", "SC_UseJpeg", "SC_JpegQuality", "SC_Scale", "SC_ProxyServer", "SC_ProxyPort", "showBrowseHeight", "showBrowseWidth", "rtmpt", "webcamQuality", "webcamBitrate", "webcamFramerate", "microphoneDefaultEnabled", "microphoneVolume", "microphoneQuality", "microphoneFramerate", "microphoneEchoSuppression", "useWebRtc", "showInvite", "backgroundColor", "nodeCount", "hasAccountLogo", "ownerAccountNumber", "useChatUsername", "subscriberCode", "subscriberCount", "clientReady" };

    static void CallRecordMembers(Sandbox sb, Client c)
    {
        var props = new Dictionary<string, PropertyInfo>();
        foreach (var p in typeof(CallRecord).GetProperties())
            if (p.Name != "Extra") props[p.Name.ToLowerInvariant()] = p;
        Check(props.Count == CallDtoMembers.Length, "CallRecord has one property per CallDTO member (" + props.Count + ")");
        for (int r = 0; r < 4; r++)
        {
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CallDTO xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://www.idiligo.com/\">");
            var expected = new Dictionary<string, object>();
            int boolOrdinal = 0;
            for (int k = 0; k < CallDtoMembers.Length; k++)
            {
                var w = CallDtoMembers[k];
                PropertyInfo p;
                if (!props.TryGetValue(w.Replace("_", "").ToLowerInvariant(), out p)) { Check(false, "no property for " + w); continue; }
                object v;
                if (p.PropertyType == typeof(string)) v = "r" + r + "-" + w;
                else if (p.PropertyType == typeof(int)) v = r == 3 ? -(k + 1) : 1000 * r + k + 1;
                else if (p.PropertyType == typeof(long)) v = 10000000000L + 100 * r + k;
                else { boolOrdinal++; v = ((boolOrdinal >> r) & 1) == 1; }
                expected[w] = v;
                xml.Append("<" + w + ">" + (v is bool ? ((bool)v ? "true" : "false") : v.ToString()) + "</" + w + ">");
            }
            xml.Append("<addedLater>r" + r + " &amp; kept</addedLater></CallDTO>");
            sb.InjectResponse(r % 2 == 0 ? "GetCall" : "GetCallByPublicId", 1, 200, "text/xml; charset=utf-8", xml.ToString());
            var rec = r % 2 == 0 ? c.GetCall("1") : c.GetCallByPublicId("p");
            foreach (var w in CallDtoMembers)
            {
                var got = props[w.Replace("_", "").ToLowerInvariant()].GetValue(rec, null);
                Check(Equals(got, expected[w]), "pattern " + r + ": " + w + " is " + expected[w] + ", got " + got);
            }
            Check(rec.Extra.Count == 1 && rec.Extra[0].Key == "addedLater" && rec.Extra[0].Value == "r" + r + " & kept", "extra members");
        }
    }

    static void ReadingAMeetingBack(Sandbox sb, Client c)
    {
        var docUrl = sb.HostFile("back.pdf", Encoding.UTF8.GetBytes("%PDF back"));
        var contact = c.CreateContact("back@example.com");
        var call = c.CreateCall("INTAKE");
        c.SetContact(call, contact);
        var pub = c.GetPublicCallId(call);
        var doc = c.AddDocumentFromUrl(docUrl, "back.pdf", "ext-b");
        c.SetDocumentToUploadAction(call, "ext-b", doc);
        c.SetValues(pub, new[] { P("A", "1"), P("B", "two") });
        c.SetValue(pub, "A", "3");
        var values = c.GetCallValues(call);
        Check(values.Count == 2 && values[0].Name == "A" && values[0].Value == "3" && values[1].Name == "B" && values[1].Value == "two", "GetCallValues after SetValue");
        c.SetComment(call, "a comment, Zoë");
        var rec = c.GetCall(call);
        Check(rec.CallId == call && rec.PublicId == pub && rec.Comment == "a comment, Zoë" && rec.ContactEmail == "back@example.com"
            && rec.AccountNumber == 1 && rec.IsAgent && rec.Language == "en" && rec.Username == sb.Username, "GetCall");
        Check(c.GetCallByPublicId(pub).CallId == call, "GetCallByPublicId");
        Check(c.EndCall(call, "https://crm.example.com/done") == "https://crm.example.com/done" && c.EndCall(call) == "", "EndCall");
        Check(c.SendMail(call, "jan@example.com", "INVITE"), "SendMail");
        var mr = c.MeetingResults(call);
        Check(mr.Values.Count == 2 && mr.Value("A") == "3" && mr.Value("C") == null, "MeetingResults values");
        Check(mr.Attachments.Count == 1 && mr.Attachments[0].Id == doc && mr.Attachments[0].Description == "back.pdf", "MeetingResults attachments");
        var mails = sb.RequestCount("SendMail");
        Throws<IdiligoArgumentException>(() => c.SendMail(call, " ", "INVITE"), "SendMail blank address");
        Check(sb.RequestCount("SendMail") == mails, "SendMail checked before sending: " + sb.RequestCount("SendMail") + " vs " + mails);
        var se = Throws<IdiligoServiceException>(() => c.SendMail(call, "nope", "INVITE"), "SendMail bad address");
        Check(sb.RequestCount("SendMail") == mails + 1, "RequestCount counts the request that was sent");
        Check(se != null && se.ServiceMessage == "Invalid email." && se.Operation == "SendMail", "SendMail service error");

        // The call by name.
        var xml = c.Call("GetPublicCallId", new[] { P("callId", call) }, repeatable: true);
        Check(xml != null && xml.Contains("<string") && xml.Contains(pub), "Call: XML answer");
        Check(c.Call("SetValues", new[] { P("publicId", pub), P("names", "X"), P("values", "1"), P("names", "Y"), P("values", "2") }) == null, "Call: void is null");
        var after = c.GetCallValues(call);
        Check(after.Count == 4 && after[2].Name == "X" && after[3].Value == "2", "Call: repeated names are arrays");
        var ae = Throws<IdiligoArgumentException>(() => c.Call("GetPublicCallId", new[] { P("nope", "1") }), "Call: unknown parameter");
        Check(ae != null && ae.Message.Contains("callId (long)") && ae.Operation == "GetPublicCallId", "Call: the message lists the parameters");
        Throws<IdiligoArgumentException>(() => c.Call("GetPublicCallId", new[] { P("callId", call) }, takesToken: false), "Call: token contradiction");
        Check(c.Call("GetPublicCallId", new[] { P("callId", call) }, takesToken: true).Contains(pub), "Call: takesToken true");
        var soap = Throws<IdiligoArgumentException>(() => c.Call("SetCallValues", new[] { P("callId", call), P("fields", "x") }), "Call: SOAP only");
        Check(soap != null && soap.Message.Contains("SOAP only"), "Call: SOAP-only message");
    }

    // ------------------------------------------------------------------ errors

    static bool ThrowingProgress(ulong done, ulong total) { throw new InvalidOperationException("boom from progress"); }
    static bool ThrowingCondition(IList<Attachment> list) { throw new ArithmeticException("boom from condition"); }

    static void ErrorProperties(Sandbox sb, Client quick, string tmp, string url)
    {
        var call = quick.CreateCall("INTAKE");
        sb.InjectResponse("GetPublicCallId", 1, 502, "text/html; charset=iso-8859-1", "<html>Bad   gateway</html>");
        var he = Throws<IdiligoHttpException>(() => quick.GetPublicCallId(call), "http error");
        Check(he != null && he.HttpStatus == 502 && he.ContentType == "text/html; charset=iso-8859-1" && he.Excerpt == "<html>Bad gateway</html>"
            && he.Status == WebExceptionStatus.ProtocolError && he.Retryable && he.Detail == null, "http error properties");
        sb.InjectResponse("GetPublicCallId", 1, 500, "text/plain; charset=utf-8", "System.Exception: Unknown\0callId.\n   at X.Y ()\n");
        var se = Throws<IdiligoServiceException>(() => quick.GetPublicCallId(call), "service error");
        Check(se != null && se.ServiceMessage == "Unknown\0callId." && se.Detail == "System.Exception: Unknown\0callId.\n   at X.Y ()\n"
            && se.Message.Contains("Unknown\0callId.") && se.ContentType == null, "service error keeps NUL bytes");
        using (var o = sb.Options().RequestTimeout(TimeSpan.FromMilliseconds(300)).Retry(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)))
        using (var slow = new Client(o))
        {
            slow.Login();
            sb.InjectFault(0, "GetPublicCallId", 1, 1500);
            var te = Throws<IdiligoTimeoutException>(() => slow.GetPublicCallId(call), "timeout");
            Check(te != null && te.TimeoutPhase == TimeoutPhase.Request && te.TimeoutAfter == TimeSpan.FromMilliseconds(300) && te.Retryable, "timeout properties");
        }
        var we = Throws<IdiligoTimeoutException>(() => quick.WaitForAttachments(call, 3, TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(20)), "wait timeout");
        Check(we != null && we.TimeoutPhase == TimeoutPhase.Wait && we.TimeoutAfter == TimeSpan.FromMilliseconds(120) && we.SizeLimit == null, "wait timeout properties");
        var tl = Throws<IdiligoTooLargeException>(() => quick.DownloadToPath(url, Path.Combine(tmp, "big.pdf"), null, 4), "too large");
        Check(tl != null && tl.SizeLimit == 4 && tl.Status == WebExceptionStatus.MessageLengthLimitExceeded && tl.TimeoutAfter == null, "too large properties");
        var dir = Path.Combine(tmp, "a-directory");
        Directory.CreateDirectory(dir);
        var io = Throws<IdiligoIOException>(() => quick.DownloadToPath(url, dir), "io error");
        Check(io != null && io.OsErrorCode == 21 /* EISDIR */, "io error code: " + (io == null ? null : io.OsErrorCode));

        // A delegate's exception propagates as itself, with its own stack, and cancels.
        var target = Path.Combine(tmp, "thrown.pdf");
        var ie = Throws<InvalidOperationException>(() => quick.DownloadToPath(url, target, ThrowingProgress), "progress exception propagates");
        Check(ie != null && ie.Message == "boom from progress" && ie.StackTrace.Contains("ThrowingProgress") && !File.Exists(target), "progress exception: message, stack, no file");
        Check(LastError.Code == Status.Cancelled, "the native call was cancelled");
        var ae = Throws<ArithmeticException>(() => quick.WaitForAttachments(call, 0, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), ThrowingCondition), "condition exception propagates");
        Check(ae != null && ae.StackTrace.Contains("ThrowingCondition"), "condition exception keeps its stack");
        Check(quick.WaitForAttachments(call, 0, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), l => l.Count == 0).Count == 0, "condition true");

        // StartMeeting: the failed document step, its index, every stored document.
        var missing = sb.Url + "/files/not-hosted.pdf";
        var me = Throws<IdiligoServiceException>(() => quick.StartMeeting("INTAKE", "doc@example.com", null, null, new[] { P("K", "v") },
            new List<string[]> { new[] { url, "first.pdf", "ext-first" }, new[] { missing, "second.pdf", "ext-second" } }), "start_meeting document failure");
        Check(me != null && me.MeetingStep == "AddDocumentFromUrl" && me.DocumentIndex == 1 && me.Partial.ContactAttached && me.Partial.ValuesSet
            && me.Partial.Documents.Count == 1 && me.Partial.Documents[0].ExternalId == "ext-first" && me.Partial.Documents[0].Bound
            && !string.IsNullOrEmpty(me.Partial.CallId) && !string.IsNullOrEmpty(me.Partial.Documents[0].DocumentId), "start_meeting partial documents");
        sb.InjectFault(1, "SetDocumentToUploadAction", 1, 503);
        var be = Throws<IdiligoHttpException>(() => quick.StartMeeting("INTAKE", null, null, null, null, new List<string[]> { new[] { url, "only.pdf", "ext-only" } }), "bind failure");
        Check(be != null && be.MeetingStep == "SetDocumentToUploadAction" && be.DocumentIndex == 0 && !be.Partial.Documents[0].Bound && !be.Partial.ContactAttached, "unbound document kept");
        var ve = Throws<IdiligoArgumentException>(() => quick.StartMeeting(""), "validate");
        Check(ve != null && ve.MeetingStep == "validate" && ve.DocumentIndex == null && ve.Partial.Documents.Count == 0, "validate step");
        Check(((IIdiligoError)ve).Kind == "invalid_argument" && ve is ArgumentException, "through the interface");
    }

    // ------------------------------------------------------------------ uploads from a Stream

    /// <summary>A stream that cannot seek (no Length): the library copies it to a temporary
    /// file first. Hands out at most 777 bytes per Read.</summary>
    sealed class NonSeekable : Stream
    {
        readonly byte[] data; readonly int failAt; int at; public int Reads;
        /// <summary>Throws once `failAt` bytes were read (-1: never).</summary>
        public NonSeekable(byte[] data, int failAt = -1) { this.data = data; this.failAt = failAt; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException("no Length");
        public override long Position { get => throw new NotSupportedException("no Position"); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            if (failAt >= 0 && at >= failAt) throw new InvalidDataException("boom from the stream at " + at);
            int n = Math.Min(Math.Min(count, 777), data.Length - at);
            Array.Copy(data, at, buffer, offset, n);
            at += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A seekable stream of `length` bytes that throws once `failAt` bytes were read.</summary>
    sealed class ThrowingStream : MemoryStream
    {
        readonly long failAt;
        public ThrowingStream(byte[] data, long failAt) : base(data) { this.failAt = failAt; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= failAt) throw new InvalidDataException("boom from the stream at " + Position);
            return base.Read(buffer, offset, (int)Math.Min(count, failAt - Position));
        }
    }

    /// <summary>The bytes of the attachment of `call` described as `name`.</summary>
    static byte[] AttachmentBytes(Client c, string call, string name)
    {
        foreach (var a in c.GetAttachments(call))
            if (a.Description == name) return c.DownloadToBytes(a.Url);
        return null;
    }

    static bool Same(byte[] a, byte[] b, int offset)
    {
        if (a == null || a.Length != b.Length - offset) return false;
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i + offset]) return false;
        return true;
    }

    static void StreamUploads(Sandbox sb, Client c)
    {
        var data = new byte[200003];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 131 + (i >> 8));
        var call = c.CreateCall("INTAKE");

        // Seekable: from the current position to the end, streamed with that length.
        var ms = new MemoryStream(data);
        ms.Position = 3;
        var before = sb.RequestCount("AddDocumentFromBytes");
        var id = c.AddDocumentFromStream(ms, "stream-seekable.pdf");
        Check(!string.IsNullOrEmpty(id) && ms.Position == data.Length, "AddDocumentFromStream (seekable) read to the end");
        Check(sb.RequestCount("AddDocumentFromBytes") == before + 1, "one AddDocumentFromBytes request");
        c.SetDocumentToUploadAction(call, "ext-seek", id);
        Check(Same(AttachmentBytes(c, call, "stream-seekable.pdf"), data, 3), "seekable stream: the bytes arrive identical");

        // Not seekable: copied to a temporary file by the library, then sent; options apply.
        var ns = new NonSeekable(data);
        ulong last = 0;
        var nid = c.AddDocumentFromStream(ns, "ignored.pdf", new UploadOptions { FileName = "stream-plain.pdf", ExternalId = "ext-ns", Progress = (done, total) => { last = done; return true; } });
        Check(!string.IsNullOrEmpty(nid) && ns.Reads > data.Length / 777 && last == (ulong)data.Length, "AddDocumentFromStream (not seekable), " + ns.Reads + " reads, progress to " + last);
        c.SetDocumentToUploadAction(call, "ext-ns", nid);
        Check(Same(AttachmentBytes(c, call, "stream-plain.pdf"), data, 0), "non-seekable stream: the bytes arrive identical");

        // The async twin.
        var first = new byte[1000];
        Array.Copy(data, first, first.Length);
        var aid = c.AddDocumentFromStreamAsync(new MemoryStream(first), "stream-async.pdf").GetAwaiter().GetResult();
        c.SetDocumentToUploadAction(call, "ext-async", aid);
        Check(Same(AttachmentBytes(c, call, "stream-async.pdf"), first, 0), "AddDocumentFromStreamAsync");

        // A stream that throws: that exception, with its own stack; the native call failed.
        var te = Throws<InvalidDataException>(() => c.AddDocumentFromStream(new ThrowingStream(data, 100000), "thrown.pdf"), "a seekable stream's exception propagates");
        Check(te != null && te.Message == "boom from the stream at 100000" && te.StackTrace.Contains("ThrowingStream"), "the stream's exception: message and stack (" + (te == null ? null : te.Message) + ")");
        Check(LastError.Code == Status.Io, "the native upload failed with IDILIGO_ERR_IO (" + LastError.Code + ")");
        var te2 = Throws<InvalidDataException>(() => c.AddDocumentFromStream(new NonSeekable(data, 5000), "thrown2.pdf"), "an exception while the library copies it");
        Check(te2 != null && te2.Message.StartsWith("boom from the stream at 5"), "the copy's exception: " + (te2 == null ? null : te2.Message));

        // Bad input: nothing read, nothing sent.
        var sent = sb.RequestCount("AddDocumentFromBytes") + sb.RequestCount("AddDocumentFromBytesEx");
        Throws<ArgumentNullException>(() => c.AddDocumentFromStream(null, "x.pdf"), "AddDocumentFromStream(null)");
        var capped = new MemoryStream(data);
        var ce = Throws<IdiligoArgumentException>(() => c.AddDocumentFromStream(capped, "big.pdf", new UploadOptions { MaxBytes = 100 }), "a stream over MaxBytes");
        Check(ce != null && ce.Message.Contains("more than the upload size cap of 100 bytes") && capped.Position == 0, "refused before reading: " + (ce == null ? null : ce.Message));
        var ee = Throws<IdiligoArgumentException>(() => c.AddDocumentFromStream(new MemoryStream(new byte[0]), "empty.pdf"), "an empty stream");
        Check(ee != null && ee.Message.Contains("empty"), "empty stream message");
        Throws<IdiligoArgumentException>(() => c.AddDocumentFromStream(new MemoryStream(data), null), "a null file name");
        Check(sb.RequestCount("AddDocumentFromBytes") + sb.RequestCount("AddDocumentFromBytesEx") == sent, "bad input sends nothing");
    }

    static int Main(string[] args)
    {
        string tmp = Path.Combine(Path.GetTempPath(), "idiligo-cs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tmp);
        var secrets = new List<string>();
        var messages = new StringBuilder();
        try
        {
            Check(Client.Version == "0.1.0", "version");
            ErrorTableMatchesHeader(args.Length > 0 ? args[0] : "include/idiligo.h");
            using (var sb = new Sandbox())
            {
                secrets.Add(sb.Password); secrets.Add(sb.Ticket); secrets.Add(sb.ApiKey);
                Client client;
                using (var o = sb.Options()) client = new Client(o);
                using (client)
                {
                    // Full flow.
                    var docUrl = sb.HostFile("offer.pdf", Encoding.UTF8.GetBytes("%PDF-1.4 offer"));
                    var m = client.StartMeeting("INTAKE", "jan@example.com", "Jan", "Jansen",
                        new[] { P("PolicyNumber", "P-1234"), P("Naam", "Zoë") },
                        new List<string[]> { new[] { docUrl, "offer.pdf", "crm-7" } }, "https://crm.example.com/done");
                    Check(!string.IsNullOrEmpty(m.CallId) && m.ContactId != null, "meeting ids");
                    Check(m.ParticipantUrl.Contains("/client?id="), "participant url");
                    Check(client.ParticipantUrl(m.PublicId) == m.ParticipantUrl, "ParticipantUrl");
                    var json = sb.Inspect(m.CallId);
                    Check(json.Contains("[\"Naam\",\"Zoë\"]"), "UTF-8 value round trip: " + json);
                    var list = client.GetAttachments(m.CallId);
                    Check(list.Count == 1 && list[0].Description == "offer.pdf" && list[0].Attach && list[0].Size == "14", "attachments");
                    sb.SimulateUpload(m.CallId, "passport.jpg", Encoding.UTF8.GetBytes("JPEG bytes"));
                    sb.SimulateSign(m.CallId, list[0].Id);
                    list = client.WaitForAttachments(m.CallId, 2, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
                    Check(list.Count == 2, "wait");
                    int calls = 0;
                    var path = Path.Combine(tmp, "offer.pdf");
                    Progress p = (done, total) => { calls++; return true; };
                    var n = client.DownloadToPath(list[0].Url, path, p);
                    Check(calls >= 2 && (ulong)new FileInfo(path).Length == n, "download with progress");
                    Check(File.ReadAllText(path).StartsWith("%PDF-1.4 offer"), "download content");
                    var saved = client.DownloadAll(m.CallId, Path.Combine(tmp, "all"));
                    Check(saved.Count == 2 && File.Exists(saved[0].SavedPath) && saved[1].SavedBytes > 0, "download all");

                    // Operations one by one.
                    var token = client.LoginPassword(sb.ApiKey, sb.Username, sb.Password);
                    Check(token.Length > 0, "Login");
                    Check(client.Impersonate(sb.ApiKey, sb.Username, sb.Ticket).Length > 0, "Impersonate");
                    client.Login();
                    var contact = client.CreateContact("piet@example.com");
                    var call = client.CreateCall("ONBOARDING");
                    client.SetContact(call, contact);
                    var pub = client.GetPublicCallId(call);
                    client.SetValues(pub, new[] { P("A", "1") });
                    var doc = client.AddDocumentFromUrl(docUrl, "terms.pdf", "ext-1");
                    client.SetDocumentToUploadAction(call, "ext-1", doc);
                    Check(client.GetAgentUrl(call).Contains("callId="), "GetAgentUrl");
                    OperationTable(client);
                    ReadingAMeetingBack(sb, client);
                    CallRecordMembers(sb, client);
                    StreamUploads(sb, client);

                    // Cancel from the progress delegate.
                    var big = Path.Combine(tmp, "cancel.pdf");
                    var ce = Throws<IdiligoCancelledException>(() => client.DownloadToPath(list[0].Url, big, (d, t) => false), "cancel");
                    Check(ce != null && ce.Code == Status.Cancelled && ce is OperationCanceledException && !File.Exists(big), "cancel leaves nothing");

                    // Service error.
                    var se = Throws<IdiligoServiceException>(() => client.GetPublicCallId("987654321"), "service error");
                    if (se != null)
                    {
                        messages.AppendLine(se.Message);
                        Check(se.Code == Status.Service && se.HttpStatus == 500 && se.ServiceMessage == "Unknown callId." && se.Operation == "GetPublicCallId"
                            && se.Detail != null && se.Detail.Contains("Unknown callId."), "service error fields");
                        Check(LastError.Code == Status.Service && LastError.Message == se.Message, "last-error mirror");
                    }
                    // Argument errors: null, empty, invalid enum.
                    var ae = Throws<IdiligoArgumentException>(() => client.CreateCall(null), "null argument");
                    Check(ae != null && ae.Message.Contains("script_code is NULL"), "null argument message");
                    Throws<ArgumentException>(() => client.CreateCall(""), "empty argument is an ArgumentException");
                    using (var o = new Options()) Throws<IdiligoArgumentException>(() => o.Binding(5), "invalid enum");
                    // start_meeting failure keeps the ids.
                    var me = Throws<IdiligoServiceException>(() => client.StartMeeting("INTAKE", "kim@example.com", null, null,
                        new[] { P("Html", "<b>x</b>") }), "start_meeting failure");
                    Check(me != null && me.MeetingStep == "SetValues" && me.Partial.CallId != null && me.Partial.PublicId != null && me.Partial.ContactAttached && !me.Partial.ValuesSet, "partial ids");
                    // HTTP error, and the error properties.
                    sb.InjectFault(1, "CreateCall", 1, 503);
                    Client quick;
                    using (var o = sb.Options().Retry(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1))) quick = new Client(o);
                    using (quick)
                    {
                        var he = Throws<WebException>(() => quick.CreateCall("INTAKE"), "http error is a WebException");
                        var hi = he as IIdiligoError;
                        Check(hi != null && hi.Code == Status.Http && hi.HttpStatus == 503 && hi.Retryable, "http error fields");
                        ErrorProperties(sb, quick, tmp, docUrl);
                    }
                }
                // Wrong credentials.
                using (var o = sb.Options().PasswordCredentials(sb.ApiKey, sb.Username, "WRONG-CANARY"))
                using (var bad = new Client(o))
                {
                    var au = Throws<IdiligoAuthException>(() => bad.CreateCall("INTAKE"), "wrong credentials");
                    if (au != null) { messages.AppendLine(au.Message); Check(au.Code == Status.Auth && au is AuthenticationException && !au.Message.Contains("WRONG-CANARY"), "auth error"); }
                }
                // Expired token without credentials.
                string tok;
                using (var o = sb.Options()) using (var c = new Client(o)) tok = c.LoginPassword(sb.ApiKey, sb.Username, sb.Password);
                using (var o = new Options().BaseUrl(sb.Url).Token(tok))
                using (var c = new Client(o))
                {
                    c.CreateCall("X");
                    sb.ExpireTokens();
                    var ex = Throws<IdiligoAuthException>(() => c.CreateCall("X"), "expired token");
                    Check(ex != null && ex.Code == Status.Auth, "expired token code");
                }
                // Shared client across threads.
                using (var o = sb.Options().RequestTimeout(TimeSpan.FromSeconds(10)))
                using (var shared = new Client(o))
                {
                    int ok = 0;
                    var threads = new List<Thread>();
                    for (int i = 0; i < 8; i++)
                    {
                        var t = new Thread(() =>
                        {
                            for (int k = 0; k < 5; k++)
                            {
                                try { shared.GetPublicCallId(shared.CreateCall("T")); Interlocked.Increment(ref ok); }
                                catch (Exception e) { Console.Error.WriteLine("thread: " + e.Message); }
                            }
                        });
                        threads.Add(t); t.Start();
                    }
                    foreach (var t in threads) t.Join();
                    Check(ok == 40, "threads");
                }
            }
            // Unreachable server.
            using (var o = new Options().BaseUrl("http://127.0.0.1:1").Retry(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1))
                .PasswordCredentials("k", "u", "p"))
            using (var c = new Client(o))
            {
                var ne = Throws<IdiligoConnectException>(() => c.CreateCall("X"), "unreachable");
                Check(ne != null && ne.Code == Status.Connect && ne.Retryable && ne.Status == WebExceptionStatus.ConnectFailure, "connect error fields");
            }
            foreach (var s in secrets) Check(!messages.ToString().Contains(s), "no secret in messages");
        }
        catch (Exception e)
        {
            fail++;
            Console.Error.WriteLine("FAIL: unexpected " + e.GetType().Name + ": " + e.Message + "\n" + e.StackTrace);
        }
        finally
        {
            try { Directory.Delete(tmp, true); } catch { }
        }
        Console.WriteLine(pass + " passed, " + fail + " failed");
        return fail == 0 && pass > 0 ? 0 : 1;
    }
}
