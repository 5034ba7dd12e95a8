"""RAM: `RamRole`, `RamPolicy` (custom policy) and `RamRolePolicyAttachment`.

Replace vs update in place comes from the specs (`dlc_provider.specs.ram`). RAM has no ClientToken:

* roles and policies are named (unique in the account) and tagged with the provider's token tag; a create
  that finds the name taken takes it over only when it carries this resource's token (a crashed earlier
  create), else fails naming `adopt_id`;
* an attachment is a pure relation (role, policy): a re-run that finds it attached takes it over.

Delete ordering: an attachment takes `role_name` (and `policy_name`) as inputs, so the engine detaches before
it deletes the role or policy. A role that still has attachments made outside the program is detached only
with `force_detach_policies=True`; otherwise its delete fails with a message listing them. A policy still
attached (`DeleteConflict.Policy.Role`) is retried until its time limit; its old versions go with it
(CascadingDelete).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from ..clients import ram as api
from ..clients.session import Session
from ..errors import CloudError, DlcError, NotFound
from ..specs.common import TOKEN_TAG
from ..specs.ram import RamPolicySpec, RamRolePolicyAttachmentSpec, RamRoleSpec, canonical_document
from .generated.ram_role import RamRoleArgs, RamRoleArgsDict, RamRoleResource
from .generated.ram_policy import RamPolicyArgs, RamPolicyArgsDict, RamPolicyResource
from .generated.ram_role_policy_attachment import (
    RamRolePolicyAttachmentArgs,
    RamRolePolicyAttachmentArgsDict,
    RamRolePolicyAttachmentResource,
)
from .bucket_refs import policy_buckets, require_buckets
from .provider import CloudProvider

__all__ = [
    "RamPolicy",
    "RamPolicyArgs",
    "RamPolicyArgsDict",
    "RamPolicyProvider",
    "RamRole",
    "RamRoleArgs",
    "RamRoleArgsDict",
    "RamRolePolicyAttachment",
    "RamRolePolicyAttachmentArgs",
    "RamRolePolicyAttachmentArgsDict",
    "RamRolePolicyAttachmentProvider",
    "RamRoleProvider",
]


def _taken(kind: str, name: str) -> DlcError:
    return DlcError(
        f"{kind} {name!r} already exists and was not made by this resource: manage it with adopt_id={name!r} "
        "or choose another name"
    )


def _document_input(value: Any) -> Any:
    """A policy document input as JSON text (dicts, possibly holding outputs, are serialized in the program)."""
    if value is None or isinstance(value, str):
        return value

    def text(resolved: Any) -> Any:
        return resolved if resolved is None or isinstance(resolved, str) else canonical_document(resolved)

    return pulumi.Output.from_input(value).apply(text)


def _canonical_or_raw(document: Any) -> Any:
    try:
        return canonical_document(document) if document else document
    except ValueError:
        return document


class RamRoleProvider(CloudProvider):
    """Dynamic provider of `RamRole` (CreateRole, GetRole, UpdateRole, ListPoliciesForRole, DeleteRole)."""

    KIND: ClassVar[str] = "RAM role"
    SPEC = RamRoleSpec

    def find_existing(self, session: Session, spec: RamRoleSpec, token: str) -> str | None:
        if api.get_role(session, spec.name) is None:
            return None
        if any(r.get("RoleName", "").lower() == spec.name.lower() for r in api.list_roles(session, tag=(TOKEN_TAG, token))):
            return spec.name
        raise _taken(self.KIND, spec.name)

    def send_create(self, session: Session, spec: RamRoleSpec, token: str) -> str:
        try:
            role = api.create_role(session, name=spec.name, trust_policy=spec.trust_policy,
                                   description=spec.description, max_session_duration=spec.max_session_duration,
                                   tags={TOKEN_TAG: token})
        except CloudError as exc:
            # A retried call whose first answer was lost: the role is there, with our token (else this raises).
            if exc.code == "EntityAlreadyExists.Role" and self.find_made_by_retry(session, spec, token):
                return spec.name
            raise
        return str(role.get("RoleName") or spec.name)

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        role = api.get_role(session, resource_id)
        if role is None:
            return None
        return {
            "name": role.get("RoleName"),
            "description": role.get("Description") or "",
            "max_session_duration": role.get("MaxSessionDuration"),
            "trust_policy": _canonical_or_raw(role.get("AssumeRolePolicyDocument")),
            "force_detach_policies": bool(hint.get("force_detach_policies") or False),
            "arn": role.get("Arn"),
            "role_id": role.get("RoleId"),
            "status": "Available",
            "create_date": role.get("CreateDate"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: RamRoleSpec, changed: list[str]
    ) -> None:
        cloud = {"description", "max_session_duration", "trust_policy"} & set(changed)
        if cloud:
            api.update_role(
                session, resource_id,
                trust_policy=spec.trust_policy if "trust_policy" in cloud else None,
                description=spec.description if "description" in cloud else None,
                max_session_duration=spec.max_session_duration if "max_session_duration" in cloud else None,
            )

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        attached = api.list_policies_for_role(session, resource_id)
        if attached is None:
            raise NotFound(f"role {resource_id} does not exist", code="EntityNotExist.Role")
        if attached:
            names = [f"{p.get('PolicyType')}:{p.get('PolicyName')}" for p in attached]
            if not olds.get("force_detach_policies"):
                raise DlcError(
                    f"{self.KIND} {resource_id} still has policies attached outside this program ({', '.join(names)}); "
                    "detach them, or set force_detach_policies=True on the role to let delete detach them"
                )
            for policy in attached:
                self._emit(resource_id, "delete", f"detaching {policy.get('PolicyType')}:{policy.get('PolicyName')}")
                try:
                    api.detach_policy_from_role(session, role=resource_id, policy=str(policy.get("PolicyName")),
                                                policy_type=str(policy.get("PolicyType")))
                except NotFound:
                    pass  # detached meanwhile
        api.delete_role(session, resource_id)


#: Why a policy's buckets are checked (RAM itself accepts any name), for the error message.
_POLICY_CHECKED = "the policy is sent: RAM accepts any bucket name, and a typo would surface only when the job is refused"


class RamPolicyProvider(CloudProvider):
    """Dynamic provider of `RamPolicy` (CreatePolicy, GetPolicy, CreatePolicyVersion, UpdatePolicyDescription,
    DeletePolicy)."""

    KIND: ClassVar[str] = "RAM policy"
    SPEC = RamPolicySpec

    def find_existing(self, session: Session, spec: RamPolicySpec, token: str) -> str | None:
        if api.get_policy(session, spec.name) is None:
            return None
        if any(p.get("PolicyName") == spec.name for p in api.list_policies(session, tag=(TOKEN_TAG, token))):
            return spec.name
        raise _taken(self.KIND, spec.name)

    def send_create(self, session: Session, spec: RamPolicySpec, token: str) -> str:
        require_buckets(session, policy_buckets(spec.document), before=_POLICY_CHECKED)
        try:
            policy = api.create_policy(session, name=spec.name, document=spec.document,
                                       description=spec.description, tags={TOKEN_TAG: token})
        except CloudError as exc:
            if exc.code == "EntityAlreadyExists.Policy" and self.find_made_by_retry(session, spec, token):
                return spec.name
            raise
        return str(policy.get("PolicyName") or spec.name)

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        policy = api.get_policy(session, resource_id)
        if policy is None:
            return None
        return {
            "name": policy.get("PolicyName"),
            "document": _canonical_or_raw(policy.get("PolicyDocument")),
            "description": policy.get("Description") or "",
            "default_version": policy.get("DefaultVersion"),
            "attachment_count": policy.get("AttachmentCount"),
            "status": "Available",
            "create_date": policy.get("CreateDate"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: RamPolicySpec, changed: list[str]
    ) -> None:
        if "document" in changed:
            require_buckets(session, policy_buckets(spec.document), before=_POLICY_CHECKED)
            api.create_policy_version(session, resource_id, spec.document)
        if "description" in changed and spec.description is not None:
            api.update_policy_description(session, resource_id, spec.description)

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_policy(session, resource_id, cascading=True)


def _attachment_parts(resource_id: str) -> tuple[str, str, str]:
    role, policy_type, policy = resource_id.split(":", 2)
    return role, policy_type, policy


class RamRolePolicyAttachmentProvider(CloudProvider):
    """Dynamic provider of `RamRolePolicyAttachment`. The ID is `<role>:<System|Custom>:<policy>`."""

    KIND: ClassVar[str] = "RAM policy attachment"
    SPEC = RamRolePolicyAttachmentSpec

    def find_existing(self, session: Session, spec: RamRolePolicyAttachmentSpec, token: str) -> str | None:
        resource_id = f"{spec.role_name}:{spec.policy_type}:{spec.policy_name}"
        return resource_id if self.observe(session, resource_id, {}) is not None else None

    def send_create(self, session: Session, spec: RamRolePolicyAttachmentSpec, token: str) -> str:
        api.attach_policy_to_role(session, role=spec.role_name, policy=spec.policy_name, policy_type=spec.policy_type)
        return f"{spec.role_name}:{spec.policy_type}:{spec.policy_name}"

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        try:
            role, policy_type, policy = _attachment_parts(resource_id)
        except ValueError:
            return None
        attached = api.list_policies_for_role(session, role) or []
        for item in attached:
            if item.get("PolicyType") == policy_type and item.get("PolicyName") == policy:
                return {
                    "role_name": role,
                    "policy_name": policy,
                    "policy_type": policy_type,
                    "status": "Available",
                    "attach_date": item.get("AttachDate"),
                }
        return None

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        role, policy_type, policy = _attachment_parts(resource_id)
        api.detach_policy_from_role(session, role=role, policy=policy, policy_type=policy_type)


# --- Args and resources ---------------------------------------------------------------------------------------------


class RamRole(RamRoleResource, module="dlc", name="RamRole"):
    """A RAM role (ID: its name). The `trust_policy` output is the canonical JSON text."""

    PROVIDER = RamRoleProvider


class RamPolicy(RamPolicyResource, module="dlc", name="RamPolicy"):
    """A custom RAM policy (ID: its name)."""

    PROVIDER = RamPolicyProvider


class RamRolePolicyAttachment(RamRolePolicyAttachmentResource, module="dlc", name="RamRolePolicyAttachment"):
    """A policy attached to a role. ID `<role>:<System|Custom>:<policy>`."""

    PROVIDER = RamRolePolicyAttachmentProvider
