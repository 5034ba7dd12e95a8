"""The admin API under `/_fake/`: health, state dump, journal, reset, settings and the clock.

No signature is needed; the server door answers it for loopback clients only. Routes:

    GET  /_fake/health           {"status": "ok", "services": [...]}
    GET  /_fake/state            the dump: service -> resource type -> [records]
    GET  /_fake/journal          [entries]; filters ?service=&action=&since=N (skip the first N)
    DELETE /_fake/journal        forget the journal
    POST /_fake/reset            forget every resource (and journal, tokens, nonces)
    GET  /_fake/settings         latency, latency_factor, seed, faults (+ spec strings), ...
    POST /_fake/settings         {"latency"?, "latency_factor"?, "faults"? [spec or object], "seed"?,
                                  "default_region"?, "client_token_ttl_seconds"?, "execute_jobs"?,
                                  "exec_dir"?}
    GET  /_fake/clock            {"now": epoch, "iso": ..., "manual": bool}
    POST /_fake/clock/advance    {"seconds": n}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from pydantic import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

from ..settings import FakeSettings
from .clock import Clock, iso_utc
from .errors import AdminNotFound, FakeError, InvalidParameter
from .journal import JournalEntry
from .registry import ServiceRegistry
from .wire import FakeRequest, FakeResponse, json_response, render_error

PREFIX = "/_fake"
EDITABLE_SETTINGS = ("latency", "latency_factor", "faults", "seed", "default_region", "client_token_ttl_seconds",
                     "execute_jobs", "exec_dir")


class FakeCloud(Protocol):
    """What the admin API uses of a fake cloud. `core.cloud.FakeCloud` is one; it imports this module to
    answer admin paths, so this module names what it needs instead of importing it back."""

    settings: FakeSettings
    clock: Clock
    registry: ServiceRegistry

    def dump(self) -> dict[str, dict[str, list[dict[str, Any]]]]: ...

    def calls(self, service: str | None = None, action: str | None = None) -> list[JournalEntry]: ...

    def clear_journal(self) -> None: ...

    def reset(self) -> None: ...

    def reseed_faults(self) -> None: ...


def is_admin_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def _body(request: FakeRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except ValueError:
        raise InvalidParameter("The admin request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise InvalidParameter("The admin request body must be a JSON object.")
    return data


def _health(cloud: FakeCloud, request: FakeRequest) -> Any:
    return {"status": "ok", "services": sorted(spec.name for spec in cloud.registry)}


def _state(cloud: FakeCloud, request: FakeRequest) -> Any:
    return cloud.dump()


def _journal(cloud: FakeCloud, request: FakeRequest) -> Any:
    query = dict(request.query_pairs())
    entries = cloud.calls(query.get("service") or None, query.get("action") or None)
    try:
        since = int(query.get("since") or 0)
    except ValueError:
        raise InvalidParameter(name="since") from None
    return [entry.to_dict() for entry in entries[since:]]


def _clear_journal(cloud: FakeCloud, request: FakeRequest) -> Any:
    cloud.clear_journal()
    return {"cleared": True}


def _reset(cloud: FakeCloud, request: FakeRequest) -> Any:
    cloud.reset()
    return {"reset": True}


def _get_settings(cloud: FakeCloud, request: FakeRequest) -> Any:
    return cloud.settings.public_view()


def _set_settings(cloud: FakeCloud, request: FakeRequest) -> Any:
    changes = _body(request)
    unknown = sorted(set(changes) - set(EDITABLE_SETTINGS))
    if unknown:
        raise InvalidParameter(f"Settings that cannot be changed here: {', '.join(unknown)}.")
    try:
        for name in EDITABLE_SETTINGS:
            if name in changes:
                setattr(cloud.settings, name, changes[name])
    except (ValidationError, ValueError) as error:
        raise InvalidParameter(f"Invalid settings: {error}") from None
    if "seed" in changes:
        cloud.reseed_faults()
    return cloud.settings.public_view()


def _clock(cloud: FakeCloud, request: FakeRequest) -> Any:
    now = cloud.clock.now()
    return {"now": now, "iso": iso_utc(now), "manual": cloud.clock.is_manual()}


def _advance(cloud: FakeCloud, request: FakeRequest) -> Any:
    seconds = _body(request).get("seconds")
    if not isinstance(seconds, (int, float)) or seconds < 0:
        raise InvalidParameter('Give {"seconds": n} with n >= 0.')
    cloud.clock.advance(float(seconds))
    return _clock(cloud, request)


_ROUTES: dict[str, Callable[[FakeCloud, FakeRequest], Any]] = {
    "health": _health,
    "state": _state,
    "journal": _journal,
    "clear_journal": _clear_journal,
    "reset": _reset,
    "get_settings": _get_settings,
    "set_settings": _set_settings,
    "clock": _clock,
    "advance": _advance,
}

_MAP = Map(
    [
        Rule(f"{PREFIX}/health", methods=["GET"], endpoint="health"),
        Rule(f"{PREFIX}/state", methods=["GET"], endpoint="state"),
        Rule(f"{PREFIX}/journal", methods=["GET"], endpoint="journal"),
        Rule(f"{PREFIX}/journal", methods=["DELETE"], endpoint="clear_journal"),
        Rule(f"{PREFIX}/reset", methods=["POST"], endpoint="reset"),
        Rule(f"{PREFIX}/settings", methods=["GET"], endpoint="get_settings"),
        Rule(f"{PREFIX}/settings", methods=["POST", "PUT"], endpoint="set_settings"),
        Rule(f"{PREFIX}/clock", methods=["GET"], endpoint="clock"),
        Rule(f"{PREFIX}/clock/advance", methods=["POST"], endpoint="advance"),
    ],
    strict_slashes=False,
)


def handle(cloud: FakeCloud, request: FakeRequest) -> FakeResponse:
    try:
        try:
            endpoint, _ = _MAP.bind("fake.invalid", "/").match(request.path, method=request.method)
        except HTTPException:
            raise AdminNotFound(method=request.method, path=request.path) from None
        return json_response(_ROUTES[endpoint](cloud, request))
    except FakeError as error:
        return render_error(error, "admin", request.host)
