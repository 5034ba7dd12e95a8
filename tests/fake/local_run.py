"""Helpers for the tests of locally run DLC jobs: waiting for a job, its logs, and finding leaked processes."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from alibabacloud_pai_dlc20201203 import models as dlc

SCRIPTS = Path(__file__).parent / "scripts"
RENDEZVOUS = SCRIPTS / "rendezvous.py"
PYTHON = sys.executable
CPU_SPEC = "ecs.g6.xlarge"
ENDED = ("Succeeded", "Failed", "Stopped")


def wait_status(client: Any, job_id: str, wanted: tuple[str, ...] = ENDED, timeout: float = 30.0) -> Any:
    """The job once its status is one of `wanted` (fails the test after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get_job(job_id, dlc.GetJobRequest()).body
        if job.status in wanted:
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job.status} after {timeout}s"
        time.sleep(0.05)


def pod_logs(client: Any, job_id: str, pod_id: str) -> list[str]:
    lines: list[str] = client.get_pod_logs(job_id, pod_id, dlc.GetPodLogsRequest()).body.logs
    return lines


def wait_for_file(path: Path, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while not path.exists() or not path.read_text().strip():
        assert time.monotonic() < deadline, f"{path} was not written within {timeout}s"
        time.sleep(0.05)
    return path.read_text().strip()


def live_in_group(pgid: int) -> list[int]:
    """Processes (not zombies) whose process group is `pgid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(stat.parent.name))
    return found


def pid_alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def leaked(root: Path, timeout: float = 10.0) -> list[int]:
    """Processes still alive in any pod's process group under `root` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        groups = [int(path.read_text()) for path in root.rglob("pgid") if path.read_text().strip()]
        alive = [pid for group in groups for pid in live_in_group(group)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)
