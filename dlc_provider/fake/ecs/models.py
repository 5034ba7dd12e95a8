"""State of the fake ECS: security groups and their rules (all synchronous, as the real API is)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.backend import assign_given
from ..core.errors import InvalidParameter, MissingParameter
from ..core.tagging import MAX_TAGS, TaggedResource, TaggingService, Tags, matches_tags
from .exceptions import (
    AuthorizationLimitExceed,
    InvalidSecurityGroupDescriptionMalformed,
    InvalidSecurityGroupIdNotFound,
    InvalidSecurityGroupRuleIdNotFound,
    InvalidSourceGroupIdNotFound,
    InvalidTagCount,
    InvalidTagKeyMalformed,
    InvalidVpcIdNotFound,
    RuleNotExist,
    SecurityGroupInUse,
)
from .rules import (
    MAX_PERMISSIONS_PER_CALL,
    MAX_RULES_PER_GROUP,
    SecurityGroupRule,
    build_rule,
    check_group_name,
    rule_fields,
)


@dataclass
class SecurityGroup(TaggedResource):
    vpc_id: str = ""
    name: str = ""
    description: str = ""
    group_type: str = "normal"
    resource_group_id: str = ""
    inner_access_policy: str = "Accept"
    rules: list[SecurityGroupRule] = field(default_factory=list)


class EcsBackend(TaggingService):
    service = "ecs"
    kinds = ("security_groups",)
    tag_kinds = {"securitygroup": "security_groups"}
    tag_quota_error = InvalidTagCount

    def _check_tags(self, tags: Tags) -> Tags:
        if len(tags) > MAX_TAGS:
            raise InvalidTagCount()
        for tag in tags:
            key = tag.get("Key", "")
            if not key or len(key) > 128 or key.startswith(("aliyun", "acs:", "http://", "https://")):
                raise InvalidTagKeyMalformed()
        return [{"Key": t["Key"], "Value": t.get("Value", "")} for t in tags]

    def get_security_group(self, group_id: str | None, *, visible: bool = False) -> SecurityGroup:
        group = self.get_visible("security_groups", group_id) if visible else self.get("security_groups", group_id)
        if group is None:
            raise InvalidSecurityGroupIdNotFound()
        return group

    def create_security_group(
        self, *, vpc_id: str | None, name: str | None, description: str | None, group_type: str,
        resource_group_id: str | None, tags: list[dict[str, str]],
    ) -> SecurityGroup:
        check_group_name(name)
        if description is not None and (not 2 <= len(description) <= 256
                                        or description.lower().startswith(("http://", "https://"))):
            raise InvalidSecurityGroupDescriptionMalformed()
        tags = self._check_tags(tags)
        if vpc_id is not None:
            vpcs = self.peer("vpc")
            if vpcs is None or vpcs.get("vpcs", vpc_id) is None:
                raise InvalidVpcIdNotFound()
        group = SecurityGroup(
            id=self.new_id("sg"),
            status="Available",
            vpc_id=vpc_id or "",
            name=name or "",
            description=description or "",
            group_type=group_type,
            resource_group_id=resource_group_id or f"rg-acfm{self.account_id[-8:]}",
            inner_access_policy="Accept" if group_type == "normal" else "Drop",
            tags=tags,
        )
        return self.add("security_groups", group)

    def describe_security_groups(
        self, *, group_ids: list[str], vpc_id: str | None, name: str | None, group_type: str | None,
        tags: list[dict[str, str]] | None = None,
    ) -> list[SecurityGroup]:
        return [
            group
            for group in self.all_visible("security_groups")
            if (not group_ids or group.id in group_ids)
            and (vpc_id is None or group.vpc_id == vpc_id)
            and (name is None or group.name == name)
            and (group_type is None or group.group_type == group_type)
            and matches_tags(group.tags, tags or [])
        ]

    def modify_security_group_attribute(self, group_id: str, *, name: str | None, description: str | None) -> None:
        group = self.get_security_group(group_id)
        check_group_name(name)
        if description is not None and not 2 <= len(description) <= 256:
            raise InvalidSecurityGroupDescriptionMalformed()
        assign_given(group, name=name, description=description)

    def modify_rule(self, group_id: str, direction: str, rule_id: str, fields: dict[str, str]) -> SecurityGroupRule:
        """ModifySecurityGroup(Egress)Rule: the fields given replace the rule's; the rest are kept."""
        group = self.get_security_group(group_id)
        rule = next((r for r in group.rules if r.id == rule_id and r.direction == direction), None)
        if rule is None:
            raise InvalidSecurityGroupRuleIdNotFound(rule_id=rule_id)
        if set(fields) - {"Description"}:
            current = {name: str(value) for name, value in rule_fields(rule).items() if value != ""}
            changed = build_rule(rule.id, direction, {**current, **fields}, rule.created_at)
            peers = (changed.source_group_id, changed.dest_group_id)
            for peer_group in peers:
                if peer_group and self.get("security_groups", peer_group) is None:
                    raise InvalidSourceGroupIdNotFound(group_id=peer_group)
            if any(other is not rule and other.identity() == changed.identity() for other in group.rules):
                raise InvalidParameter("A rule with the same permission already exists in the security group.")
            group.rules[group.rules.index(rule)] = changed
            return changed
        if "Description" in fields:
            rule.description = fields["Description"]
        return rule

    def _rules_from(self, direction: str, permissions: list[dict[str, str]]) -> list[SecurityGroupRule]:
        if len(permissions) > MAX_PERMISSIONS_PER_CALL:
            raise InvalidParameter(name="Permissions")
        now = self.now()
        rules = [build_rule(self.new_id("sgr"), direction, fields, now) for fields in permissions]
        for rule in rules:
            for peer_group in (rule.source_group_id, rule.dest_group_id):
                if peer_group and self.get("security_groups", peer_group) is None:
                    raise InvalidSourceGroupIdNotFound(group_id=peer_group)
        return rules

    def authorize(self, group_id: str, direction: str, permissions: list[dict[str, str]]) -> None:
        """Add rules; a rule identical to an existing one is accepted and not added twice."""
        group = self.get_security_group(group_id)
        if not permissions:
            raise MissingParameter(name="Permissions.1.IpProtocol")
        existing = {rule.identity() for rule in group.rules}
        for rule in self._rules_from(direction, permissions):
            if rule.identity() in existing:
                continue
            if len(group.rules) >= MAX_RULES_PER_GROUP:
                raise AuthorizationLimitExceed()
            group.rules.append(rule)
            existing.add(rule.identity())

    def revoke(
        self, group_id: str, direction: str, rule_ids: list[str], permissions: list[dict[str, str]]
    ) -> None:
        group = self.get_security_group(group_id)
        if not rule_ids and not permissions:
            raise MissingParameter(name="SecurityGroupRuleId.1")
        by_id = {rule.id: rule for rule in group.rules if rule.direction == direction}
        doomed: list[SecurityGroupRule] = []
        for rule_id in rule_ids:
            if rule_id not in by_id:
                raise InvalidSecurityGroupRuleIdNotFound(rule_id=rule_id)
            doomed.append(by_id[rule_id])
        for wanted in self._rules_from(direction, permissions):
            match = next((r for r in by_id.values() if r.identity() == wanted.identity()), None)
            if match is None:
                raise RuleNotExist()
            doomed.append(match)
        group.rules = [rule for rule in group.rules if all(rule is not d for d in doomed)]

    def delete_security_group(self, group_id: str) -> None:
        group = self.get_security_group(group_id)
        users = [
            "SecurityGroupRule"
            for other in self.all("security_groups")
            if other is not group
            for rule in other.rules
            if group.id in (rule.source_group_id, rule.dest_group_id)
        ]
        users += self.dependents_elsewhere(group.id)
        if users:
            raise SecurityGroupInUse(dependents=", ".join(sorted(set(users))))
        self.remove("security_groups", group.id)

    def dependents_of(self, resource_id: str) -> list[str]:
        return ["SecurityGroup" for group in self.all("security_groups") if group.vpc_id == resource_id]
