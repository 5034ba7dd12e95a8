"""The in-process front door: `mock_cloud()` answers every `requests` call from a `FakeCloud`.

Built on the `responses` library, like moto's mock decorators: inside the context (or the decorated
function) every HTTP request made with `requests` to any host — the SDKs' default
`<product>.<region>.aliyuncs.com` hosts as well as a custom endpoint such as `127.0.0.1:9999` — goes to
the fake. Unknown actions get a loud `501 NotImplemented` naming service and action (and are journaled).
A dropped-connection fault raises `requests.exceptions.ConnectionError`, as a real dropped connection
does. (`aliyun-python-sdk-core` uses its own vendored copy of `requests`; point it at the server door.)
"""

from __future__ import annotations

import re
from contextlib import ContextDecorator
from typing import Any
from urllib.parse import urlsplit

import requests
import responses

from .core.cloud import FakeCloud
from .core.registry import ServiceRegistry
from .core.wire import FakeRequest
from .settings import FakeSettings

_ANY_URL = re.compile(r"^https?://.*")
_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")


def _settings_with(settings: FakeSettings | None, overrides: dict[str, Any]) -> FakeSettings:
    base = settings if settings is not None else FakeSettings()
    if not overrides:
        return base
    merged = dict(base)  # field values as they are (no re-serialisation of nested models)
    merged.update(overrides)
    return FakeSettings(**merged)


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        return _body_bytes(body.read())
    return b"".join(_body_bytes(chunk) for chunk in body)


class CloudMock(ContextDecorator):
    """Context manager (yields the `FakeCloud`) and decorator (a fresh fake per call)."""

    def __init__(
        self, settings: FakeSettings | None = None, *, registry: ServiceRegistry | None = None, **overrides: Any
    ) -> None:
        self._settings = settings
        self._registry = registry
        self._overrides = overrides
        self._requests_mock: responses.RequestsMock | None = None
        self.cloud: FakeCloud | None = None

    def _recreate_cm(self) -> CloudMock:
        return CloudMock(self._settings, registry=self._registry, **self._overrides)

    def __enter__(self) -> FakeCloud:
        self.cloud = FakeCloud(_settings_with(self._settings, self._overrides), registry=self._registry)
        self._requests_mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        for method in _METHODS:
            self._requests_mock.add_callback(method, _ANY_URL, callback=self._answer, content_type=None)
        self._requests_mock.start()
        return self.cloud

    def __exit__(self, *exc_info: object) -> None:
        assert self._requests_mock is not None and self.cloud is not None
        self._requests_mock.stop()
        self._requests_mock.reset()
        self.cloud.close()

    def _answer(self, prepared: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        assert self.cloud is not None
        headers = {name: str(value) for name, value in prepared.headers.items()}
        if not any(name.lower() == "host" for name in headers):
            headers["Host"] = urlsplit(prepared.url or "").netloc
        request = FakeRequest.build(
            prepared.method or "GET", prepared.path_url, headers, _body_bytes(prepared.body), "127.0.0.1"
        )
        response = self.cloud.handle(request)
        if response.drop:
            raise requests.exceptions.ConnectionError("Connection aborted: the fake cloud dropped it")
        return response.status, response.headers, response.body


def mock_cloud(
    settings: FakeSettings | None = None, *, registry: ServiceRegistry | None = None, **overrides: Any
) -> CloudMock:
    """Route the SDKs' HTTP calls to a fresh `FakeCloud`. Keyword overrides go to `FakeSettings`.

        with mock_cloud(latency="manual") as cloud:
            ...   # SDK clients with default endpoints (or any endpoint) now talk to `cloud`

        @mock_cloud()
        def test_something(): ...
    """
    return CloudMock(settings, registry=registry, **overrides)
