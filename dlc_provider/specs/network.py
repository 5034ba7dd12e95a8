"""Input specs of the VPC and the vSwitch."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, field_validator

from .checks import Description, Name, ResourceId, Tags, VpcId, ZoneId
from .common import InputSpec, check_cidr
from .declare import RESOURCE_GROUP_DESCRIPTION, TAGS_DESCRIPTION, Computed

__all__ = ["VSwitchSpec", "VpcSpec"]

_DESCRIPTION = "Description: 1-256 characters, not starting with http:// or https://."


class VpcSpec(InputSpec):
    """Inputs of a `Vpc`."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Pending while being created, then Available."),
        "vrouter_id": Computed("str", "The VPC's virtual router (vrt-...)."),
        "route_table_id": Computed("str", "The system route table (vtb-...)."),
        "creation_time": Computed("str", "When the VPC was created (UTC, ISO 8601)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("cidr_block", "resource_group_id", "user_cidrs")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("name", "description", "tags")

    cidr_block: str = Field(
        description="IPv4 CIDR block, e.g. 10.0.0.0/16 (RFC 1918 recommended; mask /8 to /28; not inside "
        "100.64.0.0/10, 224.0.0.0/4, 127.0.0.0/8 or 169.254.0.0/16)."
    )
    name: Name | None = Field(default=None, description="VPC name: 1-128 characters, not starting with http(s)://.")
    description: Description | None = Field(default=None, description=_DESCRIPTION)
    resource_group_id: ResourceId | None = Field(default=None, description=RESOURCE_GROUP_DESCRIPTION)
    tags: Tags | None = Field(default=None, description=TAGS_DESCRIPTION)
    user_cidrs: list[str] | None = Field(
        default=None, min_length=1, max_length=3,
        description="User CIDR blocks (`UserCidr`), at most 3: private ranges your other networks use, which "
        "this VPC's vSwitches must then avoid.",
    )

    @field_validator("cidr_block")
    @classmethod
    def _cidr(cls, value: str) -> str:
        return check_cidr(value, what="cidr_block", masks=(8, 28))

    @field_validator("user_cidrs")
    @classmethod
    def _user_cidrs(cls, value: list[str] | None) -> list[str] | None:
        return [check_cidr(block, what="user_cidrs block") for block in value] if value is not None else None


class VSwitchSpec(InputSpec):
    """Inputs of a `VSwitch`."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Pending while being created, then Available."),
        "available_ip_address_count": Computed("int", "Free IP addresses left in the block."),
        "route_table_id": Computed("str", "The route table the vSwitch uses (vtb-...)."),
        "creation_time": Computed("str", "When the vSwitch was created (UTC, ISO 8601)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("vpc_id", "zone_id", "cidr_block")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("name", "description", "tags")

    vpc_id: VpcId = Field(description="The VPC the vSwitch belongs to.")
    zone_id: ZoneId = Field(description="Zone, e.g. cn-hangzhou-h.")
    cidr_block: str = Field(
        description="IPv4 CIDR block inside the VPC's block, mask /16 to /29, not overlapping other vSwitches."
    )
    name: Name | None = Field(default=None, description="vSwitch name: 1-128 characters, not starting with http(s)://.")
    description: Description | None = Field(default=None, description=_DESCRIPTION)
    tags: Tags | None = Field(default=None, description=TAGS_DESCRIPTION)

    @field_validator("cidr_block")
    @classmethod
    def _cidr(cls, value: str) -> str:
        return check_cidr(value, what="cidr_block", masks=(16, 29))

