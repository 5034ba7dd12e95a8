"""Routing of the fake AIWorkspace: API version 2021-02-04, ROA routes (region from the endpoint host)."""

from ..core.registry import RoaService, Route
from .models import AiWorkspaceBackend
from .responses import AiWorkspaceResponses

SERVICE = RoaService(
    name="aiworkspace",
    version="2021-02-04",
    backend=AiWorkspaceBackend,
    responses=AiWorkspaceResponses,
    routes=(
        Route("POST", "/api/v1/workspaces", "CreateWorkspace", "create_workspace"),
        Route("GET", "/api/v1/workspaces", "ListWorkspaces", "list_workspaces"),
        Route("GET", "/api/v1/workspaces/<WorkspaceId>", "GetWorkspace", "get_workspace"),
        Route("PUT", "/api/v1/workspaces/<WorkspaceId>", "UpdateWorkspace", "update_workspace"),
        Route("DELETE", "/api/v1/workspaces/<WorkspaceId>", "DeleteWorkspace", "delete_workspace"),
        Route("POST", "/api/v1/datasets", "CreateDataset", "create_dataset"),
        Route("GET", "/api/v1/datasets", "ListDatasets", "list_datasets"),
        Route("GET", "/api/v1/datasets/<DatasetId>", "GetDataset", "get_dataset"),
        Route("PUT", "/api/v1/datasets/<DatasetId>", "UpdateDataset", "update_dataset"),
        Route("DELETE", "/api/v1/datasets/<DatasetId>", "DeleteDataset", "delete_dataset"),
    ),
)
