"""The real engine drives a dynamic resource of our package: up, no-change preview, destroy."""

from __future__ import annotations

import re

PROGRAM = """
import pulumi
from dlc_provider.experiment import Experiment

exp = Experiment("exp", name=pulumi.Config().require("experimentName"))
pulumi.export("run_id", exp.run_id)
"""


def test_up_preview_destroy_with_the_real_engine(pulumi_project, engine):
    project = pulumi_project(PROGRAM, config={"experimentName": "mnist"})

    version = project.run("version").stdout.strip()
    assert version == engine.version

    up = project.up()
    assert "+ 2 created" in up.stdout, up.stdout
    run_id = project.outputs()["run_id"]
    assert re.fullmatch(r"mnist-[0-9a-f]{6}", run_id)

    # The engine's own state: our resource, pickled provider by reference, engine version stamped.
    deployment = project.export()["deployment"]
    assert deployment["manifest"]["version"] == engine.version
    (resource,) = [r for r in deployment["resources"] if r["type"] == "pulumi-python:dynamic:Resource"]
    assert resource["id"] == run_id
    assert resource["outputs"]["run_id"] == run_id

    preview = project.preview("--expect-no-changes")
    assert "2 unchanged" in preview.stdout, preview.stdout

    # A name change is a replacement: a new run ID.
    project.set_config("experimentName", "cifar")
    replaced = project.up()
    assert "+-1 replaced" in replaced.stdout, replaced.stdout
    assert project.outputs()["run_id"].startswith("cifar-")

    destroyed = project.destroy()
    assert "- 2 deleted" in destroyed.stdout, destroyed.stdout
    assert project.resources() == []


def test_bad_input_fails_preview_with_field_and_rule(pulumi_project):
    project = pulumi_project(PROGRAM, config={"experimentName": "Not_Valid"})
    preview = project.preview(check=False)
    assert preview.returncode != 0
    text = preview.stdout + preview.stderr
    assert "name" in text and "String should match pattern" in text, text
    assert project.resources() == []
