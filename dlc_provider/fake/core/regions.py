"""Regions and their zones, and how a request names its region (RegionId, else the Host, else a default)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import InvalidRegionIdNotFound


def _zones(region: str, letters: str) -> tuple[str, ...]:
    return tuple(f"{region}-{letter}" for letter in letters)


ZONES: Mapping[str, tuple[str, ...]] = {
    "cn-hangzhou": _zones("cn-hangzhou", "befghijk"),
    "cn-shanghai": _zones("cn-shanghai", "abefglmn"),
    "cn-beijing": _zones("cn-beijing", "acdefghijkl"),
    "cn-shenzhen": _zones("cn-shenzhen", "abcdef"),
    "cn-qingdao": _zones("cn-qingdao", "bc"),
    "cn-zhangjiakou": _zones("cn-zhangjiakou", "abc"),
    "cn-huhehaote": _zones("cn-huhehaote", "ab"),
    "cn-wulanchabu": _zones("cn-wulanchabu", "abc"),
    "cn-chengdu": _zones("cn-chengdu", "ab"),
    "cn-hongkong": _zones("cn-hongkong", "bcd"),
    "ap-southeast-1": _zones("ap-southeast-1", "abc"),
    "ap-southeast-3": _zones("ap-southeast-3", "ab"),
    "ap-southeast-5": _zones("ap-southeast-5", "abc"),
    "ap-northeast-1": _zones("ap-northeast-1", "abc"),
    "us-west-1": _zones("us-west-1", "ab"),
    "us-east-1": _zones("us-east-1", "ab"),
    "eu-central-1": _zones("eu-central-1", "abc"),
    "eu-west-1": _zones("eu-west-1", "ab"),
}

# RAM and other global services keep one backend per account under this pseudo-region.
GLOBAL_REGION = "global"

# <product>.<region>.aliyuncs.com (VPC, NAS, PAI-DLC, ...) and <product>-<region>.aliyuncs.com (ECS).
_REGIONAL_HOST = re.compile(
    r"^[a-z0-9-]+?[.-](?P<region>" + "|".join(re.escape(name) for name in ZONES) + r")\.aliyuncs\.com$"
)


def region_from_host(host: str) -> str | None:
    match = _REGIONAL_HOST.match(host.split(":")[0].lower())
    return match.group("region") if match else None


def resolve_region(region_param: str | None, host: str, default_region: str) -> str:
    """The request's RegionId, else the region in an `aliyuncs.com` Host, else the configured default."""
    region = region_param or region_from_host(host) or default_region
    if region not in ZONES:
        raise InvalidRegionIdNotFound(region=region)
    return region


def zones_of(region: str) -> tuple[str, ...]:
    return ZONES.get(region, ())
