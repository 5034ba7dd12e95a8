"""The mocks harness of the `TrainingStack` tests: a recorder of the resources a program declares (pulumi's
`set_mocks`), and `build`, which declares a TrainingStack under it and resolves its outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi
import pytest
from pulumi.runtime.mocks import MockMonitor

from dlc_provider.components import TrainingStack

REGION = "cn-hangzhou"
PROJECT, STACK = "proj", "dev"
PREFIX = f"exp-{STACK}"  # the default name prefix of TrainingStack("exp", ...)
DYNAMIC = "pulumi-python:dynamic/dlc:"
OUTPUT_NAMES = ("job_id", "job_status", "console_url", "vpc_id", "vswitch_ids", "security_group_id",
                "nat_gateway_id", "file_system_id", "mount_domain", "dataset_id", "role_arn", "region")


def job(**extra: Any) -> dict[str, Any]:
    return {"framework": "pytorch", "command": "python train.py", "image": "registry.example.com/team/train:1.0",
            "roles": {"worker": {"count": 1, "spec": "ecs.gn6i-c4g1.xlarge"}}, **extra}


@dataclass
class Registered:
    typ: str
    name: str
    id: str
    inputs: dict[str, Any]
    parent: str = ""
    dependencies: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """`Vpc` for our dynamic resources, the full token for anything else."""
        return self.typ[len(DYNAMIC):] if self.typ.startswith(DYNAMIC) else self.typ


class Recorder(pulumi.runtime.Mocks):
    """Records every resource and answers like the cloud would (IDs and computed outputs)."""

    def __init__(self) -> None:
        self.registered: list[Registered] = []
        #: (type, name) -> (parent URN, dependency URNs), filled by `RecordingMonitor` before `new_resource`.
        self.links: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        inputs = {k: v for k, v in args.inputs.items() if k != "__provider"}
        kind = args.typ[len(DYNAMIC):] if args.typ.startswith(DYNAMIC) else args.typ
        rid = f"{kind.lower().replace(':', '-').replace('/', '-')}-{args.name}"
        extra: dict[str, Any] = {
            "DlcJob": {"job_id": f"dlc-{args.name}", "status": "Running",
                       "console_url": f"https://pai.console.aliyun.com/#/dlc/jobs/dlc-{args.name}"},
            "NasMountTarget": {"mount_domain": f"{args.name}.{REGION}.nas.aliyuncs.com"},
            "RamRole": {"arn": f"acs:ram::1234567890:role/{inputs.get('name')}"},
            "NatGateway": {"snat_table_id": f"stb-{args.name}"},
            "Eip": {"ip_address": "47.96.0.1"},
            "Dataset": {"uri": f"nas://{inputs.get('file_system_id')}.{REGION}/"},
            "OssBucket": {"uri": f"oss://{inputs.get('name')}/"},
        }.get(kind, {})
        if kind == "Vpc":
            extra = {"cidr_block": inputs.get("cidr_block")}
        parent, dependencies = self.links.get((args.typ, args.name), ("", []))
        self.registered.append(Registered(args.typ, args.name, rid, inputs, parent, dependencies))
        return rid, {**inputs, "status": "Available", **extra}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None

    # --- queries -----------------------------------------------------------------------------------------
    def of(self, kind: str) -> list[Registered]:
        """Resources of one kind by name (registrations run concurrently, so not in declaration order)."""
        return sorted((r for r in self.registered if r.kind == kind), key=lambda r: r.name)

    def one(self, kind: str) -> Registered:
        found = self.of(kind)
        assert len(found) == 1, f"expected one {kind}, got {[r.name for r in found]}"
        return found[0]

    def kinds(self) -> list[str]:
        return sorted(r.kind for r in self.registered)

    @property
    def job(self) -> Registered:
        return self.one("DlcJob")

    def depends_on(self, resource: Registered) -> set[str]:
        """Names of the resources `resource` depends on (depends_on and input dependencies, by URN)."""
        return {urn.rsplit("::", 1)[1] for urn in resource.dependencies}


class RecordingMonitor(MockMonitor):
    """The mock monitor, also keeping each registration's parent and dependencies (not in MockResourceArgs)."""

    def __init__(self, mocks: Recorder) -> None:
        super().__init__(mocks)
        self.recorder = mocks

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (the gRPC method name)
        self.recorder.links[(request.type, request.name)] = (request.parent, list(request.dependencies))
        return super().RegisterResource(request)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("ALIBABA_CLOUD_REGION_ID", raising=False)
    mocks = Recorder()
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=STACK, preview=False, monitor=RecordingMonitor(mocks))
    pulumi.runtime.set_all_config({"alicloud:region": REGION})
    yield mocks
    pulumi.runtime.set_all_config({})


def build(*args: Any, **kwargs: Any) -> tuple[TrainingStack, dict[str, Any]]:
    """Declare TrainingStack("exp", ...) under the mocks; return it and its resolved outputs."""
    made: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> Any:
        stack = TrainingStack("exp", *args, **kwargs)
        made["stack"] = stack
        return pulumi.Output.all(*[getattr(stack, n) for n in OUTPUT_NAMES]).apply(
            lambda values: made.update(outputs=dict(zip(OUTPUT_NAMES, values, strict=True))))

    program()
    return made["stack"], made["outputs"]


NETWORK_KINDS = ["SecurityGroup", "SecurityGroupRule", "VSwitch", "Vpc"]
