"""Engine progress for `up` and `down`, from the Automation API's event stream.

On a terminal: one live line (`up: 7/12 done, creating DlcJob train (34s)`); otherwise one plain line per
finished resource operation (`created Vpc vpc (1.2s)`). Errors and warnings from the engine and the
providers are always printed in full.
"""

from __future__ import annotations

import time
from typing import Any

from pulumi.automation import EngineEvent, OpType

from .follow import Display, format_duration

_PAST = {
    OpType.CREATE: "created", OpType.UPDATE: "updated", OpType.DELETE: "deleted", OpType.REPLACE: "replaced",
    OpType.CREATE_REPLACEMENT: "created replacement", OpType.DELETE_REPLACED: "deleted replaced",
    OpType.READ: "read", OpType.REFRESH: "refreshed", OpType.IMPORT: "imported",
}
_PRESENT = {
    OpType.CREATE: "creating", OpType.UPDATE: "updating", OpType.DELETE: "deleting", OpType.REPLACE: "replacing",
    OpType.CREATE_REPLACEMENT: "creating replacement", OpType.DELETE_REPLACED: "deleting replaced",
    OpType.READ: "reading", OpType.REFRESH: "refreshing", OpType.IMPORT: "importing",
}


def describe(urn: str, type_: str) -> str:
    """`Vpc vpc` from a URN and its type (dynamic resources: the class name the engine records)."""
    name = urn.rsplit("::", 1)[-1]
    kind = type_.rsplit(":", 1)[-1]
    return f"{kind} {name}"


class EngineProgress:
    """An `on_event` callback that renders the engine's progress on a `Display`."""

    def __init__(self, display: Display, verb: str, clock: Any = time.monotonic) -> None:
        self.display = display
        self.verb = verb
        self.clock = clock
        self.started = clock()
        self.in_flight: dict[str, tuple[str, float]] = {}
        self.done = 0
        self.failed = 0
        self.changes: dict[str, int] = {}

    def __call__(self, event: EngineEvent) -> None:
        try:
            self._handle(event)
        except Exception:  # noqa: BLE001 (a display problem must never break the update)
            pass

    def _handle(self, event: EngineEvent) -> None:
        if event.resource_pre_event is not None:
            meta = event.resource_pre_event.metadata
            if _skip(meta.type, meta.op):
                return
            self.in_flight[meta.urn] = (_PRESENT.get(meta.op, str(meta.op)) + " " + describe(meta.urn, meta.type),
                                        self.clock())
            self._status()
        elif event.res_outputs_event is not None:
            meta = event.res_outputs_event.metadata
            if _skip(meta.type, meta.op):
                return
            entry = self.in_flight.pop(meta.urn, None)
            self.done += 1
            if not self.display.live:
                took = f" ({self.clock() - entry[1]:.1f}s)" if entry else ""
                self.display.line(f"{_PAST.get(meta.op, str(meta.op))} {describe(meta.urn, meta.type)}{took}")
            self._status()
        elif event.res_op_failed_event is not None:
            meta = event.res_op_failed_event.metadata
            self.in_flight.pop(meta.urn, None)
            self.failed += 1
            self.display.line(f"failed: {_PRESENT.get(meta.op, str(meta.op))} {describe(meta.urn, meta.type)}")
        elif event.diagnostic_event is not None:
            diag = event.diagnostic_event
            message = (diag.message or "").rstrip()
            if not message:
                return
            if diag.severity in ("error", "warning"):
                where = f" ({describe(diag.urn, diag.urn.split('::')[-2])})" if diag.urn and "::" in diag.urn else ""
                for text in message.splitlines():
                    self.display.line(f"{diag.severity}{where}: {text}")
            elif self.display.live and diag.severity == "info":
                # Provider status lines (waits) show on the live line only.
                self.display.status(f"{self.verb}: {message.splitlines()[-1][:120]}")
        elif event.summary_event is not None:
            self.changes = {str(getattr(k, "value", k)): v for k, v in event.summary_event.resource_changes.items()}

    def _status(self) -> None:
        if not self.display.live:
            return
        text = f"{self.verb}: {self.done} done"
        if self.in_flight:
            what, since = next(reversed(self.in_flight.values()))
            text += f", {what} ({format_duration(self.clock() - since)})"
            if len(self.in_flight) > 1:
                text += f" +{len(self.in_flight) - 1} more"
        self.display.status(text)


def _skip(type_: str, op: Any) -> bool:
    return op == OpType.SAME or type_.startswith("pulumi:")
