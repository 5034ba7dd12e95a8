"""Tags of file systems (ResourceType `filesystem` only) through the shared tagging service, with NAS's codes.

The tags live on the file system (`FileSystem.tags`, the same list CreateFileSystem fills and DescribeFileSystems
shows and filters by). At most 20 per file system, whatever call put them there. UntagResources with no keys
and All=false (the default) removes nothing and still succeeds (documented).
"""

from __future__ import annotations

from ...core.errors import FakeError
from ...core.tagging import MAX_TAG_RESOURCE_IDS, MAX_TAGS, TaggedResource, TaggingService, Tags
from .. import rules
from ..exceptions import (
    DuplicateResourceId,
    DuplicateTagKey,
    InvalidTagKey,
    InvalidTagResourceType,
    MissingResourceIdOrTag,
    MissingResourceIds,
    TagsPerResourceExceeded,
    TooManyResourceIds,
    TooManyTags,
)
from .file_systems import FileSystemsMixin


class TagsMixin(FileSystemsMixin, TaggingService):
    tag_kinds = {rules.TAG_RESOURCE_TYPE: "file_systems"}
    tag_type_error = InvalidTagResourceType

    @staticmethod
    def _check_tag_count(count: int) -> None:
        if count > MAX_TAGS:
            raise TooManyTags()

    @staticmethod
    def _check_unique_keys(keys: list[str]) -> None:
        if len(set(keys)) != len(keys):
            raise DuplicateTagKey()

    def _check_resource_ids(self, resource_ids: list[str], *, required: bool) -> None:
        if required and not resource_ids:
            raise MissingResourceIds()
        if len(resource_ids) > MAX_TAG_RESOURCE_IDS:
            raise TooManyResourceIds()
        if len(set(resource_ids)) != len(resource_ids):
            raise DuplicateResourceId()

    def _check_tags(self, tags: Tags) -> Tags:
        self._check_tag_count(len(tags))
        tags = rules.check_tag_pairs(tags)
        self._check_unique_keys([t["Key"] for t in tags])
        return tags

    def _check_untag_keys(self, keys: list[str], remove_all: bool) -> None:
        self._check_tag_count(len(keys))

    def _check_tag_filters(self, resource_ids: list[str], tags: Tags) -> None:
        if not resource_ids and not tags:
            raise MissingResourceIdOrTag()
        self._check_resource_ids(resource_ids, required=False)
        self._check_tag_count(len(tags))
        keys = [t.get("Key", "") for t in tags]
        if not all(keys):
            raise InvalidTagKey()
        self._check_unique_keys(keys)

    def _tag_target(self, kind: str, resource_id: str) -> TaggedResource:
        return self.get_file_system(resource_id)

    def _too_many_tags(self, resource: TaggedResource, count: int) -> FakeError:
        return TagsPerResourceExceeded(file_system_id=resource.id, count=count)
