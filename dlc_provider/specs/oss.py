"""Input specs of the OSS resources: `OssBucket` (name, storage class, ACL, versioning, server-side
encryption, lifecycle rules, tags, force_destroy) and `OssObject` (a small object from text or a file,
with its MD5 in the diff). Rules follow the OSS API reference so `check` refuses what OSS would."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from .checks import Tags, check_bucket
from .common import FieldRule, InputSpec
from .declare import TAGS_DESCRIPTION, Computed
from .failures import InputModel

__all__ = ["OssBucketSpec", "OssEncryption", "OssLifecycleRule", "OssObjectSpec", "content_md5"]

MAX_OBJECT_BYTES = 5 * 1024 * 1024 * 1024  # one PutObject


class OssEncryption(InputModel):
    """Server-side encryption of new objects (PutBucketEncryption)."""

    sse_algorithm: Literal["AES256", "KMS", "SM4"] = Field(description="AES256 (OSS-managed keys), KMS or SM4.")
    kms_master_key_id: str | None = Field(default=None, min_length=1, description="KMS key ID (KMS only; unset: the "
                                          "OSS-managed KMS key).")

    @model_validator(mode="after")
    def _kms(self) -> Any:
        if self.kms_master_key_id is not None and self.sse_algorithm != "KMS":
            raise FieldRule("kms_master_key_id", "kms_master_key_id is only used with sse_algorithm KMS", nested=True)
        return self


class OssLifecycleRule(InputModel):
    """One lifecycle rule: objects under `prefix` expire `expiration_days` after their last change."""

    id: str = Field(min_length=1, max_length=255, description="The rule's ID, unique in the bucket.")
    prefix: str = Field(default="", max_length=1023, description="Objects whose key starts with this; '' = all.")
    enabled: bool = Field(default=True, description="Whether the rule runs.")
    expiration_days: int = Field(ge=1, le=36500, description="Days after an object's last change when it expires.")


class OssBucketSpec(InputSpec):
    """Inputs of an `OssBucket`. Its ID is the bucket name."""

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("name", "storage_class")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = (
        "acl", "versioning", "server_side_encryption", "lifecycle_rules", "tags", "force_destroy",
    )
    DEFAULT_TIMEOUTS: ClassVar[dict[str, float]] = {"create": 120.0, "update": 120.0, "delete": 600.0}
    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Available while the bucket exists."),
        "location": Computed("str", "oss-<region>, the bucket's region as OSS names it."),
        "extranet_endpoint": Computed("str", "Public endpoint: oss-<region>.aliyuncs.com."),
        "intranet_endpoint": Computed("str", "Endpoint inside the region's VPCs: oss-<region>-internal.aliyuncs.com."),
        "creation_date": Computed("str", "When the bucket was created (UTC, ISO 8601)."),
        "uri": Computed("str", "oss://<name>/, the form DLC storage mounts and datasets take."),
    }

    name: str = Field(description="The bucket name: global across every account, 3-63 lowercase letters, digits and "
                                  "hyphens, a letter or digit at both ends.")
    storage_class: Literal["Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"] = Field(
        default="Standard", description="Standard (default), IA, Archive, ColdArchive or DeepColdArchive.")
    acl: Literal["private", "public-read", "public-read-write"] | None = Field(
        default=None, description="private, public-read or public-read-write. Unset: not managed (new: private).")
    versioning: Literal["Enabled", "Suspended"] | None = Field(
        default=None, description="Enabled keeps every version; Suspended stops that (a versioned bucket never goes "
                                  "back to unversioned). Unset: not managed.")
    server_side_encryption: OssEncryption | None = Field(
        default=None, description="Default encryption of new objects. Unset: not managed.")
    lifecycle_rules: list[OssLifecycleRule] | None = Field(
        default=None, description="Expiration rules (e.g. checkpoints after 30 days), at most 1000. Unset: not "
                                  "managed; [] removes all.")
    tags: Tags | None = Field(default=None, description=TAGS_DESCRIPTION)
    force_destroy: bool = Field(
        default=False, description="Delete every object (all versions) and unfinished upload with the bucket. False: "
                                   "a bucket that still holds objects refuses to be deleted. No cloud call.")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_bucket(value)

    @field_validator("lifecycle_rules")
    @classmethod
    def _rules(cls, value: list[OssLifecycleRule] | None) -> list[OssLifecycleRule] | None:
        if value is None:
            return None
        if len(value) > 1000:
            raise ValueError("at most 1000 lifecycle rules")
        ids = [rule.id for rule in value]
        if len(set(ids)) != len(ids):
            raise ValueError("lifecycle rule IDs must be unique")
        return value


def content_md5(data: bytes) -> str:
    """The upper-case hex MD5 OSS reports as a simple object's ETag."""
    return hashlib.md5(data).hexdigest().upper()  # noqa: S324 - the ETag is MD5 by definition


class OssObjectSpec(InputSpec):
    """Inputs of an `OssObject` (small files: a training script, a config). Its ID is `<bucket>/<key>`."""

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ("bucket", "key")
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ("content", "source", "content_type", "content_md5")
    DEFAULT_TIMEOUTS: ClassVar[dict[str, float]] = {"create": 120.0, "update": 120.0, "delete": 120.0}
    COMPUTED: ClassVar[dict[str, Computed]] = {
        "status": Computed("str", "Available while the object exists."),
        "size": Computed("int", "Bytes."),
        "uri": Computed("str", "oss://<bucket>/<key>."),
        "version_id": Computed("str | None", "The version the last upload made (versioned buckets)."),
    }

    bucket: str = Field(description="The bucket (an OssBucket's name).")
    key: str = Field(min_length=1, max_length=1023, description="The object key, e.g. code/train.py (not starting with /).")
    content: str | None = Field(default=None, description="The object's text (UTF-8). Give this or source.")
    source: str | None = Field(default=None, description="A local file to upload (read at every preview). Give this "
                                                         "or content.")
    content_type: str | None = Field(default=None, description="Content-Type. Unset: application/octet-stream.")
    content_md5: str | None = Field(
        default=None, description="Set by check: the MD5 of content or of the file, so a changed file is a diff, and "
                                  "an object changed outside Pulumi shows after a refresh. Never set it yourself.")

    @field_validator("bucket")
    @classmethod
    def _bucket(cls, value: str) -> str:
        return check_bucket(value)

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if value.startswith(("/", "\\")) or len(value.encode("utf-8")) > 1023:
            raise ValueError("an object key is 1-1023 bytes of UTF-8 and does not start with / or \\")
        return value

    @model_validator(mode="after")
    def _one_source(self) -> Any:
        if (self.content is None) == (self.source is None):
            raise FieldRule("content", "give exactly one of content and source")
        data = self.data()
        if len(data) > MAX_OBJECT_BYTES:
            raise FieldRule("source", "larger than 5 GiB: upload it with the SDK's multipart uploader instead")
        self.content_md5 = content_md5(data)
        return self

    def data(self) -> bytes:
        """The bytes to upload (the file is read now)."""
        if self.content is not None:
            return self.content.encode("utf-8")
        path = Path(str(self.source)).expanduser()
        try:
            return path.read_bytes()
        except OSError as exc:
            raise FieldRule("source", f"cannot read {path}: {exc.strerror}") from None

    def md5_base64(self) -> str:
        return base64.b64encode(bytes.fromhex(self.content_md5 or content_md5(self.data()))).decode()
