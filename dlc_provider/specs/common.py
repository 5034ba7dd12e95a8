"""What every input spec shares: the base model, time limits, tags, names, CIDRs, and validation of raw
Pulumi inputs (with values still unknown at preview) into a spec or a list of failures.

A spec is the validated form of one resource's inputs. Its class declares, in one place, which fields
force a replacement (`REPLACE_FIELDS`) and which are updated in place (`UPDATE_FIELDS`); the provider's
`diff` and the resource docs read them from there. Property paths in failures are the snake_case input
names as written in the program (`cidr_block`, `timeouts.create`, `snat_ips[1]`).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo
from pulumi.output import Unknown

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

#: The value Pulumi sends for an input that is not known yet (during preview). `pulumi.dynamic` has no
#: public name for it; it is `pulumi.runtime.rpc.UNKNOWN`.
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

#: Tag keys with this prefix belong to the provider: users may not set them, reads hide them.
RESERVED_TAG_PREFIX = "dlc-provider:"
#: The tag every taggable resource we create carries: its idempotency token (see `resources.tokens`).
TOKEN_TAG = RESERVED_TAG_PREFIX + "token"
MAX_USER_TAGS = 19  # the API allows 20; one is ours

#: Inputs every resource has that describe how to manage it rather than the cloud resource itself.
META_FIELDS = ("dlc_identity", "adopt_id", "timeouts", "creation_nonce")

_HTTP_PREFIX = re.compile(r"^https?://", re.IGNORECASE)


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


class FieldRule(ValueError):
    """A rule across fields, reported against one field's path (pydantic gives model rules no path)."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field_name = field_name
        super().__init__(message)


class Timeouts(BaseModel):
    """Time limits (seconds) of the provider's waits for this resource; unset ones use the resource's
    documented defaults. (The engine's `customTimeouts` option does not reach dynamic providers.)"""

    model_config = ConfigDict(extra="forbid")

    create: float | None = Field(default=None, gt=0, le=86400, description="Create, including waiting for ready.")
    update: float | None = Field(default=None, gt=0, le=86400, description="An in-place update and its wait.")
    delete: float | None = Field(
        default=None, gt=0, le=86400,
        description="Delete, including riding out dependency and status conflicts and waiting until gone.",
    )


class InputSpec(BaseModel):
    """Base of every resource's inputs."""

    model_config = ConfigDict(extra="forbid")

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
    adopt_id: str | None = Field(
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
        if value is None:
            return None
        if len(value) > MAX_USER_TAGS:
            raise ValueError(f"at most {MAX_USER_TAGS} tags (one of the API's 20 is the provider's)")
        for key, tag_value in value.items():
            if not 1 <= len(key) <= 128:
                raise ValueError(f"tag key {key!r} must be 1-128 characters")
            if key.startswith(("aliyun", "acs:")) or _HTTP_PREFIX.match(key):
                raise ValueError(f"tag key {key!r} may not start with aliyun, acs:, http:// or https://")
            if key.startswith(RESERVED_TAG_PREFIX):
                raise ValueError(f"tag key {key!r}: the prefix {RESERVED_TAG_PREFIX} is reserved for the provider")
            if len(tag_value) > 128:
                raise ValueError(f"the value of tag {key!r} is longer than 128 characters")
        return dict(sorted(value.items()))


def check_name(
    value: str | None, *, what: str, low: int = 1, high: int = 128, letter_first: bool = False,
    chars: str | None = None,
) -> str | None:
    """Name rules of the Alibaba APIs: length, no http(s):// prefix, optionally a leading letter and a
    character set (`chars`: allowed characters besides letters and digits)."""
    if value is None:
        return None
    if not low <= len(value) <= high:
        raise ValueError(f"{what} must be {low}-{high} characters (got {len(value)})")
    if _HTTP_PREFIX.match(value):
        raise ValueError(f"{what} may not start with http:// or https://")
    if letter_first and not value[0].isalpha():
        raise ValueError(f"{what} must start with a letter")
    if chars is not None:
        bad = sorted({ch for ch in value if not (ch.isalnum() or ch in chars)})
        if bad:
            allowed = " ".join(chars)
            raise ValueError(f"{what} may contain only letters, digits and {allowed} (not {''.join(bad)!r})")
    return value


_RESERVED_NETWORKS = tuple(
    ipaddress.IPv4Network(n) for n in ("100.64.0.0/10", "224.0.0.0/4", "127.0.0.0/8", "169.254.0.0/16")
)


def check_cidr(value: str, *, what: str, masks: tuple[int, int] | None = None, reserved: bool = True) -> str:
    """An IPv4 CIDR block in canonical form (no host bits), optionally with a mask range."""
    try:
        network = ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not an IPv4 CIDR block such as 10.0.0.0/16") from None
    if "/" not in value:
        raise ValueError(f"{what} {value!r} needs a mask, e.g. {network.with_prefixlen}")
    if str(network) != value:
        raise ValueError(f"{what} {value!r} has host bits set; the block is {network}")
    if masks is not None and not masks[0] <= network.prefixlen <= masks[1]:
        raise ValueError(f"{what} {value!r}: the mask must be /{masks[0]} to /{masks[1]}")
    if reserved and any(network.overlaps(r) for r in _RESERVED_NETWORKS):
        raise ValueError(f"{what} {value!r} overlaps a reserved range ({', '.join(map(str, _RESERVED_NETWORKS))})")
    return value


# --- raw inputs -> spec ------------------------------------------------------------------------------------


@dataclass
class Validation:
    """The outcome of validating raw inputs: the spec (None if invalid or incomplete), failures as
    (property path, reason) pairs, and the top-level inputs that were still unknown."""

    spec: InputSpec | None
    failures: list[tuple[str, str]] = field(default_factory=list)
    unknown: frozenset[str] = frozenset()


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _reason(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "invalid"))
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def validate_inputs(spec_type: type[InputSpec], raw: Mapping[str, Any]) -> Validation:
    """Validate a resource's raw inputs. Unknown values are not judged: their fields count as unset for
    the rules and any failure at their path is dropped, so a preview never fails on what it cannot know."""
    inputs = {k: v for k, v in raw.items() if not k.startswith("__")}
    unknown = frozenset(k for k, v in inputs.items() if contains_unknown(v))
    data = {k: (None if k in unknown else v) for k, v in inputs.items()}
    try:
        spec = spec_type.model_validate(data, context={"unknown": unknown})
    except ValidationError as exc:
        failures: list[tuple[str, str]] = []
        for error in exc.errors():
            loc = tuple(error.get("loc", ()))
            cause = (error.get("ctx") or {}).get("error")
            if isinstance(cause, FieldRule):
                loc = (cause.field_name,)
            if loc and loc[0] in unknown:
                continue
            failures.append((_path(loc) or "(inputs)", _reason(error)))
        return Validation(None, failures, unknown)
    return Validation(spec, [], unknown)
