"""The storage, RAM and dataset resource classes as a Pulumi program uses them (Pulumi's test mocks): type
tokens, Args objects / dicts / keyword arguments, outputs, and the dependencies that order deletes."""

from __future__ import annotations

import base64
from typing import Any

import pulumi
import pytest

from dlc_provider.resources import (
    CpfsFileSystem,
    Dataset,
    DatasetArgs,
    NasAccessGroup,
    NasAccessRule,
    NasFileSystem,
    NasFileSystemArgs,
    NasMountTarget,
    RamPolicy,
    RamRole,
    RamRoleArgs,
    RamRolePolicyAttachment,
    RamRoleProvider,
)


class Recorder(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.resources: dict[str, pulumi.runtime.MockResourceArgs] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.resources[args.name] = args
        outputs = {k: v for k, v in args.inputs.items() if k != "__provider"}
        extra = {"mount_domain": f"{args.name}.nas.aliyuncs.com"} if args.typ.endswith("NasMountTarget") else {}
        return f"{args.name}-id", {**outputs, "status": "Available", **extra}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def recorder() -> Recorder:
    mocks = Recorder()
    pulumi.runtime.set_mocks(mocks, project="proj", stack="dev", preview=False)
    return mocks


@pulumi.runtime.test
def test_every_storage_ram_and_dataset_class_registers_with_its_own_type(recorder: Recorder) -> Any:
    fs = NasFileSystem("fs", NasFileSystemArgs(storage_type="Capacity", zone_id="cn-hangzhou-h"))
    cpfs = CpfsFileSystem("cpfs", storage_type="economic", zone_id="z", capacity=3600, vpc_id="vpc-1",
                          vswitch_id="vsw-1")
    group = NasAccessGroup("group", {"name": "trainers"})
    rule = NasAccessRule("rule", access_group_name=group.name, source_cidr_ip="10.0.0.0/16")
    mount = NasMountTarget("mt", file_system_id=fs.id, vpc_id="vpc-1", vswitch_id="vsw-1",
                           access_group_name=group.name)
    role = RamRole("role", RamRoleArgs(name="pai-jobs"))
    policy = RamPolicy("policy", name="read", document={"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*"}]})
    attach = RamRolePolicyAttachment("attach", role_name=role.name, policy_name=policy.name)
    dataset = Dataset("ds", DatasetArgs(name="imagenet", file_system_id=fs.id, mount_target_domain=mount.mount_domain))

    def check(_: Any) -> None:
        types = {name: args.typ.rsplit(":", 1)[1] for name, args in recorder.resources.items()}
        assert types == {"fs": "NasFileSystem", "cpfs": "CpfsFileSystem", "group": "NasAccessGroup",
                         "rule": "NasAccessRule", "mt": "NasMountTarget", "role": "RamRole", "policy": "RamPolicy",
                         "attach": "RamRolePolicyAttachment", "ds": "Dataset"}
        inputs = recorder.resources["ds"].inputs
        assert inputs["file_system_id"] == "fs-id" and inputs["mount_target_domain"] == "mt.nas.aliyuncs.com"
        assert recorder.resources["mt"].inputs["access_group_name"] == "trainers"
        assert recorder.resources["attach"].inputs["role_name"] == "pai-jobs"
        assert recorder.resources["ds"].inputs["dlc_identity"] == "proj/dev/pulumi-python:dynamic/dlc:Dataset/ds"
        provider = recorder.resources["role"].inputs["__provider"]
        assert base64.b64decode(provider["value"]).find(b"dlc_provider.resources.ram") > 0

    return pulumi.Output.all(cpfs.id, rule.id, attach.id, dataset.id).apply(check)


@pulumi.runtime.test
def test_an_unknown_input_name_is_passed_on_and_refused_by_check(recorder: Recorder) -> Any:
    role = RamRole("bad", name="r", policy="{}")  # type: ignore[call-overload]  (the typo under test)

    def check(_: Any) -> None:
        inputs = {k: v for k, v in recorder.resources["bad"].inputs.items() if k != "__provider"}
        failures = {f.property: f.reason for f in RamRoleProvider().check({}, inputs).failures}
        assert list(failures) == ["policy"], failures

    return role.id.apply(check)
