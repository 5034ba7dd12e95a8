"""Shared pieces of the DLC job spec: the input base model, product constants, units and user paths.

The models of the job's parts live in the sibling modules; nothing here calls a cloud.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pulumi.runtime.rpc import UNKNOWN
from pydantic import BaseModel, ConfigDict

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

#: Tag keys with this prefix are the provider's (the project-wide convention of ``specs.common``).
RESERVED_TAG_PREFIX = "dlc-provider:"
#: Settings.Tags key that carries the create token. CreateJob takes no ClientToken, so a create that
#: failed ambiguously is found again with ListJobs ``Tags={"dlc-provider:token": token}``.
TOKEN_TAG_KEY = RESERVED_TAG_PREFIX + "token"

#: Regions where the console offers "Lingjun Intelligence Resources" (PAI doc "Submit training jobs").
LINGJUN_REGIONS = frozenset(
    {"cn-wulanchabu", "ap-southeast-1", "cn-shenzhen", "cn-beijing", "cn-shanghai", "cn-hangzhou"}
)

#: PAI-DLC: "the total length of all parameters for CreateJob must not exceed 65,536 bytes".
MAX_REQUEST_BYTES = 65_536

#: A location in the user's input: field names and list indexes, e.g. ("data_sources", 1, "mount_path").
Loc = tuple[str | int, ...]

#: A validated `job.DlcJobSpec`, as `rules` and `create_job` name it: job.py runs the rules (which build the
#: CreateJob request to check its size) from its validator, so those two modules cannot import job.py back.
JobSpec = Any


class InputModel(BaseModel):
    """Base of every user-input model: unknown keys are errors and inputs never echo into errors.

    ``hide_input_in_errors`` keeps secrets (registry and Redis passwords) out of ``ValidationError`` text.
    """

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


def user_path(loc: Sequence[str | int]) -> str:
    """Render a location as the user wrote it: ``roles.worker.gpu``, ``data_sources[1].mount_path``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def absolute_path(value: str) -> str:
    """Check a mount path inside the container."""
    if not value.startswith("/"):
        raise ValueError(f"mount paths must be absolute (start with /), got {value!r}")
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
