"""PAI-DLC TensorBoards: create for a job or a data source, URL while running, list, stop/start, update, delete."""

from __future__ import annotations

import re

from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request

from .builders import create_security_group, create_vpc, create_vswitch
from .builders import create_workspace
from .doors import Door, api_error


def board(door: Door, tensorboard_id: str) -> dlc.Tensorboard:
    return dlc_client(door.endpoint).get_tensorboard(tensorboard_id, dlc.GetTensorboardRequest()).body


def test_tensorboard_of_a_job(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    workspace_id = create_workspace(manual_door)
    job_id = client.create_job(job_request(display_name="bert", workspace_id=workspace_id,
                                           envs={"FAKE_DLC_RUN_SECONDS": "forever"})).body.job_id
    created = client.create_tensorboard(dlc.CreateTensorboardRequest(
        job_id=job_id, summary_path="/mnt/data/logs", cpu=2, memory=4, max_running_time_minutes=240,
    )).body
    assert re.fullmatch(r"tb[a-z0-9]{14}", created.tensorboard_id) and created.job_id == job_id
    first = board(manual_door, created.tensorboard_id)
    assert (first.status, first.tensorboard_url, first.workspace_id) == ("Creating", "", workspace_id)
    assert (first.display_name, first.summary_path, first.cpu, first.memory) == (
        "tensorboard-bert", "/mnt/data/logs", 2, 4)

    manual_door.cloud.clock.advance(5)
    running = board(manual_door, created.tensorboard_id)
    assert running.status == "Running" and running.tensorboard_url.startswith("https://")
    assert created.tensorboard_id in running.tensorboard_url and running.gmt_create_time.endswith("Z")
    manual_door.cloud.clock.advance(60)
    assert board(manual_door, created.tensorboard_id).duration == "60"


def test_tensorboard_of_a_data_source_in_a_vpc(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    group_id = create_security_group(door, vpc_id)
    client = dlc_client(door.endpoint)
    spec = dlc.TensorboardSpec(ecs_type="ecs.g6.large", vpc_id=vpc_id, switch_id=vswitch_id,
                               security_group_id=group_id)
    tensorboard_id = client.create_tensorboard(dlc.CreateTensorboardRequest(
        display_name="logs-view", data_source_id="d-abc123", data_source_type="OSS",
        summary_relative_path="/runs", uri="oss://bucket/runs/", tensorboard_spec=spec,
    )).body.tensorboard_id
    got = board(door, tensorboard_id)
    assert (got.status, got.data_source_id, got.data_source_type, got.tensorboard_spec.switch_id) == (
        "Running", "d-abc123", "OSS", vswitch_id)
    with api_error("InvalidParameter.TensorboardSpec.SwitchId", 400):
        client.create_tensorboard(dlc.CreateTensorboardRequest(
            data_source_id="d-abc123", tensorboard_spec=dlc.TensorboardSpec(vpc_id=vpc_id, switch_id="vsw-none")))
    with api_error("InvalidParameter.TensorboardSpec.EcsType", 400):
        client.create_tensorboard(dlc.CreateTensorboardRequest(
            data_source_id="d-abc123", tensorboard_spec=dlc.TensorboardSpec(ecs_type="ecs.none")))


def test_create_rules(door: Door) -> None:
    client = dlc_client(door.endpoint)
    with api_error("InvalidParameter.DataSourceId", 400):
        client.create_tensorboard(dlc.CreateTensorboardRequest(display_name="nothing-to-show"))
    with api_error("JobNotFound", 404):
        client.create_tensorboard(dlc.CreateTensorboardRequest(job_id="dlcmissing000000"))
    with api_error("InvalidParameter.DataSourceType", 400):
        client.create_tensorboard(dlc.CreateTensorboardRequest(data_source_id="d-1", data_source_type="HDFS"))
    with api_error("InvalidParameter.Priority", 400):
        client.create_tensorboard(dlc.CreateTensorboardRequest(data_source_id="d-1", priority="10"))
    assert client.create_tensorboard(dlc.CreateTensorboardRequest(data_source_id="d-1", priority="9")).body


def test_stop_start_update_list_delete(manual_door: Door) -> None:
    client = dlc_client(manual_door.endpoint)
    job_id = client.create_job(job_request()).body.job_id
    ids = [client.create_tensorboard(dlc.CreateTensorboardRequest(job_id=job_id, display_name=f"tb-{n}"))
           .body.tensorboard_id for n in range(3)]
    manual_door.cloud.clock.advance(5)

    assert client.stop_tensorboard(ids[0], dlc.StopTensorboardRequest()).body.tensorboard_id == ids[0]
    assert board(manual_door, ids[0]).status == "Stopping"
    manual_door.cloud.clock.advance(2)
    stopped = board(manual_door, ids[0])
    assert (stopped.status, stopped.tensorboard_url) == ("Stopped", "") and stopped.gmt_finish_time
    client.stop_tensorboard(ids[0], dlc.StopTensorboardRequest())  # already stopped: nothing to do

    client.start_tensorboard(ids[0], dlc.StartTensorboardRequest())
    assert board(manual_door, ids[0]).status == "Creating"
    manual_door.cloud.clock.advance(5)
    restarted = board(manual_door, ids[0])
    assert restarted.status == "Running" and restarted.tensorboard_url and restarted.gmt_finish_time is None

    client.stop_tensorboard(ids[1], dlc.StopTensorboardRequest())
    with api_error("IncorrectTensorboardStatus", 400):
        client.start_tensorboard(ids[1], dlc.StartTensorboardRequest())

    client.update_tensorboard(ids[2], dlc.UpdateTensorboardRequest(max_running_time_minutes=60, priority="5",
                                                                   accessibility="PUBLIC"))
    updated = board(manual_door, ids[2])
    assert (updated.max_running_time_minutes, updated.priority, updated.accessibility) == (60, "5", "PUBLIC")

    def listed(**kwargs: object) -> dlc.ListTensorboardsResponseBody:
        return client.list_tensorboards(dlc.ListTensorboardsRequest(**kwargs)).body

    assert listed().total_count == 3 and [t.tensorboard_id for t in listed().tensorboards] == ids[::-1]
    assert listed(job_id=job_id, status="Stopping").tensorboards[0].tensorboard_id == ids[1]
    assert listed(display_name="TB-2").total_count == 1
    assert listed(tensorboard_id=ids[0]).tensorboards[0].status == "Running"
    assert [t.tensorboard_id for t in listed(page_size=2, page_number=2, order="asc").tensorboards] == [ids[2]]
    assert listed(show_own=True, verbose=True, workspace_id=board(manual_door, ids[0]).workspace_id).total_count == 3

    for tensorboard_id in ids:
        assert client.delete_tensorboard(tensorboard_id, dlc.DeleteTensorboardRequest()).body.tensorboard_id
    assert listed().total_count == 0
    with api_error("TensorboardNotFound", 404):
        board(manual_door, ids[0])
    with api_error("TensorboardNotFound", 404):
        client.stop_tensorboard(ids[0], dlc.StopTensorboardRequest())
