"""Thin clients of the Alibaba Cloud APIs: one module per service, one function per API call.

`Session` (in `session`) is the one place that builds SDK clients, maps SDK errors to
`dlc_provider.errors` and retries transient failures. Service modules (`vpc`, `ecs`, `sts`) hold the
calls and know nothing of Pulumi.
"""

from .session import Session

__all__ = ["Session"]
