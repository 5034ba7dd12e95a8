"""`Experiment`: a named experiment run with a unique, stable run ID.

The run ID names and tags what a training stack creates, so two runs of the same experiment never collide
and everything one run made can be found again. It is made once, at create, and kept in state; changing
the experiment name makes a new run (a replacement).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any, TypedDict

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider
from pydantic import BaseModel, ConfigDict, Field, ValidationError

#: Inputs whose change makes a new run (replacement). There are no in-place updates.
REPLACE_ON_CHANGE = ("name",)


class ExperimentSpec(BaseModel):
    """Validated inputs of an `Experiment`."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        description="Experiment name: 1-40 characters, lowercase letters, digits and hyphens, starting with a letter.",
        pattern=r"^[a-z][a-z0-9-]{0,39}$",
    )


class ExperimentArgsDict(TypedDict):
    """Inputs of an `Experiment` as a plain dict."""

    name: pulumi.Input[str]


class ExperimentProvider(ResourceProvider):
    """Dynamic provider for `Experiment`: no cloud calls, the run ID lives in state."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = {k: v for k, v in news.items() if not k.startswith("__")}
        try:
            ExperimentSpec.model_validate(inputs)
        except ValidationError as exc:
            failures = [
                CheckFailure(".".join(str(p) for p in err["loc"]) or "name", err["msg"]) for err in exc.errors()
            ]
            return CheckResult(news, failures)
        return CheckResult(news, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = [key for key in REPLACE_ON_CHANGE if olds.get(key) != news.get(key)]
        return DiffResult(changes=bool(replaces), replaces=replaces, delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        run_id = f"{props['name']}-{secrets.token_hex(3)}"
        created = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return CreateResult(run_id, {"name": props["name"], "run_id": run_id, "created_at": created})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class Experiment(pulumi.dynamic.Resource):
    """A named experiment run.

    Outputs: `run_id` (``<name>-<6 hex>``, stable for the life of the resource) and `created_at` (UTC).
    Changing `name` replaces the run; nothing updates in place.
    """

    name: pulumi.Output[str]
    run_id: pulumi.Output[str]
    created_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        name: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            ExperimentProvider(),
            resource_name,
            {"name": name, "run_id": None, "created_at": None},
            opts,
        )
