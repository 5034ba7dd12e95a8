"""The OSS front: the one pass from request to reply (authenticate, faults, run the operation under the
cloud's lock, render XML errors, journal) that the core's OpenAPI pass does for the other services.
Which requests are OSS's, and what they address, is `addressing`'s business.
"""

from __future__ import annotations

import base64
import logging
import re
import time
from typing import TYPE_CHECKING, Any

from ..core.errors import FakeError, InternalError
from ..core.faults import FaultPlan
from ..core.journal import JournalEntry
from ..core.wire import FakeRequest, FakeResponse, dropped_response
from .addressing import OssAddress, address, claims
from .auth import OssAuthenticator, query_params
from .exceptions import OssError
from .models import NAMESPACE
from .responses import READ_ACTIONS, OssResponses, route
from .store import folder_for
from .xmlio import XML_CONTENT_TYPE, http_date, render

if TYPE_CHECKING:
    from ..core.cloud import FakeCloud

log = logging.getLogger(__name__)

def handle(cloud: FakeCloud, request: FakeRequest) -> FakeResponse:
    """Answer one OSS request (journaled like every API call)."""
    started = time.perf_counter()
    request_id = cloud._ids.request_id().replace("-", "")[:24].upper()
    where = address(request, cloud.settings.default_region)
    params = query_params(request.query_string)
    action, account, plan = "Unknown", None, FaultPlan()
    try:
        action = route(request.method, where.bucket, where.key, params, request.headers)
        authenticator = OssAuthenticator(cloud.settings.accounts, cloud.settings.timestamp_tolerance_seconds)
        identity = authenticator.authenticate(request, where.bucket, where.key)
        account = identity.account_id if identity is not None else None
        plan = cloud._faults.plan(cloud.settings.faults, "oss", action)
        if plan.delay_seconds:
            time.sleep(plan.delay_seconds)
        if plan.drop_before:
            response = dropped_response()
        elif plan.error is not None:
            raise plan.error
        else:
            response = _run(cloud, request, where, params, action, account)
            response.drop = plan.drop_after
    except FakeError as error:
        response = render_error(error, request_id, where, request.method)
    except Exception as error:  # a bug in the fake: answer loudly instead of hanging the client
        log.exception("fake OSS failed on %s", action)
        response = render_error(InternalError(f"fake cloud bug: {error!r}"), request_id, where, request.method)
    response.headers.update({"x-oss-request-id": request_id, "Date": http_date(time.time()), "Server": "AliyunOSS"})
    cloud._journal.append(JournalEntry(
        request_id=request_id, service="oss", action=action,
        params={**params, "Bucket": where.bucket, "Key": where.key}, status=response.status,
        error_code=response.headers.get("x-oss-ec-code"), duration_ms=(time.perf_counter() - started) * 1000.0,
        region=where.region, account_id=account, time=time.time(), fault=plan.label, method=request.method,
        path=request.path,
    ))
    response.headers.pop("x-oss-ec-code", None)
    return response


def _run(
    cloud: FakeCloud, request: FakeRequest, where: OssAddress, params: dict[str, str], action: str, account: str | None
) -> FakeResponse:
    with cloud._lock:
        changed = cloud._sweep()
        try:
            backend = cloud.backend("oss", NAMESPACE)
            backend.attach(folder_for(cloud))
            responses = OssResponses(backend, request, where, params, account)
            response: FakeResponse = getattr(responses, _method_name(action))()
            changed = changed or action not in READ_ACTIONS
            return response
        finally:
            if changed:
                cloud.save()


def _method_name(action: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


def render_error(error: FakeError, request_id: str, where: OssAddress, method: str) -> FakeResponse:
    """The one place an error becomes OSS's XML error body (for HEAD, the `x-oss-err` header instead)."""
    children: list[tuple[str, Any]] = [
        ("Code", error.code), ("Message", error.message), ("RequestId", request_id), ("HostId", where.host),
    ]
    if where.bucket and error.code in ("NoSuchBucket", "BucketAlreadyExists", "BucketNotEmpty"):
        children.append(("BucketName", where.bucket))
    children.extend((getattr(error, "extra", None) or {}).items())
    body = render("Error", children)
    headers = {"Content-Type": XML_CONTENT_TYPE, "x-oss-ec-code": error.code, **error.headers}
    if method == "HEAD":
        headers["x-oss-err"] = base64.b64encode(body).decode()
        body = b""
    return FakeResponse(error.status, body, headers)


__all__ = ["OssAddress", "OssError", "address", "claims", "handle", "render_error"]
