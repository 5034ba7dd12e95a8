"""The example program: one training stack (network, gateway, storage, dataset, role,
checkpoint bucket, job) from stack config.

Settings are read from `stacks/Pulumi.<stack>.yaml` (keys under `dlc-training:`); see the README's
"Stack settings" for each one. `dlc-stack run` brings it up, follows the job and tears it down.
"""

import pulumi

from dlc_provider.components import TrainingStack, TrainingStackArgs

stack = TrainingStack("training", TrainingStackArgs.from_config())

for output in ("job_id", "job_status", "console_url", "vpc_id", "vswitch_ids", "security_group_id", "nat_gateway_id",
               "file_system_id", "mount_domain", "dataset_id", "role_arn", "region", "checkpoint_bucket", "checkpoint_uri"):
    pulumi.export(output, getattr(stack, output))
