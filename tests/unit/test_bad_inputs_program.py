"""A `RamRole` resource given as a DlcJob's `ram_role` reaches the provider as its ARN, not its ID (the role
name, which `check` would refuse only at `up`, after the rest of the stack was made). Pulumi's test mocks."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from dlc_provider.resources import DlcJob, RamRole

ARN = "acs:ram::1234567890123456:role/dlc-job"


class Recorder(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.resources: dict[str, pulumi.runtime.MockResourceArgs] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.resources[args.name] = args
        outputs = {k: v for k, v in args.inputs.items() if k != "__provider"}
        if args.name == "role":
            return "dlc-job", {**outputs, "arn": ARN}
        return "dlc-123", {**outputs, "job_id": "dlc-123"}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def recorder() -> Recorder:
    mocks = Recorder()
    pulumi.runtime.set_mocks(mocks, project="proj", stack="dev", preview=False)
    return mocks


def _job(ram_role: Any) -> DlcJob:
    return DlcJob("train", display_name="train-1", command="python train.py", framework="pytorch",
                  image="r.example.com/a:1", roles={"worker": {"count": 1, "spec": "ecs.gn6i-c4g1.xlarge"}},
                  ram_role=ram_role)


@pulumi.runtime.test
def test_a_ram_role_resource_is_sent_as_its_arn(recorder: Recorder) -> Any:
    role = RamRole("role", name="dlc-job")
    job = _job(role)

    def check(_: Any) -> None:
        assert recorder.resources["train"].inputs["ram_role"] == ARN

    return job.job_id.apply(check)


@pulumi.runtime.test
def test_a_ram_role_resource_inside_a_custom_role_is_sent_as_its_arn(recorder: Recorder) -> Any:
    role = RamRole("role", name="dlc-job")
    job = _job({"kind": "custom", "role_arn": role})

    def check(_: Any) -> None:
        assert recorder.resources["train"].inputs["ram_role"] == {"kind": "custom", "role_arn": ARN}

    return job.job_id.apply(check)


@pulumi.runtime.test
def test_other_ram_role_values_pass_as_given(recorder: Recorder) -> Any:
    job = _job("pai_default")

    def check(_: Any) -> None:
        assert recorder.resources["train"].inputs["ram_role"] == "pai_default"

    return job.job_id.apply(check)
