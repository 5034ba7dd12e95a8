"""The Python language host: arguments it gives the program executor, plugin discovery, the host process.

Which interpreter runs the program: tests/unit/test_engine_interpreter.py.
"""

from __future__ import annotations

import os
import platform
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import grpc
from google.protobuf import struct_pb2
from pulumi.runtime.proto import language_pb2, language_pb2_grpc


from dlc_provider.engine import language_host


def _run_request(**kw) -> language_pb2.RunRequest:
    options = struct_pb2.Struct()
    options.update({"virtualenv": ".venv"})
    info = language_pb2.ProgramInfo(root_directory="/proj", program_directory="/proj", entry_point=".", options=options)
    return language_pb2.RunRequest(
        project="p", stack="dev", pwd="/proj", dryRun=True, parallel=4, monitor_address="127.0.0.1:1",
        organization="organization", info=info, **kw,
    )


def test_program_arguments_match_the_executor_flags():
    host = language_host.PythonLanguageHost("127.0.0.1:2", Path("/x/exec"), "v3.274.0")
    args = host._program_arguments(_run_request(args=["extra"]))
    assert args == [
        "--monitor", "127.0.0.1:1", "--engine", "127.0.0.1:2", "--project", "p", "--root_directory", "/proj",
        "--stack", "dev", "--pwd", "/proj", "--dry_run", "true", "--parallel", "4",
        "--organization", "organization", ".", "extra",
    ]


def test_handshake_replaces_the_engine_address():
    host = language_host.PythonLanguageHost("old", Path("/x/exec"), "v3.274.0")
    host.Handshake(language_pb2.LanguageHandshakeRequest(engine_address="new:1"), None)
    assert host.engine_address == "new:1"
    assert host.GetPluginInfo(None, None).version == "v3.274.0"


def test_resource_plugins_are_discovered_from_installed_packages():
    names = {p.name for p in language_host.resource_plugin_packages()}
    assert "alicloud" in names  # pulumi-alicloud declares its plugin in pulumi-plugin.json
    assert all(p.kind == "resource" and p.version.startswith("v") for p in language_host.resource_plugin_packages())


def test_the_host_process_serves_without_the_sdk_and_stops_at_once_on_the_engines_sigint(tmp_path):
    # Run as the engine runs it: the file as a script, this test process as its engine.
    env = {**os.environ, "DLC_ENGINE_PID": str(os.getpid()), "DLC_LANGUAGE_EXEC": __file__, "DLC_PROVIDER_PYTHON": sys.executable,
           "PYTHONPROFILEIMPORTTIME": "1"}
    proc = subprocess.Popen([sys.executable, "-u", language_host.__file__, "127.0.0.1:1"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        port = int(proc.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = language_pb2_grpc.LanguageRuntimeStub(channel)
            packages = stub.GetRequiredPackages(language_pb2.GetRequiredPackagesRequest(), timeout=30).packages
            assert "alicloud" in {p.name for p in packages}
            about = stub.About(language_pb2.AboutRequest(info=language_pb2.ProgramInfo(root_directory=str(tmp_path))),
                               timeout=30)
            assert (about.executable, about.version) == (sys.executable, platform.python_version())
        os.kill(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        imported = proc.stderr.read().decode()
        assert "pulumi.runtime.proto.language_pb2" in imported
        # Only the generated protobuf modules: the SDK's package __init__ files are never run.
        assert "pulumi.runtime.settings" not in imported and "pulumi.automation" not in imported
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_a_cancelled_program_ends_quietly_in_its_own_process_group(tmp_path, monkeypatch):
    # The engine's SIGINT to the host's process group must not reach the program (a KeyboardInterrupt
    # there prints a traceback under the stack); the engine's Cancel ends it with SIGTERM and a bail.
    monkeypatch.setenv("DLC_PROVIDER_PYTHON", sys.executable)
    started = tmp_path / "started"
    exec_script = tmp_path / "exec.py"
    exec_script.write_text(
        "import os, pathlib, sys, time\n"
        f"pathlib.Path({str(started)!r}).write_text(str(os.getpgid(0)))\n"
        "time.sleep(60)\n"
    )
    host, request, runner, result = _start_program(tmp_path, exec_script, started)
    assert int(started.read_text()) != os.getpgid(0)

    host.Cancel(None, None)
    runner.join(timeout=30)
    assert not runner.is_alive()
    assert result["response"].bail and not result["response"].error
    # Once cancelled, the host starts no more programs.
    assert host.Run(request, None).bail


def test_a_program_that_ignores_sigterm_is_killed_after_the_grace_time(tmp_path, monkeypatch):
    monkeypatch.setenv("DLC_PROVIDER_PYTHON", sys.executable)
    started = tmp_path / "started"
    exec_script = tmp_path / "exec.py"
    exec_script.write_text(
        "import pathlib, signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        f"pathlib.Path({str(started)!r}).write_text('up')\n"
        "time.sleep(60)\n"
    )
    host, _, runner, result = _start_program(tmp_path, exec_script, started)

    host.wait_for_programs(grace_seconds=0.5)  # what the host does after the engine's SIGINT
    runner.join(timeout=30)
    assert not runner.is_alive()
    assert result["response"].bail and not result["response"].error


def _start_program(tmp_path, exec_script, started):
    """A host running `exec_script` as its program (Run in a thread), once the program wrote `started`."""
    host = language_host.PythonLanguageHost("127.0.0.1:2", exec_script, "v3.274.0")
    info = language_pb2.ProgramInfo(root_directory=str(tmp_path), program_directory=str(tmp_path), entry_point=".")
    request = language_pb2.RunRequest(project="p", stack="dev", pwd=str(tmp_path), info=info)
    result: dict[str, language_pb2.RunResponse] = {}
    runner = threading.Thread(target=lambda: result.update(response=host.Run(request, None)))
    runner.start()
    deadline = time.monotonic() + 30
    while not started.exists() or not started.read_text():
        assert time.monotonic() < deadline, "the program did not start"
        time.sleep(0.05)
    return host, request, runner, result
