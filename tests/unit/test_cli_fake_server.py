"""`dlc-stack fake start|stop|status` and the checks `dlc-stack` makes before touching a stack."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dlc_provider.cli import fake_server
from dlc_provider.cli.main import SetupProblem, _check_fake, build_parser, main


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_start_status_stop_keeps_everything_under_dot_fake(tmp_path: Path):
    port = _free_port()
    record, started = fake_server.start(tmp_path, port=port, latency="instant")
    try:
        assert started and record.url == f"http://127.0.0.1:{port}"
        assert Path(record.state_file) == tmp_path / ".fake" / "state.sqlite"
        assert json.loads((tmp_path / ".fake" / "server.json").read_text())["pid"] == record.pid
        again, started_again = fake_server.start(tmp_path, port=port)
        assert not started_again and again.pid == record.pid
        assert fake_server.status(tmp_path)[1] is True
        assert fake_server.health(record.url) is not None
    finally:
        stopped = fake_server.stop(tmp_path)
    assert stopped is not None and stopped.pid == record.pid
    assert not fake_server.pid_alive(record.pid)
    assert fake_server.status(tmp_path) == (None, False)
    assert fake_server.stop(tmp_path) is None
    assert Path(record.state_file).exists()  # the state survives for the next start


def test_start_reports_a_server_that_cannot_listen(tmp_path: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(fake_server.FakeServerError, match="exited"):
            fake_server.start(tmp_path, port=busy.getsockname()[1], timeout=20)
    assert fake_server.read_record(tmp_path) is None


def test_cli_fake_commands_find_the_project_folder(tmp_path: Path, capsys):
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\n")
    nested = tmp_path / "sub"
    nested.mkdir()
    port = str(_free_port())
    try:
        assert main(["-C", str(nested), "fake", "start", "--port", port, "--latency", "instant"]) == 0
        assert main(["-C", str(nested), "fake", "status"]) == 0
        assert f"127.0.0.1:{port}" in capsys.readouterr().out
    finally:
        assert main(["-C", str(tmp_path), "fake", "stop"]) == 0
    assert main(["-C", str(tmp_path), "fake", "status"]) == 1
    assert (tmp_path / ".fake" / "server.log").exists()


def test_no_project_is_a_setup_problem(tmp_path: Path, capsys):
    assert main(["-C", str(tmp_path), "fake", "status"]) == 2
    assert "Pulumi.yaml" in capsys.readouterr().err


def test_a_local_endpoint_with_nothing_listening_says_how_to_start_the_fake():
    port = _free_port()
    with pytest.raises(SetupProblem, match=f"dlc-stack fake start --port {port}`"):
        _check_fake(None, {"dlc:endpoint": f"http://127.0.0.1:{port}"})
    _check_fake(None, {"dlc:endpoint": "https://pai-dlc.cn-hangzhou.aliyuncs.com"})  # remote: not checked
    _check_fake(None, {})


def test_parser_commands():
    parser = build_parser()
    args = parser.parse_args(["-s", "prod", "run", "--keep"])
    assert (args.stack, args.command, args.keep) == ("prod", "run", True)
    assert parser.parse_args(["logs", "-f"]).follow is True
    assert parser.parse_args(["fake", "start"]).port == fake_server.DEFAULT_PORT


def test_module_entry_point_prints_help():
    proc = subprocess.run([sys.executable, "-m", "dlc_provider.cli", "--help"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0 and "dlc-stack" in proc.stdout
