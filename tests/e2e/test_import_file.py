"""`pulumi import --file` with an import file that carries inputs and outputs, on the real engine.

The engine's plain `pulumi import <type> <name> <id>` cannot work for dynamic providers; the import file
written by `python -m dlc_provider.resources.importing` can. The imported VPC is then declared in the
program, the next preview shows no change, and destroy removes it from the fake.
"""

from __future__ import annotations

import json
import subprocess
import sys

from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from dlc_provider.fake import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION
from dlc_provider.fake.testing import sdk_config

from .fake_server import start_fake_server

PROGRAM = """
from dlc_provider.resources import Vpc

Vpc("legacy", cidr_block="192.168.0.0/16", name="made-by-hand")
"""


def test_import_file_brings_an_existing_vpc_under_management(pulumi_project):
    server = start_fake_server("--seed", "3")
    try:
        vpc_id = VpcClient(sdk_config(server.url)).create_vpc(vpc_models.CreateVpcRequest(
            region_id=DEFAULT_REGION, cidr_block="192.168.0.0/16", vpc_name="made-by-hand")).body.vpc_id
        project = pulumi_project("import pulumi\n", name="imp")
        project.use_fake(server.url, settings={})

        env = {**project.env, "ALIBABA_CLOUD_REGION_ID": DEFAULT_REGION, "DLC_ENDPOINT": server.url,
               "ALIBABA_CLOUD_ACCESS_KEY_ID": DEFAULT_ACCESS_KEY_ID,
               "ALIBABA_CLOUD_ACCESS_KEY_SECRET": DEFAULT_ACCESS_KEY_SECRET}
        entry = subprocess.run(
            [sys.executable, "-m", "dlc_provider.resources.importing", "Vpc", "legacy", vpc_id,
             "--project", "imp", "--stack", project.stack],
            env=env, capture_output=True, text=True, check=True,
        ).stdout
        import_file = project.directory / "import.json"
        import_file.write_text(entry)
        assert json.loads(entry)["resources"][0]["id"] == vpc_id

        project.up()  # an empty program first: the stack exists
        imported = project.run("import", "--file", str(import_file), "--generate-code=false", "--yes",
                               "--stack", project.stack)
        assert "1 imported" in imported.stdout, imported.stdout
        project.write_program(PROGRAM)
        project.preview("--expect-no-changes")
        assert len(server.journal(action="CreateVpc")) == 1  # only the hand-made one

        # `pulumi import` protects what it imports; the program (no `protect`) lifts that on the next up.
        project.up()
        project.destroy()
        assert server.resource_count() == 0, server.state()
    finally:
        server.stop()
