"""File systems of the general-purpose, extreme and CPFS kinds: creation rules, life cycle, deletion."""

from __future__ import annotations

from typing import Any

from ...core.backend import Backend
from ...core.errors import DryRunOperation, InvalidParameter, InvalidZoneIdNotFound, MissingParameter, VSwitchNotInVpc
from ...core.regions import zones_of
from .. import rules
from ..exceptions import (
    DependencyViolation,
    InvalidFileSystemNotFound,
    InvalidState,
    InvalidVpcIdNotFound,
    InvalidVSwitchIdNotFound,
    UnsupportedFileSystemType,
    VSwitchNotInZone,
)
from .resources import FileSystem, MountTarget


class FileSystemsMixin(Backend):
    # -- the network, in the VPC service's backend --------------------------------------------------------
    def check_network(self, vpc_id: str, vswitch_id: str) -> Any:
        """The vSwitch, after checking that the VPC and the vSwitch exist and the vSwitch is in the VPC."""
        vpcs = self.peer("vpc")
        if vpcs is None or vpcs.get("vpcs", vpc_id) is None:
            raise InvalidVpcIdNotFound(vpc_id=vpc_id)
        vswitch = vpcs.get("vswitches", vswitch_id)
        if vswitch is None:
            raise InvalidVSwitchIdNotFound(vswitch_id=vswitch_id)
        if vswitch.vpc_id != vpc_id:
            raise VSwitchNotInVpc(vswitch_id=vswitch_id, vpc_id=vpc_id)
        return vswitch

    # -- file systems -----------------------------------------------------------------------------------------
    def get_file_system(self, file_system_id: str | None, *, visible: bool = False) -> FileSystem:
        return self.find("file_systems", file_system_id, InvalidFileSystemNotFound(file_system_id=file_system_id),
                         visible=visible)

    def mount_targets_of(self, file_system_id: str) -> list[MountTarget]:
        return [m for m in self.all("mount_targets") if m.file_system_id == file_system_id]

    def create_file_system(
        self, *, file_system_type: str, protocol_type: str, storage_type: str, zone_id: str | None,
        capacity: int | None, bandwidth: int | None, charge_type: str, encrypt_type: int, kms_key_id: str | None,
        description: str | None, vpc_id: str | None, vswitch_id: str | None, resource_group_id: str | None,
        tags: list[dict[str, str]], dry_run: bool,
    ) -> FileSystem | None:
        """The new file system (Pending, then Running); None after a passed dry run."""
        if file_system_type in rules.KNOWN_BUT_UNSUPPORTED_TYPES:
            raise UnsupportedFileSystemType(file_system_type=file_system_type)
        if protocol_type not in rules.PROTOCOLS[file_system_type]:
            raise InvalidParameter(name="ProtocolType")
        if storage_type not in rules.STORAGE_TYPES[file_system_type]:
            raise InvalidParameter(name="StorageType")
        rules.check_description(description)
        tags = rules.check_tags(tags)
        if encrypt_type == 2 and not kms_key_id:
            raise MissingParameter(name="KmsKeyId")
        if file_system_type != "standard":
            if zone_id is None:
                raise MissingParameter(name="ZoneId")
            if capacity is None:
                raise MissingParameter(name="Capacity")
        zones = zones_of(self.region)
        if zone_id is not None and zone_id not in zones:
            raise InvalidZoneIdNotFound(zone_id=zone_id, region=self.region)
        if file_system_type == "cpfs":
            if vpc_id is None:
                raise MissingParameter(name="VpcId")
            if vswitch_id is None:
                raise MissingParameter(name="VSwitchId")
            vswitch = self.check_network(vpc_id, vswitch_id)
            if vswitch.zone_id != zone_id:
                raise VSwitchNotInZone(vswitch_id=vswitch_id, zone_id=zone_id)
        if dry_run:
            return None
        file_system = FileSystem(
            id=self.context.ids.token(
                rules.ID_LENGTH[file_system_type], rules.HEX, prefix=rules.ID_PREFIX[file_system_type]
            ),
            file_system_type=file_system_type,
            protocol_type=protocol_type,
            storage_type=storage_type,
            zone_id=zone_id or self.context.ids.choice(list(zones)),
            capacity=rules.STANDARD_CAPACITY_GIB if capacity is None or file_system_type == "standard" else capacity,
            bandwidth=bandwidth or rules.DEFAULT_BANDWIDTH_MBPS[file_system_type],
            charge_type=charge_type,
            encrypt_type=encrypt_type,
            kms_key_id=kms_key_id or "",
            description=description or "",
            vpc_id=(vpc_id or "") if file_system_type == "cpfs" else "",
            vswitch_id=(vswitch_id or "") if file_system_type == "cpfs" else "",
            resource_group_id=resource_group_id or self.default_resource_group,
            tags=tags,
        )
        self.start(file_system, rules.FILE_SYSTEM_CREATE[file_system_type])
        return self.add("file_systems", file_system)

    def describe_file_systems(
        self, *, file_system_ids: list[str], types: list[str], vpc_id: str | None, tags: list[dict[str, str]],
    ) -> list[FileSystem]:
        for kind in types:
            if kind != "all" and kind not in rules.FILE_SYSTEM_TYPES + rules.KNOWN_BUT_UNSUPPORTED_TYPES:
                raise InvalidParameter(name="FileSystemType")
        wanted_types = set() if not types or "all" in types else set(types)
        wanted_tags = [(t.get("Key", ""), t.get("Value", "")) for t in tags]

        def in_vpc(item: FileSystem) -> bool:
            return item.vpc_id == vpc_id or any(m.vpc_id == vpc_id for m in self.mount_targets_of(item.id))

        return [
            item
            for item in self.all_visible("file_systems")
            if (not file_system_ids or item.id in file_system_ids)
            and (not wanted_types or item.file_system_type in wanted_types)
            and (vpc_id is None or in_vpc(item))
            and all({"Key": k, "Value": v} in item.tags for k, v in wanted_tags)
        ]

    def modify_file_system(self, file_system_id: str, *, description: str | None) -> FileSystem:
        file_system = self.get_file_system(file_system_id)
        rules.check_description(description)
        if description is not None:
            file_system.description = description
        return file_system

    def upgrade_file_system(self, file_system_id: str, *, capacity: int, dry_run: bool) -> FileSystem:
        """Grow an extreme or CPFS file system; it is Extending until the new size is in place."""
        file_system = self.get_file_system(file_system_id)
        if file_system.file_system_type not in rules.UPGRADABLE_TYPES:
            raise InvalidParameter(
                f"Only extreme and CPFS file systems can be upgraded; {file_system.id} is "
                f"{file_system.file_system_type}.",
                name="FileSystemId",
            )
        if file_system.status != "Running":
            raise InvalidState(resource=f"file system {file_system.id}", current=file_system.status)
        if capacity <= file_system.capacity:
            raise InvalidParameter(
                f"The new capacity ({capacity} GiB) must be larger than the current {file_system.capacity} GiB.",
                name="Capacity",
            )
        if dry_run:
            raise DryRunOperation()
        file_system.capacity = capacity
        self.start(file_system, rules.FILE_SYSTEM_UPGRADE)
        return file_system

    def delete_file_system(self, file_system_id: str) -> None:
        file_system = self.get_file_system(file_system_id)
        if file_system.status != "Running":
            raise InvalidState(resource=f"file system {file_system.id}", current=file_system.status)
        if self.mount_targets_of(file_system.id):
            raise DependencyViolation(resource=f"file system {file_system.id}", dependents="MountTarget")
        self.start(file_system, rules.FILE_SYSTEM_DELETE)
