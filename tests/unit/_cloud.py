"""Fixtures and helpers for the provider tests: the in-process fake cloud and settings pointing at it.

Import the fixtures you use into a test module (`from ._cloud import cloud, env, isolated`) so pytest
finds them (`cloud`, `env` and `manual_env` depend on `isolated`).
Waits and retries run with zero pauses (the fake's `instant` latency finishes every life cycle by the
next call); tests that look at statuses in between use `manual_env`, whose provider clock is the fake's
own clock and whose `sleep` advances it, so a wait of minutes takes no wall time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from dlc_provider.clients.session import Session
from dlc_provider.config import Credentials, PollPolicy, ProviderSettings, RetryPolicy
from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION, FakeCloud, mock_cloud
from dlc_provider.resources.provider import CloudProvider
from dlc_provider.resources.tokens import TAKEOVERS

PROXY_VARIABLES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")

FAKE_CREDENTIALS = Credentials(
    source="static", access_key_id=DEFAULT_ACCESS_KEY_ID, access_key_secret=DEFAULT_ACCESS_KEY_SECRET
)


#: The `dlc_identity` the engine would fill in, for calling `check` directly.
IDENTITY = {"dlc_identity": "p/s/t/n"}


def failures(provider_class: type[CloudProvider], **inputs: Any) -> dict[str, str]:
    """What `check` refuses in these inputs: property path -> reason."""
    result = provider_class().check({}, {**IDENTITY, **inputs})
    return {failure.property: failure.reason for failure in result.failures}


def assert_refused(provider_class: type[CloudProvider], inputs: dict[str, Any], path: str, rule: str) -> None:
    """`check` refuses `inputs` at the property `path`, with a reason that names `rule`."""
    found = failures(provider_class, **inputs)
    assert path in found, found
    assert rule in found[path], found[path]


def fast_settings(**overrides: Any) -> ProviderSettings:
    """Settings for the fake with no pauses at all."""
    settings = ProviderSettings(
        region=DEFAULT_REGION,
        credentials=FAKE_CREDENTIALS,
        poll=PollPolicy(initial=0.0, factor=1.5, max_interval=0.0, not_found_grace=0.0),
        retry=RetryPolicy(max_attempts=8, base_delay=0.0, max_delay=0.0),
    )
    return settings.with_overrides(**overrides) if overrides else settings


@dataclass
class Env:
    """The fake cloud and the settings every provider of a test uses."""

    cloud: FakeCloud
    settings: ProviderSettings
    counter: int = 0
    sleeps: list[float] = field(default_factory=list)

    def provider(self, provider_class: type[CloudProvider]) -> Any:
        return provider_class().use_settings(self.settings)

    def session(self) -> Session:
        return Session(self.settings)

    def identity(self, name: str) -> str:
        return f"test-project/test-stack/pulumi-python:dynamic/dlc:X/{name}"

    def checked(self, provider: CloudProvider, inputs: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, Any]:
        result = provider.check(olds or {}, dict(inputs))
        assert not result.failures, [(f.property, f.reason) for f in result.failures]
        return result.inputs

    def create(self, provider_class: type[CloudProvider], label: str, /, **inputs: Any) -> tuple[Any, Any, dict[str, Any]]:
        """Check and create like the engine does: returns (provider, CreateResult, checked inputs)."""
        provider = self.provider(provider_class)
        checked = self.checked(provider, {"dlc_identity": self.identity(label), **inputs})
        return provider, provider.create(checked), checked

    def calls(self, action: str, *, ok: bool | None = True) -> list[Any]:
        return self.cloud.calls(action=action, ok=ok)


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No proxy variables, no progress file, and no takeovers of an earlier test (a test is a fresh
    provider process; the fake's seeded IDs repeat between tests). Every cloud fixture uses it."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DLC_PROGRESS_FILE", raising=False)
    TAKEOVERS.clear()
    yield
    TAKEOVERS.clear()


@pytest.fixture
def cloud(isolated: None) -> Iterator[FakeCloud]:
    with mock_cloud(seed=1234) as fake:
        yield fake


@pytest.fixture
def env(cloud: FakeCloud) -> Env:
    return Env(cloud, fast_settings())


@pytest.fixture
def manual_env(isolated: None) -> Iterator[Env]:
    """Realistic life-cycle durations on a clock that moves only when the provider sleeps."""
    with mock_cloud(seed=1234, latency="manual") as fake:
        environment = Env(fake, fast_settings())

        def sleep(seconds: float) -> None:
            environment.sleeps.append(seconds)
            fake.clock.advance(max(seconds, 0.001))

        environment.settings = fast_settings(
            clock=fake.clock.now,
            sleep=sleep,
            poll=PollPolicy(initial=0.5, factor=1.5, max_interval=5.0, not_found_grace=5.0),
            retry=RetryPolicy(max_attempts=8, base_delay=0.5, max_delay=4.0),
        )
        yield environment
