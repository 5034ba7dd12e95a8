"""The environment the engine runs in: offline, non-interactive, local state, as parallel as our provider.

Local stacks keep their state in a file backend inside the project (`.pulumi-state/`, ignored by git) and
their engine home in `.pulumi-home/`. Secrets use the passphrase provider; a default passphrase is set
only when the backend is that local file backend and the user has not set one, so a real backend is never
silently given a known passphrase.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from .install import Engine

#: How many provider operations run at once in the dynamic-provider host (it reads them from here; they
#: live in this module because `python -m ...provider_host` imports this package first).
ENV_WORKERS = "DLC_PROVIDER_WORKERS"
DEFAULT_WORKERS = 64

#: The passphrase for local development stacks only (state in the project's own folder). Set
#: PULUMI_CONFIG_PASSPHRASE (or _FILE) yourself for anything that matters.
LOCAL_PASSPHRASE = "dlc-local-dev-only"


def engine_environment(
    engine: Engine,
    project_dir: Path,
    base: Mapping[str, str] | None = None,
    state_dir: Path | None = None,
    home_dir: Path | None = None,
) -> dict[str, str]:
    """Environment variables for running `pulumi` on `project_dir` offline with local state."""
    env = dict(os.environ if base is None else base)
    env["PATH"] = f"{engine.bin_dir}{os.pathsep}{env.get('PATH', '')}"
    state = state_dir or project_dir / ".pulumi-state"
    home = home_dir or project_dir / ".pulumi-home"
    env.setdefault("PULUMI_BACKEND_URL", f"file://{state.resolve()}")
    env.setdefault("PULUMI_HOME", str(home.resolve()))
    local_backend = env["PULUMI_BACKEND_URL"].startswith("file://")
    if local_backend and "PULUMI_CONFIG_PASSPHRASE" not in env and "PULUMI_CONFIG_PASSPHRASE_FILE" not in env:
        env["PULUMI_CONFIG_PASSPHRASE"] = LOCAL_PASSPHRASE
    env["PULUMI_SKIP_UPDATE_CHECK"] = "true"
    env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] = "true"
    env["PULUMI_SKIP_CONFIRMATIONS"] = "true"
    env.setdefault("PULUMI_DIY_BACKEND_NO_LEGACY_WARNING", "true")
    env["PULUMI_ENGINE_VERSION"] = engine.version
    # The engine runs 4 x CPUs resource operations at once by default (8 on a 2-core machine): let it run
    # as many as our provider process serves (unless the user chose; --parallel still wins).
    env.setdefault("PULUMI_PARALLEL", env.get(ENV_WORKERS) or str(DEFAULT_WORKERS))
    if local_backend:
        state.mkdir(parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    return env


def is_dry_run(args: Sequence[str]) -> bool:
    """Whether `pulumi <args>` only previews: `preview`, or any command with `--preview-only`."""
    command = next((arg for arg in args if not arg.startswith("-")), "")
    return command == "preview" or "--preview-only" in args


def command_environment(env: Mapping[str, str], args: Sequence[str]) -> dict[str, str]:
    """`env` for running `pulumi <args>`: a dry run skips the engine's intermediate state snapshots.

    Why: the engine keeps a snapshot manager even for a preview (its persister discards what it is given),
    and serializes the whole stack after every step, so a preview costs the square of the resources (a
    1,000-job preview spent most of its time there). A preview writes no state, so it loses nothing by
    serializing once at the end (`PULUMI_SKIP_CHECKPOINTS`). Updates keep every checkpoint: they are what
    `dlc-stack recover` finds pending operations in. A value the user set is kept."""
    out = dict(env)
    if is_dry_run(args):
        out.setdefault("PULUMI_SKIP_CHECKPOINTS", "true")
    return out
