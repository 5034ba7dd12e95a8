"""PAI-DLC's rules for the CreateJob fields beyond the console's form, checked at CreateJob: restart policy,
system disk, service ports, startup dependencies, auto scaling and elastic bounds, one chief, Lingjun-only
scheduling and RDMA, custom environment variables, templates, grace period.

Pure functions of the request body (unset fields already dropped) and whether the job runs on Lingjun;
every failure is `InvalidParameter.<Field>` (400), as the rest of the fake's CreateJob rules. What these
fields then do to a running job is in ``models/job_behaviour.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .exceptions import InvalidField

RESTART_POLICIES = ("Always", "Never", "OnFailure", "ExitCode")
SERVICE_MODES = ("PerRole", "PerPod")
DISK_CATEGORIES = ("cloud_essd", "cloud_auto", "cloud_essd_entry", "cloud_efficiency", "cloud_ssd")
DISK_SIZE = (20, 2048)
PERFORMANCE_LEVELS = ("PL0", "PL1", "PL2", "PL3")
ON_PHASES = ("Running", "Succeeded")
ENV_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_GRACE_SECONDS = 86400
LINGJUN_ROLE_FIELDS = ("HyperNodeSchedulingConfig",)
LINGJUN_ASSIGN_FIELDS = ("HyperNodes", "AntiAffinityHyperNodes")
LINGJUN_SETTINGS = ("EnableRDMA", "AllocateAllRDMADevices")


def _int(value: Any, field: str, low: int | None = None, high: int | None = None) -> int:
    try:
        number = int(str(value)) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or (low is not None and number < low) or (high is not None and number > high):
        bounds = f" from {low}" if low is not None else ""
        bounds += f" to {high}" if high is not None else ""
        raise InvalidField(field, f"{field} must be a whole number{bounds}, got {value!r}.")
    return number


def _role(spec: Mapping[str, Any], roles: Mapping[str, int], lingjun: bool) -> None:
    role = spec["Type"]
    if spec.get("RestartPolicy") not in (None, *RESTART_POLICIES):
        raise InvalidField("JobSpecs.RestartPolicy", f"RestartPolicy must be one of {', '.join(RESTART_POLICIES)}.")
    disk = spec.get("SystemDisk") or {}
    if disk:
        if disk.get("Category") not in DISK_CATEGORIES:
            raise InvalidField("JobSpecs.SystemDisk", f"SystemDisk.Category must be one of {', '.join(DISK_CATEGORIES)}.")
        if "Size" in disk:
            _int(disk["Size"], "JobSpecs.SystemDisk.Size", *DISK_SIZE)
        if "PerformanceLevel" in disk and (disk["Category"] != "cloud_essd" or disk["PerformanceLevel"] not in PERFORMANCE_LEVELS):
            raise InvalidField("JobSpecs.SystemDisk", "SystemDisk.PerformanceLevel (PL0-PL3) is for cloud_essd only.")
    service = spec.get("ServiceSpec") or {}
    ports = [*([service["DefaultPort"]] if "DefaultPort" in service else []), *(service.get("ExtraPorts") or [])]
    for port in ports:
        _int(port, "JobSpecs.ServiceSpec", 1, 65535)
    if len(set(ports)) != len(ports):
        raise InvalidField("JobSpecs.ServiceSpec", "ServiceSpec ports must be distinct.")
    if service.get("ServiceMode") not in (None, *SERVICE_MODES):
        raise InvalidField("JobSpecs.ServiceSpec", "ServiceSpec.ServiceMode must be PerRole or PerPod.")
    for dependency in spec.get("StartupDependencies") or []:
        other = dependency.get("Type")
        if other == role or other not in roles:
            raise InvalidField("JobSpecs.StartupDependencies",
                               f"The role {role} can only wait for another role of the job, not {other!r}.")
        if dependency.get("OnPhase") not in (None, *ON_PHASES):
            raise InvalidField("JobSpecs.StartupDependencies", "StartupDependencies.OnPhase must be Running or Succeeded.")
        if "MinReplicas" in dependency:
            _int(dependency["MinReplicas"], "JobSpecs.StartupDependencies.MinReplicas", 1, roles[other])
    scaling = spec.get("AutoScalingSpec") or {}
    if scaling:
        low = _int(scaling.get("MinReplicas", 0), "JobSpecs.AutoScalingSpec.MinReplicas", 0)
        high = _int(scaling.get("MaxReplicas", roles[role]), "JobSpecs.AutoScalingSpec.MaxReplicas", 1)
        if not low <= roles[role] <= high:
            raise InvalidField("JobSpecs.AutoScalingSpec",
                               f"PodCount {roles[role]} of {role} must lie within MinReplicas and MaxReplicas.")
    assign = spec.get("AssignNodeSpec") or {}
    lingjun_only = [f for f in LINGJUN_ROLE_FIELDS if f in spec] + [f for f in LINGJUN_ASSIGN_FIELDS if f in assign]
    if lingjun_only and not lingjun:
        raise InvalidField(f"JobSpecs.{lingjun_only[0]}", f"{lingjun_only[0]} is available on Lingjun resources only.")


def _custom_envs(envs: list[Mapping[str, Any]]) -> None:
    keys = [str(env.get("Key", "")) for env in envs]
    for env, key in zip(envs, keys, strict=True):
        if not ENV_KEY.match(key):
            raise InvalidField("CustomEnvs.Key", f"{key!r} is not an environment variable name.")
        if env.get("Visible") not in (None, "true", "false"):
            raise InvalidField("CustomEnvs.Visible", "CustomEnvs.Visible must be 'true' or 'false'.")
    if len(set(keys)) != len(keys):
        raise InvalidField("CustomEnvs.Key", "CustomEnvs keys must be unique.")


def _elastic(elastic: Mapping[str, Any], workers: int | None) -> None:
    for low, high in (("MinParallelism", "MaxParallelism"), ("EDPMinParallelism", "EDPMaxParallelism"),
                      ("PSMinParallelism", "PSMaxParallelism")):
        if low in elastic and high in elastic and _int(elastic[low], f"ElasticSpec.{low}", 1) > _int(
                elastic[high], f"ElasticSpec.{high}", 1):
            raise InvalidField("ElasticSpec", f"ElasticSpec.{low} must not exceed {high}.")
    if workers is not None and elastic.get("EnableElasticTraining"):
        low, high = elastic.get("MinParallelism", workers), elastic.get("MaxParallelism", workers)
        if not int(low) <= workers <= int(high):
            raise InvalidField("ElasticSpec", "The Worker PodCount must lie within MinParallelism and MaxParallelism.")


def check_job_options(body: Mapping[str, Any], *, lingjun: bool) -> None:
    """Every rule of this module; raises `InvalidField` at the first broken one."""
    specs = body.get("JobSpecs") or []
    roles = {str(spec["Type"]): int(spec.get("PodCount", 1)) for spec in specs}
    for spec in specs:
        _role(spec, roles, lingjun)
    if sum(1 for spec in specs if spec.get("IsChief")) > 1:
        raise InvalidField("JobSpecs.IsChief", "Only one role can be the chief (IsChief).")
    _custom_envs(body.get("CustomEnvs") or [])
    _elastic(body.get("ElasticSpec") or {}, roles.get("Worker"))
    settings = body.get("Settings") or {}
    rdma = [name for name in LINGJUN_SETTINGS if settings.get(name)]
    if rdma and not lingjun:
        raise InvalidField(f"Settings.{rdma[0]}", f"{rdma[0]} is available on Lingjun resources only.")
    if "TerminationGracePeriodSeconds" in settings:
        _int(settings["TerminationGracePeriodSeconds"], "Settings.TerminationGracePeriodSeconds", 0, MAX_GRACE_SECONDS)
    if "ElasticSpotJobMaxRestartTimes" in settings:
        _int(settings["ElasticSpotJobMaxRestartTimes"], "Settings.ElasticSpotJobMaxRestartTimes", 0)
    if "DataJuicerConfig" in settings and body.get("JobType") != "DataJuicerJob":
        raise InvalidField("Settings.DataJuicerConfig", "DataJuicerConfig is for DataJuicerJob jobs only.")
    if "TemplateVersion" in body and not body.get("TemplateId"):
        raise InvalidField("TemplateVersion", "TemplateVersion needs a TemplateId.")
