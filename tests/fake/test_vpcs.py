"""VPCs through the official VPC client: create, describe, modify, delete, life cycle and rules."""

from __future__ import annotations

import pytest
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, create_vpc, create_vswitch, describe_vpc
from .doors import Door, api_error


def test_create_and_describe(door: Door) -> None:
    client = door.vpc()
    body = client.create_vpc(
        vpc.CreateVpcRequest(
            region_id=REGION, cidr_block="10.0.0.0/8", vpc_name="train", description="for training",
            tag=[vpc.CreateVpcRequestTag(key="project", value="dlc")],
        )
    ).body
    assert body.vpc_id.startswith("vpc-bp1") and len(body.vpc_id) == 24
    assert body.vrouter_id.startswith("vrt-") and body.route_table_id.startswith("vtb-")
    assert body.request_id and body.request_id == body.request_id.upper()

    listed = client.describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION, vpc_id=body.vpc_id)).body
    assert listed.total_count == 1 and listed.page_number == 1 and listed.page_size == 10
    item = listed.vpcs.vpc[0]
    assert (item.vpc_id, item.vpc_name, item.cidr_block, item.status) == (body.vpc_id, "train", "10.0.0.0/8",
                                                                          "Available")
    assert item.owner_id == int(door.cloud.settings.accounts[door.config().access_key_id].account_id)
    assert item.tags.tag[0].key == "project" and item.tags.tag[0].value == "dlc"
    assert item.creation_time.endswith("Z") and item.is_default is False

    attribute = describe_vpc(door, body.vpc_id)
    assert attribute.description == "for training" and attribute.v_switch_ids.v_switch_id == []


def test_default_cidr_and_unknown_ids_give_empty_list(door: Door) -> None:
    vpc_id = door.vpc().create_vpc(vpc.CreateVpcRequest(region_id=REGION)).body.vpc_id
    assert describe_vpc(door, vpc_id).cidr_block == "172.16.0.0/12"
    listed = door.vpc().describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION, vpc_id="vpc-unknown")).body
    assert listed.total_count == 0 and listed.vpcs.vpc == []


def test_pagination(door: Door) -> None:
    ids = [create_vpc(door, f"10.{i}.0.0/16", f"vpc-{i}") for i in range(5)]
    client = door.vpc()
    first = client.describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION, page_size=2)).body
    third = client.describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION, page_size=2, page_number=3)).body
    assert first.total_count == 5 and [v.vpc_id for v in first.vpcs.vpc] == ids[:2]
    assert [v.vpc_id for v in third.vpcs.vpc] == ids[4:]
    with api_error("InvalidParameter", 400):
        client.describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION, page_size=51))


@pytest.mark.parametrize(
    ("cidr", "code"),
    [
        ("10.0.0.0/33", "InvalidCidrBlock.Malformed"),
        ("10.0.0.1/16", "InvalidCidrBlock.Malformed"),
        ("not-a-cidr", "InvalidCidrBlock.Malformed"),
        ("100.64.0.0/16", "InvalidCidrBlock.Malformed"),
        ("10.0.0.0/29", "InvalidCirdrBlock.MaskLength"),
        ("10.0.0.0/7", "InvalidCirdrBlock.MaskLength"),
    ],
)
def test_cidr_rules(door: Door, cidr: str, code: str) -> None:
    with api_error(code, 400):
        door.vpc().create_vpc(vpc.CreateVpcRequest(region_id=REGION, cidr_block=cidr))


def test_name_rules_and_dry_run(door: Door) -> None:
    client = door.vpc()
    with api_error("InvalidVpcName.Malformed", 400):
        client.create_vpc(vpc.CreateVpcRequest(region_id=REGION, vpc_name="http://x"))
    with api_error("InvalidVpcName.Malformed", 400):
        client.create_vpc(vpc.CreateVpcRequest(region_id=REGION, vpc_name="x" * 129))
    with api_error("InvalidDescription.Malformed", 400):
        client.create_vpc(vpc.CreateVpcRequest(region_id=REGION, description="https://spam"))
    with api_error("DryRunOperation", 400):
        client.create_vpc(vpc.CreateVpcRequest(region_id=REGION, dry_run=True))
    assert door.cloud.is_empty()


def test_quota(door: Door) -> None:
    for i in range(10):
        create_vpc(door, f"10.{i}.0.0/16")
    with api_error("QuotaExceeded.Vpc", 400):
        create_vpc(door, "10.200.0.0/16")


def test_modify(door: Door) -> None:
    vpc_id = create_vpc(door)
    create_vswitch(door, vpc_id, "10.0.1.0/24")
    client = door.vpc()
    client.modify_vpc_attribute(
        vpc.ModifyVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id, vpc_name="renamed", description="new")
    )
    attribute = describe_vpc(door, vpc_id)
    assert (attribute.vpc_name, attribute.description) == ("renamed", "new")
    client.modify_vpc_attribute(vpc.ModifyVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id, cidr_block="10.0.0.0/8"))
    assert describe_vpc(door, vpc_id).cidr_block == "10.0.0.0/8"
    with api_error("InvalidParameter", 400):  # the new block must still hold the vSwitch
        client.modify_vpc_attribute(
            vpc.ModifyVpcAttributeRequest(region_id=REGION, vpc_id=vpc_id, cidr_block="192.168.0.0/16")
        )
    with api_error("InvalidVpcId.NotFound", 404):
        client.modify_vpc_attribute(vpc.ModifyVpcAttributeRequest(region_id=REGION, vpc_id="vpc-nope", vpc_name="x"))


def test_life_cycle_on_a_manual_clock(door: Door) -> None:
    door.cloud.settings.latency = "manual"
    vpc_id = create_vpc(door)
    assert describe_vpc(door, vpc_id).status == "Pending"
    with api_error("IncorrectVpcStatus", 400):
        door.vpc().delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    door.cloud.clock.advance(2.0)
    assert describe_vpc(door, vpc_id).status == "Available"

    door.vpc().delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    assert describe_vpc(door, vpc_id).status == "Deleting"
    with api_error("IncorrectVpcStatus", 400):
        door.vpc().delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    door.cloud.clock.advance(1.0)
    with api_error("InvalidVpcId.NotFound", 404):
        describe_vpc(door, vpc_id)
    assert door.cloud.is_empty()


def test_delete_errors(door: Door) -> None:
    client = door.vpc()
    with api_error("InvalidVpcId.NotFound", 404):
        client.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id="vpc-missing"))
    with api_error("MissingParameter", 400):
        client.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION))
    vpc_id = create_vpc(door)
    with api_error("DryRunOperation", 400):
        client.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id, dry_run=True))
    assert describe_vpc(door, vpc_id).status == "Available"


def test_regions_are_separate(door: Door) -> None:
    vpc_id = create_vpc(door)
    shanghai = door.vpc(region="cn-shanghai")
    listed = shanghai.describe_vpcs(vpc.DescribeVpcsRequest(region_id="cn-shanghai")).body
    assert listed.total_count == 0
    other = shanghai.create_vpc(vpc.CreateVpcRequest(region_id="cn-shanghai")).body.vpc_id
    assert other.startswith("vpc-uf6") and vpc_id.startswith("vpc-bp1")
    with api_error("InvalidRegionId.NotFound", 404):
        door.vpc().describe_vpcs(vpc.DescribeVpcsRequest(region_id="mars-north-1"))
