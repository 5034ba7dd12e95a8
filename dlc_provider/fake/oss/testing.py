"""The official OSS SDKs pointed at the fake, for tests: `oss2` (V1 or V4 signing) and
`alibabacloud_oss_v2` (V4, or V1). Without an endpoint they use OSS's own hosts
(`<bucket>.oss-<region>.aliyuncs.com`, virtual-host style), which `mock_cloud()` intercepts; with the
server's `127.0.0.1:PORT` they address buckets path-style, as both SDKs do for an IP endpoint."""

from __future__ import annotations

from typing import Any

from ..settings import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION


def _url(endpoint: str | None, region: str) -> str:
    if endpoint is None:
        return f"http://oss-{region}.aliyuncs.com"
    return endpoint if "://" in endpoint else f"http://{endpoint}"


def oss2_auth(*, v4: bool = False, access_key_id: str = DEFAULT_ACCESS_KEY_ID,
              secret: str = DEFAULT_ACCESS_KEY_SECRET, security_token: str | None = None) -> Any:
    import oss2

    if security_token:
        return oss2.StsAuth(access_key_id, secret, security_token, auth_version="v4" if v4 else "v1")
    return oss2.AuthV4(access_key_id, secret) if v4 else oss2.Auth(access_key_id, secret)


def oss2_bucket(name: str, endpoint: str | None = None, *, v4: bool = False, region: str = DEFAULT_REGION,
                **auth: Any) -> Any:
    """An `oss2.Bucket` on the fake."""
    import oss2

    return oss2.Bucket(oss2_auth(v4=v4, **auth), _url(endpoint, region), name, region=region)


def oss2_service(endpoint: str | None = None, *, v4: bool = False, region: str = DEFAULT_REGION, **auth: Any) -> Any:
    import oss2

    return oss2.Service(oss2_auth(v4=v4, **auth), _url(endpoint, region), region=region)


def oss_v2_client(endpoint: str | None = None, *, region: str = DEFAULT_REGION, signature_version: str = "v4",
                  access_key_id: str = DEFAULT_ACCESS_KEY_ID, secret: str = DEFAULT_ACCESS_KEY_SECRET,
                  security_token: str | None = None) -> Any:
    """An `alibabacloud_oss_v2.Client` on the fake."""
    import alibabacloud_oss_v2 as oss

    config = oss.config.load_default()
    config.credentials_provider = oss.credentials.StaticCredentialsProvider(access_key_id, secret, security_token)
    config.region = region
    config.endpoint = _url(endpoint, region)
    config.signature_version = signature_version
    config.retry_max_attempts = 1
    return oss.Client(config)
