"""Where object bytes live: one file per object version or upload part, in a folder of the fake's own.

With a state file the folder sits next to it (`<state folder>/<state file stem>-oss/`), so a restarted
fake keeps its objects; without one it is a temporary folder removed when the cloud is garbage-collected
or the process ends. The backend keeps only metadata and the file names (which it hands out from a counter
it pickles, so names are the same run after run).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import weakref
from pathlib import Path
from typing import Any

_FOLDERS: weakref.WeakKeyDictionary[Any, Path] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def folder_next_to(state_file: str | Path) -> Path:
    """The object folder of a fake whose state is saved in `state_file` (made on first use)."""
    folder = Path(state_file).parent / f"{Path(state_file).stem}-oss"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def folder_for(cloud: Any) -> Path:
    """The object folder of a `FakeCloud` (made on first use)."""
    with _LOCK:
        folder = _FOLDERS.get(cloud)
        if folder is None:
            state_file = cloud.settings.state_file
            if state_file is not None:
                folder = folder_next_to(state_file)
            else:
                folder = Path(tempfile.mkdtemp(prefix="dlc-fake-oss-"))
                weakref.finalize(cloud, shutil.rmtree, str(folder), True)
            _FOLDERS[cloud] = folder
        return folder


class BlobStore:
    """Files in one folder, named by the caller."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, name: str, data: bytes) -> None:
        path = self.folder / name
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)

    def read(self, name: str, start: int = 0, end: int | None = None) -> bytes:
        with open(self.folder / name, "rb") as handle:
            handle.seek(start)
            return handle.read() if end is None else handle.read(max(end - start, 0))

    def concat(self, name: str, parts: list[str]) -> None:
        """Write `name` as the parts one after the other, a chunk at a time."""
        temporary = (self.folder / name).with_suffix(".part")
        with open(temporary, "wb") as out:
            for part in parts:
                with open(self.folder / part, "rb") as source:
                    shutil.copyfileobj(source, out, 1 << 20)
        temporary.replace(self.folder / name)

    def remove(self, name: str | None) -> None:
        if name:
            (self.folder / name).unlink(missing_ok=True)
