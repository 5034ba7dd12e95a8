"""CreateJob requests that between them set every field of the installed SDK's CreateJobRequest, JobSpec and
JobSettings (and their sub-structures) with valid values; used by the surface enumeration tests and the fake's
tests of the same fields."""

from __future__ import annotations

from typing import Any

from alibabacloud_pai_dlc20201203.models import CreateJobRequest

from dlc_provider.specs.dlc import TOKEN_TAG_KEY

TOKEN = "0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c"


def sdk(body: dict[str, Any]) -> dict[str, Any]:
    """The body as the SDK puts it on the wire (it adds empty lists for unset nested lists)."""
    return CreateJobRequest().from_map(body).to_map()


CONTAINER = {
    "Name": "fetch", "Image": "busybox:1.36", "Command": ["sh", "-c"], "Args": ["cp -r /src /shared"],
    "WorkingDir": "/work", "Env": [{"Name": "MODE", "Value": "copy"}],
    "Resources": {"Limits": {"cpu": "1", "memory": "1Gi"}, "Requests": {"cpu": "500m"}},
    "SecurityContext": {"RunAsUser": 1000, "RunAsGroup": 1000, "Privileged": False,
                        "Capabilities": {"Add": ["SYS_PTRACE"], "Drop": ["NET_RAW"]},
                        "SeccompProfile": {"Type": "Localhost", "LocalhostProfile": "profiles/train.json"}},
}  # fmt: skip

EXTRA_POD_SPEC = {
    "InitContainers": [CONTAINER],
    "SideCarContainers": [{**CONTAINER, "Name": "exporter", "SecurityContext": {
        "SeccompProfile": {"Type": "RuntimeDefault"}}}],
    "PodAnnotations": {"prometheus.io/scrape": "true"},
    "PodLabels": {"team": "llm"},
    "SharedVolumeMountPaths": ["/shared"],
    "Lifecycle": {"PostStart": {"Exec": {"Command": ["sh", "-c", "echo up"]}},
                  "PreStop": {"Exec": {"Command": ["sh", "-c", "sync"]}}},
    "MainContainerSecurityContext": {"RunAsUser": 0, "Privileged": True},
}  # fmt: skip

#: Lingjun, resource quota, PyTorch: every Lingjun- and quota-only field, the job-wide extras.
LINGJUN_FULL = sdk({
    "DisplayName": "llm-full", "Description": "every field", "JobType": "PyTorchJob",
    "UserCommand": "torchrun train.py", "WorkspaceId": "86995", "ResourceId": "quota-lj",
    "SuccessPolicy": "Partial",
    "CustomEnvs": [{"Key": "HF_TOKEN", "Value": "hf-secret", "Visible": "false"},
                   {"Key": "STAGE", "Value": "pretrain", "Visible": "true"}],
    "ElasticSpec": {"EnableElasticTraining": True, "MinParallelism": 2, "MaxParallelism": 8,
                    "ElasticStrategy": "ByPriority", "EnableAIMaster": True, "AIMasterType": "Standard",
                    "AIMasterDockerImage": "registry.example.com/pai/aimaster:1", "EnableEDP": True,
                    "EDPMinParallelism": 1, "EDPMaxParallelism": 4},
    "SchedulingStrategy": "Spread", "TemplateId": "tmpl-42", "TemplateVersion": 3,
    "DebuggerConfigContent": '{"enabled":false}',
    "JobSpecs": [
        {"Type": "Master", "PodCount": 1, "Image": "acr.example.com/llm/train:3",
         "ImageConfig": {"DockerRegistry": "acr.example.com", "Auth": "cm9ib3Q6cHc="},
         "ResourceConfig": {"CPU": "96", "GPU": "8", "GPUType": "H800", "Memory": "1600Gi", "SharedMemory": "800Gi"},
         "QuotaId": "quota-master", "OversoldType": "ForbiddenQuotaOverSold", "IsChief": True,
         "Driver": "535.54.03",
         "AssignNodeSpec": {"EnableAssignNode": True, "NodeNames": "lj-1,lj-2", "AntiAffinityNodeNames": "lj-9",
                            "HyperNodes": [{"HyperNodeName": "hn-1", "NodeNames": "lj-1,lj-2"}],
                            "AntiAffinityHyperNodes": [{"HyperNodeName": "hn-9"}]},
         "HyperNodeSchedulingConfig": {"MinAvailable": 1, "QualityPolicy": "Strict"},
         "LocalMountSpecs": [{"LocalPath": "/mnt/nvme", "MountPath": "/cache", "MountMode": "ReadWrite"}]},
        {"Type": "Worker", "PodCount": 4, "Image": "acr.example.com/llm/train:3",
         "ImageConfig": {"DockerRegistry": "acr.example.com", "Auth": "cm9ib3Q6cHc="},
         "ResourceConfig": {"CPU": "96", "GPU": "8", "GPUType": "H800", "Memory": "1600Gi"},
         "UserCommand": "torchrun --node_rank=$RANK train.py", "RestartPolicy": "OnFailure",
         "ServiceSpec": {"DefaultPort": 8000, "ExtraPorts": [8001, 8002], "ServiceMode": "PerRole"},
         "ExtraPodSpec": EXTRA_POD_SPEC,
         "StartupDependencies": [{"Type": "Master", "OnPhase": "Running", "MinReplicas": "1"}],
         "AutoScalingSpec": {"MinReplicas": 2, "MaxReplicas": 8, "ScalingStrategy": "Default",
                             "PodsToDelete": ["w-3"],
                             "AutoscalingMetricSpec": {"MetricName": "gpu_util", "TargetValue": 80,
                                                       "StabilizationWindowSeconds": 300, "Tolerance": "10%"}},
         "ConsiderInSuccessPolicy": True},
    ],
    "DataSources": [
        {"DataSourceId": "d-corpus", "MountPath": "/mnt/corpus", "EnableCache": True,
         "RoleArn": "acs:ram::1234567890123456:role/data"},
        {"Uri": "nas://bmcpfs-29f1.cn-wulanchabu/ckpt/", "MountPath": "/mnt/ckpt", "AccessPointId": "ap-1",
         "RoleChain": '[{"roleType":"service","roleArn":"acs:ram::1:role/a","assumeRoleFor":"1"}]'},
    ],
    "UserVpc": {"VpcId": "vpc-lj", "SecurityGroupId": "sg-lj"},
    "Settings": {
        "Tags": {TOKEN_TAG_KEY: TOKEN}, "EnableRDMA": True, "AllocateAllRDMADevices": True,
        "AllowUnschedulableNodes": True, "DisableEcsStockCheck": True, "Driver": "550.90.07",
        "EnableDSWDev": True, "EnableOssAppend": True, "TerminationGracePeriodSeconds": 60, "Shell": "/bin/bash",
        "PipelineId": "flow-7", "BusinessUserId": "2001", "Caller": "dlc-provider",
        "ModelConfig": {"ModelName": "llm-7b", "ModelTemplate": {"Collections": "base", "ModelName": "qwen",
                                                                 "Provider": "pai"}},
    },
})  # fmt: skip

#: General computing, preemptible, TensorFlow: the spot fields, system disks and the elastic PS fields.
SPOT_TF_FULL = sdk({
    "DisplayName": "tf-spot", "JobType": "TFJob", "UserCommand": "python train.py",
    "ElasticSpec": {"EnablePsJobElasticPS": True, "EnablePsJobElasticWorker": True,
                    "EnablePsResourceEstimate": True, "PSMinParallelism": 1, "PSMaxParallelism": 2},
    "JobSpecs": [
        {"Type": "Worker", "PodCount": 2, "Image": "tf:2.12", "EcsSpec": "ecs.gn6i-c4g1.xlarge",
         "SpotSpec": {"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": 0.02}, "UseSpotInstance": True,
         "ElasticSpotSpecs": [{"InstanceType": "ecs.gn7i-c8g1.2xlarge", "SpotStrategy": "LowestPrice",
                               "SpotDiscountLimit": 90.0, "SpotPriceLimit": 1.5}],
         "SystemDisk": {"Category": "cloud_auto", "Size": 200}, "RestartPolicy": "ExitCode"},
        {"Type": "PS", "PodCount": 1, "Image": "tf:2.12", "EcsSpec": "ecs.g6.large",
         "SpotSpec": {"SpotStrategy": "SpotWithPriceLimit", "SpotPriceLimit": 0.02}, "UseSpotInstance": True,
         "SystemDisk": {"Category": "cloud_essd", "PerformanceLevel": "PL1", "Size": 100}},
    ],
    "Settings": {"Tags": {TOKEN_TAG_KEY: TOKEN}, "ElasticSpotJobMaxRestartTimes": 3},
})  # fmt: skip

#: General computing resource quota, XGBoost: the general-quota settings and the older top-level fields.
GENERAL_QUOTA_FULL = sdk({
    "DisplayName": "xgb-quota", "JobType": "XGBoostJob", "UserCommand": "python xgb.py", "ResourceId": "quota-ecs",
    "Options": "fs.oss.download.thread.concurrency=4", "JobMaxRunningTimeMinutes": 120, "Priority": 2,
    "ThirdpartyLibs": ["xgboost==2.0.3"], "Accessibility": "PRIVATE",
    "CodeSource": {"CodeSourceId": "code-7", "Branch": "main", "Commit": "a1b2c3", "MountPath": "/mnt/code",
                   "IsSharedMountPath": True},
    "JobSpecs": [{"Type": "Worker", "PodCount": 2, "Image": "xgb:2", "ResourceConfig": {"CPU": "8", "Memory": "32Gi"},
                  "AssignNodeSpec": {"EnableAssignNode": True, "AntiAffinityNodeNames": "node-bad"},
                  "RestartPolicy": "Always"}],
    "Settings": {"Tags": {TOKEN_TAG_KEY: TOKEN}, "EnableCPUAffinity": True, "EnableTideResource": False,
                 "OversoldType": "AcceptQuotaOverSold"},
})  # fmt: skip

SAMPLES = {"lingjun-quota-pytorch": (LINGJUN_FULL, "cn-wulanchabu"), "preemptible-tensorflow": (SPOT_TF_FULL, "cn-hangzhou"),
           "general-quota-xgboost": (GENERAL_QUOTA_FULL, "cn-hangzhou")}
