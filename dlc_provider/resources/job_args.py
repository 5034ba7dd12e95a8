"""`DlcJobArgs` from the formats a DLC user already has: a DLC CLI job file or a CreateJob request.

A mixin of the generated `DlcJobArgs` (`generated/dlc_job.py`): the Args fields come from the spec, these
class methods are written here.
"""

from __future__ import annotations

import os
from typing import Any, TypeVar

from ..specs.dlc import from_create_job_request, from_job_file

__all__ = ["DlcJobArgsConversions"]

_Args = TypeVar("_Args", bound="DlcJobArgsConversions")


class DlcJobArgsConversions:
    """Build a `DlcJobArgs` from a job file or a CreateJob request."""

    @classmethod
    def from_job_file(cls: type[_Args], path_or_text: str, *, framework: str | None = None) -> _Args:
        """Args from a DLC CLI job file (`key=value` lines), given as a path or as its text."""
        text = path_or_text
        if "\n" not in path_or_text and os.path.isfile(path_or_text):
            with open(path_or_text, encoding="utf-8") as handle:
                text = handle.read()
        return cls(**from_job_file(text, framework=framework))

    @classmethod
    def from_create_job_request(cls: type[_Args], request: Any, *, resource_type: str | None = None) -> _Args:
        """Args from a CreateJob request: an SDK `CreateJobRequest` or its `to_map()` dict."""
        data = request.to_map() if hasattr(request, "to_map") else request
        return cls(**from_create_job_request(data, resource_type=resource_type))
