"""`NatGateway` and `SnatEntry`: Args, provider and resource.

Replace vs update in place comes from `NatGatewaySpec` / `SnatEntrySpec`. The NAT gateway is always an
enhanced, pay-by-LCU, pay-as-you-go gateway and outputs its SNAT table for `SnatEntry`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict

import pulumi
import pulumi.dynamic

from ..clients import vpc as api
from ..clients.session import Session
from ..specs.common import TOKEN_TAG
from ..specs.nat import NatGatewaySpec, SnatEntrySpec
from .network import retag_vpc_resource
from .program import TimeoutsArgs, TimeoutsArgsDict, resource_identity, resource_props
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


@dataclass
class NatGatewayArgs:
    """Inputs of a `NatGateway`. Replaces on: vpc_id, vswitch_id, network_type. Updates in place: name,
    description, eip_bind_mode, icmp_reply_enabled, tags."""

    vpc_id: pulumi.Input[str]
    """The VPC (vpc-...)."""
    vswitch_id: pulumi.Input[str]
    """The vSwitch of that VPC that holds the gateway (vsw-...)."""
    network_type: pulumi.Input[str] | None = None
    """internet (used when unset) or intranet."""
    name: pulumi.Input[str] | None = None
    """2-128 characters starting with a letter; letters, digits, _ . -"""
    description: pulumi.Input[str] | None = None
    """1-256 characters, not starting with http(s)://."""
    eip_bind_mode: pulumi.Input[str] | None = None
    """MULTI_BINDED (the API default) or NAT."""
    icmp_reply_enabled: pulumi.Input[bool] | None = None
    """Answer ICMP (the API default is on)."""
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None
    """Tags, at most 19. Unset: not managed; {} removes all."""
    adopt_id: pulumi.Input[str] | None = None
    """Manage this existing gateway (ngw-...) instead of creating one."""
    timeouts: TimeoutsArgs | TimeoutsArgsDict | None = None
    """Wait limits in seconds; defaults create 600, update 300, delete 600."""


class NatGatewayArgsDict(TypedDict, total=False):
    """`NatGatewayArgs` as a plain dict."""

    vpc_id: pulumi.Input[str]
    vswitch_id: pulumi.Input[str]
    network_type: pulumi.Input[str]
    name: pulumi.Input[str]
    description: pulumi.Input[str]
    eip_bind_mode: pulumi.Input[str]
    icmp_reply_enabled: pulumi.Input[bool]
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    adopt_id: pulumi.Input[str]
    timeouts: TimeoutsArgs | TimeoutsArgsDict


class NatGatewayProvider(CloudProvider):
    """Dynamic provider of `NatGateway` (CreateNatGateway, DescribeNatGateways, ModifyNatGatewayAttribute, DeleteNatGateway)."""

    KIND: ClassVar[str] = "NAT gateway"
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


class NatGateway(pulumi.dynamic.Resource, module="dlc", name="NatGateway"):
    """An enhanced NAT gateway (pay-by-LCU, pay-as-you-go).

    Changing `vpc_id`, `vswitch_id` or `network_type` replaces it; `name`, `description`,
    `eip_bind_mode`, `icmp_reply_enabled` and `tags` are updated in place. Outputs: `snat_table_id` (for
    `SnatEntry`), `forward_table_id`, `status`, `business_status`, `private_ip_address`,
    `creation_time` and `creation_token`. Deleting waits out SNAT entries and EIP bindings being removed.
    """

    vpc_id: pulumi.Output[str]
    vswitch_id: pulumi.Output[str]
    network_type: pulumi.Output[str]
    name: pulumi.Output[str]
    description: pulumi.Output[str]
    eip_bind_mode: pulumi.Output[str]
    icmp_reply_enabled: pulumi.Output[bool]
    tags: pulumi.Output[dict[str, str]]
    status: pulumi.Output[str]
    business_status: pulumi.Output[str]
    nat_type: pulumi.Output[str]
    internet_charge_type: pulumi.Output[str]
    snat_table_id: pulumi.Output[str]
    forward_table_id: pulumi.Output[str]
    private_ip_address: pulumi.Output[str]
    creation_time: pulumi.Output[str]
    creation_token: pulumi.Output[str | None]

    OUTPUTS: ClassVar[tuple[str, ...]] = (
        "status", "business_status", "nat_type", "internet_charge_type", "snat_table_id", "forward_table_id",
        "private_ip_address", "creation_time", "creation_token",
    )

    def __init__(
        self,
        resource_name: str,
        args: NatGatewayArgs | NatGatewayArgsDict | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        props = resource_props(NatGatewayArgs, args, kwargs, self.OUTPUTS)
        props["dlc_identity"] = resource_identity(type(self), resource_name, opts)
        super().__init__(NatGatewayProvider(), resource_name, props, opts)


# --- SNAT entry -------------------------------------------------------------------------------------------------------


@dataclass
class SnatEntryArgs:
    """Inputs of a `SnatEntry`. Replaces on: snat_table_id, source_vswitch_id, source_cidr. Updates in
    place: snat_ips, name, eip_affinity."""

    snat_table_id: pulumi.Input[str]
    """The NAT gateway's `snat_table_id` output (stb-...)."""
    snat_ips: pulumi.Input[list[pulumi.Input[str]]]
    """EIP addresses bound to that gateway; pass `EipAssociation.ip_address` so the binding exists first."""
    source_vswitch_id: pulumi.Input[str] | None = None
    """Translate traffic of this vSwitch (give this or source_cidr)."""
    source_cidr: pulumi.Input[str] | None = None
    """Translate traffic of this CIDR block (give this or source_vswitch_id)."""
    name: pulumi.Input[str] | None = None
    """2-128 characters starting with a letter; letters, digits, _ . -"""
    eip_affinity: pulumi.Input[bool] | None = None
    """Keep one client on one EIP (the API default: off)."""
    adopt_id: pulumi.Input[str] | None = None
    """Manage this existing entry (snat-...; give its snat_table_id too)."""
    timeouts: TimeoutsArgs | TimeoutsArgsDict | None = None
    """Wait limits in seconds; defaults create 300, update 300, delete 300."""


class SnatEntryArgsDict(TypedDict, total=False):
    """`SnatEntryArgs` as a plain dict."""

    snat_table_id: pulumi.Input[str]
    snat_ips: pulumi.Input[list[pulumi.Input[str]]]
    source_vswitch_id: pulumi.Input[str]
    source_cidr: pulumi.Input[str]
    name: pulumi.Input[str]
    eip_affinity: pulumi.Input[bool]
    adopt_id: pulumi.Input[str]
    timeouts: TimeoutsArgs | TimeoutsArgsDict


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


class SnatEntry(pulumi.dynamic.Resource, module="dlc", name="SnatEntry"):
    """A SNAT entry: traffic from a vSwitch (or a CIDR block) leaves through the given EIPs.

    Changing `snat_table_id`, `source_vswitch_id` or `source_cidr` replaces it; `snat_ips`, `name` and
    `eip_affinity` are updated in place. Outputs: `status`, `nat_gateway_id`, the inputs as the cloud
    reports them (`source_cidr` is the vSwitch's block for vSwitch entries), and `creation_token`.
    """

    snat_table_id: pulumi.Output[str]
    snat_ips: pulumi.Output[list[str]]
    source_vswitch_id: pulumi.Output[str | None]
    source_cidr: pulumi.Output[str]
    name: pulumi.Output[str]
    eip_affinity: pulumi.Output[bool]
    status: pulumi.Output[str]
    nat_gateway_id: pulumi.Output[str]
    creation_token: pulumi.Output[str | None]

    OUTPUTS: ClassVar[tuple[str, ...]] = ("status", "nat_gateway_id", "creation_token")

    def __init__(
        self,
        resource_name: str,
        args: SnatEntryArgs | SnatEntryArgsDict | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        props = resource_props(SnatEntryArgs, args, kwargs, self.OUTPUTS)
        props["dlc_identity"] = resource_identity(type(self), resource_name, opts)
        super().__init__(SnatEntryProvider(), resource_name, props, opts)
