"""The fake's own request and response values, and the one place errors become HTTP replies.

Both front doors (the `responses` mock and the WSGI server) translate their HTTP objects into a
`FakeRequest` and a `FakeResponse` back; the core never sees a framework object. The request keeps the
path and query exactly as they came over the wire (still percent-encoded), because signatures are
computed over those bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from .errors import FakeError

JSON_CONTENT_TYPE = "application/json;charset=utf-8"


@dataclass(frozen=True)
class FakeRequest:
    """An HTTP request as received: method, raw path, raw query string, headers (lower-case), body."""

    method: str
    path: str
    query_string: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    remote_addr: str | None = None

    @classmethod
    def build(
        cls,
        method: str,
        target: str,
        headers: Mapping[str, str] | None = None,
        body: bytes | str | None = None,
        remote_addr: str | None = None,
    ) -> FakeRequest:
        """Build from a raw request target (`/path?query`), any-case headers and a body."""
        path, _, query = target.partition("?")
        lowered: dict[str, str] = {}
        for name, value in (headers or {}).items():
            key = name.lower()
            lowered[key] = f"{lowered[key]},{value}" if key in lowered else str(value)
        raw_body = body.encode("utf-8") if isinstance(body, str) else (body or b"")
        return cls(method.upper(), path or "/", query, lowered, raw_body, remote_addr)

    @property
    def host(self) -> str:
        return self.headers.get("host", "")

    def query_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query_string, keep_blank_values=True)

    def form_pairs(self) -> list[tuple[str, str]]:
        """Body parameters of a form-encoded body (legacy RPC clients may send them)."""
        if "application/x-www-form-urlencoded" not in self.headers.get("content-type", "") or not self.body:
            return []
        return parse_qsl(self.body.decode("utf-8"), keep_blank_values=True)


@dataclass
class FakeResponse:
    """What a door sends back. `drop=True` means: close the connection without answering."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False

    def json(self) -> Any:
        return json.loads(self.body)


def json_response(payload: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> FakeResponse:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return FakeResponse(status, body, {"Content-Type": JSON_CONTENT_TYPE, **(headers or {})})


def dropped_response() -> FakeResponse:
    return FakeResponse(0, drop=True)


def render_error(error: FakeError, request_id: str, host: str) -> FakeResponse:
    """The single place an error becomes a reply: `{RequestId, HostId, Code, Message, Recommend}`."""
    payload = {
        "RequestId": request_id,
        "HostId": host.split(":")[0] or "aliyuncs.com",
        "Code": error.code,
        "Message": error.message,
        "Recommend": f"https://api.aliyun.com/troubleshoot?q={error.code}",
    }
    return json_response(payload, error.status, error.headers)


def wire_fields(item: object, *names: str) -> dict[str, Any]:
    """The attributes a reply carries as they are, under their PascalCase wire names.

    `wire_fields(vswitch, "vpc_id", "cidr_block")` is `{"VpcId": vswitch.vpc_id, "CidrBlock": vswitch.cidr_block}`;
    fields whose wire name does not follow the attribute's (`VSwitchName` for `name`, `ISP`) are written out.
    """
    return {"".join(part.capitalize() for part in name.split("_")): getattr(item, name) for name in names}
