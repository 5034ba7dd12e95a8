"""Routing of the fake VPC service: API version 2016-04-28, RPC actions, ClientToken where the real API has it."""

from ..core.registry import RpcService
from .models import VpcBackend
from .responses import VpcResponses

SERVICE = RpcService(
    name="vpc",
    version="2016-04-28",
    backend=VpcBackend,
    responses=VpcResponses,
    actions={
        "CreateVpc": "create_vpc",
        "DescribeVpcs": "describe_vpcs",
        "DescribeVpcAttribute": "describe_vpc_attribute",
        "ModifyVpcAttribute": "modify_vpc_attribute",
        "DeleteVpc": "delete_vpc",
        "CreateVSwitch": "create_vswitch",
        "DescribeVSwitches": "describe_vswitches",
        "DescribeVSwitchAttributes": "describe_vswitch_attributes",
        "ModifyVSwitchAttribute": "modify_vswitch_attribute",
        "DeleteVSwitch": "delete_vswitch",
        "CreateNatGateway": "create_nat_gateway",
        "DescribeNatGateways": "describe_nat_gateways",
        "ModifyNatGatewayAttribute": "modify_nat_gateway_attribute",
        "DeleteNatGateway": "delete_nat_gateway",
        "AllocateEipAddress": "allocate_eip_address",
        "DescribeEipAddresses": "describe_eip_addresses",
        "ModifyEipAddressAttribute": "modify_eip_address_attribute",
        "AssociateEipAddress": "associate_eip_address",
        "UnassociateEipAddress": "unassociate_eip_address",
        "ReleaseEipAddress": "release_eip_address",
        "CreateSnatEntry": "create_snat_entry",
        "DescribeSnatTableEntries": "describe_snat_table_entries",
        "ModifySnatEntry": "modify_snat_entry",
        "DeleteSnatEntry": "delete_snat_entry",
        "TagResources": "tag_resources",
        "UnTagResources": "untag_resources",
        "ListTagResources": "list_tag_resources",
    },
    idempotent_actions=frozenset(
        {
            "CreateVpc",
            "DeleteVpc",
            "CreateVSwitch",
            "CreateNatGateway",
            "AllocateEipAddress",
            "AssociateEipAddress",
            "UnassociateEipAddress",
            "CreateSnatEntry",
            "ModifySnatEntry",
            "DeleteSnatEntry",
        }
    ),
)
