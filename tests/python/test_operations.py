"""Every operation of the service, over both bindings, checked against the sandbox's state."""

from __future__ import annotations

import pytest

import idiligo


def test_soap_binding(sandbox: idiligo.Sandbox) -> None:
    """binding="soap": the calls go over SOAP 1.1 (POST to the endpoint, counted by SOAPAction)."""
    with sandbox.client(binding="soap") as c:
        assert "binding='soap'" in repr(c)
        call = c.create_call("INTAKE")
        public = c.get_public_call_id(call)
        assert public
        # No ASP.NET request validation over SOAP: the markup is stored as given.
        c.set_values(public, {"Note": "<b>kept</b>"})
        snapshot = sandbox.call(call)
        assert snapshot is not None and snapshot.values == (("Note", "<b>kept</b>"),)
    assert sandbox.request_count("GetPublicCallId") == 1
    with sandbox.client(binding="SOAP") as c:
        assert "binding='soap'" in repr(c)


def test_login_and_session(sandbox: idiligo.Sandbox, any_client: idiligo.Client) -> None:
    token = any_client.login()
    assert token and isinstance(token, str)
    assert any_client.session_token() == token
    assert sandbox.request_count("Login") == 1
    creds = sandbox.credentials
    other = any_client.login_password(creds.apikey, creds.username, creds.password)
    assert other and other != token
    # login_password does not touch the client's own session
    assert any_client.session_token() == token


def test_impersonate(sandbox: idiligo.Sandbox, any_client: idiligo.Client) -> None:
    creds = sandbox.credentials
    token = any_client.impersonate(creds.apikey, creds.username, creds.ticket)
    assert token
    assert sandbox.request_count("Impersonate") == 1
    with pytest.raises(idiligo.AuthError) as info:
        any_client.impersonate(creds.apikey, creds.username, "wrong-ticket")
    assert info.value.operation == "Impersonate"


def test_ticket_credentials_client(sandbox: idiligo.Sandbox) -> None:
    with sandbox.client(ticket=True) as c:
        call = c.create_call("INTAKE")
    assert sandbox.request_count("Impersonate") == 1
    assert sandbox.request_count("Login") == 0
    snap = sandbox.call(call)
    assert snap is not None and snap.script_code == "INTAKE"


def test_token_client(sandbox: idiligo.Sandbox) -> None:
    token = sandbox.client().session_token()
    with idiligo.Client(base_url=sandbox.url, token=token) as c:
        call = c.create_call("INTAKE")
    assert sandbox.call(call) is not None
    assert sandbox.request_count("Login") == 1  # only the first client logged in


def test_set_token(sandbox: idiligo.Sandbox) -> None:
    token = sandbox.client().session_token()
    with idiligo.Client(base_url=sandbox.url) as c:
        with pytest.raises(idiligo.AuthError):
            c.create_call("INTAKE")
        c.set_token(token)
        assert c.create_call("INTAKE")


def test_every_operation(sandbox: idiligo.Sandbox, any_client: idiligo.Client) -> None:
    c = any_client
    contact = c.create_contact("jan@example.com", "Jan", "Jansen")
    call = c.create_call("INTAKE")
    c.set_contact(call, contact)
    public = c.get_public_call_id(call)
    c.set_values(public, {"PolicyNumber": "P-1234", "Name": "Jan & Co"})
    c.set_values(public, [("Extra", "x")])
    c.set_values(public, {})  # no-op
    url = sandbox.host_file("offer.pdf", b"%PDF-1.4 offer")
    doc = c.add_document_from_url(url, "offer.pdf", "crm-7")
    c.set_document_to_upload_action(call, "crm-7", doc)
    agent = c.get_agent_url(call, "https://crm.example/done")
    assert agent.startswith(sandbox.url)
    assert c.get_agent_url(call)

    snap = sandbox.call(call)
    assert snap is not None
    assert snap.public_id == public
    assert snap.contact is not None
    assert (snap.contact.id, snap.contact.email, snap.contact.first_name, snap.contact.last_name) == (
        contact,
        "jan@example.com",
        "Jan",
        "Jansen",
    )
    assert snap.values == (("PolicyNumber", "P-1234"), ("Name", "Jan & Co"), ("Extra", "x"))
    assert [(d.id, d.filename, d.external_id, d.origin) for d in snap.documents] == [
        (doc, "offer.pdf", "crm-7", "bound")
    ]

    attachments = c.get_attachments(call)
    assert attachments == c.attachments(call)
    assert len(attachments) == 1
    a = attachments[0]
    assert a.id == doc and a.description == "offer.pdf" and a.attach is True
    assert c.download_bytes(a) == b"%PDF-1.4 offer"
    assert c.participant_url(public) == f"{sandbox.url}/client?id={public}"


def test_participant_url_helpers(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    assert idiligo.participant_url("https://x/", "a b&c") == "https://x/client?id=a%20b%26c"
    # An empty public id is refused by the core (as by the C library).
    with pytest.raises(idiligo.InvalidArgumentError):
        idiligo.participant_url("https://x/", "")
    with pytest.raises(idiligo.InvalidArgumentError):
        client.participant_url(" ")
    other = idiligo.Client(base_url=sandbox.url, participant_base_url="https://meet.example/")
    assert other.participant_url("P") == "https://meet.example/client?id=P"
    assert client.endpoint == f"{sandbox.url}/InsideService20.asmx"


def test_invalid_arguments_send_nothing(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    for call in (
        lambda: client.create_call(""),
        lambda: client.get_attachments("  "),
        lambda: client.create_contact(""),
        lambda: client.set_values("", {"a": "b"}),
    ):
        with pytest.raises(idiligo.InvalidArgumentError) as info:
            call()
        assert isinstance(info.value, ValueError)
        assert info.value.retryable is False
    assert sandbox.request_count("Login") == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"binding": "xml"},
        {"base_url": "http://example.com"},
        {"base_url": "ftp://example.com"},
        {"request_timeout": 0},
        {"connect_timeout": -1.0},
        {"apikey": "k", "username": "u", "password": "p", "ticket": "t"},
        {"password": "p"},
        {"apikey": "k"},
    ],
)
def test_bad_configuration(kwargs: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(idiligo.InvalidArgumentError) as info:
        idiligo.Client(**kwargs)
    assert info.value.operation


def test_close_is_idempotent_and_final(sandbox: idiligo.Sandbox) -> None:
    c = sandbox.client()
    assert c.create_call("INTAKE")
    assert not c.closed
    c.close()
    c.close()
    assert c.closed
    assert "closed" in repr(c)
    with pytest.raises(idiligo.InvalidArgumentError):
        c.create_call("INTAKE")
    with sandbox.client() as c2:
        assert c2.create_call("INTAKE")
    assert c2.closed


def test_sandbox_close_is_idempotent() -> None:
    sb = idiligo.Sandbox()
    c = sb.client(max_retries=0, connect_timeout=2.0)
    sb.close()
    sb.close()
    assert sb.closed
    with pytest.raises(idiligo.InvalidArgumentError):
        sb.client()
    with pytest.raises(ConnectionError):  # refused or reset, depending on timing
        c.create_call("INTAKE")


def test_readme_quickstart_is_the_example() -> None:
    """python/README.md shows exactly python/examples/quickstart.py."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "python"
    example = (root / "examples" / "quickstart.py").read_text()
    assert f"```python\n{example}```" in (root / "README.md").read_text()
