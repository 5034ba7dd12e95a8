"""Fault tolerance, sanity check, retention, the instance RAM role, and the advanced parameters.

Advanced parameters are the console's "Advanced Framework Configuration"; they travel in
``Settings.AdvancedSettings`` under the keys of the product's "Advanced parameter list", values as strings.
Which framework or resource type a parameter needs is checked in ``rules``.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, SecretStr, field_validator

from .common import InputModel
from ..failures import shown

__all__ = [
    "ADVANCED_KEYS",
    "AdvancedParameters",
    "CustomRamRole",
    "FaultTolerance",
    "NoRamRole",
    "PaiDefaultRamRole",
    "RamRole",
    "Retention",
    "SanityCheck",
    "ram_role_account",
]


class FaultTolerance(InputModel):
    """Console: Automatic Fault Tolerance (AIMaster). Starts an AIMaster instance next to the job."""

    enabled: bool = Field(True, description="`Settings.EnableErrorMonitoringInAIMaster`.")
    args: str | None = Field(
        None,
        description="AIMaster settings (`Settings.ErrorMonitoringArgs`), e.g. `--enable-log-hang-detection true`.",
    )


class SanityCheck(InputModel):
    """Console: Sanity Check. Only for PyTorch jobs with GPUs on a Lingjun resource quota."""

    enabled: bool = Field(True, description="`Settings.EnableSanityCheck`.")
    args: str | None = Field(
        None,
        description="Sanity check settings (`Settings.SanityCheckArgs`), e.g. "
        "`--sanity-check-timing=AfterJobFaultTolerant --sanity-check-timeout-ops=MarkJobFail`.",
    )


class Retention(InputModel):
    """Console: Retention Period. Kept jobs hold their resources; expired ones are deleted."""

    minutes: int = Field(description="Minutes to keep a finished job (`Settings.JobReservedMinutes`), 0 or more.")
    policy: Literal["Always", "OnFailure", "OnSucceed"] | None = Field(
        None, description="Which finished jobs to keep (`Settings.JobReservedPolicy`)."
    )

    @field_validator("minutes")
    @classmethod
    def _minutes(cls, value: int) -> int:
        if value < 0:
            raise ValueError("retention minutes cannot be negative")
        return value


# --- instance RAM role ---------------------------------------------------------------------------------


class NoRamRole(InputModel):
    """Console: Does Not Associate Role (the default). No credentials are injected."""

    kind: Literal["none"]


class PaiDefaultRamRole(InputModel):
    """Console: Default Role of PAI (`AliyunPAIDLCDefaultRole`): STS credentials that read MaxCompute as the
    job's owner and reach only the workspace's default OSS bucket."""

    kind: Literal["pai_default"]


_ROLE_ARN = re.compile(r"^acs:ram::(\d+):role/[A-Za-z0-9.\-]{1,64}$", re.IGNORECASE)


class CustomRamRole(InputModel):
    """Console: Custom Role. STS credentials of this role are injected into the job's containers."""

    kind: Literal["custom"]
    role_arn: str = Field(
        description="ARN `acs:ram::<account>:role/<name>`. The DlcJob Args also take a `RamRole` resource here, "
        "which arrives as its ARN."
    )

    @field_validator("role_arn")
    @classmethod
    def _arn(cls, value: str) -> str:
        if not _ROLE_ARN.match(value):
            raise ValueError(
                f"a RAM role ARN looks like acs:ram::<account id>:role/<name>, got {shown(value)} "
                "(a role name is not enough: pass the RamRole resource or its `arn` output)"
            )
        return value


def ram_role_account(arn: str) -> str:
    """The account ID inside a role ARN."""
    match = _ROLE_ARN.match(arn)
    if not match:
        raise ValueError(f"not a RAM role ARN: {arn!r}")
    return match.group(1)


def _ram_role_shorthand(value: Any) -> Any:
    """``"none"``, ``"pai_default"`` or an ARN string."""
    if isinstance(value, str):
        return {"kind": value} if value in ("none", "pai_default") else {"kind": "custom", "role_arn": value}
    return value


RamRole = Annotated[
    NoRamRole | PaiDefaultRamRole | CustomRamRole,
    Field(discriminator="kind"),
    BeforeValidator(_ram_role_shorthand),
]


# --- advanced parameters ------------------------------------------------------------------------------

#: Spec field → ``Settings.AdvancedSettings`` key, as in the product's "Advanced parameter list".
ADVANCED_KEYS: dict[str, str] = {
    "release_resource_policy": "ReleaseResourcePolicy",
    "nvidia_ibgda": "EnableNvidiaIBGDA",
    "nvidia_gdrcopy": "EnableNvidiaGDRCopy",
    "numa_core_binding": "EnablePaiNUMACoreBinding",
    "resource_pre_check": "EnableResourcePreCheck",
    "all_workers_networking": "createSvcForAllWorkers",
    "custom_ports": "customPortList",
    "custom_port_count": "customPortNumPerWorker",
    "ray_runtime_env": "RayRuntimeEnv",
    "ray_redis_address": "RayRedisAddress",
    "ray_redis_username": "RayRedisUsername",
    "ray_redis_password": "RayRedisPassword",
    "ray_submitter_backoff_limit": "RaySubmitterBackoffLimit",
    "ray_object_store_memory_bytes": "RayObjectStoreMemoryBytes",
}

PYTORCH_ONLY = ("all_workers_networking", "custom_ports", "custom_port_count")
RAY_ONLY = tuple(name for name in ADVANCED_KEYS if name.startswith("ray_"))

#: The master's rendezvous port, always open: the product says not to list it again.
RESERVED_PORT = 23456
_PORT_ITEM = re.compile(r"^(\d+)(?:-(\d+))?$")


def _ports_shorthand(value: Any) -> Any:
    """The console form ``"10000;10001-10010"`` or a list of ports and ``"a-b"`` ranges."""
    if isinstance(value, str):
        value = [item for item in value.split(";") if item.strip()]
    if isinstance(value, list):
        return [str(item).strip() if not isinstance(item, bool) else item for item in value]
    return value


def _port_item(item: str) -> str:
    match = _PORT_ITEM.match(item)
    if not match:
        raise ValueError(f"custom ports are ports or ranges like 10001-10010, got {shown(item)}")
    low, high = int(match.group(1)), int(match.group(2) or match.group(1))
    if not 1 <= low <= high <= 65535:
        raise ValueError(f"{item!r} is not a port or an ascending range within 1-65535")
    if low <= RESERVED_PORT <= high:
        raise ValueError(f"custom ports must avoid {RESERVED_PORT}, the master's port ({item!r} includes it)")
    return item


def _runtime_env(value: Any) -> Any:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False) if isinstance(value, dict) else value


class AdvancedParameters(InputModel):
    """Console: Advanced Framework Configuration (`Settings.AdvancedSettings`)."""

    release_resource_policy: Literal["pod-exit"] | None = Field(
        None, description="`ReleaseResourcePolicy`: `pod-exit` frees a pod's resources when it exits (all frameworks)."
    )
    nvidia_ibgda: bool | None = Field(
        None, description="`EnableNvidiaIBGDA`: enable IBGDA when loading the GPU driver."
    )
    nvidia_gdrcopy: bool | None = Field(None, description="`EnableNvidiaGDRCopy`: install the GDRCopy kernel module.")
    numa_core_binding: bool | None = Field(None, description="`EnablePaiNUMACoreBinding`: NUMA core binding.")
    resource_pre_check: bool | None = Field(
        None, description="`EnableResourcePreCheck`: at submission, check that the quota's node specs fit every role."
    )
    all_workers_networking: bool | None = Field(
        None, description="`createSvcForAllWorkers` (PyTorch): workers reach each other, not only the master."
    )
    custom_ports: Annotated[
        list[Annotated[str, AfterValidator(_port_item)]] | None, BeforeValidator(_ports_shorthand)
    ] = Field(
        None,
        description="`customPortList` (PyTorch): ports or `a-b` ranges opened on each worker; not 23456. "
        "Excludes `custom_port_count`.",
    )
    custom_port_count: int | None = Field(
        None,
        description="`customPortNumPerWorker` (PyTorch, not Lingjun): this many random ports per worker, in "
        "env `CUSTOM_PORTS`; at most 65536. Excludes `custom_ports`.",
    )
    ray_runtime_env: Annotated[str | None, BeforeValidator(_runtime_env)] = Field(
        None, description="`RayRuntimeEnv` (Ray): the Ray runtime_env; replaces `envs` and third-party libraries."
    )
    ray_redis_address: str | None = Field(None, description="`RayRedisAddress` (Ray): external GCS Redis address.")
    ray_redis_username: str | None = Field(None, description="`RayRedisUsername` (Ray): external GCS Redis user.")
    ray_redis_password: SecretStr | None = Field(
        None, description="`RayRedisPassword` (Ray): external GCS Redis password. A secret."
    )
    ray_submitter_backoff_limit: int | None = Field(
        None, description="`RaySubmitterBackoffLimit` (Ray): retries of the submitter, a positive integer."
    )
    ray_object_store_memory_bytes: int | None = Field(
        None, description="`RayObjectStoreMemoryBytes` (Ray): shared memory per node in bytes, a positive integer."
    )
    extra: dict[str, str] = Field(
        default_factory=dict, description="Other `AdvancedSettings` keys, sent as given (string values)."
    )

    @field_validator("custom_port_count")
    @classmethod
    def _port_count(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 65536:
            raise ValueError("the custom port count is 1 to 65536")
        return value

    @field_validator("ray_submitter_backoff_limit", "ray_object_store_memory_bytes")
    @classmethod
    def _positive(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError("must be a positive integer")
        return value

    @field_validator("extra")
    @classmethod
    def _extra(cls, value: dict[str, str]) -> dict[str, str]:
        modelled = {key: name for name, key in ADVANCED_KEYS.items()}
        for key in value:
            if key in modelled:
                raise ValueError(f"{key!r} has its own field: use `advanced.{modelled[key]}`")
        return value

    def wire(self) -> dict[str, str]:
        """``Settings.AdvancedSettings``: product keys, string values."""
        out: dict[str, str] = {}
        for name, key in ADVANCED_KEYS.items():
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, SecretStr):
                out[key] = value.get_secret_value()
            elif isinstance(value, bool):
                out[key] = "true" if value else "false"
            elif isinstance(value, list):
                out[key] = ";".join(value)
            else:
                out[key] = str(value)
        out.update(self.extra)
        return out
