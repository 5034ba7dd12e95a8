"""The same stack, scripted: every resource created one after another, then deleted one after another.

This is what a careful hand-written SDK script does: create a resource, poll its status every 0.2 s until
it is ready, go on to the next; at the end delete in reverse order, each until gone. The calls go through
our client layer (`dlc_provider.clients`, the Alibaba SDK underneath) by way of each resource's provider, so
the same requests are sent; only the order (one at a time) and the polling (a fixed 0.2 s) differ from
`pulumi up`. The resources and their inputs are those of a stack the engine made (`pulumi stack export
--show-secrets`), with the IDs and outputs of the new resources substituted for the old ones.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dlc_provider import resources
from dlc_provider.config import ProviderSettings
from dlc_provider.specs.secrets import _SECRET_SIG, _SIG_KEY

from .bound import kind_of

#: A fixed 0.2 s poll, with no life-cycle knowledge (typical durations scaled to 0).
PLAIN_POLLING = {"dlc:pollInterval": "0.2", "dlc:pollMaxInterval": "0.2", "dlc:pollNearInterval": "0.2",
                 "dlc:lifeCycleScale": "0"}


def _plain(value: Any) -> Any:
    """A state value with the engine's secret wrappers (as exported with --show-secrets) opened."""
    if isinstance(value, dict) and value.get(_SIG_KEY) == _SECRET_SIG:
        return json.loads(value["plaintext"]) if "plaintext" in value else _plain(value.get("value"))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _substitute(value: Any, renames: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        # Longest first: a mount domain holds its file system's ID, and must be replaced as a whole.
        for old, new in sorted(renames.items(), key=lambda item: -len(item[0])):
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {k: _substitute(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, renames) for v in value]
    return value


def _in_dependency_order(nodes: Mapping[str, Mapping[str, Any]]) -> list[str]:
    done: list[str] = []

    def visit(urn: str) -> None:
        if urn in done:
            return
        for need in nodes[urn].get("dependencies") or []:
            if need in nodes:
                visit(need)
        done.append(urn)

    for urn in nodes:
        visit(urn)
    return done


Made = list[tuple[Any, str, dict[str, Any]]]


def script_settings(config: Mapping[str, Any]) -> ProviderSettings:
    return ProviderSettings.from_sources({**config, **PLAIN_POLLING}, env={})


def create_all(exported: list[Mapping[str, Any]], settings: ProviderSettings) -> Made:
    """Create the exported stack's resources one by one, in dependency order; what was made."""
    nodes = {r["urn"]: r for r in exported if r.get("custom") and not r["type"].startswith("pulumi:providers:")}
    renames: dict[str, str] = {}
    made: Made = []
    for urn in _in_dependency_order(nodes):
        old = nodes[urn]
        provider = getattr(resources, kind_of(old["type"])).PROVIDER().use_settings(settings)
        inputs = {k: v for k, v in _plain(old.get("inputs") or {}).items() if k != "__provider"}
        result = provider.create(_substitute(inputs, renames))
        renames[str(old["id"])] = str(result.id)
        for key, value in _plain(old.get("outputs") or {}).items():
            new = (result.outs or {}).get(key)
            if isinstance(value, str) and isinstance(new, str) and len(value) >= 6 and value != new:
                renames[value] = new
        made.append((provider, str(result.id), dict(result.outs or {})))
    return made


def delete_all(made: Made) -> None:
    """Delete what `create_all` made, one by one, in reverse order."""
    for provider, resource_id, outputs in reversed(made):
        provider.delete(resource_id, outputs)
