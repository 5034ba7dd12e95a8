"""OSS mounts of a locally run job backed by the fake's own OSS, the way ossfs backs them in the cloud.

A locally run pod sees an OSS mount as a folder (`<exec_dir>/storage/oss/<bucket>/<prefix>`, see local_env).
When the bucket exists in the fake's OSS, that folder is filled from the bucket when the job starts (the
objects under the mount's prefix, each written as a file) and written back when the job ends (Succeeded,
Failed or Stopped): files that are new or changed become objects (PutObject), files of the start's copy
that the job removed are deleted. So what a job writes to `/mnt/checkpoints` is listed by the OSS SDKs,
`dlc-stack checkpoints` and the next job alike. Unlike ossfs, writes land at the job's end, not on close.
A bucket the fake does not have stays a local folder only (said in the pod's log).
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
from pathlib import Path
from typing import Any

from ...oss.models import NAMESPACE, OssBackend
from .local_env import Mount
from .resources import Job

SYNC_FILE = "oss-sync.json"  # in the job's folder: what the start wrote, per mount path
_OSS_URI = re.compile(r"oss://([^/.]+)[^/]*(/.*)?")


def oss_location(uri: str) -> tuple[str, str] | None:
    """(bucket, key prefix) of an `oss://<bucket>[.<endpoint>]/<path>` URI; None for other URIs."""
    found = _OSS_URI.fullmatch(uri.strip())
    if found is None:
        return None
    parts = [part for part in (found.group(2) or "").split("/") if part not in ("", ".", "..")]
    return found.group(1), "".join(f"{part}/" for part in parts)


def _files(folder: Path) -> dict[str, os.stat_result]:
    """Every regular file below `folder` (not following links), by its `/`-separated relative path."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(folder).as_posix()] = path.stat()
    return found


class LocalOssMixin:
    """PAI-DLC's jobs backend: fill OSS mount folders at a local job's start, write them back at its end."""

    context: Any

    def _fake_oss_bucket(self, name: str) -> tuple[OssBackend, Any] | None:
        """The fake OSS (with its object folder) and its bucket `name`, or None if it has no such bucket."""
        settings = self.context.settings()
        backend = self.context.backend_for("oss", NAMESPACE, getattr(settings, "default_region", "") or "")
        bucket = backend.get("buckets", name) if isinstance(backend, OssBackend) else None
        return (backend.attached(), bucket) if bucket is not None else None

    def oss_pull(self, job: Job, mounts: list[Mount], job_folder: Path) -> list[str]:
        """Copy each OSS mount's objects into its folder; notes for the pods' logs."""
        notes: list[str] = []
        record: dict[str, Any] = {}
        for mount in mounts:
            where = oss_location(mount.uri) if mount.folder is not None else None
            if where is None or mount.folder is None:
                continue
            bucket_name, prefix = where
            found = self._fake_oss_bucket(bucket_name)
            if found is None:
                notes.append(f"warning: OSS bucket {bucket_name} is not in the fake's OSS; {mount.mount_path} is "
                             "a local folder only")
                continue
            oss, bucket = found
            mount.folder.mkdir(parents=True, exist_ok=True)
            for key in oss.live_keys(bucket, prefix):
                relative = key[len(prefix):]
                if not relative or relative.endswith("/"):
                    continue
                target = mount.folder / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(oss.read(oss.object_version(bucket, key)))
            files = _files(mount.folder)
            record[mount.mount_path] = {"bucket": bucket_name, "prefix": prefix, "folder": str(mount.folder),
                                        "files": {rel: [st.st_size, st.st_mtime_ns] for rel, st in files.items()}}
            notes.append(f"{mount.mount_path}: {len(files)} objects of oss://{bucket_name}/{prefix} copied in; "
                         "changes are written back when the job ends")
        if record:
            job_folder.mkdir(parents=True, exist_ok=True)
            (job_folder / SYNC_FILE).write_text(json.dumps(record), encoding="utf-8")
        return notes

    def oss_push(self, job: Job, job_folder: Path) -> None:
        """Write each OSS mount folder's new and changed files back as objects, delete the removed ones."""
        sync = job_folder / SYNC_FILE
        if not sync.is_file():
            return
        record = json.loads(sync.read_text(encoding="utf-8"))
        sync.unlink()
        for entry in record.values():
            found = self._fake_oss_bucket(entry["bucket"])
            if found is None:
                continue  # the bucket went while the job ran
            oss, bucket = found
            folder, prefix, before = Path(entry["folder"]), entry["prefix"], entry["files"]
            now = _files(folder) if folder.is_dir() else {}
            for relative, stat in sorted(now.items()):
                if before.get(relative) != [stat.st_size, stat.st_mtime_ns]:
                    content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
                    oss.put_object(bucket, prefix + relative, (folder / relative).read_bytes(), content_type, {})
            for relative in sorted(set(before) - set(now)):
                if bucket.latest(prefix + relative) is not None:
                    oss.delete_object(bucket, prefix + relative)
