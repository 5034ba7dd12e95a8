"""PAI-DLC jobs in the user's VPC: the network must exist, pods get vSwitch addresses, and an active job's
network interfaces block deleting its vSwitch and security group, as on the real cloud."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from alibabacloud_ecs20140526 import models as ecs
from alibabacloud_pai_dlc20201203 import models as dlc
from alibabacloud_vpc20160428 import models as vpc

from dlc_provider.fake.pai_dlc.testing import dlc_client, job_request, job_spec

from .builders import REGION, create_nat, create_security_group, create_vpc, create_vswitch
from .doors import Door, api_error

FOREVER = {"FAKE_DLC_RUN_SECONDS": "forever"}


@dataclass
class Net:
    vpc_id: str
    vswitch_id: str
    group_id: str

    def user_vpc(self, **overrides: object) -> dlc.CreateJobRequestUserVpc:
        fields = {"vpc_id": self.vpc_id, "switch_id": self.vswitch_id, "security_group_id": self.group_id,
                  "extended_cidrs": ["10.0.0.0/8"], **overrides}
        return dlc.CreateJobRequestUserVpc(**fields)


def network(door: Door, cidr: str = "10.0.0.0/16", vswitch_cidr: str = "10.0.1.0/24") -> Net:
    vpc_id = create_vpc(door, cidr)
    return Net(vpc_id, create_vswitch(door, vpc_id, vswitch_cidr), create_security_group(door, vpc_id))


def test_pods_take_addresses_in_the_vswitch(door: Door) -> None:
    net = network(door)
    create_nat(door, net.vpc_id, net.vswitch_id)
    client = dlc_client(door.endpoint)
    first = client.create_job(job_request(user_vpc=net.user_vpc(), envs=FOREVER,
                                          specs=[job_spec("Master"), job_spec("Worker", pod_count=3)]))
    second = client.create_job(job_request(user_vpc=net.user_vpc(), envs=FOREVER))
    pods = [pod for body in (first.body, second.body)
            for pod in client.get_job(body.job_id, dlc.GetJobRequest()).body.pods]
    addresses = [pod.ip for pod in pods]
    assert len(addresses) == 5 and len(set(addresses)) == 5
    block = ipaddress.IPv4Network("10.0.1.0/24")
    assert all(ipaddress.IPv4Address(ip) in block for ip in addresses)
    assert "10.0.1.2" not in addresses  # the NAT gateway's address
    assert all(pod.pod_ips[0].ip == pod.ip and pod.node_name.startswith(REGION) for pod in pods)


def test_without_a_vswitch_pods_live_in_dlc_network(door: Door) -> None:
    client = dlc_client(door.endpoint)
    job_id = client.create_job(job_request(specs=[job_spec(pod_count=2)], envs=FOREVER)).body.job_id
    pods = client.get_job(job_id, dlc.GetJobRequest()).body.pods
    assert all(pod.ip.startswith("10.") for pod in pods) and pods[0].ip != pods[1].ip


def test_extended_cidrs_required_with_a_vswitch(door: Door) -> None:
    net = network(door)
    client = dlc_client(door.endpoint)
    assert client.create_job(job_request(user_vpc=net.user_vpc())).body.job_id
    with api_error("InvalidParameter.UserVpc.ExtendedCIDRs", 400):
        client.create_job(job_request(user_vpc=net.user_vpc(extended_cidrs=[])))
    with api_error("InvalidParameter.UserVpc.ExtendedCIDRs", 400):
        client.create_job(job_request(user_vpc=net.user_vpc(extended_cidrs=["10.0.0.0/33"])))


def test_network_must_exist_and_match(door: Door) -> None:
    net = network(door)
    other = network(door, "192.168.0.0/16", "192.168.1.0/24")
    client = dlc_client(door.endpoint)
    cases = {
        "InvalidParameter.UserVpc.VpcId": net.user_vpc(vpc_id="vpc-bp1missing0000000000"),
        "InvalidParameter.UserVpc.SwitchId": net.user_vpc(switch_id="vsw-bp1missing0000000000"),
        "InvalidParameter.UserVpc.SecurityGroupId": net.user_vpc(security_group_id="sg-bp1missing00000000000"),
    }
    for code, user_vpc in cases.items():
        with api_error(code, 400):
            client.create_job(job_request(user_vpc=user_vpc))
    with api_error("InvalidParameter.UserVpc.SwitchId", 400) as error:
        client.create_job(job_request(user_vpc=net.user_vpc(switch_id=other.vswitch_id)))
    assert "is not in the VPC" in error.value.message
    with api_error("InvalidParameter.UserVpc.SecurityGroupId", 400):
        client.create_job(job_request(user_vpc=net.user_vpc(security_group_id=other.group_id)))
    with api_error("InvalidParameter.UserVpc.VpcId", 400):
        client.create_job(job_request(user_vpc=net.user_vpc(vpc_id=None)))
    assert client.create_job(job_request(user_vpc=dlc.CreateJobRequestUserVpc(vpc_id=net.vpc_id))).body.job_id


def test_cpfs_and_lingjun_spot_run_with_a_vpc(door: Door) -> None:
    net = network(door)
    client = dlc_client(door.endpoint)
    cpfs = dlc.CreateJobRequestDataSources(uri="nas://cpfs-0a1b2c3d4e5f6a7b.cn-hangzhou/share/", mount_path="/mnt")
    assert client.create_job(job_request(user_vpc=net.user_vpc(), data_sources=[cpfs])).body.job_id
    spot = job_spec(ecs_spec="ml.gu7ef.c96m1600.8-gu100", use_spot_instance=True,
                    spot_spec=dlc.SpotSpec(spot_discount_limit=0.3))
    job_id = client.create_job(job_request(user_vpc=net.user_vpc(), specs=[spot])).body.job_id
    assert [h.status for h in client.get_job(job_id, dlc.GetJobRequest()).body.status_history][2] == "Bidding"


def test_an_active_job_blocks_deleting_its_vswitch_and_security_group(door: Door) -> None:
    net = network(door)
    client = dlc_client(door.endpoint)
    job_id = client.create_job(job_request(user_vpc=net.user_vpc(), envs=FOREVER)).body.job_id
    delete_group = ecs.DeleteSecurityGroupRequest(region_id=REGION, security_group_id=net.group_id)
    delete_vswitch = vpc.DeleteVSwitchRequest(region_id=REGION, v_switch_id=net.vswitch_id)
    with api_error("DependencyViolation", 403) as error:
        door.ecs().delete_security_group(delete_group)
    assert "NetworkInterface" in error.value.message
    with api_error("DependencyViolation", 400):
        door.vpc().delete_vswitch(delete_vswitch)

    client.stop_job(job_id)
    assert client.get_job(job_id, dlc.GetJobRequest()).body.status == "Stopped"
    door.ecs().delete_security_group(delete_group)
    door.vpc().delete_vswitch(delete_vswitch)
