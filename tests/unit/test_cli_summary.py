"""`dlc-stack` summaries and engine progress lines."""

from __future__ import annotations

import io

from pulumi.automation import EngineEvent, OpType
from pulumi.automation.events import DiagnosticEvent, ResOutputsEvent, ResourcePreEvent, StepEventMetadata

from dlc_provider.cli.follow import Display
from dlc_provider.cli.progress import EngineProgress, describe
from dlc_provider.cli.summary import outputs_lines, summary_lines


def test_summary_of_a_failed_job():
    lines = summary_lines(
        stack="dev", job={"JobId": "dlc1", "Status": "Failed", "ReasonMessage": "pod exited 1", "Duration": 65},
        outputs={"console_url": "https://pai.console/dlc1"}, resources=12, wall_seconds=90, torn_down=True,
    )
    text = "\n".join(lines)
    for expected in ("job:        dlc1", "status:     Failed", "reason:     pod exited 1", "duration:   1m05s",
                     "resources:  12", "console:    https://pai.console/dlc1", "torn down:  yes"):
        assert expected in text


def test_summary_without_a_job_uses_the_outputs():
    text = "\n".join(summary_lines(stack="dev", job=None, outputs={"job_id": "dlc9", "job_status": "Running"},
                                   resources=None))
    assert "dlc9" in text and "Running" in text and "duration:   -" in text


def test_outputs_lines_align_and_join_lists():
    assert outputs_lines({"vswitch_ids": ["vsw-1", "vsw-2"], "job_id": "dlc1"}) == [
        "job_id       dlc1", "vswitch_ids  vsw-1, vsw-2"]


def _step(op, urn, type_):
    return StepEventMetadata(op=op, urn=urn, type=type_, provider="")


def _event(**kwargs):
    return EngineEvent(sequence=1, timestamp=0, **kwargs)


def test_engine_progress_plain_lines_skip_the_stack_and_show_errors():
    out = io.StringIO()
    ticks = iter([0.0, 1.0, 3.5, 4.0, 5.0, 6.0])
    progress = EngineProgress(Display(out, live=False), "up", clock=lambda: next(ticks))
    urn = "urn:pulumi:dev::dlc-training::dlc:index:Vpc::vpc"
    progress(_event(resource_pre_event=ResourcePreEvent(_step(OpType.CREATE, urn, "pulumi-python:dynamic:Resource"))))
    progress(_event(res_outputs_event=ResOutputsEvent(_step(OpType.CREATE, urn, "pulumi-python:dynamic:Resource"))))
    stack = "urn:pulumi:dev::dlc-training::pulumi:pulumi:Stack::dlc-training-dev"
    progress(_event(resource_pre_event=ResourcePreEvent(_step(OpType.CREATE, stack, "pulumi:pulumi:Stack"))))
    progress(_event(diagnostic_event=DiagnosticEvent(message="boom\nsecond line", color="never", severity="error")))
    assert out.getvalue().splitlines() == ["created Resource vpc (2.5s)", "error: boom", "error: second line"]
    assert describe(urn, "dlc:index:Vpc") == "Vpc vpc"


def test_an_interrupted_run_says_the_status_was_cut_short():
    job = {"JobId": "dlc1", "Status": "Running"}
    lines = summary_lines(stack="dev", job=job, outputs={}, resources=3, torn_down=True, interrupted=True)
    assert "status:     Running when interrupted; the teardown deleted the job" in lines
    kept = summary_lines(stack="dev", job=job, outputs={}, resources=3, torn_down=False, interrupted=True)
    assert "status:     Running when interrupted" in kept
    done = summary_lines(stack="dev", job={**job, "Status": "Failed"}, outputs={}, resources=3, torn_down=True,
                         interrupted=True)
    assert "status:     Failed" in done
