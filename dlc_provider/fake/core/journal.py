"""The journal: one entry per API request the fake answered (or dropped), for tests and benchmarks."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

# Actions that bring a resource into being (for `FakeCloud.creates`).
CREATE_PREFIXES = ("Create", "Allocate")


@dataclass(frozen=True)
class JournalEntry:
    """What happened to one request. `status` is 0 when the connection was dropped before an answer."""

    request_id: str
    service: str
    action: str
    params: dict[str, Any]
    status: int
    error_code: str | None
    duration_ms: float
    region: str
    account_id: str | None
    time: float
    fault: str | None = None
    method: str = "POST"
    path: str = "/"

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Journal:
    """A bounded, thread-safe list of entries (the oldest are dropped beyond `limit`)."""

    limit: int = 100_000
    _entries: deque[JournalEntry] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def append(self, entry: JournalEntry) -> None:
        with self._lock:
            self._entries.append(entry)
            while len(self._entries) > self.limit:
                self._entries.popleft()

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def filter(
        self,
        service: str | None = None,
        action: str | None = None,
        *,
        ok: bool | None = None,
        error_code: str | None = None,
    ) -> list[JournalEntry]:
        return [
            entry
            for entry in self.entries()
            if (service is None or entry.service == service)
            and (action is None or entry.action == action)
            and (ok is None or entry.ok == ok)
            and (error_code is None or entry.error_code == error_code)
        ]
