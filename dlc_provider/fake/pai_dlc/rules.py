"""PAI-DLC's product rules for a job, checked at CreateJob/UpdateJob, as data.

Everything here is a pure function of the request body and the region; rules that need other services
(does the VPC exist? is that dataset on CPFS?) live in the models. What a valid job then does (its
statuses, life cycles and the fake-only knobs that decide its fate) is timeline.py; the names the models
use from there are re-exported here.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import catalogue
from .job_options import check_job_options
from .exceptions import InvalidField, MissingField, PublicResourceLimitExceeded, RequestBodyTooLarge
from .timeline import (  # noqa: F401  (re-exported: the models read a job's life cycle through rules)
    JOB_STOP,
    NOT_STARTED,
    TENSORBOARD_START,
    TENSORBOARD_STOP,
    TERMINAL,
    JobFacts,
    Outcome,
    job_lifecycle,
    outcome_of,
)

# --- job types and roles --------------------------------------------------------------------------------
JOB_TYPES = ("TFJob", "PyTorchJob", "MPIJob", "XGBoostJob", "OneFlowJob", "ElasticBatchJob", "SlurmJob", "RayJob",
             "DataJuicerJob")
_WORKER_MASTER = ("Worker", "Master")
ROLES: Mapping[str, tuple[str, ...]] = {
    "TFJob": ("Chief", "PS", "Worker", "Evaluator", "GraphLearn"),
    "PyTorchJob": _WORKER_MASTER,
    "XGBoostJob": _WORKER_MASTER,
    "OneFlowJob": _WORKER_MASTER,
    "ElasticBatchJob": _WORKER_MASTER,
    "MPIJob": ("Launcher", "Worker"),
    "RayJob": ("Head", "Worker"),
}
RAY_CUSTOM_WORKER = re.compile(r"^Worker-[A-Za-z0-9][A-Za-z0-9-]*$")
ANY_ROLE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")  # SlurmJob, DataJuicerJob: roles not documented
LINGJUN_JOB_TYPES = frozenset({"TFJob", "PyTorchJob", "ElasticBatchJob", "MPIJob", "RayJob"})
# Roles whose pods come first (RANK 0 = MASTER_ADDR); the first pod is the one that fails a failing job.
MASTER_ROLES = ("Master", "Chief", "Launcher", "Head")

# --- limits ------------------------------------------------------------------------------------------------
DISPLAY_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,256}$")
PRIORITY_RANGE = (1, 9)
DEFAULT_PRIORITY = 1
PUBLIC_MAX_GPU = 2
PUBLIC_MAX_CPU = 8
MAX_BODY_BYTES = 65_536
SPOT_DISCOUNT_RANGE = (0.1, 0.9)
MASTER_PORT = 23456  # DLC's own rendezvous port: never in customPortList
ACCESSIBILITY = ("PUBLIC", "PRIVATE")


@dataclass(frozen=True)
class NodeSize:
    cpu: int
    gpu: int
    memory: float  # GiB


# --- the body ------------------------------------------------------------------------------------------------
def without_unset(value: Any) -> Any:
    """The body without None, `[]` and `{}` anywhere: the SDK sends every nested list, set or not."""
    if isinstance(value, dict):
        cleaned = {key: without_unset(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item is not None and item != [] and item != {}}
    if isinstance(value, list):
        return [without_unset(item) for item in value]
    return value


def check_body_size(body: Any) -> None:
    # The SDK serialises compactly with ensure_ascii=False; measuring the same way gives the wire size.
    size = len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if size > MAX_BODY_BYTES:
        raise RequestBodyTooLarge(size=size, limit=MAX_BODY_BYTES)


def check_display_name(name: Any) -> str:
    if name is None or name == "":
        raise MissingField("DisplayName")
    if not isinstance(name, str) or not DISPLAY_NAME.fullmatch(name):
        raise InvalidField("DisplayName", "DisplayName must be 1-256 characters of letters, digits, '_', '.', '-'.")
    return name


def check_priority(priority: Any) -> int:
    low, high = PRIORITY_RANGE
    if priority is None:
        return DEFAULT_PRIORITY
    if not isinstance(priority, int) or isinstance(priority, bool) or not low <= priority <= high:
        raise InvalidField("Priority", f"Priority must be an integer from {low} to {high}.")
    return priority


def check_accessibility(value: Any) -> str | None:
    if value is None:
        return None
    if value not in ACCESSIBILITY:
        raise InvalidField("Accessibility", "Accessibility must be PUBLIC or PRIVATE.")
    return str(value)


def check_job_type(job_type: Any) -> str:
    if job_type is None or job_type == "":
        raise MissingField("JobType")
    if job_type not in JOB_TYPES:
        raise InvalidField("JobType", f"JobType must be one of {', '.join(JOB_TYPES)} (case-sensitive).")
    return str(job_type)


def _role_allowed(job_type: str, role: str) -> bool:
    if job_type in ROLES:
        return role in ROLES[job_type] or (job_type == "RayJob" and bool(RAY_CUSTOM_WORKER.fullmatch(role)))
    return bool(ANY_ROLE.fullmatch(role))


def _as_int(text: Any, field: str) -> int:
    """`"4"`, `4` or Kubernetes millicores `"4000m"` as a whole number (rounded up)."""
    raw = str(text).strip()
    millis = raw.endswith("m")
    try:
        value = float(raw[:-1] if millis else raw) / (1000 if millis else 1)
    except ValueError:
        raise InvalidField(field, f"{field} must be a number, got {text!r}.") from None
    if value < 0 or not math.isfinite(value):
        raise InvalidField(field, f"{field} must not be negative.")
    return math.ceil(value)


_MEMORY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(Gi|G|Mi|M|Ti|T)?\s*$")


def _as_gib(text: Any) -> float:
    match = _MEMORY.fullmatch(str(text))
    if match is None:
        raise InvalidField("ResourceConfig", f"ResourceConfig.Memory must look like '16Gi', got {text!r}.")
    amount, unit = float(match.group(1)), match.group(2) or "Gi"
    return amount * {"Gi": 1, "G": 1, "Mi": 1 / 1024, "M": 1 / 1024, "Ti": 1024, "T": 1024}[unit]


def node_size(spec: Mapping[str, Any]) -> tuple[NodeSize, catalogue.EcsSpecInfo | None]:
    """A node's CPU, GPU and memory, from its EcsSpec (catalogue) or its ResourceConfig."""
    ecs_spec = spec.get("EcsSpec")
    if ecs_spec:
        info = catalogue.find(ecs_spec)
        if info is None:
            raise InvalidField("EcsSpec", f"The instance type {ecs_spec} is not offered by PAI-DLC (see ListEcsSpecs).")
        return NodeSize(info.cpu, info.gpu, float(info.memory)), info
    config = spec.get("ResourceConfig")
    if not isinstance(config, Mapping) or not config:
        raise InvalidField("JobSpecs", f"The role {spec.get('Type')} needs an EcsSpec or a ResourceConfig.")
    cpu = _as_int(config.get("CPU", 0), "ResourceConfig")
    gpu = _as_int(config.get("GPU", 0), "ResourceConfig")
    memory = _as_gib(config.get("Memory", 0))
    if cpu < 1:
        raise InvalidField("ResourceConfig", "ResourceConfig.CPU must be at least 1.")
    return NodeSize(cpu, gpu, memory), None


def is_spot(spec: Mapping[str, Any]) -> bool:
    return bool(spec.get("UseSpotInstance")) or "SpotSpec" in spec


def check_spot(spec: Mapping[str, Any]) -> None:
    """A spot role gives exactly one price limit: a discount (0.1-0.9 of the list price) or a price."""
    spot = spec.get("SpotSpec") or {}
    if not isinstance(spot, dict):
        raise InvalidField("SpotSpec", "SpotSpec must be an object.")
    discount, price = spot.get("SpotDiscountLimit"), spot.get("SpotPriceLimit")
    if (discount is None) == (price is None):
        raise InvalidField("SpotSpec", "A spot role needs exactly one of SpotDiscountLimit and SpotPriceLimit.")
    low, high = SPOT_DISCOUNT_RANGE
    if discount is not None and not (isinstance(discount, (int, float)) and low <= discount <= high):
        raise InvalidField("SpotSpec", f"SpotDiscountLimit must be from {low} to {high}.")
    if price is not None and not (isinstance(price, (int, float)) and price > 0):
        raise InvalidField("SpotSpec", "SpotPriceLimit must be a positive price.")


def check_job_specs(job_type: str, specs: Any, *, public: bool) -> list[tuple[dict[str, Any], NodeSize, bool]]:
    """Each role: allowed for the framework, once; image, pod count, size; public nodes within limits."""
    if not isinstance(specs, list) or not specs:
        raise MissingField("JobSpecs")
    seen: set[str] = set()
    checked = []
    for spec in specs:
        if not isinstance(spec, dict):
            raise InvalidField("JobSpecs", "Each JobSpecs entry must be an object.")
        role = spec.get("Type")
        if not role or not isinstance(role, str) or not _role_allowed(job_type, role):
            allowed = ", ".join(ROLES.get(job_type, ()))
            raise InvalidField("JobSpecs.Type", f"The role {role!r} is not allowed for {job_type} ({allowed}).")
        if role in seen:
            raise InvalidField("JobSpecs.Type", f"The role {role} appears twice.")
        seen.add(role)
        if not spec.get("Image"):
            raise MissingField("JobSpecs.Image")
        pod_count = spec.get("PodCount", 1)
        if not isinstance(pod_count, int) or isinstance(pod_count, bool) or pod_count < 1:
            raise InvalidField("PodCount", f"PodCount of role {role} must be at least 1.")
        size, info = node_size(spec)
        lingjun = info is not None and info.is_lingjun
        if public and not lingjun and (size.gpu > PUBLIC_MAX_GPU or size.cpu > PUBLIC_MAX_CPU):
            raise PublicResourceLimitExceeded(max_gpu=PUBLIC_MAX_GPU, max_cpu=PUBLIC_MAX_CPU, role=role,
                                              gpu=size.gpu, cpu=size.cpu)
        if is_spot(spec):
            check_spot(spec)
        checked.append((spec, size, lingjun))
    return checked


def check_user_vpc(user_vpc: Any) -> dict[str, Any] | None:
    if user_vpc is None:
        return None
    if not isinstance(user_vpc, dict):
        raise InvalidField("UserVpc", "UserVpc must be an object.")
    if (user_vpc.get("SwitchId") or user_vpc.get("SecurityGroupId")) and not user_vpc.get("VpcId"):
        raise MissingField("UserVpc.VpcId")
    cidrs = user_vpc.get("ExtendedCIDRs") or []
    if user_vpc.get("SwitchId") and not cidrs:
        raise InvalidField("UserVpc.ExtendedCIDRs", "UserVpc.ExtendedCIDRs is required when SwitchId is set.")
    for cidr in cidrs:
        try:
            ipaddress.IPv4Network(cidr)
        except (ValueError, TypeError):
            raise InvalidField("UserVpc.ExtendedCIDRs", f"{cidr!r} is not a CIDR block.") from None
    if user_vpc.get("DefaultRoute") not in (None, "eth0", "eth1"):
        raise InvalidField("UserVpc.DefaultRoute", "UserVpc.DefaultRoute must be eth0 or eth1.")
    return user_vpc


def is_cpfs_uri(uri: str | None) -> bool:
    """CPFS file systems (`cpfs-…`, `cpfsse-…`, Lingjun `bmcpfs-…`), which DLC mounts through the user's VPC."""
    return bool(uri) and str(uri).lower().startswith(("nas://cpfs", "nas://bmcpfs-", "cpfs://", "bmcpfs://"))


def check_mount_paths(body: Mapping[str, Any]) -> None:
    """Mount paths are absolute and unique across data sources, the code source and each role's local mounts."""
    shared: list[str] = []
    for source in body.get("DataSources") or []:
        if not source.get("DataSourceId") and not source.get("Uri"):
            raise InvalidField("DataSources", "Each data source needs a DataSourceId or a Uri.")
        if source.get("MountAccess") not in (None, "RO", "RW"):
            raise InvalidField("DataSources.MountAccess", "MountAccess must be RO or RW.")
        if source.get("MountPath"):
            shared.append(source["MountPath"])
    code_source = body.get("CodeSource") or {}
    if code_source.get("MountPath"):
        shared.append(code_source["MountPath"])
    _unique_absolute(shared)
    for spec in body.get("JobSpecs") or []:
        local = [mount.get("MountPath", "") for mount in spec.get("LocalMountSpecs") or []]
        _unique_absolute(shared + local)


def _unique_absolute(paths: Iterable[str]) -> None:
    seen: set[str] = set()
    for path in paths:
        if not isinstance(path, str) or not path.startswith("/"):
            raise InvalidField("MountPath", f"The mount path {path!r} must be absolute.")
        normal = path.rstrip("/") or "/"
        if normal in seen:
            raise InvalidField("MountPath", f"The mount path {path} is used twice.")
        seen.add(normal)


def _ports(text: str) -> list[tuple[int, int]]:
    ranges = []
    for item in filter(None, (part.strip() for part in text.split(";"))):
        low, _, high = item.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise InvalidField("AdvancedSettings", f"customPortList item {item!r} is not a port or range.") from None
        if not 1 <= first <= last <= 65535:
            raise InvalidField("AdvancedSettings", f"customPortList item {item!r} is outside 1-65535.")
        ranges.append((first, last))
    return ranges


def check_advanced_settings(settings: Mapping[str, Any], *, lingjun: bool) -> None:
    advanced = settings.get("AdvancedSettings") or {}
    port_list, port_num = advanced.get("customPortList"), advanced.get("customPortNumPerWorker")
    if port_list is not None and port_num is not None:
        raise InvalidField("AdvancedSettings", "customPortList and customPortNumPerWorker are exclusive.")
    if port_list is not None:
        if not isinstance(port_list, str):
            raise InvalidField("AdvancedSettings", "customPortList must be a string like '10000;10001-10010'.")
        if any(low <= MASTER_PORT <= high for low, high in _ports(port_list)):
            raise InvalidField("AdvancedSettings", f"customPortList must not contain {MASTER_PORT} (DLC's own port).")
    if port_num is not None:
        try:
            count = int(port_num)
        except (TypeError, ValueError):
            raise InvalidField("AdvancedSettings", "customPortNumPerWorker must be an integer.") from None
        if not 1 <= count <= 65536:
            raise InvalidField("AdvancedSettings", "customPortNumPerWorker must be from 1 to 65536.")
        if lingjun:
            raise InvalidField("AdvancedSettings", "customPortNumPerWorker is not available on Lingjun resources.")


_OBJECTS = ("Envs", "Settings", "UserVpc", "CodeSource", "CredentialConfig", "ElasticSpec")
_LISTS_OF_OBJECTS = ("JobSpecs", "CustomEnvs", "DataSources")
_NESTED_OBJECTS = {"Settings": ("Tags", "AdvancedSettings"), "JobSpecs": ("ResourceConfig", "SpotSpec")}


def check_shapes(body: Mapping[str, Any]) -> None:
    """Objects where objects belong, so that a malformed body is a 400, not a fake-cloud bug."""
    for name in _OBJECTS:
        if name in body and not isinstance(body[name], dict):
            raise InvalidField(name, f"{name} must be an object.")
    for name in _LISTS_OF_OBJECTS:
        if name in body and not (isinstance(body[name], list) and all(isinstance(i, dict) for i in body[name])):
            raise InvalidField(name, f"{name} must be a list of objects.")
    for parent, children in _NESTED_OBJECTS.items():
        items = body.get(parent) or []
        for item in items if isinstance(items, list) else [items]:
            for child in children:
                if child in item and not isinstance(item[child], dict):
                    raise InvalidField(f"{parent}.{child}", f"{parent}.{child} must be an object.")
    for spec in body.get("JobSpecs") or []:
        mounts = spec.get("LocalMountSpecs") or []
        if not isinstance(mounts, list) or not all(isinstance(mount, dict) for mount in mounts):
            raise InvalidField("JobSpecs.LocalMountSpecs", "LocalMountSpecs must be a list of objects.")


def check_create_job(body: dict[str, Any], region: str) -> JobFacts:
    """Every rule of CreateJob that needs nothing but the request and the region."""
    check_display_name(body.get("DisplayName"))
    job_type = check_job_type(body.get("JobType"))
    specs = body.get("JobSpecs")
    if not specs:
        raise MissingField("JobSpecs")
    check_shapes(body)
    if not body.get("UserCommand") and not all(spec.get("UserCommand") for spec in specs):
        raise MissingField("UserCommand")
    check_priority(body.get("Priority"))
    check_accessibility(body.get("Accessibility"))
    max_minutes = body.get("JobMaxRunningTimeMinutes")
    if max_minutes is not None and (not isinstance(max_minutes, int) or max_minutes < 1):
        raise InvalidField("JobMaxRunningTimeMinutes", "JobMaxRunningTimeMinutes must be at least 1.")
    public = not body.get("ResourceId")
    roles = check_job_specs(job_type, specs, public=public)
    lingjun = any(is_lingjun for _, _, is_lingjun in roles) or (
        catalogue.quota_resource_type(body.get("ResourceId")) == "Lingjun"
    )
    if lingjun and region not in catalogue.LINGJUN_REGIONS:
        raise InvalidField("LingjunRegion", f"Lingjun resources are not offered in {region}.")
    if lingjun and job_type not in LINGJUN_JOB_TYPES:
        raise InvalidField("LingjunJobType", f"{job_type} cannot run on Lingjun resources "
                           f"({', '.join(sorted(LINGJUN_JOB_TYPES))} can).")
    user_vpc = check_user_vpc(body.get("UserVpc")) or {}
    has_vpc = bool(user_vpc.get("VpcId"))
    if not has_vpc and any(is_cpfs_uri(source.get("Uri")) for source in body.get("DataSources") or []):
        raise InvalidField("UserVpc", "CPFS data sources need a UserVpc (the VPC of the CPFS mount target).")
    bidding = lingjun and any(is_spot(spec) for spec, _, _ in roles)
    if bidding and not has_vpc:
        raise InvalidField("UserVpc", "Lingjun spot jobs need a UserVpc.")
    settings = body.get("Settings") or {}
    total_gpu = sum(size.gpu * spec.get("PodCount", 1) for spec, size, _ in roles)
    sanity_check = bool(settings.get("EnableSanityCheck"))
    if sanity_check and not (job_type == "PyTorchJob" and total_gpu > 0 and not public and lingjun):
        raise InvalidField("EnableSanityCheck", "Sanity checks need a PyTorchJob with GPUs on a Lingjun resource "
                           "quota (ResourceId).")
    check_advanced_settings(settings, lingjun=lingjun)
    check_job_options(body, lingjun=lingjun)
    check_mount_paths(body)
    return JobFacts(
        resource_type="Lingjun" if lingjun else "ECS",
        bidding=bidding,
        sanity_check=sanity_check,
        request_cpu=sum(size.cpu * spec.get("PodCount", 1) for spec, size, _ in roles),
        request_gpu=float(total_gpu),
        request_memory=float(sum(size.memory * spec.get("PodCount", 1) for spec, size, _ in roles)),
        outcome=outcome_of(body),
    )
