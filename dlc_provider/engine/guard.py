"""Process guards for the engine's plugins (our language host and dynamic-provider host).

- **Parent watch**: a plugin whose engine died (kill -9, crash) exits at once instead of serving on and,
  for a provider, creating resources nobody records. Linux: `prctl(PR_SET_PDEATHSIG)`; everywhere: a
  `getppid()` poll. The death signal is SIGHUP and only counts when the parent really changed, because
  Linux also sends it when the *thread* that started us exits (Go may retire threads).
- **SIGINT from the engine only**: the engine stops a plugin by sending SIGINT to the plugin's process
  group (then SIGKILL after 5 s). Any other SIGINT (a terminal's Ctrl-C, `kill -INT` by hand) is ignored:
  cancelling is the engine's decision, and operations in flight must finish and be recorded. The sender
  is told apart with `sigwaitinfo` (Linux): SIGINT stays blocked in every thread and one thread takes it
  with its sender's PID. Without `sigwaitinfo` (macOS) every SIGINT counts as the engine's; there the
  engine's process-group isolation already keeps a terminal's Ctrl-C away from plugins.

Also copied beside `language_host.py` into the engine's bin folder, so it uses the standard library only.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from typing import Callable, Optional

ENV_ENGINE_PID = "DLC_ENGINE_PID"
PR_SET_PDEATHSIG = 1
#: Exit status of a plugin that outlived its engine.
EXIT_ORPHANED = 3
POLL_SECONDS = 0.5


def engine_pid() -> int:
    """The engine's PID: as the launcher saw it (its parent), else our parent now."""
    value = os.environ.get(ENV_ENGINE_PID, "")
    return int(value) if value.isdigit() else os.getppid()


def watch_parent(parent: int, on_orphan: Optional[Callable[[], None]] = None) -> None:
    """Exit with EXIT_ORPHANED (after `on_orphan`) as soon as `parent` is no longer our parent."""
    fired = threading.Lock()

    def orphaned() -> bool:
        return os.getppid() != parent

    def exit_now() -> None:
        if not fired.acquire(blocking=False):
            return
        if on_orphan is not None:
            try:
                on_orphan()
            except Exception:  # noqa: BLE001 (dying anyway; the exit matters more)
                pass
        os._exit(EXIT_ORPHANED)

    if sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread():
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            signal.signal(signal.SIGHUP, lambda *_: exit_now() if orphaned() else None)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGHUP), 0, 0, 0)
        except (OSError, AttributeError, ValueError):
            pass  # the poll below still catches it

    def poll() -> None:
        while not orphaned():
            threading.Event().wait(POLL_SECONDS)
        exit_now()

    if orphaned():  # the engine died before we got here
        exit_now()
    threading.Thread(target=poll, name="dlc-parent-watch", daemon=True).start()


def exit_at_once(code: int = 0) -> None:
    """Flush our output and exit without the interpreter's teardown.

    For a plugin the engine has stopped: the engine waits for the process to end before it goes on, and
    a normal exit joins every worker thread and tears down every loaded module (0.2 s for a provider
    that has served calls). Nothing of ours needs that teardown; calls in flight are finished by then.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def sigint_from_engine_only(parent: int, on_engine_sigint: Callable[[], None]) -> str:
    """Route SIGINT: `on_engine_sigint()` when `parent` sent it, ignored otherwise. Returns the mode used.

    Call it from the main thread before starting threads (the launchers also block SIGINT before exec).
    """
    if hasattr(signal, "sigwaitinfo") and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        # A SIGINT that still reaches an unblocked thread runs this Python-level handler: ignore it.
        signal.signal(signal.SIGINT, lambda *_: None)

        def wait() -> None:
            while True:
                info = signal.sigwaitinfo({signal.SIGINT})
                if info.si_pid == parent:
                    on_engine_sigint()

        threading.Thread(target=wait, name="dlc-sigint", daemon=True).start()
        return "sender-checked"
    signal.signal(signal.SIGINT, lambda *_: on_engine_sigint())
    return "any-sender"


def unblocked_sigint() -> "_UnblockedSigint":
    """Context manager: SIGINT unblocked in this thread, so a child started inside gets default handling."""
    return _UnblockedSigint()


class _UnblockedSigint:
    def __enter__(self) -> None:
        self._old = None
        if hasattr(signal, "pthread_sigmask"):
            self._old = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self._old)
