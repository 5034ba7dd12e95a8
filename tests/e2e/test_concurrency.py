"""Many resources at once through the real engine, one provider process, shared settings and per-thread SDK
clients, with 30 % of all calls throttled: everything is made exactly once, no service ever has more calls
in flight than `dlc:maxConcurrentCalls` (and slow PAI-DLC calls fill that bound), and destroy leaves the fake
empty."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from .fake_server import start_fake_server
from .harness import FAST_WAITS

VPCS, VSWITCHES_PER_VPC, JOBS = 6, 2, 36
BOUND = 4

PROGRAM = f"""
from dlc_provider.resources import DlcJob, VSwitch, Vpc

for i in range({VPCS}):
    vpc = Vpc(f"vpc-{{i}}", cidr_block=f"10.{{i}}.0.0/16", name=f"many-{{i}}")
    for z in range({VSWITCHES_PER_VPC}):
        VSwitch(f"vsw-{{i}}-{{z}}", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block=f"10.{{i}}.{{z}}.0/24")
for i in range({JOBS}):
    DlcJob(f"job-{{i}}", display_name=f"many-{{i}}", framework="pytorch", command="python train.py",
           image="registry.example.com/team/train:1.0", roles={{"worker": {{"count": 1, "spec": "ecs.gn6i-c4g1.xlarge"}}}},
           wait_until="running", envs={{"FAKE_DLC_RUN_SECONDS": "forever"}})
"""


def most_in_flight(entries: list[dict[str, Any]]) -> dict[str, int]:
    """Per service, the most requests the fake was answering at one moment (each entry's time is its end)."""
    edges: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for entry in entries:
        end = float(entry["time"])
        edges[entry["service"]] += [(end - float(entry["duration_ms"]) / 1000.0, 1), (end, -1)]
    most: dict[str, int] = {}
    for service, points in edges.items():
        level = peak = 0
        for _, step in sorted(points, key=lambda p: (p[0], p[1])):
            level += step
            peak = max(peak, level)
        most[service] = peak
    return most


def test_many_resources_at_once_under_throttling(pulumi_project: Any) -> None:
    # Every PAI-DLC call takes 0.3 s: the jobs' calls pile up at the gate, which must hold them to BOUND.
    server = start_fake_server("--seed", "31", faults=["throttle:*:*:0.3", "latency:pai-dlc:*:1:delay_seconds=0.3"])
    try:
        project = pulumi_project(PROGRAM)
        project.use_fake(server.url, {**FAST_WAITS, "dlc:maxConcurrentCalls": str(BOUND)})

        project.up()

        made = [r for r in project.resources() if r.get("custom") and not r["type"].startswith("pulumi:providers:")]
        assert len(made) == VPCS * (1 + VSWITCHES_PER_VPC) + JOBS
        assert len({r["id"] for r in made}) == len(made)
        entries = server.journal()
        created = Counter(e["action"] for e in entries if e["status"] == 200 and e["action"].startswith("Create"))
        assert created == {"CreateVpc": VPCS, "CreateVSwitch": VPCS * VSWITCHES_PER_VPC, "CreateJob": JOBS}
        assert sum(1 for e in entries if "Throttl" in str(e.get("error_code") or "")) > 0
        peaks = most_in_flight(entries)
        assert all(peak <= BOUND for peak in peaks.values()), peaks
        assert peaks["pai-dlc"] == BOUND, peaks  # the jobs ran together, as far as the gate let them

        project.destroy()
        assert server.resource_count() == 0
    finally:
        server.stop()
