"""What a spec declares besides its input fields: its computed outputs and, where the program may pass a
value in a wider form than the spec stores, that form.

A spec is the one declaration of a resource (see `dlc_provider.resources.generate`): its fields give the
inputs (type, default, rule, `Field(description=...)`), `REPLACE_FIELDS` / `UPDATE_FIELDS` what a change
does, `SecretStr` what is secret, and `COMPUTED` the outputs the cloud adds. The resource's `Args`,
`ArgsDict` and typed `Output` attributes are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["CREATION_TOKEN", "RESOURCE_GROUP_DESCRIPTION", "TAGS_DESCRIPTION", "Computed", "program_type"]

#: The descriptions of inputs many resources share.
TAGS_DESCRIPTION = (
    "Tags, at most 19 (keys not starting with aliyun, acs:, http(s):// or dlc-provider:). Unset: not managed; "
    "{} removes all."
)
RESOURCE_GROUP_DESCRIPTION = "Resource group; unset: the account's default."


@dataclass(frozen=True)
class Computed:
    """One computed output: its Python type as written in an annotation, what it is, whether it is secret."""

    type: str
    description: str
    secret: bool = False


#: Every resource's last output: the idempotency token it was created with (README: idempotency).
CREATION_TOKEN = Computed("str | None", "The idempotency token the resource was created with (None if adopted).")


def program_type(annotation: str) -> dict[str, Any]:
    """`Field(json_schema_extra=...)` for an input the program may give in a wider form than the spec keeps
    (a policy as JSON text or a dict): `annotation` is the type, without `pulumi.Input`, as `Args` shows it."""
    return {"program_type": annotation}
