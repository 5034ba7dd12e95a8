"""Errors of the fake RAM service, with the documented codes and HTTP statuses.

`DeleteConflict.Policy.Role` (deleting a custom policy still attached to a role) and `MalformedPolicyDocument`
(a document that is not a valid policy) are the fake's choices; see README.md, "Storage, RAM and workspaces".
"""

from __future__ import annotations

from ..core.errors import FakeError


class RamError(FakeError):
    status = 400


# --- not found ----------------------------------------------------------------------------------------
class EntityNotExistRole(RamError):
    code, status, message = "EntityNotExist.Role", 404, "The role does not exist: {name}."


class EntityNotExistPolicy(RamError):
    code, status, message = "EntityNotExist.Policy", 404, "The policy does not exist: {name} ({policy_type})."


class EntityNotExistPolicyVersion(RamError):
    code, status, message = "EntityNotExist.Policy.Version", 404, "The policy version does not exist: {version}."


class EntityNotExistRolePolicy(RamError):
    code, status, message = "EntityNotExist.Role.Policy", 404, "The policy {policy} is not attached to role {role}."


# --- conflicts ------------------------------------------------------------------------------------------
class EntityAlreadyExistsRole(RamError):
    code, status, message = "EntityAlreadyExists.Role", 409, "The role already exists: {name}."


class EntityAlreadyExistsPolicy(RamError):
    code, status, message = "EntityAlreadyExists.Policy", 409, "The policy already exists: {name}."


class EntityAlreadyExistsRolePolicy(RamError):
    code, status = "EntityAlreadyExists.Role.Policy", 409
    message = "The policy {policy} is already attached to role {role}."


class DeleteConflictRolePolicy(RamError):
    code, status = "DeleteConflict.Role.Policy", 409
    message = "The role {name} still has policies attached; detach them first."


class DeleteConflictPolicyRole(RamError):
    code, status, message = "DeleteConflict.Policy.Role", 409, "The policy {name} is still attached to roles."


class DeleteConflictPolicyVersion(RamError):
    code, status = "DeleteConflict.Policy.Version", 409
    message = "The policy {name} has non-default versions; delete them first or use CascadingDelete."


class DeleteConflictPolicyVersionDefault(RamError):
    code, status = "DeleteConflict.Policy.Version.Default", 409
    message = "You cannot delete the default policy version."


class LimitExceededPolicyVersion(RamError):
    code, status = "LimitExceeded.Policy.Version", 409
    message = "The policy {name} already has {limit} versions; delete one or use a RotateStrategy."


# --- parameters -------------------------------------------------------------------------------------------
class MalformedPolicyDocument(RamError):
    code, message = "MalformedPolicyDocument", "The policy document is malformed: {detail}."


class PolicyDocumentLength(RamError):
    code, message = "InvalidParameter.PolicyDocument.Length", "The policy document exceeds {limit} characters."


class RoleNameLength(RamError):
    code, message = "InvalidParameter.RoleName.Length", "The role name must be 1 to 64 characters in length."


class RoleNameInvalidChars(RamError):
    code = "InvalidParameter.RoleName.InvalidChars"
    message = "The role name may contain only letters, digits, periods (.) and hyphens (-)."


class PolicyNameLength(RamError):
    code, message = "InvalidParameter.PolicyName.Length", "The policy name must be 1 to 128 characters in length."


class PolicyNameInvalidChars(RamError):
    code = "InvalidParameter.PolicyName.InvalidChars"
    message = "The policy name may contain only letters, digits and hyphens (-)."


class DescriptionLength(RamError):
    code, message = "InvalidParameter.Description.Length", "The description must be 1 to 1024 characters in length."


class MaxSessionDurationInvalid(RamError):
    code, message = "InvalidParameter.MaxSessionDuration", "MaxSessionDuration must be between 3600 and 43200 seconds."


class PolicyTypeInvalid(RamError):
    code, message = "InvalidParameter.PolicyType", "PolicyType must be System or Custom."


class VersionIdFormat(RamError):
    code, message = "InvalidParameter.VersionId.Format", "The specified version ID is invalid."


class RotateStrategyInvalid(RamError):
    code = "InvalidParameter.RotateStrategy"
    message = "RotateStrategy must be None or DeleteOldestNonDefaultVersionWhenLimitExceeded."
