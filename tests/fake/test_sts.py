"""STS GetCallerIdentity through the official STS client."""

from __future__ import annotations

from dlc_provider.fake import DEFAULT_ACCOUNT_ID, AccessKey

from .doors import Door


def test_caller_identity_of_the_account_key(door: Door) -> None:
    body = door.sts().get_caller_identity().body
    assert (body.account_id, body.user_id, body.principal_id) == (DEFAULT_ACCOUNT_ID,) * 3
    assert (body.identity_type, body.arn) == ("Account", f"acs:ram::{DEFAULT_ACCOUNT_ID}:root")
    assert body.role_id is None and body.request_id


def test_keys_of_other_accounts(door: Door) -> None:
    door.cloud.settings.accounts["LTAI5tSecondAccountKey"] = AccessKey(secret="second", account_id="9999888877776666")
    body = door.sts(access_key_id="LTAI5tSecondAccountKey", secret="second").get_caller_identity().body
    assert body.account_id == "9999888877776666"
    assert door.cloud.journal[-1].account_id == "9999888877776666"
