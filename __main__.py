"""The example program: a training stack built from the stack's configuration (see stacks/)."""

import pulumi

from dlc_provider.experiment import Experiment

config = pulumi.Config()
experiment = Experiment("experiment", name=config.get("experimentName") or "demo")

pulumi.export("experiment_run_id", experiment.run_id)
pulumi.export("experiment_created_at", experiment.created_at)
