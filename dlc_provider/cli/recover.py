"""Crash recovery: reconcile the pending operations a killed engine left in a stack's state.

When the engine (or its provider process) dies in the middle of an update, the state keeps a *pending
operation* for every resource operation that was in flight. The engine never clears them by itself:
every later command warns about them, and a pending create whose resource the cloud did make is a leak
the stack does not know about. `reconcile` settles each one:

* `creating`: the pending entry carries the inputs the engine recorded, including `__provider` (the
  dill-pickled provider, as `pulumi.dynamic` stores it). The provider, configured with the stack's
  settings, looks the resource up by its creation token (`recover_created`). Found: the resource is
  imported into the state with that ID and outputs, so the next `up` keeps it and the next `down` deletes
  it. Not found: the create made nothing, and the entry is dropped.
* `updating`, `deleting` (and `reading`, `importing`): the resource is still in the state's resource list;
  the entry is dropped and the next up / refresh / destroy does the work again.

`reconcile` is pure (a deployment in, a deployment out) so the state surgery is tested without an engine;
`provider_lookup` is the real lookup; `dlc_provider.cli.reconcile` runs it on a stack.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from pulumi.runtime import rpc

__all__ = ["CannotLookUp", "Lookup", "Reconciled", "from_state", "ordered", "provider_lookup", "reconcile", "to_state"]

PROVIDER_KEY = "__provider"
_SIG = rpc._special_sig_key  # noqa: SLF001 (the SDK's wire constant; no public name exists)
_SECRET = rpc._special_secret_sig  # noqa: SLF001

#: The pending entry's resource (state form) -> (id, outputs in provider form), or None if nothing was made.
Lookup = Callable[[Mapping[str, Any]], "tuple[str, dict[str, Any]] | None"]


class CannotLookUp(RuntimeError):
    """The pending resource has no provider that can look up what its create made (not one of ours)."""


@dataclass(frozen=True)
class Reconciled:
    """What happened to one pending operation."""

    urn: str
    type: str
    operation: str
    action: str  # "imported", "dropped" or "kept" (the lookup failed; still pending)
    resource_id: str | None = None
    detail: str = ""

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]

    def line(self) -> str:
        kind = self.type.rsplit(":", 1)[-1]
        what = f"{kind} {self.name}" + (f" {self.resource_id}" if self.resource_id else "")
        return f"recover: {what} ({self.type}): {self.action}, pending {self.operation}" + (
            f": {self.detail}" if self.detail else "")


# --- values between the state's form and a provider's ---------------------------------------------------------


def from_state(value: Any) -> Any:
    """A state value (secrets exported as `{sig, plaintext}`) as the engine hands it to a provider (secrets
    as `{sig, value}` wrappers)."""
    if isinstance(value, dict):
        if value.get(_SIG) == _SECRET:
            if "plaintext" not in value:
                raise ValueError("a secret in the state is still encrypted (export with --show-secrets)")
            return {_SIG: _SECRET, "value": from_state(json.loads(value["plaintext"]))}
        return {k: from_state(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_state(v) for v in value]
    return value


def to_state(value: Any) -> Any:
    """A provider's value in the state's form: secrets as `{sig, plaintext}` (the import encrypts them),
    no None-valued keys (as the engine stores outputs)."""
    if isinstance(value, dict):
        if value.get(_SIG) == _SECRET:
            return {_SIG: _SECRET, "plaintext": json.dumps(_plain(value.get("value")))}
        return {k: to_state(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [to_state(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get(_SIG) == _SECRET:
            return _plain(value.get("value"))
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(_SIG) == _SECRET


def _outputs_entry(inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> dict[str, Any]:
    """The state's `outputs` for a found resource: the provider's outputs plus `__provider`; an output
    whose input was secret stays secret (the engine does the same on create)."""
    stored = to_state(dict(outputs))
    for key, value in list(stored.items()):
        if _is_secret(inputs.get(key)) and not _is_secret(value):
            stored[key] = {_SIG: _SECRET, "plaintext": json.dumps(value)}
    if PROVIDER_KEY in inputs:
        stored[PROVIDER_KEY] = inputs[PROVIDER_KEY]
    return stored


# --- the state surgery -----------------------------------------------------------------------------------


def _refs(resource: Mapping[str, Any]) -> set[str]:
    """URNs a resource refers to, which must come before it in the checkpoint."""
    refs: set[str] = set()
    if resource.get("parent"):
        refs.add(resource["parent"])
    provider = resource.get("provider")
    if provider:
        refs.add(provider.rsplit("::", 1)[0])  # "<urn>::<id>"
    refs.update(resource.get("dependencies") or [])
    for urns in (resource.get("propertyDependencies") or {}).values():
        refs.update(urns or [])
    if resource.get("deletedWith"):
        refs.add(resource["deletedWith"])
    return refs


def ordered(resources: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The resources in an order where each comes after everything it refers to, as close to the given
    order as possible (a stable topological sort). References to URNs not in the list are ignored."""
    pending = [dict(r) for r in resources]
    present = {r.get("urn") for r in pending}
    placed: set[str] = set()
    result: list[dict[str, Any]] = []
    while pending:
        for index, resource in enumerate(pending):
            if all(ref in placed or ref not in present or ref == resource.get("urn") for ref in _refs(resource)):
                result.append(pending.pop(index))
                placed.add(resource.get("urn"))
                break
        else:  # a cycle: cannot happen in a state the engine wrote; keep the rest as they are
            result.extend(pending)
            break
    return result


def _now() -> str:
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def _imported(resource: Mapping[str, Any], resource_id: str, outputs: Mapping[str, Any]) -> dict[str, Any]:
    entry = {k: v for k, v in resource.items() if k not in ("id", "outputs", "delete", "pendingReplacement")}
    entry["custom"] = True
    entry["id"] = resource_id
    entry["outputs"] = _outputs_entry(resource.get("inputs") or {}, outputs)
    entry.setdefault("created", _now())
    entry["modified"] = _now()
    return entry


def reconcile(deployment: Mapping[str, Any], lookup: Lookup) -> tuple[dict[str, Any], list[Reconciled]]:
    """The deployment with its pending operations settled (see the module docstring), and one `Reconciled`
    per pending operation. A lookup that raises keeps its operation pending (reported as `kept`), except
    `CannotLookUp`, which drops it."""
    resources = [dict(r) for r in deployment.get("resources") or []]
    kept: list[dict[str, Any]] = []
    report: list[Reconciled] = []
    for operation in deployment.get("pending_operations") or []:
        resource = operation.get("resource") or {}
        urn, type_, kind = resource.get("urn", "?"), resource.get("type", "?"), operation.get("type", "?")
        if kind != "creating":
            report.append(Reconciled(urn, type_, kind, "dropped", resource.get("id") or None,
                                     "the resource stays in the stack; the next up, refresh or destroy does it again"))
            continue
        try:
            found = lookup(resource)
        except CannotLookUp as reason:
            report.append(Reconciled(urn, type_, kind, "dropped", None, f"{reason}; check the cloud for it yourself"))
            continue
        except Exception as error:  # noqa: BLE001 (reported; the operation stays for the next attempt)
            kept.append(dict(operation))
            report.append(Reconciled(urn, type_, kind, "kept", None, f"the lookup failed: {error}"))
            continue
        if found is None:
            report.append(Reconciled(urn, type_, kind, "dropped", None, "its create made nothing in the cloud"))
            continue
        resource_id, outputs = found
        for old in resources:
            # A create-before-delete replacement: the old resource is now the one to delete.
            if old.get("urn") == urn and not old.get("delete"):
                old["delete"] = True
        resources.append(_imported(resource, resource_id, outputs))
        report.append(Reconciled(urn, type_, kind, "imported", resource_id,
                                 "its create had made it; the stack now manages it"))
    result = dict(deployment)
    result["resources"] = ordered(resources)
    result["pending_operations"] = kept
    if not kept:
        result.pop("pending_operations", None)
    return result, report


# --- the real lookup ------------------------------------------------------------------------------------------


def provider_lookup(settings: Any) -> Lookup:
    """A `Lookup` through the resource's own pickled provider, configured with `settings` (the stack's
    `ProviderSettings`)."""

    def lookup(resource: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
        inputs = from_state(dict(resource.get("inputs") or {}))
        serialized = inputs.get(PROVIDER_KEY)
        if _is_secret(serialized):
            serialized = serialized.get("value")
        if not isinstance(serialized, str):
            raise CannotLookUp("not a dynamic resource (no pickled provider in its inputs)")
        import dill

        provider = dill.loads(base64.b64decode(serialized))
        if not callable(getattr(provider, "recover_created", None)):
            raise CannotLookUp(f"its provider ({type(provider).__name__}) cannot look up what a create made")
        if callable(getattr(provider, "use_settings", None)):
            provider.use_settings(settings)
        found = provider.recover_created(inputs)
        if found is None:
            return None
        resource_id, outputs = found
        return str(resource_id), dict(outputs or {})

    return lookup
