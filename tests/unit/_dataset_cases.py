"""`Case`s of the AIWorkspace `Dataset`: on general-purpose NAS through a mount target, and on CPFS."""

from __future__ import annotations

import json
from typing import Any

from dlc_provider.clients import aiworkspace as ws_api
from dlc_provider.fake import DEFAULT_REGION
from dlc_provider.resources.dataset import DatasetProvider
from dlc_provider.resources.storage import CpfsFileSystemProvider, NasFileSystemProvider, NasMountTargetProvider

from ._cloud import Env
from ._storage_cases import ZONE_A, _network
from ._suite import Case


def _touch_workspace(env: Env) -> None:
    ws_api.list_datasets(env.session(), workspace_id=None)


def _nas(env: Env) -> dict[str, Any]:
    ctx = _network(env, {})
    ctx["fs"] = env.create(NasFileSystemProvider, "pre-fs", storage_type="Capacity", zone_id=ZONE_A)[1].id
    ctx["mt"] = env.create(NasMountTargetProvider, "pre-mt", file_system_id=ctx["fs"], vpc_id=ctx["vpc"],
                           vswitch_id=ctx["vsw_a"])[1].id
    _touch_workspace(env)
    return ctx


def _cpfs(env: Env) -> dict[str, Any]:
    ctx = _network(env, {})
    ctx["fs"] = env.create(CpfsFileSystemProvider, "pre-cpfs", storage_type="economic", zone_id=ZONE_A,
                           capacity=3600, vpc_id=ctx["vpc"], vswitch_id=ctx["vsw_a"])[1].id
    _touch_workspace(env)
    return ctx


def _oob(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    kind = "CPFS" if ctx["fs"].startswith("cpfs-") else "NAS"
    dataset = ws_api.create_dataset(
        env.session(), name="legacy", workspace_id=None, data_source_type=kind, property="DIRECTORY",
        uri=f"nas://{ctx['fs']}.{DEFAULT_REGION}/old/", description="by hand", accessibility=None,
        options=json.dumps({"mountAccess": "RW"}), import_info=None, labels={},
    )
    return dataset, {"name": "legacy", "file_system_id": ctx["fs"], "path": "/old/", "mount_access": "RW"}


CASES = [
    Case(
        name="dataset_nas", provider=DatasetProvider, create_action="CreateDataset", delete_action="DeleteDataset",
        setup=_nas,
        inputs=lambda ctx: {"name": "imagenet", "file_system_id": ctx["fs"], "mount_target_domain": ctx["mt"],
                            "path": "/data/imagenet", "mount_path": "/mnt/data/"},
        update={"name": "imagenet-v2", "description": "now read-write", "mount_access": "RW"},
        replace=lambda ctx: {"path": "/data/other/"},
        invalid=({"path": "data/relative"}, "path"),
        out_of_band=_oob, missing=lambda dataset_id: dataset_id[:-4] + "9999", instant=True,
        delete_before_replace=True,  # the name stays and is unique in the workspace
    ),
    Case(
        name="dataset_cpfs", provider=DatasetProvider, create_action="CreateDataset", delete_action="DeleteDataset",
        setup=_cpfs,
        inputs=lambda ctx: {"name": "checkpoints", "file_system_id": ctx["fs"], "mount_access": "RW"},
        update={"mount_access": "RO", "mount_path": "/mnt/ckpt/", "accessibility": "PUBLIC"},
        replace=lambda ctx: {"property": "FILE"},
        invalid=({"mount_access": "WO"}, "mount_access"),
        out_of_band=_oob, missing=lambda dataset_id: dataset_id[:-4] + "9999", instant=True,
        delete_before_replace=True,  # the name stays and is unique in the workspace
    ),
]
