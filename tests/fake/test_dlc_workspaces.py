"""PAI-DLC jobs meet AIWorkspace: the default workspace, workspace names, and CPFS datasets needing a VPC."""

from __future__ import annotations

from alibabacloud_aiworkspace20210204 import models as ai
from alibabacloud_aiworkspace20210204.client import Client as AiClient
from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request

from .builders import create_vpc
from .doors import Door, api_error


def test_jobs_land_in_the_default_workspace(door: Door) -> None:
    (default,) = AiClient(door.config()).list_workspaces(ai.ListWorkspacesRequest()).body.workspaces
    client = dlc_client(door.endpoint)
    job = client.get_job(client.create_job(job_request()).body.job_id, dlc.GetJobRequest()).body
    assert (job.workspace_id, job.workspace_name) == (default.workspace_id, default.workspace_name)
    assert client.list_jobs(dlc.ListJobsRequest(workspace_id=default.workspace_id)).body.total_count == 1


def test_a_cpfs_dataset_needs_a_user_vpc(door: Door) -> None:
    dataset_id = AiClient(door.config()).create_dataset(ai.CreateDatasetRequest(
        name="lingjun-share", property="DIRECTORY", data_source_type="BMCPFS",
        uri="nas://bmcpfs-0123456789abcdef.cn-hangzhou/share/",
    )).body.dataset_id
    source = dlc.CreateJobRequestDataSources(data_source_id=dataset_id, mount_path="/mnt/share")
    client = dlc_client(door.endpoint)
    with api_error("InvalidParameter.UserVpc", 400) as error:
        client.create_job(job_request(data_sources=[source]))
    assert "CPFS" in error.value.message
    vpc_id = create_vpc(door)
    user_vpc = dlc.CreateJobRequestUserVpc(vpc_id=vpc_id)
    job_id = client.create_job(job_request(data_sources=[source], user_vpc=user_vpc)).body.job_id
    job = client.get_job(job_id, dlc.GetJobRequest()).body
    assert (job.data_sources[0].data_source_id, job.data_sources[0].mount_path) == (dataset_id, "/mnt/share")
