"""`pulumi preview` with the real engine refuses a program's bad literals before any cloud call: every
bad field is named with its rule, no traceback, no secret value, and the fake cloud saw no mutating call.

The engine stops a preview at the first resource whose `check` fails (reporting all of that resource's
failures), so each program puts its bad literals into one resource.
"""

from __future__ import annotations

import pytest

from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION

from .fake_server import start_fake_server
from .harness import PulumiCommandFailed

PASSWORD = "hunter2-Registry-Pass"
REDIS_PASSWORD = "hunter2-Redis-Pass"
SECRET_DESCRIPTION = "1-hidden-Description-Text"

JOB_PROGRAM = f"""
import pulumi
from dlc_provider.resources import DlcJob, Vpc

Vpc("vpc", cidr_block="10.0.0.0/16")
DlcJob("train", display_name="bad name!", framework="pytorch", command="python train.py",
       image={{"kind": "registry", "uri": "r.example.com/team/train:1.0", "password": "{PASSWORD}"}},
       roles={{"worker": {{"count": 1, "spec": "ecs.gn6i-c4g1.xlarge", "image": "not a valid image!!"}}}},
       storage_mounts=[{{"kind": "oss", "uri": "oss://Bad_Bucket/data/", "mount_path": "/mnt/oss"}}],
       network={{"vpc_id": "", "security_group_id": "sg-1"}},
       ram_role="dlc-job",
       advanced={{"ray_redis_password": pulumi.Output.secret("{REDIS_PASSWORD}"), "custom_port_count": 0}})
"""
JOB_FAILURES = [
    ("display_name", "1-256 letters"),
    ("image.username", "go together"),
    ("roles.worker.image.uri", "not a valid image reference"),
    ("storage_mounts[0].uri", "OSS bucket names are 3-63"),
    ("network.vpc_id", "vpc_id is empty"),
    ("ram_role.role_arn", "acs:ram::"),
    ("advanced.custom_port_count", "1 to 65536"),
]

STORAGE_PROGRAM = f"""
import pulumi
from dlc_provider.resources import CpfsFileSystem, Vpc

Vpc("vpc", cidr_block="10.0.0.0/16")
CpfsFileSystem("cpfs", storage_type="advance_100", capacity=3600, zone_id="ap-southeast-1-a", vpc_id="",
               vswitch_id="vpc-1", description=pulumi.Output.secret("{SECRET_DESCRIPTION}"),
               tags={{"dlc-provider:token": "mine"}})
"""
STORAGE_FAILURES = [
    ("zone_id", "not a zone of the provider's region cn-hangzhou; it is in ap-southeast-1"),
    ("vpc_id", "vpc_id is empty"),
    ("vswitch_id", "not a vSwitch ID"),
    ("description", "must start with a letter"),
    ("tags", "reserved for the provider"),
]

SECRETS = (PASSWORD, REDIS_PASSWORD, SECRET_DESCRIPTION)
READ_ONLY = ("Describe", "List", "Get", "Check")


@pytest.fixture
def fake():
    server = start_fake_server("--seed", "5")
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize(("program", "expected"), [(JOB_PROGRAM, JOB_FAILURES), (STORAGE_PROGRAM, STORAGE_FAILURES)],
                         ids=["dlc-job", "cpfs"])
def test_preview_refuses_every_bad_literal_without_a_cloud_change(pulumi_project, fake, program, expected):
    project = pulumi_project(program)
    for key, value in {"alicloud:region": DEFAULT_REGION, "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
                       "dlc:endpoint": fake.url}.items():
        project.set_config(key, value)
    project.set_config("alicloud:secretKey", DEFAULT_ACCESS_KEY_SECRET, secret=True)

    with pytest.raises(PulumiCommandFailed) as failed:
        project.preview()

    text = str(failed.value)
    for path, rule in expected:
        assert f"property {path} " in text, (path, text)
        assert rule in text, (rule, text)
    assert "Traceback" not in text, text
    for secret in SECRETS:
        assert secret not in text, text
    mutating = [e["action"] for e in fake.journal() if not e["action"].startswith(READ_ONLY)]
    assert mutating == [], mutating
    assert fake.resource_count() == 0
