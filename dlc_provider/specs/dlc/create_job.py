"""The exact CreateJob request of a validated spec, as the official SDK sends it.

``to_create_job_request`` builds ``alibabacloud_pai_dlc20201203.models.CreateJobRequest``; its
``to_map()`` is the JSON body on the wire. The request carries the create token in ``Settings.Tags``
(CreateJob has no ClientToken) and the registry password only in ``JobSpecs[].ImageConfig.Password``.

Instance RAM role (``CredentialConfig``), a choice documented here because the API reference does not
say how the console's three options are expressed: ``none`` sends no CredentialConfig; ``pai_default``
enables credential injection with one role item and no role ARN (the form public DLC code uses for
the PAI default role); ``custom`` names the role ARN with ``RoleType: service`` and the account from
the ARN in ``AssumeRoleFor``, as public code submitting DLC jobs with a job role does.
"""

from __future__ import annotations

import json
from typing import Any

from alibabacloud_pai_dlc20201203.models import CreateJobRequest

from .advanced import CustomRamRole, PaiDefaultRamRole, ram_role_account
from .common import LINGJUN_REGIONS, MAX_REQUEST_BYTES, TOKEN_TAG_KEY, JobSpec as DlcJobSpec, format_number
from .environment import RegistryImage, image_registry_host, mount_options_json
from .frameworks import JOB_TYPES, Role
from .network import DEFAULT_ROUTES
from .resources import IDLE_RESOURCES_WIRE

__all__ = ["RequestTooLargeError", "body_size", "create_job_body", "to_create_job_request"]

#: ``CredentialConfig`` key naming the injected role; "0" as the console and public code send it.
CREDENTIAL_KEY = "0"
MAX_TOKEN_LENGTH = 64


class RequestTooLargeError(ValueError):
    """The CreateJob request is over PAI-DLC's 65,536-byte limit."""


def body_size(value: Any) -> int:
    """Bytes of the JSON body the SDK sends for a request (or one part of it)."""
    data = value.to_map() if isinstance(value, CreateJobRequest) else value
    return len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _image(image: Any) -> dict[str, Any]:
    wire: dict[str, Any] = {"Image": image.uri}
    if isinstance(image, RegistryImage) and (image.password is not None or image.auth is not None):
        config: dict[str, Any] = {}
        if image.username is not None and image.password is not None:
            config = {"Username": image.username, "Password": image.password.get_secret_value()}
        if image.auth is not None:
            config["Auth"] = image.auth.get_secret_value()
        registry = image.registry or image_registry_host(image.uri)
        if registry:
            config["DockerRegistry"] = registry
        wire["ImageConfig"] = config
    return wire


def _resource_config(role: Role) -> dict[str, str]:
    config: dict[str, str] = {}
    if role.cpu is not None:
        config["CPU"] = format_number(role.cpu)
    if role.gpu is not None:
        config["GPU"] = str(role.gpu)
    if role.gpu_type is not None:
        config["GPUType"] = role.gpu_type
    if role.memory is not None:
        config["Memory"] = role.memory
    if role.shared_memory is not None:
        config["SharedMemory"] = role.shared_memory
    return config


def _job_specs(spec: DlcJobSpec) -> list[dict[str, Any]]:
    default_bid = spec.resources.bid if spec.resources.source == "preemptible" else None
    specs = []
    for _, wire_type, role in spec.roles.present():
        job_spec: dict[str, Any] = {"Type": wire_type, "PodCount": role.count}
        image = role.image or spec.image
        if image is not None:
            job_spec.update(_image(image))
        if role.spec is not None:
            job_spec["EcsSpec"] = role.spec
        if config := _resource_config(role):
            job_spec["ResourceConfig"] = config
        if bid := role.bid or default_bid:
            job_spec["SpotSpec"] = bid.wire()
        assign = role.assign_node_wire()
        if role.node_names:
            assign["NodeNames"] = ",".join(role.node_names)
        if assign:
            job_spec["AssignNodeSpec"] = {"EnableAssignNode": True, **assign}
        job_spec.update(role.job_spec_wire())
        specs.append(job_spec)
    return specs


def _data_sources(spec: DlcJobSpec) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for source in spec.data_sources:
        item: dict[str, Any] = {"DataSourceId": source.dataset_id}
        if source.kind == "custom_dataset" and source.version is not None:
            item["DataSourceVersion"] = source.version
        if source.read_only is not None:
            item["MountAccess"] = "RO" if source.read_only else "RW"
        if source.mount_path is not None:
            item["MountPath"] = source.mount_path
        item.update(source.access_wire())
        out.append(item)
    for mount in spec.storage_mounts:
        item = {"Uri": mount.uri, "MountPath": mount.mount_path}
        if mount.read_only is not None:
            item["MountAccess"] = "RO" if mount.read_only else "RW"
        if options := mount_options_json(mount):
            item["Options"] = options
        item.update(mount.access_wire())
        out.append(item)
    return out


def _settings(spec: DlcJobSpec, token: str) -> dict[str, Any]:
    settings: dict[str, Any] = {"Tags": {**spec.tags, TOKEN_TAG_KEY: token}}
    if spec.fault_tolerance is not None:
        settings["EnableErrorMonitoringInAIMaster"] = spec.fault_tolerance.enabled
        if spec.fault_tolerance.args is not None:
            settings["ErrorMonitoringArgs"] = spec.fault_tolerance.args
    if spec.sanity_check is not None:
        settings["EnableSanityCheck"] = spec.sanity_check.enabled
        if spec.sanity_check.args is not None:
            settings["SanityCheckArgs"] = spec.sanity_check.args
    resources = spec.resources
    if resources.source == "quota":
        if resources.idle_resources is not None:
            settings["OversoldType"] = IDLE_RESOURCES_WIRE[resources.idle_resources]
        if resources.cpu_affinity is not None:
            settings["EnableCPUAffinity"] = resources.cpu_affinity
        if resources.tidal_resources is not None:
            settings["EnableTideResource"] = resources.tidal_resources
    if spec.retention is not None:
        settings["JobReservedMinutes"] = spec.retention.minutes
        if spec.retention.policy is not None:
            settings["JobReservedPolicy"] = spec.retention.policy
    if advanced := spec.advanced.wire():
        settings["AdvancedSettings"] = advanced
    if spec.settings is not None:
        settings.update(spec.settings.to_wire())
    return settings


def _credential_config(spec: DlcJobSpec) -> dict[str, Any] | None:
    role = spec.ram_role
    if isinstance(role, PaiDefaultRamRole):
        roles: list[dict[str, Any]] = []
    elif isinstance(role, CustomRamRole):
        roles = [{"RoleArn": role.role_arn, "RoleType": "service", "AssumeRoleFor": ram_role_account(role.role_arn)}]
    else:
        return None
    return {
        "EnableCredentialInject": True,
        "AliyunEnvRoleKey": CREDENTIAL_KEY,
        "CredentialConfigItems": [{"Key": CREDENTIAL_KEY, "Type": "Role", "Roles": roles}],
    }


def create_job_body(spec: DlcJobSpec, token: str) -> dict[str, Any]:
    """The request as a wire-named dict (before the SDK model adds its empty lists)."""
    body: dict[str, Any] = {
        "DisplayName": spec.display_name,
        "JobType": JOB_TYPES[spec.framework],
        "JobSpecs": _job_specs(spec),
        "UserCommand": spec.command,
        "DataSources": _data_sources(spec),
        "Settings": _settings(spec, token),
    }
    optional = {
        "Description": spec.description,
        "WorkspaceId": spec.workspace_id,
        "ResourceId": spec.resources.quota_id if spec.resources.source == "quota" else None,
        "Priority": spec.priority,
        "JobMaxRunningTimeMinutes": spec.max_running_time_minutes,
        "Envs": spec.envs or None,
        "ThirdpartyLibs": spec.thirdparty_libs or None,
        "ThirdpartyLibDir": spec.thirdparty_lib_dir,
        "SuccessPolicy": spec.success_policy,
        "Options": spec.data_source_options,
        "Accessibility": spec.accessibility,
        "CredentialConfig": _credential_config(spec),
        "CustomEnvs": [env.to_wire() for env in spec.custom_envs] or None,
        "ElasticSpec": spec.elastic_spec.to_wire() if spec.elastic_spec is not None else None,
        "SchedulingStrategy": spec.scheduling_strategy,
        "TemplateId": spec.template_id,
        "TemplateVersion": spec.template_version,
        "DebuggerConfigContent": spec.debugger_config_content,
    }
    body.update({key: value for key, value in optional.items() if value is not None})
    if spec.code_source is not None:
        code = spec.code_source
        wire_code = {
            "CodeSourceId": code.code_source_id,
            "Branch": code.branch,
            "Commit": code.commit,
            "MountPath": code.mount_path,
            "IsSharedMountPath": code.shared_mount_path,
        }
        body["CodeSource"] = {key: value for key, value in wire_code.items() if value is not None}
    if spec.network is not None:
        network = spec.network
        vpc: dict[str, Any] = {"VpcId": network.vpc_id}
        if network.vswitch_id is not None:
            vpc["SwitchId"] = network.vswitch_id
        if network.security_group_id is not None:
            vpc["SecurityGroupId"] = network.security_group_id
        if network.extended_cidrs:
            vpc["ExtendedCIDRs"] = list(network.extended_cidrs)
        if network.internet_gateway is not None:
            vpc["DefaultRoute"] = DEFAULT_ROUTES[network.internet_gateway]
        body["UserVpc"] = vpc
    return body


def to_create_job_request(
    spec: DlcJobSpec, *, region: str | None, token: str, check_size: bool = True
) -> CreateJobRequest:
    """The SDK's CreateJobRequest for ``spec``.

    ``region`` is not part of the body (the endpoint carries it); it is checked against Lingjun's regions.
    ``token`` goes into ``Settings.Tags[TOKEN_TAG_KEY]``. Raises ``RequestTooLargeError`` over 65,536 bytes.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise ValueError(f"the create token is 1-{MAX_TOKEN_LENGTH} characters")
    if region is not None and spec.resource_type == "lingjun" and region not in LINGJUN_REGIONS:
        raise ValueError(f"Lingjun resources are not offered in {region}")
    request = CreateJobRequest().from_map(create_job_body(spec, token))
    if check_size and (size := body_size(request)) > MAX_REQUEST_BYTES:
        raise RequestTooLargeError(
            f"the CreateJob request is {size:,} bytes, over PAI-DLC's limit of {MAX_REQUEST_BYTES:,} bytes"
        )
    return request
