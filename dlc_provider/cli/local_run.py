"""`dlc-stack run --local`: the stack on the local fake cloud, its job's pods run as processes on this machine.

The fake's `execute_jobs` setting is switched on through its admin API for the run and put back as it
was afterwards (README: "Running jobs for real").
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class LocalRunProblem(RuntimeError):
    """`--local` cannot be used with this stack; the message says why (a set-up problem: exit 2)."""


def _admin(url: str, method: str = "GET", body: dict[str, Any] | None = None) -> dict[str, Any]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{url.rstrip('/')}/_fake/settings", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with opener.open(request, timeout=10) as reply:
        answer: dict[str, Any] = json.loads(reply.read() or b"{}")
        return answer


def runs_folder(settings: dict[str, Any]) -> str:
    """Where the fake keeps local runs (the same rule as the fake's PAI-DLC service)."""
    if settings.get("exec_dir"):
        return str(settings["exec_dir"])
    if settings.get("state_file"):
        return str(Path(settings["state_file"]).resolve().parent / "local-runs")
    return "a temporary folder of the fake (start it with --exec-dir or a state file to keep the files)"


@contextmanager
def execution_on(url: str | None, say: Callable[[str], None]) -> Iterator[str]:
    """Switch the fake at `url` to run jobs for real, yielding its runs folder; restore the setting after."""
    if not url:
        raise LocalRunProblem("--local needs the stack's dlc:endpoint to be the local fake cloud "
                              "(e.g. http://127.0.0.1:8765); this stack has none")
    try:
        before = _admin(url)
    except OSError as error:
        raise LocalRunProblem(f"--local could not reach the fake cloud's admin API at {url}: {error}") from None
    folder = runs_folder(before)
    if not before.get("execute_jobs"):
        _admin(url, "POST", {"execute_jobs": True})
    say(f"local run: the job's pods run as processes on this machine; NAS/CPFS/OSS folders and pod work dirs "
        f"under {folder}")
    try:
        yield folder
    finally:
        if not before.get("execute_jobs"):
            try:
                _admin(url, "POST", {"execute_jobs": False})
            except OSError:
                say(f"dlc-stack: could not switch the fake at {url} back to simulated jobs")
