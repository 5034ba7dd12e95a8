"""A Python language host (`pulumi-language-python`) for the pulumi CLI.

Why this exists: the engine set-up builds the `pulumi` CLI from its Go module, but the Go module of the
official Python language host (`github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3`) is
untagged and the module proxy reachable here does not serve it. This module is a faithful, small
implementation of the LanguageRuntime gRPC service that the CLI speaks: it runs the program with the
official `pulumi-language-python-exec` script shipped inside the `sdk/v3` Go module (copied next to this
host by the set-up), in the project's virtualenv, exactly as the Go host does. Where a real
`pulumi-language-python` is installed next to the CLI or on PATH, the set-up uses that instead.

Which Python runs the program: the rule of `interpreter.py` (the same one the launcher used to start
this host and the dynamic-provider launcher uses), applied to the project's runtime options. SIGINT is
taken only from the engine, and the host (with its program) exits when the engine dies: see `guard.py`.

Stopping a program: it runs in a process group of its own, so the SIGINT with which the engine stops this
host never lands in the middle of it (a KeyboardInterrupt there prints a traceback under the stack, e.g.
after a preview whose checks failed). The engine's `Cancel` (sent when it is done with the host, before
its SIGINT) ends the program with SIGTERM instead: quietly, since the engine has already said what failed.

Protocol notes (from the engine's `langruntime_plugin.go`): the CLI starts the host with the engine's
address as the last argument and reads the port from the first line of stdout; `Handshake` may replace
the engine address; `Run` returns `error` text or `bail=True` (the program already showed a message,
exit code 32); unimplemented calls fall back to defaults in the engine.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from concurrent import futures
from importlib import metadata
from pathlib import Path
from typing import Any


def _protos_without_the_pulumi_package() -> None:
    """Let `pulumi.runtime.proto.*` be imported without running the `pulumi` package's `__init__` files.

    This host needs only pulumi's generated protobuf modules (relative imports among themselves); the
    package `__init__`s import all of the SDK (0.15 s of every host start, which the engine waits for). Done
    only when this file runs as the host process, never when it is imported next to the real package.
    """
    import importlib.util
    import types

    if "pulumi" in sys.modules:
        return
    spec = importlib.util.find_spec("pulumi")
    if spec is None or not spec.submodule_search_locations:
        return  # the import below then says what is missing
    root = Path(list(spec.submodule_search_locations)[0])
    for name, folder in (("pulumi", root), ("pulumi.runtime", root / "runtime"),
                         ("pulumi.runtime.proto", root / "runtime" / "proto")):
        package = types.ModuleType(name)
        package.__path__ = [str(folder)]
        # A real spec, so that find_spec (the interpreter check) still sees the package.
        package.__spec__ = importlib.util.spec_from_file_location(
            name, folder / "__init__.py", submodule_search_locations=[str(folder)])
        sys.modules[name] = package


if __name__ == "__main__":
    _protos_without_the_pulumi_package()

import grpc  # noqa: E402
from google.protobuf import empty_pb2  # noqa: E402
from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2  # noqa: E402

if __package__:  # noqa: E402 (after the host-only set-up above)
    from . import guard, interpreter
else:  # run as a script from the engine's bin folder, beside copies of these two modules
    import guard  # type: ignore[no-redef]
    import interpreter  # type: ignore[no-redef]

EXEC_SCRIPT_NAME = "pulumi-language-python-exec"
#: The file by which a Python package declares the resource plugin it needs.
PLUGIN_FILE = "pulumi-plugin.json"
# The exec script exits with this code after printing a message meant for the user.
EXIT_AFTER_USER_MESSAGE = 32
#: How long a stopped program may take to exit before SIGKILL (the engine kills this host after 5 s, and
#: its kill no longer reaches the program's own process group).
PROGRAM_GRACE_SECONDS = 3.0
# Popen arguments that start the program in a process group of its own (see the module docstring).
if sys.version_info >= (3, 11) and os.name == "posix":
    _OWN_PROCESS_GROUP: dict[str, Any] = {"process_group": 0}
elif hasattr(os, "setpgrp"):
    _OWN_PROCESS_GROUP = {"preexec_fn": os.setpgrp}
else:
    _OWN_PROCESS_GROUP = {}


def program_python(root_directory: str, options: dict[str, Any], env: dict[str, str] | None = None) -> str:
    """The interpreter a program runs with (interpreter.py's rule); NoUsablePython when it cannot run one."""
    choice, _ = interpreter.checked_python(
        os.environ if env is None else env,
        Path(root_directory or os.getcwd()),
        options.get("virtualenv") or None,
    )
    return choice.python


def _struct_to_dict(struct: Any) -> dict[str, Any]:
    from google.protobuf.json_format import MessageToDict

    return MessageToDict(struct) if struct is not None else {}


def resource_plugin_packages() -> list[plugin_pb2.PackageDependency]:
    """Resource plugins the installed Python packages declare (their `pulumi-plugin.json`), as the Go host reports them."""
    found: dict[str, plugin_pb2.PackageDependency] = {}
    for dist in metadata.distributions():
        record = dist.read_text("RECORD")
        if record is not None and PLUGIN_FILE not in record:
            continue  # the quick test: parsing every RECORD into paths costs ~0.2 s per engine command
        for file in dist.files or []:
            if file.name != PLUGIN_FILE:
                continue
            try:
                data = json.loads(file.read_text() or "{}")
            except (OSError, ValueError):
                continue
            if not data.get("resource"):
                continue
            name = data.get("name") or dist.metadata["Name"].removeprefix("pulumi-").removeprefix("pulumi_")
            version = data.get("version") or dist.version
            found[name] = plugin_pb2.PackageDependency(
                name=name,
                kind="resource",
                version=version if version.startswith("v") else f"v{version}",
                server=data.get("server", ""),
            )
    return list(found.values())


class PythonLanguageHost(language_pb2_grpc.LanguageRuntimeServicer):
    """The LanguageRuntime service: program runs, plugin discovery, version."""

    def __init__(self, engine_address: str, exec_script: Path, version: str) -> None:
        self.engine_address = engine_address
        self.exec_script = exec_script
        self.version = version
        self._running: set[subprocess.Popen[bytes]] = set()
        self._cancelled = False
        self._lock = threading.Lock()

    def Handshake(self, request, context):  # noqa: N802 (gRPC method names)
        if request.engine_address:
            self.engine_address = request.engine_address
        return language_pb2.LanguageHandshakeResponse()

    def GetPluginInfo(self, request, context):  # noqa: N802
        return plugin_pb2.PluginInfo(version=self.version)

    def GetRequiredPackages(self, request, context):  # noqa: N802
        return language_pb2.GetRequiredPackagesResponse(packages=resource_plugin_packages())

    def GetRequiredPlugins(self, request, context):  # noqa: N802
        plugins = [
            plugin_pb2.PluginDependency(name=p.name, kind=p.kind, version=p.version, server=p.server)
            for p in resource_plugin_packages()
        ]
        return language_pb2.GetRequiredPluginsResponse(plugins=plugins)

    def About(self, request, context):  # noqa: N802
        info = request.info
        try:
            python = program_python(info.root_directory, _struct_to_dict(info.options))
        except interpreter.NoUsablePython:
            python = sys.executable
        if interpreter.is_this_interpreter(python):
            version = platform.python_version()
        else:
            version = subprocess.run(
                [python, "-c", "import platform; print(platform.python_version())"],
                capture_output=True, text=True, check=False,
            ).stdout.strip()
        return language_pb2.AboutResponse(executable=python, version=version)

    def GetProgramDependencies(self, request, context):  # noqa: N802
        deps = [
            language_pb2.DependencyInfo(name=d.metadata["Name"], version=d.version)
            for d in metadata.distributions()
        ]
        return language_pb2.GetProgramDependenciesResponse(dependencies=deps)

    def InstallDependencies(self, request, context):  # noqa: N802
        # Dependencies are installed by the project's own set-up (./run setup), never by the engine.
        yield language_pb2.InstallDependenciesResponse(
            stdout=b"Dependencies are managed by the project's set-up (./run setup); nothing to install.\n"
        )

    def Cancel(self, request, context):  # noqa: N802
        self.stop_programs()
        return empty_pb2.Empty()

    def Run(self, request, context):  # noqa: N802
        info = request.info
        try:
            python = program_python(info.root_directory, _struct_to_dict(info.options))
        except interpreter.NoUsablePython as exc:
            return language_pb2.RunResponse(error=str(exc))
        args = [python, "-u", str(self.exec_script), *self._program_arguments(request)]
        env = interpreter.program_environment(os.environ, python)
        env["PULUMI_CONFIG"] = json.dumps(dict(request.config))
        env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(request.configSecretKeys))
        with self._lock:
            if self._cancelled:
                return language_pb2.RunResponse(bail=True)
            with guard.unblocked_sigint():  # the program's own SIGINT handling stays Python's default
                proc = subprocess.Popen(args, env=env, cwd=request.pwd or None, **_OWN_PROCESS_GROUP)
            self._running.add(proc)
        try:
            code = proc.wait()
        finally:
            with self._lock:
                self._running.discard(proc)
        sys.stdout.flush()
        sys.stderr.flush()
        if code == 0:
            return language_pb2.RunResponse()
        if self._cancelled:
            return language_pb2.RunResponse(bail=True)  # stopped by the engine, which reports why itself
        if code == EXIT_AFTER_USER_MESSAGE:
            return language_pb2.RunResponse(bail=True)
        return language_pb2.RunResponse(error=f"program exited with non-zero exit code: {code}")

    def stop_programs(self) -> None:
        """End the programs started by `Run` with SIGTERM (no traceback), and start no more."""
        with self._lock:
            self._cancelled = True
            for proc in self._running:
                if proc.poll() is None:
                    proc.terminate()

    def wait_for_programs(self, grace_seconds: float = PROGRAM_GRACE_SECONDS) -> None:
        """Stop the programs still running and wait for them; SIGKILL those still there after the grace time."""
        self.stop_programs()
        with self._lock:
            running = list(self._running)
        deadline = time.monotonic() + grace_seconds
        try:
            for proc in running:
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.kill_programs()
            for proc in running:
                proc.wait()

    def kill_programs(self) -> None:
        """SIGKILL the programs still running (the engine is gone; nobody would record their resources)."""
        with self._lock:
            for proc in self._running:
                proc.kill()

    def _program_arguments(self, request) -> list[str]:
        pairs = [
            ("monitor", request.monitor_address),
            ("engine", self.engine_address),
            ("project", request.project),
            ("root_directory", request.info.root_directory),
            ("stack", request.stack),
            ("pwd", request.pwd),
            ("dry_run", "true" if request.dryRun else "false"),
            ("parallel", str(request.parallel)),
            ("organization", request.organization),
        ]
        args: list[str] = []
        for key, value in pairs:
            if value:
                args += [f"--{key}", value]
        args.append(request.info.entry_point or request.program or ".")
        args += list(request.args)
        return args


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "-version" in argv or "--version" in argv:
        print(_host_version())
        return
    positional = [a for a in argv if not a.startswith("-")]
    engine_address = positional[-1] if positional else ""
    exec_script = Path(os.environ.get("DLC_LANGUAGE_EXEC") or Path(sys.argv[0]).resolve().parent / EXEC_SCRIPT_NAME)
    if not exec_script.exists():
        sys.exit(f"pulumi-language-python: missing {EXEC_SCRIPT_NAME} at {exec_script}; run ./run setup")

    engine = guard.engine_pid()
    holder: dict[str, Any] = {}
    # The engine interrupts its plugins when it is done with them: stop serving, quietly.
    guard.sigint_from_engine_only(engine, lambda: holder["server"].stop(0) if "server" in holder else os._exit(0))
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    host = PythonLanguageHost(engine_address, exec_script, _host_version())
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(host, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    holder["server"] = server
    print(port, flush=True)
    guard.watch_parent(engine, on_orphan=host.kill_programs)
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))
    server.wait_for_termination()
    host.wait_for_programs()
    guard.exit_at_once()


def _host_version() -> str:
    """The engine's version: ENGINE.json beside this script (the engine cache), else the pulumi package's."""
    if os.environ.get("DLC_ENGINE_VERSION"):
        return os.environ["DLC_ENGINE_VERSION"]
    try:
        return json.loads((Path(__file__).resolve().parent / "ENGINE.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "v" + metadata.version("pulumi")


if __name__ == "__main__":
    main()
