"""Ctrl-C for real: a child Python process blocked in a call is sent SIGINT and must end with
KeyboardInterrupt promptly (the core's cancel token runs `check_signals` between 50 ms read
slices), leaving no partial file. Each case prints its latency (kill to the exception reaching
the child's code, and kill to the process's exit)."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

import pytest

import idiligo
from stall_server import StallServer

CHILD = str(Path(__file__).with_name("interrupt_child.py"))
# "Well under 0.5 s": each interrupt must reach the child's code within this bound, even on a
# loaded two-core machine (the measured figures are printed; they are about 50 ms).
BOUND = 0.45

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")


def _lines(proc: "subprocess.Popen[str]", until: str, timeout: float) -> List[Dict[str, object]]:
    """Reads JSON lines from the child until one has event `until`."""
    assert proc.stdout is not None
    seen: List[Dict[str, object]] = []
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        ready, _, _ = select.select([proc.stdout], [], [], max(left, 0))
        if not ready:
            proc.kill()
            raise AssertionError(f"no {until!r} line from the child within {timeout} s: {seen}")
        line = proc.stdout.readline()
        if not line:
            err = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"the child ended before {until!r}: {seen}\n{err}")
        seen.append(json.loads(line))
        if seen[-1]["event"] == until:
            return seen


def interrupt(
    mode: str, url: str, tmp_path: Path, *extra: str, blocked: Optional[StallServer] = None, bound: float = BOUND
) -> Dict[str, object]:
    """Runs the child, waits until it is blocked in its call, sends SIGINT, returns what it said."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.Popen(
        [sys.executable, CHILD, mode, url, str(tmp_path), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        _lines(proc, "ready", 30)
        if blocked is not None:
            blocked.wait_for_request()
        time.sleep(0.4)  # well inside the call (the blocking read, the backoff, the wait)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        (result,) = [e for e in _lines(proc, "interrupted", 10) if e["event"] == "interrupted"]
        _, err = proc.communicate(timeout=10)
        exited = time.monotonic()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    latency = float(result["t"]) - sent  # type: ignore[arg-type]
    print(f"Ctrl-C during {mode}: KeyboardInterrupt after {latency * 1000:.0f} ms, exit after {(exited - sent) * 1000:.0f} ms")
    assert proc.returncode == -signal.SIGINT, (proc.returncode, err)
    assert err.rstrip().endswith("KeyboardInterrupt"), err
    assert 0 <= latency < bound, f"{mode}: {latency:.3f} s"
    return result


@pytest.mark.parametrize("mode", ["call", "create", "async"])
def test_ctrl_c_during_a_call(mode: str, tmp_path: Path) -> None:
    with StallServer("silent") as server:
        result = interrupt(mode, server.url, tmp_path, blocked=server)
        # The interrupted request's connection was closed, not left hanging.
        assert server.exchanges[0].ended.wait(5)
    if mode == "create":
        # CreateCall may have taken effect: the core's report is the KeyboardInterrupt's cause.
        assert (result["cause"], result["sent"]) == ("CancelledError", True)
    else:
        assert result["cause"] is None  # a read: nothing to report


def test_ctrl_c_during_a_download_leaves_no_file(tmp_path: Path) -> None:
    with StallServer("body") as server:
        result = interrupt("download", server.url, tmp_path, blocked=server)
    assert result["files"] == []
    assert os.listdir(tmp_path / "out") == []  # the temporary file is gone too


def test_ctrl_c_during_a_login_wait(tmp_path: Path) -> None:
    with StallServer("silent") as server:
        interrupt("login_wait", server.url, tmp_path, blocked=server)
        assert "Login" in server.exchanges[0].request_line


def test_ctrl_c_during_a_retry_backoff(tmp_path: Path) -> None:
    with StallServer("retry_after", retry_after=20) as server:
        interrupt("backoff", server.url, tmp_path, blocked=server)
        assert len(server.exchanges) == 1  # interrupted in the 20 s backoff, before the retry


def test_ctrl_c_during_wait_for_attachments(tmp_path: Path) -> None:
    with idiligo.Sandbox() as sandbox:
        c = sandbox.credentials
        interrupt("wait", sandbox.url, tmp_path, c.apikey, c.username, c.password)
        assert sandbox.request_count("GetAttachments") == 1  # between two polls 30 s apart


def test_ctrl_c_while_an_upload_waits_for_its_answer(tmp_path: Path) -> None:
    with StallServer("silent") as server:
        result = interrupt("upload_answer", server.url, tmp_path, blocked=server)
        assert server.exchanges[0].request_line.startswith("POST /InsideService20.asmx ")  # SOAP
        assert server.exchanges[0].ended.wait(5)
    # The whole request had left: the document may be stored, so the core's report is the
    # KeyboardInterrupt's cause.
    assert (result["cause"], result["sent"]) == ("CancelledError", True)


#: The child's stall timeout in mode "upload".
UPLOAD_STALL = 2.0


def test_ctrl_c_during_a_blocked_upload_write(tmp_path: Path) -> None:
    """The server takes none of the body, so the socket write blocks. The core gives one write
    the whole stall timeout (a write cut short cannot be repeated: part of it may have gone)
    and looks at the token between writes, so a prompt Ctrl-C here is not guaranteed by
    design. Measured: 1 ms with the release wheel, but about twice the stall timeout (4.0 s
    with 2 s) with a debug build of the extension. What this test holds: KeyboardInterrupt,
    at the latest when the stalled write gives up."""
    with StallServer("no_read") as server:
        result = interrupt("upload", server.url, tmp_path, blocked=server, bound=2 * UPLOAD_STALL + BOUND)
    print(f"  (blocked upload write: cause {result['cause']}, sent {result['sent']})")


def test_ctrl_c_during_wait_for_document(tmp_path: Path) -> None:
    with idiligo.Sandbox(conversion_time=600) as sandbox:
        c = sandbox.credentials
        interrupt("wait_document", sandbox.url, tmp_path, c.apikey, c.username, c.password)
        assert sandbox.request_count("GetDocumentStatus") == 1  # at once; the next is 7.5 s later


def test_ctrl_c_while_a_file_object_is_read_for_an_upload(tmp_path: Path) -> None:
    """add_document_from_reader blocked in the file object's read (a pipe nobody writes to):
    KeyboardInterrupt, and nothing was sent."""
    with StallServer("silent") as server:
        result = interrupt("reader", server.url, tmp_path)
        assert server.exchanges == [], "the upload was sent before its document was read"
    assert result["cause"] is None
