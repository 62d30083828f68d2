// Program.cs: a meeting from start to downloaded documents, with the async API.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Idiligo;

static class Program
{
    static async Task<int> Run()
    {
        using (var sandbox = new Sandbox()) // the embedded emulator of the service, on 127.0.0.1
        using (var options = sandbox.Options()) // real service: new Options().PasswordCredentials(key, user, pw)
        using (var client = new Client(options))
        using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            try
            {
                var doc = sandbox.HostFile("offer.pdf", Encoding.UTF8.GetBytes("%PDF-1.4 offer"));
                var meeting = await client.StartMeetingAsync("INTAKE", "jan@example.com", "Jan", "Jansen",
                    new[] { new KeyValuePair<string, string>("PolicyNumber", "P-1234") },
                    new List<string[]> { new[] { doc, "offer.pdf", "crm-7" } }, null, cts.Token);
                Console.WriteLine("agent:       " + meeting.AgentUrl);
                Console.WriteLine("participant: " + meeting.ParticipantUrl);

                // The participant uploads a document; wait for it, then fetch everything.
                sandbox.SimulateUpload(meeting.CallId, "passport.jpg", Encoding.UTF8.GetBytes("JPEG"));
                await client.WaitForAttachmentsAsync(meeting.CallId, 2, TimeSpan.FromSeconds(30),
                    TimeSpan.FromMilliseconds(200), null, cts.Token);
                var results = await client.MeetingResultsAsync(meeting.CallId, cts.Token);
                Console.WriteLine("PolicyNumber = " + results.Value("PolicyNumber"));
                foreach (var a in await client.DownloadAllAsync(meeting.CallId, "idiligo-downloads", null, cts.Token))
                    Console.WriteLine("saved " + a.SavedPath + " (" + a.SavedBytes + " bytes)");

                // A user pressing "stop": cancelling the token cancels the call in flight.
                sandbox.InjectFault(Fault.StallBody, "Files", 1, 5000); // the next download stalls 5 s
                using (var stop = new CancellationTokenSource())
                {
                    var download = client.DownloadToBytesAsync(doc, null, 0, stop.Token);
                    stop.CancelAfter(200);
                    var clock = Stopwatch.StartNew();
                    try { await download; }
                    catch (OperationCanceledException) { Console.WriteLine("cancelled after " + clock.ElapsedMilliseconds + " ms"); }
                }
                return 0;
            }
            catch (Exception e) when (e is IIdiligoError)
            {
                var info = (IIdiligoError)e; // IdiligoServiceException, IdiligoTimeoutException, ...
                Console.Error.WriteLine($"error {info.Code} ({info.Kind}) in {info.Operation}: {e.Message}");
                return 1;
            }
        }
    }

    static int Main() => Run().GetAwaiter().GetResult();
}
