"""A typed, thread-friendly client for Idiligo's InsideService20 web service.

Start online meetings, prefill them with values and documents, and fetch the uploaded,
generated and signed documents back. :class:`Sandbox` runs an in-process emulator of the
service, so integrations can be developed and tested offline::

    import idiligo

    with idiligo.Sandbox() as sandbox, sandbox.client() as client:
        meeting = client.start_meeting("INTAKE", values={"PolicyNumber": "P-1234"})
        print(meeting.participant_url)

* One :class:`Client`, shared: it is immutable and thread-safe; the GIL is released during
  every network call and download, so threads sharing it run in parallel.
* Every operation of the service: a typed method for each operation the table names
  (:meth:`Client.get_call_values`, :meth:`Client.get_call`, …), :meth:`Client.call` for any
  operation by name, and :func:`operations` for the table itself.
* Documents from the application: uploads from bytes, files and binary file objects
  (streamed over SOAP, :meth:`Client.add_document_from_bytes`,
  :meth:`Client.add_document_from_file`, :meth:`Client.add_document_from_reader`), their
  status and progress, the wait until converted, deletion; :meth:`Client.start_meeting` takes
  URL, bytes and file documents, can wait for them and clean up after a failure (the report
  and every id created are on the :class:`StartMeetingError`).
* Ctrl-C raises :class:`KeyboardInterrupt` within about 50 ms during any call, download or
  wait; :class:`CancelToken` and :meth:`Client.with_cancel` cancel calls from other threads,
  and :class:`AsyncClient` offers every call as an awaitable that is cancelled with its task.
* Errors are subclasses of :class:`IdiligoError` carrying every field of the core's error
  (``operation``, ``http_status``, ``retryable``, ``detail``, ``timeout_phase``, ``partial``, …).
* Logging goes to ``logging.getLogger("idiligo")``; secrets never appear in messages, reprs
  or log records.
"""

from __future__ import annotations

from ._async import AsyncClient
from ._errors import (
    AuthError,
    CancelledError,
    ConnectError,
    HttpError,
    IdiligoError,
    InvalidArgumentError,
    LocalIOError,
    ParseError,
    ServiceError,
    StartMeetingError,
    TimeoutError,
    TlsError,
    TooLargeError,
    TransportError,
)
from ._native import (
    DEFAULT_BASE_URL,
    AddedDocument,
    Attachment,
    CallRecord,
    CallSnapshot,
    CancelToken,
    CleanupReport,
    Client,
    ContactSnapshot,
    CreatedItem,
    DocumentProgress,
    DocumentSnapshot,
    DocumentSource,
    DocumentStatus,
    MailSnapshot,
    Meeting,
    MeetingResults,
    NameValue,
    Operation,
    Param,
    PartialMeeting,
    Participant,
    Sandbox,
    SandboxCredentials,
    DownloadOutcome,
    DownloadReport,
    SavedFile,
    WsdlDifference,
    WsdlReport,
    StoredDocumentSnapshot,
    __version__,
    check_service,
    compare_wsdl,
    fetch_wsdl,
    operations,
    participant_url,
    reset_logging_cache,
    safe_file_name,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "AddedDocument",
    "AsyncClient",
    "Attachment",
    "AuthError",
    "CallRecord",
    "CallSnapshot",
    "CancelToken",
    "CancelledError",
    "CleanupReport",
    "Client",
    "ConnectError",
    "ContactSnapshot",
    "CreatedItem",
    "DocumentProgress",
    "DocumentSnapshot",
    "DocumentSource",
    "DocumentStatus",
    "HttpError",
    "IdiligoError",
    "InvalidArgumentError",
    "LocalIOError",
    "MailSnapshot",
    "Meeting",
    "MeetingResults",
    "NameValue",
    "Operation",
    "Param",
    "ParseError",
    "PartialMeeting",
    "Participant",
    "Sandbox",
    "SandboxCredentials",
    "DownloadOutcome",
    "DownloadReport",
    "SavedFile",
    "StoredDocumentSnapshot",
    "ServiceError",
    "StartMeetingError",
    "TimeoutError",
    "TlsError",
    "TooLargeError",
    "TransportError",
    "WsdlDifference",
    "WsdlReport",
    "__version__",
    "check_service",
    "compare_wsdl",
    "fetch_wsdl",
    "operations",
    "participant_url",
    "reset_logging_cache",
    "safe_file_name",
]
