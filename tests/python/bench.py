"""Benchmarks of the Python package, against the embedded sandbox (127.0.0.1 only).

Run inside the test venv (after `bash tests/python/run.sh`):

    target/py-venv/bin/python tests/python/bench.py [--seconds 1.0] [--rounds 5]

1. Calls per second of GetAttachments (10 attachments) through `idiligo` versus `requests` +
   `xml.etree.ElementTree` doing the same POST and parsing the same nine fields, same sandbox,
   interleaved rounds in the same run (median of the rounds). Target: >= 2x.
2. Throughput with 8 threads sharing one client versus one thread, with the sandbox adding
   20 ms to every request. Target: >= 6x.

Prints the figures and exits non-zero if a target is missed (with --check).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List

import idiligo

try:
    import requests  # type: ignore[import-untyped,import-not-found,unused-ignore]
except ImportError:  # installed on demand: it is only the baseline
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "requests"])
    import requests  # type: ignore[import-untyped,import-not-found,unused-ignore]

NS = "{http://www.idiligo.com/}"
FIELDS = ("Id", "Description", "Url", "Preview", "Attach", "Size", "Date", "SignUrl", "SignStatus")


def rate(fn: Callable[[], object], seconds: float) -> float:
    """Calls per second of `fn` over about `seconds`."""
    n = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        fn()
        n += 1
        now = time.perf_counter()
        if now >= deadline:
            return n / (now - start)


def requests_baseline(session: requests.Session, url: str, token: str, call: str) -> Callable[[], List[Dict[str, Any]]]:
    def get_attachments() -> List[Dict[str, Any]]:
        r = session.post(url, data={"token": token, "callId": call}, timeout=60)
        r.raise_for_status()
        root = ET.fromstring(r.content)
        out = []
        for dto in root.iter(NS + "AttachmentDTO"):
            item: Dict[str, Any] = {}
            for f in FIELDS:
                el = dto.find(NS + f)
                item[f] = None if el is None else (el.text or "")
            item["Attach"] = item["Attach"] == "true"
            item["SignStatus"] = int(item["SignStatus"] or 0)
            out.append(item)
        return out

    return get_attachments


def threaded_rate(client: idiligo.Client, call: str, threads: int, calls_each: int) -> float:
    barrier = threading.Barrier(threads)

    def work(_: int) -> None:
        barrier.wait()
        for _ in range(calls_each):
            client.get_attachments(call)

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, range(threads)))
    return threads * calls_each / (time.perf_counter() - start)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=1.0, help="duration of one round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args()

    with idiligo.Sandbox() as sandbox, sandbox.client() as client:
        call = client.create_call("INTAKE")
        for i in range(10):
            sandbox.simulate_upload(call, f"document-{i}.pdf", b"%PDF-1.4 " + bytes(1000 + i))
        assert len(client.get_attachments(call)) == 10
        token = client.session_token()
        session = requests.Session()
        baseline = requests_baseline(session, f"{sandbox.url}/InsideService20.asmx/GetAttachments", token, call)
        assert len(baseline()) == 10

        def sdk() -> object:
            return client.get_attachments(call)

        ours: List[float] = []
        theirs: List[float] = []
        for _ in range(args.rounds):
            ours.append(rate(sdk, args.seconds))
            theirs.append(rate(baseline, args.seconds))
        o, t = statistics.median(ours), statistics.median(theirs)
        print("GetAttachments, 10 attachments, one thread (median of %d rounds of %.1f s):" % (args.rounds, args.seconds))
        print(f"  idiligo            {o:9.0f} calls/s   ({1e6 / o:6.0f} us/call)")
        print(f"  requests + ETree   {t:9.0f} calls/s   ({1e6 / t:6.0f} us/call)")
        print(f"  ratio              {o / t:9.2f} x   (target >= 2)")

        latency = 0.020
        sandbox.set_latency(latency)
        threaded_rate(client, call, 8, 1)  # warm-up: 8 kept-alive connections in the pool, opened at once
        single = threaded_rate(client, call, 1, 50)
        eight = threaded_rate(client, call, 8, 50)
        sandbox.set_latency(0)
        print("GetAttachments with %d ms sandbox latency, one shared client:" % (latency * 1000))
        print(f"  1 thread           {single:9.1f} calls/s")
        print(f"  8 threads          {eight:9.1f} calls/s")
        print(f"  scaling            {eight / single:9.2f} x   (target >= 6)")

    ok = o / t >= 2 and eight / single >= 6
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
