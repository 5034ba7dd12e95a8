"""The speed benchmark (`./run bench`) runs in one go at a tiny scale: every part runs and is recorded.

No timing is asserted: seconds depend on the machine; what must hold is that each part ran, the bound was
computed from the stack's graph, and the calls were counted and split.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.speed.main import main


def test_the_bench_runs_every_part_and_writes_its_results(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "speed.json"

    assert main(["--sizes", "2", "--latency-factor", "0.05", "--out", str(out)]) == 0

    result = json.loads(out.read_text())
    dev = result["dev"]
    assert dev["resources"] >= 15
    # The NAT gateway's 20 s (x 0.05) lies on the critical path of the dev stack's up.
    assert dev["bound"]["up"] >= 1.0 and dev["bound"]["down"] > 0
    for run in (dev["up"], dev["down"], dev["script"]["up"], dev["script"]["down"]):
        assert run["mutating"] > 0 and run["polls"] > 0 and run["calls"] == run["mutating"] + run["polls"]
    assert dev["up"]["mutating"] == dev["script"]["up"]["mutating"]  # the same creates, in another order
    assert set(result["sweeps"]) == {"1", "2"}
    assert result["sweeps"]["2"]["up"]["mutating"] == 2 and result["sweeps"]["2"]["preview"]["mutating"] == 0
    assert {"dev_up_over_bound", "dev_down_over_script", "sweep_2_up_over_2x1job_plus_floor"} <= set(result["ratios"])
    assert "machine" in result and result["machine"]["cpu_count"]
    assert "dev up" in capsys.readouterr().out
