"""start_meeting: the happy path, frozen results, and failures that keep every created id."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

import idiligo


def test_start_meeting_full(sandbox: idiligo.Sandbox, any_client: idiligo.Client) -> None:
    doc_url = sandbox.host_file("offer.pdf", b"%PDF-1.4 offer")
    meeting = any_client.start_meeting(
        "INTAKE",
        participant=idiligo.Participant("jan@example.com", "Jan", "Jansen"),
        values={"PolicyNumber": "P-1234"},
        documents=[idiligo.DocumentSource(doc_url, "offer.pdf", "crm-7")],
        return_url="https://crm.example/done",
    )
    assert isinstance(meeting, idiligo.Meeting)
    assert meeting.contact_id
    assert meeting.participant_url == any_client.participant_url(meeting.public_id)
    assert meeting.agent_url.startswith(sandbox.url)
    assert len(meeting.documents) == 1
    d = meeting.documents[0]
    assert (d.external_id, d.bound) == ("crm-7", True)

    snap = sandbox.call(meeting.call_id)
    assert snap is not None
    assert snap.script_code == "INTAKE"
    assert snap.public_id == meeting.public_id
    assert snap.contact is not None and snap.contact.id == meeting.contact_id
    assert snap.values == (("PolicyNumber", "P-1234"),)
    assert [x.id for x in snap.documents] == [d.document_id]
    assert "Meeting(call_id=" in repr(meeting)


def test_start_meeting_minimal(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    meeting = client.start_meeting("INTAKE")
    assert meeting.contact_id is None
    assert meeting.documents == ()
    assert sandbox.request_count("CreateContact") == 0
    assert sandbox.request_count("SetValues") == 0


def test_results_are_frozen(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    meeting = client.start_meeting("INTAKE", values=[("a", "b")])
    with pytest.raises(AttributeError):
        meeting.call_id = "1"  # type: ignore[misc]
    p = idiligo.Participant("a@example.com")
    with pytest.raises(AttributeError):
        p.email = "b@example.com"  # type: ignore[misc]
    assert p == idiligo.Participant("a@example.com", "", "")
    assert hash(p) == hash(idiligo.Participant("a@example.com"))
    assert not dataclasses.is_dataclass(meeting)


def test_meetings_compare_by_value(client: idiligo.Client) -> None:
    m = client.start_meeting("INTAKE", participant=idiligo.Participant("jan@example.com"))
    copy = idiligo.Meeting(m.call_id, m.contact_id, m.public_id, m.agent_url, m.participant_url, m.documents)
    assert copy is not m
    assert copy == m and hash(copy) == hash(m)
    assert pickle.loads(pickle.dumps(m)) == m
    # each member takes part in the comparison
    variants = [
        idiligo.Meeting("other", m.contact_id, m.public_id, m.agent_url, m.participant_url, m.documents),
        idiligo.Meeting(m.call_id, None, m.public_id, m.agent_url, m.participant_url, m.documents),
        idiligo.Meeting(m.call_id, m.contact_id, "other", m.agent_url, m.participant_url, m.documents),
        idiligo.Meeting(m.call_id, m.contact_id, m.public_id, "other", m.participant_url, m.documents),
        idiligo.Meeting(m.call_id, m.contact_id, m.public_id, m.agent_url, "other", m.documents),
        idiligo.Meeting(
            m.call_id, m.contact_id, m.public_id, m.agent_url, m.participant_url, [idiligo.AddedDocument("x", "1", True)]
        ),
    ]
    for i, v in enumerate(variants):
        assert v != m, f"variant {i} compares equal"
    assert client.start_meeting("INTAKE") != client.start_meeting("INTAKE")


def test_failure_keeps_partial_ids(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    good = sandbox.host_file("a.pdf", b"%PDF a")
    with pytest.raises(idiligo.StartMeetingError) as info:
        client.start_meeting(
            "INTAKE",
            participant=idiligo.Participant("jan@example.com"),
            values={"k": "v"},
            documents=[
                idiligo.DocumentSource(good, "a.pdf", "ext-a"),
                idiligo.DocumentSource(f"{sandbox.url}/files/missing.pdf", "b.pdf", "ext-b"),
            ],
        )
    e = info.value
    assert isinstance(e, idiligo.ServiceError)  # also the class of the underlying kind
    assert e.step == "AddDocumentFromUrl"
    assert e.document_index == 1
    assert e.operation == "AddDocumentFromUrl"
    assert e.http_status == 500
    assert e.service_message
    p = e.partial
    assert isinstance(p, idiligo.PartialMeeting)
    assert p.call_id and p.contact_id and p.public_id
    assert p.contact_attached and p.values_set
    assert [(d.external_id, d.bound) for d in p.documents] == [("ext-a", True)]
    # nothing created is lost: the meeting really exists with the first document
    snap = sandbox.call(p.call_id)
    assert snap is not None and snap.contact is not None and snap.contact.id == p.contact_id
    assert [d.external_id for d in snap.documents] == ["ext-a"]


def test_failure_at_first_step(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    sandbox.inject_unavailable(operation="CreateCall")
    with pytest.raises(idiligo.HttpError) as info:
        client.start_meeting("INTAKE")
    e = info.value
    assert isinstance(e, idiligo.StartMeetingError)
    assert e.step == "CreateCall" and e.http_status == 503 and e.retryable
    assert e.partial.call_id is None


def test_validation_failure_sends_nothing(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    with pytest.raises(idiligo.StartMeetingError) as info:
        client.start_meeting("INTAKE", participant=idiligo.Participant(""))
    assert isinstance(info.value, idiligo.InvalidArgumentError)
    assert isinstance(info.value, ValueError)
    assert info.value.step == "validate"
    assert sandbox.request_count("Login") == 0


def test_documents_must_be_document_sources(client: idiligo.Client) -> None:
    with pytest.raises(TypeError):
        client.start_meeting("INTAKE", documents=["https://x/a.pdf"])  # type: ignore[list-item]
