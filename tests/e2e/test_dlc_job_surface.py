"""A job using CreateJob fields beyond the console's form, end to end with the real engine on the fake
server: RestartPolicy, SystemDisk, ServiceSpec, a role-level command, the stop grace period, and custom
environment variables, one invisible. The service receives every field; `pulumi up`, `refresh` and `preview`
agree (no drift); the invisible value is nowhere in `pulumi stack export` or the engine's output; a change
made outside the stack shows on refresh with its input path and the next preview replaces the job; destroy
leaves the fake empty.
"""

from __future__ import annotations

import json

from alibabacloud_pai_dlc20201203 import models as dlc

from dlc_provider.fake.pai_dlc.testing import dlc_client

from .fake_server import start_fake_server

SECRET = "invisible-hf-token-0042"

PROGRAM = f"""
import pulumi
from dlc_provider.resources import DlcJob

job = DlcJob("train", display_name="surface-job", framework="pytorch", command="python train.py",
             description="v1",
             image="registry.example.com/team/train:1.0",
             roles={{"worker": {{"count": 2, "spec": "ecs.gn6i-c4g1.xlarge", "restart_policy": "OnFailure",
                                "command": "python train.py --role worker",
                                "system_disk": {{"category": "cloud_essd", "size": 120, "performance_level": "PL1"}},
                                "service_spec": {{"default_port": 8000, "extra_ports": [8001],
                                                  "service_mode": "PerRole"}}}}}},
             custom_envs=[{{"key": "HF_TOKEN", "value": "{SECRET}", "visible": False}},
                          {{"key": "STAGE", "value": "e2e", "visible": True}}],
             settings={{"termination_grace_period_seconds": 20}},
             envs={{"FAKE_DLC_RUN_SECONDS": "forever"}})

pulumi.export("job_id", job.job_id)
pulumi.export("job_status", job.status)
"""


def test_a_job_with_the_new_fields_goes_up_refreshes_clean_and_keeps_the_invisible_value_secret(pulumi_project):
    server = start_fake_server("--seed", "13")
    try:
        project = pulumi_project(PROGRAM)
        project.use_fake(server.url)

        up = project.up()
        outputs = project.outputs()
        assert outputs["job_status"] == "Running", outputs
        (stored,) = server.state()["pai-dlc"]["jobs"]
        spec = stored["body"]["JobSpecs"][0]
        assert (spec["RestartPolicy"], spec["UserCommand"]) == ("OnFailure", "python train.py --role worker")
        assert spec["SystemDisk"] == {"Category": "cloud_essd", "Size": 120, "PerformanceLevel": "PL1"}
        assert spec["ServiceSpec"] == {"DefaultPort": 8000, "ExtraPorts": [8001], "ServiceMode": "PerRole"}
        assert stored["body"]["Settings"]["TerminationGracePeriodSeconds"] == 20
        envs = {env["Key"]: env for env in stored["body"]["CustomEnvs"]}
        assert envs["HF_TOKEN"] == {"Key": "HF_TOKEN", "Value": SECRET, "Visible": "false"}  # reached the service

        refreshed = project.refresh()
        assert "drift" not in refreshed.stdout + refreshed.stderr, refreshed.stdout
        project.preview("--expect-no-changes")
        exported = json.dumps(project.export())
        assert SECRET not in exported and SECRET not in up.stdout + up.stderr + refreshed.stdout + refreshed.stderr
        assert "HF_TOKEN" in exported or "ciphertext" in exported  # the input is there, encrypted

        # Changed outside the stack (UpdateJob takes a description at any time): refresh reports the input
        # path, and the next preview replaces the job.
        client = dlc_client(server.url.removeprefix("http://"))
        client.update_job(outputs["job_id"], dlc.UpdateJobRequest(description="changed by hand"))
        drifted = project.refresh()
        assert "drift: description is 'changed by hand' in the cloud, 'v1' in the state" in (
            drifted.stdout + drifted.stderr), drifted.stdout + drifted.stderr
        preview = project.preview("--diff")
        assert "description" in preview.stdout and "replace" in preview.stdout, preview.stdout

        project.destroy()
        assert server.resource_count() == 0, server.state()
    finally:
        server.stop()
