"""`dlc-stack`: bring a training stack up, follow its job, tear it down; manage the local fake cloud.

    dlc-stack [-C DIR] [-s STACK] [--plain] up | down | status | logs [--follow] | run [--keep] [--local] | recover
    dlc-stack fake start [--port N] [--latency L] [--latency-factor F] [--execute-jobs] | stop | status

`up`, `down` and `run` first reconcile what a killed engine left in the stack (`recover`, no prompt).

Exit codes: 0 success (for `run`: the job Succeeded), 1 the job or the engine failed, or another operation
is running on the stack, 2 a usage or set-up problem (no project, the fake not answering, no engine),
130 interrupted (after tearing down).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import checkpoints, fake_server
from .context import SetupProblem
from .context import check_fake as _check_fake
from .context import endpoint_of as _endpoint
from .context import job_api as _job_api
from .context import open_stack_of as _open
from .context import project_dir_of as _project_dir
from .context import session_of as _session
from .follow import Display, follow_job, format_duration
from .local_run import LocalRunProblem, execution_on
from .locks import ConcurrentOperation
from .summary import outputs_lines, summary_lines

T = TypeVar("T")
EXIT_OK, EXIT_FAILED, EXIT_SETUP, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_STACK = "dev"


# --- parsing ------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dlc-stack", description="Run PAI-DLC training stacks: up, follow the job, tear down.",
    )
    parser.add_argument("-C", "--cwd", type=Path, default=None,
                        help="the Pulumi project folder (default: the nearest one above the current folder)")
    parser.add_argument("-s", "--stack", default=os.environ.get("DLC_STACK", DEFAULT_STACK),
                        help=f"stack name (default: $DLC_STACK or {DEFAULT_STACK})")
    parser.add_argument("--plain", action="store_true", help="plain lines even on a terminal")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("up", help="create or update the stack's resources").set_defaults(func=cmd_up)
    commands.add_parser("down", help="destroy the stack's resources").set_defaults(func=cmd_down)
    commands.add_parser("status", help="the stack's outputs and the job's current status").set_defaults(
        func=cmd_status)
    logs = commands.add_parser("logs", help="the job's log lines")
    logs.add_argument("-f", "--follow", action="store_true", help="keep printing until the job ends")
    logs.add_argument("--poll", type=float, default=1.0, help="seconds between polls (default 1)")
    logs.set_defaults(func=cmd_logs)
    run = commands.add_parser("run", help="up, follow the job to its end, summarise, tear down")
    run.add_argument("--keep", action="store_true", help="leave the stack up afterwards")
    run.add_argument("--poll", type=float, default=1.0, help="seconds between polls (default 1)")
    run.add_argument("--local", action="store_true", help="on the local fake: run the job's pods for real, as "
                     "processes on this machine (README: 'Running jobs for real')")
    run.add_argument("--fetch-checkpoints", metavar="DIR", type=Path, default=None,
                     help="before the teardown, download the checkpoint bucket's objects into DIR")
    run.set_defaults(func=cmd_run)
    checkpoints = commands.add_parser(
        "checkpoints", help="list or fetch what the job wrote to the stack's checkpoint bucket",
        description="The objects under the stack's checkpoint_uri output (TrainingStack checkpoint_bucket).")
    checkpoints.add_argument("action", nargs="?", choices=["list", "fetch"], default="list")
    checkpoints.add_argument("--to", metavar="DIR", type=Path, default=Path("checkpoints"),
                             help="where `fetch` writes (default ./checkpoints), keeping the keys' paths")
    checkpoints.set_defaults(func=cmd_checkpoints)
    recover = commands.add_parser(
        "recover", help="reconcile what a killed engine left in the stack (pending operations, its lock)",
        description="Settle the pending operations a killed engine left: a create that made its resource "
                    "imports it, one that made nothing is dropped, updates and deletes are dropped (the next "
                    "up or down redoes them). Also removes locks of engines that are gone.")
    recover.add_argument("-s", "--stack", default=argparse.SUPPRESS, help="stack name (as the global -s)")
    recover.add_argument("--pulumi", metavar="PATH", nargs="?", const="pulumi", default=None,
                         help="use your own pulumi (on PATH, or PATH) with your environment as it is (your "
                              "backend, login, passphrase) instead of the project's engine set-up")
    recover.set_defaults(func=cmd_recover)

    fake = commands.add_parser("fake", help="the local fake cloud server (background)")
    fake_commands = fake.add_subparsers(dest="fake_command", required=True, metavar="ACTION")
    start = fake_commands.add_parser("start", help="start it in the background (no-op if it runs)")
    start.add_argument("--port", type=int, default=fake_server.DEFAULT_PORT,
                       help=f"port (default {fake_server.DEFAULT_PORT}, the dev stack's dlc:endpoint)")
    start.add_argument("--latency", choices=["instant", "realistic", "manual"], default="realistic")
    start.add_argument("--latency-factor", type=float, default=0.1,
                       help="scales realistic durations (default 0.1: a NAT gateway in ~1s)")
    start.add_argument("--execute-jobs", action="store_true", help="run every DLC job's pods as local processes")
    start.set_defaults(func=cmd_fake_start)
    fake_commands.add_parser("stop", help="stop it").set_defaults(func=cmd_fake_stop)
    fake_commands.add_parser("status", help="is it running, where").set_defaults(func=cmd_fake_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Ctrl-C raises KeyboardInterrupt even when SIGINT was ignored by whoever started us (a background
    # job of a non-interactive shell), so `run` always gets to tear down.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return int(args.func(args))
    except (SetupProblem, LocalRunProblem) as problem:
        print(f"dlc-stack: {problem}", file=sys.stderr)
        return EXIT_SETUP
    except ConcurrentOperation as busy:
        print(f"dlc-stack: {busy}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("dlc-stack: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


# --- helpers ------------------------------------------------------------------------------------------------


def _display(args: argparse.Namespace) -> Display:
    return Display(sys.stdout, live=False if args.plain else None)


def prepare(handle: Any, display: Display) -> None:
    from .operations import prepare as prepare_stack

    prepare_stack(handle, display)


def shielded(display: Display, note: str) -> Any:
    from .operations import shielded as shield

    return shield(display, note)


def run_update(handle: Any, kind: str, display: Display) -> Any:
    from .operations import run_update as run

    return run(handle, kind, display)


# --- commands -----------------------------------------------------------------------------------------------


def _update(args: argparse.Namespace, kind: str) -> tuple[Any, Any]:
    """`up` or `destroy` of the stack the arguments name, after the same checks and preparation."""
    handle = _open(args)
    _check_fake(handle, handle.config())
    display = _display(args)
    prepare(handle, display)
    return handle, run_update(handle, kind, display)


def cmd_up(args: argparse.Namespace) -> int:
    handle, result = _update(args, "up")
    if result.interrupts:
        return EXIT_INTERRUPTED
    if not result.ok:
        return EXIT_FAILED
    for line in outputs_lines(handle.outputs()):
        print(line)
    return EXIT_OK


def cmd_down(args: argparse.Namespace) -> int:
    _, result = _update(args, "destroy")
    if result.interrupts and not result.ok:
        return EXIT_INTERRUPTED
    return EXIT_OK if result.ok else EXIT_FAILED


def cmd_status(args: argparse.Namespace) -> int:
    handle = _open(args)
    config = handle.config()
    outputs = handle.outputs()
    resources = handle.resource_count()
    print(f"stack:      {handle.name} ({handle.project_dir})")
    print(f"resources:  {resources}")
    if not outputs:
        print("outputs:    (none: the stack is not up)")
        return EXIT_OK
    for line in outputs_lines(outputs):
        print("  " + line)
    job_id = outputs.get("job_id")
    if job_id:
        try:
            _check_fake(handle, config)
            get_job, _ = _job_api(_session(config))
            job = get_job(str(job_id))
        except SetupProblem as problem:
            print(f"job:        {job_id} (not reachable: {problem})")
            return EXIT_OK
        if job is None:
            print(f"job:        {job_id}: not found")
        else:
            for line in summary_lines(stack=handle.name, job=job, outputs=outputs, resources=None)[1:]:
                print(line)
    return EXIT_OK


def cmd_logs(args: argparse.Namespace) -> int:
    handle = _open(args)
    config = handle.config()
    job_id = handle.outputs().get("job_id")
    if not job_id:
        raise SetupProblem(f"stack {handle.name} has no job_id output (is it up?)")
    _check_fake(handle, config)
    get_job, get_logs = _job_api(_session(config))
    display = _display(args)
    if not args.follow:
        display = Display(sys.stdout, live=False)
    job = follow_job(str(job_id), get_job, get_logs, display, poll=args.poll, until_final=args.follow)
    if job is None:
        return EXIT_FAILED
    if not args.follow:
        return EXIT_OK
    return EXIT_OK if job.get("Status") == "Succeeded" else EXIT_FAILED


def cmd_run(args: argparse.Namespace) -> int:
    handle = _open(args)
    config = handle.config()
    _check_fake(handle, config)
    with execution_on(_endpoint(config), say=print) if args.local else contextlib.nullcontext():
        return _run(args, handle, config)


def _run(args: argparse.Namespace, handle: Any, config: dict[str, Any]) -> int:
    display = _display(args)
    started = time.monotonic()
    job: dict[str, Any] | None = None
    outputs: dict[str, Any] = {}
    interrupted = False
    up_ok = False
    prepare(handle, display)
    try:
        up = run_update(handle, "up", display)
        if up.concurrent:
            return EXIT_FAILED  # the stack is another operation's: neither follow nor tear down
        up_ok, interrupted = up.ok, up.interrupts > 0
        outputs = _safe(handle.outputs, {})
        job_id = outputs.get("job_id")
        if up_ok and not interrupted:
            if not job_id:
                display.line("dlc-stack: the stack has no job_id output; nothing to follow")
            else:
                get_job, get_logs = _job_api(_session(config))
                job = follow_job(str(job_id), get_job, get_logs, display, poll=args.poll)
    except KeyboardInterrupt:
        interrupted = True
    # From here to the teardown, a Ctrl-C must not abort the teardown (it is what cleans up).
    with shielded(display, "the teardown starts in a moment and goes on; Ctrl-C during it says what is in flight"):
        if interrupted:
            display.clear()
            display.line("dlc-stack: interrupted; tearing down" if not args.keep else "dlc-stack: interrupted")
            if job is None and outputs.get("job_id"):
                get_job, _ = _job_api(_session(config))
                job = _safe(lambda: get_job(str(outputs["job_id"])), None)
        resources = _safe(handle.resource_count, None)
        checkpoint_note = _checkpoint_note(args, config, outputs, handle.name) if up_ok else None
        if interrupted and not args.keep:
            prepare(handle, display)  # what a stopped engine left pending is torn down too
    torn_down = None
    if not args.keep:
        torn_down = run_update(handle, "destroy", display).ok
    display.clear()
    print("--- summary ---")
    for line in summary_lines(stack=handle.name, job=job, outputs=outputs, resources=resources,
                              wall_seconds=time.monotonic() - started, torn_down=torn_down,
                              interrupted=interrupted, checkpoints=checkpoint_note):
        print(line)
    if interrupted:
        return EXIT_INTERRUPTED
    if not up_ok or job is None or job.get("Status") != "Succeeded" or torn_down is False:
        return EXIT_FAILED
    return EXIT_OK


def cmd_checkpoints(args: argparse.Namespace) -> int:
    handle = _open(args)
    config = handle.config()
    try:
        where = checkpoints.location_of(handle.outputs(), handle.name)
    except checkpoints.NoCheckpoints as problem:
        raise SetupProblem(str(problem)) from None
    _check_fake(handle, config)
    session = _session(config)
    objects = _cloud(lambda: checkpoints.list_checkpoints(session, where), f"listing {where.uri}")
    if args.action == "list":
        for line in checkpoints.listing_lines(where, objects):
            print(line)
        return EXIT_OK
    written = _cloud(lambda: checkpoints.fetch_checkpoints(session, where, objects, args.to), f"fetching {where.uri}")
    print(f"{where.uri}: {len(written)} files fetched into {args.to.resolve()}")
    return EXIT_OK


def _cloud(fn: Callable[[], T], what: str) -> T:
    """`fn()`, with a cloud error turned into a one-line message (no traceback)."""
    from ..errors import DlcError

    try:
        return fn()
    except (DlcError, checkpoints.NoCheckpoints) as error:
        raise SetupProblem(f"{what} failed: {error}") from None


def _checkpoint_note(args: argparse.Namespace, config: dict[str, Any], outputs: dict[str, Any], stack: str) -> str | None:
    """The summary's checkpoint line, fetching first when `--fetch-checkpoints` asks (before the teardown)."""
    try:
        where = checkpoints.location_of(outputs, stack)
    except checkpoints.NoCheckpoints:
        return None
    try:
        session = _session(config)
        objects = checkpoints.list_checkpoints(session, where)
        noun = "object" if len(objects) == 1 else "objects"
        note = f"{where.uri} ({len(objects)} {noun}, {checkpoints.size_text(sum(o['size'] for o in objects))})"
        if args.fetch_checkpoints is not None:
            written = checkpoints.fetch_checkpoints(session, where, objects, args.fetch_checkpoints, say=lambda _: None)
            return f"{note}, {len(written)} fetched into {args.fetch_checkpoints.resolve()}"
    except Exception as error:  # noqa: BLE001 (the summary says what went wrong; the teardown goes on)
        return f"{where.uri} (not read: {error})"
    if not args.keep:
        note += "; deleted with the stack unless the bucket was brought by name (use --fetch-checkpoints DIR or --keep)"
    return note


def cmd_recover(args: argparse.Namespace) -> int:
    from ..errors import DlcError
    from .reconcile import PulumiFailed, StackTarget, prepare_stack

    display = Display(sys.stdout, live=False)
    try:
        if args.pulumi:
            target = StackTarget.plain(_project_dir(args), args.stack,
                                       None if args.pulumi == "pulumi" else args.pulumi)
        else:
            from .operations import target_of

            handle = _open(args)
            _check_fake(handle, handle.config())
            target = target_of(handle)
        report = prepare_stack(target, display.line)
    except (PulumiFailed, DlcError, ValueError) as error:
        raise SetupProblem(f"recover on stack {args.stack} failed: {error}") from None
    if not report:
        print(f"recover: stack {args.stack} has no pending operations")
        return EXIT_OK
    counts = {action: sum(1 for item in report if item.action == action) for action in ("imported", "dropped", "kept")}
    print(f"recover: stack {args.stack}: " + ", ".join(f"{n} {action}" for action, n in counts.items()))
    return EXIT_FAILED if counts["kept"] else EXIT_OK


def _safe(fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception:  # noqa: BLE001 (for the summary only)
        return default


def cmd_fake_start(args: argparse.Namespace) -> int:
    project_dir = _project_dir(args)
    try:
        record, started = fake_server.start(
            project_dir, port=args.port, latency=args.latency, latency_factor=args.latency_factor,
            extra_args=["--execute-jobs"] if args.execute_jobs else None,
        )
    except fake_server.FakeServerError as error:
        raise SetupProblem(str(error)) from None
    word = "started" if started else "already running"
    print(f"fake cloud {word}: {record.url} (pid {record.pid}, state {record.state_file}, log {record.log_file})")
    return EXIT_OK


def cmd_fake_stop(args: argparse.Namespace) -> int:
    record = fake_server.stop(_project_dir(args))
    print(f"fake cloud stopped (pid {record.pid})" if record else "fake cloud was not running")
    return EXIT_OK


def cmd_fake_status(args: argparse.Namespace) -> int:
    record, running = fake_server.status(_project_dir(args))
    if record is None or not running:
        print("fake cloud: not running" + (" (stale record)" if record else ""))
        return EXIT_FAILED
    print(f"fake cloud: running at {record.url} (pid {record.pid}, up {format_duration(time.time() - record.started_at)}, "
          f"state {record.state_file})")
    return EXIT_OK
