"""Idempotent creates: the creation token of a resource, and the resources a create took over.

Why a token, and why this one
-----------------------------
The engine records nothing when `create` raises or the provider process dies, so a create that reached
the cloud but not the state would make a second resource on the next run. Every create therefore sends
a `ClientToken` (and tags the resource with it where the API has tags):

    token = "dlc" + sha256(dlc_identity, the validated cloud-facing inputs, creation_nonce)[:37]

* `creation_nonce` is drawn at random by the provider's `check` when a resource has no old inputs, i.e.
  once per incarnation: a new resource, or the new half of a replacement (the engine re-checks with no
  old inputs before every replacement). It is stored with the inputs, so every later operation on the
  same incarnation sees the same token, and it is what makes each incarnation's token new: a re-create
  after a destroy never meets the token of a deleted incarnation (the cost of `up` does not grow with
  the history of a stack, and no idempotency window of the cloud is ever waited out).
* `dlc_identity` is the resource's place in the stack (project, stack, type token, name, the parent's
  type and name, the `replacement_trigger`), filled in by the resource class. Together with the inputs
  it keeps tokens of different resources apart even if two nonces were ever equal. Display labels of
  the provider (its `KIND`) are not hashed: renaming one changes no token.
* Within one create, every retry of the create call sends the same token, so a call whose answer was
  lost is answered with the same resource by the API's ClientToken replay; where an API has no token,
  the provider looks the resource up by its token tag (or natural key) before and after sending.
* A create the engine began but never recorded (the engine or provider was killed) stays in the state
  as a pending operation whose inputs hold the nonce: `CloudProvider.recover_created` computes the same
  token and finds what that create made, which `dlc-stack` (and `dlc-stack recover`) imports or deletes.

Stacks created before nonces existed keep their stored `creation_token` outputs; their resources have
no nonce input, and nothing recomputes their tokens.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from collections.abc import Mapping
from typing import Any

__all__ = ["NONCE_FIELD", "TAKEOVERS", "Takeovers", "creation_token", "kept_nonce", "new_nonce"]

#: The input that holds an incarnation's nonce (drawn by `check`, kept by every later check).
NONCE_FIELD = "creation_nonce"


def new_nonce() -> str:
    """A fresh nonce for a new incarnation (64 random bits, hex)."""
    return secrets.token_hex(8)


def creation_token(identity: str, inputs: Mapping[str, Any], nonce: str | None) -> str:
    """The ClientToken (<= 64 ASCII) of one incarnation's create: same identity, inputs and nonce, same token."""
    payload = {"identity": identity, "inputs": inputs, "nonce": nonce}
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return "dlc" + digest[:37]


def kept_nonce(olds: Mapping[str, Any], news: Mapping[str, Any]) -> str | None:
    """The nonce `check` gives a resource: the one it was written with, the old inputs' one, or a new one
    when there are no old inputs (a create). Old inputs without a nonce (stacks made before nonces) stay
    without one, so they show no diff."""
    given = news.get(NONCE_FIELD)
    if isinstance(given, str) and given:
        return given
    if olds:
        old = olds.get(NONCE_FIELD)
        return old if isinstance(old, str) and old else None
    return new_nonce()


class Takeovers:
    """IDs that a create in this process did not make but took over (a natural-key match or `adopt_id`)."""

    def __init__(self) -> None:
        self._ids: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def record(self, kind: str, resource_id: str) -> None:
        with self._lock:
            self._ids.add((kind, resource_id))

    def __contains__(self, key: tuple[str, str]) -> bool:
        with self._lock:
            return key in self._ids

    def clear(self) -> None:
        with self._lock:
            self._ids.clear()


#: One per provider process, i.e. per engine operation (`pulumi up` starts a fresh provider process).
TAKEOVERS = Takeovers()
