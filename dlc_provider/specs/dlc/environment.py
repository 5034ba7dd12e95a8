"""The console's "Environment configuration": image, datasets, storage mounts and code source.

Rules that need other parts of the job (BMCPFS only on Lingjun, CPFS needs the VPC, unique mount paths)
live in ``rules``; here only what one model can check by itself.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, SecretStr, field_validator, model_validator

from .common import InputModel, absolute_path
from ..checks import ImageRef, ResourceId, check_oss_uri
from ..failures import FieldRule, shown

__all__ = [
    "BmcpfsMount",
    "CodeSource",
    "CpfsMount",
    "CustomDataset",
    "CustomImage",
    "DataSource",
    "ExtremeNasMount",
    "Image",
    "NasMount",
    "OfficialImage",
    "OssMount",
    "PublicDataset",
    "RegistryImage",
    "StorageMount",
    "image_registry_host",
    "mount_options_json",
]


# --- image -------------------------------------------------------------------------------------------


class OfficialImage(InputModel):
    """Console: Image config → Alibaba Cloud Image (an official PAI image)."""

    kind: Literal["official"]
    uri: ImageRef = Field(description="Address of the official PAI image (ListImages `ImageUri`).")


class CustomImage(InputModel):
    """Console: Image config → Custom Image (an image registered in PAI; public pulls or ACR)."""

    kind: Literal["custom"]
    uri: ImageRef = Field(description="Address of the custom image as registered in PAI.")


class RegistryImage(InputModel):
    """Console: Image config → Image Address (any registry), with optional registry credentials."""

    kind: Literal["registry"]
    uri: ImageRef = Field(description="Image address, e.g. `registry.example.com/team/train:1.0`.")
    username: str | None = Field(None, description="Registry user name (console: enter the username and password).")
    password: SecretStr | None = Field(
        None, description="Registry password. A secret: sent only in `JobSpecs[].ImageConfig.Password`."
    )
    registry: str | None = Field(
        None,
        description="Registry host the credentials are for (`ImageConfig.DockerRegistry`); default: the host in `uri`.",
    )
    auth: SecretStr | None = Field(
        None, description="Registry credentials as one token (`ImageConfig.Auth`), instead of username and password."
    )

    @model_validator(mode="after")
    def _credentials_together(self) -> RegistryImage:
        if (self.username is None) != (self.password is None):
            # Reported at the missing field: the engine would print the whole `image`, password included.
            missing = "username" if self.username is None else "password"
            raise FieldRule(missing, "`username` and `password` go together: set both or neither", nested=True)
        if self.auth is not None and self.username is not None:
            raise FieldRule("auth", "give `auth` or `username` and `password`, not both", nested=True)
        return self


def _image_shorthand(value: Any) -> Any:
    """A bare string is an image address."""
    return {"kind": "registry", "uri": value} if isinstance(value, str) else value


Image = Annotated[
    OfficialImage | CustomImage | RegistryImage,
    Field(discriminator="kind"),
    BeforeValidator(_image_shorthand),
]


def image_registry_host(uri: str) -> str | None:
    """The registry host named in an image address (``host[:port]/repo:tag``), if any."""
    first, sep, _ = uri.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return first
    return None


# --- datasets ----------------------------------------------------------------------------------------


def _role_chain(value: Any) -> Any:
    """A list of role steps becomes the compact JSON text the API takes; text must be such a JSON list."""
    if isinstance(value, list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, str):
        try:
            steps = json.loads(value)
        except json.JSONDecodeError:
            raise ValueError("role_chain is a JSON list of {roleType, roleArn[, assumeRoleFor]} objects") from None
        if not isinstance(steps, list) or not all(isinstance(s, dict) and "roleArn" in s for s in steps):
            raise ValueError("role_chain is a JSON list of {roleType, roleArn[, assumeRoleFor]} objects")
    return value


class SourceAccess(InputModel):
    """How a data source is reached: caching and the role (or chain of roles) DLC assumes to read it."""

    enable_cache: bool | None = Field(None, description="`DataSources[].EnableCache`: cache the data on the nodes.")
    role_arn: str | None = Field(None, description="`DataSources[].RoleArn`: the role assumed to reach the data.")
    role_chain: Annotated[str | None, BeforeValidator(_role_chain)] = Field(
        None,
        description="`DataSources[].RoleChain`: roles assumed one after the other, a list of {roleType, roleArn, "
        "assumeRoleFor} (sent as JSON text).",
    )

    def access_wire(self) -> dict[str, Any]:
        wire = {"EnableCache": self.enable_cache, "RoleArn": self.role_arn, "RoleChain": self.role_chain,
                "AccessPointId": getattr(self, "access_point_id", None)}
        return {key: value for key, value in wire.items() if value is not None}


def _mount_path(value: str | None) -> str | None:
    return None if value is None else absolute_path(value)


class CustomDataset(SourceAccess):
    """Console: Mount dataset → Custom Dataset (an AIWorkspace dataset)."""

    kind: Literal["custom_dataset"]
    dataset_id: ResourceId = Field(description="Dataset ID (`d-…`), `DataSources[].DataSourceId`.")
    version: str | None = Field(None, description="Dataset version from the console's Version List, e.g. `v1`.")
    read_only: bool | None = Field(None, description="Console: Read-only. Unset: the dataset's own setting.")
    mount_path: str | None = Field(None, description="Mount Path in the container; unset: the dataset's default.")

    _check_mount_path = field_validator("mount_path")(_mount_path)


class PublicDataset(SourceAccess):
    """Console: Mount dataset → Public Dataset (PAI's pre-built datasets, read-only)."""

    kind: Literal["public_dataset"]
    dataset_id: ResourceId = Field(description="Public dataset ID.")
    read_only: bool = Field(True, description="Always true: public datasets mount read-only only.")
    mount_path: str | None = Field(None, description="Mount Path in the container; unset: the dataset's default.")

    _check_mount_path = field_validator("mount_path")(_mount_path)

    @field_validator("read_only")
    @classmethod
    def _read_only(cls, value: bool) -> bool:
        if not value:
            raise ValueError("public datasets can only be mounted read-only")
        return value


DataSource = Annotated[CustomDataset | PublicDataset, Field(discriminator="kind")]


# --- storage mounts ----------------------------------------------------------------------------------


class _Mount(SourceAccess):
    uri: str = Field(min_length=1, description="Storage path URI.")
    mount_path: str = Field(description="Mount Path in the container (absolute, unique in the job).")
    read_only: bool | None = Field(None, description="Console: Read-only (`MountAccess` RO/RW). Unset: RW.")
    extra_options: dict[str, str] = Field(
        default_factory=dict,
        description="Further keys of the mount's Advanced Settings JSON (`DataSources[].Options`).",
    )

    _check_mount_path = field_validator("mount_path")(absolute_path)

    def typed_options(self) -> dict[str, str]:
        """The modelled advanced options as wire key → string value."""
        return {}


def _nas_uri(value: str, *, prefix: str, label: str) -> str:
    fs_id = value.removeprefix("nas://")
    if not value.startswith("nas://") or not fs_id.startswith(prefix):
        raise ValueError(f"{label} URIs look like nas://{prefix}<id>.<region>/<path>, got {shown(value)}")
    return value


class OssMount(_Mount):
    """Console: Mount storage → OSS."""

    kind: Literal["oss"]
    mount_type: Literal["ossfs"] | None = Field(
        None, description='Advanced Settings `{"mountType":"ossfs"}`: mount with ossfs instead of JindoFuse.'
    )

    @field_validator("uri")
    @classmethod
    def _uri(cls, value: str) -> str:
        return check_oss_uri(value)

    def typed_options(self) -> dict[str, str]:
        return {"mountType": self.mount_type} if self.mount_type else {}


class _NconnectMixin(_Mount):
    nconnect: int | None = Field(
        None, description='Advanced Settings `{"nconnect":"<n>"}`: NFS connections per mount, a positive integer.'
    )

    @field_validator("nconnect")
    @classmethod
    def _nconnect(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError("nconnect must be a positive integer")
        return value

    def typed_options(self) -> dict[str, str]:
        return {"nconnect": str(self.nconnect)} if self.nconnect is not None else {}


class NasMount(_NconnectMixin):
    """Console: Mount storage → General-purpose NAS."""

    kind: Literal["nas"]

    @field_validator("uri")
    @classmethod
    def _uri(cls, value: str) -> str:
        _nas_uri(value, prefix="", label="NAS")
        fs_id = value.removeprefix("nas://")
        for other, kind in (("extreme-", "extreme_nas"), ("cpfs-", "cpfs"), ("bmcpfs-", "bmcpfs")):
            if fs_id.startswith(other):
                raise ValueError(f"{shown(value)} is not a general-purpose NAS file system: use kind {kind!r}")
        return value


class ExtremeNasMount(_Mount):
    """Console: Mount storage → Extreme NAS."""

    kind: Literal["extreme_nas"]

    @field_validator("uri")
    @classmethod
    def _uri(cls, value: str) -> str:
        return _nas_uri(value, prefix="extreme-", label="Extreme NAS")


class CpfsMount(_NconnectMixin):
    """Console: Mount storage → CPFS. The job must run in the file system's VPC (`network.vpc_id`)."""

    kind: Literal["cpfs"]
    vpc_id: ResourceId | None = Field(
        None, description="The CPFS file system's VPC; when given it must equal `network.vpc_id` (checked, not sent)."
    )

    @field_validator("uri")
    @classmethod
    def _uri(cls, value: str) -> str:
        return _nas_uri(value, prefix="cpfs-", label="CPFS")


class BmcpfsMount(_Mount):
    """Console: Mount storage → BMCPFS (Lingjun resources only)."""

    kind: Literal["bmcpfs"]
    access_point_id: str | None = Field(
        None, description="`DataSources[].AccessPointId`: a CPFS access point for intelligent computing."
    )

    @field_validator("uri")
    @classmethod
    def _uri(cls, value: str) -> str:
        scheme, sep, rest = value.partition("://")
        if not sep or scheme not in ("nas", "cpfs", "bmcpfs") or not rest.startswith("bmcpfs-"):
            raise ValueError(f"BMCPFS URIs look like nas://bmcpfs-<id>.<region>/<path>, got {shown(value)}")
        return value


StorageMount = Annotated[OssMount | NasMount | ExtremeNasMount | CpfsMount | BmcpfsMount, Field(discriminator="kind")]


def mount_options_json(mount: _Mount) -> str | None:
    """``DataSources[].Options``: the advanced settings as compact JSON, modelled keys first."""
    options = {**mount.typed_options(), **mount.extra_options}
    return json.dumps(options, separators=(",", ":"), ensure_ascii=False) if options else None


# --- code --------------------------------------------------------------------------------------------


class CodeSource(InputModel):
    """Console: Code Builds → Online configuration (a PAI code source)."""

    code_source_id: ResourceId = Field( description="Code source ID (`code-…`).")
    branch: str | None = Field(None, description="Branch; unset: the code source's branch.")
    commit: str | None = Field(None, description="Commit ID; unset: the code source's commit.")
    mount_path: str | None = Field(None, description="Mount path of the code; unset: the code source's.")
    shared_mount_path: bool | None = Field(
        None, description="The mount path is shared storage: clone once for all nodes (`IsSharedMountPath`)."
    )

    _check_mount_path = field_validator("mount_path")(_mount_path)
