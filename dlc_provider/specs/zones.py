"""Alibaba Cloud regions and their zones, for checking a `zone_id` at preview without a cloud call.

The table follows Alibaba Cloud's "Regions and zones" page (public cloud regions; finance and government
clouds are left out). It is a superset of the zones the fake cloud serves (`fake.core.regions.ZONES`);
a unit test keeps it that way. In a region missing here, a zone only has to start with the region's name.
"""

from __future__ import annotations

from collections.abc import Mapping

from .failures import shown

__all__ = ["REGION_ZONES", "check_zone", "region_of_zone"]


def _zones(region: str, letters: str) -> tuple[str, ...]:
    return tuple(f"{region}-{letter}" for letter in letters)


REGION_ZONES: Mapping[str, tuple[str, ...]] = {
    # Chinese mainland
    "cn-qingdao": _zones("cn-qingdao", "bc"),
    "cn-beijing": _zones("cn-beijing", "acdefghijkl"),
    "cn-zhangjiakou": _zones("cn-zhangjiakou", "abc"),
    "cn-huhehaote": _zones("cn-huhehaote", "ab"),
    "cn-wulanchabu": _zones("cn-wulanchabu", "abc"),
    "cn-hangzhou": _zones("cn-hangzhou", "befghijk"),
    "cn-shanghai": _zones("cn-shanghai", "abefglmn"),
    "cn-nanjing": _zones("cn-nanjing", "a"),
    "cn-fuzhou": _zones("cn-fuzhou", "a"),
    "cn-wuhan-lr": _zones("cn-wuhan-lr", "a"),
    "cn-shenzhen": _zones("cn-shenzhen", "abcdef"),
    "cn-heyuan": _zones("cn-heyuan", "ab"),
    "cn-guangzhou": _zones("cn-guangzhou", "ab"),
    "cn-chengdu": _zones("cn-chengdu", "ab"),
    "cn-hongkong": _zones("cn-hongkong", "bcd"),
    # Asia Pacific
    "ap-northeast-1": _zones("ap-northeast-1", "abc"),
    "ap-northeast-2": _zones("ap-northeast-2", "a"),
    "ap-southeast-1": _zones("ap-southeast-1", "abc"),
    "ap-southeast-3": _zones("ap-southeast-3", "ab"),
    "ap-southeast-5": _zones("ap-southeast-5", "abc"),
    "ap-southeast-6": _zones("ap-southeast-6", "a"),
    "ap-southeast-7": _zones("ap-southeast-7", "a"),
    # Europe, Americas, Middle East
    "us-east-1": _zones("us-east-1", "ab"),
    "us-west-1": _zones("us-west-1", "ab"),
    "eu-west-1": _zones("eu-west-1", "ab"),
    "eu-central-1": _zones("eu-central-1", "abc"),
    "me-east-1": _zones("me-east-1", "a"),
    "me-central-1": _zones("me-central-1", "ab"),
}

_ZONE_REGION = {zone: region for region, zones in REGION_ZONES.items() for zone in zones}


def region_of_zone(zone: str) -> str | None:
    """The region a zone belongs to, or None if the zone is not in the table."""
    return _ZONE_REGION.get(zone)


def check_zone(zone: str, region: str | None) -> str:
    """A zone that exists, and (when the provider's region is known and in the table) lies in that region."""
    home = region_of_zone(zone)
    if region in REGION_ZONES:
        if home != region:
            where = f"; it is in {home}" if home else ""
            raise ValueError(
                f"zone {shown(zone)} is not a zone of the provider's region {region}{where} "
                f"(zones of {region}: {', '.join(REGION_ZONES[region])})"
            )
    elif region is not None:
        if not zone.startswith(region + "-"):
            raise ValueError(f"zone {shown(zone)} is not a zone of the provider's region {region}")
    elif home is None:
        raise ValueError(f"zone {shown(zone)} is not an Alibaba Cloud zone (zones look like cn-hangzhou-h)")
    return zone
