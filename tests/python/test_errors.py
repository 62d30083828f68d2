"""Every exception class, each reached by a real failure against the sandbox."""

from __future__ import annotations

import builtins
import errno
import os
import pickle
import socket
import time
from pathlib import Path

import pytest

import idiligo
from idiligo import _native


def test_table_matches_core() -> None:
    """The core's ErrorKind table names every class; each exists and has the right kind."""
    assert len(_native.ERROR_KINDS) == 12
    for kind, name in _native.ERROR_KINDS:
        cls = getattr(idiligo, name)
        assert issubclass(cls, idiligo.IdiligoError)
        assert cls.kind == kind
        assert name in idiligo.__all__
    assert issubclass(idiligo.InvalidArgumentError, ValueError)
    assert issubclass(idiligo.ConnectError, ConnectionError)
    assert issubclass(idiligo.TransportError, ConnectionError)
    assert issubclass(idiligo.TlsError, ConnectionError)
    assert issubclass(idiligo.TimeoutError, builtins.TimeoutError)
    assert idiligo.TimeoutError is not builtins.TimeoutError
    assert issubclass(idiligo.LocalIOError, OSError)


def test_wrong_credentials(sandbox: idiligo.Sandbox) -> None:
    c = idiligo.Client(base_url=sandbox.url, apikey="test-apikey-0000", username="agent@example.test", password="nope")
    with pytest.raises(idiligo.AuthError) as info:
        c.create_call("INTAKE")
    e = info.value
    assert e.operation == "Login" and e.http_status == 500 and not e.retryable
    assert e.service_message == "Invalid credentials."


def test_expired_token_without_credentials(sandbox: idiligo.Sandbox) -> None:
    token = sandbox.client().session_token()
    c = idiligo.Client(base_url=sandbox.url, token=token)
    assert c.create_call("INTAKE")
    sandbox.expire_tokens()
    with pytest.raises(idiligo.AuthError) as info:
        c.create_call("INTAKE")
    assert info.value.operation == "CreateCall"
    assert info.value.service_message and "expired" in info.value.service_message.lower()


def test_expired_token_with_credentials_relogs_in(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    assert client.create_call("INTAKE")
    sandbox.expire_tokens()
    assert client.create_call("INTAKE")
    assert sandbox.request_count("Login") == 2


def test_token_renewed_before_it_expires() -> None:
    """With token_lifetime set, the client logs in again shortly before the token would expire
    (at 90 %), so no call is sent with a token the service is about to reject."""
    with idiligo.Sandbox(token_lifetime=3.0) as sb, sb.client(token_lifetime=1.0, max_retries=0) as c:
        assert c.create_call("A")
        first = c.session_token()
        assert sb.request_count("Login") == 1
        time.sleep(1.0)  # past the client's renewal point (0.9 s), well before the sandbox's 3 s
        assert c.create_call("B")
        assert sb.request_count("Login") == 2  # renewed
        assert sb.request_count("CreateCall") == 2  # and no call was rejected and repeated
        assert c.session_token() != first
        assert sb.request_count("Login") == 2


def test_service_error(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    with pytest.raises(idiligo.ServiceError) as info:
        client.set_contact("999999", "1")
    e = info.value
    assert (e.operation, e.http_status, e.retryable, e.service_message) == ("SetContact", 500, False, "Unknown callId.")
    assert e.detail is not None and "Unknown callId." in e.detail
    assert "SetContact" in str(e)


def test_service_error_verbose() -> None:
    with idiligo.Sandbox(verbose_errors=True) as sb, sb.client() as c:
        with pytest.raises(idiligo.ServiceError) as info:
            c.get_attachments("424242")
        assert info.value.service_message == "Unknown callId."
        assert info.value.detail and len(info.value.detail) > len(info.value.service_message)


def test_request_validation(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    public = client.get_public_call_id(client.create_call("INTAKE"))
    with pytest.raises(idiligo.ServiceError) as info:
        client.set_values(public, {"x": "<script>"})
    assert "potentially dangerous" in (info.value.service_message or "")


def test_unreachable_host() -> None:
    with socket.socket() as s:  # a port that is certainly closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = idiligo.Client(base_url=f"http://127.0.0.1:{port}", token="t", max_retries=0)
    with pytest.raises(idiligo.ConnectError) as info:
        c.create_call("INTAKE")
    assert isinstance(info.value, ConnectionError)
    assert info.value.retryable and info.value.http_status is None


def test_timeout(sandbox: idiligo.Sandbox) -> None:
    c = sandbox.client(request_timeout=0.2, max_retries=0)
    c.login()
    sandbox.inject_delay(1.0, operation="GetAttachments")
    with pytest.raises(idiligo.TimeoutError) as info:
        c.get_attachments("1")
    assert isinstance(info.value, builtins.TimeoutError)
    assert info.value.retryable and info.value.operation == "GetAttachments"
    # The delay was one-shot: the next call reaches the service and gets its answer (an
    # unknown call), a ServiceError, which the builtin TimeoutError does not cover.
    with pytest.raises(idiligo.ServiceError) as again:
        c.get_attachments("1")
    assert not isinstance(again.value, builtins.TimeoutError)
    assert again.value.service_message == "Unknown callId."


def test_retries_hide_transient_failures(sandbox: idiligo.Sandbox) -> None:
    c = sandbox.client()  # default: 2 retries with backoff
    call = c.create_call("INTAKE")
    sandbox.inject_unavailable(operation="GetAttachments")
    assert c.get_attachments(call) == []
    assert sandbox.request_count("GetAttachments") == 2


def test_http_error(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call = client.create_call("INTAKE")
    sandbox.inject_unavailable(operation="GetAttachments")
    with pytest.raises(idiligo.HttpError) as info:
        client.get_attachments(call)
    assert info.value.http_status == 503 and info.value.retryable
    sandbox.inject_status(404, "<html>nope</html>", operation="GetAttachments")
    with pytest.raises(idiligo.HttpError) as info:
        client.get_attachments(call)
    assert info.value.http_status == 404 and not info.value.retryable


def test_parse_error(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call = client.create_call("INTAKE")
    sandbox.inject_status(200, "this is not xml", content_type="text/xml; charset=utf-8", operation="GetAttachments")
    with pytest.raises(idiligo.ParseError) as info:
        client.get_attachments(call)
    assert info.value.operation == "GetAttachments"


def test_transport_error(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    client.login()
    sandbox.inject_dropped_connection(operation="CreateCall")
    with pytest.raises(idiligo.TransportError) as info:
        client.create_call("INTAKE")
    assert isinstance(info.value, ConnectionError) and info.value.retryable
    # CreateCall creates something: it must not have been repeated
    assert sandbox.request_count("CreateCall") == 1


def test_over_size_response(sandbox: idiligo.Sandbox) -> None:
    client = sandbox.client()
    call = client.create_call("INTAKE")
    for i in range(10):
        sandbox.simulate_upload(call, f"document-{i}.pdf", b"x")
    capped = idiligo.Client(base_url=sandbox.url, token=client.session_token(), max_response_bytes=512)
    with pytest.raises(idiligo.TooLargeError) as info:
        capped.get_attachments(call)
    assert info.value.operation == "GetAttachments" and not info.value.retryable


def test_tls_error_bad_ca_file(tmp_path: Path) -> None:
    bad = tmp_path / "corporate-ca.pem"
    bad.write_text("not a certificate\n")
    with pytest.raises(idiligo.TlsError) as info:
        idiligo.Client(ca_file=bad)
    assert info.value.operation == "configuration"
    assert isinstance(info.value, ConnectionError)


def test_local_io_error(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    """LocalIOError is an OSError with errno, strerror and filename set, as Python's own."""
    url = sandbox.host_file("a.txt", b"x")
    with pytest.raises(idiligo.LocalIOError) as info:
        client.download(url, tmp_path / "missing-dir" / "a.txt")
    e = info.value
    assert isinstance(e, OSError)
    assert (e.errno, e.strerror, e.filename) == (errno.ENOENT, os.strerror(errno.ENOENT), str(tmp_path / "missing-dir"))
    assert str(e) == e.message  # the SDK's message, not OSError's "[Errno 2] ..."
    (tmp_path / "a-directory").mkdir()
    with pytest.raises(idiligo.LocalIOError) as target:
        client.download(url, tmp_path / "a-directory")
    assert (target.value.errno, target.value.filename) == (errno.EISDIR, str(tmp_path / "a-directory"))
    assert target.value.strerror == os.strerror(errno.EISDIR)
    with pytest.raises(idiligo.LocalIOError) as ca:
        idiligo.Client(ca_file=tmp_path / "nope.pem")
    assert (ca.value.errno, ca.value.filename) == (errno.ENOENT, str(tmp_path / "nope.pem"))
    again = pickle.loads(pickle.dumps(ca.value))
    assert (again.errno, again.strerror, again.filename, str(again)) == (
        errno.ENOENT, ca.value.strerror, ca.value.filename, str(ca.value)
    )
    # Other errors have no OSError fields.
    with pytest.raises(idiligo.InvalidArgumentError) as arg:
        client.create_call("")
    assert not hasattr(arg.value, "strerror") and not hasattr(arg.value, "filename")


def test_cancelled_error(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    url = sandbox.host_file("a.txt", b"x" * 10)
    with pytest.raises(idiligo.CancelledError):
        client.download_bytes(url, progress=lambda done, total: False)


def test_invalid_argument_error(client: idiligo.Client) -> None:
    with pytest.raises(ValueError):
        client.get_public_call_id("")


def test_exceptions_pickle_and_construct(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    with pytest.raises(idiligo.ServiceError) as info:
        client.set_contact("999999", "1")
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is idiligo.ServiceError
    assert (again.operation, again.http_status, again.service_message, str(again)) == (
        "SetContact",
        500,
        "Unknown callId.",
        str(info.value),
    )
    with pytest.raises(idiligo.StartMeetingError) as minfo:
        client.start_meeting("")
    m = pickle.loads(pickle.dumps(minfo.value))
    assert isinstance(m, idiligo.InvalidArgumentError)
    assert isinstance(m, idiligo.StartMeetingError) and m.step == "validate"
    # users can raise them in their own tests
    e = idiligo.TimeoutError("GetAttachments: request timeout", operation="GetAttachments", retryable=True)
    assert e.retryable and e.operation == "GetAttachments" and e.http_status is None
    assert repr(idiligo.LocalIOError("x")) == "LocalIOError('x')"


def test_every_error_attribute(sandbox: idiligo.Sandbox, client: idiligo.Client, tmp_path: Path) -> None:
    """The attributes the C accessors and the C# properties also expose, each from a real failure."""
    call = client.create_call("INTAKE")
    sandbox.inject_status(502, "<html>Bad   gateway</html>", content_type="text/html; charset=iso-8859-1", operation="GetPublicCallId")
    with pytest.raises(idiligo.HttpError) as http:
        client.get_public_call_id(call)
    h = http.value
    assert (h.http_status, h.content_type, h.excerpt, h.detail, h.timeout_phase) == (
        502, "text/html; charset=iso-8859-1", "<html>Bad gateway</html>", None, None
    )
    fault = "System.Exception: Unknown\0callId.\n   at X.Y ()\n"
    sandbox.inject_status(500, fault, content_type="text/plain; charset=utf-8", operation="GetPublicCallId")
    with pytest.raises(idiligo.ServiceError) as svc:
        client.get_public_call_id(call)
    assert svc.value.detail == fault and svc.value.service_message == "Unknown\0callId."  # NUL bytes kept
    assert svc.value.content_type is None and svc.value.excerpt is None
    slow = sandbox.client(request_timeout=0.3, max_retries=0)
    slow.login()
    sandbox.inject_delay(1.5, operation="GetPublicCallId")
    with pytest.raises(idiligo.TimeoutError) as to:
        slow.get_public_call_id(call)
    assert (to.value.timeout_phase, to.value.timeout) == ("request", 0.3)
    with pytest.raises(idiligo.TimeoutError) as wait:
        client.wait_for_attachments(call, min_count=3, timeout=0.12, poll_interval=0.02)
    assert (wait.value.timeout_phase, wait.value.timeout, wait.value.limit) == ("wait", 0.12, None)
    url = sandbox.host_file("twenty.bin", b"0123456789abcdefghij")
    with pytest.raises(idiligo.TooLargeError) as big:
        client.download(url, tmp_path / "twenty.bin", max_bytes=12)
    assert big.value.limit == 12 and big.value.timeout is None
    (tmp_path / "a-directory").mkdir()
    with pytest.raises(idiligo.LocalIOError) as io:
        client.download(url, tmp_path / "a-directory")
    assert io.value.errno == errno.EISDIR
    with pytest.raises(idiligo.InvalidArgumentError) as arg:
        client.create_call("")
    assert (arg.value.errno, arg.value.step, arg.value.partial, arg.value.document_index) == (None, None, None, None)
    # start_meeting: the failed document step, its index, and every document stored.
    missing = f"{sandbox.url}/files/not-hosted.pdf"
    with pytest.raises(idiligo.StartMeetingError) as sm:
        client.start_meeting(
            "INTAKE",
            participant=idiligo.Participant("doc@example.com"),
            values={"K": "v"},
            documents=[idiligo.DocumentSource(url, "first.pdf", "ext-first"), idiligo.DocumentSource(missing, "second.pdf", "ext-second")],
        )
    e = sm.value
    assert isinstance(e, idiligo.ServiceError) and (e.step, e.document_index) == ("AddDocumentFromUrl", 1)
    assert e.partial.contact_attached and e.partial.values_set and e.partial.call_id
    assert [(d.external_id, d.bound) for d in e.partial.documents] == [("ext-first", True)]
    sandbox.inject_status(503, "busy", operation="SetDocumentToUploadAction")
    with pytest.raises(idiligo.StartMeetingError) as bind:
        client.start_meeting("INTAKE", documents=[idiligo.DocumentSource(url, "only.pdf", "ext-only")])
    b = bind.value
    assert isinstance(b, idiligo.HttpError) and (b.step, b.document_index) == ("SetDocumentToUploadAction", 0)
    assert [(d.external_id, d.bound) for d in b.partial.documents] == [("ext-only", False)]
    assert not b.partial.contact_attached and b.partial.values_set
    again = pickle.loads(pickle.dumps(b))
    assert (again.step, again.document_index, again.partial, again.http_status) == (b.step, 0, b.partial, 503)
    io_again = pickle.loads(pickle.dumps(io.value))
    assert io_again.errno == errno.EISDIR and isinstance(io_again, OSError)
