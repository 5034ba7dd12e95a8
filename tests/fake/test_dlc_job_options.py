"""PAI-DLC's CreateJob fields beyond the console's form, through both doors: stored and read back in the
shapes the SDK parses, refused with the service's codes when they break a rule, and doing what they say
(restarts, startup dependencies, scaling, the stop grace period)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request, job_spec

from ..unit._surface_samples import GENERAL_QUOTA_FULL, LINGJUN_FULL, SPOT_TF_FULL
from .builders import create_security_group, create_vpc, create_workspace
from .doors import Door, api_error

RUN = {"FAKE_DLC_RUN_SECONDS": "30"}
TO_RUNNING = [2, 3, 5]  # Creating, Queuing, EnvPreparing (manual clock)


def get(door: Door, job_id: str) -> dlc.GetJobResponseBody:
    return dlc_client(door.endpoint).get_job(job_id, dlc.GetJobRequest()).body


def submit(door: Door, body: dict[str, Any], region: str = "cn-hangzhou") -> str:
    return dlc_client(door.endpoint, region).create_job(dlc.CreateJobRequest().from_map(body)).body.job_id


def sent_subset(sent: Any, got: Any) -> bool:
    """Every field sent is in the reply with the same value (the reply may add fields)."""
    if isinstance(sent, dict):
        return isinstance(got, dict) and all(sent_subset(v, got.get(k)) for k, v in sent.items() if v not in ([], {}))
    if isinstance(sent, list):
        return isinstance(got, list) and len(sent) == len(got) and all(map(sent_subset, sent, got))
    return sent == got


@pytest.mark.parametrize(("name", "body", "region"), [
    ("preemptible-tensorflow", SPOT_TF_FULL, "cn-hangzhou"),
    ("general-quota-xgboost", GENERAL_QUOTA_FULL, "cn-hangzhou"),
    ("lingjun-quota-pytorch", LINGJUN_FULL, "cn-hangzhou"),
])  # fmt: skip
def test_every_field_is_stored_and_returned(door: Door, name: str, body: dict[str, Any], region: str) -> None:
    body = copy.deepcopy(body)
    if body.get("WorkspaceId"):
        body["WorkspaceId"] = create_workspace(door)
    if name.startswith("lingjun"):
        body["ResourceId"] = "quota-lingjun-demo"  # the fake's Lingjun quota
        vpc_id = create_vpc(door)
        body["UserVpc"] = {"VpcId": vpc_id, "SecurityGroupId": create_security_group(door, vpc_id)}
    job_id = submit(door, {k: v for k, v in body.items() if v is not None}, region)
    job = dlc_client(door.endpoint, region).get_job(job_id, dlc.GetJobRequest()).body.to_map()
    for sent, got in zip(body["JobSpecs"], job["JobSpecs"], strict=True):
        assert sent_subset(sent, got), (sent, got)
    settings = {k: v for k, v in body["Settings"].items()}
    assert sent_subset(settings, job["Settings"])
    for key in ("ElasticSpec", "SchedulingStrategy"):
        assert sent_subset(body.get(key), job.get(key))
    for sent, got in zip(body.get("CustomEnvs") or [], job.get("CustomEnvs") or [], strict=True):
        assert (got["Key"], got["Visible"]) == (sent["Key"], sent["Visible"])
        assert got["Value"] == (sent["Value"] if sent["Visible"] == "true" else "******")  # invisible: hidden
    assert job["EnabledDebugger"] is bool(body.get("DebuggerConfigContent"))
    listed = dlc_client(door.endpoint, region).list_jobs(dlc.ListJobsRequest(job_id=job_id)).body.jobs[0]
    assert listed.template_id == (body.get("TemplateId") or "")


def spec(role: str = "Worker", **fields: Any) -> dlc.JobSpec:
    return job_spec(role, **fields)


@pytest.mark.parametrize(("fields", "code"), [
    ({"job_specs": [spec(restart_policy="Sometimes")]}, "InvalidParameter.JobSpecs.RestartPolicy"),
    ({"job_specs": [spec(system_disk=dlc.SystemDisk(category="cloud_essd", size=4))]},
     "InvalidParameter.JobSpecs.SystemDisk.Size"),
    ({"job_specs": [spec(service_spec=dlc.ServiceSpec(default_port=80, extra_ports=[80]))]},
     "InvalidParameter.JobSpecs.ServiceSpec"),
    ({"job_specs": [spec(startup_dependencies=[dlc.StartupDependency(type="Master")])]},
     "InvalidParameter.JobSpecs.StartupDependencies"),
    ({"job_specs": [spec(pod_count=4, auto_scaling_spec=dlc.AutoScalingSpec(min_replicas=1, max_replicas=2))]},
     "InvalidParameter.JobSpecs.AutoScalingSpec"),
    ({"job_specs": [spec("Master", is_chief=True), spec(is_chief=True)]}, "InvalidParameter.JobSpecs.IsChief"),
    ({"job_specs": [spec(hyper_node_scheduling_config=dlc.HyperNodeSchedulingConfig(min_available=1))]},
     "InvalidParameter.JobSpecs.HyperNodeSchedulingConfig"),
    ({"settings": dlc.JobSettings(enable_rdma=True)}, "InvalidParameter.Settings.EnableRDMA"),
    ({"settings": dlc.JobSettings(termination_grace_period_seconds=-1)},
     "InvalidParameter.Settings.TerminationGracePeriodSeconds"),
    ({"custom_envs": [dlc.CreateJobRequestCustomEnvs(key="A", value="1", visible="no")]},
     "InvalidParameter.CustomEnvs.Visible"),
    ({"elastic_spec": dlc.JobElasticSpec(min_parallelism=3, max_parallelism=2)}, "InvalidParameter.ElasticSpec"),
    ({"template_version": 2}, "InvalidParameter.TemplateVersion"),
    ({"workspace_id": "424242"}, "InvalidParameter.WorkspaceId"),
])  # fmt: skip
def test_rules_refuse_with_the_services_codes(door: Door, fields: dict[str, Any], code: str) -> None:
    with api_error(code, 400):
        dlc_client(door.endpoint).create_job(job_request(**fields))


def test_a_restart_policy_restarts_the_failing_pod(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    request = job_request(specs=[job_spec(restart_policy="OnFailure")], envs={**RUN, "FAKE_DLC_OUTCOME": "fail"})
    job_id = client.create_job(request).body.job_id
    for step in [*TO_RUNNING, 30]:
        manual_door.cloud.clock.advance(step)
    restarting = get(manual_door, job_id)
    assert restarting.status == "Restarting" and restarting.reason_code == "JobRestarting"
    (pod,) = restarting.pods
    (old,) = pod.history_pods
    assert pod.pod_id == f"{old.pod_id}-r1" and pod.pod_uid != old.pod_uid and old.status == "Failed"
    assert pod.pod_id in restarting.reason_message and "OnFailure" in restarting.reason_message
    events = client.get_pod_events(job_id, pod.pod_id, dlc.GetPodEventsRequest()).body.events
    assert any("Restarted" in line and old.pod_id in line for line in events)
    manual_door.cloud.clock.advance(3)
    assert get(manual_door, job_id).pods[0].status == "Running"
    manual_door.cloud.clock.advance(30)
    done = get(manual_door, job_id)
    assert done.status == "Succeeded" and done.restart_times.startswith("1/")


def test_without_a_restart_policy_the_job_fails(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    request = job_request(specs=[job_spec(restart_policy="Never")], envs={**RUN, "FAKE_DLC_OUTCOME": "fail"})
    job_id = client.create_job(request).body.job_id
    manual_door.cloud.clock.advance(40)
    assert get(manual_door, job_id).status == "Failed"


def test_a_startup_dependency_holds_the_role_until_the_other_runs(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    worker = job_spec(startup_dependencies=[dlc.StartupDependency(type="Master", on_phase="Running")])
    job_id = client.create_job(job_request(specs=[job_spec("Master"), worker], envs=RUN)).body.job_id
    for step in TO_RUNNING:
        manual_door.cloud.clock.advance(step)
    held = {pod.type: pod.status for pod in get(manual_door, job_id).pods}
    assert held == {"Master": "Running", "Worker": "Pending"}
    worker_pod = next(pod.pod_id for pod in get(manual_door, job_id).pods if pod.type == "Worker")
    assert client.get_pod_logs(job_id, worker_pod, dlc.GetPodLogsRequest()).body.logs[-1].startswith("Successfully")
    manual_door.cloud.clock.advance(3)
    assert {pod.type: pod.status for pod in get(manual_door, job_id).pods} == {"Master": "Running", "Worker": "Running"}
    events = client.get_pod_events(job_id, worker_pod, dlc.GetPodEventsRequest()).body.events
    assert any("Waiting" in line and "Master" in line for line in events)


def test_auto_scaling_and_elastic_training_scale_out_within_their_bounds(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    master = job_spec("Master", auto_scaling_spec=dlc.AutoScalingSpec(min_replicas=1, max_replicas=2))
    request = job_request(specs=[master, job_spec(pod_count=2)], envs=RUN,
                          elastic_spec=dlc.JobElasticSpec(enable_elastic_training=True, min_parallelism=1,
                                                          max_parallelism=3))
    job_id = client.create_job(request).body.job_id
    manual_door.cloud.clock.advance(9)
    assert [pod.type for pod in get(manual_door, job_id).pods].count("Worker") == 2  # before Running
    manual_door.cloud.clock.advance(1)
    running = get(manual_door, job_id)
    counts = {r.type: r.estimated_pod_count for r in running.job_replica_statuses}
    assert counts == {"Master": 2, "Worker": 3}
    assert len({pod.pod_id for pod in running.pods}) == 5 and all(pod.status == "Running" for pod in running.pods)


def test_the_grace_period_delays_stopped(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    forever = {"FAKE_DLC_RUN_SECONDS": "forever"}
    graceful = client.create_job(job_request(envs=forever, settings=dlc.JobSettings(
        termination_grace_period_seconds=60))).body.job_id
    plain = client.create_job(job_request(envs=forever)).body.job_id
    manual_door.cloud.clock.advance(10)
    client.stop_job(graceful)
    client.stop_job(plain)
    manual_door.cloud.clock.advance(3)
    assert (get(manual_door, graceful).status, get(manual_door, plain).status) == ("Stopping", "Stopped")
    manual_door.cloud.clock.advance(60)
    assert get(manual_door, graceful).status == "Stopped"
