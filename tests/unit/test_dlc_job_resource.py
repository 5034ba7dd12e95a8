"""`DlcJob` against the in-process fake PAI-DLC with the real SDK client: create and wait, the request as
the fake receives it, failure with logs and cleanup, read, diff, update (priority, stop), replace,
adoption, delete of a running job, idempotency after a crash, and check without cloud calls."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dlc_provider.clients import pai_dlc as api
from dlc_provider.errors import CreateFailed, DlcError, TransportError
from dlc_provider.fake import FaultRule
from dlc_provider.resources.dlc_job import DlcJobArgs, DlcJobProvider, job_token
from dlc_provider.resources.tokens import TAKEOVERS
from dlc_provider.specs.dlc import TOKEN_TAG_KEY, to_create_job_request, validate_spec
from dlc_provider.waiting import ProgressEvent, add_progress_listener

from ._cloud import Env, cloud, env, isolated, manual_env  # noqa: F401  (fixtures)

SPEC = "ecs.gn6i-c4g1.xlarge"
IMAGE = "registry.example.com/team/train:1.0"


def job(**overrides: Any) -> dict[str, Any]:
    envs = overrides.pop("envs", {})
    return {
        "display_name": "train-1",
        "command": "python train.py",
        "framework": "pytorch",
        "image": IMAGE,
        "roles": {"worker": {"count": 2, "spec": SPEC}},
        "envs": {"FAKE_DLC_RUN_SECONDS": "forever", **envs},
        **overrides,
    }


def status_of(env: Env, job_id: str) -> str | None:
    found = api.get_job(env.session(), job_id)
    return None if found is None else found["Status"]


# --- create ------------------------------------------------------------------------------------------------


def test_create_waits_until_running_and_reports_outputs(manual_env: Env) -> None:
    env = manual_env
    events: list[ProgressEvent] = []
    remove = add_progress_listener(events.append)
    try:
        _, created, _ = env.create(DlcJobProvider, "job", **job())
    finally:
        remove()
    outs = created.outs

    assert outs["job_id"] == created.id and outs["status"] == "Running"
    assert [p["role"] for p in outs["pods"]] == ["Worker", "Worker"]
    assert all(p["status"] == "Running" and p["ip"] for p in outs["pods"])
    assert outs["created_time"] and outs["running_time"] and outs["finished_time"] is None
    assert outs["console_url"].startswith("https://pai.console.aliyun.com/?regionId=cn-hangzhou&workspaceId=")
    assert outs["console_url"].endswith(f"#/dlc/jobs/{created.id}")
    assert outs["creation_token"].startswith("dlc")
    assert outs["command"] == "python train.py" and outs["wait_until"] == "running"
    assert len(env.calls("CreateJob")) == 1
    # Status changes are visible through the core's progress events.
    seen = [e.status for e in events if e.resource_id == created.id and e.status]
    assert "Queuing" in seen and seen[-1] == "Running"


def test_wait_until_submitted_returns_at_once_and_succeeded_waits_for_the_end(manual_env: Env) -> None:
    _, submitted, _ = manual_env.create(DlcJobProvider, "a", **job(wait_until="submitted"))
    assert submitted.outs["status"] in ("Creating", "Queuing")

    _, done, _ = manual_env.create(
        DlcJobProvider, "b", **job(display_name="train-2", wait_until="succeeded", envs={"FAKE_DLC_RUN_SECONDS": "30"})
    )
    assert done.outs["status"] == "Succeeded" and done.outs["finished_time"]


def test_the_fake_receives_the_mapped_request(env: Env) -> None:
    inputs = job(
        description="resnet", tags={"team": "ml"}, priority=4, max_running_time_minutes=120,
        roles={"master": {"count": 1, "spec": SPEC}, "worker": {"count": 2, "spec": SPEC}},
        thirdparty_libs=["numpy==1.26.4"],
    )
    _, created, _ = env.create(DlcJobProvider, "mapped", **inputs)

    body = env.cloud.backend("pai-dlc").get_job(created.id).body
    expected = to_create_job_request(
        validate_spec({k: v for k, v in inputs.items()}, region="cn-hangzhou"), region="cn-hangzhou",
        token=created.outs["creation_token"],
    ).to_map()
    assert body["JobType"] == "PyTorchJob" and body["DisplayName"] == "train-1"
    assert body["Priority"] == 4 and body["JobMaxRunningTimeMinutes"] == 120
    assert sorted(s["Type"] for s in body["JobSpecs"]) == ["Master", "Worker"]
    assert all(s["EcsSpec"] == SPEC and s["Image"] == IMAGE for s in body["JobSpecs"])
    assert body["Settings"]["Tags"] == {"team": "ml", TOKEN_TAG_KEY: created.outs["creation_token"]}
    assert body["ThirdpartyLibs"] == ["numpy==1.26.4"]
    for key in ("DisplayName", "JobType", "UserCommand", "Priority", "Envs", "Settings", "JobMaxRunningTimeMinutes"):
        assert body[key] == expected[key], key
    assert created.outs["observed_priority"] == 4


# --- failure ------------------------------------------------------------------------------------------------


def test_a_failing_job_reports_reason_and_log_and_is_deleted(env: Env) -> None:
    provider = env.provider(DlcJobProvider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("bad"), **job(
        envs={"FAKE_DLC_OUTCOME": "fail", "FAKE_DLC_RUN_SECONDS": "10", "FAKE_DLC_ERROR": "ValueError: bad batch"},
        wait_until="succeeded")})

    with pytest.raises(CreateFailed) as failed:
        provider.create(inputs)

    text = str(failed.value)
    job_id = failed.value.resource_id
    assert "Failed" in text and "JobFailed" in text
    assert "ValueError: bad batch" in text and "log lines of pod" in text
    assert "nothing is left behind" in text and failed.value.leaked_id is None
    assert status_of(env, job_id) is None
    assert len(env.calls("DeleteJob")) == 1


def test_a_job_failing_while_running_is_stopped_before_delete_on_timeout(manual_env: Env) -> None:
    env = manual_env
    provider = env.provider(DlcJobProvider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("slow"),
                                    **job(wait_until="succeeded", timeouts={"create": 60})})

    with pytest.raises(CreateFailed) as failed:
        provider.create(inputs)

    assert "did not become Succeeded within 60s" in str(failed.value)
    assert len(env.calls("StopJob")) == 1 and len(env.calls("DeleteJob")) == 1
    assert status_of(env, failed.value.resource_id) is None


def test_a_failed_cleanup_names_the_job(env: Env) -> None:
    provider = env.provider(DlcJobProvider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("bad"), **job(envs={"FAKE_DLC_OUTCOME": "fail", "FAKE_DLC_RUN_SECONDS": "1"})})
    env.cloud.settings.faults = [FaultRule(kind="server_error", action="DeleteJob")]
    try:
        with pytest.raises(CreateFailed) as failed:
            provider.create(inputs)
    finally:
        env.cloud.settings.faults = []

    job_id = failed.value.resource_id
    assert failed.value.leaked_id == job_id
    assert f"adopt_id={job_id!r}" in str(failed.value) and "left behind" in str(failed.value)
    assert status_of(env, job_id) == "Failed"


# --- read, diff, update, replace ----------------------------------------------------------------------------


def test_read_keeps_status_current_and_drops_a_job_deleted_out_of_band(manual_env: Env) -> None:
    env = manual_env
    provider, created, _ = env.create(DlcJobProvider, "job", **job(envs={"FAKE_DLC_RUN_SECONDS": "30"}))
    assert created.outs["status"] == "Running"
    env.cloud.clock.advance(3600)

    read = provider.read(created.id, created.outs)
    assert read.id == created.id and read.outs["status"] == "Succeeded"
    assert read.outs["creation_token"] == created.outs["creation_token"]
    assert read.outs["command"] == created.outs["command"]

    api.delete_job(env.session(), created.id)
    assert provider.read(created.id, read.outs).id == ""


def test_a_job_stopped_out_of_band_shows_on_refresh_and_preview_offers_a_new_job(manual_env: Env) -> None:
    env = manual_env
    provider, created, checked = env.create(DlcJobProvider, "job", **job(envs={"FAKE_DLC_RUN_SECONDS": "forever"}))
    events: list[str] = []
    remove = add_progress_listener(lambda event: events.append(event.message))
    try:
        api.stop_job(env.session(), created.id)  # someone stops it in the console
        env.cloud.clock.advance(120)
        read = provider.read(created.id, created.outs)
    finally:
        remove()

    assert read.outs["status"] == "Stopped" and read.outs["stopped"] is True
    assert any("stopped outside this stack" in message for message in events), events
    assert provider.diff(created.id, read.outs, checked).replaces == ["stopped"]


def test_unchanged_inputs_diff_to_no_change(env: Env) -> None:
    provider, created, checked = env.create(DlcJobProvider, "job", **job())
    diff = provider.diff(created.id, created.outs, checked)
    assert diff.changes is False and not diff.replaces


@pytest.mark.parametrize(
    ("change", "replaces"),
    [
        ({"command": "python train.py --epochs 2"}, ["command"]),
        ({"roles": {"worker": {"count": 3, "spec": SPEC}}}, ["roles"]),
        ({"image": "registry.example.com/team/train:2.0"}, ["image"]),
        ({"priority": 5}, []),
        ({"wait_until": "submitted"}, []),
        ({"timeouts": {"create": 10}}, []),
        ({"stopped": True}, []),
    ],
)
def test_diff_replaces_or_updates_in_place(env: Env, change: dict[str, Any], replaces: list[str]) -> None:
    provider, created, checked = env.create(DlcJobProvider, "job", **job())
    diff = provider.diff(created.id, created.outs, {**checked, **change})
    assert diff.changes is True and diff.replaces == replaces


def test_priority_updates_in_place_while_queuing(manual_env: Env) -> None:
    env = manual_env
    provider, created, checked = env.create(DlcJobProvider, "job", **job(wait_until="submitted", priority=2))
    news = {**checked, "priority": 7}

    updated = provider.update(created.id, created.outs, news)

    assert updated.outs["priority"] == 7 and updated.outs["observed_priority"] == 7
    assert json.loads(json.dumps(env.calls("UpdateJob")[0].params)).get("Priority", 7) == 7
    assert provider.diff(created.id, updated.outs, news).changes is False


def test_priority_of_a_running_job_fails_clearly(manual_env: Env) -> None:
    provider, created, checked = manual_env.create(DlcJobProvider, "job", **job())
    with pytest.raises(DlcError, match="only while it is Creating, Queuing or Bidding") as refused:
        provider.update(created.id, created.outs, {**checked, "priority": 7})
    assert "IncorrectJobStatus" in str(refused.value)


def test_stopped_true_stops_in_place_and_false_again_replaces(manual_env: Env) -> None:
    env = manual_env
    provider, created, checked = env.create(DlcJobProvider, "job", **job())
    news = {**checked, "stopped": True}
    assert provider.diff(created.id, created.outs, news).replaces == []

    updated = provider.update(created.id, created.outs, news)
    assert updated.outs["status"] == "Stopped" and updated.outs["stopped"] is True
    assert len(env.calls("StopJob")) == 1

    back = {**checked, "stopped": False}
    assert provider.diff(created.id, updated.outs, back).replaces == ["stopped"]
    # The replacement is a new job, although its request is the same as the stopped one's.
    replacement = env.provider(DlcJobProvider).create(
        env.checked(provider, {k: v for k, v in back.items() if k != "creation_nonce"}))
    assert replacement.id != created.id and replacement.outs["status"] == "Running"
    assert len(env.calls("CreateJob")) == 2


def test_a_replacement_submits_a_new_job_and_the_old_one_is_deleted(env: Env) -> None:
    provider, created, checked = env.create(DlcJobProvider, "job", **job())
    news = env.checked(provider, {**checked, "command": "python other.py"})

    replacement = env.provider(DlcJobProvider).create(news)
    provider.delete(created.id, created.outs)

    assert replacement.id != created.id
    assert status_of(env, created.id) is None and status_of(env, replacement.id) is not None


# --- delete -------------------------------------------------------------------------------------------------


def test_delete_stops_a_running_job_then_deletes_it(manual_env: Env) -> None:
    env = manual_env
    provider, created, _ = env.create(DlcJobProvider, "job", **job())
    assert status_of(env, created.id) == "Running"

    provider.delete(created.id, created.outs)

    assert status_of(env, created.id) is None
    assert [c.action for c in env.cloud.calls(ok=True) if c.action in ("StopJob", "DeleteJob")] == ["StopJob", "DeleteJob"]
    provider.delete(created.id, created.outs)  # already gone: success


# --- adoption -----------------------------------------------------------------------------------------------


def _submit_out_of_band(env: Env, inputs: dict[str, Any]) -> str:
    spec = validate_spec(inputs, region="cn-hangzhou")
    return api.create_job(env.session(), to_create_job_request(spec, region="cn-hangzhou", token="by-hand"),
                          find=lambda: None)


def test_adopt_an_existing_job(env: Env) -> None:
    job_id = _submit_out_of_band(env, job(priority=3))
    creates = len(env.calls("CreateJob"))

    provider, adopted, checked = env.create(DlcJobProvider, "adopted", **job(priority=3), adopt_id=job_id)

    assert adopted.id == job_id and adopted.outs["job_id"] == job_id
    assert len(env.calls("CreateJob")) == creates
    assert provider.diff(job_id, adopted.outs, checked).changes is False
    read = provider.read(job_id, adopted.outs)
    assert provider.diff(job_id, read.outs, checked).changes is False


def test_adopting_a_different_job_is_refused(env: Env) -> None:
    job_id = _submit_out_of_band(env, job(command="python other.py"))
    with pytest.raises(DlcError, match="command is 'python other.py' in the cloud"):
        env.create(DlcJobProvider, "adopted", **job(), adopt_id=job_id)
    with pytest.raises(DlcError, match="no such DlcJob"):
        env.create(DlcJobProvider, "missing", **job(), adopt_id="dlc-nope")


def test_read_without_inputs_rebuilds_them_from_the_job(env: Env) -> None:
    job_id = _submit_out_of_band(env, job())
    provider = env.provider(DlcJobProvider)
    read = provider.read(job_id, {})
    assert read.outs["display_name"] == "train-1" and read.outs["command"] == "python train.py"
    assert read.outs["framework"] == "pytorch" and read.outs["status"]
    # `pulumi import` with the program's inputs: the next preview is clean.
    program = env.checked(provider, {"dlc_identity": env.identity("imported"), **job()})
    assert provider.diff(job_id, read.outs, program).changes is False


# --- idempotency --------------------------------------------------------------------------------------------


def test_a_dropped_create_job_answer_is_found_by_its_token_not_submitted_again(env: Env) -> None:
    provider = env.provider(DlcJobProvider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("job"), **job()})
    # The answer to CreateJob is lost after the job was made: the retry finds the job by its token tag.
    env.cloud.settings.faults = [FaultRule(kind="drop", action="CreateJob", after=True, max_count=1)]
    try:
        created = provider.create(inputs)
    finally:
        env.cloud.settings.faults = []
    TAKEOVERS.clear()  # a re-run after the provider process died is a new process

    rerun = env.provider(DlcJobProvider).create(inputs)

    assert rerun.id == created.id
    assert len(env.calls("CreateJob", ok=None)) == 1
    jobs = api.list_jobs(env.session(), tags={TOKEN_TAG_KEY: rerun.outs["creation_token"]})
    assert [j["JobId"] for j in jobs] == [rerun.id]
    assert env.provider(DlcJobProvider).recover_created(inputs)[0] == created.id


def test_create_job_rides_out_throttling_without_a_second_job(env: Env) -> None:
    provider = env.provider(DlcJobProvider)
    inputs = env.checked(provider, {"dlc_identity": env.identity("job"), **job()})
    env.cloud.settings.faults = [FaultRule(kind="throttle", action="CreateJob", max_count=3)]
    try:
        created = provider.create(inputs)
    finally:
        env.cloud.settings.faults = []

    assert len(env.calls("CreateJob", ok=None)) == 4 and len(env.calls("CreateJob")) == 1
    assert created.outs["status"] == "Running"


def test_the_token_depends_on_identity_and_request_not_on_life_cycle_inputs() -> None:
    spec = validate_spec(job(), region="cn-hangzhou")
    token = job_token("a", spec, "cn-hangzhou", "n1")
    assert token == job_token("a", validate_spec(job(wait_until="submitted", timeouts={"create": 5}),
                                                 region="cn-hangzhou"), "cn-hangzhou", "n1")
    assert token != job_token("b", spec, "cn-hangzhou", "n1")
    assert token != job_token("a", validate_spec(job(command="x"), region="cn-hangzhou"), "cn-hangzhou", "n1")
    assert token != job_token("a", spec, "cn-hangzhou", "n2")
    assert len(token) <= 64


# --- check --------------------------------------------------------------------------------------------------


def test_a_registry_password_given_in_plain_text_never_reaches_the_outputs(env: Env) -> None:
    """Outputs keep a fingerprint; the input itself is made secret by the resource class (e2e: test_dlc_job)."""
    provider = env.provider(DlcJobProvider)
    image = {"kind": "registry", "uri": "registry.example.com/team/train:1.0", "username": "u", "password": "hunter2"}
    created = provider.create(env.checked(provider, {"dlc_identity": env.identity("j"), **job(image=image)}))

    assert "hunter2" not in json.dumps(created.outs)
    assert created.outs["image"]["password"].startswith("sha256:")


def test_invalid_inputs_fail_check_with_the_path_and_no_cloud_call(env: Env) -> None:
    provider = env.provider(DlcJobProvider)
    result = provider.check({}, {"dlc_identity": env.identity("j"), **job(priority=12,
                                 roles={"worker": {"count": 0, "spec": SPEC}})})
    paths = {f.property for f in result.failures}
    assert "priority" in paths and "roles.worker.count" in paths
    assert env.cloud.calls() == []


def test_unknown_values_at_preview_do_not_fail_check(env: Env) -> None:
    from dlc_provider.specs.common import UNKNOWN

    provider = env.provider(DlcJobProvider)
    network = {"vpc_id": UNKNOWN, "security_group_id": UNKNOWN}
    result = provider.check({}, {"dlc_identity": env.identity("j"), **job(network=network, command=UNKNOWN)})
    assert result.failures == []


# --- secrets ------------------------------------------------------------------------------------------------


def test_passwords_never_reach_outputs_or_errors(env: Env) -> None:
    registry = {"kind": "registry", "uri": "registry.example.com/team/train:1.0", "username": "bot",
                "password": "hunter2-secret"}
    provider, created, checked = env.create(DlcJobProvider, "job", **job(image=registry))

    assert "hunter2-secret" not in json.dumps(created.outs)
    assert created.outs["image"]["password"].startswith("sha256:")
    sent = env.cloud.backend("pai-dlc").get_job(created.id).body["JobSpecs"][0]["ImageConfig"]
    assert sent["Password"] == "hunter2-secret"
    # A changed password is still a change (fingerprints differ), and it replaces.
    changed = {**checked, "image": {**registry, "password": "other"}}
    assert provider.diff(created.id, created.outs, changed).replaces == ["image"]
    assert provider.diff(created.id, created.outs, checked).changes is False

    failing = env.provider(DlcJobProvider)
    bad = env.checked(failing, {"dlc_identity": env.identity("bad"),
                                **job(image=registry, envs={"FAKE_DLC_OUTCOME": "fail", "FAKE_DLC_RUN_SECONDS": "1"})})
    with pytest.raises(CreateFailed) as failed:
        failing.create(bad)
    assert "hunter2-secret" not in str(failed.value)


# --- program-side conversions -------------------------------------------------------------------------------


def test_args_from_a_create_job_request_and_a_job_file(tmp_path: Any) -> None:
    spec = validate_spec(job(), region="cn-hangzhou")
    request = to_create_job_request(spec, region="cn-hangzhou", token="t")
    args = DlcJobArgs.from_create_job_request(request)
    assert args.display_name == "train-1" and args.framework == "pytorch"
    assert DlcJobArgs.from_create_job_request(request.to_map()) == args

    text = "name=train-file\ncommand=python train.py\nworkers=1\nworker_spec=ecs.gn6i-c4g1.xlarge\n" \
           f"worker_image={IMAGE}\n"
    path = tmp_path / "job.params"
    path.write_text(text)
    from_text = DlcJobArgs.from_job_file(text, framework="pytorchjob")
    assert DlcJobArgs.from_job_file(str(path), framework="pytorchjob") == from_text
    assert from_text.display_name == "train-file"


def test_a_lingjun_quota_job_with_sanity_check_runs(env: Env) -> None:
    inputs = job(
        resource_type="lingjun", resources={"source": "quota", "quota_id": "quota-lingjun-demo"},
        roles={"worker": {"count": 2, "cpu": 16, "gpu": 2, "memory": "128Gi"}}, sanity_check={"enabled": True},
    )
    _, created, _ = env.create(DlcJobProvider, "lingjun", **inputs)

    job_record = env.cloud.backend("pai-dlc").get_job(created.id)
    assert job_record.resource_type == "Lingjun" and job_record.body["ResourceId"] == "quota-lingjun-demo"
    assert job_record.body["Settings"]["EnableSanityCheck"] is True
    assert created.outs["status"] == "Running"


def test_a_job_created_stopped_is_submitted_then_stopped(manual_env: Env) -> None:
    provider, created, checked = manual_env.create(DlcJobProvider, "job", **job(stopped=True))
    assert created.outs["status"] == "Stopped" and len(manual_env.calls("StopJob")) == 1
    assert provider.diff(created.id, created.outs, checked).changes is False


def test_a_stop_whose_answer_was_lost_is_not_retried_against_the_stopping_job(manual_env: Env) -> None:
    """StopJob took effect but its answer was dropped: the retry meets IncorrectJobStatus (the job is
    stopping), which means done, not "try again until the time limit"."""
    env = manual_env
    provider, created, _ = env.create(DlcJobProvider, "job", **job(envs={"FAKE_DLC_RUN_SECONDS": "forever"}))
    env.cloud.settings.faults = [FaultRule(kind="drop", action="StopJob", after=True, max_count=1)]
    try:
        provider.delete(created.id, created.outs)
    finally:
        env.cloud.settings.faults = []

    assert len(env.calls("StopJob", ok=None)) <= 2
    assert api.get_job(env.session(), created.id) is None
