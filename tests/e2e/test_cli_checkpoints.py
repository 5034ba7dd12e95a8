"""`dlc-stack checkpoints` on the project's real program and dev stack: the dev stack's checkpoint bucket goes
up with the stack, objects written to it (here with the SDK, as a job would through its OSS mount) are listed
and fetched by the CLI, `run --fetch-checkpoints` keeps a copy before the teardown, and `down` removes the
bucket with its objects (the dev stack sets checkpointForceDestroy)."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from dlc_provider.clients import oss

from .test_cli import DevStack, _assert_empty, _output, cli, dev_stack  # noqa: F401 (the fixture)

BUCKET = "dlc-dev-checkpoints"
FILES = {"epoch-1/model.pt": b"weights-1" * 100, "epoch-2/model.pt": b"weights-2" * 200, "loss.csv": b"1,0.9\n"}


def _write(stack: DevStack) -> None:
    session = stack.session()
    for key, data in FILES.items():
        digest = base64.b64encode(hashlib.md5(data).digest()).decode()  # noqa: S324 (Content-MD5)
        oss.put_object(session, BUCKET, key, data, content_type=None, md5_base64=digest)


def test_list_and_fetch_the_checkpoints_then_down_leaves_nothing(dev_stack: DevStack, tmp_path: Path) -> None:
    up = cli(dev_stack.directory, "--plain", "up")
    assert up.returncode == 0, _output(up)
    assert f"checkpoint_uri     oss://{BUCKET}/" in up.stdout, _output(up)
    _write(dev_stack)

    listed = cli(dev_stack.directory, "checkpoints")
    assert listed.returncode == 0, _output(listed)
    lines = listed.stdout.strip().splitlines()
    assert [line.split()[-1] for line in lines[:-1]] == sorted(FILES), _output(listed)
    assert lines[-1] == f"oss://{BUCKET}/: 3 objects, 2.6 KiB", _output(listed)

    fetched = cli(dev_stack.directory, "checkpoints", "fetch", "--to", str(tmp_path / "ckpt"))
    assert fetched.returncode == 0, _output(fetched)
    for key, data in FILES.items():
        assert (tmp_path / "ckpt" / key).read_bytes() == data

    down = cli(dev_stack.directory, "--plain", "down")
    assert down.returncode == 0, _output(down)
    _assert_empty(dev_stack)
    gone = cli(dev_stack.directory, "checkpoints")
    assert gone.returncode == 2 and "has no outputs" in gone.stderr, _output(gone)


def test_run_fetches_the_checkpoints_before_the_teardown(dev_stack: DevStack, tmp_path: Path) -> None:
    up = cli(dev_stack.directory, "--plain", "up")  # the bucket exists; the job runs for a while
    assert up.returncode == 0, _output(up)
    _write(dev_stack)
    run = cli(dev_stack.directory, "--plain", "run", "--fetch-checkpoints", str(tmp_path / "kept"))
    assert run.returncode == 0, _output(run)
    summary = run.stdout.split("--- summary ---", 1)[1]
    assert f"checkpoints: oss://{BUCKET}/ (3 objects, 2.6 KiB), 3 fetched into {tmp_path / 'kept'}" in summary, \
        _output(run)
    assert (tmp_path / "kept" / "epoch-2" / "model.pt").read_bytes() == FILES["epoch-2/model.pt"]
    _assert_empty(dev_stack)


def test_run_local_writes_checkpoints_the_cli_fetches(dev_stack: DevStack, tmp_path: Path) -> None:
    """`run --local`: the job's pods run here; what rank 0 writes to the OSS mount lands in the bucket at the
    job's end (the fake's OSS backs the mount) and is fetched before the teardown."""
    script = ("import os; r = os.environ['RANK']; os.makedirs('/mnt/checkpoints/final', exist_ok=True); "
              "r == '0' and open('/mnt/checkpoints/final/model.pt', 'w').write('trained by ' + os.environ['WORLD_SIZE']);"
              " print('rank', r, 'done')")

    def local_job(config: dict) -> None:
        config["dlc-training:job"]["command"] = f'python -c "{script}"'

    dev_stack.edit(local_job)
    run = cli(dev_stack.directory, "--plain", "run", "--local", "--fetch-checkpoints", str(tmp_path / "kept"))
    assert run.returncode == 0, _output(run)
    assert "rank 1 done" in run.stdout, _output(run)
    summary = run.stdout.split("--- summary ---", 1)[1]
    assert f"checkpoints: oss://{BUCKET}/ (1 object, 12 B), 1 fetched into {tmp_path / 'kept'}" in summary, \
        _output(run)
    assert (tmp_path / "kept" / "final" / "model.pt").read_text() == "trained by 2"
    _assert_empty(dev_stack)
