"""Routing of the fake RAM: API version 2015-05-01, RPC actions, one backend per account (global service)."""

from ..core.registry import RpcService
from .models import RamBackend
from .responses import RamResponses

SERVICE = RpcService(
    name="ram",
    version="2015-05-01",
    backend=RamBackend,
    responses=RamResponses,
    global_service=True,
    actions={
        "CreateRole": "create_role",
        "GetRole": "get_role",
        "UpdateRole": "update_role",
        "ListRoles": "list_roles",
        "DeleteRole": "delete_role",
        "CreatePolicy": "create_policy",
        "GetPolicy": "get_policy",
        "ListPolicies": "list_policies",
        "UpdatePolicyDescription": "update_policy_description",
        "DeletePolicy": "delete_policy",
        "CreatePolicyVersion": "create_policy_version",
        "GetPolicyVersion": "get_policy_version",
        "ListPolicyVersions": "list_policy_versions",
        "DeletePolicyVersion": "delete_policy_version",
        "SetDefaultPolicyVersion": "set_default_policy_version",
        "AttachPolicyToRole": "attach_policy_to_role",
        "DetachPolicyFromRole": "detach_policy_from_role",
        "ListPoliciesForRole": "list_policies_for_role",
        "ListEntitiesForPolicy": "list_entities_for_policy",
    },
)
