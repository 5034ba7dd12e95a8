"""ECS API (RPC 2014-05-26): security groups, their rules and tags.

One function per API call; describe functions return wire-named dicts or None. Security groups and
rules are synchronous. `AuthorizeSecurityGroup[Egress]` answers only a RequestId: a rule's ID is found
afterwards with `list_rules` by matching its tuple (an identical existing rule is accepted and not added
twice). No Pulumi here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any


from ..errors import NotFound
from .common import find, has_tag, lazy_module, paginate, sdk_tags, tag_filter, tags_of
from .session import Session

if TYPE_CHECKING:
    from alibabacloud_ecs20140526 import models as m
else:
    m = lazy_module("alibabacloud_ecs20140526.models")

__all__ = [
    "authorize_rule",
    "create_security_group",
    "delete_security_group",
    "describe_security_group",
    "list_rules",
    "list_security_groups",
    "modify_rule_description",
    "modify_security_group",
    "revoke_rule",
    "tag_resources",
    "tags_of",
    "untag_resources",
]

SERVICE = "ecs"
PAGE_SIZE = 50

# A rule's fields as the API names them (the peer is Source* for ingress and Dest* for egress).
RULE_FIELDS = ("IpProtocol", "PortRange", "Policy", "Priority", "NicType", "Description")


def create_security_group(
    session: Session, *, vpc_id: str, name: str | None, description: str | None, group_type: str,
    resource_group_id: str | None, tags: Mapping[str, str], client_token: str,
) -> str:
    request = m.CreateSecurityGroupRequest(
        region_id=session.region, vpc_id=vpc_id, security_group_name=name, description=description,
        security_group_type=group_type, resource_group_id=resource_group_id, client_token=client_token,
        tag=sdk_tags(m.CreateSecurityGroupRequestTag, tags),
    )
    body = session.call(SERVICE, "CreateSecurityGroup", lambda c: c.create_security_group(request)).body
    return str(body.security_group_id)


def list_security_groups(
    session: Session, *, vpc_id: str | None = None, group_ids: list[str] | None = None,
    tag: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    tags = tag_filter(m.DescribeSecurityGroupsRequestTag, tag)

    def call(c: Any, page: int) -> Any:
        return c.describe_security_groups(m.DescribeSecurityGroupsRequest(
            region_id=session.region, vpc_id=vpc_id, tag=tags, page_number=page, page_size=PAGE_SIZE,
            security_group_ids=json.dumps(group_ids) if group_ids else None,
        ))

    groups = paginate(session, SERVICE, "DescribeSecurityGroups", call, "SecurityGroups.SecurityGroup")
    return [g for g in groups if has_tag(g, tag)]


def describe_security_group(session: Session, group_id: str) -> dict[str, Any] | None:
    return find(list_security_groups(session, group_ids=[group_id]), "SecurityGroupId", group_id)


def modify_security_group(
    session: Session, group_id: str, *, name: str | None = None, description: str | None = None
) -> None:
    request = m.ModifySecurityGroupAttributeRequest(region_id=session.region, security_group_id=group_id,
                                                    security_group_name=name, description=description)
    session.call(SERVICE, "ModifySecurityGroupAttribute", lambda c: c.modify_security_group_attribute(request))


def delete_security_group(session: Session, group_id: str) -> None:
    request = m.DeleteSecurityGroupRequest(region_id=session.region, security_group_id=group_id)
    session.call(SERVICE, "DeleteSecurityGroup", lambda c: c.delete_security_group(request))


# --- rules ----------------------------------------------------------------------------------------------------


def list_rules(session: Session, group_id: str, direction: str) -> list[dict[str, Any]] | None:
    """The group's rules of one direction (`Permissions.Permission[]`), or None if the group is gone."""

    def call(c: Any, next_token: str | None) -> Any:
        return c.describe_security_group_attribute(m.DescribeSecurityGroupAttributeRequest(
            region_id=session.region, security_group_id=group_id, direction=direction, max_results=1000,
            next_token=next_token,
        ))

    try:
        return paginate(session, SERVICE, "DescribeSecurityGroupAttribute", call, "Permissions.Permission",
                        paging="token")
    except NotFound:
        return None


def _permission(direction: str, rule: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments of an SDK permission: snake_case names of the wire fields we set."""
    peer = "source" if direction == "ingress" else "dest"
    fields = {
        "ip_protocol": rule["IpProtocol"],
        "port_range": rule["PortRange"],
        "policy": rule.get("Policy"),
        "priority": str(rule["Priority"]) if rule.get("Priority") is not None else None,
        "nic_type": rule.get("NicType"),
        "description": rule.get("Description"),
        f"{peer}_cidr_ip": rule.get("CidrIp"),
        f"{peer}_group_id": rule.get("PeerGroupId"),
    }
    return {k: v for k, v in fields.items() if v is not None}


def authorize_rule(
    session: Session, *, group_id: str, direction: str, rule: Mapping[str, Any], client_token: str
) -> None:
    """Add one rule. `rule` keys: IpProtocol, PortRange, Policy, Priority, NicType, Description, and the
    peer as CidrIp or PeerGroupId (Source* for ingress, Dest* for egress)."""
    fields = _permission(direction, rule)
    if direction == "ingress":
        request: Any = m.AuthorizeSecurityGroupRequest(
            region_id=session.region, security_group_id=group_id, client_token=client_token,
            permissions=[m.AuthorizeSecurityGroupRequestPermissions(**fields)],
        )
        session.call(SERVICE, "AuthorizeSecurityGroup", lambda c: c.authorize_security_group(request))
    else:
        request = m.AuthorizeSecurityGroupEgressRequest(
            region_id=session.region, security_group_id=group_id, client_token=client_token,
            permissions=[m.AuthorizeSecurityGroupEgressRequestPermissions(**fields)],
        )
        session.call(SERVICE, "AuthorizeSecurityGroupEgress", lambda c: c.authorize_security_group_egress(request))


def revoke_rule(session: Session, *, group_id: str, direction: str, rule_id: str) -> None:
    if direction == "ingress":
        request: Any = m.RevokeSecurityGroupRequest(region_id=session.region, security_group_id=group_id,
                                                    security_group_rule_id=[rule_id])
        session.call(SERVICE, "RevokeSecurityGroup", lambda c: c.revoke_security_group(request))
    else:
        request = m.RevokeSecurityGroupEgressRequest(region_id=session.region, security_group_id=group_id,
                                                     security_group_rule_id=[rule_id])
        session.call(SERVICE, "RevokeSecurityGroupEgress", lambda c: c.revoke_security_group_egress(request))


def modify_rule_description(
    session: Session, *, group_id: str, direction: str, rule_id: str, description: str
) -> None:
    if direction == "ingress":
        request: Any = m.ModifySecurityGroupRuleRequest(region_id=session.region, security_group_id=group_id,
                                                        security_group_rule_id=rule_id, description=description)
        session.call(SERVICE, "ModifySecurityGroupRule", lambda c: c.modify_security_group_rule(request))
    else:
        request = m.ModifySecurityGroupEgressRuleRequest(region_id=session.region, security_group_id=group_id,
                                                         security_group_rule_id=rule_id, description=description)
        session.call(SERVICE, "ModifySecurityGroupEgressRule",
                     lambda c: c.modify_security_group_egress_rule(request))


# --- tags ---------------------------------------------------------------------------------------------------------


def tag_resources(session: Session, *, resource_id: str, tags: Mapping[str, str]) -> None:
    request = m.TagResourcesRequest(
        region_id=session.region, resource_type="securitygroup", resource_id=[resource_id],
        tag=sdk_tags(m.TagResourcesRequestTag, tags),
    )
    session.call(SERVICE, "TagResources", lambda c: c.tag_resources(request))


def untag_resources(session: Session, *, resource_id: str, keys: list[str]) -> None:
    request = m.UntagResourcesRequest(region_id=session.region, resource_type="securitygroup",
                                      resource_id=[resource_id], tag_key=sorted(keys))
    session.call(SERVICE, "UntagResources", lambda c: c.untag_resources(request))
