"""Inputs of a `DlcJob` (a PAI-DLC training job): the public face of ``dlc_provider.specs.dlc``.

``DlcJobSpec`` validates user input; ``validation_failures`` turns input into (path, reason) pairs for
``check``, tolerating values unknown at preview; ``to_create_job_request`` builds the SDK request;
``from_job_file`` and ``from_create_job_request`` carry existing DLC CLI job files and SDK requests over.
``IN_PLACE_FIELDS`` lists the inputs that update in place; every other input replaces the job.
"""

from .dlc import (
    IN_PLACE_FIELDS,
    LIFECYCLE_FIELDS,
    LINGJUN_REGIONS,
    MAX_REQUEST_BYTES,
    TOKEN_TAG_KEY,
    UNKNOWN,
    DlcJobSpec,
    JobFileError,
    RequestTooLargeError,
    UnsupportedRequestError,
    body_size,
    check_spec,
    find_unknowns,
    from_create_job_request,
    from_job_file,
    to_create_job_request,
    validate_spec,
    validation_failures,
)

__all__ = [
    "IN_PLACE_FIELDS",
    "LIFECYCLE_FIELDS",
    "LINGJUN_REGIONS",
    "MAX_REQUEST_BYTES",
    "TOKEN_TAG_KEY",
    "UNKNOWN",
    "DlcJobSpec",
    "JobFileError",
    "RequestTooLargeError",
    "UnsupportedRequestError",
    "body_size",
    "check_spec",
    "find_unknowns",
    "from_create_job_request",
    "from_job_file",
    "to_create_job_request",
    "validate_spec",
    "validation_failures",
]
