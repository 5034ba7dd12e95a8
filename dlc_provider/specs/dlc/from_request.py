"""DlcJob args from a CreateJob request as the SDK sends it (``CreateJobRequest.to_map()``).

The inverse of ``create_job``: ``to_create_job_request(validate_spec(from_create_job_request(d)), …)``
gives ``d`` back (with the same token) for every request this module accepts. Fields we do not model
are refused with their names rather than dropped. Normalisations, where the wire cannot say more:
role order follows ``ROLE_ORDER``; a dataset is read back as a custom dataset; an image without
credentials as an image address; ``CredentialConfig`` with injection off as no role; the resource type
(not in the request) is Lingjun when the request uses a Lingjun-only feature (a discount bid, sanity
check, ``ml.`` node specs), else general; datasets come before storage mounts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .advanced import ADVANCED_KEYS
from .common import TOKEN_TAG_KEY
from .create_job import CREDENTIAL_KEY
from .frameworks import JOB_TYPES, RAY_WORKER_PREFIX, ROLE_ORDER, ROLE_TYPES
from .network import DEFAULT_ROUTES
from .job_options import CustomEnv, JobElasticSpec, JobSettingsOptions
from .refused import refuse
from .request_parts import UnsupportedRequestError, data_source, is_set, take
from .roles_extra import ROLE_OPTION_KEYS, HyperNodeSpec, RoleOptions
from .wire import wire_fields
from .resources import IDLE_RESOURCES_WIRE

__all__ = ["UnsupportedRequestError", "from_create_job_request"]


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _image(spec: Mapping[str, Any], where: str) -> dict[str, Any] | None:
    if "Image" not in spec:
        if "ImageConfig" in spec:
            raise UnsupportedRequestError(f"{where}: ImageConfig without Image")
        return None
    image: dict[str, Any] = {"kind": "registry", "uri": spec["Image"]}
    if "ImageConfig" in spec:
        config = take(spec["ImageConfig"], f"{where}.ImageConfig", {"DockerRegistry", "Username", "Password", "Auth"})
        if ("Username" in config) != ("Password" in config) or not ({"Password", "Auth"} & set(config)):
            raise UnsupportedRequestError(f"{where}.ImageConfig: Username and Password go together (or Auth)")
        if "Username" in config:
            image.update(username=config["Username"], password=config["Password"])
        if "Auth" in config:
            image["auth"] = config["Auth"]
        if "DockerRegistry" in config:
            image["registry"] = config["DockerRegistry"]
    return image


def _bid(spot: Mapping[str, Any], where: str) -> dict[str, Any]:
    spot = take(spot, where, {"SpotStrategy", "SpotDiscountLimit", "SpotPriceLimit"})
    if spot.get("SpotStrategy", "SpotWithPriceLimit") != "SpotWithPriceLimit":
        raise UnsupportedRequestError(f"{where}: SpotStrategy {spot['SpotStrategy']!r}")
    bid: dict[str, Any] = {}
    if "SpotDiscountLimit" in spot:
        bid["discount"] = spot["SpotDiscountLimit"]
    if "SpotPriceLimit" in spot:
        bid["price_limit"] = spot["SpotPriceLimit"]
    return bid


_JOB_SPEC_FIELDS = {
    "Type",
    "PodCount",
    "Image",
    "ImageConfig",
    "EcsSpec",
    "ResourceConfig",
    "SpotSpec",
    "AssignNodeSpec",
}
_RESOURCE_CONFIG = {
    "CPU": "cpu",
    "GPU": "gpu",
    "GPUType": "gpu_type",
    "Memory": "memory",
    "SharedMemory": "shared_memory",
}


def _role(spec: Mapping[str, Any], where: str) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]:
    """(role args without image and bid, image, bid) of one JobSpec."""
    refuse(spec, where, "JobSpec")
    spec = take(spec, where, _JOB_SPEC_FIELDS | ROLE_OPTION_KEYS)
    role: dict[str, Any] = {"count": spec.get("PodCount", 1)}
    role.update(RoleOptions.from_wire({k: v for k, v in spec.items() if k in ROLE_OPTION_KEYS}, where))
    if "EcsSpec" in spec:
        role["spec"] = spec["EcsSpec"]
    config = take(spec.get("ResourceConfig", {}), f"{where}.ResourceConfig", set(_RESOURCE_CONFIG))
    for wire, name in _RESOURCE_CONFIG.items():
        if wire in config:
            role[name] = _number(config[wire]) if wire in ("CPU", "GPU") else config[wire]
    if "AssignNodeSpec" in spec:
        role.update(_assign_node(spec["AssignNodeSpec"], f"{where}.AssignNodeSpec"))
    bid = _bid(spec["SpotSpec"], f"{where}.SpotSpec") if "SpotSpec" in spec else None
    return role, _image(spec, where), bid


def _assign_node(assign: Mapping[str, Any], where: str) -> dict[str, Any]:
    assign = take(assign, where, {"EnableAssignNode", "NodeNames", "AntiAffinityNodeNames", "HyperNodes",
                                  "AntiAffinityHyperNodes"})
    if assign.get("EnableAssignNode") is not True:
        raise UnsupportedRequestError(f"{where}: only EnableAssignNode true with the nodes to use or avoid")
    out: dict[str, Any] = {}
    for wire, name in (("NodeNames", "node_names"), ("AntiAffinityNodeNames", "anti_affinity_node_names")):
        if wire in assign:
            out[name] = [node for node in str(assign[wire]).split(",") if node]
    for wire, name in (("HyperNodes", "hyper_nodes"), ("AntiAffinityHyperNodes", "anti_affinity_hyper_nodes")):
        if wire in assign:
            out[name] = [HyperNodeSpec.from_wire(item, f"{where}.{wire}[{n}]") for n, item in enumerate(assign[wire])]
    return out


def _roles(
    job_specs: list[Mapping[str, Any]], framework: str
) -> tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]]]:
    by_type = {wire: name for name, wire in ROLE_TYPES.items()}
    roles: dict[str, Any] = {}
    ray_workers: dict[str, Any] = {}
    parsed = []
    for index, job_spec in enumerate(job_specs):
        where = f"JobSpecs[{index}]"
        wire_type = job_spec.get("Type")
        role, image, bid = _role(job_spec, where)
        parsed.append((role, image, bid))
        if wire_type in by_type:
            if by_type[wire_type] in roles:
                raise UnsupportedRequestError(f"{where}: a second {wire_type} JobSpec")
            roles[by_type[wire_type]] = role
        elif framework == "ray" and isinstance(wire_type, str) and wire_type.startswith(RAY_WORKER_PREFIX):
            ray_workers[wire_type.removeprefix(RAY_WORKER_PREFIX)] = role
        else:
            raise UnsupportedRequestError(f"{where}: unsupported Type {wire_type!r}")
    ordered = {name: roles[name] for name in ROLE_ORDER if name in roles}
    if ray_workers:
        ordered["ray_workers"] = ray_workers
    return ordered, parsed


_SETTINGS = {
    "Tags",
    "EnableErrorMonitoringInAIMaster",
    "ErrorMonitoringArgs",
    "EnableSanityCheck",
    "SanityCheckArgs",
    "OversoldType",
    "EnableCPUAffinity",
    "EnableTideResource",
    "JobReservedMinutes",
    "JobReservedPolicy",
    "AdvancedSettings",
    *wire_fields(JobSettingsOptions),
}
_SETTINGS_OPTIONS = wire_fields(JobSettingsOptions)
_QUOTA_SETTINGS = {
    "OversoldType": "idle_resources",
    "EnableCPUAffinity": "cpu_affinity",
    "EnableTideResource": "tidal_resources",
}


_ADVANCED_BOOLS = {
    "nvidia_ibgda",
    "nvidia_gdrcopy",
    "numa_core_binding",
    "resource_pre_check",
    "all_workers_networking",
}
_ADVANCED_INTS = {"custom_port_count", "ray_submitter_backoff_limit", "ray_object_store_memory_bytes"}


def _advanced(settings: Mapping[str, Any]) -> dict[str, Any]:
    by_key = {key: name for name, key in ADVANCED_KEYS.items()}
    advanced: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for key, value in settings.items():
        name = by_key.get(key)
        text = str(value)
        if name is None:
            extra[key] = text
        elif name in _ADVANCED_BOOLS:
            if text not in ("true", "false"):
                raise UnsupportedRequestError(f"Settings.AdvancedSettings.{key}: {text!r} is not true or false")
            advanced[name] = text == "true"
        elif name in _ADVANCED_INTS:
            advanced[name] = int(text)
        elif name == "custom_ports":
            advanced[name] = [int(item) if item.isdigit() else item for item in text.split(";") if item]
        else:
            advanced[name] = text
    if extra:
        advanced["extra"] = extra
    return advanced


def _ram_role(config: Mapping[str, Any]) -> Any:
    config = take(config, "CredentialConfig", {"EnableCredentialInject", "AliyunEnvRoleKey", "CredentialConfigItems"})
    if not config.get("EnableCredentialInject"):
        return "none"
    items = config.get("CredentialConfigItems", [])
    shape = {key: value for key, value in config.items() if key != "CredentialConfigItems"}
    if shape != {"EnableCredentialInject": True, "AliyunEnvRoleKey": CREDENTIAL_KEY} or len(items) != 1:
        raise UnsupportedRequestError("CredentialConfig: only one injected role under key '0' is supported")
    item = take(items[0], "CredentialConfig.CredentialConfigItems[0]", {"Key", "Type", "Roles"})
    if item.get("Key") != CREDENTIAL_KEY or item.get("Type") != "Role":
        raise UnsupportedRequestError("CredentialConfig: only a Role item under key '0' is supported")
    roles = item.get("Roles", [])
    if not roles:
        return "pai_default"
    role = take(roles[0], "CredentialConfig role", {"RoleArn", "RoleType", "AssumeRoleFor"})
    if len(roles) != 1 or role.get("RoleType") != "service" or "RoleArn" not in role:
        raise UnsupportedRequestError("CredentialConfig: only one service-assumed custom role is supported")
    return {"kind": "custom", "role_arn": role["RoleArn"]}


_TOP = {
    "DisplayName", "Description", "WorkspaceId", "JobType", "JobSpecs", "UserCommand", "ResourceId", "Priority",
    "JobMaxRunningTimeMinutes", "Envs", "ThirdpartyLibs", "ThirdpartyLibDir", "DataSources", "CodeSource",
    "UserVpc", "Settings", "SuccessPolicy", "Options", "Accessibility", "CredentialConfig", "CustomEnvs",
    "ElasticSpec", "SchedulingStrategy", "TemplateId", "TemplateVersion", "DebuggerConfigContent",
}  # fmt: skip


#: Top-level request fields copied as they are.
_SIMPLE_TOP = {
    "Description": "description",
    "WorkspaceId": "workspace_id",
    "UserCommand": "command",
    "Priority": "priority",
    "JobMaxRunningTimeMinutes": "max_running_time_minutes",
    "Envs": "envs",
    "ThirdpartyLibs": "thirdparty_libs",
    "ThirdpartyLibDir": "thirdparty_lib_dir",
    "SuccessPolicy": "success_policy",
    "Options": "data_source_options",
    "Accessibility": "accessibility",
    "SchedulingStrategy": "scheduling_strategy",
    "TemplateId": "template_id",
    "TemplateVersion": "template_version",
    "DebuggerConfigContent": "debugger_config_content",
}
_CODE_SOURCE = {
    "CodeSourceId": "code_source_id",
    "Branch": "branch",
    "Commit": "commit",
    "MountPath": "mount_path",
    "IsSharedMountPath": "shared_mount_path",
}
#: Settings switch, its arguments, and the spec field they form.
_SWITCHES = (
    ("EnableErrorMonitoringInAIMaster", "ErrorMonitoringArgs", "fault_tolerance"),
    ("EnableSanityCheck", "SanityCheckArgs", "sanity_check"),
)


def from_create_job_request(request: Mapping[str, Any], *, resource_type: str | None = None) -> dict[str, Any]:
    """DlcJob args equivalent to a CreateJob request (wire names, as ``CreateJobRequest.to_map()``).

    Our own token tag is dropped from ``Settings.Tags``. ``resource_type`` overrides the guess described
    in the module docstring. Raises ``UnsupportedRequestError`` naming fields a DlcJob cannot express.
    """
    body = take(request, "CreateJobRequest", _TOP)
    by_job_type = {wire: name for name, wire in JOB_TYPES.items()}
    if body.get("JobType") not in by_job_type:
        raise UnsupportedRequestError(f"JobType {body.get('JobType')!r} is not one of {', '.join(by_job_type)}")
    framework = by_job_type[body["JobType"]]
    args: dict[str, Any] = {"display_name": body.get("DisplayName"), "framework": framework}
    args.update({name: body[wire] for wire, name in _SIMPLE_TOP.items() if wire in body})

    job_specs = body.get("JobSpecs", [])
    roles, parsed = _roles(job_specs, framework)
    images = [image for _, image, _ in parsed]
    if images and all(image == images[0] for image in images) and images[0] is not None:
        args["image"] = images[0]
    else:
        for role, image, _ in parsed:
            if image is not None:
                role["image"] = image
    bids = [bid for _, _, bid in parsed]
    refuse(body.get("Settings", {}), "Settings", "JobSettings")
    settings = take(body.get("Settings", {}), "Settings", _SETTINGS)
    lingjun = (
        any(bid and "discount" in bid for bid in bids)
        or any(str(role.get("spec", "")).startswith("ml.") for role, _, _ in parsed)
        or any(name in role for role, _, _ in parsed for name in RoleOptions.LINGJUN_ONLY)
        or any(settings.get(JobSettingsOptions.wire_name(name)) for name in JobSettingsOptions.LINGJUN_ONLY)
        or settings.get("EnableSanityCheck") is True
        or any(is_set(item.get("AccessPointId")) for item in body.get("DataSources", []))
    )
    args["resource_type"] = resource_type or ("lingjun" if lingjun else "general")

    quota_settings = {name: settings[wire] for wire, name in _QUOTA_SETTINGS.items() if wire in settings}
    if "ResourceId" in body:
        resources: dict[str, Any] = {"source": "quota", "quota_id": body["ResourceId"], **quota_settings}
        if "idle_resources" in resources:
            by_wire = {wire: name for name, wire in IDLE_RESOURCES_WIRE.items()}
            resources["idle_resources"] = by_wire.get(resources["idle_resources"], resources["idle_resources"])
    elif quota_settings:
        raise UnsupportedRequestError(f"Settings: {', '.join(quota_settings)} apply to resource quotas only")
    elif any(bids):
        first = next(bid for bid in bids if bid)
        resources = {"source": "preemptible", "bid": first}
        for role, _, bid in parsed:
            if bid and bid != first:
                role["bid"] = bid
    else:
        resources = {"source": "public"}
    args["resources"] = resources
    args["roles"] = roles

    for index, item in enumerate(body.get("DataSources", [])):
        field, value = data_source(item, f"DataSources[{index}]")
        args.setdefault(field, []).append(value)
    if "CodeSource" in body:
        code = take(body["CodeSource"], "CodeSource", set(_CODE_SOURCE))
        args["code_source"] = {_CODE_SOURCE[key]: value for key, value in code.items()}
    if "UserVpc" in body:
        vpc = take(
            body["UserVpc"], "UserVpc", {"VpcId", "SwitchId", "SecurityGroupId", "ExtendedCIDRs", "DefaultRoute"}
        )
        network: dict[str, Any] = {"vpc_id": vpc.get("VpcId")}
        for wire, name in (
            ("SwitchId", "vswitch_id"),
            ("SecurityGroupId", "security_group_id"),
            ("ExtendedCIDRs", "extended_cidrs"),
        ):
            if wire in vpc:
                network[name] = vpc[wire]
        if "DefaultRoute" in vpc:
            by_route = {route: name for name, route in DEFAULT_ROUTES.items()}
            if vpc["DefaultRoute"] not in by_route:
                raise UnsupportedRequestError(f"UserVpc: DefaultRoute {vpc['DefaultRoute']!r}")
            network["internet_gateway"] = by_route[vpc["DefaultRoute"]]
        args["network"] = network

    tags = {key: value for key, value in settings.get("Tags", {}).items() if key != TOKEN_TAG_KEY}
    if tags:
        args["tags"] = tags
    for enabled, extra, name in _SWITCHES:
        if enabled in settings:
            args[name] = {"enabled": settings[enabled], **({"args": settings[extra]} if extra in settings else {})}
        elif extra in settings:
            raise UnsupportedRequestError(f"Settings: {extra} without {enabled}")
    if "JobReservedMinutes" in settings:
        args["retention"] = {"minutes": settings["JobReservedMinutes"]}
        if "JobReservedPolicy" in settings:
            args["retention"]["policy"] = settings["JobReservedPolicy"]
    elif "JobReservedPolicy" in settings:
        raise UnsupportedRequestError("Settings: JobReservedPolicy without JobReservedMinutes")
    if "AdvancedSettings" in settings:
        args["advanced"] = _advanced(settings["AdvancedSettings"])
    if "CredentialConfig" in body:
        args["ram_role"] = _ram_role(body["CredentialConfig"])
    if options := {key: value for key, value in settings.items() if key in _SETTINGS_OPTIONS}:
        args["settings"] = JobSettingsOptions.from_wire(options, "Settings")
    if "CustomEnvs" in body:
        args["custom_envs"] = [CustomEnv.from_wire(env, f"CustomEnvs[{n}]") for n, env in enumerate(body["CustomEnvs"])]
    if "ElasticSpec" in body:
        args["elastic_spec"] = JobElasticSpec.from_wire(body["ElasticSpec"], "ElasticSpec")
    return args
