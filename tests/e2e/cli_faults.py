"""Faults for `dlc-stack` end-to-end tests: a running dlc-stack, its engine found through /proc, SIGKILL of
the engine, SIGINT to dlc-stack's process group (a terminal's Ctrl-C), and what is left afterwards
(pending operations in the state, leftover plugin processes, resources in the fake the state does not
know, duplicates)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from dlc_provider.cli.reconcile import PulumiRunner, StackTarget
from dlc_provider.cli.stacks import stack_environment
from dlc_provider.engine import ensure_engine

from .test_cli import DevStack, _command, _env


class Running:
    """`dlc-stack ARGS` in a process group of its own (as a terminal runs a foreground job)."""

    def __init__(self, stack: DevStack, *args: str) -> None:
        self.process = subprocess.Popen(_command(stack.directory, "--plain", *args), stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=_env(), start_new_session=True)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    @property
    def output(self) -> str:
        return "".join(self.seen)

    def wait_for_line(self, predicate: Any, timeout: float = 180) -> bool:
        """Read lines until one satisfies `predicate` (True) or the process ends (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                self.lines.put(None)
                return False
            self.seen.append(line)
            if predicate(line):
                return True
        raise AssertionError("timed out waiting for a line:\n" + self.output)

    def engine_pid(self) -> int | None:
        """The `pulumi` process dlc-stack runs (a child of it), if one runs now."""
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid and (entry / "comm").read_text().strip() == "pulumi":
                    return int(entry.name)
            except (OSError, ValueError, IndexError):
                continue
        return None

    def kill_engine(self) -> int | None:
        pid = self.engine_pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
        return pid

    def interrupt_group(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)

    def finish(self, timeout: float = 600) -> tuple[int, str]:
        try:
            code = self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        while (line := self.lines.get(timeout=30)) is not None:
            self.seen.append(line)
        return self.process.returncode, self.output


def target(stack: DevStack) -> StackTarget:
    engine = ensure_engine()
    env = stack_environment(engine, stack.directory, base=_env())
    return StackTarget(PulumiRunner(str(engine.pulumi), stack.directory, env), "dev", stack.directory)


def pending(stack: DevStack) -> list[dict[str, Any]]:
    document = target(stack).export()
    return list((document.get("deployment") or {}).get("pending_operations") or [])


def state_ids(stack: DevStack) -> set[str]:
    document = target(stack).export()
    return {str(r["id"]) for r in (document.get("deployment") or {}).get("resources") or []
            if r.get("id") and not str(r.get("type", "")).startswith("pulumi:")}


def untracked(stack: DevStack) -> list[tuple[str, str, str]]:
    """Resources in the fake the stack's state does not know (an access group's ID there is `type/name`)."""
    known = state_ids(stack)
    return [r for r in stack.user_resources() if r[2] not in known and r[2].rsplit("/", 1)[-1] not in known]


def duplicates(stack: DevStack) -> dict[tuple[str, str], int]:
    """Kinds with more than one resource (the dev stack makes one of each)."""
    counts = Counter((service, kind) for service, kind, _ in stack.user_resources())
    return {key: n for key, n in counts.items() if n > 1}


def engine_leftovers(stack: DevStack) -> list[str]:
    """Live language hosts and provider processes of this project (not the fake server)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        mine = str(stack.directory) in cmdline or cwd.startswith(str(stack.directory))
        if state == "Z" or not mine or "dlc_provider.fake" in cmdline or "dlc_provider.cli" in cmdline:
            continue
        if "pulumi" in cmdline or "language_host" in cmdline:
            found.append(f"{entry.name}: {cmdline[:160]}")
    return found


def wait_no_leftovers(stack: DevStack, timeout: float = 20) -> list[str]:
    deadline = time.monotonic() + timeout
    while (left := engine_leftovers(stack)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left
