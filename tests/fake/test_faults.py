"""Fault injection: throttling, 5xx, dropped connections, latency, eventual consistency, reproducibility."""

from __future__ import annotations

import time

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException
from alibabacloud_vpc20160428 import models as vpc
from darabonba.exceptions import UnretryableException

from .builders import REGION, create_vpc, create_vswitch, describe_vpc
from .doors import Door, api_error


def test_throttling_with_and_without_retry_after(door: Door) -> None:
    door.cloud.settings.faults = [
        "throttle:sts:GetCallerIdentity:1:max_count=1",
        "throttle:sts:*:1:retry_after_ms=250,max_count=1",
    ]
    with api_error("Throttling", 400) as plain:
        door.sts().get_caller_identity()
    assert type(plain.value) is ClientException
    with pytest.raises(ThrottlingException) as timed:
        door.sts().get_caller_identity()
    assert (timed.value.code, timed.value.retry_after) == ("Throttling", 250)
    assert door.sts().get_caller_identity().body.account_id
    assert [entry.fault for entry in door.cloud.journal] == ["throttle", "throttle", None]


def test_server_errors(door: Door) -> None:
    door.cloud.settings.faults = ["server_error:vpc:*:1:status=500,max_count=1", "server_error:vpc:*:1:max_count=1"]
    with pytest.raises(ServerException) as first:
        create_vpc(door)
    assert (first.value.code, first.value.status_code) == ("InternalError", 500)
    with pytest.raises(ServerException) as second:
        create_vpc(door)
    assert (second.value.code, second.value.status_code) == ("ServiceUnavailable", 503)
    create_vpc(door)
    assert len(door.cloud.dump()["vpc"]["vpcs"]) == 1


def test_rules_match_service_and_action(door: Door) -> None:
    door.cloud.settings.faults = ["throttle:vpc:CreateVSwitch"]
    vpc_id = create_vpc(door)
    assert door.sts().get_caller_identity().body.account_id
    with api_error("Throttling"):
        create_vswitch(door, vpc_id)


def test_dropped_connection_before_the_action(door: Door) -> None:
    door.cloud.settings.faults = ["drop:vpc:CreateVpc:1:max_count=1"]
    with pytest.raises(UnretryableException):
        create_vpc(door)
    assert door.cloud.is_empty()
    assert (door.cloud.journal[-1].status, door.cloud.journal[-1].fault) == (0, "drop")


def test_dropped_connection_after_the_action_and_a_retry_with_the_same_token(door: Door) -> None:
    door.cloud.settings.faults = ["drop:vpc:CreateVpc:1:after=true,max_count=1"]
    request = vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.0.0.0/16", client_token="retry-1")
    with pytest.raises(UnretryableException):
        door.vpc().create_vpc(request)
    vpc_id = door.vpc().create_vpc(request).body.vpc_id  # the SDK user retries blindly
    assert [v["id"] for v in door.cloud.dump()["vpc"]["vpcs"]] == [vpc_id]


def test_added_latency(door: Door) -> None:
    door.cloud.settings.faults = ["latency:sts:*:1:delay_seconds=0.2"]
    started = time.perf_counter()
    door.sts().get_caller_identity()
    assert time.perf_counter() - started >= 0.2
    assert door.cloud.journal[-1].duration_ms >= 200 and door.cloud.journal[-1].fault == "latency"


def test_eventual_consistency(door: Door) -> None:
    door.cloud.settings.faults = ["eventual:vpc:CreateVpc:1:missing_seconds=3"]
    vpc_id = create_vpc(door)
    listed = door.vpc().describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION, vpc_id=vpc_id)).body
    assert listed.total_count == 0
    with api_error("InvalidVpcId.NotFound", 404):
        describe_vpc(door, vpc_id)
    assert create_vswitch(door, vpc_id)  # writes already see it
    door.cloud.clock.advance(3)
    assert describe_vpc(door, vpc_id).vpc_id == vpc_id


def outcomes(door: Door, calls: int = 24) -> list[str]:
    seen = []
    for _ in range(calls):
        try:
            door.sts().get_caller_identity()
            seen.append("ok")
        except ClientException as error:
            seen.append(error.code)
    return seen


def test_faults_are_reproducible_under_a_seed(door: Door) -> None:
    door.cloud.settings.faults = ["throttle:sts:*:0.5"]
    door.cloud.settings.seed = 7
    door.cloud.reset()
    first = outcomes(door)
    door.cloud.reset()
    assert outcomes(door) == first
    assert "ok" in first and "Throttling" in first
    door.cloud.settings.seed = 8
    door.cloud.reset()
    assert outcomes(door) != first
