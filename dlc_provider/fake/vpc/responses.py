"""Request parsing of the fake VPC API: read the parameters, call the backend, shape the reply."""

from __future__ import annotations

from typing import Any

from ..core.tagging import TaggingResponses
from . import shapes
from .models import VpcBackend

EIP_INSTANCE_TYPES = ("EcsInstance", "SlbInstance", "Nat", "HaVip", "NetworkInterface", "IpAddress")
ISPS = ("BGP", "BGP_PRO", "ChinaTelecom", "ChinaUnicom", "ChinaMobile", "BGP_FinanceCloud")


class VpcResponses(TaggingResponses):
    backend: VpcBackend
    tag_page_size_param = "MaxResults"
    page_size_max = 50

    def _tags(self) -> list[dict[str, str]]:
        return self.params.indexed_objects("Tag")

    # -- VPCs ------------------------------------------------------------------------------------------------
    def create_vpc(self) -> dict[str, Any]:
        p = self.params
        vpc = self.backend.create_vpc(
            cidr_block=p.get("CidrBlock"),
            name=p.get("VpcName"),
            description=p.get("Description"),
            resource_group_id=p.get("ResourceGroupId"),
            user_cidrs=p.comma_list("UserCidr"),
            enable_ipv6=p.bool("EnableIpv6"),
            tags=self._tags(),
            dry_run=p.bool("DryRun"),
        )
        return {"VpcId": vpc.id, "VRouterId": vpc.vrouter_id, "RouteTableId": vpc.route_table_id,
                "ResourceGroupId": vpc.resource_group_id}

    def describe_vpcs(self) -> dict[str, Any]:
        p = self.params
        is_default = p.bool("IsDefault") if "IsDefault" in p else None
        vpcs = self.backend.describe_vpcs(vpc_ids=p.comma_list("VpcId"), name=p.get("VpcName"), is_default=is_default,
                                          tags=self._tags())
        return self.numbered_page(vpcs, "Vpcs", "Vpc", lambda v: shapes.vpc(self.backend, v))

    def describe_vpc_attribute(self) -> dict[str, Any]:
        vpc = self.backend.get_vpc(self.params.required("VpcId"), visible=True)
        return shapes.vpc(self.backend, vpc, attribute=True)

    def modify_vpc_attribute(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_vpc_attribute(
            p.required("VpcId"),
            name=p.get("VpcName"),
            description=p.get("Description"),
            cidr_block=p.get("CidrBlock"),
            enable_ipv6=p.bool("EnableIPv6") if "EnableIPv6" in p else None,
            enable_dns_hostname=p.bool("EnableDnsHostname") if "EnableDnsHostname" in p else None,
        )
        return {}

    def delete_vpc(self) -> dict[str, Any]:
        self.backend.delete_vpc(self.params.required("VpcId"), dry_run=self.params.bool("DryRun"))
        return {}

    # -- vSwitches ------------------------------------------------------------------------------------------
    def create_vswitch(self) -> dict[str, Any]:
        p = self.params
        vswitch = self.backend.create_vswitch(
            vpc_id=p.required("VpcId"),
            zone_id=p.required("ZoneId"),
            cidr_block=p.get("CidrBlock"),
            cidr_mask=p.int("CidrMask"),
            name=p.get("VSwitchName"),
            description=p.get("Description"),
            tags=self._tags(),
        )
        return {"VSwitchId": vswitch.id}

    def describe_vswitches(self) -> dict[str, Any]:
        p = self.params
        vswitches = self.backend.describe_vswitches(
            vpc_id=p.get("VpcId"),
            vswitch_ids=p.comma_list("VSwitchId"),
            zone_id=p.get("ZoneId"),
            name=p.get("VSwitchName"),
            is_default=p.bool("IsDefault") if "IsDefault" in p else None,
            tags=self._tags(),
        )
        return self.numbered_page(vswitches, "VSwitches", "VSwitch", lambda v: shapes.vswitch(self.backend, v))

    def describe_vswitch_attributes(self) -> dict[str, Any]:
        vswitch = self.backend.get_vswitch(self.params.required("VSwitchId"), visible=True)
        return shapes.vswitch(self.backend, vswitch)

    def modify_vswitch_attribute(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_vswitch_attribute(
            p.required("VSwitchId"), name=p.get("VSwitchName"), description=p.get("Description")
        )
        return {}

    def delete_vswitch(self) -> dict[str, Any]:
        self.backend.delete_vswitch(self.params.required("VSwitchId"))
        return {}

    # -- NAT gateways -----------------------------------------------------------------------------------------
    def create_nat_gateway(self) -> dict[str, Any]:
        p = self.params
        access_mode = p.json("AccessMode")
        if access_mode is not None and not isinstance(access_mode, dict):
            access_mode = None
        nat = self.backend.create_nat_gateway(
            vpc_id=p.required("VpcId"),
            vswitch_id=p.required("VSwitchId"),
            name=p.get("Name"),
            description=p.get("Description"),
            nat_type=p.get("NatType", "Enhanced") or "Enhanced",
            network_type=p.choice("NetworkType", ("internet", "intranet"), "internet") or "internet",
            internet_charge_type=p.choice("InternetChargeType", ("PayByLcu", "PayBySpec"), "PayByLcu") or "",
            instance_charge_type=p.choice("InstanceChargeType", ("PostPaid", "PrePaid"), "PostPaid") or "",
            eip_bind_mode=p.choice("EipBindMode", ("MULTI_BINDED", "NAT"), "MULTI_BINDED") or "",
            icmp_reply_enabled=p.bool("IcmpReplyEnabled", True),
            access_mode=access_mode,
            tags=self._tags(),
        )
        return {
            "NatGatewayId": nat.id,
            "SnatTableIds": {"SnatTableId": [nat.snat_table_id]},
            "ForwardTableIds": {"ForwardTableId": [nat.forward_table_id]},
            "FullNatTableIds": {"FullNatTableId": [nat.full_nat_table_id]},
        }

    def describe_nat_gateways(self) -> dict[str, Any]:
        p = self.params
        nats = self.backend.describe_nat_gateways(
            nat_ids=p.comma_list("NatGatewayId"),
            vpc_id=p.get("VpcId"),
            name=p.get("Name"),
            status=p.get("Status"),
            nat_type=p.get("NatType"),
            network_type=p.get("NetworkType"),
            tags=self._tags(),
        )
        return self.numbered_page(nats, "NatGateways", "NatGateway", lambda n: shapes.nat_gateway(self.backend, n))

    def modify_nat_gateway_attribute(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_nat_gateway_attribute(
            p.required("NatGatewayId"),
            name=p.get("Name"),
            description=p.get("Description"),
            eip_bind_mode=p.choice("EipBindMode", ("MULTI_BINDED", "NAT")),
            icmp_reply_enabled=p.bool("IcmpReplyEnabled") if "IcmpReplyEnabled" in p else None,
        )
        return {}

    def delete_nat_gateway(self) -> dict[str, Any]:
        self.backend.delete_nat_gateway(self.params.required("NatGatewayId"), force=self.params.bool("Force"))
        return {}

    # -- EIPs ---------------------------------------------------------------------------------------------------
    def allocate_eip_address(self) -> dict[str, Any]:
        p = self.params
        eip = self.backend.allocate_eip_address(
            bandwidth=p.get("Bandwidth"),
            internet_charge_type=p.choice("InternetChargeType", ("PayByBandwidth", "PayByTraffic"),
                                          "PayByBandwidth") or "",
            instance_charge_type=p.choice("InstanceChargeType", ("PostPaid", "PrePaid"), "PostPaid") or "",
            isp=p.choice("ISP", ISPS, "BGP") or "BGP",
            netmode=p.choice("Netmode", ("public",), "public") or "public",
            name=p.get("Name"),
            description=p.get("Description"),
            resource_group_id=p.get("ResourceGroupId"),
            tags=self._tags(),
        )
        return {"AllocationId": eip.id, "EipAddress": eip.ip_address, "ResourceGroupId": eip.resource_group_id}

    def describe_eip_addresses(self) -> dict[str, Any]:
        p = self.params
        eips = self.backend.describe_eip_addresses(
            allocation_ids=p.comma_list("AllocationId"),
            ip_addresses=p.comma_list("EipAddress"),
            status=p.get("Status"),
            instance_type=p.get("AssociatedInstanceType"),
            instance_id=p.get("AssociatedInstanceId"),
            name=p.get("EipName"),
            tags=self._tags(),
        )
        return self.numbered_page(eips, "EipAddresses", "EipAddress", lambda e: shapes.eip(self.backend, e), max_size=100)

    def modify_eip_address_attribute(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_eip_address_attribute(
            p.required("AllocationId"), bandwidth=p.get("Bandwidth"), name=p.get("Name"),
            description=p.get("Description"),
        )
        return {}

    def associate_eip_address(self) -> dict[str, Any]:
        p = self.params
        self.backend.associate_eip_address(
            allocation_id=p.required("AllocationId"),
            instance_id=p.required("InstanceId"),
            instance_type=p.choice("InstanceType", EIP_INSTANCE_TYPES, "EcsInstance") or "EcsInstance",
            mode=p.get("Mode"),
            private_ip_address=p.get("PrivateIpAddress"),
        )
        return {}

    def unassociate_eip_address(self) -> dict[str, Any]:
        p = self.params
        self.backend.unassociate_eip_address(
            allocation_id=p.required("AllocationId"),
            instance_id=p.get("InstanceId"),
            instance_type=p.choice("InstanceType", EIP_INSTANCE_TYPES),
            force=p.bool("Force"),
        )
        return {}

    def release_eip_address(self) -> dict[str, Any]:
        self.backend.release_eip_address(self.params.required("AllocationId"))
        return {}

    # -- SNAT entries -------------------------------------------------------------------------------------------
    def create_snat_entry(self) -> dict[str, Any]:
        p = self.params
        entry = self.backend.create_snat_entry(
            snat_table_id=p.required("SnatTableId"),
            snat_ips=p.comma_list("SnatIp"),
            source_vswitch_id=p.get("SourceVSwitchId"),
            source_cidr=p.get("SourceCIDR"),
            name=p.get("SnatEntryName"),
            eip_affinity=p.int("EipAffinity", 0, minimum=0, maximum=1) or 0,
            dry_run=p.bool("DryRun"),
        )
        return {"SnatEntryId": entry.id}

    def describe_snat_table_entries(self) -> dict[str, Any]:
        p = self.params
        entries = self.backend.describe_snat_table_entries(
            snat_table_id=p.get("SnatTableId"),
            nat_gateway_id=p.get("NatGatewayId"),
            entry_id=p.get("SnatEntryId"),
            snat_ip=p.get("SnatIp"),
            source_cidr=p.get("SourceCIDR"),
            source_vswitch_id=p.get("SourceVSwitchId"),
            name=p.get("SnatEntryName"),
        )
        return self.numbered_page(entries, "SnatTableEntries", "SnatTableEntry", shapes.snat_entry)

    def modify_snat_entry(self) -> dict[str, Any]:
        p = self.params
        self.backend.modify_snat_entry(
            snat_table_id=p.required("SnatTableId"),
            entry_id=p.required("SnatEntryId"),
            snat_ips=p.comma_list("SnatIp") or None,
            name=p.get("SnatEntryName"),
            eip_affinity=p.int("EipAffinity", minimum=0, maximum=1),
        )
        return {}

    def delete_snat_entry(self) -> dict[str, Any]:
        p = self.params
        self.backend.delete_snat_entry(snat_table_id=p.required("SnatTableId"), entry_id=p.required("SnatEntryId"))
        return {}
