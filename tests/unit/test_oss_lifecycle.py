"""The resource suite (`_suite`) over the OSS resources: buckets and objects."""

from __future__ import annotations

from ._oss_cases import CASES
from ._suite import *  # noqa: F403  (the tests and fixtures)
from ._suite import over

pytest_generate_tests = over(CASES)
