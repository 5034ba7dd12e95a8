"""A program with well over a thousand dynamic resources: pickling each provider stays one layer deep."""

from __future__ import annotations

import pickle
import sys

from dlc_provider.resources import Vpc

from ._mocks import Recorder


def test_declaring_a_resource_leaves_the_pickler_as_it_was() -> None:
    Recorder().install()
    pickler = pickle._Pickler  # noqa: SLF001
    before = (pickler.__dict__["_batch_setitems"], pickler.__dict__["save_dict"])

    Vpc("one", cidr_block="10.0.0.0/16")

    assert (pickler.__dict__["_batch_setitems"], pickler.__dict__["save_dict"]) == before


def test_more_resources_than_the_recursion_limit_can_be_declared() -> None:
    Recorder().install()
    count = sys.getrecursionlimit() + 200  # pulumi's own wrapping alone fails near the limit (RecursionError)

    made = [Vpc(f"vpc-{i}", cidr_block="10.0.0.0/16") for i in range(count)]

    assert len(made) == count
