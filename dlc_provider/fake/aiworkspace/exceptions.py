"""Errors of the fake AIWorkspace service.

The numeric codes are the service's own (`100400027` unknown workspace, HTTP 404; `201300003` for datasets,
both unknown (404, the status is the fake's choice) and duplicate names (400)). The named codes are the
fake's choices for situations without a documented code; see README.md, "Storage, RAM and workspaces".
"""

from __future__ import annotations

from ..core.errors import FakeError


class AiWorkspaceError(FakeError):
    status = 400


class WorkspaceNotExists(AiWorkspaceError):
    code, status, message = "100400027", 404, "Workspace not exists: {workspace_id}."


class DatasetNotExists(AiWorkspaceError):
    code, status, message = "201300003", 404, "Dataset not exists: {dataset_id}."


class DatasetNameExists(AiWorkspaceError):
    code, message = "201300003", "Dataset name already existed: {name}."


class WorkspaceNameExists(AiWorkspaceError):
    code, message = "WorkspaceNameAlreadyExists", "A workspace named {name} already exists in this region."


class WorkspaceNotEmpty(AiWorkspaceError):
    code, message = "WorkspaceNotEmpty", "The workspace {workspace_id} still has datasets; delete them first."


class DefaultWorkspaceDenied(AiWorkspaceError):
    code, status, message = "OperationDenied.DefaultWorkspace", 403, "The default workspace cannot be deleted."


class IncorrectWorkspaceStatus(AiWorkspaceError):
    code = "IncorrectWorkspaceStatus"
    message = "The workspace {workspace_id} is {current}; it must be ENABLED."
