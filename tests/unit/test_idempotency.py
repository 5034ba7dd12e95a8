"""Idempotent creates: a re-run finds what an interrupted create made, a replacement or a re-create after
a delete gets a new resource at the same cost every cycle, and retries after a dropped answer never make a
second one."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from dlc_provider.errors import CreateFailed
from dlc_provider.fake import FaultRule
from dlc_provider.resources import VpcProvider
from dlc_provider.resources.tokens import TAKEOVERS, creation_token
from dlc_provider.specs import VpcSpec

from ._cases import CASE_IDS, CASES, Case, inventory
from ._cloud import Env, cloud, env, isolated, manual_env  # noqa: F401  (fixtures)


def _spec(**overrides: object) -> VpcSpec:
    return VpcSpec.model_validate({"dlc_identity": "p/s/vpc/a", "cidr_block": "10.0.0.0/16", **overrides})


def _token(spec: VpcSpec, nonce: str | None = "ab12") -> str:
    return creation_token(spec.dlc_identity, spec.managed_values(), nonce)


def test_the_token_is_stable_and_short() -> None:
    assert _token(_spec()) == _token(_spec())
    assert re.fullmatch(r"dlc[0-9a-f]{37}", _token(_spec()))


@pytest.mark.parametrize(
    "other",
    [
        _token(_spec(dlc_identity="p/s/vpc/b")),
        _token(_spec(cidr_block="10.1.0.0/16")),
        _token(_spec(name="x")),
        _token(_spec(), nonce="ab13"),
        _token(_spec(), nonce=None),
    ],
)
def test_the_token_changes_with_identity_inputs_and_nonce(other: str) -> None:
    assert other != _token(_spec())


def test_how_to_manage_a_resource_is_not_part_of_its_token() -> None:
    assert _token(_spec(timeouts={"create": 5})) == _token(_spec())
    assert _token(_spec(adopt_id="vpc-1")) == _token(_spec())
    assert _token(_spec(creation_nonce="ffff")) == _token(_spec())


def test_check_draws_a_nonce_for_a_new_incarnation_and_keeps_it_after() -> None:
    provider = VpcProvider()
    raw = {"dlc_identity": "p/s/vpc/a", "cidr_block": "10.0.0.0/16"}

    first = provider.check({}, dict(raw)).inputs
    again = provider.check(first, dict(raw)).inputs  # a later up of the same resource
    replacement = provider.check({}, dict(raw)).inputs  # the engine re-checks without olds to replace

    assert re.fullmatch(r"[0-9a-f]{16}", first["creation_nonce"])
    assert again["creation_nonce"] == first["creation_nonce"]
    assert replacement["creation_nonce"] != first["creation_nonce"]


def test_a_resource_made_before_nonces_keeps_no_nonce_so_it_shows_no_diff() -> None:
    provider = VpcProvider()
    old_inputs = {"dlc_identity": "p/s/vpc/a", "cidr_block": "10.0.0.0/16"}  # as stored by an older version
    old_outputs = {**old_inputs, "status": "Available", "creation_token": "dlc" + "0" * 37, "tags": None}

    checked = provider.check(old_inputs, dict(old_inputs)).inputs

    assert "creation_nonce" not in checked
    assert not provider.diff("vpc-1", old_outputs, checked).changes


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_rerun_after_an_interrupted_create_finds_the_resource(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider = env.provider(case.provider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("subject"), **case.inputs(ctx)})
    # The first run's create reached the cloud, then the process died: the engine recorded nothing.
    spec = provider._spec(inputs)
    made = provider.send_create(env.session(), spec, provider.token_of(inputs, spec))
    creates = len(env.calls(case.create_action))

    rerun = env.provider(case.provider).create(inputs)

    assert rerun.id == made
    assert len(env.calls(case.create_action)) == creates  # nothing sent again
    assert rerun.outs["status"] in case.provider.READY


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_recreate_after_a_delete_gets_a_new_resource_not_the_deleted_one(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    raw = {"dlc_identity": env.identity("subject"), **case.inputs(ctx)}
    provider = env.provider(case.provider)
    first = provider.create(env.checked(provider, raw))
    provider.delete(first.id, first.outs)
    creates = len(env.calls(case.create_action))

    # The next up checks the same program with no old inputs, and creates.
    second = env.provider(case.provider).create(env.checked(provider, raw))

    assert provider.read(second.id, second.outs).id == second.id
    assert second.outs["creation_token"] != first.outs["creation_token"]
    assert len(env.calls(case.create_action)) == creates + 1  # one create, no token of the deleted one replayed
    if case.name != "eip_association":  # a binding's ID names the same EIP and gateway again
        assert second.id != first.id


def test_two_resources_with_equal_inputs_are_two_resources(env: Env) -> None:
    _, one, _ = env.create(VpcProvider, "one", cidr_block="10.0.0.0/16")
    _, two, _ = env.create(VpcProvider, "two", cidr_block="10.0.0.0/16")

    assert one.id != two.id
    assert len(env.calls("CreateVpc")) == 2


def test_a_replacement_with_unchanged_inputs_makes_a_new_resource(env: Env) -> None:
    """`pulumi up --replace` with unchanged inputs: the engine re-checks without old inputs, so the new
    incarnation has its own nonce and token; create-before-delete leaves exactly the new one."""
    provider, old, inputs = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")
    TAKEOVERS.clear()  # a later run
    raw = {k: v for k, v in inputs.items() if k != "creation_nonce"}

    new = provider.create(env.checked(provider, raw))
    provider.delete(old.id, old.outs)

    assert new.id != old.id
    assert provider.read(new.id, new.outs).id == new.id
    assert provider.read(old.id, old.outs).id == ""
    assert len(env.calls("CreateVpc")) == 2


def test_many_cycles_of_create_and_delete_cost_the_same_calls_every_time(env: Env) -> None:
    """The loop users live in: up, down, again. No cycle probes the tokens of earlier incarnations."""
    provider = env.provider(VpcProvider)
    raw = {"dlc_identity": env.identity("net"), "cidr_block": "10.0.0.0/16"}
    calls_per_cycle = []
    for _ in range(12):
        before = len(env.cloud.journal)
        created = provider.create(env.checked(provider, raw))
        provider.delete(created.id, created.outs)
        calls_per_cycle.append(len(env.cloud.journal) - before)

    assert len(env.calls("CreateVpc")) == 12
    assert max(calls_per_cycle) <= calls_per_cycle[0] + 1, calls_per_cycle


def test_recover_created_finds_what_an_unrecorded_create_made(env: Env) -> None:
    provider = env.provider(VpcProvider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("net"), "cidr_block": "10.0.0.0/16"})
    spec = provider._spec(inputs)
    made = provider.send_create(env.session(), spec, provider.token_of(inputs, spec))

    found = env.provider(VpcProvider).recover_created(inputs)
    other = env.provider(VpcProvider).recover_created({**inputs, "creation_nonce": "0123"})

    assert found is not None and found[0] == made
    assert found[1]["creation_token"] == provider.token_of(inputs, spec) and found[1]["cidr_block"] == "10.0.0.0/16"
    assert other is None
    assert len(env.calls("CreateVpc")) == 1


def test_a_dropped_answer_to_a_create_is_retried_with_the_same_token(env: Env) -> None:
    env.cloud.settings.faults = [FaultRule(kind="drop", service="vpc", action="CreateVpc", after=True, max_count=1)]

    _, created, _ = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")

    sent = env.cloud.calls(action="CreateVpc")
    assert len(sent) == 2 and sent[0].fault == "drop"
    assert len({entry.params["ClientToken"] for entry in sent}) == 1
    assert [key for key in inventory(env.cloud) if key.startswith("vpcs:")] == [f"vpcs:{created.id}"]


def test_no_create_is_sent_twice_for_one_resource_in_a_whole_network(env: Env) -> None:
    for case in CASES:
        ctx = case.setup(env)
        env.create(case.provider, f"{case.name}-subject", **case.inputs(ctx))

    tokens = Counter(
        (entry.action, entry.params.get("ClientToken"))
        for entry in env.cloud.journal
        if entry.ok and entry.action.startswith(("Create", "Allocate", "Authorize", "Associate"))
    )
    assert tokens and max(tokens.values()) == 1, tokens


def test_a_new_resource_hidden_from_reads_for_a_while_is_waited_for_not_made_again(manual_env: Env) -> None:
    """Eventual consistency shorter than the grace period: the wait tolerates "not found"."""
    env = manual_env
    env.cloud.settings.faults = [FaultRule(kind="eventual", service="vpc", action="CreateVpc", missing_seconds=3)]

    _, created, _ = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")

    assert len(env.calls("CreateVpc")) == 1
    assert created.outs["status"] == "Available"


def test_a_resource_hidden_longer_than_the_grace_period_is_cleaned_up_and_reported(env: Env) -> None:
    """Not found long after its create: the create fails, deleting that ID to be safe, so nothing leaks."""
    env.cloud.settings.faults = [FaultRule(kind="eventual", service="vpc", action="CreateVpc", missing_seconds=600,
                                           max_count=1)]

    with pytest.raises(CreateFailed, match="nothing is left behind"):
        env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")

    assert len(env.calls("CreateVpc")) == 1
    assert env.calls("DeleteVpc")
    assert not [key for key in inventory(env.cloud) if key.startswith("vpcs:")]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_create_whose_answer_was_dropped_after_it_took_effect_is_found_not_called_someone_elses(
    env: Env, case: Case
) -> None:
    ctx = case.setup(env)
    before = inventory(env.cloud)
    env.cloud.settings.faults = [FaultRule(kind="drop", action=case.create_action, after=True, max_count=1)]
    try:
        _, created, _ = env.create(case.provider, "subject", **case.inputs(ctx))
    finally:
        env.cloud.settings.faults = []

    assert env.cloud.calls(action=case.create_action, ok=None)[0].fault == "drop"
    assert len(set(inventory(env.cloud)) - set(before)) == 1, "exactly one resource made"
    assert env.provider(case.provider).read(created.id, created.outs).id == created.id
