#!/usr/bin/env python3
"""The fault suite's hostile server: one process, every case of tests/faults/cases.tsv.

    python3 tests/faults/hostile.py [--cases tests/faults/cases.tsv]

Binds 127.0.0.1 port 0 twice -- a plain port and a TLS port (the test certificate of
tests/fixtures/tls) -- and prints one line, "PORT TLS_PORT", once both listen. Stop it by its
process id (SIGTERM). Standard library only, raw sockets: each case misbehaves on purpose.

Routing: a request for /case/NAME/... is served by the case NAME (whatever the rest of the
path: InsideService20.asmx/Operation for API calls, doc.pdf for downloads). A CONNECT names its
case by the user name of its Proxy-Authorization. GET /control/count/NAME answers how many
requests the case NAME has received (over both ports). Anything else: 404.

Every case of cases.tsv must have a handler here and every handler a row there: the server
refuses to start otherwise.
"""

import argparse
import base64
import os
import select
import socket
import ssl
import struct
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TLS_DIR = os.path.join(HERE, "..", "fixtures", "tls")
STALL_MAX = 30.0  # a stall ends after this long, or as soon as the client goes away

ATTACHMENTS = (
    b'<?xml version="1.0" encoding="utf-8"?>\n'
    b'<ArrayOfAttachmentDTO xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.idiligo.com/">\n'
    b"  <AttachmentDTO>\n    <Id>1002</Id>\n    <Description>contract.pdf</Description>\n"
    b"    <Url>http://127.0.0.1:1/Download.ashx?id=1002</Url>\n    <Attach>true</Attach>\n"
    b"    <Size>62</Size>\n    <Date>2026-12-01T22:20:32Z</Date>\n    <SignUrl />\n"
    b"    <SignStatus>0</SignStatus>\n  </AttachmentDTO>\n</ArrayOfAttachmentDTO>"
)
CALL_ID = b'<?xml version="1.0" encoding="utf-8"?>\n<long xmlns="http://www.idiligo.com/">1001</long>'
DOCUMENT = bytes(i * 7 % 251 for i in range(100_000))

counts = {}
counts_lock = threading.Lock()
ports = {}


def count(case):
    with counts_lock:
        counts[case] = counts.get(case, 0) + 1


def head(status, headers=(), length=None, content_type="text/xml; charset=utf-8"):
    lines = [f"HTTP/1.1 {status}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines.extend(headers)
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def answer(status, body, content_type="text/xml; charset=utf-8", headers=()):
    return head(status, headers, len(body), content_type) + body


class Conn:
    """One accepted connection and the request read from it."""

    def __init__(self, sock):
        self.sock = sock
        self.method = ""
        self.path = ""
        self.headers = {}

    def read_request(self):
        """Reads the head and the body; False when the client sent no complete request."""
        self.sock.settimeout(10)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return False
                data += chunk
                # Not HTTP (a TLS ClientHello starts with 0x16): no point waiting for a head.
                if not data[:1].isalpha() or len(data) > 1 << 20:
                    return False
        except (OSError, socket.timeout):
            return False
        head_bytes, _, rest = data.partition(b"\r\n\r\n")
        if not self._parse(head_bytes):
            return False
        length = int(self.headers.get("content-length", "0") or 0)
        try:
            while len(rest) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                rest += chunk
        except (OSError, socket.timeout):
            pass
        self.sock.settimeout(None)
        return True

    def _parse(self, head_bytes):
        lines = head_bytes.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) < 3 or not parts[0].isalpha():
            return False
        self.method, self.path = parts[0], parts[1]
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                self.headers[k.strip().lower()] = v.strip()
        return True

    def send(self, data):
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def trickle(self, data, interval):
        for i in range(len(data)):
            if not self.send(data[i : i + 1]):
                return False
            if self.client_gone(interval):
                return False
        return True

    def client_gone(self, wait):
        """Waits up to `wait` seconds; True when the client closed its end meanwhile."""
        end = time.monotonic() + wait
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return False
            try:
                readable, _, _ = select.select([self.sock], [], [], min(left, 0.1))
                if readable:
                    peek = self.sock.recv(65536, socket.MSG_PEEK) if not isinstance(self.sock, ssl.SSLSocket) else self.sock.recv(65536)
                    if not peek:
                        return True
                    if not isinstance(self.sock, ssl.SSLSocket):
                        self.sock.recv(len(peek))
            except (OSError, ValueError):
                return True

    def stall(self, seconds=STALL_MAX):
        self.client_gone(seconds)

    def reset(self):
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.sock.close()

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


# ---------------------------------------------------------------------------------- the cases

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def valid(c):
    """The right answer for the operation the request is for."""
    if c.path.endswith("/CreateCall"):
        return answer("200 OK", CALL_ID)
    if c.path.endswith("/doc.pdf"):
        return answer("200 OK", DOCUMENT, "application/pdf")
    return answer("200 OK", ATTACHMENTS)


@case
def stall_before_status(c):
    c.stall()


@case
def stall_in_status_line(c):
    c.send(b"HTTP/1.1 2")
    c.stall()


@case
def stall_in_headers(c):
    c.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n")
    c.stall()


@case
def stall_mid_body(c):
    c.send(head("200 OK", length=len(ATTACHMENTS)) + ATTACHMENTS[: len(ATTACHMENTS) // 2])
    c.stall()


@case
def trickle_status_line(c):
    data = valid(c)
    c.trickle(data[:90], 0.1) and c.send(data[90:])


@case
def trickle_headers(c):
    data = valid(c)
    status_end = data.index(b"\r\n") + 2
    body_start = data.index(b"\r\n\r\n") + 4
    c.send(data[:status_end])
    c.trickle(data[status_end:body_start], 0.1) and c.send(data[body_start:])


@case
def trickle_body(c):
    c.send(head("200 OK", length=len(ATTACHMENTS)))
    c.trickle(ATTACHMENTS, 0.03)


@case
def trickle_create(c):
    data = valid(c)
    c.trickle(data[:90], 0.1) and c.send(data[90:])


@case
def stall_create(c):
    c.stall()


@case
def reset_after_request(c):
    c.reset()


@case
def reset_mid_body(c):
    c.send(head("200 OK", length=len(ATTACHMENTS)) + ATTACHMENTS[: len(ATTACHMENTS) // 2])
    time.sleep(0.05)
    c.reset()


@case
def close_without_answer(c):
    c.close()


@case
def close_mid_headers(c):
    c.send(b"HTTP/1.1 200 OK\r\nContent-Ty")
    c.close()


@case
def create_reset_after_request(c):
    c.reset()


@case
def create_close_without_answer(c):
    c.close()


@case
def create_503(c):
    c.send(answer("503 Service Unavailable", b"<html><body>busy</body></html>", "text/html"))


@case
def garbage_status_line(c):
    c.send(b"GARBAGE\r\n\r\n")
    c.close()


@case
def http09_answer(c):
    c.send(ATTACHMENTS)
    c.close()


@case
def huge_headers(c):
    pad = "".join(f"X-Pad-{i}: {'p' * 88}\r\n" for i in range(2000)).encode()
    c.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n" + pad)
    c.send(f"Content-Length: {len(ATTACHMENTS)}\r\n\r\n".encode() + ATTACHMENTS)
    c.close()


@case
def huge_single_header(c):
    c.send(b"HTTP/1.1 200 OK\r\nX-Huge: " + b"h" * (256 * 1024) + b"\r\n")
    c.send(f"Content-Length: {len(ATTACHMENTS)}\r\n\r\n".encode() + ATTACHMENTS)
    c.close()


def stream(c, total, chunked=False, chunk=16 * 1024):
    sent = 0
    block = b"<x>" + b"y" * (chunk - 7) + b"</x>"
    while sent < total:
        data = block if not chunked else f"{len(block):x}\r\n".encode() + block + b"\r\n"
        if not c.send(data):
            return
        sent += len(block)
    if chunked:
        c.send(b"0\r\n\r\n")


@case
def body_over_cap(c):
    c.send(head("200 OK", length=2 << 20))
    stream(c, 2 << 20)


@case
def body_over_cap_chunked(c):
    c.send(head("200 OK", headers=["Transfer-Encoding: chunked"]))
    stream(c, 2 << 20, chunked=True)


@case
def chunked_malformed(c):
    c.send(head("200 OK", headers=["Transfer-Encoding: chunked"]) + b"zz\r\n" + ATTACHMENTS + b"\r\n0\r\n\r\n")
    c.close()


@case
def chunked_truncated(c):
    c.send(head("200 OK", headers=["Transfer-Encoding: chunked"]) + f"{len(ATTACHMENTS):x}\r\n".encode() + ATTACHMENTS[:100])
    c.close()


@case
def content_length_short(c):
    c.send(head("200 OK", length=40) + ATTACHMENTS)
    c.close()


@case
def content_length_long(c):
    c.send(head("200 OK", length=5000) + ATTACHMENTS)
    c.close()


@case
def content_length_duplicate(c):
    c.send(head("200 OK", headers=[f"Content-Length: {len(ATTACHMENTS)}", "Content-Length: 10"]) + ATTACHMENTS)
    c.close()


@case
def content_length_negative(c):
    c.send(head("200 OK", headers=["Content-Length: -5"]) + ATTACHMENTS)
    c.close()


@case
def html_200(c):
    c.send(answer("200 OK", b"<!DOCTYPE html><html><body><form>Log in</form></body></html>", "text/html; charset=utf-8"))


@case
def json_200(c):
    c.send(answer("200 OK", b'{"d": []}', "application/json; charset=utf-8"))


@case
def non_xml_200(c):
    c.send(answer("200 OK", b"hello, world"))


@case
def malformed_xml_200(c):
    c.send(answer("200 OK", ATTACHMENTS[: ATTACHMENTS.index(b"</Description>")]))


@case
def entity_bomb_200(c):
    dtd = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    body = (
        '<?xml version="1.0"?>\n<!DOCTYPE ArrayOfAttachmentDTO [' + "".join(dtd) + "]>\n"
        '<ArrayOfAttachmentDTO xmlns="http://www.idiligo.com/"><AttachmentDTO><Id>1</Id>'
        "<Description>&l9;</Description></AttachmentDTO></ArrayOfAttachmentDTO>"
    ).encode()
    c.send(answer("200 OK", body))


@case
def external_entity_200(c):
    body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE ArrayOfAttachmentDTO [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<ArrayOfAttachmentDTO xmlns="http://www.idiligo.com/"><AttachmentDTO><Id>1</Id>'
        b"<Description>&x;</Description></AttachmentDTO></ArrayOfAttachmentDTO>"
    )
    c.send(answer("200 OK", body))


@case
def deep_nesting_200(c):
    n = 20_000
    body = (
        b'<?xml version="1.0"?>\n<ArrayOfAttachmentDTO xmlns="http://www.idiligo.com/">'
        + b"<AttachmentDTO>" * n
        + b"</AttachmentDTO>" * n
        + b"</ArrayOfAttachmentDTO>"
    )
    c.send(answer("200 OK", body))


@case
def wrong_root_200(c):
    c.send(answer("200 OK", b'<?xml version="1.0"?>\n<ArrayOfString xmlns="http://www.idiligo.com/"><string>x</string></ArrayOfString>'))


@case
def empty_200_value_expected(c):
    c.send(answer("200 OK", b"", content_type=None))


@case
def non_utf8_200(c):
    c.send(answer("200 OK", b'<?xml version="1.0" encoding="utf-8"?>\n<ArrayOfAttachmentDTO xmlns="http://www.idiligo.com/"><AttachmentDTO><Id>\xff\xfe\xc3\x28</Id></AttachmentDTO></ArrayOfAttachmentDTO>'))


@case
def nul_bytes_200(c):
    c.send(answer("200 OK", ATTACHMENTS.replace(b"contract.pdf", b"con\x00tract\x00.pdf")))


@case
def html_500(c):
    c.send(answer("500 Internal Server Error", b"<!DOCTYPE html><html><body><h1>Server Error in '/' Application.</h1></body></html>", "text/html; charset=utf-8"))


@case
def status_502(c):
    c.send(answer("502 Bad Gateway", b"<html><body>502 Bad Gateway</body></html>", "text/html"))


@case
def status_503(c):
    c.send(answer("503 Service Unavailable", b"<html><body>503</body></html>", "text/html"))


@case
def status_503_retry_after(c):
    c.send(answer("503 Service Unavailable", b"<html><body>503</body></html>", "text/html", ["Retry-After: 1"]))


@case
def status_429(c):
    c.send(answer("429 Too Many Requests", b"slow down", "text/plain"))


@case
def status_429_retry_after(c):
    c.send(answer("429 Too Many Requests", b"slow down", "text/plain", ["Retry-After: 1"]))


@case
def api_302(c):
    c.send(answer("302 Found", b"moved", "text/html", ["Location: /elsewhere"]))


@case
def api_301_create(c):
    c.send(answer("301 Moved Permanently", b"moved", "text/html", ["Location: /elsewhere"]))


@case
def status_401(c):
    c.send(answer("401 Unauthorized", b"<html><body>401</body></html>", "text/html", ['WWW-Authenticate: Basic realm="idiligo"']))


@case
def proxy_407(c):
    c.send(answer("407 Proxy Authentication Required", b"", "text/plain", ['Proxy-Authenticate: Basic realm="proxy"']))


@case
def tls_to_plain_port(c):
    pass  # served by the raw handler below: no HTTP request to route


@case
def plain_to_tls_port(c):
    pass  # served by the TLS listener: the handshake fails


@case
def download_stall_before_status(c):
    c.stall()


@case
def download_stall_mid_body(c):
    c.send(head("200 OK", length=len(DOCUMENT), content_type="application/pdf") + DOCUMENT[: len(DOCUMENT) // 2])
    c.stall()


@case
def download_truncated(c):
    c.send(head("200 OK", length=len(DOCUMENT), content_type="application/pdf") + DOCUMENT[: len(DOCUMENT) // 2])
    c.close()


@case
def download_reset_mid_body(c):
    c.send(head("200 OK", length=len(DOCUMENT), content_type="application/pdf") + DOCUMENT[: len(DOCUMENT) // 2])
    time.sleep(0.05)
    c.reset()


@case
def download_over_cap(c):
    c.send(head("200 OK", length=2 << 20, content_type="application/pdf"))
    stream(c, 2 << 20)


@case
def download_over_cap_no_length(c):
    c.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nConnection: close\r\n\r\n")
    stream(c, 2 << 20)
    c.close()


@case
def download_chunked_malformed(c):
    c.send(head("200 OK", headers=["Transfer-Encoding: chunked"], content_type="application/pdf") + b"10\r\n0123456789abcdef\r\nqq\r\n")
    c.close()


@case
def download_redirect_loop(c):
    c.send(answer("302 Found", b"", "text/plain", [f"Location: {c.path}"]))


@case
def download_redirect_https_to_http(c):
    target = f"http://127.0.0.1:{ports['plain']}/case/download_redirect_https_to_http/final.pdf"
    c.send(answer("302 Found", b"", "text/plain", [f"Location: {target}"]))


@case
def download_redirect_no_location(c):
    c.send(answer("302 Found", b"moved", "text/plain"))


@case
def download_404(c):
    c.send(answer("404 Not Found", b"<html><body>Not found</body></html>", "text/html"))


# ---------------------------------------------------------------------------------- the server


def route(c):
    if c.method == "CONNECT":
        auth = c.headers.get("proxy-authorization", "")
        name = ""
        if auth.lower().startswith("basic "):
            try:
                name = base64.b64decode(auth[6:]).decode().split(":", 1)[0]
            except (ValueError, UnicodeDecodeError):
                name = ""
        if name in CASES:
            count(name)
            CASES[name](c)
        else:
            c.send(answer("403 Forbidden", b"no such case", "text/plain"))
        return
    parts = c.path.split("?")[0].split("/")
    if len(parts) >= 4 and parts[1] == "control" and parts[2] == "count":
        c.send(answer("200 OK", str(counts.get(parts[3], 0)).encode(), "text/plain"))
        return
    if len(parts) >= 3 and parts[1] == "case" and parts[2] in CASES:
        count(parts[2])
        CASES[parts[2]](c)
        return
    c.send(answer("404 Not Found", b"no such case", "text/plain"))


def serve(sock, tls_context):
    try:
        if tls_context is not None:
            sock.settimeout(5)
            try:
                sock = tls_context.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError):
                sock.close()
                return
        c = Conn(sock)
        if not c.read_request():
            # Not HTTP (e.g. a TLS ClientHello on the plain port): a plain-text 400.
            c.send(answer("400 Bad Request", b"not HTTP", "text/plain"))
            c.close()
            return
        route(c)
    except Exception as e:  # a case's misbehaviour must never take the server down
        print(f"hostile: {type(e).__name__}: {e}", file=sys.stderr)
    finally:
        try:
            sock.close()
        except OSError:
            pass


def listen():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(128)
    return s


def accept_loop(listener, tls_context):
    while True:
        sock, _ = listener.accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve, args=(sock, tls_context), daemon=True).start()


def check_cases(path):
    names = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name = line.split("\t", 1)[0]
            if name != "name":
                names.append(name)
    missing = [n for n in names if n not in CASES]
    extra = [n for n in CASES if n not in names]
    if missing or extra:
        sys.exit(f"hostile.py and {path} disagree: no handler for {missing}, no row for {extra}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default=os.path.join(HERE, "cases.tsv"))
    args = ap.parse_args()
    check_cases(args.cases)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(TLS_DIR, "server.pem"), os.path.join(TLS_DIR, "server.key"))
    plain, tls = listen(), listen()
    ports["plain"], ports["tls"] = plain.getsockname()[1], tls.getsockname()[1]
    threading.Thread(target=accept_loop, args=(tls, ctx), daemon=True).start()
    print(f"{ports['plain']} {ports['tls']}", flush=True)
    accept_loop(plain, None)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
