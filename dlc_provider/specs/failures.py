"""The one place pydantic errors become check failures: (input path as written, reason with the rule).

Every spec (`specs.common.validate_inputs`, `specs.dlc.validation.check_spec`) reports through
`error_failures`, so failures read the same everywhere:

* the path is the input as the program wrote it (`timeouts.create`, `snat_ips[1]`, `roles.worker.gpu`);
* an unknown input names the valid ones: ``unknown input 'cidr'; valid inputs: cidr_block, description, ...``;
* a value of the wrong type names the field and what it got, never the value: ``vpc_id must be a string,
  got a map (object)``;
* no secret is ever shown (values of `SecretStr` fields and engine-wrapped secrets, see `specs.secrets`),
  and other values are cut to `SHOWN_LENGTH` characters (`shown`).
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .constants import SHOWN_LENGTH
from .secrets import is_resource_reference, is_wrapped_secret

__all__ = [
    "FIELD",
    "RULES_ERROR_TYPE",
    "FieldRule",
    "InputModel",
    "Loc",
    "describe",
    "error_failures",
    "model_at",
    "scrub",
    "shown",
    "user_path",
]

#: A location in the user's input: field names and list indexes, e.g. ("data_sources", 1, "mount_path").
Loc = tuple[str | int, ...]

#: Stands for the field's name in a rule's message when the rule cannot know it (an annotated type's
#: validator); `error_failures` puts the name of the field at the failure's path in its place.
FIELD = "<field>"

#: Error type of a model's cross-field rules; its ``ctx["failures"]`` lists ``[loc, reason]`` pairs.
RULES_ERROR_TYPE = "dlc_job_rules"

_EXPECTED = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a map (object)",
    "model_type": "a map (object)",
    "model_attributes_type": "a map (object)",
    "list_type": "a list",
}
_ELLIPSIS = "…"
#: Inputs the resource class and `check` set, never the program: not offered as valid inputs.
_SET_BY_PROVIDER = frozenset({"dlc_identity", "creation_nonce"})


class InputModel(BaseModel):
    """Base of every user-input model: unknown keys are errors and inputs never echo into errors.

    ``hide_input_in_errors`` keeps secrets (registry and Redis passwords) out of ``ValidationError`` text.
    """

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, defer_build=True)


class FieldRule(ValueError):
    """A rule across fields, reported against one field's path (pydantic gives model rules no path).

    `field_name` is a top-level input path (`snat_ips[1]`), or with `nested` a field of the model whose
    validator raised it (`image` + `username` -> `image.username`)."""

    def __init__(self, field_name: str, message: str, *, nested: bool = False) -> None:
        self.field_name = field_name
        self.nested = nested
        super().__init__(message)


def user_path(loc: Sequence[str | int]) -> str:
    """Render a location as the user wrote it: ``roles.worker.gpu``, ``data_sources[1].mount_path``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def shown(value: Any, limit: int = SHOWN_LENGTH) -> str:
    """A value as a failure message may show it: its repr, cut to `limit` characters with an ellipsis."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + _ELLIPSIS


_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")


def _cut_quoted(reason: str) -> str:
    """Cut every quoted value in a message that is longer than `SHOWN_LENGTH` characters."""
    return _QUOTED.sub(lambda m: m.group(0) if len(m.group(0)) <= SHOWN_LENGTH else
                       m.group(0)[: SHOWN_LENGTH - 1] + _ELLIPSIS, reason)


def scrub(reason: str, secrets: Collection[str] = ()) -> str:
    """`reason` with every secret value blanked out and long quoted values cut."""
    for secret in sorted(secrets, key=len, reverse=True):
        for form in (repr(secret), f'"{secret}"'):
            reason = reason.replace(form, "'***'")
        if len(secret) >= 3:
            reason = reason.replace(secret, "***")
    return _cut_quoted(reason)


def describe(value: Any) -> str:
    """What kind of value the program gave (never the value itself)."""
    if isinstance(value, Mapping):
        if is_resource_reference(value):
            return "a resource reference (pass one of its outputs, e.g. its id)"
        return "a map (object)"
    if isinstance(value, str):
        if value.startswith("urn:pulumi:"):
            return "a resource's URN (pass one of its outputs, e.g. its id)"
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "null"
    return f"a {type(value).__name__} object"


# --- the model behind a location (for the list of valid inputs) --------------------------------------------


def _members(annotation: Any) -> list[Any]:
    """The types an annotation allows: through Annotated, Optional and unions; None left out."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [] if annotation is types.NoneType else [annotation]


def _tag(model: type[BaseModel]) -> Any:
    field = model.model_fields.get("kind")
    if field is not None and typing.get_origin(field.annotation) is Literal:
        return typing.get_args(field.annotation)[0]
    return None


def _step(annotation: Any, part: str | int) -> Any:
    members = _members(annotation)
    models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
    for model in models:  # a union tag first: a member may have a field of the same name
        if _tag(model) == part:
            return model
    for model in models:
        if isinstance(part, str) and part in model.model_fields:
            return model.model_fields[part].annotation
    for member in members:
        origin = typing.get_origin(member)
        args = typing.get_args(member)
        if origin in (list, tuple) and isinstance(part, int) and args:
            return args[0]
        if origin in (dict, Mapping) and isinstance(part, str) and len(args) == 2:
            return args[1]
    return None


def model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model at a pydantic error location (union tags included), or None when it is not one model."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return None
    models = [m for m in _members(current) if isinstance(m, type) and issubclass(m, BaseModel)]
    return models[0] if len(models) == 1 else None


def _valid_inputs(model: type[BaseModel], loc: Sequence[str | int]) -> str:
    holder = model_at(model, loc)
    if holder is None:
        return ""
    names = [n for n in sorted(holder.model_fields) if n not in _SET_BY_PROVIDER]
    return "; valid inputs: " + ", ".join(names)


# --- errors -> failures ---------------------------------------------------------------------------------


def _field_name(loc: Sequence[str | int]) -> str:
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else "the input"


def _reason(model: type[BaseModel], error: Mapping[str, Any], loc: Loc) -> str:
    kind = error["type"]
    raw_loc = tuple(error.get("loc", ()))
    if kind == "extra_forbidden" and raw_loc:
        return f"unknown input {str(raw_loc[-1])!r}" + _valid_inputs(model, raw_loc[:-1])
    if kind == "missing":
        return "Field required"
    if kind in _EXPECTED:
        value = error.get("input")
        if not is_wrapped_secret(value):
            return f"{_field_name(loc)} must be {_EXPECTED[kind]}, got {describe(value)}"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx") or {}
        name = str(ctx.get("discriminator", "kind")).strip("'")
        return f"{name} must be one of {ctx.get('expected_tags')}, got {shown(ctx.get('tag'))}"
    message = str(error.get("msg", "invalid")).replace(FIELD, _field_name(loc))
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def error_failures(
    exc: ValidationError,
    model: type[BaseModel],
    *,
    locate: Callable[[tuple[Any, ...]], Loc] | None = None,
    secrets: Collection[str] = (),
) -> list[tuple[Loc, str]]:
    """A pydantic error's failures as (location of the user's input, reason), secrets blanked out.

    `locate` maps a pydantic location to the user's (e.g. without union tags); a `FieldRule` reports at
    its own field, and a `RULES_ERROR_TYPE` error carries its own list of failures."""
    failures: list[tuple[Loc, str]] = []
    for error in exc.errors(include_url=False):
        if error["type"] == RULES_ERROR_TYPE:
            failures += [(tuple(loc), scrub(reason, secrets)) for loc, reason in error["ctx"]["failures"]]
            continue
        raw_loc = tuple(error.get("loc", ()))
        loc: Loc = locate(raw_loc) if locate is not None else raw_loc
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, FieldRule):
            loc = (*loc, cause.field_name) if cause.nested else (cause.field_name,)
        elif error["type"] == "union_tag_invalid":
            # The tag's own path. (The engine prints the value at a failing top-level path, e.g. a whole
            # `image` with its password; a deeper path shows nothing.)
            loc = (*loc, str((error.get("ctx") or {}).get("discriminator", "kind")).strip("'"))
        failures.append((loc, scrub(_reason(model, error, loc), secrets)))
    return failures
