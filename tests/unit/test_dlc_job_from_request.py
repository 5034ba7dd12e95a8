"""CreateJob requests as the SDK sends them → DlcJob args → the same request again."""

from __future__ import annotations

from typing import Any

import pytest
from alibabacloud_pai_dlc20201203.models import CreateJobRequest

from dlc_provider.specs.dlc import (
    TOKEN_TAG_KEY,
    UnsupportedRequestError,
    from_create_job_request,
    to_create_job_request,
    validate_spec,
)

TOKEN = "0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c"


def sdk(body: dict[str, Any]) -> dict[str, Any]:
    """The body as the SDK puts it on the wire (it adds empty lists for unset nested lists)."""
    return CreateJobRequest().from_map(body).to_map()


def round_trip(body: dict[str, Any], region: str = "cn-hangzhou", **options: Any) -> dict[str, Any]:
    spec = validate_spec(from_create_job_request(body, **options), region=region)
    return to_create_job_request(spec, region=region, token=TOKEN).to_map()


TAGS = {"Tags": {TOKEN_TAG_KEY: TOKEN}}

PUBLIC_TF = sdk({
    "DisplayName": "tf-mnist",
    "JobType": "TFJob",
    "UserCommand": "python mnist.py",
    "WorkspaceId": "86995",
    "JobSpecs": [
        {"Type": "Chief", "PodCount": 1, "Image": "tf:2.12", "EcsSpec": "ecs.g6.xlarge"},
        {"Type": "Worker", "PodCount": 2, "Image": "tf:2.12", "EcsSpec": "ecs.gn6i-c4g1.xlarge"},
        {"Type": "PS", "PodCount": 1, "Image": "tf:2.12-cpu", "EcsSpec": "ecs.g6.large"},
    ],
    "DataSources": [{"DataSourceId": "d-1", "MountPath": "/mnt/data/"}],
    "SuccessPolicy": "ChiefWorker",
    "JobMaxRunningTimeMinutes": 60,
    "Settings": {"Tags": {"team": "cv", TOKEN_TAG_KEY: TOKEN}, "JobReservedMinutes": 0},
})  # fmt: skip

LINGJUN_QUOTA = sdk({
    "DisplayName": "llm-pretrain",
    "Description": "7B pretraining",
    "JobType": "PyTorchJob",
    "UserCommand": "torchrun --nnodes=$WORLD_SIZE --node_rank=$RANK pretrain.py",
    "WorkspaceId": "86995",
    "ResourceId": "quota12345",
    "Priority": 9,
    "Envs": {"NCCL_DEBUG": "INFO"},
    "ThirdpartyLibDir": "/mnt/code/requirements",
    "Accessibility": "PUBLIC",
    "JobSpecs": [
        {"Type": "Worker", "PodCount": 16, "Image": "acr.example.com/llm/train:3",
         "ImageConfig": {"DockerRegistry": "acr.example.com", "Username": "robot", "Password": "pw"},
         "ResourceConfig": {"CPU": "96", "GPU": "8", "GPUType": "H800", "Memory": "1600Gi", "SharedMemory": "800Gi"},
         "AssignNodeSpec": {"EnableAssignNode": True, "NodeNames": "lingjun-1,lingjun-2"}},
    ],
    "DataSources": [
        {"DataSourceId": "d-corpus", "DataSourceVersion": "v3", "MountAccess": "RO", "MountPath": "/mnt/corpus"},
        {"Uri": "nas://bmcpfs-29f1.cn-wulanchabu/ckpt/", "MountPath": "/mnt/ckpt", "MountAccess": "RW"},
        {"Uri": "oss://llm.oss-cn-wulanchabu-internal.aliyuncs.com/logs/", "MountPath": "/mnt/logs",
         "Options": '{"mountType":"ossfs"}'},
        {"Uri": "nas://cpfs-0a1b2c3d.cn-wulanchabu/share/", "MountPath": "/mnt/share", "Options": '{"nconnect":"8"}'},
    ],
    "CodeSource": {"CodeSourceId": "code-42", "Branch": "release", "MountPath": "/mnt/code"},
    "UserVpc": {"VpcId": "vpc-lj", "SwitchId": "vsw-lj", "SecurityGroupId": "sg-lj",
                "ExtendedCIDRs": ["192.168.0.0/16"], "DefaultRoute": "eth1"},
    "CredentialConfig": {"EnableCredentialInject": True, "AliyunEnvRoleKey": "0",
                         "CredentialConfigItems": [{"Key": "0", "Type": "Role", "Roles": []}]},
    "Settings": {
        "Tags": {TOKEN_TAG_KEY: TOKEN},
        "EnableErrorMonitoringInAIMaster": True,
        "ErrorMonitoringArgs": "--job-execution-mode=Sync --enable-job-restart=True",
        "EnableSanityCheck": True,
        "SanityCheckArgs": "--sanity-check-timing=AfterJobFaultTolerant --sanity-check-timeout-ops=MarkJobFail",
        "OversoldType": "ForbiddenQuotaOverSold",
        "JobReservedMinutes": 60,
        "JobReservedPolicy": "OnFailure",
        "AdvancedSettings": {"EnableNvidiaIBGDA": "true", "EnableNvidiaGDRCopy": "true",
                             "EnableResourcePreCheck": "true", "ReleaseResourcePolicy": "pod-exit",
                             "createSvcForAllWorkers": "true", "customPortList": "10000;20000-20010"},
    },
})  # fmt: skip

SPOT_RAY = sdk({
    "DisplayName": "ray-batch",
    "JobType": "RayJob",
    "UserCommand": "python driver.py",
    "JobSpecs": [
        {"Type": "Head", "PodCount": 1, "Image": "ray:2.9", "EcsSpec": "ecs.g7.xlarge",
         "SpotSpec": {"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": 0.02}},
        {"Type": "Worker-a10", "PodCount": 4, "Image": "ray:2.9", "EcsSpec": "ecs.gn7i-c8g1.2xlarge",
         "SpotSpec": {"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": 0.05}},
        {"Type": "Worker-cpu", "PodCount": 8, "Image": "ray:2.9", "EcsSpec": "ecs.g7.2xlarge",
         "SpotSpec": {"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": 0.02}},
    ],
    "UserVpc": {"VpcId": "vpc-1", "SecurityGroupId": "sg-1", "DefaultRoute": "eth0"},
    "CredentialConfig": {"EnableCredentialInject": True, "AliyunEnvRoleKey": "0", "CredentialConfigItems": [
        {"Key": "0", "Type": "Role", "Roles": [{"RoleArn": "acs:ram::1234567890123456:role/ray-job",
                                                 "RoleType": "service", "AssumeRoleFor": "1234567890123456"}]}]},
    "Settings": {"Tags": {TOKEN_TAG_KEY: TOKEN},
                 "AdvancedSettings": {"RayRedisAddress": "r-abc.redis.rds.aliyuncs.com:6379",
                                      "RayRedisPassword": "redis-pw", "RaySubmitterBackoffLimit": "5",
                                      "RayObjectStoreMemoryBytes": "1073741824", "SomeFutureKey": "x"}},
})  # fmt: skip


@pytest.mark.parametrize(
    ("body", "region"),
    [(PUBLIC_TF, "cn-hangzhou"), (LINGJUN_QUOTA, "cn-wulanchabu"), (SPOT_RAY, "ap-southeast-1")],
    ids=["public-tensorflow", "lingjun-quota-pytorch", "preemptible-ray"],
)
def test_request_round_trips(body: dict[str, Any], region: str) -> None:
    assert round_trip(body, region) == body


def test_lingjun_quota_args() -> None:
    args = from_create_job_request(LINGJUN_QUOTA)
    assert args["resource_type"] == "lingjun"  # sanity check is Lingjun-only
    assert args["resources"] == {"source": "quota", "quota_id": "quota12345", "idle_resources": "forbid"}
    assert args["image"] == {
        "kind": "registry",
        "uri": "acr.example.com/llm/train:3",
        "username": "robot",
        "password": "pw",
        "registry": "acr.example.com",
    }
    assert args["roles"]["worker"]["node_names"] == ["lingjun-1", "lingjun-2"]
    assert [mount["kind"] for mount in args["storage_mounts"]] == ["bmcpfs", "oss", "cpfs"]
    assert args["storage_mounts"][2]["nconnect"] == 8
    assert args["ram_role"] == "pai_default"
    assert args["advanced"]["custom_ports"] == [10000, "20000-20010"]
    assert "tags" not in args  # only our token was there


def test_public_tensorflow_args_keep_per_role_images_and_user_tags() -> None:
    args = from_create_job_request(PUBLIC_TF)
    assert args["resource_type"] == "general" and args["resources"] == {"source": "public"}
    assert "image" not in args
    assert args["roles"]["ps"]["image"] == {"kind": "registry", "uri": "tf:2.12-cpu"}
    assert args["tags"] == {"team": "cv"}
    assert args["retention"] == {"minutes": 0}


def test_preemptible_args_take_the_first_bid_and_keep_differing_ones_per_role() -> None:
    args = from_create_job_request(SPOT_RAY)
    assert args["resources"] == {"source": "preemptible", "bid": {"price_limit": 0.02}}
    assert args["roles"]["ray_workers"]["a10"]["bid"] == {"price_limit": 0.05}
    assert "bid" not in args["roles"]["ray_workers"]["cpu"] and "bid" not in args["roles"]["head"]
    assert args["advanced"]["extra"] == {"SomeFutureKey": "x"}
    assert args["network"]["internet_gateway"] == "public"


def test_the_token_tag_is_replaced_by_the_new_token() -> None:
    old = sdk({**PUBLIC_TF, "Settings": {"Tags": {TOKEN_TAG_KEY: "old-token", "team": "cv"}}})
    assert round_trip(old)["Settings"]["Tags"] == {"team": "cv", TOKEN_TAG_KEY: TOKEN}


def test_a_discount_bid_means_lingjun_unless_told_otherwise() -> None:
    body = sdk({
        "DisplayName": "spot", "JobType": "PyTorchJob", "UserCommand": "c",
        "JobSpecs": [{"Type": "Worker", "PodCount": 1, "Image": "i", "EcsSpec": "ml.gu7i.c32m188.1-gu30",
                      "SpotSpec": {"SpotStrategy": "SpotWithPriceLimit", "SpotDiscountLimit": 0.4}}],
        "UserVpc": {"VpcId": "vpc-1", "SecurityGroupId": "sg-1"},
        "Settings": TAGS,
    })  # fmt: skip
    assert from_create_job_request(body)["resource_type"] == "lingjun"
    assert from_create_job_request(body, resource_type="general")["resource_type"] == "general"
    assert round_trip(body) == body


def test_normalisations() -> None:
    body = sdk({
        "DisplayName": "n", "JobType": "XGBoostJob", "UserCommand": "c",
        "JobSpecs": [{"Type": "Worker", "PodCount": 1, "Image": "i", "EcsSpec": "ecs.g6.large"},
                     {"Type": "Master", "PodCount": 1, "Image": "i", "EcsSpec": "ecs.g6.large"}],
        "CredentialConfig": {"EnableCredentialInject": False},
        "Settings": TAGS,
    })  # fmt: skip
    args = from_create_job_request(body)
    assert args["ram_role"] == "none" and list(args["roles"]) == ["master", "worker"]
    out = round_trip(body)
    assert "CredentialConfig" not in out
    assert [spec["Type"] for spec in out["JobSpecs"]] == ["Master", "Worker"]


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"JobType": "SlurmJob"}, "JobType 'SlurmJob'"),
        ({"ElasticSpec": {"EnableAIMaster": True, "Future": 1}}, "ElasticSpec: unsupported fields Future"),
        ({"JobSpecs": [{"Type": "Worker", "PodCount": 1, "Image": "i", "IsCheif": True}]},
         r"JobSpecs\[0\].IsCheif is not supported: the SDK's deprecated misspelling"),
        ({"Settings": {"DataJuicerConfig": {"CommandType": "shell"}}},
         "Settings.DataJuicerConfig is not supported: configures DataJuicerJob jobs"),
        ({"JobSpecs": [{"Type": "Worker", "PodCount": 1, "Image": "i", "ServiceSpec": {"Ports": [1]}}]},
         r"JobSpecs\[0\].ServiceSpec: unsupported fields Ports"),
        ({"JobSpecs": [{"Type": "Launcher", "PodCount": 1, "Image": "i"}, {"Type": "Launcher", "PodCount": 1}]},
         "a second Launcher JobSpec"),
        ({"JobSpecs": [{"Type": "Worker-x", "PodCount": 1, "Image": "i"}]}, "unsupported Type 'Worker-x'"),
        ({"Settings": {"EnableRDMAX": True}}, "Settings: unsupported fields EnableRDMAX"),
        ({"Settings": {"EnableCPUAffinity": True}}, "apply to resource quotas only"),
        ({"Settings": {"AdvancedSettings": {"EnableNvidiaIBGDA": "yes"}}}, "is not true or false"),
        ({"DataSources": [{"Uri": "oss://b/x", "MountPath": "/m", "Options": "mountType=ossfs"}]}, "not a JSON object"),
        ({"DataSources": [{"Uri": "hdfs://x", "MountPath": "/m"}]}, "is not OSS, NAS, CPFS or BMCPFS"),
        ({"DataSources": [{"DataSourceId": "d", "MountAccess": "WO"}]}, "MountAccess 'WO'"),
        ({"UserVpc": {"VpcId": "v", "DefaultRoute": "eth2"}}, "DefaultRoute 'eth2'"),
        ({"CredentialConfig": {"EnableCredentialInject": True, "AliyunEnvRoleKey": "1",
                               "CredentialConfigItems": [{"Key": "1", "Type": "Role", "Roles": []}]}},
         "only one injected role under key '0'"),
        ({"CredentialConfig": {"EnableCredentialInject": True, "AliyunEnvRoleKey": "0", "CredentialConfigItems": [
            {"Key": "0", "Type": "Role", "Roles": [{"RoleArn": "acs:ram::1:role/r", "RoleType": "user"}]}]}},
         "only one service-assumed custom role"),
    ],
)  # fmt: skip
def test_unsupported_requests_name_what_is_unsupported(patch: dict[str, Any], message: str) -> None:
    body = {"DisplayName": "n", "JobType": "MPIJob", "UserCommand": "c",
            "JobSpecs": [{"Type": "Worker", "PodCount": 1, "Image": "i"}], **patch}  # fmt: skip
    with pytest.raises(UnsupportedRequestError, match=message):
        from_create_job_request(body)
