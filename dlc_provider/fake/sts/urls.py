"""Routing of the fake STS: API version 2015-04-01, RPC actions."""

from ..core.registry import RpcService
from .models import StsBackend
from .responses import StsResponses

SERVICE = RpcService(
    name="sts",
    version="2015-04-01",
    backend=StsBackend,
    responses=StsResponses,
    actions={"GetCallerIdentity": "get_caller_identity"},
)
