"""What is particular to single networking resources: rules found by their content, SNAT by CIDR and its
EIPs updated in place, NAT outputs, tags, and a whole network going up and away."""

from __future__ import annotations

from typing import Any

import pytest

from dlc_provider.resources import (
    EipAssociationProvider,
    EipProvider,
    NatGatewayProvider,
    SecurityGroupProvider,
    SecurityGroupRuleProvider,
    SnatEntryProvider,
    VpcProvider,
    VSwitchProvider,
)
from dlc_provider.specs import TOKEN_TAG

from ._cases import CASES
from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)

def _group(env: Env) -> tuple[str, str]:
    _, vpc, _ = env.create(VpcProvider, "vpc", cidr_block="10.0.0.0/16")
    _, sg, _ = env.create(SecurityGroupProvider, "sg", vpc_id=vpc.id, name="jobs")
    return vpc.id, sg.id


def test_every_resource_we_create_with_tags_carries_its_token_but_users_never_see_it(env: Env) -> None:
    _, vpc, _ = env.create(VpcProvider, "vpc", cidr_block="10.0.0.0/16", tags={"team": "ml"})

    stored = env.cloud.dump()["vpc"]["vpcs"][0]["tags"]
    assert {"Key": TOKEN_TAG, "Value": vpc.outs["creation_token"]} in stored
    assert vpc.outs["tags"] == {"team": "ml"}


def test_a_vpc_reserves_its_user_cidrs_and_reports_them(env: Env) -> None:
    _, vpc, _ = env.create(VpcProvider, "vpc", cidr_block="10.0.0.0/16", user_cidrs=["192.168.0.0/16"])
    (request,) = env.calls("CreateVpc")
    assert request.params["UserCidr"] == "192.168.0.0/16"
    assert vpc.outs["user_cidrs"] == ["192.168.0.0/16"]
    assert VpcProvider().check({}, {"dlc_identity": "p/s/t/v", "cidr_block": "10.0.0.0/16",
                                    "user_cidrs": ["192.168.0.1/16"]}).failures[0].property == "user_cidrs"


def test_a_rule_identical_to_an_existing_one_is_taken_over_not_duplicated(env: Env) -> None:
    _, sg = _group(env)
    rule = {"security_group_id": sg, "direction": "ingress", "ip_protocol": "tcp", "port_range": "22/22",
            "cidr_ip": "10.0.0.0/8"}
    _, first, _ = env.create(SecurityGroupRuleProvider, "ssh", **rule)

    _, second, _ = env.create(SecurityGroupRuleProvider, "ssh-again", **{**rule, "ip_protocol": "TCP"})

    assert second.id == first.id
    assert len(env.calls("AuthorizeSecurityGroup")) == 1


def test_egress_and_group_peer_rules_round_trip(env: Env) -> None:
    _, sg = _group(env)
    provider, egress, inputs = env.create(SecurityGroupRuleProvider, "out", security_group_id=sg, direction="egress",
                                          ip_protocol="all", cidr_ip="0.0.0.0/0", policy="drop", priority=100)
    _, peer, _ = env.create(SecurityGroupRuleProvider, "peer", security_group_id=sg, direction="ingress",
                            ip_protocol="all", peer_security_group_id=sg)

    assert (egress.outs["port_range"], egress.outs["policy"], egress.outs["priority"]) == ("-1/-1", "drop", 100)
    assert peer.outs["peer_security_group_id"] == sg and peer.outs["cidr_ip"] is None
    assert provider.diff(egress.id, egress.outs, inputs).changes is False
    provider.delete(egress.id, egress.outs)
    assert env.calls("RevokeSecurityGroupEgress")
    assert provider.read(egress.id, egress.outs).id == ""


def test_a_rule_is_gone_when_its_group_is(env: Env) -> None:
    _, sg = _group(env)
    provider, rule, _ = env.create(SecurityGroupRuleProvider, "ssh", security_group_id=sg, direction="ingress",
                                   ip_protocol="tcp", port_range="22/22", cidr_ip="10.0.0.0/8")
    provider.delete(rule.id, rule.outs)
    env.provider(SecurityGroupProvider).delete(sg, {"timeouts": None})

    provider.delete(rule.id, rule.outs)
    assert provider.read(rule.id, rule.outs).id == ""


def test_the_nat_gateway_outputs_its_snat_table(env: Env) -> None:
    _, vpc, _ = env.create(VpcProvider, "vpc", cidr_block="10.0.0.0/16")
    _, vsw, _ = env.create(VSwitchProvider, "vsw", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")

    _, nat, _ = env.create(NatGatewayProvider, "nat", vpc_id=vpc.id, vswitch_id=vsw.id)

    assert nat.outs["snat_table_id"].startswith("stb-")
    assert (nat.outs["nat_type"], nat.outs["internet_charge_type"], nat.outs["network_type"]) == (
        "Enhanced", "PayByLcu", "internet")
    assert nat.outs["vswitch_id"] == vsw.id


def test_a_snat_entry_by_cidr_and_its_eips_updated_in_place(env: Env) -> None:
    snat_case = next(c for c in CASES if c.name == "snat_entry")
    ctx = snat_case.setup(env)
    provider, entry, inputs = env.create(SnatEntryProvider, "cidr", snat_table_id=ctx["snat_table"],
                                         snat_ips=[ctx["ip"]], source_cidr="192.168.0.0/24")
    news = env.checked(provider, {**inputs, "snat_ips": [ctx["ip2"], ctx["ip"]]}, olds=inputs)

    diff = provider.diff(entry.id, entry.outs, news)
    updated = provider.update(entry.id, entry.outs, news)

    assert entry.outs["source_vswitch_id"] is None and entry.outs["source_cidr"] == "192.168.0.0/24"
    assert diff.changes is True and diff.replaces == []
    assert updated.outs["snat_ips"] == sorted([ctx["ip"], ctx["ip2"]])
    assert env.calls("ModifySnatEntry")


def test_replacing_an_eip_association_unbinds_first(env: Env) -> None:
    assoc_case = next(c for c in CASES if c.name == "eip_association")
    ctx = assoc_case.setup(env)
    provider, bound, inputs = env.create(EipAssociationProvider, "bind", allocation_id=ctx["eip"],
                                         instance_id=ctx["nat"])

    diff = provider.diff(bound.id, bound.outs, env.checked(provider, {**inputs, "allocation_id": ctx["eip2"]}))

    assert diff.replaces == ["allocation_id"] and diff.delete_before_replace is True
    assert bound.outs["ip_address"] == ctx["ip"]


@pytest.mark.parametrize("provider_class", [VpcProvider, SecurityGroupProvider, EipProvider])
def test_tags_are_updated_in_place(env: Env, provider_class: type) -> None:
    inputs = {VpcProvider: {"cidr_block": "10.0.0.0/16"}, EipProvider: {}}.get(provider_class)
    if inputs is None:
        _, vpc, _ = env.create(VpcProvider, "vpc", cidr_block="10.0.0.0/16")
        inputs = {"vpc_id": vpc.id}
    provider, made, checked = env.create(provider_class, "tagged", **inputs, tags={"keep": "1", "drop": "2"})
    news = env.checked(provider, {**checked, "tags": {"keep": "1", "add": "3"}}, olds=checked)

    updated = provider.update(made.id, made.outs, news)

    assert updated.outs["tags"] == {"add": "3", "keep": "1"}


def test_a_network_goes_up_previews_clean_and_goes_away_leaving_nothing(env: Env) -> None:
    """The e2e network in miniature: VPC, two vSwitches in two zones, a group with rules, NAT gateway,
    EIP, binding and SNAT entries; a second preview shows nothing; a reverse-order destroy empties the fake."""
    made = []

    def make(provider_class: type, label: str, /, **inputs: object) -> Any:
        made.append(env.create(provider_class, label, **inputs))
        return made[-1][1]

    vpc = make(VpcProvider, "vpc", cidr_block="10.0.0.0/16", name="training")
    a = make(VSwitchProvider, "a", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")
    b = make(VSwitchProvider, "b", vpc_id=vpc.id, zone_id="cn-hangzhou-i", cidr_block="10.0.2.0/24")
    sg = make(SecurityGroupProvider, "sg", vpc_id=vpc.id, name="jobs")
    make(SecurityGroupRuleProvider, "ssh", security_group_id=sg.id, direction="ingress", ip_protocol="tcp",
         port_range="22/22", cidr_ip="10.0.0.0/8")
    make(SecurityGroupRuleProvider, "out", security_group_id=sg.id, direction="egress", ip_protocol="all",
         cidr_ip="0.0.0.0/0")
    nat = make(NatGatewayProvider, "nat", vpc_id=vpc.id, vswitch_id=a.id)
    eip = make(EipProvider, "eip", bandwidth=10)
    bound = make(EipAssociationProvider, "bind", allocation_id=eip.id, instance_id=nat.id)
    for vsw in (a, b):
        make(SnatEntryProvider, f"snat-{vsw.id}", snat_table_id=nat.outs["snat_table_id"],
             snat_ips=[bound.outs["ip_address"]], source_vswitch_id=vsw.id)

    for provider, result, inputs in made:
        assert provider.diff(result.id, result.outs, env.checked(provider, inputs, olds=inputs)).changes is False
    for provider, result, _ in reversed(made):
        provider.delete(result.id, result.outs)

    assert env.cloud.is_empty(), env.cloud.dump()
