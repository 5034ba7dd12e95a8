"""The whole networking stack up and back down with SDK clients only, seeing the real statuses.

VPC -> vSwitch -> security group and rule -> NAT gateway -> EIP -> association -> SNAT entry, then
down in the documented order, on a manual clock so every intermediate status is observed. A helper
polls like a provider would (describe, advance the clock a second, describe again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, ZONE, describe_eip, describe_nat, describe_snat, describe_vpc, describe_vswitch
from .doors import Door, api_error

GONE = "<gone>"


def wait_for(door: Door, read: Callable[[], str], target: str, limit_seconds: int = 60) -> list[str]:
    """Poll `read` (a status, or GONE) once per fake second until it is `target`; the statuses seen."""
    seen = [read()]
    for _ in range(limit_seconds):
        if seen[-1] == target:
            return seen
        door.cloud.clock.advance(1)
        seen.append(read())
    raise AssertionError(f"never reached {target}: {seen}")


def status_of(found: list[Any]) -> str:
    """The status of the one item a Describe call found, or GONE when the list is empty."""
    return found[0].status if found else GONE


def distinct(statuses: list[str]) -> list[str]:
    return [s for i, s in enumerate(statuses) if i == 0 or statuses[i - 1] != s]


def test_walk_up_and_down(door: Door) -> None:
    door.cloud.settings.latency = "manual"
    client, ecs_client = door.vpc(), door.ecs()

    def vpc_status(vpc_id: str) -> Callable[[], str]:
        return lambda: status_of(client.describe_vpcs(vpc.DescribeVpcsRequest(
            region_id=REGION, vpc_id=vpc_id)).body.vpcs.vpc)

    def vswitch_status(vswitch_id: str) -> Callable[[], str]:
        return lambda: status_of(client.describe_vswitches(vpc.DescribeVSwitchesRequest(
            region_id=REGION, v_switch_id=vswitch_id)).body.v_switches.v_switch)

    def nat_status(nat_id: str) -> Callable[[], str]:
        return lambda: status_of(describe_nat(door, nat_id))

    def eip_status(allocation_id: str) -> Callable[[], str]:
        return lambda: status_of(describe_eip(door, allocation_id))

    def snat_status(table_id: str, entry_id: str) -> Callable[[], str]:
        return lambda: status_of(describe_snat(door, table_id, entry_id))

    # -- up -------------------------------------------------------------------------------------------------
    vpc_id = client.create_vpc(vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.0.0.0/16",
                                                    vpc_name="walk")).body.vpc_id
    assert distinct(wait_for(door, vpc_status(vpc_id), "Available")) == ["Pending", "Available"]

    vswitch_id = client.create_vswitch(vpc.CreateVSwitchRequest(
        region_id=REGION, vpc_id=vpc_id, zone_id=ZONE, cidr_block="10.0.1.0/24")).body.v_switch_id
    assert distinct(wait_for(door, vswitch_status(vswitch_id), "Available")) == ["Pending", "Available"]

    group_id = ecs_client.create_security_group(ecs.CreateSecurityGroupRequest(
        region_id=REGION, vpc_id=vpc_id, security_group_name="walk-sg")).body.security_group_id
    ecs_client.authorize_security_group(ecs.AuthorizeSecurityGroupRequest(
        region_id=REGION, security_group_id=group_id, permissions=[ecs.AuthorizeSecurityGroupRequestPermissions(
            ip_protocol="tcp", port_range="22/22", source_cidr_ip="10.0.0.0/16")]))
    rule_ids = [p.security_group_rule_id for p in ecs_client.describe_security_group_attribute(
        ecs.DescribeSecurityGroupAttributeRequest(region_id=REGION, security_group_id=group_id)
    ).body.permissions.permission]
    assert len(rule_ids) == 1

    nat = client.create_nat_gateway(vpc.CreateNatGatewayRequest(
        region_id=REGION, vpc_id=vpc_id, v_switch_id=vswitch_id, nat_type="Enhanced", name="walk-nat")).body
    nat_id, table_id = nat.nat_gateway_id, nat.snat_table_ids.snat_table_id[0]
    assert distinct(wait_for(door, nat_status(nat_id), "Available")) == ["Creating", "Available"]

    eip = client.allocate_eip_address(vpc.AllocateEipAddressRequest(region_id=REGION)).body
    assert eip_status(eip.allocation_id)() == "Available"
    client.associate_eip_address(vpc.AssociateEipAddressRequest(
        region_id=REGION, allocation_id=eip.allocation_id, instance_id=nat_id, instance_type="Nat"))
    assert distinct(wait_for(door, eip_status(eip.allocation_id), "InUse")) == ["Associating", "InUse"]

    entry_id = client.create_snat_entry(vpc.CreateSnatEntryRequest(
        region_id=REGION, snat_table_id=table_id, snat_ip=eip.eip_address, source_vswitch_id=vswitch_id,
    )).body.snat_entry_id
    assert distinct(wait_for(door, snat_status(table_id, entry_id), "Available")) == ["Pending", "Available"]
    assert set(door.cloud.dump()["vpc"]) == {"vpcs", "vswitches", "nat_gateways", "eips", "snat_entries"}

    # -- down, in order -------------------------------------------------------------------------------------
    client.delete_snat_entry(vpc.DeleteSnatEntryRequest(region_id=REGION, snat_table_id=table_id,
                                                        snat_entry_id=entry_id))
    assert distinct(wait_for(door, snat_status(table_id, entry_id), GONE)) == ["Deleting", GONE]

    client.unassociate_eip_address(vpc.UnassociateEipAddressRequest(
        region_id=REGION, allocation_id=eip.allocation_id, instance_id=nat_id, instance_type="Nat"))
    assert distinct(wait_for(door, eip_status(eip.allocation_id), "Available")) == ["Unassociating", "Available"]
    client.release_eip_address(vpc.ReleaseEipAddressRequest(region_id=REGION, allocation_id=eip.allocation_id))
    assert distinct(wait_for(door, eip_status(eip.allocation_id), GONE)) == ["Releasing", GONE]

    client.delete_nat_gateway(vpc.DeleteNatGatewayRequest(region_id=REGION, nat_gateway_id=nat_id))
    assert distinct(wait_for(door, nat_status(nat_id), GONE)) == ["Deleting", GONE]

    ecs_client.revoke_security_group(ecs.RevokeSecurityGroupRequest(
        region_id=REGION, security_group_id=group_id, security_group_rule_id=rule_ids))
    ecs_client.delete_security_group(ecs.DeleteSecurityGroupRequest(region_id=REGION, security_group_id=group_id))

    client.delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    assert distinct(wait_for(door, vswitch_status(vswitch_id), GONE)) == ["Pending", GONE]
    client.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    assert distinct(wait_for(door, vpc_status(vpc_id), GONE)) == ["Deleting", GONE]

    assert door.cloud.is_empty()
    assert door.cloud.dump() == {}
    with api_error("InvalidVpcId.NotFound", 404):
        describe_vpc(door, vpc_id)
    with api_error("InvalidVSwitchId.NotFound", 404):
        describe_vswitch(door, vswitch_id)
    assert all(entry.ok for entry in door.cloud.journal if entry.action.startswith(("Create", "Delete")))
