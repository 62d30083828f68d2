// Replica of Idiligo's InsideService20 ASMX web service, for Mono's System.Web.Services.
//
// Behaviour contract: see README.md next to this file. The Rust sandbox emulator implements
// the same contract; a differential test compares the two. Keep both in step.
//
// Build: tests/asmx/build.sh (compiled with mcs into www/bin/Idiligo.InsideService20.dll).

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Web;
using System.Web.Services;

namespace Idiligo
{
    public class AttachmentDTO
    {
        public long Id;
        public string Description;
        public string Url;
        public string Preview;
        public bool Attach;
        public string Size;
        public string Date;
        public string SignUrl;
        public int SignStatus;
    }

    // ---------------------------------------------------------------- configuration

    internal static class ReplicaConfig
    {
        public static readonly string ApiKey = Env("IDILIGO_REPLICA_APIKEY", "test-apikey-0000");
        public static readonly string Username = Env("IDILIGO_REPLICA_USERNAME", "agent@example.test");
        public static readonly string Password = Env("IDILIGO_REPLICA_PASSWORD", "fake-password-1234");
        public static readonly string Ticket = Env("IDILIGO_REPLICA_TICKET", "fake-ticket-5678");
        public static readonly long TokenLifetimeSeconds = EnvLong("IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS", 86400);
        public static readonly long MaxDocumentBytes = EnvLong("IDILIGO_REPLICA_MAX_DOCUMENT_BYTES", 67108864);

        // Environment variables are process-wide, so the ASP.NET AppDomain sees what the host
        // process was started with. An empty variable counts as unset.
        static string Env(string name, string dflt)
        {
            string v = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrEmpty(v) ? dflt : v;
        }

        static long EnvLong(string name, long dflt)
        {
            string v = Environment.GetEnvironmentVariable(name);
            long n;
            if (string.IsNullOrEmpty(v) || !long.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n))
                return dflt;
            return n;
        }
    }

    // ---------------------------------------------------------------- in-memory state

    internal sealed class Session
    {
        public string Token;
        public DateTime CreatedUtc;
    }

    internal sealed class Contact
    {
        public long Id;
        public string Email;
        public string FirstName;
        public string LastName;
    }

    internal sealed class Binding
    {
        public string ExternalId;
        public long DocumentId;
        public DateTime BoundUtc;
    }

    internal sealed class Call
    {
        public long Id;
        public string PublicId;
        public string TrajectCode;
        public long ContactId;          // 0 = none
        public readonly List<KeyValuePair<string, string>> Values = new List<KeyValuePair<string, string>>();
        public readonly List<Binding> Documents = new List<Binding>();
    }

    internal sealed class Document
    {
        public long Id;
        public byte[] Bytes;
        public string Filename;
        public string ExternalId;
    }

    internal static class ReplicaState
    {
        public static readonly object Lock = new object();
        static long nextId = 1000;
        public static readonly Dictionary<string, Session> Sessions = new Dictionary<string, Session>(StringComparer.Ordinal);
        public static readonly Dictionary<long, Contact> Contacts = new Dictionary<long, Contact>();
        public static readonly Dictionary<long, Call> Calls = new Dictionary<long, Call>();
        public static readonly Dictionary<string, Call> CallsByPublicId = new Dictionary<string, Call>(StringComparer.Ordinal);
        public static readonly Dictionary<long, Document> Documents = new Dictionary<long, Document>();

        // Caller holds Lock.
        public static long NextId()
        {
            return nextId++;
        }

        public static string NewGuid()
        {
            return Guid.NewGuid().ToString("N");
        }

        // Caller holds Lock. Token check comes before any other validation.
        public static void CheckToken(string token)
        {
            Session s;
            if (token == null || !Sessions.TryGetValue(token, out s))
                throw new Exception("Invalid token.");
            if ((DateTime.UtcNow - s.CreatedUtc).TotalSeconds >= ReplicaConfig.TokenLifetimeSeconds)
                throw new Exception("Token expired.");
        }

        public static Call GetCall(long callId)
        {
            Call c;
            if (!Calls.TryGetValue(callId, out c))
                throw new Exception("Unknown callId.");
            return c;
        }

        public static string NewSession()
        {
            Session s = new Session();
            s.Token = NewGuid();
            s.CreatedUtc = DateTime.UtcNow;
            Sessions[s.Token] = s;
            return s.Token;
        }

        public static Document TryGetDocument(long id)
        {
            Document d;
            lock (Lock)
            {
                Documents.TryGetValue(id, out d);
            }
            return d;
        }
    }

    // ---------------------------------------------------------------- the web service

    [WebService(Namespace = "http://www.idiligo.com/")]
    [WebServiceBinding(ConformsTo = WsiProfiles.BasicProfile1_1)]
    public class InsideService20 : WebService
    {
        static string RequestHost()
        {
            HttpContext ctx = HttpContext.Current;
            string host = ctx != null ? ctx.Request.Headers["Host"] : null;
            if (string.IsNullOrEmpty(host) && ctx != null)
                host = ctx.Request.Url.Authority;
            return host;
        }

        [WebMethod]
        public string Login(string apikey, string username, string password)
        {
            lock (ReplicaState.Lock)
            {
                if (apikey != ReplicaConfig.ApiKey || username != ReplicaConfig.Username || password != ReplicaConfig.Password)
                    throw new Exception("Invalid credentials.");
                return ReplicaState.NewSession();
            }
        }

        [WebMethod]
        public string Impersonate(string apikey, string username, string ticket)
        {
            lock (ReplicaState.Lock)
            {
                if (apikey != ReplicaConfig.ApiKey || username != ReplicaConfig.Username || ticket != ReplicaConfig.Ticket)
                    throw new Exception("Invalid credentials.");
                return ReplicaState.NewSession();
            }
        }

        [WebMethod]
        public long CreateContact(string token, string email, string firstName, string lastName)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                if (string.IsNullOrEmpty(email) || email.IndexOf('@') < 0)
                    throw new Exception("Invalid email.");
                Contact c = new Contact();
                c.Id = ReplicaState.NextId();
                c.Email = email;
                c.FirstName = firstName;
                c.LastName = lastName;
                ReplicaState.Contacts[c.Id] = c;
                return c.Id;
            }
        }

        [WebMethod]
        public long CreateCall(string token, string trajectCode)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                if (trajectCode == null || trajectCode.Trim().Length == 0)
                    throw new Exception("Unknown trajectCode.");
                Call c = new Call();
                c.Id = ReplicaState.NextId();
                c.PublicId = ReplicaState.NewGuid();
                c.TrajectCode = trajectCode;
                ReplicaState.Calls[c.Id] = c;
                ReplicaState.CallsByPublicId[c.PublicId] = c;
                return c.Id;
            }
        }

        [WebMethod]
        public void SetContact(string token, long callId, long contactId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                Call c = ReplicaState.GetCall(callId);
                if (!ReplicaState.Contacts.ContainsKey(contactId))
                    throw new Exception("Unknown contactId.");
                c.ContactId = contactId;
            }
        }

        [WebMethod]
        public string GetAgentUrl(string token, long callId, string returnUrl)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
            }
            string url = "http://" + RequestHost() + "/agent?callId=" + callId.ToString(CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(returnUrl))
                url += "&returnUrl=" + Uri.EscapeDataString(returnUrl);
            return url;
        }

        [WebMethod]
        public string GetPublicCallId(string token, long callId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                return ReplicaState.GetCall(callId).PublicId;
            }
        }

        [WebMethod]
        public void SetValues(string token, string publicId, string[] names, string[] values)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                Call c;
                if (publicId == null || !ReplicaState.CallsByPublicId.TryGetValue(publicId, out c))
                    throw new Exception("Unknown publicId.");
                // A missing array parameter arrives as null: this dereference then throws the
                // framework-style NullReferenceException, as on the real runtime.
                if (names.Length != values.Length)
                    throw new Exception("names and values differ in length.");
                for (int i = 0; i < names.Length; i++)
                {
                    int at = c.Values.FindIndex(delegate (KeyValuePair<string, string> kv) { return string.Equals(kv.Key, names[i], StringComparison.Ordinal); });
                    KeyValuePair<string, string> pair = new KeyValuePair<string, string>(names[i], values[i]);
                    if (at >= 0)
                        c.Values[at] = pair;
                    else
                        c.Values.Add(pair);
                }
            }
        }

        [WebMethod]
        public long AddDocumentFromUrl(string token, string url, string filename, string externalId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
            }
            if (string.IsNullOrEmpty(filename))
                throw new Exception("Invalid filename.");
            Uri uri;
            if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new Exception("Invalid url.");

            byte[] bytes = Download(uri, ReplicaConfig.MaxDocumentBytes);

            lock (ReplicaState.Lock)
            {
                Document d = new Document();
                d.Id = ReplicaState.NextId();
                d.Bytes = bytes;
                d.Filename = filename;
                d.ExternalId = externalId;
                ReplicaState.Documents[d.Id] = d;
                return d.Id;
            }
        }

        // Downloads outside the state lock. Any transport failure or non-2xx status:
        // "Could not download document."; more than max bytes: "Document too large."
        static byte[] Download(Uri uri, long max)
        {
            HttpWebResponse resp = null;
            try
            {
                HttpWebRequest req = (HttpWebRequest)WebRequest.Create(uri);
                req.Method = "GET";
                req.Timeout = 30000;
                req.ReadWriteTimeout = 30000;
                req.AllowAutoRedirect = true;
                req.Proxy = null;   // always connect directly; never through an environment proxy
                try
                {
                    resp = (HttpWebResponse)req.GetResponse();
                }
                catch (Exception)
                {
                    throw new DownloadFailed();
                }
                int status = (int)resp.StatusCode;
                if (status < 200 || status > 299)
                    throw new DownloadFailed();
                if (resp.ContentLength > max)
                    throw new Exception("Document too large.");
                MemoryStream ms = new MemoryStream();
                byte[] buf = new byte[65536];
                try
                {
                    using (Stream s = resp.GetResponseStream())
                    {
                        int n;
                        while ((n = s.Read(buf, 0, buf.Length)) > 0)
                        {
                            ms.Write(buf, 0, n);
                            if (ms.Length > max)
                                throw new Exception("Document too large.");
                        }
                    }
                }
                catch (IOException)
                {
                    throw new DownloadFailed();
                }
                catch (WebException)
                {
                    throw new DownloadFailed();
                }
                return ms.ToArray();
            }
            catch (DownloadFailed)
            {
                throw new Exception("Could not download document.");
            }
            finally
            {
                if (resp != null)
                    resp.Close();
            }
        }

        sealed class DownloadFailed : Exception { }

        [WebMethod]
        public void SetDocumentToUploadAction(string token, long callId, string externalId, long documentId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                Call c = ReplicaState.GetCall(callId);
                if (!ReplicaState.Documents.ContainsKey(documentId))
                    throw new Exception("Unknown documentId.");
                Binding b = new Binding();
                b.ExternalId = externalId ?? "";
                b.DocumentId = documentId;
                b.BoundUtc = DateTime.UtcNow;
                int at = c.Documents.FindIndex(delegate (Binding x) { return string.Equals(x.ExternalId, b.ExternalId, StringComparison.Ordinal); });
                if (at >= 0)
                    c.Documents[at] = b;
                else
                    c.Documents.Add(b);
            }
        }

        [WebMethod]
        public AttachmentDTO[] GetAttachments(string token, long callId)
        {
            string host = RequestHost();
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                Call c = ReplicaState.GetCall(callId);
                AttachmentDTO[] result = new AttachmentDTO[c.Documents.Count];
                for (int i = 0; i < c.Documents.Count; i++)
                {
                    Binding b = c.Documents[i];
                    Document d = ReplicaState.Documents[b.DocumentId];
                    AttachmentDTO a = new AttachmentDTO();
                    a.Id = d.Id;
                    a.Description = d.Filename;
                    a.Url = "http://" + host + "/Download.ashx?id=" + d.Id.ToString(CultureInfo.InvariantCulture);
                    a.Preview = null;
                    a.Attach = true;
                    a.Size = d.Bytes.LongLength.ToString(CultureInfo.InvariantCulture);
                    a.Date = b.BoundUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    a.SignUrl = "";
                    a.SignStatus = 0;
                    result[i] = a;
                }
                return result;
            }
        }
    }

    // ---------------------------------------------------------------- Download.ashx

    public class DownloadHandler : IHttpHandler
    {
        public bool IsReusable
        {
            get { return true; }
        }

        public void ProcessRequest(HttpContext context)
        {
            HttpResponse r = context.Response;
            string raw = context.Request.QueryString["id"];
            long id;
            Document d = null;
            if (raw != null && long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out id))
                d = ReplicaState.TryGetDocument(id);
            r.Clear();
            if (d == null)
            {
                r.StatusCode = 404;
                r.ContentType = "text/plain";
                r.Write("Not found.");
                return;
            }
            r.StatusCode = 200;
            r.ContentType = "application/octet-stream";
            r.OutputStream.Write(d.Bytes, 0, d.Bytes.Length);
        }
    }
}
