"""Benchmark: the fake cloud's cost per SDK call, in process vs through the local server.

Runs the same seeded workload — create a VPC, two vSwitches and a security group, describe each N times,
delete them — through the official SDK clients against both front doors, in one run, and writes the
timings and the server/in-process ratio to `bench/results/fake.json`.

    .venv/bin/python bench/bench_fake.py [--describes 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from alibabacloud_ecs20140526 import models as ecs_models
from alibabacloud_ecs20140526.client import Client as EcsClient
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from dlc_provider.fake import DEFAULT_REGION, FakeSettings, mock_cloud, serve_in_thread
from dlc_provider.fake.testing import sdk_config

RESULTS = Path(__file__).parent / "results" / "fake.json"


def workload(vpc: VpcClient, ecs: EcsClient, describes: int) -> int:
    """One round; returns the number of SDK calls made."""
    region = DEFAULT_REGION
    vpc_id = vpc.create_vpc(vpc_models.CreateVpcRequest(region_id=region, cidr_block="10.0.0.0/16")).body.vpc_id
    vsws = [
        vpc.create_vswitch(vpc_models.CreateVSwitchRequest(
            region_id=region, vpc_id=vpc_id, zone_id=zone, cidr_block=cidr)).body.v_switch_id
        for zone, cidr in (("cn-hangzhou-h", "10.0.1.0/24"), ("cn-hangzhou-i", "10.0.2.0/24"))
    ]
    sg = ecs.create_security_group(ecs_models.CreateSecurityGroupRequest(region_id=region, vpc_id=vpc_id)).body
    calls = 4
    for _ in range(describes):
        vpc.describe_vpc_attribute(vpc_models.DescribeVpcAttributeRequest(region_id=region, vpc_id=vpc_id))
        vpc.describe_vswitches(vpc_models.DescribeVSwitchesRequest(region_id=region, vpc_id=vpc_id))
        calls += 2
    ecs.delete_security_group(ecs_models.DeleteSecurityGroupRequest(region_id=region, security_group_id=sg.security_group_id))
    for vsw in vsws:
        vpc.delete_vswitch(vpc_models.DeleteVSwitchRequest(region_id=region, v_switch_id=vsw))
    vpc.delete_vpc(vpc_models.DeleteVpcRequest(region_id=region, vpc_id=vpc_id))
    return calls + 4


def measure(endpoint: str | None, describes: int, rounds: int) -> dict[str, float]:
    config = sdk_config(endpoint)
    vpc, ecs = VpcClient(config), EcsClient(sdk_config(endpoint))
    per_call = []
    for _ in range(rounds):
        started = time.perf_counter()
        calls = workload(vpc, ecs, describes)
        per_call.append((time.perf_counter() - started) / calls * 1000)
    return {"ms_per_call_median": statistics.median(per_call), "ms_per_call_min": min(per_call), "calls_per_round": calls}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--describes", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = FakeSettings(seed=7)
    with mock_cloud(settings):
        in_process = measure(None, args.describes, args.rounds)
    with serve_in_thread(FakeSettings(seed=7)) as server:
        over_http = measure(server.endpoint, args.describes, args.rounds)
    result = {
        "benchmark": "fake cloud: SDK call cost per front door",
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count()},
        "in_process": in_process,
        "server": over_http,
        "server_over_in_process": over_http["ms_per_call_median"] / in_process["ms_per_call_median"],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
