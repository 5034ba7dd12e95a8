"""A fake PAI-DLC job's timeline: its statuses and life cycles, and the fake-only controls that decide its fate.

The controls are environment variables of the job (`Envs` or `CustomEnvs`; see `outcome_of`); the durations
are realistic seconds, scaled like every delay of the fake (see core.lifecycle). The product rules a request
must follow are in rules.py, which hands a valid job's `JobFacts` to `job_lifecycle`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.lifecycle import Lifecycle, Step
from .exceptions import InvalidField

# --- statuses and life cycles (realistic seconds; see core.lifecycle) -----------------------------------------
TERMINAL = frozenset({"Succeeded", "Failed", "Stopped"})
NOT_STARTED = frozenset({"Creating", "Queuing", "Bidding"})  # no pod exists yet
CREATING_SECONDS = 2.0
QUEUING_SECONDS = 3.0
BIDDING_SECONDS = 5.0
ENV_PREPARING_SECONDS = 5.0
SANITY_CHECKING_SECONDS = 5.0
DEFAULT_RUN_SECONDS = 10.0
JOB_STOP = Lifecycle("Stopping", Step("Stopped", 3.0))
TENSORBOARD_START = Lifecycle("Creating", Step("Running", 5.0))
TENSORBOARD_STOP = Lifecycle("Stopping", Step("Stopped", 2.0))

# --- fake-only controls, read from Envs / CustomEnvs ------------------------------------------------------------
OUTCOME_ENV = "FAKE_DLC_OUTCOME"  # succeed | fail
RUN_SECONDS_ENV = "FAKE_DLC_RUN_SECONDS"  # seconds of Running (scaled like every delay), or "forever"
ERROR_ENV = "FAKE_DLC_ERROR"  # last line of the failing pod's log
QUEUE_SECONDS_ENV = "FAKE_DLC_QUEUE_SECONDS"  # seconds of Queuing (scaled like every delay), or "forever"
DEFAULT_ERROR = "RuntimeError: CUDA error: an illegal memory access was encountered"
FOREVER = ("forever", "inf", "infinite", "never")


@dataclass(frozen=True)
class Outcome:
    """How a job ends if nobody stops it: success or failure after `run_seconds` (None: runs until stopped)."""

    succeed: bool = True
    run_seconds: float | None = DEFAULT_RUN_SECONDS
    error: str = DEFAULT_ERROR
    queue_seconds: float | None = QUEUING_SECONDS  # None: waits in the queue until stopped (a full quota)

    @property
    def ends(self) -> bool:
        return self.run_seconds is not None and self.queue_seconds is not None


@dataclass(frozen=True)
class JobFacts:
    """What the rules learned about a valid job: where it runs, what it asks for, how it will behave."""

    resource_type: str  # ECS | Lingjun
    bidding: bool
    sanity_check: bool
    request_cpu: int
    request_gpu: float
    request_memory: float
    outcome: Outcome


def job_lifecycle(facts: JobFacts) -> Lifecycle:
    """Creating → Queuing → [Bidding] → EnvPreparing → [SanityChecking] → Running → Succeeded | Failed."""
    phases: list[tuple[str, float | None]] = [("Creating", CREATING_SECONDS), ("Queuing", facts.outcome.queue_seconds)]
    if facts.outcome.queue_seconds is None:
        return _lifecycle(phases)
    if facts.bidding:
        phases.append(("Bidding", BIDDING_SECONDS))
    phases.append(("EnvPreparing", ENV_PREPARING_SECONDS))
    if facts.sanity_check:
        phases.append(("SanityChecking", SANITY_CHECKING_SECONDS))
    phases.append(("Running", facts.outcome.run_seconds))
    if facts.outcome.run_seconds is not None:
        phases.append(("Succeeded" if facts.outcome.succeed else "Failed", None))
    return _lifecycle(phases)


def _lifecycle(phases: list[tuple[str, float | None]]) -> Lifecycle:
    steps = [Step(status, float(before or 0.0)) for (_, before), (status, _) in itertools.pairwise(phases)]
    return Lifecycle(phases[0][0], *steps)



def _env_value(body: Mapping[str, Any], name: str) -> str | None:
    envs = body.get("Envs") or {}
    if name in envs:
        return str(envs[name])
    for item in body.get("CustomEnvs") or []:
        if item.get("Key") == name:
            return str(item.get("Value", ""))
    return None


def outcome_of(body: Mapping[str, Any]) -> Outcome:
    """The fake-only controls: `FAKE_DLC_OUTCOME`, `FAKE_DLC_RUN_SECONDS`, `FAKE_DLC_QUEUE_SECONDS`,
    `FAKE_DLC_ERROR`."""
    outcome = (_env_value(body, OUTCOME_ENV) or "succeed").strip().lower()
    if outcome not in ("succeed", "success", "fail", "failure"):
        raise InvalidField("Envs", f"{OUTCOME_ENV} must be 'succeed' or 'fail', got {outcome!r}.")
    return Outcome(
        outcome.startswith("succ"),
        _seconds(body, RUN_SECONDS_ENV, DEFAULT_RUN_SECONDS),
        _env_value(body, ERROR_ENV) or DEFAULT_ERROR,
        _seconds(body, QUEUE_SECONDS_ENV, QUEUING_SECONDS),
    )


def _seconds(body: Mapping[str, Any], name: str, default: float) -> float | None:
    """A duration control: seconds, or None for "forever"."""
    raw = _env_value(body, name)
    if raw is None:
        return default
    if raw.strip().lower() in FOREVER:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        raise InvalidField("Envs", f"{name} must be seconds or 'forever'.") from None
    if seconds < 0 or not math.isfinite(seconds):
        raise InvalidField("Envs", f"{name} must not be negative.")
    return seconds
