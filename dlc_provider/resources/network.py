"""`Vpc` and `VSwitch`: Args, provider and resource.

Replace vs update in place comes from the specs (`VpcSpec` / `VSwitchSpec` `REPLACE_FIELDS` and
`UPDATE_FIELDS`), the single source for `diff` and for these docs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


from ..clients import ecs
from ..clients import vpc as api
from ..clients.session import Session
from ..specs.common import TOKEN_TAG
from ..specs.network import VpcSpec, VSwitchSpec
from .generated.vpc import VpcArgs, VpcArgsDict, VpcResource
from .generated.vswitch import VSwitchArgs, VSwitchArgsDict, VSwitchResource
from .provider import CloudProvider, tag_changes, user_tags

__all__ = [
    "VSwitch",
    "VSwitchArgs",
    "VSwitchArgsDict",
    "VSwitchProvider",
    "Vpc",
    "VpcArgs",
    "VpcArgsDict",
    "VpcProvider",
]


def retag_vpc_resource(session: Session, resource_type: str, resource_id: str, old: Any, new: dict[str, str]) -> None:
    """Bring a VPC-API resource's user tags from `old` to `new` (TagResources / UnTagResources)."""
    to_set, to_remove = tag_changes(old, new)
    if to_remove:
        api.untag_resources(session, resource_type=resource_type, resource_id=resource_id, keys=to_remove)
    if to_set:
        api.tag_resources(session, resource_type=resource_type, resource_id=resource_id, tags=to_set)


# --- VPC --------------------------------------------------------------------------------------------------------


class VpcProvider(CloudProvider):
    """Dynamic provider of `Vpc` (VPC API: CreateVpc, DescribeVpcs, ModifyVpcAttribute, DeleteVpc)."""

    KIND: ClassVar[str] = "VPC"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
    SPEC = VpcSpec

    def find_existing(self, session: Session, spec: VpcSpec, token: str) -> str | None:
        found = [v for v in api.list_vpcs(session, tag=(TOKEN_TAG, token)) if v.get("Status") not in self.GOING]
        return str(found[0]["VpcId"]) if found else None

    def send_create(self, session: Session, spec: VpcSpec, token: str) -> str:
        return api.create_vpc(
            session, cidr_block=spec.cidr_block, name=spec.name, description=spec.description,
            resource_group_id=spec.resource_group_id, tags={**(spec.tags or {}), TOKEN_TAG: token},
            client_token=token, user_cidrs=spec.user_cidrs,
        )

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        item = api.describe_vpc(session, resource_id)
        if item is None:
            return None
        route_tables = (item.get("RouterTableIds") or {}).get("RouterTableIds") or []
        return {
            "cidr_block": item.get("CidrBlock"),
            "name": item.get("VpcName") or "",
            "description": item.get("Description") or "",
            "resource_group_id": item.get("ResourceGroupId"),
            "tags": user_tags(api.tags_of(item)),
            "user_cidrs": (item.get("UserCidrs") or {}).get("UserCidr") or None,
            "status": item.get("Status"),
            "vrouter_id": item.get("VRouterId"),
            "route_table_id": route_tables[0] if route_tables else None,
            "creation_time": item.get("CreationTime"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: VpcSpec, changed: list[str]
    ) -> None:
        if "name" in changed or "description" in changed:
            api.modify_vpc(session, resource_id, name=spec.name if "name" in changed else None,
                           description=spec.description if "description" in changed else None)
        if "tags" in changed:
            retag_vpc_resource(session, "VPC", resource_id, olds.get("tags"), spec.tags or {})

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_vpc(session, resource_id)

    def blockers(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> list[str]:
        return (
            [f"vSwitch {v['VSwitchId']}" for v in api.list_vswitches(session, vpc_id=resource_id)]
            + [f"NAT gateway {n['NatGatewayId']}" for n in api.list_nat_gateways(session, vpc_id=resource_id)]
            + [f"security group {g['SecurityGroupId']}" for g in ecs.list_security_groups(session, vpc_id=resource_id)]
        )


class Vpc(VpcResource, module="dlc", name="Vpc"):
    """A VPC."""

    PROVIDER = VpcProvider


# --- vSwitch ----------------------------------------------------------------------------------------------------


class VSwitchProvider(CloudProvider):
    """Dynamic provider of `VSwitch` (CreateVSwitch, DescribeVSwitchAttributes, ModifyVSwitchAttribute, DeleteVSwitch)."""

    KIND: ClassVar[str] = "vSwitch"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
    SPEC = VSwitchSpec
    # A replacement usually keeps the CIDR block, which two vSwitches of a VPC cannot share.
    DELETE_BEFORE_REPLACE: ClassVar[bool] = True

    def find_existing(self, session: Session, spec: VSwitchSpec, token: str) -> str | None:
        found = api.list_vswitches(session, vpc_id=spec.vpc_id, tag=(TOKEN_TAG, token))
        return str(found[0]["VSwitchId"]) if found else None

    def send_create(self, session: Session, spec: VSwitchSpec, token: str) -> str:
        return api.create_vswitch(
            session, vpc_id=spec.vpc_id, zone_id=spec.zone_id, cidr_block=spec.cidr_block, name=spec.name,
            description=spec.description, tags={**(spec.tags or {}), TOKEN_TAG: token}, client_token=token,
        )

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        item = api.describe_vswitch(session, resource_id)
        if item is None:
            return None
        return {
            "vpc_id": item.get("VpcId"),
            "zone_id": item.get("ZoneId"),
            "cidr_block": item.get("CidrBlock"),
            "name": item.get("VSwitchName") or "",
            "description": item.get("Description") or "",
            "tags": user_tags(api.tags_of(item)),
            "status": item.get("Status"),
            "available_ip_address_count": item.get("AvailableIpAddressCount"),
            "route_table_id": (item.get("RouteTable") or {}).get("RouteTableId"),
            "creation_time": item.get("CreationTime"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: VSwitchSpec, changed: list[str]
    ) -> None:
        if "name" in changed or "description" in changed:
            api.modify_vswitch(session, resource_id, name=spec.name if "name" in changed else None,
                               description=spec.description if "description" in changed else None)
        if "tags" in changed:
            retag_vpc_resource(session, "VSWITCH", resource_id, olds.get("tags"), spec.tags or {})

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_vswitch(session, resource_id)

    def blockers(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> list[str]:
        vpc_id = olds.get("vpc_id")
        gateways = api.list_nat_gateways(session, vpc_id=str(vpc_id)) if vpc_id else []
        in_it = [f"NAT gateway {n['NatGatewayId']}" for n in gateways
                 if (n.get("NatGatewayPrivateInfo") or {}).get("VswitchId") == resource_id]
        # Mount targets, DLC job nodes and other network interfaces are not listed by vSwitch here.
        return in_it or ["a NAS mount target, DLC job or other network interface"]


class VSwitch(VSwitchResource, module="dlc", name="VSwitch"):
    """A vSwitch (subnet) of a VPC in one zone."""

    PROVIDER = VSwitchProvider
