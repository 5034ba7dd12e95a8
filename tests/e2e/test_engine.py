"""The real engine drives a dynamic resource of our package: up, no-change preview, replace, destroy.

The resource is a `Vpc` on the fake cloud server (the smallest real one: one create, one delete).
"""

from __future__ import annotations

import re

from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION

from .fake_server import start_fake_server

PROGRAM = """
import pulumi
from dlc_provider import Vpc

vpc = Vpc("vpc", cidr_block=pulumi.Config().require("cidr"))
pulumi.export("vpc_id", vpc.id)
"""


def _project(pulumi_project, url: str, cidr: str):
    project = pulumi_project(PROGRAM, config={"cidr": cidr})
    for key, value in {
        "alicloud:region": DEFAULT_REGION, "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
        "dlc:endpoint": url, "dlc:pollInterval": "0.05",
    }.items():
        project.set_config(key, value)
    project.set_config("alicloud:secretKey", DEFAULT_ACCESS_KEY_SECRET, secret=True)
    return project


def test_up_preview_destroy_with_the_real_engine(pulumi_project, engine):
    server = start_fake_server()
    try:
        project = _project(pulumi_project, server.url, "10.0.0.0/16")

        version = project.run("version").stdout.strip()
        assert version == engine.version

        up = project.up()
        assert "+ 2 created" in up.stdout, up.stdout
        vpc_id = project.outputs()["vpc_id"]
        assert re.fullmatch(r"vpc-[0-9a-z]+", vpc_id), vpc_id

        # The engine's own state: our resource, pickled provider by reference, engine version stamped.
        deployment = project.export()["deployment"]
        assert deployment["manifest"]["version"] == engine.version
        (resource,) = [r for r in deployment["resources"] if r.get("id") == vpc_id]
        assert resource["type"].startswith("pulumi-python:") and "Vpc" in resource["type"], resource["type"]
        assert resource["outputs"]["cidr_block"] == "10.0.0.0/16"

        preview = project.preview("--expect-no-changes")
        assert "2 unchanged" in preview.stdout, preview.stdout

        # A CIDR change is a replacement: a new VPC.
        project.set_config("cidr", "10.1.0.0/16")
        replaced = project.up()
        assert "+-1 replaced" in replaced.stdout, replaced.stdout
        assert project.outputs()["vpc_id"] != vpc_id

        destroyed = project.destroy()
        assert "- 2 deleted" in destroyed.stdout, destroyed.stdout
        assert project.resources() == []
        assert server.resource_count() == 0, server.state()
    finally:
        server.stop()


def test_bad_input_fails_preview_with_field_and_rule(pulumi_project):
    server = start_fake_server()
    try:
        project = _project(pulumi_project, server.url, "10.0.0.0/33")
        preview = project.preview(check=False)
        assert preview.returncode != 0
        text = preview.stdout + preview.stderr
        assert "cidr_block" in text and "is not an IPv4 CIDR block" in text, text
        assert project.resources() == []
        assert server.journal(action="CreateVpc") == []
    finally:
        server.stop()
