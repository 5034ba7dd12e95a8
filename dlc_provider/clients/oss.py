"""OSS (REST/XML) through the official `alibabacloud_oss_v2` SDK: buckets, their settings, objects.

One function per API call, as in the other client modules: reads return plain dicts (or None when the
bucket or object does not exist), errors become our `CloudError`s in `Session.call` (the SDK's
`OperationError` is unwrapped to its `ServiceError` first, which carries code, status and request ID).
The SDK client itself is built in `oss_sdk` (for `Session`). No Pulumi here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from ..errors import CloudError, NotFound
from .common import lazy_module

if TYPE_CHECKING:
    import alibabacloud_oss_v2 as oss

    from .session import Session
else:
    oss = lazy_module("alibabacloud_oss_v2")

__all__ = [
    "bucket_info", "bucket_lifecycle", "bucket_tags", "create_bucket", "delete_bucket", "delete_object",
    "delete_versions", "download_object", "get_object", "head_object", "list_keys", "list_objects", "list_uploads",
    "list_versions", "abort_upload", "missing_bucket",
    "put_bucket_acl", "put_bucket_encryption", "put_bucket_lifecycle", "put_bucket_tags", "put_bucket_versioning",
    "put_object",
]

SERVICE = "oss"
T = TypeVar("T")


def _call(session: Session, action: str, fn: Callable[[oss.Client], T]) -> T:
    def unwrapped(client: oss.Client) -> T:
        try:
            return fn(client)
        except oss.exceptions.OperationError as exc:
            raise exc.unwrap() from exc

    return session.call(SERVICE, action, unwrapped)


def _unless(code: str, fn: Callable[[], T], default: T) -> T:
    """`fn()`, or `default` when OSS answers `code` (NoSuchTagSet, ...: the setting is not there)."""
    try:
        return fn()
    except NotFound as exc:
        if exc.code == code:
            return default
        raise


# --- buckets ------------------------------------------------------------------------------------------------


def create_bucket(session: Session, name: str, *, storage_class: str, acl: str | None, tags: Mapping[str, str]) -> None:
    tagging = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in sorted(tags.items())) or None
    request = oss.PutBucketRequest(
        bucket=name, acl=acl, bucket_tagging=tagging,
        create_bucket_configuration=oss.CreateBucketConfiguration(storage_class=storage_class))
    _call(session, "PutBucket", lambda c: c.put_bucket(request))


def bucket_info(session: Session, name: str) -> dict[str, Any] | None:
    """GetBucketInfo as a dict, or None if there is no such bucket."""
    try:
        info = _call(session, "GetBucketInfo", lambda c: c.get_bucket_info(oss.GetBucketInfoRequest(bucket=name)))
    except NotFound:
        return None
    bucket = info.bucket_info
    sse = bucket.sse_rule
    algorithm = sse.sse_algorithm if sse is not None and sse.sse_algorithm not in (None, "", "None") else None
    return {
        "name": bucket.name, "storage_class": bucket.storage_class, "acl": bucket.acl,
        "versioning": bucket.versioning or None, "location": bucket.location,
        "extranet_endpoint": bucket.extranet_endpoint, "intranet_endpoint": bucket.intranet_endpoint,
        "creation_date": str(bucket.creation_date) if bucket.creation_date is not None else None,
        "sse_algorithm": algorithm, "kms_master_key_id": (sse.kms_master_key_id or None) if algorithm else None,
        "owner": bucket.owner.id if bucket.owner is not None else None,
    }


def missing_bucket(session: Session, name: str) -> NotFound | None:
    """The NoSuchBucket error (code, request ID) when OSS says there is no bucket `name`, else None: also
    None when the answer is another error (a bucket these credentials may not read, or in another region
    is not ours to judge)."""
    try:
        _call(session, "GetBucketInfo", lambda c: c.get_bucket_info(oss.GetBucketInfoRequest(bucket=name)))
    except NotFound as missing:
        return missing if missing.code == "NoSuchBucket" else None
    except CloudError:
        return None
    return None


def bucket_tags(session: Session, name: str) -> dict[str, str]:
    def read() -> dict[str, str]:
        result = _call(session, "GetBucketTags", lambda c: c.get_bucket_tags(oss.GetBucketTagsRequest(bucket=name)))
        tags = (result.tagging.tag_set.tags if result.tagging and result.tagging.tag_set else None) or []
        return {str(t.key): str(t.value or "") for t in tags}

    return _unless("NoSuchTagSet", read, {})


def put_bucket_tags(session: Session, name: str, tags: Mapping[str, str]) -> None:
    if not tags:
        _call(session, "DeleteBucketTags", lambda c: c.delete_bucket_tags(oss.DeleteBucketTagsRequest(bucket=name)))
        return
    tagging = oss.Tagging(tag_set=oss.TagSet(tags=[oss.Tag(key=k, value=v) for k, v in sorted(tags.items())]))
    _call(session, "PutBucketTags", lambda c: c.put_bucket_tags(oss.PutBucketTagsRequest(bucket=name, tagging=tagging)))


def bucket_lifecycle(session: Session, name: str) -> list[dict[str, Any]]:
    """The expiration rules as `{id, prefix, enabled, expiration_days}` ([] when there are none)."""
    def read() -> list[dict[str, Any]]:
        result = _call(session, "GetBucketLifecycle",
                       lambda c: c.get_bucket_lifecycle(oss.GetBucketLifecycleRequest(bucket=name)))
        rules = (result.lifecycle_configuration.rules if result.lifecycle_configuration else None) or []
        return [{"id": r.id, "prefix": r.prefix or "", "enabled": r.status == "Enabled",
                 "expiration_days": r.expiration.days if r.expiration is not None else None} for r in rules]

    return _unless("NoSuchLifecycle", read, [])


def put_bucket_lifecycle(session: Session, name: str, rules: list[Mapping[str, Any]]) -> None:
    if not rules:
        _call(session, "DeleteBucketLifecycle",
              lambda c: c.delete_bucket_lifecycle(oss.DeleteBucketLifecycleRequest(bucket=name)))
        return
    configuration = oss.LifecycleConfiguration(rules=[
        oss.LifecycleRule(id=r["id"], prefix=r["prefix"], status="Enabled" if r["enabled"] else "Disabled",
                          expiration=oss.LifecycleRuleExpiration(days=r["expiration_days"])) for r in rules])
    _call(session, "PutBucketLifecycle", lambda c: c.put_bucket_lifecycle(
        oss.PutBucketLifecycleRequest(bucket=name, lifecycle_configuration=configuration)))


def put_bucket_acl(session: Session, name: str, acl: str) -> None:
    _call(session, "PutBucketAcl", lambda c: c.put_bucket_acl(oss.PutBucketAclRequest(bucket=name, acl=acl)))


def put_bucket_versioning(session: Session, name: str, status: str) -> None:
    request = oss.PutBucketVersioningRequest(bucket=name, versioning_configuration=oss.VersioningConfiguration(status=status))
    _call(session, "PutBucketVersioning", lambda c: c.put_bucket_versioning(request))


def put_bucket_encryption(session: Session, name: str, algorithm: str, kms_key_id: str | None) -> None:
    rule = oss.ServerSideEncryptionRule(apply_server_side_encryption_by_default=oss.ApplyServerSideEncryptionByDefault(
        sse_algorithm=algorithm, kms_master_key_id=kms_key_id))
    _call(session, "PutBucketEncryption", lambda c: c.put_bucket_encryption(
        oss.PutBucketEncryptionRequest(bucket=name, server_side_encryption_rule=rule)))


def delete_bucket(session: Session, name: str) -> None:
    _call(session, "DeleteBucket", lambda c: c.delete_bucket(oss.DeleteBucketRequest(bucket=name)))


# --- objects ------------------------------------------------------------------------------------------------


def list_versions(session: Session, name: str) -> Iterator[tuple[str, str | None]]:
    """Every (key, version ID) of the bucket, delete markers included, a page at a time."""
    key_marker, version_marker = None, None
    while True:
        request = oss.ListObjectVersionsRequest(bucket=name, key_marker=key_marker, version_id_marker=version_marker,
                                                max_keys=1000)
        page = _call(session, "ListObjectVersions", lambda c, r=request: c.list_object_versions(r))
        for item in [*(page.version or []), *(page.delete_marker or [])]:
            yield str(item.key), item.version_id
        if not page.is_truncated:
            return
        key_marker, version_marker = page.next_key_marker, page.next_version_id_marker


def list_keys(session: Session, name: str, limit: int = 3) -> list[str]:
    """Up to `limit` keys of current objects (for messages)."""
    request = oss.ListObjectsV2Request(bucket=name, max_keys=limit)
    page = _call(session, "ListObjectsV2", lambda c: c.list_objects_v2(request))
    return [str(o.key) for o in page.contents or []]


def list_objects(session: Session, bucket: str, prefix: str = "") -> Iterator[dict[str, Any]]:
    """Every current object under `prefix` (key order), a page of 1000 at a time: key, size, last_modified
    (a timezone-aware datetime), etag."""
    token = None
    while True:
        request = oss.ListObjectsV2Request(bucket=bucket, prefix=prefix or None, continuation_token=token,
                                           max_keys=1000)
        page = _call(session, "ListObjectsV2", lambda c, r=request: c.list_objects_v2(r))
        for item in page.contents or []:
            yield {"key": str(item.key), "size": int(item.size or 0), "last_modified": item.last_modified,
                   "etag": (item.etag or "").strip('"')}
        token = page.next_continuation_token
        if not page.is_truncated or not token:
            return


def delete_versions(session: Session, name: str, items: list[tuple[str, str | None]]) -> None:
    """DeleteMultipleObjects, 1000 at a time (a version ID of "null" or None deletes the key itself)."""
    for start in range(0, len(items), 1000):
        objects = [oss.DeleteObject(key=k, version_id=v if v not in (None, "null") else None)
                   for k, v in items[start:start + 1000]]
        request = oss.DeleteMultipleObjectsRequest(bucket=name, objects=objects, quiet=True)
        _call(session, "DeleteMultipleObjects", lambda c, r=request: c.delete_multiple_objects(r))


def list_uploads(session: Session, name: str) -> list[tuple[str, str]]:
    """(key, upload ID) of every unfinished multipart upload."""
    found: list[tuple[str, str]] = []
    key_marker, id_marker = None, None
    while True:
        request = oss.ListMultipartUploadsRequest(bucket=name, key_marker=key_marker, upload_id_marker=id_marker)
        page = _call(session, "ListMultipartUploads", lambda c, r=request: c.list_multipart_uploads(r))
        found.extend((str(u.key), str(u.upload_id)) for u in page.uploads or [])
        if not page.is_truncated:
            return found
        key_marker, id_marker = page.next_key_marker, page.next_upload_id_marker


def abort_upload(session: Session, name: str, key: str, upload_id: str) -> None:
    request = oss.AbortMultipartUploadRequest(bucket=name, key=key, upload_id=upload_id)
    try:
        _call(session, "AbortMultipartUpload", lambda c: c.abort_multipart_upload(request))
    except NotFound:
        pass


def put_object(session: Session, bucket: str, key: str, data: bytes, *, content_type: str | None,
               md5_base64: str) -> dict[str, Any]:
    request = oss.PutObjectRequest(bucket=bucket, key=key, body=data, content_type=content_type, content_md5=md5_base64)
    result = _call(session, "PutObject", lambda c: c.put_object(request))
    return {"etag": (result.etag or "").strip('"'), "version_id": result.version_id}


def head_object(session: Session, bucket: str, key: str) -> dict[str, Any] | None:
    try:
        result = _call(session, "HeadObject", lambda c: c.head_object(oss.HeadObjectRequest(bucket=bucket, key=key)))
    except NotFound:
        return None
    return {"etag": (result.etag or "").strip('"'), "size": result.content_length,
            "content_type": result.content_type, "version_id": result.version_id}


def get_object(session: Session, bucket: str, key: str) -> bytes:
    result = _call(session, "GetObject", lambda c: c.get_object(oss.GetObjectRequest(bucket=bucket, key=key)))
    return bytes(result.body.read())


def download_object(session: Session, bucket: str, key: str, path: str) -> None:
    """GetObject streamed into the file at `path` (created or overwritten).

    Not the SDK's `get_object_to_file`: with the client's own retries off (`Session` retries), as here, it
    returns without sending anything (its attempt loop is `range(1, attempts)`, empty for 1 attempt).
    """
    def stream(client: oss.Client) -> None:
        result = client.get_object(oss.GetObjectRequest(bucket=bucket, key=key))
        try:
            with open(path, "wb") as out:
                for chunk in result.body.iter_bytes():
                    out.write(chunk)
        finally:
            result.body.close()

    _call(session, "GetObject", stream)


def delete_object(session: Session, bucket: str, key: str) -> None:
    _call(session, "DeleteObject", lambda c: c.delete_object(oss.DeleteObjectRequest(bucket=bucket, key=key)))
