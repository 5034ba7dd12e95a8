"""Which requests are OSS's, and which bucket and key (and region) they address.

Virtual-host style `<bucket>.oss-<region>.aliyuncs.com` (and `<bucket>.localhost`), or path style
`/<bucket>/<key>` against any other host (the local server's `127.0.0.1:PORT`, or
`oss-<region>.aliyuncs.com`). The region is the endpoint's, else the fake's default region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..core.wire import FakeRequest

__all__ = ["OssAddress", "address", "claims"]

_OSS_HOST = re.compile(r"^(?:(?P<bucket>[a-z0-9][a-z0-9-]*)\.)?oss-(?P<region>[a-z]{2}-[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$")
_LOCAL_HOST = re.compile(r"^(\d+\.\d+\.\d+\.\d+|localhost|.+\.localhost|\[[0-9a-f:.]+\])$")
_LOCAL_VHOST = re.compile(r"^(?P<bucket>[a-z0-9][a-z0-9-]*)\.localhost$")


@dataclass(frozen=True)
class OssAddress:
    bucket: str | None
    key: str | None
    region: str
    host: str


def claims(request: FakeRequest) -> bool:
    """Whether a request is an OSS request: OSS signing, an OSS host, x-oss-* headers, or (anonymous OSS
    reads of the local endpoint) a request to an IP or localhost with neither an OpenAPI version header
    nor an RPC `Action` parameter."""
    authorization = request.headers.get("authorization", "")
    if authorization.startswith(("OSS ", "OSS4-HMAC-SHA256")):
        return True
    if any(marker in request.query_string for marker in ("OSSAccessKeyId=", "x-oss-signature")):
        return True
    if _OSS_HOST.match(_hostname(request.host)):
        return True
    if any(name.startswith("x-oss-") for name in request.headers):
        return True
    openapi = "x-acs-version" in request.headers or authorization.lower().startswith(("acs", "acs3"))
    local = bool(_LOCAL_HOST.match(_hostname(request.host)))
    return local and not openapi and not re.search(r"(^|&)(Action|Version)=", request.query_string)


def _hostname(host: str) -> str:
    return host.rsplit(":", 1)[0].lower() if not host.startswith("[") else host.lower()


def address(request: FakeRequest, default_region: str) -> OssAddress:
    hostname = _hostname(request.host)
    matched = _OSS_HOST.match(hostname)
    region = matched.group("region") if matched else default_region
    virtual = (matched.group("bucket") if matched else None) or (
        _LOCAL_VHOST.match(hostname).group("bucket") if _LOCAL_VHOST.match(hostname) else None  # type: ignore[union-attr]
    )
    path = request.path or "/"
    if virtual:
        key = unquote(path[1:]) or None
        return OssAddress(virtual, key, region, hostname)
    bucket, _, rest = path[1:].partition("/")
    return OssAddress(unquote(bucket) or None, unquote(rest) or None, region, hostname)
