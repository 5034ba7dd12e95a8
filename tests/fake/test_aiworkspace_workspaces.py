"""AIWorkspace workspaces through the official client: INITIALIZING -> ENABLED, the default workspace, names,
list filters, updates, deletes (async; refused for the default workspace and while datasets remain)."""

from __future__ import annotations

import re

import pytest
from alibabacloud_aiworkspace20210204 import models as ai
from alibabacloud_aiworkspace20210204.client import Client as AiClient

from dlc_provider.fake import DEFAULT_ACCOUNT_ID

from .builders import create_workspace
from .doors import Door, api_error

MILLIS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def client(door: Door) -> AiClient:
    return AiClient(door.config())



def get_workspace(door: Door, workspace_id: str, verbose: bool = False) -> ai.GetWorkspaceResponseBody:
    return client(door).get_workspace(workspace_id, ai.GetWorkspaceRequest(verbose=verbose)).body


def list_workspaces(door: Door, **kwargs: object) -> ai.ListWorkspacesResponseBody:
    return client(door).list_workspaces(ai.ListWorkspacesRequest(**kwargs)).body


def test_create_get_update_delete(door: Door) -> None:
    workspace_id = create_workspace(door, display_name="Training", env_types=["dev", "prod"])
    assert workspace_id.isdigit()
    body = get_workspace(door, workspace_id, verbose=True)
    assert (body.workspace_id, body.workspace_name, body.display_name, body.description, body.status) == (
        workspace_id, "train_ws", "Training", "training", "ENABLED")
    assert (body.env_types, body.is_default, body.creator, body.owner.user_id) == (
        ["dev", "prod"], False, DEFAULT_ACCOUNT_ID, DEFAULT_ACCOUNT_ID)
    assert MILLIS.fullmatch(body.gmt_create_time) and MILLIS.fullmatch(body.gmt_modified_time)
    assert get_workspace(door, workspace_id).owner is None

    client(door).update_workspace(workspace_id, ai.UpdateWorkspaceRequest(description="changed",
                                                                          display_name="Renamed"))
    body = get_workspace(door, workspace_id)
    assert (body.description, body.display_name) == ("changed", "Renamed")

    client(door).delete_workspace(workspace_id, ai.DeleteWorkspaceRequest())
    with api_error("100400027", 404):
        get_workspace(door, workspace_id)
    with api_error("100400027", 404):
        client(door).delete_workspace(workspace_id, ai.DeleteWorkspaceRequest())


def test_the_default_workspace(door: Door) -> None:
    (default,) = list_workspaces(door).workspaces
    assert (default.workspace_name, default.is_default, default.status) == ("default_workspace", True, "ENABLED")
    with api_error("OperationDenied.DefaultWorkspace", 403):
        client(door).delete_workspace(default.workspace_id, ai.DeleteWorkspaceRequest())
    assert door.cloud.is_empty()  # built in: not a user resource


def test_list_filters_and_pages(door: Door) -> None:
    first = create_workspace(door, "alpha_ws")
    second = create_workspace(door, "beta_ws")
    everything = list_workspaces(door)
    assert everything.total_count == 3
    assert [w.workspace_name for w in everything.workspaces] == ["default_workspace", "alpha_ws", "beta_ws"]
    assert everything.workspaces[1].resource_group_id.startswith("rg-")
    assert [w.workspace_id for w in list_workspaces(door, workspace_name="beta").workspaces] == [second]
    assert [w.workspace_id for w in list_workspaces(door, workspace_ids=f"{first},{second}").workspaces] == [
        first, second]
    newest = list_workspaces(door, order="DESC", page_size=1)
    assert (newest.total_count, [w.workspace_id for w in newest.workspaces]) == (3, [second])


def test_life_cycle_on_a_manual_clock(door: Door) -> None:
    door.cloud.settings.latency = "manual"
    workspace_id = create_workspace(door)
    assert get_workspace(door, workspace_id).status == "INITIALIZING"
    door.cloud.clock.advance(5)
    assert get_workspace(door, workspace_id).status == "ENABLED"
    client(door).delete_workspace(workspace_id, ai.DeleteWorkspaceRequest())
    assert get_workspace(door, workspace_id).status == "DELETING"
    door.cloud.clock.advance(3)
    with api_error("100400027", 404):
        get_workspace(door, workspace_id)


@pytest.mark.parametrize(
    ("name", "fields", "code"),
    [
        ("ab", {}, "InvalidParameter"),
        ("1_workspace", {}, "InvalidParameter"),
        ("has-dash", {}, "InvalidParameter"),
        ("a" * 24, {}, "InvalidParameter"),
        ("good_name", {"description": "d" * 81}, "InvalidParameter"),
        ("good_name", {"env_types": ["dev"]}, "InvalidParameter"),
        ("good_name", {"env_types": ["prod", "test"]}, "InvalidParameter"),
        ("good_name", {"description": None}, "MissingParameter"),
        ("good_name", {"env_types": None}, "MissingParameter"),
    ],
)
def test_create_rules(door: Door, name: str, fields: dict[str, object], code: str) -> None:
    with api_error(code, 400):
        create_workspace(door, name, **fields)
    assert door.cloud.is_empty()


def test_names_are_unique_in_a_region(door: Door) -> None:
    create_workspace(door)
    with api_error("WorkspaceNameAlreadyExists", 400):
        create_workspace(door)
