"""Tags through the official clients: VPC TagResources / UnTagResources / ListTagResources, ECS
TagResources / UntagResources / ListTagResources (one tagging service behind both), and the `Tag.N` filters
of the Describe calls."""

from __future__ import annotations

import pytest
from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, allocate_eip, create_nat, create_security_group, create_vpc, create_vswitch
from .doors import Door, api_error


def _tag(door: Door, resource_type: str, resource_id: str, **tags: str) -> None:
    door.vpc().tag_resources(vpc.TagResourcesRequest(
        region_id=REGION, resource_type=resource_type, resource_id=[resource_id],
        tag=[vpc.TagResourcesRequestTag(key=k, value=v) for k, v in tags.items()]))


def _vpc_tags(door: Door, vpc_id: str) -> dict[str, str]:
    (item,) = door.vpc().describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION, vpc_id=vpc_id)).body.vpcs.vpc
    return {t.key: t.value for t in item.tags.tag}


def test_vpc_tag_untag_and_list(door: Door) -> None:
    vpc_id = create_vpc(door)
    _tag(door, "VPC", vpc_id, team="ml", env="dev")
    _tag(door, "VPC", vpc_id, env="prod", owner="me")  # adds and overwrites
    assert _vpc_tags(door, vpc_id) == {"team": "ml", "env": "prod", "owner": "me"}

    door.vpc().un_tag_resources(vpc.UnTagResourcesRequest(
        region_id=REGION, resource_type="VPC", resource_id=[vpc_id], tag_key=["env", "absent"]))
    assert _vpc_tags(door, vpc_id) == {"team": "ml", "owner": "me"}

    listed = door.vpc().list_tag_resources(vpc.ListTagResourcesRequest(
        region_id=REGION, resource_type="VPC", resource_id=[vpc_id])).body.tag_resources.tag_resource
    assert sorted((t.resource_id, t.resource_type, t.tag_key, t.tag_value) for t in listed) == [
        (vpc_id, "VPC", "owner", "me"), (vpc_id, "VPC", "team", "ml")]

    door.vpc().un_tag_resources(vpc.UnTagResourcesRequest(
        region_id=REGION, resource_type="VPC", resource_id=[vpc_id], all=True))
    assert _vpc_tags(door, vpc_id) == {}


def test_every_vpc_resource_type_is_taggable_and_filterable(door: Door) -> None:
    vpc_id = create_vpc(door)
    other_vpc = create_vpc(door, cidr="10.1.0.0/16")
    vswitch_id = create_vswitch(door, vpc_id)
    create_vswitch(door, vpc_id, cidr="10.0.2.0/24")
    nat_id, _ = create_nat(door, vpc_id, vswitch_id)
    allocation_id, _ = allocate_eip(door)
    allocate_eip(door)
    for resource_type, resource_id in (("VPC", vpc_id), ("VSWITCH", vswitch_id), ("NATGATEWAY", nat_id),
                                       ("EIP", allocation_id)):
        _tag(door, resource_type, resource_id, pick="yes")
    _tag(door, "VPC", other_vpc, pick="no")
    yes = [vpc.DescribeVpcsRequestTag(key="pick", value="yes")]

    vpcs = door.vpc().describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION, tag=yes)).body.vpcs.vpc
    assert [v.vpc_id for v in vpcs] == [vpc_id]
    by_key = door.vpc().describe_vpcs(vpc.DescribeVpcsRequest(
        region_id=REGION, tag=[vpc.DescribeVpcsRequestTag(key="pick")])).body
    assert by_key.total_count == 2
    vswitches = door.vpc().describe_vswitches(vpc.DescribeVSwitchesRequest(
        region_id=REGION, tag=[vpc.DescribeVSwitchesRequestTag(key="pick", value="yes")])).body.v_switches.v_switch
    assert [v.v_switch_id for v in vswitches] == [vswitch_id]
    nats = door.vpc().describe_nat_gateways(vpc.DescribeNatGatewaysRequest(
        region_id=REGION, tag=[vpc.DescribeNatGatewaysRequestTag(key="pick", value="yes")])).body
    assert [n.nat_gateway_id for n in nats.nat_gateways.nat_gateway] == [nat_id]
    assert door.vpc().describe_nat_gateways(vpc.DescribeNatGatewaysRequest(
        region_id=REGION, tag=[vpc.DescribeNatGatewaysRequestTag(key="pick", value="no")])).body.total_count == 0
    eips = door.vpc().describe_eip_addresses(vpc.DescribeEipAddressesRequest(
        region_id=REGION, tag=[vpc.DescribeEipAddressesRequestTag(key="pick", value="yes")])).body
    assert [e.allocation_id for e in eips.eip_addresses.eip_address] == [allocation_id]


def test_vpc_tag_errors(door: Door) -> None:
    vpc_id = create_vpc(door)
    with api_error("InvalidResourceId.NotFound", 404):
        _tag(door, "VPC", "vpc-unknown", a="1")
    with api_error("InvalidResourceId.NotFound", 404):
        door.vpc().un_tag_resources(vpc.UnTagResourcesRequest(
            region_id=REGION, resource_type="EIP", resource_id=[vpc_id], tag_key=["a"]))
    with api_error("IllegalParam.TagKey", 400):
        _tag(door, "VPC", vpc_id, **{"aliyun-x": "1"})
    with api_error("IllegalParam.TagKey", 400):
        _tag(door, "VPC", vpc_id, **{"acs:x": "1"})
    _tag(door, "VPC", vpc_id, **{f"k{i}": "v" for i in range(20)})
    with api_error("QuotaExceed.TagNum", 400):
        _tag(door, "VPC", vpc_id, extra="1")
    with api_error("InvalidResourceType.NotFound", 400):
        _tag(door, "ROUTETABLE", vpc_id, a="1")
    assert len(_vpc_tags(door, vpc_id)) == 20


def _group_tags(door: Door, group_id: str) -> dict[str, str]:
    (group,) = door.ecs().describe_security_groups(ecs.DescribeSecurityGroupsRequest(
        region_id=REGION, security_group_id=group_id)).body.security_groups.security_group
    return {t.tag_key: t.tag_value for t in group.tags.tag}


def _tag_group(door: Door, group_id: str, **tags: str) -> None:
    door.ecs().tag_resources(ecs.TagResourcesRequest(
        region_id=REGION, resource_type="securitygroup", resource_id=[group_id],
        tag=[ecs.TagResourcesRequestTag(key=k, value=v) for k, v in tags.items()]))


def test_security_group_tag_untag_and_filter(door: Door) -> None:
    vpc_id = create_vpc(door)
    group_id = create_security_group(door, vpc_id)
    other = create_security_group(door, vpc_id, name="other-sg")
    _tag_group(door, group_id, team="ml", env="dev")
    _tag_group(door, group_id, env="prod")
    assert _group_tags(door, group_id) == {"team": "ml", "env": "prod"}

    door.ecs().untag_resources(ecs.UntagResourcesRequest(
        region_id=REGION, resource_type="securitygroup", resource_id=[group_id], tag_key=["team"]))
    assert _group_tags(door, group_id) == {"env": "prod"}

    found = door.ecs().describe_security_groups(ecs.DescribeSecurityGroupsRequest(
        region_id=REGION, tag=[ecs.DescribeSecurityGroupsRequestTag(key="env", value="prod")])).body
    assert [g.security_group_id for g in found.security_groups.security_group] == [group_id]
    assert other != group_id

    door.ecs().untag_resources(ecs.UntagResourcesRequest(
        region_id=REGION, resource_type="securitygroup", resource_id=[group_id], all=True))
    assert _group_tags(door, group_id) == {}


@pytest.mark.parametrize(("group", "key", "code", "status"), [
    ("sg-unknown", "ok", "InvalidResourceId.NotFound", 404),
    (None, "aliyun-x", "InvalidTagKey.Malformed", 400),
    (None, "acs:x", "InvalidTagKey.Malformed", 400),
])
def test_security_group_tag_errors(door: Door, group: str | None, key: str, code: str, status: int) -> None:
    group_id = group or create_security_group(door, create_vpc(door))
    with api_error(code, status):
        _tag_group(door, group_id, **{key: "1"})


def test_security_group_tag_limit(door: Door) -> None:
    group_id = create_security_group(door, create_vpc(door))
    _tag_group(door, group_id, **{f"k{i}": "v" for i in range(20)})
    with api_error("InvalidTagCount", 400):
        _tag_group(door, group_id, extra="1")
    assert len(_group_tags(door, group_id)) == 20


def test_security_group_list_tag_resources_filters_and_pages(door: Door) -> None:
    vpc_id = create_vpc(door)
    groups = [create_security_group(door, vpc_id, name=f"sg-{i}") for i in range(3)]
    for group_id in groups:
        _tag_group(door, group_id, **{f"k{i}": "v" for i in range(20)})
    _tag_group(door, groups[0], k0="first")

    def listed(**kwargs: object) -> ecs.ListTagResourcesResponseBody:
        return door.ecs().list_tag_resources(ecs.ListTagResourcesRequest(
            region_id=REGION, resource_type="securitygroup", **kwargs)).body

    only = listed(tag=[ecs.ListTagResourcesRequestTag(key="k0", value="first")])
    rows = only.tag_resources.tag_resource
    assert {r.resource_id for r in rows} == {groups[0]} and len(rows) == 20 and not only.next_token
    assert {r.resource_type for r in rows} == {"securitygroup"}

    seen, token, pages = [], None, 0
    while True:
        body = listed(resource_id=groups, next_token=token)
        seen += [(r.resource_id, r.tag_key) for r in body.tag_resources.tag_resource]
        pages, token = pages + 1, body.next_token
        if not token:
            break
    assert pages == 2 and len(seen) == len(set(seen)) == 60

    with api_error("InvalidParameter", 400):
        listed(resource_id=groups, next_token="60")  # past the end: not a token this listing handed out
    with api_error("InvalidResourceType.NotFound", 400):
        door.ecs().list_tag_resources(ecs.ListTagResourcesRequest(
            region_id=REGION, resource_type="vpc", resource_id=groups))
