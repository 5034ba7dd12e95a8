"""Input spec of a `Dataset` (AIWorkspace): a NAS-, extreme-NAS- or CPFS-backed dataset a DLC job mounts by ID."""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from .checks import ResourceId
from .common import FieldRule, InputSpec
from .declare import Computed
from .failures import shown

__all__ = ["DatasetSpec", "data_source_type_of"]

_NAME = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_-]{0,126}$")
_FILE_SYSTEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{5,63}$")


def data_source_type_of(file_system_id: str) -> str:
    """The dataset's DataSourceType for a file system ID: extreme-… EXTREMENAS, cpfs-… CPFS, else NAS."""
    if file_system_id.startswith("extreme-"):
        return "EXTREMENAS"
    if file_system_id.startswith("cpfs-"):
        return "CPFS"
    return "NAS"


class DatasetSpec(InputSpec):
    """Inputs of a `Dataset`."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "data_source_type": Computed("str", "NAS, EXTREMENAS or CPFS, from the file system."),
        "uri": Computed("str", "The dataset's storage URI (nas://... or cpfs://...)."),
        "status": Computed("str", "Available once the dataset exists."),
        "create_time": Computed("str", "When the dataset was created (UTC, ISO 8601)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = (
        "workspace_id", "file_system_id", "mount_target_domain", "path", "property",
    )
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("name", "description", "mount_access", "mount_path", "accessibility")

    name: str = Field(description="1-127 characters: letters, digits, Chinese characters, _ and -, not starting "
                      "with _ or -. Unique in the workspace.")
    file_system_id: ResourceId = Field(description="The NAS, extreme NAS or CPFS file system (its ID output).")
    mount_target_domain: ResourceId | None = Field(
        default=None, description="The mount target DLC mounts through (a NasMountTarget's mount_domain).",
    )
    path: str = Field(default="/", description="Directory in the file system, e.g. /data/ (a trailing / is added).")
    workspace_id: ResourceId | None = Field(default=None, description="AIWorkspace (the default workspace if unset).")
    property: Literal["DIRECTORY", "FILE"] = Field(default="DIRECTORY", description="DIRECTORY or FILE.")
    mount_access: Literal["RO", "RW"] = Field(
        default="RO", description="Default mount access of jobs using the dataset: RO (read-only) or RW.",
    )
    mount_path: str | None = Field(default=None, description="Default mount path in a DLC job, e.g. /mnt/data/.")
    description: str | None = Field(default=None, description="Up to 1024 characters.")
    accessibility: Literal["PRIVATE", "PUBLIC"] | None = Field(
        default=None, description="PRIVATE (default: you only) or PUBLIC (the workspace).",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError("name must be 1-127 characters: letters, digits, Chinese characters, _ and -, "
                             "not starting with _ or -")
        return value

    @field_validator("file_system_id")
    @classmethod
    def _fs(cls, value: str) -> str:
        if not _FILE_SYSTEM_ID.match(value):
            raise ValueError(f"file_system_id {shown(value)} is not a NAS or CPFS file system ID")
        return value

    @field_validator("path", "mount_path")
    @classmethod
    def _path(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith("/") or "//" in value or ".." in value.split("/"):
            raise ValueError(f"{shown(value)} must be an absolute path such as /data/ (no // or ..)")
        return value if value.endswith("/") else value + "/"

    @field_validator("description")
    @classmethod
    def _description(cls, value: str | None) -> str | None:
        if value is not None and len(value) > 1024:
            raise ValueError("description must be at most 1024 characters")
        return value

    @model_validator(mode="after")
    def _mount_target(self) -> Any:
        domain = self.mount_target_domain
        if domain is not None and self.file_system_id and not domain.startswith(self.file_system_id):
            raise FieldRule("mount_target_domain", f"{shown(domain)} is not a mount target of {self.file_system_id}")
        return self
