"""OSS request signing checked by the fake: V1 and V4 headers, signed URLs, STS tokens, wrong keys."""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import oss2
import pytest
import requests

from dlc_provider.fake.settings import DEFAULT_STS_ACCESS_KEY_ID, DEFAULT_STS_ACCESS_KEY_SECRET, DEFAULT_STS_SECURITY_TOKEN

from .oss_doors import OssDoor, oss2_error, v2_error


@pytest.fixture
def ready(oss_door: OssDoor) -> OssDoor:
    oss_door.v2().put_bucket(oss.PutBucketRequest(bucket="signed"))
    oss_door.v2().put_object(oss.PutObjectRequest(bucket="signed", key="dir/file name+1.txt", body=b"payload"))
    return oss_door


@pytest.mark.parametrize("v4", [False, True], ids=["v1", "v4"])
def test_oss2_wrong_secret_and_unknown_key(ready: OssDoor, v4: bool) -> None:
    with oss2_error("SignatureDoesNotMatch", 403) as info:
        ready.bucket("signed", v4=v4, secret="not-the-secret").get_object("dir/file name+1.txt")
    assert "StringToSign" in info.value.details
    with oss2_error("InvalidAccessKeyId", 403):
        ready.bucket("signed", v4=v4, access_key_id="LTAI5tUnknownKey").get_bucket_info()


@pytest.mark.parametrize("signature_version", ["v4", "v1"])
def test_v2_wrong_secret(ready: OssDoor, signature_version: str) -> None:
    client = ready.v2(signature_version=signature_version, secret="not-the-secret")
    with v2_error("SignatureDoesNotMatch", 403):
        client.get_object(oss.GetObjectRequest(bucket="signed", key="dir/file name+1.txt"))


@pytest.mark.parametrize("v4", [False, True], ids=["v1", "v4"])
def test_sts_keys_need_their_token(ready: OssDoor, v4: bool) -> None:
    sts = {"access_key_id": DEFAULT_STS_ACCESS_KEY_ID, "secret": DEFAULT_STS_ACCESS_KEY_SECRET}
    assert ready.bucket("signed", v4=v4, security_token=DEFAULT_STS_SECURITY_TOKEN, **sts).get_object(
        "dir/file name+1.txt").read() == b"payload"
    with oss2_error("InvalidAccessKeyId", 403):
        ready.bucket("signed", v4=v4, **sts).get_object("dir/file name+1.txt")
    client = ready.v2(security_token=DEFAULT_STS_SECURITY_TOKEN, access_key_id=DEFAULT_STS_ACCESS_KEY_ID,
                      secret=DEFAULT_STS_ACCESS_KEY_SECRET)
    assert client.get_object(oss.GetObjectRequest(bucket="signed", key="dir/file name+1.txt")).body.read() == b"payload"


@pytest.mark.parametrize("v4", [False, True], ids=["v1", "v4"])
def test_signed_urls(ready: OssDoor, v4: bool) -> None:
    url = ready.bucket("signed", v4=v4).sign_url("GET", "dir/file name+1.txt", 60)
    assert requests.get(url, timeout=10).content == b"payload"
    tampered = url.replace("file%20name", "file%20other") if "file%20name" in url else url + "x"
    assert requests.get(tampered, timeout=10).status_code in (403, 404)
    presigned = ready.v2().presign(oss.GetObjectRequest(bucket="signed", key="dir/file name+1.txt"))
    assert requests.get(presigned.url, timeout=10).content == b"payload"


def test_anonymous_reads_only_public_buckets(ready: OssDoor) -> None:
    base = f"http://{ready.endpoint}/signed" if ready.endpoint else "http://signed.oss-cn-hangzhou.aliyuncs.com"
    reply = requests.get(f"{base}/dir/file%20name%2B1.txt", timeout=10)
    assert reply.status_code == 403 and b"<Code>AccessDenied</Code>" in reply.content
    ready.bucket("signed").put_bucket_acl(oss2.BUCKET_ACL_PUBLIC_READ)
    assert requests.get(f"{base}/dir/file%20name%2B1.txt",
                        timeout=10).content == b"payload"


def test_virtual_host_style_over_the_server(server_door: object) -> None:
    """oss2 with OSS's real host name, sent to the local server as a proxy: the bucket is read from the host."""
    door = OssDoor(server_door)  # type: ignore[arg-type]
    door.v2().put_bucket(oss.PutBucketRequest(bucket="vhost"))
    bucket = oss2.Bucket(oss2.AuthV4("LTAI5tFakeCloudDefaultKey", "FakeCloudDefaultSecret0000000000"),
                         "http://oss-cn-hangzhou.aliyuncs.com", "vhost", region="cn-hangzhou",
                         proxies={"http": f"http://{door.endpoint}"})
    bucket.put_object("via-host", b"v")
    assert door.v2().get_object(oss.GetObjectRequest(bucket="vhost", key="via-host")).body.read() == b"v"
    assert door.cloud.calls("oss", "PutObject")[-1].params["Bucket"] == "vhost"
