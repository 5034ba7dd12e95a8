"""Driving the real `pulumi` CLI on throw-away projects, for end-to-end tests.

Each project lives in a temporary folder with its own file backend and PULUMI_HOME, uses the repository's
virtualenv as its runtime, and runs the engine offline. Commands return the CompletedProcess; failures raise
with the engine's own output so a failing test shows what the engine said.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]  # pyyaml ships with pulumi

from dlc_provider.engine import Engine, command_environment, engine_environment
from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The virtualenv the tests run in (sys.prefix inside a venv); projects use it as their runtime.
VENV = Path(sys.prefix)
#: Polls and retry back-offs short enough for tests against the fake.
FAST_WAITS = {"dlc:pollInterval": "0.05", "dlc:retryBaseDelay": "0.05"}


def fake_config(endpoint: str, settings: Mapping[str, str] = FAST_WAITS) -> dict[str, str]:
    """The plain stack config that points a program at the fake cloud at `endpoint`, plus `settings`
    (the secret key, `alicloud:secretKey` = DEFAULT_ACCESS_KEY_SECRET, is set apart as a secret)."""
    return {"alicloud:region": DEFAULT_REGION, "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID, "dlc:endpoint": endpoint,
            **settings}


class PulumiCommandFailed(AssertionError):
    """A pulumi command exited non-zero; carries the engine's output."""


@dataclass
class PulumiProject:
    """A throw-away Pulumi project and its one stack."""

    engine: Engine
    directory: Path
    stack: str = "test"
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = engine_environment(
            self.engine,
            self.directory,
            state_dir=self.directory / ".state",
            home_dir=self.directory / ".home",
        )
        env["PULUMI_BACKEND_URL"] = f"file://{(self.directory / '.state').resolve()}"
        env["PULUMI_HOME"] = str((self.directory / ".home").resolve())
        env["DLC_PROVIDER_PYTHON"] = str(VENV / "bin" / "python")
        for proxy in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
            env.pop(proxy, None)
        env.update(self.extra_env)
        return env

    def run(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [str(self.engine.pulumi), *args, "--non-interactive"],
            cwd=self.directory, env=command_environment(self.env, args), capture_output=True, text=True, timeout=timeout, check=False,
        )
        if check and proc.returncode != 0:
            raise PulumiCommandFailed(
                f"pulumi {' '.join(args)} exited {proc.returncode}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
            )
        return proc

    def write_program(self, source: str) -> None:
        (self.directory / "__main__.py").write_text(textwrap.dedent(source))

    def set_config(self, key: str, value: str, secret: bool = False) -> None:
        self.run("config", "set", "--stack", self.stack, key, value, *(["--secret"] if secret else []))

    def use_fake(self, endpoint: str, settings: Mapping[str, str] = FAST_WAITS) -> None:
        """Point the stack at the fake cloud at `endpoint` (see `fake_config`), the secret key encrypted."""
        for key, value in fake_config(endpoint, settings).items():
            self.set_config(key, value)
        self.set_config("alicloud:secretKey", DEFAULT_ACCESS_KEY_SECRET, secret=True)

    def up(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("up", "--yes", "--skip-preview", "--stack", self.stack, *args)

    def preview(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("preview", "--stack", self.stack, *args, check=check)

    def refresh(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("refresh", "--yes", "--skip-preview", "--stack", self.stack, *args)

    def destroy(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("destroy", "--yes", "--skip-preview", "--stack", self.stack, *args)

    def outputs(self) -> dict[str, Any]:
        return json.loads(self.run("stack", "output", "--json", "--show-secrets", "--stack", self.stack).stdout)

    def export(self) -> dict[str, Any]:
        return json.loads(self.run("stack", "export", "--stack", self.stack).stdout)

    def resources(self) -> list[dict[str, Any]]:
        return self.export()["deployment"].get("resources") or []


def new_project(engine: Engine, directory: Path, name: str = "e2e", stack: str = "test") -> PulumiProject:
    """Create a project using the repository's virtualenv, and its stack."""
    directory.mkdir(parents=True, exist_ok=True)
    settings = {
        "name": name,
        "runtime": {"name": "python", "options": {"virtualenv": str(VENV), "toolchain": "pip"}},
    }
    (directory / "Pulumi.yaml").write_text(yaml.safe_dump(settings))
    project = PulumiProject(engine=engine, directory=directory, stack=stack)
    project.run("stack", "init", stack)
    return project
