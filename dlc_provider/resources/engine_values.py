"""Secret values as the engine hands them to a dynamic provider's `check` and `diff`.

There the Python SDK deserializes properties keeping secrets (`keep_secrets=True`): a secret arrives as a
wrapper dict, not its value. Validation and comparisons must look through the wrapper (`reveal`), while the
inputs a `check` returns keep it, so the engine goes on treating the value as secret.
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
