"""The processes of locally run pods: start (through `pod_supervisor.py`), poll, stop, and end them all.

One `LocalRunner` per PAI-DLC backend holds the live pods; it is never pickled (a restarted fake has no
processes: the jobs it ran are failed by the service). Each pod has its own folder with `output.log`
(`<epoch> <line>` per line of stdout/stderr), `result.json` (written by the supervisor at the end) and
`pgid` (the process group of the command, for the last-resort kill). Every runner alive in this process is
closed at interpreter exit too, so even a fake that is never closed leaves no process behind.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

SUPERVISOR = Path(__file__).resolve().parent.parent / "pod_supervisor.py"
CLOSE_WAIT_SECONDS = 5.0
LOG_NAME, RESULT_NAME, PGID_NAME = "output.log", "result.json", "pgid"


@dataclass(frozen=True)
class PodLaunch:
    """Everything needed to (re)start one pod's command."""

    folder: Path
    shell: str
    command: str
    env: dict[str, str]
    cwd: Path
    grace: float
    deadline: float  # wall seconds of the job's time limit from the first start (0: none)


@dataclass(frozen=True)
class PodResult:
    code: int  # the command's exit code; a signal N is 128+N, as a container runtime reports it
    reason: str  # exited | stopped | killed | timeout | orphaned | lost
    at: float  # wall-clock epoch of the end


@dataclass
class _Running:
    launch: PodLaunch
    process: subprocess.Popen[bytes]
    started: float = field(default_factory=time.monotonic)


_RUNNERS: weakref.WeakSet[LocalRunner] = weakref.WeakSet()


def _close_all() -> None:
    for runner in list(_RUNNERS):
        runner.close()


atexit.register(_close_all)


class LocalRunner:
    def __init__(self) -> None:
        self._pods: dict[tuple[str, str], _Running] = {}
        _RUNNERS.add(self)

    # -- starting --------------------------------------------------------------------------------------
    def start(self, job_id: str, pod_id: str, launch: PodLaunch, header: list[str]) -> None:
        """Start the pod's command (again, for a restart); `header` lines go first into its log."""
        launch.folder.mkdir(parents=True, exist_ok=True)
        launch.cwd.mkdir(parents=True, exist_ok=True)
        for stale in (RESULT_NAME, PGID_NAME):
            (launch.folder / stale).unlink(missing_ok=True)
        with open(launch.folder / LOG_NAME, "a", encoding="utf-8") as log:
            log.writelines(f"{time.time():.3f} {line}\n" for line in header)
        previous = self._pods.get((job_id, pod_id))
        deadline = launch.deadline
        if previous is not None and deadline > 0:  # a restart keeps the job's time limit
            deadline = max(deadline - (time.monotonic() - previous.started), 0.001)
        command = [
            sys.executable, str(SUPERVISOR), "--log", str(launch.folder / LOG_NAME),
            "--result", str(launch.folder / RESULT_NAME), "--pgid-file", str(launch.folder / PGID_NAME),
            "--parent", str(os.getpid()), "--grace", str(launch.grace), "--deadline", str(deadline),
            "--", launch.shell, "-c", launch.command,
        ]
        with open(launch.folder / "supervisor.log", "ab") as errors:
            process = subprocess.Popen(command, cwd=launch.cwd, env=launch.env, stdin=subprocess.DEVNULL,
                                       stdout=errors, stderr=subprocess.STDOUT, start_new_session=True)
        self._pods[(job_id, pod_id)] = _Running(launch, process,
                                                previous.started if previous else time.monotonic())

    def launch_of(self, job_id: str, pod_id: str) -> PodLaunch | None:
        running = self._pods.get((job_id, pod_id))
        return running.launch if running else None

    # -- watching ------------------------------------------------------------------------------------------
    def knows(self, job_id: str, pod_id: str) -> bool:
        return (job_id, pod_id) in self._pods

    def result(self, job_id: str, pod_id: str) -> PodResult | None:
        """The pod's end once its supervisor has exited (None while it runs, or if the runner never ran it)."""
        running = self._pods.get((job_id, pod_id))
        if running is None or running.process.poll() is None:
            return None
        try:
            data = json.loads((running.launch.folder / RESULT_NAME).read_text())
            code = int(data["code"])
            return PodResult(128 - code if code < 0 else code, str(data["reason"]), float(data["at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return PodResult(128 + signal.SIGKILL, "lost", time.time())

    @staticmethod
    def log_lines(folder: Path) -> list[tuple[float, str]]:
        """(wall-clock epoch, text) of every line the pod wrote so far."""
        try:
            raw = (folder / LOG_NAME).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        lines = []
        for row in raw.splitlines():
            stamp, _, text = row.partition(" ")
            try:
                lines.append((float(stamp), text))
            except ValueError:
                lines.append((lines[-1][0] if lines else 0.0, row))
        return lines

    # -- ending -------------------------------------------------------------------------------------------
    def stop(self, job_id: str, pod_ids: list[str] | None = None, *, now: bool = False) -> None:
        """SIGTERM (then SIGKILL after the grace period), or with `now` SIGKILL at once, to the job's pods."""
        for (job, pod), running in self._pods.items():
            if job == job_id and (pod_ids is None or pod in pod_ids) and _ready(running):
                _signal(running.process.pid, signal.SIGUSR1 if now else signal.SIGTERM)

    def forget(self, job_id: str) -> None:
        """End the job's processes at once and drop them (DeleteJob)."""
        keys = [key for key in self._pods if key[0] == job_id]
        self._end([self._pods[key] for key in keys])
        for key in keys:
            del self._pods[key]

    def close(self) -> None:
        """End every pod at once (the fake is stopping): SIGKILL to the commands, then to what is left."""
        self._end(list(self._pods.values()))

    def _end(self, pods: list[_Running]) -> None:
        live = [running for running in pods if _ready(running)]
        for running in live:
            _signal(running.process.pid, signal.SIGUSR1)
        deadline = time.monotonic() + CLOSE_WAIT_SECONDS
        for running in live:
            try:
                running.process.wait(timeout=max(deadline - time.monotonic(), 0.01))
            except subprocess.TimeoutExpired:
                _signal(running.process.pid, signal.SIGKILL)
                running.process.wait()
        for running in pods:  # the command's group, should its supervisor have died before cleaning up
            if (running.launch.folder / RESULT_NAME).exists():
                continue
            try:
                pgid = int((running.launch.folder / PGID_NAME).read_text())
            except (OSError, ValueError):
                continue
            try:
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def live_pids(self) -> list[int]:
        """The supervisors still running (for tests and the admin view)."""
        return [running.process.pid for running in self._pods.values() if running.process.poll() is None]


def _ready(running: _Running) -> bool:
    """Whether the supervisor runs with its signal handlers set (it writes the pgid file after setting them);
    waits for that, since a signal before would end the supervisor alone. False once it has exited."""
    deadline = time.monotonic() + CLOSE_WAIT_SECONDS
    while running.process.poll() is None:
        if (running.launch.folder / PGID_NAME).exists() or time.monotonic() > deadline:
            return True
        time.sleep(0.005)
    return False


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass
