"""The life-cycle suite of every resource family, run over a case table per test module.

A test module imports these tests (`from ._suite import *`) and runs them over its own table
(`pytest_generate_tests = over(CASES)`), so networking, storage, RAM and dataset resources are covered the
same way: create, read, no-op diff, in-place update, replacing change, delete, delete of a missing resource,
refresh, adoption, validation, a create that fails after the cloud made the resource, idempotent re-runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from dlc_provider.specs.common import META_FIELDS
from dlc_provider.errors import CreateFailed, DlcError, WaitTimeout
from dlc_provider.fake import FakeCloud, FaultRule
from dlc_provider.resources.provider import CloudProvider
from dlc_provider.resources.tokens import TAKEOVERS

from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)

__all__ = [
    "Case",
    "cloud",
    "env",
    "inventory",
    "isolated",
    "over",
    "test_a_bad_value_fails_check_with_its_path_and_no_cloud_call",
    "test_a_create_whose_answer_was_dropped_is_found_not_called_someone_elses",
    "test_a_delete_whose_answer_was_dropped_after_it_took_effect_is_done",
    "test_a_failed_create_leaves_nothing_behind",
    "test_a_recreate_after_a_delete_gets_a_new_resource",
    "test_a_rerun_after_an_interrupted_create_finds_the_resource",
    "test_adopting_an_id_that_does_not_exist_fails_clearly",
    "test_adopting_reads_the_resource_and_a_later_destroy_deletes_it",
    "test_create_returns_the_id_outputs_and_one_create_call",
    "test_delete_removes_it_and_a_second_delete_is_fine",
    "test_in_place_change_updates_without_replacing",
    "test_read_of_a_resource_deleted_out_of_band_drops_it",
    "test_read_reports_what_create_returned",
    "test_refresh_shows_an_out_of_band_change_as_drift",
    "test_replacing_change_makes_a_new_resource",
    "test_the_field_lists_name_real_fields_and_do_not_overlap",
    "test_unchanged_inputs_diff_to_no_change",
    "test_when_the_cleanup_fails_too_the_error_names_what_is_left",
]


@dataclass(frozen=True)
class Case:
    name: str
    provider: type
    create_action: str
    delete_action: str
    setup: Callable[[Env], dict[str, Any]]
    inputs: Callable[[dict[str, Any]], dict[str, Any]]
    update: dict[str, Any] | None  # an in-place change (None: nothing to update in place)
    replace: Callable[[dict[str, Any]], dict[str, Any]]
    invalid: tuple[dict[str, Any], str]  # a bad input and the property path check must report
    out_of_band: Callable[[Env, dict[str, Any]], tuple[str, dict[str, Any]]]  # -> (id, inputs to adopt it)
    missing: Callable[[str], str] = lambda resource_id: resource_id[:-4] + "zzzz"  # a like ID that does not exist
    instant: bool = False  # the create is synchronous (no wait that could time out)
    same_id_again: bool = False  # the ID is made of the inputs (a name, a binding): a re-create gets it again
    normalized: frozenset[str] = frozenset()  # fields check stores in another form than written (JSON text)
    delete_before_replace: bool | None = None  # the order `replace` needs (None: the provider's default)

    def __str__(self) -> str:
        return self.name


def over(cases: list[Case]) -> Callable[[pytest.Metafunc], None]:
    """The `pytest_generate_tests` of a module that runs this suite over `cases`."""

    def generate(metafunc: pytest.Metafunc) -> None:
        if "case" in metafunc.fixturenames:
            metafunc.parametrize("case", cases, ids=[case.name for case in cases])

    return generate


def inventory(cloud: FakeCloud) -> set[str]:
    """Everything that exists in the fake (security-group rules, EIP bindings and policy attachments too),
    built-ins (default access groups, default workspace) left out."""
    found: set[str] = set()
    for kinds in cloud.dump().values():
        for kind, records in kinds.items():
            for record in records:
                if record.get("builtin") or record.get("is_default"):
                    continue
                found.add(f"{kind}:{record['id']}")
                for rule in record.get("rules") or []:
                    found.add(f"rule:{record['id']}/{rule['id']}")
                if kind == "eips" and record.get("instance_id"):
                    found.add(f"binding:{record['id']}:{record['instance_id']}")
                for attachment in record.get("attachments") or []:
                    found.add(f"attachment:{record['id']}/{attachment.get('policy_type')}:{attachment.get('policy_name')}")
    return found


def _managed(case: Case, outs: dict[str, Any]) -> dict[str, Any]:
    return {f: outs.get(f) for f in case.provider.SPEC.managed_fields()}


# --- create, read, diff, update, replace, delete --------------------------------------------------------------


def test_create_returns_the_id_outputs_and_one_create_call(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    before = len(env.calls(case.create_action))
    _, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))

    assert created.id
    assert created.outs["status"] in case.provider.READY
    assert created.outs["creation_token"].startswith("dlc")
    for field in case.inputs(ctx):
        if field in case.provider.SPEC.managed_fields():
            assert created.outs[field] == checked[field], field
    assert len(env.calls(case.create_action)) == before + 1


def test_read_reports_what_create_returned(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, _ = env.create(case.provider, "subject", **case.inputs(ctx))

    read = provider.read(created.id, created.outs)

    assert read.id == created.id
    assert _managed(case, read.outs) == _managed(case, created.outs)
    assert read.outs["creation_token"] == created.outs["creation_token"]
    assert read.outs["status"] == created.outs["status"]


def test_unchanged_inputs_diff_to_no_change(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))

    again = env.checked(provider, {"dlc_identity": checked["dlc_identity"], **case.inputs(ctx)}, olds=checked)
    diff = provider.diff(created.id, created.outs, again)

    assert diff.changes is False
    assert diff.replaces == []


def test_in_place_change_updates_without_replacing(env: Env, case: Case) -> None:
    if case.update is None:
        assert case.provider.SPEC.UPDATE_FIELDS == ()
        return
    ctx = case.setup(env)
    provider, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))
    news = env.checked(provider, {**checked, **case.update}, olds=checked)

    diff = provider.diff(created.id, created.outs, news)
    assert diff.changes is True and diff.replaces == []

    updated = provider.update(created.id, created.outs, news)
    for field, value in case.update.items():
        assert updated.outs[field] == news[field], field
        assert field in case.normalized or news[field] == value, field
    assert _managed(case, provider.read(created.id, updated.outs).outs) == _managed(case, updated.outs)
    assert provider.diff(created.id, updated.outs, news).changes is False


def test_replacing_change_makes_a_new_resource(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))
    change = case.replace(ctx)
    news = env.checked(provider, {**checked, **change})

    diff = provider.diff(created.id, created.outs, news)
    assert diff.changes is True
    assert diff.replaces == [f for f in case.provider.SPEC.REPLACE_FIELDS if f in change] == list(change)
    deletes_first = case.provider.DELETE_BEFORE_REPLACE if case.delete_before_replace is None else case.delete_before_replace
    assert diff.delete_before_replace is deletes_first

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


def test_read_of_a_resource_deleted_out_of_band_drops_it(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, _ = env.create(case.provider, "subject", **case.inputs(ctx))
    provider.send_delete(env.session(), created.id, created.outs)  # behind Pulumi's back

    read = provider.read(created.id, created.outs)

    assert read.id == ""
    assert read.outs == {}


def test_refresh_shows_an_out_of_band_change_as_drift(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider, created, checked = env.create(case.provider, "subject", **case.inputs(ctx))
    if case.update is None:
        # Nothing about it can change in place (an attachment): a refresh finds it exactly as it was.
        assert case.provider.SPEC.UPDATE_FIELDS == ()
        refreshed = provider.read(created.id, created.outs)
        assert refreshed.id == created.id
        assert provider.diff(created.id, refreshed.outs, checked).changes is False
        return
    console = case.provider().use_settings(env.settings)
    changed_spec = console.SPEC.model_validate({**checked, **case.update})
    console.send_update(env.session(), created.id, created.outs, changed_spec, list(case.update))

    refreshed = provider.read(created.id, created.outs)
    drift = provider.diff(created.id, refreshed.outs, checked)

    for field, value in case.update.items():
        assert refreshed.outs[field] == changed_spec.model_dump(mode="json")[field], field
        assert field in case.normalized or refreshed.outs[field] == value, field
    assert drift.changes is True
    assert set(drift.replaces or []) == set()


# --- adoption -----------------------------------------------------------------------------------------------------


def test_adopting_reads_the_resource_and_a_later_destroy_deletes_it(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    existing, described = case.out_of_band(env, ctx)
    creates_before = len(env.calls(case.create_action))
    before = inventory(env.cloud)

    provider, adopted, checked = env.create(case.provider, "adopter", adopt_id=existing, **described)

    assert adopted.id == existing
    assert len(env.calls(case.create_action)) == creates_before
    assert inventory(env.cloud) == before
    assert adopted.outs["adopt_id"] == existing
    assert adopted.outs["creation_token"] is None
    again = env.checked(provider, dict(checked), olds=checked)
    assert provider.diff(adopted.id, adopted.outs, again).changes is False
    assert provider.diff(adopted.id, adopted.outs, {**again, "adopt_id": None}).changes is False

    provider.delete(adopted.id, adopted.outs)  # the run that adopted it: kept
    assert provider.read(adopted.id, adopted.outs).id == existing
    TAKEOVERS.clear()  # a later `pulumi destroy`
    provider.delete(adopted.id, adopted.outs)
    assert provider.read(adopted.id, adopted.outs).id == ""


def test_adopting_an_id_that_does_not_exist_fails_clearly(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    existing, described = case.out_of_band(env, ctx)
    missing = case.missing(existing)

    with pytest.raises(DlcError, match=f"adopt_id {missing!r}: no such"):
        env.create(case.provider, "adopter", adopt_id=missing, **described)


# --- validation ----------------------------------------------------------------------------------------------------


def test_a_bad_value_fails_check_with_its_path_and_no_cloud_call(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    calls_before = len(env.cloud.journal)
    bad, path = case.invalid

    result = env.provider(case.provider).check({}, {"dlc_identity": "p/s/t/n", **case.inputs(ctx), **bad})

    assert [f.property for f in result.failures] == [path]
    assert result.failures[0].reason
    assert len(env.cloud.journal) == calls_before


def test_the_field_lists_name_real_fields_and_do_not_overlap(case: Case) -> None:
    spec = case.provider.SPEC
    assert not set(spec.REPLACE_FIELDS) & set(spec.UPDATE_FIELDS)
    assert set(spec.managed_fields()) <= set(spec.model_fields)
    cloud_facing = set(spec.model_fields) - set(META_FIELDS)
    assert cloud_facing == set(spec.managed_fields())


# --- failed creates --------------------------------------------------------------------------------------------------


def _never_ready(provider: CloudProvider, monkeypatch: pytest.MonkeyPatch) -> None:
    original = provider._wait_ready

    def wait(session: Any, resource_id: str, hint: Any, timeout: float, phase: str) -> dict[str, Any]:
        if phase == "create":
            raise WaitTimeout(f"{provider.KIND} {resource_id} did not become ready within 1s (last status: Pending)",
                              resource_id=resource_id, last_status="Pending")
        return original(session, resource_id, hint, timeout, phase)

    monkeypatch.setattr(provider, "_wait_ready", wait)


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


# --- idempotency ---------------------------------------------------------------------------------------------------


def test_a_rerun_after_an_interrupted_create_finds_the_resource(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    provider = env.provider(case.provider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("subject"), **case.inputs(ctx)})
    spec = provider._spec(inputs)
    made = provider.send_create(env.session(), spec, provider.token_of(inputs, spec))
    creates = len(env.calls(case.create_action))

    rerun = env.provider(case.provider).create(inputs)

    assert rerun.id == made
    assert len(env.calls(case.create_action)) == creates
    assert rerun.outs["status"] in case.provider.READY


def test_a_recreate_after_a_delete_gets_a_new_resource(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    raw = {"dlc_identity": env.identity("subject"), **case.inputs(ctx)}
    provider = env.provider(case.provider)
    first = provider.create(env.checked(provider, raw))
    provider.delete(first.id, first.outs)
    creates = len(env.calls(case.create_action))

    # The next up checks the program again with no old inputs (a new incarnation), then creates.
    second = env.provider(case.provider).create(env.checked(provider, raw))

    assert provider.read(second.id, second.outs).id == second.id
    assert second.outs["creation_token"] != first.outs["creation_token"]
    assert len(env.calls(case.create_action)) == creates + 1  # one create, no token of the deleted one replayed
    if not case.same_id_again:
        assert second.id != first.id


def test_a_create_whose_answer_was_dropped_is_found_not_called_someone_elses(env: Env, case: Case) -> None:
    """The create took effect but its answer was lost: the retry finds the resource (by token or natural
    key) instead of failing with "already exists and was not made by this resource"."""
    ctx = case.setup(env)
    before = inventory(env.cloud)
    env.cloud.settings.faults = [FaultRule(kind="drop", action=case.create_action, after=True, max_count=1)]
    try:
        provider = env.provider(case.provider)
        created = provider.create(env.checked(provider, {"dlc_identity": env.identity("subject"), **case.inputs(ctx)}))
    finally:
        env.cloud.settings.faults = []

    assert env.cloud.calls(action=case.create_action, ok=None)[0].fault == "drop"
    assert len(set(inventory(env.cloud)) - set(before)) == 1, "exactly one resource made"
    assert provider.read(created.id, created.outs).id == created.id


def test_a_delete_whose_answer_was_dropped_after_it_took_effect_is_done(env: Env, case: Case) -> None:
    """The retry meets a resource that is gone or going (a status conflict such as IncorrectEipStatus, or
    not found): that is done, not a conflict to wait out until the delete's time limit."""
    ctx = case.setup(env)
    provider, created, _ = env.create(case.provider, "subject", **case.inputs(ctx), timeouts={"delete": 20})
    env.cloud.settings.faults = [FaultRule(kind="drop", action=case.delete_action, after=True, max_count=1)]
    try:
        provider.delete(created.id, created.outs)
    finally:
        env.cloud.settings.faults = []

    assert env.cloud.calls(action=case.delete_action, ok=None)[0].fault == "drop"
    assert len(env.cloud.calls(action=case.delete_action, ok=None)) <= 3
    assert provider.read(created.id, created.outs).id == ""
