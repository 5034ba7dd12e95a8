"""The `DlcJob` resource class as a program uses it (Pulumi's test mocks): inputs, type token, identity,
typed outputs and the secret outputs it registers."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from dlc_provider.resources.dlc_job import SECRET_OUTPUTS, DlcJob, DlcJobArgs, DlcJobProvider

from ._mocks import Recorder


@pytest.fixture
def recorder() -> Recorder:
    running = {"job_id": "dlc-123", "status": "Running"}
    return Recorder(resource_id=lambda args: "dlc-123", outputs=lambda args: running).install()


@pulumi.runtime.test
def test_a_job_from_args(recorder: Recorder) -> Any:
    job = DlcJob("train", DlcJobArgs(
        display_name="train-1", command="python train.py", framework="pytorch", image="r.example.com/a:1",
        roles={"worker": {"count": 1, "spec": "ecs.gn6i-c4g1.xlarge"}}, priority=3,
    ))

    def check(values: list[Any]) -> None:
        job_id, status = values
        args = recorder.resources["train"]
        assert args.typ == "pulumi-python:dynamic/dlc:DlcJob"
        assert args.inputs["dlc_identity"] == "proj/dev/pulumi-python:dynamic/dlc:DlcJob/train"
        assert args.inputs["priority"] == 3 and "tags" not in args.inputs  # unset inputs are not sent
        assert (job_id, status) == ("dlc-123", "Running")

    return pulumi.Output.all(job.job_id, job.status).apply(check)


@pulumi.runtime.test
def test_an_unknown_input_name_is_passed_on_and_refused_by_check(recorder: Recorder) -> Any:
    job = DlcJob("x", {"display_name": "a", "commmand": "typo"})  # type: ignore[typeddict-unknown-key]

    def check(_: Any) -> None:
        inputs = {k: v for k, v in recorder.resources["x"].inputs.items() if k != "__provider"}
        assert inputs["commmand"] == "typo"
        failures = {f.property: f.reason for f in DlcJobProvider().check({}, inputs).failures}
        assert "commmand" in failures and "command" in failures, failures

    return job.id.apply(check)


def test_inputs_holding_secrets_are_secret_outputs() -> None:
    assert set(SECRET_OUTPUTS) == {"image", "roles", "advanced", "custom_envs"}
