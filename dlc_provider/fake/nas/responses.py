"""Request parsing of the fake NAS API: read the parameters, call the backend, shape the reply.

NAS calls carry no RegionId: the core takes the region from the endpoint host (`nas.<region>.aliyuncs.com`),
or the fake's default region for a bare `host:port`.
"""

from __future__ import annotations

from typing import Any

from ..core.errors import FakeError, InvalidParameter, MissingParameter
from ..core.tagging import TaggingResponses
from . import rules, shapes
from .exceptions import InvalidNextToken
from .models import NasBackend

ALL_PROTOCOLS = tuple(dict.fromkeys(p for group in rules.PROTOCOLS.values() for p in group))
ALL_STORAGE_TYPES = tuple(dict.fromkeys(s for group in rules.STORAGE_TYPES.values() for s in group))
CREATABLE_TYPES = rules.FILE_SYSTEM_TYPES + rules.KNOWN_BUT_UNSUPPORTED_TYPES
GROUP_FILE_SYSTEM_TYPES = ("standard", "extreme", "cpfs")


class NasResponses(TaggingResponses):
    backend: NasBackend
    tag_page_size = rules.TAG_PAGE_SIZE
    page_size_max = 100

    def _next_token_error(self) -> FakeError:
        return InvalidNextToken()

    def _group_type(self) -> str:
        return self.params.choice("FileSystemType", GROUP_FILE_SYSTEM_TYPES, "standard") or "standard"

    # -- file systems -------------------------------------------------------------------------------------------
    def create_file_system(self) -> dict[str, Any]:
        p = self.params
        created = self.backend.create_file_system(
            file_system_type=p.choice("FileSystemType", CREATABLE_TYPES, "standard") or "standard",
            protocol_type=p.choice("ProtocolType", ALL_PROTOCOLS) or p.required("ProtocolType"),
            storage_type=p.choice("StorageType", ALL_STORAGE_TYPES) or p.required("StorageType"),
            zone_id=p.get("ZoneId"),
            capacity=p.int("Capacity", minimum=1),
            bandwidth=p.int("Bandwidth", minimum=1),
            charge_type=p.choice("ChargeType", ("PayAsYouGo", "Subscription"), "PayAsYouGo") or "PayAsYouGo",
            encrypt_type=p.int("EncryptType", 0, minimum=0, maximum=2) or 0,
            kms_key_id=p.get("KmsKeyId"),
            description=p.get("Description"),
            vpc_id=p.get("VpcId"),
            vswitch_id=p.get("VSwitchId"),
            resource_group_id=p.get("ResourceGroupId"),
            tags=p.indexed_objects("Tag"),
            dry_run=p.bool("DryRun"),
        )
        # A passed dry run answers 200 with an empty ID (documented).
        return {"FileSystemId": created.id if created is not None else ""}

    def describe_file_systems(self) -> dict[str, Any]:
        p = self.params
        found = self.backend.describe_file_systems(
            file_system_ids=p.comma_list("FileSystemId"),
            types=[t.lower() for t in p.comma_list("FileSystemType")],
            vpc_id=p.get("VpcId"),
            tags=p.indexed_objects("Tag"),
        )
        return self.numbered_page(found, "FileSystems", "FileSystem", lambda f: shapes.file_system(self.backend, f))

    def modify_file_system(self) -> dict[str, Any]:
        p = self.params
        for name in ("Options", "AutoUpgradeConfig"):
            if name in p and not isinstance(p.json(name), dict):
                raise InvalidParameter(name=name)
        self.backend.modify_file_system(p.required("FileSystemId"), description=p.get("Description"))
        return {}

    def upgrade_file_system(self) -> dict[str, Any]:
        p = self.params
        capacity = p.int("Capacity", minimum=1)
        if capacity is None:
            raise MissingParameter(name="Capacity")
        self.backend.upgrade_file_system(p.required("FileSystemId"), capacity=capacity, dry_run=p.bool("DryRun"))
        return {}

    def delete_file_system(self) -> dict[str, Any]:
        self.backend.delete_file_system(self.params.required("FileSystemId"))
        return {}

    # -- mount targets -----------------------------------------------------------------------------------------
    def create_mount_target(self) -> dict[str, Any]:
        p = self.params
        p.choice("NetworkType", ("Vpc",))
        if p.bool("EnableIpv6"):
            raise InvalidParameter("The fake NAS makes IPv4 mount targets only (EnableIpv6).")
        created = self.backend.create_mount_target(
            file_system_id=p.required("FileSystemId"),
            vpc_id=p.required("VpcId"),
            vswitch_id=p.required("VSwitchId"),
            access_group_name=p.get("AccessGroupName"),
            security_group_id=p.get("SecurityGroupId"),
            dry_run=p.bool("DryRun"),
        )
        return {
            "MountTargetDomain": created.id if created is not None else "",
            "MountTargetExtra": {"DualStackMountTargetDomain": ""},
        }

    def describe_mount_targets(self) -> dict[str, Any]:
        p = self.params
        found = self.backend.describe_mount_targets(p.required("FileSystemId"), domain=p.get("MountTargetDomain"))
        return self.numbered_page(found, "MountTargets", "MountTarget", shapes.mount_target)

    def modify_mount_target(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_mount_target(
            p.required("FileSystemId"), p.required("MountTargetDomain"),
            access_group_name=p.get("AccessGroupName"), status=p.choice("Status", ("Active", "Inactive")),
        )
        return {}

    def delete_mount_target(self) -> dict[str, Any]:
        p = self.params
        self.backend.delete_mount_target(p.required("FileSystemId"), p.required("MountTargetDomain"))
        return {}

    # -- access groups -------------------------------------------------------------------------------------------
    def create_access_group(self) -> dict[str, Any]:
        p = self.params
        group = self.backend.create_access_group(
            name=p.required("AccessGroupName"),
            group_type=p.choice("AccessGroupType", ("Vpc", "Classic")) or p.required("AccessGroupType"),
            file_system_type=self._group_type(),
            description=p.get("Description"),
        )
        return {"AccessGroupName": group.name}

    def describe_access_groups(self) -> dict[str, Any]:
        found = self.backend.describe_access_groups(
            name=self.params.get("AccessGroupName"), file_system_type=self._group_type()
        )
        return self.numbered_page(found, "AccessGroups", "AccessGroup", lambda g: shapes.access_group(self.backend, g))

    def modify_access_group(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_access_group(p.required("AccessGroupName"), self._group_type(),
                                         description=p.get("Description"))
        return {}

    def delete_access_group(self) -> dict[str, Any]:
        self.backend.delete_access_group(self.params.required("AccessGroupName"), self._group_type())
        return {}

    # -- access rules ------------------------------------------------------------------------------------------
    def create_access_rule(self) -> dict[str, Any]:
        p = self.params
        rule = self.backend.create_access_rule(
            p.required("AccessGroupName"),
            self._group_type(),
            source_cidr_ip=rules.check_source_cidr(p.get("SourceCidrIp"), p.get("Ipv6SourceCidrIp")),
            rw_access=p.choice("RWAccessType", rules.RW_ACCESS_TYPES, "RDWR") or "RDWR",
            user_access=p.choice("UserAccessType", rules.USER_ACCESS_TYPES, "no_squash") or "no_squash",
            priority=rules.check_priority(p.int("Priority")),
        )
        return {"AccessRuleId": rule.id}

    def describe_access_rules(self) -> dict[str, Any]:
        p = self.params
        group, found = self.backend.describe_access_rules(
            p.required("AccessGroupName"), self._group_type(), rule_id=p.get("AccessRuleId")
        )
        return self.numbered_page(found, "AccessRules", "AccessRule", lambda r: shapes.access_rule(self.backend, group, r))

    def modify_access_rule(self) -> dict[str, Any]:
        p = self.params
        source = p.get("SourceCidrIp")
        self.backend.modify_access_rule(
            p.required("AccessGroupName"),
            self._group_type(),
            p.required("AccessRuleId"),
            source_cidr_ip=rules.check_source_cidr(source, p.get("Ipv6SourceCidrIp")) if source else None,
            rw_access=p.choice("RWAccessType", rules.RW_ACCESS_TYPES),
            user_access=p.choice("UserAccessType", rules.USER_ACCESS_TYPES),
            priority=rules.check_priority(p.int("Priority")) if "Priority" in p else None,
        )
        return {}

    def delete_access_rule(self) -> dict[str, Any]:
        p = self.params
        self.backend.delete_access_rule(p.required("AccessGroupName"), self._group_type(), p.required("AccessRuleId"))
        return {}
