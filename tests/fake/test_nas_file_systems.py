"""NAS file systems through the official NAS client: create, describe, modify, delete, life cycle, ClientToken."""

from __future__ import annotations

import re

import pytest
from alibabacloud_nas20170626 import models as nas
from alibabacloud_nas20170626.client import Client as NasClient

from dlc_provider.fake import mock_cloud
from dlc_provider.fake.testing import sdk_config

from .doors import Door, api_error


def client(door: Door) -> NasClient:
    return NasClient(door.config())


def create_standard(door: Door, **kwargs: object) -> str:
    fields = {"protocol_type": "NFS", "storage_type": "Performance", **kwargs}
    return client(door).create_file_system(nas.CreateFileSystemRequest(**fields)).body.file_system_id


def describe(door: Door, **kwargs: object) -> nas.DescribeFileSystemsResponseBody:
    return client(door).describe_file_systems(nas.DescribeFileSystemsRequest(**kwargs)).body


def test_create_describe_modify_delete(door: Door) -> None:
    fs_id = create_standard(door, description="training data", tag=[
        nas.CreateFileSystemRequestTag(key="team", value="ml")])
    assert re.fullmatch(r"[0-9a-f]{10}", fs_id)

    listed = describe(door, file_system_id=fs_id)
    assert (listed.total_count, listed.page_number, listed.page_size) == (1, 1, 10)
    (found,) = listed.file_systems.file_system
    assert (found.file_system_type, found.protocol_type, found.storage_type, found.status) == (
        "standard", "NFS", "Performance", "Running")
    assert (found.region_id, found.description, found.charge_type, found.encrypt_type) == (
        "cn-hangzhou", "training data", "PayAsYouGo", 0)
    assert found.zone_id.startswith("cn-hangzhou-")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", found.create_time)
    assert found.mount_targets.mount_target == []
    assert [(t.key, t.value) for t in found.tags.tag] == [("team", "ml")]

    client(door).modify_file_system(nas.ModifyFileSystemRequest(
        file_system_id=fs_id, description="renamed", options=nas.ModifyFileSystemRequestOptions(enable_oplock=True)))
    assert door.cloud.calls("nas", "ModifyFileSystem")[0].params["Options"] == '{"EnableOplock":true}'
    assert describe(door, file_system_id=fs_id).file_systems.file_system[0].description == "renamed"

    client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))
    assert describe(door, file_system_id=fs_id).total_count == 0
    with api_error("InvalidFileSystem.NotFound", 404):
        client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))


def test_extreme_file_system_and_filters(door: Door) -> None:
    standard = create_standard(door)
    extreme = create_standard(door, file_system_type="extreme", storage_type="standard", zone_id="cn-hangzhou-i",
                              capacity=100)
    assert extreme.startswith("extreme-")
    (found,) = describe(door, file_system_id=extreme).file_systems.file_system
    assert (found.file_system_type, found.capacity, found.zone_id) == ("extreme", 100, "cn-hangzhou-i")

    assert [f.file_system_id for f in describe(door, file_system_type="standard").file_systems.file_system] == [
        standard]
    assert describe(door, file_system_type="all").total_count == 2
    assert describe(door, file_system_type="standard,extreme").total_count == 2
    second_page = describe(door, page_size=1, page_number=2)
    assert (second_page.total_count, len(second_page.file_systems.file_system)) == (2, 1)
    tagged = describe(door, tag=[nas.DescribeFileSystemsRequestTag(key="team", value="ml")])
    assert tagged.total_count == 0


@pytest.mark.parametrize(
    ("fields", "code", "status"),
    [
        ({"protocol_type": None}, "MissingParameter", 400),
        ({"storage_type": "advance"}, "InvalidParameter", 400),  # an extreme storage type on a standard FS
        ({"protocol_type": "cpfs"}, "InvalidParameter", 400),
        ({"file_system_type": "extreme", "storage_type": "standard", "capacity": 100}, "MissingParameter", 400),
        ({"file_system_type": "extreme", "storage_type": "standard", "zone_id": "cn-hangzhou-i"},
         "MissingParameter", 400),
        ({"zone_id": "cn-shanghai-a"}, "InvalidZoneId.NotFound", 400),
        ({"description": "1st"}, "InvalidParameter", 400),
        ({"encrypt_type": 2}, "MissingParameter", 400),  # a custom key needs KmsKeyId
        ({"file_system_type": "cpfsse", "protocol_type": "cpfs", "storage_type": "advance_100"},
         "NotImplemented", 501),
    ],
)
def test_create_rules(door: Door, fields: dict[str, object], code: str, status: int) -> None:
    with api_error(code, status):
        create_standard(door, **fields)
    assert "nas" not in door.cloud.dump() or "file_systems" not in door.cloud.dump()["nas"]


def test_dry_run_creates_nothing(door: Door) -> None:
    assert create_standard(door, dry_run=True) == ""
    assert describe(door).total_count == 0


def test_client_token_replays_the_first_result(door: Door) -> None:
    first = create_standard(door, client_token="fs-token")
    assert create_standard(door, client_token="fs-token") == first
    assert describe(door).total_count == 1
    with api_error("IdempotentParameterMismatch", 400):
        create_standard(door, client_token="fs-token", storage_type="Capacity")


def test_life_cycle_on_a_manual_clock(door: Door) -> None:
    door.cloud.settings.latency = "manual"
    fs_id = create_standard(door)
    assert describe(door, file_system_id=fs_id).file_systems.file_system[0].status == "Pending"
    with api_error("OperationDenied.InvalidState", 403):
        client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))
    door.cloud.clock.advance(2)
    assert describe(door, file_system_id=fs_id).file_systems.file_system[0].status == "Running"
    client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))
    assert describe(door, file_system_id=fs_id).file_systems.file_system[0].status == "Deleting"
    door.cloud.clock.advance(2)
    assert describe(door, file_system_id=fs_id).total_count == 0


def test_the_region_comes_from_the_endpoint_host() -> None:
    # Only the mock door has regional host names; NAS requests carry no RegionId.
    with mock_cloud() as cloud:
        shanghai = NasClient(sdk_config(region="cn-shanghai"))
        fs_id = shanghai.create_file_system(nas.CreateFileSystemRequest(
            protocol_type="NFS", storage_type="Capacity")).body.file_system_id
        (found,) = shanghai.describe_file_systems(nas.DescribeFileSystemsRequest()).body.file_systems.file_system
        assert (found.file_system_id, found.region_id) == (fs_id, "cn-shanghai")
        hangzhou = NasClient(sdk_config(region="cn-hangzhou"))
        assert hangzhou.describe_file_systems(nas.DescribeFileSystemsRequest()).body.total_count == 0
        assert cloud.calls("nas", "CreateFileSystem")[0].region == "cn-shanghai"
