"""A create that fails after the cloud made the resource deletes it before raising, on realistic durations.
(The same for every resource, and the error naming what is left when the cleanup fails too: `_suite`.)"""

from __future__ import annotations

import pytest

from dlc_provider.errors import CreateFailed
from dlc_provider.resources import NatGatewayProvider, VpcProvider

from ._cloud import Env, isolated, manual_env  # noqa: F401  (fixtures)
from ._suite import inventory


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
