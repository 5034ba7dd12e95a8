"""`DlcJob` read and adoption compare every modelled input GetJob reports: drift shows with its input path
(and the next diff replaces the job), equal jobs show none, secrets never show, hidden values never drift."""

from __future__ import annotations

from typing import Any

import pytest

from dlc_provider.errors import DlcError
from dlc_provider.resources.dlc_job import DlcJobProvider
from dlc_provider.waiting import add_progress_listener

from ._cloud import Env, cloud, env, isolated, manual_env  # noqa: F401  (fixtures)
from .test_dlc_job_resource import _submit_out_of_band, job

RICH = {
    "roles": {"worker": {"count": 2, "spec": "ecs.gn6i-c4g1.xlarge", "restart_policy": "OnFailure",
                         "system_disk": {"category": "cloud_essd", "size": 100},
                         "service_spec": {"default_port": 8000, "service_mode": "PerRole"}}},
    "custom_envs": [{"key": "API_TOKEN", "value": "tok-s3cret", "visible": False},
                    {"key": "STAGE", "value": "dev", "visible": True}],
    "settings": {"termination_grace_period_seconds": 30, "enable_oss_append": True},
}  # fmt: skip


def refresh(env: Env, provider: Any, job_id: str, outs: dict[str, Any]) -> tuple[Any, list[str]]:
    messages: list[str] = []
    remove = add_progress_listener(lambda event: messages.append(event.message or ""))
    try:
        return provider.read(job_id, outs), messages
    finally:
        remove()


def test_an_unchanged_job_shows_no_drift(env: Env) -> None:
    provider, created, checked = env.create(DlcJobProvider, "job", **job(**RICH))
    read, messages = refresh(env, provider, created.id, created.outs)
    assert not [m for m in messages if m.startswith("drift")], messages
    assert provider.diff(created.id, read.outs, checked).changes is False


@pytest.mark.parametrize(("edit", "path", "field"), [
    (lambda body: body["JobSpecs"][0].update(RestartPolicy="Never"), "roles.worker.restart_policy", "roles"),
    (lambda body: body["JobSpecs"][0]["SystemDisk"].update(Size=200), "roles.worker.system_disk.size", "roles"),
    (lambda body: body["Settings"].update(TerminationGracePeriodSeconds=5),
     "settings.termination_grace_period_seconds", "settings"),
    (lambda body: body["CustomEnvs"][1].update(Value="prod"), "custom_envs[1].value", "custom_envs"),
    (lambda body: body.update(UserCommand="python other.py"), "command", "command"),
])  # fmt: skip
def test_drift_shows_with_its_path_and_the_next_diff_replaces(env: Env, edit: Any, path: str, field: str) -> None:
    provider, created, checked = env.create(DlcJobProvider, "job", **job(**RICH))
    stored = env.cloud.backend("pai-dlc").get_job(created.id)
    edit(stored.body)  # changed outside the stack (the fake echoes its stored request)
    stored.job_specs = stored.body["JobSpecs"]
    stored.user_command = stored.body["UserCommand"]
    read, messages = refresh(env, provider, created.id, created.outs)
    drifts = [m for m in messages if m.startswith("drift")]
    assert any(m.startswith(f"drift: {path} is ") for m in drifts), drifts
    assert "tok-s3cret" not in " ".join(drifts) and "'prod'" not in " ".join(drifts)  # secrets: fingerprints only
    assert field in provider.diff(created.id, read.outs, checked).replaces


def test_an_invisible_value_hidden_by_get_job_never_drifts(env: Env) -> None:
    provider, created, _ = env.create(DlcJobProvider, "job", **job(**RICH))
    read, messages = refresh(env, provider, created.id, created.outs)  # GetJob shows ****** for API_TOKEN
    assert read.outs["custom_envs"] == created.outs["custom_envs"]
    assert "tok-s3cret" not in repr(read.outs) and "tok-s3cret" not in repr(messages)


def test_adoption_compares_every_modelled_field(env: Env) -> None:
    job_id = _submit_out_of_band(env, job(**RICH))
    different = {**RICH, "settings": {"termination_grace_period_seconds": 90, "enable_oss_append": True}}
    with pytest.raises(DlcError, match=r"settings\.termination_grace_period_seconds is 30 in the cloud but 90"):
        env.create(DlcJobProvider, "adopted", **job(**different), adopt_id=job_id)
    provider, adopted, checked = env.create(DlcJobProvider, "same", **job(**RICH), adopt_id=job_id)
    assert adopted.id == job_id and provider.diff(job_id, adopted.outs, checked).changes is False
