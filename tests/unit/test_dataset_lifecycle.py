"""The resource suite (`_suite`) over the AIWorkspace `Dataset`, on NAS (through a
mount target) and on CPFS."""

from __future__ import annotations

import pytest

from ._dataset_cases import CASES
from ._suite import *  # noqa: F403  (the tests and fixtures)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", CASES, ids=[c.name for c in CASES])
