"""Errors of the fake RAM service, with the documented codes and HTTP statuses (the table: errors.json).

`DeleteConflict.Policy.Role` (deleting a custom policy still attached to a role) and `MalformedPolicyDocument`
(a document that is not a valid policy) are the fake's choices; see README.md, "Storage, RAM and workspaces".
"""

from __future__ import annotations

from ..core.errors import ErrorTable, FakeError

ERRORS = ErrorTable(__package__ or "", __name__)


def __getattr__(name: str) -> type[FakeError]:
    return ERRORS.module_getattr(name)
