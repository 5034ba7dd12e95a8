"""Request parsing of the fake STS."""

from __future__ import annotations

from typing import Any

from ..core.registry import ServiceResponses
from .models import StsBackend


class StsResponses(ServiceResponses):
    backend: StsBackend

    def get_caller_identity(self) -> dict[str, Any]:
        caller = self.backend.get_caller_identity(self.call.identity)
        reply = {
            "AccountId": caller.account_id,
            "UserId": caller.user_id,
            "Arn": caller.arn,
            "IdentityType": caller.identity_type,
            "PrincipalId": caller.principal_id,
        }
        if caller.role_id:
            reply["RoleId"] = caller.role_id
        return reply
