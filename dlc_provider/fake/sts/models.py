"""State of the fake STS: none; it only describes who signed a request."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..core.auth import Identity
from ..core.backend import Backend


@dataclass(frozen=True)
class CallerIdentity:
    account_id: str
    user_id: str
    arn: str
    identity_type: str
    principal_id: str
    role_id: str | None


def role_id_of(account_id: str, role_name: str) -> str:
    """A stable 19-digit role ID for an account's role name (real role IDs are long numeric strings)."""
    digest = hashlib.sha256(f"{account_id}/{role_name}".encode()).hexdigest()
    return str(3 * 10**18 + int(digest, 16) % 10**18)


class StsBackend(Backend):
    service = "sts"
    kinds = ()

    def get_caller_identity(self, identity: Identity) -> CallerIdentity:
        account = identity.account_id
        if identity.is_assumed_role and identity.role_name:
            role_id = role_id_of(account, identity.role_name)
            principal = f"{role_id}:{identity.session_name}"
            arn = f"acs:ram::{account}:assumed-role/{identity.role_name.lower()}/{identity.session_name}"
            return CallerIdentity(account, principal, arn, "AssumedRoleUser", principal, role_id)
        return CallerIdentity(account, account, f"acs:ram::{account}:root", "Account", account, None)
