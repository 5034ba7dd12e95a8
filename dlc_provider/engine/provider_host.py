"""The dynamic-provider plugin process: pulumi's own servicer, served the way this project needs.

`pulumi-resource-pulumi-python` (our launcher, see interpreter.py) runs `python -m
dlc_provider.engine.provider_host` when the chosen interpreter has dlc_provider, else pulumi's `python -m
pulumi.dynamic`. Compared with the latter, this serves the same `DynamicResourceProviderServicer` (taken
from the installed pulumi package, so its semantics, create failures included, are pulumi's) with:

- `DLC_PROVIDER_WORKERS` threads (default 64) instead of pulumi's hard-coded 4, the ceiling on how many
  operations run at once whatever `--parallel` says;
- SIGINT honoured only from the engine, and an exit within a second when the engine dies (guard.py);
- errors as one paragraph, `<type> '<name>' (<urn>): <operation> failed: <message>`, instead of the
  whole Python traceback (set `DLC_DEBUG=1` to have the traceback appended).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
import threading
import types
from concurrent import futures
from typing import Any, Callable, Mapping

from . import guard
from .environment import DEFAULT_WORKERS, ENV_WORKERS

ENV_DEBUG = "DLC_DEBUG"
MAX_WORKERS = 1024
#: How long calls in flight may finish after the engine's SIGINT (it sends SIGKILL 5 s after it).
ENGINE_STOP_GRACE = 4.5
SERVICER_CLASS = "DynamicResourceProviderServicer"
#: gRPC method → the operation named in errors.
OPERATIONS = {"Check": "check", "Diff": "diff", "Create": "create", "Read": "read", "Update": "update",
              "Delete": "delete"}
DYNAMIC_PREFIX = "pulumi-python:dynamic/"


class SettingError(ValueError):
    """A setting of this host (an environment variable) is invalid; the message says which and why."""


def worker_count(env: Mapping[str, str]) -> int:
    """How many provider calls may run at once: `DLC_PROVIDER_WORKERS`, default 64."""
    raw = env.get(ENV_WORKERS, "").strip()
    if not raw:
        return DEFAULT_WORKERS
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_WORKERS:
        raise SettingError(
            f"{ENV_WORKERS} must be a whole number from 1 to {MAX_WORKERS} (how many provider operations run "
            f"at once; default {DEFAULT_WORKERS}), not {raw!r}."
        )
    return value


def load_servicer_class() -> type:
    """pulumi's `DynamicResourceProviderServicer`, from the installed `pulumi/dynamic/__main__.py`.

    That module serves as soon as it is imported (a bare `main()` at its end), so its source is compiled
    without top-level `main()` calls into a module of its own.
    """
    spec = importlib.util.find_spec("pulumi.dynamic.__main__")
    if spec is None or spec.loader is None or not spec.origin:
        raise ImportError("the installed pulumi package has no pulumi.dynamic.__main__")
    source = spec.loader.get_source(spec.name)  # type: ignore[attr-defined]
    tree = ast.parse(source or "", spec.origin)
    tree.body = [node for node in tree.body if not _is_main_call(node)]
    module = types.ModuleType("pulumi.dynamic._dlc_servicer")
    module.__file__ = spec.origin
    exec(compile(tree, spec.origin, "exec"), module.__dict__)  # noqa: S102 (pulumi's own installed source)
    servicer = getattr(module, SERVICER_CLASS, None)
    if not isinstance(servicer, type):
        raise ImportError(f"pulumi.dynamic.__main__ in this pulumi version has no {SERVICER_CLASS}")
    return servicer


def _is_main_call(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "main"
    )


def parse_urn(urn: str) -> tuple[str, str]:
    """`(type, name)` from `urn:pulumi:<stack>::<project>::<parent types$>type::<name>`; dynamic types shortened."""
    parts = urn.split("::")
    if len(parts) < 4:
        return "resource", urn or "?"
    rtype = parts[2].split("$")[-1]
    if rtype.startswith(DYNAMIC_PREFIX):
        rtype = rtype[len(DYNAMIC_PREFIX):]
    return rtype, "::".join(parts[3:])


def _exception_text(exc: BaseException) -> str:
    from dlc_provider.errors import DlcError

    text = str(exc).strip()
    if not isinstance(exc, DlcError):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines)


def error_paragraph(operation: str, urn: str, exc: BaseException) -> str:
    """The one paragraph a failed provider call shows: resource, operation, and the error's own text."""
    rtype, name = parse_urn(urn)
    return f"{rtype} '{name}' ({urn}): {operation} failed: {_exception_text(exc)}"


class _ParagraphContext:
    """A gRPC servicer context whose `abort` turns pulumi's traceback into `error_paragraph`."""

    def __init__(self, context: Any, operation: str, urn: str) -> None:
        self._context = context
        self._operation = operation
        self._urn = urn

    def abort(self, code: Any, details: str) -> None:
        exc = sys.exc_info()[1]
        if exc is not None:
            paragraph = error_paragraph(self._operation, self._urn, exc)
            details = f"{paragraph}\n{details}" if os.environ.get(ENV_DEBUG) == "1" else paragraph
        self._context.abort(code, details)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _paragraph_errors(method: Callable[..., Any], operation: str) -> Callable[..., Any]:
    def call(self: Any, request: Any, context: Any) -> Any:
        return method(self, request, _ParagraphContext(context, operation, getattr(request, "urn", "")))

    call.__name__ = method.__name__
    call.__doc__ = method.__doc__
    return call


def servicer_class(base: type) -> type:
    """`base` with every resource operation reporting errors as one paragraph."""
    methods = {name: _paragraph_errors(getattr(base, name), op) for name, op in OPERATIONS.items()}
    return type("DlcDynamicProviderServicer", (base,), methods)


def import_sdk_modules_at_first_wait() -> None:
    """Import the SDK modules in the background once an operation first waits on the cloud.

    Not at start: the process is busy then (the first call unpickles its provider and imports its own
    service's SDK), and with one interpreter lock an import beside it only delays it. The first wait (a
    status poll: StopJob, a VPC being made) is idle time; later calls then find their SDK imported.
    """
    from dlc_provider import waiting
    from dlc_provider.clients.session import import_sdk_modules

    once = threading.Lock()

    def on_progress(event: Any) -> None:
        if once.acquire(blocking=False):
            threading.Thread(target=import_sdk_modules, name="dlc-sdk-import", daemon=True).start()

    waiting.add_progress_listener(on_progress)


def main() -> None:
    """Serve the dynamic provider: print the port for the engine, then serve until it stops us."""
    engine = guard.engine_pid()
    stopping = threading.Event()
    holder: dict[str, Any] = {}

    def on_engine_sigint() -> None:
        stopping.set()
        if "server" in holder:
            holder["server"].stop(ENGINE_STOP_GRACE)

    guard.sigint_from_engine_only(engine, on_engine_sigint)
    try:
        workers = worker_count(os.environ)
    except SettingError as exc:
        sys.stderr.write(f"pulumi-resource-pulumi-python: {exc}\n")
        sys.exit(2)

    import grpc
    from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
    from pulumi.runtime.proto import provider_pb2_grpc

    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dlc-provider"),
        options=_GRPC_CHANNEL_OPTIONS,
    )
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer_class(load_servicer_class())(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    holder["server"] = server
    if stopping.is_set():
        server.stop(0)
    sys.stdout.buffer.write(f"{port}\n".encode())
    sys.stdout.flush()
    guard.watch_parent(engine)
    import_sdk_modules_at_first_wait()
    server.wait_for_termination()
    guard.exit_at_once()


if __name__ == "__main__":
    main()
