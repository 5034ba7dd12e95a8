"""The dynamic-provider host: worker count, one-paragraph errors, SIGINT routing and the parent watch.

The host runs as a real process serving real gRPC; the providers below are pickled by reference (this
module is importable in the host, which starts in the repository root), as the engine would send them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from pulumi.dynamic import CreateResult, ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from dlc_provider.engine import provider_host
from dlc_provider.errors import NotFound

REPO = Path(__file__).resolve().parents[2]
URN = "urn:pulumi:dev::proj::pulumi-python:dynamic/dlc:Vpc::main-vpc"

_LOCK = threading.Lock()
_STATE = {"now": 0, "peak": 0}


class PeakProvider(ResourceProvider):
    """Each create waits (up to 1 s) for `target` creates to run at once; returns the most it saw."""

    def create(self, props):
        with _LOCK:
            _STATE["now"] += 1
            _STATE["peak"] = max(_STATE["peak"], _STATE["now"])
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline and _STATE["now"] < props["target"]:
            time.sleep(0.01)
        peak = _STATE["peak"]
        time.sleep(0.05)  # let every started create see the peak before any leaves
        with _LOCK:
            _STATE["now"] -= 1
        return CreateResult(id_=f"id-{props['n']}", outs={"peak": peak})


class FailingProvider(ResourceProvider):
    def create(self, props):
        raise NotFound("The specified VPC does not exist.", code="InvalidVpcId.NotFound", status=404,
                       request_id="REQ-42", service="vpc", action="CreateVSwitch")


# --- settings and formatting -------------------------------------------------------------------------------

def test_worker_count_defaults_to_64_and_reads_the_setting():
    assert provider_host.worker_count({}) == 64
    assert provider_host.worker_count({"DLC_PROVIDER_WORKERS": " 8 "}) == 8
    for bad in ("0", "-3", "many", "2000"):
        with pytest.raises(provider_host.SettingError, match="DLC_PROVIDER_WORKERS must be a whole number"):
            provider_host.worker_count({"DLC_PROVIDER_WORKERS": bad})


def test_urn_gives_the_short_type_and_the_name():
    assert provider_host.parse_urn(URN) == ("dlc:Vpc", "main-vpc")
    nested = "urn:pulumi:dev::proj::dlc:TrainingStack$pulumi-python:dynamic/dlc:NasFileSystem::fs"
    assert provider_host.parse_urn(nested) == ("dlc:NasFileSystem", "fs")
    assert provider_host.parse_urn("urn:pulumi:s::p::pulumi-python:dynamic:Resource::x") == (
        "pulumi-python:dynamic:Resource", "x")


def test_error_paragraph_carries_resource_operation_code_and_request_id():
    exc = NotFound("The specified VPC does not exist.", code="InvalidVpcId.NotFound", request_id="REQ-1",
                   service="vpc", action="CreateVSwitch")
    text = provider_host.error_paragraph("create", URN, exc)
    assert text == (
        f"dlc:Vpc 'main-vpc' ({URN}): create failed: vpc CreateVSwitch: InvalidVpcId.NotFound: "
        "The specified VPC does not exist. [request id REQ-1]"
    )


def test_other_exceptions_name_their_class_on_one_line():
    text = provider_host.error_paragraph("update", URN, ValueError("first line\n\n  second line\n"))
    assert text.endswith("update failed: ValueError: first line; second line")
    assert "\n" not in text
    assert provider_host.error_paragraph("delete", URN, KeyError("k")).endswith("delete failed: KeyError: 'k'")


# --- the host as a process ---------------------------------------------------------------------------------

def _start_host(env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], int]:
    full_env = {**os.environ, "DLC_ENGINE_PID": str(os.getpid()), **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "dlc_provider.engine.provider_host"],
        cwd=REPO, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip().isdigit(), (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc, int(line)


def _create_request(provider: ResourceProvider, **props) -> provider_pb2.CreateRequest:
    loop = asyncio.new_event_loop()
    try:
        struct = loop.run_until_complete(
            rpc.serialize_properties({"__provider": serialize_provider(provider), **props}, {})
        )
    finally:
        loop.close()
    return provider_pb2.CreateRequest(urn=URN, properties=struct)


def _peak(stub, calls: int) -> int:
    with futures.ThreadPoolExecutor(calls) as pool:
        replies = list(pool.map(
            lambda n: stub.Create(_create_request(PeakProvider(), target=calls, n=n), timeout=30), range(calls)
        ))
    return max(int(rpc.deserialize_properties(r.properties)["peak"]) for r in replies)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


@pytest.mark.parametrize(("workers", "calls", "peak"), [(None, 8, 8), ("3", 6, 3)])
def test_creates_run_at_once_up_to_the_worker_count(workers, calls, peak):
    proc, port = _start_host({"DLC_PROVIDER_WORKERS": workers} if workers else {"DLC_PROVIDER_WORKERS": ""})
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            assert _peak(provider_pb2_grpc.ResourceProviderStub(channel), calls) == peak
    finally:
        _stop(proc)


@pytest.mark.parametrize("debug", [False, True])
def test_a_failed_create_is_one_paragraph_and_the_traceback_only_with_dlc_debug(debug):
    proc, port = _start_host({"DLC_DEBUG": "1" if debug else "0"})
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            with pytest.raises(grpc.RpcError) as err:
                stub.Create(_create_request(FailingProvider()), timeout=30)
    finally:
        _stop(proc)
    details = err.value.details()
    first = details.splitlines()[0]
    assert first == (
        f"dlc:Vpc 'main-vpc' ({URN}): create failed: vpc CreateVSwitch: InvalidVpcId.NotFound: "
        "The specified VPC does not exist. (HTTP 404) [request id REQ-42]"
    )
    assert ("Traceback" in details) is debug
    assert (details == first) is not debug


def test_sigint_stops_the_host_only_when_its_engine_sends_it():
    proc, port = _start_host()
    try:
        # From another process (a terminal's Ctrl-C, `kill -INT`): ignored, the host keeps serving.
        subprocess.run(["kill", "-INT", str(proc.pid)], check=True)
        time.sleep(0.5)
        assert proc.poll() is None
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            assert _peak(provider_pb2_grpc.ResourceProviderStub(channel), 1) == 1
        # From the engine (here: the parent): the host stops.
        os.kill(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        _stop(proc)


def test_the_host_exits_when_its_parent_is_killed(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DLC_ENGINE_PID"}
    pid_file = tmp_path / "pid"
    parent = subprocess.Popen(
        ["sh", "-c", f'"{sys.executable}" -u -m dlc_provider.engine.provider_host & echo $! > {pid_file}; wait'],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not (pid_file.exists() and pid_file.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)
        host = int(pid_file.read_text())
        time.sleep(2.0)  # serving by now
        assert _alive(host)
        parent.kill()
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _alive(host) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(host), "the provider host outlived its parent"
    finally:
        _stop(parent)


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
