"""Security groups and rules through the official ECS client."""

from __future__ import annotations

import pytest
from alibabacloud_ecs20140526 import models as ecs

from .builders import REGION, create_security_group, create_vpc
from .doors import Door, api_error

Ingress = ecs.AuthorizeSecurityGroupRequestPermissions
Egress = ecs.AuthorizeSecurityGroupEgressRequestPermissions


Permission = ecs.DescribeSecurityGroupAttributeResponseBodyPermissionsPermission


def rules_of(door: Door, group_id: str, direction: str = "all") -> list[Permission]:
    request = ecs.DescribeSecurityGroupAttributeRequest(region_id=REGION, security_group_id=group_id,
                                                        direction=direction)
    return door.ecs().describe_security_group_attribute(request).body.permissions.permission


def authorize(door: Door, group_id: str, *permissions: Ingress) -> None:
    request = ecs.AuthorizeSecurityGroupRequest(region_id=REGION, security_group_id=group_id,
                                                permissions=list(permissions))
    door.ecs().authorize_security_group(request)


def test_create_describe_modify(door: Door) -> None:
    vpc_id = create_vpc(door)
    client = door.ecs()
    group_id = client.create_security_group(ecs.CreateSecurityGroupRequest(
        region_id=REGION, vpc_id=vpc_id, security_group_name="dlc:workers_1.a", description="training workers",
        tag=[ecs.CreateSecurityGroupRequestTag(key="project", value="dlc")],
    )).body.security_group_id
    assert group_id.startswith("sg-bp1")

    listed = client.describe_security_groups(ecs.DescribeSecurityGroupsRequest(
        region_id=REGION, security_group_ids=f'["{group_id}"]')).body
    assert listed.total_count == 1 and listed.region_id == REGION
    group = listed.security_groups.security_group[0]
    assert (group.vpc_id, group.security_group_name, group.security_group_type) == (vpc_id, "dlc:workers_1.a",
                                                                                    "normal")
    assert group.tags.tag[0].tag_key == "project"

    client.modify_security_group_attribute(ecs.ModifySecurityGroupAttributeRequest(
        region_id=REGION, security_group_id=group_id, security_group_name="renamed", description="new words"))
    attribute = client.describe_security_group_attribute(ecs.DescribeSecurityGroupAttributeRequest(
        region_id=REGION, security_group_id=group_id)).body
    assert (attribute.security_group_name, attribute.description, attribute.vpc_id) == ("renamed", "new words",
                                                                                        vpc_id)
    assert attribute.inner_access_policy == "Accept" and attribute.permissions.permission == []

    empty = client.describe_security_groups(ecs.DescribeSecurityGroupsRequest(
        region_id=REGION, security_group_id="sg-unknown")).body
    assert empty.total_count == 0 and empty.security_groups.security_group == []


def test_next_token_paging(door: Door) -> None:
    vpc_id = create_vpc(door)
    ids = [create_security_group(door, vpc_id, f"group{i}") for i in range(3)]
    client = door.ecs()
    first = client.describe_security_groups(ecs.DescribeSecurityGroupsRequest(region_id=REGION, max_results=2)).body
    assert [g.security_group_id for g in first.security_groups.security_group] == ids[:2] and first.next_token
    second = client.describe_security_groups(ecs.DescribeSecurityGroupsRequest(
        region_id=REGION, max_results=2, next_token=first.next_token)).body
    assert [g.security_group_id for g in second.security_groups.security_group] == ids[2:]
    assert second.next_token == ""


def test_rules_authorize_dedupe_and_revoke(door: Door) -> None:
    group_id = create_security_group(door, create_vpc(door))
    ssh = Ingress(ip_protocol="tcp", port_range="22/22", source_cidr_ip="10.0.0.0/8", priority="1", policy="accept")
    icmp = Ingress(ip_protocol="ICMP", port_range="-1/-1", source_cidr_ip="0.0.0.0/0", policy="drop",
                   priority="100", description="no ping")
    authorize(door, group_id, ssh, icmp)
    authorize(door, group_id, ssh)  # identical: accepted, not added twice
    door.ecs().authorize_security_group_egress(ecs.AuthorizeSecurityGroupEgressRequest(
        region_id=REGION, security_group_id=group_id,
        permissions=[Egress(ip_protocol="all", port_range="-1/-1", dest_cidr_ip="0.0.0.0/0")]))

    rules = rules_of(door, group_id)
    assert len(rules) == 3
    first = rules[0]
    assert (first.direction, first.ip_protocol, first.port_range, first.policy, first.priority, first.nic_type) == (
        "ingress", "TCP", "22/22", "Accept", "1", "intranet")
    assert first.security_group_rule_id.startswith("sgr-")
    assert rules[1].policy == "Drop" and rules[1].description == "no ping"
    assert [r.direction for r in rules_of(door, group_id, "egress")] == ["egress"]

    door.ecs().revoke_security_group(ecs.RevokeSecurityGroupRequest(
        region_id=REGION, security_group_id=group_id, security_group_rule_id=[first.security_group_rule_id]))
    door.ecs().revoke_security_group(ecs.RevokeSecurityGroupRequest(
        region_id=REGION, security_group_id=group_id,
        permissions=[ecs.RevokeSecurityGroupRequestPermissions(
            ip_protocol="icmp", port_range="-1/-1", source_cidr_ip="0.0.0.0/0", policy="drop", priority="100")]))
    (egress,) = rules_of(door, group_id)
    assert egress.direction == "egress" and egress.dest_cidr_ip == "0.0.0.0/0"
    door.ecs().revoke_security_group_egress(ecs.RevokeSecurityGroupEgressRequest(
        region_id=REGION, security_group_id=group_id, security_group_rule_id=[egress.security_group_rule_id]))
    assert rules_of(door, group_id) == []

    with api_error("InvalidSecurityGroupRuleId.NotFound", 404):
        door.ecs().revoke_security_group(ecs.RevokeSecurityGroupRequest(
            region_id=REGION, security_group_id=group_id, security_group_rule_id=[first.security_group_rule_id]))
    with api_error("InvalidSecurityGroupRule.RuleNotExist", 404):
        door.ecs().revoke_security_group(ecs.RevokeSecurityGroupRequest(
            region_id=REGION, security_group_id=group_id,
            permissions=[ecs.RevokeSecurityGroupRequestPermissions(
                ip_protocol="udp", port_range="53/53", source_cidr_ip="0.0.0.0/0")]))


@pytest.mark.parametrize(
    ("permission", "code"),
    [
        (Ingress(ip_protocol="tcp", port_range="0/22", source_cidr_ip="0.0.0.0/0"), "InvalidPortRange.Malformed"),
        (Ingress(ip_protocol="tcp", port_range="80/22", source_cidr_ip="0.0.0.0/0"), "InvalidPortRange.Malformed"),
        (Ingress(ip_protocol="icmp", port_range="1/2", source_cidr_ip="0.0.0.0/0"), "InvalidPortRange.Malformed"),
        (Ingress(ip_protocol="sctp", port_range="1/2", source_cidr_ip="0.0.0.0/0"), "InvalidIpProtocol.Malformed"),
        (Ingress(ip_protocol="tcp", port_range="1/2", source_cidr_ip="0.0.0.0/0", policy="maybe"),
         "InvalidPolicy.Malformed"),
        (Ingress(ip_protocol="tcp", port_range="1/2", source_cidr_ip="0.0.0.0/0", priority="101"),
         "InvalidPriority.ValueNotSupported"),
        (Ingress(ip_protocol="tcp", port_range="1/2", source_cidr_ip="10.0.0.300/8"), "InvalidSourceCidrIp.Malformed"),
        (Ingress(ip_protocol="tcp", port_range="1/2"), "MissingParameter"),
        (Ingress(ip_protocol="tcp", port_range="1/2", source_group_id="sg-missing"), "InvalidSourceGroupId.NotFound"),
    ],
)
def test_rule_validation(door: Door, permission: Ingress, code: str) -> None:
    group_id = create_security_group(door, create_vpc(door))
    with api_error(code):
        authorize(door, group_id, permission)
    assert rules_of(door, group_id) == []


def test_create_validation(door: Door) -> None:
    vpc_id = create_vpc(door)
    with api_error("InvalidSecurityGroupName.Malformed", 400):
        create_security_group(door, vpc_id, "1starts-with-digit")
    with api_error("InvalidSecurityGroupDiscription.Malformed", 400):
        door.ecs().create_security_group(ecs.CreateSecurityGroupRequest(region_id=REGION, vpc_id=vpc_id,
                                                                        description="x"))
    with api_error("InvalidVpcId.NotFound", 404):
        create_security_group(door, "vpc-missing")


def test_delete_and_references(door: Door) -> None:
    vpc_id = create_vpc(door)
    target = create_security_group(door, vpc_id, "target")
    user = create_security_group(door, vpc_id, "user")
    authorize(door, user, Ingress(ip_protocol="tcp", port_range="1/65535", source_group_id=target))
    assert rules_of(door, user)[0].source_group_name == "target"
    with api_error("DependencyViolation", 403):
        door.ecs().delete_security_group(ecs.DeleteSecurityGroupRequest(region_id=REGION, security_group_id=target))
    door.ecs().delete_security_group(ecs.DeleteSecurityGroupRequest(region_id=REGION, security_group_id=user))
    door.ecs().delete_security_group(ecs.DeleteSecurityGroupRequest(region_id=REGION, security_group_id=target))
    with api_error("InvalidSecurityGroupId.NotFound", 404):
        door.ecs().delete_security_group(ecs.DeleteSecurityGroupRequest(region_id=REGION, security_group_id=target))
    with api_error("InvalidSecurityGroupId.NotFound", 404):
        rules_of(door, target)
