"""Errors of the fake PAI-DLC service.

PAI-DLC documents almost none of its error codes, so most codes here are the fake's choice, in the
style the service is known to use (`InvalidParameter` plus a dotted field name, 400). Unknown IDs are
404 with a code ending in `NotFound` (a provider should treat any 404 or `…NotFound` code as gone);
actions a job's or TensorBoard's status does not allow are 400 `Incorrect…Status`.
"""

from __future__ import annotations

from ..core.errors import FakeError


class DlcError(FakeError):
    status = 400


# --- not found -----------------------------------------------------------------------------------------
class JobNotFound(DlcError):
    code, status, message = "JobNotFound", 404, "The job {job_id} does not exist."


class PodNotFound(DlcError):
    code, status, message = "PodNotFound", 404, "The pod {pod_id} does not exist in job {job_id}."


class TensorboardNotFound(DlcError):
    code, status, message = "TensorboardNotFound", 404, "The TensorBoard {tensorboard_id} does not exist."


# --- status conflicts ------------------------------------------------------------------------------------
class IncorrectJobStatus(DlcError):
    code, message = "IncorrectJobStatus", "The job {job_id} is {current}: {action} is not allowed in this status."


class IncorrectTensorboardStatus(DlcError):
    code = "IncorrectTensorboardStatus"
    message = "The TensorBoard {tensorboard_id} is {current}: {action} is not allowed in this status."


# --- parameters ----------------------------------------------------------------------------------------------
class InvalidField(DlcError):
    """A request field breaks a rule: code `InvalidParameter.<Field>`, the message says which rule."""

    code = "InvalidParameter"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason, code=f"InvalidParameter.{field}")


class MissingField(InvalidField):
    def __init__(self, field: str) -> None:
        super().__init__(field, f"The parameter {field} is required.")


class RequestBodyTooLarge(DlcError):
    code, message = "InvalidParameter.RequestBodyTooLarge", "The request body is {size} bytes; at most {limit} allowed."


class PublicResourceLimitExceeded(DlcError):
    code = "InvalidParameter.PublicResourceLimitExceeded"
    message = (
        "Public resources allow at most {max_gpu} GPUs and {max_cpu} CPU cores per node; role {role} asks for "
        "{gpu} GPUs and {cpu} CPU cores. Use a resource quota (ResourceId) for larger nodes."
    )
