"""AIWorkspace's validation rules (workspace and dataset names, enumerations, dataset URIs) and life cycles."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..core.errors import InvalidParameter
from ..core.lifecycle import GONE, Lifecycle, Step

# --- life cycles (realistic seconds; see core.lifecycle) -------------------------------------------------
WORKSPACE_CREATE = Lifecycle("INITIALIZING", Step("ENABLED", 5.0))
# No documented status for a workspace being deleted; the fake shows DELETING until it is gone.
WORKSPACE_DELETE = Lifecycle("DELETING", Step(GONE, 3.0))

# --- workspaces -----------------------------------------------------------------------------------------
DEFAULT_WORKSPACE_NAME = "default_workspace"
WORKSPACE_STATUSES = ("ENABLED", "INITIALIZING", "FAILURE", "DISABLED", "FROZEN", "UPDATING")
_WORKSPACE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,22}$")
MAX_WORKSPACE_DESCRIPTION = 80

# --- datasets ----------------------------------------------------------------------------------------------
PROPERTIES = ("FILE", "DIRECTORY")
DATA_SOURCE_TYPES = ("OSS", "NAS", "EXTREMENAS", "CPFS", "BMCPFS", "MAXCOMPUTE", "URL")
ACCESSIBILITIES = ("PRIVATE", "PUBLIC", "ROLE_PUBLIC")
DATA_TYPES = ("COMMON", "PIC", "TEXT", "VIDEO", "AUDIO")
EDITIONS = ("BASIC", "ADVANCED", "LOGICAL")
PROVIDER_TYPES = ("Ecs", "Lingjun")
# The file-system ID prefix each NAS-like data source type expects ("" = a general-purpose ID).
NAS_ID_PREFIXES = {"NAS": "", "EXTREMENAS": "extreme-", "CPFS": "cpfs-", "BMCPFS": "bmcpfs-"}
_OTHER_ID_PREFIXES = ("extreme-", "cpfs-", "bmcpfs-")
_DATASET_NAME = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_-]{0,126}$")


def check_workspace_name(name: str) -> None:
    """3-23 characters: a letter, then letters, digits and `_`."""
    if not _WORKSPACE_NAME.match(name):
        raise InvalidParameter(name="WorkspaceName")


def check_workspace_description(description: str) -> None:
    if len(description) > MAX_WORKSPACE_DESCRIPTION:
        raise InvalidParameter(name="Description")


def check_env_types(env_types: list[str]) -> list[str]:
    """`["prod"]` (simple mode) or `["dev", "prod"]` (standard mode)."""
    if sorted(set(env_types)) not in (["prod"], ["dev", "prod"]) or len(env_types) != len(set(env_types)):
        raise InvalidParameter(name="EnvTypes")
    return env_types


def check_dataset_name(name: str) -> None:
    """1-127 characters: letters, digits, Chinese characters, `_` and `-`, not starting with `_` or `-`."""
    if not _DATASET_NAME.match(name):
        raise InvalidParameter(name="Name")


def check_json_object(value: str | None, name: str) -> dict[str, Any] | None:
    """A JSON-object string parameter (Options, ImportInfo), parsed; None when absent."""
    if value is None:
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        raise InvalidParameter(name=name) from None
    if not isinstance(parsed, dict):
        raise InvalidParameter(name=name)
    return parsed


@dataclass(frozen=True)
class NasUri:
    """`nas://<file system ID>.<region>/<path>`: general-purpose NAS, CPFS 1.0 and 2.0 alike."""

    file_system_id: str
    region: str
    path: str


def parse_nas_uri(uri: str, data_source_type: str) -> NasUri:
    """Check a NAS-like dataset URI's form and that its file system ID suits the data source type."""
    if not uri.startswith("nas://"):
        raise InvalidParameter(f"A {data_source_type} dataset's Uri looks like nas://<fsid>.<region>/path/.")
    host, slash, path = uri[len("nas://"):].partition("/")
    file_system_id, dot, region = host.partition(".")
    if not (slash and dot and file_system_id and region):
        raise InvalidParameter(f"A {data_source_type} dataset's Uri looks like nas://<fsid>.<region>/path/.")
    prefix = NAS_ID_PREFIXES[data_source_type]
    wrong_kind = not file_system_id.startswith(prefix) if prefix else file_system_id.startswith(_OTHER_ID_PREFIXES)
    if wrong_kind:
        raise InvalidParameter(f"The file system {file_system_id} is not of data source type {data_source_type}.")
    return NasUri(file_system_id, region, "/" + path)


_SCHEMES = {"OSS": ("oss://",), "URL": ("http://", "https://")}


def check_other_uri(uri: str, data_source_type: str) -> None:
    """OSS and URL datasets by scheme; MaxCompute URIs are taken as they come."""
    schemes = _SCHEMES.get(data_source_type)
    if schemes and not uri.startswith(schemes):
        raise InvalidParameter(f"A {data_source_type} dataset's Uri starts with {' or '.join(schemes)}.")
