"""The fake cloud as a real server process, as users run it, with its admin API for assertions."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

LISTENING = re.compile(r"fake cloud listening on (http://\S+)")

#: A stack test runs on a plain fake, and again with throttling and 5xx answers mixed into every API
#: (the test takes `faults` and passes it on to `start_fake_server`).
under_fault_mixes = pytest.mark.parametrize(
    "faults", [[], ["throttle:*:*:0.15", "server_error:*:*:0.1"]], ids=["plain", "throttling-and-5xx"]
)


@dataclass
class FakeServer:
    """A running `python -m dlc_provider.fake serve` process."""

    process: subprocess.Popen[str]
    url: str

    def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/_fake/{path}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310 (loopback only)
            return json.loads(reply.read() or b"null")

    def state(self) -> dict[str, Any]:
        return self.admin("GET", "state")

    def journal(self, service: str | None = None, action: str | None = None) -> list[dict[str, Any]]:
        query = "&".join(f"{k}={v}" for k, v in (("service", service), ("action", action)) if v)
        return self.admin("GET", "journal" + (f"?{query}" if query else ""))

    def set_faults(self, faults: list[str], seed: int = 0) -> None:
        self.admin("POST", "settings", {"faults": faults, "seed": seed})

    def resource_count(self) -> int:
        """Resources users made (built-in ones such as default access groups do not count)."""
        return sum(
            1 for kinds in self.state().values() for records in kinds.values() for r in records if not r.get("builtin")
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_fake_server(*args: str, faults: Sequence[str] = (), state_file: Path | None = None) -> FakeServer:
    """Start the server on a free port, injecting `faults` (`--fault` specs), and wait for its 'listening' line."""
    command = [sys.executable, "-m", "dlc_provider.fake", "serve", "--port", "0", *args]
    command += [arg for fault in faults for arg in ("--fault", fault)]
    if state_file:
        command += ["--state-file", str(state_file)]
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert process.stdout is not None
    for line in process.stdout:
        match = LISTENING.search(line)
        if match:
            # Keep reading so a chatty server never blocks on a full pipe.
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return FakeServer(process, match.group(1))
    raise RuntimeError(f"the fake server exited with {process.wait()} before listening")
