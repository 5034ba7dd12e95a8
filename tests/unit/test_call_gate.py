"""Calls from many threads at once: a bound per service, one SDK client per thread, the engine's parallelism."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from dlc_provider.clients.session import Session, call_gate
from dlc_provider.config import Credentials, ProviderSettings, RetryPolicy
from dlc_provider.engine.environment import engine_environment
from dlc_provider.engine.install import Engine
from dlc_provider.errors import ConfigError

CREDENTIALS = Credentials(source="static", access_key_id="id", access_key_secret="secret")


def session(limit: int) -> Session:
    return Session(ProviderSettings(region="cn-hangzhou", credentials=CREDENTIALS,
                                    retry=RetryPolicy(max_concurrent=limit, max_attempts=1)))


def run_together(count: int, work: Any) -> None:
    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_no_more_calls_in_flight_per_service_than_the_bound() -> None:
    made = session(3)
    in_flight, most, lock = 0, 0, threading.Lock()
    release = threading.Event()
    entered = threading.Semaphore(0)

    def call(_client: Any) -> None:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        entered.release()
        release.wait()
        with lock:
            in_flight -= 1

    workers = threading.Thread(target=lambda: run_together(12, lambda: made.call("vpc", "DescribeVpcs", call)))
    workers.start()
    for _ in range(3):
        entered.acquire()
    # Three are in; the others wait at the gate (the fourth cannot enter while the three are held).
    assert not entered.acquire(timeout=0.2)
    release.set()
    workers.join()

    assert most == 3 and in_flight == 0


def test_the_bound_is_per_service() -> None:
    assert call_gate("vpc", 5) is call_gate("vpc", 5)
    assert call_gate("vpc", 5) is not call_gate("nas", 5)


def test_each_thread_has_its_own_sdk_client() -> None:
    made = session(16)
    clients: list[Any] = []
    lock = threading.Lock()

    def work() -> None:
        first, again = made.client("vpc"), made.client("vpc")
        assert first is again
        with lock:
            clients.append(first)

    run_together(8, work)

    assert len({id(c) for c in clients}) == 8


@pytest.mark.parametrize(("value", "message"), [("0", "at least 1"), ("2.5", "whole number"), ("x", "a number")])
def test_the_bound_setting_is_checked(value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        ProviderSettings.from_sources({"alicloud:region": "r", "dlc:maxConcurrentCalls": value}, env={})
    assert "dlc:maxConcurrentCalls" in str(caught.value)


def test_the_setting_is_read() -> None:
    settings = ProviderSettings.from_sources({"alicloud:region": "r", "dlc:maxConcurrentCalls": "4",
                                              "dlc:lifeCycleScale": "0.1"}, env={})
    assert settings.retry.max_concurrent == 4 and settings.poll.life_cycle_scale == 0.1


def test_the_engine_runs_as_many_operations_as_the_provider_serves(tmp_path: Path) -> None:
    engine = Engine(version="v3.274.0", bin_dir=tmp_path, source="path")
    env = engine_environment(engine, tmp_path, base={})
    assert env["PULUMI_PARALLEL"] == "64"
    assert engine_environment(engine, tmp_path, base={"PULUMI_PARALLEL": "3"})["PULUMI_PARALLEL"] == "3"
