"""Request parsing of the fake AIWorkspace API (ROA: path arguments, query, JSON body) and its reply shapes.

Timestamps carry milliseconds (`2021-01-30T12:51:33.028Z`); lists are plain arrays with `TotalCount`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.errors import InvalidParameter, MissingParameter
from ..core.params import page_by_number
from ..core.registry import ServiceResponses
from ..core.wire import wire_fields
from . import rules
from .models import AiWorkspaceBackend, Dataset, DatasetUpdate, Workspace


class Body:
    """Typed access to a ROA JSON body. Empty strings and `[]` (how the SDK sends unset lists) are absent."""

    def __init__(self, raw: Any) -> None:
        if raw is not None and not isinstance(raw, dict):
            raise InvalidParameter("The request body must be a JSON object.")
        self._raw: dict[str, Any] = raw or {}

    def get(self, name: str) -> Any:
        value = self._raw.get(name)
        return None if value in ("", [], None) else value

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise InvalidParameter(name=name)
        return value

    def required(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise MissingParameter(name=name)
        return value

    def choice(self, name: str, options: Sequence[str], default: str | None = None) -> str | None:
        value = self.text(name)
        if value is None:
            return default
        if value not in options:
            raise InvalidParameter(name=name)
        return value

    def strings(self, name: str) -> list[str] | None:
        value = self.get(name)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidParameter(name=name)
        return value

    def labels(self, name: str) -> list[dict[str, str]]:
        value = self.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, dict) and isinstance(v.get("Key"), str)
                                                  for v in value):
            raise InvalidParameter(name=name)
        return [{"Key": v["Key"], "Value": str(v.get("Value", ""))} for v in value]


def _workspace(backend: AiWorkspaceBackend, item: Workspace) -> dict[str, Any]:
    return {
        "WorkspaceId": item.id,
        "WorkspaceName": item.name,
        **wire_fields(item, "display_name", "description", "status", "is_default", "creator"),
        "EnvTypes": list(item.env_types),
        "AdminNames": [],
        "ExtraInfos": {"TenantId": backend.account_id},
        "GmtCreateTime": backend.millis(item.created_at),
        "GmtModifiedTime": backend.millis(item.modified_at),
    }


def _dataset(backend: AiWorkspaceBackend, item: Dataset) -> dict[str, Any]:
    version = {
        "VersionName": "v1",
        **wire_fields(item, "uri", "data_source_type", "property", "options", "import_info", "source_type",
                      "source_id"),
        "MountAccess": "RW",
        "Description": item.version_description,
        "Labels": [dict(t) for t in item.version_labels],
        "DataCount": 0,
        "DataSize": 0,
        "GmtCreateTime": backend.millis(item.created_at),
        "GmtModifiedTime": backend.millis(item.created_at),
    }
    return {
        "DatasetId": item.id,
        **wire_fields(item, "name", "workspace_id", "description", "property", "data_source_type", "uri", "options",
                      "import_info", "accessibility", "data_type", "edition", "provider_type", "source_type",
                      "source_id", "user_id"),
        "AccessibleRoleIdList": list(item.accessible_role_ids),
        "MountAccessReadWriteRoleIdList": list(item.read_write_role_ids),
        "MountAccess": "RW",
        "OwnerId": backend.account_id,
        "IsShared": False,
        "TagTemplateType": "",
        "Labels": [dict(t) for t in item.labels],
        "LatestVersion": version,
        "GmtCreateTime": backend.millis(item.created_at),
        "GmtModifiedTime": backend.millis(item.modified_at),
    }


class AiWorkspaceResponses(ServiceResponses):
    backend: AiWorkspaceBackend

    @property
    def body(self) -> Body:
        return Body(self.call.body)

    # -- workspaces -------------------------------------------------------------------------------------------
    def create_workspace(self) -> dict[str, Any]:
        body = self.body
        workspace = self.backend.create_workspace(
            name=body.required("WorkspaceName"),
            description=body.required("Description"),
            env_types=body.strings("EnvTypes") or [body.required("EnvTypes")],
            display_name=body.text("DisplayName"),
            resource_group_id=body.text("ResourceGroupId"),
            creator=self.call.identity.account_id,
        )
        return {"WorkspaceId": workspace.id}

    def get_workspace(self) -> dict[str, Any]:
        workspace = self.backend.get_workspace(self.call.path_args["WorkspaceId"], visible=True)
        reply = {**_workspace(self.backend, workspace), "ResourceGroupId": workspace.resource_group_id}
        if self.params.bool("Verbose"):
            account = self.call.identity.account_id
            reply["Owner"] = {"UserId": account, "UserKp": account, "UserName": account, "DisplayName": account}
        return reply

    def list_workspaces(self) -> dict[str, Any]:
        p = self.params
        if p.get("Option") == "GetResourceLimits":
            return {"ResourceLimits": {}, "TotalCount": 0}
        found = self.backend.list_workspaces(
            name=p.get("WorkspaceName"),
            workspace_ids=p.comma_list("WorkspaceIds"),
            status=p.choice("Status", rules.WORKSPACE_STATUSES),
            sort_by=p.choice("SortBy", ("GmtCreateTime", "GmtModifiedTime"), "GmtCreateTime") or "GmtCreateTime",
            descending=p.choice("Order", ("ASC", "DESC"), "ASC") == "DESC",
        )
        number, size = self.paging(20, 1000)
        items = [
            {**_workspace(self.backend, w), "resourceGroupId": w.resource_group_id}
            for w in page_by_number(found, number, size)
        ]
        return {"Workspaces": items, "TotalCount": len(found)}

    def update_workspace(self) -> dict[str, Any]:
        body = self.body
        self.backend.update_workspace(
            self.call.path_args["WorkspaceId"], description=body.text("Description"),
            display_name=body.text("DisplayName"),
        )
        return {}

    def delete_workspace(self) -> dict[str, Any]:
        self.backend.delete_workspace(self.call.path_args["WorkspaceId"])
        return {}

    # -- datasets ----------------------------------------------------------------------------------------------
    def create_dataset(self) -> dict[str, Any]:
        body = self.body
        draft = Dataset(
            id="",
            name=body.required("Name"),
            description=body.text("Description", "") or "",
            property=body.choice("Property", rules.PROPERTIES) or body.required("Property"),
            data_source_type=body.choice("DataSourceType", rules.DATA_SOURCE_TYPES)
            or body.required("DataSourceType"),
            uri=body.required("Uri"),
            accessibility=body.choice("Accessibility", rules.ACCESSIBILITIES, "PRIVATE") or "PRIVATE",
            data_type=body.choice("DataType", rules.DATA_TYPES, "COMMON") or "COMMON",
            edition=body.choice("Edition", rules.EDITIONS, "BASIC") or "BASIC",
            provider_type=body.choice("ProviderType", rules.PROVIDER_TYPES, "Ecs") or "Ecs",
            options=body.text("Options", "") or "",
            import_info=body.text("ImportInfo", "") or "",
            labels=body.labels("Labels"),
            accessible_role_ids=body.strings("AccessibleRoleIdList") or [],
            read_write_role_ids=body.strings("MountAccessReadWriteRoleIdList") or [],
            source_type=body.text("SourceType", "USER") or "USER",
            source_id=body.text("SourceId", "") or "",
            user_id=body.text("UserId") or self.call.identity.account_id,
            version_description=body.text("VersionDescription", "") or "",
            version_labels=body.labels("VersionLabels"),
        )
        dataset = self.backend.create_dataset(body.text("WorkspaceId"), draft)
        return {"DatasetId": dataset.id}

    def get_dataset(self) -> dict[str, Any]:
        dataset = self.backend.get_dataset(self.call.path_args["DatasetId"], visible=True)
        return _dataset(self.backend, dataset)

    def list_datasets(self) -> dict[str, Any]:
        p = self.params
        found = self.backend.list_datasets(
            workspace_id=p.get("WorkspaceId"),
            name=p.get("Name"),
            data_source_types=p.comma_list("DataSourceTypes"),
            properties=p.comma_list("Properties"),
            data_types=p.comma_list("DataTypes"),
            dataset_ids=p.comma_list("DatasetIds"),
            label=p.get("Label"),
        )
        if p.choice("Order", ("ASC", "DESC"), "ASC") == "DESC":
            found.reverse()
        number, size = self.paging(10, 1000)
        return {"Datasets": [_dataset(self.backend, d) for d in page_by_number(found, number, size)],
                "TotalCount": len(found)}

    def update_dataset(self) -> dict[str, Any]:
        body = self.body
        changes = DatasetUpdate(
            name=body.text("Name"),
            description=body.text("Description"),
            options=body.text("Options"),
            accessibility=body.choice("Accessibility", rules.ACCESSIBILITIES),
            edition=body.choice("Edition", rules.EDITIONS),
            accessible_role_ids=body.strings("AccessibleRoleIdList"),
            read_write_role_ids=body.strings("MountAccessReadWriteRoleIdList"),
        )
        self.backend.update_dataset(self.call.path_args["DatasetId"], changes)
        return {}

    def delete_dataset(self) -> dict[str, Any]:
        self.backend.delete_dataset(self.call.path_args["DatasetId"])
        return {}
