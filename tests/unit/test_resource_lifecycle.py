"""Create, read, diff, update in place, replace and delete, for every networking resource, against the
in-process fake with the real SDK clients."""

from __future__ import annotations

from typing import Any

import pytest

from ._cases import CASE_IDS, CASES, Case, inventory
from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)

UPDATABLE = [case for case in CASES if case.update is not None]


def _mark_gap(case: Case) -> Any:
    marks = [pytest.mark.xfail(reason=case.update_gap, strict=True)] if case.update_gap else []
    return pytest.param(case, id=case.name, marks=marks)


def _managed(case: Case, outs: dict[str, Any]) -> dict[str, Any]:
    return {f: outs.get(f) for f in case.provider.SPEC.managed_fields()}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_create_returns_the_id_outputs_and_one_create_call(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    before = len(env.calls(case.create_action))
    provider, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))

    assert created.id
    assert created.outs["status"] in case.provider.READY
    assert created.outs["creation_token"].startswith("dlc")
    for field, value in case.inputs(ctx).items():
        if field in case.provider.SPEC.managed_fields():
            assert created.outs[field] == checked[field], field
    assert len(env.calls(case.create_action)) == before + 1


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_read_reports_what_create_returned(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, _ = env.create(case.provider, "subject", **case.inputs(ctx))

    read = provider.read(created.id, created.outs)

    assert read.id == created.id
    assert _managed(case, read.outs) == _managed(case, created.outs)
    assert read.outs["creation_token"] == created.outs["creation_token"]
    assert read.outs["status"] == created.outs["status"]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_unchanged_inputs_diff_to_no_change(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))

    again = env.checked(provider, {"dlc_identity": checked["dlc_identity"], **case.inputs(ctx)}, olds=checked)
    diff = provider.diff(created.id, created.outs, again)

    assert diff.changes is False
    assert diff.replaces == []


@pytest.mark.parametrize("case", [_mark_gap(case) for case in UPDATABLE])
def test_in_place_change_updates_without_replacing(env: Env, case: Case) -> None:
    assert case.update is not None
    ctx = case.setup(env)
    provider, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))
    news = env.checked(provider, {**checked, **case.update}, olds=checked)

    diff = provider.diff(created.id, created.outs, news)
    assert diff.changes is True and diff.replaces == []

    updated = provider.update(created.id, created.outs, news)
    for field, value in case.update.items():
        assert updated.outs[field] == value
    assert _managed(case, provider.read(created.id, updated.outs).outs) == _managed(case, updated.outs)
    assert provider.diff(created.id, updated.outs, news).changes is False


def test_an_eip_association_has_nothing_to_update_in_place() -> None:
    from dlc_provider.resources import EipAssociationProvider

    spec = EipAssociationProvider.SPEC
    assert spec.UPDATE_FIELDS == ()
    assert set(spec.REPLACE_FIELDS) == {"allocation_id", "instance_id", "instance_type"}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_replacing_change_makes_a_new_resource(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))
    change = case.replace(ctx)
    news = env.checked(provider, {**checked, **change})

    diff = provider.diff(created.id, created.outs, news)
    assert diff.changes is True
    assert diff.replaces == list(change)
    assert diff.delete_before_replace is case.provider.DELETE_BEFORE_REPLACE

    # What the engine does next: the replacement's inputs are checked again without old inputs, then
    # create and delete run in the order the diff asked for.
    replacement_inputs = env.checked(provider, news)
    if diff.delete_before_replace:
        provider.delete(created.id, created.outs)
        replacement = provider.create(replacement_inputs)
    else:
        replacement = provider.create(replacement_inputs)
        provider.delete(created.id, created.outs)

    assert replacement.id != created.id
    assert replacement.outs["creation_token"] != created.outs["creation_token"]
    assert provider.read(created.id, created.outs).id == ""
    assert provider.read(replacement.id, replacement.outs).id == replacement.id


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_delete_removes_it_and_a_second_delete_is_fine(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, _ = env.create(case.provider, "subject", **case.inputs(ctx))
    before = inventory(env.cloud)

    provider.delete(created.id, created.outs)
    gone = before - inventory(env.cloud)
    provider.delete(created.id, created.outs)  # already gone: still a success

    assert gone, "delete removed nothing"
    assert provider.read(created.id, created.outs).id == ""
    assert before - gone == inventory(env.cloud)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_read_of_a_resource_deleted_out_of_band_drops_it(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, _ = env.create(case.provider, "subject", **case.inputs(ctx))
    provider.send_delete(env.session(), created.id, created.outs)  # behind Pulumi's back

    read = provider.read(created.id, created.outs)

    assert read.id == ""
    assert read.outs == {}


@pytest.mark.parametrize("case", [case for case in UPDATABLE if case.update_gap is None], ids=lambda c: c.name)
def test_refresh_shows_an_out_of_band_change_as_drift(env: Env, case: Case) -> None:
    assert case.update is not None
    ctx = case.setup(env)
    provider, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))
    console = case.provider().use_settings(env.settings)
    changed_spec = console.SPEC.model_validate({**checked, **case.update})
    console.send_update(env.session(), created.id, created.outs, changed_spec, list(case.update))

    refreshed = provider.read(created.id, created.outs)
    # The engine shows a refresh as the diff of the refreshed outputs against the old inputs.
    drift = provider.diff(created.id, refreshed.outs, checked)

    for field, value in case.update.items():
        assert refreshed.outs[field] == value
    assert drift.changes is True
    assert set(drift.replaces or []) == set()
