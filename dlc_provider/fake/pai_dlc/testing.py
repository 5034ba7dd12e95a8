"""Helpers for tests that drive the fake PAI-DLC with the official `alibabacloud_pai_dlc20201203` client.

`dlc_client(endpoint)` points the client at a fake server (or, without an endpoint, at the default
`pai-dlc.<region>.aliyuncs.com` host that `mock_cloud()` intercepts); `job_request(...)` is a small
valid CreateJob request (one PyTorch worker on a T4 node) to vary per test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..settings import DEFAULT_REGION
from ..testing import sdk_config

if TYPE_CHECKING:
    from alibabacloud_pai_dlc20201203 import models
    from alibabacloud_pai_dlc20201203.client import Client

DEFAULT_IMAGE = "dsw-registry-vpc.cn-hangzhou.cr.aliyuncs.com/pai/pytorch-training:2.1-gpu-py310-cu121"
DEFAULT_ECS_SPEC = "ecs.gn6i-c4g1.xlarge"


def dlc_client(endpoint: str | None = None, region: str = DEFAULT_REGION) -> Client:
    from alibabacloud_pai_dlc20201203.client import Client

    return Client(sdk_config(endpoint, region=region))


def job_spec(role: str = "Worker", pod_count: int = 1, ecs_spec: str | None = DEFAULT_ECS_SPEC,
             **fields: Any) -> models.JobSpec:
    from alibabacloud_pai_dlc20201203 import models

    return models.JobSpec(type=role, image=fields.pop("image", DEFAULT_IMAGE), pod_count=pod_count,
                          ecs_spec=ecs_spec, **fields)


def job_request(*, envs: dict[str, str] | None = None, specs: list[models.JobSpec] | None = None,
                **fields: Any) -> models.CreateJobRequest:
    """A valid PyTorchJob request; `envs` are merged into Envs (e.g. FAKE_DLC_OUTCOME), fields override."""
    from alibabacloud_pai_dlc20201203 import models

    values: dict[str, Any] = {
        "display_name": "train-demo",
        "job_type": "PyTorchJob",
        "job_specs": specs if specs is not None else [job_spec()],
        "user_command": "python /root/code/train.py --epochs 10",
        "envs": {"NCCL_DEBUG": "INFO", **(envs or {})},
    }
    values.update(fields)
    return models.CreateJobRequest(**values)
