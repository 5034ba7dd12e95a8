"""RAM API (RPC 2015-05-01, a global service): roles, custom policies and their versions, attachments.

One function per API call in the style of `clients.vpc`; get functions return the resource as the API
spells it or None when it does not exist. RAM has no ClientToken; roles and policies carry tags. No Pulumi.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any


from ..errors import NotFound
from .common import has_tag, lazy_module, paginate, sdk_tags, tag_filter, tags_of
from .session import Session

if TYPE_CHECKING:
    from alibabacloud_ram20150501 import models as m
else:
    m = lazy_module("alibabacloud_ram20150501.models")

__all__ = [
    "attach_policy_to_role",
    "create_policy",
    "create_policy_version",
    "create_role",
    "delete_policy",
    "delete_policy_version",
    "delete_role",
    "detach_policy_from_role",
    "get_policy",
    "get_role",
    "list_policies",
    "list_policies_for_role",
    "list_policy_versions",
    "list_roles",
    "tags_of",
    "update_policy_description",
    "update_role",
]

SERVICE = "ram"


# --- roles ----------------------------------------------------------------------------------------------------


def create_role(
    session: Session, *, name: str, trust_policy: str, description: str | None, max_session_duration: int | None,
    tags: Mapping[str, str],
) -> dict[str, Any]:
    request = m.CreateRoleRequest(
        role_name=name, assume_role_policy_document=trust_policy, description=description,
        max_session_duration=max_session_duration,
        tag=sdk_tags(m.CreateRoleRequestTag, tags),
    )
    return session.call(SERVICE, "CreateRole", lambda c: c.create_role(request)).body.to_map().get("Role") or {}


def get_role(session: Session, name: str) -> dict[str, Any] | None:
    request = m.GetRoleRequest(role_name=name)
    try:
        body = session.call(SERVICE, "GetRole", lambda c: c.get_role(request)).body.to_map()
    except NotFound:
        return None
    return body.get("Role") or None


def list_roles(session: Session, *, tag: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    tags = tag_filter(m.ListRolesRequestTag, tag)

    def call(c: Any, marker: str | None) -> Any:
        return c.list_roles(m.ListRolesRequest(marker=marker, max_items=1000, tag=tags))

    roles = paginate(session, SERVICE, "ListRoles", call, "Roles.Role", paging="marker")
    return [r for r in roles if has_tag(r, tag)]


def update_role(
    session: Session, name: str, *, trust_policy: str | None = None, description: str | None = None,
    max_session_duration: int | None = None,
) -> None:
    request = m.UpdateRoleRequest(role_name=name, new_assume_role_policy_document=trust_policy,
                                  new_description=description, new_max_session_duration=max_session_duration)
    session.call(SERVICE, "UpdateRole", lambda c: c.update_role(request))


def delete_role(session: Session, name: str) -> None:
    request = m.DeleteRoleRequest(role_name=name)
    session.call(SERVICE, "DeleteRole", lambda c: c.delete_role(request))


# --- policies ---------------------------------------------------------------------------------------------------


def create_policy(
    session: Session, *, name: str, document: str, description: str | None, tags: Mapping[str, str]
) -> dict[str, Any]:
    request = m.CreatePolicyRequest(
        policy_name=name, policy_document=document, description=description,
        tag=sdk_tags(m.CreatePolicyRequestTag, tags),
    )
    return session.call(SERVICE, "CreatePolicy", lambda c: c.create_policy(request)).body.to_map().get("Policy") or {}


def get_policy(session: Session, name: str, policy_type: str = "Custom") -> dict[str, Any] | None:
    """The policy (with `PolicyDocument` of its default version), or None."""
    request = m.GetPolicyRequest(policy_name=name, policy_type=policy_type)
    try:
        body = session.call(SERVICE, "GetPolicy", lambda c: c.get_policy(request)).body.to_map()
    except NotFound:
        return None
    policy = dict(body.get("Policy") or {})
    if not policy:
        return None
    default = body.get("DefaultPolicyVersion") or {}
    policy.setdefault("PolicyDocument", default.get("PolicyDocument"))
    return policy


def list_policies(session: Session, *, policy_type: str = "Custom", tag: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    tags = tag_filter(m.ListPoliciesRequestTag, tag)

    def call(c: Any, marker: str | None) -> Any:
        return c.list_policies(m.ListPoliciesRequest(marker=marker, max_items=1000, policy_type=policy_type, tag=tags))

    policies = paginate(session, SERVICE, "ListPolicies", call, "Policies.Policy", paging="marker")
    return [p for p in policies if has_tag(p, tag)]


def update_policy_description(session: Session, name: str, description: str) -> None:
    request = m.UpdatePolicyDescriptionRequest(policy_name=name, new_description=description)
    session.call(SERVICE, "UpdatePolicyDescription", lambda c: c.update_policy_description(request))


def create_policy_version(session: Session, name: str, document: str) -> None:
    """A new default version; the oldest non-default one goes when the limit (5) is reached."""
    request = m.CreatePolicyVersionRequest(
        policy_name=name, policy_document=document, set_as_default=True,
        rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded",
    )
    session.call(SERVICE, "CreatePolicyVersion", lambda c: c.create_policy_version(request))


def list_policy_versions(session: Session, name: str, policy_type: str = "Custom") -> list[dict[str, Any]]:
    request = m.ListPolicyVersionsRequest(policy_name=name, policy_type=policy_type)
    body = session.call(SERVICE, "ListPolicyVersions", lambda c: c.list_policy_versions(request)).body.to_map()
    return (body.get("PolicyVersions") or {}).get("PolicyVersion") or []


def delete_policy_version(session: Session, name: str, version_id: str) -> None:
    request = m.DeletePolicyVersionRequest(policy_name=name, version_id=version_id)
    session.call(SERVICE, "DeletePolicyVersion", lambda c: c.delete_policy_version(request))


def delete_policy(session: Session, name: str, *, cascading: bool = False) -> None:
    request = m.DeletePolicyRequest(policy_name=name, cascading_delete=cascading or None)
    session.call(SERVICE, "DeletePolicy", lambda c: c.delete_policy(request))


# --- attachments ------------------------------------------------------------------------------------------------


def attach_policy_to_role(session: Session, *, role: str, policy: str, policy_type: str) -> None:
    request = m.AttachPolicyToRoleRequest(role_name=role, policy_name=policy, policy_type=policy_type)
    session.call(SERVICE, "AttachPolicyToRole", lambda c: c.attach_policy_to_role(request))


def detach_policy_from_role(session: Session, *, role: str, policy: str, policy_type: str) -> None:
    request = m.DetachPolicyFromRoleRequest(role_name=role, policy_name=policy, policy_type=policy_type)
    session.call(SERVICE, "DetachPolicyFromRole", lambda c: c.detach_policy_from_role(request))


def list_policies_for_role(session: Session, role: str) -> list[dict[str, Any]] | None:
    """Policies attached to a role, or None when the role does not exist."""
    request = m.ListPoliciesForRoleRequest(role_name=role)
    try:
        body = session.call(SERVICE, "ListPoliciesForRole", lambda c: c.list_policies_for_role(request)).body.to_map()
    except NotFound:
        return None
    return (body.get("Policies") or {}).get("Policy") or []
