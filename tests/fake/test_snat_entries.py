"""SNAT entries through the official VPC client: create, describe, modify, delete, life cycle, rules."""

from __future__ import annotations

from alibabacloud_vpc20160428 import models as vpc

from .builders import (
    REGION,
    allocate_eip,
    create_snat,
    create_vswitch,
    describe_nat,
    describe_snat,
    network_with_bound_eip,
)
from .doors import Door, api_error


def test_create_describe_modify_delete(door: Door) -> None:
    net = network_with_bound_eip(door)
    entry_id = create_snat(door, net, snat_entry_name="workers", eip_affinity=1)
    assert entry_id.startswith("snat-")
    (entry,) = describe_snat(door, net.snat_table_id)
    assert (entry.snat_entry_id, entry.snat_ip, entry.source_vswitch_id, entry.source_cidr, entry.status) == (
        entry_id, net.eip_address, net.vswitch_id, "10.0.1.0/24", "Available")
    assert (entry.snat_entry_name, entry.eip_affinity, entry.nat_gateway_id) == ("workers", "1", net.nat_id)
    assert describe_nat(door, net.nat_id)[0].ip_lists.ip_list[0].using_status == "UsedBySnatTable"

    by_nat = door.vpc().describe_snat_table_entries(vpc.DescribeSnatTableEntriesRequest(
        region_id=REGION, nat_gateway_id=net.nat_id)).body
    assert by_nat.total_count == 1
    assert describe_snat(door, net.snat_table_id, "snat-unknown") == []

    door.vpc().modify_snat_entry(vpc.ModifySnatEntryRequest(
        region_id=REGION, snat_table_id=net.snat_table_id, snat_entry_id=entry_id, snat_entry_name="renamed"))
    assert describe_snat(door, net.snat_table_id, entry_id)[0].snat_entry_name == "renamed"

    door.vpc().delete_snat_entry(vpc.DeleteSnatEntryRequest(
        region_id=REGION, snat_table_id=net.snat_table_id, snat_entry_id=entry_id))
    assert describe_snat(door, net.snat_table_id, entry_id) == []


def test_source_cidr_entry(door: Door) -> None:
    net = network_with_bound_eip(door)
    entry_id = door.vpc().create_snat_entry(vpc.CreateSnatEntryRequest(
        region_id=REGION, snat_table_id=net.snat_table_id, snat_ip=net.eip_address, source_cidr="10.0.8.0/21",
    )).body.snat_entry_id
    (entry,) = describe_snat(door, net.snat_table_id, entry_id)
    assert entry.source_cidr == "10.0.8.0/21" and entry.source_vswitch_id == ""


def test_rules(door: Door) -> None:
    net = network_with_bound_eip(door)
    other_address = allocate_eip(door)[1]
    with api_error("EIP_NOT_IN_GATEWAY", 400):
        door.vpc().create_snat_entry(vpc.CreateSnatEntryRequest(
            region_id=REGION, snat_table_id=net.snat_table_id, snat_ip=other_address, source_vswitch_id=net.vswitch_id))
    with api_error("InvalidParameter", 400):  # both sources
        create_snat(door, net, source_cidr="10.0.0.0/24")
    with api_error("InvalidParameter", 400):  # neither source
        create_snat(door, net, source_vswitch_id=None)
    with api_error("InvalidSnatTableId.NotFound", 404):
        door.vpc().create_snat_entry(vpc.CreateSnatEntryRequest(
            region_id=REGION, snat_table_id="stb-missing", snat_ip=net.eip_address, source_vswitch_id=net.vswitch_id))
    with api_error("IllegalParam.SnatEntryName", 400):
        create_snat(door, net, snat_entry_name="_bad")
    create_snat(door, net)
    with api_error("Forbidden.SourceVSwitchId.Duplicated", 400):
        create_snat(door, net)
    with api_error("InvalidSnatEntryId.NotFound", 404):
        door.vpc().delete_snat_entry(vpc.DeleteSnatEntryRequest(
            region_id=REGION, snat_table_id=net.snat_table_id, snat_entry_id="snat-missing"))
    with api_error("MissingParameter", 400):
        door.vpc().describe_snat_table_entries(vpc.DescribeSnatTableEntriesRequest(region_id=REGION))


def test_life_cycle_on_a_manual_clock(door: Door) -> None:
    net = network_with_bound_eip(door)
    second_vswitch = create_vswitch(door, net.vpc_id, "10.0.2.0/24")
    door.cloud.settings.latency = "manual"
    entry_id = create_snat(door, net)
    assert describe_snat(door, net.snat_table_id, entry_id)[0].status == "Pending"
    with api_error("OperationConflict", 409):  # one change at a time per SNAT table
        create_snat(door, net, source_vswitch_id=second_vswitch)
    with api_error("IncorretSnatEntryStatus", 400):
        door.vpc().modify_snat_entry(vpc.ModifySnatEntryRequest(
            region_id=REGION, snat_table_id=net.snat_table_id, snat_entry_id=entry_id, snat_entry_name="later"))
    with api_error("IncorrectStatus.SnatEntry", 400):
        door.vpc().delete_snat_entry(vpc.DeleteSnatEntryRequest(
            region_id=REGION, snat_table_id=net.snat_table_id, snat_entry_id=entry_id))
    door.cloud.clock.advance(3)
    assert describe_snat(door, net.snat_table_id, entry_id)[0].status == "Available"
    door.vpc().delete_snat_entry(vpc.DeleteSnatEntryRequest(
        region_id=REGION, snat_table_id=net.snat_table_id, snat_entry_id=entry_id))
    assert describe_snat(door, net.snat_table_id, entry_id)[0].status == "Deleting"
    door.cloud.clock.advance(3)
    assert describe_snat(door, net.snat_table_id, entry_id) == []
