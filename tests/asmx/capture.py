#!/usr/bin/env python3
"""Capture raw HTTP responses from running InsideService20 ASMX replica hosts.

Driven by capture-fixtures.sh, which builds and starts the hosts. Every request is sent over a raw
socket to 127.0.0.1 with exactly the bytes listed in MANIFEST.tsv, and the response is stored
byte-for-byte (status line, headers, body) as <case>.http. Nothing is normalised here.
"""

import argparse
import os
import re
import socket
import sys
import time
import urllib.parse

USER_AGENT = "idiligo-fixture-capture/1"
APIKEY = "test-apikey-0000"
USERNAME = "agent@example.test"
PASSWORD = "fake-password-1234"
TICKET = "fake-ticket-5678"
OPS = "/InsideService20.asmx/"


class Capture:
    def __init__(self, outdir):
        self.outdir = outdir
        self.manifest = []

    def request(self, base, method, target, body=None, content_type=None, extra_headers=()):
        u = urllib.parse.urlsplit(base)
        host, port = u.hostname, u.port
        assert host == "127.0.0.1", "only loopback traffic"
        lines = [f"{method} {target} HTTP/1.1", f"Host: {host}:{port}", f"User-Agent: {USER_AGENT}", "Accept: */*"]
        for h in extra_headers:
            lines.append(h)
        data = b""
        if body is not None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            if content_type is not None:
                lines.append(f"Content-Type: {content_type}")
            lines.append(f"Content-Length: {len(data)}")
        raw_req = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + data
        with socket.create_connection((host, port), timeout=60) as s:
            s.sendall(raw_req)
            resp = read_response(s)
        return raw_req, resp

    def save(self, name, mode, base, method, target, body=None, content_type=None, expect=None, headers=()):
        if os.path.exists(os.path.join(self.outdir, name + ".http")):
            sys.exit(f"capture {name}: captured twice")
        raw_req, resp = self.request(base, method, target, body, content_type, headers)
        status = int(resp.split(b" ", 2)[1])
        if expect is not None and status != expect:
            sys.exit(f"capture {name}: status {status}, expected {expect}\n{resp[:600]!r}")
        with open(os.path.join(self.outdir, name + ".http"), "wb") as f:
            f.write(resp)
        self.manifest.append((name + ".http", mode, method, target, content_type or "", body_text(body), status,
                              " | ".join(headers)))
        return resp


def body_text(body):
    if body is None:
        return ""
    return body if isinstance(body, str) else body.decode("latin-1")


def read_response(s):
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            return buf
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    m = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
    if m:
        need = int(m.group(1))
        while len(rest) < need:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
    else:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
    return head + b"\r\n\r\n" + rest


def q(**params):
    return urllib.parse.urlencode(params)


def form(pairs):
    return urllib.parse.urlencode(pairs)


def body_of(resp):
    return resp.split(b"\r\n\r\n", 1)[1].decode("utf-8")


def text_of(resp):
    m = re.search(r'<(string|long) xmlns="http://www.idiligo.com/">([^<]*)</', body_of(resp))
    if not m:
        sys.exit(f"no primitive root in {resp!r}")
    return m.group(2)


def soap_result(resp, op):
    m = re.search(r"<%sResult>([^<]*)</%sResult>" % (op, op), body_of(resp))
    if not m:
        sys.exit(f"no {op}Result in {resp!r}")
    return m.group(1)


FORM = "application/x-www-form-urlencoded"
SOAP_CT = "text/xml; charset=utf-8"


def soap_envelope(op, inner):
    """A SOAP 1.1 document/literal request envelope as a client generated from the WSDL sends it."""
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
            '<soap:Body><%s xmlns="http://www.idiligo.com/">%s</%s></soap:Body></soap:Envelope>' % (op, inner, op))


def soap_action(op):
    return 'SOAPAction: "http://www.idiligo.com/%s"' % op


def xml_escape(v):
    return str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def soap_params(pairs):
    return "".join("<%s>%s</%s>" % (k, xml_escape(v), k) for k, v in pairs)


def both(c, name, mode, base, op, pairs, expect, sfx=""):
    """One request over GET (name) and POST (name-post), the same parameters."""
    c.save(name + sfx, mode, base, "GET", OPS + op + "?" + form(pairs), expect=expect)
    c.save(name + "-post" + sfx, mode, base, "POST", OPS + op, form(pairs), FORM, expect=expect)


def success_cases(c, base, docs):
    """Success responses do not depend on the customErrors mode; captured from the On host."""
    m = "on"
    r = c.save("login-ok", m, base, "GET", OPS + "Login?" + q(apikey=APIKEY, username=USERNAME, password=PASSWORD), expect=200)
    token = text_of(r)
    c.save("login-ok-post", m, base, "POST", OPS + "Login",
           form([("apikey", APIKEY), ("username", USERNAME), ("password", PASSWORD)]),
           "application/x-www-form-urlencoded", expect=200)
    c.save("impersonate-ok", m, base, "GET", OPS + "Impersonate?" + q(apikey=APIKEY, username=USERNAME, ticket=TICKET), expect=200)
    r = c.save("createcontact-ok", m, base, "GET",
               OPS + "CreateContact?" + q(token=token, email="jan@example.test", firstName="Jan", lastName="Jansen"), expect=200)
    contact = text_of(r)
    r = c.save("createcall-ok", m, base, "POST", OPS + "CreateCall", form([("token", token), ("trajectCode", "SCRIPT-1")]),
               "application/x-www-form-urlencoded", expect=200)
    call = text_of(r)
    c.save("setcontact-void", m, base, "GET", OPS + "SetContact?" + q(token=token, callId=call, contactId=contact), expect=200)
    c.save("setcontact-void-post", m, base, "POST", OPS + "SetContact",
           form([("token", token), ("callId", call), ("contactId", contact)]), "application/x-www-form-urlencoded", expect=200)
    c.save("getagenturl-ok", m, base, "GET",
           OPS + "GetAgentUrl?" + q(token=token, callId=call, returnUrl="https://example.test/done?a=1&b=<2>"), expect=200)
    c.save("getagenturl-noreturn", m, base, "GET", OPS + "GetAgentUrl?" + q(token=token, callId=call, returnUrl=""), expect=200)
    r = c.save("getpubliccallid-ok", m, base, "GET", OPS + "GetPublicCallId?" + q(token=token, callId=call), expect=200)
    public_id = text_of(r)
    c.save("setvalues-void", m, base, "POST", OPS + "SetValues",
           form([("token", token), ("publicId", public_id), ("names", "firstName"), ("names", "lastName"),
                 ("values", "Jan"), ("values", "Jansen & Zn")]), "application/x-www-form-urlencoded", expect=200)
    c.save("getattachments-empty", m, base, "GET", OPS + "GetAttachments?" + q(token=token, callId=call), expect=200)
    r = c.save("adddocumentfromurl-ok", m, base, "GET",
               OPS + "AddDocumentFromUrl?" + q(token=token, url=docs + "contract.pdf", filename="contract.pdf", externalId="ext-1"),
               expect=200)
    doc1 = text_of(r)
    c.save("setdocumenttouploadaction-void", m, base, "GET",
           OPS + "SetDocumentToUploadAction?" + q(token=token, callId=call, externalId="ext-1", documentId=doc1), expect=200)
    c.save("getattachments-one", m, base, "GET", OPS + "GetAttachments?" + q(token=token, callId=call), expect=200)
    r = c.save("adddocumentfromurl-ok-post", m, base, "POST", OPS + "AddDocumentFromUrl",
               form([("token", token), ("url", docs + "scan-2.bin"), ("filename", "photo & <2> \u00e9.bin"), ("externalId", "ext-2")]),
               "application/x-www-form-urlencoded; charset=utf-8", expect=200)
    doc2 = text_of(r)
    c.save("setdocumenttouploadaction-void-post", m, base, "POST", OPS + "SetDocumentToUploadAction",
           form([("token", token), ("callId", call), ("externalId", "ext-2"), ("documentId", doc2)]),
           "application/x-www-form-urlencoded", expect=200)
    c.save("getattachments-two", m, base, "GET", OPS + "GetAttachments?" + q(token=token, callId=call), expect=200)
    c.save("getattachments-two-post", m, base, "POST", OPS + "GetAttachments", form([("token", token), ("callId", call)]),
           "application/x-www-form-urlencoded", expect=200)
    c.save("download-ok", m, base, "GET", "/Download.ashx?id=" + doc1, expect=200)
    c.save("download-notfound", m, base, "GET", "/Download.ashx?id=1", expect=404)
    c.save("download-missing-id", m, base, "GET", "/Download.ashx", expect=404)
    # Mono-only quirk: the ScriptHandlerFactory answers JSON POSTs even without [ScriptService].
    c.save("quirk-json-post-mono", m, base, "POST", OPS + "CreateCall",
           '{"token":"%s","trajectCode":"JSON"}' % token, "application/json; charset=utf-8", expect=200)
    c.save("wsdl", m, base, "GET", "/InsideService20.asmx?WSDL", expect=200)
    return token


def error_cases(c, base, docs, mode, closed_port):
    """Errors in one customErrors mode; every file name ends in -on or -off."""
    sfx = "-" + mode
    r, resp = c.request(base, "GET", OPS + "Login?" + q(apikey=APIKEY, username=USERNAME, password=PASSWORD))
    token = text_of(resp)
    _, resp = c.request(base, "GET", OPS + "CreateCall?" + q(token=token, trajectCode="SCRIPT-1"))
    call = text_of(resp)
    _, resp = c.request(base, "GET", OPS + "GetPublicCallId?" + q(token=token, callId=call))
    public_id = text_of(resp)
    _, resp = c.request(base, "GET", OPS + "CreateContact?" + q(token=token, email="a@example.test", firstName="", lastName=""))
    contact = text_of(resp)

    def e(name, method, target, body=None, ctype=None):
        if method == "POST" and ctype is None and body is not None:
            ctype = "application/x-www-form-urlencoded"
        c.save(name + sfx, mode, base, method, target, body, ctype, expect=500)

    e("error-invalid-credentials", "GET", OPS + "Login?" + q(apikey="wrong", username=USERNAME, password=PASSWORD))
    e("error-invalid-credentials-impersonate", "POST", OPS + "Impersonate",
      form([("apikey", APIKEY), ("username", USERNAME), ("ticket", "wrong")]))
    e("error-invalid-token", "GET", OPS + "CreateCall?" + q(token="0" * 32, trajectCode="SCRIPT-1"))
    e("error-invalid-token-post", "POST", OPS + "GetAttachments", form([("token", "nope"), ("callId", call)]))
    e("error-invalid-email", "GET", OPS + "CreateContact?" + q(token=token, email="no-at-sign", firstName="", lastName=""))
    e("error-unknown-trajectcode", "GET", OPS + "CreateCall?" + q(token=token, trajectCode=" "))
    e("error-unknown-callid", "GET", OPS + "GetPublicCallId?" + q(token=token, callId="1"))
    e("error-unknown-contactid", "GET", OPS + "SetContact?" + q(token=token, callId=call, contactId="1"))
    e("error-unknown-publicid", "POST", OPS + "SetValues",
      form([("token", token), ("publicId", "nope"), ("names", "a"), ("values", "1")]))
    e("error-unknown-documentid", "GET",
      OPS + "SetDocumentToUploadAction?" + q(token=token, callId=call, externalId="x", documentId="1"))
    e("error-names-values-length", "POST", OPS + "SetValues",
      form([("token", token), ("publicId", public_id), ("names", "a"), ("names", "b"), ("values", "1")]))
    e("error-invalid-filename", "GET",
      OPS + "AddDocumentFromUrl?" + q(token=token, url=docs + "contract.pdf", filename="", externalId="x"))
    e("error-invalid-url", "GET", OPS + "AddDocumentFromUrl?" + q(token=token, url="ftp://127.0.0.1/x", filename="x", externalId="x"))
    e("error-invalid-url-relative", "GET", OPS + "AddDocumentFromUrl?" + q(token=token, url="contract.pdf", filename="x", externalId="x"))
    e("error-download-404", "GET",
      OPS + "AddDocumentFromUrl?" + q(token=token, url=docs + "missing.pdf", filename="x", externalId="x"))
    e("error-download-refused", "GET",
      OPS + "AddDocumentFromUrl?" + q(token=token, url=f"http://127.0.0.1:{closed_port}/x", filename="x", externalId="x"))
    # Framework errors.
    e("error-missing-param", "GET", OPS + "CreateCall?" + q(token=token))
    e("error-missing-param-post", "POST", OPS + "CreateCall", form([("token", token)]))
    e("error-post-query-only", "POST", OPS + "CreateCall?" + q(token=token, trajectCode="x"), "",
      "application/x-www-form-urlencoded")
    e("error-missing-array", "POST", OPS + "SetValues", form([("token", token), ("publicId", public_id)]))
    e("error-bad-long", "GET", OPS + "GetAgentUrl?" + q(token=token, callId="abc", returnUrl=""))
    e("error-empty-long", "GET", OPS + "GetAgentUrl?" + q(token=token, callId="", returnUrl=""))
    e("error-long-overflow", "GET", OPS + "GetAgentUrl?" + q(token=token, callId="99999999999999999999", returnUrl=""))
    e("error-unknown-op", "GET", OPS + "NoSuchOperation?" + q(token=token))
    e("error-unknown-op-post", "POST", OPS + "NoSuchOperation", form([("token", token)]))
    e("error-wrong-case-op", "GET", OPS + "createcall?" + q(token=token, trajectCode="x"))
    e("error-nonform-post", "POST", OPS + "CreateCall", form([("token", token), ("trajectCode", "x")]), "text/plain")
    e("error-xml-post", "POST", OPS + "CreateCall", "<CreateCall/>", "text/xml; charset=utf-8")
    e("error-request-validation", "GET",
      OPS + "CreateContact?" + q(token=token, email="<script>@example.test", firstName="", lastName=""))
    e("error-request-validation-post", "POST", OPS + "SetValues",
      form([("token", token), ("publicId", public_id), ("names", "html"), ("values", "<b>bold</b>")]))
    e("error-invalid-token-html-chars", "GET", OPS + "CreateCall?" + q(token="a&b\"c'd", trajectCode="x"))



def new_operation_cases(c, base, token):
    """Success answers of the operations beyond the guide's eleven (On host). Typed operations
    and the document operations over GET and POST; the rest over GET (GET and POST success
    bodies are byte-identical)."""
    m = "on"
    t = token
    _, r = c.request(base, "GET", OPS + "CreateCall?" + q(token=t, trajectCode="SCRIPT-2"))
    call = text_of(r)
    _, r = c.request(base, "GET", OPS + "GetPublicCallId?" + q(token=t, callId=call))
    pub = text_of(r)
    _, r = c.request(base, "GET", OPS + "CreateContact?" + q(token=t, email="piet@example.test", firstName="Piet", lastName="P"))
    contact = text_of(r)

    # Values: one list written by SetValues, SetValue (and SetCallValues over SOAP).
    both(c, "op-getcallvalues-empty", m, base, "GetCallValues", [("token", t), ("callId", call)], 200)
    both(c, "op-setvalue-void", m, base, "SetValue",
         [("token", t), ("publicId", pub), ("name", "Amount"), ("value", "1 000,50 & more")], 200)
    c.request(base, "POST", OPS + "SetValues", form([("token", t), ("publicId", pub), ("names", "Customer"),
                                                      ("names", "Amount"), ("values", "C-1"), ("values", "2")]), FORM)
    both(c, "op-getcallvalues", m, base, "GetCallValues", [("token", t), ("callId", call)], 200)

    # Call data: comment and contact e-mail appear once set.
    c.save("op-getcall-bare", m, base, "GET", OPS + "GetCall?" + q(token=t, callId=call), expect=200)
    both(c, "op-setcomment-void", m, base, "SetComment", [("token", t), ("callId", call), ("value", "Called back & ok")], 200)
    c.request(base, "GET", OPS + "SetContact?" + q(token=t, callId=call, contactId=contact))
    both(c, "op-getcall", m, base, "GetCall", [("token", t), ("callId", call)], 200)
    both(c, "op-getcallbypublicid", m, base, "GetCallByPublicId", [("token", t), ("publicId", pub)], 200)
    c.save("op-getcalldatabyid", m, base, "GET", OPS + "GetCallDataById?" + q(token=t, callId=call), expect=200)
    c.save("op-getcalldatabypublicid", m, base, "GET", OPS + "GetCallDataByPublicId?" + q(token=t, publicId=pub), expect=200)
    c.request(base, "GET", OPS + "SetComment?" + q(token=t, callId=call, value=""))
    c.save("op-getcall-empty-comment", m, base, "GET", OPS + "GetCall?" + q(token=t, callId=call), expect=200)
    both(c, "op-endcall", m, base, "EndCall", [("token", t), ("callId", call), ("returnUrl", "https://crm.example/back?x=1&y=2")], 200)
    c.save("op-endcall-empty", m, base, "GET", OPS + "EndCall?" + q(token=t, callId=call, returnUrl=""), expect=200)
    both(c, "op-sendmail", m, base, "SendMail",
         [("token", t), ("callId", call), ("to", "jan@example.test"), ("templateCode", "INVITE"), ("attachments", "")], 200)

    # Documents from bytes: over GET/POST one form value per byte.
    doc_bytes = b"%PDF-1.4 bytes\n\x00\xff"
    file_pairs = [("file", str(b)) for b in doc_bytes]
    r = c.save("op-adddocumentfrombytes", m, base, "GET",
               OPS + "AddDocumentFromBytes?" + form([("token", t)] + file_pairs + [("filename", "bytes.pdf")]), expect=200)
    doc = text_of(r)
    c.save("op-adddocumentfrombytes-post", m, base, "POST", OPS + "AddDocumentFromBytes",
           form([("token", t)] + file_pairs + [("filename", "bytes-2.pdf")]), FORM, expect=200)
    c.save("op-adddocumentfrombytesex", m, base, "GET", OPS + "AddDocumentFromBytesEx?" + form(
        [("token", t)] + file_pairs + [("filename", "ex.pdf"), ("externalId", "ext-9"), ("priv", "true"), ("temp", "False")]),
        expect=200)
    r = c.save("op-adddocumentfrombytesex-post", m, base, "POST", OPS + "AddDocumentFromBytesEx", form(
        [("token", t)] + file_pairs + [("filename", "ex-2.pdf"), ("externalId", ""), ("priv", "false"), ("temp", "true")]),
        FORM, expect=200)
    doc_ex = text_of(r)
    c.save("download-frombytes", m, base, "GET", "/Download.ashx?id=" + doc, expect=200)
    both(c, "op-adddocumenttocall", m, base, "AddDocumentToCall",
         [("token", t), ("callId", call), ("documentId", doc), ("nodeCode", "NODE-1")], 200)
    c.save("op-getattachments-node", m, base, "GET", OPS + "GetAttachments?" + q(token=t, callId=call), expect=200)
    both(c, "op-getdocumentstatus", m, base, "GetDocumentStatus", [("token", t), ("documentId", doc)], 200)
    c.save("op-getdocumentstatus-notfound", m, base, "GET", OPS + "GetDocumentStatus?" + q(token=t, documentId="1"), expect=200)
    both(c, "op-getdocumentprogress", m, base, "GetDocumentProgress", [("token", t), ("documentId", doc)], 200)
    c.save("op-getdocumentprogress-notfound", m, base, "GET", OPS + "GetDocumentProgress?" + q(token=t, documentId="1"),
           expect=200)
    r = c.save("op-createcallex", m, base, "GET",
               OPS + "CreateCallEx?" + q(token=t, documentId=doc_ex, customerId="C-9", externalData="x=1"), expect=200)
    call_ex = text_of(r)
    c.save("op-createcallex-post", m, base, "POST", OPS + "CreateCallEx",
           form([("token", t), ("documentId", doc_ex), ("customerId", ""), ("externalData", "")]), FORM, expect=200)
    c.save("op-getattachments-createcallex", m, base, "GET", OPS + "GetAttachments?" + q(token=t, callId=call_ex), expect=200)
    c.save("op-deletedocument-true", m, base, "GET", OPS + "DeleteDocument?" + q(token=t, documentId=doc), expect=200)
    c.save("op-deletedocument-false-post", m, base, "POST", OPS + "DeleteDocument", form([("token", t), ("documentId", doc)]),
           FORM, expect=200)
    c.save("op-getattachments-after-delete", m, base, "GET", OPS + "GetAttachments?" + q(token=t, callId=call), expect=200)
    c.save("download-deleted", m, base, "GET", "/Download.ashx?id=" + doc, expect=404)

    # Every other operation: its default answer after the checks.
    for op, pairs in [
        ("LoginBytoken", [("token", t)]),
        ("GetServerId", [("token", t), ("publicId", pub)]),
        ("SaveCredentials", [("token", t)]),
        ("DeleteCredentials", [("token", t)]),
        ("NavigateToAgentUrl", [("token", t), ("callId", call), ("returnUrl", "https://crm.example/")]),
        ("GetSesData", [("token", t)]),
        ("CreateUser", [("token", t), ("name", "Ann"), ("email", "ann@example.test"), ("username", "ann"),
                        ("password", "fake-user-password"), ("role", "agent")]),
        ("GetLanguage", [("token", t), ("language", "nl")]),
        ("GetServerEvent", [("token", t), ("publicId", pub)]),
        ("GetChatMessage", [("token", t), ("publicId", pub), ("eventIndex", "3")]),
        ("SetChatMessage", [("token", t), ("publicId", pub), ("username", "agent"), ("text", "hello")]),
        ("GetDocumentCursor", [("token", t), ("publicId", pub), ("eventIndex", "0")]),
        ("SetDocumentCursor", [("token", t), ("callId", call), ("x", "1.5"), ("y", "-2.25E+3")]),
        ("SetRedirectURL", [("token", t), ("callId", call), ("url", "https://example.test/")]),
        ("GetClientCommand", [("token", t), ("publicId", pub)]),
        ("SetShowBrowseUnload", [("token", t), ("publicId", pub), ("url", "https://example.test/")]),
        ("GetCurrentStep", [("token", t), ("publicId", pub)]),
        ("SetHomeStep", [("token", t), ("callId", call)]),
        ("SetPrevStep", [("token", t), ("callId", call)]),
        ("SetNextStep", [("token", t), ("callId", call)]),
        ("SetViewer", [("token", t), ("callId", call), ("page", "2"), ("zoom", "100"), ("documentId", doc_ex)]),
        ("SetViewerWrap", [("token", t), ("callId", call), ("type", "wrap")]),
        ("VerifyUserByMail", [("token", t), ("mail", "ann@example.test")]),
        ("GetEvents", [("token", t), ("publicId", pub), ("eventCount", "0")]),
    ]:
        c.save("op-" + op.lower(), m, base, "GET", OPS + op + "?" + form(pairs), expect=200)
    c.save("op-getsesdata-post", m, base, "POST", OPS + "GetSesData", form([("token", t)]), FORM, expect=200)


def new_error_cases(c, base, mode):
    """Errors of the operations beyond the guide's eleven, over GET and POST, in one mode."""
    sfx = "-" + mode
    _, r = c.request(base, "GET", OPS + "Login?" + q(apikey=APIKEY, username=USERNAME, password=PASSWORD))
    t = text_of(r)
    _, r = c.request(base, "GET", OPS + "CreateCall?" + q(token=t, trajectCode="SCRIPT-3"))
    call = text_of(r)
    _, r = c.request(base, "GET", OPS + "GetPublicCallId?" + q(token=t, callId=call))
    pub = text_of(r)
    _, r = c.request(base, "GET", OPS + "AddDocumentFromBytes?" + form([("token", t), ("file", "1"), ("filename", "a")]))
    doc = text_of(r)

    def e(name, op, pairs):
        both(c, "error-" + name, mode, base, op, pairs, 500, sfx)

    e("getcallvalues-invalid-token", "GetCallValues", [("token", "nope"), ("callId", call)])
    e("getcallvalues-unknown-callid", "GetCallValues", [("token", t), ("callId", "1")])
    e("setvalue-unknown-publicid", "SetValue", [("token", t), ("publicId", "nope"), ("name", "a"), ("value", "b")])
    e("setcomment-unknown-callid", "SetComment", [("token", t), ("callId", "1"), ("value", "x")])
    e("getcall-unknown-callid", "GetCall", [("token", t), ("callId", "1")])
    e("getcallbypublicid-unknown-publicid", "GetCallByPublicId", [("token", t), ("publicId", "nope")])
    e("endcall-unknown-callid", "EndCall", [("token", t), ("callId", "1"), ("returnUrl", "")])
    e("sendmail-unknown-callid", "SendMail",
      [("token", t), ("callId", "1"), ("to", "a@b.c"), ("templateCode", "T"), ("attachments", "")])
    e("sendmail-invalid-email", "SendMail",
      [("token", t), ("callId", call), ("to", "nobody"), ("templateCode", "T"), ("attachments", "")])
    e("sendmail-unknown-templatecode", "SendMail",
      [("token", t), ("callId", call), ("to", "a@b.c"), ("templateCode", " "), ("attachments", "")])
    e("adddocumentfrombytes-invalid-filename", "AddDocumentFromBytes", [("token", t), ("file", "1"), ("filename", " ")])
    e("adddocumentfrombytes-invalid-token", "AddDocumentFromBytes", [("token", "nope"), ("file", "1"), ("filename", "a")])
    e("adddocumentfrombytes-missing-file", "AddDocumentFromBytes", [("token", t), ("filename", "a")])
    e("adddocumentfrombytes-empty-file-value", "AddDocumentFromBytes", [("token", t), ("file", ""), ("filename", "a")])
    e("adddocumenttocall-unknown-callid", "AddDocumentToCall",
      [("token", t), ("callId", "1"), ("documentId", doc), ("nodeCode", "N")])
    e("adddocumenttocall-unknown-documentid", "AddDocumentToCall",
      [("token", t), ("callId", call), ("documentId", "1"), ("nodeCode", "N")])
    e("createcallex-unknown-documentid", "CreateCallEx",
      [("token", t), ("documentId", "1"), ("customerId", ""), ("externalData", "")])
    e("createuser-invalid-email", "CreateUser", [("token", t), ("name", "n"), ("email", "x"), ("username", "u"),
                                                  ("password", "fake-pw"), ("role", "")])
    e("createuser-invalid-username", "CreateUser", [("token", t), ("name", "n"), ("email", "a@b.c"), ("username", ""),
                                                     ("password", "fake-pw"), ("role", "")])
    e("getdocumentstatus-invalid-token", "GetDocumentStatus", [("token", "nope"), ("documentId", "1")])
    e("getdocumentprogress-invalid-token", "GetDocumentProgress", [("token", "nope"), ("documentId", "1")])
    e("deletedocument-invalid-token", "DeleteDocument", [("token", "nope"), ("documentId", "1")])
    e("setviewer-unknown-documentid", "SetViewer",
      [("token", t), ("callId", call), ("page", "1"), ("zoom", "1"), ("documentId", "1")])
    e("getserverid-unknown-publicid", "GetServerId", [("token", t), ("publicId", "nope")])
    # The framework's parameter binder, before the method (even before the token check).
    e("binder-bad-int", "GetChatMessage", [("token", "nope"), ("publicId", pub), ("eventIndex", "abc")])
    e("binder-int-overflow", "GetChatMessage", [("token", t), ("publicId", pub), ("eventIndex", "2147483648")])
    e("binder-bad-boolean", "AddDocumentFromBytesEx", [("token", t), ("file", "1"), ("filename", "a"),
                                                        ("externalId", ""), ("priv", "yes"), ("temp", "false")])
    e("binder-boolean-digit", "AddDocumentFromBytesEx", [("token", t), ("file", "1"), ("filename", "a"),
                                                          ("externalId", ""), ("priv", "false"), ("temp", "1")])
    e("binder-bad-float", "SetDocumentCursor", [("token", t), ("callId", call), ("x", "abc"), ("y", "0")])
    e("binder-bad-long", "GetCall", [("token", t), ("callId", "12x")])
    e("binder-byte-too-large", "AddDocumentFromBytes", [("token", t), ("file", "37"), ("file", "256"), ("filename", "a")])
    e("binder-byte-negative", "AddDocumentFromBytes", [("token", t), ("file", "-1"), ("filename", "a")])
    e("binder-byte-not-a-number", "AddDocumentFromBytes", [("token", t), ("file", "0x25"), ("filename", "a")])
    # SOAP-only: not offered over GET/POST.
    e("setcallvalues-not-on-http", "SetCallValues", [("token", t), ("callId", call), ("fields", "a")])


def soap_cases(c, base, mode):
    """SOAP 1.1 (POST /InsideService20.asmx, text/xml, SOAPAction): answers of each shape (On
    host only) and faults (both modes)."""
    sfx = "-" + mode
    target = "/InsideService20.asmx"

    def sv(name, op, inner, expect, action=None, body=None, ctype=SOAP_CT, headers=None):
        if headers is None:
            headers = (soap_action(action or op),)
        return c.save(name, mode, base, "POST", target, body if body is not None else soap_envelope(op, inner),
                      ctype, expect=expect, headers=headers)

    def call(op, pairs):
        _, r = c.request(base, "POST", target, soap_envelope(op, soap_params(pairs)), SOAP_CT, (soap_action(op),))
        return soap_result(r, op)

    login = [("apikey", APIKEY), ("username", USERNAME), ("password", PASSWORD)]
    if mode == "on":
        t = soap_result(sv("soap-login", "Login", soap_params(login), 200), "Login")
        call_id = soap_result(sv("soap-createcall", "CreateCall", soap_params([("token", t), ("trajectCode", "SOAP")]), 200),
                              "CreateCall")
        pub = soap_result(sv("soap-getpubliccallid", "GetPublicCallId", soap_params([("token", t), ("callId", call_id)]), 200),
                          "GetPublicCallId")
        sv("soap-getserverid", "GetServerId", soap_params([("token", t), ("publicId", pub)]), 200)
        sv("soap-setcomment-void", "SetComment", soap_params([("token", t), ("callId", call_id), ("value", "via SOAP")]), 200)
        sv("soap-sendmail", "SendMail", soap_params([("token", t), ("callId", call_id), ("to", "jan@example.test"),
                                                     ("templateCode", "INVITE"), ("attachments", "")]), 200)
        sv("soap-getcallvalues-empty", "GetCallValues", soap_params([("token", t), ("callId", call_id)]), 200)
        fields = ("<fields><NameValue><Name>Amount</Name><Value>1 000,50 &amp; more</Value></NameValue>"
                  "<NameValue><Name>Html</Name><Value>&lt;b&gt;bold&lt;/b&gt;</Value></NameValue>"
                  "<NameValue><Name>NoValue</Name></NameValue>"
                  "<NameValue><Value>no name: skipped</Value></NameValue></fields>")
        sv("soap-setcallvalues", "SetCallValues", soap_params([("token", t), ("callId", call_id)]) + fields, 200)
        sv("soap-setvalue-html-void", "SetValue", soap_params([("token", t), ("publicId", pub), ("name", "Note"),
                                                               ("value", "<i>no request validation on SOAP</i>")]), 200)
        sv("soap-getcallvalues", "GetCallValues", soap_params([("token", t), ("callId", call_id)]), 200)
        sv("soap-getcall", "GetCall", soap_params([("token", t), ("callId", call_id)]), 200)
        doc = soap_result(sv("soap-adddocumentfrombytes", "AddDocumentFromBytes",
                             soap_params([("token", t), ("file", "JVBERi0xLjQKc29hcCBieXRlcwr/AA=="),
                                          ("filename", "soap.pdf")]), 200), "AddDocumentFromBytes")
        sv("soap-adddocumentfrombytesex", "AddDocumentFromBytesEx",
           soap_params([("token", t), ("file", "AAEC"), ("filename", "ex.bin"), ("externalId", "e"), ("priv", "1"),
                        ("temp", "false")]), 200)
        sv("soap-setdocumenttouploadaction-void", "SetDocumentToUploadAction",
           soap_params([("token", t), ("callId", call_id), ("externalId", "ext-1"), ("documentId", doc)]), 200)
        sv("soap-getattachments", "GetAttachments", soap_params([("token", t), ("callId", call_id)]), 200)
        sv("soap-getdocumentprogress", "GetDocumentProgress", soap_params([("token", t), ("documentId", doc)]), 200)
        sv("soap-sethomestep", "SetHomeStep", soap_params([("token", t), ("callId", call_id)]), 200)
        sv("soap-endcall", "EndCall", soap_params([("token", t), ("callId", call_id), ("returnUrl", "https://crm.example/")]),
           200)
        sv("soap-endcall-no-returnurl", "EndCall", soap_params([("token", t), ("callId", call_id)]), 200)
        sv("soap-getdocumentcursor", "GetDocumentCursor", soap_params([("token", t), ("publicId", pub), ("eventIndex", "0")]),
           200)
        sv("soap-getclientcommand", "GetClientCommand", soap_params([("token", t), ("publicId", pub)]), 200)
        sv("soap-getevents-empty", "GetEvents", soap_params([("token", t), ("publicId", pub), ("eventCount", "0")]), 200)
    else:
        t = call("Login", login)
        call_id = call("CreateCall", [("token", t), ("trajectCode", "SOAP")])

    # Faults (and what Mono does with malformed requests), in both modes.
    sv("soap-fault-invalid-token" + sfx, "GetCall", soap_params([("token", "nope"), ("callId", call_id)]), 500)
    sv("soap-fault-unknown-callid" + sfx, "GetCall", soap_params([("token", t), ("callId", "1")]), 500)
    sv("soap-fault-missing-callid" + sfx, "GetCall", soap_params([("token", t)]), 500)
    sv("soap-fault-missing-token" + sfx, "GetCall", soap_params([("callId", call_id)]), 500)
    sv("soap-fault-bad-long" + sfx, "GetCall", soap_params([("token", t), ("callId", "abc")]), 500)
    sv("soap-fault-bad-base64" + sfx, "AddDocumentFromBytes",
       soap_params([("token", t), ("file", "not base64!"), ("filename", "a")]), 400)
    sv("soap-fault-empty-document" + sfx, "AddDocumentFromBytes", soap_params([("token", t), ("file", ""), ("filename", "a")]),
       500)
    sv("soap-fault-missing-arrays" + sfx, "SetCallValues", soap_params([("token", t), ("callId", call_id)]), 500)
    sv("soap-fault-not-xml" + sfx, "GetCall", None, 400, body="this is not XML")
    sv("soap-fault-unknown-action" + sfx, "GetCall", soap_params([("token", t), ("callId", call_id)]), 500,
       action="NoSuchOperation")
    sv("soap-fault-action-body-mismatch" + sfx, "GetSesData", soap_params([("token", t)]), 500, action="GetCall")
    sv("soap-no-soapaction" + sfx, "GetPublicCallId", soap_params([("token", t), ("callId", call_id)]), 200, headers=())
    sv("soap-unquoted-soapaction" + sfx, "GetPublicCallId", soap_params([("token", t), ("callId", call_id)]), 200,
       headers=("SOAPAction: http://www.idiligo.com/GetPublicCallId",))

def limits_cases(c, base, docs, mode):
    """Host started with IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS=1, IDILIGO_REPLICA_MAX_DOCUMENT_BYTES=16 and
    IDILIGO_REPLICA_FAIL_CONVERSION_MARKER=FAIL."""
    sfx = "-" + mode
    _, resp = c.request(base, "GET", OPS + "Login?" + q(apikey=APIKEY, username=USERNAME, password=PASSWORD))
    token = text_of(resp)
    c.save("error-document-too-large" + sfx, mode, base, "GET",
           OPS + "AddDocumentFromUrl?" + q(token=token, url=docs + "contract.pdf", filename="c.pdf", externalId="x"), expect=500)
    seventeen = [("file", str(i)) for i in range(17)]
    both(c, "error-adddocumentfrombytes-too-large", mode, base, "AddDocumentFromBytes",
         [("token", token)] + seventeen + [("filename", "big.bin")], 500, sfx)
    c.save("soap-fault-document-too-large" + sfx, mode, base, "POST", "/InsideService20.asmx",
           soap_envelope("AddDocumentFromBytes", soap_params([("token", token), ("file", "AAECAwQFBgcICQoLDA0ODxA="),
                                                             ("filename", "big.bin")])),
           SOAP_CT, expect=500, headers=(soap_action("AddDocumentFromBytes"),))
    if mode == "on":
        # IDILIGO_REPLICA_FAIL_CONVERSION_MARKER=FAIL: a document whose name contains it ends in ERROR.
        _, r = c.request(base, "GET", OPS + "AddDocumentFromBytes?" + form([("token", token), ("file", "1"),
                                                                            ("filename", "scan-FAIL.pdf")]))
        failed = text_of(r)
        c.save("op-getdocumentstatus-error", mode, base, "GET", OPS + "GetDocumentStatus?" + q(token=token, documentId=failed),
               expect=200)
        c.save("op-getdocumentprogress-error", mode, base, "GET",
               OPS + "GetDocumentProgress?" + q(token=token, documentId=failed), expect=200)
    time.sleep(1.3)
    c.save("error-token-expired" + sfx, mode, base, "GET", OPS + "CreateCall?" + q(token=token, trajectCode="x"), expect=500)


def slow_conversion_cases(c, base):
    """Host started with IDILIGO_REPLICA_CONVERSION_MS=600000: every document stays BUSY (0 %)
    for the few seconds this takes."""
    m = "on"
    _, r = c.request(base, "GET", OPS + "Login?" + q(apikey=APIKEY, username=USERNAME, password=PASSWORD))
    t = text_of(r)
    _, r = c.request(base, "GET", OPS + "AddDocumentFromBytes?" + form([("token", t), ("file", "1"), ("filename", "a.pdf")]))
    doc = text_of(r)
    c.save("op-getdocumentstatus-busy", m, base, "GET", OPS + "GetDocumentStatus?" + q(token=t, documentId=doc), expect=200)
    c.save("op-getdocumentprogress-busy", m, base, "GET", OPS + "GetDocumentProgress?" + q(token=t, documentId=doc),
           expect=200)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--on", required=True)
    ap.add_argument("--off", required=True)
    ap.add_argument("--limits-on", required=True)
    ap.add_argument("--limits-off", required=True)
    ap.add_argument("--slow", required=True)
    ap.add_argument("--docs", required=True)
    ap.add_argument("--closed-port", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for f in os.listdir(a.out):
        if f.endswith(".http"):
            os.remove(os.path.join(a.out, f))
    c = Capture(a.out)
    token = success_cases(c, a.on, a.docs)
    error_cases(c, a.on, a.docs, "on", a.closed_port)
    error_cases(c, a.off, a.docs, "off", a.closed_port)
    new_operation_cases(c, a.on, token)
    new_error_cases(c, a.on, "on")
    new_error_cases(c, a.off, "off")
    soap_cases(c, a.on, "on")
    soap_cases(c, a.off, "off")
    slow_conversion_cases(c, a.slow)
    limits_cases(c, a.limits_on, a.docs, "on")
    limits_cases(c, a.limits_off, a.docs, "off")
    with open(os.path.join(a.out, "MANIFEST.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# file\tcustomErrors\tmethod\ttarget\tcontent-type\tbody\tstatus\textra request headers\n")
        f.write("# Requests were sent with: Host: 127.0.0.1:PORT, User-Agent: %s, Accept: */*,\n" % USER_AGENT)
        f.write("# and for bodies Content-Type (as listed) and Content-Length; the last column lists further\n")
        f.write("# request headers (SOAPAction), separated by ' | '. Regenerate: tests/asmx/capture-fixtures.sh\n")
        for row in c.manifest:
            f.write("\t".join(str(x).replace("\t", "\\t").replace("\n", "\\n") for x in row) + "\n")
    print(f"captured {len(c.manifest)} responses into {a.out}")


if __name__ == "__main__":
    main()
