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

    Attributes:
        operation: The operation that failed (``"Login"``, ``"GetAttachments"``,
            ``"Download"``, ``"configuration"``, …).
        http_status: The HTTP status of the answer that caused the error, if any.
        retryable: Whether repeating the same call later may succeed (transient transport
            failures, timeouts, HTTP 408/429/502/503/504). The client has already retried
            where that was safe.
        service_message: The service's own message, for service and authentication errors.
        message: The full message (also ``str(error)``).
    """

    #: The core's error kind (``"timeout"``, ``"service"``, …); stable across releases.
    kind: ClassVar[str] = "error"

    operation: Optional[str]
    http_status: Optional[int]
    retryable: bool
    service_message: Optional[str]
    message: str

    def __init__(
        self,
        message: str = "",
        *,
        operation: Optional[str] = None,
        http_status: Optional[int] = None,
        retryable: bool = False,
        service_message: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.http_status = http_status
        self.retryable = retryable
        self.service_message = service_message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: Type[IdiligoError], message: str, state: Dict[str, object]) -> IdiligoError:
    err = cls.__new__(cls, message)
    Exception.__init__(err, message)
    err.__dict__.update(state)
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
    :meth:`Client.wait_for_attachments`). Also a builtin :class:`TimeoutError`."""

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
    example a proxy's HTML error page). ``http_status`` holds the status."""

    kind = "http"


class ServiceError(IdiligoError):
    """The service reported an error (HTTP 500 with a message). ``service_message`` holds the
    service's message and ``detail`` the full (redacted) text."""

    kind = "service"
    detail: Optional[str]

    def __init__(self, message: str = "", *, detail: Optional[str] = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.detail = detail


class AuthError(IdiligoError):
    """Login failed, or the session token was rejected and could not be renewed."""

    kind = "auth"


class ParseError(IdiligoError):
    """The response could not be understood (malformed XML, wrong root element)."""

    kind = "parse"


class TooLargeError(IdiligoError):
    """A response or download exceeded its size cap."""

    kind = "too_large"


class LocalIOError(IdiligoError, OSError):
    """A local file-system operation failed (download target, CA file). ``errno`` is set when
    the operating system reported one."""

    kind = "io"


class CancelledError(IdiligoError):
    """The operation was cancelled (a progress callback returned ``False``)."""

    kind = "cancelled"


class StartMeetingError(IdiligoError):
    """:meth:`Client.start_meeting` failed at ``step``; ``partial`` holds every id created
    before the failure, so nothing is lost.

    The raised object is also an instance of the class of the underlying error, so
    ``except idiligo.ServiceError`` catches a service error in any step.

    Attributes:
        step: ``"validate"``, ``"CreateContact"``, ``"CreateCall"``, ``"SetContact"``,
            ``"GetPublicCallId"``, ``"SetValues"``, ``"AddDocumentFromUrl"``,
            ``"SetDocumentToUploadAction"`` or ``"GetAgentUrl"``.
        document_index: For the two document steps, the index into ``documents``.
        partial: What had been created (:class:`PartialMeeting`).
    """

    step: str
    document_index: Optional[int]
    partial: PartialMeeting

    def __init__(
        self,
        message: str = "",
        *,
        step: str = "validate",
        document_index: Optional[int] = None,
        partial: Optional[PartialMeeting] = None,
        **kwargs: object,
    ) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.step = step
        self.document_index = document_index
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
    return cls  # type: ignore[return-value]


for _cls in (IdiligoError, StartMeetingError, *_KIND_CLASSES.values()):
    _cls.__module__ = "idiligo"  # shown as idiligo.ServiceError in tracebacks
del _cls

#: For each kind's class name, the class raised when ``start_meeting`` fails with that kind.
_MEETING_CLASSES: Dict[str, Type[StartMeetingError]] = {
    name: _meeting_class(cls) for name, cls in _KIND_CLASSES.items()
}
