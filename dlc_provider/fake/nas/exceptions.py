"""Errors of the fake NAS service: the documented codes, and the fake's choices where none is documented.

The table is errors.json next to this module. Choices (see README.md, "Storage, RAM and workspaces"):
`OperationDenied.DependencyViolation` for deleting a file system that still has mount targets or an access
group a mount target uses, `OperationDenied.DefaultAccessGroup` for changing the default group, the
`.AlreadyExisted` codes of access groups and rules, 404 for every `*.NotFound`.

Tags (TagResources, UntagResources, ListTagResources): documented in the NAS API reference (2017-06-26)
error tables of the three calls: MissingParameter.ResourceIds, NumberExceed.ResourceIds, Duplicate.ResourceId,
NumberExceed.Tags, Duplicate.TagKey, MissingParameter.ResourceIdOrTag and InvalidNextToken (all 400). The NAS
tables do not name codes for a wrong ResourceType, a malformed key or value, or too many tags on one file
system; the fake answers those with the codes Alibaba Cloud's shared tag service uses elsewhere
(InvalidParameter.ResourceType, InvalidParameter.TagKey, InvalidParameter.TagValue,
QuotaExceed.TagsPerResource), all 400 like the rest of the NAS tag errors.
"""

from __future__ import annotations

from ..core.errors import ErrorTable, FakeError

ERRORS = ErrorTable(__package__ or "", __name__)


def __getattr__(name: str) -> type[FakeError]:
    return ERRORS.module_getattr(name)
