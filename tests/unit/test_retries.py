"""Throttling, 5xx answers, dropped connections and dependency conflicts, as resources meet them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dlc_provider.errors import DependencyViolation, InvalidInput, ServerError
from dlc_provider.fake import FaultRule
from dlc_provider.resources import (
    EipAssociationProvider,
    EipProvider,
    NatGatewayProvider,
    VpcProvider,
    VSwitchProvider,
)
from dlc_provider.waiting import ProgressEvent, add_progress_listener

from ._cases import CASES, inventory
from ._cloud import Env, cloud, env, isolated, manual_env  # noqa: F401  (fixtures)


def test_throttling_and_server_errors_are_retried_until_the_create_works(env: Env) -> None:
    env.cloud.settings.faults = [
        FaultRule(kind="throttle", service="vpc", action="CreateVpc", max_count=2),
        FaultRule(kind="server_error", service="vpc", action="DescribeVpcs", max_count=2),
    ]

    _, created, _ = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")

    codes = [entry.error_code for entry in env.cloud.calls(action="CreateVpc")]
    assert codes == ["Throttling", "Throttling", None]
    assert [key for key in inventory(env.cloud) if key.startswith("vpcs:")] == [f"vpcs:{created.id}"]


def test_a_connection_dropped_before_the_answer_is_retried(env: Env) -> None:
    env.cloud.settings.faults = [FaultRule(kind="drop", service="vpc", action="CreateVpc", max_count=1)]

    env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")

    assert [entry.status for entry in env.cloud.calls(action="CreateVpc")] == [0, 200]


def test_a_rejected_input_fails_at_once(env: Env) -> None:
    _, vpc, _ = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")

    with pytest.raises(InvalidInput, match="InvalidCidrBlock.Overlapped|InvalidParameter"):
        env.create(VSwitchProvider, "outside", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.9.0.0/24")
    assert len(env.cloud.calls(action="CreateVSwitch", ok=False)) == 1


def test_a_service_that_stays_down_fails_with_the_last_error_after_the_attempt_limit(env: Env) -> None:
    env.cloud.settings.faults = [FaultRule(kind="server_error", service="vpc", action="CreateVpc")]

    with pytest.raises(ServerError, match="is found, so nothing was made"):
        env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")
    assert len(env.cloud.calls(action="CreateVpc")) == env.settings.retry.max_attempts


def test_without_an_attempt_limit_retries_go_on_until_the_operation_time_limit(manual_env: Env) -> None:
    """No fixed count: a service that fails 20 times in a row is ridden out; one that never recovers fails
    once the create's time limit has passed (the fake's clock and sleep make this instant)."""
    env = manual_env
    env.settings = replace(env.settings, retry=replace(env.settings.retry, max_attempts=None, base_delay=1.0,
                                                       max_delay=8.0))
    env.cloud.settings.faults = [FaultRule(kind="server_error", service="vpc", action="CreateVpc", max_count=20)]
    _, created, _ = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")
    assert created.outs["status"] == "Available"
    assert len(env.cloud.calls(action="CreateVpc", ok=None)) == 21

    env.cloud.settings.faults = [FaultRule(kind="server_error", service="vpc", action="CreateVpc")]
    started = env.settings.clock()
    with pytest.raises(ServerError):
        env.create(VpcProvider, "other", cidr_block="10.0.0.0/16", timeouts={"create": 120})
    assert 120 <= env.settings.clock() - started < 130


def test_a_delete_rides_out_dependency_violations_within_its_time_limit(env: Env) -> None:
    vpc_provider, vpc, _ = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")
    vsw_provider, vsw, _ = env.create(VSwitchProvider, "sub", vpc_id=vpc.id, zone_id="cn-hangzhou-h",
                                      cidr_block="10.0.1.0/24")

    def dependant_goes_away(event: ProgressEvent) -> None:
        if event.resource_id == vpc.id and "refused" in event.message:
            vsw_provider.delete(vsw.id, vsw.outs)  # as a parallel delete in the engine would

    remove = add_progress_listener(dependant_goes_away)
    try:
        vpc_provider.delete(vpc.id, vpc.outs)
    finally:
        remove()

    assert env.cloud.calls(action="DeleteVpc", ok=False)[0].error_code == "DependencyViolation.VSwitch"
    assert inventory(env.cloud) == set()


def test_a_delete_still_blocked_at_its_time_limit_fails_with_the_dependency(env: Env) -> None:
    vpc_provider, vpc, _ = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16", timeouts={"delete": 0.05})
    _, vsw, _ = env.create(VSwitchProvider, "sub", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")

    with pytest.raises(DependencyViolation, match="DependencyViolation.VSwitch.*still refused after") as refused:
        vpc_provider.delete(vpc.id, vpc.outs)
    # The error names what is still in the VPC, so the user knows what to delete.
    assert f"Still in VPC {vpc.id}: vSwitch {vsw.id}. Delete those first" in str(refused.value)


def test_a_nat_gateway_whose_delete_stays_blocked_names_its_snat_entries_and_eips(env: Env) -> None:
    _, vpc, _ = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")
    _, vsw, _ = env.create(VSwitchProvider, "sub", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")
    nat_provider, nat, _ = env.create(NatGatewayProvider, "nat", vpc_id=vpc.id, vswitch_id=vsw.id,
                                      timeouts={"delete": 0.05})
    _, eip, _ = env.create(EipProvider, "eip", bandwidth=5)
    env.create(EipAssociationProvider, "bind", allocation_id=eip.id, instance_id=nat.id, instance_type="Nat")

    with pytest.raises(DependencyViolation) as refused:
        nat_provider.delete(nat.id, nat.outs)
    assert f"EIP {eip.id} (bound)" in str(refused.value)


def test_a_delete_waits_for_status_conflicts_to_pass(manual_env: Env) -> None:
    """Deleting a NAT gateway that is still Creating: IncorrectStatus until it is Available, then gone."""
    env = manual_env
    _, vpc, _ = env.create(VpcProvider, "vpc", cidr_block="10.0.0.0/16")
    _, vsw, _ = env.create(VSwitchProvider, "vsw", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")
    provider = env.provider(NatGatewayProvider)
    spec_inputs = env.checked(provider, {"dlc_identity": env.identity("nat"), "vpc_id": vpc.id, "vswitch_id": vsw.id})
    nat_id = provider.send_create(env.session(), provider._spec(spec_inputs), "token-1")

    provider.delete(nat_id, spec_inputs)

    assert env.calls("DeleteNatGateway", ok=False)[0].error_code == "IncorrectStatus.NatGateway"
    assert provider.read(nat_id, spec_inputs).id == ""


def test_a_whole_network_comes_up_and_goes_away_with_faults_injected(env: Env) -> None:
    env.cloud.settings.faults = [
        FaultRule(kind="throttle", probability=0.2),
        FaultRule(kind="server_error", probability=0.1),
        FaultRule(kind="drop", probability=0.05, after=True),
    ]
    made = []
    for case in CASES:
        ctx = case.setup(env)
        made.append(env.create(case.provider, f"{case.name}-subject", **case.inputs(ctx)))

    assert env.cloud.calls(ok=False)  # faults did happen
    assert all(result.outs["status"] in provider.READY for provider, result, _ in made)
