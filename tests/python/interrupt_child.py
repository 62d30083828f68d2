"""The child process of test_interrupt.py: one blocking call, interrupted by SIGINT.

    python interrupt_child.py MODE URL DIRECTORY [APIKEY USERNAME PASSWORD]

It installs Python's default SIGINT handler (a shell starts background jobs with SIGINT
ignored), prints ``{"event": "ready"}`` right before the blocking call, and when the call ends
with KeyboardInterrupt prints ``{"event": "interrupted", "t": <time.monotonic()>, ...}`` and
re-raises it, so the process ends as an interrupted Python program does (killed by SIGINT).
Any other outcome prints ``{"event": "returned"}`` or ``{"event": "raised", ...}`` and exits 3.

Modes: ``call`` (GetAttachments, the server never answers), ``create`` (CreateCall, the same),
``download`` (to DIRECTORY/out.bin; the server stalls mid-body), ``login_wait`` (a second
thread's Login never answers and the main thread waits for it), ``backoff`` (a 503 with
Retry-After: 20), ``wait`` (wait_for_attachments against a sandbox, between polls), ``async``
(AsyncClient.get_attachments under asyncio.run, the server never answers), ``upload``
(add_document_from_file of a 48 MiB file; the server never reads the body, so a write
blocks; stall timeout 2 s), ``upload_answer`` (add_document_from_bytes; the server reads the body and never
answers), ``wait_document`` (wait_for_document against a sandbox whose documents convert
for minutes, between polls), ``reader`` (add_document_from_reader of a pipe nobody writes to:
the file object's read blocks while the document is spooled, before anything is sent).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
import time
from typing import Callable, List

import idiligo


def say(event: str, **data: object) -> None:
    print(json.dumps({"event": event, **data}), flush=True)


def main(argv: List[str]) -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)
    mode, url, directory = argv[1], argv[2], argv[3]
    out = os.path.join(directory, "out")
    os.makedirs(out, exist_ok=True)
    call: Callable[[], object]
    if mode in ("upload", "upload_answer"):
        # The stall timeout bounds a write the server never takes (see test_interrupt.py).
        client = idiligo.Client(base_url=url, token="fake-token-0000", max_retries=0, stall_timeout=2)
        if mode == "upload":
            path = os.path.join(directory, "big.bin")
            with open(path, "wb") as f:
                f.truncate(48 * 1024 * 1024)
            call = lambda: client.add_document_from_file(path)  # noqa: E731
        else:
            call = lambda: client.add_document_from_bytes("a.pdf", b"%PDF a")  # noqa: E731
    elif mode == "reader":
        client = idiligo.Client(base_url=url, token="fake-token-0000", max_retries=0)
        r, w = os.pipe()
        pipe = os.fdopen(r, "rb")
        call = lambda: client.add_document_from_reader("pipe.bin", pipe)  # noqa: E731
    elif mode in ("call", "create", "download"):
        client = idiligo.Client(base_url=url, token="fake-token-0000", max_retries=0)
        if mode == "call":
            call = lambda: client.get_attachments("1")  # noqa: E731
        elif mode == "create":
            call = lambda: client.create_call("INTAKE")  # noqa: E731
        else:
            call = lambda: client.download(f"{url}/Download.ashx?id=1", os.path.join(out, "out.bin"))  # noqa: E731
    elif mode == "backoff":
        client = idiligo.Client(base_url=url, token="fake-token-0000", max_retries=2, max_retry_after=60)
        call = lambda: client.get_attachments("1")  # noqa: E731
    elif mode == "login_wait":
        client = idiligo.Client(
            base_url=url, apikey="fake-apikey-0000", username="agent@example.test", password="fake-password-1234"
        )
        first = threading.Thread(target=lambda: client.create_call("INTAKE"), daemon=True)
        first.start()
        time.sleep(0.2)  # its Login is in flight (the parent checks that it reached the server)
        call = lambda: client.get_attachments("1")  # noqa: E731
    elif mode == "async":

        async def main() -> object:
            async with idiligo.AsyncClient(base_url=url, token="fake-token-0000", max_retries=0) as c:
                return await c.get_attachments("1")

        call = lambda: asyncio.run(main())  # noqa: E731
    elif mode == "wait_document":
        apikey, username, password = argv[4:7]
        client = idiligo.Client(base_url=url, apikey=apikey, username=username, password=password)
        doc = client.add_document_from_bytes("slow.pdf", b"%PDF slow")
        call = lambda: client.wait_for_document(doc, timeout=60, poll_interval=30)  # noqa: E731
    elif mode == "wait":
        apikey, username, password = argv[4:7]
        client = idiligo.Client(base_url=url, apikey=apikey, username=username, password=password)
        meeting = client.create_call("INTAKE")
        call = lambda: client.wait_for_attachments(meeting, timeout=60, poll_interval=30)  # noqa: E731
    else:
        raise SystemExit(f"unknown mode {mode}")
    say("ready")
    try:
        call()
    except KeyboardInterrupt as e:
        cause = e.__cause__
        say(
            "interrupted",
            t=time.monotonic(),
            files=sorted(os.listdir(out)),
            cause=type(cause).__name__ if cause is not None else None,
            sent=getattr(cause, "sent", None),
        )
        raise
    except BaseException as e:  # noqa: BLE001 - reported to the parent
        say("raised", type=type(e).__name__, message=str(e))
        return 3
    say("returned")
    return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv))
