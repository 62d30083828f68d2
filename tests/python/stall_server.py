"""A loopback HTTP server that stalls, for cancellation tests.

It accepts connections on 127.0.0.1 (a free port), reads each request's head (and its body, by
``Content-Length``), then either never answers (``mode="silent"``), or sends the head of a
200 answer with a ``Content-Length`` larger than what follows and a first part of the body,
then stalls (``mode="body"``, a download that stops making progress), answers 503 with a
``Retry-After`` header (``mode="retry_after"``), or sends the bytes given as ``response``
(``mode="respond"``: a proxy refusing ``CONNECT``, …), or reads only the request's head and
then nothing more (``mode="no_read"``: an upload whose body the server never takes, so the
client's writes block once the socket buffers are full). It records when each request arrived and when
the client closed the connection, so a test can tell that a cancelled call really ended on the
wire. Stopped by ``close()`` (its threads are joined).
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from typing import List, Optional

BODY_TOTAL = 10_000_000
BODY_SENT = 200_000


@dataclass
class Exchange:
    """One connection's request, as the server saw it."""

    request_line: str
    arrived: float  # time.monotonic()
    closed_by_client: Optional[float] = None  # time.monotonic(), when the client hung up
    ended: threading.Event = field(default_factory=threading.Event)


class StallServer:
    def __init__(self, mode: str = "silent", retry_after: int = 20, response: bytes = b"") -> None:
        assert mode in ("silent", "body", "retry_after", "respond", "no_read"), mode
        self.mode = mode
        self.retry_after = retry_after
        self.response = response
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)  # so the accept loop sees close()
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.exchanges: List[Exchange] = []
        self.arrived = threading.Event()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._conns: List[socket.socket] = []
        self._threads: List[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, name="stall-accept", daemon=True)
        self._acceptor.start()

    def __enter__(self) -> "StallServer":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with self._lock:
                self._conns.append(conn)
            t = threading.Thread(target=self._serve, args=(conn,), name="stall-conn", daemon=True)
            with self._lock:
                self._threads.append(t)
            t.start()

    def _serve(self, conn: socket.socket) -> None:
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if self.mode == "no_read":
                ex = Exchange(head.split(b"\r\n")[0].decode("latin-1"), time.monotonic())
                with self._lock:
                    self.exchanges.append(ex)
                self.arrived.set()
                self._closing.wait()
                ex.ended.set()
                return
            while len(rest) < length:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                rest += chunk
            ex = Exchange(head.split(b"\r\n")[0].decode("latin-1"), time.monotonic())
            with self._lock:
                self.exchanges.append(ex)
            self.arrived.set()
            if self.mode == "body":
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n"
                    + f"Content-Length: {BODY_TOTAL}\r\n\r\n".encode()
                    + b"%" * BODY_SENT
                )
            elif self.mode == "retry_after":
                body = b"<html>busy</html>"
                conn.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\n"
                    + f"Retry-After: {self.retry_after}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
            elif self.mode == "respond":
                conn.sendall(self.response)
            # Stall: wait until the client hangs up (or the server closes).
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    if not self._closing.is_set():
                        ex.closed_by_client = time.monotonic()
                    ex.ended.set()
                    return
        except OSError:
            return
        finally:
            conn.close()

    def wait_for_request(self, timeout: float = 10.0) -> Exchange:
        assert self.arrived.wait(timeout), "no request reached the stall server"
        with self._lock:
            return self.exchanges[0]

    def close(self) -> None:
        self._closing.set()
        self._acceptor.join(5)
        try:
            self._listener.close()
        finally:
            with self._lock:
                conns, threads = list(self._conns), list(self._threads)
            for c in conns:
                try:
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            for t in threads:
                t.join(5)
