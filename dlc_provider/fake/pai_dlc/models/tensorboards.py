"""TensorBoards: a viewer of a job's (or a dataset's) summaries, Creating -> Running, stoppable and restartable.

Statuses are the fake's choice (the API does not list them): Creating, Running, Stopping, Stopped;
`TensorboardUrl` is set while Running. DeleteTensorboard works in any status and removes it at once.
"""

from __future__ import annotations

from typing import Any

from ...core.backend import assign_given
from .. import catalogue, rules
from ..exceptions import IncorrectTensorboardStatus, InvalidField, TensorboardNotFound
from .jobs import JobsMixin
from .resources import Tensorboard

DATA_SOURCE_TYPES = ("OSS", "NAS")
URL_TEMPLATE = "https://pai-dlc-tensorboard.{region}.aliyuncs.com/tensorboard/{tensorboard_id}/?token={token}"


def _positive(body: dict[str, Any], name: str) -> int:
    value = body.get(name, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidField(name, f"{name} must be a positive integer.")
    return value


class TensorboardsMixin(JobsMixin):
    def get_tensorboard(self, tensorboard_id: str | None, *, visible: bool = False) -> Tensorboard:
        board: Tensorboard | None = (self.get_visible("tensorboards", tensorboard_id) if visible
                 else self.get("tensorboards", tensorboard_id))
        if board is None:
            raise TensorboardNotFound(tensorboard_id=tensorboard_id)
        return board

    def tensorboard_url(self, board: Tensorboard) -> str:
        if board.status != "Running":
            return ""
        return URL_TEMPLATE.format(region=self.region, tensorboard_id=board.id, token=board.token)

    def create_tensorboard(self, sent: Any) -> Tensorboard:
        body = rules.without_unset(sent) if isinstance(sent, dict) else {}
        job = self.get_job(body["JobId"]) if body.get("JobId") else None
        sources = ("DataSourceId", "Uri", "TensorboardDataSources", "DataSources")
        if job is None and not any(body.get(name) for name in sources):
            raise InvalidField("DataSourceId", "A TensorBoard needs a JobId or a data source (DataSourceId, Uri, "
                                               "TensorboardDataSources).")
        if body.get("DisplayName") is not None:
            rules.check_display_name(body["DisplayName"])
        source_type = body.get("DataSourceType")
        if source_type is not None and str(source_type).upper() not in DATA_SOURCE_TYPES:
            raise InvalidField("DataSourceType", "DataSourceType must be OSS or NAS.")
        spec = body.get("TensorboardSpec") or {}
        if spec.get("EcsType") and catalogue.find(spec["EcsType"]) is None:
            raise InvalidField("TensorboardSpec.EcsType", f"The instance type {spec['EcsType']} is not offered.")
        self.check_user_network("TensorboardSpec", spec.get("VpcId"), spec.get("SwitchId"),
                                spec.get("SecurityGroupId"))
        priority = str(body.get("Priority") or "1")
        if priority not in {str(n) for n in range(1, 10)}:
            raise InvalidField("Priority", "Priority must be from 1 to 9.")
        board = Tensorboard(
            id=self.context.ids.token(14, prefix="tb"),
            display_name=str(body.get("DisplayName") or (f"tensorboard-{job.display_name}" if job else "")),
            job_id=job.id if job else "",
            workspace_id=str(body.get("WorkspaceId") or (job.workspace_id if job else self.default_workspace_id())),
            summary_path=str(body.get("SummaryPath") or ""),
            summary_relative_path=str(body.get("SummaryRelativePath") or ""),
            data_source_id=str(body.get("DataSourceId") or ""),
            data_source_type=str(source_type or ""),
            uri=str(body.get("Uri") or ""),
            source_type=str(body.get("SourceType") or ("job" if job else "")),
            source_id=str(body.get("SourceId") or (job.id if job else "")),
            cpu=_positive(body, "Cpu"),
            memory=_positive(body, "Memory"),
            max_running_time_minutes=_positive(body, "MaxRunningTimeMinutes"),
            priority=priority,
            quota_id=str(body.get("QuotaId") or ""),
            accessibility=rules.check_accessibility(body.get("Accessibility")) or "PRIVATE",
            options=str(body.get("Options") or ""),
            spec=spec,
            data_sources=list(body.get("TensorboardDataSources") or body.get("DataSources") or []),
            token=self.context.ids.token(32),
            modified_at=self.now(),
        )
        self.start(board, rules.TENSORBOARD_START)
        return self.add("tensorboards", board)

    def on_tensorboard_status(self, board: Tensorboard, status: str) -> None:
        if status == "Running":
            board.started_at, board.finished_at = self.now(), None
        elif status == "Stopped":
            board.finished_at = self.now()
            board.reason_code, board.reason_message = "TensorboardStopped", "The TensorBoard is stopped."

    def list_tensorboards(
        self, *, workspace_id: str | None, job_id: str | None, tensorboard_id: str | None,
        display_name: str | None, status: str | None, source_id: str | None, source_type: str | None,
        start: float | None, end: float | None, descending: bool,
    ) -> list[Tensorboard]:
        boards = [
            board for board in self.all_visible("tensorboards")
            if (not workspace_id or board.workspace_id == workspace_id)
            and (not job_id or board.job_id == job_id)
            and (not tensorboard_id or board.id == tensorboard_id)
            and (not display_name or display_name.lower() in board.display_name.lower())
            and (not status or board.status == status)
            and (not source_id or board.source_id == source_id)
            and (not source_type or board.source_type == source_type)
            and (start is None or int(board.created_at) >= start)
            and (end is None or int(board.created_at) <= end)
        ]
        position = {board.id: n for n, board in enumerate(boards)}  # ties keep the order of creation
        return sorted(boards, key=lambda board: (board.created_at, position[board.id]), reverse=descending)

    def start_tensorboard(self, tensorboard_id: str) -> Tensorboard:
        board = self.get_tensorboard(tensorboard_id)
        if board.status == "Stopping":
            raise IncorrectTensorboardStatus(tensorboard_id=board.id, current=board.status, action="StartTensorboard")
        if board.status == "Stopped":
            board.reason_code, board.reason_message = "", ""
            self.start(board, rules.TENSORBOARD_START)
            board.modified_at = self.now()
        return board

    def stop_tensorboard(self, tensorboard_id: str) -> Tensorboard:
        board = self.get_tensorboard(tensorboard_id)
        if board.status in ("Creating", "Running"):
            self.start(board, rules.TENSORBOARD_STOP)
            board.modified_at = self.now()
        return board

    def update_tensorboard(self, tensorboard_id: str, *, max_running_time_minutes: int | None,
                           priority: str | None, accessibility: str | None) -> Tensorboard:
        board = self.get_tensorboard(tensorboard_id)
        if priority is not None and priority not in {str(n) for n in range(1, 10)}:
            raise InvalidField("Priority", "Priority must be from 1 to 9.")
        accessibility = rules.check_accessibility(accessibility)
        assign_given(
            board, max_running_time_minutes=max_running_time_minutes, priority=priority, accessibility=accessibility,
        )
        board.modified_at = self.now()
        return board

    def delete_tensorboard(self, tensorboard_id: str) -> Tensorboard:
        board = self.get_tensorboard(tensorboard_id)
        self.remove("tensorboards", board.id)
        return board
