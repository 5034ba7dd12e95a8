"""A network stack on the fake cloud server, driven by the real engine end to end.

Up, a clean second preview, an in-place rename, a replacing CIDR change, drift seen by refresh, a VPC
made out of band and adopted, destroy to an empty fake — once plainly and once with throttling and 5xx
faults injected — and the fake's journal shows no resource was created twice.
"""

from __future__ import annotations

from collections import Counter

import pytest
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION
from dlc_provider.fake.testing import sdk_config

from .fake_server import start_fake_server

PROGRAM = """
import pulumi
from dlc_provider.resources import (
    Eip, EipAssociation, NatGateway, SecurityGroup, SecurityGroupRule, SnatEntry, VSwitch, Vpc,
)

cfg = pulumi.Config()
vpc = Vpc("vpc", cidr_block="10.0.0.0/16", name=cfg.require("vpcName"), tags={"team": "ml"})
vsw_a = VSwitch("vsw-a", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24", name="a")
vsw_b = VSwitch("vsw-b", vpc_id=vpc.id, zone_id="cn-hangzhou-i", cidr_block=cfg.require("vswBCidr"), name="b")
sg = SecurityGroup("sg", vpc_id=vpc.id, name="training-sg", description="training nodes")
SecurityGroupRule("ssh", security_group_id=sg.id, direction="ingress", ip_protocol="tcp",
                  port_range="22/22", cidr_ip="10.0.0.0/8", description="ssh from the vpc")
SecurityGroupRule("egress", security_group_id=sg.id, direction="egress", ip_protocol="all",
                  port_range="-1/-1", cidr_ip="0.0.0.0/0")
nat = NatGateway("nat", vpc_id=vpc.id, vswitch_id=vsw_a.id, name="training-nat")
eip = Eip("eip", bandwidth=5, name="training-eip")
assoc = EipAssociation("eip-nat", allocation_id=eip.id, instance_id=nat.id, instance_type="Nat")
for name, vsw in (("snat-a", vsw_a), ("snat-b", vsw_b)):
    SnatEntry(name, snat_table_id=nat.snat_table_id, snat_ips=[eip.ip_address], source_vswitch_id=vsw.id,
              opts=pulumi.ResourceOptions(depends_on=[assoc]))

adopt = cfg.get("adoptVpcId")
if adopt:
    adopted = Vpc("adopted", cidr_block="192.168.0.0/16", adopt_id=adopt)
    pulumi.export("adopted_vpc_id", adopted.id)

pulumi.export("vpc_id", vpc.id)
pulumi.export("vsw_b_id", vsw_b.id)
pulumi.export("snat_table_id", nat.snat_table_id)
"""

CREATE_ACTIONS = {
    "CreateVpc", "CreateVSwitch", "CreateSecurityGroup", "AuthorizeSecurityGroup", "AuthorizeSecurityGroupEgress",
    "CreateNatGateway", "AllocateEipAddress", "AssociateEipAddress", "CreateSnatEntry",
}


def _vpc_client(url: str) -> VpcClient:
    return VpcClient(sdk_config(url))


def _out_of_band(call):
    """A change made by hand with the SDK; the server's injected faults hit it too, so it is retried."""
    for _ in range(20):
        try:
            return call()
        except Exception as exc:  # the SDK's throttling / 5xx exceptions
            if getattr(exc, "code", None) not in ("Throttling", "ServiceUnavailable", "InternalError"):
                raise
    return call()


def _assert_no_double_creates(journal: list[dict]) -> None:
    """Every create that succeeded carried its own ClientToken: no resource was made twice."""
    succeeded = [e for e in journal if e["action"] in CREATE_ACTIONS and e["status"] == 200]
    assert succeeded, "no create reached the fake"
    tokens = Counter((e["action"], e["params"].get("ClientToken")) for e in succeeded if e["params"].get("ClientToken"))
    twice = {key: n for key, n in tokens.items() if n > 1}
    assert not twice, f"creates sent twice with one token and both succeeded: {twice}"


@pytest.mark.parametrize(
    "faults",
    [[], ["throttle:*:*:0.15", "server_error:*:*:0.1"]],
    ids=["plain", "throttling-and-5xx"],
)
def test_network_stack_life_cycle(pulumi_project, faults):
    server = start_fake_server("--seed", "11", *[arg for f in faults for arg in ("--fault", f)])
    try:
        project = pulumi_project(PROGRAM, config={"vpcName": "training", "vswBCidr": "10.0.2.0/24"})
        for key, value in {
            "alicloud:region": DEFAULT_REGION, "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
            "dlc:endpoint": server.url, "dlc:pollInterval": "0.05", "dlc:retryBaseDelay": "0.05",
        }.items():
            project.set_config(key, value)
        project.set_config("alicloud:secretKey", DEFAULT_ACCESS_KEY_SECRET, secret=True)

        up = project.up()
        assert "+ 12 created" in up.stdout, up.stdout  # the stack and 11 resources
        state = server.state()
        counts = {kind: len(records) for service in ("vpc", "ecs") for kind, records in state[service].items()}
        assert counts == {"vpcs": 1, "vswitches": 2, "nat_gateways": 1, "eips": 1, "snat_entries": 2,
                          "security_groups": 1} | {k: v for k, v in counts.items() if k not in (
                              "vpcs", "vswitches", "nat_gateways", "eips", "snat_entries", "security_groups")}, counts
        outputs = project.outputs()

        project.preview("--expect-no-changes")

        # A name change updates in place: same VPC.
        project.set_config("vpcName", "training-renamed")
        renamed = project.up()
        assert "~ 1 updated" in renamed.stdout, renamed.stdout
        assert project.outputs()["vpc_id"] == outputs["vpc_id"]

        # A CIDR change replaces the vSwitch (and the SNAT entry that names it).
        project.set_config("vswBCidr", "10.0.3.0/24")
        replaced = project.up()
        assert "+-2 replaced" in replaced.stdout or "+-1 replaced" in replaced.stdout, replaced.stdout
        assert project.outputs()["vsw_b_id"] != outputs["vsw_b_id"]
        project.preview("--expect-no-changes")

        # Drift made out of band shows on refresh.
        client = _vpc_client(server.url)
        _out_of_band(lambda: client.modify_vpc_attribute(vpc_models.ModifyVpcAttributeRequest(
            region_id=DEFAULT_REGION, vpc_id=outputs["vpc_id"], vpc_name="changed-by-hand")))
        refreshed = project.refresh()
        assert "~ 1 updated" in refreshed.stdout, refreshed.stdout
        drift = project.preview(check=True)
        assert "~ 1 to update" in drift.stdout, drift.stdout
        project.up()
        project.preview("--expect-no-changes")

        # A VPC made out of band is adopted without a second create.
        made = _out_of_band(lambda: client.create_vpc(vpc_models.CreateVpcRequest(
            region_id=DEFAULT_REGION, cidr_block="192.168.0.0/16", client_token="by-hand"))).body.vpc_id
        creates_before = len([e for e in server.journal(action="CreateVpc") if e["status"] == 200])
        project.set_config("adoptVpcId", made)
        project.up()
        assert project.outputs()["adopted_vpc_id"] == made
        assert len([e for e in server.journal(action="CreateVpc") if e["status"] == 200]) == creates_before
        project.preview("--expect-no-changes")

        project.destroy()
        assert project.resources() == []
        assert server.resource_count() == 0, server.state()
        _assert_no_double_creates(server.journal())
        if faults:
            injected = [e for e in server.journal() if e.get("fault")]
            assert injected, "no fault was injected"
    finally:
        server.stop()
