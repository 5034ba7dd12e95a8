"""Pulumi's test mocks for the resource-class tests: a program's resources are registered, not created."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi

MockArgs = pulumi.runtime.MockResourceArgs


class Recorder(pulumi.runtime.Mocks):
    """Keeps every registered resource by name and answers with its inputs as outputs, plus `outputs(args)`,
    under the ID `resource_id(args)`."""

    def __init__(
        self,
        *,
        resource_id: Callable[[MockArgs], str] = lambda args: f"{args.name}-id",
        outputs: Callable[[MockArgs], dict[str, Any]] = lambda args: {"status": "Available"},
    ) -> None:
        self.resources: dict[str, MockArgs] = {}
        self._resource_id = resource_id
        self._outputs = outputs

    def install(self) -> Recorder:
        """Make these the mocks of the Pulumi runtime (project `proj`, stack `dev`, not a preview)."""
        pulumi.runtime.set_mocks(self, project="proj", stack="dev", preview=False)
        return self

    def new_resource(self, args: MockArgs) -> tuple[str, dict[str, Any]]:
        self.resources[args.name] = args
        inputs = {k: v for k, v in args.inputs.items() if k != "__provider"}
        return self._resource_id(args), {**inputs, **self._outputs(args)}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None
