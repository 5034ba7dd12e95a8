"""A DLC job run for real through `pulumi up` on the fake server with `--execute-jobs`.

A master and a worker meet over MASTER_ADDR / MASTER_PORT (a standard-library socket rendezvous), check
RANK and WORLD_SIZE, exchange a value, and the master writes the result to the NAS mount: the job ends
Succeeded, the file is in the NAS file system's local folder and the logs hold the script's lines. Then a
pod exiting 1 fails the update with that pod's last lines as the reason. No process is left behind.
"""

from __future__ import annotations

from pathlib import Path

from dlc_provider.fake.pai_dlc.testing import dlc_client

from ..fake.local_run import RENDEZVOUS, leaked, pod_logs
from .fake_server import start_fake_server
from .harness import PulumiCommandFailed

PROGRAM = """
import pulumi
from dlc_provider.resources import DlcJob, NasFileSystem

cfg = pulumi.Config()
fs = NasFileSystem("nas", storage_type="Performance", protocol_type="NFS")
job = DlcJob("train", display_name="local-rendezvous", framework="pytorch", command=cfg.require("command"),
             image="registry.example.com/team/train:1.0",
             roles={"master": {"count": 1, "spec": "ecs.g6.xlarge"}, "worker": {"count": 1, "spec": "ecs.g6.xlarge"}},
             storage_mounts=[{"kind": "nas", "uri": pulumi.Output.concat("nas://", fs.id, ".cn-hangzhou/"),
                              "mount_path": "/mnt/nas"}],
             wait_until="succeeded")
pulumi.export("job_id", job.job_id)
pulumi.export("job_status", job.status)
pulumi.export("fs_id", fs.id)
"""


def test_two_pods_rendezvous_and_write_to_nas(pulumi_project, tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    server = start_fake_server("--execute-jobs", "--exec-dir", str(runs))
    try:
        project = pulumi_project(PROGRAM, config={"command": f"python {RENDEZVOUS} /mnt/nas/results"})
        project.use_fake(server.url)
        project.up()
        outputs = project.outputs()
        assert outputs["job_status"] == "Succeeded", outputs
        result = runs / "storage" / "nas" / outputs["fs_id"] / "results" / "result.txt"
        assert result.read_text() == "30\n"
        client = dlc_client(server.url.removeprefix("http://"))
        job_id = outputs["job_id"]
        assert "rank 0 of 2: sum 30 (expected 30)" in pod_logs(client, job_id, f"{job_id}-master-0")
        assert "rank 1 of 2: sum 30 (expected 30)" in pod_logs(client, job_id, f"{job_id}-worker-0")

        project.set_config("command", "python -c \"import os, sys; print('rank', os.environ['RANK'], 'gives up'); "
                                      "sys.exit(1 if os.environ['RANK'] == '1' else 0)\"")
        try:
            project.up()
        except PulumiCommandFailed as failed:
            message = str(failed)
        else:
            raise AssertionError("the up with a failing pod succeeded")
        assert "Failed" in message and "-worker-0 exited with code 1: rank 1 gives up" in message, message
        project.destroy()
        assert server.resource_count() == 0, server.state()
        assert result.read_text() == "30\n"  # the NAS folder outlives the jobs
    finally:
        server.stop()
    assert leaked(runs, timeout=5) == []
