"""The WSDL check from Python: ``idiligo.compare_wsdl`` on the replica's captured WSDL (no
difference) and a doctored copy (exactly its differences), junk (``ParseError``), and
``idiligo.check_service`` against a server without a WSDL (``HttpError``, never a report)."""

from __future__ import annotations

import pathlib

import pytest

import idiligo

FIXTURE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "asmx" / "wsdl.http"


def wsdl_text() -> str:
    raw = FIXTURE.read_bytes().decode("utf-8")
    return raw.split("\r\n\r\n", 1)[1]


def doctor(text: str, anchor: str, old: str, new: str) -> str:
    a = text.index(anchor)
    at = text.index(old, a)
    return text[:at] + new + text[at + len(old) :]


def test_the_captured_wsdl_matches() -> None:
    report = idiligo.compare_wsdl(wsdl_text())
    assert report.matches, str(report)
    assert len(report) == 0 and report.differences == ()
    assert report.service_operations == report.table_operations == 52
    assert "matches" in str(report)


def test_a_doctored_wsdl_reports_exactly_its_differences() -> None:
    text = doctor(
        wsdl_text(), '<s:element name="GetCall">', 'name="callId" type="s:long"', 'name="callId" type="s:int"'
    )
    text = doctor(
        text, '<s:element name="GetDocumentProgressResponse">', 'type="tns:DocumentStatusDTO"', 'type="s:string"'
    )
    # And an operation only the service has: a copy of GetServerId's SOAP 1.1 binding entry.
    report = idiligo.compare_wsdl(text)
    assert not report.matches
    kinds = sorted((d.kind, d.subject) for d in report.differences)
    assert kinds == [
        ("answer", "GetDocumentProgress"),
        ("inconsistent", "GetDocumentProgress"),
        ("inconsistent", "GetDocumentProgress"),
        ("parameters", "GetCall"),
    ], str(report)
    param = next(d for d in report.differences if d.kind == "parameters")
    assert "callId:long" in param.expected and "callId:int" in param.found
    assert param.mismatch and str(param) == param.message
    assert "GetCall" in repr(param)


def test_operations_only_the_service_has_do_not_mismatch() -> None:
    # A new operation on the service: its SOAP 1.1 and 1.2 binding entries, portType entry and
    # messages are copied from GetServerId under another name.
    text = wsdl_text()
    start = text.index('<wsdl:message name="GetServerIdSoapIn">')
    end = text.index("</wsdl:message>", text.index('<wsdl:message name="GetServerIdSoapOut">')) + len("</wsdl:message>")
    messages = text[start:end].replace("GetServerId", "GetServerTime")
    text = text[:end] + messages + text[end:]
    el_start = text.index('<s:element name="GetServerId">')
    el_end = text.index("</s:element>", text.index('<s:element name="GetServerIdResponse">')) + len("</s:element>")
    elements = text[el_start:el_end].replace("GetServerId", "GetServerTime")
    text = text[:el_end] + elements + text[el_end:]
    for kind in ("InsideService20Soap", "InsideService20Soap12"):
        b = text.index(f'<wsdl:binding name="{kind}"')
        o = text.index('<wsdl:operation name="GetServerId">', b)
        e = text.index("</wsdl:operation>", o) + len("</wsdl:operation>")
        text = text[:e] + text[o:e].replace("GetServerId", "GetServerTime") + text[e:]
    pt = text.index('<wsdl:portType name="InsideService20Soap">')
    o = text.index('<wsdl:operation name="GetServerId">', pt)
    e = text.index("</wsdl:operation>", o) + len("</wsdl:operation>")
    text = text[:e] + text[o:e].replace("GetServerId", "GetServerTime") + text[e:]
    report = idiligo.compare_wsdl(text)
    assert [(d.kind, d.subject, d.mismatch) for d in report.differences] == [
        ("extra_operation", "GetServerTime", False)
    ], str(report)
    assert report.matches
    assert report.service_operations == 53


def test_junk_is_a_parse_error() -> None:
    with pytest.raises(idiligo.ParseError) as e:
        idiligo.compare_wsdl("<html><body>sign in</body></html>")
    assert "wsdl:definitions" in str(e.value)
    with pytest.raises(idiligo.ParseError):
        idiligo.compare_wsdl("")


def test_check_service_against_a_server_without_a_wsdl(sandbox: idiligo.Sandbox) -> None:
    with idiligo.Client(base_url=sandbox.url) as client:
        with pytest.raises(idiligo.HttpError) as e:
            idiligo.check_service(client)
        assert e.value.http_status == 404
        with pytest.raises(idiligo.HttpError):
            idiligo.fetch_wsdl(client)
