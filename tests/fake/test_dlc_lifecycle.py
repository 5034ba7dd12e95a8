"""PAI-DLC job life cycles on a manual clock: succeed, fail, run until stopped, delete; the instant profile."""

from __future__ import annotations


from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.core.clock import iso_utc
from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request, job_spec

from .doors import Door, api_error


def status(door: Door, job_id: str) -> dlc.GetJobResponseBody:
    return dlc_client(door.endpoint).get_job(job_id, dlc.GetJobRequest()).body


def walk(door: Door, job_id: str, seconds: list[float]) -> list[str]:
    """The job's status now and after each advance of the clock."""
    seen = [status(door, job_id).status]
    for step in seconds:
        door.cloud.clock.advance(step)
        seen.append(status(door, job_id).status)
    return seen


def test_a_job_succeeds_on_schedule(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    created = manual_door.cloud.clock.now()
    job_id = client.create_job(job_request(envs={"FAKE_DLC_RUN_SECONDS": "30"})).body.job_id
    assert walk(manual_door, job_id, [2, 3, 5, 29, 1]) == [
        "Creating", "Queuing", "EnvPreparing", "Running", "Running", "Succeeded"]

    job = status(manual_door, job_id)
    assert (job.reason_code, job.duration) == ("JobSucceeded", 40)
    assert job.gmt_create_time == iso_utc(created)
    assert job.gmt_submitted_time == iso_utc(created + 2)
    assert job.gmt_running_time == iso_utc(created + 10)
    assert job.gmt_finish_time == job.gmt_successed_time == iso_utc(created + 40)
    assert job.gmt_failed_time is None and job.gmt_stopped_time is None
    history = [(h.status, h.start_time, h.end_time) for h in job.status_history]
    assert [h[0] for h in history] == ["Creating", "Queuing", "EnvPreparing", "Running", "Succeeded"]
    assert history[3] == ("Running", iso_utc(created + 10), iso_utc(created + 40)) and history[4][2] is None
    pod = job.pods[0]
    assert (pod.status, pod.gmt_start_time, pod.gmt_finish_time, pod.duration) == (
        "Succeeded", iso_utc(created + 10), iso_utc(created + 40), 30.0)


def test_pods_appear_when_the_environment_is_prepared(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    job_id = client.create_job(job_request(envs={"FAKE_DLC_RUN_SECONDS": "forever"})).body.job_id
    queued = status(manual_door, job_id)
    assert queued.pods == [] and queued.job_replica_statuses[0].queuing == 0  # still Creating
    manual_door.cloud.clock.advance(2)
    assert status(manual_door, job_id).job_replica_statuses[0].queuing == 1
    manual_door.cloud.clock.advance(3)
    preparing = status(manual_door, job_id)
    assert preparing.status == "EnvPreparing" and [p.status for p in preparing.pods] == ["Pending"]
    manual_door.cloud.clock.advance(5)
    running = status(manual_door, job_id)
    assert [p.status for p in running.pods] == ["Running"] and running.job_replica_statuses[0].active == 1


def test_a_job_told_to_fail_fails_with_a_traceback(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    request = job_request(specs=[job_spec("Master"), job_spec("Worker", pod_count=2)],
                          envs={"FAKE_DLC_OUTCOME": "fail", "FAKE_DLC_RUN_SECONDS": "20",
                                "FAKE_DLC_ERROR": "ValueError: loss is NaN"})
    job_id = client.create_job(request).body.job_id
    assert walk(manual_door, job_id, [10, 19, 1])[-2:] == ["Running", "Failed"]

    job = status(manual_door, job_id)
    assert job.reason_code == "JobFailed" and "ValueError: loss is NaN" in job.reason_message
    assert job.gmt_failed_time == job.gmt_finish_time and job.gmt_successed_time is None
    assert [p.status for p in job.pods] == ["Failed", "Failed", "Failed"]
    master = job.pods[0].pod_id
    assert master.endswith("-master-0") and master in job.reason_message
    logs = client.get_pod_logs(job_id, master, dlc.GetPodLogsRequest()).body.logs
    assert logs[-4] == "Traceback (most recent call last):"
    assert logs[-3] == '  File "/root/code/train.py", line 42, in <module>'
    assert logs[-1] == "ValueError: loss is NaN"
    worker_logs = client.get_pod_logs(job_id, job.pods[1].pod_id, dlc.GetPodLogsRequest()).body.logs
    assert "Traceback (most recent call last):" not in worker_logs and "another pod" in worker_logs[-1]


def test_failure_defaults_and_custom_envs_carry_the_controls(door: Door) -> None:
    client = dlc_client(door.endpoint)
    request = job_request(custom_envs=[dlc.CreateJobRequestCustomEnvs(key="FAKE_DLC_OUTCOME", value="fail")])
    job_id = client.create_job(request).body.job_id
    job = status(door, job_id)  # instant latency: the whole life cycle is over by the next call
    assert job.status == "Failed"
    logs = client.get_pod_logs(job_id, job.pods[0].pod_id, dlc.GetPodLogsRequest()).body.logs
    assert logs[-1].startswith("RuntimeError: CUDA error")
    with api_error("InvalidParameter.Envs", 400):
        client.create_job(job_request(envs={"FAKE_DLC_OUTCOME": "maybe"}))
    with api_error("InvalidParameter.Envs", 400):
        client.create_job(job_request(envs={"FAKE_DLC_RUN_SECONDS": "soon"}))


def test_a_long_job_is_stopped_then_deleted(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    job_id = client.create_job(job_request(envs={"FAKE_DLC_RUN_SECONDS": "3600"})).body.job_id
    manual_door.cloud.clock.advance(600)
    assert status(manual_door, job_id).status == "Running"
    with api_error("IncorrectJobStatus", 400):
        client.delete_job(job_id)  # the fake refuses to delete an active job: stop it first

    assert client.stop_job(job_id).body.job_id == job_id
    stopping = status(manual_door, job_id)
    assert (stopping.status, stopping.reason_code) == ("Stopping", "JobStoppedByUser")
    client.stop_job(job_id)  # again while Stopping: accepted, nothing changes
    with api_error("IncorrectJobStatus", 400):
        client.delete_job(job_id)

    manual_door.cloud.clock.advance(3)
    stopped = status(manual_door, job_id)
    assert (stopped.status, stopped.reason_code) == ("Stopped", "JobStoppedByUser")
    assert stopped.gmt_stopped_time == stopped.gmt_finish_time and stopped.gmt_successed_time is None
    assert [h.status for h in stopped.status_history][-2:] == ["Stopping", "Stopped"]
    manual_door.cloud.clock.advance(7200)
    assert status(manual_door, job_id).status == "Stopped"  # the planned success never comes
    with api_error("IncorrectJobStatus", 400):
        client.stop_job(job_id)

    assert client.delete_job(job_id).body.job_id == job_id
    with api_error("JobNotFound", 404):
        status(manual_door, job_id)


def test_stop_while_queuing_leaves_no_pods(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    job_id = client.create_job(job_request()).body.job_id
    manual_door.cloud.clock.advance(2)
    client.stop_job(job_id)
    manual_door.cloud.clock.advance(3)
    job = status(manual_door, job_id)
    assert job.status == "Stopped" and job.pods == [] and job.gmt_running_time is None


def test_a_forever_job_runs_until_stopped_even_on_the_instant_profile(door: Door) -> None:
    client = dlc_client(door.endpoint)
    job_id = client.create_job(job_request(envs={"FAKE_DLC_RUN_SECONDS": "forever"})).body.job_id
    door.cloud.clock.advance(86400)
    assert status(door, job_id).status == "Running"
    client.stop_job(job_id)
    assert status(door, job_id).status == "Stopped"
    client.delete_job(job_id)
    assert client.list_jobs(dlc.ListJobsRequest()).body.total_count == 0


def test_default_run_is_short_and_succeeds(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    job_id = client.create_job(job_request()).body.job_id
    assert walk(manual_door, job_id, [10, 10])[-2:] == ["Running", "Succeeded"]


def test_latency_factor_scales_every_step(manual_door: Door) -> None:
    manual_door.cloud.settings.latency_factor = 0.1
    client = dlc_client(manual_door.endpoint)
    job_id = client.create_job(job_request(envs={"FAKE_DLC_RUN_SECONDS": "100"})).body.job_id
    assert walk(manual_door, job_id, [1, 10])[-2:] == ["Running", "Succeeded"]  # 1 s prep, 10 s run


def test_lingjun_spot_bids_and_sanity_checks(manual_door: Door) -> None:
    from .builders import create_vpc

    vpc_id = create_vpc(manual_door)
    manual_door.cloud.clock.advance(5)
    client = dlc_client(manual_door.endpoint)
    spot = dlc.SpotSpec(spot_strategy="SpotWithPriceLimit", spot_discount_limit=0.5)
    request = job_request(
        specs=[job_spec(ecs_spec="ml.gu7ef.c96m1600.8-gu100", use_spot_instance=True, spot_spec=spot)],
        resource_id="quota-lingjun-1",
        user_vpc=dlc.CreateJobRequestUserVpc(vpc_id=vpc_id),
        settings=dlc.JobSettings(enable_sanity_check=True),
        envs={"FAKE_DLC_RUN_SECONDS": "10"},
    )
    job_id = client.create_job(request).body.job_id
    assert walk(manual_door, job_id, [2, 3, 5, 5, 5, 10]) == [
        "Creating", "Queuing", "Bidding", "EnvPreparing", "SanityChecking", "Running", "Succeeded"]
    assert status(manual_door, job_id).resource_type == "Lingjun"


def test_a_job_can_wait_in_the_queue_until_stopped_and_change_priority_there(door: Door) -> None:
    client = dlc_client(door.endpoint)
    job_id = client.create_job(job_request(envs={"FAKE_DLC_QUEUE_SECONDS": "forever"})).body.job_id
    door.cloud.clock.advance(86400)
    assert status(door, job_id).status == "Queuing"
    client.update_job(job_id, dlc.UpdateJobRequest(priority=7))
    assert status(door, job_id).priority == 7
    client.stop_job(job_id)
    door.cloud.clock.advance(10)
    assert status(door, job_id).status == "Stopped"
