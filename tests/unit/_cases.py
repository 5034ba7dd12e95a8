"""One `Case` per networking resource: what it needs first, its inputs, an in-place and a replacing
change, an invalid input, and how to make one out of band (for adoption). `test_network_lifecycle` runs
the resource suite (`_suite`) over them, as the storage, RAM and dataset tables are run."""

from __future__ import annotations

from typing import Any

from dlc_provider.clients import ecs as ecs_api
from dlc_provider.clients import vpc as vpc_api
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

from ._cloud import Env
from ._suite import Case

ZONE_A, ZONE_B = "cn-hangzhou-h", "cn-hangzhou-i"


# --- prerequisites ------------------------------------------------------------------------------------------


def _vpc(env: Env, ctx: dict[str, Any]) -> dict[str, Any]:
    ctx["vpc"] = env.create(VpcProvider, "pre-vpc", cidr_block="10.0.0.0/16")[1].id
    return ctx


def _vswitches(env: Env, ctx: dict[str, Any]) -> dict[str, Any]:
    _vpc(env, ctx)
    ctx["vsw_a"] = env.create(VSwitchProvider, "pre-a", vpc_id=ctx["vpc"], zone_id=ZONE_A, cidr_block="10.0.1.0/24")[1].id
    ctx["vsw_b"] = env.create(VSwitchProvider, "pre-b", vpc_id=ctx["vpc"], zone_id=ZONE_B, cidr_block="10.0.2.0/24")[1].id
    return ctx


def _group(env: Env, ctx: dict[str, Any]) -> dict[str, Any]:
    _vpc(env, ctx)
    ctx["sg"] = env.create(SecurityGroupProvider, "pre-sg", vpc_id=ctx["vpc"], name="pre-sg")[1].id
    ctx["sg_peer"] = env.create(SecurityGroupProvider, "pre-sg-peer", vpc_id=ctx["vpc"], name="peer")[1].id
    return ctx


def _nat(env: Env, ctx: dict[str, Any]) -> dict[str, Any]:
    _vswitches(env, ctx)
    nat = env.create(NatGatewayProvider, "pre-nat", vpc_id=ctx["vpc"], vswitch_id=ctx["vsw_a"])[1]
    ctx["nat"], ctx["snat_table"] = nat.id, nat.outs["snat_table_id"]
    eip = env.create(EipProvider, "pre-eip")[1]
    ctx["eip"], ctx["ip"] = eip.id, eip.outs["ip_address"]
    return ctx


def _second_eip(env: Env, ctx: dict[str, Any]) -> dict[str, Any]:
    ctx["eip2"] = env.create(EipProvider, "pre-eip-2")[1].id
    return ctx


def _bound(env: Env, ctx: dict[str, Any]) -> dict[str, Any]:
    _nat(env, ctx)
    env.create(EipAssociationProvider, "pre-assoc", allocation_id=ctx["eip"], instance_id=ctx["nat"])
    second = env.create(EipProvider, "pre-eip-2")[1]
    env.create(EipAssociationProvider, "pre-assoc-2", allocation_id=second.id, instance_id=ctx["nat"])
    ctx["ip2"] = second.outs["ip_address"]
    return ctx


# --- out-of-band creation (for adoption) ----------------------------------------------------------------------


def _oob_vpc(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    vpc_id = vpc_api.create_vpc(env.session(), cidr_block="10.9.0.0/16", name="legacy", description=None,
                                resource_group_id=None, tags={"owner": "ops"}, client_token="oob-vpc")
    return vpc_id, {"cidr_block": "10.9.0.0/16", "name": "legacy", "tags": {"owner": "ops"}}


def _oob_vswitch(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    vsw = vpc_api.create_vswitch(env.session(), vpc_id=ctx["vpc"], zone_id=ZONE_A, cidr_block="10.0.9.0/24",
                                 name="legacy", description=None, tags={}, client_token="oob-vsw")
    return vsw, {"vpc_id": ctx["vpc"], "zone_id": ZONE_A, "cidr_block": "10.0.9.0/24", "name": "legacy"}


def _oob_group(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    sg = ecs_api.create_security_group(env.session(), vpc_id=ctx["vpc"], name="legacy", description=None,
                                       group_type="normal", resource_group_id=None, tags={}, client_token="oob-sg")
    return sg, {"vpc_id": ctx["vpc"], "name": "legacy"}


def _oob_rule(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    session = env.session()
    ecs_api.authorize_rule(session, group_id=ctx["sg"], direction="ingress", client_token="oob-rule",
                           rule={"IpProtocol": "TCP", "PortRange": "8080/8080", "CidrIp": "192.168.0.0/16"})
    rule = next(r for r in ecs_api.list_rules(session, ctx["sg"], "ingress") or [] if r["PortRange"] == "8080/8080")
    return rule["SecurityGroupRuleId"], {"security_group_id": ctx["sg"], "direction": "ingress",
                                         "ip_protocol": "tcp", "port_range": "8080/8080", "cidr_ip": "192.168.0.0/16"}


def _oob_nat(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    nat = vpc_api.create_nat_gateway(env.session(), vpc_id=ctx["vpc"], vswitch_id=ctx["vsw_b"], name="legacy",
                                     description=None, network_type="internet", eip_bind_mode=None,
                                     icmp_reply_enabled=None, tags={}, client_token="oob-nat")
    return nat, {"vpc_id": ctx["vpc"], "vswitch_id": ctx["vsw_b"], "name": "legacy"}


def _oob_eip(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    eip = vpc_api.allocate_eip_address(env.session(), bandwidth=7, internet_charge_type="PayByTraffic", isp=None,
                                       name="legacy", description=None, resource_group_id=None, tags={},
                                       client_token="oob-eip")
    return eip, {"bandwidth": 7, "internet_charge_type": "PayByTraffic", "name": "legacy"}


def _oob_association(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    vpc_api.associate_eip_address(env.session(), allocation_id=ctx["eip"], instance_id=ctx["nat"],
                                  instance_type="Nat", client_token="oob-assoc")
    return f"{ctx['eip']}:{ctx['nat']}", {"allocation_id": ctx["eip"], "instance_id": ctx["nat"]}


def _oob_snat(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    entry = vpc_api.create_snat_entry(env.session(), snat_table_id=ctx["snat_table"], snat_ips=[ctx["ip"]],
                                      source_vswitch_id=ctx["vsw_b"], source_cidr=None, name="legacy",
                                      eip_affinity=None, client_token="oob-snat")
    return entry, {"snat_table_id": ctx["snat_table"], "snat_ips": [ctx["ip"]], "source_vswitch_id": ctx["vsw_b"],
                   "name": "legacy"}


# --- the cases -------------------------------------------------------------------------------------------------

CASES = [
    Case(
        name="vpc", create_action="CreateVpc", provider=VpcProvider, delete_action="DeleteVpc",
        setup=lambda env: {},
        inputs=lambda ctx: {"cidr_block": "10.1.0.0/16", "name": "train-net", "description": "for training"},
        update={"name": "renamed", "description": "new words"},
        replace=lambda ctx: {"cidr_block": "10.2.0.0/16"},
        invalid=({"cidr_block": "10.1.0.1/16"}, "cidr_block"),
        out_of_band=_oob_vpc,
    ),
    Case(
        name="vswitch", create_action="CreateVSwitch", provider=VSwitchProvider, delete_action="DeleteVSwitch",
        setup=lambda env: _vpc(env, {}),
        inputs=lambda ctx: {"vpc_id": ctx["vpc"], "zone_id": ZONE_A, "cidr_block": "10.0.5.0/24", "name": "workers"},
        update={"name": "renamed", "description": "new words"},
        replace=lambda ctx: {"zone_id": ZONE_B},
        invalid=({"cidr_block": "10.0.5.0/30"}, "cidr_block"),
        out_of_band=_oob_vswitch,
    ),
    Case(
        name="security_group", create_action="CreateSecurityGroup", provider=SecurityGroupProvider, delete_action="DeleteSecurityGroup",
        setup=lambda env: _vpc(env, {}),
        inputs=lambda ctx: {"vpc_id": ctx["vpc"], "name": "training", "description": "job traffic"},
        update={"name": "renamed", "description": "new words"},
        replace=lambda ctx: {"security_group_type": "enterprise"},
        invalid=({"name": "1-starts-with-a-digit"}, "name"),
        out_of_band=_oob_group,
    ),
    Case(
        name="security_group_rule", create_action="AuthorizeSecurityGroup", provider=SecurityGroupRuleProvider, delete_action="RevokeSecurityGroup",
        setup=lambda env: _group(env, {}),
        inputs=lambda ctx: {"security_group_id": ctx["sg"], "direction": "ingress", "ip_protocol": "tcp",
                            "port_range": "22/22", "cidr_ip": "10.0.0.0/8", "description": "ssh"},
        update={"description": "ssh from the office"},
        replace=lambda ctx: {"port_range": "2222/2222"},
        invalid=({"port_range": "0/70000"}, "port_range"),
        out_of_band=_oob_rule,
    ),
    Case(
        name="nat_gateway", create_action="CreateNatGateway", provider=NatGatewayProvider, delete_action="DeleteNatGateway",
        setup=lambda env: _vswitches(env, {}),
        inputs=lambda ctx: {"vpc_id": ctx["vpc"], "vswitch_id": ctx["vsw_a"], "name": "gw", "description": "egress"},
        update={"name": "gw-renamed", "description": "new words"},
        replace=lambda ctx: {"vswitch_id": ctx["vsw_b"]},
        invalid=({"name": "-bad"}, "name"),
        out_of_band=_oob_nat,
    ),
    Case(
        name="eip", create_action="AllocateEipAddress", provider=EipProvider, delete_action="ReleaseEipAddress",
        setup=lambda env: {},
        inputs=lambda ctx: {"bandwidth": 10, "internet_charge_type": "PayByTraffic", "name": "egress-ip"},
        update={"bandwidth": 20, "name": "renamed"},
        replace=lambda ctx: {"internet_charge_type": "PayByBandwidth"},
        invalid=({"bandwidth": 300}, "bandwidth"),
        out_of_band=_oob_eip,
    ),
    Case(
        name="eip_association", create_action="AssociateEipAddress", provider=EipAssociationProvider, delete_action="UnassociateEipAddress",
        setup=lambda env: _second_eip(env, _nat(env, {})),
        inputs=lambda ctx: {"allocation_id": ctx["eip"], "instance_id": ctx["nat"]},
        update=None,
        replace=lambda ctx: {"allocation_id": ctx["eip2"]},
        invalid=({"instance_type": "EcsInstance"}, "instance_type"),
        out_of_band=_oob_association, same_id_again=True,  # the ID names the EIP and the gateway
    ),
    Case(
        name="snat_entry", create_action="CreateSnatEntry", provider=SnatEntryProvider, delete_action="DeleteSnatEntry",
        setup=lambda env: _bound(env, {}),
        inputs=lambda ctx: {"snat_table_id": ctx["snat_table"], "snat_ips": [ctx["ip"]],
                            "source_vswitch_id": ctx["vsw_a"], "name": "workers-out"},
        update={"name": "renamed"},
        replace=lambda ctx: {"source_vswitch_id": ctx["vsw_b"]},
        invalid=({"source_cidr": "10.0.0.0/8"}, "source_vswitch_id"),
        out_of_band=_oob_snat,
    ),
]
