"""The base of every service's state: resources kept per account and region, with life cycles.

A service's `models` module subclasses `Backend` (one instance per account and region, or per account
for a global service) and `Resource` (a dataclass per resource type). The base gives storage by kind,
lookups that honour eventual-consistency faults, life cycles, the dump, and access to the other
services' backends of the same account and region. It knows nothing of HTTP.
"""

from __future__ import annotations

import contextvars
import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from .clock import Clock, iso_utc
from .errors import FakeError
from .ids import IdFactory
from .lifecycle import GONE, Lifecycle, StatusTrack


@dataclass
class Resource:
    """Fields every resource has. `builtin` marks things the cloud made itself (not user resources)."""

    id: str
    status: str = ""
    created_at: float = 0.0
    visible_after: float = 0.0
    builtin: bool = False
    track: StatusTrack | None = field(default=None, repr=False)


R = TypeVar("R", bound=Resource)


Record = TypeVar("Record")


def assign_given(resource: Record, **fields: Any) -> Record:
    """What a Modify* call does with its optional parameters: set the fields given, leave those that are None."""
    for name, value in fields.items():
        if value is not None:
            setattr(resource, name, value)
    return resource


@dataclass(frozen=True)
class RequestScope:
    """Per-request facts backends may need: new resources stay hidden from reads `hide_seconds`."""

    hide_seconds: float = 0.0


_current_scope: contextvars.ContextVar[RequestScope] = contextvars.ContextVar("fake_request_scope")


@contextmanager
def request_scope(scope: RequestScope) -> Iterator[None]:
    token = _current_scope.set(scope)
    try:
        yield
    finally:
        _current_scope.reset(token)


@dataclass
class BackendContext:
    """What the cloud lends its backends: clock, ID generator, latency scale and the other backends."""

    clock: Clock
    ids: IdFactory
    latency_scale: Callable[[], float]
    # (service, account_id, region) -> that service's backend, or None if no such service is registered.
    backend_for: Callable[[str, str, str], Backend | None]
    # (account_id, region) -> every existing backend of that account and region.
    backends_of: Callable[[str, str], list[Backend]]
    # The cloud's current settings (for services with settings of their own, e.g. PAI-DLC's local runs).
    settings: Callable[[], Any] = lambda: None


class Backend:
    """State of one service for one account and region. Subclasses list their resource `kinds`."""

    service: ClassVar[str] = ""
    kinds: ClassVar[tuple[str, ...]] = ()

    def __init__(self, account_id: str, region: str, context: BackendContext) -> None:
        self.account_id = account_id
        self.region = region
        self.context = context
        self._store: dict[str, dict[str, Resource]] = {kind: {} for kind in self.kinds}

    # -- persistence: the context is the live cloud's, re-attached on load --------------------------
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("context", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        for kind in self.kinds:
            self._store.setdefault(kind, {})

    # -- time and names -----------------------------------------------------------------------------
    def now(self) -> float:
        return self.context.clock.now()

    def timestamp(self, epoch: float | None = None) -> str:
        return iso_utc(self.now() if epoch is None else epoch)

    def new_id(self, prefix: str) -> str:
        return self.context.ids.resource_id(prefix, self.region)

    @property
    def default_resource_group(self) -> str:
        """The account's default resource group, where a create that names none puts the resource."""
        return f"rg-acfm{self.account_id[-8:]}"

    # -- storage ---------------------------------------------------------------------------------------
    def add(self, kind: str, resource: R) -> R:
        now = self.now()
        resource.created_at = resource.created_at or now
        scope = _current_scope.get(RequestScope())
        if scope.hide_seconds:
            resource.visible_after = now + scope.hide_seconds
        self._store[kind][resource.id] = resource
        return resource

    def remove(self, kind: str, resource_id: str) -> None:
        self._store[kind].pop(resource_id, None)

    def get(self, kind: str, resource_id: str | None) -> Any:
        """The resource (for writes: hidden ones included), or None."""
        return self._store[kind].get(resource_id) if resource_id else None

    def all(self, kind: str) -> list[Any]:
        return list(self._store[kind].values())

    def is_visible(self, resource: Resource) -> bool:
        return resource.visible_after <= self.now()

    def get_visible(self, kind: str, resource_id: str | None) -> Any:
        """The resource as Describe calls see it: None while an eventual-consistency fault hides it."""
        resource = self.get(kind, resource_id)
        return resource if resource is not None and self.is_visible(resource) else None

    def all_visible(self, kind: str) -> list[Any]:
        now = self.now()
        return [r for r in self._store[kind].values() if r.visible_after <= now]

    def find(self, kind: str, resource_id: str | None, not_found: FakeError, *, visible: bool = False) -> Any:
        """The resource, or raise `not_found` (the service's own code); `visible=True` for Describe-style reads."""
        resource = self.get_visible(kind, resource_id) if visible else self.get(kind, resource_id)
        if resource is None:
            raise not_found
        return resource

    # -- life cycles -------------------------------------------------------------------------------------
    def start(self, resource: Resource, lifecycle: Lifecycle) -> None:
        """Put the resource in the life cycle's first status; later ones follow as the clock moves."""
        resource.status = lifecycle.initial
        resource.track = lifecycle.track(self.now(), self.context.latency_scale())

    def sweep(self, now: float) -> bool:
        """Apply every status that is due (removing resources that are gone); True if anything changed."""
        changed = False
        for kind in self.kinds:
            for resource in list(self._store[kind].values()):
                if resource.track is None:
                    continue
                for status in resource.track.pop_due(now):
                    changed = True
                    if status == GONE:
                        self.remove(kind, resource.id)
                        self.on_gone(kind, resource)
                        break
                    resource.status = status
                    self.on_status(kind, resource, status)
                if resource.track is not None and resource.track.done:
                    resource.track = None
        return changed

    def on_status(self, kind: str, resource: Any, status: str) -> None:
        """Hook: a resource reached `status` (e.g. an EIP back to Available drops its instance)."""

    def on_gone(self, kind: str, resource: Any) -> None:
        """Hook: a resource finished deleting and was removed."""

    def close(self) -> None:
        """Hook: the cloud is shutting down or forgetting this backend (end what it runs outside the fake)."""

    # -- other services -------------------------------------------------------------------------------
    def peer(self, service: str) -> Any:
        """The backend of another service for this account and region (None if not registered)."""
        return self.context.backend_for(service, self.account_id, self.region)

    def dependents_of(self, resource_id: str) -> list[str]:
        """Hook: kinds of this backend's resources that use `resource_id` (blocking its deletion).

        Names are API-style singulars (`SecurityGroup`, `MountTarget`, ...): a service deleting a
        resource asks every backend of the account and region, and reports the first one it gets.
        """
        return []

    def dependents_elsewhere(self, resource_id: str) -> list[str]:
        found: list[str] = []
        for backend in self.context.backends_of(self.account_id, self.region):
            if backend is not self:
                found.extend(backend.dependents_of(resource_id))
        return found

    # -- inspection ---------------------------------------------------------------------------------------
    def dump(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for kind in self.kinds:
            items = []
            for resource in self._store[kind].values():
                data = {k: v for k, v in dataclasses.asdict(resource).items() if k != "track"}
                data.update(account_id=self.account_id, region=self.region)
                items.append(data)
            if items:
                out[kind] = items
        return out

    def is_empty(self) -> bool:
        return not any(not r.builtin for kind in self.kinds for r in self._store[kind].values())
