"""What is particular to the OSS resources: the global bucket-name rules in check, force_destroy (every
version, delete marker and unfinished upload), a non-empty bucket refusing to go with a clear message,
names taken by another account or by a bucket this resource did not make, and objects from files."""

from __future__ import annotations

import io
from pathlib import Path

import alibabacloud_oss_v2 as oss
import pytest

from dlc_provider.errors import DlcError
from dlc_provider.fake import FakeCloud
from dlc_provider.fake.oss.testing import oss_v2_client
from dlc_provider.fake.settings import AccessKey
from dlc_provider.resources.oss import OssBucketProvider, OssObjectProvider

from ._cloud import Env, assert_refused, cloud, env, failures, isolated  # noqa: F401

BUCKET = {"name": "team-ckpt"}


@pytest.mark.parametrize(("name", "ok"), [
    ("abc", True), ("a-1-b", True), ("ab", False), ("a" * 64, False), ("Upper", False), ("-dash", False),
    ("dash-", False), ("under_score", False), ("dot.ted", False),
])
def test_bucket_names_follow_oss_rules(name: str, ok: bool) -> None:
    found = failures(OssBucketProvider, name=name)
    assert ("name" not in found) is ok, found
    if not ok:
        assert "3-63 lowercase letters, digits and hyphens" in found["name"]


def test_other_rules_are_checked_with_their_paths() -> None:
    assert_refused(OssBucketProvider, {**BUCKET, "storage_class": "Cold"}, "storage_class", "Standard")
    assert_refused(OssBucketProvider, {**BUCKET, "server_side_encryption": {"sse_algorithm": "AES256",
                                                                            "kms_master_key_id": "k"}},
                   "server_side_encryption.kms_master_key_id", "only used with sse_algorithm KMS")
    rule = {"id": "r", "expiration_days": 3}
    assert_refused(OssBucketProvider, {**BUCKET, "lifecycle_rules": [rule, rule]}, "lifecycle_rules", "unique")
    assert_refused(OssBucketProvider, {**BUCKET, "lifecycle_rules": [{"id": "r", "expiration_days": 0}]},
                   "lifecycle_rules[0].expiration_days", "greater than or equal to 1")
    assert_refused(OssObjectProvider, {"bucket": "b-1", "key": "k"}, "content", "exactly one of content and source")


def _fill(client: oss.Client, name: str) -> None:
    for n in range(3):
        client.put_object(oss.PutObjectRequest(bucket=name, key=f"ckpt/{n}.pt", body=b"x" * n))
    client.put_object(oss.PutObjectRequest(bucket=name, key="ckpt/0.pt", body=b"again"))  # a second version
    client.delete_object(oss.DeleteObjectRequest(bucket=name, key="ckpt/1.pt"))  # a delete marker
    client.initiate_multipart_upload(oss.InitiateMultipartUploadRequest(bucket=name, key="big.bin"))


def test_force_destroy_deletes_every_version_marker_and_upload(env: Env) -> None:
    provider, created, _ = env.create(OssBucketProvider, "b", **BUCKET, versioning="Enabled", force_destroy=True)
    _fill(oss_v2_client(), "team-ckpt")
    provider.delete(created.id, created.outs)
    assert env.cloud.is_empty()
    assert env.calls("DeleteMultipleObjects") and env.calls("AbortMultipartUpload")


def test_a_bucket_with_objects_refuses_at_once_with_a_clear_message(env: Env) -> None:
    provider, created, inputs = env.create(OssBucketProvider, "b", **BUCKET)
    oss_v2_client().put_object(oss.PutObjectRequest(bucket="team-ckpt", key="ckpt/1.pt", body=b"1"))
    with pytest.raises(DlcError) as info:
        provider.delete(created.id, created.outs)
    message = str(info.value)
    assert "team-ckpt cannot be deleted" in message and "ckpt/1.pt" in message and "force_destroy=True" in message
    assert "BucketNotEmpty" in message and "request id" in message and "\n" not in message
    assert len(env.calls("DeleteBucket", ok=False)) == 1, "no waiting out the time limit"
    assert provider.read(created.id, created.outs).id == "team-ckpt", "the bucket is still there"
    # Turning force_destroy on is an update without cloud calls; then the destroy goes through.
    checked = env.checked(provider, {**inputs, "force_destroy": True}, created.outs)
    assert provider.diff(created.id, created.outs, checked).replaces == []
    updated = provider.update(created.id, created.outs, checked)
    provider.delete(created.id, updated.outs)
    assert env.cloud.is_empty()


def test_a_name_taken_by_another_account_fails_clearly(env: Env, cloud: FakeCloud) -> None:
    cloud.settings.accounts = {**cloud.settings.accounts, "LTAI5tOther": AccessKey(secret="s", account_id="42")}
    oss_v2_client(access_key_id="LTAI5tOther", secret="s").put_bucket(oss.PutBucketRequest(bucket="team-ckpt"))
    with pytest.raises(DlcError, match="taken by another account.*bucket names are global"):
        env.create(OssBucketProvider, "b", **BUCKET)


def test_a_bucket_this_resource_did_not_make_needs_adopt_id(env: Env) -> None:
    oss_v2_client().put_bucket(oss.PutBucketRequest(bucket="team-ckpt"))
    with pytest.raises(DlcError, match="adopt_id='team-ckpt'"):
        env.create(OssBucketProvider, "b", **BUCKET)
    provider, created, _ = env.create(OssBucketProvider, "b", **BUCKET, adopt_id="team-ckpt", tags={"a": "b"})
    assert created.id == "team-ckpt" and created.outs["tags"] == {"a": "b"}


def test_an_object_from_a_file_diffs_on_its_content(env: Env, tmp_path: Path) -> None:
    env.create(OssBucketProvider, "b", **BUCKET)
    script = tmp_path / "train.py"
    script.write_text("print(1)\n")
    provider, created, checked = env.create(OssObjectProvider, "o", bucket="team-ckpt", key="code/train.py",
                                            source=str(script))
    body = oss_v2_client().get_object(oss.GetObjectRequest(bucket="team-ckpt", key="code/train.py")).body
    assert io.BytesIO(body.read()).read() == b"print(1)\n"
    assert provider.diff(created.id, created.outs, env.checked(provider, checked, created.outs)).changes is False
    script.write_text("print(2)\n")
    news = env.checked(provider, {k: v for k, v in checked.items() if k != "content_md5"}, created.outs)
    diff = provider.diff(created.id, created.outs, news)
    assert diff.changes and not diff.replaces
    provider.update(created.id, created.outs, news)
    body = oss_v2_client().get_object(oss.GetObjectRequest(bucket="team-ckpt", key="code/train.py")).body
    assert body.read() == b"print(2)\n"
