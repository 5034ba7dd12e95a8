"""OSS buckets that a DlcJob's storage mounts or a RamPolicy's document name, checked to exist first.

PAI-DLC accepts a job whose OSS mount names a bucket that does not exist; the job then fails minutes later,
when its pods try to mount it. RAM accepts a policy on any bucket name; a typo there surfaces only when the
job is refused access. Asking OSS first (GetBucketInfo, one call per bucket) turns a typo into an error at
`pulumi up` that names the input. Only NoSuchBucket counts: a bucket these credentials may not read, or one
in another region, is left to the service. A bucket created in the same stack must be made first (the job
mounts its output; TrainingStack makes its policy depend on the bucket). Policy resources with wildcards
(`acs:oss:*:*:team-*`) name no one bucket and are not checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..clients import oss
from ..clients.session import Session
from ..errors import InvalidInput
from ..specs.checks import BUCKET_NAME, policy_oss_buckets

__all__ = ["bucket_of", "mounted_buckets", "policy_buckets", "require_buckets"]

_OSS_URI = re.compile(rf"oss://({BUCKET_NAME})(?:[./].*)?")


def bucket_of(uri: str) -> str | None:
    """The bucket of an `oss://<bucket>[.<endpoint>][/path]` URI, None for any other URI."""
    found = _OSS_URI.fullmatch(uri.strip())
    return found.group(1) if found else None


def mounted_buckets(mounts: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(input path, bucket) of each OSS storage mount of a DlcJob."""
    for n, mount in enumerate(mounts):
        bucket = bucket_of(str(mount.uri))
        if bucket is not None:
            yield f"storage_mounts[{n}].uri", bucket


def policy_buckets(document: str) -> Iterator[tuple[str, str]]:
    """(place in the document, bucket) of each OSS resource of a validated RAM policy document that names
    one bucket."""
    for n, k, arn, bucket in policy_oss_buckets(json.loads(document).get("Statement") or []):
        yield f"document Statement[{n}].Resource{'' if k is None else f'[{k}]'} ({arn})", bucket


def require_buckets(session: Session, named: Iterable[tuple[str, str]], *, before: str) -> None:
    """Raise `InvalidInput` for the first (input path, bucket) whose OSS bucket does not exist.

    `before` says what the check comes before and why, for the message."""
    checked: set[str] = set()
    for path, bucket in named:
        if bucket in checked:
            continue
        checked.add(bucket)
        missing = oss.missing_bucket(session, bucket)
        if missing is not None:
            raise InvalidInput(
                f"{path} names the OSS bucket {bucket!r}, which does not exist in this account (checked before "
                f"{before}): create it first (an OssBucket in the stack that this resource depends on, or the "
                "TrainingStack's checkpoint_bucket: new) or fix the name",
                code=missing.code, status=missing.status, request_id=missing.request_id, service="oss",
                action="GetBucketInfo",
            )
