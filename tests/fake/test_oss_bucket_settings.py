"""Fake OSS bucket settings with both SDKs: tags, lifecycle rules (expiring on the fake clock), versioning
(versions and delete markers), server-side encryption, policy and ACL."""

from __future__ import annotations

import json

import alibabacloud_oss_v2 as oss
import oss2
import pytest
from oss2.models import (
    BucketLifecycle,
    BucketVersioningConfig,
    LifecycleExpiration,
    LifecycleRule,
    ServerSideEncryptionRule,
    Tagging,
    TaggingRule,
)

from .doors import open_door
from .oss_doors import OssDoor, oss2_error, v2_error


@pytest.fixture
def client(oss_door: OssDoor) -> oss.Client:
    made = oss_door.v2()
    made.put_bucket(oss.PutBucketRequest(bucket="settings"))
    return made


def test_tags_given_with_the_bucket(oss_door: OssDoor) -> None:
    client = oss_door.v2()
    client.put_bucket(oss.PutBucketRequest(bucket="tagged", bucket_tagging="team=ml&note=a%20b"))
    got = client.get_bucket_tags(oss.GetBucketTagsRequest(bucket="tagged")).tagging.tag_set.tags
    assert {t.key: t.value for t in got} == {"team": "ml", "note": "a b"}


def test_tags(oss_door: OssDoor, client: oss.Client) -> None:
    client.put_bucket_tags(oss.PutBucketTagsRequest(bucket="settings", tagging=oss.Tagging(tag_set=oss.TagSet(
        tags=[oss.Tag(key="team", value="ml"), oss.Tag(key="stack", value="dev")]))))
    got = client.get_bucket_tags(oss.GetBucketTagsRequest(bucket="settings")).tagging.tag_set.tags
    assert {t.key: t.value for t in got} == {"team": "ml", "stack": "dev"}
    rule = TaggingRule()
    rule.add("owner", "me")
    bucket = oss_door.bucket("settings")
    bucket.put_bucket_tagging(Tagging(rule))
    assert bucket.get_bucket_tagging().tag_set.tagging_rule == {"owner": "me"}
    bucket.delete_bucket_tagging()
    with v2_error("NoSuchTagSet", 404):
        client.get_bucket_tags(oss.GetBucketTagsRequest(bucket="settings"))


def test_lifecycle_rules_expire_objects_on_the_fake_clock() -> None:
    with open_door("mock", latency="manual") as door:
        oss_door = OssDoor(door)
        bucket = oss_door.bucket("expiring")
        bucket.create_bucket()
        bucket.put_bucket_lifecycle(BucketLifecycle([LifecycleRule(
            "old-checkpoints", "ckpt/", status=LifecycleRule.ENABLED, expiration=LifecycleExpiration(days=3))]))
        rules = oss_door.v2().get_bucket_lifecycle(oss.GetBucketLifecycleRequest(bucket="expiring")).lifecycle_configuration.rules
        assert [(r.id, r.prefix, r.status, r.expiration.days) for r in rules] == [("old-checkpoints", "ckpt/", "Enabled", 3)]
        bucket.put_object("ckpt/1.pt", b"1")
        bucket.put_object("keep/1.pt", b"1")
        door.cloud.clock.advance(2 * 86400)
        bucket.put_object("ckpt/2.pt", b"2")
        door.cloud.clock.advance(1.5 * 86400)
        assert [o.key for o in oss2.ObjectIterator(bucket)] == ["ckpt/2.pt", "keep/1.pt"]
        bucket.delete_bucket_lifecycle()
        with oss2_error("NoSuchLifecycle", 404):
            bucket.get_bucket_lifecycle()


def test_versioning_keeps_versions_and_delete_markers(oss_door: OssDoor, client: oss.Client) -> None:
    assert client.get_bucket_versioning(oss.GetBucketVersioningRequest(bucket="settings")).version_status is None
    config = BucketVersioningConfig()
    config.status = oss2.BUCKET_VERSIONING_ENABLE
    bucket = oss_door.bucket("settings")
    bucket.put_bucket_versioning(config)
    first = bucket.put_object("model.pt", b"v1").versionid
    second = bucket.put_object("model.pt", b"v2").versionid
    assert first != second and bucket.get_object("model.pt", params={"versionId": first}).read() == b"v1"
    bucket.delete_object("model.pt")
    with oss2_error("NoSuchKey", 404):
        bucket.get_object("model.pt")
    listed = client.list_object_versions(oss.ListObjectVersionsRequest(bucket="settings"))
    assert [v.version_id for v in listed.version] == [second, first]
    assert len(listed.delete_marker) == 1 and listed.delete_marker[0].is_latest
    with v2_error("BucketNotEmpty", 409):
        client.delete_bucket(oss.DeleteBucketRequest(bucket="settings"))
    for version_id in [listed.delete_marker[0].version_id, first, second]:
        client.delete_object(oss.DeleteObjectRequest(bucket="settings", key="model.pt", version_id=version_id))
    client.delete_bucket(oss.DeleteBucketRequest(bucket="settings"))


def test_encryption(oss_door: OssDoor, client: oss.Client) -> None:
    with v2_error("NoSuchServerSideEncryptionRule", 404):
        client.get_bucket_encryption(oss.GetBucketEncryptionRequest(bucket="settings"))
    client.put_bucket_encryption(oss.PutBucketEncryptionRequest(bucket="settings", server_side_encryption_rule=
        oss.ServerSideEncryptionRule(apply_server_side_encryption_by_default=oss.ApplyServerSideEncryptionByDefault(
            sse_algorithm="KMS", kms_master_key_id="key-123"))))
    rule = client.get_bucket_encryption(oss.GetBucketEncryptionRequest(bucket="settings"))
    default = rule.server_side_encryption_rule.apply_server_side_encryption_by_default
    assert (default.sse_algorithm, default.kms_master_key_id) == ("KMS", "key-123")
    info = oss_door.bucket("settings").get_bucket_info()
    assert info.bucket_encryption_rule.sse_algorithm == "KMS"
    oss_door.bucket("settings").put_bucket_encryption(ServerSideEncryptionRule("AES256"))
    assert oss_door.bucket("settings").get_bucket_encryption().sse_algorithm == "AES256"
    with oss2_error("InvalidArgument", 400):
        oss_door.bucket("settings").put_bucket_encryption(ServerSideEncryptionRule("ROT13"))
    client.delete_bucket_encryption(oss.DeleteBucketEncryptionRequest(bucket="settings"))


def test_policy_and_acl(oss_door: OssDoor, client: oss.Client) -> None:
    policy = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["oss:GetObject"],
                                             "Principal": ["*"], "Resource": ["acs:oss:*:*:settings/*"]}]}
    client.put_bucket_policy(oss.PutBucketPolicyRequest(bucket="settings", body=json.dumps(policy)))
    assert json.loads(client.get_bucket_policy(oss.GetBucketPolicyRequest(bucket="settings")).body) == policy
    with oss2_error("InvalidPolicyDocument", 400):
        oss_door.bucket("settings").put_bucket_policy("not json")
    client.delete_bucket_policy(oss.DeleteBucketPolicyRequest(bucket="settings"))
    with v2_error("NoSuchBucketPolicy", 404):
        client.get_bucket_policy(oss.GetBucketPolicyRequest(bucket="settings"))
    client.put_bucket_acl(oss.PutBucketAclRequest(bucket="settings", acl="public-read"))
    assert client.get_bucket_acl(oss.GetBucketAclRequest(bucket="settings")).acl == "public-read"
    assert oss_door.bucket("settings").get_bucket_acl().acl == "public-read"
