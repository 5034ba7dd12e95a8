"""NAS access groups through the official client: the built-in default group, names, kinds, counts, deletes."""

from __future__ import annotations

import pytest
from alibabacloud_nas20170626 import models as nas
from alibabacloud_nas20170626.client import Client as NasClient

from .builders import create_vpc, create_vswitch
from .doors import Door, api_error

DEFAULT = "DEFAULT_VPC_GROUP_NAME"


def client(door: Door) -> NasClient:
    return NasClient(door.config())


def create_group(door: Door, name: str, **kwargs: object) -> str:
    request = nas.CreateAccessGroupRequest(access_group_name=name, access_group_type="Vpc", **kwargs)
    return client(door).create_access_group(request).body.access_group_name


def groups(door: Door, **kwargs: object) -> nas.DescribeAccessGroupsResponseBody:
    return client(door).describe_access_groups(nas.DescribeAccessGroupsRequest(**kwargs)).body


def test_default_group_is_always_there(door: Door) -> None:
    for kind in ("standard", "extreme"):
        (group,) = groups(door, file_system_type=kind).access_groups.access_group
        assert (group.access_group_name, group.access_group_type, group.file_system_type) == (DEFAULT, "Vpc", kind)
        assert (group.rule_count, group.mount_target_count, group.region_id) == (1, 0, "cn-hangzhou")
    with api_error("OperationDenied.DefaultAccessGroup", 403):
        client(door).delete_access_group(nas.DeleteAccessGroupRequest(access_group_name=DEFAULT))
    with api_error("OperationDenied.DefaultAccessGroup", 403):
        client(door).modify_access_group(nas.ModifyAccessGroupRequest(access_group_name=DEFAULT,
                                                                      description="mine"))
    with api_error("InvalidAccessGroup.AlreadyExisted", 403):
        create_group(door, DEFAULT)
    assert door.cloud.is_empty()  # built in: not a user resource


def test_create_describe_modify_delete(door: Door) -> None:
    assert create_group(door, "train-group", description="workers") == "train-group"
    (group,) = groups(door, access_group_name="train-group").access_groups.access_group
    assert (group.description, group.rule_count, group.mount_target_count, group.file_system_type) == (
        "workers", 0, 0, "standard")
    assert group.create_time.endswith("Z")
    listed = groups(door)
    assert [g.access_group_name for g in listed.access_groups.access_group] == [DEFAULT, "train-group"]
    assert listed.total_count == 2

    client(door).modify_access_group(nas.ModifyAccessGroupRequest(access_group_name="train-group",
                                                                  description="renamed"))
    assert groups(door, access_group_name="train-group").access_groups.access_group[0].description == "renamed"

    client(door).delete_access_group(nas.DeleteAccessGroupRequest(access_group_name="train-group"))
    with api_error("InvalidAccessGroup.NotFound", 404):
        groups(door, access_group_name="train-group")
    with api_error("InvalidAccessGroup.NotFound", 404):
        client(door).delete_access_group(nas.DeleteAccessGroupRequest(access_group_name="train-group"))


def test_kinds_are_separate_name_spaces(door: Door) -> None:
    create_group(door, "shared-name")
    create_group(door, "shared-name", file_system_type="extreme")
    with api_error("InvalidAccessGroup.AlreadyExisted", 403):
        create_group(door, "shared-name")
    assert groups(door, file_system_type="extreme").total_count == 2
    client(door).delete_access_group(nas.DeleteAccessGroupRequest(access_group_name="shared-name",
                                                                  file_system_type="extreme"))
    assert groups(door, access_group_name="shared-name").total_count == 1
    with api_error("InvalidParameter", 400):
        groups(door, file_system_type="cpfs")  # CPFS has no access groups


@pytest.mark.parametrize(
    ("name", "fields", "code"),
    [
        ("ab", {}, "InvalidParameter"),  # too short
        ("1group", {}, "InvalidParameter"),  # starts with a digit
        ("group.name", {}, "InvalidParameter"),
        ("x" * 65, {}, "InvalidParameter"),
        ("good-name", {"description": "-bad"}, "InvalidParameter"),
        ("good-name", {"access_group_type": "Classic"}, "InvalidParameter"),
    ],
)
def test_name_and_type_rules(door: Door, name: str, fields: dict[str, object], code: str) -> None:
    request = nas.CreateAccessGroupRequest(access_group_name=name, **{"access_group_type": "Vpc", **fields})
    with api_error(code, 400):
        client(door).create_access_group(request)


def test_a_group_in_use_cannot_be_deleted(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    create_group(door, "in-use")
    fs_id = client(door).create_file_system(nas.CreateFileSystemRequest(
        protocol_type="NFS", storage_type="Capacity")).body.file_system_id
    domain = client(door).create_mount_target(nas.CreateMountTargetRequest(
        file_system_id=fs_id, network_type="Vpc", vpc_id=vpc_id, v_switch_id=vswitch_id,
        access_group_name="in-use")).body.mount_target_domain
    assert groups(door, access_group_name="in-use").access_groups.access_group[0].mount_target_count == 1

    with api_error("OperationDenied.DependencyViolation", 403):
        client(door).delete_access_group(nas.DeleteAccessGroupRequest(access_group_name="in-use"))
    client(door).delete_mount_target(nas.DeleteMountTargetRequest(file_system_id=fs_id, mount_target_domain=domain))
    client(door).delete_access_group(nas.DeleteAccessGroupRequest(access_group_name="in-use"))
