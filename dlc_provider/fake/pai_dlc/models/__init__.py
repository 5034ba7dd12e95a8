"""State of the fake PAI-DLC service: one `DlcBackend` per account and region (jobs, TensorBoards)."""

from __future__ import annotations

from typing import Any

from ...core.backend import BackendContext
from .. import rules
from .resources import Job, Pod, StatusEntry, Tensorboard
from .tensorboards import TensorboardsMixin


class DlcBackend(TensorboardsMixin):
    service = "pai-dlc"
    kinds = ("jobs", "tensorboards")

    def __init__(self, account_id: str, region: str, context: BackendContext) -> None:
        super().__init__(account_id, region, context)
        self._next_pod_ip = 0
        self._next_node = 0
        self._default_workspace = ""

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        for name in ("_local_runner", "_exec_tmp"):  # processes and temporary folders live with this fake only
            state.pop(name, None)
        return state

    def sweep(self, now: float) -> bool:
        changed = super().sweep(now)
        return self.local_sweep() or changed

    def on_status(self, kind: str, resource: Any, status: str) -> None:
        if kind == "jobs":
            self.on_job_status(resource, status)
        else:
            self.on_tensorboard_status(resource, status)

    def dependents_of(self, resource_id: str) -> list[str]:
        """Running jobs and TensorBoards hold network interfaces in their vSwitch and security group."""
        users = [
            "NetworkInterface" for job in self.all("jobs")
            if job.status not in rules.TERMINAL and resource_id in (job.switch_id, job.security_group_id)
        ]
        users += [
            "NetworkInterface" for board in self.all("tensorboards")
            if board.status != "Stopped"
            and resource_id in (board.spec.get("SwitchId"), board.spec.get("SecurityGroupId"))
        ]
        return users


__all__ = ["DlcBackend", "Job", "Pod", "StatusEntry", "Tensorboard"]
