"""The `TrainingStack` component's wiring under Pulumi's test mocks: which resources each choice of internet
gateway, storage and role declares, with which inputs, and what the DlcJob receives (network, ram_role,
storage mounts, data sources, depends_on). Bring-your-own, validation, defaults and config are in
`test_training_stack_inputs.py`.
"""

from __future__ import annotations

import json

from dlc_provider.resources.dlc_job import DlcJobArgs

from ._stack_harness import NETWORK_KINDS, PREFIX, REGION, Recorder, build, job, recorder  # noqa: F401 (a fixture)

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
