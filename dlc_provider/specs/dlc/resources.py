"""The console's "Resource configuration": resource type, and the source (public, quota, preemptible).

Per-role sizes (node spec, CPU, GPU, memory) live on the roles (``frameworks``); which of them a source
needs is a cross-field rule (``rules``).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from .common import InputModel
from ..checks import ResourceId

__all__ = [
    "Bid",
    "PreemptibleResources",
    "PublicResources",
    "QuotaResources",
    "ResourceType",
    "Resources",
    "instance_type_size",
]

#: Console "Resource Type": General Computing (ECS) or Lingjun Intelligence Resources.
ResourceType = Literal["general", "lingjun"]

#: Console "Idle Resources" ↔ ``Settings.OversoldType`` (the DLC CLI's ``oversold_type``).
IDLE_RESOURCES_WIRE = {
    "forbid": "ForbiddenQuotaOverSold",
    "accept": "AcceptQuotaOverSold",
    "only": "ForceQuotaOverSold",
}


class Bid(InputModel):
    """Console "Bid" of preemptible resources: by discount or by price, exactly one."""

    discount: float | None = Field(
        None,
        description="By discount: the highest bid as a fraction of the list price, 0.1-0.9 (10%-90%). "
        "`SpotDiscountLimit`; Lingjun resources only.",
    )
    price_limit: float | None = Field(
        None, description="By price: the highest bid in CNY per minute (`SpotPriceLimit`), more than 0."
    )

    @field_validator("discount")
    @classmethod
    def _discount(cls, value: float | None) -> float | None:
        if value is not None and not 0.1 <= value <= 0.9:
            raise ValueError("a bid by discount is a fraction of the list price from 0.1 to 0.9 (10% to 90%)")
        return value

    @field_validator("price_limit")
    @classmethod
    def _price(cls, value: float | None) -> float | None:
        if value is not None and value <= 0:
            raise ValueError("a bid by price must be more than 0 (CNY per minute)")
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Bid:
        if (self.discount is None) == (self.price_limit is None):
            raise ValueError("bid either by `discount` or by `price_limit`: set exactly one")
        return self

    def wire(self) -> dict[str, Any]:
        """``JobSpecs[].SpotSpec``."""
        spot: dict[str, Any] = {"SpotStrategy": "SpotWithPriceLimit"}
        if self.discount is not None:
            spot["SpotDiscountLimit"] = self.discount
        if self.price_limit is not None:
            spot["SpotPriceLimit"] = self.price_limit
        return spot


class PublicResources(InputModel):
    """Console Source → Public Resources: pay-as-you-go; each role names a node spec (`spec`)."""

    source: Literal["public"]


def _idle_shorthand(value: Any) -> Any:
    """The console switch: on = may use idle resources, off = never."""
    if value is True:
        return "accept"
    if value is False:
        return "forbid"
    return value


class QuotaResources(InputModel):
    """Console Source → Resource Quota: subscription resources; each role gives CPU/GPU/memory."""

    source: Literal["quota"]
    quota_id: ResourceId = Field(description="Resource quota ID (`ResourceId`).")
    idle_resources: Annotated[Literal["forbid", "accept", "only"] | None, BeforeValidator(_idle_shorthand)] = Field(
        None,
        description="Console: Idle Resources. `accept` (or true): may run on idle resources of other quotas "
        "and be preempted; `only`: idle resources only; `forbid` (or false): never. `Settings.OversoldType`.",
    )
    cpu_affinity: bool | None = Field(
        None, description="Console: CPU Affinity (`Settings.EnableCPUAffinity`); general computing quotas only."
    )
    tidal_resources: bool | None = Field(
        None, description="SDK option `Settings.EnableTideResource`: allow tidal resources."
    )


class PreemptibleResources(InputModel):
    """Console Source → Preemptible Resources: spot instances; each role names a node spec (`spec`)."""

    source: Literal["preemptible"]
    bid: Bid = Field(description="Bid for every role (a role's own `bid` overrides it).")


def _source_shorthand(value: Any) -> Any:
    return {"source": "public"} if value == "public" else value


Resources = Annotated[
    PublicResources | QuotaResources | PreemptibleResources,
    Field(discriminator="source"),
    BeforeValidator(_source_shorthand),
]

_SIZE = re.compile(r"\.(\d*)xlarge$")
_RATIO = re.compile(r"-c(\d+)g(\d+)\.")
_SMALL = {"small": 1, "medium": 1, "large": 2}


def instance_type_size(spec: str) -> tuple[int | None, int | None]:
    """(vCPUs, GPUs) of an ECS instance type read from its name, ``None`` where the name does not say.

    ECS names end in the size (``large`` = 2 vCPUs, ``xlarge`` = 4, ``<n>xlarge`` = 4n), and GPU families
    carry a vCPU:GPU ratio (``gn6i-c4g1``: 4 vCPUs per GPU). Families outside that scheme (Lingjun ``ml.…``
    types, bare metal without a ratio) are left unchecked here; the service checks them.
    """
    if not spec.startswith("ecs."):
        return None, None
    cpus: int | None = None
    match = _SIZE.search(spec)
    if match:
        cpus = 4 * int(match.group(1) or 1)
    else:
        size = spec.rsplit(".", 1)[-1]
        cpus = _SMALL.get(size)
    family = spec.split(".")[1] if spec.count(".") >= 2 else ""
    ratio = _RATIO.search(spec)
    if ratio and cpus is not None:
        per_gpu, gpus = int(ratio.group(1)), int(ratio.group(2))
        return cpus, (cpus * gpus) // per_gpu if per_gpu else None
    if "gn" in family or family.startswith(("vgn", "sgn")):
        return cpus, None
    return cpus, 0
