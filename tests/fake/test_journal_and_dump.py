"""The journal of requests, the dump of resources, and the loud answer to what the fake lacks."""

from __future__ import annotations

import json

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_vpc20160428 import models as vpc

from dlc_provider.fake import DEFAULT_ACCOUNT_ID
from dlc_provider.fake.vpc.models import Vpc

from .builders import REGION, create_security_group, create_vpc
from .doors import Door, api_error


def test_journal_entries(door: Door) -> None:
    vpc_id = create_vpc(door, name="journaled")
    door.vpc().describe_vpcs(vpc.DescribeVpcsRequest(region_id=REGION))
    with api_error("InvalidVpcId.NotFound"):
        door.vpc().delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id="vpc-missing"))

    created, listed, failed = door.cloud.journal
    assert (created.service, created.action, created.status, created.error_code) == ("vpc", "CreateVpc", 200, None)
    assert created.params["VpcName"] == "journaled" and created.params["RegionId"] == REGION
    assert "Signature" not in created.params and created.duration_ms > 0
    assert (created.region, created.account_id) == (REGION, DEFAULT_ACCOUNT_ID)
    assert listed.action == "DescribeVpcs" and listed.ok
    assert (failed.status, failed.error_code, failed.ok) == (404, "InvalidVpcId.NotFound", False)

    assert [e.action for e in door.cloud.creates()] == ["CreateVpc"]
    assert door.cloud.creates("ecs") == []
    assert [e.action for e in door.cloud.calls(ok=False)] == ["DeleteVpc"]
    assert door.cloud.calls("vpc", "CreateVpc")[0].request_id == created.request_id
    json.dumps([e.to_dict() for e in door.cloud.journal])  # JSON-able for the admin API
    assert vpc_id


def test_dump_and_is_empty(door: Door) -> None:
    assert door.cloud.is_empty() and door.cloud.dump() == {}
    vpc_id = create_vpc(door)
    group_id = create_security_group(door, vpc_id)
    dump = door.cloud.dump()
    assert set(dump) == {"vpc", "ecs"}
    (record,) = dump["vpc"]["vpcs"]
    assert (record["id"], record["status"], record["cidr_block"]) == (vpc_id, "Available", "10.0.0.0/16")
    assert (record["account_id"], record["region"]) == (DEFAULT_ACCOUNT_ID, REGION)
    assert dump["ecs"]["security_groups"][0]["id"] == group_id
    json.dumps(dump)
    assert not door.cloud.is_empty()


def test_builtin_resources_do_not_count(door: Door) -> None:
    backend = door.cloud.backend("vpc")
    backend.add("vpcs", Vpc(id="vpc-default", status="Available", is_default=True, builtin=True))
    assert door.cloud.is_empty()
    assert door.cloud.dump()["vpc"]["vpcs"][0]["id"] == "vpc-default"


def test_unknown_actions_are_loudly_not_implemented(door: Door) -> None:
    with api_error("NotImplemented", 501) as info:
        door.vpc().describe_route_tables(vpc.DescribeRouteTablesRequest(region_id=REGION))
    assert "vpc DescribeRouteTables" in info.value.data["Message"]
    with api_error("NotImplemented", 501) as info:
        door.ecs().describe_instances(ecs.DescribeInstancesRequest(region_id=REGION))
    assert "ecs DescribeInstances" in info.value.data["Message"]
    entry = door.cloud.journal[-1]
    assert (entry.service, entry.action, entry.status, entry.error_code) == (
        "ecs", "DescribeInstances", 501, "NotImplemented")


def test_the_journal_masks_passwords_and_secrets(door: Door) -> None:
    from alibabacloud_pai_dlc20201203 import models as dlc

    from dlc_provider.fake.pai_dlc.testing import dlc_client, job_spec

    spec = job_spec()
    spec.image_config = dlc.ImageConfig(docker_registry="registry.example.com", username="team", password="hunter2-pw")
    body = {"DisplayName": "masked", "JobType": "PyTorchJob", "UserCommand": "python train.py",
            "JobSpecs": [spec.to_map()]}
    dlc_client(door.endpoint).create_job(dlc.CreateJobRequest().from_map(body))

    (entry,) = door.cloud.calls(action="CreateJob")
    text = json.dumps(entry.params)
    assert "hunter2-pw" not in text
    assert entry.params["JobSpecs"][0]["ImageConfig"] == {
        "DockerRegistry": "registry.example.com", "Username": "team", "Password": "******"}

