"""Opt-in (`./run test -m slow`): many seeded faults at random moments, each followed by the checks that
matter (real engine, the fake; about 10 minutes in all).

- 10 SIGINTs to dlc-stack's process group (a terminal's Ctrl-C) during `up`: the engine finishes and
  records what is in flight, so the state has no pending operation and knows everything in the fake;
  the next `down` leaves nothing.
- 10 during `run` (up or following the job; every other one with a second Ctrl-C during the teardown):
  the teardown leaves nothing in the fake and no pending operation.
- 10 SIGKILLs of the engine, alternately during `up` and `down`: no orphaned plugin processes, and one
  more `up` or `down` converges (no pending operation, nothing unknown to the state, no duplicates; after
  `down`, nothing left).

Each test prints its numbers (moments, exit codes, what was reconciled, teardown and down times).
"""

from __future__ import annotations

import random
import statistics
import time

import pytest

from .cli_faults import Running, duplicates, pending, untracked, wait_no_leftovers
from .test_cli import DevStack, _output, cli, dev_stack  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow
SEED = 4242
ROUNDS = 10


def _report(title: str, rows: list[str]) -> None:
    print(f"\n--- {title}")
    for row in rows:
        print("  " + row)


def _timed_down(stack: DevStack) -> float:
    started = time.monotonic()
    down = cli(stack.directory, "--plain", "down")
    assert down.returncode == 0, _output(down)
    return time.monotonic() - started


def test_ctrl_c_to_the_group_during_up(dev_stack: DevStack):
    dev_stack.set_job_envs(FAKE_DLC_RUN_SECONDS="forever")
    rows, downs = [], []
    for round_ in range(ROUNDS):
        rng = random.Random(SEED + round_)
        up = Running(dev_stack, "up")
        assert up.wait_for_line(lambda line: line.startswith("created ")), up.output
        delay = rng.uniform(0.0, 4.0)
        time.sleep(delay)
        up.interrupt_group()
        code, output = up.finish()
        assert code in (130, 0), output
        assert "stays pending" not in output and "cut short" not in output, output
        assert pending(dev_stack) == [], output
        assert untracked(dev_stack) == [], output
        assert duplicates(dev_stack) == {}, output
        assert wait_no_leftovers(dev_stack) == []
        downs.append(_timed_down(dev_stack))
        assert dev_stack.user_resources() == [] and pending(dev_stack) == []
        rows.append(f"round {round_}: Ctrl-C {delay:.2f}s after the first create, exit {code}, "
                    f"down {downs[-1]:.1f}s")
    _report(f"Ctrl-C during up, {ROUNDS} rounds: 0 pending, 0 unknown, 0 left; down median "
            f"{statistics.median(downs):.1f}s", rows)


def test_ctrl_c_to_the_group_during_run(dev_stack: DevStack):
    rows, teardowns = [], []
    for round_ in range(ROUNDS):
        rng = random.Random(SEED + 100 + round_)
        run = Running(dev_stack, "run")
        assert run.wait_for_line(lambda line: line.startswith("created ")), run.output
        delay = rng.uniform(0.0, 14.0)  # up takes ~6 s, the job ~12 s more
        time.sleep(delay)
        run.interrupt_group()
        interrupted = time.monotonic()
        twice = round_ % 2 == 1
        if twice and run.wait_for_line(lambda line: "tearing down" in line or line.startswith("deleted ")):
            run.interrupt_group()
        code, output = run.finish()
        teardown = time.monotonic() - interrupted
        assert code in (130, 0), output
        assert "torn down:  yes" in output, output
        if twice and code == 130:
            assert "goes on" in output, output
        assert dev_stack.user_resources() == [], output
        assert pending(dev_stack) == [], output
        assert wait_no_leftovers(dev_stack) == []
        teardowns.append(teardown)
        rows.append(f"round {round_}: Ctrl-C at {delay:.2f}s{' and again in the teardown' if twice else ''}, "
                    f"exit {code}, interrupt to exit {teardown:.1f}s")
    _report(f"Ctrl-C during run, {ROUNDS} rounds: 0 left, 0 pending; interrupt to exit median "
            f"{statistics.median(teardowns):.1f}s, max {max(teardowns):.1f}s", rows)


def test_sigkill_of_the_engine_during_up_and_down(dev_stack: DevStack):
    dev_stack.set_job_envs(FAKE_DLC_RUN_SECONDS="forever")
    rows = []
    for round_ in range(ROUNDS):
        rng = random.Random(SEED + 200 + round_)
        command = "up" if round_ % 2 == 0 else "down"
        first = "created " if command == "up" else "deleted "
        running = Running(dev_stack, command)
        running.wait_for_line(lambda line: line.startswith(first))
        delay = rng.uniform(0.0, 3.0)
        time.sleep(delay)
        killed = running.kill_engine()
        code, output = running.finish()
        assert wait_no_leftovers(dev_stack, timeout=10) == [], output
        left = len(pending(dev_stack))
        again = cli(dev_stack.directory, "--plain", command)
        assert again.returncode == 0, _output(again)
        assert "warning" not in again.stdout.lower(), _output(again)
        assert pending(dev_stack) == []
        assert wait_no_leftovers(dev_stack) == []
        if command == "up":
            assert untracked(dev_stack) == [] and duplicates(dev_stack) == {}
        else:
            assert dev_stack.user_resources() == []
        reconciled = sum(1 for line in again.stdout.splitlines() if "): imported, " in line or "): dropped, " in line)
        rows.append(f"round {round_}: {command}, SIGKILL {delay:.2f}s after the first step "
                    f"({'engine ' + str(killed) if killed else 'engine already done'}), exit {code}, "
                    f"{left} pending, {reconciled} reconciled by the next {command}")
    _report(f"SIGKILL of the engine, {ROUNDS} rounds: 0 pending, 0 orphans, 0 unknown, 0 duplicates after "
            "each next up/down", rows)
