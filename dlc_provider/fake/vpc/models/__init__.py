"""State of the fake VPC service: one `VpcBackend` per account and region."""

from __future__ import annotations

from .eips import EipMixin
from .nat import NatMixin
from .tags import TagsMixin
from .resources import Eip, NatGateway, SnatEntry, Vpc, VSwitch


class VpcBackend(NatMixin, EipMixin, TagsMixin):
    service = "vpc"
    kinds = ("vpcs", "vswitches", "nat_gateways", "eips", "snat_entries")


__all__ = ["Eip", "NatGateway", "SnatEntry", "VSwitch", "Vpc", "VpcBackend"]
