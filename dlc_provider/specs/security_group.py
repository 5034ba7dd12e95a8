"""Input specs of the security group and its rules."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .checks import ResourceId, Tags, description_type, name_type
from .common import FieldRule, InputSpec, check_cidr, unknown_fields
from .declare import RESOURCE_GROUP_DESCRIPTION, TAGS_DESCRIPTION, Computed
from .failures import shown

#: Security group names: 2-128 characters starting with a letter; letters, digits, : _ . -
GroupName = name_type(low=2, letter_first=True, chars=":_.-")
GroupDescription = description_type(low=2)

__all__ = ["SecurityGroupRuleSpec", "SecurityGroupSpec"]

PORTED_PROTOCOLS = ("tcp", "udp")


class SecurityGroupSpec(InputSpec):
    """Inputs of a `SecurityGroup`."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Available once the group exists."),
        "creation_time": Computed("str", "When the group was created (UTC, ISO 8601)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("vpc_id", "security_group_type", "resource_group_id")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("name", "description", "tags")
    DEFAULT_TIMEOUTS: ClassVar[dict[str, float]] = {"create": 120.0, "update": 120.0, "delete": 600.0}

    vpc_id: ResourceId = Field(description="The VPC of the group.")
    name: GroupName | None = Field(
        default=None, description="2-128 characters starting with a letter; letters, digits, : _ . -"
    )
    description: GroupDescription | None = Field(default=None, description="2-256 characters, not starting with http(s)://.")
    security_group_type: Literal["normal", "enterprise"] | None = Field(
        default=None, description="normal (the API default) or enterprise."
    )
    resource_group_id: ResourceId | None = Field(default=None, description=RESOURCE_GROUP_DESCRIPTION)
    tags: Tags | None = Field(default=None, description=TAGS_DESCRIPTION)


class SecurityGroupRuleSpec(InputSpec):
    """Inputs of a `SecurityGroupRule`: one ingress or egress rule, peer given as a CIDR or a group."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Available once the rule exists."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = (
        "security_group_id", "direction", "ip_protocol", "port_range", "cidr_ip", "peer_security_group_id",
        "policy", "priority", "nic_type",
    )
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("description",)
    DEFAULT_TIMEOUTS: ClassVar[dict[str, float]] = {"create": 120.0, "update": 120.0, "delete": 120.0}

    security_group_id: ResourceId = Field(description="The group the rule belongs to.")
    direction: Literal["ingress", "egress"] = Field(description="ingress (inbound) or egress (outbound).")
    ip_protocol: Literal["tcp", "udp", "icmp", "gre", "all"] = Field(
        description="tcp, udp, icmp, gre or all (any case)."
    )
    port_range: str | None = Field(
        default=None,
        description="first/last port, e.g. 22/22 or 1/65535, for tcp and udp (required); -1/-1 (the "
        "default) for icmp, gre and all.",
    )
    cidr_ip: str | None = Field(
        default=None, description="Peer IPv4 CIDR block (source for ingress, destination for egress)."
    )
    peer_security_group_id: ResourceId | None = Field(
        default=None, description="Peer security group instead of a CIDR block (give exactly one)."
    )
    policy: Literal["accept", "drop"] = Field(default="accept", description="accept (default) or drop.")
    priority: int = Field(default=1, ge=1, le=100, description="1 (highest, default) to 100; drop wins ties.")
    nic_type: Literal["intranet", "internet"] = Field(default="intranet", description="intranet (default) for VPC.")
    description: str | None = Field(default=None, max_length=512, description="Rule description.")

    @field_validator("ip_protocol", "policy", "nic_type", "direction", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("cidr_ip")
    @classmethod
    def _cidr(cls, value: str | None) -> str | None:
        return None if value is None else check_cidr(value, what="cidr_ip", reserved=False)

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> SecurityGroupRuleSpec:
        unknown = unknown_fields(info)
        if not {"cidr_ip", "peer_security_group_id"} & unknown:
            if (self.cidr_ip is None) == (self.peer_security_group_id is None):
                raise FieldRule("cidr_ip", "give exactly one of cidr_ip and peer_security_group_id")
        if "port_range" in unknown or "ip_protocol" in unknown:
            return self
        if self.ip_protocol in PORTED_PROTOCOLS:
            if self.port_range is None:
                raise FieldRule("port_range", f"port_range is required for {self.ip_protocol} (e.g. 22/22)")
            self.port_range = _ports(self.port_range)
        elif self.port_range is None:
            self.port_range = "-1/-1"
        elif self.port_range != "-1/-1":
            raise FieldRule("port_range", f"port_range must be -1/-1 for {self.ip_protocol}")
        return self


def _ports(value: str) -> str:
    first, sep, last = value.partition("/")
    try:
        low, high = int(first), int(last)
    except ValueError:
        low = high = 0
    if not sep or not 1 <= low <= high <= 65535:
        raise FieldRule("port_range", f"port_range {shown(value)} must be first/last with 1 <= first <= last <= 65535")
    return f"{low}/{high}"
