"""State of the fake OSS: buckets, object versions and multipart uploads (metadata; bytes are in `store`).

Bucket names are one namespace for every account and region, so there is one `OssBackend` for the whole
fake (the front asks the core for it under `NAMESPACE`); each bucket records its owner account and region.
Every key holds a list of versions, the latest last: without versioning the list has one `null` version
that each put replaces; with versioning Enabled puts add versions and deletes add delete markers.
Lifecycle expiration rules run as the fake clock moves (`sweep`). Nothing here knows HTTP.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.backend import Backend, Resource
from .exceptions import (
    AccessDenied,
    BucketAlreadyExists,
    BucketNotEmpty,
    InvalidArgument,
    InvalidBucketName,
    InvalidObjectName,
    InvalidPart,
    InvalidPartOrder,
    NoSuchBucket,
    NoSuchKey,
    NoSuchUpload,
    NoSuchVersion,
)
from .store import BlobStore, folder_next_to

NAMESPACE = "oss"  # the account key of the one backend (bucket names are global)
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
STORAGE_CLASSES = ("Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive")
ACLS = ("private", "public-read", "public-read-write")
DAY = 86400.0


def check_bucket_name(name: str) -> str:
    if not BUCKET_NAME.match(name or ""):
        raise InvalidBucketName()
    return name


def check_key(key: str) -> str:
    if not key or len(key.encode("utf-8")) > 1023 or key[0] in "/\\":
        raise InvalidObjectName()
    return key


def etag_of(data: bytes) -> str:
    return hashlib.md5(data).hexdigest().upper()  # noqa: S324 - OSS ETags are MD5 by definition


@dataclass
class ObjectVersion:
    version_id: str
    blob: str | None
    size: int
    etag: str
    last_modified: float
    content_type: str = "application/octet-stream"
    metadata: dict[str, str] = field(default_factory=dict)
    storage_class: str = "Standard"
    delete_marker: bool = False
    multipart: bool = False


@dataclass
class Part:
    number: int
    blob: str
    etag: str
    size: int
    last_modified: float


@dataclass
class Upload:
    upload_id: str
    key: str
    initiated: float
    content_type: str
    metadata: dict[str, str]
    parts: dict[int, Part] = field(default_factory=dict)


@dataclass
class Bucket(Resource):
    owner: str = ""
    region: str = ""
    storage_class: str = "Standard"
    acl: str = "private"
    versioning: str = ""  # "", Enabled, Suspended
    encryption: dict[str, str] | None = None  # SSEAlgorithm, KMSMasterKeyID
    tags: dict[str, str] = field(default_factory=dict)
    lifecycle: list[dict[str, Any]] | None = None  # ID, Prefix, Status, Days
    lifecycle_xml: str | None = None
    policy: str | None = None
    objects: dict[str, list[ObjectVersion]] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)

    def latest(self, key: str) -> ObjectVersion | None:
        versions = self.objects.get(key) or []
        return versions[-1] if versions and not versions[-1].delete_marker else None

    def is_empty(self) -> bool:
        return not self.objects and not self.uploads


class OssBackend(Backend):
    service = "oss"
    kinds = ("buckets",)

    def __init__(self, account_id: str, region: str, context: Any) -> None:
        super().__init__(account_id, region, context)
        self._names = itertools.count(1)
        self.blobs: BlobStore | None = None  # set by the front before each call (not pickled)

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("blobs", None)
        state["_names"] = next(self._names)  # counters do not pickle; resume from the next name
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["_names"] = itertools.count(int(state.get("_names", 1)))
        state.setdefault("blobs", None)
        super().__setstate__(state)

    def attach(self, folder: Path) -> None:
        self.blobs = BlobStore(folder)

    def attached(self) -> OssBackend:
        """This backend with its object folder, for another service of the fake (PAI-DLC's local runs) that
        reaches it without going through the OSS front, which attaches it on each call."""
        if self.blobs is None:
            state_file = getattr(self.context.settings(), "state_file", None)
            if state_file is None:
                raise RuntimeError("the fake OSS has no object folder yet (no OSS call so far and no state file)")
            self.attach(folder_next_to(state_file))
        return self

    def _blob_name(self) -> str:
        return f"{next(self._names):012d}"

    def _new_version_id(self, bucket: Bucket) -> str:
        return "null" if bucket.versioning != "Enabled" else f"CAEQ{next(self._names):014d}"

    # -- buckets ------------------------------------------------------------------------------------------
    def put_bucket(self, account: str, region: str, name: str, storage_class: str, acl: str) -> Bucket:
        check_bucket_name(name)
        if storage_class not in STORAGE_CLASSES:
            raise InvalidArgument(detail=f"storage class {storage_class!r} is not one of {', '.join(STORAGE_CLASSES)}")
        if acl not in ACLS:
            raise InvalidArgument(detail=f"no such bucket access control exists: {acl}")
        if self.get("buckets", name) is not None:
            raise BucketAlreadyExists()  # yours or another account's: the namespace is shared
        bucket = Bucket(id=name, status="Available", owner=account, region=region, storage_class=storage_class, acl=acl)
        return self.add("buckets", bucket)

    def bucket(self, account: str | None, name: str, *, anonymous_read: bool = False) -> Bucket:
        check_bucket_name(name)
        bucket = self.get("buckets", name)
        if bucket is None:
            raise NoSuchBucket()
        if account is None:
            if anonymous_read and bucket.acl in ("public-read", "public-read-write"):
                return bucket
            raise AccessDenied(detail="You have no right to access this object because of bucket acl.")
        if bucket.owner != account:
            raise AccessDenied(detail="You have no right to access this bucket: it belongs to another account.")
        return bucket

    def delete_bucket(self, bucket: Bucket) -> None:
        if not bucket.is_empty():
            raise BucketNotEmpty()
        self.remove("buckets", bucket.id)

    def buckets_of(self, account: str) -> list[Bucket]:
        return sorted((b for b in self.all("buckets") if b.owner == account), key=lambda b: b.id)

    # -- objects -------------------------------------------------------------------------------------------
    def put_object(
        self, bucket: Bucket, key: str, data: bytes, content_type: str, metadata: dict[str, str],
        storage_class: str | None = None,
    ) -> ObjectVersion:
        check_key(key)
        assert self.blobs is not None
        name = self._blob_name()
        self.blobs.write(name, data)
        version = ObjectVersion(
            version_id=self._new_version_id(bucket), blob=name, size=len(data), etag=etag_of(data),
            last_modified=self.now(), content_type=content_type or "application/octet-stream", metadata=metadata,
            storage_class=storage_class or bucket.storage_class,
        )
        self._store_version(bucket, key, version)
        return version

    def _store_version(self, bucket: Bucket, key: str, version: ObjectVersion) -> None:
        versions = bucket.objects.setdefault(key, [])
        if version.version_id == "null":
            for old in [v for v in versions if v.version_id == "null"]:
                versions.remove(old)
                self._drop_blob(old)
        versions.append(version)

    def _drop_blob(self, version: ObjectVersion) -> None:
        if self.blobs is not None:
            self.blobs.remove(version.blob)

    def object_version(self, bucket: Bucket, key: str, version_id: str | None = None) -> ObjectVersion:
        check_key(key)
        versions = bucket.objects.get(key) or []
        if version_id:
            found = next((v for v in versions if v.version_id == version_id), None)
            if found is None:
                raise NoSuchVersion()
            if found.delete_marker:
                raise NoSuchKey()
            return found
        latest = bucket.latest(key)
        if latest is None:
            raise NoSuchKey()
        return latest

    def read(self, version: ObjectVersion, start: int = 0, end: int | None = None) -> bytes:
        assert self.blobs is not None and version.blob is not None
        return self.blobs.read(version.blob, start, end)

    def delete_object(self, bucket: Bucket, key: str, version_id: str | None = None) -> ObjectVersion | None:
        """Delete a key (a delete marker with versioning Enabled) or one version; what was removed or added."""
        versions = bucket.objects.get(key) or []
        if version_id:
            found = next((v for v in versions if v.version_id == version_id), None)
            if found is not None:
                versions.remove(found)
                self._drop_blob(found)
        elif bucket.versioning == "Enabled":
            found = ObjectVersion(version_id=self._new_version_id(bucket), blob=None, size=0, etag="",
                                  last_modified=self.now(), delete_marker=True)
            versions.append(found)
        else:
            found = next((v for v in versions if v.version_id == "null"), None)
            if found is not None:
                versions.remove(found)
                self._drop_blob(found)
            if bucket.versioning == "Suspended":
                found = ObjectVersion(version_id="null", blob=None, size=0, etag="", last_modified=self.now(),
                                      delete_marker=True)
                versions.append(found)
        if not versions:
            bucket.objects.pop(key, None)
        return found

    def live_keys(self, bucket: Bucket, prefix: str = "") -> list[str]:
        return sorted(k for k in bucket.objects if k.startswith(prefix) and bucket.latest(k) is not None)

    # -- multipart -----------------------------------------------------------------------------------------
    def initiate_upload(self, bucket: Bucket, key: str, content_type: str, metadata: dict[str, str]) -> Upload:
        check_key(key)
        upload_id = hashlib.sha256(f"{bucket.id}/{key}/{next(self._names)}".encode()).hexdigest()[:32].upper()
        upload = Upload(upload_id, key, self.now(), content_type or "application/octet-stream", metadata)
        bucket.uploads[upload_id] = upload
        return upload

    def upload(self, bucket: Bucket, key: str, upload_id: str) -> Upload:
        upload = bucket.uploads.get(upload_id)
        if upload is None or upload.key != key:
            raise NoSuchUpload()
        return upload

    def upload_part(self, upload: Upload, number: int, data: bytes) -> Part:
        if not 1 <= number <= 10000:
            raise InvalidArgument(detail="Part number must be an integer between 1 and 10000, inclusive.")
        assert self.blobs is not None
        name = self._blob_name()
        self.blobs.write(name, data)
        old = upload.parts.get(number)
        if old is not None:
            self.blobs.remove(old.blob)
        part = upload.parts[number] = Part(number, name, etag_of(data), len(data), self.now())
        return part

    def complete_upload(self, bucket: Bucket, upload: Upload, listed: list[tuple[int, str]]) -> ObjectVersion:
        assert self.blobs is not None
        numbers = [n for n, _ in listed]
        if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
            raise InvalidPartOrder()
        chosen = []
        for number, etag in listed:
            part = upload.parts.get(number)
            if part is None or part.etag != etag.strip('"').upper():
                raise InvalidPart()
            chosen.append(part)
        name = self._blob_name()
        self.blobs.concat(name, [p.blob for p in chosen])
        digest = hashlib.md5(b"".join(bytes.fromhex(p.etag) for p in chosen)).hexdigest().upper()  # noqa: S324
        version = ObjectVersion(
            version_id=self._new_version_id(bucket), blob=name, size=sum(p.size for p in chosen),
            etag=f"{digest}-{len(chosen)}", last_modified=self.now(), content_type=upload.content_type,
            metadata=upload.metadata, storage_class=bucket.storage_class, multipart=True,
        )
        self._store_version(bucket, upload.key, version)
        self.abort_upload(bucket, upload)
        return version

    def abort_upload(self, bucket: Bucket, upload: Upload) -> None:
        bucket.uploads.pop(upload.upload_id, None)
        for part in upload.parts.values():
            if self.blobs is not None:
                self.blobs.remove(part.blob)

    # -- life cycle: expiration rules, as the fake clock moves ---------------------------------------------
    def sweep(self, now: float) -> bool:
        changed = super().sweep(now)
        for bucket in self.all("buckets"):
            for rule in bucket.lifecycle or []:
                if rule.get("Status") != "Enabled" or not rule.get("Days"):
                    continue
                cutoff = now - float(rule["Days"]) * DAY
                for key in self.live_keys(bucket, rule.get("Prefix") or ""):
                    latest = bucket.latest(key)
                    if latest is not None and latest.last_modified <= cutoff:
                        self.delete_object(bucket, key)
                        changed = True
        return changed

    def is_empty(self) -> bool:
        return not self.all("buckets")

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Buckets (their settings) and objects (`<bucket>/<key>`, the latest version), as separate kinds."""
        buckets, objects = [], []
        for bucket in sorted(self.all("buckets"), key=lambda b: b.id):
            record = {k: v for k, v in vars(bucket).items() if k not in ("track", "objects", "uploads", "lifecycle_xml")}
            buckets.append({**record, "uploads": sorted(bucket.uploads), "account_id": bucket.owner})
            for key in sorted(bucket.objects):
                versions = bucket.objects[key]
                latest = bucket.latest(key)
                objects.append({"id": f"{bucket.id}/{key}", "bucket": bucket.id, "key": key, "versions": len(versions),
                                "size": latest.size if latest else None, "etag": latest.etag if latest else None,
                                "deleted": latest is None, "account_id": bucket.owner, "region": bucket.region})
        return {"buckets": buckets, "objects": objects} if buckets else {}
