"""The real Pulumi engine for this project: find it, or build it from its Go module and cache it.

`ensure_engine()` returns an `Engine` (the folder with `pulumi` and its companions); `engine_environment()`
gives the offline, non-interactive environment to run it in. `python -m dlc_provider.engine setup` does both
from the command line. Nothing here is imported by the resources themselves.
"""

from .environment import LOCAL_PASSPHRASE, command_environment, engine_environment, is_dry_run
from .install import Engine, EngineUnavailable, ensure_engine, is_compatible, python_sdk_version

__all__ = [
    "LOCAL_PASSPHRASE",
    "Engine",
    "EngineUnavailable",
    "command_environment",
    "engine_environment",
    "ensure_engine",
    "is_compatible",
    "is_dry_run",
    "python_sdk_version",
]
