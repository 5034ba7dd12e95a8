"""Settings and the compact fault-rule form used by the command line and the environment."""

from __future__ import annotations

import pytest

from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_STS_ACCESS_KEY_ID, FakeSettings, FaultRule


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("throttle:vpc:CreateVpc:0.3", FaultRule(kind="throttle", service="vpc", action="CreateVpc", probability=0.3)),
        ("server_error:*:*:0.1", FaultRule(kind="server_error", probability=0.1)),
        ("drop", FaultRule(kind="drop")),
        ("latency:ecs::1:delay_seconds=0.5", FaultRule(kind="latency", service="ecs", delay_seconds=0.5)),
        ("throttle:vpc:*:1:retry_after_ms=500,max_count=2",
         FaultRule(kind="throttle", service="vpc", retry_after_ms=500, max_count=2)),
        ("drop:vpc:CreateVpc:1:after=true", FaultRule(kind="drop", service="vpc", action="CreateVpc", after=True)),
        ("eventual:vpc:CreateVpc:1:missing_seconds=3",
         FaultRule(kind="eventual", service="vpc", action="CreateVpc", missing_seconds=3)),
    ],
)
def test_fault_specs(spec: str, expected: FaultRule) -> None:
    rule = FaultRule.parse(spec)
    assert rule == expected
    assert FaultRule.parse(rule.to_spec()) == rule


@pytest.mark.parametrize(
    "spec", ["", "meteor:vpc", "throttle:vpc:*:2", "throttle:vpc:*:1:nonsense", "latency::*:1:x=1"]
)
def test_bad_fault_specs(spec: str) -> None:
    with pytest.raises(ValueError):
        FaultRule.parse(spec)


def test_rule_matching() -> None:
    rule = FaultRule.parse("throttle:VPC:CreateVpc")
    assert rule.matches("vpc", "CreateVpc") and not rule.matches("vpc", "DeleteVpc")
    assert not rule.matches("ecs", "CreateVpc")
    assert FaultRule(kind="drop").matches("anything", "At all")


def test_settings_defaults_and_assignment() -> None:
    settings = FakeSettings()
    assert (settings.latency, settings.latency_factor, settings.seed, settings.faults) == ("instant", 1.0, 0, [])
    assert {DEFAULT_ACCESS_KEY_ID, DEFAULT_STS_ACCESS_KEY_ID} <= set(settings.accounts)
    settings.faults = ["throttle:vpc:*:0.5"]
    assert settings.faults == [FaultRule(kind="throttle", service="vpc", probability=0.5)]
    with pytest.raises(ValueError):
        settings.latency = "sluggish"  # type: ignore[assignment]
    with pytest.raises(ValueError):
        FakeSettings(unknown_option=True)  # type: ignore[call-arg]
    assert "secret" not in str(settings.public_view()).lower()


def test_client_token_window_from_the_command_line_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlc_provider.fake.__main__ import TOKEN_TTL_ENV, build_parser, settings_from_args

    def settings(*argv: str) -> FakeSettings:
        return settings_from_args(build_parser().parse_args(["serve", *argv]))

    monkeypatch.delenv(TOKEN_TTL_ENV, raising=False)
    assert settings().client_token_ttl_seconds == 3600
    monkeypatch.setenv(TOKEN_TTL_ENV, "120")
    assert settings().client_token_ttl_seconds == 120
    assert settings("--client-token-ttl", "30").client_token_ttl_seconds == 30
    with pytest.raises(ValueError):
        FakeSettings(client_token_ttl_seconds=0)
