"""`TrainingStack`: the VPC, gateway, storage, dataset, RAM role and DLC job of one experiment, wired.

Every child hangs off the component and the job depends on everything it uses, so `pulumi destroy`
removes the job first and the network last. Settings and their rules are in `settings`.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ..resources.dataset import Dataset
from ..resources.dlc_job import DlcJob, DlcJobArgs
from ..resources.eip import Eip, EipAssociation
from ..resources.nat import NatGateway, SnatEntry
from ..resources.network import VSwitch, Vpc
from ..resources.ram import RamPolicy, RamRole, RamRolePolicyAttachment
from ..resources.security_group import SecurityGroup, SecurityGroupRule
from ..resources.storage import CpfsFileSystem, NasAccessGroup, NasAccessRule, NasFileSystem, NasMountTarget
from .checkpoints import checkpoint_bucket
from .settings import (
    DEFAULT_CAPACITY,
    DEFAULT_STORAGE_CLASS,
    ZONED_STORAGE,
    TrainingStackArgs,
    TrainingStackError,
    check_settings,
    vswitch_blocks,
)

__all__ = ["TrainingStack"]

DEFAULT_VPC_CIDR = "10.0.0.0/16"
#: Job inputs the stack owns; set them through the stack's settings instead.
_OWNED_JOB_INPUTS = {
    "network": "vpc_id, vswitch_ids, security_group_id and internet_gateway",
    "ram_role": "role",
}
_NAS_FILE_SYSTEM_TYPE = {"nas": "standard", "extreme_nas": "extreme"}


def _id_of(value: Any) -> Any:
    """An ID input, or the ID of a resource passed in its place."""
    return value.id if isinstance(value, pulumi.CustomResource) else value


def _attr_of(value: Any, name: str) -> Any:
    """An attribute (`cidr_block`, `zone_id`) of a resource passed in place of an ID; None for an ID. An
    Output ID must not be asked: `Output.__getattr__` lifts any name and fails only when it resolves."""
    return getattr(value, name, None) if isinstance(value, pulumi.CustomResource) else None


def _job_inputs(job: Any) -> dict[str, Any]:
    if isinstance(job, DlcJobArgs):
        values = {f.name: getattr(job, f.name) for f in dataclasses.fields(job)}
    elif isinstance(job, Mapping):
        values = dict(job)
    else:
        raise TrainingStackError(f"job: a DlcJobArgs or a dict of DlcJob inputs, not {type(job).__name__}")
    values = {k: v for k, v in values.items() if v is not None}
    for key, instead in _OWNED_JOB_INPUTS.items():
        if key in values:
            raise TrainingStackError(f"job.{key}: set by the TrainingStack; use its {instead} settings")
    return values


def _region() -> str:
    region = pulumi.Config("alicloud").get("region") or os.environ.get("ALIBABA_CLOUD_REGION_ID")
    if not region:
        raise TrainingStackError("alicloud:region: required (pulumi config set alicloud:region cn-hangzhou)")
    return region


def _first_blocks(vpc_cidr: str, count: int) -> list[str]:
    """`vswitch_blocks` for a VPC CIDR known only once an Output resolves (the rule ran without it)."""
    try:
        return vswitch_blocks(vpc_cidr, count)
    except ValueError as error:
        raise TrainingStackError(f"zone_ids: {error}") from None


def _zones(args: TrainingStackArgs) -> list[Any]:
    """The vSwitches' zones: `zone_ids`, else those of the vSwitch resources passed (None for an ID)."""
    if args.zone_ids or not args.vswitch_ids:
        return list(args.zone_ids or [])
    return [_attr_of(v, "zone_id") for v in args.vswitch_ids]


def _storage_zone(zones: Sequence[Any], storage: str) -> Any:
    """The zone a one-zone file system (`ZONED_STORAGE`) is made in: the first vSwitch's."""
    zone = zones[0] if zones else None
    if zone is None:
        raise TrainingStackError(f"zone_ids: required to create {ZONED_STORAGE[storage]} next to existing "
                                 "vSwitches given by ID (the zone of the first vSwitch)")
    return zone


class TrainingStack(pulumi.ComponentResource):
    """A PAI-DLC training job with its VPC, internet gateway, storage, dataset and RAM role.

    Example:
        TrainingStack("exp", zone_ids=["cn-hangzhou-h"], storage="nas", dataset_name="imagenet",
                      internet_gateway="private", role="new",
                      job={"framework": "pytorch", "command": "torchrun train.py",
                           "image": "registry.example.com/team/train:1.0",
                           "roles": {"worker": {"count": 2, "spec": "ecs.gn6i-c4g1.xlarge"}}})

    Outputs: `job_id`, `job_status`, `console_url`, `vpc_id`, `vswitch_ids`, `security_group_id`,
    `nat_gateway_id`, `file_system_id`, `mount_domain`, `dataset_id`, `role_arn`, `region`,
    `checkpoint_bucket`, `checkpoint_uri` (None where the choice makes no such thing). Child resources are attributes too (`vpc`, `vswitches`, `job`, ...).
    """

    job_id: pulumi.Output[str]
    job_status: pulumi.Output[str]
    console_url: pulumi.Output[str]
    vpc_id: pulumi.Output[str]
    vswitch_ids: pulumi.Output[list[str]]
    security_group_id: pulumi.Output[str]
    nat_gateway_id: pulumi.Output[str | None]
    file_system_id: pulumi.Output[str | None]
    mount_domain: pulumi.Output[str | None]
    dataset_id: pulumi.Output[str | None]
    role_arn: pulumi.Output[str | None]
    region: pulumi.Output[str]
    checkpoint_bucket: pulumi.Output[str | None]
    checkpoint_uri: pulumi.Output[str | None]

    def __init__(self, name: str, args: TrainingStackArgs | None = None,
                 opts: pulumi.ResourceOptions | None = None, **kwargs: Any) -> None:
        if args is None:
            args = TrainingStackArgs(**kwargs)
        elif kwargs:
            args = dataclasses.replace(args, **kwargs)
        prefix = args.name_prefix or f"{name}-{pulumi.get_stack()}".lower()
        vpc_cidr_input = args.vpc_cidr
        if vpc_cidr_input is None:
            vpc_cidr_input = _attr_of(args.vpc_id, "cidr_block") if args.vpc_id is not None else DEFAULT_VPC_CIDR
        plain_cidr = vpc_cidr_input if isinstance(vpc_cidr_input, str) else None
        check_settings(args, prefix, plain_cidr, vpc_cidr_input is not None)
        job_inputs = _job_inputs(args.job)
        region = _region()
        if args.storage in ZONED_STORAGE and args.file_system_id is None and args.vswitch_ids:
            _storage_zone(_zones(args), args.storage)  # fail before any resource is declared

        super().__init__("dlc:components:TrainingStack", name, None, opts)
        self._name, self._prefix, self._args = name, prefix, args
        self._tags = dict(args.tags or {})
        self._child = pulumi.ResourceOptions(parent=self)
        self._workspace_id = job_inputs.get("workspace_id")
        self._job_needs: list[pulumi.Resource] = []
        self.vpc_cidr: pulumi.Output[str] = pulumi.Output.from_input(vpc_cidr_input)

        self._network()
        self._gateway()
        self._storage(region)
        self.checkpoints = checkpoint_bucket(args, name, prefix, self._tags, self._child)
        self.checkpoint_bucket = pulumi.Output.from_input(self.checkpoints.name if self.checkpoints else None)
        self.checkpoint_uri = self.checkpoints.uri if self.checkpoints else pulumi.Output.from_input(None)
        if self.checkpoints is not None:
            self._storage_mounts.append(self.checkpoints.mount)
        self._role()
        self.job = self._job(job_inputs)

        self.job_id = self.job.job_id
        self.job_status = self.job.status
        self.console_url = self.job.console_url
        self.region = pulumi.Output.from_input(region)
        self.register_outputs({
            "job_id": self.job_id, "job_status": self.job_status, "console_url": self.console_url,
            "vpc_id": self.vpc_id, "vswitch_ids": self.vswitch_ids, "security_group_id": self.security_group_id,
            "nat_gateway_id": self.nat_gateway_id, "file_system_id": self.file_system_id,
            "mount_domain": self.mount_domain, "dataset_id": self.dataset_id, "role_arn": self.role_arn,
            "region": self.region, "checkpoint_bucket": self.checkpoint_bucket, "checkpoint_uri": self.checkpoint_uri,
        })

    # --- network ------------------------------------------------------------------------------------------

    def _network(self) -> None:
        args, name, prefix = self._args, self._name, self._prefix
        self.vpc: Vpc | None = None
        if args.vpc_id is None:
            self.vpc = Vpc(f"{name}-vpc", cidr_block=self.vpc_cidr, name=f"{prefix}-vpc",
                           tags=self._tags or None, opts=self._child)
            vpc_id: Any = self.vpc.id
        else:
            vpc_id = _id_of(args.vpc_id)
        self.vpc_id = pulumi.Output.from_input(vpc_id)

        self.vswitches: list[VSwitch] = []
        self._zones: list[Any] = _zones(args)
        if args.vswitch_ids:
            ids = [_id_of(v) for v in args.vswitch_ids]
        else:
            zones = list(args.zone_ids or [])
            if args.vswitch_cidrs is not None:
                blocks: Sequence[Any] = list(args.vswitch_cidrs)
            else:
                blocks = [self.vpc_cidr.apply(lambda cidr, i=i, n=len(zones): _first_blocks(cidr, n)[i])
                          for i in range(len(zones))]
            self.vswitches = [
                VSwitch(f"{name}-vsw-{i}", vpc_id=vpc_id, zone_id=zone, cidr_block=block,
                        name=f"{prefix}-{zone}", tags=self._tags or None, opts=self._child)
                for i, (zone, block) in enumerate(zip(zones, blocks, strict=True))
            ]
            ids = [v.id for v in self.vswitches]
            # Storage made in a vSwitch's zone takes it from the vSwitch: it then comes after the vSwitch in
            # the dependency graph, and `destroy` (which deletes layer by layer) removes it with the gateway,
            # not in the last layer beside the VPC, where its slow delete would be the last thing waited for.
            self._zones = [v.zone_id for v in self.vswitches]
        self._vswitch_ids: list[Any] = ids
        self.vswitch_ids = pulumi.Output.all(*ids).apply(list)

        self.security_group: SecurityGroup | None = None
        if args.security_group_id is not None:
            self.security_group_id = pulumi.Output.from_input(_id_of(args.security_group_id))
            return
        self.security_group = SecurityGroup(
            f"{name}-sg", vpc_id=vpc_id, name=f"{prefix}-sg",
            description="Training job nodes: the VPC may reach them, they may reach anything",
            tags=self._tags or None, opts=self._child,
        )
        # Distributed training opens ports chosen at run time (NCCL, the rendezvous), so the VPC may reach
        # every port of the nodes; nothing outside it may. Egress is open in a new group already.
        intra = SecurityGroupRule(
            f"{name}-sg-vpc-ingress", security_group_id=self.security_group.id, direction="ingress",
            ip_protocol="all", cidr_ip=self.vpc_cidr, description="Nodes of the job reach each other",
            opts=self._child,
        )
        self._job_needs.append(intra)
        self.security_group_id = self.security_group.id

    def _gateway(self) -> None:
        args, name, prefix = self._args, self._name, self._prefix
        self.nat_gateway: NatGateway | None = None
        self.eip: Eip | None = None
        self.snat_entries: list[SnatEntry] = []
        if args.internet_gateway != "private":
            self.nat_gateway_id = pulumi.Output.from_input(None)
            return
        self.nat_gateway = NatGateway(f"{name}-nat", vpc_id=self.vpc_id, vswitch_id=self._vswitch_ids[0],
                                      name=f"{prefix}-nat", tags=self._tags or None, opts=self._child)
        self.eip = Eip(f"{name}-eip", bandwidth=args.eip_bandwidth, name=f"{prefix}-eip",
                       tags=self._tags or None, opts=self._child)
        association = EipAssociation(f"{name}-eip-nat", allocation_id=self.eip.id,
                                     instance_id=self.nat_gateway.id, instance_type="Nat", opts=self._child)
        after_association = pulumi.ResourceOptions.merge(self._child, pulumi.ResourceOptions(depends_on=[association]))
        self.snat_entries = [
            SnatEntry(f"{name}-snat-{i}", snat_table_id=self.nat_gateway.snat_table_id,
                      snat_ips=[self.eip.ip_address], source_vswitch_id=vswitch_id, name=f"{prefix}-snat-{i}",
                      opts=after_association)
            for i, vswitch_id in enumerate(self._vswitch_ids)
        ]
        self._job_needs.extend(self.snat_entries)
        self.nat_gateway_id = self.nat_gateway.id

    # --- storage ------------------------------------------------------------------------------------------

    def _storage(self, region: str) -> None:
        args, name, prefix = self._args, self._name, self._prefix
        self.file_system: NasFileSystem | CpfsFileSystem | None = None
        self.mount_target: NasMountTarget | None = None
        self.dataset: Dataset | None = None
        self._storage_mounts: list[dict[str, Any]] = []
        self._data_sources: list[dict[str, Any]] = []
        none = pulumi.Output.from_input(None)
        self.file_system_id, self.mount_domain, self.dataset_id = none, none, none
        if args.storage == "none":
            return
        storage_class = args.storage_class or DEFAULT_STORAGE_CLASS[args.storage]
        capacity = args.storage_capacity or DEFAULT_CAPACITY.get(args.storage)
        description = f"{prefix} training data"
        if args.file_system_id is not None:
            fs_id: Any = _id_of(args.file_system_id)
        elif args.storage == "cpfs":
            self.file_system = CpfsFileSystem(
                f"{name}-cpfs", storage_type=storage_class, zone_id=_storage_zone(self._zones, "cpfs"),
                capacity=capacity, vpc_id=self.vpc_id, vswitch_id=self._vswitch_ids[0], description=description,
                tags=self._tags or None, opts=self._child,
            )
            fs_id = self.file_system.id
        else:
            zone = _storage_zone(self._zones, "extreme_nas") if args.storage == "extreme_nas" else (
                self._zones[0] if self._zones else None)
            self.file_system = NasFileSystem(
                f"{name}-nas", file_system_type=_NAS_FILE_SYSTEM_TYPE[args.storage], storage_type=storage_class,
                protocol_type="NFS", zone_id=zone, capacity=capacity if args.storage == "extreme_nas" else None,
                description=description, tags=self._tags or None, opts=self._child,
            )
            fs_id = self.file_system.id
        self.file_system_id = pulumi.Output.from_input(fs_id)

        mount_domain: Any = None
        if args.storage in _NAS_FILE_SYSTEM_TYPE:
            mount_domain = args.mount_domain if args.mount_domain is not None else self._mount_target(fs_id)
            self.mount_domain = pulumi.Output.from_input(mount_domain)

        mount: dict[str, Any] = {
            "kind": args.storage, "uri": pulumi.Output.concat("nas://", fs_id, f".{region}/"),
            "mount_path": args.storage_mount_path,
        }
        if args.storage == "cpfs":
            mount["vpc_id"] = self.vpc_id
        self._storage_mounts.append(mount)

        if args.dataset_name:
            self.dataset = Dataset(
                f"{name}-dataset", name=args.dataset_name, file_system_id=fs_id, mount_target_domain=mount_domain,
                path=args.dataset_path, workspace_id=self._workspace_id, mount_path=args.dataset_mount_path,
                description=f"Dataset of the {prefix} training stack", opts=self._child,
            )
            self.dataset_id = self.dataset.id
            self._data_sources.append(
                {"kind": "custom_dataset", "dataset_id": self.dataset.id, "mount_path": args.dataset_mount_path}
            )

    def _mount_target(self, fs_id: Any) -> pulumi.Output[str]:
        name, prefix = self._name, self._prefix
        fs_type = _NAS_FILE_SYSTEM_TYPE[self._args.storage]
        self.access_group = NasAccessGroup(f"{name}-access", name=f"{prefix}-access", file_system_type=fs_type,
                                           description=f"Training VPC of {prefix}", opts=self._child)
        self.access_rule = NasAccessRule(
            f"{name}-access-vpc", access_group_name=self.access_group.id, source_cidr_ip=self.vpc_cidr,
            file_system_type=fs_type, rw_access="RDWR", user_access="no_squash", opts=self._child,
        )
        self.mount_target = NasMountTarget(
            f"{name}-mount", file_system_id=fs_id, vpc_id=self.vpc_id, vswitch_id=self._vswitch_ids[0],
            access_group_name=self.access_group.id,
            opts=pulumi.ResourceOptions.merge(self._child, pulumi.ResourceOptions(depends_on=[self.access_rule])),
        )
        self._job_needs.append(self.mount_target)
        return self.mount_target.mount_domain

    # --- role and job -------------------------------------------------------------------------------------

    def _role(self) -> None:
        args, name, prefix = self._args, self._name, self._prefix
        self.role: RamRole | None = None
        self._ram_role: Any = None
        self.role_arn = pulumi.Output.from_input(None)
        if args.role == "none":
            return
        if args.role == "pai_default":
            self._ram_role = "pai_default"
            return
        if args.role != "new":
            self._ram_role = args.role
            self.role_arn = pulumi.Output.from_input(args.role)
            return
        self.role = RamRole(f"{name}-role", name=f"{prefix}-job",
                            description=f"Assumed by PAI for the {prefix} training job", opts=self._child)
        buckets = list(args.role_oss_buckets or []) + ([self.checkpoints.name] if self.checkpoints else [])
        if buckets:
            document = {"Version": "1", "Statement": [
                {"Effect": "Allow", "Action": ["oss:ListObjects", "oss:GetBucketInfo"],
                 "Resource": [f"acs:oss:*:*:{b}" for b in buckets]},
                {"Effect": "Allow", "Action": ["oss:GetObject", "oss:PutObject", "oss:DeleteObject"],
                 "Resource": [f"acs:oss:*:*:{b}/*" for b in buckets]},
            ]}
            # The policy's buckets are checked to exist when it is created: a new bucket goes first.
            made = [self.checkpoints.resource] if self.checkpoints and self.checkpoints.resource else []
            policy = RamPolicy(f"{name}-role-oss", name=f"{prefix}-job-oss", document=json.dumps(document),
                               description=f"OSS buckets of the {prefix} training job",
                               opts=pulumi.ResourceOptions.merge(self._child, pulumi.ResourceOptions(depends_on=made)))
            attachment = RamRolePolicyAttachment(f"{name}-role-oss", role_name=self.role.id, policy_name=policy.id,
                                                 policy_type="Custom", opts=self._child)
            self._job_needs.append(attachment)
        self._ram_role = self.role.arn
        self.role_arn = self.role.arn

    def _job(self, inputs: dict[str, Any]) -> DlcJob:
        args = self._args
        network: dict[str, Any] = {
            "vpc_id": self.vpc_id, "vswitch_id": self._vswitch_ids[0], "security_group_id": self.security_group_id,
            "extended_cidrs": [self.vpc_cidr],
        }
        if args.internet_gateway != "none":
            network["internet_gateway"] = args.internet_gateway
        inputs["network"] = network
        if self._ram_role is not None:
            inputs["ram_role"] = self._ram_role
        if self._storage_mounts:
            inputs["storage_mounts"] = [*(inputs.get("storage_mounts") or []), *self._storage_mounts]
        if self._data_sources:
            inputs["data_sources"] = [*(inputs.get("data_sources") or []), *self._data_sources]
        inputs.setdefault("display_name", self._prefix)
        if self._tags:
            inputs["tags"] = {**self._tags, **(inputs.get("tags") or {})}
        opts = pulumi.ResourceOptions.merge(self._child, pulumi.ResourceOptions(depends_on=self._job_needs))
        return DlcJob(f"{self._name}-job", DlcJobArgs(**inputs), opts=opts)
