"""`dlc-stack` after its engine is killed, and with two operations on one stack (real engine, the fake).

- SIGKILL of the engine (the `pulumi` child of dlc-stack, found via /proc) at a seeded random moment of
  `up`, while resources are being created: dlc-stack says the engine was killed, ends its orphaned
  plugins, and `dlc-stack recover` leaves no pending operation, imports what the cut-short creates made
  (nothing in the fake the state does not know), and `down` then leaves nothing.
- A second `up` while one runs: one paragraph saying another operation is running; it waits, never
  advises `pulumi cancel`, and the first `up` finishes untouched.
"""

from __future__ import annotations

import random
import time

from .cli_faults import Running, duplicates, pending, untracked, wait_no_leftovers
from .test_cli import DevStack, _assert_empty, _output, cli, dev_stack  # noqa: F401  (fixture)

SEED = 20261204


def test_recover_after_the_engine_is_killed_mid_up(dev_stack: DevStack):
    dev_stack.set_job_envs(FAKE_DLC_RUN_SECONDS="forever")
    rng = random.Random(SEED)
    up = Running(dev_stack, "up")
    # The VSwitch is among the first; the NAT gateway, the NAS file system and more are created after it.
    assert up.wait_for_line(lambda line: line.startswith("created VSwitch")), up.output
    delay = rng.uniform(0.0, 1.5)
    time.sleep(delay)
    assert up.kill_engine() is not None, up.output
    code, output = up.finish()
    assert code == 1, output
    assert "the engine was killed (signal 9 SIGKILL)" in output, output
    assert wait_no_leftovers(dev_stack, timeout=10) == [], "orphaned plugins of the killed engine"
    left = pending(dev_stack)
    assert left, f"nothing was in flight {delay:.2f}s after the VSwitch (seed {SEED}):\n{output}"

    recover = cli(dev_stack.directory, "recover")
    assert recover.returncode == 0, _output(recover)
    assert "removed the lock left by pulumi pid" in recover.stdout, _output(recover)
    lines = [line for line in recover.stdout.splitlines() if line.startswith("recover: ") and "pending" in line]
    assert len(lines) == len(left), _output(recover)
    assert all(("): imported, pending " in line) or ("): dropped, pending " in line) for line in lines), _output(recover)
    assert pending(dev_stack) == []
    assert untracked(dev_stack) == [], "made by a cut-short create but unknown to the state"
    assert duplicates(dev_stack) == {}
    again = cli(dev_stack.directory, "recover")
    assert again.returncode == 0 and "has no pending operations" in again.stdout, _output(again)

    down = cli(dev_stack.directory, "--plain", "down")
    assert down.returncode == 0, _output(down)
    assert "warning" not in down.stdout.lower(), _output(down)
    _assert_empty(dev_stack)
    assert pending(dev_stack) == []


def test_a_second_up_while_one_runs_is_told_to_wait(dev_stack: DevStack):
    dev_stack.set_job_envs(FAKE_DLC_RUN_SECONDS="forever")
    first = Running(dev_stack, "up")
    assert first.wait_for_line(lambda line: line.startswith("created ")), first.output
    second = cli(dev_stack.directory, "--plain", "up")
    assert second.returncode == 1, _output(second)
    text = second.stdout + second.stderr
    assert "another operation is running on stack dev" in text and "wait for it to finish" in text, _output(second)
    assert "cancel" not in text.lower(), _output(second)
    code, output = first.finish()
    assert code == 0, output
    assert pending(dev_stack) == [] and untracked(dev_stack) == []
    down = cli(dev_stack.directory, "--plain", "down")
    assert down.returncode == 0, _output(down)
    _assert_empty(dev_stack)
