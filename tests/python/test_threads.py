"""The GIL is released during network calls: threads sharing one client run in parallel."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import idiligo

LATENCY = 0.05
THREADS = 8
CALLS = 5
ATTACHMENTS = 10


def test_eight_threads_one_client_run_in_parallel(sandbox: idiligo.Sandbox) -> None:
    """8 threads x 5 calls of GetAttachments (10 attachments, answers of about 3 KiB) with
    50 ms server latency: serial time is 2 s. With the GIL held during a call the threads would
    take turns and need the full 2 s; released, they overlap. The timed part includes the
    threads opening their connections to the sandbox, all at once."""
    client = sandbox.client()
    call = client.create_call("INTAKE")
    for i in range(ATTACHMENTS):
        sandbox.simulate_upload(call, f"doc-{i}.pdf", b"%PDF-1.4 " + bytes(1000 + i))
    sandbox.set_latency(LATENCY)
    barrier = threading.Barrier(THREADS)

    def work(_: int) -> int:
        barrier.wait()
        return sum(len(client.get_attachments(call)) for _ in range(CALLS))

    start = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    wall = time.perf_counter() - start
    serial = THREADS * CALLS * LATENCY
    assert results == [CALLS * ATTACHMENTS] * THREADS
    assert wall < serial / 3, f"wall {wall:.2f}s vs serial {serial:.2f}s"
    print(f"8 threads: wall {wall:.3f}s, serial {serial:.2f}s")


def test_python_threads_progress_during_a_call(sandbox: idiligo.Sandbox) -> None:
    """While one thread waits 0.5 s inside a call, a pure-Python thread keeps running."""
    client = sandbox.client()
    call = client.create_call("INTAKE")
    sandbox.inject_delay(0.5, operation="GetAttachments")
    ticks = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    t = threading.Thread(target=spin)
    t.start()
    time.sleep(0.01)
    try:
        before = ticks
        client.get_attachments(call)
        during = ticks - before
    finally:
        stop.set()
        t.join()
    assert during > 10_000, during


def test_parallel_downloads(sandbox: idiligo.Sandbox, tmp_path: Path) -> None:
    client = sandbox.client()
    call = client.create_call("INTAKE")
    for i in range(THREADS):
        sandbox.simulate_upload(call, f"doc-{i}.bin", bytes([i]) * 200_000)
    attachments = client.get_attachments(call)
    sandbox.set_latency(LATENCY)

    def fetch(i: int) -> int:
        for _ in range(CALLS):
            client.download(attachments[i], tmp_path / f"{i}.bin")
        return i

    start = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        assert sorted(pool.map(fetch, range(THREADS))) == list(range(THREADS))
    wall = time.perf_counter() - start
    assert wall < THREADS * CALLS * LATENCY / 3
    for i in range(THREADS):
        assert (tmp_path / f"{i}.bin").read_bytes() == bytes([i]) * 200_000
