"""Bringing existing resources under management with `adopt_id`, for every networking resource."""

from __future__ import annotations

import pytest

from dlc_provider.errors import DlcError
from dlc_provider.resources.tokens import TAKEOVERS

from ._cases import CASE_IDS, CASES, Case, inventory
from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_adopting_reads_the_resource_instead_of_creating_and_the_next_diff_is_clean(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    existing, described = case.out_of_band(env, ctx)
    creates_before = len(env.calls(case.create_action))
    before = inventory(env.cloud)

    provider, adopted, checked = env.create(case.provider, "adopter", adopt_id=existing, **described)

    assert adopted.id == existing
    assert len(env.calls(case.create_action)) == creates_before  # nothing was created
    assert inventory(env.cloud) == before
    assert adopted.outs["adopt_id"] == existing
    assert adopted.outs["creation_token"] is None
    # The next preview runs check (with the old inputs) and diff against the adopted outputs.
    again = env.checked(provider, dict(checked), olds=checked)
    assert provider.diff(adopted.id, adopted.outs, again).changes is False
    # Dropping adopt_id from the program later changes nothing either.
    assert provider.diff(adopted.id, adopted.outs, {**again, "adopt_id": None}).changes is False


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_an_adopted_resource_is_deleted_by_a_later_destroy_but_not_in_the_run_that_adopted_it(
    env: Env, case: Case
) -> None:
    ctx = case.setup(env)
    existing, described = case.out_of_band(env, ctx)
    provider, adopted, _ = env.create(case.provider, "adopter", adopt_id=existing, **described)

    provider.delete(adopted.id, adopted.outs)  # same run: another resource may have handed it over
    assert provider.read(adopted.id, adopted.outs).id == existing

    TAKEOVERS.clear()  # a later `pulumi destroy` is a new provider process
    provider.delete(adopted.id, adopted.outs)
    assert provider.read(adopted.id, adopted.outs).id == ""


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_adopting_an_id_that_does_not_exist_fails_clearly(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    existing, described = case.out_of_band(env, ctx)
    missing = existing[:-4] + "zzzz"

    with pytest.raises(DlcError, match=f"adopt_id {missing!r}: no such"):
        env.create(case.provider, "adopter", adopt_id=missing, **described)


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
