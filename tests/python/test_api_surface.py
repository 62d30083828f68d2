"""The public surface: documented, typed, and frozen where promised."""

from __future__ import annotations

import inspect

import pytest

import idiligo


def _public_members(obj: object) -> list:  # type: ignore[type-arg]
    return [(n, m) for n, m in inspect.getmembers(obj) if not n.startswith("_")]


@pytest.mark.parametrize("name", [n for n in idiligo.__all__ if n not in ("DEFAULT_BASE_URL", "__version__")])
def test_everything_public_is_documented(name: str) -> None:
    obj = getattr(idiligo, name)
    assert inspect.getdoc(obj), f"{name} has no docstring"
    if inspect.isclass(obj) and not issubclass(obj, BaseException):
        for member, value in _public_members(obj):
            assert inspect.getdoc(value), f"{name}.{member} has no docstring"


def test_package_metadata() -> None:
    assert idiligo.__doc__
    assert idiligo.__version__.count(".") == 2
    assert idiligo.DEFAULT_BASE_URL == "https://app.idiligo.com"
    assert idiligo.Client.__module__ == "idiligo"
    assert idiligo.ServiceError.__module__ == "idiligo"


@pytest.mark.parametrize(
    "cls", [idiligo.Client, idiligo.Sandbox, idiligo.Attachment, idiligo.Meeting, idiligo.PartialMeeting]
)
def test_native_classes_are_final_and_frozen(cls: type) -> None:
    with pytest.raises(TypeError):
        type("Sub", (cls,), {})
