"""ACS3-HMAC-SHA256 (signature V3) checks, with the official clients and one hand-signed request."""

from __future__ import annotations

import hashlib

import requests
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi.utils import Utils
from alibabacloud_vpc20160428 import models as vpc
from darabonba.request import DaraRequest
from darabonba.runtime import ExtendsParameters, RuntimeOptions

from dlc_provider.fake import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_STS_ACCESS_KEY_ID,
    DEFAULT_STS_ACCESS_KEY_SECRET,
    DEFAULT_STS_SECURITY_TOKEN,
)

from .builders import REGION, describe_vpc
from .doors import Door, api_error

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def with_headers(**headers: str) -> RuntimeOptions:
    """Runtime options that make the SDK send (and sign) these header values instead of its own."""
    return RuntimeOptions(extends_parameters=ExtendsParameters(headers=headers))


def test_unknown_key(door: Door) -> None:
    with api_error("InvalidAccessKeyId.NotFound", 404):
        door.sts(access_key_id="LTAI5tNobodyHasThisKey").get_caller_identity()


def test_wrong_secret(door: Door) -> None:
    with api_error("SignatureDoesNotMatch", 400) as info:
        door.sts(secret="not-the-secret").get_caller_identity()
    assert "server string to sign is:ACS3-HMAC-SHA256\n" in info.value.data["Message"]
    assert info.value.request_id == door.cloud.journal[-1].request_id


def test_stale_date(door: Door) -> None:
    with api_error("InvalidTimeStamp.Expired", 400):
        door.sts().get_caller_identity_with_options(with_headers(**{"x-acs-date": "2020-01-01T00:00:00Z"}))


def test_reused_nonce(door: Door) -> None:
    runtime = with_headers(**{"x-acs-signature-nonce": "0123456789abcdef0123456789abcdef"})
    door.sts().get_caller_identity_with_options(runtime)
    with api_error("SignatureNonceUsed", 400):
        door.sts().get_caller_identity_with_options(runtime)


def hand_signed_headers(host: str, signed: list[str]) -> dict[str, str]:
    """Headers of a GetCallerIdentity call whose signature (by the SDK's signer) covers only `signed`."""
    headers = {
        "host": host,
        "x-acs-action": "GetCallerIdentity",
        "x-acs-version": "2015-04-01",
        "x-acs-date": Utils.get_timestamp(),
        "x-acs-signature-nonce": Utils.get_nonce(),
        "x-acs-content-sha256": EMPTY_SHA256,
    }
    request = DaraRequest()
    request.method, request.pathname, request.query = "POST", "/", {}
    request.headers = {name: headers[name] for name in signed}
    headers["Authorization"] = Utils.get_authorization(
        request, "ACS3-HMAC-SHA256", EMPTY_SHA256, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET
    )
    return headers


def test_required_headers_must_be_signed(door: Door) -> None:
    host = door.endpoint or "sts.cn-hangzhou.aliyuncs.com"
    complete = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce",
                "x-acs-version"]
    accepted = requests.post(f"http://{host}/", headers=hand_signed_headers(host, complete), timeout=5)
    assert accepted.status_code == 200 and accepted.json()["AccountId"]

    partial = requests.post(f"http://{host}/", headers=hand_signed_headers(host, ["host", "x-acs-action"]),
                            timeout=5)
    assert partial.status_code == 400 and partial.json()["Code"] == "IncompleteSignature"

    unsigned = hand_signed_headers(host, complete)
    del unsigned["Authorization"]
    refused = requests.post(f"http://{host}/", headers=unsigned, timeout=5)
    assert refused.status_code == 400 and refused.json()["Code"] == "IncompleteSignature"
    assert set(refused.json()) == {"RequestId", "HostId", "Code", "Message", "Recommend"}


def test_query_values_are_canonicalised_like_the_sdk(door: Door) -> None:
    name = "a b/c*~+ü"
    vpc_id = door.vpc().create_vpc(vpc.CreateVpcRequest(region_id=REGION, vpc_name=name)).body.vpc_id
    assert describe_vpc(door, vpc_id).vpc_name == name


def test_sts_token(door: Door) -> None:
    sts_key = {"access_key_id": DEFAULT_STS_ACCESS_KEY_ID, "secret": DEFAULT_STS_ACCESS_KEY_SECRET}
    body = door.sts(security_token=DEFAULT_STS_SECURITY_TOKEN, **sts_key).get_caller_identity().body
    assert body.identity_type == "AssumedRoleUser" and body.arn.endswith(":assumed-role/fakecloudrole/fake-session")
    with api_error("InvalidSecurityToken.MismatchWithAccessKey", 400):
        door.sts(security_token="some-other-token", **sts_key).get_caller_identity()
    with api_error("InvalidSecurityToken.MismatchWithAccessKey", 400):
        door.sts(**sts_key).get_caller_identity()  # an STS key without its token
    with api_error("InvalidSecurityToken.MismatchWithAccessKey", 400):
        door.sts(security_token=DEFAULT_STS_SECURITY_TOKEN).get_caller_identity()  # a permanent key with one


def test_legacy_algorithm_of_the_current_sdk(door: Door) -> None:
    """`Config.signature_algorithm='v2'` signs RPC calls the old HMAC-SHA1 way; the fake accepts it too."""
    config = door.config()
    config.signature_algorithm = "v2"
    assert StsClient(config).get_caller_identity().body.identity_type == "Account"
    config.access_key_secret = "wrong"
    with api_error("SignatureDoesNotMatch", 400):
        StsClient(config).get_caller_identity()
