"""DlcJob input validation: every rule fails with its input path and rule text, and passes when met."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import ValidationError

from dlc_provider.specs.dlc.resources import instance_type_size
from dlc_provider.specs.dlc import (
    IN_PLACE_FIELDS,
    LIFECYCLE_FIELDS,
    DlcJobSpec,
    validate_spec,
    validation_failures,
)

DELETE = object()


def merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``patch`` merged in: nested dicts merge, ``DELETE`` removes a key."""
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is DELETE:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict) and value:
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


PUBLIC = {
    "display_name": "train-1",
    "command": "python train.py",
    "framework": "pytorch",
    "image": "registry.example.com/team/train:1.0",
    "roles": {"worker": {"count": 2, "spec": "ecs.gn6i-c4g1.xlarge"}},
}
QUOTA = merge(
    PUBLIC,
    {
        "resources": {"source": "quota", "quota_id": "quota-1"},
        "roles": {"worker": {"spec": DELETE, "cpu": 8, "gpu": 1, "memory": "32Gi"}},
    },
)
LINGJUN_QUOTA = merge(QUOTA, {"resource_type": "lingjun"})
NETWORK = {"vpc_id": "vpc-1", "vswitch_id": "vsw-1", "security_group_id": "sg-1", "extended_cidrs": ["10.0.0.0/8"]}
LINGJUN_SPOT = merge(
    PUBLIC,
    {
        "resource_type": "lingjun",
        "resources": {"source": "preemptible", "bid": {"discount": 0.5}},
        "roles": {"worker": {"spec": "ml.gu7xf.c96m1600.8-gu108"}},
        "network": NETWORK,
    },
)
TF = merge(PUBLIC, {"framework": "tensorflow"})
RAY = merge(PUBLIC, {"framework": "ray", "roles": {"worker": DELETE, "head": {"spec": "ecs.g6.xlarge"}}})
OSS = {"kind": "oss", "uri": "oss://bucket.oss-cn-hangzhou-internal.aliyuncs.com/data/", "mount_path": "/mnt/oss"}
CPFS = {"kind": "cpfs", "uri": "nas://cpfs-0123abcd.cn-hangzhou/share/", "mount_path": "/mnt/cpfs"}


@dataclass
class Case:
    """A rule: ``bad`` fails at ``path`` with ``text`` in the reason; ``good`` passes."""

    id: str
    bad: dict[str, Any]
    path: str
    text: str
    good: dict[str, Any]
    region: str | None = "cn-hangzhou"


def with_(base: dict[str, Any], **patch: Any) -> dict[str, Any]:
    return merge(base, patch)


FIELD_RULES = [
    Case("display-name", with_(PUBLIC, display_name="train job!"), "display_name", "1-256 letters",
         with_(PUBLIC, display_name="train.job_1-a")),
    Case("display-name-length", with_(PUBLIC, display_name="x" * 257), "display_name", "1-256",
         with_(PUBLIC, display_name="x" * 256)),
    Case("reserved-tag", with_(PUBLIC, tags={"dlc-provider:token": "x"}), "tags", "reserved",
         with_(PUBLIC, tags={"team": "nlp"})),
    Case("env-count", with_(PUBLIC, envs={f"V{i}": "1" for i in range(21)}), "envs", "at most 20",
         with_(PUBLIC, envs={f"V{i}": "1" for i in range(20)})),
    Case("env-name", with_(PUBLIC, envs={"1X": "v"}), "envs", "not an environment variable name",
         with_(PUBLIC, envs={"X_1": "v"})),
    Case("priority-high", with_(QUOTA, priority=10), "priority", "1 (lowest) to 9", with_(QUOTA, priority=9)),
    Case("priority-low", with_(QUOTA, priority=0), "priority", "1 (lowest) to 9", with_(QUOTA, priority=1)),
    Case("max-running-time", with_(PUBLIC, max_running_time_minutes=0), "max_running_time_minutes",
         "at least 1 minute", with_(PUBLIC, max_running_time_minutes=1)),
    Case("timeouts", with_(PUBLIC, timeouts={"create": 0}), "timeouts.create", "greater than 0",
         with_(PUBLIC, timeouts={"create": 3600})),
    Case("role-count", with_(PUBLIC, roles={"worker": {"count": 0}}), "roles.worker.count", "at least 1 node",
         with_(PUBLIC, roles={"worker": {"count": 1}})),
    Case("gpu-negative", with_(QUOTA, roles={"worker": {"gpu": -1}}), "roles.worker.gpu", "cannot be negative",
         with_(QUOTA, roles={"worker": {"gpu": 0}})),
    Case("memory-no-unit", with_(QUOTA, roles={"worker": {"memory": "16"}}), "roles.worker.memory", "has no unit",
         with_(QUOTA, roles={"worker": {"memory": 16}})),
    Case("memory-bad-unit", with_(QUOTA, roles={"worker": {"memory": "16GB"}}), "roles.worker.memory",
         "Mi/Gi/Ti", with_(QUOTA, roles={"worker": {"memory": "16384Mi"}})),
    Case("memory-zero", with_(QUOTA, roles={"worker": {"memory": 0}}), "roles.worker.memory", "more than 0",
         with_(QUOTA, roles={"worker": {"memory": 0.5}})),
    Case("shared-memory-unit", with_(QUOTA, roles={"worker": {"shared_memory": "4gi"}}), "roles.worker.shared_memory",
         "Mi/Gi/Ti", with_(QUOTA, roles={"worker": {"shared_memory": "4Gi"}})),
    Case("cpu-zero", with_(QUOTA, roles={"worker": {"cpu": 0}}), "roles.worker.cpu", "more than 0",
         with_(QUOTA, roles={"worker": {"cpu": 0.5}})),
    Case("node-names", with_(QUOTA, roles={"worker": {"node_names": ["a,b"]}}), "roles.worker.node_names[0]",
         "no comma", with_(QUOTA, roles={"worker": {"node_names": ["node-a", "node-b"]}})),
    Case("ray-role-name", with_(RAY, roles={"ray_workers": {"gpu_a": {"spec": "ecs.g6.xlarge"}}}),
         "roles.ray_workers", "inner hyphens", with_(RAY, roles={"ray_workers": {"gpu-a": {"spec": "ecs.g6.xlarge"}}})),
    Case("bid-discount-range", with_(LINGJUN_SPOT, resources={"bid": {"discount": 0.95}}), "resources.bid.discount",
         "0.1 to 0.9", with_(LINGJUN_SPOT, resources={"bid": {"discount": 0.9}})),
    Case("bid-discount-low", with_(LINGJUN_SPOT, resources={"bid": {"discount": 0.05}}), "resources.bid.discount",
         "10% to 90%", with_(LINGJUN_SPOT, resources={"bid": {"discount": 0.1}})),
    Case("bid-price", with_(LINGJUN_SPOT, resources={"bid": {"discount": DELETE, "price_limit": 0}}),
         "resources.bid.price_limit", "more than 0",
         with_(LINGJUN_SPOT, resources={"bid": {"discount": DELETE, "price_limit": 0.01}})),
    Case("bid-exactly-one", with_(LINGJUN_SPOT, resources={"bid": {"price_limit": 0.02}}), "resources.bid",
         "exactly one", LINGJUN_SPOT),
    Case("public-dataset-read-only",
         with_(PUBLIC, data_sources=[{"kind": "public_dataset", "dataset_id": "d-pub", "read_only": False}]),
         "data_sources[0].read_only", "only be mounted read-only",
         with_(PUBLIC, data_sources=[{"kind": "public_dataset", "dataset_id": "d-pub", "read_only": True}])),
    Case("dataset-mount-path", with_(PUBLIC, data_sources=[{"kind": "custom_dataset", "dataset_id": "d-1",
                                                            "mount_path": "data"}]),
         "data_sources[0].mount_path", "must be absolute",
         with_(PUBLIC, data_sources=[{"kind": "custom_dataset", "dataset_id": "d-1", "mount_path": "/mnt/data"}])),
    Case("storage-mount-path", with_(PUBLIC, storage_mounts=[{**OSS, "mount_path": "mnt"}]),
         "storage_mounts[0].mount_path", "must be absolute", with_(PUBLIC, storage_mounts=[OSS])),
    Case("mount-root", with_(PUBLIC, storage_mounts=[{**OSS, "mount_path": "/"}]),
         "storage_mounts[0].mount_path", "root", with_(PUBLIC, storage_mounts=[{**OSS, "mount_path": "/data"}])),
    Case("code-mount-path", with_(PUBLIC, code_source={"code_source_id": "code-1", "mount_path": "code"}),
         "code_source.mount_path", "must be absolute",
         with_(PUBLIC, code_source={"code_source_id": "code-1", "mount_path": "/root/code"})),
    Case("oss-uri", with_(PUBLIC, storage_mounts=[{**OSS, "uri": "https://bucket/data"}]), "storage_mounts[0].uri",
         "oss://", with_(PUBLIC, storage_mounts=[OSS])),
    Case("nas-uri-kind", with_(PUBLIC, storage_mounts=[{"kind": "nas", "uri": "nas://extreme-01.cn-hangzhou/x/",
                                                        "mount_path": "/mnt/nas"}]),
         "storage_mounts[0].uri", "use kind 'extreme_nas'",
         with_(PUBLIC, storage_mounts=[{"kind": "extreme_nas", "uri": "nas://extreme-01.cn-hangzhou/x/",
                                        "mount_path": "/mnt/nas"}])),
    Case("nas-uri", with_(PUBLIC, storage_mounts=[{"kind": "nas", "uri": "oss://b/x", "mount_path": "/mnt/nas"}]),
         "storage_mounts[0].uri", "nas://",
         with_(PUBLIC, storage_mounts=[{"kind": "nas", "uri": "nas://31a8e4.cn-hangzhou/x/", "mount_path": "/n"}])),
    Case("cpfs-uri", with_(PUBLIC, network=NETWORK, storage_mounts=[{**CPFS, "uri": "nas://31a8e4.cn-hangzhou/"}]),
         "storage_mounts[0].uri", "nas://cpfs-", with_(PUBLIC, network=NETWORK, storage_mounts=[CPFS])),
    Case("bmcpfs-uri", with_(LINGJUN_QUOTA, storage_mounts=[{"kind": "bmcpfs", "uri": "nas://cpfs-1.cn/x",
                                                              "mount_path": "/mnt/bm"}]),
         "storage_mounts[0].uri", "bmcpfs-",
         with_(LINGJUN_QUOTA, storage_mounts=[{"kind": "bmcpfs", "uri": "nas://bmcpfs-1.cn-hangzhou/x",
                                               "mount_path": "/mnt/bm"}])),
    Case("nconnect", with_(PUBLIC, network=NETWORK, storage_mounts=[{**CPFS, "nconnect": 0}]),
         "storage_mounts[0].nconnect", "positive integer",
         with_(PUBLIC, network=NETWORK, storage_mounts=[{**CPFS, "nconnect": 4}])),
    Case("registry-credentials", with_(PUBLIC, image={"kind": "registry", "uri": "r.example.com/a:1", "username": "u"}),
         "image.password", "go together",
         with_(PUBLIC, image={"kind": "registry", "uri": "r.example.com/a:1", "username": "u", "password": "p"})),
    Case("custom-ports-23456", with_(PUBLIC, advanced={"custom_ports": [10000, "23000-24000"]}),
         "advanced.custom_ports[1]", "avoid 23456", with_(PUBLIC, advanced={"custom_ports": "10000;10001-10010"})),
    Case("custom-ports-range", with_(PUBLIC, advanced={"custom_ports": ["10010-10001"]}), "advanced.custom_ports[0]",
         "ascending range", with_(PUBLIC, advanced={"custom_ports": ["10001-10010"]})),
    Case("custom-port-count", with_(PUBLIC, advanced={"custom_port_count": 70000}), "advanced.custom_port_count",
         "1 to 65536", with_(PUBLIC, advanced={"custom_port_count": 65536})),
    Case("ray-positive", with_(RAY, advanced={"ray_submitter_backoff_limit": 0}),
         "advanced.ray_submitter_backoff_limit", "positive integer",
         with_(RAY, advanced={"ray_submitter_backoff_limit": 3})),
    Case("advanced-extra", with_(PUBLIC, advanced={"extra": {"customPortList": "1"}}), "advanced.extra",
         "use `advanced.custom_ports`", with_(PUBLIC, advanced={"extra": {"SomeNewKey": "1"}})),
    Case("ram-role-arn", with_(PUBLIC, ram_role="role/dlc"), "ram_role.role_arn", "acs:ram::",
         with_(PUBLIC, ram_role="acs:ram::1234567890123456:role/dlc-job")),
    Case("cidr", with_(PUBLIC, network={**NETWORK, "extended_cidrs": ["10.0.0.300/8"]}), "network.extended_cidrs[0]",
         "not a CIDR block", with_(PUBLIC, network=NETWORK)),
    Case("unknown-input", with_(PUBLIC, nmae="x"), "nmae", "unknown input 'nmae'; valid inputs: accessibility", PUBLIC),
    Case("retention", with_(PUBLIC, retention={"minutes": -1}), "retention.minutes", "cannot be negative",
         with_(PUBLIC, retention={"minutes": 0, "policy": "OnFailure"})),
]  # fmt: skip

CROSS_FIELD_RULES = [
    Case("role-not-in-framework", with_(PUBLIC, roles={"ps": {"spec": "ecs.g6.large"}}), "roles.ps",
         "not part of PyTorch jobs", with_(TF, roles={"ps": {"spec": "ecs.g6.large"}})),
    Case("ray-workers-only-ray", with_(PUBLIC, roles={"ray_workers": {"cpu": {"spec": "ecs.g6.large"}}}),
         "roles.ray_workers", "Ray jobs only", with_(RAY, roles={"ray_workers": {"cpu": {"spec": "ecs.g6.large"}}})),
    Case("pytorch-needs-worker", with_(PUBLIC, roles={"worker": DELETE, "master": {"spec": "ecs.g6.large"}}),
         "roles.worker", "need a worker role", with_(PUBLIC, roles={"master": {"spec": "ecs.g6.large"}})),
    Case("tf-needs-worker-or-chief", with_(TF, roles={"worker": DELETE, "ps": {"spec": "ecs.g6.large"}}),
         "roles.worker", "need a worker or a chief role",
         with_(TF, roles={"worker": DELETE, "ps": {"spec": "ecs.g6.large"}, "chief": {"spec": "ecs.g6.large"}})),
    Case("ray-needs-head", with_(RAY, roles={"head": DELETE, "worker": {"spec": "ecs.g6.large"}}), "roles.head",
         "need a head role", with_(RAY, roles={"worker": {"spec": "ecs.g6.large"}})),
    Case("quota-needs-cpu", with_(QUOTA, roles={"worker": {"cpu": DELETE}}), "roles.worker.cpu",
         "required with a resource quota", QUOTA),
    Case("quota-needs-memory", with_(QUOTA, roles={"worker": {"memory": DELETE}}), "roles.worker.memory",
         "required with a resource quota", QUOTA),
    Case("quota-no-spec", with_(QUOTA, roles={"worker": {"spec": "ecs.g6.large"}}), "roles.worker.spec",
         "with a resource quota give cpu", QUOTA),
    Case("public-needs-spec", with_(PUBLIC, roles={"worker": {"spec": DELETE}}), "roles.worker.spec",
         "required with public resources", PUBLIC),
    Case("public-no-cpu", with_(PUBLIC, roles={"worker": {"cpu": 4}}), "roles.worker.cpu",
         "only with a resource quota", PUBLIC),
    Case("public-no-node-names", with_(PUBLIC, roles={"worker": {"node_names": ["n1"]}}), "roles.worker.node_names",
         "needs a resource quota", with_(QUOTA, roles={"worker": {"node_names": ["n1"]}})),
    Case("role-bid-preemptible-only", with_(PUBLIC, roles={"worker": {"bid": {"price_limit": 0.1}}}),
         "roles.worker.bid", "preemptible resources only",
         with_(LINGJUN_SPOT, roles={"worker": {"bid": {"price_limit": 0.1}}})),
    Case("gpu-type-needs-gpu", with_(QUOTA, roles={"worker": {"gpu": 0, "gpu_type": "A100"}}),
         "roles.worker.gpu_type", "needs gpu of 1 or more", with_(QUOTA, roles={"worker": {"gpu_type": "A100"}})),
    Case("public-cpu-limit", with_(PUBLIC, roles={"worker": {"spec": "ecs.gn6i-c16g1.4xlarge"}}), "roles.worker.spec",
         "at most 2 GPUs and 8 CPU cores per node", with_(PUBLIC, roles={"worker": {"spec": "ecs.gn6i-c8g1.2xlarge"}})),
    Case("public-gpu-limit", with_(PUBLIC, roles={"worker": {"spec": "ecs.gn6i-c2g1.2xlarge"}}), "roles.worker.spec",
         "has 8 vCPUs and 4 GPUs", with_(PUBLIC, roles={"worker": {"spec": "ecs.gn6i-c4g1.2xlarge"}})),
    Case("image-everywhere", with_(PUBLIC, image=DELETE), "image", "roles.worker has none",
         with_(PUBLIC, image=DELETE, roles={"worker": {"image": {"kind": "official", "uri": "dsw-registry/pai/t:1"}}})),
    Case("lingjun-region", LINGJUN_QUOTA, "resource_type", "offered only in", LINGJUN_QUOTA, region="cn-qingdao"),
    Case("lingjun-framework", with_(LINGJUN_QUOTA, framework="xgboost"), "framework",
         "run only TensorFlow, PyTorch, ElasticBatch, MPIJob and Ray", with_(LINGJUN_QUOTA, framework="elastic_batch")),
    Case("bmcpfs-lingjun-only", with_(QUOTA, storage_mounts=[{"kind": "bmcpfs", "uri": "nas://bmcpfs-1.cn/x",
                                                              "mount_path": "/mnt/bm"}]),
         "storage_mounts[0]", "BMCPFS mounts need Lingjun",
         with_(LINGJUN_QUOTA, storage_mounts=[{"kind": "bmcpfs", "uri": "nas://bmcpfs-1.cn/x", "mount_path": "/b"}])),
    Case("discount-lingjun-only",
         with_(LINGJUN_SPOT, resource_type="general", roles={"worker": {"spec": "ecs.g6.large"}}),
         "resources.bid.discount", "for Lingjun resources only",
         with_(LINGJUN_SPOT, resource_type="general", roles={"worker": {"spec": "ecs.g6.large"}},
               resources={"bid": {"discount": DELETE, "price_limit": 0.05}})),
    Case("lingjun-spot-needs-vpc", with_(LINGJUN_SPOT, network=DELETE), "network", "need a VPC", LINGJUN_SPOT),
    Case("cpu-affinity-general", with_(LINGJUN_QUOTA, resources={"cpu_affinity": True}), "resources.cpu_affinity",
         "general computing", with_(QUOTA, resources={"cpu_affinity": True})),
    Case("port-count-not-lingjun", with_(LINGJUN_QUOTA, advanced={"custom_port_count": 10}),
         "advanced.custom_port_count", "no custom ports", with_(QUOTA, advanced={"custom_port_count": 10})),
    Case("cpfs-needs-vpc", with_(PUBLIC, storage_mounts=[CPFS]), "storage_mounts[0]", "file system's VPC",
         with_(PUBLIC, network=NETWORK, storage_mounts=[CPFS])),
    Case("cpfs-same-vpc", with_(PUBLIC, network=NETWORK, storage_mounts=[{**CPFS, "vpc_id": "vpc-2"}]),
         "storage_mounts[0].vpc_id", "must run in the file system's VPC",
         with_(PUBLIC, network=NETWORK, storage_mounts=[{**CPFS, "vpc_id": "vpc-1"}])),
    Case("sanity-check-general", with_(QUOTA, sanity_check={}), "sanity_check",
         "only for PyTorch jobs with GPUs on a Lingjun resource quota", with_(LINGJUN_QUOTA, sanity_check={})),
    Case("sanity-check-gpus", with_(LINGJUN_QUOTA, sanity_check={}, roles={"worker": {"gpu": 0}}), "sanity_check",
         "no role has GPUs",
         with_(LINGJUN_QUOTA, sanity_check={"args": "--sanity-check-timing=AfterJobFaultTolerant"})),
    Case("sanity-check-framework", with_(LINGJUN_QUOTA, framework="tensorflow", sanity_check={}), "sanity_check",
         "framework is tensorflow", with_(LINGJUN_QUOTA, framework="tensorflow", sanity_check={"enabled": False})),
    Case("pytorch-parameter", with_(TF, advanced={"all_workers_networking": True}), "advanced.all_workers_networking",
         "a PyTorch parameter", with_(PUBLIC, advanced={"all_workers_networking": True})),
    Case("ray-parameter", with_(PUBLIC, advanced={"ray_redis_address": "r:6379"}), "advanced.ray_redis_address",
         "a Ray parameter", with_(RAY, advanced={"ray_redis_address": "r:6379"})),
    Case("ports-exclusive", with_(PUBLIC, advanced={"custom_ports": [10000], "custom_port_count": 3}),
         "advanced.custom_port_count", "not both", with_(PUBLIC, advanced={"custom_port_count": 3})),
    Case("redis-needs-address", with_(RAY, advanced={"ray_redis_password": "pw"}), "advanced.ray_redis_password",
         "needs advanced.ray_redis_address",
         with_(RAY, advanced={"ray_redis_password": "pw", "ray_redis_address": "redis:6379"})),
    Case("runtime-env-replaces", with_(RAY, envs={"A": "1"}, advanced={"ray_runtime_env": {"pip": ["x"]}}),
         "advanced.ray_runtime_env", "replaces envs",
         with_(RAY, advanced={"ray_runtime_env": {"pip": ["x"], "env_vars": {"A": "1"}}})),
    Case("security-group", with_(PUBLIC, network={**NETWORK, "security_group_id": None}),
         "network.security_group_id", "required with a VPC", with_(PUBLIC, network=NETWORK)),
    Case("vswitch-needs-cidrs", with_(PUBLIC, network={**NETWORK, "extended_cidrs": []}), "network.extended_cidrs",
         "required with network.vswitch_id",
         with_(PUBLIC, network={**NETWORK, "vswitch_id": None, "extended_cidrs": []})),
    Case("unique-mount-paths", with_(PUBLIC, data_sources=[{"kind": "custom_dataset", "dataset_id": "d-1",
                                                           "mount_path": "/mnt/oss/"}], storage_mounts=[OSS]),
         "storage_mounts[0].mount_path", "already used by data_sources[0].mount_path",
         with_(PUBLIC, data_sources=[{"kind": "custom_dataset", "dataset_id": "d-1", "mount_path": "/mnt/data"}],
               storage_mounts=[OSS])),
    Case("success-policy-tf", with_(PUBLIC, success_policy="ChiefWorker"), "success_policy", "are TensorFlow settings",
         with_(TF, success_policy="ChiefWorker")),
    Case("thirdparty-one-way", with_(PUBLIC, thirdparty_libs=["numpy"], thirdparty_lib_dir="/code"),
         "thirdparty_lib_dir", "choose one way", with_(PUBLIC, thirdparty_lib_dir="/code")),
    Case("stopped-never-succeeds", with_(PUBLIC, stopped=True, wait_until="succeeded"), "wait_until",
         "never succeeds", with_(PUBLIC, stopped=True, wait_until="submitted")),
    Case("request-size", with_(PUBLIC, command="x" * 70_000), "command",
         "over PAI-DLC's limit of 65,536 bytes", with_(PUBLIC, command="x" * 60_000)),
]  # fmt: skip


@pytest.mark.parametrize("case", FIELD_RULES + CROSS_FIELD_RULES, ids=lambda case: case.id)
def test_rule_fails_at_its_path_and_passes_when_met(case: Case) -> None:
    failures = validation_failures(case.bad, case.region)
    assert any(path == case.path and case.text in reason for path, reason in failures), failures
    good_region = "cn-wulanchabu" if case.id == "lingjun-region" else case.region
    assert validation_failures(case.good, good_region) == []


def test_lingjun_region_is_skipped_when_the_region_is_unknown() -> None:
    assert validation_failures(LINGJUN_QUOTA, None) == []


@pytest.mark.parametrize(
    ("spec", "size"),
    [
        ("ecs.gn6i-c4g1.xlarge", (4, 1)),
        ("ecs.gn6v-c8g1.16xlarge", (64, 8)),
        ("ecs.gn6i-c24g1.12xlarge", (48, 2)),
        ("ecs.g6.large", (2, 0)),
        ("ecs.c6.2xlarge", (8, 0)),
        ("ecs.ebmgn7e.32xlarge", (128, None)),
        ("ml.gu7xf.c96m1600.8-gu108", (None, None)),
    ],
)
def test_instance_type_sizes_for_the_public_limit(spec: str, size: tuple[int | None, int | None]) -> None:
    assert instance_type_size(spec) == size


def test_an_unrecognised_node_spec_is_left_to_the_service() -> None:
    assert validation_failures(with_(PUBLIC, roles={"worker": {"spec": "ecs.ebmgn7e.32xlarge"}})) != []
    assert validation_failures(with_(PUBLIC, roles={"worker": {"spec": "custom.type"}})) == []


def test_all_failures_are_reported_together() -> None:
    bad = with_(PUBLIC, roles={"ps": {"spec": "ecs.g6.large"}}, success_policy="AllWorkers", thirdparty_lib_dir="/d",
                thirdparty_libs=["x"])  # fmt: skip
    paths = [path for path, _ in validation_failures(bad)]
    assert paths == ["roles.ps", "success_policy", "thirdparty_lib_dir"]


def test_model_validate_applies_rules_with_the_region_from_context() -> None:
    with pytest.raises(ValidationError) as raised:
        DlcJobSpec.model_validate(LINGJUN_QUOTA, context={"region": "eu-central-1"})
    assert "resource_type: Lingjun resources are offered only in" in str(raised.value)
    assert DlcJobSpec.model_validate(LINGJUN_QUOTA, context={"region": "cn-beijing"}).resource_type == "lingjun"


def test_validate_spec_lists_every_failure() -> None:
    with pytest.raises(ValueError, match=r"priority: priority is 1 \(lowest\) to 9"):
        validate_spec(with_(QUOTA, priority=99))


def test_shorthands() -> None:
    spec = validate_spec(
        with_(QUOTA, ram_role="pai_default", resources={"idle_resources": True}, roles={"worker": {"memory": 16}})
    )
    assert spec.ram_role.kind == "pai_default"
    assert spec.resources.source == "quota" and spec.resources.idle_resources == "accept"
    assert spec.roles.worker is not None and spec.roles.worker.memory == "16Gi"
    assert spec.image is not None and spec.image.kind == "registry"
    assert validate_spec(with_(PUBLIC, resources="public")).resources.source == "public"
    assert validate_spec(PUBLIC).ram_role.kind == "none"


def test_secrets_stay_out_of_repr_and_errors() -> None:
    registry_password, redis_password = "hunter2-registry", "hunter2-redis"
    image = {"kind": "registry", "uri": "r.example.com/a:1", "username": "u", "password": registry_password}
    good = with_(RAY, image=image, advanced={"ray_redis_address": "redis:6379", "ray_redis_password": redis_password})
    spec = validate_spec(good)
    assert registry_password not in repr(spec) and redis_password not in repr(spec)
    assert registry_password not in str(spec.model_dump())

    bad = with_(good, image={"username": None}, advanced={"ray_redis_address": None, "ray_submitter_backoff_limit": 0})
    failures = validation_failures(bad)
    assert {path for path, _ in failures} >= {"image.username", "advanced.ray_submitter_backoff_limit"}
    with pytest.raises(ValidationError) as raised:
        DlcJobSpec.model_validate(bad)
    # errors() carries raw input unless asked not to; validation_failures never asks for it.
    for text in (str(failures), str(raised.value), repr(raised.value.errors(include_input=False))):
        assert registry_password not in text and redis_password not in text


def test_in_place_fields_are_one_constant_next_to_the_model() -> None:
    assert {"priority", "stopped", "wait_until", "timeouts"} == IN_PLACE_FIELDS
    assert set(DlcJobSpec.UPDATE_FIELDS) == IN_PLACE_FIELDS
    assert set(DlcJobSpec.REPLACE_FIELDS) == set(DlcJobSpec.model_fields) - IN_PLACE_FIELDS
    assert set(LIFECYCLE_FIELDS) <= IN_PLACE_FIELDS
    assert "command" in DlcJobSpec.REPLACE_FIELDS and "tags" in DlcJobSpec.REPLACE_FIELDS


def test_wait_until_defaults_to_running() -> None:
    spec = validate_spec(PUBLIC)
    assert spec.wait_until == "running" and spec.stopped is False


def test_descriptions_document_every_field() -> None:
    for name, field in DlcJobSpec.model_fields.items():
        assert field.description, name
