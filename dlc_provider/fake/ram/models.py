"""State of the fake RAM: roles, custom policies with versions, and attachments (all synchronous).

RAM is global: one backend per account. Role names are unique regardless of case (the ARN holds the name in
lower case); policy names are matched exactly. System policies come from `system_policies` and are never
stored: only their attachments are, on the roles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.backend import Backend, Resource, assign_given
from . import rules
from .exceptions import (
    DeleteConflictPolicyRole,
    DeleteConflictPolicyVersion,
    DeleteConflictPolicyVersionDefault,
    DeleteConflictRolePolicy,
    EntityAlreadyExistsPolicy,
    EntityAlreadyExistsRole,
    EntityAlreadyExistsRolePolicy,
    EntityNotExistPolicy,
    EntityNotExistPolicyVersion,
    EntityNotExistRole,
    EntityNotExistRolePolicy,
    LimitExceededPolicyVersion,
)
from .system_policies import SYSTEM_POLICIES, SYSTEM_POLICY_EPOCH


@dataclass
class Attachment:
    policy_type: str
    policy_name: str
    attached_at: float


@dataclass
class Role(Resource):
    """Keyed by the lower-cased role name."""

    role_name: str = ""
    role_id: str = ""
    arn: str = ""
    description: str = ""
    trust_policy: str = ""
    max_session_duration: int = rules.DEFAULT_SESSION_DURATION
    tags: list[dict[str, str]] = field(default_factory=list)
    updated_at: float = 0.0
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class PolicyVersion:
    version_id: str
    document: str
    created_at: float


def find_version(versions: Sequence[PolicyVersion], version_id: str) -> PolicyVersion:
    rules.check_version_id(version_id)
    for version in versions:
        if version.version_id == version_id:
            return version
    raise EntityNotExistPolicyVersion(version=version_id)


@dataclass
class Policy(Resource):
    """A custom policy, keyed by its name."""

    description: str = ""
    default_version: str = "v1"
    versions: list[PolicyVersion] = field(default_factory=list)
    next_version: int = 2
    tags: list[dict[str, str]] = field(default_factory=list)
    updated_at: float = 0.0

    def version(self, version_id: str) -> PolicyVersion:
        return find_version(self.versions, version_id)

    @property
    def default(self) -> PolicyVersion:
        return self.version(self.default_version)


@dataclass(frozen=True)
class PolicyView:
    """A custom or a system policy, as the read calls describe it."""

    name: str
    policy_type: str
    description: str
    default_version: str
    versions: tuple[PolicyVersion, ...]
    created_at: float
    updated_at: float

    def version(self, version_id: str) -> PolicyVersion:
        return find_version(self.versions, version_id)

    @property
    def default(self) -> PolicyVersion:
        return self.version(self.default_version)


class RamBackend(Backend):
    service = "ram"
    kinds = ("roles", "policies")

    # -- roles ----------------------------------------------------------------------------------------------
    def get_role(self, name: str) -> Role:
        role = self.get("roles", name.lower())
        if role is None:
            raise EntityNotExistRole(name=name)
        return role

    def create_role(
        self, *, name: str, trust_policy: str, description: str | None, max_session_duration: int | None,
        tags: list[dict[str, str]],
    ) -> Role:
        rules.check_role_name(name)
        rules.check_trust_policy(trust_policy)
        rules.check_description(description)
        rules.check_session_duration(max_session_duration)
        if self.get("roles", name.lower()) is not None:
            raise EntityAlreadyExistsRole(name=name)
        now = self.now()
        role = Role(
            id=name.lower(),
            status="Available",
            created_at=now,
            role_name=name,
            role_id=self.context.ids.numeric_id(19),
            arn=f"acs:ram::{self.account_id}:role/{name.lower()}",
            description=description or "",
            trust_policy=trust_policy,
            max_session_duration=max_session_duration or rules.DEFAULT_SESSION_DURATION,
            tags=tags,
            updated_at=now,
        )
        return self.add("roles", role)

    def update_role(
        self, name: str, *, trust_policy: str | None, description: str | None, max_session_duration: int | None
    ) -> Role:
        role = self.get_role(name)
        if trust_policy is not None:
            rules.check_trust_policy(trust_policy)
        rules.check_description(description)
        rules.check_session_duration(max_session_duration)
        assign_given(
            role, trust_policy=trust_policy, description=description, max_session_duration=max_session_duration,
        )
        role.updated_at = self.now()
        return role

    def list_roles(self, tags: list[dict[str, str]]) -> list[Role]:
        roles: list[Role] = sorted(self.all_visible("roles"), key=lambda r: r.created_at)
        return [r for r in roles if all(tag in r.tags for tag in tags)]

    def delete_role(self, name: str) -> None:
        role = self.get_role(name)
        if role.attachments:
            raise DeleteConflictRolePolicy(name=role.role_name)
        self.remove("roles", role.id)

    # -- policies ---------------------------------------------------------------------------------------------
    def get_custom_policy(self, name: str) -> Policy:
        policy = self.get("policies", name)
        if policy is None:
            raise EntityNotExistPolicy(name=name, policy_type="Custom")
        return policy

    def view_policy(self, name: str, policy_type: str) -> PolicyView:
        """A policy of either type (`policy_type` already checked)."""
        if policy_type == "Custom":
            policy = self.get_custom_policy(name)
            return PolicyView(policy.id, "Custom", policy.description, policy.default_version,
                              tuple(policy.versions), policy.created_at, policy.updated_at)
        system = SYSTEM_POLICIES.get(name)
        if system is None:
            raise EntityNotExistPolicy(name=name, policy_type="System")
        version = PolicyVersion("v1", system.document, SYSTEM_POLICY_EPOCH)
        return PolicyView(system.name, "System", system.description, "v1", (version,),
                          SYSTEM_POLICY_EPOCH, SYSTEM_POLICY_EPOCH)

    def list_policies(self, policy_type: str | None, tags: list[dict[str, str]]) -> list[PolicyView]:
        views: list[PolicyView] = []
        if policy_type in (None, "System") and not tags:
            views += [self.view_policy(name, "System") for name in SYSTEM_POLICIES]
        if policy_type in (None, "Custom"):
            custom: list[Policy] = sorted(self.all_visible("policies"), key=lambda p: p.created_at)
            views += [self.view_policy(p.id, "Custom") for p in custom if all(tag in p.tags for tag in tags)]
        return views

    def create_policy(
        self, *, name: str, document: str, description: str | None, tags: list[dict[str, str]]
    ) -> Policy:
        rules.check_policy_name(name)
        rules.check_policy_document(document)
        rules.check_description(description)
        if self.get("policies", name) is not None:
            raise EntityAlreadyExistsPolicy(name=name)
        now = self.now()
        policy = Policy(
            id=name,
            status="Available",
            created_at=now,
            description=description or "",
            versions=[PolicyVersion("v1", document, now)],
            tags=tags,
            updated_at=now,
        )
        return self.add("policies", policy)

    def update_policy_description(self, name: str, description: str | None) -> Policy:
        policy = self.get_custom_policy(name)
        rules.check_description(description)
        policy.description = description or ""
        policy.updated_at = self.now()
        return policy

    def delete_policy(self, name: str, *, cascading: bool) -> None:
        policy = self.get_custom_policy(name)
        if self.roles_with(policy.id, "Custom"):
            raise DeleteConflictPolicyRole(name=name)
        if len(policy.versions) > 1 and not cascading:
            raise DeleteConflictPolicyVersion(name=name)
        self.remove("policies", policy.id)

    # -- versions -------------------------------------------------------------------------------------------
    def create_policy_version(self, name: str, document: str, *, set_as_default: bool, rotate: bool) -> PolicyVersion:
        policy = self.get_custom_policy(name)
        rules.check_policy_document(document)
        if len(policy.versions) >= rules.MAX_POLICY_VERSIONS:
            oldest = next((v for v in policy.versions if v.version_id != policy.default_version), None)
            if not rotate or oldest is None:
                raise LimitExceededPolicyVersion(name=name, limit=rules.MAX_POLICY_VERSIONS)
            policy.versions.remove(oldest)
        now = self.now()
        version = PolicyVersion(f"v{policy.next_version}", document, now)
        policy.next_version += 1
        policy.versions.append(version)
        if set_as_default:
            policy.default_version = version.version_id
        policy.updated_at = now
        return version

    def delete_policy_version(self, name: str, version_id: str) -> None:
        policy = self.get_custom_policy(name)
        version = policy.version(version_id)
        if version.version_id == policy.default_version:
            raise DeleteConflictPolicyVersionDefault()
        policy.versions.remove(version)
        policy.updated_at = self.now()

    def set_default_policy_version(self, name: str, version_id: str) -> None:
        policy = self.get_custom_policy(name)
        policy.default_version = policy.version(version_id).version_id
        policy.updated_at = self.now()

    # -- attachments ----------------------------------------------------------------------------------------
    def roles_with(self, policy_name: str, policy_type: str) -> list[tuple[Role, Attachment]]:
        return [
            (role, attachment)
            for role in sorted(self.all("roles"), key=lambda r: r.created_at)
            for attachment in role.attachments
            if attachment.policy_name == policy_name and attachment.policy_type == policy_type
        ]

    def attach_policy_to_role(self, policy_type: str, policy_name: str, role_name: str) -> None:
        view = self.view_policy(policy_name, policy_type)
        role = self.get_role(role_name)
        if any(a.policy_name == view.name and a.policy_type == policy_type for a in role.attachments):
            raise EntityAlreadyExistsRolePolicy(policy=view.name, role=role.role_name)
        role.attachments.append(Attachment(policy_type, view.name, self.now()))

    def detach_policy_from_role(self, policy_type: str, policy_name: str, role_name: str) -> None:
        view = self.view_policy(policy_name, policy_type)
        role = self.get_role(role_name)
        kept = [a for a in role.attachments if not (a.policy_name == view.name and a.policy_type == policy_type)]
        if len(kept) == len(role.attachments):
            raise EntityNotExistRolePolicy(policy=view.name, role=role.role_name)
        role.attachments = kept
