"""The fake's resource quotas: a Lingjun quota makes a job a Lingjun job even when its roles are sized by
ResourceConfig, so a PyTorch job with GPUs and a sanity check is accepted there; general quotas (and
unknown quota IDs) still refuse the sanity check."""

from __future__ import annotations

import pytest
from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.pai_dlc import catalogue
from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request, job_spec

from .doors import Door, api_error


def quota_job(quota_id: str) -> dlc.CreateJobRequest:
    sized = job_spec(ecs_spec=None, resource_config=dlc.ResourceConfig(cpu="16", gpu="2", memory="128Gi"))
    return job_request(resource_id=quota_id, specs=[sized],
                       settings=dlc.JobSettings(enable_sanity_check=True))


def test_the_quota_catalogue() -> None:
    assert catalogue.quota_resource_type("quota-lingjun-demo") == "Lingjun"
    assert catalogue.quota_resource_type("quota-ecs-demo") == "ECS"
    assert catalogue.quota_resource_type("quota-anything-else") == "ECS"
    assert catalogue.quota_resource_type(None) is None


def test_sanity_check_on_a_lingjun_quota_is_accepted(door: Door) -> None:
    client = dlc_client(door.endpoint)
    job_id = client.create_job(quota_job("quota-lingjun-demo")).body.job_id
    assert client.get_job(job_id, dlc.GetJobRequest()).body.resource_type == "Lingjun"


@pytest.mark.parametrize("quota_id", ["quota-ecs-demo", "quota-unknown"])
def test_sanity_check_on_a_general_quota_is_refused(door: Door, quota_id: str) -> None:
    with api_error("InvalidParameter.EnableSanityCheck"):
        dlc_client(door.endpoint).create_job(quota_job(quota_id))
