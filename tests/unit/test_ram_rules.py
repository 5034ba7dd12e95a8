"""RAM behaviour beyond the shared suite: the default trust policy, semantic comparison of policy documents,
delete ordering of roles with attachments, policy versions, name clashes, and validation rules."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dlc_provider.clients import ram as ram_api
from dlc_provider.errors import DlcError
from dlc_provider.resources import RamPolicyProvider, RamRolePolicyAttachmentProvider, RamRoleProvider
from dlc_provider.specs.ram import PAI_TRUST_POLICY

from ._cloud import IDENTITY, Env, assert_refused, cloud, env, failures, isolated  # noqa: F401  (fixtures)
from ._ram_cases import READ_NAS, READ_OSS

def test_the_default_trust_policy_lets_pai_assume_the_role_and_nobody_else(env: Env) -> None:
    _, created, _ = env.create(RamRoleProvider, "role", name="pai-jobs")

    in_cloud = json.loads(ram_api.get_role(env.session(), "pai-jobs")["AssumeRolePolicyDocument"])
    assert in_cloud == {"Version": "1", "Statement": [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": ["pai.aliyuncs.com"]}}]}
    assert created.outs["trust_policy"] == PAI_TRUST_POLICY
    assert created.outs["arn"].endswith(":role/pai-jobs")


def test_policy_documents_compare_by_meaning_not_by_key_order_or_whitespace(env: Env) -> None:
    provider, created, checked = env.create(RamPolicyProvider, "policy", name="read-data", document=READ_OSS)
    reordered = json.dumps({"Statement": [{"Resource": "*", "Action": ["oss:GetObject"], "Effect": "Allow"}],
                            "Version": "1"}, indent=8)

    same = env.checked(provider, {**checked, "document": reordered}, olds=checked)
    other = env.checked(provider, {**checked, "document": READ_NAS}, olds=checked)

    assert provider.diff(created.id, created.outs, same).changes is False
    assert provider.diff(created.id, created.outs, other).changes is True
    assert provider.diff(created.id, created.outs, other).replaces == []


def test_a_trust_policy_given_as_text_in_another_layout_is_no_change(env: Env) -> None:
    provider, created, checked = env.create(RamRoleProvider, "role", name="pai-jobs")
    spaced = json.dumps(json.loads(PAI_TRUST_POLICY), indent=3)

    again = env.checked(provider, {**checked, "trust_policy": spaced}, olds=checked)

    assert provider.diff(created.id, created.outs, again).changes is False


def test_a_policy_update_adds_a_default_version_and_keeps_at_most_five(env: Env) -> None:
    provider, created, checked = env.create(RamPolicyProvider, "policy", name="read-data", document=READ_OSS)
    outs = created.outs
    for n in range(7):
        document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": f"oss:Get{n}", "Resource": "*"}]}
        news = env.checked(provider, {**checked, "document": document}, olds=checked)
        outs = provider.update(created.id, outs, news).outs

    versions = ram_api.list_policy_versions(env.session(), "read-data")
    sent = env.calls("CreatePolicyVersion")
    assert len(versions) == 5
    assert outs["default_version"] == "v8"
    assert all(str(c.params.get("SetAsDefault")).lower() == "true" for c in sent)
    assert {c.params.get("RotateStrategy") for c in sent} == {"DeleteOldestNonDefaultVersionWhenLimitExceeded"}
    # A policy with several versions is still deleted in one go (CascadingDelete).
    provider.delete(created.id, outs)
    assert provider.read(created.id, outs).id == ""


def _role_with_attachment(env: Env, **role_inputs: Any) -> tuple[Any, Any]:
    provider, role, _ = env.create(RamRoleProvider, "role", name="pai-jobs", **role_inputs)
    ram_api.attach_policy_to_role(env.session(), role="pai-jobs", policy="AliyunPAIFullAccess", policy_type="System")
    return provider, role


def test_deleting_a_role_with_attachments_made_out_of_band_fails_clearly(env: Env) -> None:
    provider, role = _role_with_attachment(env)

    with pytest.raises(DlcError, match=r"still has policies attached outside this program \(System:AliyunPAIFullAccess\)"
                                       r".*force_detach_policies=True"):
        provider.delete(role.id, role.outs)
    assert provider.read(role.id, role.outs).id == "pai-jobs"
    assert not env.calls("DetachPolicyFromRole")


def test_deleting_a_role_with_force_detach_policies_detaches_them_first(env: Env) -> None:
    provider, role = _role_with_attachment(env, force_detach_policies=True)

    provider.delete(role.id, role.outs)

    assert provider.read(role.id, role.outs).id == ""
    assert len(env.calls("DetachPolicyFromRole")) == 1


def test_turning_on_force_detach_policies_is_an_update_without_cloud_calls(env: Env) -> None:
    provider, role, checked = env.create(RamRoleProvider, "role", name="pai-jobs")
    news = env.checked(provider, {**checked, "force_detach_policies": True}, olds=checked)

    diff = provider.diff(role.id, role.outs, news)
    updated = provider.update(role.id, role.outs, news)

    assert diff.changes is True and diff.replaces == []
    assert updated.outs["force_detach_policies"] is True
    assert not env.calls("UpdateRole")


def test_a_role_whose_attachments_are_resources_is_deleted_after_them(env: Env) -> None:
    role_provider, role, _ = env.create(RamRoleProvider, "role", name="pai-jobs")
    policy_provider, policy, _ = env.create(RamPolicyProvider, "policy", name="read-data", document=READ_OSS)
    attach_provider, attachment, _ = env.create(RamRolePolicyAttachmentProvider, "attach", role_name=role.id,
                                                policy_name=policy.id)

    # The engine's order: the attachment depends on role and policy, so it goes first.
    attach_provider.delete(attachment.id, attachment.outs)
    role_provider.delete(role.id, role.outs)
    policy_provider.delete(policy.id, policy.outs)

    assert role_provider.read(role.id, role.outs).id == ""
    assert policy_provider.read(policy.id, policy.outs).id == ""


def test_a_policy_still_attached_is_not_deleted_before_its_time_limit(env: Env) -> None:
    env.create(RamRoleProvider, "role", name="pai-jobs")
    provider, policy, _ = env.create(RamPolicyProvider, "policy", name="read-data", document=READ_OSS)
    ram_api.attach_policy_to_role(env.session(), role="pai-jobs", policy="read-data", policy_type="Custom")

    with pytest.raises(DlcError, match="DeleteConflict.Policy.Role.*still refused"):
        provider.delete(policy.id, {**policy.outs, "timeouts": {"delete": 0.001}})
    assert provider.read(policy.id, policy.outs).id == "read-data"


@pytest.mark.parametrize(("provider_class", "inputs", "make"), [
    (RamRoleProvider, {"name": "taken"},
     lambda s: ram_api.create_role(s, name="taken", trust_policy=PAI_TRUST_POLICY, description=None,
                                   max_session_duration=None, tags={})),
    (RamPolicyProvider, {"name": "taken", "document": READ_OSS},
     lambda s: ram_api.create_policy(s, name="taken", document=json.dumps(READ_OSS), description=None, tags={})),
])
def test_a_name_taken_by_someone_else_is_not_taken_over(env: Env, provider_class: type, inputs: dict[str, Any],
                                                         make: Any) -> None:
    make(env.session())

    with pytest.raises(DlcError, match="was not made by this resource.*adopt_id='taken'"):
        env.create(provider_class, "subject", **inputs)


@pytest.mark.parametrize(
    ("provider_class", "inputs", "path", "rule"),
    [
        (RamRoleProvider, {"name": "has space"}, "name", "letters, digits, . and -"),
        (RamRoleProvider, {"name": "r", "max_session_duration": 60}, "max_session_duration", "greater than or equal"),
        (RamRoleProvider, {"name": "r", "trust_policy": "{not json"}, "trust_policy", "not valid JSON"),
        (RamRoleProvider, {"name": "r", "trust_policy": {"Version": "2", "Statement": []}}, "trust_policy",
         'Version must be "1"'),
        (RamRoleProvider, {"name": "r", "trust_policy": {"Version": "1", "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "pai"}}]}}, "trust_policy",
         "pai.aliyuncs.com"),
        (RamRoleProvider, {"name": "r", "trust_policy": {"Version": "1", "Statement": [
            {"Effect": "Maybe", "Action": "sts:AssumeRole", "Principal": {"RAM": "acs:ram::1:root"}}]}},
         "trust_policy", "Effect must be Allow or Deny"),
        (RamPolicyProvider, {"name": "p", "document": {"Version": "1", "Statement": []}}, "document",
         "non-empty list"),
        (RamPolicyProvider, {"name": "p", "document": {"Version": "1", "Statement": [
            {"Effect": "Allow", "Action": [], "Resource": "*"}]}}, "document", "Action must be"),
        (RamPolicyProvider, {"name": "p_q", "document": READ_OSS}, "name", "letters, digits and -"),
        (RamPolicyProvider, {"name": "p", "document": {"Version": "1", "Statement": [
            {"Effect": "Allow", "Action": "oss:*", "Resource": "*", "Principal": {"RAM": "*"}}]}}, "document",
         "no Principal"),
        (RamRolePolicyAttachmentProvider, {"role_name": "r", "policy_name": "p", "policy_type": "custom"},
         "policy_type", "System"),
    ],
)
def test_ram_rules_fail_with_the_path_the_user_wrote(provider_class: type, inputs: dict[str, Any], path: str,
                                                      rule: str) -> None:
    assert_refused(provider_class, inputs, path, rule)
