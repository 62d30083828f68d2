"""Secrets never appear in a repr, an exception or a log record; logging reaches `idiligo`."""

from __future__ import annotations

import logging
from typing import Iterator, List

import pytest

import idiligo

APIKEY = "APIKEY-CANARY-7f3a19"
PASSWORD = "PASSWORD-CANARY-91c2e"
TICKET = "TICKET-CANARY-55de0"
PROXY_PASSWORD = "PROXY-CANARY-0b1d"


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG, logger="idiligo")
    idiligo.reset_logging_cache()
    yield caplog
    idiligo.reset_logging_cache()


def _texts_of(e: BaseException) -> List[str]:
    out = [str(e), repr(e)]
    out.extend(repr(v) for v in vars(e).values())
    return out


def test_secrets_canary(debug_logs: pytest.LogCaptureFixture) -> None:
    seen: List[str] = []
    tokens: List[str] = []
    with idiligo.Sandbox(apikey=APIKEY, password=PASSWORD, ticket=TICKET, verbose_errors=True) as sb:
        seen += [repr(sb), repr(sb.credentials)]
        for binding in ("post", "get"):
            for ticket in (False, True):
                c = sb.client(binding=binding, ticket=ticket, max_retries=0)
                seen.append(repr(c))
                m = c.start_meeting("INTAKE", values={"k": "v"})
                tokens.append(c.session_token())
                seen.append(repr(m))
                seen += [repr(a) for a in c.get_attachments(m.call_id)]
                # the service echoing this client's secrets back in faults and error pages
                own = TICKET if ticket else PASSWORD
                for status, ctype in ((500, "text/plain; charset=utf-8"), (404, "text/html")):
                    sb.inject_status(
                        status,
                        f"System.Exception: bad token {tokens[-1]} for {APIKEY}/{own}",
                        content_type=ctype,
                        operation="GetAttachments",
                    )
                    with pytest.raises(idiligo.IdiligoError) as info:
                        c.get_attachments(m.call_id)
                    echoed = _texts_of(info.value)
                    # The echo reached the error, masked (not dropped silently).
                    assert any("bad token *** for ***/***" in t for t in echoed), echoed
                    seen += echoed
                with pytest.raises(idiligo.ServiceError) as info:
                    c.set_contact("999999", "1")
                seen += _texts_of(info.value)
        wrong = idiligo.Client(base_url=sb.url, apikey=APIKEY, username="agent@example.test", password="x" + PASSWORD)
        with pytest.raises(idiligo.AuthError) as auth:
            wrong.create_call("INTAKE")
        seen += _texts_of(auth.value) + [repr(wrong)]
        sb.expire_tokens()
        expired = idiligo.Client(base_url=sb.url, token=tokens[0])
        seen.append(repr(expired))
        with pytest.raises(idiligo.AuthError) as auth:
            expired.create_call("INTAKE")
        seen += _texts_of(auth.value)
    proxied = idiligo.Client(
        apikey=APIKEY,
        username="u",
        password=PASSWORD,
        proxy=f"http://user:{PROXY_PASSWORD}@127.0.0.1:9",
        max_retries=0,
        connect_timeout=2.0,
    )
    seen.append(repr(proxied))
    with pytest.raises(idiligo.IdiligoError) as info:
        proxied.create_call("INTAKE")
    seen += _texts_of(info.value)

    records = [r for r in debug_logs.records if r.name.startswith("idiligo")]
    assert len(records) > 20, "the core's debug records should reach logging.getLogger('idiligo')"
    seen += [r.getMessage() for r in records]
    seen += [repr(r.__dict__) for r in records]
    text = "\n".join(seen)
    for secret in [APIKEY, PASSWORD, TICKET, PROXY_PASSWORD, *tokens]:
        assert secret not in text


def test_logging_goes_to_idiligo_logger(debug_logs: pytest.LogCaptureFixture, sandbox: idiligo.Sandbox) -> None:
    sandbox.client().create_call("INTAKE")
    names = {r.name for r in debug_logs.records}
    assert any(n == "idiligo" or n.startswith("idiligo.") for n in names), names
    assert all(n.startswith("idiligo") for n in names), names  # nothing from HTTP/TLS crates
    assert any("CreateCall" in r.getMessage() for r in debug_logs.records)


def test_warning_level_hides_debug(caplog: pytest.LogCaptureFixture, sandbox: idiligo.Sandbox) -> None:
    caplog.set_level(logging.WARNING, logger="idiligo")
    idiligo.reset_logging_cache()
    sandbox.client().create_call("INTAKE")
    assert not [r for r in caplog.records if r.name.startswith("idiligo") and r.levelno < logging.WARNING]


def test_base_url_user_info_is_masked(sandbox: idiligo.Sandbox) -> None:
    url_password = "URL-CANARY-3c8e"
    base = sandbox.url.replace("://", f"://agent:{url_password}@", 1)
    c = idiligo.Client(base_url=base, token="fake-token-base-url", max_retries=0)
    sandbox.inject_status(502, "bad gateway", content_type="text/html", operation="CreateCall")
    with pytest.raises(idiligo.HttpError) as info:
        c.create_call("INTAKE")
    seen = [repr(c), repr(idiligo.AsyncClient(c)), c.endpoint, *_texts_of(info.value)]
    text = "\n".join(seen)
    # The URL is still shown, with its user info masked, so the check below is not vacuous.
    assert "base_url='http://***@127.0.0.1:" in repr(c), repr(c)
    assert url_password not in text, text
