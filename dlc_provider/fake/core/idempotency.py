"""ClientToken idempotency: the same token with the same parameters replays the first success.

Only actions a service lists as idempotent take part. Parameters that change between two honest
retries (signature, nonce, timestamp) are left out of the comparison.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from .errors import IdempotentParameterMismatch

# Parameters the signing schemes add; they differ between retries of the same call.
SIGNING_PARAMS = frozenset(
    {
        "Action",
        "Version",
        "Format",
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "SignatureType",
        "Timestamp",
        "SecurityToken",
        "BearerToken",
    }
)

TokenKey = tuple[str, str, str, str]  # account, service, action, token


def fingerprint(params: dict[str, Any]) -> str:
    return repr(sorted((k, v) for k, v in params.items() if k not in SIGNING_PARAMS and k != "ClientToken"))


class ClientTokens:
    """Remembered successes, oldest forgotten first beyond `limit`."""

    def __init__(self, limit: int = 50_000) -> None:
        self._results: OrderedDict[TokenKey, tuple[str, dict[str, Any]]] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def replay(self, key: TokenKey, params: dict[str, Any]) -> dict[str, Any] | None:
        """The stored reply for this token, None if new; a different request with it is an error."""
        with self._lock:
            stored = self._results.get(key)
        if stored is None:
            return None
        if stored[0] != fingerprint(params):
            raise IdempotentParameterMismatch()
        return dict(stored[1])

    def remember(self, key: TokenKey, params: dict[str, Any], payload: dict[str, Any]) -> None:
        with self._lock:
            self._results[key] = (fingerprint(params), dict(payload))
            while len(self._results) > self._limit:
                self._results.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._results.clear()

    def snapshot(self) -> list[tuple[TokenKey, tuple[str, dict[str, Any]]]]:
        with self._lock:
            return list(self._results.items())

    def restore(self, items: list[tuple[TokenKey, tuple[str, dict[str, Any]]]]) -> None:
        with self._lock:
            self._results = OrderedDict((tuple(k), v) for k, v in items)  # type: ignore[misc]
