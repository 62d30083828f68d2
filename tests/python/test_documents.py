"""Documents from the application: uploads from bytes and files, attaching, status, progress,
deletion, the wait until converted, SetCallValues, and start_meeting with uploaded documents,
waits and clean-up — each against the embedded sandbox."""

from __future__ import annotations

import errno
import io
import pickle
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import idiligo

PDF = b"%PDF-1.4 offer \x00\xff binary"


# ---------------------------------------------------------------------------- uploads


def test_add_document_from_bytes_stores_the_bytes(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    doc = client.add_document_from_bytes("offer.pdf", PDF)
    assert isinstance(doc, str) and doc
    assert sandbox.document_bytes(doc) == PDF
    snap = sandbox.document(doc)
    assert snap is not None
    assert (snap.filename, snap.external_id, snap.private, snap.temporary, snap.added_via, snap.size) == (
        "offer.pdf", "", False, False, "bytes", len(PDF)
    )
    # Always over SOAP, whatever the client's binding (here POST): the plain operation.
    assert (sandbox.request_count("AddDocumentFromBytes"), sandbox.request_count("AddDocumentFromBytesEx")) == (1, 0)
    # bytearray and memoryview are taken too (copied first).
    for data in (bytearray(PDF), memoryview(PDF)[4:]):
        d = client.add_document_from_bytes("copy.pdf", data)
        assert sandbox.document_bytes(d) == bytes(data)


def test_add_document_from_bytes_ex_flags(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    doc = client.add_document_from_bytes("crm.pdf", PDF, external_id="crm-7", private=True, temporary=True)
    snap = sandbox.document(doc)
    assert snap is not None and (snap.external_id, snap.private, snap.temporary) == ("crm-7", True, True)
    assert sandbox.request_count("AddDocumentFromBytesEx") == 1
    doc = client.add_document_from_bytes("p.pdf", PDF, private=True)
    snap = sandbox.document(doc)
    assert snap is not None and (snap.external_id, snap.private, snap.temporary) == ("", True, False)
    assert sandbox.request_count("AddDocumentFromBytesEx") == 2


def test_upload_bad_input_sends_nothing(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="bytes, bytearray or memoryview, not str"):
        client.add_document_from_bytes("a.txt", "text")  # type: ignore[arg-type]
    for filename, data, kwargs, text in [
        ("a.pdf", b"", {}, "empty"),
        ("", b"x", {}, "filename"),
        ("a.pdf", b"xy", {"max_bytes": 1}, "more than the upload size cap of 1 bytes"),
        ("a.pdf", b"xy", {"max_bytes": 0}, "greater than zero"),
    ]:
        with pytest.raises(idiligo.InvalidArgumentError, match=text) as info:
            client.add_document_from_bytes(filename, data, **kwargs)  # type: ignore[arg-type]
        assert info.value.operation == "AddDocumentFromBytes", info.value
    with pytest.raises(idiligo.InvalidArgumentError, match="is a directory"):
        client.add_document_from_file(tmp_path)
    missing = tmp_path / "nope.pdf"
    with pytest.raises(idiligo.LocalIOError) as io:
        client.add_document_from_file(missing)
    assert isinstance(io.value, OSError) and io.value.errno == errno.ENOENT
    assert io.value.filename == str(missing), io.value.filename
    assert sandbox.request_count("AddDocumentFromBytes") == 0 and sandbox.request_count("Login") == 0


def test_add_document_from_file(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(PDF * 1000)
    doc = client.add_document_from_file(path)  # a Path
    snap = sandbox.document(doc)
    assert snap is not None and (snap.filename, snap.size) == ("scan.pdf", len(PDF) * 1000)
    assert sandbox.document_bytes(doc) == PDF * 1000
    doc = client.add_document_from_file(str(path), filename="renamed.pdf", external_id="crm-9")  # a str
    snap = sandbox.document(doc)
    assert snap is not None and (snap.filename, snap.external_id) == ("renamed.pdf", "crm-9")
    assert sandbox.request_count("AddDocumentFromBytesEx") == 1


def test_upload_progress_and_cancel(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    data = bytes(range(256)) * 1000  # 256,000 bytes: several chunks
    seen: List[Tuple[int, Optional[int]]] = []
    doc = client.add_document_from_bytes("p.bin", data, progress=lambda d, t: seen.append((d, t)))
    assert sandbox.document_bytes(doc) == data
    assert seen[0] == (0, len(data)) and seen[-1] == (len(data), len(data)) and len(seen) > 3
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    stored = sandbox.request_count("AddDocumentFromBytes")

    # False cancels: CancelledError, nothing stored (the request is cut short).
    with pytest.raises(idiligo.CancelledError) as info:
        client.add_document_from_bytes("c.bin", data, progress=lambda d, t: d < 100_000)
    assert info.value.sent is False
    # An exception from the callback cancels and propagates unchanged (a file this time).
    path = tmp_path / "f.bin"
    path.write_bytes(data)

    def boom(done: int, total: Optional[int]) -> None:
        if done > 0:
            raise LookupError("stop here")

    with pytest.raises(LookupError, match="stop here"):
        client.add_document_from_file(path, progress=boom)
    assert sandbox.document(str(int(doc) + 1)) is None, "neither cancelled upload stored anything"
    assert sandbox.request_count("AddDocumentFromBytes") >= stored


# ---------------------------------------------------------------------------- documents of a meeting


def test_add_document_to_call(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call = client.create_call("INTAKE")
    doc = client.add_document_from_bytes("node.pdf", PDF)
    assert client.add_document_to_call(call, doc, "N2") == doc
    snap = sandbox.call(call)
    assert snap is not None
    assert [(d.id, d.binding, d.node_code) for d in snap.documents] == [(doc, "node", "N2")]
    other = client.add_document_from_bytes("n.pdf", PDF)
    client.add_document_to_call(call, other)  # node_code defaults to ""
    snap = sandbox.call(call)
    assert snap is not None and [d.node_code for d in snap.documents] == ["N2", ""]
    with pytest.raises(idiligo.ServiceError, match="Unknown callId") as info:
        client.add_document_to_call("987654", doc)
    assert info.value.operation == "AddDocumentToCall"
    with pytest.raises(idiligo.InvalidArgumentError):
        client.add_document_to_call(call, "")


def test_status_progress_and_delete() -> None:
    with idiligo.Sandbox(conversion_time=0.6, conversion_failure_marker="BROKEN") as sandbox, sandbox.client() as c:
        doc = c.add_document_from_bytes("slow.pdf", PDF)
        status = c.get_document_status(doc)
        assert status == idiligo.DocumentStatus.BUSY and status.name == "BUSY"
        progress = c.get_document_progress(doc)
        assert isinstance(progress, idiligo.DocumentProgress)
        assert progress.status == idiligo.DocumentStatus.BUSY and 0 <= progress.percentage < 100
        assert pickle.loads(pickle.dumps(progress)) == progress
        time.sleep(0.8)
        assert c.get_document_status(doc) == idiligo.DocumentStatus.READY
        assert c.get_document_progress(doc) == idiligo.DocumentProgress(idiligo.DocumentStatus.READY, 100.0)
        broken = c.add_document_from_bytes("BROKEN.pdf", PDF)
        time.sleep(0.8)
        assert c.get_document_status(broken) == idiligo.DocumentStatus.ERROR
        # Deleting: True, then the service no longer knows it (NOT FOUND, not an error), False.
        assert c.delete_document(doc) is True
        assert sandbox.document(doc) is None
        assert c.get_document_status(doc) == idiligo.DocumentStatus.NOT_FOUND
        assert c.get_document_progress(doc) == idiligo.DocumentProgress(idiligo.DocumentStatus.NOT_FOUND, 0.0)
        assert c.delete_document(doc) is False
        for op in ("GetDocumentStatus", "GetDocumentProgress", "DeleteDocument"):
            assert sandbox.request_count(op) >= 2, op


def test_wait_for_document() -> None:
    with idiligo.Sandbox(conversion_time=0.5, conversion_failure_marker="BROKEN") as sandbox, sandbox.client() as c:
        doc = c.add_document_from_bytes("w.pdf", PDF)
        start = time.monotonic()
        assert c.wait_for_document(doc, timeout=10, poll_interval=0.2) is None  # type: ignore[func-returns-value]
        took = time.monotonic() - start
        assert sandbox.document_status(doc) == idiligo.DocumentStatus.READY
        assert 0.4 <= took < 3, took
        polls = sandbox.request_count("GetDocumentStatus")
        assert polls >= 2
        # A failed conversion and an unknown document end the wait with ServiceError.
        broken = c.add_document_from_bytes("BROKEN.pdf", PDF)
        with pytest.raises(idiligo.ServiceError) as info:
            c.wait_for_document(broken, timeout=10, poll_interval=0.2)
        assert info.value.detail == "ERROR" and info.value.operation == "wait_for_document"
        with pytest.raises(idiligo.ServiceError) as info:
            c.wait_for_document("424242", timeout=10, poll_interval=0.2)
        assert info.value.detail == "NOT FOUND"
        # The timeout.
        slow = c.add_document_from_bytes("slow.pdf", PDF)
        with pytest.raises(idiligo.TimeoutError) as t:
            c.wait_for_document(slow, timeout=0.2, poll_interval=0.1)
        assert t.value.timeout_phase == "wait" and t.value.timeout == pytest.approx(0.2)
        # Bad timing arguments: nothing is sent.
        before = sandbox.request_count("GetDocumentStatus")
        for kwargs in ({"timeout": 0}, {"poll_interval": 0}, {"timeout": -1}, {"poll_interval": float("nan")}):
            with pytest.raises(idiligo.InvalidArgumentError):
                c.wait_for_document(slow, **kwargs)
        assert sandbox.request_count("GetDocumentStatus") == before


def test_wait_for_document_releases_the_gil_and_is_cancelled_by_a_token() -> None:
    with idiligo.Sandbox(conversion_time=60) as sandbox, sandbox.client() as c:
        doc = c.add_document_from_bytes("w.pdf", PDF)
        token = idiligo.CancelToken()
        outcome: List[BaseException] = []

        def wait() -> None:
            try:
                c.with_cancel(token).wait_for_document(doc, timeout=30, poll_interval=10)
            except BaseException as e:  # noqa: BLE001 - checked below
                outcome.append(e)

        t = threading.Thread(target=wait)
        t.start()
        # While the other thread waits, this one runs Python freely (the GIL is released).
        count, end = 0, time.monotonic() + 0.3
        while time.monotonic() < end:
            count += 1
        assert count > 10_000
        sent = time.monotonic()
        token.cancel()
        t.join(5)
        assert not t.is_alive()
        latency = time.monotonic() - sent
        print(f"wait_for_document cancelled by its token after {latency * 1000:.0f} ms")
        assert latency < 0.45
        (e,) = outcome
        assert isinstance(e, idiligo.CancelledError) and e.operation == "wait_for_document", e


# ---------------------------------------------------------------------------- SetCallValues


def test_set_call_values(sandbox: idiligo.Sandbox) -> None:
    with sandbox.client(binding="soap") as c:
        call = c.create_call("INTAKE")
        values: Dict[str, Any] = {"Note": "<b>kept</b>", "Amount": 12.5, "Flag": True}
        assert c.set_call_values(call, values) is True
        assert c.set_call_values(call, [("Note", "later")]) is True
        assert c.get_call_values(call) == [
            idiligo.NameValue("Note", "later"), idiligo.NameValue("Amount", "12.5"), idiligo.NameValue("Flag", "true")
        ]
        with pytest.raises(idiligo.InvalidArgumentError):
            c.set_call_values(call, {"": "no name"})
        with pytest.raises(TypeError, match="SetCallValues: values"):
            c.set_call_values(call, {"Bad": None})  # type: ignore[arg-type]
    assert sandbox.request_count("SetCallValues") == 2
    # Over GET and POST the service does not offer it: refused before sending.
    for binding in ("post", "get"):
        with sandbox.client(binding=binding) as c:
            with pytest.raises(idiligo.InvalidArgumentError, match="SOAP only") as info:
                c.set_call_values(call, {"Note": "x"})
            assert info.value.operation == "SetCallValues"
    assert sandbox.request_count("SetCallValues") == 2


# ---------------------------------------------------------------------------- start_meeting


def test_document_sources() -> None:
    url = idiligo.DocumentSource("https://crm.example/7", "offer.pdf", "crm-7")
    assert url == idiligo.DocumentSource.from_url("https://crm.example/7", "offer.pdf", "crm-7")
    assert (url.kind, url.data, url.path) == ("url", None, None)
    data = idiligo.DocumentSource.from_bytes("terms.pdf", bytearray(PDF), "terms")
    assert (data.kind, data.url, data.data, data.path, data.filename) == ("bytes", "", PDF, None, "terms.pdf")
    f = idiligo.DocumentSource.from_file("/var/scans/id card.jpg", "id")
    assert (f.kind, f.path, f.filename, f.external_id) == ("file", Path("/var/scans/id card.jpg"), "id card.jpg", "id")
    g = idiligo.DocumentSource.from_file(Path("/var/scans/x.jpg"), "id", "shown.jpg")
    assert g.filename == "shown.jpg" and g.path == Path("/var/scans/x.jpg")
    for s in (url, data, f, g):
        assert pickle.loads(pickle.dumps(s)) == s and hash(pickle.loads(pickle.dumps(s))) == hash(s)
    assert data != idiligo.DocumentSource.from_bytes("terms.pdf", PDF + b"!", "terms")
    assert f != idiligo.DocumentSource.from_file("/var/scans/id card.jpg", "other")
    assert repr(data) == f"DocumentSource(data=<{len(PDF)} bytes>, filename='terms.pdf', external_id='terms')"
    assert "path='/var/scans/id card.jpg'" in repr(f)
    with pytest.raises(TypeError):
        idiligo.DocumentSource.from_bytes("a", "text", "e")  # type: ignore[arg-type]


def test_start_meeting_with_uploaded_documents(sandbox: idiligo.Sandbox, any_client: idiligo.Client, tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF scan")
    meeting = any_client.start_meeting(
        "INTAKE",
        participant=idiligo.Participant("jan@example.com"),
        documents=[
            idiligo.DocumentSource(sandbox.host_file("offer.pdf", b"%PDF offer"), "offer.pdf", "crm-1"),
            idiligo.DocumentSource.from_bytes("terms.pdf", b"%PDF terms", "crm-2"),
            idiligo.DocumentSource.from_file(path, "crm-3"),
        ],
    )
    assert [(d.external_id, d.bound) for d in meeting.documents] == [("crm-1", True), ("crm-2", True), ("crm-3", True)]
    snap = sandbox.call(meeting.call_id)
    assert snap is not None
    assert [(d.external_id, d.filename, d.binding) for d in snap.documents] == [
        ("crm-1", "offer.pdf", "upload_action"), ("crm-2", "terms.pdf", "upload_action"),
        ("crm-3", "scan.pdf", "upload_action"),
    ]
    ids = [d.document_id for d in meeting.documents]
    assert [sandbox.document_bytes(i) for i in ids] == [b"%PDF offer", b"%PDF terms", b"%PDF scan"]
    assert sandbox.request_count("AddDocumentFromUrl") == 1 and sandbox.request_count("AddDocumentFromBytesEx") == 2


def test_start_meeting_checks_uploads_before_creating_anything(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    missing = tmp_path / "nope.pdf"
    with pytest.raises(idiligo.StartMeetingError) as info:
        client.start_meeting("INTAKE", documents=[idiligo.DocumentSource.from_file(missing, "x")])
    e = info.value
    assert isinstance(e, idiligo.LocalIOError) and e.filename == str(missing) and e.errno == errno.ENOENT
    assert e.step == "validate" and e.document_index == 0 and e.partial == idiligo.PartialMeeting()
    for docs, kwargs in [
        ([idiligo.DocumentSource.from_bytes("e.pdf", b"", "x")], {}),
        ([idiligo.DocumentSource.from_file(tmp_path, "x", "d")], {}),
        ([], {"wait_for_documents": 0}),
    ]:
        with pytest.raises(idiligo.InvalidArgumentError) as bad:
            client.start_meeting("INTAKE", documents=docs, **kwargs)  # type: ignore[arg-type]
        assert isinstance(bad.value, idiligo.StartMeetingError) and bad.value.step == "validate", bad.value
    with pytest.raises(idiligo.InvalidArgumentError):
        client.start_meeting("INTAKE", wait_for_documents=-1)  # refused by the seconds rule
    assert sandbox.request_count("CreateCall") == 0 and sandbox.request_count("Login") == 0


def test_start_meeting_waits_for_the_documents() -> None:
    with idiligo.Sandbox(conversion_time=0.4, conversion_failure_marker="BROKEN") as sandbox, sandbox.client() as c:
        start = time.monotonic()
        meeting = c.start_meeting(
            "INTAKE", documents=[idiligo.DocumentSource.from_bytes("a.pdf", PDF, "a")], wait_for_documents=10
        )
        assert time.monotonic() - start >= 0.35
        assert sandbox.document_status(meeting.documents[0].document_id) == idiligo.DocumentStatus.READY
        # Without the wait it returns while the document still converts.
        m2 = c.start_meeting("INTAKE", documents=[idiligo.DocumentSource.from_bytes("b.pdf", PDF, "b")])
        assert sandbox.document_status(m2.documents[0].document_id) == idiligo.DocumentStatus.BUSY
        # A failed conversion fails the start at the wait, every id kept.
        with pytest.raises(idiligo.ServiceError) as info:
            c.start_meeting(
                "INTAKE",
                documents=[idiligo.DocumentSource.from_bytes("BROKEN.pdf", PDF, "x")],
                wait_for_documents=10,
            )
        e = info.value
        assert isinstance(e, idiligo.StartMeetingError)
        assert (e.step, e.document_index) == ("GetDocumentStatus", 0)
        assert e.partial.call_id and len(e.partial.documents) == 1 and e.partial.cleanup is None
        assert sandbox.document(e.partial.documents[0].document_id) is not None, "kept: no clean-up asked for"


def test_start_meeting_cleanup_on_failure(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    sandbox.inject_unavailable(operation="GetAgentUrl")
    with pytest.raises(idiligo.StartMeetingError) as info:
        client.start_meeting(
            "INTAKE",
            participant=idiligo.Participant("jan@example.com"),
            documents=[
                idiligo.DocumentSource.from_bytes("a.pdf", PDF, "a"),
                idiligo.DocumentSource.from_bytes("b.pdf", PDF, "b"),
            ],
            cleanup_on_failure=True,
        )
    e = info.value
    assert isinstance(e, idiligo.HttpError) and e.step == "GetAgentUrl"
    p = e.partial
    # Every id created stays on the error...
    assert p.call_id and p.contact_id and p.public_id and len(p.documents) == 2
    docs = [d.document_id for d in p.documents]
    # ...and the report says what the clean-up removed and what stayed.
    report = p.cleanup
    assert isinstance(report, idiligo.CleanupReport)
    assert report.deleted_documents == tuple(docs)
    assert report.ended_call == p.call_id
    assert report.not_removed == ((idiligo.CreatedItem("contact", p.contact_id), report.not_removed[0][1]),)
    assert "cannot" in report.not_removed[0][1] or "no operation" in report.not_removed[0][1]
    assert str(report).startswith(f"deleted documents {docs[0]}, {docs[1]}, ended call {p.call_id}")
    assert "clean-up: deleted documents" in str(e)
    assert all(sandbox.document(d) is None for d in docs)
    snap = sandbox.call(p.call_id)
    assert snap is not None and snap.ended
    # The partial meeting (with its report) survives pickling, as the error does.
    assert pickle.loads(pickle.dumps(p)) == p
    again = pickle.loads(pickle.dumps(e))
    assert again.partial == p and again.partial.cleanup == report


def test_cleanup_reports_what_it_could_not_remove(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    # The clean-up's EndCall fails too: the call is reported as kept, with the reason.
    sandbox.inject_unavailable(operation="GetAgentUrl")
    sandbox.inject_unavailable(operation="EndCall")
    with pytest.raises(idiligo.StartMeetingError) as info:
        client.start_meeting(
            "INTAKE", documents=[idiligo.DocumentSource.from_bytes("a.pdf", PDF, "a")], cleanup_on_failure=True
        )
    p = info.value.partial
    assert p.cleanup is not None and p.call_id
    assert p.cleanup.ended_call is None and len(p.cleanup.deleted_documents) == 1
    ((item, why),) = p.cleanup.not_removed
    assert (item.kind, item.id) == ("call", p.call_id) and "503" in why
    assert str(item) == f"call {p.call_id}"
    snap = sandbox.call(p.call_id)
    assert snap is not None and not snap.ended


def test_cleanup_values_are_values() -> None:
    item = idiligo.CreatedItem("document", "12")
    assert item == idiligo.CreatedItem("document", "12") and hash(item) == hash(idiligo.CreatedItem("document", "12"))
    assert repr(item) == "CreatedItem('document', '12')" and pickle.loads(pickle.dumps(item)) == item
    with pytest.raises(ValueError, match="kind must be"):
        idiligo.CreatedItem("meeting", "1")  # type: ignore[arg-type]
    r = idiligo.CleanupReport(["1", "2"], "7", [(idiligo.CreatedItem("contact", "3"), "cannot")])
    assert r.deleted_documents == ("1", "2") and r.ended_call == "7"
    assert str(r) == "deleted documents 1, 2, ended call 7; kept contact 3: cannot"
    assert str(idiligo.CleanupReport()) == "removed nothing"
    assert pickle.loads(pickle.dumps(r)) == r and r != idiligo.CleanupReport(["1"], "7")
    p = idiligo.PartialMeeting(call_id="7", cleanup=r)
    assert p.cleanup == r and "cleanup=CleanupReport(" in repr(p)
    assert p != idiligo.PartialMeeting(call_id="7")


# ---------------------------------------------------------------------------- uploads from file objects


class _ReadOnly:
    """A binary stream with only ``read(n)`` (no ``readinto``): the other path of the reader."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.sizes: List[int] = []

    def read(self, size: int = -1) -> bytes:
        self.sizes.append(size)
        return self._data.read(size)


class _Failing(io.RawIOBase):
    """A binary stream that delivers ``good`` bytes, then raises ``error`` from ``readinto``."""

    def __init__(self, good: bytes, error: BaseException) -> None:
        self._good = io.BytesIO(good)
        self._error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._good.readinto(buffer)
        if n:
            return n
        raise self._error


def test_add_document_from_reader_bytesio_and_files(
    sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 2500  # 640,000 bytes: several 256 KiB chunks
    doc = client.add_document_from_reader("memory.bin", io.BytesIO(data))
    assert sandbox.document_bytes(doc) == data
    snap = sandbox.document(doc)
    assert snap is not None and (snap.filename, snap.size, snap.added_via) == ("memory.bin", len(data), "bytes")
    assert sandbox.request_count("AddDocumentFromBytes") == 1  # over SOAP, the plain operation
    # Read from where the stream stands, to its end; the stream is left open.
    stream = io.BytesIO(data)
    stream.seek(1000)
    doc = client.add_document_from_reader("tail.bin", stream)
    assert sandbox.document_bytes(doc) == data[1000:] and not stream.closed
    # A file opened with 'rb' (buffered and raw), with the Ex options and progress.
    path = tmp_path / "scan.pdf"
    path.write_bytes(PDF * 5000)
    seen: List[Tuple[int, Optional[int]]] = []
    with open(path, "rb") as f:
        doc = client.add_document_from_reader(
            "scan.pdf", f, external_id="crm-4", private=True, progress=lambda d, t: seen.append((d, t))
        )
    assert sandbox.document_bytes(doc) == PDF * 5000
    snap = sandbox.document(doc)
    assert snap is not None and (snap.filename, snap.external_id, snap.private) == ("scan.pdf", "crm-4", True)
    assert seen[-1] == (len(PDF) * 5000, len(PDF) * 5000)
    with open(path, "rb", buffering=0) as raw:
        doc = client.add_document_from_reader("raw.pdf", raw)
    assert sandbox.document_bytes(doc) == PDF * 5000
    # An object with read() only.
    only_read = _ReadOnly(data)
    doc = client.add_document_from_reader("read.bin", only_read)
    assert sandbox.document_bytes(doc) == data
    assert only_read.sizes and max(only_read.sizes) <= 256 * 1024, only_read.sizes


def test_add_document_from_reader_exception_propagates(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    error = LookupError("the scanner went away")
    with pytest.raises(LookupError) as info:
        client.add_document_from_reader("s.pdf", _Failing(PDF * 1000, error))
    assert info.value is error, info.value
    # read() only, raising at once: the same.
    failing = _ReadOnly(PDF)
    failing.read = lambda size=-1: (_ for _ in ()).throw(OSError(errno.EIO, "disk error"))  # type: ignore[method-assign]
    with pytest.raises(OSError) as oserr:
        client.add_document_from_reader("s.pdf", failing)
    assert oserr.value.errno == errno.EIO and not isinstance(oserr.value, idiligo.IdiligoError), oserr.value
    # Nothing was sent.
    assert sandbox.request_count("AddDocumentFromBytes") == 0 and sandbox.request_count("Login") == 0


def test_add_document_from_reader_refuses_text(
    sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("some text")
    with open(path, "r") as text:
        with pytest.raises(TypeError, match="fileobj must be a binary file object .*'rb'.*TextIOWrapper"):
            client.add_document_from_reader("notes.txt", text)  # type: ignore[arg-type]
        assert text.tell() == 0, "a text file is refused before anything is read"
    with pytest.raises(TypeError, match="fileobj .*StringIO"):
        client.add_document_from_reader("notes.txt", io.StringIO("text"))  # type: ignore[arg-type]
    # A stream that is not a TextIOBase but whose read() returns str.
    class Texty:
        def read(self, size: int = -1) -> str:
            return "text"

    with pytest.raises(TypeError, match="fileobj .*read\\(\\) returned str"):
        client.add_document_from_reader("notes.txt", Texty())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fileobj .*readinto\\(\\) or read\\(\\), not bytes"):
        client.add_document_from_reader("notes.txt", b"bytes")  # type: ignore[arg-type]
    assert sandbox.request_count("AddDocumentFromBytes") == 0 and sandbox.request_count("Login") == 0


def test_add_document_from_reader_cap_and_empty(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    with pytest.raises(idiligo.InvalidArgumentError, match="more than the upload size cap of 10 bytes") as info:
        client.add_document_from_reader("big.bin", io.BytesIO(b"x" * 11), max_bytes=10)
    assert info.value.operation == "AddDocumentFromBytes"
    with pytest.raises(idiligo.InvalidArgumentError, match="empty"):
        client.add_document_from_reader("empty.bin", io.BytesIO(b""))
    with pytest.raises(idiligo.InvalidArgumentError, match="filename"):
        client.add_document_from_reader("", io.BytesIO(b"x"))
    assert sandbox.request_count("AddDocumentFromBytes") == 0 and sandbox.request_count("Login") == 0
    # Exactly the cap is taken.
    doc = client.add_document_from_reader("ten.bin", io.BytesIO(b"y" * 10), max_bytes=10)
    assert sandbox.document_bytes(doc) == b"y" * 10
