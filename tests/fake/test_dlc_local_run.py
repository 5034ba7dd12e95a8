"""PAI-DLC jobs run for real: pods as local processes with DLC's environment, real logs, exit codes, stops.

Every test checks at the end (after the fake closed) that no process of any pod is left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.pai_dlc.models.local_env import machine_has_gpu
from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request, job_spec

from .doors import Door, api_error, open_door
from .local_run import (CPU_SPEC, PYTHON, RENDEZVOUS, leaked, live_in_group, pid_alive, pod_logs, wait_for_file,
                        wait_status)


@pytest.fixture(params=["mock", "server"])
def local_door(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Door]:
    with open_door(request.param, execute_jobs=True, exec_dir=tmp_path) as opened:
        yield opened
    assert leaked(tmp_path, timeout=0) == []


def cpu_job(command: str, *, pods: int = 1, envs: dict[str, str] | None = None, **fields: object) -> dlc.CreateJobRequest:
    return job_request(user_command=command, specs=[job_spec("Worker", pod_count=pods, ecs_spec=CPU_SPEC)],
                       envs=envs, **fields)


def test_one_pod_plain_python(local_door: Door) -> None:
    client = dlc_client(local_door.endpoint)
    script = ("import os; print('hello from', os.environ['RANK'], os.environ['WORLD_SIZE'], "
              "os.environ['MASTER_ADDR'], os.environ['NCCL_DEBUG']); print(os.getcwd())")
    job_id = client.create_job(cpu_job(f'python -c "{script}"')).body.job_id
    job = wait_status(client, job_id)
    assert (job.status, job.reason_code) == ("Succeeded", "JobSucceeded")
    assert [(pod.status) for pod in job.pods] == ["Succeeded"]
    logs = pod_logs(client, job_id, f"{job_id}-worker-0")
    assert "hello from 0 1 127.0.0.1 INFO" in logs
    assert logs[logs.index("hello from 0 1 127.0.0.1 INFO") + 1].endswith(f"/jobs/{job_id}/{job_id}-worker-0/work")
    assert logs[0].startswith("[fake-dlc] running locally in ")
    assert not any("GPU" in line for line in logs)  # a CPU node


def test_two_pods_meet_over_master_addr_and_port(local_door: Door) -> None:
    client = dlc_client(local_door.endpoint)
    request = job_request(user_command=f"python {RENDEZVOUS}",
                          specs=[job_spec("Master", ecs_spec=CPU_SPEC), job_spec("Worker", ecs_spec=CPU_SPEC)])
    job_id = client.create_job(request).body.job_id
    job = wait_status(client, job_id)
    assert job.status == "Succeeded", job.reason_message
    master = pod_logs(client, job_id, f"{job_id}-master-0")
    worker = pod_logs(client, job_id, f"{job_id}-worker-0")
    assert "rank 0 of 2: sum 30 (expected 30)" in master
    assert "rank 1 of 2: sum 30 (expected 30)" in worker
    port = next(line for line in master if "MASTER_PORT=" in line).rsplit("=", 1)[1]
    assert port != "23456" and f"MASTER_PORT={port}" in " ".join(worker)
    events = client.get_pod_events(job_id, f"{job_id}-worker-0", dlc.GetPodEventsRequest()).body.events
    assert any("Completed Container of" in event and "exited with code 0" in event for event in events)


def test_a_failing_pod_fails_the_job_with_its_last_lines(local_door: Door, tmp_path: Path) -> None:
    client = dlc_client(local_door.endpoint)
    script = ("import os, sys, time; r = int(os.environ['RANK']); print('loading'); "
              "time.sleep(0 if r else 60); print('bad batch', r); sys.exit(1)")
    job_id = client.create_job(cpu_job(f'python -c "{script}"', pods=2)).body.job_id
    job = wait_status(client, job_id)
    assert (job.status, job.reason_code) == ("Failed", "JobFailed")
    assert job.reason_message == f"The pod {job_id}-worker-1 exited with code 1: loading | bad batch 1"
    # The other pod is ended (SIGTERM) with the job.
    assert [pod.status for pod in job.pods] == ["Failed", "Failed"]
    assert leaked(tmp_path) == []
    events = client.get_job_events(job_id, dlc.GetJobEventsRequest()).body.events
    assert any(f"ContainerFailed Container of {job_id}-worker-1 exited with code 1" in event for event in events)


def test_stop_sends_sigterm_then_waits_for_the_processes(local_door: Door, tmp_path: Path) -> None:
    client = dlc_client(local_door.endpoint)
    pid_file = tmp_path / "pid"
    script = (f"import os, signal, sys, time; open('{pid_file}', 'w').write(str(os.getpid())); "
              "signal.signal(signal.SIGTERM, lambda *a: (print('got SIGTERM', flush=True), sys.exit(0))); "
              "print('ready', flush=True); time.sleep(120)")
    job_id = client.create_job(cpu_job(f'exec python -c "{script}"')).body.job_id
    wait_status(client, job_id, ("Running",))
    pid = int(wait_for_file(pid_file))
    client.stop_job(job_id)
    job = wait_status(client, job_id, ("Stopped",))
    assert job.reason_code == "JobStoppedByUser" and [s.status for s in job.status_history][-2:] == ["Stopping", "Stopped"]
    assert not pid_alive(pid)
    assert pod_logs(client, job_id, f"{job_id}-worker-0")[-2:] == ["ready", "got SIGTERM"]
    with api_error("IncorrectJobStatus", 400):
        client.stop_job(job_id)


def test_sigkill_after_the_grace_period(local_door: Door, tmp_path: Path) -> None:
    client = dlc_client(local_door.endpoint)
    pid_file = tmp_path / "pid"
    # The shell ignores SIGTERM and so does its child: only the SIGKILL after 1 s ends them.
    command = f"trap '' TERM; python -c \"import os, time; open('{pid_file}', 'w').write(str(os.getpid())); time.sleep(120)\""
    request = cpu_job(command, settings=dlc.JobSettings(termination_grace_period_seconds=1))
    job_id = client.create_job(request).body.job_id
    wait_status(client, job_id, ("Running",))
    pid = int(wait_for_file(pid_file))
    client.stop_job(job_id)
    assert client.get_job(job_id, dlc.GetJobRequest()).body.status == "Stopping"
    assert pid_alive(pid)  # SIGTERM ignored
    wait_status(client, job_id, ("Stopped",), timeout=10)
    assert not pid_alive(pid)


def test_closing_the_fake_ends_every_process(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    with open_door("mock", execute_jobs=True, exec_dir=tmp_path) as door:
        client = dlc_client(door.endpoint)
        command = f"python -c \"import os, time; open('{pid_file}', 'w').write(str(os.getpid())); time.sleep(120)\" & wait"
        job_id = client.create_job(cpu_job(command)).body.job_id
        wait_status(client, job_id, ("Running",))
        pid = int(wait_for_file(pid_file))
        assert pid_alive(pid)
    assert not pid_alive(pid)
    assert leaked(tmp_path, timeout=0) == []


def test_a_killed_fake_server_leaves_no_orphan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "pid"
    server = subprocess.Popen([PYTHON, "-m", "dlc_provider.fake", "serve", "--port", "0", "--execute-jobs",
                               "--exec-dir", str(tmp_path / "runs")], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        endpoint = server.stdout.readline().strip().rsplit("http://", 1)[1]
        client = dlc_client(endpoint)
        command = f"python -c \"import os, time; open('{pid_file}', 'w').write(str(os.getpid())); time.sleep(120)\""
        request = cpu_job(command, settings=dlc.JobSettings(termination_grace_period_seconds=1))
        job_id = client.create_job(request).body.job_id
        wait_status(client, job_id, ("Running",))
        pid = int(wait_for_file(pid_file))
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        assert leaked(tmp_path / "runs", timeout=10) == []
        assert not pid_alive(pid)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_nas_mount_is_a_local_folder_that_keeps_its_files(local_door: Door, tmp_path: Path) -> None:
    client = dlc_client(local_door.endpoint)
    mount = [dlc.CreateJobRequestDataSources(uri="nas://0a1b2c3d4e-abc12.cn-hangzhou/team/", mount_path="/mnt/data")]
    write = "mkdir -p /mnt/data/out && echo 'checkpoint 1' > /mnt/data/out/ckpt.txt && ls -l $DLC_LOCAL_ROOT/mnt/"
    first = client.create_job(cpu_job(write, data_sources=mount)).body.job_id
    assert wait_status(client, first).status == "Succeeded"
    folder = tmp_path / "storage" / "nas" / "0a1b2c3d4e-abc12" / "team"
    assert (folder / "out" / "ckpt.txt").read_text() == "checkpoint 1\n"
    logs = pod_logs(client, first, f"{first}-worker-0")
    assert f"[fake-dlc] mount /mnt/data -> {folder}" in logs

    # The next job finds the file: through the rewritten path, and through $DLC_LOCAL_ROOT in a program.
    read = ("cat /mnt/data/out/ckpt.txt && cat ${DLC_LOCAL_ROOT}/mnt/data/out/ckpt.txt && python -c \"import os; "
            "print(open(os.path.join(os.environ['DLC_LOCAL_ROOT'], 'mnt/data/out/ckpt.txt')).read().upper())\"")
    second = client.create_job(cpu_job(read, data_sources=mount)).body.job_id
    assert wait_status(client, second).status == "Succeeded"
    assert pod_logs(client, second, f"{second}-worker-0")[-4:] == ["checkpoint 1", "checkpoint 1", "CHECKPOINT 1", ""]


def test_gpu_role_on_a_machine_without_gpus(local_door: Door) -> None:
    client = dlc_client(local_door.endpoint)
    request = job_request(user_command="python -c \"import os; print('CVD=' + repr(os.environ.get('CUDA_VISIBLE_DEVICES')))\"")
    job_id = client.create_job(request).body.job_id  # the default spec: one T4 GPU
    assert wait_status(client, job_id).status == "Succeeded"
    logs = pod_logs(client, job_id, f"{job_id}-worker-0")
    warned = any("asks for 1 GPU(s) but this machine has none; CUDA_VISIBLE_DEVICES is empty" in line for line in logs)
    assert warned == (not machine_has_gpu())
    assert ("CVD=''" in logs) == (not machine_has_gpu())


def test_time_limit_fails_the_job(tmp_path: Path) -> None:
    # realistic latency at factor 0.01: one minute of JobMaxRunningTimeMinutes is 0.6 s
    with open_door("mock", execute_jobs=True, exec_dir=tmp_path, latency="realistic", latency_factor=0.01) as door:
        client = dlc_client(door.endpoint)
        job_id = client.create_job(cpu_job("sleep 60", job_max_running_time_minutes=1)).body.job_id
        job = wait_status(client, job_id)
        assert (job.status, job.reason_code) == ("Failed", "JobTimeout")
    assert leaked(tmp_path, timeout=0) == []


def test_restart_policy_restarts_a_failed_pod(local_door: Door) -> None:
    client = dlc_client(local_door.endpoint)
    command = "if [ -e tried ]; then echo second try; else touch tried; echo first try; exit 2; fi"
    request = job_request(user_command=command,
                          specs=[job_spec("Worker", ecs_spec=CPU_SPEC, restart_policy="OnFailure")])
    job_id = client.create_job(request).body.job_id
    assert wait_status(client, job_id).status == "Succeeded"
    logs = pod_logs(client, job_id, f"{job_id}-worker-0")
    assert logs[-3:] == ["first try", "[fake-dlc] exited with code 2; restart 1/3 (OnFailure)", "second try"]


def test_tf_config_for_tensorflow_roles(local_door: Door) -> None:
    client = dlc_client(local_door.endpoint)
    request = job_request(job_type="TFJob", user_command="python -c \"import os; print(os.environ['TF_CONFIG'])\"",
                          specs=[job_spec("Chief", ecs_spec=CPU_SPEC), job_spec("Worker", 2, ecs_spec=CPU_SPEC)])
    job_id = client.create_job(request).body.job_id
    assert wait_status(client, job_id).status == "Succeeded"
    config = json.loads(pod_logs(client, job_id, f"{job_id}-worker-1")[-1])
    assert config["task"] == {"type": "worker", "index": 1} and config["environment"] == "cloud"
    assert [len(config["cluster"][role]) for role in ("chief", "worker")] == [1, 2]
    addresses = config["cluster"]["chief"] + config["cluster"]["worker"]
    assert len(set(addresses)) == 3 and all(a.startswith("127.0.0.1:") for a in addresses)


def test_per_job_switch_and_default_off(tmp_path: Path) -> None:
    with open_door("mock", exec_dir=tmp_path) as door:
        client = dlc_client(door.endpoint)
        simulated = client.create_job(cpu_job("exit 7")).body.job_id
        assert wait_status(client, simulated).status == "Succeeded"  # not run: the fake decides
        real = client.create_job(cpu_job("exit 7", envs={"FAKE_DLC_EXECUTE": "true"})).body.job_id
        job = wait_status(client, real)
        assert (job.status, job.reason_message) == ("Failed", f"The pod {real}-worker-0 exited with code 7")
        with api_error("InvalidParameter.Envs", 400):
            client.create_job(cpu_job("true", envs={"FAKE_DLC_EXECUTE": "maybe"}))
    assert not (tmp_path / "jobs" / simulated).exists()


def test_a_restarted_fake_fails_the_jobs_it_was_running(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with open_door("mock", execute_jobs=True, state_file=state) as door:
        client = dlc_client(door.endpoint)
        job_id = client.create_job(cpu_job("sleep 120")).body.job_id
        wait_status(client, job_id, ("Running",))
    groups = [int(path.read_text()) for path in (tmp_path / "local-runs").rglob("pgid")]
    assert groups and not any(live_in_group(group) for group in groups)
    with open_door("mock", execute_jobs=True, state_file=state) as door:
        job = wait_status(dlc_client(door.endpoint), job_id)
        assert (job.status, job.reason_message) == ("Failed", "The fake cloud stopped while the job ran; its "
                                                              "processes were ended.")
