"""The in-process door: context manager and decorator, any host, regions from the Host header."""

from __future__ import annotations

import requests
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_vpc20160428 import models as vpc
from alibabacloud_vpc20160428.client import Client as VpcClient

from dlc_provider.fake import FakeCloud, FakeSettings, mock_cloud
from dlc_provider.fake.testing import sdk_config

seen_clouds: list[FakeCloud] = []


@mock_cloud(latency="manual")
def make_vpc_in_a_decorated_function() -> str:
    client = VpcClient(sdk_config())
    return client.create_vpc(vpc.CreateVpcRequest(region_id="cn-hangzhou")).body.vpc_id


def test_decorator_gives_a_fresh_fake_per_call() -> None:
    first = make_vpc_in_a_decorated_function()
    second = make_vpc_in_a_decorated_function()
    assert first == second  # same seed, fresh state: the same first ID


def test_overrides_and_settings_object() -> None:
    with mock_cloud(FakeSettings(seed=3), latency="manual", latency_factor=2.0) as cloud:
        assert (cloud.settings.seed, cloud.settings.latency, cloud.settings.latency_factor) == (3, "manual", 2.0)


def test_custom_endpoints_are_intercepted() -> None:
    with mock_cloud() as cloud:
        for endpoint in ("127.0.0.1:9999", "fake.local"):
            assert StsClient(sdk_config(endpoint)).get_caller_identity().body.identity_type == "Account"
        assert len(cloud.journal) == 2


def test_region_comes_from_the_host_when_the_call_names_none() -> None:
    with mock_cloud() as cloud:
        StsClient(sdk_config(region="cn-shanghai")).get_caller_identity()
        StsClient(sdk_config("127.0.0.1:9999", region="cn-shanghai")).get_caller_identity()
        assert [e.region for e in cloud.journal] == ["cn-shanghai", cloud.settings.default_region]


def test_anything_else_is_not_implemented_loudly() -> None:
    with mock_cloud() as cloud:
        reply = requests.get("https://example.com/some/page", timeout=5)
        assert reply.status_code == 501 and reply.json()["Code"] == "NotImplemented"
        assert cloud.journal[-1].status == reply.status_code
