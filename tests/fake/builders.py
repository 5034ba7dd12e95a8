"""Small builders of network resources and workspaces through the SDK clients, shared by the fake's tests."""

from __future__ import annotations

from dataclasses import dataclass

from alibabacloud_aiworkspace20210204 import models as ai
from alibabacloud_aiworkspace20210204.client import Client as AiClient
from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_vpc20160428 import models as vpc

from dlc_provider.fake import DEFAULT_REGION

from .doors import Door

REGION = DEFAULT_REGION
ZONE = "cn-hangzhou-h"


def create_vpc(door: Door, cidr: str = "10.0.0.0/16", name: str = "demo-vpc") -> str:
    request = vpc.CreateVpcRequest(region_id=REGION, cidr_block=cidr, vpc_name=name)
    return door.vpc().create_vpc(request).body.vpc_id


def create_vswitch(door: Door, vpc_id: str, cidr: str = "10.0.1.0/24", zone: str = ZONE) -> str:
    request = vpc.CreateVSwitchRequest(region_id=REGION, vpc_id=vpc_id, zone_id=zone, cidr_block=cidr)
    return door.vpc().create_vswitch(request).body.v_switch_id


def create_security_group(door: Door, vpc_id: str, name: str = "demo-sg") -> str:
    request = ecs.CreateSecurityGroupRequest(region_id=REGION, vpc_id=vpc_id, security_group_name=name)
    return door.ecs().create_security_group(request).body.security_group_id


def describe_vpc(door: Door, vpc_id: str) -> vpc.DescribeVpcAttributeResponseBody:
    request = vpc.DescribeVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id)
    return door.vpc().describe_vpc_attribute(request).body


def describe_vswitch(door: Door, vswitch_id: str) -> vpc.DescribeVSwitchAttributesResponseBody:
    request = vpc.DescribeVSwitchAttributesRequest(region_id=REGION, v_switch_id=vswitch_id)
    return door.vpc().describe_vswitch_attributes(request).body


def describe_nat(door: Door, nat_id: str) -> list[vpc.DescribeNatGatewaysResponseBodyNatGatewaysNatGateway]:
    request = vpc.DescribeNatGatewaysRequest(region_id=REGION, nat_gateway_id=nat_id)
    return door.vpc().describe_nat_gateways(request).body.nat_gateways.nat_gateway


def describe_eip(door: Door, allocation_id: str) -> list[vpc.DescribeEipAddressesResponseBodyEipAddressesEipAddress]:
    request = vpc.DescribeEipAddressesRequest(region_id=REGION, allocation_id=allocation_id)
    return door.vpc().describe_eip_addresses(request).body.eip_addresses.eip_address


def describe_snat(door: Door, table_id: str, entry_id: str | None = None) -> list[
    vpc.DescribeSnatTableEntriesResponseBodySnatTableEntriesSnatTableEntry
]:
    request = vpc.DescribeSnatTableEntriesRequest(region_id=REGION, snat_table_id=table_id, snat_entry_id=entry_id)
    return door.vpc().describe_snat_table_entries(request).body.snat_table_entries.snat_table_entry


@dataclass
class Network:
    vpc_id: str
    vswitch_id: str
    nat_id: str
    snat_table_id: str
    allocation_id: str
    eip_address: str


def create_nat(door: Door, vpc_id: str, vswitch_id: str, name: str = "demo-nat") -> tuple[str, str]:
    request = vpc.CreateNatGatewayRequest(
        region_id=REGION, vpc_id=vpc_id, v_switch_id=vswitch_id, nat_type="Enhanced", network_type="internet",
        name=name,
    )
    body = door.vpc().create_nat_gateway(request).body
    return body.nat_gateway_id, body.snat_table_ids.snat_table_id[0]


def allocate_eip(door: Door) -> tuple[str, str]:
    body = door.vpc().allocate_eip_address(vpc.AllocateEipAddressRequest(region_id=REGION)).body
    return body.allocation_id, body.eip_address


def associate(door: Door, allocation_id: str, nat_id: str) -> None:
    request = vpc.AssociateEipAddressRequest(
        region_id=REGION, allocation_id=allocation_id, instance_id=nat_id, instance_type="Nat"
    )
    door.vpc().associate_eip_address(request)


def network_with_bound_eip(door: Door) -> Network:
    """VPC, vSwitch, NAT gateway and an EIP associated with it (instant latency: all settled)."""
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    nat_id, table_id = create_nat(door, vpc_id, vswitch_id)
    allocation_id, address = allocate_eip(door)
    associate(door, allocation_id, nat_id)
    return Network(vpc_id, vswitch_id, nat_id, table_id, allocation_id, address)


def create_snat(door: Door, net: Network, **kwargs: object) -> str:
    fields = {"source_vswitch_id": net.vswitch_id, **kwargs}
    request = vpc.CreateSnatEntryRequest(
        region_id=REGION, snat_table_id=net.snat_table_id, snat_ip=net.eip_address, **fields
    )
    return door.vpc().create_snat_entry(request).body.snat_entry_id


def create_workspace(door: Door, name: str = "train_ws", **kwargs: object) -> str:
    """A new AIWorkspace workspace (jobs may only name workspaces that exist); its ID."""
    fields = {"description": "training", "env_types": ["prod"], **kwargs}
    request = ai.CreateWorkspaceRequest(workspace_name=name, **fields)
    return AiClient(door.config()).create_workspace(request).body.workspace_id
