// Minimal HTTP host for the InsideService20 ASMX replica on Mono (xsp4 does not start on
// Mono 6.8). An HttpListener on 127.0.0.1 runs in the main AppDomain; every request is handed
// to an ASP.NET AppDomain made by ApplicationHost.CreateApplicationHost, processed there by a
// SimpleWorkerRequest subclass, and the buffered result is written back.
//
// Usage: mono IdiligoAsmxHost.exe [--port N] [--custom-errors On|Off] [--exit-on-stdin-eof]
//                                 [--webroot DIR]
// Prints exactly one line "LISTENING http://127.0.0.1:PORT/" on stdout once requests are
// answered; everything else goes to stderr. Stops on SIGTERM/SIGINT (and on stdin EOF with
// --exit-on-stdin-eof), removing its per-instance temp directory.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Web;
using System.Web.Hosting;
using Mono.Unix;
using Mono.Unix.Native;

namespace Idiligo.AsmxHost
{
    [Serializable]
    public sealed class RequestData
    {
        public string Verb;
        public string RawUrl;       // path + optional "?query", as received
        public string Path;         // decoded path
        public string Query;        // raw query without '?', "" if none
        public string[][] Headers;  // name, value
        public byte[] Body;
        public string RemoteAddress;
        public int RemotePort;
        public string LocalAddress;
        public int LocalPort;
    }

    [Serializable]
    public sealed class ResponseData
    {
        public int Status = 200;
        public string Description;
        public List<string[]> Headers = new List<string[]>();
        public byte[] Body;
        public bool CloseConnection;
    }

    // Lives in the ASP.NET AppDomain.
    public sealed class Bridge : MarshalByRefObject
    {
        public override object InitializeLifetimeService()
        {
            return null;   // never let the remoting lease expire
        }

        public void Init()
        {
            // Keep the host's stdout to the single LISTENING line.
            Console.SetOut(Console.Error);
        }

        // Folders ASP.NET made for this application alone (compilation output); the host removes
        // them on exit. (The shared parent, TMPDIR/<user>-temp-aspnet-0, is left alone.)
        // Runs System.Net's HttpWebRequest once (against this host's own 404 page) so that the
        // first AddDocumentFromUrl does not pay ~1 s of one-time initialisation.
        public void WarmUpDownloads(string url)
        {
            try
            {
                HttpWebRequest req = (HttpWebRequest)WebRequest.Create(url);
                req.Proxy = null;
                req.Timeout = 10000;
                using (WebResponse r = req.GetResponse())
                {
                }
            }
            catch (WebException e)
            {
                if (e.Response != null)
                    e.Response.Close();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("asmx host: download warm-up failed: " + e.Message);
            }
        }

        public string[] TempDirs()
        {
            List<string> dirs = new List<string>();
            dirs.Add(HttpRuntime.CodegenDir);
            AppDomainSetup setup = AppDomain.CurrentDomain.SetupInformation;
            if (!string.IsNullOrEmpty(setup.DynamicBase))
                dirs.Add(setup.DynamicBase);
            return dirs.ToArray();
        }

        public ResponseData Process(RequestData req)
        {
            Worker wr = new Worker(req);
            HttpRuntime.ProcessRequest(wr);
            if (!wr.Done.WaitOne(TimeSpan.FromMinutes(5)))
            {
                ResponseData t = new ResponseData();
                t.Status = 504;
                t.Description = "Gateway Timeout";
                t.Body = Encoding.UTF8.GetBytes("Request processing timed out in the replica host.");
                t.Headers.Add(new string[] { "Content-Type", "text/plain" });
                return t;
            }
            return wr.Result();
        }
    }

    public sealed class Worker : SimpleWorkerRequest
    {
        readonly RequestData req;
        readonly string filePath;
        readonly string pathInfo;
        readonly string[] known = new string[RequestHeaderMaximum];
        readonly List<string[]> unknown = new List<string[]>();
        readonly ResponseData resp = new ResponseData();
        readonly MemoryStream body = new MemoryStream();
        public readonly ManualResetEvent Done = new ManualResetEvent(false);

        static readonly bool trace = Environment.GetEnvironmentVariable("IDILIGO_ASMX_HOST_TRACE") == "1";

        static void Trace(string fmt, params object[] args)
        {
            if (trace)
                Console.Error.WriteLine("asmx host trace: " + fmt, args);
        }

        public Worker(RequestData r)
            : base(r.Path.TrimStart('/'), r.Query, TextWriter.Null)
        {
            req = r;
            SplitPath(r.Path, out filePath, out pathInfo);
            foreach (string[] h in r.Headers)
            {
                int idx = GetKnownRequestHeaderIndex(h[0]);
                if (idx >= 0)
                    known[idx] = known[idx] == null ? h[1] : known[idx] + "," + h[1];
                else
                    unknown.Add(new string[] { h[0], h[1] });
            }
        }

        // "/a.asmx/Op" -> file "/a.asmx", path info "/Op": the first prefix that is an existing
        // file in the application directory is the file path (as IIS does).
        static void SplitPath(string path, out string file, out string info)
        {
            string root = HttpRuntime.AppDomainAppPath;
            int pos = 0;
            while (pos < path.Length)
            {
                int next = path.IndexOf('/', pos + 1);
                string prefix = next < 0 ? path : path.Substring(0, next);
                string phys = System.IO.Path.Combine(root, prefix.TrimStart('/'));
                if (File.Exists(phys))
                {
                    file = prefix;
                    info = next < 0 ? "" : path.Substring(next);
                    return;
                }
                if (next < 0)
                    break;
                pos = next;
            }
            file = path;
            info = "";
        }

        public ResponseData Result()
        {
            resp.Body = body.ToArray();
            if (trace)
                Trace("body: {0}", Encoding.UTF8.GetString(resp.Body));
            return resp;
        }

        public override string GetHttpVerbName() { return req.Verb; }
        public override string GetHttpVersion() { return "HTTP/1.1"; }
        public override string GetUriPath() { return req.Path; }
        public override string GetFilePath() { return filePath; }
        public override string GetPathInfo() { return pathInfo; }
        public override string GetRawUrl() { return req.RawUrl; }
        public override string GetQueryString() { return req.Query; }
        public override byte[] GetQueryStringRawBytes() { return Encoding.UTF8.GetBytes(req.Query); }
        public override string GetProtocol() { return "http"; }
        public override bool IsSecure() { return false; }

        public override string GetFilePathTranslated()
        {
            return System.IO.Path.Combine(HttpRuntime.AppDomainAppPath, filePath.TrimStart('/'));
        }

        public override string MapPath(string virtualPath)
        {
            string rel = (virtualPath ?? "").TrimStart('/').Replace('/', System.IO.Path.DirectorySeparatorChar);
            return System.IO.Path.Combine(HttpRuntime.AppDomainAppPath, rel);
        }

        public override string GetRemoteAddress() { return req.RemoteAddress; }
        public override int GetRemotePort() { return req.RemotePort; }
        public override string GetLocalAddress() { return req.LocalAddress; }
        public override int GetLocalPort() { return req.LocalPort; }
        public override string GetServerName() { return req.LocalAddress; }

        public override string GetKnownRequestHeader(int index)
        {
            return index >= 0 && index < known.Length ? known[index] : null;
        }

        public override string GetUnknownRequestHeader(string name)
        {
            foreach (string[] h in unknown)
                if (string.Equals(h[0], name, StringComparison.OrdinalIgnoreCase))
                    return h[1];
            return null;
        }

        public override string[][] GetUnknownRequestHeaders()
        {
            return unknown.ToArray();
        }

        public override byte[] GetPreloadedEntityBody() { return req.Body; }
        public override int GetPreloadedEntityBodyLength() { return req.Body.Length; }
        public override bool IsEntireEntityBodyIsPreloaded() { return true; }
        public override int GetTotalEntityBodyLength() { return req.Body.Length; }
        public override int ReadEntityBody(byte[] buffer, int size) { return 0; }
        public override bool IsClientConnected() { return true; }

        public override void SendStatus(int statusCode, string statusDescription)
        {
            Trace("SendStatus {0} {1}", statusCode, statusDescription);
            resp.Status = statusCode;
            resp.Description = statusDescription;
        }

        public override void SendKnownResponseHeader(int index, string value)
        {
            Trace("SendKnownResponseHeader {0}: {1}", GetKnownResponseHeaderName(index), value);
            resp.Headers.Add(new string[] { GetKnownResponseHeaderName(index), value });
        }

        public override void SendUnknownResponseHeader(string name, string value)
        {
            Trace("SendUnknownResponseHeader {0}: {1}", name, value);
            resp.Headers.Add(new string[] { name, value });
        }

        public override void SendResponseFromMemory(byte[] data, int length)
        {
            body.Write(data, 0, length);
        }

        public override void SendResponseFromFile(string filename, long offset, long length)
        {
            using (FileStream fs = File.OpenRead(filename))
            {
                fs.Seek(offset, SeekOrigin.Begin);
                CopyN(fs, length);
            }
        }

        public override void SendResponseFromFile(IntPtr handle, long offset, long length)
        {
            throw new NotSupportedException("SendResponseFromFile(IntPtr)");
        }

        void CopyN(Stream s, long length)
        {
            byte[] buf = new byte[65536];
            while (length > 0)
            {
                int n = s.Read(buf, 0, (int)Math.Min(buf.Length, length));
                if (n <= 0)
                    break;
                body.Write(buf, 0, n);
                length -= n;
            }
        }

        public override void FlushResponse(bool finalFlush)
        {
            Trace("FlushResponse {0}", finalFlush);
            // Mono's HttpRuntime does not always call EndOfRequest; the final flush ends it too.
            if (finalFlush)
                Done.Set();
        }

        public override void CloseConnection()
        {
            resp.CloseConnection = true;
        }

        public override void EndOfRequest()
        {
            Trace("EndOfRequest");
            Done.Set();
        }
    }

    public static class Program
    {
        static string instanceDir;
        static readonly object tempDirsLock = new object();
        static string[] aspnetTempDirs = new string[0];
        static HttpListener listener;
        static int exiting;

        static int Main(string[] args)
        {
            int port = 0;
            string customErrors = "On";
            bool exitOnStdinEof = false;
            string webroot = null;
            bool ownTmpdir = false;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                if (a == "--port" && i + 1 < args.Length)
                    port = int.Parse(args[++i], CultureInfo.InvariantCulture);
                else if (a == "--custom-errors" && i + 1 < args.Length)
                    customErrors = args[++i];
                else if (a == "--exit-on-stdin-eof")
                    exitOnStdinEof = true;
                else if (a == "--webroot" && i + 1 < args.Length)
                    webroot = args[++i];
                else if (a == "--own-tmpdir")
                    ownTmpdir = true;
                else
                {
                    Console.Error.WriteLine("usage: IdiligoAsmxHost.exe [--port N] [--custom-errors On|Off] [--exit-on-stdin-eof] [--webroot DIR] [--own-tmpdir]");
                    return 2;
                }
            }
            if (customErrors.Equals("on", StringComparison.OrdinalIgnoreCase))
                customErrors = "On";
            else if (customErrors.Equals("off", StringComparison.OrdinalIgnoreCase))
                customErrors = "Off";
            else
            {
                Console.Error.WriteLine("--custom-errors must be On or Off");
                return 2;
            }

            TextWriter stdout = Console.Out;
            Console.SetOut(Console.Error);

            if (webroot == null)
            {
                // The host assembly lives in WEBROOT/bin/.
                string exeDir = System.IO.Path.GetDirectoryName(typeof(Program).Assembly.Location);
                webroot = Directory.GetParent(exeDir).FullName;
            }

            // Per-instance temp directory. Mono's runtime reads TMPDIR once, before Main runs, and
            // ASP.NET puts its compilation and shadow-copy folders under it (TMPDIR/<user>-temp-aspnet-0/<hash>;
            // <compilation tempDirectory> is ignored), so a private TMPDIR has to be given at process
            // start: run-host.sh makes TMPDIR=/tmp/idiligo-asmx-<pid>-<hex> and passes --own-tmpdir,
            // and the host then removes that whole directory on exit. Without --own-tmpdir the host
            // makes TMPDIR/idiligo-asmx-<pid>-<hex> for the web root copy and removes it, plus the
            // ASP.NET folders it was told about, on exit.
            string tempEnv = Environment.GetEnvironmentVariable("TMPDIR");
            if (string.IsNullOrEmpty(tempEnv) || !Directory.Exists(tempEnv))
                tempEnv = "/tmp";
            tempEnv = System.IO.Path.GetFullPath(tempEnv).TrimEnd('/');
            if (ownTmpdir)
            {
                instanceDir = tempEnv;
                CleanStale(System.IO.Path.GetDirectoryName(tempEnv));
            }
            else
            {
                CleanStale(tempEnv);
                instanceDir = System.IO.Path.Combine(tempEnv, string.Format(CultureInfo.InvariantCulture,
                    "idiligo-asmx-{0}-{1}", Syscall.getpid(), Guid.NewGuid().ToString("N").Substring(0, 8)));
            }
            string www = System.IO.Path.Combine(instanceDir, "www");
            Directory.CreateDirectory(instanceDir);
            StartSignalThread();
            if (exitOnStdinEof)
                StartStdinThread();
            try
            {
                CopyDir(webroot, www);
                string cfgPath = System.IO.Path.Combine(www, "web.config");
                string cfg = File.ReadAllText(cfgPath);
                string cfg2 = Regex.Replace(cfg, "<customErrors mode=\"[A-Za-z]+\"", "<customErrors mode=\"" + customErrors + "\"");
                if (cfg2.IndexOf("<customErrors mode=\"" + customErrors + "\"", StringComparison.Ordinal) < 0)
                    throw new Exception("web.config has no <customErrors mode=...> element");
                File.WriteAllText(cfgPath, cfg2);

                Bridge bridge = (Bridge)ApplicationHost.CreateApplicationHost(typeof(Bridge), "/", www);
                bridge.Init();
                lock (tempDirsLock)
                {
                    aspnetTempDirs = bridge.TempDirs();
                }

                listener = StartListener(ref port);

                // Warm up the ASP.NET application, the .ashx handler and the .asmx type.
                string hostHeader = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
                bridge.Process(Synthetic("GET", "/Download.ashx", "id=0", hostHeader, port));
                bridge.Process(Synthetic("GET", "/InsideService20.asmx", "wsdl", hostHeader, port));
                ThreadPool.QueueUserWorkItem(delegate { AcceptLoop(bridge); });
                bridge.WarmUpDownloads("http://" + hostHeader + "/Download.ashx?id=0");

                Console.Error.WriteLine("asmx host: pid {0}, web root {1}, customErrors {2}, ASP.NET temp {3}",
                    Syscall.getpid(), www, customErrors, string.Join(" ", aspnetTempDirs));

                stdout.WriteLine("LISTENING http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/");
                stdout.Flush();

                Thread.Sleep(Timeout.Infinite);
                return 0;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("asmx host: failed: " + e);
                Cleanup();
                return 1;
            }
        }

        // With port 0: bind a TcpListener on 127.0.0.1:0, read its port, close it and start the
        // HttpListener there; if another process took the port in between, try again (5 times).
        static HttpListener StartListener(ref int port)
        {
            bool pick = port == 0;
            for (int attempt = 1; ; attempt++)
            {
                if (pick)
                {
                    TcpListener probe = new TcpListener(IPAddress.Loopback, 0);
                    probe.Start();
                    port = ((IPEndPoint)probe.LocalEndpoint).Port;
                    probe.Stop();
                }
                HttpListener l = new HttpListener();
                string p = port.ToString(CultureInfo.InvariantCulture);
                l.Prefixes.Add("http://127.0.0.1:" + p + "/");
                // Also accept "Host: localhost:PORT" (Mono's listener answers 400 "Invalid host" for
                // a host name without a matching prefix); it binds the same loopback socket.
                l.Prefixes.Add("http://localhost:" + p + "/");
                l.IgnoreWriteExceptions = true;
                try
                {
                    l.Start();
                    return l;
                }
                catch (Exception e)
                {
                    if (!pick || attempt >= 5)
                        throw;
                    Console.Error.WriteLine("asmx host: port {0} unusable ({1}); picking another", p, e.Message);
                }
            }
        }

        static void AcceptLoop(Bridge bridge)
        {
            while (true)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = listener.GetContext();
                }
                catch (Exception e)
                {
                    if (Thread.VolatileRead(ref exiting) != 0)
                        return;
                    Console.Error.WriteLine("asmx host: accept failed: " + e.Message);
                    Thread.Sleep(10);
                    continue;
                }
                HttpListenerContext c = ctx;
                ThreadPool.QueueUserWorkItem(delegate { Handle(bridge, c); });
            }
        }

        static RequestData Synthetic(string verb, string path, string query, string host, int port)
        {
            RequestData r = new RequestData();
            r.Verb = verb;
            r.Path = path;
            r.Query = query;
            r.RawUrl = query.Length > 0 ? path + "?" + query : path;
            r.Headers = new string[][] { new string[] { "Host", host } };
            r.Body = new byte[0];
            r.RemoteAddress = "127.0.0.1";
            r.RemotePort = 0;
            r.LocalAddress = "127.0.0.1";
            r.LocalPort = port;
            return r;
        }

        static void Handle(Bridge bridge, HttpListenerContext ctx)
        {
            HttpListenerResponse o = ctx.Response;
            try
            {
                HttpListenerRequest q = ctx.Request;
                RequestData r = new RequestData();
                r.Verb = q.HttpMethod;
                string raw = q.RawUrl ?? "/";
                int qm = raw.IndexOf('?');
                string rawPath = qm < 0 ? raw : raw.Substring(0, qm);
                r.RawUrl = raw;
                r.Query = qm < 0 ? "" : raw.Substring(qm + 1);
                r.Path = Uri.UnescapeDataString(rawPath);
                List<string[]> hs = new List<string[]>();
                foreach (string name in q.Headers.AllKeys)
                    hs.Add(new string[] { name, q.Headers[name] });
                r.Headers = hs.ToArray();
                MemoryStream ms = new MemoryStream();
                if (q.HasEntityBody)
                    q.InputStream.CopyTo(ms);
                r.Body = ms.ToArray();
                IPEndPoint remote = q.RemoteEndPoint;
                IPEndPoint local = q.LocalEndPoint;
                r.RemoteAddress = remote != null ? remote.Address.ToString() : "127.0.0.1";
                r.RemotePort = remote != null ? remote.Port : 0;
                r.LocalAddress = local != null ? local.Address.ToString() : "127.0.0.1";
                r.LocalPort = local != null ? local.Port : 0;

                ResponseData p = bridge.Process(r);

                o.StatusCode = p.Status;
                if (!string.IsNullOrEmpty(p.Description))
                    o.StatusDescription = p.Description;
                foreach (string[] h in p.Headers)
                {
                    string n = h[0].ToLowerInvariant();
                    try
                    {
                        if (n == "content-length" || n == "transfer-encoding" || n == "keep-alive")
                            continue;
                        if (n == "content-type")
                            o.ContentType = h[1];
                        else if (n == "connection")
                        {
                            if (h[1].IndexOf("close", StringComparison.OrdinalIgnoreCase) >= 0)
                                o.KeepAlive = false;
                        }
                        else
                            o.AppendHeader(h[0], h[1]);
                    }
                    catch (Exception e)
                    {
                        Console.Error.WriteLine("asmx host: dropped header {0}: {1}", h[0], e.Message);
                    }
                }
                if (p.CloseConnection)
                    o.KeepAlive = false;
                o.SendChunked = false;
                o.ContentLength64 = p.Body.Length;
                if (p.Body.Length > 0 && q.HttpMethod != "HEAD")
                    o.OutputStream.Write(p.Body, 0, p.Body.Length);
                o.Close();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("asmx host: request failed: " + e);
                try
                {
                    o.StatusCode = 502;
                    o.Close();
                }
                catch (Exception)
                {
                }
            }
        }

        static void StartSignalThread()
        {
            UnixSignal[] signals = new UnixSignal[] {
                new UnixSignal(Signum.SIGTERM), new UnixSignal(Signum.SIGINT), new UnixSignal(Signum.SIGHUP) };
            Thread t = new Thread(delegate ()
            {
                UnixSignal.WaitAny(signals);
                Shutdown(0);
            });
            t.IsBackground = true;
            t.Start();
        }

        static void StartStdinThread()
        {
            Thread t = new Thread(delegate ()
            {
                try
                {
                    Stream s = Console.OpenStandardInput();
                    byte[] buf = new byte[4096];
                    while (s.Read(buf, 0, buf.Length) > 0)
                    {
                    }
                }
                catch (Exception)
                {
                }
                Shutdown(0);
            });
            t.IsBackground = true;
            t.Start();
        }

        static void Shutdown(int code)
        {
            if (Interlocked.Exchange(ref exiting, 1) != 0)
                return;
            try
            {
                if (listener != null)
                    listener.Abort();
            }
            catch (Exception)
            {
            }
            Cleanup();
            // Environment.Exit would try to unload the ASP.NET AppDomain; leave directly.
            Syscall.exit(code);
        }

        static void Cleanup()
        {
            string[] extra;
            lock (tempDirsLock)
            {
                extra = aspnetTempDirs;
            }
            foreach (string d in extra)
                RemoveDir(d);
            if (instanceDir != null)
                RemoveDir(instanceDir);
        }

        static void RemoveDir(string d)
        {
            try
            {
                if (Directory.Exists(d))
                    Directory.Delete(d, true);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine("asmx host: could not remove {0}: {1}", d, e.Message);
            }
        }

        // Remove instance directories left behind by hosts that were killed (SIGKILL).
        static void CleanStale(string tempBase)
        {
            try
            {
                foreach (string d in Directory.GetDirectories(tempBase, "idiligo-asmx-*"))
                {
                    string[] parts = System.IO.Path.GetFileName(d).Split('-');
                    int pid;
                    if (parts.Length != 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out pid))
                        continue;
                    if (Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture)))
                        continue;
                    try
                    {
                        Directory.Delete(d, true);
                    }
                    catch (Exception)
                    {
                    }
                }
            }
            catch (Exception)
            {
            }
        }

        static void CopyDir(string src, string dst)
        {
            Directory.CreateDirectory(dst);
            foreach (string f in Directory.GetFiles(src))
                File.Copy(f, System.IO.Path.Combine(dst, System.IO.Path.GetFileName(f)), true);
            foreach (string d in Directory.GetDirectories(src))
                CopyDir(d, System.IO.Path.Combine(dst, System.IO.Path.GetFileName(d)));
        }
    }
}
