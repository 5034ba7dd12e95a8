"""The SQLite state file: the fake's resources, clock, ID generator and tokens survive a restart.

One table of named parts (`backends`, `clock`, `ids`, `tokens`), each a pickled Python value, written in
one transaction. Pickles tie a file to the fake's code version (`FORMAT`): a file written by an
incompatible version is refused with a clear message rather than half-loaded. The file is local
developer state; never load one you did not write.
"""

from __future__ import annotations

import pickle
import sqlite3
import threading
from pathlib import Path
from typing import Any

FORMAT = "dlc-fake-state/1"


class StateFileError(RuntimeError):
    pass


class StateFile:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        connection.execute("CREATE TABLE IF NOT EXISTS parts (name TEXT PRIMARY KEY, value BLOB NOT NULL)")
        return connection

    def save(self, parts: dict[str, Any]) -> None:
        rows = [("format", pickle.dumps(FORMAT))] + [(name, pickle.dumps(value)) for name, value in parts.items()]
        with self._lock:
            connection = self._connect()
            try:
                with connection:
                    connection.execute("DELETE FROM parts")
                    connection.executemany("INSERT INTO parts (name, value) VALUES (?, ?)", rows)
            finally:
                connection.close()

    def load(self) -> dict[str, Any] | None:
        """The saved parts, or None for a new (or empty) file."""
        if not self.path.exists():
            return None
        with self._lock:
            connection = self._connect()
            try:
                rows = dict(connection.execute("SELECT name, value FROM parts").fetchall())
            finally:
                connection.close()
        if not rows:
            return None
        try:
            parts = {name: pickle.loads(value) for name, value in rows.items()}
        except Exception as error:
            raise StateFileError(
                f"state file {self.path} was written by an incompatible fake cloud ({error}); delete it"
            ) from error
        if parts.pop("format", None) != FORMAT:
            raise StateFileError(f"state file {self.path} has an unknown format; delete it to start afresh")
        return parts
