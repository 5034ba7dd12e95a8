"""NAS API (RPC 2017-06-26): file systems (general-purpose, extreme, CPFS), mount targets, access groups and rules.

One function per API call, in the style of `clients.vpc`: describe functions return the resource as the API
spells it (wire names) or None when it does not exist. NAS calls carry no RegionId (the endpoint names the
region). No Pulumi here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any


from ..errors import NotFound
from .common import find, has_tag, lazy_module, paginate, sdk_tags, tag_filter, tags_of
from .session import Session
from ..schedule import LifeCycle

if TYPE_CHECKING:
    from alibabacloud_nas20170626 import models as m
else:
    m = lazy_module("alibabacloud_nas20170626.models")

__all__ = [
    "create_access_group",
    "create_access_rule",
    "create_file_system",
    "create_mount_target",
    "delete_access_group",
    "delete_access_rule",
    "delete_file_system",
    "delete_mount_target",
    "describe_access_group",
    "describe_access_rule",
    "describe_file_system",
    "describe_mount_target",
    "list_access_rules",
    "list_file_systems",
    "list_mount_targets",
    "modify_access_group",
    "modify_access_rule",
    "modify_file_system",
    "modify_mount_target",
    "tags_of",
    "tag_resources",
    "untag_resources",
    "upgrade_file_system",
]

SERVICE = "nas"

#: Typical seconds per transient status (the fake cloud's realistic profile uses the same durations; an
#: extreme NAS file system takes about 10 s to run). Waits poll around these moments (dlc_provider.schedule).
LIFE_CYCLE = {
    "NAS file system": LifeCycle(create={"Pending": 2.0}, update={"Extending": 5.0}, delete={"Deleting": 2.0}),
    "CPFS file system": LifeCycle(create={"Pending": 30.0}, update={"Extending": 5.0}, delete={"Deleting": 2.0}),
    "NAS mount target": LifeCycle(create={"Pending": 3.0}, delete={"Deleting": 2.0}),
}
PAGE_SIZE = 100


# --- file systems ------------------------------------------------------------------------------------------


def create_file_system(
    session: Session, *, file_system_type: str, protocol_type: str, storage_type: str, zone_id: str | None,
    capacity: int | None, bandwidth: int | None, encrypt_type: int | None, kms_key_id: str | None,
    description: str | None, vpc_id: str | None, vswitch_id: str | None, resource_group_id: str | None,
    tags: Mapping[str, str], client_token: str,
) -> str:
    request = m.CreateFileSystemRequest(
        file_system_type=file_system_type, protocol_type=protocol_type, storage_type=storage_type, zone_id=zone_id,
        capacity=capacity, bandwidth=bandwidth, charge_type="PayAsYouGo", encrypt_type=encrypt_type,
        kms_key_id=kms_key_id, description=description, vpc_id=vpc_id, v_switch_id=vswitch_id,
        resource_group_id=resource_group_id,
        tag=sdk_tags(m.CreateFileSystemRequestTag, tags),
        client_token=client_token,
    )
    return str(session.call(SERVICE, "CreateFileSystem", lambda c: c.create_file_system(request)).body.file_system_id)


def list_file_systems(
    session: Session, *, file_system_id: str | None = None, file_system_type: str = "all",
    tag: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    tags = tag_filter(m.DescribeFileSystemsRequestTag, tag)

    def call(c: Any, page: int) -> Any:
        return c.describe_file_systems(m.DescribeFileSystemsRequest(
            file_system_id=file_system_id, file_system_type=file_system_type, tag=tags,
            page_number=page, page_size=PAGE_SIZE,
        ))

    try:
        found = paginate(session, SERVICE, "DescribeFileSystems", call, "FileSystems.FileSystem")
    except NotFound:
        return []
    return [f for f in found if has_tag(f, tag)]


def describe_file_system(session: Session, file_system_id: str) -> dict[str, Any] | None:
    return find(list_file_systems(session, file_system_id=file_system_id), "FileSystemId", file_system_id)


def modify_file_system(session: Session, file_system_id: str, *, description: str) -> None:
    request = m.ModifyFileSystemRequest(file_system_id=file_system_id, description=description)
    session.call(SERVICE, "ModifyFileSystem", lambda c: c.modify_file_system(request))


def upgrade_file_system(session: Session, file_system_id: str, *, capacity: int, client_token: str) -> None:
    """Grow an extreme or CPFS file system (the API only grows)."""
    request = m.UpgradeFileSystemRequest(file_system_id=file_system_id, capacity=capacity, client_token=client_token)
    session.call(SERVICE, "UpgradeFileSystem", lambda c: c.upgrade_file_system(request))


def delete_file_system(session: Session, file_system_id: str) -> None:
    request = m.DeleteFileSystemRequest(file_system_id=file_system_id)
    session.call(SERVICE, "DeleteFileSystem", lambda c: c.delete_file_system(request))


# --- mount targets ---------------------------------------------------------------------------------------------


def create_mount_target(
    session: Session, *, file_system_id: str, vpc_id: str, vswitch_id: str, access_group_name: str | None,
    security_group_id: str | None,
) -> str:
    request = m.CreateMountTargetRequest(
        file_system_id=file_system_id, network_type="Vpc", vpc_id=vpc_id, v_switch_id=vswitch_id,
        access_group_name=access_group_name, security_group_id=security_group_id,
    )
    body = session.call(SERVICE, "CreateMountTarget", lambda c: c.create_mount_target(request)).body
    return str(body.mount_target_domain)


def list_mount_targets(session: Session, file_system_id: str, *, domain: str | None = None) -> list[dict[str, Any]]:
    """Mount targets of a file system ([] when the file system or the named mount target is gone)."""

    def call(c: Any, page: int) -> Any:
        return c.describe_mount_targets(m.DescribeMountTargetsRequest(
            file_system_id=file_system_id, mount_target_domain=domain, page_number=page, page_size=PAGE_SIZE,
        ))

    try:
        return paginate(session, SERVICE, "DescribeMountTargets", call, "MountTargets.MountTarget")
    except NotFound:
        return []


def describe_mount_target(session: Session, file_system_id: str, domain: str) -> dict[str, Any] | None:
    return find(list_mount_targets(session, file_system_id, domain=domain), "MountTargetDomain", domain)


def modify_mount_target(session: Session, file_system_id: str, domain: str, *, access_group_name: str) -> None:
    request = m.ModifyMountTargetRequest(file_system_id=file_system_id, mount_target_domain=domain,
                                         access_group_name=access_group_name)
    session.call(SERVICE, "ModifyMountTarget", lambda c: c.modify_mount_target(request))


def delete_mount_target(session: Session, file_system_id: str, domain: str) -> None:
    request = m.DeleteMountTargetRequest(file_system_id=file_system_id, mount_target_domain=domain)
    session.call(SERVICE, "DeleteMountTarget", lambda c: c.delete_mount_target(request))


# --- access groups and rules ------------------------------------------------------------------------------------


def create_access_group(session: Session, *, name: str, file_system_type: str, description: str | None) -> str:
    request = m.CreateAccessGroupRequest(access_group_name=name, access_group_type="Vpc",
                                         file_system_type=file_system_type, description=description)
    return str(session.call(SERVICE, "CreateAccessGroup", lambda c: c.create_access_group(request)).body.access_group_name)


def describe_access_group(session: Session, name: str, file_system_type: str) -> dict[str, Any] | None:
    request = m.DescribeAccessGroupsRequest(access_group_name=name, file_system_type=file_system_type,
                                            page_size=PAGE_SIZE)
    try:
        body = session.call(SERVICE, "DescribeAccessGroups", lambda c: c.describe_access_groups(request)).body.to_map()
    except NotFound:
        return None
    return find((body.get("AccessGroups") or {}).get("AccessGroup") or [], "AccessGroupName", name)


def modify_access_group(session: Session, name: str, file_system_type: str, *, description: str) -> None:
    request = m.ModifyAccessGroupRequest(access_group_name=name, file_system_type=file_system_type,
                                         description=description)
    session.call(SERVICE, "ModifyAccessGroup", lambda c: c.modify_access_group(request))


def delete_access_group(session: Session, name: str, file_system_type: str) -> None:
    request = m.DeleteAccessGroupRequest(access_group_name=name, file_system_type=file_system_type)
    session.call(SERVICE, "DeleteAccessGroup", lambda c: c.delete_access_group(request))


def create_access_rule(
    session: Session, *, group: str, file_system_type: str, source_cidr_ip: str, rw_access: str, user_access: str,
    priority: int,
) -> str:
    request = m.CreateAccessRuleRequest(
        access_group_name=group, file_system_type=file_system_type, source_cidr_ip=source_cidr_ip,
        rwaccess_type=rw_access, user_access_type=user_access, priority=priority,
    )
    return str(session.call(SERVICE, "CreateAccessRule", lambda c: c.create_access_rule(request)).body.access_rule_id)


def list_access_rules(
    session: Session, group: str, file_system_type: str, *, rule_id: str | None = None
) -> list[dict[str, Any]]:
    """Rules of an access group ([] when the group is gone)."""

    def call(c: Any, page: int) -> Any:
        return c.describe_access_rules(m.DescribeAccessRulesRequest(
            access_group_name=group, file_system_type=file_system_type, access_rule_id=rule_id,
            page_number=page, page_size=PAGE_SIZE,
        ))

    try:
        return paginate(session, SERVICE, "DescribeAccessRules", call, "AccessRules.AccessRule")
    except NotFound:
        return []


def describe_access_rule(session: Session, group: str, file_system_type: str, rule_id: str) -> dict[str, Any] | None:
    return find(list_access_rules(session, group, file_system_type, rule_id=rule_id), "AccessRuleId", rule_id)


def modify_access_rule(
    session: Session, *, group: str, file_system_type: str, rule_id: str, source_cidr_ip: str | None = None,
    rw_access: str | None = None, user_access: str | None = None, priority: int | None = None,
) -> None:
    request = m.ModifyAccessRuleRequest(
        access_group_name=group, file_system_type=file_system_type, access_rule_id=rule_id,
        source_cidr_ip=source_cidr_ip, rwaccess_type=rw_access, user_access_type=user_access, priority=priority,
    )
    session.call(SERVICE, "ModifyAccessRule", lambda c: c.modify_access_rule(request))


def delete_access_rule(session: Session, *, group: str, file_system_type: str, rule_id: str) -> None:
    request = m.DeleteAccessRuleRequest(access_group_name=group, file_system_type=file_system_type,
                                        access_rule_id=rule_id)
    session.call(SERVICE, "DeleteAccessRule", lambda c: c.delete_access_rule(request))


# --- tags ---------------------------------------------------------------------------------------------------------


def tag_resources(session: Session, *, file_system_id: str, tags: Mapping[str, str]) -> None:
    request = m.TagResourcesRequest(resource_type="filesystem", resource_id=[file_system_id],
                                    tag=sdk_tags(m.TagResourcesRequestTag, tags))
    session.call(SERVICE, "TagResources", lambda c: c.tag_resources(request))


def untag_resources(session: Session, *, file_system_id: str, keys: list[str]) -> None:
    request = m.UntagResourcesRequest(resource_type="filesystem", resource_id=[file_system_id], tag_key=sorted(keys))
    session.call(SERVICE, "UntagResources", lambda c: c.untag_resources(request))
