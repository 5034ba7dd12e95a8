"""The rules of the CreateJob fields beyond the console's form: each fails at its input path with its rule,
and the same input passes once the rule is met."""

from __future__ import annotations

from typing import Any

import pytest

from dlc_provider.specs.dlc import validate_spec, validation_failures

from .test_dlc_job_spec import DELETE, LINGJUN_QUOTA, PUBLIC, QUOTA, Case, merge

SPOT = merge(PUBLIC, {"resources": {"source": "preemptible", "bid": {"price_limit": 0.1}}})
TF = merge(PUBLIC, {"framework": "tensorflow", "roles": {"ps": {"count": 1, "spec": "ecs.g6.large"}}})
TWO_ROLES = merge(PUBLIC, {"roles": {"master": {"count": 1, "spec": "ecs.g6.large"}}})
CONTAINER = {"name": "side", "image": "busybox:1.36"}


def role(base: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return merge(base, {"roles": {"worker": fields}})


CASES = [
    # one field
    Case("restart-policy", role(PUBLIC, restart_policy="Sometimes"), "roles.worker.restart_policy", "Always",
         role(PUBLIC, restart_policy="OnFailure")),
    Case("system-disk-size", role(PUBLIC, system_disk={"category": "cloud_essd", "size": 10}),
         "roles.worker.system_disk", "20-2048 GiB", role(PUBLIC, system_disk={"category": "cloud_essd", "size": 40})),
    Case("system-disk-level", role(PUBLIC, system_disk={"category": "cloud_auto", "performance_level": "PL1"}),
         "roles.worker.system_disk", "ESSD disks only",
         role(PUBLIC, system_disk={"category": "cloud_essd", "performance_level": "PL1"})),
    Case("service-port-range", role(PUBLIC, service_spec={"default_port": 70000}),
         "roles.worker.service_spec.default_port", "65535", role(PUBLIC, service_spec={"default_port": 7000})),
    Case("service-ports-distinct", role(PUBLIC, service_spec={"default_port": 80, "extra_ports": [80]}),
         "roles.worker.service_spec", "distinct", role(PUBLIC, service_spec={"default_port": 80, "extra_ports": [81]})),
    Case("service-mode", role(PUBLIC, service_spec={"service_mode": "PerNode"}),
         "roles.worker.service_spec.service_mode", "PerRole", role(PUBLIC, service_spec={"service_mode": "PerPod"})),
    Case("container-name", role(PUBLIC, extra_pod_spec={"init_containers": [{**CONTAINER, "name": "Bad_Name"}]}),
         "roles.worker.extra_pod_spec.init_containers[0].name", "lowercase",
         role(PUBLIC, extra_pod_spec={"init_containers": [CONTAINER]})),
    Case("container-names-unique",
         role(PUBLIC, extra_pod_spec={"init_containers": [CONTAINER], "side_car_containers": [CONTAINER]}),
         "roles.worker.extra_pod_spec", "appears twice",
         role(PUBLIC, extra_pod_spec={"init_containers": [CONTAINER],
                                      "side_car_containers": [{**CONTAINER, "name": "other"}]})),
    Case("seccomp", role(PUBLIC, extra_pod_spec={"main_container_security_context": {
        "seccomp_profile": {"type": "RuntimeDefault", "localhost_profile": "x.json"}}}),
         "roles.worker.extra_pod_spec.main_container_security_context.seccomp_profile", "exactly when type is Localhost",
         role(PUBLIC, extra_pod_spec={"main_container_security_context": {
             "seccomp_profile": {"type": "Localhost", "localhost_profile": "x.json"}}})),
    Case("shared-volume-path", role(PUBLIC, extra_pod_spec={"shared_volume_mount_paths": ["shared"]}),
         "roles.worker.extra_pod_spec.shared_volume_mount_paths", "absolute",
         role(PUBLIC, extra_pod_spec={"shared_volume_mount_paths": ["/shared"]})),
    Case("lifecycle-command", role(PUBLIC, extra_pod_spec={"lifecycle": {"pre_stop": {"exec": {"command": []}}}}),
         "roles.worker.extra_pod_spec.lifecycle.pre_stop.exec.command", "at least 1",
         role(PUBLIC, extra_pod_spec={"lifecycle": {"pre_stop": {"exec": {"command": ["sync"]}}}})),
    Case("local-mount-absolute", role(PUBLIC, local_mount_specs=[{"local_path": "nvme", "mount_path": "/cache"}]),
         "roles.worker.local_mount_specs[0].local_path", "absolute",
         role(PUBLIC, local_mount_specs=[{"local_path": "/nvme", "mount_path": "/cache"}])),
    Case("driver-format", role(PUBLIC, driver="latest"), "roles.worker.driver", "535.54.03",
         role(PUBLIC, driver="535.54.03")),
    Case("auto-scaling-order", role(PUBLIC, auto_scaling_spec={"min_replicas": 3, "max_replicas": 2}),
         "roles.worker.auto_scaling_spec", "must not exceed", role(PUBLIC, auto_scaling_spec={"min_replicas": 1,
                                                                                                "max_replicas": 3})),
    Case("custom-env-key", merge(PUBLIC, {"custom_envs": [{"key": "1X", "value": "v"}]}), "custom_envs[0].key",
         "letters, digits", merge(PUBLIC, {"custom_envs": [{"key": "X1", "value": "v"}]})),
    Case("custom-env-unique", merge(PUBLIC, {"custom_envs": [{"key": "A", "value": "1"}, {"key": "A", "value": "2"}]}),
         "custom_envs", "appears twice", merge(PUBLIC, {"custom_envs": [{"key": "A", "value": "1"}]})),
    Case("elastic-pairs", merge(PUBLIC, {"elastic_spec": {"min_parallelism": 4, "max_parallelism": 2}}),
         "elastic_spec", "must not exceed", merge(PUBLIC, {"elastic_spec": {"min_parallelism": 1, "max_parallelism": 2}})),
    Case("elastic-edp", merge(PUBLIC, {"elastic_spec": {"edp_max_parallelism": 2}}), "elastic_spec",
         "need enable_edp", merge(PUBLIC, {"elastic_spec": {"enable_edp": True, "edp_max_parallelism": 2}})),
    Case("grace-period", merge(PUBLIC, {"settings": {"termination_grace_period_seconds": -1}}),
         "settings.termination_grace_period_seconds", "greater than or equal to 0",
         merge(PUBLIC, {"settings": {"termination_grace_period_seconds": 30}})),
    Case("shell", merge(PUBLIC, {"settings": {"shell": "bash"}}), "settings.shell", "absolute path",
         merge(PUBLIC, {"settings": {"shell": "/bin/bash"}})),
    Case("rdma-all-devices", merge(LINGJUN_QUOTA, {"settings": {"allocate_all_rdma_devices": True}}),
         "settings", "needs enable_rdma", merge(LINGJUN_QUOTA, {"settings": {"allocate_all_rdma_devices": True,
                                                                             "enable_rdma": True}}),
         region="cn-wulanchabu"),
    Case("template-version", merge(PUBLIC, {"template_version": 0, "template_id": "t"}), "template_version",
         "greater than or equal to 1", merge(PUBLIC, {"template_version": 1, "template_id": "t"})),
    Case("image-auth-or-user", merge(PUBLIC, {"image": {"kind": "registry", "uri": "r.example.com/a:1", "auth": "x",
                                                        "username": "u", "password": "p"}}),
         "image.auth", "not both", merge(PUBLIC, {"image": {"kind": "registry", "uri": "r.example.com/a:1", "auth": "x"}})),
    Case("role-chain-json", merge(PUBLIC, {"data_sources": [{"kind": "custom_dataset", "dataset_id": "d-1",
                                                             "role_chain": "[1]"}]}),
         "data_sources[0].role_chain", "JSON list",
         merge(PUBLIC, {"data_sources": [{"kind": "custom_dataset", "dataset_id": "d-1",
                                          "role_chain": [{"roleType": "service", "roleArn": "acs:ram::1:role/a"}]}]})),
    # across fields
    Case("hyper-nodes-lingjun", role(QUOTA, hyper_nodes=[{"hyper_node_name": "hn-1"}]), "roles.worker.hyper_nodes",
         "Lingjun resources only", role(LINGJUN_QUOTA, hyper_nodes=[{"hyper_node_name": "hn-1"}]),
         region="cn-wulanchabu"),
    Case("rdma-lingjun", merge(QUOTA, {"settings": {"enable_rdma": True}}), "settings.enable_rdma",
         "Lingjun resources only", merge(LINGJUN_QUOTA, {"settings": {"enable_rdma": True}}), region="cn-wulanchabu"),
    Case("privileged", role(PUBLIC, extra_pod_spec={"main_container_security_context": {"privileged": True}}),
         "roles.worker.extra_pod_spec.main_container_security_context.privileged", "Lingjun",
         role(LINGJUN_QUOTA, extra_pod_spec={"main_container_security_context": {"privileged": True}}),
         region="cn-wulanchabu"),
    Case("quota-id-quota-only", role(PUBLIC, quota_id="quota-2"), "roles.worker.quota_id", "only with a resource quota",
         role(QUOTA, quota_id="quota-2")),
    Case("oversold-quota-only", role(SPOT, oversold_type="AcceptQuotaOverSold"), "roles.worker.oversold_type",
         "only with a resource quota", role(QUOTA, oversold_type="AcceptQuotaOverSold")),
    Case("unschedulable-quota-only", merge(PUBLIC, {"settings": {"allow_unschedulable_nodes": True}}),
         "settings.allow_unschedulable_nodes", "resource quota",
         merge(QUOTA, {"settings": {"allow_unschedulable_nodes": True}})),
    Case("spot-preemptible-only", role(PUBLIC, use_spot_instance=True), "roles.worker.use_spot_instance",
         "only with preemptible resources", role(SPOT, use_spot_instance=True)),
    Case("elastic-spot-preemptible-only", role(QUOTA, elastic_spot_specs=[{"instance_type": "ecs.g6.large"}]),
         "roles.worker.elastic_spot_specs", "preemptible",
         role(SPOT, elastic_spot_specs=[{"instance_type": "ecs.g6.large"}])),
    Case("elastic-spot-restarts", merge(SPOT, {"settings": {"elastic_spot_job_max_restart_times": 2}}),
         "settings.elastic_spot_job_max_restart_times", "elastic_spot_specs",
         merge(role(SPOT, elastic_spot_specs=[{"instance_type": "ecs.g6.large"}]),
               {"settings": {"elastic_spot_job_max_restart_times": 2}})),
    Case("system-disk-not-quota", role(QUOTA, system_disk={"category": "cloud_essd"}), "roles.worker.system_disk",
         "public and preemptible", role(PUBLIC, system_disk={"category": "cloud_essd"})),
    Case("dependency-self", role(TWO_ROLES, startup_dependencies=[{"type": "Worker"}]),
         "roles.worker.startup_dependencies[0].type", "cannot wait for itself",
         role(TWO_ROLES, startup_dependencies=[{"type": "Master"}])),
    Case("dependency-unknown-role", role(PUBLIC, startup_dependencies=[{"type": "Master"}]),
         "roles.worker.startup_dependencies[0].type", "not a role of this job",
         role(TWO_ROLES, startup_dependencies=[{"type": "Master"}])),
    Case("dependency-replicas", role(TWO_ROLES, startup_dependencies=[{"type": "Master", "min_replicas": 2}]),
         "roles.worker.startup_dependencies[0].min_replicas", "has only 1 pods",
         role(TWO_ROLES, startup_dependencies=[{"type": "Master", "min_replicas": 1}])),
    Case("dependency-cycle", merge(role(TWO_ROLES, startup_dependencies=[{"type": "Master"}]),
                                   {"roles": {"master": {"startup_dependencies": [{"type": "Worker"}]}}}),
         "roles.master.startup_dependencies", "waits for itself", role(TWO_ROLES, startup_dependencies=[{"type": "Master"}])),
    Case("auto-scaling-bounds", role(PUBLIC, auto_scaling_spec={"min_replicas": 3, "max_replicas": 5}),
         "roles.worker.auto_scaling_spec", "must lie within", role(PUBLIC, auto_scaling_spec={"min_replicas": 1,
                                                                                               "max_replicas": 5})),
    Case("one-chief", merge(role(TWO_ROLES, is_chief=True), {"roles": {"master": {"is_chief": True}}}),
         "roles.worker.is_chief", "only one role", role(TWO_ROLES, is_chief=True)),
    Case("driver-needs-gpu", role(QUOTA, gpu=DELETE, driver="535.54.03"), "roles.worker.driver", "needs GPU nodes",
         role(QUOTA, driver="535.54.03")),
    Case("consider-needs-partial", role(PUBLIC, consider_in_success_policy=True),
         "roles.worker.consider_in_success_policy", "success_policy: Partial",
         merge(role(PUBLIC, consider_in_success_policy=True), {"success_policy": "Partial"})),
    Case("partial-needs-a-role", merge(PUBLIC, {"success_policy": "Partial"}), "success_policy",
         "at least one role", merge(role(PUBLIC, consider_in_success_policy=True), {"success_policy": "Partial"})),
    Case("custom-env-vs-envs", merge(PUBLIC, {"envs": {"A": "1"}, "custom_envs": [{"key": "A", "value": "2"}]}),
         "custom_envs[0].key", "also in envs", merge(PUBLIC, {"envs": {"B": "1"}, "custom_envs": [{"key": "A", "value": "2"}]})),
    Case("template-version-needs-id", merge(PUBLIC, {"template_version": 2}), "template_version", "needs template_id",
         merge(PUBLIC, {"template_version": 2, "template_id": "tmpl-1"})),
    Case("elastic-ps-tensorflow", merge(PUBLIC, {"elastic_spec": {"enable_ps_job_elastic_ps": True}}),
         "elastic_spec.enable_ps_job_elastic_ps", "TensorFlow PS jobs",
         merge(TF, {"elastic_spec": {"enable_ps_job_elastic_ps": True}})),
    Case("elastic-worker-bounds", merge(PUBLIC, {"elastic_spec": {"min_parallelism": 3}}),
         "elastic_spec.min_parallelism", "must lie within", merge(PUBLIC, {"elastic_spec": {"min_parallelism": 2}})),
    Case("local-mount-unique", role(merge(PUBLIC, {"storage_mounts": [
        {"kind": "oss", "uri": "oss://bucket/x/", "mount_path": "/cache"}]}),
        local_mount_specs=[{"local_path": "/nvme", "mount_path": "/cache/"}]),
         "roles.worker.local_mount_specs[0].mount_path", "already used",
         role(PUBLIC, local_mount_specs=[{"local_path": "/nvme", "mount_path": "/cache/"}])),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_fails_at_its_path_and_passes_when_met(case: Case) -> None:
    failures = validation_failures(case.bad, case.region)
    assert any(path == case.path and case.text in reason for path, reason in failures), failures
    assert validation_failures(case.good, case.region) == []


def test_custom_env_values_never_show_in_failures() -> None:
    bad = merge(PUBLIC, {"custom_envs": [{"key": "TOKEN", "value": "s3cr3t-v4lue", "visible": "maybe"}]})
    failures = validation_failures(bad)
    assert failures and "s3cr3t-v4lue" not in repr(failures)


def test_the_new_fields_reach_the_request() -> None:
    spec = validate_spec(merge(role(PUBLIC, restart_policy="Never", command="python worker.py"),
                               {"settings": {"termination_grace_period_seconds": 30}}))
    from dlc_provider.specs.dlc import to_create_job_request

    body = to_create_job_request(spec, region="cn-hangzhou", token="t").to_map()
    assert body["JobSpecs"][0]["RestartPolicy"] == "Never"
    assert body["JobSpecs"][0]["UserCommand"] == "python worker.py"
    assert body["Settings"]["TerminationGracePeriodSeconds"] == 30


def test_values_unknown_at_preview_never_fail_the_new_rules() -> None:
    from dlc_provider.specs.dlc import UNKNOWN

    data = merge(TWO_ROLES, {
        "roles": {"worker": {"startup_dependencies": [{"type": UNKNOWN}],
                             "auto_scaling_spec": {"min_replicas": UNKNOWN, "max_replicas": 3},
                             "local_mount_specs": [{"local_path": "/x", "mount_path": UNKNOWN}]},
                  "master": {"count": UNKNOWN, "is_chief": True, "driver": UNKNOWN}},
        "custom_envs": [{"key": UNKNOWN, "value": UNKNOWN}],
        "settings": {"termination_grace_period_seconds": UNKNOWN},
        "elastic_spec": {"min_parallelism": UNKNOWN},
        "success_policy": UNKNOWN,
    })  # fmt: skip
    assert validation_failures(data, "cn-hangzhou") == []
