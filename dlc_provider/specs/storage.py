"""Input specs of the NAS resources: general-purpose/extreme and CPFS file systems, access groups and rules,
mount targets. Rules follow the NAS API reference (2017-06-26) so `check` refuses what the API would."""

from __future__ import annotations

import ipaddress
import re
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from .checks import ResourceId, Tags, VpcId, VSwitchId, ZoneId
from .common import FieldRule, InputSpec
from .declare import RESOURCE_GROUP_DESCRIPTION, TAGS_DESCRIPTION, Computed
from .failures import shown

__all__ = [
    "CpfsFileSystemSpec",
    "DEFAULT_ACCESS_GROUP",
    "MARKER_LENGTH",
    "NasAccessGroupSpec",
    "NasAccessRuleSpec",
    "NasFileSystemSpec",
    "NasMountTargetSpec",
    "check_nas_description",
]

DEFAULT_ACCESS_GROUP = "DEFAULT_VPC_GROUP_NAME"
#: Room a provider's creation marker (" #" + token) takes in a description (see resources/storage.py).
MARKER_LENGTH = 42
STANDARD_STORAGE = ("Performance", "Capacity", "Premium")
EXTREME_STORAGE = ("standard", "advance")
CPFS_STORAGE = ("advance_100", "advance_200", "economic")
_GROUP_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{2,63}$")


def check_nas_description(value: str | None, *, high: int = 128) -> str | None:
    """NAS descriptions: 2-`high` characters, starting with a letter, not a URL."""
    if value is None:
        return None
    if not 2 <= len(value) <= high:
        raise ValueError(f"description must be 2-{high} characters (got {len(value)})")
    if not value[0].isalpha():
        raise ValueError("description must start with a letter")
    if value.lower().startswith(("http://", "https://")):
        raise ValueError("description may not start with http:// or https://")
    return value


class _FileSystemBase(InputSpec):
    COMPUTED: ClassVar[dict[str, Computed]] = {
        "file_system_id": Computed("str", "The file system's ID (also the resource ID)."),
        "status": Computed("str", "Pending while being created, then Running."),
        "metered_size": Computed("int", "Bytes stored, as last metered."),
        "create_time": Computed("str", "When the file system was created (UTC, ISO 8601)."),
    }

    zone_id: ZoneId | None = Field(default=None, description="Zone, e.g. cn-hangzhou-h.")
    encrypt_type: Literal[0, 1, 2] | None = Field(
        default=None, description="0 none (default), 1 NAS-managed key, 2 KMS key (needs kms_key_id)."
    )
    kms_key_id: ResourceId | None = Field(default=None, description="KMS key ID when encrypt_type is 2.")
    description: str | None = Field(
        default=None, description="2-128 characters starting with a letter."
    )
    resource_group_id: ResourceId | None = Field(default=None, description=RESOURCE_GROUP_DESCRIPTION)
    tags: Tags | None = Field(default=None, description=TAGS_DESCRIPTION)

    @field_validator("description")
    @classmethod
    def _description(cls, value: str | None) -> str | None:
        return check_nas_description(value)

    @model_validator(mode="after")
    def _kms(self) -> Any:
        if self.kms_key_id is not None and self.encrypt_type != 2:
            raise FieldRule("kms_key_id", "kms_key_id is only used with encrypt_type 2")
        if self.encrypt_type == 2 and not self.kms_key_id:
            raise FieldRule("kms_key_id", "encrypt_type 2 needs kms_key_id")
        return self


class NasFileSystemSpec(_FileSystemBase):
    """Inputs of a `NasFileSystem` (general-purpose or extreme NAS)."""

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = (
        "file_system_type", "protocol_type", "storage_type", "zone_id", "encrypt_type", "kms_key_id",
        "resource_group_id",
    )
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("capacity", "description", "tags")

    file_system_type: Literal["standard", "extreme"] = Field(
        default="standard", description="standard (general-purpose) or extreme."
    )
    protocol_type: Literal["NFS", "SMB"] = Field(default="NFS", description="NFS or SMB (extreme: NFS only).")
    storage_type: str = Field(
        description="standard: Performance, Capacity or Premium; extreme: standard or advance."
    )
    capacity: int | None = Field(
        default=None, ge=100, le=262144,
        description="GiB, extreme only (100-262144); grows in place, never shrinks.",
    )

    @model_validator(mode="after")
    def _kind(self) -> Any:
        if self.file_system_type == "standard":
            if self.storage_type not in STANDARD_STORAGE:
                raise FieldRule("storage_type", f"a standard file system's storage_type is one of "
                                f"{', '.join(STANDARD_STORAGE)}")
            if self.capacity is not None:
                raise FieldRule("capacity", "a standard (general-purpose) file system has no set capacity")
        else:
            if self.storage_type not in EXTREME_STORAGE:
                raise FieldRule("storage_type", f"an extreme file system's storage_type is one of "
                                f"{', '.join(EXTREME_STORAGE)}")
            if self.protocol_type != "NFS":
                raise FieldRule("protocol_type", "an extreme file system speaks NFS only")
            if self.zone_id is None:
                raise FieldRule("zone_id", "an extreme file system needs zone_id")
            if self.capacity is None:
                raise FieldRule("capacity", "an extreme file system needs capacity (GiB)")
        return self


class CpfsFileSystemSpec(_FileSystemBase):
    """Inputs of a `CpfsFileSystem` (CPFS through the NAS API, in a VPC and vSwitch)."""

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = (
        "storage_type", "zone_id", "vpc_id", "vswitch_id", "bandwidth", "encrypt_type", "kms_key_id",
        "resource_group_id",
    )
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("capacity", "description", "tags")

    storage_type: Literal["advance_100", "advance_200", "economic"] = Field(
        description="advance_100, advance_200 or economic."
    )
    zone_id: ZoneId = Field(description="Zone of the file system and its vSwitch.")  # type: ignore[assignment]
    capacity: int = Field(ge=3600, le=1024000, description="GiB (3600-1024000); grows in place, never shrinks.")
    vpc_id: VpcId = Field(description="The VPC (vpc-...).")
    vswitch_id: VSwitchId = Field(description="The vSwitch (vsw-...) in zone_id.")
    bandwidth: int | None = Field(default=None, ge=1, description="MB/s; service default if unset.")


class NasAccessGroupSpec(InputSpec):
    """Inputs of a `NasAccessGroup`."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Available once the group exists."),
        "rule_count": Computed("int", "How many rules the group has."),
        "mount_target_count": Computed("int", "How many mount targets use the group."),
        "create_time": Computed("str", "When the group was created (UTC, ISO 8601)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("name", "file_system_type")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("description",)

    name: str = Field(description="3-64 characters: a letter, then letters, digits, _ and -. Unique per kind.")
    file_system_type: Literal["standard", "extreme"] = Field(default="standard", description="standard or extreme.")
    description: str | None = Field(
        default=None, description=f"2-{128 - MARKER_LENGTH} characters starting with a letter (the rest of the "
        "API's 128 holds the provider's creation marker)."
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if value == DEFAULT_ACCESS_GROUP:
            raise ValueError(f"{DEFAULT_ACCESS_GROUP} is the built-in group; use it by name, do not manage it")
        if not _GROUP_NAME.match(value):
            raise ValueError("name must be 3-64 characters: a letter, then letters, digits, _ and -")
        return value

    @field_validator("description")
    @classmethod
    def _description(cls, value: str | None) -> str | None:
        return check_nas_description(value, high=128 - MARKER_LENGTH)


class NasAccessRuleSpec(InputSpec):
    """Inputs of a `NasAccessRule`."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "access_rule_id": Computed("str", "The rule's ID within its group (the resource ID is `<group>/<rule id>`)."),
        "status": Computed("str", "Available once the rule exists."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("access_group_name", "file_system_type")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("source_cidr_ip", "rw_access", "user_access", "priority")

    access_group_name: str = Field(description="The access group (a NasAccessGroup's name).")
    file_system_type: Literal["standard", "extreme"] = Field(default="standard", description="Kind of the group.")
    source_cidr_ip: str = Field(description="IPv4 address or CIDR block the rule admits.")
    rw_access: Literal["RDWR", "RDONLY"] = Field(default="RDWR", description="RDWR (read-write) or RDONLY.")
    user_access: Literal["no_squash", "root_squash", "all_squash"] = Field(
        default="no_squash", description="no_squash, root_squash or all_squash."
    )
    priority: int = Field(default=1, ge=1, le=100, description="1 (highest) to 100.")

    @field_validator("access_group_name")
    @classmethod
    def _group(cls, value: str) -> str:
        if value == DEFAULT_ACCESS_GROUP:
            raise ValueError(f"the rules of {DEFAULT_ACCESS_GROUP} cannot be changed")
        return value

    @field_validator("source_cidr_ip")
    @classmethod
    def _source(cls, value: str) -> str:
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ValueError(f"source_cidr_ip {shown(value)} is not an IPv4 address or CIDR block") from None
        if network.version != 4:
            raise ValueError("source_cidr_ip must be IPv4")
        return value


class NasMountTargetSpec(InputSpec):
    """Inputs of a `NasMountTarget`."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "mount_domain": Computed("str", "The address a DLC job mounts (also the resource ID)."),
        "status": Computed("str", "Pending while being created, then Active."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("file_system_id", "vpc_id", "vswitch_id", "security_group_id")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("access_group_name",)
    DEFAULT_TIMEOUTS: ClassVar[dict[str, float]] = {"create": 600.0, "update": 300.0, "delete": 600.0}

    file_system_id: ResourceId = Field(description="The file system (a NasFileSystem's or CpfsFileSystem's ID).")
    vpc_id: VpcId = Field(description="The VPC (vpc-...).")
    vswitch_id: VSwitchId = Field(description="The vSwitch (vsw-...); one mount target per vSwitch per file system.")
    access_group_name: str | None = Field(
        default=None, description=f"Access group (standard/extreme; default {DEFAULT_ACCESS_GROUP}); none for CPFS.",
    )
    security_group_id: ResourceId | None = Field(default=None, description="Security group (sg-...), optional.")

    @model_validator(mode="after")
    def _cpfs(self) -> Any:
        if self.file_system_id.startswith("cpfs-") and self.access_group_name is not None:
            raise FieldRule("access_group_name", "CPFS mount targets use no access group")
        return self
