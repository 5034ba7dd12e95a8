"""State of the fake NAS service: one `NasBackend` per account and region (the region comes from the host)."""

from __future__ import annotations

from ...core.backend import BackendContext
from .mount_targets import MountTargetsMixin
from .resources import AccessGroup, AccessRule, FileSystem, MountTarget
from .tags import TagsMixin


class NasBackend(MountTargetsMixin, TagsMixin):
    service = "nas"
    kinds = ("file_systems", "mount_targets", "access_groups")

    def __init__(self, account_id: str, region: str, context: BackendContext) -> None:
        super().__init__(account_id, region, context)
        self.add_default_access_groups()


__all__ = ["AccessGroup", "AccessRule", "FileSystem", "MountTarget", "NasBackend"]
