"""`Eip` and `EipAssociation`: Args, provider and resource.

Replace vs update in place comes from `EipSpec` / `EipAssociationSpec`. An association's ID is
`<allocation_id>:<instance_id>`; it exists while the EIP is bound to that instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict

import pulumi
import pulumi.dynamic

from ..clients import vpc as api
from ..clients.session import Session
from ..errors import NotFound
from ..specs.common import TOKEN_TAG
from ..specs.nat import EipAssociationSpec, EipSpec
from .network import retag_vpc_resource
from .program import TimeoutsArgs, TimeoutsArgsDict, resource_identity, resource_props
from .provider import CloudProvider, user_tags

__all__ = [
    "Eip",
    "EipArgs",
    "EipArgsDict",
    "EipAssociation",
    "EipAssociationArgs",
    "EipAssociationArgsDict",
    "EipAssociationProvider",
    "EipProvider",
]


# --- EIP ------------------------------------------------------------------------------------------------------------


@dataclass
class EipArgs:
    """Inputs of an `Eip`. Replaces on: internet_charge_type, isp, resource_group_id. Updates in place:
    bandwidth, name, description, tags."""

    bandwidth: pulumi.Input[int] | None = None
    """Peak Mbit/s: 1-500 (PayByBandwidth) or 1-200 (PayByTraffic); the API default is 5."""
    internet_charge_type: pulumi.Input[str] | None = None
    """PayByBandwidth (the API default) or PayByTraffic."""
    isp: pulumi.Input[str] | None = None
    """Line type, e.g. BGP (default) or BGP_PRO."""
    name: pulumi.Input[str] | None = None
    """1-128 characters, not starting with http(s)://."""
    description: pulumi.Input[str] | None = None
    """1-256 characters, not starting with http(s)://."""
    resource_group_id: pulumi.Input[str] | None = None
    """Resource group (the account's default if unset)."""
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None
    """Tags, at most 19. Unset: not managed; {} removes all."""
    adopt_id: pulumi.Input[str] | None = None
    """Manage this existing EIP (its allocation ID, eip-...) instead of allocating one."""
    timeouts: TimeoutsArgs | TimeoutsArgsDict | None = None
    """Wait limits in seconds; defaults create 300, update 300, delete 300."""


class EipArgsDict(TypedDict, total=False):
    """`EipArgs` as a plain dict."""

    bandwidth: pulumi.Input[int]
    internet_charge_type: pulumi.Input[str]
    isp: pulumi.Input[str]
    name: pulumi.Input[str]
    description: pulumi.Input[str]
    resource_group_id: pulumi.Input[str]
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    adopt_id: pulumi.Input[str]
    timeouts: TimeoutsArgs | TimeoutsArgsDict


class EipProvider(CloudProvider):
    """Dynamic provider of `Eip` (AllocateEipAddress, DescribeEipAddresses, ModifyEipAddressAttribute, ReleaseEipAddress)."""

    KIND: ClassVar[str] = "EIP"
    SPEC = EipSpec
    READY: ClassVar[frozenset[str]] = frozenset({"Available", "InUse"})

    def find_existing(self, session: Session, spec: EipSpec, token: str) -> str | None:
        found = [e for e in api.list_eip_addresses(session, tag=(TOKEN_TAG, token)) if e.get("Status") not in self.GOING]
        return str(found[0]["AllocationId"]) if found else None

    def send_create(self, session: Session, spec: EipSpec, token: str) -> str:
        return api.allocate_eip_address(
            session, bandwidth=spec.bandwidth or 5, internet_charge_type=spec.internet_charge_type or "PayByBandwidth",
            isp=spec.isp, name=spec.name, description=spec.description, resource_group_id=spec.resource_group_id,
            tags={**(spec.tags or {}), TOKEN_TAG: token}, client_token=token,
        )

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        item = api.describe_eip_address(session, resource_id)
        if item is None:
            return None
        return {
            "bandwidth": int(item.get("Bandwidth") or 0),
            "internet_charge_type": item.get("InternetChargeType"),
            "isp": item.get("ISP"),
            "name": item.get("Name") or "",
            "description": item.get("Description") or "",
            "resource_group_id": item.get("ResourceGroupId"),
            "tags": user_tags(api.tags_of(item)),
            "status": item.get("Status"),
            "ip_address": item.get("IpAddress"),
            "instance_id": item.get("InstanceId") or None,
            "instance_type": item.get("InstanceType") or None,
            "allocation_time": item.get("AllocationTime"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: EipSpec, changed: list[str]
    ) -> None:
        attributes = {f: getattr(spec, f) for f in ("bandwidth", "name", "description") if f in changed}
        if attributes:
            api.modify_eip_address(session, resource_id, **attributes)
        if "tags" in changed:
            retag_vpc_resource(session, "EIP", resource_id, olds.get("tags"), spec.tags or {})

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.release_eip_address(session, resource_id)


class Eip(pulumi.dynamic.Resource, module="dlc", name="Eip"):
    """An elastic IP address (pay-as-you-go). The resource ID is its allocation ID.

    Changing `internet_charge_type`, `isp` or `resource_group_id` replaces it; `bandwidth`, `name`,
    `description` and `tags` are updated in place. Outputs: `ip_address`, `status` (Available or
    InUse), `instance_id`/`instance_type` while bound, `allocation_time`, and `creation_token`.
    """

    bandwidth: pulumi.Output[int]
    internet_charge_type: pulumi.Output[str]
    isp: pulumi.Output[str]
    name: pulumi.Output[str]
    description: pulumi.Output[str]
    resource_group_id: pulumi.Output[str]
    tags: pulumi.Output[dict[str, str]]
    status: pulumi.Output[str]
    ip_address: pulumi.Output[str]
    instance_id: pulumi.Output[str | None]
    instance_type: pulumi.Output[str | None]
    allocation_time: pulumi.Output[str]
    creation_token: pulumi.Output[str | None]

    OUTPUTS: ClassVar[tuple[str, ...]] = (
        "status", "ip_address", "instance_id", "instance_type", "allocation_time", "creation_token",
    )

    def __init__(
        self,
        resource_name: str,
        args: EipArgs | EipArgsDict | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        props = resource_props(EipArgs, args, kwargs, self.OUTPUTS)
        props["dlc_identity"] = resource_identity(type(self), resource_name, opts)
        super().__init__(EipProvider(), resource_name, props, opts)


# --- association ----------------------------------------------------------------------------------------------------


@dataclass
class EipAssociationArgs:
    """Inputs of an `EipAssociation`. Every change replaces it."""

    allocation_id: pulumi.Input[str]
    """The EIP (its `id`, eip-...)."""
    instance_id: pulumi.Input[str]
    """The NAT gateway (ngw-...)."""
    instance_type: pulumi.Input[str] | None = None
    """Nat (the default and, so far, the only kind)."""
    adopt_id: pulumi.Input[str] | None = None
    """Manage an existing binding: `<allocation_id>:<instance_id>`."""
    timeouts: TimeoutsArgs | TimeoutsArgsDict | None = None
    """Wait limits in seconds; defaults create 300, delete 300."""


class EipAssociationArgsDict(TypedDict, total=False):
    """`EipAssociationArgs` as a plain dict."""

    allocation_id: pulumi.Input[str]
    instance_id: pulumi.Input[str]
    instance_type: pulumi.Input[str]
    adopt_id: pulumi.Input[str]
    timeouts: TimeoutsArgs | TimeoutsArgsDict


def association_id(allocation_id: str, instance_id: str) -> str:
    return f"{allocation_id}:{instance_id}"


class EipAssociationProvider(CloudProvider):
    """Dynamic provider of `EipAssociation` (AssociateEipAddress, UnassociateEipAddress, DescribeEipAddresses)."""

    KIND: ClassVar[str] = "EIP association"
    SPEC = EipAssociationSpec
    # An EIP binds to one instance at a time: unbind the old pair before binding the new one.
    DELETE_BEFORE_REPLACE: ClassVar[bool] = True
    READY: ClassVar[frozenset[str]] = frozenset({"InUse"})
    GOING: ClassVar[frozenset[str]] = frozenset({"Unassociating"})

    def find_existing(self, session: Session, spec: EipAssociationSpec, token: str) -> str | None:
        item = api.describe_eip_address(session, spec.allocation_id)
        if item and item.get("InstanceId") == spec.instance_id and item.get("Status") in ("Associating", "InUse"):
            return association_id(spec.allocation_id, spec.instance_id)
        return None

    def send_create(self, session: Session, spec: EipAssociationSpec, token: str) -> str:
        api.associate_eip_address(session, allocation_id=spec.allocation_id, instance_id=spec.instance_id,
                                  instance_type=spec.instance_type, client_token=token)
        # The binding shows in DescribeEipAddresses once it is made; the wait for InUse observes that.
        return association_id(spec.allocation_id, spec.instance_id)

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        allocation, _, instance = resource_id.partition(":")
        item = api.describe_eip_address(session, allocation)
        if item is None or item.get("InstanceId") != instance:
            return None
        return {
            "allocation_id": allocation,
            "instance_id": instance,
            "instance_type": item.get("InstanceType") or "Nat",
            "status": item.get("Status"),
            "ip_address": item.get("IpAddress"),
        }

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        observed = self.observe(session, resource_id, olds)
        if observed is None:
            raise NotFound(f"EIP association {resource_id} is gone", service="vpc", action="UnassociateEipAddress")
        api.unassociate_eip_address(session, allocation_id=observed["allocation_id"],
                                    instance_id=observed["instance_id"], instance_type=observed["instance_type"])


class EipAssociation(pulumi.dynamic.Resource, module="dlc", name="EipAssociation"):
    """An EIP bound to a NAT gateway. Every change replaces it.

    Outputs: `status` (InUse), `ip_address` (use it for `SnatEntry.snat_ips`, so SNAT entries are
    created after, and deleted before, the binding). The resource ID is `<allocation_id>:<instance_id>`.
    """

    allocation_id: pulumi.Output[str]
    instance_id: pulumi.Output[str]
    instance_type: pulumi.Output[str]
    status: pulumi.Output[str]
    ip_address: pulumi.Output[str]
    creation_token: pulumi.Output[str | None]

    OUTPUTS: ClassVar[tuple[str, ...]] = ("status", "ip_address", "creation_token")

    def __init__(
        self,
        resource_name: str,
        args: EipAssociationArgs | EipAssociationArgsDict | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        props = resource_props(EipAssociationArgs, args, kwargs, self.OUTPUTS)
        props["dlc_identity"] = resource_identity(type(self), resource_name, opts)
        super().__init__(EipAssociationProvider(), resource_name, props, opts)
