"""vSwitches through the official VPC client: CIDR rules, zones, names, life cycle, describe and delete."""

from __future__ import annotations

import time

import pytest
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, ZONE, create_vpc, create_vswitch, describe_vpc, describe_vswitch
from .doors import Door, api_error


def test_create_describe_modify_delete(door: Door) -> None:
    vpc_id = create_vpc(door)
    client = door.vpc()
    vswitch_id = client.create_vswitch(
        vpc.CreateVSwitchRequest(region_id=REGION, vpc_id=vpc_id, zone_id=ZONE, cidr_block="10.0.1.0/24",
                                 v_switch_name="train-a", description="workers")
    ).body.v_switch_id
    assert vswitch_id.startswith("vsw-bp1")

    attribute = describe_vswitch(door, vswitch_id)
    assert (attribute.vpc_id, attribute.zone_id, attribute.cidr_block, attribute.status) == (
        vpc_id, ZONE, "10.0.1.0/24", "Available")
    assert attribute.available_ip_address_count == 252
    assert attribute.route_table.route_table_type == "System"
    assert attribute.route_table.route_table_id.startswith("vtb-")
    assert describe_vpc(door, vpc_id).v_switch_ids.v_switch_id == [vswitch_id]

    listed = client.describe_vswitches(vpc.DescribeVSwitchesRequest(region_id=REGION, vpc_id=vpc_id)).body
    assert listed.total_count == 1 and listed.v_switches.v_switch[0].v_switch_name == "train-a"
    by_zone = client.describe_vswitches(vpc.DescribeVSwitchesRequest(region_id=REGION, zone_id="cn-hangzhou-i"))
    assert by_zone.body.total_count == 0

    client.modify_vswitch_attribute(
        vpc.ModifyVSwitchAttributeRequest(region_id=REGION, v_switch_id=vswitch_id, v_switch_name="renamed")
    )
    assert describe_vswitch(door, vswitch_id).v_switch_name == "renamed"

    client.delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    with api_error("InvalidVSwitchId.NotFound", 404):
        describe_vswitch(door, vswitch_id)


def test_cidr_mask_picks_a_free_block(door: Door) -> None:
    vpc_id = create_vpc(door)
    create_vswitch(door, vpc_id, "10.0.0.0/24")
    request = vpc.CreateVSwitchRequest(region_id=REGION, vpc_id=vpc_id, zone_id=ZONE, cidr_mask=24)
    vswitch_id = door.vpc().create_vswitch(request).body.v_switch_id
    assert describe_vswitch(door, vswitch_id).cidr_block == "10.0.1.0/24"


@pytest.mark.parametrize(
    ("cidr", "code"),
    [
        ("192.168.0.0/24", "InvalidParameter"),  # outside the VPC
        ("10.0.1.128/25", "InvalidCidrBlock.Overlapped"),
        ("10.0.0.0/30", "InvalidCirdrBlock.MaskLength"),
        ("10.0.0.0/15", "InvalidCirdrBlock.MaskLength"),
        ("10.0.300.0/24", "InvalidCidrBlock.Malformed"),
    ],
)
def test_cidr_rules(door: Door, cidr: str, code: str) -> None:
    vpc_id = create_vpc(door)
    create_vswitch(door, vpc_id, "10.0.1.0/24")
    with api_error(code, 400):
        create_vswitch(door, vpc_id, cidr)


def test_zone_name_and_vpc_rules(door: Door) -> None:
    vpc_id = create_vpc(door)
    with api_error("InvalidZoneId.NotFound", 400):
        create_vswitch(door, vpc_id, zone="cn-shanghai-a")
    with api_error("InvalidVSwitchName.Malformed", 400):
        door.vpc().create_vswitch(vpc.CreateVSwitchRequest(
            region_id=REGION, vpc_id=vpc_id, zone_id=ZONE, cidr_block="10.0.1.0/24", v_switch_name="https://x"))
    with api_error("InvalidVpcId.NotFound", 404):
        create_vswitch(door, "vpc-missing")
    with api_error("MissingParameter", 400):
        door.vpc().create_vswitch(vpc.CreateVSwitchRequest(region_id=REGION, vpc_id=vpc_id, cidr_block="10.0.1.0/24"))


def test_life_cycle_on_a_manual_clock(door: Door) -> None:
    door.cloud.settings.latency = "manual"
    vpc_id = create_vpc(door)
    with api_error("IncorrectVpcStatus", 400):  # the VPC is still Pending
        create_vswitch(door, vpc_id)
    door.cloud.clock.advance(2)
    vswitch_id = create_vswitch(door, vpc_id)
    assert describe_vswitch(door, vswitch_id).status == "Pending"
    with api_error("IncorrectVSwitchStatus", 400):
        door.vpc().delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    door.cloud.clock.advance(2)
    assert describe_vswitch(door, vswitch_id).status == "Available"
    door.vpc().delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    assert describe_vswitch(door, vswitch_id).status == "Pending"
    door.cloud.clock.advance(1)
    with api_error("InvalidVSwitchId.NotFound", 404):
        describe_vswitch(door, vswitch_id)


def test_realistic_latency_runs_on_the_wall_clock(door: Door) -> None:
    door.cloud.settings.latency = "realistic"
    door.cloud.settings.latency_factor = 0.01  # 2 s become 20 ms
    vpc_id = create_vpc(door)
    assert describe_vpc(door, vpc_id).status == "Pending"
    time.sleep(0.05)
    assert describe_vpc(door, vpc_id).status == "Available"
