"""The console's "Framework" and "Job Resource": frameworks, their roles, and one role's nodes.

Which roles a framework accepts, and which sizes a resource source needs, are checked in ``rules``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator

from .common import InputModel, normalize_cpu, normalize_memory
from .environment import Image
from .resources import Bid
from .roles_extra import RoleOptions

__all__ = [
    "FRAMEWORK_ROLES",
    "JOB_TYPES",
    "LINGJUN_FRAMEWORKS",
    "RAY_WORKER_PREFIX",
    "ROLE_ORDER",
    "ROLE_TYPES",
    "Framework",
    "Role",
    "Roles",
]

#: Console "Framework".
Framework = Literal["tensorflow", "pytorch", "elastic_batch", "xgboost", "oneflow", "mpi", "ray"]

#: CreateJob ``JobType`` (case-sensitive) of each framework.
JOB_TYPES: dict[str, str] = {
    "tensorflow": "TFJob",
    "pytorch": "PyTorchJob",
    "elastic_batch": "ElasticBatchJob",
    "xgboost": "XGBoostJob",
    "oneflow": "OneFlowJob",
    "mpi": "MPIJob",
    "ray": "RayJob",
}

#: ``JobSpecs[].Type`` of each role field.
ROLE_TYPES: dict[str, str] = {
    "chief": "Chief",
    "master": "Master",
    "head": "Head",
    "launcher": "Launcher",
    "worker": "Worker",
    "ps": "PS",
    "evaluator": "Evaluator",
    "graph_learn": "GraphLearn",
}

#: Order of ``JobSpecs`` in the request; Ray's custom worker roles follow, in the order given.
ROLE_ORDER = tuple(ROLE_TYPES)

#: Ray custom worker roles are ``Worker-<name>`` on the wire.
RAY_WORKER_PREFIX = "Worker-"

#: Roles each framework accepts (JobSpec docs: TFJob Chief/PS/Worker/Evaluator/GraphLearn; PyTorch,
#: XGBoost, OneFlow, ElasticBatch Worker/Master; RayJob Head/Worker/Worker-xxx). MPIJob's roles are not
#: documented: Worker and Launcher follow the Kubeflow MPIJob that DLC runs.
FRAMEWORK_ROLES: dict[str, frozenset[str]] = {
    "tensorflow": frozenset({"worker", "ps", "chief", "evaluator", "graph_learn"}),
    "pytorch": frozenset({"worker", "master"}),
    "elastic_batch": frozenset({"worker", "master"}),
    "xgboost": frozenset({"worker", "master"}),
    "oneflow": frozenset({"worker", "master"}),
    "mpi": frozenset({"worker", "launcher"}),
    "ray": frozenset({"head", "worker", "ray_workers"}),
}

#: "When selecting Lingjun AI Computing Service ... only TensorFlow, PyTorch, ElasticBatch, MPIJob and Ray".
LINGJUN_FRAMEWORKS = frozenset({"tensorflow", "pytorch", "elastic_batch", "mpi", "ray"})


def _node_name(value: str) -> str:
    if not value or "," in value:
        raise ValueError(f"node names are non-empty and contain no comma, got {value!r}")
    return value


class Role(RoleOptions):
    """One role's nodes (console "Job Resource" row). Which size fields apply depends on the source:
    public and preemptible resources take `spec`; a resource quota takes `cpu`, `gpu`, `memory`, ….
    The rest of the role's `JobSpec` (restart policy, service, extra pod spec, ...) is `RoleOptions`.
    """

    count: int = Field(1, description="Number of Nodes (`PodCount`), at least 1.")
    image: Image | None = Field(None, description="Image of this role; unset: the job's `image`.")
    spec: str | None = Field(
        None, description="Public/preemptible: the node spec (instance type, `EcsSpec`), e.g. `ecs.gn6i-c4g1.xlarge`."
    )
    cpu: Annotated[float | None, BeforeValidator(normalize_cpu)] = Field(
        None, description="Resource quota: CPU cores per node (`ResourceConfig.CPU`)."
    )
    gpu: int | None = Field(None, description="Resource quota: GPUs per node (`ResourceConfig.GPU`).")
    gpu_type: str | None = Field(None, description="Resource quota: GPU type, e.g. `A100` (`ResourceConfig.GPUType`).")
    memory: Annotated[str | None, BeforeValidator(normalize_memory)] = Field(
        None, description="Resource quota: memory per node, `16Gi` or a number of GiB (`ResourceConfig.Memory`)."
    )
    shared_memory: Annotated[str | None, BeforeValidator(normalize_memory)] = Field(
        None,
        description="Resource quota: shared memory per node, `16Gi` or a GiB number (`ResourceConfig.SharedMemory`).",
    )
    node_names: list[Annotated[str, AfterValidator(_node_name)]] = Field(
        default_factory=list,
        description="Resource quota: Node-Specific Scheduling, run only on these nodes (`AssignNodeSpec`).",
    )
    bid: Bid | None = Field(None, description="Preemptible: this role's bid, instead of `resources.bid`.")

    @field_validator("count")
    @classmethod
    def _count(cls, value: int) -> int:
        if value < 1:
            raise ValueError("a role needs at least 1 node (leave the role out instead)")
        return value

    @field_validator("gpu")
    @classmethod
    def _gpu(cls, value: int | None) -> int | None:
        if value is not None and value < 0:
            raise ValueError("GPUs per node cannot be negative")
        return value


_RAY_ROLE_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,38}[A-Za-z0-9])?$")


class Roles(InputModel):
    """Console "Job Resource": one entry per role. Only the roles the framework supports are accepted."""

    worker: Role | None = Field(None, description="Worker nodes (every framework).")
    master: Role | None = Field(
        None, description="Master (PyTorch, XGBoost, OneFlow, ElasticBatch); optional, else the first worker."
    )
    ps: Role | None = Field(None, description="Parameter servers (TensorFlow).")
    chief: Role | None = Field(None, description="Chief (TensorFlow).")
    evaluator: Role | None = Field(None, description="Evaluator (TensorFlow).")
    graph_learn: Role | None = Field(None, description="GraphLearn (TensorFlow).")
    head: Role | None = Field(None, description="Ray head node (Ray).")
    launcher: Role | None = Field(None, description="MPI launcher (MPIJob).")
    ray_workers: dict[str, Role] = Field(
        default_factory=dict,
        description="Ray: custom worker roles (console Add Role) for mixed hardware, sent as `Worker-<name>`.",
    )

    @field_validator("ray_workers")
    @classmethod
    def _ray_names(cls, value: dict[str, Role]) -> dict[str, Role]:
        for name in value:
            if not _RAY_ROLE_NAME.match(name):
                raise ValueError(f"Ray worker role names are 1-40 letters, digits and inner hyphens, got {name!r}")
        return value

    def present(self) -> Iterator[tuple[tuple[Any, ...], str, Role]]:
        """(location, wire Type, role) of every role given, in request order."""
        for name in ROLE_ORDER:
            role = getattr(self, name)
            if role is not None:
                yield (name,), ROLE_TYPES[name], role
        for name, role in self.ray_workers.items():
            yield ("ray_workers", name), RAY_WORKER_PREFIX + name, role
