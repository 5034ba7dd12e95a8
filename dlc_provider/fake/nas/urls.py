"""Routing of the fake NAS: API version 2017-06-26, RPC actions; ClientToken for CreateFileSystem and UpgradeFileSystem."""

from ..core.registry import RpcService
from .models import NasBackend
from .responses import NasResponses

SERVICE = RpcService(
    name="nas",
    version="2017-06-26",
    backend=NasBackend,
    responses=NasResponses,
    actions={
        "CreateFileSystem": "create_file_system",
        "DescribeFileSystems": "describe_file_systems",
        "ModifyFileSystem": "modify_file_system",
        "DeleteFileSystem": "delete_file_system",
        "UpgradeFileSystem": "upgrade_file_system",
        "CreateMountTarget": "create_mount_target",
        "DescribeMountTargets": "describe_mount_targets",
        "ModifyMountTarget": "modify_mount_target",
        "DeleteMountTarget": "delete_mount_target",
        "CreateAccessGroup": "create_access_group",
        "DescribeAccessGroups": "describe_access_groups",
        "ModifyAccessGroup": "modify_access_group",
        "DeleteAccessGroup": "delete_access_group",
        "CreateAccessRule": "create_access_rule",
        "DescribeAccessRules": "describe_access_rules",
        "ModifyAccessRule": "modify_access_rule",
        "DeleteAccessRule": "delete_access_rule",
        "TagResources": "tag_resources",
        "UntagResources": "untag_resources",
        "ListTagResources": "list_tag_resources",
    },
    idempotent_actions=frozenset({"CreateFileSystem", "UpgradeFileSystem"}),
)
