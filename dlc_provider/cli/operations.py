"""`up` and `destroy` through the Automation API, with progress, Ctrl-C handling and crash recovery.

Ctrl-C, step by step (the engine runs in a session of its own, so it gets only what is sent here):

* during `up`: 1st, one SIGINT to the engine: it lets the operations in flight finish, records them and
  stops; 2nd, says what is still in flight and that a 3rd stops the engine at once; 3rd, a second SIGINT:
  the engine stops at once and what was in flight stays pending, for the next up / down / recover.
* during `destroy` (`down`, or `run`'s teardown): 1st, the teardown goes on (it is what cleans up); 2nd,
  one SIGINT: the teardown stops after the deletes in flight; 3rd, warns; 4th, stops the engine at once.

After the engine has exited, the report is what the state says (pending operations left or not), not
what was hoped for.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from pulumi import automation as auto

from .follow import Display, format_duration
from .locks import ConcurrentOperation, concurrent_message
from .reconcile import PulumiRunner, StackTarget, pending_operations, prepare_stack

T = TypeVar("T")
_STEPS = {"up": ("graceful", "confirm", "force"), "destroy": ("continue", "graceful", "confirm", "force")}


@dataclass
class UpdateResult:
    ok: bool
    interrupts: int = 0
    concurrent: bool = False


def target_of(handle: Any) -> StackTarget:
    """The `pulumi` command line on the handle's stack, with the engine and environment it runs with."""
    return StackTarget(PulumiRunner(str(handle.engine.pulumi), handle.project_dir, handle.env), handle.name,
                       handle.project_dir)


@contextmanager
def shielded(display: Display, note: str) -> Iterator[None]:
    """Within: Ctrl-C prints `note` instead of raising KeyboardInterrupt (for steps that must not be cut
    short, such as writing a reconciled state or starting a teardown). Main thread only; else a no-op."""

    def handler(_signum: int, _frame: Any) -> None:
        # Not through `display`: the handler runs in the main thread, perhaps while it holds the display's
        # lock, and would wait for itself.
        try:
            os.write(display.stream.fileno(), f"{chr(10) if display.live else ''}dlc-stack: {note}\n".encode())
        except (OSError, ValueError, AttributeError):
            pass

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def prepare(handle: Any, display: Display) -> None:
    """Stale locks and pending operations of the stack, before an update (see `reconcile`)."""
    try:
        with shielded(display, "reconciling the stack's state first; this takes a few seconds and goes on"):
            prepare_stack(target_of(handle), display.line)
    except ConcurrentOperation:
        raise
    except Exception as error:  # noqa: BLE001 (reported; the update itself says what else is wrong)
        display.line(f"dlc-stack: could not reconcile the stack's pending operations ({error}); going on, "
                     "the engine will warn about them; `dlc-stack recover` retries")


def guarded(work: Callable[[], T], on_interrupt: Callable[[int], None]) -> tuple[T | None, BaseException | None, int]:
    """Run `work` on a thread; Ctrl-C in the meantime calls `on_interrupt(count)` and keeps waiting.

    Returns (result, error, interrupts)."""
    box: dict[str, Any] = {}
    finished = threading.Event()

    def target() -> None:
        try:
            box["result"] = work()
        except BaseException as error:  # noqa: BLE001 (handed back to the caller)
            box["error"] = error
        finally:
            finished.set()

    thread = threading.Thread(target=target, name="dlc-stack-engine", daemon=True)
    thread.start()
    interrupts = 0
    # Wait on an Event, not on thread.join(): a Ctrl-C that interrupts join() can leave the thread looking
    # finished (is_alive() False) while the engine still runs, and the teardown would then race it.
    while not finished.is_set():
        try:
            finished.wait(0.2)
        except KeyboardInterrupt:
            interrupts += 1
            while True:  # a Ctrl-C while the last one is handled counts too, and never escapes the wait
                try:
                    on_interrupt(interrupts)
                    break
                except KeyboardInterrupt:
                    interrupts += 1
    return box.get("result"), box.get("error"), interrupts


def engine_error(error: BaseException) -> str:
    killed = re.search(r"code: -(\d+)", str(error))
    if killed:
        name = signal.Signals(int(killed.group(1))).name if int(killed.group(1)) in signal.valid_signals() else ""
        return (f"the engine was killed (signal {killed.group(1)}{' ' + name if name else ''}); what it had in "
                "flight is left pending in the stack: the next dlc-stack up, down or recover reconciles it")
    text = str(getattr(error, "stderr", "") or "").strip() or str(error)
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[-15:])


def is_concurrent(error: BaseException) -> bool:
    text = str(getattr(error, "stderr", "") or "") + str(error)
    return isinstance(error, auto.ConcurrentUpdateError) or "the stack is currently locked by" in text


def _in_flight(progress: Any) -> str:
    names = [what for what, _ in progress.in_flight.values()]
    return ", ".join(names) if names else "nothing in flight"


def run_update(handle: Any, kind: str, display: Display) -> UpdateResult:
    """`up` or `destroy` with progress and the Ctrl-C steps of the module docstring."""
    from .progress import EngineProgress
    from .stacks import interrupt_engine

    progress = EngineProgress(display, kind)
    steps = _STEPS[kind]
    signals = 0

    def on_interrupt(count: int) -> None:
        nonlocal signals
        step = steps[min(count, len(steps)) - 1] if count <= len(steps) else "after"
        flight = _in_flight(progress)
        if step == "continue":
            display.line(f"dlc-stack: the teardown goes on ({flight}); Ctrl-C again stops it after the "
                         "deletes in flight, leaving the rest in the stack")
        elif step == "graceful":
            signals += interrupt_engine(handle.engine)
            what = "up" if kind == "up" else "the teardown"
            display.line(f"dlc-stack: interrupted; asking the engine to stop {what}: it finishes what is in "
                         f"flight ({flight}) and records it first")
        elif step == "confirm":
            display.line(f"dlc-stack: still waiting for {flight} to finish and be recorded; Ctrl-C once more "
                         "stops the engine at once, leaving that pending (the next dlc-stack up, down or "
                         "recover reconciles it)")
        elif step == "force":
            signals += interrupt_engine(handle.engine)
            display.line(f"dlc-stack: stopping the engine at once; {flight} stays pending in the state; the "
                         "next dlc-stack up, down or recover reconciles it")
        else:
            display.line("dlc-stack: the engine is stopping; waiting for it to exit")

    if kind == "up":
        work = lambda: handle.stack.up(on_event=progress, color="never")  # noqa: E731
    else:
        work = lambda: handle.stack.destroy(on_event=progress, color="never")  # noqa: E731
    _, error, interrupts = guarded(work, on_interrupt)
    display.clear()
    if error is not None and is_concurrent(error):
        display.line(f"dlc-stack: {concurrent_message(handle.name, _live_locks(handle))}")
        return UpdateResult(False, interrupts, concurrent=True)
    if error is not None:
        if signals:
            display.line(f"dlc-stack: {kind} stopped after the interrupt" + _pending_note(handle))
        else:
            display.line(f"dlc-stack: {kind} failed:\n{engine_error(error)}")
        return UpdateResult(False, interrupts)
    changes = ", ".join(f"{v} {k}" for k, v in sorted(progress.changes.items()) if k != "same" and v)
    display.line(f"{kind} done in {format_duration(time.monotonic() - progress.started)}"
                 + (f" ({changes})" if changes else ""))
    return UpdateResult(True, interrupts)


def _pending_note(handle: Any) -> str:
    """What the state says after an interrupted update."""
    try:
        left = pending_operations(target_of(handle).export())
    except Exception:  # noqa: BLE001 (the note is informative only)
        return ""
    if not left:
        return " (operations in flight finished first)"
    names = ", ".join(f"{op.get('type')} {str((op.get('resource') or {}).get('urn', '?')).rsplit('::', 1)[-1]}"
                      for op in left)
    return (f"; {len(left)} operations were cut short and are pending ({names}); the next dlc-stack up, down "
            "or recover reconciles them")


def _live_locks(handle: Any) -> list[Any]:
    from .locks import backend_dir, stack_locks

    backend = backend_dir(handle.env)
    if backend is None:
        return []
    return [h for h in stack_locks(backend, target_of(handle).project_name(), handle.name) if not h.is_stale()]
