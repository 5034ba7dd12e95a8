"""The TrainingStack's checkpoint bucket (under pulumi mocks): a new OssBucket or a bucket brought by name,
mounted into the job, a new role's policy scoped to it, the bucket as an output, and the settings' rules."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from dlc_provider.components import TrainingStack, TrainingStackArgs, TrainingStackError
from dlc_provider.components.settings import check_settings

from ._stack_harness import PREFIX, Recorder, job, recorder  # noqa: F401  (the fixture)


def build(**kwargs: Any) -> tuple[TrainingStack, dict[str, Any]]:
    made: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> Any:
        stack = TrainingStack("exp", zone_ids=["cn-hangzhou-h"], job=job(), **kwargs)
        return pulumi.Output.all(stack.checkpoint_bucket, stack.checkpoint_uri, stack.role_arn).apply(
            lambda values: made.update(bucket=values[0], uri=values[1], role_arn=values[2]))

    program()
    return made["bucket"], made


def test_a_new_checkpoint_bucket_is_mounted_and_output(recorder: Recorder) -> None:
    _, out = build(checkpoint_bucket="new", checkpoint_expiration_days=30, checkpoint_force_destroy=True,
                   tags={"team": "ml"})
    bucket = recorder.one("OssBucket")
    assert bucket.inputs["name"] == f"{PREFIX}-checkpoints" and bucket.inputs["force_destroy"] is True
    assert bucket.inputs["lifecycle_rules"] == [{"id": "expire-checkpoints", "prefix": "", "expiration_days": 30}]
    assert bucket.inputs["tags"] == {"team": "ml"}
    assert recorder.job.inputs["storage_mounts"] == [
        {"kind": "oss", "uri": f"oss://{PREFIX}-checkpoints/", "mount_path": "/mnt/checkpoints"}]
    assert bucket.name in recorder.depends_on(recorder.job)
    assert (out["bucket"], out["uri"]) == (f"{PREFIX}-checkpoints", f"oss://{PREFIX}-checkpoints/")


def test_a_bucket_brought_by_name_is_mounted_and_a_new_role_may_use_only_it(recorder: Recorder) -> None:
    _, out = build(checkpoint_bucket="team-ckpt", checkpoint_mount_path="/ckpt", role="new")
    assert not recorder.of("OssBucket")
    assert recorder.job.inputs["storage_mounts"] == [{"kind": "oss", "uri": "oss://team-ckpt/", "mount_path": "/ckpt"}]
    document = json.loads(recorder.one("RamPolicy").inputs["document"])
    resources = sorted(r for statement in document["Statement"] for r in statement["Resource"])
    assert resources == ["acs:oss:*:*:team-ckpt", "acs:oss:*:*:team-ckpt/*"]
    assert out["bucket"] == "team-ckpt"


def test_no_checkpoint_bucket_by_default(recorder: Recorder) -> None:
    _, out = build()
    assert not recorder.of("OssBucket") and out["bucket"] is None and out["uri"] is None


@pytest.mark.parametrize(("settings", "field", "rule"), [
    ({"checkpoint_bucket": "Team_Ckpt"}, "checkpoint_bucket", "3-63 lowercase letters"),
    ({"checkpoint_bucket": "new", "checkpoint_bucket_name": "x"}, "checkpoint_bucket_name", "3-63"),
    ({"checkpoint_bucket": "team-ckpt", "checkpoint_expiration_days": 3}, "checkpoint_expiration_days",
     "only for a new checkpoint bucket"),
    ({"checkpoint_bucket": "team-ckpt", "checkpoint_force_destroy": True}, "checkpoint_force_destroy",
     "only for a new checkpoint bucket"),
    ({"checkpoint_bucket": "new", "checkpoint_mount_path": "/mnt/data"}, "checkpoint_mount_path", "must differ"),
    ({"checkpoint_bucket": "new", "checkpoint_mount_path": "ckpt"}, "checkpoint_mount_path", "absolute path"),
    ({"checkpoint_bucket": "new", "checkpoint_expiration_days": 0}, "checkpoint_expiration_days", "greater than"),
])
def test_checkpoint_settings_are_checked(settings: dict[str, Any], field: str, rule: str) -> None:
    args = TrainingStackArgs(job=job(), zone_ids=["cn-hangzhou-h"], **settings)
    with pytest.raises(TrainingStackError) as info:
        check_settings(args, "exp-dev", "10.0.0.0/16", True)
    assert f"{field}: " in str(info.value) and rule in str(info.value), str(info.value)


def test_checkpoint_settings_from_config(recorder: Recorder) -> None:
    from ._stack_harness import PROJECT, REGION

    pulumi.runtime.set_all_config({
        "alicloud:region": REGION,
        f"{PROJECT}:checkpointBucket": "new",
        f"{PROJECT}:checkpointBucketName": "exp-ckpt",
        f"{PROJECT}:checkpointExpirationDays": "14",
        f"{PROJECT}:checkpointForceDestroy": "false",
        f"{PROJECT}:checkpointMountPath": "/ckpt",
        f"{PROJECT}:job": json.dumps(job()),
    })
    assert TrainingStackArgs.from_config() == TrainingStackArgs(
        job=job(), checkpoint_bucket="new", checkpoint_bucket_name="exp-ckpt", checkpoint_expiration_days=14,
        checkpoint_force_destroy=False, checkpoint_mount_path="/ckpt")
