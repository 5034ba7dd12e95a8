"""The rest of a role's `JobSpec`: restart policy, system disk, service, extra pod spec, local mounts,
startup dependencies, hyper-node scheduling, auto scaling, elastic spot specs and the role-level
overrides (command, quota, driver). `RoleOptions` is a base of `frameworks.Role`; the console-labelled
fields (count, image, spec, sizes, node names, bid) stay there.

Rules that need the rest of the job (a dependency names a role of the job, spot fields need preemptible
resources, hyper nodes need Lingjun) are in ``surface_rules``; here only what one model checks itself.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..checks import ResourceId
from .common import absolute_path
from .pod_spec import ExtraPodSpec
from .wire import WireModel, matching

__all__ = [
    "RESTART_POLICIES",
    "AutoScalingSpec",
    "AutoscalingMetricSpec",
    "ElasticSpotSpec",
    "HyperNodeSchedulingConfig",
    "HyperNodeSpec",
    "LocalMountSpec",
    "RoleOptions",
    "ServiceSpec",
    "StartupDependency",
    "SystemDisk",
]

RESTART_POLICIES = ("Always", "Never", "OnFailure", "ExitCode")
#: ECS system disk categories and their size range in GiB (ECS "Disk categories"; ESSD PL0-PL3 sizes vary,
#: the widest range is checked here and the service checks the level's own).
SYSTEM_DISK_SIZES = {"cloud_essd": (20, 2048), "cloud_auto": (20, 2048), "cloud_essd_entry": (20, 2048),
                     "cloud_efficiency": (20, 2048), "cloud_ssd": (20, 2048)}
_DRIVER = re.compile(r"^\d+(\.\d+){1,2}$")
_NODE_NAME = re.compile(r"^[^,\s]+$")


def _driver(value: str | None) -> str | None:
    if value is not None and not _DRIVER.match(value):
        raise ValueError("an NVIDIA driver version looks like 535.54.03")
    return value


def _node_names(value: list[str]) -> list[str]:
    for name in value:
        if not _NODE_NAME.match(name):
            raise ValueError(f"node names are non-empty and contain no comma or space, got {name!r}")
    return value


Tolerance = matching(r"\d{1,3}(\.\d+)?%?", "tolerance is a percentage such as 10%")
NodeNames = Annotated[list[str], AfterValidator(_node_names)]
#: An NVIDIA driver version (`Driver` of a role and of the job's settings).
DriverVersion = Annotated[str | None, AfterValidator(_driver)]


class SystemDisk(WireModel):
    """`SystemDisk`: the nodes' system disk (public and preemptible resources)."""

    category: Literal["cloud_essd", "cloud_auto", "cloud_essd_entry", "cloud_efficiency", "cloud_ssd"] = Field(
        description="`Category`: the ECS disk category."
    )
    size: int | None = Field(None, description="`Size` in GiB, 20-2048.")
    performance_level: Literal["PL0", "PL1", "PL2", "PL3"] | None = Field(
        None, description="`PerformanceLevel`: ESSD only (category cloud_essd), PL0-PL3."
    )

    @model_validator(mode="after")
    def _rules(self) -> SystemDisk:
        low, high = SYSTEM_DISK_SIZES[self.category]
        if self.size is not None and not low <= self.size <= high:
            raise ValueError(f"size of a {self.category} system disk is {low}-{high} GiB")
        if self.performance_level is not None and self.category != "cloud_essd":
            raise ValueError("performance_level is for ESSD disks only (category: cloud_essd)")
        return self


class ServiceSpec(WireModel):
    """`ServiceSpec`: a Kubernetes service in front of the role's pods."""

    default_port: int | None = Field(None, ge=1, le=65535, description="`DefaultPort`, 1-65535.")
    extra_ports: list[Annotated[int, Field(ge=1, le=65535)]] = Field(
        default_factory=list, description="`ExtraPorts`: more ports, 1-65535, distinct, not the default port."
    )
    service_mode: Literal["PerRole", "PerPod"] | None = Field(
        None, description="`ServiceMode`: one service for the role or one per pod (default PerPod)."
    )

    @model_validator(mode="after")
    def _ports(self) -> ServiceSpec:
        ports = [*([self.default_port] if self.default_port is not None else []), *self.extra_ports]
        if len(set(ports)) != len(ports):
            raise ValueError("service ports must be distinct (default_port and extra_ports)")
        return self


class LocalMountSpec(WireModel):
    """`LocalMountSpecs[]`: a path of the node mounted into the container."""

    local_path: str = Field(description="`LocalPath`: absolute path on the node.")
    mount_path: str = Field(description="`MountPath`: absolute path in the container, unique in the job.")
    mount_mode: Literal["ReadOnly", "ReadWrite"] | None = Field(None, description="`MountMode`.")

    _absolute = field_validator("local_path", "mount_path")(absolute_path)


class StartupDependency(WireModel):
    """`StartupDependencies[]`: this role starts only when another role has reached a phase."""

    AS_TEXT: ClassVar[frozenset[str]] = frozenset({"min_replicas"})

    type: str = Field(description="`Type`: the role waited for, as on the wire (`Master`, `Worker`, `Worker-<name>`).")
    on_phase: Literal["Running", "Succeeded"] = Field(
        "Running", description="`OnPhase`: the phase the other role's pods must reach."
    )
    min_replicas: int | None = Field(
        None, ge=1, description="`MinReplicas`: how many of its pods must be there; unset: all of them."
    )


class HyperNodeSpec(WireModel):
    """`HyperNodes[]` / `AntiAffinityHyperNodes[]`: a hyper node and, optionally, some of its nodes."""

    hyper_node_name: str = Field(min_length=1, description="`HyperNodeName`.")
    node_names: str | None = Field(None, description="`NodeNames`: comma-separated nodes of the hyper node.")


class HyperNodeSchedulingConfig(WireModel):
    """`HyperNodeSchedulingConfig`: gang scheduling of the role onto hyper nodes (Lingjun only)."""

    min_available: int | None = Field(None, ge=1, description="`MinAvailable`: pods scheduled together, at most the count.")
    quality_policy: str | None = Field(None, description="`QualityPolicy`, passed as given.")


class AutoscalingMetricSpec(WireModel):
    """`AutoscalingMetricSpec`: the metric auto scaling follows."""

    metric_name: str = Field(min_length=1, description="`MetricName`: a predefined or custom metric.")
    target_value: int = Field(ge=0, description="`TargetValue`: the value to hold the metric at.")
    stabilization_window_seconds: int | None = Field(
        None, ge=0, description="`StabilizationWindowSeconds`: cooldown after a scaling step."
    )
    tolerance: Tolerance | None = Field(
        None, description="`Tolerance`: deviation that triggers scaling, a percentage, e.g. `10%`."
    )


class AutoScalingSpec(WireModel):
    """`AutoScalingSpec`: the role's pod count moves between min and max replicas."""

    min_replicas: int = Field(ge=0, description="`MinReplicas`: at most the role's count.")
    max_replicas: int = Field(ge=1, description="`MaxReplicas`: at least the role's count and min_replicas.")
    scaling_strategy: str | None = Field(None, description="`ScalingStrategy`, passed as given.")
    pods_to_delete: list[str] = Field(default_factory=list, description="`PodsToDelete`: pods to remove first on a scale-in.")
    autoscaling_metric_spec: AutoscalingMetricSpec | None = Field(None, description="`AutoscalingMetricSpec`.")

    @model_validator(mode="after")
    def _bounds(self) -> AutoScalingSpec:
        if self.min_replicas > self.max_replicas:
            raise ValueError("min_replicas must not exceed max_replicas")
        return self


class ElasticSpotSpec(WireModel):
    """`ElasticSpotSpecs[]`: one more instance type the role's spot nodes may use."""

    instance_type: str = Field(min_length=1, description="`InstanceType`: an ECS instance type.")
    spot_strategy: Literal["LowestPrice", "CapacityOptimized"] | None = Field(
        None, description="`SpotStrategy`: LowestPrice (default) or CapacityOptimized."
    )
    spot_discount_limit: float | None = Field(
        None, gt=0, le=100, description="`SpotDiscountLimit`: the highest discount percentage, e.g. 90."
    )
    spot_price_limit: float | None = Field(None, gt=0, description="`SpotPriceLimit`: the highest hourly price.")


class RoleOptions(WireModel):
    """The role's `JobSpec` fields beyond count, image, size, node names and bid."""

    WIRE: ClassVar[dict[str, str]] = {"command": "UserCommand"}
    #: Fields that only a Lingjun job may set.
    LINGJUN_ONLY: ClassVar[tuple[str, ...]] = ("hyper_node_scheduling_config", "hyper_nodes", "anti_affinity_hyper_nodes")
    #: Fields of `AssignNodeSpec` (sent there, not in the JobSpec itself).
    ASSIGN_NODE: ClassVar[tuple[str, ...]] = ("anti_affinity_node_names", "hyper_nodes", "anti_affinity_hyper_nodes")

    command: str | None = Field(None, min_length=1, description="`UserCommand` of this role, instead of the job's.")
    restart_policy: Literal["Always", "Never", "OnFailure", "ExitCode"] | None = Field(
        None, description="`RestartPolicy`: restart a pod always, never, on failure, or on a retryable exit code."
    )
    system_disk: SystemDisk | None = Field(None, description="`SystemDisk` of each node (public, preemptible).")
    driver: DriverVersion = Field(
        None, description="`Driver`: the NVIDIA driver version of this role's nodes, e.g. 535.54.03 (needs GPUs)."
    )
    service_spec: ServiceSpec | None = Field(None, description="`ServiceSpec`: a service in front of the pods.")
    extra_pod_spec: ExtraPodSpec | None = Field(None, description="`ExtraPodSpec`: containers, labels, hooks.")
    local_mount_specs: list[LocalMountSpec] = Field(default_factory=list, description="`LocalMountSpecs`.")
    startup_dependencies: list[StartupDependency] = Field(
        default_factory=list, description="`StartupDependencies`: roles that must be up before this one starts."
    )
    hyper_node_scheduling_config: HyperNodeSchedulingConfig | None = Field(
        None, description="`HyperNodeSchedulingConfig` (Lingjun only)."
    )
    auto_scaling_spec: AutoScalingSpec | None = Field(None, description="`AutoScalingSpec`: elastic pod count.")
    elastic_spot_specs: list[ElasticSpotSpec] = Field(
        default_factory=list, description="`ElasticSpotSpecs`: more spot instance types (preemptible resources)."
    )
    consider_in_success_policy: bool | None = Field(
        None, description="`ConsiderInSuccessPolicy`: count this role for success (needs success_policy Partial)."
    )
    is_chief: bool | None = Field(None, description="`IsChief`: this role is the chief; at most one role.")
    quota_id: ResourceId | None = Field(
        None, description="`QuotaId`: this role's resource quota, instead of the job's (resource quota only)."
    )
    oversold_type: Literal["ForbiddenQuotaOverSold", "AcceptQuotaOverSold", "ForceQuotaOverSold"] | None = Field(
        None, description="`OversoldType` of this role (resource quota only); the job's is `resources.idle_resources`."
    )
    use_spot_instance: bool | None = Field(None, description="`UseSpotInstance` (preemptible resources only).")
    anti_affinity_node_names: NodeNames = Field(
        default_factory=list, description="`AssignNodeSpec.AntiAffinityNodeNames`: never on these nodes (resource quota)."
    )
    hyper_nodes: list[HyperNodeSpec] = Field(
        default_factory=list, description="`AssignNodeSpec.HyperNodes`: only on these hyper nodes (Lingjun)."
    )
    anti_affinity_hyper_nodes: list[HyperNodeSpec] = Field(
        default_factory=list, description="`AssignNodeSpec.AntiAffinityHyperNodes`: never on these (Lingjun)."
    )

    def job_spec_wire(self) -> dict[str, object]:
        """These fields as JobSpec keys, without the `AssignNodeSpec` ones."""
        return self.to_wire([name for name in RoleOptions.model_fields if name not in self.ASSIGN_NODE])

    def assign_node_wire(self) -> dict[str, object]:
        """The `AssignNodeSpec` keys of these fields."""
        out: dict[str, object] = {}
        if self.anti_affinity_node_names:
            out["AntiAffinityNodeNames"] = ",".join(self.anti_affinity_node_names)
        for name in ("hyper_nodes", "anti_affinity_hyper_nodes"):
            if items := getattr(self, name):
                out[self.wire_name(name)] = [item.to_wire() for item in items]
        return out


#: JobSpec keys `RoleOptions` maps (the `AssignNodeSpec` ones travel inside that structure).
ROLE_OPTION_KEYS = frozenset(
    RoleOptions.wire_name(name) for name in RoleOptions.model_fields if name not in RoleOptions.ASSIGN_NODE
)
