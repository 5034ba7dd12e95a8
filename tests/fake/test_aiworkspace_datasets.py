"""AIWorkspace datasets through the official clients: NAS-, CPFS- and OSS-backed datasets, the default
workspace, URI and ImportInfo checks against the NAS service, names, updates, list filters, deletes."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from alibabacloud_aiworkspace20210204 import models as ai
from alibabacloud_aiworkspace20210204.client import Client as AiClient
from alibabacloud_nas20170626 import models as nas
from alibabacloud_nas20170626.client import Client as NasClient

from .builders import ZONE, create_vpc, create_vswitch
from .doors import Door, api_error

MILLIS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def client(door: Door) -> AiClient:
    return AiClient(door.config())


def create_fs(door: Door) -> str:
    request = nas.CreateFileSystemRequest(protocol_type="NFS", storage_type="Performance")
    return NasClient(door.config()).create_file_system(request).body.file_system_id


def create_dataset(door: Door, uri: str, name: str = "train-data", **kwargs: object) -> str:
    fields = {"property": "DIRECTORY", "data_source_type": "NAS", **kwargs}
    return client(door).create_dataset(ai.CreateDatasetRequest(name=name, uri=uri, **fields)).body.dataset_id


def get_dataset(door: Door, dataset_id: str) -> ai.GetDatasetResponseBody:
    return client(door).get_dataset(dataset_id, ai.GetDatasetRequest()).body


def test_nas_dataset_in_the_default_workspace(door: Door) -> None:
    fs_id = create_fs(door)
    uri = f"nas://{fs_id}.cn-hangzhou/data/imagenet/"
    dataset_id = create_dataset(door, uri, options=json.dumps({"mountPath": "/mnt/data/"}),
                                labels=[ai.Label(key="team", value="vision")], description="ImageNet")
    assert re.fullmatch(r"d-[a-z0-9]{20}", dataset_id)

    body = get_dataset(door, dataset_id)
    (default,) = client(door).list_workspaces(ai.ListWorkspacesRequest()).body.workspaces
    assert (body.dataset_id, body.name, body.workspace_id, body.uri, body.data_source_type, body.property) == (
        dataset_id, "train-data", default.workspace_id, uri, "NAS", "DIRECTORY")
    assert (body.accessibility, body.data_type, body.edition, body.description) == (
        "PRIVATE", "COMMON", "BASIC", "ImageNet")
    assert json.loads(body.options) == {"mountPath": "/mnt/data/"}
    assert [(label.key, label.value) for label in body.labels] == [("team", "vision")]
    assert (body.latest_version.version_name, body.latest_version.uri) == ("v1", uri)
    assert MILLIS.fullmatch(body.gmt_create_time) and MILLIS.fullmatch(body.gmt_modified_time)

    client(door).update_dataset(dataset_id, ai.UpdateDatasetRequest(description="changed", name="renamed",
                                                                    accessibility="PUBLIC"))
    body = get_dataset(door, dataset_id)
    assert (body.description, body.name, body.accessibility) == ("changed", "renamed", "PUBLIC")

    client(door).delete_dataset(dataset_id, ai.DeleteDatasetRequest())
    with api_error("201300003", 404):
        get_dataset(door, dataset_id)
    with api_error("201300003", 404):
        client(door).delete_dataset(dataset_id, ai.DeleteDatasetRequest())


def test_cpfs_and_oss_datasets_in_a_workspace(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    cpfs_id = NasClient(door.config()).create_file_system(nas.CreateFileSystemRequest(
        file_system_type="cpfs", protocol_type="cpfs", storage_type="advance_100", capacity=3600, zone_id=ZONE,
        vpc_id=vpc_id, v_switch_id=vswitch_id)).body.file_system_id
    workspace_id = client(door).create_workspace(ai.CreateWorkspaceRequest(
        workspace_name="train_ws", description="training", env_types=["prod"])).body.workspace_id

    cpfs = create_dataset(door, f"nas://{cpfs_id}.cn-hangzhou/ptc-0123456789abcdef/", "cpfs-data",
                          data_source_type="CPFS", workspace_id=workspace_id)
    oss = create_dataset(door, "oss://bucket.oss-cn-hangzhou.aliyuncs.com/data/", "oss-data",
                         data_source_type="OSS", workspace_id=workspace_id, property="FILE")
    assert get_dataset(door, cpfs).workspace_id == workspace_id

    listed = client(door).list_datasets(ai.ListDatasetsRequest(workspace_id=workspace_id)).body
    assert (listed.total_count, [d.dataset_id for d in listed.datasets]) == (2, [cpfs, oss])
    by_type = client(door).list_datasets(ai.ListDatasetsRequest(workspace_id=workspace_id, data_source_types="OSS"))
    assert [d.dataset_id for d in by_type.body.datasets] == [oss]
    by_name = client(door).list_datasets(ai.ListDatasetsRequest(workspace_id=workspace_id, name="cpfs"))
    assert [d.dataset_id for d in by_name.body.datasets] == [cpfs]
    assert client(door).list_datasets(ai.ListDatasetsRequest()).body.total_count == 0  # the default workspace

    with api_error("WorkspaceNotEmpty", 400):
        client(door).delete_workspace(workspace_id, ai.DeleteWorkspaceRequest())


def test_import_info_names_a_mount_target_of_the_file_system(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    fs_id = create_fs(door)
    domain = NasClient(door.config()).create_mount_target(nas.CreateMountTargetRequest(
        file_system_id=fs_id, network_type="Vpc", vpc_id=vpc_id, v_switch_id=vswitch_id)).body.mount_target_domain
    uri = f"nas://{fs_id}.cn-hangzhou/data/"
    info = {"region": "cn-hangzhou", "fileSystemId": fs_id, "path": "/data/", "mountTarget": domain}
    assert create_dataset(door, uri, import_info=json.dumps(info))
    with api_error("InvalidParameter", 400):
        create_dataset(door, uri, "other", import_info=json.dumps({**info, "mountTarget": "x.nas.aliyuncs.com"}))


@pytest.mark.parametrize(
    ("uri", "fields", "code", "status"),
    [
        ("nas://{fs}.cn-hangzhou/data/", {"name": "-dash-first"}, "InvalidParameter", 400),
        ("nas://{fs}.cn-hangzhou/data/", {"property": "FOLDER"}, "InvalidParameter", 400),
        ("nas://{fs}.cn-hangzhou/data/", {"data_source_type": "HDFS"}, "InvalidParameter", 400),
        ("nas://{fs}.cn-hangzhou/data/", {"property": None}, "MissingParameter", 400),
        ("nas://{fs}.cn-hangzhou/data/", {"options": "not json"}, "InvalidParameter", 400),
        ("nas://{fs}.cn-hangzhou/data/", {"workspace_id": "999999"}, "100400027", 404),
        ("nas://{fs}.cn-hangzhou/data/", {"data_source_type": "CPFS"}, "InvalidParameter", 400),  # not a CPFS ID
        ("nas://{fs}.cn-shanghai/data/", {}, "InvalidParameter", 400),  # another region
        ("nas://0123456789.cn-hangzhou/data/", {}, "InvalidParameter", 400),  # no such file system
        ("oss://bucket/data/", {}, "InvalidParameter", 400),  # an OSS URI on a NAS dataset
        ("nas://{fs}/data/", {}, "InvalidParameter", 400),
        ("nas://{fs}.cn-hangzhou/data/", {"data_source_type": "OSS"}, "InvalidParameter", 400),
    ],
)
def test_create_rules(door: Door, uri: str, fields: dict[str, Any], code: str, status: int) -> None:
    fs_id = create_fs(door)
    with api_error(code, status):
        create_dataset(door, uri.format(fs=fs_id), **fields)
    assert client(door).list_datasets(ai.ListDatasetsRequest()).body.total_count == 0


def test_names_are_unique_in_a_workspace(door: Door) -> None:
    uri = f"nas://{create_fs(door)}.cn-hangzhou/data/"
    create_dataset(door, uri)
    second = create_dataset(door, uri, "second")
    with api_error("201300003", 400):
        create_dataset(door, uri)
    with api_error("201300003", 400):
        client(door).update_dataset(second, ai.UpdateDatasetRequest(name="train-data"))


def test_datasets_wait_for_an_enabled_workspace(door: Door) -> None:
    door.cloud.settings.latency = "manual"
    workspace_id = client(door).create_workspace(ai.CreateWorkspaceRequest(
        workspace_name="train_ws", description="training", env_types=["prod"])).body.workspace_id
    uri = f"nas://{create_fs(door)}.cn-hangzhou/data/"  # a Pending file system is fine; the workspace is not
    with api_error("IncorrectWorkspaceStatus", 400):
        create_dataset(door, uri, workspace_id=workspace_id)
    door.cloud.clock.advance(5)
    assert create_dataset(door, uri, workspace_id=workspace_id)
