"""Request parsing of the fake OSS: `route` names the operation (method + sub-resource), `OssResponses`
reads headers, query and XML body, asks the backend, and renders the reply. Object and multipart
operations are here; bucket settings in `bucket_config`, listings in `listing`."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..core.wire import FakeRequest, FakeResponse
from .bucket_config import BucketConfigResponses
from .exceptions import InvalidArgument, InvalidDigest, MethodNotAllowed, OssError, OssNotImplemented
from .listing import ListingResponses
from .models import Bucket, ObjectVersion, OssBackend
from .xmlio import http_date, parse, text, xml_response

if TYPE_CHECKING:
    from .addressing import OssAddress

READ_ACTIONS = frozenset({
    "ListBuckets", "GetBucketInfo", "GetBucketLocation", "GetBucketAcl", "GetBucketTags", "GetBucketLifecycle",
    "GetBucketVersioning", "GetBucketEncryption", "GetBucketPolicy", "ListObjects", "ListObjectsV2",
    "ListObjectVersions", "ListMultipartUploads", "ListParts", "GetObject", "HeadObject", "GetObjectMeta",
})
# Bucket sub-resource -> {method: action}.
_BUCKET_OPS = {
    "acl": {"PUT": "PutBucketAcl", "GET": "GetBucketAcl"},
    "bucketInfo": {"GET": "GetBucketInfo"},
    "location": {"GET": "GetBucketLocation"},
    "tagging": {"PUT": "PutBucketTags", "GET": "GetBucketTags", "DELETE": "DeleteBucketTags"},
    "lifecycle": {"PUT": "PutBucketLifecycle", "GET": "GetBucketLifecycle", "DELETE": "DeleteBucketLifecycle"},
    "versioning": {"PUT": "PutBucketVersioning", "GET": "GetBucketVersioning"},
    "versions": {"GET": "ListObjectVersions"},
    "encryption": {"PUT": "PutBucketEncryption", "GET": "GetBucketEncryption", "DELETE": "DeleteBucketEncryption"},
    "policy": {"PUT": "PutBucketPolicy", "GET": "GetBucketPolicy", "DELETE": "DeleteBucketPolicy"},
    "uploads": {"GET": "ListMultipartUploads"},
    "delete": {"POST": "DeleteMultipleObjects"},
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def route(method: str, bucket: str | None, key: str | None, params: Mapping[str, str], headers: Mapping[str, str]) -> str:
    """The OSS operation a request asks for (raises NotImplemented / MethodNotAllowed)."""
    if bucket is None:
        if method == "GET":
            return "ListBuckets"
        raise MethodNotAllowed()
    if key is None:
        for sub, ops in _BUCKET_OPS.items():
            if sub in params:
                if method not in ops:
                    raise OssNotImplemented(action=f"{method} ?{sub}")
                return ops[method]
        known = {"PUT": "PutBucket", "DELETE": "DeleteBucket", "GET": "ListObjects"}
        if method not in known:
            raise MethodNotAllowed()
        return "ListObjectsV2" if method == "GET" and params.get("list-type") == "2" else known[method]
    if "uploads" in params and method == "POST":
        return "InitiateMultipartUpload"
    if "uploadId" in params:
        ops = {"PUT": "UploadPart", "POST": "CompleteMultipartUpload", "DELETE": "AbortMultipartUpload",
               "GET": "ListParts"}
        if method in ops and (method != "PUT" or "partNumber" in params):
            return ops[method]
    elif "objectMeta" in params and method in ("GET", "HEAD"):
        return "GetObjectMeta"
    elif not any(sub in params for sub in ("acl", "tagging", "symlink", "append", "restore", "x-oss-process")):
        if method == "PUT" and "x-oss-copy-source" in headers:
            raise OssNotImplemented(action="CopyObject")
        ops = {"PUT": "PutObject", "GET": "GetObject", "HEAD": "HeadObject", "DELETE": "DeleteObject"}
        if method in ops:
            return ops[method]
    raise OssNotImplemented(action=f"{method} object with ?{'&'.join(params) or '-'}")


def metadata_of(headers: Mapping[str, str]) -> dict[str, str]:
    return {name[len("x-oss-meta-"):]: value for name, value in headers.items() if name.startswith("x-oss-meta-")}


class OssResponses(BucketConfigResponses, ListingResponses):
    """One call: the backend, the request, its address and decoded query, and the caller's account."""

    def __init__(
        self, backend: OssBackend, request: FakeRequest, where: OssAddress, params: dict[str, str], account: str | None
    ) -> None:
        self.backend = backend
        self.request = request
        self.where = where
        self.params = params
        self.account = account
        self.headers = request.headers

    def the_bucket(self, *, anonymous_read: bool = False) -> Bucket:
        assert self.where.bucket is not None
        return self.backend.bucket(self.account, self.where.bucket, anonymous_read=anonymous_read)

    def owner_account(self) -> str:
        if self.account is None:
            from .exceptions import AccessDenied

            raise AccessDenied(detail="Anonymous access is forbidden for this operation.")
        return self.account

    @property
    def key(self) -> str:
        assert self.where.key is not None
        return self.where.key

    def _checked_body(self) -> bytes:
        body = self.request.body
        md5 = self.headers.get("content-md5")
        if md5 and base64.b64encode(hashlib.md5(body).digest()).decode() != md5.strip():  # noqa: S324
            raise InvalidDigest()
        return body

    # -- objects ------------------------------------------------------------------------------------------
    def put_object(self) -> FakeResponse:
        bucket = self.the_bucket()
        body = self._checked_body()
        if self.headers.get("x-oss-forbid-overwrite", "").lower() == "true" and bucket.latest(self.key) is not None:
            raise OssError(code="FileAlreadyExists", status=409, message="The object you specified already exists and can not be overwritten.")
        version = self.backend.put_object(
            bucket, self.key, body, self.headers.get("content-type", ""), metadata_of(self.headers),
            self.headers.get("x-oss-storage-class"),
        )
        headers = {"ETag": f'"{version.etag}"', "Content-MD5": base64.b64encode(bytes.fromhex(version.etag)).decode()}
        if version.version_id != "null":
            headers["x-oss-version-id"] = version.version_id
        return FakeResponse(200, b"", headers)

    def _object_headers(self, version: ObjectVersion) -> dict[str, str]:
        headers = {
            "Content-Type": version.content_type, "ETag": f'"{version.etag}"',
            "Last-Modified": http_date(version.last_modified), "Accept-Ranges": "bytes",
            "x-oss-object-type": "Multipart" if version.multipart else "Normal",
            "x-oss-storage-class": version.storage_class,
            **{f"x-oss-meta-{k}": v for k, v in version.metadata.items()},
        }
        if version.version_id != "null":
            headers["x-oss-version-id"] = version.version_id
        return headers

    def _read_version(self) -> tuple[Bucket, ObjectVersion]:
        bucket = self.the_bucket(anonymous_read=True)
        return bucket, self.backend.object_version(bucket, self.key, self.params.get("versionId"))

    def get_object(self) -> FakeResponse:
        _, version = self._read_version()
        headers = self._object_headers(version)
        matched = _RANGE.match(self.headers.get("range", "").strip())
        if matched and version.size and (matched.group(1) or matched.group(2)):
            first, last = matched.groups()
            start = int(first) if first else max(version.size - int(last), 0)
            end = min(int(last), version.size - 1) if first and last else version.size - 1
            if start < version.size and start <= end:
                headers["Content-Range"] = f"bytes {start}-{end}/{version.size}"
                return FakeResponse(206, self.backend.read(version, start, end + 1), headers)
        return FakeResponse(200, self.backend.read(version), headers)

    def head_object(self) -> FakeResponse:
        _, version = self._read_version()
        return FakeResponse(200, b"", {**self._object_headers(version), "Content-Length": str(version.size)})

    def get_object_meta(self) -> FakeResponse:
        _, version = self._read_version()
        headers = {"ETag": f'"{version.etag}"', "Content-Length": str(version.size),
                   "Last-Modified": http_date(version.last_modified)}
        return FakeResponse(200, b"", headers)

    def delete_object(self) -> FakeResponse:
        bucket = self.the_bucket()
        changed = self.backend.delete_object(bucket, self.key, self.params.get("versionId"))
        headers: dict[str, str] = {}
        if changed is not None and (changed.delete_marker or changed.version_id != "null"):
            headers["x-oss-version-id"] = changed.version_id
            if changed.delete_marker:
                headers["x-oss-delete-marker"] = "true"
        return FakeResponse(204, b"", headers)

    def delete_multiple_objects(self) -> FakeResponse:
        bucket = self.the_bucket()
        root = parse(self._checked_body(), "Delete")
        quiet = (text(root, "Quiet") or "false").lower() == "true"
        url_keys = self.params.get("encoding-type") == "url"
        deleted = []
        for item in root.findall("Object"):
            key, version_id = text(item, "Key") or "", text(item, "VersionId")
            changed = self.backend.delete_object(bucket, key, version_id)
            entry: list[tuple[str, object]] = [("Key", _encode_key(key) if url_keys else key)]
            if version_id:
                entry.append(("VersionId", version_id))
            if changed is not None and changed.delete_marker:
                entry += [("DeleteMarker", True), ("DeleteMarkerVersionId", changed.version_id)]
            deleted.append(("Deleted", entry))
        children = [] if quiet else deleted
        if url_keys:
            children = [("EncodingType", "url"), *children]
        return xml_response("DeleteResult", children)

    # -- multipart --------------------------------------------------------------------------------------------
    def initiate_multipart_upload(self) -> FakeResponse:
        bucket = self.the_bucket()
        upload = self.backend.initiate_upload(bucket, self.key, self.headers.get("content-type", ""),
                                              metadata_of(self.headers))
        return xml_response("InitiateMultipartUploadResult",
                            [("Bucket", bucket.id), ("Key", upload.key), ("UploadId", upload.upload_id)])

    def upload_part(self) -> FakeResponse:
        bucket = self.the_bucket()
        upload = self.backend.upload(bucket, self.key, self.params["uploadId"])
        try:
            number = int(self.params.get("partNumber", ""))
        except ValueError:
            raise InvalidArgument(detail="Part number must be an integer between 1 and 10000, inclusive.") from None
        part = self.backend.upload_part(upload, number, self._checked_body())
        return FakeResponse(200, b"", {"ETag": f'"{part.etag}"'})

    def complete_multipart_upload(self) -> FakeResponse:
        bucket = self.the_bucket()
        upload = self.backend.upload(bucket, self.key, self.params["uploadId"])
        if self.headers.get("x-oss-complete-all", "").lower() == "yes":
            listed = [(n, upload.parts[n].etag) for n in sorted(upload.parts)]
        else:
            root = parse(self.request.body, "CompleteMultipartUpload")
            listed = [(int(text(p, "PartNumber") or 0), text(p, "ETag") or "") for p in root.findall("Part")]
        version = self.backend.complete_upload(bucket, upload, listed)
        headers = {"x-oss-version-id": version.version_id} if version.version_id != "null" else {}
        return xml_response("CompleteMultipartUploadResult", [
            ("Location", f"http://{self.where.host}/{bucket.id}/{upload.key}"), ("Bucket", bucket.id),
            ("Key", upload.key), ("ETag", f'"{version.etag}"'),
        ], headers=headers)

    def abort_multipart_upload(self) -> FakeResponse:
        bucket = self.the_bucket()
        self.backend.abort_upload(bucket, self.backend.upload(bucket, self.key, self.params["uploadId"]))
        return FakeResponse(204)


def _encode_key(key: str) -> str:
    from urllib.parse import quote

    return quote(key, safe="")
