"""Bringing existing networking resources under management with `adopt_id`: what the program says against
what the cloud has. (Adoption of every resource, and of IDs that do not exist: `_suite`.)"""

from __future__ import annotations

import pytest

from dlc_provider.errors import DlcError

from ._cases import CASES
from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)


def test_adopting_with_a_different_immutable_field_is_refused(env: Env) -> None:
    vpc_case = next(c for c in CASES if c.name == "vpc")
    existing, described = vpc_case.out_of_band(env, {})

    with pytest.raises(DlcError, match="cidr_block is '10.9.0.0/16' in the cloud but '10.8.0.0/16' in the program"):
        env.create(vpc_case.provider, "adopter", adopt_id=existing, **{**described, "cidr_block": "10.8.0.0/16"})


def test_adopting_with_a_different_name_renames_it_to_match_the_program(env: Env) -> None:
    vpc_case = next(c for c in CASES if c.name == "vpc")
    existing, described = vpc_case.out_of_band(env, {})

    provider, adopted, checked = env.create(vpc_case.provider, "adopter", adopt_id=existing,
                                            **{**described, "name": "now-managed"})

    assert adopted.outs["name"] == "now-managed"
    assert provider.read(existing, adopted.outs).outs["name"] == "now-managed"
    assert env.calls("ModifyVpcAttribute")
    assert provider.diff(existing, adopted.outs, checked).changes is False


def test_adopting_with_only_the_required_inputs_leaves_the_rest_as_it_is(env: Env) -> None:
    vpc_case = next(c for c in CASES if c.name == "vpc")
    existing, _ = vpc_case.out_of_band(env, {})

    provider, adopted, checked = env.create(vpc_case.provider, "adopter", adopt_id=existing, cidr_block="10.9.0.0/16")

    assert adopted.outs["name"] == "legacy"
    assert adopted.outs["tags"] == {"owner": "ops"}
    assert not env.calls("ModifyVpcAttribute")
    assert provider.diff(existing, adopted.outs, checked).changes is False
