"""Fixtures for the fake cloud's tests: the same test runs through both front doors.

`door` yields a `Door` (see doors.py) for the in-process mock ("mock") and for the threaded server
("server"); its `vpc()`, `ecs()` and `sts()` build the official SDK clients pointed at it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .doors import Door, open_door
from .oss_doors import OssDoor

PROXY_VARIABLES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # The SDK sends plain-HTTP traffic through HTTP_PROXY even for 127.0.0.1 (it ignores NO_PROXY).
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["mock", "server"])
def door(request: pytest.FixtureRequest) -> Iterator[Door]:
    with open_door(request.param) as opened:
        yield opened


@pytest.fixture
def server_door() -> Iterator[Door]:
    with open_door("server") as opened:
        yield opened


@pytest.fixture(params=["mock", "server"])
def manual_door(request: pytest.FixtureRequest) -> Iterator[Door]:
    """A `door` whose clock moves only when the test advances it (`door.cloud.clock.advance`)."""
    with open_door(request.param, latency="manual") as opened:
        yield opened


@pytest.fixture
def oss_door(door: Door) -> OssDoor:
    """The fake OSS through both doors (see oss_doors.py)."""
    return OssDoor(door)
