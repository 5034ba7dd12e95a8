"""The SQLite state file: a restarted server on the same file keeps its resources."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dlc_provider.fake import FakeCloud, FakeSettings, serve_in_thread
from dlc_provider.fake.core.persistence import StateFileError

from .builders import create_security_group, create_vpc, create_vswitch, describe_vpc, describe_vswitch
from .doors import Door


def test_restart_keeps_resources(tmp_path: Path) -> None:
    state = tmp_path / "fake.sqlite"
    with serve_in_thread(FakeSettings(state_file=state)) as server:
        door = Door("server", server.cloud, server.endpoint)
        vpc_id = create_vpc(door)
        vswitch_id = create_vswitch(door, vpc_id)
        group_id = create_security_group(door, vpc_id)
    assert state.exists()

    with serve_in_thread(FakeSettings(state_file=state)) as server:
        door = Door("server", server.cloud, server.endpoint)
        assert describe_vpc(door, vpc_id).v_switch_ids.v_switch_id == [vswitch_id]
        assert describe_vswitch(door, vswitch_id).status == "Available"
        assert server.cloud.dump()["ecs"]["security_groups"][0]["id"] == group_id
        assert create_vpc(door, "10.1.0.0/16") != vpc_id  # the ID generator carries on


def test_life_cycles_and_manual_clock_survive(tmp_path: Path) -> None:
    state = tmp_path / "fake.sqlite"
    with serve_in_thread(FakeSettings(state_file=state, latency="manual")) as server:
        door = Door("server", server.cloud, server.endpoint)
        vpc_id = create_vpc(door)
        server.cloud.clock.advance(1)
    with serve_in_thread(FakeSettings(state_file=state, latency="manual")) as server:
        door = Door("server", server.cloud, server.endpoint)
        assert describe_vpc(door, vpc_id).status == "Pending"
        server.cloud.clock.advance(1)
        assert describe_vpc(door, vpc_id).status == "Available"


def test_reset_empties_the_file(tmp_path: Path) -> None:
    state = tmp_path / "fake.sqlite"
    cloud = FakeCloud(FakeSettings(state_file=state))
    cloud.backend("vpc").create_vpc(cidr_block=None, name="x", description=None, resource_group_id=None,
                                    user_cidrs=[], enable_ipv6=False, tags=[], dry_run=False)
    cloud.save()
    assert not FakeCloud(FakeSettings(state_file=state)).is_empty()
    cloud.reset()
    assert FakeCloud(FakeSettings(state_file=state)).is_empty()


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "other.sqlite"
    with sqlite3.connect(state) as connection:
        connection.execute("CREATE TABLE parts (name TEXT PRIMARY KEY, value BLOB NOT NULL)")
        connection.execute("INSERT INTO parts VALUES ('format', x'00')")
    with pytest.raises(StateFileError):
        FakeCloud(FakeSettings(state_file=state))
