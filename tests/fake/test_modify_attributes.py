"""In-place modifications through the official clients: VPC ModifyEipAddressAttribute, ECS
ModifySecurityGroupRule / ModifySecurityGroupEgressRule."""

from __future__ import annotations

import pytest
from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, create_security_group, create_vpc, describe_eip
from .doors import Door, api_error


def _allocate(door: Door, charge: str) -> str:
    return door.vpc().allocate_eip_address(vpc.AllocateEipAddressRequest(
        region_id=REGION, bandwidth="10", internet_charge_type=charge, name="egress-ip")).body.allocation_id


def _modify_eip(door: Door, allocation_id: str, **fields: str) -> None:
    door.vpc().modify_eip_address_attribute(vpc.ModifyEipAddressAttributeRequest(
        region_id=REGION, allocation_id=allocation_id, **fields))


def test_modify_eip_bandwidth_name_and_description(door: Door) -> None:
    allocation_id = _allocate(door, "PayByTraffic")
    _modify_eip(door, allocation_id, bandwidth="200", name="renamed", description="new words")
    (eip,) = describe_eip(door, allocation_id)
    assert (eip.bandwidth, eip.name, eip.description) == ("200", "renamed", "new words")

    _modify_eip(door, allocation_id, name="again")  # the rest is left as it is
    (eip,) = describe_eip(door, allocation_id)
    assert (eip.bandwidth, eip.name, eip.description) == ("200", "again", "new words")


@pytest.mark.parametrize(("charge", "bandwidth"), [("PayByTraffic", "201"), ("PayByBandwidth", "501"),
                                                   ("PayByBandwidth", "0"), ("PayByBandwidth", "ten")])
def test_modify_eip_bandwidth_limits(door: Door, charge: str, bandwidth: str) -> None:
    allocation_id = _allocate(door, charge)
    with api_error("InvalidBandwidth.Malformed", 400):
        _modify_eip(door, allocation_id, bandwidth=bandwidth)
    assert describe_eip(door, allocation_id)[0].bandwidth == "10"


def test_modify_eip_up_to_500_by_bandwidth(door: Door) -> None:
    allocation_id = _allocate(door, "PayByBandwidth")
    _modify_eip(door, allocation_id, bandwidth="500")
    assert describe_eip(door, allocation_id)[0].bandwidth == "500"


def test_modify_unknown_eip(door: Door) -> None:
    with api_error("InvalidAllocationId.NotFound", 404):
        _modify_eip(door, "eip-unknown", name="x")


def _group_with_rules(door: Door) -> tuple[str, str, str]:
    group_id = create_security_group(door, create_vpc(door))
    door.ecs().authorize_security_group(ecs.AuthorizeSecurityGroupRequest(
        region_id=REGION, security_group_id=group_id, permissions=[ecs.AuthorizeSecurityGroupRequestPermissions(
            ip_protocol="tcp", port_range="22/22", source_cidr_ip="10.0.0.0/8", description="ssh")]))
    door.ecs().authorize_security_group_egress(ecs.AuthorizeSecurityGroupEgressRequest(
        region_id=REGION, security_group_id=group_id, permissions=[
            ecs.AuthorizeSecurityGroupEgressRequestPermissions(ip_protocol="all", port_range="-1/-1",
                                                               dest_cidr_ip="0.0.0.0/0", description="out")]))
    rules = _rules(door, group_id)
    ingress = next(r.security_group_rule_id for r in rules if r.direction == "ingress")
    egress = next(r.security_group_rule_id for r in rules if r.direction == "egress")
    return group_id, ingress, egress


def _rules(door: Door, group_id: str) -> list[ecs.DescribeSecurityGroupAttributeResponseBodyPermissionsPermission]:
    return door.ecs().describe_security_group_attribute(ecs.DescribeSecurityGroupAttributeRequest(
        region_id=REGION, security_group_id=group_id)).body.permissions.permission


def test_modify_rule_descriptions(door: Door) -> None:
    group_id, ingress, egress = _group_with_rules(door)
    door.ecs().modify_security_group_rule(ecs.ModifySecurityGroupRuleRequest(
        region_id=REGION, security_group_id=group_id, security_group_rule_id=ingress,
        description="ssh from the office"))
    door.ecs().modify_security_group_egress_rule(ecs.ModifySecurityGroupEgressRuleRequest(
        region_id=REGION, security_group_id=group_id, security_group_rule_id=egress, description="anywhere"))
    by_id = {r.security_group_rule_id: r for r in _rules(door, group_id)}
    assert (by_id[ingress].description, by_id[ingress].port_range, by_id[ingress].source_cidr_ip) == (
        "ssh from the office", "22/22", "10.0.0.0/8")
    assert (by_id[egress].description, by_id[egress].dest_cidr_ip) == ("anywhere", "0.0.0.0/0")


def test_modify_rule_permission_fields_keep_the_rule_id(door: Door) -> None:
    group_id, ingress, _ = _group_with_rules(door)
    door.ecs().modify_security_group_rule(ecs.ModifySecurityGroupRuleRequest(
        region_id=REGION, security_group_id=group_id, security_group_rule_id=ingress, port_range="2222/2222",
        source_cidr_ip="192.168.0.0/16"))
    (rule,) = [r for r in _rules(door, group_id) if r.security_group_rule_id == ingress]
    assert (rule.port_range, rule.source_cidr_ip, rule.description, rule.ip_protocol) == (
        "2222/2222", "192.168.0.0/16", "ssh", "TCP")
    with api_error("InvalidPortRange.Malformed", 400):
        door.ecs().modify_security_group_rule(ecs.ModifySecurityGroupRuleRequest(
            region_id=REGION, security_group_id=group_id, security_group_rule_id=ingress, port_range="0/70000"))


def test_modify_rule_errors(door: Door) -> None:
    group_id, ingress, egress = _group_with_rules(door)
    with api_error("InvalidSecurityGroupRuleId.NotFound", 404):
        door.ecs().modify_security_group_rule(ecs.ModifySecurityGroupRuleRequest(
            region_id=REGION, security_group_id=group_id, security_group_rule_id="sgr-unknown", description="x"))
    with api_error("InvalidSecurityGroupRuleId.NotFound", 404):  # an egress rule is not an ingress one
        door.ecs().modify_security_group_rule(ecs.ModifySecurityGroupRuleRequest(
            region_id=REGION, security_group_id=group_id, security_group_rule_id=egress, description="x"))
    with api_error("InvalidSecurityGroupId.NotFound", 404):
        door.ecs().modify_security_group_egress_rule(ecs.ModifySecurityGroupEgressRuleRequest(
            region_id=REGION, security_group_id="sg-unknown", security_group_rule_id=egress, description="x"))
    assert ingress
