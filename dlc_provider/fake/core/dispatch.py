"""Reading a request's destination: which service (by API version), which action, with what parameters.

RPC: version and action from the `x-acs-version` / `x-acs-action` headers (signature V3), or from the
`Version` / `Action` query parameters (legacy scheme); parameters from the query (plus a form body).
ROA: version from the header, action from method + raw path; query parameters and a JSON body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import InvalidParameter
from .idempotency import SIGNING_PARAMS
from .registry import RoaService, RpcService, ServiceRegistry, ServiceSpec
from .wire import FakeRequest

_IP_OR_LOCAL = re.compile(r"^(\d+\.\d+\.\d+\.\d+|localhost|\[.*\])$")


@dataclass
class Incoming:
    spec: ServiceSpec | None
    service: str
    version: str
    action: str
    handler: str | None
    sent_params: dict[str, str]  # query + form exactly as sent (the legacy signature covers them all)
    params: dict[str, str]  # without the signing parameters
    path_args: dict[str, str] = field(default_factory=dict)
    raw_body: bytes = b""
    is_json_body: bool = False

    def body(self) -> Any:
        if not self.is_json_body or not self.raw_body:
            return None
        try:
            return json.loads(self.raw_body)
        except ValueError:
            raise InvalidParameter("The request body is not valid JSON.") from None

    def journal_params(self) -> dict[str, Any]:
        """The request's parameters and body for the journal, with passwords and secrets masked."""
        params: dict[str, Any] = {**self.params, **self.path_args}
        try:
            body = self.body()
        except InvalidParameter:
            body = None
        if isinstance(body, dict):
            params.update(body)
        return masked(params)


#: Parameter names whose values the journal never keeps (ImageConfig.Password, a Redis password, ...).
_SECRET_NAME = re.compile(r"password|secret", re.IGNORECASE)
MASK = "******"


def masked(value: Any) -> Any:
    """`value` with every value under a password or secret name (at any depth) replaced by `MASK`."""
    if isinstance(value, dict):
        return {k: MASK if _SECRET_NAME.search(str(k)) and v not in (None, "") else masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(item) for item in value]
    return value


def product_of_host(host: str) -> str:
    """`vpc` for vpc.cn-hangzhou.aliyuncs.com, `ecs` for ecs-cn-hangzhou.aliyuncs.com, else `unknown`."""
    name = host.split(":")[0].lower()
    if not name.endswith(".aliyuncs.com") or _IP_OR_LOCAL.match(name):
        return "unknown"
    first = name.split(".")[0]
    return re.sub(r"-(cn|ap|us|eu|me|na|sa)-[a-z0-9-]+$", "", first)


def parse_incoming(request: FakeRequest, registry: ServiceRegistry) -> Incoming:
    sent = dict(request.query_pairs())
    sent.update(request.form_pairs())
    version = request.headers.get("x-acs-version") or sent.get("Version") or ""
    action = request.headers.get("x-acs-action") or sent.get("Action") or ""
    spec = registry.by_version(version)
    params = {k: v for k, v in sent.items() if k not in SIGNING_PARAMS}
    incoming = Incoming(
        spec=spec,
        service=spec.name if spec else product_of_host(request.host),
        version=version,
        action=action,
        handler=None,
        sent_params=sent,
        params=params,
        raw_body=request.body,
        is_json_body="json" in request.headers.get("content-type", ""),
    )
    if isinstance(spec, RpcService):
        incoming.handler = spec.actions.get(action)
    elif isinstance(spec, RoaService):
        matched = spec.match(request.method, request.path)
        if matched is not None:
            route, incoming.path_args = matched
            incoming.action, incoming.handler = route.action, route.handler
        elif not action:
            incoming.action = f"{request.method} {request.path}"
    if not incoming.action:
        incoming.action = "<no action>"
    return incoming
