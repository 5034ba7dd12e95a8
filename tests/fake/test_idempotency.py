"""ClientToken idempotency where the real API has it."""

from __future__ import annotations

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, create_vpc
from .doors import Door, api_error


def test_same_token_same_result(door: Door) -> None:
    request = vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.0.0.0/16", client_token="token-1")
    first = door.vpc().create_vpc(request).body
    second = door.vpc().create_vpc(request).body
    assert first.vpc_id == second.vpc_id and first.request_id != second.request_id
    assert len(door.cloud.dump()["vpc"]["vpcs"]) == 1
    assert len(door.cloud.creates("vpc")) == 2  # both calls succeeded; one VPC exists


def test_same_token_other_parameters(door: Door) -> None:
    door.vpc().create_vpc(vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.0.0.0/16", client_token="t"))
    with api_error("IdempotentParameterMismatch", 400):
        door.vpc().create_vpc(vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.1.0.0/16", client_token="t"))


def test_tokens_are_per_action_and_optional(door: Door) -> None:
    create_vpc(door)
    create_vpc(door)  # no token: two VPCs
    vpc_id = door.vpc().create_vpc(vpc.CreateVpcRequest(region_id=REGION, client_token="shared")).body.vpc_id
    group = ecs.CreateSecurityGroupRequest(region_id=REGION, vpc_id=vpc_id, client_token="shared")
    first = door.ecs().create_security_group(group).body.security_group_id
    assert door.ecs().create_security_group(group).body.security_group_id == first
    assert len(door.cloud.dump()["vpc"]["vpcs"]) == 3
    assert len(door.cloud.dump()["ecs"]["security_groups"]) == 1


def test_failures_are_not_remembered(door: Door) -> None:
    with api_error("InvalidCidrBlock.Malformed"):
        door.vpc().create_vpc(vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.0.0.0/33", client_token="t2"))
    fixed = vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.0.0.0/16", client_token="t2")
    assert door.vpc().create_vpc(fixed).body.vpc_id.startswith("vpc-")


def test_a_token_is_forgotten_after_its_window(door: Door) -> None:
    assert door.cloud.settings.client_token_ttl_seconds == 3600  # the documented default
    request = vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.0.0.0/16", client_token="window")
    first = door.vpc().create_vpc(request).body.vpc_id
    door.cloud.clock.advance(3599)
    assert door.vpc().create_vpc(request).body.vpc_id == first  # inside the window: replayed
    door.cloud.clock.advance(1)
    second = door.vpc().create_vpc(request).body.vpc_id  # the window has passed: a new VPC
    assert second != first
    assert {v["id"] for v in door.cloud.dump()["vpc"]["vpcs"]} == {first, second}
    assert door.vpc().create_vpc(request).body.vpc_id == second  # and a new window from that success


def test_the_window_is_a_setting_and_other_parameters_are_fine_after_it(door: Door) -> None:
    door.cloud.settings.client_token_ttl_seconds = 60
    door.vpc().create_vpc(vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.0.0.0/16", client_token="t3"))
    with api_error("IdempotentParameterMismatch", 400):
        door.vpc().create_vpc(vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.1.0.0/16", client_token="t3"))
    door.cloud.clock.advance(60)
    other = vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.1.0.0/16", client_token="t3")
    assert door.vpc().create_vpc(other).body.vpc_id.startswith("vpc-")
    assert len(door.cloud.dump()["vpc"]["vpcs"]) == 2
