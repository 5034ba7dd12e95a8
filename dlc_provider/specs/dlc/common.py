"""Shared pieces of the DLC job spec: the input base model, product constants, units and user paths.

The models of the job's parts live in the sibling modules; nothing here calls a cloud. The input base
(`InputModel`), `user_path`, `Loc` and the reserved tag names are the project-wide ones of ``specs.failures``
and ``specs.constants``, importable from here as before.
"""

from __future__ import annotations

import re
from typing import Any

from ..constants import RESERVED_TAG_PREFIX, TOKEN_TAG_KEY, UNKNOWN
from ..failures import InputModel, Loc, shown, user_path

__all__ = [
    "LINGJUN_REGIONS",
    "MAX_REQUEST_BYTES",
    "RESERVED_TAG_PREFIX",
    "TOKEN_TAG_KEY",
    "UNKNOWN",
    "InputModel",
    "Loc",
    "absolute_path",
    "format_number",
    "normalize_cpu",
    "normalize_memory",
    "user_path",
]

#: Regions where the console offers "Lingjun Intelligence Resources" (PAI doc "Submit training jobs").
LINGJUN_REGIONS = frozenset(
    {"cn-wulanchabu", "ap-southeast-1", "cn-shenzhen", "cn-beijing", "cn-shanghai", "cn-hangzhou"}
)

#: PAI-DLC: "the total length of all parameters for CreateJob must not exceed 65,536 bytes".
MAX_REQUEST_BYTES = 65_536

#: A validated `job.DlcJobSpec`, as `rules` and `create_job` name it: job.py runs the rules (which build the
#: CreateJob request to check its size) from its validator, so those two modules cannot import job.py back.
JobSpec = Any


def absolute_path(value: str) -> str:
    """Check a mount path inside the container."""
    if not value.startswith("/"):
        raise ValueError(f"mount paths must be absolute (start with /), got {shown(value)}")
    if value.rstrip("/") == "":
        raise ValueError("the container root / cannot be a mount path")
    return value


def format_number(value: float) -> str:
    """``4.0 -> "4"``, ``0.5 -> "0.5"``: the string form ResourceConfig and AdvancedSettings use."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_MEMORY = re.compile(r"^(\d+(?:\.\d+)?)(Mi|Gi|Ti|M|G|T)$")
MEMORY_RULE = (
    "a memory size is a number with a unit, Mi/Gi/Ti (binary) or M/G/T (decimal), e.g. 16Gi, or a plain number of GiB"
)


def normalize_memory(value: Any) -> Any:
    """Accept ``16``/``16.5`` (GiB) or ``"16Gi"``; return the wire string. Other input passes to the type check."""
    if isinstance(value, bool):
        raise ValueError(MEMORY_RULE)
    if isinstance(value, (int, float)):
        if value <= 0:
            raise ValueError("must be more than 0")
        return f"{format_number(value)}Gi"
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER.match(text):
            raise ValueError(f"{text!r} has no unit: {MEMORY_RULE}")
        match = _MEMORY.match(text)
        if not match:
            raise ValueError(f"{text!r} is not valid: {MEMORY_RULE}")
        if float(match.group(1)) <= 0:
            raise ValueError("must be more than 0")
        return text
    return value


def normalize_cpu(value: Any) -> Any:
    """Accept ``4``, ``0.5`` or ``"4"``; CPU cores must be more than 0."""
    if isinstance(value, bool):
        raise ValueError("CPU cores are a number, e.g. 4 or 0.5")
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        value = float(value)
    if isinstance(value, (int, float)) and value <= 0:
        raise ValueError("CPU cores must be more than 0")
    return value
