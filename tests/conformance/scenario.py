"""The conformance scenario through the Python package, against the Mono-hosted ASMX replica.

Run by tests/conformance/run.sh with the venv that tests/python/run.sh built:

    target/py-venv/bin/python tests/conformance/scenario.py

For customErrors On and Off, it starts the replica (tests/asmx/run-host.sh, 127.0.0.1, a free
port; stopped by its process id; documents convert for CONVERSION_MS), and over the POST, the
GET and the SOAP binding (``scenario.py soap`` runs a subset):

* logs in and impersonates, starts a meeting with a participant, values and two documents,
  lists the attachments, downloads them and compares bytes;
* reads the values back (GetCallValues): first-write order, a name repeated in SetValues and
  one rewritten by SetValue replaced in place, a new SetValue appended, an empty value kept;
* sets a comment and reads the meeting back through GetCall and GetCallByPublicId (ids,
  comment never set / empty / set, the participant's e-mail, the user name, the fixed members);
* ends the call (EndCall answers the return URL as given, "" without one; ending again is fine
  and changes nothing), sends a mail (true; a bad address and a blank template are the
  service's errors), reads meeting_results (values and attachments in one call);
* calls operations by name: GetSesData and GetEvents (their answers' content), GetCallValues
  and EndCall (the same as the typed methods), SetComment and SaveCredentials (void: None);
* lets the token expire and checks the client logs in again;
* errors: an unknown call id / public id for every new operation, a non-numeric and an
  overflowing long through the call by name (over GET/POST the binder's error, before the token
  check; over SOAP the XmlSerializer's soap:Client fault), an unknown parameter name (refused
  before sending), an invalid parameter of the typed API;
* documents from the application (documents()): uploads from bytes, a file and a file object
  (always over SOAP), BUSY with a percentage, then READY after wait_for_document, attached at
  nodes, listed and downloaded byte for byte, SetCallValues (SOAP only; refused before sending
  over GET/POST), deleted (false the second time, NOT FOUND, wait_for_document's ServiceError,
  unbound from the call, its URL 404, `Unknown documentId.` when attached again).

Over SOAP, Client.call answers the whole envelope (the value is the ``{op}Result`` element) and
the Off-mode detail of a business error starts with ASP.NET's SoapException.

Prints "N passed, M failed" and exits non-zero on any failure.
"""

from __future__ import annotations

import functools
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable, Dict, List, Literal, Optional, Sequence, Tuple

import idiligo

ROOT = Path(__file__).resolve().parents[2]
APIKEY, USER, PASSWORD, TICKET = "test-apikey-0000", "agent@example.test", "fake-password-1234", "fake-ticket-5678"
LIFETIME = 4
#: The replica's conversion time (IDILIGO_REPLICA_CONVERSION_MS): long enough that an upload is
#: still BUSY when its status is first read, so wait_for_document really waits.
CONVERSION_MS = 2500
NS = "{http://www.idiligo.com/}"
SOAP_NS = "{http://schemas.xmlsoap.org/soap/envelope/}"
UNKNOWN_CALL = "99999999"
UNKNOWN_PUBLIC = "0" * 32
Binding = Literal["post", "get", "soap"]


class Replica:
    def __init__(self, custom_errors: str) -> None:
        env = dict(
            os.environ,
            IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS=str(LIFETIME),
            IDILIGO_REPLICA_CONVERSION_MS=str(CONVERSION_MS),
        )
        self.proc = subprocess.Popen(
            ["bash", str(ROOT / "tests/asmx/run-host.sh"), "--custom-errors", custom_errors, "--port", "0"],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        line: List[str] = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline() if self.proc.stdout else ""))
        reader.start()
        reader.join(90)
        if not line or not line[0].startswith("LISTENING "):
            self.stop()
            raise RuntimeError(f"replica did not start: {line!r}")
        self.url = line[0].split(" ", 1)[1].strip().rstrip("/")
        # keep draining stdout so the host never blocks
        threading.Thread(target=lambda: self.proc.stdout and self.proc.stdout.read(), daemon=True).start()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def expect_service_error(
    what: str,
    fn: Callable[[], object],
    message: str,
    mode: str,
    detail_type: str = "System.Exception",
    *,
    binding: Binding,
) -> idiligo.ServiceError:
    """fn() must raise the service's error `message` (HTTP 500); in Off mode the detail names
    the exception type, in On mode it is the message only. Over SOAP the type the Off detail
    starts with is ASP.NET's SoapException around the method's exception."""
    if binding == "soap" and detail_type == "System.Exception":
        detail_type = "System.Web.Services.Protocols.SoapException"
    try:
        got = fn()
    except idiligo.ServiceError as e:
        assert e.service_message == message, f"{what}: {e.service_message!r} != {message!r}"
        assert e.http_status == 500, f"{what}: status {e.http_status}"
        detail = e.detail or ""
        if mode == "Off":
            assert detail.startswith(detail_type + ": "), f"{what}: detail {detail[:120]!r}"
            assert "\n  at " in detail, f"{what}: no stack in Off mode: {detail[:200]!r}"
        else:
            assert not detail.startswith("System."), f"{what}: detail in On mode {detail[:120]!r}"
            assert "\n  at " not in detail, f"{what}: stack in On mode: {detail[:200]!r}"
        return e
    raise AssertionError(f"{what}: no error, answered {got!r}")


BAD_LONG = {
    False: ("System.FormatException", "Input string was not in a correct format."),
    True: ("System.OverflowException", "Value was either too large or too small for an Int64."),
}


def expect_bad_long(
    what: str, fn: Callable[[], object], mode: str, binding: Binding, overflow: bool = False
) -> idiligo.ServiceError:
    """fn() sends a long parameter that is not a number (or overflows). Over GET/POST the
    binder's error: `Cannot convert {0} to {1}.`, the conversion's exception on the detail's
    second line (with its type in Off mode). Over SOAP a soap:Client fault: the whole
    faultstring is the message, `Server was unable to read request. ---> There is an error in
    XML document (line, column). ---> ` and the conversion's message, in both modes; the Off
    detail adds the types and the stack."""
    inner_type, inner = BAD_LONG[overflow]
    if binding != "soap":
        err = expect_service_error(
            what, fn, "Cannot convert {0} to {1}.", mode, "System.ArgumentException", binding=binding
        )
        # On: the inner message only; Off: with its exception type (and the stack)
        second_line = f"Parameter name: type ---> {inner_type + ': ' if mode == 'Off' else ''}{inner}"
        assert (err.detail or "").splitlines()[1:2] == [second_line], f"{what}: {err.detail!r}"
        return err
    try:
        got = fn()
    except idiligo.ServiceError as e:
        pattern = r"Server was unable to read request\. ---> There is an error in XML document \(\d+, \d+\)\. ---> "
        message = e.service_message or ""
        assert re.fullmatch(pattern + re.escape(inner), message), f"{what}: {message!r}"
        assert e.http_status == 500, f"{what}: status {e.http_status}"
        detail = e.detail or ""
        if mode == "Off":
            assert detail.startswith("System.Web.Services.Protocols.SoapException: "), f"{what}: {detail[:300]!r}"
            assert f"{inner_type}: {inner}" in detail and "\n  at " in detail, f"{what}: {detail[:600]!r}"
        else:
            assert detail == message, f"{what}: detail in On mode {detail[:300]!r}"
        return e
    raise AssertionError(f"{what}: no error, answered {got!r}")


def pairs(values: Sequence[idiligo.NameValue]) -> List[Tuple[Optional[str], Optional[str]]]:
    return [(v.name, v.value) for v in values]


def parse_xml(what: str, xml: Optional[str], root: str, binding: Binding, op: str) -> ET.Element:
    """The answer's value element of `Client.call`: over GET/POST the document's root (named
    `root`), over SOAP the `{op}Result` element inside the envelope's `{op}Response` (what
    Client.call documents: the whole envelope)."""
    assert xml is not None, f"{what}: void answer"
    e = ET.fromstring(xml)
    if binding != "soap":
        assert e.tag == NS + root, f"{what}: root {e.tag}"
        return e
    assert e.tag == SOAP_NS + "Envelope", f"{what}: root {e.tag}"
    body = e.find(SOAP_NS + "Body")
    assert body is not None and len(body) == 1, f"{what}: {xml[:300]}"
    assert body[0].tag == NS + op + "Response", f"{what}: {body[0].tag}"
    result = body[0].find(NS + op + "Result")
    assert result is not None, f"{what}: no {op}Result: {xml[:300]}"
    return result


def name_values_of(xml: Optional[str], binding: Binding) -> List[Tuple[Optional[str], Optional[str]]]:
    root = parse_xml("GetCallValues by name", xml, "ArrayOfNameValue", binding, "GetCallValues")
    out = []
    for nv in root:
        assert nv.tag == NS + "NameValue", nv.tag
        name, value = nv.find(NS + "Name"), nv.find(NS + "Value")
        out.append((None if name is None else name.text or "", None if value is None else value.text or ""))
    return out


def check_record(
    what: str, r: idiligo.CallRecord, meeting: idiligo.Meeting, comment: Optional[str], email: Optional[str]
) -> None:
    got = (r.call_id, r.public_id, r.comment, r.contact_email, r.username)
    want = (meeting.call_id, meeting.public_id, comment, email, USER)
    assert got == want, f"{what}: {got} != {want}"
    fixed = (r.account_number, r.event_count, r.server_id, r.is_agent, r.language, r.extra)
    assert fixed == (1, 0, 1, True, "en", ()), f"{what}: {fixed}"
    # every other member at its default
    assert (r.viewer_wrap, r.background_color, r.subscriber_code, r.node_count, r.client_ready) == (
        None,
        None,
        None,
        0,
        False,
    ), f"{what}: {r!r}"


def scenario(replica: Replica, files: idiligo.Sandbox, binding: Binding, mode: str) -> None:
    doc_a = bytes(i % 253 for i in range(70_000))
    doc_b = "%PDF-1.4 second document €".encode()
    url_a = files.host_file(f"a-{binding}-{mode}.bin", doc_a)
    url_b = files.host_file(f"b-{binding}-{mode}.pdf", doc_b)
    with idiligo.Client(
        apikey=APIKEY, username=USER, password=PASSWORD, base_url=replica.url, binding=binding, max_retries=0
    ) as client:
        t1 = client.login_password(APIKEY, USER, PASSWORD)
        t2 = client.impersonate(APIKEY, USER, TICKET)
        assert len(t1) == 32 and t1 != t2
        try:
            client.login_password(APIKEY, USER, "wrong")
            raise AssertionError("wrong password accepted")
        except idiligo.AuthError as e:
            assert e.service_message == "Invalid credentials.", e

        meeting = client.start_meeting(
            "INTAKE",
            participant=idiligo.Participant("jan@example.com", "Jan", "Jänsen"),
            # CustomerNumber twice in one SetValues: the later value replaces the first in place
            values=[
                ("CustomerNumber", "C-1001"),
                ("Amount", "1 000,50 & more"),
                ("City", "Zürich <2>"),
                ("CustomerNumber", "C-1002"),
            ],
            documents=[
                idiligo.DocumentSource(url_a, "a.bin", "ext-a"),
                idiligo.DocumentSource(url_b, "b €.pdf", "ext-b"),
            ],
            return_url="https://crm.example/back?x=1&y=2",
        )
        assert f"callId={meeting.call_id}" in meeting.agent_url, meeting.agent_url
        assert meeting.participant_url.endswith(f"/client?id={meeting.public_id}")
        call_id, public_id = meeting.call_id, meeting.public_id
        doc_ids = [d.document_id for d in meeting.documents]
        assert [d.external_id for d in meeting.documents] == ["ext-a", "ext-b"], meeting.documents
        assert all(d.bound for d in meeting.documents) and len(set(doc_ids)) == 2, meeting.documents

        attachments = client.get_attachments(call_id)
        assert [a.description for a in attachments] == ["a.bin", "b €.pdf"], attachments
        assert [a.id for a in attachments] == doc_ids, (attachments, doc_ids)
        assert [a.size_bytes for a in attachments] == [len(doc_a), len(doc_b)], attachments
        with tempfile.TemporaryDirectory() as d:
            saved = client.download_all(call_id, d)
            assert Path(saved[0].path).read_bytes() == doc_a
            assert Path(saved[1].path).read_bytes() == doc_b
        assert client.download_bytes(attachments[1]) == doc_b

        # --- the values read back (GetCallValues) after start_meeting's SetValues
        values = [("CustomerNumber", "C-1002"), ("Amount", "1 000,50 & more"), ("City", "Zürich <2>")]
        assert pairs(client.get_call_values(call_id)) == values, client.get_call_values(call_id)
        client.set_value(public_id, "Amount", "2.000,75 €")  # replaces in place
        client.set_value(public_id, "Status", "open & pending")  # appended
        client.set_value(public_id, "Note", "")  # an empty value is a value
        values = [
            ("CustomerNumber", "C-1002"),
            ("Amount", "2.000,75 €"),
            ("City", "Zürich <2>"),
            ("Status", "open & pending"),
            ("Note", ""),
        ]
        got_values = client.get_call_values(call_id)
        assert pairs(got_values) == values, got_values
        assert all(isinstance(v, idiligo.NameValue) for v in got_values)

        # --- the comment and the meeting read back (GetCall, GetCallByPublicId)
        record = client.get_call(call_id)
        check_record("GetCall before SetComment", record, meeting, None, "jan@example.com")
        client.set_comment(call_id, "")
        check_record("GetCall, empty comment", client.get_call(call_id), meeting, "", "jan@example.com")
        comment = "Rückruf: Angebot & <2> Kopien"
        client.set_comment(call_id, comment)
        record = client.get_call(call_id)
        check_record("GetCall", record, meeting, comment, "jan@example.com")
        by_public = client.get_call_by_public_id(public_id)
        check_record("GetCallByPublicId", by_public, meeting, comment, "jan@example.com")
        assert by_public == record, (by_public, record)

        # --- a second call without participant: contactEmail omitted
        bare = client.create_call("INTAKE")
        bare_public = client.get_public_call_id(bare)
        r = client.get_call(bare)
        assert (r.call_id, r.public_id, r.contact_email, r.comment) == (bare, bare_public, None, None), r
        assert client.get_call_values(bare) == [], client.get_call_values(bare)
        assert client.get_call_by_public_id(bare_public) == r

        # --- EndCall: the return URL as given, "" without one; ending again is fine
        done_url = "https://crm.example/done?id=7&state=ended"
        assert client.end_call(call_id, done_url) == done_url
        assert client.end_call(call_id) == ""
        assert client.end_call(call_id, "") == ""
        assert client.get_call(call_id) == record, "EndCall changed the meeting's data"
        assert pairs(client.get_call_values(call_id)) == values, "EndCall changed the values"

        # --- SendMail
        assert client.send_mail(call_id, "jan@example.com", "INVITE") is True
        assert client.send_mail(call_id, "jan@example.com", "REMINDER", doc_ids[0]) is True
        expect_service_error(
            "SendMail to a bad address",
            lambda: client.send_mail(call_id, "jan.example.com", "INVITE"),
            "Invalid email.",
            mode,
            binding=binding,
        )
        expect_service_error(
            "SendMail with a blank template",
            lambda: client.send_mail(call_id, "jan@example.com", "  "),
            "Unknown templateCode.",
            mode,
            binding=binding,
        )
        try:
            client.send_mail(call_id, "", "INVITE")
            raise AssertionError("SendMail to an empty address accepted")
        except idiligo.InvalidArgumentError as e:
            assert e.operation == "SendMail", e

        # --- meeting_results: values and attachments in one call
        results = client.meeting_results(call_id)
        assert pairs(results.values) == values, results.values
        assert results.attachments == tuple(attachments), (results.attachments, attachments)
        assert [a.id for a in results.attachments] == doc_ids
        assert results.value("Amount") == "2.000,75 €" and results.value("Note") == ""
        assert results.value("Missing") is None
        empty = client.meeting_results(bare)
        assert (empty.values, empty.attachments) == ((), ()), empty

        # --- operations by name
        ses = parse_xml("GetSesData", client.call("GetSesData"), "SessionDTO", binding, "GetSesData")
        got_ses = [(c.tag[len(NS):], c.text) for c in ses]
        want_ses = [
            ("AccountNumber", "1"),
            ("Username", USER),
            ("Language", "en"),
            ("online", "true"),
            ("isInsideUser", "true"),
        ]
        assert got_ses == want_ses, got_ses
        events_xml = client.call("GetEvents", {"publicId": public_id, "eventCount": "0"})
        events = parse_xml("GetEvents", events_xml, "ArrayOfCallEventDTO", binding, "GetEvents")
        assert len(events) == 0 and not (events.text or "").strip(), ET.tostring(events)
        by_name = name_values_of(client.call("GetCallValues", {"callId": call_id}, repeatable=True), binding)
        assert by_name == pairs(client.get_call_values(call_id)) == values, by_name
        end_by_name = client.call("EndCall", [("callId", call_id), ("returnUrl", done_url)])
        end_xml = parse_xml("EndCall by name", end_by_name, "string", binding, "EndCall")
        assert end_xml.text == client.end_call(call_id, done_url) == done_url, end_xml.text
        assert client.call("SetComment", {"CALLID": call_id, "value": "by name"}) is None
        assert client.get_call(call_id).comment == "by name"
        assert client.call("SaveCredentials") is None
        try:
            client.call("GetCall", {"callId": call_id, "publicId": public_id})
            raise AssertionError("unknown parameter accepted by the call by name")
        except idiligo.InvalidArgumentError as e:
            assert e.operation == "GetCall" and "publicId" in str(e), e

        time.sleep(LIFETIME + 0.3)  # the replica now rejects the token; the client logs in again
        assert client.get_public_call_id(meeting.call_id) == meeting.public_id

        expect_service_error(
            "GetAttachments, unknown call",
            lambda: client.get_attachments(UNKNOWN_CALL),
            "Unknown callId.",
            mode,
            binding=binding,
        )
        expect_bad_long("GetPublicCallId, non-numeric callId", lambda: client.get_public_call_id("abc"), mode, binding)

        # --- the new operations with an unknown call id / public id
        unknown_call: List[Tuple[str, Callable[[], object]]] = [
            ("GetCallValues", lambda: client.get_call_values(UNKNOWN_CALL)),
            ("SetComment", lambda: client.set_comment(UNKNOWN_CALL, "x")),
            ("GetCall", lambda: client.get_call(UNKNOWN_CALL)),
            ("EndCall", lambda: client.end_call(UNKNOWN_CALL, done_url)),
            ("SendMail", lambda: client.send_mail(UNKNOWN_CALL, "jan@example.com", "INVITE")),
            ("meeting_results", lambda: client.meeting_results(UNKNOWN_CALL)),
            ("GetCall by name", lambda: client.call("GetCall", {"callId": UNKNOWN_CALL})),
        ]
        for what, fn in unknown_call:
            err = expect_service_error(what + ", unknown call", fn, "Unknown callId.", mode, binding=binding)
            # meeting_results fails in its first request, GetCallValues
            want_op = "GetCallValues" if what == "meeting_results" else what.split()[0]
            assert err.operation == want_op, (what, err.operation)
        expect_service_error(
            "GetCallByPublicId, unknown public id",
            lambda: client.get_call_by_public_id(UNKNOWN_PUBLIC),
            "Unknown publicId.",
            mode,
            binding=binding,
        )
        expect_service_error(
            "SetValue, unknown public id",
            lambda: client.set_value(UNKNOWN_PUBLIC, "A", "1"),
            "Unknown publicId.",
            mode,
            binding=binding,
        )
        # SendMail checks the call before the address
        expect_service_error(
            "SendMail, unknown call and bad address",
            lambda: client.send_mail(UNKNOWN_CALL, "bad", "INVITE"),
            "Unknown callId.",
            mode,
            binding=binding,
        )

        # --- a non-numeric / overflowing long through the call by name: over GET/POST the
        # binder's error (ArgumentException wrapping the conversion's exception), before the
        # token check; over SOAP the XmlSerializer's (the request cannot be read)
        for what, value, overflow in [("non-numeric", "abc", False), ("overflowing", "99999999999999999999", True)]:
            by_name_cases: List[Tuple[str, Dict[str, str]]] = [
                ("GetCall", {"callId": value}),
                ("EndCall", {"callId": value, "returnUrl": done_url}),
                ("SendMail", {"callId": value, "to": "jan@example.com", "templateCode": "INVITE", "attachments": ""}),
            ]
            for op, params in by_name_cases:
                err = expect_bad_long(
                    f"{op} by name, {what} callId", functools.partial(client.call, op, params), mode, binding, overflow
                )
                assert err.operation == op, err.operation
        # the typed get_call validates nothing numeric either: the same error
        expect_bad_long("GetCall, non-numeric callId", lambda: client.get_call("abc"), mode, binding)
        # none of the failed calls changed the meeting
        assert client.get_call(call_id).comment == "by name"
        assert pairs(client.get_call_values(call_id)) == values

        # --- documents from the application (uploads over SOAP whatever the binding)
        with tempfile.TemporaryDirectory() as d:
            documents(client, binding, mode, Path(d))



def documents(client: idiligo.Client, binding: Binding, mode: str, tmp: Path) -> None:
    """Documents from the application, as core/tests/conformance.rs checks them, and more:
    uploads from bytes, a file and a file object (always over SOAP, whatever the client's
    binding), BUSY then READY (the replica converts for CONVERSION_MS), the progress, attached
    at nodes, listed and downloaded byte for byte, SetCallValues (SOAP only), deleted (then
    NOT FOUND, and the service's error when attached again)."""
    scan = bytes((i * 7) % 256 for i in range(150_000))
    terms = b"%PDF-1.4 terms \x00\xff " + "€".encode()
    path = tmp / "scan €.bin"
    path.write_bytes(scan)
    call = client.create_call("INTAKE")
    from_bytes = client.add_document_from_bytes("terms.pdf", terms, external_id="terms", private=True)
    from_file = client.add_document_from_file(path)
    with open(path, "rb") as f:
        from_reader = client.add_document_from_reader("reader.bin", f, temporary=True)
    ids = [from_bytes, from_file, from_reader]
    assert len(set(ids)) == 3 and all(i.isdigit() for i in ids), ids

    # Converting: BUSY with a percentage below 100 right after the upload, then READY.
    progress = client.get_document_progress(from_bytes)
    assert progress.status == idiligo.DocumentStatus.BUSY and 0 <= progress.percentage < 100, progress
    assert client.get_document_status(from_reader) == idiligo.DocumentStatus.BUSY
    start = time.monotonic()
    for d in ids:
        client.wait_for_document(d, timeout=30, poll_interval=0.5)
    assert time.monotonic() - start >= CONVERSION_MS / 1000 / 2, "wait_for_document did not wait"
    for d in ids:
        assert client.get_document_status(d) == idiligo.DocumentStatus.READY, d
        assert client.get_document_progress(d) == idiligo.DocumentProgress(idiligo.DocumentStatus.READY, 100.0)

    # Attached at nodes, listed, downloaded byte for byte.
    for d, node in zip(ids, ["N1", "", "N3"]):
        assert client.add_document_to_call(call, d, node) == d
    attachments = client.get_attachments(call)
    assert [a.id for a in attachments] == ids, attachments
    assert [a.description for a in attachments] == ["terms.pdf", "scan €.bin", "reader.bin"], attachments
    assert [a.size_bytes for a in attachments] == [len(terms), len(scan), len(scan)], attachments
    for a, want in zip(attachments, [terms, scan, scan]):
        assert client.download_bytes(a) == want, a
    saved = client.download_all(call, tmp / "saved")
    assert [Path(f.path).read_bytes() for f in saved] == [terms, scan, scan]

    # SetCallValues: SOAP only.
    if binding == "soap":
        assert client.set_call_values(call, [("note", "<i>SOAP only</i>"), ("Amount", 12.5)]) is True
        assert client.set_call_values(call, {"note": "later"}) is True
        assert pairs(client.get_call_values(call)) == [("note", "later"), ("Amount", "12.5")]
    else:
        try:
            client.set_call_values(call, {"note": "x"})
            raise AssertionError(f"SetCallValues sent over {binding}")
        except idiligo.InvalidArgumentError as e:
            assert e.operation == "SetCallValues" and "SOAP only" in str(e), e
        assert client.get_call_values(call) == []

    # Markup in a value: stored as given over SOAP (no request validation), refused over
    # GET/POST by ASP.NET's request validation.
    public_id = client.get_public_call_id(call)
    if binding == "soap":
        client.set_values(public_id, [("html", "<b>x</b>")])
        assert ("html", "<b>x</b>") in pairs(client.get_call_values(call))
    else:
        try:
            client.set_values(public_id, [("html", "<b>x</b>")])
            raise AssertionError(f"markup accepted over {binding}")
        except idiligo.ServiceError as e:
            assert e.http_status == 500 and "potentially dangerous" in str(e), e
        assert client.get_call_values(call) == []

    # Deleted: true, then false; NOT FOUND; unbound from the call; its URL answers 404.
    assert client.delete_document(from_reader) is True
    assert client.delete_document(from_reader) is False
    assert client.get_document_status(from_reader) == idiligo.DocumentStatus.NOT_FOUND
    assert client.get_document_progress(from_reader) == idiligo.DocumentProgress(idiligo.DocumentStatus.NOT_FOUND, 0.0)
    try:
        client.wait_for_document(from_reader, timeout=10, poll_interval=0.2)
        raise AssertionError("wait_for_document of a deleted document returned")
    except idiligo.ServiceError as e:
        assert e.detail == "NOT FOUND" and e.operation == "wait_for_document", e
    assert [a.id for a in client.get_attachments(call)] == ids[:2]
    try:
        client.download_bytes(attachments[2])
        raise AssertionError("the deleted document downloaded")
    except idiligo.HttpError as e:
        assert e.http_status == 404, e
    expect_service_error(
        "AddDocumentToCall, deleted document",
        lambda: client.add_document_to_call(call, from_reader, "N"),
        "Unknown documentId.",
        mode,
        binding=binding,
    )
    expect_service_error(
        "AddDocumentToCall, unknown call",
        lambda: client.add_document_to_call(UNKNOWN_CALL, from_bytes, "N"),
        "Unknown callId.",
        mode,
        binding=binding,
    )
    # Refused before sending.
    try:
        client.add_document_from_bytes("", b"x")
        raise AssertionError("a blank file name accepted")
    except idiligo.InvalidArgumentError as e:
        assert e.operation == "AddDocumentFromBytes", e


BINDINGS: Tuple[Binding, ...] = ("post", "get", "soap")


def main() -> int:
    global BINDINGS
    if sys.argv[1:]:  # a subset, for a quicker run: scenario.py soap
        unknown = [b for b in sys.argv[1:] if b not in BINDINGS]
        if unknown:
            print(f"usage: scenario.py [{' '.join(BINDINGS)}]... (unknown: {unknown})")
            return 2
        BINDINGS = tuple(b for b in BINDINGS if b in sys.argv[1:])
    if not __debug__:
        print("scenario.py checks with assert: run it without -O / PYTHONOPTIMIZE")
        return 2
    results: List[Tuple[str, bool]] = []
    files = idiligo.Sandbox()  # serves the documents the replica downloads
    for mode in ("On", "Off"):
        replica = Replica(mode)
        try:
            bindings = BINDINGS
            for binding in bindings:
                name = f"python scenario customErrors={mode} binding={binding}"
                try:
                    scenario(replica, files, binding, mode)
                    results.append((name, True))
                    print(f"ok   {name}")
                except Exception:
                    results.append((name, False))
                    print(f"FAIL {name}")
                    traceback.print_exc()
        finally:
            replica.stop()
    files.close()
    failed = sum(1 for _, ok in results if not ok)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
