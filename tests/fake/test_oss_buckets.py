"""Fake OSS buckets with both SDKs and both signatures: create, info, list, delete, names and errors."""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import oss2
import pytest

from dlc_provider.fake.settings import AccessKey, default_accounts

from .doors import open_door
from .oss_doors import OssDoor, oss2_error, v2_error


@pytest.mark.parametrize("v4", [False, True], ids=["v1", "v4"])
def test_oss2_bucket_life_cycle(oss_door: OssDoor, v4: bool) -> None:
    bucket = oss_door.bucket("ckpt-oss2", v4=v4)
    bucket.create_bucket(oss2.BUCKET_ACL_PUBLIC_READ, oss2.models.BucketCreateConfig(oss2.BUCKET_STORAGE_CLASS_IA))
    info = bucket.get_bucket_info()
    assert (info.name, info.storage_class, info.acl.grant, info.location) == (
        "ckpt-oss2", "IA", "public-read", "oss-cn-hangzhou")
    assert [b.name for b in oss2.BucketIterator(oss_door.service(v4=v4))] == ["ckpt-oss2"]
    assert bucket.get_bucket_location().location == "oss-cn-hangzhou"
    bucket.put_object("k", b"x")
    with oss2_error("BucketNotEmpty", 409):
        bucket.delete_bucket()
    bucket.delete_object("k")
    bucket.delete_bucket()
    with oss2_error("NoSuchBucket", 404):
        bucket.get_bucket_info()
    assert oss_door.cloud.is_empty()


@pytest.mark.parametrize("signature_version", ["v4", "v1"])
def test_v2_bucket_life_cycle(oss_door: OssDoor, signature_version: str) -> None:
    client = oss_door.v2(signature_version=signature_version)
    client.put_bucket(oss.PutBucketRequest(
        bucket="ckpt-v2", acl="private",
        create_bucket_configuration=oss.CreateBucketConfiguration(storage_class="Standard")))
    info = client.get_bucket_info(oss.GetBucketInfoRequest(bucket="ckpt-v2")).bucket_info
    assert (info.name, info.storage_class, info.acl, info.owner.id) == ("ckpt-v2", "Standard", "private",
                                                                         "1234567890123456")
    names = [b.name for page in client.list_buckets_paginator().iter_page(oss.ListBucketsRequest())
             for b in page.buckets or []]
    assert names == ["ckpt-v2"]
    assert client.is_bucket_exist("ckpt-v2") and not client.is_bucket_exist("not-there-at-all")
    client.delete_bucket(oss.DeleteBucketRequest(bucket="ckpt-v2"))
    with v2_error("NoSuchBucket", 404):
        client.delete_bucket(oss.DeleteBucketRequest(bucket="ckpt-v2"))


def test_bucket_names_are_global_across_accounts() -> None:
    accounts = {**default_accounts(), "LTAI5tOtherAccountKey": AccessKey(secret="OtherSecret", account_id="999")}
    with open_door("server", accounts=accounts) as door:
        mine, theirs = OssDoor(door).v2(), OssDoor(door).v2(access_key_id="LTAI5tOtherAccountKey", secret="OtherSecret")
        mine.put_bucket(oss.PutBucketRequest(bucket="shared-name"))
        with v2_error("BucketAlreadyExists", 409):  # the owner's own bucket too
            mine.put_bucket(oss.PutBucketRequest(bucket="shared-name"))
        with v2_error("BucketAlreadyExists", 409):
            theirs.put_bucket(oss.PutBucketRequest(bucket="shared-name"))
        with v2_error("AccessDenied", 403):
            theirs.get_bucket_info(oss.GetBucketInfoRequest(bucket="shared-name"))
        assert list(theirs.list_buckets_paginator().iter_page(oss.ListBucketsRequest()))[0].buckets in (None, [])


@pytest.mark.parametrize("name", ["ab", "Upper-case", "-starts-with-dash", "ends-with-dash-", "under_score", "a" * 64])
def test_invalid_bucket_names(door: object, name: str) -> None:
    import requests

    from dlc_provider.fake.oss.testing import oss2_auth

    oss_door = OssDoor(door)  # type: ignore[arg-type]
    # Both SDKs refuse such names before sending: sign the request by hand, path style.
    base = f"http://{oss_door.endpoint}" if oss_door.endpoint else "http://oss-cn-hangzhou.aliyuncs.com"
    request = oss2.http.Request("PUT", f"{base}/{name}/", headers={})
    oss2_auth()._sign_request(request, name, "")
    reply = requests.put(f"{base}/{name}/", headers=dict(request.headers), timeout=10)
    assert reply.status_code == 400 and b"<Code>InvalidBucketName</Code>" in reply.content


def test_errors_are_oss_xml(oss_door: OssDoor) -> None:
    with oss2_error("NoSuchBucket", 404) as info:
        oss_door.bucket("no-such-bucket").get_object("k")
    details = info.value.details
    assert details["HostId"] and details["BucketName"] == "no-such-bucket" and details["RequestId"]
    journal = oss_door.cloud.calls("oss", "GetObject")
    assert [(e.status, e.error_code) for e in journal] == [(404, "NoSuchBucket")]
