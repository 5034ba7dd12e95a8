"""Soak (opt-in, `./run test -m slow tests/e2e/test_soak.py`): the experiment loop under faults.

`dlc-stack up` / `dlc-stack down` of the real dev stack, again and again, on ONE fake cloud that injects the
fault mix of the reliability issue on every call (throttling 20 %, 5xx 10 %, connections dropped after the
action took effect 5 %, new resources hidden from reads for a while 20 %; seeded). Every `up` must succeed on
its first run, every `down` must leave the fake empty (0 leaks), no resource may be made twice in a cycle
(0 duplicates), and the cost of a cycle must not grow with the stack's history: the successful API calls of
the last cycles' `up` stay within 20 % of the first cycles'. Wall times are measured and written to the
report (`DLC_SOAK_REPORT`, default bench/results/soak.json), not asserted (no timing assertions in tests).

`DLC_SOAK_CYCLES` (default 30) and `DLC_SOAK_SEED` (default 7) change the run.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from .test_cli import REPO, DevStack, _output, cli, dev_stack  # noqa: F401  (fixture)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(5400)]

CYCLES = int(os.environ.get("DLC_SOAK_CYCLES", "30"))
SEED = int(os.environ.get("DLC_SOAK_SEED", "7"))
FAULTS = [
    "throttle:*:*:0.2",
    "server_error:*:*:0.1",
    "drop:*:*:0.05:after=true",
    "eventual:*:*:0.2:missing_seconds=3",
]


def _post(stack: DevStack, path: str, body: dict) -> None:
    request = urllib.request.Request(f"{stack.url}/_fake/{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30):  # loopback only
        pass


def _write_report(cycles: list[dict]) -> None:
    first, last = cycles[: min(5, len(cycles))], cycles[-min(5, len(cycles)):]
    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "faults": FAULTS, "seed": SEED, "cycles": cycles,
        "up_seconds_last_over_first": round(cycles[-1]["up_seconds"] / cycles[0]["up_seconds"], 3),
        "up_seconds_mean_last5_over_first5": round(
            statistics.mean(c["up_seconds"] for c in last) / statistics.mean(c["up_seconds"] for c in first), 3),
    }
    path = Path(os.environ.get("DLC_SOAK_REPORT") or REPO / "bench" / "results" / "soak.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"soak: {len(cycles)} cycles, up {cycles[0]['up_seconds']}s -> {cycles[-1]['up_seconds']}s; report {path}")


def test_thirty_cycles_of_up_and_down_under_faults_never_degrade(dev_stack: DevStack) -> None:
    _post(dev_stack, "settings", {"faults": FAULTS, "seed": SEED})
    cycles = []
    expected: Counter = Counter()
    for cycle in range(1, CYCLES + 1):
        start = len(dev_stack.journal())
        began = time.monotonic()
        up = cli(dev_stack.directory, "up", timeout=900)
        up_seconds = time.monotonic() - began
        assert up.returncode == 0, f"cycle {cycle}: up failed on its first run\n{_output(up)}"
        after_up = len(dev_stack.journal())
        # 0 duplicates: every cycle's `up` leaves exactly the resources the first one did.
        kinds = Counter((service, kind) for service, kind, _ in dev_stack.user_resources())
        expected = expected if cycle > 1 else kinds
        assert kinds == expected, f"cycle {cycle}: {kinds} != {expected} (cycle 1)"

        began = time.monotonic()
        down = cli(dev_stack.directory, "down", timeout=900)
        down_seconds = time.monotonic() - began
        assert down.returncode == 0, f"cycle {cycle}: down failed\n{_output(down)}"
        left = dev_stack.user_resources()
        assert left == [], f"cycle {cycle}: leaked {left}"

        entries = dev_stack.journal()
        up_calls = [e for e in entries[start:after_up] if 200 <= e["status"] < 300]
        cycles.append({
            "cycle": cycle, "up_seconds": round(up_seconds, 2), "down_seconds": round(down_seconds, 2),
            "up_ok_calls": len(up_calls), "up_faults": sum(1 for e in entries[start:after_up] if e.get("fault")),
            "down_calls": len(entries) - after_up,
        })
        _write_report(cycles)  # after every cycle, so an interrupted soak still leaves its numbers

    first = cycles[: min(5, len(cycles))]
    last = cycles[-min(5, len(cycles)):]

    # The cost of an `up` does not grow with the history of the stack (no probing of old incarnations).
    first_calls = statistics.mean(c["up_ok_calls"] for c in first)
    last_calls = statistics.mean(c["up_ok_calls"] for c in last)
    assert last_calls <= first_calls * 1.2, [c["up_ok_calls"] for c in cycles]
