"""Program-side helpers of the resource classes: Args objects to props, and the resource's identity.

This runs in the Pulumi program (not in the provider process). `resource_props` merges an `XArgs`
object or an `XArgsDict` with keyword arguments, refuses unknown names early, and adds every output
name (as None) so the engine fills the resource's `Output` attributes. `resource_identity` is the
`dlc_identity` input that keeps creation tokens of different resources apart (see `tokens`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import pulumi

__all__ = ["TimeoutsArgs", "TimeoutsArgsDict", "resource_identity", "resource_props"]


@dataclass
class TimeoutsArgs:
    """Time limits in seconds of the provider's waits for one resource (defaults: see the resource)."""

    create: float | None = None
    """Create, including the wait until the resource is ready."""
    update: float | None = None
    """An in-place update and its wait."""
    delete: float | None = None
    """Delete, including riding out dependency conflicts and the wait until it is gone."""


class TimeoutsArgsDict(TypedDict, total=False):
    """`TimeoutsArgs` as a plain dict."""

    create: float
    update: float
    delete: float


def _plain(value: Any) -> Any:
    if isinstance(value, TimeoutsArgs):
        return {k: v for k, v in dataclasses.asdict(value).items() if v is not None}
    return value


def resource_props(
    args_type: type, args: Any, kwargs: Mapping[str, Any], outputs: Iterable[str]
) -> dict[str, Any]:
    """Inputs from an Args object or dict plus keyword arguments, and the output names set to None."""
    names = [f.name for f in dataclasses.fields(args_type)]
    given: dict[str, Any] = {}
    if args is not None:
        if isinstance(args, args_type):
            given.update({name: getattr(args, name) for name in names})
        elif isinstance(args, Mapping):
            given.update(args)
        else:
            raise TypeError(f"args must be a {args_type.__name__} or a dict, not {type(args).__name__}")
    given.update(kwargs)
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise TypeError(f"{args_type.__name__} has no input(s) {', '.join(unknown)} (inputs: {', '.join(names)})")
    props: dict[str, Any] = {name: None for name in outputs}
    props.update({name: _plain(given.get(name)) for name in names})
    return props


def resource_identity(resource_class: type, name: str, opts: pulumi.ResourceOptions | None) -> pulumi.Input[str]:
    """`project/stack/type/name`, plus the parent's type and name and the replacement trigger when set.

    The parent is named by type and name, not by its URN: an input depending on the parent's URN output
    would make the child depend on its own parent, a cycle Pulumi refuses.
    """
    type_token = f"pulumi-python:{getattr(resource_class, '_resource_type_name', resource_class.__name__)}"
    identity = f"{pulumi.get_project()}/{pulumi.get_stack()}/{type_token}/{name}"
    parent = opts.parent if opts is not None else None
    if parent is not None:
        identity += f"|parent={parent.pulumi_resource_type}::{parent.pulumi_resource_name}"
    trigger = getattr(opts, "replacement_trigger", None) if opts is not None else None
    if trigger is None:
        return identity
    return pulumi.Output.from_input(trigger).apply(
        lambda value: identity + "|trigger=" + json.dumps(value, sort_keys=True, default=str)
    )
