"""The `TrainingStack` component under Pulumi's test mocks: bringing your own network (IDs, outputs,
pulumi-alicloud resources), the settings' rules, defaults and tags, and reading the settings from stack config.

The pulumi-alicloud plugin cannot be downloaded here, so the bring-your-own test with pulumi-alicloud
`vpc.Network`/`vpc.Switch` runs under mocks only (no engine, no plugin, no network).
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from dlc_provider.components import TrainingStack, TrainingStackArgs, TrainingStackError
from dlc_provider.components.settings import check_settings
from ._stack_harness import (  # noqa: F401 (recorder is a fixture)
    NETWORK_KINDS, PREFIX, PROJECT, REGION, STACK, Recorder, RecordingMonitor, build, job, recorder,
)

# --- 4. bring your own --------------------------------------------------------------------------------------------


def test_existing_network_by_id_creates_no_network(recorder: Recorder) -> None:
    _, out = build(vpc_id="vpc-byo", vpc_cidr="172.16.0.0/16", vswitch_ids=["vsw-a", "vsw-b"],
                   security_group_id="sg-byo", internet_gateway="private", job=job())
    for kind in NETWORK_KINDS:
        assert not recorder.of(kind), kind
    assert recorder.job.inputs["network"] == {
        "vpc_id": "vpc-byo", "vswitch_id": "vsw-a", "security_group_id": "sg-byo",
        "extended_cidrs": ["172.16.0.0/16"], "internet_gateway": "private"}
    nat = recorder.one("NatGateway")
    assert nat.inputs["vpc_id"] == "vpc-byo" and nat.inputs["vswitch_id"] == "vsw-a"
    assert [s.inputs["source_vswitch_id"] for s in recorder.of("SnatEntry")] == ["vsw-a", "vsw-b"]
    assert out["vpc_id"] == "vpc-byo" and out["vswitch_ids"] == ["vsw-a", "vsw-b"]
    assert out["security_group_id"] == "sg-byo"


def test_existing_vswitches_by_id_need_a_zone_for_extreme_nas(recorder: Recorder) -> None:
    with pytest.raises(TrainingStackError, match="zone_ids"):
        build(vpc_id="vpc-byo", vpc_cidr="172.16.0.0/16", vswitch_ids=["vsw-a"], storage="extreme_nas", job=job())


def test_an_output_vpc_id_without_vpc_cidr_is_refused(recorder: Recorder) -> None:
    # An Output (a stack reference, another resource's `id`) lifts any attribute, so it must not be taken
    # for a resource that has a `cidr_block`: vpc_cidr is required as for a plain ID.
    with pytest.raises(TrainingStackError, match="vpc_cidr:"):
        build(vpc_id=pulumi.Output.from_input("vpc-out"), vswitch_ids=["vsw-a"], job=job())
    assert recorder.registered == []


def test_output_ids_are_used_as_ids(recorder: Recorder) -> None:
    build(vpc_id=pulumi.Output.from_input("vpc-out"), vpc_cidr="172.16.0.0/16",
          vswitch_ids=[pulumi.Output.from_input("vsw-out")], security_group_id=pulumi.Output.from_input("sg-out"),
          storage="nas", job=job())
    assert recorder.job.inputs["network"] == {"vpc_id": "vpc-out", "vswitch_id": "vsw-out",
                                              "security_group_id": "sg-out", "extended_cidrs": ["172.16.0.0/16"]}
    # No zone is known for an ID: the NAS file system gets none (the service picks one).
    assert recorder.one("NasFileSystem").inputs.get("zone_id") is None
    assert recorder.one("NasMountTarget").inputs["vswitch_id"] == "vsw-out"


def test_output_vswitch_ids_still_need_a_zone_for_cpfs(recorder: Recorder) -> None:
    with pytest.raises(TrainingStackError, match="zone_ids"):
        build(vpc_id="vpc-byo", vpc_cidr="172.16.0.0/16", vswitch_ids=[pulumi.Output.from_input("vsw-out")],
              storage="cpfs", job=job())


def test_pulumi_alicloud_network_and_switch_are_used_as_given(recorder: Recorder) -> None:
    import pulumi_alicloud as alicloud

    made: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> Any:
        network = alicloud.vpc.Network("byo-net", cidr_block="192.168.0.0/16", vpc_name="byo")
        switch = alicloud.vpc.Switch("byo-sw", vpc_id=network.id, cidr_block="192.168.3.0/24",
                                     zone_id="cn-hangzhou-k")
        stack = TrainingStack("exp", vpc_id=network, vswitch_ids=[switch], storage="nas", job=job())
        return pulumi.Output.all(stack.vpc_id, stack.vswitch_ids, stack.job_id).apply(
            lambda values: made.update(outputs=values))

    program()
    net = next(r for r in recorder.registered if r.typ == "alicloud:vpc/network:Network")
    sw = next(r for r in recorder.registered if r.typ == "alicloud:vpc/switch:Switch")
    assert not recorder.of("Vpc") and not recorder.of("VSwitch")
    network = recorder.job.inputs["network"]
    assert network["vpc_id"] == net.id and network["vswitch_id"] == sw.id
    assert network["extended_cidrs"] == ["192.168.0.0/16"]  # from the Network's cidr_block
    assert network["security_group_id"] == recorder.one("SecurityGroup").id
    assert recorder.one("SecurityGroup").inputs["vpc_id"] == net.id
    target = recorder.one("NasMountTarget")
    assert target.inputs["vswitch_id"] == sw.id and target.inputs["vpc_id"] == net.id
    assert recorder.one("NasAccessRule").inputs["source_cidr_ip"] == "192.168.0.0/16"
    assert recorder.one("NasFileSystem").inputs["zone_id"] == "cn-hangzhou-k"  # the switch's zone
    assert made["outputs"] == [net.id, [sw.id], "dlc-exp-job"]


# --- 5. validation ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("settings", "field_name"), [
    ({"internet_gateway": "nat"}, "internet_gateway"),
    ({"storage": "oss"}, "storage"),
    ({"role": "admin"}, "role"),
    ({"vpc_id": "vpc-123", "vswitch_ids": ["vsw-1"]}, "vpc_cidr"),
    ({"zone_ids": None}, "zone_ids"),
    ({"dataset_name": "imagenet"}, "dataset_name"),
    ({"storage": "nas", "storage_class": "standard"}, "storage_class"),
    ({"storage": "extreme_nas", "storage_class": "Performance"}, "storage_class"),
    ({"storage": "cpfs", "storage_capacity": 100}, "storage_capacity"),
    ({"name_prefix": "Bad_Name"}, "name_prefix"),
    ({"vpc_cidr": "10.0.0.0/16", "vswitch_cidrs": ["192.168.0.0/24"]}, "vswitch_cidrs"),
    ({"job": job(network={"vpc_id": "vpc-1"})}, "job.network"),
    ({"job": job(ram_role="pai_default")}, "job.ram_role"),
    ({"job": "python train.py"}, "job"),
])
def test_bad_settings_fail_before_any_resource(recorder: Recorder, settings: dict[str, Any],
                                                field_name: str) -> None:
    values = {"zone_ids": ["cn-hangzhou-h"], "job": job(), **settings}
    with pytest.raises(TrainingStackError, match=rf"(^|[ ;]){field_name}:"):
        build(**values)
    assert recorder.registered == []  # not even the component


def test_check_settings_names_every_broken_field() -> None:
    # Single-field rules are reported together ...
    args = TrainingStackArgs(job=job(), zone_ids=["cn-hangzhou-h"], internet_gateway="nat", storage="oss",
                             role="admin")
    with pytest.raises(TrainingStackError) as caught:
        check_settings(args, "good-prefix", "10.0.0.0/16", True)
    for name in ("internet_gateway", "storage", "role"):
        assert f"{name}:" in str(caught.value), name
    # ... and so are the rules across fields (checked once every field passes on its own).
    args = TrainingStackArgs(job=job(), vpc_id="vpc-1", storage="none", dataset_name="imagenet",
                             role_oss_buckets=["bucket-a"])
    with pytest.raises(TrainingStackError) as caught:
        check_settings(args, "good-prefix", None, False)
    for name in ("vpc_cidr", "zone_ids", "dataset_name", "role_oss_buckets"):
        assert f"{name}:" in str(caught.value), name


def test_a_missing_region_is_an_error(recorder: Recorder) -> None:
    pulumi.runtime.set_all_config({})
    with pytest.raises(TrainingStackError, match="alicloud:region"):
        build(zone_ids=["cn-hangzhou-h"], job=job())


# --- 6. defaults and tags -----------------------------------------------------------------------------------------


def test_default_vswitch_blocks_and_tags(recorder: Recorder) -> None:
    tags = {"team": "ml", "env": "dev"}
    build(vpc_cidr="10.20.0.0/16", zone_ids=["cn-hangzhou-h", "cn-hangzhou-i"], storage="nas", tags=tags,
          job=job(tags={"env": "job-env", "owner": "alice"}))
    vswitches = recorder.of("VSwitch")
    assert [(v.inputs["zone_id"], v.inputs["cidr_block"]) for v in vswitches] == [
        ("cn-hangzhou-h", "10.20.0.0/24"), ("cn-hangzhou-i", "10.20.1.0/24")]
    assert [v.inputs["name"] for v in vswitches] == [f"{PREFIX}-cn-hangzhou-h", f"{PREFIX}-cn-hangzhou-i"]
    assert recorder.job.inputs["network"]["vswitch_id"] == vswitches[0].id
    assert recorder.job.inputs["network"]["extended_cidrs"] == ["10.20.0.0/16"]
    for kind in ("Vpc", "VSwitch", "SecurityGroup", "NasFileSystem"):
        for resource in recorder.of(kind):
            assert resource.inputs["tags"] == tags, kind
    # The stack's tags and the job's own, the job's winning where both set a key.
    assert recorder.job.inputs["tags"] == {"team": "ml", "env": "job-env", "owner": "alice"}


def test_no_tags_means_no_tags_input(recorder: Recorder) -> None:
    build(zone_ids=["cn-hangzhou-h"], job=job())
    for resource in recorder.registered:
        assert resource.inputs.get("tags") is None, resource.name


def test_args_object_and_keyword_arguments_combine(recorder: Recorder) -> None:
    base = TrainingStackArgs(job=job(), zone_ids=["cn-hangzhou-h"], name_prefix="team-exp")
    build(base, internet_gateway="public")
    assert recorder.job.inputs["network"]["internet_gateway"] == "public"
    assert recorder.one("Vpc").inputs["name"] == "team-exp-vpc"
    assert recorder.job.inputs["display_name"] == "team-exp"


# --- 7. from_config -----------------------------------------------------------------------------------------------


def test_from_config_reads_camel_case_keys(recorder: Recorder) -> None:
    pulumi.runtime.set_all_config({
        "alicloud:region": REGION,
        f"{PROJECT}:namePrefix": "exp-one",
        f"{PROJECT}:vpcCidr": "10.30.0.0/16",
        f"{PROJECT}:zoneIds": json.dumps(["cn-hangzhou-h", "cn-hangzhou-i"]),
        f"{PROJECT}:internetGateway": "private",
        f"{PROJECT}:eipBandwidth": "10",
        f"{PROJECT}:storage": "extreme_nas",
        f"{PROJECT}:storageCapacity": "200",
        f"{PROJECT}:datasetName": "imagenet",
        f"{PROJECT}:role": "new",
        f"{PROJECT}:roleOssBuckets": json.dumps(["bucket-a"]),
        f"{PROJECT}:tags": json.dumps({"team": "ml"}),
        f"{PROJECT}:job": json.dumps(job()),
    })
    args = TrainingStackArgs.from_config()
    assert args == TrainingStackArgs(
        job=job(), name_prefix="exp-one", vpc_cidr="10.30.0.0/16", zone_ids=["cn-hangzhou-h", "cn-hangzhou-i"],
        internet_gateway="private", eip_bandwidth=10, storage="extreme_nas", storage_capacity=200,
        dataset_name="imagenet", role="new", role_oss_buckets=["bucket-a"], tags={"team": "ml"})
    # The settings read from config build a stack.
    build(args)
    assert recorder.one("NasFileSystem").inputs["capacity"] == 200
    assert recorder.one("Eip").inputs["bandwidth"] == 10


def test_from_config_with_only_a_job_keeps_the_defaults(recorder: Recorder) -> None:
    pulumi.runtime.set_all_config({f"{PROJECT}:job": json.dumps(job())})
    assert TrainingStackArgs.from_config() == TrainingStackArgs(job=job())


def test_from_config_without_a_job_names_it(recorder: Recorder) -> None:
    pulumi.runtime.set_all_config({f"{PROJECT}:zoneIds": json.dumps(["cn-hangzhou-h"])})
    with pytest.raises(TrainingStackError, match=r"^job:"):
        TrainingStackArgs.from_config()


def test_the_dev_stack_config_builds_the_whole_stack(recorder: Recorder) -> None:
    """stacks/Pulumi.dev.yaml as the engine hands it over (objects as JSON), through from_config."""
    import pathlib

    import yaml

    path = pathlib.Path(__file__).resolve().parents[2] / "stacks" / "Pulumi.dev.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))["config"]
    project = "dlc-training"
    plain = {key: value if isinstance(value, str) else json.dumps(value)
             for key, value in config.items() if not (isinstance(value, dict) and "secure" in value)}
    pulumi.runtime.set_mocks(recorder, project=project, stack=STACK, preview=False,
                             monitor=RecordingMonitor(recorder))
    pulumi.runtime.set_all_config(plain)
    args = TrainingStackArgs.from_config()
    assert args.job == config[f"{project}:job"] and args.zone_ids == config[f"{project}:zoneIds"]
    build(args)
    network = recorder.job.inputs["network"]
    assert network["internet_gateway"] == config[f"{project}:internetGateway"]
    assert network["extended_cidrs"] == [config[f"{project}:vpcCidr"]]
    dataset = recorder.one("Dataset")
    assert dataset.inputs["name"] == config[f"{project}:datasetName"]
    assert recorder.job.inputs["data_sources"] == [
        {"kind": "custom_dataset", "dataset_id": dataset.id, "mount_path": config[f"{project}:datasetMountPath"]}]
    assert recorder.job.inputs["display_name"] == config[f"{project}:job"]["display_name"]
    assert recorder.job.inputs["ram_role"] == f"acs:ram::1234567890:role/exp-{STACK}-job"
    recorder.one("RamRolePolicyAttachment")
