"""`dlc-stack checkpoints`: what the job wrote to the stack's checkpoint bucket, listed or fetched.

The bucket is the stack's `checkpoint_uri` output (`oss://<bucket>/[prefix/]`, from the TrainingStack's
`checkpoint_bucket` setting). Objects are listed with ListObjectsV2 and fetched with GetObject through the same
OSS client and credentials the provider uses, so this works on the fake and on a real account alike.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..clients import oss
from ..specs.checks import BUCKET_NAME

__all__ = ["CheckpointLocation", "NoCheckpoints", "fetch_checkpoints", "list_checkpoints", "listing_lines",
           "location_of", "size_text"]

_OSS_URI = re.compile(rf"^oss://(?P<bucket>{BUCKET_NAME})(?:/(?P<prefix>.*))?$")


class NoCheckpoints(ValueError):
    """The stack has no checkpoint bucket to look in (the message says why and what to set)."""


@dataclass(frozen=True)
class CheckpointLocation:
    """An OSS bucket and the key prefix checkpoints are under ("" for the whole bucket)."""

    bucket: str
    prefix: str = ""

    @property
    def uri(self) -> str:
        return f"oss://{self.bucket}/{self.prefix}"


def location_of(outputs: Mapping[str, Any], stack: str) -> CheckpointLocation:
    """Where the stack's checkpoints are, from its `checkpoint_uri` output."""
    uri = outputs.get("checkpoint_uri")
    if not outputs:
        raise NoCheckpoints(f"stack {stack} has no outputs (is it up? `dlc-stack up`, or `dlc-stack run --keep`)")
    if not uri:
        raise NoCheckpoints(
            f"stack {stack} has no checkpoint bucket: set dlc-training:checkpointBucket (new, or a bucket's name) "
            "and export checkpoint_uri (the example program does)"
        )
    found = _OSS_URI.match(str(uri))
    if not found:
        raise NoCheckpoints(f"stack {stack}'s checkpoint_uri {uri!r} is not an oss://<bucket>/<prefix> URI")
    return CheckpointLocation(found["bucket"], found["prefix"] or "")


def list_checkpoints(session: Any, where: CheckpointLocation) -> list[dict[str, Any]]:
    """The objects under the location, in key order (key, size, last_modified, etag)."""
    return list(oss.list_objects(session, where.bucket, where.prefix))


def fetch_checkpoints(
    session: Any, where: CheckpointLocation, objects: Iterable[Mapping[str, Any]], destination: Path,
    say: Callable[[str], None] = print,
) -> list[Path]:
    """Download `objects` (from `list_checkpoints`) below `destination`, keeping their paths relative to the
    prefix. Each file is written to a temporary name and renamed, so an interrupted fetch leaves no half file;
    keys that would land outside `destination` (`..`) are refused."""
    destination = destination.resolve()
    written: list[Path] = []
    for item in objects:
        key = str(item["key"])
        relative = PurePosixPath(key[len(where.prefix):] if key.startswith(where.prefix) else key)
        if key.endswith("/") or not relative.parts:
            continue  # a "folder" marker object
        target = (destination / Path(*relative.parts)).resolve()
        if destination not in target.parents:
            raise NoCheckpoints(f"object key {key!r} would be written outside {destination}; not fetched")
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(handle)
        try:
            oss.download_object(session, where.bucket, key, partial)
            os.replace(partial, target)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        say(f"fetched  oss://{where.bucket}/{key} -> {target} ({size_text(int(item.get('size') or 0))})")
        written.append(target)
    return written


def listing_lines(where: CheckpointLocation, objects: list[dict[str, Any]]) -> list[str]:
    """`ls -l`-style lines: size, last change (UTC), key; then a total."""
    lines = []
    for item in objects:
        when = item.get("last_modified")
        stamp = when.strftime("%Y-%m-%d %H:%M:%S") if when is not None else "-"
        lines.append(f"{size_text(int(item.get('size') or 0)):>10}  {stamp}  {item['key']}")
    total = sum(int(item.get("size") or 0) for item in objects)
    noun = "object" if len(objects) == 1 else "objects"
    lines.append(f"{where.uri}: {len(objects)} {noun}, {size_text(total)}")
    return lines


def size_text(size: int) -> str:
    """Bytes in the largest unit that keeps the number at or above 1 (1024-based)."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"
