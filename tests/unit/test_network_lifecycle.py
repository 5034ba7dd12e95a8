"""The resource suite (`_suite`) over the networking resources: VPC, vSwitch, security group and rule, NAT
gateway, EIP and its association, SNAT entry, against the in-process fake with the real SDK clients."""

from __future__ import annotations

from ._cases import CASES
from ._suite import *  # noqa: F403  (the tests and fixtures)
from ._suite import over

pytest_generate_tests = over(CASES)


def test_an_eip_association_has_nothing_to_update_in_place() -> None:
    from dlc_provider.resources import EipAssociationProvider

    spec = EipAssociationProvider.SPEC
    assert spec.UPDATE_FIELDS == ()
    assert set(spec.REPLACE_FIELDS) == {"allocation_id", "instance_id", "instance_type"}
