"""The stacks the speed benchmark runs through the real engine, on a fake server, and what each run cost.

Projects are throw-away folders made with the end-to-end tests' harness (their own state and engine home,
the repository's virtualenv as runtime). `measure` times one engine command and splits the fake's journal
of that command into mutating calls and polls (reads: Describe, List, Get, Query).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dlc_provider.engine import Engine
from dlc_provider.fake import DEFAULT_ACCESS_KEY_SECRET
from tests.e2e.fake_server import FakeServer
from tests.e2e.harness import PulumiProject, fake_config, new_project

REPO_ROOT = Path(__file__).resolve().parents[2]
READ_PREFIXES = ("Describe", "List", "Get", "Query", "Head")
#: Provider settings of every benchmark stack: the dev stack's poll interval (the life-cycle scale is set to
#: the fake's latency factor).
PROVIDER_SETTINGS = {"dlc:pollInterval": "0.2"}

SWEEP_PROGRAM = """
import pulumi
from dlc_provider.resources import DlcJob

for i in range(pulumi.Config().require_int("jobs")):
    DlcJob(f"job-{i}", display_name=f"sweep-{i}", framework="pytorch", command="python train.py",
           image="registry.example.com/team/train:1.0", roles={"worker": {"count": 1, "spec": "ecs.gn6i-c4g1.xlarge"}},
           wait_until="running", envs={"FAKE_DLC_RUN_SECONDS": "forever"})
"""

#: The engine's floor: one resource with no life cycle (a RAM role is there as soon as it is made), so the
#: engine, the program and the provider process all start, and nothing is waited for.
FLOOR_PROGRAM = """
from dlc_provider.resources import RamRole

RamRole("floor", name="bench-floor")
"""


@dataclass
class Run:
    """One engine command: wall seconds and the API calls the fake answered meanwhile."""

    seconds: float
    mutating: int
    polls: int
    throttled: int
    failed_calls: int

    def as_dict(self) -> dict[str, Any]:
        return {"seconds": round(self.seconds, 2), "calls": self.mutating + self.polls, "mutating": self.mutating,
                "polls": self.polls, "throttled": self.throttled, "failed_calls": self.failed_calls}


def measure(server: FakeServer, command: Callable[[], Any]) -> Run:
    server.admin("DELETE", "journal")
    started = time.perf_counter()
    command()
    seconds = time.perf_counter() - started
    entries = server.journal()
    polls = sum(1 for e in entries if str(e["action"]).startswith(READ_PREFIXES))
    throttled = sum(1 for e in entries if "Throttl" in str(e.get("error_code") or ""))
    failed = sum(1 for e in entries if not 200 <= int(e["status"]) < 300)
    return Run(seconds, len(entries) - polls, polls, throttled, failed)


def _configure(project: PulumiProject, server: FakeServer, config: Mapping[str, Any]) -> None:
    """Write the stack file at once (objects included), then the secret key through the engine."""
    factor = server.admin("GET", "settings")["latency_factor"]
    values = {**fake_config(server.url, {**PROVIDER_SETTINGS, "dlc:lifeCycleScale": str(factor)}), **config}
    (project.directory / f"Pulumi.{project.stack}.yaml").write_text(yaml.safe_dump({"config": values}))
    project.set_config("alicloud:secretKey", DEFAULT_ACCESS_KEY_SECRET, secret=True)


def dev_project(engine: Engine, directory: Path, server: FakeServer) -> PulumiProject:
    """The example program with the dev stack's settings, its job waited for until Running."""
    project = new_project(engine, directory, name="dlc-training", stack="bench")
    shutil.copy(REPO_ROOT / "__main__.py", directory / "__main__.py")
    dev = yaml.safe_load((REPO_ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]
    settings = {k: v for k, v in dev.items() if k.startswith("dlc-training:")}
    settings["dlc-training:job"] = {**settings["dlc-training:job"], "wait_until": "running"}
    _configure(project, server, settings)
    return project


def program_project(engine: Engine, directory: Path, server: FakeServer, source: str,
                    config: Mapping[str, Any] | None = None) -> PulumiProject:
    project = new_project(engine, directory, name="bench", stack="bench")
    project.write_program(source)
    _configure(project, server, {f"bench:{k}": v for k, v in (config or {}).items()})
    return project
