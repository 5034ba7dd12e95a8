"""Dataset behaviour beyond the shared suite: the URI and ImportInfo built from the file system and mount
target, the data source type, default mount access, name clashes, replacement order and validation."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest

from dlc_provider.clients import aiworkspace as ws_api
from dlc_provider.errors import DlcError
from dlc_provider.fake import DEFAULT_REGION
from dlc_provider.resources import DatasetProvider
from dlc_provider.specs.dataset import data_source_type_of

from ._cloud import IDENTITY, Env, cloud, env, isolated  # noqa: F401  (fixtures)
from ._cloud import assert_refused
from ._cloud import failures as check_failures
from ._dataset_cases import _cpfs, _nas

failures = functools.partial(check_failures, DatasetProvider)


def test_a_nas_dataset_points_at_the_file_system_through_the_mount_target(env: Env) -> None:
    ctx = _nas(env)

    _, created, _ = env.create(DatasetProvider, "ds", name="imagenet", file_system_id=ctx["fs"],
                               mount_target_domain=ctx["mt"], path="/data/imagenet", mount_path="/mnt/data")

    in_cloud = ws_api.get_dataset(env.session(), created.id)
    assert created.id.startswith("d-")
    assert created.outs["uri"] == f"nas://{ctx['fs']}.{DEFAULT_REGION}/data/imagenet/" == in_cloud["Uri"]
    assert created.outs["data_source_type"] == "NAS" == in_cloud["DataSourceType"]
    assert json.loads(in_cloud["ImportInfo"]) == {"fileSystemId": ctx["fs"], "mountTarget": ctx["mt"],
                                                  "path": "/data/imagenet/", "region": DEFAULT_REGION}
    assert json.loads(in_cloud["Options"]) == {"mountAccess": "RO", "mountPath": "/mnt/data/"}
    assert created.outs["mount_access"] == "RO"  # read-only unless asked otherwise


def test_a_cpfs_dataset_has_the_cpfs_data_source_type(env: Env) -> None:
    ctx = _cpfs(env)

    _, created, _ = env.create(DatasetProvider, "ds", name="ckpt", file_system_id=ctx["fs"], mount_access="RW")

    assert created.outs["data_source_type"] == "CPFS"
    assert created.outs["uri"] == f"nas://{ctx['fs']}.{DEFAULT_REGION}/"
    assert created.outs["mount_access"] == "RW"


def test_a_dataset_name_taken_by_someone_else_is_not_taken_over(env: Env) -> None:
    ctx = _nas(env)
    theirs = ws_api.create_dataset(env.session(), name="imagenet", workspace_id=None, data_source_type="NAS",
                                   property="DIRECTORY", uri=f"nas://{ctx['fs']}.{DEFAULT_REGION}/", description=None,
                                   accessibility=None, options=None, import_info=None, labels={})

    with pytest.raises(DlcError, match=f"adopt_id='{theirs}'"):
        env.create(DatasetProvider, "ds", name="imagenet", file_system_id=ctx["fs"])


def test_a_replaced_dataset_in_the_same_workspace_is_deleted_first(env: Env) -> None:
    olds = {"name": "n", "file_system_id": "1ca404c0a3", "path": "/", "workspace_id": "1", "property": "DIRECTORY"}

    same = DatasetProvider().diff("d-1", olds, {**IDENTITY, **olds, "path": "/other/"})
    moved = DatasetProvider().diff("d-1", olds, {**IDENTITY, **olds, "workspace_id": "2"})

    assert same.replaces == ["path"] and same.delete_before_replace is True
    assert moved.replaces == ["workspace_id"] and moved.delete_before_replace is False


@pytest.mark.parametrize(
    ("file_system_id", "kind"),
    [("1ca404c0a3", "NAS"), ("extreme-0015c0a3b1", "EXTREMENAS"), ("cpfs-0123456789abcdef", "CPFS")],
)
def test_the_data_source_type_follows_the_file_system(file_system_id: str, kind: str) -> None:
    assert data_source_type_of(file_system_id) == kind


@pytest.mark.parametrize(
    ("inputs", "path", "rule"),
    [
        ({"name": "_hidden", "file_system_id": "1ca404c0a3"}, "name", "not starting with _ or -"),
        ({"name": "n", "file_system_id": "nas://1ca404c0a3"}, "file_system_id", "not a NAS or CPFS"),
        ({"name": "n", "file_system_id": "1ca404c0a3", "path": "/a/../b"}, "path", "absolute path"),
        ({"name": "n", "file_system_id": "1ca404c0a3", "mount_target_domain": "other-abcde.cn-hangzhou.nas.aliyuncs.com"},
         "mount_target_domain", "not a mount target of 1ca404c0a3"),
        ({"name": "n", "file_system_id": "1ca404c0a3", "property": "folder"}, "property", "DIRECTORY"),
        ({"name": "n", "file_system_id": "1ca404c0a3", "accessibility": "ROLE_PUBLIC"}, "accessibility", "PRIVATE"),
    ],
)
def test_dataset_rules_fail_with_the_path_the_user_wrote(inputs: dict[str, Any], path: str, rule: str) -> None:
    assert_refused(DatasetProvider, inputs, path, rule)


def test_changing_the_mount_access_keeps_the_rest_of_the_options(env: Env) -> None:
    ctx = _nas(env)
    provider, created, checked = env.create(DatasetProvider, "ds", name="imagenet", file_system_id=ctx["fs"])
    ws_api.update_dataset(env.session(), created.id, options=json.dumps({"mountAccess": "RO", "mountPath": "/m/",
                                                                         "other": 1}))

    provider.update(created.id, created.outs, {**checked, "mount_access": "RW"})

    assert json.loads(ws_api.get_dataset(env.session(), created.id)["Options"]) == {
        "mountAccess": "RW", "mountPath": "/m/", "other": 1}
