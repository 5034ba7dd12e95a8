"""DlcJob validation at `pulumi preview`: unknown inputs never fail, known ones are still checked."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime.rpc import UNKNOWN as PULUMI_UNKNOWN

from dlc_provider.specs.dlc import UNKNOWN, check_spec, find_unknowns, validate_spec, validation_failures

BASE: dict[str, Any] = {
    "display_name": "train-1",
    "command": "python train.py",
    "framework": "pytorch",
    "image": "registry.example.com/team/train:1.0",
    "roles": {"worker": {"spec": "ecs.g6.large"}},
}
CPFS = {"kind": "cpfs", "uri": "nas://cpfs-0123.cn-hangzhou/share/", "mount_path": "/mnt/cpfs", "vpc_id": "vpc-2"}


def job(**fields: Any) -> dict[str, Any]:
    return {**BASE, **fields}


def test_the_sentinel_is_pulumis() -> None:
    assert UNKNOWN == PULUMI_UNKNOWN


def test_find_unknowns_reports_paths() -> None:
    data = job(network={"vpc_id": UNKNOWN, "extended_cidrs": ["10.0.0.0/8", UNKNOWN]}, data_sources=[UNKNOWN])
    assert sorted(find_unknowns(data), key=str) == sorted(
        [("network", "vpc_id"), ("network", "extended_cidrs", 1), ("data_sources", 0)], key=str
    )


@pytest.mark.parametrize(
    "data",
    [
        # The VPC comes from another resource: CPFS needs a VPC, and its VPC must match — neither is judged.
        job(network={"vpc_id": UNKNOWN, "security_group_id": "sg-1"}, storage_mounts=[CPFS]),
        # A CIDR from a Vpc output; the vSwitch rule (needs extended CIDRs) must not fire.
        job(network={"vpc_id": "vpc-1", "security_group_id": "sg-1", "vswitch_id": "vsw", "extended_cidrs": [UNKNOWN]}),
        job(network={"vpc_id": "vpc-1", "security_group_id": "sg-1", "vswitch_id": "vsw", "extended_cidrs": UNKNOWN}),
        job(network=UNKNOWN, storage_mounts=[CPFS]),
        job(roles=UNKNOWN),
        job(roles={"worker": UNKNOWN}),
        job(roles={"worker": {"spec": UNKNOWN}}),  # the public limit cannot be judged
        job(roles={"worker": {"spec": "ecs.g6.large", "count": UNKNOWN}}),
        job(image=UNKNOWN),
        job(ram_role=UNKNOWN),
        job(ram_role={"kind": "custom", "role_arn": UNKNOWN}),  # the ARN pattern cannot be judged
        job(resources=UNKNOWN, roles={"worker": {"cpu": 4, "memory": "8Gi"}}),
        job(resources={"source": "quota", "quota_id": UNKNOWN}, roles={"worker": {"cpu": 4, "memory": "8Gi"}}),
        job(resource_type=UNKNOWN, framework="xgboost"),
        job(display_name=UNKNOWN, command=UNKNOWN, tags=UNKNOWN, envs={"A": UNKNOWN}),
        job(data_sources=[UNKNOWN, {"kind": "custom_dataset", "dataset_id": UNKNOWN, "mount_path": "/mnt/d"}]),
        # Two unknown mount paths are not duplicates.
        job(storage_mounts=[{"kind": "oss", "uri": UNKNOWN, "mount_path": UNKNOWN}] * 2),
        job(priority=UNKNOWN, stopped=UNKNOWN, wait_until="succeeded"),
        job(advanced={"ray_redis_password": "pw", "ray_redis_address": UNKNOWN}, framework=UNKNOWN),
        job(command="x" * 70_000, description=UNKNOWN),  # the size depends on the unknown
    ],
)
def test_unknowns_never_fail(data: dict[str, Any]) -> None:
    assert validation_failures(data, "cn-hangzhou") == []


def test_known_parts_are_still_checked() -> None:
    data = job(
        network={"vpc_id": UNKNOWN, "security_group_id": "sg-1"},
        roles={"worker": {"spec": "ecs.g6.large"}, "ps": {"spec": "ecs.g6.large"}},
        storage_mounts=[CPFS],
    )
    assert validation_failures(data) == [
        ("roles.ps", "the PS role is not part of PyTorch jobs (PyTorch takes: master, worker)")
    ]


def test_field_failures_next_to_unknowns_keep_their_paths() -> None:
    data = job(
        data_sources=[UNKNOWN, {"kind": "custom_dataset", "dataset_id": "d-1", "mount_path": "data"}],
        network={"vpc_id": "vpc-1", "security_group_id": "sg-1", "extended_cidrs": [UNKNOWN, "nonsense"]},
        priority=42,
    )
    assert sorted(path for path, _ in validation_failures(data)) == [
        "data_sources[1].mount_path",
        "network.extended_cidrs[1]",
        "priority",
    ]


def test_a_known_missing_value_is_still_required() -> None:
    data = job(resources={"source": "quota", "quota_id": UNKNOWN}, roles={"worker": {"cpu": UNKNOWN}})
    assert [path for path, _ in validation_failures(data)] == ["roles.worker.memory"]


def test_spec_is_only_returned_for_fully_known_input() -> None:
    spec, failures = check_spec(job(workspace_id=UNKNOWN))
    assert spec is None and failures == []
    spec, failures = check_spec(job(workspace_id="123"))
    assert spec is not None and spec.workspace_id == "123"
    with pytest.raises(ValueError, match="unknown values"):
        validate_spec(job(workspace_id=UNKNOWN))


def test_engine_keys_are_ignored() -> None:
    assert validation_failures({**BASE, "__provider": "pickled"}) == []
