"""Mount targets: made only on Running file systems, in an existing VPC and vSwitch (the VPC service's),
with an access group of the file system's kind; they block deleting their file system, access group,
vSwitch, VPC and security group until they are gone."""

from __future__ import annotations

from .. import rules
from ..exceptions import (
    InvalidMountTargetAlreadyExisted,
    InvalidMountTargetNotFound,
    InvalidSecurityGroupIdNotFound,
    InvalidState,
)
from .access import AccessGroupsMixin
from .file_systems import FileSystemsMixin
from .resources import MountTarget

MOUNT_TARGET_SUFFIX_LENGTH = 5


class MountTargetsMixin(FileSystemsMixin, AccessGroupsMixin):
    def get_mount_target(self, file_system_id: str, domain: str | None, *, visible: bool = False) -> MountTarget:
        self.get_file_system(file_system_id, visible=visible)
        found = self.get_visible("mount_targets", domain) if visible else self.get("mount_targets", domain)
        if found is None or found.file_system_id != file_system_id:
            raise InvalidMountTargetNotFound(domain=domain)
        return found

    def create_mount_target(
        self, *, file_system_id: str, vpc_id: str, vswitch_id: str, access_group_name: str | None,
        security_group_id: str | None, dry_run: bool,
    ) -> MountTarget | None:
        """The new mount target (Pending, then Active); None after a passed dry run."""
        file_system = self.get_file_system(file_system_id)
        if file_system.status != "Running":
            raise InvalidState(resource=f"file system {file_system.id}", current=file_system.status)
        self.check_network(vpc_id, vswitch_id)
        if security_group_id is not None:
            groups = self.peer("ecs")
            if groups is None or groups.get("security_groups", security_group_id) is None:
                raise InvalidSecurityGroupIdNotFound(group_id=security_group_id)
        group_name = ""
        if file_system.file_system_type in rules.ACCESS_GROUP_FILE_SYSTEM_TYPES:
            group_name = access_group_name or rules.DEFAULT_ACCESS_GROUP
            self.get_access_group(group_name, file_system.file_system_type)
        if any(m.vswitch_id == vswitch_id for m in self.mount_targets_of(file_system.id)):
            raise InvalidMountTargetAlreadyExisted(vswitch_id=vswitch_id)
        if dry_run:
            return None
        suffix = self.context.ids.token(MOUNT_TARGET_SUFFIX_LENGTH, prefix=f"{file_system.id}-")
        mount_target = MountTarget(
            id=f"{suffix}.{self.region}.nas.aliyuncs.com",
            file_system_id=file_system.id,
            file_system_type=file_system.file_system_type,
            vpc_id=vpc_id,
            vswitch_id=vswitch_id,
            access_group_name=group_name,
            security_group_id=security_group_id or "",
        )
        self.start(mount_target, rules.MOUNT_TARGET_CREATE)
        return self.add("mount_targets", mount_target)

    def describe_mount_targets(self, file_system_id: str, *, domain: str | None) -> list[MountTarget]:
        file_system = self.get_file_system(file_system_id, visible=True)
        if domain is not None:
            return [self.get_mount_target(file_system.id, domain, visible=True)]
        return [m for m in self.mount_targets_of(file_system.id) if self.is_visible(m)]

    def modify_mount_target(
        self, file_system_id: str, domain: str, *, access_group_name: str | None, status: str | None
    ) -> None:
        mount_target = self.get_mount_target(file_system_id, domain)
        if mount_target.status not in ("Active", "Inactive"):
            raise InvalidState(resource=f"mount target {domain}", current=mount_target.status)
        if access_group_name is not None and mount_target.access_group_name:
            self.get_access_group(access_group_name, mount_target.file_system_type)
            mount_target.access_group_name = access_group_name
        if status is not None:
            mount_target.status = status

    def delete_mount_target(self, file_system_id: str, domain: str) -> None:
        mount_target = self.get_mount_target(file_system_id, domain)
        if mount_target.status not in ("Active", "Inactive"):
            raise InvalidState(resource=f"mount target {domain}", current=mount_target.status)
        self.start(mount_target, rules.MOUNT_TARGET_DELETE)

    def dependents_of(self, resource_id: str) -> list[str]:
        """Mount targets (and CPFS file systems) in a VPC or vSwitch, or behind a security group."""
        found = [
            "MountTarget" for m in self.all("mount_targets")
            if resource_id in (m.vpc_id, m.vswitch_id, m.security_group_id)
        ]
        found += ["FileSystem" for f in self.all("file_systems") if resource_id in (f.vpc_id, f.vswitch_id)]
        return found
