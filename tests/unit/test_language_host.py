"""The Python language host: arguments it gives the program executor, plugin discovery.

Which interpreter runs the program: tests/unit/test_engine_interpreter.py.
"""

from __future__ import annotations

from pathlib import Path

from google.protobuf import struct_pb2
from pulumi.runtime.proto import language_pb2

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
