"""Tags of VPC-API resources (VPC, VSWITCH, EIP, NATGATEWAY) through the shared tagging service."""

from __future__ import annotations

from ...core.tagging import TaggingService, Tags
from .. import rules
from ..exceptions import TagQuotaExceeded


class TagsMixin(TaggingService):
    tag_kinds = {"VPC": "vpcs", "VSWITCH": "vswitches", "EIP": "eips", "NATGATEWAY": "nat_gateways"}
    tag_quota_error = TagQuotaExceeded

    def _check_tags(self, tags: Tags) -> Tags:
        return rules.check_tags(tags)
