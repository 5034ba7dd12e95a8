"""The validation rules of the VPC APIs (CIDR blocks, names, tags) and its life cycles, as data."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from ipaddress import IPv4Network

from ..core.errors import FakeError
from ..core.lifecycle import GONE, Lifecycle, Step
from .exceptions import (
    CidrNotInVpc,
    IllegalTagKey,
    InvalidCidrBlockMalformed,
    InvalidCidrBlockOverlapped,
    InvalidCidrMaskLength,
    InvalidDescriptionMalformed,
    MissingTagKey,
)

# --- life cycles (realistic seconds; see core.lifecycle) -------------------------------------------------
VPC_CREATE = Lifecycle("Pending", Step("Available", 2.0))
VPC_DELETE = Lifecycle("Deleting", Step(GONE, 1.0))
VSWITCH_CREATE = Lifecycle("Pending", Step("Available", 2.0))
VSWITCH_DELETE = Lifecycle("Pending", Step(GONE, 1.0))
NAT_CREATE = Lifecycle("Creating", Step("Available", 20.0))
NAT_MODIFY = Lifecycle("Modifying", Step("Available", 1.0))
NAT_DELETE = Lifecycle("Deleting", Step(GONE, 5.0))
EIP_ASSOCIATE = Lifecycle("Associating", Step("InUse", 3.0))
EIP_UNASSOCIATE = Lifecycle("Unassociating", Step("Available", 3.0))
EIP_RELEASE = Lifecycle("Releasing", Step(GONE, 1.0))
SNAT_CREATE = Lifecycle("Pending", Step("Available", 3.0))
SNAT_MODIFY = Lifecycle("Pending", Step("Available", 2.0))
SNAT_DELETE = Lifecycle("Deleting", Step(GONE, 3.0))

# --- limits -------------------------------------------------------------------------------------------------
DEFAULT_VPC_CIDR = "172.16.0.0/12"
VPC_MASK_RANGE = (8, 28)
VSWITCH_MASK_RANGE = (16, 29)
RESERVED_BLOCKS = tuple(
    ipaddress.ip_network(block) for block in ("100.64.0.0/10", "224.0.0.0/4", "127.0.0.0/8", "169.254.0.0/16")
)
VPCS_PER_REGION = 10
VSWITCHES_PER_VPC = 150
MAX_TAGS = 20
# A vSwitch's first address and last three are reserved (docs); the service reports /24 as 252 free.
RESERVED_ADDRESSES = 4


def parse_cidr(text: str) -> IPv4Network:
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        raise InvalidCidrBlockMalformed() from None
    if not isinstance(network, IPv4Network):
        raise InvalidCidrBlockMalformed()
    return network


def check_vpc_cidr(network: IPv4Network) -> None:
    low, high = VPC_MASK_RANGE
    if not low <= network.prefixlen <= high:
        raise InvalidCidrMaskLength(cidr=str(network), low=low, high=high)
    if any(network.overlaps(reserved) for reserved in RESERVED_BLOCKS):
        raise InvalidCidrBlockMalformed()


def check_vswitch_cidr(network: IPv4Network, vpc_network: IPv4Network, siblings: Iterable[IPv4Network]) -> None:
    low, high = VSWITCH_MASK_RANGE
    if not low <= network.prefixlen <= high:
        raise InvalidCidrMaskLength(cidr=str(network), low=low, high=high)
    if not network.subnet_of(vpc_network):
        raise CidrNotInVpc()
    if any(network.overlaps(other) for other in siblings):
        raise InvalidCidrBlockOverlapped()


def first_free_subnet(vpc_network: IPv4Network, mask: int, taken: Iterable[IPv4Network]) -> IPv4Network:
    """The lowest subnet of the given mask that overlaps none taken (CreateVSwitch with CidrMask)."""
    low, high = VSWITCH_MASK_RANGE
    if not low <= mask <= high or mask < vpc_network.prefixlen:
        raise InvalidCidrMaskLength(cidr=f"/{mask}", low=max(low, vpc_network.prefixlen), high=high)
    used = list(taken)
    for candidate in vpc_network.subnets(new_prefix=mask):
        if not any(candidate.overlaps(other) for other in used):
            return candidate
    raise InvalidCidrBlockOverlapped()


def usable_addresses(network: IPv4Network) -> int:
    return max(network.num_addresses - RESERVED_ADDRESSES, 0)


def check_name(value: str | None, error: type[FakeError], *, low: int = 1, high: int = 128,
               letter_first: bool = False, extra_chars: str | None = None) -> None:
    """Names: length bounds, no http(s):// prefix; optionally a leading letter and a character set."""
    if value is None:
        return
    if not low <= len(value) <= high or value.lower().startswith(("http://", "https://")):
        raise error()
    if letter_first and not value[0].isalpha():
        raise error()
    if extra_chars is not None and not all(ch.isalnum() or ch in extra_chars for ch in value):
        raise error()


def check_description(value: str | None, high: int = 256) -> None:
    check_name(value, InvalidDescriptionMalformed, low=1, high=high)


def check_tags(tags: list[dict[str, str]]) -> list[dict[str, str]]:
    """`Tag.N.Key/Value` as given; keys required, at most 128 chars, not `aliyun`/`acs:`-prefixed."""
    if len(tags) > MAX_TAGS:
        raise IllegalTagKey()
    for tag in tags:
        key = tag.get("Key")
        if not key:
            raise MissingTagKey()
        if len(key) > 128 or key.startswith(("aliyun", "acs:")) or len(tag.get("Value", "")) > 128:
            raise IllegalTagKey()
    return [{"Key": tag["Key"], "Value": tag.get("Value", "")} for tag in tags]
