"""DlcJob inputs → the CreateJob request: the wire body the SDK sends (``CreateJobRequest.to_map()``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from alibabacloud_pai_dlc20201203.models import CreateJobRequest

from dlc_provider.specs.dlc import (
    LIFECYCLE_FIELDS,
    TOKEN_TAG_KEY,
    RequestTooLargeError,
    body_size,
    to_create_job_request,
    validate_spec,
)

TOKEN = "3f1c9a0e7b2d4c58a6e9f01b2c3d4e5f"
BASE: dict[str, Any] = {
    "display_name": "train-1",
    "command": "python train.py",
    "framework": "pytorch",
    "image": "registry.example.com/team/train:1.0",
    "roles": {"worker": {"count": 2, "spec": "ecs.gn6i-c4g1.xlarge"}},
}
#: What the SDK adds to every JobSpec (nested list fields are always sent, as []).
SDK_JOB_SPEC: dict[str, Any] = {"ElasticSpotSpecs": [], "LocalMountSpecs": [], "StartupDependencies": []}
SDK_TOP: dict[str, Any] = {"CustomEnvs": [], "DataSources": []}


def wire(data: dict[str, Any], region: str = "cn-hangzhou") -> dict[str, Any]:
    request = to_create_job_request(validate_spec(data, region=region), region=region, token=TOKEN)
    assert isinstance(request, CreateJobRequest)
    return request.to_map()


def job_spec(**fields: Any) -> dict[str, Any]:
    return {**SDK_JOB_SPEC, **fields}


def test_minimal_public_job() -> None:
    assert wire(BASE) == {
        **SDK_TOP,
        "DisplayName": "train-1",
        "JobType": "PyTorchJob",
        "UserCommand": "python train.py",
        "JobSpecs": [
            job_spec(
                Type="Worker", PodCount=2, Image="registry.example.com/team/train:1.0", EcsSpec="ecs.gn6i-c4g1.xlarge"
            )
        ],
        "Settings": {"Tags": {TOKEN_TAG_KEY: TOKEN}},
    }


FULL: dict[str, Any] = {
    "display_name": "llm-sft",
    "description": "SFT run",
    "tags": {"team": "nlp"},
    "workspace_id": "12345",
    "image": {"kind": "registry", "uri": "registry.example.com/a/b:1", "username": "puller", "password": "s3cret"},
    "data_sources": [
        {"kind": "custom_dataset", "dataset_id": "d-1", "version": "v2", "read_only": True, "mount_path": "/mnt/data"},
        {"kind": "public_dataset", "dataset_id": "d-pub", "mount_path": "/mnt/pub"},
    ],
    "storage_mounts": [
        {"kind": "oss", "uri": "oss://bkt.oss-cn-beijing-internal.aliyuncs.com/x/", "mount_path": "/mnt/oss",
         "mount_type": "ossfs", "read_only": False},
        {"kind": "cpfs", "uri": "nas://cpfs-0123.cn-beijing/share/", "mount_path": "/mnt/cpfs", "nconnect": 4,
         "vpc_id": "vpc-1"},
        {"kind": "bmcpfs", "uri": "nas://bmcpfs-0456.cn-beijing/x/", "mount_path": "/mnt/bm", "read_only": True},
    ],
    "code_source": {"code_source_id": "code-1", "branch": "main", "commit": "abc123", "mount_path": "/root/code",
                    "shared_mount_path": True},
    "command": "torchrun train.py",
    "envs": {"A": "1"},
    "thirdparty_libs": ["numpy==1.26"],
    "resource_type": "lingjun",
    "resources": {"source": "quota", "quota_id": "quota1", "idle_resources": "only", "tidal_resources": False},
    "framework": "pytorch",
    "roles": {
        "master": {"cpu": 8, "gpu": 1, "gpu_type": "A100", "memory": 64, "shared_memory": "32Gi"},
        "worker": {"count": 3, "cpu": 0.5, "gpu": 1, "memory": "64Gi", "node_names": ["n1", "n2"]},
    },
    "priority": 5,
    "max_running_time_minutes": 600,
    "retention": {"minutes": 30, "policy": "OnFailure"},
    "data_source_options": "fs.oss.download.thread.concurrency=4",
    "accessibility": "PRIVATE",
    "network": {"vpc_id": "vpc-1", "vswitch_id": "vsw-1", "security_group_id": "sg-1",
                "extended_cidrs": ["10.0.0.0/8", "172.16.0.0/12"], "internet_gateway": "private"},
    "fault_tolerance": {"args": "--enable-log-hang-detection true"},
    "sanity_check": {"args": "--sanity-check-timing=AfterJobFaultTolerant"},
    "ram_role": "acs:ram::1234567890123456:role/dlc-job",
    "advanced": {"release_resource_policy": "pod-exit", "nvidia_ibgda": True, "nvidia_gdrcopy": False,
                 "numa_core_binding": True, "resource_pre_check": True, "all_workers_networking": True,
                 "custom_ports": "10000;10001-10010", "extra": {"NewKey": "v"}},
    "wait_until": "succeeded",
    "timeouts": {"create": 7200},
    "stopped": False,
}  # fmt: skip

FULL_IMAGE = {
    "Image": "registry.example.com/a/b:1",
    "ImageConfig": {"DockerRegistry": "registry.example.com", "Username": "puller", "Password": "s3cret"},
}
FULL_WIRE: dict[str, Any] = {
    "DisplayName": "llm-sft",
    "Description": "SFT run",
    "WorkspaceId": "12345",
    "JobType": "PyTorchJob",
    "UserCommand": "torchrun train.py",
    "ResourceId": "quota1",
    "Priority": 5,
    "JobMaxRunningTimeMinutes": 600,
    "Envs": {"A": "1"},
    "CustomEnvs": [],
    "ThirdpartyLibs": ["numpy==1.26"],
    "Options": "fs.oss.download.thread.concurrency=4",
    "Accessibility": "PRIVATE",
    "JobSpecs": [
        job_spec(Type="Master", PodCount=1, **FULL_IMAGE,
                 ResourceConfig={"CPU": "8", "GPU": "1", "GPUType": "A100", "Memory": "64Gi", "SharedMemory": "32Gi"}),
        job_spec(Type="Worker", PodCount=3, **FULL_IMAGE, ResourceConfig={"CPU": "0.5", "GPU": "1", "Memory": "64Gi"},
                 AssignNodeSpec={"EnableAssignNode": True, "NodeNames": "n1,n2", "HyperNodes": [],
                                 "AntiAffinityHyperNodes": []}),
    ],
    "DataSources": [
        {"DataSourceId": "d-1", "DataSourceVersion": "v2", "MountAccess": "RO", "MountPath": "/mnt/data"},
        {"DataSourceId": "d-pub", "MountAccess": "RO", "MountPath": "/mnt/pub"},
        {"Uri": "oss://bkt.oss-cn-beijing-internal.aliyuncs.com/x/", "MountPath": "/mnt/oss", "MountAccess": "RW",
         "Options": '{"mountType":"ossfs"}'},
        {"Uri": "nas://cpfs-0123.cn-beijing/share/", "MountPath": "/mnt/cpfs", "Options": '{"nconnect":"4"}'},
        {"Uri": "nas://bmcpfs-0456.cn-beijing/x/", "MountPath": "/mnt/bm", "MountAccess": "RO"},
    ],
    "CodeSource": {"CodeSourceId": "code-1", "Branch": "main", "Commit": "abc123", "MountPath": "/root/code",
                   "IsSharedMountPath": True},
    "UserVpc": {"VpcId": "vpc-1", "SwitchId": "vsw-1", "SecurityGroupId": "sg-1",
                "ExtendedCIDRs": ["10.0.0.0/8", "172.16.0.0/12"], "DefaultRoute": "eth1"},
    "CredentialConfig": {
        "EnableCredentialInject": True,
        "AliyunEnvRoleKey": "0",
        "CredentialConfigItems": [{"Key": "0", "Type": "Role", "Roles": [
            {"RoleArn": "acs:ram::1234567890123456:role/dlc-job", "RoleType": "service",
             "AssumeRoleFor": "1234567890123456"}]}],
    },
    "Settings": {
        "Tags": {"team": "nlp", TOKEN_TAG_KEY: TOKEN},
        "EnableErrorMonitoringInAIMaster": True,
        "ErrorMonitoringArgs": "--enable-log-hang-detection true",
        "EnableSanityCheck": True,
        "SanityCheckArgs": "--sanity-check-timing=AfterJobFaultTolerant",
        "OversoldType": "ForceQuotaOverSold",
        "EnableTideResource": False,
        "JobReservedMinutes": 30,
        "JobReservedPolicy": "OnFailure",
        "AdvancedSettings": {
            "ReleaseResourcePolicy": "pod-exit",
            "EnableNvidiaIBGDA": "true",
            "EnableNvidiaGDRCopy": "false",
            "EnablePaiNUMACoreBinding": "true",
            "EnableResourcePreCheck": "true",
            "createSvcForAllWorkers": "true",
            "customPortList": "10000;10001-10010",
            "NewKey": "v",
        },
    },
}  # fmt: skip


def test_every_input_of_a_quota_job_maps_to_the_wire() -> None:
    assert wire(FULL, region="cn-beijing") == FULL_WIRE


def test_life_cycle_inputs_are_not_sent() -> None:
    body = json.dumps(wire(FULL, region="cn-beijing"))
    assert "succeeded" not in body and "7200" not in body
    assert set(LIFECYCLE_FIELDS) == {"wait_until", "timeouts", "stopped"}


def test_the_registry_password_is_only_in_image_config() -> None:
    body = wire(FULL, region="cn-beijing")
    found: list[tuple[Any, ...]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, str) and "s3cret" in value:
            found.append(path)

    walk(body, ())
    assert found == [("JobSpecs", 0, "ImageConfig", "Password"), ("JobSpecs", 1, "ImageConfig", "Password")]


@pytest.mark.parametrize(
    ("framework", "job_type"),
    [
        ("tensorflow", "TFJob"),
        ("pytorch", "PyTorchJob"),
        ("elastic_batch", "ElasticBatchJob"),
        ("xgboost", "XGBoostJob"),
        ("oneflow", "OneFlowJob"),
        ("mpi", "MPIJob"),
    ],
)
def test_job_types(framework: str, job_type: str) -> None:
    assert wire({**BASE, "framework": framework})["JobType"] == job_type


def test_tensorflow_roles_in_order() -> None:
    node = {"spec": "ecs.g6.large"}
    roles = {"worker": {**node, "count": 4}, "ps": {**node, "count": 2}, "chief": node, "evaluator": node,
             "graph_learn": node}  # fmt: skip
    body = wire({**BASE, "framework": "tensorflow", "roles": roles, "success_policy": "ChiefWorker"})
    assert [(spec["Type"], spec["PodCount"]) for spec in body["JobSpecs"]] == [
        ("Chief", 1),
        ("Worker", 4),
        ("PS", 2),
        ("Evaluator", 1),
        ("GraphLearn", 1),
    ]
    assert body["SuccessPolicy"] == "ChiefWorker"


def test_ray_custom_worker_roles_and_ray_parameters() -> None:
    data = {
        **BASE,
        "framework": "ray",
        "roles": {
            "head": {"spec": "ecs.g6.xlarge"},
            "ray_workers": {"gpu": {"count": 2, "spec": "ecs.gn6i-c4g1.xlarge"}, "cpu": {"spec": "ecs.g6.2xlarge"}},
        },
        "advanced": {
            "ray_runtime_env": {"pip": ["requests"], "env_vars": {"A": "1"}},
            "ray_redis_address": "redis.internal:6379",
            "ray_redis_username": "ray",
            "ray_redis_password": "r3dis",
            "ray_submitter_backoff_limit": 3,
            "ray_object_store_memory_bytes": 1073741824,
        },
    }
    body = wire(data)
    assert [spec["Type"] for spec in body["JobSpecs"]] == ["Head", "Worker-gpu", "Worker-cpu"]
    assert body["Settings"]["AdvancedSettings"] == {
        "RayRuntimeEnv": '{"pip":["requests"],"env_vars":{"A":"1"}}',
        "RayRedisAddress": "redis.internal:6379",
        "RayRedisUsername": "ray",
        "RayRedisPassword": "r3dis",
        "RaySubmitterBackoffLimit": "3",
        "RayObjectStoreMemoryBytes": "1073741824",
    }


def test_pytorch_port_count() -> None:
    body = wire({**BASE, "advanced": {"custom_port_count": 100, "all_workers_networking": False}})
    assert body["Settings"]["AdvancedSettings"] == {"customPortNumPerWorker": "100", "createSvcForAllWorkers": "false"}


def test_mpi_launcher_role() -> None:
    roles = {"launcher": {"spec": "ecs.g6.large"}, "worker": {"spec": "ecs.g6.large", "count": 2}}
    assert [spec["Type"] for spec in wire({**BASE, "framework": "mpi", "roles": roles})["JobSpecs"]] == [
        "Launcher",
        "Worker",
    ]


def test_preemptible_bids() -> None:
    data = {
        **BASE,
        "resource_type": "lingjun",
        "resources": {"source": "preemptible", "bid": {"discount": 0.4}},
        "roles": {
            "master": {"spec": "ml.gu7xf.c96m1600.8-gu108"},
            "worker": {"spec": "ml.gu7xf.c96m1600.8-gu108", "bid": {"price_limit": 0.011}},
        },
        "network": {"vpc_id": "vpc-1", "security_group_id": "sg-1"},
    }
    specs = wire(data)["JobSpecs"]
    assert specs[0]["SpotSpec"] == {"SpotStrategy": "SpotWithPriceLimit", "SpotDiscountLimit": 0.4}
    assert specs[1]["SpotSpec"] == {"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": 0.011}
    assert all("UseSpotInstance" not in spec and "ResourceId" not in spec for spec in specs)


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ({"kind": "official", "uri": "dsw-registry-vpc.cn-hangzhou.cr.aliyuncs.com/pai/pytorch:2.1"},
         {"Image": "dsw-registry-vpc.cn-hangzhou.cr.aliyuncs.com/pai/pytorch:2.1"}),
        ({"kind": "custom", "uri": "my-acr.cn-hangzhou.cr.aliyuncs.com/ns/train:2"},
         {"Image": "my-acr.cn-hangzhou.cr.aliyuncs.com/ns/train:2"}),
        ("ubuntu:22.04", {"Image": "ubuntu:22.04"}),
        ({"kind": "registry", "uri": "team/img:1", "username": "u", "password": "p"},
         {"Image": "team/img:1", "ImageConfig": {"Username": "u", "Password": "p"}}),
        ({"kind": "registry", "uri": "r.example.com:5000/img:1", "username": "u", "password": "p",
          "registry": "mirror.example.com"},
         {"Image": "r.example.com:5000/img:1",
          "ImageConfig": {"Username": "u", "Password": "p", "DockerRegistry": "mirror.example.com"}}),
    ],
)  # fmt: skip
def test_images(image: Any, expected: dict[str, Any]) -> None:
    spec = wire({**BASE, "image": image})["JobSpecs"][0]
    assert {key: spec[key] for key in ("Image", "ImageConfig") if key in spec} == expected


def test_a_role_image_overrides_the_job_image() -> None:
    roles = {"master": {"spec": "ecs.g6.large", "image": "other/img:2"}, "worker": {"spec": "ecs.g6.large"}}
    specs = wire({**BASE, "roles": roles})["JobSpecs"]
    assert [spec["Image"] for spec in specs] == ["other/img:2", "registry.example.com/team/train:1.0"]


def test_mount_access_and_options() -> None:
    data = {
        **BASE,
        "data_sources": [{"kind": "custom_dataset", "dataset_id": "d-1"}],
        "storage_mounts": [
            {"kind": "nas", "uri": "nas://31a8e4.cn-hangzhou/data/", "mount_path": "/mnt/nas", "read_only": True,
             "nconnect": 8, "extra_options": {"vers": "3"}},
            {"kind": "extreme_nas", "uri": "nas://extreme-0015.cn-hangzhou/", "mount_path": "/mnt/ex"},
        ],
    }  # fmt: skip
    assert wire(data)["DataSources"] == [
        {"DataSourceId": "d-1"},
        {"Uri": "nas://31a8e4.cn-hangzhou/data/", "MountPath": "/mnt/nas", "MountAccess": "RO",
         "Options": '{"nconnect":"8","vers":"3"}'},
        {"Uri": "nas://extreme-0015.cn-hangzhou/", "MountPath": "/mnt/ex"},
    ]  # fmt: skip


@pytest.mark.parametrize(("gateway", "route"), [("public", "eth0"), ("private", "eth1"), (None, None)])
def test_internet_gateway(gateway: str | None, route: str | None) -> None:
    network = {"vpc_id": "vpc-1", "security_group_id": "sg-1", "internet_gateway": gateway}
    assert wire({**BASE, "network": network})["UserVpc"].get("DefaultRoute") == route


@pytest.mark.parametrize(
    ("idle", "oversold"),
    [(True, "AcceptQuotaOverSold"), ("accept", "AcceptQuotaOverSold"), ("only", "ForceQuotaOverSold"),
     (False, "ForbiddenQuotaOverSold"), ("forbid", "ForbiddenQuotaOverSold"), (None, None)],
)  # fmt: skip
def test_idle_resources(idle: Any, oversold: str | None) -> None:
    data = {
        **BASE,
        "resources": {"source": "quota", "quota_id": "q", "idle_resources": idle, "cpu_affinity": True},
        "roles": {"worker": {"cpu": 4, "memory": "8Gi"}},
    }
    settings = wire(data)["Settings"]
    assert settings.get("OversoldType") == oversold
    assert settings["EnableCPUAffinity"] is True


def test_disabled_fault_tolerance_and_sanity_check_are_sent_as_false() -> None:
    settings = wire({**BASE, "fault_tolerance": {"enabled": False}, "sanity_check": {"enabled": False}})["Settings"]
    assert settings["EnableErrorMonitoringInAIMaster"] is False and settings["EnableSanityCheck"] is False


@pytest.mark.parametrize(
    ("ram_role", "expected"),
    [
        ("none", None),
        ({"kind": "none"}, None),
        ("pai_default", {"EnableCredentialInject": True, "AliyunEnvRoleKey": "0",
                         "CredentialConfigItems": [{"Key": "0", "Type": "Role", "Roles": []}]}),
    ],
)  # fmt: skip
def test_ram_roles(ram_role: Any, expected: dict[str, Any] | None) -> None:
    assert wire({**BASE, "ram_role": ram_role}).get("CredentialConfig") == expected


def test_request_over_the_limit_is_refused_with_its_size() -> None:
    spec = validate_spec({**BASE, "command": "x" * 60_000})
    for index in range(4):
        spec.envs[f"BIG_{index}"] = "y" * 2_000  # past validation: to_create_job_request checks on its own
    with pytest.raises(RequestTooLargeError, match=r"is 68,\d{3} bytes, over PAI-DLC's limit of 65,536 bytes"):
        to_create_job_request(spec, region="cn-hangzhou", token=TOKEN)


def test_body_size_is_the_compact_utf8_json() -> None:
    request = to_create_job_request(validate_spec({**BASE, "description": "模型训练"}), region=None, token=TOKEN)
    expected = json.dumps(request.to_map(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert body_size(request) == len(expected)


@pytest.mark.parametrize("token", ["", "x" * 65])
def test_token_length(token: str) -> None:
    with pytest.raises(ValueError, match="create token"):
        to_create_job_request(validate_spec(BASE), region=None, token=token)


def test_lingjun_outside_its_regions_is_refused() -> None:
    data = {
        **BASE,
        "resource_type": "lingjun",
        "resources": {"source": "quota", "quota_id": "q"},
        "roles": {"worker": {"cpu": 4, "memory": "8Gi"}},
    }
    spec = validate_spec(data)
    with pytest.raises(ValueError, match="not offered in us-west-1"):
        to_create_job_request(spec, region="us-west-1", token=TOKEN)
    assert to_create_job_request(spec, region="cn-shanghai", token=TOKEN).resource_id == "q"


def test_the_sdk_reads_its_own_body_back() -> None:
    body = wire(FULL, region="cn-beijing")
    assert CreateJobRequest().from_map(body).to_map() == body
