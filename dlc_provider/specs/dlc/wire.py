"""`WireModel`: an input model whose fields are the API's own words, so both directions of the mapping
(spec → CreateJob body, CreateJob body → args) come from the declaration alone.

A field's wire key is its name in PascalCase (`restart_policy` → `RestartPolicy`) unless the class's
``WIRE`` table says otherwise (`enable_rdma` → `EnableRDMA`). Fields in ``AS_TEXT`` travel as strings
(`true`/`false`, numbers as digits), as the API types them. Nested `WireModel`s, lists of them and maps
map recursively; `SecretStr` values are sent as their value. Reading a body back refuses keys the model
does not declare, by name (`UnsupportedRequestError`), rather than dropping them.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
import re
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, SecretStr

from .common import InputModel
from .request_parts import UnsupportedRequestError, is_set

__all__ = ["WireModel", "matching", "wire_fields"]


class WireModel(InputModel):
    """Base of the input models that mirror one API structure field for field."""

    #: Field name → wire key, where the key is not the name in PascalCase.
    WIRE: ClassVar[dict[str, str]] = {}
    #: Fields the API types as strings although their values are booleans or numbers.
    AS_TEXT: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def wire_name(cls, name: str) -> str:
        return cls.WIRE.get(name) or "".join(part[:1].upper() + part[1:] for part in name.split("_"))

    def to_wire(self, names: Any = None) -> dict[str, Any]:
        """The structure as the SDK's model maps it (unset fields left out); `names`: only these fields."""
        out: dict[str, Any] = {}
        for name in names if names is not None else type(self).model_fields:
            value = getattr(self, name)
            if value is None or value == [] or value == {}:
                continue
            value = _to_wire(value)
            if name in self.AS_TEXT:
                value = ("true" if value else "false") if isinstance(value, bool) else str(value)
            out[self.wire_name(name)] = value
        return out

    @classmethod
    def from_wire(cls, data: Mapping[str, Any], where: str) -> dict[str, Any]:
        """Args of this model from its wire form; unknown keys are refused by name."""
        if not isinstance(data, Mapping):
            raise UnsupportedRequestError(f"{where}: expected an object")
        by_wire = {cls.wire_name(name): name for name in cls.model_fields}
        given = {key: value for key, value in data.items() if is_set(value)}
        unsupported = sorted(set(given) - set(by_wire))
        if unsupported:
            raise UnsupportedRequestError(f"{where}: unsupported fields {', '.join(unsupported)}")
        args: dict[str, Any] = {}
        for key, value in given.items():
            name = by_wire[key]
            model = _model_of(cls.model_fields[name].annotation)
            if model is not None and isinstance(value, list):
                value = [model.from_wire(item, f"{where}.{key}[{n}]") for n, item in enumerate(value)]
            elif model is not None:
                value = model.from_wire(value, f"{where}.{key}")
            elif name in cls.AS_TEXT and isinstance(value, str) and value in ("true", "false"):
                value = value == "true"
            args[name] = value
        return args


def _to_wire(value: Any) -> Any:
    if isinstance(value, WireModel):
        return value.to_wire()
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, list):
        return [_to_wire(item) for item in value]
    if isinstance(value, dict):
        return {key: _to_wire(item) for key, item in value.items()}
    return value


def _model_of(annotation: Any) -> type[WireModel] | None:
    """The `WireModel` a field holds (directly, optionally, or as list items), if any."""
    if isinstance(annotation, type) and issubclass(annotation, WireModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def wire_fields(model: type[BaseModel]) -> set[str]:
    """Every wire key a `WireModel` class declares."""
    assert issubclass(model, WireModel)
    return {model.wire_name(name) for name in model.model_fields}


def matching(pattern: str, rule: str) -> Any:
    """A string type that must match `pattern` in full; `rule` says what it looks like in the failure."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(rule)
        return value

    return Annotated[str, AfterValidator(check)]
