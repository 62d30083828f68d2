"""Attachments (all nine fields) and downloads: progress, cancel, atomic results, Ctrl-C."""

from __future__ import annotations

import io
import os
import signal
import threading
import time
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

import idiligo

BIG = bytes(range(256)) * 4096 * 3  # 3 MiB: many 64 KiB chunks


def _meeting_with_upload(sandbox: idiligo.Sandbox, client: idiligo.Client, data: bytes = b"hello") -> Tuple[str, str]:
    call = client.create_call("INTAKE")
    doc = sandbox.simulate_upload(call, "passport.jpg", data)
    return call, doc


def test_attachment_fields(sandbox: idiligo.Sandbox, any_client: idiligo.Client) -> None:
    c = any_client
    meeting = c.start_meeting(
        "INTAKE",
        participant=idiligo.Participant("jan@example.com"),
        documents=[idiligo.DocumentSource(sandbox.host_file("offer.pdf", b"%PDF offer"), "offer.pdf", "crm-7")],
    )
    uploaded = sandbox.simulate_upload(meeting.call_id, "passport.jpg", b"JPEG")
    sandbox.simulate_sign(meeting.call_id, meeting.documents[0].document_id)
    bound, up = c.get_attachments(meeting.call_id)
    assert bound.id == meeting.documents[0].document_id
    assert bound.description == "offer.pdf"
    assert bound.url and bound.url.startswith(sandbox.url)
    # The service omits Preview (None) and sends SignUrl empty (""): both kept apart.
    assert bound.preview is None and up.preview is None
    assert bound.attach is True
    assert bound.size is not None and bound.size_bytes == len(c.download_bytes(bound))
    assert bound.date
    assert bound.sign_url == "" and up.sign_url == ""
    assert bound.sign_status == 2 and bound.signed
    assert up.id == uploaded and up.attach is False and up.sign_status == 0 and up.size_bytes == 4
    assert c.download_bytes(bound).startswith(b"%PDF offer\n%% signed by jan@example.com")
    with pytest.raises(AttributeError):
        bound.url = "x"  # type: ignore[misc]
    assert bound == c.get_attachments(meeting.call_id)[0]
    assert len({bound, up, c.get_attachments(meeting.call_id)[0]}) == 2
    r = repr(bound)
    assert r.startswith("Attachment(id=") and "offer.pdf" in r
    made = idiligo.Attachment("7", description="d", url="http://127.0.0.1/x", size="12", sign_status=1)
    assert made.size_bytes == 12 and made.attach is False and made.date is None


def test_download_to_path_with_progress(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    call, doc = _meeting_with_upload(sandbox, client, BIG)
    (a,) = client.get_attachments(call)
    seen: List[Tuple[int, Optional[int]]] = []
    target = tmp_path / "out.bin"
    n = client.download(a, target, progress=lambda done, total: seen.append((done, total)))
    assert n == len(BIG)
    assert target.read_bytes() == BIG
    assert seen[0] == (0, len(BIG)) and seen[-1] == (len(BIG), len(BIG))
    assert len(seen) > 10
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert os.listdir(tmp_path) == ["out.bin"]  # no temporary file left
    # str paths and URLs work too
    assert client.download(a.url or "", str(tmp_path / "again.bin")) == len(BIG)


def test_download_to_file_object(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call, _ = _meeting_with_upload(sandbox, client, BIG)
    (a,) = client.get_attachments(call)
    buf = io.BytesIO()
    assert client.download(a, buf) == len(BIG)
    assert buf.getvalue() == BIG


class Stop(Exception):
    pass


def test_exception_in_progress_cancels_and_propagates(
    sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path
) -> None:
    call, _ = _meeting_with_upload(sandbox, client, BIG)
    (a,) = client.get_attachments(call)
    target = tmp_path / "doc.bin"
    target.write_bytes(b"previous version")
    calls = []

    def progress(done: int, total: Optional[int]) -> None:
        calls.append(done)
        if done > 200_000:
            raise Stop("enough")

    with pytest.raises(Stop, match="enough"):
        client.download(a, target, progress=progress)
    assert target.read_bytes() == b"previous version"  # untouched: the result is atomic
    assert os.listdir(tmp_path) == ["doc.bin"]  # and no temporary file left behind
    assert calls[-1] < len(BIG)  # it really stopped early


def test_progress_returning_false_cancels(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    call, _ = _meeting_with_upload(sandbox, client, BIG)
    (a,) = client.get_attachments(call)
    with pytest.raises(idiligo.CancelledError) as info:
        client.download(a, tmp_path / "x", progress=lambda d, t: d < 100_000)
    assert info.value.operation == "Download"
    assert os.listdir(tmp_path) == []


def test_file_object_error_propagates(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call, _ = _meeting_with_upload(sandbox, client, BIG)
    (a,) = client.get_attachments(call)

    class Full(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, b) -> int:  # type: ignore[no-untyped-def]
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        client.download(a, Full())


def test_truncated_download_leaves_nothing(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    call, _ = _meeting_with_upload(sandbox, client, BIG)
    (a,) = client.get_attachments(call)
    sandbox.inject_truncated_body(operation="Download")
    with pytest.raises(idiligo.TransportError) as info:
        client.download(a, tmp_path / "t.bin")
    assert info.value.retryable
    assert os.listdir(tmp_path) == []


def test_download_size_cap(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    call, _ = _meeting_with_upload(sandbox, client, BIG)
    (a,) = client.get_attachments(call)
    with pytest.raises(idiligo.TooLargeError) as info:
        client.download(a, tmp_path / "big.bin", max_bytes=1000)
    assert info.value.operation == "Download"
    assert os.listdir(tmp_path) == []
    capped = sandbox.client(max_download_bytes=1000)
    with pytest.raises(idiligo.TooLargeError):
        capped.download_bytes(a)


def test_download_all(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    call = client.create_call("INTAKE")
    sandbox.simulate_upload(call, "scan.pdf", b"one")
    sandbox.simulate_upload(call, "scan.pdf", b"two")
    sandbox.simulate_upload(call, "../../escape.txt", b"three")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "scan.pdf").write_bytes(b"existing")
    progress: List[int] = []
    saved = client.download_all(call, tmp_path / "out", progress=lambda d, t: progress.append(d))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["escape.txt", "scan (2).pdf", "scan (3).pdf", "scan.pdf"]
    assert (tmp_path / "out" / "scan.pdf").read_bytes() == b"existing"  # never overwritten
    assert [s.bytes for s in saved] == [3, 3, 5]
    assert [s.path.read_bytes() for s in saved] == [b"one", b"two", b"three"]
    assert all(type(s.path) is type(Path()) and s.path.parent == tmp_path / "out" for s in saved)  # pathlib.Path
    assert all(isinstance(s.attachment, idiligo.Attachment) for s in saved)
    assert progress
    again = client.download_attachments(client.get_attachments(call)[:1], tmp_path / "second")
    assert [Path(s.path).name for s in again] == ["scan.pdf"]


def test_download_all_report_continues_and_resumes(
    sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path
) -> None:
    call = client.create_call("INTAKE")
    sandbox.simulate_upload(call, "one.pdf", b"one")
    sandbox.simulate_upload(call, "two.pdf", b"two")
    out = tmp_path / "out"
    with pytest.raises(idiligo.InvalidArgumentError):
        client.download_all_report(call, out, on_error="sometimes")  # type: ignore[arg-type]
    # The first download fails; "continue" goes on and says which one and why.
    sandbox.inject_unavailable(operation="Download")
    report = client.download_all_report(call, out, on_error="continue", resume=True)
    assert [o.outcome for o in report.outcomes] == ["failed", "saved"]
    assert not report.complete and report.manifest_error is None
    failed, saved = report.outcomes
    assert isinstance(failed.error, idiligo.HttpError) and failed.error.http_status == 503
    assert failed.path is None and failed.bytes is None
    assert saved.error is None and saved.bytes == 3 and saved.path is not None
    assert isinstance(saved.path, Path) and saved.path.read_bytes() == b"two"
    assert saved.attachment.description == "two.pdf"
    # The rerun fetches only the missing one and saves nothing twice.
    before = sandbox.request_count("Download")
    again = client.download_all_report(call, out, resume=True)
    assert [o.outcome for o in again.outcomes] == ["saved", "already_present"]
    assert again.complete
    assert sandbox.request_count("Download") - before == 1
    assert sorted(p.name for p in out.iterdir()) == [".idiligo-manifest.tsv", "one.pdf", "two.pdf"]
    # "stop" (the default) reports what it did not try.
    sandbox.inject_unavailable(operation="Download")
    stopped = client.download_all_report(call, tmp_path / "stopped")
    assert [o.outcome for o in stopped.outcomes] == ["failed", "not_attempted"]
    assert "failed" in repr(stopped) and "not_attempted" in repr(stopped.outcomes[1])


def test_download_attachment_without_url(client: idiligo.Client, tmp_path: Path) -> None:
    with pytest.raises(idiligo.InvalidArgumentError):
        client.download(idiligo.Attachment("1"), tmp_path / "x")
    with pytest.raises(idiligo.InvalidArgumentError):
        client.download("http://127.0.0.1:1/x", 42)  # type: ignore[arg-type]
    # A size cap of 0 is refused by the core (C passes 0 for "the client's cap").
    with pytest.raises(idiligo.InvalidArgumentError):
        client.download("http://127.0.0.1:1/x", tmp_path / "x", max_bytes=0)
    assert not (tmp_path / "x").exists()


def test_wait_for_attachments(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call = client.create_call("INTAKE")
    timer = threading.Timer(0.3, lambda: sandbox.simulate_upload(call, "late.pdf", b"x"))
    timer.start()
    try:
        got = client.wait_for_attachments(call, timeout=10, poll_interval=0.05)
    finally:
        timer.join()
    assert [a.description for a in got] == ["late.pdf"]
    sandbox.simulate_upload(call, "second.pdf", b"y")
    got = client.wait_for_attachments(call, condition=lambda lst: any(a.description == "second.pdf" for a in lst))
    assert len(got) == 2


def test_wait_for_attachments_timeout_and_errors(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call = client.create_call("INTAKE")
    start = time.monotonic()
    with pytest.raises(idiligo.TimeoutError) as info:
        client.wait_for_attachments(call, timeout=0.3, poll_interval=0.05)
    assert isinstance(info.value, TimeoutError)  # the builtin
    assert info.value.operation == "wait_for_attachments"
    assert time.monotonic() - start < 5
    with pytest.raises(ZeroDivisionError):
        client.wait_for_attachments(call, min_count=0, condition=lambda lst: 1 / 0)
    # The core's wait rules (the same as C's): zero timeout or poll interval is refused, and
    # the condition is only asked once min_count is reached.
    for timeout, poll_interval in ((0.0, 1.0), (1.0, 0.0), (-1.0, 1.0)):
        with pytest.raises(idiligo.InvalidArgumentError):
            client.wait_for_attachments(call, timeout=timeout, poll_interval=poll_interval)
    asked: List[object] = []
    with pytest.raises(idiligo.TimeoutError):
        client.wait_for_attachments(call, min_count=1, condition=asked.append, timeout=0.2, poll_interval=0.05)
    assert asked == []


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_ctrl_c_between_chunks(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    """SIGINT arriving while the GIL is released is honoured at the next chunk: no Python
    callback is involved, so only the native signal check can raise KeyboardInterrupt."""
    call, _ = _meeting_with_upload(sandbox, client, BIG)
    (a,) = client.get_attachments(call)
    sandbox.inject_delay(0.6, operation="Download")
    # A shell starts background jobs with SIGINT ignored; make sure Python's handler is there.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.15, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            client.download(a, tmp_path / "x.bin")
    finally:
        timer.join()
        signal.signal(signal.SIGINT, previous)
    assert os.listdir(tmp_path) == []
