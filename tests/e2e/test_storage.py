"""Storage and access on the fake cloud server, driven by the real engine end to end.

A VPC and vSwitch, a NAS file system with access group, rule and mount target, a CPFS file system, a RAM
role with one system and one custom policy attached, and a dataset on the NAS mount go up; a second
preview is clean; a policy document edit updates in place; destroy empties the fake — plainly and with
throttling and 5xx faults injected.
"""

from __future__ import annotations

from .fake_server import start_fake_server, under_fault_mixes
from .test_network import _assert_no_double_creates

PROGRAM = """
import pulumi
from dlc_provider.resources import (
    CpfsFileSystem, Dataset, NasAccessGroup, NasAccessRule, NasFileSystem, NasMountTarget, OssBucket, RamPolicy,
    RamRole, RamRolePolicyAttachment, VSwitch, Vpc,
)

cfg = pulumi.Config()
vpc = Vpc("vpc", cidr_block="10.0.0.0/16", name="storage")
vsw = VSwitch("vsw", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")
fs = NasFileSystem("nas", storage_type="Performance", protocol_type="NFS", zone_id="cn-hangzhou-h",
                   description="training data")
group = NasAccessGroup("group", name="training-group", description="training nodes")
NasAccessRule("rule", access_group_name=group.id, source_cidr_ip="10.0.0.0/16", rw_access="RDWR", priority=1)
mount = NasMountTarget("mount", file_system_id=fs.id, vpc_id=vpc.id, vswitch_id=vsw.id, access_group_name=group.id)
cpfs = CpfsFileSystem("cpfs", storage_type="advance_100", zone_id="cn-hangzhou-h", capacity=3600,
                      vpc_id=vpc.id, vswitch_id=vsw.id)
role = RamRole("role", name="dlc-training-role", description="role of the training job")
# The bucket a policy names must exist when the policy is made (checked): it goes first.
data = OssBucket("data", name="training-data")
policy = RamPolicy("policy", name="dlc-training-data", document={
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": cfg.require("policyActions").split(","),
                   "Resource": ["acs:oss:*:*:training-data/*"]}],
}, opts=pulumi.ResourceOptions(depends_on=[data]))
RamRolePolicyAttachment("system", role_name=role.id, policy_name="AliyunNASFullAccess", policy_type="System")
RamRolePolicyAttachment("custom", role_name=role.id, policy_name=policy.id, policy_type="Custom")
dataset = Dataset("dataset", name="imagenet", file_system_id=fs.id, mount_target_domain=mount.id,
                  path="/imagenet", mount_path="/mnt/data/")

pulumi.export("mount_domain", mount.id)
pulumi.export("dataset_id", dataset.id)
pulumi.export("dataset_uri", dataset.uri)
pulumi.export("role_arn", role.arn)
"""


@under_fault_mixes
def test_storage_and_access_stack(pulumi_project, faults):
    server = start_fake_server("--seed", "5", faults=faults)
    try:
        project = pulumi_project(PROGRAM, config={"policyActions": "oss:GetObject"})
        project.use_fake(server.url)

        up = project.up()
        assert "+ 14 created" in up.stdout, up.stdout  # the stack and 13 resources
        outputs = project.outputs()
        assert outputs["role_arn"] == "acs:ram::1234567890123456:role/dlc-training-role"
        assert outputs["dataset_uri"].startswith("nas://") and "/imagenet" in outputs["dataset_uri"]
        state = server.state()
        file_systems = state["nas"]["file_systems"]
        assert sorted(f["file_system_type"] for f in file_systems) == ["cpfs", "standard"], file_systems
        assert [g["name"] for g in state["nas"]["access_groups"] if not g["builtin"]] == ["training-group"]
        assert len(state["nas"]["mount_targets"]) == 1

        project.preview("--expect-no-changes")

        # A policy document edit is a new default policy version, in place.
        project.set_config("policyActions", "oss:GetObject,oss:ListObjects")
        edited = project.up()
        assert "~ 1 updated" in edited.stdout and "replaced" not in edited.stdout, edited.stdout
        assert len(server.journal(action="CreatePolicyVersion")) >= 1
        project.preview("--expect-no-changes")

        project.destroy()
        assert project.resources() == []
        assert server.resource_count() == 0, server.state()
        _assert_no_double_creates(server.journal())
        if faults:
            assert [e for e in server.journal() if e.get("fault")], "no fault was injected"
    finally:
        server.stop()

