"""The main job: start a meeting with a participant, values and a document, let the
participant sign and upload, then fetch every document back.

    python python/examples/quickstart.py

Without configuration it starts the embedded sandbox and runs against it. With
IDILIGO_APIKEY, IDILIGO_USERNAME and IDILIGO_PASSWORD (or IDILIGO_TICKET) set it talks to
the real service instead (IDILIGO_BASE_URL overrides https://app.idiligo.com,
IDILIGO_SCRIPT the script code, IDILIGO_DOCUMENT_URL the document to add).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Optional

import idiligo


def env(name: str) -> Optional[str]:
    return os.environ.get(name) or None


def run() -> None:
    sandbox: Optional[idiligo.Sandbox] = None
    apikey, username = env("IDILIGO_APIKEY"), env("IDILIGO_USERNAME")
    # Either the real service (credentials from the environment) or the embedded sandbox.
    if apikey and username:
        if not (env("IDILIGO_PASSWORD") or env("IDILIGO_TICKET")):
            raise idiligo.InvalidArgumentError("set IDILIGO_PASSWORD or IDILIGO_TICKET", operation="quickstart")
        client = idiligo.Client(
            apikey=apikey,
            username=username,
            password=env("IDILIGO_PASSWORD"),
            ticket=None if env("IDILIGO_PASSWORD") else env("IDILIGO_TICKET"),
            base_url=env("IDILIGO_BASE_URL"),
        )
        print(f"Using the Idiligo service at {client.endpoint}")
        document_url = env("IDILIGO_DOCUMENT_URL")
    else:
        sandbox = idiligo.Sandbox()
        print(f"Using the embedded sandbox at {sandbox.url} (set IDILIGO_APIKEY etc. for the real service)")
        document_url = sandbox.host_file("offer.pdf", b"%PDF-1.4\n% offer for Jan Jansen\n")
        client = sandbox.client()

    with client:
        # 1. Start the meeting in one call.
        documents = [idiligo.DocumentSource(document_url, "offer.pdf", "crm-doc-1")] if document_url else []
        meeting = client.start_meeting(
            env("IDILIGO_SCRIPT") or "INTAKE",
            participant=idiligo.Participant("jan.jansen@example.com", "Jan", "Jansen"),
            values={"CustomerNumber": "C-1001", "PolicyNumber": "P-2024-778"},
            documents=documents,
            return_url="https://crm.example.com/customers/1001",
        )
        print(f"Meeting {meeting.call_id} started")
        print(f"  agent URL:       {meeting.agent_url}")
        print(f"  participant URL: {meeting.participant_url}")

        # 2. In a real meeting the participant signs and uploads now; the sandbox simulates it.
        if sandbox is not None:
            sandbox.simulate_sign(meeting.call_id, meeting.documents[0].document_id)
            sandbox.simulate_upload(meeting.call_id, "id-card.jpg", b"\xff\xd8\xff\xe0 JPEG id card")

        # 3. Wait until the documents are there (the bound offer plus the upload), then download
        #    them all. Against the real service nobody signs in this demo, so take what is there.
        wanted = 2 if sandbox is not None else 0
        attachments = client.wait_for_attachments(meeting.call_id, min_count=wanted, timeout=30, poll_interval=1)
        for a in attachments:
            print(f"  attachment {a.id}: {a.description or '?'} ({a.size or '?'} bytes, sign status {a.sign_status})")
        directory = Path(tempfile.gettempdir()) / f"idiligo-quickstart-{meeting.public_id}"
        for saved in client.download_attachments(attachments, directory):
            print(f"Saved {saved.path} ({saved.bytes} bytes)")

    if sandbox is not None:
        sandbox.close()


if __name__ == "__main__":
    try:
        run()
    except idiligo.IdiligoError as e:
        print(f"quickstart failed: {e}", file=sys.stderr)
        sys.exit(1)
