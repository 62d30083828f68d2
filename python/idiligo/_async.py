"""``AsyncClient``: every call of :class:`Client` as an awaitable, for asyncio code.

Each call runs the synchronous client on a worker thread (``loop.run_in_executor``); the GIL
is released while it runs, so the event loop and other calls keep going. Every call gets its
own :class:`CancelToken` (through :meth:`Client.with_cancel`): when the awaiting task is
cancelled (``task.cancel()``, ``asyncio.timeout``, ``asyncio.wait_for``, a ``TaskGroup``
failing), the token cancels the call in the core, the worker returns within about 50 ms, and
only then does :class:`asyncio.CancelledError` reach the awaiting code — so the request's
connection is closed and no thread keeps working for a task that is gone.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from concurrent.futures import Executor
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Optional, Type, TypeVar, Union

from ._errors import CancelledError as _IdiligoCancelled
from ._native import (
    Attachment,
    CallRecord,
    CancelToken,
    Client,
    DocumentProgress,
    DocumentSource,
    DocumentStatus,
    DownloadReport,
    Meeting,
    MeetingResults,
    NameValue,
    Participant,
    SavedFile,
    operations,
)

if TYPE_CHECKING:
    from typing_extensions import Literal, Self

    from ._native import _BinaryReader, _BinaryWriter, _CallParams, _Data, _ProgressCallback, _StrPath, _Value, _Values

__all__ = ["AsyncClient"]

_T = TypeVar("_T")
_log = logging.getLogger("idiligo")

#: How long a cancelled call is waited for before ``CancelledError`` propagates anyway (the
#: core ends it within about 50 ms; only a host-name lookup, which the system resolver bounds,
#: can take longer). After that the call is left to end in the background.
CANCEL_WAIT = 1.0

#: The calls whose result is something created: a cancellation that came too late to stop
#: one is logged with the result (ids are no secret), so nothing created is lost unseen.
_CREATES = frozenset(
    {
        "create_contact",
        "create_call",
        "add_document_from_url",
        "add_document_from_bytes",
        "add_document_from_file",
        "add_document_from_reader",
        "add_document_to_call",
        "start_meeting",
        "send_mail",
    }
)
_EFFECT: Dict[str, str] = {op.name: op.effect for op in operations()}


def _settled(what: str, future: "asyncio.Future[Any]") -> None:
    """Reports what a call did after its task was cancelled (and retrieves its exception)."""
    if future.cancelled():
        return
    error = future.exception()
    if error is None:
        if what in _CREATES:
            _log.warning("%s completed before its task's cancellation reached it: %r", what, future.result())
    elif isinstance(error, _IdiligoCancelled) and error.sent and _EFFECT.get(error.operation or "", "read") != "read":
        _log.warning("%s (task cancelled): %s", what, error)


class AsyncClient:
    """Every call of :class:`Client` as an awaitable, cancelled with its task.

    ``AsyncClient(**options)`` takes the options of :class:`Client`, or
    ``AsyncClient(client)`` wraps an existing one (sharing its pool and session; closing the
    ``AsyncClient`` closes it). ``executor`` runs the calls (default: the event loop's default
    executor). Use it as an async context manager, or call :meth:`aclose`::

        async with idiligo.AsyncClient(apikey=..., username=..., password=...) as client:
            meeting = await client.start_meeting("INTAKE", values={"PolicyNumber": "P-1"})
            attachments = await asyncio.wait_for(client.wait_for_attachments(meeting.call_id), 120)

    Every method of :class:`Client` that talks to the service has an ``async`` twin here with
    the same parameters and result; :meth:`participant_url` (no I/O) and :meth:`close` stay
    plain methods. Callbacks (``progress``, ``condition``, file objects) run on the worker
    thread.
    """

    def __init__(self, client: Optional[Client] = None, *, executor: Optional[Executor] = None, **options: Any) -> None:
        if client is not None and options:
            raise TypeError("give either a Client or Client options, not both")
        self._client = client if client is not None else Client(**options)
        self._executor = executor

    @property
    def client(self) -> Client:
        """The synchronous :class:`Client` the calls run on."""
        return self._client

    @property
    def endpoint(self) -> str:
        """The operation endpoint (see :attr:`Client.endpoint`)."""
        return self._client.endpoint

    @property
    def closed(self) -> bool:
        """Whether the client was closed."""
        return self._client.closed

    def close(self) -> None:
        """Closes the client (idempotent; see :meth:`Client.close`)."""
        self._client.close()

    async def aclose(self) -> None:
        """Closes the client (the same as :meth:`close`, as an awaitable)."""
        self._client.close()

    async def __aenter__(self) -> "Self":
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<idiligo.AsyncClient of {self._client!r}>"

    async def _run(self, what: str, fn: Callable[[Client], _T]) -> _T:
        """Runs ``fn`` on a view of the client with a token of its own, on a worker thread."""
        token = CancelToken()
        view = self._client.with_cancel(token)
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        future: asyncio.Future[_T] = loop.run_in_executor(self._executor, context.run, fn, view)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            token.cancel()
            try:
                await asyncio.wait({future}, timeout=CANCEL_WAIT)
            except asyncio.CancelledError:
                pass  # cancelled again while waiting: stop waiting
            if future.done():
                _settled(what, future)
            else:
                future.add_done_callback(lambda f: _settled(what, f))
            raise

    # ------------------------------------------------------------------ session

    async def login(self) -> str:
        """See :meth:`Client.login`."""
        return await self._run("login", lambda c: c.login())

    async def session_token(self) -> str:
        """See :meth:`Client.session_token`."""
        return await self._run("session_token", lambda c: c.session_token())

    async def set_token(self, token: str) -> None:
        """See :meth:`Client.set_token`."""
        return await self._run("set_token", lambda c: c.set_token(token))

    async def login_password(self, apikey: str, username: str, password: str) -> str:
        """See :meth:`Client.login_password`."""
        return await self._run("login_password", lambda c: c.login_password(apikey, username, password))

    async def impersonate(self, apikey: str, username: str, ticket: str) -> str:
        """See :meth:`Client.impersonate`."""
        return await self._run("impersonate", lambda c: c.impersonate(apikey, username, ticket))

    # ------------------------------------------------------------------ operations

    async def create_contact(self, email: str, first_name: str = "", last_name: str = "") -> str:
        """See :meth:`Client.create_contact`."""
        return await self._run("create_contact", lambda c: c.create_contact(email, first_name, last_name))

    async def create_call(self, script_code: str) -> str:
        """See :meth:`Client.create_call`."""
        return await self._run("create_call", lambda c: c.create_call(script_code))

    async def set_contact(self, call_id: str, contact_id: str) -> None:
        """See :meth:`Client.set_contact`."""
        return await self._run("set_contact", lambda c: c.set_contact(call_id, contact_id))

    async def get_agent_url(self, call_id: str, return_url: Optional[str] = None) -> str:
        """See :meth:`Client.get_agent_url`."""
        return await self._run("get_agent_url", lambda c: c.get_agent_url(call_id, return_url))

    async def get_public_call_id(self, call_id: str) -> str:
        """See :meth:`Client.get_public_call_id`."""
        return await self._run("get_public_call_id", lambda c: c.get_public_call_id(call_id))

    async def set_values(self, public_id: str, values: "_Values") -> None:
        """See :meth:`Client.set_values`."""
        return await self._run("set_values", lambda c: c.set_values(public_id, values))

    async def add_document_from_url(self, url: str, filename: str, external_id: str = "") -> str:
        """See :meth:`Client.add_document_from_url`."""
        return await self._run("add_document_from_url", lambda c: c.add_document_from_url(url, filename, external_id))

    async def set_document_to_upload_action(self, call_id: str, external_id: str, document_id: str) -> None:
        """See :meth:`Client.set_document_to_upload_action`."""
        return await self._run(
            "set_document_to_upload_action", lambda c: c.set_document_to_upload_action(call_id, external_id, document_id)
        )

    async def get_attachments(self, call_id: str) -> List[Attachment]:
        """See :meth:`Client.get_attachments`."""
        return await self._run("get_attachments", lambda c: c.get_attachments(call_id))

    async def attachments(self, call_id: str) -> List[Attachment]:
        """See :meth:`Client.attachments`."""
        return await self._run("attachments", lambda c: c.attachments(call_id))

    # ------------------------------------------------------------------ documents

    async def add_document_from_bytes(
        self,
        filename: str,
        data: "_Data",
        *,
        external_id: Optional[str] = None,
        private: bool = False,
        temporary: bool = False,
        max_bytes: Optional[int] = None,
        progress: "Optional[_ProgressCallback]" = None,
    ) -> str:
        """See :meth:`Client.add_document_from_bytes` (a cancelled upload is cut short: the
        service stores nothing)."""
        return await self._run(
            "add_document_from_bytes",
            lambda c: c.add_document_from_bytes(
                filename,
                data,
                external_id=external_id,
                private=private,
                temporary=temporary,
                max_bytes=max_bytes,
                progress=progress,
            ),
        )

    async def add_document_from_file(
        self,
        path: "_StrPath",
        *,
        filename: Optional[str] = None,
        external_id: Optional[str] = None,
        private: bool = False,
        temporary: bool = False,
        max_bytes: Optional[int] = None,
        progress: "Optional[_ProgressCallback]" = None,
    ) -> str:
        """See :meth:`Client.add_document_from_file`."""
        return await self._run(
            "add_document_from_file",
            lambda c: c.add_document_from_file(
                path,
                filename=filename,
                external_id=external_id,
                private=private,
                temporary=temporary,
                max_bytes=max_bytes,
                progress=progress,
            ),
        )

    async def add_document_from_reader(
        self,
        filename: str,
        fileobj: "_BinaryReader",
        *,
        external_id: Optional[str] = None,
        private: bool = False,
        temporary: bool = False,
        max_bytes: Optional[int] = None,
        progress: "Optional[_ProgressCallback]" = None,
    ) -> str:
        """See :meth:`Client.add_document_from_reader` (the file object is read on the worker
        thread: do not use it elsewhere until the call is done)."""
        return await self._run(
            "add_document_from_reader",
            lambda c: c.add_document_from_reader(
                filename,
                fileobj,
                external_id=external_id,
                private=private,
                temporary=temporary,
                max_bytes=max_bytes,
                progress=progress,
            ),
        )

    async def add_document_to_call(self, call_id: str, document_id: str, node_code: str = "") -> str:
        """See :meth:`Client.add_document_to_call`."""
        return await self._run(
            "add_document_to_call", lambda c: c.add_document_to_call(call_id, document_id, node_code)
        )

    async def get_document_status(self, document_id: str) -> DocumentStatus:
        """See :meth:`Client.get_document_status`."""
        return await self._run("get_document_status", lambda c: c.get_document_status(document_id))

    async def get_document_progress(self, document_id: str) -> DocumentProgress:
        """See :meth:`Client.get_document_progress`."""
        return await self._run("get_document_progress", lambda c: c.get_document_progress(document_id))

    async def delete_document(self, document_id: str) -> bool:
        """See :meth:`Client.delete_document`."""
        return await self._run("delete_document", lambda c: c.delete_document(document_id))

    async def wait_for_document(self, document_id: str, *, timeout: float = 60.0, poll_interval: float = 2.0) -> None:
        """See :meth:`Client.wait_for_document` (cancelling the task ends the wait)."""
        return await self._run(
            "wait_for_document",
            lambda c: c.wait_for_document(document_id, timeout=timeout, poll_interval=poll_interval),
        )

    async def set_call_values(self, call_id: str, values: "_Values") -> bool:
        """See :meth:`Client.set_call_values`."""
        return await self._run("set_call_values", lambda c: c.set_call_values(call_id, values))

    async def get_call_values(self, call_id: str) -> List[NameValue]:
        """See :meth:`Client.get_call_values`."""
        return await self._run("get_call_values", lambda c: c.get_call_values(call_id))

    async def set_value(self, public_id: str, name: str, value: "_Value") -> None:
        """See :meth:`Client.set_value`."""
        return await self._run("set_value", lambda c: c.set_value(public_id, name, value))

    async def set_comment(self, call_id: str, comment: str) -> None:
        """See :meth:`Client.set_comment`."""
        return await self._run("set_comment", lambda c: c.set_comment(call_id, comment))

    async def get_call(self, call_id: str) -> CallRecord:
        """See :meth:`Client.get_call`."""
        return await self._run("get_call", lambda c: c.get_call(call_id))

    async def get_call_by_public_id(self, public_id: str) -> CallRecord:
        """See :meth:`Client.get_call_by_public_id`."""
        return await self._run("get_call_by_public_id", lambda c: c.get_call_by_public_id(public_id))

    async def end_call(self, call_id: str, return_url: Optional[str] = None) -> str:
        """See :meth:`Client.end_call`."""
        return await self._run("end_call", lambda c: c.end_call(call_id, return_url))

    async def send_mail(self, call_id: str, to: str, template_code: str, attachments: str = "") -> bool:
        """See :meth:`Client.send_mail`."""
        return await self._run("send_mail", lambda c: c.send_mail(call_id, to, template_code, attachments))

    async def meeting_results(self, call_id: str) -> MeetingResults:
        """See :meth:`Client.meeting_results`."""
        return await self._run("meeting_results", lambda c: c.meeting_results(call_id))

    async def call(
        self,
        operation: str,
        params: "Optional[_CallParams]" = None,
        *,
        repeatable: bool = False,
        takes_token: Optional[bool] = None,
    ) -> Optional[str]:
        """See :meth:`Client.call`."""
        return await self._run(
            "call", lambda c: c.call(operation, params, repeatable=repeatable, takes_token=takes_token)
        )

    def participant_url(self, public_id: str) -> str:
        """See :meth:`Client.participant_url` (no I/O: a plain method)."""
        return self._client.participant_url(public_id)

    async def start_meeting(
        self,
        script_code: str,
        *,
        participant: Optional[Participant] = None,
        values: "Optional[_Values]" = None,
        documents: Optional[Iterable[DocumentSource]] = None,
        return_url: Optional[str] = None,
        wait_for_documents: Optional[float] = None,
        cleanup_on_failure: bool = False,
    ) -> Meeting:
        """See :meth:`Client.start_meeting`."""
        return await self._run(
            "start_meeting",
            lambda c: c.start_meeting(
                script_code,
                participant=participant,
                values=values,
                documents=documents,
                return_url=return_url,
                wait_for_documents=wait_for_documents,
                cleanup_on_failure=cleanup_on_failure,
            ),
        )

    # ------------------------------------------------------------------ downloads

    async def download(
        self,
        source: Union[Attachment, str],
        destination: "Union[_StrPath, _BinaryWriter]",
        *,
        progress: "Optional[_ProgressCallback]" = None,
        max_bytes: Optional[int] = None,
        total_timeout: Optional[float] = None,
        file_mode: Optional[int] = None,
    ) -> int:
        """See :meth:`Client.download` (a cancelled download leaves no file behind)."""
        return await self._run(
            "download",
            lambda c: c.download(
                source,
                destination,
                progress=progress,
                max_bytes=max_bytes,
                total_timeout=total_timeout,
                file_mode=file_mode,
            ),
        )

    async def download_bytes(
        self,
        source: Union[Attachment, str],
        *,
        progress: "Optional[_ProgressCallback]" = None,
        max_bytes: Optional[int] = None,
        total_timeout: Optional[float] = None,
    ) -> bytes:
        """See :meth:`Client.download_bytes`."""
        return await self._run(
            "download_bytes",
            lambda c: c.download_bytes(source, progress=progress, max_bytes=max_bytes, total_timeout=total_timeout),
        )

    async def download_all(
        self,
        call_id: str,
        directory: "_StrPath",
        *,
        progress: "Optional[_ProgressCallback]" = None,
        file_mode: Optional[int] = None,
    ) -> List[SavedFile]:
        """See :meth:`Client.download_all`."""
        return await self._run(
            "download_all", lambda c: c.download_all(call_id, directory, progress=progress, file_mode=file_mode)
        )

    async def download_all_report(
        self,
        call_id: str,
        directory: "_StrPath",
        *,
        on_error: "Literal['stop', 'continue']" = "stop",
        resume: bool = False,
        progress: "Optional[_ProgressCallback]" = None,
        file_mode: Optional[int] = None,
    ) -> DownloadReport:
        """See :meth:`Client.download_all_report`."""
        return await self._run(
            "download_all_report",
            lambda c: c.download_all_report(
                call_id, directory, on_error=on_error, resume=resume, progress=progress, file_mode=file_mode
            ),
        )

    async def download_attachments(
        self,
        attachments: Iterable[Attachment],
        directory: "_StrPath",
        *,
        progress: "Optional[_ProgressCallback]" = None,
        file_mode: Optional[int] = None,
    ) -> List[SavedFile]:
        """See :meth:`Client.download_attachments`."""
        return await self._run(
            "download_attachments",
            lambda c: c.download_attachments(attachments, directory, progress=progress, file_mode=file_mode),
        )

    async def download_attachments_report(
        self,
        attachments: Iterable[Attachment],
        directory: "_StrPath",
        *,
        on_error: "Literal['stop', 'continue']" = "stop",
        resume: bool = False,
        progress: "Optional[_ProgressCallback]" = None,
        file_mode: Optional[int] = None,
    ) -> DownloadReport:
        """See :meth:`Client.download_attachments_report`."""
        return await self._run(
            "download_attachments_report",
            lambda c: c.download_attachments_report(
                attachments, directory, on_error=on_error, resume=resume, progress=progress, file_mode=file_mode
            ),
        )

    async def wait_for_attachments(
        self,
        call_id: str,
        *,
        min_count: int = 1,
        condition: Optional[Callable[[List[Attachment]], object]] = None,
        timeout: float = 60.0,
        poll_interval: float = 2.0,
    ) -> List[Attachment]:
        """See :meth:`Client.wait_for_attachments` (cancelling the task ends the wait)."""
        return await self._run(
            "wait_for_attachments",
            lambda c: c.wait_for_attachments(
                call_id, min_count=min_count, condition=condition, timeout=timeout, poll_interval=poll_interval
            ),
        )

