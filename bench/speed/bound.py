"""The critical-path bound of a stack: the fake's life-cycle durations along its dependency graph.

Each resource type gets the seconds its create (and its delete) takes on the fake's realistic profile,
read from the fake's own tables (`dlc_provider.fake.*.rules`, `pai_dlc.timeline`); instant ones count 0.
A create cannot start before its dependencies are ready, a delete not before its dependents are gone: the
bound is the longest such chain, with no engine, network or polling time at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dlc_provider.fake.core.lifecycle import Lifecycle
from dlc_provider.fake.nas import rules as nas
from dlc_provider.fake.pai_dlc import timeline as job
from dlc_provider.fake.vpc import rules as vpc


def _seconds(lifecycle: Lifecycle) -> float:
    return sum(step.seconds for step in lifecycle.steps)


#: A job waited for until Running: Creating, Queuing and EnvPreparing.
JOB_TO_RUNNING = job.CREATING_SECONDS + job.QUEUING_SECONDS + job.ENV_PREPARING_SECONDS

#: Resource type (the last part of its type token) -> (create seconds, delete seconds).
DURATIONS: Mapping[str, tuple[float, float]] = {
    "Vpc": (_seconds(vpc.VPC_CREATE), _seconds(vpc.VPC_DELETE)),
    "VSwitch": (_seconds(vpc.VSWITCH_CREATE), _seconds(vpc.VSWITCH_DELETE)),
    "NatGateway": (_seconds(vpc.NAT_CREATE), _seconds(vpc.NAT_DELETE)),
    "Eip": (0.0, _seconds(vpc.EIP_RELEASE)),
    "EipAssociation": (_seconds(vpc.EIP_ASSOCIATE), _seconds(vpc.EIP_UNASSOCIATE)),
    "SnatEntry": (_seconds(vpc.SNAT_CREATE), _seconds(vpc.SNAT_DELETE)),
    "NasFileSystem": (_seconds(nas.FILE_SYSTEM_CREATE["standard"]), _seconds(nas.FILE_SYSTEM_DELETE)),
    "NasMountTarget": (_seconds(nas.MOUNT_TARGET_CREATE), _seconds(nas.MOUNT_TARGET_DELETE)),
    "DlcJob": (JOB_TO_RUNNING, _seconds(job.JOB_STOP)),
}


def kind_of(type_token: str) -> str:
    return type_token.rsplit(":", 1)[-1]


def critical_paths(resources: Iterable[Mapping[str, Any]], factor: float = 1.0) -> dict[str, float]:
    """{"up": seconds, "down": seconds} for a stack's resources (as `pulumi stack export` lists them)."""
    nodes = {r["urn"]: r for r in resources if r.get("custom") and not r["type"].startswith("pulumi:providers:")}
    deps = {urn: [d for d in r.get("dependencies") or [] if d in nodes] for urn, r in nodes.items()}
    dependents: dict[str, list[str]] = {urn: [] for urn in nodes}
    for urn, needs in deps.items():
        for need in needs:
            dependents[need].append(urn)
    up: dict[str, float] = {}
    down: dict[str, float] = {}

    def ready(urn: str) -> float:
        if urn not in up:
            create = DURATIONS.get(kind_of(nodes[urn]["type"]), (0.0, 0.0))[0] * factor
            up[urn] = max((ready(d) for d in deps[urn]), default=0.0) + create
        return up[urn]

    def gone(urn: str) -> float:
        if urn not in down:
            delete = DURATIONS.get(kind_of(nodes[urn]["type"]), (0.0, 0.0))[1] * factor
            down[urn] = max((gone(d) for d in dependents[urn]), default=0.0) + delete
        return down[urn]

    return {"up": max(map(ready, nodes), default=0.0), "down": max(map(gone, nodes), default=0.0)}
