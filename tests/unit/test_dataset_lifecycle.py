"""The resource suite (`_suite`) over the AIWorkspace `Dataset`, on NAS (through a
mount target) and on CPFS."""

from __future__ import annotations

from ._dataset_cases import CASES
from ._suite import *  # noqa: F403  (the tests and fixtures)
from ._suite import over

pytest_generate_tests = over(CASES)
