"""Reply shapes of the VPC API: resources as the SDK's response models parse them (double-wrapped lists)."""

from __future__ import annotations

from typing import Any

from ..core.tagging import tag_set
from .models import Eip, NatGateway, SnatEntry, Vpc, VpcBackend, VSwitch


def vpc(backend: VpcBackend, item: Vpc, *, attribute: bool = False) -> dict[str, Any]:
    vswitch_ids = [v.id for v in backend.vswitches_in(item.id)]
    shape: dict[str, Any] = {
        "VpcId": item.id,
        "VpcName": item.name,
        "CidrBlock": item.cidr_block,
        "Status": item.status,
        "Description": item.description,
        "CreationTime": backend.timestamp(item.created_at),
        "VRouterId": item.vrouter_id,
        "RegionId": backend.region,
        "IsDefault": item.is_default,
        "OwnerId": int(backend.account_id),
        "ResourceGroupId": item.resource_group_id,
        "EnabledIpv6": item.enabled_ipv6,
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
        "VpcId": item.vpc_id,
        "ZoneId": item.zone_id,
        "CidrBlock": item.cidr_block,
        "Status": item.status,
        "VSwitchName": item.name,
        "Description": item.description,
        "AvailableIpAddressCount": backend.available_ip_count(item),
        "CreationTime": backend.timestamp(item.created_at),
        "IsDefault": item.is_default,
        "OwnerId": int(backend.account_id),
        "ResourceGroupId": item.resource_group_id,
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
        "Name": item.name,
        "Description": item.description,
        "VpcId": item.vpc_id,
        "RegionId": backend.region,
        "Status": item.status,
        "BusinessStatus": "Normal",
        "NatType": item.nat_type,
        "NetworkType": item.network_type,
        "Spec": "",
        "InternetChargeType": item.internet_charge_type,
        "InstanceChargeType": item.instance_charge_type,
        "EipBindMode": item.eip_bind_mode,
        "IcmpReplyEnabled": item.icmp_reply_enabled,
        "AutoPay": False,
        "DeletionProtection": False,
        "EcsMetricEnabled": False,
        "PrivateLinkEnabled": False,
        "SecurityProtectionEnabled": False,
        "EnableSessionLog": "false",
        "ExpiredTime": "",
        "CreationTime": backend.timestamp(item.created_at),
        "ResourceGroupId": item.resource_group_id,
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
        "IpAddress": item.ip_address,
        "Status": item.status,
        "InstanceId": item.instance_id,
        "InstanceType": item.instance_type,
        "InstanceRegionId": backend.region if item.instance_id else "",
        "PrivateIpAddress": item.private_ip_address,
        "Mode": item.mode,
        "Bandwidth": str(item.bandwidth),
        "EipBandwidth": str(item.bandwidth),
        "InternetChargeType": item.internet_charge_type,
        "ChargeType": item.instance_charge_type,
        "Name": item.name,
        "Description": item.description,
        "AllocationTime": backend.timestamp(item.created_at),
        "RegionId": backend.region,
        "ISP": item.isp,
        "Netmode": item.netmode,
        "BusinessStatus": "Normal",
        "DeletionProtection": False,
        "SecondLimited": False,
        "ResourceGroupId": item.resource_group_id,
        "OperationLocks": {"LockReason": []},
        "SecurityProtectionTypes": {"SecurityProtectionType": []},
        "Tags": tag_set(item.tags),
    }


def snat_entry(item: SnatEntry) -> dict[str, Any]:
    return {
        "SnatEntryId": item.id,
        "SnatTableId": item.snat_table_id,
        "NatGatewayId": item.nat_gateway_id,
        "SnatIp": ",".join(item.snat_ips),
        "SourceCIDR": item.source_cidr,
        "SourceVSwitchId": item.source_vswitch_id,
        "SnatEntryName": item.name,
        "Status": item.status,
        "EipAffinity": str(item.eip_affinity),
    }
