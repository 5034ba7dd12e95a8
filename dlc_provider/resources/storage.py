"""NAS storage: `NasFileSystem`, `CpfsFileSystem`, `NasMountTarget` (and, re-exported from `nas_access`,
`NasAccessGroup` and `NasAccessRule`).

Replace vs update in place comes from the specs (`dlc_provider.specs.storage`), the single source for `diff`.

Idempotent creates (see `tokens`):
* file systems: `ClientToken` on CreateFileSystem plus the provider's token tag (found again by tag);
* access groups: the API has no token and no tags, so the provider writes a creation marker (`#<token>`) at
  the end of the group's description (hidden from the `description` output); a group with the same name
  is taken over only when it carries this resource's marker, else create fails naming `adopt_id`;
* access rules and mount targets: no token, tag or free text. The API allows one rule per source per group
  and one mount target per vSwitch per file system, so the create could never make a second one: an
  existing rule/mount target is taken over only when it matches every input; otherwise create fails with a
  message naming it and `adopt_id`.

Delete ordering: a mount target takes `file_system_id` (and `access_group_name`) as inputs, so the engine
deletes it before its file system and group; a file system or group delete that still meets mount targets
(`OperationDenied.DependencyViolation`) is retried until its time limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pulumi.dynamic import DiffResult

from ..clients import nas as api
from ..clients.session import Session
from ..errors import DlcError, InvalidInput
from ..specs.common import TOKEN_TAG
from ..specs.storage import CpfsFileSystemSpec, NasFileSystemSpec, NasMountTargetSpec
from .generated.nas_file_system import NasFileSystemArgs, NasFileSystemArgsDict, NasFileSystemResource
from .generated.cpfs_file_system import CpfsFileSystemArgs, CpfsFileSystemArgsDict, CpfsFileSystemResource
from .generated.nas_mount_target import NasMountTargetArgs, NasMountTargetArgsDict, NasMountTargetResource
from .nas_access import (
    NasAccessGroup,
    NasAccessGroupArgs,
    NasAccessGroupArgsDict,
    NasAccessGroupProvider,
    NasAccessRule,
    NasAccessRuleArgs,
    NasAccessRuleArgsDict,
    NasAccessRuleProvider,
    _already_exists,
)
from .provider import CloudProvider, tag_changes, user_tags

__all__ = [
    "CpfsFileSystem",
    "CpfsFileSystemArgs",
    "CpfsFileSystemArgsDict",
    "CpfsFileSystemProvider",
    "NasAccessGroup",
    "NasAccessGroupArgs",
    "NasAccessGroupArgsDict",
    "NasAccessGroupProvider",
    "NasAccessRule",
    "NasAccessRuleArgs",
    "NasAccessRuleArgsDict",
    "NasAccessRuleProvider",
    "NasFileSystem",
    "NasFileSystemArgs",
    "NasFileSystemArgsDict",
    "NasFileSystemProvider",
    "NasMountTarget",
    "NasMountTargetArgs",
    "NasMountTargetArgsDict",
    "NasMountTargetProvider",
]

# --- file systems -------------------------------------------------------------------------------------------------


class _FileSystemProvider(CloudProvider):
    READY: ClassVar[frozenset[str]] = frozenset({"Running"})
    FAILED: ClassVar[frozenset[str]] = frozenset({"Stopped"})
    GOING: ClassVar[frozenset[str]] = frozenset({"Deleting"})
    FILE_SYSTEM_TYPE: ClassVar[str] = ""

    def find_existing(self, session: Session, spec: Any, token: str) -> str | None:
        found = [f for f in api.list_file_systems(session, tag=(TOKEN_TAG, token)) if f.get("Status") not in self.GOING]
        return str(found[0]["FileSystemId"]) if found else None

    def _observe_common(self, item: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "zone_id": item.get("ZoneId"),
            "capacity": item.get("Capacity"),
            "encrypt_type": item.get("EncryptType"),
            "kms_key_id": item.get("KMSKeyId") or None,
            "description": item.get("Description") or "",
            "resource_group_id": item.get("ResourceGroupId"),
            "tags": user_tags(api.tags_of(item)),
            "status": item.get("Status"),
            "file_system_id": item.get("FileSystemId"),
            "metered_size": item.get("MeteredSize"),
            "create_time": item.get("CreateTime"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: Any, changed: list[str]
    ) -> None:
        if "capacity" in changed:
            old = olds.get("capacity")
            if old is not None and spec.capacity < int(old):
                raise DlcError(
                    f"{self.KIND} {resource_id}: capacity can only grow ({old} GiB now, {spec.capacity} GiB asked)"
                )
            api.upgrade_file_system(session, resource_id, capacity=spec.capacity,
                                    client_token=f"{olds.get('creation_token') or 'dlc'}-{spec.capacity}"[:64])
        if "description" in changed:
            api.modify_file_system(session, resource_id, description=spec.description)
        if "tags" in changed:
            to_set, to_remove = tag_changes(olds.get("tags"), spec.tags or {})
            if to_remove:
                api.untag_resources(session, file_system_id=resource_id, keys=to_remove)
            if to_set:
                api.tag_resources(session, file_system_id=resource_id, tags=to_set)

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_file_system(session, resource_id)


class NasFileSystemProvider(_FileSystemProvider):
    """Dynamic provider of `NasFileSystem` (CreateFileSystem, DescribeFileSystems, ModifyFileSystem,
    UpgradeFileSystem, TagResources/UntagResources, DeleteFileSystem)."""

    KIND: ClassVar[str] = "NAS file system"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
    SPEC = NasFileSystemSpec

    def send_create(self, session: Session, spec: NasFileSystemSpec, token: str) -> str:
        return api.create_file_system(
            session, file_system_type=spec.file_system_type, protocol_type=spec.protocol_type,
            storage_type=spec.storage_type, zone_id=spec.zone_id, capacity=spec.capacity, bandwidth=None,
            encrypt_type=spec.encrypt_type, kms_key_id=spec.kms_key_id, description=spec.description, vpc_id=None,
            vswitch_id=None, resource_group_id=spec.resource_group_id,
            tags={**(spec.tags or {}), TOKEN_TAG: token}, client_token=token,
        )

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        item = api.describe_file_system(session, resource_id)
        if item is None or item.get("FileSystemType") not in ("standard", "extreme"):
            return None
        return {
            "file_system_type": item.get("FileSystemType"),
            "protocol_type": item.get("ProtocolType"),
            "storage_type": item.get("StorageType"),
            **self._observe_common(item),
        }


class CpfsFileSystemProvider(_FileSystemProvider):
    """Dynamic provider of `CpfsFileSystem` (the NAS API with FileSystemType=cpfs)."""

    KIND: ClassVar[str] = "CPFS file system"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
    SPEC = CpfsFileSystemSpec

    def send_create(self, session: Session, spec: CpfsFileSystemSpec, token: str) -> str:
        return api.create_file_system(
            session, file_system_type="cpfs", protocol_type="cpfs", storage_type=spec.storage_type,
            zone_id=spec.zone_id, capacity=spec.capacity, bandwidth=spec.bandwidth, encrypt_type=spec.encrypt_type,
            kms_key_id=spec.kms_key_id, description=spec.description, vpc_id=spec.vpc_id, vswitch_id=spec.vswitch_id,
            resource_group_id=spec.resource_group_id, tags={**(spec.tags or {}), TOKEN_TAG: token}, client_token=token,
        )

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        item = api.describe_file_system(session, resource_id)
        if item is None or item.get("FileSystemType") != "cpfs":
            return None
        vswitches = (item.get("VswIds") or {}).get("VswId") or []
        return {
            "storage_type": item.get("StorageType"),
            "vpc_id": item.get("VpcId"),
            "vswitch_id": vswitches[0] if vswitches else hint.get("vswitch_id"),
            "bandwidth": item.get("Bandwidth") if hint.get("bandwidth") is not None else None,
            **self._observe_common(item),
        }


# --- mount targets ------------------------------------------------------------------------------------------------


def _file_system_of(domain: str, hint: Mapping[str, Any]) -> str:
    """The file system of a mount target: from the hint, else from the domain (`<fsid>-<suffix>.<region>...`)."""
    given = hint.get("file_system_id")
    if given:
        return str(given)
    return domain.split(".", 1)[0].rpartition("-")[0]


class NasMountTargetProvider(CloudProvider):
    """Dynamic provider of `NasMountTarget`. The ID is the mount target's domain."""

    KIND: ClassVar[str] = "NAS mount target"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
    SPEC = NasMountTargetSpec
    READY: ClassVar[frozenset[str]] = frozenset({"Active"})
    GOING: ClassVar[frozenset[str]] = frozenset({"Deleting"})

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        # One mount target per vSwitch per file system: a replacement in the same file system and vSwitch
        # (e.g. a new security group) must delete the old one first.
        result = super().diff(_id, olds, news)
        if result.replaces and not {"file_system_id", "vswitch_id"} & set(result.replaces):
            result.delete_before_replace = True
        return result

    def find_existing(self, session: Session, spec: NasMountTargetSpec, token: str) -> str | None:
        for item in api.list_mount_targets(session, spec.file_system_id):
            if item.get("VswId") != spec.vswitch_id or item.get("Status") in self.GOING:
                continue
            domain = str(item.get("MountTargetDomain"))
            wanted_group = spec.access_group_name or ("" if spec.file_system_id.startswith("cpfs-")
                                                      else "DEFAULT_VPC_GROUP_NAME")
            if item.get("VpcId") == spec.vpc_id and (item.get("AccessGroup") or "") == wanted_group:
                return domain
            raise _already_exists(self.KIND, f"in vSwitch {spec.vswitch_id} of {spec.file_system_id}", domain)
        return None

    def send_create(self, session: Session, spec: NasMountTargetSpec, token: str) -> str:
        try:
            return api.create_mount_target(
                session, file_system_id=spec.file_system_id, vpc_id=spec.vpc_id, vswitch_id=spec.vswitch_id,
                access_group_name=spec.access_group_name, security_group_id=spec.security_group_id,
            )
        except InvalidInput as exc:
            if exc.code == "InvalidMountTarget.AlreadyExisted":
                # A retry whose first answer was lost finds its own mount target (same vSwitch, VPC, group).
                found = self.find_made_by_retry(session, spec, token)
                if found is not None:
                    return found
                raise DlcError(f"{exc} (a mount target made elsewhere is in this vSwitch; adopt it with adopt_id)") from exc
            raise

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        file_system_id = _file_system_of(resource_id, hint)
        item = api.describe_mount_target(session, file_system_id, resource_id)
        if item is None:
            return None
        return {
            "file_system_id": file_system_id,
            "vpc_id": item.get("VpcId"),
            "vswitch_id": item.get("VswId"),
            "access_group_name": item.get("AccessGroup") or None,
            # DescribeMountTargets does not report the security group: it is what was asked for.
            "security_group_id": hint.get("security_group_id"),
            "status": item.get("Status"),
            "mount_domain": resource_id,
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: NasMountTargetSpec, changed: list[str]
    ) -> None:
        if "access_group_name" in changed and spec.access_group_name is not None:
            api.modify_mount_target(session, spec.file_system_id, resource_id, access_group_name=spec.access_group_name)

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_mount_target(session, _file_system_of(resource_id, olds), resource_id)


# --- Args and resources ---------------------------------------------------------------------------------------------


class NasFileSystem(NasFileSystemResource, module="dlc", name="NasFileSystem"):
    """A general-purpose or extreme NAS file system."""

    PROVIDER = NasFileSystemProvider


class CpfsFileSystem(CpfsFileSystemResource, module="dlc", name="CpfsFileSystem"):
    """A CPFS file system (made through the NAS API) in a VPC and vSwitch."""

    PROVIDER = CpfsFileSystemProvider


class NasMountTarget(NasMountTargetResource, module="dlc", name="NasMountTarget"):
    """A mount target of a file system in a vSwitch; create waits until Active. `mount_domain` (also its ID)
    is what a DLC job mounts.
    """

    PROVIDER = NasMountTargetProvider
