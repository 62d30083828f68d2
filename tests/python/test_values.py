"""Meeting values from Python objects, by the documented rule: what the service receives is
checked in the sandbox's state, for set_values, set_value and start_meeting."""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from typing import Any, Dict, List, Tuple

import pytest

import idiligo

UTC2 = datetime.timezone(datetime.timedelta(hours=2))


class Colour(enum.IntEnum):
    RED = 7


# (value, the text the service must receive)
RULE: List[Tuple[Any, str]] = [
    ("P-1234", "P-1234"),
    ("", ""),
    (True, "true"),
    (False, "false"),
    (0, "0"),
    (-42, "-42"),
    (12345678901234567890123, "12345678901234567890123"),
    (Colour.RED, "7"),
    (0.1, "0.1"),
    (2.0, "2"),
    (-2.5, "-2.5"),
    (1e-7, "0.0000001"),
    (1e21, "1000000000000000000000"),
    (0.1 + 0.2, "0.30000000000000004"),
    (-0.0, "0"),
    (123456789.125, "123456789.125"),
    (Decimal("1.50"), "1.50"),
    (Decimal("1E+3"), "1000"),
    (Decimal("-0.00"), "-0.00"),
    (Decimal("1.23E-5"), "0.0000123"),
    (datetime.date(2024, 5, 1), "2024-05-01"),
    (datetime.datetime(2024, 5, 1, 13, 45), "2024-05-01T13:45:00"),
    (datetime.datetime(2024, 5, 1, 13, 45, 0, 120000), "2024-05-01T13:45:00.120000"),
    (datetime.datetime(2024, 5, 1, 13, 45, tzinfo=UTC2), "2024-05-01T13:45:00+02:00"),
]


def test_set_values_follows_the_rule(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call = client.create_call("INTAKE")
    public = client.get_public_call_id(call)
    client.set_values(public, [(f"V{i}", v) for i, (v, _) in enumerate(RULE)])
    snap = sandbox.call(call)
    assert snap is not None
    assert list(snap.values) == [(f"V{i}", text) for i, (_, text) in enumerate(RULE)]
    # A float's text reads back as the same float.
    for value, text in RULE:
        if isinstance(value, float):
            assert float(text) == value


def test_set_value_and_start_meeting_follow_the_rule(sandbox: idiligo.Sandbox, client: idiligo.Client) -> None:
    call = client.create_call("INTAKE")
    public = client.get_public_call_id(call)
    for value, text in RULE:
        client.set_value(public, "One", value)
        assert client.get_call_values(call) == [idiligo.NameValue("One", text)], value
    values: Dict[str, Any] = {"Amount": Decimal("99.90"), "When": datetime.date(2025, 1, 31), "Ok": True}
    meeting = client.start_meeting("INTAKE", values=values)
    snap = sandbox.call(meeting.call_id)
    assert snap is not None and snap.values == (("Amount", "99.90"), ("When", "2025-01-31"), ("Ok", "true"))


@pytest.mark.parametrize(
    "bad, type_name",
    [(None, "NoneType"), (b"x", "bytes"), ([1], "list"), (datetime.time(12, 0), "time"), (object(), "object"), (1j, "complex")],
)
def test_other_types_are_refused_naming_the_item(
    sandbox: idiligo.Sandbox, client: idiligo.Client, bad: Any, type_name: str
) -> None:
    public = client.get_public_call_id(client.create_call("INTAKE"))
    before = sandbox.request_count("SetValues"), sandbox.request_count("SetValue"), sandbox.request_count("CreateCall")
    with pytest.raises(TypeError) as info:
        client.set_values(public, {"Good": "x", "Bad": bad})
    assert str(info.value) == (
        f"SetValues: values['Bad'] has type {type_name}; expected str, int, float, bool, decimal.Decimal, "
        "datetime.date or datetime.datetime"
    )
    with pytest.raises(TypeError, match=rf"SetValues: values\[1\] has type {type_name};"):
        client.set_values(public, [("Good", "x"), ("Bad", bad)])
    with pytest.raises(TypeError, match=rf"SetValue: value has type {type_name};"):
        client.set_value(public, "Bad", bad)
    with pytest.raises(TypeError, match=rf"start_meeting: values\['Bad'\] has type {type_name};"):
        client.start_meeting("INTAKE", values={"Bad": bad})
    after = sandbox.request_count("SetValues"), sandbox.request_count("SetValue"), sandbox.request_count("CreateCall")
    assert after == before  # nothing was sent, not even the meeting


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), Decimal("NaN"), Decimal("-Infinity")])
def test_non_finite_numbers_are_refused(sandbox: idiligo.Sandbox, client: idiligo.Client, bad: Any) -> None:
    public = client.get_public_call_id(client.create_call("INTAKE"))
    with pytest.raises(idiligo.InvalidArgumentError) as info:
        client.set_values(public, {"X": bad})
    assert "values['X'] is" in str(info.value) and "only finite numbers" in str(info.value)
    assert info.value.operation == "SetValues"
    assert sandbox.request_count("SetValues") == 0


def test_names_and_shapes_are_checked(client: idiligo.Client) -> None:
    public = client.get_public_call_id(client.create_call("INTAKE"))
    with pytest.raises(TypeError, match=r"the name of values\[0\] has type int; names must be str"):
        client.set_values(public, [(1, "x")])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"values\[0\] is 'ab'; expected a \(name, value\) pair"):
        client.set_values(public, ["ab"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"values must be a mapping or an iterable"):
        client.set_values(public, 5)  # type: ignore[arg-type]
