"""`FakeCloud`: the whole fake as a function from request to response, plus its test helpers.

`handle()` runs every API request through the same steps: route (dispatch), authenticate, pick the
faults, apply due life-cycle steps, replay or run the action (ClientToken), render the reply or the
error (in one place), journal it, and save the state file after changes. Backends live in one dict
keyed by (service, account, region); the admin API (`/_fake/...`) is answered here as well, so both
doors behave the same.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from ..settings import DEFAULT_ACCOUNT_ID, FakeSettings
from . import admin
from .auth import Authenticator, Identity
from .backend import Backend, BackendContext, RequestScope, request_scope
from .clock import Clock
from .dispatch import Incoming, parse_incoming
from .errors import FakeError, InternalError, NotImplementedAction
from .faults import FaultInjector, FaultPlan
from .idempotency import ClientTokens
from .ids import IdFactory
from .journal import CREATE_PREFIXES, Journal, JournalEntry
from .params import Params
from .persistence import StateFile
from .regions import GLOBAL_REGION, resolve_region
from .registry import ActionCall, ServiceRegistry, ServiceSpec
from .wire import FakeRequest, FakeResponse, dropped_response, json_response, render_error

log = logging.getLogger(__name__)

BackendKey = tuple[str, str, str]  # service, account_id, region


class FakeCloud:
    """Owns the backends, clock, journal, faults and state file of one fake Alibaba Cloud."""

    def __init__(self, settings: FakeSettings | None = None, *, registry: ServiceRegistry | None = None) -> None:
        self.settings = settings if settings is not None else FakeSettings()
        self.registry = registry if registry is not None else ServiceRegistry.discover()
        self.clock = Clock(lambda: self.settings.latency == "manual")
        self._lock = threading.RLock()
        self._auth = Authenticator()
        self._journal = Journal(self.settings.journal_limit)
        self._init_state()
        self._state_file = StateFile(self.settings.state_file) if self.settings.state_file else None
        if self._state_file is not None:
            self._load()

    def _init_state(self) -> None:
        self._ids = IdFactory(self.settings.seed)
        self._faults = FaultInjector(self.settings.seed)
        self._tokens = ClientTokens()
        self._backends: dict[BackendKey, Backend] = {}
        self._context = BackendContext(
            clock=self.clock,
            ids=self._ids,
            latency_scale=self._latency_scale,
            backend_for=self._backend_for,
            backends_of=self._backends_of,
            settings=lambda: self.settings,
        )

    # -- the core --------------------------------------------------------------------------------------
    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer one HTTP request (API call or admin call)."""
        if admin.is_admin_path(request.path):
            return admin.handle(self, request)
        own_front = self.registry.claimant(request)
        if own_front is not None:  # a service with a protocol of its own (OSS's REST/XML)
            return own_front.answer(self, request)
        started = time.perf_counter()
        request_id = self._ids.request_id()
        incoming = parse_incoming(request, self.registry)
        region, account_id, plan = self.settings.default_region, None, FaultPlan()
        try:
            if incoming.spec is None or incoming.handler is None:
                # Before authentication: what the fake lacks is the news, whoever asks.
                raise NotImplementedAction(
                    service=incoming.service, action=incoming.action, version=incoming.version or "none"
                )
            region = self._region_of(incoming, request)
            identity = self._auth.authenticate(
                request, incoming.sent_params, self.settings.accounts, self.settings.timestamp_tolerance_seconds
            )
            account_id = identity.account_id
            plan = self._faults.plan(self.settings.faults, incoming.spec.name, incoming.action)
            if plan.delay_seconds:
                time.sleep(plan.delay_seconds)
            if plan.drop_before:
                response = dropped_response()
            elif plan.error is not None:
                raise plan.error
            else:
                payload = self._run(incoming, identity, region, request_id, plan)
                response = json_response({"RequestId": request_id, **payload})
                response.drop = plan.drop_after
        except FakeError as error:
            response = render_error(error, request_id, request.host)
        except Exception as error:  # a bug in the fake: answer loudly instead of hanging the client
            log.exception("fake cloud failed on %s %s", incoming.service, incoming.action)
            response = render_error(InternalError(f"fake cloud bug: {error!r}"), request_id, request.host)
        self._record(incoming, request, request_id, response, region, account_id, plan, started)
        return response

    def _region_of(self, incoming: Incoming, request: FakeRequest) -> str:
        if incoming.spec is not None and incoming.spec.global_service:
            return GLOBAL_REGION
        return resolve_region(incoming.params.get("RegionId"), request.host, self.settings.default_region)

    def _run(
        self, incoming: Incoming, identity: Identity, region: str, request_id: str, plan: FaultPlan
    ) -> dict[str, Any]:
        spec = incoming.spec
        assert spec is not None and incoming.handler is not None
        body = incoming.body()
        token = incoming.params.get("ClientToken") if incoming.action in spec.idempotent_actions else None
        token_key = (identity.account_id, spec.name, incoming.action, token or "")
        with self._lock:
            changed = self._sweep()
            try:
                now, ttl = self.clock.now(), self.settings.client_token_ttl_seconds
                replay = self._tokens.replay(token_key, incoming.params, now=now, ttl=ttl) if token else None
                if replay is not None:
                    return replay
                backend = self._backend(spec, identity.account_id, region)
                call = ActionCall(
                    service=spec.name,
                    action=incoming.action,
                    params=Params(incoming.params),
                    region=region,
                    account_id=identity.account_id,
                    identity=identity,
                    request_id=request_id,
                    path_args=incoming.path_args,
                    body=body,
                )
                with request_scope(RequestScope(hide_seconds=plan.hide_seconds)):
                    payload = getattr(spec.responses(call, backend), incoming.handler)() or {}
                if token:
                    self._tokens.remember(token_key, incoming.params, payload, now=now)
                changed = changed or not spec.is_read_only(incoming.action)
                return payload
            finally:
                if changed:
                    self.save()

    def _record(
        self,
        incoming: Incoming,
        request: FakeRequest,
        request_id: str,
        response: FakeResponse,
        region: str,
        account_id: str | None,
        plan: FaultPlan,
        started: float,
    ) -> None:
        error_code = None
        if response.status >= 400:
            error_code = response.json().get("Code")
        self._journal.append(
            JournalEntry(
                request_id=request_id,
                service=incoming.service,
                action=incoming.action,
                params=incoming.journal_params(),
                status=response.status,
                error_code=error_code,
                duration_ms=(time.perf_counter() - started) * 1000.0,
                region=region,
                account_id=account_id,
                time=time.time(),
                fault=plan.label,
                method=request.method,
                path=request.path,
            )
        )

    # -- backends ----------------------------------------------------------------------------------------
    def _latency_scale(self) -> float:
        return 0.0 if self.settings.latency == "instant" else self.settings.latency_factor

    def _backend(self, spec: ServiceSpec, account_id: str, region: str) -> Backend:
        key = (spec.name, account_id, GLOBAL_REGION if spec.global_service else region)
        with self._lock:
            backend = self._backends.get(key)
            if backend is None:
                backend = spec.backend(key[1], key[2], self._context)
                self._backends[key] = backend
            return backend

    def _backend_for(self, service: str, account_id: str, region: str) -> Backend | None:
        spec = self.registry.by_name(service)
        return self._backend(spec, account_id, region) if spec is not None else None

    def _backends_of(self, account_id: str, region: str) -> list[Backend]:
        with self._lock:
            return [b for (_, a, r), b in self._backends.items() if a == account_id and r in (region, GLOBAL_REGION)]

    def backend(self, service: str, account_id: str = DEFAULT_ACCOUNT_ID, region: str | None = None) -> Any:
        """A service's backend (created if needed), for tests that look at or seed state directly."""
        spec = self.registry.by_name(service)
        if spec is None:
            raise KeyError(f"no service named {service!r}")
        return self._backend(spec, account_id, region or self.settings.default_region)

    def _sweep(self) -> bool:
        now = self.clock.now()
        with self._lock:
            changed = False
            for backend in list(self._backends.values()):
                changed = backend.sweep(now) or changed
            return changed

    # -- helpers for tests, benchmarks and the admin API ---------------------------------------------
    @property
    def journal(self) -> list[JournalEntry]:
        """Every request answered so far (oldest first)."""
        return self._journal.entries()

    def calls(
        self, service: str | None = None, action: str | None = None, *, ok: bool | None = None,
        error_code: str | None = None,
    ) -> list[JournalEntry]:
        return self._journal.filter(service, action, ok=ok, error_code=error_code)

    def creates(self, service: str | None = None) -> list[JournalEntry]:
        """Successful Create*/Allocate* calls."""
        return [e for e in self._journal.filter(service, ok=True) if e.action.startswith(CREATE_PREFIXES)]

    def reseed_faults(self) -> None:
        """Restart the fault generator from `settings.seed` (resources and IDs are kept)."""
        self._faults.reseed(self.settings.seed)

    def clear_journal(self) -> None:
        self._journal.clear()

    def dump(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """Current resources: service -> resource type -> list of records (with account_id, region)."""
        with self._lock:
            self._sweep()
            out: dict[str, dict[str, list[dict[str, Any]]]] = {}
            for (service, _, _), backend in sorted(self._backends.items()):
                for kind, items in backend.dump().items():
                    out.setdefault(service, {}).setdefault(kind, []).extend(items)
            return out

    def is_empty(self) -> bool:
        """No user-created resources left (built-in ones such as default groups do not count)."""
        with self._lock:
            self._sweep()
            return all(backend.is_empty() for backend in self._backends.values())

    def reset(self) -> None:
        """Forget every resource, journal entry, token and nonce; reseed from `settings.seed`."""
        with self._lock:
            self._close_backends()
            self._init_state()
            self._journal = Journal(self.settings.journal_limit)
            self._auth.clear()
            self.clock.restore({"offset": 0.0, "frozen_at": None})
            self.save()

    # -- persistence ----------------------------------------------------------------------------------------
    def save(self) -> None:
        """Write the state file now (no-op without one). Called after every change and on shutdown."""
        if self._state_file is None:
            return
        with self._lock:
            self._state_file.save(
                {
                    "backends": self._backends,
                    "clock": self.clock.snapshot(),
                    "ids": self._ids.snapshot(),
                    "tokens": self._tokens.snapshot(),
                }
            )

    def _load(self) -> None:
        assert self._state_file is not None
        parts = self._state_file.load()
        if parts is None:
            return
        with self._lock:
            self.clock.restore(parts.get("clock", {}))
            self._ids.restore(parts["ids"])
            self._tokens.restore(parts.get("tokens", []))
            self._backends = {}
            for key, backend in parts.get("backends", {}).items():
                if self.registry.by_name(key[0]) is None:
                    log.warning("state file has %s resources but no such service is registered", key[0])
                    continue
                backend.context = self._context
                self._backends[key] = backend

    def _close_backends(self) -> None:
        for backend in list(self._backends.values()):
            try:
                backend.close()
            except Exception:  # a backend failing to close must not keep the others running
                log.exception("closing the %s backend failed", backend.service)

    def close(self) -> None:
        self.save()
        with self._lock:
            self._close_backends()
