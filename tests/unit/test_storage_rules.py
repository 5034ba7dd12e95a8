"""NAS behaviour beyond the shared suite: delete ordering, name clashes, creation markers, mount-target
waits and replacement order, and the validation rules of the storage specs."""

from __future__ import annotations

from typing import Any

import pytest

from dlc_provider.clients import nas as nas_api
from dlc_provider.errors import DependencyViolation, DlcError
from dlc_provider.resources import (
    CpfsFileSystemProvider,
    NasAccessGroupProvider,
    NasAccessRuleProvider,
    NasFileSystemProvider,
    NasMountTargetProvider,
    VpcProvider,
    VSwitchProvider,
)
from dlc_provider.resources.nas_access import split_marker, with_marker
from dlc_provider.waiting import add_progress_listener

from ._cloud import IDENTITY, Env, assert_refused, cloud, env, failures, isolated, manual_env  # noqa: F401  (fixtures)
from ._storage_cases import ZONE_A, _file_system

def test_a_file_system_with_a_mount_target_is_not_deleted_until_the_mount_target_is_gone(env: Env) -> None:
    ctx = _file_system(env)
    fs_provider = env.provider(NasFileSystemProvider)
    fs_outs = fs_provider.read(ctx["fs"], {}).outs
    mt_provider, mount_target, _ = env.create(NasMountTargetProvider, "mt", file_system_id=ctx["fs"],
                                              vpc_id=ctx["vpc"], vswitch_id=ctx["vsw_a"])

    with pytest.raises(DependencyViolation, match="still refused"):
        fs_provider.delete(ctx["fs"], {**fs_outs, "timeouts": {"delete": 0.001}})
    assert fs_provider.read(ctx["fs"], fs_outs).id == ctx["fs"]

    mt_provider.delete(mount_target.id, mount_target.outs)  # the order the engine follows (explicit input)
    fs_provider.delete(ctx["fs"], fs_outs)
    assert fs_provider.read(ctx["fs"], fs_outs).id == ""


def test_the_mount_target_outputs_the_domain_a_job_mounts_and_waits_until_active(manual_env: Env) -> None:
    env = manual_env
    vpc = env.create(VpcProvider, "vpc", cidr_block="10.0.0.0/16")[1].id
    vsw = env.create(VSwitchProvider, "vsw", vpc_id=vpc, zone_id=ZONE_A, cidr_block="10.0.1.0/24")[1].id
    fs = env.create(NasFileSystemProvider, "fs", storage_type="Performance", zone_id=ZONE_A)[1].id
    events: list[Any] = []
    remove = add_progress_listener(events.append)
    try:
        _, created, _ = env.create(NasMountTargetProvider, "mt", file_system_id=fs, vpc_id=vpc, vswitch_id=vsw)
    finally:
        remove()

    assert created.outs["status"] == "Active"
    assert created.outs["mount_domain"] == created.id
    assert created.id.startswith(fs) and created.id.endswith(".nas.aliyuncs.com")
    assert created.outs["access_group_name"] == "DEFAULT_VPC_GROUP_NAME"
    statuses = [e.status for e in events if e.kind == "NAS mount target"]
    assert "Pending" in statuses and statuses[-1] == "Active"  # the wait was visible
    assert sum(env.sleeps) >= 3  # the fake's mount target takes 3 s (fake seconds)


def test_a_cpfs_mount_target_uses_no_access_group(env: Env) -> None:
    ctx = _file_system(env)
    cpfs = env.create(CpfsFileSystemProvider, "cpfs", storage_type="economic", zone_id=ZONE_A, capacity=3600,
                      vpc_id=ctx["vpc"], vswitch_id=ctx["vsw_a"])[1].id

    _, created, _ = env.create(NasMountTargetProvider, "mt", file_system_id=cpfs, vpc_id=ctx["vpc"],
                               vswitch_id=ctx["vsw_a"])

    assert created.outs["access_group_name"] is None
    assert failures(NasMountTargetProvider, file_system_id=cpfs, vpc_id=ctx["vpc"], vswitch_id=ctx["vsw_a"],
                    access_group_name="workers") == {"access_group_name": "CPFS mount targets use no access group"}


def test_a_mount_target_made_elsewhere_in_the_same_vswitch_is_not_taken_over(env: Env) -> None:
    ctx = _file_system(env)
    theirs = nas_api.create_mount_target(env.session(), file_system_id=ctx["fs"], vpc_id=ctx["vpc"],
                                         vswitch_id=ctx["vsw_a"], access_group_name=None, security_group_id=None)

    with pytest.raises(DlcError, match=f"adopt_id='{theirs}'"):
        env.create(NasMountTargetProvider, "mt", file_system_id=ctx["fs"], vpc_id=ctx["vpc"], vswitch_id=ctx["vsw_a"],
                   access_group_name=ctx["group"])


def test_a_mount_target_replaced_in_the_same_vswitch_is_deleted_first(env: Env) -> None:
    provider = NasMountTargetProvider()
    olds = {"file_system_id": "1ca404c0a3", "vpc_id": "vpc-1", "vswitch_id": "vsw-1", "security_group_id": None}

    same_place = provider.diff("d", olds, {**IDENTITY, **olds, "security_group_id": "sg-1"})
    elsewhere = provider.diff("d", olds, {**IDENTITY, **olds, "vswitch_id": "vsw-2"})

    assert same_place.replaces == ["security_group_id"] and same_place.delete_before_replace is True
    assert elsewhere.replaces == ["vswitch_id"] and elsewhere.delete_before_replace is False


def test_an_access_group_made_elsewhere_is_not_taken_over(env: Env) -> None:
    nas_api.create_access_group(env.session(), name="shared", file_system_type="standard", description="Theirs")

    with pytest.raises(DlcError, match="adopt_id='shared'"):
        env.create(NasAccessGroupProvider, "group", name="shared")
    assert not env.calls("CreateAccessGroup", ok=False)  # refused before a create was sent


def test_the_access_group_marker_is_in_the_cloud_but_not_in_the_outputs(env: Env) -> None:
    provider, created, checked = env.create(NasAccessGroupProvider, "group", name="workers",
                                            description="Training nodes")
    in_cloud = nas_api.describe_access_group(env.session(), "workers", "standard")

    assert in_cloud is not None
    assert in_cloud["Description"] == f"Training nodes #{created.outs['creation_token']}"
    assert created.outs["description"] == "Training nodes"
    updated = provider.update(created.id, created.outs, {**checked, "description": "All nodes"})
    assert updated.outs["description"] == "All nodes"
    assert split_marker(nas_api.describe_access_group(env.session(), "workers", "standard")["Description"]) == (
        "All nodes", created.outs["creation_token"])


def test_markers_round_trip() -> None:
    token = "dlc" + "0" * 37
    assert split_marker(with_marker(None, token)) == ("", token)
    assert split_marker(with_marker("Nodes", token)) == ("Nodes", token)
    assert split_marker("Nodes #not-a-token") == ("Nodes #not-a-token", None)
    assert with_marker("Nodes", None) == "Nodes"


def test_an_access_rule_for_the_same_source_with_other_settings_is_not_taken_over(env: Env) -> None:
    group = env.create(NasAccessGroupProvider, "group", name="workers")[1].id
    nas_api.create_access_rule(env.session(), group=group, file_system_type="standard", source_cidr_ip="10.0.0.0/8",
                               rw_access="RDONLY", user_access="no_squash", priority=1)

    with pytest.raises(DlcError, match="adopt_id='workers/1'"):
        env.create(NasAccessRuleProvider, "rule", access_group_name=group, source_cidr_ip="10.0.0.0/8")


def test_a_file_system_capacity_never_shrinks(env: Env) -> None:
    provider, created, checked = env.create(NasFileSystemProvider, "fs", file_system_type="extreme",
                                            storage_type="standard", zone_id=ZONE_A, capacity=200)

    with pytest.raises(DlcError, match="capacity can only grow"):
        provider.update(created.id, created.outs, {**checked, "capacity": 100})


@pytest.mark.parametrize(
    ("provider_class", "inputs", "path", "rule"),
    [
        (NasFileSystemProvider, {"storage_type": "advance"}, "storage_type", "Performance, Capacity, Premium"),
        (NasFileSystemProvider, {"file_system_type": "extreme", "storage_type": "standard", "capacity": 100},
         "zone_id", "needs zone_id"),
        (NasFileSystemProvider, {"file_system_type": "extreme", "storage_type": "standard", "zone_id": ZONE_A},
         "capacity", "needs capacity"),
        (NasFileSystemProvider, {"storage_type": "Capacity", "description": "1st"}, "description", "letter"),
        (NasFileSystemProvider, {"storage_type": "Capacity", "encrypt_type": 2}, "kms_key_id", "needs kms_key_id"),
        (NasFileSystemProvider, {"storage_type": "Capacity", "file_system_type": "cpfs"}, "file_system_type", "standard"),
        (CpfsFileSystemProvider, {"storage_type": "economic", "zone_id": ZONE_A, "capacity": 3600, "vpc_id": "vpc-1",
                                  "vswitch_id": "sg-1"}, "vswitch_id", "not a vSwitch ID"),
        (NasAccessGroupProvider, {"name": "DEFAULT_VPC_GROUP_NAME"}, "name", "built-in"),
        (NasAccessGroupProvider, {"name": "ok-name", "description": "x" * 87}, "description", "2-86"),
        (NasAccessRuleProvider, {"access_group_name": "g", "source_cidr_ip": "::/0"}, "source_cidr_ip", "IPv4"),
        (NasAccessRuleProvider, {"access_group_name": "g", "source_cidr_ip": "10.0.0.0/8", "rw_access": "RW"},
         "rw_access", "RDWR"),
    ],
)
def test_storage_rules_fail_with_the_path_the_user_wrote(provider_class: type, inputs: dict[str, Any], path: str,
                                                          rule: str) -> None:
    assert_refused(provider_class, inputs, path, rule)


def test_providers_pickled_by_stacks_made_before_the_move_still_load(monkeypatch) -> None:
    """The access group and rule providers moved from resources.storage to resources.nas_access; states
    written before name the old module, which still exports them."""
    import pickle

    from dlc_provider.resources import nas_access

    for name in ("NasAccessGroupProvider", "NasAccessRuleProvider"):
        provider_class = getattr(nas_access, name)
        monkeypatch.setattr(provider_class, "__module__", "dlc_provider.resources.storage")
        old = pickle.dumps(provider_class())
        monkeypatch.undo()
        assert b"dlc_provider.resources.storage" in old
        assert type(pickle.loads(old)) is provider_class
