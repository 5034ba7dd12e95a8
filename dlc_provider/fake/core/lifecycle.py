"""Life cycles as data: a starting status and the statuses that follow, each after a realistic delay.

A service declares its life cycles as constants, e.g.

    VPC_CREATE = Lifecycle("Pending", Step("Available", 2.0))
    VPC_DELETE = Lifecycle("Deleting", Step(GONE, 1.0))

and starts one on a resource (`Backend.start`). The delays are the `realistic` profile in seconds; the
latency profile scales them when a life cycle starts: `instant` makes them 0 (done by the next call),
`realistic` and `manual` multiply them by `latency_factor` (on the wall clock, or on a clock that only
moves when a test advances it). `Backend.sweep` applies the statuses that are due; `GONE` removes the
resource.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GONE = "<gone>"


@dataclass(frozen=True)
class Step:
    status: str
    seconds: float


@dataclass(frozen=True)
class Lifecycle:
    initial: str
    steps: tuple[Step, ...]

    def __init__(self, initial: str, *steps: Step) -> None:
        object.__setattr__(self, "initial", initial)
        object.__setattr__(self, "steps", tuple(steps))

    def track(self, now: float, scale: float) -> StatusTrack:
        due: list[tuple[float, str]] = []
        at = now
        for step in self.steps:
            at += step.seconds * scale
            due.append((at, step.status))
        return StatusTrack(due)


@dataclass
class StatusTrack:
    """The statuses still to come for one resource, with the clock time each becomes due."""

    due: list[tuple[float, str]] = field(default_factory=list)

    def pop_due(self, now: float) -> list[str]:
        reached = [status for at, status in self.due if at <= now]
        self.due = self.due[len(reached) :]
        return reached

    @property
    def done(self) -> bool:
        return not self.due
