"""`SecurityGroup` and `SecurityGroupRule`: Args, provider and resource.

Replace vs update in place comes from `SecurityGroupSpec` / `SecurityGroupRuleSpec`. A rule has no
name or tags: it is identified by its content, so an identical rule already in the group is taken over
(the API itself accepts a duplicate as success without adding it), and replacing a rule deletes the old
one first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


from ..clients import ecs as api
from ..clients.session import Session
from ..errors import NotFound
from ..specs.common import TOKEN_TAG
from ..specs.security_group import SecurityGroupRuleSpec, SecurityGroupSpec
from ..waiting import wait_for_status
from .generated.security_group import SecurityGroupArgs, SecurityGroupArgsDict, SecurityGroupResource
from .generated.security_group_rule import SecurityGroupRuleArgs, SecurityGroupRuleArgsDict, SecurityGroupRuleResource
from .provider import CloudProvider, tag_changes, user_tags

__all__ = [
    "SecurityGroup",
    "SecurityGroupArgs",
    "SecurityGroupArgsDict",
    "SecurityGroupProvider",
    "SecurityGroupRule",
    "SecurityGroupRuleArgs",
    "SecurityGroupRuleArgsDict",
    "SecurityGroupRuleProvider",
]


# --- security group ---------------------------------------------------------------------------------------------


class SecurityGroupProvider(CloudProvider):
    """Dynamic provider of `SecurityGroup` (ECS CreateSecurityGroup, DescribeSecurityGroups, ...)."""

    KIND: ClassVar[str] = "security group"
    SPEC = SecurityGroupSpec

    def find_existing(self, session: Session, spec: SecurityGroupSpec, token: str) -> str | None:
        found = api.list_security_groups(session, vpc_id=spec.vpc_id, tag=(TOKEN_TAG, token))
        return str(found[0]["SecurityGroupId"]) if found else None

    def send_create(self, session: Session, spec: SecurityGroupSpec, token: str) -> str:
        return api.create_security_group(
            session, vpc_id=spec.vpc_id, name=spec.name, description=spec.description,
            group_type=spec.security_group_type or "normal", resource_group_id=spec.resource_group_id,
            tags={**(spec.tags or {}), TOKEN_TAG: token}, client_token=token,
        )

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        item = api.describe_security_group(session, resource_id)
        if item is None:
            return None
        return {
            "vpc_id": item.get("VpcId"),
            "name": item.get("SecurityGroupName") or "",
            "description": item.get("Description") or "",
            "security_group_type": item.get("SecurityGroupType") or "normal",
            "resource_group_id": item.get("ResourceGroupId"),
            "tags": user_tags(api.tags_of(item)),
            "status": "Available",  # security groups are synchronous: they exist or they do not
            "creation_time": item.get("CreationTime"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: SecurityGroupSpec,
        changed: list[str],
    ) -> None:
        if "name" in changed or "description" in changed:
            api.modify_security_group(session, resource_id, name=spec.name if "name" in changed else None,
                                      description=spec.description if "description" in changed else None)
        if "tags" in changed:
            to_set, to_remove = tag_changes(olds.get("tags"), spec.tags or {})
            if to_remove:
                api.untag_resources(session, resource_id=resource_id, keys=to_remove)
            if to_set:
                api.tag_resources(session, resource_id=resource_id, tags=to_set)

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_security_group(session, resource_id)


class SecurityGroup(SecurityGroupResource, module="dlc", name="SecurityGroup"):
    """A VPC security group. Deleting waits out DependencyViolation while network interfaces of jobs or
    mount targets go away.
    """

    PROVIDER = SecurityGroupProvider


# --- rules --------------------------------------------------------------------------------------------------------


def _rule_fields(direction: str, permission: Mapping[str, Any]) -> dict[str, Any]:
    """A `Permissions.Permission` of one direction in our canonical form (the rule's identity and description)."""
    peer = "Source" if direction == "ingress" else "Dest"
    return {
        "direction": direction,
        "ip_protocol": str(permission.get("IpProtocol") or "").lower(),
        "port_range": permission.get("PortRange"),
        "cidr_ip": permission.get(f"{peer}CidrIp") or None,
        "peer_security_group_id": permission.get(f"{peer}GroupId") or None,
        "policy": str(permission.get("Policy") or "accept").lower(),
        "priority": int(permission.get("Priority") or 1),
        "nic_type": str(permission.get("NicType") or "intranet").lower(),
        "description": permission.get("Description") or "",
    }


_IDENTITY = ("ip_protocol", "port_range", "cidr_ip", "peer_security_group_id", "policy", "priority", "nic_type")


class SecurityGroupRuleProvider(CloudProvider):
    """Dynamic provider of `SecurityGroupRule` (Authorize/Revoke[Egress], DescribeSecurityGroupAttribute)."""

    KIND: ClassVar[str] = "security group rule"
    SPEC = SecurityGroupRuleSpec
    DELETE_BEFORE_REPLACE: ClassVar[bool] = True

    def _matching(self, session: Session, spec: SecurityGroupRuleSpec) -> str | None:
        rules = api.list_rules(session, spec.security_group_id, spec.direction) or []
        wanted = {k: getattr(spec, k) for k in _IDENTITY}
        for permission in rules:
            fields = _rule_fields(spec.direction, permission)
            if all(fields[k] == v for k, v in wanted.items()):
                return str(permission["SecurityGroupRuleId"])
        return None

    def find_existing(self, session: Session, spec: SecurityGroupRuleSpec, token: str) -> str | None:
        return self._matching(session, spec)

    def send_create(self, session: Session, spec: SecurityGroupRuleSpec, token: str) -> str:
        rule = {
            "IpProtocol": spec.ip_protocol, "PortRange": spec.port_range, "Policy": spec.policy,
            "Priority": spec.priority, "NicType": spec.nic_type, "Description": spec.description,
            "CidrIp": spec.cidr_ip, "PeerGroupId": spec.peer_security_group_id,
        }
        api.authorize_rule(session, group_id=spec.security_group_id, direction=spec.direction, rule=rule,
                           client_token=token)
        found: list[str] = []

        def listed() -> str | None:
            rule_id = self._matching(session, spec)
            if rule_id is not None:
                found.append(rule_id)
            return None if rule_id is None else "Available"

        # The rule has no ID until it shows up in the group's list (which may lag behind the call).
        wait_for_status(listed, kind=self.KIND, resource_id=spec.security_group_id, ready=("Available",),
                        settings=session.settings, timeout=session.settings.poll.not_found_grace, missing="grace",
                        phase="create", goal="listed in the group")
        return found[-1]

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        direction = str(hint.get("direction") or "ingress")
        group_id = str(hint.get("security_group_id"))
        for permission in api.list_rules(session, group_id, direction) or []:
            if permission.get("SecurityGroupRuleId") == resource_id:
                return {"security_group_id": group_id, **_rule_fields(direction, permission), "status": "Available"}
        return None

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: SecurityGroupRuleSpec,
        changed: list[str],
    ) -> None:
        if "description" in changed:
            api.modify_rule_description(session, group_id=spec.security_group_id, direction=spec.direction,
                                        rule_id=resource_id, description=spec.description or "")

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        if self.observe(session, resource_id, olds) is None:
            raise NotFound(f"rule {resource_id} is not in the group any more", service="ecs", action="RevokeSecurityGroup")
        api.revoke_rule(session, group_id=str(olds.get("security_group_id")),
                        direction=str(olds.get("direction") or "ingress"), rule_id=resource_id)


class SecurityGroupRule(SecurityGroupRuleResource, module="dlc", name="SecurityGroupRule"):
    """One ingress or egress rule of a security group (ID sgr-...). A replacement deletes the old rule first,
    since two identical rules cannot coexist.
    """

    PROVIDER = SecurityGroupRuleProvider
