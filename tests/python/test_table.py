"""The operation table in Python: introspection, every operation through the call by name and
every typed method against the sandbox, the structured answers (every CallDTO member), and
the call's own rules."""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple, Union

import pytest

import idiligo

CALL_DTO_MEMBERS = [
    ("callId", "call_id", "str"),
    ("publicId", "public_id", "str"),
    ("accountNumber", "account_number", "int"),
    ("eventCount", "event_count", "long"),
    ("serverId", "server_id", "int"),
    ("username", "username", "str"),
    ("isAgent", "is_agent", "bool"),
    ("language", "language", "str"),
    ("comment", "comment", "str"),
    ("contactEmail", "contact_email", "str"),
    ("viewerWrap", "viewer_wrap", "str"),
    ("SC_UseJpeg", "sc_use_jpeg", "bool"),
    ("SC_JpegQuality", "sc_jpeg_quality", "str"),
    ("SC_Scale", "sc_scale", "str"),
    ("SC_ProxyServer", "sc_proxy_server", "str"),
    ("SC_ProxyPort", "sc_proxy_port", "str"),
    ("showBrowseHeight", "show_browse_height", "int"),
    ("showBrowseWidth", "show_browse_width", "int"),
    ("rtmpt", "rtmpt", "bool"),
    ("webcamQuality", "webcam_quality", "int"),
    ("webcamBitrate", "webcam_bitrate", "int"),
    ("webcamFramerate", "webcam_framerate", "int"),
    ("microphoneDefaultEnabled", "microphone_default_enabled", "bool"),
    ("microphoneVolume", "microphone_volume", "int"),
    ("microphoneQuality", "microphone_quality", "int"),
    ("microphoneFramerate", "microphone_framerate", "int"),
    ("microphoneEchoSuppression", "microphone_echo_suppression", "bool"),
    ("useWebRtc", "use_web_rtc", "bool"),
    ("showInvite", "show_invite", "bool"),
    ("backgroundColor", "background_color", "str"),
    ("nodeCount", "node_count", "int"),
    ("hasAccountLogo", "has_account_logo", "bool"),
    ("ownerAccountNumber", "owner_account_number", "int"),
    ("useChatUsername", "use_chat_username", "bool"),
    ("subscriberCode", "subscriber_code", "str"),
    ("subscriberCount", "subscriber_count", "int"),
    ("clientReady", "client_ready", "bool"),
]

XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
NS = (
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="http://www.idiligo.com/"'
)


@dataclass
class Fixture:
    """Everything an operation may need, created fresh for each operation."""

    contact: str
    call: str
    public: str
    url: str
    document: str


def make_fixture(sandbox: idiligo.Sandbox, client: idiligo.Client) -> Fixture:
    contact = client.create_contact("fixture@example.com", "Fix", "Ture")
    call = client.create_call("INTAKE")
    client.set_contact(call, contact)
    url = sandbox.host_file("fixture.pdf", b"%PDF-1.4 fixture")
    return Fixture(
        contact, call, client.get_public_call_id(call), url, client.add_document_from_url(url, "fixture.pdf", "ext-1")
    )


def param_value(sandbox: idiligo.Sandbox, fx: Fixture, op: str, p: idiligo.Param) -> Union[str, List[str]]:
    """A valid value for a parameter, derived from its name and XSD type."""
    creds = sandbox.credentials
    login = op in ("Login", "Impersonate")
    if p.type == "base64Binary":
        return [str(b) for b in b"%PDF"]  # one value per byte
    if p.is_array:
        return ["A", "B"] if p.name == "names" else ["1", "2"]
    if p.type == "long":
        return {"callId": fx.call, "contactId": fx.contact, "documentId": fx.document}.get(p.name, "1")
    simple = {"int": "1", "boolean": "true", "float": "1.5", "decimal": "1"}
    if p.type in simple:
        return simple[p.type]
    strings = {
        "publicId": fx.public,
        "apikey": creds.apikey,
        "username": creds.username if login else "newuser",
        "password": creds.password if login else "new-user-password-0000",
        "ticket": creds.ticket,
        "email": "someone@example.com",
        "to": "someone@example.com",
        "mail": "someone@example.com",
        "url": fx.url,
        "returnUrl": "https://crm.example.com/back",
        "filename": "document.pdf",
        "trajectCode": "INTAKE",
        "templateCode": "INVITE",
        "language": "en",
        "attachments": "",
    }
    return strings.get(p.name, "v")


def root_of(xml: str) -> str:
    m = re.match(r"\ufeff?\s*(?:<\?xml[^>]*\?>)?\s*<([A-Za-z_][\w.-]*)", xml)
    assert m, xml[:200]
    return m.group(1)


def typed_cases(sandbox: idiligo.Sandbox, c: idiligo.Client, fx: Fixture) -> Dict[str, Callable[[], None]]:
    """One case per typed method, each checking its answer."""
    creds = sandbox.credentials

    def login_password() -> None:
        assert len(c.login_password(creds.apikey, creds.username, creds.password)) > 8

    def impersonate() -> None:
        assert len(c.impersonate(creds.apikey, creds.username, creds.ticket)) > 8

    def create_contact() -> None:
        assert c.create_contact("typed@example.com") not in ("", fx.contact)

    def create_call() -> None:
        assert c.create_call("INTAKE") not in ("", fx.call)

    def set_contact() -> None:
        assert c.set_contact(fx.call, fx.contact) is None  # type: ignore[func-returns-value]

    def get_agent_url() -> None:
        assert fx.call in c.get_agent_url(fx.call)

    def get_public_call_id() -> None:
        assert c.get_public_call_id(fx.call) == fx.public

    def set_values() -> None:
        c.set_values(fx.public, {"Typed": "yes"})
        snap = sandbox.call(fx.call)
        assert snap is not None and ("Typed", "yes") in snap.values

    def add_document_from_url() -> None:
        assert c.add_document_from_url(fx.url, "typed.pdf", "ext-typed") not in ("", fx.document)

    def set_document_to_upload_action() -> None:
        c.set_document_to_upload_action(fx.call, "ext-1", fx.document)
        assert [a.id for a in c.get_attachments(fx.call)] == [fx.document]

    def get_attachments() -> None:
        assert c.get_attachments(fx.call) == []

    def get_call_values() -> None:
        assert c.get_call_values(fx.call) == []

    def set_value() -> None:
        c.set_value(fx.public, "Typed", "one")
        assert c.get_call_values(fx.call) == [idiligo.NameValue("Typed", "one")]

    def set_comment() -> None:
        c.set_comment(fx.call, "typed comment")
        assert c.get_call(fx.call).comment == "typed comment"

    def get_call() -> None:
        assert c.get_call(fx.call).call_id == fx.call

    def get_call_by_public_id() -> None:
        assert c.get_call_by_public_id(fx.public).public_id == fx.public

    def end_call() -> None:
        assert c.end_call(fx.call, "https://crm.example.com/ended") == "https://crm.example.com/ended"

    def send_mail() -> None:
        assert c.send_mail(fx.call, "jan@example.com", "INVITE") is True

    def set_call_values() -> None:
        with sandbox.client(binding="soap") as soap:
            assert soap.set_call_values(fx.call, {"Typed": "<b>soap</b>"}) is True
        assert c.get_call_values(fx.call) == [idiligo.NameValue("Typed", "<b>soap</b>")]

    def add_document_from_bytes() -> None:
        doc = c.add_document_from_bytes("typed.pdf", b"%PDF typed")
        assert doc not in ("", fx.document) and sandbox.document_bytes(doc) == b"%PDF typed"

    def add_document_to_call() -> None:
        assert c.add_document_to_call(fx.call, fx.document, "N1") == fx.document
        snap = sandbox.call(fx.call)
        assert snap is not None and [(d.id, d.node_code) for d in snap.documents] == [(fx.document, "N1")]

    def delete_document() -> None:
        assert c.delete_document(fx.document) is True and sandbox.document(fx.document) is None

    def get_document_status() -> None:
        assert c.get_document_status(fx.document) == idiligo.DocumentStatus.READY

    def get_document_progress() -> None:
        assert c.get_document_progress(fx.document) == idiligo.DocumentProgress(idiligo.DocumentStatus.READY, 100.0)

    return {f.__name__: f for f in (
        login_password, impersonate, create_contact, create_call, set_contact, get_agent_url,
        get_public_call_id, set_values, add_document_from_url, set_document_to_upload_action,
        get_attachments, get_call_values, set_value, set_comment, get_call, get_call_by_public_id,
        end_call, send_mail, set_call_values, add_document_from_bytes, add_document_to_call,
        delete_document, get_document_status, get_document_progress,
    )}


# ---------------------------------------------------------------------------- the table


def test_operations_are_the_table() -> None:
    ops = idiligo.operations()
    assert len(ops) >= 52
    names = [o.name for o in ops]
    assert len(set(names)) == len(names)
    typed = [o.typed for o in ops if o.typed]
    assert len(typed) == 24 and len(set(typed)) == 24
    for o in ops:
        assert o.takes_token == (bool(o.params) and o.params[0].name == "token"), o.name
        assert o.effect in ("read", "write", "create")
        assert set(o.bindings) <= {"soap", "get", "post"} and o.bindings
        assert o.summary
    by_name = {o.name: o for o in ops}
    gcv = by_name["GetCallValues"]
    assert (gcv.typed, gcv.effect, gcv.answer_type, gcv.bindings) == (
        "get_call_values", "read", "ArrayOfNameValue", ("soap", "get", "post")
    )
    assert [(p.name, p.type, p.secret, p.is_array) for p in gcv.params] == [
        ("token", "string", True, False),
        ("callId", "long", False, False),
    ]
    sv = by_name["SetValues"]
    assert sv.answer_type is None and [p.is_array for p in sv.params] == [False, False, True, True]
    assert by_name["CreateCall"].effect == "create" and by_name["SetComment"].effect == "write"
    assert by_name["SetCallValues"].bindings == ("soap",)
    assert not by_name["Login"].takes_token and ops[0].name == "Login"
    assert idiligo.operations() == ops  # frozen values, equal each time
    with pytest.raises(AttributeError):
        gcv.name = "x"  # type: ignore[misc]


def test_every_operation_of_the_table(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    """Every operation through the call by name, and every typed one through its method too."""
    seen_typed: List[str] = []
    failures: List[str] = []
    for op in idiligo.operations():
        fx = make_fixture(sandbox, client)
        params: List[Tuple[str, str]] = []
        for p in op.params[1 if op.takes_token else 0 :]:
            v = param_value(sandbox, fx, op.name, p)
            params += [(p.name, x) for x in v] if isinstance(v, list) else [(p.name, v)]
        repeatable = op.effect != "create"
        if "post" not in op.bindings:
            with pytest.raises(idiligo.InvalidArgumentError, match="SOAP only"):
                client.call(op.name, params, repeatable=repeatable)
        else:
            try:
                xml = client.call(op.name, params, repeatable=repeatable)
            except idiligo.IdiligoError as e:
                failures.append(f"{op.name} by name: {type(e).__name__}: {e}")
            else:
                if op.answer_type is None:
                    if xml is not None:
                        failures.append(f"{op.name} by name: expected a void answer, got {xml[:80]!r}")
                elif xml is None or root_of(xml) != op.answer_type:
                    failures.append(f"{op.name} by name: expected <{op.answer_type}>, got {xml and xml[:80]!r}")
        if op.typed:
            case = typed_cases(sandbox, client, make_fixture(sandbox, client)).get(op.typed)
            if case is None:
                failures.append(f"no Python test case for the typed method Client.{op.typed}")
            else:
                case()
                seen_typed.append(op.typed)
    assert not failures, "\n".join(failures)
    assert len(seen_typed) == 24


def test_call_by_name_rules(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call = client.create_call("INTAKE")
    public = client.get_public_call_id(call)
    xml = client.call("GetPublicCallId", {"CALLID": call}, repeatable=True)
    assert xml is not None and root_of(xml) == "string" and public in xml
    # A mapping with sequences is an array; so are repeated pairs; a void answer is None.
    assert client.call("SetValues", {"publicId": public, "names": ["K1", "K2"], "values": ("v1", "v2")}) is None
    assert client.call("SetValues", [("publicId", public), ("names", "K3"), ("values", "v3")]) is None
    assert client.get_call_values(call) == [
        idiligo.NameValue("K1", "v1"), idiligo.NameValue("K2", "v2"), idiligo.NameValue("K3", "v3")
    ]
    before = sandbox.request_count("GetPublicCallId")
    with pytest.raises(idiligo.InvalidArgumentError) as info:
        client.call("GetPublicCallId", {"callid": call, "nope": "x"})
    assert 'unknown parameter "nope"' in str(info.value) and "callId (long)" in str(info.value)
    assert info.value.operation == "GetPublicCallId"
    for bad in ({}, [("callId", call), ("callId", call)], {"token": "t"}):
        with pytest.raises(idiligo.InvalidArgumentError):
            client.call("GetPublicCallId", bad)
    with pytest.raises(idiligo.InvalidArgumentError, match="takes token"):
        client.call("GetPublicCallId", {"callId": call}, takes_token=False)
    assert sandbox.request_count("GetPublicCallId") == before  # nothing was sent
    assert public in (client.call("GetPublicCallId", {"callId": call}, takes_token=True) or "")
    with pytest.raises(idiligo.InvalidArgumentError, match="case-sensitive"):
        client.call("getpubliccallid", {"callId": call})
    with pytest.raises(idiligo.InvalidArgumentError):
        client.call("Get/../x")
    with pytest.raises(idiligo.ServiceError) as future:
        client.call("SomeFutureOperation", {"x": "1"})
    assert future.value.operation == "SomeFutureOperation"
    with pytest.raises(TypeError):
        client.call("GetPublicCallId", {"callId": 5})  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- reading back


def test_reading_a_meeting_back(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    fx = make_fixture(sandbox, client)
    client.set_document_to_upload_action(fx.call, "ext-1", fx.document)
    client.set_values(fx.public, {"A": "1", "B": "two"})
    client.set_value(fx.public, "A", "3")  # replaces in place
    client.set_value(fx.public, "Empty", "")
    values = client.get_call_values(fx.call)
    assert values == [idiligo.NameValue("A", "3"), idiligo.NameValue("B", "two"), idiligo.NameValue("Empty", "")]
    client.set_comment(fx.call, "café comment")
    snap = sandbox.call(fx.call)
    assert snap is not None and snap.comment == "café comment" and not snap.ended
    record = client.get_call(fx.call)
    assert (record.call_id, record.public_id, record.comment, record.contact_email) == (
        fx.call, fx.public, "café comment", "fixture@example.com"
    )
    assert (record.account_number, record.server_id, record.is_agent, record.language) == (1, 1, True, "en")
    assert record.username == sandbox.credentials.username
    assert client.get_call_by_public_id(fx.public) == record
    assert client.end_call(fx.call, "https://crm.example.com/done") == "https://crm.example.com/done"
    assert client.end_call(fx.call) == ""
    snap = sandbox.call(fx.call)
    assert snap is not None and snap.ended
    assert client.send_mail(fx.call, "jan@example.com", "INVITE", "doc-1") is True
    mails = sandbox.mails(fx.call)
    assert [(m.call_id, m.to, m.template_code, m.attachments) for m in mails] == [
        (fx.call, "jan@example.com", "INVITE", "doc-1")
    ]
    with pytest.raises(idiligo.ServiceError) as info:
        client.send_mail(fx.call, "not-an-address", "INVITE")
    assert info.value.service_message == "Invalid email."
    with pytest.raises(idiligo.InvalidArgumentError):
        client.send_mail(fx.call, " ", "INVITE")
    assert len(sandbox.mails(fx.call)) == 1  # neither failure sent a mail
    results = client.meeting_results(fx.call)
    assert results.values == tuple(values) and results.value("A") == "3" and results.value("C") is None
    assert [(a.id, a.description) for a in results.attachments] == [(fx.document, "fixture.pdf")]
    for obj in (record, results, values[0]):
        assert pickle.loads(pickle.dumps(obj)) == obj
        with pytest.raises(AttributeError):
            obj.x = 1  # type: ignore[union-attr]
    with pytest.raises(idiligo.ServiceError, match="Unknown callId."):
        client.get_call("987654321")
    for bad in (lambda: client.get_call_values(""), lambda: client.set_value(fx.public, "", "x")):
        with pytest.raises(idiligo.InvalidArgumentError):
            bad()


def _member_value(r: int, k: int, kind: str, bool_ordinal: int) -> str:
    if kind == "str":
        return f"r{r}-{CALL_DTO_MEMBERS[k][0]}"
    if kind == "int":
        return str(-(k + 1) if r == 3 else 1000 * r + k + 1)
    if kind == "long":
        return str(10_000_000_000 + 100 * r + k)
    return "true" if (bool_ordinal >> r) & 1 else "false"


def test_every_call_record_member(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    """Four answers in which every member has its own value (each boolean its own sequence):
    an attribute reading another member fails."""
    client.login()
    attrs = set(dir(idiligo.CallRecord))
    assert {a for _, a, _ in CALL_DTO_MEMBERS} <= attrs
    for r in range(4):
        body, expected, ordinal = [], {}, 0
        for k, (wire, attr, kind) in enumerate(CALL_DTO_MEMBERS):
            ordinal += kind == "bool"
            v = _member_value(r, k, kind, ordinal)
            body.append(f"<{wire}>{v}</{wire}>")
            expected[attr] = v if kind == "str" else (v == "true" if kind == "bool" else int(v))
        xml = f"{XML_HEAD}<CallDTO {NS}>{''.join(body)}<addedLater>r{r} &amp; kept</addedLater></CallDTO>"
        op = "GetCall" if r % 2 == 0 else "GetCallByPublicId"
        sandbox.inject_status(200, xml, content_type="text/xml; charset=utf-8", operation=op)
        rec = client.get_call("1") if r % 2 == 0 else client.get_call_by_public_id("p")
        got = {attr: getattr(rec, attr) for _, attr, _ in CALL_DTO_MEMBERS}
        assert got == expected
        assert rec.extra == (("addedLater", f"r{r} & kept"),)
        assert pickle.loads(pickle.dumps(rec)) == rec
    sandbox.inject_status(
        200, f"{XML_HEAD}<CallDTO {NS}><callId>5</callId><comment /></CallDTO>", content_type="text/xml", operation="GetCall"
    )
    rec = client.get_call("5")
    assert (rec.call_id, rec.comment, rec.public_id, rec.event_count, rec.client_ready, rec.extra) == (
        "5", "", None, 0, False, ()
    )


def test_name_values_keep_omitted_members(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    client.login()
    xml = (
        f"{XML_HEAD}<ArrayOfNameValue {NS}><NameValue><Name>a</Name><Value>1</Value></NameValue>"
        "<NameValue><Value>no name</Value></NameValue><NameValue><Name>e</Name><Value /></NameValue>"
        "<NameValue><Name>n</Name></NameValue></ArrayOfNameValue>"
    )
    sandbox.inject_status(200, xml, content_type="text/xml; charset=utf-8", operation="GetCallValues")
    assert client.get_call_values("1") == [
        idiligo.NameValue("a", "1"), idiligo.NameValue(None, "no name"), idiligo.NameValue("e", ""), idiligo.NameValue("n", None)
    ]
