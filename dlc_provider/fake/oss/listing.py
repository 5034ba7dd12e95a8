"""Listings of the fake OSS: buckets, objects (V1 with markers, V2 with continuation tokens), object
versions, multipart uploads and parts; common prefixes with a delimiter, `encoding-type=url`. A mixin of
`responses.OssResponses`."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..core.wire import FakeResponse
from .bucket_config import endpoint_nodes
from .exceptions import InvalidArgument
from .xmlio import iso_time, owner, xml_response

if TYPE_CHECKING:
    from .models import Bucket, ObjectVersion

Node = tuple[str, Any]


def _max(params: dict[str, str], name: str, default: int = 100, high: int = 1000) -> int:
    value = params.get(name, str(default)) or str(default)
    if not value.isdigit() or not 1 <= int(value) <= high:
        raise InvalidArgument(detail=f"{name} must be an integer from 1 to {high}.")
    return int(value)


class ListingResponses:
    backend: Any
    where: Any
    params: dict[str, str]

    def the_bucket(self, *, anonymous_read: bool = False) -> Bucket: ...  # type: ignore[empty-body]

    def owner_account(self) -> str: ...  # type: ignore[empty-body]

    def _name(self, value: str) -> str:
        return quote(value, safe="") if self.params.get("encoding-type") == "url" else value

    def _page(self, keys: list[str], after: str, limit: int) -> tuple[list[str], list[str], bool, str]:
        """Keys and common prefixes after `after`, at most `limit` of both; truncated?, the last one."""
        prefix, delimiter = self.params.get("prefix", ""), self.params.get("delimiter", "")
        contents: list[str] = []
        prefixes: list[str] = []
        last = ""
        for key in keys:
            if key <= after or not key.startswith(prefix):
                continue
            if delimiter and delimiter in key[len(prefix):]:
                common = key[: len(prefix) + key[len(prefix):].index(delimiter) + len(delimiter)]
                if common in prefixes or common <= after:
                    continue
                if len(contents) + len(prefixes) == limit:
                    return contents, prefixes, True, last
                prefixes.append(common)
                last = common
                continue
            if len(contents) + len(prefixes) == limit:
                return contents, prefixes, True, last
            contents.append(key)
            last = key
        return contents, prefixes, False, last

    def _content(self, key: str, version: ObjectVersion, bucket: Bucket, with_owner: bool = True) -> Node:
        nodes: list[Node] = [
            ("Key", self._name(key)), ("LastModified", iso_time(version.last_modified)), ("ETag", f'"{version.etag}"'),
            ("Type", "Multipart" if version.multipart else "Normal"), ("Size", version.size),
            ("StorageClass", version.storage_class),
        ]
        if with_owner:
            nodes.append(("Owner", owner(bucket.owner)))
        return ("Contents", nodes)

    def list_buckets(self) -> FakeResponse:
        account = self.owner_account()
        prefix, marker = self.params.get("prefix", ""), self.params.get("marker", "")
        limit = _max(self.params, "max-keys")
        found = [b for b in self.backend.buckets_of(account) if b.id.startswith(prefix) and b.id > marker]
        page, truncated = found[:limit], len(found) > limit
        items = [("Bucket", [("CreationDate", iso_time(b.created_at)), *endpoint_nodes(b), ("Name", b.id),
                             ("Region", b.region), ("StorageClass", b.storage_class)]) for b in page]
        return xml_response("ListAllMyBucketsResult", [
            ("Prefix", prefix), ("Marker", marker), ("MaxKeys", limit), ("IsTruncated", truncated),
            ("NextMarker", page[-1].id if truncated else None), ("Owner", owner(account)), ("Buckets", items),
        ])

    def list_objects(self) -> FakeResponse:
        bucket = self.the_bucket(anonymous_read=True)
        limit, marker = _max(self.params, "max-keys"), self.params.get("marker", "")
        keys, prefixes, truncated, last = self._page(self.backend.live_keys(bucket), marker, limit)
        return xml_response("ListBucketResult", [
            ("Name", bucket.id), ("Prefix", self._name(self.params.get("prefix", ""))), ("Marker", self._name(marker)),
            ("MaxKeys", limit), ("Delimiter", self._name(self.params.get("delimiter", ""))),
            ("EncodingType", self.params.get("encoding-type")), ("IsTruncated", truncated),
            ("NextMarker", self._name(last) if truncated else None),
            *[self._content(k, bucket.latest(k), bucket) for k in keys],
            *[("CommonPrefixes", [("Prefix", self._name(p))]) for p in prefixes],
        ])

    def list_objects_v2(self) -> FakeResponse:
        bucket = self.the_bucket(anonymous_read=True)
        limit = _max(self.params, "max-keys")
        token = self.params.get("continuation-token")
        after = base64.urlsafe_b64decode(token.encode()).decode() if token else self.params.get("start-after", "")
        keys, prefixes, truncated, last = self._page(self.backend.live_keys(bucket), after, limit)
        with_owner = self.params.get("fetch-owner", "").lower() == "true"
        return xml_response("ListBucketResult", [
            ("Name", bucket.id), ("Prefix", self._name(self.params.get("prefix", ""))),
            ("StartAfter", self._name(self.params["start-after"]) if "start-after" in self.params else None),
            ("ContinuationToken", token), ("MaxKeys", limit), ("Delimiter", self._name(self.params.get("delimiter", ""))),
            ("EncodingType", self.params.get("encoding-type")), ("IsTruncated", truncated),
            ("NextContinuationToken", base64.urlsafe_b64encode(last.encode()).decode() if truncated else None),
            ("KeyCount", len(keys) + len(prefixes)),
            *[self._content(k, bucket.latest(k), bucket, with_owner) for k in keys],
            *[("CommonPrefixes", [("Prefix", self._name(p))]) for p in prefixes],
        ])

    def list_object_versions(self) -> FakeResponse:
        bucket = self.the_bucket()
        limit = _max(self.params, "max-keys")
        key_marker, version_marker = self.params.get("key-marker", ""), self.params.get("version-id-marker", "")
        prefix = self.params.get("prefix", "")
        rows = [(k, v, i == len(vs) - 1) for k in sorted(bucket.objects) if k.startswith(prefix)
                for vs in [bucket.objects[k]] for i, v in reversed(list(enumerate(vs)))]
        if key_marker:
            position = next((i + 1 for i, (k, v, _) in enumerate(rows)
                             if k == key_marker and v.version_id == version_marker), None)
            rows = rows[position:] if position is not None else [r for r in rows if r[0] > key_marker]
        page, truncated = rows[:limit], len(rows) > limit
        items: list[Node] = []
        for key, version, latest in page:
            base: list[Node] = [("Key", self._name(key)), ("VersionId", version.version_id), ("IsLatest", latest),
                                ("LastModified", iso_time(version.last_modified))]
            if version.delete_marker:
                items.append(("DeleteMarker", [*base, ("Owner", owner(bucket.owner))]))
            else:
                items.append(("Version", [*base, ("ETag", f'"{version.etag}"'),
                                          ("Type", "Multipart" if version.multipart else "Normal"),
                                          ("Size", version.size), ("StorageClass", version.storage_class),
                                          ("Owner", owner(bucket.owner))]))
        return xml_response("ListVersionsResult", [
            ("Name", bucket.id), ("Prefix", self._name(prefix)), ("KeyMarker", self._name(key_marker)),
            ("VersionIdMarker", version_marker), ("MaxKeys", limit), ("Delimiter", ""),
            ("EncodingType", self.params.get("encoding-type")), ("IsTruncated", truncated),
            ("NextKeyMarker", self._name(page[-1][0]) if truncated else None),
            ("NextVersionIdMarker", page[-1][1].version_id if truncated else None), *items,
        ])

    def list_multipart_uploads(self) -> FakeResponse:
        bucket = self.the_bucket()
        limit = _max(self.params, "max-uploads")
        prefix = self.params.get("prefix", "")
        uploads = sorted((u for u in bucket.uploads.values() if u.key.startswith(prefix)),
                         key=lambda u: (u.key, u.upload_id))
        page, truncated = uploads[:limit], len(uploads) > limit
        return xml_response("ListMultipartUploadsResult", [
            ("Bucket", bucket.id), ("KeyMarker", ""), ("UploadIdMarker", ""),
            ("NextKeyMarker", self._name(page[-1].key) if truncated else ""),
            ("NextUploadIdMarker", page[-1].upload_id if truncated else ""), ("Delimiter", ""),
            ("Prefix", self._name(prefix)), ("MaxUploads", limit), ("IsTruncated", truncated),
            *[("Upload", [("Key", self._name(u.key)), ("UploadId", u.upload_id),
                          ("Initiated", iso_time(u.initiated))]) for u in page],
        ])

    def list_parts(self) -> FakeResponse:
        bucket = self.the_bucket()
        upload = self.backend.upload(bucket, self.where.key, self.params["uploadId"])
        limit = _max(self.params, "max-parts")
        marker = int(self.params.get("part-number-marker") or 0)
        parts = [upload.parts[n] for n in sorted(upload.parts) if n > marker]
        page, truncated = parts[:limit], len(parts) > limit
        return xml_response("ListPartsResult", [
            ("Bucket", bucket.id), ("Key", upload.key), ("UploadId", upload.upload_id),
            ("PartNumberMarker", marker), ("NextPartNumberMarker", page[-1].number if page else marker),
            ("MaxParts", limit), ("IsTruncated", truncated),
            *[("Part", [("PartNumber", p.number), ("LastModified", iso_time(p.last_modified)),
                        ("ETag", f'"{p.etag}"'), ("Size", p.size)]) for p in page],
        ])
