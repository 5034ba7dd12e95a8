"""What a job says about itself: pod logs (GetPodLogs) and events (GetJobEvents, GetPodEvents).

Both are derived, not stored: a pure function of the job's status history, its pods and the clock, so
they grow as the job moves on and cost nothing to persist. Every line carries the time it was written,
for the StartTime/EndTime filters.
"""

from __future__ import annotations

import math
import shlex
import time
from dataclasses import dataclass

from ...core.clock import iso_utc
from .. import rules
from .local_env import pod_folder
from .local_runner import LocalRunner
from .resources import Job, Pod

EPOCHS = 10
FOREVER_STEP_SECONDS = 60.0  # a job that runs until stopped logs one progress line per minute
MAX_FOREVER_LINES = 1000


@dataclass(frozen=True)
class Line:
    at: float
    text: str
    pod_id: str = ""  # events only: the pod an event is about ("" = the job)


def role_spec(job: Job, role: str) -> dict[str, object]:
    return next((spec for spec in job.job_specs if spec.get("Type") == role), {})


def _script_of(command: str) -> str:
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    return next((word for word in words if word.endswith(".py")), "train.py")


def pod_log(job: Job, pod: Pod, now: float) -> list[Line]:
    if pod.created_at is None:
        return []
    if job.local_root:  # run for real: the process's output, each line at its time on the fake's clock
        offset = now - time.time()
        return [Line(at + offset, text) for at, text in LocalRunner.log_lines(pod_folder(job, pod))]
    spec = role_spec(job, pod.role)
    image = str(spec.get("Image", ""))
    lines = [Line(pod.created_at, f'Pulling image "{image}"'),
             Line(pod.created_at, f'Successfully pulled image "{image}"')]
    libs = job.body.get("ThirdpartyLibs") or []
    if libs:
        lines.append(Line(pod.created_at, "pip install " + " ".join(libs)))
        lines.append(Line(pod.created_at, "Successfully installed " + " ".join(libs)))
    if pod.started_at is None or pod.started_at > now:  # not started, or held by StartupDependencies
        return lines
    command = str(spec.get("UserCommand") or job.user_command)
    start = pod.started_at
    lines.append(Line(start, f"+ {command}"))
    lines.append(Line(start, f"{pod.pod_id}: RANK={job.pods.index(pod)} WORLD_SIZE={len(job.pods)} "
                             f"MASTER_ADDR={job.pods[0].pod_id} MASTER_PORT={rules.MASTER_PORT}"))
    lines.extend(_progress(job, pod, now))
    if pod.finished_at is not None:
        lines.extend(_ending(job, pod, command))
    return lines


def _progress(job: Job, pod: Pod, now: float) -> list[Line]:
    start = pod.started_at or 0.0
    end = pod.finished_at if pod.finished_at is not None else now
    if job.run_ends_at is None:  # runs until stopped
        steps = min(int((end - start) // FOREVER_STEP_SECONDS) + 1, MAX_FOREVER_LINES)
        return [Line(start + n * FOREVER_STEP_SECONDS, f"step {n * 100 + 100} loss={_loss(n):.4f} lr=1.0e-04")
                for n in range(steps)]
    duration = max(job.run_ends_at - start, 0.0)
    fraction = 1.0 if duration == 0 else min((end - start) / duration, 1.0)
    epochs = math.floor(EPOCHS * fraction + 1e-9)
    if job.status == "Failed":
        epochs = min(epochs, EPOCHS // 2)
    return [Line(start + duration * n / EPOCHS, f"epoch {n}/{EPOCHS} step {n * 100} loss={_loss(n):.4f} "
                                                f"lr=1.0e-04") for n in range(1, epochs + 1)]


def _loss(step: int) -> float:
    return 2.3026 * 0.75**step


def _ending(job: Job, pod: Pod, command: str) -> list[Line]:
    at = pod.finished_at or 0.0
    if job.status == "Succeeded":
        return [Line(at, "Training finished, model saved."), Line(at, "Process exited with code 0")]
    if job.status == "Failed" and pod.fails:
        return [Line(at, "Traceback (most recent call last):"),
                Line(at, f'  File "{_script_of(command)}", line 42, in <module>'),
                Line(at, "    main()"),
                Line(at, job.outcome.error)]
    if job.status == "Failed":
        return [Line(at, "Received SIGTERM: another pod of the job failed, exiting")]
    return [Line(at, "Received SIGTERM: the job is being stopped, exiting")]


# --- events ----------------------------------------------------------------------------------------------
_JOB_EVENTS = {
    "Creating": ("Normal", "JobCreated", "The job {job} is created."),
    "Queuing": ("Normal", "JobQueuing", "The job is waiting for resources in {pool}."),
    "Bidding": ("Normal", "JobBidding", "The job is bidding for spot instances."),
    "EnvPreparing": ("Normal", "JobEnvPreparing", "Resources allocated; pulling images and mounting data."),
    "SanityChecking": ("Normal", "JobSanityChecking", "Running the sanity check on the allocated nodes."),
    "Running": ("Normal", "JobRunning", "All pods are running."),
    "Restarting": ("Warning", "JobRestarting", "{reason}"),
    "Succeeded": ("Normal", "JobSucceeded", "The job succeeded."),
    "Failed": ("Warning", "JobFailed", "{reason}"),
    "Stopping": ("Normal", "JobStopping", "The job is being stopped by the user."),
    "Stopped": ("Normal", "JobStoppedByUser", "The job is stopped by the user."),
}


def _event(at: float, kind: str, reason: str, message: str, pod_id: str = "") -> Line:
    return Line(at, f"{iso_utc(at)} {kind} {reason} {message}", pod_id)


def job_events(job: Job, now: float | None = None) -> list[Line]:
    """The job's and its pods' events, as of `now` (None: all, including ones planned for later)."""
    events = _all_events(job)
    return events if now is None else [line for line in events if line.at <= now]


def _all_events(job: Job) -> list[Line]:
    pool = f"the resource quota {job.resource_id}" if job.resource_id else "the public resource group"
    events: list[Line] = []
    for entry in job.history:
        kind, reason, template = _JOB_EVENTS.get(entry.status, ("Normal", entry.status, ""))
        events.append(_event(entry.start, kind, reason, template.format(job=job.id, pool=pool,
                                                                          reason=entry.reason_message)))
        events.extend(_pod_events(job, entry.status, entry.start))
    return events


def _pod_events(job: Job, status: str, at: float) -> list[Line]:
    events: list[Line] = []
    for pod in job.pods:
        if pod.created_at is None:
            continue
        if status == "EnvPreparing":
            image = role_spec(job, pod.role).get("Image", "")
            events.append(_event(at, "Normal", "Scheduled", f"Successfully assigned {pod.pod_id} to {pod.node_name}",
                                 pod.pod_id))
            events.append(_event(at, "Normal", "Pulling", f'Pulling image "{image}"', pod.pod_id))
        elif status == "Running" and pod.started_at is not None and pod.started_at > at:
            waits = ", ".join(str(d.get("Type")) for d in role_spec(job, pod.role).get("StartupDependencies") or [])
            events.append(_event(at, "Normal", "Waiting", f"{pod.pod_id} waits for {waits} (StartupDependencies)",
                                 pod.pod_id))
            events.append(_event(pod.started_at, "Normal", "Started", f"Started container of {pod.pod_id}",
                                 pod.pod_id))
        elif status == "Running" and (pod.started_at is None or pod.started_at >= at):
            events.append(_event(at, "Normal", "Started", f"Started container of {pod.pod_id}", pod.pod_id))
        elif status == "Restarting" and pod.history and pod.created_at == at:
            old = pod.history[-1]
            events.append(_event(at, "Warning", "ContainerFailed", f"Container of {old.pod_id} exited with code "
                                 f"{old.exit_code}", old.pod_id))
            events.append(_event(at, "Normal", "Restarted", f"{old.pod_id} restarted as {pod.pod_id} "
                                 f"(RestartPolicy {role_spec(job, pod.role).get('RestartPolicy')})", pod.pod_id))
        elif status == "Failed" and pod.fails:
            code = 1 if pod.exit_code is None else pod.exit_code
            events.append(_event(at, "Warning", "ContainerFailed", f"Container of {pod.pod_id} exited with code {code}",
                                 pod.pod_id))
        elif status == "Succeeded":
            events.append(_event(at, "Normal", "Completed", f"Container of {pod.pod_id} exited with code 0",
                                 pod.pod_id))
        elif status in ("Failed", "Stopped"):
            events.append(_event(at, "Normal", "Killing", f"Stopping container of {pod.pod_id}", pod.pod_id))
    return events


def window(lines: list[Line], start: float | None, end: float | None, limit: int) -> list[str]:
    """The texts of the lines inside [start, end] (whole seconds, as the API's times), the last `limit`."""
    kept = [line.text for line in lines
            if (start is None or int(line.at) >= start) and (end is None or int(line.at) <= end)]
    return kept[-limit:] if limit > 0 else []
