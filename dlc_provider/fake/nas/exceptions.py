"""Errors of the fake NAS service: the documented codes, and the fake's choices where none is documented.

Choices (see README.md, "Storage, RAM and workspaces"): `OperationDenied.DependencyViolation` for deleting a file system
that still has mount targets or an access group a mount target uses, `OperationDenied.DefaultAccessGroup`
for changing the default group, the `.AlreadyExisted` codes of access groups and rules, 404 for every
`*.NotFound`.
"""

from __future__ import annotations

from ..core.errors import FakeError


class NasError(FakeError):
    status = 400


# --- not found ----------------------------------------------------------------------------------------
class InvalidFileSystemNotFound(NasError):
    code, status = "InvalidFileSystem.NotFound", 404
    message = "The specified file system {file_system_id} does not exist."


class InvalidMountTargetNotFound(NasError):
    code, status, message = "InvalidMountTarget.NotFound", 404, "The specified mount target {domain} does not exist."


class InvalidAccessGroupNotFound(NasError):
    code, status, message = "InvalidAccessGroup.NotFound", 404, "The specified access group {name} does not exist."


class InvalidAccessRuleNotFound(NasError):
    code, status, message = "InvalidAccessRule.NotFound", 404, "The specified access rule {rule_id} does not exist."


class InvalidVpcIdNotFound(NasError):
    code, status, message = "InvalidVpcId.NotFound", 404, "The specified VPC {vpc_id} does not exist."


class InvalidVSwitchIdNotFound(NasError):
    code, status, message = "InvalidVSwitchId.NotFound", 404, "The specified vSwitch {vswitch_id} does not exist."


class InvalidSecurityGroupIdNotFound(NasError):
    code, status, message = "InvalidSecurityGroupId.NotFound", 404, "The security group {group_id} does not exist."


class InvalidZoneIdNotFound(NasError):
    code, message = "InvalidZoneId.NotFound", "The zone {zone_id} does not exist in region {region}."


# --- parameters -----------------------------------------------------------------------------------------
class VSwitchNotInVpc(NasError):
    code, message = "InvalidParameter", "The vSwitch {vswitch_id} does not belong to VPC {vpc_id}."


class VSwitchNotInZone(NasError):
    code, message = "InvalidParameter", "The vSwitch {vswitch_id} is not in zone {zone_id}."


class UnsupportedFileSystemType(NasError):
    code, status = "NotImplemented", 501
    message = "The fake NAS implements file system types standard, extreme and cpfs, not {file_system_type}."


# --- conflicts and states ----------------------------------------------------------------------------------
class InvalidMountTargetAlreadyExisted(NasError):
    code, status = "InvalidMountTarget.AlreadyExisted", 403
    message = "The file system already has a mount target in vSwitch {vswitch_id}."


class InvalidAccessGroupAlreadyExisted(NasError):
    code, status, message = "InvalidAccessGroup.AlreadyExisted", 403, "The access group {name} already exists."


class InvalidAccessRuleAlreadyExisted(NasError):
    code, status = "InvalidAccessRule.AlreadyExisted", 403
    message = "The access group {name} already has a rule for {source}."


class InvalidState(NasError):
    code, status = "OperationDenied.InvalidState", 403
    message = "The {resource} is {current}; the operation is not allowed in this state."


class DefaultAccessGroupDenied(NasError):
    code, status = "OperationDenied.DefaultAccessGroup", 403
    message = "The default access group DEFAULT_VPC_GROUP_NAME cannot be deleted or modified."


class DependencyViolation(NasError):
    code, status, message = "OperationDenied.DependencyViolation", 403, "The {resource} is still used by: {dependents}."


# --- tags (TagResources, UntagResources, ListTagResources) ------------------------------------------------------
# Documented in the NAS API reference (2017-06-26) error tables of the three calls: MissingParameter.ResourceIds,
# NumberExceed.ResourceIds, Duplicate.ResourceId, NumberExceed.Tags, Duplicate.TagKey,
# MissingParameter.ResourceIdOrTag and InvalidNextToken (all 400). The NAS tables do not name codes for a wrong
# ResourceType, a malformed key or value, or too many tags on one file system; the fake answers those with the
# codes Alibaba Cloud's shared tag service uses elsewhere (InvalidParameter.ResourceType, InvalidParameter.TagKey,
# InvalidParameter.TagValue, QuotaExceed.TagsPerResource), all 400 like the rest of the NAS tag errors.
class InvalidTagResourceType(NasError):
    code, message = "InvalidParameter.ResourceType", "The ResourceType parameter is invalid; it must be filesystem."


class MissingResourceIds(NasError):
    code, message = "MissingParameter.ResourceIds", "You must specify ResourceIds."


class TooManyResourceIds(NasError):
    code, message = "NumberExceed.ResourceIds", "The maximum number of ResourceIds is exceeded. The maximum is 50."


class DuplicateResourceId(NasError):
    code, message = "Duplicate.ResourceId", "The request contains duplicated ResourceId."


class TooManyTags(NasError):
    code, message = "NumberExceed.Tags", "The maximum number of Tags is exceeded. The maximum is 20."


class DuplicateTagKey(NasError):
    code, message = "Duplicate.TagKey", "The Tag.N.Key contains duplicate keys."


class InvalidTagKey(NasError):
    code, message = "InvalidParameter.TagKey", "The Tag.N.Key parameter is invalid."


class InvalidTagValue(NasError):
    code, message = "InvalidParameter.TagValue", "The Tag.N.Value parameter is invalid."


class TagsPerResourceExceeded(NasError):
    code = "QuotaExceed.TagsPerResource"
    message = ("The maximum number of tags for each resource is exceeded: file system {file_system_id} would "
               "have {count}; the maximum is 20.")


class MissingResourceIdOrTag(NasError):
    code, message = "MissingParameter.ResourceIdOrTag", "Either ResourceId or Tag must be specified."


class InvalidNextToken(NasError):
    code, message = "InvalidNextToken", "The NextToken is invalid."
