"""Request parsing of the fake RAM API and its reply shapes (`Tag` arrives as JSON text; lists page by Marker)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from ..core.errors import InvalidParameter
from ..core.params import page_by_token
from ..core.registry import ServiceResponses
from ..core.tagging import tag_set
from ..core.wire import wire_fields
from . import rules
from .exceptions import RotateStrategyInvalid
from .models import Policy, PolicyVersion, PolicyView, RamBackend, Role

T = TypeVar("T")


def _role(backend: RamBackend, role: Role, *, with_document: bool = True) -> dict[str, Any]:
    shape: dict[str, Any] = {
        **wire_fields(role, "role_id", "role_name", "arn", "description", "max_session_duration"),
        "CreateDate": backend.timestamp(role.created_at),
        "UpdateDate": backend.timestamp(role.updated_at),
    }
    if with_document:
        shape["AssumeRolePolicyDocument"] = role.trust_policy
    return shape


def _version(backend: RamBackend, version: PolicyVersion, default_version: str) -> dict[str, Any]:
    return {
        "VersionId": version.version_id,
        "PolicyDocument": version.document,
        "IsDefaultVersion": version.version_id == default_version,
        "CreateDate": backend.timestamp(version.created_at),
    }


def _policy(backend: RamBackend, view: PolicyView) -> dict[str, Any]:
    return {
        "PolicyName": view.name,
        **wire_fields(view, "policy_type", "description", "default_version"),
        "AttachmentCount": len(backend.roles_with(view.name, view.policy_type)),
        "CreateDate": backend.timestamp(view.created_at),
        "UpdateDate": backend.timestamp(view.updated_at),
    }


class RamResponses(ServiceResponses):
    backend: RamBackend

    def _tag_param(self) -> list[dict[str, str]]:
        """`Tag` as the SDK sends it: JSON text `[{"Key": "k", "Value": "v"}]`."""
        raw = self.params.json("Tag") or []
        if not isinstance(raw, list) or not all(isinstance(t, dict) and isinstance(t.get("Key"), str) for t in raw):
            raise InvalidParameter(name="Tag")
        return [{"Key": t["Key"], "Value": str(t.get("Value", ""))} for t in raw]

    def _marker_page(self, items: Sequence[T]) -> tuple[list[T], dict[str, Any]]:
        max_items = self.params.int("MaxItems", 100, minimum=1, maximum=1000) or 100
        page, marker = page_by_token(items, self.params.get("Marker"), max_items,
                                     error=lambda: InvalidParameter(name="Marker"))
        return page, ({"IsTruncated": True, "Marker": marker} if marker else {"IsTruncated": False})

    def _policy_type(self) -> str:
        return rules.check_policy_type(self.params.required("PolicyType"))

    # -- roles ----------------------------------------------------------------------------------------------
    def create_role(self) -> dict[str, Any]:
        p = self.params
        role = self.backend.create_role(
            name=p.required("RoleName"),
            trust_policy=p.required("AssumeRolePolicyDocument"),
            description=p.get("Description"),
            max_session_duration=p.int("MaxSessionDuration"),
            tags=self._tag_param(),
        )
        shape = _role(self.backend, role)
        del shape["UpdateDate"]
        return {"Role": shape}

    def get_role(self) -> dict[str, Any]:
        role = self.backend.get_role(self.params.required("RoleName"))
        principal = f"{role.role_name}@role.{self.backend.account_id}.onaliyunservice.com"
        return {"Role": {**_role(self.backend, role), "RolePrincipalName": principal, "IsServiceLinkedRole": False}}

    def update_role(self) -> dict[str, Any]:
        p = self.params
        role = self.backend.update_role(
            p.required("RoleName"),
            trust_policy=p.get("NewAssumeRolePolicyDocument"),
            description=p.get("NewDescription"),
            max_session_duration=p.int("NewMaxSessionDuration"),
        )
        return {"Role": _role(self.backend, role)}

    def list_roles(self) -> dict[str, Any]:
        page, paging = self._marker_page(self.backend.list_roles(self._tag_param()))
        roles = [{**_role(self.backend, r, with_document=False), "Tags": tag_set(r.tags, key="TagKey", value="TagValue")} for r in page]
        return {**paging, "Roles": {"Role": roles}}

    def delete_role(self) -> dict[str, Any]:
        self.backend.delete_role(self.params.required("RoleName"))
        return {}

    # -- policies ---------------------------------------------------------------------------------------------
    def create_policy(self) -> dict[str, Any]:
        p = self.params
        policy: Policy = self.backend.create_policy(
            name=p.required("PolicyName"),
            document=p.required("PolicyDocument"),
            description=p.get("Description"),
            tags=self._tag_param(),
        )
        return {"Policy": {
            "PolicyName": policy.id, "PolicyType": "Custom", "Description": policy.description,
            "DefaultVersion": policy.default_version, "CreateDate": self.backend.timestamp(policy.created_at),
        }}

    def get_policy(self) -> dict[str, Any]:
        view = self.backend.view_policy(self.params.required("PolicyName"), self._policy_type())
        default = view.default
        return {
            "Policy": {**_policy(self.backend, view), "PolicyDocument": default.document},
            "DefaultPolicyVersion": _version(self.backend, default, view.default_version),
        }

    def list_policies(self) -> dict[str, Any]:
        policy_type = self.params.get("PolicyType")
        views = self.backend.list_policies(
            rules.check_policy_type(policy_type) if policy_type else None, self._tag_param()
        )
        page, paging = self._marker_page(views)
        policies = []
        for view in page:
            tags = self.backend.get_custom_policy(view.name).tags if view.policy_type == "Custom" else []
            policies.append({**_policy(self.backend, view), "Tags": tag_set(tags, key="TagKey", value="TagValue")})
        return {**paging, "Policies": {"Policy": policies}}

    def update_policy_description(self) -> dict[str, Any]:
        p = self.params
        policy = self.backend.update_policy_description(p.required("PolicyName"), p.get("NewDescription"))
        view = self.backend.view_policy(policy.id, "Custom")
        shape = _policy(self.backend, view)
        del shape["AttachmentCount"]
        return {"Policy": shape}

    def delete_policy(self) -> dict[str, Any]:
        self.backend.delete_policy(self.params.required("PolicyName"), cascading=self.params.bool("CascadingDelete"))
        return {}

    # -- versions -------------------------------------------------------------------------------------------
    def create_policy_version(self) -> dict[str, Any]:
        p = self.params
        strategy = p.get("RotateStrategy", "None")
        if strategy not in rules.ROTATE_STRATEGIES:
            raise RotateStrategyInvalid()
        name = p.required("PolicyName")
        version = self.backend.create_policy_version(
            name, p.required("PolicyDocument"), set_as_default=p.bool("SetAsDefault"), rotate=strategy != "None"
        )
        default = self.backend.get_custom_policy(name).default_version
        return {"PolicyVersion": _version(self.backend, version, default)}

    def get_policy_version(self) -> dict[str, Any]:
        p = self.params
        view = self.backend.view_policy(p.required("PolicyName"), self._policy_type())
        version = view.version(p.required("VersionId"))
        return {"PolicyVersion": _version(self.backend, version, view.default_version)}

    def list_policy_versions(self) -> dict[str, Any]:
        view = self.backend.view_policy(self.params.required("PolicyName"), self._policy_type())
        versions = [_version(self.backend, v, view.default_version) for v in view.versions]
        return {"PolicyVersions": {"PolicyVersion": versions}}

    def delete_policy_version(self) -> dict[str, Any]:
        p = self.params
        self.backend.delete_policy_version(p.required("PolicyName"), p.required("VersionId"))
        return {}

    def set_default_policy_version(self) -> dict[str, Any]:
        p = self.params
        self.backend.set_default_policy_version(p.required("PolicyName"), p.required("VersionId"))
        return {}

    # -- attachments ----------------------------------------------------------------------------------------
    def attach_policy_to_role(self) -> dict[str, Any]:
        p = self.params
        self.backend.attach_policy_to_role(self._policy_type(), p.required("PolicyName"), p.required("RoleName"))
        return {}

    def detach_policy_from_role(self) -> dict[str, Any]:
        p = self.params
        self.backend.detach_policy_from_role(self._policy_type(), p.required("PolicyName"), p.required("RoleName"))
        return {}

    def list_policies_for_role(self) -> dict[str, Any]:
        role = self.backend.get_role(self.params.required("RoleName"))
        policies = []
        for attachment in role.attachments:
            view = self.backend.view_policy(attachment.policy_name, attachment.policy_type)
            policies.append({
                "PolicyName": view.name, "PolicyType": view.policy_type, "Description": view.description,
                "DefaultVersion": view.default_version, "AttachDate": self.backend.timestamp(attachment.attached_at),
            })
        return {"Policies": {"Policy": policies}}

    def list_entities_for_policy(self) -> dict[str, Any]:
        view = self.backend.view_policy(self.params.required("PolicyName"), self._policy_type())
        roles = [
            {"RoleName": role.role_name, "RoleId": role.role_id, "Arn": role.arn, "Description": role.description,
             "AttachDate": self.backend.timestamp(attachment.attached_at)}
            for role, attachment in self.backend.roles_with(view.name, view.policy_type)
        ]
        return {"Roles": {"Role": roles}, "Users": {"User": []}, "Groups": {"Group": []}}
