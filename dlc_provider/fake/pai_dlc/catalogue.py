"""The instance types the fake PAI-DLC offers (ListEcsSpecs) and uses to size job nodes.

A fixed catalogue: common ECS GPU types (T4, A10, V100, P100, A100), CPU-only types, and a few Lingjun
(`ml.…`) types that exist only in the Lingjun regions. Numbers follow the public instance-family pages
closely enough for sizing rules; they are not a price list.
"""

from __future__ import annotations

from dataclasses import dataclass

GPU_DRIVERS = ("470.199.02", "535.54.03", "550.127.08")
DEFAULT_GPU_DRIVER = "535.54.03"


@dataclass(frozen=True)
class EcsSpecInfo:
    instance_type: str
    cpu: int
    memory: int  # GiB
    gpu: int = 0
    gpu_type: str = ""
    gpu_memory: int = 0  # GB per GPU
    resource_type: str = "ECS"  # ECS | Lingjun

    @property
    def accelerator_type(self) -> str:
        return "GPU" if self.gpu else "CPU"

    @property
    def is_lingjun(self) -> bool:
        return self.resource_type == "Lingjun"


def _gpu(name: str, cpu: int, memory: int, gpu: int, gpu_type: str, gpu_memory: int) -> EcsSpecInfo:
    return EcsSpecInfo(name, cpu, memory, gpu, gpu_type, gpu_memory)


def _lingjun(name: str, cpu: int, memory: int, gpu: int, gpu_type: str, gpu_memory: int) -> EcsSpecInfo:
    return EcsSpecInfo(name, cpu, memory, gpu, gpu_type, gpu_memory, resource_type="Lingjun")


CATALOGUE: tuple[EcsSpecInfo, ...] = (
    # GPU, ECS
    _gpu("ecs.gn6i-c4g1.xlarge", 4, 15, 1, "T4", 16),
    _gpu("ecs.gn6i-c8g1.2xlarge", 8, 31, 1, "T4", 16),
    _gpu("ecs.gn6i-c16g1.4xlarge", 16, 62, 1, "T4", 16),
    _gpu("ecs.gn6i-c24g1.12xlarge", 48, 186, 2, "T4", 16),
    _gpu("ecs.gn7i-c8g1.2xlarge", 8, 30, 1, "A10", 24),
    _gpu("ecs.gn7i-c16g1.4xlarge", 16, 60, 1, "A10", 24),
    _gpu("ecs.gn7i-c32g1.8xlarge", 32, 188, 1, "A10", 24),
    _gpu("ecs.gn7i-2x.8xlarge", 32, 128, 2, "A10", 24),
    _gpu("ecs.gn6v-c8g1.2xlarge", 8, 32, 1, "V100", 16),
    _gpu("ecs.gn6v-c8g1.8xlarge", 32, 128, 4, "V100", 16),
    _gpu("ecs.gn6v-c8g1.16xlarge", 64, 256, 8, "V100", 16),
    _gpu("ecs.gn6e-c12g1.3xlarge", 12, 92, 1, "V100", 32),
    _gpu("ecs.gn5-c4g1.xlarge", 4, 30, 1, "P100", 16),
    _gpu("ecs.gn7-c12g1.3xlarge", 12, 94, 1, "A100", 40),
    # CPU only, ECS
    EcsSpecInfo("ecs.c6.large", 2, 4),
    EcsSpecInfo("ecs.c6.xlarge", 4, 8),
    EcsSpecInfo("ecs.c6.2xlarge", 8, 16),
    EcsSpecInfo("ecs.c6.4xlarge", 16, 32),
    EcsSpecInfo("ecs.g6.large", 2, 8),
    EcsSpecInfo("ecs.g6.xlarge", 4, 16),
    EcsSpecInfo("ecs.g6.2xlarge", 8, 32),
    EcsSpecInfo("ecs.g6.4xlarge", 16, 64),
    EcsSpecInfo("ecs.r6.xlarge", 4, 32),
    EcsSpecInfo("ecs.g7.xlarge", 4, 16),
    EcsSpecInfo("ecs.c7.2xlarge", 8, 16),
    # Lingjun
    _lingjun("ml.gu7ef.8xlarge-gu100", 32, 256, 1, "GU100", 80),
    _lingjun("ml.gu7ef.c96m1600.8-gu100", 96, 1600, 8, "GU100", 80),
    _lingjun("ml.gu7xf.c96m1600.8-gu108", 96, 1600, 8, "GU108", 80),
    _lingjun("ml.gx7.c96m1600.8-gu60", 96, 1600, 8, "GU60", 48),
)

_BY_TYPE = {spec.instance_type: spec for spec in CATALOGUE}

# Regions with Lingjun resources (PAI docs, "Regions and zones").
LINGJUN_REGIONS = frozenset(
    {"cn-wulanchabu", "ap-southeast-1", "cn-shenzhen", "cn-beijing", "cn-shanghai", "cn-hangzhou"}
)


def find(instance_type: str | None) -> EcsSpecInfo | None:
    return _BY_TYPE.get(instance_type or "")


def offered_in(region: str) -> list[EcsSpecInfo]:
    """The catalogue as a region sees it: Lingjun types only where Lingjun exists."""
    lingjun = region in LINGJUN_REGIONS
    return [spec for spec in CATALOGUE if lingjun or not spec.is_lingjun]


def shape(spec: EcsSpecInfo) -> dict[str, object]:
    """An `EcsSpec` as ListEcsSpecs returns it."""
    return {
        "InstanceType": spec.instance_type,
        "AcceleratorType": spec.accelerator_type,
        "ResourceType": spec.resource_type,
        "Cpu": spec.cpu,
        "Memory": spec.memory,
        "Gpu": spec.gpu,
        "GpuType": spec.gpu_type,
        "GpuMemory": spec.gpu_memory,
        "IsAvailable": True,
        "PaymentTypes": ["PostPaid", "Spot"] if not spec.is_lingjun else ["PrePaid", "Spot"],
        "SpotStockStatus": "WithStock",
        "NonProtectSpotDiscount": 0.1 if spec.gpu else 0.2,
        "DefaultGPUDriver": DEFAULT_GPU_DRIVER if spec.gpu else "",
        "SupportedGPUDrivers": list(GPU_DRIVERS) if spec.gpu else [],
    }


# --- resource quotas (ResourceId) -------------------------------------------------------------------------------
#: The quotas every account has in the fake, by resource type: `quota-ecs-demo` (general computing) and
#: `quota-lingjun-demo` (Lingjun; usable only in LINGJUN_REGIONS, like Lingjun instance types). Any other
#: quota ID is accepted and treated as a general-computing quota. A job on a Lingjun quota is a Lingjun job
#: even when its roles are sized by ResourceConfig (no EcsSpec), so e.g. its sanity check is allowed.
QUOTAS: dict[str, str] = {"quota-ecs-demo": "ECS", "quota-lingjun-demo": "Lingjun"}


def quota_resource_type(quota_id: str | None) -> str | None:
    """`Lingjun` or `ECS` for a quota ID (unknown IDs: `ECS`); None without a quota (public resources)."""
    if not quota_id:
        return None
    return QUOTAS.get(str(quota_id), "ECS")
