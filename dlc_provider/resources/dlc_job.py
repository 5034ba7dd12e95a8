"""`DlcJob`: a PAI-DLC training job as a Pulumi resource (Args, ArgsDict, provider, resource).

The inputs are `specs.dlc.DlcJobSpec` (validation, the CreateJob request, job-file and request
conversions); this module runs the job's life cycle against the PAI-DLC API (`clients.pai_dlc`).

* In place: `priority` (UpdateJob; PAI-DLC allows it only while the job is Creating, Queuing or
  Bidding, otherwise the update fails with a clear error), `stopped` false -> true (StopJob, then wait
  until Stopped), and the provider's own `wait_until` and `timeouts`. Every other input replaces the
  job, and so does `stopped` true -> false (a stopped job cannot restart).
* The life cycle is `CloudProvider`'s (check, diff, create, read, update, delete, adoption, recovery);
  `DlcJobProvider` fills in its hooks.
* Create is guarded against a second submission: CreateJob has no ClientToken, so the job carries this
  incarnation's creation token (`job_token`: identity, CreateJob request, nonce; see `tokens`) in
  `Settings.Tags["dlc-provider:token"]`, and a create first looks for a job with that tag (ListJobs
  `Tags`), and so does every retry of CreateJob: a submission whose answer was lost is found, never
  repeated.
* Create then waits until `wait_until` (`running` by default). If the job fails (or stops, or the wait
  times out), the error gives the reason and the last lines of the failing pod's log, and the job is
  stopped and deleted again; if that cleanup fails, the error names the job ID to delete or adopt.
* Secrets (registry passwords, the Ray Redis password) never reach outputs in plain text: outputs keep
  a fingerprint (`sha256:...`) in their place, and `image`, `roles` and `advanced` are secret outputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi

from pydantic import SecretStr

from ..clients import pai_dlc as api
from ..clients.session import Session
from ..errors import CloudError, Conflict, DlcError, NotFound
from ..specs.common import Validation, contains_unknown
from ..specs.constants import META_INPUTS  # inputs that describe how to manage the job, not the job
from ..specs.secrets import secret_field_names, secret_values
from ..specs.dlc.common import user_path
from ..specs.dlc import (
    IN_PLACE_FIELDS,
    TOKEN_TAG_KEY,
    DlcJobSpec,
    check_spec,
    from_create_job_request,
    to_create_job_request,
)
from ..waiting import keep_trying
from .bucket_refs import mounted_buckets, require_buckets
from .generated.dlc_job import DlcJobArgs, DlcJobArgsDict, DlcJobResource
from .provider import CloudProvider
from .dlc_drift import cloud_request, drift, plain_dump, state_request
from .engine_values import role_arn_input, without_empty
from .tokens import NONCE_FIELD, creation_token

__all__ = ["DlcJob", "DlcJobArgs", "DlcJobArgsDict", "DlcJobProvider", "console_url", "job_token"]
#: Computed outputs (besides the inputs and the meta inputs) and the inputs whose outputs hold secret
#: fingerprints (marked secret as a whole): both declared by the spec, through the generated `DlcJobResource`.
JOB_OUTPUTS = DlcJobResource.OUTPUTS
SECRET_OUTPUTS = list(DlcJobResource.SECRET_OUTPUTS)

#: Fields typed SecretStr anywhere in the job spec (registry and Redis passwords).
JOB_SECRET_FIELDS = secret_field_names(DlcJobSpec)

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
    """Dynamic provider of `DlcJob` (CreateJob, ListJobs, GetJob, UpdateJob, StopJob, DeleteJob, GetPodLogs).

    The life cycle is `CloudProvider`'s; the hooks below are what is job-specific: the job's own spec
    and diff rules, the CreateJob request in the token, waiting for `wait_until`, stop-in-place, the failing
    pod's log in errors, stop-before-delete, and inputs rebuilt from GetJob on import."""

    KIND: ClassVar[str] = "DlcJob"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
    READY: ClassVar[frozenset[str]] = RUNNING_OR_LATER
    FAILED: ClassVar[frozenset[str]] = frozenset({"Failed"}) | STOPPED_BY_USER
    GOING: ClassVar[frozenset[str]] = frozenset()

    # -- inputs ------------------------------------------------------------------------------------------------
    def validate(self, props: Mapping[str, Any]) -> Validation:
        """The job spec (no cloud call); failures name the input path (`roles.worker.gpu`) and the rule."""
        own = _strip(props)
        spec, failures = check_spec(own, self._region())
        unknown = frozenset(k for k, v in own.items() if contains_unknown(v))
        return Validation(spec, [(user_path(loc) or "(job)", why) for loc, why in failures], unknown)

    def checked_inputs(self, news: Mapping[str, Any], validation: Validation) -> dict[str, Any]:
        # Inputs pass on as given (secrets stay secret in the engine); `diff` compares normalized forms.
        return {k: v for k, v in news.items() if k != NONCE_FIELD}

    def changes(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], validation: Validation
    ) -> tuple[list[str], list[str]]:
        own = _strip(news)
        values = canonical(validation.spec) if validation.spec is not None else own
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
            if without_empty(wanted) == without_empty(olds.get(field)):
                continue
            if field == "stopped":
                (replaces if olds.get("stopped") and not wanted else updates).append(field)  # no restart
            elif field in IN_PLACE_FIELDS:
                updates.append(field)
            else:
                replaces.append(field)
        return replaces, updates

    def wanted(self, spec: DlcJobSpec) -> dict[str, Any]:
        # An unset `priority` stays None (not managed); the cloud's value is `observed_priority`.
        return canonical(spec)

    def token_inputs(self, session: Session, spec: DlcJobSpec) -> Any:
        """The CreateJob request (secrets included, as a digest only), without the provider's life-cycle
        inputs (`wait_until`, `timeouts`, `stopped`), so changing those never looks like a new job."""
        return to_create_job_request(spec, region=session.region, token="-").to_map()

    def default_timeouts(self) -> Mapping[str, float]:
        return DEFAULT_TIMEOUTS

    # -- create ------------------------------------------------------------------------------------------------
    def find_existing(self, session: Session, spec: Any, token: str) -> str | None:
        """The job an earlier try of this very create submitted (its token tag is this incarnation's)."""
        jobs = api.list_jobs(session, tags={TOKEN_TAG_KEY: token})
        return str(jobs[0]["JobId"]) if jobs else None

    def send_create(self, session: Session, spec: DlcJobSpec, token: str) -> str:
        require_buckets(session, mounted_buckets(spec.storage_mounts), before="submitting the job, which could not mount it")
        request = to_create_job_request(spec, region=session.region, token=token)
        return api.create_job(session, request, find=lambda: self.find_existing(session, spec, token))

    def wait_created(self, session: Session, resource_id: str, spec: DlcJobSpec, timeout: float) -> dict[str, Any]:
        """As far as `wait_until` says: submitted (any status), running (default) or succeeded; `stopped`
        jobs are stopped right away."""
        if spec.stopped:
            self._stop_and_wait(session, resource_id, timeout, "create")
            return self._wait_ready(session, resource_id, {}, timeout, "create", ready=ALL_STATUSES, failed=())
        if spec.wait_until == "submitted":
            # Any status will do; a job just submitted may be missing from reads for a moment.
            return self._wait_ready(session, resource_id, {}, timeout, "create", ready=ALL_STATUSES, failed=())
        ready = RUNNING_OR_LATER if spec.wait_until == "running" else frozenset({"Succeeded"})
        return self._wait_ready(session, resource_id, {}, timeout, "create", ready=ready)

    def failure_details(self, session: Session, resource_id: str) -> str:
        """Reason and the last lines of the failing pod's log (best effort: never raises)."""
        try:
            job = api.get_job(session, resource_id)
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
                lines = api.get_pod_logs(session, resource_id, str(failing["PodId"]), max_lines=LOG_LINES)
            except Exception as exc:
                lines = [f"(could not read the log: {exc})"]
            if lines:
                tail = "\n    ".join(lines[-LOG_LINES:])
                parts.append(f"last {min(len(lines), LOG_LINES)} log lines of pod {failing['PodId']}:\n    {tail}")
        return "; ".join(parts)

    # -- observe, read, adopt -----------------------------------------------------------------------------------
    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        job = api.get_job(session, resource_id)
        if job is None:
            return None
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

    def read_outputs(
        self, session: Session, resource_id: str, props: Mapping[str, Any], observed: Mapping[str, Any]
    ) -> dict[str, Any]:
        if any(props.get(field) is None for field in ("display_name", "command", "framework", "roles")):
            # `pulumi import` or a read without state: inputs rebuilt from the job, as far as GetJob tells
            rebuilt = rebuilt_inputs(api.get_job(session, resource_id) or {})
            spec, _ = check_spec(rebuilt, session.region)
            base = canonical(spec) if spec is not None else rebuilt
            props = {**base, **{k: v for k, v in props.items() if v is not None}}
        else:
            props = self._with_drift(session, resource_id, props)
        if observed["status"] in STOPPED_BY_USER and not props.get("stopped"):
            # Stopped out of band (console, CLI): a stopped job cannot run again, so the state says so and the
            # next preview shows the program's running job as a replacement; the refresh says why.
            reason = " ".join(str(observed.get(k) or "") for k in ("reason_code", "reason_message")).strip()
            self._emit(resource_id, "refresh", f"drift: the job was stopped outside this stack "
                       f"({reason or 'no reason given'}); `pulumi up` submits it again as a new job, or set "
                       "stopped=True to keep it stopped")
            props = {**props, "stopped": True}
        return {**props, **observed, "creation_token": props.get("creation_token")}

    def _with_drift(self, session: Session, resource_id: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """`props` with the cloud's value of every modelled input that drifted (`dlc_drift`), each reported
        with its input path, so the next preview shows the change."""
        spec, _ = check_spec(_strip(props), session.region)
        job = api.get_job(session, resource_id)
        if spec is None or job is None:
            return dict(props)
        found, theirs = drift(state_request(spec), job, resource_type=spec.resource_type, fingerprint=_fingerprint,
                              mine_fingerprinted=True)
        for path, ours, cloud in found:
            self._emit(resource_id, "refresh", f"drift: {path} is {cloud!r} in the cloud, {ours!r} in the state")
        fields = {path.split(".")[0].split("[")[0] for path, _, _ in found}
        if not fields:
            return dict(props)
        merged, _ = check_spec({**_strip(props), **{f: theirs.get(f) for f in fields if theirs.get(f) is not None}},
                               session.region)
        values = plain_dump(merged) if merged is not None else theirs
        return {**props, **{field: values.get(field) for field in fields}}

    def adopt_clashes(self, session: Session, resource_id: str, spec: DlcJobSpec, observed: Mapping[str, Any]) -> list[str]:
        """Every modelled input GetJob reports that differs between the program and the job."""
        found, _ = drift(state_request(spec, fingerprint=_fingerprint), api.get_job(session, resource_id) or {},
                         resource_type=spec.resource_type, fingerprint=_fingerprint, mine_fingerprinted=True)
        return [f"{path} is {cloud!r} in the cloud but {ours!r} in the program" for path, ours, cloud in found]

    def settled(
        self, session: Session, resource_id: str, hint: Mapping[str, Any], timeout: float, phase: str
    ) -> dict[str, Any]:
        # A job needs no wait after an update or adoption (stopping waits in `send_update`): as it is now.
        observed = self.observe(session, resource_id, hint)
        if observed is None:
            raise DlcError(f"DlcJob {resource_id} is gone (deleted out of band?): run `pulumi refresh`")
        return observed

    # -- update, delete -----------------------------------------------------------------------------------------
    def to_update(self, current: Mapping[str, Any], spec: DlcJobSpec) -> list[str]:
        """`priority` when it differs (from the old input, or from what an adopted job has), `stopped` when
        the job is to be stopped."""
        priority = current["priority"] if "priority" in current else current.get("observed_priority")
        changed = ["priority"] if spec.priority is not None and spec.priority != priority else []
        return changed + (["stopped"] if spec.stopped and not current.get("stopped") else [])

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: DlcJobSpec, changed: list[str]
    ) -> None:
        if "priority" in changed:
            self._update_priority(session, resource_id, int(spec.priority or 0))
        if "stopped" in changed:
            self._stop_and_wait(session, resource_id, self.limit(olds, "update"), "update")

    def _update_priority(self, session: Session, job_id: str, priority: int) -> None:
        try:
            api.update_job(session, job_id, priority=priority)
        except CloudError as exc:
            raise DlcError(
                f"DlcJob {job_id}: cannot change priority to {priority}: PAI-DLC changes a job's priority only "
                f"while it is Creating, Queuing or Bidding ({exc}). Keep the old priority, or replace the job."
            ) from exc

    def _stop_and_wait(self, session: Session, job_id: str, timeout: float, phase: str) -> None:
        def stop() -> None:
            try:
                api.stop_job(session, job_id)
            except Conflict:
                current = api.get_job(session, job_id)
                if current is None:
                    raise NotFound(f"DlcJob {job_id} is gone", service="pai_dlc", action="StopJob") from None
                if current.get("Status") not in TERMINAL | STOPPED_BY_USER:
                    raise  # a status that does not take a stop yet: try again
                # Stopping or finished already (e.g. a retried StopJob whose first try took effect).

        try:
            keep_trying(stop, kind=self.KIND, resource_id=job_id, phase=phase, settings=session.settings,
                        timeout=timeout, blocked_by=(Conflict,))
        except NotFound:
            raise
        except CloudError as exc:
            raise DlcError(f"DlcJob {job_id}: StopJob failed: {exc}") from exc
        self._wait_ready(session, job_id, {}, timeout, phase, ready=TERMINAL, failed=())

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        """Stop the job first if it still runs (DeleteJob refuses running jobs), then delete it."""
        job = api.get_job(session, resource_id)
        if job is None:
            raise NotFound(f"DlcJob {resource_id} is gone", service="pai_dlc", action="DeleteJob")
        if job.get("Status") not in TERMINAL:
            self._emit(resource_id, "delete", f"stopping the job (status {job.get('Status')})")
            self._stop_and_wait(session, resource_id, self.limit(olds, "delete"), "delete")
        api.delete_job(session, resource_id)


def rebuilt_inputs(job: Mapping[str, Any]) -> dict[str, Any]:
    """DlcJob inputs rebuilt from a GetJob reply, as far as it tells (best effort: {} if it cannot)."""
    request = cloud_request(job)  # GetJob returns the data sources reduced: not enough to rebuild them
    if job.get("CodeSource"):
        request["CodeSource"] = job["CodeSource"]
    try:
        return from_create_job_request(request)
    except Exception:
        return {}


# --- program side ------------------------------------------------------------------------------------------------


class DlcJob(DlcJobResource, module="dlc", name="DlcJob"):
    """A PAI-DLC training job. Secret parts of the inputs (registry and Redis passwords) reach the outputs only
    as fingerprints; pass them as `pulumi.Output.secret(...)` or secret config.
    """

    PROVIDER = DlcJobProvider

    @classmethod
    def prepare(cls, props: dict[str, Any]) -> dict[str, Any]:
        props = dict(props)
        if "ram_role" in props:
            props["ram_role"] = role_arn_input(props["ram_role"])  # a RamRole resource means its ARN
        # An input that holds a password is secret, even if the program did not say so: the engine then
        # stores it encrypted (a dynamic provider cannot mark its inputs secret itself).
        for key in SECRET_OUTPUTS:
            if props.get(key) is not None:
                props[key] = pulumi.Output.from_input(props[key]).apply(_secret_if_it_holds_a_password)
        return props


def _secret_if_it_holds_a_password(value: Any) -> Any:
    return pulumi.Output.secret(value) if secret_values(value, JOB_SECRET_FIELDS) else value

