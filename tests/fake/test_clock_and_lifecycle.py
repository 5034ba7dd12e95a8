"""The fake clock and life cycles as data, on their own."""

from __future__ import annotations

import time

import pytest

from dlc_provider.fake import GONE, Lifecycle, Step
from dlc_provider.fake.core.clock import Clock, iso_utc, iso_utc_millis


def test_manual_clock_is_frozen_until_advanced() -> None:
    manual = {"on": True}
    clock = Clock(lambda: manual["on"])
    start = clock.now()
    time.sleep(0.02)
    assert clock.now() == start
    assert clock.advance(5) == pytest.approx(start + 5)
    manual["on"] = False  # back to wall time, carrying on from the frozen moment
    assert clock.now() == pytest.approx(start + 5, abs=0.5)
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_wall_clock_moves_and_can_be_advanced() -> None:
    clock = Clock()
    assert clock.now() == pytest.approx(time.time(), abs=0.5)
    clock.advance(3600)
    assert clock.now() == pytest.approx(time.time() + 3600, abs=0.5)


def test_lifecycle_tracks_scale_with_latency() -> None:
    life = Lifecycle("Creating", Step("Available", 20.0), Step(GONE, 5.0))
    track = life.track(now=100.0, scale=0.5)
    assert track.due == [(110.0, "Available"), (112.5, GONE)]
    assert track.pop_due(109.9) == []
    assert track.pop_due(200.0) == ["Available", GONE] and track.done
    assert life.track(now=100.0, scale=0.0).due == [(100.0, "Available"), (100.0, GONE)]


def test_timestamp_formats() -> None:
    assert iso_utc(0) == "1970-01-01T00:00:00Z"
    assert iso_utc_millis(1.5) == "1970-01-01T00:00:01.500Z"
