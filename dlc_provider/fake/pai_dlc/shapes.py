"""Reply shapes of the PAI-DLC API: jobs, pods and TensorBoards as the SDK's models parse them.

ROA replies use plain arrays. GetJob spells the VPC's CIDR list `ExtendedCidrs` (the request says
`ExtendedCIDRs`), returns DataSources as {DataSourceId, MountPath, Uri} only, and does not return
JobMaxRunningTimeMinutes, SuccessPolicy, Options or the template (ListJobs' JobItem has
JobMaxRunningTimeMinutes, and gives RequestGPU/RequestMemory as strings).
"""

from __future__ import annotations

from typing import Any

from .models import DlcBackend, Job, Pod, Tensorboard
from .models.local_jobs import MAX_RESTARTS

# Fields of the request echoed as sent (unset ones were dropped on the way in).
_ECHOED = ("Envs", "Settings", "CredentialConfig", "ElasticSpec", "ThirdpartyLibs", "ThirdpartyLibDir",
           "SchedulingStrategy")
#: What GetJob shows for the value of an invisible custom environment variable (`Visible: "false"`).
HIDDEN = "******"
_MAIN_CONTAINERS = {"TFJob": "tensorflow", "PyTorchJob": "pytorch", "MPIJob": "mpi", "XGBoostJob": "xgboost",
                    "RayJob": "ray"}


def _times(backend: DlcBackend, **moments: float | None) -> dict[str, str]:
    return {name: backend.timestamp(at) for name, at in moments.items() if at is not None}


def main_container(job: Job) -> str:
    return _MAIN_CONTAINERS.get(job.job_type, "main")


def status_history(backend: DlcBackend, job: Job) -> list[dict[str, Any]]:
    items = []
    for entry, following in zip(job.history, [*job.history[1:], None], strict=True):
        item = {"Status": entry.status, "StartTime": backend.timestamp(entry.start),
                "ReasonCode": entry.reason_code, "ReasonMessage": entry.reason_message}
        if following is not None:
            item["EndTime"] = backend.timestamp(following.start)
        items.append(item)
    return items


def pod(backend: DlcBackend, job: Job, item: Pod, *, history: bool = True) -> dict[str, Any]:
    now = backend.now()
    end = item.finished_at if item.finished_at is not None else now
    held = item.started_at is not None and item.started_at > now  # StartupDependencies: not started yet
    started = None if held else item.started_at
    return {
        "PodId": item.pod_id,
        "PodUid": item.pod_uid,
        "Type": item.role,
        "Status": "Pending" if held else item.status,
        "SubStatus": "Normal",
        "Ip": item.ip,
        "PodIp": item.ip,
        "PodIps": [{"Ip": item.ip, "InterfaceName": "eth0"}],
        "NodeName": item.node_name,
        "ResourceType": job.resource_type,
        "Duration": round(end - started, 3) if started is not None else 0.0,
        "HistoryPods": [pod(backend, job, old, history=False) for old in item.history] if history else [],
        **_times(backend, GmtCreateTime=item.created_at, GmtStartTime=started, GmtFinishTime=item.finished_at),
    }


def replica_statuses(job: Job) -> list[dict[str, Any]]:
    statuses = []
    for spec in job.job_specs:
        pods = [p for p in job.pods if p.role == spec["Type"]]
        statuses.append({
            "Type": spec["Type"],
            "EstimatedPodCount": len(pods),
            "Active": sum(1 for p in pods if p.status == "Running"),
            "Queuing": len(pods) if job.status in ("Queuing", "Bidding") else 0,
            "Dequeued": sum(1 for p in pods if p.created_at is not None),
        })
    return statuses


def _user_vpc(job: Job) -> dict[str, Any] | None:
    sent = job.body.get("UserVpc")
    if not sent:
        return None
    shape = {key: sent[key] for key in ("VpcId", "SwitchId", "SecurityGroupId", "DefaultRoute") if key in sent}
    if sent.get("ExtendedCIDRs"):
        shape["ExtendedCidrs"] = list(sent["ExtendedCIDRs"])
    return shape


def job(backend: DlcBackend, item: Job, *, list_item: bool = False) -> dict[str, Any]:
    """A job as GetJob returns it, or (`list_item`) as a ListJobs JobItem."""
    finish = item.finished_at()
    end = finish if finish is not None else backend.now()
    shape: dict[str, Any] = {
        "JobId": item.id,
        "DisplayName": item.display_name,
        "JobType": item.job_type,
        "Status": item.status,
        "SubStatus": "",
        "ReasonCode": item.reason_code,
        "ReasonMessage": item.reason_message,
        "StatusHistory": status_history(backend, item),
        "Priority": item.priority,
        "WorkspaceId": item.workspace_id,
        "WorkspaceName": backend.workspace_name(item.workspace_id),
        "ResourceId": item.resource_id,
        "ResourceType": item.resource_type,
        "ResourceLevel": "",
        "ClusterId": "",
        "TenantId": backend.account_id,
        "UserId": backend.account_id,
        "UserCommand": item.user_command,
        "Description": item.description,
        "Accessibility": item.accessibility,
        "JobSpecs": item.job_specs,
        "JobReplicaStatuses": replica_statuses(item),
        "Pods": [pod(backend, item, p) for p in item.pods if p.created_at is not None],
        "DataSources": [
            {key: source[key] for key in ("DataSourceId", "MountPath", "Uri") if key in source}
            for source in item.body.get("DataSources") or []
        ],
        "Duration": int(end - item.created_at),
        "RequestCPU": item.request_cpu,
        "RequestGPU": item.request_gpu,
        "RequestMemory": item.request_memory,
        "RestartTimes": f"{sum(p.restarts for p in item.pods)}/{len(item.pods) * MAX_RESTARTS}",
        "EnabledDebugger": bool(item.body.get("DebuggerConfigContent")),
        **{key: item.body[key] for key in _ECHOED if key in item.body},
        **_times(backend, GmtCreateTime=item.created_at, GmtSubmittedTime=item.reached("Queuing"),
                 GmtRunningTime=item.reached("Running"), GmtSuccessedTime=item.reached("Succeeded"),
                 GmtFailedTime=item.reached("Failed"), GmtStoppedTime=item.reached("Stopped"),
                 GmtFinishTime=finish),
    }
    code_source = item.body.get("CodeSource")
    if code_source:
        shape["CodeSource"] = {key: code_source[key] for key in ("CodeSourceId", "Branch", "Commit", "MountPath")
                               if key in code_source}
    user_vpc = _user_vpc(item)
    if user_vpc:
        shape["UserVpc"] = user_vpc
    if list_item:
        shape.update(
            RequestGPU=f"{item.request_gpu:g}",
            RequestMemory=f"{item.request_memory:g}",
            NodeCount=str(len(item.pods)),
            NodeNames=sorted({p.node_name for p in item.pods if p.node_name}),
            JobMaxRunningTimeMinutes=item.body.get("JobMaxRunningTimeMinutes", 0),
            GmtModifiedTime=backend.timestamp(item.modified_at),
            IsDeleted=False,
            ResourceQuotaName="",
            RetryCount=0,
            TemplateId=str(item.body.get("TemplateId") or ""),
            Username=f"{backend.account_id}",
        )
        shape["DataSources"] = [{key: s[key] for key in ("DataSourceId", "MountPath") if key in s}
                                for s in shape["DataSources"]]
    else:
        shape["CustomEnvs"] = [{**env, "Value": HIDDEN} if env.get("Visible") == "false" else env
                               for env in item.body.get("CustomEnvs") or []]
        shape["RestartRecord"] = []
    return shape


def tensorboard(backend: DlcBackend, board: Tensorboard) -> dict[str, Any]:
    end = board.finished_at if board.finished_at is not None else backend.now()
    shape: dict[str, Any] = {
        "TensorboardId": board.id,
        "DisplayName": board.display_name,
        "Status": board.status,
        "TensorboardUrl": backend.tensorboard_url(board),
        "JobId": board.job_id,
        "WorkspaceId": board.workspace_id,
        "SummaryPath": board.summary_path,
        "SummaryRelativePath": board.summary_relative_path,
        "DataSourceId": board.data_source_id,
        "DataSourceType": board.data_source_type,
        "Cpu": board.cpu,
        "Memory": board.memory,
        "MaxRunningTimeMinutes": board.max_running_time_minutes,
        "Priority": board.priority,
        "QuotaId": board.quota_id,
        "Accessibility": board.accessibility,
        "Options": board.options,
        "TensorboardDataSources": board.data_sources,
        "UserId": backend.account_id,
        "Username": backend.account_id,
        "ReasonCode": board.reason_code,
        "ReasonMessage": board.reason_message,
        "Duration": str(int(end - board.started_at)) if board.started_at is not None else "0",
        **_times(backend, GmtCreateTime=board.created_at, GmtModifyTime=board.modified_at,
                 GmtFinishTime=board.finished_at),
    }
    if board.spec:
        shape["TensorboardSpec"] = board.spec
    return shape
