"""Rules a literal input can be judged by at preview, and the annotated types that apply them.

Reusable field types (`Annotated[str, AfterValidator(...)]`):

* `ResourceId`: an ID input (`vpc_id`, `file_system_id`, ...): not empty, not a resource's URN;
* `ZoneId`: a zone that exists and, when the provider's region is known (validation context
  ``{"region": ...}``), lies in that region (`zones.check_zone`);
* `name_type(...)` / `description_type(...)` / `Tags`: the Alibaba APIs' name, description and tag rules;
* `ImageRef`: a container image reference (``[host[:port]/]repo[:tag][@sha256:<64 hex>]``);
* `OssUri`: an ``oss://<bucket>[.<endpoint>]/<path>`` URI with a valid bucket name.

Messages name the field and the rule and show at most `SHOWN_LENGTH` characters of a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo

from .constants import MAX_USER_TAGS, RESERVED_TAG_PREFIX
from .failures import FIELD, shown
from .zones import check_zone

__all__ = [
    "Description",
    "Name",
    "ImageRef",
    "OssUri",
    "ResourceId",
    "BUCKET_NAME",
    "BUCKET_RULE",
    "Tags",
    "ZoneId",
    "check_bucket",
    "check_id",
    "check_image",
    "check_name",
    "check_oss_uri",
    "check_policy_buckets",
    "is_bucket_name",
    "policy_oss_buckets",
    "VpcId",
    "VSwitchId",
    "check_tags",
    "description_type",
    "name_type",
]

_HTTP_PREFIX = re.compile(r"^https?://", re.IGNORECASE)


def _what(info: ValidationInfo | None) -> str:
    return (info.field_name if info is not None and info.field_name else None) or FIELD


# --- IDs and zones ---------------------------------------------------------------------------------------


def check_id(value: str, info: ValidationInfo | None = None) -> str:
    """An ID input: not empty or blank, and not a resource's URN (which is what a component resource, or a
    resource handed to a provider that takes no references, arrives as)."""
    what = _what(info)
    if not value.strip():
        raise ValueError(f"{what} is empty: give the resource's ID (e.g. an `id` output)")
    if value.startswith("urn:pulumi:"):
        raise ValueError(f"{what} got a resource's URN, not an ID: pass the resource's `id` output")
    if value != value.strip():
        raise ValueError(f"{what} {shown(value)} has leading or trailing spaces")
    return value


def _zone(value: str, info: ValidationInfo) -> str:
    check_id(value, info)
    context = info.context if isinstance(info.context, Mapping) else {}
    return check_zone(value, context.get("region"))


ResourceId = Annotated[str, AfterValidator(check_id)]
ZoneId = Annotated[str, AfterValidator(_zone)]


def _prefixed(prefix: str, kind: str) -> Any:
    def check(value: str, info: ValidationInfo | None = None) -> str:
        check_id(value, info)
        if not value.startswith(prefix):
            raise ValueError(f"{_what(info)} {shown(value)} is not {kind} ({prefix}...)")
        return value

    return AfterValidator(check)


VpcId = Annotated[str, _prefixed("vpc-", "a VPC ID")]
VSwitchId = Annotated[str, _prefixed("vsw-", "a vSwitch ID")]


# --- names, descriptions, tags ---------------------------------------------------------------------------


def check_name(
    value: str | None, *, what: str, low: int = 1, high: int = 128, letter_first: bool = False,
    chars: str | None = None,
) -> str | None:
    """Name rules of the Alibaba APIs: length, no http(s):// prefix, optionally a leading letter and a
    character set (`chars`: allowed characters besides letters and digits)."""
    if value is None:
        return None
    if not low <= len(value) <= high:
        raise ValueError(f"{what} must be {low}-{high} characters (got {len(value)})")
    if _HTTP_PREFIX.match(value):
        raise ValueError(f"{what} may not start with http:// or https://")
    if letter_first and not value[0].isalpha():
        raise ValueError(f"{what} must start with a letter")
    if chars is not None:
        bad = sorted({ch for ch in value if not (ch.isalnum() or ch in chars)})
        if bad:
            allowed = " ".join(chars)
            raise ValueError(f"{what} may contain only letters, digits and {allowed} (not {''.join(bad)!r})")
    return value


def name_type(*, low: int = 1, high: int = 128, letter_first: bool = False, chars: str | None = None) -> Any:
    """`Annotated[str, ...]` applying `check_name` with these rules, reported under the field's name."""

    def rule(value: str, info: ValidationInfo) -> str:
        check_name(value, what=_what(info), low=low, high=high, letter_first=letter_first, chars=chars)
        return value

    return Annotated[str, AfterValidator(rule)]


def description_type(*, low: int = 1, high: int = 256) -> Any:
    """A description: `low`-`high` characters, not starting with http(s)://."""
    return name_type(low=low, high=high)


def check_tags(value: dict[str, str]) -> dict[str, str]:
    """User tags: at most 19 (one of the API's 20 is the provider's), keys 1-128 characters and not
    aliyun/acs:/http(s):// or the provider's prefix, values up to 128 characters. Returned sorted."""
    if len(value) > MAX_USER_TAGS:
        raise ValueError(f"at most {MAX_USER_TAGS} tags (one of the API's 20 is the provider's)")
    for key, tag_value in value.items():
        if not 1 <= len(key) <= 128:
            raise ValueError(f"tag key {shown(key)} must be 1-128 characters")
        if key.startswith(("aliyun", "acs:")) or _HTTP_PREFIX.match(key):
            raise ValueError(f"tag key {shown(key)} may not start with aliyun, acs:, http:// or https://")
        if key.startswith(RESERVED_TAG_PREFIX):
            raise ValueError(f"tag key {shown(key)}: the prefix {RESERVED_TAG_PREFIX} is reserved for the provider")
        if len(tag_value) > 128:
            raise ValueError(f"the value of tag {shown(key)} is longer than 128 characters")
    return dict(sorted(value.items()))


Tags = Annotated[dict[str, str], AfterValidator(check_tags)]
#: The common name and description rules (1-128 / 1-256 characters, no http(s):// prefix).
Name = name_type()
Description = description_type()


# --- OSS buckets -----------------------------------------------------------------------------------------

#: An OSS bucket name, as a regular expression to embed in others.
BUCKET_NAME = r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]"
_BUCKET = re.compile(rf"^{BUCKET_NAME}$")
BUCKET_RULE = (
    "OSS bucket names are 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit"
)


def is_bucket_name(name: str) -> bool:
    """Whether `name` is a valid OSS bucket name (see `BUCKET_RULE`)."""
    return _BUCKET.match(name) is not None


def check_bucket(bucket: str) -> str:
    """An OSS bucket name (3-63 characters: lowercase letters, digits, hyphens; letter or digit at both ends)."""
    if not is_bucket_name(bucket):
        raise ValueError(f"bucket {shown(bucket)}: {BUCKET_RULE}")
    return bucket


def check_oss_uri(uri: str) -> str:
    """``oss://<bucket>[.<endpoint>][/<path>]`` with a valid bucket name."""
    if not uri.startswith("oss://"):
        raise ValueError(f"OSS URIs look like oss://<bucket>.<endpoint>/<path>, got {shown(uri)}")
    host = uri.removeprefix("oss://").split("/", 1)[0]
    check_bucket(host.split(".", 1)[0])
    return uri


OssUri = Annotated[str, AfterValidator(check_oss_uri)]


def policy_oss_buckets(statements: list[Any]) -> Iterator[tuple[int, int | None, str, str]]:
    """(statement index, resource index or None when `Resource` is one string, ARN, bucket) of each OSS
    resource ARN (``acs:oss:*:*:<bucket>[/<object>]``) of a policy's statements whose bucket is a name, not a
    pattern (no ``*`` or ``?``). The bucket is as written, not validated."""
    for index, statement in enumerate(statements):
        resources = statement.get("Resource") if isinstance(statement, Mapping) else None
        for position, arn in enumerate([resources] if isinstance(resources, str) else resources or []):
            if not isinstance(arn, str) or not arn.startswith("acs:oss:"):
                continue
            parts = arn.split(":", 4)
            bucket = parts[4].split("/", 1)[0] if len(parts) == 5 else ""
            if "*" not in bucket and "?" not in bucket:
                yield index, position if isinstance(resources, list) else None, arn, bucket


def check_policy_buckets(statements: list[Any]) -> None:
    """Bucket names in a policy's OSS resource ARNs; names with wildcards are patterns and pass."""
    for index, _, arn, bucket in policy_oss_buckets(statements):
        if not is_bucket_name(bucket):
            raise ValueError(f"Statement[{index}].Resource {shown(arn)}: {BUCKET_RULE}")


# --- container images ------------------------------------------------------------------------------------

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
# A first component is a registry host only if it has a dot or a port, or is localhost (as docker reads it).
_HOST = rf"(?:localhost(?::[0-9]+)?|{_LABEL}(?:\.{_LABEL})+(?::[0-9]+)?|{_LABEL}:[0-9]+)"
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_IMAGE = re.compile(
    rf"^(?:{_HOST}/)?{_COMPONENT}(?:/{_COMPONENT})*"  # [host[:port]/]path
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"  # :tag
    r"(?:@sha256:[a-f0-9]{64})?$"  # @digest
)
IMAGE_RULE = "an image reference looks like registry.example.com/team/train:1.0 or repo@sha256:<64 hex digits>"


def check_image(reference: str) -> str:
    """A container image reference: ``[host[:port]/]path[:tag][@sha256:<digest>]`` (lowercase path)."""
    if len(reference) > 512 or not _IMAGE.match(reference):
        raise ValueError(f"{shown(reference)} is not a valid image reference: {IMAGE_RULE}")
    return reference


ImageRef = Annotated[str, AfterValidator(check_image)]
