"""Errors of the fake ECS security-group API, with the real codes (typos included) and HTTP statuses."""

from __future__ import annotations

from ..core.errors import FakeError


class EcsError(FakeError):
    status = 400


class InvalidSecurityGroupIdNotFound(EcsError):
    code, status, message = "InvalidSecurityGroupId.NotFound", 404, "The specified security group does not exist."


class InvalidVpcIdNotFound(EcsError):
    code, status, message = "InvalidVpcId.NotFound", 404, "The specified VPC does not exist."


class InvalidSourceGroupIdNotFound(EcsError):
    code, status, message = "InvalidSourceGroupId.NotFound", 404, "The security group {group_id} does not exist."


class InvalidSecurityGroupRuleIdNotFound(EcsError):
    code, status, message = "InvalidSecurityGroupRuleId.NotFound", 404, "The rule {rule_id} does not exist."


class RuleNotExist(EcsError):
    code, status, message = "InvalidSecurityGroupRule.RuleNotExist", 404, "The specified rule does not exist."


class InvalidSecurityGroupNameMalformed(EcsError):
    code, message = "InvalidSecurityGroupName.Malformed", "Specified security group name is not valid."


class InvalidSecurityGroupDescriptionMalformed(EcsError):  # sic: the real code
    code, message = "InvalidSecurityGroupDiscription.Malformed", "Specified security group description is not valid."


class InvalidTagKeyMalformed(EcsError):
    code, message = "InvalidTagKey.Malformed", "The specified Tag.n.Key is not valid."


class InvalidIpProtocolMalformed(EcsError):
    code, message = "InvalidIpProtocol.Malformed", "Specified IP protocol is not valid."


class InvalidPortRangeMalformed(EcsError):
    code, message = "InvalidPortRange.Malformed", "Specified port range ({port_range}) is not valid."


class InvalidPolicyMalformed(EcsError):
    code, message = "InvalidPolicy.Malformed", "Specified policy is not valid."


class InvalidPriorityValueNotSupported(EcsError):
    code, message = "InvalidPriority.ValueNotSupported", "Priority must be between 1 and 100."


class InvalidNicTypeValueNotSupported(EcsError):
    code, message = "InvalidNicType.ValueNotSupported", "Specified NicType is not supported."


class InvalidSourceCidrIpMalformed(EcsError):
    code, message = "InvalidSourceCidrIp.Malformed", "Specified source CIDR block is not valid."


class InvalidDestCidrIpMalformed(EcsError):
    code, message = "InvalidDestCidrIp.Malformed", "Specified destination CIDR block is not valid."


class AuthorizationLimitExceed(EcsError):
    code, message = "AuthorizationLimitExceed", "The number of rules in the security group has reached the limit."


class SecurityGroupInUse(EcsError):
    code, status, message = "DependencyViolation", 403, "The security group is still used by: {dependents}."


class InvalidTagCount(EcsError):
    code, message = "InvalidTagCount", "The specified tags are beyond the permitted range (20 per resource)."
