"""What the CreateJob fields beyond the console's form do to a simulated job (not run for real):

* `RestartPolicy` OnFailure / Always on the role of the pod that fails: instead of failing, the job goes
  `Restarting`; the pod is replaced by a new one (new pod ID `<old>-r1`, new UID, the old one in its
  `HistoryPods`, an event saying so), the job runs again and succeeds. ExitCode restarts only exit codes
  of 128 and more (a signal); the simulated failure exits with 1, so it is not restarted. Never (or unset):
  the job fails, as before.
* `StartupDependencies`: the role's pods are created with the others but start `DEPENDENCY_SECONDS`
  (scaled like every delay) after the job's Running; until then they are Pending, with a Waiting event.
* `AutoScalingSpec` (MaxReplicas) and `ElasticSpec` (EnableElasticTraining, MaxParallelism of the
  workers): when the job starts running the role scales out to its maximum (the fake's metric is always
  above target), new pods joining; never outside the bounds CreateJob checked.
* `Settings.TerminationGracePeriodSeconds`: StopJob's `Stopping` lasts the grace period longer.
"""

from __future__ import annotations

from typing import Any

from ...core.lifecycle import Lifecycle, Step
from .activity import role_spec
from .resources import Job, Pod

STOP_SECONDS = 3.0
RESTART_SECONDS = 3.0
DEPENDENCY_SECONDS = 3.0
RESTARTS_ON_FAILURE = ("OnFailure", "Always")
SIMULATED_EXIT_CODE = 1


def restarts_failing_pod(job: Job) -> bool:
    """Whether the pod that fails this (failing) job is restarted by its role's RestartPolicy."""
    failing = next((pod for pod in job.pods if pod.fails), None)
    if failing is None or job.outcome.succeed or job.outcome.run_seconds is None:
        return False
    policy = str(role_spec(job, failing.role).get("RestartPolicy") or "Never")
    return policy in RESTARTS_ON_FAILURE or (policy == "ExitCode" and SIMULATED_EXIT_CODE >= 128)


def with_restart(lifecycle: Lifecycle, run_seconds: float) -> Lifecycle:
    """The life cycle of a failing job whose failing pod is restarted: … Running → Restarting → Running →
    Succeeded, in place of … Running → Failed."""
    steps = list(lifecycle.steps)
    assert steps and steps[-1].status == "Failed"
    last = steps.pop()
    steps += [Step("Restarting", last.seconds), Step("Running", RESTART_SECONDS), Step("Succeeded", run_seconds)]
    return Lifecycle(lifecycle.initial, *steps)


def stop_lifecycle(job: Job) -> Lifecycle:
    """Stopping → Stopped, the grace period (TerminationGracePeriodSeconds) longer."""
    grace = (job.body.get("Settings") or {}).get("TerminationGracePeriodSeconds")
    return Lifecycle("Stopping", Step("Stopped", STOP_SECONDS + float(grace or 0)))


class JobBehaviourMixin:
    """Hooks `JobsMixin` calls at Running and Restarting."""

    context: Any

    def now(self) -> float:
        raise NotImplementedError  # the backend's

    def node_name(self) -> str:
        raise NotImplementedError  # NetworkMixin's

    def pod_addresses(self, count: int, vswitch: Any, in_use: Any) -> list[str]:
        raise NotImplementedError  # NetworkMixin's

    def peer(self, name: str) -> Any:
        raise NotImplementedError  # the backend's

    def start_pods(self, job: Job, at: float) -> None:
        """The job is Running: scale out what scales, then start every pod not started yet (dependent roles
        later)."""
        if not any(entry.status == "Running" for entry in job.history):
            self._scale_out(job, at)
        hold = DEPENDENCY_SECONDS * self.context.latency_scale()
        for pod in job.pods:
            if pod.created_at is None or pod.started_at is not None:
                continue
            waits = role_spec(job, pod.role).get("StartupDependencies") or []
            pod.status, pod.started_at = "Running", at + (hold if waits else 0.0)

    def _scale_out(self, job: Job, at: float) -> None:
        wanted: dict[str, int] = {}
        for spec in job.job_specs:
            scaling = spec.get("AutoScalingSpec") or {}
            if scaling.get("MaxReplicas"):
                wanted[str(spec["Type"])] = int(scaling["MaxReplicas"])
        elastic = job.body.get("ElasticSpec") or {}
        if elastic.get("EnableElasticTraining") and elastic.get("MaxParallelism"):
            wanted["Worker"] = int(elastic["MaxParallelism"])
        vswitch = self.peer("vpc").get("vswitches", job.switch_id) if job.switch_id else None
        for role, count in wanted.items():
            have = [pod for pod in job.pods if pod.role == role]
            extra = max(count - len(have), 0)
            if not extra:
                continue
            addresses = self.pod_addresses(extra, vswitch, [pod.ip for pod in job.pods])
            for n, address in zip(range(len(have), count), addresses, strict=True):
                job.pods.append(Pod(pod_id=f"{job.id}-{role.lower()}-{n}", pod_uid=self.context.ids.request_id().lower(),
                                    role=role, index=n, ip=address, node_name=self.node_name(), created_at=at))

    def restart_failing_pod(self, job: Job, at: float) -> tuple[str, str]:
        """Replace the failing pod by a new one; the reason of the Restarting status."""
        position, old = next((n, pod) for n, pod in enumerate(job.pods) if pod.fails)
        old.status, old.finished_at, old.exit_code = "Failed", at, SIMULATED_EXIT_CODE
        new = Pod(pod_id=f"{old.pod_id}-r{len(old.history) + 1}", pod_uid=self.context.ids.request_id().lower(),
                  role=old.role, index=old.index, ip=old.ip, node_name=old.node_name, created_at=at,
                  history=[*old.history, old], restarts=old.restarts + 1)
        job.pods[position] = new
        policy = role_spec(job, old.role).get("RestartPolicy")
        return ("JobRestarting", f"The pod {old.pod_id} exited with code {SIMULATED_EXIT_CODE}; restarted as "
                                 f"{new.pod_id} (RestartPolicy {policy}).")
