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

    def save(self, name, mode, base, method, target, body=None, content_type=None, expect=None):
        raw_req, resp = self.request(base, method, target, body, content_type)
        status = int(resp.split(b" ", 2)[1])
        if expect is not None and status != expect:
            sys.exit(f"capture {name}: status {status}, expected {expect}\n{resp[:600]!r}")
        with open(os.path.join(self.outdir, name + ".http"), "wb") as f:
            f.write(resp)
        self.manifest.append((name + ".http", mode, method, target, content_type or "", body_text(body), status))
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


def limits_cases(c, base, docs, mode):
    """Host started with IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS=1 and IDILIGO_REPLICA_MAX_DOCUMENT_BYTES=16."""
    sfx = "-" + mode
    _, resp = c.request(base, "GET", OPS + "Login?" + q(apikey=APIKEY, username=USERNAME, password=PASSWORD))
    token = text_of(resp)
    c.save("error-document-too-large" + sfx, mode, base, "GET",
           OPS + "AddDocumentFromUrl?" + q(token=token, url=docs + "contract.pdf", filename="c.pdf", externalId="x"), expect=500)
    time.sleep(1.3)
    c.save("error-token-expired" + sfx, mode, base, "GET", OPS + "CreateCall?" + q(token=token, trajectCode="x"), expect=500)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--on", required=True)
    ap.add_argument("--off", required=True)
    ap.add_argument("--limits-on", required=True)
    ap.add_argument("--limits-off", required=True)
    ap.add_argument("--docs", required=True)
    ap.add_argument("--closed-port", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for f in os.listdir(a.out):
        if f.endswith(".http"):
            os.remove(os.path.join(a.out, f))
    c = Capture(a.out)
    success_cases(c, a.on, a.docs)
    error_cases(c, a.on, a.docs, "on", a.closed_port)
    error_cases(c, a.off, a.docs, "off", a.closed_port)
    limits_cases(c, a.limits_on, a.docs, "on")
    limits_cases(c, a.limits_off, a.docs, "off")
    with open(os.path.join(a.out, "MANIFEST.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# file\tcustomErrors\tmethod\ttarget\tcontent-type\tbody\tstatus\n")
        f.write("# Requests were sent with: Host: 127.0.0.1:PORT, User-Agent: %s, Accept: */*,\n" % USER_AGENT)
        f.write("# and for bodies Content-Type (as listed) and Content-Length. Regenerate: tests/asmx/capture-fixtures.sh\n")
        for row in c.manifest:
            f.write("\t".join(str(x).replace("\t", "\\t").replace("\n", "\\n") for x in row) + "\n")
    print(f"captured {len(c.manifest)} responses into {a.out}")


if __name__ == "__main__":
    main()
