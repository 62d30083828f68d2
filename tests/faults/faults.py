#!/usr/bin/env python3
"""The fault suite's Python driver: every case of tests/faults/cases.tsv through the installed
idiligo package, against the hostile server tests/faults/hostile.py (started by
tests/faults/run.sh, which passes its ports). Asserts per case the error kind (the exception's
``kind``), the time bound, that nothing is left in the case's fresh directory, and the number of
requests the server saw.

    python faults.py PORT TLS_PORT CASES.TSV CA.PEM

Prints one line per case and "N passed, M failed"; exits 1 if a case failed.
"""

import os
import socket
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Optional, Tuple

import idiligo


def load(path: str) -> List[Dict[str, str]]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 10:
                sys.exit(f"cases.tsv: a row with {len(fields)} fields: {line!r}")
            if fields[0] == "name":
                continue
            keys = ["name", "op", "endpoint", "retries", "expect", "min_s", "max_s", "requests", "needs", "behaviour"]
            rows.append(dict(zip(keys, fields)))
    return rows


def server_count(port: int, name: str) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET /control/count/{name} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return int(data.split(b"\r\n\r\n", 1)[1].strip())


def make_client(c: Dict[str, str], port: int, tls_port: int, ca: str) -> Tuple[idiligo.Client, str]:
    proxy: Optional[str] = None
    endpoint = c["endpoint"]
    if endpoint == "plain":
        base = f"http://127.0.0.1:{port}/case/{c['name']}"
    elif endpoint == "tls":
        base = f"https://127.0.0.1:{tls_port}/case/{c['name']}"
    elif endpoint == "https-on-plain":
        base = f"https://127.0.0.1:{port}/case/{c['name']}"
    elif endpoint == "http-on-tls":
        base = f"http://127.0.0.1:{tls_port}/case/{c['name']}"
    elif endpoint == "via-proxy":
        base = f"https://127.0.0.1:1/case/{c['name']}"
        proxy = f"http://{c['name']}:fake-proxy-pw@127.0.0.1:{port}"
    else:
        raise ValueError(f"unknown endpoint {endpoint}")
    client = idiligo.Client(
        token="fake-token-faults",
        base_url=base,
        connect_timeout=2.0,
        request_timeout=2.0,
        stall_timeout=1.0,
        max_retries=int(c["retries"]),
        max_response_bytes=1 << 20,
        max_download_bytes=1 << 20,
        ca_file=ca,
        proxy=proxy,
    )
    return client, base


def run_case(c: Dict[str, str], port: int, tls_port: int, ca: str) -> Tuple[bool, str]:
    with tempfile.TemporaryDirectory(prefix="idiligo-fault-") as d:
        try:
            client, base = make_client(c, port, tls_port, ca)
        except idiligo.IdiligoError as e:
            return False, f"client: {e}"
        error: Optional[idiligo.IdiligoError] = None
        t0 = time.monotonic()
        try:
            if c["op"] == "get_attachments":
                client.get_attachments("1001")
            elif c["op"] == "create_call":
                client.create_call("FAULTS")
            elif c["op"] == "download":
                client.download(f"{base}/doc.pdf", os.path.join(d, "doc.pdf"))
            else:
                raise ValueError(f"unknown op {c['op']}")
        except idiligo.IdiligoError as e:
            error = e
        took = time.monotonic() - t0
        kind = "success" if error is None else error.kind
        problems = []
        if kind != c["expect"]:
            problems.append(f"expected {c['expect']} ({error})")
        if not float(c["min_s"]) <= took <= float(c["max_s"]):
            problems.append(f"outside [{c['min_s']}, {c['max_s']}]")
        left = os.listdir(d)
        if left:
            problems.append(f"left on disk: {left}")
        if c["requests"] != "-":
            seen = server_count(port, c["name"])
            if seen != int(c["requests"]):
                problems.append(f"server saw {seen} requests, expected {c['requests']}")
        summary = f"{kind} in {took:.2f} s"
        return not problems, summary + (": " + "; ".join(problems) if problems else "")


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    port, tls_port, cases_path, ca = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    cases = load(cases_path)
    if len(cases) < 40:
        print(f"only {len(cases)} cases in {cases_path}", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda c: run_case(c, port, tls_port, ca), cases))
    failed = 0
    for c, (ok, summary) in zip(cases, results):
        needs = "" if c["needs"] == "-" else f" [needs {c['needs']}]"
        print(f"{'ok' if ok else 'FAIL':<6} {c['name']:<34} {summary}{needs}")
        failed += not ok
    print(f"python driver: {len(cases)} cases in {time.monotonic() - t0:.1f} s")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
