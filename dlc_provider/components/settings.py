"""The settings of a `TrainingStack`: `TrainingStackArgs`, their rules, and reading them from stack config.

`TrainingStackArgs` holds what a user chooses (network, internet gateway, storage, dataset, role, the job),
each setting declared once: its type there is also its rule. `check_settings` validates the settings with a
model built from those declarations, before any resource is declared, so a bad setting fails `pulumi
preview` with the field's name and the rule. Settings typed with pulumi types (IDs of resources made
elsewhere, which may be Outputs or the resources themselves) are checked only for presence. `TrainingStackArgs.from_config` reads the example program's
stack config (see `stacks/Pulumi.dev.yaml`). The component itself lives in `training_stack`.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import pulumi
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from ..specs.checks import BUCKET_RULE, is_bucket_name

__all__ = [
    "ROLE_CHOICES",
    "TrainingStackArgs",
    "TrainingStackError",
    "ZONED_STORAGE",
    "check_settings",
    "vswitch_blocks",
]

Gateway = Literal["none", "public", "private"]
StorageKind = Literal["none", "nas", "extreme_nas", "cpfs"]
ROLE_CHOICES = ("none", "pai_default", "new")
#: Storage kinds whose file system is made in one zone (the first vSwitch's), and what to call them.
ZONED_STORAGE = {"extreme_nas": "an extreme NAS file system", "cpfs": "a CPFS file system"}

#: Storage class (the NAS API's StorageType) and capacity (GiB) used when not set, per storage choice.
DEFAULT_STORAGE_CLASS = {"nas": "Performance", "extreme_nas": "standard", "cpfs": "advance_100"}
DEFAULT_CAPACITY = {"extreme_nas": 100, "cpfs": 3600}
STORAGE_CLASSES = {
    "nas": ("Performance", "Capacity", "Premium"),
    "extreme_nas": ("standard", "advance"),
    "cpfs": ("advance_100", "advance_200", "economic"),
}

_PREFIX = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
_ROLE_ARN = re.compile(r"^acs:ram::\d+:role/[A-Za-z0-9.\-]{1,64}$", re.IGNORECASE)


class TrainingStackError(pulumi.RunError, ValueError):
    """A `pulumi.RunError`: a program that raises it ends with this message alone, no traceback. A `TrainingStack` setting breaks a rule; the message names the field(s) and the rule. (Rules across
    fields are checked once every field passes its own.)"""


@dataclass
class TrainingStackArgs:
    """Settings of a `TrainingStack`. Only `job` is required; everything else has a working default.

    Bring your own resources by passing their IDs (or the resources themselves: our `Vpc`, a
    pulumi-alicloud `vpc.Network`, ...); the stack then creates only what is missing and never deletes
    what it did not create.
    """

    job: Any
    """The training job: a `DlcJobArgs` or a dict of its inputs (every DlcJob option). The stack fills in
    `network`, `ram_role`, and appends its storage mount and dataset to `storage_mounts`/`data_sources`;
    `display_name` defaults to the name prefix."""
    name_prefix: str | None = None
    """Prefix of every cloud resource name (3-40 lowercase letters, digits, -). Default: `<name>-<stack>`."""
    tags: Mapping[str, str] | None = None
    """Tags on every resource that takes tags (the job's `Settings.Tags` too)."""

    vpc_id: pulumi.Input[str] | pulumi.Resource | None = None
    """An existing VPC (ID or resource). Unset: a VPC is created with `vpc_cidr`."""
    vpc_cidr: pulumi.Input[str] | None = None
    """The VPC's CIDR block: of the VPC to create (default 10.0.0.0/16), or of the existing one (the job's
    extended CIDRs and the NAS access rule; taken from the VPC resource when it has `cidr_block`)."""
    zone_ids: Sequence[str] | None = None
    """Zones of the vSwitches to create, one vSwitch each (required unless `vswitch_ids` is given)."""
    vswitch_cidrs: Sequence[str] | None = None
    """CIDR blocks of the vSwitches to create (default: the VPC's first /24 blocks in order)."""
    vswitch_ids: Sequence[pulumi.Input[str] | pulumi.Resource] | None = None
    """Existing vSwitches (IDs or resources); the job runs in the first."""
    security_group_id: pulumi.Input[str] | pulumi.Resource | None = None
    """An existing security group. Unset: one is created that lets the job's nodes reach each other."""

    internet_gateway: Gateway = "none"
    """How the job reaches the internet: `none`, `public` (PAI's shared gateway) or `private` (a NAT
    gateway with an EIP and SNAT entries for the vSwitches, in the job's VPC)."""
    eip_bandwidth: Annotated[int, Field(ge=1, le=500)] = 5
    """Mbit/s of the EIP of a `private` gateway (1-500)."""

    storage: StorageKind = "none"
    """File system mounted into the job: `none`, `nas` (general-purpose), `extreme_nas` or `cpfs`."""
    file_system_id: pulumi.Input[str] | pulumi.Resource | None = None
    """An existing file system of the `storage` kind. Unset: one is created."""
    mount_domain: pulumi.Input[str] | None = None
    """An existing mount target of that file system reachable from the VPC (NAS kinds). Unset: an access
    group, a rule for the VPC's CIDR and a mount target in the first vSwitch are created."""
    storage_class: str | None = None
    """The file system's storage type: nas Performance|Capacity|Premium (default Performance), extreme_nas
    standard|advance (standard), cpfs advance_100|advance_200|economic (advance_100)."""
    storage_capacity: int | None = None
    """GiB, for extreme_nas (default 100) and cpfs (default 3600, at least 3600)."""
    storage_mount_path: str = "/mnt/data"
    """Where the file system's root is mounted in the job's containers."""

    dataset_name: str | None = None
    """Register a PAI dataset on the file system under this name and mount it into the job."""
    dataset_path: str = "/"
    """Directory of the dataset in the file system."""
    dataset_mount_path: str = "/mnt/dataset"
    """Where the dataset is mounted in the job's containers."""

    role: str = "none"
    """The job's RAM role: `none`, `pai_default` (AliyunPAIDLCDefaultRole), `new` (a role only PAI may
    assume, with a policy for `role_oss_buckets` and nothing else), or an existing role's ARN."""
    role_oss_buckets: Sequence[str] | None = None
    """OSS buckets a `new` role may read and write objects in (its whole policy)."""

    checkpoint_bucket: str | None = None
    """An OSS bucket mounted into the job for checkpoints: `new` (an `OssBucket` named
    `checkpoint_bucket_name`, default `<name_prefix>-checkpoints`), or an existing bucket's name. A `new`
    role may read and write it. Unset: none."""
    checkpoint_bucket_name: str | None = None
    """The name of a `new` checkpoint bucket (bucket names are global across OSS)."""
    checkpoint_expiration_days: Annotated[int, Field(ge=1, le=36500)] | None = None
    """A `new` checkpoint bucket's lifecycle rule: objects expire this many days after their last change."""
    checkpoint_force_destroy: bool = False
    """A `new` checkpoint bucket is deleted with its checkpoints on destroy (else a bucket with objects refuses)."""
    checkpoint_mount_path: str = "/mnt/checkpoints"
    """Where the checkpoint bucket is mounted in the job's containers."""

    @classmethod
    def from_config(cls, config: pulumi.Config | None = None) -> TrainingStackArgs:
        """Settings from the project's stack config: camelCase keys as in `stacks/Pulumi.dev.yaml`
        (`namePrefix`, `vpcCidr`, `zoneIds`, `internetGateway`, `storage`, `datasetName`, `role`, `job`, ...)."""
        config = config or pulumi.Config()
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            key = _camel(field.name)
            if key in ("job", "tags", "zoneIds", "vswitchCidrs", "vswitchIds", "roleOssBuckets"):
                value = config.get_object(key)
            elif key in ("eipBandwidth", "storageCapacity", "checkpointExpirationDays"):
                value = config.get_int(key)
            elif key == "checkpointForceDestroy":
                value = config.get_bool(key)
            else:
                value = config.get(key)
            if value is not None:
                values[field.name] = value
        if "job" not in values:
            raise TrainingStackError("job: required (stack config `job`, an object of DlcJob inputs)")
        return cls(**values)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def vswitch_blocks(vpc_cidr: str, count: int) -> list[str]:
    """The first `count` /24 blocks of the VPC (the whole VPC when it is a /24 itself), for the vSwitches
    the stack creates; ValueError if the VPC has no room for that many."""
    network = ipaddress.ip_network(vpc_cidr)
    room = 2 ** max(0, 24 - network.prefixlen)
    if count > room:
        raise ValueError(f"{count} zones but the VPC's {vpc_cidr} holds only {room} /24 vSwitch block(s); "
                         "set vswitch_cidrs")
    if network.prefixlen >= 24:
        return [str(network)]
    blocks = network.subnets(new_prefix=24)
    return [str(next(blocks)) for _ in range(count)]


class _Rules(BaseModel):
    """The rules of the settings. The fields come from `TrainingStackArgs` (see `_rules_model`); settings
    typed with pulumi types are `Any` here and only their presence counts."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    @field_validator("name_prefix", check_fields=False)
    @classmethod
    def _prefix(cls, value: str) -> str:
        if not _PREFIX.match(value):
            raise ValueError("3-40 characters: lowercase letters, digits and -, starting with a letter "
                             f"and not ending with - (it starts RAM role and access group names), got {value!r}")
        return value

    @field_validator("vpc_cidr", check_fields=False)
    @classmethod
    def _cidr(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                network = ipaddress.ip_network(value, strict=True)
            except ValueError as error:
                raise ValueError(f"not an IPv4 CIDR block such as 10.0.0.0/16: {error}") from None
            if network.version != 4 or not 8 <= network.prefixlen <= 24:
                raise ValueError(f"an IPv4 block with a mask from /8 to /24, got {value!r}")
        return value

    @field_validator("storage_mount_path", "dataset_mount_path", "dataset_path", "checkpoint_mount_path",
                     check_fields=False)
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError(f"an absolute path starting with /, got {value!r}")
        return value

    @field_validator("role", check_fields=False)
    @classmethod
    def _role(cls, value: str) -> str:
        if value not in ROLE_CHOICES and not _ROLE_ARN.match(value):
            raise ValueError("none, pai_default, new, or a role ARN acs:ram::<account id>:role/<name>, "
                             f"got {value!r}")
        return value

    @field_validator("role_oss_buckets", check_fields=False)
    @classmethod
    def _buckets(cls, value: Sequence[str] | None) -> Sequence[str] | None:
        for bucket in value or []:
            if not is_bucket_name(bucket):
                raise ValueError(f"OSS bucket names are 3-63 lowercase letters, digits and -, got {bucket!r}")
        return value

    @model_validator(mode="after")
    def _across(self, info: ValidationInfo) -> Any:
        s: Any = self  # the fields are those of TrainingStackArgs (added by _rules_model)
        problems: list[tuple[str, str]] = []
        if s.vpc_id is not None and not (info.context or {}).get("vpc_cidr_known"):
            problems.append(("vpc_cidr", "required with an existing vpc_id (the job's extended CIDRs and the "
                             "NAS access rule need the VPC's CIDR block)"))
        if not s.vswitch_ids:
            if not s.zone_ids:
                problems.append(("zone_ids", "at least one zone, to create the vSwitches in (or pass vswitch_ids)"))
            elif s.vswitch_cidrs is not None and len(s.vswitch_cidrs) != len(s.zone_ids):
                problems.append(("vswitch_cidrs", f"one block per zone: {len(s.zone_ids)} zone(s), "
                                 f"{len(s.vswitch_cidrs)} block(s)"))
            elif s.vswitch_cidrs is not None and s.vpc_cidr:
                vpc = ipaddress.ip_network(s.vpc_cidr)
                for block in s.vswitch_cidrs:
                    try:
                        inside = ipaddress.ip_network(block, strict=True).subnet_of(vpc)  # type: ignore[arg-type]
                    except (ValueError, TypeError):
                        inside = False
                    if not inside:
                        problems.append(("vswitch_cidrs", f"{block!r} is not a CIDR block inside the VPC's "
                                         f"{s.vpc_cidr}"))
            elif s.vpc_cidr and s.zone_ids:
                try:
                    vswitch_blocks(s.vpc_cidr, len(s.zone_ids))
                except ValueError as error:
                    problems.append(("zone_ids", str(error)))
        if s.storage == "none":
            for field, given in (("file_system_id", s.file_system_id is not None),
                                 ("mount_domain", s.mount_domain is not None),
                                 ("storage_class", s.storage_class is not None),
                                 ("storage_capacity", s.storage_capacity is not None),
                                 ("dataset_name", s.dataset_name is not None)):
                if given:
                    problems.append((field, "needs storage set to nas, extreme_nas or cpfs"))
        else:
            if s.storage_class is not None and s.storage_class not in STORAGE_CLASSES[s.storage]:
                problems.append(("storage_class", f"for {s.storage}: one of "
                                 f"{', '.join(STORAGE_CLASSES[s.storage])}"))
            if s.storage == "nas" and s.storage_capacity is not None:
                problems.append(("storage_capacity", "a general-purpose NAS file system has no set capacity"))
            if s.storage == "cpfs" and s.storage_capacity is not None and not 3600 <= s.storage_capacity <= 1024000:
                problems.append(("storage_capacity", "CPFS capacity is 3600-1024000 GiB"))
            if s.storage == "extreme_nas" and s.storage_capacity is not None and s.storage_capacity < 100:
                problems.append(("storage_capacity", "extreme NAS capacity is at least 100 GiB"))
            if s.storage == "cpfs" and s.mount_domain is not None:
                problems.append(("mount_domain", "CPFS is mounted by file system ID, not through a NAS mount target"))
            if s.mount_domain is not None and s.file_system_id is None:
                problems.append(("mount_domain", "an existing mount target needs its file_system_id"))
            if s.storage_mount_path == s.dataset_mount_path and s.dataset_name:
                problems.append(("dataset_mount_path", "must differ from storage_mount_path"))
        if s.role_oss_buckets and s.role != "new":
            problems.append(("role_oss_buckets", "only a new role (role: new) gets a policy from the stack"))
        problems.extend(_checkpoint_problems(s))
        if problems:
            raise ValueError("; ".join(f"{field}: {rule}" for field, rule in problems))
        return self


def _checkpoint_problems(s: Any) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    bucket, new = s.checkpoint_bucket, s.checkpoint_bucket == "new"
    if bucket is not None and not new and not is_bucket_name(bucket):
        problems.append(("checkpoint_bucket", f"new, or an existing bucket's name: {BUCKET_RULE}, got {bucket!r}"))
    if new and s.checkpoint_bucket_name is not None and not is_bucket_name(s.checkpoint_bucket_name):
        problems.append(("checkpoint_bucket_name", f"{BUCKET_RULE}, got {s.checkpoint_bucket_name!r}"))
    for field, given in (("checkpoint_bucket_name", s.checkpoint_bucket_name is not None),
                         ("checkpoint_expiration_days", s.checkpoint_expiration_days is not None),
                         ("checkpoint_force_destroy", bool(s.checkpoint_force_destroy))):
        if given and not new:
            problems.append((field, "only for a new checkpoint bucket (checkpoint_bucket: new)"))
    if bucket is not None and s.checkpoint_mount_path in (s.storage_mount_path, s.dataset_mount_path):
        problems.append(("checkpoint_mount_path", "must differ from storage_mount_path and dataset_mount_path"))
    return problems


def _rules_model() -> type[BaseModel]:
    """`_Rules` with the fields of `TrainingStackArgs`, each with its declared type (Any for pulumi types)."""
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(TrainingStackArgs):
        text = str(field.type)  # the annotation's source (postponed annotations)
        fields[field.name] = (Any if "pulumi." in text else eval(text, globals()), None)  # noqa: S307
    return create_model("TrainingStackRules", __base__=_Rules, **fields)


_RULES = _rules_model()


def check_settings(args: TrainingStackArgs, name_prefix: str, vpc_cidr: str | None, vpc_cidr_known: bool) -> None:
    """Raise `TrainingStackError` naming every setting that breaks a rule. `name_prefix` and `vpc_cidr` are
    the values in effect (defaults filled in; `vpc_cidr` None while it is an Output)."""
    values = {f.name: getattr(args, f.name) for f in dataclasses.fields(args)}
    values.update(name_prefix=name_prefix, vpc_cidr=vpc_cidr)
    try:
        _RULES.model_validate(values, context={"vpc_cidr_known": vpc_cidr_known})
    except ValidationError as error:
        lines = []
        for item in error.errors():
            field = ".".join(str(part) for part in item["loc"])
            message = str(item["msg"]).removeprefix("Value error, ")
            lines.append(f"{field}: {message}" if field else message)
        raise TrainingStackError("TrainingStack settings: " + "; ".join(lines)) from None
