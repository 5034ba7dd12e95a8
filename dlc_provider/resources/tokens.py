"""Idempotent creates: the creation token of a resource, and the resources a create took over.

Why a token, and why this one
-----------------------------
The engine records nothing when `create` raises or the provider process dies, so a create that reached
the cloud but not the state would make a second resource on the next run. Every create therefore sends
a deterministic `ClientToken` (and tags the resource with it where the API has tags):

    token = "dlc" + sha256(kind, dlc_identity, the validated cloud-facing inputs, attempt)[:37]

* `dlc_identity` is the resource's place in the stack (project, stack, type, name, the parent's type
  and name, and the `replacement_trigger` value if any), filled in by the resource class: a dynamic
  provider's `create` is not told the URN, and `check` cannot help either (the engine re-checks with
  no old inputs before every replacement). It keeps two resources with equal inputs apart.
* A re-run after a crash computes the same token. Before creating, the provider looks for a live
  resource carrying it (the `dlc-provider:token` tag, or the natural key of untaggable resources: a
  rule's content, a SNAT entry's source, an EIP's binding) and takes it over; the API's own ClientToken
  replay covers a retried call whose answer was lost. No second resource is made.
* A replacement changes the inputs (that is why it replaces), or the trigger, so it gets a new token.
* A re-create after a delete has the same inputs, so the token replays a resource that is gone: the
  create sees the ID vanish (or a deleting status) and moves on to `attempt + 1`, a fresh token.

One case stays ambiguous to a provider: `pulumi up --replace` with unchanged inputs finds the live,
old resource under the same token, exactly like a crash re-run would. The create then takes it over
(nothing new is made) and `TAKEOVERS` makes the delete of that same ID later in the same run a no-op,
so the resource survives and the state stays right; the log says so. The same guard keeps a resource
alive when one program resource hands it to another through `adopt_id` in a single run.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from ..specs.common import InputSpec

__all__ = ["MAX_ATTEMPTS", "TAKEOVERS", "Takeovers", "creation_token"]

#: How many fresh tokens a create tries when earlier ones replay deleted resources.
MAX_ATTEMPTS = 8


def creation_token(kind: str, spec: InputSpec, attempt: int = 0) -> str:
    """The ClientToken (<= 64 ASCII) of a create: same resource and inputs, same token."""
    payload: dict[str, Any] = {
        "kind": kind,
        "identity": spec.dlc_identity,
        "inputs": spec.managed_values(),
        "attempt": attempt,
    }
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return "dlc" + digest[:37]


class Takeovers:
    """IDs that a create in this process did not make but took over (token match or `adopt_id`)."""

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
