"""Shared fixtures: every test talks to an in-process sandbox on 127.0.0.1 only."""

from __future__ import annotations

from typing import Iterator

import pytest

import idiligo


@pytest.fixture
def sandbox() -> Iterator[idiligo.Sandbox]:
    with idiligo.Sandbox() as sb:
        yield sb


@pytest.fixture
def client(sandbox: idiligo.Sandbox) -> Iterator[idiligo.Client]:
    """A client with the default (POST) binding and no retries, so faults surface at once."""
    with sandbox.client(max_retries=0) as c:
        yield c


@pytest.fixture(params=["post", "get"])
def any_client(request: pytest.FixtureRequest, sandbox: idiligo.Sandbox) -> Iterator[idiligo.Client]:
    """The same tests over both bindings."""
    with sandbox.client(binding=request.param) as c:
        yield c
