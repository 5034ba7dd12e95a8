"""Reconcile a stack with the `pulumi` command line: stale locks, then pending operations (`recover`).

`prepare_stack` runs before every dlc-stack up, down and run, and is `dlc-stack recover`: it removes the
locks of engines that are gone, refuses (`ConcurrentOperation`) when a live engine holds the stack, and
settles the pending operations a killed engine left (see `recover`) by `pulumi stack export`, the state
surgery, and `pulumi stack import`. A stack with no pending operations costs one export and is not
written.

`PulumiRunner` runs `pulumi` either with the project's engine set-up (what dlc-stack uses) or as the
user's own `pulumi` on PATH with their environment (their backend, login and passphrase).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..config import ProviderSettings
from .locks import ConcurrentOperation, backend_dir, broken_attrs, concurrent_message, remove_stale, stack_locks
from .recover import Reconciled, provider_lookup, reconcile

__all__ = ["PulumiFailed", "PulumiRunner", "StackTarget", "pending_operations", "prepare_stack", "reconcile_stack",
           "repair_files"]

_LOCKED_TEXTS = ("the stack is currently locked by", "Another update is currently in progress")


class PulumiFailed(RuntimeError):
    """A `pulumi` command failed; the message is one paragraph with its last error lines."""


@dataclass(frozen=True)
class PulumiRunner:
    """Runs `pulumi ARGS` in the project folder with this environment; returns stdout."""

    command: str
    cwd: Path
    env: Mapping[str, str]

    def __call__(self, *args: str, timeout: float = 300) -> str:
        try:
            proc = subprocess.run([self.command, "--non-interactive", *args], cwd=self.cwd, env=dict(self.env),
                                  capture_output=True, text=True, timeout=timeout, check=False,
                                  start_new_session=True)  # a terminal's Ctrl-C must not cut an import short
        except OSError as error:
            raise PulumiFailed(f"cannot run {self.command}: {error.strerror}") from None
        if proc.returncode != 0:
            text = (proc.stderr or proc.stdout or "").strip()
            if any(marker in text for marker in _LOCKED_TEXTS):
                raise ConcurrentOperation(text)
            lines = [line for line in text.splitlines() if line.strip()][-6:]
            raise PulumiFailed(f"`pulumi {' '.join(args[:2])}` failed (exit {proc.returncode}): " + " / ".join(lines))
        return proc.stdout


@dataclass(frozen=True)
class StackTarget:
    """A stack of a project and how to run `pulumi` on it."""

    runner: PulumiRunner
    stack: str
    project_dir: Path

    @classmethod
    def plain(cls, project_dir: Path, stack: str, pulumi: str | None = None) -> StackTarget:
        """The user's own `pulumi` (on PATH unless given) with the environment as it is."""
        command = pulumi or shutil.which("pulumi")
        if not command:
            raise PulumiFailed("no `pulumi` on PATH (give its path with --pulumi PATH)")
        return cls(PulumiRunner(command, project_dir, dict(os.environ)), stack, project_dir)

    @property
    def env(self) -> Mapping[str, str]:
        return self.runner.env

    def project_name(self) -> str:
        return _project_name(self.project_dir)

    def export(self) -> dict[str, Any]:
        return json.loads(self.runner("stack", "export", "--show-secrets", "--stack", self.stack) or "{}")

    def import_(self, document: Mapping[str, Any]) -> None:
        # The document holds secrets in plain text: a private folder, removed at once.
        folder = tempfile.mkdtemp(prefix="dlc-recover-")
        try:
            path = Path(folder) / "state.json"
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
                json.dump(document, file)
            self.runner("stack", "import", "--file", str(path), "--stack", self.stack)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def config(self) -> dict[str, Any]:
        """The stack's config, secrets in plain text (for the providers' settings only)."""
        raw = json.loads(self.runner("config", "--json", "--show-secrets", "--stack", self.stack) or "{}")
        return {key: item.get("objectValue", item.get("value")) for key, item in raw.items()
                if isinstance(item, dict)}


def pending_operations(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list((document.get("deployment") or {}).get("pending_operations") or [])


def reconcile_stack(
    target: StackTarget, say: Callable[[str], None], guard: Callable[[], None] = lambda: None
) -> list[Reconciled]:
    """Settle the stack's pending operations (if any), one line each through `say`. `guard` runs again
    right before the state is written: pending operations may belong to an engine that started since."""
    document = target.export()
    if not pending_operations(document):
        return []
    settings = ProviderSettings.from_sources(target.config(), target.env)
    deployment, report = reconcile(document["deployment"], provider_lookup(settings))
    guard()
    target.import_({**document, "deployment": deployment})
    for item in report:
        say(item.line())
    return report


def clear_stale_locks(target: StackTarget, say: Callable[[str], None]) -> None:
    """Remove locks of engines that are gone; raise `ConcurrentOperation` if a live one holds the stack.
    (Only for a `file://` backend; others report a held lock when the command runs.)"""
    backend = backend_dir(target.env)
    if backend is None:
        return
    removed, live = remove_stale(stack_locks(backend, target.project_name(), target.stack))
    for holder in removed:
        say(f"recover: removed the lock left by {holder.describe()}: that process is gone")
    if live:
        raise ConcurrentOperation(concurrent_message(target.stack, live))
    repair_files(target.env, target.project_dir, target.stack, say)


def _project_name(project_dir: Path) -> str:
    for name in ("Pulumi.yaml", "Pulumi.yml"):
        path = project_dir / name
        if path.is_file():
            return str((yaml.safe_load(path.read_text()) or {}).get("name") or "")
    return ""


def repair_files(env: Mapping[str, str], project_dir: Path, stack: str, say: Callable[[str], None]) -> None:
    """Remove checkpoint metadata a killed engine left half written (see `locks.broken_attrs`), unless a
    live engine holds the stack. Runs before the stack is even selected: selecting it reads the state."""
    backend = backend_dir(env)
    if backend is None:
        return
    project = _project_name(project_dir)
    if any(not holder.is_stale() for holder in stack_locks(backend, project, stack)):
        return
    for path in broken_attrs(backend, project, stack):
        path.unlink(missing_ok=True)
        say(f"recover: removed {path.name}, a metadata file a killed engine left half written (the state "
            "could not be read with it)")


def prepare_stack(target: StackTarget, say: Callable[[str], None]) -> list[Reconciled]:
    """Before an update: stale locks, then pending operations."""
    clear_stale_locks(target, say)
    try:
        return reconcile_stack(target, say, guard=lambda: clear_stale_locks(target, say))
    except ConcurrentOperation:
        raise ConcurrentOperation(concurrent_message(target.stack, [])) from None
