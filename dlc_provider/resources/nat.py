"""`NatGateway` and `SnatEntry`: Args, provider and resource.

Replace vs update in place comes from `NatGatewaySpec` / `SnatEntrySpec`. The NAT gateway is always an
enhanced, pay-by-LCU, pay-as-you-go gateway and outputs its SNAT table for `SnatEntry`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


from ..clients import vpc as api
from ..clients.session import Session
from ..specs.common import TOKEN_TAG
from ..specs.nat import NatGatewaySpec, SnatEntrySpec
from .network import retag_vpc_resource
from .generated.nat_gateway import NatGatewayArgs, NatGatewayArgsDict, NatGatewayResource
from .generated.snat_entry import SnatEntryArgs, SnatEntryArgsDict, SnatEntryResource
from .provider import CloudProvider, user_tags

__all__ = [
    "NatGateway",
    "NatGatewayArgs",
    "NatGatewayArgsDict",
    "NatGatewayProvider",
    "SnatEntry",
    "SnatEntryArgs",
    "SnatEntryArgsDict",
    "SnatEntryProvider",
]


def _first(item: Mapping[str, Any], outer: str, inner: str) -> str | None:
    values = (item.get(outer) or {}).get(inner) or []
    return str(values[0]) if values else None


# --- NAT gateway ------------------------------------------------------------------------------------------------------


class NatGatewayProvider(CloudProvider):
    """Dynamic provider of `NatGateway` (CreateNatGateway, DescribeNatGateways, ModifyNatGatewayAttribute, DeleteNatGateway)."""

    KIND: ClassVar[str] = "NAT gateway"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
    SPEC = NatGatewaySpec

    def find_existing(self, session: Session, spec: NatGatewaySpec, token: str) -> str | None:
        found = [n for n in api.list_nat_gateways(session, vpc_id=spec.vpc_id, tag=(TOKEN_TAG, token))
                 if n.get("Status") not in self.GOING]
        return str(found[0]["NatGatewayId"]) if found else None

    def send_create(self, session: Session, spec: NatGatewaySpec, token: str) -> str:
        return api.create_nat_gateway(
            session, vpc_id=spec.vpc_id, vswitch_id=spec.vswitch_id, name=spec.name, description=spec.description,
            network_type=spec.network_type or "internet", eip_bind_mode=spec.eip_bind_mode,
            icmp_reply_enabled=spec.icmp_reply_enabled, tags={**(spec.tags or {}), TOKEN_TAG: token},
            client_token=token,
        )

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        item = api.describe_nat_gateway(session, resource_id)
        if item is None:
            return None
        private = item.get("NatGatewayPrivateInfo") or {}
        return {
            "vpc_id": item.get("VpcId"),
            "vswitch_id": private.get("VswitchId"),
            "network_type": item.get("NetworkType"),
            "name": item.get("Name") or "",
            "description": item.get("Description") or "",
            "eip_bind_mode": item.get("EipBindMode"),
            "icmp_reply_enabled": item.get("IcmpReplyEnabled"),
            "tags": user_tags(api.tags_of(item)),
            "status": item.get("Status"),
            "business_status": item.get("BusinessStatus"),
            "nat_type": item.get("NatType"),
            "internet_charge_type": item.get("InternetChargeType"),
            "snat_table_id": _first(item, "SnatTableIds", "SnatTableId"),
            "forward_table_id": _first(item, "ForwardTableIds", "ForwardTableId"),
            "private_ip_address": private.get("PrivateIpAddress"),
            "creation_time": item.get("CreationTime"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: NatGatewaySpec, changed: list[str]
    ) -> None:
        attributes = {f: getattr(spec, f) for f in ("name", "description", "eip_bind_mode", "icmp_reply_enabled")
                      if f in changed}
        if attributes:
            api.modify_nat_gateway(session, resource_id, **attributes)
        if "tags" in changed:
            retag_vpc_resource(session, "NATGATEWAY", resource_id, olds.get("tags"), spec.tags or {})

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_nat_gateway(session, resource_id)

    def blockers(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> list[str]:
        table = olds.get("snat_table_id")
        entries = api.list_snat_entries(session, snat_table_id=str(table)) if table else []
        bound = [e for e in api.list_eip_addresses(session) if e.get("InstanceId") == resource_id]
        return ([f"SNAT entry {e['SnatEntryId']}" for e in entries]
                + [f"EIP {e['AllocationId']} (bound)" for e in bound])


class NatGateway(NatGatewayResource, module="dlc", name="NatGateway"):
    """An enhanced NAT gateway (pay-by-LCU, pay-as-you-go). Deleting waits out SNAT entries and EIP bindings
    being removed.
    """

    PROVIDER = NatGatewayProvider


# --- SNAT entry -------------------------------------------------------------------------------------------------------


def _snat_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    ips = [ip for ip in str(item.get("SnatIp") or "").split(",") if ip]
    return {
        "snat_table_id": item.get("SnatTableId"),
        "snat_ips": sorted(ips),
        "source_vswitch_id": item.get("SourceVSwitchId") or None,
        "source_cidr": item.get("SourceCIDR") or None,
        "name": item.get("SnatEntryName") or "",
        "eip_affinity": str(item.get("EipAffinity") or "0") == "1",
        "status": item.get("Status"),
        "nat_gateway_id": item.get("NatGatewayId"),
    }


class SnatEntryProvider(CloudProvider):
    """Dynamic provider of `SnatEntry` (CreateSnatEntry, DescribeSnatTableEntries, ModifySnatEntry, DeleteSnatEntry)."""

    KIND: ClassVar[str] = "SNAT entry"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
    SPEC = SnatEntrySpec

    def find_existing(self, session: Session, spec: SnatEntrySpec, token: str) -> str | None:
        # SNAT entries have no tags; their source is their natural key (a vSwitch has at most one entry).
        for item in api.list_snat_entries(session, snat_table_id=spec.snat_table_id):
            fields = _snat_fields(item)
            if fields["status"] in self.GOING:
                continue
            if spec.source_vswitch_id is not None and fields["source_vswitch_id"] == spec.source_vswitch_id:
                return str(item["SnatEntryId"])
            if spec.source_cidr is not None and fields["source_vswitch_id"] is None \
                    and fields["source_cidr"] == spec.source_cidr and fields["snat_ips"] == spec.snat_ips:
                return str(item["SnatEntryId"])
        return None

    def send_create(self, session: Session, spec: SnatEntrySpec, token: str) -> str:
        return api.create_snat_entry(
            session, snat_table_id=spec.snat_table_id, snat_ips=spec.snat_ips, source_vswitch_id=spec.source_vswitch_id,
            source_cidr=spec.source_cidr, name=spec.name, eip_affinity=spec.eip_affinity, client_token=token,
        )

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        item = api.describe_snat_entry(session, str(hint.get("snat_table_id")), resource_id)
        return None if item is None else _snat_fields(item)

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: SnatEntrySpec, changed: list[str]
    ) -> None:
        api.modify_snat_entry(
            session, snat_table_id=spec.snat_table_id, snat_entry_id=resource_id,
            snat_ips=spec.snat_ips if "snat_ips" in changed else None,
            name=spec.name if "name" in changed else None,
            eip_affinity=spec.eip_affinity if "eip_affinity" in changed else None,
        )

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_snat_entry(session, snat_table_id=str(olds.get("snat_table_id")), snat_entry_id=resource_id)

    def program_inputs(self, observed: Mapping[str, Any]) -> dict[str, Any]:
        inputs = super().program_inputs(observed)
        if inputs.get("source_vswitch_id"):
            inputs.pop("source_cidr", None)  # reported as the vSwitch's block; a program gives one of the two
        return inputs


class SnatEntry(SnatEntryResource, module="dlc", name="SnatEntry"):
    """A SNAT entry: traffic from a vSwitch (or a CIDR block) leaves through the given EIPs. For a vSwitch
    entry, the `source_cidr` output is the vSwitch's block.
    """

    PROVIDER = SnatEntryProvider
