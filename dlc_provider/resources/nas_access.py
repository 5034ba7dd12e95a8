"""NAS access groups and rules: `NasAccessGroup`, `NasAccessRule` (and the creation marker of groups).

Idempotent creates (see `tokens`): the access group API has no token and no tags, so the provider writes a
creation marker (`#<token>`) at the end of the group's description (hidden from the `description` output);
a group with the same name is taken over only when it carries this resource's marker, else create fails
naming `adopt_id`. Access rules have no token, tag or free text; the API allows one rule per source per
group, so an existing rule is taken over only when it matches every input, else create fails naming it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from ..clients import nas as api
from ..clients.session import Session
from ..errors import DlcError, InvalidInput
from ..specs.storage import NasAccessGroupSpec, NasAccessRuleSpec
from .generated.nas_access_group import NasAccessGroupArgs, NasAccessGroupArgsDict, NasAccessGroupResource
from .generated.nas_access_rule import NasAccessRuleArgs, NasAccessRuleArgsDict, NasAccessRuleResource
from .provider import CloudProvider

__all__ = [
    "NasAccessGroup",
    "NasAccessGroupArgs",
    "NasAccessGroupArgsDict",
    "NasAccessGroupProvider",
    "NasAccessRule",
    "NasAccessRuleArgs",
    "NasAccessRuleArgsDict",
    "NasAccessRuleProvider",
]


# --- the creation marker in descriptions ------------------------------------------------------------------------

_MARKER = re.compile(r" #(dlc[0-9a-f]{37})$")
_PLACEHOLDER = "Managed by dlc-provider"


def with_marker(description: str | None, token: str | None) -> str | None:
    """The description to send: the user's (or a placeholder) followed by ` #<token>`."""
    if token is None:
        return description
    return f"{description or _PLACEHOLDER} #{token}"


def split_marker(description: str | None) -> tuple[str, str | None]:
    """(the user's description, the creation token in it or None)."""
    text = description or ""
    found = _MARKER.search(text)
    if found is None:
        return text, None
    text = text[: found.start()]
    return ("" if text == _PLACEHOLDER else text), found.group(1)


def _already_exists(kind: str, what: str, existing_id: str) -> DlcError:
    return DlcError(
        f"{kind} {what} already exists and was not made by this resource: manage it with "
        f"adopt_id={existing_id!r}, delete it, or change the inputs"
    )


# --- access groups and rules ----------------------------------------------------------------------------------------


class NasAccessGroupProvider(CloudProvider):
    """Dynamic provider of `NasAccessGroup` (Create/Describe/Modify/DeleteAccessGroup). The ID is the name."""

    KIND: ClassVar[str] = "NAS access group"
    SPEC = NasAccessGroupSpec

    def find_existing(self, session: Session, spec: NasAccessGroupSpec, token: str) -> str | None:
        item = api.describe_access_group(session, spec.name, spec.file_system_type)
        if item is None:
            return None
        if split_marker(item.get("Description"))[1] == token:
            return spec.name
        raise _already_exists(self.KIND, repr(spec.name), spec.name)

    def send_create(self, session: Session, spec: NasAccessGroupSpec, token: str) -> str:
        try:
            return api.create_access_group(session, name=spec.name, file_system_type=spec.file_system_type,
                                           description=with_marker(spec.description, token))
        except InvalidInput as exc:
            # A retried call whose first answer was lost: the group is there with our marker (else this raises).
            if exc.code == "InvalidAccessGroup.AlreadyExisted" and self.find_made_by_retry(session, spec, token):
                return spec.name
            raise

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        file_system_type = str(hint.get("file_system_type") or "standard")
        item = api.describe_access_group(session, resource_id, file_system_type)
        if item is None:
            return None
        return {
            "name": item.get("AccessGroupName"),
            "file_system_type": item.get("FileSystemType") or file_system_type,
            "description": split_marker(item.get("Description"))[0],
            "status": "Available",
            "rule_count": item.get("RuleCount"),
            "mount_target_count": item.get("MountTargetCount"),
            "create_time": item.get("CreateTime"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: NasAccessGroupSpec, changed: list[str]
    ) -> None:
        if "description" in changed:
            api.modify_access_group(session, resource_id, spec.file_system_type,
                                    description=with_marker(spec.description, olds.get("creation_token")) or "")

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_access_group(session, resource_id, str(olds.get("file_system_type") or "standard"))


def _rule_parts(resource_id: str, hint: Mapping[str, Any]) -> tuple[str, str]:
    group, slash, rule = resource_id.rpartition("/")
    if not slash:
        return str(hint.get("access_group_name")), resource_id
    return group, rule


class NasAccessRuleProvider(CloudProvider):
    """Dynamic provider of `NasAccessRule`. The ID is `<access group name>/<rule ID>`."""

    KIND: ClassVar[str] = "NAS access rule"
    SPEC = NasAccessRuleSpec

    def find_existing(self, session: Session, spec: NasAccessRuleSpec, token: str) -> str | None:
        for rule in api.list_access_rules(session, spec.access_group_name, spec.file_system_type):
            if rule.get("SourceCidrIp") != spec.source_cidr_ip:
                continue
            rule_id = f"{spec.access_group_name}/{rule.get('AccessRuleId')}"
            same = (rule.get("RWAccess"), rule.get("UserAccess"), int(rule.get("Priority") or 0)) == (
                spec.rw_access, spec.user_access, spec.priority)
            if same:
                return rule_id
            raise _already_exists(self.KIND, f"for {spec.source_cidr_ip} in {spec.access_group_name}", rule_id)
        return None

    def send_create(self, session: Session, spec: NasAccessRuleSpec, token: str) -> str:
        rule_id = api.create_access_rule(
            session, group=spec.access_group_name, file_system_type=spec.file_system_type,
            source_cidr_ip=spec.source_cidr_ip, rw_access=spec.rw_access, user_access=spec.user_access,
            priority=spec.priority,
        )
        return f"{spec.access_group_name}/{rule_id}"

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        group, rule_id = _rule_parts(resource_id, hint)
        file_system_type = str(hint.get("file_system_type") or "standard")
        item = api.describe_access_rule(session, group, file_system_type, rule_id)
        if item is None:
            return None
        return {
            "access_group_name": group,
            "file_system_type": file_system_type,
            "source_cidr_ip": item.get("SourceCidrIp"),
            "rw_access": item.get("RWAccess"),
            "user_access": item.get("UserAccess"),
            "priority": int(item.get("Priority") or 0),
            "access_rule_id": rule_id,
            "status": "Available",
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: NasAccessRuleSpec, changed: list[str]
    ) -> None:
        group, rule_id = _rule_parts(resource_id, olds)
        api.modify_access_rule(
            session, group=group, file_system_type=spec.file_system_type, rule_id=rule_id,
            source_cidr_ip=spec.source_cidr_ip if "source_cidr_ip" in changed else None,
            rw_access=spec.rw_access if "rw_access" in changed else None,
            user_access=spec.user_access if "user_access" in changed else None,
            priority=spec.priority if "priority" in changed else None,
        )

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        group, rule_id = _rule_parts(resource_id, olds)
        api.delete_access_rule(session, group=group, file_system_type=str(olds.get("file_system_type") or "standard"),
                               rule_id=rule_id)


# --- resources ------------------------------------------------------------------------------------------------


class NasAccessGroup(NasAccessGroupResource, module="dlc", name="NasAccessGroup"):
    """A NAS permission (access) group. Its ID is its name."""

    PROVIDER = NasAccessGroupProvider


class NasAccessRule(NasAccessRuleResource, module="dlc", name="NasAccessRule"):
    """A rule of a NAS access group. ID `<group>/<rule id>`."""

    PROVIDER = NasAccessRuleProvider
