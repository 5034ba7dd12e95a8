"""The resource suite (`_suite`) over the RAM resources: roles, custom policies,
policy attachments (system and custom)."""

from __future__ import annotations

from ._ram_cases import CASES
from ._suite import *  # noqa: F403  (the tests and fixtures)
from ._suite import over

pytest_generate_tests = over(CASES)
