"""One `Case` per OSS resource (bucket, object) for the resource suite."""

from __future__ import annotations

from typing import Any

from dlc_provider.clients import oss as oss_api
from dlc_provider.resources.oss import OssBucketProvider, OssObjectProvider

from ._cloud import Env
from ._suite import Case


def _nothing(env: Env) -> dict[str, Any]:
    return {}


def _bucket(env: Env) -> dict[str, Any]:
    oss_api.create_bucket(env.session(), "objects-home", storage_class="Standard", acl=None, tags={})
    oss_api.create_bucket(env.session(), "objects-other", storage_class="Standard", acl=None, tags={})
    return {"bucket": "objects-home", "other": "objects-other"}


def _oob_bucket(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    oss_api.create_bucket(env.session(), "legacy-bucket", storage_class="IA", acl="public-read", tags={"owner": "ops"})
    return "legacy-bucket", {"name": "legacy-bucket", "storage_class": "IA"}


def _oob_object(env: Env, ctx: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    import base64
    import hashlib

    data = b"print('legacy')\n"
    oss_api.put_object(env.session(), ctx["bucket"], "legacy/train.py", data, content_type=None,
                       md5_base64=base64.b64encode(hashlib.md5(data).digest()).decode())  # noqa: S324
    return f"{ctx['bucket']}/legacy/train.py", {"bucket": ctx["bucket"], "key": "legacy/train.py",
                                                "content": "print('legacy')\n"}


CASES = [
    Case(
        name="oss_bucket", provider=OssBucketProvider, create_action="PutBucket", delete_action="DeleteBucket",
        setup=_nothing,
        inputs=lambda ctx: {"name": "ckpt-bucket", "acl": "private", "tags": {"team": "ml", "env": "dev"},
                            "lifecycle_rules": [{"id": "old", "prefix": "ckpt/", "expiration_days": 30}],
                            "versioning": "Enabled", "server_side_encryption": {"sse_algorithm": "AES256"}},
        update={"acl": "public-read", "tags": {"team": "research"}, "versioning": "Suspended",
                "lifecycle_rules": [{"id": "old", "prefix": "ckpt/", "expiration_days": 7, "enabled": False}],
                "server_side_encryption": {"sse_algorithm": "KMS", "kms_master_key_id": "key-1"}},
        replace=lambda ctx: {"name": "ckpt-bucket-2"},
        invalid=({"name": "Not_A_Bucket"}, "name"),
        out_of_band=_oob_bucket, missing=lambda name: name + "-missing", instant=True, same_id_again=True,
    ),
    Case(
        name="oss_object", provider=OssObjectProvider, create_action="PutObject", delete_action="DeleteObject",
        setup=_bucket,
        inputs=lambda ctx: {"bucket": ctx["bucket"], "key": "code/train.py", "content": "print('hello')\n",
                            "content_type": "text/x-python"},
        update={"content": "print('hello, world')\n"},
        replace=lambda ctx: {"key": "code/train2.py"},
        invalid=({"key": "/absolute"}, "key"),
        out_of_band=_oob_object, missing=lambda object_id: object_id + "-missing", instant=True, same_id_again=True,
        normalized=frozenset({"content_md5"}),
    ),
]
