"""The console's "VPC configuration": the job's VPC, vSwitch, security group and internet gateway."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .common import InputModel
from ..checks import ResourceId
from ..failures import shown

__all__ = ["DEFAULT_ROUTES", "Network"]

#: ``UserVpc.DefaultRoute``: eth0 leaves through PAI's public gateway, eth1 through the user's VPC (its NAT).
DEFAULT_ROUTES = {"public": "eth0", "private": "eth1"}


def _cidr(value: str) -> str:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise ValueError(f"{shown(value)} is not a CIDR block such as 172.16.0.0/12") from None
    return value


class Network(InputModel):
    """Console: VPC configuration. Unset: the job uses PAI's public network and gateway."""

    vpc_id: ResourceId = Field(description="VPC the job's nodes join (`UserVpc.VpcId`).")
    vswitch_id: ResourceId | None = Field(
        None, description="vSwitch (`UserVpc.SwitchId`); unset: DLC picks one by stock. Needs `extended_cidrs`."
    )
    security_group_id: ResourceId | None = Field(None, description="Security group (`UserVpc.SecurityGroupId`); required.")
    extended_cidrs: list[Annotated[str, AfterValidator(_cidr)]] = Field(
        default_factory=list,
        description="Extended CIDRs: all CIDR blocks of the VPC (`UserVpc.ExtendedCIDRs`); required with a vSwitch.",
    )
    internet_gateway: Literal["public", "private"] | None = Field(
        None,
        description="Console: Internet Access Gateway. `public`: PAI's shared gateway (`DefaultRoute` eth0); "
        "`private`: the Internet NAT gateway of this VPC (eth1; needs a NAT with EIP and SNAT). Unset: the default.",
    )
