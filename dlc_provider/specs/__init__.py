"""Validated inputs of every resource (pydantic v2), with the replace / update-in-place field lists.

`validate_inputs(spec_type, raw)` turns raw Pulumi inputs into a spec or failures with property paths;
each spec class says which of its fields replace the resource and which are updated in place.
"""

from .common import (
    META_FIELDS,
    TOKEN_TAG,
    UNKNOWN,
    InputSpec,
    Timeouts,
    Validation,
    contains_unknown,
    validate_inputs,
)
from .nat import EipAssociationSpec, EipSpec, NatGatewaySpec, SnatEntrySpec
from .network import VpcSpec, VSwitchSpec
from .security_group import SecurityGroupRuleSpec, SecurityGroupSpec

__all__ = [
    "META_FIELDS",
    "TOKEN_TAG",
    "UNKNOWN",
    "EipAssociationSpec",
    "EipSpec",
    "InputSpec",
    "NatGatewaySpec",
    "SecurityGroupRuleSpec",
    "SecurityGroupSpec",
    "SnatEntrySpec",
    "Timeouts",
    "VSwitchSpec",
    "Validation",
    "VpcSpec",
    "contains_unknown",
    "validate_inputs",
]
