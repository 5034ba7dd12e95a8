"""Secret values in raw inputs: the engine's secret wrapper, and the values failure messages must never show.

A dynamic provider's `check` and `diff` receive a secret (`pulumi.Output.secret(...)`) as a wrapper dict,
not its value (`is_wrapped_secret`); validation looks through it (`reveal`). Fields typed `SecretStr`
(registry and Redis passwords) are secret whether or not the program wrapped them. `secret_values` finds
both kinds in raw inputs so `failures.scrub` can blank them out of any message.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

from pulumi.runtime import rpc
from pydantic import BaseModel, SecretStr

__all__ = [
    "is_resource_reference",
    "is_wrapped_secret",
    "reveal",
    "secret_field_names",
    "secret_values",
    "wrap_secret_inputs",
]

_SIG_KEY = rpc._special_sig_key  # noqa: SLF001 (the SDK's wire constant; no public name exists)
_SECRET_SIG = rpc._special_secret_sig  # noqa: SLF001
_RESOURCE_SIG = rpc._special_resource_sig  # noqa: SLF001


def is_wrapped_secret(value: Any) -> bool:
    """Whether `value` is the engine's wrapper around a secret."""
    return isinstance(value, dict) and value.get(_SIG_KEY) == _SECRET_SIG


def is_resource_reference(value: Any) -> bool:
    """Whether `value` is the engine's reference to a resource (what a resource object passed as an input
    becomes when the receiver accepts references)."""
    return isinstance(value, dict) and value.get(_SIG_KEY) == _RESOURCE_SIG


def reveal(value: Any) -> Any:
    """`value` with every secret wrapper, at any depth, replaced by what it wraps."""
    if is_wrapped_secret(value):
        return reveal(value.get("value"))
    if isinstance(value, dict):
        return {k: reveal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reveal(v) for v in value]
    return value


def _types_in(annotation: Any) -> Iterator[Any]:
    """Every type named inside an annotation (through Annotated, unions, lists and dicts)."""
    yield annotation
    for arg in typing.get_args(annotation):
        if not isinstance(arg, (str, int, float, bool, types.NoneType)) or arg is None:
            yield from _types_in(arg)


def secret_field_names(model: type[BaseModel], _seen: set[type] | None = None) -> frozenset[str]:
    """Names of the fields typed `SecretStr` anywhere in `model` and the models it holds."""
    seen = _seen if _seen is not None else set()
    if model in seen:
        return frozenset()
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        for kind in _types_in(info.annotation):
            if kind is SecretStr:
                names.add(name)
            elif isinstance(kind, type) and issubclass(kind, BaseModel):
                names |= secret_field_names(kind, seen)
    return frozenset(names)


def secret_values(raw: Any, names: frozenset[str] = frozenset()) -> set[str]:
    """Every string value in `raw` wrapped as a secret, or held by a key in `names` (secret fields)."""
    found: set[str] = set()

    def walk(value: Any, secret: bool) -> None:
        if is_wrapped_secret(value):
            walk(value.get("value"), True)
        elif isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, secret or key in names)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, secret)
        elif secret and isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value):
            found.add(str(value))

    walk(raw, False)
    return found


def wrap_secret_inputs(inputs: Mapping[str, Any], names: frozenset[str]) -> dict[str, Any]:
    """`inputs` with every top-level input that holds a value of a secret field (`names`) wrapped as a secret,
    so the engine stores it encrypted and never shows it, whether or not the program used `Output.secret`."""
    out = dict(inputs)
    for key, value in inputs.items():
        if not is_wrapped_secret(value) and (key in names and value not in (None, "") or secret_values(value, names)):
            out[key] = {_SIG_KEY: _SECRET_SIG, "value": value}
    return out
