"""The VPC service's resources as plain dataclasses (ID, status and life cycle come from `Resource`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...core.backend import Resource
from ...core.tagging import TaggedResource


@dataclass
class Vpc(TaggedResource):
    cidr_block: str = ""
    name: str = ""
    description: str = ""
    vrouter_id: str = ""
    route_table_id: str = ""
    resource_group_id: str = ""
    user_cidrs: list[str] = field(default_factory=list)
    enabled_ipv6: bool = False
    dns_hostname_enabled: bool = False
    is_default: bool = False


@dataclass
class VSwitch(TaggedResource):
    vpc_id: str = ""
    zone_id: str = ""
    cidr_block: str = ""
    name: str = ""
    description: str = ""
    route_table_id: str = ""
    resource_group_id: str = ""
    is_default: bool = False


@dataclass
class NatGateway(TaggedResource):
    vpc_id: str = ""
    vswitch_id: str = ""
    zone_id: str = ""
    name: str = ""
    description: str = ""
    nat_type: str = "Enhanced"
    network_type: str = "internet"
    internet_charge_type: str = "PayByLcu"
    instance_charge_type: str = "PostPaid"
    eip_bind_mode: str = "MULTI_BINDED"
    icmp_reply_enabled: bool = True
    access_mode: dict[str, Any] | None = None
    snat_table_id: str = ""
    forward_table_id: str = ""
    full_nat_table_id: str = ""
    private_ip_address: str = ""
    eni_id: str = ""
    resource_group_id: str = ""


@dataclass
class Eip(TaggedResource):
    ip_address: str = ""
    name: str = ""
    description: str = ""
    bandwidth: int = 5
    internet_charge_type: str = "PayByBandwidth"
    instance_charge_type: str = "PostPaid"
    isp: str = "BGP"
    netmode: str = "public"
    instance_id: str = ""
    instance_type: str = ""
    mode: str = ""
    private_ip_address: str = ""
    resource_group_id: str = ""


@dataclass
class SnatEntry(Resource):
    snat_table_id: str = ""
    nat_gateway_id: str = ""
    snat_ips: list[str] = field(default_factory=list)
    source_cidr: str = ""
    source_vswitch_id: str = ""
    name: str = ""
    eip_affinity: int = 0
