"""Waits that follow a life cycle: polls land on the expected moments, on a fake clock, with fewer calls."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dlc_provider.clients import pai_dlc, vpc
from dlc_provider.config import PollPolicy, ProviderSettings
from dlc_provider.schedule import LifeCycle, PollSchedule
from dlc_provider.waiting import wait_for_status

POLICY = PollPolicy(initial=0.2, factor=1.5, max_interval=15.0, not_found_grace=5.0)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def timeline(clock: Clock, steps: list[tuple[str, float]], final: str) -> Callable[[], str]:
    """A resource whose statuses follow `steps` (status, seconds in it) from now on, then stay `final`."""
    start = clock.now

    def status() -> str:
        at = start
        for name, seconds in steps:
            at += seconds
            if clock.now < at:
                return name
        return final

    return status


def run(steps: list[tuple[str, float]], final: str, typical: dict[str, float] | None,
        policy: PollPolicy = POLICY) -> tuple[float, int]:
    """Wait for `final`; returns (how late after the real transition, number of polls)."""
    clock = Clock()
    settings = ProviderSettings(region="r", poll=policy, clock=lambda: clock.now, sleep=clock.sleep)
    observe = timeline(clock, steps, final)
    calls = 0

    def counted() -> str:
        nonlocal calls
        calls += 1
        return observe()

    start = clock.now
    wait_for_status(counted, kind="X", resource_id="x-1", ready={final}, settings=settings, timeout=600,
                    typical=typical)
    return clock.now - start - sum(s for _, s in steps), calls


@pytest.mark.parametrize(("kind", "steps", "final"), [
    ("NAT gateway", [("Creating", 20.0)], "Available"),
    ("VPC", [("Pending", 2.0)], "Available"),
    ("EIP association", [("Associating", 3.0)], "InUse"),
])
def test_a_wait_ends_at_the_transition_with_no_more_calls_than_plain_backoff(
        kind: str, steps: list[tuple[str, float]], final: str) -> None:
    typical = vpc.LIFE_CYCLE[kind].typical("create")
    late, calls = run(steps, final, typical)
    plain_late, plain_calls = run(steps, final, None)

    assert late <= 0.3 and calls <= plain_calls
    assert plain_late > late


def test_a_job_is_seen_running_as_it_starts_through_every_status_before() -> None:
    steps = [("Creating", 2.0), ("Queuing", 3.0), ("EnvPreparing", 5.0)]
    typical = pai_dlc.LIFE_CYCLE["DlcJob"].typical("create")
    late, calls = run(steps, "Running", typical)
    _, plain_calls = run(steps, "Running", None)

    assert late <= 0.3 and calls <= plain_calls


def test_a_cloud_slower_than_the_table_is_polled_often_then_with_backoff() -> None:
    late, calls = run([("Creating", 60.0)], "Available", {"Creating": 20.0})

    # Near 20 s every 1 s (5 %) for 8 polls, then backing off up to 15 s: seen within one interval.
    assert 0 <= late <= 15.0
    assert calls <= 20


def test_a_cloud_faster_than_the_table_is_noticed_before_the_expected_moment() -> None:
    late, _ = run([("Creating", 4.0)], "Available", {"Creating": 20.0})

    assert late < 20.0 - 4.0


def test_the_scale_setting_stretches_the_table() -> None:
    policy = PollPolicy(initial=0.2, factor=1.5, max_interval=15.0, life_cycle_scale=0.1)
    late, _ = run([("Creating", 2.0)], "Available", {"Creating": 20.0}, policy)

    assert late <= 0.3


def test_the_call_cap_spreads_the_calls_left_over_the_time_left() -> None:
    policy = PollPolicy(initial=1.0, factor=1.5, max_interval=15.0, max_calls=10)
    schedule = PollSchedule(policy, {}, started=0.0, timeout=1000.0)
    now, calls = 0.0, 0
    while now < 1000.0:
        schedule.seen("Running", now)
        calls += 1
        now += schedule.pause(now) or 1000.0

    assert calls <= 10


def test_phases_have_their_own_durations() -> None:
    life = LifeCycle(create={"Pending": 2.0}, update={"Modifying": 1.0}, delete={"Pending": 1.0})

    assert life.typical("create") == {"Pending": 2.0}
    assert life.typical("cleanup") == {"Pending": 1.0}
    assert life.typical("adopt") == {"Pending": 2.0, "Modifying": 1.0}
    assert life.typical("refresh") == {}
