"""The resource classes as a Pulumi program uses them (with Pulumi's test mocks): Args objects, dicts or
keyword arguments, typed outputs, the type tokens and the identity that keeps creation tokens apart."""

from __future__ import annotations

import base64
from typing import Any

import pulumi
import pytest

from dlc_provider.resources import (
    Eip,
    EipAssociation,
    NatGateway,
    SecurityGroup,
    SecurityGroupRule,
    SnatEntry,
    TimeoutsArgs,
    Vpc,
    VpcArgs,
    VpcProvider,
    VSwitch,
    VSwitchArgs,
)


class Recorder(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.resources: dict[str, pulumi.runtime.MockResourceArgs] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.resources[args.name] = args
        outputs = {k: v for k, v in args.inputs.items() if k != "__provider"}
        return f"{args.name}-id", {**outputs, "status": "Available"}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def recorder() -> Recorder:
    mocks = Recorder()
    pulumi.runtime.set_mocks(mocks, project="proj", stack="dev", preview=False)
    return mocks


def resolved(output: pulumi.Output[Any]) -> Any:
    box: list[Any] = []
    output.apply(box.append)
    return box


@pulumi.runtime.test
def test_a_vpc_from_keyword_arguments(recorder: Recorder) -> Any:
    vpc = Vpc("net", cidr_block="10.0.0.0/16", name="training", timeouts=TimeoutsArgs(create=60))

    def check(values: list[Any]) -> None:
        status, cidr = values
        args = recorder.resources["net"]
        assert args.typ == "pulumi-python:dynamic/dlc:Vpc"
        assert args.inputs["dlc_identity"] == "proj/dev/pulumi-python:dynamic/dlc:Vpc/net"
        assert args.inputs["cidr_block"] == "10.0.0.0/16" and args.inputs["name"] == "training"
        assert args.inputs["timeouts"] == {"create": 60}
        provider = args.inputs["__provider"]  # a secret: {"4dabf18193072939515e22adb298388d": ..., "value": ...}
        assert base64.b64decode(provider["value"]).find(b"dlc_provider.resources.network") > 0
        assert (status, cidr) == ("Available", "10.0.0.0/16")

    return pulumi.Output.all(vpc.status, vpc.cidr_block).apply(check)


@pulumi.runtime.test
def test_args_objects_and_dicts_give_the_same_inputs(recorder: Recorder) -> Any:
    one = Vpc("from-args", VpcArgs(cidr_block="10.0.0.0/16", tags={"a": "b"}))
    two = Vpc("from-dict", {"cidr_block": "10.0.0.0/16", "tags": {"a": "b"}})
    switch = VSwitch("sub", VSwitchArgs(vpc_id="vpc-1", zone_id="z", cidr_block="10.0.1.0/24"), name="w")

    def check(_: Any) -> None:
        one, two = recorder.resources["from-args"].inputs, recorder.resources["from-dict"].inputs
        assert {k: v for k, v in one.items() if k not in ("dlc_identity", "__provider")} == {
            k: v for k, v in two.items() if k not in ("dlc_identity", "__provider")}
        assert recorder.resources["sub"].inputs["name"] == "w"

    return pulumi.Output.all(one.id, two.id, switch.id).apply(check)


@pulumi.runtime.test
def test_an_unknown_input_name_is_passed_on_and_refused_by_check(recorder: Recorder) -> Any:
    vpc = Vpc("bad", cidr="10.0.0.0/16")  # type: ignore[call-overload]  (the typo under test)

    def check(_: Any) -> None:
        inputs = {k: v for k, v in recorder.resources["bad"].inputs.items() if k != "__provider"}
        assert inputs["cidr"] == "10.0.0.0/16" and inputs.get("cidr_block") is None
        failures = {f.property: f.reason for f in VpcProvider().check({}, inputs).failures}
        assert "cidr" in failures, failures

    return vpc.id.apply(check)


@pulumi.runtime.test
def test_a_parent_and_a_replacement_trigger_are_part_of_the_identity(recorder: Recorder) -> Any:
    parent = pulumi.ComponentResource("dlc:test:Stack", "parent")
    child = Vpc("child", cidr_block="10.0.0.0/16",
                opts=pulumi.ResourceOptions(parent=parent, replacement_trigger="v2"))

    def check(_: Any) -> None:
        identity = recorder.resources["child"].inputs["dlc_identity"]
        assert identity == 'proj/dev/pulumi-python:dynamic/dlc:Vpc/child|parent=dlc:test:Stack::parent|trigger="v2"'

    return child.id.apply(check)


@pulumi.runtime.test
def test_every_resource_class_registers_with_its_own_type(recorder: Recorder) -> Any:
    made = [
        SecurityGroup("sg", vpc_id="vpc-1"),
        SecurityGroupRule("rule", security_group_id="sg-1", direction="ingress", ip_protocol="tcp",
                          port_range="22/22", cidr_ip="0.0.0.0/0"),
        NatGateway("nat", vpc_id="vpc-1", vswitch_id="vsw-1"),
        Eip("eip", bandwidth=5),
        EipAssociation("assoc", allocation_id="eip-1", instance_id="ngw-1"),
        SnatEntry("snat", snat_table_id="stb-1", snat_ips=["1.2.3.4"], source_vswitch_id="vsw-1"),
    ]

    def check(_: Any) -> None:
        types = {name: args.typ.rsplit(":", 1)[1] for name, args in recorder.resources.items()}
        assert types == {"sg": "SecurityGroup", "rule": "SecurityGroupRule", "nat": "NatGateway", "eip": "Eip",
                         "assoc": "EipAssociation", "snat": "SnatEntry"}

    return pulumi.Output.all(*[r.id for r in made]).apply(check)
