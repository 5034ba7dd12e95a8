"""What the generator reads from each resource's spec: the table of declared resources, the program-side
type of each input, and the documentation of inputs and outputs (see `generate`)."""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo

from ..specs.common import InputSpec, Timeouts
from ..specs.dataset import DatasetSpec
from ..specs.declare import CREATION_TOKEN, Computed
from ..specs.dlc.job import DlcJobSpec, JobTimeouts
from ..specs.nat import EipAssociationSpec, EipSpec, NatGatewaySpec, SnatEntrySpec
from ..specs.network import VpcSpec, VSwitchSpec
from ..specs.oss import OssBucketSpec, OssObjectSpec
from ..specs.ram import RamPolicySpec, RamRolePolicyAttachmentSpec, RamRoleSpec
from ..specs.security_group import SecurityGroupRuleSpec, SecurityGroupSpec
from ..specs.storage import (
    CpfsFileSystemSpec,
    NasAccessGroupSpec,
    NasAccessRuleSpec,
    NasFileSystemSpec,
    NasMountTargetSpec,
)
from ..specs.tensorboard import TensorboardSpec
from .tokens import NONCE_FIELD

__all__ = [
    "DECLARED", "META", "Declared", "args_doc", "computed", "holds_secret", "input_doc", "input_type", "inputs",
    "output_type",
]

#: Inputs every resource has; declared once, in `generated/common.py`.
META = ("adopt_id", "timeouts")


@dataclass(frozen=True)
class Declared:
    """A resource class: its name, its spec, and how its constructor sends inputs."""

    resource: str
    spec: type[BaseModel]
    #: Where the resource class and its provider are written by hand (for the docs).
    module: str
    #: "module:Class" of a mixin the Args inherits (class methods that build Args from other formats).
    args_base: str | None = None
    #: False: inputs left unset are not sent (the spec fills its own defaults).
    send_unset: bool = True

    @property
    def file_name(self) -> str:
        return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", self.resource).lower()


DECLARED: tuple[Declared, ...] = (
    Declared("Vpc", VpcSpec, "network"),
    Declared("VSwitch", VSwitchSpec, "network"),
    Declared("SecurityGroup", SecurityGroupSpec, "security_group"),
    Declared("SecurityGroupRule", SecurityGroupRuleSpec, "security_group"),
    Declared("NatGateway", NatGatewaySpec, "nat"),
    Declared("SnatEntry", SnatEntrySpec, "nat"),
    Declared("Eip", EipSpec, "eip"),
    Declared("EipAssociation", EipAssociationSpec, "eip"),
    Declared("RamRole", RamRoleSpec, "ram"),
    Declared("RamPolicy", RamPolicySpec, "ram"),
    Declared("RamRolePolicyAttachment", RamRolePolicyAttachmentSpec, "ram"),
    Declared("NasFileSystem", NasFileSystemSpec, "storage"),
    Declared("CpfsFileSystem", CpfsFileSystemSpec, "storage"),
    Declared("NasAccessGroup", NasAccessGroupSpec, "storage"),
    Declared("NasAccessRule", NasAccessRuleSpec, "storage"),
    Declared("NasMountTarget", NasMountTargetSpec, "storage"),
    Declared("Dataset", DatasetSpec, "dataset"),
    Declared("OssBucket", OssBucketSpec, "oss"),
    Declared("OssObject", OssObjectSpec, "oss"),
    Declared("Tensorboard", TensorboardSpec, "tensorboard"),
    Declared("DlcJob", DlcJobSpec, "dlc_job", args_base="..job_args:DlcJobArgsConversions", send_unset=False),
)


# --- types -------------------------------------------------------------------------------------------------------


def _strip(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _members(tp: Any) -> list[Any]:
    tp = _strip(tp)
    if typing.get_origin(tp) in (Union, types.UnionType):
        return [m for arg in typing.get_args(tp) for m in _members(arg)]
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_timeouts(tp: Any) -> bool:
    return tp in (Timeouts, JobTimeouts)


def _join(parts: list[str]) -> str:
    unique = list(dict.fromkeys(parts))
    if "None" in unique:
        unique = [p for p in unique if p != "None"] + ["None"]
    return " | ".join(unique)


def _plain(tp: Any, *, program: bool) -> str:
    """The value's type: as the program passes it (`program`, nested values may be Inputs) or as an output."""
    parts: list[str] = []
    for member in _members(tp):
        origin = typing.get_origin(member)
        if member is type(None):
            parts.append("None")
        elif member is SecretStr:
            parts.append("str")
        elif member in (str, int, float, bool):
            parts.append(member.__name__)
        elif origin is Literal:
            parts.extend(type(value).__name__ for value in typing.get_args(member))
        elif origin is list:
            (item,) = typing.get_args(member)
            inner = _plain(item, program=program)
            parts.append(f"Sequence[pulumi.Input[{inner}]]" if program else f"list[{inner}]")
        elif origin is dict:
            key, value = (_plain(arg, program=program) for arg in typing.get_args(member))
            parts.append(f"Mapping[{key}, pulumi.Input[{value}]]" if program else f"dict[{key}, {value}]")
        elif _is_model(member):
            parts.append("Mapping[str, Any]" if program else "dict[str, Any]")
        else:
            raise TypeError(f"no program-side form for the spec type {member!r}; extend generate._plain")
    return _join(parts)


def input_type(field: FieldInfo) -> str:
    """The Args annotation of an input (without `| None` for optional ones)."""
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    if "program_type" in extra:
        return f"pulumi.Input[{extra['program_type']}]"
    members = [m for m in _members(field.annotation) if m is not type(None)]
    if len(members) == 1 and _is_timeouts(members[0]):
        return "TimeoutsArgs | TimeoutsArgsDict"
    return f"pulumi.Input[{_plain(_union(members), program=True)}]"


def output_type(field: FieldInfo) -> str:
    return _plain(field.annotation, program=False)


def _union(members: list[Any]) -> Any:
    return members[0] if len(members) == 1 else Union[tuple(members)]  # noqa: UP007 (built at run time)


def holds_secret(tp: Any) -> bool:
    """Whether a value of this type can carry a `SecretStr`, at any depth."""
    for member in _members(tp):
        if member is SecretStr:
            return True
        if typing.get_origin(member) in (list, dict) and any(holds_secret(a) for a in typing.get_args(member)):
            return True
        if _is_model(member) and any(holds_secret(f.annotation) for f in member.model_fields.values()):
            return True
    return False


# --- declarations ------------------------------------------------------------------------------------------------


def inputs(declared: Declared) -> list[tuple[str, FieldInfo]]:
    """The inputs a program gives: required ones first (a dataclass needs it), then the optional ones, then
    the meta inputs, each group in the spec's order (its own fields before those it inherits)."""
    own_first = [n for cls in declared.spec.__mro__ for n in getattr(cls, "__annotations__", {})]
    order = {name: own_first.index(name) for name in declared.spec.model_fields}
    fields = dict(sorted(declared.spec.model_fields.items(), key=lambda item: order[item[0]]))
    for provider_set in ("dlc_identity", NONCE_FIELD):  # filled in by the resource class / the provider's check
        fields.pop(provider_set, None)
    for name in META:
        fields.setdefault(name, InputSpec.model_fields[name])
    own = [(n, f) for n, f in fields.items() if n not in META]
    return (
        [(n, f) for n, f in own if f.is_required()]
        + [(n, f) for n, f in own if not f.is_required()]
        + [(n, fields[n]) for n in META]
    )


def computed(declared: Declared) -> dict[str, Computed]:
    table: dict[str, Computed] = dict(getattr(declared.spec, "COMPUTED", {}))
    table["creation_token"] = CREATION_TOKEN
    return table


def input_doc(declared: Declared, name: str, field: FieldInfo) -> str:
    spec = declared.spec
    doc = (field.description or "").strip()
    if name in getattr(spec, "REPLACE_FIELDS", ()):
        doc += " Changing it replaces the resource."
    elif name in getattr(spec, "UPDATE_FIELDS", ()):
        doc += " Updated in place."
    return doc


def args_doc(declared: Declared) -> str:
    """The Args docstring: the spec's, what a change does, and the default time limits."""
    spec = declared.spec
    doc = (spec.__doc__ or f"Inputs of a `{declared.resource}`.").strip()
    replace, update = getattr(spec, "REPLACE_FIELDS", ()), getattr(spec, "UPDATE_FIELDS", ())
    if update:
        doc += f"\n\nUpdated in place: {', '.join(update)}. Changing any other input replaces the resource."
    elif replace:
        doc += "\n\nChanging any input replaces the resource."
    defaults = getattr(spec, "DEFAULT_TIMEOUTS", None)
    if defaults:
        phases = [p for p in ("create", "update", "delete") if p != "update" or update]
        doc += "\n\nDefault time limits (`timeouts`, seconds): " + ", ".join(
            f"{p} {defaults[p]:g}" for p in phases) + "."
    return doc
