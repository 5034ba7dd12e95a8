"""CPFS file systems through the official NAS client: created in an existing VPC and vSwitch of the VPC
service, which they then keep from being deleted; their mount targets use no access group."""

from __future__ import annotations

import re

import pytest
from alibabacloud_nas20170626 import models as nas
from alibabacloud_nas20170626.client import Client as NasClient
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, ZONE, create_vpc, create_vswitch
from .doors import Door, api_error


def client(door: Door) -> NasClient:
    return NasClient(door.config())


def create_cpfs(door: Door, vpc_id: str | None, vswitch_id: str | None, **kwargs: object) -> str:
    fields = {"zone_id": ZONE, "capacity": 3600, "storage_type": "advance_100", **kwargs}
    request = nas.CreateFileSystemRequest(file_system_type="cpfs", protocol_type="cpfs", vpc_id=vpc_id,
                                          v_switch_id=vswitch_id, **fields)
    return client(door).create_file_system(request).body.file_system_id


def test_create_in_a_network(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    fs_id = create_cpfs(door, vpc_id, vswitch_id, bandwidth=600)
    assert re.fullmatch(r"cpfs-[0-9a-f]{16}", fs_id)
    (found,) = client(door).describe_file_systems(nas.DescribeFileSystemsRequest(
        file_system_type="cpfs")).body.file_systems.file_system
    assert (found.file_system_id, found.protocol_type, found.storage_type, found.capacity, found.bandwidth) == (
        fs_id, "cpfs", "advance_100", 3600, 600)
    assert (found.vpc_id, found.vsw_ids.vsw_id, found.zone_id) == (vpc_id, [vswitch_id], ZONE)
    by_vpc = client(door).describe_file_systems(nas.DescribeFileSystemsRequest(vpc_id=vpc_id)).body
    assert by_vpc.total_count == 1

    domain = client(door).create_mount_target(nas.CreateMountTargetRequest(
        file_system_id=fs_id, network_type="Vpc", vpc_id=vpc_id, v_switch_id=vswitch_id)).body.mount_target_domain
    (target,) = client(door).describe_mount_targets(nas.DescribeMountTargetsRequest(
        file_system_id=fs_id)).body.mount_targets.mount_target
    assert (target.mount_target_domain, target.access_group) == (domain, "")


def test_the_file_system_blocks_its_network(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    fs_id = create_cpfs(door, vpc_id, vswitch_id)
    with api_error("DependencyViolation", 400):
        door.vpc().delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))
    door.vpc().delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    door.vpc().delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    assert door.cloud.is_empty()


@pytest.mark.parametrize(
    ("network", "fields", "code", "status"),
    [
        ("none", {}, "MissingParameter", 400),
        ("no-vswitch", {}, "MissingParameter", 400),
        ("unknown-vpc", {}, "InvalidVpcId.NotFound", 404),
        ("unknown-vswitch", {}, "InvalidVSwitchId.NotFound", 404),
        ("foreign-vswitch", {}, "InvalidParameter", 400),
        ("ok", {"zone_id": "cn-hangzhou-i"}, "InvalidParameter", 400),  # the vSwitch is in zone h
        ("ok", {"storage_type": "Performance"}, "InvalidParameter", 400),
        ("ok", {"capacity": None}, "MissingParameter", 400),
    ],
)
def test_create_rules(door: Door, network: str, fields: dict[str, object], code: str, status: int) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    other_vpc = create_vpc(door, "192.168.0.0/16")
    foreign = create_vswitch(door, other_vpc, "192.168.1.0/24")
    vpc_arg, vswitch_arg = {
        "none": (None, None),
        "no-vswitch": (vpc_id, None),
        "unknown-vpc": ("vpc-missing", vswitch_id),
        "unknown-vswitch": (vpc_id, "vsw-missing"),
        "foreign-vswitch": (vpc_id, foreign),
        "ok": (vpc_id, vswitch_id),
    }[network]
    with api_error(code, status):
        create_cpfs(door, vpc_arg, vswitch_arg, **fields)
    assert client(door).describe_file_systems(nas.DescribeFileSystemsRequest()).body.total_count == 0
