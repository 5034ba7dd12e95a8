"""The `TrainingStack` component's wiring under Pulumi's test mocks: which resources each choice declares,
with which inputs, what the DlcJob receives (network, ram_role, storage mounts, data sources, tags,
depends_on) and the component's outputs; the settings' rules; reading the settings from stack config.

The pulumi-alicloud plugin cannot be downloaded here, so the bring-your-own test with pulumi-alicloud
`vpc.Network`/`vpc.Switch` runs under mocks only (no engine, no plugin, no network).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pytest
from pulumi.runtime.mocks import MockMonitor

from dlc_provider.components import TrainingStack, TrainingStackArgs, TrainingStackError
from dlc_provider.components.settings import check_settings
from dlc_provider.resources.dlc_job import DlcJobArgs

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


# --- 1. internet gateway -----------------------------------------------------------------------------------------


def test_gateway_none_declares_network_and_job_only(recorder: Recorder) -> None:
    stack, out = build(zone_ids=["cn-hangzhou-h"], job=job())
    assert recorder.kinds() == sorted(["dlc:components:TrainingStack", *NETWORK_KINDS, "DlcJob"])
    network = recorder.job.inputs["network"]
    assert "internet_gateway" not in network
    vpc, vsw, sg = recorder.one("Vpc"), recorder.one("VSwitch"), recorder.one("SecurityGroup")
    assert network == {"vpc_id": vpc.id, "vswitch_id": vsw.id, "security_group_id": sg.id,
                       "extended_cidrs": ["10.0.0.0/16"]}
    assert vpc.inputs["cidr_block"] == "10.0.0.0/16" and vpc.inputs["name"] == f"{PREFIX}-vpc"
    rule = recorder.one("SecurityGroupRule")
    assert rule.inputs["security_group_id"] == sg.id and rule.inputs["direction"] == "ingress"
    assert rule.inputs["ip_protocol"] == "all" and rule.inputs["cidr_ip"] == "10.0.0.0/16"
    assert "ram_role" not in recorder.job.inputs
    assert recorder.job.inputs["display_name"] == PREFIX
    assert "storage_mounts" not in recorder.job.inputs and "data_sources" not in recorder.job.inputs
    # Every child hangs off the component; the job waits for the security group rule.
    component = recorder.one("dlc:components:TrainingStack")
    assert all(r.parent.endswith("::exp") for r in recorder.registered if r is not component)
    assert rule.name in recorder.depends_on(recorder.job)
    assert out["job_id"] == "dlc-exp-job" and out["job_status"] == "Running"
    assert out["console_url"].endswith("/dlc-exp-job")
    assert out["vpc_id"] == vpc.id and out["vswitch_ids"] == [vsw.id] and out["security_group_id"] == sg.id
    assert out["region"] == REGION
    for unset in ("nat_gateway_id", "file_system_id", "mount_domain", "dataset_id", "role_arn"):
        assert out[unset] is None, unset
    assert stack.job is not None and stack.vpc is not None


def test_gateway_public_uses_pai_gateway_without_nat(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], internet_gateway="public", job=job())
    assert not recorder.of("NatGateway") and not recorder.of("Eip") and not recorder.of("SnatEntry")
    assert not recorder.of("EipAssociation")
    assert recorder.job.inputs["network"]["internet_gateway"] == "public"
    assert out["nat_gateway_id"] is None


def test_gateway_private_declares_nat_eip_and_one_snat_entry_per_vswitch(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h", "cn-hangzhou-i"], internet_gateway="private", eip_bandwidth=20,
                   job=job())
    vpc, vswitches = recorder.one("Vpc"), recorder.of("VSwitch")
    assert len(vswitches) == 2
    nat, eip, assoc = recorder.one("NatGateway"), recorder.one("Eip"), recorder.one("EipAssociation")
    assert nat.inputs["vpc_id"] == vpc.id and nat.inputs["vswitch_id"] == vswitches[0].id
    assert nat.inputs["name"] == f"{PREFIX}-nat"
    assert eip.inputs["bandwidth"] == 20
    assert assoc.inputs["allocation_id"] == eip.id and assoc.inputs["instance_id"] == nat.id
    assert assoc.inputs["instance_type"] == "Nat"
    snats = recorder.of("SnatEntry")
    assert [s.inputs["source_vswitch_id"] for s in snats] == [v.id for v in vswitches]
    for snat in snats:
        assert snat.inputs["snat_table_id"] == f"stb-{nat.name}"
        assert snat.inputs["snat_ips"] == ["47.96.0.1"]
        assert assoc.name in recorder.depends_on(snat)  # SNAT only after the EIP is bound to the NAT
        assert snat.name in recorder.depends_on(recorder.job)
    assert recorder.job.inputs["network"]["internet_gateway"] == "private"
    assert out["nat_gateway_id"] == nat.id


# --- 2. storage ---------------------------------------------------------------------------------------------------

NAS_KINDS = ("NasFileSystem", "CpfsFileSystem", "NasAccessGroup", "NasAccessRule", "NasMountTarget", "Dataset")


def test_storage_none_declares_no_storage(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], job=job())
    assert not [r for r in recorder.registered if r.kind in NAS_KINDS]
    assert out["file_system_id"] is None and out["mount_domain"] is None


def test_storage_nas_creates_file_system_access_and_mount_target(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h", "cn-hangzhou-i"], storage="nas", job=job())
    fs = recorder.one("NasFileSystem")
    assert fs.inputs["file_system_type"] == "standard" and fs.inputs["storage_type"] == "Performance"
    assert fs.inputs["protocol_type"] == "NFS" and fs.inputs["zone_id"] == "cn-hangzhou-h"
    assert fs.inputs.get("capacity") is None
    group, rule, target = recorder.one("NasAccessGroup"), recorder.one("NasAccessRule"), recorder.one("NasMountTarget")
    assert group.inputs["file_system_type"] == "standard" and group.inputs["name"] == f"{PREFIX}-access"
    assert rule.inputs["access_group_name"] == group.id and rule.inputs["source_cidr_ip"] == "10.0.0.0/16"
    assert rule.inputs["file_system_type"] == "standard" and rule.inputs["rw_access"] == "RDWR"
    first_vsw = recorder.of("VSwitch")[0]
    assert target.inputs["file_system_id"] == fs.id and target.inputs["vswitch_id"] == first_vsw.id
    assert target.inputs["vpc_id"] == recorder.one("Vpc").id and target.inputs["access_group_name"] == group.id
    assert rule.name in recorder.depends_on(target)
    assert target.name in recorder.depends_on(recorder.job)
    assert not recorder.of("CpfsFileSystem") and not recorder.of("Dataset")
    assert recorder.job.inputs["storage_mounts"] == [
        {"kind": "nas", "uri": f"nas://{fs.id}.{REGION}/", "mount_path": "/mnt/data"}]
    assert out["file_system_id"] == fs.id
    assert out["mount_domain"] == f"{target.name}.{REGION}.nas.aliyuncs.com"


def test_storage_extreme_nas_defaults(recorder: Recorder) -> None:
    build(zone_ids=["cn-hangzhou-h"], storage="extreme_nas", storage_mount_path="/mnt/x", job=job())
    fs = recorder.one("NasFileSystem")
    assert fs.inputs["file_system_type"] == "extreme" and fs.inputs["storage_type"] == "standard"
    assert fs.inputs["capacity"] == 100 and fs.inputs["zone_id"] == "cn-hangzhou-h"
    assert recorder.one("NasAccessGroup").inputs["file_system_type"] == "extreme"
    assert recorder.one("NasAccessRule").inputs["file_system_type"] == "extreme"
    recorder.one("NasMountTarget")
    assert recorder.job.inputs["storage_mounts"] == [
        {"kind": "extreme_nas", "uri": f"nas://{fs.id}.{REGION}/", "mount_path": "/mnt/x"}]


def test_storage_cpfs_has_no_mount_target_and_mounts_by_vpc(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], storage="cpfs", job=job())
    fs = recorder.one("CpfsFileSystem")
    vpc, vsw = recorder.one("Vpc"), recorder.one("VSwitch")
    assert fs.inputs["vpc_id"] == vpc.id and fs.inputs["vswitch_id"] == vsw.id
    assert fs.inputs["capacity"] == 3600 and fs.inputs["storage_type"] == "advance_100"
    assert fs.inputs["zone_id"] == "cn-hangzhou-h"
    for kind in ("NasFileSystem", "NasAccessGroup", "NasAccessRule", "NasMountTarget"):
        assert not recorder.of(kind), kind
    assert recorder.job.inputs["storage_mounts"] == [
        {"kind": "cpfs", "uri": f"nas://{fs.id}.{REGION}/", "mount_path": "/mnt/data", "vpc_id": vpc.id}]
    assert out["file_system_id"] == fs.id and out["mount_domain"] is None


def test_existing_file_system_and_mount_domain_create_no_storage(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], storage="nas", file_system_id="0a1b2c3d4e",
                   mount_domain="0a1b2c3d4e-abc12.cn-hangzhou.nas.aliyuncs.com", job=job())
    assert not [r for r in recorder.registered if r.kind in NAS_KINDS]
    assert recorder.job.inputs["storage_mounts"] == [
        {"kind": "nas", "uri": f"nas://0a1b2c3d4e.{REGION}/", "mount_path": "/mnt/data"}]
    assert out["file_system_id"] == "0a1b2c3d4e"
    assert out["mount_domain"] == "0a1b2c3d4e-abc12.cn-hangzhou.nas.aliyuncs.com"


def test_existing_file_system_without_mount_domain_gets_a_mount_target(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], storage="nas", file_system_id="0a1b2c3d4e", job=job())
    assert not recorder.of("NasFileSystem") and not recorder.of("CpfsFileSystem")
    recorder.one("NasAccessGroup")
    recorder.one("NasAccessRule")
    target = recorder.one("NasMountTarget")
    assert target.inputs["file_system_id"] == "0a1b2c3d4e"
    assert out["file_system_id"] == "0a1b2c3d4e"
    assert out["mount_domain"] == f"{target.name}.{REGION}.nas.aliyuncs.com"


def test_dataset_is_registered_and_mounted(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], storage="nas", dataset_name="imagenet", dataset_path="/imagenet",
                   job=job(workspace_id="12345"))
    fs, target, dataset = recorder.one("NasFileSystem"), recorder.one("NasMountTarget"), recorder.one("Dataset")
    assert dataset.inputs["name"] == "imagenet" and dataset.inputs["file_system_id"] == fs.id
    assert dataset.inputs["mount_target_domain"] == f"{target.name}.{REGION}.nas.aliyuncs.com"
    assert dataset.inputs["path"] == "/imagenet" and dataset.inputs["mount_path"] == "/mnt/dataset"
    assert dataset.inputs["workspace_id"] == "12345"
    assert recorder.job.inputs["data_sources"] == [
        {"kind": "custom_dataset", "dataset_id": dataset.id, "mount_path": "/mnt/dataset"}]
    assert out["dataset_id"] == dataset.id


def test_users_own_mounts_and_data_sources_are_kept_and_ours_appended(recorder: Recorder) -> None:
    own_mount = {"kind": "oss", "uri": "oss://my-bucket/data/", "mount_path": "/mnt/oss"}
    own_source = {"kind": "custom_dataset", "dataset_id": "d-own", "mount_path": "/mnt/own"}
    args = DlcJobArgs(display_name="my-job", command="python train.py", framework="pytorch",
                      roles={"worker": {"count": 1, "spec": "ecs.gn6i-c4g1.xlarge"}},
                      image="registry.example.com/team/train:1.0",
                      storage_mounts=[own_mount], data_sources=[own_source])
    build(zone_ids=["cn-hangzhou-h"], storage="nas", dataset_name="imagenet", job=args)
    fs, dataset = recorder.one("NasFileSystem"), recorder.one("Dataset")
    inputs = recorder.job.inputs
    assert inputs["storage_mounts"] == [
        own_mount, {"kind": "nas", "uri": f"nas://{fs.id}.{REGION}/", "mount_path": "/mnt/data"}]
    assert inputs["data_sources"] == [
        own_source, {"kind": "custom_dataset", "dataset_id": dataset.id, "mount_path": "/mnt/dataset"}]
    assert inputs["display_name"] == "my-job"  # the user's name wins over the prefix


# --- 3. role ------------------------------------------------------------------------------------------------------

RAM_KINDS = ("RamRole", "RamPolicy", "RamRolePolicyAttachment")


def test_role_none(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], role="none", job=job())
    assert "ram_role" not in recorder.job.inputs and out["role_arn"] is None
    assert not [r for r in recorder.registered if r.kind in RAM_KINDS]


def test_role_pai_default(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], role="pai_default", job=job())
    assert recorder.job.inputs["ram_role"] == "pai_default" and out["role_arn"] is None
    assert not [r for r in recorder.registered if r.kind in RAM_KINDS]


def test_role_existing_arn_is_passed_through(recorder: Recorder) -> None:
    arn = "acs:ram::1234567890123456:role/my-training-role"
    _, out = build(zone_ids=["cn-hangzhou-h"], role=arn, job=job())
    assert recorder.job.inputs["ram_role"] == arn and out["role_arn"] == arn
    assert not [r for r in recorder.registered if r.kind in RAM_KINDS]


def test_role_new_without_buckets_is_a_role_only(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], role="new", job=job())
    role = recorder.one("RamRole")
    assert role.inputs["name"] == f"{PREFIX}-job"
    assert not recorder.of("RamPolicy") and not recorder.of("RamRolePolicyAttachment")
    arn = f"acs:ram::1234567890:role/{PREFIX}-job"
    assert recorder.job.inputs["ram_role"] == arn and out["role_arn"] == arn


def test_role_new_with_buckets_gets_a_policy_for_them(recorder: Recorder) -> None:
    _, out = build(zone_ids=["cn-hangzhou-h"], role="new", role_oss_buckets=["bucket-a", "bucket-b"], job=job())
    role, policy = recorder.one("RamRole"), recorder.one("RamPolicy")
    attachment = recorder.one("RamRolePolicyAttachment")
    document = json.loads(policy.inputs["document"])
    resources = [res for statement in document["Statement"] for res in statement["Resource"]]
    assert sorted(resources) == sorted(["acs:oss:*:*:bucket-a", "acs:oss:*:*:bucket-b",
                                        "acs:oss:*:*:bucket-a/*", "acs:oss:*:*:bucket-b/*"])
    assert all(statement["Effect"] == "Allow" for statement in document["Statement"])
    assert attachment.inputs["role_name"] == role.id and attachment.inputs["policy_name"] == policy.id
    assert attachment.inputs["policy_type"] == "Custom"
    assert attachment.name in recorder.depends_on(recorder.job)
    assert recorder.job.inputs["ram_role"] == out["role_arn"] == f"acs:ram::1234567890:role/{PREFIX}-job"


# --- 4. bring your own --------------------------------------------------------------------------------------------


def test_existing_network_by_id_creates_no_network(recorder: Recorder) -> None:
    _, out = build(vpc_id="vpc-byo", vpc_cidr="172.16.0.0/16", vswitch_ids=["vsw-a", "vsw-b"],
                   security_group_id="sg-byo", internet_gateway="private", job=job())
    for kind in NETWORK_KINDS:
        assert not recorder.of(kind), kind
    assert recorder.job.inputs["network"] == {
        "vpc_id": "vpc-byo", "vswitch_id": "vsw-a", "security_group_id": "sg-byo",
        "extended_cidrs": ["172.16.0.0/16"], "internet_gateway": "private"}
    nat = recorder.one("NatGateway")
    assert nat.inputs["vpc_id"] == "vpc-byo" and nat.inputs["vswitch_id"] == "vsw-a"
    assert [s.inputs["source_vswitch_id"] for s in recorder.of("SnatEntry")] == ["vsw-a", "vsw-b"]
    assert out["vpc_id"] == "vpc-byo" and out["vswitch_ids"] == ["vsw-a", "vsw-b"]
    assert out["security_group_id"] == "sg-byo"


def test_existing_vswitches_by_id_need_a_zone_for_extreme_nas(recorder: Recorder) -> None:
    with pytest.raises(TrainingStackError, match="zone_ids"):
        build(vpc_id="vpc-byo", vpc_cidr="172.16.0.0/16", vswitch_ids=["vsw-a"], storage="extreme_nas", job=job())


def test_an_output_vpc_id_without_vpc_cidr_is_refused(recorder: Recorder) -> None:
    # An Output (a stack reference, another resource's `id`) lifts any attribute, so it must not be taken
    # for a resource that has a `cidr_block`: vpc_cidr is required as for a plain ID.
    with pytest.raises(TrainingStackError, match="vpc_cidr:"):
        build(vpc_id=pulumi.Output.from_input("vpc-out"), vswitch_ids=["vsw-a"], job=job())
    assert recorder.registered == []


def test_output_ids_are_used_as_ids(recorder: Recorder) -> None:
    build(vpc_id=pulumi.Output.from_input("vpc-out"), vpc_cidr="172.16.0.0/16",
          vswitch_ids=[pulumi.Output.from_input("vsw-out")], security_group_id=pulumi.Output.from_input("sg-out"),
          storage="nas", job=job())
    assert recorder.job.inputs["network"] == {"vpc_id": "vpc-out", "vswitch_id": "vsw-out",
                                              "security_group_id": "sg-out", "extended_cidrs": ["172.16.0.0/16"]}
    # No zone is known for an ID: the NAS file system gets none (the service picks one).
    assert recorder.one("NasFileSystem").inputs.get("zone_id") is None
    assert recorder.one("NasMountTarget").inputs["vswitch_id"] == "vsw-out"


def test_output_vswitch_ids_still_need_a_zone_for_cpfs(recorder: Recorder) -> None:
    with pytest.raises(TrainingStackError, match="zone_ids"):
        build(vpc_id="vpc-byo", vpc_cidr="172.16.0.0/16", vswitch_ids=[pulumi.Output.from_input("vsw-out")],
              storage="cpfs", job=job())


def test_pulumi_alicloud_network_and_switch_are_used_as_given(recorder: Recorder) -> None:
    import pulumi_alicloud as alicloud

    made: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> Any:
        network = alicloud.vpc.Network("byo-net", cidr_block="192.168.0.0/16", vpc_name="byo")
        switch = alicloud.vpc.Switch("byo-sw", vpc_id=network.id, cidr_block="192.168.3.0/24",
                                     zone_id="cn-hangzhou-k")
        stack = TrainingStack("exp", vpc_id=network, vswitch_ids=[switch], storage="nas", job=job())
        return pulumi.Output.all(stack.vpc_id, stack.vswitch_ids, stack.job_id).apply(
            lambda values: made.update(outputs=values))

    program()
    net = next(r for r in recorder.registered if r.typ == "alicloud:vpc/network:Network")
    sw = next(r for r in recorder.registered if r.typ == "alicloud:vpc/switch:Switch")
    assert not recorder.of("Vpc") and not recorder.of("VSwitch")
    network = recorder.job.inputs["network"]
    assert network["vpc_id"] == net.id and network["vswitch_id"] == sw.id
    assert network["extended_cidrs"] == ["192.168.0.0/16"]  # from the Network's cidr_block
    assert network["security_group_id"] == recorder.one("SecurityGroup").id
    assert recorder.one("SecurityGroup").inputs["vpc_id"] == net.id
    target = recorder.one("NasMountTarget")
    assert target.inputs["vswitch_id"] == sw.id and target.inputs["vpc_id"] == net.id
    assert recorder.one("NasAccessRule").inputs["source_cidr_ip"] == "192.168.0.0/16"
    assert recorder.one("NasFileSystem").inputs["zone_id"] == "cn-hangzhou-k"  # the switch's zone
    assert made["outputs"] == [net.id, [sw.id], "dlc-exp-job"]


# --- 5. validation ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("settings", "field_name"), [
    ({"internet_gateway": "nat"}, "internet_gateway"),
    ({"storage": "oss"}, "storage"),
    ({"role": "admin"}, "role"),
    ({"vpc_id": "vpc-123", "vswitch_ids": ["vsw-1"]}, "vpc_cidr"),
    ({"zone_ids": None}, "zone_ids"),
    ({"dataset_name": "imagenet"}, "dataset_name"),
    ({"storage": "nas", "storage_class": "standard"}, "storage_class"),
    ({"storage": "extreme_nas", "storage_class": "Performance"}, "storage_class"),
    ({"storage": "cpfs", "storage_capacity": 100}, "storage_capacity"),
    ({"name_prefix": "Bad_Name"}, "name_prefix"),
    ({"vpc_cidr": "10.0.0.0/16", "vswitch_cidrs": ["192.168.0.0/24"]}, "vswitch_cidrs"),
    ({"job": job(network={"vpc_id": "vpc-1"})}, "job.network"),
    ({"job": job(ram_role="pai_default")}, "job.ram_role"),
    ({"job": "python train.py"}, "job"),
])
def test_bad_settings_fail_before_any_resource(recorder: Recorder, settings: dict[str, Any],
                                                field_name: str) -> None:
    values = {"zone_ids": ["cn-hangzhou-h"], "job": job(), **settings}
    with pytest.raises(TrainingStackError, match=rf"(^|[ ;]){field_name}:"):
        build(**values)
    assert recorder.registered == []  # not even the component


def test_check_settings_names_every_broken_field() -> None:
    # Single-field rules are reported together ...
    args = TrainingStackArgs(job=job(), zone_ids=["cn-hangzhou-h"], internet_gateway="nat", storage="oss",
                             role="admin")
    with pytest.raises(TrainingStackError) as caught:
        check_settings(args, "good-prefix", "10.0.0.0/16", True)
    for name in ("internet_gateway", "storage", "role"):
        assert f"{name}:" in str(caught.value), name
    # ... and so are the rules across fields (checked once every field passes on its own).
    args = TrainingStackArgs(job=job(), vpc_id="vpc-1", storage="none", dataset_name="imagenet",
                             role_oss_buckets=["bucket-a"])
    with pytest.raises(TrainingStackError) as caught:
        check_settings(args, "good-prefix", None, False)
    for name in ("vpc_cidr", "zone_ids", "dataset_name", "role_oss_buckets"):
        assert f"{name}:" in str(caught.value), name


def test_a_missing_region_is_an_error(recorder: Recorder) -> None:
    pulumi.runtime.set_all_config({})
    with pytest.raises(TrainingStackError, match="alicloud:region"):
        build(zone_ids=["cn-hangzhou-h"], job=job())


# --- 6. defaults and tags -----------------------------------------------------------------------------------------


def test_default_vswitch_blocks_and_tags(recorder: Recorder) -> None:
    tags = {"team": "ml", "env": "dev"}
    build(vpc_cidr="10.20.0.0/16", zone_ids=["cn-hangzhou-h", "cn-hangzhou-i"], storage="nas", tags=tags,
          job=job(tags={"env": "job-env", "owner": "alice"}))
    vswitches = recorder.of("VSwitch")
    assert [(v.inputs["zone_id"], v.inputs["cidr_block"]) for v in vswitches] == [
        ("cn-hangzhou-h", "10.20.0.0/24"), ("cn-hangzhou-i", "10.20.1.0/24")]
    assert [v.inputs["name"] for v in vswitches] == [f"{PREFIX}-cn-hangzhou-h", f"{PREFIX}-cn-hangzhou-i"]
    assert recorder.job.inputs["network"]["vswitch_id"] == vswitches[0].id
    assert recorder.job.inputs["network"]["extended_cidrs"] == ["10.20.0.0/16"]
    for kind in ("Vpc", "VSwitch", "SecurityGroup", "NasFileSystem"):
        for resource in recorder.of(kind):
            assert resource.inputs["tags"] == tags, kind
    # The stack's tags and the job's own, the job's winning where both set a key.
    assert recorder.job.inputs["tags"] == {"team": "ml", "env": "job-env", "owner": "alice"}


def test_no_tags_means_no_tags_input(recorder: Recorder) -> None:
    build(zone_ids=["cn-hangzhou-h"], job=job())
    for resource in recorder.registered:
        assert resource.inputs.get("tags") is None, resource.name


def test_args_object_and_keyword_arguments_combine(recorder: Recorder) -> None:
    base = TrainingStackArgs(job=job(), zone_ids=["cn-hangzhou-h"], name_prefix="team-exp")
    build(base, internet_gateway="public")
    assert recorder.job.inputs["network"]["internet_gateway"] == "public"
    assert recorder.one("Vpc").inputs["name"] == "team-exp-vpc"
    assert recorder.job.inputs["display_name"] == "team-exp"


# --- 7. from_config -----------------------------------------------------------------------------------------------


def test_from_config_reads_camel_case_keys(recorder: Recorder) -> None:
    pulumi.runtime.set_all_config({
        "alicloud:region": REGION,
        f"{PROJECT}:namePrefix": "exp-one",
        f"{PROJECT}:vpcCidr": "10.30.0.0/16",
        f"{PROJECT}:zoneIds": json.dumps(["cn-hangzhou-h", "cn-hangzhou-i"]),
        f"{PROJECT}:internetGateway": "private",
        f"{PROJECT}:eipBandwidth": "10",
        f"{PROJECT}:storage": "extreme_nas",
        f"{PROJECT}:storageCapacity": "200",
        f"{PROJECT}:datasetName": "imagenet",
        f"{PROJECT}:role": "new",
        f"{PROJECT}:roleOssBuckets": json.dumps(["bucket-a"]),
        f"{PROJECT}:tags": json.dumps({"team": "ml"}),
        f"{PROJECT}:job": json.dumps(job()),
    })
    args = TrainingStackArgs.from_config()
    assert args == TrainingStackArgs(
        job=job(), name_prefix="exp-one", vpc_cidr="10.30.0.0/16", zone_ids=["cn-hangzhou-h", "cn-hangzhou-i"],
        internet_gateway="private", eip_bandwidth=10, storage="extreme_nas", storage_capacity=200,
        dataset_name="imagenet", role="new", role_oss_buckets=["bucket-a"], tags={"team": "ml"})
    # The settings read from config build a stack.
    build(args)
    assert recorder.one("NasFileSystem").inputs["capacity"] == 200
    assert recorder.one("Eip").inputs["bandwidth"] == 10


def test_from_config_with_only_a_job_keeps_the_defaults(recorder: Recorder) -> None:
    pulumi.runtime.set_all_config({f"{PROJECT}:job": json.dumps(job())})
    assert TrainingStackArgs.from_config() == TrainingStackArgs(job=job())


def test_from_config_without_a_job_names_it(recorder: Recorder) -> None:
    pulumi.runtime.set_all_config({f"{PROJECT}:zoneIds": json.dumps(["cn-hangzhou-h"])})
    with pytest.raises(TrainingStackError, match=r"^job:"):
        TrainingStackArgs.from_config()


def test_the_dev_stack_config_builds_the_whole_stack(recorder: Recorder) -> None:
    """stacks/Pulumi.dev.yaml as the engine hands it over (objects as JSON), through from_config."""
    import pathlib

    import yaml

    path = pathlib.Path(__file__).resolve().parents[2] / "stacks" / "Pulumi.dev.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))["config"]
    project = "dlc-training"
    plain = {key: value if isinstance(value, str) else json.dumps(value)
             for key, value in config.items() if not (isinstance(value, dict) and "secure" in value)}
    pulumi.runtime.set_mocks(recorder, project=project, stack=STACK, preview=False,
                             monitor=RecordingMonitor(recorder))
    pulumi.runtime.set_all_config(plain)
    args = TrainingStackArgs.from_config()
    assert args.job == config[f"{project}:job"] and args.zone_ids == config[f"{project}:zoneIds"]
    build(args)
    network = recorder.job.inputs["network"]
    assert network["internet_gateway"] == config[f"{project}:internetGateway"]
    assert network["extended_cidrs"] == [config[f"{project}:vpcCidr"]]
    dataset = recorder.one("Dataset")
    assert dataset.inputs["name"] == config[f"{project}:datasetName"]
    assert recorder.job.inputs["data_sources"] == [
        {"kind": "custom_dataset", "dataset_id": dataset.id, "mount_path": config[f"{project}:datasetMountPath"]}]
    assert recorder.job.inputs["display_name"] == config[f"{project}:job"]["display_name"]
    assert recorder.job.inputs["ram_role"] == f"acs:ram::1234567890:role/exp-{STACK}-job"
    recorder.one("RamRolePolicyAttachment")
