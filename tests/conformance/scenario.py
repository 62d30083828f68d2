"""The conformance scenario through the Python package, against the Mono-hosted ASMX replica.

Run by tests/conformance/run.sh with the venv that tests/python/run.sh built:

    target/py-venv/bin/python tests/conformance/scenario.py

For customErrors On and Off, it starts the replica (tests/asmx/run-host.sh, 127.0.0.1, a free
port; stopped by its process id), and over the POST and the GET binding: logs in and
impersonates, starts a meeting with a participant, values and two documents, lists the
attachments, downloads them and compares bytes, lets the token expire and checks the client
logs in again, and provokes a service error and an invalid parameter. Prints
"N passed, M failed" and exits non-zero on any failure.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Callable, List, Tuple

import idiligo

ROOT = Path(__file__).resolve().parents[2]
APIKEY, USER, PASSWORD, TICKET = "test-apikey-0000", "agent@example.test", "fake-password-1234", "fake-ticket-5678"
LIFETIME = 4


class Replica:
    def __init__(self, custom_errors: str) -> None:
        env = dict(os.environ, IDILIGO_REPLICA_TOKEN_LIFETIME_SECONDS=str(LIFETIME))
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


def scenario(replica: Replica, files: idiligo.Sandbox, binding: str, mode: str) -> None:
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
            values=[("CustomerNumber", "C-1001"), ("Amount", "1 000,50 & more")],
            documents=[
                idiligo.DocumentSource(url_a, "a.bin", "ext-a"),
                idiligo.DocumentSource(url_b, "b €.pdf", "ext-b"),
            ],
            return_url="https://crm.example/back?x=1&y=2",
        )
        assert f"callId={meeting.call_id}" in meeting.agent_url, meeting.agent_url
        assert meeting.participant_url.endswith(f"/client?id={meeting.public_id}")

        attachments = client.get_attachments(meeting.call_id)
        assert [a.description for a in attachments] == ["a.bin", "b €.pdf"], attachments
        assert attachments[0].size_bytes == len(doc_a)
        with tempfile.TemporaryDirectory() as d:
            saved = client.download_all(meeting.call_id, d)
            assert Path(saved[0].path).read_bytes() == doc_a
            assert Path(saved[1].path).read_bytes() == doc_b
        assert client.download_bytes(attachments[1]) == doc_b

        time.sleep(LIFETIME + 0.3)  # the replica now rejects the token; the client logs in again
        assert client.get_public_call_id(meeting.call_id) == meeting.public_id

        try:
            client.get_attachments("99999999")
            raise AssertionError("unknown call accepted")
        except idiligo.ServiceError as e:
            assert e.service_message == "Unknown callId.", e
            assert e.http_status == 500
            assert (e.detail or "").startswith("System.Exception: ") == (mode == "Off"), e.detail
        try:
            client.get_public_call_id("abc")
            raise AssertionError("non-numeric call id accepted")
        except idiligo.ServiceError:
            pass


def main() -> int:
    if not __debug__:
        print("scenario.py checks with assert: run it without -O / PYTHONOPTIMIZE")
        return 2
    results: List[Tuple[str, bool]] = []
    files = idiligo.Sandbox()  # serves the documents the replica downloads
    for mode in ("On", "Off"):
        replica = Replica(mode)
        try:
            for binding in ("post", "get"):
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
