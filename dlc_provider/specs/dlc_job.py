"""Inputs of a `DlcJob` (a PAI-DLC training job): the public face of ``dlc_provider.specs.dlc``.

``DlcJobSpec`` validates user input; ``validation_failures`` turns input into (path, reason) pairs for
``check``, tolerating values unknown at preview; ``to_create_job_request`` builds the SDK request;
``from_job_file`` and ``from_create_job_request`` carry existing DLC CLI job files and SDK requests over.
``IN_PLACE_FIELDS`` lists the inputs that update in place; every other input replaces the job.
"""

from . import dlc
from .dlc import *  # noqa: F403  (the same public API, under the name the resource uses)

__all__ = list(dlc.__all__)
