"""ClientToken idempotency: the same token with the same parameters replays the first success.

Only actions a service lists as idempotent take part. Parameters that change between two honest
retries (signature, nonce, timestamp) are left out of the comparison. A token is remembered for a window
of fake-clock time (`FakeSettings.client_token_ttl_seconds`): used again after it, it is a new request
and makes a new resource, as the real services do once their idempotency window has passed.
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
    """Remembered successes: forgotten `ttl` seconds after they were made, or oldest first beyond `limit`."""

    def __init__(self, limit: int = 50_000) -> None:
        # key -> (fingerprint, reply, fake-clock time of the success); insertion order is time order.
        self._results: OrderedDict[TokenKey, tuple[str, dict[str, Any], float]] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()

    def _forget_expired(self, now: float, ttl: float) -> None:
        while self._results:
            key, (_, _, at) = next(iter(self._results.items()))
            if now - at < ttl:
                return
            del self._results[key]

    def replay(self, key: TokenKey, params: dict[str, Any], *, now: float, ttl: float) -> dict[str, Any] | None:
        """The stored reply for this token, None if new (or its window has passed); a different request
        with a remembered token is an error."""
        with self._lock:
            self._forget_expired(now, ttl)
            stored = self._results.get(key)
        if stored is None:
            return None
        if stored[0] != fingerprint(params):
            raise IdempotentParameterMismatch()
        return dict(stored[1])

    def remember(self, key: TokenKey, params: dict[str, Any], payload: dict[str, Any], *, now: float) -> None:
        with self._lock:
            self._results.pop(key, None)
            self._results[key] = (fingerprint(params), dict(payload), now)
            while len(self._results) > self._limit:
                self._results.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._results.clear()

    def snapshot(self) -> list[tuple[TokenKey, tuple[str, dict[str, Any], float]]]:
        with self._lock:
            return list(self._results.items())

    def restore(self, items: list[tuple[TokenKey, tuple[Any, ...]]]) -> None:
        """Entries of `snapshot()`; those of state files written before tokens expired count as made at 0."""
        with self._lock:
            self._results = OrderedDict(
                (tuple(k), (v[0], v[1], v[2] if len(v) > 2 else 0.0)) for k, v in items  # type: ignore[misc]
            )
