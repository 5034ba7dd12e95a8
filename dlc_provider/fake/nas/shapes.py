"""Reply shapes of the NAS API as the SDK's models parse them (double-wrapped lists; the mount target's group
is `AccessGroupName` inside DescribeFileSystems but `AccessGroup` in DescribeMountTargets; access rules
answer with `RWAccess` / `UserAccess` where the requests say `RWAccessType` / `UserAccessType`)."""

from __future__ import annotations

from typing import Any

from ..core.tagging import tag_set
from .models import AccessGroup, AccessRule, FileSystem, MountTarget, NasBackend


def _mount_target_common(item: MountTarget) -> dict[str, Any]:
    return {
        "MountTargetDomain": item.id,
        "DualStackMountTargetDomain": "",
        "NetworkType": item.network_type,
        "Status": item.status,
        "VpcId": item.vpc_id,
        "VswId": item.vswitch_id,
        "Tags": {"Tag": []},
        "ClientMasterNodes": {"ClientMasterNode": []},
    }


def mount_target_in_file_system(item: MountTarget) -> dict[str, Any]:
    return {**_mount_target_common(item), "AccessGroupName": item.access_group_name}


def mount_target(item: MountTarget) -> dict[str, Any]:
    return {**_mount_target_common(item), "AccessGroup": item.access_group_name, "IPVersion": "IPV4",
            "AccessPointAccessOnly": False}


def file_system(backend: NasBackend, item: FileSystem) -> dict[str, Any]:
    mount_targets = [m for m in backend.mount_targets_of(item.id) if backend.is_visible(m)]
    return {
        "FileSystemId": item.id,
        "FileSystemType": item.file_system_type,
        "ProtocolType": item.protocol_type,
        "StorageType": item.storage_type,
        "Status": item.status,
        "Capacity": item.capacity,
        "Bandwidth": item.bandwidth,
        "MeteredSize": 0,
        "MeteredIASize": 0,
        "MeteredArchiveSize": 0,
        "ZoneId": item.zone_id,
        "RegionId": backend.region,
        "VpcId": item.vpc_id,
        "VswIds": {"VswId": [item.vswitch_id] if item.vswitch_id else []},
        "Description": item.description,
        "CreateTime": backend.timestamp(item.created_at),
        "ExpiredTime": "",
        "ChargeType": item.charge_type,
        "EncryptType": item.encrypt_type,
        "KMSKeyId": item.kms_key_id,
        "ResourceGroupId": item.resource_group_id,
        "AccessPointCount": "0",
        "Version": "",
        "MountTargets": {"MountTarget": [mount_target_in_file_system(m) for m in mount_targets]},
        "Packages": {"Package": []},
        "SupportedFeatures": {"SupportedFeature": []},
        "Tags": tag_set(item.tags),
    }


def access_group(backend: NasBackend, item: AccessGroup) -> dict[str, Any]:
    return {
        "AccessGroupName": item.name,
        "AccessGroupType": item.group_type,
        "Description": item.description,
        "RuleCount": len(item.rules),
        "MountTargetCount": len(backend.mount_targets_using(item)),
        "FileSystemType": item.file_system_type,
        "CreateTime": backend.timestamp(item.created_at),
        "RegionId": backend.region,
    }


def access_rule(backend: NasBackend, group: AccessGroup, item: AccessRule) -> dict[str, Any]:
    return {
        "AccessRuleId": item.id,
        "SourceCidrIp": item.source_cidr_ip,
        "Ipv6SourceCidrIp": "",
        "RWAccess": item.rw_access,
        "UserAccess": item.user_access,
        "Priority": item.priority,
        "AccessGroupName": group.name,
        "FileSystemType": group.file_system_type,
        "RegionId": backend.region,
    }
