"""Tags of file systems: TagResources, UntagResources, ListTagResources (ResourceType `filesystem` only).

The tags live on the file system (`FileSystem.tags`, the same list CreateFileSystem fills and DescribeFileSystems
shows and filters by). At most 20 per file system, whatever call put them there.
"""

from __future__ import annotations

from ...core.errors import MissingParameter
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
from .resources import FileSystem


class TagsMixin(FileSystemsMixin):
    @staticmethod
    def _check_tag_resource_type(resource_type: str) -> None:
        # The documented value is `filesystem` (the SDK and the console send it in lower case).
        if resource_type.lower() != rules.TAG_RESOURCE_TYPE:
            raise InvalidTagResourceType()

    @staticmethod
    def _check_resource_ids(resource_ids: list[str], *, required: bool) -> None:
        if required and not resource_ids:
            raise MissingResourceIds()
        if len(resource_ids) > rules.MAX_TAG_RESOURCE_IDS:
            raise TooManyResourceIds()
        if len(set(resource_ids)) != len(resource_ids):
            raise DuplicateResourceId()

    @staticmethod
    def _check_tag_count(count: int) -> None:
        if count > rules.MAX_TAGS:
            raise TooManyTags()

    def _tag_targets(self, resource_type: str, resource_ids: list[str]) -> list[FileSystem]:
        self._check_tag_resource_type(resource_type)
        self._check_resource_ids(resource_ids, required=True)
        return [self.get_file_system(resource_id) for resource_id in resource_ids]

    def tag_resources(self, *, resource_type: str, resource_ids: list[str], tags: list[dict[str, str]]) -> None:
        """Add tags (a key already there gets the new value); all or nothing over the file systems given."""
        self._check_tag_resource_type(resource_type)
        self._check_resource_ids(resource_ids, required=True)
        if not tags:
            raise MissingParameter(name="Tag.1.Key")
        self._check_tag_count(len(tags))
        tags = rules.check_tag_pairs(tags)
        if len({t["Key"] for t in tags}) != len(tags):
            raise DuplicateTagKey()
        targets = [self.get_file_system(resource_id) for resource_id in resource_ids]
        merged = [rules.merge_tags(target.tags, tags) for target in targets]
        for target, result in zip(targets, merged, strict=True):
            if len(result) > rules.MAX_TAGS:
                raise TagsPerResourceExceeded(file_system_id=target.id, count=len(result))
        for target, result in zip(targets, merged, strict=True):
            target.tags = result

    def untag_resources(
        self, *, resource_type: str, resource_ids: list[str], keys: list[str], remove_all: bool
    ) -> None:
        """Remove the keys given (absent ones are fine); with no keys, All=true removes every tag and
        All=false (the default) removes none and still succeeds (documented)."""
        targets = self._tag_targets(resource_type, resource_ids)
        self._check_tag_count(len(keys))
        for target in targets:
            if keys:
                target.tags = [t for t in target.tags if t["Key"] not in keys]
            elif remove_all:
                target.tags = []

    def list_tag_resources(
        self, *, resource_type: str, resource_ids: list[str], tags: list[dict[str, str]]
    ) -> list[dict[str, str]]:
        """One row per tag of each file system that is among the IDs given (if any) and carries every tag
        filter (a filter with a key alone matches any value). Unknown IDs match nothing (as in
        DescribeFileSystems) rather than failing: the NAS reference documents no not-found error here."""
        self._check_tag_resource_type(resource_type)
        if not resource_ids and not tags:
            raise MissingResourceIdOrTag()
        self._check_resource_ids(resource_ids, required=False)
        self._check_tag_count(len(tags))
        keys = [t.get("Key", "") for t in tags]
        if not all(keys):
            raise InvalidTagKey()
        if len(set(keys)) != len(keys):
            raise DuplicateTagKey()
        found: list[dict[str, str]] = []
        for item in self.all_visible("file_systems"):
            if resource_ids and item.id not in resource_ids:
                continue
            if not rules.matches_tags(item.tags, tags):
                continue
            found += [
                {"ResourceId": item.id, "ResourceType": rules.TAG_RESOURCE_TYPE, "TagKey": t["Key"],
                 "TagValue": t["Value"]}
                for t in item.tags
            ]
        return found
