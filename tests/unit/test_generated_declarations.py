"""The program-side classes (`XArgs`, `XArgsDict`, the typed outputs) are generated from the specs: the files
are up to date, and what they hold follows the spec (inputs, docs, replace-or-update, secrets, outputs)."""

from __future__ import annotations

import dataclasses
import inspect
from typing import ClassVar

from pydantic import Field, SecretStr

import dlc_provider.resources as resources
from dlc_provider.resources.generate import DECLARED, Declared, render, stale_files
from dlc_provider.specs.declare import Computed
from dlc_provider.specs.network import VpcSpec


def test_the_generated_files_are_up_to_date() -> None:
    stale = stale_files()
    assert stale == [], f"run `python -m dlc_provider.resources.generate`; stale: {[str(p) for p in stale]}"


def test_every_resource_class_is_declared_once_and_exported_under_its_old_names() -> None:
    assert len({d.resource for d in DECLARED}) == len(DECLARED) == 21
    for declared in DECLARED:
        name = declared.resource
        cls, args = getattr(resources, name), getattr(resources, f"{name}Args")
        assert getattr(resources, f"{name}ArgsDict").__module__.endswith(f"generated.{declared.file_name}")
        assert cls.ARGS is args
        if declared.resource != "DlcJob":  # DlcJobProvider validates through specs.dlc.check_spec
            assert cls.PROVIDER.SPEC is declared.spec  # type: ignore[attr-defined]
        inputs = {f.name for f in dataclasses.fields(args)}
        assert inputs == (set(declared.spec.model_fields) - {"dlc_identity", "creation_nonce"}) | {"adopt_id", "timeouts"}
        assert cls.OUTPUTS[-1] == "creation_token"
        assert set(cls.OUTPUTS) == set(getattr(declared.spec, "COMPUTED", {})) | {"creation_token"}


def test_args_keep_their_positional_order_required_inputs_first() -> None:
    assert list(inspect.signature(resources.VSwitchArgs).parameters)[:3] == ["vpc_id", "zone_id", "cidr_block"]
    assert resources.VpcArgs("10.0.0.0/16").cidr_block == "10.0.0.0/16"
    # The inputs every resource shares are keyword-only, after the resource's own.
    assert list(inspect.signature(resources.VpcArgs).parameters)[-2:] == ["adopt_id", "timeouts"]
    assert resources.VpcArgs("10.0.0.0/16", adopt_id="vpc-1").adopt_id == "vpc-1"


def test_a_new_optional_input_on_the_spec_reaches_args_argsdict_outputs_and_docs() -> None:
    class Wider(VpcSpec):
        """Inputs of a `Vpc`."""

        UPDATE_FIELDS: ClassVar[tuple[str, ...]] = (*VpcSpec.UPDATE_FIELDS, "color")
        COMPUTED: ClassVar[dict[str, Computed]] = {**VpcSpec.COMPUTED, "secret_hint": Computed("str", "A.", True)}

        color: str | None = Field(None, description="Paint it.")
        password: SecretStr | None = Field(None, description="Kept secret.")

    text = render(Declared("Vpc", Wider, "network"))
    assert '    color: pulumi.Input[str] | None = None\n    """Paint it. Updated in place."""' in text
    assert '    color: pulumi.Input[str]\n    """Paint it. Updated in place."""' in text  # the ArgsDict
    assert '    color: pulumi.Output[str | None]\n    """Paint it."""' in text
    assert 'SECRET_OUTPUTS: ClassVar[tuple[str, ...]] = ("password", "secret_hint")' in text
    assert text != render(Declared("Vpc", VpcSpec, "network"))


def test_secret_outputs_come_from_secret_fields_and_computed_outputs() -> None:
    assert set(resources.DlcJob.SECRET_OUTPUTS) == {"image", "roles", "advanced", "custom_envs"}
    assert resources.Tensorboard.SECRET_OUTPUTS == ("url",)
    assert resources.Vpc.SECRET_OUTPUTS == ()


def test_missing_generated_files_are_written_on_import_and_stale_ones_are_reported(tmp_path, monkeypatch) -> None:
    from dlc_provider.resources import codegen

    monkeypatch.setattr(codegen, "GENERATED", tmp_path)
    codegen.write_missing()  # a fresh checkout: nothing there yet
    written = sorted(p.name for p in tmp_path.glob("*.py"))
    assert written == sorted([f"{d.file_name}.py" for d in DECLARED] + ["common.py"])
    assert codegen.stale_files() == []
    (tmp_path / "vpc.py").write_text("# edited by hand\n", encoding="utf-8")
    (tmp_path / "gone.py").write_text("", encoding="utf-8")
    codegen.write_missing()  # nothing missing: a hand edit is not silently overwritten at import
    assert codegen.stale_files() == [tmp_path / "vpc.py", tmp_path / "gone.py"]
    codegen.write_all()
    assert codegen.stale_files() == [] and not (tmp_path / "gone.py").exists()
