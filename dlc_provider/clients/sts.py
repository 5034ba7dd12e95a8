"""STS API (RPC 2015-04-01): who the configured credentials belong to. No Pulumi here."""

from __future__ import annotations

from typing import Any


from .session import Session

__all__ = ["get_caller_identity"]

SERVICE = "sts"


def get_caller_identity(session: Session) -> dict[str, Any]:
    """`{"AccountId", "UserId", "Arn", "IdentityType", "PrincipalId", ...}` of the credentials in use."""
    return dict(session.call(SERVICE, "GetCallerIdentity", lambda c: c.get_caller_identity()).body.to_map())
