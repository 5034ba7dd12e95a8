"""The resource suite (`_suite`) over the NAS resources: file systems (general-purpose, extreme, CPFS),
access groups and rules, mount targets."""

from __future__ import annotations

from ._storage_cases import CASES
from ._suite import *  # noqa: F403  (the tests and fixtures)
from ._suite import over

pytest_generate_tests = over(CASES)
