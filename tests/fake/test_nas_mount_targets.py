"""NAS mount targets through the official clients: made in the VPC service's network, with an access group;
Pending -> Active -> Deleting -> gone; they block deleting the file system, group, vSwitch, VPC and SG."""

from __future__ import annotations

import re

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_nas20170626 import models as nas
from alibabacloud_nas20170626.client import Client as NasClient
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, create_security_group, create_vpc, create_vswitch
from .doors import Door, api_error


def client(door: Door) -> NasClient:
    return NasClient(door.config())


def create_standard(door: Door) -> str:
    request = nas.CreateFileSystemRequest(protocol_type="NFS", storage_type="Performance")
    return client(door).create_file_system(request).body.file_system_id


def create_mount_target(door: Door, fs_id: str, vpc_id: str, vswitch_id: str, **kwargs: object) -> str:
    fields = {"network_type": "Vpc", **kwargs}
    request = nas.CreateMountTargetRequest(file_system_id=fs_id, vpc_id=vpc_id, v_switch_id=vswitch_id, **fields)
    return client(door).create_mount_target(request).body.mount_target_domain


def mount_targets(door: Door, fs_id: str, domain: str | None = None) -> list[
    nas.DescribeMountTargetsResponseBodyMountTargetsMountTarget
]:
    request = nas.DescribeMountTargetsRequest(file_system_id=fs_id, mount_target_domain=domain)
    return client(door).describe_mount_targets(request).body.mount_targets.mount_target


def delete_mount_target(door: Door, fs_id: str, domain: str) -> None:
    client(door).delete_mount_target(nas.DeleteMountTargetRequest(file_system_id=fs_id, mount_target_domain=domain))


def test_create_describe_modify_delete(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    fs_id = create_standard(door)
    domain = create_mount_target(door, fs_id, vpc_id, vswitch_id)
    assert re.fullmatch(rf"{fs_id}-[a-z0-9]{{5}}\.cn-hangzhou\.nas\.aliyuncs\.com", domain)

    (target,) = mount_targets(door, fs_id)
    assert (target.mount_target_domain, target.status, target.network_type, target.vpc_id, target.vsw_id) == (
        domain, "Active", "Vpc", vpc_id, vswitch_id)
    assert target.access_group == "DEFAULT_VPC_GROUP_NAME"  # `AccessGroup` here ...
    (in_fs,) = client(door).describe_file_systems(nas.DescribeFileSystemsRequest(
        file_system_id=fs_id)).body.file_systems.file_system[0].mount_targets.mount_target
    assert (in_fs.mount_target_domain, in_fs.access_group_name) == (domain, "DEFAULT_VPC_GROUP_NAME")  # ... not here
    by_vpc = client(door).describe_file_systems(nas.DescribeFileSystemsRequest(vpc_id=vpc_id)).body
    assert [f.file_system_id for f in by_vpc.file_systems.file_system] == [fs_id]

    client(door).create_access_group(nas.CreateAccessGroupRequest(access_group_name="train-group",
                                                                  access_group_type="Vpc"))
    client(door).modify_mount_target(nas.ModifyMountTargetRequest(
        file_system_id=fs_id, mount_target_domain=domain, access_group_name="train-group", status="Inactive"))
    (target,) = mount_targets(door, fs_id, domain)
    assert (target.access_group, target.status) == ("train-group", "Inactive")

    delete_mount_target(door, fs_id, domain)
    assert mount_targets(door, fs_id) == []
    with api_error("InvalidMountTarget.NotFound", 404):
        mount_targets(door, fs_id, domain)
    with api_error("InvalidMountTarget.NotFound", 404):
        delete_mount_target(door, fs_id, domain)


def test_network_and_group_checks(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    other_vpc = create_vpc(door, "192.168.0.0/16")
    other_vswitch = create_vswitch(door, other_vpc, "192.168.1.0/24")
    fs_id = create_standard(door)

    with api_error("InvalidFileSystem.NotFound", 404):
        create_mount_target(door, "0000000000", vpc_id, vswitch_id)
    with api_error("InvalidVpcId.NotFound", 404):
        create_mount_target(door, fs_id, "vpc-missing", vswitch_id)
    with api_error("InvalidVSwitchId.NotFound", 404):
        create_mount_target(door, fs_id, vpc_id, "vsw-missing")
    with api_error("InvalidParameter", 400):
        create_mount_target(door, fs_id, vpc_id, other_vswitch)  # the vSwitch is in another VPC
    with api_error("InvalidAccessGroup.NotFound", 404):
        create_mount_target(door, fs_id, vpc_id, vswitch_id, access_group_name="no-such-group")
    with api_error("InvalidSecurityGroupId.NotFound", 404):
        create_mount_target(door, fs_id, vpc_id, vswitch_id, security_group_id="sg-missing")
    with api_error("InvalidParameter", 400):
        create_mount_target(door, fs_id, vpc_id, vswitch_id, network_type="Classic")
    with api_error("MissingParameter", 400):
        client(door).create_mount_target(nas.CreateMountTargetRequest(file_system_id=fs_id, vpc_id=vpc_id))

    create_mount_target(door, fs_id, vpc_id, vswitch_id)
    with api_error("InvalidMountTarget.AlreadyExisted", 403):
        create_mount_target(door, fs_id, vpc_id, vswitch_id)
    assert create_mount_target(door, fs_id, other_vpc, other_vswitch)  # a second network is fine
    assert len(mount_targets(door, fs_id)) == 2


def test_life_cycle_on_a_manual_clock(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    door.cloud.settings.latency = "manual"
    fs_id = create_standard(door)
    with api_error("OperationDenied.InvalidState", 403):  # the file system is still Pending
        create_mount_target(door, fs_id, vpc_id, vswitch_id)
    door.cloud.clock.advance(2)
    domain = create_mount_target(door, fs_id, vpc_id, vswitch_id)
    assert mount_targets(door, fs_id)[0].status == "Pending"
    with api_error("OperationDenied.InvalidState", 403):
        delete_mount_target(door, fs_id, domain)
    door.cloud.clock.advance(3)
    assert mount_targets(door, fs_id)[0].status == "Active"

    delete_mount_target(door, fs_id, domain)
    assert mount_targets(door, fs_id)[0].status == "Deleting"
    with api_error("OperationDenied.DependencyViolation", 403):  # still there while Deleting
        client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))
    door.cloud.clock.advance(2)
    assert mount_targets(door, fs_id) == []
    client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))


def test_mount_targets_block_deletes_elsewhere(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    group_id = create_security_group(door, vpc_id)
    fs_id = create_standard(door)
    domain = create_mount_target(door, fs_id, vpc_id, vswitch_id, security_group_id=group_id)

    with api_error("DependencyViolation", 400):
        door.vpc().delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    with api_error("DependencyViolation", 403):
        door.ecs().delete_security_group(ecs.DeleteSecurityGroupRequest(region_id=REGION,
                                                                        security_group_id=group_id))
    with api_error("OperationDenied.DependencyViolation", 403):
        client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))

    delete_mount_target(door, fs_id, domain)
    door.ecs().delete_security_group(ecs.DeleteSecurityGroupRequest(region_id=REGION, security_group_id=group_id))
    door.vpc().delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    door.vpc().delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))
    assert door.cloud.is_empty()
