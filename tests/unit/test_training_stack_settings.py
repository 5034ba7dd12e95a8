"""`TrainingStackArgs` is the one declaration of the stack's settings: the rules model takes its fields and
types from it, and the /24-room rule and the zone rule are each written once."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from dlc_provider.components.settings import (
    _RULES,
    Gateway,
    StorageKind,
    TrainingStackArgs,
    TrainingStackError,
    check_settings,
    vswitch_blocks,
)
from dlc_provider.components.training_stack import _first_blocks, _storage_zone

JOB = {"framework": "pytorch", "command": "python train.py", "roles": {"worker": {"count": 1, "spec": "x"}}}


def test_the_rules_judge_exactly_the_declared_settings() -> None:
    assert list(_RULES.model_fields) == [f.name for f in dataclasses.fields(TrainingStackArgs)]
    assert typing.get_args(Gateway) == ("none", "public", "private")
    assert typing.get_args(StorageKind) == ("none", "nas", "extreme_nas", "cpfs")


@pytest.mark.parametrize("bandwidth", [0, 501])
def test_a_declared_bound_is_the_rule(bandwidth: int) -> None:
    args = TrainingStackArgs(job=JOB, zone_ids=["z"], internet_gateway="private", eip_bandwidth=bandwidth)
    with pytest.raises(TrainingStackError, match="eip_bandwidth:"):
        check_settings(args, "team-exp", "10.0.0.0/16", True)


def test_the_room_rule_is_the_same_before_and_after_an_output_resolves() -> None:
    args = TrainingStackArgs(job=JOB, zone_ids=["a", "b"])
    with pytest.raises(TrainingStackError, match=r"zone_ids: 2 zones but the VPC's 10\.0\.0\.0/24 holds only 1"):
        check_settings(args, "team-exp", "10.0.0.0/24", True)
    with pytest.raises(TrainingStackError, match=r"^zone_ids: 2 zones but the VPC's 10\.0\.0\.0/24 holds only 1"):
        _first_blocks("10.0.0.0/24", 2)
    assert vswitch_blocks("10.0.0.0/23", 2) == ["10.0.0.0/24", "10.0.1.0/24"]
    assert vswitch_blocks("10.0.0.0/25", 1) == ["10.0.0.0/25"]


def test_the_zone_rule_names_the_file_system() -> None:
    with pytest.raises(TrainingStackError, match="zone_ids: required to create a CPFS file system"):
        _storage_zone([None], "cpfs")
    assert _storage_zone(["cn-hangzhou-h"], "extreme_nas") == "cn-hangzhou-h"
