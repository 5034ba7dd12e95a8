"""Jobs run for real: each pod a local process from the job's Running on, its exit deciding the job's end.

A job runs locally when the fake's `execute_jobs` setting is on, or its `FAKE_DLC_EXECUTE` env says so
(README: "Running jobs for real"). Its life cycle is then the usual one up to `Running`, which lasts until
the processes decide: every pod that counts (the success policy) exited 0 -> `Succeeded`; a pod exited
non-zero (after its restart policy's restarts) -> `Failed`, the pod's last log lines as the reason;
the time limit (`JobMaxRunningTimeMinutes`) passed -> `Failed` (`JobTimeout`). StopJob sends SIGTERM
(SIGKILL after `Settings.TerminationGracePeriodSeconds`, default 30) and stays `Stopping` until every
process has ended. The processes are watched when the service is called (every call sweeps first).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ...core.lifecycle import Lifecycle
from ..rules import TERMINAL
from .local_env import (base_environment, choose_ports, grace_seconds, link_mounts, machine_has_gpu, mounts_of,
                        pod_environment, pod_folder, rewrite_command, role_gpus, shell_of, wants_execution)
from .local_oss import LocalOssMixin
from .local_runner import LocalRunner, PodLaunch, PodResult
from .network import NetworkMixin
from .resources import Job, Pod

MAX_RESTARTS = 3  # per pod, for RestartPolicy OnFailure / Always / ExitCode (DLC does not say its own)
REASON_LINES = 3
TIMEOUT = ("JobTimeout", "The job ran longer than JobMaxRunningTimeMinutes ({minutes} min) and was ended.")
LOST = "The fake cloud stopped while the job ran; its processes were ended."
_NOTE = "[fake-dlc]"


class LocalJobsMixin(NetworkMixin, LocalOssMixin):
    def _reached(self, job: Job, status: str, at: float, reason: tuple[str, str] | None = None) -> None:
        raise NotImplementedError  # JobsMixin's

    def _runner(self) -> LocalRunner:
        runner = self.__dict__.get("_local_runner")
        if runner is None:
            runner = self._local_runner = LocalRunner()
        return runner

    # -- where -----------------------------------------------------------------------------------------------
    def exec_root(self) -> Path:
        """`exec_dir`, else `local-runs` next to the state file, else a temporary folder (removed on close)."""
        settings = self.context.settings()
        if settings is not None and settings.exec_dir:
            return Path(settings.exec_dir).resolve()
        if settings is not None and settings.state_file:
            return Path(settings.state_file).resolve().parent / "local-runs"
        folder = self.__dict__.get("_exec_tmp")
        if folder is None:
            folder = self._exec_tmp = tempfile.TemporaryDirectory(prefix="fake-dlc-runs-")
        return Path(folder.name)

    def local_root_for(self, body: dict[str, object]) -> str:
        """The folder of a new job's local run, or "" when the job is only simulated."""
        settings = self.context.settings()
        wanted = wants_execution(body, bool(getattr(settings, "execute_jobs", False)))
        return str(self.exec_root()) if wanted else ""

    # -- starting ------------------------------------------------------------------------------------------------
    def local_start(self, job: Job) -> None:
        """Start every pod's command (the job just reached Running)."""
        root = Path(job.local_root)
        mounts = mounts_of(job.body, root / "storage", self._dataset_uri)
        storage_notes = [f"{_NOTE} {note}" for note in self.oss_pull(job, mounts, root / "jobs" / job.id)]
        ports, has_gpu, base = choose_ports(job), machine_has_gpu(), base_environment()
        minutes = job.body.get("JobMaxRunningTimeMinutes")
        deadline = float(minutes) * 60 * (self.context.latency_scale() or 1.0) if minutes else 0.0
        for pod in job.pods:
            folder = pod_folder(job, pod)
            pod_root = folder / "root"
            link_mounts(pod_root, mounts)
            spec = next((spec for spec in job.job_specs if spec.get("Type") == pod.role), {})
            command = rewrite_command(str(spec.get("UserCommand") or job.user_command), pod_root, mounts)
            env = base | pod_environment(job, pod, ports, pod_root, has_gpu=has_gpu)
            launch = PodLaunch(folder, shell_of(job.body), command, env, folder / "work",
                               grace_seconds(job.body), deadline)
            self._runner().start(job.id, pod.pod_id, launch,
                                 self._header(job, pod, launch, mounts, has_gpu) + storage_notes)

    def _dataset_uri(self, dataset_id: str) -> str:
        raise NotImplementedError  # JobsMixin's

    @staticmethod
    def _header(job: Job, pod: Pod, launch: PodLaunch, mounts: list, has_gpu: bool) -> list[str]:
        env = launch.env
        contract = " ".join(f"{name}={env[name]}" for name in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")
                            if name in env)
        lines = [f"{_NOTE} running locally in {launch.cwd}: {launch.shell} -c {launch.command}",
                 f"{_NOTE} {contract or 'TF_CONFIG=' + env.get('TF_CONFIG', '')}"]
        for mount in mounts:
            lines.append(f"{_NOTE} mount {mount.mount_path} -> {mount.folder}" if mount.folder else
                         f"{_NOTE} warning: {mount.uri} is not a NAS, CPFS or OSS URI; {mount.mount_path} is not mounted")
        gpus = role_gpus(job, pod.role)
        if gpus and not has_gpu:
            lines.append(f"{_NOTE} warning: the role {pod.role} asks for {gpus} GPU(s) but this machine has none; "
                         "CUDA_VISIBLE_DEVICES is empty (resource limits are not emulated)")
        if job.body.get("ThirdpartyLibs"):
            lines.append(f"{_NOTE} warning: ThirdpartyLibs are not installed locally: "
                         + " ".join(job.body["ThirdpartyLibs"]))
        return lines

    # -- stopping ------------------------------------------------------------------------------------------------
    def local_stop(self, job: Job) -> bool:
        """StopJob of a job whose processes run: SIGTERM them and wait for them (True), else False."""
        if not job.local_root or job.status != "Running":
            return False
        self._runner().stop(job.id)
        self.start(job, Lifecycle("Stopping"))
        job.plan = []
        self._reached(job, "Stopping", self.now())
        return True

    def local_forget(self, job: Job) -> None:
        if job.local_root:
            self._runner().forget(job.id)

    def close(self) -> None:
        runner = self.__dict__.get("_local_runner")
        if runner is not None:
            runner.close()
        folder = self.__dict__.pop("_exec_tmp", None)
        if folder is not None:
            folder.cleanup()

    # -- watching ------------------------------------------------------------------------------------------------
    def local_sweep(self) -> bool:
        """Take in the pods that ended; restart, fail, succeed or finish stopping their jobs. True if anything changed."""
        changed = False
        for job in self.all("jobs"):
            if job.local_root and any(pod.exit_code is None and pod.started_at is not None for pod in job.pods):
                changed = self._sweep_job(job) or changed
        return changed

    def _sweep_job(self, job: Job) -> bool:
        runner, offset, ended = self._runner(), self.now() - time.time(), []
        for pod in job.pods:
            if pod.exit_code is not None or pod.started_at is None:
                continue
            if runner.knows(job.id, pod.pod_id):
                result = runner.result(job.id, pod.pod_id)
            else:
                result = None if job.status in TERMINAL else PodResult(137, "lost", time.time())
            if result is None:
                continue
            if job.status == "Running" and self._restart(job, pod, result):
                continue
            pod.exit_code = result.code
            if job.status not in TERMINAL:
                pod.status = "Succeeded" if result.code == 0 else "Failed"
                pod.finished_at = min(result.at + offset, self.now())
            ended.append((pod, result))
        if not ended:
            return False
        if job.status == "Running":
            self._decide(job, ended)
        elif job.status == "Stopping" and all(pod.exit_code is not None for pod in job.pods if pod.started_at):
            self._finish(job, "Stopped")
        return True

    def _restart(self, job: Job, pod: Pod, result: PodResult) -> bool:
        spec = next((spec for spec in job.job_specs if spec.get("Type") == pod.role), {})
        policy = str(spec.get("RestartPolicy") or "Never")
        retry = (policy in ("OnFailure", "Always") and result.code != 0) or (policy == "ExitCode" and result.code >= 128)
        launch = self._runner().launch_of(job.id, pod.pod_id)
        if not retry or result.reason != "exited" or pod.restarts >= MAX_RESTARTS or launch is None:
            return False
        pod.restarts += 1
        note = f"{_NOTE} exited with code {result.code}; restart {pod.restarts}/{MAX_RESTARTS} ({policy})"
        self._runner().start(job.id, pod.pod_id, launch, [note])
        return True

    def _decide(self, job: Job, ended: list[tuple[Pod, PodResult]]) -> None:
        if any(result.reason == "timeout" for _, result in ended):
            code, message = TIMEOUT
            self._finish(job, "Failed", (code, message.format(minutes=job.body.get("JobMaxRunningTimeMinutes"))))
            return
        failed = sorted((item for item in ended if item[1].code != 0), key=lambda item: item[1].at)
        if any(result.reason == "lost" for _, result in ended):
            self._finish(job, "Failed", ("JobFailed", LOST))
        elif failed:
            pod, result = failed[0]
            pod.fails = True
            last = [text for _, text in LocalRunner.log_lines(pod_folder(job, pod))
                    if text.strip() and not text.startswith(_NOTE)][-REASON_LINES:]
            detail = (": " + " | ".join(last)) if last else ""
            self._finish(job, "Failed", ("JobFailed", f"The pod {pod.pod_id} exited with code {result.code}{detail}"))
        elif all(pod.exit_code == 0 for pod in self._deciding(job)):
            self._finish(job, "Succeeded")

    @staticmethod
    def _deciding(job: Job) -> list[Pod]:
        """The pods whose success makes the job's (TF: SuccessPolicy ChiefWorker or AllWorkers; else all)."""
        if job.job_type != "TFJob":
            return job.pods
        chiefs = [pod for pod in job.pods if pod.role in ("Chief", "Master")]
        if job.body.get("SuccessPolicy") == "ChiefWorker":
            return chiefs or [pod for pod in job.pods if pod.role == "Worker"][:1]
        return chiefs + [pod for pod in job.pods if pod.role == "Worker"] or job.pods

    def _finish(self, job: Job, status: str, reason: tuple[str, str] | None = None) -> None:
        """End the job now; pods still running are sent SIGTERM and end with the job's status."""
        self._runner().stop(job.id)
        self.oss_push(job, Path(job.local_root) / "jobs" / job.id)
        job.track, job.plan, job.status = None, [], status
        self._reached(job, status, self.now(), reason)
        job.modified_at = self.now()
