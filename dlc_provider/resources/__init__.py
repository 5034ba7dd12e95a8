"""The resources: networking (VPC, vSwitch, security group and rules, NAT gateway, EIP, SNAT).

Each resource has an Args dataclass and an ArgsDict TypedDict (pass either, or keyword arguments), a
dynamic provider, and a `pulumi.dynamic.Resource` subclass with typed outputs:

    from dlc_provider.resources import Vpc, VSwitch
    vpc = Vpc("net", cidr_block="10.0.0.0/16", name="training")
    VSwitch("a", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")

See README.md ("Networking resources" and the sections after it) for settings, adoption, idempotency
and time limits.
"""

from .eip import (
    Eip,
    EipArgs,
    EipArgsDict,
    EipAssociation,
    EipAssociationArgs,
    EipAssociationArgsDict,
    EipAssociationProvider,
    EipProvider,
)
from .nat import (
    NatGateway,
    NatGatewayArgs,
    NatGatewayArgsDict,
    NatGatewayProvider,
    SnatEntry,
    SnatEntryArgs,
    SnatEntryArgsDict,
    SnatEntryProvider,
)
from .network import VSwitch, VSwitchArgs, VSwitchArgsDict, VSwitchProvider, Vpc, VpcArgs, VpcArgsDict, VpcProvider
from .program import TimeoutsArgs, TimeoutsArgsDict
from .provider import CloudProvider
from .security_group import (
    SecurityGroup,
    SecurityGroupArgs,
    SecurityGroupArgsDict,
    SecurityGroupProvider,
    SecurityGroupRule,
    SecurityGroupRuleArgs,
    SecurityGroupRuleArgsDict,
    SecurityGroupRuleProvider,
)

__all__ = [
    "CloudProvider",
    "Eip",
    "EipArgs",
    "EipArgsDict",
    "EipAssociation",
    "EipAssociationArgs",
    "EipAssociationArgsDict",
    "EipAssociationProvider",
    "EipProvider",
    "NatGateway",
    "NatGatewayArgs",
    "NatGatewayArgsDict",
    "NatGatewayProvider",
    "SecurityGroup",
    "SecurityGroupArgs",
    "SecurityGroupArgsDict",
    "SecurityGroupProvider",
    "SecurityGroupRule",
    "SecurityGroupRuleArgs",
    "SecurityGroupRuleArgsDict",
    "SecurityGroupRuleProvider",
    "SnatEntry",
    "SnatEntryArgs",
    "SnatEntryArgsDict",
    "SnatEntryProvider",
    "TimeoutsArgs",
    "TimeoutsArgsDict",
    "VSwitch",
    "VSwitchArgs",
    "VSwitchArgsDict",
    "VSwitchProvider",
    "Vpc",
    "VpcArgs",
    "VpcArgsDict",
    "VpcProvider",
]

# --- training: DLC jobs and TensorBoards (README.md, "Training jobs")
from .dlc_job import DlcJob, DlcJobArgs, DlcJobArgsDict, DlcJobProvider  # noqa: E402
from .tensorboard import Tensorboard, TensorboardArgs, TensorboardArgsDict, TensorboardProvider  # noqa: E402

__all__ += [
    "DlcJob",
    "DlcJobArgs",
    "DlcJobArgsDict",
    "DlcJobProvider",
    "Tensorboard",
    "TensorboardArgs",
    "TensorboardArgsDict",
    "TensorboardProvider",
]

# --- storage, RAM and datasets -----------------------------------------------------------------------------
from .dataset import Dataset, DatasetArgs, DatasetArgsDict, DatasetProvider
from .ram import (
    RamPolicy,
    RamPolicyArgs,
    RamPolicyArgsDict,
    RamPolicyProvider,
    RamRole,
    RamRoleArgs,
    RamRoleArgsDict,
    RamRolePolicyAttachment,
    RamRolePolicyAttachmentArgs,
    RamRolePolicyAttachmentArgsDict,
    RamRolePolicyAttachmentProvider,
    RamRoleProvider,
)
from .storage import (
    CpfsFileSystem,
    CpfsFileSystemArgs,
    CpfsFileSystemArgsDict,
    CpfsFileSystemProvider,
    NasAccessGroup,
    NasAccessGroupArgs,
    NasAccessGroupArgsDict,
    NasAccessGroupProvider,
    NasAccessRule,
    NasAccessRuleArgs,
    NasAccessRuleArgsDict,
    NasAccessRuleProvider,
    NasFileSystem,
    NasFileSystemArgs,
    NasFileSystemArgsDict,
    NasFileSystemProvider,
    NasMountTarget,
    NasMountTargetArgs,
    NasMountTargetArgsDict,
    NasMountTargetProvider,
)

__all__ += [
    "CpfsFileSystem",
    "CpfsFileSystemArgs",
    "CpfsFileSystemArgsDict",
    "CpfsFileSystemProvider",
    "Dataset",
    "DatasetArgs",
    "DatasetArgsDict",
    "DatasetProvider",
    "NasAccessGroup",
    "NasAccessGroupArgs",
    "NasAccessGroupArgsDict",
    "NasAccessGroupProvider",
    "NasAccessRule",
    "NasAccessRuleArgs",
    "NasAccessRuleArgsDict",
    "NasAccessRuleProvider",
    "NasFileSystem",
    "NasFileSystemArgs",
    "NasFileSystemArgsDict",
    "NasFileSystemProvider",
    "NasMountTarget",
    "NasMountTargetArgs",
    "NasMountTargetArgsDict",
    "NasMountTargetProvider",
    "RamPolicy",
    "RamPolicyArgs",
    "RamPolicyArgsDict",
    "RamPolicyProvider",
    "RamRole",
    "RamRoleArgs",
    "RamRoleArgsDict",
    "RamRolePolicyAttachment",
    "RamRolePolicyAttachmentArgs",
    "RamRolePolicyAttachmentArgsDict",
    "RamRolePolicyAttachmentProvider",
    "RamRoleProvider",
]
