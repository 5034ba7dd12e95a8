"""OSS: `OssBucket` and `OssObject`.

Replace vs update in place comes from the specs (`dlc_provider.specs.oss`).

* Idempotent creates: bucket names are global, so a bucket is created with the provider's token tag
  (PutBucket's `x-oss-bucket-tagging`, in the same call). A create finds its own bucket again by that tag;
  a bucket of that name without it fails the create naming `adopt_id`, and one of another account
  (AccessDenied) says the name is taken. The bucket's settings (versioning, encryption, lifecycle) are
  applied after PutBucket, in the wait for the create: a failure there deletes the new, empty bucket.
* Delete: `force_destroy` first deletes every object version, delete marker and unfinished multipart
  upload; without it a bucket that still holds objects refuses (`BucketNotEmpty`) and the destroy fails at
  once naming some of them, leaving the bucket in the state.
* Objects: `OssObject` uploads text or a file in one PutObject with its Content-MD5; the MD5 (the ETag OSS
  reports) is an input set by check, so a changed file is a diff and an object overwritten outside Pulumi
  shows after a refresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ..clients import oss as api
from ..clients.session import Session
from ..errors import AuthError, CloudError, DlcError
from ..specs.common import RESERVED_TAG_PREFIX, TOKEN_TAG
from ..specs.oss import OssBucketSpec, OssObjectSpec, content_md5
from .generated.oss_bucket import OssBucketArgs, OssBucketArgsDict, OssBucketResource
from .generated.oss_object import OssObjectArgs, OssObjectArgsDict, OssObjectResource
from .provider import CloudProvider, user_tags

__all__ = [
    "OssBucket", "OssBucketArgs", "OssBucketArgsDict", "OssBucketProvider",
    "OssObject", "OssObjectArgs", "OssObjectArgsDict", "OssObjectProvider",
]

_TEXT_LIMIT = 1024 * 1024  # read back changed text objects up to this size
_SETTINGS = ("versioning", "server_side_encryption", "lifecycle_rules")


class OssBucketProvider(CloudProvider):
    """Dynamic provider of `OssBucket` (PutBucket, GetBucketInfo, Put/GetBucketTags, PutBucketAcl,
    PutBucketVersioning, PutBucketEncryption, Put/Get/DeleteBucketLifecycle, DeleteBucket; with
    force_destroy also ListObjectVersions, DeleteMultipleObjects, ListMultipartUploads, AbortMultipartUpload)."""

    KIND: ClassVar[str] = "OSS bucket"
    SPEC = OssBucketSpec
    GOING: ClassVar[frozenset[str]] = frozenset()

    def _info(self, session: Session, name: str) -> dict[str, Any] | None:
        try:
            return api.bucket_info(session, name)
        except AuthError as exc:
            if exc.code != "AccessDenied":
                raise
            raise DlcError(
                f"OSS bucket {name}: the name is taken by another account ({exc.code}: {exc.message}"
                f"{f' [request id {exc.request_id}]' if exc.request_id else ''}); bucket names are global across all "
                "of OSS, so choose another name"
            ) from exc

    def find_existing(self, session: Session, spec: OssBucketSpec, token: str) -> str | None:
        if self._info(session, spec.name) is None:
            return None
        if api.bucket_tags(session, spec.name).get(TOKEN_TAG) == token:
            return spec.name
        raise DlcError(
            f"OSS bucket {spec.name} already exists in this account but was not made by this resource (it lacks "
            f"the creation token {token}): manage it with adopt_id={spec.name!r}, or choose another name"
        )

    def send_create(self, session: Session, spec: OssBucketSpec, token: str) -> str:
        api.create_bucket(session, spec.name, storage_class=spec.storage_class, acl=spec.acl,
                          tags={**(spec.tags or {}), TOKEN_TAG: token})
        return spec.name

    def wait_created(self, session: Session, resource_id: str, spec: Any, timeout: float) -> dict[str, Any]:
        wanted = self.wanted(spec)
        self.send_update(session, resource_id, {}, spec, [f for f in _SETTINGS if wanted.get(f) not in (None, [])])
        return super().wait_created(session, resource_id, spec, timeout)

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        info = self._info(session, resource_id)
        if info is None:
            return None
        encryption = None
        if info["sse_algorithm"]:
            encryption = {"sse_algorithm": info["sse_algorithm"], "kms_master_key_id": info["kms_master_key_id"]}
        return {
            "name": resource_id, "storage_class": info["storage_class"], "acl": info["acl"],
            "versioning": info["versioning"], "server_side_encryption": encryption,
            "lifecycle_rules": api.bucket_lifecycle(session, resource_id),
            "tags": user_tags(api.bucket_tags(session, resource_id)),
            "force_destroy": bool(hint.get("force_destroy", False)), "status": "Available",
            "location": info["location"], "extranet_endpoint": info["extranet_endpoint"],
            "intranet_endpoint": info["intranet_endpoint"], "creation_date": info["creation_date"],
            "uri": f"oss://{resource_id}/",
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: OssBucketSpec, changed: list[str]
    ) -> None:
        if "acl" in changed and spec.acl is not None:
            api.put_bucket_acl(session, resource_id, spec.acl)
        if "versioning" in changed and spec.versioning is not None:
            api.put_bucket_versioning(session, resource_id, spec.versioning)
        if "server_side_encryption" in changed and spec.server_side_encryption is not None:
            sse = spec.server_side_encryption
            api.put_bucket_encryption(session, resource_id, sse.sse_algorithm, sse.kms_master_key_id)
        if "lifecycle_rules" in changed and spec.lifecycle_rules is not None:
            api.put_bucket_lifecycle(session, resource_id, [r.model_dump() for r in spec.lifecycle_rules])
        if "tags" in changed and spec.tags is not None:
            current = api.bucket_tags(session, resource_id)
            reserved = {k: v for k, v in current.items() if k.startswith(RESERVED_TAG_PREFIX)}
            api.put_bucket_tags(session, resource_id, {**spec.tags, **reserved})

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        if olds.get("force_destroy"):
            self._empty(session, resource_id)
        try:
            api.delete_bucket(session, resource_id)
        except CloudError as exc:
            if exc.code != "BucketNotEmpty":
                raise
            raise DlcError(self._not_empty(session, resource_id, exc)) from exc

    def _empty(self, session: Session, name: str) -> None:
        versions = list(api.list_versions(session, name))
        if versions:
            self._emit(name, "delete", f"force_destroy: deleting {len(versions)} object versions")
            api.delete_versions(session, name, versions)
        for key, upload_id in api.list_uploads(session, name):
            api.abort_upload(session, name, key, upload_id)

    def _not_empty(self, session: Session, name: str, exc: CloudError) -> str:
        try:
            keys = api.list_keys(session, name)
        except CloudError:
            keys = []
        some = f" (objects such as {', '.join(keys)})" if keys else " (object versions or unfinished uploads)"
        request = f" [request id {exc.request_id}]" if exc.request_id else ""
        return (
            f"OSS bucket {name} cannot be deleted: it still holds objects{some}; OSS answered {exc.code}: "
            f"{exc.message}{request}. Set force_destroy=True on the bucket and run `pulumi up` before the destroy to "
            "delete its objects with it, or empty the bucket yourself; the bucket stays in the stack until then"
        )


def _split(object_id: str) -> tuple[str, str]:
    bucket, _, key = object_id.partition("/")
    if not bucket or not key:
        raise DlcError(f"OSS object ID {object_id!r} is not <bucket>/<key>")
    return bucket, key


class OssObjectProvider(CloudProvider):
    """Dynamic provider of `OssObject` (PutObject, HeadObject, DeleteObject). The ID is `<bucket>/<key>`."""

    KIND: ClassVar[str] = "OSS object"
    SPEC = OssObjectSpec
    GOING: ClassVar[frozenset[str]] = frozenset()

    def find_existing(self, session: Session, spec: OssObjectSpec, token: str) -> str | None:
        found = api.head_object(session, spec.bucket, spec.key)
        if found is None:
            return None
        if found["etag"] == spec.content_md5:  # the same bytes: what a lost answer's put made, or identical
            return f"{spec.bucket}/{spec.key}"
        raise DlcError(
            f"OSS object oss://{spec.bucket}/{spec.key} already exists with other content (ETag {found['etag']}): "
            f"manage it with adopt_id={spec.bucket + '/' + spec.key!r}, or choose another key"
        )

    def send_create(self, session: Session, spec: OssObjectSpec, token: str) -> str:
        self._put(session, spec)
        return f"{spec.bucket}/{spec.key}"

    def _put(self, session: Session, spec: OssObjectSpec) -> None:
        api.put_object(session, spec.bucket, spec.key, spec.data(), content_type=spec.content_type,
                       md5_base64=spec.md5_base64())

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        bucket, key = _split(resource_id)
        try:
            found = api.head_object(session, bucket, key)
        except CloudError as exc:
            if exc.code == "NoSuchBucket":
                return None
            raise
        if found is None:
            return None
        return {
            "bucket": bucket, "key": key, "content": self._content(session, bucket, key, hint, found),
            "source": hint.get("source"),
            "content_type": found["content_type"] if hint.get("content_type") is not None else None,
            "content_md5": found["etag"], "size": found["size"], "version_id": found["version_id"],
            "status": "Available", "uri": f"oss://{bucket}/{key}",
        }

    @staticmethod
    def _content(
        session: Session, bucket: str, key: str, hint: Mapping[str, Any], found: Mapping[str, Any]
    ) -> str | None:
        """The text the object holds, for an object managed by `content`: read back only when it changed
        outside Pulumi (and is small text), so a refresh shows the drift in `content` too."""
        known = hint.get("content")
        if known is None or content_md5(str(known).encode("utf-8")) == found["etag"] or (found["size"] or 0) > _TEXT_LIMIT:
            return known
        try:
            return api.get_object(session, bucket, key).decode("utf-8")
        except UnicodeDecodeError:
            return known

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: OssObjectSpec, changed: list[str]
    ) -> None:
        self._put(session, spec)

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        bucket, key = _split(resource_id)
        api.delete_object(session, bucket, key)


class OssBucket(OssBucketResource, module="dlc", name="OssBucket"):
    """An OSS bucket: storage class, ACL, versioning, default encryption, lifecycle rules, tags, and
    `force_destroy` to delete its objects with it. `uri` (`oss://<name>/`) is what a DLC job mounts.

    Inputs: `OssBucketArgs` (or a dict, or keyword arguments). Outputs, and what a change of each input
    does: `OssBucketResource`.
    """

    PROVIDER = OssBucketProvider


class OssObject(OssObjectResource, module="dlc", name="OssObject"):
    """A small OSS object (a training script, a config) from `content` or a local file `source`.

    Inputs: `OssObjectArgs` (or a dict, or keyword arguments). Outputs, and what a change of each input
    does: `OssObjectResource`.
    """

    PROVIDER = OssObjectProvider
