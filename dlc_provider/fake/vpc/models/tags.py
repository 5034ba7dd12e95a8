"""Tags of VPC-API resources: TagResources, UnTagResources, ListTagResources."""

from __future__ import annotations

from typing import Any

from ...core.backend import Backend
from ...core.errors import InvalidParameter, MissingParameter
from .. import rules
from ..exceptions import InvalidResourceIdNotFound, InvalidResourceTypeNotFound, TagQuotaExceeded

# The API's ResourceType (case-insensitive on the wire) -> the backend's store.
RESOURCE_KINDS = {"VPC": "vpcs", "VSWITCH": "vswitches", "EIP": "eips", "NATGATEWAY": "nat_gateways"}
MAX_RESOURCE_IDS = 50


class TagsMixin(Backend):
    def _tag_targets(self, resource_type: str, resource_ids: list[str]) -> tuple[str, list[Any]]:
        kind = RESOURCE_KINDS.get(resource_type.upper())
        if kind is None:
            raise InvalidResourceTypeNotFound()
        if not resource_ids:
            raise MissingParameter(name="ResourceId.1")
        if len(resource_ids) > MAX_RESOURCE_IDS:
            raise InvalidParameter(name="ResourceId")
        targets = []
        for resource_id in resource_ids:
            resource = self.get(kind, resource_id)
            if resource is None:
                raise InvalidResourceIdNotFound()
            targets.append(resource)
        return kind, targets

    def tag_resources(self, *, resource_type: str, resource_ids: list[str], tags: list[dict[str, str]]) -> None:
        _, targets = self._tag_targets(resource_type, resource_ids)
        if not tags:
            raise MissingParameter(name="Tag.1.Key")
        tags = rules.check_tags(tags)
        merged = [rules.merge_tags(resource.tags, tags) for resource in targets]
        if any(len(result) > rules.MAX_TAGS for result in merged):
            raise TagQuotaExceeded()
        for resource, result in zip(targets, merged, strict=True):
            resource.tags = result

    def untag_resources(
        self, *, resource_type: str, resource_ids: list[str], keys: list[str], remove_all: bool
    ) -> None:
        _, targets = self._tag_targets(resource_type, resource_ids)
        if not keys and not remove_all:
            raise MissingParameter(name="TagKey.1")
        for resource in targets:
            resource.tags = [] if not keys else [t for t in resource.tags if t["Key"] not in keys]

    def list_tag_resources(
        self, *, resource_type: str, resource_ids: list[str], tags: list[dict[str, str]]
    ) -> list[dict[str, str]]:
        kind = RESOURCE_KINDS.get(resource_type.upper())
        if kind is None:
            raise InvalidResourceTypeNotFound()
        if not resource_ids and not tags:
            raise MissingParameter(name="ResourceId.1")
        found = []
        for resource in self.all_visible(kind):
            if resource_ids and resource.id not in resource_ids:
                continue
            if not rules.matches_tags(resource.tags, tags):
                continue
            found += [
                {"ResourceId": resource.id, "ResourceType": resource_type.upper(), "TagKey": t["Key"],
                 "TagValue": t["Value"]}
                for t in resource.tags
            ]
        return found
