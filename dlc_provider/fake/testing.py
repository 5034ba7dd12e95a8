"""Helpers for tests that drive the fake with the official SDK clients."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .settings import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION

if TYPE_CHECKING:
    from alibabacloud_tea_openapi.models import Config


def sdk_config(
    endpoint: str | None = None,
    region: str = DEFAULT_REGION,
    access_key_id: str = DEFAULT_ACCESS_KEY_ID,
    secret: str = DEFAULT_ACCESS_KEY_SECRET,
    security_token: str | None = None,
) -> Config:
    """An SDK `Config` for the fake.

    With `endpoint` (`127.0.0.1:8765`, or a URL such as `http://127.0.0.1:8765`) every client talks to
    that server over plain HTTP. Without it the clients use their default
    `<product>.<region>.aliyuncs.com` hosts, which `mock_cloud()` intercepts.
    """
    from alibabacloud_tea_openapi.models import Config

    config = Config(
        access_key_id=access_key_id,
        access_key_secret=secret,
        security_token=security_token,
        region_id=region,
    )
    if endpoint is not None:
        config.endpoint = endpoint.split("://", 1)[-1].rstrip("/")
        config.protocol = "http"
    return config
