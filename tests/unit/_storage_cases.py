"""One `Case` per NAS resource (file systems, CPFS, access groups and rules, mount targets)."""

from __future__ import annotations

from typing import Any

from dlc_provider.clients import nas as nas_api
from dlc_provider.resources import VpcProvider, VSwitchProvider
from dlc_provider.resources.storage import (
    CpfsFileSystemProvider,
    NasAccessGroupProvider,
    NasAccessRuleProvider,
    NasFileSystemProvider,
    NasMountTargetProvider,
)

from ._cloud import Env
from ._suite import Case

ZONE_A, ZONE_B = "cn-hangzhou-h", "cn-hangzhou-i"


def _touch_nas(env: Env) -> None:
    """Make the NAS backend exist (with its built-in groups) before a test takes its inventory."""
    nas_api.list_file_systems(env.session())


def _nothing(env: Env) -> dict[str, Any]:
    _touch_nas(env)
    return {}


def _network(env: Env, ctx: dict[str, Any]) -> dict[str, Any]:
    _touch_nas(env)
    ctx["vpc"] = env.create(VpcProvider, "pre-vpc", cidr_block="10.0.0.0/16")[1].id
    ctx["vsw_a"] = env.create(VSwitchProvider, "pre-a", vpc_id=ctx["vpc"], zone_id=ZONE_A, cidr_block="10.0.1.0/24")[1].id
    ctx["vsw_b"] = env.create(VSwitchProvider, "pre-b", vpc_id=ctx["vpc"], zone_id=ZONE_B, cidr_block="10.0.2.0/24")[1].id
    return ctx


def _groups(env: Env) -> dict[str, Any]:
    ctx = _nothing(env)
    ctx["group"] = env.create(NasAccessGroupProvider, "pre-group", name="workers")[1].id
    ctx["group2"] = env.create(NasAccessGroupProvider, "pre-group-2", name="others")[1].id
    return ctx


def _file_system(env: Env) -> dict[str, Any]:
    ctx = _network(env, {})
    ctx["fs"] = env.create(NasFileSystemProvider, "pre-fs", storage_type="Capacity", zone_id=ZONE_A)[1].id
    ctx["group"] = env.create(NasAccessGroupProvider, "pre-group", name="workers")[1].id
    return ctx


# --- out of band ------------------------------------------------------------------------------------------------


def _oob_fs(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    fs = nas_api.create_file_system(
        env.session(), file_system_type="standard", protocol_type="NFS", storage_type="Performance", zone_id=ZONE_B,
        capacity=None, bandwidth=None, encrypt_type=None, kms_key_id=None, description="legacy", vpc_id=None,
        vswitch_id=None, resource_group_id=None, tags={"owner": "ops"}, client_token="oob-fs",
    )
    return fs, {"storage_type": "Performance", "zone_id": ZONE_B, "description": "legacy"}


def _oob_cpfs(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    fs = nas_api.create_file_system(
        env.session(), file_system_type="cpfs", protocol_type="cpfs", storage_type="economic", zone_id=ZONE_B,
        capacity=3600, bandwidth=None, encrypt_type=None, kms_key_id=None, description=None, vpc_id=ctx["vpc"],
        vswitch_id=ctx["vsw_b"], resource_group_id=None, tags={}, client_token="oob-cpfs",
    )
    return fs, {"storage_type": "economic", "zone_id": ZONE_B, "capacity": 3600, "vpc_id": ctx["vpc"],
                "vswitch_id": ctx["vsw_b"]}


def _oob_group(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    name = nas_api.create_access_group(env.session(), name="legacy", file_system_type="standard",
                                       description="Made in the console")
    return name, {"name": "legacy", "description": "Made in the console"}


def _oob_rule(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    rule = nas_api.create_access_rule(env.session(), group=ctx["group"], file_system_type="standard",
                                      source_cidr_ip="192.168.0.0/16", rw_access="RDONLY", user_access="root_squash",
                                      priority=5)
    return f"{ctx['group']}/{rule}", {"access_group_name": ctx["group"], "source_cidr_ip": "192.168.0.0/16",
                                      "rw_access": "RDONLY", "user_access": "root_squash", "priority": 5}


def _oob_mount_target(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    domain = nas_api.create_mount_target(env.session(), file_system_id=ctx["fs"], vpc_id=ctx["vpc"],
                                         vswitch_id=ctx["vsw_b"], access_group_name=None, security_group_id=None)
    return domain, {"file_system_id": ctx["fs"], "vpc_id": ctx["vpc"], "vswitch_id": ctx["vsw_b"]}


CASES = [
    Case(
        name="nas_file_system", provider=NasFileSystemProvider, create_action="CreateFileSystem",
        delete_action="DeleteFileSystem", setup=_nothing,
        inputs=lambda ctx: {"storage_type": "Capacity", "zone_id": ZONE_A, "description": "training data",
                            "tags": {"team": "ml", "env": "dev"}},
        # Tags: one changed, one added, one removed (TagResources and UntagResources in one update).
        update={"description": "renamed data", "tags": {"team": "research", "owner": "ops"}},
        replace=lambda ctx: {"storage_type": "Performance"},
        invalid=({"capacity": 500}, "capacity"),
        out_of_band=_oob_fs,
    ),
    Case(
        name="nas_extreme", provider=NasFileSystemProvider, create_action="CreateFileSystem",
        delete_action="DeleteFileSystem", setup=_nothing,
        inputs=lambda ctx: {"file_system_type": "extreme", "storage_type": "standard", "zone_id": ZONE_A,
                            "capacity": 100},
        update={"capacity": 200},
        replace=lambda ctx: {"zone_id": ZONE_B},
        invalid=({"protocol_type": "SMB"}, "protocol_type"),
        out_of_band=_oob_fs,
    ),
    Case(
        name="cpfs_file_system", provider=CpfsFileSystemProvider, create_action="CreateFileSystem",
        delete_action="DeleteFileSystem", setup=lambda env: _network(env, {}),
        inputs=lambda ctx: {"storage_type": "advance_100", "zone_id": ZONE_A, "capacity": 3600,
                            "vpc_id": ctx["vpc"], "vswitch_id": ctx["vsw_a"], "description": "hot data",
                            "tags": {"team": "hpc", "env": "dev"}},
        update={"description": "hotter data", "tags": {"team": "sim", "owner": "ops"}},
        replace=lambda ctx: {"zone_id": ZONE_B, "vswitch_id": ctx["vsw_b"]},
        invalid=({"capacity": 100}, "capacity"),
        out_of_band=_oob_cpfs,
    ),
    Case(
        name="nas_access_group", provider=NasAccessGroupProvider, create_action="CreateAccessGroup",
        delete_action="DeleteAccessGroup", setup=_nothing,
        inputs=lambda ctx: {"name": "trainers", "description": "Training nodes"},
        update={"description": "All training nodes"},
        replace=lambda ctx: {"name": "trainers-2"},
        invalid=({"name": "9lives"}, "name"),
        out_of_band=_oob_group, missing=lambda name: name + "-missing", instant=True, same_id_again=True,
    ),
    Case(
        name="nas_access_rule", provider=NasAccessRuleProvider, create_action="CreateAccessRule",
        delete_action="DeleteAccessRule", setup=_groups,
        inputs=lambda ctx: {"access_group_name": ctx["group"], "source_cidr_ip": "10.0.0.0/16"},
        update={"rw_access": "RDONLY", "priority": 10, "source_cidr_ip": "10.1.0.0/16"},
        replace=lambda ctx: {"access_group_name": ctx["group2"]},
        invalid=({"priority": 101}, "priority"),
        out_of_band=_oob_rule, missing=lambda rule_id: rule_id.rpartition("/")[0] + "/999", instant=True,
    ),
    Case(
        name="nas_mount_target", provider=NasMountTargetProvider, create_action="CreateMountTarget",
        delete_action="DeleteMountTarget", setup=_file_system,
        inputs=lambda ctx: {"file_system_id": ctx["fs"], "vpc_id": ctx["vpc"], "vswitch_id": ctx["vsw_a"],
                            "access_group_name": ctx["group"]},
        update={"access_group_name": "DEFAULT_VPC_GROUP_NAME"},
        replace=lambda ctx: {"vswitch_id": ctx["vsw_b"]},
        invalid=({"vswitch_id": "vpc-123"}, "vswitch_id"),
        out_of_band=_oob_mount_target, missing=lambda domain: domain.replace("-", "-zz", 1),
    ),
]
