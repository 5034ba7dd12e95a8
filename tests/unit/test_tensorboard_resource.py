"""`Tensorboard` against the fake PAI-DLC: create for a job's summary directory (URL as output), read,
diff (every input replaces), adoption, idempotent re-run, delete, and check without cloud calls."""

from __future__ import annotations

from typing import Any

import pytest

from dlc_provider.fake import FaultRule
from dlc_provider.clients import pai_dlc as api
from dlc_provider.errors import DlcError
from dlc_provider.resources.dlc_job import DlcJobProvider
from dlc_provider.resources.tensorboard import Tensorboard, TensorboardProvider
from dlc_provider.resources.tokens import TAKEOVERS

from ._cloud import Env, cloud, env, isolated, manual_env  # noqa: F401  (fixtures)

SUMMARIES = "oss://bucket/runs/train-1/"


def a_job(env: Env) -> str:
    _, created, _ = env.create(
        DlcJobProvider, "job", display_name="train-1", command="python train.py", framework="pytorch",
        image="registry.example.com/team/train:1.0", roles={"worker": {"count": 1, "spec": "ecs.gn6i-c4g1.xlarge"}},
        envs={"FAKE_DLC_RUN_SECONDS": "forever"},
    )
    return str(created.id)


def board(job_id: str, **more: Any) -> dict[str, Any]:
    return {"job_id": job_id, "summary_path": SUMMARIES, **more}


def test_create_waits_for_running_and_outputs_the_url(manual_env: Env) -> None:
    env = manual_env
    job_id = a_job(env)
    provider, created, checked = env.create(TensorboardProvider, "tb", **board(job_id))

    outs = created.outs
    assert outs["status"] == "Running" and outs["tensorboard_id"] == created.id
    assert outs["url"].startswith("https://") and created.id in outs["url"]
    assert outs["job_id"] == job_id and outs["summary_path"] == SUMMARIES
    assert outs["observed_display_name"].startswith("tb-")
    sent = env.cloud.backend("pai-dlc").get_tensorboard(created.id)
    assert sent.job_id == job_id and sent.summary_path == SUMMARIES
    assert provider.diff(created.id, outs, checked).changes is False
    assert provider.read(created.id, outs).outs["url"] == outs["url"]


def test_every_input_replaces(env: Env) -> None:
    job_id = a_job(env)
    provider, created, checked = env.create(TensorboardProvider, "tb", **board(job_id))
    diff = provider.diff(created.id, created.outs, {**checked, "summary_path": "oss://bucket/other/"})
    assert diff.changes is True and diff.replaces == ["summary_path"]


def test_a_rerun_after_a_crash_finds_the_tensorboard(env: Env) -> None:
    job_id = a_job(env)
    provider = env.provider(TensorboardProvider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("tb"), **board(job_id)})
    spec = provider._spec(inputs)
    made = provider.send_create(env.session(), spec, provider.token_of(inputs, spec))

    rerun = env.provider(TensorboardProvider).create(inputs)

    assert rerun.id == made and len(env.calls("CreateTensorboard")) == 1


def test_delete_and_already_gone(env: Env) -> None:
    job_id = a_job(env)
    provider, created, _ = env.create(TensorboardProvider, "tb", **board(job_id))
    provider.delete(created.id, created.outs)
    assert api.get_tensorboard(env.session(), created.id) is None
    assert provider.read(created.id, created.outs).id == ""
    provider.delete(created.id, created.outs)


def test_adopt_an_existing_tensorboard(env: Env) -> None:
    job_id = a_job(env)
    _, first, _ = env.create(TensorboardProvider, "first", **board(job_id))
    TAKEOVERS.clear()
    provider, adopted, checked = env.create(TensorboardProvider, "adopted", **board(job_id), adopt_id=first.id)
    assert adopted.id == first.id and len(env.calls("CreateTensorboard")) == 1
    assert provider.diff(first.id, adopted.outs, checked).changes is False
    with pytest.raises(DlcError, match="cannot adopt"):
        env.create(TensorboardProvider, "clash", **board(job_id, summary_path="oss://b/x/"), adopt_id=first.id)


def test_invalid_inputs_fail_check_without_cloud_calls(env: Env) -> None:
    provider = env.provider(TensorboardProvider)
    result = provider.check({}, {"dlc_identity": env.identity("tb"), "job_id": "", "cpu": 0})
    assert {f.property for f in result.failures} == {"job_id", "cpu"}
    assert env.cloud.calls() == []


def test_the_url_is_a_secret_output() -> None:
    assert "url" in Tensorboard.OUTPUTS


def test_a_dropped_create_answer_is_found_by_name_not_created_again(env: Env) -> None:
    job_id = a_job(env)
    env.cloud.settings.faults = [FaultRule(kind="drop", action="CreateTensorboard", after=True, max_count=1)]
    try:
        _, created, _ = env.create(TensorboardProvider, "tb", **board(job_id))
    finally:
        env.cloud.settings.faults = []

    assert len(env.calls("CreateTensorboard", ok=None)) == 1
    assert [b["TensorboardId"] for b in api.list_tensorboards(env.session(), job_id=job_id)] == [created.id]
