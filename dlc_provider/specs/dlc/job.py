"""`DlcJobSpec`: the validated inputs of a `DlcJob`, and which of them change in place.

Field names follow the console's labels (named in each description). Rules that span fields run in
``rules`` from the model's after-validator; region-dependent ones read the region from the validation
context: ``DlcJobSpec.model_validate(data, context={"region": "cn-hangzhou"})``.

In place vs. replacement: only ``IN_PLACE_FIELDS`` change an existing job: ``priority`` through
UpdateJob, ``stopped`` true through StopJob, and the provider's own ``wait_until`` and ``timeouts``.
``stopped`` back to false needs a new job, as a stopped job cannot restart. Every other field replaces
the job: PAI-DLC cannot change a submitted job's image, command, resources, roles, data, network,
settings or tags, so a change submits a new job.
"""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..declare import Computed, program_type
from .advanced import AdvancedParameters, FaultTolerance, RamRole, Retention, SanityCheck
from ..common import Timeouts
from ..checks import ResourceId
from ..failures import RULES_ERROR_TYPE, shown
from .common import RESERVED_TAG_PREFIX, InputModel, user_path
from .environment import CodeSource, DataSource, Image, StorageMount
from .frameworks import Framework, Roles
from .job_options import MAX_CUSTOM_ENVS, CustomEnv, JobElasticSpec, JobSettingsOptions
from .network import Network
from .resources import Resources, ResourceType
from .rules import RuleContext, spec_rule_failures

__all__ = ["IN_PLACE_FIELDS", "LIFECYCLE_FIELDS", "RULES_ERROR_TYPE", "DlcJobSpec", "JobTimeouts", "WaitUntil"]

#: Inputs that change in place; a change of any other input replaces the job (a new job is submitted).
IN_PLACE_FIELDS: frozenset[str] = frozenset({"priority", "stopped", "wait_until", "timeouts"})

#: Inputs the provider acts on itself; they are not part of the CreateJob request.
LIFECYCLE_FIELDS: tuple[str, ...] = ("wait_until", "timeouts", "stopped")

#: How far create waits: the job accepted, running, or finished successfully.
WaitUntil = Literal["submitted", "running", "succeeded"]

_DISPLAY_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,256}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_ENVS = 20


class JobTimeouts(Timeouts):
    """Time limits (seconds) of the provider's waits; unset ones use the provider's defaults. The
    project's ``timeouts`` input, without its one-day cap: a job may be waited on until it succeeds."""

    create: float | None = Field(None, gt=0, description="Create, including the wait for `wait_until`.")
    update: float | None = Field(None, gt=0, description="An in-place update (priority, stop) and its wait.")
    delete: float | None = Field(None, gt=0, description="Stop and delete, until the job is gone.")


class DlcJobSpec(InputModel):
    """Inputs of a PAI-DLC training job, as the console's Create Job page groups them."""

    COMPUTED: ClassVar[dict[str, Computed]] = {
        "job_id": Computed("str", "The job's ID (dlc...), also the resource ID."),
        "status": Computed("str", "The job's status: Creating, Queuing, Running, Succeeded, Failed, Stopped, ..."),
        "reason_code": Computed("str", "Why the job is in its status (failures)."),
        "reason_message": Computed("str", "The reason in words."),
        "pods": Computed("list[dict[str, Any]]", "The job's pods: [{pod_id, role, status, ip}]."),
        "observed_workspace_id": Computed("str | None", "The workspace the job runs in, as PAI-DLC reports it."),
        "created_time": Computed("str | None", "When the job was submitted (UTC, ISO 8601)."),
        "running_time": Computed("str | None", "When the job started running."),
        "finished_time": Computed("str | None", "When the job finished."),
        "duration_seconds": Computed("int | None", "How long the job ran."),
        "console_url": Computed("str", "The job's page in the PAI console."),
        "observed_priority": Computed("int | None", "The priority PAI-DLC reports."),
    }

    #: The project's diff protocol (``specs.common.InputSpec``): in place vs. replacement.
    UPDATE_FIELDS: ClassVar[tuple[str, ...]] = tuple(sorted(IN_PLACE_FIELDS))
    REPLACE_FIELDS: ClassVar[tuple[str, ...]] = ()  # every other field; filled in after the class

    # Basic information
    display_name: str = Field(description="Job Name (`DisplayName`): up to 256 letters, digits, `_`, `.`, `-`.")
    description: str | None = Field(None, description="Description (`Description`).")
    tags: dict[str, str] = Field(default_factory=dict, description="Tag (`Settings.Tags`).")
    workspace_id: ResourceId | None = Field(None, description="Workspace ID (`WorkspaceId`); unset: the default workspace.")

    # Environment configuration
    image: Image | None = Field(
        None,
        description="Image config for every role without its own `image`: a registry address, or "
        "{kind: official|custom|registry, uri, username, password}.",
        json_schema_extra=program_type("str | Mapping[str, Any]"),
    )
    data_sources: list[DataSource] = Field(
        default_factory=list, description="Mount dataset: custom datasets (read-only or not) and public datasets."
    )
    storage_mounts: list[StorageMount] = Field(
        default_factory=list, description="Mount storage: OSS, NAS, Extreme NAS, CPFS, BMCPFS (Lingjun) by URI."
    )
    code_source: CodeSource | None = Field(None, description="Code Builds: a PAI code source.")
    command: str = Field(min_length=1, description="Startup Command (`UserCommand`), a shell command for every node.")
    envs: dict[str, str] = Field(default_factory=dict, description="Environment Variable (`Envs`), at most 20.")
    thirdparty_libs: list[str] = Field(
        default_factory=list, description="Third-party Libraries → Select from List: pip packages (`ThirdpartyLibs`)."
    )
    thirdparty_lib_dir: str | None = Field(
        None, description="Third-party Libraries → Directory of requirements.txt (`ThirdpartyLibDir`)."
    )

    # Resource configuration
    resource_type: ResourceType = Field(
        "general", description="Resource Type: `general` computing or `lingjun` (Lingjun regions only). Not sent."
    )
    resources: Resources = Field(
        default_factory=lambda: {"source": "public"},  # type: ignore[arg-type,return-value]
        validate_default=True,
        description="Source: `public`, `quota` (resource quota) or `preemptible` resources.",
        json_schema_extra=program_type("str | Mapping[str, Any]"),
    )
    framework: Framework = Field(description="Framework (`JobType`).")
    roles: Roles = Field(description="Job Resource: nodes per role.")
    priority: int | None = Field(
        None,
        description="Priority 1 (lowest) to 9 (`Priority`); unset: 1. Changes through UpdateJob, only while the "
        "job has no pods (Creating, Queuing, Bidding); later the update fails.",
    )
    max_running_time_minutes: int | None = Field(
        None, description="Maximum Duration in minutes (`JobMaxRunningTimeMinutes`); unset: 30 days."
    )
    retention: Retention | None = Field(None, description="Retention Period of finished jobs.")
    success_policy: Literal["ChiefWorker", "AllWorkers", "Partial"] | None = Field(
        None,
        description="When the job counts as succeeded (`SuccessPolicy`): ChiefWorker, AllWorkers (TensorFlow; "
        "unset: AllWorkers), or Partial (the roles with `consider_in_success_policy`).",
    )
    data_source_options: str | None = Field(None, description="JindoFS tuning of mounted data, `k=v,k=v` (`Options`).")
    accessibility: Literal["PUBLIC", "PRIVATE"] | None = Field(
        None, description="Visibility in the workspace (`Accessibility`)."
    )

    # The rest of CreateJob (API names)
    custom_envs: list[CustomEnv] = Field(
        default_factory=list,
        description="`CustomEnvs`: environment variables with a visibility, at most 20; `visible: false` hides a "
        "value (a secret: never in state, logs or diffs, only a fingerprint). Names unique, not also in `envs`.",
    )
    elastic_spec: JobElasticSpec | None = Field(None, description="`ElasticSpec`: elastic training and its AIMaster.")
    scheduling_strategy: str | None = Field(None, description="`SchedulingStrategy`, passed as given.")
    template_id: str | None = Field(None, description="`TemplateId`: the job template the job is made from.")
    template_version: int | None = Field(
        None, ge=1, description="`TemplateVersion` of `template_id`, 1 or more; unset: the default version."
    )
    debugger_config_content: str | None = Field(
        None, description="`DebuggerConfigContent`: the debugger configuration (the API reference: not supported yet)."
    )
    settings: JobSettingsOptions | None = Field(
        None, description="Further `Settings`: RDMA, driver, grace period, shell, pipeline, output model, ..."
    )

    # VPC configuration
    network: Network | None = Field(None, description="VPC configuration; unset: PAI's public network.")

    # Fault tolerance and diagnosis
    fault_tolerance: FaultTolerance | None = Field(None, description="Automatic Fault Tolerance (AIMaster).")
    sanity_check: SanityCheck | None = Field(None, description="Sanity Check (PyTorch, GPUs, Lingjun quota).")

    # Roles and permissions
    ram_role: RamRole = Field(
        default_factory=lambda: {"kind": "none"},  # type: ignore[arg-type,return-value]
        validate_default=True,
        description="Instance RAM role: `none` (default), `pai_default`, or a custom role's ARN.",
        json_schema_extra=program_type("str | Mapping[str, Any]"),
    )

    # Advanced framework configuration
    advanced: AdvancedParameters = Field(
        default_factory=lambda: AdvancedParameters.model_validate({}), description="Advanced Framework Configuration."
    )

    # Life cycle (the provider's, not the API's)
    wait_until: WaitUntil = Field(
        "running",
        description="How far create waits: `submitted` (CreateJob returned), `running` (default: the job got "
        "resources and its image, mounts and network came up; a job already past Running counts) or "
        "`succeeded`.",
    )
    timeouts: JobTimeouts | None = Field(
        None,
        description="Time limits of the provider's waits; defaults (seconds): create 3600, update 900, delete 900.",
    )
    stopped: bool = Field(
        False,
        description="True stops the job in place (StopJob); it stays in state. A stopped job cannot restart: "
        "setting it back to false submits a new job.",
    )

    @field_validator("display_name")
    @classmethod
    def _display_name(cls, value: str) -> str:
        if not _DISPLAY_NAME.match(value):
            raise ValueError("job names are 1-256 letters, digits, underscores, periods and hyphens")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if key.startswith(RESERVED_TAG_PREFIX):
                raise ValueError(f"tag key {shown(key)}: the prefix {RESERVED_TAG_PREFIX} is reserved for the provider")
        return value

    @field_validator("envs")
    @classmethod
    def _envs(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > MAX_ENVS:
            raise ValueError(f"at most {MAX_ENVS} environment variables per job, got {len(value)}")
        for name in value:
            if not _ENV_NAME.match(name):
                raise ValueError(f"{shown(name)} is not an environment variable name (letters, digits, _; no leading digit)")
        return value

    @field_validator("custom_envs")
    @classmethod
    def _custom_envs(cls, value: list[CustomEnv]) -> list[CustomEnv]:
        if len(value) > MAX_CUSTOM_ENVS:
            raise ValueError(f"at most {MAX_CUSTOM_ENVS} custom environment variables, got {len(value)}")
        keys = [env.key for env in value]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise ValueError(f"custom environment variable names must be unique: {', '.join(twice)} appears twice")
        return value

    @field_validator("priority")
    @classmethod
    def _priority(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 9:
            raise ValueError("priority is 1 (lowest) to 9 (highest)")
        return value

    @field_validator("max_running_time_minutes")
    @classmethod
    def _minutes(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError("must be at least 1 minute")
        return value

    @model_validator(mode="after")
    def _cross_field_rules(self, info: ValidationInfo) -> DlcJobSpec:
        failures = spec_rule_failures(self, RuleContext.from_context(info.context))
        if failures:
            summary = "; ".join(f"{user_path(loc) or '(job)'}: {reason}" for loc, reason in failures)
            raise PydanticCustomError(
                RULES_ERROR_TYPE,
                "{summary}",
                {"summary": summary, "failures": [[list(loc), reason] for loc, reason in failures]},
            )
        return self


DlcJobSpec.REPLACE_FIELDS = tuple(name for name in DlcJobSpec.model_fields if name not in IN_PLACE_FIELDS)
