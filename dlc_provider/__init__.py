"""Pulumi resources for Alibaba Cloud PAI-DLC training stacks, and a local fake of the Alibaba Cloud APIs.

The public API the README uses is here: every resource of `dlc_provider.resources` with its `Args` and
`ArgsDict` (`Vpc`, `VpcArgs`, `DlcJob`, `DlcJobArgs`, ...) and `TrainingStack` / `TrainingStackArgs` of
`dlc_provider.components`:

    from dlc_provider import TrainingStack, Vpc

The names are loaded on first use, so `import dlc_provider` (which the fake cloud, the command line and the
provider host all do) neither imports Pulumi nor declares anything.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

__version__ = "0.1.0"

# Where the re-exported names live; each module's own `__all__` says which names it makes public.
_PUBLIC_MODULES = ("dlc_provider.components", "dlc_provider.resources")


def _public_names() -> dict[str, str]:
    return {name: module for module in _PUBLIC_MODULES for name in importlib.import_module(module).__all__}


def __getattr__(name: str) -> Any:
    if name == "__all__":
        return sorted(_public_names())
    # A submodule (`from dlc_provider import waiting`) is the import system's to load, without the names above.
    if name.startswith("_") or importlib.util.find_spec(f"{__name__}.{name}") is not None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = _public_names().get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_public_names()))
