"""A role's `ExtraPodSpec`: init containers, sidecars, pod labels and annotations, shared volumes, the main
container's lifecycle hooks and security context. Field names are the API's words in snake_case.

Which resource type a part needs (privileged mode: Lingjun) is checked in ``surface_rules``.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from ..checks import ImageRef
from .common import absolute_path
from .wire import WireModel, matching

__all__ = [
    "ContainerSpec",
    "EnvVar",
    "ExtraPodSpec",
    "Lifecycle",
    "ResourceRequirements",
    "SeccompProfile",
    "SecurityContext",
    "SecurityContextCapabilities",
]

ContainerName = matching(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", "a container name is 1-63 lowercase letters, digits and inner '-'")
EnvName = matching(r"[-._a-zA-Z][-._a-zA-Z0-9]*", "an environment variable name is letters, digits, '_', '-' and '.', not starting with a digit")
AbsolutePath = matching(r"/.*", "an absolute path (starting with /)")


class EnvVar(WireModel):
    """One environment variable of an extra container (`Env[]`)."""

    name: EnvName = Field(description="`Name`: letters, digits, `_`, `-`, `.`, not starting with a digit.")
    value: str | None = Field(None, description="`Value`.")


class ResourceRequirements(WireModel):
    """`Resources` of an extra container: Kubernetes quantities per resource (`cpu`, `memory`, ...)."""

    limits: dict[str, str] = Field(default_factory=dict, description="`Limits`, e.g. {cpu: '1', memory: 2Gi}.")
    requests: dict[str, str] = Field(default_factory=dict, description="`Requests`, at most the limits.")


class SecurityContextCapabilities(WireModel):
    """`Capabilities`: Linux capabilities added to or dropped from the container."""

    add: list[str] = Field(default_factory=list, description="`Add`, e.g. [SYS_PTRACE].")
    drop: list[str] = Field(default_factory=list, description="`Drop`, e.g. [ALL].")


class SeccompProfile(WireModel):
    """`SeccompProfile`: the container's seccomp profile."""

    type: Literal["Localhost", "RuntimeDefault", "Unconfined"] = Field(description="`Type`.")
    localhost_profile: str | None = Field(
        None, description="`LocalhostProfile`: the profile's path on the node; only with type Localhost."
    )

    @model_validator(mode="after")
    def _localhost(self) -> SeccompProfile:
        if (self.type == "Localhost") != (self.localhost_profile is not None):
            raise ValueError("localhost_profile is given exactly when type is Localhost")
        return self


class SecurityContext(WireModel):
    """`SecurityContext` of a container."""

    capabilities: SecurityContextCapabilities | None = Field(None, description="`Capabilities`.")
    privileged: bool | None = Field(
        None, description="`Privileged`: privileged mode; Lingjun subscription (resource quota) jobs only."
    )
    run_as_group: int | None = Field(None, ge=0, description="`RunAsGroup`: GID, 0 or more.")
    run_as_user: int | None = Field(None, ge=0, description="`RunAsUser`: UID, 0 or more.")
    seccomp_profile: SeccompProfile | None = Field(None, description="`SeccompProfile`.")


class ContainerSpec(WireModel):
    """An init or sidecar container (`ContainerSpec`)."""

    name: ContainerName = Field(description="`Name`: a DNS label, unique in the pod (1-63 lowercase letters, digits, `-`).")
    image: ImageRef = Field(description="`Image`: the container's image address.")
    command: list[str] = Field(default_factory=list, description="`Command`: the entrypoint, as a list.")
    args: list[str] = Field(default_factory=list, description="`Args`: its arguments.")
    env: list[EnvVar] = Field(default_factory=list, description="`Env`: environment variables.")
    resources: ResourceRequirements | None = Field(None, description="`Resources`: requests and limits.")
    security_context: SecurityContext | None = Field(None, description="`SecurityContext`.")
    working_dir: AbsolutePath | None = Field(None, description="`WorkingDir`: absolute path in the container.")


class LifecycleExec(WireModel):
    """`Exec`: a command run in the main container."""

    command: list[str] = Field(min_length=1, description="`Command`: the command and its arguments.")


class LifecycleHook(WireModel):
    """`PostStart` / `PreStop`: a hook of the main container."""

    exec: LifecycleExec = Field(description="`Exec`: the command to run.")


class Lifecycle(WireModel):
    """`Lifecycle`: hooks of the main container."""

    post_start: LifecycleHook | None = Field(None, description="`PostStart`: runs right after the container starts.")
    pre_stop: LifecycleHook | None = Field(None, description="`PreStop`: runs before the container is stopped.")


class ExtraPodSpec(WireModel):
    """`ExtraPodSpec`: more of the role's pod than the main container."""

    init_containers: list[ContainerSpec] = Field(
        default_factory=list, description="`InitContainers`: run to completion, in order, before the main container."
    )
    side_car_containers: list[ContainerSpec] = Field(
        default_factory=list, description="`SideCarContainers`: run next to the main container."
    )
    pod_annotations: dict[str, str] = Field(default_factory=dict, description="`PodAnnotations`.")
    pod_labels: dict[str, str] = Field(default_factory=dict, description="`PodLabels`.")
    shared_volume_mount_paths: list[str] = Field(
        default_factory=list, description="`SharedVolumeMountPaths`: absolute paths shared by all the pod's containers."
    )
    lifecycle: Lifecycle | None = Field(None, description="`Lifecycle`: hooks of the main container.")
    main_container_security_context: SecurityContext | None = Field(
        None, description="`MainContainerSecurityContext`: the main container's security context."
    )

    SIDECAR_NAMES: ClassVar[tuple[str, ...]] = ("init_containers", "side_car_containers")

    @field_validator("shared_volume_mount_paths")
    @classmethod
    def _paths(cls, value: list[str]) -> list[str]:
        for path in value:
            absolute_path(path)
        if len({path.rstrip("/") for path in value}) != len(value):
            raise ValueError("shared volume mount paths must be unique")
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> ExtraPodSpec:
        names = [container.name for container in (*self.init_containers, *self.side_car_containers)]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"container names must be unique in the pod: {', '.join(twice)} appears twice")
        return self
