"""RAM's validation rules: names, lengths, and the structure of permission and trust policy documents.

A permission policy is `{"Version": "1", "Statement": [{"Effect", "Action", "Resource"[, "Condition"]}]}`;
a trust policy has `Principal` (`RAM`, `Service` and/or `Federated`) instead of `Resource`, and its actions
are the `sts:AssumeRole*` ones.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .exceptions import (
    DescriptionLength,
    MalformedPolicyDocument,
    MaxSessionDurationInvalid,
    PolicyDocumentLength,
    PolicyNameInvalidChars,
    PolicyNameLength,
    PolicyTypeInvalid,
    RoleNameInvalidChars,
    RoleNameLength,
    VersionIdFormat,
)

MAX_DOCUMENT_LENGTH = 6144
MAX_POLICY_VERSIONS = 5
SESSION_DURATION_RANGE = (3600, 43200)
DEFAULT_SESSION_DURATION = 3600
POLICY_TYPES = ("System", "Custom")
ROTATE_STRATEGIES = ("None", "DeleteOldestNonDefaultVersionWhenLimitExceeded")
TRUST_ACTIONS = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithOIDC")
PRINCIPAL_KINDS = ("RAM", "Service", "Federated")
EFFECTS = ("Allow", "Deny")

_ROLE_NAME = re.compile(r"^[A-Za-z0-9.-]+$")
_POLICY_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_VERSION_ID = re.compile(r"^v[1-9][0-9]*$")


def check_role_name(name: str) -> None:
    if not 1 <= len(name) <= 64:
        raise RoleNameLength()
    if not _ROLE_NAME.match(name):
        raise RoleNameInvalidChars()


def check_policy_name(name: str) -> None:
    if not 1 <= len(name) <= 128:
        raise PolicyNameLength()
    if not _POLICY_NAME.match(name):
        raise PolicyNameInvalidChars()


def check_description(value: str | None) -> None:
    if value is not None and not 1 <= len(value) <= 1024:
        raise DescriptionLength()


def check_session_duration(value: int | None) -> None:
    low, high = SESSION_DURATION_RANGE
    if value is not None and not low <= value <= high:
        raise MaxSessionDurationInvalid()


def check_policy_type(value: str | None) -> str:
    if value not in POLICY_TYPES:
        raise PolicyTypeInvalid()
    return value


def check_version_id(value: str) -> None:
    if not _VERSION_ID.match(value):
        raise VersionIdFormat()


def _strings(value: Any, what: str) -> list[str]:
    """A string or a non-empty list of non-empty strings."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        raise MalformedPolicyDocument(detail=f"{what} must be a string or a non-empty list of strings")
    return items


def _statements(document: str) -> list[dict[str, Any]]:
    if len(document) > MAX_DOCUMENT_LENGTH:
        raise PolicyDocumentLength(limit=MAX_DOCUMENT_LENGTH)
    try:
        parsed = json.loads(document)
    except ValueError:
        raise MalformedPolicyDocument(detail="not valid JSON") from None
    if not isinstance(parsed, dict):
        raise MalformedPolicyDocument(detail="the document must be a JSON object")
    if parsed.get("Version") != "1":
        raise MalformedPolicyDocument(detail='Version must be "1"')
    statements = parsed.get("Statement")
    if not isinstance(statements, list) or not statements:
        raise MalformedPolicyDocument(detail="Statement must be a non-empty list")
    for statement in statements:
        if not isinstance(statement, dict):
            raise MalformedPolicyDocument(detail="every Statement item must be an object")
        if statement.get("Effect") not in EFFECTS:
            raise MalformedPolicyDocument(detail="Effect must be Allow or Deny")
        _strings(statement.get("Action"), "Action")
        if "Condition" in statement and not isinstance(statement["Condition"], dict):
            raise MalformedPolicyDocument(detail="Condition must be an object")
    return statements


def check_policy_document(document: str) -> None:
    """A permission policy: every statement names its Resource and no Principal."""
    for statement in _statements(document):
        _strings(statement.get("Resource"), "Resource")
        if "Principal" in statement:
            raise MalformedPolicyDocument(detail="a permission policy has no Principal")


def check_trust_policy(document: str) -> None:
    """A trust policy: `sts:AssumeRole*` actions granted to RAM, Service or Federated principals."""
    for statement in _statements(document):
        for action in _strings(statement.get("Action"), "Action"):
            if action not in TRUST_ACTIONS:
                raise MalformedPolicyDocument(detail=f"a trust policy allows only {', '.join(TRUST_ACTIONS)}")
        principal = statement.get("Principal")
        if not isinstance(principal, dict) or not principal:
            raise MalformedPolicyDocument(detail="a trust policy statement needs a Principal object")
        for kind, value in principal.items():
            if kind not in PRINCIPAL_KINDS:
                raise MalformedPolicyDocument(detail=f"Principal keys are {', '.join(PRINCIPAL_KINDS)}")
            names = _strings(value, f"Principal.{kind}")
            if kind == "Service" and not all(name.endswith(".aliyuncs.com") for name in names):
                raise MalformedPolicyDocument(detail="a Service principal looks like pai.aliyuncs.com")
