"""A user's own Pulumi program in its own folder, run as the README says, against the fake cloud server.

The user has the package installed in a virtualenv (here: the tests' own), activated (VIRTUAL_ENV, its
bin first on PATH) and ran `eval "$(python -m dlc_provider.engine env)"` in the program's folder, a
temporary folder outside the repository. DLC_PROVIDER_PYTHON is not set and Pulumi.yaml names no
virtualenv: the engine's launchers must find the interpreter on their own.

Also: a failing create reaches the user as one paragraph with no Python traceback, and when the engine is
killed (kill -9) mid-`up`, its provider plugin, language host and program exit within seconds instead of
carrying on.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dlc_provider.fake import DEFAULT_ACCESS_KEY_SECRET

from .fake_server import FakeServer, start_fake_server
from .harness import fake_config

VENV = Path(sys.prefix)
REPO_ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import pulumi
from dlc_provider.resources import VSwitch, Vpc

cfg = pulumi.Config()
vpc = Vpc("vpc", cidr_block="10.8.0.0/16", name="own-program")
if cfg.get_bool("brokenVSwitch"):
    VSwitch("vsw", vpc_id="vpc-doesnotexist0000000", zone_id="cn-hangzhou-h", cidr_block="10.8.1.0/24", name="b")
pulumi.export("vpc_id", vpc.id)
"""


def _user_environment(project: Path) -> dict[str, str]:
    """What a user's shell holds after activating the venv and eval-ing the engine's `env` output."""
    keep = ("HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "DLC_ENGINE_CACHE", "XDG_CACHE_HOME", "DLC_ENGINE_IGNORE_PATH")
    shell = {k: os.environ[k] for k in keep if k in os.environ}
    shell["VIRTUAL_ENV"] = str(VENV)
    shell["PATH"] = os.pathsep.join([str(VENV / "bin"), "/usr/local/bin", "/usr/bin", "/bin"])
    out = subprocess.run(
        ["sh", "-c", 'eval "$(python -m dlc_provider.engine env)" && env -0'],
        cwd=project, env=shell, capture_output=True, text=True, check=True, timeout=300,
    )
    env = dict(line.split("=", 1) for line in out.stdout.split("\0") if "=" in line)
    assert "DLC_PROVIDER_PYTHON" not in env
    return env


class OwnProgram:
    """`pulumi` run in the program's folder with the user's environment."""

    def __init__(self, directory: Path, server: FakeServer, stack: str = "dev") -> None:
        self.directory = directory
        directory.mkdir(parents=True)
        (directory / "Pulumi.yaml").write_text("name: own-program\nruntime: python\n")
        (directory / "__main__.py").write_text(textwrap.dedent(PROGRAM))
        self.env = _user_environment(directory)
        self.stack = stack
        self.run("stack", "init")
        for key, value in fake_config(server.url).items():
            self.run("config", "set", key, value)
        self.run("config", "set", "--secret", "alicloud:secretKey", DEFAULT_ACCESS_KEY_SECRET)

    def command(self, *args: str) -> list[str]:
        return ["pulumi", *args, "--stack", self.stack, "--non-interactive"]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            self.command(*args), cwd=self.directory, env=self.env, capture_output=True, text=True, timeout=600
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        return proc


@pytest.fixture
def server():
    server = start_fake_server("--seed", "17")
    yield server
    server.stop()


@pytest.fixture
def program(tmp_path: Path, server: FakeServer):
    assert REPO_ROOT not in tmp_path.parents
    program = OwnProgram(tmp_path / "my-infra", server)
    yield program
    program.run("destroy", "--yes", "--skip-preview", check=False)


def _vpcs(server: FakeServer) -> list[dict]:
    return server.state().get("vpc", {}).get("vpcs", [])


def test_own_program_in_its_own_folder_up_and_destroy(program, server):
    # With its preview, as a user types it: the engine runs the program twice, each time with a new host.
    up = program.run("up", "--yes")
    assert "+ 2 created" in up.stdout, up.stdout
    assert "Traceback" not in up.stdout + up.stderr and "Warning" not in up.stdout + up.stderr, up.stdout
    (vpc,) = _vpcs(server)
    assert vpc["name"] == "own-program" and vpc["cidr_block"] == "10.8.0.0/16"

    destroyed = program.run("destroy", "--yes", "--skip-preview")
    assert "- 2 deleted" in destroyed.stdout, destroyed.stdout
    assert _vpcs(server) == []


def test_a_failed_create_is_one_paragraph_without_a_traceback(program):
    program.run("config", "set", "brokenVSwitch", "true")
    up = program.run("up", "--yes", check=False)
    text = up.stdout + up.stderr
    assert up.returncode != 0, text
    assert "Traceback" not in text and 'File "' not in text, text
    urn = "urn:pulumi:dev::own-program::pulumi-python:dynamic/dlc:VSwitch::vsw"
    diagnostics = text.split("Diagnostics:", 1)[1]
    (line,) = [line for line in diagnostics.splitlines() if "create failed:" in line]
    assert line.startswith(f"    error: dlc:VSwitch 'vsw' ({urn}): create failed: vpc CreateVSwitch: "), text
    assert "InvalidVpcId.NotFound" in line and "[request id " in line, line


# --- the engine killed mid-up --------------------------------------------------------------------------------

def _processes() -> dict[int, tuple[int, str, str]]:
    """pid → (parent pid, state, command line), from /proc."""
    found: dict[int, tuple[int, str, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        found[int(entry.name)] = (int(fields[1]), fields[0], cmdline)
    return found


def _alive(pid: int) -> bool:
    info = _processes().get(pid)
    return info is not None and info[1] != "Z"


def _descendants(root: int) -> dict[int, str]:
    procs = _processes()
    found: dict[int, str] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _state, cmdline) in procs.items():
            if ppid == parent and pid not in found:
                found[pid] = cmdline
                frontier.append(pid)
    return found


def test_plugins_exit_when_the_engine_is_killed_mid_up(tmp_path):
    # Every CreateVpc answers after 30 s: the create is still in flight when the engine dies.
    server = start_fake_server("--seed", "17", "--fault", "latency:vpc:CreateVpc:1.0:delay_seconds=30")
    try:
        program = OwnProgram(tmp_path / "my-infra", server)
        engine = subprocess.Popen(
            program.command("up", "--yes", "--skip-preview"), cwd=program.directory, env=program.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            children: dict[int, str] = {}
            while time.monotonic() < deadline:
                children = _descendants(engine.pid)
                if any("provider_host" in c for c in children.values()):
                    break
                time.sleep(0.2)
            else:
                pytest.fail(f"the provider plugin never started; engine children: {children}")
            time.sleep(4)  # check, then the create: waiting on the fake's CreateVpc (journaled when answered)
            assert not server.journal("vpc", "CreateVpc")
            children = _descendants(engine.pid)
            kinds = {
                "provider": [p for p, c in children.items() if "dlc_provider.engine.provider_host" in c],
                "language host": [p for p, c in children.items() if "language_host.py" in c],
                "program": [p for p, c in children.items() if "pulumi-language-python-exec" in c],
            }
            assert all(kinds.values()), children
            engine.send_signal(signal.SIGKILL)
            engine.wait(timeout=10)
            killed_at = time.monotonic()
            while time.monotonic() - killed_at < 10 and any(_alive(p) for ps in kinds.values() for p in ps):
                time.sleep(0.1)
            survivors = {kind: [p for p in pids if _alive(p)] for kind, pids in kinds.items()}
            assert not any(survivors.values()), f"still running 10 s after the engine was killed: {survivors}"
        finally:
            if engine.poll() is None:
                engine.kill()
                engine.wait()
    finally:
        server.stop()
