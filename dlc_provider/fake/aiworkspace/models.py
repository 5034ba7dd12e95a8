"""State of the fake AIWorkspace: workspaces (one built-in default per region) and datasets.

Datasets of the NAS kinds must name a file system that exists in the NAS service of the same account and
region (and, in ImportInfo, one of its mount targets); the NAS service does not know datasets, so deleting
the file system first is not refused (real NAS would not refuse either).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ..core.backend import Backend, BackendContext, Resource
from ..core.clock import iso_utc_millis
from ..core.errors import InvalidParameter
from . import rules
from .exceptions import (
    DatasetNameExists,
    DatasetNotExists,
    DefaultWorkspaceDenied,
    IncorrectWorkspaceStatus,
    WorkspaceNameExists,
    WorkspaceNotEmpty,
    WorkspaceNotExists,
)

WORKSPACE_ID_DIGITS = 6


@dataclass
class Workspace(Resource):
    name: str = ""
    display_name: str = ""
    description: str = ""
    env_types: list[str] = field(default_factory=list)
    is_default: bool = False
    resource_group_id: str = ""
    creator: str = ""
    modified_at: float = 0.0


@dataclass
class Dataset(Resource):
    workspace_id: str = ""
    name: str = ""
    description: str = ""
    property: str = "DIRECTORY"
    data_source_type: str = "NAS"
    uri: str = ""
    accessibility: str = "PRIVATE"
    data_type: str = "COMMON"
    edition: str = "BASIC"
    provider_type: str = "Ecs"
    options: str = ""
    import_info: str = ""
    labels: list[dict[str, str]] = field(default_factory=list)
    accessible_role_ids: list[str] = field(default_factory=list)
    read_write_role_ids: list[str] = field(default_factory=list)
    source_type: str = "USER"
    source_id: str = ""
    user_id: str = ""
    version_description: str = ""
    version_labels: list[dict[str, str]] = field(default_factory=list)
    modified_at: float = 0.0


@dataclass
class DatasetUpdate:
    """UpdateDataset's fields; None leaves a field as it is."""

    name: str | None = None
    description: str | None = None
    options: str | None = None
    accessibility: str | None = None
    edition: str | None = None
    accessible_role_ids: list[str] | None = None
    read_write_role_ids: list[str] | None = None


class AiWorkspaceBackend(Backend):
    service = "aiworkspace"
    kinds = ("workspaces", "datasets")

    def __init__(self, account_id: str, region: str, context: BackendContext) -> None:
        super().__init__(account_id, region, context)
        now = self.now()
        default = Workspace(
            id=self._new_workspace_id(),
            status="ENABLED",
            created_at=now,
            builtin=True,
            name=rules.DEFAULT_WORKSPACE_NAME,
            display_name=rules.DEFAULT_WORKSPACE_NAME,
            description="The default workspace of the region.",
            env_types=["prod"],
            is_default=True,
            resource_group_id=self.default_resource_group,
            creator=account_id,
            modified_at=now,
        )
        self.add("workspaces", default)
        default.visible_after = 0.0  # built in: never hidden by an eventual-consistency fault

    def millis(self, epoch: float) -> str:
        return iso_utc_millis(epoch)

    def _new_workspace_id(self) -> str:
        while True:
            candidate = self.context.ids.numeric_id(WORKSPACE_ID_DIGITS)
            if self.get("workspaces", candidate) is None:
                return candidate

    # -- workspaces -------------------------------------------------------------------------------------------
    def get_workspace(self, workspace_id: str | None, *, visible: bool = False) -> Workspace:
        return self.find("workspaces", workspace_id, WorkspaceNotExists(workspace_id=workspace_id), visible=visible)

    def default_workspace(self) -> Workspace:
        return next(w for w in self.all("workspaces") if w.is_default)

    # -- for other services (PAI-DLC jobs name workspaces and datasets) -------------------------------------
    def default_workspace_id(self) -> str:
        return self.default_workspace().id

    def dataset_uri(self, dataset_id: str) -> str:
        """A dataset's URI, "" for an unknown dataset."""
        dataset = self.get("datasets", dataset_id)
        return dataset.uri if dataset is not None else ""

    def create_workspace(
        self, *, name: str, description: str, env_types: list[str], display_name: str | None,
        resource_group_id: str | None, creator: str,
    ) -> Workspace:
        rules.check_workspace_name(name)
        rules.check_workspace_description(description)
        rules.check_env_types(env_types)
        if any(w.name == name for w in self.all("workspaces")):
            raise WorkspaceNameExists(name=name)
        now = self.now()
        workspace = Workspace(
            id=self._new_workspace_id(),
            created_at=now,
            name=name,
            display_name=display_name or name,
            description=description,
            env_types=list(env_types),
            resource_group_id=resource_group_id or self.default_resource_group,
            creator=creator,
            modified_at=now,
        )
        self.start(workspace, rules.WORKSPACE_CREATE)
        return self.add("workspaces", workspace)

    def list_workspaces(
        self, *, name: str | None, workspace_ids: list[str], status: str | None, sort_by: str, descending: bool
    ) -> list[Workspace]:
        found = [
            w for w in self.all_visible("workspaces")
            if (name is None or name in w.name)
            and (not workspace_ids or w.id in workspace_ids)
            and (status is None or w.status == status)
        ]
        key = (lambda w: w.modified_at) if sort_by == "GmtModifiedTime" else (lambda w: w.created_at)
        return sorted(found, key=key, reverse=descending)

    def update_workspace(self, workspace_id: str, *, description: str | None, display_name: str | None) -> None:
        workspace = self.get_workspace(workspace_id)
        if description is not None:
            rules.check_workspace_description(description)
            workspace.description = description
        if display_name is not None:
            workspace.display_name = display_name
        workspace.modified_at = self.now()

    def delete_workspace(self, workspace_id: str) -> None:
        workspace = self.get_workspace(workspace_id)
        if workspace.is_default:
            raise DefaultWorkspaceDenied()
        if workspace.status == "DELETING":
            return  # already on its way out
        if self.datasets_in(workspace.id):
            raise WorkspaceNotEmpty(workspace_id=workspace.id)
        self.start(workspace, rules.WORKSPACE_DELETE)

    # -- datasets ----------------------------------------------------------------------------------------------
    def datasets_in(self, workspace_id: str) -> list[Dataset]:
        return [d for d in self.all("datasets") if d.workspace_id == workspace_id]

    def get_dataset(self, dataset_id: str, *, visible: bool = False) -> Dataset:
        return self.find("datasets", dataset_id, DatasetNotExists(dataset_id=dataset_id), visible=visible)

    def _check_storage(self, data_source_type: str, uri: str, import_info: dict[str, Any] | None) -> None:
        """NAS-like datasets point at an existing file system (and mount target) of this region."""
        if data_source_type not in rules.NAS_ID_PREFIXES:
            rules.check_other_uri(uri, data_source_type)
            return
        location = rules.parse_nas_uri(uri, data_source_type)
        if location.region != self.region:
            raise InvalidParameter(f"The Uri names region {location.region}; the workspace is in {self.region}.")
        nas = self.peer("nas")
        if data_source_type == "BMCPFS" or nas is None:
            return  # the fake NAS has no Lingjun CPFS to check against
        if nas.get("file_systems", location.file_system_id) is None:
            raise InvalidParameter(f"The file system {location.file_system_id} does not exist.")
        info = import_info or {}
        if info.get("fileSystemId") not in (None, location.file_system_id):
            raise InvalidParameter("ImportInfo.fileSystemId differs from the file system in the Uri.")
        mount_target = info.get("mountTarget")
        if mount_target is not None:
            found = nas.get("mount_targets", str(mount_target))
            if found is None or found.file_system_id != location.file_system_id:
                raise InvalidParameter(f"The mount target {mount_target} does not exist on that file system.")

    def create_dataset(self, workspace_id: str | None, draft: Dataset) -> Dataset:
        """Store `draft` (everything but its ID, workspace and times filled in) after checking it."""
        workspace = self.get_workspace(workspace_id) if workspace_id else self.default_workspace()
        if workspace.status != "ENABLED":
            raise IncorrectWorkspaceStatus(workspace_id=workspace.id, current=workspace.status)
        rules.check_dataset_name(draft.name)
        import_info = rules.check_json_object(draft.import_info or None, "ImportInfo")
        rules.check_json_object(draft.options or None, "Options")
        self._check_storage(draft.data_source_type, draft.uri, import_info)
        if any(d.name == draft.name for d in self.datasets_in(workspace.id)):
            raise DatasetNameExists(name=draft.name)
        now = self.now()
        draft.id, draft.workspace_id, draft.created_at, draft.modified_at = self.new_id("d"), workspace.id, now, now
        return self.add("datasets", draft)

    def list_datasets(
        self, *, workspace_id: str | None, name: str | None, data_source_types: list[str], properties: list[str],
        data_types: list[str], dataset_ids: list[str], label: str | None,
    ) -> list[Dataset]:
        workspace = self.get_workspace(workspace_id, visible=True) if workspace_id else self.default_workspace()

        def labelled(dataset: Dataset) -> bool:
            return label is None or any(label in t["Key"] or label in t["Value"] for t in dataset.labels)

        return [
            d for d in self.all_visible("datasets")
            if d.workspace_id == workspace.id
            and (name is None or name in d.name)
            and (not data_source_types or d.data_source_type in data_source_types)
            and (not properties or d.property in properties)
            and (not data_types or d.data_type in data_types)
            and (not dataset_ids or d.id in dataset_ids)
            and labelled(d)
        ]

    def update_dataset(self, dataset_id: str, changes: DatasetUpdate) -> None:
        dataset = self.get_dataset(dataset_id)
        if changes.name is not None:
            rules.check_dataset_name(changes.name)
            if any(d.name == changes.name and d is not dataset for d in self.datasets_in(dataset.workspace_id)):
                raise DatasetNameExists(name=changes.name)
        rules.check_json_object(changes.options, "Options")
        for name, value in dataclasses.asdict(changes).items():
            if value is not None:
                setattr(dataset, name, value)
        dataset.modified_at = self.now()

    def delete_dataset(self, dataset_id: str) -> None:
        self.remove("datasets", self.get_dataset(dataset_id).id)
