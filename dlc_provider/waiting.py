"""Retrying calls, waiting for statuses, and making long waits visible.

Three helpers, used everywhere and implemented only here:

* `call_with_retry` retries one API call on transient errors only (`CloudError.retryable`: throttling,
  5xx, dropped connections, status conflicts) with capped, jittered exponential backoff (tenacity),
  honouring a throttling answer's `retry_after`, until the deadline of the resource operation the call
  belongs to (`operation_deadline`), not a fixed count; everything else fails at once.
* `wait_for_status` polls with backoff until a resource reaches a wanted status, fails fast on a failure
  status, and raises `WaitTimeout` naming the resource, its last status and the elapsed time.
* `keep_trying` repeats an action that other resources may block for a while (a delete refused with
  `DependencyViolation`) until it succeeds or its time limit passes.

Progress: every status change (and a heartbeat during long waits) becomes a `ProgressEvent` that goes
to the `dlc_provider.progress` logger, to listeners added with `add_progress_listener` (our command line
uses this), and, when `DLC_PROGRESS_FILE` names a file, to that file as one JSON line per event. Inside a
dynamic provider `pulumi.log` does not work; the engine shows the provider process's stderr instead,
so `enable_stderr_progress()` (called when a provider is configured) prints these lines there.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from typing import Literal, TypeVar

import tenacity

from .config import PollPolicy, ProviderSettings, RetryPolicy
from .errors import CloudError, WaitFailed, WaitTimeout
from .schedule import PollSchedule

__all__ = [
    "ProgressEvent",
    "add_progress_listener",
    "backoff",
    "call_with_retry",
    "caller_handles",
    "emit",
    "enable_stderr_progress",
    "keep_trying",
    "operation_deadline",
    "wait_for_status",
]

T = TypeVar("T")

log = logging.getLogger("dlc_provider.progress")
_listeners: list[Callable[[ProgressEvent], None]] = []
_listeners_lock = threading.Lock()
_file_lock = threading.Lock()
_stderr_handler: logging.Handler | None = None
HEARTBEAT_SECONDS = 30.0


@dataclass(frozen=True)
class ProgressEvent:
    """Something worth showing during a long operation."""

    kind: str  # resource kind, e.g. "VPC"
    resource_id: str
    phase: str  # create, update, delete, retry, cleanup, ...
    status: str | None
    elapsed: float  # seconds since the phase began
    message: str


def add_progress_listener(listener: Callable[[ProgressEvent], None]) -> Callable[[], None]:
    """Call `listener` for every progress event in this process; returns a function that removes it."""
    with _listeners_lock:
        _listeners.append(listener)

    def remove() -> None:
        with _listeners_lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return remove


def emit(event: ProgressEvent) -> None:
    log.info("%s %s: %s (%.1fs)", event.kind, event.resource_id, event.message, event.elapsed)
    with _listeners_lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(event)
        except Exception:  # a broken listener must not break a deployment
            log.debug("progress listener failed", exc_info=True)
    path = os.environ.get("DLC_PROGRESS_FILE")
    if path:
        try:
            with _file_lock, open(path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(asdict(event)) + "\n")
        except OSError:
            log.debug("cannot write DLC_PROGRESS_FILE %s", path, exc_info=True)


def enable_stderr_progress() -> None:
    """Print progress lines on stderr (shown by `pulumi up` for dynamic providers). Off with DLC_PROGRESS=0."""
    global _stderr_handler
    if _stderr_handler is not None or os.environ.get("DLC_PROGRESS", "1") == "0":
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("dlc-provider: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _stderr_handler = handler


# --- retrying one call -------------------------------------------------------------------------------------

_deadline: ContextVar[float | None] = ContextVar("dlc_operation_deadline", default=None)


@contextmanager
def operation_deadline(clock: Callable[[], float], seconds: float) -> Iterator[None]:
    """Within this block, retries of single calls go on until `seconds` from now (on `clock`): the time
    limit of the resource operation (create, update, delete) the calls belong to. Per thread (and task)."""
    token = _deadline.set(clock() + max(seconds, 0.0))
    try:
        yield
    finally:
        _deadline.reset(token)


def backoff(base: float, cap: float) -> tenacity.wait.wait_base:
    """Equal-jitter exponential backoff as a tenacity wait: of min(cap, base * 2^(attempt-1)), half fixed
    (`wait_exponential`) and half random (`wait_random_exponential`)."""
    return (tenacity.wait_exponential(multiplier=base / 2, max=cap / 2, min=0)
            + tenacity.wait_random_exponential(multiplier=base / 2, max=cap / 2))


_caller_handles: ContextVar[tuple[type[BaseException], ...]] = ContextVar("dlc_caller_handles", default=())


@contextmanager
def caller_handles(*kinds: type[BaseException]) -> Iterator[None]:
    """Within this block, single calls do not retry these (otherwise transient) errors: the caller looks
    at them itself (a delete meeting a status conflict first checks whether the resource is going already)."""
    token = _caller_handles.set(kinds)
    try:
        yield
    finally:
        _caller_handles.reset(token)


def _is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, CloudError) and exc.retryable and not isinstance(exc, _caller_handles.get())


def call_with_retry(
    fn: Callable[[], T],
    *,
    policy: RetryPolicy,
    sleep: Callable[[float], None],
    what: str,
    retry_on: Callable[[BaseException], bool] = _is_retryable,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Run `fn`, retrying transient `CloudError`s with capped, jittered backoff until the operation's
    deadline (`operation_deadline`; else `policy.budget` seconds), and at most `policy.max_attempts` times
    when that is set. The last error is raised when time (or attempts) run out."""
    started = clock()
    deadline = _deadline.get()
    if deadline is None:
        deadline = started + policy.budget

    pause = backoff(policy.base_delay, policy.max_delay)

    def wait(state: tenacity.RetryCallState) -> float:
        delay = pause(state)
        exc = state.outcome.exception() if state.outcome is not None else None
        retry_after = getattr(exc, "retry_after", None)
        return min(max(delay, retry_after or 0.0), max(deadline - clock(), 0.0))

    def stop(state: tenacity.RetryCallState) -> bool:
        if policy.max_attempts is not None and state.attempt_number >= max(policy.max_attempts, 1):
            return True
        exc = state.outcome.exception() if state.outcome is not None else None
        if getattr(exc, "unreachable", False) and clock() - started >= policy.unreachable_budget:
            return True
        return clock() >= deadline

    def before_sleep(state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        log.info(
            "%s failed (attempt %d, %.0fs left): %s; retrying in %.2fs",
            what, state.attempt_number, max(deadline - clock(), 0.0), exc,
            state.next_action.sleep if state.next_action else 0.0,
        )

    retrying = tenacity.Retrying(
        stop=stop,
        wait=wait,
        retry=tenacity.retry_if_exception(retry_on),
        sleep=sleep,
        reraise=True,
        before_sleep=before_sleep,
    )
    return retrying(fn)


# --- waiting for a status ---------------------------------------------------------------------------------

Missing = Literal["done", "grace", "fail"]


def wait_for_status(
    observe: Callable[[], str | None],
    *,
    kind: str,
    resource_id: str,
    ready: Collection[str],
    settings: ProviderSettings,
    timeout: float,
    failed: Collection[str] = (),
    missing: Missing = "grace",
    phase: str = "create",
    goal: str | None = None,
    typical: Mapping[str, float] | None = None,
) -> str | None:
    """Poll `observe()` (a status, or None when the resource is not found) until it is in `ready`.

    `typical` (status -> seconds, from the resource's `LIFE_CYCLE` entry) makes the polls follow the life
    cycle: at each status's expected end and often around it (`schedule.PollSchedule`); statuses it does
    not name are polled with plain backoff.

    `missing` says what "not found" means: `done` (waiting for it to be gone: return None), `grace`
    (a resource we just made may be missing for `poll.not_found_grace` seconds before `WaitFailed`), or
    `fail` (`WaitFailed` at once). A status in `failed` raises `WaitFailed`; running out of `timeout`
    seconds raises `WaitTimeout`. Returns the final status.
    """
    policy: PollPolicy = settings.poll
    clock, sleep = settings.clock, settings.sleep
    goal = goal or ("gone" if missing == "done" else "/".join(sorted(ready)))
    started = clock()
    schedule = PollSchedule(policy, typical or {}, started, timeout)
    last: str | None = None
    seen_any = False
    next_heartbeat = started + HEARTBEAT_SECONDS
    while True:
        polled_at = clock()
        status = observe()
        schedule.seen(status, polled_at)
        now = clock()
        elapsed = now - started
        shown = status if status is not None else ("gone" if missing == "done" else "not found")
        if not seen_any or status != last:
            emit(ProgressEvent(kind, resource_id, phase, status, elapsed, f"{shown} (waiting for {goal})"))
            next_heartbeat = now + HEARTBEAT_SECONDS
        elif now >= next_heartbeat:
            emit(ProgressEvent(kind, resource_id, phase, status, elapsed, f"still {shown} (waiting for {goal})"))
            next_heartbeat = now + HEARTBEAT_SECONDS
        seen_any, last = True, status
        if status is None:
            if missing == "done":
                return None
            if missing == "fail" or elapsed >= policy.not_found_grace:
                raise WaitFailed(
                    f"{kind} {resource_id} is not found (waited {elapsed:.1f}s for it to become {goal})",
                    resource_id=resource_id,
                    last_status=None,
                )
        elif status in ready:
            return status
        elif status in failed:
            raise WaitFailed(
                f"{kind} {resource_id} reached status {status} while waiting for {goal} (after {elapsed:.1f}s)",
                resource_id=resource_id,
                last_status=status,
            )
        if elapsed >= timeout:
            raise WaitTimeout(
                f"{kind} {resource_id} did not become {goal} within {timeout:g}s (last status: {shown}, "
                f"waited {elapsed:.1f}s); raise the limit with the resource's `timeouts` input",
                resource_id=resource_id,
                last_status=status,
            )
        sleep(schedule.pause(clock()))


def keep_trying(
    fn: Callable[[], T],
    *,
    kind: str,
    resource_id: str,
    phase: str,
    settings: ProviderSettings,
    timeout: float,
    blocked_by: tuple[type[BaseException], ...],
) -> T:
    """Call `fn` until it stops raising one of `blocked_by` (backing off between tries) or time runs out.

    Raises the last error, with a note of how long we tried, once `timeout` seconds have passed.
    """
    clock, sleep, policy = settings.clock, settings.sleep, settings.poll
    started = clock()
    interval = policy.initial
    attempt = 0
    while True:
        attempt += 1
        try:
            return fn()
        except blocked_by as exc:
            elapsed = clock() - started
            if elapsed >= timeout:
                exc.args = (f"{exc} (still refused after {elapsed:.1f}s and {attempt} tries)",)
                raise
            message = f"{phase} refused ({getattr(exc, 'code', None) or type(exc).__name__}); trying again"
            emit(ProgressEvent(kind, resource_id, phase, None, elapsed, message))
            sleep(min(interval, max(timeout - elapsed, 0.0)))
            interval = min(interval * policy.factor, policy.max_interval)
