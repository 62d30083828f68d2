#!/usr/bin/env python3
"""Measure the largest AddDocumentFromBytes each binding accepts on running replica hosts.

Driven by measure-limits.sh, which builds and starts the hosts (ASP.NET's default request limits:
the replica's web.config sets no <httpRuntime> attribute). For each binding it binary-searches the
largest document (in bytes) that is stored (200), then sends one byte more and records what the
host answers, in both customErrors modes:

* HTTP GET: the bytes as repeated query values (token=T&file=B&file=B...&filename=a.pdf);
* HTTP POST: the same as an application/x-www-form-urlencoded body;
* SOAP 1.1: the bytes as base64 text in the <file> element.

Over GET and POST each byte costs "file=" + its decimal digits + "&", so the limit in bytes depends
on the content: it is measured for all-0xFF (three digits, the worst case) and all-0x00 (one digit,
the best case) documents. Prints a Markdown table. Talks only to 127.0.0.1.
"""

import argparse
import base64
import re
import socket
import sys
import time
import urllib.parse

APIKEY = "test-apikey-0000"
USERNAME = "agent@example.test"
PASSWORD = "fake-password-1234"
OPS = "/InsideService20.asmx/"
FILENAME = "a.pdf"


def send(base, method, target, body=b"", headers=()):
    u = urllib.parse.urlsplit(base)
    assert u.hostname == "127.0.0.1", "only loopback traffic"
    lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{u.port}", "Connection: close"] + list(headers)
    if method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body
    with socket.create_connection(("127.0.0.1", u.port), timeout=300) as s:
        s.sendall(raw)
        buf = b""
        while True:
            chunk = s.recv(1 << 16)
            if not chunk:
                break
            buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    m = re.search(rb"(?im)^content-type:\s*(.*?)\s*$", head)
    ctype = m.group(1).decode() if m else ""
    return status, ctype, rest.decode("utf-8", "replace")


def login(base):
    q = urllib.parse.urlencode({"apikey": APIKEY, "username": USERNAME, "password": PASSWORD})
    status, _, body = send(base, "GET", OPS + "Login?" + q)
    m = re.search(r">([0-9a-f]{32})<", body)
    if status != 200 or not m:
        sys.exit(f"login failed: {status} {body[:200]}")
    return m.group(1)


def form_values(token, data):
    return "token=%s&%s&filename=%s" % (token, "&".join("file=%d" % b for b in data), FILENAME)


def try_get(base, token, data):
    q = form_values(token, data)
    return send(base, "GET", OPS + "AddDocumentFromBytes?" + q) + (len(q),)


def try_post(base, token, data):
    body = form_values(token, data).encode("ascii")
    return send(base, "POST", OPS + "AddDocumentFromBytes", body,
                ("Content-Type: application/x-www-form-urlencoded",)) + (len(body),)


def try_soap(base, token, data):
    env = ('<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
           '<soap:Body><AddDocumentFromBytes xmlns="http://www.idiligo.com/"><token>%s</token><file>%s</file>'
           '<filename>%s</filename></AddDocumentFromBytes></soap:Body></soap:Envelope>'
           % (token, base64.b64encode(data).decode("ascii"), FILENAME)).encode("ascii")
    return send(base, "POST", "/InsideService20.asmx", env,
                ("Content-Type: text/xml; charset=utf-8",
                 'SOAPAction: "http://www.idiligo.com/AddDocumentFromBytes"')) + (len(env),)


def largest(attempt, base, token, byte, hi):
    """The largest n in [1, hi) for which attempt(n bytes of `byte`) answers 200 (binary search;
    checks that n succeeds and n+1 fails)."""
    lo = 1
    if attempt(base, token, bytes([byte]) * lo)[0] != 200:
        sys.exit("even a 1-byte document fails")
    if attempt(base, token, bytes([byte]) * hi)[0] == 200:
        sys.exit(f"{hi} bytes still succeed; raise the search bound")
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if attempt(base, token, bytes([byte]) * mid)[0] == 200:
            lo = mid
        else:
            hi = mid
    return lo


def summary(status, ctype, body):
    """One line for what a failed request got back."""
    if "html" in ctype:
        m = re.search(r"\[([\w.]+Exception)\]: ([^\n]*)", body) or re.search(r"<title>([^<]*)</title>", body)
        what = ": ".join(g.strip() for g in m.groups()) if m else body[:120]
        return f"{status} {ctype}, HTML error page ({what})"
    if "<faultstring>" in body:
        code = re.search(r"<faultcode>([^<]*)<", body).group(1)
        fs = re.search(r"<faultstring>([^\n<]*)", body).group(1)
        return f"{status} {ctype}, SOAP fault {code}: {fs}"
    first = body.split("\n", 1)[0]
    return f"{status} {ctype}, body: {first}" if body else f"{status} {ctype}, empty body"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--on", required=True)
    ap.add_argument("--off", required=True)
    a = ap.parse_args()
    tokens = {a.on: login(a.on), a.off: login(a.off)}
    rows = []
    for label, attempt, byte, hi in [
        ("HTTP GET (query values)", try_get, 0xFF, 4096),
        ("HTTP GET (query values)", try_get, 0x00, 4096),
        ("HTTP POST (form values)", try_post, 0xFF, 1 << 20),
        ("HTTP POST (form values)", try_post, 0x00, 1 << 20),
        ("SOAP 1.1 (base64)", try_soap, 0x00, 1 << 23),
    ]:
        t0 = time.time()
        n = largest(attempt, a.on, tokens[a.on], byte, hi)
        ok_len = attempt(a.on, tokens[a.on], bytes([byte]) * n)[3]
        fails = []
        for base in (a.on, a.off):
            status, ctype, body, size = attempt(base, tokens[base], bytes([byte]) * (n + 1))
            fails.append(summary(status, ctype, body))
        if attempt(a.off, tokens[a.off], bytes([byte]) * n)[0] != 200:
            sys.exit(f"{label}: {n} bytes succeed with customErrors On but not Off")
        rows.append((label, "0x%02X" % byte, n, ok_len, size, fails[0], fails[1]))
        print(f"measured {label} 0x{byte:02X}: {n} bytes in {time.time() - t0:.1f} s", file=sys.stderr)
    # aspnet:MaxHttpCollectionKeys (1000 on Microsoft's runtime): distinct form keys besides the
    # three parameters.
    keys = []
    for n in (1001, 5000):
        body = (form_values(tokens[a.on], b"\x01") + "".join("&k%d=1" % i for i in range(n))).encode("ascii")
        status, ctype, text = send(a.on, "POST", OPS + "AddDocumentFromBytes", body,
                                   ("Content-Type: application/x-www-form-urlencoded",))
        keys.append("%d distinct form keys: %s" % (n + 3, "200 (stored)" if status == 200 else summary(status, ctype, text)))
    print("| binding | byte value | largest document | its request (query string / body) | one byte more: request | "
          "one byte more: customErrors On | one byte more: customErrors Off |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print("| %s | %s | %d bytes | %d chars | %d chars | %s | %s |" % r)
    print()
    for k in keys:
        print("* HTTP POST with " + k)


if __name__ == "__main__":
    main()
