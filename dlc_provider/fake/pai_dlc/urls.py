"""Routing of the fake PAI-DLC service: API version 2020-12-03, ROA (method + path); no ClientToken."""

from ..core.registry import RoaService, Route
from .models import DlcBackend
from .responses import DlcResponses

_JOB = "/api/v1/jobs/<JobId>"
_TENSORBOARD = "/api/v1/tensorboards/<TensorboardId>"

SERVICE = RoaService(
    name="pai-dlc",
    version="2020-12-03",
    backend=DlcBackend,
    responses=DlcResponses,
    routes=(
        Route("POST", "/api/v1/jobs", "CreateJob", "create_job"),
        Route("GET", "/api/v1/jobs", "ListJobs", "list_jobs"),
        Route("GET", _JOB, "GetJob", "get_job"),
        Route("PUT", _JOB, "UpdateJob", "update_job"),
        Route("DELETE", _JOB, "DeleteJob", "delete_job"),
        Route("POST", f"{_JOB}/stop", "StopJob", "stop_job"),
        Route("GET", f"{_JOB}/events", "GetJobEvents", "get_job_events"),
        Route("GET", f"{_JOB}/pods/<PodId>/logs", "GetPodLogs", "get_pod_logs"),
        Route("GET", f"{_JOB}/pods/<PodId>/events", "GetPodEvents", "get_pod_events"),
        Route("GET", "/api/v1/ecsspecs", "ListEcsSpecs", "list_ecs_specs"),
        Route("POST", "/api/v1/tensorboards", "CreateTensorboard", "create_tensorboard"),
        Route("GET", "/api/v1/tensorboards", "ListTensorboards", "list_tensorboards"),
        Route("GET", _TENSORBOARD, "GetTensorboard", "get_tensorboard"),
        Route("PUT", _TENSORBOARD, "UpdateTensorboard", "update_tensorboard"),
        Route("DELETE", _TENSORBOARD, "DeleteTensorboard", "delete_tensorboard"),
        Route("PUT", f"{_TENSORBOARD}/start", "StartTensorboard", "start_tensorboard"),
        Route("PUT", f"{_TENSORBOARD}/stop", "StopTensorboard", "stop_tensorboard"),
    ),
)
