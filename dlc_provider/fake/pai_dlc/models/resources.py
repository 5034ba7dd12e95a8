"""The PAI-DLC resources as plain dataclasses: jobs (with their pods and status history) and TensorBoards."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...core.backend import Resource
from ..rules import Outcome


@dataclass
class Pod:
    """One replica of a role. It exists from the job's EnvPreparing on (`created_at` set)."""

    pod_id: str
    pod_uid: str
    role: str
    index: int
    ip: str = ""
    node_name: str = ""
    status: str = "Pending"
    created_at: float | None = None
    started_at: float | None = None
    finished_at: float | None = None
    fails: bool = False  # the pod whose log ends in the traceback when the job fails
    exit_code: int | None = None  # locally run pods: the command's exit code (128+N for signal N)
    restarts: int = 0  # restarts by the role's RestartPolicy
    history: list[Pod] = field(default_factory=list)  # the pods this one replaced (GetJob `HistoryPods`)


@dataclass
class StatusEntry:
    status: str
    start: float
    reason_code: str = ""
    reason_message: str = ""


@dataclass
class Job(Resource):
    display_name: str = ""
    job_type: str = ""
    workspace_id: str = ""
    resource_id: str = ""
    resource_type: str = "ECS"
    priority: int = 1
    user_command: str = ""
    description: str = ""
    accessibility: str = "PRIVATE"
    job_specs: list[dict[str, Any]] = field(default_factory=list)
    body: dict[str, Any] = field(default_factory=dict)  # the request as sent, unset fields dropped
    tags: dict[str, str] = field(default_factory=dict)
    request_cpu: int = 0
    request_gpu: float = 0.0
    request_memory: float = 0.0
    outcome: Outcome = field(default_factory=Outcome)
    pods: list[Pod] = field(default_factory=list)
    history: list[StatusEntry] = field(default_factory=list)
    plan: list[tuple[float, str]] = field(default_factory=list)  # statuses still to come, with their times
    run_ends_at: float | None = None  # when Running was planned to end (None: runs until stopped)
    reason_code: str = ""
    reason_message: str = ""
    modified_at: float = 0.0
    local_root: str = ""  # run for real: the fake's folder of local runs ("" = simulated)

    @property
    def switch_id(self) -> str:
        return str((self.body.get("UserVpc") or {}).get("SwitchId") or "")

    @property
    def security_group_id(self) -> str:
        return str((self.body.get("UserVpc") or {}).get("SecurityGroupId") or "")

    def reached(self, status: str) -> float | None:
        """When the job entered `status` (the last time), or None."""
        for entry in reversed(self.history):
            if entry.status == status:
                return entry.start
        return None

    def finished_at(self) -> float | None:
        return self.history[-1].start if self.history and self.history[-1].status in (
            "Succeeded", "Failed", "Stopped") else None


@dataclass
class Tensorboard(Resource):
    display_name: str = ""
    job_id: str = ""
    workspace_id: str = ""
    summary_path: str = ""
    summary_relative_path: str = ""
    data_source_id: str = ""
    data_source_type: str = ""
    uri: str = ""
    source_type: str = ""
    source_id: str = ""
    cpu: int = 0
    memory: int = 0
    max_running_time_minutes: int = 0
    priority: str = "1"
    quota_id: str = ""
    accessibility: str = "PRIVATE"
    options: str = ""
    spec: dict[str, Any] = field(default_factory=dict)  # TensorboardSpec: EcsType, VpcId, SwitchId, SecurityGroupId
    data_sources: list[dict[str, Any]] = field(default_factory=list)
    token: str = ""
    started_at: float | None = None
    finished_at: float | None = None
    reason_code: str = ""
    reason_message: str = ""
    modified_at: float = 0.0
