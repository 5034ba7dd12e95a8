"""NAS UpgradeFileSystem through the official NAS client: growing extreme file systems, and its errors."""

from __future__ import annotations

from alibabacloud_nas20170626 import models as nas
from alibabacloud_nas20170626.client import Client as NasClient

from .doors import Door, api_error


def _client(door: Door) -> NasClient:
    return NasClient(door.config())


def _extreme(door: Door, capacity: int = 100) -> str:
    request = nas.CreateFileSystemRequest(
        protocol_type="NFS", storage_type="standard", file_system_type="extreme", zone_id="cn-hangzhou-h",
        capacity=capacity,
    )
    return _client(door).create_file_system(request).body.file_system_id


def _describe(door: Door, fs_id: str) -> nas.DescribeFileSystemsResponseBodyFileSystemsFileSystem:
    body = _client(door).describe_file_systems(nas.DescribeFileSystemsRequest(file_system_id=fs_id)).body
    (found,) = body.file_systems.file_system
    return found


def test_an_extreme_file_system_grows_through_extending(door: Door) -> None:
    door.cloud.settings.latency = "manual"
    fs_id = _extreme(door)
    door.cloud.clock.advance(10)
    assert _describe(door, fs_id).status == "Running"

    _client(door).upgrade_file_system(nas.UpgradeFileSystemRequest(file_system_id=fs_id, capacity=200))

    grown = _describe(door, fs_id)
    assert (grown.status, grown.capacity) == ("Extending", 200)
    with api_error("OperationDenied.InvalidState", 403):  # one change at a time
        _client(door).upgrade_file_system(nas.UpgradeFileSystemRequest(file_system_id=fs_id, capacity=300))
    door.cloud.clock.advance(5)
    assert _describe(door, fs_id).status == "Running"


def test_upgrade_refuses_shrinking_standard_missing_and_unknown(door: Door) -> None:
    fs_id = _extreme(door, capacity=200)
    with api_error("InvalidParameter", 400):
        _client(door).upgrade_file_system(nas.UpgradeFileSystemRequest(file_system_id=fs_id, capacity=100))
    with api_error("MissingParameter", 400):
        _client(door).upgrade_file_system(nas.UpgradeFileSystemRequest(file_system_id=fs_id))
    standard = _client(door).create_file_system(
        nas.CreateFileSystemRequest(protocol_type="NFS", storage_type="Performance")).body.file_system_id
    with api_error("InvalidParameter", 400):
        _client(door).upgrade_file_system(nas.UpgradeFileSystemRequest(file_system_id=standard, capacity=500))
    with api_error("InvalidFileSystem.NotFound", 404):
        _client(door).upgrade_file_system(nas.UpgradeFileSystemRequest(file_system_id="extreme-0000000000", capacity=500))
    with api_error("DryRunOperation", 400):
        _client(door).upgrade_file_system(
            nas.UpgradeFileSystemRequest(file_system_id=fs_id, capacity=300, dry_run=True))
    assert _describe(door, fs_id).capacity == 200
