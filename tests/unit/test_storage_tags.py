"""In-place tag changes of `NasFileSystem` and `CpfsFileSystem` through the provider's update path (diff, then
update: UntagResources for removed keys, TagResources for new and changed ones) against the fake NAS, checked
against the tags the fake stores — the provider's reserved token tag stays through every change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dlc_provider.resources.storage import CpfsFileSystemProvider, NasFileSystemProvider
from dlc_provider.specs.common import TOKEN_TAG

from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)
from ._storage_cases import ZONE_A, _network


def _nas_inputs(env: Env) -> dict[str, Any]:
    return {"storage_type": "Capacity", "zone_id": ZONE_A}


def _cpfs_inputs(env: Env) -> dict[str, Any]:
    ctx = _network(env, {})
    return {"storage_type": "advance_100", "zone_id": ZONE_A, "capacity": 3600, "vpc_id": ctx["vpc"],
            "vswitch_id": ctx["vsw_a"]}


KINDS = [
    pytest.param(NasFileSystemProvider, _nas_inputs, id="nas"),
    pytest.param(CpfsFileSystemProvider, _cpfs_inputs, id="cpfs"),
]


def stored_tags(env: Env, file_system_id: str) -> dict[str, str]:
    """The tags the fake holds for the file system (the provider's token tag included)."""
    file_system = env.cloud.backend("nas").get("file_systems", file_system_id)
    return {t["Key"]: t["Value"] for t in file_system.tags}


def _update(
    env: Env, provider: Any, resource_id: str, olds: dict[str, Any], checked: dict[str, Any], tags: dict[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Diff and update like the engine: (the new outputs, the checked inputs)."""
    news = env.checked(provider, {**checked, "tags": tags}, olds=checked)
    diff = provider.diff(resource_id, olds, news)
    assert diff.changes is True and diff.replaces == []
    outs = provider.update(resource_id, olds, news).outs
    assert provider.diff(resource_id, outs, news).changes is False
    return outs, news


@pytest.mark.parametrize(("provider_class", "inputs"), KINDS)
def test_tags_are_added_changed_and_removed_in_place(
    env: Env, provider_class: type, inputs: Callable[[Env], dict[str, Any]]
) -> None:
    provider, created, checked = env.create(provider_class, "subject", **inputs(env), tags={"team": "ml",
                                                                                           "env": "dev"})
    token = created.outs["creation_token"]
    assert stored_tags(env, created.id) == {"team": "ml", "env": "dev", TOKEN_TAG: token}

    # Add one, change one, remove one in a single update.
    updated, news = _update(env, provider, created.id, created.outs, checked,
                            {"team": "research", "owner": "data-platform"})
    assert updated["tags"] == {"owner": "data-platform", "team": "research"}
    assert stored_tags(env, created.id) == {"team": "research", "owner": "data-platform", TOKEN_TAG: token}
    assert [c.params.get("TagKey.1") for c in env.calls("UntagResources")] == ["env"]
    (sent,) = env.calls("TagResources")
    assert sent.params["ResourceType"] == "filesystem" and sent.params["ResourceId.1"] == created.id
    assert provider.read(created.id, updated).outs["tags"] == updated["tags"]

    # Only an addition: no UntagResources.
    untags = len(env.calls("UntagResources"))
    again, news = _update(env, provider, created.id, updated, news, {"team": "research", "owner": "data-platform", "x": "1"})
    assert len(env.calls("UntagResources")) == untags
    assert stored_tags(env, created.id) == {"team": "research", "owner": "data-platform", "x": "1", TOKEN_TAG: token}

    # {} removes every user tag, and only those: the token tag stays (a re-run still finds the resource).
    tags_calls = len(env.calls("TagResources"))
    cleared, _ = _update(env, provider, created.id, again, news, {})
    assert cleared["tags"] == {}
    assert len(env.calls("TagResources")) == tags_calls
    assert stored_tags(env, created.id) == {TOKEN_TAG: token}
    assert provider.find_existing(env.session(), provider._spec(news), token) == created.id


@pytest.mark.parametrize(("provider_class", "inputs"), KINDS)
def test_unset_tags_are_left_alone_and_the_19_tag_maximum_fits(
    env: Env, provider_class: type, inputs: Callable[[Env], dict[str, Any]]
) -> None:
    provider, created, checked = env.create(provider_class, "subject", **inputs(env))
    token = created.outs["creation_token"]
    assert stored_tags(env, created.id) == {TOKEN_TAG: token}

    # 19 user tags + the token tag = the API's 20 per file system.
    many = {f"k{i:02d}": str(i) for i in range(19)}
    full, news = _update(env, provider, created.id, created.outs, checked, many)
    assert stored_tags(env, created.id) == {**many, TOKEN_TAG: token}

    # Swapping a key at the limit works because the provider removes before it adds.
    swapped = {**{k: v for k, v in many.items() if k != "k00"}, "new": "v"}
    _update(env, provider, created.id, full, news, swapped)
    assert stored_tags(env, created.id) == {**swapped, TOKEN_TAG: token}

    # Tags not given (None) are not managed: a description change sends no tag call.
    tag_calls = len(env.calls("TagResources")) + len(env.calls("UntagResources"))
    unmanaged = env.checked(provider, {**checked, "tags": None, "description": "no tags managed"}, olds=checked)
    provider.update(created.id, {**full, "tags": swapped}, unmanaged)
    assert len(env.calls("TagResources")) + len(env.calls("UntagResources")) == tag_calls
    assert stored_tags(env, created.id) == {**swapped, TOKEN_TAG: token}
