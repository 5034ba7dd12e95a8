"""A PyTorch training job on the fake cloud server, driven by the real engine end to end.

Two workers on a resource quota, in a VPC, with a NAS storage mount, a NAS-backed dataset and a custom RAM
role: the job reaches Running; `stopped: true` stops it in place; an image change replaces it; destroy
leaves the fake empty. A job waiting in the queue changes priority in place. A job from a DLC CLI job
file goes up too.
"""

from __future__ import annotations

import json

from .fake_server import start_fake_server
from .test_network import _assert_no_double_creates

PROGRAM = """
import pulumi
from dlc_provider.resources import (
    Dataset, DlcJob, DlcJobArgs, NasAccessGroup, NasAccessRule, NasFileSystem, NasMountTarget, RamRole,
    RamRolePolicyAttachment, SecurityGroup, VSwitch, Vpc,
)

cfg = pulumi.Config()
vpc = Vpc("vpc", cidr_block="10.0.0.0/16")
vsw = VSwitch("vsw", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")
sg = SecurityGroup("sg", vpc_id=vpc.id, name="training-sg")
fs = NasFileSystem("nas", storage_type="Performance", protocol_type="NFS", zone_id="cn-hangzhou-h")
group = NasAccessGroup("group", name="training-group")
NasAccessRule("rule", access_group_name=group.id, source_cidr_ip="10.0.0.0/16")
mount = NasMountTarget("mount", file_system_id=fs.id, vpc_id=vpc.id, vswitch_id=vsw.id, access_group_name=group.id)
dataset = Dataset("dataset", name="imagenet", file_system_id=fs.id, mount_target_domain=mount.id, path="/imagenet")
role = RamRole("role", name="dlc-job-role")
RamRolePolicyAttachment("oss", role_name=role.id, policy_name="AliyunOSSReadOnlyAccess", policy_type="System")

job = DlcJob("train", display_name="resnet-ddp", framework="pytorch", command="torchrun train.py",
             image=cfg.require("image"),
             resources={"source": "quota", "quota_id": "quota-ecs-demo"},
             roles={"worker": {"count": 2, "cpu": 8, "gpu": 1, "memory": "32Gi"}},
             data_sources=[{"kind": "custom_dataset", "dataset_id": dataset.id, "mount_path": "/mnt/imagenet"}],
             storage_mounts=[{"kind": "nas", "uri": dataset.uri, "mount_path": "/mnt/nas"}],
             network={"vpc_id": vpc.id, "vswitch_id": vsw.id, "security_group_id": sg.id,
                      "extended_cidrs": ["10.0.0.0/16"]},
             ram_role=role.arn,
             envs={"FAKE_DLC_RUN_SECONDS": "forever"},
             stopped=cfg.get_bool("stopped") or False)

# A job held in the queue (a full quota, in the fake): its priority can still change, in place.
queued = DlcJob("queued", display_name="queued-job", framework="pytorch", command="python train.py",
                # A private registry's password in plain text in the program: still kept secret in the state.
                image={"kind": "registry", "uri": "registry.example.com/team/train:1.0", "username": "ci",
                       "password": "plain-text-registry-pw"},
                resources={"source": "quota", "quota_id": "quota-ecs-demo"},
                roles={"worker": {"count": 2, "cpu": 4, "memory": "16Gi"}},
                envs={"FAKE_DLC_QUEUE_SECONDS": "forever"}, wait_until="submitted",
                priority=cfg.get_int("priority") or 1)

from_file = DlcJob("from-file", DlcJobArgs.from_job_file(
    "name=from-cli-file\\ncommand=python train.py\\nworkers=1\\nworker_spec=ecs.gn6i-c4g1.xlarge\\n"
    "worker_image=registry.example.com/team/train:1.0\\n", framework="pytorchjob"))

pulumi.export("job_id", job.job_id)
pulumi.export("job_status", job.status)
pulumi.export("file_job_status", from_file.status)
pulumi.export("queued_id", queued.job_id)
"""


def test_training_job_life_cycle(pulumi_project):
    server = start_fake_server("--seed", "9")
    try:
        project = pulumi_project(PROGRAM, config={"image": "registry.example.com/team/train:1.0"})
        project.use_fake(server.url)

        up = project.up()
        outputs = project.outputs()
        assert outputs["job_status"] == "Running", outputs
        # The registry password reached the service but is nowhere in the state or the output.
        assert "plain-text-registry-pw" in json.dumps(server.state()["pai-dlc"]["jobs"])
        assert "plain-text-registry-pw" not in json.dumps(project.export()) + up.stdout + up.stderr
        # The job-file job has the fake's default short run time: it may already have finished.
        assert outputs["file_job_status"] in ("Running", "Succeeded"), outputs
        jobs = {j["body"]["DisplayName"]: j for j in server.state()["pai-dlc"]["jobs"]}
        body = jobs["resnet-ddp"]["body"]
        assert body["ResourceId"] == "quota-ecs-demo"
        assert [(s["Type"], s["PodCount"]) for s in body["JobSpecs"]] == [("Worker", 2)]
        assert body["UserVpc"]["VpcId"] and body["UserVpc"]["SecurityGroupId"]
        assert {d.get("DataSourceId") or d.get("Uri", "")[:6] for d in body["DataSources"]} >= {"nas://"}
        assert "role/dlc-job-role" in str(body["CredentialConfig"])
        project.preview("--expect-no-changes")

        # Priority changes in place while the job waits in the queue.
        project.set_config("priority", "7")
        reprioritized = project.up()
        assert "~ 1 updated" in reprioritized.stdout and "replaced" not in reprioritized.stdout, reprioritized.stdout
        assert project.outputs()["queued_id"] == outputs["queued_id"]
        queued = {j["id"]: j for j in server.state()["pai-dlc"]["jobs"]}[outputs["queued_id"]]
        assert queued["priority"] == 7 and queued["status"] == "Queuing", queued

        project.set_config("stopped", "true")
        stopped = project.up()
        assert "~ 1 updated" in stopped.stdout, stopped.stdout
        assert project.outputs()["job_id"] == outputs["job_id"]
        assert project.outputs()["job_status"] == "Stopped"

        project.set_config("stopped", "false")
        project.set_config("image", "registry.example.com/team/train:2.0")
        replaced = project.up()
        assert "+-1 replaced" in replaced.stdout, replaced.stdout
        assert project.outputs()["job_id"] != outputs["job_id"]

        project.destroy()
        assert server.resource_count() == 0, server.state()
        _assert_no_double_creates(server.journal())
    finally:
        server.stop()
