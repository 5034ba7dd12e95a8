"""`Tensorboard`: a PAI-DLC TensorBoard for a job's summary directory, with its URL as output.

Every input replaces the TensorBoard (the service cannot move one to another job or directory).
CreateTensorboard has no ClientToken and TensorBoards have no tags, so the create guard is a natural key:
the job and the display name, which defaults to `tb-` plus part of the creation token (a re-run after
a crash finds the TensorBoard its first run made; a replacement, with other inputs, gets another name).
The URL carries an access token, so `url` is a secret output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypedDict

import pulumi
import pulumi.dynamic
from alibabacloud_pai_dlc20201203 import models as m
from pydantic import Field, field_validator

from ..clients import pai_dlc as api
from ..clients.session import Session
from ..errors import CloudError, NotFound
from ..specs.common import InputSpec, check_name
from .program import TimeoutsArgs, TimeoutsArgsDict, resource_identity, resource_props
from .provider import CloudProvider

__all__ = ["Tensorboard", "TensorboardArgs", "TensorboardArgsDict", "TensorboardProvider", "TensorboardSpec"]


class TensorboardSpec(InputSpec):
    """Inputs of a `Tensorboard`. All of them replace it."""

    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = (
        "job_id", "summary_path", "display_name", "workspace_id", "data_source_id", "data_source_type", "uri",
        "cpu", "memory", "max_running_time_minutes",
    )
    DEFAULT_TIMEOUTS: ClassVar[dict[str, float]] = {"create": 600.0, "update": 300.0, "delete": 300.0}

    job_id: str = Field(min_length=1, description="The DLC job whose summaries to show (`JobId`).")
    summary_path: str | None = Field(
        None, description="Summary directory, e.g. oss://bucket/runs/train-1/ or a path inside the job's mount."
    )
    display_name: str | None = Field(None, description="Name; unset: tb- plus part of the creation token.")
    workspace_id: str | None = Field(None, description="Workspace; unset: the job's.")
    data_source_id: str | None = Field(None, description="A dataset holding the summaries (`DataSourceId`).")
    data_source_type: Literal["OSS", "NAS"] | None = Field(None, description="`DataSourceType`.")
    uri: str | None = Field(None, description="Storage URI of the summaries (`Uri`).")
    cpu: int | None = Field(None, ge=1, description="CPU cores of the TensorBoard instance.")
    memory: int | None = Field(None, ge=1, description="Memory (GiB) of the TensorBoard instance.")
    max_running_time_minutes: int | None = Field(None, ge=1, description="Stops itself after this many minutes.")

    @field_validator("display_name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return check_name(value, what="display_name", high=256, chars="_.-")


def _count(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number or None


def default_name(token: str) -> str:
    return "tb-" + token[3:23]


class TensorboardProvider(CloudProvider):
    """Dynamic provider of `Tensorboard` (CreateTensorboard, GetTensorboard, ListTensorboards, Stop/DeleteTensorboard)."""

    KIND: ClassVar[str] = "Tensorboard"
    SPEC = TensorboardSpec
    READY: ClassVar[frozenset[str]] = frozenset({"Running"})
    FAILED: ClassVar[frozenset[str]] = frozenset({"Failed", "Stopped", "Stopping"})
    GOING: ClassVar[frozenset[str]] = frozenset({"Deleting"})

    def find_existing(self, session: Session, spec: TensorboardSpec, token: str) -> str | None:
        name = spec.display_name or default_name(token)
        found = [
            b for b in api.list_tensorboards(session, job_id=spec.job_id, display_name=name)
            if b.get("DisplayName") == name and b.get("Status") not in ("Stopping", "Stopped", "Deleting")
            and (spec.summary_path is None or b.get("SummaryPath") == spec.summary_path)
        ]
        return str(found[0]["TensorboardId"]) if found else None

    def send_create(self, session: Session, spec: TensorboardSpec, token: str) -> str:
        request = m.CreateTensorboardRequest(
            job_id=spec.job_id, summary_path=spec.summary_path, display_name=spec.display_name or default_name(token),
            workspace_id=spec.workspace_id, data_source_id=spec.data_source_id, data_source_type=spec.data_source_type,
            uri=spec.uri, cpu=spec.cpu, memory=spec.memory, max_running_time_minutes=spec.max_running_time_minutes,
            source_type="job", source_id=spec.job_id,
        )
        return api.create_tensorboard(session, request)

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        board = api.get_tensorboard(session, resource_id)
        if board is None:
            return None
        return {
            # The inputs as the service reports them ("" and 0 mean unset) ...
            "job_id": board.get("JobId"),
            "summary_path": board.get("SummaryPath") or None,
            "display_name": board.get("DisplayName") or None,
            "workspace_id": board.get("WorkspaceId") or None,
            "data_source_id": board.get("DataSourceId") or None,
            "data_source_type": board.get("DataSourceType") or None,
            "cpu": _count(board.get("Cpu")),
            "memory": _count(board.get("Memory")),
            "max_running_time_minutes": _count(board.get("MaxRunningTimeMinutes")),
            # ... and what it computed.
            "tensorboard_id": board.get("TensorboardId"),
            "status": board.get("Status") or "",
            "url": board.get("TensorboardUrl") or "",
            "reason_code": board.get("ReasonCode") or "",
            "reason_message": board.get("ReasonMessage") or "",
            "observed_display_name": board.get("DisplayName"),
            "observed_workspace_id": board.get("WorkspaceId"),
            "created_time": board.get("GmtCreateTime"),
        }

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        board = api.get_tensorboard(session, resource_id)
        if board is None:
            raise NotFound("gone", code="TensorboardNotFound")
        if board.get("Status") in ("Creating", "Running"):
            try:
                api.stop_tensorboard(session, resource_id)
            except NotFound:
                raise
            except CloudError:
                pass  # the delete below says whether that mattered
        api.delete_tensorboard(session, resource_id)


@dataclass
class TensorboardArgs:
    """Inputs of a `Tensorboard`. Every input replaces it; none updates in place."""

    job_id: pulumi.Input[str]
    """The DLC job (e.g. `DlcJob.job_id`)."""
    summary_path: pulumi.Input[str] | None = None
    """The job's summary directory (e.g. oss://bucket/runs/train-1/)."""
    display_name: pulumi.Input[str] | None = None
    """Name; unset: tb- plus part of the creation token."""
    workspace_id: pulumi.Input[str] | None = None
    """Workspace; unset: the job's."""
    data_source_id: pulumi.Input[str] | None = None
    """A dataset holding the summaries."""
    data_source_type: pulumi.Input[str] | None = None
    """OSS or NAS."""
    uri: pulumi.Input[str] | None = None
    """Storage URI of the summaries."""
    cpu: pulumi.Input[int] | None = None
    """CPU cores."""
    memory: pulumi.Input[int] | None = None
    """Memory in GiB."""
    max_running_time_minutes: pulumi.Input[int] | None = None
    """Stops itself after this many minutes."""
    adopt_id: pulumi.Input[str] | None = None
    """Manage this existing TensorBoard (tb...) instead of creating one."""
    timeouts: TimeoutsArgs | TimeoutsArgsDict | None = None
    """Wait limits in seconds; defaults create 600, update 300, delete 300."""


class TensorboardArgsDict(TypedDict, total=False):
    """`TensorboardArgs` as a plain dict."""

    job_id: pulumi.Input[str]
    summary_path: pulumi.Input[str]
    display_name: pulumi.Input[str]
    workspace_id: pulumi.Input[str]
    data_source_id: pulumi.Input[str]
    data_source_type: pulumi.Input[str]
    uri: pulumi.Input[str]
    cpu: pulumi.Input[int]
    memory: pulumi.Input[int]
    max_running_time_minutes: pulumi.Input[int]
    adopt_id: pulumi.Input[str]
    timeouts: TimeoutsArgs | TimeoutsArgsDict


class Tensorboard(pulumi.dynamic.Resource, module="dlc", name="Tensorboard"):
    """A TensorBoard for a DLC job's summaries. Every input replaces it.

    Outputs: `url` (secret: it carries an access token), `status`, `tensorboard_id`, `reason_code`,
    `reason_message`, `observed_display_name`, `observed_workspace_id`, `created_time`, `creation_token`.
    """

    tensorboard_id: pulumi.Output[str]
    job_id: pulumi.Output[str]
    url: pulumi.Output[str]
    status: pulumi.Output[str]
    reason_code: pulumi.Output[str]
    reason_message: pulumi.Output[str]
    observed_display_name: pulumi.Output[str]
    observed_workspace_id: pulumi.Output[str]
    created_time: pulumi.Output[str | None]
    creation_token: pulumi.Output[str | None]

    OUTPUTS: ClassVar[tuple[str, ...]] = (
        "tensorboard_id", "url", "status", "reason_code", "reason_message", "observed_display_name",
        "observed_workspace_id", "created_time", "creation_token",
    )

    def __init__(
        self,
        resource_name: str,
        args: TensorboardArgs | TensorboardArgsDict | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        props = resource_props(TensorboardArgs, args, kwargs, self.OUTPUTS)
        props["dlc_identity"] = resource_identity(type(self), resource_name, opts)
        secret = pulumi.ResourceOptions(additional_secret_outputs=["url"])
        super().__init__(TensorboardProvider(), resource_name, props, pulumi.ResourceOptions.merge(opts, secret))
