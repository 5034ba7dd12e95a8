"""The few CreateJob fields a DlcJob refuses on purpose, each with its reason (also in the README).

Every other field of the installed SDK's `CreateJobRequest`, `JobSpec` and `JobSettings` is modelled;
``tests/unit/test_dlc_job_surface.py`` enumerates the SDK's models so a field a new SDK release adds fails
that test until it is modelled or listed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .request_parts import UnsupportedRequestError, is_set

__all__ = ["REFUSED", "refuse"]

#: SDK model name → {wire key: why a DlcJob does not take it}.
REFUSED: dict[str, dict[str, str]] = {
    "JobSpec": {
        "IsCheif": "the SDK's deprecated misspelling of IsChief; use IsChief (`is_chief`)",
    },
    "JobSettings": {
        "DataJuicerConfig": "configures DataJuicerJob jobs, a job type a DlcJob does not offer (its frameworks are "
        "TFJob, PyTorchJob, ElasticBatchJob, XGBoostJob, OneFlowJob, MPIJob and RayJob)",
    },
}


def refuse(data: Mapping[str, Any] | Any, where: str, model: str) -> None:
    """Raise `UnsupportedRequestError` with the reason if `data` sets a field refused in `model`."""
    if not isinstance(data, Mapping):
        return
    for key, reason in REFUSED.get(model, {}).items():
        if is_set(data.get(key)):
            raise UnsupportedRequestError(f"{where}.{key} is not supported: {reason}")
