"""Secrets as the engine hands them to `check` and `diff` (wrapped), seen through by validation and diff."""

from __future__ import annotations

from pulumi.runtime import rpc

from dlc_provider.resources.network import VpcProvider
from dlc_provider.resources.engine_values import as_stored, is_wrapped_secret, reveal


def _secret(value):
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}  # noqa: SLF001


def test_reveal_unwraps_at_any_depth():
    wrapped = {"a": _secret({"b": [_secret("x"), 1]}), "c": 2}
    assert reveal(wrapped) == {"a": {"b": ["x", 1]}, "c": 2}
    assert is_wrapped_secret(_secret(1)) and not is_wrapped_secret({"value": 1})


def test_a_secret_input_is_validated_kept_secret_and_compared_by_value():
    provider = VpcProvider()
    news = {"cidr_block": "10.0.0.0/16", "name": _secret("training"), "dlc_identity": "p/s/Vpc/v"}
    checked = provider.check({}, news)
    assert checked.failures == []
    assert is_wrapped_secret(checked.inputs["name"])  # still secret for the engine

    olds = {"cidr_block": "10.0.0.0/16", "name": _secret("training"), "dlc_identity": "p/s/Vpc/v"}
    assert provider.diff("vpc-1", olds, checked.inputs).changes is False
    renamed = provider.diff("vpc-1", olds, {**checked.inputs, "name": _secret("other")})
    assert renamed.changes is True and renamed.replaces == []


def test_as_stored_matches_what_the_engine_gives_back():
    assert as_stored({"a": None, "b": [1.0, {"c": None, "d": 2.5}], "e": 3}) == {"b": [1, {"d": 2.5}], "e": 3}


def test_unknown_objects_from_the_sdk_count_as_unknown():
    # At preview the SDK hands check/diff an `Unknown` object for another resource's output, not the string.
    from pulumi.output import Unknown

    from dlc_provider.specs.common import UNKNOWN, contains_unknown, is_unknown, validate_inputs
    from dlc_provider.specs.dlc.validation import find_unknowns
    from dlc_provider.specs.network import VSwitchSpec

    assert is_unknown(Unknown()) and is_unknown(UNKNOWN) and not is_unknown("vpc-1")
    assert contains_unknown({"network": {"vpc_id": Unknown()}})
    assert find_unknowns({"network": {"vpc_id": Unknown()}, "roles": [Unknown()]}) == [("network", "vpc_id"), ("roles", 0)]
    validation = validate_inputs(VSwitchSpec, {"dlc_identity": "p/s/t/n", "vpc_id": Unknown(), "zone_id": "cn-hangzhou-h",
                                               "cidr_block": "10.0.1.0/24"})
    assert validation.failures == [] and validation.unknown == {"vpc_id"}
    bad = validate_inputs(VSwitchSpec, {"dlc_identity": "p/s/t/n", "vpc_id": Unknown(), "zone_id": "cn-hangzhou-h", "cidr_block": "10.0.1.0/33"})
    assert [path for path, _ in bad.failures] == ["cidr_block"]
