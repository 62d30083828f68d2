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


def warm_up(client: idiligo.Client, sandbox: idiligo.Sandbox, call: str, threads: int) -> None:
    """Opens one kept-alive connection per thread, one after the other.

    The sandbox's HTTP server (tiny_http 0.12) can strand a connection accepted in a burst
    of more than four new ones until another connection closes (a race in its thread pool),
    so the connections are established at a measured pace before timing starts; the timed
    part then reuses them from the client's pool.
    """
    sandbox.set_latency(0.1 + threads * 0.03)  # every connection stays busy until all are open

    def one(i: int) -> None:
        time.sleep(i * 0.03)
        client.get_attachments(call)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(threads)))
    sandbox.set_latency(0)


def test_eight_threads_one_client_run_in_parallel(sandbox: idiligo.Sandbox) -> None:
    """8 threads x 5 calls with 50 ms server latency: serial time is 2 s. With the GIL held
    during a call the threads would take turns and need the full 2 s; released, they overlap."""
    client = sandbox.client()
    call = client.create_call("INTAKE")
    for i in range(2):  # answers under 1 KiB: see bench.py's server_nodelay about larger ones
        sandbox.simulate_upload(call, f"doc-{i}.pdf", b"x")
    warm_up(client, sandbox, call, THREADS)
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
    assert results == [CALLS * 2] * THREADS
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
    warm_up(client, sandbox, call, THREADS)
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
