"""Elastic IP addresses: allocation, association with NAT gateways, release."""

from __future__ import annotations

from typing import Any

from ...core.backend import Backend, assign_given
from ...core.errors import InvalidParameter
from ...core.tagging import matches_tags
from .. import rules
from ..exceptions import (
    EipUsedBySnatTable,
    IllegalName,
    IncorrectEipStatus,
    IncorrectNatGatewayStatus,
    InvalidAllocationIdNotFound,
    InvalidBandwidthMalformed,
    InvalidInstanceIdNotFound,
)
from .resources import Eip

BANDWIDTH_LIMITS = {"PayByBandwidth": 500, "PayByTraffic": 200}
MAX_ALLOCATION_IDS = 50


class EipMixin(Backend):
    def get_eip(self, allocation_id: str | None) -> Eip:
        eip = self.get("eips", allocation_id)
        if eip is None:
            raise InvalidAllocationIdNotFound()
        return eip

    def allocate_eip_address(
        self, *, bandwidth: str | None, internet_charge_type: str, instance_charge_type: str, isp: str,
        netmode: str, name: str | None, description: str | None, resource_group_id: str | None,
        tags: list[dict[str, str]],
    ) -> Eip:
        try:
            mbps = int(bandwidth) if bandwidth is not None else 5
        except ValueError:
            raise InvalidBandwidthMalformed() from None
        if not 1 <= mbps <= BANDWIDTH_LIMITS[internet_charge_type]:
            raise InvalidBandwidthMalformed()
        rules.check_name(name, IllegalName)
        rules.check_description(description)
        eip = Eip(
            id=self.new_id("eip"),
            ip_address=self.context.ids.public_ip(),
            name=name or "",
            description=description or "",
            bandwidth=mbps,
            internet_charge_type=internet_charge_type,
            instance_charge_type=instance_charge_type,
            isp=isp,
            netmode=netmode,
            resource_group_id=resource_group_id or f"rg-acfm{self.account_id[-8:]}",
            tags=rules.check_tags(tags),
            status="Available",
        )
        return self.add("eips", eip)

    def modify_eip_address_attribute(
        self, allocation_id: str, *, bandwidth: str | None, name: str | None, description: str | None
    ) -> Eip:
        eip = self.get_eip(allocation_id)
        mbps = None
        if bandwidth is not None:
            try:
                mbps = int(bandwidth)
            except ValueError:
                raise InvalidBandwidthMalformed() from None
            if not 1 <= mbps <= BANDWIDTH_LIMITS.get(eip.internet_charge_type, 500):
                raise InvalidBandwidthMalformed()
        rules.check_name(name, IllegalName)
        rules.check_description(description)
        if eip.status not in ("Available", "InUse"):
            raise IncorrectEipStatus(current=eip.status)
        assign_given(eip, bandwidth=mbps, name=name, description=description)
        return eip

    def describe_eip_addresses(
        self, *, allocation_ids: list[str], ip_addresses: list[str], status: str | None,
        instance_type: str | None, instance_id: str | None, name: str | None,
        tags: list[dict[str, str]] | None = None,
    ) -> list[Eip]:
        if len(allocation_ids) > MAX_ALLOCATION_IDS:
            raise InvalidParameter(name="AllocationId")
        return [
            eip
            for eip in self.all_visible("eips")
            if (not allocation_ids or eip.id in allocation_ids)
            and (not ip_addresses or eip.ip_address in ip_addresses)
            and (status is None or eip.status == status)
            and (instance_type is None or eip.instance_type == instance_type)
            and (instance_id is None or eip.instance_id == instance_id)
            and (name is None or eip.name == name)
            and matches_tags(eip.tags, tags or [])
        ]

    def associate_eip_address(
        self, *, allocation_id: str, instance_id: str, instance_type: str, mode: str | None,
        private_ip_address: str | None,
    ) -> Eip:
        eip = self.get_eip(allocation_id)
        if instance_type != "Nat" or self.get("nat_gateways", instance_id) is None:
            # The fake has only NAT gateways to bind to (ECS instances, SLBs, ... do not exist here).
            raise InvalidInstanceIdNotFound(instance_id=instance_id, instance_type=instance_type)
        nat = self.get("nat_gateways", instance_id)
        if eip.status != "Available":
            raise IncorrectEipStatus(current=eip.status)
        if nat.status != "Available":
            raise IncorrectNatGatewayStatus(current=nat.status)
        eip.instance_id, eip.instance_type = nat.id, "Nat"
        eip.mode, eip.private_ip_address = mode or "NAT", private_ip_address or ""
        self.start(eip, rules.EIP_ASSOCIATE)
        return eip

    def unassociate_eip_address(
        self, *, allocation_id: str, instance_id: str | None, instance_type: str | None, force: bool
    ) -> Eip:
        eip = self.get_eip(allocation_id)
        if eip.status != "InUse":
            raise IncorrectEipStatus(current=eip.status)
        if (instance_id is not None and instance_id != eip.instance_id) or (
            instance_type is not None and instance_type != eip.instance_type
        ):
            raise InvalidInstanceIdNotFound(instance_id=instance_id, instance_type=instance_type)
        users = [entry for entry in self.all("snat_entries") if eip.ip_address in entry.snat_ips]
        if users and not force:
            raise EipUsedBySnatTable()
        for entry in users:
            entry.snat_ips = [ip for ip in entry.snat_ips if ip != eip.ip_address]
            if not entry.snat_ips:
                self.remove("snat_entries", entry.id)
        self.start(eip, rules.EIP_UNASSOCIATE)
        return eip

    def release_eip_address(self, allocation_id: str) -> None:
        eip = self.get_eip(allocation_id)
        if eip.status != "Available" or eip.instance_charge_type != "PostPaid":
            raise IncorrectEipStatus(current=eip.status)
        self.start(eip, rules.EIP_RELEASE)

    def ip_using_status(self, eip: Eip) -> str:
        in_snat = any(eip.ip_address in entry.snat_ips for entry in self.all("snat_entries"))
        return "UsedBySnatTable" if in_snat else "Idle"

    def on_status(self, kind: str, resource: Any, status: str) -> None:
        if kind == "eips" and status == "Available":
            resource.instance_id, resource.instance_type = "", ""
            resource.mode, resource.private_ip_address = "", ""
        super().on_status(kind, resource, status)
