"""The resource suite (`_suite`) over the NAS resources: file systems (general-purpose, extreme, CPFS),
access groups and rules, mount targets."""

from __future__ import annotations

import pytest

from ._storage_cases import CASES
from ._suite import *  # noqa: F403  (the tests and fixtures)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", CASES, ids=[c.name for c in CASES])
