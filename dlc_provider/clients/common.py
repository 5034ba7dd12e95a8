"""What every client module shares: paging through list calls, reading and writing tags, picking one item.

The service modules keep one function per API call (keyword arguments in, wire-named dicts out); the
loops and tag shapes that are the same across APIs live here once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar

from .session import Session

__all__ = ["find", "has_tag", "lazy_module", "paginate", "sdk_tags", "tag_filter", "tags_of"]

T = TypeVar("T")
Paging = Literal["number", "token", "marker"]


class _LazyModule:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"


def lazy_module(name: str) -> Any:
    """The module `name`, imported when an attribute of it is first used (thread-safe: `import_module`).

    Why: the SDKs' model packages take 0.05-0.3 s each to import (about 1.1 s for all seven), and a Pulumi
    program imports every resource module without ever calling an API; the provider process imports a
    service's models when it first calls that service."""
    return _LazyModule(name)


def _items_at(body: Mapping[str, Any], path: str) -> list[dict[str, Any]]:
    node: Any = body
    for part in path.split("."):
        node = (node or {}).get(part)
    return list(node or [])


def paginate(
    session: Session, service: str, action: str, call: Callable[[Any, Any], Any], items: str, *,
    paging: Paging = "number",
) -> list[dict[str, Any]]:
    """Every item of a list call, all pages, as wire-named dicts.

    `call(client, cursor)` sends the request of one page; the cursor is the page number from 1 (`number`:
    pages end when TotalCount items are in), the NextToken (`token`) or the Marker (`marker`: pages end when
    IsTruncated is false), None for the first page of the last two. `items` is the list's path in the reply,
    dotted: `"SecurityGroups.SecurityGroup"`.
    """
    found: list[dict[str, Any]] = []
    cursor: Any = 1 if paging == "number" else None
    while True:
        body = session.call(service, action, lambda c, k=cursor: call(c, k)).body.to_map()
        page = _items_at(body, items)
        found.extend(page)
        if paging == "number":
            if not page or len(found) >= int(body.get("TotalCount") or 0):
                return found
            cursor += 1
        else:
            cursor = body.get("NextToken" if paging == "token" else "Marker") or None
            if not cursor or (paging == "marker" and not body.get("IsTruncated")):
                return found


def tags_of(item: Mapping[str, Any], field: str = "Tags") -> dict[str, str]:
    """An item's tags as a dict, whichever shape the API answers: `Tags.Tag[]` or a bare list, with
    `Key`/`Value` or `TagKey`/`TagValue` (`field="Labels"` reads AIWorkspace labels)."""
    tags = item.get(field) or []
    if isinstance(tags, Mapping):
        tags = tags.get("Tag") or []
    return {str(t.get("TagKey", t.get("Key"))): str(t.get("TagValue", t.get("Value")) or "") for t in tags}


def has_tag(item: Mapping[str, Any], tag: tuple[str, str] | None) -> bool:
    """True if `tag` is None or the item carries that key with that value."""
    return tag is None or tags_of(item).get(tag[0]) == tag[1]


def sdk_tags(cls: Callable[..., T], tags: Mapping[str, str]) -> list[T] | None:
    """Tags as the SDK's request model `cls` (sorted by key), or None when there are none."""
    return [cls(key=k, value=v) for k, v in sorted(tags.items())] or None


def tag_filter(cls: Callable[..., T], tag: tuple[str, str] | None) -> list[T] | None:
    """One `Tag.1.Key/Value` filter of a list call, or None."""
    return [cls(key=tag[0], value=tag[1])] if tag else None


def find(items: Iterable[Mapping[str, Any]], field: str, value: str) -> dict[str, Any] | None:
    """The first item whose `field` is `value` (compared as text), or None."""
    return next((dict(i) for i in items if str(i.get(field)) == value), None)
