"""PAI-DLC's CreateJob rules: for each, a request that passes and one that is refused with its code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from alibabacloud_pai_dlc20201203 import models as dlc
from alibabacloud_pai_dlc20201203.client import Client

from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request, job_spec

from .doors import Door, api_error

Request = Callable[[], dlc.CreateJobRequest]
LINGJUN = "ml.gu7ef.c96m1600.8-gu100"


@dataclass(frozen=True)
class Rule:
    code: str
    good: Request
    bad: Request


def specs(job_type: str, *roles: str) -> Request:
    return lambda: job_request(job_type=job_type, specs=[job_spec(role) for role in roles])


def spot(**limits: float) -> Request:
    return lambda: job_request(specs=[job_spec(use_spot_instance=True, spot_spec=dlc.SpotSpec(
        spot_strategy="SpotWithPriceLimit", **limits))])


def advanced(**settings: object) -> Request:
    return lambda: job_request(settings=dlc.JobSettings(advanced_settings=settings))


def mounts(*paths: str) -> Request:
    sources = [dlc.CreateJobRequestDataSources(uri=f"oss://bucket/d{n}/", mount_path=path)
               for n, path in enumerate(paths)]
    return lambda: job_request(data_sources=sources)


def lingjun(job_type: str = "PyTorchJob", **fields: Any) -> Request:
    return lambda: job_request(job_type=job_type, resource_id="quota-lingjun-1",
                               specs=[job_spec(ecs_spec=LINGJUN)], **fields)


def sized(**resources: str) -> Request:
    return lambda: job_request(specs=[job_spec(ecs_spec=None, resource_config=dlc.ResourceConfig(**resources))])


def per_role_commands(command: str | None) -> Request:
    return lambda: job_request(user_command=None, specs=[job_spec("Master", user_command="python master.py"),
                                                         job_spec("Worker", user_command=command)])


RULES = {
    "display-name-required": Rule("InvalidParameter.DisplayName", job_request,
                                  lambda: job_request(display_name=None)),
    "display-name-characters": Rule("InvalidParameter.DisplayName", lambda: job_request(display_name="a.b_c-1"),
                                    lambda: job_request(display_name="bad name!")),
    "display-name-length": Rule("InvalidParameter.DisplayName", lambda: job_request(display_name="x" * 256),
                                lambda: job_request(display_name="x" * 257)),
    "job-type-required": Rule("InvalidParameter.JobType", job_request, lambda: job_request(job_type=None)),
    "job-type-case-sensitive": Rule("InvalidParameter.JobType", lambda: job_request(job_type="PyTorchJob"),
                                    lambda: job_request(job_type="pytorchjob")),
    "job-specs-required": Rule("InvalidParameter.JobSpecs", job_request, lambda: job_request(specs=[])),
    "user-command-required": Rule("InvalidParameter.UserCommand", per_role_commands("python worker.py"),
                                  per_role_commands(None)),
    "tf-roles": Rule("InvalidParameter.JobSpecs.Type",
                     specs("TFJob", "Chief", "PS", "Worker", "Evaluator", "GraphLearn"),
                     specs("TFJob", "Chief", "Master")),
    "pytorch-roles": Rule("InvalidParameter.JobSpecs.Type", specs("PyTorchJob", "Master", "Worker"),
                          specs("PyTorchJob", "Chief")),
    "xgboost-roles": Rule("InvalidParameter.JobSpecs.Type", specs("XGBoostJob", "Master", "Worker"),
                          specs("XGBoostJob", "PS")),
    "elastic-batch-roles": Rule("InvalidParameter.JobSpecs.Type", specs("ElasticBatchJob", "Worker"),
                                specs("ElasticBatchJob", "Launcher")),
    "oneflow-roles": Rule("InvalidParameter.JobSpecs.Type", specs("OneFlowJob", "Master", "Worker"),
                          specs("OneFlowJob", "Head")),
    "ray-roles": Rule("InvalidParameter.JobSpecs.Type", specs("RayJob", "Head", "Worker", "Worker-gpu"),
                      specs("RayJob", "Head", "Master")),
    "mpi-roles": Rule("InvalidParameter.JobSpecs.Type", specs("MPIJob", "Launcher", "Worker"),
                      specs("MPIJob", "Master")),
    "roles-once": Rule("InvalidParameter.JobSpecs.Type", specs("PyTorchJob", "Worker"),
                       specs("PyTorchJob", "Worker", "Worker")),
    "image-required": Rule("InvalidParameter.JobSpecs.Image", job_request,
                           lambda: job_request(specs=[job_spec(image="")])),
    "priority-range": Rule("InvalidParameter.Priority", lambda: job_request(priority=9),
                           lambda: job_request(priority=10)),
    "pod-count-positive": Rule("InvalidParameter.PodCount", lambda: job_request(specs=[job_spec(pod_count=1)]),
                               lambda: job_request(specs=[job_spec(pod_count=0)])),
    "max-running-time": Rule("InvalidParameter.JobMaxRunningTimeMinutes",
                             lambda: job_request(job_max_running_time_minutes=1),
                             lambda: job_request(job_max_running_time_minutes=0)),
    "accessibility": Rule("InvalidParameter.Accessibility", lambda: job_request(accessibility="PUBLIC"),
                          lambda: job_request(accessibility="EVERYONE")),
    "known-instance-type": Rule("InvalidParameter.EcsSpec", job_request,
                                lambda: job_request(specs=[job_spec(ecs_spec="ecs.nothing.large")])),
    "size-required": Rule("InvalidParameter.JobSpecs", sized(cpu="4", memory="16Gi"),
                          lambda: job_request(specs=[job_spec(ecs_spec=None)])),
    "resource-config-numbers": Rule("InvalidParameter.ResourceConfig", sized(cpu="4000m", gpu="1", memory="30Gi"),
                                    sized(cpu="four")),
    "public-gpu-limit": Rule("InvalidParameter.PublicResourceLimitExceeded",
                             lambda: job_request(specs=[job_spec(ecs_spec="ecs.gn6i-c24g1.12xlarge")],
                                                 resource_id="quota12345"),
                             lambda: job_request(specs=[job_spec(ecs_spec="ecs.gn6v-c8g1.8xlarge")])),
    "public-cpu-limit": Rule("InvalidParameter.PublicResourceLimitExceeded", sized(cpu="8", gpu="2", memory="32Gi"),
                             sized(cpu="16", memory="32Gi")),
    "lingjun-job-types": Rule("InvalidParameter.LingjunJobType", lingjun("PyTorchJob"), lingjun("XGBoostJob")),
    "spot-discount": Rule("InvalidParameter.SpotSpec", spot(spot_discount_limit=0.5),
                          spot(spot_discount_limit=0.95)),
    "spot-price": Rule("InvalidParameter.SpotSpec", spot(spot_price_limit=0.2), spot(spot_price_limit=0)),
    "spot-one-limit": Rule("InvalidParameter.SpotSpec", spot(spot_discount_limit=0.1),
                           spot(spot_discount_limit=0.5, spot_price_limit=0.2)),
    "spot-needs-a-limit": Rule("InvalidParameter.SpotSpec", spot(spot_price_limit=1.5), spot()),
    "lingjun-spot-needs-vpc": Rule(
        "InvalidParameter.UserVpc", lingjun(),
        lambda: job_request(specs=[job_spec(ecs_spec=LINGJUN, use_spot_instance=True,
                                            spot_spec=dlc.SpotSpec(spot_discount_limit=0.3))])),
    "cpfs-needs-vpc": Rule(
        "InvalidParameter.UserVpc",
        lambda: job_request(data_sources=[dlc.CreateJobRequestDataSources(uri="nas://0c1d2e3f4a.cn-hangzhou/data/",
                                                                          mount_path="/mnt/nas")]),
        lambda: job_request(data_sources=[dlc.CreateJobRequestDataSources(
            uri="nas://cpfs-0a1b2c3d4e5f6a7b.cn-hangzhou/share/", mount_path="/mnt/cpfs")])),
    "sanity-check-on-lingjun-pytorch-quota": Rule(
        "InvalidParameter.EnableSanityCheck", lingjun(settings=dlc.JobSettings(enable_sanity_check=True)),
        lambda: job_request(settings=dlc.JobSettings(enable_sanity_check=True))),
    "sanity-check-pytorch-only": Rule(
        "InvalidParameter.EnableSanityCheck", lingjun(settings=dlc.JobSettings(enable_sanity_check=True)),
        lingjun("TFJob", settings=dlc.JobSettings(enable_sanity_check=True))),
    "custom-ports-not-23456": Rule("InvalidParameter.AdvancedSettings", advanced(customPortList="10000;10001-10010"),
                                   advanced(customPortList="20000-30000")),
    "custom-ports-exclusive": Rule("InvalidParameter.AdvancedSettings", advanced(customPortNumPerWorker=3),
                                   advanced(customPortList="10000", customPortNumPerWorker=3)),
    "mount-paths-absolute": Rule("InvalidParameter.MountPath", mounts("/mnt/a", "/mnt/b"), mounts("mnt/a")),
    "mount-paths-unique": Rule("InvalidParameter.MountPath", mounts("/mnt/data", "/mnt/data2"),
                               mounts("/mnt/data", "/mnt/data/")),
    "body-size": Rule("InvalidParameter.RequestBodyTooLarge",
                      lambda: job_request(envs={"BLOB": "x" * 60_000}),
                      lambda: job_request(envs={"BLOB": "x" * 66_000})),
}


@pytest.mark.parametrize("name", list(RULES))
def test_rule(door: Door, name: str) -> None:
    rule = RULES[name]
    client = dlc_client(door.endpoint)
    assert client.create_job(rule.good()).body.job_id.startswith("dlc")
    with api_error(rule.code, 400) as error:
        client.create_job(rule.bad())
    assert error.value.message  # every refusal says which rule


def client_in(door: Door, region: str) -> Client:
    """A client whose calls land in `region` (the server door takes it from its default region)."""
    if door.endpoint is not None:
        door.cloud.settings.default_region = region
    return dlc_client(door.endpoint, region=region)


def test_lingjun_only_in_its_regions(door: Door) -> None:
    assert client_in(door, "cn-hangzhou").create_job(lingjun()()).body.job_id
    with api_error("InvalidParameter.LingjunRegion", 400):
        client_in(door, "cn-hongkong").create_job(lingjun()())
    assert door.cloud.journal[-1].region == "cn-hongkong"


def test_custom_port_count_is_not_for_lingjun(door: Door) -> None:
    client = dlc_client(door.endpoint)
    with api_error("InvalidParameter.AdvancedSettings", 400):
        client.create_job(lingjun(settings=dlc.JobSettings(advanced_settings={"customPortNumPerWorker": 2}))())


def test_an_empty_request_names_the_first_missing_field(door: Door) -> None:
    with api_error("InvalidParameter.DisplayName", 400) as error:
        dlc_client(door.endpoint).create_job(dlc.CreateJobRequest())
    assert "DisplayName" in error.value.message


def test_malformed_bodies_are_refused_not_crashed_on(door: Door) -> None:
    client = dlc_client(door.endpoint)
    cases: dict[str, Callable[[dlc.CreateJobRequest], object]] = {
        "InvalidParameter.Envs": lambda r: setattr(r, "envs", ["A=1"]),
        "InvalidParameter.JobSpecs": lambda r: setattr(r.job_specs[0], "to_map", lambda: "Worker"),
        "InvalidParameter.Settings.Tags": lambda r: setattr(r, "settings", dlc.JobSettings(tags=["x"])),
    }
    for code, spoil in cases.items():
        request = job_request()
        spoil(request)
        with api_error(code, 400):
            client.create_job(request)
    assert not any(entry.status >= 500 for entry in door.cloud.journal)
