"""The exceptions of :mod:`idiligo`.

Every failure of the SDK raises a subclass of :class:`IdiligoError`. The class follows the
core's error kind (one table shared with the C ABI, so the layers never drift), and subclasses
a builtin where that helps existing ``except`` clauses: :class:`InvalidArgumentError` is a
:class:`ValueError`, :class:`ConnectError`, :class:`TlsError` and :class:`TransportError` are
:class:`ConnectionError`, :class:`TimeoutError` is the builtin :class:`TimeoutError`, and
:class:`LocalIOError` is an :class:`OSError`.

Messages never contain secrets (API key, password, ticket, token, proxy credentials).
"""

from __future__ import annotations

import builtins
from typing import ClassVar, Dict, Optional, Type

from ._native import PartialMeeting

__all__ = [
    "IdiligoError",
    "InvalidArgumentError",
    "ConnectError",
    "TimeoutError",
    "TlsError",
    "TransportError",
    "HttpError",
    "ServiceError",
    "AuthError",
    "ParseError",
    "TooLargeError",
    "LocalIOError",
    "CancelledError",
    "StartMeetingError",
]


class IdiligoError(Exception):
    """Base class of every error raised by :mod:`idiligo`.

    Every field the core's error carries is an attribute (``None`` when it does not apply),
    the same fields the C library's ``idiligo_error_*`` accessors and the C# ``IIdiligoError``
    properties expose.

    Attributes:
        operation: The operation that failed (``"Login"``, ``"GetAttachments"``,
            ``"Download"``, ``"configuration"``, …).
        http_status: The HTTP status of the answer that caused the error, if any.
        retryable: Whether repeating the same call later may succeed (transient transport
            failures, timeouts, HTTP 408/429/502/503/504). The client has already retried
            where that was safe.
        service_message: The service's own message, for service and authentication errors.
        detail: The service's full (redacted) fault text, for service errors: exception type,
            message, inner exceptions and stack trace when it sends them.
        content_type: The ``Content-Type`` of the answer behind an HTTP error.
        excerpt: The first few hundred characters of the body behind an HTTP error (redacted).
        timeout_phase: For timeouts: ``"connect"``, ``"request"``, ``"stall"``, ``"wait"``
            or ``"download"`` (a download's total deadline, ``download_timeout``).
        timeout: For timeouts: the configured duration that passed, in seconds.
        limit: For size errors: the limit in bytes that was exceeded.
        retry_after: For HTTP 429/503 answers with a ``Retry-After`` header: the delay the
            server asked for, in seconds (the client did not wait because it exceeded
            ``max_retry_after``, or it ran out of retries).
        url: For HTTP errors: the URL that was requested (query left out, user info masked).
        proxy_status: For a proxy that refused the tunnel (a :class:`ConnectError`): the
            proxy's HTTP status (407: it wants other credentials); also in ``http_status``.
        sent: For :class:`CancelledError`: whether the request had already been sent (so the
            service may have carried it out); ``False`` when nothing left this machine.
        errno: For local I/O errors: the operating system's error code (from the error's kind
            when the OS code itself was wrapped away).
        step: For :meth:`Client.start_meeting` failures: the step that failed.
        document_index: For its document steps (``"validate"`` of a document included): the
            index into ``documents``.
        partial: For :meth:`Client.start_meeting` failures: what had been created
            (:class:`PartialMeeting`, with every document and its ``bound`` flag).
        message: The full message (also ``str(error)``).
    """

    #: The core's error kind (``"timeout"``, ``"service"``, …); stable across releases.
    kind: ClassVar[str] = "error"

    operation: Optional[str]
    http_status: Optional[int]
    retryable: bool
    service_message: Optional[str]
    detail: Optional[str]
    content_type: Optional[str]
    excerpt: Optional[str]
    timeout_phase: Optional[str]
    timeout: Optional[float]
    limit: Optional[int]
    retry_after: Optional[float]
    url: Optional[str]
    proxy_status: Optional[int]
    sent: Optional[bool]
    errno: Optional[int]
    step: Optional[str]
    document_index: Optional[int]
    partial: Optional[PartialMeeting]
    message: str

    def __init__(
        self,
        message: str = "",
        *,
        operation: Optional[str] = None,
        http_status: Optional[int] = None,
        retryable: bool = False,
        service_message: Optional[str] = None,
        detail: Optional[str] = None,
        content_type: Optional[str] = None,
        excerpt: Optional[str] = None,
        timeout_phase: Optional[str] = None,
        timeout: Optional[float] = None,
        limit: Optional[int] = None,
        retry_after: Optional[float] = None,
        url: Optional[str] = None,
        proxy_status: Optional[int] = None,
        sent: Optional[bool] = None,
        errno: Optional[int] = None,
        step: Optional[str] = None,
        document_index: Optional[int] = None,
        partial: Optional[PartialMeeting] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.http_status = http_status
        self.retryable = retryable
        self.service_message = service_message
        self.detail = detail
        self.content_type = content_type
        self.excerpt = excerpt
        self.timeout_phase = timeout_phase
        self.timeout = timeout
        self.limit = limit
        self.retry_after = retry_after
        self.url = url
        self.proxy_status = proxy_status
        self.sent = sent
        self.errno = errno  # for LocalIOError this is OSError's own errno
        self.step = step
        self.document_index = document_index
        self.partial = partial

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        state = dict(self.__dict__)
        state["errno"] = self.errno  # an OSError keeps these outside __dict__
        if isinstance(self, OSError):
            state["strerror"] = self.strerror
            state["filename"] = self.filename
        return (_rebuild, (type(self), self.message, state))


def _rebuild(cls: Type[IdiligoError], message: str, state: Dict[str, object]) -> IdiligoError:
    err = cls.__new__(cls, message)
    Exception.__init__(err, message)
    for name, value in state.items():
        setattr(err, name, value)
    return err


class InvalidArgumentError(IdiligoError, ValueError):
    """An unusable argument or option (empty id, bad URL, closed client); nothing was sent."""

    kind = "invalid_argument"


class ConnectError(IdiligoError, ConnectionError):
    """The connection could not be established (DNS, refused, unreachable, proxy); the
    request never left this machine."""

    kind = "connect"


class TimeoutError(IdiligoError, builtins.TimeoutError):  # noqa: A001 - deliberate shadowing
    """A connect, request or stall timeout passed (or the deadline of
    :meth:`Client.wait_for_attachments`): ``timeout_phase`` says which, ``timeout`` how long
    it was. Also a builtin :class:`TimeoutError`."""

    kind = "timeout"


class TlsError(IdiligoError, ConnectionError):
    """TLS failed: handshake, certificate verification, or a CA file that cannot be used."""

    kind = "tls"


class TransportError(IdiligoError, ConnectionError):
    """The connection broke while the request or response was in flight (or a download was
    truncated)."""

    kind = "transport"


class HttpError(IdiligoError):
    """The server answered with an HTTP status or content the protocol does not allow (for
    example a proxy's HTML error page). ``http_status``, ``content_type`` and ``excerpt``
    describe the answer."""

    kind = "http"


class ServiceError(IdiligoError):
    """The service reported an error (HTTP 500 with a message). ``service_message`` holds the
    service's message and ``detail`` the full (redacted) text."""

    kind = "service"


class AuthError(IdiligoError):
    """Login failed, or the session token was rejected and could not be renewed."""

    kind = "auth"


class ParseError(IdiligoError):
    """The response could not be understood (malformed XML, wrong root element)."""

    kind = "parse"


class TooLargeError(IdiligoError):
    """A response or download exceeded its size cap (``limit``, in bytes)."""

    kind = "too_large"


class LocalIOError(IdiligoError, OSError):
    """A local file-system operation failed (download target, CA file).

    As for any :class:`OSError`: ``errno`` is the operating system's error code when it
    reported one, ``strerror`` its text (``os.strerror(errno)``, or the I/O error's message
    when there is no code), and ``filename`` the file or directory concerned when known (the
    download target, the directory of ``download_all``, the CA file), as a ``str``.
    """

    kind = "io"

    def __init__(
        self,
        message: str = "",
        *,
        strerror: Optional[str] = None,
        filename: Optional[str] = None,
        **kwargs: object,
    ) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.strerror = strerror
        self.filename = filename


class CancelledError(IdiligoError):
    """The operation was cancelled: its :class:`CancelToken` was cancelled, or a progress
    callback returned ``False``. ``sent`` tells whether the request had already been sent
    (for an operation that changes something: it may have taken effect on the service).

    Ctrl-C raises :class:`KeyboardInterrupt` instead (whatever the signal handler raises),
    with this error as its ``__cause__`` when the interrupted call may have taken effect."""

    kind = "cancelled"


class StartMeetingError(IdiligoError):
    """:meth:`Client.start_meeting` failed at ``step``; ``partial`` holds everything created
    before the failure, so nothing is lost.

    The raised object is also an instance of the class of the underlying error, so
    ``except idiligo.ServiceError`` catches a service error in any step.

    Attributes:
        step: ``"validate"``, ``"CreateContact"``, ``"CreateCall"``, ``"SetContact"``,
            ``"GetPublicCallId"``, ``"SetValues"``, ``"AddDocumentFromUrl"``,
            ``"AddDocumentFromBytesEx"``, ``"SetDocumentToUploadAction"``,
            ``"GetDocumentStatus"`` or ``"GetAgentUrl"``.
        document_index: For the document steps, the index into ``documents``; also for
            ``"validate"`` when a check of that document failed (``None`` when the request as
            a whole was refused).
        partial: What had been created (:class:`PartialMeeting`: ids, ``contact_attached``,
            ``values_set``, and every stored document with its ``bound`` flag).
    """

    step: str
    partial: PartialMeeting

    def __init__(
        self,
        message: str = "",
        *,
        step: str = "validate",
        partial: Optional[PartialMeeting] = None,
        **kwargs: object,
    ) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.step = step
        self.partial = partial if partial is not None else PartialMeeting()


_KIND_CLASSES: Dict[str, Type[IdiligoError]] = {
    cls.__name__: cls
    for cls in (
        InvalidArgumentError,
        ConnectError,
        TimeoutError,
        TlsError,
        TransportError,
        HttpError,
        ServiceError,
        AuthError,
        ParseError,
        TooLargeError,
        LocalIOError,
        CancelledError,
    )
}


def _meeting_class(base: Type[IdiligoError]) -> Type[StartMeetingError]:
    name = f"StartMeeting{base.__name__}"
    cls = type(name, (StartMeetingError, base), {"__module__": __name__, "kind": base.kind})
    cls.__doc__ = f"A :class:`StartMeetingError` caused by a :class:`{base.__name__}`."
    globals()[name] = cls  # so instances can be pickled
    return cls


for _cls in (IdiligoError, StartMeetingError, *_KIND_CLASSES.values()):
    _cls.__module__ = "idiligo"  # shown as idiligo.ServiceError in tracebacks
del _cls

#: For each kind's class name, the class raised when ``start_meeting`` fails with that kind.
_MEETING_CLASSES: Dict[str, Type[StartMeetingError]] = {
    name: _meeting_class(cls) for name, cls in _KIND_CLASSES.items()
}
