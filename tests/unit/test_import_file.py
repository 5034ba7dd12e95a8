"""Import-file entries (`pulumi import --file`, which skips `read`) for existing resources."""

from __future__ import annotations

import base64
import json

import pytest

from dlc_provider.errors import DlcError
from dlc_provider.resources import VpcProvider
from dlc_provider.resources.importing import RESOURCE_CLASSES, import_entry, main

from ._cases import CASES, Case
from ._cloud import Env, cloud, env, isolated  # noqa: F401  (fixtures)

HINTS = {"snat_entry": ("snat_table_id",), "security_group_rule": ("security_group_id", "direction")}
CLASS_NAMES = {"vpc": "Vpc", "vswitch": "VSwitch", "security_group": "SecurityGroup",
               "security_group_rule": "SecurityGroupRule", "nat_gateway": "NatGateway", "eip": "Eip",
               "eip_association": "EipAssociation", "snat_entry": "SnatEntry"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_an_entry_carries_inputs_outputs_and_the_provider_and_previews_clean(env: Env, case: Case) -> None:
    ctx = case.setup(env)
    existing, described = case.out_of_band(env, ctx)
    hint = {key: described[key] for key in HINTS.get(case.name, ())}

    entry = import_entry(CLASS_NAMES[case.name], "legacy", existing, settings=env.settings, project="p", stack="s",
                         hint=hint)

    assert entry["type"] == f"pulumi-python:dynamic/dlc:{CLASS_NAMES[case.name]}" and entry["id"] == existing
    assert b"dlc_provider.resources" in base64.b64decode(entry["inputs"]["__provider"])
    assert entry["outputs"]["status"] in case.provider.READY
    # What the engine does with it next: check the program's inputs, diff them against these outputs.
    provider = env.provider(case.provider)
    program = env.checked(provider, {"dlc_identity": "p/s/x/legacy", **described}, olds=entry["inputs"])
    assert provider.diff(existing, entry["outputs"], program).changes is False
    # The engine checks the imported inputs too: they must pass validation.
    assert provider.check({}, {k: v for k, v in entry["inputs"].items() if k != "__provider"}).failures == []
    json.dumps(entry)  # an import file is JSON


def test_the_class_list_covers_every_resource() -> None:
    assert {provider for _, provider in RESOURCE_CLASSES.values()} == {case.provider for case in CASES}


def test_an_unknown_id_is_an_error(env: Env) -> None:
    with pytest.raises(DlcError, match="no VPC vpc-nothere"):
        import_entry("Vpc", "x", "vpc-nothere", settings=env.settings, project="p", stack="s")
    assert VpcProvider.KIND == "VPC"


def test_the_command_line_writes_an_import_file(env: Env, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    existing, _ = next(c for c in CASES if c.name == "vpc").out_of_band(env, {})
    monkeypatch.setattr("dlc_provider.resources.importing.ProviderSettings.from_sources", lambda: env.settings)

    assert main(["Vpc", "legacy", existing, "--project", "p", "--stack", "s"]) == 0

    written = json.loads(capsys.readouterr().out)
    assert written["resources"][0]["id"] == existing
    assert main(["Vpc", "legacy", "vpc-nothere", "--project", "p", "--stack", "s"]) == 1
