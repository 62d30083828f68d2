"""A cross-process scenario from Python: the stand-alone sandbox (``idiligo sandbox``) runs as
a separate process; the test reads its JSON line, points an ``idiligo.Client`` at it, and
waits for the participant's upload while a thread plays the participant through the
sandbox's control API (``/_sandbox/``, plain HTTP with ``urllib``). The sandbox is stopped by
its process id.

The command-line tool is found through ``IDILIGO_CLI`` (set by ``tests/python/run.sh``), else
``target/release/idiligo`` or ``target/debug/idiligo``; without it the test fails."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Dict, Iterator, Optional, Tuple

import pytest

import idiligo

ROOT = pathlib.Path(__file__).resolve().parents[2]


def cli_path() -> str:
    candidates = [os.environ.get("IDILIGO_CLI", "")]
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    candidates += [str(target / "release" / "idiligo"), str(target / "debug" / "idiligo")]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    pytest.fail("the idiligo command-line tool is not built: cargo build --release -p idiligo-cli")


@pytest.fixture
def standalone() -> Iterator[Tuple[Dict[str, Any], subprocess.Popen[bytes]]]:
    proc = subprocess.Popen(
        [cli_path(), "sandbox", "--custom-errors", "off"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        info: Dict[str, Any] = json.loads(line)
        assert info["pid"] == proc.pid
        yield info, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def control(info: Dict[str, Any], method: str, path: str, data: Optional[bytes] = None) -> Tuple[int, Any]:
    req = urllib.request.Request(info["url"] + path, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_wait_until_the_participant_uploaded(
    standalone: Tuple[Dict[str, Any], subprocess.Popen[bytes]], tmp_path: pathlib.Path
) -> None:
    info, proc = standalone
    status, description = control(info, "GET", "/_sandbox/")
    assert status == 200 and description["url"] == info["url"]

    # A document the service fetches, hosted through the control API.
    status, hosted = control(info, "POST", "/_sandbox/files?name=offer.pdf", b"%PDF-1.4 offer")
    assert status == 200

    with idiligo.Client(
        base_url=info["url"], apikey=info["apikey"], username=info["username"], password=info["password"]
    ) as client:
        meeting = client.start_meeting(
            "INTAKE",
            participant=idiligo.Participant("jan@example.com", "Jan", "Jansen"),
            values={"PolicyNumber": "P-1234"},
            documents=[idiligo.DocumentSource(hosted["url"], "offer.pdf", "crm-7")],
        )
        call = meeting.call_id
        answers: Dict[str, Any] = {}

        def participant() -> None:
            time.sleep(0.7)
            answers["upload"] = control(
                info, "POST", f"/_sandbox/calls/{call}/upload?filename=passport.jpg", b"JPEG passport"
            )

        t = threading.Thread(target=participant)
        started = time.monotonic()
        t.start()
        attachments = client.wait_for_attachments(call, min_count=2, timeout=20, poll_interval=0.1)
        t.join()
        assert answers["upload"][0] == 200, answers
        assert time.monotonic() - started < 15
        uploaded = answers["upload"][1]["document_id"]
        assert {a.id for a in attachments} == {meeting.documents[0].document_id, uploaded}

        # The participant signs the offer; a condition waits for it.
        offer = meeting.documents[0].document_id
        assert control(info, "POST", f"/_sandbox/calls/{call}/sign?document={offer}")[0] == 200
        signed = client.wait_for_attachments(
            call, condition=lambda items: any(a.sign_status == 2 for a in items), timeout=5, poll_interval=0.1
        )
        assert any(a.id == offer and a.sign_status == 2 for a in signed)

        saved = client.download_all(call, tmp_path / "docs")
        by_name = {s.path.name: s.path.read_bytes() for s in saved}
        assert by_name["passport.jpg"] == b"JPEG passport"
        assert by_name["offer.pdf"].startswith(b"%PDF-1.4 offer") and b"signed by" in by_name["offer.pdf"]

        # The sandbox's record of the call, and a fault injected for the next request.
        status, record = control(info, "GET", f"/_sandbox/calls/{call}")
        assert status == 200
        assert record["contact"]["email"] == "jan@example.com"
        assert record["values"] == [{"name": "PolicyNumber", "value": "P-1234"}]
        assert control(info, "POST", "/_sandbox/faults?kind=status&status=503&operation=GetAttachments")[0] == 200
        no_retries = idiligo.Client(
            base_url=info["url"],
            apikey=info["apikey"],
            username=info["username"],
            password=info["password"],
            max_retries=0,
        )
        with no_retries, pytest.raises(idiligo.HttpError) as e:
            no_retries.get_attachments(call)
        assert e.value.http_status == 503
        status, err = control(info, "POST", "/_sandbox/faults?kind=explode")
        assert status == 400 and "unknown fault kind" in err["error"]
    assert proc.poll() is None, "the sandbox still serves"
