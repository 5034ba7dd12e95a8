"""`dlc-stack fake start|stop|status`: the local fake cloud as a background server of the project.

Everything lives in `<project>/.fake/` (git-ignored): `server.json` (pid, port, url, command), `server.log`
(the server's output) and `state.sqlite` (the fake's state file, so restarts keep resources). The default
port is 8765, the one the dev stack's `dlc:endpoint` names, so the dev stack finds the server without any
extra setting.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

DEFAULT_PORT = 8765
LISTENING = re.compile(r"fake cloud listening on (http://\S+)")
_PROXIES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


class FakeServerError(RuntimeError):
    """The fake server could not be started or stopped; the message says why."""


@dataclass
class ServerRecord:
    pid: int
    port: int
    url: str
    state_file: str
    log_file: str
    command: list[str]
    started_at: float


def fake_dir(project_dir: Path) -> Path:
    return project_dir / ".fake"


def record_path(project_dir: Path) -> Path:
    return fake_dir(project_dir) / "server.json"


def read_record(project_dir: Path) -> ServerRecord | None:
    try:
        return ServerRecord(**json.loads(record_path(project_dir).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def health(url: str, timeout: float = 2.0) -> dict[str, Any] | None:
    """The admin health answer, or None when nothing answers at `url`."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"{url}/_fake/health", timeout=timeout) as reply:  # loopback only
            return json.loads(reply.read() or b"{}")
    except (OSError, ValueError, urllib.error.URLError):
        return None


def status(project_dir: Path) -> tuple[ServerRecord | None, bool]:
    """The recorded server and whether it is running (its process alive and answering)."""
    record = read_record(project_dir)
    if record is None:
        return None, False
    return record, pid_alive(record.pid) and health(record.url) is not None


def start(
    project_dir: Path,
    *,
    port: int = DEFAULT_PORT,
    latency: str = "realistic",
    latency_factor: float = 0.1,
    extra_args: list[str] | None = None,
    python: str | None = None,
    timeout: float = 30.0,
) -> tuple[ServerRecord, bool]:
    """Start the server in the background unless it already runs; returns (record, started_now)."""
    record, running = status(project_dir)
    if running and record is not None:
        return record, False
    folder = fake_dir(project_dir)
    folder.mkdir(parents=True, exist_ok=True)
    state_file = folder / "state.sqlite"
    log_file = folder / "server.log"
    command = [
        python or sys.executable, "-m", "dlc_provider.fake", "serve", "--port", str(port),
        "--state-file", str(state_file), "--latency", latency, *(["--latency-factor", str(latency_factor)]
                                                               if latency == "realistic" else []),
        *(extra_args or []),
    ]
    env = {k: v for k, v in os.environ.items() if k not in _PROXIES}
    with open(log_file, "ab") as log:
        log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(command)}\n".encode())
        log.flush()
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            cwd=str(project_dir), start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise FakeServerError(
                f"the fake server exited with {process.returncode} before listening; see {log_file}:\n"
                + _tail(log_file)
            )
        match = _last_listening(log_file)
        if match and health(match) is not None:
            url = match
            break
        time.sleep(0.1)
    if url is None:
        process.terminate()
        raise FakeServerError(f"the fake server did not start listening within {timeout:.0f}s; see {log_file}")
    record = ServerRecord(
        pid=process.pid, port=int(url.rsplit(":", 1)[1]), url=url, state_file=str(state_file),
        log_file=str(log_file), command=command, started_at=time.time(),
    )
    record_path(project_dir).write_text(json.dumps(asdict(record), indent=2) + "\n")
    return record, True


def stop(project_dir: Path, timeout: float = 15.0) -> ServerRecord | None:
    """Stop the recorded server (SIGTERM, then SIGKILL); returns its record, or None if none was running."""
    record = read_record(project_dir)
    if record is None:
        return None
    was_alive = pid_alive(record.pid)
    if was_alive and _is_fake_process(record.pid):
        os.kill(record.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while pid_alive(record.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if pid_alive(record.pid):
            os.kill(record.pid, signal.SIGKILL)
    record_path(project_dir).unlink(missing_ok=True)
    return record if was_alive else None


def _is_fake_process(pid: int) -> bool:
    """Guard against a recycled pid: only signal a process running our fake server."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc: trust the record
    return b"dlc_provider.fake" in cmdline


def _last_listening(log_file: Path) -> str | None:
    try:
        text = log_file.read_text(errors="replace")
    except OSError:
        return None
    last = text.rsplit("\n--- ", 1)[-1]
    match = LISTENING.search(last)
    return match.group(1) if match else None


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
