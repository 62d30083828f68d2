"""AsyncClient: every call of Client as an awaitable, run on worker threads, and cancelled
through the core's cancel handle when its task is cancelled."""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, List, Tuple, TypeVar

import pytest

import idiligo
from stall_server import StallServer

T = TypeVar("T")

#: Client methods that stay plain methods on AsyncClient (no I/O), and those it leaves out.
SYNC = {"participant_url", "close"}
LEFT_OUT = {"with_cancel"}  # every AsyncClient call has a token of its own


def run(coro: Awaitable[T]) -> T:
    async def main() -> T:
        return await coro

    return asyncio.run(main())


def _public_methods(cls: type) -> List[str]:
    return sorted(n for n, v in vars(cls).items() if not n.startswith("_") and callable(v) and not isinstance(v, property))


def test_every_client_call_has_an_async_twin_with_the_same_parameters() -> None:
    names = _public_methods(idiligo.Client)
    assert len(names) >= 35
    for name in names:
        if name in LEFT_OUT:
            assert not hasattr(idiligo.AsyncClient, name), name
            continue
        twin = getattr(idiligo.AsyncClient, name, None)
        assert twin is not None, f"AsyncClient.{name} is missing"
        assert inspect.iscoroutinefunction(twin) == (name not in SYNC), name
        want = list(inspect.signature(getattr(idiligo.Client, name)).parameters.values())[1:]
        got = list(inspect.signature(twin).parameters.values())[1:]
        assert [(p.name, p.kind, p.default) for p in got] == [(p.name, p.kind, p.default) for p in want], name
        assert inspect.getdoc(twin), name
    # and nothing more than Client's calls plus its own lifecycle
    extra = set(_public_methods(idiligo.AsyncClient)) - set(names)
    assert extra == {"aclose"}, extra
    for prop in ("endpoint", "closed", "client"):
        assert isinstance(inspect.getattr_static(idiligo.AsyncClient, prop), property)


def test_calls_return_what_the_client_returns(sandbox: idiligo.Sandbox, tmp_path: Path) -> None:
    async def main() -> None:
        async with idiligo.AsyncClient(sandbox.client()) as c:
            assert c.endpoint == f"{sandbox.url}/InsideService20.asmx" and not c.closed
            doc = sandbox.host_file("offer.pdf", b"%PDF offer")
            meeting = await c.start_meeting(
                "INTAKE",
                participant=idiligo.Participant("jan@example.com"),
                values={"Amount": 12.5, "Signed": True},
                documents=[idiligo.DocumentSource(doc, "offer.pdf", "ext-1")],
            )
            assert meeting.participant_url == c.participant_url(meeting.public_id)
            assert await c.get_call_values(meeting.call_id) == [
                idiligo.NameValue("Amount", "12.5"),
                idiligo.NameValue("Signed", "true"),
            ]
            await c.set_value(meeting.public_id, "Count", 3)
            assert (await c.meeting_results(meeting.call_id)).value("Count") == "3"
            (a,) = await c.get_attachments(meeting.call_id)
            assert a.id == meeting.documents[0].document_id
            assert await c.download_bytes(a) == b"%PDF offer"
            assert await c.download(a, tmp_path / "a.pdf") == 10
            assert (tmp_path / "a.pdf").read_bytes() == b"%PDF offer"
            report = await c.download_all_report(meeting.call_id, tmp_path / "all")
            assert [o.outcome for o in report.outcomes] == ["saved"]
            sandbox.simulate_upload(meeting.call_id, "late.jpg", b"JPEG")
            got = await c.wait_for_attachments(meeting.call_id, min_count=2, timeout=5, poll_interval=0.05)
            assert [x.description for x in got] == ["offer.pdf", "late.jpg"]
            assert (await c.get_call(meeting.call_id)).call_id == meeting.call_id
            xml = await c.call("GetPublicCallId", {"callId": meeting.call_id}, repeatable=True)
            assert xml is not None and meeting.public_id in xml
            with pytest.raises(idiligo.InvalidArgumentError):
                await c.get_attachments(" ")
            with pytest.raises(idiligo.ServiceError):
                await c.set_contact("999999", "1")
        assert c.closed and c.client.closed

    run(main())


def test_calls_run_in_parallel(sandbox: idiligo.Sandbox) -> None:
    client = idiligo.AsyncClient(sandbox.client())
    call = client.client.create_call("INTAKE")
    sandbox.set_latency(0.2)

    async def main() -> Tuple[float, List[List[idiligo.Attachment]]]:
        start = time.perf_counter()
        lists = await asyncio.gather(*(client.get_attachments(call) for _ in range(4)))
        return time.perf_counter() - start, lists

    wall, lists = run(main())
    assert lists == [[]] * 4
    assert wall < 0.6, f"4 calls of 0.2 s took {wall:.2f} s: not run in parallel"


def _cancel_during(server: StallServer, make: Callable[[idiligo.AsyncClient], Awaitable[Any]]) -> Tuple[float, float]:
    """Starts a call against the stalling server, cancels its task once the request arrived,
    and returns (seconds until CancelledError reached the awaiting code, seconds until the
    server saw the connection close), both counted from task.cancel()."""

    async def main() -> Tuple[float, float]:
        async with idiligo.AsyncClient(base_url=server.url, token="fake-token-0000", max_retries=0) as client:
            task = asyncio.ensure_future(make(client))
            loop = asyncio.get_running_loop()
            exchange = await loop.run_in_executor(None, server.wait_for_request)
            await asyncio.sleep(0.2)
            assert not task.done()
            cancelled = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            seen = time.monotonic() - cancelled
            assert await loop.run_in_executor(None, exchange.ended.wait, 5), "the server-side call never ended"
            assert exchange.closed_by_client is not None
            return seen, exchange.closed_by_client - cancelled

    return run(main())


@pytest.mark.parametrize("what", ["call", "download"])
def test_cancelling_the_task_cancels_the_call(what: str, tmp_path: Path) -> None:
    with StallServer("silent" if what == "call" else "body") as server:
        if what == "call":
            seen, ended = _cancel_during(server, lambda c: c.get_attachments("1"))
        else:
            seen, ended = _cancel_during(server, lambda c: c.download(f"{server.url}/Download.ashx?id=1", tmp_path / "x.pdf"))
            assert list(tmp_path.iterdir()) == []  # no partial file
    print(f"async cancel of {what}: CancelledError after {seen * 1000:.0f} ms, server-side end after {ended * 1000:.0f} ms")
    # The server saw the connection end before the awaiting code saw CancelledError (the
    # worker is waited for), and both well within the bound.
    assert 0 <= ended <= seen + 0.05
    assert seen < 0.3, f"{seen:.3f} s"


def test_a_timeout_cancels_the_wait(sandbox: idiligo.Sandbox) -> None:
    client = idiligo.AsyncClient(sandbox.client())
    call = client.client.create_call("INTAKE")
    before = threading.active_count()

    async def main() -> float:
        start = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.wait_for_attachments(call, timeout=60, poll_interval=30), 0.3)
        return time.monotonic() - start

    took = run(main())
    assert took < 0.8, took
    assert sandbox.request_count("GetAttachments") == 1  # the 30 s poll never came


def test_a_cancelled_create_is_reported(sandbox: idiligo.Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    """A create whose request had left when its task was cancelled may exist on the service:
    that is logged, not lost silently."""
    caplog.set_level(logging.WARNING, logger="idiligo")
    idiligo.reset_logging_cache()
    client = idiligo.AsyncClient(sandbox.client(max_retries=0))
    run(client.login())
    sandbox.inject_delay(1.0, operation="CreateCall")

    async def main() -> None:
        task = asyncio.ensure_future(client.create_call("INTAKE"))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    run(main())
    messages = [r.getMessage() for r in caplog.records if r.name == "idiligo"]
    assert any("create_call (task cancelled)" in m and "may have taken effect" in m for m in messages), messages


def test_document_calls_return_what_the_client_returns(tmp_path: Path) -> None:
    """The async twins of the document operations, against a sandbox whose documents convert
    for 0.3 s."""
    with idiligo.Sandbox(conversion_time=0.3) as sandbox:

        async def main() -> None:
            async with idiligo.AsyncClient(sandbox.client(max_retries=0)) as c:
                seen: List[int] = []
                doc = await c.add_document_from_bytes("a.pdf", b"%PDF a", external_id="e-1", progress=lambda d, t: seen.append(d))
                assert sandbox.document_bytes(doc) == b"%PDF a" and seen[-1] == 6
                path = tmp_path / "b.pdf"
                path.write_bytes(b"%PDF b")
                other = await c.add_document_from_file(path, filename="shown.pdf")
                snap = sandbox.document(other)
                assert snap is not None and snap.filename == "shown.pdf"
                with open(path, "rb") as f:
                    third = await c.add_document_from_reader("read.pdf", f, private=True)
                assert sandbox.document_bytes(third) == b"%PDF b"
                snap = sandbox.document(third)
                assert snap is not None and (snap.filename, snap.private) == ("read.pdf", True)
                assert await c.get_document_status(doc) == idiligo.DocumentStatus.BUSY
                assert (await c.get_document_progress(doc)).status == idiligo.DocumentStatus.BUSY
                await c.wait_for_document(doc, timeout=5, poll_interval=0.1)
                assert sandbox.document_status(doc) == idiligo.DocumentStatus.READY
                call = await c.create_call("INTAKE")
                assert await c.add_document_to_call(call, doc, "N1") == doc
                assert await c.delete_document(other) is True and sandbox.document(other) is None
                meeting = await c.start_meeting(
                    "INTAKE", documents=[idiligo.DocumentSource.from_file(path, "x")], wait_for_documents=5
                )
                assert sandbox.document_status(meeting.documents[0].document_id) == idiligo.DocumentStatus.READY
                sandbox.inject_unavailable(operation="GetAgentUrl")
                with pytest.raises(idiligo.StartMeetingError) as info:
                    await c.start_meeting("INTAKE", documents=[idiligo.DocumentSource.from_bytes("c.pdf", b"c", "c")], cleanup_on_failure=True)
                cleanup = info.value.partial.cleanup
                assert cleanup is not None and len(cleanup.deleted_documents) == 1
            async with idiligo.AsyncClient(sandbox.client(binding="soap")) as c:
                call = await c.create_call("INTAKE")
                assert await c.set_call_values(call, {"K": "<i>v</i>"}) is True
                assert await c.get_call_values(call) == [idiligo.NameValue("K", "<i>v</i>")]

        run(main())


def test_a_cancelled_task_ends_wait_for_document() -> None:
    with idiligo.Sandbox(conversion_time=60) as sandbox:
        client = idiligo.AsyncClient(sandbox.client())
        doc = client.client.add_document_from_bytes("slow.pdf", b"%PDF slow")

        async def main() -> float:
            start = time.monotonic()
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(client.wait_for_document(doc, timeout=60, poll_interval=30), 0.3)
            return time.monotonic() - start

        took = run(main())
        assert took < 0.8, took
        assert sandbox.request_count("GetDocumentStatus") <= 2  # the next polls never came
