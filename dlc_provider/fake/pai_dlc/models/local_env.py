"""What a locally run pod sees: PAI-DLC's environment contract on loopback, and its mounts as local folders.

Pure functions of the job and a few facts of this machine (free ports, GPUs), so they are easy to test.
The contract (reference: alibaba-apis.md §12.2, DLC's "general environment variables" page):

* PyTorch and the other non-TF frameworks: `MASTER_ADDR`, `MASTER_PORT`, `WORLD_SIZE` (nodes = pods, not
  processes) and `RANK` (the master 0, then the workers). In the cloud MASTER_ADDR is the master pod's
  service name and MASTER_PORT 23456; locally every pod shares 127.0.0.1, so two jobs (or a job and the
  fake) cannot both use 23456: each job gets a free port of its own.
* TensorFlow: `TF_CONFIG` with every role's pods as `127.0.0.1:<port>` (one free port per pod, where the
  cloud gives each pod its own host and port 2222), `task` and `environment: cloud`.
* `JOB_NAME` with the advanced setting `createSvcForAllWorkers=true`, `CUSTOM_PORTS` (`;`-separated free
  ports) with `customPortNumPerWorker=N`; the user's `Envs` and `CustomEnvs` last (they win, as in DLC).
* Mounts: each NAS / CPFS file system is `<exec_dir>/storage/nas/<file system id>/`, each OSS bucket
  `<exec_dir>/storage/oss/<bucket>/`. A pod's `DLC_LOCAL_ROOT` is a folder where every mount path is a
  symlink to its storage folder (`$DLC_LOCAL_ROOT/mnt/data` -> `.../storage/nas/<id>/<path>`), and the
  command's mentions of a mount path are rewritten to the local one. An OSS folder is filled from and
  written back to the fake's OSS when it has the bucket (local_oss).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import rules
from ..exceptions import InvalidField
from .resources import Job, Pod

EXECUTE_ENV = "FAKE_DLC_EXECUTE"  # per job: 1/true/yes runs it locally, 0/false/no simulates it
ROOT_ENV = "DLC_LOCAL_ROOT"
TF_JOB = "TFJob"
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def user_envs(body: Mapping[str, Any]) -> dict[str, str]:
    """The job's `Envs`, then its `CustomEnvs` (Key/Value), as strings."""
    envs = {str(key): str(value) for key, value in (body.get("Envs") or {}).items()}
    for item in body.get("CustomEnvs") or []:
        if item.get("Key"):
            envs[str(item["Key"])] = str(item.get("Value", ""))
    return envs


def wants_execution(body: Mapping[str, Any], server_default: bool) -> bool:
    """`FAKE_DLC_EXECUTE` in the job's envs if set, else the fake's `execute_jobs` setting."""
    raw = user_envs(body).get(EXECUTE_ENV)
    if raw is None:
        return server_default
    value = raw.strip().lower()
    if value not in _TRUE + _FALSE:
        raise InvalidField("Envs", f"{EXECUTE_ENV} must be true or false, got {raw!r}.")
    return value in _TRUE


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def machine_has_gpu() -> bool:
    return shutil.which("nvidia-smi") is not None or Path("/dev/nvidia0").exists()


def shell_of(body: Mapping[str, Any]) -> str:
    """`Settings.Shell` if given, else bash, else sh."""
    shell = str((body.get("Settings") or {}).get("Shell") or "")
    return shell or shutil.which("bash") or "/bin/sh"


def grace_seconds(body: Mapping[str, Any], default: float = 30.0) -> float:
    value = (body.get("Settings") or {}).get("TerminationGracePeriodSeconds")
    return float(value) if isinstance(value, (int, float)) and value >= 0 else default


def pod_folder(job: Job, pod: Pod) -> Path:
    """The pod's folder of a local run: its work dir, root of mounts, log and result."""
    return Path(job.local_root) / "jobs" / job.id / pod.pod_id


# --- mounts ------------------------------------------------------------------------------------------------
def storage_folder(storage: Path, uri: str) -> Path | None:
    """The local folder of a `nas://`, `cpfs://`, `bmcpfs://` or `oss://` URI (None: not a storage URI)."""
    match = re.fullmatch(r"(nas|cpfs|bmcpfs|oss)://([^/]+)(/.*)?", uri.strip())
    if match is None:
        return None
    scheme, host, path = match.groups()
    kind = "oss" if scheme == "oss" else "nas"
    name = host.split(".", 1)[0]  # <fs id>.<region>, <fs id>-xxx.<region>.nas.aliyuncs.com, <bucket>.<endpoint>
    parts = [part for part in (path or "/").split("/") if part not in ("", ".", "..")]
    return storage.joinpath(kind, name, *parts)


@dataclass(frozen=True)
class Mount:
    mount_path: str
    folder: Path | None  # None: the URI is not one the fake can map (said in the pod's log)
    uri: str


def mounts_of(body: Mapping[str, Any], storage: Path, dataset_uri: Callable[[str], str]) -> list[Mount]:
    """The job's data sources with a mount path, mapped to storage folders."""
    mounts = []
    for source in body.get("DataSources") or []:
        path = str(source.get("MountPath") or "")
        uri = str(source.get("Uri") or "") or dataset_uri(str(source.get("DataSourceId") or ""))
        if path:
            mounts.append(Mount(path, storage_folder(storage, uri) if uri else None, uri or str(source)))
    return mounts


def link_mounts(root: Path, mounts: list[Mount]) -> None:
    """Make `root/<mount path>` a symlink to each mount's folder (creating the folder)."""
    for mount in mounts:
        if mount.folder is None:
            continue
        mount.folder.mkdir(parents=True, exist_ok=True)
        link = root / mount.mount_path.strip("/")
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.is_symlink():
            link.symlink_to(mount.folder, target_is_directory=True)


def rewrite_command(command: str, root: Path, mounts: list[Mount]) -> str:
    """Mount paths named in the command (as whole path prefixes) pointed at `root`; longest paths first."""
    for mount in sorted(mounts, key=lambda m: len(m.mount_path), reverse=True):
        if mount.folder is None:
            continue
        path = mount.mount_path.rstrip("/") or "/"
        local = str(root / path.strip("/"))
        command = re.sub(rf"(?<![\w./}}-]){re.escape(path)}(?=[/\s'\";:)]|$)", lambda _: local, command)
    return command


# --- the environment ---------------------------------------------------------------------------------------
@dataclass
class JobPorts:
    """Ports chosen once per job: the master's and, for TF, one per pod; CUSTOM_PORTS per pod."""

    master: int
    per_pod: dict[str, int] = field(default_factory=dict)
    custom: dict[str, list[int]] = field(default_factory=dict)


def choose_ports(job: Job, port: Callable[[], int] = free_port) -> JobPorts:
    advanced = (job.body.get("Settings") or {}).get("AdvancedSettings") or {}
    custom = int(advanced.get("customPortNumPerWorker") or 0)
    ports = JobPorts(master=port())
    for pod in job.pods:
        ports.per_pod[pod.pod_id] = port() if job.job_type == TF_JOB else ports.master
        if custom:
            ports.custom[pod.pod_id] = [port() for _ in range(custom)]
    return ports


def _tf_config(job: Job, pod: Pod, ports: JobPorts) -> str:
    cluster: dict[str, list[str]] = {}
    for other in job.pods:
        cluster.setdefault(other.role.lower(), []).append(f"127.0.0.1:{ports.per_pod[other.pod_id]}")
    return json.dumps({"cluster": cluster, "task": {"type": pod.role.lower(), "index": pod.index},
                       "environment": "cloud"})


def role_gpus(job: Job, role: str) -> int:
    spec = next((spec for spec in job.job_specs if spec.get("Type") == role), {})
    try:
        return rules.node_size(spec)[0].gpu
    except Exception:  # noqa: BLE001 (checked at CreateJob; a GPU count is all this needs)
        return 0


def pod_environment(job: Job, pod: Pod, ports: JobPorts, root: Path, *, has_gpu: bool) -> dict[str, str]:
    """The DLC variables of this pod (without the inherited environment), the user's envs last."""
    env: dict[str, str] = {ROOT_ENV: str(root), "PYTHONUNBUFFERED": "1"}
    if job.job_type == TF_JOB:
        env["TF_CONFIG"] = _tf_config(job, pod, ports)
    else:
        env.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(ports.master), WORLD_SIZE=str(len(job.pods)),
                   RANK=str(job.pods.index(pod)))
    advanced = (job.body.get("Settings") or {}).get("AdvancedSettings") or {}
    if str(advanced.get("createSvcForAllWorkers", "")).lower() == "true":
        env["JOB_NAME"] = job.id
    if pod.pod_id in ports.custom:
        env["CUSTOM_PORTS"] = ";".join(str(p) for p in ports.custom[pod.pod_id])
    if role_gpus(job, pod.role) and not has_gpu:
        env["CUDA_VISIBLE_DEVICES"] = ""
    env.update(user_envs(job.body))
    return env


def base_environment() -> dict[str, str]:
    """The fake's own environment, its Python's folder first on PATH (`python` in a command is that one)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env
