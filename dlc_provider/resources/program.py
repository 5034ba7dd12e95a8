"""Program-side helpers of the resource classes: Args objects to props, and the resource's identity.

This runs in the Pulumi program (not in the provider process). `DeclaredResource` is the constructor
every resource class shares (its Args, outputs and secret outputs are generated from its spec, see
`generate`). `resource_props` merges an `XArgs` object or an `XArgsDict` with keyword arguments and adds
every output name (as None) so the engine fills the resource's `Output` attributes. An input name the
spec does not know is passed on too: the provider's `check` refuses it with the list of valid inputs,
as a validation error of that resource rather than a traceback of the program. `resource_identity` is
the `dlc_identity` input that keeps creation tokens of different resources apart (see `tokens`).
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from .generated.common import TimeoutsArgs, TimeoutsArgsDict

__all__ = ["DeclaredResource", "TimeoutsArgs", "TimeoutsArgsDict", "resource_identity", "resource_props"]


def _plain(value: Any) -> Any:
    if isinstance(value, TimeoutsArgs):
        return {k: v for k, v in dataclasses.asdict(value).items() if v is not None}
    return value


def resource_props(
    args_type: type, args: Any, kwargs: Mapping[str, Any], outputs: Iterable[str]
) -> dict[str, Any]:
    """Inputs from an Args object or dict plus keyword arguments, and the output names set to None.

    Every declared input is present (None when unset); names the Args does not declare are kept, for the
    provider's `check` to refuse."""
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
    props: dict[str, Any] = {name: None for name in outputs}
    props.update({name: _plain(given.get(name)) for name in names})
    props.update({name: _plain(value) for name, value in given.items() if name not in props})
    return props


class DeclaredResource(pulumi.dynamic.Resource):
    """The constructor every resource class shares. The generated base of each resource (`generated/*.py`)
    sets `ARGS`, `OUTPUTS` and `SECRET_OUTPUTS` from its spec; the resource class sets `PROVIDER`."""

    ARGS: ClassVar[type]
    PROVIDER: ClassVar[Callable[[], pulumi.dynamic.ResourceProvider]]
    OUTPUTS: ClassVar[tuple[str, ...]] = ()
    SECRET_OUTPUTS: ClassVar[tuple[str, ...]] = ()
    #: False: inputs left unset are not sent at all (DlcJob, whose spec fills its own defaults).
    SEND_UNSET: ClassVar[bool] = True

    creation_token: pulumi.Output[str | None]
    """The idempotency token the resource was created with (None if adopted)."""

    @classmethod
    def prepare(cls, props: dict[str, Any]) -> dict[str, Any]:
        """The inputs as the provider gets them (a resource class turns program-side forms into values)."""
        return props

    def __init__(
        self, resource_name: str, args: Any = None, opts: pulumi.ResourceOptions | None = None, **kwargs: Any
    ) -> None:
        props = self.prepare(resource_props(self.ARGS, args, kwargs, self.OUTPUTS))
        if not self.SEND_UNSET:
            props = {k: v for k, v in props.items() if v is not None or k in self.OUTPUTS}
        props["dlc_identity"] = resource_identity(type(self), resource_name, opts)
        if self.SECRET_OUTPUTS:
            secret = pulumi.ResourceOptions(additional_secret_outputs=list(self.SECRET_OUTPUTS))
            opts = pulumi.ResourceOptions.merge(opts, secret)
        with _pickler_restored():
            super().__init__(self.PROVIDER(), resource_name, props, opts)


@contextmanager
def _pickler_restored() -> Iterator[None]:
    """Undo what pulumi's `serialize_provider` leaves behind. It wraps `pickle._Pickler._batch_setitems` (to
    sort dict items) around whatever is there and never restores it, so every dynamic resource adds one more
    layer: pickling gets slower with each resource, and near a thousand resources the layers exceed Python's
    recursion limit (RecursionError at `pulumi preview`). With the method put back after each resource,
    every provider is pickled through exactly one layer, as pulumi means it to be."""
    pickler: Any = pickle._Pickler  # noqa: SLF001 (the very attributes pulumi patches)
    saved = {name: pickler.__dict__[name] for name in ("_batch_setitems", "save_dict")}
    try:
        yield
    finally:
        for name, method in saved.items():
            setattr(pickler, name, method)


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
