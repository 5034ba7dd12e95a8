"""The NAS service's resources as plain dataclasses (ID, status and life cycle come from `Resource`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.backend import Resource
from ...core.tagging import TaggedResource


@dataclass
class FileSystem(TaggedResource):
    file_system_type: str = "standard"
    protocol_type: str = ""
    storage_type: str = ""
    zone_id: str = ""
    capacity: int = 0
    bandwidth: int = 0
    charge_type: str = "PayAsYouGo"
    encrypt_type: int = 0
    kms_key_id: str = ""
    description: str = ""
    vpc_id: str = ""  # CPFS only: the network the file system lives in
    vswitch_id: str = ""
    resource_group_id: str = ""


@dataclass
class MountTarget(Resource):
    """Keyed by its domain, which is also its ID in every call."""

    file_system_id: str = ""
    file_system_type: str = "standard"
    network_type: str = "Vpc"
    vpc_id: str = ""
    vswitch_id: str = ""
    access_group_name: str = ""  # "" for CPFS, whose mount targets use no access group
    security_group_id: str = ""


@dataclass
class AccessRule:
    id: str
    source_cidr_ip: str
    rw_access: str = "RDWR"
    user_access: str = "no_squash"
    priority: int = 1


@dataclass
class AccessGroup(Resource):
    """Keyed `<file system type>/<name>`: standard and extreme groups are separate name spaces."""

    name: str = ""
    file_system_type: str = "standard"
    group_type: str = "Vpc"
    description: str = ""
    rules: list[AccessRule] = field(default_factory=list)
    next_rule_id: int = 1


def access_group_key(file_system_type: str, name: str) -> str:
    return f"{file_system_type}/{name}"
