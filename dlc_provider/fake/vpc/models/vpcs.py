"""VPCs and vSwitches: creation rules (CIDR, zones, names, quotas), life cycles and delete ordering."""

from __future__ import annotations

from ...core.backend import Backend, assign_given
from ...core.errors import DryRunOperation, InvalidParameter, InvalidZoneIdNotFound
from ...core.regions import zones_of
from ...core.tagging import matches_tags
from .. import rules
from ..exceptions import (
    CidrNotInVpc,
    IncorrectVpcStatus,
    IncorrectVSwitchStatus,
    InvalidVpcIdNotFound,
    InvalidVpcNameMalformed,
    InvalidVSwitchIdNotFound,
    InvalidVSwitchNameMalformed,
    QuotaExceededVpc,
    QuotaExceededVSwitch,
    ResourceHasDependents,
    VpcHasNatGateways,
    VpcHasSecurityGroups,
    VpcHasVSwitches,
    VSwitchHasNatGateway,
    VSwitchHasSnatEntries,
)
from .resources import NatGateway, SnatEntry, Vpc, VSwitch

MAX_VPC_IDS = 20


class VpcsMixin(Backend):
    # -- VPCs ------------------------------------------------------------------------------------------------
    def get_vpc(self, vpc_id: str | None, *, visible: bool = False) -> Vpc:
        return self.find("vpcs", vpc_id, InvalidVpcIdNotFound(), visible=visible)

    def create_vpc(
        self,
        *,
        cidr_block: str | None,
        name: str | None,
        description: str | None,
        resource_group_id: str | None,
        user_cidrs: list[str],
        enable_ipv6: bool,
        tags: list[dict[str, str]],
        dry_run: bool,
    ) -> Vpc:
        network = rules.parse_cidr(cidr_block or rules.DEFAULT_VPC_CIDR)
        rules.check_vpc_cidr(network)
        rules.check_name(name, InvalidVpcNameMalformed)
        rules.check_description(description)
        if len(user_cidrs) > 3:
            raise InvalidParameter(name="UserCidr")
        for user_cidr in user_cidrs:
            rules.parse_cidr(user_cidr)
        tags = rules.check_tags(tags)
        if len(self.all("vpcs")) >= rules.VPCS_PER_REGION:
            raise QuotaExceededVpc()
        if dry_run:
            raise DryRunOperation()
        vpc = Vpc(
            id=self.new_id("vpc"),
            cidr_block=str(network),
            name=name or "",
            description=description or "",
            vrouter_id=self.new_id("vrt"),
            route_table_id=self.new_id("vtb"),
            resource_group_id=resource_group_id or self.default_resource_group,
            user_cidrs=user_cidrs,
            enabled_ipv6=enable_ipv6,
            tags=tags,
        )
        self.start(vpc, rules.VPC_CREATE)
        return self.add("vpcs", vpc)

    def describe_vpcs(
        self, *, vpc_ids: list[str], name: str | None, is_default: bool | None,
        tags: list[dict[str, str]] | None = None,
    ) -> list[Vpc]:
        if len(vpc_ids) > MAX_VPC_IDS:
            raise InvalidParameter(name="VpcId")
        return [
            vpc
            for vpc in self.all_visible("vpcs")
            if (not vpc_ids or vpc.id in vpc_ids)
            and (name is None or vpc.name == name)
            and (is_default is None or vpc.is_default == is_default)
            and matches_tags(vpc.tags, tags or [])
        ]

    def modify_vpc_attribute(
        self,
        vpc_id: str,
        *,
        name: str | None,
        description: str | None,
        cidr_block: str | None,
        enable_ipv6: bool | None,
        enable_dns_hostname: bool | None,
    ) -> Vpc:
        vpc = self.get_vpc(vpc_id)
        if vpc.status != "Available":
            raise IncorrectVpcStatus(current=vpc.status)
        rules.check_name(name, InvalidVpcNameMalformed)
        rules.check_description(description)
        if cidr_block is not None:
            network = rules.parse_cidr(cidr_block)
            rules.check_vpc_cidr(network)
            if not all(rules.parse_cidr(v.cidr_block).subnet_of(network) for v in self.vswitches_in(vpc.id)):
                raise CidrNotInVpc()
            vpc.cidr_block = str(network)
        assign_given(
            vpc, name=name, description=description, enabled_ipv6=enable_ipv6, dns_hostname_enabled=enable_dns_hostname,
        )
        return vpc

    def delete_vpc(self, vpc_id: str, *, dry_run: bool) -> None:
        vpc = self.get_vpc(vpc_id)
        if vpc.status != "Available":
            raise IncorrectVpcStatus(current=vpc.status)
        if self.vswitches_in(vpc.id):
            raise VpcHasVSwitches()
        if any(nat.vpc_id == vpc.id for nat in self.all("nat_gateways")):
            raise VpcHasNatGateways()
        elsewhere = self.dependents_elsewhere(vpc.id)
        if "SecurityGroup" in elsewhere:
            raise VpcHasSecurityGroups()
        if elsewhere:
            raise ResourceHasDependents(dependents=", ".join(sorted(set(elsewhere))))
        if dry_run:
            raise DryRunOperation()
        self.start(vpc, rules.VPC_DELETE)

    # -- vSwitches ------------------------------------------------------------------------------------------
    def get_vswitch(self, vswitch_id: str | None, *, visible: bool = False) -> VSwitch:
        return self.find("vswitches", vswitch_id, InvalidVSwitchIdNotFound(), visible=visible)

    def vswitches_in(self, vpc_id: str) -> list[VSwitch]:
        return [v for v in self.all("vswitches") if v.vpc_id == vpc_id]

    def create_vswitch(
        self,
        *,
        vpc_id: str,
        zone_id: str,
        cidr_block: str | None,
        cidr_mask: int | None,
        name: str | None,
        description: str | None,
        tags: list[dict[str, str]],
    ) -> VSwitch:
        vpc = self.get_vpc(vpc_id)
        if zone_id not in zones_of(self.region):
            raise InvalidZoneIdNotFound(zone_id=zone_id, region=self.region)
        rules.check_name(name, InvalidVSwitchNameMalformed)
        rules.check_description(description)
        tags = rules.check_tags(tags)
        if vpc.status != "Available":
            raise IncorrectVpcStatus(current=vpc.status)
        vpc_network = rules.parse_cidr(vpc.cidr_block)
        siblings = [rules.parse_cidr(v.cidr_block) for v in self.vswitches_in(vpc.id)]
        if cidr_block is not None:
            network = rules.parse_cidr(cidr_block)
            rules.check_vswitch_cidr(network, vpc_network, siblings)
        elif cidr_mask is not None:
            network = rules.first_free_subnet(vpc_network, cidr_mask, siblings)
        else:
            raise InvalidParameter('One of "CidrBlock" and "CidrMask" is required.')
        if len(siblings) >= rules.VSWITCHES_PER_VPC:
            raise QuotaExceededVSwitch()
        vswitch = VSwitch(
            id=self.new_id("vsw"),
            vpc_id=vpc.id,
            zone_id=zone_id,
            cidr_block=str(network),
            name=name or "",
            description=description or "",
            route_table_id=vpc.route_table_id,
            resource_group_id=vpc.resource_group_id,
            tags=tags,
        )
        self.start(vswitch, rules.VSWITCH_CREATE)
        return self.add("vswitches", vswitch)

    def describe_vswitches(
        self, *, vpc_id: str | None, vswitch_ids: list[str], zone_id: str | None, name: str | None,
        is_default: bool | None, tags: list[dict[str, str]] | None = None,
    ) -> list[VSwitch]:
        return [
            v
            for v in self.all_visible("vswitches")
            if (vpc_id is None or v.vpc_id == vpc_id)
            and (not vswitch_ids or v.id in vswitch_ids)
            and (zone_id is None or v.zone_id == zone_id)
            and (name is None or v.name == name)
            and (is_default is None or v.is_default == is_default)
            and matches_tags(v.tags, tags or [])
        ]

    def available_ip_count(self, vswitch: VSwitch) -> int:
        in_use = sum(1 for nat in self.all("nat_gateways") if nat.vswitch_id == vswitch.id)
        return max(rules.usable_addresses(rules.parse_cidr(vswitch.cidr_block)) - in_use, 0)

    def modify_vswitch_attribute(self, vswitch_id: str, *, name: str | None, description: str | None) -> VSwitch:
        vswitch = self.get_vswitch(vswitch_id)
        rules.check_name(name, InvalidVSwitchNameMalformed)
        rules.check_description(description)
        assign_given(vswitch, name=name, description=description)
        return vswitch

    def delete_vswitch(self, vswitch_id: str) -> None:
        vswitch = self.get_vswitch(vswitch_id)
        if vswitch.status != "Available":
            raise IncorrectVSwitchStatus(current=vswitch.status)
        entries: list[SnatEntry] = self.all("snat_entries")
        if any(entry.source_vswitch_id == vswitch.id for entry in entries):
            raise VSwitchHasSnatEntries()
        nats: list[NatGateway] = self.all("nat_gateways")
        if any(nat.vswitch_id == vswitch.id for nat in nats):
            raise VSwitchHasNatGateway()
        elsewhere = self.dependents_elsewhere(vswitch.id)
        if elsewhere:
            raise ResourceHasDependents(dependents=", ".join(sorted(set(elsewhere))))
        self.start(vswitch, rules.VSWITCH_DELETE)
