"""PAI-DLC state: a job keeps its life cycle across a restart on a state file, shows in the dump, and the
service works alone (without AIWorkspace, it invents a default workspace of its own)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alibabacloud_pai_dlc20201203 import models as dlc
from alibabacloud_pai_dlc20201203.client import Client

from dlc_provider.fake import FakeCloud, FakeSettings, mock_cloud, serve_in_thread
from dlc_provider.fake.core.registry import ServiceRegistry
from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request
from dlc_provider.fake.pai_dlc.urls import SERVICE


def test_a_running_job_survives_a_restart(tmp_path: Path) -> None:
    settings = FakeSettings(state_file=tmp_path / "fake.sqlite", latency="manual")
    with serve_in_thread(settings.model_copy()) as server:
        client = dlc_client(server.endpoint)
        job_id = client.create_job(job_request(envs={"FAKE_DLC_RUN_SECONDS": "60"})).body.job_id
        server.cloud.clock.advance(20)
        assert client.get_job(job_id, dlc.GetJobRequest()).body.status == "Running"
        assert server.cloud.dump()["pai-dlc"]["jobs"][0]["id"] == job_id
    with serve_in_thread(settings.model_copy()) as server:
        client = dlc_client(server.endpoint)
        server.cloud.clock.advance(60)
        job = client.get_job(job_id, dlc.GetJobRequest()).body
        assert job.status == "Succeeded" and job.duration == 70
        logs = client.get_pod_logs(job_id, job.pods[0].pod_id, dlc.GetPodLogsRequest()).body.logs
        assert logs[-1] == "Process exited with code 0"
        client.delete_job(job_id)
        assert server.cloud.is_empty()


@pytest.fixture(params=["mock", "server"])
def alone(request: pytest.FixtureRequest) -> Iterator[Client]:
    registry = ServiceRegistry([SERVICE])
    if request.param == "mock":
        with mock_cloud(registry=registry):
            yield dlc_client()
    else:
        with serve_in_thread(cloud=FakeCloud(registry=registry)) as server:
            yield dlc_client(server.endpoint)


def test_without_aiworkspace_a_default_workspace_is_invented(alone: Client) -> None:
    first = alone.create_job(job_request()).body.job_id
    second = alone.create_job(job_request()).body.job_id
    workspaces = {alone.get_job(job_id, dlc.GetJobRequest()).body.workspace_id for job_id in (first, second)}
    (workspace_id,) = workspaces
    assert workspace_id.isdigit() and len(workspace_id) == 6
    assert alone.get_job(first, dlc.GetJobRequest()).body.workspace_name == ""
