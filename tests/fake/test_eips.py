"""Elastic IPs through the official VPC client: allocate, describe, associate with a NAT, release."""

from __future__ import annotations

import pytest
from alibabacloud_vpc20160428 import models as vpc

from .builders import (
    REGION,
    allocate_eip,
    associate,
    create_nat,
    create_vpc,
    create_vswitch,
    describe_eip,
    describe_nat,
)
from .doors import Door, api_error


def test_allocate_and_describe(door: Door) -> None:
    body = door.vpc().allocate_eip_address(vpc.AllocateEipAddressRequest(
        region_id=REGION, bandwidth="10", internet_charge_type="PayByTraffic", name="egress-ip")).body
    assert body.allocation_id.startswith("eip-") and body.eip_address.count(".") == 3
    (eip,) = describe_eip(door, body.allocation_id)
    assert (eip.ip_address, eip.status, eip.bandwidth, eip.internet_charge_type, eip.name, eip.charge_type) == (
        body.eip_address, "Available", "10", "PayByTraffic", "egress-ip", "PostPaid")
    assert eip.instance_id == "" and eip.allocation_time.endswith("Z")

    by_address = door.vpc().describe_eip_addresses(vpc.DescribeEipAddressesRequest(
        region_id=REGION, eip_address=body.eip_address)).body
    assert by_address.total_count == 1
    assert describe_eip(door, "eip-unknown") == []


@pytest.mark.parametrize(("bandwidth", "charge"), [("0", "PayByBandwidth"), ("501", "PayByBandwidth"),
                                                   ("201", "PayByTraffic"), ("ten", "PayByBandwidth")])
def test_bandwidth_rules(door: Door, bandwidth: str, charge: str) -> None:
    with api_error("InvalidBandwidth.Malformed", 400):
        door.vpc().allocate_eip_address(vpc.AllocateEipAddressRequest(
            region_id=REGION, bandwidth=bandwidth, internet_charge_type=charge))


def test_associate_unassociate_release_on_a_manual_clock(door: Door) -> None:
    vpc_id = create_vpc(door)
    nat_id, _ = create_nat(door, vpc_id, create_vswitch(door, vpc_id))
    allocation_id, address = allocate_eip(door)
    door.cloud.settings.latency = "manual"

    associate(door, allocation_id, nat_id)
    (eip,) = describe_eip(door, allocation_id)
    assert (eip.status, eip.instance_id, eip.instance_type) == ("Associating", nat_id, "Nat")
    door.cloud.clock.advance(3)
    assert describe_eip(door, allocation_id)[0].status == "InUse"
    ip_list = describe_nat(door, nat_id)[0].ip_lists.ip_list
    assert [(i.allocation_id, i.ip_address, i.using_status) for i in ip_list] == [(allocation_id, address, "Idle")]
    with api_error("IncorrectEipStatus", 400):
        door.vpc().release_eip_address(vpc.ReleaseEipAddressRequest(region_id=REGION, allocation_id=allocation_id))

    door.vpc().unassociate_eip_address(vpc.UnassociateEipAddressRequest(
        region_id=REGION, allocation_id=allocation_id, instance_id=nat_id, instance_type="Nat"))
    assert describe_eip(door, allocation_id)[0].status == "Unassociating"
    door.cloud.clock.advance(3)
    (eip,) = describe_eip(door, allocation_id)
    assert (eip.status, eip.instance_id) == ("Available", "")

    door.vpc().release_eip_address(vpc.ReleaseEipAddressRequest(region_id=REGION, allocation_id=allocation_id))
    assert describe_eip(door, allocation_id)[0].status == "Releasing"
    door.cloud.clock.advance(1)
    assert describe_eip(door, allocation_id) == []
    with api_error("InvalidAllocationId.NotFound", 404):
        door.vpc().release_eip_address(vpc.ReleaseEipAddressRequest(region_id=REGION, allocation_id=allocation_id))


def test_association_rules(door: Door) -> None:
    vpc_id = create_vpc(door)
    nat_id, _ = create_nat(door, vpc_id, create_vswitch(door, vpc_id))
    allocation_id, _ = allocate_eip(door)
    with api_error("InvalidInstanceId.NotFound", 404):  # InstanceType defaults to EcsInstance
        door.vpc().associate_eip_address(vpc.AssociateEipAddressRequest(
            region_id=REGION, allocation_id=allocation_id, instance_id=nat_id))
    with api_error("InvalidAllocationId.NotFound", 404):
        associate(door, "eip-missing", nat_id)
    with api_error("IncorrectEipStatus", 400):  # not associated yet
        door.vpc().unassociate_eip_address(vpc.UnassociateEipAddressRequest(
            region_id=REGION, allocation_id=allocation_id))
    associate(door, allocation_id, nat_id)
    with api_error("IncorrectEipStatus", 400):  # already bound
        associate(door, allocation_id, nat_id)
    with api_error("InvalidInstanceId.NotFound", 404):  # bound to another instance than the one named
        door.vpc().unassociate_eip_address(vpc.UnassociateEipAddressRequest(
            region_id=REGION, allocation_id=allocation_id, instance_id="ngw-other", instance_type="Nat"))
