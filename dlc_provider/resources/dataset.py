"""`Dataset`: an AIWorkspace dataset backed by NAS, extreme NAS or CPFS, which a DLC job mounts by its ID.

The URI is built from the file system and the region (`nas://<fsid>.<region>/<path>`, reference §6.6);
`ImportInfo` names the mount target. The default mount path and mount access (RO/RW) go into the dataset's
`Options` JSON (`mountPath`, `mountAccess`).

Idempotent creates: AIWorkspace has no ClientToken; a dataset's name is unique in its workspace and it
carries the provider's token as a label. A create that finds the name taken takes the dataset over only
when it carries this resource's token label; otherwise it fails naming `adopt_id`.

Delete ordering: pass a `NasMountTarget`'s `mount_domain` (and the file system's ID) as inputs so the engine
deletes the dataset before the mount target and file system it points at.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict

import pulumi
import pulumi.dynamic
from pulumi.dynamic import DiffResult

from ..clients import aiworkspace as api
from ..clients.session import Session
from ..errors import CloudError, DlcError
from ..specs.common import TOKEN_TAG
from ..specs.dataset import DatasetSpec, data_source_type_of
from .program import TimeoutsArgs, TimeoutsArgsDict, resource_identity, resource_props
from .provider import CloudProvider

__all__ = ["Dataset", "DatasetArgs", "DatasetArgsDict", "DatasetProvider", "dataset_uri"]


def dataset_uri(file_system_id: str, region: str, path: str) -> str:
    return f"nas://{file_system_id}.{region}{path}"


def _options(spec: DatasetSpec) -> str:
    options: dict[str, Any] = {"mountAccess": spec.mount_access}
    if spec.mount_path is not None:
        options["mountPath"] = spec.mount_path
    return json.dumps(options, sort_keys=True, separators=(",", ":"))


def _json(text: Any) -> dict[str, Any]:
    try:
        parsed = json.loads(text) if text else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


class DatasetProvider(CloudProvider):
    """Dynamic provider of `Dataset` (CreateDataset, GetDataset, ListDatasets, UpdateDataset, DeleteDataset)."""

    KIND: ClassVar[str] = "dataset"
    SPEC = DatasetSpec

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        # The name stays when the dataset is replaced, and names are unique per workspace: within one
        # workspace the old dataset (a pointer, no data) must go before the new one is made.
        result = super().diff(_id, olds, news)
        if result.replaces and "workspace_id" not in result.replaces:
            result.delete_before_replace = True
        return result

    def find_existing(self, session: Session, spec: DatasetSpec, token: str) -> str | None:
        for item in api.list_datasets(session, workspace_id=spec.workspace_id, name=spec.name):
            if api.labels_of(item).get(TOKEN_TAG) == token:
                return str(item["DatasetId"])
            raise DlcError(
                f"{self.KIND} {spec.name!r} already exists in the workspace ({item.get('DatasetId')}) and was not "
                f"made by this resource: manage it with adopt_id={item.get('DatasetId')!r} or choose another name"
            )
        return None

    def send_create(self, session: Session, spec: DatasetSpec, token: str) -> str:
        import_info = {"region": session.region, "fileSystemId": spec.file_system_id, "path": spec.path}
        if spec.mount_target_domain is not None:
            import_info["mountTarget"] = spec.mount_target_domain
        try:
            return self._create(session, spec, token, import_info)
        except CloudError as exc:
            # A retried call whose first answer was lost: the dataset is there with our label (else this raises).
            if exc.status == 400 and exc.code == "201300003":
                found = self.find_made_by_retry(session, spec, token)
                if found is not None:
                    return found
            raise

    def _create(self, session: Session, spec: DatasetSpec, token: str, import_info: dict[str, str]) -> str:
        return api.create_dataset(
            session, name=spec.name, workspace_id=spec.workspace_id,
            data_source_type=data_source_type_of(spec.file_system_id), property=spec.property,
            uri=dataset_uri(spec.file_system_id, session.region, spec.path), description=spec.description,
            accessibility=spec.accessibility, options=_options(spec),
            import_info=json.dumps(import_info, sort_keys=True, separators=(",", ":")), labels={TOKEN_TAG: token},
        )

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        item = api.get_dataset(session, resource_id)
        if item is None:
            return None
        uri = str(item.get("Uri") or "")
        host, _, rest = uri.removeprefix("nas://").partition("/")
        file_system_id = host.partition(".")[0]
        options = _json(item.get("Options"))
        import_info = _json(item.get("ImportInfo"))
        return {
            "name": item.get("Name"),
            "workspace_id": item.get("WorkspaceId"),
            "file_system_id": file_system_id,
            "mount_target_domain": import_info.get("mountTarget"),
            "path": "/" + rest,
            "property": item.get("Property"),
            "mount_access": options.get("mountAccess", "RW"),
            "mount_path": options.get("mountPath"),
            "description": item.get("Description") or "",
            "accessibility": item.get("Accessibility"),
            "data_source_type": item.get("DataSourceType"),
            "uri": uri,
            "status": "Available",
            "create_time": item.get("GmtCreateTime"),
        }

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: DatasetSpec, changed: list[str]
    ) -> None:
        options = None
        if {"mount_access", "mount_path"} & set(changed):
            # Keep whatever else the dataset's Options hold (e.g. a mount path set in the console).
            current = _json((api.get_dataset(session, resource_id) or {}).get("Options"))
            current["mountAccess"] = spec.mount_access
            if spec.mount_path is not None:
                current["mountPath"] = spec.mount_path
            options = json.dumps(current, sort_keys=True, separators=(",", ":"))
        api.update_dataset(
            session, resource_id,
            name=spec.name if "name" in changed else None,
            description=spec.description if "description" in changed else None,
            options=options,
            accessibility=spec.accessibility if "accessibility" in changed else None,
        )

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        api.delete_dataset(session, resource_id)


@dataclass
class DatasetArgs:
    """Inputs of a `Dataset`. Replaces on: workspace_id, file_system_id, mount_target_domain, path, property.
    Updates in place: name, description, mount_access, mount_path, accessibility."""

    name: pulumi.Input[str]
    """Unique in the workspace."""
    file_system_id: pulumi.Input[str]
    """A NasFileSystem's or CpfsFileSystem's `id`."""
    mount_target_domain: pulumi.Input[str] | None = None
    """A NasMountTarget's `mount_domain` (makes the dataset depend on the mount target)."""
    path: pulumi.Input[str] | None = None
    """Directory in the file system (default /)."""
    workspace_id: pulumi.Input[str] | None = None
    """AIWorkspace (default workspace if unset)."""
    property: pulumi.Input[str] | None = None
    """DIRECTORY (default) or FILE."""
    mount_access: pulumi.Input[str] | None = None
    """Default mount access: RO (default, read-only) or RW."""
    mount_path: pulumi.Input[str] | None = None
    """Default mount path in a DLC job, e.g. /mnt/data/."""
    description: pulumi.Input[str] | None = None
    accessibility: pulumi.Input[str] | None = None
    """PRIVATE or PUBLIC."""
    adopt_id: pulumi.Input[str] | None = None
    """Manage this existing dataset (d-...) instead of creating one."""
    timeouts: TimeoutsArgs | TimeoutsArgsDict | None = None


class DatasetArgsDict(TypedDict, total=False):
    """`DatasetArgs` as a plain dict."""

    name: pulumi.Input[str]
    file_system_id: pulumi.Input[str]
    mount_target_domain: pulumi.Input[str]
    path: pulumi.Input[str]
    workspace_id: pulumi.Input[str]
    property: pulumi.Input[str]
    mount_access: pulumi.Input[str]
    mount_path: pulumi.Input[str]
    description: pulumi.Input[str]
    accessibility: pulumi.Input[str]
    adopt_id: pulumi.Input[str]
    timeouts: TimeoutsArgs | TimeoutsArgsDict


class Dataset(pulumi.dynamic.Resource, module="dlc", name="Dataset"):
    """An AIWorkspace dataset on NAS/CPFS (ID `d-...`, what a DLC job's data source names). Outputs: `uri`,
    `data_source_type`, `workspace_id`, `status`, `create_time`."""

    name: pulumi.Output[str]
    file_system_id: pulumi.Output[str]
    mount_target_domain: pulumi.Output[str | None]
    path: pulumi.Output[str]
    workspace_id: pulumi.Output[str]
    property: pulumi.Output[str]
    mount_access: pulumi.Output[str]
    mount_path: pulumi.Output[str | None]
    description: pulumi.Output[str]
    accessibility: pulumi.Output[str]
    data_source_type: pulumi.Output[str]
    uri: pulumi.Output[str]
    status: pulumi.Output[str]
    create_time: pulumi.Output[str]
    creation_token: pulumi.Output[str | None]

    OUTPUTS: ClassVar[tuple[str, ...]] = ("data_source_type", "uri", "status", "create_time", "creation_token")

    def __init__(self, resource_name: str, args: DatasetArgs | DatasetArgsDict | None = None,
                 opts: pulumi.ResourceOptions | None = None, **kwargs: Any) -> None:
        props = resource_props(DatasetArgs, args, kwargs, self.OUTPUTS)
        props["dlc_identity"] = resource_identity(type(self), resource_name, opts)
        super().__init__(DatasetProvider(), resource_name, props, opts)
