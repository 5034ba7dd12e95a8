"""Out-of-order deletes get the real errors, and nothing is removed by a refused delete."""

from __future__ import annotations

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, create_security_group, create_snat, create_vpc, describe_eip, network_with_bound_eip
from .doors import Door, api_error


def test_out_of_order_deletes(door: Door) -> None:
    net = network_with_bound_eip(door)
    entry_id = create_snat(door, net)
    group_id = create_security_group(door, net.vpc_id)
    client = door.vpc()

    with api_error("DependencyViolation.VSwitch", 400):
        client.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=net.vpc_id))
    with api_error("DependencyViolation.SnatEntry", 400):
        client.delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=net.vswitch_id))
    with api_error("DependencyViolation.SnatEntry", 400):
        client.delete_nat_gateway(vpc.DeleteNatGatewayRequest(region_id=REGION, nat_gateway_id=net.nat_id))
    with api_error("InvalidIpStatus.HasBeenUsedBySnatTable", 400):
        client.unassociate_eip_address(vpc.UnassociateEipAddressRequest(
            region_id=REGION, allocation_id=net.allocation_id, instance_id=net.nat_id, instance_type="Nat"))
    with api_error("IncorrectEipStatus", 400):
        client.release_eip_address(vpc.ReleaseEipAddressRequest(region_id=REGION, allocation_id=net.allocation_id))

    client.delete_snat_entry(vpc.DeleteSnatEntryRequest(region_id=REGION, snat_table_id=net.snat_table_id,
                                                        snat_entry_id=entry_id))
    with api_error("DependencyViolation.EIPS", 400):
        client.delete_nat_gateway(vpc.DeleteNatGatewayRequest(region_id=REGION, nat_gateway_id=net.nat_id))
    with api_error("DependencyViolation.EnhancedNatgw", 400):
        client.delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=net.vswitch_id))

    client.unassociate_eip_address(vpc.UnassociateEipAddressRequest(region_id=REGION,
                                                                    allocation_id=net.allocation_id))
    client.release_eip_address(vpc.ReleaseEipAddressRequest(region_id=REGION, allocation_id=net.allocation_id))
    client.delete_nat_gateway(vpc.DeleteNatGatewayRequest(region_id=REGION, nat_gateway_id=net.nat_id))
    client.delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=net.vswitch_id))

    with api_error("DependencyViolation.SecurityGroup", 400):
        client.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=net.vpc_id))
    door.ecs().delete_security_group(ecs.DeleteSecurityGroupRequest(region_id=REGION, security_group_id=group_id))
    client.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=net.vpc_id))
    assert door.cloud.is_empty()


def test_force_delete_of_a_nat_gateway(door: Door) -> None:
    net = network_with_bound_eip(door)
    create_snat(door, net)
    door.vpc().delete_nat_gateway(vpc.DeleteNatGatewayRequest(region_id=REGION, nat_gateway_id=net.nat_id,
                                                              force=True))
    (eip,) = describe_eip(door, net.allocation_id)
    assert (eip.status, eip.instance_id) == ("Available", "")
    assert "snat_entries" not in door.cloud.dump()["vpc"]


def test_force_unassociate_drops_the_snat_entry(door: Door) -> None:
    net = network_with_bound_eip(door)
    create_snat(door, net)
    door.vpc().unassociate_eip_address(vpc.UnassociateEipAddressRequest(
        region_id=REGION, allocation_id=net.allocation_id, force=True))
    assert "snat_entries" not in door.cloud.dump()["vpc"]
    assert create_vpc(door, "192.168.0.0/16")  # the fake still takes work after all that
