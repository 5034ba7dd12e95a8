"""When to look again while waiting for a status: poll schedules that follow a resource's life cycle.

Each client module declares, next to its API calls, how long its resources typically stay in each status
(`LIFE_CYCLE`: kind -> `LifeCycle`). `PollSchedule` turns that into the pauses of one wait
(`waiting.wait_for_status` is the only user):

* a status with a typical duration `d`, entered at `since`, is expected to end at `since + d`. Before that
  moment the schedule polls sparsely (first after `d/4`, growing by the policy's factor), so a cloud faster
  than the table is still noticed; it always polls at the expected moment itself;
* around it, it polls every `max(near_interval, 5 % of d)` for a while (the transition should be there);
* well past it (or for a status with no typical duration: a job's Running) it backs off exponentially up to
  `max_interval`, as a plain backoff would;
* `max_calls` caps the calls of one wait's backing off: when polling at `max_interval` until the time limit
  would need more, pauses stretch to spread the calls left over the time left.

`since` of the first status is the start of the wait; of a later one, the last poll that still saw the
previous status, or that status's expected end if it was passed: never later than the real change, so the
schedule errs towards looking early. No Pulumi, no SDK, no sleeping here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .config import PollPolicy

__all__ = ["LifeCycle", "PollSchedule"]

#: Polls at the near interval after the expected moment before backing off.
DENSE_POLLS = 8
#: The fraction of a typical duration that still counts as "on time" (and sets the near interval).
TOLERANCE = 0.05


@dataclass(frozen=True)
class LifeCycle:
    """Typical seconds a resource stays in each transient status, per phase of its life cycle."""

    create: Mapping[str, float] = field(default_factory=dict)
    update: Mapping[str, float] = field(default_factory=dict)
    delete: Mapping[str, float] = field(default_factory=dict)

    def typical(self, phase: str) -> Mapping[str, float]:
        """Status -> seconds for a phase (`cleanup` is a delete; `adopt` may meet create or update statuses)."""
        if phase == "cleanup":
            return self.delete
        if phase == "adopt":
            return {**self.create, **self.update}
        return dict(getattr(self, phase, None) or {})


class PollSchedule:
    """The pauses of one wait; feed it every status seen (`seen`), ask it for the next pause (`pause`)."""

    def __init__(self, policy: PollPolicy, typical: Mapping[str, float], started: float, timeout: float) -> None:
        self.policy = policy
        self.typical = {status: seconds * policy.life_cycle_scale for status, seconds in typical.items()}
        self.deadline = started + timeout
        self.calls = 0
        self._status: str | None = None
        self._seen_any = False
        self._last_poll = started
        self._since = started
        self._target: float | None = None
        self._tolerance = policy.near_interval
        self._interval = policy.initial

    @property
    def expected_end(self) -> float | None:
        """When the current status is expected to end (clock time), if its typical duration is known."""
        return self._target

    def seen(self, status: str | None, polled_at: float) -> None:
        """Record a poll begun at `polled_at` that saw `status` (None: not found)."""
        self.calls += 1
        if not self._seen_any or status != self._status:
            if self._seen_any:
                passed = self._target is not None and self._target <= polled_at
                self._since = max(self._last_poll, self._target) if passed and self._target else self._last_poll
            self._enter(status)
        self._seen_any, self._status, self._last_poll = True, status, polled_at

    def _enter(self, status: str | None) -> None:
        duration = self.typical.get(status) if status is not None else None
        if duration is None:
            self._target, self._interval = None, self.policy.initial
            return
        self._target = self._since + duration
        self._tolerance = max(self.policy.near_interval, TOLERANCE * duration)
        self._interval = max(self.policy.initial, duration / 4)

    def pause(self, now: float) -> float:
        """Seconds to sleep before the next poll (never past the deadline)."""
        left = max(self.deadline - now, 0.0)
        target = self._target
        if target is not None and now < target:
            delay = min(self._interval, target - now)
            if target - (now + delay) < self._tolerance:
                delay = target - now  # close enough: go straight to the expected moment
            self._interval *= self.policy.factor
        elif target is not None and now < target + DENSE_POLLS * self._tolerance:
            delay = self._tolerance
            self._interval = self._tolerance
        else:
            delay = min(self._interval, self.policy.max_interval)
            self._interval = min(self._interval * self.policy.factor, self.policy.max_interval)
            delay = max(delay, self._budgeted(left))
        return min(max(delay, 0.0), left)

    def _budgeted(self, left: float) -> float:
        # Backing off at the longest interval for the rest of the time limit would pass `max_calls`: spread
        # the calls left over the time left instead (the phases near an expected moment are short anyway).
        calls_left = self.policy.max_calls - self.calls
        if not self.policy.max_calls or calls_left * max(self.policy.max_interval, 1e-9) >= left:
            return 0.0
        return left / max(calls_left, 1)
