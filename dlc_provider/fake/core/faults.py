"""Fault injection: decide, from the rules and one seeded generator, what goes wrong with a request.

Each rule that matches a request draws one number from the generator, whether or not it fires, so the
same seed and the same order of requests (a single-threaded client) give the same faults.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

from ..settings import FaultRule
from .errors import FakeError, InternalError, ServiceUnavailable, Throttling


@dataclass
class FaultPlan:
    """What the core does to one request: wait, fail, drop, or hide what it creates."""

    delay_seconds: float = 0.0
    error: FakeError | None = None
    drop_before: bool = False
    drop_after: bool = False
    hide_seconds: float = 0.0
    kinds: list[str] = field(default_factory=list)

    @property
    def label(self) -> str | None:
        return ",".join(self.kinds) or None


def _server_error(status: int) -> FakeError:
    if status == 503:
        return ServiceUnavailable()
    if status == 500:
        return InternalError()
    return InternalError(status=status)


class FaultInjector:
    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)
        self._hits: dict[int, int] = {}
        self._lock = threading.Lock()

    def reseed(self, seed: int) -> None:
        with self._lock:
            self._random = random.Random(seed)
            self._hits.clear()

    def plan(self, rules: list[FaultRule], service: str, action: str) -> FaultPlan:
        plan = FaultPlan()
        with self._lock:
            for rule in rules:
                if not rule.matches(service, action):
                    continue
                draw = self._random.random()
                hits = self._hits.get(id(rule), 0)
                if draw >= rule.probability or (rule.max_count is not None and hits >= rule.max_count):
                    continue
                if self._apply(rule, plan):
                    self._hits[id(rule)] = hits + 1
        return plan

    @staticmethod
    def _apply(rule: FaultRule, plan: FaultPlan) -> bool:
        """Add the rule's effect to the plan; False if an earlier error already decided the reply."""
        if rule.kind in ("throttle", "server_error"):
            if plan.error is not None:
                return False
            if rule.kind == "throttle":
                headers = {"x-acs-retry-after": str(rule.retry_after_ms)} if rule.retry_after_ms else None
                plan.error = Throttling(headers=headers)
            else:
                plan.error = _server_error(rule.status)
        elif rule.kind == "latency":
            plan.delay_seconds += rule.delay_seconds
        elif rule.kind == "drop":
            plan.drop_after = plan.drop_after or rule.after
            plan.drop_before = plan.drop_before or not rule.after
        elif rule.kind == "eventual":
            plan.hide_seconds = max(plan.hide_seconds, rule.missing_seconds)
        plan.kinds.append(rule.kind)
        return True
