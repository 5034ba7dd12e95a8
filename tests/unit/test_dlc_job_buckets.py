"""A DlcJob's OSS storage mounts name buckets that must exist: checked with GetBucketInfo before CreateJob,
so a typo fails `up` at once, naming the input; a bucket of another account (AccessDenied) is left to the
service."""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import pytest

from dlc_provider.errors import DlcError
from dlc_provider.fake import FakeCloud
from dlc_provider.fake.oss.testing import oss_v2_client
from dlc_provider.fake.settings import AccessKey
from dlc_provider.resources.bucket_refs import bucket_of
from dlc_provider.resources.dlc_job import DlcJobProvider

from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)
from .test_dlc_job_resource import job


def mounts(*buckets: str) -> list[dict[str, str]]:
    return [{"kind": "oss", "uri": f"oss://{name}/ckpt/", "mount_path": f"/mnt/{n}"} for n, name in enumerate(buckets)]


def test_a_missing_bucket_fails_before_create_job_naming_the_mount(env: Env) -> None:
    oss_v2_client().put_bucket(oss.PutBucketRequest(bucket="team-data"))
    with pytest.raises(DlcError) as failed:
        env.create(DlcJobProvider, "job", **job(storage_mounts=mounts("team-data", "team-ckpts-typo")))
    text = str(failed.value)
    assert "storage_mounts[1].uri names the OSS bucket 'team-ckpts-typo', which does not exist" in text
    assert "NoSuchBucket" in text and "request id" in text
    assert env.calls("CreateJob", ok=None) == []
    assert len(env.calls("GetBucketInfo", ok=None)) == 2


def test_existing_buckets_are_checked_once_each_and_the_job_goes_up(env: Env) -> None:
    oss_v2_client().put_bucket(oss.PutBucketRequest(bucket="team-data"))
    _, created, _ = env.create(DlcJobProvider, "job", **job(storage_mounts=mounts("team-data", "team-data")))
    assert created.id and len(env.calls("GetBucketInfo")) == 1


def test_a_bucket_these_credentials_may_not_read_is_left_to_the_service(env: Env, cloud: FakeCloud) -> None:
    cloud.settings.accounts = {**cloud.settings.accounts, "LTAI5tOther": AccessKey(secret="s", account_id="42")}
    oss_v2_client(access_key_id="LTAI5tOther", secret="s").put_bucket(oss.PutBucketRequest(bucket="their-data"))
    _, created, _ = env.create(DlcJobProvider, "job", **job(storage_mounts=mounts("their-data")))
    assert created.id
    assert [call.error_code for call in env.calls("GetBucketInfo", ok=None)] == ["AccessDenied"]


@pytest.mark.parametrize(("uri", "bucket"), [
    ("oss://team-data/x/", "team-data"), ("oss://team-data", "team-data"),
    ("oss://team-data.oss-cn-hangzhou-internal.aliyuncs.com/x/", "team-data"), ("nas://fs.cn-hangzhou/", None),
])
def test_bucket_of(uri: str, bucket: str | None) -> None:
    assert bucket_of(uri) == bucket
