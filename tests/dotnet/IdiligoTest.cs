// Test of the .NET wrapper against the embedded sandbox: the meeting flow, downloads with
// progress and cancel, and the error paths mapped to exceptions. Prints "N passed, M failed".
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
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

    static T Throws<T>(Action a, string what) where T : IdiligoException
    {
        try { a(); }
        catch (T e) { pass++; return e; }
        catch (Exception e) { fail++; Console.Error.WriteLine("FAIL: " + what + ": wrong exception " + e.GetType().Name + ": " + e.Message); return null; }
        fail++;
        Console.Error.WriteLine("FAIL: " + what + ": no exception");
        return null;
    }

    static int Main()
    {
        string tmp = Path.Combine(Path.GetTempPath(), "idiligo-cs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tmp);
        var secrets = new List<string>();
        var messages = new StringBuilder();
        try
        {
            Check(Client.Version == "0.1.0", "version");
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
                        new[] { new KeyValuePair<string, string>("PolicyNumber", "P-1234"), new KeyValuePair<string, string>("Naam", "Zoë") },
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
                    client.SetValues(pub, new[] { new KeyValuePair<string, string>("A", "1") });
                    var doc = client.AddDocumentFromUrl(docUrl, "terms.pdf", "ext-1");
                    client.SetDocumentToUploadAction(call, "ext-1", doc);
                    Check(client.GetAgentUrl(call).Contains("callId="), "GetAgentUrl");

                    // Cancel from the progress delegate, and a delegate that throws.
                    var big = Path.Combine(tmp, "cancel.pdf");
                    var ce = Throws<IdiligoCancelledException>(() => client.DownloadToPath(list[0].Url, big, (d, t) => false), "cancel");
                    Check(ce != null && ce.Code == Status.Cancelled && !File.Exists(big), "cancel leaves nothing");
                    Throws<IdiligoCancelledException>(() => client.DownloadToPath(list[0].Url, big, (d, t) => { throw new InvalidOperationException("boom"); }), "throwing delegate cancels");
                    var tl = Throws<IdiligoException>(() => client.DownloadToPath(list[0].Url, big, null, 4), "too large");
                    Check(tl != null && tl.Code == Status.TooLarge && tl.Kind == "too_large", "too large code");

                    // Service error.
                    var se = Throws<IdiligoServiceException>(() => client.GetPublicCallId("987654321"), "service error");
                    if (se != null)
                    {
                        messages.AppendLine(se.Message);
                        Check(se.Code == Status.Service && se.HttpStatus == 500 && se.ServiceMessage == "Unknown callId." && se.Operation == "GetPublicCallId", "service error fields");
                        Check(LastError.Code == Status.Service && LastError.Message == se.Message, "last-error mirror");
                    }
                    // Argument errors: null, empty, invalid enum.
                    var ae = Throws<IdiligoArgumentException>(() => client.CreateCall(null), "null argument");
                    Check(ae != null && ae.Message.Contains("script_code is NULL"), "null argument message");
                    Throws<IdiligoArgumentException>(() => client.CreateCall(""), "empty argument");
                    using (var o = new Options()) Throws<IdiligoArgumentException>(() => o.Binding(5), "invalid enum");
                    // start_meeting failure keeps the ids.
                    var me = Throws<IdiligoServiceException>(() => client.StartMeeting("INTAKE", "kim@example.com", null, null,
                        new[] { new KeyValuePair<string, string>("Html", "<b>x</b>") }), "start_meeting failure");
                    Check(me != null && me.MeetingStep == "SetValues" && me.PartialCallId != null && me.PartialPublicId != null, "partial ids");
                    // HTTP error.
                    sb.InjectFault(1, "CreateCall", 1, 503);
                    Client quick;
                    using (var o = sb.Options().Retry(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1))) quick = new Client(o);
                    using (quick)
                    {
                        var he = Throws<IdiligoException>(() => quick.CreateCall("INTAKE"), "http error");
                        Check(he != null && he.Code == Status.Http && he.HttpStatus == 503 && he.Retryable, "http error fields");
                    }
                }
                // Wrong credentials.
                using (var o = sb.Options().PasswordCredentials(sb.ApiKey, sb.Username, "WRONG-CANARY"))
                using (var bad = new Client(o))
                {
                    var au = Throws<IdiligoServiceException>(() => bad.CreateCall("INTAKE"), "wrong credentials");
                    if (au != null) { messages.AppendLine(au.Message); Check(au.Code == Status.Auth && !au.Message.Contains("WRONG-CANARY"), "auth error"); }
                }
                // Expired token without credentials.
                string tok;
                using (var o = sb.Options()) using (var c = new Client(o)) tok = c.LoginPassword(sb.ApiKey, sb.Username, sb.Password);
                using (var o = new Options().BaseUrl(sb.Url).Token(tok))
                using (var c = new Client(o))
                {
                    c.CreateCall("X");
                    sb.ExpireTokens();
                    var ex = Throws<IdiligoServiceException>(() => c.CreateCall("X"), "expired token");
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
                                catch (IdiligoException e) { Console.Error.WriteLine("thread: " + e.Message); }
                            }
                        });
                        threads.Add(t); t.Start();
                    }
                    foreach (var t in threads) t.Join();
                    Check(ok == 40, "threads");
                }
            }
            // Unreachable server and timeout.
            using (var o = new Options().BaseUrl("http://127.0.0.1:1").Retry(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1))
                .PasswordCredentials("k", "u", "p"))
            using (var c = new Client(o))
            {
                var ne = Throws<IdiligoNetworkException>(() => c.CreateCall("X"), "unreachable");
                Check(ne != null && ne.Code == Status.Connect && ne.Retryable, "connect error fields");
            }
            using (var sb2 = new Sandbox())
            using (var o = sb2.Options().RequestTimeout(TimeSpan.FromMilliseconds(300)).Retry(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)))
            using (var c = new Client(o))
            {
                c.Login();
                sb2.InjectFault(0, "CreateCall", 1, 1500);
                var te = Throws<IdiligoNetworkException>(() => c.CreateCall("X"), "timeout");
                Check(te != null && te.Code == Status.Timeout, "timeout code");
            }
            foreach (var s in secrets) Check(!messages.ToString().Contains(s), "no secret in messages");
        }
        catch (Exception e)
        {
            fail++;
            Console.Error.WriteLine("FAIL: unexpected " + e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            try { Directory.Delete(tmp, true); } catch { }
        }
        Console.WriteLine(pass + " passed, " + fail + " failed");
        return fail == 0 && pass > 0 ? 0 : 1;
    }
}
