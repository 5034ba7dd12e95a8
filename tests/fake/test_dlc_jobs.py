"""PAI-DLC jobs through the official client: create, read back, list with filters, update, not found."""

from __future__ import annotations

import re

from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request, job_spec

from .builders import create_workspace
from .doors import Door, api_error

FOREVER = {"FAKE_DLC_RUN_SECONDS": "forever"}


def get(door: Door, job_id: str) -> dlc.GetJobResponseBody:
    return dlc_client(door.endpoint).get_job(job_id, dlc.GetJobRequest(need_detail=True)).body


def test_create_and_get_echo_the_request(door: Door) -> None:
    client = dlc_client(door.endpoint)
    request = job_request(
        display_name="bert.finetune_v1-a",
        specs=[job_spec("Master"), job_spec("Worker", pod_count=2)],
        settings=dlc.JobSettings(tags={"stack": "dev", "token": "t-1"}, enable_error_monitoring_in_aimaster=True),
        custom_envs=[dlc.CreateJobRequestCustomEnvs(key="MODE", value="fast", visible="true")],
        data_sources=[dlc.CreateJobRequestDataSources(uri="oss://bucket.oss-cn-hangzhou.aliyuncs.com/data/",
                                                      mount_path="/mnt/data/", mount_access="RO")],
        code_source=dlc.CreateJobRequestCodeSource(code_source_id="code-123", branch="main", mount_path="/root/code"),
        thirdparty_libs=["transformers==4.40.0"],
        priority=5,
        job_max_running_time_minutes=120,
        description="fine-tune",
    )
    job_id = client.create_job(request).body.job_id
    assert re.fullmatch(r"dlc[a-z0-9]{14}", job_id)

    job = get(door, job_id)
    assert (job.job_id, job.display_name, job.job_type, job.priority) == (job_id, "bert.finetune_v1-a", "PyTorchJob", 5)
    assert job.workspace_id and job.workspace_id.isdigit()  # the default workspace
    assert job.settings.tags == {"stack": "dev", "token": "t-1"}
    assert job.settings.enable_error_monitoring_in_aimaster is True
    assert [spec.type for spec in job.job_specs] == ["Master", "Worker"]
    assert job.job_specs[1].pod_count == 2 and job.job_specs[1].ecs_spec == "ecs.gn6i-c4g1.xlarge"
    assert job.envs["NCCL_DEBUG"] == "INFO"
    assert job.custom_envs[0].key == "MODE"
    assert job.data_sources[0].uri.startswith("oss://") and job.data_sources[0].mount_path == "/mnt/data/"
    assert job.code_source.code_source_id == "code-123"
    assert job.thirdparty_libs == ["transformers==4.40.0"]
    assert (job.resource_type, job.request_cpu, job.request_gpu, job.request_memory) == ("ECS", 12, 3.0, 45.0)
    assert job.user_id == job.tenant_id == "1234567890123456"
    assert job.gmt_create_time.endswith("Z") and job.description == "fine-tune"


def test_get_job_spells_extended_cidrs_as_the_reply_does(door: Door) -> None:
    from .builders import create_security_group, create_vpc, create_vswitch

    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    group_id = create_security_group(door, vpc_id)
    user_vpc = dlc.CreateJobRequestUserVpc(vpc_id=vpc_id, switch_id=vswitch_id, security_group_id=group_id,
                                           extended_cidrs=["192.168.0.0/16"], default_route="eth1")
    job_id = dlc_client(door.endpoint).create_job(job_request(user_vpc=user_vpc)).body.job_id
    job = get(door, job_id)
    assert (job.user_vpc.vpc_id, job.user_vpc.switch_id, job.user_vpc.security_group_id) == (
        vpc_id, vswitch_id, group_id)
    assert job.user_vpc.extended_cidrs == ["192.168.0.0/16"] and job.user_vpc.default_route == "eth1"
    raw = door.cloud.journal[-1]
    assert raw.action == "GetJob" and raw.status == 200


def test_explicit_workspace_and_resource_id(door: Door) -> None:
    client = dlc_client(door.endpoint)
    workspace_id = create_workspace(door)
    job_id = client.create_job(job_request(workspace_id=workspace_id, resource_id="quota1ab2c3",
                                           specs=[job_spec(ecs_spec=None, resource_config=dlc.ResourceConfig(
                                               cpu="32", gpu="4", memory="128Gi"))])).body.job_id
    job = get(door, job_id)
    assert (job.workspace_id, job.resource_id, job.request_gpu, job.request_cpu) == (workspace_id, "quota1ab2c3", 4.0, 32)


def test_list_jobs_filters_and_pages(door: Door) -> None:
    client = dlc_client(door.endpoint)
    first, second = create_workspace(door, "sweep_a"), create_workspace(door, "sweep_b")
    ids = [
        client.create_job(job_request(display_name=f"sweep-{n}", workspace_id=first if n < 3 else second,
                                      settings=dlc.JobSettings(tags={"sweep": "a" if n % 2 else "b"}),
                                      envs=FOREVER)).body.job_id
        for n in range(5)
    ]
    tf = client.create_job(job_request(display_name="Other-TF", job_type="TFJob",
                                       specs=[job_spec("Chief"), job_spec("PS", ecs_spec="ecs.g6.xlarge")]))
    dlc_client(door.endpoint).stop_job(ids[4])

    def listed(**kwargs: object) -> dlc.ListJobsResponseBody:
        return client.list_jobs(dlc.ListJobsRequest(**kwargs)).body

    everything = listed()
    assert everything.total_count == 6
    assert [j.job_id for j in everything.jobs][:1] == [tf.body.job_id]  # newest first by default
    item = everything.jobs[-1]
    assert item.job_id == ids[0] and item.request_gpu == "1" and item.job_max_running_time_minutes == 0
    assert item.status == "Running" and item.settings.tags == {"sweep": "b"}

    assert sorted(j.job_id for j in listed(tags={"sweep": "a"}).jobs) == sorted([ids[1], ids[3]])
    assert listed(tags={"sweep": "a", "missing": "x"}).total_count == 0
    assert listed(workspace_id=second).total_count == 2
    assert listed(display_name="SWEEP").total_count == 5  # case-insensitive substring
    assert listed(display_name="other").jobs[0].job_type == "TFJob"
    assert listed(job_type="TFJob").total_count == 1
    assert listed(status="Stopped").jobs[0].job_id == ids[4]
    assert listed(status="Running,Stopped").total_count == 5
    assert listed(job_id=ids[2].upper()).jobs[0].job_id == ids[2]
    assert listed(job_ids=f"{ids[0]},{ids[1]}").total_count == 2
    assert listed(show_own=True, from_all_workspaces=True).total_count == 6  # tolerated

    page = listed(page_number=2, page_size=4, sort_by="DisplayName", order="asc")
    assert page.total_count == 6 and [j.display_name for j in page.jobs] == ["sweep-3", "sweep-4"]


def test_list_jobs_rejects_tags_that_are_not_an_object(door: Door) -> None:
    client = dlc_client(door.endpoint)
    request = dlc.ListJobsRequest(tags={"a": "b"})
    request.tags = ["not", "an", "object"]  # the SDK sends whatever it holds as JSON
    with api_error("InvalidParameter.Tags", 400):
        client.list_jobs(request)


def test_list_jobs_time_window(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    old = client.create_job(job_request(display_name="old", envs=FOREVER)).body.job_id
    manual_door.cloud.clock.advance(8 * 24 * 3600)
    new = client.create_job(job_request(display_name="new", envs=FOREVER)).body.job_id
    assert [j.job_id for j in client.list_jobs(dlc.ListJobsRequest()).body.jobs] == [new]  # last 7 days
    created_old = get(manual_door, old).gmt_create_time
    window = client.list_jobs(dlc.ListJobsRequest(start_time=created_old, end_time=created_old)).body
    assert [j.job_id for j in window.jobs] == [old]
    with api_error("InvalidParameter.StartTime", 400):
        client.list_jobs(dlc.ListJobsRequest(start_time="yesterday"))


def test_update_job_before_and_after_it_starts(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    job_id = client.create_job(job_request(envs=FOREVER)).body.job_id
    manual_door.cloud.clock.advance(2)  # Queuing
    assert get(manual_door, job_id).status == "Queuing"
    client.update_job(job_id, dlc.UpdateJobRequest(priority=8, user_command="python train.py --lr 3e-4",
                                                   job_specs=[job_spec(pod_count=3)]))
    job = get(manual_door, job_id)
    assert (job.priority, job.user_command, job.job_specs[0].pod_count, job.request_gpu) == (
        8, "python train.py --lr 3e-4", 3, 3.0)

    with api_error("InvalidParameter.Priority", 400):
        client.update_job(job_id, dlc.UpdateJobRequest(priority=10))

    manual_door.cloud.clock.advance(10)  # EnvPreparing -> Running
    job = get(manual_door, job_id)
    assert job.status == "Running" and len(job.pods) == 3
    with api_error("IncorrectJobStatus", 400):
        client.update_job(job_id, dlc.UpdateJobRequest(priority=3))
    client.update_job(job_id, dlc.UpdateJobRequest(description="still running", accessibility="PUBLIC"))
    job = get(manual_door, job_id)
    assert (job.description, job.accessibility, job.priority) == ("still running", "PUBLIC", 8)
    with api_error("InvalidParameter.Accessibility", 400):
        client.update_job(job_id, dlc.UpdateJobRequest(accessibility="PRIVATE"))


def test_unknown_job_is_404_job_not_found(door: Door) -> None:
    client = dlc_client(door.endpoint)
    for call in (
        lambda: client.get_job("dlcmissing000000", dlc.GetJobRequest()),
        lambda: client.stop_job("dlcmissing000000"),
        lambda: client.delete_job("dlcmissing000000"),
        lambda: client.update_job("dlcmissing000000", dlc.UpdateJobRequest(priority=2)),
        lambda: client.get_job_events("dlcmissing000000", dlc.GetJobEventsRequest()),
    ):
        with api_error("JobNotFound", 404):
            call()
