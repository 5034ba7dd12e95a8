"""The fake OSS through both doors, with both official OSS SDKs (oss2 V1/V4, alibabacloud_oss_v2 V4/V1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import alibabacloud_oss_v2 as oss
import oss2
import pytest

from dlc_provider.fake import FakeCloud
from dlc_provider.fake.oss.testing import oss2_bucket, oss2_service, oss_v2_client

from .doors import Door


@dataclass
class OssDoor:
    door: Door

    @property
    def cloud(self) -> FakeCloud:
        return self.door.cloud

    @property
    def endpoint(self) -> str | None:
        return self.door.endpoint

    def bucket(self, name: str, *, v4: bool = False, **auth: Any) -> oss2.Bucket:
        return oss2_bucket(name, self.endpoint, v4=v4, **auth)

    def service(self, *, v4: bool = False, **auth: Any) -> oss2.Service:
        return oss2_service(self.endpoint, v4=v4, **auth)

    def v2(self, **kwargs: Any) -> oss.Client:
        return oss_v2_client(self.endpoint, **kwargs)


@contextmanager
def oss2_error(code: str, status: int | None = None) -> Iterator[pytest.ExceptionInfo[oss2.exceptions.OssError]]:
    with pytest.raises(oss2.exceptions.OssError) as info:
        yield info
    assert info.value.code == code, f"{info.value.code}: {info.value.message}"
    if status is not None:
        assert info.value.status == status
    assert info.value.request_id


@contextmanager
def v2_error(code: str, status: int | None = None) -> Iterator[pytest.ExceptionInfo[Exception]]:
    with pytest.raises(oss.exceptions.OperationError) as info:
        yield info
    error = info.value.unwrap()
    assert isinstance(error, oss.exceptions.ServiceError), repr(error)
    assert error.code == code, f"{error.code}: {error.message}"
    if status is not None:
        assert error.status_code == status
    assert error.request_id
