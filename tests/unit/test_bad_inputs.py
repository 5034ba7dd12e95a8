"""Bad literal inputs of every resource are refused by `check` at preview: with the field path and the
rule, without a traceback, without any secret and without a long value in full, and with no cloud call."""

from __future__ import annotations

from collections import Counter

import pytest

from dlc_provider import resources
from dlc_provider.fake.core.regions import ZONES as FAKE_ZONES
from dlc_provider.specs.zones import REGION_ZONES

from ._bad_input_cases import BASES, CASES, Bad
from ._cloud import Env, cloud, env, fast_settings, isolated  # noqa: F401  (fixtures)

IDENTITY = {"dlc_identity": "p/s/t/n"}


def _check(provider_class: type, inputs: dict, region: str | None, env: Env):
    settings = env.settings if region == env.settings.region else fast_settings(region=region or "cn-hangzhou")
    provider = provider_class().use_settings(settings)
    if region is None:
        provider._region = lambda: None  # settings not usable yet: region rules are skipped
    return provider.check({}, {**IDENTITY, **inputs})


def _provider_classes() -> list[type]:
    return sorted({getattr(resources, name) for name in resources.__all__ if name.endswith("Provider")
                   and name != "CloudProvider"} - {resources.CloudProvider}, key=lambda c: c.__name__)


@pytest.mark.parametrize("provider_class", _provider_classes(), ids=lambda c: c.__name__)
def test_every_base_input_set_passes(env: Env, provider_class: type) -> None:
    assert _check(provider_class, BASES[provider_class], "cn-hangzhou", env).failures == []


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_bad_literal_is_refused_with_its_path_and_rule(env: Env, case: Bad) -> None:
    calls = len(env.cloud.journal)

    result = _check(case.provider, case.inputs(), case.region, env)

    found = {failure.property: failure.reason for failure in result.failures}
    assert case.path in found, found
    assert case.rule in found[case.path], found
    text = " ".join(f"{f.property} {f.reason}" for f in result.failures)
    assert "Traceback" not in text and "File \"" not in text
    for secret in case.secrets:
        assert secret not in text, text
    long_values = [v for v in _strings(case.patch) if len(v) > 60]
    assert not any(v in text for v in long_values), text
    assert len(env.cloud.journal) == calls


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_resource_has_bad_input_cases() -> None:
    counts = Counter(case.provider for case in CASES)
    assert set(counts) == set(_provider_classes())
    assert all(count >= 3 for count in counts.values()), counts
    assert len(CASES) >= 100


def test_the_zone_table_holds_every_zone_of_the_fake() -> None:
    for region, zones in FAKE_ZONES.items():
        assert set(zones) <= set(REGION_ZONES.get(region, ())), region


def test_values_unknown_at_preview_are_not_judged_by_the_new_rules(env: Env) -> None:
    from dlc_provider.specs import UNKNOWN

    inputs = {"vpc_id": UNKNOWN, "zone_id": UNKNOWN, "cidr_block": "10.0.1.0/24"}
    assert _check(resources.VSwitchProvider, inputs, "cn-hangzhou", env).failures == []
    job = {**BASES[resources.DlcJobProvider], "image": UNKNOWN,
           "storage_mounts": [{"kind": "oss", "uri": UNKNOWN, "mount_path": "/mnt/oss"}]}
    assert _check(resources.DlcJobProvider, job, "cn-hangzhou", env).failures == []


def test_a_zone_of_a_region_missing_from_the_table_only_needs_the_region_prefix() -> None:
    from dlc_provider.specs.zones import check_zone

    assert check_zone("xx-new-1-a", "xx-new-1") == "xx-new-1-a"
    with pytest.raises(ValueError, match="not a zone of the provider's region xx-new-1"):
        check_zone("cn-hangzhou-h", "xx-new-1")


def test_messages_cut_long_values_and_blank_secrets() -> None:
    from dlc_provider.specs.failures import scrub, shown

    assert shown("x" * 100) == "'" + "x" * 58 + "…"
    assert scrub(f"got {'y' * 100!r}") == "got '" + "y" * 58 + "…"
    assert scrub("password 'pa55word' and pa55word", {"pa55word"}) == "password '***' and ***"
