"""Input spec of a `Tensorboard` (a PAI-DLC TensorBoard for a job's summaries)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from .common import InputSpec, check_name
from .declare import Computed

__all__ = ["TensorboardSpec"]


class TensorboardSpec(InputSpec):
    """Inputs of a `Tensorboard`. All of them replace it."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "tensorboard_id": Computed("str", "The TensorBoard's ID (tb...)."),
        "url": Computed("str", "The TensorBoard's web address; it carries an access token.", secret=True),
        "status": Computed("str", "Creating, Running, Stopped or Failed."),
        "reason_code": Computed("str", "Why it is in its status (failures)."),
        "reason_message": Computed("str", "The reason in words."),
        "observed_display_name": Computed("str", "The name the service reports."),
        "observed_workspace_id": Computed("str", "The workspace the service reports."),
        "created_time": Computed("str | None", "When the TensorBoard was created (UTC, ISO 8601)."),
    }

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
