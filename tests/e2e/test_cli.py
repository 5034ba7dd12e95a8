"""`dlc-stack` end to end on the project's REAL program and dev stack: the real engine through the Automation
API, the fake cloud as a background server started by `dlc-stack fake start`.

Each test copies `Pulumi.yaml`, `__main__.py` and `stacks/Pulumi.dev.yaml` from the repository root into a
fresh folder (the program's `.venv` is a symlink to the repository's), starts the fake on a free port,
points the copy's `dlc:endpoint` at it and edits only what the test is about in the copied stack file.

- `run` on the dev stack as shipped: exit 0, the job's log lines, a Succeeded summary, the whole stack
  created (journal) and nothing left in the fake.
- `run` on a job set to fail: exit 1, its log lines with the error, a Failed summary, nothing left.
- Bring-your-own VPC: `up` and `down` with a VPC and vSwitch made beforehand; the stack creates neither,
  the job runs in that VPC, and both outlive `down`.
- `up`, `status`, `down`, `status`.
- Ctrl-C (SIGINT) while `run` follows a job that never ends: exit 130 and the stack is torn down.
- Ctrl-C during `up`, with a NAT gateway being created: the engine finishes what is in flight, then the
  stack is torn down (exit 130) and nothing is left.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION

REPO = Path(__file__).resolve().parents[2]
SHIPPED_ENDPOINT = "dlc:endpoint: http://127.0.0.1:8765"
CONFIG = "dlc-training:"
# The whole dev stack (vpc, private gateway, nas storage, new role, checkpoint bucket, the job) as the fake
# journals it.
STACK_CREATES = ("CreateVpc", "CreateVSwitch", "CreateSecurityGroup", "CreateNatGateway", "AllocateEipAddress",
                 "CreateSnatEntry", "CreateFileSystem", "CreateAccessGroup", "CreateAccessRule",
                 "CreateMountTarget", "CreateDataset", "CreateRole", "CreatePolicy", "PutBucket", "CreateJob")
# What the test's environment must not hand to the CLI: `./run test` exports the repository's own backend
# and pulumi home (a copy must keep its stacks to itself), and a stack or endpoint of its own.
_DROP_ENV = {"PULUMI_BACKEND_URL", "PULUMI_HOME", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE",
             "DLC_STACK", "DLC_ENDPOINT", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.upper() not in _DROP_ENV}


def _command(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "dlc_provider.cli", "-C", str(project), *args]


def cli(project: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(project, *args), capture_output=True, text=True, timeout=timeout,
                          env=_env(), check=False)


def _output(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"


class DevStack:
    """A copy of the project with its dev stack, and the fake cloud it talks to."""

    def __init__(self, directory: Path, url: str) -> None:
        self.directory = directory
        self.url = url

    # --- the copied stack file ---
    @property
    def stack_file(self) -> Path:
        return self.directory / "stacks" / "Pulumi.dev.yaml"

    def edit(self, change: Any) -> None:
        """`change(config)` edits the stack's `config:` mapping in place (secure values and the
        encryption salt are written back as they were)."""
        document = yaml.safe_load(self.stack_file.read_text())
        salt, secret = document["encryptionsalt"], document["config"]["alicloud:secretKey"]
        change(document["config"])
        assert document["encryptionsalt"] == salt and document["config"]["alicloud:secretKey"] == secret
        self.stack_file.write_text(yaml.safe_dump(document, sort_keys=False))

    def set_job_envs(self, **envs: str) -> None:
        self.edit(lambda config: config[f"{CONFIG}job"]["envs"].update(envs))

    # --- the fake's admin API (as tests/e2e/fake_server.py reads it) ---
    def admin(self, path: str) -> Any:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"{self.url}/_fake/{path}", timeout=30) as reply:  # loopback only
            return json.loads(reply.read() or b"null")

    def state(self) -> dict[str, Any]:
        return self.admin("state")

    def journal(self) -> list[dict[str, Any]]:
        return self.admin("journal")

    def user_resources(self) -> list[tuple[str, str, str]]:
        """(service, kind, id) of every resource not built into the fake."""
        return [(service, kind, str(r.get("id"))) for service, kinds in self.state().items()
                for kind, records in kinds.items() for r in records if not r.get("builtin")]

    def resource_count(self) -> int:
        return len(self.user_resources())

    def ok_actions(self, *, since: int = 0) -> list[str]:
        return [e["action"] for e in self.journal()[since:] if 200 <= e["status"] < 300]

    def record(self, service: str, kind: str, resource_id: str) -> dict[str, Any] | None:
        for r in self.state().get(service, {}).get(kind, []):
            if r.get("id") == resource_id:
                return r
        return None

    # --- the SDK, for resources made outside the stack ---
    def session(self) -> Any:
        from dlc_provider.clients.session import Session
        from dlc_provider.config import ProviderSettings

        return Session(ProviderSettings.from_sources({
            "alicloud:region": DEFAULT_REGION, "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
            "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET, "dlc:endpoint": self.url,
        }, env={}))


@pytest.fixture
def dev_stack(engine, tmp_path: Path) -> Iterator[DevStack]:  # noqa: ARG001 (engine: set up once, fail early)
    directory = tmp_path / "project"
    (directory / "stacks").mkdir(parents=True)
    for name in ("Pulumi.yaml", "__main__.py", "stacks/Pulumi.dev.yaml"):
        shutil.copyfile(REPO / name, directory / name)
    settings = yaml.safe_load((directory / "Pulumi.yaml").read_text())
    assert settings["name"] == "dlc-training" and settings["stackConfigDir"] == "stacks"
    assert settings["runtime"]["options"]["virtualenv"] == ".venv"
    (directory / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)

    port = _free_port()
    text = (directory / "stacks" / "Pulumi.dev.yaml").read_text()
    assert text.count(SHIPPED_ENDPOINT) == 1, "the dev stack no longer names the default fake endpoint"
    (directory / "stacks" / "Pulumi.dev.yaml").write_text(
        text.replace(SHIPPED_ENDPOINT, f"dlc:endpoint: http://127.0.0.1:{port}"))

    started = cli(directory, "fake", "start", "--port", str(port), timeout=60)
    try:
        assert started.returncode == 0, _output(started)
        assert f"started: http://127.0.0.1:{port} " in started.stdout, _output(started)
        yield DevStack(directory, f"http://127.0.0.1:{port}")
    finally:
        stopped = cli(directory, "fake", "stop", timeout=60)
        assert stopped.returncode == 0, _output(stopped)


def _assert_empty(stack: DevStack) -> None:
    left = stack.user_resources()
    assert left == [], f"resources left in the fake: {left}"


def test_run_the_dev_stack(dev_stack: DevStack):
    proc = cli(dev_stack.directory, "run")
    out = proc.stdout
    assert proc.returncode == 0, _output(proc)
    assert "\x1b" not in out  # not a terminal: plain lines
    # The job's log lines (two workers: prefixed by pod), then the summary.
    assert "+ python train.py --epochs 3 --data /mnt/samples --out /mnt/checkpoints" in out, _output(proc)
    assert "Training finished, model saved." in out, _output(proc)
    summary = out.split("--- summary ---", 1)[1]
    assert "stack:      dev" in summary and "status:     Succeeded" in summary, _output(proc)
    assert "torn down:  yes" in summary, _output(proc)
    assert "checkpoints: oss://dlc-dev-checkpoints/ (0 objects, 0 B); deleted with the stack" in summary, _output(proc)
    assert out.index("Training finished") < out.index("--- summary ---")
    # The whole stack was created, once each, and all of it is gone.
    actions = dev_stack.ok_actions()
    for action in STACK_CREATES:
        assert actions.count(action) == 1, (action, sorted(set(actions)))
    for action in ("DeleteJob", "DeleteVpc", "DeleteVSwitch", "DeleteNatGateway", "DeleteFileSystem",
                   "DeleteMountTarget", "DeleteRole", "DeleteBucket"):
        assert action in actions, (action, sorted(set(actions)))
    _assert_empty(dev_stack)


def test_run_a_job_that_fails(dev_stack: DevStack):
    dev_stack.set_job_envs(FAKE_DLC_OUTCOME="fail", FAKE_DLC_ERROR="CUDA out of memory")
    proc = cli(dev_stack.directory, "--plain", "run")
    out = proc.stdout
    assert proc.returncode == 1, _output(proc)
    lines = out.splitlines()
    assert any(line.endswith("+ python train.py --epochs 3 --data /mnt/samples --out /mnt/checkpoints")
               for line in lines), _output(proc)
    assert any(line.endswith("CUDA out of memory") and line.startswith("[") for line in lines), _output(proc)
    summary = out.split("--- summary ---", 1)[1]
    assert "status:     Failed" in summary, _output(proc)
    assert "torn down:  yes" in summary, _output(proc)
    _assert_empty(dev_stack)


def _wait_until(condition: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def test_bring_your_own_vpc(dev_stack: DevStack):
    from dlc_provider.clients import vpc

    session = dev_stack.session()
    token = uuid.uuid4().hex
    vpc_id = vpc.create_vpc(session, cidr_block="10.30.0.0/16", name="byo-vpc", description=None,
                            resource_group_id=None, tags={}, client_token=f"vpc-{token}")
    _wait_until(lambda: (vpc.describe_vpc(session, vpc_id) or {}).get("Status") == "Available", 60, "the VPC")
    vswitch_id = vpc.create_vswitch(session, vpc_id=vpc_id, zone_id="cn-hangzhou-h", cidr_block="10.30.1.0/24",
                                    name="byo-vsw", description=None, tags={}, client_token=f"vsw-{token}")
    _wait_until(lambda: (vpc.describe_vswitch(session, vswitch_id) or {}).get("Status") == "Available", 60,
                "the vSwitch")
    before = len(dev_stack.journal())

    def bring_own(config: dict[str, Any]) -> None:
        config[f"{CONFIG}vpcId"] = vpc_id
        config[f"{CONFIG}vpcCidr"] = "10.30.0.0/16"
        config[f"{CONFIG}vswitchIds"] = [vswitch_id]
        config.pop(f"{CONFIG}zoneIds")  # the zone comes from the vSwitch
        config[f"{CONFIG}job"]["envs"]["FAKE_DLC_RUN_SECONDS"] = "forever"

    dev_stack.edit(bring_own)
    up = cli(dev_stack.directory, "--plain", "up")
    assert up.returncode == 0, _output(up)
    assert "created Vpc" not in up.stdout and "created VSwitch" not in up.stdout, _output(up)
    after_up = dev_stack.ok_actions(since=before)
    assert "CreateVpc" not in after_up and "CreateVSwitch" not in after_up, sorted(set(after_up))
    for action in ("CreateSecurityGroup", "CreateNatGateway", "CreateMountTarget", "CreateJob"):
        assert action in after_up, (action, sorted(set(after_up)))
    jobs = [j for j in dev_stack.state().get("pai-dlc", {}).get("jobs", []) if not j.get("builtin")]
    assert len(jobs) == 1
    assert jobs[0]["body"]["UserVpc"]["VpcId"] == vpc_id
    assert jobs[0]["body"]["UserVpc"]["SwitchId"] == vswitch_id
    gateways = [g for g in dev_stack.state()["vpc"].get("nat_gateways", []) if not g.get("builtin")]
    assert [g["vpc_id"] for g in gateways] == [vpc_id]

    down = cli(dev_stack.directory, "--plain", "down")
    assert down.returncode == 0, _output(down)
    after_down = dev_stack.journal()[before:]
    deletes = [(e["action"], e["params"]) for e in after_down if e["action"] in ("DeleteVpc", "DeleteVSwitch")]
    assert deletes == [], deletes
    assert (dev_stack.record("vpc", "vpcs", vpc_id) or {}).get("status") == "Available"
    assert (dev_stack.record("vpc", "vswitches", vswitch_id) or {}).get("status") == "Available"
    # Nothing but the VPC and vSwitch made beforehand is left.
    assert sorted(dev_stack.user_resources()) == sorted([("vpc", "vpcs", vpc_id), ("vpc", "vswitches", vswitch_id)])


def test_up_then_status_then_down(dev_stack: DevStack):
    dev_stack.set_job_envs(FAKE_DLC_RUN_SECONDS="forever")
    up = cli(dev_stack.directory, "--plain", "up")
    assert up.returncode == 0, _output(up)
    outputs = {}
    for line in up.stdout.splitlines():
        key, _, value = line.partition("  ")
        if key in ("job_id", "vpc_id", "job_status", "region", "file_system_id", "nat_gateway_id"):
            outputs[key] = value.strip()
    assert outputs.get("job_id", "").startswith("dlc"), _output(up)
    assert outputs.get("vpc_id", "").startswith("vpc-"), _output(up)
    assert outputs.get("region") == "cn-hangzhou", _output(up)
    assert dev_stack.record("vpc", "vpcs", outputs["vpc_id"]) is not None
    assert dev_stack.resource_count() > 10

    # The job gets to Running in a second or two (fake latency x 0.1); status shows it live.
    deadline = time.monotonic() + 60
    while True:
        status = cli(dev_stack.directory, "--plain", "status")
        assert status.returncode == 0, _output(status)
        if "status:     Running" in status.stdout or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert f"job:        {outputs['job_id']}" in status.stdout, _output(status)
    assert "status:     Running" in status.stdout, _output(status)
    assert "resources:  " in status.stdout and "outputs:    (none" not in status.stdout, _output(status)

    down = cli(dev_stack.directory, "--plain", "down")
    assert down.returncode == 0, _output(down)
    _assert_empty(dev_stack)
    after = cli(dev_stack.directory, "--plain", "status")
    assert after.returncode == 0, _output(after)
    assert "resources:  0" in after.stdout, _output(after)
    assert "outputs:    (none: the stack is not up)" in after.stdout, _output(after)


def _interrupted_run(dev_stack: DevStack, trigger: Any) -> tuple[int, str]:
    """`run --plain` until a line satisfies `trigger`, then SIGINT; (exit code, whole output)."""
    process = subprocess.Popen(_command(dev_stack.directory, "--plain", "run"), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=_env())
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 180
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "the line to interrupt at did not come in time:\n" + "".join(seen)
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            assert line is not None, f"run ended (exit {process.wait()}) before the interrupt:\n" + "".join(seen)
            seen.append(line)
            if trigger(line):
                break
        process.send_signal(signal.SIGINT)
        process.wait(timeout=240)
        while (line := lines.get(timeout=30)) is not None:
            seen.append(line)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, "".join(seen)


def test_ctrl_c_during_run_tears_down(dev_stack: DevStack):
    dev_stack.set_job_envs(FAKE_DLC_RUN_SECONDS="forever")
    code, output = _interrupted_run(dev_stack, lambda line: line.startswith("job ") and ": Running (" in line)
    assert code == 130, output
    assert "dlc-stack: interrupted; tearing down" in output, output
    summary = output.split("--- summary ---", 1)[1]
    assert "status:     Running" in summary or "status:     Stopp" in summary, output
    assert "torn down:  yes" in summary, output
    assert "DeleteJob" in dev_stack.ok_actions()
    _assert_empty(dev_stack)


def test_ctrl_c_during_up_stops_the_engine_then_tears_down(dev_stack: DevStack):
    # Interrupted right after the vSwitch exists, while the NAT gateway (next) is being created: the engine
    # finishes what is in flight and records it, and only then does the teardown start, so nothing leaks.
    code, output = _interrupted_run(dev_stack, lambda line: line.startswith("created VSwitch"))
    assert code == 130, output
    assert "asking the engine to stop" in output, output
    assert "up stopped after the interrupt" in output, output
    assert "pending operations" not in output, output
    summary = output.split("--- summary ---", 1)[1]
    assert "torn down:  yes" in summary, output
    assert "CreateJob" not in dev_stack.ok_actions(), output
    _assert_empty(dev_stack)
