"""One tagging service for the RPC APIs whose resources keep a `tags` list: TagResources, UntagResources
(VPC spells it UnTagResources) and ListTagResources, backend and request side.

VPC, ECS and NAS share the calls' shape and behaviour: tags are `[{"Key", "Value"}]` on the resource (the
same list the Create and Describe calls fill and filter by), TagResources adds or overwrites keys all or
nothing over the resources given, UntagResources removes keys (or all of them with `All=true`), and
ListTagResources answers one row per tag of the matching resources, paged by NextToken. What differs is the
resource types and the error codes: a service's backend sets `tag_kinds` and overrides the `_check_*` and
`_tag_*` hooks where its documented codes differ from the defaults (which are VPC's and ECS's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .backend import Backend, Resource
from .errors import FakeError, InvalidParameter, MissingParameter
from .params import page_by_token
from .registry import ServiceResponses

Tags = list[dict[str, str]]

MAX_TAGS = 20  # per resource, in every one of these APIs
MAX_TAG_RESOURCE_IDS = 50  # per call


class InvalidResourceIdNotFound(FakeError):
    code, status, message = "InvalidResourceId.NotFound", 404, "The specified ResourceIds are not found in our records."


class InvalidResourceTypeNotFound(FakeError):
    code, status = "InvalidResourceType.NotFound", 400
    message = "The specified ResourceType is not found in our records."


@dataclass
class TaggedResource(Resource):
    """A resource with tags (`[{"Key", "Value"}]`, in the order they were first set)."""

    tags: Tags = field(default_factory=list)


def merge_tags(tags: Tags, new: Tags) -> Tags:
    """TagResources: add new keys, overwrite the values of existing ones (order kept)."""
    merged = {tag["Key"]: tag["Value"] for tag in tags}
    merged.update((tag["Key"], tag["Value"]) for tag in new)
    return [{"Key": k, "Value": v} for k, v in merged.items()]


def matches_tags(tags: Tags, filters: Tags) -> bool:
    """`Tag.N.Key/Value` filters: every filter must match (a key alone: any value; no key: ignored)."""
    present = {tag["Key"]: tag.get("Value", "") for tag in tags}
    return all(
        f["Key"] in present and ("Value" not in f or present[f["Key"]] == f["Value"]) for f in filters if f.get("Key")
    )


class TaggingService(Backend):
    """The backend side of the three tag calls, over the `tags` of the kinds named in `tag_kinds`."""

    #: ResourceType as the API answers it (requests match it case-insensitively) -> the backend's kind.
    tag_kinds: ClassVar[Mapping[str, str]] = {}
    #: The errors of an unknown ResourceType and of more than MAX_TAGS tags on one resource.
    tag_type_error: ClassVar[type[FakeError]] = InvalidResourceTypeNotFound
    tag_quota_error: ClassVar[type[FakeError]]

    # -- hooks: the defaults are VPC's and ECS's codes --------------------------------------------------
    def _check_tags(self, tags: Tags) -> Tags:
        """The `Tag.N` of TagResources, checked and normalised (`Value` defaults to "")."""
        return [{"Key": t["Key"], "Value": t.get("Value", "")} for t in tags]

    def _check_resource_ids(self, resource_ids: list[str], *, required: bool) -> None:
        if required and not resource_ids:
            raise MissingParameter(name="ResourceId.1")
        if len(resource_ids) > MAX_TAG_RESOURCE_IDS:
            raise InvalidParameter(name="ResourceId")

    def _check_untag_keys(self, keys: list[str], remove_all: bool) -> None:
        if not keys and not remove_all:
            raise MissingParameter(name="TagKey.1")

    def _check_tag_filters(self, resource_ids: list[str], tags: Tags) -> None:
        if not resource_ids and not tags:
            raise MissingParameter(name="ResourceId.1")

    def _tag_target(self, kind: str, resource_id: str) -> TaggedResource:
        resource = self.get(kind, resource_id)
        if resource is None:
            raise InvalidResourceIdNotFound()
        return resource

    def _too_many_tags(self, resource: TaggedResource, count: int) -> FakeError:
        return self.tag_quota_error()

    # -- the calls ------------------------------------------------------------------------------------------
    def _tag_kind(self, resource_type: str) -> tuple[str, str]:
        """The canonical ResourceType and the backend's kind of a requested type."""
        for name, kind in self.tag_kinds.items():
            if name.lower() == resource_type.lower():
                return name, kind
        raise self.tag_type_error()

    def _checked_kind(self, resource_type: str, resource_ids: list[str]) -> str:
        """The kind of TagResources/UntagResources' resources, once the type and the IDs are checked."""
        _, kind = self._tag_kind(resource_type)
        self._check_resource_ids(resource_ids, required=True)
        return kind

    def tag_resources(self, *, resource_type: str, resource_ids: list[str], tags: Tags) -> None:
        """Add tags (a key already there gets the new value); all or nothing over the resources given."""
        kind = self._checked_kind(resource_type, resource_ids)
        if not tags:
            raise MissingParameter(name="Tag.1.Key")
        tags = self._check_tags(tags)
        targets = [self._tag_target(kind, resource_id) for resource_id in resource_ids]
        merged = [merge_tags(target.tags, tags) for target in targets]
        for target, result in zip(targets, merged, strict=True):
            if len(result) > MAX_TAGS:
                raise self._too_many_tags(target, len(result))
        for target, result in zip(targets, merged, strict=True):
            target.tags = result

    def untag_resources(self, *, resource_type: str, resource_ids: list[str], keys: list[str], remove_all: bool) -> None:
        """Remove the keys given (absent ones are fine); with no keys, `All=true` removes every tag."""
        kind = self._checked_kind(resource_type, resource_ids)
        self._check_untag_keys(keys, remove_all)
        for target in [self._tag_target(kind, resource_id) for resource_id in resource_ids]:
            if keys:
                target.tags = [t for t in target.tags if t["Key"] not in keys]
            elif remove_all:
                target.tags = []

    def list_tag_resources(self, *, resource_type: str, resource_ids: list[str], tags: Tags) -> list[dict[str, str]]:
        """One row per tag of each resource among the IDs given (if any) that carries every tag filter.
        Unknown IDs match nothing, as in the Describe calls."""
        name, kind = self._tag_kind(resource_type)
        self._check_tag_filters(resource_ids, tags)
        return [
            {"ResourceId": item.id, "ResourceType": name, "TagKey": t["Key"], "TagValue": t["Value"]}
            for item in self.all_visible(kind)
            if (not resource_ids or item.id in resource_ids) and matches_tags(item.tags, tags)
            for t in item.tags
        ]


class TaggingResponses(ServiceResponses):
    """The request side: read the parameters of the three calls and shape ListTagResources' pages."""

    backend: Any
    #: Rows a ListTagResources page holds at the most, and whether `MaxResults` may ask for fewer.
    tag_page_size: ClassVar[int] = 50
    tag_page_size_param: ClassVar[str | None] = None

    def _next_token_error(self) -> FakeError:
        return InvalidParameter(name="NextToken")

    def tag_resources(self) -> dict[str, Any]:
        p = self.params
        self.backend.tag_resources(resource_type=p.required("ResourceType"),
                                   resource_ids=p.indexed_values("ResourceId"), tags=p.indexed_objects("Tag"))
        return {}

    def untag_resources(self) -> dict[str, Any]:
        p = self.params
        self.backend.untag_resources(resource_type=p.required("ResourceType"),
                                     resource_ids=p.indexed_values("ResourceId"),
                                     keys=p.indexed_values("TagKey"), remove_all=p.bool("All"))
        return {}

    def list_tag_resources(self) -> dict[str, Any]:
        p = self.params
        found = self.backend.list_tag_resources(resource_type=p.required("ResourceType"),
                                                resource_ids=p.indexed_values("ResourceId"),
                                                tags=p.indexed_objects("Tag"))
        size = self.tag_page_size
        if self.tag_page_size_param:
            size = p.int(self.tag_page_size_param, size, minimum=1, maximum=size) or size
        page, next_token = page_by_token(found, p.get("NextToken"), size, error=self._next_token_error)
        return {"NextToken": next_token, "TagResources": {"TagResource": page}}
