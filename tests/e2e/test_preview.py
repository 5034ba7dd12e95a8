"""`pulumi preview` of a stack that does not exist yet, with the real engine.

At such a preview every input that comes from another resource is not known; the SDK hands it to a
dynamic provider's `check` and `diff` as an `Unknown` object (not the sentinel string). Those inputs must
not fail validation, while a bad input known at preview still fails with its field and rule, and nothing
is created.
"""

from __future__ import annotations

import pytest

from dlc_provider.fake import DEFAULT_REGION

from .fake_server import start_fake_server
from .harness import PulumiCommandFailed

PROGRAM = """
import pulumi
from dlc_provider.resources import (
    DlcJob, NasFileSystem, NasMountTarget, SecurityGroup, SecurityGroupRule, VSwitch, Vpc,
)

vpc = Vpc("vpc", cidr_block="10.0.0.0/16")
vsw = VSwitch("vsw", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block=pulumi.Config().require("vswCidr"))
sg = SecurityGroup("sg", vpc_id=vpc.id)
SecurityGroupRule("intra", security_group_id=sg.id, direction="ingress", ip_protocol="all", cidr_ip="10.0.0.0/16")
fs = NasFileSystem("nas", storage_type="Performance", protocol_type="NFS")
mount = NasMountTarget("mount", file_system_id=fs.id, vpc_id=vpc.id, vswitch_id=vsw.id)
DlcJob("train", display_name="preview", framework="pytorch", command="python train.py",
       image="registry.example.com/team/train:1.0", roles={"worker": {"count": 1, "spec": "ecs.gn6i-c4g1.xlarge"}},
       network={"vpc_id": vpc.id, "vswitch_id": vsw.id, "security_group_id": sg.id, "extended_cidrs": ["10.0.0.0/16"]},
       storage_mounts=[{"kind": "nas", "uri": pulumi.Output.concat("nas://", fs.id, ".cn-hangzhou/"),
                        "mount_path": "/mnt/data"}])
"""


@pytest.fixture
def project(pulumi_project):
    server = start_fake_server("--seed", "3")
    try:
        project = pulumi_project(PROGRAM, config={"vswCidr": "10.0.1.0/24"})
        project.use_fake(server.url, settings={})
        yield project, server
    finally:
        server.stop()


def test_first_preview_of_dependent_resources_passes(project):
    project, server = project
    result = project.preview()
    assert "+ 8 to create" in result.stdout, result.stdout
    assert "error" not in result.stdout.lower(), result.stdout
    assert server.resource_count() == 0


def test_first_preview_still_fails_on_a_bad_known_input(project):
    project, server = project
    project.set_config("vswCidr", "10.0.1.0/33")
    with pytest.raises(PulumiCommandFailed) as failed:
        project.preview()
    text = str(failed.value)
    assert "cidr_block" in text and "10.0.1.0/33" in text, text
    assert server.resource_count() == 0


BAD_STACK_PROGRAM = """
from dlc_provider.components import TrainingStack, TrainingStackArgs

TrainingStack("training", TrainingStackArgs(
    job={"framework": "pytorch", "command": "python train.py",
         "roles": {"worker": {"count": 1, "spec": "ecs.gn6i-c4g1.xlarge"}}},
    vpc_cidr="10.0.0.0/33",
))
"""


def test_a_bad_training_stack_setting_ends_the_program_with_its_message_and_no_traceback(pulumi_project):
    project = pulumi_project(BAD_STACK_PROGRAM)
    project.set_config("alicloud:region", DEFAULT_REGION)
    with pytest.raises(PulumiCommandFailed) as failed:
        project.preview()
    text = str(failed.value)
    assert "vpc_cidr" in text, text
    assert "Traceback" not in text, text
