"""Reading RPC parameters the way the SDKs flatten them, and paging lists the way the real APIs do.

All RPC values arrive as strings: booleans as `True`/`False`, lists as `Name.1`, `Name.2`, lists of
objects as `Tag.1.Key`, and some parameters as JSON text. An empty string counts as absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from .errors import InvalidParameter, MissingParameter

T = TypeVar("T")


class Params:
    """Typed access to a flat `name -> string` mapping, raising the real parameter errors."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self._values = dict(values)

    def as_dict(self) -> dict[str, str]:
        return dict(self._values)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self._values.get(name)
        return default if value is None or value == "" else value

    def required(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise MissingParameter(name=name)
        return value

    def int(
        self, name: str, default: int | None = None, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        raw = self.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise InvalidParameter(name=name) from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise InvalidParameter(name=name)
        return value

    def bool(self, name: str, default: bool = False) -> bool:
        raw = self.get(name)
        if raw is None:
            return default
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise InvalidParameter(name=name)

    def choice(self, name: str, options: Sequence[str], default: str | None = None) -> str | None:
        """A value from `options`, matched case-insensitively and returned in its canonical spelling."""
        raw = self.get(name)
        if raw is None:
            return default
        for option in options:
            if option.lower() == raw.lower():
                return option
        raise InvalidParameter(name=name)

    def json(self, name: str) -> Any:
        raw = self.get(name)
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise InvalidParameter(name=name) from None

    def comma_list(self, name: str) -> list[str]:
        raw = self.get(name)
        return [item.strip() for item in raw.split(",") if item.strip()] if raw else []

    def indexed_values(self, prefix: str) -> list[str]:
        """`Prefix.1`, `Prefix.2`, ... in index order."""
        pattern = re.compile(rf"^{re.escape(prefix)}\.(\d+)$")
        found = [(int(m.group(1)), v) for k, v in self._values.items() if (m := pattern.match(k)) and v != ""]
        return [value for _, value in sorted(found)]

    def indexed_objects(self, prefix: str) -> list[dict[str, str]]:
        """`Prefix.1.Field`, `Prefix.2.Field`, ... as a list of dicts in index order."""
        pattern = re.compile(rf"^{re.escape(prefix)}\.(\d+)\.(.+)$")
        objects: dict[int, dict[str, str]] = {}
        for key, value in self._values.items():
            match = pattern.match(key)
            if match and value != "":
                objects.setdefault(int(match.group(1)), {})[match.group(2)] = value
        return [objects[index] for index in sorted(objects)]


def page_by_number(items: Sequence[T], page_number: int, page_size: int) -> list[T]:
    start = (page_number - 1) * page_size
    return list(items[start : start + page_size])


def page_by_token(
    items: Sequence[T], next_token: str | None, max_results: int,
    error: Callable[[], Exception] = lambda: InvalidParameter(name="NextToken"),
) -> tuple[list[T], str]:
    """A page and the token of the next one ("" when this is the last), as NextToken paging. A token that
    is not one this paging handed out (not a number, or past the end) raises `error()`."""
    start = 0
    if next_token:
        if not next_token.isdigit() or int(next_token) >= len(items):
            raise error()
        start = int(next_token)
    end = start + max_results
    return list(items[start:end]), (str(end) if end < len(items) else "")
