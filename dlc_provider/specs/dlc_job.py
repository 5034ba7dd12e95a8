"""Deprecated: the old name of ``dlc_provider.specs.dlc`` (the inputs of a `DlcJob`). Import from there.

Kept so that programs written against the earlier README go on working; importing it warns once.
"""

import warnings

from . import dlc
from .dlc import *  # noqa: F403  (the same public API under the old name)

__all__ = list(dlc.__all__)

warnings.warn(
    "dlc_provider.specs.dlc_job is deprecated: import from dlc_provider.specs.dlc (the same names)",
    DeprecationWarning, stacklevel=2,
)
