"""How services plug into the core: one `SERVICE` spec in each service package's `urls.py`.

An RPC service is found by its API version (header `x-acs-version`, or query `Version` in the legacy
scheme) and dispatches on the action name; a ROA service is found by version and dispatches on
method + path, matched with a werkzeug routing `Map` against the raw (still percent-encoded) path.
Every package under `dlc_provider.fake` that has a `urls` module is registered automatically.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import unquote

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

from .backend import Backend
from .params import Params, page_by_number

if TYPE_CHECKING:
    from .auth import Identity

T = TypeVar("T")
READ_PREFIXES = ("Describe", "Get", "List", "Check", "Query")


@dataclass(frozen=True)
class ActionCall:
    """One API call as a service's responses class sees it (already authenticated and routed)."""

    service: str
    action: str
    params: Params  # RPC: query (+ form) parameters; ROA: query parameters
    region: str
    account_id: str
    identity: Identity
    request_id: str
    path_args: Mapping[str, str] = field(default_factory=dict)  # ROA path parameters, decoded
    body: Any = None  # ROA: the parsed JSON body


class ServiceResponses:
    """Base of a service's `responses` class: parse the call, ask the backend, return the reply dict.

    One method per action (named in the spec's `actions`/`routes`); the dict returned is the reply
    without `RequestId`, which the core adds. Raise `FakeError` subclasses for API errors.
    """

    #: The largest PageSize a list call takes (None: no limit), unless the call says otherwise.
    page_size_max: ClassVar[int | None] = None

    def __init__(self, call: ActionCall, backend: Backend) -> None:
        self.call = call
        self.backend = backend
        self.params = call.params

    def paging(self, default_size: int = 10, max_size: int | None = None) -> tuple[int, int]:
        """`PageNumber` (from 1) and `PageSize` of a list call, checked as the APIs check them."""
        number = self.params.int("PageNumber", 1, minimum=1) or 1
        size = self.params.int("PageSize", default_size, minimum=1, maximum=max_size or self.page_size_max)
        return number, size or default_size

    def numbered_page(
        self, items: Sequence[T], list_name: str, item_name: str, shape: Callable[[T], dict[str, Any]],
        max_size: int | None = None,
    ) -> dict[str, Any]:
        """The RPC reply of one page: TotalCount, PageNumber, PageSize and `{list_name: {item_name: [...]}}`."""
        number, size = self.paging(10, max_size)
        return {
            "TotalCount": len(items),
            "PageNumber": number,
            "PageSize": size,
            list_name: {item_name: [shape(item) for item in page_by_number(items, number, size)]},
        }


@dataclass(frozen=True)
class ServiceSpec:
    """What every service declares: its name (journal, faults, dump), API version, backend, responses."""

    name: str
    version: str
    backend: type[Backend]
    responses: type[ServiceResponses]
    idempotent_actions: frozenset[str] = frozenset()  # actions that honour ClientToken
    global_service: bool = False  # one backend per account (RAM), region ignored
    style: ClassVar[str] = ""

    def is_read_only(self, action: str) -> bool:
        return action.startswith(READ_PREFIXES)


@dataclass(frozen=True)
class RpcService(ServiceSpec):
    actions: Mapping[str, str] = field(default_factory=dict)  # API action -> responses method name
    style: ClassVar[str] = "RPC"


@dataclass(frozen=True)
class Route:
    """A ROA operation: HTTP method and werkzeug rule (`/api/v1/jobs/<JobId>`), action, method name."""

    method: str
    rule: str
    action: str
    handler: str


@dataclass(frozen=True)
class RoaService(ServiceSpec):
    routes: tuple[Route, ...] = ()
    style: ClassVar[str] = "ROA"

    @cached_property
    def _url_map(self) -> Map:
        return Map(
            [Rule(r.rule, methods=[r.method.upper()], endpoint=index) for index, r in enumerate(self.routes)],
            strict_slashes=False,
            merge_slashes=False,
        )

    def match(self, method: str, raw_path: str) -> tuple[Route, dict[str, str]] | None:
        """The route for a method and raw path, with its arguments percent-decoded; None if none."""
        adapter = self._url_map.bind("fake.invalid", "/")
        try:
            index, args = adapter.match(raw_path, method=method.upper())
        except HTTPException:
            return None
        return self.routes[index], {name: unquote(str(value)) for name, value in args.items()}


class ServiceRegistry:
    """The registered services, keyed by API version (versions are unique across Alibaba products)."""

    def __init__(self, specs: Iterable[ServiceSpec]) -> None:
        self._by_version: dict[str, ServiceSpec] = {}
        self._by_name: dict[str, ServiceSpec] = {}
        for spec in specs:
            if spec.version in self._by_version:
                raise ValueError(f"two services claim version {spec.version}: {spec.name}, "
                                 f"{self._by_version[spec.version].name}")
            self._by_version[spec.version] = spec
            self._by_name[spec.name] = spec

    @classmethod
    def discover(cls) -> ServiceRegistry:
        """Every `dlc_provider.fake.<package>.urls` module's `SERVICE` (or `SERVICES`)."""
        package = importlib.import_module("dlc_provider.fake")
        specs: list[ServiceSpec] = []
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if not info.ispkg or info.name == "core":
                continue
            module_name = f"{package.__name__}.{info.name}.urls"
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name == module_name:
                    continue
                raise
            specs.extend(getattr(module, "SERVICES", None) or [module.SERVICE])
        return cls(specs)

    def by_version(self, version: str | None) -> ServiceSpec | None:
        return self._by_version.get(version or "")

    def by_name(self, name: str) -> ServiceSpec | None:
        return self._by_name.get(name)

    def claimant(self, request: Any) -> Any:
        """The service that answers this request with a front of its own (OSS: `claims`/`answer`), or None."""
        return next((s for s in self._by_name.values() if hasattr(s, "claims") and s.claims(request)), None)

    def __iter__(self) -> Iterator[ServiceSpec]:
        return iter(self._by_name.values())
