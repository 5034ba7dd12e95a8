"""`dlc_provider` re-exports the API the README uses, and importing it alone stays light."""

from __future__ import annotations

import subprocess
import sys

import dlc_provider
from dlc_provider import components, resources


def test_importing_the_package_loads_neither_pulumi_nor_the_resources() -> None:
    code = (
        "import sys, dlc_provider\n"
        "from dlc_provider import waiting\n"
        "loaded = [m for m in ('pulumi', 'dlc_provider.resources', 'dlc_provider.components') if m in sys.modules]\n"
        "print(loaded)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_readme_names_are_there() -> None:
    from dlc_provider import DlcJob, DlcJobArgs, NasFileSystem, TrainingStack, TrainingStackArgs, Vpc, VpcArgs

    assert TrainingStack is components.TrainingStack and TrainingStackArgs is components.TrainingStackArgs
    assert (Vpc, VpcArgs, DlcJob, DlcJobArgs, NasFileSystem) == (
        resources.Vpc, resources.VpcArgs, resources.DlcJob, resources.DlcJobArgs, resources.NasFileSystem)
    assert set(dlc_provider.__all__) == set(resources.__all__) | set(components.__all__)
    assert "Vpc" in dir(dlc_provider)


def test_unknown_names_are_attribute_errors() -> None:
    try:
        dlc_provider.NoSuchResource  # noqa: B018
    except AttributeError as error:
        assert "NoSuchResource" in str(error)
    else:
        raise AssertionError("dlc_provider.NoSuchResource resolved")
