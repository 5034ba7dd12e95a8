"""Reply shapes of the VPC API: resources as the SDK's response models parse them (double-wrapped lists)."""

from __future__ import annotations

from typing import Any

from ..core.tagging import tag_set
from ..core.wire import wire_fields
from .models import Eip, NatGateway, SnatEntry, Vpc, VpcBackend, VSwitch


def vpc(backend: VpcBackend, item: Vpc, *, attribute: bool = False) -> dict[str, Any]:
    vswitch_ids = [v.id for v in backend.vswitches_in(item.id)]
    shape: dict[str, Any] = {
        "VpcId": item.id,
        "VpcName": item.name,
        **wire_fields(item, "cidr_block", "status", "description", "is_default", "resource_group_id", "enabled_ipv6"),
        "CreationTime": backend.timestamp(item.created_at),
        "VRouterId": item.vrouter_id,
        "RegionId": backend.region,
        "OwnerId": int(backend.account_id),
        "Ipv6CidrBlock": "",
        "Ipv6CidrBlocks": {"Ipv6CidrBlock": []},
        "DnsHostnameStatus": "ENABLED" if item.dns_hostname_enabled else "DISABLED",
        "DhcpOptionsSetId": "",
        "DhcpOptionsSetStatus": "",
        "VSwitchIds": {"VSwitchId": vswitch_ids},
        "UserCidrs": {"UserCidr": list(item.user_cidrs)},
        "SecondaryCidrBlocks": {"SecondaryCidrBlock": []},
        "Tags": tag_set(item.tags),
    }
    if attribute:
        shape.update(
            ClassicLinkEnabled=False,
            SupportIpv4Gateway=False,
            Ipv4GatewayId="",
            AssociatedCens={"AssociatedCen": []},
            CloudResources={
                "CloudResourceSetType": [
                    {"ResourceType": "VSwitch", "ResourceCount": len(vswitch_ids)},
                    {"ResourceType": "VRouter", "ResourceCount": 1},
                    {"ResourceType": "RouteTable", "ResourceCount": 1},
                ]
            },
        )
    else:
        nat_ids = [n.id for n in backend.all("nat_gateways") if n.vpc_id == item.id]
        shape.update(
            CenStatus="Detached",
            NatGatewayIds={"NatGatewayIds": nat_ids},
            RouterTableIds={"RouterTableIds": [item.route_table_id]},
        )
    return shape


def vswitch(backend: VpcBackend, item: VSwitch) -> dict[str, Any]:
    return {
        "VSwitchId": item.id,
        "VSwitchName": item.name,
        **wire_fields(item, "vpc_id", "zone_id", "cidr_block", "status", "description", "is_default",
                      "resource_group_id"),
        "AvailableIpAddressCount": backend.available_ip_count(item),
        "CreationTime": backend.timestamp(item.created_at),
        "OwnerId": int(backend.account_id),
        "NetworkAclId": "",
        "ShareType": "",
        "EnabledIpv6": False,
        "Ipv6CidrBlock": "",
        "RouteTable": {"RouteTableId": item.route_table_id, "RouteTableType": "System"},
        "Tags": tag_set(item.tags),
    }


def nat_gateway(backend: VpcBackend, item: NatGateway) -> dict[str, Any]:
    ip_lists = [
        {
            "AllocationId": eip.id,
            "IpAddress": eip.ip_address,
            "UsingStatus": backend.ip_using_status(eip),
            "SnatEntryEnabled": backend.ip_using_status(eip) == "UsedBySnatTable",
            "PrivateIpAddress": item.private_ip_address,
        }
        for eip in backend.eips_of(item)
    ]
    shape: dict[str, Any] = {
        "NatGatewayId": item.id,
        **wire_fields(item, "name", "description", "vpc_id", "status", "nat_type", "network_type",
                      "internet_charge_type", "instance_charge_type", "eip_bind_mode", "icmp_reply_enabled",
                      "resource_group_id"),
        "RegionId": backend.region,
        "BusinessStatus": "Normal",
        "Spec": "",
        "AutoPay": False,
        "DeletionProtection": False,
        "EcsMetricEnabled": False,
        "PrivateLinkEnabled": False,
        "SecurityProtectionEnabled": False,
        "EnableSessionLog": "false",
        "ExpiredTime": "",
        "CreationTime": backend.timestamp(item.created_at),
        "SnatTableIds": {"SnatTableId": [item.snat_table_id]},
        "ForwardTableIds": {"ForwardTableId": [item.forward_table_id]},
        "FullNatTableIds": {"FullNatTableId": [item.full_nat_table_id]},
        "IpLists": {"IpList": ip_lists},
        "IpPrefixList": {"IpPrefixList": []},
        "NatGatewayPrivateInfo": {
            "VswitchId": item.vswitch_id,
            "EniInstanceId": item.eni_id,
            "EniType": "indirect",
            "IzNo": item.zone_id,
            "PrivateIpAddress": item.private_ip_address,
            "MaxBandwidth": 5120,
            "MaxSessionEstablishRate": 100000,
            "MaxSessionQuota": 2000000,
        },
        "Tags": tag_set(item.tags, key="TagKey", value="TagValue"),
    }
    if item.access_mode is not None:
        shape["AccessMode"] = item.access_mode
    return shape


def eip(backend: VpcBackend, item: Eip) -> dict[str, Any]:
    return {
        "AllocationId": item.id,
        **wire_fields(item, "ip_address", "status", "instance_id", "instance_type", "private_ip_address", "mode",
                      "internet_charge_type", "name", "description", "netmode", "resource_group_id"),
        "InstanceRegionId": backend.region if item.instance_id else "",
        "Bandwidth": str(item.bandwidth),
        "EipBandwidth": str(item.bandwidth),
        "ChargeType": item.instance_charge_type,
        "AllocationTime": backend.timestamp(item.created_at),
        "RegionId": backend.region,
        "ISP": item.isp,
        "BusinessStatus": "Normal",
        "DeletionProtection": False,
        "SecondLimited": False,
        "OperationLocks": {"LockReason": []},
        "SecurityProtectionTypes": {"SecurityProtectionType": []},
        "Tags": tag_set(item.tags),
    }


def snat_entry(item: SnatEntry) -> dict[str, Any]:
    return {
        "SnatEntryId": item.id,
        **wire_fields(item, "snat_table_id", "nat_gateway_id", "status"),
        "SnatIp": ",".join(item.snat_ips),
        "SourceCIDR": item.source_cidr,
        "SourceVSwitchId": item.source_vswitch_id,
        "SnatEntryName": item.name,
        "EipAffinity": str(item.eip_affinity),
    }
