"""The NAS API's validation rules (kinds of file system, names, descriptions, rules) and life cycles, as data."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping

from ..core.errors import InvalidParameter, MissingParameter
from ..core.lifecycle import GONE, Lifecycle, Step
from .exceptions import InvalidTagKey, InvalidTagValue

# --- life cycles (realistic seconds; see core.lifecycle) -------------------------------------------------
FILE_SYSTEM_CREATE: Mapping[str, Lifecycle] = {
    "standard": Lifecycle("Pending", Step("Running", 2.0)),
    "extreme": Lifecycle("Pending", Step("Running", 10.0)),
    "cpfs": Lifecycle("Pending", Step("Running", 30.0)),
}
FILE_SYSTEM_DELETE = Lifecycle("Deleting", Step(GONE, 2.0))
FILE_SYSTEM_UPGRADE = Lifecycle("Extending", Step("Running", 5.0))
# Only file systems with a set size can grow (UpgradeFileSystem); general-purpose ones have none.
UPGRADABLE_TYPES = ("extreme", "cpfs")
MOUNT_TARGET_CREATE = Lifecycle("Pending", Step("Active", 3.0))
MOUNT_TARGET_DELETE = Lifecycle("Deleting", Step(GONE, 2.0))

# --- kinds of file system ----------------------------------------------------------------------------------
FILE_SYSTEM_TYPES = ("standard", "extreme", "cpfs")
KNOWN_BUT_UNSUPPORTED_TYPES = ("cpfsse", "bmcpfs")
PROTOCOLS = {"standard": ("NFS", "SMB"), "extreme": ("NFS",), "cpfs": ("cpfs",)}
STORAGE_TYPES = {
    "standard": ("Performance", "Capacity", "Premium", "Agentic"),
    "extreme": ("standard", "advance"),
    "cpfs": ("advance_100", "advance_200", "economic"),
}
# Access groups exist for these kinds only; CPFS mount targets use none.
ACCESS_GROUP_FILE_SYSTEM_TYPES = ("standard", "extreme")
# ID shapes: standard `1ca404c0a3`, `extreme-0015c0a3b1`, `cpfs-` + 16 characters (CPFS 2.0).
ID_PREFIX = {"standard": "", "extreme": "extreme-", "cpfs": "cpfs-"}
ID_LENGTH = {"standard": 10, "extreme": 10, "cpfs": 16}
HEX = "0123456789abcdef"
# General-purpose file systems have no set size; the service reports 10 PiB (in GiB) as their capacity.
STANDARD_CAPACITY_GIB = 10 * 1024 * 1024
DEFAULT_BANDWIDTH_MBPS = {"standard": 150, "extreme": 150, "cpfs": 100}

# --- access groups and rules ---------------------------------------------------------------------------------
DEFAULT_ACCESS_GROUP = "DEFAULT_VPC_GROUP_NAME"
RW_ACCESS_TYPES = ("RDWR", "RDONLY")
USER_ACCESS_TYPES = ("no_squash", "root_squash", "all_squash")
_GROUP_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{2,63}$")
MAX_TAGS = 20


def check_access_group_name(name: str) -> None:
    """3-64 characters: a letter, then letters, digits, `_` and `-`."""
    if not _GROUP_NAME.match(name):
        raise InvalidParameter(name="AccessGroupName")


def check_description(value: str | None, name: str = "Description") -> None:
    """2-128 characters starting with a letter; not a URL."""
    if value is None:
        return
    if not 2 <= len(value) <= 128 or not value[0].isalpha() or value.lower().startswith(("http://", "https://")):
        raise InvalidParameter(name=name)


def check_priority(value: int | None) -> int:
    if value is None:
        return 1
    if not 1 <= value <= 100:
        raise InvalidParameter(name="Priority")
    return value


def check_source_cidr(value: str | None, ipv6_value: str | None) -> str:
    """Exactly one of SourceCidrIp / Ipv6SourceCidrIp, an address or a CIDR block (the fake keeps IPv4)."""
    if value and ipv6_value:
        raise InvalidParameter('Only one of "SourceCidrIp" and "Ipv6SourceCidrIp" may be given.')
    if ipv6_value:
        raise InvalidParameter("The fake NAS supports IPv4 access rules only (Ipv6SourceCidrIp).")
    if not value:
        raise MissingParameter(name="SourceCidrIp")
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise InvalidParameter(name="SourceCidrIp") from None
    if network.version != 4:
        raise InvalidParameter(name="SourceCidrIp")
    return value


def check_tags(tags: list[dict[str, str]]) -> list[dict[str, str]]:
    if len(tags) > MAX_TAGS:
        raise InvalidParameter(name="Tag")
    for tag in tags:
        key = tag.get("Key", "")
        if not key or len(key) > 128 or key.startswith(("aliyun", "acs:")):
            raise InvalidParameter(name="Tag.N.Key")
    return [{"Key": tag["Key"], "Value": tag.get("Value", "")} for tag in tags]


# --- TagResources / UntagResources / ListTagResources ----------------------------------------------------------
TAG_RESOURCE_TYPE = "filesystem"
MAX_TAG_LENGTH = 128
RESERVED_TAG_PREFIXES = ("aliyun", "acs:")
# ListTagResources documents NextToken but no page size; the fake answers 50 rows a page (its choice).
TAG_PAGE_SIZE = 50


def check_tag_pairs(tags: list[dict[str, str]]) -> list[dict[str, str]]:
    """`Tag.N.Key/Value` of TagResources. Keys: 1-128 characters, not starting with `aliyun` or `acs:`, without
    `http://` or `https://`. Values: at most 128 characters, the same prefixes and URLs refused (an empty value
    is accepted: the provider's tags may have one)."""
    for tag in tags:
        key, value = tag.get("Key", ""), tag.get("Value", "")
        if not key or len(key) > MAX_TAG_LENGTH or _reserved_or_url(key):
            raise InvalidTagKey()
        if len(value) > MAX_TAG_LENGTH or _reserved_or_url(value):
            raise InvalidTagValue()
    return [{"Key": tag["Key"], "Value": tag.get("Value", "")} for tag in tags]


def _reserved_or_url(text: str) -> bool:
    lowered = text.lower()
    return lowered.startswith(RESERVED_TAG_PREFIXES) or "http://" in lowered or "https://" in lowered
