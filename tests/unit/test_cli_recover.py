"""Crash recovery's state surgery (`dlc_provider.cli.recover`) and stale locks (`dlc_provider.cli.locks`).

The deployments here have the shape `pulumi stack export --show-secrets` gives (checked against a real
one left by a SIGKILLed engine); the lookups are a provider defined here, pickled the way `pulumi.dynamic`
stores it, and the real `VpcProvider` against the in-process fake.
"""

from __future__ import annotations

import json
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from pulumi.dynamic.dynamic import serialize_provider

from dlc_provider.cli.locks import LockHolder, concurrent_message, remove_stale, stack_locks
from dlc_provider.cli.recover import (
    CannotLookUp,
    Reconciled,
    from_state,
    ordered,
    provider_lookup,
    reconcile,
    to_state,
)
from dlc_provider.config import ProviderSettings
from dlc_provider.resources import VpcProvider

from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)

SIG, SECRET = "4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"
PREFIX = "urn:pulumi:dev::proj::"
STACK = f"{PREFIX}pulumi:pulumi:Stack::proj-dev"
PROVIDER = f"{PREFIX}pulumi:providers:pulumi-python::default"
COMPONENT = f"{PREFIX}dlc:components:TrainingStack::training"


def secret(value: Any) -> dict[str, Any]:
    """A secret as `stack export --show-secrets` writes it."""
    return {SIG: SECRET, "plaintext": json.dumps(value)}


def urn(name: str, kind: str = "Vpc") -> str:
    return f"{PREFIX}dlc:components:TrainingStack$pulumi-python:dynamic/dlc:{kind}::{name}"


def resource(name: str, kind: str = "Vpc", *, deps: tuple[str, ...] = (), rid: str | None = None,
             provider: str = "pickled") -> dict[str, Any]:
    entry: dict[str, Any] = {
        "urn": urn(name, kind), "custom": True, "type": f"pulumi-python:dynamic/dlc:{kind}",
        "inputs": {"__provider": secret(provider), "name": name, "password": secret("hunter2")},
        "parent": COMPONENT, "provider": f"{PROVIDER}::04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        "dependencies": list(deps), "propertyDependencies": {"vpc_id": list(deps)},
    }
    if rid is not None:
        entry["id"] = rid
        entry["outputs"] = {**entry["inputs"], "status": "Available"}
    return entry


def base_resources() -> list[dict[str, Any]]:
    return [
        {"urn": STACK, "custom": False, "type": "pulumi:pulumi:Stack"},
        {"urn": PROVIDER, "custom": True, "id": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
         "type": "pulumi:providers:pulumi-python", "parent": STACK},
        {"urn": COMPONENT, "custom": False, "type": "dlc:components:TrainingStack", "parent": STACK},
        resource("vpc", rid="vpc-1"),
    ]


def deployment(*pending: tuple[str, dict[str, Any]], resources: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "manifest": {"version": "v3.274.0"},
        "secrets_providers": {"type": "passphrase", "state": {"salt": "v1:x"}},
        "resources": base_resources() if resources is None else resources,
        "pending_operations": [{"resource": r, "type": kind} for kind, r in pending],
    }


def assert_valid_order(resources: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for r in resources:
        refs = {r.get("parent"), *(r.get("dependencies") or [])} - {None}
        if r.get("provider"):
            refs.add(r["provider"].rsplit("::", 1)[0])
        assert refs <= seen, (r["urn"], refs - seen)
        seen.add(r["urn"])


def test_a_pending_create_that_made_its_resource_is_imported() -> None:
    pending = resource("vsw", "VSwitch", deps=(urn("vpc"),))
    calls: list[dict[str, Any]] = []

    def lookup(r: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        calls.append(r)
        return "vsw-9", {"name": "vsw", "vpc_id": "vpc-1", "status": "Available", "zone": None,
                         "token": {SIG: SECRET, "value": "tok"}}

    result, report = reconcile(deployment(("creating", pending)), lookup)

    assert calls == [pending]
    assert "pending_operations" not in result
    entry = result["resources"][-1]
    assert entry["urn"] == urn("vsw", "VSwitch") and entry["id"] == "vsw-9" and entry["custom"] is True
    assert entry["inputs"] == pending["inputs"] and entry["dependencies"] == [urn("vpc")]
    outputs = entry["outputs"]
    assert outputs["__provider"] == pending["inputs"]["__provider"]
    assert outputs["status"] == "Available" and "zone" not in outputs
    # A secret output stays secret; so does an output whose input was secret.
    assert outputs["token"] == secret("tok")
    assert result["resources"][:4] == base_resources()
    assert_valid_order(result["resources"])
    assert report == [Reconciled(urn("vsw", "VSwitch"), "pulumi-python:dynamic/dlc:VSwitch", "creating",
                                 "imported", "vsw-9", "its create had made it; the stack now manages it")]
    assert "VSwitch vsw vsw-9" in report[0].line() and "imported" in report[0].line()


def test_an_output_whose_input_was_secret_is_stored_secret() -> None:
    pending = resource("db")
    result, _ = reconcile(deployment(("creating", pending)), lambda r: ("db-1", {"password": "hunter2"}))
    assert result["resources"][-1]["outputs"]["password"] == secret("hunter2")


def test_a_pending_create_that_made_nothing_is_dropped() -> None:
    result, report = reconcile(deployment(("creating", resource("vsw", "VSwitch", deps=(urn("vpc"),)))),
                               lambda r: None)
    assert result["resources"] == base_resources()
    assert "pending_operations" not in result
    assert [(item.action, item.resource_id) for item in report] == [("dropped", None)]
    assert "made nothing" in report[0].detail


@pytest.mark.parametrize("kind", ["updating", "deleting"])
def test_pending_updates_and_deletes_are_dropped_and_the_resource_stays(kind: str) -> None:
    looked_up: list[Any] = []
    result, report = reconcile(deployment((kind, resource("vpc", rid="vpc-1"))), looked_up.append)
    assert looked_up == []  # nothing to find: the resource is in the list already
    assert result["resources"] == base_resources()
    assert "pending_operations" not in result
    assert [(item.operation, item.action, item.resource_id) for item in report] == [(kind, "dropped", "vpc-1")]


def test_a_failed_lookup_keeps_its_operation_pending_and_the_others_are_settled() -> None:
    first, second = resource("a"), resource("b")

    def lookup(r: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        if r is first:
            raise RuntimeError("InternalError: the cloud did not answer")
        return "vpc-b", {}

    result, report = reconcile(deployment(("creating", first), ("creating", second), ("deleting", resource("vpc"))),
                               lookup)
    assert result["pending_operations"] == [{"resource": first, "type": "creating"}]
    assert [(i.name, i.action) for i in report] == [("a", "kept"), ("b", "imported"), ("vpc", "dropped")]
    assert "the cloud did not answer" in report[0].detail


def test_a_resource_no_provider_can_look_up_is_dropped_with_a_hint() -> None:
    def lookup(r: dict[str, Any]) -> None:
        raise CannotLookUp("not a dynamic resource")

    result, report = reconcile(deployment(("creating", resource("x"))), lookup)
    assert "pending_operations" not in result and report[0].action == "dropped"
    assert "check the cloud for it yourself" in report[0].detail


def test_a_create_before_delete_replacement_marks_the_old_resource_for_deletion() -> None:
    replacement = resource("vpc")  # same URN as the live vpc-1
    result, _ = reconcile(deployment(("creating", replacement)), lambda r: ("vpc-2", {}))
    same = [r for r in result["resources"] if r["urn"] == urn("vpc")]
    assert [(r["id"], r.get("delete", False)) for r in same] == [("vpc-1", True), ("vpc-2", False)]


def test_ordered_puts_every_resource_after_what_it_refers_to_and_keeps_the_rest_in_place() -> None:
    rng = random.Random(17)
    resources = [*base_resources(), resource("vsw", "VSwitch", deps=(urn("vpc"),), rid="vsw-1"),
                 resource("nat", "NatGateway", deps=(urn("vpc"), urn("vsw", "VSwitch")), rid="ngw-1")]
    for _ in range(20):
        shuffled = resources[:]
        rng.shuffle(shuffled)
        assert_valid_order(ordered(shuffled))
    assert ordered(resources) == resources
    # A reference to a URN that is not in the list does not hold anything back.
    lone = resource("lone", deps=(urn("gone"),), rid="vpc-9")
    assert ordered([*resources, lone])[-1] == lone


def test_an_imported_resource_lands_after_its_dependencies_even_if_they_were_listed_late() -> None:
    vpc = base_resources()[-1]
    resources = base_resources()[:-1]
    pending = resource("vsw", "VSwitch", deps=(urn("vpc"),))
    result, _ = reconcile(deployment(("creating", pending), resources=resources + [vpc]), lambda r: ("vsw-1", {}))
    assert_valid_order(result["resources"])


def test_state_values_round_trip_to_the_provider_form() -> None:
    stored = {"a": secret({"k": [1, "x"]}), "b": [secret("s")], "c": 3}
    provider_form = from_state(stored)
    assert provider_form == {"a": {SIG: SECRET, "value": {"k": [1, "x"]}}, "b": [{SIG: SECRET, "value": "s"}], "c": 3}
    assert to_state(provider_form) == stored
    with pytest.raises(ValueError, match="show-secrets"):
        from_state({"a": {SIG: SECRET, "ciphertext": "v1:..."}})


# --- the real lookup: a pickled provider ------------------------------------------------------------------


class RecordingProvider:
    """A provider that made `made` (token -> id), as `recover_created` sees it."""

    def __init__(self, made: dict[str, str]) -> None:
        self.made = made

    def use_settings(self, settings: ProviderSettings) -> RecordingProvider:
        self.region = settings.region
        return self

    def recover_created(self, props: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        assert props["password"] == {SIG: SECRET, "value": "hunter2"}  # wrapped, as create gets it
        rid = self.made.get(props["name"])
        return None if rid is None else (rid, {"name": props["name"], "region": self.region})


class OldProvider:
    """A provider from before `recover_created` existed."""


def _pickled(provider: Any) -> str:
    return serialize_provider(provider)


def test_provider_lookup_unpickles_configures_and_asks_the_provider() -> None:
    settings = ProviderSettings(region="cn-shanghai")
    lookup = provider_lookup(settings)
    made = RecordingProvider({"vsw": "vsw-7"})
    assert lookup(resource("vsw", provider=_pickled(made))) == ("vsw-7", {"name": "vsw", "region": "cn-shanghai"})
    assert lookup(resource("other", provider=_pickled(made))) is None
    with pytest.raises(CannotLookUp, match="OldProvider"):
        lookup(resource("x", provider=_pickled(OldProvider())))
    plain = resource("y")
    plain["inputs"].pop("__provider")
    with pytest.raises(CannotLookUp, match="not a dynamic resource"):
        lookup(plain)


def test_provider_lookup_with_the_real_vpc_provider_imports_what_its_create_made(env: Env) -> None:
    provider = env.provider(VpcProvider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("net"), "cidr_block": "10.0.0.0/16"})
    spec = provider._spec(inputs)
    made = provider.send_create(env.session(), spec, provider.token_of(inputs, spec))
    stored = to_state({**inputs, "__provider": {SIG: SECRET, "value": serialize_provider(VpcProvider())}})
    pending = {**resource("net"), "inputs": stored}
    never_sent = {**resource("other"), "inputs": {**stored, "creation_nonce": "0123"}}

    result, report = reconcile(deployment(("creating", pending), ("creating", never_sent)),
                               provider_lookup(env.settings))

    assert [(i.name, i.action, i.resource_id) for i in report] == [("net", "imported", made), ("other", "dropped", None)]
    entry = result["resources"][-1]
    assert entry["id"] == made and entry["outputs"]["cidr_block"] == "10.0.0.0/16"
    assert entry["outputs"]["creation_token"] == provider.token_of(inputs, spec)
    assert len(env.calls("CreateVpc")) == 1  # recovery made nothing


# --- stale locks ----------------------------------------------------------------------------------------


def _lock(folder: Path, name: str, pid: int, host: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"pid": pid, "username": "root", "hostname": host or socket.gethostname(),
                                "timestamp": "2026-01-02T03:04:05.123Z"}))
    (folder / f"{name}.json.attrs").write_text("{}")
    return path


def test_only_locks_of_engines_that_are_gone_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / ".pulumi" / "locks" / "organization" / "proj" / "dev"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    # A live engine: a real process whose name is `pulumi`.
    fake_pulumi = tmp_path / "pulumi"
    shutil.copy(shutil.which("sleep") or "/bin/sleep", fake_pulumi)
    live = subprocess.Popen([str(fake_pulumi), "60"])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{live.pid}/comm").read_text().strip() != "pulumi":  # until the exec is visible
        assert time.monotonic() < deadline
        time.sleep(0.01)
    try:
        _lock(folder, "a-dead", int(dead.stdout))
        _lock(folder, "b-live", live.pid)
        _lock(folder, "c-other-host", 1, host="elsewhere")
        _lock(tmp_path / ".pulumi" / "locks" / "organization" / "other-project" / "dev", "d", int(dead.stdout))
        holders = stack_locks(tmp_path, "proj", "dev")
        assert [h.path.stem for h in holders] == ["a-dead", "b-live", "c-other-host"]

        removed, left = remove_stale(holders)

        assert [h.path.stem for h in removed] == ["a-dead"]
        assert [h.path.stem for h in left] == ["b-live", "c-other-host"]
        assert sorted(p.name for p in folder.iterdir()) == ["b-live.json", "b-live.json.attrs",
                                                            "c-other-host.json", "c-other-host.json.attrs"]
    finally:
        live.kill()
        live.wait()


def test_the_concurrent_message_says_wait_and_never_cancel() -> None:
    holder = LockHolder(Path("x.json"), 4242, "ana", "vm", "2026-01-02T03:04:05.123Z")
    text = concurrent_message("dev", [holder])
    assert "another operation is running on stack dev" in text and "pulumi pid 4242 of ana on vm" in text
    assert "wait for it to finish" in text and "cancel" not in text and "\n" not in text


def test_checkpoint_metadata_a_killed_engine_left_empty_is_removed_unless_the_stack_is_held(tmp_path: Path) -> None:
    from dlc_provider.cli.reconcile import repair_files

    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: proj\nruntime: python\n")
    stacks = tmp_path / "state" / ".pulumi" / "stacks" / "proj"
    stacks.mkdir(parents=True)
    (stacks / "dev.json").write_text("{}")
    (stacks / "dev.json.attrs").write_text("")  # the engine was killed writing it
    (stacks / "dev.json.bak.attrs").write_text('{"md5": "x"}')
    (stacks / "other.json.attrs").write_text("")
    env = {"PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}"}
    said: list[str] = []

    fake_pulumi = tmp_path / "pulumi"
    shutil.copy(shutil.which("sleep") or "/bin/sleep", fake_pulumi)
    live = subprocess.Popen([str(fake_pulumi), "60"])
    try:
        deadline = time.monotonic() + 10
        while Path(f"/proc/{live.pid}/comm").read_text().strip() != "pulumi":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        lock = _lock(tmp_path / "state" / ".pulumi" / "locks" / "organization" / "proj" / "dev", "held", live.pid)
        repair_files(env, project, "dev", said.append)
        assert (stacks / "dev.json.attrs").exists() and said == []  # a live engine may be writing it
    finally:
        live.kill()
        live.wait()
    lock.unlink()

    repair_files(env, project, "dev", said.append)

    assert sorted(p.name for p in stacks.iterdir()) == ["dev.json", "dev.json.bak.attrs", "other.json.attrs"]
    assert len(said) == 1 and "dev.json.attrs" in said[0]
