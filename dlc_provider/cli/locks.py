"""Stack locks of the local file backend: who holds one, and removing those of engines that are gone.

Every update takes a lock file, `<backend>/.pulumi/locks/organization/<project>/<stack>/<uuid>.json`,
holding the engine's pid, user and host, and removes it at the end. An engine killed with SIGKILL leaves
its lock behind, and every later update then fails with "the stack is currently locked". `pulumi cancel`
removes *every* lock, including that of an update still running elsewhere, which would let two updates
write one state; here only locks whose process is verifiably gone (same host, no such pid, or a pid that
is no `pulumi` any more) are removed. A lock held by a live engine means another operation is running.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

__all__ = ["ConcurrentOperation", "LockHolder", "backend_dir", "broken_attrs", "concurrent_message", "stack_locks", "remove_stale"]


class ConcurrentOperation(RuntimeError):
    """Another operation holds the stack's lock."""


@dataclass(frozen=True)
class LockHolder:
    """One lock file and what it says about its holder."""

    path: Path
    pid: int | None
    username: str
    hostname: str
    timestamp: str

    def is_stale(self) -> bool:
        """True only when the holder is certainly gone: a process on this host that no longer runs
        `pulumi` (a lock from another host is never judged)."""
        if self.hostname != socket.gethostname() or self.pid is None:
            return False
        try:
            name = Path(f"/proc/{self.pid}/comm").read_text().strip()
        except OSError:
            return True
        return "pulumi" not in name

    def describe(self) -> str:
        since = self.timestamp[:19].replace("T", " ") + " UTC" if self.timestamp else "?"
        return f"pulumi pid {self.pid} of {self.username or '?'} on {self.hostname or '?'}, since {since}"


def backend_dir(env: Mapping[str, str]) -> Path | None:
    """The folder of a `file://` backend named by `PULUMI_BACKEND_URL`, else None."""
    url = env.get("PULUMI_BACKEND_URL", "")
    if not url.startswith("file://"):
        return None
    path = unquote(urlparse(url).path) if url.startswith("file:///") else url[len("file://"):]
    return Path(os.path.expanduser(path))


def _read(path: Path) -> LockHolder | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    pid = data.get("pid")
    return LockHolder(path=path, pid=int(pid) if isinstance(pid, int) else None,
                      username=str(data.get("username") or ""), hostname=str(data.get("hostname") or ""),
                      timestamp=str(data.get("timestamp") or ""))


def stack_locks(backend: Path, project: str, stack: str) -> list[LockHolder]:
    """The locks on a stack (project-scoped layout, and the legacy one without projects)."""
    name = stack.rsplit("/", 1)[-1]
    folders = [backend / ".pulumi" / "locks" / "organization" / project / name, backend / ".pulumi" / "locks" / name]
    holders = []
    for folder in folders:
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            holder = _read(path)
            if holder is not None:
                holders.append(holder)
    return holders


def remove_stale(holders: list[LockHolder]) -> tuple[list[LockHolder], list[LockHolder]]:
    """Remove the stale locks; (removed, live)."""
    removed, live = [], []
    for holder in holders:
        if holder.is_stale():
            for path in (holder.path, holder.path.with_name(holder.path.name + ".attrs")):
                path.unlink(missing_ok=True)
            removed.append(holder)
        else:
            live.append(holder)
    return removed, live


def broken_attrs(backend: Path, project: str, stack: str) -> list[Path]:
    """Metadata files of the stack's checkpoint that a killed engine left empty or half written.

    The file backend writes a checkpoint to a temporary file and renames it (atomic), but writes its
    `<stack>.json.attrs` in place; an engine killed at that moment leaves it empty, and every later command
    fails with "failed to load checkpoint: EOF". Without the file the checkpoint reads fine (it only holds
    the content type and an MD5), so a broken one is removed."""
    name = stack.rsplit("/", 1)[-1]
    broken = []
    for folder in (backend / ".pulumi" / "stacks" / project, backend / ".pulumi" / "stacks"):
        for path in sorted(folder.glob(f"{name}.json*.attrs")) if folder.is_dir() else []:
            try:
                json.loads(path.read_text())
            except ValueError:
                broken.append(path)
            except OSError:
                continue
    return broken


def concurrent_message(stack: str, holders: list[LockHolder]) -> str:
    """The one paragraph for a stack in use by another operation."""
    who = "; ".join(h.describe() for h in holders) if holders else "the backend reports the stack as locked"
    return (
        f"another operation is running on stack {stack} ({who}); wait for it to finish, then run this "
        "command again. Nothing was changed. Stopping that operation by force would leave its work half "
        "recorded; if its process has died, the next dlc-stack up, down or recover notices and cleans up "
        "after it."
    )
