"""Following a DLC job: status changes and its pods' log lines, live on a terminal, plain lines otherwise.

`follow_job` polls `GetJob` and `GetPodLogs` through two callables (so tests can drive it without a cloud)
until the job reaches a final status or `should_stop()` says so. `Display` renders: on a terminal one live
status line (spinner, status, elapsed time, pods) redrawn in place with log lines scrolling above it; when
the output is not a terminal, one plain line per status change and per log line.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

FINAL_STATUSES = frozenset({"Succeeded", "Failed", "Stopped"})
SPINNER = "|/-\\"
_CLEAR = "\r\x1b[2K"


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


class Display:
    """Output for one command: a live status line on a terminal, plain lines elsewhere."""

    def __init__(self, stream: TextIO, live: bool | None = None) -> None:
        self.stream = stream
        self.live = stream.isatty() if live is None else live
        self._status = ""
        self._last_plain = ""
        self._spin = 0
        self._lock = threading.Lock()  # engine events arrive on another thread

    def status(self, text: str, key: str | None = None) -> None:
        """Show the current status: redrawn in place (live), or printed when `key` (default: the text)
        changed (plain: so a ticking clock in the text does not repeat the line)."""
        with self._lock:
            if self.live:
                self._spin = (self._spin + 1) % len(SPINNER)
                width = shutil.get_terminal_size((100, 24)).columns - 1
                self._status = f"{SPINNER[self._spin]} {text}"[: max(width, 20)]
                self.stream.write(_CLEAR + self._status)
                self.stream.flush()
            elif (key if key is not None else text) != self._last_plain:
                self._last_plain = key if key is not None else text
                self.stream.write(text + "\n")
                self.stream.flush()

    def line(self, text: str) -> None:
        """A line that stays (a log line, a message); the live status is redrawn under it."""
        with self._lock:
            if self.live:
                self.stream.write(_CLEAR + text + "\n" + self._status)
            else:
                self.stream.write(text + "\n")
            self.stream.flush()

    def clear(self) -> None:
        """Remove the live status line (before a summary or another command's output)."""
        with self._lock:
            if self.live and self._status:
                self.stream.write(_CLEAR)
                self.stream.flush()
            self._status = ""


class LogTail:
    """New lines of one pod's log, from successive windows of its last lines."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def new_lines(self, window: Sequence[str]) -> list[str]:
        """The lines of `window` not printed yet.

        The window is the log's last lines: either it still starts where the seen lines start (the log
        grew, or was rewritten after a common beginning: print from the first difference), or it slid
        (print what follows the longest end of the seen lines that starts it)."""
        window = list(window)
        seen = self.seen
        if not seen:
            fresh = window
        elif window and window[0] == seen[0]:
            common = 0
            for old, new in zip(seen, window):
                if old != new:
                    break
                common += 1
            fresh = window[common:]
            if common < len(seen):  # rewritten from `common` on: forget the old continuation
                seen = seen[:common]
        else:
            for size in range(min(len(seen), len(window)), 0, -1):
                if seen[-size:] == window[:size]:
                    fresh = window[size:]
                    break
            else:
                fresh = window
        self.seen = (seen + fresh)[-5000:]
        return fresh


def job_line(job: dict[str, Any], elapsed: float) -> str:
    """`job dlc-...: Running (ran 12s) pods 2/2 running`: the job's own run time when the service reports
    one (`Duration`), else how long we have been following it."""
    pods = job.get("Pods") or []
    running = sum(1 for p in pods if p.get("Status") == "Running")
    try:
        ran = float(job["Duration"]) if job.get("Duration") not in (None, "") else None
    except (TypeError, ValueError):
        ran = None
    took = f"ran {format_duration(ran)}" if ran else f"following {format_duration(elapsed)}"
    text = f"job {job.get('JobId', '?')}: {job.get('Status', '?')} ({took})"
    if pods:
        text += f" pods {running}/{len(pods)} running"
    reason = job.get("ReasonMessage") or job.get("ReasonCode")
    if job.get("Status") in ("Failed", "Stopped") and reason:
        text += f" - {reason}"
    return text


def follow_job(
    job_id: str,
    get_job: Callable[[str], dict[str, Any] | None],
    get_logs: Callable[[str, str], list[str]] | None,
    display: Display,
    *,
    poll: float = 1.0,
    until_final: bool = True,
    should_stop: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, Any] | None:
    """Follow the job until a final status (or once, with `until_final=False`); returns the last GetJob.

    Log lines are printed as `[pod-id] line` (no prefix when the job has one pod). Returns None if the
    job does not exist."""
    started = clock()
    tails: dict[str, LogTail] = {}
    last_status = None
    job: dict[str, Any] | None = None
    while True:
        job = get_job(job_id)
        if job is None:
            display.clear()
            display.line(f"job {job_id}: not found")
            return None
        status = job.get("Status")
        if get_logs is not None:
            _print_logs(job, get_logs, tails, display)
        if status != last_status and last_status is not None and display.live:
            display.line(f"job {job_id}: {last_status} -> {status}")
        last_status = status
        pods = job.get("Pods") or []
        key = f"{status}|{sum(1 for p in pods if p.get('Status') == 'Running')}/{len(pods)}"
        display.status(job_line(job, clock() - started), key=key)
        if status in FINAL_STATUSES or not until_final or should_stop():
            display.clear()
            return job
        sleep(poll)
        if should_stop():
            display.clear()
            return job


def _print_logs(
    job: dict[str, Any], get_logs: Callable[[str, str], list[str]], tails: dict[str, LogTail], display: Display
) -> None:
    pods = [p for p in job.get("Pods") or [] if p.get("PodId")]
    for pod in pods:
        pod_id = str(pod["PodId"])
        try:
            window = get_logs(str(job.get("JobId")), pod_id)
        except Exception as error:  # noqa: BLE001 (a pod without logs yet must not stop following)
            if pod_id not in tails:
                display.line(f"[{pod_id}] (no logs yet: {error})")
                tails[pod_id] = LogTail()
            continue
        tail = tails.setdefault(pod_id, LogTail())
        for line in tail.new_lines(window):
            display.line(f"[{pod_id}] {line}" if len(pods) > 1 else line)
