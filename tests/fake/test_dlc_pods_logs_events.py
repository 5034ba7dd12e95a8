"""PAI-DLC pods per role, their logs (GetPodLogs) and the job's and pods' events, on a manual clock."""

from __future__ import annotations

import re

from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.core.clock import iso_utc
from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request, job_spec

from .doors import Door, api_error


def test_pods_per_role(door: Door) -> None:
    client = dlc_client(door.endpoint)
    request = job_request(job_type="TFJob", specs=[job_spec("Worker", pod_count=2), job_spec("Chief"),
                                                   job_spec("PS", pod_count=2, ecs_spec="ecs.g6.xlarge")],
                          envs={"FAKE_DLC_RUN_SECONDS": "forever"})
    job_id = client.create_job(request).body.job_id
    job = client.get_job(job_id, dlc.GetJobRequest(need_detail=True)).body
    assert [pod.pod_id for pod in job.pods] == [
        f"{job_id}-chief-0", f"{job_id}-worker-0", f"{job_id}-worker-1", f"{job_id}-ps-0", f"{job_id}-ps-1"]
    assert [pod.type for pod in job.pods] == ["Chief", "Worker", "Worker", "PS", "PS"]
    assert len({pod.pod_uid for pod in job.pods}) == 5
    assert all(re.fullmatch(r"[0-9a-f-]{36}", pod.pod_uid) for pod in job.pods)
    assert all(pod.status == "Running" and pod.sub_status == "Normal" for pod in job.pods)
    replicas = {r.type: (r.estimated_pod_count, r.active) for r in job.job_replica_statuses}
    assert replicas == {"Worker": (2, 2), "Chief": (1, 1), "PS": (2, 2)}
    assert (job.request_cpu, job.request_gpu) == (4 * 3 + 4 * 2, 3.0)

    item = client.list_jobs(dlc.ListJobsRequest()).body.jobs[0]
    assert [pod.pod_id for pod in item.pods] == [pod.pod_id for pod in job.pods]
    assert item.node_count == "5" and len(item.node_names) == 5


def test_logs_grow_with_the_job(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    request = job_request(specs=[job_spec("Master"), job_spec("Worker")], thirdparty_libs=["timm==0.9.16"],
                          envs={"FAKE_DLC_RUN_SECONDS": "100"})
    job_id = client.create_job(request).body.job_id
    pod_id = f"{job_id}-master-0"

    def logs(**kwargs: object) -> list[str]:
        lines: list[str] = client.get_pod_logs(job_id, pod_id, dlc.GetPodLogsRequest(**kwargs)).body.logs
        return lines

    with api_error("PodNotFound", 404):
        client.get_pod_logs(job_id, f"{job_id}-worker-9", dlc.GetPodLogsRequest())
    assert logs() == []  # not scheduled yet
    manual_door.cloud.clock.advance(5)  # EnvPreparing
    preparing = logs()
    assert preparing[0].startswith('Pulling image "') and preparing[-1] == "Successfully installed timm==0.9.16"
    manual_door.cloud.clock.advance(5 + 50)  # half way through the run
    running = logs()
    assert "+ python /root/code/train.py --epochs 10" in running
    assert f"{pod_id}: RANK=0 WORLD_SIZE=2 MASTER_ADDR={pod_id} MASTER_PORT=23456" in running
    assert running[-1].startswith("epoch 5/10 ")
    worker_rank = client.get_pod_logs(job_id, f"{job_id}-worker-0", dlc.GetPodLogsRequest()).body.logs
    assert any("RANK=1 WORLD_SIZE=2" in line for line in worker_rank)
    manual_door.cloud.clock.advance(50)
    done = logs()
    assert done[-3].startswith("epoch 10/10 ") and done[-1] == "Process exited with code 0"

    assert logs(max_lines=2) == done[-2:]
    started = client.get_job(job_id, dlc.GetJobRequest()).body.gmt_running_time
    assert logs(end_time=started)[-1] == done[done.index("+ python /root/code/train.py --epochs 10") + 1]
    assert logs(start_time=iso_utc(manual_door.cloud.clock.now()))[-2:] == done[-2:]
    body = client.get_pod_logs(job_id, pod_id, dlc.GetPodLogsRequest()).body
    assert (body.job_id, body.pod_id, body.container_info.main_container) == (job_id, pod_id, "pytorch")
    pod_uid = client.get_job(job_id, dlc.GetJobRequest()).body.pods[0].pod_uid
    assert body.pod_uid == pod_uid
    with api_error("PodNotFound", 404):
        logs(pod_uid="00000000-0000-4000-8000-000000000000")


def test_a_running_forever_job_logs_steps_and_stops_with_sigterm(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    job_id = client.create_job(job_request(envs={"FAKE_DLC_RUN_SECONDS": "forever"})).body.job_id
    manual_door.cloud.clock.advance(10 + 180)
    pod_id = f"{job_id}-worker-0"
    lines = client.get_pod_logs(job_id, pod_id, dlc.GetPodLogsRequest()).body.logs
    assert [line.split()[0:2] for line in lines if line.startswith("step")] == [
        ["step", "100"], ["step", "200"], ["step", "300"], ["step", "400"]]
    client.stop_job(job_id)
    manual_door.cloud.clock.advance(3)
    lines = client.get_pod_logs(job_id, pod_id, dlc.GetPodLogsRequest()).body.logs
    assert lines[-1] == "Received SIGTERM: the job is being stopped, exiting"


def test_job_and_pod_events(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    job_id = client.create_job(job_request(envs={"FAKE_DLC_RUN_SECONDS": "20", "FAKE_DLC_OUTCOME": "fail"}))
    job_id = job_id.body.job_id
    manual_door.cloud.clock.advance(30)
    events = client.get_job_events(job_id, dlc.GetJobEventsRequest()).body
    assert events.job_id == job_id
    reasons = [event.split()[2] for event in events.events]
    assert reasons == ["JobCreated", "JobQueuing", "JobEnvPreparing", "Scheduled", "Pulling", "JobRunning",
                       "Started", "JobFailed", "ContainerFailed"]
    assert events.events[0].startswith(iso_utc(manual_door.cloud.clock.now() - 30))
    assert events.events[-2].split()[1] == "Warning"
    assert len(client.get_job_events(job_id, dlc.GetJobEventsRequest(max_events_num=3)).body.events) == 3
    start = iso_utc(manual_door.cloud.clock.now() - 20)
    late = client.get_job_events(job_id, dlc.GetJobEventsRequest(start_time=start)).body.events
    assert [event.split()[2] for event in late] == ["JobRunning", "Started", "JobFailed", "ContainerFailed"]

    pod_id = f"{job_id}-worker-0"
    pod_events = client.get_pod_events(job_id, pod_id, dlc.GetPodEventsRequest()).body
    assert pod_events.pod_id == pod_id
    assert [event.split()[2] for event in pod_events.events] == ["Scheduled", "Pulling", "Started",
                                                                  "ContainerFailed"]
