"""DLC CLI job files (``dlc submit <kind> --job_file``) → DlcJob args → the CreateJob request."""

from __future__ import annotations

from typing import Any

import pytest

from dlc_provider.specs.dlc import (
    TOKEN_TAG_KEY,
    JobFileError,
    from_job_file,
    to_create_job_request,
    validate_spec,
    validation_failures,
)

TOKEN = "job-file-token"
SDK_JOB_SPEC: dict[str, Any] = {"ElasticSpotSpecs": [], "LocalMountSpecs": [], "StartupDependencies": []}

#: The job file of PAI's "Submit training jobs" page (resource quota and workspace filled in).
DOC_EXAMPLE = """\
name=test_cli_tfjob_001
workers=1
worker_cpu=4
worker_gpu=0
worker_memory=4Gi
worker_shared_memory=4Gi
worker_image=registry-vpc.cn-beijing.aliyuncs.com/pai-dlc/tensorflow-training:1.12.2PAI-cpu-py27-ubuntu16.04
command=echo good && sleep 120
resource_id=quotaabc123
workspace_id=86995
"""
DOC_IMAGE = "registry-vpc.cn-beijing.aliyuncs.com/pai-dlc/tensorflow-training:1.12.2PAI-cpu-py27-ubuntu16.04"


def request(args: dict[str, Any], region: str = "cn-beijing") -> dict[str, Any]:
    spec = validate_spec(args, region=region)
    return to_create_job_request(spec, region=region, token=TOKEN).to_map()


def test_doc_example_to_args() -> None:
    assert from_job_file(DOC_EXAMPLE, framework="tfjob") == {
        "framework": "tensorflow",
        "display_name": "test_cli_tfjob_001",
        "command": "echo good && sleep 120",
        "workspace_id": "86995",
        "image": DOC_IMAGE,
        "roles": {"worker": {"count": 1, "cpu": 4, "gpu": 0, "memory": "4Gi", "shared_memory": "4Gi"}},
        "resources": {"source": "quota", "quota_id": "quotaabc123"},
    }


def test_doc_example_round_trips_to_the_create_job_request() -> None:
    assert request(from_job_file(DOC_EXAMPLE, framework="tfjob")) == {
        "CustomEnvs": [],
        "DataSources": [],
        "DisplayName": "test_cli_tfjob_001",
        "JobType": "TFJob",
        "UserCommand": "echo good && sleep 120",
        "WorkspaceId": "86995",
        "ResourceId": "quotaabc123",
        "JobSpecs": [
            {
                **SDK_JOB_SPEC,
                "Type": "Worker",
                "PodCount": 1,
                "Image": DOC_IMAGE,
                "ResourceConfig": {"CPU": "4", "GPU": "0", "Memory": "4Gi", "SharedMemory": "4Gi"},
            }
        ],
        "Settings": {"Tags": {TOKEN_TAG_KEY: TOKEN}},
    }


def test_tensorflow_roles_with_their_own_images_on_public_resources() -> None:
    text = """\
# parameter servers on CPU, workers on GPU
kind=TFJob
name=tf-ps
command=python train.py --mode=ps
workers=4
worker_spec=ecs.gn6i-c4g1.xlarge
worker_image=tf:gpu
ps=2
ps_spec=ecs.g6.2xlarge
ps_image=tf:cpu
chief=true
chief_spec=ecs.g6.xlarge
chief_image=tf:cpu
evaluator=1
evaluator_spec=ecs.g6.large
evaluator_image=tf:cpu
success_policy=ChiefWorker
"""
    args = from_job_file(text)
    assert args["roles"] == {
        "worker": {"count": 4, "spec": "ecs.gn6i-c4g1.xlarge", "image": "tf:gpu"},
        "ps": {"count": 2, "spec": "ecs.g6.2xlarge", "image": "tf:cpu"},
        "chief": {"count": 1, "spec": "ecs.g6.xlarge", "image": "tf:cpu"},
        "evaluator": {"count": 1, "spec": "ecs.g6.large", "image": "tf:cpu"},
    }
    assert "image" not in args and args["resources"] == {"source": "public"}
    body = request(args)
    assert [(spec["Type"], spec["PodCount"], spec["Image"], spec["EcsSpec"]) for spec in body["JobSpecs"]] == [
        ("Chief", 1, "tf:cpu", "ecs.g6.xlarge"),
        ("Worker", 4, "tf:gpu", "ecs.gn6i-c4g1.xlarge"),
        ("PS", 2, "tf:cpu", "ecs.g6.2xlarge"),
        ("Evaluator", 1, "tf:cpu", "ecs.g6.large"),
    ]
    assert body["SuccessPolicy"] == "ChiefWorker"


def test_every_common_key() -> None:
    text = """\
name=pt-full
command=torchrun --nnodes=$WORLD_SIZE train.py --lr=0.1
worker_count=2
worker_cpu=8
worker_gpu=1
worker_gpu_type=A10
worker_memory=32
worker_image=pt:2.1
master=1
master_cpu=4
master_memory=16Gi
master_image=pt:2.1
resource_id=quota-1
oversold_type=AcceptQuotaOverSold
priority=7
job_max_running_time_minutes=120
data_sources=d-aaa,d-bbb
code_source=code-1
code_branch=main
code_commit=abc
thirdparty_libs=numpy==1.26,pandas
envs=A=1,B=two
tags=team=nlp,stage=dev
vpc_id=vpc-1
switch_id=vsw-1
security_group_id=sg-1
extended_cidrs=10.0.0.0/8,172.16.0.0/12
"""
    args = from_job_file(text, framework="pytorchjob")
    assert args == {
        "framework": "pytorch",
        "display_name": "pt-full",
        "command": "torchrun --nnodes=$WORLD_SIZE train.py --lr=0.1",
        "priority": 7,
        "max_running_time_minutes": 120,
        "envs": {"A": "1", "B": "two"},
        "tags": {"team": "nlp", "stage": "dev"},
        "thirdparty_libs": ["numpy==1.26", "pandas"],
        "data_sources": [
            {"kind": "custom_dataset", "dataset_id": "d-aaa"},
            {"kind": "custom_dataset", "dataset_id": "d-bbb"},
        ],
        "code_source": {"code_source_id": "code-1", "branch": "main", "commit": "abc"},
        "image": "pt:2.1",
        "roles": {
            "worker": {"count": 2, "cpu": 8, "gpu": 1, "gpu_type": "A10", "memory": 32},
            "master": {"count": 1, "cpu": 4, "memory": "16Gi"},
        },
        "resources": {"source": "quota", "quota_id": "quota-1", "idle_resources": "accept"},
        "network": {
            "vpc_id": "vpc-1",
            "vswitch_id": "vsw-1",
            "security_group_id": "sg-1",
            "extended_cidrs": ["10.0.0.0/8", "172.16.0.0/12"],
        },
    }
    body = request(args)
    assert body["JobSpecs"][1]["ResourceConfig"] == {"CPU": "8", "GPU": "1", "GPUType": "A10", "Memory": "32Gi"}
    assert body["Settings"]["OversoldType"] == "AcceptQuotaOverSold"
    assert body["DataSources"] == [{"DataSourceId": "d-aaa"}, {"DataSourceId": "d-bbb"}]
    assert body["UserVpc"]["ExtendedCIDRs"] == ["10.0.0.0/8", "172.16.0.0/12"]


def test_spot_keys_make_preemptible_resources() -> None:
    text = "name=s\ncommand=c\nworkers=1\nworker_spec=ecs.g7.xlarge\nworker_image=i\nspot_price_limit=0.011\n"
    args = from_job_file(text, framework="PyTorchJob")
    assert args["resources"] == {"source": "preemptible", "bid": {"price_limit": 0.011}}
    assert request(args)["JobSpecs"][0]["SpotSpec"] == {"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": 0.011}


def test_zero_running_time_means_no_limit_and_empty_values_are_unset() -> None:
    args = from_job_file(
        "name=n\ncommand=c\nworkers=1\nworker_spec=s\njob_max_running_time_minutes=0\nenvs=\n", framework="xgboostjob"
    )
    assert "max_running_time_minutes" not in args and "envs" not in args and args["framework"] == "xgboost"


def test_converted_args_are_still_validated() -> None:
    args = from_job_file(
        "name=n\ncommand=c\nps=1\nps_spec=ecs.g6.large\nworker_spec=ecs.g6.large\n", framework="pytorch"
    )
    assert (
        "roles.ps",
        "the PS role is not part of PyTorch jobs (PyTorch takes: master, worker)",
    ) in validation_failures(args)


@pytest.mark.parametrize(
    ("text", "framework", "message"),
    [
        ("name=n\nworker_cpus=4\n", "tfjob", r"unsupported keys: worker_cpus \(line 2\)"),
        ("name=n\nname=m\n", "tfjob", "line 2: 'name' repeats line 1"),
        ("name=n\n", None, "pass framework="),
        ("name=n\n", "caffejob", "unknown job kind 'caffejob'"),
        ("just text\n", "tfjob", "line 1: expected key=value"),
        ("workers=two\n", "tfjob", "workers: 'two' is not a number"),
        ("workers=0\nworker_cpu=4\n", "tfjob", "worker_cpu given but the worker count is 0"),
        ("workers=1\nworker_count=1\n", "tfjob", "workers and worker_count both give the worker count"),
        ("oversold_type=AcceptQuotaOverSold\n", "tfjob", "needs resource_id"),
        ("resource_id=q\noversold_type=Sometimes\n", "tfjob", "oversold_type: 'Sometimes'"),
        ("switch_id=vsw-1\n", "tfjob", "need vpc_id"),
        ("code_branch=main\n", "tfjob", "need code_source"),
        ("resource_id=q\nspot_price_limit=0.1\n", "tfjob", "not a resource quota"),
        ("envs=A\n", "tfjob", "envs: 'A' is not key=value"),
    ],
)
def test_job_files_we_cannot_read(text: str, framework: str | None, message: str) -> None:
    with pytest.raises(JobFileError, match=message):
        from_job_file(text, framework=framework)
