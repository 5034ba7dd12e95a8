"""The system policies the fake RAM knows: the ones a PAI-DLC training stack attaches, and a few common ones.

Names are Alibaba Cloud's; the documents are simplified (one statement granting the product's actions), which
is all the fake and a provider need: system policies can be read, listed and attached, never changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# All system policies carry this creation time (real ones date from the service's launch).
SYSTEM_POLICY_EPOCH = 1430236800.0  # 2015-04-28T16:00:00Z


@dataclass(frozen=True)
class SystemPolicy:
    name: str
    description: str
    actions: tuple[str, ...]

    @property
    def document(self) -> str:
        statement = {"Action": list(self.actions), "Resource": "*", "Effect": "Allow"}
        return json.dumps({"Version": "1", "Statement": [statement]}, indent=2)


_POLICIES = (
    SystemPolicy("AdministratorAccess", "Provides full access to Alibaba Cloud services and resources.", ("*",)),
    SystemPolicy("AliyunPAIFullAccess", "Provides full access to Platform for AI (PAI).", ("pai:*", "paiplugin:*")),
    SystemPolicy("AliyunDLCFullAccess", "Provides full access to PAI Deep Learning Containers (DLC).",
                 ("paidlc:*", "pai:*Job*")),
    SystemPolicy("AliyunOSSFullAccess", "Provides full access to Object Storage Service (OSS).", ("oss:*",)),
    SystemPolicy("AliyunOSSReadOnlyAccess", "Provides read-only access to Object Storage Service (OSS).",
                 ("oss:Get*", "oss:List*")),
    SystemPolicy("AliyunNASFullAccess", "Provides full access to File Storage NAS.", ("nas:*",)),
    SystemPolicy("AliyunNASReadOnlyAccess", "Provides read-only access to File Storage NAS.",
                 ("nas:Describe*", "nas:Get*", "nas:List*")),
    SystemPolicy("AliyunVPCFullAccess", "Provides full access to Virtual Private Cloud (VPC).", ("vpc:*",)),
    SystemPolicy("AliyunVPCReadOnlyAccess", "Provides read-only access to Virtual Private Cloud (VPC).",
                 ("vpc:Describe*", "vpc:Get*", "vpc:List*")),
    SystemPolicy("AliyunECSFullAccess", "Provides full access to Elastic Compute Service (ECS).", ("ecs:*",)),
    SystemPolicy("AliyunRAMFullAccess", "Provides full access to Resource Access Management (RAM).", ("ram:*",)),
    SystemPolicy("AliyunSTSAssumeRoleAccess", "Provides access to assume RAM roles through STS.",
                 ("sts:AssumeRole",)),
)

SYSTEM_POLICIES: dict[str, SystemPolicy] = {policy.name: policy for policy in _POLICIES}
