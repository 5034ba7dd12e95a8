"""The resources: networking (VPC, vSwitch, security group and rules, NAT gateway, EIP, SNAT).

Each resource has an Args dataclass and an ArgsDict TypedDict (pass either, or keyword arguments), a
dynamic provider, and a `pulumi.dynamic.Resource` subclass with typed outputs:

    from dlc_provider.resources import Vpc, VSwitch
    vpc = Vpc("net", cidr_block="10.0.0.0/16", name="training")
    VSwitch("a", vpc_id=vpc.id, zone_id="cn-hangzhou-h", cidr_block="10.0.1.0/24")

See README.md ("Networking resources" and the sections after it) for settings, adoption, idempotency
and time limits.
"""

# The families whose modules export exactly their resources re-export through their own `__all__` (a star
# import plus `__all__ += module.__all__`, both of which IDEs and type checkers follow); the rest name theirs.
from . import eip, nat, network, oss, ram, security_group, storage
from .eip import *  # noqa: F403
from .nat import *  # noqa: F403
from .network import *  # noqa: F403
from .program import TimeoutsArgs, TimeoutsArgsDict
from .provider import CloudProvider
from .security_group import *  # noqa: F403

# --- training: DLC jobs and TensorBoards (README.md, "Training jobs")
from .dlc_job import DlcJob, DlcJobArgs, DlcJobArgsDict, DlcJobProvider  # noqa: E402
from .tensorboard import Tensorboard, TensorboardArgs, TensorboardArgsDict, TensorboardProvider  # noqa: E402

# --- storage, RAM and datasets -----------------------------------------------------------------------------
from .dataset import Dataset, DatasetArgs, DatasetArgsDict, DatasetProvider  # noqa: E402
from .ram import *  # noqa: E402, F403
from .oss import *  # noqa: E402, F403
from .storage import *  # noqa: E402, F403

__all__ = [
    "CloudProvider",
    "TimeoutsArgs",
    "TimeoutsArgsDict",
    "DlcJob",
    "DlcJobArgs",
    "DlcJobArgsDict",
    "DlcJobProvider",
    "Tensorboard",
    "TensorboardArgs",
    "TensorboardArgsDict",
    "TensorboardProvider",
    "Dataset",
    "DatasetArgs",
    "DatasetArgsDict",
    "DatasetProvider",
]
__all__ += eip.__all__
__all__ += nat.__all__
__all__ += network.__all__
__all__ += security_group.__all__
__all__ += ram.__all__
__all__ += storage.__all__
__all__ += oss.__all__
