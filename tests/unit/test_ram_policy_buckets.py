"""A RamPolicy's document names OSS buckets that must exist: each literal bucket is checked with
GetBucketInfo before CreatePolicy (and before a new policy version), so a typo fails `up` naming the place
in the document; wildcards name no one bucket and are not checked."""

from __future__ import annotations

import json

import alibabacloud_oss_v2 as oss
import pytest

from dlc_provider.errors import DlcError
from dlc_provider.fake.oss.testing import oss_v2_client
from dlc_provider.resources.bucket_refs import policy_buckets
from dlc_provider.resources.ram import RamPolicyProvider

from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)


def document(*resources: str | list[str]) -> dict:
    return {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": r} for r in resources]}


def test_a_missing_bucket_fails_before_create_policy_naming_its_place(env: Env) -> None:
    oss_v2_client().put_bucket(oss.PutBucketRequest(bucket="team-data"))
    with pytest.raises(DlcError) as failed:
        env.create(RamPolicyProvider, "policy", name="oss-rw",
                   document=document(["acs:oss:*:*:team-data/*", "acs:oss:*:*:team-ckpt-typo/*"]))
    text = str(failed.value)
    assert "document Statement[0].Resource[1] (acs:oss:*:*:team-ckpt-typo/*) names the OSS bucket 'team-ckpt-typo'" in text
    assert "does not exist" in text and "NoSuchBucket" in text
    assert env.calls("CreatePolicy", ok=None) == []


def test_existing_buckets_are_checked_once_each_and_the_policy_is_made(env: Env) -> None:
    oss_v2_client().put_bucket(oss.PutBucketRequest(bucket="team-data"))
    _, created, _ = env.create(RamPolicyProvider, "policy", name="oss-rw",
                               document=document(["acs:oss:*:*:team-data", "acs:oss:*:*:team-data/*"]))
    assert created.id == "oss-rw"
    assert len(env.calls("GetBucketInfo")) == 1


def test_a_new_policy_version_is_checked_too(env: Env) -> None:
    oss_v2_client().put_bucket(oss.PutBucketRequest(bucket="team-data"))
    provider, created, checked = env.create(RamPolicyProvider, "policy", name="oss-rw",
                                            document=document("acs:oss:*:*:team-data/*"))
    news = env.checked(provider, {**checked, "document": document("acs:oss:*:*:gone-bucket/*")}, olds=checked)
    with pytest.raises(DlcError, match="names the OSS bucket 'gone-bucket'"):
        provider.update(created.id, created.outs, news)
    assert env.calls("CreatePolicyVersion", ok=None) == []


def test_policies_naming_no_one_bucket_make_no_oss_call(env: Env) -> None:
    env.create(RamPolicyProvider, "policy", name="any-oss",
               document=document("*", "acs:oss:*:*:team-*/*", "acs:ecs:*:*:instance/*"))
    assert env.calls("GetBucketInfo", ok=None) == []


def test_policy_buckets_reads_string_and_list_resources() -> None:
    text = json.dumps(document("acs:oss:*:*:one-bucket", ["acs:oss:cn-hangzhou:123:two-bucket/ckpt/*", "*"]))
    assert list(policy_buckets(text)) == [
        ("document Statement[0].Resource (acs:oss:*:*:one-bucket)", "one-bucket"),
        ("document Statement[1].Resource[0] (acs:oss:cn-hangzhou:123:two-bucket/ckpt/*)", "two-bucket"),
    ]
