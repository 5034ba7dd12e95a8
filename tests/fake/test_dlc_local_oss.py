"""A locally run job's OSS mount is backed by the fake's OSS: the bucket's objects are in the mount folder when
the job starts, and what the job wrote, changed or removed there is in the bucket when it ends (both doors)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import alibabacloud_oss_v2 as oss
import pytest
from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.oss.testing import oss_v2_client
from dlc_provider.fake.pai_dlc.models.local_oss import oss_location
from dlc_provider.fake.pai_dlc.testing import dlc_client

from .doors import Door, open_door
from .local_run import leaked, pod_logs, wait_status
from .test_dlc_local_run import cpu_job

BUCKET = "team-ckpt"


@pytest.fixture(params=["mock", "server"])
def local_door(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Door]:
    with open_door(request.param, execute_jobs=True, exec_dir=tmp_path) as opened:
        yield opened
    assert leaked(tmp_path, timeout=0) == []


def _keys(client: oss.Client) -> dict[str, bytes]:
    listed = client.list_objects_v2(oss.ListObjectsV2Request(bucket=BUCKET)).contents or []
    return {str(o.key): client.get_object(oss.GetObjectRequest(bucket=BUCKET, key=o.key)).body.read() for o in listed}


def test_the_job_reads_the_bucket_and_its_writes_become_objects(local_door: Door) -> None:
    store = oss_v2_client(local_door.endpoint)
    store.put_bucket(oss.PutBucketRequest(bucket=BUCKET))
    for key, body in {"runs/a/data.txt": b"12 34", "runs/a/old.pt": b"stale", "other/keep.txt": b"x"}.items():
        store.put_object(oss.PutObjectRequest(bucket=BUCKET, key=key, body=body))
    script = ("import os; a, b = open('/mnt/ckpt/data.txt').read().split(); os.makedirs('/mnt/ckpt/epoch-1', "
              "exist_ok=True); open('/mnt/ckpt/epoch-1/model.pt', 'w').write(str(int(a) + int(b))); "
              "os.remove('/mnt/ckpt/old.pt'); print('saved')")
    mount = [dlc.CreateJobRequestDataSources(uri=f"oss://{BUCKET}.oss-cn-hangzhou-internal.aliyuncs.com/runs/a/",
                                             mount_path="/mnt/ckpt")]
    client = dlc_client(local_door.endpoint)
    job_id = client.create_job(cpu_job(f'python -c "{script}"', data_sources=mount)).body.job_id
    job = wait_status(client, job_id)
    assert job.status == "Succeeded", job.reason_message
    logs = pod_logs(client, job_id, f"{job_id}-worker-0")
    assert "saved" in logs
    assert any("/mnt/ckpt: 2 objects of oss://team-ckpt/runs/a/ copied in" in line for line in logs), logs
    assert _keys(store) == {"runs/a/data.txt": b"12 34", "runs/a/epoch-1/model.pt": b"46", "other/keep.txt": b"x"}


def test_a_bucket_the_fake_does_not_have_is_a_local_folder_only(local_door: Door) -> None:
    mount = [dlc.CreateJobRequestDataSources(uri="oss://nobody-has-this/ckpt/", mount_path="/mnt/ckpt")]
    client = dlc_client(local_door.endpoint)
    job_id = client.create_job(cpu_job("echo w > /mnt/ckpt/f.txt", data_sources=mount)).body.job_id
    assert wait_status(client, job_id).status == "Succeeded"
    logs = pod_logs(client, job_id, f"{job_id}-worker-0")
    assert any("OSS bucket nobody-has-this is not in the fake's OSS; /mnt/ckpt is a local folder only" in line
               for line in logs), logs


@pytest.mark.parametrize(("uri", "location"), [
    ("oss://b-1/", ("b-1", "")), ("oss://b-1", ("b-1", "")), ("oss://b-1.oss-cn-hangzhou.aliyuncs.com/x/y", ("b-1", "x/y/")),
    ("oss://b-1/../x/./", ("b-1", "x/")), ("nas://fs/", None),
])
def test_oss_locations(uri: str, location: tuple[str, str] | None) -> None:
    assert oss_location(uri) == location
