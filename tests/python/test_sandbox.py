"""The sandbox's newer test API from Python: the stall fault, connection counts, stored
documents and their conversion, and the snapshot fields; DocumentStatus as a value."""

from __future__ import annotations

import datetime
import pickle
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import idiligo


def test_stall_fault_pauses_mid_body(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    call = client.create_call("INTAKE")
    sandbox.simulate_upload(call, "scan.pdf", b"%PDF" + bytes(100_000))
    (a,) = client.get_attachments(call)
    sandbox.inject_stall(0.6, operation="Download")
    start = time.monotonic()
    assert client.download_bytes(a) == b"%PDF" + bytes(100_000)  # the rest arrives after the pause
    assert time.monotonic() - start >= 0.6
    # Against a stall timeout shorter than the pause the download fails, leaving nothing.
    impatient = sandbox.client(stall_timeout=0.2, max_retries=0)
    sandbox.inject_stall(2.0, operation="Download")
    with pytest.raises(idiligo.TimeoutError) as info:
        impatient.download(a, tmp_path / "scan.pdf")
    assert (info.value.timeout_phase, info.value.timeout) == ("stall", 0.2)
    assert list(tmp_path.iterdir()) == []
    sandbox.inject_stall(0.3, operation="GetAttachments", times=2)
    start = time.monotonic()
    client.get_attachments(call)
    client.get_attachments(call)
    assert time.monotonic() - start >= 0.6
    with pytest.raises(idiligo.InvalidArgumentError):
        sandbox.inject_stall(-1)


def test_connections_accepted_counts_connections_not_requests(sandbox: idiligo.Sandbox) -> None:
    before = sandbox.connections_accepted()
    client = sandbox.client()
    call = client.create_call("INTAKE")
    for _ in range(5):
        client.get_attachments(call)
    assert sandbox.connections_accepted() - before == 1  # one pooled connection, 7 requests


def test_stored_documents_and_conversion(client: idiligo.Client) -> None:
    with idiligo.Sandbox(conversion_time=0.5, conversion_failure_marker="BROKEN") as sb, sb.client() as c:
        url = sb.host_file("offer.pdf", b"%PDF offer")
        doc = c.add_document_from_url(url, "offer.pdf", "crm-1")
        broken = c.add_document_from_url(url, "BROKEN.pdf", "crm-2")
        snap = sb.document(doc)
        assert snap is not None
        assert (snap.id, snap.filename, snap.external_id, snap.added_via, snap.size) == (doc, "offer.pdf", "crm-1", "url", 10)
        assert (snap.private, snap.temporary) == (False, False)
        assert snap.conversion == idiligo.DocumentStatus.BUSY and 0 <= snap.percentage < 100
        assert sb.document_status(doc) is not None and sb.document_status(doc) == idiligo.DocumentStatus.BUSY
        time.sleep(0.6)
        assert sb.document_status(doc) == idiligo.DocumentStatus.READY
        ready = sb.document(doc)
        assert ready is not None and ready.percentage == 100
        assert sb.document_status(broken) == idiligo.DocumentStatus.ERROR
        sb.fail_conversion(doc)
        assert sb.document_status(doc) == idiligo.DocumentStatus.ERROR
        assert sb.document_status("424242") == idiligo.DocumentStatus.NOT_FOUND
        assert sb.document("424242") is None
        with pytest.raises(idiligo.InvalidArgumentError):
            sb.fail_conversion("424242")
        call = c.create_call("INTAKE")
        c.set_document_to_upload_action(call, "crm-1", doc)
        sb.simulate_upload(call, "id.jpg", b"JPEG")
        call_snap = sb.call(call)
        assert call_snap is not None
        bound, uploaded = call_snap.documents
        assert (bound.binding, bound.node_code, bound.external_id, bound.conversion) == (
            "upload_action", None, "crm-1", idiligo.DocumentStatus.ERROR
        )
        assert (uploaded.binding, uploaded.origin, uploaded.conversion) == ("upload", "uploaded", idiligo.DocumentStatus.READY)
        assert (call_snap.customer_id, call_snap.external_data) == (None, None)
        up = sb.document(uploaded.id)
        assert up is not None and up.added_via == "upload"


def test_create_call_ex_fields_and_mail_time(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    doc = client.add_document_from_url(sandbox.host_file("a.pdf", b"%PDF a"), "a.pdf", "e")
    xml = client.call("CreateCallEx", {"documentId": doc, "customerId": "cust-9", "externalData": "x=1"})
    assert xml is not None
    call = xml.rsplit(">", 2)[-2].split("<")[0]
    snap = sandbox.call(call)
    assert snap is not None and (snap.customer_id, snap.external_data) == ("cust-9", "x=1")
    (node,) = snap.documents
    assert (node.binding, node.node_code) == ("node", "")
    before = datetime.datetime.now(datetime.timezone.utc)
    assert client.send_mail(call, "jan@example.com", "INVITE")
    (mail,) = sandbox.mails(call)
    assert mail.sent.tzinfo is not None
    assert before - datetime.timedelta(seconds=1) <= mail.sent <= datetime.datetime.now(datetime.timezone.utc)


def _two_parameter_create_contact(sb: idiligo.Sandbox) -> "tuple[int, str]":
    """CreateContact with only token and email (the client always sends the table's four)."""
    token = sb.client().session_token()
    form = urllib.parse.urlencode({"token": token, "email": "jan@example.com"}).encode()
    try:
        with urllib.request.urlopen(f"{sb.url}/InsideService20.asmx/CreateContact", form, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_require_contact_names_option() -> None:
    with idiligo.Sandbox(require_contact_names=False) as sb:
        status, body = _two_parameter_create_contact(sb)
        assert status == 200 and "<long" in body, body
    with idiligo.Sandbox() as sb:
        status, body = _two_parameter_create_contact(sb)
        assert status == 500 and "firstName" in body, body


def test_document_status_is_a_value() -> None:
    S = idiligo.DocumentStatus
    assert [s.name for s in (S.BUSY, S.READY, S.ERROR, S.NOT_FOUND)] == ["BUSY", "READY", "ERROR", "NOT_FOUND"]
    assert [s.text for s in (S.BUSY, S.READY, S.ERROR, S.NOT_FOUND)] == ["BUSY", "READY", "ERROR", "NOT FOUND"]
    assert S(" ready ") == S.READY and S("not found") == S.NOT_FOUND and S("Busy") is not None
    assert hash(S("READY")) == hash(S.READY)
    queued = S("Queued (3)")
    assert (queued.name, queued.text, str(queued)) == (None, "Queued (3)", "Queued (3)")  # unknown text kept
    assert queued != S.BUSY and queued == S("Queued (3)")
    assert repr(S.NOT_FOUND) == "DocumentStatus.NOT_FOUND" and repr(queued) == "DocumentStatus('Queued (3)')"
    assert pickle.loads(pickle.dumps(queued)) == queued and pickle.loads(pickle.dumps(S.ERROR)) == S.ERROR
    assert len({S.BUSY, S("BUSY"), S.READY}) == 2
