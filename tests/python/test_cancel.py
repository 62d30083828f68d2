"""CancelToken and Client.with_cancel: cancelling calls from another thread, and the options
and error fields of the core's deadlines and retries."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import List

import pytest

import idiligo
from stall_server import StallServer


def test_a_token_cancels_a_stalled_call_from_another_thread() -> None:
    with StallServer("silent") as server:
        client = idiligo.Client(base_url=server.url, token="fake-token-0000", max_retries=0)
        token = idiligo.CancelToken()
        view = client.with_cancel(token)
        assert not token.cancelled and repr(token) == "<idiligo.CancelToken>"
        assert "with_cancel" in repr(view) and "with_cancel" not in repr(client)

        def cancel_when_blocked() -> None:
            server.wait_for_request()
            time.sleep(0.2)
            token.cancel()

        t = threading.Thread(target=cancel_when_blocked)
        t.start()
        start = time.monotonic()
        with pytest.raises(idiligo.CancelledError) as info:
            view.create_call("INTAKE")
        took = time.monotonic() - start
        t.join()
        e = info.value
        assert e.operation == "CreateCall" and e.sent is True and not e.retryable
        assert "may have taken effect" in str(e)
        assert 0.2 <= took < 0.6, took
        assert token.cancelled and repr(token) == "<idiligo.CancelToken cancelled>"
        assert server.exchanges[0].ended.wait(2)
        # The token stays cancelled: nothing more is sent through the view.
        with pytest.raises(idiligo.CancelledError) as again:
            view.get_attachments("1")
        assert again.value.sent is False and again.value.operation == "GetAttachments"
        assert len(server.exchanges) == 1
        # The client itself is not affected.
        assert client.with_cancel(idiligo.CancelToken()) is not view


def test_a_token_works_on_worker_threads_and_views_share_the_client(sandbox: idiligo.Sandbox) -> None:
    client = sandbox.client(max_retries=0)
    token = idiligo.CancelToken()
    view = client.with_cancel(token)
    assert view.create_call("INTAKE")  # a view makes calls like its client
    assert view.endpoint == client.endpoint
    sandbox.inject_delay(5.0, operation="GetAttachments")
    errors: List[BaseException] = []

    def worker() -> None:
        try:
            view.get_attachments("1")
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    t = threading.Thread(target=worker)
    t.start()
    time.sleep(0.3)
    start = time.monotonic()
    token.cancel()
    t.join(5)
    assert not t.is_alive() and time.monotonic() - start < 0.3
    (e,) = errors
    assert isinstance(e, idiligo.CancelledError) and e.sent is True
    assert "may have taken effect" not in str(e)  # a read
    # Closing the client closes its views (they share the pool).
    client.close()
    assert view.closed
    with pytest.raises(idiligo.InvalidArgumentError):
        client.with_cancel(idiligo.CancelToken()).create_call("X")


def test_retry_after_beyond_the_cap_is_returned_with_the_delay() -> None:
    with StallServer("retry_after", retry_after=20) as server:
        client = idiligo.Client(base_url=server.url, token="fake-token-0000", max_retry_after=1.0)
        start = time.monotonic()
        with pytest.raises(idiligo.HttpError) as info:
            client.get_attachments("1")
        assert time.monotonic() - start < 2  # not waited for
    e = info.value
    assert (e.http_status, e.retry_after, e.retryable) == (503, 20.0, True)
    assert e.url == f"{server.url}/InsideService20.asmx/GetAttachments"
    assert len(server.exchanges) == 1  # not retried
    assert (e.proxy_status, e.sent) == (None, None)


def test_a_proxy_refusing_the_tunnel_keeps_its_status() -> None:
    refusal = b'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="p"\r\nContent-Length: 0\r\n\r\n'
    with StallServer("respond", response=refusal) as proxy:
        client = idiligo.Client(
            base_url="http://127.0.0.1:9", token="fake-token-0000", proxy=f"http://user:fake-proxy-pw@127.0.0.1:{proxy.port}"
        )
        with pytest.raises(idiligo.ConnectError) as info:
            client.get_attachments("1")
        assert proxy.exchanges[0].request_line.startswith("CONNECT ")
        assert len(proxy.exchanges) == 1  # wrong credentials: not retried
    e = info.value
    assert (e.proxy_status, e.http_status, e.retryable, e.url) == (407, 407, False, None)
    assert "fake-proxy-pw" not in str(e) + repr(vars(e))


def test_download_deadlines(tmp_path: Path) -> None:
    with StallServer("body") as server:
        url = f"{server.url}/Download.ashx?id=1"
        client = idiligo.Client(base_url=server.url, token="fake-token-0000", download_timeout=0.4, stall_timeout=30)
        start = time.monotonic()
        with pytest.raises(idiligo.TimeoutError) as info:
            client.download(url, tmp_path / "a.pdf")
        took = time.monotonic() - start
        assert (info.value.timeout_phase, info.value.timeout, info.value.operation) == ("download", 0.4, "Download")
        assert 0.4 <= took < 1.5, took
        with pytest.raises(idiligo.TimeoutError) as per_call:
            client.download_bytes(url, total_timeout=0.2)
        assert (per_call.value.timeout_phase, per_call.value.timeout) == ("download", 0.2)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(idiligo.InvalidArgumentError):
        idiligo.Client(download_timeout=0)
    with pytest.raises(idiligo.InvalidArgumentError):
        client.download(url, tmp_path / "b.pdf", total_timeout=-1)


def test_backoff_options(sandbox: idiligo.Sandbox) -> None:
    slow = sandbox.client(max_retries=1, initial_backoff=0.6, max_backoff=0.6)
    fast = sandbox.client(max_retries=1, initial_backoff=0.01, max_backoff=0.01)
    call = fast.create_call("INTAKE")
    took = []
    for c in (slow, fast):
        sandbox.inject_unavailable(operation="GetAttachments")
        start = time.monotonic()
        assert c.get_attachments(call) == []  # the retry succeeded
        took.append(time.monotonic() - start)
    assert took[0] >= 0.3, took  # the backoff is jittered in its upper half
    assert took[1] < 0.25, took
    with pytest.raises(idiligo.InvalidArgumentError, match="smaller than the initial backoff"):
        idiligo.Client(initial_backoff=2, max_backoff=1)


def test_max_idle_connections(sandbox: idiligo.Sandbox) -> None:
    """Four threads calling at once through a pool that keeps one idle connection open new
    connections every round; with a pool of eight they keep theirs."""
    call = sandbox.client().create_call("INTAKE")
    sandbox.set_latency(0.02)

    def connections(pool: int) -> int:
        client = sandbox.client(max_idle_connections=pool)
        client.login()
        barrier = threading.Barrier(4)

        def work() -> None:
            for _ in range(8):
                barrier.wait()
                assert client.get_call_values(call) == []

        before = sandbox.connections_accepted()
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sandbox.connections_accepted() - before

    small, large = connections(1), connections(8)
    print(f"connections for 4 threads x 8 rounds: pool of 1: {small}, pool of 8: {large}")
    assert large <= 5, large
    assert small >= large + 8, (small, large)
