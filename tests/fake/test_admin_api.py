"""The admin API under /_fake/ on the server: state, journal, reset, settings, clock; loopback only."""

from __future__ import annotations

import requests
from werkzeug.test import Client

from dlc_provider.fake.server import FakeCloudApp

from .builders import create_vpc, describe_vpc
from .doors import Door, api_error


def admin(door: Door, method: str, path: str, **kwargs: object) -> requests.Response:
    return requests.request(method, f"http://{door.endpoint}/_fake/{path}", timeout=5, **kwargs)  # type: ignore[arg-type]


def test_health_state_and_journal(server_door: Door) -> None:
    health = admin(server_door, "GET", "health").json()
    assert health["status"] == "ok" and {"vpc", "ecs", "sts"} <= set(health["services"])
    vpc_id = create_vpc(server_door)
    server_door.sts().get_caller_identity()
    assert admin(server_door, "GET", "state").json()["vpc"]["vpcs"][0]["id"] == vpc_id
    journal = admin(server_door, "GET", "journal").json()
    assert [(e["service"], e["action"], e["status"]) for e in journal] == [
        ("vpc", "CreateVpc", 200), ("sts", "GetCallerIdentity", 200)]
    assert [e["action"] for e in admin(server_door, "GET", "journal", params={"service": "sts"}).json()] == [
        "GetCallerIdentity"]
    assert len(admin(server_door, "GET", "journal", params={"since": "1"}).json()) == 1
    assert admin(server_door, "DELETE", "journal").json() == {"cleared": True}
    assert admin(server_door, "GET", "journal").json() == []


def test_settings_clock_and_reset(server_door: Door) -> None:
    changed = admin(server_door, "POST", "settings",
                    json={"latency": "manual", "faults": ["throttle:vpc:DescribeVpcAttribute:1:max_count=1"]}).json()
    assert changed["latency"] == "manual"
    assert changed["faults"][0]["spec"] == "throttle:vpc:DescribeVpcAttribute:1:max_count=1"
    assert admin(server_door, "GET", "settings").json() == changed
    assert "secret" not in str(changed).lower()
    window = admin(server_door, "POST", "settings", json={"client_token_ttl_seconds": 60}).json()
    assert window["client_token_ttl_seconds"] == 60 == server_door.cloud.settings.client_token_ttl_seconds

    vpc_id = create_vpc(server_door)
    with api_error("Throttling"):
        describe_vpc(server_door, vpc_id)
    assert describe_vpc(server_door, vpc_id).status == "Pending"
    before = admin(server_door, "GET", "clock").json()
    after = admin(server_door, "POST", "clock/advance", json={"seconds": 2}).json()
    assert after["manual"] is True and after["now"] - before["now"] >= 2
    assert describe_vpc(server_door, vpc_id).status == "Available"

    assert admin(server_door, "POST", "reset").json() == {"reset": True}
    assert admin(server_door, "GET", "state").json() == {}
    assert server_door.cloud.is_empty()


def test_bad_admin_requests(server_door: Door) -> None:
    bad = admin(server_door, "POST", "settings", json={"latency": "sluggish"})
    assert bad.status_code == 400 and bad.json()["Code"] == "InvalidParameter"
    assert admin(server_door, "POST", "settings", json={"accounts": {}}).status_code == 400
    assert admin(server_door, "POST", "clock/advance", json={"seconds": -1}).status_code == 400
    missing = admin(server_door, "GET", "nothing-here")
    assert missing.status_code == 404 and missing.json()["Code"] == "NotFound"


def test_admin_answers_loopback_clients_only(server_door: Door) -> None:
    app = FakeCloudApp(server_door.cloud)
    remote = Client(app).get("/_fake/state", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert remote.status_code == 403 and remote.json["Code"] == "Forbidden"
    local = Client(app).get("/_fake/health", environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert local.status_code == 200
