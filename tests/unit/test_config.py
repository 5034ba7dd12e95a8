"""Provider settings from stack config and environment, credentials that never reach the state, and
providers that pickle by reference without their settings."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config
from pulumi.dynamic.dynamic import serialize_provider

from dlc_provider.clients import sts
from dlc_provider.clients.session import Session
from dlc_provider.config import SERVICES, Credentials, Endpoint, ProviderSettings
from dlc_provider.errors import AuthError, ConfigError
from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ACCOUNT_ID, serve_in_thread
from dlc_provider.resources import VpcProvider

from ._cloud import FAKE_CREDENTIALS, Env, cloud, env, fast_settings, isolated  # noqa: F401  (fixtures)

SECRET = "s3cr3t-never-in-state"


def settings(config: dict[str, Any] | None = None, **env: str) -> ProviderSettings:
    return ProviderSettings.from_sources(config or {}, env)


def test_region_comes_from_stack_config_then_environment() -> None:
    assert settings({"alicloud:region": "cn-beijing"}, ALIBABA_CLOUD_REGION_ID="cn-shanghai").region == "cn-beijing"
    assert settings(ALIBABA_CLOUD_REGION_ID="cn-shanghai").region == "cn-shanghai"


def test_a_missing_region_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="alicloud:region.*ALIBABA_CLOUD_REGION_ID"):
        settings()


def test_static_keys_from_stack_config() -> None:
    creds = settings({"alicloud:region": "r", "alicloud:accessKey": "AKID", "alicloud:secretKey": SECRET,
                      "alicloud:securityToken": "tok"}).credentials

    assert (creds.source, creds.access_key_id, creds.access_key_secret, creds.security_token) == (
        "static", "AKID", SECRET, "tok")


def test_half_a_key_pair_is_refused() -> None:
    with pytest.raises(ConfigError, match="both"):
        settings({"alicloud:region": "r", "alicloud:accessKey": "AKID"})


def test_a_profile_or_else_the_default_chain() -> None:
    assert settings({"alicloud:region": "r", "alicloud:profile": "work"}).credentials == Credentials(
        source="profile", profile="work")
    assert settings({"alicloud:region": "r"}).credentials.source == "default"


def test_credentials_never_print_their_secret() -> None:
    creds = Credentials(source="static", access_key_id="LTAI5tAbcdef", access_key_secret=SECRET, security_token="tk")

    assert SECRET not in repr(creds) and "tk" not in repr(creds)
    assert SECRET not in repr(ProviderSettings(region="r", credentials=creds))


def test_one_endpoint_for_every_service_and_per_service_overrides() -> None:
    configured = settings({"alicloud:region": "r", "dlc:endpoint": "http://127.0.0.1:8765",
                           "dlc:endpoints": json.dumps({"ecs": "https://ecs.example.com", "pai-dlc": "127.0.0.1:1"})})

    assert configured.endpoint_for("vpc") == Endpoint("127.0.0.1:8765", "http")
    assert configured.endpoint_for("ecs") == Endpoint("ecs.example.com", "https")
    assert configured.endpoint_for("pai_dlc") == Endpoint("127.0.0.1:1", "https")
    assert set(configured.endpoints) == set(SERVICES)


def test_endpoints_from_the_environment_when_config_has_none() -> None:
    configured = settings(ALIBABA_CLOUD_REGION_ID="r", DLC_ENDPOINT="http://localhost:9",
                          DLC_ENDPOINTS='{"sts": "http://127.0.0.2:7"}')

    assert configured.endpoint_for("vpc") == Endpoint("localhost:9", "http")
    assert configured.endpoint_for("sts") == Endpoint("127.0.0.2:7", "http")
    assert configured.endpoint_for("vpc").is_loopback


def test_no_endpoint_means_the_sdk_default() -> None:
    assert settings(ALIBABA_CLOUD_REGION_ID="r").endpoint_for("vpc") is None


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"dlc:endpoint": "ftp://x"}, "not a base URL"),
        ({"dlc:endpoint": "http://x:1/path"}, "not a base URL"),
        ({"dlc:endpoints": '{"s3": "http://x"}'}, "unknown service 's3'"),
        ({"dlc:endpoints": "not json"}, "not a JSON object"),
        ({"dlc:pollInterval": "soon"}, "must be a number"),
        ({"dlc:retryMaxAttempts": "0"}, "at least 1"),
    ],
)
def test_bad_settings_say_what_is_wrong(config: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        settings({"alicloud:region": "r", **config})


def test_pace_settings_from_config_and_environment() -> None:
    configured = settings({"alicloud:region": "r", "dlc:pollInterval": "0.25", "dlc:retryMaxAttempts": "3"},
                          DLC_POLL_MAX_INTERVAL="2", DLC_NOT_FOUND_GRACE="0", DLC_RETRY_MAX_DELAY="1.5")

    assert (configured.poll.initial, configured.poll.max_interval, configured.poll.not_found_grace) == (0.25, 2.0, 0.0)
    assert (configured.retry.max_attempts, configured.retry.max_delay) == (3, 1.5)
    assert isinstance(configured.retry.max_attempts, int)


def test_configure_reads_the_stack_config_the_engine_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALIBABA_CLOUD_REGION_ID", raising=False)
    provider = VpcProvider()
    raw = {"alicloud:region": "cn-shenzhen", "alicloud:accessKey": "AKID", "alicloud:secretKey": SECRET,
           "dlc:endpoint": "http://127.0.0.1:1", "other:key": "ignored"}

    provider.configure(ConfigureRequest(Config(raw, "project")))

    session = provider.session()
    assert session.region == "cn-shenzhen"
    assert session.settings.credentials.access_key_secret == SECRET
    assert session.settings.endpoint_for("ecs") == Endpoint("127.0.0.1:1", "http")


def test_the_pickled_provider_is_a_reference_without_settings_or_secrets() -> None:
    provider = VpcProvider()
    provider.configure(ConfigureRequest(Config({"alicloud:region": "r", "alicloud:accessKey": "AKID",
                                                "alicloud:secretKey": SECRET}, "p")))
    provider.session()

    pickled = base64.b64decode(serialize_provider(provider))

    assert b"dlc_provider.resources.network" in pickled and b"VpcProvider" in pickled
    assert SECRET.encode() not in pickled and b"AKID" not in pickled
    assert len(pickled) < 200
    assert pickled == base64.b64decode(serialize_provider(VpcProvider()))  # no diff from configuring


def test_settings_reach_the_fake_through_an_endpoint(isolated: None) -> None:
    server = serve_in_thread()
    try:
        configured = ProviderSettings.from_sources(
            {"alicloud:region": "cn-hangzhou", "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
             "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET, "dlc:endpoint": server.url}, {})
        identity = sts.get_caller_identity(Session(configured))
    finally:
        server.stop()

    assert identity["AccountId"] == DEFAULT_ACCOUNT_ID


def test_wrong_credentials_are_an_auth_error(env: Env) -> None:
    bad = fast_settings(credentials=Credentials(source="static", access_key_id=DEFAULT_ACCESS_KEY_ID,
                                                access_key_secret="wrong"))

    with pytest.raises(AuthError, match="SignatureDoesNotMatch"):
        sts.get_caller_identity(Session(bad))
    assert len(env.cloud.calls(action="GetCallerIdentity")) == 1  # not retried


def test_the_default_chain_reads_the_environment(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    from alibabacloud_credentials.utils import auth_util

    # The library reads these variables when it is imported (in a provider process: at its start).
    monkeypatch.setattr(auth_util, "environment_access_key_id", DEFAULT_ACCESS_KEY_ID)
    monkeypatch.setattr(auth_util, "environment_access_key_secret", DEFAULT_ACCESS_KEY_SECRET)

    identity = sts.get_caller_identity(Session(fast_settings(credentials=Credentials(source="default"))))

    assert identity["AccountId"] == DEFAULT_ACCOUNT_ID
    assert FAKE_CREDENTIALS.source == "static"


def test_no_credentials_anywhere_is_an_auth_error_and_not_retried(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    from alibabacloud_credentials.utils import auth_util

    monkeypatch.setattr(auth_util, "environment_access_key_id", None)
    monkeypatch.setattr(auth_util, "environment_ecs_metadata_disabled", "true")
    monkeypatch.setenv("HOME", "/nonexistent")

    with pytest.raises(AuthError, match="no usable credentials"):
        sts.get_caller_identity(Session(fast_settings(credentials=Credentials(source="default"))))
    assert env.cloud.calls(action="GetCallerIdentity") == []
