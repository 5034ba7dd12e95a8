"""`./run bench`: the speed benchmark, in one go, on a fresh fake with realistic life cycles.

    .venv/bin/python -m bench.speed.main [--sizes 10,100,1000] [--latency-factor 1] [--out bench/results/speed.json]

(a) the dev stack (the example program with stacks/Pulumi.dev.yaml's settings, its job waited for until
Running) up and down, against the critical-path bound of its dependency graph on the fake's own life
cycles; (b) the same resources scripted one after another, polling every 0.2 s; (c) preview, up and
destroy of sweeps of N jobs (and of 1 job, and of one RAM role: the engine's floor); (d) the API calls
of each, mutating and polls. Results go to a JSON file with machine info and ratios; a table is printed.
Ratios are what to quote: absolute seconds depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dlc_provider.engine import ensure_engine
from tests.e2e.fake_server import FakeServer, start_fake_server
from tests.e2e.harness import PulumiProject

from .bound import critical_paths
from .stacks import FLOOR_PROGRAM, PROVIDER_SETTINGS, SWEEP_PROGRAM, Run, dev_project, measure, program_project

RESULTS = Path(__file__).resolve().parents[1] / "results" / "speed.json"


def _machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "cpu_count": os.cpu_count(), "platform": platform.platform(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def _fresh(server: FakeServer) -> None:
    server.admin("POST", "reset")


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bench_dev(engine: Any, tmp: Path, server: FakeServer, factor: float, script: bool) -> dict[str, Any]:
    _fresh(server)
    project = dev_project(engine, tmp / "dev", server)
    _say("dev stack: up")
    up = measure(server, project.up)
    exported = json.loads(project.run("stack", "export", "--show-secrets", "--stack", project.stack).stdout)
    resources = exported["deployment"].get("resources") or []
    bound = critical_paths(resources, factor)
    _say("dev stack: down")
    down = measure(server, project.destroy)
    result: dict[str, Any] = {"resources": sum(1 for r in resources if r.get("custom")) - 1,
                              "bound": {k: round(v, 2) for k, v in bound.items()},
                              "up": up.as_dict(), "down": down.as_dict()}
    if script:
        from .script import create_all, delete_all, script_settings

        _fresh(server)
        config = {**_plain_config(project), "alicloud:secretKey": _secret_key()}
        settings = script_settings(config)
        _say("dev stack, scripted: create one by one")
        made: list[Any] = []
        script_up = measure(server, lambda: made.extend(create_all(resources, settings)))
        _say("dev stack, scripted: delete one by one")
        script_down = measure(server, lambda: delete_all(made))
        result["script"] = {"up": script_up.as_dict(), "down": script_down.as_dict()}
    return result


def _plain_config(project: PulumiProject) -> dict[str, Any]:
    raw = json.loads(project.run("config", "--json", "--stack", project.stack).stdout)
    return {k: v.get("value") for k, v in raw.items() if not v.get("secret") and k.split(":")[0] in ("alicloud", "dlc")}


def _secret_key() -> str:
    from dlc_provider.fake import DEFAULT_ACCESS_KEY_SECRET

    return DEFAULT_ACCESS_KEY_SECRET


def bench_program(engine: Any, tmp: Path, server: FakeServer, name: str, source: str, jobs: int | None,
                  preview: bool) -> dict[str, Any]:
    _fresh(server)
    project = program_project(engine, tmp / name, server, source, {"jobs": str(jobs)} if jobs is not None else None)
    result: dict[str, Any] = {}
    if preview:
        _say(f"{name}: preview")
        result["preview"] = measure(server, project.preview).as_dict()
    _say(f"{name}: up")
    result["up"] = measure(server, project.up).as_dict()
    _say(f"{name}: destroy")
    result["down"] = measure(server, project.destroy).as_dict()
    if jobs:
        result["jobs"] = jobs
        if preview:
            result["preview"]["ms_per_resource"] = round(result["preview"]["seconds"] / jobs * 1000, 2)
    return result


def ratios(result: dict[str, Any]) -> dict[str, Any]:
    dev, floor = result["dev"], result["floor"]["up"]["seconds"]
    out: dict[str, Any] = {
        "dev_up_over_bound": dev["up"]["seconds"] / dev["bound"]["up"],
        "dev_down_over_bound": dev["down"]["seconds"] / dev["bound"]["down"],
        "dev_up_minus_floor_over_bound": (dev["up"]["seconds"] - floor) / dev["bound"]["up"],
        "dev_down_minus_floor_over_bound": (dev["down"]["seconds"] - result["floor"]["down"]["seconds"])
        / dev["bound"]["down"],
    }
    if "script" in dev:
        out["dev_up_over_script"] = dev["up"]["seconds"] / dev["script"]["up"]["seconds"]
        out["dev_down_over_script"] = dev["down"]["seconds"] / dev["script"]["down"]["seconds"]
    one = result["sweeps"].get("1")
    for size, sweep in result["sweeps"].items():
        if one and size != "1":
            # Target: a sweep's up within 2 x a 1-job stack plus the engine's floor.
            out[f"sweep_{size}_up_over_2x1job_plus_floor"] = sweep["up"]["seconds"] / (2 * one["up"]["seconds"] + floor)
    return {k: round(v, 3) for k, v in out.items()}


def table(result: dict[str, Any]) -> str:
    rows = [("run", "seconds", "bound", "calls", "mutating", "polls")]
    dev = result["dev"]
    for phase in ("up", "down"):
        run = dev[phase]
        rows.append((f"dev {phase}", run["seconds"], dev["bound"][phase], run["calls"], run["mutating"], run["polls"]))
        if "script" in dev:
            run = dev["script"][phase]
            rows.append((f"dev {phase} (script)", run["seconds"], "", run["calls"], run["mutating"], run["polls"]))
    for name, group in [("floor", result["floor"])] + [(f"sweep {k}", v) for k, v in result["sweeps"].items()]:
        for phase in ("preview", "up", "down"):
            if phase in group:
                run = group[phase]
                rows.append((f"{name} {phase}", run["seconds"], "", run["calls"], run["mutating"], run["polls"]))
    lines = ["  ".join(f"{str(c):>18}" if i else f"{str(c):<22}" for i, c in enumerate(row)) for row in rows]
    lines += [f"{k}: {v}" for k, v in result["ratios"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="sweep sizes, comma-separated")
    parser.add_argument("--latency-factor", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-script", action="store_true", help="skip (b), the scripted sequential run")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    engine = ensure_engine()
    result: dict[str, Any] = {"benchmark": "speed: up/down against the fake's life cycles", "machine": _machine(),
                              "latency_factor": args.latency_factor, "provider_settings": PROVIDER_SETTINGS}
    started = time.perf_counter()
    server = start_fake_server("--latency", "realistic", "--latency-factor", str(args.latency_factor), "--seed", "7")
    try:
        with tempfile.TemporaryDirectory(prefix="dlc-bench-") as folder:
            tmp = Path(folder)
            result["floor"] = bench_program(engine, tmp, server, "floor", FLOOR_PROGRAM, None, preview=False)
            result["dev"] = bench_dev(engine, tmp, server, args.latency_factor, script=not args.no_script)
            result["sweeps"] = {}
            for size in [1, *sizes]:
                result["sweeps"][str(size)] = bench_program(engine, tmp, server, f"sweep-{size}", SWEEP_PROGRAM, size,
                                                            preview=True)
    finally:
        server.stop()
    result["ratios"] = ratios(result)
    result["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(table(result))
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
