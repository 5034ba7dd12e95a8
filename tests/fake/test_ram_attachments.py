"""RAM policy attachments through the official RAM client: attach, list both ways, detach before deleting."""

from __future__ import annotations

import json

from alibabacloud_ram20150501 import models as ram
from alibabacloud_ram20150501.client import Client as RamClient

from .doors import Door, api_error

ROLE = "PaiDlcRole"
TRUST = json.dumps({"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                   "Principal": {"Service": ["pai.aliyuncs.com"]}}], "Version": "1"})
CUSTOM = "dlc-data-read"


def client(door: Door) -> RamClient:
    return RamClient(door.config())


def setup_role_and_policy(door: Door) -> None:
    client(door).create_role(ram.CreateRoleRequest(role_name=ROLE, assume_role_policy_document=TRUST))
    document = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:Get*", "Resource": "*"}]})
    client(door).create_policy(ram.CreatePolicyRequest(policy_name=CUSTOM, policy_document=document,
                                                       description="reads data"))


def attach(door: Door, policy_type: str, name: str, role: str = ROLE) -> None:
    client(door).attach_policy_to_role(ram.AttachPolicyToRoleRequest(
        policy_type=policy_type, policy_name=name, role_name=role))


def detach(door: Door, policy_type: str, name: str, role: str = ROLE) -> None:
    client(door).detach_policy_from_role(ram.DetachPolicyFromRoleRequest(
        policy_type=policy_type, policy_name=name, role_name=role))


def attached(door: Door) -> list[tuple[str, str]]:
    body = client(door).list_policies_for_role(ram.ListPoliciesForRoleRequest(role_name=ROLE)).body
    return [(p.policy_type, p.policy_name) for p in body.policies.policy]


def test_attach_list_detach(door: Door) -> None:
    setup_role_and_policy(door)
    attach(door, "System", "AliyunPAIFullAccess")
    attach(door, "Custom", CUSTOM)
    assert attached(door) == [("System", "AliyunPAIFullAccess"), ("Custom", CUSTOM)]
    policies = client(door).list_policies_for_role(ram.ListPoliciesForRoleRequest(role_name=ROLE)).body
    custom = policies.policies.policy[1]
    assert (custom.description, custom.default_version) == ("reads data", "v1") and custom.attach_date.endswith("Z")

    count = client(door).get_policy(ram.GetPolicyRequest(policy_name=CUSTOM, policy_type="Custom")).body
    assert count.policy.attachment_count == 1
    entities = client(door).list_entities_for_policy(ram.ListEntitiesForPolicyRequest(
        policy_name="AliyunPAIFullAccess", policy_type="System")).body
    assert [r.role_name for r in entities.roles.role] == [ROLE]
    assert entities.users.user == [] and entities.groups.group == []

    with api_error("EntityAlreadyExists.Role.Policy", 409):
        attach(door, "Custom", CUSTOM)
    detach(door, "System", "AliyunPAIFullAccess")
    assert attached(door) == [("Custom", CUSTOM)]
    with api_error("EntityNotExist.Role.Policy", 404):
        detach(door, "System", "AliyunPAIFullAccess")


def test_unknown_role_or_policy(door: Door) -> None:
    setup_role_and_policy(door)
    with api_error("EntityNotExist.Role", 404):
        attach(door, "Custom", CUSTOM, role="Nobody")
    with api_error("EntityNotExist.Policy", 404):
        attach(door, "System", "AliyunNoSuchAccess")
    with api_error("EntityNotExist.Policy", 404):
        attach(door, "Custom", "AliyunOSSFullAccess")  # a system policy asked for as a custom one
    with api_error("InvalidParameter.PolicyType", 400):
        attach(door, "Builtin", CUSTOM)
    with api_error("EntityNotExist.Role", 404):
        client(door).list_policies_for_role(ram.ListPoliciesForRoleRequest(role_name="Nobody"))


def test_policies_are_detached_before_deletes(door: Door) -> None:
    setup_role_and_policy(door)
    attach(door, "System", "AliyunNASFullAccess")
    attach(door, "Custom", CUSTOM)
    with api_error("DeleteConflict.Role.Policy", 409):
        client(door).delete_role(ram.DeleteRoleRequest(role_name=ROLE))
    with api_error("DeleteConflict.Policy.Role", 409):
        client(door).delete_policy(ram.DeletePolicyRequest(policy_name=CUSTOM, cascading_delete=True))

    for policy_type, name in attached(door):
        detach(door, policy_type, name)
    client(door).delete_role(ram.DeleteRoleRequest(role_name=ROLE))
    client(door).delete_policy(ram.DeletePolicyRequest(policy_name=CUSTOM))
    assert door.cloud.is_empty()
