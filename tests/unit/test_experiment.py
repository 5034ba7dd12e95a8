"""`Experiment` provider: validation, diff, create."""

from __future__ import annotations

import re

from dlc_provider.experiment import ExperimentProvider


def test_check_accepts_a_valid_name_and_names_the_field_on_failure():
    provider = ExperimentProvider()
    assert provider.check({}, {"name": "mnist-1"}).failures == []
    (failure,) = provider.check({}, {"name": "Bad_Name"}).failures
    assert failure.property == "name" and "pattern" in failure.reason
    (extra,) = provider.check({}, {"name": "ok", "colour": "red"}).failures
    assert extra.property == "colour" and "Extra inputs" in extra.reason


def test_name_change_replaces_and_same_name_is_no_change():
    provider = ExperimentProvider()
    olds = {"name": "a", "run_id": "a-000000"}
    assert provider.diff("a-000000", olds, {"name": "a"}).changes is False
    diff = provider.diff("a-000000", olds, {"name": "b"})
    assert diff.changes is True and diff.replaces == ["name"]


def test_create_makes_distinct_run_ids():
    provider = ExperimentProvider()
    first, second = provider.create({"name": "x"}), provider.create({"name": "x"})
    assert re.fullmatch(r"x-[0-9a-f]{6}", first.id) and first.id != second.id
    assert first.outs["run_id"] == first.id
