// A cross-process scenario through the .NET wrapper (ffi/dotnet/Idiligo.cs): the stand-alone
// sandbox (`idiligo sandbox`) runs as a separate process; the test reads its JSON line, builds
// a Client from it, and waits for the participant's upload (Client.WaitForAttachments) while a
// thread plays the participant through the sandbox's control API (HttpWebRequest against
// /_sandbox/ on the same port): an upload, then a signature. Then it downloads everything,
// checks the bytes, and reads the sandbox's record of the call. The sandbox is stopped by its
// process id. Then a download the sandbox stalls (a fault queued through the control API) is
// cancelled through a CancellationToken, with the cancel latency printed. Prints "N passed,
// M failed".
//
//   mono CrossProcessTest.exe PATH/TO/idiligo WORK_DIR
using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Idiligo;

static class CrossProcessTest
{
    static int pass, fail;

    static void Check(bool cond, string what)
    {
        if (cond) pass++;
        else { fail++; Console.Error.WriteLine("FAIL: " + what); }
    }

    static string Field(string json, string key)
    {
        var m = Regex.Match(json, "\"" + key + "\":(\"([^\"]*)\"|([0-9]+))");
        if (!m.Success) return null;
        return m.Groups[2].Success && m.Groups[2].Length > 0 ? m.Groups[2].Value : m.Groups[3].Value;
    }

    static string baseUrl;

    // One control API request; returns the status and the body.
    static int Control(string method, string path, byte[] body, out string answer)
    {
        var req = (HttpWebRequest)WebRequest.Create(baseUrl + path);
        req.Method = method;
        req.Proxy = null;
        req.Timeout = 10000;
        if (body != null)
        {
            req.ContentType = "application/octet-stream";
            req.ContentLength = body.Length;
            using (var s = req.GetRequestStream()) s.Write(body, 0, body.Length);
        }
        else if (method == "POST")
        {
            req.ContentLength = 0;
        }
        HttpWebResponse resp;
        try { resp = (HttpWebResponse)req.GetResponse(); }
        catch (WebException e) when (e.Response != null) { resp = (HttpWebResponse)e.Response; }
        using (resp)
        using (var r = new StreamReader(resp.GetResponseStream(), Encoding.UTF8))
        {
            answer = r.ReadToEnd();
            return (int)resp.StatusCode;
        }
    }

    static int Main(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: CrossProcessTest.exe PATH/TO/idiligo WORK_DIR"); return 2; }
        var psi = new ProcessStartInfo(args[0], "sandbox")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = false,
        };
        var sandbox = Process.Start(psi);
        try
        {
            string line = sandbox.StandardOutput.ReadLine() ?? "";
            baseUrl = Field(line, "url");
            string apikey = Field(line, "apikey"), user = Field(line, "username"), password = Field(line, "password");
            Check(baseUrl != null && baseUrl.StartsWith("http://127.0.0.1:"), "the JSON line: " + line);
            Check(Field(line, "pid") == sandbox.Id.ToString(), "the pid in the JSON line is the process's");
            string answer;
            Check(Control("GET", "/_sandbox/", null, out answer) == 200 && answer.Contains("/_sandbox/calls/{call}/upload"),
                "GET /_sandbox/: " + answer);

            using (var options = new Options().BaseUrl(baseUrl).PasswordCredentials(apikey, user, password))
            using (var client = new Client(options))
            {
                string call = client.CreateCall("INTAKE");
                byte[] scan = Encoding.ASCII.GetBytes("%PDF-1.4 the participant's scan");
                int uploadStatus = 0;
                string uploadAnswer = null;
                var participant = new Thread(() =>
                {
                    Thread.Sleep(700);
                    uploadStatus = Control("POST", "/_sandbox/calls/" + call + "/upload?filename=scan.pdf", scan, out uploadAnswer);
                });
                var started = DateTime.UtcNow;
                participant.Start();
                var list = client.WaitForAttachments(call, 1, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
                participant.Join();
                Check(uploadStatus == 200, "upload through the control API: " + uploadStatus + " " + uploadAnswer);
                Check((DateTime.UtcNow - started).TotalSeconds < 15, "the wait took too long");
                Check(list.Count == 1 && list[0].Description == "scan.pdf", "one uploaded attachment");
                string doc = Field(uploadAnswer ?? "", "document_id");
                Check(list.Count == 1 && list[0].Id == doc, "the id the control API answered");

                Check(Control("POST", "/_sandbox/calls/" + call + "/sign?document=" + doc, null, out answer) == 200, "sign: " + answer);
                var signed = client.WaitForAttachments(call, 1, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100),
                    items => { foreach (var a in items) if (a.SignStatus == 2) return true; return false; });
                Check(signed.Count == 1 && signed[0].SignStatus == 2, "signed");

                var saved = client.DownloadAll(call, Path.Combine(args[1], "dotnet-cross-process"));
                Check(saved.Count == 1, "one file saved");
                if (saved.Count == 1)
                {
                    string text = File.ReadAllText(saved[0].SavedPath);
                    Check(text.StartsWith("%PDF-1.4 the participant's scan") && text.Contains("signed by"), "downloaded: " + text);
                }

                Check(Control("GET", "/_sandbox/calls/" + call, null, out answer) == 200
                      && answer.Contains("\"filename\":\"scan.pdf\"") && answer.Contains("\"sign_status\":2"),
                      "the call's record: " + answer);
                // The stand-alone sandbox stalls the next download 5 s after its first bytes; a
                // cancelled CancellationToken ends the download in flight.
                Check(Control("POST", "/_sandbox/faults?kind=stall&operation=Download&ms=5000", null, out answer) == 200, "stall fault: " + answer);
                string stalledPath = Path.Combine(args[1], "dotnet-stalled.pdf");
                using (var cts = new CancellationTokenSource())
                using (var first = new ManualResetEventSlim(false))
                {
                    var clock = Stopwatch.StartNew();
                    var task = client.DownloadToPathAsync(signed[0].Url, stalledPath, (done, total) => { first.Set(); return true; }, 0, cts.Token);
                    Check(first.Wait(10000), "the stalled download started");
                    Thread.Sleep(200);
                    var cancelAt = clock.Elapsed;
                    cts.Cancel();
                    // GetResult, like await, rethrows the exception itself (Wait() would wrap a
                    // TaskCanceledException in an AggregateException).
                    try { task.GetAwaiter().GetResult(); Check(false, "the stalled download was cancelled"); }
                    catch (IdiligoCancelledException e) { Check(task.IsCanceled && e.CancellationToken == cts.Token, "cancelled: " + e.Message); }
                    var latency = clock.Elapsed - cancelAt;
                    Console.WriteLine(string.Format("cancel latency, stand-alone sandbox stall (5000 ms): {0:F1} ms", latency.TotalMilliseconds));
                    Check(latency < TimeSpan.FromSeconds(1), "cancelled within 1 s: " + latency.TotalMilliseconds + " ms");
                    Check(!File.Exists(stalledPath), "no file left by the cancelled download");
                }
                Check(Control("POST", "/_sandbox/faults?kind=explode", null, out answer) == 400 && answer.Contains("\"error\""),
                      "bad input: " + answer);
            }
            Check(!sandbox.HasExited, "the sandbox still serves");
        }
        catch (Exception e)
        {
            fail++;
            Console.Error.WriteLine("FAIL: " + e);
        }
        finally
        {
            if (!sandbox.HasExited) { sandbox.Kill(); sandbox.WaitForExit(10000); }
        }
        Console.WriteLine(pass + " passed, " + fail + " failed");
        return fail == 0 ? 0 : 1;
    }
}
