"""ROA services plug into the core: routing by method + raw path, V3 signatures over that raw path.

A toy job service registered under PAI-DLC's API version is called with the official PAI-DLC client,
through both doors; a job ID with a `/` travels percent-encoded and must still verify and route.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from alibabacloud_pai_dlc20201203 import models as dlc
from alibabacloud_pai_dlc20201203.client import Client as DlcClient

from dlc_provider.fake import FakeCloud, mock_cloud, serve_in_thread
from dlc_provider.fake.core.backend import Backend, Resource
from dlc_provider.fake.core.errors import FakeError
from dlc_provider.fake.core.registry import RoaService, Route, ServiceRegistry, ServiceResponses
from dlc_provider.fake.testing import sdk_config

from .doors import api_error


@dataclass
class ToyJob(Resource):
    display_name: str = ""
    specs: list[dict[str, Any]] = field(default_factory=list)


class ToyJobNotFound(FakeError):
    code, status, message = "JobNotFound", 404, "No job {job_id}."


class ToyBackend(Backend):
    service = "toy-dlc"
    kinds = ("jobs",)


class ToyResponses(ServiceResponses):
    backend: ToyBackend

    def create_job(self) -> dict[str, Any]:
        body = self.call.body
        # A display name starting with "dlc" becomes the ID, so a test can pick an ID with slashes.
        name = body["DisplayName"]
        job_id = name if name.startswith("dlc") else self.backend.new_id("dlc")
        self.backend.add("jobs", ToyJob(id=job_id, status="Creating", display_name=body["DisplayName"],
                                        specs=body.get("JobSpecs", [])))
        return {"JobId": job_id}

    def get_job(self) -> dict[str, Any]:
        job = self.backend.get_visible("jobs", self.call.path_args["JobId"])
        if job is None:
            raise ToyJobNotFound(job_id=self.call.path_args["JobId"])
        return {"JobId": job.id, "DisplayName": job.display_name, "Status": job.status,
                "JobSpecs": job.specs, "RequestedDetail": self.params.get("NeedDetail")}

    def delete_job(self) -> dict[str, Any]:
        self.backend.remove("jobs", self.call.path_args["JobId"])
        return {"JobId": self.call.path_args["JobId"]}


TOY = RoaService(
    name="toy-dlc", version="2020-12-03", backend=ToyBackend, responses=ToyResponses,
    routes=(
        Route("POST", "/api/v1/jobs", "CreateJob", "create_job"),
        Route("GET", "/api/v1/jobs/<JobId>", "GetJob", "get_job"),
        Route("DELETE", "/api/v1/jobs/<JobId>", "DeleteJob", "delete_job"),
    ),
)


@dataclass
class Toy:
    client: DlcClient
    cloud: FakeCloud
    region: str  # where calls land: the SDK's regional host names it; 127.0.0.1 does not


@pytest.fixture(params=["mock", "server"])
def toy(request: pytest.FixtureRequest) -> Iterator[Toy]:
    registry = ServiceRegistry([TOY])
    if request.param == "mock":
        with mock_cloud(registry=registry) as cloud:
            yield Toy(DlcClient(sdk_config(region="cn-shanghai")), cloud, "cn-shanghai")
    else:
        with serve_in_thread(cloud=FakeCloud(registry=registry)) as server:
            client = DlcClient(sdk_config(server.endpoint, region="cn-shanghai"))
            yield Toy(client, server.cloud, server.cloud.settings.default_region)


def test_roa_round_trip(toy: Toy) -> None:
    client, cloud = toy.client, toy.cloud
    spec = dlc.JobSpec(type="Worker", image="registry/img:1", pod_count=2, ecs_spec="ecs.gn6i-c4g1.xlarge")
    job_id = client.create_job(dlc.CreateJobRequest(
        display_name="dlc/with/slashes", job_type="PyTorchJob", job_specs=[spec], user_command="python train.py",
    )).body.job_id
    assert job_id == "dlc/with/slashes"

    job = client.get_job(job_id, dlc.GetJobRequest(need_detail=True)).body
    assert (job.job_id, job.status, job.job_specs[0].pod_count) == (job_id, "Creating", 2)
    entry = cloud.journal[-1]
    assert (entry.service, entry.action, entry.params["JobId"]) == ("toy-dlc", "GetJob", job_id)
    assert entry.path == "/api/v1/jobs/dlc%2Fwith%2Fslashes"

    assert client.delete_job(job_id).body.job_id == job_id
    with api_error("JobNotFound", 404):
        client.get_job(job_id, dlc.GetJobRequest())


def test_unknown_roa_route_is_not_implemented(toy: Toy) -> None:
    client, cloud = toy.client, toy.cloud
    with api_error("NotImplemented", 501):
        client.stop_job("dlc123")
    assert cloud.journal[-1].action == "StopJob"


def test_region_of_roa_calls_comes_from_the_host(toy: Toy) -> None:
    toy.client.create_job(dlc.CreateJobRequest(display_name="plain", job_type="TFJob", user_command="true"))
    assert toy.cloud.journal[-1].region == toy.region
    assert toy.cloud.dump()["toy-dlc"]["jobs"][0]["region"] == toy.region
