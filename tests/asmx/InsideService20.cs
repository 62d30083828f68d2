// Replica of Idiligo's InsideService20 ASMX web service, for Mono's System.Web.Services.
//
// Every operation of the SDK's operation table (core/src/ops.rs: the 2016 WSDL's 49 plus
// Impersonate, SetDocumentToUploadAction and GetAttachments), with the table's parameter names,
// order and .NET types, and every complex type of tests/fixtures/wsdl-2016-facts.tsv with its
// members in TSV order. core/tests/wsdl.rs checks this file's ?WSDL against both.
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
using System.Xml.Serialization;

namespace Idiligo
{
    // ---------------------------------------------------------------- the WSDL's complex types
    //
    // Public fields in the TSV's order; XML attributes where the TSV says "attributes". The
    // XmlSerializer writes members in declaration order. Arrays: T[] is ArrayOfT with items named
    // T (ArrayOfString, ArrayOfAttachmentDTO, ArrayOfSign, ArrayOfUpload, ArrayOfNameValue,
    // ArrayOfCallEventDTO); the *Array types of the script model (OptionArray, FieldArray, ...)
    // name their items in lower case, which a T[] cannot express, so they are classes holding
    // the repeated element.

    public class SessionDTO
    {
        public int AccountNumber;
        public string Username;
        public string Language;
        public bool online;
        public bool isInsideUser;
    }

    public class NameValue
    {
        public string Name;
        public string Value;
    }

    public class CallDTO
    {
        public long callId;
        public string publicId;
        public int accountNumber;
        public long eventCount;
        public int serverId;
        public string username;
        public bool isAgent;
        public string language;
        public string comment;
        public string contactEmail;
        public string viewerWrap;
        public bool SC_UseJpeg;
        public string SC_JpegQuality;
        public string SC_Scale;
        public string SC_ProxyServer;
        public string SC_ProxyPort;
        public int showBrowseHeight;
        public int showBrowseWidth;
        public bool rtmpt;
        public int webcamQuality;
        public int webcamBitrate;
        public int webcamFramerate;
        public bool microphoneDefaultEnabled;
        public int microphoneVolume;
        public int microphoneQuality;
        public int microphoneFramerate;
        public bool microphoneEchoSuppression;
        public bool useWebRtc;
        public bool showInvite;
        public string backgroundColor;
        public int nodeCount;
        public bool hasAccountLogo;
        public int ownerAccountNumber;
        public bool useChatUsername;
        public string subscriberCode;
        public int subscriberCount;
        public bool clientReady;
    }

    public class CallEventDTO
    {
        public long Id;
        public string Type;
        public string Value;
    }

    public class ChatMessageDTO
    {
        public string Username;
        public string Text;
    }

    public class DocumentCursorDTO
    {
        public float X;
        public float Y;
    }

    public class CommandDTO
    {
        public StapDTO Stap;
        public string Command;
    }

    public class StapDTO
    {
        public Node Node;
        public string Command;
        public string Title;
        public string Html;
        public string[] Values;
        public string DocumentType;
        public string DocumentUrl;
        public string DocumentExtension;
        public bool First;
        public bool Last;
        public long DocumentId;
        public int Page;
        public int Zoom;
        public string ViewerWrap;
        public bool isEmail;
        public AttachmentDTO[] Attachments;
        public Sign[] Signs;
        public Upload[] Uploads;
        public int Viewer;
        public int TotalPages;
    }

    public class Node
    {
        public string name;
        public string title;
        public string text;
        public OptionArray options;
        public FieldArray fields;
        public AttachmentArray attachments;
        public SignArray signs;
        public UploadArray uploads;
        public GoalArray goals;
        public ActionArray actions;
        public string templateCode;
        public string pdfTemplateCode;
        public string bestandCode;
        public long browserId;
        public string command;
        public string qsValuesNodeCode;
        public string @goto;
        [XmlAttribute] public string id;
        [XmlAttribute] public NodeType type;
        [XmlAttribute] public bool visible;
        [XmlAttribute] public bool clientActive;
        [XmlAttribute] public bool home;
    }

    public class OptionArray
    {
        [XmlElement("option")] public Option[] option;
    }

    public class Option
    {
        public string text;
        public string @goto;
        [XmlAttribute] public string value;
    }

    public class FieldArray
    {
        [XmlElement("field")] public Field[] field;
    }

    public class Field
    {
        public OptionArray options;
        [XmlAttribute] public string name;
        [XmlAttribute] public string text;
        [XmlAttribute] public bool mandatory;
        [XmlAttribute] public string linkedField;
        [XmlAttribute] public int width;
        [XmlAttribute] public int cols;
        [XmlAttribute] public int rows;
    }

    public class AttachmentArray
    {
        [XmlElement("attachment")] public Attachment[] attachment;
    }

    public class Attachment
    {
        [XmlAttribute] public string fileCode;
        [XmlAttribute] public string templateCode;
        [XmlAttribute] public bool attach;
    }

    public class SignArray
    {
        [XmlElement("sign")] public Sign[] sign;
    }

    public class Sign
    {
        [XmlAttribute] public string fileCode;
        [XmlAttribute] public string templateCode;
        [XmlAttribute] public string uploadId;
        [XmlAttribute] public string externalFileId;
        [XmlAttribute] public string signUrl;
        [XmlAttribute] public int statusCode;
        [XmlAttribute] public string statusName;
    }

    // In the 2016 WSDL but used by no operation or other type. ASP.NET's schema exporter writes
    // only the types an operation reaches ([XmlInclude] on the service class or a method is not
    // enough), so WsdlExtraTypes below exports it.
    public class Basedocument
    {
        [XmlAttribute] public string externalId;
        [XmlAttribute] public long documentId;
        [XmlAttribute] public string description;
        [XmlAttribute] public string url;
        [XmlAttribute] public string preview;
        [XmlAttribute] public bool attach;
        [XmlAttribute] public string size;
        [XmlAttribute] public string date;
    }

    public class Upload
    {
        [XmlAttribute] public string name;
        [XmlAttribute] public string fileTypes;
        [XmlAttribute] public bool mandatory;
    }

    public class UploadArray
    {
        [XmlElement("upload")] public Upload[] upload;
    }

    public class GoalArray
    {
        [XmlElement("goal")] public Goal[] goal;
    }

    public class Goal
    {
        [XmlAttribute] public GoalType type;
        [XmlAttribute] public bool reached;
        [XmlAttribute] public string description;
    }

    public class ActionArray
    {
        [XmlElement("action")] public Action[] action;
    }

    public class Action
    {
        public int FireCount;
        [XmlAttribute] public ActionType type;
        [XmlAttribute] public ActionTrigger trigger;
        [XmlAttribute] public bool fireOnce;
        [XmlAttribute] public string text;
        [XmlAttribute] public string email;
    }

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

    public class DocumentStatusDTO
    {
        public string Status;
        public decimal Percentage;
    }

    public enum GoalType { Conversion }

    public enum ActionType { Alert, Mail, ClientReady }

    public enum ActionTrigger { Load, Unload, Previous, Next }

    public enum NodeType
    {
        Choice, Template, File, Form, Email, ScreenShare, ShowBrowse, ShowBrowseDocument,
        ShowBrowseReverse, Sign, Upload
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
        // Conversion time of a stored document (BUSY until it has passed); 0 = READY at once.
        public static readonly long ConversionMs = Math.Max(0, EnvLong("IDILIGO_REPLICA_CONVERSION_MS", 0));
        // A document whose filename contains this (ordinal) ends its conversion in ERROR; "" = never.
        public static readonly string FailConversionMarker = Env("IDILIGO_REPLICA_FAIL_CONVERSION_MARKER", "");

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

    // A document bound to a call: by SetDocumentToUploadAction (keyed by externalId) or by
    // AddDocumentToCall / CreateCallEx (keyed by documentId and nodeCode). A rebinding replaces
    // the entry of the same kind and key in place.
    internal sealed class Binding
    {
        public bool ToNode;             // false: upload action (ExternalId), true: script node (NodeCode)
        public string ExternalId;
        public string NodeCode;
        public long DocumentId;
        public DateTime BoundUtc;

        public bool SameSlot(Binding o)
        {
            if (ToNode != o.ToNode)
                return false;
            if (ToNode)
                return DocumentId == o.DocumentId && string.Equals(NodeCode, o.NodeCode, StringComparison.Ordinal);
            return string.Equals(ExternalId, o.ExternalId, StringComparison.Ordinal);
        }
    }

    internal sealed class Call
    {
        public long Id;
        public string PublicId;
        public string TrajectCode;
        public long ContactId;          // 0 = none
        public string Comment;          // null until SetComment
        public bool Ended;
        public readonly List<KeyValuePair<string, string>> Values = new List<KeyValuePair<string, string>>();
        public readonly List<Binding> Documents = new List<Binding>();
    }

    internal sealed class Document
    {
        public long Id;
        public byte[] Bytes;
        public string Filename;
        public string ExternalId;
        public bool Priv;
        public bool Temp;
        public DateTime StoredUtc;      // conversion starts here
    }

    internal sealed class Mail
    {
        public long CallId;
        public string To;
        public string TemplateCode;
        public string Attachments;
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
        public static readonly List<Mail> Mails = new List<Mail>();

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

        // Caller holds Lock.
        public static Call GetCall(long callId)
        {
            Call c;
            if (!Calls.TryGetValue(callId, out c))
                throw new Exception("Unknown callId.");
            return c;
        }

        // Caller holds Lock.
        public static Call GetCallByPublicId(string publicId)
        {
            Call c;
            if (publicId == null || !CallsByPublicId.TryGetValue(publicId, out c))
                throw new Exception("Unknown publicId.");
            return c;
        }

        // Caller holds Lock.
        public static Document GetDocument(long documentId)
        {
            Document d;
            if (!Documents.TryGetValue(documentId, out d))
                throw new Exception("Unknown documentId.");
            return d;
        }

        // Caller holds Lock.
        public static Contact GetContact(long contactId)
        {
            Contact c;
            if (!Contacts.TryGetValue(contactId, out c))
                throw new Exception("Unknown contactId.");
            return c;
        }

        // Caller holds Lock.
        public static string NewSession()
        {
            Session s = new Session();
            s.Token = NewGuid();
            s.CreatedUtc = DateTime.UtcNow;
            Sessions[s.Token] = s;
            return s.Token;
        }

        // Caller holds Lock.
        public static Call NewCall(string trajectCode)
        {
            Call c = new Call();
            c.Id = NextId();
            c.PublicId = NewGuid();
            c.TrajectCode = trajectCode;
            Calls[c.Id] = c;
            CallsByPublicId[c.PublicId] = c;
            return c;
        }

        // Caller holds Lock.
        public static Document NewDocument(byte[] bytes, string filename, string externalId, bool priv, bool temp)
        {
            Document d = new Document();
            d.Id = NextId();
            d.Bytes = bytes;
            d.Filename = filename;
            d.ExternalId = externalId;
            d.Priv = priv;
            d.Temp = temp;
            d.StoredUtc = DateTime.UtcNow;
            Documents[d.Id] = d;
            return d;
        }

        // Caller holds Lock. Replaces the binding of the same kind and key in place (binding time
        // renewed), else appends.
        public static void Bind(Call c, Binding b)
        {
            b.BoundUtc = DateTime.UtcNow;
            int at = c.Documents.FindIndex(delegate (Binding x) { return x.SameSlot(b); });
            if (at >= 0)
                c.Documents[at] = b;
            else
                c.Documents.Add(b);
        }

        // Caller holds Lock. The call's value list: a later value for the same name (ordinal,
        // case-sensitive) replaces the earlier one in place.
        public static void SetValue(Call c, string name, string value)
        {
            int at = c.Values.FindIndex(delegate (KeyValuePair<string, string> kv) { return string.Equals(kv.Key, name, StringComparison.Ordinal); });
            KeyValuePair<string, string> pair = new KeyValuePair<string, string>(name, value);
            if (at >= 0)
                c.Values[at] = pair;
            else
                c.Values.Add(pair);
        }

        // Caller holds Lock. BUSY until the conversion time has passed since the document was
        // stored, then READY, or ERROR when its filename contains the failure marker.
        public static string ConversionStatus(Document d, out decimal percentage)
        {
            long conv = ReplicaConfig.ConversionMs;
            double elapsed = Math.Max(0.0, (DateTime.UtcNow - d.StoredUtc).TotalMilliseconds);
            if (elapsed < conv)
            {
                percentage = (decimal)Math.Min(99.0, Math.Floor(100.0 * elapsed / conv));
                return "BUSY";
            }
            string marker = ReplicaConfig.FailConversionMarker;
            if (marker.Length > 0 && d.Filename != null && d.Filename.IndexOf(marker, StringComparison.Ordinal) >= 0)
            {
                percentage = 0m;
                return "ERROR";
            }
            percentage = 100m;
            return "READY";
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

        // ------------------------------------------------------------ the guide's eleven

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
                return ReplicaState.NewCall(trajectCode).Id;
            }
        }

        [WebMethod]
        public void SetContact(string token, long callId, long contactId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                Call c = ReplicaState.GetCall(callId);
                ReplicaState.GetContact(contactId);
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
                Call c = ReplicaState.GetCallByPublicId(publicId);
                // A missing array parameter: over GET/POST the framework's parameter reader
                // already throws its NullReferenceException; over SOAP the array arrives as null
                // and this dereference throws it.
                if (names.Length != values.Length)
                    throw new Exception("names and values differ in length.");
                for (int i = 0; i < names.Length; i++)
                    ReplicaState.SetValue(c, names[i], values[i]);
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
                return ReplicaState.NewDocument(bytes, filename, externalId, false, false).Id;
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
                ReplicaState.GetDocument(documentId);
                Binding b = new Binding();
                b.ToNode = false;
                b.ExternalId = externalId ?? "";
                b.DocumentId = documentId;
                ReplicaState.Bind(c, b);
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

        // ------------------------------------------------------------ the rest of the 2016 WSDL
        //
        // Order of checks: the framework binds every parameter; then the token; then, in
        // parameter order, callId / publicId / documentId / contactId must exist; then the
        // operation's own checks. Operations without behaviour of their own answer the default
        // of their answer type (void, "", 0, true, a new instance, the empty array).

        [WebMethod]
        public string LoginBytoken(string token)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                return ReplicaState.NewSession();
            }
        }

        [WebMethod]
        public int GetServerId(string token, string publicId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCallByPublicId(publicId);
                return 1;
            }
        }

        [WebMethod]
        public void SaveCredentials(string token)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
            }
        }

        [WebMethod]
        public void DeleteCredentials(string token)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
            }
        }

        [WebMethod]
        public void NavigateToAgentUrl(string token, long callId, string returnUrl)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
            }
        }

        [WebMethod]
        public SessionDTO GetSesData(string token)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                SessionDTO s = new SessionDTO();
                s.AccountNumber = 1;
                s.Username = ReplicaConfig.Username;
                s.Language = "en";
                s.online = true;
                s.isInsideUser = true;
                return s;
            }
        }

        [WebMethod]
        public long CreateUser(string token, string name, string email, string username, string password, string role)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                if (string.IsNullOrEmpty(email) || email.IndexOf('@') < 0)
                    throw new Exception("Invalid email.");
                if (string.IsNullOrWhiteSpace(username))
                    throw new Exception("Invalid username.");
                return ReplicaState.NextId();
            }
        }

        [WebMethod]
        public long CreateCallEx(string token, long documentId, string customerId, string externalData)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetDocument(documentId);
                Call c = ReplicaState.NewCall("");
                Binding b = new Binding();
                b.ToNode = true;
                b.NodeCode = "";
                b.DocumentId = documentId;
                ReplicaState.Bind(c, b);
                return c.Id;
            }
        }

        // SOAP only: a NameValue[] parameter cannot be bound from form values, so ASP.NET leaves
        // the method out of the HttpGet and HttpPost bindings.
        [WebMethod]
        public bool SetCallValues(string token, long callId, NameValue[] fields)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                Call c = ReplicaState.GetCall(callId);
                // An absent fields element arrives as null; the dereference throws the same
                // NullReferenceException a missing array gets elsewhere.
                foreach (NameValue nv in fields)
                {
                    if (nv == null || nv.Name == null)
                        continue;
                    ReplicaState.SetValue(c, nv.Name, nv.Value ?? "");
                }
                return true;
            }
        }

        [WebMethod]
        public NameValue[] GetCallValues(string token, long callId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                Call c = ReplicaState.GetCall(callId);
                NameValue[] result = new NameValue[c.Values.Count];
                for (int i = 0; i < c.Values.Count; i++)
                {
                    NameValue nv = new NameValue();
                    nv.Name = c.Values[i].Key;
                    nv.Value = c.Values[i].Value;
                    result[i] = nv;
                }
                return result;
            }
        }

        static CallDTO CallData(Call c)
        {
            CallDTO d = new CallDTO();
            d.callId = c.Id;
            d.publicId = c.PublicId;
            d.accountNumber = 1;
            d.eventCount = 0;
            d.serverId = 1;
            d.username = ReplicaConfig.Username;
            d.isAgent = true;
            d.language = "en";
            d.comment = c.Comment;
            Contact contact;
            if (c.ContactId != 0 && ReplicaState.Contacts.TryGetValue(c.ContactId, out contact))
                d.contactEmail = contact.Email;
            return d;
        }

        [WebMethod]
        public CallDTO GetCallDataById(string token, long callId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                return CallData(ReplicaState.GetCall(callId));
            }
        }

        [WebMethod]
        public CallDTO GetCallDataByPublicId(string token, string publicId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                return CallData(ReplicaState.GetCallByPublicId(publicId));
            }
        }

        [WebMethod]
        public void GetLanguage(string token, string language)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
            }
        }

        [WebMethod]
        public CallEventDTO[] GetServerEvent(string token, string publicId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCallByPublicId(publicId);
                return new CallEventDTO[0];
            }
        }

        [WebMethod]
        public ChatMessageDTO GetChatMessage(string token, string publicId, int eventIndex)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCallByPublicId(publicId);
                return new ChatMessageDTO();
            }
        }

        [WebMethod]
        public string SetChatMessage(string token, string publicId, string username, string text)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCallByPublicId(publicId);
                return "";
            }
        }

        [WebMethod]
        public DocumentCursorDTO GetDocumentCursor(string token, string publicId, int eventIndex)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCallByPublicId(publicId);
                return new DocumentCursorDTO();
            }
        }

        [WebMethod]
        public bool SetDocumentCursor(string token, long callId, float x, float y)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
                return true;
            }
        }

        [WebMethod]
        public bool SetRedirectURL(string token, long callId, string url)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
                return true;
            }
        }

        [WebMethod]
        public CommandDTO GetClientCommand(string token, string publicId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCallByPublicId(publicId);
                return new CommandDTO();
            }
        }

        [WebMethod]
        public void SetShowBrowseUnload(string token, string publicId, string url)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCallByPublicId(publicId);
            }
        }

        [WebMethod]
        public StapDTO GetCurrentStep(string token, string publicId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCallByPublicId(publicId);
                return new StapDTO();
            }
        }

        [WebMethod]
        public StapDTO SetHomeStep(string token, long callId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
                return new StapDTO();
            }
        }

        [WebMethod]
        public StapDTO SetPrevStep(string token, long callId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
                return new StapDTO();
            }
        }

        [WebMethod]
        public StapDTO SetNextStep(string token, long callId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
                return new StapDTO();
            }
        }

        [WebMethod]
        public string EndCall(string token, long callId, string returnUrl)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId).Ended = true;
                return returnUrl;
            }
        }

        [WebMethod]
        public StapDTO SetViewer(string token, long callId, int page, int zoom, long documentId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
                ReplicaState.GetDocument(documentId);
                return new StapDTO();
            }
        }

        [WebMethod]
        public void SetValue(string token, string publicId, string name, string value)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.SetValue(ReplicaState.GetCallByPublicId(publicId), name, value);
            }
        }

        [WebMethod]
        public string SetViewerWrap(string token, long callId, string type)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
                return "";
            }
        }

        [WebMethod]
        public void SetComment(string token, long callId, string value)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId).Comment = value;
            }
        }

        static long StoreBytes(string token, byte[] file, string filename, string externalId, bool priv, bool temp)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                if (string.IsNullOrWhiteSpace(filename))
                    throw new Exception("Invalid filename.");
                if (file == null || file.Length == 0)
                    throw new Exception("Empty document.");
                if (file.LongLength > ReplicaConfig.MaxDocumentBytes)
                    throw new Exception("Document too large.");
                return ReplicaState.NewDocument(file, filename, externalId, priv, temp).Id;
            }
        }

        [WebMethod]
        public long AddDocumentFromBytes(string token, byte[] file, string filename)
        {
            return StoreBytes(token, file, filename, "", false, false);
        }

        [WebMethod]
        public long AddDocumentFromBytesEx(string token, byte[] file, string filename, string externalId, bool priv, bool temp)
        {
            return StoreBytes(token, file, filename, externalId, priv, temp);
        }

        [WebMethod]
        public long AddDocumentToCall(string token, long callId, long documentId, string nodeCode)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                Call c = ReplicaState.GetCall(callId);
                ReplicaState.GetDocument(documentId);
                Binding b = new Binding();
                b.ToNode = true;
                b.NodeCode = nodeCode ?? "";
                b.DocumentId = documentId;
                ReplicaState.Bind(c, b);
                return documentId;
            }
        }

        [WebMethod]
        public bool DeleteDocument(string token, long documentId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                if (!ReplicaState.Documents.Remove(documentId))
                    return false;
                foreach (Call c in ReplicaState.Calls.Values)
                    c.Documents.RemoveAll(delegate (Binding b) { return b.DocumentId == documentId; });
                return true;
            }
        }

        [WebMethod]
        public string GetDocumentStatus(string token, long documentId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                Document d;
                if (!ReplicaState.Documents.TryGetValue(documentId, out d))
                    return "NOT FOUND";
                decimal pct;
                return ReplicaState.ConversionStatus(d, out pct);
            }
        }

        [WebMethod]
        public DocumentStatusDTO GetDocumentProgress(string token, long documentId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                DocumentStatusDTO s = new DocumentStatusDTO();
                Document d;
                if (!ReplicaState.Documents.TryGetValue(documentId, out d))
                {
                    s.Status = "NOT FOUND";
                    s.Percentage = 0m;
                    return s;
                }
                decimal pct;
                s.Status = ReplicaState.ConversionStatus(d, out pct);
                s.Percentage = pct;
                return s;
            }
        }

        [WebMethod]
        public string VerifyUserByMail(string token, string mail)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                return "";
            }
        }

        [WebMethod]
        public bool SendMail(string token, long callId, string to, string templateCode, string attachments)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCall(callId);
                if (string.IsNullOrEmpty(to) || to.IndexOf('@') < 0)
                    throw new Exception("Invalid email.");
                if (string.IsNullOrWhiteSpace(templateCode))
                    throw new Exception("Unknown templateCode.");
                Mail m = new Mail();
                m.CallId = callId;
                m.To = to;
                m.TemplateCode = templateCode;
                m.Attachments = attachments;
                ReplicaState.Mails.Add(m);
                return true;
            }
        }

        [WebMethod]
        public CallDTO GetCall(string token, long callId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                return CallData(ReplicaState.GetCall(callId));
            }
        }

        [WebMethod]
        public CallDTO GetCallByPublicId(string token, string publicId)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                return CallData(ReplicaState.GetCallByPublicId(publicId));
            }
        }

        [WebMethod]
        public CallEventDTO[] GetEvents(string token, string publicId, int eventCount)
        {
            lock (ReplicaState.Lock)
            {
                ReplicaState.CheckToken(token);
                ReplicaState.GetCallByPublicId(publicId);
                return new CallEventDTO[0];
            }
        }
    }

    // ---------------------------------------------------------------- WSDL: the unused type

    // A SOAP extension reflector (registered in web.config, <soapExtensionReflectorTypes>): after
    // the SOAP bindings are reflected, it exports Basedocument into the service's schema, so the
    // WSDL lists it as the 2016 WSDL did. It adds nothing else: no operation, message or binding.
    public class WsdlExtraTypes : System.Web.Services.Description.SoapExtensionReflector
    {
        public override void ReflectMethod()
        {
        }

        public override void ReflectDescription()
        {
            System.Web.Services.Description.ProtocolReflector ctx = ReflectionContext;
            ctx.SchemaExporter.ExportTypeMapping(ctx.ReflectionImporter.ImportTypeMapping(typeof(Basedocument)));
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
