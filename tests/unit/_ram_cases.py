"""One `Case` per RAM resource (role, custom policy, policy attachment)."""

from __future__ import annotations

import json
from typing import Any

from dlc_provider.clients import ram as ram_api
from dlc_provider.resources.ram import RamPolicyProvider, RamRolePolicyAttachmentProvider, RamRoleProvider

from ._cloud import Env
from ._suite import Case

READ_OSS = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": "*"}]}
READ_NAS = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "nas:Describe*", "Resource": "*"}]}
ECS_TRUST = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Principal": {"Service": ["ecs.aliyuncs.com"]}}]}


def _touch_ram(env: Env) -> None:
    ram_api.list_roles(env.session())


def _nothing(env: Env) -> dict[str, Any]:
    _touch_ram(env)
    return {}


def _roles(env: Env) -> dict[str, Any]:
    _touch_ram(env)
    ctx: dict[str, Any] = {}
    ctx["role"] = env.create(RamRoleProvider, "pre-role", name="dlc-job")[1].id
    ctx["role2"] = env.create(RamRoleProvider, "pre-role-2", name="dlc-job-2")[1].id
    ctx["policy"] = env.create(RamPolicyProvider, "pre-policy", name="read-oss", document=READ_OSS)[1].id
    return ctx


def _oob_role(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    ram_api.create_role(env.session(), name="legacy", trust_policy=json.dumps(ECS_TRUST, indent=2),
                        description="made by hand", max_session_duration=7200, tags={})
    return "legacy", {"name": "legacy", "trust_policy": ECS_TRUST, "max_session_duration": 7200}


def _oob_policy(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    ram_api.create_policy(env.session(), name="legacy-policy", document=json.dumps(READ_NAS, indent=4),
                          description=None, tags={})
    return "legacy-policy", {"name": "legacy-policy", "document": READ_NAS}


def _oob_attachment(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    ram_api.attach_policy_to_role(env.session(), role=ctx["role2"], policy="AliyunOSSReadOnlyAccess",
                                  policy_type="System")
    return f"{ctx['role2']}:System:AliyunOSSReadOnlyAccess", {
        "role_name": ctx["role2"], "policy_name": "AliyunOSSReadOnlyAccess", "policy_type": "System"}


CASES = [
    Case(
        name="ram_role", provider=RamRoleProvider, create_action="CreateRole", delete_action="DeleteRole",
        setup=_nothing,
        inputs=lambda ctx: {"name": "pai-training", "description": "DLC jobs", "max_session_duration": 3600},
        update={"description": "DLC jobs, renamed", "max_session_duration": 7200, "trust_policy": ECS_TRUST},
        replace=lambda ctx: {"name": "pai-training-2"},
        invalid=({"trust_policy": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:*",
                                                                  "Principal": {"Service": "pai.aliyuncs.com"}}]}},
                 "trust_policy"),
        out_of_band=_oob_role, missing=lambda name: name + "-missing", instant=True, same_id_again=True,
        normalized=frozenset({"trust_policy"}),
    ),
    Case(
        name="ram_policy", provider=RamPolicyProvider, create_action="CreatePolicy", delete_action="DeletePolicy",
        setup=_nothing,
        inputs=lambda ctx: {"name": "read-data", "document": READ_OSS, "description": "reads data"},
        update={"document": READ_NAS, "description": "reads NAS"},
        replace=lambda ctx: {"name": "read-data-2"},
        invalid=({"document": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:*"}]}}, "document"),
        out_of_band=_oob_policy, missing=lambda name: name + "-missing", instant=True, same_id_again=True,
        normalized=frozenset({"document"}),
    ),
    Case(
        name="ram_attachment_system", provider=RamRolePolicyAttachmentProvider, create_action="AttachPolicyToRole",
        delete_action="DetachPolicyFromRole", setup=_roles,
        inputs=lambda ctx: {"role_name": ctx["role"], "policy_name": "AliyunPAIFullAccess", "policy_type": "System"},
        update=None,
        replace=lambda ctx: {"role_name": ctx["role2"]},
        invalid=({"policy_type": "Managed"}, "policy_type"),
        out_of_band=_oob_attachment, missing=lambda rid: rid.replace("AliyunOSSReadOnlyAccess", "AliyunNASReadOnlyAccess"),
        instant=True, same_id_again=True,
    ),
    Case(
        name="ram_attachment_custom", provider=RamRolePolicyAttachmentProvider, create_action="AttachPolicyToRole",
        delete_action="DetachPolicyFromRole", setup=_roles,
        inputs=lambda ctx: {"role_name": ctx["role"], "policy_name": ctx["policy"]},
        update=None,
        replace=lambda ctx: {"role_name": ctx["role2"]},
        invalid=({"policy_name": "no spaces"}, "policy_name"),
        out_of_band=_oob_attachment, missing=lambda rid: rid.replace("AliyunOSSReadOnlyAccess", "AliyunNASReadOnlyAccess"),
        instant=True, same_id_again=True,
    ),
]
