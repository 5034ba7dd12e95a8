"""The `alibabacloud_oss_v2` client for provider settings: the region, the credentials (static keys, or the
Alibaba credentials chain through `shared_credential`), and `dlc:endpoint` / `dlc:endpoints.oss` if set
(path-style addressing for a local endpoint, as `<bucket>.127.0.0.1` does not resolve). The SDK's own
retries are off: `Session` retries transient errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import alibabacloud_oss_v2 as oss

from ..config import ProviderSettings

__all__ = ["new_client"]

SERVICE = "oss"


class _ChainCredentials(oss.credentials.CredentialsProvider):
    """The Alibaba credentials library's client (profile, default chain) as the OSS SDK's provider."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def get_credentials(self) -> oss.credentials.Credentials:
        found = self._client.get_credential()
        return oss.credentials.Credentials(found.access_key_id, found.access_key_secret, found.security_token)


def new_client(settings: ProviderSettings, shared_credential: Callable[[], Any]) -> oss.Client:
    """The SDK client for these settings (`Session` calls this once per thread)."""
    config = oss.config.load_default()
    creds = settings.credentials
    if creds.source == "static":
        config.credentials_provider = oss.credentials.StaticCredentialsProvider(
            creds.access_key_id, creds.access_key_secret, creds.security_token)
    else:
        config.credentials_provider = _ChainCredentials(shared_credential())
    config.region = settings.region
    endpoint = settings.endpoint_for(SERVICE)
    if endpoint is not None:
        config.endpoint = f"{endpoint.protocol}://{endpoint.host}"
        config.use_path_style = endpoint.is_loopback  # <bucket>.127.0.0.1 does not resolve
    config.retry_max_attempts = 1
    config.connect_timeout = 5
    config.readwrite_timeout = 30
    return oss.Client(config)
