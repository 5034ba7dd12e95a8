"""`dlc-stack checkpoints`: the location from the stack's outputs, listing and fetching through the real OSS
SDK against the in-process fake (more than one page, nested keys, folder markers, keys escaping the target)."""

from __future__ import annotations

from pathlib import Path

import alibabacloud_oss_v2 as oss
import pytest

from dlc_provider.cli.checkpoints import (
    CheckpointLocation,
    NoCheckpoints,
    fetch_checkpoints,
    list_checkpoints,
    listing_lines,
    location_of,
    size_text,
)
from dlc_provider.fake.oss.testing import oss_v2_client

from ._cloud import Env, cloud, env, isolated  # noqa: F401

BUCKET = "team-ckpt"


def _bucket(objects: dict[str, bytes]) -> oss.Client:
    client = oss_v2_client()
    client.put_bucket(oss.PutBucketRequest(bucket=BUCKET))
    for key, body in objects.items():
        client.put_object(oss.PutObjectRequest(bucket=BUCKET, key=key, body=body))
    return client


def test_the_location_is_the_checkpoint_uri_output() -> None:
    assert location_of({"checkpoint_uri": "oss://team-ckpt/"}, "dev") == CheckpointLocation(BUCKET, "")
    assert location_of({"checkpoint_uri": "oss://team-ckpt/runs/a/"}, "dev") == CheckpointLocation(BUCKET, "runs/a/")
    with pytest.raises(NoCheckpoints, match="is it up"):
        location_of({}, "dev")
    with pytest.raises(NoCheckpoints, match="checkpointBucket"):
        location_of({"job_id": "dlc1", "checkpoint_uri": None}, "dev")
    with pytest.raises(NoCheckpoints, match="not an oss://"):
        location_of({"checkpoint_uri": "nas://x/"}, "dev")


def test_list_reads_every_page_under_the_prefix(env: Env) -> None:
    keys = {f"runs/a/step-{n:04d}.pt": b"w" * n for n in range(1203)}
    _bucket({**keys, "runs/b/other.pt": b"no", "top.txt": b"no"})
    found = list_checkpoints(env.session(), CheckpointLocation(BUCKET, "runs/a/"))
    assert [o["key"] for o in found] == sorted(keys)
    assert found[5]["size"] == 5 and found[5]["last_modified"] is not None
    assert len(env.calls("ListObjectsV2")) == 2  # 1000 a page
    lines = listing_lines(CheckpointLocation(BUCKET, "runs/a/"), found[:2])
    assert lines[0].endswith("runs/a/step-0000.pt") and lines[-1] == "oss://team-ckpt/runs/a/: 2 objects, 1 B"


def test_fetch_keeps_paths_below_the_prefix_and_skips_folder_markers(env: Env, tmp_path: Path) -> None:
    _bucket({"runs/a/": b"", "runs/a/model.pt": b"weights", "runs/a/logs/loss.csv": b"1,0.5\n"})
    where = CheckpointLocation(BUCKET, "runs/a/")
    said: list[str] = []
    written = fetch_checkpoints(env.session(), where, list_checkpoints(env.session(), where), tmp_path / "out",
                                say=said.append)
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == ["logs/loss.csv", "model.pt"]
    assert (tmp_path / "out" / "model.pt").read_bytes() == b"weights"
    assert not list((tmp_path / "out").rglob("*.part"))
    assert any("model.pt" in line and "7 B" in line for line in said)


def test_a_key_that_would_leave_the_folder_is_refused(env: Env, tmp_path: Path) -> None:
    where = CheckpointLocation(BUCKET, "")
    with pytest.raises(NoCheckpoints, match="outside"):
        fetch_checkpoints(env.session(), where, [{"key": "../escape.pt", "size": 1}], tmp_path / "out")
    assert not (tmp_path / "escape.pt").exists()


def test_sizes_read_like_ls_h() -> None:
    assert [size_text(n) for n in (0, 1023, 1024, 5 * 1024 * 1024, 3 * 1024**4)] == [
        "0 B", "1023 B", "1.0 KiB", "5.0 MiB", "3072.0 GiB"]
