"""Errors of the fake AIWorkspace service (the table: errors.json next to this module).

The numeric codes are the service's own (`100400027` unknown workspace, HTTP 404; `201300003` for datasets,
both unknown (404, the status is the fake's choice) and duplicate names (400)). The named codes are the
fake's choices for situations without a documented code; see README.md, "Storage, RAM and workspaces".
"""

from __future__ import annotations

from ..core.errors import ErrorTable, FakeError

ERRORS = ErrorTable(__package__ or "", __name__)


def __getattr__(name: str) -> type[FakeError]:
    return ERRORS.module_getattr(name)
