"""The job follower of `dlc-stack`: log windows, status lines, terminal vs plain output."""

from __future__ import annotations

import io

from dlc_provider.cli.follow import Display, LogTail, follow_job, format_duration


def test_format_duration():
    assert format_duration(None) == "-"
    assert format_duration(4.4) == "4s"
    assert format_duration(62) == "1m02s"
    assert format_duration(3723) == "1h02m03s"


def test_log_tail_grows_slides_and_rewrites():
    tail = LogTail()
    assert tail.new_lines(["a", "b"]) == ["a", "b"]
    assert tail.new_lines(["a", "b", "c"]) == ["c"]  # grew
    assert tail.new_lines(["b", "c", "d"]) == ["d"]  # slid (a window of the last lines)
    assert tail.new_lines(["b", "c", "d"]) == []
    fresh = LogTail()
    fresh.new_lines(["a", "b", "c"])
    assert fresh.new_lines(["a", "b", "x", "y"]) == ["x", "y"]  # rewritten after a common start
    assert fresh.new_lines(["a", "b", "x", "y", "z"]) == ["z"]


class _Cloud:
    """GetJob answers in turn (the last one repeats) and logs that grow with them."""

    def __init__(self, statuses, pods=1):
        self.statuses = list(statuses)
        self.calls = 0
        self.pods = pods

    def get_job(self, job_id):
        status = self.statuses[min(self.calls, len(self.statuses) - 1)]
        self.calls += 1
        pods = [{"PodId": f"{job_id}-worker-{i}", "Status": status} for i in range(self.pods)]
        return {"JobId": job_id, "Status": status, "Pods": pods if status != "Queuing" else [], "Duration": 7,
                "ReasonMessage": "exit 1" if status == "Failed" else None}

    def get_logs(self, job_id, pod_id):
        return [f"line {i}" for i in range(self.calls)]


def test_follow_plain_prints_each_status_once_and_every_log_line_once():
    cloud = _Cloud(["Queuing", "Running", "Running", "Running", "Succeeded"])
    out = io.StringIO()
    ticks = iter(range(100))
    job = follow_job("dlc1", cloud.get_job, cloud.get_logs, Display(out, live=False), poll=0,
                     sleep=lambda s: None, clock=lambda: float(next(ticks)))
    assert job["Status"] == "Succeeded"
    lines = out.getvalue().splitlines()
    assert [line.split(":")[1].split()[0] for line in lines if line.startswith("job dlc1")] == [
        "Queuing", "Running", "Succeeded"]
    logs = [line for line in lines if line.startswith("line ")]
    assert logs == [f"line {i}" for i in range(5)]
    assert "\x1b" not in out.getvalue() and "\r" not in out.getvalue()


def test_follow_prefixes_pod_ids_when_several_and_reports_failure():
    cloud = _Cloud(["Running", "Failed"], pods=2)
    out = io.StringIO()
    job = follow_job("dlc2", cloud.get_job, cloud.get_logs, Display(out, live=False), poll=0, sleep=lambda s: None)
    assert job["Status"] == "Failed"
    text = out.getvalue()
    assert "[dlc2-worker-1] line 0" in text
    assert "Failed" in text and "exit 1" in text


def test_follow_live_redraws_one_status_line():
    cloud = _Cloud(["Running", "Running", "Succeeded"])
    out = io.StringIO()
    follow_job("dlc3", cloud.get_job, cloud.get_logs, Display(out, live=True), poll=0, sleep=lambda s: None)
    text = out.getvalue()
    assert "\r\x1b[2K" in text
    assert "Running -> Succeeded" in text
    assert text.endswith("\r\x1b[2K")  # the live line is cleared at the end


def test_follow_stops_when_asked_and_when_the_job_is_gone():
    cloud = _Cloud(["Running"])
    out = io.StringIO()
    job = follow_job("dlc4", cloud.get_job, None, Display(out, live=False), poll=0, sleep=lambda s: None,
                     should_stop=lambda: cloud.calls >= 3)
    assert job["Status"] == "Running" and cloud.calls == 3
    assert follow_job("gone", lambda j: None, None, Display(io.StringIO(), live=False)) is None


def test_follow_once_without_until_final():
    cloud = _Cloud(["Running"])
    job = follow_job("dlc5", cloud.get_job, cloud.get_logs, Display(io.StringIO(), live=False), until_final=False)
    assert job["Status"] == "Running" and cloud.calls == 1


def test_the_job_line_shows_the_jobs_own_run_time_when_known():
    from dlc_provider.cli.follow import job_line

    pods = [{"Status": "Running"}, {"Status": "Pending"}]
    assert job_line({"JobId": "dlc1", "Status": "Running", "Duration": 12, "Pods": pods}, 3.0) == (
        "job dlc1: Running (ran 12s) pods 1/2 running")
    assert job_line({"JobId": "dlc1", "Status": "Queuing"}, 3.0) == "job dlc1: Queuing (following 3s)"
