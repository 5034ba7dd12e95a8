"""Idempotent creates: a re-run finds what an interrupted create made, a replacement or a re-create after
a delete gets a new resource, and retries after a dropped answer never make a second one."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from dlc_provider.fake import FaultRule
from dlc_provider.resources import VpcProvider
from dlc_provider.resources.tokens import TAKEOVERS, creation_token
from dlc_provider.specs import VpcSpec

from ._cases import CASE_IDS, CASES, Case, inventory
from ._cloud import Env, cloud, env, isolated, manual_env  # noqa: F401  (fixtures)


def _spec(**overrides: object) -> VpcSpec:
    return VpcSpec.model_validate({"dlc_identity": "p/s/vpc/a", "cidr_block": "10.0.0.0/16", **overrides})


def test_the_token_is_stable_and_short() -> None:
    token = creation_token("VPC", _spec())

    assert token == creation_token("VPC", _spec())
    assert re.fullmatch(r"dlc[0-9a-f]{37}", token)


@pytest.mark.parametrize(
    "other",
    [
        creation_token("VPC", _spec(dlc_identity="p/s/vpc/b")),
        creation_token("VPC", _spec(cidr_block="10.1.0.0/16")),
        creation_token("VPC", _spec(name="x")),
        creation_token("VPC", _spec(), attempt=1),
        creation_token("vSwitch", _spec()),
    ],
)
def test_the_token_changes_with_identity_inputs_attempt_and_kind(other: str) -> None:
    assert other != creation_token("VPC", _spec())


def test_how_to_manage_a_resource_is_not_part_of_its_token() -> None:
    assert creation_token("VPC", _spec(timeouts={"create": 5})) == creation_token("VPC", _spec())
    assert creation_token("VPC", _spec(adopt_id="vpc-1")) == creation_token("VPC", _spec())


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_rerun_after_an_interrupted_create_finds_the_resource(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider = env.provider(case.provider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("subject"), **case.inputs(ctx)})
    # The first run's create reached the cloud, then the process died: the engine recorded nothing.
    spec = provider._spec(inputs)
    made = provider.send_create(env.session(), spec, creation_token(case.provider.KIND, spec))
    creates = len(env.calls(case.create_action))

    rerun = env.provider(case.provider).create(inputs)

    assert rerun.id == made
    assert len(env.calls(case.create_action)) == creates  # nothing sent again
    assert rerun.outs["status"] in case.provider.READY


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_recreate_after_a_delete_gets_a_new_resource_not_the_deleted_one(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, first, inputs = env.create(case.provider, "subject", **case.inputs(ctx))
    provider.delete(first.id, first.outs)

    second = env.provider(case.provider).create(inputs)

    assert provider.read(second.id, second.outs).id == second.id
    assert second.outs["creation_token"] != first.outs["creation_token"]
    if case.name != "eip_association":  # a binding's ID names the same EIP and gateway again
        assert second.id != first.id


def test_two_resources_with_equal_inputs_are_two_resources(env: Env) -> None:
    _, one, _ = env.create(VpcProvider, "one", cidr_block="10.0.0.0/16")
    _, two, _ = env.create(VpcProvider, "two", cidr_block="10.0.0.0/16")

    assert one.id != two.id
    assert len(env.calls("CreateVpc")) == 2


def test_a_replacement_with_unchanged_inputs_keeps_the_resource_alive(env: Env) -> None:
    """`pulumi up --replace` with unchanged inputs: the token finds the live resource, and the delete
    of that same ID later in the run is skipped, so state and cloud stay consistent."""
    provider, old, inputs = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")
    TAKEOVERS.clear()  # a later run

    new = provider.create(env.checked(provider, inputs))
    provider.delete(old.id, old.outs)

    assert new.id == old.id
    assert provider.read(new.id, new.outs).id == new.id
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


def test_a_resource_hidden_longer_than_the_grace_period_is_deleted_before_a_fresh_token_is_used(env: Env) -> None:
    """Not found after the grace period looks like a token answering for a deleted resource: the
    provider deletes that ID to be safe before creating under a new token, so nothing leaks."""
    env.cloud.settings.faults = [FaultRule(kind="eventual", service="vpc", action="CreateVpc", missing_seconds=600,
                                           max_count=1)]

    _, created, _ = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")

    assert len(env.calls("CreateVpc")) == 2
    assert env.calls("DeleteVpc")
    assert [key for key in inventory(env.cloud) if key.startswith("vpcs:")] == [f"vpcs:{created.id}"]
