"""The legacy RPC HMAC-SHA1 scheme: as `aliyun-python-sdk-core` speaks it (against the server door,
since that SDK ships its own vendored `requests`, which the `responses` mock does not patch), and as
the current SDKs speak it with `signature_algorithm='v2'` (both doors).
"""

from __future__ import annotations

import json

import pytest
from alibabacloud_sts20150401.client import Client as StsClient
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.auth.credentials import StsTokenCredential
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import AcsRequest
from aliyunsdkvpc.request.v20160428.CreateVpcRequest import CreateVpcRequest
from aliyunsdkvpc.request.v20160428.DescribeVpcsRequest import DescribeVpcsRequest
from darabonba.runtime import ExtendsParameters, RuntimeOptions

from dlc_provider.fake import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_STS_ACCESS_KEY_ID,
    DEFAULT_STS_ACCESS_KEY_SECRET,
    DEFAULT_STS_SECURITY_TOKEN,
)

from .builders import REGION, create_vpc
from .doors import Door, api_error


def legacy_client(door: Door, key: str = DEFAULT_ACCESS_KEY_ID, secret: str = DEFAULT_ACCESS_KEY_SECRET,
                  **kwargs: object) -> AcsClient:
    port = int((door.endpoint or "").rsplit(":", 1)[1])
    return AcsClient(key, secret, REGION, port=port, auto_retry=False, **kwargs)


def call(client: AcsClient, request: AcsRequest) -> dict[str, object]:
    """Send to the fake server: the endpoint names the host; the client's port the port."""
    request.set_endpoint("127.0.0.1")
    request.set_protocol_type("http")
    return json.loads(client.do_action_with_exception(request))


def test_describe_vpcs_is_accepted(server_door: Door) -> None:
    vpc_id = create_vpc(server_door)
    reply = call(legacy_client(server_door), DescribeVpcsRequest())
    assert reply["TotalCount"] == 1 and reply["Vpcs"]["Vpc"][0]["VpcId"] == vpc_id
    assert server_door.cloud.journal[-1].action == "DescribeVpcs"


def test_create_with_characters_that_need_encoding(server_door: Door) -> None:
    request = CreateVpcRequest()
    request.set_CidrBlock("192.168.0.0/16")
    request.set_VpcName("legacy name/with*odd~chars+ü")
    vpc_id = call(legacy_client(server_door), request)["VpcId"]
    vpcs = server_door.cloud.dump()["vpc"]["vpcs"]
    assert [(v["id"], v["name"]) for v in vpcs] == [(vpc_id, "legacy name/with*odd~chars+ü")]


def test_wrong_secret_is_reported_the_way_the_sdk_expects(server_door: Door) -> None:
    # The SDK compares the server's string to sign with its own; equal strings mean a wrong secret.
    with pytest.raises(ServerException) as info:
        call(legacy_client(server_door, secret="not-the-secret"), DescribeVpcsRequest())
    assert info.value.get_error_code() == "InvalidAccessKeySecret"
    assert info.value.get_http_status() == 400
    assert server_door.cloud.journal[-1].error_code == "SignatureDoesNotMatch"


def test_unknown_key(server_door: Door) -> None:
    with pytest.raises(ServerException) as info:
        call(legacy_client(server_door, key="LTAI5tNobodyHasThisKey"), DescribeVpcsRequest())
    assert (info.value.get_error_code(), info.value.get_http_status()) == ("InvalidAccessKeyId.NotFound", 404)


def test_sts_token(server_door: Door) -> None:
    credential = StsTokenCredential(DEFAULT_STS_ACCESS_KEY_ID, DEFAULT_STS_ACCESS_KEY_SECRET,
                                    DEFAULT_STS_SECURITY_TOKEN)
    port = int((server_door.endpoint or "").rsplit(":", 1)[1])
    client = AcsClient(region_id=REGION, credential=credential, port=port, auto_retry=False)
    assert call(client, DescribeVpcsRequest())["TotalCount"] == 0
    wrong = StsTokenCredential(DEFAULT_STS_ACCESS_KEY_ID, DEFAULT_STS_ACCESS_KEY_SECRET, "stolen")
    with pytest.raises(ServerException) as info:
        call(AcsClient(region_id=REGION, credential=wrong, port=port, auto_retry=False), DescribeVpcsRequest())
    assert info.value.get_error_code() == "InvalidSecurityToken.MismatchWithAccessKey"


def legacy_mode_sts(door: Door) -> StsClient:
    """The current STS client signing the legacy way (HMAC-SHA1 `Signature` query parameter)."""
    config = door.config()
    config.signature_algorithm = "v2"
    return StsClient(config)


def with_queries(**queries: str) -> RuntimeOptions:
    return RuntimeOptions(extends_parameters=ExtendsParameters(queries=queries))


def test_legacy_scheme_stale_timestamp(door: Door) -> None:
    with api_error("InvalidTimeStamp.Expired", 400):
        legacy_mode_sts(door).get_caller_identity_with_options(with_queries(Timestamp="2020-01-01T00:00:00Z"))


def test_legacy_scheme_reused_nonce(door: Door) -> None:
    runtime = with_queries(SignatureNonce="legacy-nonce-1")
    assert legacy_mode_sts(door).get_caller_identity_with_options(runtime).body.account_id
    with api_error("SignatureNonceUsed", 400):
        legacy_mode_sts(door).get_caller_identity_with_options(runtime)
