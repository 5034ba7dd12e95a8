"""Input specs of the NAT gateway, the EIP, its association and the SNAT entry."""

from __future__ import annotations

import ipaddress
from typing import ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .checks import Description, Name, ResourceId, Tags, name_type
from .common import FieldRule, InputSpec, check_cidr, unknown_fields
from .declare import RESOURCE_GROUP_DESCRIPTION, TAGS_DESCRIPTION, Computed
from .failures import shown

#: NAT gateway and SNAT entry names: 2-128 characters starting with a letter; letters, digits, _ . -
GatewayName = name_type(low=2, letter_first=True, chars="_.-")

__all__ = ["EipAssociationSpec", "EipSpec", "NatGatewaySpec", "SnatEntrySpec"]

BANDWIDTH_LIMITS = {"PayByBandwidth": 500, "PayByTraffic": 200}


class NatGatewaySpec(InputSpec):
    """Inputs of a `NatGateway` (always an enhanced, pay-by-LCU, pay-as-you-go gateway)."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Creating, then Available."),
        "business_status": Computed("str", "Normal, or FinancialLocked when the account is overdue."),
        "nat_type": Computed("str", "Enhanced (the only kind created)."),
        "internet_charge_type": Computed("str", "PayByLcu (the only billing created)."),
        "snat_table_id": Computed("str", "The SNAT table (stb-...): give it to `SnatEntry.snat_table_id`."),
        "forward_table_id": Computed("str", "The DNAT table (ftb-...)."),
        "private_ip_address": Computed("str", "The gateway's address in its vSwitch."),
        "creation_time": Computed("str", "When the gateway was created (UTC, ISO 8601)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("vpc_id", "vswitch_id", "network_type")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("name", "description", "eip_bind_mode", "icmp_reply_enabled", "tags")
    DEFAULT_TIMEOUTS: ClassVar[dict[str, float]] = {"create": 600.0, "update": 300.0, "delete": 600.0}

    vpc_id: ResourceId = Field(description="The VPC of the gateway.")
    vswitch_id: ResourceId = Field(description="The vSwitch (in that VPC) that holds the gateway.")
    network_type: Literal["internet", "intranet"] | None = Field(
        default=None, description="internet (used when unset; needed for SNAT to the internet) or intranet."
    )
    name: GatewayName | None = Field(
        default=None, description="2-128 characters starting with a letter; letters, digits, _ . -"
    )
    description: Description | None = Field(default=None, description="1-256 characters, not starting with http(s)://.")
    eip_bind_mode: Literal["MULTI_BINDED", "NAT"] | None = Field(
        default=None, description="How EIPs bind: MULTI_BINDED (the API default) or NAT."
    )
    icmp_reply_enabled: bool | None = Field(default=None, description="Answer ICMP (the API default is on).")
    tags: Tags | None = Field(default=None, description=TAGS_DESCRIPTION)


class EipSpec(InputSpec):
    """Inputs of an `Eip` (pay-as-you-go)."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Available, or InUse while bound."),
        "ip_address": Computed("str", "The public IP address."),
        "instance_id": Computed("str | None", "What the EIP is bound to, while bound."),
        "instance_type": Computed("str | None", "The kind of what it is bound to (Nat), while bound."),
        "allocation_time": Computed("str", "When the EIP was allocated (UTC, ISO 8601)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("internet_charge_type", "isp", "resource_group_id")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("bandwidth", "name", "description", "tags")

    bandwidth: int | None = Field(
        default=None, ge=1, description="Peak bandwidth in Mbit/s: 1-500 (PayByBandwidth) or 1-200 "
        "(PayByTraffic); the API default is 5."
    )
    internet_charge_type: Literal["PayByBandwidth", "PayByTraffic"] | None = Field(
        default=None, description="PayByBandwidth (the API default) or PayByTraffic."
    )
    isp: str | None = Field(default=None, description="Line type, e.g. BGP (the default) or BGP_PRO.")
    name: Name | None = Field(default=None, description="1-128 characters, not starting with http(s)://.")
    description: Description | None = Field(default=None, description="1-256 characters, not starting with http(s)://.")
    resource_group_id: ResourceId | None = Field(default=None, description=RESOURCE_GROUP_DESCRIPTION)
    tags: Tags | None = Field(default=None, description=TAGS_DESCRIPTION)

    @model_validator(mode="after")
    def _bandwidth_limit(self, info: ValidationInfo) -> EipSpec:
        if self.bandwidth is not None and "internet_charge_type" not in unknown_fields(info):
            charge = self.internet_charge_type or "PayByBandwidth"
            if self.bandwidth > BANDWIDTH_LIMITS[charge]:
                raise FieldRule("bandwidth", f"bandwidth must be at most {BANDWIDTH_LIMITS[charge]} for {charge}")
        return self


class EipAssociationSpec(InputSpec):
    """Inputs of an `EipAssociation`: an EIP bound to a NAT gateway."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "InUse while bound."),
        "ip_address": Computed(
            "str",
            "The EIP's address: use it for `SnatEntry.snat_ips`, so SNAT entries are created after, and deleted "
            "before, the binding.",
        ),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("allocation_id", "instance_id", "instance_type")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ()

    allocation_id: ResourceId = Field(description="The EIP's allocation ID (eip-...).")
    instance_id: ResourceId = Field(description="The NAT gateway's ID (ngw-...).")
    instance_type: Literal["Nat"] = Field(default="Nat", description="Nat (the only kind supported so far).")


class SnatEntrySpec(InputSpec):
    """Inputs of a `SnatEntry`: traffic of a vSwitch (or a CIDR block) leaves through the given EIPs."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Pending, then Available."),
        "nat_gateway_id": Computed("str", "The NAT gateway the SNAT table belongs to (ngw-...)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("snat_table_id", "source_vswitch_id", "source_cidr")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("snat_ips", "name", "eip_affinity")

    snat_table_id: ResourceId = Field(description="The NAT gateway's SNAT table (its `snat_table_id` output).")
    snat_ips: list[str] = Field(
        min_length=1,
        description="EIP addresses bound to that NAT gateway; pass `EipAssociation.ip_address` so the binding "
        "exists first.",
    )
    source_vswitch_id: ResourceId | None = Field(default=None, description="Source vSwitch (give this or source_cidr).")
    source_cidr: str | None = Field(default=None, description="Source CIDR block (give this or source_vswitch_id).")
    name: GatewayName | None = Field(
        default=None, description="2-128 characters starting with a letter; letters, digits, _ . -"
    )
    eip_affinity: bool | None = Field(default=None, description="Keep one client on one EIP (the API default: off).")

    @field_validator("snat_ips")
    @classmethod
    def _ips(cls, value: list[str]) -> list[str]:
        for index, ip in enumerate(value):
            try:
                ipaddress.IPv4Address(ip)
            except ValueError:
                raise FieldRule(f"snat_ips[{index}]", f"snat_ips[{index}] {shown(ip)} is not an IPv4 address") from None
        if len(set(value)) != len(value):
            raise ValueError("snat_ips lists an address twice")
        return sorted(value)

    @field_validator("source_cidr")
    @classmethod
    def _cidr(cls, value: str | None) -> str | None:
        return None if value is None else check_cidr(value, what="source_cidr", reserved=False)

    @model_validator(mode="after")
    def _one_source(self, info: ValidationInfo) -> SnatEntrySpec:
        if not {"source_vswitch_id", "source_cidr"} & unknown_fields(info):
            if (self.source_vswitch_id is None) == (self.source_cidr is None):
                raise FieldRule("source_vswitch_id", "give exactly one of source_vswitch_id and source_cidr")
        return self
