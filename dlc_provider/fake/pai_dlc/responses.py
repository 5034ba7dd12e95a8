"""Request parsing of the fake PAI-DLC API (ROA): path, query and JSON body in, the reply dict out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..core.params import page_by_number
from ..core.registry import ServiceResponses
from . import catalogue, shapes
from .exceptions import InvalidField
from .models import DlcBackend
from .models.activity import job_events, pod_log, window
from .models.jobs import parse_time

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50
DEFAULT_MAX_LINES = 2000
JOB_SORT_FIELDS = ("DisplayName", "JobType", "Status", "GmtCreateTime", "GmtFinishTime")
SPEC_SORT_KEYS: dict[str, Callable[[catalogue.EcsSpecInfo], Any]] = {
    "CPU": lambda spec: (spec.cpu, spec.instance_type),
    "GPU": lambda spec: (spec.gpu, spec.instance_type),
    "Memory": lambda spec: (spec.memory, spec.instance_type),
}


class DlcResponses(ServiceResponses):
    backend: DlcBackend

    # -- helpers ------------------------------------------------------------------------------------------
    def _path(self, name: str) -> str:
        return self.call.path_args[name]

    def _page(self, items: Sequence[T], list_name: str, shape: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
        number, size = self.paging(DEFAULT_PAGE_SIZE)
        return {list_name: [shape(item) for item in page_by_number(items, number, size)], "TotalCount": len(items)}

    def _time(self, name: str) -> float | None:
        return parse_time(self.params.get(name), name)

    def _descending(self, default: str) -> bool:
        return (self.params.choice("Order", ("asc", "desc"), default) or default) == "desc"

    # -- jobs ------------------------------------------------------------------------------------------------
    def create_job(self) -> dict[str, Any]:
        return {"JobId": self.backend.create_job(self.call.body).id}

    def get_job(self) -> dict[str, Any]:
        # NeedDetail is accepted; the fake always answers in full.
        return shapes.job(self.backend, self.backend.get_job(self._path("JobId"), visible=True))

    def list_jobs(self) -> dict[str, Any]:
        p = self.params
        tags = p.json("Tags") or {}
        if not isinstance(tags, dict):
            raise InvalidField("Tags", 'Tags must be a JSON object such as {"team":"ml"}.')
        job_ids = [p.get("JobId") or ""] if p.get("JobId") else p.comma_list("JobIds")
        jobs = self.backend.list_jobs(
            workspace_id=p.get("WorkspaceId"),
            display_name=p.get("DisplayName"),
            job_ids=job_ids,
            job_type=p.get("JobType"),
            statuses=p.comma_list("Status"),
            resource_id=p.get("ResourceId"),
            tags={str(k): str(v) for k, v in tags.items()},
            start=self._time("StartTime"),
            end=self._time("EndTime"),
            sort_by=p.choice("SortBy", JOB_SORT_FIELDS, "GmtCreateTime") or "GmtCreateTime",
            descending=self._descending("desc"),
        )
        return self._page(jobs, "Jobs", lambda job: shapes.job(self.backend, job, list_item=True))

    def update_job(self) -> dict[str, Any]:
        return {"JobId": self.backend.update_job(self._path("JobId"), self.call.body).id}

    def stop_job(self) -> dict[str, Any]:
        return {"JobId": self.backend.stop_job(self._path("JobId")).id}

    def delete_job(self) -> dict[str, Any]:
        return {"JobId": self.backend.delete_job(self._path("JobId")).id}

    # -- pods and events -----------------------------------------------------------------------------------
    def get_pod_logs(self) -> dict[str, Any]:
        job = self.backend.get_job(self._path("JobId"), visible=True)
        pod = self.backend.get_pod(job, self._path("PodId"), self.params.get("PodUid"))
        lines = pod_log(job, pod, self.backend.now())
        limit = self.params.int("MaxLines", DEFAULT_MAX_LINES, minimum=1) or DEFAULT_MAX_LINES
        return {
            "JobId": job.id,
            "PodId": pod.pod_id,
            "PodUid": pod.pod_uid,
            "Logs": window(lines, self._time("StartTime"), self._time("EndTime"), limit),
            "ContainerInfo": {"MainContainer": shapes.main_container(job), "SidecarContainers": []},
        }

    def get_job_events(self) -> dict[str, Any]:
        job = self.backend.get_job(self._path("JobId"), visible=True)
        limit = self.params.int("MaxEventsNum", DEFAULT_MAX_LINES, minimum=1) or DEFAULT_MAX_LINES
        return {"JobId": job.id,
                "Events": window(job_events(job, self.backend.now()), self._time("StartTime"), self._time("EndTime"), limit)}

    def get_pod_events(self) -> dict[str, Any]:
        job = self.backend.get_job(self._path("JobId"), visible=True)
        pod = self.backend.get_pod(job, self._path("PodId"), self.params.get("PodUid"))
        limit = self.params.int("MaxEventsNum", DEFAULT_MAX_LINES, minimum=1) or DEFAULT_MAX_LINES
        events = [line for line in job_events(job, self.backend.now()) if line.pod_id == pod.pod_id]
        return {"JobId": job.id, "PodId": pod.pod_id, "PodUid": pod.pod_uid,
                "Events": window(events, self._time("StartTime"), self._time("EndTime"), limit)}

    # -- instance types -------------------------------------------------------------------------------------------
    def list_ecs_specs(self) -> dict[str, Any]:
        p = self.params
        accelerator = p.choice("AcceleratorType", ("CPU", "GPU"))
        resource_type = p.choice("ResourceType", ("ECS", "Lingjun"))
        wanted = set(p.comma_list("InstanceTypes"))
        specs = [
            spec for spec in catalogue.offered_in(self.backend.region)
            if (accelerator is None or spec.accelerator_type == accelerator)
            and (resource_type is None or spec.resource_type == resource_type)
            and (not wanted or spec.instance_type in wanted)
        ]
        sort_by = p.choice("SortBy", ("CPU", "GPU", "Memory", "GmtCreateTime"))
        if sort_by in SPEC_SORT_KEYS:
            specs.sort(key=SPEC_SORT_KEYS[sort_by], reverse=self._descending("asc"))
        return self._page(specs, "EcsSpecs", catalogue.shape)

    # -- TensorBoards -------------------------------------------------------------------------------------------
    def create_tensorboard(self) -> dict[str, Any]:
        board = self.backend.create_tensorboard(self.call.body)
        return {"TensorboardId": board.id, "JobId": board.job_id, "DataSourceId": board.data_source_id}

    def get_tensorboard(self) -> dict[str, Any]:
        board = self.backend.get_tensorboard(self._path("TensorboardId"), visible=True)
        return shapes.tensorboard(self.backend, board)

    def list_tensorboards(self) -> dict[str, Any]:
        p = self.params
        boards = self.backend.list_tensorboards(
            workspace_id=p.get("WorkspaceId"),
            job_id=p.get("JobId"),
            tensorboard_id=p.get("TensorboardId"),
            display_name=p.get("DisplayName"),
            status=p.get("Status"),
            source_id=p.get("SourceId"),
            source_type=p.get("SourceType"),
            start=self._time("StartTime"),
            end=self._time("EndTime"),
            descending=self._descending("desc"),
        )
        return self._page(boards, "Tensorboards", lambda board: shapes.tensorboard(self.backend, board))

    def update_tensorboard(self) -> dict[str, Any]:
        p = self.params
        board = self.backend.update_tensorboard(
            self._path("TensorboardId"),
            max_running_time_minutes=p.int("MaxRunningTimeMinutes", minimum=0),
            priority=p.get("Priority"),
            accessibility=p.get("Accessibility"),
        )
        return {"TensorboardId": board.id}

    def start_tensorboard(self) -> dict[str, Any]:
        return {"TensorboardId": self.backend.start_tensorboard(self._path("TensorboardId")).id}

    def stop_tensorboard(self) -> dict[str, Any]:
        return {"TensorboardId": self.backend.stop_tensorboard(self._path("TensorboardId")).id}

    def delete_tensorboard(self) -> dict[str, Any]:
        return {"TensorboardId": self.backend.delete_tensorboard(self._path("TensorboardId")).id}
