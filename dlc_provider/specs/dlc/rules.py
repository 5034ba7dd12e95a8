"""Rules across fields of a DLC job spec: the product's documented limits and our conflict checks.

Each rule returns ``(location, reason)`` pairs; the location is the input path the user wrote. A rule
reads only fields the ``RuleContext`` says are known, so values still unknown at ``pulumi preview`` never
cause a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .advanced import PYTORCH_ONLY, RAY_ONLY
from .common import LINGJUN_REGIONS, MAX_REQUEST_BYTES, JobSpec as DlcJobSpec, Loc, user_path
from .create_job import body_size, to_create_job_request
from .frameworks import FRAMEWORK_ROLES, LINGJUN_FRAMEWORKS, ROLE_ORDER, ROLE_TYPES
from .resources import instance_type_size
from .surface_rules import SURFACE_RULES

__all__ = ["RuleContext", "spec_rule_failures"]

Failure = tuple[Loc, str]


_FRAMEWORK_LABELS = {
    "tensorflow": "TensorFlow",
    "pytorch": "PyTorch",
    "elastic_batch": "ElasticBatch",
    "xgboost": "XGBoost",
    "oneflow": "OneFlow",
    "mpi": "MPIJob",
    "ray": "Ray",
}
PUBLIC_MAX_CPUS = 8
PUBLIC_MAX_GPUS = 2


@dataclass(frozen=True)
class RuleContext:
    """What the rules may rely on: the stack's region (None: unknown) and the input paths still unknown."""

    region: str | None = None
    unknown: frozenset[Loc] = field(default_factory=frozenset)

    @classmethod
    def from_context(cls, context: Mapping[str, Any] | None) -> RuleContext:
        context = context or {}
        return cls(region=context.get("region"), unknown=frozenset(context.get("unknown_paths", ())))

    def known(self, *locs: Loc) -> bool:
        """True when no part of these inputs, nor anything containing them, is unknown."""
        for loc in locs:
            for unknown in self.unknown:
                if unknown[: len(loc)] == loc or loc[: len(unknown)] == unknown:
                    return False
        return True


def _roles(spec: DlcJobSpec) -> list[tuple[Loc, str, Any]]:
    return [(("roles", *loc), wire_type, role) for loc, wire_type, role in spec.roles.present()]


def _framework_roles(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    if not ctx.known(("framework",)):
        return
    framework = spec.framework
    label = _FRAMEWORK_LABELS[framework]
    allowed = FRAMEWORK_ROLES[framework]
    takes = ", ".join(name for name in (*ROLE_ORDER, "ray_workers") if name in allowed)
    for name in ROLE_ORDER:
        if getattr(spec.roles, name) is not None and name not in allowed:
            yield (
                ("roles", name), f"the {ROLE_TYPES[name]} role is not part of {label} jobs ({label} takes: {takes})"
            )
    if spec.roles.ray_workers and "ray_workers" not in allowed:
        yield (("roles", "ray_workers"), f"custom worker roles are for Ray jobs only, not {label}")
    required = {"tensorflow": ("worker", "chief"), "ray": ("head",)}.get(framework, ("worker",))
    if all(getattr(spec.roles, name) is None and ctx.known(("roles", name)) for name in required):
        yield (("roles", required[0]), f"{label} jobs need a {' or a '.join(required)} role")


_QUOTA_ONLY = ("cpu", "gpu", "gpu_type", "memory", "shared_memory")


def _role_sizes(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    if not ctx.known(("resources", "source")):
        return
    source = spec.resources.source
    for base, _, role in _roles(spec):
        if source == "quota":
            if role.spec is not None:
                yield (
                    (*base, "spec"),
                    "a node spec is for public and preemptible resources; with a resource quota give cpu, gpu "
                    "and memory",
                )
            for name in ("cpu", "memory"):
                if getattr(role, name) is None and ctx.known((*base, name)):
                    yield ((*base, name), "required with a resource quota (resources.source: quota)")
        else:
            if role.spec is None and ctx.known((*base, "spec")):
                yield ((*base, "spec"), f"required with {source} resources: the node spec (instance type)")
            for name in _QUOTA_ONLY:
                if getattr(role, name) is not None:
                    yield (
                        (*base, name), f"only with a resource quota; {source} resources size a node by its spec"
                    )
            if role.node_names:
                yield ((*base, "node_names"), "node-specific scheduling needs a resource quota")
        if role.bid is not None and source != "preemptible":
            yield ((*base, "bid"), "a bid is for preemptible resources only (resources.source: preemptible)")
        if role.gpu_type is not None and not role.gpu and ctx.known((*base, "gpu")):
            yield ((*base, "gpu_type"), "a GPU type needs gpu of 1 or more")
        if source == "public" and role.spec is not None and ctx.known((*base, "spec")):
            cpus, gpus = instance_type_size(role.spec)
            if (cpus or 0) > PUBLIC_MAX_CPUS or (gpus or 0) > PUBLIC_MAX_GPUS:
                yield (
                    (*base, "spec"),
                    f"public resources allow at most {PUBLIC_MAX_GPUS} GPUs and {PUBLIC_MAX_CPUS} CPU cores per "
                    f"node; {role.spec} has {cpus} vCPUs and {gpus if gpus is not None else 'unknown'} GPUs "
                    "(use a resource quota, or ask your account manager to raise the limit)",
                )


def _images(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    if spec.image is not None or not ctx.known(("image",)):
        return
    missing = [user_path(base) for base, _, role in _roles(spec) if role.image is None and ctx.known((*base, "image"))]
    if missing:
        yield (("image",), f"set `image`, or `image` on every role ({', '.join(missing)} has none)")


def _resource_type(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    if not ctx.known(("resource_type",)):
        return
    lingjun = spec.resource_type == "lingjun"
    if lingjun and ctx.region is not None and ctx.region not in LINGJUN_REGIONS:
        yield (
            ("resource_type",),
            f"Lingjun resources are offered only in {', '.join(sorted(LINGJUN_REGIONS))}; this stack's region is "
            f"{ctx.region}",
        )
    if lingjun and ctx.known(("framework",)) and spec.framework not in LINGJUN_FRAMEWORKS:
        yield (
            ("framework",),
            "Lingjun resources run only TensorFlow, PyTorch, ElasticBatch, MPIJob and Ray jobs "
            f"(resource_type: lingjun, framework: {spec.framework})",
        )
    source_known = ctx.known(("resources", "source"))
    if not lingjun:
        for index, mount in enumerate(spec.storage_mounts):
            if mount.kind == "bmcpfs":
                yield (("storage_mounts", index), "BMCPFS mounts need Lingjun resources (resource_type: lingjun)")
        bids: list[tuple[Loc, Any]] = []
        if source_known and spec.resources.source == "preemptible":
            bids.append((("resources", "bid"), spec.resources.bid))
        bids += [((*base, "bid"), role.bid) for base, _, role in _roles(spec) if role.bid is not None]
        for loc, bid in bids:
            if bid.discount is not None:
                yield (
                    (*loc, "discount"),
                    "bidding by discount (SpotDiscountLimit) is for Lingjun resources only; with general "
                    "computing bid by price_limit",
                )
    if lingjun and spec.advanced.custom_port_count is not None:
        yield (
            ("advanced", "custom_port_count"),
            "Lingjun resources provide no custom ports: customPortNumPerWorker is not supported there",
        )
    if lingjun and source_known:
        if spec.resources.source == "preemptible" and spec.network is None and ctx.known(("network",)):
            yield (("network",), "Lingjun preemptible jobs need a VPC: set network")
        if spec.resources.source == "quota" and spec.resources.cpu_affinity:
            yield (("resources", "cpu_affinity"), "CPU affinity works on general computing resource quotas only")


def _cpfs_network(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    for index, mount in enumerate(spec.storage_mounts):
        if mount.kind != "cpfs":
            continue
        if spec.network is None:
            if ctx.known(("network",)):
                yield (
                    ("storage_mounts", index),
                    "CPFS mounts need the job in the file system's VPC: set network.vpc_id (else the job stays "
                    "in Preparing)",
                )
        elif (
            mount.vpc_id is not None
            and ctx.known(("storage_mounts", index, "vpc_id"), ("network", "vpc_id"))
            and mount.vpc_id != spec.network.vpc_id
        ):
            yield (
                ("storage_mounts", index, "vpc_id"),
                f"the CPFS file system is in {mount.vpc_id} but network.vpc_id is {spec.network.vpc_id}; "
                "the job must run in the file system's VPC",
            )


def _sanity_check(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    check = spec.sanity_check
    if check is None or not check.enabled:
        return
    if not ctx.known(("framework",), ("resource_type",), ("resources", "source"), ("roles",)):
        return
    reasons = []
    if spec.framework != "pytorch":
        reasons.append(f"framework is {spec.framework}")
    if spec.resource_type != "lingjun":
        reasons.append("resource_type is general")
    if spec.resources.source != "quota":
        reasons.append(f"resources.source is {spec.resources.source}")
    if not any((role.gpu or 0) > 0 for _, _, role in _roles(spec)):
        reasons.append("no role has GPUs")
    if reasons:
        yield (
            ("sanity_check",),
            "sanity check runs only for PyTorch jobs with GPUs on a Lingjun resource quota; here " + ", ".join(reasons),
        )


def _advanced(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    advanced = spec.advanced
    framework_known = ctx.known(("framework",))
    for names, framework in ((PYTORCH_ONLY, "pytorch"), (RAY_ONLY, "ray")):
        for name in names:
            if getattr(advanced, name) is not None and framework_known and spec.framework != framework:
                yield (
                    ("advanced", name),
                    f"a {_FRAMEWORK_LABELS[framework]} parameter; this job's framework is {spec.framework}",
                )
    if advanced.custom_ports is not None and advanced.custom_port_count is not None:
        yield (
            ("advanced", "custom_port_count"),
            "set advanced.custom_ports or advanced.custom_port_count, not both (customPortList and "
            "customPortNumPerWorker exclude each other)",
        )
    if advanced.ray_redis_address is None and ctx.known(("advanced", "ray_redis_address")):
        for name in ("ray_redis_username", "ray_redis_password"):
            if getattr(advanced, name) is not None:
                yield (("advanced", name), "needs advanced.ray_redis_address (the external GCS Redis)")
    if advanced.ray_runtime_env is not None:
        replaced = [name for name in ("envs", "thirdparty_libs", "thirdparty_lib_dir") if getattr(spec, name)]
        if replaced:
            yield (
                ("advanced", "ray_runtime_env"),
                f"RayRuntimeEnv replaces {', '.join(replaced)}: set them inside the runtime env (pip, env_vars) "
                "instead",
            )


def _network(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    network = spec.network
    if network is None:
        return
    if network.security_group_id is None and ctx.known(("network", "security_group_id")):
        yield (("network", "security_group_id"), "required with a VPC: the job's network interfaces join it")
    if network.vswitch_id is not None and not network.extended_cidrs and ctx.known(("network", "extended_cidrs")):
        yield (("network", "extended_cidrs"), "required with network.vswitch_id: list every CIDR block of the VPC")


def _mount_paths(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    seen: dict[str, Loc] = {}
    paths: list[tuple[Loc, str | None]] = [
        (("data_sources", index, "mount_path"), source.mount_path) for index, source in enumerate(spec.data_sources)
    ]
    paths += [
        (("storage_mounts", index, "mount_path"), mount.mount_path) for index, mount in enumerate(spec.storage_mounts)
    ]
    if spec.code_source is not None:
        paths.append((("code_source", "mount_path"), spec.code_source.mount_path))
    for loc, path in paths:
        if path is None or not ctx.known(loc):
            continue
        key = path.rstrip("/")
        if key in seen:
            yield (loc, f"mount path {path} is already used by {user_path(seen[key])}; mount paths must be unique")
        else:
            seen[key] = loc


def _conflicts(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    tensorflow_only = spec.success_policy in ("ChiefWorker", "AllWorkers")
    if tensorflow_only and ctx.known(("framework",)) and spec.framework != "tensorflow":
        yield (
            ("success_policy",),
            f"ChiefWorker and AllWorkers are TensorFlow settings; this job's framework is {spec.framework} "
            "(Partial works for every framework)",
        )
    if spec.thirdparty_libs and spec.thirdparty_lib_dir is not None:
        yield (
            ("thirdparty_lib_dir",),
            "choose one way to add third-party libraries: thirdparty_libs (a list) or thirdparty_lib_dir "
            "(a requirements.txt folder)",
        )
    if spec.stopped and spec.wait_until == "succeeded":
        yield (("wait_until",), "a stopped job never succeeds: wait_until succeeded conflicts with stopped: true")


#: Placeholder of the longest token we accept, so the size check never under-counts.
_SIZE_TOKEN = "0" * 64
_WIRE_TO_INPUT = {
    "UserCommand": "command",
    "Envs": "envs",
    "JobSpecs": "roles",
    "DataSources": "data_sources",
    "Settings": "advanced",
    "ThirdpartyLibs": "thirdparty_libs",
    "Description": "description",
    "CodeSource": "code_source",
    "UserVpc": "network",
    "CredentialConfig": "ram_role",
}


def _request_size(spec: DlcJobSpec, ctx: RuleContext) -> Iterable[Failure]:
    if ctx.unknown:
        return
    request = to_create_job_request(spec, region=None, token=_SIZE_TOKEN, check_size=False)
    size = body_size(request)
    if size > MAX_REQUEST_BYTES:
        parts = {key: body_size(value) for key, value in request.to_map().items()}
        largest = max(parts, key=lambda key: parts[key])
        yield (
            (_WIRE_TO_INPUT.get(largest, "command"),),
            f"the CreateJob request would be {size:,} bytes, over PAI-DLC's limit of {MAX_REQUEST_BYTES:,} bytes "
            f"(largest part: {largest}, {parts[largest]:,} bytes)",
        )


RULES: tuple[Callable[[DlcJobSpec, RuleContext], Iterable[Failure]], ...] = (
    _framework_roles,
    _role_sizes,
    _images,
    _resource_type,
    _cpfs_network,
    _sanity_check,
    _advanced,
    _network,
    _mount_paths,
    _conflicts,
    *SURFACE_RULES,
    _request_size,
)


def spec_rule_failures(spec: DlcJobSpec, ctx: RuleContext) -> list[Failure]:
    """Every cross-field failure of a spec whose fields already validated."""
    failures: list[Failure] = []
    for rule in RULES:
        failures.extend(rule(spec, ctx))
    return failures
