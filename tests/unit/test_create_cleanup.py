"""A create that fails after the cloud made the resource deletes it before raising; if that fails too,
the error names the resource that is left behind."""

from __future__ import annotations

from typing import Any

import pytest

from dlc_provider.errors import CreateFailed, WaitTimeout
from dlc_provider.fake import FaultRule
from dlc_provider.resources import NatGatewayProvider, VpcProvider
from dlc_provider.resources.provider import CloudProvider

from ._cases import CASE_IDS, CASES, Case, inventory
from ._cloud import Env, cloud, env, manual_env, isolated  # noqa: F401  (fixtures)


def _never_ready(provider: CloudProvider, monkeypatch: pytest.MonkeyPatch) -> None:
    """The resource is made, but the wait for it to become ready times out."""
    original = provider._wait_ready

    def wait(session: Any, resource_id: str, hint: Any, timeout: float, phase: str) -> dict[str, Any]:
        if phase == "create":
            raise WaitTimeout(f"{provider.KIND} {resource_id} did not become ready within 1s (last status: Pending)",
                              resource_id=resource_id, last_status="Pending")
        return original(session, resource_id, hint, timeout, phase)

    monkeypatch.setattr(provider, "_wait_ready", wait)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_failed_create_leaves_nothing_behind(env: Env, case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = case.setup(env)
    before = inventory(env.cloud)
    provider = env.provider(case.provider)
    _never_ready(provider, monkeypatch)
    inputs = env.checked(provider, {"dlc_identity": env.identity("doomed"), **case.inputs(ctx)})

    with pytest.raises(CreateFailed) as failure:
        provider.create(inputs)

    assert len(env.calls(case.create_action)) >= 1  # the cloud did make it
    assert inventory(env.cloud) == before
    assert failure.value.leaked_id is None
    assert "did not become ready" in str(failure.value)
    assert "nothing is left behind" in str(failure.value)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_when_the_cleanup_fails_too_the_error_names_what_is_left(
    env: Env, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = case.setup(env)
    before = inventory(env.cloud)
    provider = env.provider(case.provider)
    _never_ready(provider, monkeypatch)
    inputs = env.checked(provider, {"dlc_identity": env.identity("doomed"), **case.inputs(ctx)})
    env.cloud.settings.faults = [FaultRule(kind="server_error", action=case.delete_action)]

    with pytest.raises(CreateFailed) as failure:
        provider.create(inputs)

    leaked = failure.value.leaked_id
    assert leaked is not None and leaked in str(failure.value)
    assert "left behind" in str(failure.value) and f"adopt_id={leaked!r}" in str(failure.value)
    env.cloud.settings.faults = []
    assert provider.read(leaked, inputs).id == leaked
    assert inventory(env.cloud) != before


def test_a_nat_gateway_that_is_not_available_in_time_is_deleted_once_it_can_be(manual_env: Env) -> None:
    """Realistic durations on the fake's manual clock: the NAT needs 20 s, the create allows 5 s; the
    cleanup rides out the status conflict until the NAT is Available, deletes it and waits until gone."""
    env = manual_env
    _, vpc, _ = env.create(VpcProvider, "vpc", cidr_block="10.0.0.0/16")
    from dlc_provider.resources import VSwitchProvider

    _, vsw, _ = env.create(VSwitchProvider, "vsw", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")
    before = inventory(env.cloud)
    provider = env.provider(NatGatewayProvider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("nat"), "vpc_id": vpc.id, "vswitch_id": vsw.id,
                                    "timeouts": {"create": 5}})

    with pytest.raises(CreateFailed, match=r"did not become Available within 5s \(last status: Creating"):
        provider.create(inputs)

    assert inventory(env.cloud) == before
    assert env.calls("DeleteNatGateway", ok=False)[0].error_code == "IncorrectStatus.NatGateway"
    assert env.calls("DeleteNatGateway", ok=True)
    assert sum(env.sleeps) >= 20  # fake seconds, no wall time
