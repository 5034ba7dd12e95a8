"""Bad literal inputs of every resource, each with the field path `check` must report and a piece of the rule.

`BASES` holds one valid input set per resource (literal IDs, nothing to create first); a `Bad` case patches
one base. `test_bad_inputs.py` runs them all through the providers' `check`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pulumi.runtime import rpc

from dlc_provider.resources import (
    CpfsFileSystemProvider,
    DatasetProvider,
    DlcJobProvider,
    EipAssociationProvider,
    EipProvider,
    NasAccessGroupProvider,
    NasAccessRuleProvider,
    NasFileSystemProvider,
    NasMountTargetProvider,
    NatGatewayProvider,
    OssBucketProvider,
    OssObjectProvider,
    RamPolicyProvider,
    RamRolePolicyAttachmentProvider,
    RamRoleProvider,
    SecurityGroupProvider,
    SecurityGroupRuleProvider,
    SnatEntryProvider,
    TensorboardProvider,
    VpcProvider,
    VSwitchProvider,
)

DROP = object()  # a patch value that removes the input
URN = "urn:pulumi:dev::proj::dlc:components:TrainingStack::exp"
SECRET = "hunter2-Do-Not-Print"


def secret(value: Any) -> dict[str, Any]:
    """A value as the engine hands `pulumi.Output.secret(value)` to a dynamic provider's check."""
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}  # noqa: SLF001


def _policy(*resources: str, **statement: Any) -> dict[str, Any]:
    return {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["oss:GetObject"],
                                           "Resource": list(resources), **statement}]}


BASES: dict[type, dict[str, Any]] = {
    VpcProvider: {"cidr_block": "10.0.0.0/16", "name": "train"},
    VSwitchProvider: {"vpc_id": "vpc-1", "zone_id": "cn-hangzhou-h", "cidr_block": "10.0.1.0/24"},
    SecurityGroupProvider: {"vpc_id": "vpc-1", "name": "train"},
    SecurityGroupRuleProvider: {"security_group_id": "sg-1", "direction": "ingress", "ip_protocol": "tcp",
                                "port_range": "22/22", "cidr_ip": "10.0.0.0/8"},
    NatGatewayProvider: {"vpc_id": "vpc-1", "vswitch_id": "vsw-1"},
    EipProvider: {"bandwidth": 10},
    EipAssociationProvider: {"allocation_id": "eip-1", "instance_id": "ngw-1"},
    SnatEntryProvider: {"snat_table_id": "stb-1", "snat_ips": ["1.2.3.4"], "source_vswitch_id": "vsw-1"},
    NasFileSystemProvider: {"storage_type": "Performance", "zone_id": "cn-hangzhou-h"},
    CpfsFileSystemProvider: {"storage_type": "advance_100", "zone_id": "cn-hangzhou-h", "capacity": 3600,
                             "vpc_id": "vpc-1", "vswitch_id": "vsw-1"},
    NasAccessGroupProvider: {"name": "train-group"},
    NasAccessRuleProvider: {"access_group_name": "train-group", "source_cidr_ip": "10.0.0.0/16"},
    NasMountTargetProvider: {"file_system_id": "31a8e4b9c2", "vpc_id": "vpc-1", "vswitch_id": "vsw-1"},
    DatasetProvider: {"name": "imagenet", "file_system_id": "31a8e4b9c2"},
    RamRoleProvider: {"name": "dlc-job"},
    OssBucketProvider: {"name": "team-ckpt"},
    OssObjectProvider: {"bucket": "team-ckpt", "key": "code/train.py", "content": "print(1)"},
    RamPolicyProvider: {"name": "oss-rw", "document": _policy("acs:oss:*:*:my-bucket/*")},
    RamRolePolicyAttachmentProvider: {"role_name": "dlc-job", "policy_name": "oss-rw"},
    TensorboardProvider: {"job_id": "dlc-1"},
    DlcJobProvider: {"display_name": "train-1", "command": "python train.py", "framework": "pytorch",
                     "image": "registry.example.com/team/train:1.0",
                     "roles": {"worker": {"count": 2, "spec": "ecs.gn6i-c4g1.xlarge"}}},
}


@dataclass(frozen=True)
class Bad:
    provider: type
    patch: dict[str, Any]
    path: str
    rule: str = ""
    secrets: tuple[str, ...] = field(default=())  # values no message may show
    region: str = "cn-hangzhou"
    name: str = ""

    def inputs(self) -> dict[str, Any]:
        merged = {**BASES[self.provider], **self.patch}
        return {k: v for k, v in merged.items() if v is not DROP}

    def __str__(self) -> str:
        return f"{self.provider.__name__.removesuffix('Provider')}-{self.name or self.path}"


def _many(provider: type, *rows: tuple[Any, ...]) -> list[Bad]:
    cases = []
    for index, row in enumerate(rows):
        patch, path, rule, *rest = row
        extra = rest[0] if rest else {}
        cases.append(Bad(provider, patch, path, rule, name=f"{index}-{path}", **extra))
    return cases


LONG = "1" * 200
CASES: list[Bad] = [
    *_many(
        VpcProvider,
        ({"cidr_block": "10.0.0.1/16"}, "cidr_block", "host bits"),
        ({"cidr_block": 10}, "cidr_block", "cidr_block must be a string, got a number"),
        ({"cidr_block": {"block": "10.0.0.0/16"}}, "cidr_block", "cidr_block must be a string, got a map"),
        ({"cidr_block": LONG}, "cidr_block", "…"),
        ({"cidr_block": DROP, "cidr": "10.0.0.0/16"}, "cidr",
         "unknown input 'cidr'; valid inputs: adopt_id, cidr_block"),
        ({"name": ""}, "name", "1-128"),
        ({"description": "https://example.com"}, "description", "http"),
        ({"tags": {"acs:team": "a"}}, "tags", "may not start with"),
        ({"tags": {f"k{i}": "v" for i in range(20)}}, "tags", "at most 19"),
        ({"tags": ["a", "b"]}, "tags", "tags must be a map"),
        ({"resource_group_id": ""}, "resource_group_id", "is empty"),
        ({"timeouts": {"create": -1}}, "timeouts.create", "greater than 0"),
        ({"timeouts": "fast"}, "timeouts", "timeouts must be a map"),
        ({"adopt_id": ""}, "adopt_id", "adopt_id is empty"),
        ({"cidr_block": secret("10.0.0.1/16")}, "cidr_block", "host bits", {"secrets": ("10.0.0.1/16",)}),
    ),
    *_many(
        VSwitchProvider,
        ({"zone_id": "cn-hangzhou-z"}, "zone_id", "not a zone of the provider's region cn-hangzhou"),
        ({"zone_id": "us-west-1a"}, "zone_id", "not a zone of the provider's region cn-hangzhou"),
        ({"zone_id": "ap-southeast-1-a"}, "zone_id", "it is in ap-southeast-1"),
        ({"zone_id": "cn-hangzhou-h"}, "zone_id", "it is in cn-hangzhou", {"region": "cn-beijing"}),
        ({"zone_id": "mars-north-1-a"}, "zone_id", "not an Alibaba Cloud zone", {"region": None}),
        ({"zone_id": ""}, "zone_id", "is empty"),
        ({"vpc_id": ""}, "vpc_id", "vpc_id is empty"),
        ({"vpc_id": "sg-1"}, "vpc_id", "not a VPC ID"),
        ({"vpc_id": URN}, "vpc_id", "URN"),
        ({"vpc_id": ["vpc-1"]}, "vpc_id", "vpc_id must be a string, got a list"),
        ({"cidr_block": "10.0.1.0/30"}, "cidr_block", "/16 to /29"),
        ({"name": "http://x"}, "name", "http"),
    ),
    *_many(
        SecurityGroupProvider,
        ({"vpc_id": ""}, "vpc_id", "is empty"),
        ({"name": "a"}, "name", "2-128"),
        ({"name": "1abc"}, "name", "start with a letter"),
        ({"name": "ab cd"}, "name", "may contain only"),
        ({"description": "x"}, "description", "2-256"),
        ({"security_group_type": "fancy"}, "security_group_type", "normal"),
        ({"tags": {"dlc-provider:token": "x"}}, "tags", "reserved"),
        ({"resource_group_id": "  "}, "resource_group_id", "is empty"),
    ),
    *_many(
        SecurityGroupRuleProvider,
        ({"security_group_id": ""}, "security_group_id", "is empty"),
        ({"direction": "sideways"}, "direction", "ingress"),
        ({"ip_protocol": "icmp6"}, "ip_protocol", "tcp"),
        ({"port_range": "0/70000"}, "port_range", "1 <= first <= last <= 65535"),
        ({"port_range": DROP}, "port_range", "required for tcp"),
        ({"cidr_ip": "10.0.0.0/33"}, "cidr_ip", "not an IPv4 CIDR"),
        ({"peer_security_group_id": "sg-2"}, "cidr_ip", "exactly one"),
        ({"priority": 0}, "priority", "greater than or equal to 1"),
        ({"policy": "allow"}, "policy", "accept"),
        ({"description": "x" * 600}, "description", "at most 512"),
        ({"cidr_ip": DROP, "peer_security_group_id": ""}, "peer_security_group_id", "is empty"),
    ),
    *_many(
        NatGatewayProvider,
        ({"vpc_id": ""}, "vpc_id", "is empty"),
        ({"vswitch_id": ""}, "vswitch_id", "is empty"),
        ({"vswitch_id": URN}, "vswitch_id", "URN"),
        ({"network_type": "wan"}, "network_type", "internet"),
        ({"name": "-bad"}, "name", "start with a letter"),
        ({"eip_bind_mode": "X"}, "eip_bind_mode", "MULTI_BINDED"),
        ({"icmp_reply_enabled": "maybe"}, "icmp_reply_enabled", "must be true or false"),
        ({"tags": {"aliyun-x": "1"}}, "tags", "may not start with"),
    ),
    *_many(
        EipProvider,
        ({"bandwidth": 0}, "bandwidth", "greater than or equal to 1"),
        ({"bandwidth": 300, "internet_charge_type": "PayByTraffic"}, "bandwidth", "at most 200"),
        ({"bandwidth": "lots"}, "bandwidth", "bandwidth must be a whole number"),
        ({"internet_charge_type": "Free"}, "internet_charge_type", "PayByBandwidth"),
        ({"name": "https://eip"}, "name", "http"),
        ({"resource_group_id": ""}, "resource_group_id", "is empty"),
    ),
    *_many(
        EipAssociationProvider,
        ({"allocation_id": ""}, "allocation_id", "is empty"),
        ({"instance_id": ""}, "instance_id", "is empty"),
        ({"instance_id": URN}, "instance_id", "URN"),
        ({"instance_type": "EcsInstance"}, "instance_type", "Nat"),
        ({"allocation_id": {"id": "eip-1"}}, "allocation_id", "allocation_id must be a string, got a map"),
    ),
    *_many(
        SnatEntryProvider,
        ({"snat_table_id": ""}, "snat_table_id", "is empty"),
        ({"snat_ips": []}, "snat_ips", "at least 1"),
        ({"snat_ips": ["1.2.3.4", "nope"]}, "snat_ips[1]", "not an IPv4 address"),
        ({"snat_ips": ["1.2.3.4", "1.2.3.4"]}, "snat_ips", "twice"),
        ({"source_vswitch_id": DROP, "source_cidr": "10.0.0.0/33"}, "source_cidr", "not an IPv4 CIDR"),
        ({"source_cidr": "10.0.0.0/8"}, "source_vswitch_id", "exactly one"),
        ({"source_vswitch_id": ""}, "source_vswitch_id", "is empty"),
        ({"name": "1x"}, "name", "start with a letter"),
    ),
    *_many(
        NasFileSystemProvider,
        ({"zone_id": "cn-hangzhou-q"}, "zone_id", "not a zone of the provider's region"),
        ({"zone_id": "ap-southeast-1-a"}, "zone_id", "it is in ap-southeast-1"),
        ({"zone_id": ""}, "zone_id", "is empty"),
        ({"storage_type": "Fast"}, "storage_type", "Performance, Capacity, Premium"),
        ({"protocol_type": "FTP"}, "protocol_type", "NFS"),
        ({"capacity": 200}, "capacity", "no set capacity"),
        ({"file_system_type": "extreme", "storage_type": "standard"}, "capacity", "needs capacity"),
        ({"encrypt_type": 2}, "kms_key_id", "needs kms_key_id"),
        ({"encrypt_type": 2, "kms_key_id": ""}, "kms_key_id", "is empty"),
        ({"description": "1abc"}, "description", "start with a letter"),
        ({"tags": {"k": "v" * 200}}, "tags", "longer than 128"),
    ),
    *_many(
        CpfsFileSystemProvider,
        ({"vpc_id": ""}, "vpc_id", "is empty"),
        ({"vswitch_id": "vpc-1"}, "vswitch_id", "not a vSwitch ID"),
        ({"vswitch_id": ""}, "vswitch_id", "is empty"),
        ({"capacity": 100}, "capacity", "greater than or equal to 3600"),
        ({"zone_id": "nowhere"}, "zone_id", "not a zone of the provider's region"),
        ({"zone_id": "cn-beijing-a"}, "zone_id", "it is in cn-beijing"),
        ({"storage_type": "ultra"}, "storage_type", "advance_100"),
        ({"bandwidth": 0}, "bandwidth", "greater than or equal to 1"),
    ),
    *_many(
        OssBucketProvider,
        ({"name": "Team_Ckpt"}, "name", "3-63 lowercase letters"),
        ({"storage_class": "Cold"}, "storage_class", "DeepColdArchive"),
        ({"acl": "public"}, "acl", "public-read"),
        ({"versioning": "Disabled"}, "versioning", "Suspended"),
        ({"lifecycle_rules": [{"id": "r", "expiration_days": -1}]}, "lifecycle_rules[0].expiration_days",
         "greater than or equal to 1"),
        ({"tags": {"dlc-provider:x": "1"}}, "tags", "reserved"),
    ),
    *_many(
        OssObjectProvider,
        ({"bucket": "B"}, "bucket", "3-63 lowercase letters"),
        ({"key": "/abs"}, "key", "does not start with /"),
        ({"source": "/no/such/file.py"}, "content", "exactly one"),
        ({"content": DROP, "source": "/no/such/file.py"}, "source", "cannot read"),
    ),
    *_many(
        NasAccessGroupProvider,
        ({"name": "DEFAULT_VPC_GROUP_NAME"}, "name", "built-in group"),
        ({"name": "ab"}, "name", "3-64"),
        ({"file_system_type": "cpfs"}, "file_system_type", "standard"),
        ({"description": "x"}, "description", "2-86"),
        ({"colour": "red"}, "colour", "unknown input 'colour'; valid inputs: adopt_id, description"),
    ),
    *_many(
        NasAccessRuleProvider,
        ({"access_group_name": "DEFAULT_VPC_GROUP_NAME"}, "access_group_name", "cannot be changed"),
        ({"source_cidr_ip": "::1/128"}, "source_cidr_ip", "IPv4"),
        ({"source_cidr_ip": "nope"}, "source_cidr_ip", "not an IPv4 address"),
        ({"rw_access": "RW"}, "rw_access", "RDWR"),
        ({"priority": 101}, "priority", "less than or equal to 100"),
        ({"user_access": "squash"}, "user_access", "no_squash"),
    ),
    *_many(
        NasMountTargetProvider,
        ({"file_system_id": ""}, "file_system_id", "is empty"),
        ({"file_system_id": URN}, "file_system_id", "URN"),
        ({"vpc_id": ""}, "vpc_id", "is empty"),
        ({"vswitch_id": "sw-1"}, "vswitch_id", "not a vSwitch ID"),
        ({"file_system_id": "cpfs-1", "access_group_name": "g1"}, "access_group_name", "no access group"),
        ({"security_group_id": ""}, "security_group_id", "is empty"),
    ),
    *_many(
        DatasetProvider,
        ({"name": "_x"}, "name", "not starting with _ or -"),
        ({"file_system_id": ""}, "file_system_id", "is empty"),
        ({"file_system_id": "NAS!"}, "file_system_id", "not a NAS or CPFS file system ID"),
        ({"path": "relative/dir"}, "path", "absolute path"),
        ({"mount_target_domain": "other.cn-hangzhou.nas.aliyuncs.com"}, "mount_target_domain", "not a mount target"),
        ({"property": "LINK"}, "property", "DIRECTORY"),
        ({"workspace_id": ""}, "workspace_id", "is empty"),
        ({"mount_access": "RX"}, "mount_access", "RO"),
    ),
    *_many(
        RamRoleProvider,
        ({"name": "has space"}, "name", "1-64"),
        ({"name": "x" * 65}, "name", "1-64"),
        ({"max_session_duration": 100}, "max_session_duration", "greater than or equal to 3600"),
        ({"trust_policy": "not json"}, "trust_policy", "not valid JSON"),
        ({"trust_policy": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                          "Principal": {"Service": ["pai.example.com"]}}]}},
         "trust_policy", "Service principal"),
        ({"description": ""}, "description", "1-1024"),
    ),
    *_many(
        RamPolicyProvider,
        ({"name": "bad_name"}, "name", "letters, digits and -"),
        ({"document": _policy("acs:oss:*:*:My_Bucket/*")}, "document", "OSS bucket names are 3-63"),
        ({"document": _policy("acs:oss:*:*:ab")}, "document", "OSS bucket names are 3-63"),
        ({"document": _policy("acs:oss:*:*:ok-bucket", "acs:oss:*:*:-bad-/*")}, "document", "Statement[0].Resource"),
        ({"document": {"Statement": []}}, "document", 'Version must be "1"'),
        ({"document": _policy("acs:oss:*:*:my-bucket/*", Principal={"RAM": ["x"]})}, "document", "no Principal"),
        ({"description": ""}, "description", "1-1024"),
    ),
    *_many(
        RamRolePolicyAttachmentProvider,
        ({"role_name": "bad role"}, "role_name", "1-64"),
        ({"policy_name": "x!"}, "policy_name", "letters, digits and -"),
        ({"policy_type": "Managed"}, "policy_type", "System"),
        ({"role_name": URN}, "role_name", "1-64"),
    ),
    *_many(
        TensorboardProvider,
        ({"job_id": ""}, "job_id", "at least 1"),
        ({"cpu": 0}, "cpu", "greater than or equal to 1"),
        ({"display_name": "bad name!"}, "display_name", "may contain only"),
        ({"data_source_type": "HDFS"}, "data_source_type", "OSS"),
        ({"job_id": {"JobId": "dlc-1"}}, "job_id", "job_id must be a string, got a map"),
    ),
    *_many(
        DlcJobProvider,
        ({"image": "not a valid image!!"}, "image.uri", "not a valid image reference"),
        ({"image": {"kind": "official", "uri": ""}}, "image.uri", "not a valid image reference"),
        ({"image": {"kind": "registry", "uri": "r.example.com/a:1", "username": "u", "password": ["x"]}},
         "image.password", "must be a string, got a list"),
        ({"image": {"kind": "registry", "uri": "Not Valid!", "username": "u", "password": SECRET}}, "image.uri",
         "not a valid image reference", {"secrets": (SECRET,)}),
        ({"image": {"kind": "registry", "uri": "r.example.com/a:1", "password": SECRET}}, "image.username",
         "go together", {"secrets": (SECRET,)}),
        ({"image": {"kind": "registry", "uri": "r.example.com/a:1", "username": "u", "password": secret(SECRET),
                    "passwd": SECRET}}, "image.passwd", "unknown input 'passwd'; valid inputs: auth, kind, password",
         {"secrets": (SECRET,)}),
        ({"image": {"kind": "regsitry", "uri": "r.example.com/a:1"}}, "image.kind",
         "kind must be one of 'official', 'custom', 'registry', got 'regsitry'"),
        ({"roles": {"worker": {"count": 2, "spec": "ecs.gn6i-c4g1.xlarge", "image": "NOT/valid image"}}},
         "roles.worker.image.uri", "not a valid image reference"),
        ({"storage_mounts": [{"kind": "oss", "uri": "oss://Bad_Bucket/x/", "mount_path": "/mnt/oss"}]},
         "storage_mounts[0].uri", "OSS bucket names are 3-63"),
        ({"storage_mounts": [{"kind": "oss", "uri": "oss://ab.oss-cn-hangzhou.aliyuncs.com/x", "mount_path": "/m"}]},
         "storage_mounts[0].uri", "OSS bucket names are 3-63"),
        ({"storage_mounts": [{"kind": "oss", "uri": "s3://bucket/x", "mount_path": "/mnt/oss"}]},
         "storage_mounts[0].uri", "oss://"),
        ({"network": {"vpc_id": "", "security_group_id": "sg-1"}}, "network.vpc_id", "vpc_id is empty"),
        ({"network": {"vpc_id": "vpc-1", "vswitch_id": "", "security_group_id": "sg-1",
                      "extended_cidrs": ["10.0.0.0/16"]}}, "network.vswitch_id", "is empty"),
        ({"network": {"vpc_id": "vpc-1", "security_group_id": ""}}, "network.security_group_id", "is empty"),
        ({"network": {"vpc_id": URN, "security_group_id": "sg-1"}}, "network.vpc_id", "URN"),
        ({"data_sources": [{"kind": "custom_dataset", "dataset_id": ""}]}, "data_sources[0].dataset_id", "is empty"),
        ({"code_source": {"code_source_id": ""}}, "code_source.code_source_id", "is empty"),
        ({"resources": {"source": "quota", "quota_id": ""}}, "resources.quota_id", "is empty"),
        ({"workspace_id": ""}, "workspace_id", "is empty"),
        ({"display_name": "bad name!"}, "display_name", "1-256 letters"),
        ({"display_name": 7}, "display_name", "display_name must be a string, got a number"),
        ({"command": ""}, "command", "at least 1"),
        ({"ram_role": "dlc-job"}, "ram_role.role_arn", "acs:ram::"),
        ({"envs": {"1A": "x"}}, "envs", "not an environment variable name"),
        ({"priority": 10}, "priority", "1 (lowest) to 9"),
        ({"nmae": "x"}, "nmae", "unknown input 'nmae'; valid inputs: accessibility, advanced"),
        ({"tags": {"dlc-provider:token": "x"}}, "tags", "reserved"),
        ({"advanced": {"ray_redis_password": {"value": SECRET}}}, "advanced.ray_redis_password",
         "must be a string, got a map", {"secrets": (SECRET,)}),
        ({"advanced": {"custom_ports": ["x" * 100]}}, "advanced.custom_ports[0]", "…"),
    ),
]
