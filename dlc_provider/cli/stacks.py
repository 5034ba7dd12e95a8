"""The Automation API on the project's own engine set-up (`dlc_provider.engine`).

`open_stack(project_dir, name)` selects (or creates) a stack of the project in `project_dir` with the
same offline environment as `./run pulumi`: the engine found or built by `ensure_engine()`, the local file
backend in `<project>/.pulumi-state/`, the passphrase for local stacks, and no HTTP proxy (the Alibaba SDK
would send even 127.0.0.1 calls through it). `provider_settings(stack)` reads the stack's config into the
provider's `ProviderSettings`, so the CLI follows the job with exactly the endpoint and keys the stack uses.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from ..config import ProviderSettings
from ..engine import Engine, engine_environment, ensure_engine
from .engine_command import SessionPulumiCommand

_PROXIES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy")


class ProjectNotFound(RuntimeError):
    """No Pulumi.yaml in the folder or any parent."""


def find_project_dir(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding a Pulumi.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "Pulumi.yaml").is_file() or (folder / "Pulumi.yml").is_file():
            return folder
    raise ProjectNotFound(f"no Pulumi.yaml in {here} or any folder above it (use --cwd DIR)")


def stack_environment(engine: Engine, project_dir: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The engine's environment for the project, as `./run pulumi` sets it up."""
    env = engine_environment(engine, project_dir, base=base)
    env.setdefault("DLC_PROVIDER_PYTHON", sys.executable)
    for name in _PROXIES:
        env.pop(name, None)
    return env


@dataclass
class StackHandle:
    """A selected stack and what it runs with."""

    stack: auto.Stack
    engine: Engine
    project_dir: Path
    env: dict[str, str]

    @property
    def name(self) -> str:
        return self.stack.name

    def config(self) -> dict[str, Any]:
        """All stack config, namespaced keys, secrets in plain text (for our own calls only)."""
        return {key: value.value for key, value in self.stack.get_all_config().items()}

    def outputs(self) -> dict[str, Any]:
        return {key: value.value for key, value in self.stack.outputs().items()}

    def resource_count(self) -> int:
        """Resources in the stack's state, the stack itself and providers not counted."""
        deployment = self.stack.export_stack().deployment or {}
        return sum(
            1 for r in deployment.get("resources") or []
            if not r.get("type", "").startswith("pulumi:")
        )


def open_stack(
    project_dir: Path, stack_name: str, *, engine: Engine | None = None, say: Callable[[str], None] | None = None
) -> StackHandle:
    """Select (or create) the stack. With `say`, checkpoint files a killed engine left broken are repaired
    first (selecting the stack reads them), and each repair is reported through `say`."""
    engine = engine or ensure_engine()
    env = stack_environment(engine, project_dir)
    if say is not None:
        from .reconcile import repair_files

        repair_files(env, project_dir, stack_name, say)
    # The Automation API adds os.environ under env_vars; remove proxies from our own process too.
    for name in _PROXIES:
        os.environ.pop(name, None)
    opts = auto.LocalWorkspaceOptions(
        work_dir=str(project_dir),
        pulumi_home=env["PULUMI_HOME"],
        env_vars=env,
        pulumi_command=SessionPulumiCommand(root=str(engine.bin_dir.parent), skip_version_check=False),
    )
    stack = auto.create_or_select_stack(stack_name, work_dir=str(project_dir), opts=opts)
    return StackHandle(stack=stack, engine=engine, project_dir=project_dir, env=env)


def provider_settings(config: Mapping[str, Any], env: Mapping[str, str] | None = None) -> ProviderSettings:
    """The provider's settings from the stack config (environment fallbacks as in the provider)."""
    return ProviderSettings.from_sources(config, os.environ if env is None else env)


def interrupt_engine(engine: Engine) -> int:
    """Send SIGINT to the `pulumi` processes this process started: the first makes the engine stop
    gracefully (operations in flight finish and are recorded), a second makes it stop at once.

    The engine runs in a session of its own (`engine_command`), so a terminal's Ctrl-C reaches it only
    through here. Returns how many processes were signalled."""
    me = os.getpid()
    target = str(engine.pulumi.resolve())
    count = 0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid != me:
                continue
            exe = os.readlink(entry / "exe")
        except (OSError, ValueError, IndexError):
            continue
        if exe == target:
            try:
                os.kill(int(entry.name), signal.SIGINT)
                count += 1
            except OSError:
                pass
    return count
