"""Retries after a dropped answer never make a second resource: by ClientToken (file systems), by the token
tag, marker or label on a name-keyed resource (RAM roles and policies, access groups, datasets). And a whole
storage/RAM/dataset stack sends each create once."""

from __future__ import annotations

from collections import Counter
import pytest

from dlc_provider.fake import FaultRule
from dlc_provider.resources import (
    DatasetProvider,
    NasAccessGroupProvider,
    NasAccessRuleProvider,
    NasFileSystemProvider,
    NasMountTargetProvider,
    RamPolicyProvider,
    RamRolePolicyAttachmentProvider,
    RamRoleProvider,
)

from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)
from ._dataset_cases import CASES as DATASET_CASES
from ._ram_cases import CASES as RAM_CASES
from ._storage_cases import CASES as STORAGE_CASES
from ._storage_cases import ZONE_A, _network
from ._suite import inventory

DROPPABLE = ["nas_file_system", "cpfs_file_system", "nas_access_group", "ram_role", "ram_policy", "dataset_nas"]
ALL_CASES = {case.name: case for case in [*STORAGE_CASES, *RAM_CASES, *DATASET_CASES]}


@pytest.mark.parametrize("name", DROPPABLE)
def test_a_dropped_answer_to_a_create_does_not_make_a_second_resource(env: Env, name: str) -> None:
    case = ALL_CASES[name]
    ctx = case.setup(env)
    before = inventory(env.cloud)
    env.cloud.settings.faults = [FaultRule(kind="drop", action=case.create_action, after=True, max_count=1)]

    _, created, _ = env.create(case.provider, "subject", **case.inputs(ctx))

    sent = env.cloud.calls(action=case.create_action)
    assert sent[-2].fault == "drop"  # the first answer was lost, the call was retried
    made = inventory(env.cloud) - before
    assert len(made) == 1, made
    assert env.provider(case.provider).read(created.id, created.outs).id == created.id


def test_a_whole_stack_sends_each_create_once(env: Env) -> None:
    """One training stack's storage, RAM and dataset, built in dependency order: each create sent once."""
    ctx = _network(env, {})
    fs = env.create(NasFileSystemProvider, "fs", storage_type="Capacity", zone_id=ZONE_A)[1].id
    group = env.create(NasAccessGroupProvider, "group", name="trainers")[1].id
    env.create(NasAccessRuleProvider, "rule", access_group_name=group, source_cidr_ip="10.0.0.0/16")
    mt = env.create(NasMountTargetProvider, "mt", file_system_id=fs, vpc_id=ctx["vpc"], vswitch_id=ctx["vsw_a"],
                    access_group_name=group)[1].id
    role = env.create(RamRoleProvider, "role", name="pai-jobs")[1].id
    policy = env.create(RamPolicyProvider, "policy", name="read-data", document={
        "Version": "1", "Statement": [{"Effect": "Allow", "Action": "nas:*", "Resource": "*"}]})[1].id
    env.create(RamRolePolicyAttachmentProvider, "attach", role_name=role, policy_name=policy)
    env.create(DatasetProvider, "ds", name="imagenet", file_system_id=fs, mount_target_domain=mt)

    creates = Counter(entry.action for entry in env.cloud.journal
                      if entry.ok and entry.action.startswith(("Create", "Attach")))
    assert creates["CreateFileSystem"] == 1
    assert {a: n for a, n in creates.items() if a not in ("CreateVpc", "CreateVSwitch")} == {
        "CreateFileSystem": 1, "CreateAccessGroup": 1, "CreateAccessRule": 1, "CreateMountTarget": 1,
        "CreateRole": 1, "CreatePolicy": 1, "AttachPolicyToRole": 1, "CreateDataset": 1,
    }
