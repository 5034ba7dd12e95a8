"""The fake's clock: wall time plus an offset tests can advance, or a frozen time that moves only by hand.

Life cycles and resource timestamps read this clock. Signature timestamps do not: a signed request is
checked against the real wall time, whatever the fake clock says, as the SDK signs with the real time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any


def iso_utc(epoch_seconds: float) -> str:
    """`YYYY-MM-DDTHH:MM:SSZ`, the timestamp format of VPC, ECS, NAS and RAM replies."""
    return datetime.fromtimestamp(epoch_seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_utc_millis(epoch_seconds: float) -> str:
    """`YYYY-MM-DDTHH:MM:SS.mmmZ`, the timestamp format of AIWorkspace replies."""
    moment = datetime.fromtimestamp(epoch_seconds, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Clock:
    """Seconds since the epoch. `is_manual()` (read on every call) freezes it; `advance()` always works."""

    def __init__(self, is_manual: Callable[[], bool] = lambda: False) -> None:
        self._is_manual = is_manual
        self._offset = 0.0
        self._frozen_at: float | None = None
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now_locked()

    def _now_locked(self) -> float:
        wall = time.time()
        manual = self._is_manual()
        if manual and self._frozen_at is None:
            self._frozen_at = wall
        elif not manual and self._frozen_at is not None:
            # Leaving manual mode: carry on from the frozen moment instead of jumping to wall time.
            self._offset += self._frozen_at - wall
            self._frozen_at = None
        return (self._frozen_at if manual and self._frozen_at is not None else wall) + self._offset

    def advance(self, seconds: float) -> float:
        """Move the clock forward (life cycles due by then complete on the next call); returns now()."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds
            return self._now_locked()

    def is_manual(self) -> bool:
        return self._is_manual()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"offset": self._offset, "frozen_at": self._frozen_at}

    def restore(self, snapshot: dict[str, Any]) -> None:
        with self._lock:
            self._offset = float(snapshot.get("offset", 0.0))
            frozen = snapshot.get("frozen_at")
            self._frozen_at = float(frozen) if frozen is not None else None
