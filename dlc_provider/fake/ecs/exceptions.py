"""Errors of the fake ECS security-group API, with the real codes (typos included) and HTTP statuses.

The table is errors.json next to this module (see `core.errors.ErrorTable`).
"""

from __future__ import annotations

from ..core.errors import ErrorTable, FakeError

ERRORS = ErrorTable(__package__ or "", __name__)


def __getattr__(name: str) -> type[FakeError]:
    return ERRORS.module_getattr(name)
