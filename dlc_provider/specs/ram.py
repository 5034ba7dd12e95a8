"""Input specs of the RAM resources: roles, custom policies and policy attachments.

Policy documents (a role's trust policy, a custom policy's permissions) may be given as JSON text or as a
dict. They are validated (Version "1", a non-empty Statement list, Effect Allow/Deny, Action, and Resource
or Principal) and kept in a canonical form (sorted keys, no whitespace), so `diff` compares them by
meaning: key order and whitespace are no change.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from .checks import check_policy_buckets
from .common import InputSpec
from .declare import Computed, program_type

__all__ = [
    "PAI_SERVICE_PRINCIPAL",
    "PAI_TRUST_POLICY",
    "RamPolicySpec",
    "RamRolePolicyAttachmentSpec",
    "RamRoleSpec",
    "canonical_document",
    "check_permission_policy",
    "check_trust_policy",
]

MAX_DOCUMENT_LENGTH = 6144
#: The service principal PAI (and so a DLC job) assumes roles with.
PAI_SERVICE_PRINCIPAL = "pai.aliyuncs.com"
TRUST_ACTIONS = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithOIDC")
PRINCIPAL_KINDS = ("RAM", "Service", "Federated")
_ROLE_NAME = re.compile(r"^[A-Za-z0-9.-]{1,64}$")
_POLICY_NAME = re.compile(r"^[A-Za-z0-9-]{1,128}$")


def canonical_document(document: Any) -> str:
    """A policy document (JSON text or a dict) as canonical JSON text: sorted keys, no whitespace."""
    parsed = json.loads(document) if isinstance(document, str) else document
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


#: The default trust policy of a `RamRole`: PAI may assume it, nobody else.
PAI_TRUST_POLICY = canonical_document({
    "Version": "1",
    "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": [PAI_SERVICE_PRINCIPAL]}}],
})


def _strings(value: Any, what: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        raise ValueError(f"{what} must be a string or a non-empty list of strings")
    return items


def _statements(document: Any) -> tuple[str, list[dict[str, Any]]]:
    if isinstance(document, str):
        try:
            parsed = json.loads(document)
        except ValueError as exc:
            raise ValueError(f"not valid JSON ({exc})") from None
    else:
        parsed = document
    if not isinstance(parsed, dict):
        raise ValueError("the document must be a JSON object")
    if parsed.get("Version") != "1":
        raise ValueError('Version must be "1"')
    statements = parsed.get("Statement")
    if not isinstance(statements, list) or not statements:
        raise ValueError("Statement must be a non-empty list")
    for index, statement in enumerate(statements):
        if not isinstance(statement, dict):
            raise ValueError(f"Statement[{index}] must be an object")
        if statement.get("Effect") not in ("Allow", "Deny"):
            raise ValueError(f"Statement[{index}].Effect must be Allow or Deny")
        _strings(statement.get("Action"), f"Statement[{index}].Action")
        if "Condition" in statement and not isinstance(statement["Condition"], dict):
            raise ValueError(f"Statement[{index}].Condition must be an object")
    text = canonical_document(parsed)
    if len(text) > MAX_DOCUMENT_LENGTH:
        raise ValueError(f"the document is longer than {MAX_DOCUMENT_LENGTH} characters")
    return text, statements


def check_permission_policy(document: Any) -> str:
    """A permission policy's canonical text: every statement has a Resource and no Principal."""
    text, statements = _statements(document)
    for index, statement in enumerate(statements):
        _strings(statement.get("Resource"), f"Statement[{index}].Resource")
        if "Principal" in statement:
            raise ValueError(f"Statement[{index}]: a permission policy has no Principal")
    check_policy_buckets(statements)
    return text


def check_trust_policy(document: Any) -> str:
    """A trust policy's canonical text: sts:AssumeRole* granted to RAM, Service or Federated principals."""
    text, statements = _statements(document)
    for index, statement in enumerate(statements):
        for action in _strings(statement.get("Action"), f"Statement[{index}].Action"):
            if action not in TRUST_ACTIONS:
                raise ValueError(f"Statement[{index}]: a trust policy allows only {', '.join(TRUST_ACTIONS)}")
        principal = statement.get("Principal")
        if not isinstance(principal, dict) or not principal:
            raise ValueError(f"Statement[{index}] needs a Principal object")
        for kind, value in principal.items():
            if kind not in PRINCIPAL_KINDS:
                raise ValueError(f"Statement[{index}].Principal keys are {', '.join(PRINCIPAL_KINDS)}")
            names = _strings(value, f"Statement[{index}].Principal.{kind}")
            if kind == "Service" and not all(n.endswith(".aliyuncs.com") for n in names):
                raise ValueError(f"Statement[{index}]: a Service principal looks like {PAI_SERVICE_PRINCIPAL}")
    return text


def _description(value: str | None) -> str | None:
    if value is not None and not 1 <= len(value) <= 1024:
        raise ValueError("description must be 1-1024 characters")
    return value


class RamRoleSpec(InputSpec):
    """Inputs of a `RamRole`."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "arn": Computed("str", "The role's ARN (acs:ram::<account>:role/<name>), e.g. for a DlcJob's `ram_role`."),
        "role_id": Computed("str", "The role's numeric ID."),
        "status": Computed("str", "Available once the role exists."),
        "create_date": Computed("str", "When the role was created (UTC, ISO 8601)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("name",)
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = (
        "description", "max_session_duration", "trust_policy", "force_detach_policies",
    )

    name: str = Field(description="1-64 characters: letters, digits, . and -. Unique in the account.")
    description: str | None = Field(default=None, description="1-1024 characters.")
    max_session_duration: int | None = Field(
        default=None, ge=3600, le=43200, description="Seconds a session may last (3600-43200; 3600 if unset)."
    )
    trust_policy: str = Field(
        default=PAI_TRUST_POLICY,
        description="Who may assume the role (JSON text or a dict); default: only PAI (pai.aliyuncs.com).",
        json_schema_extra=program_type("str | Mapping[str, Any]"),
    )
    force_detach_policies: bool = Field(
        default=False,
        description="On delete, detach policies attached outside this program; if false, such a delete fails.",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _ROLE_NAME.match(value):
            raise ValueError("name must be 1-64 characters: letters, digits, . and -")
        return value

    @field_validator("description")
    @classmethod
    def _desc(cls, value: str | None) -> str | None:
        return _description(value)

    @field_validator("trust_policy", mode="before")
    @classmethod
    def _trust(cls, value: Any) -> Any:
        return check_trust_policy(value) if value is not None else value


class RamPolicySpec(InputSpec):
    """Inputs of a `RamPolicy` (a custom policy)."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "default_version": Computed("str", "The version in force (v1, v2, ...)."),
        "attachment_count": Computed("int", "How many identities the policy is attached to."),
        "status": Computed("str", "Available once the policy exists."),
        "create_date": Computed("str", "When the policy was created (UTC, ISO 8601)."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("name",)
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("document", "description")

    name: str = Field(description="1-128 characters: letters, digits and -. Unique in the account.")
    document: str = Field(
        description="The permissions (JSON text or a dict): Version \"1\", Statement [{Effect, Action, Resource}]; "
        "a change adds a new default version (the oldest non-default one goes when there are 5).",
        json_schema_extra=program_type("str | Mapping[str, Any]"),
    )
    description: str | None = Field(default=None, description="1-1024 characters.")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _POLICY_NAME.match(value):
            raise ValueError("name must be 1-128 characters: letters, digits and -")
        return value

    @field_validator("description")
    @classmethod
    def _desc(cls, value: str | None) -> str | None:
        return _description(value)

    @field_validator("document", mode="before")
    @classmethod
    def _document(cls, value: Any) -> Any:
        return check_permission_policy(value) if value is not None else value


class RamRolePolicyAttachmentSpec(InputSpec):
    """Inputs of a `RamRolePolicyAttachment`."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "attach_date": Computed("str", "When the policy was attached (UTC, ISO 8601)."),
        "status": Computed("str", "Available once the policy is attached."),
    }

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("role_name", "policy_name", "policy_type")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ()

    role_name: str = Field(description="The role (a RamRole's `name`).")
    policy_name: str = Field(description="The policy: a system policy's name or a RamPolicy's `name`.")
    policy_type: Literal["System", "Custom"] = Field(default="Custom", description="System or Custom.")

    @field_validator("role_name")
    @classmethod
    def _role(cls, value: str) -> str:
        if not _ROLE_NAME.match(value):
            raise ValueError("role_name must be 1-64 characters: letters, digits, . and -")
        return value

    @field_validator("policy_name")
    @classmethod
    def _policy(cls, value: str) -> str:
        if not _POLICY_NAME.match(value):
            raise ValueError("policy_name must be 1-128 characters: letters, digits and -")
        return value
