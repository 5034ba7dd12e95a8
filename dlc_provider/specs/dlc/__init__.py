"""The input specification of a PAI-DLC training job (`DlcJob`): models, rules, and mappings.

Modules: ``environment`` (image, datasets, storage mounts, code), ``resources`` (resource type and
source), ``frameworks`` (frameworks and roles), ``network``, ``advanced`` (fault tolerance, sanity check,
RAM role, advanced parameters), ``job`` (the top-level spec and the in-place fields), ``rules``
(cross-field rules), ``validation`` (check failures, unknown tolerance), ``create_job`` (the CreateJob
request), ``job_file`` and ``from_request`` (conversions from existing workflows). No cloud calls here.
"""

from .common import LINGJUN_REGIONS, MAX_REQUEST_BYTES, TOKEN_TAG_KEY, UNKNOWN
from .create_job import RequestTooLargeError, body_size, to_create_job_request
from .from_request import UnsupportedRequestError, from_create_job_request
from .job import IN_PLACE_FIELDS, LIFECYCLE_FIELDS, DlcJobSpec
from .job_file import JobFileError, from_job_file
from .validation import check_spec, find_unknowns, validate_spec, validation_failures

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
