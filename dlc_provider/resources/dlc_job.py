"""`DlcJob`: a PAI-DLC training job as a Pulumi resource (Args, ArgsDict, provider, resource).

The inputs are `specs.dlc_job.DlcJobSpec` (validation, the CreateJob request, job-file and request
conversions); this module runs the job's life cycle against the PAI-DLC API (`clients.pai_dlc`).

* In place: `priority` (UpdateJob; PAI-DLC allows it only while the job is Creating, Queuing or
  Bidding, otherwise the update fails with a clear error), `stopped` false -> true (StopJob, then wait
  until Stopped), and the provider's own `wait_until` and `timeouts`. Every other input replaces the
  job, and so does `stopped` true -> false (a stopped job cannot restart).
* Create is guarded against a second submission: CreateJob has no ClientToken, so the job carries the
  creation token in `Settings.Tags["dlc-provider:token"]`, and every create first looks for a job with
  that tag (ListJobs `Tags`) and takes it over instead of submitting again. The token is a hash of the
  resource's identity and its CreateJob request (see `job_token`); a stopped job holding the token (a
  `stopped` true -> false replacement) is skipped with a fresh token.
* Create then waits until `wait_until` (`running` by default). If the job fails (or stops, or the wait
  times out), the error gives the reason and the last lines of the failing pod's log, and the job is
  stopped and deleted again; if that cleanup fails, the error names the job ID to delete or adopt.
* Secrets (registry passwords, the Ray Redis password) never reach outputs in plain text: outputs keep
  a fingerprint (`sha256:...`) in their place, and `image`, `roles` and `advanced` are secret outputs.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict

import pulumi
import pulumi.dynamic
from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from pydantic import SecretStr

from ..clients import pai_dlc as api
from ..clients.session import Session
from ..errors import CloudError, CreateFailed, DlcError, NotFound, WaitFailed
from ..specs.common import contains_unknown
from ..specs.constants import META_INPUTS  # inputs that describe how to manage the job, not the job
from ..specs.dlc.common import user_path
from ..specs.dlc_job import (
    IN_PLACE_FIELDS,
    TOKEN_TAG_KEY,
    DlcJobSpec,
    check_spec,
    from_create_job_request,
    from_job_file,
    to_create_job_request,
)
from ..waiting import operation_deadline, wait_for_status
from .program import resource_identity, resource_props
from .provider import CloudProvider, InputError
from .engine_values import as_stored, reveal, role_arn_input
from .tokens import NONCE_FIELD, TAKEOVERS, creation_token, kept_nonce

__all__ = ["DlcJob", "DlcJobArgs", "DlcJobArgsDict", "DlcJobProvider", "console_url", "job_token"]

#: Computed outputs (besides the inputs, `creation_token` and the meta inputs).
JOB_OUTPUTS = (
    "job_id", "status", "reason_code", "reason_message", "pods", "observed_workspace_id", "created_time",
    "running_time", "finished_time", "duration_seconds", "console_url", "observed_priority", "creation_token",
)
#: Inputs whose outputs hold secret fingerprints: marked secret as a whole.
SECRET_OUTPUTS = ["image", "roles", "advanced"]

RUNNING_OR_LATER = frozenset({"Running", "Succeeded"})
ALL_STATUSES = (
    "Creating", "Queuing", "Bidding", "EnvPreparing", "SanityChecking", "Running", "Restarting", "Stopping",
    "Stopped", "Succeeded", "Failed", "SucceededReserving", "FailedReserving",
)
TERMINAL = frozenset({"Succeeded", "Failed", "Stopped"})
STOPPED_BY_USER = frozenset({"Stopping", "Stopped"})
NOT_STARTED = frozenset({"Creating", "Queuing", "Bidding"})
DEFAULT_TIMEOUTS = {"create": 3600.0, "update": 900.0, "delete": 900.0}
LOG_LINES = 20


def console_url(region: str, workspace_id: str | None, job_id: str) -> str:
    """The job's page in the PAI console."""
    return f"https://pai.console.aliyun.com/?regionId={region}&workspaceId={workspace_id or ''}#/dlc/jobs/{job_id}"


def _fingerprint(secret: str) -> str:
    return "sha256:" + hashlib.sha256(("dlc-provider:" + secret).encode()).hexdigest()[:32]


def _unmask(shown: Any, real: Any) -> Any:
    """`shown` (a JSON dump, secrets masked) with each secret replaced by its fingerprint from `real`."""
    if isinstance(real, SecretStr):
        return _fingerprint(real.get_secret_value())
    if isinstance(shown, dict) and isinstance(real, dict):
        return {k: _unmask(v, real.get(k)) for k, v in shown.items()}
    if isinstance(shown, list) and isinstance(real, (list, tuple)):
        return [_unmask(v, r) for v, r in zip(shown, real, strict=False)]
    return shown


def canonical(spec: DlcJobSpec) -> dict[str, Any]:
    """The spec's fields as outputs: JSON form, secrets as fingerprints (never in plain text)."""
    return _unmask(spec.model_dump(mode="json"), spec.model_dump(mode="python"))


def job_token(identity: str, spec: DlcJobSpec, region: str, nonce: str | None) -> str:
    """The creation token (`tokens.creation_token`) of a job: same resource, CreateJob request and nonce.

    Hashes the request (secrets included, as a digest only) but not the provider's life-cycle inputs
    (`wait_until`, `timeouts`, `stopped`), so changing those never looks like a new job."""
    body = to_create_job_request(spec, region=region, token="-").to_map()
    return creation_token(identity, body, nonce)


def _strip(props: Mapping[str, Any]) -> dict[str, Any]:
    """The job's own inputs: no meta inputs, no engine keys, no output names; None means unset."""
    drop = set(META_INPUTS) | set(JOB_OUTPUTS)
    return {k: v for k, v in props.items() if not str(k).startswith("__") and k not in drop and v is not None}


class DlcJobProvider(CloudProvider):
    """Dynamic provider of `DlcJob` (CreateJob, ListJobs, GetJob, UpdateJob, StopJob, DeleteJob, GetPodLogs)."""

    KIND: ClassVar[str] = "DlcJob"

    # -- helpers ---------------------------------------------------------------------------------------------
    def _region(self) -> str | None:
        try:
            return self.session().region
        except Exception:  # check may run before settings are usable: region rules are then skipped
            return None

    def _job_spec(self, props: Mapping[str, Any]) -> DlcJobSpec:
        spec, failures = check_spec(_strip(props), self._region())
        if spec is None:
            problems = "; ".join(f"{'.'.join(map(str, loc)) or '(job)'}: {why}" for loc, why in failures)
            raise InputError(f"invalid DlcJob inputs: {problems or 'unknown values'}")
        return spec

    @staticmethod
    def _timeout(spec_or_props: Any, phase: str) -> float:
        timeouts = spec_or_props.get("timeouts") if isinstance(spec_or_props, Mapping) else (
            spec_or_props.timeouts.model_dump() if spec_or_props.timeouts is not None else None)
        chosen = (timeouts or {}).get(phase)
        return float(chosen if chosen is not None else DEFAULT_TIMEOUTS[phase])

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        job = api.get_job(session, resource_id)
        if job is None:
            return None
        return self._computed(session, job)

    def _computed(self, session: Session, job: Mapping[str, Any]) -> dict[str, Any]:
        job_id = str(job.get("JobId"))
        workspace = job.get("WorkspaceId")
        return {
            "job_id": job_id,
            "status": job.get("Status") or "",
            "reason_code": job.get("ReasonCode") or "",
            "reason_message": job.get("ReasonMessage") or "",
            "pods": [
                {"pod_id": p.get("PodId"), "role": p.get("Type"), "status": p.get("Status"),
                 "ip": p.get("Ip") or p.get("PodIp") or ""}
                for p in job.get("Pods") or []
            ],
            "observed_workspace_id": workspace,
            "created_time": job.get("GmtCreateTime"),
            "running_time": job.get("GmtRunningTime"),
            "finished_time": job.get("GmtFinishTime"),
            "duration_seconds": job.get("Duration"),
            "console_url": console_url(session.region, workspace, job_id),
            "observed_priority": job.get("Priority"),
        }

    def _outputs(self, inputs: Mapping[str, Any], observed: Mapping[str, Any], token: str | None) -> dict[str, Any]:  # type: ignore[override]
        # An unset `priority` stays None (not managed); the cloud's value is `observed_priority`.
        return {**inputs, **observed, "creation_token": token}

    @staticmethod
    def _meta(props: Mapping[str, Any]) -> dict[str, Any]:
        return {key: props.get(key) for key in META_INPUTS}

    def _wait(self, session: Session, job_id: str, ready: frozenset[str], failed: frozenset[str], timeout: float,
              phase: str) -> dict[str, Any]:
        latest: dict[str, Any] = {}

        def status() -> str | None:
            observed = self.observe(session, job_id, {})
            latest.clear()
            if observed is None:
                return None
            latest.update(observed)
            return str(observed["status"])

        wait_for_status(status, kind=self.KIND, resource_id=job_id, ready=ready, failed=failed,
                        settings=session.settings, timeout=max(timeout, 0.0), missing="grace", phase=phase)
        return dict(latest)

    # -- check and diff ---------------------------------------------------------------------------------------
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate (no cloud call); failures name the input path (`roles.worker.gpu`) and the rule.
        Inputs pass on as given (secrets stay secret in the engine), with this incarnation's nonce (see
        `tokens`); `diff` compares normalized forms."""
        _, failures = check_spec(_strip(news), self._region())  # secrets wrapped: kept out of messages
        if failures:
            return CheckResult(news, [CheckFailure(user_path(loc) or "(job)", why) for loc, why in failures])
        nonce = kept_nonce(reveal(olds or {}), news)
        inputs = {k: v for k, v in news.items() if k != NONCE_FIELD}
        return CheckResult(inputs if nonce is None else {**inputs, NONCE_FIELD: nonce}, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        olds, news = reveal(olds), reveal(news)
        own = _strip(news)
        spec, _ = check_spec(own, self._region())
        values = canonical(spec) if spec is not None else own
        replaces: list[str] = []
        updates: list[str] = []
        for field in DlcJobSpec.model_fields:
            raw = own.get(field)
            if contains_unknown(raw):
                (updates if field in IN_PLACE_FIELDS else replaces).append(field)
                continue
            wanted = values.get(field, raw)
            if wanted is None:
                continue  # unset: not managed (the project's convention), e.g. priority, description
            if as_stored(wanted) == as_stored(olds.get(field)):
                continue
            if field == "stopped":
                if olds.get("stopped") and not wanted:
                    replaces.append(field)  # a stopped job cannot restart
                else:
                    updates.append(field)
            elif field in IN_PLACE_FIELDS:
                updates.append(field)
            else:
                replaces.append(field)
        return DiffResult(changes=bool(replaces or updates), replaces=replaces, delete_before_replace=False)

    # -- create ------------------------------------------------------------------------------------------------
    def find_existing(self, session: Session, spec: Any, token: str) -> str | None:  # type: ignore[override]
        """The job an earlier try of this very create submitted (its token tag is this incarnation's)."""
        jobs = api.list_jobs(session, tags={TOKEN_TAG_KEY: token})
        return str(jobs[0]["JobId"]) if jobs else None

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec = self._job_spec(props)
        session = self.session()
        meta = self._meta(props)
        inputs = canonical(spec)
        with operation_deadline(session.settings.clock, self._timeout(spec, "create")):
            if props.get("adopt_id"):
                return self._adopt(session, str(props["adopt_id"]), spec, meta)
            token = self._token(props, spec, session)
            job_id = self._find_or_submit(session, spec, token)
            try:
                observed = self._after_submit(session, job_id, spec)
            except Exception as exc:
                self._clean_up_job(session, job_id, spec, exc)
            return CreateResult(job_id, {**self._outputs(inputs, observed, token), **meta})

    @staticmethod
    def _token(props: Mapping[str, Any], spec: DlcJobSpec, session: Session) -> str:
        return job_token(str(props.get("dlc_identity") or ""), spec, session.region, props.get(NONCE_FIELD))

    def _find_or_submit(self, session: Session, spec: DlcJobSpec, token: str) -> str:
        existing = self.find_existing(session, spec, token)
        if existing is not None:
            TAKEOVERS.record(self.KIND, existing)
            self._emit(existing, "create", "found, submitted earlier by this very create (same creation token); "
                       "using it (no second job is submitted)")
            return existing
        request = to_create_job_request(spec, region=session.region, token=token)
        job_id = api.create_job(session, request, find=lambda: self.find_existing(session, spec, token))
        self._emit(job_id, "create", f"job submitted (token {token})")
        return job_id

    def recover_created(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """See `CloudProvider.recover_created`: the job a create that the engine never recorded submitted."""
        props = reveal(dict(props))
        spec = self._job_spec(props)
        session = self.session()
        job_id = str(props["adopt_id"]) if props.get("adopt_id") else None
        token = None if job_id else self._token(props, spec, session)
        if token is not None:
            job_id = self.find_existing(session, spec, token)
        observed = self.observe(session, job_id, {}) if job_id else None
        if job_id is None or observed is None:
            return None
        return job_id, {**self._outputs(canonical(spec), observed, token), **self._meta(props)}

    def _after_submit(self, session: Session, job_id: str, spec: DlcJobSpec) -> dict[str, Any]:
        timeout = self._timeout(spec, "create")
        if spec.stopped:
            self._stop_and_wait(session, job_id, timeout, "create")
            observed = self.observe(session, job_id, {})
        elif spec.wait_until == "submitted":
            # Any status will do; a job just submitted may be missing from reads for a moment.
            observed = self._wait(session, job_id, frozenset(ALL_STATUSES), frozenset(), timeout, "create")
        else:
            ready = RUNNING_OR_LATER if spec.wait_until == "running" else frozenset({"Succeeded"})
            observed = self._wait(session, job_id, ready, frozenset({"Failed"}) | STOPPED_BY_USER, timeout, "create")
        if observed is None:
            raise WaitFailed(f"DlcJob {job_id} is not found after it was submitted", resource_id=job_id)
        return observed

    def _failure_details(self, session: Session, job_id: str) -> str:
        """Reason and the last lines of the failing pod's log (best effort: never raises)."""
        try:
            job = api.get_job(session, job_id)
        except Exception:
            return ""
        if job is None:
            return ""
        parts = []
        if job.get("ReasonCode") or job.get("ReasonMessage"):
            parts.append(f"reason: {job.get('ReasonCode') or ''} {job.get('ReasonMessage') or ''}".rstrip())
        pods = job.get("Pods") or []
        failing = next((p for p in pods if p.get("Status") == "Failed"), pods[0] if pods else None)
        if failing is not None and failing.get("PodId"):
            try:
                lines = api.get_pod_logs(session, job_id, str(failing["PodId"]), max_lines=LOG_LINES)
            except Exception as exc:
                lines = [f"(could not read the log: {exc})"]
            if lines:
                tail = "\n    ".join(lines[-LOG_LINES:])
                parts.append(f"last {min(len(lines), LOG_LINES)} log lines of pod {failing['PodId']}:\n    {tail}")
        return "; ".join(parts)

    def _clean_up_job(self, session: Session, job_id: str, spec: DlcJobSpec, cause: Exception) -> None:
        details = self._failure_details(session, job_id)
        what = f"DlcJob {job_id} was submitted, but then: {cause}" + (f"\n  {details}" if details else "")
        self._emit(job_id, "cleanup", "create failed; stopping and deleting the job")
        try:
            self._stop_and_delete(session, job_id, self._timeout(spec, "delete"), "cleanup")
        except Exception as cleanup_error:
            raise CreateFailed(
                f"{what}\nDeleting it failed too ({cleanup_error}), so DlcJob {job_id} is left behind: delete it "
                f"by hand, or manage it with adopt_id={job_id!r}",
                resource_id=job_id, leaked_id=job_id,
            ) from cause
        raise CreateFailed(f"{what}\nThe job was stopped and deleted; nothing is left behind.",
                           resource_id=job_id) from cause

    # -- adoption ------------------------------------------------------------------------------------------------
    def _adopt(self, session: Session, job_id: str, spec: DlcJobSpec, meta: dict[str, Any]) -> CreateResult:
        job = api.get_job(session, job_id)
        if job is None:
            raise DlcError(f"adopt_id {job_id!r}: no such DlcJob in region {session.region}")
        rebuilt = rebuilt_inputs(job)
        clashes = [
            f"{field} is {rebuilt[field]!r} in the cloud but {getattr(spec, field)!r} in the program"
            for field in ("display_name", "command", "framework")
            if field in rebuilt and rebuilt[field] != getattr(spec, field)
        ]
        if clashes:
            raise DlcError(f"cannot adopt DlcJob {job_id}: " + "; ".join(clashes)
                           + " (these inputs replace a job: fix the program or drop adopt_id)")
        inputs = canonical(spec)
        if spec.priority is not None and job.get("Priority") != spec.priority:
            self._emit(job_id, "adopt", "updating priority to match the program")
            self._update_priority(session, job_id, spec.priority)
        if spec.stopped and job.get("Status") not in TERMINAL:
            self._stop_and_wait(session, job_id, self._timeout(spec, "update"), "adopt")
        observed = self.observe(session, job_id, {}) or self._computed(session, job)
        TAKEOVERS.record(self.KIND, job_id)
        self._emit(job_id, "adopt", "adopted")
        return CreateResult(job_id, {**self._outputs(inputs, observed, None), **meta})

    # -- read, update, delete ---------------------------------------------------------------------------------
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        session = self.session()
        observed = self.observe(session, id_, props)
        if observed is None:
            return ReadResult("", {})  # gone out of band: an empty ID drops it from the state
        if any(props.get(field) is None for field in ("display_name", "command", "framework", "roles")):
            # `pulumi import` or a read without state: inputs rebuilt from the job, as far as GetJob tells
            rebuilt = rebuilt_inputs(api.get_job(session, id_) or {})
            spec, _ = check_spec(rebuilt, session.region)
            base = canonical(spec) if spec is not None else rebuilt
            props = {**base, **{k: v for k, v in props.items() if v is not None}}
        return ReadResult(id_, self._outputs(props, observed, props.get("creation_token")))

    def _update_priority(self, session: Session, job_id: str, priority: int) -> None:
        try:
            api.update_job(session, job_id, priority=priority)
        except CloudError as exc:
            raise DlcError(
                f"DlcJob {job_id}: cannot change priority to {priority}: PAI-DLC changes a job's priority only "
                f"while it is Creating, Queuing or Bidding ({exc}). Keep the old priority, or replace the job."
            ) from exc

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        spec = self._job_spec(news)
        session = self.session()
        with operation_deadline(session.settings.clock, self._timeout(spec, "update")):
            return self._update(session, id_, olds, news, spec)

    def _update(self, session: Session, id_: str, olds: dict[str, Any], news: dict[str, Any],
                spec: DlcJobSpec) -> UpdateResult:
        if spec.priority is not None and spec.priority != olds.get("priority"):
            self._emit(id_, "update", f"updating priority to {spec.priority}")
            self._update_priority(session, id_, spec.priority)
        if spec.stopped and not olds.get("stopped"):
            self._emit(id_, "update", "stopping the job")
            self._stop_and_wait(session, id_, self._timeout(spec, "update"), "update")
        observed = self.observe(session, id_, olds)
        if observed is None:
            raise DlcError(f"DlcJob {id_} is gone (deleted out of band?): run `pulumi refresh`")
        return UpdateResult({**self._outputs(canonical(spec), observed, olds.get("creation_token")),
                             **self._meta(news)})

    def _stop_and_wait(self, session: Session, job_id: str, timeout: float, phase: str) -> None:
        try:
            api.stop_job(session, job_id)
        except NotFound:
            raise
        except CloudError as exc:
            current = api.get_job(session, job_id)
            if current is None or current.get("Status") not in TERMINAL:
                raise DlcError(f"DlcJob {job_id}: StopJob failed: {exc}") from exc
            return  # finished meanwhile: nothing to stop
        self._wait(session, job_id, TERMINAL, frozenset(), timeout, phase)

    def _stop_and_delete(self, session: Session, job_id: str, timeout: float, phase: str) -> None:
        settings = session.settings
        started = settings.clock()
        job = api.get_job(session, job_id)
        if job is None:
            self._emit(job_id, phase, "already gone")
            return
        if job.get("Status") not in TERMINAL:
            self._emit(job_id, phase, f"stopping the job (status {job.get('Status')})")
            try:
                self._stop_and_wait(session, job_id, timeout, phase)
            except NotFound:
                return
        try:
            api.delete_job(session, job_id)
        except NotFound:
            self._emit(job_id, phase, "already gone")
            return
        left = max(timeout - (settings.clock() - started), 0.0)
        wait_for_status(
            lambda: (lambda j: None if j is None else str(j.get("Status") or ""))(api.get_job(session, job_id)),
            kind=self.KIND, resource_id=job_id, ready=(), settings=settings, timeout=left, missing="done",
            phase=phase,
        )

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if (self.KIND, id_) in TAKEOVERS:
            self._emit(id_, "delete", "skipped: a create in this run took this job over")
            return
        session = self.session()
        with operation_deadline(session.settings.clock, self._timeout(props, "delete")):
            self._stop_and_delete(session, id_, self._timeout(props, "delete"), "delete")


def rebuilt_inputs(job: Mapping[str, Any]) -> dict[str, Any]:
    """DlcJob inputs rebuilt from a GetJob reply, as far as it tells (best effort: {} if it cannot)."""
    from ..specs.dlc.from_request import _TOP

    request = {k: v for k, v in job.items() if k in _TOP and v not in (None, "", [], {})}
    request.pop("DataSources", None)  # GetJob returns them reduced; not enough to rebuild them
    try:
        return from_create_job_request(request)
    except Exception:
        return {}


# --- program side ------------------------------------------------------------------------------------------------


@dataclass
class DlcJobArgs:
    """Inputs of a `DlcJob` (see `specs.dlc_job.DlcJobSpec` for every field's rules).

    Updates in place: `priority` (UpdateJob, only while the job is Creating/Queuing/Bidding), `stopped`
    false -> true (StopJob), `wait_until`, `timeouts`. Everything else replaces the job (a new job is
    submitted), and so does `stopped` true -> false. Pass secrets (registry and Redis passwords) as
    `pulumi.Output.secret(...)` or secret config.
    """

    display_name: pulumi.Input[str]
    """Job name (`DisplayName`). Replaces."""
    command: pulumi.Input[str]
    """Startup command (`UserCommand`). Replaces."""
    framework: pulumi.Input[str]
    """tensorflow, pytorch, elastic_batch, xgboost, oneflow, mpi or ray (`JobType`). Replaces."""
    roles: pulumi.Input[Mapping[str, Any]]
    """Nodes per role, e.g. {"worker": {"count": 2, "spec": "ecs.gn6i-c4g1.xlarge"}}. Replaces."""
    image: pulumi.Input[Any] | None = None
    """Image: a registry address, or {kind: official|custom|registry, uri, username, password}. Replaces."""
    description: pulumi.Input[str] | None = None
    """Replaces."""
    tags: pulumi.Input[Mapping[str, str]] | None = None
    """`Settings.Tags` (keys starting dlc-provider: are reserved). Replaces."""
    workspace_id: pulumi.Input[str] | None = None
    """Workspace (default workspace if unset). Replaces."""
    data_sources: pulumi.Input[list[Any]] | None = None
    """Mounted datasets. Replaces."""
    storage_mounts: pulumi.Input[list[Any]] | None = None
    """Mounted OSS/NAS/CPFS storage. Replaces."""
    code_source: pulumi.Input[Any] | None = None
    """A PAI code source. Replaces."""
    envs: pulumi.Input[Mapping[str, str]] | None = None
    """Environment variables, at most 20. Replaces."""
    thirdparty_libs: pulumi.Input[list[str]] | None = None
    """pip packages. Replaces."""
    thirdparty_lib_dir: pulumi.Input[str] | None = None
    """Directory of requirements.txt. Replaces."""
    resource_type: pulumi.Input[str] | None = None
    """general (default) or lingjun. Replaces."""
    resources: pulumi.Input[Any] | None = None
    """{source: public} (default), {source: quota, quota_id, ...} or {source: preemptible, bid}. Replaces."""
    priority: pulumi.Input[int] | None = None
    """1-9. Updates in place (UpdateJob; only before the job has pods, else the update fails)."""
    max_running_time_minutes: pulumi.Input[int] | None = None
    """Maximum duration. Replaces."""
    retention: pulumi.Input[Any] | None = None
    """Retention of the finished job. Replaces."""
    success_policy: pulumi.Input[str] | None = None
    """TensorFlow: ChiefWorker or AllWorkers. Replaces."""
    data_source_options: pulumi.Input[str] | None = None
    """JindoFS tuning. Replaces."""
    accessibility: pulumi.Input[str] | None = None
    """PUBLIC or PRIVATE. Replaces."""
    network: pulumi.Input[Any] | None = None
    """VPC configuration {vpc_id, vswitch_id, security_group_id, ...}. Replaces."""
    fault_tolerance: pulumi.Input[Any] | None = None
    """AIMaster fault tolerance. Replaces."""
    sanity_check: pulumi.Input[Any] | None = None
    """Sanity check (PyTorch, GPUs, Lingjun quota). Replaces."""
    ram_role: pulumi.Input[Any] | None = None
    """none, pai_default or a custom role's ARN. Replaces."""
    advanced: pulumi.Input[Any] | None = None
    """Advanced framework configuration (ray_redis_password is a secret). Replaces."""
    wait_until: pulumi.Input[str] | None = None
    """How far create waits: submitted, running (default) or succeeded. Updates in place (the provider's)."""
    stopped: pulumi.Input[bool] | None = None
    """True stops the job in place (StopJob); back to false replaces (a stopped job cannot restart)."""
    adopt_id: pulumi.Input[str] | None = None
    """Manage this existing job (its JobId) instead of submitting one."""
    timeouts: pulumi.Input[Mapping[str, float]] | None = None
    """Wait limits in seconds: create 3600, update 900, delete 900 by default. Updates in place."""

    @classmethod
    def from_job_file(cls, path_or_text: str, *, framework: str | None = None) -> DlcJobArgs:
        """Args from a DLC CLI job file (`key=value` lines), given as a path or as its text."""
        text = path_or_text
        if "\n" not in path_or_text and os.path.isfile(path_or_text):
            with open(path_or_text, encoding="utf-8") as handle:
                text = handle.read()
        return cls(**from_job_file(text, framework=framework))

    @classmethod
    def from_create_job_request(cls, request: Any, *, resource_type: str | None = None) -> DlcJobArgs:
        """Args from a CreateJob request: an SDK `CreateJobRequest` or its `to_map()` dict."""
        data = request.to_map() if hasattr(request, "to_map") else request
        return cls(**from_create_job_request(data, resource_type=resource_type))


class DlcJobArgsDict(TypedDict, total=False):
    """`DlcJobArgs` as a plain dict."""

    display_name: pulumi.Input[str]
    command: pulumi.Input[str]
    framework: pulumi.Input[str]
    roles: pulumi.Input[Mapping[str, Any]]
    image: pulumi.Input[Any]
    description: pulumi.Input[str]
    tags: pulumi.Input[Mapping[str, str]]
    workspace_id: pulumi.Input[str]
    data_sources: pulumi.Input[list[Any]]
    storage_mounts: pulumi.Input[list[Any]]
    code_source: pulumi.Input[Any]
    envs: pulumi.Input[Mapping[str, str]]
    thirdparty_libs: pulumi.Input[list[str]]
    thirdparty_lib_dir: pulumi.Input[str]
    resource_type: pulumi.Input[str]
    resources: pulumi.Input[Any]
    priority: pulumi.Input[int]
    max_running_time_minutes: pulumi.Input[int]
    retention: pulumi.Input[Any]
    success_policy: pulumi.Input[str]
    data_source_options: pulumi.Input[str]
    accessibility: pulumi.Input[str]
    network: pulumi.Input[Any]
    fault_tolerance: pulumi.Input[Any]
    sanity_check: pulumi.Input[Any]
    ram_role: pulumi.Input[Any]
    advanced: pulumi.Input[Any]
    wait_until: pulumi.Input[str]
    stopped: pulumi.Input[bool]
    adopt_id: pulumi.Input[str]
    timeouts: pulumi.Input[Mapping[str, float]]


class DlcJob(pulumi.dynamic.Resource, module="dlc", name="DlcJob"):
    """A PAI-DLC training job.

    `priority` (before the job has pods), `stopped` (to true), `wait_until` and `timeouts` change in
    place; every other input replaces the job. Outputs: `job_id`, `status`, `reason_code`,
    `reason_message`, `pods` ([{pod_id, role, status, ip}]), `created_time`, `running_time`,
    `finished_time`, `duration_seconds`, `console_url`, `observed_priority`, `creation_token`, and the
    inputs (secrets as fingerprints; `image`, `roles`, `advanced` are secret outputs).
    """

    job_id: pulumi.Output[str]
    status: pulumi.Output[str]
    reason_code: pulumi.Output[str]
    reason_message: pulumi.Output[str]
    pods: pulumi.Output[list[dict[str, Any]]]
    created_time: pulumi.Output[str | None]
    running_time: pulumi.Output[str | None]
    finished_time: pulumi.Output[str | None]
    duration_seconds: pulumi.Output[int | None]
    console_url: pulumi.Output[str]
    observed_priority: pulumi.Output[int | None]
    creation_token: pulumi.Output[str | None]

    OUTPUTS: ClassVar[tuple[str, ...]] = JOB_OUTPUTS

    def __init__(
        self,
        resource_name: str,
        args: DlcJobArgs | DlcJobArgsDict | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        props = resource_props(DlcJobArgs, args, kwargs, self.OUTPUTS)
        props = {k: v for k, v in props.items() if v is not None or k in self.OUTPUTS}
        if "ram_role" in props:
            props["ram_role"] = role_arn_input(props["ram_role"])  # a RamRole resource means its ARN
        props["dlc_identity"] = resource_identity(type(self), resource_name, opts)
        secret = pulumi.ResourceOptions(additional_secret_outputs=SECRET_OUTPUTS)
        super().__init__(DlcJobProvider(), resource_name, props, pulumi.ResourceOptions.merge(opts, secret))

