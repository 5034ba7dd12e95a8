"""Access groups and their rules. Each kind (standard, extreme) has its own names and its own default group,
`DEFAULT_VPC_GROUP_NAME`, which is always there, allows 0.0.0.0/0 and can be neither changed nor deleted."""

from __future__ import annotations

from ...core.backend import Backend, assign_given
from ...core.errors import InvalidParameter
from .. import rules
from ..exceptions import (
    DefaultAccessGroupDenied,
    DependencyViolation,
    InvalidAccessGroupAlreadyExisted,
    InvalidAccessGroupNotFound,
    InvalidAccessRuleAlreadyExisted,
    InvalidAccessRuleNotFound,
)
from .resources import AccessGroup, AccessRule, MountTarget, access_group_key


class AccessGroupsMixin(Backend):
    def add_default_access_groups(self) -> None:
        """The built-in default group of each kind, with its single allow-all rule."""
        for kind in rules.ACCESS_GROUP_FILE_SYSTEM_TYPES:
            group = AccessGroup(
                id=access_group_key(kind, rules.DEFAULT_ACCESS_GROUP),
                status="Available",
                builtin=True,
                name=rules.DEFAULT_ACCESS_GROUP,
                file_system_type=kind,
                description=rules.DEFAULT_ACCESS_GROUP,
                rules=[AccessRule(id="1", source_cidr_ip="0.0.0.0/0")],
                next_rule_id=2,
            )
            self.add("access_groups", group)
            group.visible_after = 0.0  # built in: never hidden by an eventual-consistency fault

    @staticmethod
    def check_access_group_type(file_system_type: str) -> str:
        if file_system_type not in rules.ACCESS_GROUP_FILE_SYSTEM_TYPES:
            raise InvalidParameter(name="FileSystemType")
        return file_system_type

    def get_access_group(self, name: str, file_system_type: str) -> AccessGroup:
        group = self.get("access_groups", access_group_key(self.check_access_group_type(file_system_type), name))
        if group is None:
            raise InvalidAccessGroupNotFound(name=name)
        return group

    def _changeable_group(self, name: str, file_system_type: str) -> AccessGroup:
        group = self.get_access_group(name, file_system_type)
        if group.builtin:
            raise DefaultAccessGroupDenied()
        return group

    def mount_targets_using(self, group: AccessGroup) -> list[MountTarget]:
        return [
            m for m in self.all("mount_targets")
            if m.access_group_name == group.name and m.file_system_type == group.file_system_type
        ]

    # -- groups -------------------------------------------------------------------------------------------------
    def create_access_group(
        self, *, name: str, group_type: str, file_system_type: str, description: str | None
    ) -> AccessGroup:
        self.check_access_group_type(file_system_type)
        if group_type != "Vpc":
            raise InvalidParameter(name="AccessGroupType")
        rules.check_access_group_name(name)
        rules.check_description(description)
        if self.get("access_groups", access_group_key(file_system_type, name)) is not None:
            raise InvalidAccessGroupAlreadyExisted(name=name)
        group = AccessGroup(
            id=access_group_key(file_system_type, name),
            status="Available",
            name=name,
            file_system_type=file_system_type,
            group_type=group_type,
            description=description or name,
        )
        return self.add("access_groups", group)

    def describe_access_groups(self, *, name: str | None, file_system_type: str) -> list[AccessGroup]:
        self.check_access_group_type(file_system_type)
        if name is not None and self.get_visible("access_groups", access_group_key(file_system_type, name)) is None:
            raise InvalidAccessGroupNotFound(name=name)
        groups = [
            g for g in self.all_visible("access_groups")
            if g.file_system_type == file_system_type and (name is None or g.name == name)
        ]
        # The default group first, then the others in creation order, as the console lists them.
        return sorted(groups, key=lambda g: (not g.builtin, g.created_at))

    def modify_access_group(self, name: str, file_system_type: str, *, description: str | None) -> None:
        group = self._changeable_group(name, file_system_type)
        rules.check_description(description)
        if description is not None:
            group.description = description

    def delete_access_group(self, name: str, file_system_type: str) -> None:
        group = self._changeable_group(name, file_system_type)
        if self.mount_targets_using(group):
            raise DependencyViolation(resource=f"access group {name}", dependents="MountTarget")
        self.remove("access_groups", group.id)

    # -- rules -------------------------------------------------------------------------------------------------
    def create_access_rule(
        self, group_name: str, file_system_type: str, *, source_cidr_ip: str, rw_access: str, user_access: str,
        priority: int,
    ) -> AccessRule:
        group = self._changeable_group(group_name, file_system_type)
        if any(rule.source_cidr_ip == source_cidr_ip for rule in group.rules):
            raise InvalidAccessRuleAlreadyExisted(name=group_name, source=source_cidr_ip)
        rule = AccessRule(
            id=str(group.next_rule_id), source_cidr_ip=source_cidr_ip, rw_access=rw_access,
            user_access=user_access, priority=priority,
        )
        group.next_rule_id += 1
        group.rules.append(rule)
        return rule

    def describe_access_rules(
        self, group_name: str, file_system_type: str, *, rule_id: str | None
    ) -> tuple[AccessGroup, list[AccessRule]]:
        group = self.get_access_group(group_name, file_system_type)
        if not self.is_visible(group):
            raise InvalidAccessGroupNotFound(name=group_name)
        return group, [r for r in group.rules if rule_id is None or r.id == rule_id]

    def _rule(self, group: AccessGroup, rule_id: str) -> AccessRule:
        for rule in group.rules:
            if rule.id == rule_id:
                return rule
        raise InvalidAccessRuleNotFound(rule_id=rule_id)

    def modify_access_rule(
        self, group_name: str, file_system_type: str, rule_id: str, *, source_cidr_ip: str | None,
        rw_access: str | None, user_access: str | None, priority: int | None,
    ) -> None:
        group = self._changeable_group(group_name, file_system_type)
        rule = self._rule(group, rule_id)
        if source_cidr_ip is not None:
            if any(r.source_cidr_ip == source_cidr_ip for r in group.rules if r is not rule):
                raise InvalidAccessRuleAlreadyExisted(name=group_name, source=source_cidr_ip)
            rule.source_cidr_ip = source_cidr_ip
        assign_given(rule, rw_access=rw_access, user_access=user_access, priority=priority)

    def delete_access_rule(self, group_name: str, file_system_type: str, rule_id: str) -> None:
        group = self._changeable_group(group_name, file_system_type)
        rule = self._rule(group, rule_id)
        group.rules = [r for r in group.rules if r is not rule]
