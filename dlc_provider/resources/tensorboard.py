"""`Tensorboard`: a PAI-DLC TensorBoard for a job's summary directory, with its URL as output.

Every input replaces the TensorBoard (the service cannot move one to another job or directory).
CreateTensorboard has no ClientToken and TensorBoards have no tags, so the create guard is a natural key:
the job and the display name, which defaults to `tb-` plus part of the creation token (a re-run after
a crash finds the TensorBoard its first run made; a replacement, with other inputs, gets another name).
The URL carries an access token, so `url` is a secret output.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from alibabacloud_pai_dlc20201203 import models as m

from ..clients import pai_dlc as api
from ..clients.session import Session
from ..errors import CloudError, NotFound
from ..specs.tensorboard import TensorboardSpec
from .generated.tensorboard import TensorboardArgs, TensorboardArgsDict, TensorboardResource
from .provider import CloudProvider

__all__ = ["Tensorboard", "TensorboardArgs", "TensorboardArgsDict", "TensorboardProvider", "TensorboardSpec"]


def _count(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number or None


def default_name(token: str) -> str:
    return "tb-" + token[3:23]


class TensorboardProvider(CloudProvider):
    """Dynamic provider of `Tensorboard` (CreateTensorboard, GetTensorboard, ListTensorboards, Stop/DeleteTensorboard)."""

    KIND: ClassVar[str] = "Tensorboard"
    LIFE_CYCLE = api.LIFE_CYCLE[KIND]
    SPEC = TensorboardSpec
    READY: ClassVar[frozenset[str]] = frozenset({"Running"})
    FAILED: ClassVar[frozenset[str]] = frozenset({"Failed", "Stopped", "Stopping"})
    GOING: ClassVar[frozenset[str]] = frozenset({"Deleting"})

    def find_existing(self, session: Session, spec: TensorboardSpec, token: str) -> str | None:
        name = spec.display_name or default_name(token)
        found = [
            b for b in api.list_tensorboards(session, job_id=spec.job_id, display_name=name)
            if b.get("DisplayName") == name and b.get("Status") not in ("Stopping", "Stopped", "Deleting")
            and (spec.summary_path is None or b.get("SummaryPath") == spec.summary_path)
        ]
        return str(found[0]["TensorboardId"]) if found else None

    def send_create(self, session: Session, spec: TensorboardSpec, token: str) -> str:
        request = m.CreateTensorboardRequest(
            job_id=spec.job_id, summary_path=spec.summary_path, display_name=spec.display_name or default_name(token),
            workspace_id=spec.workspace_id, data_source_id=spec.data_source_id, data_source_type=spec.data_source_type,
            uri=spec.uri, cpu=spec.cpu, memory=spec.memory, max_running_time_minutes=spec.max_running_time_minutes,
            source_type="job", source_id=spec.job_id,
        )
        return api.create_tensorboard(session, request, find=lambda: self.find_existing(session, spec, token))

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        board = api.get_tensorboard(session, resource_id)
        if board is None:
            return None
        return {
            # The inputs as the service reports them ("" and 0 mean unset) ...
            "job_id": board.get("JobId"),
            "summary_path": board.get("SummaryPath") or None,
            "display_name": board.get("DisplayName") or None,
            "workspace_id": board.get("WorkspaceId") or None,
            "data_source_id": board.get("DataSourceId") or None,
            "data_source_type": board.get("DataSourceType") or None,
            "cpu": _count(board.get("Cpu")),
            "memory": _count(board.get("Memory")),
            "max_running_time_minutes": _count(board.get("MaxRunningTimeMinutes")),
            # ... and what it computed.
            "tensorboard_id": board.get("TensorboardId"),
            "status": board.get("Status") or "",
            "url": board.get("TensorboardUrl") or "",
            "reason_code": board.get("ReasonCode") or "",
            "reason_message": board.get("ReasonMessage") or "",
            "observed_display_name": board.get("DisplayName"),
            "observed_workspace_id": board.get("WorkspaceId"),
            "created_time": board.get("GmtCreateTime"),
        }

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        board = api.get_tensorboard(session, resource_id)
        if board is None:
            raise NotFound("gone", code="TensorboardNotFound")
        if board.get("Status") in ("Creating", "Running"):
            try:
                api.stop_tensorboard(session, resource_id)
            except NotFound:
                raise
            except CloudError:
                pass  # the delete below says whether that mattered
        api.delete_tensorboard(session, resource_id)


class Tensorboard(TensorboardResource, module="dlc", name="Tensorboard"):
    """A TensorBoard for a DLC job's summaries."""

    PROVIDER = TensorboardProvider
