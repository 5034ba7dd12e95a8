"""A job made before inputs were added to DlcJob keeps diffing to no change: its state lacks the new inputs
(absent, or its roles without the new role fields) where the new spec has them empty, and "empty" and
"absent" both mean unset. A real change still replaces the job."""

from __future__ import annotations

import json
from typing import Any

from dlc_provider.resources.dlc_job import DlcJobProvider
from dlc_provider.resources.engine_values import without_empty

from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)
from .test_dlc_job_resource import job

# The roles of a job in a state written before this round: every role key, the unused ones null, the
# worker without the role fields added since (restart_policy, system_disk, ...).
OLD_ROLES = {"chief": None, "evaluator": None, "graph_learn": None, "head": None, "launcher": None, "master": None,
             "ps": None, "ray_workers": {}, "worker": {"bid": None, "count": 2, "cpu": None, "gpu": None,
                                                      "gpu_type": None, "image": None, "memory": None,
                                                      "node_names": [], "shared_memory": None,
                                                      "spec": "ecs.gn6i-c4g1.xlarge"}}


def as_older_state(outs: dict[str, Any]) -> dict[str, Any]:
    """The outputs as an older provider stored them: empty inputs left out, the roles in the old form."""
    older = {k: v for k, v in outs.items() if without_empty(v) is not None or isinstance(v, bool)}
    older["roles"] = json.loads(json.dumps(OLD_ROLES))
    return older


def test_a_state_without_the_new_inputs_diffs_to_no_change(env: Env) -> None:
    provider, created, checked = env.create(DlcJobProvider, "job", **job())
    older = as_older_state(created.outs)
    assert "custom_envs" not in older and "settings" not in older  # what the test is about
    diff = provider.diff(created.id, older, checked)
    assert diff.changes is False, diff.replaces


def test_a_real_change_to_an_old_state_still_replaces(env: Env) -> None:
    provider, created, checked = env.create(DlcJobProvider, "job", **job())
    older = as_older_state(created.outs)
    more = {**checked, "roles": {"worker": {"count": 3, "spec": "ecs.gn6i-c4g1.xlarge"}}}
    assert provider.diff(created.id, older, more).replaces == ["roles"]
    envs = {**checked, "custom_envs": [{"key": "A", "value": "1", "visible": False}]}
    assert provider.diff(created.id, older, envs).replaces == ["custom_envs"]


def test_without_empty() -> None:
    assert without_empty({"a": [], "b": {}, "c": None, "d": {"e": []}, "f": 0, "g": False, "h": [{}]}) == {
        "f": 0, "g": False, "h": [{}]}
    assert without_empty([]) is None and without_empty({}) is None and without_empty(None) is None
    assert without_empty(2.0) == 2
