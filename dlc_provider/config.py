"""Provider settings: region, where credentials come from, endpoints, and the retry and polling pace.

Settings are read from the stack configuration that the engine hands a dynamic provider in
`configure()`, falling back to environment variables, so the same code serves `pulumi up`, the unit
tests and our command line. The keys, their environment fallbacks and defaults are listed once, in README.md
("Networking resources", "Settings"); `CONFIG_KEYS` below is the list the code reads.

Settings live only in memory of the process that makes the calls: providers keep them out of their
pickled form, and `Credentials` never prints its secret. Building SDK clients from settings is
`dlc_provider.clients.session`'s job; this module imports no SDK.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from .errors import ConfigError

__all__ = [
    "CONFIG_KEYS",
    "SERVICES",
    "Credentials",
    "Endpoint",
    "PollPolicy",
    "ProviderSettings",
    "RetryPolicy",
]

#: Services the provider talks to (keys of `dlc:endpoints`).
SERVICES = ("vpc", "ecs", "sts", "nas", "ram", "aiworkspace", "pai_dlc", "oss")
_SERVICE_ALIASES = {"pai-dlc": "pai_dlc", "paidlc": "pai_dlc", "dlc": "pai_dlc"}

#: Stack configuration keys the provider reads (everything else in the stack config is ignored).
CONFIG_KEYS = (
    "alicloud:region",
    "alicloud:accessKey",
    "alicloud:secretKey",
    "alicloud:securityToken",
    "alicloud:profile",
    "dlc:endpoint",
    "dlc:endpoints",
    "dlc:pollInterval",
    "dlc:pollMaxInterval",
    "dlc:notFoundGrace",
    "dlc:pollNearInterval",
    "dlc:pollMaxCalls",
    "dlc:lifeCycleScale",
    "dlc:maxConcurrentCalls",
    "dlc:retryMaxAttempts",
    "dlc:retryBaseDelay",
    "dlc:retryMaxDelay",
)

_NUMBER_SETTINGS = {
    # config key: (environment variable, settings path, minimum)
    "dlc:pollInterval": ("DLC_POLL_INTERVAL", ("poll", "initial"), 0.0),
    "dlc:pollMaxInterval": ("DLC_POLL_MAX_INTERVAL", ("poll", "max_interval"), 0.0),
    "dlc:notFoundGrace": ("DLC_NOT_FOUND_GRACE", ("poll", "not_found_grace"), 0.0),
    "dlc:pollNearInterval": ("DLC_POLL_NEAR_INTERVAL", ("poll", "near_interval"), 0.01),
    "dlc:pollMaxCalls": ("DLC_POLL_MAX_CALLS", ("poll", "max_calls"), 1.0),
    "dlc:lifeCycleScale": ("DLC_LIFE_CYCLE_SCALE", ("poll", "life_cycle_scale"), 0.0),
    "dlc:maxConcurrentCalls": ("DLC_MAX_CONCURRENT_CALLS", ("retry", "max_concurrent"), 1.0),
    "dlc:retryMaxAttempts": ("DLC_RETRY_MAX_ATTEMPTS", ("retry", "max_attempts"), 1.0),
    "dlc:retryBaseDelay": ("DLC_RETRY_BASE_DELAY", ("retry", "base_delay"), 0.0),
    "dlc:retryMaxDelay": ("DLC_RETRY_MAX_DELAY", ("retry", "max_delay"), 0.0),
}
_WHOLE_NUMBERS = ("max_attempts", "max_calls", "max_concurrent")


@dataclass(frozen=True)
class RetryPolicy:
    """Retries of one API call on transient errors: jittered exponential backoff, capped.

    Retries go on until the deadline of the operation the call belongs to (a resource's create, update or
    delete time limit, see `waiting.operation_deadline`), or for `budget` seconds outside any operation;
    `max_attempts`, when set, caps the number of attempts as well."""

    max_attempts: int | None = None
    base_delay: float = 0.5
    max_delay: float = 20.0
    budget: float = 300.0
    #: How long an endpoint that accepts no connection at all is retried.
    unreachable_budget: float = 20.0
    #: Calls in flight at once per service in one provider process (more wait their turn), so a sweep of
    #: a thousand resources does not run into the service's rate limit.
    max_concurrent: int = 16


@dataclass(frozen=True)
class PollPolicy:
    """Polling for a status: first interval, growth factor, longest interval, and how long a resource we
    just created may still be missing from Describe calls (eventual consistency) before it counts as gone.

    Where a status's typical duration is known (the client modules' `LIFE_CYCLE` tables, multiplied by
    `life_cycle_scale`), polls follow it (see `schedule`): every `near_interval` seconds (or 5 % of the
    duration) around its expected end; `max_calls` bounds the calls of one wait's backing off."""

    initial: float = 1.0
    factor: float = 1.5
    max_interval: float = 15.0
    not_found_grace: float = 10.0
    near_interval: float = 0.25
    max_calls: int = 500
    life_cycle_scale: float = 1.0


@dataclass(frozen=True)
class Credentials:
    """Where API credentials come from. `repr` never shows the secret or the token."""

    source: Literal["static", "profile", "default"] = "default"
    access_key_id: str | None = None
    access_key_secret: str | None = None
    security_token: str | None = None
    profile: str | None = None

    def __repr__(self) -> str:
        if self.source == "static":
            key = self.access_key_id or ""
            shown = key[:4] + "..." if len(key) > 4 else "..."
            sts = ", sts" if self.security_token else ""
            return f"Credentials(static, access_key_id={shown}{sts})"
        if self.source == "profile":
            return f"Credentials(profile={self.profile!r})"
        return "Credentials(default chain)"

    __str__ = __repr__


@dataclass(frozen=True)
class Endpoint:
    """Where one service is reached: `host[:port]` (as the SDK's `Config.endpoint` wants it) and protocol."""

    host: str
    protocol: Literal["http", "https"]

    @classmethod
    def parse(cls, url: str, *, what: str) -> Endpoint:
        text = url.strip()
        if "://" not in text:
            text = "https://" + text
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise ConfigError(
                f"{what}: {url!r} is not a base URL like http://127.0.0.1:8765 or https://vpc.aliyuncs.com"
            )
        return cls(host=parts.netloc, protocol=parts.scheme)  # type: ignore[arg-type]

    @property
    def is_loopback(self) -> bool:
        host = self.host.rsplit(":", 1)[0] if not self.host.startswith("[") else self.host
        return host in ("localhost", "[::1]") or host.startswith("127.")


@dataclass(frozen=True)
class ProviderSettings:
    """Everything a provider needs to make calls. `clock` and `sleep` are swappable for tests."""

    region: str
    credentials: Credentials = field(default_factory=Credentials)
    endpoints: Mapping[str, Endpoint] = field(default_factory=dict)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    poll: PollPolicy = field(default_factory=PollPolicy)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def endpoint_for(self, service: str) -> Endpoint | None:
        return self.endpoints.get(service)

    def with_overrides(self, **changes: Any) -> ProviderSettings:
        return replace(self, **changes)

    @classmethod
    def from_sources(
        cls, config: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
    ) -> ProviderSettings:
        """Settings from stack config values (keys as in `CONFIG_KEYS`) with environment fallbacks."""
        config = {k: v for k, v in (config or {}).items() if v is not None and v != ""}
        env = os.environ if env is None else env
        region = config.get("alicloud:region") or env.get("ALIBABA_CLOUD_REGION_ID")
        if not region:
            raise ConfigError(
                "no region: set the stack config `alicloud:region` (pulumi config set alicloud:region "
                "cn-hangzhou) or the environment variable ALIBABA_CLOUD_REGION_ID"
            )
        settings = cls(
            region=str(region),
            credentials=_credentials(config),
            endpoints=_endpoints(config, env),
        )
        return _apply_numbers(settings, config, env)


def _credentials(config: Mapping[str, Any]) -> Credentials:
    key_id, secret = config.get("alicloud:accessKey"), config.get("alicloud:secretKey")
    if key_id or secret:
        if not (key_id and secret):
            raise ConfigError("set both `alicloud:accessKey` and `alicloud:secretKey`, or neither")
        return Credentials(
            source="static",
            access_key_id=str(key_id),
            access_key_secret=str(secret),
            security_token=str(config["alicloud:securityToken"]) if config.get("alicloud:securityToken") else None,
        )
    if config.get("alicloud:profile"):
        return Credentials(source="profile", profile=str(config["alicloud:profile"]))
    return Credentials(source="default")


def _endpoints(config: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Endpoint]:
    endpoints: dict[str, Endpoint] = {}
    base, base_what = config.get("dlc:endpoint"), "stack config dlc:endpoint"
    if not base and env.get("DLC_ENDPOINT"):
        base, base_what = env["DLC_ENDPOINT"], "environment variable DLC_ENDPOINT"
    if base:
        endpoint = Endpoint.parse(str(base), what=base_what)
        endpoints = {service: endpoint for service in SERVICES}
    per_service: Any = config.get("dlc:endpoints")
    what = "stack config dlc:endpoints"
    if per_service is None and env.get("DLC_ENDPOINTS"):
        per_service, what = env["DLC_ENDPOINTS"], "environment variable DLC_ENDPOINTS"
    if isinstance(per_service, str):
        try:
            per_service = json.loads(per_service)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{what} is not a JSON object of service -> URL: {exc}") from None
    if per_service is not None and not isinstance(per_service, Mapping):
        raise ConfigError(f"{what} must be an object of service -> URL (services: {', '.join(SERVICES)})")
    for name, url in (per_service or {}).items():
        service = _SERVICE_ALIASES.get(str(name).lower(), str(name).lower())
        if service not in SERVICES:
            raise ConfigError(f"{what}: unknown service {name!r} (known: {', '.join(SERVICES)})")
        endpoints[service] = Endpoint.parse(str(url), what=f"{what}[{name}]")
    return endpoints


def _apply_numbers(settings: ProviderSettings, config: Mapping[str, Any], env: Mapping[str, str]) -> ProviderSettings:
    for key, (variable, (group, name), minimum) in _NUMBER_SETTINGS.items():
        raw, what = config.get(key), f"stack config {key}"
        if raw is None and env.get(variable):
            raw, what = env[variable], f"environment variable {variable}"
        if raw is None:
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"{what} must be a number, got {raw!r}") from None
        if value < minimum:
            raise ConfigError(f"{what} must be at least {minimum:g}, got {raw!r}")
        part = getattr(settings, group)
        if name in _WHOLE_NUMBERS and value != int(value):
            raise ConfigError(f"{what} must be a whole number, got {raw!r}")
        typed: float | int = int(value) if name in _WHOLE_NUMBERS else value
        settings = replace(settings, **{group: replace(part, **{name: typed})})
    return settings
