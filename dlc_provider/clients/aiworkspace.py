"""AIWorkspace API (ROA 2021-02-04): datasets.

One function per API call in the style of `clients.vpc`; `get_dataset` returns the dataset as the API
spells it or None when it does not exist (the numeric code `201300003` with HTTP 404). No ClientToken; a
dataset's name is unique in its workspace and it carries labels. No Pulumi here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any


from ..errors import NotFound
from .common import lazy_module, paginate, sdk_tags, tags_of
from .session import Session

if TYPE_CHECKING:
    from alibabacloud_aiworkspace20210204 import models as m
else:
    m = lazy_module("alibabacloud_aiworkspace20210204.models")

__all__ = ["create_dataset", "delete_dataset", "get_dataset", "labels_of", "list_datasets", "update_dataset"]

SERVICE = "aiworkspace"
PAGE_SIZE = 100


def labels_of(item: Mapping[str, Any]) -> dict[str, str]:
    """A dataset's labels as a dict."""
    return tags_of(item, "Labels")


def create_dataset(
    session: Session, *, name: str, workspace_id: str | None, data_source_type: str, property: str, uri: str,
    description: str | None, accessibility: str | None, options: str | None, import_info: str | None,
    labels: Mapping[str, str],
) -> str:
    request = m.CreateDatasetRequest(
        name=name, workspace_id=workspace_id, data_source_type=data_source_type, property=property, uri=uri,
        description=description, accessibility=accessibility, options=options, import_info=import_info,
        labels=sdk_tags(m.Label, labels),
    )
    return str(session.call(SERVICE, "CreateDataset", lambda c: c.create_dataset(request)).body.dataset_id)


def get_dataset(session: Session, dataset_id: str) -> dict[str, Any] | None:
    request = m.GetDatasetRequest()
    try:
        body = session.call(SERVICE, "GetDataset", lambda c: c.get_dataset(dataset_id, request)).body.to_map()
    except NotFound:
        return None
    return body if body.get("DatasetId") else None


def list_datasets(session: Session, *, workspace_id: str | None, name: str | None = None) -> list[dict[str, Any]]:
    """Datasets of a workspace (the default one if None); `name` filters by exact name."""

    def call(c: Any, page: int) -> Any:
        return c.list_datasets(m.ListDatasetsRequest(workspace_id=workspace_id, name=name, page_number=page,
                                                     page_size=PAGE_SIZE))

    found = paginate(session, SERVICE, "ListDatasets", call, "Datasets")
    return [d for d in found if name is None or d.get("Name") == name]


def update_dataset(
    session: Session, dataset_id: str, *, name: str | None = None, description: str | None = None,
    options: str | None = None, accessibility: str | None = None,
) -> None:
    request = m.UpdateDatasetRequest(name=name, description=description, options=options, accessibility=accessibility)
    session.call(SERVICE, "UpdateDataset", lambda c: c.update_dataset(dataset_id, request))


def delete_dataset(session: Session, dataset_id: str) -> None:
    request = m.DeleteDatasetRequest()
    session.call(SERVICE, "DeleteDataset", lambda c: c.delete_dataset(dataset_id, request))
