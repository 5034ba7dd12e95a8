"""`dlc-stack` end to end: the real engine through the Automation API, the fake cloud as a background server
started by `dlc-stack fake start`.

A job that succeeds: `run` exits 0 and leaves the fake empty. A job set to fail: `run` exits 1, shows its
log lines, and leaves the fake empty. `up`, then `status`, then `down`. Ctrl-C (SIGINT) while `run` follows a
job that never ends: exit 130 and the stack is torn down.

Until the project's own TrainingStack program is in place these use a small program of their own (one
DlcJob whose fake outcome comes from the stack config), in a throw-away project.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION

PROGRAM = """
import pulumi
from dlc_provider.resources import DlcJob

cfg = pulumi.Config()
job = DlcJob("train", display_name="cli-e2e", framework="pytorch", command="python train.py",
             image="registry.example.com/team/train:1.0",
             resources={"source": "quota", "quota_id": "quota-ecs-demo"},
             roles={"worker": {"count": 1, "cpu": 4, "memory": "16Gi"}},
             envs={"FAKE_DLC_OUTCOME": cfg.get("outcome") or "succeed",
                   "FAKE_DLC_RUN_SECONDS": cfg.get("runSeconds") or "20"})
pulumi.export("job_id", job.job_id)
pulumi.export("job_status", job.status)
pulumi.export("region", "cn-hangzhou")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}


def cli(project: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dlc_provider.cli", "-C", str(project), *args],
                          capture_output=True, text=True, timeout=timeout, env=_env(), check=False)


class Project:
    def __init__(self, directory: Path, url: str) -> None:
        self.directory = directory
        self.url = url

    def stack(self, name: str, **config: str) -> str:
        values = {
            "alicloud:region": DEFAULT_REGION, "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
            "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET, "dlc:endpoint": self.url,
            "dlc:pollInterval": "0.2", "dlc:retryBaseDelay": "0.05",
            **{f"cli-e2e:{k}": v for k, v in config.items()},
        }
        lines = ["config:"] + [f"  {k}: {json.dumps(v)}" for k, v in values.items()]
        (self.directory / f"Pulumi.{name}.yaml").write_text("\n".join(lines) + "\n")
        return name

    def user_resources(self) -> int:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(f"{self.url}/_fake/state") as reply:
            state = json.loads(reply.read())
        return sum(1 for kinds in state.values() for records in kinds.values() for r in records
                   if not r.get("builtin"))


@pytest.fixture(scope="module")
def project(engine, tmp_path_factory) -> Project:  # noqa: ARG001 (engine: set up once, fail early)
    directory = tmp_path_factory.mktemp("cli")
    settings = {"name": "cli-e2e",
                "runtime": {"name": "python", "options": {"virtualenv": sys.prefix, "toolchain": "pip"}}}
    (directory / "Pulumi.yaml").write_text(json.dumps(settings))  # JSON is YAML
    (directory / "__main__.py").write_text(textwrap.dedent(PROGRAM))
    started = cli(directory, "fake", "start", "--port", str(_free_port()), "--latency", "realistic",
                  "--latency-factor", "0.05", timeout=60)
    assert started.returncode == 0, started.stderr
    url = started.stdout.split("started: ", 1)[1].split()[0]
    yield Project(directory, url)
    stopped = cli(directory, "fake", "stop", timeout=60)
    assert stopped.returncode == 0, stopped.stderr


def test_run_a_job_that_succeeds(project: Project):
    stack = project.stack("ok")
    proc = cli(project.directory, "-s", stack, "run")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "status:     Succeeded" in proc.stdout
    assert "Training finished, model saved." in proc.stdout  # the job's log lines
    assert "torn down:  yes" in proc.stdout
    assert "\x1b" not in proc.stdout  # not a terminal: plain lines
    assert project.user_resources() == 0


def test_run_a_job_that_fails(project: Project):
    stack = project.stack("fail", outcome="fail", runSeconds="40")
    proc = cli(project.directory, "-s", stack, "run")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "status:     Failed" in proc.stdout
    assert "RuntimeError: CUDA error" in proc.stdout  # the failing pod's last log lines
    assert project.user_resources() == 0


def test_up_then_status_then_down(project: Project):
    stack = project.stack("updown", runSeconds="forever")
    up = cli(project.directory, "-s", stack, "up")
    assert up.returncode == 0, up.stdout + up.stderr
    assert "created" in up.stdout and "job_id" in up.stdout
    assert project.user_resources() == 1
    status = cli(project.directory, "-s", stack, "status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert "resources:  1" in status.stdout and "status:     Running" in status.stdout
    logs = cli(project.directory, "-s", stack, "logs")
    assert logs.returncode == 0 and "python train.py" in logs.stdout
    down = cli(project.directory, "-s", stack, "down")
    assert down.returncode == 0, down.stdout + down.stderr
    assert project.user_resources() == 0
    after = cli(project.directory, "-s", stack, "status")
    assert "resources:  0" in after.stdout


def test_ctrl_c_during_run_tears_down(project: Project):
    stack = project.stack("interrupted", runSeconds="forever")
    process = subprocess.Popen(
        [sys.executable, "-m", "dlc_provider.cli", "-C", str(project.directory), "-s", stack, "run"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env(),
    )
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + 180
    for line in process.stdout:
        seen.append(line)
        if line.startswith("job ") and "Running" in line:
            break
        assert time.monotonic() < deadline, "".join(seen)
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=180)
    output = "".join(seen) + rest
    assert process.returncode == 130, output
    assert "interrupted; tearing down" in output and "torn down:  yes" in output
    assert project.user_resources() == 0
