"""Bucket operations of the fake OSS: create, info, location, delete, and the bucket's settings (ACL, tags,
lifecycle rules, versioning, server-side encryption, policy). A mixin of `responses.OssResponses`."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl
from typing import TYPE_CHECKING, Any

from ..core.wire import FakeResponse
from .exceptions import (
    InvalidArgument,
    InvalidPolicyDocument,
    MalformedXML,
    NoSuchBucketPolicy,
    NoSuchLifecycle,
    NoSuchServerSideEncryptionRule,
    NoSuchTagSet,
)
from .models import ACLS
from .xmlio import XML_CONTENT_TYPE, iso_time, owner, parse, render, text, xml_response

if TYPE_CHECKING:
    from .models import Bucket

SSE_ALGORITHMS = ("AES256", "KMS", "SM4")
MAX_TAGS = 20


def endpoint_nodes(bucket: Bucket) -> list[tuple[str, Any]]:
    return [
        ("ExtranetEndpoint", f"oss-{bucket.region}.aliyuncs.com"),
        ("IntranetEndpoint", f"oss-{bucket.region}-internal.aliyuncs.com"),
        ("Location", f"oss-{bucket.region}"),
    ]


class BucketConfigResponses:
    # Provided by OssResponses.
    backend: Any
    request: Any
    where: Any
    params: dict[str, str]
    headers: Any

    def the_bucket(self, *, anonymous_read: bool = False) -> Bucket: ...  # type: ignore[empty-body]

    def owner_account(self) -> str: ...  # type: ignore[empty-body]

    # -- the bucket -----------------------------------------------------------------------------------------
    def put_bucket(self) -> FakeResponse:
        storage_class = "Standard"
        if self.request.body.strip():
            root = parse(self.request.body, "CreateBucketConfiguration")
            storage_class = text(root, "StorageClass") or "Standard"
        # x-oss-bucket-tagging: tags set with the bucket, `k1=v1&k2=v2` (URL-encoded).
        tags = dict(parse_qsl(self.headers.get("x-oss-bucket-tagging", ""), keep_blank_values=True))
        self._check_tags(tags)
        bucket = self.backend.put_bucket(self.owner_account(), self.where.region, self.where.bucket, storage_class,
                                         self.headers.get("x-oss-acl", "private"))
        bucket.tags = tags
        return FakeResponse(200, b"", {"Location": f"/{self.where.bucket}"})

    def get_bucket_info(self) -> FakeResponse:
        bucket = self.the_bucket()
        encryption = None
        if bucket.encryption:
            encryption = [("SSEAlgorithm", bucket.encryption["SSEAlgorithm"]),
                          ("KMSMasterKeyID", bucket.encryption.get("KMSMasterKeyID"))]
        return xml_response("BucketInfo", [("Bucket", [
            ("AccessMonitor", "Disabled"), ("CreationDate", iso_time(bucket.created_at)), *endpoint_nodes(bucket),
            ("StorageClass", bucket.storage_class), ("TransferAcceleration", "Disabled"),
            ("CrossRegionReplication", "Disabled"), ("Name", bucket.id), ("Region", bucket.region),
            ("ResourceGroupId", f"rg-acfm{bucket.owner[-8:]}"), ("DataRedundancyType", "LRS"),
            ("Owner", owner(bucket.owner)[::-1]), ("AccessControlList", [("Grant", bucket.acl)]),
            ("Comment", ""), ("Versioning", bucket.versioning or None),
            ("ServerSideEncryptionRule", encryption or [("SSEAlgorithm", "None")]),
            ("BucketPolicy", [("LogBucket", ""), ("LogPrefix", "")]),
        ])])

    def get_bucket_location(self) -> FakeResponse:
        body = render("LocationConstraint", []).replace(
            b"<LocationConstraint />", f"<LocationConstraint>oss-{self.the_bucket().region}</LocationConstraint>".encode()
        )
        return FakeResponse(200, body, {"Content-Type": XML_CONTENT_TYPE})

    def delete_bucket(self) -> FakeResponse:
        self.backend.delete_bucket(self.the_bucket())
        return FakeResponse(204)

    # -- ACL ---------------------------------------------------------------------------------------------------
    def put_bucket_acl(self) -> FakeResponse:
        bucket = self.the_bucket()
        acl = self.headers.get("x-oss-acl", "")
        if acl not in ACLS:
            raise InvalidArgument(detail=f"no such bucket access control exists: {acl!r}")
        bucket.acl = acl
        return FakeResponse(200)

    def get_bucket_acl(self) -> FakeResponse:
        bucket = self.the_bucket()
        return xml_response("AccessControlPolicy", [("Owner", owner(bucket.owner)),
                                                    ("AccessControlList", [("Grant", bucket.acl)])])

    # -- tags --------------------------------------------------------------------------------------------------
    def put_bucket_tags(self) -> FakeResponse:
        bucket = self.the_bucket()
        root = parse(self.request.body, "Tagging")
        pairs = [(text(tag, "Key") or "", text(tag, "Value") or "") for tag in root.findall("TagSet/Tag")]
        if len({k for k, _ in pairs}) != len(pairs):
            raise InvalidArgument(detail="tag keys must be unique")
        bucket.tags = self._check_tags(dict(pairs))
        return FakeResponse(200)

    @staticmethod
    def _check_tags(tags: dict[str, str]) -> dict[str, str]:
        for key, value in tags.items():
            if not 1 <= len(key) <= 64 or len(value) > 128:
                raise InvalidArgument(detail=f"invalid tag {key!r}: keys 1-64 characters, values up to 128")
        if len(tags) > MAX_TAGS:
            raise InvalidArgument(detail=f"a bucket has at most {MAX_TAGS} tags")
        return tags

    def get_bucket_tags(self) -> FakeResponse:
        bucket = self.the_bucket()
        if not bucket.tags:
            raise NoSuchTagSet()
        items = [("Tag", [("Key", k), ("Value", v)]) for k, v in sorted(bucket.tags.items())]
        return xml_response("Tagging", [("TagSet", items)])

    def delete_bucket_tags(self) -> FakeResponse:
        bucket = self.the_bucket()
        only = [k for k in (self.params.get("tagging") or "").split(",") if k]
        bucket.tags = {k: v for k, v in bucket.tags.items() if only and k not in only}
        return FakeResponse(204)

    # -- lifecycle -----------------------------------------------------------------------------------------------
    def put_bucket_lifecycle(self) -> FakeResponse:
        bucket = self.the_bucket()
        root = parse(self.request.body, "LifecycleConfiguration")
        rules, ids = [], set()
        for rule in root.findall("Rule"):
            rule_id = text(rule, "ID") or f"rule{len(rules) + 1}"
            status = text(rule, "Status")
            prefix = text(rule, "Prefix") or text(rule, "Filter/Prefix") or ""
            days = text(rule, "Expiration/Days")
            if status not in ("Enabled", "Disabled") or rule_id in ids or len(rule_id) > 255:
                raise MalformedXML()
            if days is not None and (not days.isdigit() or int(days) < 1):
                raise InvalidArgument(detail="Expiration Days must be a positive integer.")
            ids.add(rule_id)
            rules.append({"ID": rule_id, "Prefix": prefix, "Status": status, "Days": int(days) if days else None})
        if not rules or len(rules) > 1000:
            raise MalformedXML()
        bucket.lifecycle, bucket.lifecycle_xml = rules, self.request.body.decode("utf-8")
        return FakeResponse(200)

    def get_bucket_lifecycle(self) -> FakeResponse:
        bucket = self.the_bucket()
        if not bucket.lifecycle_xml:
            raise NoSuchLifecycle()
        return FakeResponse(200, bucket.lifecycle_xml.encode("utf-8"), {"Content-Type": "application/xml"})

    def delete_bucket_lifecycle(self) -> FakeResponse:
        bucket = self.the_bucket()
        bucket.lifecycle = bucket.lifecycle_xml = None
        return FakeResponse(204)

    # -- versioning ------------------------------------------------------------------------------------------------
    def put_bucket_versioning(self) -> FakeResponse:
        bucket = self.the_bucket()
        status = text(parse(self.request.body, "VersioningConfiguration"), "Status")
        if status not in ("Enabled", "Suspended"):
            raise MalformedXML()
        bucket.versioning = status
        return FakeResponse(200)

    def get_bucket_versioning(self) -> FakeResponse:
        bucket = self.the_bucket()
        return xml_response("VersioningConfiguration", [("Status", bucket.versioning or None)])

    # -- encryption --------------------------------------------------------------------------------------------
    def put_bucket_encryption(self) -> FakeResponse:
        bucket = self.the_bucket()
        root = parse(self.request.body, "ServerSideEncryptionRule")
        algorithm = text(root, "ApplyServerSideEncryptionByDefault/SSEAlgorithm")
        key_id = text(root, "ApplyServerSideEncryptionByDefault/KMSMasterKeyID") or None
        if algorithm not in SSE_ALGORITHMS:
            raise InvalidArgument(detail=f"SSEAlgorithm must be one of {', '.join(SSE_ALGORITHMS)}")
        if key_id and algorithm != "KMS":
            raise InvalidArgument(detail="KMSMasterKeyID is only allowed with SSEAlgorithm KMS")
        bucket.encryption = {"SSEAlgorithm": algorithm, **({"KMSMasterKeyID": key_id} if key_id else {})}
        return FakeResponse(200)

    def get_bucket_encryption(self) -> FakeResponse:
        bucket = self.the_bucket()
        if not bucket.encryption:
            raise NoSuchServerSideEncryptionRule()
        rule = [("SSEAlgorithm", bucket.encryption["SSEAlgorithm"]),
                ("KMSMasterKeyID", bucket.encryption.get("KMSMasterKeyID", ""))]
        return xml_response("ServerSideEncryptionRule", [("ApplyServerSideEncryptionByDefault", rule)])

    def delete_bucket_encryption(self) -> FakeResponse:
        self.the_bucket().encryption = None
        return FakeResponse(204)

    # -- policy ----------------------------------------------------------------------------------------------------
    def put_bucket_policy(self) -> FakeResponse:
        bucket = self.the_bucket()
        try:
            document = json.loads(self.request.body or b"")
        except ValueError:
            raise InvalidPolicyDocument(detail="The policy is not valid JSON.") from None
        if not isinstance(document, dict) or not isinstance(document.get("Statement"), list) or not document["Statement"]:
            raise InvalidPolicyDocument(detail="The policy needs a non-empty Statement list.")
        bucket.policy = self.request.body.decode("utf-8")
        return FakeResponse(200)

    def get_bucket_policy(self) -> FakeResponse:
        bucket = self.the_bucket()
        if not bucket.policy:
            raise NoSuchBucketPolicy()
        return FakeResponse(200, bucket.policy.encode("utf-8"), {"Content-Type": "application/json"})

    def delete_bucket_policy(self) -> FakeResponse:
        self.the_bucket().policy = None
        return FakeResponse(204)
