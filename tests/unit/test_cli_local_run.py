"""`dlc-stack run --local`: the fake's execute_jobs setting is on during the run and as it was afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlc_provider.cli.local_run import LocalRunProblem, execution_on, runs_folder
from dlc_provider.cli.main import build_parser
from dlc_provider.fake import FakeSettings, serve_in_thread


def test_execution_is_on_for_the_run_only(tmp_path: Path) -> None:
    said: list[str] = []
    with serve_in_thread(FakeSettings(exec_dir=tmp_path)) as server:
        with execution_on(server.url, say=said.append) as folder:
            assert server.cloud.settings.execute_jobs is True
            assert folder == str(tmp_path)
        assert server.cloud.settings.execute_jobs is False
        server.cloud.settings.execute_jobs = True  # a fake started with --execute-jobs stays so
        with execution_on(server.url, say=said.append):
            pass
        assert server.cloud.settings.execute_jobs is True
    assert said[0].startswith("local run: the job's pods run as processes on this machine") and str(tmp_path) in said[0]


def test_runs_folder_follows_the_fake_settings(tmp_path: Path) -> None:
    assert runs_folder({"exec_dir": "/x/runs", "state_file": "/y/state.sqlite"}) == "/x/runs"
    assert runs_folder({"exec_dir": None, "state_file": str(tmp_path / "state.sqlite")}) == str(tmp_path / "local-runs")
    assert runs_folder({}).startswith("a temporary folder of the fake")


def test_local_needs_a_local_fake() -> None:
    with pytest.raises(LocalRunProblem, match="--local needs the stack's dlc:endpoint"):
        with execution_on(None, say=print):
            pass
    with pytest.raises(LocalRunProblem, match="could not reach the fake cloud's admin API"):
        with execution_on("http://127.0.0.1:9", say=print):
            pass
    args = build_parser().parse_args(["run", "--local"])
    assert args.local is True
    assert build_parser().parse_args(["fake", "start", "--execute-jobs"]).execute_jobs is True
