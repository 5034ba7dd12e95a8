"""OSS on the fake cloud server, driven by the real engine end to end.

A bucket (versioned, a lifecycle rule, tags), a training script in it, and a DLC job mounting the bucket go
up; an object uploaded with the official OSS SDK is listed next to the script; a second preview is clean.
Without force_destroy the destroy deletes the job and the script, then fails on the bucket with one clear
paragraph and leaves the bucket (and only it) in the state; with force_destroy set by an `up`, the destroy
deletes the objects with the bucket and leaves the fake empty.
"""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import pytest

from dlc_provider.fake.oss.testing import oss_v2_client

from .fake_server import start_fake_server
from .harness import PulumiCommandFailed

PROGRAM = """
import pulumi
from dlc_provider.resources import DlcJob, OssBucket, OssObject

cfg = pulumi.Config()
bucket = OssBucket("ckpt", name="e2e-checkpoints", versioning="Enabled", tags={"team": "ml"},
                   lifecycle_rules=[{"id": "old-checkpoints", "prefix": "ckpt/", "expiration_days": 30}],
                   force_destroy=cfg.get_bool("forceDestroy") or False)
script = OssObject("script", bucket=bucket.name, key="code/train.py", content="print('training')\\n",
                   content_type="text/x-python")
job = DlcJob("train", display_name="oss-mount", framework="pytorch", command="python /mnt/ckpt/code/train.py",
             image="registry.example.com/team/train:1.0",
             roles={"worker": {"count": 1, "spec": "ecs.g6.xlarge"}},
             storage_mounts=[{"kind": "oss", "uri": bucket.uri, "mount_path": "/mnt/ckpt"}],
             envs={"FAKE_DLC_RUN_SECONDS": "forever"}, wait_until="submitted", opts=pulumi.ResourceOptions(depends_on=[script]))
pulumi.export("bucket", bucket.name)
pulumi.export("uri", bucket.uri)
pulumi.export("endpoint", bucket.extranet_endpoint)
pulumi.export("job_id", job.job_id)
"""


def _types(project) -> list[str]:
    return sorted(r["type"].rsplit(":", 1)[-1] for r in project.resources() if r["type"].startswith("pulumi-python"))


def test_bucket_job_and_destroy_with_and_without_force_destroy(pulumi_project):
    server = start_fake_server("--seed", "16")
    try:
        project = pulumi_project(PROGRAM)
        project.use_fake(server.url)
        up = project.up()
        assert "+ 4 created" in up.stdout, up.stdout  # the stack, the bucket, the script, the job
        outputs = project.outputs()
        assert (outputs["bucket"], outputs["uri"], outputs["endpoint"]) == (
            "e2e-checkpoints", "oss://e2e-checkpoints/", "oss-cn-hangzhou.aliyuncs.com")

        client = oss_v2_client(server.url)
        client.put_object(oss.PutObjectRequest(bucket="e2e-checkpoints", key="ckpt/epoch-1.pt", body=b"weights"))
        listed = client.list_objects_v2(oss.ListObjectsV2Request(bucket="e2e-checkpoints"))
        assert [o.key for o in listed.contents] == ["ckpt/epoch-1.pt", "code/train.py"]
        job = server.journal(action="CreateJob")[-1]["params"]
        assert "oss://e2e-checkpoints/" in str(job), job
        project.preview("--expect-no-changes")

        with pytest.raises(PulumiCommandFailed) as failed:
            project.destroy()
        text = str(failed.value)
        assert "e2e-checkpoints cannot be deleted" in text and "force_destroy=True" in text, text
        assert "BucketNotEmpty" in text and "ckpt/epoch-1.pt" in text, text
        assert _types(project) == ["OssBucket"], "only the bucket is left in the state"
        assert [b["id"] for b in server.state()["oss"]["buckets"]] == ["e2e-checkpoints"]

        project.set_config("forceDestroy", "true")
        again = project.up()
        assert "+ 2 created" in again.stdout and "~ 1 updated" in again.stdout, again.stdout
        project.destroy()
        assert project.resources() == []
        assert "oss" not in server.state() or not server.state()["oss"], server.state()
        assert server.resource_count() == 0, server.state()
    finally:
        server.stop()
