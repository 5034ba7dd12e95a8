"""The keeper of one locally run pod: runs the command in a process group of its own and ends all of it.

Started by the fake's PAI-DLC service (`models/local_runner.py`) as `python pod_supervisor.py ARGS -- SHELL
-c COMMAND`, by path, so it imports nothing but the standard library. It

* runs the command in a new session (its own process group), stdout and stderr merged, and copies each
  line into the pod's log file as `<wall-clock epoch> <text>` (the service turns the times into its clock);
* on SIGTERM (StopJob, a failed sibling pod) sends SIGTERM to the whole group, then SIGKILL after the
  termination grace period; on SIGUSR1 (the fake shutting down, DeleteJob) SIGKILL at once;
* ends the group the same way when the job's time limit passes or when its parent (the fake) has died
  (it polls its parent's pid, so even a SIGKILLed fake leaves no process behind);
* after the command exits, SIGKILLs whatever the command left in its group, then writes
  `{"code": N, "reason": "exited|stopped|killed|timeout|orphaned", "at": epoch}` to the result file.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time

POLL_SECONDS = 0.05


def _copy_lines(source, log_path: str) -> None:
    with open(log_path, "a", encoding="utf-8", errors="replace") as log:
        for raw in iter(source.readline, b""):
            text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            log.write(f"{time.time():.3f} {text}\n")
            log.flush()


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--result", required=True)
    parser.add_argument("--pgid-file", required=True)
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--grace", type=float, default=30.0)
    parser.add_argument("--deadline", type=float, default=0.0, help="wall seconds until the time limit (0: none)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    requests: list[str] = []
    signal.signal(signal.SIGTERM, lambda *_: requests.append("stopped"))
    signal.signal(signal.SIGUSR1, lambda *_: requests.append("killed"))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C is for the fake, which ends us itself

    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True)
    with open(args.pgid_file + ".tmp", "w") as handle:  # written whole: it also says "handlers are set"
        handle.write(str(child.pid))
    os.replace(args.pgid_file + ".tmp", args.pgid_file)
    copier = threading.Thread(target=_copy_lines, args=(child.stdout, args.log), daemon=True)
    copier.start()
    deadline = time.monotonic() + args.deadline if args.deadline > 0 else None
    reason, term_sent_at = "exited", None
    while child.poll() is None:
        if term_sent_at is None:
            if requests:
                reason = requests[0]
            elif deadline is not None and time.monotonic() >= deadline:
                reason = "timeout"
            elif os.getppid() != args.parent:
                reason = "orphaned"
            if reason != "exited":
                term_sent_at = time.monotonic()
                _signal_group(child.pid, signal.SIGKILL if reason == "killed" else signal.SIGTERM)
        elif "killed" in requests or time.monotonic() - term_sent_at >= args.grace:
            _signal_group(child.pid, signal.SIGKILL)
        time.sleep(POLL_SECONDS)
    _signal_group(child.pid, signal.SIGKILL)  # what the command left behind in its group
    copier.join(timeout=5)
    code = child.returncode
    with open(args.result + ".tmp", "w") as handle:
        json.dump({"code": code, "reason": reason, "at": time.time()}, handle)
    os.replace(args.result + ".tmp", args.result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
