"""Errors of the fake PAI-DLC service (the table: errors.json next to this module).

PAI-DLC documents almost none of its error codes, so most codes here are the fake's choice, in the
style the service is known to use (`InvalidParameter` plus a dotted field name, 400). Unknown IDs are
404 with a code ending in `NotFound` (a provider should treat any 404 or `…NotFound` code as gone);
actions a job's or TensorBoard's status does not allow are 400 `Incorrect…Status`.
"""

from __future__ import annotations

from ..core.errors import ErrorTable, FakeError

ERRORS = ErrorTable(__package__ or "", __name__)


def __getattr__(name: str) -> type[FakeError]:
    return ERRORS.module_getattr(name)


class InvalidField(FakeError):
    """A request field breaks a rule: code `InvalidParameter.<Field>`, the message says which rule."""

    code, status = "InvalidParameter", 400

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason, code=f"InvalidParameter.{field}")


class MissingField(InvalidField):
    def __init__(self, field: str) -> None:
        super().__init__(field, f"The parameter {field} is required.")
