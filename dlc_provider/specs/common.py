"""What every input spec shares: the base model, time limits, tags, names, CIDRs, and validation of raw
Pulumi inputs (with values still unknown at preview) into a spec or a list of failures.

A spec is the validated form of one resource's inputs. Its class declares, in one place, which fields
force a replacement (`REPLACE_FIELDS`) and which are updated in place (`UPDATE_FIELDS`); the provider's
`diff` and the resource docs read them from there. Property paths in failures are the snake_case input
names as written in the program (`cidr_block`, `timeouts.create`, `snat_ips[1]`).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import Field, ValidationError, ValidationInfo
from pulumi.output import Unknown

from .checks import ResourceId, check_name, check_tags
from .constants import MAX_USER_TAGS, META_FIELDS, RESERVED_TAG_PREFIX, TOKEN_TAG, UNKNOWN
from .failures import FieldRule, InputModel, error_failures, shown, user_path
from .secrets import reveal, secret_field_names, secret_values

__all__ = [
    "META_FIELDS",
    "RESERVED_TAG_PREFIX",
    "TOKEN_TAG",
    "UNKNOWN",
    "FieldRule",
    "InputSpec",
    "Timeouts",
    "Validation",
    "check_cidr",
    "check_name",
    "contains_unknown",
    "is_unknown",
    "unknown_fields",
    "validate_inputs",
]

def is_unknown(value: Any) -> bool:
    """Whether `value` is a value not known yet: the engine's sentinel string, or the SDK's `Unknown`, which
    is what a dynamic provider's `check` and `diff` receive at preview for an output of another resource."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN)


def contains_unknown(value: Any) -> bool:
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(k) or contains_unknown(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(v) for v in value)
    return False


def unknown_fields(info: ValidationInfo) -> frozenset[str]:
    context = info.context if isinstance(info.context, Mapping) else {}
    return frozenset(context.get("unknown", ()))


class Timeouts(InputModel):
    """Time limits (seconds) of the provider's waits for this resource; unset ones use the resource's
    documented defaults. (The engine's `customTimeouts` option does not reach dynamic providers.)"""

    create: float | None = Field(default=None, gt=0, le=86400, description="Create, including waiting for ready.")
    update: float | None = Field(default=None, gt=0, le=86400, description="An in-place update and its wait.")
    delete: float | None = Field(
        default=None, gt=0, le=86400,
        description="Delete, including riding out dependency and status conflicts and waiting until gone.",
    )


class InputSpec(InputModel):
    """Base of every resource's inputs."""

    #: Fields whose change replaces the resource / is applied in place. Set by each spec.
    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ()
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: Default time limits in seconds (documented per resource).
    DEFAULT_TIMEOUTS: ClassVar[dict[str, float]] = {"create": 300.0, "update": 300.0, "delete": 300.0}

    dlc_identity: str = Field(
        min_length=1,
        description="Set by the resource class: the resource's place in the stack (project, stack, type, "
        "name, parent). Part of the idempotency token, so two resources never share one.",
    )
    adopt_id: ResourceId | None = Field(
        default=None,
        min_length=1,
        description="ID of an existing resource to bring under management instead of creating one. Only "
        "read at create; changing it later does nothing.",
    )
    timeouts: Timeouts | None = Field(default=None, description="Time limits of this resource's waits.")
    creation_nonce: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{1,32}$",
        description="Set by the provider's check: drawn once per incarnation, part of the creation token "
        "(see `resources.tokens`). Never set it yourself.",
    )

    def timeout(self, phase: str) -> float:
        chosen = getattr(self.timeouts, phase, None) if self.timeouts is not None else None
        return float(chosen if chosen is not None else self.DEFAULT_TIMEOUTS[phase])

    def managed_values(self) -> dict[str, Any]:
        """The cloud-facing inputs (no meta fields) in canonical JSON form."""
        return self.model_dump(mode="json", exclude=set(META_FIELDS))

    @classmethod
    def managed_fields(cls) -> tuple[str, ...]:
        return cls.REPLACE_FIELDS + cls.UPDATE_FIELDS

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        unknown = set(cls.REPLACE_FIELDS + cls.UPDATE_FIELDS) - set(cls.model_fields)
        if unknown:
            raise TypeError(f"{cls.__name__} lists fields it does not have: {sorted(unknown)}")

    # -- shared field rules (subclasses opt in with field_validator on their own fields) ---------------
    @staticmethod
    def rule_tags(value: dict[str, str] | None) -> dict[str, str] | None:
        """The tag rules (`checks.check_tags`) for specs that validate tags in a method."""
        return None if value is None else check_tags(value)


_RESERVED_NETWORKS = tuple(
    ipaddress.IPv4Network(n) for n in ("100.64.0.0/10", "224.0.0.0/4", "127.0.0.0/8", "169.254.0.0/16")
)


def check_cidr(value: str, *, what: str, masks: tuple[int, int] | None = None, reserved: bool = True) -> str:
    """An IPv4 CIDR block in canonical form (no host bits), optionally with a mask range."""
    try:
        network = ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        raise ValueError(f"{what} {shown(value)} is not an IPv4 CIDR block such as 10.0.0.0/16") from None
    if "/" not in value:
        raise ValueError(f"{what} {shown(value)} needs a mask, e.g. {network.with_prefixlen}")
    if str(network) != value:
        raise ValueError(f"{what} {shown(value)} has host bits set; the block is {network}")
    if masks is not None and not masks[0] <= network.prefixlen <= masks[1]:
        raise ValueError(f"{what} {shown(value)}: the mask must be /{masks[0]} to /{masks[1]}")
    if reserved and any(network.overlaps(r) for r in _RESERVED_NETWORKS):
        raise ValueError(f"{what} {shown(value)} overlaps a reserved range ({', '.join(map(str, _RESERVED_NETWORKS))})")
    return value


# --- raw inputs -> spec ------------------------------------------------------------------------------------


@dataclass
class Validation:
    """The outcome of validating raw inputs: the spec (None if invalid or incomplete), failures as
    (property path, reason) pairs, and the top-level inputs that were still unknown."""

    spec: InputSpec | None
    failures: list[tuple[str, str]] = field(default_factory=list)
    unknown: frozenset[str] = frozenset()


#: The old name of `failures.user_path`.
_path = user_path


def validate_inputs(spec_type: type[InputSpec], raw: Mapping[str, Any], *, region: str | None = None) -> Validation:
    """Validate a resource's raw inputs (engine-wrapped secrets are looked through). Unknown values are not
    judged: their fields count as unset for the rules and any failure at their path is dropped, so a preview
    never fails on what it cannot know. `region` (the provider's, if known) lets region rules run, such as
    a zone of another region. Failures never show a secret (see `failures.error_failures`)."""
    inputs = {k: v for k, v in raw.items() if not k.startswith("__")}
    secrets = secret_values(inputs, secret_field_names(spec_type))
    inputs = reveal(inputs)
    unknown = frozenset(k for k, v in inputs.items() if contains_unknown(v))
    data = {k: (None if k in unknown else v) for k, v in inputs.items()}
    try:
        spec = spec_type.model_validate(data, context={"unknown": unknown, "region": region})
    except ValidationError as exc:
        failures = [
            (user_path(loc) or "(inputs)", reason)
            for loc, reason in error_failures(exc, spec_type, secrets=secrets)
            if not (loc and loc[0] in unknown)
        ]
        return Validation(None, failures, unknown)
    return Validation(spec, [], unknown)
