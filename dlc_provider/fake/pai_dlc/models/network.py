"""Where jobs and TensorBoards meet the user's network: the VPC, vSwitch and security group must exist
(asked of the VPC and ECS backends of the same account and region), and pods get addresses in the
vSwitch (or in DLC's own 10.x network when the job has no vSwitch)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from ...core.backend import Backend
from ..exceptions import InvalidField

# DLC's own pod network for jobs without a user vSwitch, and the nodes it schedules them on.
POD_NETWORK = ipaddress.IPv4Network("10.224.0.0/12")
NODE_NETWORK = ipaddress.IPv4Network("172.20.0.0/16")
RESERVED_AT_END = 3  # a vSwitch's last three addresses are reserved (its first one too)


class NetworkMixin(Backend):
    _next_pod_ip: int
    _next_node: int

    def check_user_network(self, where: str, vpc_id: str | None, switch_id: str | None,
                           security_group_id: str | None) -> Any:
        """The vSwitch (or None) after checking that the VPC, vSwitch and security group exist and match."""
        vpcs = self.peer("vpc")
        if vpc_id and (vpcs is None or vpcs.get("vpcs", vpc_id) is None):
            raise InvalidField(f"{where}.VpcId", f"The VPC {vpc_id} does not exist in {self.region}.")
        vswitch = None
        if switch_id:
            vswitch = vpcs.get("vswitches", switch_id) if vpcs is not None else None
            if vswitch is None:
                raise InvalidField(f"{where}.SwitchId", f"The vSwitch {switch_id} does not exist in {self.region}.")
            if vswitch.vpc_id != vpc_id:
                raise InvalidField(f"{where}.SwitchId", f"The vSwitch {switch_id} is not in the VPC {vpc_id}.")
        if security_group_id:
            ecs = self.peer("ecs")
            group = ecs.get("security_groups", security_group_id) if ecs is not None else None
            if group is None:
                raise InvalidField(f"{where}.SecurityGroupId",
                                   f"The security group {security_group_id} does not exist in {self.region}.")
            if group.vpc_id and group.vpc_id != vpc_id:
                raise InvalidField(f"{where}.SecurityGroupId",
                                   f"The security group {security_group_id} is not in the VPC {vpc_id}.")
        return vswitch

    def pod_addresses(self, count: int, vswitch: Any, in_use: Iterable[str]) -> list[str]:
        """`count` free addresses: from the top of the vSwitch's block, else sequential in DLC's network."""
        if vswitch is None:
            start = self._next_pod_ip
            self._next_pod_ip += count
            return [str(POD_NETWORK.network_address + 2 + start + n) for n in range(count)]
        network = ipaddress.IPv4Network(vswitch.cidr_block)
        taken = set(in_use) | self._nat_addresses(vswitch.id)
        found: list[str] = []
        address = network.broadcast_address - RESERVED_AT_END
        while len(found) < count and address > network.network_address:
            if str(address) not in taken:
                found.append(str(address))
            address -= 1
        if len(found) < count:
            raise InvalidField("UserVpc.SwitchId", f"The vSwitch {vswitch.id} has no {count} free addresses left.")
        return found

    def _nat_addresses(self, switch_id: str) -> set[str]:
        vpcs = self.peer("vpc")
        if vpcs is None:
            return set()
        return {nat.private_ip_address for nat in vpcs.all("nat_gateways") if nat.vswitch_id == switch_id}

    def node_name(self) -> str:
        address = NODE_NETWORK.network_address + 10 + self._next_node
        self._next_node += 1
        return f"{self.region}.{address}"
