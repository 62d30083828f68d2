// Test of Idiligo.dll as a library (compiled against the built DLL, public API only) under
// Mono, against the embedded sandbox: the async methods and their CancellationToken (a
// cancelled token cancels the native call in flight: a stalled download, a delayed API call,
// a wait; the cancel latency is measured and printed), the cancel handle and client views,
// the IDisposable/SafeHandle lifecycle (idempotent Dispose, ObjectDisposedException after
// it), and the functions added to the wrapper for issue 11 (sandbox builder, downloads to
// memory and to a stream, the download report, logging, the WSDL check, tokens, safe file
// names, the new error properties), and the document functions (uploads, document status,
// StartMeeting from a MeetingRequest, the clean-up report). Prints "N passed, M failed".
//
//   mono LibraryTest.exe path/to/wsdl.http
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Idiligo;

static class LibraryTest
{
    static int pass, fail;
    static readonly List<string> figures = new List<string>();

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

    /// <summary>Awaits `task`, which must end Canceled by `token`; with `inFlight` (the native
    /// call had started) with an IdiligoCancelledException, else with any
    /// OperationCanceledException (a task the pool had not started yet). Returns the
    /// IdiligoCancelledException, if any.</summary>
    static async Task<IdiligoCancelledException> ExpectCancelled(Task task, CancellationToken token, string what, bool inFlight = true)
    {
        try
        {
            await task;
            Check(false, what + ": completed instead of being cancelled");
            return null;
        }
        catch (OperationCanceledException oce)
        {
            var e = oce as IdiligoCancelledException;
            Check(task.IsCanceled, what + ": the task ends Canceled (status " + task.Status + ")");
            Check(oce.CancellationToken == token, what + ": the exception carries the token");
            Check(!inFlight || e != null, what + ": an IdiligoCancelledException (is " + oce.GetType().Name + ")");
            Check(e == null || (e.Code == Status.Cancelled && e.Kind == "cancelled"), what + ": code and kind");
            return e;
        }
        catch (Exception e)
        {
            Check(false, what + ": wrong exception " + e.GetType().Name + ": " + e.Message);
            return null;
        }
    }

    static Client NewClient(Sandbox sb)
    {
        using (var o = sb.Options().Retry(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)))
            return new Client(o);
    }

    static async Task Async(Sandbox sb, Client c, string tmp)
    {
        c.Login();
        // Without a token, and with one that is never cancelled: ordinary results.
        var call = await c.CreateCallAsync("SCRIPT-1");
        Check(!string.IsNullOrEmpty(call), "CreateCallAsync returns the id");
        using (var cts = new CancellationTokenSource())
        {
            var pub = await c.GetPublicCallIdAsync(call, cts.Token);
            Check(!string.IsNullOrEmpty(pub), "GetPublicCallIdAsync with a live token");
            await c.SetValueAsync(pub, "k", "v", cts.Token);
            Check(await c.GetCallValueAsync(call, "k", cts.Token) == "v", "SetValueAsync then GetCallValueAsync");
            var m = await c.StartMeetingAsync("SCRIPT-2", "p@example.test", "Pat", "Doe",
                new[] { new KeyValuePair<string, string>("a", "1") }, null, null, cts.Token);
            Check(m != null && !string.IsNullOrEmpty(m.CallId) && m.Documents.Count == 0, "StartMeetingAsync");
            var xml = await c.CallAsync("GetServerId", new[] { new KeyValuePair<string, string>("publicId", pub) }, false, null, cts.Token);
            Check(xml != null && xml.Contains("<"), "CallAsync");
        }

        // A token cancelled before the call: nothing is sent.
        using (var cts = new CancellationTokenSource())
        {
            cts.Cancel();
            var before = sb.RequestCount("CreateCall");
            var t = c.CreateCallAsync("SCRIPT-X", cts.Token);
            Check(t.IsCanceled, "a cancelled token gives a Canceled task at once");
            try { await t; Check(false, "awaiting a pre-cancelled task throws"); }
            catch (OperationCanceledException e) { Check(e.CancellationToken == cts.Token, "pre-cancelled: OperationCanceledException with the token"); }
            Check(sb.RequestCount("CreateCall") == before, "pre-cancelled: no request sent");
        }

        // A download stalled by the sandbox (headers and part of the body, then a pause of 4 s):
        // cancelled in flight, measured from Cancel() to the task's end.
        var bytes = new byte[256 * 1024];
        new Random(7).NextBytes(bytes);
        var url = sb.HostFile("big.bin", bytes);
        var path = Path.Combine(tmp, "stalled.bin");
        sb.InjectFault(Fault.StallBody, "Files", 1, 4000);
        using (var cts = new CancellationTokenSource())
        using (var started = new ManualResetEventSlim(false))
        {
            var sw = Stopwatch.StartNew();
            var t = c.DownloadToPathAsync(url, path, (done, total) => { started.Set(); return true; }, 0, cts.Token);
            Check(started.Wait(TimeSpan.FromSeconds(10)), "the stalled download started");
            Thread.Sleep(200); // well inside the stall
            var cancelAt = sw.Elapsed;
            cts.Cancel();
            var e = await ExpectCancelled(t, cts.Token, "stalled download");
            var latency = sw.Elapsed - cancelAt;
            figures.Add(string.Format("cancel latency, stalled download (StallBody 4000 ms): {0:F1} ms", latency.TotalMilliseconds));
            Check(latency < TimeSpan.FromSeconds(1), "stalled download: cancelled within 1 s (" + latency.TotalMilliseconds + " ms)");
            Check(sw.Elapsed < TimeSpan.FromSeconds(3), "stalled download: did not wait for the stall to end");
            Check(e != null && e.Operation != null, "stalled download: the error names its operation (" + (e == null ? "" : e.Operation) + ")");
            Check(!File.Exists(path), "stalled download: no file left behind");
            Check(Directory.GetFiles(tmp).Length == 0, "stalled download: no temporary file left behind");
        }

        // An API call the sandbox delays by 4 s: cancelled once the request has arrived.
        using (var cts = new CancellationTokenSource())
        {
            var before = sb.RequestCount("CreateCall");
            sb.InjectFault(Fault.Delay, "CreateCall", 1, 4000);
            var sw = Stopwatch.StartNew();
            var t = c.CreateCallAsync("SCRIPT-D", cts.Token);
            while (sb.RequestCount("CreateCall") == before && sw.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(5);
            Thread.Sleep(100);
            var cancelAt = sw.Elapsed;
            cts.Cancel();
            var e = await ExpectCancelled(t, cts.Token, "delayed CreateCall");
            var latency = sw.Elapsed - cancelAt;
            figures.Add(string.Format("cancel latency, delayed CreateCall (Delay 4000 ms): {0:F1} ms", latency.TotalMilliseconds));
            Check(latency < TimeSpan.FromSeconds(1), "delayed call: cancelled within 1 s (" + latency.TotalMilliseconds + " ms)");
            Check(e != null && !e.NeverSent, "delayed call: NeverSent is false (the request had been sent)");
            Check(e != null && e.Operation == "CreateCall", "delayed call: operation CreateCall");
        }

        // A wait for attachments that never come: CancelAfter.
        using (var cts = new CancellationTokenSource())
        {
            var sw = Stopwatch.StartNew();
            var t = c.WaitForAttachmentsAsync(call, 3, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), null, cts.Token);
            cts.CancelAfter(300);
            await ExpectCancelled(t, cts.Token, "wait");
            var latency = sw.Elapsed - TimeSpan.FromMilliseconds(300);
            figures.Add(string.Format("cancel latency, WaitForAttachments (CancelAfter 300 ms): {0:F1} ms after the 300 ms", latency.TotalMilliseconds));
            Check(sw.Elapsed < TimeSpan.FromSeconds(2), "wait: ended soon after CancelAfter(300) (" + sw.Elapsed.TotalMilliseconds + " ms)");
        }

        // Only the cancelled token's calls end: 8 calls delayed by the sandbox's latency, every
        // other one cancelled.
        sb.SetLatency(TimeSpan.FromMilliseconds(600));
        var tokens = new List<CancellationTokenSource>();
        var tasks = new List<Task<string>>();
        for (int k = 0; k < 8; k++)
        {
            var cts = new CancellationTokenSource();
            tokens.Add(cts);
            tasks.Add(c.CreateCallAsync("SCRIPT-P" + k, cts.Token));
        }
        Thread.Sleep(200);
        for (int k = 0; k < 8; k += 2) tokens[k].Cancel();
        for (int k = 0; k < 8; k++)
        {
            if (k % 2 == 0) await ExpectCancelled(tasks[k], tokens[k].Token, "parallel call " + k, false);
            else
            {
                var id = await tasks[k];
                Check(!string.IsNullOrEmpty(id), "parallel call " + k + " (not cancelled) completes");
            }
        }
        foreach (var cts in tokens) cts.Dispose();
        sb.SetLatency(TimeSpan.Zero);
        // The client itself is not affected by the cancelled views.
        Check(!string.IsNullOrEmpty(c.CreateCall("SCRIPT-AFTER")), "the client works after cancelled calls");

        // A progress delegate that returns false still cancels (not the token): the task
        // faults with IdiligoCancelledException, not Canceled.
        using (var cts = new CancellationTokenSource())
        {
            var t = c.DownloadToBytesAsync(url, (d, n) => false, 0, cts.Token);
            try { await t; Check(false, "progress false: cancelled"); }
            catch (IdiligoCancelledException e) { Check(t.IsFaulted && e.CancellationToken != cts.Token, "progress false: a faulted task, not the token's cancel"); }
        }
        // RunAsync: several calls under one token.
        using (var cts = new CancellationTokenSource())
        {
            var n = await c.RunAsync(v => { var id = v.CreateCall("SCRIPT-R"); v.SetComment(id, "x"); return v.GetCall(id).Comment; }, cts.Token);
            Check(n == "x", "RunAsync runs several calls through one view");
        }
    }

    static void CancelHandle(Sandbox sb, Client c)
    {
        using (var k = new Cancel())
        {
            Check(!k.IsTriggered, "a new Cancel is not triggered");
            using (var view = c.WithCancel(k))
            {
                Check(!string.IsNullOrEmpty(view.CreateCall("SCRIPT-V")), "a view works until triggered");
                k.Trigger();
                k.Trigger(); // idempotent
                Check(k.IsTriggered, "IsTriggered");
                var before = sb.RequestCount("CreateCall");
                var e = Throws<IdiligoCancelledException>(() => view.CreateCall("SCRIPT-V2"), "a triggered view cancels");
                Check(e != null && e.NeverSent, "cancelled before sending: NeverSent");
                Check(sb.RequestCount("CreateCall") == before, "cancelled before sending: nothing sent");
                Check(!string.IsNullOrEmpty(c.CreateCall("SCRIPT-V3")), "the client is not affected");
            }
        }
        Throws<ArgumentNullException>(() => c.WithCancel(null), "WithCancel(null)");
    }

    static void Lifecycle(Sandbox sb)
    {
        Check(typeof(Client).Assembly.GetName().Version.ToString(3) == Client.Version,
            "Idiligo.dll's version " + typeof(Client).Assembly.GetName().Version + " is the native library's " + Client.Version);
        var c = NewClient(sb);
        var k = new Cancel();
        var view = c.WithCancel(k);
        c.Dispose();
        c.Dispose(); // idempotent
        k.Dispose();
        k.Dispose();
        Check(!string.IsNullOrEmpty(view.CreateCall("SCRIPT-L")), "a view outlives its client and its cancel handle");
        view.Dispose();
        Throws<ObjectDisposedException>(() => c.CreateCall("X"), "a call after Dispose");
        Throws<ObjectDisposedException>(() => c.CreateCallAsync("X"), "an async call after Dispose throws at once");
        Throws<ObjectDisposedException>(() => view.GetAttachments("1"), "a view after Dispose");
        Throws<ObjectDisposedException>(() => k.Trigger(), "Trigger after Dispose");
        var o = sb.Options();
        o.Dispose();
        o.Dispose();
        Throws<ObjectDisposedException>(() => new Client(o).Dispose(), "a client from disposed options");
        using (var d = new Client(null))
            Check(d.Endpoint.StartsWith("https://") && d.Endpoint.EndsWith(".asmx"), "Client(null): the defaults (" + d.Endpoint + ")");
        var b = new SandboxBuilder();
        using (var s1 = b.Start())
        using (var s2 = b.Start())
            Check(s1.Url != s2.Url, "a builder starts several sandboxes");
        b.Dispose();
        b.Dispose();
        Throws<ObjectDisposedException>(() => b.Start(), "Start after Dispose");
        var s = new Sandbox();
        s.Dispose();
        s.Dispose();
        Throws<ObjectDisposedException>(() => { var u = s.Url; }, "Sandbox.Url after Dispose");
        // A client pointed at a stopped sandbox: a connect error, which never left.
        Throws<ArgumentNullException>(() => c.RunAsync<int>(null), "RunAsync(null)");
    }

    static void NewFunctions(Sandbox sb, Client c, string tmp, string wsdlHttp)
    {
        // The sandbox builder.
        using (var b = new SandboxBuilder().Credentials("fake-key-b", "agent-b@example.test", "fake-pass-b", "fake-ticket-b")
            .TokenLifetime(TimeSpan.FromHours(1)).CustomErrors(false).ConversionTime(TimeSpan.Zero).ConversionFailureMarker("FAILME")
            .MaxDocumentBytes(1 << 20).MaxRequestBytes(64 * 1024).RequestValidation(true).RequireContactNames(false).ControlApi(true))
        {
            Throws<IdiligoArgumentException>(() => b.Credentials("", "u", "p", "t"), "builder: empty credential");
            Throws<IdiligoArgumentException>(() => b.TokenLifetime(TimeSpan.Zero), "builder: zero token lifetime");
            using (var s = b.Start())
            {
                Check(s.ApiKey == "fake-key-b" && s.Username == "agent-b@example.test" && s.Ticket == "fake-ticket-b", "builder: credentials");
                using (var bc = NewClient(s))
                {
                    bc.Login();
                    Check(!string.IsNullOrEmpty(bc.CreateContact("x@example.test")), "builder: RequireContactNames(false) takes the short form");
                    var id = bc.CreateCall("S");
                    var pub = bc.GetPublicCallId(id);
                    var big = new string('x', 100 * 1024);
                    var e = Throws<IdiligoServiceException>(() => bc.SetValue(pub, "big", big), "builder: MaxRequestBytes");
                    Check(e != null && e.ServiceMessage != null && e.ServiceMessage.Contains("Maximum request length"), "builder: the service's message (" + (e == null ? "" : e.ServiceMessage) + ")");
                }
                var req = (HttpWebRequest)WebRequest.Create(s.Url + "/_sandbox/");
                req.Proxy = null;
                using (var resp = (HttpWebResponse)req.GetResponse())
                    Check(resp.StatusCode == HttpStatusCode.OK, "builder: the control API is served");
            }
        }

        // Tokens and the endpoint.
        Check(c.Endpoint.StartsWith(sb.Url), "Endpoint (" + c.Endpoint + ")");
        var token = c.SessionToken();
        Check(!string.IsNullOrEmpty(token), "SessionToken");
        using (var o = new Options().BaseUrl(sb.Url).Retry(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)))
        using (var t = new Client(o))
        {
            Throws<IdiligoArgumentException>(() => t.SetToken(null), "SetToken(null)");
            t.SetToken(token);
            Check(!string.IsNullOrEmpty(t.CreateCall("S")), "SetToken: a client without credentials works with the token");
        }

        // Downloads to memory and to a stream, the size, the report.
        var bytes = Encoding.UTF8.GetBytes("%PDF-1.4 a document\n");
        var url = sb.HostFile("doc.pdf", bytes);
        Check(c.DownloadToBytes(url).SequenceEqual(bytes), "DownloadToBytes");
        Throws<IdiligoTooLargeException>(() => c.DownloadToBytes(url, null, 4), "DownloadToBytes over maxBytes");
        using (var ms = new MemoryStream())
        {
            Check(c.DownloadToStream(url, ms) == (ulong)bytes.Length && ms.ToArray().SequenceEqual(bytes), "DownloadToStream");
        }
        Throws<NotSupportedException>(() => c.DownloadToStream(url, new MemoryStream(new byte[64], false)), "a stream's exception propagates as itself");
        Throws<ArgumentNullException>(() => c.DownloadToStream(url, null), "DownloadToStream(null)");
        var m = c.StartMeeting("SCRIPT-DOC", "p@example.test", "Pat", "Doe", null,
            new List<string[]> { new[] { url, "contract.pdf", "ext-1" } });
        Check(m.Documents.Count == 1 && m.Documents[0].Key == "ext-1" && !string.IsNullOrEmpty(m.Documents[0].Value), "Meeting.Documents");
        sb.SimulateUpload(m.CallId, "signed scan.pdf", bytes);
        var atts = c.GetAttachments(m.CallId);
        Check(atts.Count >= 1 && atts.All(a => a.SizeBytes.HasValue), "Attachment.SizeBytes");
        var dir = Path.Combine(tmp, "report");
        var r = c.DownloadAllReport(m.CallId, dir, true, true);
        Check(r.Complete && r.Entries.Count == atts.Count && r.Entries.Any(x => x.Outcome == "saved") && r.ManifestError == null, "DownloadAllReport: saved");
        Check(r.Entries.Where(x => x.Outcome == "saved").All(x => File.Exists(x.Attachment.SavedPath)), "DownloadAllReport: the files");
        var again = c.DownloadAllReport(m.CallId, dir, true, true);
        Check(again.Complete && again.Entries.Where(x => x.Attachment.Url != null).All(x => x.Outcome == "already_present"), "DownloadAllReport: resume");
        sb.InjectFault(Fault.HttpStatus, "Download", 1, 500);
        sb.InjectFault(Fault.HttpStatus, "Files", 1, 500);
        var failed = c.DownloadAllReport(m.CallId, Path.Combine(tmp, "report2"), true, false);
        Check(!failed.Complete && failed.Entries.Any(x => x.Outcome == "failed" && x.Error is IIdiligoError), "DownloadAllReport: a failed entry carries its error");
        sb.ClearFaults();

        // File names, values, the table.
        Check(Client.SafeFileName("../../etc/report.pdf", "7") == "report.pdf", "SafeFileName strips the path");
        Check(Client.SafeFileName(null, "7") == "attachment-7", "SafeFileName without a description");
        Check(Client.SafeFileName("CON", "1") != "CON", "SafeFileName avoids device names");
        Check(c.GetCallValue(m.CallId, "missing") == null, "GetCallValue of a missing name");
        Check(Operations.Find("GetCallValues") != null && Operations.Find("GetCallValues").Name == "GetCallValues", "Operations.Find");
        Check(Operations.Find("NoSuchOperation") == null && Operations.Find(null) == null, "Operations.Find of unknown names");

        // Options added for issue 11 (validated by the library).
        using (var o = new Options().AllowInsecureHttp(false).UseSystemRoots(false).DownloadTimeout(TimeSpan.FromSeconds(30))
            .MaxResponseBytes(1 << 20).MaxDownloadBytes(1 << 20).MaxIdleConnections(2).MaxRetryAfter(TimeSpan.FromSeconds(5)))
        using (var d = new Client(o)) Check(d.Endpoint != null, "the new options");
        Throws<ArgumentOutOfRangeException>(() => new Options().MaxIdleConnections(-1), "MaxIdleConnections(-1)");
        using (var o = new Options().MaxResponseBytes(0))
            Throws<IdiligoArgumentException>(() => new Client(o), "MaxResponseBytes(0) is rejected by the client");

        // Error properties: HttpUrl, RetryAfter, NeverSent.
        sb.InjectFault(Fault.HttpStatus, "CreateCall", 1, 502);
        var he = Throws<IdiligoHttpException>(() => c.CreateCall("S"), "an HTTP 502");
        Check(he != null && he.HttpStatus == 502 && he.HttpUrl != null && he.HttpUrl.StartsWith(sb.Url) && he.HttpUrl.Contains("CreateCall") && !he.HttpUrl.Contains("?"),
            "HttpUrl (" + (he == null ? "" : he.HttpUrl) + ")");
        Check(he != null && he.RetryAfter == null && !he.NeverSent, "RetryAfter null without the header; NeverSent false once sent");
        using (var o = new Options().BaseUrl("http://127.0.0.1:1").PasswordCredentials("k", "u", "p").Retry(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)))
        using (var d = new Client(o))
        {
            var ce = Throws<IdiligoConnectException>(() => d.CreateCall("S"), "connect refused");
            Check(ce != null && ce.NeverSent && ce.HttpUrl == null, "a connect error never left");
        }

        // The WSDL check.
        var http = File.ReadAllText(wsdlHttp);
        var body = http.Substring(http.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4);
        var rep = Wsdl.Compare(body);
        Check(rep.ServiceOperations > 0 && rep.TableOperations > 0, "Wsdl.Compare counts (" + rep.ServiceOperations + " service, " + rep.TableOperations + " table)");
        Check(rep.Matches == rep.Differences.All(x => !x.IsMismatch), "Matches agrees with the differences");
        Check(rep.Differences.All(x => x.KindName != null && x.Message != null), "every difference has a kind name and a message");
        Throws<IdiligoParseException>(() => Wsdl.Compare("not xml"), "Wsdl.Compare of non-XML");
        // The sandbox serves no WSDL (404); a scripted answer serves the fixture's.
        var nf = Throws<IdiligoHttpException>(() => c.CheckService(), "CheckService without a WSDL");
        Check(nf != null && nf.HttpStatus == 404 && nf.Operation == "WSDL", "CheckService fetched ?WSDL (" + (nf == null ? "" : nf.Message) + ")");
        sb.InjectResponse(null, 1, 200, "text/xml; charset=utf-8", body);
        var live = c.CheckService();
        Check(live.ServiceOperations == rep.ServiceOperations && live.Differences.Count == rep.Differences.Count && live.Matches == rep.Matches,
            "CheckService of the served WSDL = Wsdl.Compare of the same text");
        sb.InjectResponse(null, 1, 200, "text/xml; charset=utf-8", body);
        Check(c.FetchWsdl() == body, "FetchWsdl returns the served text");
        Console.WriteLine("WSDL fixture: " + rep.ServiceOperations + " service operations, " + rep.TableOperations + " table operations, "
            + rep.Differences.Count + " differences, matches " + rep.Matches);
    }

    // The document functions (uploads, document operations, meeting document sources, the
    // clean-up report).
    static async Task Documents(Client c, string tmp)
    {
        var bytes = Encoding.UTF8.GetBytes("%PDF-1.4 uploaded by the application\n");
        using (var b = new SandboxBuilder().ConversionTime(TimeSpan.FromMilliseconds(1500)).ConversionFailureMarker("FAILME"))
        using (var sb = b.Start())
        using (var d = NewClient(sb))
        {
            // Uploads and the document operations.
            long calls = 0;
            var id = d.AddDocumentFromBytes("a.pdf", bytes, new UploadOptions { ExternalId = "ext-a", Progress = (done, total) => { calls++; return true; } });
            Check(!string.IsNullOrEmpty(id) && calls > 0, "AddDocumentFromBytes with progress (" + calls + " calls)");
            var st = d.GetDocumentStatus(id);
            Check(st.Status == DocumentStatus.Busy && st.Text == "BUSY", "GetDocumentStatus while converting (" + st.Text + ")");
            var pr = d.GetDocumentProgress(id);
            Check(pr.Status == DocumentStatus.Busy && pr.Percentage >= 0 && pr.Percentage < 100, "GetDocumentProgress (" + pr.Percentage + " %)");
            d.WaitForDocument(id, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
            Check(d.GetDocumentStatus(id).Status == DocumentStatus.Ready, "WaitForDocument: READY");
            var ready = d.GetDocumentProgress(id);
            Check(ready.Status == DocumentStatus.Ready && ready.Text == "READY" && ready.Percentage == 100, "GetDocumentProgress when READY (" + ready.Percentage + " %)");
            var call = d.CreateCall("SCRIPT-DOCS");
            Check(d.AddDocumentToCall(call, id) == id, "AddDocumentToCall answers the document id");
            Check(d.DeleteDocument(id) && !d.DeleteDocument(id), "DeleteDocument: true, then false");
            Check(d.GetDocumentStatus(id).Status == DocumentStatus.NotFound, "a deleted document is NOT FOUND");
            var bad = d.AddDocumentFromBytes("FAILME.pdf", bytes);
            var fe = Throws<IdiligoServiceException>(() => d.WaitForDocument(bad, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)), "WaitForDocument of a failed conversion");
            Check(fe != null, "a failed conversion is a service error");

            var file = Path.Combine(tmp, "from-file.pdf");
            File.WriteAllBytes(file, bytes);
            Check(!string.IsNullOrEmpty(d.AddDocumentFromFile(file, new UploadOptions { FileName = "renamed.pdf", Private = true, Temporary = true })), "AddDocumentFromFile");
            Throws<IdiligoIOException>(() => d.AddDocumentFromFile(Path.Combine(tmp, "missing.pdf")), "AddDocumentFromFile of a missing file");
            Throws<IdiligoArgumentException>(() => d.AddDocumentFromBytes("big.pdf", bytes, new UploadOptions { MaxBytes = 4 }), "an upload over MaxBytes");
            Throws<ArgumentNullException>(() => d.AddDocumentFromBytes("x.pdf", null), "AddDocumentFromBytes(null)");
            Throws<IdiligoCancelledException>(() => d.AddDocumentFromBytes("c.pdf", bytes, new UploadOptions { Progress = (x, y) => false }), "an upload its progress cancels");
            Throws<InvalidTimeZoneException>(() => d.AddDocumentFromBytes("t.pdf", bytes, new UploadOptions { Progress = (x, y) => { throw new InvalidTimeZoneException("from the delegate"); } }),
                "an exception of the upload's progress propagates as itself");

            // SetCallValues: SOAP only.
            Throws<IdiligoArgumentException>(() => d.SetCallValues(call, new[] { new KeyValuePair<string, string>("n", "v") }), "SetCallValues over POST is refused");
            using (var o = sb.Options().Binding(2))
            using (var soap = new Client(o))
                Check(soap.SetCallValues(call, new[] { new KeyValuePair<string, string>("n", "<b>v</b>") }) && soap.GetCallValue(call, "n") == "<b>v</b>",
                    "SetCallValues over SOAP stores markup as given");

            // A wait cancelled by its token.
            var slow = d.AddDocumentFromBytes("slow.pdf", bytes);
            using (var cts = new CancellationTokenSource())
            {
                var clock = Stopwatch.StartNew();
                var t = d.WaitForDocumentAsync(slow, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(400), cts.Token);
                cts.CancelAfter(100);
                await ExpectCancelled(t, cts.Token, "WaitForDocumentAsync");
                figures.Add(string.Format("cancel latency, WaitForDocument (CancelAfter 100 ms): {0:F1} ms after the 100 ms", (clock.Elapsed - TimeSpan.FromMilliseconds(100)).TotalMilliseconds));
                Check(clock.Elapsed < TimeSpan.FromSeconds(1), "WaitForDocumentAsync ended soon after the cancel");
            }

            // StartMeeting from a request: documents from a URL, bytes and a file, waiting for
            // their conversion.
            var url = sb.HostFile("offer.pdf", bytes);
            var req = new MeetingRequest("SCRIPT-REQ") { Email = "p@example.test", FirstName = "Pat", LastName = "Doe", WaitForDocuments = TimeSpan.FromSeconds(20) }
                .AddDocumentFromUrl(url, "offer.pdf", "e-url").AddDocumentFromBytes("bytes.pdf", bytes, "e-bytes").AddDocumentFromFile(file, null, "e-file");
            req.Values.Add(new KeyValuePair<string, string>("k", "v"));
            var m = await d.StartMeetingAsync(req);
            Check(m.Documents.Count == 3 && m.Documents[1].Key == "e-bytes" && m.Documents[2].Key == "e-file", "StartMeeting(MeetingRequest): three documents");
            foreach (var doc in m.Documents) Check(d.GetDocumentStatus(doc.Value).Status == DocumentStatus.Ready, "converted before StartMeeting returned: " + doc.Key);

            // A failed start with a clean-up: the document stored before the failure is deleted,
            // the call ended, the contact kept (the service cannot delete one).
            var failing = new MeetingRequest("SCRIPT-FAIL") { Email = "q@example.test", FirstName = "Q", LastName = "R", CleanupOnFailure = true }
                .AddDocumentFromBytes("first.pdf", bytes, "e1").AddDocumentFromUrl(sb.Url + "/no-such-file.pdf", "second.pdf", "e2");
            var se = Throws<Exception>(() => d.StartMeeting(failing), "a start that fails at the second document");
            var info = se as IIdiligoError;
            Check(info != null && info.MeetingStep == "AddDocumentFromUrl" && info.DocumentIndex == 1, "the failed step (" + (info == null ? "" : info.MeetingStep) + ")");
            Check(info != null && info.Cleanup != null && info.Cleanup.DeletedDocumentIds.Count == 1 && info.Cleanup.EndedCallId == info.Partial.CallId,
                "the clean-up deleted the stored document and ended the call");
            Check(info != null && info.Cleanup != null && info.Cleanup.Kept.Any(k => k.Kind == CreatedKind.Contact && k.Id == info.Partial.ContactId && !string.IsNullOrEmpty(k.Reason)),
                "the clean-up kept the contact, saying why");
            Throws<ArgumentNullException>(() => d.StartMeeting((MeetingRequest)null), "StartMeeting(null)");
        }
    }

    static void Logging(Sandbox sb, Client c)
    {
        var records = new List<string>();
        Log.SetHandler((level, target, message) => { lock (records) records.Add(level + " " + target + " " + message); }, LogLevel.Debug);
        c.CreateCall("SCRIPT-LOG");
        Log.SetHandler((level, target, message) => { throw new InvalidOperationException("a handler that throws"); }, LogLevel.Debug);
        c.CreateCall("SCRIPT-LOG2"); // the handler's exception is dropped, not unwound into native code
        Log.SetHandler(null);
        int n;
        lock (records) n = records.Count;
        c.CreateCall("SCRIPT-LOG3");
        lock (records)
        {
            Check(n > 0 && records.All(r => r.Contains("idiligo")), "log records arrive, from idiligo targets (" + n + ")");
            Check(records.Count == n, "none after SetHandler(null)");
            Check(records.All(r => !r.Contains(sb.Password) && !r.Contains(sb.ApiKey)), "no secret in log records");
        }
        Throws<IdiligoArgumentException>(() => Log.SetHandler((a, b, d) => { }, (LogLevel)42), "an invalid level");
        Log.SetHandler(null);
    }

    static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: LibraryTest.exe path/to/wsdl.http");
            return 2;
        }
        var tmp = Path.Combine(Path.GetTempPath(), "idiligo-dotnet-lib-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var sb = new Sandbox())
            using (var c = NewClient(sb))
            {
                var dl = Path.Combine(tmp, "dl");
                Directory.CreateDirectory(dl);
                Async(sb, c, dl).GetAwaiter().GetResult();
                CancelHandle(sb, c);
                Lifecycle(sb);
                NewFunctions(sb, c, tmp, args[0]);
                Documents(c, tmp).GetAwaiter().GetResult();
                Logging(sb, c);
            }
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
        foreach (var f in figures) Console.WriteLine(f);
        Console.WriteLine(pass + " passed, " + fail + " failed");
        return fail == 0 && pass > 0 ? 0 : 1;
    }
}
