"""NAS access rules through the official client: RWAccess/UserAccess in replies, priorities, duplicates."""

from __future__ import annotations

import pytest
from alibabacloud_nas20170626 import models as nas
from alibabacloud_nas20170626.client import Client as NasClient

from .doors import Door, api_error

GROUP = "train-group"


def client(door: Door) -> NasClient:
    return NasClient(door.config())


def create_group(door: Door, file_system_type: str = "standard") -> None:
    client(door).create_access_group(nas.CreateAccessGroupRequest(
        access_group_name=GROUP, access_group_type="Vpc", file_system_type=file_system_type))


def create_rule(door: Door, source: str = "10.0.0.0/16", **kwargs: object) -> str:
    request = nas.CreateAccessRuleRequest(access_group_name=GROUP, source_cidr_ip=source, **kwargs)
    return client(door).create_access_rule(request).body.access_rule_id


def rules(door: Door, group: str = GROUP, **kwargs: object) -> nas.DescribeAccessRulesResponseBody:
    request = nas.DescribeAccessRulesRequest(access_group_name=group, **kwargs)
    return client(door).describe_access_rules(request).body


def test_create_describe_modify_delete(door: Door) -> None:
    create_group(door)
    first = create_rule(door)
    second = create_rule(door, "192.168.1.10", rwaccess_type="RDONLY", user_access_type="root_squash", priority=5)
    assert (first, second) == ("1", "2")

    listed = rules(door)
    assert listed.total_count == 2
    rule = listed.access_rules.access_rule[1]
    assert (rule.access_rule_id, rule.source_cidr_ip, rule.rwaccess, rule.user_access, rule.priority) == (
        "2", "192.168.1.10", "RDONLY", "root_squash", 5)
    assert (rule.access_group_name, rule.file_system_type) == (GROUP, "standard")
    defaults = listed.access_rules.access_rule[0]
    assert (defaults.rwaccess, defaults.user_access, defaults.priority) == ("RDWR", "no_squash", 1)
    group = client(door).describe_access_groups(nas.DescribeAccessGroupsRequest(access_group_name=GROUP)).body
    assert group.access_groups.access_group[0].rule_count == 2

    client(door).modify_access_rule(nas.ModifyAccessRuleRequest(
        access_group_name=GROUP, access_rule_id=first, rwaccess_type="RDONLY", priority=100))
    (changed,) = rules(door, access_rule_id=first).access_rules.access_rule
    assert (changed.rwaccess, changed.priority, changed.source_cidr_ip) == ("RDONLY", 100, "10.0.0.0/16")

    client(door).delete_access_rule(nas.DeleteAccessRuleRequest(access_group_name=GROUP, access_rule_id=first))
    assert [r.access_rule_id for r in rules(door).access_rules.access_rule] == ["2"]
    assert rules(door, access_rule_id=first).total_count == 0
    with api_error("InvalidAccessRule.NotFound", 404):
        client(door).delete_access_rule(nas.DeleteAccessRuleRequest(access_group_name=GROUP, access_rule_id=first))
    assert create_rule(door, "10.1.0.0/16") == "3"  # IDs are not reused


def test_the_default_group_rule(door: Door) -> None:
    (rule,) = rules(door, "DEFAULT_VPC_GROUP_NAME").access_rules.access_rule
    assert (rule.access_rule_id, rule.source_cidr_ip, rule.rwaccess, rule.user_access) == (
        "1", "0.0.0.0/0", "RDWR", "no_squash")
    with api_error("OperationDenied.DefaultAccessGroup", 403):
        client(door).create_access_rule(nas.CreateAccessRuleRequest(
            access_group_name="DEFAULT_VPC_GROUP_NAME", source_cidr_ip="10.0.0.0/8"))
    with api_error("OperationDenied.DefaultAccessGroup", 403):
        client(door).delete_access_rule(nas.DeleteAccessRuleRequest(
            access_group_name="DEFAULT_VPC_GROUP_NAME", access_rule_id="1"))


def test_extreme_rules_live_in_extreme_groups(door: Door) -> None:
    create_group(door, "extreme")
    with api_error("InvalidAccessGroup.NotFound", 404):
        create_rule(door)  # FileSystemType defaults to standard
    assert create_rule(door, file_system_type="extreme") == "1"
    assert rules(door, file_system_type="extreme").total_count == 1


@pytest.mark.parametrize(
    ("fields", "code", "status"),
    [
        ({"priority": 0}, "InvalidParameter", 400),
        ({"priority": 101}, "InvalidParameter", 400),
        ({"rwaccess_type": "WRITE"}, "InvalidParameter", 400),
        ({"user_access_type": "squash_all"}, "InvalidParameter", 400),
        ({"source_cidr_ip": "10.0.0.300/16"}, "InvalidParameter", 400),
        ({"source_cidr_ip": None}, "MissingParameter", 400),
        ({"source_cidr_ip": None, "ipv_6source_cidr_ip": "2001:db8::/32"}, "InvalidParameter", 400),
        ({"source_cidr_ip": "10.0.0.0/16"}, "InvalidAccessRule.AlreadyExisted", 403),  # same source twice
        ({"access_group_name": "missing-group"}, "InvalidAccessGroup.NotFound", 404),
    ],
)
def test_rule_checks(door: Door, fields: dict[str, object], code: str, status: int) -> None:
    create_group(door)
    create_rule(door, "10.0.0.0/16")
    request = nas.CreateAccessRuleRequest(**{"access_group_name": GROUP, "source_cidr_ip": "172.16.0.0/12", **fields})
    with api_error(code, status):
        client(door).create_access_rule(request)
    assert rules(door).total_count == 1


def test_unknown_group_or_rule(door: Door) -> None:
    with api_error("InvalidAccessGroup.NotFound", 404):
        rules(door, "missing-group")
    create_group(door)
    with api_error("InvalidAccessRule.NotFound", 404):
        client(door).modify_access_rule(nas.ModifyAccessRuleRequest(
            access_group_name=GROUP, access_rule_id="9", priority=2))
