"""ListEcsSpecs: the fake's instance-type catalogue, its filters, sorting and paging."""

from __future__ import annotations

from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.pai_dlc.testing import dlc_client

from .doors import Door, api_error


def specs(door: Door, region: str = "cn-hangzhou", **kwargs: object) -> dlc.ListEcsSpecsResponseBody:
    if door.endpoint is not None:
        door.cloud.settings.default_region = region
    return dlc_client(door.endpoint, region=region).list_ecs_specs(dlc.ListEcsSpecsRequest(**kwargs)).body


def test_catalogue_entries(door: Door) -> None:
    listed = specs(door, instance_types="ecs.gn6i-c4g1.xlarge,ecs.g6.xlarge,ml.gu7ef.8xlarge-gu100")
    by_type = {spec.instance_type: spec for spec in listed.ecs_specs}
    t4 = by_type["ecs.gn6i-c4g1.xlarge"]
    assert (t4.cpu, t4.gpu, t4.gpu_type, t4.memory, t4.accelerator_type, t4.resource_type) == (
        4, 1, "T4", 15, "GPU", "ECS")
    assert t4.is_available and t4.default_gpudriver and "PostPaid" in t4.payment_types
    cpu = by_type["ecs.g6.xlarge"]
    assert (cpu.cpu, cpu.gpu, cpu.accelerator_type, cpu.gpu_type) == (4, 0, "CPU", "")
    assert by_type["ml.gu7ef.8xlarge-gu100"].resource_type == "Lingjun"
    assert listed.total_count == 3


def test_filters(door: Door) -> None:
    everything = specs(door, page_size=100)
    assert everything.total_count == len(everything.ecs_specs) >= 25
    gpu = specs(door, accelerator_type="GPU", resource_type="ECS", page_size=100).ecs_specs
    assert gpu and all(s.gpu > 0 and s.resource_type == "ECS" for s in gpu)
    assert {"ecs.gn6i-c4g1.xlarge", "ecs.gn7i-c8g1.2xlarge", "ecs.gn6v-c8g1.2xlarge"} <= {s.instance_type for s in gpu}
    v100 = next(s for s in gpu if s.instance_type == "ecs.gn6v-c8g1.2xlarge")
    assert (v100.cpu, v100.gpu, v100.gpu_type) == (8, 1, "V100")
    cpu = specs(door, accelerator_type="CPU", page_size=100).ecs_specs
    assert cpu and all(s.gpu == 0 for s in cpu) and "ecs.c6.large" in {s.instance_type for s in cpu}
    lingjun = specs(door, resource_type="Lingjun").ecs_specs
    assert lingjun and all(s.instance_type.startswith("ml.") for s in lingjun)
    with api_error("InvalidParameter", 400):
        specs(door, accelerator_type="TPU")


def test_lingjun_types_only_in_lingjun_regions(door: Door) -> None:
    assert specs(door, region="cn-hongkong", resource_type="Lingjun").total_count == 0
    assert specs(door, region="cn-hongkong", accelerator_type="GPU").total_count > 0


def test_sorting_and_paging(door: Door) -> None:
    by_gpu = specs(door, accelerator_type="GPU", resource_type="ECS", sort_by="GPU", order="desc", page_size=100)
    gpus = [s.gpu for s in by_gpu.ecs_specs]
    assert gpus == sorted(gpus, reverse=True) and gpus[0] == 8
    by_cpu = specs(door, accelerator_type="CPU", sort_by="CPU", page_size=100).ecs_specs
    assert [s.cpu for s in by_cpu] == sorted(s.cpu for s in by_cpu)
    first = specs(door, sort_by="Memory", page_size=5, page_number=1)
    second = specs(door, sort_by="Memory", page_size=5, page_number=2)
    assert len(first.ecs_specs) == len(second.ecs_specs) == 5 and first.total_count == second.total_count
    assert first.ecs_specs[-1].memory <= second.ecs_specs[0].memory
