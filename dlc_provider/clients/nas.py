"""NAS API (RPC 2017-06-26): file systems (general-purpose, extreme, CPFS), mount targets, access groups and rules.

One function per API call, in the style of `clients.vpc`: describe functions return the resource as the API
spells it (wire names) or None when it does not exist. NAS calls carry no RegionId (the endpoint names the
region). No Pulumi here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from alibabacloud_nas20170626 import models as m

from ..errors import NotFound
from .session import Session

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
PAGE_SIZE = 100

def _call(session: Session, action: str, fn: Any) -> Any:
    return session.call(SERVICE, action, fn)


def tags_of(item: Mapping[str, Any]) -> dict[str, str]:
    tags = (item.get("Tags") or {}).get("Tag") or []
    return {str(t.get("Key")): str(t.get("Value") or "") for t in tags}


def _pages(session: Session, action: str, list_key: str, item_key: str, call: Any) -> Iterator[dict[str, Any]]:
    page = 1
    while True:
        body = session.call(SERVICE, action, lambda c, p=page: call(c, p)).body.to_map()
        items = (body.get(list_key) or {}).get(item_key) or []
        yield from items
        if not items or page * PAGE_SIZE >= int(body.get("TotalCount") or 0):
            return
        page += 1


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
        tag=[m.CreateFileSystemRequestTag(key=k, value=v) for k, v in sorted(tags.items())] or None,
        client_token=client_token,
    )
    return str(_call(session, "CreateFileSystem", lambda c: c.create_file_system(request)).body.file_system_id)


def list_file_systems(
    session: Session, *, file_system_id: str | None = None, file_system_type: str = "all",
    tag: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    tag_filter = [m.DescribeFileSystemsRequestTag(key=tag[0], value=tag[1])] if tag else None

    def call(c: Any, page: int) -> Any:
        return c.describe_file_systems(m.DescribeFileSystemsRequest(
            file_system_id=file_system_id, file_system_type=file_system_type, tag=tag_filter,
            page_number=page, page_size=PAGE_SIZE,
        ))

    try:
        found = list(_pages(session, "DescribeFileSystems", "FileSystems", "FileSystem", call))
    except NotFound:
        return []
    return [f for f in found if tag is None or tags_of(f).get(tag[0]) == tag[1]]


def describe_file_system(session: Session, file_system_id: str) -> dict[str, Any] | None:
    found = [f for f in list_file_systems(session, file_system_id=file_system_id)
             if f.get("FileSystemId") == file_system_id]
    return found[0] if found else None


def modify_file_system(session: Session, file_system_id: str, *, description: str) -> None:
    request = m.ModifyFileSystemRequest(file_system_id=file_system_id, description=description)
    _call(session, "ModifyFileSystem", lambda c: c.modify_file_system(request))


def upgrade_file_system(session: Session, file_system_id: str, *, capacity: int, client_token: str) -> None:
    """Grow an extreme or CPFS file system (the API only grows)."""
    request = m.UpgradeFileSystemRequest(file_system_id=file_system_id, capacity=capacity, client_token=client_token)
    _call(session, "UpgradeFileSystem", lambda c: c.upgrade_file_system(request))


def delete_file_system(session: Session, file_system_id: str) -> None:
    request = m.DeleteFileSystemRequest(file_system_id=file_system_id)
    _call(session, "DeleteFileSystem", lambda c: c.delete_file_system(request))


# --- mount targets ---------------------------------------------------------------------------------------------


def create_mount_target(
    session: Session, *, file_system_id: str, vpc_id: str, vswitch_id: str, access_group_name: str | None,
    security_group_id: str | None,
) -> str:
    request = m.CreateMountTargetRequest(
        file_system_id=file_system_id, network_type="Vpc", vpc_id=vpc_id, v_switch_id=vswitch_id,
        access_group_name=access_group_name, security_group_id=security_group_id,
    )
    body = _call(session, "CreateMountTarget", lambda c: c.create_mount_target(request)).body
    return str(body.mount_target_domain)


def list_mount_targets(session: Session, file_system_id: str, *, domain: str | None = None) -> list[dict[str, Any]]:
    """Mount targets of a file system ([] when the file system or the named mount target is gone)."""

    def call(c: Any, page: int) -> Any:
        return c.describe_mount_targets(m.DescribeMountTargetsRequest(
            file_system_id=file_system_id, mount_target_domain=domain, page_number=page, page_size=PAGE_SIZE,
        ))

    try:
        return list(_pages(session, "DescribeMountTargets", "MountTargets", "MountTarget", call))
    except NotFound:
        return []


def describe_mount_target(session: Session, file_system_id: str, domain: str) -> dict[str, Any] | None:
    found = [t for t in list_mount_targets(session, file_system_id, domain=domain)
             if t.get("MountTargetDomain") == domain]
    return found[0] if found else None


def modify_mount_target(session: Session, file_system_id: str, domain: str, *, access_group_name: str) -> None:
    request = m.ModifyMountTargetRequest(file_system_id=file_system_id, mount_target_domain=domain,
                                         access_group_name=access_group_name)
    _call(session, "ModifyMountTarget", lambda c: c.modify_mount_target(request))


def delete_mount_target(session: Session, file_system_id: str, domain: str) -> None:
    request = m.DeleteMountTargetRequest(file_system_id=file_system_id, mount_target_domain=domain)
    _call(session, "DeleteMountTarget", lambda c: c.delete_mount_target(request))


# --- access groups and rules ------------------------------------------------------------------------------------


def create_access_group(session: Session, *, name: str, file_system_type: str, description: str | None) -> str:
    request = m.CreateAccessGroupRequest(access_group_name=name, access_group_type="Vpc",
                                         file_system_type=file_system_type, description=description)
    return str(_call(session, "CreateAccessGroup", lambda c: c.create_access_group(request)).body.access_group_name)


def describe_access_group(session: Session, name: str, file_system_type: str) -> dict[str, Any] | None:
    request = m.DescribeAccessGroupsRequest(access_group_name=name, file_system_type=file_system_type,
                                            page_size=PAGE_SIZE)
    try:
        body = _call(session, "DescribeAccessGroups", lambda c: c.describe_access_groups(request)).body.to_map()
    except NotFound:
        return None
    found = [g for g in (body.get("AccessGroups") or {}).get("AccessGroup") or [] if g.get("AccessGroupName") == name]
    return found[0] if found else None


def modify_access_group(session: Session, name: str, file_system_type: str, *, description: str) -> None:
    request = m.ModifyAccessGroupRequest(access_group_name=name, file_system_type=file_system_type,
                                         description=description)
    _call(session, "ModifyAccessGroup", lambda c: c.modify_access_group(request))


def delete_access_group(session: Session, name: str, file_system_type: str) -> None:
    request = m.DeleteAccessGroupRequest(access_group_name=name, file_system_type=file_system_type)
    _call(session, "DeleteAccessGroup", lambda c: c.delete_access_group(request))


def create_access_rule(
    session: Session, *, group: str, file_system_type: str, source_cidr_ip: str, rw_access: str, user_access: str,
    priority: int,
) -> str:
    request = m.CreateAccessRuleRequest(
        access_group_name=group, file_system_type=file_system_type, source_cidr_ip=source_cidr_ip,
        rwaccess_type=rw_access, user_access_type=user_access, priority=priority,
    )
    return str(_call(session, "CreateAccessRule", lambda c: c.create_access_rule(request)).body.access_rule_id)


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
        return list(_pages(session, "DescribeAccessRules", "AccessRules", "AccessRule", call))
    except NotFound:
        return []


def describe_access_rule(session: Session, group: str, file_system_type: str, rule_id: str) -> dict[str, Any] | None:
    found = [r for r in list_access_rules(session, group, file_system_type, rule_id=rule_id)
             if str(r.get("AccessRuleId")) == rule_id]
    return found[0] if found else None


def modify_access_rule(
    session: Session, *, group: str, file_system_type: str, rule_id: str, source_cidr_ip: str | None = None,
    rw_access: str | None = None, user_access: str | None = None, priority: int | None = None,
) -> None:
    request = m.ModifyAccessRuleRequest(
        access_group_name=group, file_system_type=file_system_type, access_rule_id=rule_id,
        source_cidr_ip=source_cidr_ip, rwaccess_type=rw_access, user_access_type=user_access, priority=priority,
    )
    _call(session, "ModifyAccessRule", lambda c: c.modify_access_rule(request))


def delete_access_rule(session: Session, *, group: str, file_system_type: str, rule_id: str) -> None:
    request = m.DeleteAccessRuleRequest(access_group_name=group, file_system_type=file_system_type,
                                        access_rule_id=rule_id)
    _call(session, "DeleteAccessRule", lambda c: c.delete_access_rule(request))


# --- tags ---------------------------------------------------------------------------------------------------------


def tag_resources(session: Session, *, file_system_id: str, tags: Mapping[str, str]) -> None:
    request = m.TagResourcesRequest(resource_type="filesystem", resource_id=[file_system_id],
                                    tag=[m.TagResourcesRequestTag(key=k, value=v) for k, v in sorted(tags.items())])
    _call(session, "TagResources", lambda c: c.tag_resources(request))


def untag_resources(session: Session, *, file_system_id: str, keys: list[str]) -> None:
    request = m.UntagResourcesRequest(resource_type="filesystem", resource_id=[file_system_id], tag_key=sorted(keys))
    _call(session, "UntagResources", lambda c: c.untag_resources(request))
