"""The two front doors of the fake as test objects, and the API-error assertion the tests share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from alibabacloud_ecs20140526.client import Client as EcsClient
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_tea_openapi.models import Config
from alibabacloud_vpc20160428.client import Client as VpcClient

from dlc_provider.fake import FakeCloud, FakeSettings, mock_cloud, serve_in_thread
from dlc_provider.fake.testing import sdk_config


@dataclass
class Door:
    name: str
    cloud: FakeCloud
    endpoint: str | None  # host:port of the server; None = SDK default hosts, caught by the mock

    def config(self, **kwargs: Any) -> Config:
        return sdk_config(self.endpoint, **kwargs)

    def vpc(self, **kwargs: Any) -> VpcClient:
        return VpcClient(self.config(**kwargs))

    def ecs(self, **kwargs: Any) -> EcsClient:
        return EcsClient(self.config(**kwargs))

    def sts(self, **kwargs: Any) -> StsClient:
        return StsClient(self.config(**kwargs))


@contextmanager
def open_door(name: str, **settings: Any) -> Iterator[Door]:
    if name == "mock":
        with mock_cloud(**settings) as cloud:
            yield Door("mock", cloud, None)
    else:
        with serve_in_thread(FakeSettings(**settings)) as server:
            yield Door("server", server.cloud, server.endpoint)


@contextmanager
def api_error(code: str, status: int | None = None) -> Iterator[pytest.ExceptionInfo[AlibabaCloudException]]:
    """Expect the SDK to raise an API error with this code (and HTTP status)."""
    with pytest.raises(AlibabaCloudException) as info:
        yield info
    assert info.value.code == code, f"{info.value.code}: {info.value.message}"
    if status is not None:
        assert info.value.status_code == status
