"""The server door specifically: concurrent clients, its handle, and answers over one connection."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_sts20150401.client import Client as StsClient
from darabonba.exceptions import UnretryableException

from dlc_provider.fake import FakeSettings, serve_in_thread
from dlc_provider.fake.testing import sdk_config

from .builders import REGION, create_vpc
from .doors import Door


def test_concurrent_clients_get_distinct_resources(server_door: Door) -> None:
    vpc_id = create_vpc(server_door)

    def create(index: int) -> str:
        request = ecs.CreateSecurityGroupRequest(region_id=REGION, vpc_id=vpc_id, security_group_name=f"g{index}")
        return server_door.ecs().create_security_group(request).body.security_group_id

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = list(pool.map(create, range(24)))
    assert len(set(ids)) == 24
    assert len(server_door.cloud.dump()["ecs"]["security_groups"]) == 24
    assert all(entry.ok for entry in server_door.cloud.journal)


def test_handle_and_admin_error_on_bad_query(server_door: Door) -> None:
    assert server_door.endpoint and server_door.endpoint.startswith("127.0.0.1:")
    reply = requests.get(f"http://{server_door.endpoint}/_fake/journal", params={"since": "x"}, timeout=5)
    assert reply.status_code == 400 and reply.json()["Code"] == "InvalidParameter"


def test_a_dropped_connection_does_not_break_the_next_one() -> None:
    with serve_in_thread(FakeSettings(faults=["drop:*:*:1:max_count=1"])) as server:
        client = StsClient(sdk_config(server.endpoint))
        with pytest.raises(UnretryableException):
            client.get_caller_identity()
        assert client.get_caller_identity().body.identity_type == "Account"
        assert [entry.status for entry in server.cloud.journal] == [0, 200]
        assert server.port > 0 and server.url == f"http://127.0.0.1:{server.port}"
