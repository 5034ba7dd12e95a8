"""NAT gateways through the official VPC client: create, describe, modify, delete, life cycle, rules."""

from __future__ import annotations

from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, create_nat, create_vpc, create_vswitch, describe_nat, describe_vswitch
from .doors import Door, api_error


def test_create_describe_modify_delete(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    body = door.vpc().create_nat_gateway(vpc.CreateNatGatewayRequest(
        region_id=REGION, vpc_id=vpc_id, v_switch_id=vswitch_id, nat_type="Enhanced", network_type="internet",
        internet_charge_type="PayByLcu", name="egress", description="for pulls",
        access_mode=vpc.CreateNatGatewayRequestAccessMode(mode_value="route"),
        tag=[vpc.CreateNatGatewayRequestTag(key="project", value="dlc")],
    )).body
    assert body.nat_gateway_id.startswith("ngw-")
    assert body.snat_table_ids.snat_table_id[0].startswith("stb-")
    assert body.forward_table_ids.forward_table_id[0].startswith("ftb-")
    assert body.full_nat_table_ids.full_nat_table_id[0].startswith("fulltb-")

    (nat,) = describe_nat(door, body.nat_gateway_id)
    assert (nat.name, nat.description, nat.vpc_id, nat.status, nat.nat_type, nat.network_type) == (
        "egress", "for pulls", vpc_id, "Available", "Enhanced", "internet")
    assert nat.nat_gateway_private_info.vswitch_id == vswitch_id
    assert nat.business_status == "Normal" and nat.eip_bind_mode == "MULTI_BINDED"
    assert nat.snat_table_ids.snat_table_id == body.snat_table_ids.snat_table_id
    assert nat.ip_lists.ip_list == [] and nat.access_mode.mode_value == "route"
    assert nat.tags.tag[0].tag_key == "project"
    assert describe_vswitch(door, vswitch_id).available_ip_address_count == 251  # the NAT's ENI

    by_vpc = door.vpc().describe_nat_gateways(vpc.DescribeNatGatewaysRequest(region_id=REGION, vpc_id="vpc-other"))
    assert by_vpc.body.total_count == 0

    door.vpc().modify_nat_gateway_attribute(vpc.ModifyNatGatewayAttributeRequest(
        region_id=REGION, nat_gateway_id=body.nat_gateway_id, name="renamed", icmp_reply_enabled=False))
    (nat,) = describe_nat(door, body.nat_gateway_id)
    assert nat.name == "renamed" and nat.icmp_reply_enabled is False

    door.vpc().delete_nat_gateway(vpc.DeleteNatGatewayRequest(region_id=REGION, nat_gateway_id=body.nat_gateway_id))
    assert describe_nat(door, body.nat_gateway_id) == []


def test_validation(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    other_vswitch = create_vswitch(door, create_vpc(door, "192.168.0.0/16"), "192.168.1.0/24")
    with api_error("IllegalParam.Name", 400):
        create_nat(door, vpc_id, vswitch_id, name="9lives")
    with api_error("InvalidParameter", 400):
        create_nat(door, vpc_id, other_vswitch)
    with api_error("InvalidVSwitchId.NotFound", 404):
        create_nat(door, vpc_id, "vsw-missing")
    with api_error("MissingParameter", 400):
        door.vpc().create_nat_gateway(vpc.CreateNatGatewayRequest(region_id=REGION, vpc_id=vpc_id))
    with api_error("InvalidNatGatewayId.NotFound", 404):
        door.vpc().delete_nat_gateway(vpc.DeleteNatGatewayRequest(region_id=REGION, nat_gateway_id="ngw-missing"))


def test_life_cycle_on_a_manual_clock(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    door.cloud.settings.latency = "manual"
    nat_id, _ = create_nat(door, vpc_id, vswitch_id)
    assert describe_nat(door, nat_id)[0].status == "Creating"
    with api_error("IncorrectStatus.NatGateway", 400):
        door.vpc().delete_nat_gateway(vpc.DeleteNatGatewayRequest(region_id=REGION, nat_gateway_id=nat_id))
    door.cloud.clock.advance(19)
    assert describe_nat(door, nat_id)[0].status == "Creating"
    door.cloud.clock.advance(1)
    assert describe_nat(door, nat_id)[0].status == "Available"

    door.vpc().modify_nat_gateway_attribute(vpc.ModifyNatGatewayAttributeRequest(
        region_id=REGION, nat_gateway_id=nat_id, description="changed"))
    assert describe_nat(door, nat_id)[0].status == "Modifying"
    door.cloud.clock.advance(1)
    door.vpc().delete_nat_gateway(vpc.DeleteNatGatewayRequest(region_id=REGION, nat_gateway_id=nat_id))
    assert describe_nat(door, nat_id)[0].status == "Deleting"
    with api_error("DependencyViolation.EnhancedNatgw", 400):  # still there while Deleting
        door.vpc().delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    door.cloud.clock.advance(5)
    assert describe_nat(door, nat_id) == []
    door.vpc().delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
