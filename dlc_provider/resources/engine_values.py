"""Values as the engine hands them to a dynamic provider's `check` and `diff`.

Secrets: the Python SDK deserializes properties there keeping secrets (`keep_secrets=True`), so a secret
arrives as a wrapper dict, not its value. Validation and comparisons look through the wrapper (`reveal`),
while the inputs a `check` returns keep it, so the engine goes on treating the value as secret.

Stored outputs: the engine gives them back without None-valued keys and with numbers as floats, so a diff
compares both sides in that form (`as_stored`).
"""

from __future__ import annotations

from typing import Any

from pulumi.runtime import rpc

_SIG_KEY = rpc._special_sig_key  # noqa: SLF001 (the SDK's wire constant; no public name exists)
_SECRET_SIG = rpc._special_secret_sig  # noqa: SLF001


def is_wrapped_secret(value: Any) -> bool:
    """Whether `value` is the engine's wrapper around a secret."""
    return isinstance(value, dict) and value.get(_SIG_KEY) == _SECRET_SIG


def reveal(value: Any) -> Any:
    """`value` with every secret wrapper, at any depth, replaced by what it wraps."""
    if is_wrapped_secret(value):
        return reveal(value.get("value"))
    if isinstance(value, dict):
        return {k: reveal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reveal(v) for v in value]
    return value


def as_stored(value: Any) -> Any:
    """`value` as the engine gives it back from the state: no None-valued keys, whole numbers as ints
    (protobuf Struct numbers come back as floats), so a stored output compares equal to its input."""
    if isinstance(value, dict):
        return {k: as_stored(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [as_stored(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
