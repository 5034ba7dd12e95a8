"""Values as the engine hands them to a dynamic provider's `check` and `diff`, and as a program passes them.

Secrets: the Python SDK deserializes properties there keeping secrets (`keep_secrets=True`), so a secret
arrives as a wrapper dict, not its value. Validation and comparisons look through the wrapper (`reveal`),
while the inputs a `check` returns keep it, so the engine goes on treating the value as secret. (Both live
in `specs.secrets`, which validation uses to keep secrets out of failure messages.)

Stored outputs: the engine gives them back without None-valued keys and with numbers as floats, so a diff
compares both sides in that form (`as_stored`).

Resources as inputs: a dynamic provider is sent a resource object as its ID, so a `RamRole` passed where
a role ARN belongs would arrive as the role's name; `role_arn_input` passes its `arn` output instead.
"""

from __future__ import annotations

from typing import Any

import pulumi

from ..specs.secrets import is_wrapped_secret, reveal

__all__ = ["as_stored", "is_wrapped_secret", "reveal", "role_arn_input"]


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


def without_empty(value: Any) -> Any:
    """`as_stored(value)` with empty lists and maps left out as well (None for an empty top level).

    For comparing a stored value with a new one where "empty" and "absent" mean the same (unset): an input
    added to a resource after a stack was made is absent from that stack's state and empty in the new spec.
    """
    def prune(item: Any) -> Any:
        if isinstance(item, dict):
            kept = {k: prune(v) for k, v in item.items()}
            return {k: v for k, v in kept.items() if v not in (None, [], {})}
        if isinstance(item, list):
            return [prune(v) for v in item]
        return item

    pruned = prune(as_stored(value))
    return None if pruned in ([], {}) else pruned


def role_arn_input(value: Any) -> Any:
    """A `ram_role` input as the provider needs it: a resource with an `arn` output (our `RamRole`, a
    pulumi-alicloud `ram.Role`) becomes that output; anything else is passed on as given."""
    if isinstance(value, dict) and "role_arn" in value:
        return {**value, "role_arn": role_arn_input(value["role_arn"])}
    if isinstance(value, pulumi.Resource):
        arn = getattr(value, "arn", None)
        if isinstance(arn, pulumi.Output):
            return arn
    return value
