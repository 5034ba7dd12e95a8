"""OSS buckets a DlcJob's storage mounts name, checked to exist before CreateJob is sent.

PAI-DLC accepts a job whose OSS mount names a bucket that does not exist; the job then fails minutes later,
when its pods try to mount it. Asking OSS first (GetBucketInfo, one call per bucket) turns a typo into an
error at `pulumi up` that names the input. Only NoSuchBucket counts: a bucket these credentials may not
read, or one in another region, is left to the service. A bucket created in the same stack exists by
then (the job depends on its output).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..clients import oss
from ..clients.session import Session
from ..errors import InvalidInput

__all__ = ["bucket_of", "require_buckets"]

_OSS_URI = re.compile(r"oss://([a-z0-9][a-z0-9-]{1,61}[a-z0-9])(?:[./].*)?")


def bucket_of(uri: str) -> str | None:
    """The bucket of an `oss://<bucket>[.<endpoint>][/path]` URI, None for any other URI."""
    found = _OSS_URI.fullmatch(uri.strip())
    return found.group(1) if found else None


def require_buckets(session: Session, named: Iterable[tuple[str, str]]) -> None:
    """Raise `InvalidInput` for the first (input path, URI) whose OSS bucket does not exist."""
    checked: set[str] = set()
    for path, uri in named:
        bucket = bucket_of(uri)
        if bucket is None or bucket in checked:
            continue
        checked.add(bucket)
        missing = oss.missing_bucket(session, bucket)
        if missing is not None:
            raise InvalidInput(
                f"{path} names the OSS bucket {bucket!r}, which does not exist in this account (checked before "
                "submitting the job, whose pods could not mount it): create it (an OssBucket in the stack, or "
                "the TrainingStack's checkpoint_bucket: new) or fix the name",
                code=missing.code, status=missing.status, request_id=missing.request_id, service="oss",
                action="GetBucketInfo",
            )
