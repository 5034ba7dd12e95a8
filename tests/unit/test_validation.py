"""`check` validates inputs with the specs: a bad value fails with its property path and the rule, no
cloud call is made, and values still unknown at preview are not judged."""

from __future__ import annotations

from typing import Any

import pytest

from dlc_provider.specs.common import META_FIELDS
from dlc_provider.resources import (
    EipProvider,
    NatGatewayProvider,
    SecurityGroupProvider,
    SecurityGroupRuleProvider,
    SnatEntryProvider,
    VpcProvider,
    VSwitchProvider,
)
from dlc_provider.resources.provider import InputError
from dlc_provider.specs import UNKNOWN

from ._cases import CASE_IDS, CASES, Case
from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)

IDENTITY = {"dlc_identity": "p/s/t/n"}


def failures(provider_class: type, **inputs: Any) -> dict[str, str]:
    result = provider_class().check({}, {**IDENTITY, **inputs})
    return {failure.property: failure.reason for failure in result.failures}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_a_bad_value_fails_check_with_its_path_and_no_cloud_call(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    calls_before = len(env.cloud.journal)
    bad, path = case.invalid

    result = env.provider(case.provider).check({}, {**IDENTITY, **case.inputs(ctx), **bad})

    assert [f.property for f in result.failures] == [path]
    assert result.failures[0].reason
    assert len(env.cloud.journal) == calls_before


@pytest.mark.parametrize(
    ("provider_class", "inputs", "path", "rule"),
    [
        (VpcProvider, {"cidr_block": "10.0.0.0"}, "cidr_block", "needs a mask"),
        (VpcProvider, {"cidr_block": "100.64.0.0/16"}, "cidr_block", "reserved range"),
        (VpcProvider, {"cidr_block": "10.0.0.0/30"}, "cidr_block", "/8 to /28"),
        (VpcProvider, {"cidr_block": "10.0.0.0/16", "name": "https://x"}, "name", "http"),
        (VpcProvider, {"cidr_block": "10.0.0.0/16", "tags": {"acs:x": "1"}}, "tags", "may not start with"),
        (VpcProvider, {"cidr_block": "10.0.0.0/16", "tags": {"dlc-provider:token": "1"}}, "tags", "reserved"),
        (VpcProvider, {"cidr_block": "10.0.0.0/16", "colour": "red"}, "colour", "unknown input 'colour'; valid inputs: adopt_id, cidr_block"),
        (VpcProvider, {"cidr_block": "10.0.0.0/16", "timeouts": {"create": 0}}, "timeouts.create", "greater than 0"),
        (VpcProvider, {"cidr_block": "10.0.0.0/16", "timeouts": {"forever": 1}}, "timeouts.forever",
         "unknown input 'forever'; valid inputs: create, delete, update"),
        (VpcProvider, {}, "cidr_block", "Field required"),
        (VSwitchProvider, {"vpc_id": "sg-1", "zone_id": "cn-hangzhou-h", "cidr_block": "10.0.0.0/24"}, "vpc_id", "not a VPC ID"),
        (SecurityGroupProvider, {"vpc_id": "vpc-1", "name": "a"}, "name", "2-128"),
        (SecurityGroupProvider, {"vpc_id": "vpc-1", "name": "ab cd"}, "name", "may contain only"),
        (SecurityGroupRuleProvider, {"security_group_id": "sg-1", "direction": "ingress", "ip_protocol": "tcp",
                                     "port_range": "22/22"}, "cidr_ip", "exactly one of cidr_ip"),
        (SecurityGroupRuleProvider, {"security_group_id": "sg-1", "direction": "ingress", "ip_protocol": "icmp",
                                     "port_range": "1/2", "cidr_ip": "0.0.0.0/0"}, "port_range", "-1/-1"),
        (SecurityGroupRuleProvider, {"security_group_id": "sg-1", "direction": "sideways", "ip_protocol": "tcp",
                                     "port_range": "1/2", "cidr_ip": "0.0.0.0/0"}, "direction", "ingress"),
        (SecurityGroupRuleProvider, {"security_group_id": "sg-1", "direction": "ingress", "ip_protocol": "tcp",
                                     "port_range": "1/2", "cidr_ip": "0.0.0.0/0", "priority": 101}, "priority", "100"),
        (NatGatewayProvider, {"vpc_id": "vpc-1", "vswitch_id": "vsw-1", "network_type": "wan"}, "network_type",
         "internet"),
        (EipProvider, {"bandwidth": 501}, "bandwidth", "at most 500"),
        (EipProvider, {"bandwidth": 0}, "bandwidth", "greater than or equal to 1"),
        (SnatEntryProvider, {"snat_table_id": "stb-1", "snat_ips": ["1.2.3.4", "nope"], "source_cidr": "10.0.0.0/8"},
         "snat_ips[1]", "not an IPv4 address"),
        (SnatEntryProvider, {"snat_table_id": "stb-1", "snat_ips": [], "source_cidr": "10.0.0.0/8"}, "snat_ips",
         "at least 1"),
        (SnatEntryProvider, {"snat_table_id": "stb-1", "snat_ips": ["1.2.3.4"], "source_cidr": "10.0.0.0/8",
                             "source_vswitch_id": "vsw-1"}, "source_vswitch_id", "exactly one"),
    ],
)
def test_rules_fail_with_the_path_the_user_wrote(provider_class: type, inputs: dict[str, Any], path: str, rule: str) -> None:
    found = failures(provider_class, **inputs)

    assert path in found, found
    assert rule in found[path]


def test_every_failure_is_reported_at_once() -> None:
    found = failures(VpcProvider, cidr_block="10.0.0.1/16", name="", description="x" * 300)

    assert set(found) == {"cidr_block", "name", "description"}


def test_unknown_values_at_preview_are_not_judged() -> None:
    assert failures(VSwitchProvider, vpc_id=UNKNOWN, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24") == {}
    assert failures(SnatEntryProvider, snat_table_id=UNKNOWN, snat_ips=[UNKNOWN], source_vswitch_id=UNKNOWN) == {}
    # Known values next to unknown ones are still checked.
    assert set(failures(VSwitchProvider, vpc_id=UNKNOWN, zone_id="cn-hangzhou-h", cidr_block="10.0.1.1/24")) == {"cidr_block"}


def test_check_keeps_unknown_values_and_normalizes_known_ones() -> None:
    result = SecurityGroupRuleProvider().check({}, {**IDENTITY, "security_group_id": UNKNOWN, "direction": "Ingress",
                                                    "ip_protocol": "ICMP", "cidr_ip": "0.0.0.0/0", "policy": "Drop"})

    assert result.failures == []
    assert result.inputs["security_group_id"] == UNKNOWN
    assert result.inputs["direction"] == "Ingress"  # not normalized: the spec is incomplete while unknown


def test_check_fills_normalized_inputs_when_all_are_known() -> None:
    result = SecurityGroupRuleProvider().check({}, {**IDENTITY, "security_group_id": "sg-1", "direction": "Ingress",
                                                    "ip_protocol": "ICMP", "cidr_ip": "0.0.0.0/0", "policy": "Drop"})

    assert result.failures == []
    assert {k: result.inputs[k] for k in ("direction", "ip_protocol", "port_range", "policy", "priority")} == {
        "direction": "ingress", "ip_protocol": "icmp", "port_range": "-1/-1", "policy": "drop", "priority": 1,
    }


def test_an_unknown_replace_field_at_preview_means_a_replacement() -> None:
    olds = {"vpc_id": "vpc-1", "zone_id": "z", "cidr_block": "10.0.1.0/24", "name": "a", "status": "Available"}
    news = {**IDENTITY, "vpc_id": UNKNOWN, "zone_id": "z", "cidr_block": "10.0.1.0/24", "name": "a"}

    diff = VSwitchProvider().diff("vsw-1", olds, news)

    assert diff.changes is True
    assert diff.replaces == ["vpc_id"]


def test_an_unset_optional_input_is_not_managed() -> None:
    olds = {"cidr_block": "10.0.0.0/16", "name": "set-in-the-console", "description": "", "tags": {"a": "b"}}

    diff = VpcProvider().diff("vpc-1", olds, {**IDENTITY, "cidr_block": "10.0.0.0/16"})

    assert diff.changes is False


def test_empty_tags_remove_tags_and_differ_from_existing_ones() -> None:
    olds = {"cidr_block": "10.0.0.0/16", "tags": {"a": "b"}}

    diff = VpcProvider().diff("vpc-1", olds, {**IDENTITY, "cidr_block": "10.0.0.0/16", "tags": {}})

    assert diff.changes is True and diff.replaces == []


def test_create_refuses_inputs_check_would_have_refused() -> None:
    with pytest.raises(InputError, match="cidr_block"):
        VpcProvider().create({**IDENTITY, "cidr_block": "nonsense"})


def test_the_field_lists_name_real_fields_and_do_not_overlap() -> None:
    for case in CASES:
        spec = case.provider.SPEC
        assert not set(spec.REPLACE_FIELDS) & set(spec.UPDATE_FIELDS), case.name
        assert set(spec.managed_fields()) <= set(spec.model_fields), case.name
        cloud_facing = set(spec.model_fields) - set(META_FIELDS)
        assert cloud_facing == set(spec.managed_fields()), case.name


def test_new_time_limits_are_an_update_that_reaches_the_outputs(env: Env) -> None:
    provider, created, checked = env.create(VpcProvider, "net", cidr_block="10.0.0.0/16")
    news = env.checked(provider, {**checked, "timeouts": {"delete": 900}}, olds=checked)
    calls = len(env.cloud.journal)

    diff = provider.diff(created.id, created.outs, news)
    updated = provider.update(created.id, created.outs, news)

    assert diff.changes is True and diff.replaces == []
    assert updated.outs["timeouts"] == {"create": None, "update": None, "delete": 900.0}
    assert [e.action for e in env.cloud.journal[calls:]] == ["DescribeVpcs"]  # no change sent to the cloud
    assert provider.diff(created.id, updated.outs, news).changes is False


def test_time_limits_compare_equal_when_the_engine_dropped_their_null_entries() -> None:
    olds = {"cidr_block": "10.0.0.0/16", "timeouts": {"delete": 30}}
    news = {**IDENTITY, "cidr_block": "10.0.0.0/16", "timeouts": {"delete": 30.0, "create": None}}

    assert VpcProvider().diff("vpc-1", olds, news).changes is False
