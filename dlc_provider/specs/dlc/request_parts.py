"""Pieces of reading a CreateJob request back (see `from_request`): taking the fields a DlcJob models and
refusing the rest by name, and one data source or storage mount of `DataSources`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi

__all__ = ["UnsupportedRequestError", "data_source", "is_set", "take"]


class UnsupportedRequestError(pulumi.RunError, ValueError):
    """A `pulumi.RunError`: a program that raises it ends with this message alone, no traceback. The request uses something a DlcJob cannot express."""


def is_set(value: Any) -> bool:
    """The SDK sends unset lists as ``[]``; treat them, ``None`` and ``{}`` as absent."""
    return value is not None and value != [] and value != {}


def take(source: Mapping[str, Any], where: str, known: set[str]) -> dict[str, Any]:
    given = {key: value for key, value in source.items() if is_set(value)}
    unsupported = sorted(set(given) - known)
    if unsupported:
        raise UnsupportedRequestError(f"{where}: unsupported fields {', '.join(unsupported)}")
    return given


def data_source(item: Mapping[str, Any], where: str) -> tuple[str, dict[str, Any]]:
    item = take(item, where, {"DataSourceId", "DataSourceVersion", "Uri", "MountPath", "MountAccess", "Options",
                              *_ACCESS})
    access = {name: item[wire] for wire, name in _ACCESS.items() if wire in item}
    read_only = {"RO": True, "RW": False}.get(str(item["MountAccess"])) if "MountAccess" in item else None
    if "MountAccess" in item and read_only is None:
        raise UnsupportedRequestError(f"{where}: MountAccess {item['MountAccess']!r}")
    if "DataSourceId" in item:
        if "Uri" in item or "Options" in item:
            raise UnsupportedRequestError(f"{where}: DataSourceId with Uri or Options")
        source: dict[str, Any] = {"kind": "custom_dataset", "dataset_id": item["DataSourceId"]}
        optional = {
            "version": item.get("DataSourceVersion"),
            "read_only": read_only,
            "mount_path": item.get("MountPath"),
        }
        source.update({key: value for key, value in optional.items() if value is not None})
        return "data_sources", {**source, **access}
    if "Uri" not in item:
        raise UnsupportedRequestError(f"{where}: neither DataSourceId nor Uri")
    uri = item["Uri"]
    mount: dict[str, Any] = {"kind": _mount_kind(uri, where), "uri": uri}
    if "MountPath" in item:
        mount["mount_path"] = item["MountPath"]
    if read_only is not None:
        mount["read_only"] = read_only
    if "Options" in item:
        mount.update(_mount_options(item["Options"], mount["kind"], where))
    return "storage_mounts", {**mount, **access}


#: `DataSources[]` keys of `environment.SourceAccess` (and the BMCPFS access point).
_ACCESS = {"EnableCache": "enable_cache", "RoleArn": "role_arn", "RoleChain": "role_chain",
           "AccessPointId": "access_point_id"}


def _mount_kind(uri: str, where: str) -> str:
    if uri.startswith("oss://"):
        return "oss"
    scheme, _, rest = uri.partition("://")
    if scheme in ("nas", "cpfs", "bmcpfs") and rest.startswith("bmcpfs-"):
        return "bmcpfs"
    if scheme == "nas":
        if rest.startswith("extreme-"):
            return "extreme_nas"
        return "cpfs" if rest.startswith("cpfs-") else "nas"
    raise UnsupportedRequestError(f"{where}: Uri {uri!r} is not OSS, NAS, CPFS or BMCPFS storage")


def _mount_options(text: str, kind: str, where: str) -> dict[str, Any]:
    try:
        options = json.loads(text)
    except json.JSONDecodeError:
        raise UnsupportedRequestError(f"{where}: Options is not a JSON object") from None
    if not isinstance(options, dict):
        raise UnsupportedRequestError(f"{where}: Options is not a JSON object")
    out: dict[str, Any] = {}
    if kind == "oss" and options.get("mountType") == "ossfs":
        out["mount_type"] = options.pop("mountType")
    if kind in ("nas", "cpfs") and "nconnect" in options:
        out["nconnect"] = int(options.pop("nconnect"))
    if options:
        out["extra_options"] = {key: str(value) for key, value in options.items()}
    return out
