"""The Automation API's `pulumi` runs, each in a session of its own.

Why: a Ctrl-C on a terminal sends SIGINT to the whole foreground process group. If the engine were in
dlc-stack's group it would get that SIGINT *and* the one dlc-stack forwards for a SIGINT sent to
dlc-stack alone; two SIGINTs make the engine terminate at once, leaving what was in flight pending (and
perhaps made but unrecorded in the cloud). In its own session the engine gets exactly the signals
dlc-stack decides to send (`stacks.interrupt_engine`): one for a graceful stop, which lets operations in
flight finish and be recorded, and a second only when the user insists. Its plugins (the language host,
the provider process) are in that session too, so the terminal's SIGINT does not kill them either.

When the engine dies by a signal (SIGKILL), its plugins would live on as orphans, and a provider
process among them could still send a create after the state has been reconciled. The session's
ID is the engine's pid, so what is left of it is ended at once (`_end_leftovers`).

`SessionPulumiCommand.run` is `pulumi.automation.PulumiCommand.run` with `start_new_session=True`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Mapping
from typing import Any

from pulumi import automation as auto
from pulumi.automation._cmd import CommandResult, _fixup_path  # noqa: PLC2701 (reused as the SDK runs them)
from pulumi.automation.errors import create_command_error

from ..engine.environment import command_environment

__all__ = ["SessionPulumiCommand"]


class SessionPulumiCommand(auto.PulumiCommand):
    """A `PulumiCommand` whose processes start in a new session (see the module docstring)."""

    def run(
        self,
        args: list[str],
        cwd: str,
        additional_env: Mapping[str, str],
        on_output: Any = None,
        on_error: Any = None,
    ) -> CommandResult:
        separator = args.index("--") if "--" in args else len(args)
        if "--non-interactive" not in args[:separator]:
            args.insert(0, "--non-interactive")
        env = command_environment({**os.environ, **additional_env, "PULUMI_AUTOMATION_API": "true"}, args)
        if os.path.isabs(self.command):
            env = _fixup_path(env, os.path.dirname(self.command))
        stdout_chunks: list[str] = []
        stderr_chunks: list[str] = []

        def consume(stream: Any, callback: Any, chunks: list[str]) -> None:
            for line in iter(stream.readline, ""):
                stripped = line.rstrip()
                if callback:
                    callback(stripped)
                chunks.append(stripped)
            stream.close()

        with subprocess.Popen(
            [self.command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=env,
            encoding="utf-8", start_new_session=True,
        ) as process:
            readers = [
                threading.Thread(target=consume, args=(process.stdout, on_output, stdout_chunks), daemon=True),
                threading.Thread(target=consume, args=(process.stderr, on_error, stderr_chunks), daemon=True),
            ]
            for reader in readers:
                reader.start()
            for reader in readers:
                reader.join()
            process.wait()
            _end_leftovers(process.pid)
        result = CommandResult(stderr="\n".join(stderr_chunks), stdout="\n".join(stdout_chunks),
                               code=process.returncode)
        if result.code != 0:
            raise create_command_error(result)
        return result


def _end_leftovers(session: int) -> None:
    """SIGKILL whatever is left in the engine's session once the engine has exited (nothing, after a
    normal exit: the engine stops its plugins itself). The plugins have process groups of their own, but
    stay in the session, whose ID (the engine's pid) is not reused while any of them lives."""
    from pathlib import Path

    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) != session or int(entry.name) == os.getpid():
                continue
            os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            continue
