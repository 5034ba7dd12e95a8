"""The summary `dlc-stack run` and `status` print: job status, duration, resources, where to look."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .follow import FINAL_STATUSES, format_duration


def job_duration(job: Mapping[str, Any] | None) -> float | None:
    if not job:
        return None
    value = job.get("Duration")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def summary_lines(
    *,
    stack: str,
    job: Mapping[str, Any] | None,
    outputs: Mapping[str, Any],
    resources: int | None,
    wall_seconds: float | None = None,
    torn_down: bool | None = None,
    interrupted: bool = False,
    checkpoints: str | None = None,
) -> list[str]:
    """Lines of the summary (no colour, so they read the same on a terminal and in a log)."""
    status = (job or {}).get("Status") or outputs.get("job_status") or "unknown"
    if interrupted and job and status not in FINAL_STATUSES:
        status += " when interrupted" + ("; the teardown deleted the job" if torn_down else "")
    lines = [f"stack:      {stack}"]
    job_id = (job or {}).get("JobId") or outputs.get("job_id")
    if job_id:
        lines.append(f"job:        {job_id}")
    lines.append(f"status:     {status}")
    reason = (job or {}).get("ReasonMessage") or (job or {}).get("ReasonCode")
    if status in ("Failed", "Stopped") and reason:
        lines.append(f"reason:     {reason}")
    lines.append(f"duration:   {format_duration(job_duration(job))}")
    if wall_seconds is not None:
        lines.append(f"wall time:  {format_duration(wall_seconds)}")
    if resources is not None:
        lines.append(f"resources:  {resources}")
    if outputs.get("console_url"):
        lines.append(f"console:    {outputs['console_url']}")
    if checkpoints:
        lines.append(f"checkpoints: {checkpoints}")
    if torn_down is not None:
        lines.append("torn down:  " + ("yes" if torn_down else "no (--keep, or the teardown failed)"))
    return lines


def outputs_lines(outputs: Mapping[str, Any]) -> list[str]:
    width = max((len(k) for k in outputs), default=0)
    return [f"{key.ljust(width)}  {_show(value)}" for key, value in sorted(outputs.items())]


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)
