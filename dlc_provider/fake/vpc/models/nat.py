"""NAT gateways and their SNAT entries: creation rules, status conflicts and delete ordering."""

from __future__ import annotations

import ipaddress
from typing import Any

from ...core.backend import assign_given
from ...core.errors import DryRunOperation, InvalidParameter, MissingParameter, VSwitchNotInVpc
from ...core.tagging import matches_tags
from .. import rules
from ..exceptions import (
    EipNotInGateway,
    IllegalName,
    IllegalSnatEntryName,
    IncorrectNatGatewayStatus,
    IncorrectSnatEntryStatus,
    IncorrectVpcStatus,
    IncorrectVSwitchStatus,
    IncorretSnatEntryStatus,
    InvalidNatGatewayIdNotFound,
    InvalidSnatEntryIdNotFound,
    InvalidSnatTableIdNotFound,
    NatGatewayHasEips,
    NatGatewayHasSnatEntries,
    OperationConflict,
    SourceVSwitchDuplicated,
)
from .resources import Eip, NatGateway, SnatEntry
from .vpcs import VpcsMixin

NAT_NAME_CHARS = "_-."


class NatMixin(VpcsMixin):
    """NAT gateways live in a VPC and a vSwitch, so this builds on the VPC and vSwitch rules."""

    # -- NAT gateways ----------------------------------------------------------------------------------------
    def get_nat_gateway(self, nat_id: str | None, *, visible: bool = False) -> NatGateway:
        return self.find("nat_gateways", nat_id, InvalidNatGatewayIdNotFound(), visible=visible)

    def create_nat_gateway(
        self,
        *,
        vpc_id: str,
        vswitch_id: str,
        name: str | None,
        description: str | None,
        nat_type: str,
        network_type: str,
        internet_charge_type: str,
        instance_charge_type: str,
        eip_bind_mode: str,
        icmp_reply_enabled: bool,
        access_mode: dict[str, Any] | None,
        tags: list[dict[str, str]],
    ) -> NatGateway:
        vpc = self.get_vpc(vpc_id)
        vswitch = self.get_vswitch(vswitch_id)
        if vswitch.vpc_id != vpc.id:
            raise VSwitchNotInVpc(vswitch_id=vswitch.id, vpc_id=vpc.id)
        if nat_type != "Enhanced":
            raise InvalidParameter("Only Enhanced NAT gateways can be created (NatType=Enhanced).")
        rules.check_name(name, IllegalName, low=2, letter_first=True, extra_chars=NAT_NAME_CHARS)
        rules.check_description(description)
        tags = rules.check_tags(tags)
        if vpc.status != "Available":
            raise IncorrectVpcStatus(current=vpc.status)
        if vswitch.status != "Available":
            raise IncorrectVSwitchStatus(current=vswitch.status)
        network = rules.parse_cidr(vswitch.cidr_block)
        used = sum(1 for nat in self.all("nat_gateways") if nat.vswitch_id == vswitch.id)
        nat = NatGateway(
            id=self.new_id("ngw"),
            vpc_id=vpc.id,
            vswitch_id=vswitch.id,
            zone_id=vswitch.zone_id,
            name=name or "",
            description=description or "",
            nat_type=nat_type,
            network_type=network_type,
            internet_charge_type=internet_charge_type,
            instance_charge_type=instance_charge_type,
            eip_bind_mode=eip_bind_mode,
            icmp_reply_enabled=icmp_reply_enabled,
            access_mode=access_mode,
            snat_table_id=self.new_id("stb"),
            forward_table_id=self.new_id("ftb"),
            full_nat_table_id=self.new_id("fulltb"),
            private_ip_address=str(network.network_address + 2 + used),
            eni_id=self.new_id("eni"),
            resource_group_id=vpc.resource_group_id,
            tags=tags,
        )
        self.start(nat, rules.NAT_CREATE)
        return self.add("nat_gateways", nat)

    def describe_nat_gateways(
        self, *, nat_ids: list[str], vpc_id: str | None, name: str | None, status: str | None,
        nat_type: str | None, network_type: str | None, tags: list[dict[str, str]] | None = None,
    ) -> list[NatGateway]:
        return [
            nat
            for nat in self.all_visible("nat_gateways")
            if (not nat_ids or nat.id in nat_ids)
            and (vpc_id is None or nat.vpc_id == vpc_id)
            and (name is None or nat.name == name)
            and (status is None or nat.status == status)
            and (nat_type is None or nat.nat_type == nat_type)
            and (network_type is None or nat.network_type == network_type)
            and matches_tags(nat.tags, tags or [])
        ]

    def eips_of(self, nat: NatGateway) -> list[Eip]:
        return [eip for eip in self.all("eips") if eip.instance_id == nat.id]

    def snat_entries_of(self, nat: NatGateway) -> list[SnatEntry]:
        return [entry for entry in self.all("snat_entries") if entry.nat_gateway_id == nat.id]

    def modify_nat_gateway_attribute(
        self, nat_id: str, *, name: str | None, description: str | None, eip_bind_mode: str | None,
        icmp_reply_enabled: bool | None,
    ) -> NatGateway:
        nat = self.get_nat_gateway(nat_id)
        rules.check_name(name, IllegalName, low=2, letter_first=True, extra_chars=NAT_NAME_CHARS)
        rules.check_description(description)
        if nat.status != "Available":
            raise IncorrectNatGatewayStatus(current=nat.status)
        assign_given(
            nat, name=name, description=description, eip_bind_mode=eip_bind_mode, icmp_reply_enabled=icmp_reply_enabled,
        )
        self.start(nat, rules.NAT_MODIFY)
        return nat

    def delete_nat_gateway(self, nat_id: str, *, force: bool) -> None:
        nat = self.get_nat_gateway(nat_id)
        if nat.status != "Available":
            raise IncorrectNatGatewayStatus(current=nat.status)
        entries, eips = self.snat_entries_of(nat), self.eips_of(nat)
        if not force and entries:
            raise NatGatewayHasSnatEntries()
        if not force and eips:
            raise NatGatewayHasEips()
        for entry in entries:
            self.remove("snat_entries", entry.id)
        for eip in eips:
            self._detach_eip(eip)
        self.start(nat, rules.NAT_DELETE)

    def _detach_eip(self, eip: Eip) -> None:
        eip.instance_id, eip.instance_type, eip.status, eip.track = "", "", "Available", None

    # -- SNAT entries ---------------------------------------------------------------------------------------
    def nat_of_snat_table(self, snat_table_id: str | None) -> NatGateway:
        for nat in self.all("nat_gateways"):
            if nat.snat_table_id == snat_table_id:
                return nat
        raise InvalidSnatTableIdNotFound()

    def get_snat_entry(self, snat_table_id: str, entry_id: str) -> SnatEntry:
        entry = self.get("snat_entries", entry_id)
        if entry is None or entry.snat_table_id != snat_table_id:
            raise InvalidSnatEntryIdNotFound()
        return entry

    def _check_snat_ips(self, nat: NatGateway, snat_ips: list[str]) -> None:
        bound = {eip.ip_address for eip in self.eips_of(nat) if eip.status == "InUse"}
        for ip in snat_ips:
            if ip not in bound:
                raise EipNotInGateway(ip=ip)

    def create_snat_entry(
        self, *, snat_table_id: str, snat_ips: list[str], source_vswitch_id: str | None,
        source_cidr: str | None, name: str | None, eip_affinity: int, dry_run: bool,
    ) -> SnatEntry:
        nat = self.nat_of_snat_table(snat_table_id)
        if not snat_ips:
            raise MissingParameter(name="SnatIp")
        if (source_vswitch_id is None) == (source_cidr is None):
            raise InvalidParameter('Give exactly one of "SourceVSwitchId" and "SourceCIDR".')
        rules.check_name(name, IllegalSnatEntryName, low=2, letter_first=True, extra_chars=NAT_NAME_CHARS)
        if nat.status != "Available":
            raise IncorrectNatGatewayStatus(current=nat.status)
        self._check_snat_ips(nat, snat_ips)
        entries = self.snat_entries_of(nat)
        if source_vswitch_id is not None:
            vswitch = self.get_vswitch(source_vswitch_id)
            if vswitch.vpc_id != nat.vpc_id:
                raise VSwitchNotInVpc(vswitch_id=vswitch.id, vpc_id=nat.vpc_id)
            if any(entry.source_vswitch_id == vswitch.id for entry in entries):
                raise SourceVSwitchDuplicated(vswitch_id=vswitch.id)
            cidr = vswitch.cidr_block
        else:
            try:
                cidr = str(ipaddress.ip_network(source_cidr or "", strict=False))
            except ValueError:
                raise InvalidParameter(name="SourceCIDR") from None
        if any(entry.status != "Available" for entry in entries):
            raise OperationConflict(resource=f"the SNAT table {snat_table_id}")
        if dry_run:
            raise DryRunOperation()
        entry = SnatEntry(
            id=self.new_id("snat"),
            snat_table_id=snat_table_id,
            nat_gateway_id=nat.id,
            snat_ips=snat_ips,
            source_cidr=cidr,
            source_vswitch_id=source_vswitch_id or "",
            name=name or "",
            eip_affinity=eip_affinity,
        )
        self.start(entry, rules.SNAT_CREATE)
        return self.add("snat_entries", entry)

    def describe_snat_table_entries(
        self, *, snat_table_id: str | None, nat_gateway_id: str | None, entry_id: str | None,
        snat_ip: str | None, source_cidr: str | None, source_vswitch_id: str | None, name: str | None,
    ) -> list[SnatEntry]:
        if snat_table_id is None and nat_gateway_id is None:
            raise MissingParameter(name="SnatTableId")
        nat = (self.nat_of_snat_table(snat_table_id) if snat_table_id is not None
               else self.get_nat_gateway(nat_gateway_id))
        return [
            entry
            for entry in self.all_visible("snat_entries")
            if entry.nat_gateway_id == nat.id
            and (entry_id is None or entry.id == entry_id)
            and (snat_ip is None or snat_ip in entry.snat_ips)
            and (source_cidr is None or entry.source_cidr == source_cidr)
            and (source_vswitch_id is None or entry.source_vswitch_id == source_vswitch_id)
            and (name is None or entry.name == name)
        ]

    def modify_snat_entry(
        self, *, snat_table_id: str, entry_id: str, snat_ips: list[str] | None, name: str | None,
        eip_affinity: int | None,
    ) -> SnatEntry:
        nat = self.nat_of_snat_table(snat_table_id)
        entry = self.get_snat_entry(snat_table_id, entry_id)
        rules.check_name(name, IllegalSnatEntryName, low=2, letter_first=True, extra_chars=NAT_NAME_CHARS)
        if entry.status != "Available":
            raise IncorretSnatEntryStatus(current=entry.status)
        if snat_ips:
            self._check_snat_ips(nat, snat_ips)
            entry.snat_ips = snat_ips
        assign_given(entry, name=name, eip_affinity=eip_affinity)
        self.start(entry, rules.SNAT_MODIFY)
        return entry

    def delete_snat_entry(self, *, snat_table_id: str, entry_id: str) -> None:
        self.nat_of_snat_table(snat_table_id)
        entry = self.get_snat_entry(snat_table_id, entry_id)
        if entry.status != "Available":
            raise IncorrectSnatEntryStatus(current=entry.status)
        self.start(entry, rules.SNAT_DELETE)

    def on_gone(self, kind: str, resource: Any) -> None:
        if kind == "nat_gateways":
            for entry in self.snat_entries_of(resource):
                self.remove("snat_entries", entry.id)
            for eip in self.eips_of(resource):
                self._detach_eip(eip)
        super().on_gone(kind, resource)
