"""DlcJob args from a DLC CLI job file (``dlc submit <kind> --job_file FILE``).

A job file holds one ``key=value`` per line, keys named like the CLI's options (``name``, ``command``,
``workers``, ``worker_cpu``, ``worker_image``, ``ps``, ``ps_cpu``, ``resource_id``, …). Blank lines and
lines starting with ``#`` are skipped; the value is everything after the first ``=``. Unknown keys are
refused with their line numbers rather than dropped.

Choices where the CLI reference is silent: a memory size without a unit is GiB; ``extended_cidrs`` is a
comma list; ``spot_discount_limit``/``spot_price_limit`` make preemptible resources; a role's count
key may be ``<role>s``, ``<role>`` or ``<role>_count`` (``workers``, ``ps``, ``chief=true``).
"""

from __future__ import annotations

import re
from typing import Any

import pulumi

from .frameworks import JOB_TYPES
from .resources import IDLE_RESOURCES_WIRE

__all__ = ["JobFileError", "from_job_file"]


class JobFileError(pulumi.RunError, ValueError):
    """A `pulumi.RunError`: a program that raises it ends with this message alone, no traceback. A job file this converter cannot read."""


#: CLI role prefix → spec role; count keys of each.
_ROLES = {
    "worker": ("worker", ("workers", "worker_count")),
    "ps": ("ps", ("ps", "ps_count")),
    "chief": ("chief", ("chief", "chief_count")),
    "evaluator": ("evaluator", ("evaluator", "evaluators", "evaluator_count")),
    "graphlearn": ("graph_learn", ("graphlearn", "graphlearns", "graphlearn_count")),
    "master": ("master", ("master", "masters", "master_count")),
}
_ROLE_ATTRS = {
    "cpu": "cpu",
    "gpu": "gpu",
    "gpu_type": "gpu_type",
    "memory": "memory",
    "shared_memory": "shared_memory",
    "image": "image",
    "spec": "spec",
}
_SIMPLE = {
    "name": "display_name",
    "command": "command",
    "workspace_id": "workspace_id",
    "thirdparty_lib_dir": "thirdparty_lib_dir",
    "success_policy": "success_policy",
}
_OTHER = {
    "resource_id", "priority", "data_sources", "code_source", "code_branch", "code_commit", "thirdparty_libs",
    "vpc_id", "switch_id", "security_group_id", "extended_cidrs", "job_max_running_time_minutes", "envs", "tags",
    "oversold_type", "kind", "job_type", "spot_discount_limit", "spot_price_limit",
}  # fmt: skip
_FRAMEWORK_NAMES = {
    **{name: name for name in JOB_TYPES},
    **{wire.lower(): name for name, wire in JOB_TYPES.items()},
    "elasticbatch": "elastic_batch",
    "elasticbatchjob": "elastic_batch",
}
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def _parse(text: str) -> dict[str, tuple[int, str]]:
    entries: dict[str, tuple[int, str]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key:
            raise JobFileError(f"line {number}: expected key=value, got {raw!r}")
        if key in entries:
            raise JobFileError(f"line {number}: {key!r} repeats line {entries[key][0]}")
        entries[key] = (number, value.strip())
    return entries


def _number(text: str, key: str) -> int | float:
    if not _NUMBER.match(text):
        raise JobFileError(f"{key}: {text!r} is not a number")
    value = float(text)
    return int(value) if value.is_integer() else value


def _pairs(text: str, key: str) -> dict[str, str]:
    out = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        if not sep:
            raise JobFileError(f"{key}: {item!r} is not key=value")
        out[name.strip()] = value.strip()
    return out


def _list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _count(text: str, key: str) -> int:
    if text.lower() in ("true", "false"):
        return 1 if text.lower() == "true" else 0
    value = _number(text, key)
    if not isinstance(value, int):
        raise JobFileError(f"{key}: {text!r} is not a whole number")
    return value


def _framework(name: str) -> str:
    framework = _FRAMEWORK_NAMES.get(name.strip().lower())
    if framework is None:
        raise JobFileError(f"unknown job kind {name!r}; one of {', '.join(JOB_TYPES.values())}")
    return framework


def _roles(values: dict[str, str]) -> dict[str, dict[str, Any]]:
    roles: dict[str, dict[str, Any]] = {}
    for prefix, (name, count_keys) in _ROLES.items():
        attrs = {attr: values[f"{prefix}_{key}"] for key, attr in _ROLE_ATTRS.items() if f"{prefix}_{key}" in values}
        counts = [key for key in count_keys if key in values]
        if len(counts) > 1:
            raise JobFileError(f"{' and '.join(counts)} both give the {prefix} count")
        count = _count(values[counts[0]], counts[0]) if counts else None
        if count == 0 or (count is None and not attrs):
            if attrs:
                raise JobFileError(f"{', '.join(f'{prefix}_{key}' for key in attrs)} given but the {prefix} count is 0")
            continue
        role: dict[str, Any] = {"count": count if count is not None else 1}
        for attr, text in attrs.items():
            key = f"{prefix}_{attr}"
            if attr in ("cpu", "gpu"):
                role[attr] = _number(text, key)
            elif attr in ("memory", "shared_memory") and _NUMBER.match(text):
                role[attr] = _number(text, key)  # a plain number is GiB
            else:
                role[attr] = text
        roles[name] = role
    return roles


def from_job_file(text: str, *, framework: str | None = None) -> dict[str, Any]:
    """DlcJob args of a job file. ``framework`` is the ``dlc submit`` kind (``tfjob``, ``pytorchjob``, a
    framework name or a JobType); without it the file's ``kind``/``job_type`` key names it.
    """
    entries = _parse(text)
    role_keys = {f"{prefix}_{key}" for prefix in _ROLES for key in _ROLE_ATTRS}
    role_keys |= {key for _, keys in _ROLES.values() for key in keys}
    unknown = sorted(
        (line, key)
        for key, (line, _) in entries.items()
        if key not in _SIMPLE and key not in _OTHER and key not in role_keys
    )
    if unknown:
        raise JobFileError("unsupported keys: " + ", ".join(f"{key} (line {line})" for line, key in unknown))
    values = {key: value for key, (_, value) in entries.items() if value != ""}

    kind = framework or values.get("kind") or values.get("job_type")
    if kind is None:
        raise JobFileError("the job kind is not in the file: pass framework= (the `dlc submit` kind, e.g. tfjob)")
    args: dict[str, Any] = {"framework": _framework(kind)}
    args.update({name: values[key] for key, name in _SIMPLE.items() if key in values})
    if "priority" in values:
        args["priority"] = _count(values["priority"], "priority")
    if "job_max_running_time_minutes" in values:
        minutes = _count(values["job_max_running_time_minutes"], "job_max_running_time_minutes")
        if minutes:  # the CLI's 0 means no limit
            args["max_running_time_minutes"] = minutes
    for key in ("envs", "tags"):
        if key in values:
            args[key] = _pairs(values[key], key)
    if "thirdparty_libs" in values:
        args["thirdparty_libs"] = _list(values["thirdparty_libs"])
    if "data_sources" in values:
        args["data_sources"] = [
            {"kind": "custom_dataset", "dataset_id": dataset} for dataset in _list(values["data_sources"])
        ]
    if "code_source" in values:
        code: dict[str, Any] = {"code_source_id": values["code_source"]}
        code.update(
            {name: values[key] for key, name in (("code_branch", "branch"), ("code_commit", "commit")) if key in values}
        )
        args["code_source"] = code
    elif "code_branch" in values or "code_commit" in values:
        raise JobFileError("code_branch and code_commit need code_source")

    roles = _roles(values)
    images = [role.pop("image", None) for role in roles.values()]
    if images and images[0] is not None and all(image == images[0] for image in images):
        args["image"] = images[0]
    else:
        for role, image in zip(roles.values(), images, strict=True):
            if image is not None:
                role["image"] = image
    args["roles"] = roles

    spot = {
        name: _number(values[key], key)
        for key, name in (("spot_discount_limit", "discount"), ("spot_price_limit", "price_limit"))
        if key in values
    }
    if "resource_id" in values:
        resources: dict[str, Any] = {"source": "quota", "quota_id": values["resource_id"]}
        if "oversold_type" in values:
            by_wire = {wire: name for name, wire in IDLE_RESOURCES_WIRE.items()}
            if values["oversold_type"] not in by_wire:
                raise JobFileError(f"oversold_type: {values['oversold_type']!r} is not one of {', '.join(by_wire)}")
            resources["idle_resources"] = by_wire[values["oversold_type"]]
        args["resources"] = resources
    elif "oversold_type" in values:
        raise JobFileError("oversold_type (idle resources) needs resource_id (a resource quota)")
    elif spot:
        args["resources"] = {"source": "preemptible", "bid": spot}
    else:
        args["resources"] = {"source": "public"}
    if spot and "resource_id" in values:
        raise JobFileError("spot bids are for preemptible resources, not a resource quota (resource_id)")

    if "vpc_id" in values:
        network: dict[str, Any] = {"vpc_id": values["vpc_id"]}
        for key, name in (("switch_id", "vswitch_id"), ("security_group_id", "security_group_id")):
            if key in values:
                network[name] = values[key]
        if "extended_cidrs" in values:
            network["extended_cidrs"] = _list(values["extended_cidrs"])
        args["network"] = network
    elif any(key in values for key in ("switch_id", "security_group_id", "extended_cidrs")):
        raise JobFileError("switch_id, security_group_id and extended_cidrs need vpc_id")
    return args
