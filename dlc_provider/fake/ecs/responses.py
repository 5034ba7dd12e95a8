"""Request parsing of the fake ECS security-group API, and its reply shapes."""

from __future__ import annotations

from typing import Any

from ..core.errors import InvalidParameter
from ..core.params import page_by_number, page_by_token
from ..core.tagging import TaggingResponses, tag_set
from ..core.wire import wire_fields
from .models import EcsBackend, SecurityGroup
from .rules import PERMISSION_FIELDS, SecurityGroupRule

MAX_GROUP_IDS = 100


def _group_shape(backend: EcsBackend, group: SecurityGroup) -> dict[str, Any]:
    return {
        "SecurityGroupId": group.id,
        "SecurityGroupName": group.name,
        **wire_fields(group, "description", "vpc_id", "resource_group_id"),
        "SecurityGroupType": group.group_type,
        "CreationTime": backend.timestamp(group.created_at),
        "ServiceManaged": False,
        "RuleCount": len(group.rules),
        "GroupToGroupRuleCount": sum(1 for r in group.rules if r.source_group_id or r.dest_group_id),
        "EcsCount": 0,
        "AvailableInstanceAmount": 2000,
        "Tags": tag_set(group.tags, key="TagKey", value="TagValue"),
    }


def _group_name(backend: EcsBackend, group_id: str) -> str:
    group = backend.get("security_groups", group_id)
    return group.name if group is not None else ""


def _permission_shape(backend: EcsBackend, rule: SecurityGroupRule) -> dict[str, Any]:
    return {
        "SecurityGroupRuleId": rule.id,
        **wire_fields(rule, "direction", "ip_protocol", "port_range", "policy", "nic_type", "description",
                      "source_cidr_ip", "ipv6_source_cidr_ip", "source_group_id", "source_prefix_list_id",
                      "source_port_range", "dest_cidr_ip", "ipv6_dest_cidr_ip", "dest_group_id",
                      "dest_prefix_list_id"),
        "Priority": str(rule.priority),
        "CreateTime": backend.timestamp(rule.created_at),
        "SourceGroupName": _group_name(backend, rule.source_group_id) if rule.source_group_id else "",
        "SourceGroupOwnerAccount": "",
        "SourcePrefixListName": "",
        "DestGroupName": _group_name(backend, rule.dest_group_id) if rule.dest_group_id else "",
        "DestGroupOwnerAccount": "",
        "DestPrefixListName": "",
        "PortRangeListId": "",
        "PortRangeListName": "",
    }


class EcsResponses(TaggingResponses):
    backend: EcsBackend

    def _permissions(self) -> list[dict[str, str]]:
        """`Permissions.N.*`, or the legacy single permission given as top-level fields."""
        permissions = self.params.indexed_objects("Permissions")
        if not permissions and "IpProtocol" in self.params:
            permissions = [{name: v for name in PERMISSION_FIELDS if (v := self.params.get(name)) is not None}]
        return permissions

    def create_security_group(self) -> dict[str, Any]:
        p = self.params
        group = self.backend.create_security_group(
            vpc_id=p.get("VpcId"),
            name=p.get("SecurityGroupName"),
            description=p.get("Description"),
            group_type=p.choice("SecurityGroupType", ("normal", "enterprise"), "normal") or "normal",
            resource_group_id=p.get("ResourceGroupId"),
            tags=p.indexed_objects("Tag"),
        )
        return {"SecurityGroupId": group.id}

    def describe_security_groups(self) -> dict[str, Any]:
        p = self.params
        group_ids = p.json("SecurityGroupIds") or []
        if not isinstance(group_ids, list) or len(group_ids) > MAX_GROUP_IDS:
            raise InvalidParameter(name="SecurityGroupIds")
        if p.get("SecurityGroupId"):
            group_ids = [*group_ids, p.get("SecurityGroupId")]
        groups = self.backend.describe_security_groups(
            group_ids=[str(g) for g in group_ids],
            vpc_id=p.get("VpcId"),
            name=p.get("SecurityGroupName"),
            group_type=p.get("SecurityGroupType"),
            tags=p.indexed_objects("Tag"),
        )
        reply: dict[str, Any] = {"RegionId": self.call.region, "TotalCount": len(groups)}
        if "MaxResults" in p or "NextToken" in p:
            page, next_token = page_by_token(groups, p.get("NextToken"), p.int("MaxResults", 10, minimum=1,
                                                                                maximum=100) or 10)
            reply["NextToken"] = next_token
        else:
            number, size = self.paging(10, 50)
            page = page_by_number(groups, number, size)
            reply.update(PageNumber=number, PageSize=size)
        reply["SecurityGroups"] = {"SecurityGroup": [_group_shape(self.backend, g) for g in page]}
        return reply

    def describe_security_group_attribute(self) -> dict[str, Any]:
        p = self.params
        group = self.backend.get_security_group(p.required("SecurityGroupId"), visible=True)
        direction = p.choice("Direction", ("ingress", "egress", "all"), "all")
        rules = [r for r in group.rules if direction == "all" or r.direction == direction]
        next_token = ""
        if "MaxResults" in p or "NextToken" in p:
            rules, next_token = page_by_token(rules, p.get("NextToken"),
                                              p.int("MaxResults", 500, minimum=10, maximum=1000) or 500)
        return {
            "RegionId": self.call.region,
            "SecurityGroupId": group.id,
            "SecurityGroupName": group.name,
            "Description": group.description,
            "VpcId": group.vpc_id,
            "InnerAccessPolicy": group.inner_access_policy,
            "NextToken": next_token,
            "Permissions": {"Permission": [_permission_shape(self.backend, r) for r in rules]},
        }

    def modify_security_group_attribute(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_security_group_attribute(
            p.required("SecurityGroupId"), name=p.get("SecurityGroupName"), description=p.get("Description")
        )
        return {}

    def authorize_security_group(self) -> dict[str, Any]:
        self.backend.authorize(self.params.required("SecurityGroupId"), "ingress", self._permissions())
        return {}

    def authorize_security_group_egress(self) -> dict[str, Any]:
        self.backend.authorize(self.params.required("SecurityGroupId"), "egress", self._permissions())
        return {}

    def revoke_security_group(self) -> dict[str, Any]:
        self.backend.revoke(self.params.required("SecurityGroupId"), "ingress",
                            self.params.indexed_values("SecurityGroupRuleId"), self._permissions())
        return {}

    def revoke_security_group_egress(self) -> dict[str, Any]:
        self.backend.revoke(self.params.required("SecurityGroupId"), "egress",
                            self.params.indexed_values("SecurityGroupRuleId"), self._permissions())
        return {}

    def delete_security_group(self) -> dict[str, Any]:
        self.backend.delete_security_group(self.params.required("SecurityGroupId"))
        return {}

    def _modified_fields(self) -> dict[str, str]:
        return {name: v for name in PERMISSION_FIELDS if (v := self.params.get(name)) is not None}

    def modify_security_group_rule(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_rule(p.required("SecurityGroupId"), "ingress", p.required("SecurityGroupRuleId"),
                                 self._modified_fields())
        return {}

    def modify_security_group_egress_rule(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_rule(p.required("SecurityGroupId"), "egress", p.required("SecurityGroupRuleId"),
                                 self._modified_fields())
        return {}
