"""Routing of the fake OSS. OSS has no OpenAPI version: the core asks each spec that has `claims` whether a
request is its own (before the OpenAPI dispatch) and lets it `answer`; see `front`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..core.registry import ServiceResponses, ServiceSpec
from ..core.wire import FakeRequest, FakeResponse
from . import front
from .models import OssBackend

if TYPE_CHECKING:
    from ..core.cloud import FakeCloud


@dataclass(frozen=True)
class OssService(ServiceSpec):
    style: ClassVar[str] = "REST"

    def claims(self, request: FakeRequest) -> bool:
        return front.claims(request)

    def answer(self, cloud: FakeCloud, request: FakeRequest) -> FakeResponse:
        return front.handle(cloud, request)


SERVICE = OssService(
    name="oss", version="oss-rest-xml", backend=OssBackend, responses=ServiceResponses, global_service=True,
)
