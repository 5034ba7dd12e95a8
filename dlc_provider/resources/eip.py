"""`Eip` and `EipAssociation`: Args, provider and resource.

Replace vs update in place comes from `EipSpec` / `EipAssociationSpec`. An association's ID is
`<allocation_id>:<instance_id>`; it exists while the EIP is bound to that instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


from ..clients import vpc as api
from ..clients.session import Session
from ..errors import NotFound
from ..specs.common import TOKEN_TAG
from ..specs.nat import EipAssociationSpec, EipSpec
from .network import retag_vpc_resource
from .generated.eip import EipArgs, EipArgsDict, EipResource
from .generated.eip_association import EipAssociationArgs, EipAssociationArgsDict, EipAssociationResource
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


class EipProvider(CloudProvider):
    """Dynamic provider of `Eip` (AllocateEipAddress, DescribeEipAddresses, ModifyEipAddressAttribute, ReleaseEipAddress)."""

    KIND: ClassVar[str] = "EIP"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
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


class Eip(EipResource, module="dlc", name="Eip"):
    """An elastic IP address (pay-as-you-go). The resource ID is its allocation ID."""

    PROVIDER = EipProvider


# --- association ----------------------------------------------------------------------------------------------------


def association_id(allocation_id: str, instance_id: str) -> str:
    return f"{allocation_id}:{instance_id}"


class EipAssociationProvider(CloudProvider):
    """Dynamic provider of `EipAssociation` (AssociateEipAddress, UnassociateEipAddress, DescribeEipAddresses)."""

    KIND: ClassVar[str] = "EIP association"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
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


class EipAssociation(EipAssociationResource, module="dlc", name="EipAssociation"):
    """An EIP bound to a NAT gateway. The resource ID is `<allocation_id>:<instance_id>`."""

    PROVIDER = EipAssociationProvider
