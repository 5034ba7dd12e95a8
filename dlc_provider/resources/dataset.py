"""`Dataset`: an AIWorkspace dataset backed by NAS, extreme NAS or CPFS, which a DLC job mounts by its ID.

The URI is built from the file system and the region (`nas://<fsid>.<region>/<path>`, as AIWorkspace documents it);
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
from typing import Any, ClassVar

from pulumi.dynamic import DiffResult

from ..clients import aiworkspace as api
from ..clients.session import Session
from ..errors import CloudError, DlcError
from ..specs.common import TOKEN_TAG
from ..specs.dataset import DatasetSpec, data_source_type_of
from .generated.dataset import DatasetArgs, DatasetArgsDict, DatasetResource
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


class Dataset(DatasetResource, module="dlc", name="Dataset"):
    """An AIWorkspace dataset on NAS/CPFS (ID `d-...`, what a DLC job's data source names)."""

    PROVIDER = DatasetProvider
