"""Fake OSS objects with both SDKs: put/get/head/delete, ranges, metadata, listings, batch delete,
multipart uploads, and the bytes kept in files (surviving a restart with a state file)."""

from __future__ import annotations

import io
from pathlib import Path

import alibabacloud_oss_v2 as oss
import oss2
import pytest

from dlc_provider.fake import FakeSettings, serve_in_thread
from dlc_provider.fake.oss.store import folder_for

from .oss_doors import OssDoor, oss2_error, v2_error


@pytest.fixture
def bucket(oss_door: OssDoor) -> oss2.Bucket:
    created = oss_door.bucket("objects")
    created.create_bucket()
    return created


def test_put_get_head_delete(oss_door: OssDoor, bucket: oss2.Bucket) -> None:
    put = bucket.put_object("runs/1/model.pt", b"0123456789", headers={"Content-Type": "application/x-torch",
                                                                        "x-oss-meta-epoch": "3"})
    assert put.etag == "781E5E245D69B566979B86E28D23F2C7"
    head = bucket.head_object("runs/1/model.pt")
    assert (head.content_length, head.content_type, head.headers["x-oss-meta-epoch"]) == (10, "application/x-torch", "3")
    assert bucket.get_object("runs/1/model.pt", byte_range=(2, 5)).read() == b"2345"
    client = oss_door.v2()
    got = client.get_object(oss.GetObjectRequest(bucket="objects", key="runs/1/model.pt", range_header="bytes=7-"))
    assert got.body.read() == b"789" and got.metadata == {"epoch": "3"}
    assert client.is_object_exist("objects", "runs/1/model.pt")
    bucket.delete_object("runs/1/model.pt")
    with oss2_error("NoSuchKey", 404):
        bucket.get_object("runs/1/model.pt")
    with v2_error("NoSuchKey", 404):
        client.head_object(oss.HeadObjectRequest(bucket="objects", key="runs/1/model.pt"))
    bucket.delete_object("runs/1/model.pt")  # deleting what is gone succeeds, as on OSS


def test_listings_v1_and_v2_page_and_group(oss_door: OssDoor, bucket: oss2.Bucket) -> None:
    keys = [f"ckpt/epoch-{n:02d}.pt" for n in range(7)] + ["logs/a.txt", "logs/b.txt", "top.txt"]
    for key in keys:
        bucket.put_object(key, key.encode())
    assert [o.key for o in oss2.ObjectIterator(bucket, max_keys=3)] == sorted(keys)
    grouped = bucket.list_objects(delimiter="/")
    assert (grouped.prefix_list, [o.key for o in grouped.object_list]) == (["ckpt/", "logs/"], ["top.txt"])
    assert [o.key for o in oss2.ObjectIteratorV2(bucket, prefix="ckpt/", max_keys=2)] == keys[:7]
    client = oss_door.v2()
    pages = list(client.list_objects_v2_paginator(limit=4).iter_page(oss.ListObjectsV2Request(bucket="objects")))
    assert len(pages) == 3 and [o.key for p in pages for o in p.contents or []] == sorted(keys)
    pages = list(client.list_objects_paginator(limit=4).iter_page(oss.ListObjectsRequest(bucket="objects", prefix="logs/")))
    assert [o.key for p in pages for o in p.contents or []] == ["logs/a.txt", "logs/b.txt"]


def test_delete_multiple_objects(oss_door: OssDoor, bucket: oss2.Bucket) -> None:
    for key in ("a", "b", "c", "d"):
        bucket.put_object(key, b"1")
    assert sorted(bucket.batch_delete_objects(["a", "b"]).deleted_keys) == ["a", "b"]
    client = oss_door.v2()
    result = client.delete_multiple_objects(oss.DeleteMultipleObjectsRequest(
        bucket="objects", objects=[oss.DeleteObject(key="c"), oss.DeleteObject(key="d")]))
    assert sorted(d.key for d in result.deleted_objects) == ["c", "d"]
    assert list(oss2.ObjectIterator(bucket)) == []


def test_multipart_with_oss2(oss_door: OssDoor, bucket: oss2.Bucket) -> None:
    upload_id = bucket.init_multipart_upload("big.bin").upload_id
    parts = [oss2.models.PartInfo(n, bucket.upload_part("big.bin", upload_id, n, bytes([n]) * 1000).etag)
             for n in (1, 2, 3)]
    assert [p.part_number for p in bucket.list_parts("big.bin", upload_id).parts] == [1, 2, 3]
    assert [u.upload_id for u in oss2.MultipartUploadIterator(bucket)] == [upload_id]
    bucket.complete_multipart_upload("big.bin", upload_id, parts)
    body = bucket.get_object("big.bin").read()
    assert body == b"\x01" * 1000 + b"\x02" * 1000 + b"\x03" * 1000
    assert bucket.head_object("big.bin").etag.endswith("-3")
    aborted = bucket.init_multipart_upload("gone.bin").upload_id
    bucket.upload_part("gone.bin", aborted, 1, b"x")
    bucket.abort_multipart_upload("gone.bin", aborted)
    with oss2_error("NoSuchUpload", 404):
        bucket.upload_part("gone.bin", aborted, 2, b"x")
    wrong = bucket.init_multipart_upload("wrong.bin").upload_id
    bucket.upload_part("wrong.bin", wrong, 1, b"x")
    with oss2_error("InvalidPart", 400):
        bucket.complete_multipart_upload("wrong.bin", wrong, [oss2.models.PartInfo(1, "0" * 32)])


def test_multipart_with_the_v2_uploader(oss_door: OssDoor, bucket: oss2.Bucket) -> None:
    client = oss_door.v2()
    data = bytes(range(256)) * 1200  # 300 KiB in three parts
    uploader = client.uploader(part_size=100 * 1024, parallel_num=1, leave_parts_on_error=False)
    result = uploader.upload_from(oss.PutObjectRequest(bucket="objects", key="upload.bin"), io.BytesIO(data))
    assert result.etag.strip('"').endswith("-3")
    assert client.get_object(oss.GetObjectRequest(bucket="objects", key="upload.bin")).body.read() == data


def test_object_bytes_live_in_files(oss_door: OssDoor, bucket: oss2.Bucket) -> None:
    bucket.put_object("file.bin", b"z" * 5000)
    folder = folder_for(oss_door.cloud)
    assert [p.stat().st_size for p in folder.iterdir()] == [5000]
    bucket.put_object("file.bin", b"y" * 10)  # replaced: the old file is removed
    assert [p.stat().st_size for p in folder.iterdir()] == [10]
    bucket.delete_object("file.bin")
    assert list(folder.iterdir()) == []


def test_objects_survive_a_restart_with_a_state_file(tmp_path: Path) -> None:
    settings = FakeSettings(state_file=tmp_path / "state.sqlite")
    with serve_in_thread(settings) as server:
        door = OssDoor(type("D", (), {"cloud": server.cloud, "endpoint": server.endpoint})())  # type: ignore[arg-type]
        door.bucket("kept").create_bucket()
        door.bucket("kept").put_object("a/b", b"still here")
    assert [p.name for p in (tmp_path / "state-oss").iterdir()]
    with serve_in_thread(FakeSettings(state_file=tmp_path / "state.sqlite")) as server:
        door = OssDoor(type("D", (), {"cloud": server.cloud, "endpoint": server.endpoint})())  # type: ignore[arg-type]
        assert door.bucket("kept").get_object("a/b").read() == b"still here"
        door.bucket("kept").put_object("a/c", b"new")  # names continue after the saved counter
        assert door.bucket("kept").get_object("a/b").read() == b"still here"
