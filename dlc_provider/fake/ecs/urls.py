"""Routing of the fake ECS: API version 2014-05-26, the security-group actions."""

from ..core.registry import RpcService
from .models import EcsBackend
from .responses import EcsResponses

SERVICE = RpcService(
    name="ecs",
    version="2014-05-26",
    backend=EcsBackend,
    responses=EcsResponses,
    actions={
        "CreateSecurityGroup": "create_security_group",
        "DescribeSecurityGroups": "describe_security_groups",
        "DescribeSecurityGroupAttribute": "describe_security_group_attribute",
        "ModifySecurityGroupAttribute": "modify_security_group_attribute",
        "AuthorizeSecurityGroup": "authorize_security_group",
        "AuthorizeSecurityGroupEgress": "authorize_security_group_egress",
        "RevokeSecurityGroup": "revoke_security_group",
        "RevokeSecurityGroupEgress": "revoke_security_group_egress",
        "DeleteSecurityGroup": "delete_security_group",
        "ModifySecurityGroupRule": "modify_security_group_rule",
        "ModifySecurityGroupEgressRule": "modify_security_group_egress_rule",
        "TagResources": "tag_resources",
        "UntagResources": "untag_resources",
        "ListTagResources": "list_tag_resources",
    },
    idempotent_actions=frozenset(
        {
            "CreateSecurityGroup",
            "AuthorizeSecurityGroup",
            "AuthorizeSecurityGroupEgress",
            "RevokeSecurityGroup",
            "RevokeSecurityGroupEgress",
            "ModifySecurityGroupRule",
            "ModifySecurityGroupEgressRule",
        }
    ),
)
