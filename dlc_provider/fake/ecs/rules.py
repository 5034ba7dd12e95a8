"""Security-group rule validation: one `Permissions.N` item (or the legacy top-level fields) to a rule."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ..core.errors import FakeError, MissingParameter
from .exceptions import (
    InvalidDestCidrIpMalformed,
    InvalidIpProtocolMalformed,
    InvalidNicTypeValueNotSupported,
    InvalidPolicyMalformed,
    InvalidPortRangeMalformed,
    InvalidPriorityValueNotSupported,
    InvalidSecurityGroupNameMalformed,
    InvalidSourceCidrIpMalformed,
)

PROTOCOLS = {"tcp": "TCP", "udp": "UDP", "icmp": "ICMP", "icmpv6": "ICMPv6", "gre": "GRE", "all": "ALL"}
PORTED_PROTOCOLS = ("TCP", "UDP")
POLICIES = {"accept": "Accept", "drop": "Drop"}
NIC_TYPES = ("intranet", "internet")
MAX_PERMISSIONS_PER_CALL = 100
MAX_RULES_PER_GROUP = 200
# The fields of a permission, as `Permissions.N.<field>` (and top-level in the legacy form).
PERMISSION_FIELDS = (
    "IpProtocol", "PortRange", "SourcePortRange", "Policy", "Priority", "NicType", "Description",
    "SourceCidrIp", "Ipv6SourceCidrIp", "SourceGroupId", "SourcePrefixListId",
    "DestCidrIp", "Ipv6DestCidrIp", "DestGroupId", "DestPrefixListId",
)
SOURCE_FIELDS = ("SourceCidrIp", "Ipv6SourceCidrIp", "SourceGroupId", "SourcePrefixListId")
DEST_FIELDS = ("DestCidrIp", "Ipv6DestCidrIp", "DestGroupId", "DestPrefixListId")


@dataclass
class SecurityGroupRule:
    id: str
    direction: str
    ip_protocol: str
    port_range: str
    policy: str = "Accept"
    priority: int = 1
    nic_type: str = "intranet"
    description: str = ""
    source_cidr_ip: str = ""
    ipv6_source_cidr_ip: str = ""
    source_group_id: str = ""
    source_prefix_list_id: str = ""
    source_port_range: str = ""
    dest_cidr_ip: str = ""
    ipv6_dest_cidr_ip: str = ""
    dest_group_id: str = ""
    dest_prefix_list_id: str = ""
    created_at: float = 0.0

    def identity(self) -> tuple[object, ...]:
        """What makes two rules the same rule (the description does not)."""
        return (
            self.direction, self.ip_protocol, self.port_range, self.policy, self.priority, self.nic_type,
            self.source_cidr_ip, self.ipv6_source_cidr_ip, self.source_group_id, self.source_prefix_list_id,
            self.source_port_range, self.dest_cidr_ip, self.ipv6_dest_cidr_ip, self.dest_group_id,
            self.dest_prefix_list_id,
        )


def _check_port_range(protocol: str, port_range: str | None) -> str:
    if port_range is None:
        raise MissingParameter(name="PortRange")
    if protocol not in PORTED_PROTOCOLS:
        if port_range != "-1/-1":
            raise InvalidPortRangeMalformed(port_range=port_range)
        return port_range
    low, sep, high = port_range.partition("/")
    try:
        first, last = int(low), int(high)
    except ValueError:
        raise InvalidPortRangeMalformed(port_range=port_range) from None
    if not sep or not 1 <= first <= last <= 65535:
        raise InvalidPortRangeMalformed(port_range=port_range)
    return f"{first}/{last}"


def _check_cidr(value: str | None, error: type[FakeError]) -> str:
    if value is None:
        return ""
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise error() from None
    return value


def build_rule(rule_id: str, direction: str, fields: dict[str, str], created_at: float) -> SecurityGroupRule:
    """Validate one permission and turn it into a rule (its ID is used only if the rule is new)."""
    raw_protocol = fields.get("IpProtocol")
    if not raw_protocol:
        raise MissingParameter(name="IpProtocol")
    protocol = PROTOCOLS.get(raw_protocol.lower())
    if protocol is None:
        raise InvalidIpProtocolMalformed()
    policy = POLICIES.get(fields.get("Policy", "accept").lower())
    if policy is None:
        raise InvalidPolicyMalformed()
    try:
        priority = int(fields.get("Priority", "1"))
    except ValueError:
        raise InvalidPriorityValueNotSupported() from None
    if not 1 <= priority <= 100:
        raise InvalidPriorityValueNotSupported()
    nic_type = fields.get("NicType", "intranet").lower()
    if nic_type not in NIC_TYPES:
        raise InvalidNicTypeValueNotSupported()
    peers = SOURCE_FIELDS if direction == "ingress" else DEST_FIELDS
    if not any(fields.get(name) for name in peers):
        raise MissingParameter(name=peers[0])
    return SecurityGroupRule(
        id=rule_id,
        direction=direction,
        ip_protocol=protocol,
        port_range=_check_port_range(protocol, fields.get("PortRange")),
        policy=policy,
        priority=priority,
        nic_type=nic_type,
        description=fields.get("Description", ""),
        source_cidr_ip=_check_cidr(fields.get("SourceCidrIp"), InvalidSourceCidrIpMalformed),
        ipv6_source_cidr_ip=_check_cidr(fields.get("Ipv6SourceCidrIp"), InvalidSourceCidrIpMalformed),
        source_group_id=fields.get("SourceGroupId", ""),
        source_prefix_list_id=fields.get("SourcePrefixListId", ""),
        source_port_range=fields.get("SourcePortRange", ""),
        dest_cidr_ip=_check_cidr(fields.get("DestCidrIp"), InvalidDestCidrIpMalformed),
        ipv6_dest_cidr_ip=_check_cidr(fields.get("Ipv6DestCidrIp"), InvalidDestCidrIpMalformed),
        dest_group_id=fields.get("DestGroupId", ""),
        dest_prefix_list_id=fields.get("DestPrefixListId", ""),
        created_at=created_at,
    )


def rule_fields(rule: SecurityGroupRule) -> dict[str, object]:
    """A rule back as the permission fields `build_rule` takes (for a partial modification)."""
    return {
        "IpProtocol": rule.ip_protocol, "PortRange": rule.port_range, "Policy": rule.policy,
        "Priority": rule.priority, "NicType": rule.nic_type, "Description": rule.description,
        "SourceCidrIp": rule.source_cidr_ip, "Ipv6SourceCidrIp": rule.ipv6_source_cidr_ip,
        "SourceGroupId": rule.source_group_id, "SourcePrefixListId": rule.source_prefix_list_id,
        "SourcePortRange": rule.source_port_range, "DestCidrIp": rule.dest_cidr_ip,
        "Ipv6DestCidrIp": rule.ipv6_dest_cidr_ip, "DestGroupId": rule.dest_group_id,
        "DestPrefixListId": rule.dest_prefix_list_id,
    }


def check_group_name(name: str | None) -> None:
    """2-128 characters, starting with a letter; letters, digits, `:`, `_`, `.` and `-`."""
    if name is None:
        return
    if not 2 <= len(name) <= 128 or not name[0].isalpha() or name.lower().startswith(("http://", "https://")):
        raise InvalidSecurityGroupNameMalformed()
    if not all(ch.isalnum() or ch in ":_.-" for ch in name):
        raise InvalidSecurityGroupNameMalformed()
