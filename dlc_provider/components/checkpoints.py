"""The `TrainingStack`'s checkpoint bucket: a new `OssBucket` (or an existing bucket's name), its OSS
storage mount for the job, and the bucket names a new role's policy is scoped to."""

from __future__ import annotations

from typing import Any

import pulumi

from ..resources.oss import OssBucket
from .settings import TrainingStackArgs

__all__ = ["CheckpointBucket", "checkpoint_bucket"]


class CheckpointBucket:
    """What the stack wires: the bucket resource (None when brought by name), its name, URI and mount."""

    def __init__(self, resource: OssBucket | None, name: str, mount_path: str) -> None:
        self.resource = resource
        self.name = name
        self.uri: pulumi.Output[str] = resource.uri if resource is not None else pulumi.Output.from_input(f"oss://{name}/")
        self.mount: dict[str, Any] = {"kind": "oss", "uri": self.uri, "mount_path": mount_path}


def checkpoint_bucket(
    args: TrainingStackArgs, name: str, prefix: str, tags: dict[str, str], opts: pulumi.ResourceOptions
) -> CheckpointBucket | None:
    """The checkpoint bucket the settings ask for (declaring a new one), or None."""
    if args.checkpoint_bucket is None:
        return None
    if args.checkpoint_bucket != "new":
        return CheckpointBucket(None, args.checkpoint_bucket, args.checkpoint_mount_path)
    bucket_name = args.checkpoint_bucket_name or f"{prefix}-checkpoints"
    rules = None
    if args.checkpoint_expiration_days is not None:
        rules = [{"id": "expire-checkpoints", "prefix": "", "expiration_days": args.checkpoint_expiration_days}]
    bucket = OssBucket(
        f"{name}-checkpoints", name=bucket_name, lifecycle_rules=rules, tags=tags or None,
        force_destroy=args.checkpoint_force_destroy, opts=opts,
    )
    return CheckpointBucket(bucket, bucket_name, args.checkpoint_mount_path)
