"""The README's two-worker PyTorch DDP example (CPU, gloo), run for real through `pulumi up` on the fake with
`--execute-jobs`: the pods rendezvous with `torch.distributed` over the MASTER_ADDR / MASTER_PORT / RANK /
WORLD_SIZE the fake gives them, train, and rank 0 writes its checkpoint to the NAS mount.

Optional: needs torch in the fake's Python, so it is opt-in (`./run test -m torch tests/e2e/test_local_run_torch.py`)
and not part of CI; selected without torch it is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlc_provider.fake.pai_dlc.testing import dlc_client

from ..fake.local_run import leaked, pod_logs
from .fake_server import start_fake_server

README = Path(__file__).resolve().parents[2] / "README.md"

PROGRAM = """
import pulumi
from dlc_provider.resources import DlcJob, NasFileSystem

cfg = pulumi.Config()
fs = NasFileSystem("nas", storage_type="Performance", protocol_type="NFS")
nas = {"kind": "nas", "uri": pulumi.Output.concat("nas://", fs.id, ".cn-hangzhou/"), "mount_path": "/mnt/nas"}
ddp = DlcJob("ddp", display_name="ddp-cpu", framework="pytorch", image="registry.example.com/team/torch:2.1-cpu",
             command=cfg.require("command"),
             roles={"worker": {"count": 2, "spec": "ecs.g6.xlarge"}}, storage_mounts=[nas],
             wait_until="succeeded")
pulumi.export("job_id", ddp.job_id)
pulumi.export("job_status", ddp.status)
pulumi.export("fs_id", fs.id)
"""


def readme_ddp_script() -> str:
    """The `train_ddp.py` of the README, as printed there."""
    text = README.read_text(encoding="utf-8")
    found = re.search(r"save this as `train_ddp\.py`.*?```python\n(.*?)```", text, re.S)
    assert found, "the README no longer shows train_ddp.py"
    return found.group(1)


@pytest.mark.torch
def test_the_readme_ddp_example_trains_on_two_local_pods(pulumi_project, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    script = tmp_path / "train_ddp.py"
    script.write_text(readme_ddp_script(), encoding="utf-8")
    runs = tmp_path / "runs"
    server = start_fake_server("--execute-jobs", "--exec-dir", str(runs))
    try:
        project = pulumi_project(PROGRAM, config={"command": f"python {script}"})
        project.use_fake(server.url)
        project.up()
        outputs = project.outputs()
        assert outputs["job_status"] == "Succeeded", outputs
        checkpoint = runs / "storage" / "nas" / outputs["fs_id"] / "checkpoints" / "model.pt"
        assert checkpoint.stat().st_size > 0
        client = dlc_client(server.url.removeprefix("http://"))
        job_id = outputs["job_id"]
        for rank in (0, 1):
            lines = pod_logs(client, job_id, f"{job_id}-worker-{rank}")
            assert any(f"rank {rank}/2 step 50 loss" in line for line in lines), lines
        project.destroy()
        assert server.resource_count() == 0, server.state()
    finally:
        server.stop()
    assert leaked(runs, timeout=5) == []
