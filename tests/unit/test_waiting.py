"""Retrying one call, polling for a status, riding out refusals, and progress events — on fake clocks."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tenacity

from dlc_provider import waiting
from dlc_provider.config import PollPolicy, ProviderSettings, RetryPolicy
from dlc_provider.errors import Conflict, DependencyViolation, InvalidInput, ServerError, Throttled, WaitFailed, WaitTimeout
from dlc_provider.waiting import (
    ProgressEvent,
    add_progress_listener,
    backoff,
    call_with_retry,
    keep_trying,
    wait_for_status,
)


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def settings(fake_time: FakeTime) -> ProviderSettings:
    return ProviderSettings(
        region="r", clock=fake_time.clock, sleep=fake_time.sleep,
        poll=PollPolicy(initial=1.0, factor=2.0, max_interval=8.0, not_found_grace=5.0),
        retry=RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=10.0),
    )


@pytest.fixture
def events() -> Iterator[list[ProgressEvent]]:
    seen: list[ProgressEvent] = []
    remove = add_progress_listener(seen.append)
    yield seen
    remove()


@pytest.fixture(autouse=True)
def _seeded_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    random.seed(42)  # tenacity's random waits draw from the random module
    monkeypatch.delenv("DLC_PROGRESS_FILE", raising=False)


def failing(errors: list[Exception], result: Any = "ok") -> Any:
    calls: list[int] = []

    def fn() -> Any:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return result

    fn.calls = calls  # type: ignore[attr-defined]
    return fn


# --- call_with_retry ---------------------------------------------------------------------------------------


def test_transient_errors_are_retried_with_growing_jittered_pauses(fake_time: FakeTime) -> None:
    fn = failing([Throttled("slow down"), ServerError("oops"), Conflict("busy")])

    result = call_with_retry(fn, policy=RetryPolicy(max_attempts=5, base_delay=1.0, max_delay=10.0),
                             sleep=fake_time.sleep, what="test")

    assert result == "ok" and len(fn.calls) == 4
    assert [0.5 <= fake_time.sleeps[0] <= 1.0, 1.0 <= fake_time.sleeps[1] <= 2.0, 2.0 <= fake_time.sleeps[2] <= 4.0] == [
        True, True, True]


def test_a_throttling_answer_with_retry_after_waits_at_least_that_long(fake_time: FakeTime) -> None:
    fn = failing([Throttled("slow down", retry_after=7.0)])

    call_with_retry(fn, policy=RetryPolicy(base_delay=0.1, max_delay=1.0), sleep=fake_time.sleep, what="test")

    assert fake_time.sleeps == [7.0]


def test_other_errors_fail_at_once(fake_time: FakeTime) -> None:
    fn = failing([InvalidInput("bad"), "never"])

    with pytest.raises(InvalidInput):
        call_with_retry(fn, policy=RetryPolicy(), sleep=fake_time.sleep, what="test")
    assert len(fn.calls) == 1 and fake_time.sleeps == []


def test_retries_give_up_after_the_attempt_limit_with_the_last_error(fake_time: FakeTime) -> None:
    fn = failing([ServerError(f"try {i}") for i in range(10)])

    with pytest.raises(ServerError, match="try 2"):
        call_with_retry(fn, policy=RetryPolicy(max_attempts=3), sleep=fake_time.sleep, what="test")
    assert len(fn.calls) == 3


def test_backoff_is_capped_and_never_below_half() -> None:
    wait = backoff(0.5, 20.0)
    for attempt in range(1, 12):
        state = tenacity.RetryCallState(retry_object=tenacity.Retrying(), fn=None, args=(), kwargs={})
        state.attempt_number = attempt
        delay = wait(state)
        ceiling = min(20.0, 0.5 * 2 ** (attempt - 1))
        assert ceiling / 2 <= delay <= ceiling


# --- wait_for_status ---------------------------------------------------------------------------------------


def statuses(*sequence: str | None) -> Any:
    items = list(sequence)
    return lambda: items.pop(0) if len(items) > 1 else items[0]


def test_waiting_polls_with_backoff_until_ready(settings: ProviderSettings, fake_time: FakeTime,
                                                events: list[ProgressEvent]) -> None:
    status = wait_for_status(statuses("Pending", "Pending", "Pending", "Available"), kind="VPC", resource_id="vpc-1",
                             ready={"Available"}, settings=settings, timeout=60)

    assert status == "Available"
    assert fake_time.sleeps == [1.0, 2.0, 4.0]
    assert [(e.status, e.message) for e in events] == [
        ("Pending", "Pending (waiting for Available)"), ("Available", "Available (waiting for Available)")]
    assert events[-1].elapsed == 7.0


def test_a_failure_status_fails_fast(settings: ProviderSettings) -> None:
    with pytest.raises(WaitFailed, match="NAT gateway ngw-1 reached status Deleting") as caught:
        wait_for_status(statuses("Creating", "Deleting"), kind="NAT gateway", resource_id="ngw-1",
                        ready={"Available"}, failed={"Deleting"}, settings=settings, timeout=60)
    assert caught.value.last_status == "Deleting"


def test_a_timeout_names_the_resource_its_last_status_and_the_time(settings: ProviderSettings) -> None:
    with pytest.raises(WaitTimeout) as caught:
        wait_for_status(lambda: "Creating", kind="NAT gateway", resource_id="ngw-1", ready={"Available"},
                        settings=settings, timeout=20)

    message = str(caught.value)
    assert "NAT gateway ngw-1 did not become Available within 20s" in message
    assert "last status: Creating" in message and "waited 20.0s" in message and "timeouts" in message
    assert caught.value.resource_id == "ngw-1" and caught.value.last_status == "Creating"


def test_a_new_resource_may_be_missing_for_the_grace_period(settings: ProviderSettings) -> None:
    assert wait_for_status(statuses(None, None, "Available"), kind="VPC", resource_id="vpc-1", ready={"Available"},
                           settings=settings, timeout=60) == "Available"

    with pytest.raises(WaitFailed, match="vpc-2 is not found") as caught:
        wait_for_status(lambda: None, kind="VPC", resource_id="vpc-2", ready={"Available"}, settings=settings,
                        timeout=60)
    assert caught.value.last_status is None


def test_waiting_for_gone_ends_when_it_is_not_found(settings: ProviderSettings, events: list[ProgressEvent]) -> None:
    assert wait_for_status(statuses("Deleting", "Deleting", None), kind="VPC", resource_id="vpc-1", ready=(),
                           settings=settings, timeout=60, missing="done", phase="delete") is None
    assert [e.message for e in events][-1] == "gone (waiting for gone)"


def test_long_waits_send_a_heartbeat(settings: ProviderSettings, events: list[ProgressEvent]) -> None:
    with pytest.raises(WaitTimeout):
        wait_for_status(lambda: "Creating", kind="NAT gateway", resource_id="ngw-1", ready={"Available"},
                        settings=settings, timeout=100)

    assert any(e.message == "still Creating (waiting for Available)" and e.elapsed >= 30 for e in events)


# --- keep_trying -------------------------------------------------------------------------------------------


def test_keep_trying_rides_out_refusals_until_it_works(settings: ProviderSettings, events: list[ProgressEvent]) -> None:
    fn = failing([DependencyViolation("still used", code="DependencyViolation.VSwitch")] * 3)

    assert keep_trying(fn, kind="VPC", resource_id="vpc-1", phase="delete", settings=settings, timeout=60,
                       blocked_by=(DependencyViolation,)) == "ok"
    assert len(fn.calls) == 4
    assert events[0].message == "delete refused (DependencyViolation.VSwitch); trying again"


def test_keep_trying_gives_up_at_its_time_limit(settings: ProviderSettings) -> None:
    fn = failing([DependencyViolation("still used")] * 100)

    with pytest.raises(DependencyViolation, match=r"still refused after 1[0-9]\.\ds"):
        keep_trying(fn, kind="VPC", resource_id="vpc-1", phase="delete", settings=settings, timeout=10,
                    blocked_by=(DependencyViolation,))


def test_keep_trying_does_not_catch_other_errors(settings: ProviderSettings) -> None:
    fn = failing([InvalidInput("no")])

    with pytest.raises(InvalidInput):
        keep_trying(fn, kind="VPC", resource_id="vpc-1", phase="delete", settings=settings, timeout=10,
                    blocked_by=(DependencyViolation,))


# --- progress ----------------------------------------------------------------------------------------------


def test_progress_goes_to_a_file_when_asked(settings: ProviderSettings, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "progress.jsonl"
    monkeypatch.setenv("DLC_PROGRESS_FILE", str(path))

    wait_for_status(statuses("Pending", "Available"), kind="VPC", resource_id="vpc-1", ready={"Available"},
                    settings=settings, timeout=60)

    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(line["kind"], line["resource_id"], line["status"]) for line in lines] == [
        ("VPC", "vpc-1", "Pending"), ("VPC", "vpc-1", "Available")]


def test_a_broken_listener_does_not_break_the_wait(settings: ProviderSettings) -> None:
    def broken(event: ProgressEvent) -> None:
        raise RuntimeError("listener bug")

    remove = add_progress_listener(broken)
    try:
        assert wait_for_status(lambda: "Available", kind="VPC", resource_id="vpc-1", ready={"Available"},
                               settings=settings, timeout=1) == "Available"
    finally:
        remove()


def test_stderr_progress_prints_lines_the_engine_shows(capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(waiting, "_stderr_handler", None)
    import logging
    import sys

    waiting.enable_stderr_progress()
    handler = waiting._stderr_handler
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(sys.stderr)  # the captured stream of this test
    try:
        waiting.emit(ProgressEvent("VPC", "vpc-1", "create", "Pending", 2.5, "Pending (waiting for Available)"))
    finally:
        waiting.log.removeHandler(handler)

    assert "dlc-provider: VPC vpc-1: Pending (waiting for Available) (2.5s)" in capsys.readouterr().err
