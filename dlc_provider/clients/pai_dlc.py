"""PAI-DLC API (ROA 2020-12-03): training jobs, their pods' logs and events, and TensorBoards.

One function per API call. `get_job` / `get_tensorboard` return the resource as the API spells it (a
dict with the wire names, e.g. `{"JobId": ..., "Status": ...}`), or None when it does not exist (a 404,
or a code containing NotFound/NotExist: `errors.NotFound`); everything else returns what the call returns
(an ID, a list) or nothing. Errors arrive as `dlc_provider.errors.CloudError`s from `Session.call`.

CreateJob has no ClientToken: the caller puts its token in `Settings.Tags` and finds an
earlier submission with `list_jobs(tags={TOKEN_TAG_KEY: token})`. No Pulumi here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any


from ..errors import CloudError, Conflict, NotFound
from .common import lazy_module, paginate
from .session import Session
from ..schedule import LifeCycle

if TYPE_CHECKING:
    from alibabacloud_pai_dlc20201203 import models as m
else:
    m = lazy_module("alibabacloud_pai_dlc20201203.models")

__all__ = [
    "create_job",
    "create_tensorboard",
    "delete_job",
    "delete_tensorboard",
    "get_job",
    "get_job_events",
    "get_pod_logs",
    "get_tensorboard",
    "list_jobs",
    "list_tensorboards",
    "stop_job",
    "stop_tensorboard",
    "update_job",
]

SERVICE = "pai_dlc"

#: Typical seconds per transient status before a job runs (its Running time is the user's: not in the table),
#: and of a TensorBoard. The fake cloud's realistic profile uses the same durations; on a real quota Queuing
#: lasts as long as the queue. Waits poll around these moments (dlc_provider.schedule).
LIFE_CYCLE = {
    "DlcJob": LifeCycle(
        create={"Creating": 2.0, "Queuing": 3.0, "Bidding": 5.0, "EnvPreparing": 5.0, "SanityChecking": 5.0},
        update={"Stopping": 3.0}, delete={"Stopping": 3.0},
    ),
    "Tensorboard": LifeCycle(create={"Creating": 5.0}, delete={"Stopping": 2.0}),
}
PAGE_SIZE = 50


# --- jobs ---------------------------------------------------------------------------------------------------


def create_job(session: Session, request: m.CreateJobRequest, *, find: Callable[[], str | None]) -> str:
    """Submit a job (the request from `specs.dlc.to_create_job_request`); returns its JobId.

    CreateJob has no ClientToken: `find` looks the job up by the token tag the request carries, so a retry
    after a lost answer finds the job instead of submitting a second one (`Session.call_create`)."""
    return session.call_create(SERVICE, "CreateJob", lambda c: c.create_job(request), find=find,
                               id_of=lambda reply: str(reply.body.to_map()["JobId"]))


def get_job(session: Session, job_id: str) -> dict[str, Any] | None:
    try:
        reply = session.call(SERVICE, "GetJob", lambda c: c.get_job(job_id, m.GetJobRequest(need_detail=True)))
    except NotFound:
        return None
    return reply.body.to_map()


def list_jobs(
    session: Session, *, tags: Mapping[str, str] | None = None, workspace_id: str | None = None,
    display_name: str | None = None,
) -> list[dict[str, Any]]:
    """Jobs matching every tag given (ListJobs `Tags`), all pages."""

    def call(c: Any, page: int) -> Any:
        return c.list_jobs(m.ListJobsRequest(
            tags=dict(tags) if tags else None, workspace_id=workspace_id, display_name=display_name,
            page_number=page, page_size=PAGE_SIZE,
        ))

    return paginate(session, SERVICE, "ListJobs", call, "Jobs")


def update_job(session: Session, job_id: str, *, priority: int | None = None) -> None:
    request = m.UpdateJobRequest(priority=priority)
    session.call(SERVICE, "UpdateJob", lambda c: c.update_job(job_id, request))


def stop_job(session: Session, job_id: str) -> None:
    """Stop a job. A status conflict (`IncorrectJobStatus`: stopping or finished already, e.g. after a retry
    whose first try took effect) is not retried: it is the caller's answer, not a passing state."""
    session.retrying(
        lambda: session.call(SERVICE, "StopJob", lambda c: c.stop_job(job_id), retry=False),
        what=f"{SERVICE} StopJob",
        retry_on=lambda exc: isinstance(exc, CloudError) and exc.retryable and not isinstance(exc, Conflict),
    )


def delete_job(session: Session, job_id: str) -> None:
    session.call(SERVICE, "DeleteJob", lambda c: c.delete_job(job_id))


def get_pod_logs(session: Session, job_id: str, pod_id: str, *, max_lines: int = 50) -> list[str]:
    request = m.GetPodLogsRequest(max_lines=max_lines)
    reply = session.call(SERVICE, "GetPodLogs", lambda c: c.get_pod_logs(job_id, pod_id, request))
    return [str(line) for line in reply.body.to_map().get("Logs") or []]


def get_job_events(session: Session, job_id: str, *, max_events: int = 50) -> list[str]:
    request = m.GetJobEventsRequest(max_events_num=max_events)
    reply = session.call(SERVICE, "GetJobEvents", lambda c: c.get_job_events(job_id, request))
    return [str(line) for line in reply.body.to_map().get("Events") or []]


# --- TensorBoards -------------------------------------------------------------------------------------------


def create_tensorboard(
    session: Session, request: m.CreateTensorboardRequest, *, find: Callable[[], str | None]
) -> str:
    """Create a TensorBoard; `find` looks it up (by job and name) before each retry (`Session.call_create`)."""
    return session.call_create(SERVICE, "CreateTensorboard", lambda c: c.create_tensorboard(request), find=find,
                               id_of=lambda reply: str(reply.body.to_map()["TensorboardId"]))


def get_tensorboard(session: Session, tensorboard_id: str, *, workspace_id: str | None = None) -> dict[str, Any] | None:
    request = m.GetTensorboardRequest(workspace_id=workspace_id)
    try:
        reply = session.call(SERVICE, "GetTensorboard", lambda c: c.get_tensorboard(tensorboard_id, request))
    except NotFound:
        return None
    return reply.body.to_map()


def list_tensorboards(
    session: Session, *, job_id: str | None = None, display_name: str | None = None,
    workspace_id: str | None = None,
) -> list[dict[str, Any]]:

    def call(c: Any, page: int) -> Any:
        return c.list_tensorboards(m.ListTensorboardsRequest(
            job_id=job_id, display_name=display_name, workspace_id=workspace_id, page_number=page,
            page_size=PAGE_SIZE,
        ))

    return paginate(session, SERVICE, "ListTensorboards", call, "Tensorboards")


def stop_tensorboard(session: Session, tensorboard_id: str, *, workspace_id: str | None = None) -> None:
    request = m.StopTensorboardRequest(workspace_id=workspace_id)
    session.call(SERVICE, "StopTensorboard", lambda c: c.stop_tensorboard(tensorboard_id, request))


def delete_tensorboard(session: Session, tensorboard_id: str, *, workspace_id: str | None = None) -> None:
    request = m.DeleteTensorboardRequest(workspace_id=workspace_id)
    session.call(SERVICE, "DeleteTensorboard", lambda c: c.delete_tensorboard(tensorboard_id, request))
