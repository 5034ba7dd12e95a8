"""The old module name `dlc_provider.specs.dlc_job` still serves the same names, with a DeprecationWarning."""

from __future__ import annotations

import importlib
import sys

import pytest

from dlc_provider.specs import dlc


def test_the_old_name_warns_and_serves_the_same_objects() -> None:
    sys.modules.pop("dlc_provider.specs.dlc_job", None)
    with pytest.warns(DeprecationWarning, match="import from dlc_provider.specs.dlc"):
        old = importlib.import_module("dlc_provider.specs.dlc_job")
    assert old.__all__ == dlc.__all__
    assert all(getattr(old, name) is getattr(dlc, name) for name in dlc.__all__)
