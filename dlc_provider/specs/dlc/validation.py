"""Validating user input into a `DlcJobSpec`: failures as (input path, reason), tolerant of unknowns.

At ``pulumi preview`` inputs that come from other resources are not known yet (`is_unknown`). We never
fail on them: a sentinel that a field's type rejects is removed and validation repeats; failures at,
inside or around an unknown path are dropped; cross-field rules skip what depends on unknown paths
(``RuleContext.known``). The same input is checked again with real values before create.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from ..common import is_unknown
from ..failures import error_failures
from ..secrets import reveal, secret_field_names, secret_values
from .common import Loc, user_path
from .job import DlcJobSpec

__all__ = ["check_spec", "find_unknowns", "validate_spec", "validation_failures"]

_UNION_TAGS: dict[str, frozenset[str]] = {
    "image": frozenset({"official", "custom", "registry"}),
    "resources": frozenset({"public", "quota", "preemptible"}),
    "ram_role": frozenset({"none", "pai_default", "custom"}),
    "data_sources": frozenset({"custom_dataset", "public_dataset"}),
    "storage_mounts": frozenset({"oss", "nas", "extreme_nas", "cpfs", "bmcpfs"}),
}
_SECRET_FIELDS = secret_field_names(DlcJobSpec)


def find_unknowns(data: Any, loc: Loc = ()) -> list[Loc]:
    """Paths of every value not known yet in ``data`` (the sentinel string or the SDK's ``Unknown``)."""
    if is_unknown(data):
        return [loc]
    found: list[Loc] = []
    if isinstance(data, Mapping):
        for key, value in data.items():
            found += find_unknowns(value, (*loc, key))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            found += find_unknowns(value, (*loc, index))
    return found


def _related(loc: Loc, paths: frozenset[Loc]) -> bool:
    return any(path[: len(loc)] == loc or loc[: len(path)] == path for path in paths)


def _strip(data: Any, drop: frozenset[Loc], loc: Loc, maps: dict[Loc, list[int]]) -> Any:
    """A copy of ``data`` without the values at ``drop``; ``maps`` records kept indexes of shortened lists."""
    if isinstance(data, Mapping):
        return {key: _strip(value, drop, (*loc, key), maps) for key, value in data.items() if (*loc, key) not in drop}
    if isinstance(data, (list, tuple)):
        kept = [index for index in range(len(data)) if (*loc, index) not in drop]
        if len(kept) != len(data):
            maps[loc] = kept
        return [_strip(data[index], drop, (*loc, index), maps) for index in kept]
    return data


def _input_loc(loc: tuple[Any, ...], maps: dict[Loc, list[int]]) -> Loc:
    """A pydantic error location as a path of the user's input: union tags out, list indexes restored."""
    out: list[str | int] = []
    skip_next = False
    for position, part in enumerate(loc):
        if skip_next:
            skip_next = False
            continue
        prefix = tuple(out)
        if isinstance(part, int) and prefix in maps and part < len(maps[prefix]):
            part = maps[prefix][part]
        out.append(part)
        holder = loc[position - 1] if isinstance(part, int) and position else part
        tags = _UNION_TAGS.get(holder) if isinstance(holder, str) else None
        nxt = loc[position + 1] if position + 1 < len(loc) else None
        if tags and nxt in tags and (isinstance(part, int) or holder not in ("data_sources", "storage_mounts")):
            skip_next = True
    return tuple(out)


def check_spec(data: Mapping[str, Any], region: str | None = None) -> tuple[DlcJobSpec | None, list[tuple[Loc, str]]]:
    """Validate ``data``; return the spec (None if it failed or holds unknowns) and the failures.

    Keys starting with ``__`` (the engine's own, e.g. ``__provider``) are ignored; engine-wrapped secrets
    are looked through. No failure shows a secret: neither a `SecretStr` field's value nor a wrapped one.
    """
    data = {key: value for key, value in data.items() if not str(key).startswith("__")}
    secrets = secret_values(data, _SECRET_FIELDS)
    data = reveal(data)
    unknown = frozenset(find_unknowns(data))
    context = {"region": region, "unknown_paths": unknown}
    dropped: frozenset[Loc] = frozenset()
    while True:
        maps: dict[Loc, list[int]] = {}
        candidate = _strip(data, dropped, (), maps)
        try:
            spec: DlcJobSpec | None = DlcJobSpec.model_validate(candidate, context=context)
            failures: list[tuple[Loc, str]] = []
        except ValidationError as exc:
            spec = None
            failures = error_failures(
                exc, DlcJobSpec, locate=lambda loc, maps=maps: _input_loc(loc, maps), secrets=secrets
            )
        blamed = frozenset(loc for loc, _ in failures if _related(loc, unknown))
        more = frozenset(path for path in unknown - dropped if _related(path, blamed))
        if not more:
            break
        dropped |= more
    failures = [(loc, reason) for loc, reason in failures if not _related(loc, unknown)]
    return (spec if not unknown and not failures else None), failures


def validation_failures(data: Mapping[str, Any], region: str | None = None) -> list[tuple[str, str]]:
    """Check failures as (input path as written, e.g. ``roles.worker.gpu``, reason with the rule)."""
    return [(user_path(loc), reason) for loc, reason in check_spec(data, region)[1]]


def validate_spec(data: Mapping[str, Any], *, region: str | None = None) -> DlcJobSpec:
    """The spec of fully known input; raises ``ValueError`` listing every failure."""
    spec, failures = check_spec(data, region)
    if find_unknowns(dict(data)):
        raise ValueError("the input still holds unknown values (pulumi preview): it cannot be submitted")
    if spec is None:
        raise ValueError(
            "invalid DLC job: " + "; ".join(f"{user_path(loc) or '(job)'}: {why}" for loc, why in failures)
        )
    return spec
