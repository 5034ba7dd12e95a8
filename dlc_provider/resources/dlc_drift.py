"""Drift of a `DlcJob`: every modelled input GetJob reports, compared between the state (or the program)
and the job in the cloud, by input path (`roles.worker.restart_policy`).

Both sides go through the same normalisation, so equivalent inputs compare equal: each is made a CreateJob
body (the state's through `to_create_job_request`, the cloud's from the GetJob reply), cut to the keys
GetJob returns (`GETJOB_KEYS`; it does not return JobMaxRunningTimeMinutes, SuccessPolicy, Options, the
template, the debugger configuration, nor the data sources' and code source's details), and read back with
`from_create_job_request`. Secret values (custom environment variables, registry credentials, the Ray Redis
password) are compared as fingerprints, never in plain text; a value GetJob hides (an invisible custom
variable) counts as unchanged. An input the state leaves unset is not managed, so it never drifts.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import SecretStr

from ..specs.dlc.common import user_path
from ..specs.dlc import DlcJobSpec, from_create_job_request, to_create_job_request

__all__ = ["GETJOB_KEYS", "cloud_request", "drift", "plain_dump", "state_request"]

#: Top-level CreateJob keys whose values GetJob returns in full.
GETJOB_KEYS = (
    "DisplayName", "Description", "JobType", "UserCommand", "WorkspaceId", "ResourceId", "Envs", "CustomEnvs",
    "JobSpecs", "UserVpc", "Settings", "CredentialConfig", "ElasticSpec", "ThirdpartyLibs", "ThirdpartyLibDir",
    "Accessibility", "SchedulingStrategy",
)  # fmt: skip
#: How GetJob shows a value it hides.
HIDDEN = "******"
Loc = tuple[str | int, ...]


def _secret_places(body: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(holder, key) of every secret value in a CreateJob-shaped body."""
    places = [(env, "Value") for env in body.get("CustomEnvs") or [] if isinstance(env, dict)]
    for spec in body.get("JobSpecs") or []:
        config = spec.get("ImageConfig") if isinstance(spec, dict) else None
        if isinstance(config, dict):
            places += [(config, "Password"), (config, "Auth")]
    advanced = (body.get("Settings") or {}).get("AdvancedSettings")
    if isinstance(advanced, dict):
        places.append((advanced, "RayRedisPassword"))
    return [(holder, key) for holder, key in places if holder.get(key) not in (None, "")]


def _hidden(value: Any) -> bool:
    return isinstance(value, str) and len(value) >= 3 and set(value) == {"*"}


def cloud_request(job: Mapping[str, Any], *, known: Mapping[str, Any] | None = None,
                  fingerprint: Callable[[str], str] | None = None) -> dict[str, Any]:
    """A GetJob reply as the CreateJob body it stands for (`GETJOB_KEYS` only). A hidden secret takes its
    value from `known` (a body of the same job) where that has one; with `fingerprint`, every secret value
    is replaced by its fingerprint."""
    body = {key: copy.deepcopy(job[key]) for key in GETJOB_KEYS if job.get(key) not in (None, "", [], {})}
    vpc = body.get("UserVpc")
    if isinstance(vpc, dict) and "ExtendedCidrs" in vpc:  # GetJob's spelling of the request's ExtendedCIDRs
        vpc["ExtendedCIDRs"] = vpc.pop("ExtendedCidrs")
    known_envs = {env.get("Key"): env.get("Value") for env in (known or {}).get("CustomEnvs") or []}
    for env in body.get("CustomEnvs") or []:
        if _hidden(env.get("Value")) and env.get("Key") in known_envs:
            env["Value"] = known_envs[env.get("Key")]
            env["__known"] = True
    for holder, key in _secret_places(body):
        if fingerprint is not None and not holder.pop("__known", False):
            holder[key] = fingerprint(str(holder[key]))
    for env in body.get("CustomEnvs") or []:
        env.pop("__known", None)
    return body


def state_request(spec: DlcJobSpec, *, fingerprint: Callable[[str], str] | None = None) -> dict[str, Any]:
    """The spec's CreateJob body cut to `GETJOB_KEYS` (secrets fingerprinted with `fingerprint`)."""
    full = to_create_job_request(spec, region=None, token="-").to_map()
    body = {key: full[key] for key in GETJOB_KEYS if full.get(key) not in (None, "", [], {})}
    if fingerprint is not None:
        for holder, key in _secret_places(body):
            holder[key] = fingerprint(str(holder[key]))
    return body


def _differences(mine: Any, theirs: Any, loc: Loc) -> list[tuple[Loc, Any, Any]]:
    if mine is None:
        return []  # unset: not managed
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return [found for key, value in mine.items() for found in _differences(value, theirs.get(key), (*loc, key))]
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        return [found for n, (a, b) in enumerate(zip(mine, theirs, strict=True)) for found in _differences(a, b, (*loc, n))]
    return [] if mine == theirs else [(loc, mine, theirs)]


def drift(mine: Mapping[str, Any], job: Mapping[str, Any], *, resource_type: str,
          fingerprint: Callable[[str], str], mine_fingerprinted: bool) -> tuple[list[tuple[str, Any, Any]], dict[str, Any]]:
    """(input path, ours, the cloud's) of every difference between a CreateJob body `mine` (a `state_request`)
    and the GetJob reply `job`, and the cloud's args (the inputs it stands for). Nothing if either side
    cannot be read back."""
    theirs_body = cloud_request(job, known=mine if mine_fingerprinted else None, fingerprint=fingerprint)
    try:
        ours = from_create_job_request(mine, resource_type=resource_type)
        theirs = from_create_job_request(theirs_body, resource_type=resource_type)
    except ValueError:
        return [], {}
    found = [(user_path(loc), a, b) for loc, a, b in _differences(ours, theirs, ())]
    return found, theirs


def plain_dump(spec: DlcJobSpec) -> dict[str, Any]:
    """The spec as JSON values with secret fields as the strings they hold (in a state: fingerprints)."""
    return json.loads(json.dumps(spec.model_dump(mode="python"), default=_plain))


def _plain(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot dump {type(value).__name__}")
