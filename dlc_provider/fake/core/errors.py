"""Errors of the fake cloud as values: an API error code, a message and an HTTP status.

Every service declares its errors once, as data: an `errors.json` table in the service's package
(`{"default_status": 400, "errors": {section: {ClassName: {code, status?, message, note?}}}}`), which
`ErrorTable` turns into `FakeError` subclasses; the service's `exceptions` module serves them by name
(`from .exceptions import InvalidVpcIdNotFound`). The core turns any `FakeError` into the wire format in
exactly one place (`wire.render_error`). The core's own table (this package's errors.json) holds the
errors every service shares: parameters, signatures, throttling, server faults, the admin API.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, ClassVar


class FakeError(Exception):
    """An API error. Subclasses set `code`, `status` and a `message` template formatted with kwargs.

    `code`, `status`, `headers` and `message` are keyword arguments of their own (a one-off error can
    override them), so message templates must name their fields otherwise (`{current}`, not `{status}`).
    """

    code: ClassVar[str] = "InternalError"
    status: ClassVar[int] = 500
    message: ClassVar[str] = "The request processing has failed due to some unknown error."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        **fields: Any,
    ) -> None:
        # Instance attributes shadow the class defaults, so one-off errors need no subclass.
        self.code = code or type(self).code  # type: ignore[misc]
        self.status = status or type(self).status  # type: ignore[misc]
        self.message = message if message is not None else type(self).message.format(**fields)  # type: ignore[misc]
        self.headers: dict[str, str] = dict(headers or {})
        super().__init__(f"{self.code}: {self.message}")


class ErrorTable:
    """The error classes a package declares in its `errors.json`, built once and served by name."""

    def __init__(self, package: str, module: str) -> None:
        text = resources.files(package).joinpath("errors.json").read_text(encoding="utf-8")
        table = json.loads(text)
        self.module = module
        self.classes: dict[str, type[FakeError]] = {}
        for entries in table["errors"].values():
            for name, entry in entries.items():
                if name in self.classes:
                    raise ValueError(f"{package}/errors.json declares {name} twice")
                attributes = {
                    "code": entry["code"],
                    "status": entry.get("status", table["default_status"]),
                    "message": entry["message"],
                    "__module__": module,
                    "__qualname__": name,
                    "__doc__": entry.get("note") or f"`{entry['code']}`: {entry['message']}",
                }
                self.classes[name] = type(name, (FakeError,), attributes)

    def __getitem__(self, name: str) -> type[FakeError]:
        return self.classes[name]

    def module_getattr(self, name: str) -> type[FakeError]:
        """The `__getattr__` of the exceptions module: unknown names fail as a missing attribute does."""
        try:
            return self.classes[name]
        except KeyError:
            raise AttributeError(f"module {self.module!r} has no attribute {name!r}") from None


CORE_ERRORS = ErrorTable(__package__ or "dlc_provider.fake.core", __name__)


def __getattr__(name: str) -> type[FakeError]:
    return CORE_ERRORS.module_getattr(name)
