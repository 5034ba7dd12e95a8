"""The storage half of a training stack up and back down with SDK clients only, seeing the real statuses.

VPC -> vSwitch -> NAS file system -> access group -> rule -> mount target (Active) -> RAM role with policies
-> workspace -> dataset, then down in the documented order on a manual clock, polling as a provider would;
every out-of-order delete on the way is refused with the service's error, and the fake ends empty.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from alibabacloud_aiworkspace20210204 import models as ai
from alibabacloud_aiworkspace20210204.client import Client as AiClient
from alibabacloud_nas20170626 import models as nas
from alibabacloud_nas20170626.client import Client as NasClient
from alibabacloud_ram20150501 import models as ram
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_vpc20160428 import models as vpc

from .builders import REGION, ZONE
from .doors import Door, api_error

GONE = "<gone>"
GROUP = "walk-group"
ROLE = "WalkDlcRole"
TRUST = json.dumps({"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                   "Principal": {"Service": ["pai.aliyuncs.com"]}}], "Version": "1"})


def wait_for(door: Door, read: Callable[[], str], target: str, limit_seconds: int = 60) -> list[str]:
    """Poll `read` once per fake second until it says `target`; the distinct statuses seen on the way."""
    seen = [read()]
    for _ in range(limit_seconds):
        if seen[-1] == target:
            return [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] != s]
        door.cloud.clock.advance(1)
        seen.append(read())
    raise AssertionError(f"never reached {target}: {seen}")


def test_storage_walk_up_and_down(door: Door) -> None:
    door.cloud.settings.latency = "manual"
    network, storage = door.vpc(), NasClient(door.config())
    roles, workspaces = RamClient(door.config()), AiClient(door.config())

    def fs_status(fs_id: str) -> Callable[[], str]:
        def read() -> str:
            found = storage.describe_file_systems(nas.DescribeFileSystemsRequest(file_system_id=fs_id)).body
            return found.file_systems.file_system[0].status if found.total_count else GONE
        return read

    def mount_target_status(fs_id: str, domain: str) -> Callable[[], str]:
        def read() -> str:
            try:
                found = storage.describe_mount_targets(nas.DescribeMountTargetsRequest(
                    file_system_id=fs_id, mount_target_domain=domain)).body
            except AlibabaCloudException as error:
                assert error.code == "InvalidMountTarget.NotFound"
                return GONE
            return found.mount_targets.mount_target[0].status
        return read

    def workspace_status(workspace_id: str) -> Callable[[], str]:
        def read() -> str:
            try:
                return workspaces.get_workspace(workspace_id, ai.GetWorkspaceRequest()).body.status
            except AlibabaCloudException as error:
                assert error.code == "100400027"
                return GONE
        return read

    # -- up -------------------------------------------------------------------------------------------------
    vpc_id = network.create_vpc(vpc.CreateVpcRequest(region_id=REGION, cidr_block="10.0.0.0/16")).body.vpc_id
    door.cloud.clock.advance(2)
    vswitch_id = network.create_vswitch(vpc.CreateVSwitchRequest(
        region_id=REGION, vpc_id=vpc_id, zone_id=ZONE, cidr_block="10.0.1.0/24")).body.v_switch_id
    door.cloud.clock.advance(2)

    fs_id = storage.create_file_system(nas.CreateFileSystemRequest(
        protocol_type="NFS", storage_type="Performance", description="walk data", client_token="walk-fs",
    )).body.file_system_id
    assert wait_for(door, fs_status(fs_id), "Running") == ["Pending", "Running"]

    storage.create_access_group(nas.CreateAccessGroupRequest(access_group_name=GROUP, access_group_type="Vpc"))
    rule_id = storage.create_access_rule(nas.CreateAccessRuleRequest(
        access_group_name=GROUP, source_cidr_ip="10.0.0.0/16", rwaccess_type="RDWR", priority=1)).body.access_rule_id

    domain = storage.create_mount_target(nas.CreateMountTargetRequest(
        file_system_id=fs_id, network_type="Vpc", vpc_id=vpc_id, v_switch_id=vswitch_id, access_group_name=GROUP,
    )).body.mount_target_domain
    assert wait_for(door, mount_target_status(fs_id, domain), "Active") == ["Pending", "Active"]

    roles.create_role(ram.CreateRoleRequest(role_name=ROLE, assume_role_policy_document=TRUST))
    for policy in ("AliyunPAIFullAccess", "AliyunNASFullAccess"):
        roles.attach_policy_to_role(ram.AttachPolicyToRoleRequest(policy_type="System", policy_name=policy,
                                                                  role_name=ROLE))

    workspace_id = workspaces.create_workspace(ai.CreateWorkspaceRequest(
        workspace_name="walk_ws", description="walk", env_types=["prod"])).body.workspace_id
    assert wait_for(door, workspace_status(workspace_id), "ENABLED") == ["INITIALIZING", "ENABLED"]
    dataset_id = workspaces.create_dataset(ai.CreateDatasetRequest(
        workspace_id=workspace_id, name="walk-data", property="DIRECTORY", data_source_type="NAS",
        uri=f"nas://{fs_id}.{REGION}/data/", import_info=json.dumps({"fileSystemId": fs_id, "mountTarget": domain}),
    )).body.dataset_id
    assert set(door.cloud.dump()) == {"vpc", "nas", "ram", "aiworkspace"}

    # -- out of order: refused, nothing removed -------------------------------------------------------------
    with api_error("WorkspaceNotEmpty", 400):
        workspaces.delete_workspace(workspace_id, ai.DeleteWorkspaceRequest())
    with api_error("DeleteConflict.Role.Policy", 409):
        roles.delete_role(ram.DeleteRoleRequest(role_name=ROLE))
    with api_error("OperationDenied.DependencyViolation", 403):
        storage.delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))
    with api_error("OperationDenied.DependencyViolation", 403):
        storage.delete_access_group(nas.DeleteAccessGroupRequest(access_group_name=GROUP))
    with api_error("DependencyViolation", 400):
        network.delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    with api_error("DependencyViolation.VSwitch", 400):
        network.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    with api_error("OperationDenied.DefaultAccessGroup", 403):
        storage.delete_access_group(nas.DeleteAccessGroupRequest(access_group_name="DEFAULT_VPC_GROUP_NAME"))
    assert mount_target_status(fs_id, domain)() == "Active"

    # -- down, in order -------------------------------------------------------------------------------------
    workspaces.delete_dataset(dataset_id, ai.DeleteDatasetRequest())
    workspaces.delete_workspace(workspace_id, ai.DeleteWorkspaceRequest())
    assert wait_for(door, workspace_status(workspace_id), GONE) == ["DELETING", GONE]

    attached = roles.list_policies_for_role(ram.ListPoliciesForRoleRequest(role_name=ROLE)).body.policies.policy
    for policy in attached:
        roles.detach_policy_from_role(ram.DetachPolicyFromRoleRequest(
            policy_type=policy.policy_type, policy_name=policy.policy_name, role_name=ROLE))
    roles.delete_role(ram.DeleteRoleRequest(role_name=ROLE))

    storage.delete_access_rule(nas.DeleteAccessRuleRequest(access_group_name=GROUP, access_rule_id=rule_id))
    storage.delete_mount_target(nas.DeleteMountTargetRequest(file_system_id=fs_id, mount_target_domain=domain))
    assert wait_for(door, mount_target_status(fs_id, domain), GONE) == ["Deleting", GONE]
    storage.delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))
    assert wait_for(door, fs_status(fs_id), GONE) == ["Deleting", GONE]
    storage.delete_access_group(nas.DeleteAccessGroupRequest(access_group_name=GROUP))

    network.delete_vswitch(vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=vswitch_id))
    door.cloud.clock.advance(1)
    network.delete_vpc(vpc.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    door.cloud.clock.advance(1)

    assert door.cloud.is_empty()
    left = {service: sorted(kinds) for service, kinds in door.cloud.dump().items()}
    assert left == {"aiworkspace": ["workspaces"], "nas": ["access_groups"]}  # the built-in defaults only
    assert all(entry.ok for entry in door.cloud.journal
               if entry.action.startswith(("Create", "Attach", "Detach")))
