"""Rules across fields for the parts of CreateJob beyond the console's form (``roles_extra``, ``pod_spec``,
``job_options``): which resource type or source a field needs, startup dependencies, bounds of elastic pod
counts, one chief, the Partial success policy, custom variables vs. `envs`, templates, local mounts.

Same protocol as ``rules``: each rule yields ``(input path, reason)`` and reads only known inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .common import JobSpec as DlcJobSpec, Loc, user_path
from .job_options import JobElasticSpec, JobSettingsOptions
from .resources import instance_type_size
from .roles_extra import RoleOptions

__all__ = ["SURFACE_RULES"]

Failure = tuple[Loc, str]
Ctx = Any  # rules.RuleContext (that module imports this one)


def _roles(spec: DlcJobSpec) -> list[tuple[Loc, str, Any]]:
    return [(("roles", *loc), wire_type, role) for loc, wire_type, role in spec.roles.present()]


def _containers(role: Any) -> Iterable[tuple[tuple[str | int, ...], Any]]:
    """(path under the role, security context) of every container of the role's extra pod spec."""
    extra = role.extra_pod_spec
    if extra is None:
        return
    if extra.main_container_security_context is not None:
        yield ("extra_pod_spec", "main_container_security_context"), extra.main_container_security_context
    for group in ("init_containers", "side_car_containers"):
        for index, container in enumerate(getattr(extra, group)):
            if container.security_context is not None:
                yield ("extra_pod_spec", group, index, "security_context"), container.security_context


def _resource_type_only(spec: DlcJobSpec, ctx: Ctx) -> Iterable[Failure]:
    if not ctx.known(("resource_type",)) or spec.resource_type == "lingjun":
        return
    for base, _, role in _roles(spec):
        for name in RoleOptions.LINGJUN_ONLY:
            if getattr(role, name):
                yield (*base, name), "for Lingjun resources only (resource_type: lingjun)"
        for path, context in _containers(role):
            if context.privileged:
                yield (*base, *path, "privileged"), "privileged mode is for Lingjun resource quotas only"
    if spec.settings is not None:
        for name in JobSettingsOptions.LINGJUN_ONLY:
            if getattr(spec.settings, name):
                yield ("settings", name), "RDMA is for Lingjun resources only (resource_type: lingjun)"


_QUOTA_ONLY = ("quota_id", "oversold_type", "anti_affinity_node_names")
_PREEMPTIBLE_ONLY = ("use_spot_instance", "elastic_spot_specs")


def _source_only(spec: DlcJobSpec, ctx: Ctx) -> Iterable[Failure]:
    if not ctx.known(("resources", "source")):
        return
    source = spec.resources.source
    for base, _, role in _roles(spec):
        if source != "quota":
            for name in _QUOTA_ONLY:
                if getattr(role, name):
                    yield (*base, name), f"only with a resource quota (resources.source: quota), not {source}"
            for path, context in _containers(role):
                if context.privileged:
                    yield (*base, *path, "privileged"), "privileged mode needs a Lingjun resource quota"
        else:
            if role.system_disk is not None:
                yield (*base, "system_disk"), "a resource quota's nodes have their own disks: system_disk is for " \
                    "public and preemptible resources"
        if source != "preemptible":
            for name in _PREEMPTIBLE_ONLY:
                if getattr(role, name):
                    yield (*base, name), f"only with preemptible resources (resources.source: preemptible), not {source}"
    settings = spec.settings
    if settings is not None and settings.allow_unschedulable_nodes and source != "quota":
        yield ("settings", "allow_unschedulable_nodes"), "only with a resource quota (resources.source: quota)"
    if settings is not None and settings.elastic_spot_job_max_restart_times is not None and not any(
        role.elastic_spot_specs for _, _, role in _roles(spec)
    ):
        yield (("settings", "elastic_spot_job_max_restart_times"),
               "restarts after spot reclaims need a role with elastic_spot_specs")


def _dependencies(spec: DlcJobSpec, ctx: Ctx) -> Iterable[Failure]:
    roles = {wire_type: (base, role) for base, wire_type, role in _roles(spec)}
    waits: dict[str, set[str]] = {}
    for wire_type, (base, role) in roles.items():
        for index, dependency in enumerate(role.startup_dependencies):
            loc = (*base, "startup_dependencies", index)
            if dependency.type == wire_type:
                yield (*loc, "type"), f"a role cannot wait for itself ({wire_type})"
            elif dependency.type not in roles:
                if ctx.known(("roles",)):
                    yield (*loc, "type"), (f"{dependency.type} is not a role of this job "
                                           f"(roles: {', '.join(roles)})")
            else:
                waits.setdefault(wire_type, set()).add(dependency.type)
                count = roles[dependency.type][1].count
                if dependency.min_replicas is not None and dependency.min_replicas > count:
                    yield (*loc, "min_replicas"), f"{dependency.type} has only {count} pods"
    for start in waits:
        seen, todo = set(), list(waits[start])
        while todo:
            other = todo.pop()
            if other == start:
                yield (*roles[start][0], "startup_dependencies"), f"{start} waits for itself through other roles"
                break
            if other not in seen:
                seen.add(other)
                todo += waits.get(other, ())


def _counts(spec: DlcJobSpec, ctx: Ctx) -> Iterable[Failure]:
    chiefs = []
    for base, _, role in _roles(spec):
        scaling = role.auto_scaling_spec
        if scaling is not None and ctx.known((*base, "count")) and not scaling.min_replicas <= role.count <= scaling.max_replicas:
            yield (*base, "auto_scaling_spec"), (f"count {role.count} must lie within min_replicas "
                                                 f"{scaling.min_replicas} and max_replicas {scaling.max_replicas}")
        config = role.hyper_node_scheduling_config
        if config is not None and config.min_available is not None and config.min_available > role.count:
            yield (*base, "hyper_node_scheduling_config", "min_available"), f"more than the role's {role.count} pods"
        if role.is_chief:
            chiefs.append(base)
        if role.driver is not None and ctx.known((*base, "gpu"), (*base, "spec"), ("resources",)):
            gpus = role.gpu if role.gpu is not None else (instance_type_size(role.spec)[1] if role.spec else 0)
            if gpus == 0:
                yield (*base, "driver"), "an NVIDIA driver needs GPU nodes; this role has none"
    for base in chiefs[1:]:
        yield (*base, "is_chief"), f"only one role may be the chief ({user_path(chiefs[0])} is already)"


def _job_wide(spec: DlcJobSpec, ctx: Ctx) -> Iterable[Failure]:
    considered = [base for base, _, role in _roles(spec) if role.consider_in_success_policy is not None]
    if spec.success_policy != "Partial" and ctx.known(("success_policy",)):
        for base in considered:
            yield (*base, "consider_in_success_policy"), "takes effect only with success_policy: Partial"
    elif spec.success_policy == "Partial" and not any(
        role.consider_in_success_policy for _, _, role in _roles(spec)
    ) and ctx.known(("roles",)):
        yield ("success_policy",), "Partial needs at least one role with consider_in_success_policy: true"
    for index, env in enumerate(spec.custom_envs):
        if env.key in spec.envs:
            yield ("custom_envs", index, "key"), f"{env.key} is also in envs: set a variable in one place"
    if spec.template_version is not None and spec.template_id is None and ctx.known(("template_id",)):
        yield ("template_version",), "needs template_id"
    elastic = spec.elastic_spec
    if elastic is None:
        return
    if ctx.known(("framework",)) and spec.framework != "tensorflow":
        for name in JobElasticSpec.PS_FIELDS:
            if getattr(elastic, name) is not None:
                yield ("elastic_spec", name), f"for TensorFlow PS jobs; this job's framework is {spec.framework}"
    worker = spec.roles.worker
    if worker is not None and ctx.known(("roles", "worker", "count")):
        for name, ok in (("min_parallelism", lambda n: n <= worker.count), ("max_parallelism", lambda n: n >= worker.count)):
            value = getattr(elastic, name)
            if value is not None and not ok(value):
                yield ("elastic_spec", name), f"the worker count {worker.count} must lie within min and max parallelism"


def _local_mounts(spec: DlcJobSpec, ctx: Ctx) -> Iterable[Failure]:
    shared = {source.mount_path.rstrip("/") for source in spec.data_sources if source.mount_path}
    shared |= {mount.mount_path.rstrip("/") for mount in spec.storage_mounts}
    if spec.code_source is not None and spec.code_source.mount_path:
        shared.add(spec.code_source.mount_path.rstrip("/"))
    for base, _, role in _roles(spec):
        seen: set[str] = set()
        for index, mount in enumerate(role.local_mount_specs):
            key = mount.mount_path.rstrip("/")
            if key in shared or key in seen:
                yield (*base, "local_mount_specs", index, "mount_path"), (
                    f"mount path {mount.mount_path} is already used in this job; mount paths must be unique")
            seen.add(key)


SURFACE_RULES: tuple[Callable[[DlcJobSpec, Ctx], Iterable[Failure]], ...] = (
    _resource_type_only,
    _source_only,
    _dependencies,
    _counts,
    _job_wide,
    _local_mounts,
)
