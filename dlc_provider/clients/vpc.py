"""VPC API (RPC 2016-04-28): VPCs, vSwitches, NAT gateways, EIPs, SNAT entries and their tags.

One function per API call. Describe functions return the resource as the API spells it (a dict with the
wire names, e.g. `{"VpcId": ..., "Status": ...}`), or None when it does not exist; everything else
returns what the call returns (an ID) or nothing. Errors arrive as `dlc_provider.errors.CloudError`s
from `Session.call`. No Pulumi here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any


from ..errors import NotFound
from .common import find, has_tag, lazy_module, paginate, sdk_tags, tag_filter, tags_of
from .session import Session
from ..schedule import LifeCycle

if TYPE_CHECKING:
    from alibabacloud_vpc20160428 import models as m
else:
    m = lazy_module("alibabacloud_vpc20160428.models")

__all__ = [
    "allocate_eip_address",
    "associate_eip_address",
    "create_nat_gateway",
    "create_snat_entry",
    "create_vpc",
    "create_vswitch",
    "delete_nat_gateway",
    "delete_snat_entry",
    "delete_vpc",
    "delete_vswitch",
    "describe_eip_address",
    "describe_nat_gateway",
    "describe_snat_entry",
    "describe_vpc",
    "describe_vswitch",
    "list_eip_addresses",
    "list_nat_gateways",
    "list_snat_entries",
    "list_vpcs",
    "list_vswitches",
    "modify_eip_address",
    "modify_nat_gateway",
    "modify_snat_entry",
    "modify_vpc",
    "modify_vswitch",
    "release_eip_address",
    "tag_resources",
    "tags_of",
    "unassociate_eip_address",
    "untag_resources",
]

SERVICE = "vpc"
PAGE_SIZE = 50

#: Typical seconds per transient status (what Alibaba's consoles show for small resources; the fake cloud's
#: realistic profile uses the same durations). Waits poll around these moments (see dlc_provider.schedule).
LIFE_CYCLE = {
    "VPC": LifeCycle(create={"Pending": 2.0}, delete={"Deleting": 1.0}),
    "vSwitch": LifeCycle(create={"Pending": 2.0}, delete={"Pending": 1.0}),
    "NAT gateway": LifeCycle(create={"Creating": 20.0}, update={"Modifying": 1.0}, delete={"Deleting": 5.0}),
    "EIP": LifeCycle(delete={"Releasing": 1.0}),
    "EIP association": LifeCycle(create={"Associating": 3.0}, delete={"Unassociating": 3.0}),
    "SNAT entry": LifeCycle(create={"Pending": 3.0}, update={"Pending": 2.0}, delete={"Deleting": 3.0}),
}


# --- VPCs ---------------------------------------------------------------------------------------------------


def create_vpc(
    session: Session, *, cidr_block: str, name: str | None, description: str | None,
    resource_group_id: str | None, tags: Mapping[str, str], client_token: str, user_cidrs: list[str] | None = None,
) -> str:
    request = m.CreateVpcRequest(
        region_id=session.region, cidr_block=cidr_block, vpc_name=name, description=description,
        resource_group_id=resource_group_id, tag=sdk_tags(m.CreateVpcRequestTag, tags), client_token=client_token,
        user_cidr=",".join(user_cidrs) if user_cidrs else None,
    )
    return str(session.call(SERVICE, "CreateVpc", lambda c: c.create_vpc(request)).body.vpc_id)


def list_vpcs(
    session: Session, *, vpc_ids: list[str] | None = None, tag: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    tags = tag_filter(m.DescribeVpcsRequestTag, tag)

    def call(c: Any, page: int) -> Any:
        return c.describe_vpcs(m.DescribeVpcsRequest(
            region_id=session.region, vpc_id=",".join(vpc_ids) if vpc_ids else None, tag=tags,
            page_number=page, page_size=PAGE_SIZE,
        ))

    return [v for v in paginate(session, SERVICE, "DescribeVpcs", call, "Vpcs.Vpc") if has_tag(v, tag)]


def describe_vpc(session: Session, vpc_id: str) -> dict[str, Any] | None:
    return find(list_vpcs(session, vpc_ids=[vpc_id]), "VpcId", vpc_id)


def modify_vpc(session: Session, vpc_id: str, *, name: str | None = None, description: str | None = None) -> None:
    request = m.ModifyVpcAttributeRequest(region_id=session.region, vpc_id=vpc_id, vpc_name=name,
                                          description=description)
    session.call(SERVICE, "ModifyVpcAttribute", lambda c: c.modify_vpc_attribute(request))


def delete_vpc(session: Session, vpc_id: str) -> None:
    request = m.DeleteVpcRequest(region_id=session.region, vpc_id=vpc_id)
    session.call(SERVICE, "DeleteVpc", lambda c: c.delete_vpc(request))


# --- vSwitches ------------------------------------------------------------------------------------------------


def create_vswitch(
    session: Session, *, vpc_id: str, zone_id: str, cidr_block: str, name: str | None,
    description: str | None, tags: Mapping[str, str], client_token: str,
) -> str:
    request = m.CreateVSwitchRequest(
        region_id=session.region, vpc_id=vpc_id, zone_id=zone_id, cidr_block=cidr_block, v_switch_name=name,
        description=description, tag=sdk_tags(m.CreateVSwitchRequestTag, tags), client_token=client_token,
    )
    return str(session.call(SERVICE, "CreateVSwitch", lambda c: c.create_vswitch(request)).body.v_switch_id)


def list_vswitches(
    session: Session, *, vpc_id: str | None = None, vswitch_id: str | None = None,
    tag: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    tags = tag_filter(m.DescribeVSwitchesRequestTag, tag)

    def call(c: Any, page: int) -> Any:
        return c.describe_vswitches(m.DescribeVSwitchesRequest(
            region_id=session.region, vpc_id=vpc_id, v_switch_id=vswitch_id, tag=tags,
            page_number=page, page_size=PAGE_SIZE,
        ))

    return [v for v in paginate(session, SERVICE, "DescribeVSwitches", call, "VSwitches.VSwitch") if has_tag(v, tag)]


def describe_vswitch(session: Session, vswitch_id: str) -> dict[str, Any] | None:
    request = m.DescribeVSwitchAttributesRequest(region_id=session.region, v_switch_id=vswitch_id)
    try:
        body = session.call(SERVICE, "DescribeVSwitchAttributes", lambda c: c.describe_vswitch_attributes(request))
    except NotFound:
        return None
    item = body.body.to_map()
    return item if item.get("VSwitchId") else None


def modify_vswitch(
    session: Session, vswitch_id: str, *, name: str | None = None, description: str | None = None
) -> None:
    request = m.ModifyVSwitchAttributeRequest(region_id=session.region, v_switch_id=vswitch_id,
                                              v_switch_name=name, description=description)
    session.call(SERVICE, "ModifyVSwitchAttribute", lambda c: c.modify_vswitch_attribute(request))


def delete_vswitch(session: Session, vswitch_id: str) -> None:
    request = m.DeleteVSwitchRequest(region_id=session.region, v_switch_id=vswitch_id)
    session.call(SERVICE, "DeleteVSwitch", lambda c: c.delete_vswitch(request))


# --- NAT gateways ----------------------------------------------------------------------------------------------


def create_nat_gateway(
    session: Session, *, vpc_id: str, vswitch_id: str, name: str | None, description: str | None,
    network_type: str, eip_bind_mode: str | None, icmp_reply_enabled: bool | None,
    tags: Mapping[str, str], client_token: str,
) -> str:
    request = m.CreateNatGatewayRequest(
        region_id=session.region, vpc_id=vpc_id, v_switch_id=vswitch_id, nat_type="Enhanced",
        network_type=network_type, internet_charge_type="PayByLcu", instance_charge_type="PostPaid",
        name=name, description=description, eip_bind_mode=eip_bind_mode, icmp_reply_enabled=icmp_reply_enabled,
        tag=sdk_tags(m.CreateNatGatewayRequestTag, tags), client_token=client_token,
    )
    return str(session.call(SERVICE, "CreateNatGateway", lambda c: c.create_nat_gateway(request)).body.nat_gateway_id)


def list_nat_gateways(
    session: Session, *, vpc_id: str | None = None, nat_gateway_id: str | None = None,
    tag: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    tags = tag_filter(m.DescribeNatGatewaysRequestTag, tag)

    def call(c: Any, page: int) -> Any:
        return c.describe_nat_gateways(m.DescribeNatGatewaysRequest(
            region_id=session.region, vpc_id=vpc_id, nat_gateway_id=nat_gateway_id, tag=tags,
            page_number=page, page_size=PAGE_SIZE,
        ))

    return [n for n in paginate(session, SERVICE, "DescribeNatGateways", call, "NatGateways.NatGateway") if has_tag(n, tag)]


def describe_nat_gateway(session: Session, nat_gateway_id: str) -> dict[str, Any] | None:
    return find(list_nat_gateways(session, nat_gateway_id=nat_gateway_id), "NatGatewayId", nat_gateway_id)


def modify_nat_gateway(
    session: Session, nat_gateway_id: str, *, name: str | None = None, description: str | None = None,
    eip_bind_mode: str | None = None, icmp_reply_enabled: bool | None = None,
) -> None:
    request = m.ModifyNatGatewayAttributeRequest(
        region_id=session.region, nat_gateway_id=nat_gateway_id, name=name, description=description,
        eip_bind_mode=eip_bind_mode, icmp_reply_enabled=icmp_reply_enabled,
    )
    session.call(SERVICE, "ModifyNatGatewayAttribute", lambda c: c.modify_nat_gateway_attribute(request))


def delete_nat_gateway(session: Session, nat_gateway_id: str, *, force: bool = False) -> None:
    request = m.DeleteNatGatewayRequest(region_id=session.region, nat_gateway_id=nat_gateway_id,
                                        force=force or None)
    session.call(SERVICE, "DeleteNatGateway", lambda c: c.delete_nat_gateway(request))


# --- EIPs ---------------------------------------------------------------------------------------------------------


def allocate_eip_address(
    session: Session, *, bandwidth: int, internet_charge_type: str, isp: str | None, name: str | None,
    description: str | None, resource_group_id: str | None, tags: Mapping[str, str], client_token: str,
) -> str:
    request = m.AllocateEipAddressRequest(
        region_id=session.region, bandwidth=str(bandwidth), internet_charge_type=internet_charge_type,
        instance_charge_type="PostPaid", isp=isp, name=name, description=description,
        resource_group_id=resource_group_id, tag=sdk_tags(m.AllocateEipAddressRequestTag, tags),
        client_token=client_token,
    )
    return str(session.call(SERVICE, "AllocateEipAddress", lambda c: c.allocate_eip_address(request)).body.allocation_id)


def list_eip_addresses(
    session: Session, *, allocation_id: str | None = None, tag: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    tags = tag_filter(m.DescribeEipAddressesRequestTag, tag)

    def call(c: Any, page: int) -> Any:
        return c.describe_eip_addresses(m.DescribeEipAddressesRequest(
            region_id=session.region, allocation_id=allocation_id, tag=tags,
            page_number=page, page_size=PAGE_SIZE,
        ))

    return [e for e in paginate(session, SERVICE, "DescribeEipAddresses", call, "EipAddresses.EipAddress") if has_tag(e, tag)]


def describe_eip_address(session: Session, allocation_id: str) -> dict[str, Any] | None:
    return find(list_eip_addresses(session, allocation_id=allocation_id), "AllocationId", allocation_id)


def modify_eip_address(
    session: Session, allocation_id: str, *, bandwidth: int | None = None, name: str | None = None,
    description: str | None = None,
) -> None:
    request = m.ModifyEipAddressAttributeRequest(
        region_id=session.region, allocation_id=allocation_id, name=name, description=description,
        bandwidth=str(bandwidth) if bandwidth is not None else None,
    )
    session.call(SERVICE, "ModifyEipAddressAttribute", lambda c: c.modify_eip_address_attribute(request))


def associate_eip_address(
    session: Session, *, allocation_id: str, instance_id: str, instance_type: str, client_token: str
) -> None:
    request = m.AssociateEipAddressRequest(region_id=session.region, allocation_id=allocation_id,
                                           instance_id=instance_id, instance_type=instance_type,
                                           client_token=client_token)
    session.call(SERVICE, "AssociateEipAddress", lambda c: c.associate_eip_address(request))


def unassociate_eip_address(
    session: Session, *, allocation_id: str, instance_id: str, instance_type: str, client_token: str | None = None
) -> None:
    request = m.UnassociateEipAddressRequest(region_id=session.region, allocation_id=allocation_id,
                                             instance_id=instance_id, instance_type=instance_type,
                                             client_token=client_token)
    session.call(SERVICE, "UnassociateEipAddress", lambda c: c.unassociate_eip_address(request))


def release_eip_address(session: Session, allocation_id: str) -> None:
    request = m.ReleaseEipAddressRequest(region_id=session.region, allocation_id=allocation_id)
    session.call(SERVICE, "ReleaseEipAddress", lambda c: c.release_eip_address(request))


# --- SNAT entries --------------------------------------------------------------------------------------------------


def create_snat_entry(
    session: Session, *, snat_table_id: str, snat_ips: list[str], source_vswitch_id: str | None,
    source_cidr: str | None, name: str | None, eip_affinity: bool | None, client_token: str,
) -> str:
    request = m.CreateSnatEntryRequest(
        region_id=session.region, snat_table_id=snat_table_id, snat_ip=",".join(snat_ips),
        source_vswitch_id=source_vswitch_id, source_cidr=source_cidr, snat_entry_name=name,
        eip_affinity=None if eip_affinity is None else int(eip_affinity), client_token=client_token,
    )
    return str(session.call(SERVICE, "CreateSnatEntry", lambda c: c.create_snat_entry(request)).body.snat_entry_id)


def list_snat_entries(
    session: Session, *, snat_table_id: str, snat_entry_id: str | None = None
) -> list[dict[str, Any]]:
    def call(c: Any, page: int) -> Any:
        return c.describe_snat_table_entries(m.DescribeSnatTableEntriesRequest(
            region_id=session.region, snat_table_id=snat_table_id, snat_entry_id=snat_entry_id,
            page_number=page, page_size=PAGE_SIZE,
        ))

    try:
        return paginate(session, SERVICE, "DescribeSnatTableEntries", call, "SnatTableEntries.SnatTableEntry")
    except NotFound:  # the whole SNAT table (its NAT gateway) is gone
        return []


def describe_snat_entry(session: Session, snat_table_id: str, snat_entry_id: str) -> dict[str, Any] | None:
    return find(list_snat_entries(session, snat_table_id=snat_table_id, snat_entry_id=snat_entry_id), "SnatEntryId", snat_entry_id)


def modify_snat_entry(
    session: Session, *, snat_table_id: str, snat_entry_id: str, snat_ips: list[str] | None = None,
    name: str | None = None, eip_affinity: bool | None = None,
) -> None:
    request = m.ModifySnatEntryRequest(
        region_id=session.region, snat_table_id=snat_table_id, snat_entry_id=snat_entry_id,
        snat_ip=",".join(snat_ips) if snat_ips else None, snat_entry_name=name,
        eip_affinity=None if eip_affinity is None else int(eip_affinity),
    )
    session.call(SERVICE, "ModifySnatEntry", lambda c: c.modify_snat_entry(request))


def delete_snat_entry(session: Session, *, snat_table_id: str, snat_entry_id: str) -> None:
    request = m.DeleteSnatEntryRequest(region_id=session.region, snat_table_id=snat_table_id,
                                       snat_entry_id=snat_entry_id)
    session.call(SERVICE, "DeleteSnatEntry", lambda c: c.delete_snat_entry(request))


# --- tags ----------------------------------------------------------------------------------------------------------


def tag_resources(session: Session, *, resource_type: str, resource_id: str, tags: Mapping[str, str]) -> None:
    """Add or overwrite tags (`resource_type`: VPC, VSWITCH, EIP, NATGATEWAY)."""
    request = m.TagResourcesRequest(region_id=session.region, resource_type=resource_type,
                                    resource_id=[resource_id], tag=sdk_tags(m.TagResourcesRequestTag, tags))
    session.call(SERVICE, "TagResources", lambda c: c.tag_resources(request))


def untag_resources(session: Session, *, resource_type: str, resource_id: str, keys: list[str]) -> None:
    request = m.UnTagResourcesRequest(region_id=session.region, resource_type=resource_type,
                                      resource_id=[resource_id], tag_key=sorted(keys))
    session.call(SERVICE, "UnTagResources", lambda c: c.un_tag_resources(request))
