"""Jobs: CreateJob's rules that need other services, the life cycle and its pods, list/update/stop/delete.

Choices where PAI-DLC is silent (see README.md, "PAI-DLC (training jobs, TensorBoards)"): UpdateJob changes Priority, UserCommand and
JobSpecs only before the job has pods (Creating, Queuing, Bidding), Description and Accessibility (only
PRIVATE -> PUBLIC) any time; StopJob is refused once the job has ended; DeleteJob is refused until it has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from ...core.lifecycle import Lifecycle
from .. import catalogue, rules
from ..exceptions import IncorrectJobStatus, InvalidField, JobNotFound, MissingField, PodNotFound, WorkspaceNotFound
from .job_behaviour import JobBehaviourMixin, restarts_failing_pod, stop_lifecycle, with_restart
from .local_jobs import LocalJobsMixin
from .resources import Job, Pod, StatusEntry

REASONS = {
    "Succeeded": ("JobSucceeded", "The job succeeded."),
    "Stopping": ("JobStoppedByUser", "The job is stopped by the user."),
    "Stopped": ("JobStoppedByUser", "The job is stopped by the user."),
}


def parse_time(text: str | None, name: str) -> float | None:
    """`2024-01-02T03:04:05Z` (fractions and offsets allowed) as epoch seconds; None if absent."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidField(name, f"{name} must be a UTC time such as 2024-01-02T03:04:05Z.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


class JobsMixin(LocalJobsMixin, JobBehaviourMixin):
    _default_workspace: str

    # -- lookups -----------------------------------------------------------------------------------------
    def get_job(self, job_id: str | None, *, visible: bool = False) -> Job:
        """The job (reads pass `visible=True`: an eventual-consistency fault may hide a new one)."""
        return self.find("jobs", job_id, JobNotFound(job_id=job_id), visible=visible)

    def get_pod(self, job: Job, pod_id: str, pod_uid: str | None = None) -> Pod:
        for pod in [*job.pods, *(old for pod in job.pods for old in pod.history)]:
            if pod.pod_id == pod_id and (not pod_uid or pod.pod_uid == pod_uid):
                return pod
        raise PodNotFound(pod_id=pod_id, job_id=job.id)

    def default_workspace_id(self) -> str:
        """The AIWorkspace service's default workspace if it offers one, else one of the fake's own."""
        workspaces = self.peer("aiworkspace")
        offered = getattr(workspaces, "default_workspace_id", None)
        if callable(offered):
            return str(offered())
        if not self._default_workspace:
            self._default_workspace = self.context.ids.numeric_id(6)
        return self._default_workspace

    def check_workspace(self, workspace_id: Any) -> str:
        """The job's workspace: the default one if none is named; a named one must exist in AIWorkspace
        (when the fake has that service; alone, PAI-DLC takes any ID)."""
        if not workspace_id:
            return self.default_workspace_id()
        workspaces = self.peer("aiworkspace")
        if workspaces is not None and "workspaces" in getattr(workspaces, "kinds", ()):
            if workspaces.get("workspaces", str(workspace_id)) is None:
                raise WorkspaceNotFound(workspace_id=workspace_id)
        return str(workspace_id)

    def workspace_name(self, workspace_id: str) -> str:
        """The workspace's name if the AIWorkspace service knows it ("" otherwise)."""
        workspaces = self.peer("aiworkspace")
        if workspaces is None or "workspaces" not in getattr(workspaces, "kinds", ()):
            return ""
        return str(getattr(workspaces.get("workspaces", workspace_id), "name", "") or "")

    def _dataset_uri(self, dataset_id: str) -> str:
        """A dataset's URI, if the AIWorkspace service knows the dataset ("" otherwise)."""
        workspaces = self.peer("aiworkspace")
        lookup = getattr(workspaces, "dataset_uri", None)
        if callable(lookup):
            return str(lookup(dataset_id) or "")
        if workspaces is not None and "datasets" in getattr(workspaces, "kinds", ()):
            dataset = workspaces.get("datasets", dataset_id)
            return str(getattr(dataset, "uri", "") or "")
        return ""

    # -- CreateJob ----------------------------------------------------------------------------------------
    def create_job(self, sent: Any) -> Job:
        if not isinstance(sent, dict):
            raise MissingField("DisplayName")
        rules.check_body_size(sent)
        body = rules.without_unset(sent)
        facts = rules.check_create_job(body, self.region)
        user_vpc = body.get("UserVpc") or {}
        vswitch = self.check_user_network("UserVpc", user_vpc.get("VpcId"), user_vpc.get("SwitchId"),
                                          user_vpc.get("SecurityGroupId"))
        if not user_vpc.get("VpcId") and any(
            rules.is_cpfs_uri(self._dataset_uri(source["DataSourceId"]))
            for source in body.get("DataSources") or [] if source.get("DataSourceId")
        ):
            raise InvalidField("UserVpc", "CPFS datasets need a UserVpc (the VPC of the CPFS mount target).")
        now = self.now()
        job = Job(
            id=self.context.ids.token(14, prefix="dlc"),
            display_name=body["DisplayName"],
            job_type=body["JobType"],
            workspace_id=self.check_workspace(body.get("WorkspaceId")),
            resource_id=str(body.get("ResourceId") or ""),
            resource_type=facts.resource_type,
            priority=rules.check_priority(body.get("Priority")),
            user_command=str(body.get("UserCommand") or ""),
            description=str(body.get("Description") or ""),
            accessibility=str(body.get("Accessibility") or "PRIVATE"),
            job_specs=body["JobSpecs"],
            body=body,
            tags={str(k): str(v) for k, v in ((body.get("Settings") or {}).get("Tags") or {}).items()},
            request_cpu=facts.request_cpu,
            request_gpu=facts.request_gpu,
            request_memory=facts.request_memory,
            outcome=facts.outcome,
            modified_at=now,
            local_root=self.local_root_for(body),
        )
        if job.local_root:  # Running lasts until the processes decide
            facts = replace(facts, outcome=replace(facts.outcome, run_seconds=None))
            job.outcome = facts.outcome
        job.pods = self._new_pods(job, vswitch)
        lifecycle = rules.job_lifecycle(facts)
        if not job.local_root and restarts_failing_pod(job):
            lifecycle = with_restart(lifecycle, float(facts.outcome.run_seconds or 0.0))
        self._begin(job, lifecycle)
        if facts.outcome.ends:
            job.run_ends_at = job.plan[-1][0]
        return self.add("jobs", job)

    def _new_pods(self, job: Job, vswitch: Any) -> list[Pod]:
        specs = sorted(job.job_specs, key=lambda spec: spec["Type"] not in rules.MASTER_ROLES)
        slots = [(str(spec["Type"]), n) for spec in specs for n in range(int(spec.get("PodCount", 1)))]
        in_use = [pod.ip for other in self.all("jobs") if other.status not in rules.TERMINAL
                  and other.switch_id and other.switch_id == job.switch_id for pod in other.pods]
        addresses = self.pod_addresses(len(slots), vswitch, in_use)
        pods = [Pod(pod_id=f"{job.id}-{role.lower()}-{n}", pod_uid=self.context.ids.request_id().lower(),
                    role=role, index=n, ip=address) for (role, n), address in zip(slots, addresses, strict=True)]
        if pods:
            pods[0].fails = True
        return pods

    # -- life cycle --------------------------------------------------------------------------------------------
    def _begin(self, job: Job, lifecycle: Lifecycle) -> None:
        self.start(job, lifecycle)
        assert job.track is not None
        job.plan = list(job.track.due)
        self._reached(job, job.status, self.now())

    def on_job_status(self, job: Job, status: str) -> None:
        at = self.now()
        while job.plan:
            due, planned = job.plan.pop(0)
            if planned == status:
                at = due
                break
        self._reached(job, status, at)

    def _reached(self, job: Job, status: str, at: float, reason: tuple[str, str] | None = None) -> None:
        code, message = REASONS.get(status, ("", ""))
        if status == "EnvPreparing":
            for pod in job.pods:
                pod.created_at, pod.node_name = at, self.node_name()
        elif status == "Running":
            self.start_pods(job, at)
            if job.local_root:
                self.local_start(job)
        elif status == "Restarting":
            code, message = self.restart_failing_pod(job, at)
        elif status == "Failed":
            failing = next((pod for pod in job.pods if pod.fails), None)
            code = "JobFailed"
            message = (f"The pod {failing.pod_id} exited with code 1: {job.outcome.error}" if failing
                       else "The job failed.")
        if reason is not None:
            code, message = reason
        if status in rules.TERMINAL:
            for pod in self._scheduled(job.pods):
                if pod.finished_at is not None:  # a locally run pod that ended by itself
                    continue
                pod.finished_at = at
                pod.status = "Succeeded" if status == "Succeeded" else "Failed"
        job.history.append(StatusEntry(status, at, code, message))
        job.reason_code, job.reason_message = code, message

    @staticmethod
    def _scheduled(pods: Iterable[Pod]) -> list[Pod]:
        return [pod for pod in pods if pod.created_at is not None]

    # -- ListJobs -------------------------------------------------------------------------------------------------
    def list_jobs(
        self, *, workspace_id: str | None, display_name: str | None, job_ids: list[str], job_type: str | None,
        statuses: list[str], resource_id: str | None, tags: dict[str, str], start: float | None,
        end: float | None, sort_by: str, descending: bool,
    ) -> list[Job]:
        now = self.now()
        if start is None and end is None:
            start = now - 7 * 24 * 3600  # the API's default window: created in the last 7 days
        wanted_ids = {job_id.lower() for job_id in job_ids}
        jobs = [
            job for job in self.all_visible("jobs")
            if (not workspace_id or job.workspace_id == workspace_id)
            and (not display_name or display_name.lower() in job.display_name.lower())
            and (not wanted_ids or job.id.lower() in wanted_ids)
            and (not job_type or job.job_type == job_type)
            and (not statuses or job.status in statuses)
            and (not resource_id or job.resource_id == resource_id)
            and all(job.tags.get(key) == value for key, value in tags.items())
            and (start is None or int(job.created_at) >= start)
            and (end is None or int(job.created_at) <= end)
        ]
        # Ties (same second, same name) keep the order of creation: the store's insertion order.
        position = {job.id: n for n, job in enumerate(jobs)}
        keys = {
            "DisplayName": lambda job: (job.display_name, position[job.id]),
            "JobType": lambda job: (job.job_type, position[job.id]),
            "Status": lambda job: (job.status, position[job.id]),
            "GmtFinishTime": lambda job: (job.finished_at() or float("inf"), position[job.id]),
        }
        return sorted(jobs, key=keys.get(sort_by, lambda job: (job.created_at, position[job.id])),
                      reverse=descending)

    # -- UpdateJob --------------------------------------------------------------------------------------------------
    def update_job(self, job_id: str, sent: Any) -> Job:
        job = self.get_job(job_id)
        body = rules.without_unset(sent) if isinstance(sent, dict) else {}
        before_pods = {"Priority", "UserCommand", "JobSpecs"} & set(body)
        if before_pods and job.status not in rules.NOT_STARTED:
            raise IncorrectJobStatus(job_id=job.id, current=job.status,
                                     action=f"updating {', '.join(sorted(before_pods))}")
        accessibility = rules.check_accessibility(body.get("Accessibility"))
        if accessibility == "PRIVATE" and job.accessibility == "PUBLIC":
            raise InvalidField("Accessibility", "A job's visibility can be widened (PRIVATE -> PUBLIC), not narrowed.")
        if "Priority" in body:
            job.priority = rules.check_priority(body["Priority"])
        if "JobSpecs" in body:
            self._replace_specs(job, body["JobSpecs"])
        if "UserCommand" in body:
            job.user_command = str(body["UserCommand"])
        if "Description" in body:
            job.description = str(body["Description"])
        if accessibility:
            job.accessibility = accessibility
        job.modified_at = self.now()
        return job

    def _replace_specs(self, job: Job, specs: Any) -> None:
        checked = rules.check_job_specs(job.job_type, specs, public=not job.resource_id)
        on_lingjun_quota = catalogue.quota_resource_type(job.resource_id) == "Lingjun"
        if (any(lingjun for _, _, lingjun in checked) or on_lingjun_quota) != (job.resource_type == "Lingjun"):
            raise InvalidField("JobSpecs", "UpdateJob cannot move a job between ECS and Lingjun resources.")
        job.job_specs = specs
        job.request_cpu = sum(size.cpu * spec.get("PodCount", 1) for spec, size, _ in checked)
        job.request_gpu = float(sum(size.gpu * spec.get("PodCount", 1) for spec, size, _ in checked))
        job.request_memory = float(sum(size.memory * spec.get("PodCount", 1) for spec, size, _ in checked))
        vswitch = self.peer("vpc").get("vswitches", job.switch_id) if job.switch_id else None
        job.pods = []  # frees the old addresses before picking new ones
        job.pods = self._new_pods(job, vswitch)

    # -- StopJob / DeleteJob -------------------------------------------------------------------------------------------
    def stop_job(self, job_id: str) -> Job:
        job = self.get_job(job_id)
        if job.status in rules.TERMINAL:
            raise IncorrectJobStatus(job_id=job.id, current=job.status, action="StopJob")
        if job.status != "Stopping":
            if not self.local_stop(job):
                self._begin(job, stop_lifecycle(job))
            job.modified_at = self.now()
        return job

    def delete_job(self, job_id: str) -> Job:
        job = self.get_job(job_id)
        if job.status not in rules.TERMINAL:
            raise IncorrectJobStatus(job_id=job.id, current=job.status, action="DeleteJob (stop the job first)")
        self.local_forget(job)
        self.remove("jobs", job.id)
        return job
