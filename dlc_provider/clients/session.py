"""The one place that builds Alibaba Cloud SDK clients and makes calls through them.

A `Session` wraps one `ProviderSettings`: `session.call(service, action, fn)` runs `fn(client)` with the
service's SDK client, maps whatever the SDK raises onto our `CloudError`s (`errors.from_sdk_exception`)
and retries transient errors (`waiting.call_with_retry`). Clients are made lazily, one per service and
thread (the provider process serves many operations at once; an SDK client is not shared between
threads); credentials are resolved by the Alibaba credentials library (static keys, a profile, or its
default chain) and stay in memory.

A gate per service bounds the calls in flight at once in this process (`retry.max_concurrent`, stack
config `dlc:maxConcurrentCalls`): a thousand resources created together queue for it rather than run into
the service's rate limit. A call holds its place only while on the wire, never while backing off.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ..config import Credentials, ProviderSettings
from ..errors import CloudError, TransportError, from_sdk_exception
from ..waiting import call_with_retry

__all__ = ["SDK_CLIENTS", "Session", "import_sdk_modules"]

T = TypeVar("T")
log = logging.getLogger(__name__)

#: Service name -> module of its SDK client (the API version is part of the package name).
SDK_CLIENTS = {
    "vpc": "alibabacloud_vpc20160428.client",
    "ecs": "alibabacloud_ecs20140526.client",
    "sts": "alibabacloud_sts20150401.client",
    "nas": "alibabacloud_nas20170626.client",
    "ram": "alibabacloud_ram20150501.client",
    "aiworkspace": "alibabacloud_aiworkspace20210204.client",
    "pai_dlc": "alibabacloud_pai_dlc20201203.client",
}
#: What `import_sdk_modules` loads: every client (each imports its models and the OpenAPI core), OSS's own
#: SDK, the credentials chain; the network's first, as the longest life cycles start there.
_SDK_MODULES = (SDK_CLIENTS["vpc"], SDK_CLIENTS["ecs"], SDK_CLIENTS["nas"], SDK_CLIENTS["pai_dlc"], SDK_CLIENTS["ram"],
                SDK_CLIENTS["aiworkspace"], "alibabacloud_oss_v2", SDK_CLIENTS["sts"], "alibabacloud_credentials.client")
_PROXY_VARIABLES = ("HTTP_PROXY", "http_proxy")
_gates: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_gates_lock = threading.Lock()


def call_gate(service: str, limit: int) -> threading.BoundedSemaphore:
    """The process-wide gate of a service: at most `limit` of its calls in flight at once."""
    with _gates_lock:
        gate = _gates.get((service, limit))
        if gate is None:
            gate = _gates[(service, limit)] = threading.BoundedSemaphore(max(limit, 1))
        return gate


def import_sdk_modules() -> None:
    """Import the SDK modules every service's calls need, ahead of those calls.

    For the provider process while it waits on the cloud (see provider_host): a service's first call
    otherwise imports its SDK first (0.3-0.6 s for the VPC client), on the critical path of a deployment.
    Errors are left for the call that needs the module to report."""
    for name in _SDK_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 (the real call reports it, with context)
            log.debug("importing %s ahead of use failed", name, exc_info=True)


class Session:
    """SDK clients and retried, error-mapped calls for one set of settings."""

    def __init__(self, settings: ProviderSettings) -> None:
        self.settings = settings
        self._local = threading.local()
        self._credential_lock = threading.Lock()
        self._credential: Any = None
        self._warned_proxy = False

    @property
    def region(self) -> str:
        return self.settings.region

    def call(self, service: str, action: str, fn: Callable[[Any], T], *, retry: bool = True) -> T:
        """`fn(client)` for the service's client; SDK errors become `CloudError`s, transient ones are retried."""

        gate = call_gate(service, self.settings.retry.max_concurrent)

        def once() -> T:
            client = self.client(service)
            try:
                with gate:
                    return fn(client)
            except Exception as exc:
                raise from_sdk_exception(exc, service=service, action=action) from exc

        if not retry:
            return once()
        return self.retrying(once, what=f"{service} {action}")

    def call_create(
        self, service: str, action: str, fn: Callable[[Any], Any], *, id_of: Callable[[Any], str],
        find: Callable[[], str | None],
    ) -> str:
        """The ID a create call on an API without ClientToken made (`id_of` reads it from the reply), retried
        like every call: before each retry `find` looks for what an earlier try made (by a token tag or
        name) and returns its ID if it is there, so a try whose answer was lost is never repeated. After a dropped connection (the one failure
        that may have taken effect) the lookup keeps trying for the not-found grace, since a new resource may
        be missing from list calls for a moment."""
        settings = self.settings
        tries = 0

        def attempt() -> str:
            nonlocal tries
            tries += 1
            if tries > 1:
                made = find()
                if made is not None:
                    return made
            return id_of(self.call(service, action, fn, retry=False))

        def retry_on(exc: BaseException) -> bool:
            if isinstance(exc, TransportError):
                until = settings.clock() + settings.poll.not_found_grace
                while settings.clock() < until and find() is None:
                    settings.sleep(settings.poll.initial)
            return isinstance(exc, CloudError) and exc.retryable

        return self.retrying(attempt, what=f"{service} {action}", retry_on=retry_on)

    def retrying(
        self, fn: Callable[[], T], *, what: str, retry_on: Callable[[BaseException], bool] | None = None
    ) -> T:
        """`fn()` retried like every call (`waiting.call_with_retry` with these settings); `retry_on` decides
        which errors are retried (default: the transient ones)."""
        extra = {} if retry_on is None else {"retry_on": retry_on}
        return call_with_retry(
            fn, policy=self.settings.retry, sleep=self.settings.sleep, what=what, clock=self.settings.clock, **extra
        )

    def client(self, service: str) -> Any:
        clients: dict[str, Any] | None = getattr(self._local, "clients", None)
        if clients is None:
            clients = self._local.clients = {}
        client = clients.get(service)
        if client is None:
            client = clients[service] = self._new_client(service)
        return client

    def _new_client(self, service: str) -> Any:
        from alibabacloud_tea_openapi.models import Config

        if service == "oss":  # OSS's own SDK (not an OpenAPI client)
            from .oss_sdk import new_client

            return new_client(self.settings, lambda: self._shared_credential(self.settings.credentials))

        module = importlib.import_module(SDK_CLIENTS[service])
        config = Config(region_id=self.settings.region, connect_timeout=5000, read_timeout=30000)
        creds = self.settings.credentials
        if creds.source == "static":
            config.access_key_id = creds.access_key_id
            config.access_key_secret = creds.access_key_secret
            config.security_token = creds.security_token
        else:
            config.credential = self._shared_credential(creds)
        endpoint = self.settings.endpoint_for(service)
        if endpoint is not None:
            config.endpoint = endpoint.host
            config.protocol = endpoint.protocol
            if endpoint.is_loopback and endpoint.protocol == "http" and not self._warned_proxy:
                proxy = next((os.environ[v] for v in _PROXY_VARIABLES if os.environ.get(v)), None)
                if proxy:
                    self._warned_proxy = True
                    log.warning(
                        "HTTP_PROXY is set: the Alibaba SDK sends plain-HTTP calls to %s through it (it ignores "
                        "NO_PROXY); unset it when you use a local fake", endpoint.host,
                    )
        return module.Client(config)

    def _shared_credential(self, creds: Credentials) -> Any:
        with self._credential_lock:
            if self._credential is None:
                self._credential = _credential_client(creds)
            return self._credential


def _credential_client(creds: Credentials) -> Any:
    """A credentials client of the Alibaba library: a named profile, or the library's default chain."""
    from alibabacloud_credentials.client import Client as CredentialClient

    if creds.source == "profile":
        from alibabacloud_credentials.provider import CLIProfileCredentialsProvider, ProfileCredentialsProvider

        # pulumi-alicloud's `profile` names a profile of the aliyun CLI's config.json; fall back to the
        # credentials INI file the SDKs share when there is no CLI config.
        cli_config = os.path.join(os.path.expanduser("~"), ".aliyun", "config.json")
        provider = (
            CLIProfileCredentialsProvider(profile_name=creds.profile)
            if os.path.exists(cli_config)
            else ProfileCredentialsProvider(profile_name=creds.profile)
        )
        return CredentialClient(provider=provider)
    return CredentialClient()
