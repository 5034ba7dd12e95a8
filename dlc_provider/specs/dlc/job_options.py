"""Job-wide parts of CreateJob beyond the console's form: custom environment variables (with invisible,
secret ones), the elastic spec, and the further `Settings` (RDMA, driver, grace period, shell, ...).

Field names are the API's words in snake_case; rules that need the rest of the job (RDMA on Lingjun, the
elastic PS fields on TensorFlow) are in ``surface_rules``.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr, model_validator

from .roles_extra import DriverVersion
from .wire import WireModel, matching

__all__ = ["CustomEnv", "JobElasticSpec", "JobSettingsOptions", "ModelConfig", "ModelTemplate"]

EnvKey = matching(r"[A-Za-z_][A-Za-z0-9_]*", "an environment variable name is letters, digits and _, not starting with a digit")
Shell = matching(r"/\S+", "the shell is an absolute path, e.g. /bin/bash")
MAX_CUSTOM_ENVS = 20


class CustomEnv(WireModel):
    """`CustomEnvs[]`: an environment variable that may be invisible (a secret: its value is kept out of
    the job's page, and here out of state, logs and diffs, where it shows as a fingerprint)."""

    AS_TEXT: ClassVar[frozenset[str]] = frozenset({"visible"})

    key: EnvKey = Field(description="`Key`: letters, digits and `_`, not starting with a digit.")
    value: SecretStr = Field(description="`Value`. Kept as a secret whether visible or not.")
    visible: bool | None = Field(
        None, description="`Visible`: false hides the value in the console and in GetJob (sent as `true`/`false`)."
    )


class JobElasticSpec(WireModel):
    """`ElasticSpec`: elastic training (the worker count moves between min and max parallelism) and the
    AIMaster that drives it; `ps_*` and `enable_ps_*` are for TensorFlow PS jobs."""

    WIRE: ClassVar[dict[str, str]] = {
        "ai_master_docker_image": "AIMasterDockerImage",
        "ai_master_type": "AIMasterType",
        "edp_max_parallelism": "EDPMaxParallelism",
        "edp_min_parallelism": "EDPMinParallelism",
        "enable_ai_master": "EnableAIMaster",
        "enable_edp": "EnableEDP",
        "enable_ps_job_elastic_ps": "EnablePsJobElasticPS",
        "ps_max_parallelism": "PSMaxParallelism",
        "ps_min_parallelism": "PSMinParallelism",
    }
    #: TensorFlow PS-job fields.
    PS_FIELDS: ClassVar[tuple[str, ...]] = (
        "enable_ps_job_elastic_ps", "enable_ps_job_elastic_worker", "enable_ps_resource_estimate",
        "ps_max_parallelism", "ps_min_parallelism",
    )

    enable_elastic_training: bool | None = Field(None, description="`EnableElasticTraining`.")
    min_parallelism: int | None = Field(None, ge=1, description="`MinParallelism`: fewest workers, at most the count.")
    max_parallelism: int | None = Field(None, ge=1, description="`MaxParallelism`: most workers, at least the count.")
    elastic_strategy: str | None = Field(None, description="`ElasticStrategy`, passed as given.")
    enable_ai_master: bool | None = Field(None, description="`EnableAIMaster`: run an AIMaster for the job.")
    ai_master_type: str | None = Field(None, description="`AIMasterType`, passed as given.")
    ai_master_docker_image: str | None = Field(None, description="`AIMasterDockerImage`: the AIMaster's image.")
    enable_edp: bool | None = Field(None, description="`EnableEDP`: elastic data parallelism.")
    edp_min_parallelism: int | None = Field(None, ge=1, description="`EDPMinParallelism` (needs enable_edp).")
    edp_max_parallelism: int | None = Field(None, ge=1, description="`EDPMaxParallelism` (needs enable_edp).")
    enable_ps_job_elastic_ps: bool | None = Field(None, description="`EnablePsJobElasticPS` (TensorFlow).")
    enable_ps_job_elastic_worker: bool | None = Field(None, description="`EnablePsJobElasticWorker` (TensorFlow).")
    enable_ps_resource_estimate: bool | None = Field(None, description="`EnablePsResourceEstimate` (TensorFlow).")
    ps_min_parallelism: int | None = Field(None, ge=1, description="`PSMinParallelism` (TensorFlow).")
    ps_max_parallelism: int | None = Field(None, ge=1, description="`PSMaxParallelism` (TensorFlow).")

    @model_validator(mode="after")
    def _pairs(self) -> JobElasticSpec:
        for low, high in (("min_parallelism", "max_parallelism"), ("edp_min_parallelism", "edp_max_parallelism"),
                          ("ps_min_parallelism", "ps_max_parallelism")):
            if getattr(self, low) is not None and getattr(self, high) is not None and getattr(self, low) > getattr(self, high):
                raise ValueError(f"{low} must not exceed {high}")
        if (self.edp_min_parallelism is not None or self.edp_max_parallelism is not None) and not self.enable_edp:
            raise ValueError("edp_min_parallelism and edp_max_parallelism need enable_edp: true")
        if self.ai_master_docker_image is not None and self.enable_ai_master is False:
            raise ValueError("ai_master_docker_image needs the AIMaster (enable_ai_master not false)")
        return self


class ModelTemplate(WireModel):
    """`ModelTemplate` of the output model."""

    collections: str | None = Field(None, description="`Collections`.")
    model_name: str | None = Field(None, description="`ModelName`.")
    provider: str | None = Field(None, description="`Provider`.")


class ModelConfig(WireModel):
    """`ModelConfig`: the output model (joint training only, per the API reference)."""

    model_name: str | None = Field(None, description="`ModelName`.")
    model_template: ModelTemplate | None = Field(None, description="`ModelTemplate`.")


class JobSettingsOptions(WireModel):
    """`Settings` fields without an input of their own (tags, fault tolerance, sanity check, retention, idle
    resources, CPU affinity, tidal resources and advanced parameters have theirs)."""

    WIRE: ClassVar[dict[str, str]] = {
        "enable_rdma": "EnableRDMA",
        "allocate_all_rdma_devices": "AllocateAllRDMADevices",
        "enable_dsw_dev": "EnableDSWDev",
        "output_model": "ModelConfig",
    }
    #: Fields that only a Lingjun job may set.
    LINGJUN_ONLY: ClassVar[tuple[str, ...]] = ("enable_rdma", "allocate_all_rdma_devices")

    enable_rdma: bool | None = Field(None, description="`EnableRDMA`: the job may use RDMA (Lingjun only).")
    allocate_all_rdma_devices: bool | None = Field(
        None, description="`AllocateAllRDMADevices`: mount every RDMA NIC (Lingjun only; needs enable_rdma)."
    )
    allow_unschedulable_nodes: bool | None = Field(
        None, description="`AllowUnschedulableNodes`: may run on nodes marked unschedulable (resource quota)."
    )
    disable_ecs_stock_check: bool | None = Field(
        None, description="`DisableEcsStockCheck`: skip the inventory check at submission."
    )
    driver: DriverVersion = Field(None, description="`Driver`: the NVIDIA driver version for every role, e.g. 535.54.03.")
    elastic_spot_job_max_restart_times: int | None = Field(
        None, ge=0, description="`ElasticSpotJobMaxRestartTimes`: restarts after spot reclaims (needs elastic_spot_specs)."
    )
    enable_dsw_dev: bool | None = Field(None, description="`EnableDSWDev`: DSW development access to the pods.")
    enable_oss_append: bool | None = Field(None, description="`EnableOssAppend`: OSS mounts allow append writes.")
    termination_grace_period_seconds: int | None = Field(
        None, ge=0, le=86400, description="`TerminationGracePeriodSeconds`: time a stopped pod gets to exit, 0-86400 s."
    )
    shell: Shell | None = Field(None, description="`Shell` that runs the command, an absolute path, e.g. /bin/bash.")
    pipeline_id: str | None = Field(None, description="`PipelineId`: the workflow the job belongs to.")
    output_model: ModelConfig | None = Field(None, description="`ModelConfig`: the output model (joint training).")
    business_user_id: str | None = Field(None, description="`BusinessUserId`: the user the job is run for.")
    caller: str | None = Field(None, description="`Caller`: the calling product or tool.")

    @model_validator(mode="after")
    def _rdma(self) -> JobSettingsOptions:
        if self.allocate_all_rdma_devices and not self.enable_rdma:
            raise ValueError("allocate_all_rdma_devices needs enable_rdma: true")
        return self
