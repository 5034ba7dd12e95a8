"""Secrets as the engine hands them to `check` and `diff` (wrapped), seen through by validation and diff."""

from __future__ import annotations

from pulumi.runtime import rpc

from dlc_provider.resources.network import VpcProvider
from dlc_provider.resources.secrets import is_wrapped_secret, reveal


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
